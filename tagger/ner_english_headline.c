/*
 * ner_english_headline — English: a Title Case headline's organization (issue 21, docs/english.md
 * "Tickers, club towns after a match word, firms the lists lacked, headlines").  AG News opens
 * each item with its title in Title Case, and the model runs an ORG span on into the title's
 * verbs and nouns ("Apple Recalls Flaming", "Dodgers Nip Giants").  Called by ner_english.c
 * on the model's spans of one document.
 *
 * Algorithm: the headline is the document's first sentence, read only when in Title Case.
 * For each ORG span of several words there that no list has and the rest of the document
 * never writes as a whole name, the cut words are tried from the last one back; the span ends
 * at the first cut whose words before it are a whole name in the rest of the document (a
 * search of the rest's bytes for each candidate: quadratic in the worst case, headlines are
 * a few words), with the label of the model's span on those words in the rest, if any.  A
 * person's or place's span opening the headline leaves out a first word that English
 * writes in lower case (headline_first_word).
 *
 * Datelines (tg_en_datelines): a run of words in capitals opening a sentence, or after a
 * wire's name and a dash ("Canadian Press - VERNON, B.C. (CP) -"), before a wire's credit in
 * parentheses and a dash ("UNITED NATIONS (Reuters) -", "SAN DIEGO (Sports Network) -") or
 * before a comma, one to three words of a state or country and a dash or a parenthesis
 * ("MARAGUNDON, Philippines --", "ROSTOV-ON-DON, RUSSIA -"), is a place: the model's spans
 * there become one GPE span (a FAC span where the place is a military base: "GUANTANAMO BAY
 * NAVAL BASE, Cuba -").  Where the run opens a line, a comma and a US state's or a
 * Canadian province's abbreviation ("CLEMSON, SC South Carolina and ...") or a listed place
 * ("CRAWFORD, Texas As President ...") make it a dateline without the dash (AG News lost
 * some), unless the run is a listed organization ("EU, US agree").  The abbreviation is a
 * GPE span too ("SC", "Del", "B.C."; a model span that runs from it over the dash starts
 * after the dash: "NY - Army"), and a model place on exactly the credit's words is the wire,
 * an ORG ("(CP)", "(Ticker)").  One pass over the tokens; each dateline reads a few tokens
 * around it.
 */
#include <string.h>
#include <strings.h> /* strncasecmp */

#include "labels.h"
#include "ner_internal.h"
#include "truecase.h"

/* Whether byte c is part of a word (a letter, a digit, a UTF-8 byte). */
static int word_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (unsigned char)c >= 0x80;
}

/* Whether text[a..b) occurs in text[from..end) as a whole name: not inside a word, nor
 * followed by another capitalized word ("Air" of "Air New Zealand" is not "Air"). */
static int whole_name_in(const char *text, size_t a, size_t b, size_t from, size_t end)
{
    size_t len = b - a;
    for (size_t p = from; p + len <= end; p++) {
        if (memcmp(text + p, text + a, len) != 0 || (p > 0 && word_byte(text[p - 1])))
            continue;
        size_t q = p + len;
        if (q < end && (word_byte(text[q]) ||
                        (text[q] == ' ' && q + 1 < end && text[q + 1] >= 'A' && text[q + 1] <= 'Z')))
            continue;
        return 1;
    }
    return 0;
}

/* The label of the model's first span after the headline (its tokens from h) on the same
 * words as span s, or s's own when there is none ("Kobe Bryant Accuser" cut to "Kobe
 * Bryant", the article's PERSON "basketball star Kobe Bryant": a person, not an ORG). */
static const char *body_label(const char *text, const tagger_token *tokens, const tg_ner_span *v,
                              size_t n, const tg_ner_span *s, size_t h)
{
    size_t len = s->tok_last - s->tok_first + 1;
    for (size_t j = 0; j < n; j++)
        if (v[j].tok_first >= h && v[j].tok_last - v[j].tok_first + 1 == len &&
            tg_en_same_words(text, tokens, s->tok_first, v[j].tok_first, len))
            return v[j].label;
    return s->label;
}

