/*
 * rules_prefilter — the literal prefilter that lets most rules run only
 * where a match could begin.
 *
 * Most patterns begin with a word list or a literal word («روز», {month_jalali},
 * {currency}), so a match can begin only where one of a few strings does.
 * At load, each expanded pattern is read up to its first character-consuming
 * item to collect its *starters*: the literal strings and the character
 * classes one of which every match begins with (lookarounds are skipped,
 * optional items add the starters of what follows).  A pattern with a
 * construct this reading does not follow, or that can match the empty
 * string, keeps no starters and is scanned as before.
 *
 * Then the starters are made longer where the pattern allows: read as sets
 * of strings (an alternation the union, a sequence the product), a rule
 * that begins «(?:این|همین)\h+هفته» starts with «این هفته» or «همین
 * هفته», not at every «این» (rules_starters.c; a space of a
 * pattern is a run of \h in a starter, byte TG_RULES_SPACE).
 *
 * When tagging, one pass over the text finds, at every position not
 * preceded by a letter or digit (the patterns' own boundary), the rules
 * whose starters begin there: a walk of a byte trie of all literal starters,
 * plus a table of the rules whose class starters accept that code point.
 * The pass classifies 16 bytes a step (SSE2) where every character is
 * ASCII or a common Arabic-script letter: such a block's positions of
 * interest are the characters after an ASCII non-letter, found from two
 * bit masks; any other character is classified by the table.
 * Before they are walked, the positions whose first three characters begin
 * no path of the trie are dropped (rules_firstchars.c), and most others
 * begin their walk at the node after those three.
 * Each rule then runs its anchored pattern at its candidate positions in
 * order, resuming after each match, which finds exactly the matches of a
 * left-to-right scan (an unanchored search is an anchored attempt at each
 * position in turn, and no match can start elsewhere).  A rule without
 * candidates in a document costs nothing; a rule whose class starters
 * accept almost anything (\p{L}) scans unanchored, which is then cheaper
 * and gives the same matches (only such rules need their unanchored
 * pattern JIT-compiled).  A rule declared
 * `starts-before LITERAL N` stays out of this pass: its candidates are the
 * boundaries at most N bytes before each occurrence of LITERAL.  A rule
 * declared `needs LITERAL...` keeps only the candidates up to the last
 * occurrence of one of them (each found with memchr by its rarest-looking
 * byte, tg_rules_needs_limit): «درصد» ends fa.percent's attempts at the
 * numbers after it, and a text without it has none.
 */
#define _DEFAULT_SOURCE /* madvise, MADV_POPULATE_WRITE */
#include "rules_internal.h"

#include <sys/mman.h>

#include "scratch.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* A rule whose class starters accept more code points than this (\p{L})
 * would be tried at nearly every word: it keeps its unanchored scan. */
#define MAX_CLASS_CPS 256

/* ------------------------------------------------------ reading starters */

typedef struct {
    const char *end;
    char ***lits, ***classes;
    size_t *nlits, *nclasses;
    int give_up; /* a construct the reading does not follow, or no memory */
} scan;

/* Adds s[0..len) to the list unless it is there; out of memory gives up. */
static void add_str(scan *sc, char ***list, size_t *n, const char *s, size_t len)
{
    for (size_t i = 0; i < *n; i++)
        if (strlen((*list)[i]) == len && memcmp((*list)[i], s, len) == 0)
            return;
    char **grown = realloc(*list, (*n + 1) * sizeof *grown);
    char *d = grown ? dup_n(s, len) : NULL;
    if (grown)
        *list = grown;
    if (!d)
        sc->give_up = 1;
    else
        (*list)[(*n)++] = d;
}

/* The quantifier at p, if any: sets *min (1 without one) and returns the
 * position after it. */
const char *tg_rules_quantifier(const char *p, const char *end, long *min)
{
    *min = 1;
    if (p >= end)
        return p;
    if (*p == '?' || *p == '*') {
        *min = 0;
        p++;
    } else if (*p == '+') {
        p++;
    } else if (*p == '{' && p + 1 < end && p[1] >= '0' && p[1] <= '9') {
        const char *q = p + 1;
        long lo = 0;
        for (; q < end && *q >= '0' && *q <= '9'; q++)
            if (lo < 100000)
                lo = lo * 10 + (*q - '0');
        if (q < end && *q == ',')
            for (q++; q < end && *q >= '0' && *q <= '9'; q++)
                ;
        if (q >= end || *q != '}')
            return p; /* a literal { */
        *min = lo;
        p = q + 1;
    } else {
        return p;
    }
    if (p < end && (*p == '?' || *p == '+'))
        p++;
    return p;
}

