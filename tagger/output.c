/* output — see output.h.
 *
 * A document is written straight into one growing buffer in a fixed key
 * order (no intermediate tree: building and freeing a cJSON object per entity
 * cost more than the JSON text itself).  Pretty output re-indents that compact
 * text.  Numbers are printed the way cJSON prints them (integers plainly,
 * others with 15 significant digits, 17 if 15 do not read back). */
#include "output.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct {
    char *p;
    size_t n, cap;
    int failed;
    /* streaming (tagger_doc_write_json): whole pieces go to `sink` */
    int (*sink)(void *ctx, const char *s, size_t len);
    void *ctx;
    int sink_rc;      /* the sink's first non-zero answer */
    int pretty_depth; /* indentation depth where the last piece ended */
} jbuf;

#define JB_PIECE ((size_t)64 << 10)

static int jb_reserve(jbuf *b, size_t more)
{
    if (b->failed)
        return 0;
    if (more <= b->cap - b->n)
        return 1;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->n < more) {
        if (cap > SIZE_MAX / 2) {
            b->failed = 1;
            return 0;
        }
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) {
        b->failed = 1;
        return 0;
    }
    b->p = p;
    b->cap = cap;
    return 1;
}

static void jb_put(jbuf *b, const char *s, size_t len)
{
    if (jb_reserve(b, len)) {
        memcpy(b->p + b->n, s, len);
        b->n += len;
    }
}

static void jb_lit(jbuf *b, const char *s)
{
    jb_put(b, s, strlen(s));
}

/* Appends s[0..len) as a quoted JSON string; returns the bytes written. */
static size_t jb_escaped(jbuf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    /* worst case: every byte becomes \u00XX (6 bytes), plus the quotes */
    if (len > (SIZE_MAX - 2) / 6 || !jb_reserve(b, len * 6 + 2))
        return 0;
    char *out = b->p + b->n;
    size_t n = 0;
    out[n++] = '"';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F) {
            out[n++] = (char)c;
            continue;
        }
        switch (c) {
        case '"': out[n++] = '\\'; out[n++] = '"'; break;
        case '\\': out[n++] = '\\'; out[n++] = '\\'; break;
        case '\n': out[n++] = '\\'; out[n++] = 'n'; break;
        case '\r': out[n++] = '\\'; out[n++] = 'r'; break;
        case '\t': out[n++] = '\\'; out[n++] = 't'; break;
        case '\b': out[n++] = '\\'; out[n++] = 'b'; break;
        case '\f': out[n++] = '\\'; out[n++] = 'f'; break;
        default:
            memcpy(out + n, "\\u00", 4);
            out[n + 4] = hex[c >> 4];
            out[n + 5] = hex[c & 15];
            n += 6;
        }
    }
    out[n++] = '"';
    b->n += n;
    return n;
}

/* ,"key": — keys are literals of this module, never in need of escaping */
static void jb_key(jbuf *b, const char *key, int first)
{
    if (!first)
        jb_put(b, ",", 1);
    jb_put(b, "\"", 1);
    jb_lit(b, key);
    jb_put(b, "\":", 2);
}

static void jb_str_member(jbuf *b, const char *key, const char *s, int first)
{
    jb_key(b, key, first);
    jb_escaped(b, s, strlen(s));
}

static void jb_size(jbuf *b, size_t v)
{
    char tmp[24];
    int k = snprintf(tmp, sizeof tmp, "%zu", v);
    jb_put(b, tmp, (size_t)k);
}

/* A double as cJSON prints it: integers plainly, others with 15 significant
 * digits, or 17 when 15 do not read back the same value. */
static void jb_double(jbuf *b, double d)
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
    jb_put(b, tmp, (size_t)k);
}

static void jb_offset_member(jbuf *b, const char *key, const tagger_doc *doc, size_t byte,
                             tagger_offset_unit unit)
{
    jb_key(b, key, 0);
    jb_size(b, tagger_doc_offset(doc, byte, unit));
}

static void jb_begin(jbuf *b, const tagger_json_options *opt)
{
    jb_put(b, "{", 1);
    if (opt && opt->id) {
        jb_str_member(b, "id", opt->id, 1);
        jb_put(b, ",", 1);
    }
}

static void newline(jbuf *out, int depth)
{
    jb_put(out, "\n", 1);
    for (int d = 0; d < depth; d++)
        jb_put(out, "  ", 2);
}

/* Compact JSON text re-indented by two spaces, one member or element a line;
 * strings are copied as they are, escapes included.  The text may be a
 * piece of a longer one that ends after a value, outside any string:
 * *depth carries the nesting from piece to piece. */
