/* render_brat — brat's standoff format (docs/formats.md,
 * https://brat.nlplab.org/standoff.html): the lines of the document's .ann
 * file, the text being the .txt file.
 *
 *   T1<TAB>PERSON 0 6<TAB>Lavrov
 *   N1<TAB>Reference T1 kb:sergey-lavrov<TAB>Sergey Lavrov
 *
 * One T line per entity (overlaps are allowed in brat, so all are
 * written), with its label, its start and end offsets (code points of the
 * text unless --offsets says otherwise) and its text; an entity that spans
 * line breaks is written as brat writes discontinuous spans, its pieces
 * between the breaks "S E;S E" and their texts joined by one space.  An
 * entity with a kb_id gets an N line right after its T line: brat's
 * normalization, `Reference`, the T id, `kb:` and the kb_id (blanks as _),
 * and the canonical name (the kb_id when it has none).  As one record of
 * several (TAGGER_PART_RECORD) the lines are opened by "#doc ID" (or
 * "#doc"), which is not a brat annotation line: split there.  Only the
 * document view. */
#include <string.h>

#include "render.h"

/* Calls fn for each piece of e between line breaks (CR, LF); returns the
 * number of pieces. */
static size_t pieces(tg_render *r, const char *text, const tagger_entity *e,
                     void (*fn)(tg_render *r, const char *text, size_t s, size_t e, size_t i))
{
    size_t n = 0, s = e->start;
    for (size_t i = e->start; i <= e->end; i++) {
        if (i < e->end && text[i] != '\n' && text[i] != '\r')
            continue;
        if (i > s) {
            if (fn)
                fn(r, text, s, i, n);
            n++;
        }
        s = i + 1;
    }
    return n;
}

static void span(tg_render *r, const char *text, size_t s, size_t e, size_t i)
{
    (void)text;
    tg_render_put(r, i ? ";" : " ", 1);
    tg_render_size(r, tg_render_offset(r, s));
    tg_render_put(r, " ", 1);
    tg_render_size(r, tg_render_offset(r, e));
}

static void span_text(tg_render *r, const char *text, size_t s, size_t e, size_t i)
{
    if (i)
        tg_render_put(r, " ", 1);
    tg_render_put(r, text + s, e - s);
}

/* The kb_id as one brat token: blanks and control characters as _. */
static void kb_id(tg_render *r, const char *id)
{
    for (const char *p = id; *p; p++) {
        unsigned char c = (unsigned char)*p;
        tg_render_put(r, c <= 0x20 || c == 0x7F ? "_" : p, 1);
    }
}

static void document_view(tg_render *r)
{
    const char *text = tagger_doc_text(r->doc, NULL);
    size_t t = 0, n = 0;
    if (r->opt.part == TAGGER_PART_RECORD) {
        tg_render_lit(r, "#doc");
        if (r->opt.id) {
            tg_render_put(r, " ", 1);
            tg_render_field(r, r->opt.id, strlen(r->opt.id));
        }
        tg_render_put(r, "\n", 1);
    }
    for (size_t i = 0; i < tagger_doc_entity_count(r->doc) && !tg_render_done(r); i++) {
        const tagger_entity *e = tagger_doc_entity(r->doc, i);
        if (!pieces(r, text, e, NULL))
            continue; /* nothing but line breaks */
        tg_render_put(r, "T", 1);
        tg_render_size(r, ++t);
        tg_render_put(r, "\t", 1);
        tg_render_lit(r, e->label);
        pieces(r, text, e, span);
        tg_render_put(r, "\t", 1);
        pieces(r, text, e, span_text);
        tg_render_put(r, "\n", 1);
        if (e->kb_id) {
            tg_render_put(r, "N", 1);
            tg_render_size(r, ++n);
            tg_render_lit(r, "\tReference T");
            tg_render_size(r, t);
            tg_render_lit(r, " kb:");
            kb_id(r, e->kb_id);
            tg_render_put(r, "\t", 1);
            const char *name = e->name ? e->name : e->kb_id;
            tg_render_field(r, name, strlen(name));
            tg_render_put(r, "\n", 1);
        }
        tg_render_piece(r);
    }
}

const tg_render_format tg_render_brat = {
    "brat", {[TAGGER_VIEW_DOCUMENT] = document_view}, NULL, NULL, NULL, NULL,
};
