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
};

#define NFORMATS (sizeof formats / sizeof formats[0])

void tagger_render_options_init_size(tagger_render_options *opt, size_t size)
{
    if (!opt || !tg_opt_size_ok(size, sizeof *opt))
        return;
    memset(opt, 0, size); /* every default is 0 */
    opt->size = size;
}

/* ------------------------------------------------------------- buffer */

int tg_render_buf_reserve(tg_render_buf *b, size_t more)
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

void tg_render_buf_put(tg_render_buf *b, const char *s, size_t len)
{
    if (tg_render_buf_reserve(b, len)) {
        memcpy(b->p + b->n, s, len);
        b->n += len;
    }
}

/* ------------------------------------------------------ for renderers */

char *tg_render_reserve(tg_render *r, size_t more)
{
    if (r->stopped || !tg_render_buf_reserve(&r->buf, more)) {
        r->failed |= r->buf.failed;
        return NULL;
    }
    return r->buf.p + r->buf.n;
}

void tg_render_put(tg_render *r, const char *s, size_t len)
{
    char *at = tg_render_reserve(r, len);
    if (at) {
        memcpy(at, s, len);
        r->buf.n += len;
    }
}

void tg_render_lit(tg_render *r, const char *s)
{
    tg_render_put(r, s, strlen(s));
}

void tg_render_size(tg_render *r, size_t v)
{
    char tmp[24];
    int k = snprintf(tmp, sizeof tmp, "%zu", v);
    tg_render_put(r, tmp, (size_t)k);
}

size_t tg_render_offset(const tg_render *r, size_t byte)
{
    return tagger_doc_offset(r->doc, byte, r->opt.offsets);
}

int tg_render_done(const tg_render *r)
{
    return r->failed || r->stopped;
}

/* Hands what is buffered to the writer (through the filter), once it holds
 * a piece or, with `all`, whatever it holds. */
static void hand_over(tg_render *r, int all)
{
    if (!r->write || tg_render_done(r) || (!all && r->buf.n < TG_RENDER_PIECE) ||
        r->buf.n == 0)
        return;
    const char *s = r->buf.p;
    size_t n = r->buf.n;
    tg_render_buf out = {0};
    if (r->format->filter && r->format->filter(r, r->buf.p, r->buf.n, &out)) {
        if (out.failed) {
            free(out.p);
            r->failed = 1;
            return;
        }
        s = out.p;
        n = out.n;
    }
    r->stopped = r->write(r->ctx, s, n) != 0;
    free(out.p);
    r->buf.n = 0;
}

void tg_render_piece(tg_render *r)
{
    hand_over(r, 0);
}

/* ------------------------------------------------------------ driver */

/* Sets up `r` for `doc` and the caller's options (NULL: the defaults). */
static tagger_status begin(tg_render *r, const tagger_doc *doc,
                           const tagger_render_options *opt, tagger_error *err)
{
    memset(r, 0, sizeof *r);
    r->doc = doc;
    tagger_render_options_init(&r->opt);
    if (!doc)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "tagger_doc_render: NULL document");
    if (opt) {
        if (!tg_opt_size_ok(opt->size, sizeof *opt))
            return tg_error_set(err, TAGGER_ERR_USAGE, 0,
                                "tagger_doc_render: options of %zu bytes (call "
                                "tagger_render_options_init)",
                                opt->size);
        memcpy(&r->opt, opt, opt->size);
        r->opt.size = sizeof r->opt;
    }
    unsigned format = (unsigned)r->opt.format, view = (unsigned)r->opt.view;
    r->format = format < NFORMATS ? formats[format] : NULL;
    if (!r->format)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "tagger_doc_render: unknown format %u",
                            format);
    if (view >= sizeof r->format->view / sizeof r->format->view[0] || !r->format->view[view])
        return tg_error_set(err, TAGGER_ERR_USAGE, 0,
                            "tagger_doc_render: the %s format has no view %u",
                            r->format->name, view);
    return TAGGER_OK;
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
    r.format->view[r.opt.view](&r);
    hand_over(&r, 1);
    free(r.buf.p);
    if (r.failed)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory writing the document");
    if (r.stopped)
        return tg_error_set(err, TAGGER_ERR_IO, 0, "the writer stopped the output");
    return TAGGER_OK;
}

char *tg_render_string(const tagger_doc *doc, const tagger_render_options *opt, size_t *len)
{
    tg_render r;
    if (begin(&r, doc, opt, NULL) != TAGGER_OK)
        return NULL;
    r.format->view[r.opt.view](&r);
    tg_render_buf out = {0};
    if (!r.failed && r.format->filter && r.format->filter(&r, r.buf.p, r.buf.n, &out)) {
        free(r.buf.p);
        r.buf = out;
        r.failed = out.failed;
    }
    tg_render_put(&r, "", 1); /* NUL */
    if (r.failed) {
        free(r.buf.p);
        return NULL;
    }
    if (len)
        *len = r.buf.n - 1;
    return r.buf.p;
}
