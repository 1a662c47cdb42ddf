/*
 * ner_english — English fixes of the model's spans, one document at a time,
 * after decoding (ner.c) and before the merge (CoNLL-2003's conventions;
 * docs/english.md, "Error classes of en-dev" and "Organizations from the
 * document's evidence"):
 *
 *   - a music genre ("R&B") is no entity;
 *   - wire markup: a Reuters instrument code "(LUV.N)" and a ticker "(Nasdaq: MSFT)",
 *     "Pfizer (PFE)" are no entities, a span ends before an escaped "& lt" / "& gt";
 *   - a PERSON span takes a hyphen and the capitalized word after it
 *     ("Mr Betts-Green", cut in three by the tokenizer), and a spaced apostrophe's
 *     surname ("Sean O 'Keefe": ner_english_surnames.c);
 *   - an abbreviation in parentheses after the common words it spells
 *     ("digital video recorders (DVR)") is no name;
 *   - a title ("Dame", "King", "President" …) is left out of a PERSON span;
 *   - a storm's name ("Hurricane Jeanne") is an EVENT, also alone in the document, and so
 *     is a place's or people's name before a contest's word ("China Open", "Australian Open");
 *   - a name after a company's role ("chief executive of", "economist at") is an
 *     organization, and so is a name ending in a company's word ("Marwick
 *     Software"), in a company's context ("shares of Garvin", "Halcyon's chief
 *     executive") or after a noun of its kind ("software maker Oracle");
 *   - an acronym defined after its organization's name ("the International Atomic
 *     Energy Agency (IAEA)") is that organization, there and elsewhere;
 *   - a name in a list of organizations ("Codemasters, Climax and Rebellion") is one,
 *     and so is a name before its officers ("Boeing CEO") (ner_english_lists.c);
 *   - a name the document gives as an organization is one in its other mentions
 *     (ner_english_orgs.c);
 *   - a name with a middle initial ("George W Bush") is one person's, and so is
 *     the name in "the Bush administration";
 *   - a sentence's first word that starts no name ("Rival Sony", "Rapper Eminem") is
 *     left out of a name, a Title Case headline's ORG ends where the document writes its
 *     name (ner_english_headline.c: "Apple Recalls Flaming" is "Apple"), and a name
 *     across a possessive "'s" after a listed name is two ("Germany's Siemens");
 *   - a newspaper's bare name after "the" ("told the Guardian") is an ORG, a station's
 *     number ("BBC Radio 4") and an institution's words after "for", "and", "of" ("Court
 *     of Arbitration for Sport") are part of the name;
 *   - a capitalized "The" inside a sentence is part of the ORG after it (at a sentence's
 *     start, not of an institution's), a lower-case "the" of no name, and a
 *     party's name before a noun of its politics ("Labour campaign") is NORP;
 *   - a one-word span whose word is the surname of a PERSON span of the same
 *     document is that person (ner_english_surnames.c).
 * The label choices of the merge are ner_english_label.c's; the word tests,
 * ner_english_words.c's.  The evidence is the letter case of the original text
 * (the tokens' text).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "english_first_names.h"
#include "labels.h"
#include "ner_internal.h"
#include "sort.h"
#include "tokenize.h"
#include "truecase.h"

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

/* Whether token t is an acronym: a word in capitals only, 2 to 8 letters ("IAEA", "AMO"),
 * or as British news writes one said as a word, a capital and 2 to 7 small letters
 * ("Wada", "Icann"). */
static int acronym(const char *text, const tagger_token *t)
{
    size_t len = t->end - t->start;
    if (t->kind != TAGGER_TOKEN_WORD || len < 2 || len > 8)
        return 0;
    int small = len >= 3 && text[t->start + 1] >= 'a' && text[t->start + 1] <= 'z';
    for (size_t j = 0; j < len; j++) {
        char ch = text[t->start + j];
        if (j > 0 && small ? (ch < 'a' || ch > 'z') : (ch < 'A' || ch > 'Z'))
            return 0;
    }
    return 1;
}

/* The first token of the capitalized words before token p, with "of", "and", "for", "the",
 * "on", "de", "&", "-" between them, whose initials spell the acronym at token `acr`
 * ("International Atomic Energy Agency" before "(IAEA)", "World Anti-Doping Agency" before
 * "(Wada)"), or SIZE_MAX. */
static size_t spelled_by(const char *text, const tagger_token *tokens, size_t p, size_t acr)
{
    static const char *const links[] = {"of", "and", "for", "the", "on", "de", "&", "-"};
    const char *a = text + tokens[acr].start;
    size_t need = tokens[acr].end - tokens[acr].start, j = p, first = SIZE_MAX;
    while (need > 0 && j > 0 && tokens[j - 1].sentence == tokens[p].sentence) {
        const tagger_token *w = &tokens[--j];
        if (first != SIZE_MAX && tg_en_word_in(text, w, links, sizeof links / sizeof *links))
            continue;
        char up = a[need - 1] >= 'a' && a[need - 1] <= 'z' ? (char)(a[need - 1] - 'a' + 'A') : a[need - 1];
        if (!tg_en_name_word(text, w) || text[w->start] != up)
            break;
        need--;
        first = j;
    }
    return need == 0 ? first : SIZE_MAX;
}

/* Whether the one-token span v[i] is a stock ticker in parentheses: after an exchange's
 * name, "(Nasdaq: MSFT)", or right after a company's ORG span (its second letter in
 * lower case: a dateline's "TORONTO (CP)", "B.C. (CP)" names the wire) and its suffix, when the name is one word,
 * "Pfizer (PFE)", "Netflix Inc. (NFLX)", or the name has a firm's suffix and its first two
 * words' initials do not start the letters, "Charles Schwab Corp. (SCH)" (an acronym
 * does: "Government Employees Insurance Co. (GEICO)", "Public and Commercial Services
 * Union (PCS)").  The guidelines and en-dev's gold leave tickers out. */
