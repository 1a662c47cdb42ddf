/* topics — see topics.h for the features, the learning and the file. */
#include "topics.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datafile.h"
#include "internal.h"

#define TOPIC_MAGIC "TGTOPIC\n"
#define TOPIC_VERSION 2u   /* 1: the same without flags beyond pairs */
#define TOPIC_ENDIAN 0x01020304u
#define TOPIC_MAX_LABELS 255u
#define TOPIC_MAX_PATTERNS 65536u
#define TOPIC_MAX_STRINGS (1u << 24)
#define TOPIC_MIN_BITS 8u
#define TOPIC_MAX_BITS 24u
#define TOPIC_STAR_WORDS 8    /* words a trailing "*" of a pattern drops */
#define TOPIC_FLAG_PAIRS 1u   /* word pairs are features */
#define TOPIC_FLAG_IDF 2u     /* x_f = log(1 + count) * idf_f; an idf section */
#define TOPIC_FLAG_STEMS 4u   /* light-stemmed Persian words are features too */
#define TOPIC_FLAG_GRAMS 8u   /* character 4-grams of words are features too */
#define TOPIC_FLAG_TRUNC 16u  /* the first 5 letters of longer words too */
#define TOPIC_FLAGS_V1 TOPIC_FLAG_PAIRS
#define TOPIC_FLAGS_ALL 31u
#define TOPIC_IDF_ONE 16.0    /* idf_f = q_f / 16, q_f a byte */
#define TOPIC_HOLDOUT 10      /* one document in ten calibrates */

typedef struct {
    char magic[8];
    uint32_t version, endian;
    uint64_t file_size;
    uint64_t checksum; /* of the whole file, this field read as 0 */
    uint32_t nlabels, bucket_bits, npatterns, string_bytes;
    uint32_t flags;
    float temperature;
    char lang[8];
} topic_header; /* 64 bytes */

typedef struct {
    uint32_t label, iptc; /* string offsets */
    float bias, scale;
} topic_label;

typedef struct {
    size_t labels, patterns, strings, weights, idf, total;
} topic_layout;

static topic_layout layout_of(const topic_header *h)
{
    topic_layout l;
    l.labels = sizeof(topic_header);
    l.patterns = l.labels + tg_align8((size_t)h->nlabels * sizeof(topic_label));
    l.strings = l.patterns + tg_align8((size_t)h->npatterns * sizeof(uint32_t));
    l.weights = l.strings + tg_align8(h->string_bytes);
    l.idf = l.weights + tg_align8(((size_t)1 << h->bucket_bits) * h->nlabels);
    l.total = l.idf + (h->flags & TOPIC_FLAG_IDF ? tg_align8((size_t)1 << h->bucket_bits) : 0);
    return l;
}

#define TOPIC_CHECKSUM_SEED 0x9E3779B97F4A7C15ull

static uint64_t checksum(const unsigned char *image, size_t size)
{
    return tg_datafile_checksum(image, size, sizeof(topic_header),
                                offsetof(topic_header, checksum), TOPIC_CHECKSUM_SEED);
}

void tg_topic_model_seal(unsigned char *image, size_t size)
{
    tg_datafile_seal(image, size, sizeof(topic_header), offsetof(topic_header, checksum),
                     TOPIC_CHECKSUM_SEED);
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* ------------------------------------------------------------- features */

/* FNV-1a of a token's normalized bytes: the identity of a word. */
static uint64_t word_hash(const char *s, size_t n)
{
    uint64_t h = 0xCBF29CE484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001B3ull;
    return h;
}

static uint64_t fmix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 33;
    return h;
}

static uint64_t pair_hash(uint64_t a, uint64_t b)
{
    return fmix64(a * 0x9E3779B97F4A7C15ull + b + 0x632BE59BD9B4E019ull);
}

typedef struct {
    uint64_t *words; /* word hashes */
    uint32_t n;
    int star;        /* also drop the words up to the next punctuation */
} topic_pattern;

/* What feature extraction needs: shared by a loaded model and a trainer. */
typedef struct {
    uint32_t mask; /* buckets - 1 */
    uint32_t flags;
    topic_pattern *patterns;
    size_t npatterns;
    uint64_t first_bloom; /* bit (first word hash & 63) of every pattern */
} topic_features;

typedef struct {
    uint32_t bucket;
    float value;
} topic_feat;

static void features_clear(topic_features *fs)
{
    for (size_t i = 0; i < fs->npatterns; i++)
        free(fs->patterns[i].words);
    free(fs->patterns);
    fs->patterns = NULL;
    fs->npatterns = 0;
}

static int is_word(const tagger_token *t)
{
    return t->kind == TAGGER_TOKEN_WORD || t->kind == TAGGER_TOKEN_NUMBER;
}

/* Tokenizes one boilerplate pattern into fs->patterns (empty ones are
 * skipped).  A trailing " *" is the star. */
static tagger_status add_pattern(topic_features *fs, const tg_normalizer *nz,
                                 const tg_tokenizer *tk, const char *s, tagger_error *err)
{
    size_t len = strlen(s);
    int star = 0;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len > 0 && s[len - 1] == '*') {
        star = 1;
        len--;
    }
    tg_normtext nt;
    memset(&nt, 0, sizeof nt);
    tagger_token *toks = NULL;
    size_t ntoks = 0, nsent = 0;
    tagger_status rc = tg_normalize(nz, s, len, &nt, err);
    if (rc != TAGGER_OK)
        return rc;
    rc = tg_tokenize(tk, &nt, &toks, &ntoks, &nsent, err);
    if (rc == TAGGER_OK && ntoks > 0) {
        topic_pattern p = {calloc(ntoks, sizeof(uint64_t)), 0, star};
        topic_pattern *grown = realloc(fs->patterns, (fs->npatterns + 1) * sizeof *grown);
        if (!p.words || !grown) {
            free(p.words);
            if (grown)
                fs->patterns = grown;
            rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        } else {
            fs->patterns = grown;
            for (size_t i = 0; i < ntoks; i++)
                if (is_word(&toks[i]))
                    p.words[p.n++] = word_hash(nt.text + toks[i].norm_start,
                                               toks[i].norm_end - toks[i].norm_start);
            if (p.n > 0) {
                fs->first_bloom |= 1ull << (p.words[0] & 63);
                fs->patterns[fs->npatterns++] = p;
            } else {
                free(p.words);
            }
        }
    }
    free(toks);
    tg_normtext_free(&nt);
    return rc;
}

/* Feature kinds beside words and pairs get their own hash space. */
#define SALT_STEM 0x8F1BBCDCCA62C1D6ull
#define SALT_TRUNC 0x5BD1E9955BD1E995ull
#define SALT_GRAM 0xC2B2AE3D27D4EB4Full
#define GRAM_START 0x27D4EB2F165667C5ull
#define GRAM_END 0x165667B19E3779F9ull
#define GRAM_MIN_LETTERS 4  /* shorter words (mostly function words) give none */
#define GRAM_MAX_LETTERS 32 /* longer words give their first 32 letters' grams */

/* Persian inflectional suffixes, longest first, as the normalizer leaves
 * them (ZWNJ removed, «ي» as «ی»): plural, comparative and superlative,
 * indefinite and adjectival «ی». */
static const char *const fa_suffixes[] = {"هایی", "های", "ترین", "ها", "تر", "ای",
                                          "ان", "ات", "ی", NULL};

/* Byte length of the light stem of a word of `n` bytes in Arabic script:
 * without its longest Persian suffix when three or more letters remain,
 * else n; 0 for a word in another script (no stem). */
