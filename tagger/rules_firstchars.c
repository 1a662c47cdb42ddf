/*
 * rules_firstchars — the positions where the rule prefilter's scan need not
 * walk its trie, and the node the walk of most others may begin at.
 *
 * The scan (rules_prefilter.c) walks the byte trie of the literal starters
 * at every position where a match may start: every word of Persian news,
 * where nine walks in ten end two or three letters in without a rule, each
 * walk a chain of dependent loads.  So the first three characters at a
 * position are read first, as one key: their bytes as they stand (at most
 * 8).  The key reads an ASCII character other than NUL, the bytes
 * TG_RULES_SPACE and TG_RULES_DIGITS stand for, a tab or a digit, and a
 * character of two bytes from C3 on (not C2: U+00A0, the no-break space,
 * is one of them); a space stands for the trie's TG_RULES_SPACE, and is
 * read only alone (two in a row are a run the walk takes whole).  A
 * position with any other character in its first three (a digit, a
 * character from U+0800 on), or within 16 bytes of the text's end, is
 * walked from the root as before.
 *
 * At load the trie is read the same way to depth three: a bitmap (FC_BITS
 * bits, one hash, its multiplier chosen among a few for the fewest false
 * hits of common short keys: choose_bits) gets the key of every path of
 * three characters and of every path of one or two whose node has rules
 * (or has them inside its next character), and an exact table (open
 * addressing) maps each three-character key to its node.  At a position the key and its one- and
 * two-character prefixes are looked up in the bitmap, with no branch.  A
 * position none of them hits, whose first byte starts no class starter, has
 * no candidate: the walk over its first bytes follows the key's bytes (a
 * space its TG_RULES_SPACE edge; no run of digits or spaces, no character
 * from U+0800 on after a digit edge), the key's path is not in the trie, so
 * the walk leaves it within those bytes, and no node it passes on the way
 * has rules, or a prefix would have hit.  A position whose prefix hits is
 * walked from the root; one whose key is in the table begins its walk at
 * the key's node, in the state the walk from the root would reach it (read
 * if the walk reads it; past the whole run of a space that ends the key);
 * one whose key is not (a false hit, or a class starter) only looks up its
 * class starters.  If the trie has what the key cannot stand for (a literal
 * space or tab, a space or digit edge inside a character, rules inside a
 * first character) or the edges miss a node, there is no filter.
 *
 * Before the key, a cheaper pass drops the positions whose first bytes
 * already leave the trie (half of those of Persian news): a direct bitmap
 * (fc_two, 16 KB) indexed by the first two characters when both are from
 * U+0600 to U+06FF (8 bits each), else by the first two bytes (a space
 * first among them: the root has no space edge), with a bit set wherever
 * the walk over those bytes may stay in the trie or pass a node it reads
 * (two_bytes has the cases).
 */
#include "rules_internal.h"

#include "grow.h"

/* 2^FC_BITS bits: 8 KB, a few hundred of them set by the default rules. */
#define FC_BITS 16

/* fc_two: the first two characters from U+0600 to U+06FF at [0, FC_PAIRS),
 * any other first two bytes from FC_PAIRS on (16 KB in all). */
#define FC_PAIRS 65536u

/* A key's hash by multiplier mul: the bitmap's by the one chosen at load
 * (prefilter.fc_mul), the exact table's by fc_hash's. */
static inline uint64_t fc_bit_hash(uint64_t mul, uint64_t key)
{
    return (key * mul) >> (64 - FC_BITS);
}

/* 1 when key's bit is set in the bitmap made with multiplier mul (at
 * load, choose_bits: a key the trie has hits with any multiplier, so the
 * fewest hits are the fewest false hits; at a position, the scan). */
static inline uint64_t bit(const uint64_t *bits, uint64_t mul, uint64_t key)
{
    uint64_t h = fc_bit_hash(mul, key);
    return (bits[h / 64] >> (h % 64)) & 1;
}

static inline uint64_t fc_hash(uint64_t key)
{
    return fc_bit_hash(0x9E3779B97F4A7C15ull, key);
}

