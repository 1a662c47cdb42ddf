/*
 * topics — the decision at run time (see topics.h): verse gets no topic
 * (topics_verse.c); any other document's features (topics_features.c) are
 * weighed, scored against the model's int8 weights,
 * turned into calibrated probabilities and cut by K and the threshold; the
 * sum of a large document's windows decided the same way; and the IPTC
 * Media Topics table of the public API.
 */
#include "topics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "topics_private.h"


void tg_topic_softmax(const double *s, size_t n, double temp, double *p)
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

/* Scoring
 * -------
 * A label's score is the sum over the document's features of the
 * feature's weight times its int8 weight for the label, in the order of
 * the features, in float.  A weight is the feature's value (weighed
 * already: the trainer's) or, as the classifier asks, made from its count
 * in the same pass (tg_topic_weight, whose squares are summed for the
 * vector's length: the scores are linear in the vector, so the length
 * scales the sums once, not every feature).  x86 builds also compile the
 * sums for AVX2 and choose them at run time: 8 labels to a vector, each
 * lane taking the same products and sums in the same order, so the same
 * floats; -DTAGGER_PORTABLE=ON (the sanitizer build) keeps only the plain
 * code, so the tests cover both. */
#ifdef TOPIC_AVX2_DISPATCH
#include <immintrin.h>
#endif

/* Where label_sums finds a feature's weight: its value, a weight whose
 * row it asks for a few features ahead (tg_topic_score); its value, a
 * count whose row the counting asked for (the windows' sum); or its count
 * in the counting's table, at its slot, which it then clears, the row
 * asked for too (tg_topic_extract_counts). */
enum { TOPIC_SUM_WEIGHTS, TOPIC_SUM_COUNTS, TOPIC_SUM_INDEX };

/* The weight of feature f as `mode` says, adding its square to *norm for
 * a count. */
static inline float feature_weight(const tg_topic_feat *f, const uint8_t *idf, int mode,
                                   tg_topic_count *idx, double *norm)
{
    if (mode == TOPIC_SUM_WEIGHTS)
        return f->value;
    double v;
    if (mode == TOPIC_SUM_INDEX) {
        uint32_t count = (uint32_t)(idx[f->slot] >> 32);
        idx[f->slot] = 0;
        if (!idf && __builtin_expect(count < 64, 1)) { /* the same v * v and (float) v */
            *norm += tg_topic_log1p_square[count];
            return tg_topic_log1p_float[count];
        }
        /* tg_topic_weight of (float)count, without the conversions for
         * the counts of its table */
        v = count < 64 ? tg_topic_log1p_small[count] : log1p((double)(float)count);
        if (idf)
            v *= idf[f->bucket] / TOPIC_IDF_ONE;
    } else {
        v = tg_topic_weight(idf, f->bucket, f->value);
    }
    *norm += v * v;
    return (float)v;
}

/* acc[0..L) = the rows of f[0..nf) (`stride` bytes apart in w) times
 * their weights (values as `mode` says); returns the sum of the weights'
 * squares for counts (else 0).  Inlined with the label counts of the
 * shipped models as constants, the compiler unrolls the inner loop. */
static inline double sum_rows(const int8_t *w, size_t L, size_t stride, const uint8_t *idf,
                              int mode, tg_topic_count *idx, const tg_topic_feat *f, size_t nf,
                              float *acc)
{
    double norm = 0;
    for (size_t c = 0; c < L; c++)
        acc[c] = 0;
    for (size_t i = 0; i < nf; i++) {
        if (mode == TOPIC_SUM_WEIGHTS && i + TOPIC_PREFETCH_AHEAD < nf) /* see label_sums */
            __builtin_prefetch(w + (size_t)f[i + TOPIC_PREFETCH_AHEAD].bucket * stride);
        const int8_t *row = w + (size_t)f[i].bucket * stride;
        float v = feature_weight(&f[i], idf, mode, idx, &norm);
        for (size_t c = 0; c < L; c++)
            acc[c] += v * (float)row[c];
    }
    return norm;
}

#ifdef TOPIC_AVX2_DISPATCH
/* sum_rows for up to 8 labels (wide 0) or 16 (wide 1), read 8 or 16 bytes
 * a row (TOPIC_ROW_PAD).  Always inlined, so that each call below is made
 * with its mode and width (and the shipped Persian model's stride) as
 * constants: one copy for all of them tested both in the loop, 5
 * instructions a feature. */
