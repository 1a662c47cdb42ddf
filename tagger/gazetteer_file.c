/*
 * gazetteer_file — the compiled gazetteer as a file (gazetteer_internal.h
 * has the layout): writing the image with its checksums, and loading one.
 *
 * Loading reads the file whole and checks the header: magic, version, byte
 * order, its own checksum, sizes that place every section inside the file,
 * the trie's last byte STOP and the pool's last byte NUL.  The checksum of
 * the whole file (eight independent multiply lanes, memory speed) is
 * verified when the file is opened for inspection (tagger_gazetteer_open:
 * validate, stats, export), not when a tagger loads it: hashing a large
 * file costs a good part of the load budget (gazetteers/README.md).
 * Matching never trusts the rest (gazetteer.c, gazetteer_trie.h), so no
 * file, corrupt or hostile, can make the matcher read outside it.
 */
#include "gazetteer_internal.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datafile.h"
#include "error.h"
#include "gazetteer_trie.h"

gaz_layout tg_gaz_layout(const gaz_header *h)
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
        l0 = mix(l0, tg_trie_rd64(p + i));
        l1 = mix(l1, tg_trie_rd64(p + i + 8));
        l2 = mix(l2, tg_trie_rd64(p + i + 16));
        l3 = mix(l3, tg_trie_rd64(p + i + 24));
        l4 = mix(l4, tg_trie_rd64(p + i + 32));
        l5 = mix(l5, tg_trie_rd64(p + i + 40));
        l6 = mix(l6, tg_trie_rd64(p + i + 48));
        l7 = mix(l7, tg_trie_rd64(p + i + 56));
    }
    for (; i + 8 <= n; i += 8)
        l0 = mix(l0, tg_trie_rd64(p + i));
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


unsigned char *tg_gaz_image(const gaz_sections *s, size_t *size)
{
    gaz_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, GAZ_MAGIC, 8);
    h.version = GAZ_VERSION;
    h.endian = GAZ_ENDIAN;
    h.n_entities = (uint32_t)s->n_entities;
    h.n_records = (uint32_t)s->n_records;
    h.n_nodes = (uint32_t)s->n_nodes;
    h.string_bytes = (uint32_t)s->string_bytes;
    h.max_key = (uint32_t)s->max_key;
    h.n_keys = (uint32_t)s->n_keys;
    h.trie_bytes = (uint32_t)s->trie_bytes;
    gaz_layout l = tg_gaz_layout(&h);
    h.file_size = l.total;
    unsigned char *out = calloc(1, l.total);
    if (!out)
        return NULL;
    /* an empty source has no arrays at all (memcpy from NULL is undefined) */
    if (s->n_entities)
        memcpy(out + l.entities, s->entities, s->n_entities * sizeof(gaz_entity));
    if (s->n_records)
        memcpy(out + l.records, s->records, s->n_records * sizeof(gaz_record));
    if (s->trie_bytes)
        memcpy(out + l.trie, s->trie, s->trie_bytes);
    if (s->string_bytes)
        memcpy(out + l.strings, s->strings, s->string_bytes);
    memcpy(out, &h, sizeof h);
    h.checksum = checksum(out, l.total);
    h.header_sum = header_checksum(&h);
    memcpy(out, &h, sizeof h);
    *size = l.total;
    return out;
}

static atomic_uint_fast64_t next_serial = 1; /* of the loaded gazetteers */

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
        l = tg_gaz_layout(&h);
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
        else if (h.trie_bytes == 0 || h.trie_bytes > TG_TRIE_MAX_BYTES ||
                 base[l.trie + h.trie_bytes - 1] != TG_TRIE_STOP ||
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
    g->root2 = malloc(65536 * sizeof *g->root2);
    if (!g->root2) {
        free(g);
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    tg_trie_root_tables(g->trie, g->trie_bytes, g->root1, g->root2, g->two_ok);
    return g;
}

int tg_gaz_is_compiled(const char *path)
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

tg_gazetteer *tg_gaz_open(const tg_normalizer *nz, const char *path, int verify,
                          size_t max_key, tagger_error *err)
{
    void *image;
    size_t size;
    int compiled = tg_gaz_is_compiled(path);
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
    return tg_gaz_open(nz, path, 0, max_key, err);
}

void tg_gazetteer_free(tg_gazetteer *g)
{
    if (!g)
        return;
    free((void *)g->base);
    free(g->root2);
    free(g);
}
