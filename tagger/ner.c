/* ner — see ner.h for the tags, features, learning, file and integration. */
#include "ner.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datafile.h"
#include "internal.h"
#include "labels.h"

#define NER_MAGIC "TGNER\0\0\n"
#define NER_VERSION 3u
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

enum { SCHEME_BIO = 0, SCHEME_BILOU = 1 };
enum { POS_B = 0, POS_I = 1, POS_L = 2, POS_U = 3 };

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
    uint32_t history;  /* 1: prediction history features (documents in order) */
    uint32_t reserved; /* 0 */
} ner_header; /* 80 bytes */

/* A slot of the word cluster table: the word's hash (str_hash of its
 * normalized form, 0 read as 1; 0 marks an empty slot) and its cluster id
 * at each granularity.  Open addressing, linear probing from
 * fmix64(key) & (slots - 1). */
typedef struct {
    uint64_t key;
    uint16_t id[NER_MAX_CLUSTER_LEVELS];
} ner_cslot; /* 16 bytes */

typedef struct {
    const ner_cslot *slot; /* NULL: no clusters */
    size_t mask;           /* slots - 1 */
    unsigned levels, window;
} cluster_table;

typedef struct {
    size_t labels, scales, trans, final, strings, weights, clusters, total;
} ner_layout;

/* Bytes per weight row: 8 or 16 (the vector widths emit_quantized adds
 * at once, the rest zero) for up to 8 or 16 tags, else the tags. */
static size_t row_stride(unsigned ntags)
{
    return ntags <= 8 ? 8 : ntags <= 16 ? 16 : ntags;
}

static ner_layout layout_of(const ner_header *h)
{
    ner_layout l;
    l.labels = sizeof(ner_header);
    l.scales = l.labels + tg_align8((size_t)h->nlabels * 4);
    l.trans = l.scales + tg_align8((size_t)h->ntags * 4);
    l.final = l.trans + tg_align8(((size_t)h->ntags + 1) * h->ntags * 4);
    l.strings = l.final + tg_align8((size_t)h->ntags * 4);
    l.weights = l.strings + tg_align8(h->string_bytes);
    l.clusters = l.weights + tg_align8(((size_t)1 << h->bucket_bits) * row_stride(h->ntags));
    l.total = l.clusters +
              (h->cluster_levels ? ((size_t)1 << h->cluster_bits) * sizeof(ner_cslot) : 0);
    return l;
}

#define NER_CHECKSUM_SEED 0x51ED27A1C0FFEEull

static uint64_t checksum(const unsigned char *image, size_t size)
{
    return tg_datafile_checksum(image, size, sizeof(ner_header), offsetof(ner_header, checksum),
                                NER_CHECKSUM_SEED);
}

void tg_ner_model_seal(unsigned char *image, size_t size)
{
    tg_datafile_seal(image, size, sizeof(ner_header), offsetof(ner_header, checksum),
                     NER_CHECKSUM_SEED);
}

/* ------------------------------------------------------------------ tags */

static unsigned ntags_of(unsigned nlabels, unsigned scheme)
{
    return 1 + nlabels * (scheme == SCHEME_BILOU ? 4 : 2);
}

/* The label (0-based) and position of a tag other than O. */
static void tag_split(unsigned tag, unsigned scheme, unsigned *label, unsigned *pos)
{
    unsigned per = scheme == SCHEME_BILOU ? 4 : 2;
    *label = (tag - 1) / per;
    *pos = (tag - 1) % per;
}

static unsigned tag_make(unsigned label, unsigned pos, unsigned scheme)
{
    if (scheme == SCHEME_BILOU)
        return 1 + label * 4 + pos;
    return 1 + label * 2 + (pos == POS_I || pos == POS_L ? 1 : 0);
}

/* Whether `cur` may follow `prev` (prev == T: the start state). */
static int tag_allowed(unsigned prev, unsigned cur, unsigned T, unsigned scheme)
{
    unsigned pl = 0, pp = POS_U, cl = 0, cp = POS_B;
    int open = 0;
    if (prev != T && prev != 0) {
        tag_split(prev, scheme, &pl, &pp);
        open = scheme == SCHEME_BILOU && (pp == POS_B || pp == POS_I);
    }
    if (cur == 0)
        return !open;
    tag_split(cur, scheme, &cl, &cp);
    if (scheme == SCHEME_BIO)
        return cp == POS_B || (prev != T && prev != 0 && pl == cl);
    if (open)
        return cl == pl && (cp == POS_I || cp == POS_L);
    return cp == POS_B || cp == POS_U;
}

static int tag_allowed_end(unsigned tag, unsigned scheme)
{
    unsigned l, p;
    if (tag == 0 || scheme == SCHEME_BIO)
        return 1;
    tag_split(tag, scheme, &l, &p);
    return p == POS_L || p == POS_U;
}

typedef struct {
    unsigned T, scheme;
    unsigned char allowed[(NER_MAX_TAGS + 1) * NER_MAX_TAGS];
    unsigned char allowed_end[NER_MAX_TAGS];
} tag_rules;

static void tag_rules_init(tag_rules *tr, unsigned T, unsigned scheme)
{
    tr->T = T;
    tr->scheme = scheme;
    for (unsigned p = 0; p <= T; p++)
        for (unsigned c = 0; c < T; c++)
            tr->allowed[p * T + c] = (unsigned char)tag_allowed(p, c, T, scheme);
    for (unsigned c = 0; c < T; c++)
        tr->allowed_end[c] = (unsigned char)tag_allowed_end(c, scheme);
}

/* Vectors of 8 or 16 lanes (GCC and Clang extensions) for models of at
 * most 8 or 16 tags: the weight sums take one vector operation for all
 * tags. */
typedef int8_t v8qi __attribute__((vector_size(8)));
typedef int16_t v8hi __attribute__((vector_size(16)));
typedef int32_t v8si __attribute__((vector_size(32)));
typedef int8_t v16qi __attribute__((vector_size(16))); /* up to 16 tags (BILOU) */
typedef int16_t v16hi __attribute__((vector_size(32)));
typedef int32_t v16si __attribute__((vector_size(64)));

/* x86 builds also compile AVX2 versions of the Viterbi recursion and the
 * row sums and choose them at run time; -DTAGGER_PORTABLE=ON (the sanitizer
 * build) keeps only the plain code, so the tests cover both. */
#if (defined(__x86_64__) || defined(__i386__)) && !defined(TAGGER_PORTABLE)
#define NER_AVX2_DISPATCH 1
#endif

/* Best tag sequence of n tokens: emit[n][T], trans[T+1][T], final[T];
 * delta and back are scratch of n*T.  Ties go to the lower tag.  The
 * transitions are first copied with the forbidden ones at NER_NEG_INF, so
 * the inner loop is a plain maximum; a state whose best predecessor is
 * itself unreachable (below NER_NEG_INF / 2) stays unreachable. */
/* The forward steps of viterbi() below; inlined with a constant T, the
 * compiler unrolls the inner loops. */
static inline __attribute__((always_inline)) void
viterbi_steps(const float *ok, const float *emit, size_t n, unsigned T, float *delta,
              uint8_t *back)
{
    for (size_t i = 1; i < n; i++) {
        const float *prev = delta + (i - 1) * T;
        for (unsigned c = 0; c < T; c++) {
            float best = prev[0] + ok[c];
            unsigned arg = 0;
            for (unsigned p = 1; p < T; p++) {
                float s = prev[p] + ok[p * T + c];
                if (s > best) {
                    best = s;
                    arg = p;
                }
            }
            delta[i * T + c] = best > NER_NEG_INF / 2 ? best + emit[i * T + c] : NER_NEG_INF;
            back[i * T + c] = (uint8_t)arg;
        }
    }
}

/* BILOU with L labels: the "opening" tags O, B and U may only follow the
 * "closing" tags O, L and U; I and L of a label only its B or I.  61 of
 * the 169 pairs for three labels.  Both lists in increasing order. */
static inline __attribute__((always_inline)) void
bilou_tag_sets(unsigned L, unsigned char *closing, unsigned char *opening)
{
    closing[0] = opening[0] = 0;
    for (unsigned l = 0; l < L; l++) {
        closing[1 + 2 * l] = (unsigned char)(1 + 4 * l + POS_L);
        closing[2 + 2 * l] = (unsigned char)(1 + 4 * l + POS_U);
        opening[1 + 2 * l] = (unsigned char)(1 + 4 * l + POS_B);
        opening[2 + 2 * l] = (unsigned char)(1 + 4 * l + POS_U);
    }
}

/* The I and L tags of token i: after B or I of their label. */
static inline __attribute__((always_inline)) void
bilou_inside_step(unsigned L, const float *ok, const float *prev, const float *e, float *d,
                  uint8_t *bk)
{
    unsigned T = 1 + 4 * L;
    for (unsigned l = 0; l < L; l++) {
        unsigned b = 1 + 4 * l + POS_B, in = b + 1;
        for (unsigned c = in; c <= in + 1; c++) {
            float sb = prev[b] + ok[b * T + c], si = prev[in] + ok[in * T + c];
            float top = si > sb ? si : sb;
            d[c] = top > NER_NEG_INF / 2 ? top + e[c] : NER_NEG_INF;
            bk[c] = (uint8_t)(si > sb ? in : b);
        }
    }
}

/* The forward steps for BILOU: only the allowed pairs are tried; ties go
 * to the lower tag. */
static inline __attribute__((always_inline)) void
viterbi_bilou_steps(unsigned L, const float *ok, const float *emit, size_t n, float *delta,
                    uint8_t *back)
{
    unsigned T = 1 + 4 * L, nc = 1 + 2 * L;
    unsigned char closing[1 + 2 * NER_MAX_LABELS], opening[1 + 2 * NER_MAX_LABELS];
    bilou_tag_sets(L, closing, opening);
    for (size_t i = 1; i < n; i++) {
        const float *prev = delta + (i - 1) * T;
        float *d = delta + i * T;
        const float *e = emit + i * T;
        uint8_t *bk = back + i * T;
        for (unsigned k = 0; k < nc; k++) {
            unsigned c = opening[k], aj = 0;
            float best = prev[closing[0]] + ok[closing[0] * T + c];
            for (unsigned j = 1; j < nc; j++) {
                float sc = prev[closing[j]] + ok[closing[j] * T + c];
                if (sc > best) {
                    best = sc;
                    aj = j;
                }
            }
            d[c] = best > NER_NEG_INF / 2 ? best + e[c] : NER_NEG_INF;
            bk[c] = closing[aj];
        }
        bilou_inside_step(L, ok, prev, e, d, bk);
    }
}

#ifdef NER_AVX2_DISPATCH
typedef float v8sf __attribute__((vector_size(32)));

/* The same with the 7 opening tags of three labels scored as one 8-lane
 * vector per closing predecessor, keeping the first best: the same result,
 * compiled for AVX2 and used where the processor has it (the 8-lane blend
 * costs more than the plain loop without it). */
