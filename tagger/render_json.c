/* render_json — the JSON format (the v1 document JSON of DESIGN.md) and
 * its shorthands, tagger_doc_to_json and friends.
 *
 * A document is written straight into the driver's buffer in a fixed key
 * order (no intermediate tree: building and freeing a cJSON object per
 * entity cost more than the JSON text itself).  Strings are escaped here
 * byte by byte, so NUL bytes and control characters come out as
 * \u0000-style escapes and are never truncated.  Pretty output re-indents
 * the compact text piece by piece (the filter).  Numbers are printed the
 * way cJSON prints them (integers plainly, others with 15 significant
 * digits, 17 if 15 do not read back). */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "normalize.h"
#include "render.h"

/* ------------------------------------------------------------ strings */

/* Escapes the valid UTF-8 s[0..len) into out; returns the bytes written. */
static size_t escape_valid(const char *s, size_t len, char *out)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F) {
            out[n++] = (char)c;
            continue;
        }
        out[n++] = '\\';
        switch (c) {
        case '"': out[n++] = '"'; break;
        case '\\': out[n++] = '\\'; break;
        case '\n': out[n++] = 'n'; break;
        case '\r': out[n++] = 'r'; break;
        case '\t': out[n++] = 't'; break;
        case '\b': out[n++] = 'b'; break;
        case '\f': out[n++] = 'f'; break;
        default:
            memcpy(out + n, "u00", 3);
            out[n + 3] = hex[c >> 4];
            out[n + 4] = hex[c & 15];
            n += 5;
        }
    }
    return n;
}

#ifdef __SSE2__
/* How many of the w lanes of x from lane `from` on (from + w <= 16), w,
 * w - 1 or 0, are usual bytes (below) written as they are: printable ASCII
 * needing no escape, and whole 2-byte characters (a lead C2..DF and one
 * continuation byte each); w - 1 when the last is a lead, whose character
 * goes on past them.  The lane before `from` must end a character. */
static inline size_t usual_lanes(__m128i x, unsigned from, unsigned w)
{
    /* as signed bytes: ASCII 0..127, continuations -128..-65, leads C2..DF -62..-33 */
    const __m128i ascii = _mm_andnot_si128(
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
                                  _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))),
                     _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F))),
        _mm_cmpgt_epi8(x, _mm_set1_epi8(0x1F)));
    const __m128i cont = _mm_cmplt_epi8(x, _mm_set1_epi8(-64));
    const __m128i lead = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(-63)),
                                       _mm_cmplt_epi8(x, _mm_set1_epi8(-32)));
    const unsigned all = (1u << w) - 1;
    unsigned a = (unsigned)_mm_movemask_epi8(ascii) >> from,
             c = (unsigned)_mm_movemask_epi8(cont) >> from & all,
             l = (unsigned)_mm_movemask_epi8(lead) >> from & all;
    /* every byte one of the three, and the continuations exactly the bytes
     * after the leads (the first byte no continuation) */
    if (((a | c | l) & all) != all || ((l << 1) & all) != c)
        return 0;
    return l >> (w - 1) ? w - 1 : w;
}

/* The r bytes at p (4 <= r < 16) in the low lanes, zeros above: two
 * overlapping loads, no read outside p[0..r). */
static inline __m128i load_short(const unsigned char *p, size_t r)
{
    uint64_t lo, hi = 0;
    if (r >= 8) {
        memcpy(&lo, p, 8);
        memcpy(&hi, p + r - 8, 8);
        hi = hi >> (8 * (15 - r)) >> 8; /* p[8..r) */
    } else {
        uint32_t a, b;
        memcpy(&a, p, 4);
        memcpy(&b, p + r - 4, 4);
        lo = a | ((uint64_t)b >> (8 * (8 - r))) << 32; /* p[4..r) above p[0..4) */
    }
    return _mm_set_epi64x((long long)hi, (long long)lo);
}
#endif

/* tagger_json_string from s[i], with out[0..n) written: the input up to i
 * one byte later (n == i + 1) */
