/* normalize — see normalize.h for the algorithm and the offset map. */
#include "normalize.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "error.h"
#include "hash.h"

enum { ACT_EMIT = 0, ACT_DROP = 1, ACT_ATTACH = 2 };

/* A table entry packs the action (2 bits), the replacement's length in
 * bytes (6 bits) and its offset in the pool (24 bits). */
#define ENTRY(act, len, off) ((uint32_t)(act) | ((uint32_t)(len) << 2) | ((uint32_t)(off) << 8))
#define ENTRY_ACT(e) ((e) & 3u)
#define ENTRY_LEN(e) (((e) >> 2) & 63u)
#define ENTRY_OFF(e) ((e) >> 8)
#define MAX_REPLACEMENT 63

/* The table is the same for every tagger, and building it calls ICU for
 * each of the 65,536 BMP code points, so it is built once per process
 * (pthread_once) in static storage and shared read-only by all normalizers;
 * nothing in it is allocated. */
static struct {
    pthread_once_t once;
    UErrorCode status;           /* ICU's answer when the table was built */
    const UNormalizer2 *nfkc_cf; /* owned by ICU, never freed */
    uint32_t table[0x10000];
    size_t pool_len;
    uint32_t fingerprint; /* see tg_normalize_fingerprint */
    char pool[0x10000 * MAX_REPLACEMENT];
} shared = {.once = PTHREAD_ONCE_INIT};

struct tg_normalizer {
    const UNormalizer2 *nfkc_cf;
    const uint32_t *table;
    const char *pool;
};

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

/* Computes the replacement of one code point into out[MAX_REPLACEMENT] and
 * returns its action; *n receives the replacement's length in bytes. */
static int fold_codepoint(const UNormalizer2 *nfkc_cf, uint32_t c, char *out,
                          size_t *n)
{
    *n = 0;
    if (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029 || c == 0x85) {
        out[0] = '\n';
        *n = 1;
        return ACT_EMIT;
    }
    if (c == 0x0640)
        return ACT_ATTACH;
    if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0x200E ||
        c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
        (c >= 0x2060 && c <= 0x206F) || c == 0xFEFF || c == 0x00AD ||
        c == 0x061C || c == 0x180E)
        return ACT_DROP;
    if (u_charType((UChar32)c) == U_CONTROL_CHAR || u_isUWhiteSpace((UChar32)c)) {
        out[0] = ' ';
        *n = 1;
        return ACT_EMIT;
    }

    UChar src[2], dst[64];
    int32_t srclen = 0;
    UBool overflow = 0;
    U16_APPEND((UChar *)src, srclen, 2, (UChar32)c, overflow);
    (void)overflow;
    UErrorCode status = U_ZERO_ERROR;
    int32_t dstlen = unorm2_normalize(nfkc_cf, src, srclen, dst, 64, &status);
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
        if (*n + 4 > MAX_REPLACEMENT)
            break;
        *n += tg_utf8_put(out + *n, f);
    }
    if (*n > 0)
        return ACT_EMIT;
    int8_t type = u_charType((UChar32)c);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK ||
        type == U_COMBINING_SPACING_MARK)
        return ACT_ATTACH;
    return ACT_DROP;
}

/* The hash of what the table does to every BMP code point assigned in
 * Unicode 1.1 to 13.0: the code point, its action and its replacement.
 * Unicode's stability policies keep NFKC and case folding of assigned
 * characters fixed, so the ICU of another Debian release gives the same
 * value, while any change to the table itself (a Persian folding, a
 * character dropped or attached) gives another. */
static uint32_t table_fingerprint(void)
{
    const UVersionInfo newest = {13, 0, 0, 0};
    uint64_t h = TG_FNV_OFFSET;
    for (uint32_t c = 0; c < 0x10000; c++) {
        UVersionInfo age;
        u_charAge((UChar32)c, age);
        if (age[0] == 0 || memcmp(age, newest, sizeof age) > 0)
            continue;
        uint32_t e = shared.table[c];
        unsigned char head[6] = {(unsigned char)c, (unsigned char)(c >> 8),
                                 (unsigned char)ENTRY_ACT(e), (unsigned char)ENTRY_LEN(e), 0, 0};
        h = tg_fnv1a_more(h, head, sizeof head);
        h = tg_fnv1a_more(h, shared.pool + ENTRY_OFF(e), ENTRY_LEN(e));
    }
    h = tg_fmix64(h);
    return (uint32_t)(h ^ (h >> 32)) | 1u; /* never 0: 0 marks "none recorded" */
}

static void build_shared_table(void)
{
    shared.nfkc_cf = unorm2_getNFKCCasefoldInstance(&shared.status);
    if (U_FAILURE(shared.status))
        return;
    size_t used = 0;
    for (uint32_t c = 0; c < 0x10000; c++) {
        if (c >= 0xD800 && c <= 0xDFFF) { /* unreachable in valid UTF-8 */
            shared.table[c] = ENTRY(ACT_DROP, 0, 0);
            continue;
        }
        size_t n;
        int act = fold_codepoint(shared.nfkc_cf, c, shared.pool + used, &n);
        shared.table[c] = ENTRY(act, n, used);
        used += n;
    }
    shared.pool_len = used;
    shared.fingerprint = table_fingerprint();
}

