/*
 * ner_english_titles — English: a work's title that the model read as a name (called by
 * ner_english.c on the model's spans of one document, before the pairs of people).
 *
 * A span of the model (PERSON, ORG or a place) that no list has is a work's title, a
 * PRODUCT as work_title (ner_english_label.c) makes them, when the document uses its words
 * as one somewhere: alone between quotes in a sentence with a noun of songs, records, films
 * or books ("I doubt that 'Angels' was even the best song of the week"), or as the subject of
 * "is a" / "was an" and at most two lower-case words before such a noun ("Angels is a decent
 * song", "Wolf Brother is an enchanting book").  Every span of the same words then is the
 * title: a readers' comments page names Robbie Williams' song 38 times, mostly bare ("Ok I
 * like Robbie and Angels is a decent song", where the pair rule made it a second person).
 * A quoted nickname ("Ahmed 'Mido' Hossam") has no such noun in its sentence.
 *
 * A span right after a noun of a work's kind ("Spanish drama Maria Full of Grace", "debut
 * feature Salaam Bombay") is the title too, and goes on over "of" or "the" and capitalized
 * words that no span has (the model's span stopped at "Maria Full").
 *
 * Algorithm: a pass over the spans for the kinds' titles; then one pass over the spans marks those of their own evidence and keeps their text
 * (sorted, for binary search), each sentence read once for its nouns; a second pass relabels
 * every span found there.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"
#include "ner_internal.h"

/* the nouns of works ("single" only in a quoted title's sentence: after "is a" it is an
 * adjective, "the largest single player") */
static const char *const nouns[] = {"song", "songs", "album", "track", "ballad", "anthem",
                                    "film", "movie", "novel", "book"};

/* Whether token t is an opening (open) or closing quote written against word w. */
static int quote_at(const char *text, const tagger_token *t, const tagger_token *w, int open)
{
    size_t n = t->end - t->start;
    const unsigned char *s = (const unsigned char *)text + t->start;
    if (t->kind != TAGGER_TOKEN_PUNCT || (open ? t->end != w->start : t->start != w->end))
        return 0;
    if (n == 1)
        return *s == '\'' || *s == '"';
    if (n != 3 || s[0] != 0xE2 || s[1] != 0x80) /* U+2018, U+201C open; U+2019, U+201D close */
        return 0;
    return open ? s[2] == 0x98 || s[2] == 0x9C : s[2] == 0x99 || s[2] == 0x9D;
}

/* Whether token t is a noun of works ("single" too when quoted). */
static int kind_noun(const char *text, const tagger_token *t, int quoted)
{
    return tg_en_word_in(text, t, nouns, sizeof nouns / sizeof *nouns) ||
           (quoted && tg_en_token_is(text, t, "single"));
}

/* Whether span s is quoted alone in a sentence with a noun of works.  The answer for the
 * last sentence read is kept in *memo_sentence / *memo (SIZE_MAX: none yet): the spans come
 * in token order, so each sentence is read once (a long sentence of quoted names stays
 * linear). */
static int quoted_title(const tg_ner_input *in, const tg_ner_span *s, size_t *memo_sentence,
                        int *memo)
{
    const tagger_token *tok = in->tokens;
    size_t f = s->tok_first, l = s->tok_last;
    if (f == 0 || l + 1 >= in->ntokens || !quote_at(in->text, &tok[f - 1], &tok[f], 1) ||
        !quote_at(in->text, &tok[l + 1], &tok[l], 0))
        return 0;
    if (*memo_sentence == tok[f].sentence && tok[l].sentence == tok[f].sentence)
        return *memo;
    size_t a = f, b = l;
    while (a > 0 && tok[a - 1].sentence == tok[f].sentence)
        a--;
    while (b + 1 < in->ntokens && tok[b + 1].sentence == tok[l].sentence)
        b++;
    int found = 0;
    for (size_t t = a; t <= b && !found; t++)
        found = kind_noun(in->text, &tok[t], 1);
    if (tok[l].sentence == tok[f].sentence) {
        *memo_sentence = tok[f].sentence;
        *memo = found;
    }
    return found;
}

/* Whether span s is followed by "is a" / "was an", at most two lower-case words and a noun
 * of works. */
static int described_title(const tg_ner_input *in, const tg_ner_span *s)
{
    static const char *const verbs[] = {"is", "was"}, *const articles[] = {"a", "an"};
    const tagger_token *tok = in->tokens;
    size_t t = s->tok_last + 1, sentence = tok[s->tok_last].sentence;
    if (t + 2 >= in->ntokens || !tg_en_word_in(in->text, &tok[t], verbs, 2) ||
        !tg_en_word_in(in->text, &tok[t + 1], articles, 2))
        return 0;
    for (size_t k = t + 2; k < in->ntokens && k <= t + 4 && tok[k].sentence == sentence; k++) {
        if (kind_noun(in->text, &tok[k], 0))
            return 1;
        char c = in->text[tok[k].start];
        if (tok[k].kind != TAGGER_TOKEN_WORD || c < 'a' || c > 'z')
            return 0;
    }
    return 0;
}