/* Whether the model's PERSON or place span *s opening a Title Case headline starts with a
 * word English writes in lower case (truecase.c's list; no first name), is no listed name
 * and whose first two words the article does not write (body..end: "bin Laden"): the
 * headline's first word is left out ("Upstarts Guatemala, Panama Face Crunch" is
 * "Guatemala", with the list's label), and a span of that word alone or ending in such a
 * word goes ("Young People Practicing", "Man Sought", "Holes Found"): returns 1 when it
 * goes. */
static int headline_first_word(const tg_ner_input *in, const char *text, const tagger_token *tokens,
                               size_t body, size_t end, tg_ner_span *s)
{
    const tagger_token *w = &tokens[s->tok_first], *last = &tokens[s->tok_last];
    if (s->tok_first != 0 ||
        !(tg_label_eq(s->label, TG_LABEL_PERSON) ||
          tg_label_is(s->label, TG_LABEL_IS_PLACE)) ||
        !tg_en_name_shaped(text, w) || tg_en_first_name(text, w) ||
        !tg_truecase_lower_word(text + w->start, w->end - w->start) ||
        whole_name_in(text, w->start, last->end, body, end))
        return 0;
    /* its first two words in the article, the first in any case ("bin Laden", "Spike Lee
     * Honored" of "director Spike Lee") */
    size_t wl = w->end - w->start, len = tokens[s->tok_first + 1].end - w->start;
    for (size_t p = body; s->tok_last > s->tok_first && p + len <= end; p++)
        if (strncasecmp(text + p, text + w->start, wl) == 0 &&
            memcmp(text + p + wl, text + w->end, len - wl) == 0)
            return 0;
    if (tg_en_listed_exactly(in, s->tok_first, s->tok_last)) /* "?Bin Laden" */
        return 0;
    if (s->tok_last == s->tok_first || tg_truecase_lower_word(text + last->start, last->end - last->start))
        return 1;
    size_t f = s->tok_first + 1;
    while (f < s->tok_last && tg_ner_edge_kind(tokens[f].kind))
        f++;
    const char *listed = tg_en_listed_label(in, f, s->tok_last);
    s->tok_first = f;
    s->norm_start = tokens[f].norm_start;
    if (listed)
        s->label = tg_label_name_of(listed);
    return 0;
}

/* English, a headline (the text's first sentence: AG News' title line) in Title Case: the
 * model's ORG span there runs on into the headline's verbs and nouns ("Apple Recalls
 * Flaming", "Goldman Sachs Enters Fray", "Dodgers Nip Giants").  A span of several words
 * that the rest of the document never writes, and no list has, ends before its last
 * capitalized word (not a firm's or an organization's word: "China Telecom") after which
 * its words, ending in a name's word (not "Israel's"), are a whole name in the rest of
 * the document ("Apple", "Goldman Sachs"). */