static __attribute__((noinline)) size_t json_string_from(const char *s, size_t len, char *out,
                                                         size_t i, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    /* the usual bytes first, in one loop: printable ASCII that needs no
     * escape and the 2-byte characters (U+0080..U+07FF, Arabic script's),
     * 16 at a time where they all are, and the last 4 to 15 bytes of a
     * string of 16 or more in one test too (an overlapping load of its last
     * 16 bytes); else one at a time for the next 8 bytes.  Up to the first
     * other byte the output is the input one byte later, so a store may
     * overlap what is written.  Anything else goes through the validator
     * and the escaper. */
    while (i < len) {
        size_t stop = len; /* one at a time up to here */
#ifdef __SSE2__
        const size_t r = len - i;
        size_t k = 0;
        if (r >= 16) {
            const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
            if ((k = usual_lanes(x, 0, 16)) != 0) /* a byte past k is overwritten after */
                _mm_storeu_si128((__m128i *)(void *)(out + n), x);
        } else if (len >= 16) {
            const __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + len - 16));
            if (usual_lanes(x, (unsigned)(16 - r), (unsigned)r) == r) {
                _mm_storeu_si128((__m128i *)(void *)(out + n + r - 16), x);
                k = r;
            }
        }
        if (k) {
            n += k;
            i += k;
            continue;
        }
        if (r >= 8)
            stop = i + 8;
#endif
        while (i < stop) {
            unsigned char c = u[i];
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                out[n++] = (char)c;
                i++;
            } else if (c >= 0xC2 && c <= 0xDF && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
                out[n++] = (char)c;
                out[n++] = (char)u[i + 1];
                i += 2;
            } else {
                goto other;
            }
        }
    }
other:
    while (i < len) {
        size_t bad = 0;
        size_t run = tg_utf8_valid(s + i, len - i, &bad) ? len - i : bad;
        n += escape_valid(s + i, run, out + n);
        i += run;
        if (i < len) { /* a byte that is not UTF-8 */
            memcpy(out + n, "\\ufffd", 6);
            n += 6;
            i++;
        }
    }
    out[n++] = '"';
    return n;
}

size_t tagger_json_string(const char *s, size_t len, char *out)
{
    out[0] = '"';
#ifdef __SSE2__
    /* a string of 4 to 15 usual bytes (most keys, labels, names) in one
     * test, without json_string_from's registers; room: 6 * len + 2 >= 17 */
    if (len >= 4 && len < 16 &&
        usual_lanes(load_short((const unsigned char *)s, len), 0, (unsigned)len) == len) {
        _mm_storeu_si128((__m128i *)(void *)(out + 1), load_short((const unsigned char *)s, len));
        out[len + 1] = '"';
        return len + 2;
    }
#endif
    return json_string_from(s, len, out, 0, 1);
}

static void string(tg_render *r, const char *s, size_t len)
{
    if (len > (SIZE_MAX - 2) / 6) {
        r->failed = 1;
        return;
    }
    char *at = tg_render_reserve(r, TAGGER_JSON_STRING_MAX(len));
    if (at)
        r->buf.n += tagger_json_string(s, len, at);
}

/* ,"key": at `at` (`first`: without the comma); returns its length.  Keys
 * are literals of this file, never in need of escaping; inlined, so that
 * each key's length is known where it is written. */
static inline __attribute__((always_inline)) size_t put_key(char *at, const char *k, size_t len,
                                                            int first)
{
    size_t n = 0;
    if (!first)
        at[n++] = ',';
    at[n++] = '"';
    memcpy(at + n, k, len);
    n += len;
    at[n++] = '"';
    at[n++] = ':';
    return n;
}

static inline __attribute__((always_inline)) void key(tg_render *r, const char *k, int first)
{
    const size_t len = strlen(k);
    char *at = tg_render_reserve(r, len + 4); /* one reservation for the four pieces */
    if (at)
        r->buf.n += put_key(at, k, len, first);
}

/* ,"key":"value" in one reservation */
static inline __attribute__((always_inline)) void str_member(tg_render *r, const char *k,
                                                             const char *s, int first)
{
    const size_t klen = strlen(k), len = strlen(s);
    if (len > (SIZE_MAX - 2) / 6 - klen - 4) {
        r->failed = 1;
        return;
    }
    char *at = tg_render_reserve(r, klen + 4 + TAGGER_JSON_STRING_MAX(len));
    if (!at)
        return;
    const size_t n = put_key(at, k, klen, first);
    r->buf.n += n + tagger_json_string(s, len, at + n);
}