static void indent(jbuf *out, const char *s, size_t n, int *depth_io)
{
    int depth = *depth_io, in_str = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_str) {
            jb_put(out, &c, 1);
            if (c == '\\' && i + 1 < n)
                jb_put(out, &s[++i], 1);
            else if (c == '"')
                in_str = 0;
        } else if (c == '{' || c == '[') {
            jb_put(out, &c, 1);
            if (i + 1 < n && (s[i + 1] == '}' || s[i + 1] == ']'))
                jb_put(out, &s[++i], 1);
            else
                newline(out, ++depth);
        } else if (c == '}' || c == ']') {
            newline(out, --depth);
            jb_put(out, &c, 1);
        } else if (c == ',') {
            jb_put(out, ",", 1);
            newline(out, depth);
        } else if (c == ':') {
            jb_put(out, ": ", 2);
        } else {
            in_str = c == '"';
            jb_put(out, &c, 1);
        }
    }
    *depth_io = depth;
}

/* Streaming: hands what is buffered to the sink (indented when asked) once
 * it holds a piece, or at the end (`all`).  Called between values only. */
static void jb_drain(jbuf *b, const tagger_json_options *opt, int all)
{
    if (!b->sink || b->failed || (!all && b->n < JB_PIECE) || b->n == 0)
        return;
    const char *s = b->p;
    size_t n = b->n;
    jbuf pretty = {0};
    if (opt && opt->pretty) {
        indent(&pretty, b->p, b->n, &b->pretty_depth);
        if (pretty.failed) {
            free(pretty.p);
            b->failed = 1;
            return;
        }
        s = pretty.p;
        n = pretty.n;
    }
    int rc = b->sink(b->ctx, s, n);
    free(pretty.p);
    b->n = 0;
    if (rc) {
        b->sink_rc = rc;
        b->failed = 1;
    }
}

/* Ends the object and hands the text over (indented when asked). */
static char *jb_finish(jbuf *b, const tagger_json_options *opt, size_t *len)
{
    jb_put(b, "}", 1);
    if (!b->failed && opt && opt->pretty) {
        jbuf pretty = {0};
        int depth = 0;
        indent(&pretty, b->p, b->n, &depth);
        free(b->p);
        *b = pretty;
    }
    jb_put(b, "", 1); /* NUL */
    if (b->failed) {
        free(b->p);
        return NULL;
    }
    if (len)
        *len = b->n - 1;
    return b->p;
}

char *tg_json_escape(const char *s, size_t len, size_t *outlen)
{
    jbuf b = {0};
    jb_escaped(&b, s, len);
    jb_put(&b, "", 1);
    if (b.failed) {
        free(b.p);
        return NULL;
    }
    if (outlen)
        *outlen = b.n - 1;
    return b.p;
}

static tagger_offset_unit unit_of(const tagger_json_options *opt)
{
    return opt ? opt->offsets : TAGGER_OFFSETS_CODEPOINT;
}

/* The members of a document's JSON, without the closing brace; a
 * streaming buffer is drained between entities. */
static void doc_members(jbuf *b, const tagger_doc *doc, const tagger_json_options *opt)
{
    tagger_offset_unit unit = unit_of(opt);
    jb_begin(b, opt);
    jb_str_member(b, "lang", opt && opt->lang ? opt->lang : doc->lang, 1);

    jb_lit(b, ",\"topics\":[");
    for (size_t i = 0; i < doc->ntopics; i++) {
        const tagger_topic *tp = &doc->topics[i];
        jb_lit(b, i ? ",{" : "{");
        jb_str_member(b, "label", tp->label, 1);
        if (tp->iptc)
            jb_str_member(b, "iptc", tp->iptc, 0);
        jb_key(b, "score", 0);
        jb_double(b, (double)(long)(tp->score * 10000 + 0.5) / 10000);
        jb_put(b, "}", 1);
    }
    jb_lit(b, "],\"entities\":[");
    for (size_t i = 0; i < doc->nentities; i++) {
        const tagger_entity *e = &doc->entities[i];
        jb_lit(b, i ? ",{\"start\":" : "{\"start\":");
        jb_size(b, tagger_doc_offset(doc, e->start, unit));
        jb_offset_member(b, "end", doc, e->end, unit);
        jb_key(b, "text", 0);
        jb_escaped(b, doc->text + e->start, e->end - e->start);
        jb_str_member(b, "label", e->label, 0);
        if (e->kb_id)
            jb_str_member(b, "kb_id", e->kb_id, 0);
        if (e->name)
            jb_str_member(b, "name", e->name, 0);
        if (e->value)
            jb_str_member(b, "value", e->value, 0);
        if (e->source)
            jb_str_member(b, "source", e->source, 0);
        if (e->rule)
            jb_str_member(b, "rule", e->rule, 0);
        if (e->list)
            jb_str_member(b, "list", e->list, 0);
        if (e->flags & TAGGER_ENTITY_AMBIGUOUS)
            jb_lit(b, ",\"ambiguous\":true");
        jb_put(b, "}", 1);
        jb_drain(b, opt, 0);
    }
    jb_put(b, "]", 1);
    if (doc->nwarnings) { /* only then: other output stays as it was */
        jb_lit(b, ",\"warnings\":[");
        for (size_t i = 0; i < doc->nwarnings; i++) {
            const tagger_warning *w = &doc->warnings[i];
            jb_lit(b, i ? ",{" : "{");
            jb_str_member(b, "code", w->code, 1);
            jb_key(b, "count", 0);
            jb_size(b, w->count);
            jb_str_member(b, "message", w->message, 0);
            jb_put(b, "}", 1);
        }
        jb_put(b, "]", 1);
    }
}

