/*
 * ner_english_lists — English organizations named beside other organizations or their
 * officers.  Names in a coordinated list, one document at a time (called
 * by ner_english.c before org_consistency): "Codemasters, Climax and Rebellion", "EMC and
 * NetApp", "Sun and HP".  A list is two or more names joined by commas and one "and" or
 * "or" before its last name; the names of a list are of one kind, so when one of them is
 * an organization of the model and every other one is a name no evidence calls anything
 * else, the others are organizations too.  A name that is evidence of another kind keeps
 * the whole list as it is: a person with a first name or a listed person, a listed place,
 * a surname of a person of the document ("Gianni Versace and Vogue", "Germany, and
 * Benetton", "Bush and Congress"); so does a name that modifies the noun of an apposition
 * ("Manchester United and Premiership leaders Chelsea"), and a list of what a product is
 * for ("Skype for Windows, Skype for Pocket PC and Skype for Linux").  The names become ORG spans of the rules
 * (tg_en_evident_org), which org_consistency carries to their other mentions.
 *
 * Names before a noun of an organization's officers ("The BPI spokesman", "Boeing CEO",
 * "Retail Decisions chief executive") where the model found nothing, or an unlisted place
 * ("Wada chairman"), are ORG spans of the rules too (tg_en_officer_orgs).
 *
 * Algorithm: the document's items are its spans and the runs of capitalized words outside
 * them (in the original text and in the truecased text the model read); two items of a
 * sentence are joined when only ",", "and", "or", ", and", ", or" lie between them; a list
 * ends at the item after its "and" or "or".  Linear in the tokens but for the list lookups
 * of each candidate (the document's gazetteer candidates, scanned).
 */
#include <stdlib.h>
#include <string.h>

#include "gazetteer.h"
#include "grow.h"
#include "labels.h"
#include "ner_internal.h"
#include "tokenize.h"
#include "truecase.h"

enum { MAX_RUN = 3 };

typedef struct {
    size_t a, b; /* tokens */
    int span;    /* 1: a span of v (found again by its first token), 0: a run of capitalized words */
    int kind;    /* the link to the next item: 0 none, 1 a comma, 2 "and" or "or" */
} list_item;

/* The link between tokens a..b (the words between two items): 1 for ",", 2 for "and",
 * "or", ", and", ", or", else 0. */
static int link_between(const char *text, const tagger_token *tokens, size_t a, size_t b)
{
    if (a > b || b - a > 1)
        return 0;
    if (a == b && tg_en_token_is(text, &tokens[a], ","))
        return 1;
    if (b > a && !tg_en_token_is(text, &tokens[a], ","))
        return 0;
    return tg_en_token_is(text, &tokens[b], "and") || tg_en_token_is(text, &tokens[b], "or") ? 2 : 0;
}

/* Whether a list candidate of the document lies exactly on tokens a..b with a label other
 * than ORG (ambiguous ones too: "Washington" is a person as well). */
static int listed_otherwise(const tg_ner_input *in, size_t a, size_t b)
{
    size_t i, end = tg_ner_gaz_at(in, a, &i);
    for (; i < end; i++) {
        const tg_gaz_match *g = in->gaz_by_first[i];
        tg_gaz_entry e;
        if (g->tok_last == b && tg_gazetteer_entry(g->gaz, g->record, &e) &&
            !tg_label_eq(e.label, TG_LABEL_ORG))
            return 1;
    }
    return 0;
}

/* Whether item x stands before a word in lower case (no function word) and a name, in its
 * sentence: it is then a modifier of an apposition, not a name of the list ("Manchester
 * United and Premiership leaders Chelsea": the competition, not a club). */
static int modifier_of_name(const tg_ner_input *in, const char *text, const list_item *x)
{
    static const char *const function_words[] = {"and", "or", "of", "for", "in", "at", "on", "to", "with",
                                                 "from", "by", "the", "a", "an", "vs", "v", "de"};
    const tagger_token *tokens = in->tokens;
    size_t t = x->b + 1;
    if (t + 1 >= in->ntokens || tokens[t + 1].sentence != tokens[x->b].sentence ||
        tokens[t].kind != TAGGER_TOKEN_WORD || text[tokens[t].start] < 'a' || text[tokens[t].start] > 'z' ||
        tg_en_word_in(text, &tokens[t], function_words, sizeof function_words / sizeof *function_words))
        return 0;
    return tg_en_name_word(text, &tokens[t + 1]) && !tg_en_calendar_word(text, &tokens[t + 1]);
}

