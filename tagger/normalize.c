/* normalize — see normalize.h for the algorithm and the offset map. */
#include "normalize.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uversion.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
/* x86 builds also compile the normalizer's loop for SSSE3, whose byte
 * shuffle looks up block16's letters in two tables (letters_ssse3), and
 * choose it at run time; -DTAGGER_PORTABLE=ON (the sanitizer build) keeps
 * only the SSE2 code, so the tests cover both. */
#if defined(__SSE2__) && (defined(__x86_64__) || defined(__i386__)) && !defined(TAGGER_PORTABLE)
#define NORM_SSSE3_DISPATCH 1
#include <tmmintrin.h>
#endif

#include "error.h"
#include "normalize_fold.h"

/* The table is the same for every tagger: the one generated at build time
 * (normalize_fold.h) when the ICU this library runs with is the one it was
 * generated with, else built once per process (pthread_once) by asking
 * that ICU for each of the 65,536 BMP code points, in static storage.
 * Either way it is shared read-only by all normalizers and nothing in it
 * is allocated.  With the generated table ICU's normalizer is asked only
 * about a code point above the BMP, and fetched then (nfkc_cf()): loading
 * its data cost 19 page faults of every start (docs/performance.md,
 * 2026-12-04). */
static struct {
    pthread_once_t once;
    UErrorCode status;           /* ICU's answer when the table was set up */
    const UNormalizer2 *nfkc_cf; /* owned by ICU, never freed; NULL: generated table */
    const uint32_t *table;
    const char *pool;
    uint32_t fingerprint; /* see tg_normalize_fingerprint */
    int generated;        /* the table is the build's */
    uint32_t own_table[0x10000];
    char own_pool[TG_FOLD_POOL_MAX];
} shared = {.once = PTHREAD_ONCE_INIT};

struct tg_normalizer {
    const UNormalizer2 *nfkc_cf;
    const uint32_t *table;
    const char *pool;
    /* the one byte an ASCII character is written as, 0 where the table
     * says anything else (dropped, attached, longer): tg_normalize's fast
     * path for English text and for the spaces and digits of any */
    unsigned char ascii[128];
    /* likewise the two bytes a 2-byte character (below U+0800: Arabic
     * script) is written as, first byte in the low half; 0: anything else */
    uint16_t two[0x800];
    /* 1 when the table writes every character that block16 accepts as
     * block16 writes it (checked at creation; 0 with another table) */
    int block_ok;
    /* letters_ssse3's tables (see there); use_ssse3: the processor has
     * SSSE3 and the tables hold BLOCK_LETTERS exactly */
    unsigned char row_bit[16], col_bits[16];
    int use_ssse3;
};

#ifdef __SSE2__
/* The two-byte characters block16 copies unchanged: the common Persian
 * letters (ء آ ا ب ت–غ ف ق ل–و پ چ ژ ک گ ی), as ranges X(lo, hi) of
 * U+0600 + lo .. U+0600 + hi.  Literal constants, so that block16's
 * comparisons take them from memory. */
#define BLOCK_LETTERS(X)                                                                  \
    X(0x21, 0x22) X(0x27, 0x28) X(0x2A, 0x3A) X(0x41, 0x42) X(0x44, 0x48) X(0x7E, 0x7E)  \
    X(0x86, 0x86) X(0x98, 0x98) X(0xA9, 0xA9) X(0xAF, 0xAF) X(0xCC, 0xCC)

/* Bytes of v in [lo, hi] (unsigned): 0xFF, else 0. */
static inline __m128i in_range(__m128i v, unsigned char lo, unsigned char hi)
{
    if (lo == hi)
        return _mm_cmpeq_epi8(v, _mm_set1_epi8((char)lo));
    __m128i t = _mm_sub_epi8(v, _mm_set1_epi8((char)lo));
    return _mm_cmpeq_epi8(_mm_subs_epu8(t, _mm_set1_epi8((char)(hi - lo))),
                          _mm_setzero_si128());
}

/* Which of the 16 bytes of low (the low byte of a U+06xx code point, see
 * block16) are in BLOCK_LETTERS: 0xFF, else 0.  By compares, in plain SSE2. */
static inline __m128i letters_sse2(__m128i low, const tg_normalizer *nz)
{
    (void)nz;
    __m128i in = _mm_setzero_si128();
#define ACCEPT(lo, hi) in = _mm_or_si128(in, in_range(low, lo, hi));
    BLOCK_LETTERS(ACCEPT)
#undef ACCEPT
    return in;
}