size_t tg_en_headline_names(const tg_ner_input *in, const char *text, const tagger_token *tokens,
                             size_t ntokens, tg_ner_span *v, size_t n)
{
    size_t h = 0;
    while (h < ntokens && tokens[h].sentence == tokens[0].sentence)
        h++;
    if (h == ntokens)
        return n;
    size_t body = tokens[h].start, end = tokens[ntokens - 1].end, words = 0, capitals = 0;
    for (size_t t = 0; t < h; t++)
        if (tokens[t].kind == TAGGER_TOKEN_WORD && tokens[t].end - tokens[t].start >= 4) {
            words++;
            capitals += text[tokens[t].start] >= 'A' && text[tokens[t].start] <= 'Z';
        }
    if (words < 3 || capitals + 1 < words) /* Title Case: every long word but one */
        return n;
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        if (!headline_first_word(in, text, tokens, body, end, &v[i]))
            v[kept++] = v[i];
    }
    n = kept;
    for (size_t i = 0; i < n; i++) {
        tg_ner_span *s = &v[i];
        if (tokens[s->tok_last].end > body || s->tok_last == s->tok_first ||
            !tg_label_eq(s->label, TG_LABEL_ORG) ||
            tg_en_listed_label(in, s->tok_first, s->tok_last) ||
            whole_name_in(text, tokens[s->tok_first].start, tokens[s->tok_last].end, body,
                          end))
            continue;
        for (size_t k = s->tok_last; k > s->tok_first; k--) {
            const tagger_token *cut = &tokens[k];
            if (!tg_en_name_shaped(text, cut) || tg_en_company_word(text, cut))
                break;
            if (tg_en_name_word(text, &tokens[k - 1]) &&
                whole_name_in(text, tokens[s->tok_first].start, tokens[k - 1].end, body, end)) {
                s->tok_last = k - 1;
                s->norm_end = tokens[k - 1].norm_end;
                s->label = body_label(text, tokens, v, n, s, h);
                break;
            }
        }
    }
    return n;
}

/* Whether token t is a hyphen, dash or double dash. */
static int dash_token(const char *text, const tagger_token *t)
{
    return t->kind == TAGGER_TOKEN_PUNCT && (text[t->start] == '-' || (unsigned char)text[t->start] == 0xE2);
}

/* Whether token t is the abbreviation of a US state or a Canadian province that datelines
 * write after the place ("CLEMSON, SC", "GEORGETOWN, Del.", "VERNON, B.C.", "KINDERSLEY,
 * SASK."): a postal code in capitals, or AP's abbreviation in any letter case (its dot is the
 * next token; ner_english_region.c has the table). */
static int region_abbreviation(const char *text, const tagger_token *t)
{
    return tg_en_region_code(text, t) != NULL;
}

/* Whether tokens a..b are exactly a list's place, or organization (not an ambiguous alias). */
static int listed_place(const tg_ner_input *in, size_t a, size_t b)
{
    const char *l = tg_en_listed_label(in, a, b);
    return l && tg_label_eq(l, TG_LABEL_GPE);
}

static int listed_org(const tg_ner_input *in, size_t a, size_t b)
{
    const char *l = tg_en_listed_label(in, a, b);
    return l && tg_label_eq(l, TG_LABEL_ORG);
}

/* Whether a dateline's place (tokens up to b) is followed by a credit in parentheses and a
 * dash, or by a comma, a state or country of one to three words and a dash or "(".  When the
 * comma is followed by a state's or province's abbreviation (region_abbreviation), *region
 * becomes its token and no dash is needed where the place opens a line (line_start: "CLEMSON,
 * SC South Carolina and Clemson duked it out"); nor is one after a listed place there
 * ("CRAWFORD, Texas As President Bush ...").  *region is ntokens otherwise.  Returns 2 for
 * those read at a line's start, 1 for the others, 0 for none. */
