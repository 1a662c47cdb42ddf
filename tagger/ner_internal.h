/*
 * ner_internal.h — what the entity recognizer's files share (ner.h has the
 * overview), included by ner_*.c and ner.c only:
 *
 *   - the model file's header, its cluster table slots and section layout,
 *     the loaded model and its pool of decoding workspaces (ner_model.c);
 *   - tags: the scheme, the transitions allowed, Viterbi and the spans of
 *     a tag sequence (ner_tags.c);
 *   - features: the per-document buffers (with the memo of a document's
 *     words and the word cache), the feature ids of a segment of tokens,
 *     and the prediction history (ner_features.c).
 *
 * Decoding and training see the same features and the same Viterbi; the
 * model's weights are int8 in the file (ner_model.c sums them) and floats
 * while training (ner_train.c sums its own).
 */
#ifndef TG_NER_INTERNAL_H
#define TG_NER_INTERNAL_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "ner.h"
#include "tokenize.h"

#define NER_MAGIC "TGNER\0\0\n"
#define NER_VERSION 4u /* 4: datafile.c's four-chain checksum */
#define NER_ENDIAN 0x01020304u
#define NER_MAX_LABELS 8u
#define NER_MAX_TAGS (1u + 4u * NER_MAX_LABELS)
#define NER_MIN_BITS 10u
#define NER_MAX_BITS 24u
#define NER_MAX_STRINGS 4096u
#define NER_SEGMENT 512 /* longest token run decoded at once */
#define NER_NEG_INF (-1e30f)
#define NER_MAX_CLUSTER_LEVELS 4u
#define NER_MIN_CLUSTER_BITS 4u
#define NER_MAX_CLUSTER_BITS 24u
#define NER_CLUSTER_NONE 0xFFFFu /* a word not in the table */

/* x86 builds also compile AVX2 versions of the Viterbi recursion and the
 * row sums and choose them at run time; -DTAGGER_PORTABLE=ON (the sanitizer
 * build) keeps only the plain code, so the tests cover both. */
#if (defined(__x86_64__) || defined(__i386__)) && !defined(TAGGER_PORTABLE)
#define NER_AVX2_DISPATCH 1
#endif

/* ------------------------------------------------------- file (ner_model.c) */

typedef struct {
    char magic[8];
    uint32_t version, endian;
    uint64_t file_size;
    uint64_t checksum; /* of the whole file, this field read as 0 */
    uint32_t bucket_bits, nlabels, ntags, scheme;
    uint32_t string_bytes;
    uint32_t cluster_bits;   /* 2^bits slots in the word cluster table; 0: none */
    uint32_t cluster_levels; /* cluster ids per word (granularities), 0..4 */
    uint32_t cluster_window; /* cluster features of tokens i-w .. i+w, 0..2 */
    char lang[8];
    uint32_t history;          /* 1: prediction history features (documents in order) */
    uint32_t norm_fingerprint; /* tg_normalize_fingerprint() of the trainer; 0: before
                                  it was recorded */
} tg_ner_header; /* 80 bytes */

/* A slot of the word cluster table: the word's hash (tg_fnv1a of its
 * normalized form, 0 read as 1; 0 marks an empty slot) and its cluster id
 * at each granularity.  Open addressing, linear probing from
 * tg_fmix64(key) & (slots - 1). */
typedef struct {
    uint64_t key;
    uint16_t id[NER_MAX_CLUSTER_LEVELS];
} tg_ner_cslot; /* 16 bytes */

typedef struct {
    const tg_ner_cslot *slot; /* NULL: no clusters */
    size_t mask;              /* slots - 1 */
    unsigned levels, window;
} tg_ner_clusters;

/* The key of word hash w in the cluster table (0 marks an empty slot). */
static inline uint64_t tg_ner_cluster_key(uint64_t w)
{
    return w ? w : 1;
}

typedef struct {
    size_t labels, scales, trans, final, strings, weights, clusters, total;
} tg_ner_layout;

/* Bytes per weight row: 8 or 16 (the vector widths tg_ner_emit adds at
 * once, the rest zero) for up to 8 or 16 tags, else the tags. */
size_t tg_ner_row_stride(unsigned ntags);
/* Where the sections of a file with header h start, and its size. */
tg_ner_layout tg_ner_layout_of(const tg_ner_header *h);

/* ------------------------------------------------------- tags (ner_tags.c) */

enum { NER_SCHEME_BIO = 0, NER_SCHEME_BILOU = 1 };
enum { NER_POS_B = 0, NER_POS_I = 1, NER_POS_L = 2, NER_POS_U = 3 };

/* Tags of a scheme with nlabels labels: O, then per label B, I (BIO) or B,
 * I, L, U (BILOU). */
static inline unsigned tg_ner_ntags(unsigned nlabels, unsigned scheme)
{
    return 1 + nlabels * (scheme == NER_SCHEME_BILOU ? 4 : 2);
}

/* The label (0-based) and position of a tag other than O. */
static inline void tg_ner_tag_split(unsigned tag, unsigned scheme, unsigned *label,
                                    unsigned *pos)
{
    unsigned per = scheme == NER_SCHEME_BILOU ? 4 : 2;
    *label = (tag - 1) / per;
    *pos = (tag - 1) % per;
}

/* The tag of a label and position (BIO: L is I, U is B). */
static inline unsigned tg_ner_tag_make(unsigned label, unsigned pos, unsigned scheme)
{
    if (scheme == NER_SCHEME_BILOU)
        return 1 + label * 4 + pos;
    return 1 + label * 2 + (pos == NER_POS_I || pos == NER_POS_L ? 1 : 0);
}

/* Which tag may follow which: allowed[prev * T + cur] (prev T: the start
 * state), and allowed_end[tag] before the end state. */
typedef struct {
    unsigned T, scheme;
    unsigned char allowed[(NER_MAX_TAGS + 1) * NER_MAX_TAGS];
    unsigned char allowed_end[NER_MAX_TAGS];
} tg_ner_tag_rules;

void tg_ner_tag_rules_init(tg_ner_tag_rules *tr, unsigned T, unsigned scheme);

/* Best allowed tag sequence of n tokens (n ≥ 1) into out: emit[n][T],
 * trans[T+1][T] (row T the start state), final[T]; delta and back are
 * scratch of n*T.  Ties go to the lower tag. */
void tg_ner_viterbi(const tg_ner_tag_rules *tr, const float *emit, size_t n, const float *trans,
                    const float *final, float *delta, uint8_t *back, uint8_t *out);
/* The transitions with the forbidden ones at NER_NEG_INF (ok, (T+1)*T), and
 * for 13-tag BILOU the same as rows for the AVX2 decoder's two groups of
 * tags (gopen: the opening tags' from each closing tag, gin: the inside
 * tags' from their label's B and I; ner_tags.c).  A model makes them once
 * at load. */
#define NER_BILOU3_PREDS 7
typedef struct {
    float ok[(NER_MAX_TAGS + 1) * NER_MAX_TAGS];
    float gopen[NER_BILOU3_PREDS][8];
    float gin[2][8];
} tg_ner_allowed;

/* Fills a from trans; tg_ner_viterbi_ok is tg_ner_viterbi with them. */
void tg_ner_viterbi_allowed(const tg_ner_tag_rules *tr, const float *trans, tg_ner_allowed *a);
void tg_ner_viterbi_ok(const tg_ner_tag_rules *tr, const float *emit, size_t n,
                       const tg_ner_allowed *a, const float *final, float *delta, uint8_t *back,
                       uint8_t *out);

