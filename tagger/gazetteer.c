/* gazetteer — see gazetteer.h for the format, the index and the matching. */
#include "gazetteer.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datafile.h"
#include "error.h"
#include "labels.h"

/* ------------------------------------------------------------ file layout */

#define GAZ_MAGIC "TGGAZ\0\r\n"
#define GAZ_VERSION 3u
#define GAZ_ENDIAN 0x01020304u
#define GAZ_MAX_TRIE 0xFFFFFF00u /* trie offsets are 32-bit; room for x + 9 */

typedef struct {
    char magic[8];
    uint32_t version, endian;
    uint64_t file_size;
    uint64_t checksum;   /* of the whole file, both checksum fields read as 0 */
    uint64_t header_sum; /* of this header, this field read as 0 */
    uint32_t n_entities, n_records, n_keys;
    uint32_t n_nodes; /* of the uncompressed trie: statistics only */
    uint32_t string_bytes, trie_bytes, max_key, reserved;
} gaz_header; /* 72 bytes */

typedef struct {
    uint32_t kb_id, name, ids, list, label;
} gaz_entity;

typedef struct {
    uint32_t entity, alias;
    int32_t priority;
    uint32_t flags;
} gaz_record;

/* Trie opcodes (see gazetteer.h): bytes that never occur in UTF-8. */
enum {
    OP_BRANCH = 0xF8, /* edges on single bytes */
    OP_PAIR = 0xF9,   /* edges on two-byte characters */
    OP_REC1 = 0xFA,   /* a key ends here: one record; the node follows */
    OP_RECN = 0xFB,   /* a key ends here: a record count; the node follows */
    OP_STOP = 0xFF    /* no edges: a leaf, and the trie's last byte */
};
#define DEAD UINT32_MAX /* no trie position */

/* The memo's hit path inlined into the token loop, the full walk kept out. */
#if defined(__GNUC__)
#define TG_INLINE inline __attribute__((always_inline))
#define TG_NOINLINE __attribute__((noinline))
#else
#define TG_INLINE inline
#define TG_NOINLINE
#endif

static int op_has_records(unsigned char b)
{
    return (b & 0xFE) == OP_REC1;
}

static uint32_t rd32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static uint64_t rd64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static unsigned popcount64(uint64_t v)
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

typedef struct {
    size_t entities, records, trie, strings, total;
} gaz_layout;

static gaz_layout layout_of(const gaz_header *h)
{
    gaz_layout l;
    l.entities = sizeof(gaz_header);
    l.records = l.entities + tg_align8((size_t)h->n_entities * sizeof(gaz_entity));
    l.trie = l.records + tg_align8((size_t)h->n_records * sizeof(gaz_record));
    l.strings = l.trie + tg_align8(h->trie_bytes);
    l.total = l.strings + tg_align8(h->string_bytes);
    return l;
}

/* The checksum: eight independent lanes over consecutive 8-byte words, so
 * the multiplies overlap and the hash runs near memory bandwidth.  Each
 * step is a bijection of its lane for a fixed word, so any change confined
 * to one word (every single-byte error) always changes the result. */
#define HASH_M 0x9FB21C651E98DF25ull
static uint64_t mix(uint64_t h, uint64_t w)
{
    h ^= w;
    h = (h << 23 | h >> 41) * HASH_M;
    return h;
}

static uint64_t hash_words(uint64_t seed, const unsigned char *p, size_t n)
{
    const uint64_t k = 0x9E3779B97F4A7C15ull;
    uint64_t l0 = seed, l1 = seed + k, l2 = seed + 2 * k, l3 = seed + 3 * k;
    uint64_t l4 = seed + 4 * k, l5 = seed + 5 * k, l6 = seed + 6 * k, l7 = seed + 7 * k;
    size_t i = 0;
    for (; i + 64 <= n; i += 64) { /* lanes in registers: the multiplies overlap */
        l0 = mix(l0, rd64(p + i));
        l1 = mix(l1, rd64(p + i + 8));
        l2 = mix(l2, rd64(p + i + 16));
        l3 = mix(l3, rd64(p + i + 24));
        l4 = mix(l4, rd64(p + i + 32));
        l5 = mix(l5, rd64(p + i + 40));
        l6 = mix(l6, rd64(p + i + 48));
        l7 = mix(l7, rd64(p + i + 56));
    }
    for (; i + 8 <= n; i += 8)
        l0 = mix(l0, rd64(p + i));
    for (; i < n; i++)
        l1 = mix(l1, p[i]);
    const uint64_t lanes[8] = {l0, l1, l2, l3, l4, l5, l6, l7};
    uint64_t h = n;
    for (int j = 0; j < 8; j++) {
        h = mix(h, lanes[j]);
        h ^= h >> 29;
    }
    return h;
}

/* The checksum of a whole image: the header (with both checksum fields as
 * zero) and every byte after it. */
static uint64_t checksum(const unsigned char *image, size_t size)
{
    gaz_header h;
    memcpy(&h, image, sizeof h);
    h.checksum = 0;
    h.header_sum = 0;
    uint64_t sum = hash_words(0x9E3779B97F4A7C15ull ^ size, (const unsigned char *)&h, sizeof h);
    return hash_words(sum, image + sizeof h, size - sizeof h);
}

/* The checksum of the header alone (its header_sum field as zero). */
static uint64_t header_checksum(const gaz_header *hp)
{
    gaz_header h = *hp;
    h.header_sum = 0;
    return hash_words(0x2545F4914F6CDD1Dull, (const unsigned char *)&h, sizeof h);
}

static atomic_uint_fast64_t next_serial = 1; /* of the loaded gazetteers */

struct tg_gazetteer {
    const unsigned char *base;
    size_t size;
    const gaz_header *h;
    const gaz_entity *entities;
    const gaz_record *records;
    const unsigned char *trie;
    uint32_t trie_bytes;
    const char *strings;
    uint64_t serial; /* unique to this load: names it in the memo of walks */
    /* built at load: the trie positions after the first one and two bytes;
     * root2's row c is used only when two_ok[c] (no character starts at the
     * second byte, whose pair node the table cannot enter halfway) */
    uint32_t root1[256];
    uint32_t *root2; /* [65536] */
    unsigned char two_ok[256];
};

/* -------------------------------------------------------------- the trie */

/* The index of label c among the n >= 2 sorted labels at lab, or n.  In
 * a BRANCH the child table (4n bytes) follows the labels, in a PAIR the
 * bitmaps (8n), so reading 8 bytes from any label stays inside the node. */
static inline uint32_t find_label(const unsigned char *lab, uint32_t n, unsigned char c)
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
 * there, or DEAD. */
static inline uint32_t node_at(const unsigned char *t, uint32_t size, uint32_t x)
{
    if (op_has_records(t[x])) {
        x += t[x] == OP_REC1 ? 5 : 9;
        if (x >= size)
            return DEAD;
    }
    return x;
}

/* The trie position after the next input bytes in[0..avail), avail >= 1,
 * from position x, or DEAD; *adv receives the bytes consumed: 1, or 2 at a
 * pair node (the character's two bytes; never half of one, see
 * gazetteer.h).  x < trie_bytes and the trie's last byte is OP_STOP (both
 * checked at load), so a plain byte is never the last byte; every other
 * read is bounds-checked, and a corrupt trie can only end a walk early. */
