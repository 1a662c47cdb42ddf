/*
 * ner_english — English fixes of the model's spans, one document at a time,
 * after decoding (ner.c) and before the merge (CoNLL-2003's conventions;
 * docs/english.md, "Error classes of en-dev"):
 *
 *   - wire markup: a Reuters instrument code "(LUV.N)" is no entity, a span
 *     ends before an escaped "& lt" / "& gt";
 *   - a PERSON span takes a hyphen and the capitalized word after it
 *     ("Mr Betts-Green", cut in three by the tokenizer);
 *   - an abbreviation in parentheses after the common words it spells
 *     ("digital video recorders (DVR)") is no name;
 *   - a title ("Dame", "King", "President" …) is left out of a PERSON span;
 *   - a storm's name ("Hurricane Jeanne") is an EVENT, also alone in the document;
 *   - a name after a company's role ("chief executive of", "economist at") is an
 *     organization, and so is a name ending in a company's word ("Marwick
 *     Software") or in a company's context ("shares of Garvin", "Halcyon's chief
 *     executive");
 *   - a one-word span whose word is the surname of a PERSON span of the same
 *     document is that person.
 * And in the merge (tg_ner_english_label), a span's label against its list
 * entry: a listed place the model called ORG is the place in a dateline
 * ("HOUSTON - The ...") and after "in", "city of", "town of"; an unlisted
 * one-word place right before "said", "says", "told" is a person, and so is an unlisted
 * ORG or place of two or three words that starts with a first name ("Kate Moss"); a
 * place that is no country, named in a game's result, is the team ("Boston beat ...").
 *
 * The evidence is the letter case of the original text (the tokens' text).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "english_first_names.h"
#include "grow.h"
#include "labels.h"
#include "ner_internal.h"
#include "truecase.h"

typedef struct {
    const char *text;
    const tagger_token *tok;
} surname_key;

/* The label "ORG" of a span that the rules below made an organization by its words or its
 * context (not the model alone): org_consistency trusts it over a place elsewhere.  Told
 * apart by its address; compared as text everywhere else. */
static const char evident_org[] = "ORG";

static int cmp_token_text(const void *a, const void *b)
{
    const surname_key *x = a, *y = b;
    size_t nx = x->tok->end - x->tok->start, ny = y->tok->end - y->tok->start;
    int c = memcmp(x->text + x->tok->start, y->text + y->tok->start, nx < ny ? nx : ny);
    return c ? c : (nx > ny) - (nx < ny);
}

/* Whether token t is a word with a capital and then a lower-case letter ("Ovitz"). */
static int name_shaped(const char *text, const tagger_token *t)
{
    const char *w = text + t->start;
    return t->kind == TAGGER_TOKEN_WORD && t->end - t->start >= 2 && w[0] >= 'A' && w[0] <= 'Z' &&
           w[1] >= 'a' && w[1] <= 'z';
}

static int cmp_span_first(const void *a, const void *b)
{
    const tg_ner_span *x = a, *y = b;
    return (x->tok_first > y->tok_first) - (x->tok_first < y->tok_first);
}

/* English, one document: a one-word span of another label whose word is the
 * last word of a PERSON span of two words or more is that person ("Kostunica
 * said" after "Vojislav Kostunica", before it too: a headline's "Ovitz tells
 * court" and "Michael Ovitz"); so is such a word the model left out ("Icahn
 * blasts CEO" before "Carl Icahn"), when no capitalized word is next to it (in
 * `tc`, the text with a Title Case headline's usual words in lower case) and it
 * is not the first word of a PERSON span ("Jordan" of "Jordan Smith").  The
 * word is name-shaped ("Ovitz"; not "US").  *v grows (*cap) and stays sorted.
 * Returns 0 when out of memory. */
static int surname_consistency(const char *text, const char *tc, const tagger_token *tokens,
                               size_t ntokens, tg_ner_span **vp, size_t *np, size_t *cap)
{
    tg_ner_span *v = *vp;
    size_t k = 0, n = *np;
    const char *person = NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].label, "PERSON") == 0 && v[i].tok_last > v[i].tok_first)
            k++, person = v[i].label;
    if (!k)
        return 1;
    surname_key *keys = malloc(2 * k * sizeof *keys);
    unsigned char *covered = calloc(ntokens + 1, 1);
    if (!keys || !covered) {
        free(keys), free(covered);
        return 0;
    }
    surname_key *firsts = keys + k;
    k = 0;
    for (size_t i = 0; i < n; i++) {
        memset(covered + v[i].tok_first, 1, v[i].tok_last - v[i].tok_first + 1);
        if (v[i].label == person && v[i].tok_last > v[i].tok_first) {
            firsts[k] = (surname_key){text, &tokens[v[i].tok_first]};
            keys[k++] = (surname_key){text, &tokens[v[i].tok_last]};
        }
    }
    qsort(keys, k, sizeof *keys, cmp_token_text);
    qsort(firsts, k, sizeof *firsts, cmp_token_text);
    for (size_t i = 0; i < n; i++) {
        surname_key key = {text, &tokens[v[i].tok_first]};
        if (v[i].tok_first == v[i].tok_last && v[i].label != person &&
            name_shaped(text, key.tok) && bsearch(&key, keys, k, sizeof *keys, cmp_token_text))
            v[i].label = person;
    }
    size_t n0 = n;
    for (size_t t = 0; t < ntokens; t++) {
        surname_key key = {text, &tokens[t]};
        if (covered[t] || !name_shaped(text, key.tok) ||
            (t > 0 && tokens[t - 1].sentence == tokens[t].sentence &&
             (covered[t - 1] || name_shaped(tc, &tokens[t - 1]))) ||
            (t + 1 < ntokens && tokens[t + 1].sentence == tokens[t].sentence &&
             (covered[t + 1] || name_shaped(tc, &tokens[t + 1]))) ||
            !bsearch(&key, keys, k, sizeof *keys, cmp_token_text) ||
            bsearch(&key, firsts, k, sizeof *firsts, cmp_token_text))
            continue;
        if (!(v = tg_grow(v, cap, n + 1, sizeof *v, 32))) {
            free(keys), free(covered);
            return 0;
        }
        *vp = v;
        v[n++] = (tg_ner_span){.tok_first = t, .tok_last = t, .norm_start = tokens[t].norm_start,
                               .norm_end = tokens[t].norm_end, .label = person};
    }
    if (n > n0)
        qsort(v, n, sizeof *v, cmp_span_first);
    *np = n;
    free(keys), free(covered);
    return 1;
}

/* Whether token t of the input text is exactly w, letter case included (tg_token_is
 * compares the normalized, lower-cased text). */
static int text_token_is(const char *text, const tagger_token *t, const char *w)
{
    size_t n = strlen(w);
    return t->end - t->start == n && memcmp(text + t->start, w, n) == 0;
}

/* Whether token t is w, or w with a capital for its first lower-case letter ("analysts",
 * "Analysts"). */
static int text_token_is_word(const char *text, const tagger_token *t, const char *w)
{
    size_t n = strlen(w);
    return t->end - t->start == n &&
           (text[t->start] == w[0] || (w[0] >= 'a' && w[0] <= 'z' && text[t->start] == w[0] - 'a' + 'A')) &&
           memcmp(text + t->start + 1, w + 1, n - 1) == 0;
}

/* Whether text[p..e) is a Reuters instrument code, "LUV.N", "BP.L" (2 to 5 capitals, a
 * dot, 1 or 2 capitals; an escaped "&lt" may follow: "MON.N&lt"), not "U.S". */
static int ric(const char *p, const char *e)
{
    size_t a = 0, b = 0;
    while (p < e && *p >= 'A' && *p <= 'Z')
        p++, a++;
    if (a < 2 || a > 5 || p == e || *p++ != '.')
        return 0;
    while (p < e && *p >= 'A' && *p <= 'Z')
        p++, b++;
    return b >= 1 && b <= 2 && (p == e || *p == '&');
}