static int dateline_after(const tg_ner_input *in, size_t b, int line_start, size_t *region)
{
    const char *text = in->text;
    const tagger_token *tokens = in->tokens;
    size_t ntokens = in->ntokens, t = b + 1;
    *region = ntokens;
    if (t >= ntokens || tokens[t].sentence != tokens[b].sentence)
        return 0;
    if (tg_en_token_is(text, &tokens[t], "(")) {
        size_t c = t + 1;
        while (c < ntokens && c <= t + 4 && !tg_en_token_is(text, &tokens[c], ")"))
            c++;
        return c > t + 1 && c + 1 < ntokens && tg_en_token_is(text, &tokens[c], ")") &&
               dash_token(text, &tokens[c + 1]);
    }
    if (!tg_en_token_is(text, &tokens[t], ",") || t + 1 >= ntokens)
        return 0;
    if (region_abbreviation(text, &tokens[t + 1])) {
        size_t c = t + 2 < ntokens && tg_en_token_is(text, &tokens[t + 2], ".") ? t + 3 : t + 2;
        int marked = c < ntokens && (dash_token(text, &tokens[c]) || tg_en_token_is(text, &tokens[c], "(") ||
                                     tg_en_token_is(text, &tokens[c], ","));
        if (marked || line_start) {
            *region = t + 1;
            return marked ? 1 : 2;
        }
    }
    size_t c = t + 1;
    while (c < ntokens && c <= t + 4 && (tg_en_name_word(text, &tokens[c]) || tg_en_token_is(text, &tokens[c], ".")))
        c++;
    if (c > t + 1 && c <= t + 4 && c < ntokens &&
        (dash_token(text, &tokens[c]) || tg_en_token_is(text, &tokens[c], "(")))
        return 1;
    if (!line_start)
        return 0;
    for (c = t + 1; c <= t + 3 && c < ntokens && tokens[c].sentence == tokens[t].sentence; c++)
        if (listed_place(in, t + 1, c))
            return 2;
    return 0;
}

/* Whether the dateline's place at token a opens a line (the first token, or a line break
 * before it) or follows a wire's name and a dash on it ("Canadian Press - VERNON, B.C.
 * (CP) -", "SPACE.com - BOULDER, Colo. --"); *after_dash tells the latter. */
static int line_start_at(const char *text, const tagger_token *tokens, size_t a, int *after_dash)
{
    *after_dash = a >= 2 && dash_token(text, &tokens[a - 1]) && tokens[a - 2].kind == TAGGER_TOKEN_WORD &&
                  tokens[a - 1].sentence == tokens[a].sentence;
    if (*after_dash || a == 0)
        return 1;
    for (size_t p = tokens[a - 1].end; p < tokens[a].start; p++)
        if (text[p] == '\n')
            return 1;
    return 0;
}

/* A span that runs from a wire's name over the dash into the dateline's place at tokens
 * a..b ("Canadian Press - VERNON": the model's ORG) ends before the dash. */
static void wire_before(const tagger_token *tokens, tg_ner_span *v, size_t n, size_t a, size_t b)
{
    size_t i = tg_en_span_before(v, n, a);
    if (i < n && v[i].tok_first + 2 <= a && v[i].tok_last >= a && v[i].tok_last <= b) {
        v[i].tok_last = a - 2;
        v[i].norm_end = tokens[a - 2].norm_end;
    }
}

/* The wire's credit in parentheses after a dateline's place (tokens up to b) and its state,
 * before a dash ("VERNON, B.C. (CP) -", "BEREA, Ohio (Ticker) -"), is an organization: the
 * model's place span on exactly its words becomes ORG. */
static void credit_org(const char *text, const tagger_token *tokens, size_t ntokens, tg_ner_span *v,
                       size_t n, size_t b)
{
    size_t p = b + 1, q;
    while (p < ntokens && p <= b + 6 && !tg_en_token_is(text, &tokens[p], "(") && !dash_token(text, &tokens[p]))
        p++;
    if (p >= ntokens || p > b + 6 || !tg_en_token_is(text, &tokens[p], "("))
        return;
    for (q = p + 1; q < ntokens && q <= p + 4 && !tg_en_token_is(text, &tokens[q], ")"); q++)
        ;
    size_t i = tg_en_span_before(v, n, p + 1);
    if (q + 1 < ntokens && q <= p + 4 && q > p + 1 && tg_en_token_is(text, &tokens[q], ")") &&
        dash_token(text, &tokens[q + 1]) && i < n && v[i].tok_first == p + 1 &&
        v[i].tok_last == q - 1 && tg_label_is(v[i].label, TG_LABEL_IS_PLACE))
        v[i].label = tg_label_name(TG_LABEL_ORG);
}

