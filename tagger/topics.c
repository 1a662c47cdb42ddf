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

#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

/* acc[0..L) += the weighed rows of f[0..nf).  Inlined with the label
 * counts of the shipped models as constants, the compiler unrolls the
 * inner loop (a fifth fewer instructions in the classifier, 2026-12-03). */
static inline void sum_rows(const int8_t *w, size_t L, const tg_topic_feat *f, size_t nf,
                            float *acc)
{
    for (size_t i = 0; i < nf; i++) {
        if (i + TOPIC_PREFETCH_AHEAD < nf) /* the rows are scattered over megabytes */
            __builtin_prefetch(w + (size_t)f[i + TOPIC_PREFETCH_AHEAD].bucket * L);
        const int8_t *row = w + (size_t)f[i].bucket * L;
        float v = f[i].value;
        for (size_t c = 0; c < L; c++)
            acc[c] += v * (float)row[c];
    }
}

#ifdef __SSE2__
/* The same for up to 4 * nv labels (nv 1 to 4, a constant once inlined),
 * 4 labels to an SSE2 vector: a row is read as 16 bytes, widened to four
 * vectors of 32-bit integers and converted; each lane takes the same
 * products and sums in the same order as sum_rows, so the same floats.
 * Reads up to 16 bytes from the start of every row (TOPIC_ROW_PAD). */
static inline void sum_rows_sse2(const int8_t *w, size_t L, const tg_topic_feat *f, size_t nf,
                                 int nv, float *acc)
{
    __m128 a0 = _mm_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
    for (size_t i = 0; i < nf; i++) {
        if (i + TOPIC_PREFETCH_AHEAD < nf)
            __builtin_prefetch(w + (size_t)f[i + TOPIC_PREFETCH_AHEAD].bucket * L);
        __m128i r = _mm_loadu_si128((const __m128i *)(w + (size_t)f[i].bucket * L));
        __m128 v = _mm_set1_ps(f[i].value);
        __m128i lo = _mm_srai_epi16(_mm_unpacklo_epi8(r, r), 8); /* labels 0-7 as int16 */
        a0 = _mm_add_ps(a0, _mm_mul_ps(v, _mm_cvtepi32_ps(_mm_srai_epi32(
                                              _mm_unpacklo_epi16(lo, lo), 16))));
        if (nv > 1)
            a1 = _mm_add_ps(a1, _mm_mul_ps(v, _mm_cvtepi32_ps(_mm_srai_epi32(
                                                  _mm_unpackhi_epi16(lo, lo), 16))));
        if (nv > 2) {
            __m128i hi = _mm_srai_epi16(_mm_unpackhi_epi8(r, r), 8); /* labels 8-15 */
            a2 = _mm_add_ps(a2, _mm_mul_ps(v, _mm_cvtepi32_ps(_mm_srai_epi32(
                                                  _mm_unpacklo_epi16(hi, hi), 16))));
            if (nv > 3)
                a3 = _mm_add_ps(a3, _mm_mul_ps(v, _mm_cvtepi32_ps(_mm_srai_epi32(
                                                      _mm_unpackhi_epi16(hi, hi), 16))));
        }
    }
    float out[16];
    _mm_storeu_ps(out, a0);
    _mm_storeu_ps(out + 4, a1);
    _mm_storeu_ps(out + 8, a2);
    _mm_storeu_ps(out + 12, a3);
    memcpy(acc, out, L * sizeof *acc);
}
#endif