static size_t stem_len(const char *w, size_t n)
{
    if (n < 2 || (unsigned char)w[0] < 0xD8 || (unsigned char)w[0] > 0xDB)
        return 0;
    for (size_t i = 0; fa_suffixes[i]; i++) {
        size_t k = strlen(fa_suffixes[i]);
        if (k >= n || memcmp(w + n - k, fa_suffixes[i], k) != 0)
            continue;
        size_t letters = 0;
        for (size_t j = 0; j < n - k; j++)
            letters += ((unsigned char)w[j] & 0xC0) != 0x80;
        return letters >= 3 ? n - k : n;
    }
    return n;
}

/* Appends the extra features of one word (w, n bytes) to b: its light
 * stem, its first five letters, its character 4-grams, as fs->flags asks. */
static size_t word_extras(const topic_features *fs, const char *w, size_t n, uint32_t *b)
{
    size_t nb = 0;
    if (fs->flags & TOPIC_FLAG_STEMS) {
        /* every Persian word has a stem feature, so «کتاب» and «کتاب‌ها» share one */
        size_t k = stem_len(w, n);
        if (k > 0)
            b[nb++] = (uint32_t)fmix64(word_hash(w, k) ^ SALT_STEM) & fs->mask;
    }
    if (!(fs->flags & (TOPIC_FLAG_TRUNC | TOPIC_FLAG_GRAMS)))
        return nb;
    size_t pos[GRAM_MAX_LETTERS + 1], k = 0, i = 0;
    while (i < n && k < GRAM_MAX_LETTERS) {
        pos[k++] = i;
        tg_utf8_next(w, &i);
    }
    pos[k] = i;
    if ((fs->flags & TOPIC_FLAG_TRUNC) && k > 5)
        b[nb++] = (uint32_t)fmix64(word_hash(w, pos[5]) ^ SALT_TRUNC) & fs->mask;
    if ((fs->flags & TOPIC_FLAG_GRAMS) && k >= GRAM_MIN_LETTERS) {
        /* 4-grams of "<word>": padded position j is letter j - 1 */
        for (size_t g = 0; g + 4 <= k + 2; g++) {
            size_t first = g ? g - 1 : 0, last = g + 2 < k ? g + 2 : k - 1;
            uint64_t h = word_hash(w + pos[first], pos[last + 1] - pos[first]);
            if (g == 0)
                h ^= GRAM_START;
            if (g + 4 == k + 2 && pos[k] == n)
                h ^= GRAM_END;
            b[nb++] = (uint32_t)fmix64(h ^ SALT_GRAM) & fs->mask;
        }
    }
    return nb;
}

/* log(1 + count) for counts below 64, the common case, without a libm
 * call: log1p(k) written exactly as hexadecimal literals. */
static const double log1p_small[64] = {
    0.0, 0x1.62e42fefa39efp-1, 0x1.193ea7aad030ap+0,
    0x1.62e42fefa39efp+0, 0x1.9c041f7ed8d33p+0, 0x1.cab0bfa2a2002p+0,
    0x1.f2272ae325a57p+0, 0x1.0a2b23f3bab73p+1, 0x1.193ea7aad030bp+1,
    0x1.26bb1bbb55516p+1, 0x1.32ee3b77f374cp+1, 0x1.3e116bcd39e7dp+1,
    0x1.485042b318c51p+1, 0x1.51cca16d7bba8p+1, 0x1.5aa16394d481fp+1,
    0x1.62e42fefa39efp+1, 0x1.6aa6bc1fa7f7ap+1, 0x1.71f7b3a6b9186p+1,
    0x1.78e360604b32cp+1, 0x1.7f7427b73e391p+1, 0x1.85b2e946faeb1p+1,
    0x1.8ba74773dc5c8p+1, 0x1.9157dfdd1b3fp+1, 0x1.96ca77c922cf9p+1,
    0x1.9c041f7ed8d33p+1, 0x1.a1094eaf01acdp+1, 0x1.a5ddfb803849p+1,
    0x1.aa85ad6964a23p+1, 0x1.af038cbcdfe1fp+1, 0x1.b35a6f90bd69bp+1,
    0x1.b78ce48912b5ap+1, 0x1.bb9d3beb8c86bp+1, 0x1.bf8d8f4d5b8d1p+1,
    0x1.c35fc81b90df6p+1, 0x1.c715a530ff3c5p+1, 0x1.cab0bfa2a2002p+1,
    0x1.ce328ee3ac7bdp+1, 0x1.d19c6c5c341a8p+1, 0x1.d4ef968880dd6p+1,
    0x1.d82d33b32720dp+1, 0x1.db565458eac4ep+1, 0x1.de6bf542e3d2dp+1,
    0x1.e16f01614ec11p+1, 0x1.e460536fc5443p+1, 0x1.e740b76a3c9a4p+1,
    0x1.ea10ebd90426cp+1, 0x1.ecd1a2f90f0b6p+1, 0x1.ef8383c50bb74p+1,
    0x1.f2272ae325a57p+1, 0x1.f4bd2b7ac1bafp+1, 0x1.f7460ff5100ffp+1,
    0x1.f9c25aaaea949p+1, 0x1.fc32868223cabp+1, 0x1.fe97077c2130cp+1,
    0x1.0078259bafef3p+2, 0x1.019f5cb2a6c5p+2, 0x1.02c15a1ad9a59p+2,
    0x1.03de4c5c6464dp+2, 0x1.04f65f9c72979p+2, 0x1.0609bdc65328bp+2,
    0x1.07188eb126c0dp+2, 0x1.0822f8427dcebp+2, 0x1.09291e8e3181bp+2,
    0x1.0a2b23f3bab73p+2};

static double log1p_count(float count)
{
    return count < 64.0f ? log1p_small[(int)count] : log1p((double)count);
}

/* The feature vector of a tokenized text: distinct buckets in first-seen
 * order with their counts as values, not yet weighed (see weigh).  *out is
 * malloc'd (NULL when there are no features). */
