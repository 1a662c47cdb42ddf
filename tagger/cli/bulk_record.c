/*
 * bulk_record.c — one input document to one output line.
 *
 * A JSONL line is scanned by bulk_json (no tree is built), its text member
 * decoded (NULs kept), the text tagged, and the record written by the
 * library's renderer (tagger_doc_render), with the line's other members
 * handed to it as pass-through members (tagger_member: the key and value
 * tokens of the line, verbatim and in input order), so the key order is
 * fixed — input fields, then "lang", "topics", "entities" and, when a limit
 * cut matches, "warnings" — with no re-parsing.  Input members named like
 * the tagger's own ("lang", "topics", "entities", "warnings") are replaced
 * by the tagger's.  A file document gets "id": its path.  Whatever goes
 * wrong becomes an error record,
 *
 *   {"id": …, "line": 17, "error": {"code": "…", "message": "…", "offset": N}}
 *
 * with "id" when the line had one before the fault (files: the path),
 * "line" for JSONL only, and "offset" (bytes into the line, or the file)
 * where one applies.
 *
 * Formats but JSON (docs/formats.md) write each document as a record of
 * several (TAGGER_PART_RECORD: a CoNLL -DOCSTART- line, a brat "#doc ID"
 * line, an HTML <section>) named by its id (a JSONL line's "id", as a
 * string, or a file's path), and an error as that format can hold it: a
 * CoNLL document with no tokens, brat "#error CODE: MESSAGE", an HTML
 * section with the message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulk.h"

static const char *const code_names[BULK_NCODES] = {
    "ok",        "empty_line", "invalid_json",  "invalid_utf8",  "missing_text",
    "text_not_string", "too_large", "io_error", "out_of_memory", "internal_error"};

const char *bulk_code_name(bulk_code c)
{
    return (unsigned)c < BULK_NCODES ? code_names[c] : "unknown";
}

void bulk_item_free(bulk_item *it)
{
    cli_buf_free(&it->data);
    cli_buf_free(&it->path);
}

void bulk_scratch_free(bulk_scratch *w)
{
    free(w->members);
    w->members = NULL;
    w->nmembers = w->cap = 0;
    free(w->pass);
    w->pass = NULL;
    w->pass_cap = 0;
    cli_buf_free(&w->text);
    cli_buf_free(&w->id);
}

typedef struct {
    bulk_code code;
    const char *message;
    int has_offset;
    size_t offset;
} failure;

/* The record's id as a NUL-terminated string in w->id, from the raw JSON
 * value `id` (a string decoded, anything else as written) or the file's
 * path; NULL when it has none (or out of memory). */
static const char *id_string(const bulk_settings *s, bulk_scratch *w, const bulk_item *in,
                             const char *id, size_t idlen)
{
    const char *v = id;
    size_t n = idlen, bad;
    w->id.len = 0;
    if (!s->jsonl) {
        v = in->path.data ? in->path.data : "";
        n = in->path.len;
    } else if (!id) {
        return NULL;
    } else if (id[0] == '"' &&
               bj_decode_string(id, (bj_span){0, idlen}, &w->id, &v, &n, &bad) != BJ_OK) {
        return NULL;
    }
    if (v == w->id.data) { /* decoded into w->id: make it a string of its own */
        w->id.len = n;
        return cli_buf_append(&w->id, "", 1) ? NULL : w->id.data;
    }
    if (cli_buf_append(&w->id, v, n) || cli_buf_append(&w->id, "", 1))
        return NULL;
    return w->id.data;
}

/* s[0..len) HTML-escaped. */
static int append_html(cli_buf *out, const char *s, size_t len)
{
    int bad = 0;
    for (size_t i = 0; i < len; i++) {
        const char *with = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" : s[i] == '>' ? "&gt;"
                           : s[i] == '"' ? "&quot;" : NULL;
        bad |= with ? cli_buf_append_str(out, with) : cli_buf_append(out, s + i, 1);
    }
    return bad;
}

