/*
 * gazetteer_trie — building the compact trie (gazetteer_trie.h has the
 * encoding) and the root tables made at load.
 *
 * Building
 * --------
 * The keys come sorted, so the keys below any trie position are a range
 * [lo, hi) sharing their first d bytes: a *subtrie*.  Writing a subtrie
 * writes its node: the record header if a key ends there, the run of plain
 * bytes while every key goes on with the same byte, then a STOP, a PAIR or
 * a BRANCH whose child offsets are left as zeros, and its children are
 * queued with the place of their offset, which is patched when the child
 * is written.
 *
 * A child's word in its parent's table is patched twice: with the child's
 * offset when the child is written, then, once the trie's size is known
 * (a trie over 16 MiB has no signatures), with the signature of the
 * characters that go on from the child in its top byte (made from its
 * keys' next characters when the child was queued).
 *
 * The top levels of the trie, which nearly every walk visits, are written
 * breadth-first into its first 256 KB, so they stay together in the cache;
 * below them each subtrie is written in pre-order, a branch's first child
 * right after its edge table, so a key's path is mostly contiguous.
 *
 * Root tables
 * -----------
 * At load the positions after the first one and two bytes are put in
 * tables (root1, root2), so a walk from the root starts two bytes in.
 */
#include "gazetteer_trie.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"

/* Writes the compact trie into a growing byte buffer. */
typedef struct {
    const tg_trie_key *keys;
    unsigned char *buf;
    size_t len, cap;
    size_t nodes; /* of the uncompressed trie, for stats */
    int failed;   /* out of memory or over TG_TRIE_MAX_BYTES */
    uint64_t *words; /* the child words written: place << 8 | signature */
    size_t nwords, capwords;
} trie_builder;

static size_t emit(trie_builder *b, const void *p, size_t n)
{
    size_t at = b->len;
    if (b->failed)
        return at;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + n)
            cap *= 2;
        unsigned char *d = b->len + n <= TG_TRIE_MAX_BYTES ? realloc(b->buf, cap) : NULL;
        if (!d) {
            b->failed = 1;
            return at;
        }
        b->buf = d;
        b->cap = cap;
    }
    memcpy(b->buf + b->len, p, n);
    b->len += n;
    return at;
}

static void emit_byte(trie_builder *b, unsigned char c)
{
    emit(b, &c, 1);
}

/* The record header of a position where a key ends. */
static void emit_records(trie_builder *b, uint32_t rf, uint32_t rc)
{
    emit_byte(b, rc == 1 ? TG_TRIE_REC1 : TG_TRIE_RECN);
    emit(b, &rf, 4);
    if (rc != 1)
        emit(b, &rc, 4);
}

static unsigned char key_byte(const trie_builder *b, size_t i, uint32_t d)
{
    return (unsigned char)b->keys[i].bytes[d];
}

/* The end of the group of keys from lo that share byte d. */
static size_t group_end(const trie_builder *b, size_t lo, size_t hi, uint32_t d)
{
    unsigned char c = key_byte(b, lo, d);
    size_t j = lo + 1;
    while (j < hi && key_byte(b, j, d) == c)
        j++;
    return j;
}

/* Can the keys [lo, hi), none ending at d, branch on two-byte characters
 * at d?  Every byte d must lead one (C2..DF), every byte d + 1 continue it
 * (80..BF), no key may end between the two, and there must be at least
 * two characters (one is two plain bytes). */
static int pair_node(const trie_builder *b, size_t lo, size_t hi, uint32_t d)
{
    size_t pairs = 0;
    for (size_t i = lo; i < hi; i++) {
        unsigned char c0 = key_byte(b, i, d), c1;
        if (c0 < 0xC2 || c0 > 0xDF || b->keys[i].len == d + 1)
            return 0;
        c1 = key_byte(b, i, d + 1);
        if (c1 < 0x80 || c1 > 0xBF)
            return 0;
        pairs +=
            i == lo || c0 != key_byte(b, i - 1, d) || c1 != key_byte(b, i - 1, d + 1);
    }
    return pairs >= 2;
}

/* The signature of the subtrie of keys [lo, hi) at depth d
 * (gazetteer_trie.h): the buckets of no key's next character, or none when
 * a key ends at d or inside the character there. */
static unsigned char absent_after(const trie_builder *b, size_t lo, size_t hi, uint32_t d)
{
    unsigned present = 0;
    for (size_t i = lo; i < hi; i++) {
        const tg_trie_key *k = &b->keys[i];
        if (k->len == d)
            return 0;
        unsigned b0 = (unsigned char)k->bytes[d], b1 = 0;
        if (b0 >= 0xC0) {
            if (k->len == d + 1)
                return 0;
            b1 = (unsigned char)k->bytes[d + 1];
        }
        present |= 1u << tg_trie_bucket(b0, b1);
    }
    return (unsigned char)~present;
}

