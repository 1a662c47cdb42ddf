/*
 * ner_english_orgs — English, one document (called by ner_english.c after the lists and the
 * possessives): a name the document gives as an organization elsewhere is that
 * organization (tg_en_org_consistency).
 *
 * Algorithm: the names of the document's ORG spans (each span's words, and those of a span
 * ending in a firm's word without it: "Gartner" of "Gartner Inc") are keys, sorted word by
 * word; a PERSON or place span finds its words among them by binary search, not by reading
 * every key (its label is ORG when it is there).  Where the model found nothing, the
 * mentions of a key's name are the windows of the text whose words are a key's, found the
 * same way for each token and each length of a key, grouped by name: a name is read once,
 * for the first of its keys (another key of the same name finds each of those mentions
 * already covered by a span, or none of the others: coverage only grows here), in the order
 * of the keys and then of the text, as a scan of the whole text for each key did.  So a
 * document dense with names costs n log n, not n times its names.
 */
#include <stdint.h>
#include <stdlib.h>

#include "grow.h"
#include "labels.h"
#include "ner_internal.h"
#include "sort.h"

typedef struct {
    size_t first, len; /* tokens of an ORG span's name */
    int add;           /* also where the model found nothing */
} org_key;

/* A mention of a name, tokens t.. of key group g (the first sorted key of its name). */
typedef struct {
    size_t g, t;
} mention;

static int cmp_mention(const void *a, const void *b)
{
    const mention *x = a, *y = b;
    return (x->g > y->g) - (x->g < y->g);
}

/* A hint of token t's text, 0..1023: its first byte and its length. */
static unsigned first_hint(const char *text, const tagger_token *t)
{
    size_t len = t->end - t->start;
    unsigned c = len ? (unsigned char)text[t->start] : 0;
    return (c * 16u + (unsigned)(len < 15 ? len : 15)) & 1023u;
}

/* The mentions of the names whose group is marked in lead[] (its first adding key's index
 * + 1), by group and then in text order; *nm their count (NULL when none), (size_t)-1 when
 * out of memory. */
static mention *mentions(const char *text, const tagger_token *tokens, size_t ntokens,
                         const tg_en_words_key *sorted, size_t k, const size_t *lead, size_t *nm)
{
    mention *m = NULL;
    size_t cap = 0, n = 0, maxlen = 0;
    *nm = 0;
    for (size_t g = 0; g < k; g++)
        if (lead[g] && sorted[g].n > maxlen)
            maxlen = sorted[g].n;
    unsigned char *has = calloc(maxlen + 1, 1);
    uint64_t firsts[16] = {0}; /* a cheap first test: the names' first tokens' hint */
    if (!has) {
        *nm = (size_t)-1;
        return NULL;
    }
    for (size_t g = 0; g < k; g++)
        if (lead[g]) {
            has[sorted[g].n] = 1;
            unsigned h = first_hint(text, &tokens[sorted[g].f]);
            firsts[h >> 6] |= (uint64_t)1 << (h & 63);
        }
    for (size_t t = 0; t < ntokens; t++) {
        unsigned h = first_hint(text, &tokens[t]);
        if (!(firsts[h >> 6] >> (h & 63) & 1))
            continue;
        for (size_t len = 1; len <= maxlen && t + len <= ntokens; len++) {
            tg_en_words_key key = {text, tokens, t, len, 0};
            size_t g = has[len] ? tg_en_words_lower(sorted, k, &key) : k;
            if (g == k || !lead[g])
                continue;
            mention *x = tg_grow(m, &cap, n + 1, sizeof *m, 64);
            if (!x) {
                free(m), free(has);
                *nm = (size_t)-1;
                return NULL;
            }
            m = x;
            m[n++] = (mention){g, t};
        }
    }
    free(has);
    if (n > 1)
        tg_sort_stable(m, n, sizeof *m, cmp_mention);
    *nm = n;
    return m;
}

/* The ORG span on the name of key j where the model found nothing on any of its mentions
 * m[0..n) (those of its name), alone between words not capitalized in `tc`. */
static int add_mentions(const char *tc, const tagger_token *tokens, size_t ntokens,
                        const org_key *key, const mention *m, size_t n, tg_ner_span **vp,
                        size_t *np, size_t *cap)
{
    size_t len = key->len, i;
    for (size_t q = 0; q < n; q++) {
        size_t t = m[q].t, b = t + len - 1;
        if (t == key->first || tokens[b].sentence != tokens[t].sentence ||
            (t > 0 && tokens[t - 1].sentence == tokens[t].sentence && tg_en_name_word(tc, &tokens[t - 1])) ||
            (b + 1 < ntokens && tokens[b + 1].sentence == tokens[b].sentence &&
             tg_en_name_word(tc, &tokens[b + 1])) ||
            !tg_en_spans_within(*vp, *np, t, b, &i) || i < *np)
            continue;
        if (!tg_en_put_span(tokens, vp, np, cap, t, b, tg_label_name(TG_LABEL_ORG)))
            return 0;
    }
    return 1;
}