static tagger_status extract(const topic_features *fs, const char *ntext,
                             const tagger_token *toks, size_t n, topic_feat **out,
                             size_t *nout)
{
    *out = NULL;
    *nout = 0;
    if (n == 0)
        return TAGGER_OK;
    size_t cap_b = 2 * n;
    if (fs->flags & TOPIC_FLAG_STEMS)
        cap_b += n;
    if (fs->flags & TOPIC_FLAG_TRUNC)
        cap_b += n;
    if (fs->flags & TOPIC_FLAG_GRAMS)
        cap_b += n * (GRAM_MAX_LETTERS - 1); /* at most k - 1 grams for k letters */
    uint64_t *h = malloc(n * sizeof *h);
    unsigned char *drop = calloc(n, 1);
    uint32_t *b = malloc(cap_b * sizeof *b);
    topic_feat *f = NULL;
    if (!h || !drop || !b)
        goto nomem;
    for (size_t i = 0; i < n; i++)
        h[i] = is_word(&toks[i]) ? word_hash(ntext + toks[i].norm_start,
                                             toks[i].norm_end - toks[i].norm_start)
                                 : 0;
    /* boilerplate: drop every token a pattern covers */
    for (size_t i = 0; i < n && fs->npatterns; i++) {
        if (!is_word(&toks[i]) || !(fs->first_bloom >> (h[i] & 63) & 1))
            continue;
        for (size_t p = 0; p < fs->npatterns; p++) {
            const topic_pattern *pt = &fs->patterns[p];
            if (pt->words[0] != h[i] || i + pt->n > n)
                continue;
            uint32_t k = 1;
            while (k < pt->n && is_word(&toks[i + k]) && h[i + k] == pt->words[k])
                k++;
            if (k < pt->n)
                continue;
            size_t end = i + k;
            if (pt->star)
                for (int w = 0; w < TOPIC_STAR_WORDS && end < n && is_word(&toks[end]) &&
                                toks[end].sentence == toks[end - 1].sentence;
                     w++)
                    end++;
            memset(drop + i, 1, end - i);
            break;
        }
    }
    size_t nb = 0;
    uint64_t prev = 0;
    size_t prev_sentence = 0;
    int have_prev = 0;
    for (size_t i = 0; i < n; i++) {
        const tagger_token *t = &toks[i];
        if (drop[i] || t->kind == TAGGER_TOKEN_PUNCT || t->kind == TAGGER_TOKEN_SYMBOL) {
            have_prev = 0;
            continue;
        }
        if (t->kind != TAGGER_TOKEN_WORD)
            continue; /* numbers neither count nor break a pair */
        size_t j = t->norm_start;
        tg_utf8_next(ntext, &j);
        if (j >= t->norm_end)
            continue; /* one code point: «و», «a» */
        if (have_prev && prev_sentence != t->sentence)
            have_prev = 0;
        b[nb++] = (uint32_t)fmix64(h[i]) & fs->mask;
        if (have_prev && (fs->flags & TOPIC_FLAG_PAIRS))
            b[nb++] = (uint32_t)pair_hash(prev, h[i]) & fs->mask;
        if (fs->flags & (TOPIC_FLAG_STEMS | TOPIC_FLAG_TRUNC | TOPIC_FLAG_GRAMS))
            nb += word_extras(fs, ntext + t->norm_start, t->norm_end - t->norm_start, b + nb);
        prev = h[i];
        prev_sentence = t->sentence;
        have_prev = 1;
    }
    if (nb > 0) {
        /* count distinct buckets in an open-addressing table (key = bucket
         * + 1, 0 = empty): linear time, unlike sorting */
        size_t cap = 16;
        while (cap < 2 * nb)
            cap <<= 1;
        uint32_t *key = calloc(2 * cap, sizeof *key), *cnt = key + cap;
        f = malloc(nb * sizeof *f);
        if (!key || !f) {
            free(key);
            goto nomem;
        }
        size_t m = 0;
        for (size_t i = 0; i < nb; i++) {
            size_t at = (b[i] * 2654435761u) & (cap - 1);
            while (key[at] && key[at] != b[i] + 1)
                at = (at + 1) & (cap - 1);
            if (!key[at]) {
                key[at] = b[i] + 1;
                f[m++].bucket = b[i]; /* first-seen order: deterministic */
            }
            cnt[at]++;
        }
        for (size_t i = 0; i < m; i++) {
            size_t at = (f[i].bucket * 2654435761u) & (cap - 1);
            while (key[at] != f[i].bucket + 1)
                at = (at + 1) & (cap - 1);
            f[i].value = (float)cnt[at]; /* exact below 2^24 */
        }
        free(key);
        *out = f;
        *nout = m;
    }
    free(h);
    free(drop);
    free(b);
    return TAGGER_OK;

nomem:
    free(h);
    free(drop);
    free(b);
    free(f);
    return TAGGER_ERR_NOMEM;
}

/* Weighs extracted features in place: a count becomes log(1 + count),
 * times idf when given (q / 16 per bucket), then the vector is scaled to
 * unit Euclidean length. */
static void weigh(const uint8_t *idf, topic_feat *f, size_t m)
{
    double norm = 0;
    for (size_t i = 0; i < m; i++) {
        double v = log1p_count(f[i].value);
        if (idf)
            v *= idf[f[i].bucket] / TOPIC_IDF_ONE;
        f[i].value = (float)v;
        norm += v * v;
    }
    if (!(norm > 0))
        return;
    norm = 1.0 / sqrt(norm);
    for (size_t i = 0; i < m; i++)
        f[i].value = (float)(f[i].value * norm);
}

/* Softmax of s[0..n) / temp into p (stable). */
static void softmax(const double *s, size_t n, double temp, double *p)
{
    double mx = s[0];
    for (size_t c = 1; c < n; c++)
        if (s[c] > mx)
            mx = s[c];
    double z = 0;
    for (size_t c = 0; c < n; c++) {
        p[c] = exp((s[c] - mx) / temp);
        z += p[c];
    }
    for (size_t c = 0; c < n; c++)
        p[c] /= z;
}

/* ---------------------------------------------------------------- model */

struct tg_topic_model {
    const unsigned char *base;
    size_t size;
    const topic_header *h;
    const topic_label *labels;
    const char *strings;
    const int8_t *weights;
    const uint8_t *idf; /* NULL without TOPIC_FLAG_IDF */
    topic_features fs;
    char lang[8];
};

/* Checks a whole image; returns NULL or why it is not a usable model. */
static const char *check_image(const unsigned char *base, size_t size)
{
    topic_header h;
    if (size < sizeof h)
        return "file too short for a header (truncated?)";
    memcpy(&h, base, sizeof h);
    if (memcmp(h.magic, TOPIC_MAGIC, 8) != 0)
        return "not a topic model (bad magic)";
    if (h.version != TOPIC_VERSION && h.version != 1)
        return "unsupported topic model version";
    if (h.flags & ~(h.version == 1 ? TOPIC_FLAGS_V1 : TOPIC_FLAGS_ALL))
        return "corrupt header (unknown feature flags)";
    if (h.endian != TOPIC_ENDIAN)
        return "written on a machine of other byte order";
    if (h.nlabels < 1 || h.nlabels > TOPIC_MAX_LABELS || h.bucket_bits < TOPIC_MIN_BITS ||
        h.bucket_bits > TOPIC_MAX_BITS || h.npatterns > TOPIC_MAX_PATTERNS ||
        h.string_bytes > TOPIC_MAX_STRINGS)
        return "corrupt header (sizes out of range)";
    topic_layout l = layout_of(&h);
    if (h.file_size != size || l.total != size)
        return "size does not match its header (truncated or corrupt)";
    if (checksum(base, size) != h.checksum)
        return "checksum mismatch (corrupt file)";
    if (!(h.temperature > 0.0f && h.temperature < 1e6f) || memchr(h.lang, 0, 8) == NULL)
        return "corrupt header";
    const char *strings = (const char *)base + l.strings;
    if (h.string_bytes == 0 || strings[h.string_bytes - 1] != '\0')
        return "corrupt string table";
    const topic_label *lab = (const topic_label *)(base + l.labels);
    for (uint32_t i = 0; i < h.nlabels; i++)
        if (lab[i].label >= h.string_bytes || lab[i].iptc >= h.string_bytes ||
            !isfinite(lab[i].bias) || !isfinite(lab[i].scale))
            return "corrupt label table";
    const uint32_t *pat = (const uint32_t *)(base + l.patterns);
    for (uint32_t i = 0; i < h.npatterns; i++)
        if (pat[i] >= h.string_bytes)
            return "corrupt pattern table";
    return NULL;
}

