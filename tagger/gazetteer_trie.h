/*
 * gazetteer_trie — the compact byte trie of a compiled gazetteer's matching
 * keys: its encoding, the walk (inline here: the matcher steps through it
 * for every byte of every token) and the builder (gazetteer_trie.c).
 *
 * Encoding
 * --------
 * The trie is a byte string, used in place in the compiled file.  A trie
 * *position* is a byte offset in it, the root at 0.  Bytes F8..FF never
 * occur in UTF-8 and are opcodes; every other byte is a plain edge:
 *
 *   c (< F8)    the position has one edge, on byte c, to the next offset:
 *               a run of single-edge positions without records (most of a
 *               long key) is the run of its bytes
 *   REC1 r      a key ends here: record r (u32); the node follows
 *   RECN r n    a key ends here: records r .. r+n-1 (u32, u32); the node follows
 *   BRANCH      [n-1] [n sorted labels] [n u32 children]: edges on bytes
 *   PAIR        [nl-1] [total: u16] [nl sorted lead bytes] [nl u64 bitmaps]
 *               [nl u16 bases] [total u32 children]: edges on two-byte
 *               characters (lead C2..DF, continuation 80..BF: Persian and
 *               Arabic letters), one step for both bytes: child number
 *               base[lead] + the bits below the continuation's in its bitmap
 *   STOP        no edges (a leaf); also the trie's last byte
 *
 * A child in a BRANCH's or a PAIR's table is a u32 word: its position,
 * and in a trie of up to 16 MiB (tg_trie_sig_mask) a signature in the top
 * byte: bit i of it set says that no key goes on from the child with a
 * character of bucket i (tg_trie_bucket: the character's first two bytes
 * hashed to 0..7), and that none ends at the child or inside its next
 * character.  A walk whose next character lies in such a bucket dies at
 * the child, so the step returns TG_TRIE_DEAD without reading it: the
 * child is on another cache line for nearly every such step, and a
 * quarter of the steps into a child die at the next one.
 *
 * A PAIR is used where every key continues with a two-byte character and
 * there are two or more of them; no key ends between the two bytes of a
 * character, so the position between them is never needed: the normalized
 * text is valid UTF-8 and its tokens hold whole characters, so a walk
 * always has both bytes (when it has not, the PAIR is a dead end).  The
 * trie of the 1M-alias benchmark list is 28 MB where the former node/edge
 * arrays took 264 MB.
 *
 * Invariants the walk relies on (checked at load, gazetteer_file.c): the
 * trie is not empty and its last byte is STOP, so a plain byte is never
 * the last byte.  Every other read is bounds-checked against the trie's
 * size, so a corrupt trie can only end a walk early, never read outside it.
 */
#ifndef TG_GAZETTEER_TRIE_H
#define TG_GAZETTEER_TRIE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The step is inlined into each walk (the walk's loop is the hot path;
 * out of line it lost POPCNT and its constant arguments). */
#if defined(__GNUC__)
#define TG_TRIE_INLINE inline __attribute__((always_inline))
#else
#define TG_TRIE_INLINE inline
#endif

/* Trie opcodes: bytes that never occur in UTF-8. */
enum {
    TG_TRIE_BRANCH = 0xF8, /* edges on single bytes */
    TG_TRIE_PAIR = 0xF9,   /* edges on two-byte characters */
    TG_TRIE_REC1 = 0xFA,   /* a key ends here: one record; the node follows */
    TG_TRIE_RECN = 0xFB,   /* a key ends here: a record count; the node follows */
    TG_TRIE_STOP = 0xFF    /* no edges: a leaf, and the trie's last byte */
};
#define TG_TRIE_DEAD UINT32_MAX      /* no trie position */
#define TG_TRIE_MAX_BYTES 0xFFFFFF00u /* offsets are 32-bit; room for x + 9 */

/* One unique matching key for the builder, with its records. */
typedef struct tg_trie_key {
    const char *bytes;
    uint32_t len;
    uint32_t rec_first, rec_count;
} tg_trie_key;

