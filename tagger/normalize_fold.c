/* normalize_fold — see normalize_fold.h (and normalize.h for the rules). */
#include "normalize_fold.h"

#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf16.h>

#include "hash.h"
#include "normalize.h"

/* Persian folding of one code point that NFKC_Casefold produced.
 * Returns the replacement, or 0 to remove it. */
static uint32_t persian_fold(uint32_t c)
{
    switch (c) {
    case 0x064A: case 0x0649: case 0x0626: case 0x06CD: case 0x06D0:
    case 0x06D1: case 0x06D2: case 0x06D3:
        return 0x06CC; /* ی */
    case 0x0643: case 0x06AA:
        return 0x06A9; /* ک */
    case 0x0623: case 0x0625: case 0x0671: case 0x0672: case 0x0673:
        return 0x0627; /* ا */
    case 0x0624:
        return 0x0648; /* و */
    case 0x0629: case 0x06C0: case 0x06C1: case 0x06C2: case 0x06C3:
    case 0x06D5: case 0x06BE:
        return 0x0647; /* ه */
    case 0x066A:
        return '%';
    case 0x066B:
        return '.';
    case 0x066C:
        return ',';
    case 0x0640: /* tatweel */
        return 0;
    default:
        break;
    }
    if ((c >= 0x0610 && c <= 0x061A) || (c >= 0x064B && c <= 0x065F) ||
        c == 0x0670 || (c >= 0x06D6 && c <= 0x06DC) ||
        (c >= 0x06DF && c <= 0x06E8) || (c >= 0x06EA && c <= 0x06ED) ||
        (c >= 0x08D3 && c <= 0x08FF))
        return 0; /* Arabic-script marks */
    if (c > '9' && u_charType((UChar32)c) == U_DECIMAL_DIGIT_NUMBER)
        return '0' + (uint32_t)u_charDigitValue((UChar32)c);
    return c;
}

int tg_fold_codepoint(const UNormalizer2 *nfkc_cf, uint32_t c, char *out, size_t *n)
{
    *n = 0;
    if (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029 || c == 0x85) {
        out[0] = '\n';
        *n = 1;
        return TG_FOLD_EMIT;
    }
    if (c == 0x0640)
        return TG_FOLD_ATTACH;
    if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0x200E ||
        c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
        (c >= 0x2060 && c <= 0x206F) || c == 0xFEFF || c == 0x00AD ||
        c == 0x061C || c == 0x180E)
        return TG_FOLD_DROP;
    if (u_charType((UChar32)c) == U_CONTROL_CHAR || u_isUWhiteSpace((UChar32)c)) {
        out[0] = ' ';
        *n = 1;
        return TG_FOLD_EMIT;
    }

    UChar src[2], dst[64];
    int32_t srclen = 0;
    UBool overflow = 0;
    U16_APPEND((UChar *)src, srclen, 2, (UChar32)c, overflow);
    (void)overflow;
    UErrorCode status = U_ZERO_ERROR;
    int32_t dstlen;
#ifndef TG_NORMALIZE_NO_INERT
    /* an inert code point is its own normalization: a look-up in ICU's
     * trie instead of a normalization (most of the BMP) */
    if (unorm2_isInert(nfkc_cf, (UChar32)c)) {
        dstlen = srclen;
        memcpy(dst, src, sizeof(UChar) * (size_t)srclen);
    } else
#endif
        dstlen = unorm2_normalize(nfkc_cf, src, srclen, dst, 64, &status);
    if (U_FAILURE(status)) { /* keep the code point as it is */
        dstlen = srclen;
        memcpy(dst, src, sizeof(UChar) * (size_t)srclen);
    }
    for (int32_t k = 0; k < dstlen;) {
        UChar32 d;
        U16_NEXT(dst, k, dstlen, d);
        uint32_t f = persian_fold((uint32_t)d);
        if (f == 0)
            continue;
        if (u_isUWhiteSpace((UChar32)f) && f != '\n')
            f = ' ';
        if (*n + 4 > TG_FOLD_MAX)
            break;
        *n += tg_utf8_put(out + *n, f);
    }
    if (*n > 0)
        return TG_FOLD_EMIT;
    int8_t type = u_charType((UChar32)c);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK ||
        type == U_COMBINING_SPACING_MARK)
        return TG_FOLD_ATTACH;
    return TG_FOLD_DROP;
}

size_t tg_fold_build_table(const UNormalizer2 *nfkc_cf, uint32_t *table, char *pool)
{
    size_t used = 0;
    for (uint32_t c = 0; c < 0x10000; c++) {
        if (c >= 0xD800 && c <= 0xDFFF) { /* unreachable in valid UTF-8 */
            table[c] = TG_FOLD_ENTRY(TG_FOLD_DROP, 0, 0);
            continue;
        }
        size_t n;
        int act = tg_fold_codepoint(nfkc_cf, c, pool + used, &n);
        table[c] = TG_FOLD_ENTRY(act, n, used);
        used += n;
    }
    return used;
}

/* Unicode's stability policies keep NFKC and case folding of assigned
 * characters fixed, so the ICU of another Debian release gives the same
 * value, while any change to the table itself (a Persian folding, a
 * character dropped or attached) gives another. */
uint32_t tg_fold_fingerprint(const uint32_t *table, const char *pool)
{
    const UVersionInfo newest = {13, 0, 0, 0};
    uint64_t h = TG_FNV_OFFSET;
    for (uint32_t c = 0; c < 0x10000; c++) {
        UVersionInfo age;
        u_charAge((UChar32)c, age);
        if (age[0] == 0 || memcmp(age, newest, sizeof age) > 0)
            continue;
        uint32_t e = table[c];
        unsigned char head[6] = {(unsigned char)c, (unsigned char)(c >> 8),
                                 (unsigned char)TG_FOLD_ACT(e), (unsigned char)TG_FOLD_LEN(e),
                                 0, 0};
        h = tg_fnv1a_more(h, head, sizeof head);
        h = tg_fnv1a_more(h, pool + TG_FOLD_OFF(e), TG_FOLD_LEN(e));
    }
    h = tg_fmix64(h);
    return (uint32_t)(h ^ (h >> 32)) | 1u; /* never 0: 0 marks "none recorded" */
}
