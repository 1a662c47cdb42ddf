/*
 * record.c — one input document to its output record: what the CLI's bulk
 * mode (tagger --jsonl, tagger FILE..., -r DIR) writes for each document,
 * and tagger_jsonl_records, the same for a block of JSONL lines in memory
 * (the Python package's Dask path), so that both write the same bytes.
 *
 * A JSONL line is scanned by jsonl_scan (no tree is built), its text member
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
 *
 * A recorder (one a thread) keeps the buffers from record to record; a
 * record is made in its `out` buffer, which the caller copies or reads
 * before the next call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "grow.h"
#include "jsonl_scan.h"
#include "options.h"
#include "render.h"

/* Of a JSONL line over the line limit only this much is looked at for its
 * "id" (the CLI's reader keeps as much: BULK_ID_PREFIX_BYTES). */
#define ID_PREFIX_BYTES ((size_t)64 * 1024)

static const char *const code_names[TAGGER_RECORD_NCODES] = {
    "ok",        "empty_line", "invalid_json",  "invalid_utf8",  "missing_text",
    "text_not_string", "too_large", "io_error", "out_of_memory", "internal_error"};

const char *tagger_record_code_name(int code)
{
    return code >= 0 && code < TAGGER_RECORD_NCODES ? code_names[code] : "unknown";
}

void tagger_record_options_init_size(tagger_record_options *opt, size_t size)
{
    const tagger_record_options d = {0}; /* every default is 0 (text_field NULL: "text") */
    tg_opt_init(opt, &d, size, sizeof d);
}

struct tagger_recorder {
    const tagger *t;
    tagger_record_options o; /* every field present (tg_opt_read) */
    size_t text_field_len, date_field_len;
    char date[48];       /* the line's own date member, raw (line_date) */
    bj_member *members;
    size_t nmembers, cap;
    tagger_member *pass; /* the members passed through to the record */
    size_t pass_cap;
    tg_render_buf text;  /* the decoded text when it had escapes */
    tg_render_buf id;    /* formats but JSON: the record's id as a string */
    tg_render_buf out;   /* the record */
    char why[512];       /* why the format could not write a document */
};

tagger_recorder *tagger_recorder_new(const tagger *t, const tagger_record_options *opt,
                                     tagger_error *err)
{
    if (!t) {
        tg_error_set(err, TAGGER_ERR_USAGE, 0, "tagger_recorder_new: no tagger");
        return NULL;
    }
    tagger_recorder *r = calloc(1, sizeof *r);
    if (!r) {
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    if (tg_opt_read(&r->o, opt, sizeof r->o, "tagger_recorder_new",
                    "tagger_record_options_init", err) != TAGGER_OK) {
        free(r);
        return NULL;
    }
    r->t = t;
    if (!r->o.text_field)
        r->o.text_field = "text";
    r->text_field_len = strlen(r->o.text_field);
    if (!r->o.date_field)
        r->o.date_field = "date";
    r->date_field_len = strlen(r->o.date_field);
    return r;
}

void tagger_recorder_free(tagger_recorder *r)
{
    if (!r)
        return;
    free(r->members);
    free(r->pass);
    free(r->text.p);
    free(r->id.p);
    free(r->out.p);
    free(r);
}

/* ------------------------------------------------------------- output */

static void clear(tg_render_buf *b)
{
    b->n = 0;
    b->failed = 0;
}

/* Frees b's memory when it holds more than `keep` bytes (0: never). */
static void trim(tg_render_buf *b, size_t keep)
{
    if (keep && b->cap > keep) {
        free(b->p);
        *b = (tg_render_buf){0};
    }
}

static void put_str(tg_render_buf *b, const char *s)
{
    tg_render_buf_put(b, s, strlen(s));
}

static void put_u64(tg_render_buf *b, uint64_t v)
{
    if (tg_render_buf_reserve(b, TG_DECIMAL_MAX))
        b->n += tg_decimal_at(b->p + b->n, v);
}

static void put_json(tg_render_buf *b, const char *s, size_t len)
{
    if (len > (SIZE_MAX - 2) / 6) {
        b->failed = 1;
        return;
    }
    if (tg_render_buf_reserve(b, TAGGER_JSON_STRING_MAX(len)))
        b->n += tagger_json_string(s, len, b->p + b->n);
}

typedef struct {
    tagger_record_code code;
    const char *message;
    int has_offset;
    size_t offset;
} failure;

/* The record's id as a NUL-terminated string in r->id, from the raw JSON
 * value `id` (a string decoded, anything else as written) or the file's
 * path; NULL when it has none (or out of memory). */
static const char *id_string(tagger_recorder *r, const tagger_record_input *in,
                             const char *id, size_t idlen)
{
    const char *v = id;
    size_t n = idlen, bad;
    clear(&r->id);
    if (in->path) {
        v = in->path;
        n = strlen(in->path);
    } else if (!id) {
        return NULL;
    } else if (id[0] == '"' &&
               bj_decode_string(id, (bj_span){0, idlen}, &r->id, &v, &n, &bad) != BJ_OK) {
        return NULL;
    }
    if (v == r->id.p) /* decoded into r->id, NUL-terminated */
        return v;
    tg_render_buf_put(&r->id, v, n);
    tg_render_buf_put(&r->id, "", 1);
    return r->id.failed ? NULL : r->id.p;
}

/* s[0..len) HTML-escaped. */
static void put_html(tg_render_buf *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        const char *with = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" : s[i] == '>' ? "&gt;"
                           : s[i] == '"' ? "&quot;" : NULL;
        if (with)
            put_str(out, with);
        else
            tg_render_buf_put(out, s + i, 1);
    }
}