static inline __attribute__((target("avx2"), always_inline)) double
sum_rows8(const int8_t *w, size_t L, size_t stride, const uint8_t *idf, int mode,
          tg_topic_count *idx, const tg_topic_feat *f, size_t nf, int wide, float *acc)
{
    double norm = 0;
    __m256 a0 = _mm256_setzero_ps(), a1 = a0;
    for (size_t i = 0; i < nf; i++) {
        if (mode == TOPIC_SUM_WEIGHTS && i + TOPIC_PREFETCH_AHEAD < nf)
            __builtin_prefetch(w + (size_t)f[i + TOPIC_PREFETCH_AHEAD].bucket * stride);
        const int8_t *row = w + (size_t)f[i].bucket * stride;
        __m256 v = _mm256_set1_ps(feature_weight(&f[i], idf, mode, idx, &norm));
        __m256i r = _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)row));
        a0 = _mm256_add_ps(a0, _mm256_mul_ps(v, _mm256_cvtepi32_ps(r)));
        if (wide) {
            r = _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(row + 8)));
            a1 = _mm256_add_ps(a1, _mm256_mul_ps(v, _mm256_cvtepi32_ps(r)));
        }
    }
    float out[16];
    _mm256_storeu_ps(out, a0);
    _mm256_storeu_ps(out + 8, a1);
    memcpy(acc, out, L * sizeof *acc);
    return norm;
}

static __attribute__((target("avx2"))) double
sum_rows_avx2(const int8_t *w, size_t L, size_t stride, const uint8_t *idf, int mode,
              tg_topic_count *idx, const tg_topic_feat *f, size_t nf, float *acc)
{
    /* the classifier's cases with the shipped models (no idf), made
     * without their tests */
    if (mode == TOPIC_SUM_INDEX && !idf)
        return L <= 8 ? sum_rows8(w, L, stride, NULL, TOPIC_SUM_INDEX, idx, f, nf, 0, acc)
               : stride == TOPIC_ROW_WIDE
                   ? sum_rows8(w, L, TOPIC_ROW_WIDE, NULL, TOPIC_SUM_INDEX, idx, f, nf, 1, acc)
                   : sum_rows8(w, L, stride, NULL, TOPIC_SUM_INDEX, idx, f, nf, 1, acc);
    if (mode == TOPIC_SUM_COUNTS && !idf)
        return L <= 8 ? sum_rows8(w, L, stride, NULL, TOPIC_SUM_COUNTS, idx, f, nf, 0, acc)
                      : sum_rows8(w, L, stride, NULL, TOPIC_SUM_COUNTS, idx, f, nf, 1, acc);
    return L <= 8 ? sum_rows8(w, L, stride, idf, mode, idx, f, nf, 0, acc)
                  : sum_rows8(w, L, stride, idf, mode, idx, f, nf, 1, acc);
}
#endif

/* Label sums acc[0..L) (sum_rows), as fast as the processor allows.  The
 * rows (`stride` bytes apart: a loaded model's tg_topic_row_stride, a
 * trainer's L) are scattered over megabytes: they are prefetched a few
 * features ahead, but for features the counting met (TOPIC_SUM_COUNTS and
 * TOPIC_SUM_INDEX), whose rows it asked for (topics_features.c).  `idx`
 * is the counting's table with TOPIC_SUM_INDEX, else NULL. */
static double label_sums(const int8_t *w, size_t L, size_t stride, const uint8_t *idf, int mode,
                         tg_topic_count *idx, const tg_topic_feat *f, size_t nf, float *acc)
{
#ifdef TOPIC_AVX2_DISPATCH
    if (L <= 16 && __builtin_cpu_supports("avx2"))
        return sum_rows_avx2(w, L, stride, idf, mode, idx, f, nf, acc);
#endif
    switch (L) {
    case 5: return sum_rows(w, 5, stride, idf, mode, idx, f, nf, acc);
    case 6: return sum_rows(w, 6, stride, idf, mode, idx, f, nf, acc);
    case 9: return sum_rows(w, 9, stride, idf, mode, idx, f, nf, acc);
    case 10: return sum_rows(w, 10, stride, idf, mode, idx, f, nf, acc);
    default: return sum_rows(w, L, stride, idf, mode, idx, f, nf, acc);
    }
}

/* s[c] = bias_c + scale_c * acc[c] * xscale. */
static void label_scores(const tg_topic_label *lab, size_t L, const float *acc, double xscale,
                         double *s)
{
    for (size_t c = 0; c < L; c++)
        s[c] = (double)lab[c].bias + (double)lab[c].scale * ((double)acc[c] * xscale);
}

void tg_topic_score(const int8_t *w, const tg_topic_label *lab, size_t nlabels,
                    const tg_topic_feat *f, size_t nf, double xscale, float *acc, double *s)
{
    label_sums(w, nlabels, nlabels, NULL, TOPIC_SUM_WEIGHTS, NULL, f, nf, acc);
    label_scores(lab, nlabels, acc, xscale, s);
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

/* The labels of probabilities p[0..L) that pass `k` and `threshold`, best
 * first, into *topics (malloc'd) and *ntopics; r[L] is scratch. */
static tagger_status choose(const tg_topic_model *m, const double *p, ranked *r, size_t k,
                            double threshold, tagger_topic **topics, size_t *ntopics,
                            tagger_error *err)
{
    size_t L = m->h->nlabels, n = 0;
    /* sorted by insertion: a model has a few labels, and qsort's calls
     * cost more than the compares (cmp_ranked is a total order, so the
     * same order) */
    for (size_t c = 0; c < L; c++) {
        const ranked x = {c, p[c]};
        size_t j = c;
        for (; j > 0 && cmp_ranked(&r[j - 1], &x) > 0; j--)
            r[j] = r[j - 1];
        r[j] = x;
    }
    for (size_t i = 0; i < L && n < k && r[i].p >= threshold; i++)
        if (strcmp(m->strings + m->labels[r[i].label].label, TG_TOPIC_NONE) != 0)
            r[n++] = r[i]; /* the out-of-domain class is never given */
    if (n == 0)
        return TAGGER_OK;
    tagger_topic *t = calloc(n, sizeof *t);
    if (!t)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const tg_topic_label *lab = &m->labels[r[i].label];
        t[i].label = m->strings + lab->label;
        t[i].iptc = m->strings[lab->iptc] ? m->strings + lab->iptc : NULL;
        t[i].score = r[i].p;
    }
    *topics = t;
    *ntopics = n;
    return TAGGER_OK;
}