static inline __attribute__((always_inline)) void
viterbi_bilou_vec_steps(unsigned L, const float *ok, const float *emit, size_t n,
                        float *delta, uint8_t *back)
{
    unsigned T = 1 + 4 * L, nc = 1 + 2 * L;
    unsigned char closing[1 + 2 * NER_MAX_LABELS], opening[1 + 2 * NER_MAX_LABELS];
    bilou_tag_sets(L, closing, opening);
    v8sf okv[1 + 2 * NER_MAX_LABELS]; /* okv[j][k]: closing[j] -> opening[k] */
    for (unsigned j = 0; j < nc; j++)
        for (unsigned k = 0; k < 8; k++)
            okv[j][k] = k < nc ? ok[closing[j] * T + opening[k]] : NER_NEG_INF;
    for (size_t i = 1; i < n; i++) {
        const float *prev = delta + (i - 1) * T;
        float *d = delta + i * T;
        const float *e = emit + i * T;
        uint8_t *bk = back + i * T;
        v8sf best = prev[closing[0]] + okv[0];
        v8si arg = {0};
        for (unsigned j = 1; j < nc; j++) {
            v8sf cand = prev[closing[j]] + okv[j];
            v8si more = cand > best;
            best = (v8sf)(((v8si)cand & more) | ((v8si)best & ~more));
            arg = (((v8si){0} + (int32_t)j) & more) | (arg & ~more);
        }
        float bv[8];
        int32_t av[8];
        memcpy(bv, &best, sizeof bv);
        memcpy(av, &arg, sizeof av);
        for (unsigned k = 0; k < nc; k++) {
            unsigned c = opening[k];
            d[c] = bv[k] > NER_NEG_INF / 2 ? bv[k] + e[c] : NER_NEG_INF;
            bk[c] = closing[av[k]];
        }
        bilou_inside_step(L, ok, prev, e, d, bk);
    }
}

static __attribute__((target("avx2"))) void
viterbi_bilou3_avx2(const float *ok, const float *emit, size_t n, float *delta, uint8_t *back)
{
    viterbi_bilou_vec_steps(3, ok, emit, n, delta, back);
}
#endif

static void viterbi(const tag_rules *tr, const float *emit, size_t n, const float *trans,
                    const float *final, float *delta, uint8_t *back, uint8_t *out)
{
    unsigned T = tr->T;
    float ok[(NER_MAX_TAGS + 1) * NER_MAX_TAGS];
    for (unsigned i = 0; i < (T + 1) * T; i++)
        ok[i] = tr->allowed[i] ? trans[i] : NER_NEG_INF;
    for (unsigned c = 0; c < T; c++)
        delta[c] = tr->allowed[T * T + c] ? trans[T * T + c] + emit[c] : NER_NEG_INF;
    if (T == 7) /* BIO with three labels: unrolled */
        viterbi_steps(ok, emit, n, 7, delta, back);
    else if (T == 13 && tr->scheme == SCHEME_BILOU) { /* three labels: unrolled */
#ifdef NER_AVX2_DISPATCH
        if (__builtin_cpu_supports("avx2"))
            viterbi_bilou3_avx2(ok, emit, n, delta, back);
        else
#endif
            viterbi_bilou_steps(3, ok, emit, n, delta, back);
    }
    else if (tr->scheme == SCHEME_BILOU)
        viterbi_bilou_steps((T - 1) / 4, ok, emit, n, delta, back);
    else
        viterbi_steps(ok, emit, n, T, delta, back);
    float best = NER_NEG_INF;
    unsigned arg = 0;
    for (unsigned c = 0; c < T; c++) {
        const float *last = delta + (n - 1) * T;
        if (!tr->allowed_end[c] || last[c] <= NER_NEG_INF)
            continue;
        if (last[c] + final[c] > best) {
            best = last[c] + final[c];
            arg = c;
        }
    }
    for (size_t i = n; i-- > 0;) {
        out[i] = (uint8_t)arg;
        if (i > 0)
            arg = back[i * T + arg];
    }
}

/* -------------------------------------------------------------- features */

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

static uint64_t fmix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 33;
    return h;
}

static uint64_t str_hash(const char *s, size_t n)
{
    uint64_t h = 0xCBF29CE484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001B3ull;
    return h;
}

static uint64_t feat(unsigned tmpl, uint64_t v)
{
    return fmix64(v ^ ((uint64_t)tmpl * 0x9E3779B97F4A7C15ull));
}

static uint64_t combine(uint64_t a, uint64_t b)
{
    return fmix64(a * 0x9E3779B97F4A7C15ull + b + 0x632BE59BD9B4E019ull);
}

/* Prediction history: what the model tagged each word of the document so
 * far (Ratinov & Roth 2009, "extended prediction history").  A word's
 * mask has bit 0 for O and, for label l, bit 1 + 2l at the first token of
 * an entity and bit 2 + 2l inside one.  Open addressing over 32-bit word
 * keys; a slot belongs to the current document when its generation is the
 * table's, so a new document costs no clearing. */
#define HIST_MAX_FEATS (2 * NER_MAX_LABELS + 1)

typedef struct {
    uint32_t key, gen, mask;
} hist_slot;

typedef struct {
    hist_slot *slot;
    size_t cap; /* a power of two */
    uint32_t gen;
} history;

/* Starts a document of n tokens. */
static int history_reset(history *h, size_t n)
{
    size_t cap = h->cap ? h->cap : 256;
    while (cap < 2 * n)
        cap *= 2;
    if (cap > h->cap || h->gen == UINT32_MAX) {
        hist_slot *v = calloc(cap, sizeof *v);
        if (!v)
            return 0;
        free(h->slot);
        h->slot = v;
        h->cap = cap;
        h->gen = 0;
    }
    h->gen++;
    return 1;
}

static uint32_t history_key(uint64_t w)
{
    return (uint32_t)(w ^ (w >> 32));
}

static hist_slot *history_find(const history *h, uint64_t w, int *found)
{
    uint32_t key = history_key(w);
    size_t at = (size_t)(fmix64(key) & (h->cap - 1));
    while (h->slot[at].gen == h->gen && h->slot[at].key != key)
        at = (at + 1) & (h->cap - 1);
    *found = h->slot[at].gen == h->gen;
    return &h->slot[at];
}

/* The history features of word w (hashes before bucketing) into hs. */
static size_t history_features(const history *h, uint64_t w, uint64_t *hs)
{
    int found;
    hist_slot *sl = history_find(h, w, &found);
    if (!found)
        return 0;
    size_t k = 0;
    hs[k++] = feat(F_HIST_ALL, sl->mask);
    for (uint32_t bits = sl->mask & ~1u; bits; bits &= bits - 1)
        hs[k++] = feat(F_HIST, (unsigned)__builtin_ctz(bits));
    return k;
}

/* Records the tags of a decoded run of words. */
static void history_record(history *h, const uint64_t *w, const uint8_t *tags, size_t n,
                           unsigned scheme)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t bit = 1;
        if (tags[i]) {
            unsigned label, pos;
            tag_split(tags[i], scheme, &label, &pos);
            bit = 1u << (1 + 2 * label + (pos == POS_I || pos == POS_L));
        }
        int found;
        hist_slot *sl = history_find(h, w[i], &found);
        if (!found) {
            sl->key = history_key(w[i]);
            sl->gen = h->gen;
            sl->mask = 0;
        }
        sl->mask |= bit;
    }
}

/* A feature attached to one token by a gazetteer candidate or rule match. */
typedef struct {
    size_t tok;
    uint64_t h;
} extra;

typedef struct {
    uint32_t *f;     /* bucket ids */
    size_t nf, fcap;
    size_t *off;     /* [ntok + 1] into f */
    int own_first;   /* list the features of the word itself first (training) */
    uint8_t *nown;   /* [ntok] with own_first: how many they are */
    size_t offcap;
    extra *x;        /* sorted by token, unique */
    size_t nx, xcap;
    uint64_t *w;     /* [ntok] word hashes */
    uint64_t *shape; /* [ntok] shape hashes */
    uint16_t *cid;   /* [ntok][NER_MAX_CLUSTER_LEVELS] cluster ids */
    uint32_t *labels; /* [ntok] labels of the candidates (bits 0-11) and
                         rule matches (bits 12-23) covering the token, then
                         of every occurrence of its word in the document */
    size_t tokcap;
} featbuf;

static void featbuf_free(featbuf *fb)
{
    free(fb->f);
    free(fb->off);
    free(fb->nown);
    free(fb->x);
    free(fb->w);
    free(fb->shape);
    free(fb->cid);
    free(fb->labels);
    memset(fb, 0, sizeof *fb);
}

static int push_extra(featbuf *fb, size_t tok, uint64_t h)
{
    if (fb->nx == fb->xcap) {
        size_t cap = fb->xcap ? fb->xcap * 2 : 256;
        extra *x = realloc(fb->x, cap * sizeof *x);
        if (!x)
            return 0;
        fb->x = x;
        fb->xcap = cap;
    }
    fb->x[fb->nx++] = (extra){tok, h};
    return 1;
}

/* Sorts fb->x by token, then by hash, dropping repeats: a counting sort by
 * token, then an insertion sort of each token's few extras. */
static int sort_extras(featbuf *fb, size_t ntok)
{
    if (fb->nx < 2)
        return 1;
    size_t *start = calloc(ntok + 1, sizeof *start);
    extra *sorted = malloc(fb->nx * sizeof *sorted);
    if (!start || !sorted) {
        free(start), free(sorted);
        return 0;
    }
    for (size_t i = 0; i < fb->nx; i++)
        start[fb->x[i].tok + 1]++;
    for (size_t t = 0; t < ntok; t++)
        start[t + 1] += start[t];
    for (size_t i = 0; i < fb->nx; i++)
        sorted[start[fb->x[i].tok]++] = fb->x[i];
    /* start[t] now ends token t's extras */
    size_t k = 0, from = 0;
    for (size_t t = 0; t < ntok; t++) {
        size_t first = k;
        for (size_t i = from; i < start[t]; i++) {
            extra x = sorted[i];
            size_t j = k;
            while (j > first && fb->x[j - 1].h > x.h) {
                fb->x[j] = fb->x[j - 1];
                j--;
            }
            if (j > first && fb->x[j - 1].h == x.h) { /* a repeat: undo the shift */
                memmove(fb->x + j, fb->x + j + 1, (k - j) * sizeof *fb->x);
                continue;
            }
            fb->x[j] = x;
            k++;
        }
        from = start[t];
    }
    fb->nx = k;
    free(start);
    free(sorted);
    return 1;
}

/* The first token ending after normalized byte s. */
static size_t token_at(const tagger_token *toks, size_t n, size_t s)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (toks[mid].norm_end <= s)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static unsigned span_pos(size_t t, size_t a, size_t b)
{
    return a == b ? POS_U : t == a ? POS_B : t == b ? POS_L : POS_I;
}

/* The features a candidate or match gives the tokens [a, b] it covers and
 * its neighbours. */
static int span_extras(featbuf *fb, size_t ntok, size_t a, size_t b, unsigned tmpl_pos,
                       uint64_t v, uint64_t v2, unsigned tmpl2, unsigned tmpl_prev,
                       unsigned tmpl_next, uint64_t label)
{
    for (size_t t = a; t <= b; t++) {
        unsigned pos = span_pos(t, a, b);
        if (!push_extra(fb, t, feat(tmpl_pos, combine(v, pos))) ||
            (tmpl2 && !push_extra(fb, t, feat(tmpl2, combine(v2, pos)))))
            return 0;
    }
    if (a > 0 && !push_extra(fb, a - 1, feat(tmpl_next, label)))
        return 0;
    if (b + 1 < ntok && !push_extra(fb, b + 1, feat(tmpl_prev, label)))
        return 0;
    return 1;
}

static void mark_labels(featbuf *fb, size_t a, size_t b, int bit)
{
    if (bit >= 0)
        for (size_t t = a; t <= b; t++)
            fb->labels[t] |= (uint32_t)1 << bit;
}

/* Spreads each token's label bits to every token of the same word (words
 * of two or more bytes): a name confirmed once by a list or a title
 * («آقای ناصری») counts for its other mentions («ناصری گفت»). */