/* An error in a format but JSON: `id` as id_string gives it. */
static int error_text(tagger_recorder *r, const char *id, failure f)
{
    tg_render_buf *out = &r->out;
    const char *code = tagger_record_code_name(f.code);
    size_t idlen = id ? strcspn(id, "\t\r\n") : 0;
    clear(out);
    switch (r->o.format) {
    case TAGGER_FORMAT_CONLL:
        put_str(out, "-DOCSTART-");
        if (id) {
            put_str(out, " (");
            tg_render_buf_put(out, id, idlen);
            put_str(out, ")");
        }
        put_str(out, "\t-X-\t-X-\tO\n\n");
        break;
    case TAGGER_FORMAT_BRAT:
        put_str(out, id ? "#doc " : "#doc");
        tg_render_buf_put(out, id ? id : "", idlen);
        put_str(out, "\n#error ");
        put_str(out, code);
        put_str(out, ": ");
        tg_render_buf_put(out, f.message, strcspn(f.message, "\r\n"));
        put_str(out, "\n");
        break;
    default: /* HTML */
        put_str(out, "<section class=\"doc error\">\n");
        if (id) {
            put_str(out, "<h2 dir=\"auto\">");
            put_html(out, id, strlen(id));
            put_str(out, "</h2>\n");
        }
        put_str(out, "<p class=\"error\">error ");
        put_str(out, code);
        put_str(out, ": ");
        put_html(out, f.message, strlen(f.message));
        put_str(out, "</p>\n</section>\n");
    }
    return out->failed ? -1 : (int)f.code;
}

/* The error record; `id` is a raw JSON value from the line (or NULL). */
static int error_record(tagger_recorder *r, const tagger_record_input *in, const char *id,
                        size_t idlen, failure f)
{
    if (r->o.format != TAGGER_FORMAT_JSON)
        return error_text(r, id_string(r, in, id, idlen), f);
    tg_render_buf *out = &r->out;
    clear(out);
    put_str(out, "{");
    if (in->path) {
        put_str(out, "\"id\":");
        put_json(out, in->path, strlen(in->path));
        put_str(out, ",");
    } else {
        if (id) {
            put_str(out, "\"id\":");
            tg_render_buf_put(out, id, idlen);
            put_str(out, ",");
        }
        put_str(out, "\"line\":");
        put_u64(out, in->line);
        put_str(out, ",");
    }
    put_str(out, "\"error\":{\"code\":\"");
    put_str(out, tagger_record_code_name(f.code));
    put_str(out, "\",\"message\":");
    put_json(out, f.message, strlen(f.message));
    if (f.has_offset) {
        put_str(out, ",\"offset\":");
        put_u64(out, f.offset);
    }
    put_str(out, "}}\n");
    return out->failed ? -1 : (int)f.code;
}

