/* tokenize_classes — see tokenize_classes.h for the algorithm. */
#include "tokenize_classes.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "tokenize.h"

uint16_t tg_tok_classes[WB_N + 1];
unsigned char tg_tok_kinds[WB_N + 1];
static pthread_once_t wb_once = PTHREAD_ONCE_INIT;

unsigned char tg_tokenize_kind_of_property(UChar32 c)
{
    if (c == ' ' || c == '\n' || u_isUWhiteSpace(c))
        return KIND_BLANK;
    if (u_ispunct(c))
        return KIND_PUNCT;
    /* a run of letters ICU left without a word status (e.g. marks alone) */
    return u_isalpha(c) ? KIND_LETTER : KIND_SYMBOL;
}

static unsigned char class_of_property(UChar32 c)
{
    switch (u_getIntPropertyValue(c, UCHAR_WORD_BREAK)) {
    case U_WB_OTHER:
    case U_WB_DOUBLE_QUOTE: /* special only next to Hebrew letters */
        return C_OTHER;
    case U_WB_ALETTER: return C_LETTER;
    case U_WB_NUMERIC: return C_NUMERIC;
    case U_WB_MIDLETTER: return C_MIDLETTER;
    case U_WB_MIDNUM: return C_MIDNUM;
    case U_WB_MIDNUMLET:
    case U_WB_SINGLE_QUOTE: return C_MIDNUMLET;
    case U_WB_EXTEND:
    case U_WB_FORMAT: return C_EXTEND;
    case U_WB_WSEGSPACE: return C_SPACE;
    case U_WB_CR: return C_CR;
    case U_WB_LF: return C_LF;
    case U_WB_NEWLINE: return C_NEWLINE;
    default: return C_ICU;
    }
}


static unsigned char sentence_class_of_property(UChar32 c)
{
    switch (u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK)) {
    case U_SB_OTHER: return S_OTHER;
    case U_SB_OLETTER: return S_OLETTER;
    case U_SB_UPPER: return S_UPPER;
    case U_SB_LOWER: return S_LOWER;
    case U_SB_NUMERIC: return S_NUMERIC;
    case U_SB_ATERM: return S_ATERM;
    case U_SB_STERM: return S_STERM;
    case U_SB_CLOSE: return S_CLOSE;
    case U_SB_SP: return S_SP;
    case U_SB_SCONTINUE: return S_SCONTINUE;
    case U_SB_EXTEND:
    case U_SB_FORMAT: return S_EXTEND;
    case U_SB_CR: return S_CR;
    case U_SB_LF: return S_LF;
    case U_SB_SEP: return S_SEP;
    default: return S_ICU;
    }
}

static uint16_t classes_of(UChar32 c)
{
    /* ICU's root rules take the colon out of MidLetter and make "@" a
     * letter, so that an e-mail address stays one word */
    unsigned char w = c == ':' ? C_OTHER : c == '@' ? C_LETTER : class_of_property(c);
    return (uint16_t)(w | sentence_class_of_property(c) << 8);
}

#ifdef __SSE2__
/* The two ranges of Arabic letters (all of Persian's) whose classes are
 * PLAIN_LETTER, checked against the tables when they are built
 * (plain_ranges_ok; under another ICU they might not be). */
#define PLAIN_LETTER (C_LETTER | S_OLETTER << 8)
#define PLAIN1_FIRST 0x620
#define PLAIN1_LAST 0x64A
#define PLAIN2_FIRST 0x671
#define PLAIN2_LAST 0x6D3
static int plain_ranges_ok;

static void check_plain_ranges(void)
{
    int ok = 1;
    for (uint32_t c = PLAIN1_FIRST; c <= PLAIN2_LAST; c++)
        if ((c <= PLAIN1_LAST || c >= PLAIN2_FIRST) && tg_tok_classes[c] != PLAIN_LETTER)
            ok = 0;
    plain_ranges_ok = ok;
}

/* The letters of those ranges that run from text + i, written as UTF-8
 * pairs, up to eight: their units, offsets and classes stored at m (all
 * eight slots written; the bytes read are text[i..i+16), which the caller
 * keeps below len); returns how many. */