/* ------------------------------------------------------------ building */

typedef struct {
    prefilter *pf;
    fc_entry *paths; /* the three-character keys, before the table */
    size_t npaths, cap;
    uint64_t *keys; /* every key the bitmap gets, before the bitmap */
    size_t nkeys, kcap;
    size_t budget; /* nodes left to visit: a damaged file's cycle ends */
    int off;       /* the trie has what the filter cannot read; or no memory */
} fc_build;

static void mark(fc_build *b, uint64_t key)
{
    uint64_t *grown = tg_grow(b->keys, &b->kcap, b->nkeys + 1, sizeof *grown, 256);
    if (!grown) {
        b->off = 1;
        return;
    }
    b->keys = grown;
    b->keys[b->nkeys++] = key;
}

/* The three-character key `key` and where its walk begins. */
static void add_path(fc_build *b, uint64_t key, uint32_t x, uint32_t v)
{
    mark(b, key);
    fc_entry *grown = tg_grow(b->paths, &b->cap, b->npaths + 1, sizeof *grown, 256);
    if (!grown) {
        b->off = 1;
        return;
    }
    b->paths = grown;
    b->paths[b->npaths++] = (fc_entry){key, x, v};
}

/* The entry of node c in prefilter.edge, c a child of node `parent` (-1:
 * the root) whose entry is px; 0 (no filter) when the edges do not have it. */
static uint32_t entry_of(fc_build *b, int32_t c, int32_t parent, uint32_t px)
{
    const prefilter *pf = b->pf;
    uint32_t x = (parent < 0 ? pf->root_edge : tg_rules_edge_base(pf, parent)) + pf->nodes[c].byte;
    if (x >= FC_RUN || (pf->edge[x].check & ~EDGE_LOOK) != px) {
        b->off = 1;
        return 0;
    }
    return x;
}

static void visit_node(fc_build *b, int32_t k, uint32_t kx, int m, uint64_t key, unsigned nb);

/* The node k inside a character, after the m characters of key: its rules
 * make every text with those characters a walk; a space or digit edge the
 * filter cannot read.  Returns 0 when the characters below need not be
 * read. */
static int inside(fc_build *b, int32_t k, int m, uint64_t key)
{
    const trie_node *nd = &b->pf->nodes[k];
    if (nd->space >= 0 || nd->digits >= 0 || (nd->nrules && m == 0))
        b->off = 1;
    else if (nd->nrules)
        mark(b, key);
    return !b->off && !nd->nrules;
}

/* Node c (entry cx), a child of the node that ends the m characters of key
 * (nb bytes): the characters that begin with c's byte. */
static void visit_child(fc_build *b, int32_t c, uint32_t cx, int m, uint64_t key, unsigned nb)
{
    const prefilter *pf = b->pf;
    if (b->off || b->budget == 0) {
        b->off = 1;
        return;
    }
    b->budget--;
    const trie_node *nd = &pf->nodes[c];
    int space = nd->byte == (unsigned char)TG_RULES_SPACE;
    if (nd->byte == ' ' || nd->byte == '\t') { /* the walk reads it as a byte, not a run */
        b->off = 1;
        return;
    }
    unsigned ch = space ? ' ' : nd->byte, n = space ? 1 : pf->fc_len[ch];
    if (n == 0 || nb + n > 8 || (space && nb > 0 && key >> (8 * nb - 8) == ' '))
        return; /* a text with it is walked from the root */
    if (n == 1) {
        visit_node(b, c, cx, m + 1, key | (uint64_t)ch << (8 * nb), nb + 1);
        return;
    }
    if (!inside(b, c, m, key))
        return;
    for (int32_t d = nd->child; d >= 0 && !b->off; d = pf->nodes[d].sibling) {
        uint32_t dx = entry_of(b, d, c, cx); /* each second byte */
        uint64_t two = ch | (uint64_t)pf->nodes[d].byte << 8;
        if (dx)
            visit_node(b, d, dx, m + 1, key | two << (8 * nb), nb + 2);
    }
}

