/* jsonl_scan.c — see jsonl_scan.h: a strict one-pass JSON object scanner
 * that records member spans, and a string decoder that keeps NULs. */
#include "jsonl_scan.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "normalize.h"

/* ------------------------------------------------------------- scanner */

typedef struct {
    const char *s;
    size_t len, i;
    int depth;
    bj_error *err;
} scanner;

static bj_status fail(scanner *sc, bj_status code, size_t at, const char *message)
{
    sc->err->code = code;
    sc->err->offset = at;
    sc->err->message = message;
    return code;
}

static void skip_ws(scanner *sc)
{
    while (sc->i < sc->len) {
        char c = sc->s[sc->i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        sc->i++;
    }
}

static int is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

#ifdef __SSE2__
/* How many of the 16 bytes at p, from the first, are plain string content,
 * which the loop of scan_string steps over without a question: printable
 * ASCII other than '"' and '\\', and two-byte characters (C2..DF, then a
 * continuation byte) wholly among the 16.  Read as signed bytes: ASCII
 * from ' ' is 32..127, a continuation byte -128..-65, a two-byte lead
 * -62..-33. */
static size_t plain_prefix(const unsigned char *p)
{
    const __m128i v = _mm_loadu_si128((const __m128i *)p);
    const __m128i special =
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
    const __m128i ascii = _mm_andnot_si128(special, _mm_cmpgt_epi8(v, _mm_set1_epi8(0x1F)));
    const __m128i cont = _mm_cmplt_epi8(v, _mm_set1_epi8((char)0xC0));
    const __m128i lead = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8((char)0xC1)),
                                       _mm_cmplt_epi8(v, _mm_set1_epi8((char)0xE0)));
    const unsigned a = (unsigned)_mm_movemask_epi8(ascii), c = (unsigned)_mm_movemask_epi8(cont),
                   l = (unsigned)_mm_movemask_epi8(lead);
    /* a lead with a continuation after it, a continuation with a lead
     * before it */
    const unsigned plain = a | (l & c >> 1) | (c & l << 1);
    return (size_t)__builtin_ctz(~plain | 0x10000u);
}
#endif

/* Scans the string at sc->i.  Where SSE2 is, runs of plain content go 16
 * bytes a test (plain_prefix), up to the first other character, which the
 * byte-by-byte step reads, as it reads everything without SSE2, so errors
 * and their offsets are the same; after a block with fewer than 8 plain
 * bytes its rest is read byte by byte too. */
