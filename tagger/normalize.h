/*
 * normalize — UTF-8 validation and the normalized text used for matching.
 *
 * Algorithm
 * ---------
 * Normalization is a single pass over the input, one code point at a time,
 * driven by a table (shared by all taggers) for every code point of the
 * Basic Multilingual Plane, generated at build time from ICU
 * (normalize_fold.h; built at the first load instead when the ICU running
 * is another version).  Each table entry is the UTF-8 of
 * the code point's replacement (possibly empty) and an action:
 *
 *   EMIT    write the replacement (ASCII letters lower-cased, ي→ی, ۵→5 …);
 *   DROP    write nothing (ZWNJ, ZWJ, bidi marks, soft hyphen, BOM);
 *   ATTACH  write nothing, and widen the span of the previous output
 *           character so it covers this one (harakat, superscript alef,
 *           tatweel): "کُرد" normalizes to "کرد" and its first letter maps
 *           back to "کُ".
 *
 * The replacement is ICU's NFKC_Casefold of the code point (NFKC, full case
 * folding, default ignorables removed) followed by the Persian foldings:
 * Arabic letter variants to Persian ones (ي ى ئ ۍ ې→ی, ك ڪ→ک, أ إ ٱ→ا,
 * ؤ→و, ة ۀ ە ھ ہ→ه), Arabic-script marks removed, every decimal digit to
 * ASCII, ٪ ٫ ٬ to % . , and all white space but newline to a single space
 * (newline, U+2028 and U+2029 to newline; C0 controls to space).  آ is kept:
 * "آمریکا" and "امریکا" are different spellings, listed as aliases.
 * Code points above the BMP are rare in news; they go through ICU directly.
 *
 * Because ZWNJ is dropped, "بین‌المللی" and "بینالمللی" normalize to the same
 * text; "بین المللی" keeps its space, and the matchers compare keys with
 * spaces removed (tg_normalize_key) so all three meet.
 *
 * Offset map
 * ----------
 * For every byte i of the normalized text, ostart[i] and oend[i] give the
 * byte span of the input character(s) that produced it.  A normalized span
 * [a, b) maps back to [ostart[a], oend[b-1]).  Dropped characters belong to
 * no output byte; attached ones widen their neighbour's span.  The input is
 * never modified.
 */
#ifndef TG_NORMALIZE_H
#define TG_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

#include "tagger.h"

typedef struct tg_normalizer tg_normalizer;

typedef struct tg_normtext {
    char *text;       /* normalized UTF-8, NUL-terminated */
    size_t len;       /* bytes, without the NUL */
    uint32_t *ostart; /* [len] input byte where the producing char starts */
    uint32_t *oend;   /* [len] input byte where it ends */
    size_t latin_letters; /* ASCII letters of the input: the tokenizer reads the input's
                             letter case for sentences only when there are some */
    const char *input; /* the text normalized (not owned: kept by the caller while
                          the tokenizer reads its letter case for sentences) */
} tg_normtext;

tg_normalizer *tg_normalizer_new(tagger_error *err);

/* A 32-bit fingerprint of the normalization table (never 0; 0 when ICU's
 * data is unavailable).  Data files built from normalized text (compiled
 * gazetteers, topic and entity models) record it and are refused by a
 * tagger whose table differs, since their keys and features would no
 * longer meet the text (datafile.h, tg_datafile_check_fingerprint). */
uint32_t tg_normalize_fingerprint(void);

/* 1 when the table in use is the one generated at build time
 * (normalize_fold.h), 0 when it was built at run time because the ICU
 * running is not the ICU it was generated with. */
int tg_normalize_table_generated(void);
void tg_normalizer_free(tg_normalizer *nz);

/* The length of the valid UTF-8 character at p[0..n) (n >= 1), or 0 when
 * it is invalid (overlong, surrogate, above U+10FFFF, truncated, a stray
 * continuation byte). */
static inline size_t tg_utf8_char_len(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
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
    if (n <= need || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t k = 2; k <= need; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    return need + 1;
}

/* Checks that s[0..len) is valid UTF-8.  Returns 1 if so; otherwise 0 and
 * *bad receives the offset of the first byte of the bad sequence. */
int tg_utf8_valid(const char *s, size_t len, size_t *bad);

/* TAGGER_OK, or TAGGER_ERR_INVALID_UTF8 with tg_normalize's error. */
tagger_status tg_utf8_check(const char *s, size_t len, tagger_error *err);

/* Encodes code point c at out (room for 4 bytes); returns the bytes written. */
static inline size_t tg_utf8_put(char *out, uint32_t c)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* Decodes one code point at s[*i] (s must be valid UTF-8), advancing *i. */
static inline uint32_t tg_utf8_next(const char *s, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s + *i;
    uint32_t c = u[0];
    if (c < 0x80) {
        *i += 1;
        return c;
    }
    if (c < 0xE0) {
        *i += 2;
        return ((c & 0x1F) << 6) | (u[1] & 0x3F);
    }
    if (c < 0xF0) {
        *i += 3;
        return ((c & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
    }
    *i += 4;
    return ((c & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
           ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
}

/* Whether b is the lead byte of a character of the Arabic block (U+0600 to
 * U+06FF: Persian and Arabic letters, digits and marks; bytes 0xD8-0xDB). */
static inline int tg_utf8_arabic_lead(unsigned char b)
{
    return b >= 0xD8 && b <= 0xDB;
}

/* Normalizes s[0..len), skipping a leading BOM.  On success fills `out`
 * (freed with tg_normtext_free) and returns TAGGER_OK; invalid UTF-8 returns
 * TAGGER_ERR_INVALID_UTF8 with err->offset at the first bad byte. */
tagger_status tg_normalize(const tg_normalizer *nz, const char *s, size_t len,
                           tg_normtext *out, tagger_error *err);
void tg_normtext_free(tg_normtext *nt);

/* The matching key of s[0..len): normalized, then with every space and
 * newline removed.  Returns a malloc'd NUL-terminated string (length in
 * *keylen) or NULL on invalid UTF-8 / no memory. */
char *tg_normalize_key(const tg_normalizer *nz, const char *s, size_t len,
                       size_t *keylen);

#endif /* TG_NORMALIZE_H */