/* English, wire copy's markup: a span that is an instrument code ("Southwest Airlines
 * Inc. (LUV.N)") is no entity; a span ending in an escaped "& lt" / "& gt" (AG News'
 * "Monsanto Co. &lt;A HREF=...") ends before it.  Compacts v; returns the new count. */
static size_t wire_markup(const char *text, const tagger_token *tokens, tg_ner_span *v, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        tg_ner_span s = v[i];
        const char *p = text + tokens[s.tok_first].start, *e = text + tokens[s.tok_last].end;
        if (!memchr(p, ' ', (size_t)(e - p)) && ric(p, e))
            continue;
        if (s.tok_last >= s.tok_first + 2 && text_token_is(text, &tokens[s.tok_last - 1], "&") &&
            (text_token_is(text, &tokens[s.tok_last], "lt") ||
             text_token_is(text, &tokens[s.tok_last], "gt"))) {
            s.tok_last -= 2;
            while (s.tok_last > s.tok_first && tg_ner_edge_kind(tokens[s.tok_last].kind))
                s.tok_last--;
            s.norm_end = tokens[s.tok_last].norm_end;
        }
        v[k++] = s;
    }
    return k;
}

/* English: a PERSON span written against "-" and a capitalized word ("Mr Betts-Green",
 * which the tokenizer cuts in three) takes them, and a span that starts there.  Compacts
 * v; returns the new count. */
static size_t hyphenated_names(const char *text, const tagger_token *tokens, size_t ntokens,
                               tg_ner_span *v, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        tg_ner_span s = v[i];
        size_t l = s.tok_last;
        if (strcmp(s.label, "PERSON") == 0 && l + 2 < ntokens &&
            text_token_is(text, &tokens[l + 1], "-") && tokens[l + 1].start == tokens[l].end &&
            tokens[l + 2].start == tokens[l + 1].end && tokens[l + 2].kind == TAGGER_TOKEN_WORD &&
            text[tokens[l + 2].start] >= 'A' && text[tokens[l + 2].start] <= 'Z' &&
            tokens[l + 2].sentence == tokens[l].sentence) {
            s.tok_last = l + 2;
            s.norm_end = tokens[l + 2].norm_end;
            while (i + 1 < n && v[i + 1].tok_first <= s.tok_last) {
                i++;
                if (v[i].tok_last > s.tok_last) {
                    s.tok_last = v[i].tok_last;
                    s.norm_end = v[i].norm_end;
                }
            }
        }
        v[k++] = s;
    }
    return k;
}

/* Whether the words before token `end` (exclusive, back to `stop`) spell the
 * capitals acr[0..n) by their initials, a word in capitals giving all its letters and
 * a hyphenated word one initial a part ("high-definition TV" spells HDTV), with at
 * least one word in lower case: a common noun's abbreviation. */
static int spells_common(const char *text, const tagger_token *tokens, size_t stop, size_t end,
                         const char *acr, size_t n)
{
    size_t t = end, lower = 0;
    while (n > 0 && t > stop) {
        const tagger_token *w = &tokens[--t];
        const char *p = text + w->start, *e = text + w->end;
        if (w->kind == TAGGER_TOKEN_PUNCT && e - p == 1 && *p == '-')
            continue;
        if (w->kind != TAGGER_TOKEN_WORD)
            return 0;
        int caps = 1;
        for (const char *q = p; q < e; q++)
            caps &= *q >= 'A' && *q <= 'Z';
        size_t len = caps ? (size_t)(e - p) : 1;
        if (len > n)
            return 0;
        for (size_t j = 0; j < len; j++)
            if ((p[j] & ~0x20) != acr[n - len + j]) /* ASCII letters: either case */
                return 0;
        lower += *p >= 'a' && *p <= 'z';
        n -= len;
    }
    return n == 0 && lower > 0;
}

/* English: an abbreviation in parentheses right after the common words it abbreviates,
 * "digital video recorders (DVR)", "high-definition TV (HDTV)", is no name.  Compacts v;
 * returns the new count. */
static size_t common_abbreviations(const char *text, const tagger_token *tokens,
                                   size_t ntokens, tg_ner_span *v, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t f = v[i].tok_first;
        const tagger_token *t = &tokens[f];
        size_t len = t->end - t->start;
        int caps = len >= 2 && len <= 6;
        for (size_t j = 0; caps && j < len; j++)
            caps = text[t->start + j] >= 'A' && text[t->start + j] <= 'Z';
        if (caps && f == v[i].tok_last && f >= 2 && f + 1 < ntokens &&
            text_token_is(text, &tokens[f - 1], "(") && text_token_is(text, &tokens[f + 1], ")") &&
            spells_common(text, tokens, f >= 12 ? f - 12 : 0, f - 1, text + t->start, len))
            continue;
        v[k++] = v[i];
    }
    return k;
}

/* English: a title the model took into a PERSON span ("Dame Judi Dench", "CEO Coury",
 * "King Abdullah") is left out of it, as CoNLL-2003 leaves titles out (train: "King"
 * outside the name 12 times of 18, "Queen" 11 of 11, "President" 110 of 110; "Sir" and
 * "Prince" are inside as often and stay). */
static void person_titles(const char *text, const tagger_token *tokens, tg_ner_span *v, size_t n)
{
    static const char *const titles[] = {
        "Dame", "Lord", "Lady", "King", "Queen", "Uncle", "Aunt", "CEO", "Sheikh",
        "Mr", "Mrs", "Ms", "Dr", "President", "General", "Gen", "Gov", "Governor",
        "Senator", "Sen", "Judge", "Coach", "Chairman", "Minister", "Premier"};
    for (size_t i = 0; i < n; i++) {
        size_t f = v[i].tok_first;
        if (strcmp(v[i].label, "PERSON") != 0 || f >= v[i].tok_last ||
            tokens[f + 1].kind != TAGGER_TOKEN_WORD || text[tokens[f + 1].start] < 'A' ||
            text[tokens[f + 1].start] > 'Z')
            continue;
        for (size_t j = 0; j < sizeof titles / sizeof *titles; j++)
            if (text_token_is(text, &tokens[f], titles[j])) {
                v[i].tok_first = f + 1;
                v[i].norm_start = tokens[f + 1].norm_start;
                break;
            }
    }
}

/* English: a PERSON or place span right after "<role> of" or "<role> at", the role a
 * company's ("chief executive of Metrojaya", "an economist at UBS Brunswick"), is an
 * organization.  Not before "'s" ("chairman of Britain's ..."); roles that a country or
 * a city has too ("head", "president", "governor", "director") are not among them (CoNLL
 * train: LOC after them as often as ORG). */
static void company_roles(const char *text, const tagger_token *tokens, size_t ntokens,
                          tg_ner_span *v, size_t n)
{
    static const char *const roles[] = {
        "executive", "CEO", "chairman", "chairwoman", "economist", "economists", "analyst",
        "analysts", "strategist", "strategists", "spokesman", "spokeswoman", "founder",
        "co-founder", "shareholders", "subsidiary"};
    for (size_t i = 0; i < n; i++) {
        size_t f = v[i].tok_first, l = v[i].tok_last;
        if (f < 2 || strcmp(v[i].label, "ORG") == 0 ||
            !(strcmp(v[i].label, "PERSON") == 0 || tg_label_is(v[i].label, TG_LABEL_IS_PLACE)) ||
            !(text_token_is(text, &tokens[f - 1], "of") || text_token_is(text, &tokens[f - 1], "at")) ||
            (l + 1 < ntokens && (text_token_is(text, &tokens[l + 1], "'s") ||
                                 text_token_is(text, &tokens[l + 1], "'"))))
            continue;
        for (size_t j = 0; j < sizeof roles / sizeof *roles; j++)
            if (text_token_is_word(text, &tokens[f - 2], roles[j])) {
                v[i].label = evident_org;
                break;
            }
    }
}