/* Whether p starts a literal character; sets lit/len to its text and *after. */
int tg_rules_literal_at(const char *p, const char *end, const char **lit, size_t *len,
                        const char **after)
{
    const unsigned char c = (unsigned char)*p;
    const char *q = p;
    if (c == '\\') {
        if (p + 1 >= end)
            return 0;
        unsigned char e = (unsigned char)p[1];
        if (e < 0x80 && ((e >= '0' && e <= '9') || (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z')))
            return 0;
        q = p + 1;
    } else if (strchr("^$.|?*+()[", c)) {
        return 0;
    } else if (c == '{') {
        long min;
        if (tg_rules_quantifier(p, end, &min) != p)
            return 0;
    }
    size_t n = utf8_len((unsigned char)*q);
    if (q + n > end)
        return 0;
    *lit = q;
    *len = n;
    *after = q + n;
    return 1;
}

static int has_space(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == TG_RULES_SPACE || tg_rules_hspace_len((const unsigned char *)s, i, n))
            return 1;
    return 0;
}

/* The first character inside the group "(" at p: past "?:", "?>", "?|",
 * a lookaround's "?=", "?!", "?<=", "?<!" (*look = 1) or a named group's
 * name ("?<name>", "?'name'", "?P<name>"); NULL for options, recursion,
 * conditions and verbs. */
const char *tg_rules_group_inner(const char *p, const char *end, int *look)
{
    const char *inner = NULL;
    *look = 0;
    if (p[1] == '?') {
        if (p[2] == ':' || p[2] == '>' || p[2] == '|')
            inner = p + 3;
        else if (p[2] == '=' || p[2] == '!')
            inner = p + 3, *look = 1;
        else if (p[2] == '<' && (p[3] == '=' || p[3] == '!'))
            inner = p + 4, *look = 1;
        else if (p[2] == '<' || p[2] == '\'' || (p[2] == 'P' && p[3] == '<'))
            inner = memchr(p + 2, p[2] == '\'' ? '\'' : '>', (size_t)(end - p - 2));
        if (inner && !*look && p[2] != ':' && p[2] != '>' && p[2] != '|')
            inner++; /* after the name of a named group */
    } else if (p[1] != '*') {
        inner = p + 1;
    }
    return inner;
}

static const char *scan_alt(scan *sc, const char *p, int collect, int *nullable);

/* A group at p, "(" to ")", with its quantifier: its inner alternatives
 * give the starters unless it is a lookaround (zero width). */
static const char *scan_group(scan *sc, const char *p, int collect, int *nullable,
                              int *zero_width)
{
    const char *end = sc->end, *q;
    int look;
    long min;
    const char *inner = tg_rules_group_inner(p, end, &look);
    if (!inner) { /* options, recursion, conditions, verbs */
        sc->give_up = 1;
        return end;
    }
    int inner_nullable = 0;
    q = scan_alt(sc, inner, collect && !look, &inner_nullable);
    if (sc->give_up || q >= end || *q != ')') {
        sc->give_up = 1;
        return end;
    }
    q = tg_rules_quantifier(q + 1, end, &min);
    *zero_width = look;
    *nullable = inner_nullable || min == 0;
    return q;
}

/* The end of the character class "[...]" at p (past its "]"), or NULL. */
const char *tg_rules_class_end(const char *p, const char *end)
{
    const char *q = p + 1;
    if (q < end && *q == '^')
        q++;
    if (q < end && *q == ']')
        q++;
    while (q < end && *q != ']') {
        if (*q == '\\')
            q += 2;
        else if (*q == '[' && q + 1 < end && q[1] == ':') {
            const char *c = strstr(q + 2, ":]");
            if (!c || c >= end)
                break;
            q = c + 2;
        } else
            q++;
    }
    return q >= end ? NULL : q + 1;
}

/* One item at p with its quantifier; with `collect`, adds its starters and
 * sets *nullable when it can match nothing.  Sets *zero_width for
 * assertions. */
static const char *scan_atom(scan *sc, const char *p, int collect, int *nullable,
                             int *zero_width)
{
    const char *end = sc->end, *q, *lit;
    size_t litlen;
    long min = 1;
    *zero_width = 0;
    *nullable = 0;
    if (*p == '^' || *p == '$') {
        *zero_width = 1;
        return p + 1;
    }
    if (*p == '(')
        return scan_group(sc, p, collect, nullable, zero_width);
    if (*p == '[') {
        if (!(q = tg_rules_class_end(p, end))) {
            sc->give_up = 1;
            return end;
        }
    } else if (*p == '.') {
        q = p + 1;
    } else if (*p == '\\' && !tg_rules_literal_at(p, end, &lit, &litlen, &q)) {
        char e = p + 1 < end ? p[1] : '\0';
        if (e && strchr("bBAzZ", e)) {
            *zero_width = 1;
            return p + 2;
        }
        q = p + 2;
        if (e && !collect && (e == 'k' || e == 'g') && q < end && strchr("<{'", *q)) {
            /* a back reference after the start: skipped */
            q = memchr(q + 1, *q == '<' ? '>' : *q == '{' ? '}' : '\'', (size_t)(end - q - 1));
            if (q)
                return tg_rules_quantifier(q + 1, end, &min);
            sc->give_up = 1;
            return end;
        }
        if (!e || !strchr("dDhHsSvVwWnrtfeapPx", e)) { /* back references, \Q, \K … */
            sc->give_up = 1;
            return end;
        }
        if ((e == 'p' || e == 'P' || e == 'x') && q < end && *q == '{') {
            q = memchr(q, '}', (size_t)(end - q));
            if (!q) {
                sc->give_up = 1;
                return end;
            }
            q++;
        } else if (e == 'p' || e == 'P') {
            q++;
        } else if (e == 'x') {
            for (int k = 0; k < 2 && q < end && *q && strchr("0123456789abcdefABCDEF", *q); k++)
                q++;
        }
        if (q > end) {
            sc->give_up = 1;
            return end;
        }
    } else if (tg_rules_literal_at(p, end, &lit, &litlen, &q)) {
        const char *after = tg_rules_quantifier(q, end, &min);
        if (collect)
            add_str(sc, sc->lits, sc->nlits, lit, litlen);
        *nullable = min == 0;
        return after;
    } else {
        sc->give_up = 1;
        return end;
    }
    /* a class, ".", or an escape such as \d: kept as source */
    if (collect)
        add_str(sc, sc->classes, sc->nclasses, p, (size_t)(q - p));
    q = tg_rules_quantifier(q, end, &min);
    *nullable = min == 0;
    return q;
}

/* A sequence of items up to | or ): a run of plain literal characters at
 * its start is one literal starter. */
static const char *scan_seq(scan *sc, const char *p, int collect, int *nullable)
{
    int open = collect; /* every item so far can match nothing */
    buf run = {0};
    while (p < sc->end && !sc->give_up && *p != '|' && *p != ')') {
        const char *lit, *after;
        size_t litlen;
        long min;
        if (open && tg_rules_literal_at(p, sc->end, &lit, &litlen, &after) &&
            tg_rules_quantifier(after, sc->end, &min) == after) {
            put(&run, lit, litlen);
            p = after;
            continue;
        }
        if (run.n) {
            add_str(sc, sc->lits, sc->nlits, run.s, run.n);
            run.n = 0;
            open = 0;
        }
        int item_nullable, zero_width;
        p = scan_atom(sc, p, open, &item_nullable, &zero_width);
        if (open && !zero_width && !item_nullable)
            open = 0;
    }
    if (run.n) {
        add_str(sc, sc->lits, sc->nlits, run.s, run.n);
        open = 0;
    }
    if (run.failed)
        sc->give_up = 1;
    free(run.s);
    *nullable = open;
    return p;
}

static const char *scan_alt(scan *sc, const char *p, int collect, int *nullable)
{
    *nullable = 0;
    for (;;) {
        int branch_nullable;
        p = scan_seq(sc, p, collect, &branch_nullable);
        if (collect && branch_nullable)
            *nullable = 1;
        if (sc->give_up || p >= sc->end || *p != '|')
            return p;
        p++;
    }
}

void tg_rules_free_strs(char **s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(s[i]);
    free(s);
}

void tg_rules_find_starters(rule *r, const char *body, size_t n)
{
    scan sc = {body + n, &r->lits, &r->classes, &r->nlits, &r->nclasses, 0};
    int nullable;
    const char *end = scan_alt(&sc, body, 1, &nullable);
    int spaced = 0; /* a starter with a space in it would be read as a run (below) */
    for (size_t i = 0; i < r->nlits && !spaced; i++)
        spaced = has_space(r->lits[i], strlen(r->lits[i]));
    if (sc.give_up || nullable || end != body + n || r->nlits + r->nclasses == 0 || spaced)
        tg_rules_free_starters(r);
}

void tg_rules_free_starters(rule *r)
{
    tg_rules_free_strs(r->lits, r->nlits);
    tg_rules_free_strs(r->classes, r->nclasses);
    r->lits = r->classes = NULL;
    r->nlits = r->nclasses = 0;
}

/* ------------------------------------------------ building the prefilter */

/* Sets bit c of `bits` for every code point 0 < c < LOW_CPS at which the
 * pattern `src` (a class or an escape such as \d) matches.  Returns 0 on
 * failure. */
static int class_cps(const char *src, unsigned char *bits)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)src, strlen(src), PCRE2_UTF | PCRE2_UCP, &code,
                                   &off, NULL);
    pcre2_match_data *md = re ? pcre2_match_data_create(1, NULL) : NULL;
    for (uint32_t c = 1; md && c < LOW_CPS; c++) {
        char u[2] = {(char)c, 0};
        size_t n = 1;
        if (c >= 0x80) {
            u[0] = (char)(0xC0 | (c >> 6));
            u[1] = (char)(0x80 | (c & 0x3F));
            n = 2;
        }
        if (pcre2_match(re, (PCRE2_SPTR)u, n, 0, PCRE2_ANCHORED, md, NULL) >= 0)
            bits[c / 8] |= (unsigned char)(1u << (c % 8));
    }
    int ok = md != NULL;
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return ok;
}

