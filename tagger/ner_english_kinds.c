/*
 * ner_english_kinds — English names whose kind the lists or the guidelines decide, one
 * document at a time (called by ner_english.c after its other steps):
 *
 *   - a model span inside the words of a listed product or event that the list has whole
 *     and longer ("the Nintendo DS": the model's ORG "Nintendo"; "Half-Life 2": its ORG
 *     "Half-Life"; "Boeing 777") is that product or event: one span over the listed
 *     words, with the entry's label (MISC in CoNLL-2003 and the dev set's guidelines);
 *   - "Cabinet" with its capital, a government's body by name (an ORG in the dev set's
 *     guidelines, data/ner/README.md), is an organization where no span covers it.
 *
 * Algorithm: one pass over the document's list candidates (unambiguous PRODUCT and EVENT
 * entries of two tokens or more that hold a span and that no span crosses), and one over
 * its tokens.
 */
#include <string.h>

#include "gazetteer.h"
#include "ner_internal.h"
#include "tokenize.h"

int tg_en_listed_kinds(const tg_ner_input *in, const char *text, tg_ner_span **vp, size_t *np,
                       size_t *cap)
{
    static const char *const kinds[] = {"PRODUCT", "EVENT"};
    for (size_t i = 0; i < in->ngaz; i++) {
        const tg_gaz_match *g = &in->gaz[i];
        tg_gaz_entry e;
        size_t j;
        if (g->tok_last == g->tok_first || (g->flags & TG_ALIAS_AMBIGUOUS) ||
            !tg_en_name_word(text, &in->tokens[g->tok_first]) ||
            !tg_en_spans_within(*vp, *np, g->tok_first, g->tok_last, &j) || j == *np ||
            (*vp)[j].tok_first > g->tok_last ||
            ((*vp)[j].tok_first == g->tok_first && (*vp)[j].tok_last == g->tok_last) ||
            !tg_gazetteer_entry(g->gaz, g->record, &e))
            continue;
        for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
            if (strcmp(e.label, kinds[k]) == 0 &&
                !tg_en_put_span(in->tokens, vp, np, cap, g->tok_first, g->tok_last, kinds[k]))
                return 0;
    }
    for (size_t t = 0; t < in->ntokens; t++) {
        size_t j;
        if (tg_en_token_is(text, &in->tokens[t], "Cabinet") &&
            !(t + 1 < in->ntokens && in->tokens[t + 1].sentence == in->tokens[t].sentence &&
              tg_en_name_word(text, &in->tokens[t + 1])) &&
            tg_en_spans_within(*vp, *np, t, t, &j) && j == *np &&
            !tg_en_put_span(in->tokens, vp, np, cap, t, t, tg_en_evident_org))
            return 0;
    }
    return 1;
}