/* A subtrie still to write: the unique keys [lo, hi), which share their
 * first d bytes, where its position goes (SIZE_MAX: nowhere, the root) and
 * its signature. */
typedef struct {
    size_t lo, hi, patch;
    uint32_t d;
    unsigned char absent;
} subtrie;

typedef struct {
    subtrie *v;
    size_t n, cap;
} subtries;

static void push_subtrie(trie_builder *b, subtries *q, size_t lo, size_t hi, uint32_t d,
                         size_t patch)
{
    if (q->n == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 256;
        subtrie *v = realloc(q->v, cap * sizeof *v);
        if (!v) {
            b->failed = 1;
            return;
        }
        q->v = v;
        q->cap = cap;
    }
    q->v[q->n++] = (subtrie){lo, hi, patch, d, absent_after(b, lo, hi, d)};
}

/* Writes the node of subtrie `s` here: its record header, the run of plain
 * bytes of its single-edge positions, then a STOP or an edge table, whose
 * children go to q with the place of their position in the table. */
static void emit_subtrie(trie_builder *b, subtrie s, subtries *q)
{
    static const uint32_t zeros[256];
    size_t lo = s.lo, hi = s.hi;
    uint32_t d = s.d;
    if (s.patch != SIZE_MAX && !b->failed) {
        uint32_t at = (uint32_t)b->len;
        memcpy(b->buf + s.patch, &at, 4);
        uint64_t *w = tg_grow(b->words, &b->capwords, b->nwords + 1, sizeof *w, 4096);
        if (!w) {
            b->failed = 1;
            return;
        }
        b->words = w;
        b->words[b->nwords++] = (uint64_t)s.patch << 8 | s.absent;
    }
    for (;;) {
        if (lo < hi && b->keys[lo].len == d) { /* a key ends here */
            emit_records(b, b->keys[lo].rec_first, b->keys[lo].rec_count);
            lo++;
        }
        if (lo == hi) { /* a leaf (or the root of an empty trie) */
            emit_byte(b, TG_TRIE_STOP);
            return;
        }
        unsigned char c = key_byte(b, lo, d);
        if (pair_node(b, lo, hi, d)) {
            /* [TG_TRIE_PAIR] [nl-1] [total: 2] [leads] [bitmaps: 8 each] [bases: 2 each]
             * [children] */
            unsigned char leads[32];
            uint64_t bits[32] = {0};
            size_t nl = 0, total = 0;
            for (size_t i = lo; i < hi; i = group_end(b, i, group_end(b, i, hi, d), d + 1)) {
                unsigned char c0 = key_byte(b, i, d);
                if (nl == 0 || leads[nl - 1] != c0)
                    leads[nl++] = c0;
                bits[nl - 1] |= 1ull << (key_byte(b, i, d + 1) - 0x80);
                total++;
            }
            emit_byte(b, TG_TRIE_PAIR);
            emit_byte(b, (unsigned char)(nl - 1));
            emit_byte(b, (unsigned char)(total & 0xFF));
            emit_byte(b, (unsigned char)(total >> 8));
            emit(b, leads, nl);
            emit(b, bits, 8 * nl);
            for (size_t k = 0, base = 0; k < nl; k++) {
                unsigned char le[2] = {(unsigned char)(base & 0xFF), (unsigned char)(base >> 8)};
                emit(b, le, 2);
                base += tg_trie_popcount(bits[k]);
            }
            size_t table = b->len;
            for (size_t left = total; left > 0; left -= left < 256 ? left : 256)
                emit(b, zeros, 4 * (left < 256 ? left : 256));
            b->nodes += nl; /* the positions between the two bytes */
            for (size_t i = lo, k = 0; i < hi; k++) {
                /* keys sharing both bytes: byte d's group, then byte d + 1's */
                size_t j = group_end(b, i, group_end(b, i, hi, d), d + 1);
                b->nodes++;
                push_subtrie(b, q, i, j, d + 2, table + 4 * k);
                i = j;
            }
            return;
        }
        if (c == key_byte(b, hi - 1, d) && c < TG_TRIE_BRANCH) { /* one edge: a plain byte */
            emit_byte(b, c);
            b->nodes++;
            d++;
            continue;
        }
        /* [TG_TRIE_BRANCH] [n-1] [labels] [children] */
        size_t n = 0;
        unsigned char labels[256];
        for (size_t i = lo; i < hi; i = group_end(b, i, hi, d))
            labels[n++] = key_byte(b, i, d);
        emit_byte(b, TG_TRIE_BRANCH);
        emit_byte(b, (unsigned char)(n - 1));
        emit(b, labels, n);
        size_t table = emit(b, zeros, 4 * n);
        for (size_t i = lo, k = 0; i < hi; k++) {
            size_t j = group_end(b, i, hi, d);
            b->nodes++;
            push_subtrie(b, q, i, j, d + 1, table + 4 * k);
            i = j;
        }
        return;
    }
}