static int has_cp(const unsigned char *bits, uint32_t c)
{
    return (bits[c / 8] >> (c % 8)) & 1;
}

typedef struct {
    uint32_t node, rule;
} node_rule;

static int cmp_node_rule(const void *a, const void *b)
{
    const node_rule *x = a, *y = b;
    if (x->node != y->node)
        return x->node < y->node ? -1 : 1;
    return (x->rule > y->rule) - (x->rule < y->rule);
}

/* The trie node for byte `c` below `from` (-1: the root), created if need
 * be; -2 when out of memory. */
static int32_t trie_child(prefilter *pf, int32_t from, unsigned char c, size_t *cap)
{
    int32_t k = from < 0 ? pf->root[c] : pf->nodes[from].child, last = -1;
    for (; k >= 0; last = k, k = pf->nodes[k].sibling)
        if (pf->nodes[k].byte == c)
            return k;
    if (pf->nnodes == *cap) {
        size_t ncap = *cap ? *cap * 2 : 256;
        trie_node *grown = ncap < INT32_MAX ? realloc(pf->nodes, ncap * sizeof *grown) : NULL;
        if (!grown)
            return -2;
        pf->nodes = grown;
        *cap = ncap;
    }
    k = (int32_t)pf->nnodes++;
    pf->nodes[k] = (trie_node){.child = -1, .sibling = -1, .byte = c};
    if (last >= 0)
        pf->nodes[last].sibling = k;
    else if (from < 0)
        pf->root[c] = k;
    else
        pf->nodes[from].child = k;
    return k;
}

/* Whether node nd's children can have their entries at dense[at + byte - lo]. */
static int children_fit(const prefilter *pf, const trie_node *nd, const unsigned char *used,
                        size_t at)
{
    for (int32_t c = nd->child; c >= 0; c = pf->nodes[c].sibling)
        if (used[at + pf->nodes[c].byte - nd->lo])
            return 0;
    return 1;
}

typedef struct {
    int32_t k;
    uint32_t from;
} node_from;

/* Each node's children as a table by byte, from its lowest child's byte
 * to its highest: a step of the text's walk is one look-up, where the
 * sibling list of a Persian letter's lead byte had up to 64 entries.  The
 * tables overlap: each is placed at the first offset from its node's own
 * entry on where its children's entries are free (a gap of another's
 * table), the nodes depth first, so a path's entries lie together, as
 * they did end to end.  A walk tells its node's entries from another's by
 * their check (trie_edge); laid end to end, the default rules' tables took
 * 175,952 entries (the scan's edges 1.4 MB, 23,426 of them used). */