static inline uint32_t step(const unsigned char *t, uint32_t size, uint32_t x,
                            const unsigned char *in, size_t avail, size_t *adv)
{
    *adv = 1;
    if (t[x] < OP_BRANCH)
        return t[x] == in[0] ? x + 1 : DEAD;
    if ((x = node_at(t, size, x)) == DEAD)
        return DEAD;
    unsigned char b = t[x];
    uint32_t y = x + 1;
    if (b < OP_BRANCH)
        return b == in[0] ? x + 1 : DEAD;
    if (y >= size)
        return DEAD;
    if (b == OP_BRANCH) { /* [n-1] [labels: n] [children: 4n] */
        uint32_t n = t[y] + 1u, i;
        if ((uint64_t)y + 1 + 5 * (uint64_t)n > size)
            return DEAD;
        const unsigned char *lab = t + y + 1;
        i = n == 1 ? (lab[0] == in[0] ? 0 : 1) : find_label(lab, n, in[0]);
        if (i == n)
            return DEAD;
        uint32_t ch = rd32(lab + n + 4 * i);
        return ch < size ? ch : DEAD;
    }
    if (b == OP_PAIR) { /* [nl-1] [total: 2] [leads: nl] [bitmaps: 8nl] [bases: 2nl]
                           [children: 4 total] */
        unsigned char c = in[1];
        if (avail < 2 || c < 0x80 || c > 0xBF || (uint64_t)y + 3 > size)
            return DEAD;
        uint32_t nl = t[y] + 1u, total = t[y + 1] | (uint32_t)t[y + 2] << 8, i;
        if ((uint64_t)y + 3 + 11 * (uint64_t)nl + 4 * (uint64_t)total > size)
            return DEAD;
        const unsigned char *lead = t + y + 3, *bm = lead + nl, *base = bm + 8 * nl;
        i = nl == 1 ? (lead[0] == in[0] ? 0 : 1) : find_label(lead, nl, in[0]);
        if (i == nl)
            return DEAD;
        uint64_t bits = rd64(bm + 8 * i);
        unsigned bit = c - 0x80u;
        if (!(bits >> bit & 1))
            return DEAD;
        uint32_t k = (base[2 * i] | (uint32_t)base[2 * i + 1] << 8) +
                     popcount64(bits & ((1ull << bit) - 1));
        if (k >= total)
            return DEAD;
        uint32_t ch = rd32(base + 2 * nl + 4 * k);
        *adv = 2;
        return ch < size ? ch : DEAD;
    }
    return DEAD;
}

/* The records of the trie position x (a key ends there): 1 with the range
 * in *first, *count, or 0. */
static int node_records(const tg_gazetteer *g, uint32_t x, uint32_t *first, uint32_t *count)
{
    unsigned char b = g->trie[x];
    if (!op_has_records(b) || g->trie_bytes - x < (b == OP_REC1 ? 5u : 9u))
        return 0;
    uint32_t f = rd32(g->trie + x + 1), n = b == OP_RECN ? rd32(g->trie + x + 5) : 1;
    if (f > g->h->n_records || n > g->h->n_records - f)
        return 0;
    *first = f;
    *count = n;
    return 1;
}

/* Fills row[c] with the position after byte c from position x, for each
 * single-byte edge out of x. */
static void byte_edges(const tg_gazetteer *g, uint32_t x, uint32_t *row)
{
    const unsigned char *t = g->trie;
    uint32_t size = g->trie_bytes;
    if ((x = node_at(t, size, x)) == DEAD)
        return;
    if (t[x] < OP_BRANCH) {
        row[t[x]] = x + 1;
    } else if (t[x] == OP_BRANCH && x + 1 < size) {
        uint32_t y = x + 1, n = t[y] + 1u;
        if ((uint64_t)y + 1 + 5 * (uint64_t)n > size)
            return;
        for (uint32_t k = 0; k < n; k++) {
            uint32_t ch = rd32(t + y + 1 + n + 4 * k);
            if (ch < size)
                row[t[y + 1 + k]] = ch;
        }
    }
}

/* Fills root1 and root2, the trie positions after the first one and two
 * bytes, from the top two levels of the trie. */
static int build_root_tables(tg_gazetteer *g)
{
    g->root2 = malloc(65536 * sizeof *g->root2);
    if (!g->root2)
        return 0;
    memset(g->root1, 0xFF, sizeof g->root1);
    memset(g->root2, 0xFF, 65536 * sizeof *g->root2);
    memset(g->two_ok, 1, sizeof g->two_ok);
    const unsigned char *t = g->trie;
    uint32_t size = g->trie_bytes, x;
    byte_edges(g, 0, g->root1);
    for (unsigned c = 0; c < 256; c++)
        if (g->root1[c] != DEAD) {
            byte_edges(g, g->root1[c], g->root2 + (c << 8));
            x = node_at(t, size, g->root1[c]);
            g->two_ok[c] = x != DEAD && t[x] != OP_PAIR;
        }
    /* two-byte characters at the root: a pair node */
    x = node_at(t, size, 0);
    if (x != DEAD && t[x] == OP_PAIR)
        for (unsigned c0 = 0xC2; c0 <= 0xDF; c0++)
            for (unsigned c1 = 0x80; c1 <= 0xBF; c1++) {
                unsigned char in[2] = {(unsigned char)c0, (unsigned char)c1};
                size_t adv;
                uint32_t y = step(t, size, 0, in, 2, &adv);
                if (y != DEAD)
                    g->root2[c0 << 8 | c1] = y;
            }
    return 1;
}

/* --------------------------------------------------------------- loading */

/* Checks an image and wraps it.  The header is always checked: its own
 * checksum, the sizes that place every section inside the file, the section
 * ends.  The checksum of the whole file only with `verify`: hashing a large
 * file costs a good part of the load budget (gazetteers/README.md), and
 * matching does not rely on it (every read is
 * bounds-checked); tagger_gazetteer_open (validate, stats, export)
 * verifies. */
static tg_gazetteer *attach(const unsigned char *base, size_t size, int verify, const char *name,
                            tagger_error *err)
{
    gaz_header h;
    const char *why = NULL;
    gaz_layout l = {0};
    if (size < sizeof h) {
        why = "file too short for a header (truncated?)";
    } else {
        memcpy(&h, base, sizeof h);
        l = layout_of(&h);
        if (memcmp(h.magic, GAZ_MAGIC, 8) != 0)
            why = "not a compiled gazetteer (bad magic)";
        else if (h.version != GAZ_VERSION)
            why = "unsupported format version";
        else if (h.endian != GAZ_ENDIAN)
            why = "compiled on a machine of other byte order";
        else if (header_checksum(&h) != h.header_sum)
            why = "header checksum mismatch (corrupt file)";
        else if (h.file_size != size || l.total != size)
            why = "size does not match its header (truncated or corrupt)";
        else if (h.trie_bytes == 0 || h.trie_bytes > GAZ_MAX_TRIE ||
                 base[l.trie + h.trie_bytes - 1] != OP_STOP ||
                 (h.string_bytes > 0 && base[l.strings + h.string_bytes - 1] != 0))
            why = "corrupt tables";
        else if (verify && checksum(base, size) != h.checksum)
            why = "checksum mismatch (corrupt file)";
    }
    if (why) {
        tg_error_set(err, TAGGER_ERR_LOAD, 0, "%s: %s", name, why);
        return NULL;
    }
    tg_gazetteer *g = calloc(1, sizeof *g);
    if (!g) {
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    g->base = base;
    g->size = size;
    g->h = (const gaz_header *)base;
    g->entities = (const gaz_entity *)(base + l.entities);
    g->records = (const gaz_record *)(base + l.records);
    g->trie = base + l.trie;
    g->trie_bytes = h.trie_bytes;
    g->strings = (const char *)base + l.strings;
    g->serial = atomic_fetch_add(&next_serial, 1);
    if (!build_root_tables(g)) {
        free(g);
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    return g;
}

/* Is the file at `path` a compiled gazetteer (by its magic)?  Not when it
 * cannot be opened or is no regular file: the TSV reader then says why. */
static int is_compiled(const char *path)
{
    char magic[8];
    size_t size;
    const char *why;
    int fd = tg_datafile_open(path, &size, &why);
    int yes = fd >= 0 && pread(fd, magic, 8, 0) == 8 && memcmp(magic, GAZ_MAGIC, 8) == 0;
    if (fd >= 0)
        close(fd);
    return yes;
}

static tg_gazetteer *open_gazetteer(const tg_normalizer *nz, const char *path, int verify,
                                    size_t max_key, tagger_error *err)
{
    void *image;
    size_t size;
    int compiled = is_compiled(path);
    tagger_status rc =
        compiled ? tg_datafile_load(path, "gazetteer", sizeof(gaz_header), &image, &size, err)
                 : tg_gazetteer_compile(nz, &path, 1, max_key, &image, &size, err);
    if (rc != TAGGER_OK)
        return NULL;
    /* an image just compiled needs no checksum */
    tg_gazetteer *g = attach(image, size, compiled && verify, path, err);
    if (!g)
        free(image);
    return g;
}

tg_gazetteer *tg_gazetteer_open(const tg_normalizer *nz, const char *path, size_t max_key,
                                tagger_error *err)
{
    return open_gazetteer(nz, path, 0, max_key, err);
}

void tg_gazetteer_free(tg_gazetteer *g)
{
    if (!g)
        return;
    free((void *)g->base);
    free(g->root2);
    free(g);
}

/* ------------------------------------------------------------- compiling */

typedef struct {
    char *data;
    size_t len, cap;
} strbuf;

/* Appends s[0..n) and a NUL; returns its offset or UINT32_MAX on failure. */
static uint32_t pool_add(strbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > UINT32_MAX - 1)
        return UINT32_MAX;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d)
            return UINT32_MAX;
        b->data = d;
        b->cap = cap;
    }
    uint32_t off = (uint32_t)b->len;
    memcpy(b->data + b->len, s, n);
    b->data[b->len + n] = '\0';
    b->len += n + 1;
    return off;
}