static int ticker(const char *text, const tagger_token *tokens, size_t ntokens,
                  const tg_ner_span *v, size_t i)
{
    static const char *const exchanges[] = {"Nasdaq", "NASDAQ", "NYSE", "Amex", "AMEX"};
    size_t f = v[i].tok_first, len = tokens[f].end - tokens[f].start;
    if (v[i].tok_last != f || f < 2 || f + 1 >= ntokens || len > 5 || !acronym(text, &tokens[f]) ||
        text[tokens[f].start + len - 1] > 'Z' || !tg_en_token_is(text, &tokens[f + 1], ")"))
        return 0;
    if (f >= 3 && tg_en_token_is(text, &tokens[f - 1], ":") && tg_en_token_is(text, &tokens[f - 3], "("))
        return tg_en_word_in(text, &tokens[f - 2], exchanges, sizeof exchanges / sizeof *exchanges);
    size_t r = f - 1;
    if (!tg_en_token_is(text, &tokens[r], "(") || i == 0 ||
        !tg_label_eq(v[i - 1].label, TG_LABEL_ORG))
        return 0;
    while (r > 1 && (tg_en_token_is(text, &tokens[r - 1], ".") || tg_en_company_word(text, &tokens[r - 1]) == 2))
        r--;
    size_t a = v[i - 1].tok_first;
    if (v[i - 1].tok_last + 1 < r || v[i - 1].tok_last + 1 >= f || a >= r ||
        text[tokens[a].start + 1] < 'a' || text[tokens[a].start + 1] > 'z')
        return 0;
    if (r == a + 1)
        return 1;
    const char *t = text + tokens[f].start;
    return r < f - 1 && !(t[0] == text[tokens[a].start] && t[1] == text[tokens[a + 1].start]);
}

/* English, wire copy's markup: a span that is an instrument code ("Southwest Airlines
 * Inc. (LUV.N)") or a ticker (ticker) is no entity; a span ending in an escaped "& lt" /
 * "& gt" (AG News' "Monsanto Co. &lt;A HREF=...") ends before it.  Compacts v; returns
 * the new count. */
static size_t wire_markup(const char *text, const tagger_token *tokens, size_t ntokens,
                          tg_ner_span *v, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        tg_ner_span s = v[i];
        const char *p = text + tokens[s.tok_first].start, *e = text + tokens[s.tok_last].end;
        if ((!memchr(p, ' ', (size_t)(e - p)) && ric(p, e)) || ticker(text, tokens, ntokens, v, i))
            continue;
        if (s.tok_last >= s.tok_first + 2 && tg_en_token_is(text, &tokens[s.tok_last - 1], "&") &&
            (tg_en_token_is(text, &tokens[s.tok_last], "lt") ||
             tg_en_token_is(text, &tokens[s.tok_last], "gt"))) {
            s.tok_last -= 2;
            while (s.tok_last > s.tok_first && tg_ner_edge_kind(tokens[s.tok_last].kind))
                s.tok_last--;
            s.norm_end = tokens[s.tok_last].norm_end;
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
            tg_en_token_is(text, &tokens[f - 1], "(") && tg_en_token_is(text, &tokens[f + 1], ")") &&
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
        if (!tg_label_eq(v[i].label, TG_LABEL_PERSON) || f >= v[i].tok_last ||
            tokens[f + 1].kind != TAGGER_TOKEN_WORD || text[tokens[f + 1].start] < 'A' ||
            text[tokens[f + 1].start] > 'Z')
            continue;
        for (size_t j = 0; j < sizeof titles / sizeof *titles; j++)
            if (tg_en_token_is(text, &tokens[f], titles[j])) {
                v[i].tok_first = f + 1;
                v[i].norm_start = tokens[f + 1].norm_start;
                break;
            }
    }
}

/* English: a sentence's first word that no name starts with, which the model took into a
 * name of two words or more ("An Electoral Commission", "Since Blinkx", "Former Downing
 * Street", "Rival Sony"), is left out of it; a person's descriptor ("Rapper Eminem",
 * "Singer Courtney Love", "Sprinter Michelle Collins") is, and the rest is a person. */