/* The dateline's state or province at token r is a GPE span; a model span that starts there
 * and runs past the dash after it starts after the dash ("WEST POINT, NY - Army 's sprint
 * football team": the model's ORG "NY - Army"). */
static int region_span(const char *text, const tagger_token *tokens, size_t r, tg_ner_span **vp,
                       size_t *np, size_t *cap)
{
    tg_ner_span *v = *vp;
    size_t i = tg_en_span_before(v, *np, r), inside;
    if (i < *np && v[i].tok_first == r && v[i].tok_last == r + 1 &&
        tg_en_token_is(text, &tokens[r + 1], ".")) {
        v[i].label = tg_label_name(TG_LABEL_GPE); /* the model's "B.C." with its dot */
        return 1;
    }
    if (i < *np && v[i].tok_first == r && v[i].tok_last > r) {
        size_t d = r + 1;
        while (d <= v[i].tok_last && (tg_en_token_is(text, &tokens[d], ".") || dash_token(text, &tokens[d])))
            d++;
        if (d == r + 1 || d > v[i].tok_last || !dash_token(text, &tokens[d - 1]))
            return 1;
        v[i].tok_first = d;
        v[i].norm_start = tokens[d].norm_start;
    }
    if (!tg_en_spans_within(v, *np, r, r, &inside))
        return 1;
    return tg_en_put_span(tokens, vp, np, cap, r, r, tg_label_name(TG_LABEL_GPE));
}

/* Whether a dateline's place, tokens a..b, is a military base ("GUANTANAMO BAY NAVAL BASE",
 * "US NAVAL BASE GUANTANAMO BAY"): a facility, FAC, not the town or country it lies in. */
static int military_base(const char *text, const tagger_token *tokens, size_t a, size_t b)
{
    static const char *const kinds[] = {"NAVAL", "AIR", "MILITARY", "ARMY", "MARINE"};
    for (size_t t = a; t < b; t++)
        if (tg_en_word_in(text, &tokens[t], kinds, sizeof kinds / sizeof *kinds) &&
            tg_en_token_is(text, &tokens[t + 1], "BASE"))
            return 1;
    return 0;
}

int tg_en_datelines(const tg_ner_input *in, tg_ner_span **vp, size_t *np, size_t *cap)
{
    const char *text = in->text;
    const tagger_token *tokens = in->tokens;
    size_t ntokens = in->ntokens;
    for (size_t a = 0; a < ntokens; a++) {
        int after_dash;
        if (!tg_en_all_capitals(text, &tokens[a]))
            continue;
        int line = line_start_at(text, tokens, a, &after_dash);
        if (a > 0 && tokens[a - 1].sentence == tokens[a].sentence && !after_dash)
            continue;
        size_t b = a;
        while (b + 2 < ntokens && tokens[b + 1].sentence == tokens[a].sentence &&
               (tg_en_all_capitals(text, &tokens[b + 1]) ||
                (dash_token(text, &tokens[b + 1]) && tokens[b + 1].start == tokens[b].end &&
                 tokens[b + 2].start == tokens[b + 1].end && tg_en_all_capitals(text, &tokens[b + 2]))))
            b += tg_en_all_capitals(text, &tokens[b + 1]) ? 1 : 2;
        size_t inside, region;

        int kind = b > a + 5 ? 0 : dateline_after(in, b, line, &region);
        if (kind && after_dash)
            wire_before(tokens, *vp, *np, a, b);
        if (!kind || (kind == 2 && listed_org(in, a, b)) ||
            !tg_en_spans_within(*vp, *np, a, b, &inside))
            continue;
        if (!tg_en_put_span(tokens, vp, np, cap, a, b,
                            tg_label_name(military_base(text, tokens, a, b) ? TG_LABEL_FAC : TG_LABEL_GPE)) ||
            (region < ntokens && !region_span(text, tokens, region, vp, np, cap)))
            return 0;
        credit_org(text, tokens, ntokens, *vp, *np, b);
        a = b;
    }
    return 1;
}