typedef struct {
    char *key;
    uint32_t keylen, entity, alias, flags, order;
    int32_t priority;
} pending;

typedef struct {
    const char *path;
    gaz_entity *entities;
    size_t nent, capent;
    pending *aliases;
    size_t nal, capal;
    uint32_t *ent_line; /* line of each entity, for duplicate reports */
    const char **ent_file;
    strbuf pool;
    const tg_normalizer *nz;
    size_t max_key; /* longest alias key accepted, in bytes */
} compiler;

static void compiler_free(compiler *c)
{
    for (size_t i = 0; i < c->nal; i++)
        free(c->aliases[i].key);
    free(c->aliases);
    free(c->entities);
    free(c->ent_line);
    free(c->ent_file);
    free(c->pool.data);
}

/* Column (1-based, in code points) of byte `off` within `line`. */
static size_t column_of(const char *line, size_t off)
{
    size_t col = 1;
    for (size_t i = 0; i < off; i++)
        col += ((unsigned char)line[i] & 0xC0) != 0x80;
    return col;
}

#define PARSE_ERR(off, ...)                                                       \
    do {                                                                          \
        char msg_[300];                                                           \
        snprintf(msg_, sizeof msg_, __VA_ARGS__);                                 \
        return tg_error_set(err, TAGGER_ERR_LOAD, 0, "%s:%zu:%zu: %s", c->path,   \
                            lineno, column_of(line, (size_t)(off)), msg_);        \
    } while (0)

/* Adds alias a[0..n) of `entity`, whose canonical name is name[0..name_len)
 * at pool offset name_off: an alias spelled like the name shares its string. */
