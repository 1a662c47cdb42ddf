/*
 * rules_guard — a second, longer test of a rule's start before its
 * anchored attempt (rules.c match_rule), computed from the pattern.
 *
 * The prefilter's trie holds the starters of all rules at once, so they are
 * kept few (rules_starters.c: 128 strings a rule): a rule such as
 * fa.date.range starts at every «از » and «بين », where it nearly always
 * fails after ~2,000 instructions of JIT'd code.  The guard is the same
 * reading of the expanded pattern with room for 1,024 strings
 * (tg_rules_guard_strings): every match begins with one of them («از سال »,
 * «از D فروردین», «از این هفته» …), so at a text that begins with none of
 * them the rule cannot match and is not tried.  No bound is declared: the
 * strings are what the pattern says; a rule whose reading fails, or whose
 * match may begin with a class, has no guard, and neither has one where
 * every starter begins with one of the strings (the guard would pass every
 * text the trie walk did).
 *
 * A check costs ~400 instructions (it reads the starter again, then a
 * few bytes), an attempt 200-3,000, and how many candidates a guard
 * rejects depends on the text: fa.date.range's 81% of 47,210 on 20 MB of
 * news, fa.money's 0.3% of 77,843 (a number followed by a space and a
 * letter that some currency or number word begins with).  So a guard is
 * probed on the rule's first GUARD_PROBES candidates of a run and kept only
 * if it rejected at least a quarter of them.  The matches are the same
 * either way: a guard only skips attempts that cannot match.
 *
 * The strings are kept as a trie, breadth first: a node is a word (its
 * first child and number of children) and a byte (its own), and a node's
 * children are next to each other in the order of their bytes, compared
 * 16 at a time.  The check reads the text at the candidate as the
 * prefilter's walk does (rules_prefilter.c): a run of \h characters is one
 * TG_RULES_SPACE byte, a run of ASCII digits one TG_RULES_DIGITS byte (the
 * normalizer folds every decimal digit below U+0800 to ASCII), other bytes
 * as they are; the text passes at a node where a string ends and fails
 * where no child has its next byte, most often a few bytes past the
 * starter, or at the normalized text's NUL (no string has one).  A character from U+0800 up may be a \d the normalizer does not
 * know (but not U+2000..U+207F: punctuation, spaces, ZWNJ): the text passes
 * there.  The trie is made when the rules are compiled and kept in the
 * compiled rules file (rules_cache.c).
 */
#include "rules_internal.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* A guard is probed on its first GUARD_PROBES checks of a rule set, then
 * kept on when it rejected at least one in GUARD_WORTH of them */
enum { GUARD_PROBE, GUARD_ON, GUARD_OFF };
#define GUARD_PROBES 512u
#define GUARD_WORTH 4u

/* A node: its first child's index << 8 | its number of children (0: a
 * string ends there; none ends where another goes on) */
#define NODE_COUNT(x) ((x) & 0xFFu)
#define NODE_FIRST(x) ((x) >> 8)
#define NODE_MAX (UINT32_MAX >> 8)

void tg_rules_guard_free(tg_rules_guard *g)
{
    free(g->own);
    *g = (tg_rules_guard){0};
}

int tg_rules_guard_own(tg_rules_guard *g)
{
    if (!g->n || g->own)
        return 1;
    size_t size = g->n * 5 + TG_RULES_GUARD_SLACK;
    if (!(g->own = malloc(size))) {
        *g = (tg_rules_guard){0};
        return 0;
    }
    memcpy(g->own, g->node, size);
    g->node = g->own;
    g->byte = (const unsigned char *)(g->node + g->n);
    return 1;
}

void tg_rules_guard_always(tg_rules_guard *g)
{
    g->state = GUARD_ON;
}

/* The trie of the count strings s (sorted, none a prefix of another) in g,
 * breadth first: a node's children are made together, so they are next to
 * each other; 0 when out of memory or too large. */