static void leading_words(const char *text, const tagger_token *tokens, tg_ner_span *v, size_t n)
{
    static const char *const words[] = {
        "An", "And", "Another", "As", "Since", "Under", "Against", "Past", "Initially",
        "Fellow", "Meanwhile", "Even", "Like", "With", "When", "Former", "Rival", "Restive",
        "Developer"};
    static const char *const people[] = {"Rapper", "Singer", "Sprinter", "Midfielder",
                                         "Striker", "Winger", "Defender", "Actor", "Actress"};
    for (size_t i = 0; i < n; i++) {
        size_t f = v[i].tok_first;
        int person = tg_en_word_in(text, &tokens[f], people, sizeof people / sizeof *people);
        if (f >= v[i].tok_last ||
            !(tg_label_eq(v[i].label, TG_LABEL_ORG) ||
              tg_label_eq(v[i].label, TG_LABEL_PERSON) ||
              tg_label_is(v[i].label, TG_LABEL_IS_PLACE)) ||
            !tg_en_name_word(text, &tokens[f + 1]) ||
            !(person ||
              tg_en_word_in(text, &tokens[f], words, sizeof words / sizeof *words)))
            continue;
        v[i].tok_first = f + 1;
        v[i].norm_start = tokens[f + 1].norm_start;
        if (person)
            v[i].label = tg_label_name(TG_LABEL_PERSON);
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
        if (f < 2 || tg_label_eq(v[i].label, TG_LABEL_ORG) ||
            !(tg_label_eq(v[i].label, TG_LABEL_PERSON) ||
              tg_label_is(v[i].label, TG_LABEL_IS_PLACE)) ||
            !(tg_en_token_is(text, &tokens[f - 1], "of") ||
              tg_en_token_is(text, &tokens[f - 1], "at")) ||
            (l + 1 < ntokens && (tg_en_token_is(text, &tokens[l + 1], "'s") ||
                                 tg_en_token_is(text, &tokens[l + 1], "'"))))
            continue;
        for (size_t j = 0; j < sizeof roles / sizeof *roles; j++)
            if (tg_en_token_is_word(text, &tokens[f - 2], roles[j])) {
                v[i].label = tg_en_evident_org;
                break;
            }
    }
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
            !(tg_label_eq(v[i].label, TG_LABEL_PERSON) ||
              tg_label_is(v[i].label, TG_LABEL_IS_PLACE)))
            continue;
        if (tg_en_company_word(text, &tokens[v[i].tok_last]))
            v[i].label = tg_en_evident_org;
    }
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
        if (tg_en_token_is(text, &tokens[t], officers[j]))
            return 2;
    if (t + 1 < ntokens && tg_en_token_is(text, &tokens[t], "chief") &&
        (tg_en_token_is(text, &tokens[t + 1], "executive") ||
         tg_en_token_is(text, &tokens[t + 1], "financial") ||
         tg_en_token_is(text, &tokens[t + 1], "operating")))
        return 2;
    return tg_en_token_is(text, &tokens[t], "shares") || tg_en_token_is(text, &tokens[t], "stock");
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
        if (!tg_en_name_word(text, &tokens[t]) || !tg_en_name_word(tc, &tokens[t]))
            continue;
        if (t >= 2 && tg_en_token_is(text, &tokens[t - 1], "of") &&
            (tg_en_token_is(text, &tokens[t - 2], "shares") || tg_en_token_is(text, &tokens[t - 2], "Shares"))) {
            while (b + 1 < ntokens && tokens[b + 1].sentence == tokens[a].sentence &&
                   tg_en_name_word(text, &tokens[b + 1]) && tg_en_name_word(tc, &tokens[b + 1]))
                b++;
            if (b + 1 < ntokens && (tg_en_token_is(text, &tokens[b + 1], "'s") ||
                                    tg_en_token_is(text, &tokens[b + 1], "'")))
                continue;
            add_ok = 1;
            place_ok = 1;
        } else if ((t + 1 < ntokens && tg_en_token_is(text, &tokens[t + 1], "shares")) ||
                   (t + 2 < ntokens && tg_en_token_is(text, &tokens[t + 1], "'s") &&
                    (owner = company_owner_of(text, tokens, ntokens, t + 2)))) {
            while (a > 0 && tokens[a - 1].sentence == tokens[b].sentence && tg_en_name_word(text, &tokens[a - 1]) &&
                   tg_en_name_word(tc, &tokens[a - 1]))
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
                (tg_label_eq(v[i].label, TG_LABEL_PERSON) ||
                 (place_ok && tg_label_is(v[i].label, TG_LABEL_IS_PLACE))))
                v[i].label = tg_en_evident_org;
            t = b;
            continue;
        }
        if (!add_ok)
            continue;
        if (!tg_en_append_span(tokens, vp, &n, cap, a, b, tg_en_evident_org))
            return 0;
        v = *vp;
        t = b;
    }
    if (n > n0)
        tg_sort_stable(v, n, sizeof *v, tg_en_cmp_span_first);
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
        if (tg_en_company_word(text, &tokens[d]) != 2 || tokens[d - 1].sentence != tokens[d].sentence ||
            (d + 1 < ntokens && tokens[d + 1].sentence == tokens[d].sentence &&
             tg_en_name_word(text, &tokens[d + 1]) && tg_en_name_word(tc, &tokens[d + 1])))
            continue;
        while (i < n0 && v[i].tok_last < d - 1)
            i++;
        if (i < n0 && v[i].tok_first <= d) {
            if (v[i].tok_last == d - 1 && (i + 1 >= n0 || v[i + 1].tok_first > d) &&
                tokens[d].start == tokens[d - 1].end + 1) {
                v[i].tok_last = d;
                v[i].norm_end = tokens[d].norm_end;
                v[i].label = tg_en_evident_org;
            }
            continue;
        }
        size_t a = d;
        while (a > low && tokens[a - 1].sentence == tokens[d].sentence && tg_en_name_word(text, &tokens[a - 1]) &&
               tg_en_name_word(tc, &tokens[a - 1]) && (i == 0 || v[i - 1].tok_last < a - 1))
            a--;
        low = d + 1;
        if (a < d && (a == 0 || tokens[a - 1].sentence != tokens[a].sentence) &&
            tg_truecase_lower_word(text + tokens[a].start, tokens[a].end - tokens[a].start))
            a++;
        if (a == d)
            continue;
        if (!tg_en_append_span(tokens, vp, &n, cap, a, d, tg_en_evident_org))
            return 0;
        v = *vp;
    }
    if (n > n0)
        tg_sort_stable(v, n, sizeof *v, tg_en_cmp_span_first);
    *np = n;
    return 1;
}

/* Whether token t is a storm's word: "Hurricane", "hurricanes", "Typhoon", "Cyclone" or the
 * "Storm" of "Tropical Storm" (not the verb: "to storm Grozny"). */
static int storm_word(const char *text, const tagger_token *tokens, size_t t)
{
    static const tg_word storm_words[] = {
        TG_WORD("Hurricane"), TG_WORD("hurricane"), TG_WORD("Hurricanes"),
        TG_WORD("hurricanes"), TG_WORD("Typhoon"), TG_WORD("typhoon"), TG_WORD("Cyclone"),
        TG_WORD("cyclone"),
    };
    static tg_word_set storms = TG_WORD_SET(storm_words);
    if (tg_word_set_has(&storms, text + tokens[t].start, tokens[t].end - tokens[t].start))
        return 1;
    return t > 0 && (tg_en_token_is(text, &tokens[t], "Storm") || tg_en_token_is(text, &tokens[t], "storm")) &&
           (tg_en_token_is(text, &tokens[t - 1], "Tropical") || tg_en_token_is(text, &tokens[t - 1], "tropical"));
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
        k += storm_word(text, tokens, t - 1) && tg_en_name_shaped(text, &tokens[t]);
    if (!k)
        return 1;
    tg_en_text_key *names = malloc(2 * k * sizeof *names);
    if (!names)
        return 0;
    k = 0;
    for (size_t t = 1; t < ntokens; t++)
        if (storm_word(text, tokens, t - 1) && tg_en_name_shaped(text, &tokens[t])) {
            names[k++] = (tg_en_text_key){text, tokens[t].start, tokens[t].end};
            if (t + 2 < ntokens && tg_en_token_is(text, &tokens[t + 1], "and") &&
                tg_en_name_shaped(text, &tokens[t + 2]))
                names[k++] = (tg_en_text_key){text, tokens[t + 2].start, tokens[t + 2].end};
        }
    qsort(names, k, sizeof *names, tg_en_cmp_text_key);
    for (size_t i = 0; i < n; i++) {
        size_t f = v[i].tok_first, l = v[i].tok_last;
        if (f + 1 == l && storm_word(text, tokens, f) && text[tokens[f].start] >= 'A' &&
            text[tokens[f].start] <= 'Z')
            f = l; /* the model's "Hurricane Jeanne" */
        tg_en_text_key key = {text, tokens[l].start, tokens[l].end};
        if (f != l ||
            (!tg_label_eq(v[i].label, TG_LABEL_PERSON) &&
             !tg_label_is(v[i].label, TG_LABEL_IS_PLACE)) ||
            !bsearch(&key, names, k, sizeof *names, tg_en_cmp_text_key))
            continue;
        v[i].label = tg_label_name(TG_LABEL_EVENT);
        /* a capitalized storm's word before the name is in it ("Tropical Storm Jeanne") */
        size_t g = f;
        while (g > 0 && storm_word(text, tokens, g - 1) && text[tokens[g - 1].start] >= 'A' &&
               text[tokens[g - 1].start] <= 'Z' && (i == 0 || v[i - 1].tok_last < g - 1))
            g--;
        if (g < f && g > 0 && tg_en_token_is(text, &tokens[g], "Storm") &&
            tg_en_token_is(text, &tokens[g - 1], "Tropical") && (i == 0 || v[i - 1].tok_last < g - 1))
            g--;
        if (g < v[i].tok_first) {
            v[i].tok_first = g;
            v[i].norm_start = tokens[g].norm_start;
        }
    }
    free(names);
    return 1;
}