static int spread_labels(featbuf *fb, const tagger_doc *doc)
{
    size_t n = doc->ntokens, cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    uint64_t *keys = calloc(cap, sizeof *keys);
    uint32_t *vals = calloc(cap, sizeof *vals);
    size_t *slot = malloc((n + 1) * sizeof *slot);
    if (!keys || !vals || !slot) {
        free(keys), free(vals), free(slot);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        slot[i] = cap;
        if (doc->tokens[i].kind != TAGGER_TOKEN_WORD ||
            doc->tokens[i].norm_end - doc->tokens[i].norm_start < 2)
            continue;
        uint64_t k = fb->w[i] | 1; /* 0 marks an empty slot */
        size_t at = (size_t)fmix64(k) & (cap - 1);
        while (keys[at] && keys[at] != k)
            at = (at + 1) & (cap - 1);
        keys[at] = k;
        vals[at] |= fb->labels[i];
        slot[i] = at;
    }
    for (size_t i = 0; i < n; i++)
        if (slot[i] < cap)
            fb->labels[i] = vals[slot[i]];
    free(keys), free(vals), free(slot);
    return 1;
}

/* Collects the gazetteer and rule features of a document, sorted by token. */
static int collect_extras(featbuf *fb, const tagger_doc *doc, const tg_gaz_match *gaz,
                          size_t ngaz, const tg_rule_match *rules, size_t nrules)
{
    size_t n = doc->ntokens;
    fb->nx = 0;
    memset(fb->labels, 0, n * sizeof *fb->labels);
    for (size_t i = 0; i < ngaz; i++) {
        const tg_gaz_match *c = &gaz[i];
        tg_gaz_entry e;
        if (c->tok_last >= n || c->tok_first > c->tok_last ||
            !tg_gazetteer_entry(c->gaz, c->record, &e))
            continue;
        int li = tg_label_of(e.label);
        uint64_t lab = (uint64_t)(li + 1);
        uint64_t amb = (c->flags & TG_ALIAS_AMBIGUOUS) != 0;
        size_t len = c->tok_last - c->tok_first + 1;
        if (!span_extras(fb, n, c->tok_first, c->tok_last, F_GAZ, combine(lab, amb),
                         lab, F_GAZ_LEN, F_GAZ_PREV, F_GAZ_NEXT, lab) ||
            !push_extra(fb, c->tok_first, feat(F_GAZ_LEN, combine(lab, len < 4 ? len : 4))) ||
            (c->suffix_len && !push_extra(fb, c->tok_last, feat(F_GAZ_SUFFIX, lab))))
            return 0;
        mark_labels(fb, c->tok_first, c->tok_last, li);
    }
    for (size_t i = 0; i < nrules; i++) {
        const tg_rule_match *r = &rules[i];
        if (r->norm_end <= r->norm_start)
            continue;
        size_t a = token_at(doc->tokens, n, r->norm_start);
        size_t b = token_at(doc->tokens, n, r->norm_end - 1);
        if (a >= n || b >= n || a > b)
            continue;
        int li = tg_label_of(r->label);
        uint64_t lab = (uint64_t)(li + 100);
        uint64_t name = str_hash(r->rule, strlen(r->rule));
        if (!span_extras(fb, n, a, b, F_RULE, combine(lab, (uint64_t)r->confirm_only), name,
                         F_RULE_NAME, F_RULE_PREV, F_RULE_NEXT, lab))
            return 0;
        mark_labels(fb, a, b, li < 0 ? -1 : li + 12);
    }
    if (!spread_labels(fb, doc))
        return 0;
    return sort_extras(fb, n);
}

/* The shape of an input token: letter classes with runs collapsed, at most
 * 8 symbols: Xx, XX, x, d, d.d, a (Arabic script), u (other letters). */
static uint64_t shape_hash(const char *s, size_t n)
{
    char buf[8];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof buf;) {
        uint32_t c = tg_utf8_next(s, &i);
        char cls;
        if (c >= 'A' && c <= 'Z')
            cls = 'X';
        else if (c >= 'a' && c <= 'z')
            cls = 'x';
        else if ((c >= '0' && c <= '9') || (c >= 0x660 && c <= 0x669) ||
                 (c >= 0x6F0 && c <= 0x6F9))
            cls = 'd';
        else if (c == 0x200C || c == 0x200D || (c >= 0x64B && c <= 0x65F) || c == 0x640)
            continue; /* joiners, harakat, tatweel */
        else if ((c >= 0x600 && c <= 0x6FF) || (c >= 0xFB50 && c <= 0xFEFF))
            cls = 'a';
        else if (c < 0x80)
            cls = (char)c;
        else
            cls = 'u';
        if (k == 0 || buf[k - 1] != cls)
            buf[k++] = cls;
    }
    return str_hash(buf, k);
}

/* Where a ZWNJ of the input sat inside the normalized token [ns, ne): the
 * first and last such byte offsets, or 0 when there is none. */
static int zwnj_splits(const tagger_doc *doc, size_t ns, size_t ne, size_t *first,
                       size_t *last)
{
    const tg_normtext *nt = &doc->norm;
    int found = 0;
    for (size_t b = ns + 1; b < ne; b++) {
        if (((unsigned char)nt->text[b] & 0xC0) == 0x80)
            continue;
        size_t gs = nt->oend[b - 1], ge = nt->ostart[b];
        for (size_t i = gs; i + 3 <= ge; i++)
            if (memcmp(doc->text + i, "\xE2\x80\x8C", 3) == 0) {
                if (!found)
                    *first = b;
                *last = b;
                found = 1;
                break;
            }
    }
    return found;
}

/* Room for `more` feature ids in fb->f. */
static int reserve_feats(featbuf *fb, size_t more)
{
    if (fb->fcap - fb->nf >= more)
        return 1;
    size_t cap = fb->fcap ? fb->fcap * 2 : 1024;
    while (cap - fb->nf < more)
        cap *= 2;
    uint32_t *f = realloc(fb->f, cap * sizeof *f);
    if (!f)
        return 0;
    fb->f = f;
    fb->fcap = cap;
    return 1;
}

/* The cluster ids of word hash w at every level (NER_CLUSTER_NONE when the
 * word is not in the table). */
static void cluster_lookup(const cluster_table *ct, uint64_t w, uint16_t *id)
{
    uint64_t key = w ? w : 1;
    size_t at = (size_t)fmix64(key) & ct->mask;
    for (size_t probes = 0; probes <= ct->mask; probes++) {
        const ner_cslot *sl = &ct->slot[at];
        if (sl->key == key) {
            memcpy(id, sl->id, sizeof sl->id);
            return;
        }
        if (sl->key == 0)
            break;
        at = (at + 1) & ct->mask;
    }
    for (unsigned l = 0; l < NER_MAX_CLUSTER_LEVELS; l++)
        id[l] = NER_CLUSTER_NONE;
}

/* Word and shape hashes (and cluster ids, with a table) of every token. */
static int token_hashes(featbuf *fb, const tagger_doc *doc, const cluster_table *ct)
{
    size_t n = doc->ntokens;
    if (n > fb->tokcap) {
        uint64_t *w = realloc(fb->w, n * sizeof *w);
        if (w)
            fb->w = w;
        uint64_t *s = realloc(fb->shape, n * sizeof *s);
        if (s)
            fb->shape = s;
        uint32_t *l = realloc(fb->labels, n * sizeof *l);
        if (l)
            fb->labels = l;
        uint16_t *c = realloc(fb->cid, n * NER_MAX_CLUSTER_LEVELS * sizeof *c);
        if (c)
            fb->cid = c;
        if (!w || !s || !l || !c)
            return 0;
        fb->tokcap = n;
    }
    for (size_t i = 0; i < n; i++) {
        const tagger_token *t = &doc->tokens[i];
        fb->w[i] = str_hash(doc->norm.text + t->norm_start, t->norm_end - t->norm_start);
        fb->shape[i] = shape_hash(doc->text + t->start, t->end - t->start);
        if (ct->slot)
            cluster_lookup(ct, fb->w[i], fb->cid + i * NER_MAX_CLUSTER_LEVELS);
    }
    return 1;
}

#define BOUNDARY_BEFORE 0x42304F53ull /* past the start of a sentence */
#define BOUNDARY_AFTER 0x454F5300ull  /* past its end */

/* Features of tokens [a, b) into fb->f, fb->off[0 .. b-a]; needs
 * token_hashes and collect_extras done; *xi walks fb->x. */
static int segment_features(featbuf *fb, const tagger_doc *doc, size_t a, size_t b,
                            uint32_t mask, const cluster_table *ct, const history *hist,
                            size_t *xi)
{
    const tagger_token *tk = doc->tokens;
    size_t n = doc->ntokens;
    if (b - a + 1 > fb->offcap) {
        size_t *off = realloc(fb->off, (b - a + 1) * sizeof *off);
        if (off)
            fb->off = off;
        uint8_t *nown = realloc(fb->nown, b - a + 1);
        if (nown)
            fb->nown = nown;
        if (!off || !nown)
            return 0;
        fb->offcap = b - a + 1;
    }
    fb->nf = 0;
    /* where the sentence starts, as far as F_SENT_POS can tell (it caps the
     * position at 3): looking further back made a long sentence, cut into
     * many segments, quadratic */
    size_t sstart = a;
    while (sstart > 0 && a - sstart < 3 && tk[sstart - 1].sentence == tk[a].sentence)
        sstart--;
    for (size_t i = a; i < b; i++) {
        fb->off[i - a] = fb->nf;
        size_t sent = tk[i].sentence;
        if (i > 0 && tk[i - 1].sentence != sent)
            sstart = i;
        int has_m1 = i > 0 && tk[i - 1].sentence == sent;
        int has_m2 = has_m1 && i > 1 && tk[i - 2].sentence == sent;
        int has_p1 = i + 1 < n && tk[i + 1].sentence == sent;
        int has_p2 = has_p1 && i + 2 < n && tk[i + 2].sentence == sent;
        uint64_t w0 = fb->w[i];
        uint64_t wm1 = has_m1 ? fb->w[i - 1] : BOUNDARY_BEFORE;
        uint64_t wm2 = has_m2 ? fb->w[i - 2] : BOUNDARY_BEFORE;
        uint64_t wp1 = has_p1 ? fb->w[i + 1] : BOUNDARY_AFTER;
        uint64_t wp2 = has_p2 ? fb->w[i + 2] : BOUNDARY_AFTER;
        const char *s = doc->norm.text + tk[i].norm_start;
        size_t len = tk[i].norm_end - tk[i].norm_start;
        uint64_t hs[80];
        size_t k = 0;
        uint64_t own = 0; /* bit j: hs[j] is a feature of the word itself */
        hs[k++] = feat(F_BIAS, 0);
        own |= 1ull << k;
        hs[k++] = feat(F_W0, w0);
        hs[k++] = feat(F_WM1, wm1);
        hs[k++] = feat(F_WP1, wp1);
        hs[k++] = feat(F_WM2, wm2);
        hs[k++] = feat(F_WP2, wp2);
        own |= 3ull << k;
        hs[k++] = feat(F_PAIR_L, combine(wm1, w0));
        hs[k++] = feat(F_PAIR_R, combine(w0, wp1));
        /* pre[p]: the byte where code point p starts (the end of the
         * p-code-point prefix); suf[p]: where the last p code points start */
        size_t cps = 0, pre[4] = {0}, suf[5] = {0}, ns = 0;
        for (size_t j = 0; j < len; j++)
            if (((unsigned char)s[j] & 0xC0) != 0x80) {
                if (cps >= 1 && cps <= 3)
                    pre[cps] = j;
                cps++;
            }
        for (size_t j = len; j-- > 0 && ns < 4;)
            if (((unsigned char)s[j] & 0xC0) != 0x80)
                suf[++ns] = j;
        for (unsigned p = 1; p <= 3 && p <= cps; p++) {
            own |= 1ull << k;
            hs[k++] = feat(F_PRE1 + p - 1, str_hash(s, p < cps ? pre[p] : len));
        }
        for (unsigned p = 1; p <= 4 && p < cps; p++) {
            own |= 1ull << k;
            hs[k++] = feat(F_SUF1 + p - 1, str_hash(s + suf[p], len - suf[p]));
        }
        hs[k++] = feat(F_SHAPE, fb->shape[i]);
        own |= 1ull << k;
        hs[k++] = feat(F_SHAPE_W0, combine(fb->shape[i], w0));
        hs[k++] = feat(F_SHAPE_M1, has_m1 ? fb->shape[i - 1] : BOUNDARY_BEFORE);
        hs[k++] = feat(F_SHAPE_P1, has_p1 ? fb->shape[i + 1] : BOUNDARY_AFTER);
        hs[k++] = feat(F_KIND, tk[i].kind);
        hs[k++] = feat(F_KIND_M1, has_m1 ? tk[i - 1].kind : 9u);
        hs[k++] = feat(F_KIND_P1, has_p1 ? tk[i + 1].kind : 9u);
        size_t pos = i - sstart;
        hs[k++] = feat(F_SENT_POS, pos < 3 ? pos : 3);
        if (!has_p1)
            hs[k++] = feat(F_SENT_LAST, 1);
        hs[k++] = feat(F_LEN, cps < 6 ? cps : cps < 9 ? 7 : 10);
        size_t zf = 0, zl = 0;
        if (zwnj_splits(doc, tk[i].norm_start, tk[i].norm_end, &zf, &zl)) {
            hs[k++] = feat(F_ZW, 1);
            own |= 3ull << k;
            hs[k++] = feat(F_ZW_FIRST, str_hash(s, zf - tk[i].norm_start));
            hs[k++] = feat(F_ZW_LAST, str_hash(doc->norm.text + zl, tk[i].norm_end - zl));
        }
        /* word clusters of the tokens around: level l of the token at
         * offset d (inside the sentence; past its ends nothing) */
        if (ct->slot) {
            long w = (long)ct->window;
            for (long d = -w; d <= w; d++) {
                if ((d == -2 && !has_m2) || (d == -1 && !has_m1) || (d == 1 && !has_p1) ||
                    (d == 2 && !has_p2))
                    continue;
                const uint16_t *id = fb->cid + (size_t)((long)i + d) * NER_MAX_CLUSTER_LEVELS;
                for (unsigned l = 0; l < ct->levels; l++)
                    hs[k++] = feat((unsigned)(F_CL_0 + d), combine(l, id[l]));
            }
        }
        if (hist)
            k += history_features(hist, w0, hs + k);
        for (uint32_t bits = fb->labels[i]; bits && k < sizeof hs / sizeof *hs; bits &= bits - 1) {
            unsigned bit = (unsigned)__builtin_ctz(bits);
            hs[k++] = bit < 12 ? feat(F_DOC_GAZ, bit) : feat(F_DOC_RULE, bit - 12);
        }
        while (*xi < fb->nx && fb->x[*xi].tok < i)
            (*xi)++;
        size_t xe = *xi;
        while (xe < fb->nx && fb->x[xe].tok == i)
            xe++;
        if (!reserve_feats(fb, k + (xe - *xi)))
            return 0;
        if (fb->own_first) { /* training: the word's own features first */
            fb->nown[i - a] = (uint8_t)__builtin_popcountll(own);
            for (size_t j = 0; j < k; j++)
                if (j < 64 && (own >> j & 1))
                    fb->f[fb->nf++] = (uint32_t)hs[j] & mask;
            for (size_t j = 0; j < k; j++)
                if (j >= 64 || !(own >> j & 1))
                    fb->f[fb->nf++] = (uint32_t)hs[j] & mask;
        } else {
            for (size_t j = 0; j < k; j++)
                fb->f[fb->nf++] = (uint32_t)hs[j] & mask;
        }
        for (; *xi < xe; (*xi)++)
            fb->f[fb->nf++] = (uint32_t)fb->x[*xi].h & mask;
    }
    fb->off[b - a] = fb->nf;
    return 1;
}

