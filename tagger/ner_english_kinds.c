/*
 * ner_english_kinds — English names whose kind the lists or the guidelines decide, one
 * document at a time (called by ner_english.c after its other steps):
 *
 *   - a model span inside the words of a listed product or event that the list has whole
 *     and longer ("the Nintendo DS": the model's ORG "Nintendo"; "Half-Life 2": its ORG
 *     "Half-Life"; "Boeing 777") is that product or event: one span over the listed
 *     words, with the entry's label (MISC in CoNLL-2003 and the dev set's guidelines);
 *   - "Cabinet" and "Parliament" with their capital and no capitalized word beside them,
 *     government bodies by name (the dev set's guidelines, data/ner/README.md: "Cabinet",
 *     "Commons", "Congress" are ORG), are organizations where no span covers them;
 *   - capitalized words that no span covers and whose last word ends organizations' names
 *     (tg_en_company_word: "Milk Development Council", "Consumer Product Safety
 *     Commission", "Secret Service") are an organization; right after a place's, a
 *     people's or an organization's span they are one organization with it ("the US
 *     Anti-Doping Agency", "Sony Pictures Entertainment", "the Hellenic Olympic
 *     Committee": the guidelines' "US National Cyber Alerting Service").  Not where more
 *     capitalized words follow ("Consumer Electronics Show"), not a fund ("Child Trust
 *     Fund": a scheme) nor a contest's group ("Davis Cup World Group"), nor words a Title
 *     Case headline capitalizes (the truecased text has them in lower case: "IBM Unveils
 *     New Storage Technology");
 *   - an ORG span right before a contest's words is the contest, an event ("the RBS Six
 *     Nations", "the Barclays Premiership"), and so is an ORG or place span of two words
 *     or more that ends in one ("London Marathon", "Flora London Marathon", "Scottish Open");
 *   - a model ORG that ends in a listed organization's acronym, the whole no list's name,
 *     is the acronym ("Suffolk Coastal UKIP members").
 *
 * Algorithm: one pass over the document's list candidates (unambiguous PRODUCT and EVENT
 * entries of two tokens or more that hold a span and that no span crosses), and two over
 * its tokens.
 */
#include <string.h>

#include "gazetteer.h"
#include "labels.h"
#include "ner_internal.h"
#include "tokenize.h"

/* The module's words, in the original text's letter case: the dev set's guidelines
 * (data/ner/README.md) and CoNLL-2003 train's names, as each row says.  Word sets
 * (tokenize.h), as word_of asks about most tokens of a document. */
enum { BODIES, DIVISIONS, CONTESTS, CONTEST_HEADS, CONTEST_INNER, CONTEST_ENDS, NWORD_LISTS };
#define WORDS(...) TG_WORD_SET(((const tg_word[]){__VA_ARGS__}))
static tg_word_set word_lists[NWORD_LISTS] = {
    /* government bodies by name (guidelines: "Cabinet", "Commons", "Congress": ORG) */
    [BODIES] = WORDS(TG_WORD("Cabinet"), TG_WORD("Parliament")),
    /* a firm's division after its ORG span ("Verizon Wireless", "Sony Pictures") */
    [DIVISIONS] = WORDS(TG_WORD("Pictures"), TG_WORD("Wireless"), TG_WORD("Retail"),
                        TG_WORD("Trains"), TG_WORD("Records"), TG_WORD("Music"),
                        TG_WORD("Mobile")),
    /* a contest's group before an institution's word ("Davis Cup World Group") */
    [CONTESTS] = WORDS(TG_WORD("World"), TG_WORD("League"), TG_WORD("Cup")),
    /* a contest's last word and the words inside its name (CoNLL train's MISC "Singer
     * Cup", "Sahara Cup"; the guidelines' "Six Nations", "Premiership") */
    [CONTEST_HEADS] = WORDS(TG_WORD("Cup"), TG_WORD("Open"), TG_WORD("Championship"),
                            TG_WORD("Championships"), TG_WORD("Premiership"),
                            TG_WORD("Trophy"), TG_WORD("Classic"), TG_WORD("Invitational"),
                            TG_WORD("Marathon"), TG_WORD("Masters"), TG_WORD("Prix"),
                            TG_WORD("Nations")),
    [CONTEST_INNER] = WORDS(TG_WORD("Grand"), TG_WORD("Six"), TG_WORD("Indoor")),
    /* a contest's last word that makes a longer ORG or place span the event ("London
     * Marathon", "NEC Invitational": CoNLL train's MISC) */
    [CONTEST_ENDS] = WORDS(TG_WORD("Marathon"), TG_WORD("Open"), TG_WORD("Masters"),
                           TG_WORD("Invitational")),
};
#undef WORDS