/* Whether the list of items first..last names what a product is for: "Skype for Windows,
 * Skype for Pocket PC and Skype for Linux" (a name and "for" before its first item, or
 * "for" and a name after its last one): platforms, not organizations. */
static int product_targets(const char *text, const tg_ner_input *in, const list_item *first,
                           const list_item *last)
{
    const tagger_token *tokens = in->tokens;
    size_t a = first->a, b = last->b;
    return (a >= 2 && tokens[a - 2].sentence == tokens[a].sentence &&
            tg_en_token_is(text, &tokens[a - 1], "for") && tg_en_name_word(text, &tokens[a - 2])) ||
           (b + 2 < in->ntokens && tokens[b + 2].sentence == tokens[b].sentence &&
            tg_en_token_is(text, &tokens[b + 1], "for") && tg_en_name_word(text, &tokens[b + 2]));
}

/* Whether item x may be an organization for its list: 3 when it is one (an ORG span of the
 * lists or of the rules; and no listed place or person: "Freiburg" is the club and the
 * town), 2 for an ORG span of the model alone (its "Costello", "Kerry" and "Wambach" are
 * people: one is no evidence, two are), 1 when nothing says otherwise (a one-word PERSON
 * span or a run of capitalized words, up to three, with no
 * first name, no day's or month's name, no list entry, not a surname of the document's
 * people, not right before a span: "French President Jacques Chirac", a run after a word in
 * lower case or a comma: not "FRANCE - Bond and PIBOR futures", "Pakistan President and
 * Army Chief"), 0 when it is
 * evidence of another kind (a place span among them: "Alsace and Strasbourg"). */
static int org_like(const tg_ner_input *in, const char *text, const char *tc, const tg_ner_span *v,
                    size_t n, tg_en_surnames *sn, const list_item *x)
{
    const tagger_token *tokens = in->tokens;
    if (listed_otherwise(in, x->a, x->b))
        return 0;
    if (x->span) {
        const char *l = v[tg_en_span_before(v, n, x->a)].label;
        if (tg_label_eq(l, TG_LABEL_ORG))
            return l == tg_en_evident_org || tg_en_listed_org(in, x->a, x->b, 1) ? 3 : 2;
        if (!tg_label_eq(l, TG_LABEL_PERSON))
            return 0;
    } else if ((x->b + 1 < in->ntokens && tg_en_span_before(v, n, x->b + 1) < n &&
                v[tg_en_span_before(v, n, x->b + 1)].tok_first == x->b + 1) ||
               !((tokens[x->a - 1].kind == TAGGER_TOKEN_WORD && text[tokens[x->a - 1].start] >= 'a' &&
                  text[tokens[x->a - 1].start] <= 'z') ||
                 tg_en_token_is(text, &tokens[x->a - 1], ",")))
        return 0;
    if (x->b - x->a >= MAX_RUN || tg_en_first_name(text, &tokens[x->a]) ||
        tg_en_surnames_has(sn, v, n, x->b) || modifier_of_name(in, text, x))
        return 0;
    for (size_t t = x->a; t <= x->b; t++)
        if (!tg_en_name_word(text, &tokens[t]) || !tg_en_name_word(tc, &tokens[t]) ||
            tg_en_calendar_word(text, &tokens[t]))
            return 0;
    return 1;
}

/* The items of the document (see the top of the file) into *out; returns their count, or
 * (size_t)-1 when out of memory. */