/* Calls fn for each entity [first, last] of a tag sequence (indices into
 * tags) and its label; stops with 0 when fn returns 0. */
int tg_ner_tags_to_spans(const uint8_t *tags, size_t n, unsigned scheme,
                         int (*fn)(void *ctx, size_t first, size_t last, unsigned label),
                         void *ctx);

/* Scratch for decoding one segment of up to NER_SEGMENT tokens. */
typedef struct {
    float *emit, *delta;
    uint8_t *back, *tags;
} tg_ner_scratch;

int tg_ner_scratch_alloc(tg_ner_scratch *s, unsigned T); /* 0: out of memory */
void tg_ner_scratch_free(tg_ner_scratch *s);

/* -------------------------------------------------- features (ner_features.c) */

/* Prediction history: what the model tagged each word of the document so
 * far.  A word's mask has bit 0 for O and, for label l, bit 1 + 2l at the
 * first token of an entity and bit 2 + 2l inside one. */
#define NER_HIST_MAX_FEATS (2 * NER_MAX_LABELS + 1)

typedef struct {
    uint32_t key, gen, mask;
} tg_ner_hist_slot;

typedef struct {
    tg_ner_hist_slot *slot;
    size_t cap;   /* slots in use for this document, a power of two */
    size_t alloc; /* slots allocated */
    uint32_t gen;
} tg_ner_history;

/* Slot arrays of at most this many bytes are cleared by hand for each
 * document (which brings them into cache); larger ones come zeroed from
 * calloc, whose pages cost memory only once touched. */
#define NER_CLEAR_BYTES 262144u

/* A zeroed array of n elements of `size` bytes from calloc, `old` freed;
 * NULL (old kept) when out of memory. */
static inline void *tg_ner_zeroed(void *old, size_t n, size_t size)
{
    void *p = calloc(n, size);
    if (p)
        free(old);
    return p;
}

/* The history table (ner_history.c).  Starts a document of at most n
 * distinct words; 0 when out of memory. */
int tg_ner_history_reset(tg_ner_history *h, size_t n);
void tg_ner_history_free(tg_ner_history *h);
/* The history features of word hash w (hashes before bucketing) into hs
 * (room for NER_HIST_MAX_FEATS); returns how many. */
size_t tg_ner_history_features(const tg_ner_history *h, uint64_t w, uint64_t *hs);
/* Records the tags of a decoded run of n words. */
void tg_ner_history_record(tg_ner_history *h, const uint64_t *w, const uint8_t *tags, size_t n,
                           unsigned scheme);

/* A feature attached to one token by a gazetteer candidate or rule match. */
typedef struct {
    uint32_t tok;  /* (a document's input offsets are 32-bit: tg_normtext) */
    uint32_t next; /* with sums: 1 + the token's extra made before it, 0 none */
    uint64_t h;
} tg_ner_extra;

/* The features of a word that do not depend on where it stands, as the
 * low 32 bits of their hashes (a bucket id is hash & mask, mask < 2^32).
 * naff and zw first: of a word found in the word cache, with sums, only
 * they are written (tg_ner_wcache_get), on the line of the memo's fields
 * of tg_ner_word, not on one of their own 128 bytes on. */
typedef struct {
    uint8_t naff;       /* prefix and suffix features in aff */
    uint8_t zw;         /* its ZWNJ features (F_ZW, F_ZW_FIRST, F_ZW_LAST): 3 when
                           ZWNJs of its input bytes split it, else 0 */
    uint32_t fw[5];     /* the word as F_W0, F_WM1, F_WP1, F_WM2, F_WP2 */
    uint32_t aff[7];    /* prefixes of 1-3, suffixes of 1-4 code points */
    uint32_t shape[4];  /* its shape as F_SHAPE, F_SHAPE_W0 (with the word),
                           F_SHAPE_M1, F_SHAPE_P1 */
    uint32_t len;       /* F_LEN */
    uint16_t cid[NER_MAX_CLUSTER_LEVELS]; /* its cluster ids */
} tg_ner_wfeat;         /* 80 bytes */

/* One distinct word of a document (its normalized bytes and its input
 * bytes) and its features, hashed once for all its tokens (the
 * per-document memo of ner_features.c). */
typedef struct {
    uint64_t w;         /* tg_fnv1a of the normalized bytes (its key: w | 1) */
    size_t ns, is;      /* its first token's normalized and input bytes */
    uint32_t nlen, ilen;
    uint32_t group;     /* the first word of the same key (labels spread by key) */
    uint32_t wslot;     /* its place in the word cache */
    uint64_t ckey;      /* its key there: w | 1, or with input bytes other than
                           its normalized ones, those mixed in too */
    uint8_t same;       /* its input bytes are its normalized ones */
    uint8_t tagged;     /* its way in the word cache has its tag (tg_ner_wcache_place) */
    tg_ner_wfeat f;
    uint32_t cl[5][NER_MAX_CLUSTER_LEVELS]; /* its cluster features at offsets -2 .. 2
                                               (with sums made for new words only) */
    uint32_t zwf[3];    /* its f.zw ZWNJ features (made for new words only) */
    uint32_t pad_[8];   /* to 256 bytes, in an array on a 64-byte boundary
                           (reserve_tokens): a word's first 54 bytes, all that
                           is read and written of a word found in the word
                           cache, are then one line (at 224 bytes, every other
                           word's were two) */
} tg_ner_word;
_Static_assert(sizeof(tg_ner_word) == 256, "tg_ner_word: four lines");

/* The weight rows of a word's features at one offset from a token, added
 * as 16 int16 lanes (decoding with a model of 16-byte rows; ner_features.c). */
typedef struct {
    int16_t v[16];
} tg_ner_sum16; /* 32 bytes */

/* Rows kept summed for decoding: token kinds (3 templates of 10 values), sentence
 * positions (4), the sentence's last token, document labels (32), the history
 * masks below NER_KT_HIST. */
#define NER_KT_HIST 128u
#define NER_KTAB (30u + 4u + 1u + 32u + NER_KT_HIST)
/* The same rows added once per token place: the three kinds (the token's,
 * its neighbours', each one of the four token kinds or, for a neighbour,
 * the sentence's end: 5 codes), the sentence position and the sentence's
 * last token (the right neighbour's end). */
#define NER_KPLACE (5u * 5u * 5u * 4u)

/* A slot of the word cache, which keeps the features of words across
 * documents (ner_features.c): the word's key (its ckey), its normalized
 * bytes and, when they differ, its input bytes (NER_WCACHE_BYTES at most
 * together), and of its features the two a decoder with sums reads (the
 * others, for training and models without sums, in an array beside:
 * fb->wcf): one cache line.  16 bits of the key are the set's tag
 * (fb->wtag, tg_ner_wcache_tag). */
#define NER_WCACHE_BYTES 51
typedef struct {
    uint64_t key;
    uint8_t nlen, ilen, same; /* same: the input bytes are the normalized ones */
    uint8_t naff, zw;         /* its f.naff and f.zw */
    char bytes[NER_WCACHE_BYTES];
} tg_ner_wcache_slot; /* 64 bytes */
_Static_assert(sizeof(tg_ner_wcache_slot) == 64, "tg_ner_wcache_slot: one line");

