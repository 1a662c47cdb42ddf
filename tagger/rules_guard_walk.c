/*
 * rules_guard_walk — the guards' walk over a text (rules_guard.c has the
 * guards and why): from a guard's root at an attempt's start
 * (match_rule), or, in the candidate scan
 * (rules_prefilter.c), from the guard node that the prefilter's trie path
 * to a candidate's rule reaches (prefilter.guard_at, set at load here), at
 * the byte where the scan's walk stands.  Apart from rules_guard.c, which
 * reads the guards from the patterns: the scan calls only this.
 */
#include "rules_internal.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* A text byte for the check: 0 as it is, 1 an ASCII digit, 2 may begin a
 * \h character (tab, space, C2, E1..E3), 3 begins a character from U+0800
 * up (E0, E4..F4) */
static const unsigned char byte_class[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, /* 0x00 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x20 */
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x40 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0x80 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* 0xC0 */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    3, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, /* 0xE0 */
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
};

/* The index of node x's child with byte b among its c children (their
 * bytes at kid), c when none: one byte at a time. */
static inline uint32_t child_index(const unsigned char *kid, uint32_t c, unsigned b)
{
    uint32_t k = 0;
    while (k < c && kid[k] != b)
        k++;
    return k;
}

int tg_rules_guard_walk(const tg_rules_guard *g, uint32_t x, const unsigned char *t, size_t len,
                        size_t j)
{
    for (uint32_t v;; x = g->node[v]) { /* x: node v's word */
        uint32_t c = NODE_COUNT(x);
        if (c == 0)
            return 1;
        /* at the text's end its NUL, which no child has (valid) */
        unsigned b = t[j], cls = byte_class[b];
        uint32_t hl;
        if (__builtin_expect(cls == 0, 1)) {
            j++;
        } else if (cls == 1) {
            while (j < len && byte_class[t[j]] == 1)
                j++;
            b = TG_RULES_DIGITS;
        } else if (cls == 2 && (hl = b == ' ' ? 1 : tg_rules_hspace_len(t, j, len)) > 0) {
            do
                j += hl;
            while (j < len && byte_class[t[j]] == 2 &&
                   (hl = t[j] == ' ' ? 1 : tg_rules_hspace_len(t, j, len)) > 0);
            b = TG_RULES_SPACE;
        } else if (b >= 0xE0 && !(b == 0xE2 && j + 1 < len && (t[j + 1] & 0xFE) == 0x80)) {
            return 1; /* may be a \d */
        } else {
            j++;
        }
        /* the child with byte b (the bytes are readable 16 past the last) */
        const unsigned char *kid = g->byte + NODE_FIRST(x);
        uint32_t k = 0;
        if (c == 1) { /* most nodes: a chain */
            if (kid[0] != b)
                return 0;
            v = NODE_FIRST(x);
            continue;
        }
#ifdef __SSE2__
        const __m128i want = _mm_set1_epi8((char)b);
        if (c <= 16) { /* most branches: one compare */
            uint32_t hit = (uint32_t)_mm_movemask_epi8(
                               _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)kid), want)) &
                           ((1u << c) - 1);
            if (!hit)
                return 0;
            v = NODE_FIRST(x) + (uint32_t)__builtin_ctz(hit);
            continue;
        }
        for (;; k += 16) {
            if (k >= c)
                return 0;
            uint32_t hit = (uint32_t)_mm_movemask_epi8(
                _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(kid + k)), want));
            if (c - k < 16)
                hit &= (1u << (c - k)) - 1;
            if (hit) {
                k += (uint32_t)__builtin_ctz(hit);
                break;
            }
        }
#else
        if ((k = child_index(kid, c, b)) == c)
            return 0;
#endif
        v = NODE_FIRST(x) + k;
    }
}

int tg_rules_guard_pass_from(const tg_rules_guard *g, uint32_t x, const char *text, size_t len,
                             size_t at, size_t j)
{
    if (x == TG_RULES_GUARD_WHOLE)
        return tg_rules_guard_walk(g, g->node[0], (const unsigned char *)text, len, at);
    return tg_rules_guard_walk(g, x, (const unsigned char *)text, len, j);
}

/* The node at which g's walk over a text stands after the bytes of the
 * prefilter's trie path s[0..n) (each a byte the walk reads as it is, or
 * a run of spaces or digits read as one), or TG_RULES_GUARD_WHOLE when the
 * path has a byte the walk reads otherwise (a \h or a character from
 * U+0800 up) or leaves the trie (then the whole check tells). */
static uint32_t node_after(const tg_rules_guard *g, const unsigned char *s, size_t n)
{
    uint32_t v = 0;
    for (size_t d = 0; d < n; d++) {
        uint32_t x = g->node[v], c = NODE_COUNT(x);
        if (c == 0)
            return v; /* a string ends: every text passes */
        unsigned b = s[d];
        if (b != TG_RULES_SPACE && b != TG_RULES_DIGITS && byte_class[b] != 0)
            return TG_RULES_GUARD_WHOLE;
        uint32_t k = child_index(g->byte + NODE_FIRST(x), c, b);
        if (k == c)
            return TG_RULES_GUARD_WHOLE;
        v = NODE_FIRST(x) + k;
    }
    return v;
}

/* The guard nodes' words of node nd's entries, path[0..n) the bytes to it. */
static void starts_at(const tg_rules *rs, const trie_node *nd, const unsigned char *path, size_t n)
{
    const prefilter *pf = &rs->pf;
    for (uint32_t x = 0; x < nd->nrules; x++) {
        const tg_rules_guard *g = &rs->rules[pf->rule_ids[nd->rules + x]].guard;
        uint32_t v = g->n ? node_after(g, path, n) : TG_RULES_GUARD_WHOLE;
        if (v != TG_RULES_GUARD_WHOLE)
            pf->guard_at[nd->rules + x] = g->node[v];
    }
}

/* The same for node k, its siblings and the nodes below them (path[0..d)
 * the bytes to their parent), while *budget lasts (a damaged file's cycle
 * ends). */
static void starts_below(const tg_rules *rs, int32_t k, unsigned char *path, size_t d,
                         size_t *budget)
{
    const prefilter *pf = &rs->pf;
    for (; k >= 0 && *budget > 0 && d < TG_RULES_GUARD_PATH; k = pf->nodes[k].sibling) {
        (*budget)--;
        path[d] = pf->nodes[k].byte;
        starts_at(rs, &pf->nodes[k], path, d + 1);
        starts_below(rs, pf->nodes[k].child, path, d + 1, budget);
    }
}

int tg_rules_guard_starts(tg_rules *rs)
{
    prefilter *pf = &rs->pf;
    size_t n = 0;
    for (size_t k = 0; k < pf->nnodes; k++)
        if (pf->nodes[k].rules + (size_t)pf->nodes[k].nrules > n)
            n = pf->nodes[k].rules + (size_t)pf->nodes[k].nrules;
    free(pf->guard_at);
    if (!(pf->guard_at = malloc((n ? n : 1) * sizeof *pf->guard_at)))
        return 0;
    for (size_t x = 0; x < n; x++)
        pf->guard_at[x] = TG_RULES_GUARD_WHOLE;
    unsigned char path[TG_RULES_GUARD_PATH];
    size_t budget = pf->nnodes;
    for (int b = 0; b < 256 && budget > 0; b++)
        if (pf->root[b] >= 0) { /* the root's children: no siblings */
            const trie_node *nd = &pf->nodes[pf->root[b]];
            budget--;
            path[0] = nd->byte;
            starts_at(rs, nd, path, 1);
            starts_below(rs, nd->child, path, 1, &budget);
        }
    return 1;
}
