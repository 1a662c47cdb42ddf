/*
 * ner_english_words — the words the English span rules (ner_english.c) and label choices
 * (ner_english_label.c) test tokens against, and the span-list edits they share: a token's
 * text and letter case (a name's shape, a word of a list: a firm's or an institution's
 * last word, a first name, a day's name), the run of capitalized words from a token
 * (tg_en_name_run), the label of a list entry on a token range,
 * whether spans lie within a token range, and the replacement of the spans within a range
 * by one span.  The evidence is the letter case of
 * the original text (the tokens' text), not the normalized, lower-cased one.
 */
#include <stdlib.h>
#include <string.h>

#include "english_first_names.h"
#include "gazetteer.h"
#include "grow.h"
#include "labels.h"
#include "ner_internal.h"
#include "tokenize.h"

/* The label "ORG" of a span that the rules below made an organization by its words or its
 * context (not the model alone): org_consistency trusts it over a place elsewhere.  Told
 * apart by its address; compared as text everywhere else. */
const char tg_en_evident_org[] = "ORG";


/* Whether token t is a word with a capital and then a lower-case letter ("Ovitz"). */
int tg_en_name_shaped(const char *text, const tagger_token *t)
{
    const char *w = text + t->start;
    return t->kind == TAGGER_TOKEN_WORD && t->end - t->start >= 2 && w[0] >= 'A' && w[0] <= 'Z' &&
           w[1] >= 'a' && w[1] <= 'z';
}


/* Whether token t is a word written in capitals only (two letters or more). */
int tg_en_all_capitals(const char *text, const tagger_token *w)
{
    if (w->kind != TAGGER_TOKEN_WORD || w->end - w->start < 2)
        return 0;
    for (size_t b = w->start; b < w->end; b++)
        if (text[b] >= 'a' && text[b] <= 'z')
            return 0;
    return 1;
}



/* Whether token t is a word of a name: a capital first, and a lower-case letter after it or
 * capitals only ("Halcyon", "EMC"; not "I"). */
int tg_en_name_word(const char *text, const tagger_token *t)
{
    return tg_en_name_shaped(text, t) || tg_en_all_capitals(text, t);
}

size_t tg_en_name_run(const char *text, const char *tc, const tagger_token *tokens,
                      size_t ntokens, size_t a)
{
    static const char *const shaped_links[] = {"and", "of", "for", "the"};
    static const char *const cased_links[] = {"of", "for", "and"};
    size_t b = a - 1;
    for (size_t t = a; t < ntokens && tokens[t].sentence == tokens[a].sentence; t++) {
        const tagger_token *k = &tokens[t];
        int name = tc ? tg_en_name_word(text, k) && tg_en_name_word(tc, k) &&
                            (t == a || tokens[t - 1].kind == TAGGER_TOKEN_WORD ||
                             tg_en_token_is(text, &tokens[t - 1], "-"))
                      : tg_en_name_shaped(text, k);
        if (name)
            b = t;
        else if (t > a && !tc && t == b + 1 &&
                 tg_en_word_in(text, k, shaped_links,
                               sizeof shaped_links / sizeof *shaped_links))
            continue;
        else if (t > a && tc &&
                 ((tg_en_word_in(text, k, cased_links,
                                 sizeof cased_links / sizeof *cased_links) &&
                   k->start > tokens[t - 1].end) ||
                  (tg_en_token_is(text, k, "-") && k->start == tokens[t - 1].end &&
                   t + 1 < ntokens && tokens[t + 1].start == k->end)))
            continue;
        else
            break;
    }
    return b;
}

int tg_en_cmp_span_first(const void *a, const void *b)
{
    const tg_ner_span *x = a, *y = b;
    return (x->tok_first > y->tok_first) - (x->tok_first < y->tok_first);
}

/* Whether token t is w, or w with a capital for its first lower-case letter ("analysts",
 * "Analysts"). */
