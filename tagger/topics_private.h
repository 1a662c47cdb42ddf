/*
 * topics_private — what the files of the topic classifier share and
 * nobody else sees: the model file's layout (read by topics_model.c,
 * written by topics_train.c), the feature extractor (topics_features.c)
 * and the scoring (topics.c) that the trainer's calibration reuses.
 *
 * Model file
 * ----------
 * Little-endian, 8-byte aligned sections, read into memory and used in
 * place (but the weights, which a loaded model copies to huge pages with
 * its run-time cluster table at its first use, topics_model.c):
 *
 *   header   magic "TGTOPIC\n", version, sizes, feature flags, temperature,
 *            language, a 64-bit checksum of the whole file (this field as
 *            0), the normalization fingerprint
 *   labels   per label: label and IPTC code (string offsets), bias, scale
 *   patterns string offsets of the boilerplate patterns
 *   strings  NUL-terminated UTF-8
 *   weights  int8 [buckets][labels]: w_fc = q_fc * scale_c
 *   idf      uint8 [buckets], only with the idf flag: idf_f = q_f / 16
 *   clusters [2^cluster bits] slots of 16 bytes, only with the clusters
 *            flag: a word hash (tg_fnv1a of its normalized form, 0 read
 *            as 1; 0 an empty slot) and up to 4 cluster ids (granularities;
 *            0xFFFF none), open addressing with linear probing from
 *            tg_fmix64(key) — the layout of the entity models' table, whose
 *            table a trainer copies (topics_train.c)
 *
 * Version 3 adds the fingerprint of the normalization tables the features
 * were hashed with (tg_normalize_fingerprint): a model whose fingerprint
 * is not this tagger's is refused, since its words would no longer meet
 * the text.  Versions 1 and 2 (the same header without it, 64 bytes) are
 * refused with a message asking to rebuild.  Version 4 adds the word
 * cluster table and its header field (the former reserved 0, which version
 * 3 files still have: they are read as before).  Flags the reader does not
 * know are refused.
 *
 * Weights are centered per bucket (softmax does not change when the same
 * amount is added to every label of a feature) and quantized to 8 bits per
 * label with a per-label scale, so 2^18 buckets and 8 labels take 2 MB.  A
 * bucket's labels are adjacent: scoring a token reads one cache line.
 * Loading checks the magic, version, byte order, every size against the
 * file size, every string offset, the checksum and the fingerprint, so a
 * truncated, corrupt, hostile or stale file is rejected with a message
 * naming it, never read past.
 */
#ifndef TG_TOPICS_PRIVATE_H
#define TG_TOPICS_PRIVATE_H

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "normalize.h"
#include "tagger.h"
#include "tokenize.h"
#include "topics.h"

/* x86 builds also compile a few loops for AVX2 and choose them at run
 * time (__builtin_cpu_supports); -DTAGGER_PORTABLE=ON keeps only the plain
 * code. */
#if (defined(__x86_64__) || defined(__i386__)) && !defined(TAGGER_PORTABLE)
#define TOPIC_AVX2_DISPATCH 1
#endif

/* ----------------------------------------------------------- model file */

#define TOPIC_MAGIC "TGTOPIC\n"
#define TOPIC_VERSION 5u /* 5: datafile.c's four-chain checksum, with or without
                            clusters; 3 (no clusters), 4: the checksum before (refused
                            as older); 1, 2: without the fingerprint (refused) */
#define TOPIC_ENDIAN 0x01020304u
#define TOPIC_MAX_LABELS 255u
#define TOPIC_MAX_PATTERNS 65536u
#define TOPIC_MAX_STRINGS (1u << 24)
#define TOPIC_MIN_BITS 8u
#define TOPIC_MAX_BITS 24u
#define TOPIC_FLAG_PAIRS 1u  /* word pairs are features */
#define TOPIC_PREFETCH_AHEAD 8u /* features ahead whose weight row is prefetched */
#define TOPIC_ROW_PAD 16u /* bytes readable from the start of any weight row (tg_topic_score) */
#define TOPIC_ROW_WIDE 16u /* a loaded model's row stride for 9 to 16 labels (topics_model.c) */
#define TOPIC_FLAG_IDF 2u    /* x_f = log(1 + count) * idf_f; an idf section */
#define TOPIC_FLAG_STEMS 4u  /* light-stemmed Persian words are features too */
#define TOPIC_FLAG_GRAMS 8u  /* character 4-grams of words are features too */
#define TOPIC_FLAG_TRUNC 16u /* the first 5 letters of longer words too */
#define TOPIC_FLAG_CLUSTERS 32u /* word cluster ids are features; a cluster section */
#define TOPIC_FLAG_SHORT 64u /* the character pieces (GRAMS, TRUNC) only for documents
                                of at most TOPIC_SHORT_TOKENS tokens */