/* Writes subtrie s and everything under it in pre-order: a branch's first
 * child follows its edge table, so a key's path is mostly contiguous. */
static void build_depth_first(trie_builder *b, subtrie s, subtries *q)
{
    size_t first = q->n;
    emit_subtrie(b, s, q);
    size_t last = q->n;
    for (size_t i = first; i < last && !b->failed; i++)
        build_depth_first(b, q->v[i], q);
    q->n = first;
}

/* The trie's hot top: its first levels, written breadth-first up to this
 * size, stay together in the cache; the subtries below them follow, each
 * depth-first. */
#define TRIE_TOP_BYTES (256 * 1024)

int tg_trie_build(const tg_trie_key *keys, size_t nkeys, unsigned char **trie,
                  size_t *bytes, size_t *nodes)
{
    trie_builder b;
    memset(&b, 0, sizeof b);
    b.keys = keys;
    b.nodes = 1;
    subtries top = {0}, rest = {0};
    push_subtrie(&b, &top, 0, nkeys, 0, SIZE_MAX);
    size_t head = 0;
    while (head < top.n && b.len < TRIE_TOP_BYTES && !b.failed)
        emit_subtrie(&b, top.v[head++], &top);
    for (; head < top.n && !b.failed; head++)
        build_depth_first(&b, top.v[head], &rest);
    free(top.v);
    free(rest.v);
    emit_byte(&b, TG_TRIE_STOP);
    if (!b.failed && tg_trie_sig_mask((uint32_t)b.len)) /* the signatures */
        for (size_t i = 0; i < b.nwords; i++) {
            unsigned char *w = b.buf + (b.words[i] >> 8);
            uint32_t v = tg_trie_rd32(w) | (uint32_t)(b.words[i] & 0xFF) << 24;
            memcpy(w, &v, 4);
        }
    free(b.words);
    if (b.failed) {
        free(b.buf);
        return 0;
    }
    *trie = b.buf;
    *bytes = b.len;
    *nodes = b.nodes;
    return 1;
}

/* Fills row[c] with the position after byte c from position x, for each
 * single-byte edge out of x. */
static void byte_edges(const unsigned char *t, uint32_t size, uint32_t sig, uint32_t x,
                       uint32_t *row)
{
    if ((x = tg_trie_node_at(t, size, x)) == TG_TRIE_DEAD)
        return;
    if (t[x] < TG_TRIE_BRANCH) {
        row[t[x]] = x + 1;
    } else if (t[x] == TG_TRIE_BRANCH && x + 1 < size) {
        uint32_t y = x + 1, n = t[y] + 1u;
        if ((uint64_t)y + 1 + 5 * (uint64_t)n > size)
            return;
        for (uint32_t k = 0; k < n; k++) {
            uint32_t ch = tg_trie_rd32(t + y + 1 + n + 4 * k) & ~sig;
            if (ch < size)
                row[t[y + 1 + k]] = ch;
        }
    }
}

void tg_trie_root_tables(const unsigned char *t, uint32_t size, uint32_t sig,
                         uint32_t root1[256], uint32_t *root2, unsigned char two_ok[256])
{
    /* only the rows that can name a position are written (a row is 1 KB,
     * and the table of 256 KB is fresh memory: a start faults in only the
     * pages of those rows); the others are never read, two_ok being 0 */
    memset(root1, 0xFF, 256 * sizeof *root1);
    memset(two_ok, 0, 256);
    uint32_t x;
    byte_edges(t, size, sig, 0, root1);
    for (unsigned c = 0; c < 256; c++)
        if (root1[c] != TG_TRIE_DEAD) {
            memset(root2 + (c << 8), 0xFF, 256 * sizeof *root2);
            byte_edges(t, size, sig, root1[c], root2 + (c << 8));
            x = tg_trie_node_at(t, size, root1[c]);
            two_ok[c] = x != TG_TRIE_DEAD && t[x] != TG_TRIE_PAIR;
        }
    /* two-byte characters at the root: a pair node */
    x = tg_trie_node_at(t, size, 0);
    if (x != TG_TRIE_DEAD && t[x] == TG_TRIE_PAIR)
        for (unsigned c0 = 0xC2; c0 <= 0xDF; c0++) {
            if (root1[c0] == TG_TRIE_DEAD) { /* nothing in the row yet */
                memset(root2 + (c0 << 8), 0xFF, 256 * sizeof *root2);
                two_ok[c0] = 1;
            }
            for (unsigned c1 = 0x80; c1 <= 0xBF; c1++) {
                unsigned char in[2] = {(unsigned char)c0, (unsigned char)c1};
                size_t adv;
                uint32_t y = tg_trie_step(t, size, sig, 0, in, 2, in, &adv);
                if (y != TG_TRIE_DEAD)
                    root2[c0 << 8 | c1] = y;
            }
        }
}
