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
/* How many of the w (16 or 8) bytes at u, w, w - 1 or 0, are usual bytes
 * (below) written as they are: printable ASCII needing no escape, and
 * whole 2-byte characters (a lead C2..DF and one continuation byte each);
 * w - 1 when the last byte is a lead, whose character goes on past them. */
static inline size_t usual_bytes(const unsigned char *u, unsigned w)
{
    const __m128i x = w == 16 ? _mm_loadu_si128((const __m128i *)(const void *)u)
                              : _mm_loadl_epi64((const __m128i *)(const void *)u);
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
    unsigned a = (unsigned)_mm_movemask_epi8(ascii), c = (unsigned)_mm_movemask_epi8(cont) & all,
             l = (unsigned)_mm_movemask_epi8(lead) & all;
    /* every byte one of the three, and the continuations exactly the bytes
     * after the leads (the first byte no continuation) */
    if (((a | c | l) & all) != all || ((l << 1) & all) != c)
        return 0;
    return l >> (w - 1) ? w - 1 : w;
}
#endif

size_t tagger_json_string(const char *s, size_t len, char *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = 0, i = 0;
    out[n++] = '"';
    /* the usual bytes first, in one loop: printable ASCII that needs no
     * escape and the 2-byte characters (U+0080..U+07FF, Arabic script's),
     * 16 or 8 at a time where they all are, else one at a time for the next
     * 8 bytes; anything else goes through the validator and the escaper */
    while (i < len) {
        size_t stop = len; /* one at a time up to here */
#ifdef __SSE2__
        size_t k = 0;
        if (len - i >= 16) {
            if ((k = usual_bytes(u + i, 16)) != 0)
                memcpy(out + n, u + i, 16); /* a byte past k is overwritten after */
        } else if (len - i >= 8) {
            if ((k = usual_bytes(u + i, 8)) != 0)
                memcpy(out + n, u + i, 8);
        }
        if (k) {
            n += k;
            i += k;
            continue;
        }
        if (len - i >= 8)
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

/* ,"key": — keys are literals of this file, never in need of escaping;
 * inlined, so that each key's length is known where it is written */
static inline __attribute__((always_inline)) void key_len(tg_render *r, const char *k,
                                                          size_t len, int first)
{
    size_t n = 0;
    char *at = tg_render_reserve(r, len + 4); /* one reservation for the four pieces */
    if (!at)
        return;
    if (!first)
        at[n++] = ',';
    at[n++] = '"';
    memcpy(at + n, k, len);
    n += len;
    at[n++] = '"';
    at[n++] = ':';
    r->buf.n += n;
}

static inline __attribute__((always_inline)) void key(tg_render *r, const char *k, int first)
{
    key_len(r, k, strlen(k), first);
}

static inline __attribute__((always_inline)) void str_member(tg_render *r, const char *k,
                                                             const char *s, int first)
{
    key(r, k, first);
    string(r, s, strlen(s));
}

static void offset_member(tg_render *r, const char *k, size_t byte)
{
    key(r, k, 0);
    tg_render_size(r, tg_render_offset(r, byte));
}

/* A double as cJSON prints it: integers plainly, others with 15 significant
 * digits, or 17 when 15 do not read back the same value. */
static void number(tg_render *r, double d)
{
    char tmp[32];
    int k;
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

/* An object's opening and its "start", "end" and "text" members (an entity's, a place's). */
static void open_span(tg_render *r, const char *text, size_t start, size_t end, int first)
{
    tg_render_lit(r, first ? "{\"start\":" : ",{\"start\":");
    tg_render_size(r, tg_render_offset(r, start));
    offset_member(r, "end", end);
    key(r, "text", 0);
    string(r, text + start, end - start);
}

static void entity(tg_render *r, const tagger_entity *e, const char *text, int first)
{
    open_span(r, text, e->start, e->end, first);
    str_member(r, "label", e->label, 0);
    /* the members an entity may lack, in their fixed order */
#define MORE(k, v) {k, sizeof k - 1, v}
    const struct {
        const char *key;
        size_t len;
        const char *value;
    } more[] = {MORE("kb_id", e->kb_id),       MORE("name", e->name),
                MORE("name_fa", e->name_fa),   MORE("wikidata", e->wikidata),
                MORE("value", e->value),       MORE("source", e->source),
                MORE("rule", e->rule),         MORE("list", e->list)};
#undef MORE
    for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
        if (more[i].value) {
            key_len(r, more[i].key, more[i].len, 0);
            string(r, more[i].value, strlen(more[i].value));
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
