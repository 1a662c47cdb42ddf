/* render — the output driver; see render.h. */
#include "render.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "options.h"

/* Indexed by tagger_format. */
static const tg_render_format *const formats[] = {
    [TAGGER_FORMAT_JSON] = &tg_render_json,
    [TAGGER_FORMAT_CONLL] = &tg_render_conll,
    [TAGGER_FORMAT_BRAT] = &tg_render_brat,
    [TAGGER_FORMAT_HTML] = &tg_render_html,
};

#define NFORMATS (sizeof formats / sizeof formats[0])

void tagger_render_options_init_size(tagger_render_options *opt, size_t size)
{
    const tagger_render_options d = {0}; /* every default is 0 */
    tg_opt_init(opt, &d, size, sizeof d);
}

/* ------------------------------------------------------------ driver */

/* Sets up `r` for `doc` and the caller's options (NULL: the defaults). */
static tagger_status begin(tg_render *r, const tagger_doc *doc,
                           const tagger_render_options *opt, tagger_error *err)
{
    memset(r, 0, sizeof *r);
    r->doc = doc;
    tagger_render_options_init(&r->opt);
    tagger_status rc = tg_opt_read(&r->opt, opt, sizeof r->opt, "tagger_doc_render",
                                   "tagger_render_options_init", err);
    if (rc != TAGGER_OK)
        return rc;
    unsigned format = (unsigned)r->opt.format, view = (unsigned)r->opt.view;
    r->format = format < NFORMATS ? formats[format] : NULL;
    if (!r->format)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "tagger_doc_render: unknown format %u",
                            format);
    if (view >= sizeof r->format->view / sizeof r->format->view[0] || !r->format->view[view])
        return tg_error_set(err, TAGGER_ERR_USAGE, 0,
                            "the %s format has no %s view (it is not available in this "
                            "format; use json)",
                            r->format->name,
                            view == TAGGER_VIEW_TOKENS       ? "tokens"
                            : view == TAGGER_VIEW_NORMALIZED ? "normalized"
                                                             : "such");
    unsigned part = (unsigned)r->opt.part;
    if (part > TAGGER_PART_TAIL)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "tagger_doc_render: unknown part %u",
                            part);
    if (part == TAGGER_PART_HEAD || part == TAGGER_PART_TAIL)
        return TAGGER_OK;
    if (!doc)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "tagger_doc_render: NULL document");
    const char *why = r->format->check ? r->format->check(r) : NULL;
    if (why)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "%s", why);
    return TAGGER_OK;
}

/* Writes what the options ask for into r's buffer. */
static void run(tg_render *r)
{
    if (r->opt.part == TAGGER_PART_HEAD) {
        if (r->format->head)
            r->format->head(r);
    } else if (r->opt.part == TAGGER_PART_TAIL) {
        if (r->format->tail)
            r->format->tail(r);
    } else {
        r->format->view[r->opt.view](r);
    }
}

tagger_status tagger_doc_render(const tagger_doc *doc, const tagger_render_options *opt,
                                tagger_write_fn write, void *ctx, tagger_error *err)
{
    tg_render r;
    tagger_status st = begin(&r, doc, opt, err);
    if (st != TAGGER_OK)
        return st;
    if (!write)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "tagger_doc_render: NULL writer");
    r.write = write;
    r.ctx = ctx;
    run(&r);
    tg_render_hand_over(&r, 1);
    free(r.buf.p);
    if (r.failed)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory writing the document");
    if (r.stopped)
        return tg_error_set(err, TAGGER_ERR_IO, 0, "the writer stopped the output");
    return TAGGER_OK;
}

tagger_status tg_render_append(const tagger_doc *doc, const tagger_render_options *opt,
                               tg_render_buf *out, tagger_error *err)
{
    tg_render r;
    tagger_status st = begin(&r, doc, opt, err);
    if (st != TAGGER_OK)
        return st;
    const size_t from = out->n;
    r.buf = *out; /* no writer: everything stays in the caller's buffer */
    run(&r);
    tg_render_buf f = {0};
    if (!r.failed && r.format->filter &&
        r.format->filter(&r, r.buf.p + from, r.buf.n - from, &f)) {
        r.buf.n = from;
        tg_render_buf_put(&r.buf, f.p, f.n);
        r.failed |= f.failed;
    }
    free(f.p);
    r.failed |= r.buf.failed;
    *out = r.buf;
    if (r.failed)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory writing the document");
    return TAGGER_OK;
}

char *tg_render_string(const tagger_doc *doc, const tagger_render_options *opt, size_t *len)
{
    tg_render_buf b = {0};
    if (tg_render_append(doc, opt, &b, NULL) == TAGGER_OK)
        tg_render_buf_put(&b, "", 1); /* NUL */
    if (b.failed || !b.n) {
        free(b.p);
        return NULL;
    }
    if (len)
        *len = b.n - 1;
    return b.p;
}

/* ------------------------------------------- the JSON shorthands (tagger.h) */

void tagger_json_options_init_size(tagger_json_options *opt, size_t size)
{
    const tagger_json_options d = {0}; /* every default is 0 */
    tg_opt_init(opt, &d, size, sizeof d);
}

/* The render options of JSON options (NULL: the defaults); 0 when their
 * size is not one this library can read. */
static int render_options(const tagger_json_options *j, tagger_view view,
                          tagger_render_options *opt)
{
    tagger_render_options_init(opt);
    opt->view = view;
    tagger_json_options o;
    tagger_json_options_init(&o);
    if (tg_opt_read(&o, j, sizeof o, "tagger_doc_to_json", "tagger_json_options_init", NULL) !=
        TAGGER_OK)
        return 0;
    opt->offsets = o.offsets;
    opt->pretty = o.pretty;
    opt->id = o.id;
    opt->lang = o.lang;
    return 1;
}

static char *view_to_json(const tagger_doc *doc, const tagger_json_options *j,
                          tagger_view view, size_t *len)
{
    tagger_render_options opt;
    return render_options(j, view, &opt) ? tg_render_string(doc, &opt, len) : NULL;
}

char *tagger_doc_to_json(const tagger_doc *doc, const tagger_json_options *opt, size_t *len)
{
    return view_to_json(doc, opt, TAGGER_VIEW_DOCUMENT, len);
}

char *tagger_doc_normalized_to_json(const tagger_doc *doc, const tagger_json_options *opt,
                                    size_t *len)
{
    return view_to_json(doc, opt, TAGGER_VIEW_NORMALIZED, len);
}

char *tagger_doc_tokens_to_json(const tagger_doc *doc, const tagger_json_options *opt,
                                size_t *len)
{
    return view_to_json(doc, opt, TAGGER_VIEW_TOKENS, len);
}

/* The caller's writer, and its first non-zero answer. */
typedef struct {
    int (*write)(void *ctx, const char *s, size_t len);
    void *ctx;
    int answer;
} writer;

static int write_through(void *ctx, const char *s, size_t len)
{
    writer *w = ctx;
    return w->answer = w->write(w->ctx, s, len);
}

int tagger_doc_write_json(const tagger_doc *doc, const tagger_json_options *opt,
                          int (*write)(void *ctx, const char *s, size_t len), void *ctx)
{
    tagger_render_options ro;
    writer w = {write, ctx, 0};
    if (!render_options(opt, TAGGER_VIEW_DOCUMENT, &ro))
        return -1;
    tagger_status st = tagger_doc_render(doc, &ro, write_through, &w, NULL);
    return st == TAGGER_OK ? 0 : w.answer ? w.answer : -1;
}