/* Weighs and scores the counted features f[0..nf), whose
 * counts are their values (TOPIC_SUM_COUNTS) or in the counting's table
 * `idx` (TOPIC_SUM_INDEX, tg_topic_extract_counts: cleared here), and
 * chooses the labels that pass `k` and `threshold`. */
static tagger_status decide(const tg_topic_model *m, tg_topic_feat *f, size_t nf, int mode,
                            tg_topic_count *idx, size_t k, double threshold, tagger_topic **topics,
                            size_t *ntopics, tagger_error *err)
{
    size_t L = m->h->nlabels; /* at most TOPIC_MAX_LABELS */
    double s[TOPIC_MAX_LABELS], p[TOPIC_MAX_LABELS];
    float acc[TOPIC_MAX_LABELS];
    ranked r[TOPIC_MAX_LABELS];
    tagger_status rc = TAGGER_OK;
    if (nf > 0) { /* no features: no topic rather than the prior's guess */
        double norm = label_sums(m->weights, L, m->fs.row_bytes, m->idf, mode, idx, f, nf, acc);
        label_scores(m->labels, L, acc, norm > 0 ? 1.0 / sqrt(norm) : 1.0, s);
        tg_topic_softmax(s, L, m->h->temperature, p);
        rc = choose(m, p, r, k, threshold, topics, ntopics, err);
    }
    return rc;
}

tagger_status tg_topic_classify(const tg_topic_model *m, const char *ntext,
                                const tagger_token *toks, size_t ntoks, const uint64_t *hashes,
                                size_t k, double threshold, tagger_topic **topics,
                                size_t *ntopics, tagger_error *err)
{
    tg_topic_feat *f = NULL;
    size_t nf = 0;
    tg_topic_count *idx = NULL;
    tg_topic_verse v = {0};
    *topics = NULL;
    *ntopics = 0;
    tg_topic_verse_add(ntext, toks, ntoks, &v);
    if (tg_topic_is_verse(&v))
        return TAGGER_OK;
    if (tg_topic_model_ready(m) != TAGGER_OK ||
        tg_topic_extract_counts(&m->fs, ntext, toks, ntoks, hashes, &f, &nf, &idx) != TAGGER_OK)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory classifying topics");
    return decide(m, f, nf, idx ? TOPIC_SUM_INDEX : TOPIC_SUM_COUNTS, idx, k, threshold, topics,
                  ntopics, err);
}

/* -------------------------------------------------------------- windows */

tagger_status tg_topic_sum_add(const tg_topic_model *m, tg_topic_sum *sum, const char *ntext,
                               const tagger_token *toks, size_t ntoks, const uint64_t *hashes)
{
    tg_topic_feat *f = NULL;
    size_t nf = 0;
    if (!sum->count && !(sum->count = calloc((size_t)m->fs.mask + 1, sizeof *sum->count)))
        return TAGGER_ERR_NOMEM;
    if (tg_topic_model_ready(m) != TAGGER_OK ||
        tg_topic_extract(&m->fs, ntext, toks, ntoks, hashes, &f, &nf) != TAGGER_OK)
        return TAGGER_ERR_NOMEM;
    tg_topic_verse_add(ntext, toks, ntoks, &sum->verse);
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

tagger_status tg_topic_sum_finish(const tg_topic_model *m, const tg_topic_sum *sum, size_t k,
                                  double threshold, tagger_topic **topics, size_t *ntopics,
                                  tagger_error *err)
{
    *topics = NULL;
    *ntopics = 0;
    if (tg_topic_is_verse(&sum->verse))
        return TAGGER_OK; /* with sum->n > 0, tg_topic_sum_add made the model ready */
    tg_topic_feat *f = sum->n ? malloc(sum->n * sizeof *f) : NULL;
    if (sum->n && !f)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory classifying topics");
    for (size_t i = 0; i < sum->n; i++)
        f[i] = (tg_topic_feat){sum->order[i], {sum->count[sum->order[i]]}};
    tagger_status rc =
        decide(m, f, sum->n, TOPIC_SUM_COUNTS, NULL, k, threshold, topics, ntopics, err);
    free(f);
    return rc;
}

void tg_topic_sum_free(tg_topic_sum *sum)
{
    free(sum->count);
    free(sum->order);
    memset(sum, 0, sizeof *sum);
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