static bj_status scan_string(scanner *sc)
{
    const unsigned char *u = (const unsigned char *)sc->s;
    size_t start = sc->i++, i = sc->i, len = sc->len;
#ifdef __SSE2__
    size_t blocks_at = i; /* where plain_prefix is tried next */
#endif
    for (;;) {
#ifdef __SSE2__
        if (i >= blocks_at) {
            size_t n = 16;
            while (len - i >= 16) {
                i += n = plain_prefix(u + i);
                if (n < 15) /* 15: a lead whose continuation is in the next block */
                    break;
            }
            blocks_at = n < 8 ? i + 16 : i + 1; /* after the step below, or its block */
        }
#endif
        if (i >= len) {
            sc->i = i;
            return fail(sc, BJ_ERR_SYNTAX, start, "unterminated string");
        }
        unsigned c = u[i];
        if (c == '"') {
            sc->i = i + 1;
            return BJ_OK;
        }
        if (c >= 0x20 && c < 0x80 && c != '\\') {
            i++;
        } else if (c >= 0xC2 && c < 0xE0 && len - i >= 2 && (u[i + 1] & 0xC0) == 0x80) {
            i += 2; /* a 2-byte character (Arabic script), as utf8_char reads it */
        } else if (c >= 0xE1 && c <= 0xEF && c != 0xED && len - i >= 3 &&
                   (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
            i += 3; /* a 3-byte character whose lead allows any continuations (ZWNJ) */
        } else if (c == '\\') {
            if (i + 1 >= len)
                return fail(sc, BJ_ERR_SYNTAX, start, "unterminated string");
            char e = sc->s[i + 1];
            if (e == 'u') {
                if (len - i < 6 || !is_hex(sc->s[i + 2]) || !is_hex(sc->s[i + 3]) ||
                    !is_hex(sc->s[i + 4]) || !is_hex(sc->s[i + 5]))
                    return fail(sc, BJ_ERR_SYNTAX, i, "invalid \\u escape (expected 4 hex digits)");
                i += 6;
            } else if (strchr("\"\\/bfnrt", e) && e != '\0') {
                i += 2;
            } else {
                return fail(sc, BJ_ERR_SYNTAX, i, "invalid escape in a string");
            }
        } else if (c < 0x20) {
            return fail(sc, BJ_ERR_SYNTAX, i,
                        "control character in a string (it must be escaped)");
        } else {
            size_t n = tg_utf8_char_len(u + i, len - i);
            if (!n)
                return fail(sc, BJ_ERR_UTF8, i, "invalid UTF-8");
            i += n;
        }
    }
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bj_status scan_number(scanner *sc)
{
    const char *s = sc->s;
    size_t i = sc->i, len = sc->len, start = i;
    if (i < len && s[i] == '-')
        i++;
    if (i < len && s[i] == '0') {
        i++;
    } else if (i < len && s[i] >= '1' && s[i] <= '9') {
        while (i < len && is_digit(s[i]))
            i++;
    } else {
        return fail(sc, BJ_ERR_SYNTAX, start, "invalid number");
    }
    if (i < len && s[i] == '.') {
        if (++i >= len || !is_digit(s[i]))
            return fail(sc, BJ_ERR_SYNTAX, start, "invalid number");
        while (i < len && is_digit(s[i]))
            i++;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i >= len || !is_digit(s[i]))
            return fail(sc, BJ_ERR_SYNTAX, start, "invalid number");
        while (i < len && is_digit(s[i]))
            i++;
    }
    sc->i = i;
    return BJ_OK;
}

static bj_status scan_value(scanner *sc);

/* Scans an object or array at sc->i; top-level members go to *members. */
static bj_status scan_container(scanner *sc, bj_member **members, size_t *n, size_t *cap)
{
    char open = sc->s[sc->i], close = open == '{' ? '}' : ']';
    if (++sc->depth > BJ_MAX_DEPTH)
        return fail(sc, BJ_ERR_SYNTAX, sc->i, "nesting deeper than 512 levels");
    sc->i++;
    skip_ws(sc);
    if (sc->i < sc->len && sc->s[sc->i] == close) {
        sc->i++;
        sc->depth--;
        return BJ_OK;
    }
    for (;;) {
        bj_member m = {{0, 0}, {0, 0}};
        bj_status st;
        skip_ws(sc);
        if (open == '{') {
            if (sc->i >= sc->len || sc->s[sc->i] != '"')
                return fail(sc, BJ_ERR_SYNTAX, sc->i, "expected a string key");
            m.key.start = sc->i;
            if ((st = scan_string(sc)) != BJ_OK)
                return st;
            m.key.end = sc->i;
            skip_ws(sc);
            if (sc->i >= sc->len || sc->s[sc->i] != ':')
                return fail(sc, BJ_ERR_SYNTAX, sc->i, "expected ':' after a key");
            sc->i++;
            skip_ws(sc);
        }
        m.value.start = sc->i;
        if ((st = scan_value(sc)) != BJ_OK)
            return st;
        m.value.end = sc->i;
        if (members) {
            if (*n == *cap) {
                size_t ncap = *cap ? *cap * 2 : 16;
                bj_member *grown = realloc(*members, ncap * sizeof *grown);
                if (!grown)
                    return fail(sc, BJ_ERR_NOMEM, sc->i, "out of memory");
                *members = grown;
                *cap = ncap;
            }
            (*members)[(*n)++] = m;
        }
        skip_ws(sc);
        if (sc->i < sc->len && sc->s[sc->i] == ',') {
            sc->i++;
            continue;
        }
        if (sc->i < sc->len && sc->s[sc->i] == close) {
            sc->i++;
            sc->depth--;
            return BJ_OK;
        }
        return fail(sc, BJ_ERR_SYNTAX, sc->i,
                    open == '{' ? "expected ',' or '}' after a member"
                                : "expected ',' or ']' after an element");
    }
}

static bj_status scan_literal(scanner *sc, const char *word)
{
    size_t n = strlen(word);
    if (sc->len - sc->i < n || memcmp(sc->s + sc->i, word, n) != 0)
        return fail(sc, BJ_ERR_SYNTAX, sc->i, "expected a value");
    sc->i += n;
    return BJ_OK;
}

static bj_status scan_value(scanner *sc)
{
    if (sc->i >= sc->len)
        return fail(sc, BJ_ERR_SYNTAX, sc->i, "unexpected end of line (expected a value)");
    switch (sc->s[sc->i]) {
    case '{':
    case '[': return scan_container(sc, NULL, NULL, NULL);
    case '"': return scan_string(sc);
    case 't': return scan_literal(sc, "true");
    case 'f': return scan_literal(sc, "false");
    case 'n': return scan_literal(sc, "null");
    default: return scan_number(sc);
    }
}

bj_status bj_scan_object(const char *s, size_t len, size_t from, bj_member **members,
                         size_t *n, size_t *cap, bj_error *err)
{
    scanner sc = {s, len, from, 0, err};
    *n = 0;
    err->code = BJ_OK;
    err->offset = 0;
    err->message = "";
    skip_ws(&sc);
    if (sc.i >= len || s[sc.i] != '{')
        return fail(&sc, BJ_ERR_SYNTAX, sc.i, "not a JSON object (a line must start with '{')");
    bj_status st = scan_container(&sc, members, n, cap);
    if (st != BJ_OK)
        return st;
    skip_ws(&sc);
    if (sc.i != len)
        return fail(&sc, BJ_ERR_SYNTAX, sc.i, "unexpected characters after the object");
    return BJ_OK;
}

/* ------------------------------------------------------------ decoding */

static unsigned hex4(const char *p)
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        char c = p[k];
        v = v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
}

