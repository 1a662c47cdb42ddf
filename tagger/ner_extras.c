/*
 * ner_extras — the features a document's gazetteer candidates and rule
 * matches give the tokens they cover and their neighbours (ner_features.c
 * has the list of features): each candidate's label, the token's position
 * in it (B, I, L, U), whether the alias is ambiguous, its length, a suffix
 * left out; each rule match's label, rule name and position; the labels
 * just before and after.  They are gathered for the whole document, then
 * sorted by token with a counting sort (and each token's few by hash, a
 * repeat dropped); where each token's extras start is kept (fb->xstart).
 * Decoding with sums chains each token's extras in one pass instead
 * (fb->xlast, each extra's next): a sum does not depend on the order of its
 * rows, and a repeat is dropped as the token's rows are listed
 * (put_features), so no counting sort (its prefix sum over all tokens, its
 * copy of every extra) is needed.
 * The label bits of every token (lists 0-11, rules 12-23) are spread to
 * every token of the same word: «آقای ناصری» once makes «ناصری» a name's
 * word three paragraphs later.  A label's extras (of its positions, flag,
 * length and neighbours) depend on the label alone: they are hashed once
 * per buffer for the label indices -1 .. 11 (fb->xk); a rule's name
 * feature is hashed per match.
 */
#include <string.h>

#include "grow.h"
#include "hash.h"
#include "labels.h"
#include "ner_internal.h"
#include "tokenize.h"

/* Room for `more` extras. */
static int reserve_extras(tg_ner_featbuf *fb, size_t more)
{
    tg_ner_extra *x = tg_grow(fb->x, &fb->xcap, fb->nx + more, sizeof *x, 256);
    if (!x)
        return 0;
    fb->x = x;
    return 1;
}

/* Appends an extra (room reserved). */
static void put_extra(tg_ner_featbuf *fb, size_t tok, uint64_t h)
{
    fb->x[fb->nx++] = (tg_ner_extra){(uint32_t)tok, 0, h};
}

/* Chains each token's extras (decoding with sums): fb->xlast[t] is 1 + the
 * index of token t's last extra, each extra's next the one before it (0:
 * none); 0 when they are too many to number (64 GiB of them). */
static int chain_extras(tg_ner_featbuf *fb, size_t ntok)
{
    uint32_t *last = fb->xlast;
    tg_ner_extra *x = fb->x;
    if (fb->nx >= UINT32_MAX)
        return 0;
    memset(last, 0, ntok * sizeof *last);
    for (size_t i = 0; i < fb->nx; i++) {
        x[i].next = last[x[i].tok];
        last[x[i].tok] = (uint32_t)i + 1;
    }
    return 1;
}

/* The hashed extras of label index li (-1 when none) of a candidate (gaz)
 * or a rule match. */
static void xlabel_fill(tg_ner_xlabel *x, int gaz, int li)
{
    uint64_t lab = gaz ? (uint64_t)(li + 1) : (uint64_t)(li + 100);
    for (unsigned flag = 0; flag < 2; flag++)
        for (unsigned pos = 0; pos < 4; pos++)
            x->pos[flag][pos] = tg_ner_feat(gaz ? F_GAZ : F_RULE,
                                            tg_ner_combine(tg_ner_combine(lab, flag), pos));
    for (unsigned p = 0; p < 4; p++) {
        x->lpos[p] = gaz ? tg_ner_feat(F_GAZ_LEN, tg_ner_combine(lab, p)) : 0;
        x->len[p] = gaz ? tg_ner_feat(F_GAZ_LEN, tg_ner_combine(lab, p + 1)) : 0;
    }
    x->prev = tg_ner_feat(gaz ? F_GAZ_PREV : F_RULE_PREV, lab);
    x->next = tg_ner_feat(gaz ? F_GAZ_NEXT : F_RULE_NEXT, lab);
    x->suffix = gaz ? tg_ner_feat(F_GAZ_SUFFIX, lab) : 0;
}

static void xconst_init(tg_ner_xconst *k)
{
    for (int li = -1; li < NER_XLABELS - 1; li++) {
        xlabel_fill(&k->gaz[li + 1], 1, li);
        xlabel_fill(&k->rule[li + 1], 0, li);
    }
    k->ready = 1;
}

/* The extras of label li, from the table or (a label index past it) *tmp. */
static const tg_ner_xlabel *xlabel(const tg_ner_xlabel *table, int gaz, int li, tg_ner_xlabel *tmp)
{
    if (li >= -1 && li < NER_XLABELS - 1)
        return &table[li + 1];
    xlabel_fill(tmp, gaz, li);
    return tmp;
}

/* Sorts fb->x by token, then by hash, dropping repeats: a counting sort by
 * token, then an insertion sort of each token's few extras; where each
 * token's start into fb->xstart. */