static int dense_children(prefilter *pf)
{
    size_t n = pf->nnodes, cap = 1024, total = 0, first_free = 0, top = 0;
    /* the nodes to place, each with its own entry (where its table may begin) */
    node_from *stack = malloc((n ? n : 1) * sizeof *stack);
    unsigned char *used = calloc(cap + 256, 1);
    int ok = stack && used;
    for (int b = 255; ok && b >= 0; b--)
        if (pf->root[b] >= 0)
            stack[top++] = (node_from){pf->root[b], 0};
    while (ok && top > 0) {
        uint32_t from = stack[--top].from;
        trie_node *nd = &pf->nodes[stack[top].k];
        unsigned lo = 255, hi = 0;
        for (int32_t c = nd->child; c >= 0; c = pf->nodes[c].sibling) {
            lo = pf->nodes[c].byte < lo ? pf->nodes[c].byte : lo;
            hi = pf->nodes[c].byte > hi ? pf->nodes[c].byte : hi;
        }
        nd->lo = (unsigned char)lo;
        nd->span = nd->child >= 0 ? (uint16_t)(hi - lo + 1) : 0;
        nd->dense = 0;
        if (!nd->span)
            continue;
        while (used[first_free])
            first_free++;
        /* the first child at a free entry, from the node's own on (every
         * entry from cap on is free) */
        size_t d0 = pf->nodes[nd->child].byte - lo, start = from > first_free ? from : first_free;
        size_t at = start > d0 ? start - d0 : 0;
        for (;; at++) {
            at = (size_t)((unsigned char *)memchr(used + at + d0, 0, cap + 256 - at - d0) - used) - d0;
            if (children_fit(pf, nd, used, at))
                break;
        }
        if (at + 256 > cap) { /* room for any table at any offset up to cap */
            size_t ncap = (at + 256) * 2;
            unsigned char *grown = realloc(used, ncap + 256);
            if (!(ok = grown != NULL))
                break;
            memset(grown + cap + 256, 0, ncap - cap);
            used = grown;
            cap = ncap;
        }
        nd->dense = (uint32_t)at;
        total = at + nd->span > total ? at + nd->span : total;
        for (int32_t c = nd->child; c >= 0; c = pf->nodes[c].sibling) { /* placed next */
            used[at + pf->nodes[c].byte - lo] = 1;
            stack[top++] = (node_from){c, (uint32_t)(at + pf->nodes[c].byte - lo)};
        }
    }
    free(stack);
    free(used);
    if (!ok || !(pf->dense = malloc((total ? total : 1) * sizeof *pf->dense)))
        return 0;
    memset(pf->dense, 0xFF, (total ? total : 1) * sizeof *pf->dense);
    for (size_t k = 0; k < pf->nnodes; k++) {
        pf->nodes[k].space = pf->nodes[k].digits = -1;
        for (int32_t c = pf->nodes[k].child; c >= 0; c = pf->nodes[c].sibling) {
            pf->dense[pf->nodes[k].dense + pf->nodes[c].byte - pf->nodes[k].lo] = c;
            if (pf->nodes[c].byte == TG_RULES_SPACE)
                pf->nodes[k].space = c;
            if (pf->nodes[c].byte == TG_RULES_DIGITS)
                pf->nodes[k].digits = c;
        }
    }
    return 1;
}

int tg_rules_build_prefilter(tg_rules *rs)
{
    prefilter *pf = &rs->pf;
    for (int c = 0; c < 256; c++)
        pf->root[c] = -1;
    unsigned char lon[LOW_CPS / 8] = {0};
    if (!class_cps("[\\p{L}\\p{N}]", lon))
        return 0;
    for (uint32_t c = 0; c < LOW_CPS; c++) /* a byte each: one load a character */
        pf->letter_or_number[c] = (unsigned char)has_cp(lon, c);
    size_t cap = 0, npairs = 0, pcap = 0, nclass_rules = 0;
    node_rule *pairs = NULL;
    unsigned char(*cps)[LOW_CPS / 8] = calloc(rs->nrules ? rs->nrules : 1, sizeof *cps);
    pf->class_first = calloc(LOW_CPS + 1, sizeof *pf->class_first);
    pf->class_any = calloc(rs->nrules ? rs->nrules : 1, sizeof *pf->class_any);
    int ok = cps && pf->class_first && pf->class_any;
    for (size_t i = 0; ok && i < rs->nrules; i++) {
        rule *r = &rs->rules[i];
        size_t ncps = 0;
        if (r->before || r->line_start)
            continue; /* its candidates come from its literal, or are line starts */
        for (size_t k = 0; ok && k < r->nclasses; k++) {
            /* rules share classes (\d): reuse the code points of an earlier one */
            size_t same = i;
            for (size_t j = 0; j < i && same == i; j++)
                if (rs->rules[j].nclasses == 1 && !rs->rules[j].before &&
                    strcmp(rs->rules[j].classes[0], r->classes[k]) == 0)
                    same = j;
            if (same < i)
                for (size_t b = 0; b < LOW_CPS / 8; b++)
                    cps[i][b] |= cps[same][b];
            else
                ok = class_cps(r->classes[k], cps[i]);
        }
        for (uint32_t c = 0; c < LOW_CPS; c++)
            ncps += has_cp(cps[i], c);
        if (ncps > MAX_CLASS_CPS) { /* \p{L}: an unanchored scan is faster */
            pcre2_code_free(r->anchored);
            r->anchored = NULL;
        }
        if (!r->anchored)
            continue;
        int digits = 0; /* a starter has a run of digits */
        for (size_t k = 0; ok && k < r->nlits; k++) {
            int32_t node = -1;
            unsigned char prev = 0;
            for (const char *c = r->lits[k]; *c && node != -2; c++) {
                /* a digit is a run of digits, and two runs in a row are one */
                unsigned char b = *c >= '0' && *c <= '9' ? TG_RULES_DIGITS : (unsigned char)*c;
                if (b == TG_RULES_DIGITS && prev == TG_RULES_DIGITS)
                    continue;
                digits |= b == TG_RULES_DIGITS;
                node = trie_child(pf, node, prev = b, &cap);
            }
            if (npairs == pcap) {
                pcap = pcap ? pcap * 2 : 256;
                node_rule *grown = realloc(pairs, pcap * sizeof *grown);
                if (grown)
                    pairs = grown;
                ok = grown != NULL;
            }
            ok = ok && node >= 0;
            if (ok)
                pairs[npairs++] = (node_rule){(uint32_t)node, (uint32_t)i};
        }
        if (r->nclasses || digits)
            pf->class_any[nclass_rules++] = (uint32_t)i;
    }
    pf->nclass_any = nclass_rules;
    /* each node's rules, in rule order */
    if (ok && npairs) {
        qsort(pairs, npairs, sizeof *pairs, cmp_node_rule);
        ok = (pf->rule_ids = malloc(npairs * sizeof *pf->rule_ids)) != NULL;
    }
    for (size_t i = 0, n = 0; ok && i < npairs; i++) {
        if (i > 0 && pairs[i].node == pairs[i - 1].node && pairs[i].rule == pairs[i - 1].rule)
            continue;
        trie_node *node = &pf->nodes[pairs[i].node];
        if (node->nrules == 0)
            node->rules = (uint32_t)n;
        node->nrules++;
        pf->rule_ids[n++] = pairs[i].rule;
    }
    /* code point → rules with a class starter that accepts it */
    size_t total = 0;
    for (uint32_t c = 0; ok && c < LOW_CPS; c++) {
        pf->class_first[c] = (uint32_t)total;
        for (size_t k = 0; k < nclass_rules; k++)
            total += has_cp(cps[pf->class_any[k]], c);
    }
    if (ok) {
        pf->class_first[LOW_CPS] = (uint32_t)total;
        ok = (pf->class_ids = malloc((total ? total : 1) * sizeof *pf->class_ids)) != NULL;
    }
    for (uint32_t c = 0, n = 0; ok && c < LOW_CPS; c++)
        for (size_t k = 0; k < nclass_rules; k++)
            if (has_cp(cps[pf->class_any[k]], c))
                pf->class_ids[n++] = pf->class_any[k];
    free(pairs);
    free(cps);
    return ok && dense_children(pf);
}