/* The word cache's slots (ner_wcache.c): sets of four. */
#define NER_WCACHE_SLOTS 16384u

/* The feature templates: a feature is a template and a value, hashed. */
enum {
    F_BIAS = 1, F_W0, F_WM1, F_WP1, F_WM2, F_WP2, F_PAIR_L, F_PAIR_R,
    F_PRE1, F_PRE2, F_PRE3, F_SUF1, F_SUF2, F_SUF3, F_SUF4,
    F_SHAPE, F_SHAPE_M1, F_SHAPE_P1, F_KIND, F_KIND_M1, F_KIND_P1,
    F_SENT_POS, F_SENT_LAST, F_LEN, F_ZW, F_ZW_FIRST, F_ZW_LAST,
    F_GAZ, F_GAZ_LEN, F_GAZ_SUFFIX, F_GAZ_PREV, F_GAZ_NEXT,
    F_RULE, F_RULE_NAME, F_RULE_PREV, F_RULE_NEXT,
    F_SHAPE_W0, F_DOC_GAZ, F_DOC_RULE,
    F_CL_M2, F_CL_M1, F_CL_0, F_CL_P1, F_CL_P2, /* cluster of the token at -2 .. +2 */
    F_HIST, F_HIST_ALL /* what the model said of the word earlier in the document */
};


static inline uint64_t tg_ner_feat(unsigned tmpl, uint64_t v)
{
    return tg_fmix64(v ^ ((uint64_t)tmpl * 0x9E3779B97F4A7C15ull));
}

static inline uint64_t tg_ner_combine(uint64_t a, uint64_t b)
{
    return tg_fmix64(a * 0x9E3779B97F4A7C15ull + b + 0x632BE59BD9B4E019ull);
}

/* Features that are one of a few values (the bias, token kinds, sentence
 * positions, boundaries …), hashed once per buffer. */
typedef struct {
    int ready;
    uint32_t bias, sent_last, zw, wm1, wp1, wm2, wp2, shape_m1, shape_p1; /* low bits */
    uint32_t kind[3][10]; /* F_KIND, F_KIND_M1, F_KIND_P1 of kinds 0..9 */
    uint32_t sent_pos[4];
    uint32_t doc[32];     /* F_DOC_GAZ of label bits 0-11, F_DOC_RULE of the rest */
    uint32_t len[11];     /* F_LEN of its values (0..5, 7, 10) */
    uint64_t shape[4];    /* the commonest word shapes' hashes ("a", "x", "Xx", "d") */
    uint32_t shape_f[4][3]; /* and their F_SHAPE, F_SHAPE_M1, F_SHAPE_P1 */
} tg_ner_fconst;

/* The extras of a label (ner_extras.c), hashed once per buffer: of a
 * gazetteer candidate's or a rule match's label, by the token's position
 * (B, I, L, U) and the alias's ambiguity or the match's confirm-only flag,
 * and the label's features next door. */
typedef struct {
    uint64_t pos[2][4]; /* F_GAZ or F_RULE of (label, flag), position */
    uint64_t lpos[4];   /* candidates: F_GAZ_LEN of label, position */
    uint64_t len[4];    /* candidates: F_GAZ_LEN of label, length 1 .. 4 (and more) */
    uint64_t prev, next, suffix;
} tg_ner_xlabel;

#define NER_XLABELS 13 /* label indices -1 .. 11, at index + 1 */

typedef struct {
    int ready;
    tg_ner_xlabel gaz[NER_XLABELS], rule[NER_XLABELS];
} tg_ner_xconst;

/* The features of a document, a segment at a time, and what they are made
 * of; zeroed to start, reused across documents, freed with
 * tg_ner_featbuf_free. */
typedef struct {
    uint32_t *f;     /* bucket ids */
    size_t nf, fcap;
    size_t *off;     /* [ntok + 1] into f */
    int own_first;   /* list the features of the word itself first (training) */
    uint8_t *nown;   /* [ntok] with own_first: how many they are */
    size_t offcap;
    tg_ner_extra *x; /* by token, sorted and unique; with sums in the order
                        made, each token's chained (xlast, next) */
    size_t nx, xcap;
    uint64_t *w;     /* [ntok] word hashes */
    uint32_t *wid;   /* [ntok] the token's word in `word` */
    uint32_t *labels; /* [ntok] labels of the candidates (bits 0-11) and
                         rule matches (bits 12-23) covering the token (with
                         its word's: tg_ner_token_labels) */
    size_t tokcap;
    tg_ner_word *word; /* the document's distinct words */
    size_t nword, wordcap;
    uint32_t *slot;    /* [slotcap] open addressing into word (index + 1; 0 empty) */
    size_t slotcap;
    tg_ner_extra *xsorted; /* scratch of sort_extras */
    size_t xsortcap;
    size_t *xstart;    /* [ntok + 1] where each token's extras start in x */
    uint32_t *xlast;   /* [ntok] with sums: 1 + the token's last extra in x, 0 none */
    uint32_t *pending; /* [ntok] words whose features are still to be made */
    uint32_t *hslot;   /* [ntok] a word's slot in the history table (tg_ner_history_doc) */
    uint32_t *gvals;   /* [nword] the labels of every token of the word (spread) */
    size_t gcap;
    tg_ner_fconst k;
    tg_ner_xconst xk;
    tg_ner_wcache_slot *wcache; /* NER_WCACHE_SLOTS, allocated at first use */
    tg_ner_wfeat *wcf;          /* [NER_WCACHE_SLOTS] their words' features (no sums) */
    uint16_t *wtag;             /* [NER_WCACHE_SLOTS] their tags, a set's together (0: empty) */
    uint8_t *worder;            /* [NER_WCACHE_SLOTS / 4] a set's ways by recency */
    tg_ner_clusters wcache_ct;  /* the cluster table its features were made with */
    uint32_t *clf;   /* cluster features [level][offset + 2][id] (the id
                        NER_CLUSTER_NONE at clf_ids - 1; a model's window
                        of offsets, at most 5, its ids side by side), or NULL */
    size_t clf_ids;
    const int8_t *prefetch; /* NULL, or weight rows asked for as ids are made */
    size_t prefetch_stride;
    /* Decoding with a model of 16-byte rows (`sums`, set with `prefetch`):
     * the rows of the features of a word alone are added once per word, for
     * each offset -2 .. 2 from a token it can stand at, and a token's
     * emission starts from the five sums of the words around it. */
    int sums;
    uint32_t sum_mask;       /* the model's bucket mask */
    int few_documents;       /* the model's: no word cache (caches_for) */
    int caches_made;         /* caches_for has run (wcache_ct is set) */
    tg_ner_sum16 (*wsum)[5]; /* [wsumcap] the sums of the document's words */
    size_t wsumcap;
    unsigned char *wcsum;    /* [NER_WCACHE_SLOTS] the sums of the word cache's words,
                                wcstride bytes each (ner_wcache.c) */
    size_t wcstride;         /* 160, or 128 with the sums at +-2 as int8 rows (wcnarrow) */
    int wcnarrow;
    tg_ner_sum16 *base;      /* [offcap] a segment token's five sums added */
    tg_ner_sum16 bnd[5];     /* past a sentence's ends: the boundary features' rows at
                                offsets -2, -1, +1, +2 (index offset + 2) */
    tg_ner_sum16 ktab[NER_KTAB]; /* rows of the features of few values (ner_features.c) */
    tg_ner_sum16 kplace[NER_KPLACE]; /* the kind and position rows of a token, added */
    int sums_ready;          /* bnd and ktab made */
} tg_ner_featbuf;

