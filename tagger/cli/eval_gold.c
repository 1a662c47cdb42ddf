/*
 * eval_gold.c — reads gold annotations into documents (see eval_gold.h for
 * the formats).
 *
 * The token reader is one pass over the lines with a small state machine:
 * the document being built (text buffer, spans, counts), whether the current
 * sentence has tokens, and the entity still open (label, start, end).  An
 * entity closes at an O tag, a B- tag, an I- tag of another label, a
 * sentence or document end.  The JSONL reader parses each line with cJSON
 * and converts code point offsets to byte offsets with one walk of the text.
 */
#include "eval_gold.h"

#include "cli.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const format_names[] = {"auto", "conll", "peyma", "parsner",
                                           "jsonl"};

const char *eval_format_name(eval_format f)
{
    return format_names[f];
}

int eval_format_parse(const char *name, eval_format *f)
{
    for (size_t i = 1; i < sizeof format_names / sizeof format_names[0]; i++)
        if (strcmp(name, format_names[i]) == 0) {
            *f = (eval_format)i;
            return 0;
        }
    return -1;
}

/* ------------------------------------------------------------- lines */

static int is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return 0;
    return 1;
}

static int starts_with(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(s, prefix, n) == 0;
}

/* The fields of a token line: the first (token) and last (tag), and how
 * many there are.  TAB-separated when the line has a TAB, else separated by
 * runs of spaces.  The token and tag are stripped of surrounding spaces. */
typedef struct {
    const char *token, *tag;
    size_t token_len, tag_len, nfields;
} fields;

static void strip(const char **s, size_t *len)
{
    while (*len > 0 && **s == ' ')
        (*s)++, (*len)--;
    while (*len > 0 && (*s)[*len - 1] == ' ')
        (*len)--;
}

static void split_fields(const char *s, size_t len, fields *f)
{
    memset(f, 0, sizeof *f);
    if (memchr(s, '\t', len)) {
        const char *first = memchr(s, '\t', len);
        const char *last = first;
        f->nfields = 2;
        for (const char *p = first + 1; p < s + len; p++)
            if (*p == '\t')
                last = p, f->nfields++;
        f->token = s;
        f->token_len = (size_t)(first - s);
        f->tag = last + 1;
        f->tag_len = (size_t)(s + len - f->tag);
    } else {
        for (size_t i = 0; i < len;) {
            while (i < len && s[i] == ' ')
                i++;
            if (i == len)
                break;
            size_t start = i;
            while (i < len && s[i] != ' ')
                i++;
            if (f->nfields++ == 0) {
                f->token = s + start;
                f->token_len = i - start;
            }
            f->tag = s + start;
            f->tag_len = i - start;
        }
        if (f->nfields < 2)
            f->tag = NULL, f->tag_len = 0;
    }
    strip(&f->token, &f->token_len);
    if (f->tag)
        strip(&f->tag, &f->tag_len);
}

/* Parses a tag: 'O' gives 0; B-X, B_X give 'B' and I-X, I_X give 'I' with
 * the label X; anything else gives -1. */
static int parse_tag(const char *tag, size_t len, const char **label, size_t *label_len)
{
    if (len == 1 && tag[0] == 'O')
        return 0;
    if (len < 3 || (tag[0] != 'B' && tag[0] != 'I') || (tag[1] != '-' && tag[1] != '_'))
        return -1;
    *label = tag + 2;
    *label_len = len - 2;
    return tag[0];
}

eval_format eval_format_detect(const char *buf, size_t len)
{
    cli_lines it;
    const char *line;
    size_t n;
    int seen = 0, tab3 = 0, space4 = 0, pers = 0, misc = 0;
    cli_lines_init(&it, buf, len);
    while (cli_lines_next(&it, &line, &n)) {
        if (is_blank(line, n))
            continue;
        if (!seen++ && line[0] == '{')
            return EVAL_FORMAT_JSONL;
        if (starts_with(line, n, "-DOCSTART-"))
            return EVAL_FORMAT_CONLL;
        fields f;
        split_fields(line, n, &f);
        int tab = memchr(line, '\t', n) != NULL;
        tab3 |= tab && f.nfields == 3;
        space4 |= !tab && f.nfields >= 4;
        const char *label;
        size_t label_len;
        if (f.tag && parse_tag(f.tag, f.tag_len, &label, &label_len) > 0) {
            pers |= label_len == 4 && memcmp(label, "PERS", 4) == 0;
            misc |= label_len == 4 && memcmp(label, "MISC", 4) == 0;
        }
    }
    if (!seen)
        return EVAL_FORMAT_AUTO;
    if (space4)
        return EVAL_FORMAT_CONLL;
    if (tab3 || pers)
        return EVAL_FORMAT_PARSNER;
    return misc ? EVAL_FORMAT_CONLL : EVAL_FORMAT_PEYMA;
}

/* ---------------------------------------------------------- documents */