#ifdef NORM_SSSE3_DISPATCH
/* The same by two lookups: the set's low bytes have eight high nibbles, each
 * given a bit of its own (row_bit[h], 0 for the others), and col_bits[l]
 * has the bits of the rows h whose h << 4 | l is in the set, so a byte is
 * in it when row_bit[its high nibble] & col_bits[its low nibble] is not 0
 * (tables made by letter_tables). */
static inline __attribute__((target("ssse3"))) __m128i letters_ssse3(__m128i low,
                                                                      const tg_normalizer *nz)
{
    const __m128i nibble = _mm_set1_epi8(0x0F);
    __m128i rows = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)nz->row_bit),
                                    _mm_and_si128(_mm_srli_epi16(low, 4), nibble));
    __m128i cols = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)nz->col_bits),
                                    _mm_and_si128(low, nibble));
    return _mm_xor_si128(_mm_cmpeq_epi8(_mm_and_si128(rows, cols), _mm_setzero_si128()),
                         _mm_set1_epi8(-1));
}

/* Fills nz's row_bit and col_bits for BLOCK_LETTERS; 0 when they cannot
 * hold it (more than eight high nibbles), then letters_ssse3 is not used. */
static int letter_tables(tg_normalizer *nz)
{
    unsigned char in[256] = {0};
#define MARK(lo, hi) for (unsigned c = (lo); c <= (hi); c++) in[c] = 1;
    BLOCK_LETTERS(MARK)
#undef MARK
    memset(nz->row_bit, 0, sizeof nz->row_bit);
    memset(nz->col_bits, 0, sizeof nz->col_bits);
    unsigned rows = 0;
    for (unsigned h = 0; h < 16; h++)
        for (unsigned l = 0; l < 16; l++)
            if (in[h << 4 | l]) {
                if (!nz->row_bit[h]) {
                    if (rows == 8)
                        return 0;
                    nz->row_bit[h] = (unsigned char)(1u << rows++);
                }
                nz->col_bits[l] |= nz->row_bit[h];
            }
    /* each low byte as letters_ssse3 reads it */
    for (unsigned c = 0; c < 256; c++)
        if (!(nz->row_bit[c >> 4] & nz->col_bits[c & 15]) != !in[c])
            return 0;
    return 1;
}
#endif

/* letters_sse2 or letters_ssse3 */
typedef __m128i (*letters_fn)(__m128i low, const tg_normalizer *nz);

/* The fast path of tg_normalize for 16 input bytes at u, starting at a
 * character: the length of their longest prefix of whole characters that
 * the table writes as they are, or as they are with ASCII capitals
 * lower-cased (printable ASCII, newline, the letters of block_letters).
 * Those bytes are written to text (16 bytes are stored), and the offset
 * map of each, 16 entries from os and oe: a byte at input i + j maps to
 * [i + j, i + j + 1), less one at the start for a continuation byte, plus
 * one at the end for a lead byte.  *letters gets the ASCII letters among
 * them, *lastlen the length of the last character (1 or 2). */