void tg_ner_featbuf_free(tg_ner_featbuf *fb);

/* The word cache (ner_wcache.c).  A word's set from the mix that places it
 * in the memo (kept in e->wslot until tg_ner_wcache_place makes it the
 * slot); the set's keys asked for (prefetched); the slot chosen and asked
 * for; its features when the slot has word e, 1 then (with sums: its sums
 * and, of its features, only f.naff and f.zw); word e's features kept.  s
 * and u: the word's normalized and input bytes. */
/* narrow: the sums at offsets -2 and +2 are each one weight row (no
 * cluster features there), kept as its 16 int8 bytes.  0: out of memory, no
 * cache. */
int tg_ner_wcache_alloc(tg_ner_featbuf *fb, int narrow);
void tg_ner_wcache_free(tg_ner_featbuf *fb);
#define NER_WCACHE_WAYS 4u
#define NER_WCACHE_SETS (NER_WCACHE_SLOTS / NER_WCACHE_WAYS)
static inline uint32_t tg_ner_wcache_set(uint64_t mix)
{
    return (uint32_t)(mix >> 32) & (NER_WCACHE_SETS - 1);
}
/* The tag of word key k in its set: 16 bits of it, never 0 (an empty way). */
static inline uint16_t tg_ner_wcache_tag(uint64_t k)
{
    return (uint16_t)(k >> 48) | 1u;
}
static inline void tg_ner_wcache_ask(const tg_ner_featbuf *fb, uint32_t set)
{
    __builtin_prefetch(&fb->wtag[(size_t)set * NER_WCACHE_WAYS]);
}
void tg_ner_wcache_place(tg_ner_featbuf *fb, tg_ner_word *e);
int tg_ner_wcache_get(const tg_ner_featbuf *fb, tg_ner_word *e, const char *s, const char *u,
                      tg_ner_sum16 *sum);
void tg_ner_wcache_keep(tg_ner_featbuf *fb, const tg_ner_word *e, const char *s, const char *u,
                        const tg_ner_sum16 *sum);

/* Whether a[0..n) and b[0..n) are equal, as memcmp() == 0 says, without
 * a call for the short strings words are: 8 bytes at a time, the last 8
 * (or 4) overlapping the ones before. */
static inline int tg_same_bytes(const char *a, const char *b, size_t n)
{
    uint64_t x, y;
    if (n >= 8) {
        for (size_t i = 0; i + 8 < n; i += 8) {
            memcpy(&x, a + i, 8);
            memcpy(&y, b + i, 8);
            if (x != y)
                return 0;
        }
        memcpy(&x, a + n - 8, 8);
        memcpy(&y, b + n - 8, 8);
        return x == y;
    }
    if (n >= 4) {
        uint32_t x0, y0, x1, y1; /* the first 4 bytes and the last 4 */
        memcpy(&x0, a, 4), memcpy(&y0, b, 4);
        memcpy(&x1, a + n - 4, 4), memcpy(&y1, b + n - 4, 4);
        return x0 == y0 && x1 == y1;
    }
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* Decoding: starts the history of the document fb has the words of (after
 * tg_ner_doc_features), each word's slot made, empty (mask 0: no history
 * yet), and kept in fb->hslot; 0 when out of memory. */
int tg_ner_history_doc(tg_ner_history *h, tg_ner_featbuf *fb);
/* tg_ner_history_record() of tokens [a, a + n) of that document. */
void tg_ner_history_record_doc(tg_ner_history *h, const tg_ner_featbuf *fb, size_t a,
                               const uint8_t *tags, size_t n, unsigned scheme);
/* The history slot of token i's word in that document, or NULL when the
 * word has none yet (its slot still empty). */
static inline const tg_ner_hist_slot *tg_ner_word_history(const tg_ner_featbuf *fb,
                                                          const tg_ner_history *h, size_t i)
{
    const tg_ner_hist_slot *sl = &h->slot[fb->hslot[fb->wid[i]]];
    return sl->mask ? sl : NULL;
}

/* Calls ROW(acc, hash) for each feature of word e at offset d (-2 .. 2) from
 * a token, acc being sums[d + 2]: the word, its affixes, shapes and length
 * class at 0; the word and shape (±1) and cluster ids (within the window)
 * elsewhere (ner_features.c asks for the rows, ner_wsums.c adds them). */
#define NER_WORD_ROWS(e, ct, sums, ROW)                                                    \
    do {                                                                                   \
        ROW(&(sums)[2], (e)->f.fw[0]);                                                     \
        for (unsigned j_ = 0; j_ < (e)->f.naff; j_++)                                      \
            ROW(&(sums)[2], (e)->f.aff[j_]);                                               \
        ROW(&(sums)[2], (e)->f.shape[0]);                                                  \
        ROW(&(sums)[2], (e)->f.shape[1]);                                                  \
        ROW(&(sums)[2], (e)->f.len);                                                       \
        ROW(&(sums)[1], (e)->f.fw[1]);                                                     \
        ROW(&(sums)[1], (e)->f.shape[2]);                                                  \
        ROW(&(sums)[3], (e)->f.fw[2]);                                                     \
        ROW(&(sums)[3], (e)->f.shape[3]);                                                  \
        ROW(&(sums)[0], (e)->f.fw[3]);                                                     \
        ROW(&(sums)[4], (e)->f.fw[4]);                                                     \
        if ((ct)->slot)                                                                    \
            for (long d_ = -(long)(ct)->window; d_ <= (long)(ct)->window; d_++)            \
                for (unsigned l_ = 0; l_ < (ct)->levels; l_++)                             \
                    ROW(&(sums)[d_ + 2], (e)->cl[d_ + 2][l_]);                             \
    } while (0)

/* The 16-byte weight row of feature hash h (decoding with sums). */
static inline const int8_t *tg_ner_row(const tg_ner_featbuf *fb, uint32_t h)
{
    return fb->prefetch + (size_t)(h & fb->sum_mask) * 16;
}

/* A weight row and a sum of rows (decoding with 16-byte rows): 16 int8 and
 * 16 int16 lanes, a sum handled through pointers (a 32-byte vector passed
 * by value changes the ABI without AVX). */
typedef int8_t tg_ner_v16qi __attribute__((vector_size(16)));
typedef int16_t tg_ner_v16hi __attribute__((vector_size(32)));

/* Adds the weight row of feature hash h to *acc. */
static inline void tg_ner_row_add(tg_ner_v16hi *acc, const tg_ner_featbuf *fb, uint32_t h)
{
    tg_ner_v16qi r;
    memcpy(&r, tg_ner_row(fb, h), sizeof r);
    *acc += __builtin_convertvector(r, tg_ner_v16hi);
}

/* The sums of word e's rows at each offset into out (NER_WORD_ROWS), with
 * the bias and its ZWNJ pieces in its own: at most 19 rows a sum
 * (ner_wsums.c; decoding with 16-byte rows). */
void tg_ner_word_sums(const tg_ner_featbuf *fb, const tg_ner_word *e, const tg_ner_clusters *ct,
                      tg_ner_sum16 *out);