static tg_topic_model *attach(const unsigned char *base, size_t size, const tg_normalizer *nz,
                              const tg_tokenizer *tk, const char *name, tagger_error *err)
{
    const char *why = check_image(base, size);
    if (why) {
        tg_error_set(err, TAGGER_ERR_LOAD, 0, "%s: %s", name, why);
        return NULL;
    }
    tg_topic_model *m = calloc(1, sizeof *m);
    if (!m) {
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    m->base = base;
    m->size = size;
    m->h = (const topic_header *)base;
    topic_layout l = layout_of(m->h);
    m->labels = (const topic_label *)(base + l.labels);
    m->strings = (const char *)base + l.strings;
    m->weights = (const int8_t *)(base + l.weights);
    m->idf = m->h->flags & TOPIC_FLAG_IDF ? base + l.idf : NULL;
    memcpy(m->lang, m->h->lang, sizeof m->lang);
    m->fs.mask = ((uint32_t)1 << m->h->bucket_bits) - 1;
    m->fs.flags = m->h->flags;
    const uint32_t *pat = (const uint32_t *)(base + l.patterns);
    for (uint32_t i = 0; i < m->h->npatterns; i++) {
        tagger_status rc = add_pattern(&m->fs, nz, tk, m->strings + pat[i], err);
        if (rc != TAGGER_OK) {
            /* a pattern that is not valid UTF-8 makes the file corrupt */
            if (rc == TAGGER_ERR_INVALID_UTF8)
                tg_error_set(err, TAGGER_ERR_LOAD, 0, "%s: corrupt boilerplate pattern %u",
                             name, i);
            m->base = NULL; /* the caller releases the image */
            tg_topic_model_free(m);
            return NULL;
        }
    }
    return m;
}

tg_topic_model *tg_topic_model_open(const tg_normalizer *nz, const tg_tokenizer *tk,
                                    const char *path, tagger_error *err)
{
    void *base;
    size_t size;
    if (tg_datafile_load(path, "topic model", sizeof(topic_header), &base, &size, err) !=
        TAGGER_OK)
        return NULL;
    tg_topic_model *m = attach(base, size, nz, tk, path, err);
    if (!m)
        free(base);
    return m;
}

void tg_topic_model_free(tg_topic_model *m)
{
    if (!m)
        return;
    features_clear(&m->fs);
    free((void *)m->base);
    free(m);
}

const char *tg_topic_model_lang(const tg_topic_model *m)
{
    return m->lang;
}

/* Label scores of a feature vector with int8 weights. */
static void score_quantized(const int8_t *w, const topic_label *lab, size_t nlabels,
                            const topic_feat *f, size_t nf, float *acc, double *s)
{
    for (size_t c = 0; c < nlabels; c++)
        acc[c] = 0;
    for (size_t i = 0; i < nf; i++) {
        const int8_t *row = w + (size_t)f[i].bucket * nlabels;
        float v = f[i].value;
        for (size_t c = 0; c < nlabels; c++)
            acc[c] += v * (float)row[c];
    }
    for (size_t c = 0; c < nlabels; c++)
        s[c] = (double)lab[c].bias + (double)lab[c].scale * (double)acc[c];
}

typedef struct {
    size_t label;
    double p;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->p != y->p)
        return x->p < y->p ? 1 : -1;
    return (x->label > y->label) - (x->label < y->label);
}

/* Weighs and scores the counted features f[0..nf) (freed here) and fills
 * doc->topics with the labels that pass `k` and `threshold`. */
static tagger_status decide(const tg_topic_model *m, topic_feat *f, size_t nf, tagger_doc *doc,
                            size_t k, double threshold, tagger_error *err)
{
    size_t L = m->h->nlabels;
    double *buf = malloc(2 * L * sizeof *buf);
    float *acc = malloc(L * sizeof *acc);
    ranked *r = malloc(L * sizeof *r);
    tagger_status rc = TAGGER_OK;
    if (!buf || !acc || !r) {
        rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory classifying topics");
        goto done;
    }
    double *s = buf, *p = buf + L;
    weigh(m->idf, f, nf);
    if (nf == 0)
        goto done; /* nothing to go by: no topic rather than the prior's guess */
    score_quantized(m->weights, m->labels, L, f, nf, acc, s);
    softmax(s, L, m->h->temperature, p);
    for (size_t c = 0; c < L; c++)
        r[c] = (ranked){c, p[c]};
    qsort(r, L, sizeof *r, cmp_ranked);
    size_t n = 0;
    while (n < L && n < k && r[n].p >= threshold)
        n++;
    if (n > 0) {
        doc->topics = calloc(n, sizeof *doc->topics);
        if (!doc->topics) {
            rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
            goto done;
        }
        for (size_t i = 0; i < n; i++) {
            const topic_label *lab = &m->labels[r[i].label];
            doc->topics[i].label = m->strings + lab->label;
            doc->topics[i].iptc = m->strings[lab->iptc] ? m->strings + lab->iptc : NULL;
            doc->topics[i].score = r[i].p;
        }
        doc->ntopics = n;
    }
done:
    free(f);
    free(buf);
    free(acc);
    free(r);
    return rc;
}

tagger_status tg_topic_classify(const tg_topic_model *m, tagger_doc *doc, size_t k,
                                double threshold, tagger_error *err)
{
    topic_feat *f = NULL;
    size_t nf = 0;
    if (extract(&m->fs, doc->norm.text, doc->tokens, doc->ntokens, &f, &nf) != TAGGER_OK)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory classifying topics");
    return decide(m, f, nf, doc, k, threshold, err);
}

static const tg_topic_model *model_for(const tagger *t, const char *lang)
{
    return t->topic_k ? tg_lang_models_for(&t->topic_models, lang) : NULL;
}

tagger_status tg_topics_run(const tagger *t, tagger_doc *doc, tagger_error *err)
{
    const tg_topic_model *m = model_for(t, doc->lang);
    return m ? tg_topic_classify(m, doc, t->topic_k, t->topic_threshold, err) : TAGGER_OK;
}

tagger_status tg_topic_sum_add(const tagger *t, tg_topic_sum *sum, const tagger_doc *win)
{
    const tg_topic_model *m = model_for(t, win->lang);
    topic_feat *f = NULL;
    size_t nf = 0;
    if (!m)
        return TAGGER_OK;
    if (!sum->count && !(sum->count = calloc((size_t)m->fs.mask + 1, sizeof *sum->count)))
        return TAGGER_ERR_NOMEM;
    if (extract(&m->fs, win->norm.text, win->tokens, win->ntokens, &f, &nf) != TAGGER_OK)
        return TAGGER_ERR_NOMEM;
    for (size_t i = 0; i < nf; i++) {
        if (sum->count[f[i].bucket] == 0) {
            if (sum->n == sum->cap) {
                size_t cap = sum->cap ? 2 * sum->cap : 1024;
                uint32_t *o = realloc(sum->order, cap * sizeof *o);
                if (!o) {
                    free(f);
                    return TAGGER_ERR_NOMEM;
                }
                sum->order = o;
                sum->cap = cap;
            }
            sum->order[sum->n++] = f[i].bucket;
        }
        sum->count[f[i].bucket] += f[i].value;
    }
    free(f);
    return TAGGER_OK;
}

tagger_status tg_topic_sum_finish(const tagger *t, tg_topic_sum *sum, tagger_doc *doc,
                                  tagger_error *err)
{
    const tg_topic_model *m = model_for(t, doc->lang);
    if (!m)
        return TAGGER_OK;
    topic_feat *f = sum->n ? malloc(sum->n * sizeof *f) : NULL;
    if (sum->n && !f)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory classifying topics");
    for (size_t i = 0; i < sum->n; i++)
        f[i] = (topic_feat){sum->order[i], sum->count[sum->order[i]]};
    return decide(m, f, sum->n, doc, t->topic_k, t->topic_threshold, err);
}