void tg_topic_score(const int8_t *w, const tg_topic_label *lab, size_t nlabels,
                    const tg_topic_feat *f, size_t nf, double xscale, float *acc, double *s)
{
    for (size_t c = 0; c < nlabels; c++)
        acc[c] = 0;
#ifdef __SSE2__
    if (nlabels <= 16) {
        int nv = (int)(nlabels + 3) / 4;
        switch (nv) {
        case 1: sum_rows_sse2(w, nlabels, f, nf, 1, acc); break;
        case 2: sum_rows_sse2(w, nlabels, f, nf, 2, acc); break;
        case 3: sum_rows_sse2(w, nlabels, f, nf, 3, acc); break;
        default: sum_rows_sse2(w, nlabels, f, nf, 4, acc); break;
        }
    } else {
        sum_rows(w, nlabels, f, nf, acc);
    }
#else
    switch (nlabels) {
    case 5: sum_rows(w, 5, f, nf, acc); break;
    case 6: sum_rows(w, 6, f, nf, acc); break;
    case 9: sum_rows(w, 9, f, nf, acc); break;
    case 10: sum_rows(w, 10, f, nf, acc); break;
    default: sum_rows(w, nlabels, f, nf, acc); break;
    }
#endif
    for (size_t c = 0; c < nlabels; c++)
        s[c] = (double)lab[c].bias + (double)lab[c].scale * ((double)acc[c] * xscale);
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
    for (size_t c = 0; c < L; c++)
        r[c] = (ranked){c, p[c]};
    qsort(r, L, sizeof *r, cmp_ranked);
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

/* Weighs and scores the counted features f[0..nf) (freed here) and
 * chooses the labels that pass `k` and `threshold`. */
static tagger_status decide(const tg_topic_model *m, tg_topic_feat *f, size_t nf, size_t k,
                            double threshold, tagger_topic **topics, size_t *ntopics,
                            tagger_error *err)
{
    size_t L = m->h->nlabels; /* at most TOPIC_MAX_LABELS */
    double s[TOPIC_MAX_LABELS], p[TOPIC_MAX_LABELS];
    float acc[TOPIC_MAX_LABELS];
    ranked r[TOPIC_MAX_LABELS];
    tagger_status rc = TAGGER_OK;
    if (nf > 0) { /* no features: no topic rather than the prior's guess */
        double xscale = tg_topic_weigh_unscaled(m->idf, f, nf);
        tg_topic_score(m->weights, m->labels, L, f, nf, xscale, acc, s);
        tg_topic_softmax(s, L, m->h->temperature, p);
        rc = choose(m, p, r, k, threshold, topics, ntopics, err);
    }
    free(f);
    return rc;
}

tagger_status tg_topic_classify(const tg_topic_model *m, const char *ntext,
                                const tagger_token *toks, size_t ntoks, size_t k,
                                double threshold, tagger_topic **topics, size_t *ntopics,
                                tagger_error *err)
{
    tg_topic_feat *f = NULL;
    size_t nf = 0;
    tg_topic_verse v = {0};
    *topics = NULL;
    *ntopics = 0;
    tg_topic_verse_add(ntext, toks, ntoks, &v);
    if (tg_topic_is_verse(&v))
        return TAGGER_OK;
    if (tg_topic_extract(&m->fs, ntext, toks, ntoks, &f, &nf) != TAGGER_OK)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory classifying topics");
    return decide(m, f, nf, k, threshold, topics, ntopics, err);
}

/* -------------------------------------------------------------- windows */

tagger_status tg_topic_sum_add(const tg_topic_model *m, tg_topic_sum *sum, const char *ntext,
                               const tagger_token *toks, size_t ntoks)
{
    tg_topic_feat *f = NULL;
    size_t nf = 0;
    if (!sum->count && !(sum->count = calloc((size_t)m->fs.mask + 1, sizeof *sum->count)))
        return TAGGER_ERR_NOMEM;
    if (tg_topic_extract(&m->fs, ntext, toks, ntoks, &f, &nf) != TAGGER_OK)
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
        return TAGGER_OK;
    tg_topic_feat *f = sum->n ? malloc(sum->n * sizeof *f) : NULL;
    if (sum->n && !f)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory classifying topics");
    for (size_t i = 0; i < sum->n; i++)
        f[i] = (tg_topic_feat){sum->order[i], sum->count[sum->order[i]]};
    return decide(m, f, sum->n, k, threshold, topics, ntopics, err);
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