/* Whether span s has a label a title may have been given and no list entry. */
static int may_be_title(const tg_ner_input *in, const tg_ner_span *s)
{
    return (tg_label_eq(s->label, TG_LABEL_PERSON) || tg_label_eq(s->label, TG_LABEL_ORG) ||
            tg_label_is(s->label, TG_LABEL_IS_PLACE)) &&
           !tg_en_listed_label(in, s->tok_first, s->tok_last);
}

/* Whether the words before token f name a work's kind: a noun of films and plays ("Spanish
 * drama Maria Full of Grace", "hit film Amelie"; work_title's in ner_english_label.c) or
 * "feature" after a word that makes it a film ("her 1988 debut feature Salaam Bombay!"). */
static int kind_before(const tg_ner_input *in, size_t f)
{
    static const char *const kinds[] = {"film", "films", "movie", "movies", "drama", "comedy",
                                        "thriller", "musical", "sitcom", "biopic", "documentary"};
    static const char *const features[] = {"debut", "first", "latest", "new", "second", "third"};
    const tagger_token *tok = in->tokens;
    if (f == 0 || tok[f - 1].sentence != tok[f].sentence)
        return 0;
    if (tg_en_word_in(in->text, &tok[f - 1], kinds, sizeof kinds / sizeof *kinds))
        return 1;
    return f >= 2 && tg_en_token_is(in->text, &tok[f - 1], "feature") &&
           tg_en_word_in(in->text, &tok[f - 2], features, sizeof features / sizeof *features);
}

/* A model PERSON, ORG or place right after a work's kind (kind_before) is the work's title,
 * a PRODUCT, and the title goes on over "of" or "the" and the capitalized words after them
 * that no span has ("Maria Full of Grace": the model's span was "Maria Full", PERSON). */
static void kind_titles(const tg_ner_input *in, tg_ner_span *v, size_t n)
{
    static const char *const joints[] = {"of", "the"};
    const tagger_token *tok = in->tokens;
    for (size_t i = 0; i < n; i++) {
        if (!(tg_label_eq(v[i].label, TG_LABEL_PERSON) || tg_label_eq(v[i].label, TG_LABEL_ORG) ||
              tg_label_is(v[i].label, TG_LABEL_IS_PLACE)) ||
            !kind_before(in, v[i].tok_first))
            continue;
        v[i].label = tg_label_name(TG_LABEL_PRODUCT);
        size_t l = v[i].tok_last, stop = i + 1 < n ? v[i + 1].tok_first : in->ntokens;
        while (l + 2 < stop && tok[l + 2].sentence == tok[l].sentence &&
               tg_en_word_in(in->text, &tok[l + 1], joints, 2) &&
               tg_en_name_shaped(in->text, &tok[l + 2])) {
            l += 2;
            while (l + 1 < stop && tok[l + 1].sentence == tok[l].sentence &&
                   tg_en_name_shaped(in->text, &tok[l + 1]))
                l++;
        }
        v[i].tok_last = l;
        v[i].norm_end = tok[l].norm_end;
    }
}

int tg_en_work_titles(const tg_ner_input *in, tg_ner_span *v, size_t n)
{
    const tagger_token *tok = in->tokens;
    kind_titles(in, v, n);
    tg_en_text_key *keys = NULL;
    size_t k = 0, memo_sentence = SIZE_MAX;
    int memo = 0;
    for (size_t i = 0; i < n; i++) {
        if (!may_be_title(in, &v[i]) ||
            !(quoted_title(in, &v[i], &memo_sentence, &memo) || described_title(in, &v[i])))
            continue;
        if (!keys && !(keys = malloc((n - i) * sizeof *keys)))
            return 0;
        keys[k++] = (tg_en_text_key){in->text, tok[v[i].tok_first].start, tok[v[i].tok_last].end};
    }
    if (!k)
        return 1;
    qsort(keys, k, sizeof *keys, tg_en_cmp_text_key);
    for (size_t i = 0; i < n; i++) {
        tg_en_text_key key = {in->text, tok[v[i].tok_first].start, tok[v[i].tok_last].end};
        if (may_be_title(in, &v[i]) && bsearch(&key, keys, k, sizeof *keys, tg_en_cmp_text_key))
            v[i].label = tg_label_name(TG_LABEL_PRODUCT);
    }
    free(keys);
    return 1;
}