int tg_en_token_is_word(const char *text, const tagger_token *t, const char *w)
{
    size_t n = strlen(w);
    return t->end - t->start == n &&
           (text[t->start] == w[0] || (w[0] >= 'a' && w[0] <= 'z' && text[t->start] == w[0] - 'a' + 'A')) &&
           memcmp(text + t->start + 1, w + 1, n - 1) == 0;
}


/* Whether token t is one of words[0..n), letter case included. */
int tg_en_word_in(const char *text, const tagger_token *t, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (tg_en_token_is(text, t, words[i]))
            return 1;
    return 0;
}

/* Whether token t is a word that ends organizations' names (company_words): 2 for a
 * firm's ("Inc", "Networks"), 1 for another organization's ("Group", "Party"), else 0. */
int tg_en_company_word(const char *text, const tagger_token *t)
{
    static const tg_word firms_words[] = {
        TG_WORD("Inc"), TG_WORD("Corp"), TG_WORD("Corporation"), TG_WORD("Co"), TG_WORD("Ltd"),
        TG_WORD("Plc"), TG_WORD("PLC"), TG_WORD("LLC"), TG_WORD("AG"), TG_WORD("Holdings"),
        TG_WORD("Software"), TG_WORD("Systems"), TG_WORD("Networks"), TG_WORD("Technologies"),
        TG_WORD("Pharmaceuticals"), TG_WORD("Motors"), TG_WORD("Airlines"), TG_WORD("Airways"),
        TG_WORD("Communications"), TG_WORD("Electronics"), TG_WORD("Bancorp"),
        TG_WORD("Laboratories"), TG_WORD("Labs"), TG_WORD("Telecom"), TG_WORD("SpA"),
        TG_WORD("GmbH"), TG_WORD("NV"), TG_WORD("Cos"),
    };
    static tg_word_set firms = TG_WORD_SET(firms_words);
    static const tg_word others_words[] = {
        TG_WORD("Group"), TG_WORD("Technology"), TG_WORD("Industries"),
        TG_WORD("Entertainment"), TG_WORD("Studios"), TG_WORD("Securities"),
        TG_WORD("Insurance"), TG_WORD("Investments"), TG_WORD("Partners"), TG_WORD("Petroleum"),
        TG_WORD("Mining"), TG_WORD("Party"), TG_WORD("Ministry"), TG_WORD("Commission"),
        TG_WORD("Council"), TG_WORD("Association"), TG_WORD("Agency"), TG_WORD("Committee"),
        TG_WORD("Foundation"), TG_WORD("Institute"), TG_WORD("University"), TG_WORD("Fund"),
        TG_WORD("Authority"), TG_WORD("Board"), TG_WORD("Bureau"), TG_WORD("Department"),
        TG_WORD("Organisation"), TG_WORD("Organization"), TG_WORD("Society"),
        TG_WORD("Service"), TG_WORD("Alliance"), TG_WORD("Movement"), TG_WORD("Corps"),
    };
    static tg_word_set others = TG_WORD_SET(others_words);
    size_t n = t->end - t->start;
    if (tg_word_set_has(&firms, text + t->start, n))
        return 2;
    return tg_word_set_has(&others, text + t->start, n);
}

int tg_ner_english_firm_word(const char *text, const tagger_token *t)
{
    return tg_en_company_word(text, t) == 2;
}

int tg_ner_english_the(const char *text, const tagger_token *t)
{
    return tg_en_token_is(text, t, "The");
}


/* The key of a token's text for a bsearch of the first names. */
typedef struct {
    const char *text;
    const tagger_token *tok;
} token_key;

static int cmp_first_name(const void *key, const void *elem)
{
    const tagger_token *t = ((const token_key *)key)->tok;
    const char *w = ((const token_key *)key)->text + t->start, *e = elem; /* a row of english_first_names.h */
    size_t n = t->end - t->start, m = strlen(e);
    int c = strncmp(w, e, n < m ? n : m);
    return c ? c : (n > m) - (n < m);
}