/* The bits of a child word that hold its signature, in a trie of `size`
 * bytes: the top byte when the positions fit in the other three, else
 * none. */
static inline uint32_t tg_trie_sig_mask(uint32_t size)
{
    return size <= (1u << 24) ? 0xFF000000u : 0;
}

/* The signature bucket (0..7) of the character whose first bytes are b0
 * and, when b0 leads a multibyte character, b1 (else 0). */
static inline unsigned tg_trie_bucket(unsigned b0, unsigned b1)
{
    return (unsigned)(((b0 << 8 | b1) * 0x9E3779B1u) >> 29);
}

/* Encodes the trie of keys[0..n) (unique, sorted bytewise, a prefix before
 * its extensions) into a buffer from malloc: *trie, *bytes; *nodes receives
 * the node count of the uncompressed trie (statistics only).  Returns 0
 * when out of memory or when the trie would exceed TG_TRIE_MAX_BYTES. */
int tg_trie_build(const tg_trie_key *keys, size_t n, unsigned char **trie, size_t *bytes,
                  size_t *nodes);

/* Fills, for the trie t (its tg_trie_sig_mask `sig`), root1 and root2
 * ([65536]), the trie positions after the first one and two bytes from the
 * root (TG_TRIE_DEAD where none), and two_ok: row c of root2 may be used
 * only when two_ok[c] (no character starts at the second byte, whose PAIR
 * the table cannot enter halfway; and no row is written where no key
 * starts with c, a walk from the root finding that as fast). */
void tg_trie_root_tables(const unsigned char *t, uint32_t size, uint32_t sig,
                         uint32_t root1[256], uint32_t *root2, unsigned char two_ok[256]);

static inline int tg_trie_has_records(unsigned char b)
{
    return (b & 0xFE) == TG_TRIE_REC1;
}

static inline uint32_t tg_trie_rd32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static inline uint64_t tg_trie_rd64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static inline unsigned tg_trie_popcount(uint64_t v)
{
#if defined(__GNUC__) && defined(__POPCNT__)
    return (unsigned)__builtin_popcountll(v);
#else
    v -= (v >> 1) & 0x5555555555555555ull;
    v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
    v = (v + (v >> 4)) & 0x0F0F0F0F0F0F0F0Full;
    return (unsigned)((v * 0x0101010101010101ull) >> 56);
#endif
}

/* The index of label c among the n >= 2 sorted labels at lab, or n.  In
 * a BRANCH the child table (4n bytes) follows the labels, in a PAIR the
 * bitmaps (8n), so reading 8 bytes from any label stays inside the node. */
static inline uint32_t tg_trie_find_label(const unsigned char *lab, uint32_t n,
                                          unsigned char c)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) &&                                      \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* eight labels at a time: the lowest zero byte of w ^ c...c */
    const uint64_t ones = 0x0101010101010101ull, pat = ones * c;
    for (uint32_t k = 0; k < n; k += 8) {
        uint64_t w;
        memcpy(&w, lab + k, 8);
        w ^= pat;
        uint64_t z = (w - ones) & ~w & (ones << 7);
        if (z) {
            uint32_t i = k + (uint32_t)(__builtin_ctzll(z) >> 3);
            return i < n ? i : n;
        }
    }
    return n;
#else
    uint32_t i = 0;
    while (i < n && lab[i] < c)
        i++;
    return i < n && lab[i] == c ? i : n;
#endif
}

/* The node at trie position x: past the record header if a key ends
 * there, or TG_TRIE_DEAD. */
static inline uint32_t tg_trie_node_at(const unsigned char *t, uint32_t size, uint32_t x)
{
    if (tg_trie_has_records(t[x])) {
        x += t[x] == TG_TRIE_REC1 ? 5 : 9;
        if (x >= size)
            return TG_TRIE_DEAD;
    }
    return x;
}

/* The position in child word v of a trie whose signature mask is sig, or
 * TG_TRIE_DEAD; TG_TRIE_DEAD too when the character at `in`, if it lies
 * whole before lim (bytes the walk has no other use for at the child),
 * is in one of the signature's buckets. */