static inline int32_t plain_letters8(const char *text, size_t i, UChar *u16, uint32_t *at,
                                     unsigned char *cls, unsigned char *scls, int32_t m)
{
    const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
    /* lead 110xxxxx then 10xxxxxx: in a little-endian 16-bit lane, the lead
     * is the low byte */
    const __m128i pair = _mm_cmpeq_epi16(_mm_and_si128(v, _mm_set1_epi16((short)0xC0E0)),
                                         _mm_set1_epi16((short)0x80C0));
    const __m128i c =
        _mm_or_si128(_mm_slli_epi16(_mm_and_si128(v, _mm_set1_epi16(0x1F)), 6),
                     _mm_and_si128(_mm_srli_epi16(v, 8), _mm_set1_epi16(0x3F)));
    /* c - first <= last - first, unsigned: the saturated difference is 0 */
    const __m128i zero = _mm_setzero_si128();
    const __m128i in1 = _mm_cmpeq_epi16(
        _mm_subs_epu16(_mm_sub_epi16(c, _mm_set1_epi16(PLAIN1_FIRST)),
                       _mm_set1_epi16(PLAIN1_LAST - PLAIN1_FIRST)),
        zero);
    const __m128i in2 = _mm_cmpeq_epi16(
        _mm_subs_epu16(_mm_sub_epi16(c, _mm_set1_epi16(PLAIN2_FIRST)),
                       _mm_set1_epi16(PLAIN2_LAST - PLAIN2_FIRST)),
        zero);
    const unsigned bits =
        (unsigned)_mm_movemask_epi8(_mm_and_si128(pair, _mm_or_si128(in1, in2)));
    const int32_t k = __builtin_ctz(~bits) >> 1;
    _mm_storeu_si128((__m128i *)(void *)(u16 + m), c);
    const __m128i p = _mm_set1_epi32((int)i);
    _mm_storeu_si128((__m128i *)(void *)(at + m), _mm_add_epi32(p, _mm_setr_epi32(0, 2, 4, 6)));
    _mm_storeu_si128((__m128i *)(void *)(at + m + 4),
                     _mm_add_epi32(p, _mm_setr_epi32(8, 10, 12, 14)));
    const uint64_t ones = 0x0101010101010101ull;
    const uint64_t wc = (PLAIN_LETTER & 0xFF) * ones, sc = (PLAIN_LETTER >> 8) * ones;
    memcpy(cls + m, &wc, 8);
    memcpy(scls + m, &sc, 8);
    return k;
}
#endif

static void build_wb_classes(void)
{
    for (UChar32 c = 0; c < WB_LOW; c++) {
        tg_tok_classes[c] = classes_of(c);
        tg_tok_kinds[c] = tg_tokenize_kind_of_property(c);
    }
    for (UChar32 c = WB_PUNCT_FIRST; c <= WB_PUNCT_LAST; c++) {
        tg_tok_classes[WB_LOW + (c - WB_PUNCT_FIRST)] = classes_of(c);
        tg_tok_kinds[WB_LOW + (c - WB_PUNCT_FIRST)] = tg_tokenize_kind_of_property(c);
    }
    tg_tok_classes[WB_N] = C_ICU | S_ICU << 8;
    tg_tok_kinds[WB_N] = KIND_ASK;
#ifdef __SSE2__
    check_plain_ranges();
#endif
}


void tg_tokenize_classes_init(void)
{
    pthread_once(&wb_once, build_wb_classes);
}

/* Stores BMP character c, from normalized byte pos, as UTF-16 unit m with
 * its classes k (word break in cls, sentence break in scls); returns k. */
static inline uint16_t put_unit(UChar *u16, uint32_t *at, unsigned char *cls,
                                unsigned char *scls, int32_t m, uint32_t c, uint32_t pos,
                                uint16_t k)
{
    cls[m] = (unsigned char)k;
    scls[m] = (unsigned char)(k >> 8);
    at[m] = pos;
    u16[m] = (UChar)c;
    return k;
}


#ifdef __SSE2__
/* Which of the eight units from u16 + k (bit j: unit k + j) tg_tokenize_cased_copy()
 * must give to cased_unit(): the letters it may change ('a'..'z' or
 * U+00DF..U+052F: unsigned differences tested by saturating subtraction,
 * SSE2 compares 16-bit lanes signed), but for the ASCII letters of eight
 * units that are eight bytes of the normalized text made from eight bytes
 * of the input (their offsets proved consecutive) only those whose input
 * byte is not the letter (a capital, mostly). */