void tg_topic_sum_free(tg_topic_sum *sum)
{
    free(sum->count);
    free(sum->order);
    memset(sum, 0, sizeof *sum);
}

/* ---------------------------------------------------------- boilerplate */

const char *const tg_topic_default_boilerplate[] = {
    /* attributions: «به گزارش ایسنا،», «به نقل از روابط عمومی ...،» */
    "به گزارش *", "به نقل از *", "منبع *", "منابع *", "کد خبر *", "تاریخ انتشار *",
    /* trailers */
    "انتهای پیام", "پایان پیام", "انتهای خبر", "بیشتر بخوانید",
    "مرورگر شما از ویدئو پشتیبانی نمی‌کند", "فایل آن‌را از اینجا دانلود کنید *",
    "بازگشت به صفحه نخست *", "مطالب مجله تصویری سلاح را در ایندنبال کنید",
    /* agencies and papers, by name */
    "خبرگزاری فارس", "فارس نیوز", "خبرگزاری دانشجویان ایران", "خبرگزاری جمهوری اسلامی",
    "خبرگزاری مهر", "خبرگزاری تسنیم", "خبرگزاری ایلنا", "خبرگزاری ایرنا",
    "خبرگزاری ایسنا", "خبرگزاری ایکنا", "خبرگزاری صدا و سیما", "باشگاه خبرنگاران جوان",
    "ایسنا", "ایرنا", "ایلنا", "ایکنا", "تسنیم", "تابناک", "عصر ایران", "عصرایران",
    "همشهری آنلاین", "رادیو فردا", "روزنامه دنیای اقتصاد", "تاریخ اقتصاد",
    /* English wire credits */
    "Reuters", "Associated Press", "AFP", "BBC News", "BBC News website",
    NULL};

/* -------------------------------------------------------------- training */

typedef struct {
    char *name, *iptc;
    size_t docs;
} train_label;

struct tagger_topic_trainer {
    const tagger *t;
    tagger_topic_train_options opt;
    char lang[8];
    topic_features fs;
    char **pattern_text; /* as given, written into the model */
    size_t npattern_text;
    train_label *labels;
    size_t nlabels;
    topic_feat *feats; /* every document's features, end to end */
    size_t nfeats, capfeats;
    size_t *doc_start; /* [ndocs + 1] */
    uint32_t *doc_label;
    size_t ndocs, capdocs;
};

void tagger_topic_train_options_init(tagger_topic_train_options *o)
{
    memset(o, 0, sizeof *o);
    o->algorithm = TAGGER_TOPIC_CNB;
    o->bucket_bits = 18;
    o->word_pairs = 1;
    o->epochs = 8;
    o->learning_rate = 1.0;
    o->smoothing = 0.03;
    o->balance = 0;
    o->seed = 1;
    o->calibrate = 1;
}

static tagger_status keep_pattern(tagger_topic_trainer *tr, const char *s, tagger_error *err)
{
    char **grown = realloc(tr->pattern_text, (tr->npattern_text + 1) * sizeof *grown);
    if (!grown)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    tr->pattern_text = grown;
    if (!(grown[tr->npattern_text] = dup_str(s)))
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    tr->npattern_text++;
    size_t before = tr->fs.npatterns;
    tagger_status rc = add_pattern(&tr->fs, tr->t->normalizer, tr->t->tokenizer, s, err);
    if (rc == TAGGER_ERR_INVALID_UTF8)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "boilerplate pattern is not valid UTF-8");
    if (rc == TAGGER_OK && tr->fs.npatterns == before) {
        free(tr->pattern_text[--tr->npattern_text]); /* no words in it */
    }
    return rc;
}