static inline __attribute__((always_inline)) unsigned
block16(const unsigned char *u, size_t i, char *text, uint32_t *os, uint32_t *oe, size_t *letters,
        unsigned *lastlen, const tg_normalizer *nz, letters_fn letters_of)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)u);
    __m128i upper = in_range(v, 'A', 'Z');
    __m128i lower = in_range(v, 'a', 'z');
    __m128i ascii = _mm_or_si128(in_range(v, 0x20, 0x7E), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')));
    __m128i lead = _mm_slli_si128(v, 1); /* the byte before each */
    __m128i cont = _mm_setzero_si128();  /* continuation bytes of accepted letters */
    if (_mm_movemask_epi8(v)) {
        /* the low byte of the code point of a lead byte 0xD8..0xDB (U+06xx)
         * and the continuation byte after it, in the continuation's place;
         * the 16-bit shift moves no bit across bytes */
        __m128i low = _mm_or_si128(_mm_slli_epi16(_mm_and_si128(lead, _mm_set1_epi8(3)), 6),
                                   _mm_and_si128(v, _mm_set1_epi8(0x3F)));
        __m128i in = letters_of(low, nz);
        __m128i pair = _mm_and_si128(in_range(lead, 0xD8, 0xDB),
                                     _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xC0)),
                                                    _mm_set1_epi8((char)0x80)));
        cont = _mm_and_si128(in, pair);
    }
    __m128i leads = _mm_srli_si128(cont, 1);
    unsigned ok = (unsigned)_mm_movemask_epi8(_mm_or_si128(ascii, _mm_or_si128(cont, leads)));
    unsigned k = (unsigned)__builtin_ctz(~ok | 0x10000u); /* bytes accepted */
    if (k == 0)
        return 0;
    unsigned keep = (1u << k) - 1;
    unsigned letter = (unsigned)_mm_movemask_epi8(_mm_or_si128(upper, lower)) & keep;
    *letters = 0;
    if (letter) { /* its bits counted; none in most Persian blocks */
        letter -= letter >> 1 & 0x5555u;
        letter = (letter & 0x3333u) + (letter >> 2 & 0x3333u);
        letter = (letter + (letter >> 4)) & 0x0F0Fu;
        *letters = (letter + (letter >> 8)) & 0x1Fu;
    }
    *lastlen = (unsigned)_mm_movemask_epi8(cont) >> (k - 1) & 1 ? 2 : 1;
    _mm_storeu_si128((__m128i *)(void *)text,
                     _mm_add_epi8(v, _mm_and_si128(upper, _mm_set1_epi8(0x20))));
    __m128i at = _mm_add_epi32(_mm_set1_epi32((int)i), _mm_setr_epi32(0, 1, 2, 3));
    __m128i one = _mm_set1_epi32(1), four = _mm_set1_epi32(4);
    if (!_mm_movemask_epi8(cont)) { /* one byte a character */
        for (int q = 0; q < 4; q++) {
            _mm_storeu_si128((__m128i *)(void *)(os + 4 * q), at);
            _mm_storeu_si128((__m128i *)(void *)(oe + 4 * q), _mm_add_epi32(at, one));
            at = _mm_add_epi32(at, four);
        }
        return k;
    }
    __m128i c16[2] = {_mm_unpacklo_epi8(cont, cont), _mm_unpackhi_epi8(cont, cont)};
    __m128i l16[2] = {_mm_unpacklo_epi8(leads, leads), _mm_unpackhi_epi8(leads, leads)};
    for (int h = 0; h < 2; h++) {
        __m128i c32[2] = {_mm_unpacklo_epi16(c16[h], c16[h]), _mm_unpackhi_epi16(c16[h], c16[h])};
        __m128i l32[2] = {_mm_unpacklo_epi16(l16[h], l16[h]), _mm_unpackhi_epi16(l16[h], l16[h])};
        for (int q = 0; q < 2; q++) {
            /* a mask byte 0xFF widens to -1 */
            _mm_storeu_si128((__m128i *)(void *)(os + 8 * h + 4 * q), _mm_add_epi32(at, c32[q]));
            _mm_storeu_si128((__m128i *)(void *)(oe + 8 * h + 4 * q),
                             _mm_sub_epi32(_mm_add_epi32(at, one), l32[q]));
            at = _mm_add_epi32(at, four);
        }
    }
    return k;
}

/* 1 when the table writes every character block16 accepts as block16
 * writes it. */
static int block16_agrees(const tg_normalizer *nz)
{
    for (unsigned c = 0; c < 128; c++) {
        int accepted = (c >= 0x20 && c <= 0x7E) || c == '\n';
        unsigned want = c >= 'A' && c <= 'Z' ? c + 0x20 : c;
        if (accepted && nz->ascii[c] != want)
            return 0;
    }
#define AGREES(lo, hi)                                                                    \
    for (unsigned c = 0x600 + (lo); c <= 0x600 + (hi); c++)                               \
        if (nz->two[c] != (0xC0 | c >> 6 | (0x80 | (c & 0x3Fu)) << 8))                    \
            return 0;
    BLOCK_LETTERS(AGREES)
#undef AGREES
    return 1;
}
#endif

