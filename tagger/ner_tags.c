/*
 * ner_tags — the tags of the entity recognizer and the best tag sequence.
 *
 * Every token of a sentence gets one tag: O, or a position in an entity of
 * one of the model's labels — B, I (BIO) or B, I, L, U (BILOU: begin,
 * inside, last, unit).  A tag sequence scores the sum, over its tokens, of
 * the weights of the token's features for its tag (the emission scores,
 * ner_model.c or the trainer), plus a weight per pair of adjacent tags
 * (with a start and an end state).  Viterbi finds the best sequence
 * exactly, O(tokens × tags²), with the transitions that cannot occur (I
 * after O, B without an I or L to follow in BILOU …) forbidden, so every
 * output decodes into well-formed spans.  For the usual models (three
 * labels: 7 BIO or 13 BILOU tags) the recursion is unrolled, and BILOU
 * tries only the 61 allowed pairs of its 169 (where the processor has
 * AVX2, a whole row of 13 tags at once in two 8-lane vectors); every
 * variant gives the same tags.
 */
#include <stdlib.h>
#include <string.h>

#include "ner_internal.h"

/* Whether `cur` may follow `prev` (prev == T: the start state). */
static int tag_allowed(unsigned prev, unsigned cur, unsigned T, unsigned scheme)
{
    unsigned pl = 0, pp = NER_POS_U, cl = 0, cp = NER_POS_B;
    int open = 0;
    if (prev != T && prev != 0) {
        tg_ner_tag_split(prev, scheme, &pl, &pp);
        open = scheme == NER_SCHEME_BILOU && (pp == NER_POS_B || pp == NER_POS_I);
    }
    if (cur == 0)
        return !open;
    tg_ner_tag_split(cur, scheme, &cl, &cp);
    if (scheme == NER_SCHEME_BIO)
        return cp == NER_POS_B || (prev != T && prev != 0 && pl == cl);
    if (open)
        return cl == pl && (cp == NER_POS_I || cp == NER_POS_L);
    return cp == NER_POS_B || cp == NER_POS_U;
}

static int tag_allowed_end(unsigned tag, unsigned scheme)
{
    unsigned l, p;
    if (tag == 0 || scheme == NER_SCHEME_BIO)
        return 1;
    tg_ner_tag_split(tag, scheme, &l, &p);
    return p == NER_POS_L || p == NER_POS_U;
}

void tg_ner_tag_rules_init(tg_ner_tag_rules *tr, unsigned T, unsigned scheme)
{
    tr->T = T;
    tr->scheme = scheme;
    for (unsigned p = 0; p <= T; p++)
        for (unsigned c = 0; c < T; c++)
            tr->allowed[p * T + c] = (unsigned char)tag_allowed(p, c, T, scheme);
    for (unsigned c = 0; c < T; c++)
        tr->allowed_end[c] = (unsigned char)tag_allowed_end(c, scheme);
}

/* The forward steps of tg_ner_viterbi() below; inlined with a constant T,
 * the compiler unrolls the inner loops. */
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
        closing[1 + 2 * l] = (unsigned char)(1 + 4 * l + NER_POS_L);
        closing[2 + 2 * l] = (unsigned char)(1 + 4 * l + NER_POS_U);
        opening[1 + 2 * l] = (unsigned char)(1 + 4 * l + NER_POS_B);
        opening[2 + 2 * l] = (unsigned char)(1 + 4 * l + NER_POS_U);
    }
}