/* Relabels the PERSON and place spans on a key's name (a place only on an adding key's):
 * group[g] says, at a name's first sorted key, 1 for a name, 2 for one with an adding key. */
static void relabel(const char *text, const tagger_token *tokens, size_t ntokens,
                    const tg_en_words_key *sorted, size_t k, const unsigned char *group,
                    tg_en_surnames *sn, tg_ner_span *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t f = v[i].tok_first, l = v[i].tok_last;
        int place = tg_label_is(v[i].label, TG_LABEL_IS_PLACE);
        if (!(tg_label_eq(v[i].label, TG_LABEL_PERSON) || place) ||
            (tg_en_word_first(text, tokens, ntokens, l) == f && tg_en_surnames_has(sn, v, n, l)))
            continue;
        tg_en_words_key key = {text, tokens, f, l - f + 1, 0};
        size_t g = tg_en_words_lower(sorted, k, &key);
        if (g < k && group[g] >= (place ? 2 : 1))
            tg_en_surnames_relabel(sn, &v[i], tg_label_name(TG_LABEL_ORG));
    }
}

int tg_en_org_consistency(const char *text, const char *tc, const tagger_token *tokens,
                          size_t ntokens, tg_ner_span **vp, size_t *np, size_t *cap)
{
    tg_ner_span *v = *vp;
    size_t n = *np, k = 0, nm = 0;
    for (size_t i = 0; i < n; i++)
        k += tg_label_eq(v[i].label, TG_LABEL_ORG);
    if (!k)
        return 1;
    org_key *keys = malloc(2 * k * sizeof *keys);
    tg_en_words_key *sorted = malloc(2 * k * sizeof *sorted);
    size_t *lead = calloc(4 * k, sizeof *lead), *gof = lead ? lead + 2 * k : NULL;
    unsigned char *group = calloc(2 * k, 1);
    tg_en_surnames sn = TG_EN_SURNAMES_LATER(text, tokens, ntokens);
    mention *m = NULL;
    int ok = keys && sorted && lead && group;
    k = 0;
    for (size_t i = 0; ok && i < n; i++) {
        size_t f = v[i].tok_first, l = v[i].tok_last;
        if (!tg_label_eq(v[i].label, TG_LABEL_ORG))
            continue;
        keys[k++] = (org_key){f, l - f + 1, v[i].label == tg_en_evident_org};
        if (l > f && tg_en_company_word(text, &tokens[l]) == 2)
            keys[k++] = (org_key){f, l - f, 1};
    }
    for (size_t j = 0; ok && j < k; j++)
        sorted[j] = (tg_en_words_key){text, tokens, keys[j].first, keys[j].len, j};
    if (ok && k > 1)
        tg_sort_stable(sorted, k, sizeof *sorted, tg_en_cmp_words);
    for (size_t j = 0, g = 0; ok && j < k; j++) { /* at each name's first sorted key */
        if (j > 0 && tg_en_cmp_words(&sorted[j - 1], &sorted[j]) != 0)
            g = j;
        gof[sorted[j].aux] = g;
        if (group[g] < 1 + keys[sorted[j].aux].add)
            group[g] = (unsigned char)(1 + keys[sorted[j].aux].add);
        if (keys[sorted[j].aux].add && (!lead[g] || sorted[j].aux + 1 < lead[g]))
            lead[g] = sorted[j].aux + 1;
    }
    if (ok) {
        relabel(text, tokens, ntokens, sorted, k, group, &sn, v, n);
        m = mentions(text, tokens, ntokens, sorted, k, lead, &nm);
        ok = nm != (size_t)-1 && sn.made >= 0;
    }
    for (size_t j = 0; ok && j < k; j++) {
        size_t g = gof[j], q;
        if (!keys[j].add || lead[g] != j + 1 || nm == 0)
            continue; /* no adding key, or not the first of its name */
        mention probe = {g, 0}, *lo = bsearch(&probe, m, nm, sizeof *m, cmp_mention);
        if (!lo)
            continue;
        while (lo > m && lo[-1].g == g)
            lo--;
        for (q = 0; lo + q < m + nm && lo[q].g == g; q++)
            ;
        ok = add_mentions(tc, tokens, ntokens, &keys[j], lo, q, vp, np, cap);
    }
    free(keys), free(sorted), free(lead), free(group), free(m);
    tg_en_surnames_free(&sn);
    return ok;
}