static void build_shared_table(void)
{
    UVersionInfo v;
    char running[U_MAX_VERSION_STRING_LENGTH];
    u_getVersion(v);
    u_versionToString(v, running);
    if (strcmp(running, tg_normtable_icu_version) == 0) {
        shared.table = tg_normtable_entries;
        shared.pool = tg_normtable_pool;
        shared.fingerprint = tg_normtable_fingerprint;
        shared.generated = 1;
        return;
    }
    shared.nfkc_cf = unorm2_getNFKCCasefoldInstance(&shared.status);
    if (U_FAILURE(shared.status))
        return;
    tg_fold_build_table(shared.nfkc_cf, shared.own_table, shared.own_pool);
    shared.table = shared.own_table;
    shared.pool = shared.own_pool;
    shared.fingerprint = tg_fold_fingerprint(shared.table, shared.pool);
}

uint32_t tg_normalize_fingerprint(void)
{
    pthread_once(&shared.once, build_shared_table);
    return U_FAILURE(shared.status) ? 0 : shared.fingerprint;
}

int tg_normalize_table_generated(void)
{
    pthread_once(&shared.once, build_shared_table);
    return shared.generated;
}

tg_normalizer *tg_normalizer_new(tagger_error *err)
{
    pthread_once(&shared.once, build_shared_table);
    if (U_FAILURE(shared.status)) {
        tg_error_set(err, TAGGER_ERR_INTERNAL, 0, "ICU NFKC_Casefold data unavailable: %s",
                     u_errorName(shared.status));
        return NULL;
    }
    tg_normalizer *nz = malloc(sizeof *nz);
    if (!nz) {
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    nz->nfkc_cf = shared.nfkc_cf;
    nz->table = shared.table;
    nz->pool = shared.pool;
    for (unsigned c = 0; c < 128; c++) {
        uint32_t e = nz->table[c];
        nz->ascii[c] = TG_FOLD_ACT(e) == TG_FOLD_EMIT && TG_FOLD_LEN(e) == 1
                           ? (unsigned char)nz->pool[TG_FOLD_OFF(e)]
                           : 0;
    }
    for (unsigned c = 0x80; c < 0x800; c++) {
        uint32_t e = nz->table[c];
        const unsigned char *r = (const unsigned char *)nz->pool + TG_FOLD_OFF(e);
        nz->two[c] = TG_FOLD_ACT(e) == TG_FOLD_EMIT && TG_FOLD_LEN(e) == 2
                         ? (uint16_t)(r[0] | r[1] << 8)
                         : 0;
    }
    for (unsigned c = 0; c < 0x80; c++)
        nz->two[c] = 0;
#ifdef __SSE2__
    nz->block_ok = block16_agrees(nz);
#else
    nz->block_ok = 0;
#endif
#ifdef NORM_SSSE3_DISPATCH
    nz->use_ssse3 = __builtin_cpu_supports("ssse3") && letter_tables(nz);
#else
    nz->use_ssse3 = 0;
#endif
    return nz;
}

void tg_normalizer_free(tg_normalizer *nz)
{
    free(nz);
}

/* ICU's NFKC_Casefold normalizer, for a code point above the BMP: the one
 * the table was built with, else ICU's (which keeps it once loaded); NULL
 * when ICU fails. */
static const UNormalizer2 *nfkc_cf(const tg_normalizer *nz)
{
    if (nz->nfkc_cf)
        return nz->nfkc_cf;
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *n = unorm2_getNFKCCasefoldInstance(&st);
    return U_SUCCESS(st) ? n : NULL;
}

static tagger_status utf8_error(tagger_error *err, size_t at)
{
    return tg_error_set(err, TAGGER_ERR_INVALID_UTF8, at, "invalid UTF-8 at byte %zu", at);
}

tagger_status tg_utf8_check(const char *s, size_t len, tagger_error *err)
{
    size_t bad;
    return tg_utf8_valid(s, len, &bad) ? TAGGER_OK : utf8_error(err, bad);
}

int tg_utf8_valid(const char *s, size_t len, size_t *bad)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = tg_utf8_char_len(u + i, len - i);
        if (n == 0) {
            if (bad)
                *bad = i;
            return 0;
        }
        i += n;
    }
    return 1;
}

/* The output's three arrays are one block (one malloc and one free a
 * text, not three): ostart[cap], oend[cap], then text[cap + 1], so that
 * the text keeps its room past the NUL at the block's end as it had in a
 * block of its own.  Made larger by copying into a new block (rare: the
 * first holds len + len / 8 + 16 bytes). */