tagger_topic_trainer *tagger_topic_trainer_new(const tagger *t,
                                               const tagger_topic_train_options *opt,
                                               tagger_error *err)
{
    tagger_topic_train_options def;
    if (!opt) {
        tagger_topic_train_options_init(&def);
        opt = &def;
    }
    if (!t) {
        tg_error_set(err, TAGGER_ERR_USAGE, 0, "tagger_topic_trainer_new: NULL tagger");
        return NULL;
    }
    if (opt->bucket_bits < TOPIC_MIN_BITS || opt->bucket_bits > TOPIC_MAX_BITS) {
        tg_error_set(err, TAGGER_ERR_USAGE, 0, "bucket bits must be %u to %u, got %u",
                     TOPIC_MIN_BITS, TOPIC_MAX_BITS, opt->bucket_bits);
        return NULL;
    }
    if (opt->algorithm != TAGGER_TOPIC_LOGREG && opt->algorithm != TAGGER_TOPIC_NB &&
        opt->algorithm != TAGGER_TOPIC_CNB) {
        tg_error_set(err, TAGGER_ERR_USAGE, 0, "unknown topic algorithm %d", opt->algorithm);
        return NULL;
    }
    if (opt->lang && strlen(opt->lang) >= 8) {
        tg_error_set(err, TAGGER_ERR_USAGE, 0, "language tag too long: '%s'", opt->lang);
        return NULL;
    }
    if (!(opt->learning_rate > 0) || !(opt->smoothing > 0) || opt->epochs == 0 ||
        opt->epochs > 1000) {
        tg_error_set(err, TAGGER_ERR_USAGE, 0,
                     "epochs must be 1 to 1000, the rate and the smoothing > 0");
        return NULL;
    }
    tagger_topic_trainer *tr = calloc(1, sizeof *tr);
    if (!tr) {
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    tr->t = t;
    tr->opt = *opt;
    tr->opt.boilerplate = NULL;
    tr->opt.nboilerplate = 0;
    tr->opt.lang = NULL;
    if (opt->lang)
        snprintf(tr->lang, sizeof tr->lang, "%s", opt->lang);
    tr->fs.mask = ((uint32_t)1 << opt->bucket_bits) - 1;
    tr->fs.flags = (opt->word_pairs ? TOPIC_FLAG_PAIRS : 0) | (opt->idf ? TOPIC_FLAG_IDF : 0) |
                   (opt->stems ? TOPIC_FLAG_STEMS : 0) | (opt->char_grams ? TOPIC_FLAG_GRAMS : 0) |
                   (opt->prefixes ? TOPIC_FLAG_TRUNC : 0);
    tr->doc_start = malloc(sizeof *tr->doc_start);
    if (!tr->doc_start) {
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        goto error;
    }
    tr->doc_start[0] = 0;
    if (!opt->no_default_boilerplate)
        for (size_t i = 0; tg_topic_default_boilerplate[i]; i++)
            if (keep_pattern(tr, tg_topic_default_boilerplate[i], err) != TAGGER_OK)
                goto error;
    for (size_t i = 0; i < opt->nboilerplate; i++)
        if (keep_pattern(tr, opt->boilerplate[i], err) != TAGGER_OK)
            goto error;
    return tr;

error:
    tagger_topic_trainer_free(tr);
    return NULL;
}

void tagger_topic_trainer_free(tagger_topic_trainer *tr)
{
    if (!tr)
        return;
    features_clear(&tr->fs);
    for (size_t i = 0; i < tr->npattern_text; i++)
        free(tr->pattern_text[i]);
    free(tr->pattern_text);
    for (size_t i = 0; i < tr->nlabels; i++) {
        free(tr->labels[i].name);
        free(tr->labels[i].iptc);
    }
    free(tr->labels);
    free(tr->feats);
    free(tr->doc_start);
    free(tr->doc_label);
    free(tr);
}

/* The index of `label`, added if new; SIZE_MAX after filling err. */
static size_t label_index(tagger_topic_trainer *tr, const char *label, const char *iptc,
                          tagger_error *err)
{
    for (size_t i = 0; i < tr->nlabels; i++) {
        train_label *l = &tr->labels[i];
        if (strcmp(l->name, label) != 0)
            continue;
        if (iptc && *iptc) {
            if (!l->iptc[0]) {
                char *c = dup_str(iptc);
                if (!c)
                    break;
                free(l->iptc);
                l->iptc = c;
            } else if (strcmp(l->iptc, iptc) != 0) {
                tg_error_set(err, TAGGER_ERR_USAGE, 0,
                             "label '%s' given two IPTC codes: '%s' and '%s'", label, l->iptc,
                             iptc);
                return SIZE_MAX;
            }
        }
        return i;
    }
    if (tr->nlabels == TOPIC_MAX_LABELS) {
        tg_error_set(err, TAGGER_ERR_USAGE, 0, "too many labels (at most %u)", TOPIC_MAX_LABELS);
        return SIZE_MAX;
    }
    train_label *grown = realloc(tr->labels, (tr->nlabels + 1) * sizeof *grown);
    if (!grown)
        goto nomem;
    tr->labels = grown;
    train_label l = {dup_str(label), dup_str(iptc ? iptc : ""), 0};
    if (!l.name || !l.iptc) {
        free(l.name);
        free(l.iptc);
        goto nomem;
    }
    tr->labels[tr->nlabels] = l;
    return tr->nlabels++;

nomem:
    tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    return SIZE_MAX;
}

tagger_status tagger_topic_trainer_add(tagger_topic_trainer *tr, const char *text, size_t len,
                                       const char *label, const char *iptc, tagger_error *err)
{
    if (!tr || !label || !*label || (!text && len))
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "tagger_topic_trainer_add: missing "
                                                      "text or label");
    size_t bad;
    if (!tg_utf8_valid(label, strlen(label), &bad))
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "label is not valid UTF-8");
    if (len > tr->t->max_doc_bytes)
        return tg_error_set(err, TAGGER_ERR_TOO_LARGE, 0,
                            "document of %zu bytes exceeds the limit of %zu bytes", len,
                            tr->t->max_doc_bytes);
    tg_normtext nt;
    memset(&nt, 0, sizeof nt);
    tagger_token *toks = NULL;
    size_t ntoks = 0, nsent = 0, nf = 0;
    topic_feat *f = NULL;
    tagger_status rc = tg_normalize(tr->t->normalizer, text ? text : "", len, &nt, err);
    if (rc == TAGGER_OK)
        rc = tg_tokenize(tr->t->tokenizer, &nt, &toks, &ntoks, &nsent, err);
    if (rc == TAGGER_OK && extract(&tr->fs, nt.text, toks, ntoks, &f, &nf) != TAGGER_OK)
        rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    free(toks);
    tg_normtext_free(&nt);
    if (rc != TAGGER_OK)
        return rc;
    size_t li = label_index(tr, label, iptc, err);
    if (li == SIZE_MAX) {
        free(f);
        return err ? err->code : TAGGER_ERR_USAGE;
    }
    if (tr->ndocs + 1 >= tr->capdocs) {
        size_t cap = tr->capdocs ? tr->capdocs * 2 : 1024;
        size_t *ds = realloc(tr->doc_start, (cap + 1) * sizeof *ds);
        if (ds)
            tr->doc_start = ds;
        uint32_t *dl = ds ? realloc(tr->doc_label, cap * sizeof *dl) : NULL;
        if (!dl) {
            free(f);
            return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        }
        tr->doc_label = dl;
        tr->capdocs = cap;
    }
    if (tr->nfeats + nf > tr->capfeats) {
        size_t cap = tr->capfeats ? tr->capfeats : 1 << 16;
        while (cap < tr->nfeats + nf)
            cap *= 2;
        topic_feat *g = realloc(tr->feats, cap * sizeof *g);
        if (!g) {
            free(f);
            return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        }
        tr->feats = g;
        tr->capfeats = cap;
    }
    if (nf)
        memcpy(tr->feats + tr->nfeats, f, nf * sizeof *f);
    free(f);
    tr->nfeats += nf;
    tr->doc_label[tr->ndocs] = (uint32_t)li;
    tr->doc_start[++tr->ndocs] = tr->nfeats;
    tr->labels[li].docs++;
    return TAGGER_OK;
}

/* A small deterministic generator (splitmix64) for shuffling. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* A fitted float model: w[bucket * L + label], b[label]. */
typedef struct {
    double *w, *b;
} fit_model;

/* Averaged SGD on softmax regression over the documents in `docs`. */
static int fit_logreg(const tagger_topic_trainer *tr, const size_t *docs, size_t n,
                      const double *class_weight, fit_model *out)
{
    size_t L = tr->nlabels, B = (size_t)tr->fs.mask + 1;
    double *w = calloc(B * L, sizeof *w), *u = calloc(B * L, sizeof *u);
    double *b = calloc(L, sizeof *b), *ub = calloc(L, sizeof *ub);
    double *s = malloc(L * sizeof *s), *p = malloc(L * sizeof *p);
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    if (!w || !u || !b || !ub || !s || !p || !order) {
        free(w), free(u), free(b), free(ub), free(s), free(p), free(order);
        return 0;
    }
    memcpy(order, docs, n * sizeof *order);
    uint64_t rng = tr->opt.seed;
    double step = 1; /* the averaging counter */
    for (unsigned e = 0; e < tr->opt.epochs; e++) {
        for (size_t i = n; i > 1; i--) {
            size_t j = (size_t)(next_random(&rng) % i);
            size_t tmp = order[i - 1];
            order[i - 1] = order[j];
            order[j] = tmp;
        }
        for (size_t i = 0; i < n; i++) {
            size_t d = order[i];
            const topic_feat *f = tr->feats + tr->doc_start[d];
            size_t nf = tr->doc_start[d + 1] - tr->doc_start[d];
            size_t y = tr->doc_label[d];
            double eta = tr->opt.learning_rate / (1.0 + (step - 1) / (double)n);
            for (size_t c = 0; c < L; c++)
                s[c] = b[c];
            for (size_t k = 0; k < nf; k++) {
                const double *row = w + (size_t)f[k].bucket * L;
                for (size_t c = 0; c < L; c++)
                    s[c] += f[k].value * row[c];
            }
            softmax(s, L, 1.0, p);
            for (size_t c = 0; c < L; c++) {
                double g = class_weight[y] * (p[c] - (c == y)) * eta;
                if (g == 0)
                    continue;
                b[c] -= g;
                ub[c] -= step * g;
                for (size_t k = 0; k < nf; k++) {
                    size_t at = (size_t)f[k].bucket * L + c;
                    w[at] -= g * f[k].value;
                    u[at] -= step * g * f[k].value;
                }
            }
            step++;
        }
    }
    for (size_t i = 0; i < B * L; i++)
        w[i] -= u[i] / step;
    for (size_t c = 0; c < L; c++)
        b[c] -= ub[c] / step;
    free(u), free(ub), free(s), free(p), free(order);
    out->w = w;
    out->b = b;
    return 1;
}

/* Naive Bayes over the transformed counts: multinomial (log P(f | c) with
 * add-one smoothing and the label prior) or complement (minus log P(f | not
 * c), uniform prior). */