typedef struct {
    const char *name;
    FILE *diag;
    eval_labels *labels;
    eval_gold_stats *stats;
    eval_doc_fn fn;
    void *ctx;

    char *text;
    size_t len, cap;
    eval_span *spans;
    size_t nspans, spans_cap;
    eval_gold_doc doc;

    /* token reader state */
    int sentence_open; /* the current sentence has tokens */
    int open_label;    /* label of the open entity, -1 when none */
    size_t open_start, open_end;
} reader;

static void report(reader *r, size_t line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void report(reader *r, size_t line, const char *fmt, ...)
{
    r->stats->malformed++;
    if (!r->diag)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(r->diag, "tagger: warning: %s:%zu: ", r->name, line);
    vfprintf(r->diag, fmt, ap);
    fputs("; line skipped\n", r->diag);
    va_end(ap);
}

static int append_text(reader *r, const char *s, size_t n)
{
    if (r->cap - r->len < n + 1) {
        size_t cap = r->cap ? r->cap : 4096;
        while (cap - r->len < n + 1)
            cap *= 2;
        char *t = realloc(r->text, cap);
        if (!t)
            return -1;
        r->text = t;
        r->cap = cap;
    }
    memcpy(r->text + r->len, s, n);
    r->len += n;
    r->text[r->len] = '\0';
    return 0;
}

static int push_span(reader *r, size_t start, size_t end, int label)
{
    if (r->nspans == r->spans_cap) {
        size_t cap = r->spans_cap ? r->spans_cap * 2 : 64;
        eval_span *v = realloc(r->spans, cap * sizeof *v);
        if (!v)
            return -1;
        r->spans = v;
        r->spans_cap = cap;
    }
    eval_span *s = &r->spans[r->nspans++];
    s->start = start;
    s->end = end;
    s->label = s->orig = label;
    return 0;
}

static int close_entity(reader *r)
{
    int rc = 0;
    if (r->open_label >= 0)
        rc = push_span(r, r->open_start, r->open_end, r->open_label);
    r->open_label = -1;
    return rc;
}

/* Hands the document built so far to the callback and starts a new one at
 * `line`. */
static int emit_doc(reader *r, size_t line)
{
    for (size_t i = 0; i < r->nspans; i++)
        r->labels->v[r->spans[i].label].read++;
    r->doc.text = r->text ? r->text : "";
    r->doc.len = r->len;
    r->doc.spans = r->spans;
    r->doc.nspans = r->nspans;
    r->stats->documents++;
    r->stats->sentences += r->doc.sentences;
    r->stats->tokens += r->doc.tokens;
    int rc = r->fn(r->ctx, &r->doc);
    r->len = 0;
    r->nspans = 0;
    r->sentence_open = 0;
    memset(&r->doc, 0, sizeof r->doc);
    r->doc.line = line;
    return rc;
}

/* Ends a token document: emitted when it has tokens. */
static int flush_doc(reader *r, size_t line)
{
    if (close_entity(r))
        return -1;
    if (r->doc.tokens > 0)
        return emit_doc(r, line);
    r->doc.line = line;
    return 0;
}

static int end_sentence(reader *r)
{
    r->sentence_open = 0;
    return close_entity(r);
}

static int token_line(reader *r, const char *line, size_t n, size_t number)
{
    if (!cli_utf8_valid(line, n)) {
        report(r, number, "invalid UTF-8");
        return 0;
    }
    fields f;
    split_fields(line, n, &f);
    if (!f.tag || f.tag_len == 0) {
        report(r, number, "no tag (expected TOKEN<TAB>TAG)");
        return 0;
    }
    if (f.token_len == 0) {
        report(r, number, "empty token");
        return 0;
    }
    const char *label = NULL;
    size_t label_len = 0;
    int kind = parse_tag(f.tag, f.tag_len, &label, &label_len);
    if (kind < 0) {
        report(r, number, "unknown tag '%.*s' (expected O, B-X or I-X)",
               (int)f.tag_len, f.tag);
        return 0;
    }
    if (r->sentence_open ? append_text(r, " ", 1)
                         : r->doc.tokens > 0 ? append_text(r, "\n", 1) : 0)
        return -1;
    if (!r->sentence_open)
        r->doc.sentences++;
    r->sentence_open = 1;
    size_t start = r->len;
    if (append_text(r, f.token, f.token_len))
        return -1;
    r->doc.tokens++;

    int id = kind ? eval_labels_intern(r->labels, label, label_len) : -1;
    if (kind && id < 0)
        return -1;
    if (kind == 'I' && r->open_label == id) {
        r->open_end = r->len;
        return 0;
    }
    if (close_entity(r))
        return -1;
    if (kind) {
        r->open_label = id;
        r->open_start = start;
        r->open_end = r->len;
    }
    return 0;
}

static int read_tokens(reader *r, const char *buf, size_t len)
{
    cli_lines it;
    const char *line;
    size_t n;
    int rc = 0;
    cli_lines_init(&it, buf, len);
    r->doc.line = 1;
    while (rc == 0 && cli_lines_next(&it, &line, &n)) {
        if (is_blank(line, n))
            rc = end_sentence(r);
        else if (starts_with(line, n, "-DOCSTART-"))
            rc = flush_doc(r, it.number + 1);
        else
            rc = token_line(r, line, n, it.number);
    }
    return rc ? rc : flush_doc(r, it.number + 1);
}

/* ----------------------------------------------------------------- JSONL */

/* Fetches entities[i] as a byte span of text.  Returns 0, or -1 after
 * reporting what is wrong (or when out of memory: *nomem is set). */
static int jsonl_entity(reader *r, const cJSON *e, size_t i, const size_t *cp_to_byte,
                        size_t ncp, size_t number, int *nomem)
{
    const cJSON *js = cJSON_GetObjectItemCaseSensitive(e, "start");
    const cJSON *je = cJSON_GetObjectItemCaseSensitive(e, "end");
    const cJSON *jl = cJSON_GetObjectItemCaseSensitive(e, "label");
    if (!cJSON_IsObject(e) || !cJSON_IsNumber(js) || !cJSON_IsNumber(je) ||
        !cJSON_IsString(jl) || jl->valuestring[0] == '\0') {
        report(r, number, "entities[%zu]: expected {\"start\", \"end\", \"label\"}", i);
        return -1;
    }
    double s = js->valuedouble, en = je->valuedouble;
    if (!(s >= 0 && s < en && en <= (double)ncp) || (double)(size_t)s != s ||
        (double)(size_t)en != en) {
        report(r, number, "entities[%zu]: bad span [%g, %g) for a text of %zu code points",
               i, s, en, ncp);
        return -1;
    }
    int id = eval_labels_intern(r->labels, jl->valuestring, strlen(jl->valuestring));
    if (id < 0 || push_span(r, cp_to_byte[(size_t)s], cp_to_byte[(size_t)en], id)) {
        *nomem = 1;
        return -1;
    }
    return 0;
}

/* One JSONL line: 0 (read or skipped after a report), -1 out of memory, or
 * the callback's value. */
static int jsonl_line(reader *r, const char *line, size_t n, size_t number)
{
    if (!cli_utf8_valid(line, n)) {
        report(r, number, "invalid UTF-8");
        return 0;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(line, n, &end, 0);
    if (root && !is_blank(end, (size_t)(line + n - end))) {
        cJSON_Delete(root);
        root = NULL;
    }
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(root, "text");
    const cJSON *ents = cJSON_GetObjectItemCaseSensitive(root, "entities");
    if (!root) {
        report(r, number, "invalid JSON");
    } else if (!cJSON_IsObject(root)) {
        report(r, number, "not a JSON object");
    } else if (!cJSON_IsString(text) ||
               !cli_utf8_valid(text->valuestring, strlen(text->valuestring))) {
        report(r, number, "no \"text\" string");
    } else if (!cJSON_IsArray(ents)) {
        report(r, number, "no \"entities\" array");
    } else {
        size_t tlen = strlen(text->valuestring), ncp = 0;
        size_t *cp_to_byte = malloc((tlen + 1) * sizeof *cp_to_byte);
        if (!cp_to_byte) {
            cJSON_Delete(root);
            return -1;
        }
        for (size_t b = 0; b <= tlen; b++)
            if (b == tlen || ((unsigned char)text->valuestring[b] & 0xC0) != 0x80)
                cp_to_byte[ncp++] = b;
        ncp--; /* the entry for tlen is the end, not a code point */
        int nomem = 0, bad = 0;
        size_t i = 0;
        r->nspans = 0;
        for (const cJSON *e = ents->child; e && !bad; e = e->next, i++)
            bad = jsonl_entity(r, e, i, cp_to_byte, ncp, number, &nomem);
        free(cp_to_byte);
        int rc = nomem ? -1 : 0;
        if (!bad) {
            r->len = 0;
            r->doc.line = number;
            rc = append_text(r, text->valuestring, tlen);
            if (rc == 0)
                rc = emit_doc(r, number + 1);
        }
        r->nspans = 0;
        cJSON_Delete(root);
        return rc;
    }
    cJSON_Delete(root);
    return 0;
}

static int read_jsonl(reader *r, const char *buf, size_t len)
{
    cli_lines it;
    const char *line;
    size_t n;
    int rc = 0;
    cli_lines_init(&it, buf, len);
    while (rc == 0 && cli_lines_next(&it, &line, &n))
        if (!is_blank(line, n))
            rc = jsonl_line(r, line, n, it.number);
    return rc;
}

int eval_gold_read(const char *name, const char *buf, size_t len, eval_format fmt,
                   eval_labels *labels, FILE *diag, eval_gold_stats *stats,
                   eval_doc_fn fn, void *ctx)
{
    reader r;
    memset(&r, 0, sizeof r);
    r.name = name;
    r.diag = diag;
    r.labels = labels;
    r.stats = stats;
    r.fn = fn;
    r.ctx = ctx;
    r.open_label = -1;
    int rc = fmt == EVAL_FORMAT_JSONL ? read_jsonl(&r, buf, len) : read_tokens(&r, buf, len);
    free(r.text);
    free(r.spans);
    return rc;
}