static int sort_extras(tg_ner_featbuf *fb, size_t ntok)
{
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

/* The features a candidate or match of label extras xl gives the tokens
 * [a, b] it covers (of its flag, and with name the F_RULE_NAME of a rule's
 * name hash, else a candidate's F_GAZ_LEN by position) and its
 * neighbours: room for 2 (b - a + 1) + 2 more reserved. */
static void span_extras(tg_ner_featbuf *fb, size_t ntok, size_t a, size_t b,
                        const tg_ner_xlabel *xl, unsigned flag, const uint64_t *name)
{
    for (size_t t = a; t <= b; t++) {
        unsigned pos = span_pos(t, a, b);
        put_extra(fb, t, xl->pos[flag][pos]);
        put_extra(fb, t, name ? tg_ner_feat(F_RULE_NAME, tg_ner_combine(*name, pos)) : xl->lpos[pos]);
    }
    if (a > 0)
        put_extra(fb, a - 1, xl->next);
    if (b + 1 < ntok)
        put_extra(fb, b + 1, xl->prev);
}

/* Label bit `bit` (none when negative) on tokens [a, b], and on their
 * words' groups in fb->gvals where they spread. */
static void mark_labels(tg_ner_featbuf *fb, const tg_ner_input *in, size_t a, size_t b, int bit)
{
    if (bit >= 0)
        for (size_t t = a; t <= b; t++) {
            fb->labels[t] |= (uint32_t)1 << bit;
            if (tg_ner_spreads(in, t))
                fb->gvals[fb->word[fb->wid[t]].group] |= (uint32_t)1 << bit;
        }
}

/* Spreads each token's label bits to every token of the same word (words
 * of two or more bytes; the same word key, tg_fnv1a | 1): a name confirmed
 * once by a list or a title («آقای ناصری») counts for its other mentions
 * («ناصری گفت»).  fb->gvals has each group's labels (mark_labels); each
 * word's value is taken from its group's first word (which comes before
 * the group's other words), and a token reads it (tg_ner_token_labels). */
static void spread_labels(tg_ner_featbuf *fb)
{
    uint32_t *vals = fb->gvals;
    for (size_t j = 0; j < fb->nword; j++)
        vals[j] = vals[fb->word[j].group];
}

int tg_ner_collect_extras(tg_ner_featbuf *fb, const tg_ner_input *in)
{
    const tg_gaz_match *gaz = in->gaz;
    const tg_rule_match *rules = in->rules;
    size_t ngaz = in->ngaz, nrules = in->nrules;
    size_t n = in->ntokens;
    fb->nx = 0;
    memset(fb->labels, 0, n * sizeof *fb->labels);
    uint32_t *vals = tg_grow(fb->gvals, &fb->gcap, fb->nword + 1, sizeof *vals, 256);
    if (!vals)
        return 0;
    fb->gvals = vals;
    memset(vals, 0, fb->nword * sizeof *vals);
    if (!fb->xk.ready)
        xconst_init(&fb->xk);
    tg_ner_xlabel tmp;
    for (size_t i = 0; i < ngaz; i++) {
        const tg_gaz_match *c = &gaz[i];
        int li = c->tok_last < n && c->tok_first <= c->tok_last ? c->label : -1;
        if (li < 0)
            continue;
        size_t len = c->tok_last - c->tok_first + 1;
        if (!reserve_extras(fb, 2 * len + 4))
            return 0;
        const tg_ner_xlabel *xl = xlabel(fb->xk.gaz, 1, li, &tmp);
        span_extras(fb, n, c->tok_first, c->tok_last, xl, (c->flags & TG_ALIAS_AMBIGUOUS) != 0,
                    NULL);
        put_extra(fb, c->tok_first, xl->len[(len < 4 ? len : 4) - 1]);
        if (c->suffix_len)
            put_extra(fb, c->tok_last, xl->suffix);
        mark_labels(fb, in, c->tok_first, c->tok_last, li);
    }
    for (size_t i = 0; i < nrules; i++) {
        const tg_rule_match *r = &rules[i];
        if (r->norm_end <= r->norm_start)
            continue;
        size_t a = tg_token_at(in->tokens, n, r->norm_start);
        size_t b = tg_token_at(in->tokens, n, r->norm_end - 1);
        if (a >= n || b >= n || a > b)
            continue;
        if (!reserve_extras(fb, 2 * (b - a + 1) + 2))
            return 0;
        int li = tg_label_of(r->label);
        uint64_t name = tg_fnv1a(r->rule, strlen(r->rule));
        span_extras(fb, n, a, b, xlabel(fb->xk.rule, 0, li, &tmp), r->confirm_only != 0, &name);
        mark_labels(fb, in, a, b, li < 0 ? -1 : li + 12);
    }
    spread_labels(fb);
    if (n == 0) /* no token arrays, no extras */
        return 1;
    return fb->sums ? chain_extras(fb, n) : sort_extras(fb, n);
}