static int make_trie(tg_rules_guard *g, char *const *s, size_t count)
{
    size_t total = 1;
    for (size_t i = 0; i < count; i++) {
        size_t l = strlen(s[i]);
        if (l == 0 || l > TG_RULES_GUARD_LEN)
            return 0;
        total += l;
    }
    /* node v covers the strings lo[v]..hi[v], which share its v's depth
     * bytes (at most `total` nodes: one per byte of the strings, and the root) */
    uint32_t *lo = malloc(total * sizeof *lo), *hi = malloc(total * sizeof *hi);
    unsigned char *depth = malloc(total);
    uint32_t *node = total <= NODE_MAX ? malloc(total * 5 + TG_RULES_GUARD_SLACK) : NULL;
    if (!lo || !hi || !depth || !node) {
        free(lo), free(hi), free(depth), free(node);
        return 0;
    }
    unsigned char *byte = (unsigned char *)(node + total);
    size_t n = 1;
    lo[0] = 0, hi[0] = (uint32_t)count, depth[0] = 0, byte[0] = 0;
    for (size_t v = 0; v < n; v++) {
        size_t d = depth[v], first = n;
        if (s[lo[v]][d] == '\0') { /* a string ends: alone in its range */
            node[v] = 0;
            continue;
        }
        for (size_t i = lo[v]; i < hi[v]; i++) {
            unsigned char b = (unsigned char)s[i][d];
            if (n == first || b != byte[n - 1]) { /* a new child */
                byte[n] = b, lo[n] = (uint32_t)i, depth[n] = (unsigned char)(d + 1);
                if (n > first)
                    hi[n - 1] = (uint32_t)i;
                n++;
            }
        }
        hi[n - 1] = hi[v];
        node[v] = (uint32_t)first << 8 | (uint32_t)(n - first);
    }
    free(lo), free(hi), free(depth);
    /* the bytes after the nodes, in one block */
    memmove(node + n, byte, n);
    uint32_t *shrunk = realloc(node, n * 5 + TG_RULES_GUARD_SLACK);
    if (shrunk)
        node = shrunk;
    memset((unsigned char *)(node + n) + n, 0, TG_RULES_GUARD_SLACK);
    g->own = node;
    g->node = node;
    g->byte = (const unsigned char *)(node + n);
    g->n = n;
    return 1;
}

/* Whether one of g's strings is a prefix of the starter s (then every
 * text that begins with s passes). */
static int covers(const tg_rules_guard *g, const char *s)
{
    size_t v = 0;
    for (;; s++) {
        uint32_t x = g->node[v], c = NODE_COUNT(x), k = 0;
        if (c == 0)
            return 1;
        const unsigned char *kid = g->byte + NODE_FIRST(x);
        while (k < c && kid[k] != (unsigned char)*s)
            k++;
        if (*s == '\0' || k == c)
            return 0;
        v = NODE_FIRST(x) + k;
    }
}

void tg_rules_guard_build(rule *r, const char *body, size_t n)
{
    tg_rules_guard_free(&r->guard);
    if (!r->anchored || r->nclasses > 0 || r->nlits == 0)
        return; /* no candidates of its own, or some begin with a class */
    size_t count = 0;
    char **s = tg_rules_guard_strings(body, n, &count);
    int useful = 0; /* it rejects a text that one of the starters begins */
    if (count > 0 && make_trie(&r->guard, s, count))
        for (size_t i = 0; i < r->nlits && !useful; i++)
            useful = !covers(&r->guard, r->lits[i]);
    if (!useful)
        tg_rules_guard_free(&r->guard); /* none, or out of memory: no guard */
    tg_rules_free_strs(s, count);
}