uint32_t tg_normalize_fingerprint(void)
{
    pthread_once(&shared.once, build_shared_table);
    return U_FAILURE(shared.status) ? 0 : shared.fingerprint;
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
    return nz;
}

void tg_normalizer_free(tg_normalizer *nz)
{
    free(nz);
}

/* Length of the valid UTF-8 sequence at s[i..len), or 0 if it is invalid
 * (overlong, surrogate, above U+10FFFF, truncated, stray continuation). */
static inline size_t utf8_seq_len(const unsigned char *s, size_t i, size_t len)
{
    unsigned char c = s[i];
    if (c < 0x80)
        return 1;
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (len - i <= need)
        return 0;
    if (s[i + 1] < lo || s[i + 1] > hi)
        return 0;
    for (size_t k = 2; k <= need; k++)
        if ((s[i + k] & 0xC0) != 0x80)
            return 0;
    return need + 1;
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

void tg_count_letters(const char *s, size_t len, size_t *arabic, size_t *latin)
{
    *arabic = *latin = 0;
    for (size_t i = 0; i < len;)
        tg_count_letter(tg_utf8_next(s, &i), arabic, latin);
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
        size_t n = utf8_seq_len(u, i, len);
        if (n == 0) {
            if (bad)
                *bad = i;
            return 0;
        }
        i += n;
    }
    return 1;
}

static int grow_slow(tg_normtext *nt, size_t *cap, size_t need)
{
    size_t ncap = *cap * 2;
    if (ncap < need)
        ncap = need;
    char *t = realloc(nt->text, ncap + 1);
    if (!t)
        return 0;
    nt->text = t;
    uint32_t *a = realloc(nt->ostart, ncap * sizeof *a);
    if (!a)
        return 0;
    nt->ostart = a;
    uint32_t *b = realloc(nt->oend, ncap * sizeof *b);
    if (!b)
        return 0;
    nt->oend = b;
    *cap = ncap;
    return 1;
}

static inline int grow(tg_normtext *nt, size_t *cap, size_t need)
{
    return need <= *cap || grow_slow(nt, cap, need);
}

tagger_status tg_normalize(const tg_normalizer *nz, const char *s, size_t len,
                           tg_normtext *out, tagger_error *err)
{
    memset(out, 0, sizeof *out);
    out->input = s;
    const unsigned char *u = (const unsigned char *)s;
    size_t cap = 0;
    if (!grow(out, &cap, len + len / 8 + 16))
        goto nomem;

    size_t n = 0;         /* bytes written */
    size_t last = 0;      /* start of the last written character */
    int have_last = 0;
    char slow[MAX_REPLACEMENT];
    size_t i = 0;
    while (i < len) {
        uint32_t c;
        size_t clen;
        if (u[i] < 0x80) {
            c = u[i];
            clen = 1;
        } else {
            clen = utf8_seq_len(u, i, len);
            if (clen == 0) {
                tg_normtext_free(out);
                return utf8_error(err, i);
            }
            size_t j = i;
            c = tg_utf8_next(s, &j);
        }
        tg_count_letter(c, &out->arabic_letters, &out->latin_letters);

        const char *rep;
        size_t rlen;
        int act;
        if (c < 0x10000) {
            uint32_t e = nz->table[c];
            act = (int)ENTRY_ACT(e);
            rlen = ENTRY_LEN(e);
            rep = nz->pool + ENTRY_OFF(e);
        } else {
            act = fold_codepoint(nz->nfkc_cf, c, slow, &rlen);
            rep = slow;
        }
        uint32_t ostart = (uint32_t)i, oend = (uint32_t)(i + clen);
        if (act == ACT_EMIT && rlen > 0) {
            if (!grow(out, &cap, n + rlen))
                goto nomem;
            for (size_t k = 0; k < rlen; k++) { /* a byte or two, mostly */
                out->text[n + k] = rep[k];
                out->ostart[n + k] = ostart;
                out->oend[n + k] = oend;
            }
            last = n;
            have_last = 1;
            n += rlen;
        } else if (act == ACT_ATTACH && have_last) {
            for (size_t k = last; k < n; k++)
                out->oend[k] = oend;
        }
        i += clen;
    }
    out->text[n] = '\0';
    out->len = n;
    return TAGGER_OK;

nomem:
    tg_normtext_free(out);
    return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
}

void tg_normtext_free(tg_normtext *nt)
{
    if (!nt)
        return;
    free(nt->text);
    free(nt->ostart);
    free(nt->oend);
    memset(nt, 0, sizeof *nt);
}

char *tg_normalize_key(const tg_normalizer *nz, const char *s, size_t len,
                       size_t *keylen)
{
    tg_normtext nt;
    if (tg_normalize(nz, s, len, &nt, NULL) != TAGGER_OK)
        return NULL;
    char *key = nt.text;
    size_t k = 0;
    for (size_t i = 0; i < nt.len; i++)
        if (key[i] != ' ' && key[i] != '\n')
            key[k++] = key[i];
    key[k] = '\0';
    nt.text = NULL;
    tg_normtext_free(&nt);
    if (keylen)
        *keylen = k;
    return key;
}