static int fit_nb(const tagger_topic_trainer *tr, const size_t *docs, size_t n,
                  const double *class_weight, int complement, fit_model *out)
{
    size_t L = tr->nlabels, B = (size_t)tr->fs.mask + 1;
    double *cnt = calloc(B * L, sizeof *cnt), *tot = calloc(L, sizeof *tot);
    double *b = calloc(L, sizeof *b), *prior = calloc(L, sizeof *prior);
    double *w = NULL;
    if (!cnt || !tot || !b || !prior)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        size_t d = docs[i], y = tr->doc_label[d];
        for (size_t k = tr->doc_start[d]; k < tr->doc_start[d + 1]; k++) {
            cnt[(size_t)tr->feats[k].bucket * L + y] += class_weight[y] * tr->feats[k].value;
            tot[y] += class_weight[y] * tr->feats[k].value;
        }
        prior[y] += class_weight[y];
    }
    const double alpha = tr->opt.smoothing;
    if (!complement) {
        double all = 0;
        for (size_t c = 0; c < L; c++)
            all += prior[c];
        for (size_t c = 0; c < L; c++)
            b[c] = log((prior[c] + 1) / (all + (double)L));
        for (size_t i = 0; i < B * L; i++)
            cnt[i] = log((cnt[i] + alpha) / (tot[i % L] + alpha * (double)B));
        w = cnt;
    } else {
        double all = 0;
        for (size_t c = 0; c < L; c++)
            all += tot[c];
        for (size_t f = 0; f < B; f++) {
            double row = 0;
            for (size_t c = 0; c < L; c++)
                row += cnt[f * L + c];
            for (size_t c = 0; c < L; c++)
                cnt[f * L + c] = -log((row - cnt[f * L + c] + alpha) /
                                      (all - tot[c] + alpha * (double)B));
        }
        if (tr->opt.normalize_weights)
            for (size_t c = 0; c < L; c++) {
                double sum = 0;
                for (size_t f = 0; f < B; f++)
                    sum += fabs(cnt[f * L + c]);
                for (size_t f = 0; f < B && sum > 0; f++)
                    cnt[f * L + c] /= sum;
            }
        w = cnt;
    }
    free(tot);
    free(prior);
    out->w = w;
    out->b = b;
    return 1;

fail:
    free(cnt), free(tot), free(b), free(prior);
    return 0;
}

/* Quantizes a fitted model: weights centered per bucket, int8 per label
 * with a per-label scale. */
static void quantize(const fit_model *fm, size_t B, size_t L, int8_t *q, topic_label *lab)
{
    for (size_t f = 0; f < B; f++) {
        double m = 0;
        for (size_t c = 0; c < L; c++)
            m += fm->w[f * L + c];
        m /= (double)L;
        for (size_t c = 0; c < L; c++)
            fm->w[f * L + c] -= m;
    }
    for (size_t c = 0; c < L; c++) {
        double mx = 0;
        for (size_t f = 0; f < B; f++)
            mx = fmax(mx, fabs(fm->w[f * L + c]));
        double scale = mx > 0 ? mx / 127.0 : 1.0;
        lab[c].bias = (float)fm->b[c];
        lab[c].scale = (float)scale;
        for (size_t f = 0; f < B; f++) {
            double v = nearbyint(fm->w[f * L + c] / scale);
            q[f * L + c] = (int8_t)(v > 127 ? 127 : v < -127 ? -127 : v);
        }
    }
    /* the bias is centered too, for the same reason */
    double m = 0;
    for (size_t c = 0; c < L; c++)
        m += lab[c].bias;
    m /= (double)L;
    for (size_t c = 0; c < L; c++)
        lab[c].bias = (float)(lab[c].bias - m);
}

static int fit(const tagger_topic_trainer *tr, const size_t *docs, size_t n, int8_t *q,
               topic_label *lab)
{
    size_t L = tr->nlabels, B = (size_t)tr->fs.mask + 1;
    double *cw = malloc(L * sizeof *cw);
    size_t *per = calloc(L, sizeof *per);
    if (!cw || !per) {
        free(cw);
        free(per);
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        per[tr->doc_label[docs[i]]]++;
    for (size_t c = 0; c < L; c++)
        cw[c] = tr->opt.balance && per[c] ? (double)n / ((double)L * (double)per[c]) : 1.0;
    fit_model fm = {NULL, NULL};
    int ok = tr->opt.algorithm == TAGGER_TOPIC_LOGREG
                 ? fit_logreg(tr, docs, n, cw, &fm)
                 : fit_nb(tr, docs, n, cw, tr->opt.algorithm == TAGGER_TOPIC_CNB, &fm);
    if (ok)
        quantize(&fm, B, L, q, lab);
    free(fm.w);
    free(fm.b);
    free(cw);
    free(per);
    return ok;
}

/* Negative log likelihood of the held-out labels at temperature t. */
static double nll(const double *s, const uint32_t *y, size_t n, size_t L, double t, double *p)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        softmax(s + i * L, L, t, p);
        sum -= log(fmax(p[y[i]], 1e-300));
    }
    return sum;
}

/* Fits the temperature on a held-out tenth; *acc receives its accuracy. */
static int calibrate(const tagger_topic_trainer *tr, int8_t *q, topic_label *lab, double *temp,
                     double *acc, size_t *nheld)
{
    size_t L = tr->nlabels, n = tr->ndocs;
    size_t *train = malloc(n * sizeof *train), *held = malloc(n * sizeof *held);
    double *s = NULL, *p = malloc(3 * L * sizeof *p);
    float *facc = malloc(L * sizeof *facc);
    uint32_t *y = malloc(n * sizeof *y);
    size_t nt = 0, nh = 0;
    int ok = 0;
    if (!train || !held || !p || !y || !facc)
        goto done;
    uint64_t rng = tr->opt.seed ^ 0x5DEECE66Dull;
    for (size_t d = 0; d < n; d++) {
        if (next_random(&rng) % TOPIC_HOLDOUT == 0)
            held[nh++] = d;
        else
            train[nt++] = d;
    }
    if (nh < 10 || nt == 0) {
        ok = 1; /* too few documents to calibrate: T = 1 */
        goto done;
    }
    if (!fit(tr, train, nt, q, lab) || !(s = malloc(nh * L * sizeof *s)))
        goto done;
    size_t right = 0;
    for (size_t i = 0; i < nh; i++) {
        size_t d = held[i];
        y[i] = tr->doc_label[d];
        score_quantized(q, lab, L, tr->feats + tr->doc_start[d],
                        tr->doc_start[d + 1] - tr->doc_start[d], facc, s + i * L);
        size_t best = 0;
        for (size_t c = 1; c < L; c++)
            if (s[i * L + c] > s[i * L + best])
                best = c;
        right += best == y[i];
    }
    *acc = (double)right / (double)nh;
    *nheld = nh;
    /* golden-section search on log T in [log 1e-3, log 1e3] */
    const double g = 0.6180339887498949;
    double lo = log(1e-3), hi = log(1e3);
    double a = hi - g * (hi - lo), c = lo + g * (hi - lo);
    double fa = nll(s, y, nh, L, exp(a), p), fc = nll(s, y, nh, L, exp(c), p);
    for (int it = 0; it < 60; it++) {
        if (fa < fc) {
            hi = c, c = a, fc = fa;
            a = hi - g * (hi - lo);
            fa = nll(s, y, nh, L, exp(a), p);
        } else {
            lo = a, a = c, fa = fc;
            c = lo + g * (hi - lo);
            fc = nll(s, y, nh, L, exp(c), p);
        }
    }
    *temp = exp((lo + hi) / 2);
    ok = 1;

done:
    free(train), free(held), free(s), free(p), free(y), free(facc);
    return ok;
}