/* The end of the segment starting at token a: the sentence's end, at most
 * NER_SEGMENT tokens on. */
static size_t segment_end(const tagger_doc *doc, size_t a)
{
    size_t b = a + 1;
    while (b < doc->ntokens && doc->tokens[b].sentence == doc->tokens[a].sentence &&
           b - a < NER_SEGMENT)
        b++;
    return b;
}

/* ----------------------------------------------------------------- model */

struct tg_ner_model {
    const unsigned char *base;
    size_t size;
    const ner_header *h;
    const float *scale, *trans, *final;
    const int8_t *w;
    size_t stride;    /* bytes per weight row: 8, 16 or T */
    const char *labels[NER_MAX_LABELS];
    uint32_t mask;
    unsigned T, L;
    tag_rules rules;
    cluster_table clusters;
};

static const char *check_image(const unsigned char *base, size_t size)
{
    ner_header h;
    if (size < sizeof h)
        return "file too short for a header (truncated?)";
    memcpy(&h, base, sizeof h);
    if (memcmp(h.magic, NER_MAGIC, 8) != 0)
        return "not an entity recognizer model (bad magic)";
    if (h.version != NER_VERSION)
        return h.version < NER_VERSION
                   ? "entity model of an older format version: rebuild it with "
                     "data/models/build-ner.sh or tagger ner train"
                   : "unsupported entity model version (newer than this tagger)";
    if (h.endian != NER_ENDIAN)
        return "written on a machine of other byte order";
    if (h.nlabels < 1 || h.nlabels > NER_MAX_LABELS || h.scheme > SCHEME_BILOU ||
        h.ntags != ntags_of(h.nlabels, h.scheme) || h.bucket_bits < NER_MIN_BITS ||
        h.bucket_bits > NER_MAX_BITS || h.string_bytes < 1 || h.string_bytes > NER_MAX_STRINGS ||
        h.cluster_levels > NER_MAX_CLUSTER_LEVELS || h.cluster_window > 2 || h.history > 1 ||
        h.reserved != 0 ||
        (h.cluster_levels ? h.cluster_bits < NER_MIN_CLUSTER_BITS ||
                                h.cluster_bits > NER_MAX_CLUSTER_BITS
                          : h.cluster_bits != 0 || h.cluster_window != 0))
        return "corrupt header (sizes out of range)";
    ner_layout l = layout_of(&h);
    if (h.file_size != size || l.total != size)
        return "size does not match its header (truncated or corrupt)";
    if (checksum(base, size) != h.checksum)
        return "checksum mismatch (corrupt file)";
    if (memchr(h.lang, 0, sizeof h.lang) == NULL)
        return "corrupt header";
    const char *strings = (const char *)base + l.strings;
    if (strings[h.string_bytes - 1] != '\0')
        return "corrupt string table";
    const uint32_t *lab = (const uint32_t *)(base + l.labels);
    for (uint32_t i = 0; i < h.nlabels; i++)
        if (lab[i] >= h.string_bytes || !tg_label_name_of(strings + lab[i]))
            return "corrupt label table";
    const float *f = (const float *)(base + l.scales);
    size_t nf = (l.strings - l.scales) / 4;
    for (size_t i = 0; i < nf; i++)
        if (!isfinite(f[i]) || fabsf(f[i]) > 1e9f)
            return "corrupt weights";
    return NULL;
}

tg_ner_model *tg_ner_model_open(const char *path, tagger_error *err)
{
    void *base;
    size_t size;
    if (tg_datafile_load(path, "entity model", sizeof(ner_header), &base, &size, err) !=
        TAGGER_OK)
        return NULL;
    const char *why = check_image(base, size);
    tg_ner_model *m = why ? NULL : calloc(1, sizeof *m);
    if (!m) {
        free(base);
        if (why)
            tg_error_set(err, TAGGER_ERR_LOAD, 0, "%s: %s", path, why);
        else
            tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    m->base = base;
    m->size = size;
    m->h = (const ner_header *)base;
    ner_layout l = layout_of(m->h);
    m->scale = (const float *)(m->base + l.scales);
    m->trans = (const float *)(m->base + l.trans);
    m->final = (const float *)(m->base + l.final);
    m->w = (const int8_t *)(m->base + l.weights);
    m->L = m->h->nlabels;
    m->T = m->h->ntags;
    m->mask = ((uint32_t)1 << m->h->bucket_bits) - 1;
    if (m->h->cluster_levels) {
        m->clusters.slot = (const ner_cslot *)(m->base + l.clusters);
        m->clusters.mask = ((size_t)1 << m->h->cluster_bits) - 1;
        m->clusters.levels = m->h->cluster_levels;
        m->clusters.window = m->h->cluster_window;
    }
    const uint32_t *lab = (const uint32_t *)(m->base + l.labels);
    for (unsigned i = 0; i < m->L; i++)
        m->labels[i] = tg_label_name_of((const char *)m->base + l.strings + lab[i]);
    tag_rules_init(&m->rules, m->T, m->h->scheme);
    m->stride = row_stride(m->T);
    return m;
}

void tg_ner_model_free(tg_ner_model *m)
{
    if (!m)
        return;
    free((void *)m->base);
    free(m);
}

/* Adds the weight rows of features [k, end) of a token into acc as
 * LANES-wide vectors: 16-bit lanes for up to 256 rows at a time
 * (256 * 127 < 2^15), then 32-bit.  The rows are scattered over megabytes:
 * the ones a few features ahead are asked for while one is added.  (A
 * macro: the vector types differ by width.) */
#define SUM_ROWS(LANES, VQI, VHI, VSI)                                                       \
    do {                                                                                   \
        VSI total = {0};                                                                   \
        while (k < end) {                                                                  \
            size_t stop = end - k > 256 ? k + 256 : end;                                   \
            VHI part = {0};                                                                \
            for (; k < stop; k++) {                                                        \
                if (k + 16 < nf)                                                           \
                    __builtin_prefetch(m->w + (size_t)fb->f[k + 16] * (LANES));            \
                VQI row;                                                                   \
                memcpy(&row, m->w + (size_t)fb->f[k] * (LANES), sizeof row);               \
                part += __builtin_convertvector(row, VHI);                                 \
            }                                                                              \
            total += __builtin_convertvector(part, VSI);                                   \
        }                                                                                  \
        memcpy(acc, &total, sizeof total);                                                 \
    } while (0)

/* Emission scores of a segment with int8 weights: rows of 8 or 16 bytes
 * (up to 8 or 16 tags) are summed as vectors, others tag by tag. */
static inline __attribute__((always_inline)) void
emit_rows(const tg_ner_model *m, const featbuf *fb, size_t n, float *emit)
{
    unsigned T = m->T;
    size_t nf = fb->off[n];
    for (size_t i = 0; i < n; i++) {
        int32_t acc[NER_MAX_TAGS] = {0};
        size_t k = fb->off[i], end = fb->off[i + 1];
        if (m->stride == 8) {
            SUM_ROWS(8, v8qi, v8hi, v8si);
        } else if (m->stride == 16) {
            SUM_ROWS(16, v16qi, v16hi, v16si);
        } else {
            for (; k < end; k++) {
                if (k + 16 < nf)
                    __builtin_prefetch(m->w + (size_t)fb->f[k + 16] * T);
                const int8_t *row = m->w + (size_t)fb->f[k] * T;
                for (unsigned c = 0; c < T; c++)
                    acc[c] += row[c];
            }
        }
        for (unsigned c = 0; c < T; c++)
            emit[i * T + c] = m->scale[c] * (float)acc[c];
    }
}

#ifdef NER_AVX2_DISPATCH
static __attribute__((target("avx2"))) void
emit_rows_avx2(const tg_ner_model *m, const featbuf *fb, size_t n, float *emit)
{
    emit_rows(m, fb, n, emit);
}
#endif

/* The rows' sums compiled for AVX2 where the processor has it (one
 * instruction widens and one adds a 16-lane row), else for the baseline;
 * the same integer sums either way. */
static void emit_quantized(const tg_ner_model *m, const featbuf *fb, size_t n, float *emit)
{
#ifdef NER_AVX2_DISPATCH
    if (__builtin_cpu_supports("avx2")) {
        emit_rows_avx2(m, fb, n, emit);
        return;
    }
#endif
    emit_rows(m, fb, n, emit);
}

typedef struct {
    float *emit, *delta;
    uint8_t *back, *tags;
} decode_scratch;

static int scratch_alloc(decode_scratch *s, unsigned T)
{
    s->emit = malloc((size_t)NER_SEGMENT * T * sizeof *s->emit);
    s->delta = malloc((size_t)NER_SEGMENT * T * sizeof *s->delta);
    s->back = malloc((size_t)NER_SEGMENT * T);
    s->tags = malloc(NER_SEGMENT);
    return s->emit && s->delta && s->back && s->tags;
}

static void scratch_free(decode_scratch *s)
{
    free(s->emit);
    free(s->delta);
    free(s->back);
    free(s->tags);
}

/* Tag runs of a decoded segment into spans: calls fn for each entity
 * [first, last] (token indices relative to the segment) and its label. */
static int tags_to_spans(const uint8_t *tags, size_t n, unsigned scheme,
                         int (*fn)(void *ctx, size_t first, size_t last, unsigned label),
                         void *ctx)
{
    size_t i = 0;
    while (i < n) {
        if (tags[i] == 0) {
            i++;
            continue;
        }
        unsigned label, pos;
        tag_split(tags[i], scheme, &label, &pos);
        size_t j = i + 1;
        int closed = scheme == SCHEME_BILOU && pos == POS_U;
        while (!closed && j < n && tags[j] != 0) {
            unsigned l2, p2;
            tag_split(tags[j], scheme, &l2, &p2);
            if (l2 != label || p2 == POS_B || p2 == POS_U)
                break;
            j++;
            closed = p2 == POS_L;
        }
        if (!fn(ctx, i, j - 1, label))
            return 0;
        i = j;
    }
    return 1;
}

typedef struct {
    const tg_ner_model *m;
    const tagger_doc *doc;
    size_t base;
    tg_ner_span *v;
    size_t n, cap;
} span_out;

static int add_span(void *ctx, size_t first, size_t last, unsigned label)
{
    span_out *o = ctx;
    /* an entity neither starts nor ends on punctuation («اروپاست .») */
    const tagger_token *tk = o->doc->tokens + o->base;
    while (first < last && tk[first].kind == TAGGER_TOKEN_PUNCT)
        first++;
    while (last > first && tk[last].kind == TAGGER_TOKEN_PUNCT)
        last--;
    if (tk[first].kind == TAGGER_TOKEN_PUNCT)
        return 1;
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 32;
        tg_ner_span *v = realloc(o->v, cap * sizeof *v);
        if (!v)
            return 0;
        o->v = v;
        o->cap = cap;
    }
    tg_ner_span *s = &o->v[o->n++];
    s->tok_first = o->base + first;
    s->tok_last = o->base + last;
    s->norm_start = o->doc->tokens[s->tok_first].norm_start;
    s->norm_end = o->doc->tokens[s->tok_last].norm_end;
    s->label = o->m->labels[label];
    return 1;
}

