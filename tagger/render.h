/*
 * render — the driver under every output format, after cmark's render.c:
 * tagger_doc_render checks the options, picks the format's renderer and
 * runs it over the document; the renderer writes text through the calls
 * below, and the driver buffers it and hands it to the caller's writer.
 *
 * A renderer only reads the document, through the public accessors of
 * tagger.h (tagger_doc_text, tagger_doc_entity, tagger_doc_token, ...), so
 * it needs neither internal.h nor the layout of struct tagger_doc.  It
 * writes with tg_render_put and friends into the driver's buffer, and calls
 * tg_render_piece at points where a piece of output may end (JSON: after a
 * whole value); once the buffer holds TG_RENDER_PIECE bytes there, the
 * driver passes it through the format's `filter` (JSON: --pretty
 * indentation, which carries its depth from piece to piece in r->depth) and
 * to the writer, so memory stays at about one piece whatever the document.
 * With no writer (tg_render_append, behind the bulk records and
 * tagger_doc_to_json) everything stays in the caller's buffer and the
 * filter runs once at the end.
 *
 * Out of memory sets r->failed, and a writer's non-zero answer r->stopped;
 * every call after either does nothing, so a renderer checks neither and
 * the driver reports the first.  Offsets are bytes of the input inside the
 * library; tg_render_offset converts one to the unit asked for.
 *
 * Adding a format (CoNLL, brat, HTML, ...):
 *   1. tagger.h: a TAGGER_FORMAT_X value after the last one;
 *   2. render_x.c: `const tg_render_format tg_render_x` with a function for
 *      each view it can write (NULL for the others: asking for one is
 *      TAGGER_ERR_USAGE), and a filter if its pieces need rewriting; add
 *      the file to TAGGER_SOURCES in CMakeLists.txt;
 *   3. render.c: its entry in `formats`;
 *   4. the CLI: its name in `formats` of cli/cli_options.c, which is what
 *      --format accepts (tagger, tagger --jsonl, normalize, tokenize).
 * Members the caller adds (tagger_member: bulk input passed through) are
 * raw JSON; a format with no place for them leaves them out.
 *
 * Parts (tagger_part): a view writes a document alone (TAGGER_PART_WHOLE)
 * or as one record of several (TAGGER_PART_RECORD: it reads r->opt.part);
 * `head` and `tail`, when a format has them, write what goes before the
 * first record and after the last (HTML: the page around the sections),
 * and run with r->doc NULL.  `check`, when a format has it, says why a
 * document cannot be written in it (a usage error) or returns NULL.
 */
#ifndef TAGGER_RENDER_H
#define TAGGER_RENDER_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tagger.h"

/* Output is handed to the writer in pieces of about this size. */
#define TG_RENDER_PIECE ((size_t)64 << 10)

/* A growable byte buffer; `failed` is set when a reservation fails. */
typedef struct tg_render_buf {
    char *p;
    size_t n, cap;
    int failed;
} tg_render_buf;

typedef struct tg_render tg_render;

typedef struct tg_render_format {
    const char *name;
    /* Writes the whole of one view, indexed by tagger_view (NULL: the
     * format does not have that view). */
    void (*view[3])(tg_render *r);
    /* Rewrites the piece s[0..n) into `out` before it goes to the writer
     * and returns 1, or returns 0 to let it pass as it is (NULL: always). */
    int (*filter)(tg_render *r, const char *s, size_t n, tg_render_buf *out);
    void (*head)(tg_render *r);               /* NULL: nothing */
    void (*tail)(tg_render *r);               /* NULL: nothing */
    const char *(*check)(const tg_render *r); /* NULL: every document */
} tg_render_format;

struct tg_render {
    const tagger_doc *doc;
    tagger_render_options opt; /* every field present (tg_opt_read) */
    const tg_render_format *format;
    tg_render_buf buf;         /* what is not yet handed to the writer */
    tagger_write_fn write;     /* NULL: collect everything in buf */
    void *ctx;
    int failed;                /* out of memory */
    int stopped;               /* the writer returned non-zero */
    int depth;                 /* the filter's state between pieces */
};

/* The formats (render_json.c, ...). */
extern const tg_render_format tg_render_json;
extern const tg_render_format tg_render_conll;
extern const tg_render_format tg_render_brat;
extern const tg_render_format tg_render_html;

/* Room for `more` bytes at buf->p + buf->n; returns 0 (and sets
 * buf->failed) when it cannot be had. */
int tg_render_buf_reserve(tg_render_buf *b, size_t more);
void tg_render_buf_put(tg_render_buf *b, const char *s, size_t len);

/* Room for `more` bytes at the end of the output (to be written there and
 * counted by adding to r->buf.n), or NULL after a failure.  Inline, as are
 * the two below: a document makes some 400 of these calls, nearly all
 * answered by the room already there; tg_render_grow makes more. */
char *tg_render_grow(tg_render *r, size_t more);
static inline char *tg_render_reserve(tg_render *r, size_t more)
{
    if (!r->stopped && !r->buf.failed && more <= r->buf.cap - r->buf.n)
        return r->buf.p + r->buf.n;
    return tg_render_grow(r, more);
}
static inline void tg_render_put(tg_render *r, const char *s, size_t len)
{
    char *at = tg_render_reserve(r, len);
    if (at) {
        memcpy(at, s, len);
        r->buf.n += len;
    }
}
static inline void tg_render_lit(tg_render *r, const char *s) /* a NUL-terminated string */
{
    tg_render_put(r, s, strlen(s));
}
void tg_render_size(tg_render *r, size_t v);     /* in decimal */
/* v in decimal at `at`, which has room for TG_DECIMAL_MAX bytes; returns
 * the number of digits. */
#define TG_DECIMAL_MAX 24
size_t tg_decimal_at(char *at, uint64_t v);
/* s[0..len) kept on one line and in one field: every C0 control character
 * (TAB and line breaks too) and DEL written as U+FFFD. */
void tg_render_field(tg_render *r, const char *s, size_t len);
/* The non-overlapping entities a format without overlaps shows: entity i
 * is kept unless it starts before the end of the last one kept (entities
 * come by start, longest first).  Returns the new `last_end` when kept,
 * or SIZE_MAX when left out; start with last_end 0. */
size_t tg_render_keep(const tagger_entity *e, size_t last_end);
/* A byte offset of the document's input in the unit of r->opt.offsets. */
size_t tg_render_offset(const tg_render *r, size_t byte);
/* Whether writing has failed or stopped (loops over long lists may end). */
int tg_render_done(const tg_render *r);
/* A point where a piece may end: hands the buffer to the writer once it
 * holds a piece. */
void tg_render_piece(tg_render *r);
/* Hands what is buffered to the writer (through the format's filter) once
 * it holds a piece or, with `all`, whatever it holds (the driver, at the end). */
void tg_render_hand_over(tg_render *r, int all);

/* The whole output of `doc` appended to *out (the filter run once over
 * it), with no writer and no pieces: the bulk records, which keep one
 * buffer from document to document.  Errors as tagger_doc_render's (no
 * TAGGER_ERR_IO: there is no writer to stop). */
tagger_status tg_render_append(const tagger_doc *doc, const tagger_render_options *opt,
                               tg_render_buf *out, tagger_error *err);

/* The whole output of `doc` as one NUL-terminated malloc'd string (length
 * in *len), for the *_to_json shorthands; NULL when out of memory or when
 * the options are not valid. */
char *tg_render_string(const tagger_doc *doc, const tagger_render_options *opt, size_t *len);

#endif /* TAGGER_RENDER_H */