/* Whether token t is a word of word_lists[list]. */
static int word_of(const char *text, const tagger_token *t, int list)
{
    return tg_word_set_has(&word_lists[list], text + t->start, t->end - t->start);
}

/* The index of the span of v[0..n) (sorted, disjoint) that covers token t, or n. */
static size_t span_at(const tg_ner_span *v, size_t n, size_t t)
{
    size_t i = tg_en_span_before(v, n, t);
    return i < n && v[i].tok_last >= t ? i : n;
}

/* Whether a list candidate of the document, not an ambiguous alias, lies exactly on tokens
 * a..b with the label `label` (-1: any). */
static int listed_on(const tg_ner_input *in, size_t a, size_t b, int label)
{
    tg_gaz_entry e;
    size_t i, end = tg_ner_gaz_at(in, a, &i);
    for (; i < end; i++) {
        const tg_gaz_match *g = in->gaz_by_first[i];
        if (g->tok_last == b && !(g->flags & TG_ALIAS_AMBIGUOUS) &&
            (label < 0 ||
             (tg_gazetteer_entry(g->gaz, g->record, &e) && tg_label_eq(e.label, (tg_label)label))))
            return 1;
    }
    return 0;
}

/* Whether a group's letter or number follows token e ("UEFA Group G", "Group 4"). */
static int group_label(const char *text, const tagger_token *tokens, size_t ntokens, size_t e)
{
    const tagger_token *n = &tokens[e + 1];
    return e + 1 < ntokens && n->sentence == tokens[e].sentence && n->start == tokens[e].end + 1 &&
           ((n->end - n->start == 1 && text[n->start] >= 'A' && text[n->start] <= 'Z') ||
            (text[n->start] >= '0' && text[n->start] <= '9'));
}

/* Unlisted institutions by their last word (above); one word will do right after a span,
 * and after an ORG span a firm's division's word too ("Verizon Wireless", "Sony Pictures",
 * "BT Retail").  0 when out of memory. */
static int institution_names(const tg_ner_input *in, const char *text, const char *tc,
                             tg_ner_span **vp, size_t *np, size_t *cap)
{
    const tagger_token *tokens = in->tokens;
    for (size_t t = 0; t < in->ntokens; t++) {
        size_t j, a = t, e, before;
        if (!tg_en_name_word(text, &tokens[t]) || !tg_en_name_word(tc, &tokens[t]) ||
            span_at(*vp, *np, t) < *np)
            continue;
        e = t = tg_en_name_run(text, tc, tokens, in->ntokens, t);
        before = a > 0 && tokens[a - 1].sentence == tokens[a].sentence ? span_at(*vp, *np, a - 1) : *np;
        /* right after a span of a place, a people or an organization: one name with it */
        const char *bl = before < *np && (*vp)[before].tok_last + 1 == a ? (*vp)[before].label : NULL;
        if (bl && !tg_label_eq(bl, TG_LABEL_ORG) && !tg_label_eq(bl, TG_LABEL_NORP) &&
            !tg_label_is(bl, TG_LABEL_IS_PLACE))
            bl = NULL;
        if (tg_en_token_is(text, &tokens[a], "The"))
            a++, bl = NULL;
        if (e < a || (e == a && !bl) ||
            !(tg_en_company_word(text, &tokens[e]) ||
              (bl && tg_label_eq(bl, TG_LABEL_ORG) &&
               word_of(text, &tokens[e], DIVISIONS))) ||
            tg_en_token_is(text, &tokens[e], "Fund") ||
            group_label(text, tokens, in->ntokens, e) ||
            (e > a && word_of(text, &tokens[e - 1], CONTESTS)) ||
            !tg_en_spans_within(*vp, *np, a, e, &j) ||
            (j < *np && (*vp)[j].tok_first <= e))
            continue;
        if (bl)
            a = (*vp)[before].tok_first;
        if (!tg_en_put_span(tokens, vp, np, cap, a, e, tg_en_evident_org))
            return 0;
    }
    return 1;
}

/* A contest named after its sponsor or its place: an ORG span right before a contest's
 * words ("the RBS Six Nations", "the Barclays Premiership", "the Deutsche Bank
 * Championship", "the Norwich Union Grand Prix", "the Boston Marathon") is, with them, an
 * event (MISC in CoNLL-2003 train: "Singer Cup", "Sahara Cup"; the guidelines: "Six
 * Nations", "Premiership").  Not before more capitalized words. */
