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
 * Datelines (tg_en_datelines): a run of words in capitals opening a sentence, before a wire's
 * credit in parentheses and a dash ("UNITED NATIONS (Reuters) -", "SAN DIEGO (Sports
 * Network) -") or before a comma, one to three words of a state or country and a dash or a
 * parenthesis ("MARAGUNDON, Philippines --", "ROSTOV-ON-DON, RUSSIA -"), is a place: the
 * model's spans there become one GPE span.
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
    size_t i, listed_end = tg_ner_gaz_at(in, s->tok_first, &i);
    for (; i < listed_end; i++) /* a listed name, an ambiguous alias too ("?Bin Laden") */
        if (in->gaz_by_first[i]->tok_last == s->tok_last)
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

/* Whether a dateline's place (tokens up to b) is followed by a credit in parentheses and a
 * dash, or by a comma, a state or country of one to three words and a dash or "(". */
static int dateline_after(const char *text, const tagger_token *tokens, size_t ntokens, size_t b)
{
    size_t t = b + 1;
    if (t >= ntokens || tokens[t].sentence != tokens[b].sentence)
        return 0;
    if (tg_en_token_is(text, &tokens[t], "(")) {
        size_t c = t + 1;
        while (c < ntokens && c <= t + 4 && !tg_en_token_is(text, &tokens[c], ")"))
            c++;
        return c > t + 1 && c + 1 < ntokens && tg_en_token_is(text, &tokens[c], ")") &&
               dash_token(text, &tokens[c + 1]);
    }
    if (!tg_en_token_is(text, &tokens[t], ","))
        return 0;
    size_t c = t + 1;
    while (c < ntokens && c <= t + 4 && (tg_en_name_word(text, &tokens[c]) || tg_en_token_is(text, &tokens[c], ".")))
        c++;
    return c > t + 1 && c <= t + 4 && c < ntokens &&
           (dash_token(text, &tokens[c]) || tg_en_token_is(text, &tokens[c], "("));
}

int tg_en_datelines(const char *text, const tagger_token *tokens, size_t ntokens,
                    tg_ner_span **vp, size_t *np, size_t *cap)
{
    for (size_t a = 0; a < ntokens; a++) {
        if ((a > 0 && tokens[a - 1].sentence == tokens[a].sentence) || !tg_en_all_capitals(text, &tokens[a]))
            continue;
        size_t b = a;
        while (b + 2 < ntokens && tokens[b + 1].sentence == tokens[a].sentence &&
               (tg_en_all_capitals(text, &tokens[b + 1]) ||
                (dash_token(text, &tokens[b + 1]) && tokens[b + 1].start == tokens[b].end &&
                 tokens[b + 2].start == tokens[b + 1].end && tg_en_all_capitals(text, &tokens[b + 2]))))
            b += tg_en_all_capitals(text, &tokens[b + 1]) ? 1 : 2;
        size_t inside;
        if (b > a + 5 || !dateline_after(text, tokens, ntokens, b) ||
            !tg_en_spans_within(*vp, *np, a, b, &inside))
            continue;
        if (!tg_en_put_span(tokens, vp, np, cap, a, b, tg_label_name(TG_LABEL_GPE)))
            return 0;
    }
    return 1;
}