static tagger_status add_alias(compiler *c, const char *line, size_t lineno,
                               const char *a, size_t n, uint32_t entity,
                               int32_t priority, const char *name, size_t name_len,
                               uint32_t name_off, tagger_error *err)
{
    uint32_t flags = 0;
    size_t at = (size_t)(a - line);
    while (n > 0 && (*a == '=' || *a == '?')) {
        flags |= *a == '=' ? TG_ALIAS_CASE : TG_ALIAS_AMBIGUOUS;
        a++;
        n--;
    }
    while (n > 0 && a[0] == ' ')
        a++, n--;
    while (n > 0 && a[n - 1] == ' ')
        n--;
    if (n == 0)
        PARSE_ERR(at, "empty alias");
    size_t keylen;
    char *key = tg_normalize_key(c->nz, a, n, &keylen);
    if (!key)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    if (keylen == 0 || keylen > c->max_key) {
        free(key);
        PARSE_ERR(at, keylen ? "alias longer than %zu bytes once normalized"
                             : "alias normalizes to nothing",
                  c->max_key);
    }
    if (c->nal == c->capal) {
        size_t cap = c->capal ? c->capal * 2 : 1024;
        pending *p = realloc(c->aliases, cap * sizeof *p);
        if (!p) {
            free(key);
            return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        }
        c->aliases = p;
        c->capal = cap;
    }
    uint32_t alias = n == name_len && memcmp(a, name, n) == 0 ? name_off
                                                              : pool_add(&c->pool, a, n);
    if (alias == UINT32_MAX) {
        free(key);
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    pending *p = &c->aliases[c->nal];
    p->key = key;
    p->keylen = (uint32_t)keylen;
    p->entity = entity;
    p->alias = alias;
    p->flags = flags;
    p->order = (uint32_t)c->nal;
    p->priority = priority;
    c->nal++;
    return TAGGER_OK;
}

/* Parses one non-comment line. */
static tagger_status parse_line(compiler *c, const char *line, size_t len,
                                size_t lineno, uint32_t list, tagger_error *err)
{
    const char *col[64];
    size_t clen[64], ncol = 0;
    for (size_t i = 0, start = 0; i <= len; i++) {
        if (i == len || line[i] == '\t') {
            if (ncol == 64)
                PARSE_ERR(i, "too many columns");
            col[ncol] = line + start;
            clen[ncol++] = i - start;
            start = i + 1;
        }
    }
    if (ncol < 3)
        PARSE_ERR(len, "expected at least 3 tab-separated columns (kb_id, label, name), found %zu",
                  ncol);
    if (clen[0] == 0)
        PARSE_ERR(0, "empty kb_id");
    for (size_t i = 0; i < clen[0]; i++)
        if (col[0][i] == ' ')
            PARSE_ERR(i, "kb_id contains a space");
    int label = tg_label_find(col[1], clen[1]);
    if (label < 0)
        PARSE_ERR(col[1] - line, "unknown label '%.*s' (expected PERSON, ORG, GPE, LOC, FAC, "
                                 "NORP, EVENT, PRODUCT, DATE, TIME, MONEY or PERCENT)",
                  (int)(clen[1] > 40 ? 40 : clen[1]), col[1]);
    if (clen[2] == 0)
        PARSE_ERR(col[2] - line, "empty canonical name");

    int32_t priority = 0;
    strbuf ids = {0};
    tagger_status rc = TAGGER_OK;
    for (size_t k = 4; k < ncol; k++) {
        const char *eq = memchr(col[k], '=', clen[k]);
        if (clen[k] == 0)
            continue;
        if (!eq || eq == col[k]) {
            free(ids.data);
            PARSE_ERR(col[k] - line, "expected key=value, found '%.*s'",
                      (int)(clen[k] > 40 ? 40 : clen[k]), col[k]);
        }
        size_t klen = (size_t)(eq - col[k]);
        if (klen == 8 && memcmp(col[k], "priority", 8) == 0) {
            char num[16];
            size_t vlen = clen[k] - klen - 1;
            char *end;
            snprintf(num, sizeof num, "%.*s", (int)(vlen < 15 ? vlen : 15), eq + 1);
            long v = strtol(num, &end, 10);
            if (vlen == 0 || vlen > 6 || *end != '\0') {
                free(ids.data);
                PARSE_ERR(eq + 1 - line, "priority must be an integer from -99999 to 999999");
            }
            priority = (int32_t)v;
        } else {
            if (ids.len && ids.data)
                ids.data[ids.len - 1] = ' '; /* join with a space */
            if (pool_add(&ids, col[k], clen[k]) == UINT32_MAX) {
                free(ids.data);
                return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
            }
        }
    }

    if (c->nent == c->capent) {
        size_t cap = c->capent ? c->capent * 2 : 1024;
        gaz_entity *e = realloc(c->entities, cap * sizeof *e);
        uint32_t *l = e ? realloc(c->ent_line, cap * sizeof *l) : NULL;
        if (e)
            c->entities = e;
        if (l)
            c->ent_line = l;
        const char **f = l ? realloc(c->ent_file, cap * sizeof *f) : NULL;
        if (!f) {
            free(ids.data);
            return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        }
        c->ent_file = f;
        c->capent = cap;
    }
    uint32_t entity = (uint32_t)c->nent;
    gaz_entity *e = &c->entities[c->nent];
    e->kb_id = pool_add(&c->pool, col[0], clen[0]);
    e->name = pool_add(&c->pool, col[2], clen[2]);
    /* offset 0 of the pool is the empty string (tg_gazetteer_compile) */
    e->ids = ids.data ? pool_add(&c->pool, ids.data, ids.len - 1) : 0;
    e->list = list;
    e->label = (uint32_t)label;
    free(ids.data);
    if (e->kb_id == UINT32_MAX || e->name == UINT32_MAX || e->ids == UINT32_MAX)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    c->ent_line[c->nent] = (uint32_t)lineno;
    c->ent_file[c->nent] = c->path;
    c->nent++;

    /* explicit aliases first: when the canonical name has the same key as
     * one of them, the explicit alias (and its markers) is the one kept */
    if (ncol > 3 && clen[3] > 0) {
        const char *a = col[3], *end = col[3] + clen[3];
        for (;;) {
            const char *bar = memchr(a, '|', (size_t)(end - a));
            const char *stop = bar ? bar : end;
            /* "a||b" or a stray '|' makes an empty alias: an error, like "?" */
            rc = add_alias(c, line, lineno, a, (size_t)(stop - a), entity, priority,
                           col[2], clen[2], e->name, err);
            if (rc != TAGGER_OK || !bar)
                break;
            a = bar + 1;
        }
    }
    if (rc == TAGGER_OK)
        rc = add_alias(c, line, lineno, col[2], clen[2], entity, priority, col[2], clen[2],
                       c->entities[entity].name, err);
    return rc;
}

/* "gazetteers/fa/people.tsv" → "fa/people.tsv": the list name in output. */
static const char *list_name(const char *path)
{
    const char *last = strrchr(path, '/');
    if (!last)
        return path;
    const char *p = last;
    while (p > path && p[-1] != '/')
        p--;
    return p;
}

static tagger_status parse_file(compiler *c, const char *path, tagger_error *err)
{
    size_t size;
    const char *why;
    FILE *f = tg_datafile_fopen(path, &size, &why);
    if (!f)
        return tg_datafile_open_error(path, NULL, why, err);
    c->path = path;
    /* the list name is stored once per file; entities share it */
    const char *lname = list_name(path);
    uint32_t list = pool_add(&c->pool, lname, strlen(lname));
    if (list == UINT32_MAX) {
        fclose(f);
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    tagger_status rc = TAGGER_OK;
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    while (rc == TAGGER_OK && (n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        size_t len = (size_t)n;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        size_t bad;
        if (memchr(line, '\0', len)) {
            size_t off = (size_t)((char *)memchr(line, '\0', len) - line);
            rc = tg_error_set(err, TAGGER_ERR_LOAD, 0, "%s:%zu:%zu: NUL byte", path, lineno,
                              column_of(line, off));
            break;
        }
        if (!tg_utf8_valid(line, len, &bad)) {
            rc = tg_error_set(err, TAGGER_ERR_LOAD, 0, "%s:%zu:%zu: invalid UTF-8", path,
                              lineno, column_of(line, bad));
            break;
        }
        const char *s = line;
        if (lineno == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
            s += 3, len -= 3;
        size_t k = 0;
        while (k < len && (s[k] == ' ' || s[k] == '\t'))
            k++;
        if (k == len || s[k] == '#')
            continue;
        rc = parse_line(c, s, len, lineno, list, err);
    }
    if (rc == TAGGER_OK)
        rc = tg_datafile_lines_end(f, path, lineno + 1, err);
    free(line);
    fclose(f);
    return rc;
}

static int cmp_pending(const void *a, const void *b)
{
    const pending *x = a, *y = b;
    uint32_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
    int c = memcmp(x->key, y->key, n);
    if (c)
        return c;
    if (x->keylen != y->keylen)
        return x->keylen < y->keylen ? -1 : 1;
    if (x->priority != y->priority)
        return x->priority > y->priority ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* Writes the compact trie (gazetteer.h) into a growing byte buffer. */
typedef struct {
    const pending *keys; /* first alias of each unique key, sorted */
    const uint32_t *rec_first, *rec_count;
    unsigned char *buf;
    size_t len, cap;
    size_t nodes; /* of the uncompressed trie, for stats */
    int failed;   /* out of memory or over GAZ_MAX_TRIE */
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
        unsigned char *d = b->len + n <= GAZ_MAX_TRIE ? realloc(b->buf, cap) : NULL;
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
    emit_byte(b, rc == 1 ? OP_REC1 : OP_RECN);
    emit(b, &rf, 4);
    if (rc != 1)
        emit(b, &rc, 4);
}

static unsigned char key_byte(const trie_builder *b, size_t i, uint32_t d)
{
    return (unsigned char)b->keys[i].key[d];
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
        if (c0 < 0xC2 || c0 > 0xDF || b->keys[i].keylen == d + 1)
            return 0;
        c1 = key_byte(b, i, d + 1);
        if (c1 < 0x80 || c1 > 0xBF)
            return 0;
        pairs +=
            i == lo || c0 != key_byte(b, i - 1, d) || c1 != key_byte(b, i - 1, d + 1);
    }
    return pairs >= 2;
}

/* A subtrie still to write: the unique keys [lo, hi), which share their
 * first d bytes, and where its position goes (SIZE_MAX: nowhere, the root). */
typedef struct {
    size_t lo, hi, patch;
    uint32_t d;
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
    q->v[q->n++] = (subtrie){lo, hi, patch, d};
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
    }
    for (;;) {
        if (lo < hi && b->keys[lo].keylen == d) { /* a key ends here */
            emit_records(b, b->rec_first[lo], b->rec_count[lo]);
            lo++;
        }
        if (lo == hi) { /* a leaf (or the root of an empty trie) */
            emit_byte(b, OP_STOP);
            return;
        }
        unsigned char c = key_byte(b, lo, d);
        if (pair_node(b, lo, hi, d)) {
            /* [OP_PAIR] [nl-1] [total: 2] [leads] [bitmaps: 8 each] [bases: 2 each]
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
            emit_byte(b, OP_PAIR);
            emit_byte(b, (unsigned char)(nl - 1));
            emit_byte(b, (unsigned char)(total & 0xFF));
            emit_byte(b, (unsigned char)(total >> 8));
            emit(b, leads, nl);
            emit(b, bits, 8 * nl);
            for (size_t k = 0, base = 0; k < nl; k++) {
                unsigned char le[2] = {(unsigned char)(base & 0xFF), (unsigned char)(base >> 8)};
                emit(b, le, 2);
                base += popcount64(bits[k]);
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
        if (c == key_byte(b, hi - 1, d) && c < OP_BRANCH) { /* one edge: a plain byte */
            emit_byte(b, c);
            b->nodes++;
            d++;
            continue;
        }
        /* [OP_BRANCH] [n-1] [labels] [children] */
        size_t n = 0;
        unsigned char labels[256];
        for (size_t i = lo; i < hi; i = group_end(b, i, hi, d))
            labels[n++] = key_byte(b, i, d);
        emit_byte(b, OP_BRANCH);
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

static void build_trie(trie_builder *b, size_t nkeys)
{
    subtries top = {0}, rest = {0};
    push_subtrie(b, &top, 0, nkeys, 0, SIZE_MAX);
    size_t head = 0;
    while (head < top.n && b->len < TRIE_TOP_BYTES && !b->failed)
        emit_subtrie(b, top.v[head++], &top);
    for (; head < top.n && !b->failed; head++)
        build_depth_first(b, top.v[head], &rest);
    free(top.v);
    free(rest.v);
}

typedef struct {
    const char *kb; /* into the finished pool */
    uint32_t entity;
} kb_ref;

static int cmp_kbref(const void *a, const void *b)
{
    const kb_ref *x = a, *y = b;
    int c = strcmp(x->kb, y->kb);
    return c ? c : (x->entity > y->entity) - (x->entity < y->entity);
}

/* Duplicate kb_ids across all sources are an error naming both places. */
static tagger_status check_duplicates(const compiler *c, tagger_error *err)
{
    size_t n = c->nent;
    kb_ref *refs = malloc((n ? n : 1) * sizeof *refs);
    if (!refs)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    for (size_t i = 0; i < n; i++) {
        refs[i].kb = c->pool.data + c->entities[i].kb_id;
        refs[i].entity = (uint32_t)i;
    }
    qsort(refs, n, sizeof *refs, cmp_kbref);
    tagger_status rc = TAGGER_OK;
    for (size_t i = 1; i < n && rc == TAGGER_OK; i++)
        if (strcmp(refs[i - 1].kb, refs[i].kb) == 0) {
            uint32_t a = refs[i - 1].entity, z = refs[i].entity;
            rc = tg_error_set(err, TAGGER_ERR_LOAD, 0,
                              "%s:%u:1: duplicate kb_id '%s' (first defined at %s:%u)",
                              c->ent_file[z], c->ent_line[z], refs[i].kb, c->ent_file[a],
                              c->ent_line[a]);
        }
    free(refs);
    return rc;
}

tagger_status tg_gazetteer_compile(const tg_normalizer *nz, const char *const *paths,
                                   size_t npaths, size_t key_limit, void **image, size_t *size,
                                   tagger_error *err)
{
    compiler c;
    memset(&c, 0, sizeof c);
    c.nz = nz;
    c.max_key = key_limit;
    tagger_status rc = TAGGER_OK;
    uint32_t *rec_first = NULL, *rec_count = NULL, *key_of = NULL;
    pending *uniq = NULL;
    gaz_record *records = NULL;
    trie_builder b;
    memset(&b, 0, sizeof b);
    unsigned char *out = NULL;
    *image = NULL;
    *size = 0;

    if (pool_add(&c.pool, "", 0) != 0) /* offset 0: the empty string */
        goto nomem;
    for (size_t i = 0; rc == TAGGER_OK && i < npaths; i++)
        rc = parse_file(&c, paths[i], err);
    if (rc != TAGGER_OK)
        goto done;

    rc = check_duplicates(&c, err);
    if (rc != TAGGER_OK)
        goto done;

    /* sort aliases by key, drop repeats of the same (key, entity): key_of[e]
     * is 1 + the last key that took a record of entity e, so a repeat costs
     * one look-up however many entities share the key */
    if (c.nal > 1)
        qsort(c.aliases, c.nal, sizeof *c.aliases, cmp_pending);
    size_t nrec = 0, nkeys = 0;
    uint32_t max_key = 0;
    records = malloc((c.nal ? c.nal : 1) * sizeof *records);
    uniq = malloc((c.nal ? c.nal : 1) * sizeof *uniq);
    rec_first = malloc((c.nal ? c.nal : 1) * sizeof *rec_first);
    rec_count = malloc((c.nal ? c.nal : 1) * sizeof *rec_count);
    key_of = calloc(c.nent ? c.nent : 1, sizeof *key_of);
    if (!records || !uniq || !rec_first || !rec_count || !key_of)
        goto nomem;
    for (size_t i = 0; i < c.nal; i++) {
        const pending *p = &c.aliases[i];
        int new_key = nkeys == 0 || uniq[nkeys - 1].keylen != p->keylen ||
                      memcmp(uniq[nkeys - 1].key, p->key, p->keylen) != 0;
        if (new_key) {
            uniq[nkeys] = *p;
            rec_first[nkeys] = (uint32_t)nrec;
            rec_count[nkeys] = 0;
            nkeys++;
            if (p->keylen > max_key)
                max_key = p->keylen;
        } else if (key_of[p->entity] == nkeys) {
            continue;
        }
        key_of[p->entity] = (uint32_t)nkeys;
        records[nrec].entity = p->entity;
        records[nrec].alias = p->alias;
        records[nrec].priority = p->priority;
        records[nrec].flags = p->flags;
        nrec++;
        rec_count[nkeys - 1]++;
    }

    b.keys = uniq;
    b.rec_first = rec_first;
    b.rec_count = rec_count;
    b.nodes = 1;
    build_trie(&b, nkeys);
    emit_byte(&b, OP_STOP);
    if (b.failed)
        goto nomem;

    gaz_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, GAZ_MAGIC, 8);
    h.version = GAZ_VERSION;
    h.endian = GAZ_ENDIAN;
    h.n_entities = (uint32_t)c.nent;
    h.n_records = (uint32_t)nrec;
    h.n_nodes = (uint32_t)b.nodes;
    h.string_bytes = (uint32_t)c.pool.len;
    h.max_key = max_key;
    h.n_keys = (uint32_t)nkeys;
    h.trie_bytes = (uint32_t)b.len;
    gaz_layout l = layout_of(&h);
    h.file_size = l.total;
    out = calloc(1, l.total);
    if (!out)
        goto nomem;
    /* an empty source has no arrays at all (memcpy from NULL is undefined) */
    if (c.nent)
        memcpy(out + l.entities, c.entities, c.nent * sizeof(gaz_entity));
    if (nrec)
        memcpy(out + l.records, records, nrec * sizeof(gaz_record));
    if (b.len)
        memcpy(out + l.trie, b.buf, b.len);
    if (c.pool.len)
        memcpy(out + l.strings, c.pool.data, c.pool.len);
    memcpy(out, &h, sizeof h);
    h.checksum = checksum(out, l.total);
    h.header_sum = header_checksum(&h);
    memcpy(out, &h, sizeof h);
    *image = out;
    *size = l.total;
    out = NULL;
    goto done;

nomem:
    rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory compiling gazetteer");
done:
    free(out);
    free(b.buf);
    free(records);
    free(uniq);
    free(rec_first);
    free(rec_count);
    free(key_of);
    compiler_free(&c);
    return rc;
}

/* -------------------------------------------------------------- matching */

/* Attached suffixes, normalized (ZWNJ already removed, letters folded). */
#define SUFFIXES(X)                                                                      \
    X("ها") X("های") X("هایی") X("هایش") X("هایشان") X("هایمان") X("ی") X("ای") X("یی")    \
    X("ش") X("اش") X("شان") X("مان") X("تان") X("ام") X("ات") X("ست") X("است") X("'s")     \
    X("\xE2\x80\x99s")
#define SUFFIX_ENTRY(s) {s, sizeof(s) - 1},
#define SUFFIX_BIT(s) | 1ull << (sizeof(s) - 1)
#define SUFFIX_FITS(s) _Static_assert(sizeof(s) - 1 < 64, "suffix longer than 63 bytes");
static const struct {
    const char *s;
    size_t n;
} suffixes[] = {SUFFIXES(SUFFIX_ENTRY)};
SUFFIXES(SUFFIX_FITS)
/* bit n set: some suffix is n bytes long */
static const uint64_t suffix_lengths = 0 SUFFIXES(SUFFIX_BIT);

static int is_suffix(const char *s, size_t n)
{
    if (n >= 64 || !(suffix_lengths >> n & 1))
        return 0;
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
        if (suffixes[i].n == n && memcmp(suffixes[i].s, s, n) == 0)
            return 1;
    return 0;
}

/* Compares input bytes [os, oe) to the alias with spaces ignored on both
 * sides and ZWNJ ignored in the input: the test for case-sensitive aliases. */
static int same_case(const char *in, size_t os, size_t oe, const char *alias)
{
    size_t i = os;
    const char *a = alias;
    for (;;) {
        while (i < oe && (in[i] == ' ' || (oe - i >= 3 && memcmp(in + i, "\xE2\x80\x8C", 3) == 0)))
            i += in[i] == ' ' ? 1 : 3;
        while (*a == ' ')
            a++;
        if (i == oe || *a == '\0')
            return i == oe && *a == '\0';
        if (in[i] != *a)
            return 0;
        i++;
        a++;
    }
}

/* Where the candidates of one tg_gazetteer_match call go. */
typedef struct {
    const tg_gazetteer *g;
    int layer;
    const char *text;
    const tg_normtext *nt;
    tg_gaz_match **out;
    size_t *n, *cap;
} sink;

/* Whether a match [nstart, nend) of the normalized text may be followed by
 * an attached suffix: its last part, after the last space or ZWNJ inside
 * it, must be the whole match or at least two characters long.  A name
 * continues across a space or ZWNJ into a word, never into a lone letter,
 * while auxiliaries written apart are exactly a letter and a suffix («است»
 * = «ا» + «ست», «ای», «اش»): without the rule «کرده است» and «کرده‌است»
 * matched the alias «کردها» as «کرده ا» (issue 19).  The ZWNJ is dropped
 * by normalization, so it is looked for in the input between the
 * characters.  Checked here, not in walk(), because the memo replays a
 * token's walk by its normalized bytes, which are the same with and
 * without a ZWNJ. */
static int suffix_piece_ok(const sink *k, size_t nstart, size_t nend)
{
    const char *s = k->nt->text;
    size_t last = nend - 1; /* the start of the match's last character */
    while (last > nstart && ((unsigned char)s[last] & 0xC0) == 0x80)
        last--;
    if (last == nstart)
        return 1; /* the whole match */
    if (s[last - 1] == ' ')
        return 0;
    for (size_t i = k->nt->oend[last - 1]; i + 3 <= k->nt->ostart[last]; i++)
        if (memcmp(k->text + i, "\xE2\x80\x8C", 3) == 0) /* ZWNJ */
            return 0;
    return 1;
}

/* Appends a candidate for each record of the key ending at trie position x. */
static tagger_status add_candidates(const sink *k, uint32_t x, size_t first, size_t last,
                                    size_t nstart, size_t nend, size_t suffix)
{
    const tg_gazetteer *g = k->g;
    uint32_t r0, rn;
    if (!node_records(g, x, &r0, &rn))
        return TAGGER_OK;
    if (suffix && !suffix_piece_ok(k, nstart, nend))
        return TAGGER_OK;
    if (*k->n + rn > *k->cap) {
        size_t ncap = *k->cap ? *k->cap * 2 : 64;
        while (ncap < *k->n + rn)
            ncap *= 2;
        tg_gaz_match *m = realloc(*k->out, ncap * sizeof *m);
        if (!m)
            return TAGGER_ERR_NOMEM;
        *k->out = m;
        *k->cap = ncap;
    }
    for (uint32_t r = r0; r < r0 + rn; r++) {
        const gaz_record *rec = &g->records[r];
        if (rec->entity >= g->h->n_entities || rec->alias >= g->h->string_bytes)
            continue;
        if ((rec->flags & TG_ALIAS_CASE) &&
            !same_case(k->text, k->nt->ostart[nstart], k->nt->oend[nend - 1],
                       g->strings + rec->alias))
            continue;
        tg_gaz_match *m = &(*k->out)[(*k->n)++];
        m->tok_first = first;
        m->tok_last = last;
        m->norm_start = nstart;
        m->norm_end = nend;
        m->suffix_len = suffix;
        m->gaz = g;
        m->record = r;
        m->layer = k->layer;
        m->priority = rec->priority;
        m->flags = rec->flags;
    }
    return TAGGER_OK;
}

#define MAX_STATES 4

/* The memo of first tokens.  Walking a token from the root has an outcome
 * that depends only on the gazetteer, the token's normalized bytes and its
 * kind: the trie position where a key ends inside or at the end of the
 * token (and after how many bytes), if any, and the position left for the
 * next token, if any (most tokens start no match and leave none).  Each
 * thread remembers the outcomes of its last walks in a direct-mapped table
 * (news text is Zipfian: a few thousand words make most of it) and replays
 * them instead of walking; the candidates are still made by add_candidates,
 * so the case check still sees the input.  Entries name their gazetteer by
 * a load serial number, never reused, so a freed gazetteer's entries never
 * match.  Walks where more than one key ends, or that leave two positions
 * (the ezafe), are not remembered; nor are walks from other positions,
 * which repeat much less and would only crowd the table. */
#define MEMO_SIZE 8192 /* entries, a power of two */
#define MEMO_BYTES 16  /* longest token remembered */
typedef struct {
    uint64_t tag;        /* key_tag() | the key end's offset << 56; 0: empty */
    uint64_t w0, w1;     /* the token's bytes (token_words) */
    uint32_t next, cand; /* the positions left for the next token and where a
                          * key ends, or DEAD */
} memo_entry;            /* 32 bytes */
static _Thread_local _Alignas(32) memo_entry memo[MEMO_SIZE];
#define TAG_KEY ((1ull << 54) - 1)

/* What identifies a walk besides its bytes: the gazetteer's serial number
 * (48 bits), the token's length and kind. */
static uint64_t key_tag(uint64_t serial, size_t len, int word)
{
    return (serial & ((1ull << 48) - 1)) | (uint64_t)len << 48 | (uint64_t)word << 53;
}

/* The bytes p[0..n), 1 <= n <= 16, as two words that determine them (given
 * n): the first and last eight bytes, or four, or three single bytes. */
static TG_INLINE void token_words(const unsigned char *p, size_t n, uint64_t *w0,
                                  uint64_t *w1)
{
    if (n >= 8) {
        memcpy(w0, p, 8);
        memcpy(w1, p + n - 8, 8);
    } else if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, p, 4);
        memcpy(&b, p + n - 4, 4);
        *w0 = a;
        *w1 = b;
    } else {
        *w0 = p[0] | (uint32_t)p[n / 2] << 8 | (uint32_t)p[n - 1] << 16;
        *w1 = 0;
    }
}

static size_t memo_slot(uint64_t tag, uint64_t w0, uint64_t w1)
{
    uint64_t h = (w0 ^ tag) * HASH_M ^ (w1 + tag) * 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 40) & (MEMO_SIZE - 1);
}

/* What one walk over a token found. */
typedef struct {
    uint32_t next[2]; /* positions that go on to the next token */
    size_t nnext;
    uint32_t cand;   /* the first position where a key ended ... */
    size_t cand_end; /* ... after this byte */
    size_t ncand;    /* how many keys ended */
} walk_result;

/* A key ends at trie position x after byte p of the token [.., end): adds
 * its candidates and notes it in r. */
static tagger_status key_end(const sink *k, uint32_t x, size_t p, size_t end,
                             size_t first, size_t last, size_t nstart, walk_result *r)
{
    if (r->ncand++ == 0) {
        r->cand = x;
        r->cand_end = p;
    }
    return add_candidates(k, x, first, last, nstart, p, end - p);
}

/* Walks the token [start, end) from trie position x, adding the candidates
 * that end inside it (where the rest of the token is a suffix, and
 * suffix_piece_ok) or at its end; the match began at token `first`, byte
 * nstart. */
TG_NOINLINE static tagger_status walk(const sink *k, uint32_t x, size_t start, size_t end,
                                      int word, size_t first, size_t last, size_t nstart,
                                      walk_result *r)
{
    const char *s = k->nt->text;
    const unsigned char *u = (const unsigned char *)s, *t = k->g->trie;
    const uint32_t size = k->g->trie_bytes;
    size_t p = start;
    r->nnext = r->ncand = 0;
    r->cand = DEAD;
    r->cand_end = start;
    if (x == 0 && end - start >= 2 && k->g->two_ok[u[start]]) { /* two bytes by table */
        uint32_t x1 = k->g->root1[u[start]];
        x = k->g->root2[u[start] << 8 | u[start + 1]];
        if (x1 != DEAD && op_has_records(t[x1]) && word &&
            is_suffix(s + start + 1, end - start - 1) &&
            key_end(k, x1, start + 1, end, first, last, nstart, r) != TAGGER_OK)
            return TAGGER_ERR_NOMEM;
        if (x == DEAD)
            return TAGGER_OK;
        p = start + 2;
        if (op_has_records(t[x]) && p < end && word && is_suffix(s + p, end - p) &&
            key_end(k, x, p, end, first, last, nstart, r) != TAGGER_OK)
            return TAGGER_ERR_NOMEM;
    }
    /* the written ezafe: the position before its «ی» also goes on */
    size_t ezafe_at =
        word && end - start > 4 && memcmp(s + end - 4, "\xD9\x87\xDB\x8C", 4) == 0
            ? end - 2
            : SIZE_MAX;
    for (size_t adv; p < end; p += adv) {
        if (p == ezafe_at)
            r->next[r->nnext++] = x; /* the «ی» skipped */
        x = step(t, size, x, u + p, end - p, &adv);
        if (x == DEAD)
            return TAGGER_OK;
        size_t q = p + adv; /* bytes walked */
        if (op_has_records(t[x]) && q < end && word && is_suffix(s + q, end - q) &&
            key_end(k, x, q, end, first, last, nstart, r) != TAGGER_OK)
            return TAGGER_ERR_NOMEM;
    }
    if (op_has_records(t[x]) &&
        key_end(k, x, end, end, first, last, nstart, r) != TAGGER_OK)
        return TAGGER_ERR_NOMEM;
    r->next[r->nnext++] = x;
    return TAGGER_OK;
}

/* Walks token `tk` (index `last`) from trie position x, from the root
 * through the memo; appends the positions that go on to next[] (at most
 * MAX_STATES). */
static TG_INLINE tagger_status walk_memo(const sink *k, memo_entry *memo_tab, uint32_t x,
                                         const tagger_token *tk, size_t first,
                                         size_t last, size_t nstart, uint32_t *next,
                                         size_t *nnext)
{
    const tg_gazetteer *g = k->g;
    const size_t start = tk->norm_start, end = tk->norm_end, len = end - start;
    const int word = tk->kind == TAGGER_TOKEN_WORD;
    memo_entry *me = NULL;
    uint64_t tag = 0, w0 = 0, w1 = 0;
    if (x == 0 && len >= 1 && len <= MEMO_BYTES) {
        tag = key_tag(g->serial, len, word);
        token_words((const unsigned char *)k->nt->text + start, len, &w0, &w1);
        me = &memo_tab[memo_slot(tag, w0, w1)];
        if ((me->tag & TAG_KEY) == tag && me->w0 == w0 && me->w1 == w1) {
            size_t at = (size_t)(me->tag >> 56); /* the key end's offset */
            if (me->cand != DEAD && add_candidates(k, me->cand, first, last, nstart,
                                                   start + at, len - at) != TAGGER_OK)
                return TAGGER_ERR_NOMEM;
            if (me->next != DEAD && *nnext < MAX_STATES)
                next[(*nnext)++] = me->next;
            return TAGGER_OK;
        }
    }
    walk_result r;
    if (walk(k, x, start, end, word, first, last, nstart, &r) != TAGGER_OK)
        return TAGGER_ERR_NOMEM;
    for (size_t i = 0; i < r.nnext && *nnext < MAX_STATES; i++)
        next[(*nnext)++] = r.next[i];
    if (me && r.nnext <= 1 && r.ncand <= 1) { /* remember the outcome */
        me->tag = tag | (uint64_t)(r.cand_end - start) << 56;
        me->w0 = w0;
        me->w1 = w1;
        me->next = r.nnext ? r.next[0] : DEAD;
        me->cand = r.ncand ? r.cand : DEAD;
    }
    return TAGGER_OK;
}

tagger_status tg_gazetteer_match(const tg_gazetteer *g, int layer,
                                 const char *text, const tg_normtext *nt,
                                 const tagger_token *toks, size_t ntoks,
                                 tg_gaz_match **out, size_t *n, size_t *cap)
{
    const char *s = nt->text;
    const sink k = {g, layer, text, nt, out, n, cap};
    memo_entry *const memo_tab = memo;
    for (size_t i = 0; i < ntoks; i++) {
        const tagger_token *ti = &toks[i];
        if (ti->kind != TAGGER_TOKEN_WORD && ti->kind != TAGGER_TOKEN_NUMBER)
            continue;
        /* trie positions reached so far: usually one, two after an ezafe */
        uint32_t states[MAX_STATES];
        size_t nstates = 0;
        if (walk_memo(&k, memo_tab, 0, ti, i, i, ti->norm_start, states, &nstates) !=
            TAGGER_OK)
            return TAGGER_ERR_NOMEM;
        /* the next tokens: adjacent (only spaces between), same sentence */
        for (size_t j = i + 1; j < ntoks && nstates > 0; j++) {
            const tagger_token *tk = &toks[j];
            if (tk->sentence != ti->sentence)
                break;
            int adjacent = 1;
            for (size_t q = toks[j - 1].norm_end; q < tk->norm_start; q++)
                adjacent &= s[q] == ' ';
            if (!adjacent)
                break;
            uint32_t next[MAX_STATES];
            size_t nnext = 0;
            for (size_t st = 0; st < nstates; st++)
                if (walk_memo(&k, memo_tab, states[st], tk, i, j, ti->norm_start, next,
                              &nnext) != TAGGER_OK)
                    return TAGGER_ERR_NOMEM;
            memcpy(states, next, nnext * sizeof *next);
            nstates = nnext;
        }
    }
    return TAGGER_OK;
}

/* ------------------------------------------------------------ resolution */

/* The sort key of a candidate, best first: longest span, later layer,
 * higher priority, earlier start, lower record, earlier candidate. */
typedef struct {
    size_t len, start;
    int layer;
    int32_t priority;
    uint32_t record, idx;
} best_key;

static int better(const best_key *x, const best_key *y)
{
    if (x->len != y->len)
        return x->len > y->len;
    if (x->layer != y->layer)
        return x->layer > y->layer;
    if (x->priority != y->priority)
        return x->priority > y->priority;
    if (x->start != y->start)
        return x->start < y->start;
    if (x->record != y->record)
        return x->record < y->record;
    return x->idx < y->idx;
}

/* Merge sort of a[0..n) with scratch tmp[0..n), insertion sort for short runs. */
static void sort_keys(best_key *a, best_key *tmp, size_t n)
{
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            best_key v = a[i];
            size_t j = i;
            for (; j > 0 && better(&v, &a[j - 1]); j--)
                a[j] = a[j - 1];
            a[j] = v;
        }
        return;
    }
    size_t h = n / 2;
    sort_keys(a, tmp, h);
    sort_keys(a + h, tmp, n - h);
    if (!better(&a[h], &a[h - 1]))
        return; /* already in order */
    memcpy(tmp, a, h * sizeof *a);
    size_t i = 0, j = h, o = 0;
    while (i < h && j < n)
        a[o++] = better(&a[j], &tmp[i]) ? a[j++] : tmp[i++];
    while (i < h)
        a[o++] = tmp[i++];
}