/* English, one document: a name right after a common noun that says what kind of
 * organization it is ("software maker Oracle", "Russian oil giant Yukos", "research firm
 * Gartner", "Spanish side Valencia", "the band U2") is an organization: the run of
 * capitalized words there (also in the truecased text `tc`; "&" between two of them; not
 * a day's or a month's name, not starting with a first name: "insurer Thierry Dehaan")
 * becomes an ORG where the model's PERSON or place span is exactly on it, or where the
 * model found nothing on it.  CoNLL-2003 train has a capitalized word after 20 of these
 * nouns 90 times: an ORG 88 times ("group C" and "insurer Thierry Dehaan" the others);
 * after newspaper, daily, tabloid, weekly, chain, miner and distributor 25 times, an ORG
 * 24 times ("wholesaler Jerry" the other; regulator, watchdog, magazine, bookmakers,
 * boutique, charity, startup are not in train).  Not "broadcaster": a person's trade too
 * ("veteran broadcaster Cyril Fletcher").
 * Not after "film", "movie", "policy", "peace", "decision", "king", "trouble", "money"
 * ("film maker", "money lender": trades).  *v grows (*cap) and stays sorted.  Returns 0
 * when out of memory. */
static int company_descriptors(const char *text, const char *tc, const tagger_token *tokens,
                               size_t ntokens, tg_ner_span **vp, size_t *np, size_t *cap)
{
    static const tg_word nouns_words[] = {
        TG_WORD("company"), TG_WORD("firm"), TG_WORD("maker"), TG_WORD("makers"),
        TG_WORD("chipmaker"), TG_WORD("automaker"), TG_WORD("carmaker"), TG_WORD("drugmaker"),
        TG_WORD("steelmaker"), TG_WORD("retailer"), TG_WORD("insurer"), TG_WORD("carrier"),
        TG_WORD("airline"), TG_WORD("lender"), TG_WORD("conglomerate"), TG_WORD("brokerage"),
        TG_WORD("manufacturer"), TG_WORD("provider"), TG_WORD("developer"),
        TG_WORD("publisher"), TG_WORD("operator"), TG_WORD("supplier"), TG_WORD("giant"),
        TG_WORD("group"), TG_WORD("side"), TG_WORD("club"), TG_WORD("agency"), TG_WORD("bank"),
        TG_WORD("unit"), TG_WORD("subsidiary"), TG_WORD("concern"), TG_WORD("utility"),
        TG_WORD("band"), TG_WORD("label"), TG_WORD("studio"), TG_WORD("newspaper"),
        TG_WORD("daily"), TG_WORD("tabloid"), TG_WORD("weekly"), TG_WORD("magazine"),
        TG_WORD("regulator"), TG_WORD("watchdog"),
        TG_WORD("bookmaker"), TG_WORD("bookmakers"), TG_WORD("boutique"), TG_WORD("chain"),
        TG_WORD("miner"), TG_WORD("distributor"), TG_WORD("startup"), TG_WORD("start-up"),
        TG_WORD("charity"), TG_WORD("rivals"),
    };
    static tg_word_set nouns = TG_WORD_SET(nouns_words);
    static const char *const not_firms[] = {"film", "movie", "policy", "peace", "decision",
                                            "king", "trouble", "money"};
    for (size_t t = 0; t + 1 < ntokens; t++) {
        size_t a = t + 1, b = a, i;
        if (!tg_word_set_has(&nouns, text + tokens[t].start, tokens[t].end - tokens[t].start) ||
            tokens[a].sentence != tokens[t].sentence || !tg_en_name_word(text, &tokens[a]) ||
            !tg_en_name_word(tc, &tokens[a]) || tg_en_calendar_word(text, &tokens[a]) ||
            tg_en_first_name(text, &tokens[a]) ||
            tg_truecase_lower_word(text + tokens[a].start, tokens[a].end - tokens[a].start) ||
            (t > 0 && tg_en_word_in(text, &tokens[t - 1], not_firms, sizeof not_firms / sizeof *not_firms)))
            continue;
        for (;;) {
            size_t c = b + 1;
            if (c + 1 < ntokens && tg_en_token_is(text, &tokens[c], "&"))
                c++;
            if (c >= ntokens || tokens[c].sentence != tokens[a].sentence ||
                !tg_en_name_word(text, &tokens[c]) || !tg_en_name_word(tc, &tokens[c]) ||
                tg_en_calendar_word(text, &tokens[c]))
                break;
            b = c;
        }
        if ((b + 1 < ntokens && tg_en_token_is(text, &tokens[b + 1], "-") &&
             tokens[b + 1].start == tokens[b].end) ||
            !tg_en_spans_within(*vp, *np, a, b, &i))
            continue; /* "Colgate-Palmolive", cut by the tokenizer */
        if (i < *np && !((*vp)[i].tok_first == a && (*vp)[i].tok_last == b &&
                         (tg_label_eq((*vp)[i].label, TG_LABEL_PERSON) ||
                          tg_label_is((*vp)[i].label, TG_LABEL_IS_PLACE))))
            continue;
        if (!tg_en_put_span(tokens, vp, np, cap, a, b, tg_en_evident_org))
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
        if (!tg_en_name_shaped(text, &tokens[t]) || !tg_en_name_shaped(tc, &tokens[t]) ||
            tg_truecase_lower_word(text + tokens[t].start, tokens[t].end - tokens[t].start) ||
            m->kind != TAGGER_TOKEN_WORD || m->end - m->start != 1 || text[m->start] < 'A' ||
            text[m->start] > 'Z' || m->start != tokens[t].end + 1 || m->sentence != tokens[t].sentence)
            continue;
        if (tg_en_token_is(text, &tokens[s], ".") && tokens[s].start == m->end && s + 1 < ntokens)
            s++;
        if (tokens[s].sentence != m->sentence || tokens[s].start != tokens[s - 1].end + 1 ||
            !tg_en_name_shaped(text, &tokens[s]) || tg_en_company_word(text, &tokens[s]) ||
            tg_en_not_surname(text, &tokens[s]))
            continue;
        b = s;
        for (size_t j = 0; j < *np && (*vp)[j].tok_first <= s; j++)
            if ((*vp)[j].tok_first > t && (*vp)[j].tok_last > s &&
                tg_label_eq((*vp)[j].label, TG_LABEL_PERSON))
                b = (*vp)[j].tok_last;
        if (!tg_en_spans_within(*vp, *np, t, b, &i))
            continue;
        if (i < *np && (*vp)[i].tok_first == t && (*vp)[i].tok_last == b &&
            tg_label_eq((*vp)[i].label, TG_LABEL_PERSON))
            continue;
        if (!tg_en_put_span(tokens, vp, np, cap, t, b, tg_label_name(TG_LABEL_PERSON)))
            return 0;
        t = b;
    }
    return 1;
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
        if (!tg_en_token_is(text, &tokens[p], "(") || !tg_en_token_is(text, &tokens[p + 2], ")") ||
            !acronym(text, &tokens[x]) || (a = spelled_by(text, tokens, p, x)) == SIZE_MAX ||
            a + 1 >= p || !tg_en_spans_within(*vp, *np, a, p - 1, &i) || !tg_en_spans_within(*vp, *np, x, x, &j))
            continue;
        int org = tg_en_company_word(text, &tokens[p - 1]) ||
                  (j < *np && (*vp)[j].tok_first == x &&
                   tg_label_eq((*vp)[j].label, TG_LABEL_ORG));
        if (!org && i < *np && (*vp)[i].tok_first == a &&
            tg_label_eq((*vp)[i].label, TG_LABEL_ORG))
            org = 2 * ((*vp)[i].tok_last - a + 1) >= p - a;
        if (!org || tg_en_word_in(text, &tokens[p - 1], laws, sizeof laws / sizeof *laws))
            continue;
        if (!tg_en_put_span(tokens, vp, np, cap, a, p - 1, tg_en_evident_org))
            return 0;
        for (size_t t = 0; t < ntokens; t++) {
            if (!tg_en_same_words(text, tokens, t, x, 1) ||
                (t != x && ((t > 0 && tokens[t - 1].sentence == tokens[t].sentence &&
                             tg_en_name_word(tc, &tokens[t - 1])) ||
                            (t + 1 < ntokens && tokens[t + 1].sentence == tokens[t].sentence &&
                             tg_en_name_word(tc, &tokens[t + 1])))) ||
                !tg_en_spans_within(*vp, *np, t, t, &j))
                continue;
            if (j < *np && (tg_label_eq((*vp)[j].label, TG_LABEL_ORG) ||
                            !(tg_label_eq((*vp)[j].label, TG_LABEL_PERSON) ||
                              tg_label_is((*vp)[j].label, TG_LABEL_IS_PLACE))))
                continue;
            if (!tg_en_put_span(tokens, vp, np, cap, t, t, tg_en_evident_org))
                return 0;
        }
        p += 2;
    }
    return 1;
}