/* Inverse document frequency per bucket over the training documents,
 * smoothed as log((1 + N) / (1 + df)) + 1 and stored as a byte q = 16 idf
 * (1/16 resolution; the cap of 255/16 needs some 3 million documents). */
static int fill_idf(const tagger_topic_trainer *tr, uint8_t *idf)
{
    size_t B = (size_t)tr->fs.mask + 1;
    uint32_t *df = calloc(B, sizeof *df);
    if (!df)
        return 0;
    for (size_t k = 0; k < tr->nfeats; k++)
        df[tr->feats[k].bucket]++; /* a bucket occurs once per document */
    for (size_t f = 0; f < B; f++) {
        double v = log((1.0 + (double)tr->ndocs) / (1.0 + (double)df[f])) + 1.0;
        double qv = nearbyint(v * TOPIC_IDF_ONE);
        idf[f] = (uint8_t)(qv < 1 ? 1 : qv > 255 ? 255 : qv);
    }
    free(df);
    return 1;
}

tagger_status tagger_topic_trainer_write(tagger_topic_trainer *tr, const char *path,
                                         tagger_topic_train_report *report, tagger_error *err)
{
    if (!tr || !path)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "tagger_topic_trainer_write: NULL argument");
    if (tr->nlabels < 2)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0,
                            "need documents of at least two labels to train, got %zu",
                            tr->nlabels);
    size_t L = tr->nlabels, B = (size_t)tr->fs.mask + 1;
    /* strings: "" first, then labels, codes, patterns */
    size_t sbytes = 1;
    for (size_t i = 0; i < L; i++)
        sbytes += strlen(tr->labels[i].name) + 1 + strlen(tr->labels[i].iptc) + 1;
    for (size_t i = 0; i < tr->npattern_text; i++)
        sbytes += strlen(tr->pattern_text[i]) + 1;
    if (sbytes > TOPIC_MAX_STRINGS || tr->npattern_text > TOPIC_MAX_PATTERNS)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "too many labels or patterns");
    topic_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, TOPIC_MAGIC, 8);
    /* a model without the version-2 features is written as version 1, which
     * older readers load too */
    h.version = tr->fs.flags & ~TOPIC_FLAGS_V1 ? TOPIC_VERSION : 1u;
    h.endian = TOPIC_ENDIAN;
    h.nlabels = (uint32_t)L;
    h.bucket_bits = tr->opt.bucket_bits;
    h.npatterns = (uint32_t)tr->npattern_text;
    h.string_bytes = (uint32_t)sbytes;
    h.flags = tr->fs.flags;
    memcpy(h.lang, tr->lang, sizeof h.lang);
    topic_layout l = layout_of(&h);
    h.file_size = l.total;
    unsigned char *image = calloc(1, l.total);
    size_t *all = malloc(tr->ndocs * sizeof *all + 1);
    if (!image || !all) {
        free(image);
        free(all);
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    topic_label *lab = (topic_label *)(image + l.labels);
    uint32_t *pat = (uint32_t *)(image + l.patterns);
    char *strings = (char *)image + l.strings;
    int8_t *q = (int8_t *)(image + l.weights);
    size_t at = 1;
    for (size_t i = 0; i < L; i++) {
        lab[i].label = (uint32_t)at;
        at += (size_t)sprintf(strings + at, "%s", tr->labels[i].name) + 1;
        lab[i].iptc = (uint32_t)at;
        at += (size_t)sprintf(strings + at, "%s", tr->labels[i].iptc) + 1;
    }
    for (size_t i = 0; i < tr->npattern_text; i++) {
        pat[i] = (uint32_t)at;
        at += (size_t)sprintf(strings + at, "%s", tr->pattern_text[i]) + 1;
    }
    /* the documents as the model will see them: idf (kept in the model)
     * and unit length, on a copy, so more documents can still be added */
    topic_feat *raw = tr->feats, *weighed = malloc((tr->nfeats ? tr->nfeats : 1) * sizeof *weighed);
    uint8_t *idf = h.flags & TOPIC_FLAG_IDF ? image + l.idf : NULL;
    if (!weighed || (idf && !fill_idf(tr, idf))) {
        free(weighed);
        free(image);
        free(all);
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    if (tr->nfeats)
        memcpy(weighed, raw, tr->nfeats * sizeof *weighed);
    for (size_t d = 0; d < tr->ndocs; d++)
        weigh(idf, weighed + tr->doc_start[d], tr->doc_start[d + 1] - tr->doc_start[d]);
    tr->feats = weighed;
    double temp = 1.0, acc = 0;
    size_t nheld = 0;
    int ok = !tr->opt.calibrate || calibrate(tr, q, lab, &temp, &acc, &nheld);
    for (size_t d = 0; d < tr->ndocs; d++)
        all[d] = d;
    ok = ok && fit(tr, all, tr->ndocs, q, lab);
    tr->feats = raw;
    free(weighed);
    free(all);
    if (!ok) {
        free(image);
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory training");
    }
    h.temperature = (float)temp;
    memcpy(image, &h, sizeof h);
    tg_topic_model_seal(image, l.total);

    size_t used = 0;
    for (size_t f = 0; f < B; f++)
        for (size_t c = 0; c < L; c++)
            if (q[f * L + c]) {
                used++;
                break;
            }
    tagger_status rc = tg_datafile_write(path, image, l.total, err);
    free(image);
    if (rc == TAGGER_OK && report) {
        memset(report, 0, sizeof *report);
        report->documents = tr->ndocs;
        report->labels = L;
        report->buckets = B;
        report->buckets_used = used;
        report->temperature = temp;
        report->holdout_documents = nheld;
        report->holdout_accuracy = acc;
        report->file_bytes = l.total;
    }
    return rc;
}

size_t tagger_topic_trainer_label_count(const tagger_topic_trainer *tr)
{
    return tr ? tr->nlabels : 0;
}

const char *tagger_topic_trainer_label(const tagger_topic_trainer *tr, size_t i,
                                       const char **iptc, size_t *docs)
{
    if (!tr || i >= tr->nlabels)
        return NULL;
    if (iptc)
        *iptc = tr->labels[i].iptc;
    if (docs)
        *docs = tr->labels[i].docs;
    return tr->labels[i].name;
}

/* ------------------------------------------------------------------ IPTC */

static const char *const iptc_top[][2] = {
    {"arts", "medtop:01000000"},        {"crime", "medtop:02000000"},
    {"disaster", "medtop:03000000"},    {"economy", "medtop:04000000"},
    {"education", "medtop:05000000"},   {"environment", "medtop:06000000"},
    {"health", "medtop:07000000"},      {"human_interest", "medtop:08000000"},
    {"labour", "medtop:09000000"},      {"lifestyle", "medtop:10000000"},
    {"politics", "medtop:11000000"},    {"religion", "medtop:12000000"},
    {"scitech", "medtop:13000000"},     {"society", "medtop:14000000"},
    {"sport", "medtop:15000000"},       {"conflict", "medtop:16000000"},
    {"weather", "medtop:17000000"},
};

const char *tagger_iptc_code(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof iptc_top / sizeof iptc_top[0]; i++)
        if (strcmp(name, iptc_top[i][0]) == 0)
            return iptc_top[i][1];
    return NULL;
}

const char *tagger_iptc_name(size_t i)
{
    return i < sizeof iptc_top / sizeof iptc_top[0] ? iptc_top[i][0] : NULL;
}