/* The I and L tags of token i: after B or I of their label. */
static inline __attribute__((always_inline)) void
bilou_inside_step(unsigned L, const float *ok, const float *prev, const float *e, float *d,
                  uint8_t *bk)
{
    unsigned T = 1 + 4 * L;
    for (unsigned l = 0; l < L; l++) {
        unsigned b = 1 + 4 * l + NER_POS_B, in = b + 1;
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

/* BILOU with three labels: the tags a predecessor j of an opening tag closes
 * with (O, then L and U of each label). */
static const unsigned char bilou3_closing[NER_BILOU3_PREDS] = {0, 3, 4, 7, 8, 11, 12};

#ifdef NER_AVX2_DISPATCH
#include <immintrin.h>

/* BILOU with three labels (13 tags) for AVX2, a whole row of tags at once
 * as two 8-lane halves (tags 0-7 and 8-15; lanes 13-15 unused): each tag
 * takes the first best of up to 7 predecessors j — an opening tag (O, B,
 * U) the closing tag closing[j] (a broadcast), an I or L tag its label's B
 * (j 0) and I (j 1) — with the transitions of each (j, tag) in vectors;
 * the (j, tag) pairs that do not exist score NER_NEG_INF more than any
 * real one, so they never win where a real predecessor is reachable (an
 * unreachable tag's back pointer is never followed).  The same sums and
 * comparisons as viterbi_bilou_steps, so the same tags.  The previous
 * row stays in registers (read back from memory it came through a masked
 * store, which does not forward). */
/* One predecessor j's scores for every tag (two halves) and its tags. */
typedef struct {
    __m256 lo, hi;
    __m256i tl, th;
} bilou3_cand;

/* Predecessor j of each tag given the previous row (pa = prev[0..7], pb =
 * prev[5..12]): an opening tag's is the closing tag closing[j] (a
 * broadcast), an I or L tag's its label's B (j 0) or I (j 1). */
static inline __attribute__((target("avx2"), always_inline)) bilou3_cand
bilou3_candidate(const tg_ner_allowed *a, unsigned j, __m256 pa, __m256 pb)
{
    /* the inside tags' predecessors: lanes 2, 3, 6, 7 of the low half from
     * prev[0..7], lanes 2, 3 (tags 10, 11) of the high half from prev[5..12] */
    const __m256i in_lo = _mm256_setr_epi32(0, 0, -1, -1, 0, 0, -1, -1);
    const __m256i in_hi = _mm256_setr_epi32(0, 0, -1, -1, 0, 0, 0, 0);
    const __m256i idx_lo[2] = {_mm256_setr_epi32(0, 0, 1, 1, 0, 0, 5, 5),
                               _mm256_setr_epi32(0, 0, 2, 2, 0, 0, 6, 6)};
    const __m256i idx_hi[2] = {_mm256_setr_epi32(0, 0, 4, 4, 0, 0, 0, 0),
                               _mm256_setr_epi32(0, 0, 5, 5, 0, 0, 0, 0)};
    unsigned c = bilou3_closing[j]; /* prev[c]: of pa below 8, else of pb (lane c - 5) */
    __m256 b =
        _mm256_permutevar8x32_ps(c < 8 ? pa : pb, _mm256_set1_epi32((int)(c < 8 ? c : c - 5)));
    __m256 lo = b, hi = b;
    if (j < 2) {
        lo = _mm256_blendv_ps(b, _mm256_permutevar8x32_ps(pa, idx_lo[j]),
                              _mm256_castsi256_ps(in_lo));
        hi = _mm256_blendv_ps(b, _mm256_permutevar8x32_ps(pb, idx_hi[j]),
                              _mm256_castsi256_ps(in_hi));
    }
    bilou3_cand r;
    r.lo = _mm256_add_ps(lo, _mm256_loadu_ps(a->okv[j]));
    r.hi = _mm256_add_ps(hi, _mm256_loadu_ps(a->okv[j] + 8));
    r.tl = _mm256_loadu_si256((const __m256i *)(const void *)a->ptag[j]);
    r.th = _mm256_loadu_si256((const __m256i *)(const void *)(a->ptag[j] + 8));
    return r;
}

/* Per tag, x unless y scores strictly more. */
static inline __attribute__((target("avx2"), always_inline)) bilou3_cand
bilou3_pick(bilou3_cand x, bilou3_cand y)
{
    __m256 ml = _mm256_cmp_ps(y.lo, x.lo, _CMP_GT_OQ), mh = _mm256_cmp_ps(y.hi, x.hi, _CMP_GT_OQ);
    bilou3_cand r;
    r.lo = _mm256_blendv_ps(x.lo, y.lo, ml);
    r.hi = _mm256_blendv_ps(x.hi, y.hi, mh);
    r.tl = _mm256_castps_si256(
        _mm256_blendv_ps(_mm256_castsi256_ps(x.tl), _mm256_castsi256_ps(y.tl), ml));
    r.th = _mm256_castps_si256(
        _mm256_blendv_ps(_mm256_castsi256_ps(x.th), _mm256_castsi256_ps(y.th), mh));
    return r;
}

static __attribute__((target("avx2"))) void
viterbi_bilou3_avx2(const tg_ner_allowed *a, const float *emit, size_t n, float *delta,
                    uint8_t *back)
{
    enum { T = 13 };
    const __m256i five = _mm256_setr_epi32(-1, -1, -1, -1, -1, 0, 0, 0); /* tags 8-12 */
    /* the previous row in registers: prev[0..7] and prev[5..12] */
    __m256 pa = _mm256_loadu_ps(delta), pb = _mm256_loadu_ps(delta + 5);
    const __m256i to_pb_lo = _mm256_setr_epi32(5, 6, 7, 0, 0, 0, 0, 0),
                  to_pb_hi = _mm256_setr_epi32(0, 0, 0, 0, 1, 2, 3, 4);
    for (size_t i = 1; i < n; i++) {
        const float *e = emit + i * T;
        float *d = delta + i * T;
        /* the first best as a tree whose left side keeps ties, ((0 1) (2 3))
         * ((4 5) 6): the winner of comparing them in order, 3 steps deep */
        bilou3_cand c0 = bilou3_candidate(a, 0, pa, pb), c1 = bilou3_candidate(a, 1, pa, pb);
        bilou3_cand c2 = bilou3_candidate(a, 2, pa, pb), c3 = bilou3_candidate(a, 3, pa, pb);
        bilou3_cand c03 = bilou3_pick(bilou3_pick(c0, c1), bilou3_pick(c2, c3));
        bilou3_cand c4 = bilou3_candidate(a, 4, pa, pb), c5 = bilou3_candidate(a, 5, pa, pb);
        bilou3_cand c6 = bilou3_candidate(a, 6, pa, pb);
        bilou3_cand best = bilou3_pick(c03, bilou3_pick(bilou3_pick(c4, c5), c6));
        __m256 best_lo = best.lo, best_hi = best.hi;
        __m256i arg_lo = best.tl, arg_hi = best.th;
        /* rows before the last: lanes past tag 12 read the next row's
         * first scores and write its first ones, written after (a masked
         * load or store costs several times a plain one) */
        int last = i + 1 == n;
        __m256 e_lo = _mm256_loadu_ps(e),
               e_hi = last ? _mm256_maskload_ps(e + 8, five) : _mm256_loadu_ps(e + 8);
        /* no floor test: an unreachable tag's best is NER_NEG_INF or less
         * (a multiple of it: a score far below 2^75 added to it rounds back),
         * so it stays below every reachable score and at or below
         * NER_NEG_INF, as the test made it; the reachable ones are as before */
        __m256 d_lo = _mm256_add_ps(best_lo, e_lo);
        __m256 d_hi = _mm256_add_ps(best_hi, e_hi);
        _mm256_storeu_ps(d, d_lo);
        if (last)
            _mm256_maskstore_ps(d + 8, five, d_hi);
        else
            _mm256_storeu_ps(d + 8, d_hi);
        pa = d_lo;
        pb = _mm256_blend_ps(_mm256_permutevar8x32_ps(d_lo, to_pb_lo),
                             _mm256_permutevar8x32_ps(d_hi, to_pb_hi), 0xF8);
        /* the back pointers (tags < 16) as bytes */
        __m256i p16 = _mm256_permute4x64_epi64(_mm256_packs_epi32(arg_lo, arg_hi), 0xD8);
        __m128i p8 = _mm_packus_epi16(_mm256_castsi256_si128(p16),
                                      _mm256_extracti128_si256(p16, 1));
        if (last) {
            uint8_t b8[16];
            _mm_storeu_si128((__m128i *)(void *)b8, p8);
            memcpy(back + i * T, b8, T);
        } else {
            _mm_storeu_si128((__m128i *)(void *)(back + i * T), p8);
        }
    }
}
#endif

/* The transitions are first copied with the forbidden ones at NER_NEG_INF
 * (tg_ner_viterbi_allowed; a model keeps its copy), so the inner loop is a
 * plain maximum; a state whose best predecessor is itself unreachable
 * (below NER_NEG_INF / 2) stays unreachable. */
void tg_ner_viterbi_allowed(const tg_ner_tag_rules *tr, const float *trans, tg_ner_allowed *a)
{
    unsigned T = tr->T;
    float *ok = a->ok;
    for (unsigned i = 0; i < (T + 1) * T; i++)
        ok[i] = tr->allowed[i] ? trans[i] : NER_NEG_INF;
    if (T != 13 || tr->scheme != NER_SCHEME_BILOU)
        return;
    /* the rows of viterbi_bilou3_avx2: for each predecessor j and tag c, the
     * transition and the predecessor's tag */
    for (unsigned j = 0; j < NER_BILOU3_PREDS; j++)
        for (unsigned c = 0; c < 16; c++) {
            unsigned pos = (c - 1) % 4, p = bilou3_closing[j];
            int inside = c >= 1 && c < T && (pos == NER_POS_I || pos == NER_POS_L);
            if (inside)
                p = j < 2 ? (c - 1) / 4 * 4 + 1 + j : 0; /* B, then I of its label */
            a->okv[j][c] = c < T && (!inside || j < 2) ? ok[p * T + c] : NER_NEG_INF;
            a->ptag[j][c] = (int32_t)p;
        }
}

void tg_ner_viterbi(const tg_ner_tag_rules *tr, const float *emit, size_t n, const float *trans,
                    const float *final, float *delta, uint8_t *back, uint8_t *out)
{
    tg_ner_allowed a;
    tg_ner_viterbi_allowed(tr, trans, &a);
    tg_ner_viterbi_ok(tr, emit, n, &a, final, delta, back, out);
}

void tg_ner_viterbi_ok(const tg_ner_tag_rules *tr, const float *emit, size_t n,
                       const tg_ner_allowed *a, const float *final, float *delta, uint8_t *back,
                       uint8_t *out)
{
    unsigned T = tr->T;
    const float *ok = a->ok;
    for (unsigned c = 0; c < T; c++)
        delta[c] = tr->allowed[T * T + c] ? ok[T * T + c] + emit[c] : NER_NEG_INF;
    if (T == 7) /* BIO with three labels: unrolled */
        viterbi_steps(ok, emit, n, 7, delta, back);
    else if (T == 13 && tr->scheme == NER_SCHEME_BILOU) { /* three labels: unrolled */
#ifdef NER_AVX2_DISPATCH
        if (__builtin_cpu_supports("avx2"))
            viterbi_bilou3_avx2(a, emit, n, delta, back);
        else
#endif
            viterbi_bilou_steps(3, ok, emit, n, delta, back);
    }
    else if (tr->scheme == NER_SCHEME_BILOU)
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

int tg_ner_scratch_alloc(tg_ner_scratch *s, unsigned T)
{
    s->emit = malloc((size_t)NER_SEGMENT * T * sizeof *s->emit);
    s->delta = malloc((size_t)NER_SEGMENT * T * sizeof *s->delta);
    s->back = malloc((size_t)NER_SEGMENT * T);
    s->tags = malloc(NER_SEGMENT);
    return s->emit && s->delta && s->back && s->tags;
}

void tg_ner_scratch_free(tg_ner_scratch *s)
{
    free(s->emit);
    free(s->delta);
    free(s->back);
    free(s->tags);
}

/* A run is a B (or U) and the I and L of its label that follow it. */
int tg_ner_tags_to_spans(const uint8_t *tags, size_t n, unsigned scheme,
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
        tg_ner_tag_split(tags[i], scheme, &label, &pos);
        size_t j = i + 1;
        int closed = scheme == NER_SCHEME_BILOU && pos == NER_POS_U;
        while (!closed && j < n && tags[j] != 0) {
            unsigned l2, p2;
            tg_ner_tag_split(tags[j], scheme, &l2, &p2);
            if (l2 != label || p2 == NER_POS_B || p2 == NER_POS_U)
                break;
            j++;
            closed = p2 == NER_POS_L;
        }
        if (!fn(ctx, i, j - 1, label))
            return 0;
        i = j;
    }
    return 1;
}
