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
 * tries only the 61 allowed pairs of its 169, as 8-lane vectors where the
 * processor has AVX2; every variant gives the same tags.
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

#ifdef NER_AVX2_DISPATCH
typedef float v8sf __attribute__((vector_size(32)));
typedef int32_t v8si __attribute__((vector_size(32)));

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

/* The transitions are first copied with the forbidden ones at NER_NEG_INF
 * (tg_ner_viterbi_allowed; a model keeps its copy), so the inner loop is a
 * plain maximum; a state whose best predecessor is itself unreachable
 * (below NER_NEG_INF / 2) stays unreachable. */
void tg_ner_viterbi_allowed(const tg_ner_tag_rules *tr, const float *trans, float *ok)
{
    unsigned T = tr->T;
    for (unsigned i = 0; i < (T + 1) * T; i++)
        ok[i] = tr->allowed[i] ? trans[i] : NER_NEG_INF;
}

void tg_ner_viterbi(const tg_ner_tag_rules *tr, const float *emit, size_t n, const float *trans,
                    const float *final, float *delta, uint8_t *back, uint8_t *out)
{
    float ok[(NER_MAX_TAGS + 1) * NER_MAX_TAGS];
    tg_ner_viterbi_allowed(tr, trans, ok);
    tg_ner_viterbi_ok(tr, emit, n, ok, final, delta, back, out);
}

void tg_ner_viterbi_ok(const tg_ner_tag_rules *tr, const float *emit, size_t n, const float *ok,
                       const float *final, float *delta, uint8_t *back, uint8_t *out)
{
    unsigned T = tr->T;
    for (unsigned c = 0; c < T; c++)
        delta[c] = tr->allowed[T * T + c] ? ok[T * T + c] + emit[c] : NER_NEG_INF;
    if (T == 7) /* BIO with three labels: unrolled */
        viterbi_steps(ok, emit, n, 7, delta, back);
    else if (T == 13 && tr->scheme == NER_SCHEME_BILOU) { /* three labels: unrolled */
#ifdef NER_AVX2_DISPATCH
        if (__builtin_cpu_supports("avx2"))
            viterbi_bilou3_avx2(ok, emit, n, delta, back);
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