static int institution(const char *text, const tagger_token *tokens, size_t a, size_t b);

/* English, one document: a span the model ran across a possessive "'s" ("Korea's Hyundai",
 * "BBC's Newsnight", "Deutsche Boerse's management") is two names or one: it ends before
 * "'s" when a word in lower case follows it, and is cut in two when the words before "'s"
 * are a listed name (they take the list's label, the rest keeps the span's, a person's
 * when it starts with a first name: "Deutsche Bank's Simon Champion"; an ORG span is cut
 * before a first name and another word, or after an institution's word before two name's
 * words, also when the words before "'s" are unlisted: "The SETI Institute's Seth Shostak").  Names with "'s" of
 * their own ("Destiny's Child", "Queen's Club", "Foster's Group") are no listed name before
 * it and stay.  *v grows (*cap) and stays sorted.  Returns 0 when out of memory. */
static int possessive_splits(const tg_ner_input *in, const char *text, const tagger_token *tokens,
                             tg_ner_span **vp, size_t *np, size_t *cap)
{
    for (size_t i = 0; i < *np; i++) {
        tg_ner_span *v = *vp;
        size_t f = v[i].tok_first, l = v[i].tok_last, p;
        if (!(tg_label_eq(v[i].label, TG_LABEL_ORG) ||
              tg_label_eq(v[i].label, TG_LABEL_PERSON) ||
              tg_label_is(v[i].label, TG_LABEL_IS_PLACE)))
            continue;
        for (p = f + 1; p < l && !tg_en_token_is(text, &tokens[p], "'s"); p++)
            ;
        if (p >= l)
            continue;
        if (tokens[p + 1].kind == TAGGER_TOKEN_WORD && text[tokens[p + 1].start] >= 'a' &&
            text[tokens[p + 1].start] <= 'z') {
            v[i].tok_last = p - 1;
            v[i].norm_end = tokens[p - 1].norm_end;
            continue;
        }
        const char *first = tg_en_listed_label(in, f, p - 1);
        const char *rest = tg_en_first_name(text, &tokens[p + 1]) && p + 1 < l
                               ? tg_label_name(TG_LABEL_PERSON)
                               : v[i].label;
        if (!first && tg_label_eq(v[i].label, TG_LABEL_ORG) &&
            (rest != v[i].label ||
             (l == p + 2 && institution(text, tokens, p - 1, p - 1) &&
              tg_en_name_shaped(text, &tokens[p + 1]) &&
              tg_en_name_shaped(text, &tokens[l]) &&
              !institution(text, tokens, p + 1, l) &&
              !tg_en_company_word(text, &tokens[l])))) {
            first = tg_label_name(TG_LABEL_ORG); /* "The SETI Institute's Seth Shostak" */
            rest = tg_label_name(TG_LABEL_PERSON);
        }
        if (!first)
            continue;
        v[i].tok_last = p - 1;
        v[i].norm_end = tokens[p - 1].norm_end;
        v[i].label = first;
        if (!tg_en_put_span(tokens, vp, np, cap, p + 1, l, rest))
            return 0;
    }
    return 1;
}