tagger_status tg_ner_decode(const tg_ner_model *m, const tagger_doc *doc,
                            const tg_gaz_match *gaz, size_t ngaz, const tg_rule_match *rules,
                            size_t nrules, tg_ner_span **out, size_t *nout)
{
    featbuf fb;
    decode_scratch sc;
    span_out so = {m, doc, 0, NULL, 0, 0};
    memset(&fb, 0, sizeof fb);
    memset(&sc, 0, sizeof sc);
    *out = NULL;
    *nout = 0;
    if (doc->ntokens == 0)
        return TAGGER_OK;
    history hist = {0};
    int ok = scratch_alloc(&sc, m->T) && token_hashes(&fb, doc, &m->clusters) &&
             collect_extras(&fb, doc, gaz, ngaz, rules, nrules) &&
             (!m->h->history || history_reset(&hist, doc->ntokens));
    size_t xi = 0;
    for (size_t a = 0; ok && a < doc->ntokens;) {
        size_t b = segment_end(doc, a);
        ok = segment_features(&fb, doc, a, b, m->mask, &m->clusters,
                              m->h->history ? &hist : NULL, &xi);
        if (ok) {
            emit_quantized(m, &fb, b - a, sc.emit);
            viterbi(&m->rules, sc.emit, b - a, m->trans, m->final, sc.delta, sc.back,
                    sc.tags);
            if (m->h->history)
                history_record(&hist, fb.w + a, sc.tags, b - a, m->h->scheme);
            so.base = a;
            ok = tags_to_spans(sc.tags, b - a, m->h->scheme, add_span, &so);
        }
        a = b;
    }
    featbuf_free(&fb);
    scratch_free(&sc);
    free(hist.slot);
    if (!ok) {
        free(so.v);
        return TAGGER_ERR_NOMEM;
    }
    *out = so.v;
    *nout = so.n;
    return TAGGER_OK;
}

/* ----------------------------------------------------------- integration */

/* Whether a gazetteer entry of `entry` may name a model span of `model`. */
static int compatible(const char *model, const char *entry)
{
    return strcmp(model, entry) == 0 ||
           (tg_label_is(model, TG_LABEL_IS_PLACE) && tg_label_is(entry, TG_LABEL_IS_PLACE));
}

/* Whether the model decides entities of `label` (GPE and LOC go together). */
static int decided(const tg_ner_model *m, const char *label)
{
    for (unsigned i = 0; i < m->L; i++) {
        const char *l = m->labels[i];
        if (strcmp(l, label) == 0 ||
            ((strcmp(l, "GPE") == 0 || strcmp(l, "LOC") == 0) &&
             (strcmp(label, "GPE") == 0 || strcmp(label, "LOC") == 0)))
            return 1;
    }
    return 0;
}

static int cmp_by_first(const void *a, const void *b)
{
    const tg_gaz_match *x = *(const tg_gaz_match *const *)a;
    const tg_gaz_match *y = *(const tg_gaz_match *const *)b;
    return (x->tok_first > y->tok_first) - (x->tok_first < y->tok_first);
}

static int cmp_merged(const void *a, const void *b)
{
    const tg_resolved *x = a, *y = b;
    if (x->norm_start != y->norm_start)
        return x->norm_start < y->norm_start ? -1 : 1;
    size_t lx = x->norm_end - x->norm_start, ly = y->norm_end - y->norm_start;
    return (lx < ly) - (lx > ly);
}

/* The best gazetteer candidate on tokens first..last for a model span of
 * label `model` (with `fac_only`, FAC entries only): not ambiguous first,
 * then later layer, then priority.  Sets *label to the entry's. */
static const tg_gaz_match *best_entry(const tg_gaz_match *const *byfirst, size_t n, size_t first,
                                      size_t last, const char *model, int fac_only,
                                      const char **label)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (byfirst[mid]->tok_first < first)
            lo = mid + 1;
        else
            hi = mid;
    }
    const tg_gaz_match *best = NULL;
    for (size_t i = lo; i < n && byfirst[i]->tok_first == first; i++) {
        const tg_gaz_match *c = byfirst[i];
        tg_gaz_entry e;
        if (c->tok_last != last || !tg_gazetteer_entry(c->gaz, c->record, &e) ||
            !compatible(model, e.label) || (fac_only && strcmp(e.label, "FAC") != 0))
            continue;
        int amb = (c->flags & TG_ALIAS_AMBIGUOUS) != 0;
        if (best) {
            int bamb = (best->flags & TG_ALIAS_AMBIGUOUS) != 0;
            if (amb != bamb ? amb : c->layer != best->layer ? c->layer < best->layer
                                                            : c->priority <= best->priority)
                continue;
        }
        best = c;
        *label = e.label;
    }
    return best;
}

/* The gazetteer candidate to link with span s: one on the same first and
 * last token, else, for a place, a FAC entry on all but its first token
 * (the model's «اردوگاه الهول» is the list's camp «الهول»; the entity then
 * takes the entry's span). */
static const tg_gaz_match *link_candidate(const tg_gaz_match *const *byfirst, size_t n,
                                          const tg_ner_span *s, const char **label)
{
    const tg_gaz_match *g = best_entry(byfirst, n, s->tok_first, s->tok_last, s->label, 0, label);
    if (!g && s->tok_last > s->tok_first && tg_label_is(s->label, TG_LABEL_IS_PLACE))
        g = best_entry(byfirst, n, s->tok_first + 1, s->tok_last, s->label, 1, label);
    return g;
}

static int overlaps_kept(const unsigned char *occ, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++)
        if (occ[i])
            return 1;
    return 0;
}

tagger_status tg_ner_merge(const tg_ner_model *m, const tg_ner_span *spans, size_t nspans,
                           const tg_gaz_match *gaz, size_t ngaz, tg_resolved **res,
                           size_t *nres)
{
    size_t n = *nres, end = 0;
    for (size_t i = 0; i < n; i++)
        if ((*res)[i].norm_end > end)
            end = (*res)[i].norm_end;
    for (size_t i = 0; i < nspans; i++)
        if (spans[i].norm_end > end)
            end = spans[i].norm_end;
    tg_resolved *out = malloc((n + nspans + 1) * sizeof *out);
    unsigned char *occ = calloc(end + 1, 1);
    unsigned char *kept = calloc(n + 1, 1);
    const tg_gaz_match **byfirst = malloc((ngaz + 1) * sizeof *byfirst);
    if (!out || !occ || !kept || !byfirst) {
        free(out), free(occ), free(kept), free(byfirst);
        return TAGGER_ERR_NOMEM;
    }
    for (size_t i = 0; i < ngaz; i++)
        byfirst[i] = &gaz[i];
    if (ngaz > 1)
        qsort(byfirst, ngaz, sizeof *byfirst, cmp_by_first);
    size_t k = 0;
    /* 1. values and forced list entries */
    for (size_t i = 0; i < n; i++) {
        const tg_resolved *r = &(*res)[i];
        if (tg_label_is(r->label, TG_LABEL_IS_VALUE) ||
            (r->gaz && r->gaz->priority >= TG_NER_FORCE_PRIORITY)) {
            out[k++] = *r;
            kept[i] = 1;
            memset(occ + r->norm_start, 1, r->norm_end - r->norm_start);
        }
    }
    /* 2. model spans, linked to a coinciding gazetteer entry */
    for (size_t i = 0; i < nspans; i++) {
        const tg_ner_span *s = &spans[i];
        if (overlaps_kept(occ, s->norm_start, s->norm_end))
            continue;
        const char *label = s->label;
        const tg_gaz_match *g = link_candidate(byfirst, ngaz, s, &label);
        tg_resolved *x = &out[k++];
        memset(x, 0, sizeof *x);
        x->norm_start = s->norm_start;
        x->norm_end = s->norm_end;
        x->label = label;
        x->gaz = g;
        x->model = 1;
        if (g) { /* the list knows where an attached suffix starts («اروپا|ست») */
            x->norm_start = g->norm_start;
            x->norm_end = g->norm_end;
        }
        memset(occ + s->norm_start, 1, s->norm_end - s->norm_start);
    }
    /* 3. what the model does not decide */
    for (size_t i = 0; i < n; i++) {
        const tg_resolved *r = &(*res)[i];
        if (kept[i] || decided(m, r->label) || overlaps_kept(occ, r->norm_start, r->norm_end))
            continue;
        out[k++] = *r;
        memset(occ + r->norm_start, 1, r->norm_end - r->norm_start);
    }
    if (k > 1)
        qsort(out, k, sizeof *out, cmp_merged);
    free(occ);
    free(kept);
    free(byfirst);
    free(*res);
    *res = out;
    *nres = k;
    return TAGGER_OK;
}

/* -------------------------------------------------------------- training */

/* A training or dev corpus: features and gold tags of every token, in
 * segments (sentences, cut at NER_SEGMENT tokens). */