/* Whether token t is a first name of english_first_names.h ("Kate", "Mick"). */
int tg_en_first_name(const char *text, const tagger_token *t)
{
    token_key key = {text, t};
    return bsearch(&key, tg_en_first_names, TG_EN_NFIRST_NAMES, sizeof *tg_en_first_names,
                   cmp_first_name) != NULL;
}



/* Whether token t is a building's, a street's, a prize's or a work's word that ends names
 * but no person's ("Glen Abbey", "Clarence House", "Ansari X Prize"). */
int tg_en_not_surname(const char *text, const tagger_token *t)
{
    static const char *const heads[] = {
        "Abbey", "House", "Hall", "Palace", "Castle", "Court", "Park", "Parade", "Street",
        "Road", "Avenue", "Lane", "Square", "Bridge", "Stadium", "Arena", "Field", "Center",
        "Centre", "Coliseum", "Trust", "Award", "Awards", "Prize", "Cup", "Trophy", "Project",
        "Story", "Show"};
    return tg_en_word_in(text, t, heads, sizeof heads / sizeof *heads);
}

/* Whether token t is a party's one-word name that English also writes before a noun of its
 * people or politics ("Labour", "Tory", "Republican"). */
int tg_en_party_word(const char *text, const tagger_token *t)
{
    static const char *const parties[] = {
        "Labour", "Tory", "Tories", "Conservative", "Liberal", "Democratic", "Democrat",
        "Republican", "Socialist", "Communist", "Green", "Unionist", "Nationalist"};
    return tg_en_word_in(text, t, parties, sizeof parties / sizeof *parties);
}

/* Whether token t is a day's or a month's name ("PeopleSoft Friday"). */
int tg_en_calendar_word(const char *text, const tagger_token *t)
{
    static const char *const words[] = {
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"};
    return tg_en_word_in(text, t, words, sizeof words / sizeof *words);
}

/* Whether no span of v[0..n) crosses an edge of tokens a..b (starts before a and ends in
 * them, or starts in them and ends after b); *inside is the index of the first span within
 * them, or n. */
size_t tg_en_span_before(const tg_ner_span *v, size_t n, size_t a)
{
    size_t lo = 0, hi = n;
    if (n == 0 || v[0].tok_first > a)
        return n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].tok_first <= a)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

int tg_en_spans_within(const tg_ner_span *v, size_t n, size_t a, size_t b, size_t *inside)
{
    size_t first = tg_en_span_before(v, n, a); /* the spans before it end before a */
    *inside = n;
    for (size_t i = first < n ? first : 0; i < n && v[i].tok_first <= b; i++) {
        if (v[i].tok_last < a)
            continue;
        if (v[i].tok_first < a || v[i].tok_last > b)
            return 0;
        if (*inside == n)
            *inside = i;
    }
    return 1;
}

/* The spans of *vp lying within tokens a..b become one span of `label` there (the caller
 * checked that none crosses a or b); *vp stays sorted by first token: the spans that start
 * in a..b lie together (a binary search finds them), and the new span goes where a stable
 * sort would put it, after the spans that start at a or before.  Time: a search and the
 * spans after it moved, not a sort of the document's spans. */
int tg_en_put_span(const tagger_token *tokens, tg_ner_span **vp, size_t *np, size_t *cap,
                    size_t a, size_t b, const char *label)
{
    tg_ner_span *v = tg_grow(*vp, cap, *np + 1, sizeof *v, 32);
    if (!v)
        return 0;
    *vp = v;
    size_t n = *np, lo = 0, hi = n, k, at;
    while (lo < hi) { /* the first span that starts at a or after */
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].tok_first < a)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (hi = lo; hi < n && v[hi].tok_first <= b; hi++)
        ;
    for (k = at = lo; k < hi; k++) /* keep those that end after b */
        if (v[k].tok_last > b)
            v[at++] = v[k];
    size_t kept = at;
    memmove(v + kept, v + hi, (n - hi) * sizeof *v);
    n -= hi - kept;
    for (at = lo; at < kept && v[at].tok_first <= a; at++)
        ;
    memmove(v + at + 1, v + at, (n - at) * sizeof *v);
    v[at] = (tg_ner_span){.tok_first = a, .tok_last = b, .norm_start = tokens[a].norm_start,
                          .norm_end = tokens[b].norm_end, .label = label};
    *np = n + 1;
    return 1;
}