static void offset_member(tg_render *r, const char *k, size_t byte)
{
    key(r, k, 0);
    tg_render_size(r, tg_render_offset(r, byte));
}

/* A double as cJSON prints it: integers plainly, others with 15 significant
 * digits, or 17 when 15 do not read back the same value.  A value that is
 * the double nearest to a number of at most four decimals below 10^5 (the
 * topic scores) is written without snprintf: its 15 significant digits are
 * that number's, padded with zeros that %g drops, and they read back. */
static void number(tg_render *r, double d)
{
    char tmp[32];
    int k;
    const long q = d >= 0 && d < 1e5 ? (long)(d * 10000 + 0.5) : -1;
    if (q >= 0 && (double)q / 10000 == d) {
        char *at = tg_render_reserve(r, TG_DECIMAL_MAX + 5);
        if (!at)
            return;
        size_t n = tg_decimal_at(at, (uint64_t)(q / 10000));
        unsigned f = (unsigned)(q % 10000), digits = 4;
        for (; f && f % 10 == 0; f /= 10)
            digits--;
        if (f) {
            at[n++] = '.';
            for (unsigned i = digits; i-- > 0; f /= 10)
                at[n + i] = (char)('0' + f % 10);
            n += digits;
        }
        r->buf.n += n;
        return;
    }
    if (isnan(d) || isinf(d))
        k = snprintf(tmp, sizeof tmp, "null");
    else if (d == (double)(int)d)
        k = snprintf(tmp, sizeof tmp, "%d", (int)d);
    else {
        k = snprintf(tmp, sizeof tmp, "%1.15g", d);
        if (strtod(tmp, NULL) != d)
            k = snprintf(tmp, sizeof tmp, "%1.17g", d);
    }
    tg_render_put(r, tmp, (size_t)k);
}

/* "{", then "id" and the caller's members, each followed by a comma. */
static void begin_object(tg_render *r)
{
    tg_render_put(r, "{", 1);
    if (r->opt.id) {
        str_member(r, "id", r->opt.id, 1);
        tg_render_put(r, ",", 1);
    }
    for (size_t i = 0; i < r->opt.nmembers; i++) {
        const tagger_member *m = &r->opt.members[i];
        tg_render_put(r, m->key, m->key_len);
        tg_render_put(r, ":", 1);
        tg_render_put(r, m->value, m->value_len);
        tg_render_put(r, ",", 1);
    }
}

/* -------------------------------------------------------------- views */

static void topics(tg_render *r)
{
    tg_render_lit(r, ",\"topics\":[");
    for (size_t i = 0; i < tagger_doc_topic_count(r->doc); i++) {
        const tagger_topic *tp = tagger_doc_topic(r->doc, i);
        tg_render_lit(r, i ? ",{" : "{");
        str_member(r, "label", tp->label, 1);
        if (tp->iptc)
            str_member(r, "iptc", tp->iptc, 0);
        key(r, "score", 0);
        number(r, (double)(long)(tp->score * 10000 + 0.5) / 10000);
        tg_render_put(r, "}", 1);
    }
    tg_render_put(r, "]", 1);
}

/* An object's opening and its "start", "end" and "text" members (an
 * entity's, a place's), in one reservation. */
static void open_span(tg_render *r, const char *text, size_t start, size_t end, int first)
{
    static const char head[] = ",{\"start\":";
    const size_t len = end - start, from = tg_render_offset(r, start),
                 to = tg_render_offset(r, end);
    if (len > (SIZE_MAX - 2) / 6 - 2 * TG_DECIMAL_MAX - 32) {
        r->failed = 1;
        return;
    }
    char *at = tg_render_reserve(r, 2 * TG_DECIMAL_MAX + 32 + TAGGER_JSON_STRING_MAX(len));
    if (!at)
        return;
    size_t n = sizeof head - 1 - (first != 0);
    memcpy(at, head + (first != 0), sizeof head - 1);
    n += tg_decimal_at(at + n, from);
    memcpy(at + n, ",\"end\":", 7);
    n += 7;
    n += tg_decimal_at(at + n, to);
    memcpy(at + n, ",\"text\":", 8);
    n += 8;
    r->buf.n += n + tagger_json_string(text + start, len, at + n);
}