/* Node k (entry kx), the end of the m characters of key (nb bytes). */
static void visit_node(fc_build *b, int32_t k, uint32_t kx, int m, uint64_t key, unsigned nb)
{
    const prefilter *pf = b->pf;
    const trie_node *nd = &pf->nodes[k];
    if (m == 3) { /* the walk goes on from here as it would have */
        int space = nd->byte == (unsigned char)TG_RULES_SPACE;
        if (space || (pf->edge[kx].check & EDGE_LOOK))
            add_path(b, key, kx | FC_READ | (space ? FC_RUN : 0), (uint32_t)k);
        else
            add_path(b, key, kx, pf->edge[kx].base);
        return;
    }
    if (nd->nrules) { /* every text with these characters */
        mark(b, key);
        return;
    }
    for (int32_t c = nd->child; c >= 0 && !b->off; c = pf->nodes[c].sibling) {
        uint32_t cx = entry_of(b, c, k, kx);
        if (cx)
            visit_child(b, c, cx, m, key, nb);
    }
}

/* The exact table of b's paths (each key once: a trie has one path a
 * key). */
static int make_table(prefilter *pf, const fc_build *b)
{
    size_t slots = 64;
    while (slots < 2 * b->npaths)
        slots *= 2;
    if (!(pf->fc_table = calloc(slots, sizeof *pf->fc_table)))
        return 0;
    pf->fc_mask = slots - 1;
    for (size_t i = 0; i < b->npaths; i++) {
        const fc_entry *e = &b->paths[i];
        size_t s = fc_hash(e->key) & pf->fc_mask;
        while (pf->fc_table[s].key)
            s = (s + 1) & pf->fc_mask;
        pf->fc_table[s] = *e;
    }
    return 1;
}

/* fc_two's bit u (FC_PAIRS + u for the first two bytes, u = b0 | b1 << 8,
 * of a position whose first two characters are not two from U+0600 to
 * U+06FF) is set when a position may begin a walk that finds a rule, or a
 * class starter.  Clear only where the walk from the root leaves the trie
 * within those bytes, passing no node with rules: a space first (with a
 * filter the root has no edge of byte ' ', and its TG_RULES_SPACE edge is
 * never read), a character the key reads with no edge from the root, a
 * two-byte character with no path, an ASCII one (no rules at its node)
 * followed by an ASCII byte other than a space that has no edge from it
 * (its node is plain, or reads a space or digit edge such a byte does not
 * take). */
static void set_two(uint64_t *two, unsigned u)
{
    two[u / 64] |= 1ull << (u % 64);
}

/* The 16 bits of the bytes b0 b1 b2 b3 (w, little-endian) of two characters
 * from U+0600 to U+06FF: the low 2, 6, 2, 6 bits of each. */
static inline uint32_t pair_of(uint32_t w)
{
    return (w & 0x3F03) | (w >> 2 & 0xC000) | (w >> 22 & 0xFC);
}

static void set_pair(uint64_t *two, unsigned b0, unsigned b1, unsigned b2, unsigned b3)
{
    set_two(two, pair_of(b0 | b1 << 8 | b2 << 16 | b3 << 24));
}

/* The bits of two characters from U+0600 to U+06FF, each 8 bits (pair_of):
 * set for the paths of their four bytes and every path on through a node
 * the walk reads (rules, a space or digit edge). */