static size_t list_items(const tg_ner_input *in, const char *text, const char *tc,
                         const tg_ner_span *v, size_t n, list_item **out)
{
    const tagger_token *tokens = in->tokens;
    size_t k = 0, cap = 0, i = 0;
    list_item *items = NULL;
    for (size_t t = 0; t < in->ntokens;) {
        list_item x = {t, t, 0, 0};
        while (i < n && v[i].tok_first < t)
            i++;
        if (i < n && v[i].tok_first == t) {
            x.b = v[i].tok_last;
            x.span = 1;
        } else if (tg_en_name_word(text, &tokens[t]) && tg_en_name_word(tc, &tokens[t]) &&
                   t > 0 && tokens[t - 1].sentence == tokens[t].sentence) {
            while (x.b + 1 < in->ntokens && tokens[x.b + 1].sentence == tokens[t].sentence &&
                   (i >= n || v[i].tok_first > x.b + 1) && tg_en_name_word(text, &tokens[x.b + 1]) &&
                   tg_en_name_word(tc, &tokens[x.b + 1]))
                x.b++;
        } else {
            t++;
            continue;
        }
        list_item *g = tg_grow(items, &cap, k + 1, sizeof *items, 32);
        if (!g) {
            free(items);
            return (size_t)-1;
        }
        items = g;
        if (k > 0 && tokens[items[k - 1].b].sentence == tokens[x.a].sentence)
            items[k - 1].kind = link_between(text, tokens, items[k - 1].b + 1, x.a - 1);
        items[k++] = x;
        t = x.b + 1;
    }
    *out = items;
    return k;
}

/* Whether "of" is among tokens a..b. */
static int has_of(const char *text, const tagger_token *tokens, size_t a, size_t b)
{
    for (size_t t = a; t <= b; t++)
        if (tg_en_token_is(text, &tokens[t], "of"))
            return 1;
    return 0;
}

/* Whether a word in capitals only stands next to list items k0..k1 (the first and last
 * one), outside them: a headline or a dateline written in capitals, whose capitalized words
 * are no names. */
static int capitals_around(const char *text, const tg_ner_input *in, const list_item *first,
                           const list_item *last)
{
    const tagger_token *tokens = in->tokens;
    return (first->a > 0 && tg_en_all_capitals(text, &tokens[first->a - 1])) ||
           (last->b + 1 < in->ntokens && tg_en_all_capitals(text, &tokens[last->b + 1]));
}

int tg_en_coordinated_orgs(const tg_ner_input *in, const char *text, const char *tc,
                           tg_ner_span **vp, size_t *np, size_t *cap)
{
    list_item *items = NULL;
    tg_en_surnames sn = TG_EN_SURNAMES_LATER(text, in->tokens, in->ntokens);
    size_t k = list_items(in, text, tc, *vp, *np, &items);
    if (k == (size_t)-1)
        return 0;
    int ok = 1;
    for (size_t s = 0; ok && s < k;) {
        size_t e = s; /* the list is items s..e */
        while (e < k && items[e].kind == 1)
            e++;
        if (e >= k || items[e].kind != 2 || e + 1 >= k) {
            s = e + 1;
            continue;
        }
        e++;
        int listed = 0, model = 0, others = 0;
        for (size_t j = s; j <= e; j++) {
            int o = org_like(in, text, tc, *vp, *np, &sn, &items[j]);
            listed += o == 3, model += o == 2, others += o == 0;
        }
        /* two names may be one: "Test and County Cricket Board" (the second an ORG ending in
           an organization's word), "Ministry of Foreign Affairs and Trade" (the first one with
           "of") */
        int one_name = e == s + 1 && ((items[e].span && tg_en_company_word(text, &in->tokens[items[e].b])) ||
                                      (items[s].span && has_of(text, in->tokens, items[s].a, items[s].b)));
        if ((listed > 0 || model > 1) && others == 0 && !one_name && !capitals_around(text, in, &items[s], &items[e]) &&
            !product_targets(text, in, &items[s], &items[e])) {
            for (size_t j = e + 1; ok && j-- > s;) {
                list_item *x = &items[j];
                if (x->span) {
                    tg_ner_span *sp = &(*vp)[tg_en_span_before(*vp, *np, x->a)];
                    if (!tg_label_eq(sp->label, TG_LABEL_ORG))
                        tg_en_surnames_relabel(&sn, sp, tg_en_evident_org);
                } else
                    ok = tg_en_put_span(in->tokens, vp, np, cap, x->a, x->b, tg_en_evident_org);
            }
        }
        s = e;
    }
    free(items);
    ok &= sn.made >= 0;
    tg_en_surnames_free(&sn);
    return ok;
}