static void sponsored_contests(const tg_ner_input *in, const char *text, tg_ner_span *v, size_t n)
{
    const tagger_token *tokens = in->tokens;
    for (size_t i = 0; i < n; i++) {
        size_t l = v[i].tok_last, e = l, t;
        if (l > v[i].tok_first &&
            (tg_label_eq(v[i].label, TG_LABEL_ORG) || tg_label_is(v[i].label, TG_LABEL_IS_PLACE)) &&
            word_of(text, &tokens[l], CONTEST_ENDS)) {
            v[i].label = tg_label_name(TG_LABEL_EVENT); /* the contest's word inside the span: "London Marathon" */
            continue;
        }
        if (!tg_label_eq(v[i].label, TG_LABEL_ORG))
            continue;
        for (t = l + 1; t < in->ntokens && tokens[t].sentence == tokens[l].sentence &&
                        tokens[t].kind == TAGGER_TOKEN_WORD &&
                        (i + 1 == n || t < v[i + 1].tok_first);
             t++) {
            if (word_of(text, &tokens[t], CONTEST_HEADS))
                e = t;
            else if (!word_of(text, &tokens[t], CONTEST_INNER))
                break;
        }
        if (e == l || (e + 1 < in->ntokens && tokens[e + 1].sentence == tokens[e].sentence &&
                       tg_en_name_word(text, &tokens[e + 1])))
            continue;
        v[i].tok_last = e;
        v[i].norm_end = tokens[e].norm_end;
        v[i].label = tg_label_name(TG_LABEL_EVENT);
    }
}

/* Whether the word before token t ends a longer name with it: a capitalized word of no span
 * nor list entry that does not open its sentence ("Lib Dem Parliament"; not "Former
 * Cabinet", "Afghan Cabinet"), or a capitalized word and "of" ("Houses of Parliament",
 * "Act of Parliament"). */
static int inside_name(const tg_ner_input *in, const char *text, const tg_ner_span *v, size_t n,
                       size_t t)
{
    const tagger_token *tok = in->tokens;
    if (t >= 2 && tg_en_token_is(text, &tok[t - 1], "of") && tok[t - 2].sentence == tok[t].sentence &&
        tg_en_name_word(text, &tok[t - 2]))
        return 1;
    return t >= 2 && tok[t - 1].sentence == tok[t].sentence && tok[t - 2].sentence == tok[t].sentence &&
           tg_en_name_word(text, &tok[t - 1]) && span_at(v, n, t - 1) == n && !listed_on(in, t - 1, t - 1, -1);
}

/* A model ORG of two words or more that ends in a listed organization's acronym, the whole
 * no list's name, is the acronym ("a meeting of Suffolk Coastal UKIP members", "the Federal
 * Government EEOC", "London UKIP"): the words before it are its place or a description. */
static void acronym_ends(const tg_ner_input *in, const char *text, tg_ner_span *v, size_t n)
{
    const tagger_token *tok = in->tokens;
    for (size_t i = 0; i < n; i++) {
        size_t l = v[i].tok_last;
        if (!tg_label_eq(v[i].label, TG_LABEL_ORG) || l == v[i].tok_first ||
            !tg_en_all_capitals(text, &tok[l]) || tok[l - 1].kind != TAGGER_TOKEN_WORD ||
            !listed_on(in, l, l, TG_LABEL_ORG) ||
            listed_on(in, v[i].tok_first, l, -1))
            continue;
        v[i].tok_first = l;
        v[i].norm_start = tok[l].norm_start;
    }
}

int tg_en_listed_kinds(const tg_ner_input *in, const char *text, const char *tc, tg_ner_span **vp,
                       size_t *np, size_t *cap)
{
    static const tg_label kinds[] = {TG_LABEL_PRODUCT, TG_LABEL_EVENT};
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
            if (tg_label_eq(e.label, kinds[k]) &&
                !tg_en_put_span(in->tokens, vp, np, cap, g->tok_first, g->tok_last,
                                tg_label_name(kinds[k])))
                return 0;
    }
    for (size_t t = 0; t < in->ntokens; t++) {
        const tagger_token *tok = in->tokens;
        size_t j;
        if (word_of(text, &tok[t], BODIES) &&
            !(t + 1 < in->ntokens && tok[t + 1].sentence == tok[t].sentence &&
              tg_en_name_word(text, &tok[t + 1])) &&
            !inside_name(in, text, *vp, *np, t) &&
            tg_en_spans_within(*vp, *np, t, t, &j) && j == *np &&
            !tg_en_put_span(in->tokens, vp, np, cap, t, t, tg_en_evident_org))
            return 0;
    }
    if (!institution_names(in, text, tc, vp, np, cap))
        return 0;
    sponsored_contests(in, text, *vp, *np);
    acronym_ends(in, text, *vp, *np);
    return 1;
}
