/*
 * gazetteer_internal — the compiled gazetteer's file layout and the loaded
 * gazetteer, shared by the gazetteer's files (gazetteer_file.c loads and
 * checks, gazetteer_compile.c writes, gazetteer.c matches and inspects).
 *
 * Layout
 * ------
 * The compiled file is read into memory and used in place.  After a
 * 72-byte header (magic, version, byte order, sizes, the fingerprint of
 * the normalization that made its keys, a checksum of the header and one
 * of the whole file) come four sections, each 8-byte aligned, at offsets
 * the header's sizes determine:
 *
 *   entities  {kb_id, name, ids, list, label}: string offsets (the list
 *             name is stored once per source file, empty ids share offset
 *             0, an alias spelled like its name shares the name's string)
 *   records   {entity, alias, priority, flags, label}, grouped by key, each
 *             group sorted by priority (high first), then source order; the
 *             label is a copy of the entity's, so that a candidate has it
 *             without reading the entity
 *   trie      the compact trie of the matching keys (gazetteer_trie.h)
 *   strings   NUL-terminated, the pool's last byte a NUL
 *
 * Nothing read from the sections is trusted by the matcher: every record,
 * entity and string index is checked before use.
 */
#ifndef TG_GAZETTEER_INTERNAL_H
#define TG_GAZETTEER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "gazetteer.h"

#define GAZ_MAGIC "TGGAZ\0\r\n"
#define GAZ_VERSION                                                                      \
    9u /* 4: the normalization fingerprint; datafile.c checksums;                        \
          5: an entity's wikidata and name_fa; 6: datafile.c's                           \
          four-chain checksum; 7: TG_ALIAS_LIST_LABEL; 8: the trie's                     \
          child words carry a signature (gazetteer_trie.h); 9: a record                  \
          carries its entity's label */
#define GAZ_ENDIAN 0x01020304u

typedef struct {
    char magic[8];
    uint32_t version, endian;
    uint64_t file_size;
    uint64_t checksum;   /* of the whole file, sealed while header_sum was 0 */
    uint64_t header_sum; /* of this header (checksum included), this field read as 0 */
    uint32_t n_entities, n_records, n_keys;
    uint32_t n_nodes; /* of the uncompressed trie: statistics only */
    uint32_t string_bytes, trie_bytes, max_key;
    uint32_t fingerprint; /* tg_normalize_fingerprint() of the compiling tagger */
} gaz_header; /* 72 bytes */

typedef struct {
    uint32_t kb_id, name, ids, list, label;
    uint32_t wikidata, name_fa; /* string offsets, 0 (the empty string) when absent */
} gaz_entity;

typedef struct {
    uint32_t entity, alias;
    int32_t priority;
    uint16_t flags;  /* TG_ALIAS_* */
    uint8_t label;   /* the entity's label (tg_label) */
    uint8_t spare;   /* 0 */
} gaz_record; /* 16 bytes */

/* Where the sections start, and the file's size, from a header's counts. */
typedef struct {
    size_t entities, records, trie, strings, total;
} gaz_layout;

gaz_layout tg_gaz_layout(const gaz_header *h);

/* A loaded gazetteer: the image (owned) and views into its sections. */
struct tg_gazetteer {
    const unsigned char *base;
    size_t size;
    const gaz_header *h;
    const gaz_entity *entities;
    const gaz_record *records;
    const unsigned char *trie;
    uint32_t trie_bytes;
    uint32_t trie_sig; /* tg_trie_sig_mask(trie_bytes) */
    const char *strings;
    uint64_t serial; /* unique to this load: names it in the memo of walks */
    int few_documents; /* tg_load_options: a thread's memo made here is left
                          on 4 KiB pages (gazetteer.c, memo_get) */
    /* built at load: the trie positions after the first one and two bytes;
     * root2's row c is used only when two_ok[c] (tg_trie_root_tables) */
    uint32_t root1[256];
    uint32_t *root2; /* [65536] */
    unsigned char two_ok[256];
};

/* What the compiler hands to the file writer: the sections and the counts
 * that only statistics use. */
typedef struct {
    const gaz_entity *entities;
    size_t n_entities;
    const gaz_record *records;
    size_t n_records;
    const unsigned char *trie;
    size_t trie_bytes;
    const char *strings;
    size_t string_bytes;
    size_t n_keys, n_nodes, max_key;
} gaz_sections;

/* The compiled file of `s`, header and checksums included, from malloc;
 * NULL when out of memory. */
unsigned char *tg_gaz_image(const gaz_sections *s, size_t *size);

/* Checks an image (from malloc; owned by the gazetteer on success) and
 * wraps it: the header always, the whole file's checksum with `verify`. */
tg_gazetteer *tg_gaz_attach(unsigned char *base, size_t size, int verify, const char *name,
                            tagger_error *err);

/* Whether the file at `path` is a compiled gazetteer (by its magic).  Not
 * when it cannot be opened or is no regular file: the TSV reader then says
 * why. */
int tg_gaz_is_compiled(const char *path);

/* Opens a compiled gazetteer or compiles a TSV source in memory; with
 * `verify` the checksum of a compiled file is checked too (gazetteer.c). */
tg_gazetteer *tg_gaz_open(const tg_normalizer *nz, const char *path, int verify,
                          size_t max_key, const tg_load_options *lo, tagger_error *err);

#endif /* TG_GAZETTEER_INTERNAL_H */