size_t tg_gazetteer_resolve(tg_gaz_match *m, size_t n, size_t ntoks)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (!(m[i].flags & TG_ALIAS_AMBIGUOUS))
            m[kept++] = m[i];
    n = kept;
    if (n == 0)
        return 0;
    /* one block: the keys; scratch for sorting them, then for the winners;
     * per token, the winner starting there */
    size_t nt = ntoks ? ntoks : 1;
    best_key *keys = malloc(n * (sizeof *keys + sizeof *m) + nt * sizeof(uint32_t));
    if (!keys)
        return 0;
    best_key *tmp = keys + n;
    tg_gaz_match *win = (tg_gaz_match *)tmp;
    uint32_t *slot = (uint32_t *)(win + n); /* 0 free, TAKEN, or winner + 1 */
    const uint32_t TAKEN = UINT32_MAX;
    memset(slot, 0, nt * sizeof *slot);
    for (size_t i = 0; i < n; i++) {
        keys[i].len = m[i].norm_end - m[i].norm_start;
        keys[i].start = m[i].norm_start;
        keys[i].layer = m[i].layer;
        keys[i].priority = m[i].priority;
        keys[i].record = m[i].record;
        keys[i].idx = (uint32_t)i;
    }
    sort_keys(keys, tmp, n);
    kept = 0;
    for (size_t i = 0; i < n; i++) {
        const tg_gaz_match *c = &m[keys[i].idx];
        if (c->tok_first > c->tok_last || c->tok_last >= nt)
            continue;
        int free_span = 1;
        for (size_t t = c->tok_first; t <= c->tok_last && free_span; t++)
            free_span = !slot[t];
        if (!free_span)
            continue;
        for (size_t t = c->tok_first; t <= c->tok_last; t++)
            slot[t] = TAKEN;
        slot[c->tok_first] = keys[i].idx + 1;
        kept++;
    }
    /* winners cover disjoint tokens: in token order they are in start order */
    size_t w = 0;
    for (size_t t = 0; t < nt && w < kept; t++)
        if (slot[t] && slot[t] != TAKEN)
            win[w++] = m[slot[t] - 1];
    memcpy(m, win, w * sizeof *m);
    free(keys);
    return w;
}

