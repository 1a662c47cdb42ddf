/* normalize — see normalize.h for the algorithm and the offset map. */
#include "normalize.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uversion.h>

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
};

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
            } while (i < len && u[i] < 0x80 && nz->ascii[u[i]] && n < cap);
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
                size_t run = (len - i) / 2 < (cap - n) / 2 ? (len - i) / 2 : (cap - n) / 2;
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
            clen = utf8_seq_len(u, i, len);
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