void tg_rules_free_prefilter(prefilter *pf)
{
    free(pf->edge);
    free(pf->edge4);
    free(pf->guard_at);
    tg_rules_first_chars_free(pf);
    if (pf->in_image) /* rules_cache.c's: freed with the image */
        return;
    free(pf->nodes);
    free(pf->dense);
    free(pf->rule_ids);
    free(pf->class_first);
    free(pf->class_ids);
    free(pf->class_any);
}

/* ------------------------------------------------- finding candidates */

typedef struct {
    uint32_t pos, rule;
} candidate;


/* The length of the run of ASCII digits at t[i..len) (0: none). */
static inline size_t digit_run(const unsigned char *t, size_t i, size_t len)
{
    size_t j = i;
    while (j < len && t[j] >= '0' && t[j] <= '9')
        j++;
    return j - i;
}

#ifdef __SSE2__
/* The letters the candidate scan classifies 16 bytes at a time without the
 * table: ASCII [0-9A-Za-z], and in the Arabic block U+0620..U+063F (lead
 * D8, continuation A0..BF), U+0640..U+064A and U+0671..U+067F (D9 80..8A,
 * B1..BF), U+0680..U+06BF (DA) and U+06C0..U+06D3 (DB 80..93): every
 * letter of Persian and Arabic words.  tg_rules_prefilter_prepare sets
 * pf->fast_words when the table agrees: each of them a letter or digit,
 * every other ASCII character neither. */
static const struct {
    uint32_t from, to;
} fast_letters[] = {{'0', '9'},       {'A', 'Z'},       {'a', 'z'},       {0x620, 0x63F},
                    {0x640, 0x64A},   {0x671, 0x67F},   {0x680, 0x6BF},   {0x6C0, 0x6D3}};
#endif

/* Entry x of the scan (prefilter.edge): node c, a child of the node whose
 * entry is `parent`. */
static void set_edge(prefilter *pf, size_t x, int32_t c, uint32_t parent)
{
    const trie_node *nd = &pf->nodes[c];
    int look = nd->nrules > 0 || nd->space >= 0 || nd->digits >= 0 || nd->byte == TG_RULES_DIGITS;
    pf->edge[x] = look ? (trie_edge){(uint32_t)c, parent | EDGE_LOOK}
                       : (trie_edge){tg_rules_edge_base(pf, c), parent};
}

/* The entries of node k's children (k's own entry is x), and of theirs:
 * each where k's table has it (prefilter.dense), while *budget lasts. */
static void set_edges(prefilter *pf, int32_t k, uint32_t x, size_t *budget)
{
    const trie_node *nd = &pf->nodes[k];
    int32_t c = nd->child;
    for (int n = 0; c >= 0 && n < 256 && *budget > 0; c = pf->nodes[c].sibling, n++) {
        uint32_t d = (uint32_t)pf->nodes[c].byte - nd->lo;
        if (d < nd->span && pf->dense[nd->dense + d] == c) {
            uint32_t y = 256 + nd->dense + d;
            (*budget)--;
            set_edge(pf, y, c, x);
            set_edges(pf, c, y, budget);
        }
    }
}

int tg_rules_prefilter_prepare(prefilter *pf)
{
    pf->fast_words = 0;
#ifdef __SSE2__
    /* each of them a letter or digit, and no other ASCII character */
    pf->fast_words = 1;
    for (size_t k = 0; k < sizeof fast_letters / sizeof *fast_letters; k++)
        for (uint32_t c = fast_letters[k].from; c <= fast_letters[k].to; c++)
            pf->fast_words &= pf->letter_or_number[c];
    for (uint32_t c = 0; c < 0x80; c++)
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
            pf->fast_words &= !pf->letter_or_number[c];
#endif
    /* the bytes that start a character some class starter accepts: a
     * character low_cp_at reads as the byte itself (ASCII, a stray
     * continuation or a lead byte at the text's end), as a two-byte code
     * point, or as LOW_CPS (class_any) */
    for (uint32_t b = 0; b < 256; b++) {
        int any = b >= 0xE0 ? pf->nclass_any > 0 : pf->class_first[b + 1] > pf->class_first[b];
        for (uint32_t c = (b & 0x1F) << 6; b >= 0xC0 && b < 0xE0 && c < ((b & 0x1F) + 1) << 6; c++)
            any |= pf->class_first[c + 1] > pf->class_first[c];
        pf->class_lead[b] = (unsigned char)any;
    }
    /* each child where its parent's table has it, with what the scan
     * needs to step on from it; the gaps zero */
    size_t ndense = 0;
    for (size_t k = 0; k < pf->nnodes; k++)
        if (pf->nodes[k].dense + (size_t)pf->nodes[k].span > ndense)
            ndense = pf->nodes[k].dense + (size_t)pf->nodes[k].span;
    free(pf->edge);
    free(pf->edge4);
    pf->edge4 = NULL;
    if (ndense > EDGE_ROOT - 1024 || !(pf->edge = calloc(ndense + 768, sizeof *pf->edge)))
        return 0;
#ifdef MADV_POPULATE_WRITE
    /* over a megabyte of fresh pages (a large rule set's), nearly each
     * written: made in one call rather than a fault each (~5.7 us a fault
     * in a VM; only a hint) */
    uintptr_t first = ((uintptr_t)pf->edge + 4095) & ~(uintptr_t)4095;
    uintptr_t end = ((uintptr_t)(pf->edge + ndense + 768)) & ~(uintptr_t)4095;
    if (end > first + (1u << 20))
        madvise((void *)first, end - first, MADV_POPULATE_WRITE);
#endif
    pf->root_edge = (uint32_t)ndense + 512; /* after the tables, moved by 256, and 256 more */
    size_t budget = pf->nnodes; /* a node each: a damaged file's cycle ends */
    for (uint32_t b = 0; b < 256; b++)
        if (pf->root[b] >= 0 && budget > 0) {
            budget--;
            set_edge(pf, pf->root_edge + b, pf->root[b], EDGE_ROOT);
            set_edges(pf, pf->root[b], pf->root_edge + b, &budget);
        }
    if (!tg_rules_first_chars_prepare(pf))
        return 0;
    /* the scan's edges in 4 bytes when they fit: the walk's loads are
     * mostly cache misses, now on half the lines */
    size_t nedge = ndense + 768;
    if (nedge <= EDGE4_ROOT && pf->nnodes <= 65536 &&
        (pf->edge4 = malloc(nedge * sizeof *pf->edge4)) != NULL) {
        for (size_t x = 0; x < nedge; x++) {
            trie_edge e = pf->edge[x];
            pf->edge4[x] = e.base << 16 | (e.check & EDGE4_MASK) |
                           (e.check & EDGE_LOOK ? EDGE4_LOOK : 0);
        }
    }
    return 1;
}