/* The members an entity may lack, in their fixed order: the key as it is
 * written (,"key":, padded to 16 bytes: one store) and the value's place. */
#define OPTIONAL(k, field) {",\"" k "\":", sizeof ",\"" k "\":" - 1, offsetof(tagger_entity, field)}
static const struct {
    char key[16];
    unsigned char len;
    unsigned short at;
} optional[] = {OPTIONAL("kb_id", kb_id),       OPTIONAL("name", name),
                OPTIONAL("name_fa", name_fa),   OPTIONAL("wikidata", wikidata),
                OPTIONAL("value", value),       OPTIONAL("source", source),
                OPTIONAL("rule", rule),         OPTIONAL("list", list)};
#undef OPTIONAL

static void entity(tg_render *r, const tagger_entity *e, const char *text, int first)
{
    open_span(r, text, e->start, e->end, first);
    str_member(r, "label", e->label, 0);
    for (size_t i = 0; i < sizeof optional / sizeof optional[0]; i++) {
        const char *s = *(const char *const *)(const void *)((const char *)e + optional[i].at);
        if (!s)
            continue;
        const size_t len = strlen(s);
        if (len > (SIZE_MAX - 2) / 6 - 16) {
            r->failed = 1;
            continue;
        }
        char *at = tg_render_reserve(r, 16 + TAGGER_JSON_STRING_MAX(len));
        if (!at)
            continue;
        memcpy(at, optional[i].key, 16);
        r->buf.n += optional[i].len + tagger_json_string(s, len, at + optional[i].len);
    }
    if (e->nplaces) /* the countries named inside (only then: other output stays as it was) */
        tg_render_lit(r, ",\"places\":[");
    for (size_t i = 0; i < e->nplaces; i++) {
        const tagger_place *p = &e->places[i];
        open_span(r, text, p->start, p->end, i == 0);
        str_member(r, "kb_id", p->kb_id, 0);
        str_member(r, "name", p->name, 0);
        tg_render_put(r, i + 1 == e->nplaces ? "}]" : "}", i + 1 == e->nplaces ? 2 : 1);
    }
    if (e->flags & TAGGER_ENTITY_AMBIGUOUS)
        tg_render_lit(r, ",\"ambiguous\":true");
    tg_render_put(r, "}", 1);
}

static void warnings(tg_render *r)
{
    size_t n = tagger_doc_warning_count(r->doc);
    if (!n) /* only then: other output stays as it was */
        return;
    tg_render_lit(r, ",\"warnings\":[");
    for (size_t i = 0; i < n; i++) {
        const tagger_warning *w = tagger_doc_warning(r->doc, i);
        tg_render_lit(r, i ? ",{" : "{");
        str_member(r, "code", w->code, 1);
        key(r, "count", 0);
        tg_render_size(r, w->count);
        str_member(r, "message", w->message, 0);
        tg_render_put(r, "}", 1);
    }
    tg_render_put(r, "]", 1);
}

/* {"lang", "topics", "entities", "warnings"} */
static void document_view(tg_render *r)
{
    const char *text = tagger_doc_text(r->doc, NULL);
    begin_object(r);
    str_member(r, "lang", r->opt.lang ? r->opt.lang : tagger_doc_lang(r->doc), 1);
    topics(r);
    tg_render_lit(r, ",\"entities\":[");
    for (size_t i = 0; i < tagger_doc_entity_count(r->doc) && !tg_render_done(r); i++) {
        entity(r, tagger_doc_entity(r->doc, i), text, i == 0);
        tg_render_piece(r);
    }
    tg_render_put(r, "]", 1);
    warnings(r);
    tg_render_put(r, "}", 1);
}