int tg_en_append_span(const tagger_token *tokens, tg_ner_span **vp, size_t *np, size_t *cap,
                      size_t a, size_t b, const char *label)
{
    tg_ner_span *v = tg_grow(*vp, cap, *np + 1, sizeof *v, 32);
    if (!v)
        return 0;
    *vp = v;
    v[(*np)++] = (tg_ner_span){.tok_first = a, .tok_last = b, .norm_start = tokens[a].norm_start,
                               .norm_end = tokens[b].norm_end, .label = label};
    return 1;
}

/* Whether tokens a..a+len-1 and b..b+len-1 have the same texts. */
int tg_en_same_words(const char *text, const tagger_token *tokens, size_t a, size_t b, size_t len)
{
    for (size_t j = 0; j < len; j++) {
        const tagger_token *x = &tokens[a + j], *y = &tokens[b + j];
        if (x->end - x->start != y->end - y->start ||
            memcmp(text + x->start, text + y->start, x->end - x->start) != 0)
            return 0;
    }
    return 1;
}

const char *tg_en_listed_label(const tg_ner_input *in, size_t a, size_t b)
{
    size_t i, end = tg_ner_gaz_at(in, a, &i);
    for (; i < end; i++) {
        const tg_gaz_match *g = in->gaz_by_first[i];
        tg_gaz_entry e;
        if (g->tok_last != b || (g->flags & TG_ALIAS_AMBIGUOUS) ||
            !tg_gazetteer_entry(g->gaz, g->record, &e))
            continue;
        if (tg_label_eq(e.label, TG_LABEL_PERSON) || tg_label_eq(e.label, TG_LABEL_ORG))
            return tg_label_name(tg_label_eq(e.label, TG_LABEL_ORG) ? TG_LABEL_ORG
                                                                    : TG_LABEL_PERSON);
        if (tg_label_is(e.label, TG_LABEL_IS_PLACE))
            return tg_label_name(TG_LABEL_GPE);
    }
    return NULL;
}

int tg_en_listed_exactly(const tg_ner_input *in, size_t a, size_t b)
{
    size_t i, end = tg_ner_gaz_at(in, a, &i);
    for (; i < end; i++)
        if (in->gaz_by_first[i]->tok_last == b)
            return 1;
    return 0;
}

int tg_en_list_joint(const char *text, const tagger_token *t)
{
    return tg_en_token_is(text, t, ",") || tg_en_token_is(text, t, "and");
}

int tg_en_listed_org(const tg_ner_input *in, size_t a, size_t b, int induced)
{
    size_t i, end = tg_ner_gaz_at(in, a, &i);
    for (; i < end; i++) {
        const tg_gaz_match *g = in->gaz_by_first[i];
        tg_gaz_entry e;
        if (g->tok_last == b && !(g->flags & TG_ALIAS_AMBIGUOUS) &&
            tg_gazetteer_entry(g->gaz, g->record, &e) && tg_label_eq(e.label, TG_LABEL_ORG) &&
            (induced || !tg_gaz_attr_is(e.ids, "induced", "conll")))
            return 1;
    }
    return 0;
}

/* (in ner_english_words.c, which the English rules call anyway: from ner.c it made a call
 * circle of ner.c and the English modules, tools/layers.py) */
size_t tg_ner_gaz_at(const tg_ner_input *in, size_t a, size_t *lo)
{
    const tg_gaz_match *const *by = in->gaz_by_first;
    size_t h = *lo = by ? tg_gaz_lower_bound(by, in->ngaz, a, 0) : 0;
    while (by && h < in->ngaz && by[h]->tok_first == a)
        h++;
    return h;
}