/* An error in a format but JSON: `id` as id_string gives it. */
static int error_text(const bulk_settings *s, const char *id, failure f, cli_buf *out)
{
    const char *code = bulk_code_name(f.code);
    size_t idlen = id ? strcspn(id, "\t\r\n") : 0;
    int bad = 0;
    out->len = 0;
    switch (s->format) {
    case TAGGER_FORMAT_CONLL:
        bad |= cli_buf_append_str(out, "-DOCSTART-");
        if (id) {
            bad |= cli_buf_append_str(out, " (") | cli_buf_append(out, id, idlen) |
                   cli_buf_append_str(out, ")");
        }
        bad |= cli_buf_append_str(out, "\t-X-\t-X-\tO\n\n");
        break;
    case TAGGER_FORMAT_BRAT:
        bad |= cli_buf_append_str(out, id ? "#doc " : "#doc");
        bad |= cli_buf_append(out, id ? id : "", idlen);
        bad |= cli_buf_append_str(out, "\n#error ") | cli_buf_append_str(out, code) |
               cli_buf_append_str(out, ": ");
        bad |= cli_buf_append(out, f.message, strcspn(f.message, "\r\n"));
        bad |= cli_buf_append_str(out, "\n");
        break;
    default: /* HTML */
        bad |= cli_buf_append_str(out, "<section class=\"doc error\">\n");
        if (id) {
            bad |= cli_buf_append_str(out, "<h2 dir=\"auto\">") |
                   append_html(out, id, strlen(id)) | cli_buf_append_str(out, "</h2>\n");
        }
        bad |= cli_buf_append_str(out, "<p class=\"error\">error ") |
               cli_buf_append_str(out, code) | cli_buf_append_str(out, ": ") |
               append_html(out, f.message, strlen(f.message)) |
               cli_buf_append_str(out, "</p>\n</section>\n");
    }
    return bad ? -1 : (int)f.code;
}

/* The error record; `id` is a raw JSON value from the line (or NULL). */
static int error_record(const bulk_settings *s, bulk_scratch *w, const bulk_item *in,
                        const char *id, size_t idlen, failure f, cli_buf *out)
{
    if (s->format != TAGGER_FORMAT_JSON)
        return error_text(s, id_string(s, w, in, id, idlen), f, out);
    out->len = 0;
    int bad = cli_buf_append_str(out, "{");
    if (!s->jsonl) {
        bad |= cli_buf_append_str(out, "\"id\":");
        bad |= cli_buf_json_string(out, in->path.data ? in->path.data : "", in->path.len);
        bad |= cli_buf_append_str(out, ",");
    } else {
        if (id) {
            bad |= cli_buf_append_str(out, "\"id\":");
            bad |= cli_buf_append(out, id, idlen);
            bad |= cli_buf_append_str(out, ",");
        }
        bad |= cli_buf_append_str(out, "\"line\":");
        bad |= cli_buf_append_u64(out, in->line);
        bad |= cli_buf_append_str(out, ",");
    }
    bad |= cli_buf_append_str(out, "\"error\":{\"code\":\"");
    bad |= cli_buf_append_str(out, bulk_code_name(f.code));
    bad |= cli_buf_append_str(out, "\",\"message\":");
    bad |= cli_buf_json_string(out, f.message, strlen(f.message));
    if (f.has_offset) {
        bad |= cli_buf_append_str(out, ",\"offset\":");
        bad |= cli_buf_append_u64(out, f.offset);
    }
    bad |= cli_buf_append_str(out, "}}\n");
    return bad ? -1 : (int)f.code;
}

static bulk_code code_of_status(tagger_status st)
{
    switch (st) {
    case TAGGER_ERR_INVALID_UTF8: return BULK_INVALID_UTF8;
    case TAGGER_ERR_TOO_LARGE: return BULK_TOO_LARGE;
    case TAGGER_ERR_NOMEM: return BULK_OUT_OF_MEMORY;
    case TAGGER_ERR_IO: return BULK_IO_ERROR;
    default: return BULK_INTERNAL_ERROR;
    }
}

