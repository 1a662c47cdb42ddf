/*
 * rules_guard — a second, longer test of a rule's start before its
 * anchored attempt (rules.c match_rule), computed from the pattern.
 *
 * The prefilter's trie holds the starters of all rules at once, so they are
 * kept few (rules_starters.c: 128 strings a rule): a rule such as
 * fa.date.range starts at every «از » and «بين », where it nearly always
 * fails after ~2,000 instructions of JIT'd code.  The guard is the same
 * reading of the expanded pattern with room for 1,024 strings, and past
 * them for 16,384 where each open string grows (tg_rules_guard_strings):
 * every match begins with one of them («از سال », «از D فروردین», «از
 * این هفته» …), so at a text that begins with none of
 * them the rule cannot match and is not tried.  The pattern is read again
 * with strings of 16, 12 and 8 bytes, which leave fewer strings open where
 * the set is full (fa.date.relative_period_month's ordinal days, whose
 * strings cut «می » short), and the guard keeps what a text must begin
 * with to begin with a string of each reading («می سال», not «می شود»).
 * No bound is declared: the strings are what the pattern says; a rule
 * whose reading fails, or whose match may begin with a class, has no
 * guard, and neither has one where every starter begins with one of the
 * strings (the guard would pass every text the trie walk did).
 *
 * A check from the start costs ~400 instructions (it reads the starter
 * again, then a few bytes; the candidate scan's check starts where its walk
 * stands: rules_guard_walk.c), an attempt 200-3,000, and how many
 * candidates a guard rejects depends on the text: fa.date.range's 81% of
 * 47,210 on 20 MB of news, fa.money's 0.3% of 77,843 while its strings
 * stopped at the number (they now go on past its digits and number words:
 * rules_starters.c, px_seq and px_cut_frontier).  So a guard is
 * probed on the rule's first GUARD_PROBES candidates of a run and kept only
 * if it rejected at least a quarter of them.  The matches are the same
 * either way: a guard only skips attempts that cannot match.
 *
 * The strings are kept as a trie: a node is a word (its first child and
 * number of children) and a byte (its own), and a node's children are next
 * to each other in the order of their bytes, compared 16 at a time; these
 * blocks of children are laid out depth first (share_subtries).  The check
 * reads the text at the candidate as the prefilter's walk does
 * (rules_prefilter.c): a run of \h characters is one
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

#include "hash.h"

/* A guard is probed on its first GUARD_PROBES checks of a rule set, then
 * kept on when it rejected at least one in GUARD_WORTH of them */
enum { GUARD_PROBE, GUARD_ON, GUARD_OFF };
#define GUARD_PROBES 512u
#define GUARD_WORTH 4u

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

/* Whether nodes v and w of node/byte have the same children: the same
 * bytes, each with the same block (id). */
static int same_kids(const uint32_t *node, const unsigned char *byte, const uint32_t *id,
                     size_t v, size_t w)
{
    uint32_t c = NODE_COUNT(node[v]), a = NODE_FIRST(node[v]), b = NODE_FIRST(node[w]);
    if (c != NODE_COUNT(node[w]))
        return 0;
    for (uint32_t k = 0; k < c; k++)
        if (byte[a + k] != byte[b + k] || id[a + k] != id[b + k])
            return 0;
    return 1;
}

/* g's trie with its equal subtries shared: the guard's strings repeat what
 * may follow after each of many words («سه_…», «ده_…» go on alike), so
 * nodes whose children have the same bytes and subtries point to one block
 * of children.  The blocks are laid out depth first (in reverse postorder
 * of a walk from the root's), so every walk still goes forward
 * (tg_rules_guard_valid) and the blocks of a chain («_میلیون_») lie one
 * after another: a check's next node and byte are mostly on the lines of
 * the last (laid out by height, each step of a chain was on other lines:
 * a cache miss).  Out of memory, g is left as it is. */
