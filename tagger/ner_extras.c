/*
 * ner_extras — the features a document's gazetteer candidates and rule
 * matches give the tokens they cover and their neighbours (ner_features.c
 * has the list of features): each candidate's label, the token's position
 * in it (B, I, L, U), whether the alias is ambiguous, its length, a suffix
 * left out; each rule match's label, rule name and position; the labels
 * just before and after.  They are gathered for the whole document, then
 * sorted by token with a counting sort (and each token's few by hash, a
 * repeat dropped); where each token's extras start is kept (fb->xstart).
 * The label bits of every token (lists 0-11, rules 12-23) are spread to
 * every token of the same word: «آقای ناصری» once makes «ناصری» a name's
 * word three paragraphs later.
 */
#include <string.h>

#include "grow.h"
#include "hash.h"
#include "labels.h"
#include "ner_internal.h"
#include "tokenize.h"

static int push_extra(tg_ner_featbuf *fb, size_t tok, uint64_t h)
{
    tg_ner_extra *x = tg_grow(fb->x, &fb->xcap, fb->nx + 1, sizeof *x, 256);
    if (!x)
        return 0;
    fb->x = x;
    fb->x[fb->nx++] = (tg_ner_extra){tok, h};
    return 1;
}

/* Sorts fb->x by token, then by hash, dropping repeats: a counting sort by
 * token, then an insertion sort of each token's few extras; where each
 * token's start into fb->xstart. */
static int sort_extras(tg_ner_featbuf *fb, size_t ntok)
{
    if (ntok == 0) /* no token arrays, no extras */
        return 1;
    tg_ner_extra *sorted = tg_grow(fb->xsorted, &fb->xsortcap, fb->nx + 1, sizeof *sorted, 256);
    if (!sorted)
        return 0;
    fb->xsorted = sorted;
    size_t *start = fb->xstart; /* ntok + 1, with the token arrays */
    memset(start, 0, (ntok + 1) * sizeof *start);
    for (size_t i = 0; i < fb->nx; i++)
        start[fb->x[i].tok + 1]++;
    for (size_t t = 0; t < ntok; t++)
        start[t + 1] += start[t];
    for (size_t i = 0; i < fb->nx; i++)
        sorted[start[fb->x[i].tok]++] = fb->x[i];
    /* start[t] now ends token t's extras */
    size_t k = 0, from = 0;
    for (size_t t = 0; t < ntok; t++) {
        size_t first = k;
        for (size_t i = from; i < start[t]; i++) {
            tg_ner_extra x = sorted[i];
            size_t j = k;
            while (j > first && fb->x[j - 1].h > x.h) {
                fb->x[j] = fb->x[j - 1];
                j--;
            }
            if (j > first && fb->x[j - 1].h == x.h) { /* a repeat: undo the shift */
                memmove(fb->x + j, fb->x + j + 1, (k - j) * sizeof *fb->x);
                continue;
            }
            fb->x[j] = x;
            k++;
        }
        from = start[t];
        start[t] = first;
    }
    start[ntok] = k;
    fb->nx = k;
    return 1;
}

static unsigned span_pos(size_t t, size_t a, size_t b)
{
    return a == b ? NER_POS_U : t == a ? NER_POS_B : t == b ? NER_POS_L : NER_POS_I;
}

/* The features a candidate or match gives the tokens [a, b] it covers and
 * its neighbours. */
static int span_extras(tg_ner_featbuf *fb, size_t ntok, size_t a, size_t b, unsigned tmpl_pos,
                       uint64_t v, uint64_t v2, unsigned tmpl2, unsigned tmpl_prev,
                       unsigned tmpl_next, uint64_t label)
{
    for (size_t t = a; t <= b; t++) {
        unsigned pos = span_pos(t, a, b);
        if (!push_extra(fb, t, tg_ner_feat(tmpl_pos, tg_ner_combine(v, pos))) ||
            (tmpl2 && !push_extra(fb, t, tg_ner_feat(tmpl2, tg_ner_combine(v2, pos)))))
            return 0;
    }
    if (a > 0 && !push_extra(fb, a - 1, tg_ner_feat(tmpl_next, label)))
        return 0;
    if (b + 1 < ntok && !push_extra(fb, b + 1, tg_ner_feat(tmpl_prev, label)))
        return 0;
    return 1;
}