#define TOPIC_FLAGS_ALL 127u
#define TOPIC_SHORT_TOKENS 150u /* a headline and a lede: AG News items are 11 to 137
                                   words, BBC articles 84 and more */
#define TOPIC_MIN_CLUSTER_BITS 4u
#define TOPIC_MAX_CLUSTER_BITS 24u
#define TOPIC_CLUSTER_LEVELS 4u      /* ids per slot */
#define TOPIC_CLUSTER_NONE 0xFFFFu   /* no id at this level */
#define TOPIC_IDF_ONE 16.0 /* idf_f = q_f / 16, q_f a byte */

typedef struct {
    char magic[8];
    uint32_t version, endian;
    uint64_t file_size;
    uint64_t checksum; /* of the whole file, this field read as 0 */
    uint32_t nlabels, bucket_bits, npatterns, string_bytes;
    uint32_t flags;
    float temperature;
    char lang[8];
    uint32_t fingerprint; /* tg_normalize_fingerprint() of the trainer */
    uint32_t clusters;    /* with the clusters flag: the table's slot bits (bits
                             0-7) and the levels used as features (bits 8-11,
                             bit 8 + l for level l); 0 without it */
} tg_topic_header;        /* 72 bytes */

/* A slot of the word cluster table (the layout of tg_ner_cslot). */
typedef struct {
    uint64_t key;
    uint16_t id[TOPIC_CLUSTER_LEVELS];
} tg_topic_cslot; /* 16 bytes */

#define TOPIC_CLUSTER_BITS(h) ((h)->clusters & 0xFFu)
#define TOPIC_CLUSTER_USE(h) ((h)->clusters >> 8 & 0xFu)

typedef struct {
    uint32_t label, iptc; /* string offsets */
    float bias, scale;
} tg_topic_label;

/* Byte offsets of the sections, and the file size. */
typedef struct {
    size_t labels, patterns, strings, weights, idf, clusters, total;
} tg_topic_layout;

tg_topic_layout tg_topic_layout_of(const tg_topic_header *h);

/* ------------------------------------------------------------- features */

typedef struct {
    uint64_t *words; /* word hashes */
    uint32_t n;
    int star;        /* also drop the words up to the next punctuation */
} tg_topic_pattern;

#define TOPIC_BLOOM_WORDS 64u /* 4,096 bits */

/* The bit of two_bloom (below) of a pattern's first two words' hashes. */
static inline unsigned tg_topic_two_words(uint64_t first, uint64_t second)
{
    return (unsigned)((first + second * 0x9E3779B97F4A7C15ull) * 0xC2B2AE3D27D4EB4Full >> 52);
}

/* What feature extraction needs: shared by a loaded model and a trainer. */
typedef struct {
    uint32_t mask; /* buckets - 1 */
    uint32_t flags;
    tg_topic_pattern *patterns; /* by first word; in the order added among equals */
    size_t npatterns;
    /* bit (first word hash & 4095) of every pattern: with the 45 built-in
     * patterns about 1% of words reach the pattern loop, not half of them
     * as with a 64-bit filter (the loop was a third of the classifier's
     * instructions) */
    uint64_t first_bloom[TOPIC_BLOOM_WORDS];
    /* bit tg_topic_two_words(first, second) of every pattern, its second
     * word 0 for a pattern of one word: a first word that passed the
     * filter above (4% of Persian words: «به» of «به گزارش») reaches the
     * pattern loop only when a pattern may start there */
    uint64_t two_bloom[TOPIC_BLOOM_WORDS];
    /* with TOPIC_FLAG_CLUSTERS: the word cluster table (borrowed), its
     * slots - 1 and the levels whose ids are features (bit l: level l) */
    const tg_topic_cslot *cslot;
    uint32_t cmask;
    unsigned cuse;
    /* the table a word is looked up in, made by tg_topic_clusters_ready
     * (topics_features.c): per slot of cslot, at the same place, cstride
     * (1, 2 or 4) uint64s holding its word's key check and the buckets of
     * its cluster features, so that a word reads 8 bytes with one level in
     * use (the Persian model's table: 512 KB instead of 1 MB of slots and
     * 1 MB of buckets); the same size and probing as cslot */
    uint64_t *cword;
    unsigned cstride;
    int cword_owned; /* cword is freed by tg_topic_features_clear */
    /* a loaded model's weight rows (NULL in a trainer) and the bytes from
     * one to the next (tg_topic_row_stride): counting prefetches the row
     * of every new feature, so the scoring that follows finds them in the
     * cache */
    const int8_t *rows;
    size_t row_bytes;
} tg_topic_features;