static void arabic_pairs(prefilter *pf)
{
    const trie_node *nodes = pf->nodes;
    uint64_t *two = pf->fc_two;
    for (unsigned b0 = 0xD8; b0 <= 0xDB; b0++) {
        int32_t r = pf->root[b0];
        if (pf->class_lead[b0] || (r >= 0 && nodes[r].nrules)) { /* (rules in it: no filter) */
            for (unsigned c = 0; c < 1u << 14; c++)
                set_pair(two, b0, 0x80 | (c & 63), 0xD8 | (c >> 6 & 3), 0x80 | c >> 8);
            continue;
        }
        for (int32_t a = r < 0 ? -1 : nodes[r].child; a >= 0; a = nodes[a].sibling) {
            unsigned b1 = nodes[a].byte;
            if ((b1 & 0xC0) != 0x80)
                continue;
            if (nodes[a].nrules || (nodes[a].space & nodes[a].digits) >= 0) { /* read */
                for (unsigned c = 0; c < 256; c++)
                    set_pair(two, b0, b1, 0xD8 | (c & 3), 0x80 | c >> 2);
                continue;
            }
            for (int32_t b = nodes[a].child; b >= 0; b = nodes[b].sibling) {
                unsigned b2 = nodes[b].byte;
                if (b2 < 0xD8 || b2 > 0xDB)
                    continue;
                int read = nodes[b].nrules || (nodes[b].space & nodes[b].digits) >= 0;
                for (unsigned c = 0; read && c < 64; c++)
                    set_pair(two, b0, b1, b2, 0x80 | c);
                for (int32_t d = read ? -1 : nodes[b].child; d >= 0; d = nodes[d].sibling)
                    if ((nodes[d].byte & 0xC0) == 0x80)
                        set_pair(two, b0, b1, b2, nodes[d].byte);
            }
        }
    }
}

/* ------------------------------------------------ the bitmap's multiplier
 *
 * A key the trie does not have but whose hash hits a set bit sends every
 * position that reads it to a walk from the root (a prefix) or to the table
 * (three characters): the same candidates, more work.  A single multiplier
 * made «و » (the word "and" and a space, one position in ten of Persian
 * news) such a prefix with the default rules.  So the multiplier is chosen
 * at load among a few, by the false hits of the short keys most texts read
 * often: each common letter alone and before a space (weighed FC_WEIGHT
 * times), and each two letters of one script.  The output is the same with
 * any of them. */

static const uint64_t fc_muls[] = {0x9E3779B97F4A7C15ull, 0xC2B2AE3D27D4EB4Full,
                                   0x165667B19E3779F9ull, 0xFF51AFD7ED558CCDull};
#define FC_WEIGHT 64

/* The common letters' keys (their UTF-8 bytes, the first lowest): the
 * capitals first, then the small letters (FC_SMALL on), then Persian's
 * (FC_PERSIAN on). */
#define FC_SMALL 26
#define FC_PERSIAN 52
static size_t common_letters(uint64_t *out)
{
    size_t n = 0;
    for (unsigned c = 'A'; c <= 'Z'; c++)
        out[n++] = c;
    for (unsigned c = 'a'; c <= 'z'; c++)
        out[n++] = c;
    static const uint16_t more[] = {0x067E, 0x0686, 0x0698, 0x06A9, 0x06AF, 0x06CC};
    for (unsigned c = 0x0621; c <= 0x064A; c++) /* ء..ي but the tatweel and a gap */
        if (c < 0x063B || c > 0x0640)
            out[n++] = (0xC0 | c >> 6) | (uint64_t)(0x80 | (c & 63)) << 8;
    for (size_t i = 0; i < sizeof more / sizeof *more; i++)
        out[n++] = (0xC0u | more[i] >> 6) | (uint64_t)(0x80 | (more[i] & 63)) << 8;
    return n; /* 52 + 36 + 6 */
}

static void fill_bits(uint64_t *bits, uint64_t mul, const uint64_t *keys, size_t n)
{
    memset(bits, 0, (1u << FC_BITS) / 8);
    for (size_t i = 0; i < n; i++) {
        uint64_t h = fc_bit_hash(mul, keys[i]);
        bits[h / 64] |= 1ull << (h % 64);
    }
}