typedef struct {
    uint32_t *f;
    size_t nf, fcap;
    size_t *off; /* [ntok + 1] */
    uint8_t *gold; /* 0, or 1 + label * 4 + position (BILOU) */
    size_t ntok, tokcap;
    size_t *seg; /* [nseg + 1] first token of each segment */
    size_t nseg, segcap;
    uint64_t *word; /* [ntok] word hashes (for the prediction history) */
    uint8_t *own;   /* [ntok] features of the word itself, first in its list */
    size_t *doc;    /* [ndoc + 1] first segment of each document */
    size_t ndoc, doccap;
} corpus;

static void corpus_free(corpus *c)
{
    free(c->f);
    free(c->off);
    free(c->gold);
    free(c->seg);
    free(c->word);
    free(c->own);
    free(c->doc);
}

static void *grow_array(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t cap2 = *cap ? *cap : 1024;
    while (cap2 < need)
        cap2 *= 2;
    void *q = realloc(p, cap2 * size);
    if (q)
        *cap = cap2;
    return q;
}

struct tagger_ner_trainer {
    const tagger *t;
    tagger_ner_train_options opt;
    char lang[8];
    const char *labels[NER_MAX_LABELS];
    unsigned nlabels;
    corpus train, dev;
    featbuf fb;
    ner_cslot *cslots; /* the word cluster table, or NULL */
    cluster_table ct;
    size_t cwords;
};

void tagger_ner_train_options_init(tagger_ner_train_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->bucket_bits = 20;
    opt->epochs = 10;
    opt->bilou = 1;
    opt->seed = 1;
    opt->cluster_window = 0;
    opt->runs = 1;
}

/* Inserts a word's ids; returns 0 when the word was there already. */
static int cluster_insert(ner_cslot *slot, size_t mask, uint64_t w, const uint16_t *id)
{
    uint64_t key = w ? w : 1;
    size_t at = (size_t)fmix64(key) & mask;
    while (slot[at].key && slot[at].key != key)
        at = (at + 1) & mask;
    if (slot[at].key)
        return 0;
    slot[at].key = key;
    memcpy(slot[at].id, id, sizeof slot[at].id);
    return 1;
}

/* Copies the cluster table of the entity model at `path`. */
static tagger_status clusters_from_model(tagger_ner_trainer *tr, const char *path,
                                         unsigned window, tagger_error *err)
{
    tg_ner_model *m = tg_ner_model_open(path, err);
    if (!m)
        return err ? err->code : TAGGER_ERR_LOAD;
    tagger_status rc = TAGGER_OK;
    size_t slots = m->clusters.slot ? m->clusters.mask + 1 : 0;
    if (!slots)
        rc = tg_error_set(err, TAGGER_ERR_USAGE, 0, "%s: the model has no word clusters", path);
    else if (!(tr->cslots = malloc(slots * sizeof *tr->cslots)))
        rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    if (rc == TAGGER_OK) {
        memcpy(tr->cslots, m->clusters.slot, slots * sizeof *tr->cslots);
        tr->ct = m->clusters;
        tr->ct.slot = tr->cslots;
        tr->ct.window = window;
        for (size_t i = 0; i < slots; i++)
            tr->cwords += tr->cslots[i].key != 0;
    }
    tg_ner_model_free(m);
    return rc;
}

/* Reads the cluster file (or the table of a model file) into tr->cslots /
 * tr->ct. */
static tagger_status load_clusters(tagger_ner_trainer *tr, const char *path, unsigned window,
                                   tagger_error *err)
{
    size_t size;
    const char *why;
    FILE *f = tg_datafile_fopen(path, &size, &why);
    if (!f)
        return tg_datafile_open_error(path, "word cluster file", why, err);
    char magic[8];
    if (fread(magic, 1, sizeof magic, f) == sizeof magic &&
        memcmp(magic, NER_MAGIC, sizeof magic) == 0) {
        fclose(f);
        return clusters_from_model(tr, path, window, err);
    }
    rewind(f);
    char *line = NULL;
    size_t cap = 0, lines = 0, nlines = 0;
    ssize_t got;
    tagger_status rc = TAGGER_OK;
    /* pass 1: count lines, pass 2: insert */
    while ((got = getline(&line, &cap, f)) > 0)
        nlines++;
    rc = tg_datafile_lines_end(f, path, nlines + 1, err);
    if (rc != TAGGER_OK)
        goto done;
    unsigned bits = NER_MIN_CLUSTER_BITS;
    while (bits < NER_MAX_CLUSTER_BITS && ((size_t)1 << bits) < 2 * nlines + 2)
        bits++;
    if (((size_t)1 << bits) < 2 * nlines + 2) {
        rc = tg_error_set(err, TAGGER_ERR_USAGE, 0, "%s: too many words (%zu)", path, nlines);
        goto done;
    }
    tr->cslots = calloc((size_t)1 << bits, sizeof *tr->cslots);
    if (!tr->cslots) {
        rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        goto done;
    }
    tr->ct.slot = tr->cslots;
    tr->ct.mask = ((size_t)1 << bits) - 1;
    tr->ct.window = window;
    rewind(f);
    while (rc == TAGGER_OK && (got = getline(&line, &cap, f)) > 0) {
        lines++;
        size_t len = (size_t)got;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        char *tab = memchr(line, '\t', len);
        if (!tab || tab == line) {
            rc = tg_error_set(err, TAGGER_ERR_USAGE, 0, "%s:%zu: expected word<TAB>id...",
                              path, lines);
            break;
        }
        uint16_t id[NER_MAX_CLUSTER_LEVELS];
        unsigned nid = 0;
        for (char *p = tab; *p == '\t';) {
            char *end;
            unsigned long v = strtoul(p + 1, &end, 10);
            if (end == p + 1 || v >= NER_CLUSTER_NONE || nid == NER_MAX_CLUSTER_LEVELS ||
                (*end && *end != '\t')) {
                nid = 0;
                break;
            }
            id[nid++] = (uint16_t)v;
            p = end;
        }
        if (nid == 0 || (tr->ct.levels && nid != tr->ct.levels)) {
            rc = tg_error_set(err, TAGGER_ERR_USAGE, 0,
                              "%s:%zu: expected 1 to %u cluster ids (0..%u), as many as on "
                              "the first line",
                              path, lines, NER_MAX_CLUSTER_LEVELS, NER_CLUSTER_NONE - 1);
            break;
        }
        tr->ct.levels = nid;
        for (unsigned l = nid; l < NER_MAX_CLUSTER_LEVELS; l++)
            id[l] = NER_CLUSTER_NONE;
        tr->cwords += cluster_insert(tr->cslots, tr->ct.mask,
                                     str_hash(line, (size_t)(tab - line)), id);
    }
    if (rc == TAGGER_OK)
        rc = tg_datafile_lines_end(f, path, lines + 1, err);
    if (rc == TAGGER_OK && tr->cwords == 0)
        rc = tg_error_set(err, TAGGER_ERR_USAGE, 0, "%s: no words", path);
done:
    free(line);
    fclose(f);
    return rc;
}