/* English: a party's one-word name right before a noun of its people or its politics
 * ("Labour campaign posters", "Tory leader", "Republican senator", "Democratic
 * convention") is the party's adjective, as CoNLL-2003 tags it (MISC: "Democratic
 * convention" 7 of 7, "Republican congressmen", "challenger") and the dev set's
 * guidelines write: a model ORG span on it becomes NORP.  A verb after the name keeps it
 * ("Labour has", "Labour won"), and so does "party" ("Likud party" is an ORG in CoNLL,
 * "Democratic party" MISC).  The singular of a party of two words, "Liberal Democrat" or "Lib
 * Dem", before any word in lower case is the adjective too ("Lib Dem home affairs
 * spokesman", "Liberal Democrat plans"; the party is plural, "the Liberal Democrats
 * have", or has its "'s": "the Lib Dem's call"). */
static void party_adjectives(const char *text, const tagger_token *tokens, size_t ntokens,
                             tg_ner_span *v, size_t n)
{
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
        size_t f = v[i].tok_first, l = v[i].tok_last;
        if (l + 1 >= ntokens || !tg_label_eq(v[i].label, TG_LABEL_ORG) ||
            tokens[l + 1].sentence != tokens[l].sentence)
            continue;
        const char *w = text + tokens[l + 1].start;
        if ((f == l && tg_en_party_word(text, &tokens[f]) &&
             tg_en_word_in(text, &tokens[f + 1], nouns, sizeof nouns / sizeof *nouns)) ||
            (l == f + 1 && tokens[l + 1].kind == TAGGER_TOKEN_WORD && *w >= 'a' && *w <= 'z' &&
             ((tg_en_token_is(text, &tokens[f], "Liberal") && tg_en_token_is(text, &tokens[l], "Democrat")) ||
              (tg_en_token_is(text, &tokens[f], "Lib") && tg_en_token_is(text, &tokens[l], "Dem")))))
            v[i].label = tg_label_name(TG_LABEL_NORP);
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
        if (!tg_en_token_is(text, &tokens[t + 1], "administration") ||
            !tg_en_token_is_word(text, &tokens[t - 1], "the") || !tg_en_name_shaped(text, &tokens[t]) ||
            tg_truecase_lower_word(text + tokens[t].start, tokens[t].end - tokens[t].start) ||
            !tg_en_spans_within(*vp, *np, t, t, &i) || i < *np)
            continue;
        if (!tg_en_put_span(tokens, vp, np, cap, t, t, tg_label_name(TG_LABEL_PERSON)))
            return 0;
    }
    return 1;
}

/* Whether tokens a..b name an institution: one of them is an institution's word
 * ("Union", "Council", "Party", "Bank" ...). */
static int institution(const char *text, const tagger_token *tokens, size_t a, size_t b)
{
    static const char *const words[] = {
        "Union", "Council", "Party", "Foundation", "Association", "Commission", "Committee",
        "Federation", "Institute", "Society", "Agency", "Office", "Department", "Ministry",
        "Service", "Bank", "Court", "Board", "Authority", "Assembly", "Organisation",
        "Organization", "Fund", "Alliance", "Coalition", "Centre", "Center", "Trust"};
    for (size_t t = a; t <= b; t++)
        if (tg_en_word_in(text, &tokens[t], words, sizeof words / sizeof *words))
            return 1;
    return 0;
}

/* English: a "The" written with a capital after a word in lower case or a comma (inside a
 * sentence, and not in a Title Case headline's "Users In The Sky") right before an ORG
 * span is part of the organization's name ("at The Times", "group, The Ulster Defence
 * Association": CoNLL-2003 train has it inside 8 times of 9; the dev set's guidelines
 * too); not after a dash, a colon or a quote, which start a sentence of their own.  A "the"
 * in lower case is no part of a name: a span that starts with it ("the Independent", as
 * the model reads a newspaper's name with it) leaves it out; so does an institution's
 * span that starts a sentence with "The" ("The National Union of Journalists has called",
 * "The Bank said"; a paper's, a band's or a firm's keeps it: "The Times", "The SCO Group"). */
static void the_in_names(const char *text, const tagger_token *tokens, tg_ner_span *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t f = v[i].tok_first;
        if (f < v[i].tok_last && tg_en_token_is(text, &tokens[f], "the")) {
            v[i].tok_first = f + 1;
            v[i].norm_start = tokens[f + 1].norm_start;
            continue;
        }
        if (tg_label_eq(v[i].label, TG_LABEL_ORG) && f < v[i].tok_last &&
            tg_en_token_is(text, &tokens[f], "The") &&
            (f == 0 || tokens[f - 1].sentence != tokens[f].sentence ||
             tokens[f - 1].kind != TAGGER_TOKEN_WORD) &&
            institution(text, tokens, f + 1, v[i].tok_last)) {
            v[i].tok_first = f + 1;
            v[i].norm_start = tokens[f + 1].norm_start;
            continue;
        }
        if (f < 2 || !tg_label_eq(v[i].label, TG_LABEL_ORG) ||
            !tg_en_token_is(text, &tokens[f - 1], "The") ||
            tokens[f - 2].sentence != tokens[f].sentence ||
            (i > 0 && v[i - 1].tok_last >= f - 1) ||
            !((tokens[f - 2].kind == TAGGER_TOKEN_WORD &&
               text[tokens[f - 2].start] >= 'a' && text[tokens[f - 2].start] <= 'z') ||
              tg_en_token_is(text, &tokens[f - 2], ",")))
            continue;
        v[i].tok_first = f - 1;
        v[i].norm_start = tokens[f - 1].norm_start;
    }
}