/* Sets pf->fc_mul and pf->fc_bits from b's keys. */
static void choose_bits(prefilter *pf, fc_build *b)
{
    uint64_t letters[100];
    size_t nl = common_letters(letters), best_score = SIZE_MAX, best = 0;
    for (size_t m = 0; m < sizeof fc_muls / sizeof *fc_muls; m++) {
        uint64_t mul = fc_muls[m];
        size_t score = 0;
        fill_bits(pf->fc_bits, mul, b->keys, b->nkeys);
        for (size_t i = 0; i < nl; i++) {
            unsigned len = i < FC_PERSIAN ? 1 : 2;
            score += FC_WEIGHT * (bit(pf->fc_bits, mul, letters[i]) +
                                  bit(pf->fc_bits, mul, letters[i] | (uint64_t)' ' << (8 * len)));
            /* before it, each small letter of its script */
            for (size_t j = i < FC_PERSIAN ? FC_SMALL : FC_PERSIAN, e = i < FC_PERSIAN ? FC_PERSIAN : nl;
                 j < e; j++)
                score += bit(pf->fc_bits, mul, letters[i] | letters[j] << (8 * len));
        }
        if (score < best_score) {
            best_score = score;
            best = m;
        }
    }
    pf->fc_mul = fc_muls[best];
    fill_bits(pf->fc_bits, pf->fc_mul, b->keys, b->nkeys);
}

static void two_bytes(prefilter *pf)
{
    arabic_pairs(pf);
    for (unsigned b0 = 0; b0 < 256; b0++) {
        int32_t r = pf->root[b0];
        unsigned n = pf->fc_len[b0];
        int ascii = n == 1 && r >= 0 && b0 != ' ';
        int all = pf->class_lead[b0] || n == 0 || (ascii && pf->nodes[r].nrules);
        for (unsigned b1 = 0; (all || ascii) && b1 < 256; b1++)
            if (all || pf->fc_len[b1] != 1 || b1 == ' ')
                set_two(pf->fc_two, FC_PAIRS + (b0 | b1 << 8));
        for (int32_t d = all || r < 0 || b0 == ' ' ? -1 : pf->nodes[r].child; d >= 0;
             d = pf->nodes[d].sibling)
            set_two(pf->fc_two, FC_PAIRS + (b0 | (unsigned)pf->nodes[d].byte << 8));
    }
}

int tg_rules_first_chars_prepare(prefilter *pf)
{
    tg_rules_first_chars_free(pf);
    for (unsigned c = 0; c < 256; c++) {
        int ascii = c > (unsigned char)TG_RULES_DIGITS && c < 0x80 && c != '\t' &&
                    !(c >= '0' && c <= '9');
        pf->fc_len[c] = (unsigned char)(c >= 0xC3 && c < 0xE0 ? 2 : ascii);
    }
    if (!(pf->fc_bits = calloc((1u << FC_BITS) / 64, sizeof *pf->fc_bits)) ||
        !(pf->fc_two = calloc(2 * FC_PAIRS / 64, sizeof *pf->fc_two))) {
        tg_rules_first_chars_free(pf);
        return 0;
    }
    fc_build b = {pf, NULL, 0, 0, NULL, 0, 0, pf->nnodes * 2 + 256, 0};
    for (int c = 0; c < 256 && !b.off; c++) /* a space at a position is no run */
        if (pf->root[c] >= 0 && c != (unsigned char)TG_RULES_SPACE) {
            uint32_t cx = entry_of(&b, pf->root[c], -1, EDGE_ROOT);
            if (cx)
                visit_child(&b, pf->root[c], cx, 0, 0, 0);
        }
    int ok = b.off || make_table(pf, &b);
    if (!b.off) {
        choose_bits(pf, &b);
        two_bytes(pf);
    }
    free(b.paths);
    free(b.keys);
    if (b.off || !ok)
        tg_rules_first_chars_free(pf);
    return ok;
}

void tg_rules_first_chars_free(prefilter *pf)
{
    free(pf->fc_bits);
    free(pf->fc_table);
    free(pf->fc_two);
    pf->fc_bits = NULL;
    pf->fc_table = NULL;
    pf->fc_two = NULL;
}

/* ------------------------------------------------------------ scanning */

/* The length of the character at the low byte of v as the key reads it (0:
 * one it does not read). */
static inline unsigned char_len(const prefilter *pf, uint64_t v)
{
    return pf->fc_len[v & 0xFF];
}