tagger_ner_trainer *tagger_ner_trainer_new(const tagger *t, const tagger_ner_train_options *opt,
                                           tagger_error *err)
{
    tagger_ner_train_options def;
    tagger_ner_train_options_init(&def);
    if (!opt)
        opt = &def;
    if (!t || opt->bucket_bits < NER_MIN_BITS || opt->bucket_bits > NER_MAX_BITS ||
        opt->epochs < 1 || opt->epochs > 1000 || (opt->lang && strlen(opt->lang) > 7) ||
        opt->cluster_window > 2 || !(opt->dropout >= 0 && opt->dropout <= 0.9) ||
        !(opt->word_dropout >= 0 && opt->word_dropout <= 0.9) || opt->runs > 16) {
        tg_error_set(err, TAGGER_ERR_USAGE, 0,
                     "entity trainer: bits must be %u..%u, epochs 1..1000, lang at most 7 "
                     "bytes, cluster window 0..2, dropouts 0..0.9, runs 1..16",
                     NER_MIN_BITS, NER_MAX_BITS);
        return NULL;
    }
    tagger_ner_trainer *tr = calloc(1, sizeof *tr);
    if (!tr) {
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    tr->t = t;
    tr->opt = *opt;
    tr->fb.own_first = 1;
    tr->opt.lang = NULL;
    tr->opt.clusters = NULL;
    if (opt->lang)
        memcpy(tr->lang, opt->lang, strlen(opt->lang));
    if (opt->clusters && load_clusters(tr, opt->clusters, opt->cluster_window, err) != TAGGER_OK) {
        tagger_ner_trainer_free(tr);
        return NULL;
    }
    return tr;
}

void tagger_ner_trainer_free(tagger_ner_trainer *tr)
{
    if (!tr)
        return;
    corpus_free(&tr->train);
    corpus_free(&tr->dev);
    featbuf_free(&tr->fb);
    free(tr->cslots);
    free(tr);
}

static int cmp_span_start(const void *a, const void *b)
{
    const tagger_span *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

/* Gold codes of a document's tokens from its spans (sorted by start). */
static tagger_status gold_codes(tagger_ner_trainer *tr, const tagger_doc *doc,
                                const tagger_span *spans, size_t nspans, uint8_t *code,
                                tagger_error *err)
{
    size_t n = doc->ntokens;
    long *owner = malloc((n + 1) * sizeof *owner);
    if (!owner)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    for (size_t i = 0; i < n; i++)
        owner[i] = -1;
    size_t t = 0;
    for (size_t s = 0; s < nspans; s++) {
        while (t > 0 && doc->tokens[t - 1].end > spans[s].start)
            t--;
        while (t < n && doc->tokens[t].end <= spans[s].start)
            t++;
        for (size_t i = t; i < n && doc->tokens[i].start < spans[s].end; i++)
            if (owner[i] < 0)
                owner[i] = (long)s;
    }
    tagger_status rc = TAGGER_OK;
    for (size_t i = 0; i < n && rc == TAGGER_OK; i++) {
        code[i] = 0;
        if (owner[i] < 0)
            continue;
        const char *label = tg_label_name_of(spans[owner[i]].label);
        if (!label) {
            rc = tg_error_set(err, TAGGER_ERR_USAGE, 0,
                              "unknown entity label '%.40s' (expected PERSON, GPE, ORG …)",
                              spans[owner[i]].label);
            break;
        }
        unsigned li = 0;
        while (li < tr->nlabels && tr->labels[li] != label)
            li++;
        if (li == tr->nlabels) {
            if (tr->nlabels == NER_MAX_LABELS) {
                rc = tg_error_set(err, TAGGER_ERR_USAGE, 0, "more than %u entity labels",
                                  NER_MAX_LABELS);
                break;
            }
            tr->labels[tr->nlabels++] = label;
        }
        size_t sent = doc->tokens[i].sentence;
        int first = i == 0 || owner[i - 1] != owner[i] || doc->tokens[i - 1].sentence != sent;
        int last = i + 1 == n || owner[i + 1] != owner[i] || doc->tokens[i + 1].sentence != sent;
        unsigned pos = first && last ? POS_U : first ? POS_B : last ? POS_L : POS_I;
        code[i] = (uint8_t)(1 + li * 4 + pos);
    }
    free(owner);
    return rc;
}

tagger_status tagger_ner_trainer_add(tagger_ner_trainer *tr, const char *text, size_t len,
                                     const tagger_span *spans, size_t nspans, int dev,
                                     tagger_error *err)
{
    if (!tr || (!text && len) || (!spans && nspans))
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "tagger_ner_trainer_add: NULL argument");
    for (size_t i = 0; i < nspans; i++)
        if (spans[i].start >= spans[i].end || spans[i].end > len || !spans[i].label)
            return tg_error_set(err, TAGGER_ERR_USAGE, 0, "entity %zu: bad span [%zu, %zu)", i,
                                spans[i].start, spans[i].end);
    tagger_doc *doc = tagger_process(tr->t, text, len, TAGGER_STAGE_TOKENIZE, err);
    if (!doc)
        return err ? err->code : TAGGER_ERR_INTERNAL;
    tagger_span *sorted = malloc((nspans + 1) * sizeof *sorted);
    tg_gaz_match *m = NULL;
    tg_rule_match *r = NULL;
    size_t nm = 0, nr = 0;
    corpus *c = dev ? &tr->dev : &tr->train;
    tagger_status rc = TAGGER_OK;
    size_t n = doc->ntokens;
    if (!sorted || tg_doc_candidates(tr->t, doc, NULL, &m, &nm, &r, &nr) != TAGGER_OK) {
        rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        goto done;
    }
    if (nspans)
        memcpy(sorted, spans, nspans * sizeof *sorted);
    if (nspans > 1)
        qsort(sorted, nspans, sizeof *sorted, cmp_span_start);
    uint8_t *g = grow_array(c->gold, &c->tokcap, c->ntok + n + 1, 1);
    if (g)
        c->gold = g;
    size_t offcap = c->tokcap;
    size_t *off = g ? realloc(c->off, (offcap + 1) * sizeof *off) : NULL;
    if (off)
        c->off = off;
    uint64_t *word = off ? realloc(c->word, (offcap + 1) * sizeof *word) : NULL;
    if (word)
        c->word = word;
    uint8_t *own = word ? realloc(c->own, offcap + 1) : NULL;
    if (own)
        c->own = own;
    size_t *docs = grow_array(c->doc, &c->doccap, c->ndoc + 2, sizeof *docs);
    if (docs)
        c->doc = docs;
    if (!g || !off || !word || !own || !docs || !token_hashes(&tr->fb, doc, &tr->ct) ||
        !collect_extras(&tr->fb, doc, m, nm, r, nr)) {
        rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        goto done;
    }
    rc = gold_codes(tr, doc, sorted, nspans, c->gold + c->ntok, err);
    size_t xi = 0, seg0 = c->nseg;
    for (size_t a = 0; rc == TAGGER_OK && a < n;) {
        size_t b = segment_end(doc, a);
        size_t *seg = grow_array(c->seg, &c->segcap, c->nseg + 2, sizeof *seg);
        if (seg)
            c->seg = seg;
        if (!seg || !segment_features(&tr->fb, doc, a, b, (1u << tr->opt.bucket_bits) - 1, &tr->ct,
                                      NULL, &xi)) {
            rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
            break;
        }
        uint32_t *f = grow_array(c->f, &c->fcap, c->nf + tr->fb.nf + 1, sizeof *f);
        if (!f) {
            rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
            break;
        }
        c->f = f;
        memcpy(c->f + c->nf, tr->fb.f, tr->fb.nf * sizeof *f);
        for (size_t i = a; i < b; i++) {
            c->off[c->ntok + i] = c->nf + tr->fb.off[i - a];
            c->own[c->ntok + i] = tr->fb.nown[i - a];
        }
        c->nf += tr->fb.nf;
        c->seg[c->nseg++] = c->ntok + a;
        a = b;
    }
    if (rc == TAGGER_OK) {
        memcpy(c->word + c->ntok, tr->fb.w, n * sizeof *c->word);
        c->ntok += n;
        c->off[c->ntok] = c->nf;
        c->seg[c->nseg] = c->ntok;
        if (n) {
            c->doc[c->ndoc] = seg0;
            c->doc[++c->ndoc] = c->nseg;
        }
    }

done:
    free(sorted);
    free(m);
    tg_rule_matches_free(r, nr);
    tagger_doc_free(doc);
    return rc;
}

/* The gold tag of a code under the scheme. */
static uint8_t code_tag(uint8_t code, unsigned scheme)
{
    if (code == 0)
        return 0;
    return (uint8_t)tag_make((code - 1u) / 4u, (code - 1u) % 4u, scheme);
}

typedef struct {
    unsigned T, scheme;
    size_t B;
    float *w;       /* [B][T] current */
    double *u;      /* [B][T] sum of step × update */
    float *tw;      /* transitions: [T+1][T] then final [T] */
    double *tu;
    float *avg, *tavg; /* averaged, for evaluation and writing */
    double steps;
    unsigned drop;      /* a feature is left out of a step with chance drop / 2^16 */
    unsigned wdrop;     /* a token's own-word features, with chance wdrop / 2^16 */
    uint64_t drop_salt; /* of the current step */
} perceptron;

/* Feature dropout (training only): whether the k-th feature of the corpus
 * sits out this step.  A seeded hash, so training stays deterministic. */
static inline int dropped(const perceptron *p, size_t k)
{
    return p->drop && (unsigned)(fmix64(p->drop_salt ^ k) & 0xFFFF) < p->drop;
}

/* Word dropout (training only): how many features at the start of token
 * i's list sit out this step — all those of the word itself, or none. */
static inline size_t word_dropped(const perceptron *p, const corpus *c, size_t i)
{
    return p->wdrop && (unsigned)(fmix64(~p->drop_salt ^ i) & 0xFFFF) < p->wdrop ? c->own[i]
                                                                                 : 0;
}

/* Emission scores of tokens [a, b) from weights w (the current ones with
 * dropout when training, the averaged ones without). */
static void emit_float(const perceptron *p, const float *w, int training, const corpus *c,
                       size_t a, size_t b, float *emit)
{
    unsigned T = p->T;
    for (size_t i = a; i < b; i++) {
        float *e = emit + (i - a) * T;
        for (unsigned t = 0; t < T; t++)
            e[t] = 0;
        size_t k0 = c->off[i] + (training ? word_dropped(p, c, i) : 0);
        for (size_t k = k0; k < c->off[i + 1]; k++) {
            if (training && dropped(p, k))
                continue;
            const float *row = w + (size_t)c->f[k] * T;
            for (unsigned t = 0; t < T; t++)
                e[t] += row[t];
        }
    }
}

/* Adds d to tag's weight in row f (and its step-weighted sum). */
static void update_row(perceptron *p, uint32_t f, unsigned tag, float d)
{
    size_t at = (size_t)f * p->T + tag;
    p->w[at] += d;
    p->u[at] += p->steps * d;
}

static void update(perceptron *p, const corpus *c, size_t i, unsigned tag, float d)
{
    for (size_t k = c->off[i] + word_dropped(p, c, i); k < c->off[i + 1]; k++)
        if (!dropped(p, k))
            update_row(p, c->f[k], tag, d);
}

/* The history features of a segment's words during training: bucket ids
 * per token (their rows are added to the emission scores and updated like
 * the token's other features). */
typedef struct {
    history h;
    uint32_t f[NER_SEGMENT][HIST_MAX_FEATS];
    uint8_t n[NER_SEGMENT];
} train_history;

static void history_emit(train_history *th, const float *w, unsigned T, const uint64_t *words,
                         size_t n, uint32_t mask, float *emit)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t hs[HIST_MAX_FEATS];
        size_t k = history_features(&th->h, words[i], hs);
        th->n[i] = (uint8_t)k;
        for (size_t j = 0; j < k; j++) {
            th->f[i][j] = (uint32_t)hs[j] & mask;
            const float *row = w + (size_t)th->f[i][j] * T;
            for (unsigned t = 0; t < T; t++)
                emit[i * T + t] += row[t];
        }
    }
}

static void history_update(perceptron *p, const train_history *th, size_t i, unsigned tag,
                           float d)
{
    for (size_t j = 0; j < th->n[i]; j++)
        update_row(p, th->f[i][j], tag, d);
}

static void update_trans(perceptron *p, size_t at, float d)
{
    p->tw[at] += d;
    p->tu[at] += p->steps * d;
}

static void average(perceptron *p)
{
    size_t nt = ((size_t)p->T + 2) * p->T;
    for (size_t i = 0; i < p->B * p->T; i++)
        p->avg[i] = (float)(p->w[i] - p->u[i] / p->steps);
    for (size_t i = 0; i < nt; i++)
        p->tavg[i] = (float)(p->tw[i] - p->tu[i] / p->steps);
}

typedef struct {
    size_t gold, pred, match;
} span_counts;

typedef struct {
    size_t first, last;
    unsigned label;
} tok_span;

typedef struct {
    tok_span *v;
    size_t n, cap;
} tok_spans;

static int collect_tok_span(void *ctx, size_t first, size_t last, unsigned label)
{
    tok_spans *s = ctx;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        tok_span *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return 0;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = (tok_span){first, last, label};
    return 1;
}

/* Exact-span scores of the averaged weights on a corpus (with th, the
 * documents' segments in order with the prediction history). */
static int evaluate(const perceptron *p, const tag_rules *rules, const corpus *c,
                    decode_scratch *sc, train_history *th, uint32_t mask, span_counts *out)
{
    tok_spans gs = {0}, ps = {0};
    uint8_t gold[NER_SEGMENT];
    int ok = 1;
    memset(out, 0, sizeof *out);
    for (size_t d = 0, s = 0; ok && s < c->nseg; s++) {
        size_t a = c->seg[s], b = c->seg[s + 1];
        if (th && d < c->ndoc && c->doc[d] == s &&
            !history_reset(&th->h, c->seg[c->doc[++d]] - a)) {
            ok = 0;
            break;
        }
        emit_float(p, p->avg, 0, c, a, b, sc->emit);
        if (th)
            history_emit(th, p->avg, p->T, c->word + a, b - a, mask, sc->emit);
        viterbi(rules, sc->emit, b - a, p->tavg, p->tavg + (p->T + 1) * p->T, sc->delta,
                sc->back, sc->tags);
        if (th)
            history_record(&th->h, c->word + a, sc->tags, b - a, p->scheme);
        for (size_t i = a; i < b; i++)
            gold[i - a] = code_tag(c->gold[i], p->scheme);
        gs.n = ps.n = 0;
        ok = tags_to_spans(gold, b - a, p->scheme, collect_tok_span, &gs) &&
             tags_to_spans(sc->tags, b - a, p->scheme, collect_tok_span, &ps);
        out->gold += gs.n;
        out->pred += ps.n;
        for (size_t i = 0, j = 0; i < gs.n && j < ps.n;) {
            if (gs.v[i].first == ps.v[j].first && gs.v[i].last == ps.v[j].last) {
                out->match += gs.v[i].label == ps.v[j].label;
                i++, j++;
            } else if (gs.v[i].first < ps.v[j].first ||
                       (gs.v[i].first == ps.v[j].first && gs.v[i].last < ps.v[j].last)) {
                i++;
            } else {
                j++;
            }
        }
    }
    free(gs.v);
    free(ps.v);
    return ok;
}

/* Scores the averaged weights on the dev documents into ep (nothing
 * without dev documents); 0 when out of memory. */
static int score_dev(const perceptron *p, const tag_rules *rules, const corpus *dev,
                     decode_scratch *sc, train_history *th, uint32_t mask, tagger_ner_epoch *ep)
{
    span_counts n;
    if (!dev->nseg)
        return 1;
    if (!evaluate(p, rules, dev, sc, th, mask, &n))
        return 0;
    ep->has_dev = 1;
    ep->dev_precision = n.pred ? (double)n.match / (double)n.pred : 0;
    ep->dev_recall = n.gold ? (double)n.match / (double)n.gold : 0;
    ep->dev_f1 = ep->dev_precision + ep->dev_recall > 0
                     ? 2 * ep->dev_precision * ep->dev_recall /
                           (ep->dev_precision + ep->dev_recall)
                     : 0;
    return 1;
}

