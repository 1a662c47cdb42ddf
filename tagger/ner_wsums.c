/*
 * ner_wsums — the five weight row sums of a word, for decoding with a
 * model of 16-byte rows (ner_features.c says why a token's emission starts
 * from the sums of the words around it): for each offset -2 .. 2 from a
 * token, the int8 rows of the features the word gives a token there
 * (NER_WORD_ROWS), with the bias and the word's ZWNJ pieces in its own,
 * added as 16 int16 lanes (at most 19 rows a sum, no overflow).
 *
 * Compiled twice and chosen by the processor: with AVX2 a row is widened
 * by one vpmovsxbw straight from memory and added by one vpaddw (GCC 12
 * makes __builtin_convertvector of 16 int8 to 16 int16 two 8-lane
 * widenings, a byte shift and an insert, even for AVX2: eight
 * instructions a row instead of four); without, by the vector extension.
 * The integer sums are the same either way (int16 lanes, wrapping alike).
 */
#include <string.h>

#include "ner_internal.h"

#ifdef NER_AVX2_DISPATCH
#include <immintrin.h>
#endif

#define WROW_ADD(acc, h) tg_ner_row_add((acc), fb, (h))

static void word_sums_plain(const tg_ner_featbuf *fb, const tg_ner_word *e,
                            const tg_ner_clusters *ct, tg_ner_sum16 *out)
{
    tg_ner_v16hi sums[5] = {{0}, {0}, {0}, {0}, {0}};
    NER_WORD_ROWS(e, ct, sums, WROW_ADD);
    WROW_ADD(&sums[2], fb->k.bias); /* every token has one word of its own */
    for (unsigned z = 0; z < e->f.zw; z++)
        WROW_ADD(&sums[2], e->zwf[z]);
    memcpy(out, sums, sizeof sums);
}

#ifdef NER_AVX2_DISPATCH
/* A row widened to 16 int16 lanes: one vpmovsxbw from memory. */
static inline __attribute__((target("avx2"), always_inline)) __m256i
row_avx2(const int8_t *p)
{
    return _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)p));
}

#define WROW_ADD_AVX2(acc, h) (*(acc) = _mm256_add_epi16(*(acc), row_avx2(tg_ner_row(fb, h))))

static __attribute__((target("avx2"))) void word_sums_avx2(const tg_ner_featbuf *fb,
                                                           const tg_ner_word *e,
                                                           const tg_ner_clusters *ct,
                                                           tg_ner_sum16 *out)
{
    __m256i sums[5];
    for (unsigned d = 0; d < 5; d++)
        sums[d] = _mm256_setzero_si256();
    NER_WORD_ROWS(e, ct, sums, WROW_ADD_AVX2);
    WROW_ADD_AVX2(&sums[2], fb->k.bias);
    for (unsigned z = 0; z < e->f.zw; z++)
        WROW_ADD_AVX2(&sums[2], e->zwf[z]);
    for (unsigned d = 0; d < 5; d++)
        _mm256_storeu_si256((__m256i *)(void *)out[d].v, sums[d]);
}
#endif

void tg_ner_word_sums(const tg_ner_featbuf *fb, const tg_ner_word *e,
                      const tg_ner_clusters *ct, tg_ner_sum16 *out)
{
#ifdef NER_AVX2_DISPATCH
    if (__builtin_cpu_supports("avx2")) {
        word_sums_avx2(fb, e, ct, out);
        return;
    }
#endif
    word_sums_plain(fb, e, ct, out);
}