static tagger_record_code code_of_status(tagger_status st)
{
    switch (st) {
    case TAGGER_ERR_INVALID_UTF8: return TAGGER_RECORD_INVALID_UTF8;
    case TAGGER_ERR_TOO_LARGE: return TAGGER_RECORD_TOO_LARGE;
    case TAGGER_ERR_NOMEM: return TAGGER_RECORD_OUT_OF_MEMORY;
    case TAGGER_ERR_IO: return TAGGER_RECORD_IO_ERROR;
    default: return TAGGER_RECORD_INTERNAL_ERROR;
    }
}

/* The raw value of the line's (last) "id" member among those scanned. */
static void find_id(const char *line, const tagger_recorder *r, const char **id, size_t *idlen)
{
    for (size_t i = 0; i < r->nmembers; i++)
        if (bj_key_equals(line, r->members[i].key, "id", 2)) {
            *id = line + r->members[i].value.start;
            *idlen = r->members[i].value.end - r->members[i].value.start;
        }
}

static int is_reserved(const char *line, bj_span key)
{
    return bj_key_equals(line, key, "lang", 4) || bj_key_equals(line, key, "topics", 6) ||
           bj_key_equals(line, key, "entities", 8) || bj_key_equals(line, key, "warnings", 8);
}

/* The line's members passed through to its record: all but the text and
 * the tagger's own, in r->pass; returns their count, or -1 when out of
 * memory. */
static long pass_through(tagger_recorder *r, const char *line)
{
    size_t n = 0;
    if (r->nmembers > r->pass_cap) {
        tagger_member *p = realloc(r->pass, r->nmembers * sizeof *p);
        if (!p)
            return -1;
        r->pass = p;
        r->pass_cap = r->nmembers;
    }
    for (size_t i = 0; i < r->nmembers; i++) {
        const bj_member *m = &r->members[i];
        if (bj_key_equals(line, m->key, r->o.text_field, r->text_field_len) ||
            is_reserved(line, m->key))
            continue;
        r->pass[n++] = (tagger_member){line + m->key.start, m->key.end - m->key.start,
                                       line + m->value.start, m->value.end - m->value.start};
    }
    return (long)n;
}

/* The record of a tagged document, newline included, in r->out. */
static int document_record(tagger_recorder *r, const tagger_record_input *in, const char *id,
                           size_t idlen, const tagger_doc *doc)
{
    tagger_render_options ro;
    tagger_render_options_init(&ro);
    ro.format = r->o.format;
    ro.offsets = r->o.offsets;
    if (r->o.format != TAGGER_FORMAT_JSON) {
        ro.part = TAGGER_PART_RECORD;
        ro.id = id_string(r, in, id, idlen);
    } else if (in->path) {
        ro.id = in->path;
    } else {
        long n = pass_through(r, in->data ? in->data : "");
        if (n < 0)
            return -1;
        ro.members = r->pass;
        ro.nmembers = (size_t)n;
    }
    clear(&r->out);
    tagger_error err = {0};
    /* rendered straight into the record's buffer, kept from document to
     * document: no buffer of its own grown and copied out */
    tagger_status st = tg_render_append(doc, &ro, &r->out, &err);
    if (st == TAGGER_ERR_USAGE) /* a document the format cannot write */
        snprintf(r->why, sizeof r->why, "%s", err.message);
    if (st != TAGGER_OK)
        return st == TAGGER_ERR_USAGE ? -2 : -1;
    if (r->o.format == TAGGER_FORMAT_JSON)
        put_str(&r->out, "\n");
    return r->out.failed ? -1 : 0;
}

/* A JSONL line's text: scans the line, finds its id and decodes the text
 * member into *text (pointing into the line, or into r->text when it had
 * escapes).  Returns TAGGER_RECORD_OK, or the code of the error record
 * already written to r->out. */