/* The bytes of the run-time cluster table of fs->cmask and fs->cuse. */
size_t tg_topic_clusters_bytes(const tg_topic_features *fs);
/* Makes fs->cword from fs->cslot, cmask, cuse and mask, in `table`
 * (tg_topic_clusters_bytes of room, 8-byte aligned, owned by the caller)
 * or, when it is NULL, in memory of its own (tg_datafile_table_alloc): the
 * cluster features' buckets hashed once per word of the table rather than
 * per token.  TAGGER_OK or TAGGER_ERR_NOMEM. */
tagger_status tg_topic_clusters_ready(tg_topic_features *fs, uint64_t *table);

/* A slot of the calling thread's counting table (topics_features.c,
 * "Counting"): 0 when empty, else a bucket + 1 in the low 32 bits and the
 * document's count of it in the high 32.  The table is the document's own
 * (1.5 times its list of features, rounded up to a power of two: 16 KB for
 * an article), not one entry per bucket (512 KB for 2^18 buckets, read at
 * random); a document whose list of features passes
 * TOPIC_TABLE_LIST_MAX is counted in a table of its own. */
typedef uint64_t tg_topic_count;
/* The longest list of features counted in the table (of 128 Ki slots, 1 MB,
 * at most). */
#define TOPIC_TABLE_LIST_MAX UINT16_MAX

/* One feature of a document: its bucket and its count, or once weighed
 * its value; while its count is in the counting table (tg_topic_extract_counts),
 * its slot there instead. */
typedef struct {
    uint32_t bucket;
    union {
        float value;
        uint32_t slot;
    };
} tg_topic_feat;

/* Tokenizes the boilerplate pattern `s` with `nz` and `tk` into
 * fs->patterns (a pattern without words is left out; a trailing " *" is the
 * star).  Returns the status of normalizing (TAGGER_ERR_INVALID_UTF8 for a
 * pattern that is not UTF-8) or TAGGER_ERR_NOMEM. */
tagger_status tg_topic_pattern_add(tg_topic_features *fs, const tg_normalizer *nz,
                                   const tg_tokenizer *tk, const char *s, tagger_error *err);
void tg_topic_features_clear(tg_topic_features *fs);

/* The feature vector of a tokenized text: distinct buckets in first-seen
 * order with their counts as values, not yet weighed.  `hashes` holds the
 * tokens' word hashes (tg_fnv1a of their normalized bytes) when the caller
 * has them, else NULL.  *out is malloc'd (NULL when there are no
 * features).  TAGGER_OK or TAGGER_ERR_NOMEM. */
tagger_status tg_topic_extract(const tg_topic_features *fs, const char *ntext,
                               const tagger_token *toks, size_t n, const uint64_t *hashes,
                               tg_topic_feat **out, size_t *nout);

/* tg_topic_extract but for the counts, which it leaves in the calling
 * thread's counting table, *idx: the count of f[i] is (*idx)[f[i].slot] >> 32,
 * and the caller must set every such slot back to 0 before the thread
 * counts again (the scoring reads and clears them in one pass, topics.c);
 * or, for a document of more than TOPIC_TABLE_LIST_MAX features with repeats,
 * *idx NULL and the counts as f's values.  *out is the thread's too (not
 * to be freed; its slots, not values, set with a table), until the thread's
 * next extraction.  What tg_topic_classify reads. */
