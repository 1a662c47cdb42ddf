/*
 * ner_english_teams — English: the document's candidates of two tokens or more, not an
 * ambiguous alias, by the text of their last token (the merge's other_team,
 * ner_english_label.c: is a one-word team's name the last word of another listed
 * organization the document writes, "Lions" of "Detroit Lions").
 *
 * Algorithm: made once a document (tg_ner_merge): the candidates are sorted by their last
 * token's bytes, then by entry (gazetteer, record), and one candidate of each word and
 * entry is kept: what other_team asks of a candidate depends on its word and its entry
 * only.  A span's word finds its candidates by binary search, so a document dense with
 * names costs n log n, not n times its candidates.  The words of music that band_name asks
 * about are counted once a document too (prefix counts, and each token's sentence bounds),
 * at its first question.  The teams also own one zeroed block for the rules' memo of the
 * document (tg_en_teams_memo: ner_english_region.c's refused entries), freed with them.
 */
#include <stdlib.h>
#include <string.h>

#include "ner_internal.h"
#include "sort.h"

typedef struct {
    const char *text;
    size_t start, end; /* the last token's bytes */
    const tg_gaz_match *c;
} team_key;

struct tg_en_teams {
    team_key *keys;
    const tg_gaz_match **by; /* [n] keys[i].c */
    size_t n;
    /* band_name's words, counted at its first question: */
    size_t *music;          /* [ntokens + 1] music words before each token */
    size_t *first, *last;   /* [ntokens] the first and last token of each one's sentence */
    int records, counted;   /* a word of records in the document; counted: 1, failed: -1 */
    void *memo;             /* tg_en_teams_memo's block */
};

static int cmp_word(const team_key *x, const char *text, size_t start, size_t end)
{
    size_t nx = x->end - x->start, ny = end - start;
    int c = memcmp(x->text + x->start, text + start, nx < ny ? nx : ny);
    return c ? c : (nx > ny) - (nx < ny);
}

static int cmp_key(const void *a, const void *b)
{
    const team_key *x = a, *y = b;
    int c = cmp_word(x, y->text, y->start, y->end);
    if (c)
        return c;
    if (x->c->gaz != y->c->gaz)
        return (uintptr_t)x->c->gaz < (uintptr_t)y->c->gaz ? -1 : 1;
    return (x->c->record > y->c->record) - (x->c->record < y->c->record);
}

tg_en_teams *tg_en_teams_make(const tg_ner_input *in)
{
    tg_en_teams *t = calloc(1, sizeof *t);
    size_t k = 0;
    if (!t)
        return NULL;
    for (size_t i = 0; i < in->ngaz; i++)
        k += in->gaz[i].tok_last > in->gaz[i].tok_first && !(in->gaz[i].flags & TG_ALIAS_AMBIGUOUS);
    t->keys = malloc((k + 1) * sizeof *t->keys);
    t->by = malloc((k + 1) * sizeof *t->by);
    if (!t->keys || !t->by) {
        tg_en_teams_free(t);
        return NULL;
    }
    for (size_t i = 0; i < in->ngaz; i++) {
        const tg_gaz_match *c = &in->gaz[i];
        if (c->tok_last > c->tok_first && !(c->flags & TG_ALIAS_AMBIGUOUS))
            t->keys[t->n++] = (team_key){in->text, in->tokens[c->tok_last].start,
                                         in->tokens[c->tok_last].end, c};
    }
    if (t->n > 1)
        tg_sort_stable(t->keys, t->n, sizeof *t->keys, cmp_key);
    k = 0;
    for (size_t i = 0; i < t->n; i++)
        if (k == 0 || cmp_key(&t->keys[k - 1], &t->keys[i]) != 0)
            t->keys[k++] = t->keys[i];
    t->n = k;
    for (size_t i = 0; i < k; i++)
        t->by[i] = t->keys[i].c;
    return t;
}

void tg_en_teams_free(tg_en_teams *t)
{
    if (t) {
        free(t->keys);
        free(t->by);
        free(t->music);
        free(t->first);
        free(t->last);
        free(t->memo);
        free(t);
    }
}

/* Counts the music words and the sentences' bounds of the document (once). */
static int count_music(const tg_ner_input *in, tg_en_teams *t, const char *const *music,
                       size_t nmusic, const char *const *records, size_t nrecords)
{
    const tagger_token *tok = in->tokens;
    size_t n = in->ntokens;
    t->music = malloc((n + 1) * sizeof *t->music);
    t->first = malloc((n + 1) * sizeof *t->first);
    t->last = malloc((n + 1) * sizeof *t->last);
    if (!t->music || !t->first || !t->last)
        return -1;
    t->music[0] = 0;
    for (size_t i = 0; i < n; i++) {
        t->music[i + 1] = t->music[i] + (size_t)tg_en_word_in(in->text, &tok[i], music, nmusic);
        t->records |= tg_en_word_in(in->text, &tok[i], records, nrecords);
        t->first[i] = i > 0 && tok[i - 1].sentence == tok[i].sentence ? t->first[i - 1] : i;
    }
    for (size_t i = n; i-- > 0;)
        t->last[i] = i + 1 < n && tok[i + 1].sentence == tok[i].sentence ? t->last[i + 1] : i;
    return 1;
}

int tg_en_music_words(const tg_ner_input *in, const tg_ner_span *s, const char *const *music,
                      size_t nmusic, const char *const *records, size_t nrecords)
{
    tg_en_teams *t = in->teams;
    if (!t)
        return -1;
    if (!t->counted)
        t->counted = count_music(in, t, music, nmusic, records, nrecords);
    if (t->counted < 0)
        return -1;
    size_t a = t->first[s->tok_first], b = t->last[s->tok_last];
    return t->records || t->music[b + 1] > t->music[a];
}

size_t tg_en_teams_at(const tg_ner_input *in, size_t tok, const tg_gaz_match *const **c)
{
    const tg_en_teams *t = in->teams;
    if (!t)
        return 0;
    size_t start = in->tokens[tok].start, end = in->tokens[tok].end, lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_word(&t->keys[mid], in->text, start, end) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (hi = lo; hi < t->n && cmp_word(&t->keys[hi], in->text, start, end) == 0; hi++)
        ;
    *c = t->by + lo;
    return hi - lo;
}

void *tg_en_teams_memo(const tg_ner_input *in, size_t size)
{
    tg_en_teams *t = in->teams;
    if (t && !t->memo)
        t->memo = calloc(1, size);
    return t ? t->memo : NULL;
}