static uint64_t next_random(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1Dull;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One perceptron step on the segment [a, b): decode with the current
 * weights (and, with th, the history features), update where wrong. */
static size_t train_segment(perceptron *p, const tag_rules *rules, const corpus *c, size_t a,
                            size_t b, decode_scratch *sc, train_history *th, uint32_t mask)
{
    size_t T = p->T, n = b - a, mistakes = 0;
    uint8_t gold[NER_SEGMENT];
    p->drop_salt = fmix64((uint64_t)p->steps * 0x9E3779B97F4A7C15ull);
    emit_float(p, p->w, 1, c, a, b, sc->emit);
    if (th)
        history_emit(th, p->w, p->T, c->word + a, n, mask, sc->emit);
    viterbi(rules, sc->emit, n, p->tw, p->tw + (T + 1) * T, sc->delta, sc->back, sc->tags);
    int wrong = 0;
    for (size_t i = 0; i < n; i++) {
        gold[i] = code_tag(c->gold[a + i], p->scheme);
        if (gold[i] != sc->tags[i]) {
            wrong = 1;
            mistakes++;
            update(p, c, a + i, gold[i], 1.0f);
            update(p, c, a + i, sc->tags[i], -1.0f);
            if (th) {
                history_update(p, th, i, gold[i], 1.0f);
                history_update(p, th, i, sc->tags[i], -1.0f);
            }
        }
    }
    if (wrong) {
        for (size_t i = 0; i <= n; i++) {
            size_t gp = i ? gold[i - 1] : T, pp = i ? sc->tags[i - 1] : T;
            size_t gc = i < n ? gold[i] : T, pc = i < n ? sc->tags[i] : T;
            if (gp == pp && gc == pc)
                continue;
            /* column T of the previous-state rows is the end state */
            update_trans(p, gc < T ? gp * T + gc : (T + 1) * T + gp, 1.0f);
            update_trans(p, pc < T ? pp * T + pc : (T + 1) * T + pp, -1.0f);
        }
    }
    if (th)
        history_record(&th->h, c->word + a, sc->tags, n, p->scheme);
    p->steps += 1;
    return mistakes;
}

static void shuffle(size_t *order, size_t n, uint64_t *rng)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(next_random(rng) % i);
        size_t t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
}

/* One epoch over the training segments in a fresh shuffled order; with the
 * prediction history, over the documents in a shuffled order and the
 * segments of each in their order.  Returns the mistagged tokens, or
 * (size_t)-1 when out of memory. */
static size_t train_epoch(perceptron *p, const tag_rules *rules, const corpus *c,
                          size_t *order, uint64_t *rng, decode_scratch *sc, train_history *th,
                          uint32_t mask)
{
    size_t mistakes = 0;
    if (!th) {
        shuffle(order, c->nseg, rng);
        for (size_t s = 0; s < c->nseg; s++)
            mistakes += train_segment(p, rules, c, c->seg[order[s]], c->seg[order[s] + 1], sc,
                                      NULL, mask);
        return mistakes;
    }
    shuffle(order, c->ndoc, rng);
    for (size_t d = 0; d < c->ndoc; d++) {
        size_t s0 = c->doc[order[d]], s1 = c->doc[order[d] + 1];
        if (!history_reset(&th->h, c->seg[s1] - c->seg[s0]))
            return (size_t)-1;
        for (size_t s = s0; s < s1; s++)
            mistakes += train_segment(p, rules, c, c->seg[s], c->seg[s + 1], sc, th, mask);
    }
    return mistakes;
}

/* The quantized model image; NULL when out of memory. */
static unsigned char *build_image(const tagger_ner_trainer *tr, const perceptron *p,
                                  size_t *size)
{
    ner_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, NER_MAGIC, 8);
    h.version = NER_VERSION;
    h.endian = NER_ENDIAN;
    h.bucket_bits = tr->opt.bucket_bits;
    h.nlabels = tr->nlabels;
    h.ntags = p->T;
    h.scheme = p->scheme;
    size_t sbytes = 1;
    for (unsigned i = 0; i < tr->nlabels; i++)
        sbytes += strlen(tr->labels[i]) + 1;
    h.string_bytes = (uint32_t)sbytes;
    if (tr->cslots) {
        h.cluster_levels = tr->ct.levels;
        h.cluster_window = tr->ct.window;
        h.cluster_bits = 0;
        while (((size_t)1 << h.cluster_bits) <= tr->ct.mask)
            h.cluster_bits++;
    }
    memcpy(h.lang, tr->lang, sizeof h.lang);
    h.history = tr->opt.history != 0;
    ner_layout l = layout_of(&h);
    h.file_size = l.total;
    unsigned char *image = calloc(1, l.total);
    if (!image)
        return NULL;
    uint32_t *lab = (uint32_t *)(image + l.labels);
    char *strings = (char *)image + l.strings;
    size_t at = 1;
    for (unsigned i = 0; i < tr->nlabels; i++) {
        lab[i] = (uint32_t)at;
        at += (size_t)sprintf(strings + at, "%s", tr->labels[i]) + 1;
    }
    float *scale = (float *)(image + l.scales);
    unsigned T = p->T;
    for (unsigned t = 0; t < T; t++) {
        float mx = 0;
        for (size_t b = 0; b < p->B; b++)
            if (fabsf(p->avg[b * T + t]) > mx)
                mx = fabsf(p->avg[b * T + t]);
        scale[t] = mx > 0 ? mx / 127.0f : 1.0f;
    }
    int8_t *q = (int8_t *)(image + l.weights);
    size_t stride = row_stride(T);
    for (size_t b = 0; b < p->B; b++)
        for (unsigned t = 0; t < T; t++) {
            long v = lrintf(p->avg[b * T + t] / scale[t]);
            q[b * stride + t] = (int8_t)(v > 127 ? 127 : v < -127 ? -127 : v);
        }
    memcpy(image + l.trans, p->tavg, ((size_t)T + 1) * T * sizeof(float));
    memcpy(image + l.final, p->tavg + ((size_t)T + 1) * T, (size_t)T * sizeof(float));
    if (tr->cslots)
        memcpy(image + l.clusters, tr->cslots, (tr->ct.mask + 1) * sizeof *tr->cslots);
    memcpy(image, &h, sizeof h);
    tg_ner_model_seal(image, l.total);
    *size = l.total;
    return image;
}

static void perceptron_free(perceptron *p)
{
    free(p->w);
    free(p->u);
    free(p->tw);
    free(p->tu);
    free(p->avg);
    free(p->tavg);
}

tagger_status tagger_ner_trainer_write(tagger_ner_trainer *tr, const char *path,
                                       void (*progress)(void *ud, const tagger_ner_epoch *e),
                                       void *ud, tagger_ner_train_report *report,
                                       tagger_error *err)
{
    if (!tr || !path)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "tagger_ner_trainer_write: NULL argument");
    if (tr->nlabels == 0 || tr->train.nseg == 0)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0,
                            "no training entities: nothing to learn from");
    perceptron p;
    memset(&p, 0, sizeof p);
    p.scheme = tr->opt.bilou ? SCHEME_BILOU : SCHEME_BIO;
    p.T = ntags_of(tr->nlabels, p.scheme);
    p.B = (size_t)1 << tr->opt.bucket_bits;
    p.steps = 1;
    p.drop = (unsigned)lrint(tr->opt.dropout * 65536.0);
    p.wdrop = (unsigned)lrint(tr->opt.word_dropout * 65536.0);
    size_t nt = ((size_t)p.T + 2) * p.T;
    tag_rules rules;
    tag_rules_init(&rules, p.T, p.scheme);
    decode_scratch sc;
    memset(&sc, 0, sizeof sc);
    size_t *order = malloc(tr->train.nseg * sizeof *order);
    uint32_t mask = (uint32_t)(p.B - 1);
    train_history *th = tr->opt.history ? calloc(1, sizeof *th) : NULL;
    unsigned runs = tr->opt.runs ? tr->opt.runs : 1;
    double *sum = runs > 1 ? calloc(p.B * p.T + nt, sizeof *sum) : NULL;
    p.w = calloc(p.B * p.T, sizeof *p.w);
    p.u = calloc(p.B * p.T, sizeof *p.u);
    p.avg = calloc(p.B * p.T, sizeof *p.avg);
    p.tw = calloc(nt, sizeof *p.tw);
    p.tu = calloc(nt, sizeof *p.tu);
    p.tavg = calloc(nt, sizeof *p.tavg);
    tagger_status rc = TAGGER_OK;
    if (!order || (tr->opt.history && !th) || (runs > 1 && !sum) || !p.w || !p.u || !p.avg || !p.tw || !p.tu ||
        !p.tavg || !scratch_alloc(&sc, p.T)) {
        rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory training");
        goto done;
    }
    for (unsigned run = 0; run < runs; run++) {
        if (run) {
            memset(p.w, 0, p.B * p.T * sizeof *p.w);
            memset(p.u, 0, p.B * p.T * sizeof *p.u);
            memset(p.tw, 0, nt * sizeof *p.tw);
            memset(p.tu, 0, nt * sizeof *p.tu);
            p.steps = 1;
        }
        for (size_t i = 0; i < tr->train.nseg; i++)
            order[i] = i;
        uint64_t rng = (tr->opt.seed + run) * 0x9E3779B97F4A7C15ull + 0x1234567ull;
        if (rng == 0)
            rng = 1;
        for (unsigned e = 1; e <= tr->opt.epochs; e++) {
            double t0 = now_seconds();
            tagger_ner_epoch ep;
            memset(&ep, 0, sizeof ep);
            ep.epoch = e;
            ep.run = run + 1;
            ep.tokens = tr->train.ntok;
            ep.mistakes = train_epoch(&p, &rules, &tr->train, order, &rng, &sc, th, mask);
            average(&p);
            if (ep.mistakes == (size_t)-1 ||
                !score_dev(&p, &rules, &tr->dev, &sc, th, mask, &ep)) {
                rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory training");
                goto done;
            }
            ep.seconds = now_seconds() - t0;
            if (progress)
                progress(ud, &ep);
        }
        for (size_t i = 0; sum && i < p.B * p.T; i++)
            sum[i] += p.avg[i];
        for (size_t i = 0; sum && i < nt; i++)
            sum[p.B * p.T + i] += p.tavg[i];
    }
    if (sum) { /* the model is the mean of the runs' averaged weights */
        for (size_t i = 0; i < p.B * p.T; i++)
            p.avg[i] = (float)(sum[i] / runs);
        for (size_t i = 0; i < nt; i++)
            p.tavg[i] = (float)(sum[p.B * p.T + i] / runs);
        tagger_ner_epoch ep;
        memset(&ep, 0, sizeof ep);
        ep.run = runs + 1;
        if (!score_dev(&p, &rules, &tr->dev, &sc, th, mask, &ep)) {
            rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory training");
            goto done;
        }
        if (progress && ep.has_dev)
            progress(ud, &ep);
    }
    size_t size = 0;
    unsigned char *image = build_image(tr, &p, &size);
    if (!image) {
        rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        goto done;
    }
    rc = tg_datafile_write(path, image, size, err);
    free(image);
    if (report) {
        memset(report, 0, sizeof *report);
        report->train_tokens = tr->train.ntok;
        report->train_segments = tr->train.nseg;
        report->dev_tokens = tr->dev.ntok;
        report->labels = tr->nlabels;
        report->tags = p.T;
        report->file_bytes = size;
        report->train_features = tr->train.nf;
        report->cluster_words = tr->cwords;
    }

done:
    free(order);
    free(sum);
    if (th)
        free(th->h.slot);
    free(th);
    perceptron_free(&p);
    scratch_free(&sc);
    return rc;
}

size_t tagger_ner_trainer_label_count(const tagger_ner_trainer *tr)
{
    return tr->nlabels;
}

const char *tagger_ner_trainer_label(const tagger_ner_trainer *tr, size_t i)
{
    return i < tr->nlabels ? tr->labels[i] : NULL;
}
