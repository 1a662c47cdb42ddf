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
/* The AVX2 decoder's two groups of lanes: the opening tags (O, B, U) and
 * the inside ones (I, L), in tag order. */
static const int32_t bilou3_open[8] = {0, 1, 4, 5, 8, 9, 12, 12}; /* lane 7 unused */
static const int32_t bilou3_in[8] = {2, 3, 6, 7, 10, 11, 11, 11}; /* lanes 6-7 unused */

#ifdef NER_AVX2_DISPATCH
#include <immintrin.h>

/* Per lane, x unless y scores strictly more (scores s, tags t).  The score
 * by vmaxps, which is that choice exactly (y > x ? y : x, x on a tie or a
 * NaN), so the next step waits on one instruction, not a compare and a
 * blend; the tag by the compare. */
static inline __attribute__((target("avx2"), always_inline)) void
bilou3_pick(__m256 *xs, __m256i *xt, __m256 ys, __m256i yt)
{
    __m256 m = _mm256_cmp_ps(ys, *xs, _CMP_GT_OQ);
    *xs = _mm256_max_ps(ys, *xs);
    *xt = _mm256_castps_si256(_mm256_blendv_ps(_mm256_castsi256_ps(*xt), _mm256_castsi256_ps(yt), m));
}

/* A row of 13 tag-ordered floats r as its opening and inside lanes. */
static inline __attribute__((target("avx2"), always_inline)) void
bilou3_group(const float *r, __m256 *open, __m256 *in)
{
    /* r[0..7] and r[5..12]: tags 8, 9, 12 are lanes 3, 4, 7 of the second,
     * tags 10, 11 lanes 5, 6 */
    __m256 lo = _mm256_loadu_ps(r), hi = _mm256_loadu_ps(r + 5);
    *open = _mm256_blend_ps(_mm256_permutevar8x32_ps(lo, _mm256_setr_epi32(0, 1, 4, 5, 0, 0, 0, 0)),
                            _mm256_permutevar8x32_ps(hi, _mm256_setr_epi32(0, 0, 0, 0, 3, 4, 7, 7)),
                            0xF0);
    *in = _mm256_blend_ps(_mm256_permutevar8x32_ps(lo, _mm256_setr_epi32(2, 3, 6, 7, 0, 0, 0, 0)),
                          _mm256_permutevar8x32_ps(hi, _mm256_setr_epi32(0, 0, 0, 0, 5, 6, 6, 6)),
                          0xF0);
}

/* BILOU with three labels (13 tags) for AVX2, the tags in two groups of
 * eight lanes: the 7 opening tags (O, B, U: lanes of bilou3_open), whose
 * predecessors are the 7 closing tags closing[j] (O, L, U), and the 6
 * inside tags (I, L: lanes of bilou3_in), whose predecessors are their
 * label's B (j 0) and I (j 1).  Each group takes the first best of its
 * candidates (a broadcast of the closing tag, or a permutation of the
 * previous row, plus the transitions a->gopen[j], a->gin[j]), so 7 + 2
 * candidates of one vector a step where both halves of the 13 tags took 7.
 * The same sums and comparisons as viterbi_bilou_steps, so the same tags:
 * an inside tag's candidates are the real ones only (the predecessors that
 * do not exist score NER_NEG_INF more than a reachable one, so they change
 * no reachable tag, and a tag that is not reachable is neither on the path
 * nor the best predecessor of one).  The previous row stays in registers;
 * the last row goes to delta + (n - 1) * 13 in tag order. */