/* The low n bytes of a word (n <= 9). */
static const uint64_t low_bytes[10] = {0,
                                       0xFF,
                                       0xFFFF,
                                       0xFFFFFF,
                                       0xFFFFFFFF,
                                       0xFFFFFFFFFFull,
                                       0xFFFFFFFFFFFFull,
                                       0xFFFFFFFFFFFFFFull,
                                       ~0ull,
                                       ~0ull};

/* Where the walk at i begins, its key's prefixes not in the bitmap (key 0:
 * they are, or the key was not read). */
static fc_start start_of(const prefilter *pf, uint32_t i, uint64_t key)
{
    if (!key)
        return (fc_start){i, EDGE_ROOT, pf->root_edge, FC_ROOT};
    size_t s = fc_hash(key) & pf->fc_mask;
    while (pf->fc_table[s].key && pf->fc_table[s].key != key)
        s = (s + 1) & pf->fc_mask;
    const fc_entry *e = &pf->fc_table[s];
    if (!e->key)
        return (fc_start){i, 0, 0, FC_CLASSES};
    uint32_t after = i + (uint32_t)(71 - __builtin_clzll(key)) / 8; /* past the key's bytes */
    if (!(e->x & FC_READ))
        return (fc_start){after, e->x, e->v, FC_EDGES};
    return (fc_start){after - 1, e->x & ~(FC_READ | FC_RUN), (e->x & FC_RUN) != 0, (int32_t)e->v};
}

/* Keeps of pos[0..n) those fc_two keeps and those within 16 bytes of the
 * end; returns how many.  A loop of its own: its state stays in
 * registers. */
static __attribute__((noinline)) size_t first_two(const prefilter *pf, const unsigned char *t,
                                                  size_t len, uint32_t *pos, size_t n)
{
    const uint64_t *two = pf->fc_two;
    size_t end = n, m = 0;
    while (end > 0 && pos[end - 1] + 16 > len) /* ascending: the last few */
        end--;
    for (size_t x = 0; x < end; x++) { /* no branch */
        uint32_t i = pos[x], w;
        memcpy(&w, t + i, 4);
        uint32_t pair = -(uint32_t)((w & 0xC0FCC0FCu) == 0x80D880D8u);
        uint32_t other = FC_PAIRS + (w & 0xFFFF), u = other ^ ((pair_of(w) ^ other) & pair);
        pos[m] = i;
        m += (two[u / 64] >> (u % 64)) & 1;
    }
    for (size_t x = end; x < n; x++)
        pos[m++] = pos[x];
    return m;
}

size_t tg_rules_first_chars(const prefilter *pf, const unsigned char *t, size_t len,
                            uint32_t *pos, size_t n, fc_start *st)
{
    const uint64_t *bits = pf->fc_bits;
    uint64_t mul = pf->fc_mul, keys[TG_RULES_SCAN_BATCH];
    size_t m = 0;
    n = first_two(pf, t, len, pos, n);
    for (size_t x = 0; x < n; x++) { /* no branch but near the end */
        uint32_t i = pos[x];
        uint64_t key = 0, keep = 1;
        if (i + 16 <= len) {
            uint64_t w;
            memcpy(&w, t + i, 8);
            unsigned n1 = char_len(pf, w), n2 = char_len(pf, w >> (8 * n1));
            unsigned n3 = char_len(pf, w >> (8 * (n1 + n2))), nb = n1 + n2 + n3;
            uint64_t unread = !n1 | !n2 | !n3 | (nb > 8) | ((w & 0xFFFF) == 0x2020) |
                              (((w >> (8 * n1)) & 0xFFFF) == 0x2020);
            uint64_t prefix = bit(bits, mul, w & low_bytes[n1]) | bit(bits, mul, w & low_bytes[n1 + n2]);
            uint64_t k3 = w & low_bytes[nb];
            keep = unread | prefix | pf->class_lead[w & 0xFF] | bit(bits, mul, k3);
            key = (unread | prefix) ? 0 : k3;
        }
        pos[m] = i;
        keys[m] = key;
        m += keep;
    }
    for (size_t x = 0; x < m; x++)
        st[x] = start_of(pf, pos[x], keys[x]);
    return m;
}