/* English: an ORG span ending in "Radio" or "Channel" takes the station's number after it
 * ("BBC Radio 4", "Radio 1": the model stops before the number; the guidelines mark "BBC
 * Radio 4" one ORG). */
static void station_numbers(const char *text, const tagger_token *tokens, size_t ntokens,
                            tg_ner_span *v, size_t n)
{
    static const char *const heads[] = {"Radio", "Channel"};
    for (size_t i = 0; i < n; i++) {
        size_t l = v[i].tok_last;
        if (l + 1 >= ntokens || !tg_label_eq(v[i].label, TG_LABEL_ORG) ||
            !tg_en_word_in(text, &tokens[l], heads, sizeof heads / sizeof *heads) ||
            tokens[l + 1].kind != TAGGER_TOKEN_NUMBER ||
            tokens[l + 1].sentence != tokens[l].sentence ||
            tokens[l + 1].end - tokens[l + 1].start > 1 ||
            (i + 1 < n && v[i + 1].tok_first == l + 1))
            continue;
        v[i].tok_last = l + 1;
        v[i].norm_end = tokens[l + 1].norm_end;
    }
}

/* English: a place or a people's name right before a contest's word in capitals ("China
 * Open", "Australian Open", "New York Marathon", "Chinese Grand Prix", "Athens Games",
 * "Kremlin Cup") is the contest's name: one EVENT span on both (CoNLL-2003 tags them
 * MISC, the dev set's guidelines EVENT), unless a span of its own starts on the word. */
static void contest_names(const char *text, const tagger_token *tokens, size_t ntokens,
                          tg_ner_span *v, size_t n)
{
    static const char *const contests[] = {"Open", "Marathon", "Games", "Masters", "Classic",
                                           "Championship", "Championships", "Cup", "Trophy",
                                           "Invitational", "Grand"};
    for (size_t i = 0; i < n; i++) {
        size_t l = v[i].tok_last, w = l + 1;
        if (w >= ntokens ||
            (!tg_label_is(v[i].label, TG_LABEL_IS_PLACE) &&
             !tg_label_eq(v[i].label, TG_LABEL_NORP)) ||
            !tg_en_word_in(text, &tokens[w], contests,
                           sizeof contests / sizeof *contests) ||
            tokens[w].sentence != tokens[l].sentence ||
            (i + 1 < n && v[i + 1].tok_first <= w + 1))
            continue;
        if (tg_en_token_is(text, &tokens[w], "Grand")) {
            if (w + 1 >= ntokens || !tg_en_token_is(text, &tokens[w + 1], "Prix"))
                continue;
            w++;
        }
        v[i].tok_last = w;
        v[i].norm_end = tokens[w].norm_end;
        v[i].label = tg_label_name(TG_LABEL_EVENT);
    }
}

/* English, one document: an institution's name that the model cut at a link word takes
 * the rest ("the Department of Work" + "and Pensions", "the National Council" + "for
 * Adoption", "Court of Arbitration" + "for Sport"): an ORG span with an institution's
 * word (institution) or "of" in it, followed by "for" or, when it has "of" or "for" in it,
 * "and", and capitalized words no span has, up to a word in lower case.  And the words
 * before a cut name, after a word in lower case or "The": an institution's word before "of" ("the
 * Office of" + "National Statistics"), or words English writes in lower case before
 * "and" when the name ends in an institution's word ("the Public and" + "Commercial
 * Services Union"; not "Free and" + "Bad Company", two bands). */
static void linked_names(const char *text, const tagger_token *tokens, size_t ntokens,
                         tg_ner_span *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t f = v[i].tok_first, l = v[i].tok_last, has_of = 0;
        if (!tg_label_eq(v[i].label, TG_LABEL_ORG))
            continue;
        for (size_t t = f; t <= l; t++)
            has_of |= tg_en_token_is(text, &tokens[t], "of") || tg_en_token_is(text, &tokens[t], "for");
        size_t k = l + 1;
        if (k + 1 < ntokens && tokens[k + 1].sentence == tokens[l].sentence &&
            (has_of || institution(text, tokens, f, l)) &&
            (tg_en_token_is(text, &tokens[k], "for") || (has_of && tg_en_token_is(text, &tokens[k], "and")))) {
            size_t b = tg_en_name_run(text, NULL, tokens, ntokens, k + 1);
            if (b > k && (i + 1 >= n || v[i + 1].tok_first > b) &&
                (b + 1 >= ntokens || tokens[b + 1].sentence != tokens[b].sentence ||
                 !tg_en_name_word(text, &tokens[b + 1]))) {
                v[i].tok_last = b;
                v[i].norm_end = tokens[b].norm_end;
            }
        }
        int of = f >= 3 && tg_en_token_is(text, &tokens[f - 1], "of");
        if (f < 3 || !(of || (tg_en_token_is(text, &tokens[f - 1], "and") && institution(text, tokens, l, l))) ||
            tokens[f - 2].sentence != tokens[f].sentence || (i > 0 && v[i - 1].tok_last >= f - 2))
            continue;
        size_t a = f - 1;
        while (a > 0 && tokens[a - 1].sentence == tokens[f].sentence && tg_en_name_shaped(text, &tokens[a - 1]) &&
               tg_truecase_lower_word(text + tokens[a - 1].start, tokens[a - 1].end - tokens[a - 1].start) &&
               (i == 0 || v[i - 1].tok_last < a - 1) && !(of && a < f - 1))
            a--;
        if (a == f - 1 || a == 0 || (of && !institution(text, tokens, a, a)) || tokens[a - 1].sentence != tokens[f].sentence ||
            tokens[a - 1].kind != TAGGER_TOKEN_WORD ||
            !((text[tokens[a - 1].start] >= 'a' && text[tokens[a - 1].start] <= 'z') ||
              tg_en_token_is(text, &tokens[a - 1], "The")))
            continue;
        v[i].tok_first = a;
        v[i].norm_start = tokens[a].norm_start;
    }
}

/* Whether the document speaks of space ("Earth", "solar", "orbit" …): its "the Sun" is the
 * star. */
static int star_words(const char *text, const tagger_token *tokens, size_t ntokens)
{
    static const char *const words[] = {"Earth", "solar", "planet", "planets", "orbit", "Nasa",
                                        "NASA", "space", "astronomers", "spacecraft"};
    for (size_t t = 0; t < ntokens; t++)
        for (size_t j = 0; j < sizeof words / sizeof *words; j++)
            if (tg_en_token_is_word(text, &tokens[t], words[j]))
                return 1;
    return 0;
}