/* Positions where a match may start, found by the scan before their walks. */
#define SCAN_BATCH TG_RULES_SCAN_BATCH

/* A candidate whose guard is still to check: cand_list.c[at], from the
 * guard node whose word is x at text byte j (tg_rules_guard_pass_from). */
typedef struct {
    uint32_t at, x, j;
} held_check;

/* The candidates found so far, and the last position of each rule's. */
typedef struct {
    candidate *c;
    size_t n, cap;
    uint32_t *last;
    const unsigned char *want; /* the rules to find candidates for (TG_RULES_GUARDED) */
    const tg_rules *rs;
    const unsigned char *t; /* the text, len bytes */
    size_t len;
    held_check *held; /* the batch's guards to check (check_held) */
    size_t nheld, capheld;
} cand_list;

/* Adds rule r at position i unless it is there; 0 when out of memory.
 * Where the scan checks r's guard (from the guard node whose word is x, at
 * byte j), the check waits for the end of the batch (check_held) and what
 * it reads first is asked for now: a guard's nodes are seldom in the
 * cache.  From a node (prefilter.guard_at) that is its children's bytes
 * and words, one step further than the node; a node where a string ends
 * (x 0) passes every text and is not checked. */
static inline __attribute__((always_inline)) int add_candidate(cand_list *cl, uint32_t r, uint32_t i,
                                                               uint32_t x, size_t j)
{
    if (!cl->want[r] || cl->last[r] == i)
        return 1;
    if (cl->n == cl->cap) {
        candidate *grown = tg_scratch_room(TG_SCRATCH_RULE_CANDS, &cl->cap, cl->n + 1, sizeof *grown);
        if (!grown)
            return 0;
        cl->c = grown;
    }
    if ((cl->want[r] & TG_RULES_GUARDED) && x != 0) {
        if (cl->nheld == cl->capheld) {
            held_check *grown =
                tg_scratch_room(TG_SCRATCH_RULE_HELD, &cl->capheld, cl->nheld + 1, sizeof *grown);
            if (!grown)
                return 0;
            cl->held = grown;
        }
        const tg_rules_guard *g = &cl->rs->rules[r].guard;
        if (x == TG_RULES_GUARD_WHOLE) {
            __builtin_prefetch(g->node);
        } else {
            __builtin_prefetch(g->byte + NODE_FIRST(x));
            __builtin_prefetch(g->node + NODE_FIRST(x));
        }
        cl->held[cl->nheld++] = (held_check){(uint32_t)cl->n, x, (uint32_t)j};
    }
    cl->last[r] = i;
    cl->c[cl->n++] = (candidate){i, r};
    return 1;
}

/* Checks the held guards, dropping the candidates whose guard fails. */
static void check_held(cand_list *cl)
{
    if (!cl->nheld)
        return;
    size_t w = cl->held[0].at, h = 0;
    for (size_t k = w; k < cl->n; k++) {
        candidate c = cl->c[k];
        if (h < cl->nheld && cl->held[h].at == k) {
            const held_check *x = &cl->held[h++];
            if (!tg_rules_guard_pass_from(&cl->rs->rules[c.rule].guard, x->x,
                                          (const char *)cl->t, cl->len, c.pos, x->j))
                continue;
        }
        cl->c[w++] = c;
    }
    cl->n = w;
    cl->nheld = 0;
}

/* The candidates at i, a position where a match may start (not after a
 * letter or digit): the rules whose literal starters the text at i begins
 * with (a walk of the trie) and those whose class starters accept its
 * character.  The walk reads a node itself (trie_node) only where the edge
 * to it says so (rules, a space or digit edge, a run of digits); from a
 * plain node it steps on by its edge alone, one load a byte.  0 when out of
 * memory. */
