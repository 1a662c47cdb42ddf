/* render_conll — the CoNLL format (docs/formats.md): one token a line,
 * four TAB-separated columns as in CoNLL-2003, TOKEN, POS, CHUNK and the
 * entity's IOB2 tag, with `_` for the POS and the chunk (the tagger has
 * neither), a blank line after each sentence, and the document opened by
 *
 *   -DOCSTART-<TAB>-X-<TAB>-X-<TAB>O          (or "-DOCSTART- (ID)" first)
 *
 * and a blank line, so that documents written one after the other read as
 * one CoNLL file (tagger eval --format conll reads it back).
 *
 * A token gets the tag of the entity it overlaps: B-LABEL for the first
 * token of the entity (and for the first of a new sentence, so that tags
 * stay IOB2), I-LABEL for the next ones.  Overlapping entities (with
 * --all-matches) cannot be written in IOB: the first of each overlapping
 * run (the longest, as entities come) is written and the others left out.
 * An entity whose ends fall inside tokens gets those whole tokens.  Only
 * the document view; it needs the tokens, which a document tagged in
 * windows (over TAGGER_WINDOW_BYTES) does not keep (`check`). */
#include <stdint.h>
#include <string.h>

#include "render.h"

static void docstart(tg_render *r)
{
    tg_render_lit(r, "-DOCSTART-");
    if (r->opt.id) {
        tg_render_lit(r, " (");
        tg_render_field(r, r->opt.id, strlen(r->opt.id));
        tg_render_lit(r, ")");
    }
    tg_render_lit(r, "\t-X-\t-X-\tO\n\n");
}

static void document_view(tg_render *r)
{
    const char *text = tagger_doc_text(r->doc, NULL);
    size_t ntokens = tagger_doc_token_count(r->doc);
    size_t nentities = tagger_doc_entity_count(r->doc);
    const tagger_entity *open = NULL; /* the entity of the last token, if any */
    size_t last_end = 0, k = 0;
    docstart(r);
    for (size_t i = 0; i < ntokens && !tg_render_done(r); i++) {
        const tagger_token *t = tagger_doc_token(r->doc, i);
        int new_sentence = i > 0 && t->sentence != tagger_doc_token(r->doc, i - 1)->sentence;
        if (new_sentence)
            tg_render_put(r, "\n", 1);
        if (open && open->end <= t->start)
            open = NULL;
        int begin = 0;
        if (!open) {
            /* the next entity kept that this token overlaps, if any */
            for (; k < nentities; k++) {
                const tagger_entity *e = tagger_doc_entity(r->doc, k);
                if (e->start >= t->end)
                    break;
                size_t end = tg_render_keep(e, last_end);
                if (end != SIZE_MAX && e->end > t->start) {
                    open = e;
                    last_end = end;
                    begin = 1;
                    k++;
                    break;
                }
            }
        }
        tg_render_field(r, text + t->start, t->end - t->start);
        tg_render_lit(r, "\t_\t_\t");
        if (open) {
            tg_render_lit(r, begin || new_sentence ? "B-" : "I-");
            tg_render_lit(r, open->label);
        } else {
            tg_render_put(r, "O", 1);
        }
        tg_render_put(r, "\n", 1);
        tg_render_piece(r);
    }
    if (ntokens)
        tg_render_put(r, "\n", 1);
}

static const char *check(const tg_render *r)
{
    size_t len;
    tagger_doc_text(r->doc, &len);
    if (len > TAGGER_WINDOW_BYTES && tagger_doc_token_count(r->doc) == 0)
        return "the conll format needs the tokens, which a document over 512 KiB "
               "(tagged in windows) does not keep";
    return NULL;
}

const tg_render_format tg_render_conll = {
    "conll", {[TAGGER_VIEW_DOCUMENT] = document_view}, NULL, NULL, NULL, check,
};