/* {"tokens": [...]} */
static void tokens_view(tg_render *r)
{
    const char *text = tagger_doc_text(r->doc, NULL);
    const char *norm = tagger_doc_normalized(r->doc, NULL);
    begin_object(r);
    tg_render_lit(r, "\"tokens\":[");
    for (size_t i = 0; i < tagger_doc_token_count(r->doc) && !tg_render_done(r); i++) {
        const tagger_token *t = tagger_doc_token(r->doc, i);
        tg_render_lit(r, i ? ",{\"start\":" : "{\"start\":");
        tg_render_size(r, tg_render_offset(r, t->start));
        offset_member(r, "end", t->end);
        key(r, "text", 0);
        string(r, text + t->start, t->end - t->start);
        key(r, "norm", 0);
        string(r, norm + t->norm_start, t->norm_end - t->norm_start);
        str_member(r, "kind", tagger_token_kind_name(t->kind), 0);
        key(r, "sentence", 0);
        tg_render_size(r, t->sentence);
        tg_render_put(r, "}", 1);
        tg_render_piece(r);
    }
    tg_render_lit(r, "]}");
}

/* {"text", "key", "map"} */
static void normalized_view(tg_render *r)
{
    size_t len;
    const char *norm = tagger_doc_normalized(r->doc, &len);
    begin_object(r);
    key(r, "text", 1);
    string(r, norm, len);

    char *k = malloc(len + 1);
    size_t n = 0;
    if (!k)
        r->failed = 1;
    for (size_t i = 0; k && i < len; i++)
        if (norm[i] != ' ' && norm[i] != '\n')
            k[n++] = norm[i];
    key(r, "key", 0);
    if (k)
        string(r, k, n);
    free(k);

    tg_render_lit(r, ",\"map\":[");
    for (size_t i = 0; i < len && !tg_render_done(r);) {
        size_t j = i;
        tg_utf8_next(norm, &j);
        size_t os = 0, oe = 0;
        tagger_doc_map_span(r->doc, i, j, &os, &oe);
        tg_render_lit(r, i ? ",[" : "[");
        tg_render_size(r, tg_render_offset(r, os));
        tg_render_put(r, ",", 1);
        tg_render_size(r, tg_render_offset(r, oe));
        tg_render_put(r, "]", 1);
        tg_render_piece(r);
        i = j;
    }
    tg_render_lit(r, "]}");
}

/* ------------------------------------------------------------- pretty */

static void newline(tg_render_buf *out, int depth)
{
    tg_render_buf_put(out, "\n", 1);
    for (int d = 0; d < depth; d++)
        tg_render_buf_put(out, "  ", 2);
}

/* Compact JSON text re-indented by two spaces, one member or element a line;
 * strings are copied as they are, escapes included.  The text may be a
 * piece of a longer one that ends after a value, outside any string:
 * r->depth carries the nesting from piece to piece.  Returns 0 (the text
 * passes as it is) unless --pretty. */
static int indent(tg_render *r, const char *s, size_t n, tg_render_buf *out)
{
    if (!r->opt.pretty)
        return 0;
    int depth = r->depth, in_str = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_str) {
            tg_render_buf_put(out, &c, 1);
            if (c == '\\' && i + 1 < n)
                tg_render_buf_put(out, &s[++i], 1);
            else if (c == '"')
                in_str = 0;
        } else if (c == '{' || c == '[') {
            tg_render_buf_put(out, &c, 1);
            if (i + 1 < n && (s[i + 1] == '}' || s[i + 1] == ']'))
                tg_render_buf_put(out, &s[++i], 1);
            else
                newline(out, ++depth);
        } else if (c == '}' || c == ']') {
            newline(out, --depth);
            tg_render_buf_put(out, &c, 1);
        } else if (c == ',') {
            tg_render_buf_put(out, ",", 1);
            newline(out, depth);
        } else if (c == ':') {
            tg_render_buf_put(out, ": ", 2);
        } else {
            in_str = c == '"';
            tg_render_buf_put(out, &c, 1);
        }
    }
    r->depth = depth;
    return 1;
}

const tg_render_format tg_render_json = {
    "json",
    {[TAGGER_VIEW_DOCUMENT] = document_view,
     [TAGGER_VIEW_TOKENS] = tokens_view,
     [TAGGER_VIEW_NORMALIZED] = normalized_view},
    indent, NULL, NULL, NULL,
};