char *tagger_doc_to_json(const tagger_doc *doc, const tagger_json_options *opt,
                         size_t *len)
{
    jbuf b = {0};
    doc_members(&b, doc, opt);
    return jb_finish(&b, opt, len);
}

int tagger_doc_write_json(const tagger_doc *doc, const tagger_json_options *opt,
                          int (*write)(void *ctx, const char *s, size_t len), void *ctx)
{
    jbuf b = {0};
    b.sink = write;
    b.ctx = ctx;
    doc_members(&b, doc, opt);
    jb_put(&b, "}", 1);
    jb_drain(&b, opt, 1);
    free(b.p);
    return b.sink_rc ? b.sink_rc : b.failed ? -1 : 0;
}

char *tagger_doc_normalized_to_json(const tagger_doc *doc,
                                    const tagger_json_options *opt, size_t *len)
{
    tagger_offset_unit unit = unit_of(opt);
    const tg_normtext *nt = &doc->norm;
    jbuf b = {0};
    jb_begin(&b, opt);
    jb_key(&b, "text", 1);
    jb_escaped(&b, nt->text, nt->len);

    char *key = malloc(nt->len + 1);
    if (!key)
        b.failed = 1;
    size_t k = 0;
    for (size_t i = 0; key && i < nt->len; i++)
        if (nt->text[i] != ' ' && nt->text[i] != '\n')
            key[k++] = nt->text[i];
    jb_key(&b, "key", 0);
    if (key)
        jb_escaped(&b, key, k);
    free(key);

    jb_lit(&b, ",\"map\":[");
    for (size_t i = 0; i < nt->len && !b.failed;) {
        size_t j = i;
        tg_utf8_next(nt->text, &j);
        size_t os = 0, oe = 0;
        tagger_doc_map_span(doc, i, j, &os, &oe);
        jb_lit(&b, i ? ",[" : "[");
        jb_size(&b, tagger_doc_offset(doc, os, unit));
        jb_put(&b, ",", 1);
        jb_size(&b, tagger_doc_offset(doc, oe, unit));
        jb_put(&b, "]", 1);
        i = j;
    }
    jb_put(&b, "]", 1);
    return jb_finish(&b, opt, len);
}

char *tagger_doc_tokens_to_json(const tagger_doc *doc,
                                const tagger_json_options *opt, size_t *len)
{
    tagger_offset_unit unit = unit_of(opt);
    jbuf b = {0};
    jb_begin(&b, opt);
    jb_lit(&b, "\"tokens\":[");
    for (size_t i = 0; i < doc->ntokens && !b.failed; i++) {
        const tagger_token *t = &doc->tokens[i];
        jb_lit(&b, i ? ",{\"start\":" : "{\"start\":");
        jb_size(&b, tagger_doc_offset(doc, t->start, unit));
        jb_offset_member(&b, "end", doc, t->end, unit);
        jb_key(&b, "text", 0);
        jb_escaped(&b, doc->text + t->start, t->end - t->start);
        jb_key(&b, "norm", 0);
        jb_escaped(&b, doc->norm.text + t->norm_start, t->norm_end - t->norm_start);
        jb_str_member(&b, "kind", tagger_token_kind_name(t->kind), 0);
        jb_key(&b, "sentence", 0);
        jb_size(&b, t->sentence);
        jb_put(&b, "}", 1);
    }
    jb_put(&b, "]", 1);
    return jb_finish(&b, opt, len);
}