/* Readies a document (word and shape hashes, cluster ids, the gazetteer
 * and rule features); 0 when out of memory. */
int tg_ner_doc_features(tg_ner_featbuf *fb, const tg_ner_input *in, const tg_ner_clusters *ct);

/* The gazetteer and rule features of a document into fb->x, by token, and
 * the label bits of its tokens into fb->labels and of its words into
 * fb->gvals (ner_extras.c); after the word memo (fb->word, fb->wid).  0
 * when out of memory. */
int tg_ner_collect_extras(tg_ner_featbuf *fb, const tg_ner_input *in);

/* Whether token i shares its labels with the other tokens of its word:
 * words of two or more bytes. */
static inline int tg_ner_spreads(const tg_ner_input *in, size_t i)
{
    return in->tokens[i].kind == TAGGER_TOKEN_WORD &&
           in->tokens[i].norm_end - in->tokens[i].norm_start >= 2;
}

/* The label bits of token i: its own (fb->labels), or of every token of its
 * word where it shares them (a spreading token whose word has none had
 * none of its own either). */
static inline uint32_t tg_ner_token_labels(const tg_ner_featbuf *fb, const tg_ner_input *in,
                                           size_t i)
{
    uint32_t v = fb->gvals[fb->wid[i]];
    return v && tg_ner_spreads(in, i) ? v : fb->labels[i];
}

/* The end of the segment starting at token a: the sentence's end, at most
 * NER_SEGMENT tokens on. */
size_t tg_ner_segment_end(const tg_ner_input *in, size_t a);

/* Bucket ids (hash & mask) of the features of tokens [a, b) into fb->f,
 * fb->off[0 .. b-a]; segments in order after tg_ner_doc_features; hist
 * NULL: no history features.  0 when out of memory. */
int tg_ner_segment_features(tg_ner_featbuf *fb, const tg_ner_input *in, size_t a, size_t b,
                            uint32_t mask, const tg_ner_clusters *ct,
                            const tg_ner_history *hist);

/* ------------------------------------------------------ model (ner_model.c) */

/* What decoding a document needs besides the model, kept from one document
 * to the next: the feature buffers (with their word cache), the Viterbi
 * scratch and the history table.  A decoding thread takes one from its
 * model's pool and gives it back, so threads never share one. */
typedef struct tg_ner_work {
    tg_ner_featbuf fb;
    tg_ner_scratch sc;
    tg_ner_history hist;
    struct tg_ner_work *next;
} tg_ner_work;

typedef struct {
    pthread_mutex_t lock;
    tg_ner_work *idle; /* a list */
    int rows_ready;    /* the model's rows moved to huge pages (ner_model.c) */
} tg_ner_pool;

struct tg_ner_model {
    const unsigned char *base; /* the file, read whole */
    const tg_ner_header *h;
    const float *scale, *trans, *final;
    const int8_t *w;  /* the weight rows: in hot, or in the file (until the first use) */
    int8_t *hot;      /* NULL, or the weight rows and cluster table on huge pages */
    int few_documents; /* tg_load_options: the rows stay in the file, no word
                          caches */
    size_t stride; /* bytes per weight row: 8, 16 or T */
    const char *labels[NER_MAX_LABELS];
    uint32_t mask;
    unsigned T, L;
    tg_ner_tag_rules rules;
    tg_ner_allowed ok; /* the allowed transitions (tg_ner_viterbi_allowed) */
    tg_ner_clusters clusters;
    tg_ner_pool *pool; /* workspaces of decoding threads */
};

/* tg_ner_model_open, where `unrecorded_ok` also takes a model whose
 * fingerprint is 0 (built before it was recorded): the trainer reusing an
 * older model's cluster table.  `lo` as for tg_ner_model_open. */
tg_ner_model *tg_ner_model_read(const char *path, int unrecorded_ok, const tg_load_options *lo,
                                tagger_error *err);

/* A workspace for decoding with m, from its pool or new (NULL when out of
 * memory), and giving it back (one grown past a large document is freed
 * instead, so that the pool's memory stays bounded). */
tg_ner_work *tg_ner_work_take(const tg_ner_model *m);
void tg_ner_work_give(const tg_ner_model *m, tg_ner_work *w);

/* Emission scores emit[n][T] of a segment whose features are in fb. */
void tg_ner_emit(const tg_ner_model *m, const tg_ner_featbuf *fb, size_t n, float *emit);

/* ner_context.c: linking rules that look past the model's span
 * (tg_ner_unit_entry is in ner.h). */
/* An entry that the context gives span s instead of `g` («سایپا» in a match
 * report: Saipa F.C.; «ایران» after «خبرنگار»: the newspaper; an unlinked place
 * «فارس»: «استان فارس», the province), copied to *out with the span's tokens;
 * 1 when there is one other than g.  The caller takes the entry's label. */
typedef struct tg_ner_context {
    uint32_t *football; /* per sentence, 1 + its words of football; 0 until counted */
    size_t nsent;
    int football_at;                   /* whether sent_first, sent_last are those of */
    size_t sent, sent_first, sent_last; /* sentence `sent` (the last one asked about) */
    void *scratch;      /* headed_in's tokens, offset map and text (the thread's */
    size_t scratch_len; /* block, scratch.h): each one's length, in entries */
    tg_gaz_match *m;    /* the gazetteer's matches there (tg_gazetteer_match's buffer, */
    size_t mcap;        /* taken from the thread's block, scratch.h) */
    const tg_gazetteer *gaz[16]; /* the gazetteers of the candidates and their layers, */
    int layer[16];               /* in order of first candidate (made at the first */
    size_t ngaz;                 /* lookup) */
    int gaz_made;
} tg_ner_context;
int tg_ner_context_entry(const tg_ner_input *in, tg_ner_context *c, const tg_ner_span *s,
                         const tg_gaz_match *g, tg_gaz_match *out);
void tg_ner_context_free(tg_ner_context *c);
/* Whether span s comes right after «نماد» in its sentence: a share's ticker
 * («نماد فارس»), a listed company and not the place the word names. */
int tg_ner_ticker(const tg_ner_input *in, const tg_ner_span *s);
/* Whether PERSON span s names a venue: one word (`unlisted`: no list names it but
 * through an ambiguous alias) right after a venue's head in its sentence («تئاتر»,
 * «تالار», «سالن», …: «تئاتر مولوی» is a theatre, not Rumi), or two or three words
 * right after «تالار», or «سالن» and not before «،» («تالار ناصر خسرو»). */
int tg_ner_venue_before(const tg_ner_input *in, const tg_ner_span *s, int unlisted);
/* Whether one-word span s comes right after a border's or customs' word in its
 * sentence («مرز بازرگان», «گمرک بازرگان», «پایانه مرزی X»): it names a place. */
int tg_ner_border_before(const tg_ner_input *in, const tg_ner_span *s);
/* Whether ORG span s is a news desk in a byline: «گروه» and at most three words
 * right after «گزارش» or «خبرنگار» («به گزارش گروه سلامت»); PEYMA tags those O. */
int tg_ner_desk(const tg_ner_input *in, const tg_ner_span *s);