static void share_subtries(tg_rules_guard *g)
{
    enum { TALL = TG_RULES_GUARD_LEN + 2 }; /* a subtrie's height is at most the strings' length */
    size_t n = g->n, cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    const uint32_t *node = g->node;
    const unsigned char *byte = g->byte;
    /* id[v]: the block of v's children (0: none); height[b] and first[b]:
     * block b's height and the first node met that has it */
    uint32_t *id = malloc(n * sizeof *id), *height = malloc(n * sizeof *height),
             *first = malloc(n * sizeof *first), *slot = malloc(cap * sizeof *slot),
             *at = malloc(n * sizeof *at), *out = NULL;
    size_t blocks = 1, m = 1;
    if (!id || !height || !first || !slot || !at)
        goto done;
    memset(slot, 0xFF, cap * sizeof *slot);
    height[0] = 0;
    for (size_t v = n; v-- > 0;) { /* children before their parent (breadth first) */
        uint32_t c = NODE_COUNT(node[v]), f = NODE_FIRST(node[v]), tall = 0;
        uint64_t h = TG_FNV_OFFSET; /* of the children's bytes and blocks */
        id[v] = 0;
        if (c == 0)
            continue;
        for (uint32_t k = 0; k < c; k++) {
            h = tg_fnv1a_more(h, &byte[f + k], 1);
            h = tg_fnv1a_more(h, &id[f + k], sizeof id[f + k]);
            tall = height[id[f + k]] > tall ? height[id[f + k]] : tall;
        }
        size_t i = h & (cap - 1);
        while (slot[i] != UINT32_MAX && !same_kids(node, byte, id, v, first[slot[i]]))
            i = (i + 1) & (cap - 1);
        if (slot[i] == UINT32_MAX) { /* a new block */
            if (tall + 1 >= TALL)
                goto done;
            slot[i] = (uint32_t)blocks;
            height[blocks++] = tall + 1;
            m += c;
        }
        id[v] = slot[i];
        first[id[v]] = (uint32_t)v; /* at the end the first met breadth first */
    }
    /* the root at 0, then the blocks each before those below it: placed
     * from the end as the walk leaves them (0: not met, UINT32_MAX: on the
     * stack, which is at most as deep as the root's block is tall) */
    struct {
        uint32_t b, k; /* a block, and its next child to go down to */
    } stack[TALL + 1];
    size_t top = 0, end = m;
    memset(at, 0, blocks * sizeof *at);
    stack[top++].b = id[0], stack[0].k = 0, at[id[0]] = UINT32_MAX;
    while (top > 0) {
        uint32_t b = stack[top - 1].b, v = first[b];
        uint32_t c = NODE_COUNT(node[v]), f = NODE_FIRST(node[v]);
        if (stack[top - 1].k < c) {
            uint32_t d = id[f + stack[top - 1].k++];
            if (d && at[d] == 0 && top <= TALL) {
                at[d] = UINT32_MAX;
                stack[top].b = d, stack[top++].k = 0;
            }
            continue;
        }
        end -= c;
        at[b] = (uint32_t)end;
        top--;
    }
    if (end != 1) /* a block not placed (not expected) */
        goto done;
    if (!(out = malloc(m * 5 + TG_RULES_GUARD_SLACK)))
        goto done;
    unsigned char *ob = (unsigned char *)(out + m);
    memset(ob + m, 0, TG_RULES_GUARD_SLACK);
    out[0] = at[id[0]] << 8 | NODE_COUNT(node[0]);
    ob[0] = 0;
    for (size_t b = 1; b < blocks; b++) {
        uint32_t v = first[b], c = NODE_COUNT(node[v]), f = NODE_FIRST(node[v]);
        for (uint32_t k = 0; k < c; k++) {
            out[at[b] + k] = id[f + k] ? at[id[f + k]] << 8 | NODE_COUNT(node[f + k]) : 0;
            ob[at[b] + k] = byte[f + k];
        }
    }
    free(g->own);
    g->own = out;
    g->node = out;
    g->byte = ob;
    g->n = m;
done:
    free(id), free(height), free(first), free(slot), free(at);
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
    share_subtries(g);
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

int tg_rules_guard_on(const tg_rules_guard *g)
{
    return g->n && __atomic_load_n(&g->state, __ATOMIC_RELAXED) == GUARD_ON;
}

int tg_rules_guard_off(const tg_rules_guard *g)
{
    return !g->n || __atomic_load_n(&g->state, __ATOMIC_RELAXED) == GUARD_OFF;
}

int tg_rules_guard_pass(const tg_rules_guard *cg, const char *text, size_t len, size_t at)
{
    /* the counts are the only part of a guard that changes (relaxed
     * atomics: they only steer the cost) */
    tg_rules_guard *g = (tg_rules_guard *)cg;
    int state = __atomic_load_n(&g->state, __ATOMIC_RELAXED);
    if (state == GUARD_OFF)
        return 1;
    int pass = tg_rules_guard_walk(g, g->node[0], (const unsigned char *)text, len, at);
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