/* Whether token t is one of words[0..n), letter case included. */
static int word_in(const char *text, const tagger_token *t, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (text_token_is(text, t, words[i]))
            return 1;
    return 0;
}

/* Whether token t is a word that ends organizations' names (company_words): 2 for a
 * firm's ("Inc", "Networks"), 1 for another organization's ("Group", "Party"), else 0. */
static int company_word(const char *text, const tagger_token *t)
{
    static const char *const firms[] = {
        "Inc", "Corp", "Corporation", "Co", "Ltd", "Plc", "PLC", "LLC", "AG", "Holdings",
        "Software", "Systems", "Networks", "Technologies", "Pharmaceuticals", "Motors",
        "Airlines", "Airways", "Communications", "Electronics", "Bancorp", "Laboratories",
        "Labs", "Telecom", "SpA", "GmbH", "NV", "Cos"};
    static const char *const others[] = {
        "Group", "Technology", "Industries", "Entertainment", "Studios", "Securities",
        "Insurance", "Investments", "Partners", "Petroleum", "Mining", "Party", "Ministry",
        "Commission", "Council", "Association", "Agency", "Committee", "Foundation",
        "Institute", "University", "Fund", "Authority", "Board", "Bureau", "Department",
        "Organisation", "Organization", "Society", "Service", "Alliance", "Movement", "Corps"};
    if (word_in(text, t, firms, sizeof firms / sizeof *firms))
        return 2;
    return word_in(text, t, others, sizeof others / sizeof *others);
}

int tg_ner_english_firm_word(const char *text, const tagger_token *t)
{
    return company_word(text, t) == 2;
}

int tg_ner_english_the(const char *text, const tagger_token *t)
{
    return text_token_is(text, t, "The");
}

/* English: a PERSON or place span of two words or more whose last word is a company's or
 * an institution's ("Marwick Software", "Brandon Technologies") is an organization.  The
 * words end organizations' names and no person's or place's: CoNLL-2003 train has most
 * as the last word of an ORG only (Inc 60, Corp 46, Party 45, Ministry 26 ...), the rest
 * (Software, Networks, Technologies, Pharmaceuticals ...) too rarely for the model to know
 * them; "Union" (Soviet Union), "Bank" (West Bank), "Church", "Hospital" end places as
 * often and are not among them. */
static void company_words(const char *text, const tagger_token *tokens, tg_ner_span *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (v[i].tok_last == v[i].tok_first ||
            !(strcmp(v[i].label, "PERSON") == 0 || tg_label_is(v[i].label, TG_LABEL_IS_PLACE)))
            continue;
        if (company_word(text, &tokens[v[i].tok_last]))
            v[i].label = evident_org;
    }
}

static int all_capitals(const char *text, const tagger_token *w);

/* Whether token t is a word of a name: a capital first, and a lower-case letter after it or
 * capitals only ("Halcyon", "EMC"; not "I"). */
static int name_word(const char *text, const tagger_token *t)
{
    return name_shaped(text, t) || all_capitals(text, t);
}

/* Whether a company's word follows "'s" at token t: 2 for a company's officer or owners
 * ("chief executive", "chief financial", "chief operating", "CEO", "chairman",
 * "shareholders"), 1 for its "shares" or "stock" (which a country has too: "Italy's stock
 * market"), else 0. */
static int company_owner_of(const char *text, const tagger_token *tokens, size_t ntokens, size_t t)
{
    static const char *const officers[] = {"CEO", "chairman", "shareholders"};
    if (t >= ntokens)
        return 0;
    for (size_t j = 0; j < sizeof officers / sizeof *officers; j++)
        if (text_token_is(text, &tokens[t], officers[j]))
            return 2;
    if (t + 1 < ntokens && text_token_is(text, &tokens[t], "chief") &&
        (text_token_is(text, &tokens[t + 1], "executive") ||
         text_token_is(text, &tokens[t + 1], "financial") ||
         text_token_is(text, &tokens[t + 1], "operating")))
        return 2;
    return text_token_is(text, &tokens[t], "shares") || text_token_is(text, &tokens[t], "stock");
}

/* English, one document: a name in a company's context is an organization -- after
 * "shares of" ("Shares of Garvin rose"), before "shares" ("Wexford shares fell"), before
 * "'s chief executive", "'s CEO", "'s chairman", "'s shares", "'s shareholders", "'s
 * stock" ("Halcyon's chief executive").  The name is the run of capitalized words there,
 * also in the truecased text `tc` (not a Title Case headline's "Shares of Video Game
 * Makers Rise"), a single word not one English writes in lower case.  The model's PERSON
 * span on exactly that run becomes ORG, and so does its place span after "shares of" and
 * before "'s" and an officer (not before "shares", "'s shares", "'s stock": "Tokyo
 * shares", "Italy's stock market"); where the model found nothing on the run, an ORG span
 * is added, but for one word before "shares" ("European shares").  *v grows (*cap) and
 * stays sorted.  Returns 0 when out of memory. */
static int company_context(const char *text, const char *tc, const tagger_token *tokens,
                           size_t ntokens, tg_ner_span **vp, size_t *np, size_t *cap)
{
    tg_ner_span *v = *vp;
    size_t n = *np, n0 = *np, i = 0;
    for (size_t t = 0; t < ntokens; t++) {
        size_t a = t, b = t;
        int place_ok, add_ok, owner = 0;
        if (!name_word(text, &tokens[t]) || !name_word(tc, &tokens[t]))
            continue;
        if (t >= 2 && text_token_is(text, &tokens[t - 1], "of") &&
            (text_token_is(text, &tokens[t - 2], "shares") || text_token_is(text, &tokens[t - 2], "Shares"))) {
            while (b + 1 < ntokens && tokens[b + 1].sentence == tokens[a].sentence &&
                   name_word(text, &tokens[b + 1]) && name_word(tc, &tokens[b + 1]))
                b++;
            if (b + 1 < ntokens && (text_token_is(text, &tokens[b + 1], "'s") ||
                                    text_token_is(text, &tokens[b + 1], "'")))
                continue;
            add_ok = 1;
            place_ok = 1;
        } else if ((t + 1 < ntokens && text_token_is(text, &tokens[t + 1], "shares")) ||
                   (t + 2 < ntokens && text_token_is(text, &tokens[t + 1], "'s") &&
                    (owner = company_owner_of(text, tokens, ntokens, t + 2)))) {
            while (a > 0 && tokens[a - 1].sentence == tokens[b].sentence && name_word(text, &tokens[a - 1]) &&
                   name_word(tc, &tokens[a - 1]))
                a--;
            place_ok = owner == 2;
            add_ok = owner || a < b;
        } else
            continue;
        if (a == b && tg_truecase_lower_word(text + tokens[a].start, tokens[a].end - tokens[a].start))
            continue;
        while (i > 0 && v[i - 1].tok_last >= a)
            i--;
        while (i < n0 && v[i].tok_last < a)
            i++;
        if (i < n0 && v[i].tok_first <= b) {
            if (v[i].tok_first == a && v[i].tok_last == b &&
                (strcmp(v[i].label, "PERSON") == 0 ||
                 (place_ok && tg_label_is(v[i].label, TG_LABEL_IS_PLACE))))
                v[i].label = evident_org;
            t = b;
            continue;
        }
        if (!add_ok)
            continue;
        if (!(v = tg_grow(v, cap, n + 1, sizeof *v, 32)))
            return 0;
        *vp = v;
        v[n++] = (tg_ner_span){.tok_first = a, .tok_last = b, .norm_start = tokens[a].norm_start,
                               .norm_end = tokens[b].norm_end, .label = evident_org};
        t = b;
    }
    if (n > n0)
        qsort(v, n, sizeof *v, cmp_span_first);
    *np = n;
    return 1;
}