bj_status bj_decode_string(const char *s, bj_span tok, tg_render_buf *scratch, const char **out,
                           size_t *outlen, size_t *bad)
{
    const char *p = s + tok.start + 1, *end = s + tok.end - 1;
    const char *esc = memchr(p, '\\', (size_t)(end - p));
    if (!esc) {
        *out = p;
        *outlen = (size_t)(end - p);
        return BJ_OK;
    }
    /* every escape decodes to no more bytes than it is written with */
    scratch->n = 0;
    scratch->failed = 0;
    if (!tg_render_buf_reserve(scratch, (size_t)(end - p) + 1))
        return BJ_ERR_NOMEM;
    char *o = scratch->p;
    while (p < end) {
        if (!esc)
            esc = end;
        memcpy(o, p, (size_t)(esc - p));
        o += esc - p;
        p = esc;
        if (p == end)
            break;
        char e = p[1];
        if (e != 'u') {
            static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
            *o++ = to[strchr(from, e) - from];
            p += 2;
        } else {
            unsigned cp = hex4(p + 2);
            if (cp >= 0xD800 && cp <= 0xDBFF && end - p >= 12 && p[6] == '\\' &&
                p[7] == 'u') {
                unsigned lo = hex4(p + 8);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    o += tg_utf8_put(o, 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00));
                    p += 12;
                    esc = memchr(p, '\\', (size_t)(end - p));
                    continue;
                }
            }
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                *bad = (size_t)(p - s);
                return BJ_ERR_UTF8;
            }
            o += tg_utf8_put(o, cp);
            p += 6;
        }
        esc = memchr(p, '\\', (size_t)(end - p));
    }
    scratch->n = (size_t)(o - scratch->p);
    scratch->p[scratch->n] = '\0';
    *out = scratch->p;
    *outlen = scratch->n;
    return BJ_OK;
}

int bj_key_equals(const char *s, bj_span key, const char *name, size_t name_len)
{
    const char *p = s + key.start + 1;
    size_t raw = key.end - key.start - 2;
    /* an escape decodes to fewer bytes than it is written with: a key
     * shorter than the name, or as long and different, is another name
     * (most keys, asked for "id", "text", "lang" ...: no memchr) */
    if (raw < name_len || (raw == name_len && memcmp(p, name, name_len) != 0))
        return 0;
    if (!memchr(p, '\\', raw))
        return raw == name_len;
    /* a key written with escapes: decode it (keys are short) */
    tg_render_buf tmp = {0};
    const char *dec;
    size_t dlen, bad;
    int eq = bj_decode_string(s, key, &tmp, &dec, &dlen, &bad) == BJ_OK &&
             dlen == name_len && memcmp(dec, name, name_len) == 0;
    free(tmp.p);
    return eq;
}