static inline unsigned cased8_lanes(const tg_normtext *nt, const UChar *u16, const uint32_t *at,
                                    int32_t k)
{
    const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u16 + k)),
                  zero = _mm_setzero_si128();
    const __m128i az = _mm_cmpeq_epi16(
        _mm_subs_epu16(_mm_sub_epi16(v, _mm_set1_epi16('a')), _mm_set1_epi16('z' - 'a')), zero);
    const __m128i more = _mm_cmpeq_epi16(
        _mm_subs_epu16(_mm_sub_epi16(v, _mm_set1_epi16(0xDF)), _mm_set1_epi16(0x52F - 0xDF)),
        zero);
    const unsigned lanes_az = (unsigned)_mm_movemask_epi8(_mm_packs_epi16(az, zero)),
                   lanes_more = (unsigned)_mm_movemask_epi8(_mm_packs_epi16(more, zero));
    if (!lanes_az)
        return lanes_more;
    const __m128i lo4 = _mm_setr_epi32(0, 1, 2, 3), hi4 = _mm_setr_epi32(4, 5, 6, 7);
    const uint32_t a0 = at[k];
    __m128i base = _mm_set1_epi32((int)a0);
    __m128i same = _mm_and_si128(
        _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(const void *)(at + k)),
                        _mm_add_epi32(base, lo4)),
        _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(const void *)(at + k + 4)),
                        _mm_add_epi32(base, hi4)));
    if (_mm_movemask_epi8(same) != 0xFFFF) /* else at[k + 7] < len: the reads below in the text */
        return lanes_az | lanes_more;
    const uint32_t o0 = nt->ostart[a0];
    base = _mm_set1_epi32((int)o0);
    same = _mm_and_si128(
        _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(const void *)(nt->ostart + a0)),
                        _mm_add_epi32(base, lo4)),
        _mm_cmpeq_epi32(_mm_loadu_si128((const __m128i *)(const void *)(nt->ostart + a0 + 4)),
                        _mm_add_epi32(base, hi4)));
    if (_mm_movemask_epi8(same) != 0xFFFF) /* else input bytes o0 .. o0 + 7 */
        return lanes_az | lanes_more;
    const __m128i in = _mm_loadl_epi64((const __m128i *)(const void *)(nt->input + o0));
    const unsigned lanes_eq =
        (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_packus_epi16(v, v), in)) & 0xFF;
    return (lanes_az & ~lanes_eq) | lanes_more;
}
#endif

/* tg_tokenize_cased_copy()'s unit k: the capital of the input put back on it. */
static inline __attribute__((always_inline)) void
cased_unit(const tg_normtext *nt, const UChar *u16, const uint32_t *at, int32_t k, UChar *c,
           unsigned char *scls, int *sicu)
{
    UChar ch = u16[k];
    /* lowercase letters of the cased scripts before Armenian (Latin,
     * Greek, Cyrillic); Arabic-script text is left alone */
    if ((unsigned)(ch - 'a') <= 'z' - 'a') {
        if ((unsigned char)nt->input[nt->ostart[at[k]]] == ch)
            return; /* most: written so (the byte is the character) */
    } else if (ch < 0xDF || ch >= 0x530 || !u_islower(ch)) {
        return;
    }
    size_t i = nt->ostart[at[k]];
    uint32_t orig = tg_utf8_next(nt->input, &i);
    if (orig == ch) /* most letters: written in lower case (no ICU call) */
        return;
    UChar32 up = u_toupper(ch);
    if ((u_isupper((UChar32)orig) || u_istitle((UChar32)orig)) && up <= 0xFFFF) {
        c[k] = (UChar)up;
        scls[k] = (unsigned char)(classes_at(c[k]) >> 8);
        *sicu |= scls[k] == S_ICU;
    }
}

/* tokenize_classes.h */
UChar *tg_tokenize_cased_copy(const tg_normtext *nt, const UChar *u16, const uint32_t *at,
                              int32_t m, unsigned char *scls, int *sicu)
{
    UChar *c = malloc(((size_t)m + 1) * sizeof *c);
    if (!c)
        return NULL;
    memcpy(c, u16, (size_t)m * sizeof *c);
    int32_t k = 0;
#ifdef __SSE2__
    /* eight units at a time, only those cased_unit may change one by one
     * (none in most blocks of Persian news with a few Latin letters; the
     * capitals in English) */
    for (; k + 8 <= m; k += 8)
        for (unsigned lanes = cased8_lanes(nt, u16, at, k); lanes; lanes &= lanes - 1)
            cased_unit(nt, u16, at, k + __builtin_ctz(lanes), c, scls, sicu);
#endif
    for (; k < m; k++)
        cased_unit(nt, u16, at, k, c, scls, sicu);
    return c;
}