/* English, one document: capitalized words the model left out before a firm's word
 * (company_word 2: "Nortel Networks warned", "Symbol Technologies Tuesday") are an ORG
 * with it, and a span right before such a word takes it and is an ORG ("Walt Disney" and
 * "Co"), unless a capitalized word follows (the name goes on: "Consumer Electronics
 * Show").  The words are capitalized in the truecased text `tc` too (not a Title Case
 * headline's "Stability Control Systems"); a sentence's first word that English writes
 * in lower case is left out ("Software giant").  *v grows (*cap) and stays sorted.
 * Returns 0 when out of memory. */
static int company_names(const char *text, const char *tc, const tagger_token *tokens,
                         size_t ntokens, tg_ner_span **vp, size_t *np, size_t *cap)
{
    tg_ner_span *v = *vp;
    size_t n = *np, n0 = *np, i = 0, low = 0; /* low: no new span reaches below it */
    for (size_t d = 1; d < ntokens; d++) {
        if (company_word(text, &tokens[d]) != 2 || tokens[d - 1].sentence != tokens[d].sentence ||
            (d + 1 < ntokens && tokens[d + 1].sentence == tokens[d].sentence &&
             name_word(text, &tokens[d + 1]) && name_word(tc, &tokens[d + 1])))
            continue;
        while (i < n0 && v[i].tok_last < d - 1)
            i++;
        if (i < n0 && v[i].tok_first <= d) {
            if (v[i].tok_last == d - 1 && (i + 1 >= n0 || v[i + 1].tok_first > d) &&
                tokens[d].start == tokens[d - 1].end + 1) {
                v[i].tok_last = d;
                v[i].norm_end = tokens[d].norm_end;
                v[i].label = evident_org;
            }
            continue;
        }
        size_t a = d;
        while (a > low && tokens[a - 1].sentence == tokens[d].sentence && name_word(text, &tokens[a - 1]) &&
               name_word(tc, &tokens[a - 1]) && (i == 0 || v[i - 1].tok_last < a - 1))
            a--;
        low = d + 1;
        if (a < d && (a == 0 || tokens[a - 1].sentence != tokens[a].sentence) &&
            tg_truecase_lower_word(text + tokens[a].start, tokens[a].end - tokens[a].start))
            a++;
        if (a == d)
            continue;
        if (!(v = tg_grow(v, cap, n + 1, sizeof *v, 32)))
            return 0;
        *vp = v;
        v[n++] = (tg_ner_span){.tok_first = a, .tok_last = d, .norm_start = tokens[a].norm_start,
                               .norm_end = tokens[d].norm_end, .label = evident_org};
    }
    if (n > n0)
        qsort(v, n, sizeof *v, cmp_span_first);
    *np = n;
    return 1;
}

/* Whether token t is a storm's word: "Hurricane", "hurricanes", "Typhoon", "Cyclone" or the
 * "Storm" of "Tropical Storm" (not the verb: "to storm Grozny"). */