static inline __attribute__((always_inline)) int candidates_at(const prefilter *pf, const unsigned char *t, size_t len, uint32_t i,
                         const fc_start *st, cand_list *cl, const int narrow)
{
    unsigned char b = t[i];
    /* from the root as from a plain node: the node at entry `cur`, whose
     * children are at edge[base + byte]; or where st says */
    size_t j = st->j, run;
    int32_t k = st->k < 0 ? -1 : st->k;
    /* the entries' checks as the edges have them (edge4: EDGE4_MASK) */
    const uint32_t look = narrow ? EDGE4_LOOK : EDGE_LOOK;
    uint32_t cur = narrow ? st->cur & EDGE4_MASK : st->cur, base = st->base;
    int fast = st->k < 0;
    if (st->k == FC_CLASSES)
        goto classes;
    if (st->k >= 0 && st->base) { /* the whole run of spaces at j */
        uint32_t hl;
        for (j++; j < len && (hl = tg_rules_hspace_len(t, j, len)) > 0; j += hl)
            ;
        j--;
    }
    if (st->k == FC_ROOT && (unsigned)b - '0' < 10) { /* a run of digits: a starter's TG_RULES_DIGITS */
        j = i + digit_run(t, i, len) - 1;
        cur = pf->root_edge + (unsigned char)TG_RULES_DIGITS;
        k = pf->root[(unsigned char)TG_RULES_DIGITS];
        fast = 0; /* from its node on */
    }
    for (;;) {
        /* on through plain nodes by their edges, a load a byte (else k
         * is the node to read) */
        while (fast) {
            uint32_t x = base + t[j], check, next;
            if (narrow) {
                check = pf->edge4[x] & 0xFFFF;
                next = pf->edge4[x] >> 16;
            } else {
                check = pf->edge[x].check;
                next = pf->edge[x].base;
            }
            if (check != cur) {
                if (check == (cur | look)) { /* the node to read */
                    cur = x;
                    k = (int32_t)next;
                }
                break;
            }
            if (++j >= len)
                break;
            cur = x;
            base = next;
        }
        if (k < 0)
            break;
        const trie_node *nd = &pf->nodes[k];
        const uint32_t base_of = tg_rules_edge_base(pf, k); /* its children's */
        k = -1;
        for (uint32_t x = 0; x < nd->nrules; x++)
            if (!add_candidate(cl, pf->rule_ids[nd->rules + x], i, pf->guard_at[nd->rules + x], j + 1))
                return 0;
        if (++j >= len)
            break;
        if ((nd->space & nd->digits) >= 0 || nd->byte == TG_RULES_DIGITS) {
            /* the normalizer folds every decimal digit below U+0800 to
             * ASCII, but one from U+0800 up may be newer than its ICU
             * and still a \d: where a run of digits may start or go on,
             * such a character makes every rule with a run of digits or
             * a class in a starter (class_any) a candidate, as it does
             * where a word starts with it (below) */
            if (t[j] >= 0xE0 && (nd->digits >= 0 || nd->byte == TG_RULES_DIGITS))
                for (size_t x = 0; x < pf->nclass_any; x++)
                    if (!add_candidate(cl, pf->class_any[x], i, TG_RULES_GUARD_WHOLE, i))
                        return 0;
            int32_t hk = nd->space;
            uint32_t hl = hk >= 0 ? tg_rules_hspace_len(t, j, len) : 0;
            if (hl) { /* a run of spaces: a starter's TG_RULES_SPACE */
                size_t e = j + hl;
                while (e < len && (hl = tg_rules_hspace_len(t, e, len)) > 0)
                    e += hl;
                j = e - 1;
                cur = base_of + (unsigned char)TG_RULES_SPACE;
                k = hk;
                fast = 0;
                continue;
            }
            if (nd->digits >= 0 && (run = digit_run(t, j, len)) > 0) {
                j += run - 1;
                cur = base_of + (unsigned char)TG_RULES_DIGITS;
                k = nd->digits;
                fast = 0;
                continue;
            }
        }
        base = base_of;
        fast = 1;
    }
classes:
    if (!pf->class_lead[b])
        return 1;
    uint32_t clen, cp = tg_rules_low_cp_at(t, i, len, &clen);
    if (cp < LOW_CPS) {
        for (uint32_t x = pf->class_first[cp]; x < pf->class_first[cp + 1]; x++)
            if (!add_candidate(cl, pf->class_ids[x], i, TG_RULES_GUARD_WHOLE, i))
                return 0;
    } else {
        for (size_t x = 0; x < pf->nclass_any; x++)
            if (!add_candidate(cl, pf->class_any[x], i, TG_RULES_GUARD_WHOLE, i))
                return 0;
    }
    return 1;
}

/* The walks from st[0..n) (positions pos), with the edges of 4 bytes
 * (narrow) or 8.  0 when out of memory. */
static inline __attribute__((always_inline)) int walks(const prefilter *pf, const unsigned char *t,
                                                       size_t len, const uint32_t *pos,
                                                       const fc_start *st, size_t n,
                                                       cand_list *cl, const int narrow)
{
    for (size_t x = 0; x < n; x++) {
        if (x + 4 < n) { /* the first load of a walk a few ahead */
            const fc_start *a = &st[x + 4];
            if (a->k >= 0)
                __builtin_prefetch(&pf->nodes[a->k]);
            else if (a->k == FC_EDGES && narrow)
                __builtin_prefetch(&pf->edge4[a->base + t[a->j]]);
            else if (a->k == FC_EDGES)
                __builtin_prefetch(&pf->edge[a->base + t[a->j]]);
        }
        if (!candidates_at(pf, t, len, pos[x], &st[x], cl, narrow))
            return 0;
    }
    return 1;
}

/* The candidates at each of the positions pos[0..n), ascending.  Apart
 * from the scan that finds them: the walk then keeps its state in
 * registers.  0 when out of memory. */
static __attribute__((noinline)) int candidates_of(const prefilter *pf, const unsigned char *t,
                                                   size_t len, uint32_t *pos, size_t n,
                                                   cand_list *cl)
{
    fc_start st[SCAN_BATCH];
    if (pf->fc_bits)
        n = tg_rules_first_chars(pf, t, len, pos, n, st);
    else
        for (size_t x = 0; x < n; x++)
            st[x] = (fc_start){pos[x], EDGE_ROOT, pf->root_edge, FC_ROOT};
    if (!(pf->edge4 ? walks(pf, t, len, pos, st, n, cl, 1) : walks(pf, t, len, pos, st, n, cl, 0)))
        return 0;
    check_held(cl);
    return 1;
}

#ifdef __SSE2__
/* The 16 bytes at t[i] (17 readable) classified for the scan below: bit p
 * of *other is set for an ASCII character other than [0-9A-Za-z], of
 * *cont for a continuation byte, of *plain for the other characters of
 * fast_letters (ASCII letters and digits, the lead bytes of the Arabic
 * ones); a byte in none of them is a character the scan classifies with
 * the table.  As signed bytes, a continuation byte is below -64, D8..DB
 * are -40..-37 and the continuations A0, 8A, B1 and 93 are -96, -118, -79
 * and -109. */