/* tg_tokenize_units (tokenize.h); with vector a constant where inlined. */
static inline __attribute__((always_inline)) int32_t
convert(const char *text, size_t len, int vector, int ascii16, UChar *u16, uint32_t *at,
        unsigned char *cls, unsigned char *scls, unsigned *seenp)
{
    unsigned seen = 0;
#ifndef __SSE2__
    (void)vector;
#endif
    tg_tokenize_classes_init();
    int32_t m = 0;
    for (size_t i = 0; i < len;) {
        uint32_t pos = (uint32_t)i;
        unsigned b0 = (unsigned char)text[i];
        /* runs of ASCII and of two-byte characters (all of Arabic
         * script): below WB_LOW, so a plain look-up, in a loop of their
         * own (text[len] is the NUL, which ends either run) */
        if (b0 < 0x80) {
#ifdef __SSE2__
            /* sixteen ASCII bytes (no NUL) at a time: units and offsets
             * stored as vectors, the classes looked up one by one (most of
             * English: ascii16, chosen by the caller; a run of one byte is
             * not tried) */
            if (vector && ascii16 && (unsigned char)text[i + 1] - 1u < 0x7Fu) {
                const __m128i zero = _mm_setzero_si128();
                const size_t from = i;
                while (i + 16 <= len) {
                    const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
                    if (_mm_movemask_epi8(_mm_or_si128(x, _mm_cmpeq_epi8(x, zero))))
                        break;
                    _mm_storeu_si128((__m128i *)(void *)(u16 + m), _mm_unpacklo_epi8(x, zero));
                    _mm_storeu_si128((__m128i *)(void *)(u16 + m + 8), _mm_unpackhi_epi8(x, zero));
                    __m128i p = _mm_add_epi32(_mm_set1_epi32((int)i), _mm_setr_epi32(0, 1, 2, 3));
                    for (int q = 0; q < 4; q++, p = _mm_add_epi32(p, _mm_set1_epi32(4)))
                        _mm_storeu_si128((__m128i *)(void *)(at + m + 4 * q), p);
                    for (int j = 0; j < 16; j++) {
                        const uint16_t k = tg_tok_classes[(unsigned char)text[i + (size_t)j]];
                        cls[m + j] = (unsigned char)k;
                        scls[m + j] = (unsigned char)(k >> 8);
                        seen |= k;
                    }
                    m += 16;
                    i += 16;
                }
                b0 = (unsigned char)text[i];
                if (i > from && b0 - 1u >= 0x7Fu) /* the run ended with the sixteen */
                    continue;
            }
#endif
            do {
                seen |= put_unit(u16, at, cls, scls, m++, b0, (uint32_t)i, tg_tok_classes[b0]);
                b0 = (unsigned char)text[++i];
            } while (b0 - 1u < 0x7Fu);
            continue;
        }
        if (b0 < 0xE0) {
#ifdef __SSE2__
            /* letters eight at a time (most Persian words are 3 to 7
             * letters), and a space between two words; the other
             * characters, and a run's last bytes, one at a time */
            if (vector && plain_ranges_ok) {
                int32_t k;
                while (i + 16 <= len && (k = plain_letters8(text, i, u16, at, cls, scls, m)) > 0) {
                    seen |= PLAIN_LETTER;
                    m += k;
                    i += 2 * (size_t)k;
                    if (k == 8)
                        continue;
                    if (text[i] != ' ' || (unsigned char)text[i + 1] - 0xC0u >= 0x20u)
                        break;
                    seen |= put_unit(u16, at, cls, scls, m++, ' ', (uint32_t)i, tg_tok_classes[' ']);
                    i++;
                }
                b0 = (unsigned char)text[i];
                if (b0 - 0x80u >= 0x60u) /* not for this loop */
                    continue;
            }
#endif
            do {
                const uint32_t c = (b0 & 0x1Fu) << 6 | ((unsigned char)text[i + 1] & 0x3Fu);
                seen |= put_unit(u16, at, cls, scls, m++, c, (uint32_t)i, tg_tok_classes[c]);
                i += 2;
                b0 = (unsigned char)text[i];
            } while (b0 - 0xC0u < 0x20u);
            continue;
        }
        uint32_t c = tg_utf8_next(text, &i);
        if (c < 0x10000) {
            seen |= put_unit(u16, at, cls, scls, m++, c, pos, classes_at((UChar)c));
        } else {
            seen |= tg_tok_classes[WB_N];
            at[m] = pos;
            u16[m++] = (UChar)(0xD7C0 + (c >> 10));
            at[m] = pos;
            u16[m++] = (UChar)(0xDC00 | (c & 0x3FF));
        }
    }
    at[m] = (uint32_t)len;
    *seenp = seen;
    return m;
}

int32_t tg_tokenize_units(const char *text, size_t len, int vector, UChar *u16, uint32_t *at,
                          unsigned char *cls, unsigned char *scls, unsigned *seen)
{
    return vector ? convert(text, len, 1, 1, u16, at, cls, scls, seen)
                  : convert(text, len, 0, 0, u16, at, cls, scls, seen);
}

int32_t tg_tokenize_convert(const char *text, size_t len, int ascii16, UChar *u16, uint32_t *at,
                            unsigned char *cls, unsigned char *scls, unsigned *seen)
{
    return convert(text, len, 1, ascii16, u16, at, cls, scls, seen);
}