static int line_text(tagger_recorder *r, const tagger_record_input *in, size_t from,
                     const char **id, size_t *idlen, const char **text, size_t *tlen)
{
    const char *line = in->data ? in->data : "";
    size_t len = in->len;
    const char *field = r->o.text_field;
    const bj_member *text_member = NULL;
    char msg[400];
    size_t k = from;
    while (k < len && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r'))
        k++;
    if (k == len)
        return error_record(r, in, NULL, 0,
                            (failure){TAGGER_RECORD_EMPTY_LINE,
                                      "empty line (every line must be a JSON object)", 0, 0});
    bj_error e;
    bj_status st = bj_scan_object(line, len, from, &r->members, &r->nmembers, &r->cap, &e);
    find_id(line, r, id, idlen);
    for (size_t i = 0; i < r->nmembers; i++)
        if (bj_key_equals(line, r->members[i].key, field, r->text_field_len))
            text_member = &r->members[i];
    if (st != BJ_OK) {
        tagger_record_code c = st == BJ_ERR_UTF8    ? TAGGER_RECORD_INVALID_UTF8
                               : st == BJ_ERR_NOMEM ? TAGGER_RECORD_OUT_OF_MEMORY
                                                    : TAGGER_RECORD_INVALID_JSON;
        return error_record(r, in, *id, *idlen, (failure){c, e.message, 1, e.offset});
    }
    if (!text_member) {
        snprintf(msg, sizeof msg, "no \"%.256s\" member", field);
        return error_record(r, in, *id, *idlen,
                            (failure){TAGGER_RECORD_MISSING_TEXT, msg, 0, 0});
    }
    if (line[text_member->value.start] != '"') {
        snprintf(msg, sizeof msg, "\"%.256s\" is not a string", field);
        return error_record(r, in, *id, *idlen,
                            (failure){TAGGER_RECORD_TEXT_NOT_STRING, msg, 1,
                                      text_member->value.start});
    }
    size_t bad = 0;
    st = bj_decode_string(line, text_member->value, &r->text, text, tlen, &bad);
    if (st == BJ_ERR_NOMEM)
        return error_record(r, in, *id, *idlen,
                            (failure){TAGGER_RECORD_OUT_OF_MEMORY, "out of memory", 0, 0});
    if (st != BJ_OK) {
        snprintf(msg, sizeof msg,
                 "\\u escape of a lone surrogate in \"%.256s\" (not representable in UTF-8)",
                 field);
        return error_record(r, in, *id, *idlen,
                            (failure){TAGGER_RECORD_INVALID_UTF8, msg, 1, bad});
    }
    return TAGGER_RECORD_OK;
}

/* The line's date member (o.date_field) for tagger_process_options'
 * date_member: a string's characters as written (an ISO date has no escapes;
 * a longer or escaped one is not a date either), else the value's first bytes
 * (a number: not a date, the tagger warns); NULL when there is none or it is
 * null. */
static const char *line_date(tagger_recorder *r, const char *line)
{
    if (!r->date_field_len)
        return NULL;
    for (size_t i = 0; i < r->nmembers; i++)
        if (bj_key_equals(line, r->members[i].key, r->o.date_field, r->date_field_len)) {
            bj_span v = r->members[i].value;
            if (v.end - v.start == 4 && memcmp(line + v.start, "null", 4) == 0)
                return NULL;
            int str = line[v.start] == '"';
            size_t from = v.start + (size_t)str, to = v.end - (size_t)str;
            size_t n = to - from < sizeof r->date - 1 ? to - from : sizeof r->date - 1;
            memcpy(r->date, line + from, n);
            r->date[n] = '\0';
            return r->date;
        }
    return NULL;
}

static int record(tagger_recorder *r, const tagger_record_input *in)
{
    const char *line = in->data ? in->data : "";
    size_t len = in->len;
    const char *id = NULL, *text = line;
    size_t idlen = 0, tlen = len;
    int jsonl = !in->path;

    /* a byte order mark may open the first line */
    size_t from = jsonl && in->line == 1 && len >= 3 &&
                          memcmp(line, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (in->fail != TAGGER_RECORD_OK) {
        /* an over-long line: the id among the members of its kept start */
        if (jsonl && in->fail == TAGGER_RECORD_TOO_LARGE && len) {
            bj_error e;
            bj_scan_object(line, len, from, &r->members, &r->nmembers, &r->cap, &e);
            find_id(line, r, &id, &idlen);
        }
        return error_record(r, in, id, idlen,
                            (failure){in->fail, in->fail_message ? in->fail_message : "", 0, 0});
    }
    if (jsonl) {
        int rc = line_text(r, in, from, &id, &idlen, &text, &tlen);
        if (rc != TAGGER_RECORD_OK)
            return rc;
    }

    tagger_error err = {0};
    tagger_process_options popt;
    tagger_process_options_init(&popt);
    popt.date = r->o.date;
    popt.date_member = jsonl ? line_date(r, line) : NULL;
    popt.no_dateline = r->o.no_dateline;
    popt.lang = r->o.lang;
    tagger_doc *doc = tagger_process_ex(r->t, text, tlen, &popt, &err);
    if (!doc) {
        failure f = {code_of_status(err.code), err.message, 0, 0};
        if (err.code == TAGGER_ERR_INVALID_UTF8 && (!jsonl || text != r->text.p)) {
            /* the text lies in the line: the offset maps back to it */
            f.has_offset = 1;
            f.offset = (size_t)(text - line) + err.offset;
        }
        return error_record(r, in, id, idlen, f);
    }
    int fail = document_record(r, in, id, idlen, doc);
    tagger_doc_free(doc);
    if (fail == -2)
        return error_record(r, in, id, idlen, (failure){TAGGER_RECORD_TOO_LARGE, r->why, 0, 0});
    if (fail)
        return error_record(r, in, id, idlen,
                            (failure){TAGGER_RECORD_OUT_OF_MEMORY, "out of memory writing JSON",
                                      0, 0});
    return TAGGER_RECORD_OK;
}

int tagger_record(tagger_recorder *r, const tagger_record_input *in, size_t keep,
                  const char **out, size_t *out_len)
{
    trim(&r->out, keep);
    int code = record(r, in);
    trim(&r->text, keep);
    trim(&r->id, keep);
    *out = r->out.p ? r->out.p : "";
    *out_len = code < 0 ? 0 : r->out.n;
    return code;
}

/* ------------------------------------------------------------- blocks */

void tagger_jsonl_result_free(tagger_jsonl_result *res)
{
    if (!res)
        return;
    free(res->out);
    free(res->failed);
    memset(res, 0, sizeof *res);
}

tagger_status tagger_jsonl_records(const tagger *t, const tagger_record_options *opt,
                                   const char *data, size_t len, uint64_t first_line,
                                   tagger_jsonl_result *res, tagger_error *err)
{
    if (!res || (!data && len))
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "tagger_jsonl_records: no %s",
                            res ? "data" : "result");
    memset(res, 0, sizeof *res);
    tagger_error e = {0};
    tagger_recorder *r = tagger_recorder_new(t, opt, &e);
    if (!r) {
        if (err)
            *err = e;
        return e.code;
    }
    /* the CLI's reader keeps no line longer than this (bulk_source.c) */
    size_t max_doc = tagger_max_doc_bytes(t);
    size_t line_cap = max_doc > (SIZE_MAX - (1u << 20)) / 6 ? SIZE_MAX : max_doc * 6 + (1u << 20);
    tg_render_buf all = {0};
    uint64_t *failed = NULL;
    size_t nfailed = 0, failed_cap = 0;
    char msg[256];
    int nomem = 0;
    for (size_t pos = 0; pos < len && !nomem;) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - data) : len;
        tagger_record_input in = {data + pos, end - pos, NULL, first_line + res->lines,
                                  TAGGER_RECORD_OK, NULL};
        if (in.len > line_cap) {
            snprintf(msg, sizeof msg,
                     "line of %llu bytes exceeds the limit of %zu bytes (6 x --max-doc-bytes "
                     "+ 1 MiB)",
                     (unsigned long long)(in.len + (nl != NULL)), line_cap);
            in.len = ID_PREFIX_BYTES;
            in.fail = TAGGER_RECORD_TOO_LARGE;
            in.fail_message = msg;
        }
        const char *rec;
        size_t n;
        int code = tagger_record(r, &in, (size_t)64 << 10, &rec, &n);
        if (code > 0) {
            uint64_t *f = tg_grow(failed, &failed_cap, nfailed + 1, sizeof *f, 16);
            if (!f) {
                nomem = 1;
                break;
            }
            failed = f;
            failed[nfailed++] = res->lines;
        }
        tg_render_buf_put(&all, rec, n);
        nomem = code < 0 || all.failed;
        res->lines++;
        pos = end + (nl != NULL);
    }
    tg_render_buf_put(&all, "", 1);
    tagger_recorder_free(r);
    if (nomem || all.failed) {
        free(all.p);
        free(failed);
        memset(res, 0, sizeof *res);
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    res->out = all.p;
    res->out_len = all.n - 1;
    res->failed = failed;
    res->nfailed = nfailed;
    return TAGGER_OK;
}