/* ner_candidates.c: the gazetteer candidates of the merge (ner.c) and the evidence for
 * a link beyond the span.  The best candidate on exactly tokens first..last of
 * byfirst[0..n) (sorted by first token) for a model span of label `model` (any entry
 * when NULL; with `fac_only`, FAC entries only): not ambiguous first, then the whole
 * word before one that leaves a suffix («علی رضایی» before «علی رضا|یی»), then later
 * layer, then priority; an ambiguous one only on the whole word (the model's «مرکزی»,
 * Markazi, is not «مرکز|ی», a town called Merkez); a branch or outlet
 * (tg_ner_unit_entry) last.  With `state`, a first-level subdivision comes before all
 * that («Redmond, Washington»: the state, not the city).  Sets *label to the entry's. */
const tg_gaz_match *tg_ner_best_entry_in(const tg_gaz_match *const *byfirst, size_t n,
                                         size_t first, size_t last, const char *model,
                                         int fac_only, int state, const char **label);
/* The number of words of the first of heads[0..nheads) that norm[0..len) starts with
 * and goes on after (0: none; «تیم فوتبال » is two). */
size_t tg_ner_head_words(const char *norm, size_t len, const tg_word *heads, size_t nheads);
/* Answers that read every candidate of the document, kept for it: up to TG_RECORD_MEMO
 * of them (zeroed at the start of a document). */
#define TG_RECORD_MEMO 4
typedef struct {
    const void *gaz;
    uint32_t key; /* a record or an entity */
    int value;
} tg_record_answer;
typedef tg_record_answer tg_record_memo[TG_RECORD_MEMO];
/* Whether the document's candidates (in->gaz) name m's entry through an alias that is
 * neither ambiguous nor in need of evidence («شرکت کروز» before a lone «کروز»): evidence
 * for the whole document, as the filter reads it (tg_resolve_named_in_full); memoized per
 * entity. */
int tg_ner_named_plainly(const tg_ner_input *in, const tg_gaz_match *m, tg_record_memo memo);
/* A PERSON or ORG span's candidate g, or the namesake of its label on exactly the same
 * tokens that it yields to (any language): one whose ambiguous alias asks for evidence=
 * words and has them, in its sentence or at another mention of its record in the document (byfirst[0..n)):
 * "Brazilian striker Ronaldo", «رونالدو مهاجم برزیلی», Ronaldo Nazário, where the lists'
 * plain "Ronaldo" is Cristiano Ronaldo's; in its own sentence only when the document names
 * g's entity through a plain alias of more tokens («کریستیانو رونالدو»); with no words,
 * when the document names the namesake plainly before the mention and g's entity not in
 * full between them («مجلس شورای ملی» … «مجلس سوم»: the pre-1979 assembly's term, not the
 * Islamic Consultative Assembly's).  memo keeps the answers per record, `longer` and `named` (where the
 * document first names g's entity in full, the namesake's plainly) per entity. */
const tg_gaz_match *tg_ner_evidenced_namesake(const tg_ner_input *in,
                                              const tg_gaz_match *const *byfirst, size_t n,
                                              const tg_gaz_match *g, const char *norm,
                                              tg_record_memo memo, tg_record_memo longer,
                                              tg_record_memo named);
/* A place span that ends with the country the place lies in («ادلب سوریه», «شهر
 * تورنتو کانادا», «سیدنی استرالیا»: PEYMA's way of writing an address, which
 * split_countries keeps one span): the place entry on the words before the country
 * (from the span's first word, else after a head of an address: «شهر», «استان», …),
 * when the entry's iso= is in that country («کمبریج آمریکا» is no Cambridge of
 * England) or, for a town or a site (GPE, FAC) through an alias that is no common word
 * or given name, when it has none (the hand-written cities; not a region: «وزیر امور
 * خاورمیانه انگلیس» is Britain's minister for the Middle East).  Sets *label to the
 * entry's; NULL when there is none. */
const tg_gaz_match *tg_ner_place_in_country(const tg_gaz_match *const *byfirst, size_t n,
                                            const tg_ner_span *s, const char *norm,
                                            const char **label);

/* Whether a token kind is one a span neither starts nor ends on
 * (punctuation, a symbol). */
static inline int tg_ner_edge_kind(int kind)
{
    return kind == TAGGER_TOKEN_PUNCT || kind == TAGGER_TOKEN_SYMBOL;
}

/* Whether token t of `text` is a word that ends a firm's name ("Inc", "Corp", "Networks",
 * "Electronics"; ner_english_words.c): the list's "Nortel" names the model's "Nortel
 * Networks". */
int tg_ner_english_firm_word(const char *text, const tagger_token *t);
/* Whether token t is "The" with its capital (ner_english.c takes it into ORG names). */
int tg_ner_english_the(const char *text, const tagger_token *t);

/* The English rules' words (ner_english_words.c); `text` is the original text, and each
 * tests the token's text with its letter case. */
/* "ORG", the label of a span the rules made an organization by its words or its context
 * (not the model alone): org_consistency trusts it over a place.  Told apart by its
 * address, compared as text everywhere else. */
extern const char tg_en_evident_org[];
/* a capital, then a lower-case letter ("Ovitz") */
int tg_en_name_shaped(const char *text, const tagger_token *t);
/* capitals only, two letters or more ("EMC") */
int tg_en_all_capitals(const char *text, const tagger_token *t);
/* either of the two above: a word of a name */
int tg_en_name_word(const char *text, const tagger_token *t);
/* The last token of the run of capitalized words from token a on, in a's sentence, with
 * link words between them (not at its end); a - 1 when token a is none.  With `tc` NULL a
 * word is name-shaped and one "and", "of", "for" or "the" may stand between two.  With
 * the truecased text `tc`, a word is a name word in both texts right after a word or a
 * hyphen, "of", "for" and "and" stand after a space, several in a row, and a hyphen
 * inside a word joins ("Anti-Doping"). */
size_t tg_en_name_run(const char *text, const char *tc, const tagger_token *tokens,
                      size_t ntokens, size_t a);
/* qsort order of spans by their first token */
int tg_en_cmp_span_first(const void *a, const void *b);
/* exactly w, letter case included (inline: asked about most tokens with a literal w,
 * whose first byte and length the compiler knows) */
static inline int tg_en_token_is(const char *text, const tagger_token *t, const char *w)
{
    if (text[t->start] != w[0]) /* most tokens differ at once */
        return 0;
    size_t n = strlen(w);
    return t->end - t->start == n && memcmp(text + t->start, w, n) == 0;
}
/* w, or w with a capital for its lower-case first letter ("analysts", "Analysts") */
int tg_en_token_is_word(const char *text, const tagger_token *t, const char *w);
/* one of words[0..n) */
int tg_en_word_in(const char *text, const tagger_token *t, const char *const *words, size_t n);
/* a word that ends organizations' names: 2 for a firm's ("Inc", "Networks"), 1 for
 * another organization's ("Group", "Party", "Authority"), else 0 */
int tg_en_company_word(const char *text, const tagger_token *t);
/* a first name of english_first_names.h */
int tg_en_first_name(const char *text, const tagger_token *t);
/* a building's, street's, prize's or work's last word ("House", "Prize"): no surname */
int tg_en_not_surname(const char *text, const tagger_token *t);
/* a party's one-word name ("Labour", "Tory", "Republican") */
int tg_en_party_word(const char *text, const tagger_token *t);
/* a day's or a month's name */
int tg_en_calendar_word(const char *text, const tagger_token *t);
/* Whether no span of v[0..n) (sorted) crosses an edge of tokens a..b; *inside is the
 * index of the first span within them, or n. */