static int grow_slow(tg_normtext *nt, size_t *cap, size_t need)
{
    size_t ncap = *cap * 2;
    if (ncap < need)
        ncap = need;
    if (ncap > (SIZE_MAX - 1) / (2 * sizeof(uint32_t) + 1))
        return 0;
    uint32_t *a = malloc(ncap * 2 * sizeof *a + ncap + 1);
    if (!a)
        return 0;
    uint32_t *b = a + ncap;
    char *t = (char *)(b + ncap);
    if (*cap) {
        memcpy(a, nt->ostart, *cap * sizeof *a);
        memcpy(b, nt->oend, *cap * sizeof *b);
        memcpy(t, nt->text, *cap + 1);
    }
    free(nt->ostart);
    nt->ostart = a;
    nt->oend = b;
    nt->text = t;
    *cap = ncap;
    return 1;
}

static inline int grow(tg_normtext *nt, size_t *cap, size_t need)
{
    return need <= *cap || grow_slow(nt, cap, need);
}

#ifndef __SSE2__
typedef int letters_fn; /* no blocks without SSE2 */
#endif

/* tg_normalize, block16 finding its letters by letters_of. */
static inline __attribute__((always_inline)) tagger_status
normalize_with(const tg_normalizer *nz, const char *s, size_t len, tg_normtext *out,
               tagger_error *err, letters_fn letters_of)
{
#ifndef __SSE2__
    (void)letters_of;
#endif
    memset(out, 0, sizeof *out);
    out->input = s;
    const unsigned char *u = (const unsigned char *)s;
    size_t cap = 0;
    if (!grow(out, &cap, len + len / 8 + 16))
        goto nomem;

    size_t n = 0;         /* bytes written */
    size_t last = 0;      /* start of the last written character */
    size_t latin = 0;     /* out->latin_letters, stored at the end */
    int have_last = 0;
    char slow[TG_FOLD_MAX];
    /* the arrays in locals: a store through out->text could otherwise
     * change out->ostart, so each would be read again for every byte */
    char *text = out->text;
    uint32_t *os = out->ostart, *oe = out->oend;
    size_t i = 0;
    while (i < len) {
        uint32_t c;
        size_t clen;
        /* the runs below stop here, so that block16 is tried again */
        size_t stop = len;
#ifdef __SSE2__
        if (nz->block_ok) {
            /* whole blocks while they are accepted, a prefix at the end */
            while (len - i >= 16 && cap - n >= 16) {
                unsigned lastlen;
                size_t letters;
                unsigned k = block16(u + i, i, text + n, os + n, oe + n, &letters, &lastlen, nz,
                                     letters_of);
                if (k == 0)
                    break;
                latin += letters;
                last = n + k - lastlen;
                have_last = 1;
                n += k;
                i += k;
            }
            if (i == len)
                break;
            if (len - i >= 16)
                stop = i + 16;
        }
#endif
        if (u[i] < 0x80 && nz->ascii[u[i]] && n < cap) {
            /* the EMIT below, of one byte, for this character and the next
             * ones written the same way */
            do {
                unsigned char a = u[i];
                latin += (a | 0x20) >= 'a' && (a | 0x20) <= 'z';
                text[n] = (char)nz->ascii[a];
                os[n] = (uint32_t)i;
                oe[n] = (uint32_t)(i + 1);
                last = n++;
                i++;
            } while (i < stop && u[i] < 0x80 && nz->ascii[u[i]] && n < cap);
            have_last = 1;
            continue;
        }
        if (u[i] < 0x80) {
            c = u[i];
            clen = 1;
        } else if (u[i] >= 0xC2 && u[i] <= 0xDF && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
            c = ((uint32_t)(u[i] & 0x1F) << 6) | (u[i + 1] & 0x3F); /* Persian: most of it */
            clen = 2;
            if (nz->two[c] && n + 2 <= cap) {
                /* the EMIT below, of two bytes, for this character and the
                 * next ones written the same way (a Persian word): at most
                 * `run` of them fit in what is left of the input and the
                 * output */
                size_t run = (stop - i) / 2 < (cap - n) / 2 ? (stop - i) / 2 : (cap - n) / 2;
                do {
                    uint16_t r = nz->two[c];
                    uint32_t os2[2] = {(uint32_t)i, (uint32_t)i};
                    uint32_t oe2[2] = {(uint32_t)(i + 2), (uint32_t)(i + 2)};
                    text[n] = (char)(r & 0xFF);
                    text[n + 1] = (char)(r >> 8);
                    memcpy(os + n, os2, sizeof os2); /* one store each */
                    memcpy(oe + n, oe2, sizeof oe2);
                    n += 2;
                    i += 2;
                    if (--run == 0)
                        break;
                    unsigned b0 = u[i], b1 = u[i + 1];
                    if (b0 - 0xC2u > 0xDFu - 0xC2u || (b1 & 0xC0) != 0x80)
                        break;
                    c = ((b0 & 0x1F) << 6) | (b1 & 0x3F);
                } while (nz->two[c]);
                last = n - 2;
                have_last = 1;
                continue;
            }
        } else {
            clen = tg_utf8_char_len(u + i, len - i);
            if (clen == 0) {
                tg_normtext_free(out);
                return utf8_error(err, i);
            }
            size_t j = i;
            c = tg_utf8_next(s, &j);
        }
        latin += (c | 0x20) >= 'a' && (c | 0x20) <= 'z';

        const char *rep;
        size_t rlen;
        int act;
        if (c < 0x10000) {
            uint32_t e = nz->table[c];
            act = (int)TG_FOLD_ACT(e);
            rlen = TG_FOLD_LEN(e);
            rep = nz->pool + TG_FOLD_OFF(e);
        } else {
            const UNormalizer2 *cf = nfkc_cf(nz);
            if (!cf) {
                tg_normtext_free(out);
                return tg_error_set(err, TAGGER_ERR_INTERNAL, 0,
                                    "ICU NFKC_Casefold data unavailable");
            }
            act = tg_fold_codepoint(cf, c, slow, &rlen);
            rep = slow;
        }
        uint32_t ostart = (uint32_t)i, oend = (uint32_t)(i + clen);
        if (act == TG_FOLD_EMIT && rlen > 0) {
            if (n + rlen > cap) {
                if (!grow_slow(out, &cap, n + rlen))
                    goto nomem;
                text = out->text;
                os = out->ostart;
                oe = out->oend;
            }
            for (size_t k = 0; k < rlen; k++) { /* a byte or two, mostly */
                text[n + k] = rep[k];
                os[n + k] = ostart;
                oe[n + k] = oend;
            }
            last = n;
            have_last = 1;
            n += rlen;
        } else if (act == TG_FOLD_ATTACH && have_last) {
            for (size_t k = last; k < n; k++)
                oe[k] = oend;
        }
        i += clen;
    }
    out->latin_letters = latin;
    out->text[n] = '\0';
    out->len = n;
    return TAGGER_OK;

nomem:
    tg_normtext_free(out);
    return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
}