tagger_status tg_topic_extract_counts(const tg_topic_features *fs, const char *ntext,
                                     const tagger_token *toks, size_t n, const uint64_t *hashes,
                                     tg_topic_feat **out, size_t *nout, tg_topic_count **idx);

/* log(1 + k) for k below 64, the common count, without a libm call; its
 * square (in double) and its float. */
extern const double tg_topic_log1p_small[64];
extern const double tg_topic_log1p_square[64];
extern const float tg_topic_log1p_float[64];

/* The weight of a feature counted `count` times: log(1 + count), times the
 * idf of its bucket when given (q / 16 per bucket). */
static inline double tg_topic_weight(const uint8_t *idf, uint32_t bucket, float count)
{
    double v = count < 64.0f ? tg_topic_log1p_small[(int)count] : log1p((double)count);
    return idf ? v * (idf[bucket] / TOPIC_IDF_ONE) : v;
}

/* Weighs extracted features in place (tg_topic_weight), then scales the
 * vector to unit Euclidean length. */
void tg_topic_weigh(const uint8_t *idf, tg_topic_feat *f, size_t m);

/* The built-in boilerplate patterns, NULL-terminated (Persian agencies and
 * a few English wire credits), which a trainer writes into its model. */
extern const char *const tg_topic_default_boilerplate[];

/* ---------------------------------------------------------------- verse */

/* Adds the verse counts of a tokenized text to *v (topics_verse.c). */
void tg_topic_verse_add(const char *ntext, const tagger_token *toks, size_t n,
                        tg_topic_verse *v);
/* Whether counts say verse: the text gets no topic. */
int tg_topic_is_verse(const tg_topic_verse *v);

/* ---------------------------------------------------------------- model */

/* A loaded model: the file in memory, its sections in place. */
struct tg_topic_model {
    const unsigned char *base; /* malloc'd, freed with the model */
    size_t size;
    const tg_topic_header *h;
    const tg_topic_label *labels;
    const char *strings;
    const int8_t *weights; /* in hot, or in the image (topics_model.c) */
    /* the weights section copied out of the file into a block from
     * tg_datafile_table_alloc (huge pages), for a tagger of few documents
     * followed by the run-time cluster table (fs.cword; else its own);
     * NULL when the rows are read in place; NULL, with weights, fs.rows
     * and fs.cword, until tg_topic_model_ready */
    unsigned char *hot;
    int few_documents; /* tg_load_options: hot on 4 KiB pages */
    pthread_mutex_t lock; /* taken by tg_topic_model_ready while not ready */
    atomic_int ready;
    const uint8_t *idf; /* NULL without TOPIC_FLAG_IDF */
    tg_topic_features fs;
};

/* The bytes from one weight row to the next in a loaded model of `nlabels`
 * labels: TOPIC_ROW_WIDE for 9 to 16 labels, so that no row lies across
 * two cache lines (topics_model.c); else nlabels, the file's. */
static inline size_t tg_topic_row_stride(size_t nlabels)
{
    return nlabels > 8 && nlabels <= TOPIC_ROW_WIDE ? TOPIC_ROW_WIDE : nlabels;
}

/* Makes the model's block of rows and cluster table (above), once for all
 * threads: call before the first use of weights, fs.rows or fs.cword.
 * TAGGER_ERR_NOMEM when there is no memory for it (tried again at the
 * next call). */
tagger_status tg_topic_model_ready(const tg_topic_model *m);

/* -------------------------------------------------------------- scoring */

/* Softmax of s[0..n) / temp into p (stable). */
void tg_topic_softmax(const double *s, size_t n, double temp, double *p);

/* Label scores s[0..nlabels) of a weighed feature vector times `xscale`
 * with the int8 weights `w` and the labels' biases and scales;
 * acc[nlabels] is scratch.  TOPIC_ROW_PAD bytes from the start of every
 * row of `w` must be readable (the rows are read 16 bytes at a time): a
 * block of weights is allocated that much longer. */
void tg_topic_score(const int8_t *w, const tg_topic_label *lab, size_t nlabels,
                    const tg_topic_feat *f, size_t nf, double xscale, float *acc, double *s);

#endif /* TG_TOPICS_PRIVATE_H */