static __attribute__((target("avx2"))) void
viterbi_bilou3_avx2(const tg_ner_allowed *a, const float *emit, size_t n, float *delta,
                    uint8_t *back)
{
    enum { T = 13 };
    /* the inside tags' B (in the opening group) and I (in the inside one):
     * their lanes and tags */
    const __m256i b_of = _mm256_setr_epi32(1, 1, 3, 3, 5, 5, 5, 5),
                  i_of = _mm256_setr_epi32(0, 0, 2, 2, 4, 4, 4, 4);
    const __m256i b_tag = _mm256_setr_epi32(1, 1, 5, 5, 9, 9, 9, 9),
                  i_tag = _mm256_setr_epi32(2, 2, 6, 6, 10, 10, 10, 10);
    /* the back pointers' bytes (opening lanes 0-7, inside lanes 8-15) in tag order */
    const __m128i to_tags = _mm_setr_epi8(0, 1, 8, 9, 2, 3, 10, 11, 4, 5, 12, 13, 6, 7, 7, 7);
    __m256 po, pi;
    bilou3_group(delta, &po, &pi);
    for (size_t i = 1; i < n; i++) {
        /* the opening tags: closing tag j's score broadcast from its lane,
         * lane j of the opening group (O, U) for even j, of the inside
         * group (L) for odd j */
        __m256 cand[NER_BILOU3_PREDS];
        for (unsigned j = 0; j < NER_BILOU3_PREDS; j++)
            cand[j] = _mm256_add_ps(_mm256_permutevar8x32_ps(j % 2 ? pi : po, _mm256_set1_epi32((int)j)),
                                    _mm256_loadu_ps(a->gopen[j]));
        /* the first best as a tree whose left side keeps ties, ((0 1) (2 3))
         * ((4 5) 6): the winner of comparing them in order */
        __m256 s01 = cand[0], s23 = cand[2], s45 = cand[4];
        __m256i t01 = _mm256_set1_epi32(bilou3_closing[0]), t23 = _mm256_set1_epi32(bilou3_closing[2]),
                t45 = _mm256_set1_epi32(bilou3_closing[4]);
        bilou3_pick(&s01, &t01, cand[1], _mm256_set1_epi32(bilou3_closing[1]));
        bilou3_pick(&s23, &t23, cand[3], _mm256_set1_epi32(bilou3_closing[3]));
        bilou3_pick(&s45, &t45, cand[5], _mm256_set1_epi32(bilou3_closing[5]));
        bilou3_pick(&s01, &t01, s23, t23);
        bilou3_pick(&s45, &t45, cand[6], _mm256_set1_epi32(bilou3_closing[6]));
        bilou3_pick(&s01, &t01, s45, t45);
        /* the inside tags: their B, then their I */
        __m256 si = _mm256_add_ps(_mm256_permutevar8x32_ps(po, b_of), _mm256_loadu_ps(a->gin[0]));
        __m256i ti = b_tag;
        bilou3_pick(&si, &ti, _mm256_add_ps(_mm256_permutevar8x32_ps(pi, i_of), _mm256_loadu_ps(a->gin[1])),
                    i_tag);
        /* no floor test: an unreachable tag's best is NER_NEG_INF or less
         * (a multiple of it: a score far below 2^75 added to it rounds back),
         * so it stays below every reachable score and at or below
         * NER_NEG_INF, as the test made it; the reachable ones are as before */
        __m256 eo, ei;
        bilou3_group(emit + i * T, &eo, &ei);
        po = _mm256_add_ps(s01, eo);
        pi = _mm256_add_ps(si, ei);
        /* the back pointers (tags < 16) as bytes, in tag order; rows before
         * the last write 3 bytes of the next row, written after */
        __m256i p16 = _mm256_permute4x64_epi64(_mm256_packs_epi32(t01, ti), 0xD8);
        __m128i p8 = _mm_shuffle_epi8(
            _mm_packus_epi16(_mm256_castsi256_si128(p16), _mm256_extracti128_si256(p16, 1)), to_tags);
        if (i + 1 < n) {
            _mm_storeu_si128((__m128i *)(void *)(back + i * T), p8);
        } else {
            uint8_t b8[16];
            _mm_storeu_si128((__m128i *)(void *)b8, p8);
            memcpy(back + i * T, b8, T);
        }
    }
    /* the last row in tag order */
    float o8[8], i8[8], *d = delta + (n - 1) * T;
    _mm256_storeu_ps(o8, po);
    _mm256_storeu_ps(i8, pi);
    for (unsigned k = 0; k < 7; k++)
        d[bilou3_open[k]] = o8[k];
    for (unsigned k = 0; k < 6; k++)
        d[bilou3_in[k]] = i8[k];
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
    /* the rows of viterbi_bilou3_avx2: the opening tags' transitions from
     * each closing tag j, the inside tags' from their label's B and I */
    for (unsigned k = 0; k < 8; k++) {
        for (unsigned j = 0; j < NER_BILOU3_PREDS; j++)
            a->gopen[j][k] = k < 7 ? ok[bilou3_closing[j] * T + (unsigned)bilou3_open[k]] : NER_NEG_INF;
        for (unsigned j = 0; j < 2; j++) {
            unsigned c = (unsigned)bilou3_in[k], p = (c - 1) / 4 * 4 + 1 + j; /* B, then I */
            a->gin[j][k] = k < 6 ? ok[p * T + c] : NER_NEG_INF;
        }
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