static TG_TRIE_INLINE uint32_t tg_trie_child(uint32_t v, uint32_t size, uint32_t sig,
                                             const unsigned char *in,
                                             const unsigned char *lim)
{
    uint32_t ch = v & ~sig, absent = (v & sig) >> 24;
    if (ch >= size)
        return TG_TRIE_DEAD;
    if (absent && in < lim) {
        unsigned b0 = in[0], two = b0 >= 0xC0;
        if (in + two < lim && absent >> tg_trie_bucket(b0, two ? in[1] : 0) & 1)
            return TG_TRIE_DEAD;
    }
    return ch;
}

/* The trie position after the next input bytes in[0..avail), avail >= 1,
 * from position x < size, or TG_TRIE_DEAD; *adv receives the bytes
 * consumed: 1, or 2 at a PAIR (the character's two bytes; never half of
 * one).  A step into a child tests its signature (sig: the trie's
 * tg_trie_sig_mask) against the character that follows, when it lies
 * whole before lim (lim <= in + avail; lim <= in tests nothing). */
static TG_TRIE_INLINE uint32_t tg_trie_step(const unsigned char *t, uint32_t size,
                                            uint32_t sig, uint32_t x,
                                            const unsigned char *in, size_t avail,
                                            const unsigned char *lim, size_t *adv)
{
    *adv = 1;
    if (t[x] < TG_TRIE_BRANCH)
        return t[x] == in[0] ? x + 1 : TG_TRIE_DEAD;
    if ((x = tg_trie_node_at(t, size, x)) == TG_TRIE_DEAD)
        return TG_TRIE_DEAD;
    unsigned char b = t[x];
    uint32_t y = x + 1;
    if (b < TG_TRIE_BRANCH)
        return b == in[0] ? x + 1 : TG_TRIE_DEAD;
    if (y >= size)
        return TG_TRIE_DEAD;
    if (b == TG_TRIE_BRANCH) { /* [n-1] [labels: n] [children: 4n] */
        uint32_t n = t[y] + 1u, i;
        if ((uint64_t)y + 1 + 5 * (uint64_t)n > size)
            return TG_TRIE_DEAD;
        const unsigned char *lab = t + y + 1;
        i = n == 1 ? (lab[0] == in[0] ? 0 : 1) : tg_trie_find_label(lab, n, in[0]);
        if (i == n)
            return TG_TRIE_DEAD;
        return tg_trie_child(tg_trie_rd32(lab + n + 4 * i), size, sig, in + 1, lim);
    }
    if (b == TG_TRIE_PAIR) { /* [nl-1] [total: 2] [leads: nl] [bitmaps: 8nl] [bases: 2nl]
                                [children: 4 total] */
        unsigned char c = in[1];
        if (avail < 2 || c < 0x80 || c > 0xBF || (uint64_t)y + 3 > size)
            return TG_TRIE_DEAD;
        uint32_t nl = t[y] + 1u, total = t[y + 1] | (uint32_t)t[y + 2] << 8, i;
        if ((uint64_t)y + 3 + 11 * (uint64_t)nl + 4 * (uint64_t)total > size)
            return TG_TRIE_DEAD;
        const unsigned char *lead = t + y + 3, *bm = lead + nl, *base = bm + 8 * nl;
        i = nl == 1 ? (lead[0] == in[0] ? 0 : 1) : tg_trie_find_label(lead, nl, in[0]);
        if (i == nl)
            return TG_TRIE_DEAD;
        uint64_t bits = tg_trie_rd64(bm + 8 * i);
        unsigned bit = c - 0x80u;
        if (!(bits >> bit & 1))
            return TG_TRIE_DEAD;
        uint32_t k = (base[2 * i] | (uint32_t)base[2 * i + 1] << 8) +
                     tg_trie_popcount(bits & ((1ull << bit) - 1));
        if (k >= total)
            return TG_TRIE_DEAD;
        *adv = 2;
        return tg_trie_child(tg_trie_rd32(base + 2 * nl + 4 * k), size, sig, in + 2, lim);
    }
    return TG_TRIE_DEAD;
}

#endif /* TG_GAZETTEER_TRIE_H */
