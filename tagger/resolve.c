/* resolve — see resolve.h for the algorithm.
 *
 * The gazetteer winners are chosen on a copy of the non-ambiguous
 * candidates, not on gaz itself: tg_gazetteer_resolve permutes its array
 * (winners first), while the passes after this one (the model's links in
 * ner.c, the last pass) read every candidate in gaz sorted by start, and
 * among candidates of one start the first found wins.  Resolving in place
 * and leaving gaz in the winners-first order changes links («رژیم
 * صهیونیستی» linked on its whole word instead of before «ی», 1 article of
 * 2,437); sorting it afterwards would move the winners G points at. */
#include "resolve.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "labels.h"
#include "normalize.h"
#include "scratch.h"
#include "sort.h"
#include "tokenize.h"

static int inside(size_t as, size_t ae, size_t bs, size_t be)
{
    return bs <= as && ae <= be;
}

/* Rule order: value rules longest first, name rules by priority first. */
typedef struct {
    tg_rule_match *m;
    int by_priority;
} rule_ref;

static int cmp_rule(const void *a, const void *b)
{
    const rule_ref *x = a, *y = b;
    size_t lx = x->m->norm_end - x->m->norm_start, ly = y->m->norm_end - y->m->norm_start;
    if (x->by_priority && x->m->priority != y->m->priority)
        return x->m->priority > y->m->priority ? -1 : 1;
    if (lx != ly)
        return lx > ly ? -1 : 1;
    if (x->m->priority != y->m->priority)
        return x->m->priority > y->m->priority ? -1 : 1;
    return (x->m->norm_start > y->m->norm_start) - (x->m->norm_start < y->m->norm_start);
}

static int cmp_resolved(const void *a, const void *b)
{
    const tg_resolved *x = a, *y = b;
    if (x->norm_start != y->norm_start)
        return x->norm_start < y->norm_start ? -1 : 1;
    size_t lx = x->norm_end - x->norm_start, ly = y->norm_end - y->norm_start;
    return (lx < ly) - (lx > ly);
}

typedef struct {
    tg_resolved *items;
    size_t n, cap;
    int scratch; /* items is the thread's TG_SCRATCH_RESOLVE_LIST (scratch.h) */
} list;

/* Room for one more in l: 0 when out of memory. */
static int room(list *l)
{
    size_t cap = l->cap ? 2 * l->cap : 32;
    tg_resolved *grown = l->scratch
                             ? tg_scratch_grow(TG_SCRATCH_RESOLVE_LIST, cap * sizeof *grown)
                             : tg_grow(l->items, &l->cap, cap, sizeof *grown, 32);
    if (!grown)
        return 0;
    l->items = grown;
    l->cap = cap;
    return 1;
}

static inline int push(list *l, size_t s, size_t e, const char *label, const tg_gaz_match *g,
                tg_rule_match *r, int ambiguous)
{
    if (l->n == l->cap && !room(l))
        return 0;
    tg_resolved *x = &l->items[l->n++];
    x->norm_start = s;
    x->norm_end = e;
    x->label = label;
    x->gaz = g;
    x->rule = r;
    x->ambiguous = ambiguous;
    x->model = 0;
    x->speaker = 0;
    x->many = 0;
    return 1;
}

/* Occupancy of the normalized text by accepted entities, one bit a byte:
 * overlap tests cost the span's length, not the number of entities. */
static int taken(const unsigned char *occ, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++)
        if (occ[i >> 3] & (1u << (i & 7)))
            return 1;
    return 0;
}

static void take(unsigned char *occ, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++)
        occ[i >> 3] |= (unsigned char)(1u << (i & 7));
}

/* The first of the sorted, non-overlapping gazetteer entities that ends
 * after byte s. */