#ifdef NORM_SSSE3_DISPATCH
/* The same loop compiled for SSSE3, letters_ssse3 inlined into it. */
static __attribute__((target("ssse3"), noinline)) tagger_status
normalize_ssse3(const tg_normalizer *nz, const char *s, size_t len, tg_normtext *out,
                tagger_error *err)
{
    return normalize_with(nz, s, len, out, err, letters_ssse3);
}
#endif

tagger_status tg_normalize(const tg_normalizer *nz, const char *s, size_t len,
                           tg_normtext *out, tagger_error *err)
{
#ifdef NORM_SSSE3_DISPATCH
    if (nz->use_ssse3)
        return normalize_ssse3(nz, s, len, out, err);
#endif
#ifdef __SSE2__
    return normalize_with(nz, s, len, out, err, letters_sse2);
#else
    return normalize_with(nz, s, len, out, err, 0);
#endif
}

void tg_normtext_free(tg_normtext *nt)
{
    if (!nt)
        return;
    free(nt->ostart); /* the block of all three (grow_slow) */
    memset(nt, 0, sizeof *nt);
}

char *tg_normalize_key(const tg_normalizer *nz, const char *s, size_t len,
                       size_t *keylen)
{
    tg_normtext nt;
    if (tg_normalize(nz, s, len, &nt, NULL) != TAGGER_OK)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < nt.len; i++)
        if (nt.text[i] != ' ' && nt.text[i] != '\n')
            nt.text[k++] = nt.text[i];
    char *key = malloc(k + 1); /* nt's text is not a block of its own (grow_slow) */
    if (key) {
        memcpy(key, nt.text, k);
        key[k] = '\0';
    }
    tg_normtext_free(&nt);
    if (key && keylen)
        *keylen = k;
    return key;
}