/* The raw value of the line's (last) "id" member among those scanned. */
static void find_id(const char *line, const bulk_scratch *w, const char **id, size_t *idlen)
{
    for (size_t i = 0; i < w->nmembers; i++)
        if (bj_key_equals(line, w->members[i].key, "id", 2)) {
            *id = line + w->members[i].value.start;
            *idlen = w->members[i].value.end - w->members[i].value.start;
        }
}

static int is_reserved(const char *line, bj_span key)
{
    return bj_key_equals(line, key, "lang", 4) || bj_key_equals(line, key, "topics", 6) ||
           bj_key_equals(line, key, "entities", 8) || bj_key_equals(line, key, "warnings", 8);
}

/* The line's members passed through to its record: all but the text and
 * the tagger's own, in w->pass; returns their count, or -1 when out of
 * memory. */
static long pass_through(const bulk_settings *s, bulk_scratch *w, const char *line)
{
    size_t n = 0, text_field_len = strlen(s->text_field);
    if (w->nmembers > w->pass_cap) {
        tagger_member *p = realloc(w->pass, w->nmembers * sizeof *p);
        if (!p)
            return -1;
        w->pass = p;
        w->pass_cap = w->nmembers;
    }
    for (size_t i = 0; i < w->nmembers; i++) {
        const bj_member *m = &w->members[i];
        if (bj_key_equals(line, m->key, s->text_field, text_field_len) ||
            is_reserved(line, m->key))
            continue;
        w->pass[n++] = (tagger_member){line + m->key.start, m->key.end - m->key.start,
                                       line + m->value.start, m->value.end - m->value.start};
    }
    return (long)n;
}

static int append(void *ctx, const char *s, size_t len)
{
    return cli_buf_append(ctx, s, len) ? 1 : 0;
}

/* The record of a tagged document, newline included, in `out`. */
static int document_record(const bulk_settings *s, bulk_scratch *w, const bulk_item *in,
                           const char *id, size_t idlen, const tagger_doc *doc, cli_buf *out)
{
    tagger_render_options ro;
    tagger_render_options_init(&ro);
    ro.format = s->format;
    ro.offsets = s->offsets;
    if (s->format != TAGGER_FORMAT_JSON) {
        ro.part = TAGGER_PART_RECORD;
        ro.id = id_string(s, w, in, id, idlen);
    } else if (!s->jsonl) {
        ro.id = in->path.data ? in->path.data : "";
    } else {
        long n = pass_through(s, w, in->data.data ? in->data.data : "");
        if (n < 0)
            return -1;
        ro.members = w->pass;
        ro.nmembers = (size_t)n;
    }
    out->len = 0;
    tagger_error err = {0};
    tagger_status st = tagger_doc_render(doc, &ro, append, out, &err);
    if (st == TAGGER_ERR_USAGE) /* a document the format cannot write */
        snprintf(w->why, sizeof w->why, "%s", err.message);
    if (st != TAGGER_OK)
        return st == TAGGER_ERR_USAGE ? -2 : -1;
    if (s->format == TAGGER_FORMAT_JSON && cli_buf_append_str(out, "\n"))
        return -1;
    return 0;
}

/* A JSONL line's text: scans the line, finds its id and decodes the text
 * member into *text (pointing into the line, or into w->text when it had
 * escapes).  Returns BULK_OK, or the code of the error record already
 * written to `out`. */