int tg_en_spans_within(const tg_ner_span *v, size_t n, size_t a, size_t b, size_t *inside);
/* The index of the last span of v[0..n) (sorted by their first token, disjoint, as the
 * English rules keep them) that starts at token a or before it, or n when there is none
 * (a binary search; ner_english_words.c). */
size_t tg_en_span_before(const tg_ner_span *v, size_t n, size_t a);
/* Appends a span of `label` over tokens a..b to *vp (grown through *cap; the caller sorts
 * it again).  Returns 0 when out of memory. */
int tg_en_append_span(const tagger_token *tokens, tg_ner_span **vp, size_t *np, size_t *cap,
                      size_t a, size_t b, const char *label);
/* The spans of *vp within tokens a..b become one span of `label` there (none may cross a
 * or b); *vp grows (*cap) and stays sorted.  Returns 0 when out of memory. */
int tg_en_put_span(const tagger_token *tokens, tg_ner_span **vp, size_t *np, size_t *cap, size_t a,
                   size_t b, const char *label);
/* A byte range of a text, ordered by its bytes (tg_en_cmp_text_key, for qsort and bsearch). */
typedef struct {
    const char *text;
    size_t start, end;
} tg_en_text_key;
int tg_en_cmp_text_key(const void *a, const void *b);
/* A one-word span (a hyphenated word one: "Kilroy-Silk") or an uncovered word that is the
 * surname of a PERSON span of the document is that person, unless the span is the model's
 * ORG on a listed organization in no list of people ("Disney 's board" beside "Roy Disney")
 * (ner_english_surnames.c).  0 when out of memory. */
int tg_en_surname_consistency(const tg_ner_input *in, const char *text, const char *tc,
                              const tagger_token *tokens, size_t ntokens, tg_ner_span **vp,
                              size_t *np, size_t *cap);
/* The first token of the word that ends at token l: l - 2 for "Kilroy-Silk" (two name-shaped
 * words joined by a hyphen against both), else l (ner_english_surnames.c). */
size_t tg_en_word_first(const char *text, const tagger_token *tokens, size_t ntokens, size_t l);
/* Words of a text (tokens f..f+n-1), ordered token by token (the text of each;
 * tg_en_cmp_words, for qsort); tg_en_words_lower: the first of keys[0..n) (sorted) equal to
 * *key, or n (ner_english_surnames.c). */
typedef struct {
    const char *text;
    const tagger_token *tokens;
    size_t f, n;
    size_t aux; /* the caller's (no part of the order) */
} tg_en_words_key;
int tg_en_cmp_words(const void *a, const void *b);
size_t tg_en_words_lower(const tg_en_words_key *keys, size_t n, const tg_en_words_key *key);
/* The last words of the PERSON spans of two words or more of a document (ner_english_surnames.c):
 * tg_en_surnames_has(d, l): whether the word that ends at token l ("Kilroy-Silk" of three
 * tokens) is that of a span still PERSON; a rule that relabels a span while it asks sets the
 * label through tg_en_surnames_relabel.  tg_en_surnames_make returns 0 when out of memory. */
typedef struct {
    const char *text;
    const tagger_token *tokens;
    size_t ntokens;
    tg_en_words_key *keys; /* sorted */
    size_t *alive;         /* at a word's first key: its spans still PERSON */
    size_t n;
    int made; /* 1 made, 0 not yet (TG_EN_SURNAMES_LATER), -1 out of memory */
} tg_en_surnames;
int tg_en_surnames_make(const char *text, const tagger_token *tokens, size_t ntokens,
                        const tg_ner_span *v, size_t n, tg_en_surnames *d);
/* (tg_en_surnames_has makes d from v[0..n) at its first call when d was set up by
 * TG_EN_SURNAMES_LATER: the index follows the spans from then on; d->made is -1 when that
 * ran out of memory, and the answers are 0) */
#define TG_EN_SURNAMES_LATER(text, tokens, ntokens) \
    ((tg_en_surnames){(text), (tokens), (ntokens), NULL, NULL, 0, 0})
int tg_en_surnames_has(tg_en_surnames *d, const tg_ner_span *v, size_t n, size_t l);
void tg_en_surnames_relabel(tg_en_surnames *d, tg_ner_span *x, const char *label);
void tg_en_surnames_free(tg_en_surnames *d);
/* English: a PERSON span written against "-" and a capitalized word ("Mr Betts-Green",
 * which the tokenizer cuts in three) takes them, and a span that starts there; so does a
 * PERSON span ending in the "O" of "Sean O 'Keefe" (AG News' decoded "&#39;" after a space:
 * the model's "Sean O" and "Keefe"), and one that starts after "O '" takes them ("O 'Keefe
 * resigned").  Compacts v; returns the new count (ner_english_surnames.c). */
size_t tg_en_joined_names(const char *text, const tagger_token *tokens, size_t ntokens,
                          tg_ner_span *v, size_t n);
/* Two one-word names joined by "and" alone, not in a longer list nor after a capitalized
 * word ("Dr Pepper and Snapple"), one a model PERSON and the other a model ORG that is no
 * acronym, no company's word and no list's entry, are two people ("Abbott and Costello":
 * the model's ORG "Costello", AG News): the ORG becomes PERSON, there and in the word's
 * other one-word ORG spans of the model (ner_english_surnames.c). */
/* A model PERSON, ORG or place no list has, whose words the document uses as a work's title
 * (quoted alone in a sentence about songs, films or books; "Angels is a decent song"), is
 * the title, a PRODUCT, and so is every span of the same words (ner_english_titles.c).
 * Returns 0 when out of memory. */
int tg_en_work_titles(const tg_ner_input *in, tg_ner_span *v, size_t n);
void tg_en_coordinated_people(const tg_ner_input *in, const char *text, tg_ner_span *v, size_t n);
/* Whether tokens a..a+len-1 and b..b+len-1 have the same texts. */
int tg_en_same_words(const char *text, const tagger_token *tokens, size_t a, size_t b, size_t len);
/* English, one document: a PERSON or place span whose words are those of an ORG span of
 * the document becomes ORG (not a one-word span that is the last word of a PERSON span of
 * two words or more: "Ford" of "Harrison Ford", "Kilroy-Silk" of "Robert Kilroy-Silk"); the
 * name of an ORG span of the rules (tg_en_evident_org), or of one ending in a firm's word
 * without it ("Gartner" of "Gartner Inc"), is also an ORG where the model found nothing on
 * it, alone between words that are not capitalized in the truecased text `tc`
 * (ner_english_orgs.c).  *v grows (*cap) and stays sorted.  0 when out of memory. */
int tg_en_org_consistency(const char *text, const char *tc, const tagger_token *tokens,
                          size_t ntokens, tg_ner_span **vp, size_t *np, size_t *cap);
/* English fixes of the decoded spans v[0..*n) of one document (ner_english.c):
 * wire markup, hyphenated names, abbreviations of common words, titles,
 * surnames of the document's people, organizations by their words, context
 * and lists; `in` is the document (its list candidates).  `text` is the input, `tc` the text the
 * model read (a Title Case headline's usual words in lower case; may be text).
 * Compacts or grows *v (capacity *cap), updates *n; 0 when out of memory. */