/* Whether token t starts a noun of an organization's officers or owners, in lower case:
 * "CEO", "chief executive", "chairman", "chairwoman", "spokesman", "spokeswoman", "boss",
 * "founder", "executives", "shareholders" (not "chief" alone: "Police chief", nor
 * "president": a country has one). */
static int officer_noun(const char *text, const tagger_token *tokens, size_t ntokens, size_t t)
{
    static const tg_word nouns_words[] = {
        TG_WORD("CEO"), TG_WORD("chairman"), TG_WORD("chairwoman"), TG_WORD("spokesman"),
        TG_WORD("spokeswoman"), TG_WORD("boss"), TG_WORD("founder"), TG_WORD("executives"),
        TG_WORD("shareholders")};
    static tg_word_set nouns = TG_WORD_SET(nouns_words); /* asked about every token */
    if (t >= ntokens)
        return 0;
    return tg_word_set_has(&nouns, text + tokens[t].start, tokens[t].end - tokens[t].start) ||
           (t + 1 < ntokens && tg_en_token_is(text, &tokens[t], "chief") &&
            tg_en_token_is(text, &tokens[t + 1], "executive"));
}

int tg_en_officer_orgs(const tg_ner_input *in, const char *text, const char *tc,
                       tg_ner_span **vp, size_t *np, size_t *cap)
{
    const tagger_token *tokens = in->tokens;
    size_t ntokens = in->ntokens;
    for (size_t d = 1; d < ntokens; d++) {
        if (tokens[d].sentence != tokens[d - 1].sentence || !officer_noun(text, tokens, ntokens, d))
            continue;
        size_t a = d, i;
        while (a > 0 && d - a < MAX_RUN && tokens[a - 1].sentence == tokens[d].sentence &&
               tg_en_name_word(text, &tokens[a - 1]) && tg_en_name_word(tc, &tokens[a - 1]))
            a--;
        if (a == d || (a > 0 && tokens[a - 1].sentence == tokens[d].sentence &&
                       (tg_en_name_word(text, &tokens[a - 1]) || tg_en_token_is(text, &tokens[a - 1], "of") ||
                        tg_en_token_is(text, &tokens[a - 1], "for") || tg_en_token_is(text, &tokens[a - 1], "and") ||
                        tg_en_token_is(text, &tokens[a - 1], "&"))))
            continue; /* no name, or a longer one: "Department for Media, Culture and Sport" */
        /* a sentence's first word, or one after "The", that English writes in lower case is
           no name ("Company spokesman", "The Charity boss"); nor is a party's ("Tory
           spokesman": NORP) nor an organization's word alone ("Committee chairman") */
        int first = a == 0 || tokens[a - 1].sentence != tokens[a].sentence ||
                    tokens[a - 1].kind != TAGGER_TOKEN_WORD || tg_en_token_is(text, &tokens[a - 1], "The") ||
                    tg_en_token_is(text, &tokens[a - 1], "An") || tg_en_token_is(text, &tokens[a - 1], "A");
        if ((first && tg_truecase_lower_word(text + tokens[a].start, tokens[a].end - tokens[a].start)) ||
            tg_en_first_name(text, &tokens[a]) || tg_en_calendar_word(text, &tokens[a]) ||
            tg_en_party_word(text, &tokens[a]) || (a + 1 == d && tg_en_company_word(text, &tokens[a])) ||
            listed_otherwise(in, a, d - 1) || !tg_en_spans_within(*vp, *np, a, d - 1, &i))
            continue;
        if (i < *np && (*vp)[i].tok_first <= d - 1) {
            /* the model's span: an unlisted place on exactly the name ("Wada chairman") */
            tg_ner_span *s = &(*vp)[i];
            if (s->tok_first == a && s->tok_last == d - 1 && tg_label_is(s->label, TG_LABEL_IS_PLACE))
                s->label = tg_en_evident_org;
            continue;
        }
        if (!tg_en_put_span(tokens, vp, np, cap, a, d - 1, tg_en_evident_org))
            return 0;
    }
    return 1;
}