int tg_rules_guard_valid(const uint32_t *node, size_t n)
{
    if (n < 2 || n > NODE_MAX || NODE_COUNT(node[0]) == 0)
        return 0;
    for (size_t v = 0; v < n; v++) { /* every walk goes forward and ends */
        size_t first = NODE_FIRST(node[v]), c = NODE_COUNT(node[v]);
        if (c && (first <= v || first + c > n))
            return 0;
    }
    /* no string has a NUL: a check stops at the text's (the root's byte is 0) */
    return memchr((const unsigned char *)(node + n) + 1, 0, n - 1) == NULL;
}

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

/* guard_pass's walk from node v at text byte j. */
static int guard_walk(const tg_rules_guard *g, size_t v, const unsigned char *t, size_t len,
                      size_t j)
{
    for (;;) {
        uint32_t x = g->node[v], c = NODE_COUNT(x);
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
        while (k < c && kid[k] != b)
            k++;
        if (k == c)
            return 0;
#endif
        v = NODE_FIRST(x) + k;
    }
}

static int guard_pass(const tg_rules_guard *g, const char *text, size_t len, size_t at)
{
    return guard_walk(g, 0, (const unsigned char *)text, len, at);
}

int tg_rules_guard_on(const tg_rules_guard *g)
{
    return g->n && __atomic_load_n(&g->state, __ATOMIC_RELAXED) == GUARD_ON;
}

int tg_rules_guard_off(const tg_rules_guard *g)
{
    return !g->n || __atomic_load_n(&g->state, __ATOMIC_RELAXED) == GUARD_OFF;
}

int tg_rules_guard_pass_from(const tg_rules_guard *g, uint32_t v, const char *text, size_t len,
                             size_t at, size_t j)
{
    if (v == TG_RULES_GUARD_WHOLE)
        return guard_pass(g, text, len, at);
    return guard_walk(g, v, (const unsigned char *)text, len, j);
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
        uint32_t x = g->node[v], c = NODE_COUNT(x), k = 0;
        if (c == 0)
            return v; /* a string ends: every text passes */
        unsigned b = s[d];
        if (b != TG_RULES_SPACE && b != TG_RULES_DIGITS && byte_class[b] != 0)
            return TG_RULES_GUARD_WHOLE;
        const unsigned char *kid = g->byte + NODE_FIRST(x);
        while (k < c && kid[k] != b)
            k++;
        if (k == c)
            return TG_RULES_GUARD_WHOLE;
        v = NODE_FIRST(x) + k;
    }
    return v;
}

/* The guard nodes of node nd's entries, path[0..n) the bytes to it. */
static void starts_at(const tg_rules *rs, const trie_node *nd, const unsigned char *path, size_t n)
{
    const prefilter *pf = &rs->pf;
    for (uint32_t x = 0; x < nd->nrules; x++) {
        const tg_rules_guard *g = &rs->rules[pf->rule_ids[nd->rules + x]].guard;
        if (g->n)
            pf->guard_at[nd->rules + x] = node_after(g, path, n);
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

int tg_rules_guard_pass(const tg_rules_guard *cg, const char *text, size_t len, size_t at)
{
    /* the counts are the only part of a guard that changes (relaxed
     * atomics: they only steer the cost) */
    tg_rules_guard *g = (tg_rules_guard *)cg;
    int state = __atomic_load_n(&g->state, __ATOMIC_RELAXED);
    if (state == GUARD_OFF)
        return 1;
    int pass = guard_pass(g, text, len, at);
    if (state == GUARD_PROBE) {
        uint32_t n = __atomic_add_fetch(&g->checks, 1, __ATOMIC_RELAXED);
        uint32_t no = pass ? __atomic_load_n(&g->rejects, __ATOMIC_RELAXED)
                           : __atomic_add_fetch(&g->rejects, 1, __ATOMIC_RELAXED);
        if (n >= GUARD_PROBES)
            __atomic_store_n(&g->state, no * GUARD_WORTH >= n ? GUARD_ON : GUARD_OFF,
                             __ATOMIC_RELAXED);
    }
    return pass;
}