/* ------------------------------------------------------------ inspection */

int tg_gazetteer_entry(const tg_gazetteer *g, uint32_t record, tg_gaz_entry *e)
{
    if (record >= g->h->n_records)
        return 0;
    const gaz_record *r = &g->records[record];
    if (r->entity >= g->h->n_entities)
        return 0;
    const gaz_entity *en = &g->entities[r->entity];
    uint32_t sb = g->h->string_bytes;
    if (en->kb_id >= sb || en->name >= sb || en->ids >= sb || en->list >= sb ||
        r->alias >= sb || en->label >= TG_NLABELS)
        return 0;
    e->kb_id = g->strings + en->kb_id;
    e->name = g->strings + en->name;
    e->ids = g->strings + en->ids;
    e->list = g->strings + en->list;
    e->alias = g->strings + r->alias;
    e->label = tg_labels[en->label].name;
    e->priority = r->priority;
    e->flags = r->flags;
    return 1;
}

size_t tg_gazetteer_record_count(const tg_gazetteer *g)
{
    return g->h->n_records;
}

uint32_t tg_gazetteer_record_entity(const tg_gazetteer *g, uint32_t record)
{
    return record < g->h->n_records ? g->records[record].entity : UINT32_MAX;
}

void tg_gazetteer_stats(const tg_gazetteer *g, tg_gaz_stats *st)
{
    memset(st, 0, sizeof *st);
    st->entities = g->h->n_entities;
    st->records = g->h->n_records;
    st->keys = g->h->n_keys;
    st->nodes = g->h->n_nodes;
    st->edges = g->h->n_nodes - 1;
    st->trie_bytes = g->h->trie_bytes;
    st->string_bytes = g->h->string_bytes;
    st->file_bytes = g->size;
    for (uint32_t i = 0; i < g->h->n_entities; i++)
        if (g->entities[i].label < TG_NLABELS)
            st->by_label[g->entities[i].label]++;
}