static size_t first_ending_after(const list *g, size_t s)
{
    size_t lo = 0, hi = g->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (g->items[mid].norm_end <= s)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The first ambiguous candidate (sorted by start) starting at or after s. */
static size_t first_starting_at(const tg_gaz_match *a, size_t n, size_t s)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (a[mid].norm_start < s)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int cmp_gaz_start(const void *a, const void *b)
{
    const tg_gaz_match *x = a, *y = b;
    return (x->norm_start > y->norm_start) - (x->norm_start < y->norm_start);
}

static int same_match(const tg_gaz_match *a, const tg_gaz_match *b)
{
    return a->norm_start == b->norm_start && a->norm_end == b->norm_end &&
           a->tok_first == b->tok_first && a->tok_last == b->tok_last && a->gaz == b->gaz &&
           a->record == b->record && a->layer == b->layer;
}

tagger_status tg_resolve(tg_gaz_match *gaz, size_t ngaz, size_t ntoks, size_t text_len,
                         tg_rule_match *rules, size_t nrules, int all_matches,
                         tg_resolved **out, size_t *nout)
{
    list res = {0};
    rule_ref *order = NULL;
    unsigned char *alive = NULL, *occ = NULL;
    *out = NULL;
    *nout = 0;

    if (all_matches) {
        for (size_t i = 0; i < ngaz; i++) {
            tg_gaz_entry e;
            if (tg_gazetteer_entry(gaz[i].gaz, gaz[i].record, &e) &&
                !push(&res, gaz[i].norm_start, gaz[i].norm_end, e.label, &gaz[i], NULL,
                      (gaz[i].flags & TG_ALIAS_AMBIGUOUS) != 0))
                goto nomem;
        }
        for (size_t i = 0; i < nrules; i++)
            if (!push(&res, rules[i].norm_start, rules[i].norm_end, rules[i].label, NULL,
                      &rules[i], rules[i].confirm_only || rules[i].evidence == TG_EVIDENCE_NO))
                goto nomem;
        goto done;
    }

    /* 1. gazetteer: non-ambiguous first, resolved; ambiguous ones after */
    size_t nplain = 0;
    for (size_t i = 0; i < ngaz; i++)
        if (!(gaz[i].flags & TG_ALIAS_AMBIGUOUS)) {
            tg_gaz_match t = gaz[nplain];
            gaz[nplain++] = gaz[i];
            gaz[i] = t;
        }
    size_t namb_start = nplain;
    /* a copy is resolved (why: the top of this file); G points at the
     * originals, gaz sorted by start.  The copy, the winners G and the
     * maps after are the thread's scratch blocks (scratch.h). */
    tg_gaz_match *won = tg_scratch(TG_SCRATCH_RESOLVE_WON, (nplain ? nplain : 1) * sizeof *won);
    if (!won)
        goto nomem;
    if (nplain)
        memcpy(won, gaz, nplain * sizeof *won);
    size_t ng = tg_gazetteer_resolve(won, nplain, ntoks);
    if (nplain > 1)
        tg_sort_stable(gaz, nplain, sizeof *gaz, cmp_gaz_start);
    list g = {.scratch = 1};
    for (size_t i = 0; i < ng; i++) {
        size_t k = first_starting_at(gaz, nplain, won[i].norm_start);
        while (k < nplain && !same_match(&gaz[k], &won[i]))
            k++;
        int li = k < nplain ? gaz[k].label : -1;
        if (li >= 0 &&
            !push(&g, gaz[k].norm_start, gaz[k].norm_end, tg_labels[li].name, &gaz[k], NULL, 0))
            goto nomem;
    }
    tg_gaz_match *amb = gaz ? gaz + namb_start : NULL; /* no gazetteer: NULL, 0 */
    size_t namb = ngaz - namb_start;
    if (namb > 1)
        tg_sort_stable(amb, namb, sizeof *amb, cmp_gaz_start);
    /* won's block, done with, holds order, occ and alive */
    const size_t norder = (nrules ? nrules : 1) * sizeof *order, nocc = text_len / 8 + 1;
    if (!(order = tg_scratch(TG_SCRATCH_RESOLVE_WON, norder + nocc + (g.n ? g.n : 1))))
        goto nomem;
    occ = (unsigned char *)order + norder;
    alive = occ + nocc;
    memset(occ, 0, nocc);
    memset(alive, 1, g.n ? g.n : 1);

    /* 2. value rules */
    size_t nv = 0;
    for (size_t i = 0; i < nrules; i++)
        if (tg_label_is(rules[i].label, TG_LABEL_IS_VALUE))
            order[nv++] = (rule_ref){&rules[i], 0};
    if (nv > 1)
        tg_sort_stable(order, nv, sizeof *order, cmp_rule);
    for (size_t i = 0; i < nv; i++) {
        tg_rule_match *r = order[i].m;
        if (r->confirm_only || r->evidence == TG_EVIDENCE_NO || taken(occ, r->norm_start, r->norm_end))
            continue;
        if (!push(&res, r->norm_start, r->norm_end, r->label, NULL, r, 0)) 
            goto nomem;
        take(occ, r->norm_start, r->norm_end);
        for (size_t k = first_ending_after(&g, r->norm_start);
             k < g.n && g.items[k].norm_start < r->norm_end; k++)
            alive[k] = 0;
    }

    /* 3. name rules */
    size_t nn = 0;
    for (size_t i = 0; i < nrules; i++)
        if (!tg_label_is(rules[i].label, TG_LABEL_IS_VALUE) && rules[i].evidence != TG_EVIDENCE_NO)
            order[nn++] = (rule_ref){&rules[i], 1};
    if (nn > 1)
        tg_sort_stable(order, nn, sizeof *order, cmp_rule);
    for (size_t i = 0; i < nn; i++) {
        tg_rule_match *r = order[i].m;
        size_t rs = r->norm_start, re = r->norm_end;
        if (taken(occ, rs, re))
            continue;
        size_t g0 = first_ending_after(&g, rs); /* the G entities r overlaps */
        size_t g1 = g0;
        while (g1 < g.n && g.items[g1].norm_start < re)
            g1++;
        /* confirm an ambiguous alias inside the rule's span */
        const tg_gaz_match *confirmed = NULL;
        for (size_t k = first_starting_at(amb, namb, rs);
             k < namb && amb[k].norm_start < re && !confirmed; k++) {
            tg_gaz_entry e;
            if (amb[k].norm_end > re || !tg_gazetteer_entry(amb[k].gaz, amb[k].record, &e) ||
                e.label != r->label)
                continue;
            int clash = 0;
            for (size_t j = first_ending_after(&g, amb[k].norm_start);
                 j < g.n && g.items[j].norm_start < amb[k].norm_end && !clash; j++)
                clash = alive[j];
            if (!clash)
                confirmed = &amb[k];
        }
        if (confirmed) {
            size_t s0 = r->confirm_only ? confirmed->norm_start : rs;
            size_t e0 = r->confirm_only ? confirmed->norm_end : re;
            if (!push(&res, s0, e0, r->label, confirmed, r, 0)) 
                goto nomem;
            take(occ, s0, e0);
            continue;
        }
        size_t hits = 0, hit = 0;
        int all_inside = 1;
        for (size_t k = g0; k < g1; k++)
            if (alive[k]) {
                hits++;
                hit = k;
                all_inside &= inside(g.items[k].norm_start, g.items[k].norm_end, rs, re) &&
                              (g.items[k].norm_start != rs || g.items[k].norm_end != re);
            }
        if (r->confirm_only) { /* context for a list entity on exactly its span */
            if (hits == 1 && g.items[hit].label == r->label && !g.items[hit].rule &&
                g.items[hit].norm_start == rs && g.items[hit].norm_end == re)
                g.items[hit].rule = r;
            continue;
        }
        if (hits == 1 && g.items[hit].label == r->label &&
            inside(g.items[hit].norm_start, g.items[hit].norm_end, rs, re)) {
            g.items[hit].norm_start = rs; /* widen, keeping kb_id */
            g.items[hit].norm_end = re;
            g.items[hit].rule = r;
            take(occ, rs, re);
            continue;
        }
        if (hits > 0 && !(r->absorb && all_inside))
            continue;
        for (size_t k = g0; k < g1; k++) /* absorbed */
            alive[k] = 0;
        if (!push(&res, rs, re, r->label, NULL, r, 0)) 
            goto nomem;
        take(occ, rs, re);
    }
    for (size_t k = 0; k < g.n; k++)
        if (alive[k] && !push(&res, g.items[k].norm_start, g.items[k].norm_end, g.items[k].label,
                              g.items[k].gaz, g.items[k].rule, 0)) 
            goto nomem;

done:
    if (res.n > 1)
        tg_sort_stable(res.items, res.n, sizeof *res.items, cmp_resolved);
    tg_scratch_done(TG_SCRATCH_RESOLVE_WON);
    tg_scratch_done(TG_SCRATCH_RESOLVE_LIST);
    *out = res.items;
    *nout = res.n;
    return TAGGER_OK;

nomem:
    tg_scratch_done(TG_SCRATCH_RESOLVE_WON);
    tg_scratch_done(TG_SCRATCH_RESOLVE_LIST);
    free(res.items);
    return TAGGER_ERR_NOMEM;
}

/* ------------------------------------------------------------ headline speakers */

/* Verbs that end a clause, normalized (no ZWNJ): a word after one starts the
 * next headline when headlines are joined by spaces. */
static const tg_word clause_end_verbs[] = {
    TG_WORD("است"), TG_WORD("نیست"), TG_WORD("هست"), TG_WORD("هستند"), TG_WORD("نیستند"),
    TG_WORD("بود"), TG_WORD("بودند"), TG_WORD("نبود"), TG_WORD("شد"), TG_WORD("شدند"),
    TG_WORD("نشد"), TG_WORD("شود"), TG_WORD("شوند"), TG_WORD("نشود"), TG_WORD("کرد"),
    TG_WORD("کردند"), TG_WORD("نکرد"), TG_WORD("کند"), TG_WORD("کنند"), TG_WORD("نکند"),
    TG_WORD("دارد"), TG_WORD("دارند"), TG_WORD("ندارد"), TG_WORD("داشت"), TG_WORD("باشد"),
    TG_WORD("باشند"), TG_WORD("نباشد"), TG_WORD("میشود"), TG_WORD("نمیشود"), TG_WORD("میکند"),
    TG_WORD("نمیکند"), TG_WORD("میکنند"), TG_WORD("میدهد"), TG_WORD("گفت"),
};

/* Headline separators: a name right after one starts a headline. */
static const tg_word headline_separators[] = {
    TG_WORD("."), TG_WORD("!"), TG_WORD("?"), TG_WORD("؟"), TG_WORD("؛"), TG_WORD(";"),
    TG_WORD("/"), TG_WORD("|"), TG_WORD("*"), TG_WORD("•"), TG_WORD("-"), TG_WORD("–"),
    TG_WORD("—"), TG_WORD("»"),
};

/* Whether [s, e) (whole tokens) is followed by «:» and a word on the same
 * line, and starts the text, a line, a sentence or a headline (resolve.h). */
static int speaker_at(const tg_normtext *nt, const tagger_token *tokens, size_t ntokens,
                      size_t s, size_t e)
{
    const char *norm = nt->text;
    size_t len = nt->len, p = e;
    if (e <= s || e > len)
        return 0;
    size_t t0 = tg_token_at(tokens, ntokens, s);
    size_t t1 = tg_token_at(tokens, ntokens, p - 1);
    if (t1 >= ntokens || t0 > t1 || tokens[t0].norm_start != s || tokens[t1].norm_end != p)
        return 0;
    if (p < len && norm[p] == ' ')
        p++;
    if (p >= len || norm[p] != ':')
        return 0;
    p++;
    while (p < len && (norm[p] == ' ' || norm[p] == '\t'))
        p++;
    size_t next = tg_token_at(tokens, ntokens, p);
    if (next >= ntokens || tokens[next].norm_start != p ||
        (tokens[next].kind != TAGGER_TOKEN_WORD && !tg_token_is(norm, &tokens[next], "«") &&
         !tg_token_is(norm, &tokens[next], "\"")))
        return 0;
    if (t0 == 0)
        return 1;
    const tagger_token *prev = &tokens[t0 - 1];
    for (size_t q = prev->norm_end; q < s; q++)
        if (norm[q] == '\n' || norm[q] == '\r')
            return 1;
    static tg_word_set separators = TG_WORD_SET(headline_separators);
    static tg_word_set verbs = TG_WORD_SET(clause_end_verbs);
    return prev->sentence != tokens[t0].sentence || tg_token_in(norm, prev, &separators) ||
           tg_token_in(norm, prev, &verbs);
}

/* Whether [s, e) overlaps one of the n sorted, disjoint entities. */
static int overlaps_resolved(const tg_resolved *res, size_t n, size_t s, size_t e)
{
    size_t lo = 0, hi = n;
    while (lo < hi) { /* the first ending after s */
        size_t mid = (lo + hi) / 2;
        if (res[mid].norm_end <= s)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && res[lo].norm_start < e;
}

tagger_status tg_resolve_speakers(const tg_normtext *nt, const tagger_token *tokens,
                                  size_t ntokens, const tg_gaz_match *gaz, size_t ngaz,
                                  tg_resolved **res, size_t *nres)
{
    size_t n = *nres, added = 0;
    tg_resolved *out = NULL;
    for (size_t i = 0; i < ngaz; i++) {
        if (!(gaz[i].flags & TG_ALIAS_AMBIGUOUS) || gaz[i].norm_end <= gaz[i].norm_start ||
            overlaps_resolved(*res, n, gaz[i].norm_start, gaz[i].norm_end) ||
            gaz[i].label != TG_LABEL_PERSON ||
            !speaker_at(nt, tokens, ntokens, gaz[i].norm_start, gaz[i].norm_end))
            continue;
        tg_resolved *same = NULL; /* an entry found before on this span */
        for (size_t k = n; k < n + added && !same; k++)
            if (out[k].norm_start == gaz[i].norm_start && out[k].norm_end == gaz[i].norm_end)
                same = &out[k];
        if (same) {
            const tg_gaz_match *b = same->gaz;
            if (gaz[i].layer > b->layer || (gaz[i].layer == b->layer && gaz[i].priority > b->priority))
                same->gaz = &gaz[i];
            continue;
        }
        if (!out) {
            out = malloc((n + ngaz) * sizeof *out);
            if (!out)
                return TAGGER_ERR_NOMEM;
            if (n)
                memcpy(out, *res, n * sizeof *out);
        }
        tg_resolved *x = &out[n + added++];
        memset(x, 0, sizeof *x);
        x->norm_start = gaz[i].norm_start;
        x->norm_end = gaz[i].norm_end;
        x->label = tg_label_name(TG_LABEL_PERSON);
        x->gaz = &gaz[i];
        x->speaker = 1;
    }
    if (!out)
        return TAGGER_OK;
    tg_sort_stable(out, n + added, sizeof *out, cmp_resolved);
    free(*res);
    *res = out;
    *nres = n + added;
    return TAGGER_OK;
}

void tg_resolve_evidence(const tg_normtext *nt, const tagger_token *tokens, size_t ntokens,
                         tg_rule_match *rules, size_t nrules)
{
    for (size_t i = 0; i < nrules; i++)
        if (rules[i].evidence == TG_EVIDENCE_SPEAKER)
            rules[i].evidence =
                speaker_at(nt, tokens, ntokens, rules[i].norm_start, rules[i].norm_end)
                    ? TG_EVIDENCE_YES
                    : TG_EVIDENCE_NO;
}