int tg_ner_english_spans(const tg_ner_input *in, const char *text, const char *tc,
                         const tagger_token *tokens, size_t ntokens, tg_ner_span **v, size_t *n,
                         size_t *cap);
/* Names in a coordinated list with a model ORG ("Codemasters, Climax and Rebellion"), none
 * of them evidence of another kind, are ORG spans of the rules (ner_english_lists.c); `in`
 * gives the tokens and the list candidates.  0 when out of memory. */
int tg_en_coordinated_orgs(const tg_ner_input *in, const char *text, const char *tc,
                           tg_ner_span **vp, size_t *np, size_t *cap);
/* Capitalized words right before a noun of an organization's officers ("Boeing CEO", "The
 * BPI spokesman"), no list's other kind, are an ORG span of the rules where the model found
 * nothing or an unlisted place (ner_english_lists.c).  0 when out of memory. */
int tg_en_officer_orgs(const tg_ner_input *in, const char *text, const char *tc,
                       tg_ner_span **vp, size_t *np, size_t *cap);
/* Model spans inside a listed product's or event's longer name ("the Nintendo DS") are
 * that product or event; an uncovered "Cabinet", and uncovered capitalized words ending in
 * an organization's word ("Milk Development Council"), are ORG spans of the rules
 * (ner_english_kinds.c; `tc` the truecased text).  0 when out of memory. */
int tg_en_listed_kinds(const tg_ner_input *in, const char *text, const char *tc, tg_ner_span **vp,
                       size_t *np, size_t *cap);
/* The document's unambiguous candidates of two tokens or more, by the text of their last
 * token, one per entry (ner_english_label.c: other_team reads them by binary search, not
 * every candidate for each span).  tg_en_teams_make returns NULL when out of memory. */
typedef struct tg_en_teams tg_en_teams;
tg_en_teams *tg_en_teams_make(const tg_ner_input *in);
void tg_en_teams_free(tg_en_teams *t);
/* The candidates of in->teams whose last token has the text of token `tok`, one per entry:
 * (*c)[0..returned count), in no order that matters (none when in->teams is NULL). */
size_t tg_en_teams_at(const tg_ner_input *in, size_t tok, const tg_gaz_match *const **c);
/* A block of `size` bytes, zeroed at the first call of the document, that in->teams owns and
 * frees (one block, the same size at each call: ner_english_region.c's memo); NULL without
 * in->teams or when out of memory. */
void *tg_en_teams_memo(const tg_ner_input *in, size_t size);
/* The ISO 3166-2 code of token t when it is a US state's or Canadian province's abbreviation
 * as datelines write it ("SC", "Va", "B.C", "SASK": US-SC, US-VA, CA-BC, CA-SK), else NULL
 * (ner_english_region.c). */
const char *tg_en_region_code(const char *text, const tagger_token *t);
/* A place named with its state or country after a comma ("RICHMOND, Va.") keeps only a
 * candidate *gp of that state or country: another on the same tokens, else NULL; so do the
 * document's other mentions of an entry a region refused, and a state after a town of
 * another country is that country ("TBILISI, Georgia") (ner_english_region.c). */
void tg_en_place_region(const tg_ner_input *in, const tg_ner_span *s, const tg_gaz_match **gp);
/* Whether a word of music[] is in span s's sentences (from its first token's to its last
 * one's) or a word of records[] in the document: 1 or 0 from in->teams's counts (made at
 * the first call: the same tables each time), -1 when there are none (out of memory). */
int tg_en_music_words(const tg_ner_input *in, const tg_ner_span *s, const char *const *music,
                      size_t nmusic, const char *const *records, size_t nrecords);
/* The candidates of `in` that start at token a, in their order in in->gaz: entries
 * *lo up to the returned end of in->gaz_by_first (a binary search: a rule that asks what
 * the lists have on a span reads those, not every candidate of the document)
 * (ner_english_words.c). */
size_t tg_ner_gaz_at(const tg_ner_input *in, size_t a, size_t *lo);
/* The label of a list entry, not an ambiguous alias, exactly on tokens a..b of the
 * document: "PERSON", "ORG" or "GPE" (a place), else NULL (ner_english_words.c). */
const char *tg_en_listed_label(const tg_ner_input *in, size_t a, size_t b);
/* Whether a list candidate of the document, not an ambiguous alias, lies exactly on tokens
 * a..b with the label ORG ("Codemasters", "HP"); with `induced` 0, not one of CoNLL's induced
 * entries (`induced=conll`, en/entities-conll.tsv: its clubs, "Collingwood")
 * (ner_english_words.c). */
int tg_en_listed_org(const tg_ner_input *in, size_t a, size_t b, int induced);
/* Whether any list candidate of the document, an ambiguous alias too, lies exactly on
 * tokens a..b ("?Bin Laden"; not "Berlin" of "Brock Berlin") (ner_english_words.c). */
int tg_en_listed_exactly(const tg_ner_input *in, size_t a, size_t b);
/* English: whether token t joins the names of a list: "," or "and" (ner_english_words.c). */
int tg_en_list_joint(const char *text, const tagger_token *t);
/* English: a dateline's place in capitals before a wire's credit or a state and a dash
 * ("UNITED NATIONS (Reuters) -"), or at a line's start before a state's abbreviation or a
 * listed place ("CLEMSON, SC South Carolina and ..."), is one GPE span, and so is the
 * state's or province's abbreviation after it ("SC", "B.C.") (ner_english_headline.c).
 * Returns 0 when out of memory. */
int tg_en_datelines(const tg_ner_input *in, tg_ner_span **vp, size_t *np, size_t *cap);
/* English: a span that starts inside escaped or raw HTML markup is dropped, one that runs
 * into it ends before it ("The Washington Post&lt;/B&gt"; ner_english_markup.c).  Compacts v;
 * returns the new count. */
size_t tg_en_markup_spans(const char *text, const tagger_token *tokens, size_t ntokens,
                          tg_ner_span *v, size_t n);
/* Whether markup reaches into the normalized text's [norm_start, norm_end) of an English
 * document (the merge leaves such a list's or rule's entity out). */
int tg_en_markup_entity(const tg_ner_input *in, size_t norm_start, size_t norm_end);
/* A Title Case headline's ORG span that the document never writes ends where its words are
 * a whole name in the rest of the document ("Apple Recalls Flaming" is "Apple";
 * ner_english_headline.c); a person's or place's span opening it leaves out a word English
 * writes in lower case ("Upstarts Guatemala").  Compacts v; returns the new count. */
size_t tg_en_headline_names(const tg_ner_input *in, const char *text, const tagger_token *tokens,
                             size_t ntokens, tg_ner_span *v, size_t n);
/* The English merge's label of model span s (ner_english_label.c), whose list
 * candidate on its tokens is *g (NULL: none; a listed firm's where the model's place is
 * the firm: "firms like Amazon"): a listed place the model called
 * ORG is the place in a dateline ("HOUSTON - The ...") and after "in", "city
 * of", "town of"; an unlisted one-word place before "said" is a person.  Returns 1
 * when the context alone decided *label ("Mr Essex", "drama Vera Drake"): g no longer
 * applies. */
int tg_ner_english_label(const tg_ner_input *in, const tg_ner_span *s, const tg_gaz_match **g,
                         const char **label);

#endif /* TG_NER_INTERNAL_H */