/* ------------------------------------------------------------ public API */

struct tagger_gazetteer {
    tg_normalizer *nz;
    tg_gazetteer *g;
};

tagger_status tagger_gazetteer_compile(const char *const *sources, size_t nsources,
                                       const char *out_path, tagger_error *err)
{
    return tagger_gazetteer_compile_ex(sources, nsources, out_path, TG_GAZ_MAX_KEY, err);
}

tagger_status tagger_gazetteer_compile_ex(const char *const *sources, size_t nsources,
                                          const char *out_path, size_t max_alias_bytes,
                                          tagger_error *err)
{
    if (max_alias_bytes < 1 || max_alias_bytes > TG_GAZ_MAX_KEY_LIMIT)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0,
                            "the alias limit must be 1 to %d bytes, not %zu",
                            TG_GAZ_MAX_KEY_LIMIT, max_alias_bytes);
    tg_normalizer *nz = tg_normalizer_new(err);
    if (!nz)
        return err ? err->code : TAGGER_ERR_NOMEM;
    /* compiled files: verified in full (checksum included) when validating,
     * refused as compile sources; the TSV ones are compiled together */
    const char **tsv = malloc((nsources ? nsources : 1) * sizeof *tsv);
    size_t ntsv = 0;
    tagger_status rc =
        tsv ? TAGGER_OK : tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    for (size_t i = 0; rc == TAGGER_OK && i < nsources; i++) {
        if (!is_compiled(sources[i])) {
            tsv[ntsv++] = sources[i];
        } else if (out_path) {
            rc = tg_error_set(
                err, TAGGER_ERR_USAGE, 0,
                "%s: already a compiled gazetteer (compile takes TSV sources)",
                sources[i]);
        } else {
            tg_gazetteer *g = open_gazetteer(nz, sources[i], 1, max_alias_bytes, err);
            rc = g ? TAGGER_OK : err ? err->code : TAGGER_ERR_LOAD;
            tg_gazetteer_free(g);
        }
    }
    void *image = NULL;
    size_t size = 0;
    if (rc == TAGGER_OK && (ntsv > 0 || out_path))
        rc = tg_gazetteer_compile(nz, tsv, ntsv, max_alias_bytes, &image, &size, err);
    free(tsv);
    tg_normalizer_free(nz);
    if (rc != TAGGER_OK || !out_path) {
        free(image);
        return rc;
    }
    rc = tg_datafile_write(out_path, image, size, err);
    free(image);
    return rc;
}

