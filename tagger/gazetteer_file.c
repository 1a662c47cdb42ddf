/*
 * gazetteer_file — the compiled gazetteer as a file (gazetteer_internal.h
 * has the layout): writing the image with its checksums, and loading one.
 *
 * Loading reads the file whole and checks the header: magic, version, byte
 * order, its own checksum, sizes that place every section inside the file,
 * the trie's last byte STOP and the pool's last byte NUL; then the
 * normalization fingerprint (keys made by other normalization tables would
 * silently stop matching, so such a file is refused: rebuild it).  The
 * checksum of the whole file (datafile.c's) is verified when the file is
 * opened for inspection (tagger_gazetteer_open: validate, stats, export),
 * not when a tagger loads it: hashing a large file costs a good part of
 * the load budget (gazetteers/README.md).
 * Matching never trusts the rest (gazetteer.c, gazetteer_trie.h), so no
 * file, corrupt or hostile, can make the matcher read outside it.
 */
#include "gazetteer_internal.h"

#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "datafile.h"
#include "error.h"
#include "gazetteer_trie.h"
#include "normalize.h"

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

/* The two checksums (tg_datafile_checksum): header_sum covers the header
 * alone, the file's checksum field included, so every damaged header byte
 * is caught at load; checksum covers the whole file, and was sealed while
 * header_sum was still 0. */
#define GAZ_FILE_SEED 0x9E3779B97F4A7C15ull
#define GAZ_HEADER_SEED 0x2545F4914F6CDD1Dull

static uint64_t header_checksum(const unsigned char *image)
{
    return tg_datafile_checksum(image, sizeof(gaz_header), sizeof(gaz_header),
                                offsetof(gaz_header, header_sum), GAZ_HEADER_SEED);
}

/* Whether the whole image matches its checksum: header_sum is set to 0 for
 * the moment, as it was when the image was sealed (the image is ours). */
static int file_checksum_ok(unsigned char *image, size_t size)
{
    const size_t at = offsetof(gaz_header, header_sum);
    uint64_t header_sum, zero = 0, stored;
    memcpy(&header_sum, image + at, 8);
    memcpy(&stored, image + offsetof(gaz_header, checksum), 8);
    memcpy(image + at, &zero, 8);
    uint64_t sum = tg_datafile_checksum(image, size, sizeof(gaz_header),
                                        offsetof(gaz_header, checksum), GAZ_FILE_SEED);
    memcpy(image + at, &header_sum, 8);
    return sum == stored;
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
    h.fingerprint = tg_normalize_fingerprint();
    memcpy(out, &h, sizeof h);
    tg_datafile_seal(out, l.total, sizeof h, offsetof(gaz_header, checksum), GAZ_FILE_SEED);
    uint64_t header_sum = header_checksum(out);
    memcpy(out + offsetof(gaz_header, header_sum), &header_sum, 8);
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
tg_gazetteer *tg_gaz_attach(unsigned char *base, size_t size, int verify, const char *name,
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
        else if (h.version < GAZ_VERSION)
            why = "gazetteer of an older format version; rebuild it with this tagger";
        else if (h.version != GAZ_VERSION)
            why = "unsupported format version";
        else if (h.endian != GAZ_ENDIAN)
            why = "compiled on a machine of other byte order";
        else if (header_checksum(base) != h.header_sum)
            why = "header checksum mismatch (corrupt file)";
        else if (h.file_size != size || l.total != size)
            why = "size does not match its header (truncated or corrupt)";
        else if (h.trie_bytes == 0 || h.trie_bytes > TG_TRIE_MAX_BYTES ||
                 base[l.trie + h.trie_bytes - 1] != TG_TRIE_STOP ||
                 (h.string_bytes > 0 && base[l.strings + h.string_bytes - 1] != 0))
            why = "corrupt tables";
    }
    if (why) {
        tg_error_set(err, TAGGER_ERR_LOAD, 0, "%s: %s", name, why);
        return NULL;
    }
    if (tg_datafile_check_fingerprint(name, "gazetteer", h.fingerprint, err) != TAGGER_OK)
        return NULL;
    if (verify && !file_checksum_ok(base, size)) {
        tg_error_set(err, TAGGER_ERR_LOAD, 0, "%s: checksum mismatch (corrupt file)", name);
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
    g->trie_sig = tg_trie_sig_mask(h.trie_bytes);
    g->strings = (const char *)base + l.strings;
    g->serial = atomic_fetch_add(&next_serial, 1);
    g->root2 = malloc(65536 * sizeof *g->root2);
    if (!g->root2) {
        free(g);
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    tg_trie_root_tables(g->trie, g->trie_bytes, g->trie_sig, g->root1, g->root2, g->two_ok);
    return g;
}

int tg_gaz_is_compiled(const char *path)
{
    return tg_datafile_starts_with(path, GAZ_MAGIC, 8);
}

void tg_gazetteer_free(tg_gazetteer *g)
{
    if (!g)
        return;
    tg_datafile_free((void *)g->base);
    free(g->root2);
    free(g);
}