static inline void classify16(const unsigned char *t, uint32_t i, unsigned *other,
                              unsigned *cont, unsigned *plain)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
    __m128i y = _mm_loadu_si128((const __m128i *)(const void *)(t + i + 1));
    __m128i lower = _mm_or_si128(x, _mm_set1_epi8(0x20));
    __m128i alnum = _mm_or_si128(
        _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                      _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1))),
        _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)),
                      _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1))));
    __m128i arabic = _mm_or_si128(
        _mm_or_si128(_mm_and_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(-40)),
                                   _mm_cmpgt_epi8(y, _mm_set1_epi8(-97))),
                     _mm_and_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(-39)),
                                   _mm_or_si128(_mm_cmplt_epi8(y, _mm_set1_epi8(-117)),
                                                _mm_cmpgt_epi8(y, _mm_set1_epi8(-80))))),
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(-38)),
                     _mm_and_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(-37)),
                                   _mm_cmplt_epi8(y, _mm_set1_epi8(-108)))));
    unsigned an = (unsigned)_mm_movemask_epi8(alnum);
    *other = ~(unsigned)_mm_movemask_epi8(x) & 0xFFFF & ~an;
    *cont = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(x, _mm_set1_epi8(-64)));
    *plain = an | (unsigned)_mm_movemask_epi8(arabic);
}
#endif

/* The end of the scan's use of its blocks. */
static void scan_done(void)
{
    tg_scratch_done(TG_SCRATCH_RULE_LAST);
    tg_scratch_done(TG_SCRATCH_RULE_CANDS);
    tg_scratch_done(TG_SCRATCH_RULE_HELD);
}

tagger_status tg_rules_find_candidates(const tg_rules *rs, const tg_normtext *nt,
                                       const unsigned char *want, uint32_t **pos, uint32_t *first)
{
    const prefilter *pf = &rs->pf;
    const unsigned char *t = (const unsigned char *)nt->text;
    size_t len = nt->len;
    /* the three arrays are the thread's blocks (scratch.h), kept from one
     * document to the next */
    cand_list cl = {NULL, 0, 0, tg_scratch(TG_SCRATCH_RULE_LAST, rs->nrules * sizeof *cl.last),
                    want, rs, t, len, NULL, 0, 0};
    if (!cl.last)
        return TAGGER_ERR_NOMEM;
    for (size_t i = 0; i < rs->nrules; i++)
        cl.last[i] = UINT32_MAX;
    int boundary = 1; /* not after a letter or digit */
    uint32_t batch[SCAN_BATCH]; /* the positions found, walked a batch at a time */
    size_t nb = 0;
    for (uint32_t i = 0; i < len;) {
        uint32_t clen, cp;
        if (nb > SCAN_BATCH - 16) {
            if (!candidates_of(pf, t, len, batch, nb, &cl))
                goto nomem;
            nb = 0;
        }
#ifdef __SSE2__
        /* 16 bytes a step while every character is ASCII or a letter of
         * fast_letters: a match may start at each character after an
         * ASCII non-letter (at the first, after what went before) */
        if (pf->fast_words && i + 17 <= len) {
            unsigned other, cont, plain;
            classify16(t, i, &other, &cont, &plain);
            unsigned known = other | cont | plain;
            unsigned blen = known == 0xFFFF ? 16 : (unsigned)__builtin_ctz(~known);
            if (blen == 16 && t[i + 15] >= 0xC0) /* a lead byte last */
                blen = 15;
            if (blen > 0) {
                unsigned starts = (other << 1 | (unsigned)boundary) & (other | plain) &
                                  ((1u << blen) - 1);
                for (; starts; starts &= starts - 1)
                    batch[nb++] = i + (uint32_t)__builtin_ctz(starts);
                boundary = (int)(other >> (blen - 1) & 1);
                i += blen;
                continue;
            }
        }
#endif
        cp = tg_rules_low_cp_at(t, i, len, &clen);
        if (boundary)
            batch[nb++] = i;
        boundary = tg_rules_may_follow(pf, cp);
        i += clen;
        /* the rest of a word of ASCII and 2-byte characters (English,
         * Persian): no candidate inside it, only where it ends matters */
        while (!boundary && i < len) {
            if (t[i] < 0x80) {
                boundary = !pf->letter_or_number[t[i]];
                i++;
            } else if (t[i] >= 0xC0 && t[i] < 0xE0 && i + 1 < len) {
                boundary = !pf->letter_or_number[((uint32_t)(t[i] & 0x1F) << 6) | (t[i + 1] & 0x3F)];
                i += 2;
            } else {
                break;
            }
        }
    }
    if (!candidates_of(pf, t, len, batch, nb, &cl))
        goto nomem;
    /* by rule, keeping the order of positions */
    const candidate *c = cl.c;
    size_t n = cl.n;
    memset(first, 0, (rs->nrules + 1) * sizeof *first);
    for (size_t k = 0; k < n; k++)
        first[c[k].rule + 1]++;
    for (size_t r = 0; r < rs->nrules; r++)
        first[r + 1] += first[r];
    *pos = malloc((n ? n : 1) * sizeof **pos);
    if (!*pos)
        goto nomem;
    for (size_t k = 0; k < n; k++)
        (*pos)[first[c[k].rule]++] = c[k].pos;
    /* first[r] now ends the positions of rule r */
    for (size_t r = rs->nrules; r > 0; r--)
        first[r] = first[r - 1];
    first[0] = 0;
    scan_done();
    return TAGGER_OK;
nomem:
    scan_done();
    return TAGGER_ERR_NOMEM;
}

tagger_status tg_rules_line_starts(const tg_normtext *nt, uint32_t **out, size_t *n)
{
    size_t k = 1, cap = 1;
    for (const char *p = nt->text, *e = nt->text + nt->len; (p = memchr(p, '\n', (size_t)(e - p)));
         p++)
        cap++;
    uint32_t *v = malloc(cap * sizeof *v);
    if (!v)
        return TAGGER_ERR_NOMEM;
    v[0] = 0;
    for (const char *p = nt->text, *e = nt->text + nt->len; (p = memchr(p, '\n', (size_t)(e - p)));
         p++)
        v[k++] = (uint32_t)(p + 1 - nt->text);
    *out = v;
    *n = k;
    return TAGGER_OK;
}