static void mark_labels(tg_ner_featbuf *fb, size_t a, size_t b, int bit)
{
    if (bit >= 0)
        for (size_t t = a; t <= b; t++)
            fb->labels[t] |= (uint32_t)1 << bit;
}

/* Whether token i shares its labels with the other tokens of its word:
 * words of two or more bytes. */
static int spreads(const tg_ner_input *in, size_t i)
{
    return in->tokens[i].kind == TAGGER_TOKEN_WORD &&
           in->tokens[i].norm_end - in->tokens[i].norm_start >= 2;
}

/* Spreads each token's label bits to every token of the same word (words
 * of two or more bytes; the same word key, tg_fnv1a | 1): a name confirmed
 * once by a list or a title («آقای ناصری») counts for its other mentions
 * («ناصری گفت»). */
static int spread_labels(tg_ner_featbuf *fb, const tg_ner_input *in)
{
    size_t n = in->ntokens;
    uint32_t *vals = tg_grow(fb->gvals, &fb->gcap, fb->nword + 1, sizeof *vals, 256);
    if (!vals)
        return 0;
    fb->gvals = vals;
    memset(vals, 0, fb->nword * sizeof *vals);
    for (size_t i = 0; i < n; i++)
        if (fb->labels[i] && spreads(in, i))
            vals[fb->word[fb->wid[i]].group] |= fb->labels[i];
    /* each word's value from its group's first word (which comes before
     * the group's other words); a spreading token whose word's value is 0
     * had no labels of its own either */
    for (size_t j = 0; j < fb->nword; j++)
        vals[j] = vals[fb->word[j].group];
    for (size_t i = 0; i < n; i++)
        if (vals[fb->wid[i]] && spreads(in, i))
            fb->labels[i] = vals[fb->wid[i]];
    return 1;
}

int tg_ner_collect_extras(tg_ner_featbuf *fb, const tg_ner_input *in)
{
    const tg_gaz_match *gaz = in->gaz;
    const tg_rule_match *rules = in->rules;
    size_t ngaz = in->ngaz, nrules = in->nrules;
    size_t n = in->ntokens;
    fb->nx = 0;
    memset(fb->labels, 0, n * sizeof *fb->labels);
    for (size_t i = 0; i < ngaz; i++) {
        const tg_gaz_match *c = &gaz[i];
        int li = c->tok_last < n && c->tok_first <= c->tok_last
                     ? tg_gazetteer_label(c->gaz, c->record) : -1;
        if (li < 0)
            continue;
        uint64_t lab = (uint64_t)(li + 1);
        uint64_t amb = (c->flags & TG_ALIAS_AMBIGUOUS) != 0;
        size_t len = c->tok_last - c->tok_first + 1;
        if (!span_extras(fb, n, c->tok_first, c->tok_last, F_GAZ, tg_ner_combine(lab, amb),
                         lab, F_GAZ_LEN, F_GAZ_PREV, F_GAZ_NEXT, lab) ||
            !push_extra(fb, c->tok_first, tg_ner_feat(F_GAZ_LEN, tg_ner_combine(lab, len < 4 ? len : 4))) ||
            (c->suffix_len && !push_extra(fb, c->tok_last, tg_ner_feat(F_GAZ_SUFFIX, lab))))
            return 0;
        mark_labels(fb, c->tok_first, c->tok_last, li);
    }
    for (size_t i = 0; i < nrules; i++) {
        const tg_rule_match *r = &rules[i];
        if (r->norm_end <= r->norm_start)
            continue;
        size_t a = tg_token_at(in->tokens, n, r->norm_start);
        size_t b = tg_token_at(in->tokens, n, r->norm_end - 1);
        if (a >= n || b >= n || a > b)
            continue;
        int li = tg_label_of(r->label);
        uint64_t lab = (uint64_t)(li + 100);
        uint64_t name = tg_fnv1a(r->rule, strlen(r->rule));
        if (!span_extras(fb, n, a, b, F_RULE, tg_ner_combine(lab, (uint64_t)r->confirm_only), name,
                         F_RULE_NAME, F_RULE_PREV, F_RULE_NEXT, lab))
            return 0;
        mark_labels(fb, a, b, li < 0 ? -1 : li + 12);
    }
    if (!spread_labels(fb, in))
        return 0;
    return sort_extras(fb, n);
}