tagger_gazetteer *tagger_gazetteer_open(const char *path, tagger_error *err)
{
    tagger_gazetteer *pub = calloc(1, sizeof *pub);
    if (!pub) {
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    pub->nz = tg_normalizer_new(err);
    if (pub->nz)
        pub->g = open_gazetteer(pub->nz, path, 1, TG_GAZ_MAX_KEY, err); /* inspection: verified */
    if (!pub->g) {
        tagger_gazetteer_free(pub);
        return NULL;
    }
    return pub;
}

void tagger_gazetteer_free(tagger_gazetteer *g)
{
    if (!g)
        return;
    tg_gazetteer_free(g->g);
    tg_normalizer_free(g->nz);
    free(g);
}

size_t tagger_gazetteer_alias_count(const tagger_gazetteer *g)
{
    return tg_gazetteer_record_count(g->g);
}

int tagger_gazetteer_alias(const tagger_gazetteer *g, size_t i, tagger_alias *e)
{
    tg_gaz_entry in;
    if (i >= tg_gazetteer_record_count(g->g) || !tg_gazetteer_entry(g->g, (uint32_t)i, &in))
        return 0;
    e->entity = tg_gazetteer_record_entity(g->g, (uint32_t)i);
    e->kb_id = in.kb_id;
    e->label = in.label;
    e->name = in.name;
    e->alias = in.alias;
    e->ids = in.ids;
    e->list = in.list;
    e->priority = in.priority;
    e->flags = in.flags;
    return 1;
}

void tagger_gazetteer_get_stats(const tagger_gazetteer *g, tagger_gazetteer_stats *st)
{
    tg_gaz_stats s;
    tg_gazetteer_stats(g->g, &s);
    memset(st, 0, sizeof *st);
    st->entities = s.entities;
    st->aliases = s.records;
    st->keys = s.keys;
    st->trie_nodes = s.nodes;
    st->string_bytes = s.string_bytes;
    st->file_bytes = s.file_bytes;
    for (size_t i = 0; i < TG_NLABELS; i++)
        st->entities_by_label[i] = s.by_label[i];
}