static int line_text(const bulk_settings *s, bulk_scratch *w, const bulk_item *in,
                     size_t from, const char **id, size_t *idlen, const char **text,
                     size_t *tlen, cli_buf *out)
{
    const char *line = in->data.data ? in->data.data : "";
    size_t len = in->data.len, text_field_len = strlen(s->text_field);
    const bj_member *text_member = NULL;
    char msg[400];
    size_t k = from;
    while (k < len && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r'))
        k++;
    if (k == len)
        return error_record(s, w, in, NULL, 0,
                            (failure){BULK_EMPTY_LINE,
                                      "empty line (every line must be a JSON object)", 0, 0},
                            out);
    bj_error e;
    bj_status st = bj_scan_object(line, len, from, &w->members, &w->nmembers, &w->cap, &e);
    find_id(line, w, id, idlen);
    for (size_t i = 0; i < w->nmembers; i++)
        if (bj_key_equals(line, w->members[i].key, s->text_field, text_field_len))
            text_member = &w->members[i];
    if (st != BJ_OK) {
        bulk_code c = st == BJ_ERR_UTF8    ? BULK_INVALID_UTF8
                      : st == BJ_ERR_NOMEM ? BULK_OUT_OF_MEMORY
                                           : BULK_INVALID_JSON;
        return error_record(s, w, in, *id, *idlen, (failure){c, e.message, 1, e.offset}, out);
    }
    if (!text_member) {
        snprintf(msg, sizeof msg, "no \"%.256s\" member", s->text_field);
        return error_record(s, w, in, *id, *idlen, (failure){BULK_MISSING_TEXT, msg, 0, 0}, out);
    }
    if (line[text_member->value.start] != '"') {
        snprintf(msg, sizeof msg, "\"%.256s\" is not a string", s->text_field);
        return error_record(s, w, in, *id, *idlen,
                            (failure){BULK_TEXT_NOT_STRING, msg, 1, text_member->value.start},
                            out);
    }
    size_t bad = 0;
    st = bj_decode_string(line, text_member->value, &w->text, text, tlen, &bad);
    if (st == BJ_ERR_NOMEM)
        return error_record(s, w, in, *id, *idlen,
                            (failure){BULK_OUT_OF_MEMORY, "out of memory", 0, 0}, out);
    if (st != BJ_OK) {
        snprintf(msg, sizeof msg,
                 "\\u escape of a lone surrogate in \"%.256s\" (not representable in UTF-8)",
                 s->text_field);
        return error_record(s, w, in, *id, *idlen, (failure){BULK_INVALID_UTF8, msg, 1, bad},
                            out);
    }
    return BULK_OK;
}

int bulk_record(const bulk_settings *s, bulk_scratch *w, const bulk_item *in, cli_buf *out)
{
    const char *line = in->data.data ? in->data.data : "";
    size_t len = in->data.len;
    const char *id = NULL, *text = line;
    size_t idlen = 0, tlen = len;

    /* a byte order mark may open the first line */
    size_t from = s->jsonl && in->line == 1 && len >= 3 &&
                          memcmp(line, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (in->pre_code != BULK_OK) {
        /* an over-long line: the id among the members of its kept start */
        if (s->jsonl && in->pre_code == BULK_TOO_LARGE && len) {
            bj_error e;
            bj_scan_object(line, len, from, &w->members, &w->nmembers, &w->cap, &e);
            find_id(line, w, &id, &idlen);
        }
        return error_record(s, w, in, id, idlen, (failure){in->pre_code, in->pre_message, 0, 0},
                            out);
    }
    if (s->jsonl) {
        int rc = line_text(s, w, in, from, &id, &idlen, &text, &tlen, out);
        if (rc != BULK_OK)
            return rc;
    }

    tagger_error err = {0};
    tagger_process_options popt;
    tagger_process_options_init(&popt);
    popt.date = s->date;
    popt.no_dateline = s->no_dateline;
    popt.lang = s->lang;
    tagger_doc *doc = tagger_process_ex(s->t, text, tlen, &popt, &err);
    if (!doc) {
        failure f = {code_of_status(err.code), err.message, 0, 0};
        if (err.code == TAGGER_ERR_INVALID_UTF8 && (!s->jsonl || text != w->text.data)) {
            /* the text lies in the line: the offset maps back to it */
            f.has_offset = 1;
            f.offset = (size_t)(text - line) + err.offset;
        }
        return error_record(s, w, in, id, idlen, f, out);
    }
    int fail = document_record(s, w, in, id, idlen, doc, out);
    tagger_doc_free(doc);
    if (fail == -2)
        return error_record(s, w, in, id, idlen, (failure){BULK_TOO_LARGE, w->why, 0, 0}, out);
    if (fail)
        return error_record(s, w, in, id, idlen,
                            (failure){BULK_OUT_OF_MEMORY, "out of memory writing JSON", 0, 0},
                            out);
    return BULK_OK;
}