static int storm_word(const char *text, const tagger_token *tokens, size_t t)
{
    static const char *const words[] = {"Hurricane", "hurricane", "Hurricanes", "hurricanes",
                                        "Typhoon", "typhoon", "Cyclone", "cyclone"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (text_token_is(text, &tokens[t], words[i]))
            return 1;
    return t > 0 && (text_token_is(text, &tokens[t], "Storm") || text_token_is(text, &tokens[t], "storm")) &&
           (text_token_is(text, &tokens[t - 1], "Tropical") || text_token_is(text, &tokens[t - 1], "tropical"));
}

/* English, one document: the name of a storm ("Hurricane Jeanne", "hurricanes Charley and
 * Frances", "Tropical Storm Jeanne") is an EVENT, not a person, there and wherever a
 * one-word PERSON span of the document has that word ("Jeanne was downgraded", "Charley
 * Losses"); a capitalized storm's word before it is in the name, as CoNLL-2003 writes
 * "Hurricane Fran" (MISC).  Returns 0 when out of memory. */
static int storm_names(const char *text, const tagger_token *tokens, size_t ntokens,
                       tg_ner_span *v, size_t n)
{
    size_t k = 0;
    for (size_t t = 1; t < ntokens; t++)
        k += storm_word(text, tokens, t - 1) && name_shaped(text, &tokens[t]);
    if (!k)
        return 1;
    surname_key *names = malloc(2 * k * sizeof *names);
    if (!names)
        return 0;
    k = 0;
    for (size_t t = 1; t < ntokens; t++)
        if (storm_word(text, tokens, t - 1) && name_shaped(text, &tokens[t])) {
            names[k++] = (surname_key){text, &tokens[t]};
            if (t + 2 < ntokens && text_token_is(text, &tokens[t + 1], "and") &&
                name_shaped(text, &tokens[t + 2]))
                names[k++] = (surname_key){text, &tokens[t + 2]};
        }
    qsort(names, k, sizeof *names, cmp_token_text);
    for (size_t i = 0; i < n; i++) {
        size_t f = v[i].tok_first, l = v[i].tok_last;
        if (f + 1 == l && storm_word(text, tokens, f) && text[tokens[f].start] >= 'A' &&
            text[tokens[f].start] <= 'Z')
            f = l; /* the model's "Hurricane Jeanne" */
        surname_key key = {text, &tokens[l]};
        if (f != l || (strcmp(v[i].label, "PERSON") != 0 && !tg_label_is(v[i].label, TG_LABEL_IS_PLACE)) ||
            !bsearch(&key, names, k, sizeof *names, cmp_token_text))
            continue;
        v[i].label = "EVENT";
        /* a capitalized storm's word before the name is in it ("Tropical Storm Jeanne") */
        size_t g = f;
        while (g > 0 && storm_word(text, tokens, g - 1) && text[tokens[g - 1].start] >= 'A' &&
               text[tokens[g - 1].start] <= 'Z' && (i == 0 || v[i - 1].tok_last < g - 1))
            g--;
        if (g < f && g > 0 && text_token_is(text, &tokens[g], "Storm") &&
            text_token_is(text, &tokens[g - 1], "Tropical") && (i == 0 || v[i - 1].tok_last < g - 1))
            g--;
        if (g < v[i].tok_first) {
            v[i].tok_first = g;
            v[i].norm_start = tokens[g].norm_start;
        }
    }
    free(names);
    return 1;
}

static int first_name(const char *text, const tagger_token *t);

/* Whether token t is a building's, a street's, a prize's or a work's word that ends names
 * but no person's ("Glen Abbey", "Clarence House", "Ansari X Prize"). */
static int not_surname(const char *text, const tagger_token *t)
{
    static const char *const heads[] = {
        "Abbey", "House", "Hall", "Palace", "Castle", "Court", "Park", "Parade", "Street",
        "Road", "Avenue", "Lane", "Square", "Bridge", "Stadium", "Arena", "Field", "Center",
        "Centre", "Coliseum", "Trust", "Award", "Awards", "Prize", "Cup", "Trophy", "Project",
        "Story", "Show"};
    return word_in(text, t, heads, sizeof heads / sizeof *heads);
}

/* Whether token t is a day's or a month's name ("PeopleSoft Friday"). */
static int calendar_word(const char *text, const tagger_token *t)
{
    static const char *const words[] = {
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December"};
    return word_in(text, t, words, sizeof words / sizeof *words);
}

/* Whether no span of v[0..n) crosses an edge of tokens a..b (starts before a and ends in
 * them, or starts in them and ends after b); *inside is the index of the first span within
 * them, or n. */
static int spans_within(const tg_ner_span *v, size_t n, size_t a, size_t b, size_t *inside)
{
    *inside = n;
    for (size_t i = 0; i < n && v[i].tok_first <= b; i++) {
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
 * checked that none crosses a or b); *vp stays sorted.  Returns 0 when out of memory. */
static int put_span(const tagger_token *tokens, tg_ner_span **vp, size_t *np, size_t *cap,
                    size_t a, size_t b, const char *label)
{
    tg_ner_span *v = *vp;
    size_t k = 0;
    for (size_t i = 0; i < *np; i++)
        if (v[i].tok_first < a || v[i].tok_last > b)
            v[k++] = v[i];
    *np = k;
    if (!(v = tg_grow(v, cap, k + 1, sizeof *v, 32)))
        return 0;
    *vp = v;
    v[k++] = (tg_ner_span){.tok_first = a, .tok_last = b, .norm_start = tokens[a].norm_start,
                           .norm_end = tokens[b].norm_end, .label = label};
    qsort(v, k, sizeof *v, cmp_span_first);
    *np = k;
    return 1;
}

/* Whether tokens a..a+len-1 and b..b+len-1 have the same texts. */
static int same_words(const char *text, const tagger_token *tokens, size_t a, size_t b, size_t len)
{
    for (size_t j = 0; j < len; j++) {
        surname_key x = {text, &tokens[a + j]}, y = {text, &tokens[b + j]};
        if (cmp_token_text(&x, &y) != 0)
            return 0;
    }
    return 1;
}

/* English, one document: a name right after a common noun that says what kind of
 * organization it is ("software maker Oracle", "Russian oil giant Yukos", "research firm
 * Gartner", "Spanish side Valencia", "the band U2") is an organization: the run of
 * capitalized words there (also in the truecased text `tc`; "&" between two of them; not
 * a day's or a month's name, not starting with a first name: "insurer Thierry Dehaan")
 * becomes an ORG where the model's PERSON or place span is exactly on it, or where the
 * model found nothing on it.  CoNLL-2003 train has an ORG after each of these nouns 146
 * times of 148.  "maker" after "film", "policy", "peace" is not a firm's.  *v grows
 * (*cap) and stays sorted.  Returns 0 when out of memory. */
static int company_descriptors(const char *text, const char *tc, const tagger_token *tokens,
                               size_t ntokens, tg_ner_span **vp, size_t *np, size_t *cap)
{
    static const char *const nouns[] = {
        "company", "firm", "maker", "makers", "chipmaker", "automaker", "carmaker", "drugmaker",
        "steelmaker", "retailer", "insurer", "carrier", "airline", "lender", "conglomerate",
        "brokerage", "manufacturer", "provider", "developer", "publisher", "operator",
        "supplier", "giant", "group", "side", "club", "agency", "bank", "unit", "subsidiary",
        "concern", "utility", "band", "label", "studio"};
    static const char *const not_firms[] = {"film", "movie", "policy", "peace", "decision",
                                            "king", "trouble", "money"};
    for (size_t t = 0; t + 1 < ntokens; t++) {
        size_t a = t + 1, b = a, i;
        if (!word_in(text, &tokens[t], nouns, sizeof nouns / sizeof *nouns) ||
            tokens[a].sentence != tokens[t].sentence || !name_word(text, &tokens[a]) ||
            !name_word(tc, &tokens[a]) || calendar_word(text, &tokens[a]) ||
            first_name(text, &tokens[a]) ||
            tg_truecase_lower_word(text + tokens[a].start, tokens[a].end - tokens[a].start) ||
            (t > 0 && word_in(text, &tokens[t - 1], not_firms, sizeof not_firms / sizeof *not_firms)))
            continue;
        for (;;) {
            size_t c = b + 1;
            if (c + 1 < ntokens && text_token_is(text, &tokens[c], "&"))
                c++;
            if (c >= ntokens || tokens[c].sentence != tokens[a].sentence ||
                !name_word(text, &tokens[c]) || !name_word(tc, &tokens[c]) ||
                calendar_word(text, &tokens[c]))
                break;
            b = c;
        }
        if ((b + 1 < ntokens && text_token_is(text, &tokens[b + 1], "-") &&
             tokens[b + 1].start == tokens[b].end) ||
            !spans_within(*vp, *np, a, b, &i))
            continue; /* "Colgate-Palmolive", cut by the tokenizer */
        tg_ner_span *s = &(*vp)[i];
        if (i < *np && !(s->tok_first == a && s->tok_last == b &&
                         (strcmp(s->label, "PERSON") == 0 || tg_label_is(s->label, TG_LABEL_IS_PLACE))))
            continue;
        if (!put_span(tokens, vp, np, cap, a, b, evident_org))
            return 0;
        t = b;
    }
    return 1;
}

/* English, one document: a name-shaped word, a capital's initial (with its dot or not)
 * and a name-shaped word ("George W Bush", "Michael J. Fox") are one person's name, where
 * the model cut it ("George" a place: the town in South Africa) or left it out.  A span
 * crossing the three words' edges stays, but a PERSON span going on after them is taken
 * in.  Not a word English writes in lower case before the initial ("Plan B", "Group C",
 * "Vitamin C"), nor a firm's word after it.  Returns 0 when out of memory. */
static int middle_initials(const char *text, const char *tc, const tagger_token *tokens,
                           size_t ntokens, tg_ner_span **vp, size_t *np, size_t *cap)
{
    for (size_t t = 0; t + 2 < ntokens; t++) {
        const tagger_token *m = &tokens[t + 1];
        size_t s = t + 2, b, i;
        if (!name_shaped(text, &tokens[t]) || !name_shaped(tc, &tokens[t]) ||
            tg_truecase_lower_word(text + tokens[t].start, tokens[t].end - tokens[t].start) ||
            m->kind != TAGGER_TOKEN_WORD || m->end - m->start != 1 || text[m->start] < 'A' ||
            text[m->start] > 'Z' || m->start != tokens[t].end + 1 || m->sentence != tokens[t].sentence)
            continue;
        if (text_token_is(text, &tokens[s], ".") && tokens[s].start == m->end && s + 1 < ntokens)
            s++;
        if (tokens[s].sentence != m->sentence || tokens[s].start != tokens[s - 1].end + 1 ||
            !name_shaped(text, &tokens[s]) || company_word(text, &tokens[s]) ||
            not_surname(text, &tokens[s]))
            continue;
        b = s;
        for (size_t j = 0; j < *np && (*vp)[j].tok_first <= s; j++)
            if ((*vp)[j].tok_first > t && (*vp)[j].tok_last > s && strcmp((*vp)[j].label, "PERSON") == 0)
                b = (*vp)[j].tok_last;
        if (!spans_within(*vp, *np, t, b, &i))
            continue;
        if (i < *np && (*vp)[i].tok_first == t && (*vp)[i].tok_last == b &&
            strcmp((*vp)[i].label, "PERSON") == 0)
            continue;
        if (!put_span(tokens, vp, np, cap, t, b, "PERSON"))
            return 0;
        t = b;
    }
    return 1;
}

/* Whether token t is a word in capitals only, 2 to 8 letters ("IAEA", "AMO"). */
static int acronym(const char *text, const tagger_token *t)
{
    size_t len = t->end - t->start;
    if (t->kind != TAGGER_TOKEN_WORD || len < 2 || len > 8)
        return 0;
    for (size_t j = 0; j < len; j++)
        if (text[t->start + j] < 'A' || text[t->start + j] > 'Z')
            return 0;
    return 1;
}

/* The first token of the capitalized words before token p, with "of", "and", "for", "the",
 * "on", "de", "&" between them, whose initials spell the acronym at token `acr`
 * ("International Atomic Energy Agency" before "(IAEA)"), or SIZE_MAX. */
static size_t spelled_by(const char *text, const tagger_token *tokens, size_t p, size_t acr)
{
    static const char *const links[] = {"of", "and", "for", "the", "on", "de", "&"};
    const char *a = text + tokens[acr].start;
    size_t need = tokens[acr].end - tokens[acr].start, j = p, first = SIZE_MAX;
    while (need > 0 && j > 0 && tokens[j - 1].sentence == tokens[p].sentence) {
        const tagger_token *w = &tokens[--j];
        if (first != SIZE_MAX && word_in(text, w, links, sizeof links / sizeof *links))
            continue;
        if (!name_word(text, w) || text[w->start] != a[need - 1])
            break;
        need--;
        first = j;
    }
    return need == 0 ? first : SIZE_MAX;
}

/* English, one document: an acronym defined in parentheses after the name it abbreviates,
 * "the International Atomic Energy Agency (IAEA)", "Advanced Medical Optics (AMO)", is
 * that organization, and so is the acronym elsewhere in the document ("IAEA inspectors"):
 * when the model tagged the name or a part of it ORG, or the acronym ORG, or the name ends
 * in an organization's word (company_word), the name becomes one ORG span ("Advanced
 * Medical" grows to "Advanced Medical Optics"), the acronym an ORG, and each other
 * occurrence of the acronym an ORG where the model found nothing or a PERSON or a place
 * on it alone.  The acronym's link, if any, is its own (the lists'). *v grows (*cap) and
 * stays sorted.  Returns 0 when out of memory. */
static int acronym_definitions(const char *text, const char *tc, const tagger_token *tokens,
                               size_t ntokens, tg_ner_span **vp, size_t *np, size_t *cap)
{
    static const char *const laws[] = {"Act", "Law", "Treaty", "Accord", "Agreement", "Bill"};
    for (size_t p = 1; p + 2 < ntokens; p++) {
        size_t x = p + 1, a, i, j;
        if (!text_token_is(text, &tokens[p], "(") || !text_token_is(text, &tokens[p + 2], ")") ||
            !acronym(text, &tokens[x]) || (a = spelled_by(text, tokens, p, x)) == SIZE_MAX ||
            a + 1 >= p || !spans_within(*vp, *np, a, p - 1, &i) || !spans_within(*vp, *np, x, x, &j))
            continue;
        int org = company_word(text, &tokens[p - 1]) ||
                  (j < *np && (*vp)[j].tok_first == x && strcmp((*vp)[j].label, "ORG") == 0);
        if (!org && i < *np && (*vp)[i].tok_first == a && strcmp((*vp)[i].label, "ORG") == 0)
            org = 2 * ((*vp)[i].tok_last - a + 1) >= p - a;
        if (!org || word_in(text, &tokens[p - 1], laws, sizeof laws / sizeof *laws))
            continue;
        if (!put_span(tokens, vp, np, cap, a, p - 1, evident_org))
            return 0;
        for (size_t t = 0; t < ntokens; t++) {
            if (!same_words(text, tokens, t, x, 1) ||
                (t != x && ((t > 0 && tokens[t - 1].sentence == tokens[t].sentence &&
                             name_word(tc, &tokens[t - 1])) ||
                            (t + 1 < ntokens && tokens[t + 1].sentence == tokens[t].sentence &&
                             name_word(tc, &tokens[t + 1])))) ||
                !spans_within(*vp, *np, t, t, &j))
                continue;
            if (j < *np && (strcmp((*vp)[j].label, "ORG") == 0 ||
                            !(strcmp((*vp)[j].label, "PERSON") == 0 ||
                              tg_label_is((*vp)[j].label, TG_LABEL_IS_PLACE))))
                continue;
            if (!put_span(tokens, vp, np, cap, t, t, evident_org))
                return 0;
        }
        p += 2;
    }
    return 1;
}

typedef struct {
    size_t first, len; /* tokens of an ORG span's name */
    int add;           /* also where the model found nothing */
} org_key;

/* English, one document: a name the document gives as an organization elsewhere is that
 * organization.  A PERSON or place span whose words are those of an ORG span of the
 * document becomes ORG (not a one-word span that is the last word of a PERSON span of two
 * words or more: "Ford" of "Harrison Ford"); the name of an ORG span ending in a firm's
 * word, without it ("Gartner" of "Gartner Inc"), is also an ORG where the model found
 * nothing on it, alone between words that are not capitalized in the truecased text `tc`.
 * *v grows (*cap) and stays sorted.  Returns 0 when out of memory. */
static int org_consistency(const char *text, const char *tc, const tagger_token *tokens,
                           size_t ntokens, tg_ner_span **vp, size_t *np, size_t *cap)
{
    tg_ner_span *v = *vp;
    size_t n = *np, k = 0;
    for (size_t i = 0; i < n; i++)
        k += strcmp(v[i].label, "ORG") == 0;
    if (!k)
        return 1;
    org_key *keys = malloc(2 * k * sizeof *keys);
    if (!keys)
        return 0;
    k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t f = v[i].tok_first, l = v[i].tok_last;
        if (strcmp(v[i].label, "ORG") != 0)
            continue;
        keys[k++] = (org_key){f, l - f + 1, v[i].label == evident_org};
        if (l > f && company_word(text, &tokens[l]) == 2)
            keys[k++] = (org_key){f, l - f, 1};
    }
    for (size_t i = 0; i < n; i++) {
        size_t f = v[i].tok_first, len = v[i].tok_last - f + 1, j;
        int place = tg_label_is(v[i].label, TG_LABEL_IS_PLACE);
        if (!(strcmp(v[i].label, "PERSON") == 0 || place))
            continue;
        for (j = 0; len == 1 && j < n; j++)
            if (strcmp(v[j].label, "PERSON") == 0 && v[j].tok_last > v[j].tok_first &&
                same_words(text, tokens, f, v[j].tok_last, 1))
                break;
        if (len == 1 && j < n)
            continue;
        for (j = 0; j < k; j++)
            if (keys[j].len == len && (keys[j].add || !place) &&
                same_words(text, tokens, f, keys[j].first, len)) {
                v[i].label = "ORG";
                break;
            }
    }
    for (size_t j = 0; j < k; j++) {
        size_t len = keys[j].len, i;
        if (!keys[j].add)
            continue;
        for (size_t t = 0; t + len <= ntokens; t++) {
            size_t b = t + len - 1;
            if (t == keys[j].first || !same_words(text, tokens, t, keys[j].first, len) ||
                tokens[b].sentence != tokens[t].sentence ||
                (t > 0 && tokens[t - 1].sentence == tokens[t].sentence && name_word(tc, &tokens[t - 1])) ||
                (b + 1 < ntokens && tokens[b + 1].sentence == tokens[b].sentence &&
                 name_word(tc, &tokens[b + 1])) ||
                !spans_within(*vp, *np, t, b, &i) || i < *np)
                continue;
            if (!put_span(tokens, vp, np, cap, t, b, "ORG")) {
                free(keys);
                return 0;
            }
        }
    }
    free(keys);
    return 1;
}

/* English: a party's one-word name right before a noun of its people or its politics
 * ("Labour campaign posters", "Tory leader", "Republican senator", "Democratic
 * convention") is the party's adjective, as CoNLL-2003 tags it (MISC: "Democratic
 * convention" 7 of 7, "Republican congressmen", "challenger") and the dev set's
 * guidelines write: a model ORG span on it becomes NORP.  A verb after the name keeps it
 * ("Labour has", "Labour won"), and so does "party" ("Likud party" is an ORG in CoNLL,
 * "Democratic party" MISC). */
static void party_adjectives(const char *text, const tagger_token *tokens, size_t ntokens,
                             tg_ner_span *v, size_t n)
{
    static const char *const parties[] = {
        "Labour", "Tory", "Tories", "Conservative", "Liberal", "Democratic", "Democrat",
        "Republican", "Socialist", "Communist", "Green", "Unionist", "Nationalist"};
    static const char *const nouns[] = {
        "leader", "leaders", "leadership", "MP", "MPs", "MEP", "MEPs", "candidate", "candidates",
        "government", "campaign", "members", "member", "voters", "supporters", "activists",
        "councillor", "councillors", "minister", "ministers", "peer", "peers", "spokesman",
        "spokeswoman", "chairman", "manifesto", "conference", "backbencher", "backbenchers",
        "rebel", "rebels", "senator", "senators", "congressman", "congressmen", "lawmakers",
        "governor", "nominee", "nomination", "heartland", "heartlands", "seat", "seats",
        "politicians", "figures", "sources", "policy", "policies", "posters", "whip", "deputy",
        "convention", "primary", "challenger", "ticket", "platform", "donors", "grandee",
        "grandees", "veteran", "faithful", "incumbent", "administration", "presidential",
        "mayor", "president", "MSP", "MSPs", "politician", "official", "officials", "aide",
        "aides", "strategist", "strategists"};
    for (size_t i = 0; i < n; i++) {
        size_t f = v[i].tok_first;
        if (f != v[i].tok_last || f + 1 >= ntokens || strcmp(v[i].label, "ORG") != 0 ||
            tokens[f + 1].sentence != tokens[f].sentence ||
            !word_in(text, &tokens[f], parties, sizeof parties / sizeof *parties) ||
            !word_in(text, &tokens[f + 1], nouns, sizeof nouns / sizeof *nouns))
            continue;
        v[i].label = "NORP";
    }
}

/* English, one document: a name-shaped word between "the" and "administration" ("the Bush
 * administration", "the Clinton administration") is the president's name, a person, as
 * CoNLL-2003 train tags it (4 times of 4), where the model found nothing on it.  Returns 0
 * when out of memory. */
static int administration_names(const char *text, const tagger_token *tokens, size_t ntokens,
                                 tg_ner_span **vp, size_t *np, size_t *cap)
{
    for (size_t t = 1; t + 1 < ntokens; t++) {
        size_t i;
        if (!text_token_is(text, &tokens[t + 1], "administration") ||
            !text_token_is_word(text, &tokens[t - 1], "the") || !name_shaped(text, &tokens[t]) ||
            tg_truecase_lower_word(text + tokens[t].start, tokens[t].end - tokens[t].start) ||
            !spans_within(*vp, *np, t, t, &i) || i < *np)
            continue;
        if (!put_span(tokens, vp, np, cap, t, t, "PERSON"))
            return 0;
    }
    return 1;
}

/* English: a "The" written with a capital after a word in lower case or a comma (inside a
 * sentence, and not in a Title Case headline's "Users In The Sky") right before an ORG
 * span is
 * part of the organization's name ("at The Times", "group, The Ulster Defence
 * Association": CoNLL-2003 train has it inside 8 times of 9; the dev set's guidelines
 * too); not after a dash, a colon or a quote, which start a sentence of their own. */
static void the_in_names(const char *text, const tagger_token *tokens, tg_ner_span *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t f = v[i].tok_first;
        if (f < 2 || strcmp(v[i].label, "ORG") != 0 || !text_token_is(text, &tokens[f - 1], "The") ||
            tokens[f - 2].sentence != tokens[f].sentence || (i > 0 && v[i - 1].tok_last >= f - 1) ||
            !((tokens[f - 2].kind == TAGGER_TOKEN_WORD && text[tokens[f - 2].start] >= 'a' &&
               text[tokens[f - 2].start] <= 'z') ||
              text_token_is(text, &tokens[f - 2], ",")))
            continue;
        v[i].tok_first = f - 1;
        v[i].norm_start = tokens[f - 1].norm_start;
    }
}

int tg_ner_english_spans(const char *text, const char *tc, const tagger_token *tokens,
                         size_t ntokens, tg_ner_span **vp, size_t *n, size_t *cap)
{
    tg_ner_span *v = *vp;
    *n = wire_markup(text, tokens, v, *n);
    *n = hyphenated_names(text, tokens, ntokens, v, *n);
    *n = common_abbreviations(text, tokens, ntokens, v, *n);
    person_titles(text, tokens, v, *n);
    company_roles(text, tokens, ntokens, v, *n);
    company_words(text, tokens, v, *n);
    return company_names(text, tc, tokens, ntokens, vp, n, cap) &&
           company_context(text, tc, tokens, ntokens, vp, n, cap) &&
           company_descriptors(text, tc, tokens, ntokens, vp, n, cap) &&
           acronym_definitions(text, tc, tokens, ntokens, vp, n, cap) &&
           middle_initials(text, tc, tokens, ntokens, vp, n, cap) &&
           surname_consistency(text, tc, tokens, ntokens, vp, n, cap) &&
           org_consistency(text, tc, tokens, ntokens, vp, n, cap) &&
           administration_names(text, tokens, ntokens, vp, n, cap) &&
           (party_adjectives(text, tokens, ntokens, *vp, *n), 1) &&
           storm_names(text, tokens, ntokens, *vp, *n) &&
           (the_in_names(text, tokens, *vp, *n), 1);
}

/* Whether token t is a word written in capitals only (two letters or more). */
static int all_capitals(const char *text, const tagger_token *w)
{
    if (w->kind != TAGGER_TOKEN_WORD || w->end - w->start < 2)
        return 0;
    for (size_t b = w->start; b < w->end; b++)
        if (text[b] >= 'a' && text[b] <= 'z')
            return 0;
    return 1;
}

/* Whether token t is punctuation that starts with a hyphen. */
static int dash(const char *text, const tagger_token *t)
{
    return t->kind == TAGGER_TOKEN_PUNCT && text[t->start] == '-';
}

/* A model ORG on exactly a place of the lists, in capitals, opening its sentence and
 * followed by a dash and a word in lower case, is a dateline ("HOUSTON - The Houston
 * Astros weren't ..."): *label becomes the entry's.  CoNLL's sports headers ("SOCCER -
 * JAPAN GET ...") go on in capitals and stay. */
static void dateline_place(const tg_ner_input *in, const tg_ner_span *s, const tg_gaz_entry *e,
                           const char **label)
{
    const tagger_token *tok = in->tokens;
    size_t f = s->tok_first, l = s->tok_last;
    if (l + 2 >= in->ntokens || (f > 0 && tok[f - 1].sentence == tok[f].sentence))
        return;
    for (size_t t = f; t <= l; t++)
        if (!all_capitals(in->text, &tok[t]))
            return;
    size_t w = l + 2;
    if (!dash(in->text, &tok[l + 1]))
        return;
    if (w < in->ntokens && dash(in->text, &tok[w]))
        w++; /* "--" cut in two */
    if (w < in->ntokens && tok[w].kind == TAGGER_TOKEN_WORD && !all_capitals(in->text, &tok[w]))
        *label = e->label;
}

/* A model ORG on exactly a place of the lists right after "in" or "city of" / "town of"
 * is the place ("championships in Adelaide", "the city of Newcastle"; a club is "at" its
 * ground, "for" or "against" a team): *label becomes the entry's. */
static void place_after_in(const tg_ner_input *in, const tg_ner_span *s, const tg_gaz_entry *e,
                           const char **label)
{
    const tagger_token *tok = in->tokens;
    size_t f = s->tok_first;
    if (f == 0)
        return;
    if (text_token_is(in->text, &tok[f - 1], "in") ||
        (f >= 2 && text_token_is(in->text, &tok[f - 1], "of") &&
         (text_token_is(in->text, &tok[f - 2], "city") ||
          text_token_is(in->text, &tok[f - 2], "town"))))
        *label = e->label;
}

/* A model place of one name-shaped word ("Kostunica") that no list has, right before
 * "said", "says" or "told", is a person ("..., Kostunica said"; a listed place there is a
 * government's voice: "Iraq said"; a place after "in", "of", "at" or "from" stays: "a
 * police official in Liege said"). */
static void speaker_not_place(const tg_ner_input *in, const tg_ner_span *s, const char **label)
{
    static const char *const preps[] = {"in", "of", "at", "from"};
    static const char *const says[] = {"said", "says", "told"};
    const tagger_token *tok = in->tokens;
    size_t f = s->tok_first;
    if (f != s->tok_last || f + 1 >= in->ntokens || !tg_label_is(*label, TG_LABEL_IS_PLACE) ||
        tok[f].end - tok[f].start < 3 || !name_shaped(in->text, &tok[f]))
        return;
    for (size_t i = 0; f > 0 && i < sizeof preps / sizeof *preps; i++)
        if (text_token_is(in->text, &tok[f - 1], preps[i]))
            return;
    for (size_t i = 0; i < sizeof says / sizeof *says; i++)
        if (text_token_is(in->text, &tok[f + 1], says[i]))
            *label = "PERSON";
}

static int cmp_first_name(const void *key, const void *elem)
{
    const tagger_token *t = ((const surname_key *)key)->tok;
    const char *w = ((const surname_key *)key)->text + t->start, *e = *(const char *const *)elem;
    size_t n = t->end - t->start, m = strlen(e);
    int c = strncmp(w, e, n < m ? n : m);
    return c ? c : (n > m) - (n < m);
}

static int first_name(const char *text, const tagger_token *t)
{
    surname_key key = {text, t};
    return bsearch(&key, tg_en_first_names, TG_EN_NFIRST_NAMES, sizeof *tg_en_first_names,
                   cmp_first_name) != NULL;
}

/* A model ORG or place that no list has (the caller's), of a first name
 * (english_first_names.h) and a name-shaped word, with a capital's initial or another first
 * name between them or not, is a person ("British model Kate Moss", "Sylvia (Kate
 * Winslet)"); not when the last word is a company's (company_word) or a building's, a
 * street's or a prize's ("Glen Abbey", "Clarence House", "Charles Wintour Award"). */
static void first_name_person(const tg_ner_input *in, const tg_ner_span *s, const char **label)
{
    const tagger_token *tok = in->tokens;
    size_t f = s->tok_first, l = s->tok_last;
    if (l == f || l > f + 2 || !(strcmp(*label, "ORG") == 0 || tg_label_is(*label, TG_LABEL_IS_PLACE)) ||
        !name_shaped(in->text, &tok[l]) || company_word(in->text, &tok[l]) ||
        !first_name(in->text, &tok[f]))
        return;
    if (l == f + 2) {
        const char *w = in->text + tok[f + 1].start;
        if (!first_name(in->text, &tok[f + 1]) &&
            !(tok[f + 1].kind == TAGGER_TOKEN_WORD && tok[f + 1].end - tok[f + 1].start == 1 && *w >= 'A' &&
              *w <= 'Z'))
            return;
    }
    if (!not_surname(in->text, &tok[l]))
        *label = "PERSON";
}

/* Whether a score ("2-1", "72-47": a number, "-", a number) follows token t within 8
 * tokens of its sentence ("won 2-0", "drew 1-1 with"). */
static int score_after(const tg_ner_input *in, size_t t)
{
    const tagger_token *tok = in->tokens;
    size_t b = t;
    while (b + 1 < in->ntokens && b < t + 8 && tok[b + 1].sentence == tok[t].sentence)
        b++;
    for (size_t i = t + 1; i + 2 <= b; i++)
        if (tok[i].kind == TAGGER_TOKEN_NUMBER && text_token_is(in->text, &tok[i + 1], "-") &&
            tok[i + 2].kind == TAGGER_TOKEN_NUMBER && tok[i + 1].start == tok[i].end &&
            tok[i + 2].start == tok[i + 1].end)
            return 1;
    return 0;
}

/* A model place that is a city or a state of the lists (a GPE under a country's priority,
 * with a priority or an iso= code: not England, Scotland, Wales, which the lists have
 * without) or no listed place, named in a game's result, is the team, an ORG, as CoNLL-2003
 * writes clubs named by their city ("Boston beat New York 5-3"; a country there is a
 * national team, LOC): right before "beat", "defeated", "edged", "routed", "thrashed",
 * "downed", or before "won", "drew", "lost" and a score ("Valencia won 2-0"), or before a
 * player's position, "manager", "boss", "coach", "captain", "fans", "squad" (after "'s" or
 * not: "Newcastle striker Alan Shearer", "Leeds's manager"; a listed city: CoNLL train
 * has the club there, a country for the national team, and "the Northern Hemisphere
 * squad" is a selection); right after
 * "beat", "defeated", "edged", "routed", "thrashed", "downed", or after "lost to", "drew
 * with", "win over", "victory over", "defeat to", "loss to", and a listed city after "win
 * at" ("a 2-1 win at Leeds"; an unlisted name there is often the ground: "win at
 * Twickenham", "at Carrow Road"). */
static void sports_team(const tg_ner_input *in, const tg_ner_span *s, const tg_gaz_match *g,
                        const char **label)
{
    static const char *const beat[] = {"beat", "beats", "defeated", "edged", "routed", "thrashed",
                                       "downed"};
    static const char *const result[] = {"won", "drew", "lost"};
    static const char *const roles[] = {
        "striker", "strikers", "midfielder", "midfielders", "defender", "defenders",
        "goalkeeper", "keeper", "winger", "boss", "manager", "coach", "captain", "skipper",
        "fans", "supporters", "squad", "forward", "quarterback", "pitcher", "shortstop",
        "linebacker", "receiver", "outfielder"};
    static const char *const pairs[][2] = {{"win", "at"},       {"lost", "to"},  {"drew", "with"},
                                           {"win", "over"},     {"victory", "over"},
                                           {"defeat", "to"},    {"loss", "to"}};
    const tagger_token *tok = in->tokens;
    size_t f = s->tok_first, l = s->tok_last;
    tg_gaz_entry e;
    size_t len;
    if (!tg_label_is(*label, TG_LABEL_IS_PLACE) ||
        (g && !(tg_gazetteer_entry(g->gaz, g->record, &e) && strcmp(e.label, "GPE") == 0 &&
                e.priority < TG_GAZ_COUNTRY_PRIORITY &&
                (e.priority > 0 || tg_gaz_attr(e.ids, "iso", &len)))))
        return;
    int team = 0;
    size_t r = l + 1;
    if (r + 1 < in->ntokens && text_token_is(in->text, &tok[r], "'s"))
        r++;
    if (l + 1 < in->ntokens && tok[l + 1].sentence == tok[l].sentence)
        team = word_in(in->text, &tok[l + 1], beat, sizeof beat / sizeof *beat) ||
               (word_in(in->text, &tok[l + 1], result, sizeof result / sizeof *result) &&
                score_after(in, l + 1)) ||
               (g && r < in->ntokens && tok[r].sentence == tok[l].sentence &&
                word_in(in->text, &tok[r], roles, sizeof roles / sizeof *roles));
    if (!team && f > 0 && tok[f - 1].sentence == tok[f].sentence)
        team = word_in(in->text, &tok[f - 1], beat, sizeof beat / sizeof *beat);
    for (size_t i = g ? 0 : 1; !team && f > 1 && i < sizeof pairs / sizeof *pairs; i++)
        team = text_token_is(in->text, &tok[f - 2], pairs[i][0]) &&
               text_token_is(in->text, &tok[f - 1], pairs[i][1]);
    if (team)
        *label = "ORG";
}

/* A model PERSON or place of two words or more that no list has, ending in "Bank",
 * "Union" or "Federation", is an organization ("Investors Bank", "Credit Union"): listed
 * places end in them too ("West Bank", "Soviet Union", "Russian Federation"), so
 * company_words leaves them out and the lists decide. */
static void unlisted_bank(const tg_ner_input *in, const tg_ner_span *s, const char **label)
{
    static const char *const words[] = {"Bank", "Union", "Federation"};
    if (s->tok_last > s->tok_first &&
        (strcmp(*label, "PERSON") == 0 || tg_label_is(*label, TG_LABEL_IS_PLACE)) &&
        word_in(in->text, &in->tokens[s->tok_last], words, sizeof words / sizeof *words))
        *label = "ORG";
}

void tg_ner_english_label(const tg_ner_input *in, const tg_ner_span *s, const tg_gaz_match *g,
                          const char **label)
{
    tg_gaz_entry e;
    sports_team(in, s, g, label);
    if (!g) {
        unlisted_bank(in, s, label);
        speaker_not_place(in, s, label);
        first_name_person(in, s, label);
        return;
    }
    if (strcmp(*label, "ORG") != 0 || g->tok_first != s->tok_first ||
        g->tok_last != s->tok_last || !tg_gazetteer_entry(g->gaz, g->record, &e) ||
        !tg_label_is(e.label, TG_LABEL_IS_PLACE))
        return;
    dateline_place(in, s, &e, label);
    place_after_in(in, s, &e, label);
}