/* English, one document: a British newspaper named by its bare name after a "the" in lower
 * case ("told the Guardian", "the Sunday Times reported", "the Mail on Sunday") is an
 * organization, its words without "the" (the dev set's guidelines), where the model found
 * nothing there or spans within those words.  Not before another capitalized word ("the
 * Times Educational Supplement", "the Sun Grid", "the Guardian Council") or a hyphen ("the
 * Herald-Mail"), nor "the Sun" in a document about space (star_words).  Returns 0 when out
 * of memory. */
static int newspapers(const char *text, const tagger_token *tokens, size_t ntokens,
                      tg_ner_span **vp, size_t *np, size_t *cap)
{
    static const char *const firsts[] = {"Sunday", "Daily", "Evening", "Financial"};
    static const char *const bare[] = {"Guardian", "Times",  "Independent", "Observer",
                                       "Telegraph", "Mirror", "Sun",         "Mail",
                                       "Express",   "Herald", "Scotsman",    "Economist"};
    static const char *const after_first[] = {"Standard", "Star", "Post", "People", "Record"};
    for (size_t t = 1; t < ntokens; t++) {
        size_t a = t, b = t, i;
        if (!tg_en_token_is(text, &tokens[t - 1], "the") || tokens[t - 1].sentence != tokens[t].sentence)
            continue;
        if (t + 1 < ntokens && tokens[t + 1].sentence == tokens[t].sentence &&
            tg_en_word_in(text, &tokens[t], firsts, sizeof firsts / sizeof *firsts) &&
            (tg_en_word_in(text, &tokens[t + 1], bare, sizeof bare / sizeof *bare) ||
             tg_en_word_in(text, &tokens[t + 1], after_first, sizeof after_first / sizeof *after_first)))
            b = t + 1;
        else if (!tg_en_word_in(text, &tokens[t], bare, sizeof bare / sizeof *bare))
            continue;
        if (b + 2 < ntokens && tokens[b + 2].sentence == tokens[b].sentence &&
            tg_en_token_is(text, &tokens[b + 1], "on") && tg_en_token_is(text, &tokens[b + 2], "Sunday"))
            b += 2;
        if ((b + 1 < ntokens && tokens[b + 1].sentence == tokens[b].sentence &&
             (tg_en_name_word(text, &tokens[b + 1]) ||
              tokens[b + 1].start == tokens[b].end)) ||
            (a == b && tg_en_token_is(text, &tokens[a], "Sun") &&
             star_words(text, tokens, ntokens)) ||
            !tg_en_spans_within(*vp, *np, a, b, &i) ||
            (i < *np && (*vp)[i].tok_first == a && (*vp)[i].tok_last == b &&
             tg_label_eq((*vp)[i].label, TG_LABEL_ORG)))
            continue;
        if (!tg_en_put_span(tokens, vp, np, cap, a, b, tg_en_evident_org))
            return 0;
        t = b;
    }
    return 1;
}

/* English: a span that is a music genre written like a name ("hip-hop, R&B, garage": the
 * model's ORG; the guidelines tag no genre) is no entity.  Compacts v; returns the new count. */
static size_t genres(const char *text, const tagger_token *tokens, tg_ner_span *v, size_t n)
{
    static const char *const names[] = {"R&B", "R & B", "RnB"};
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t a = tokens[v[i].tok_first].start, len = tokens[v[i].tok_last].end - a, j = 0;
        while (j < sizeof names / sizeof *names &&
               !(strlen(names[j]) == len && memcmp(text + a, names[j], len) == 0))
            j++;
        if (j == sizeof names / sizeof *names)
            v[k++] = v[i];
    }
    return k;
}

int tg_ner_english_spans(const tg_ner_input *in, const char *text, const char *tc,
                         const tagger_token *tokens, size_t ntokens, tg_ner_span **vp, size_t *n,
                         size_t *cap)
{
    tg_ner_span *v = *vp;
    *n = tg_en_markup_spans(text, tokens, ntokens, v, *n);
    *n = wire_markup(text, tokens, ntokens, v, *n);
    *n = genres(text, tokens, v, *n);
    *n = tg_en_joined_names(text, tokens, ntokens, v, *n);
    *n = common_abbreviations(text, tokens, ntokens, v, *n);
    person_titles(text, tokens, v, *n);
    leading_words(text, tokens, v, *n);
    *n = tg_en_headline_names(in, text, tokens, ntokens, v, *n);
    company_roles(text, tokens, ntokens, v, *n);
    company_words(text, tokens, v, *n);
    return company_names(text, tc, tokens, ntokens, vp, n, cap) &&
           company_context(text, tc, tokens, ntokens, vp, n, cap) &&
           company_descriptors(text, tc, tokens, ntokens, vp, n, cap) &&
           acronym_definitions(text, tc, tokens, ntokens, vp, n, cap) &&
           middle_initials(text, tc, tokens, ntokens, vp, n, cap) &&
           tg_en_surname_consistency(in, text, tc, tokens, ntokens, vp, n, cap) &&
           tg_en_work_titles(in, *vp, *n) &&
           (tg_en_coordinated_people(in, text, *vp, *n), 1) &&
           tg_en_coordinated_orgs(in, text, tc, vp, n, cap) &&
           tg_en_officer_orgs(in, text, tc, vp, n, cap) &&
           possessive_splits(in, text, tokens, vp, n, cap) &&
           tg_en_org_consistency(text, tc, tokens, ntokens, vp, n, cap) &&
           administration_names(text, tokens, ntokens, vp, n, cap) &&
           (party_adjectives(text, tokens, ntokens, *vp, *n), 1) &&
           storm_names(text, tokens, ntokens, *vp, *n) &&
           newspapers(text, tokens, ntokens, vp, n, cap) &&
           tg_en_datelines(in, vp, n, cap) &&
           (station_numbers(text, tokens, ntokens, *vp, *n), contest_names(text, tokens, ntokens, *vp, *n),
            linked_names(text, tokens, ntokens, *vp, *n),
            the_in_names(text, tokens, *vp, *n), 1) &&
           tg_en_listed_kinds(in, text, tc, vp, n, cap);
}
