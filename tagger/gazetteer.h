/*
 * gazetteer — entity lists: the TSV source format, the compiled mmap-able
 * index, and Persian-insensitive longest matching over tokens.
 *
 * Source
 * ------
 * UTF-8 TSV, '#' comments, one entity a line:
 *     kb_id  LABEL  canonical name  alias|alias|...  [key=value ...]
 * An alias prefixed '=' is case-sensitive ("=US"), '?' ambiguous (needs
 * context).  The canonical name is an alias too.  Extra columns: priority=N
 * (default 0) and external ids copied from a source (wikidata=Q…, iso=IR).
 *
 * Index
 * -----
 * Every alias is reduced to its matching key (tg_normalize_key: normalized,
 * spaces removed) and the keys go into a byte trie.  The trie is stored as
 * flat arrays so the compiled file can be mmap'd and used in place:
 *
 *   nodes[i]  = {first_edge, nedges, rec_first, rec_count}
 *   edges     = labels[] (bytes, sorted within a node) + children[]
 *   records   = {entity, alias string, priority, flags}, sorted per key by
 *               priority (high first), then source order
 *   entities  = {kb_id, name, ids, list name, label}, strings in a pool.
 *
 * Nodes are numbered in pre-order by a recursive pass over the sorted keys,
 * so a node's edges are contiguous.  A file starts with a versioned header
 * (magic, version, sizes, a 64-bit checksum of the whole file); loading maps the
 * file, checks header, sizes and checksum, and every index read while
 * matching is bounds-checked, so no file, corrupt or hostile, can make the
 * matcher read outside it.
 *
 * Matching
 * --------
 * For each token that starts a word or number, walk the trie over the
 * normalized bytes of that token and the following ones (the spaces between
 * tokens are not in the key, so "تل آویو" and "تلآویو" walk the same path;
 * ZWNJ was already dropped by the normalizer).  A candidate ends where a
 * terminal node meets the end of a token, or where the rest of the token is
 * one of the attached suffixes (ها های ی ای یی ش …, 's) — the span is then
 * reported without the suffix.  A word ending in the written ezafe «ه‌ی» may
 * also continue a name without its «ی» (a second trie state is kept for
 * that), so «اتحادیه‌ی اروپا» matches «اتحادیه اروپا».  The walk stops at a sentence end, at a
 * punctuation token, or when the trie has no edge.  Candidates are resolved
 * greedily: longest span first, then the later layer, then priority, then
 * earlier start; ambiguous aliases are skipped unless a caller confirms them.
 */
#ifndef TG_GAZETTEER_H
#define TG_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

#include "normalize.h"
#include "tagger.h"

#define TG_GAZ_MAX_KEY 256 /* bytes of a normalized alias key */

enum {
    TG_ALIAS_CASE = 1,      /* match only the exact case of the alias */
    TG_ALIAS_AMBIGUOUS = 2  /* emit only when context confirms it */
};

typedef struct tg_gazetteer tg_gazetteer;

/* Compiles TSV sources into the binary form, in memory.  On success returns
 * TAGGER_OK and a malloc'd image in *image / *size.  Errors name
 * file:line:column. */
tagger_status tg_gazetteer_compile(const tg_normalizer *nz, const char *const *paths,
                                   size_t npaths, void **image, size_t *size,
                                   tagger_error *err);

/* Opens a gazetteer file: compiled (mmap'd) or TSV (compiled in memory),
 * told apart by the magic bytes. */
tg_gazetteer *tg_gazetteer_open(const tg_normalizer *nz, const char *path,
                                tagger_error *err);

/* Takes ownership of a malloc'd compiled image (frees it on failure). */
tg_gazetteer *tg_gazetteer_from_image(void *image, size_t size, const char *name,
                                      tagger_error *err);
void tg_gazetteer_free(tg_gazetteer *g);

/* One candidate match. */
typedef struct tg_gaz_match {
    size_t tok_first, tok_last;  /* tokens covered (inclusive) */
    size_t norm_start, norm_end; /* span in the normalized text, suffix excluded */
    size_t suffix_len;           /* bytes of attached suffix left out */
    const tg_gazetteer *gaz;
    uint32_t record;
    int layer;                   /* index of the gazetteer in the tagger */
    int32_t priority;
    uint32_t flags;
} tg_gaz_match;

/* Appends every candidate of `g` in the document to *out (grown with
 * realloc; *n and *cap updated).  Returns TAGGER_OK or TAGGER_ERR_NOMEM. */
tagger_status tg_gazetteer_match(const tg_gazetteer *g, int layer,
                                 const char *text, const tg_normtext *nt,
                                 const tagger_token *toks, size_t ntoks,
                                 tg_gaz_match **out, size_t *n, size_t *cap);

/* Sorts candidates and keeps the non-overlapping winners (ambiguous ones
 * dropped); returns the new count. */
size_t tg_gazetteer_resolve(tg_gaz_match *m, size_t n, size_t ntoks);

/* What a record says. Strings live as long as the gazetteer. */
typedef struct tg_gaz_entry {
    const char *kb_id, *name, *label, *ids, *list, *alias;
    int32_t priority;
    uint32_t flags;
} tg_gaz_entry;

int tg_gazetteer_entry(const tg_gazetteer *g, uint32_t record, tg_gaz_entry *e);

/* Sizes for `tagger gazetteer stats`. */
typedef struct tg_gaz_stats {
    size_t entities, records, keys, nodes, edges, string_bytes, file_bytes;
    size_t trie_bytes; /* of the compact trie */
    size_t by_label[16];
} tg_gaz_stats;
void tg_gazetteer_stats(const tg_gazetteer *g, tg_gaz_stats *st);

/* Number of records (one per entity alias), for enumeration with
 * tg_gazetteer_entry; *entity receives the record's entity index. */
size_t tg_gazetteer_record_count(const tg_gazetteer *g);
uint32_t tg_gazetteer_record_entity(const tg_gazetteer *g, uint32_t record);

/* The entity labels, in the index order used by by_label. */
extern const char *const tg_gaz_labels[];
#define TG_GAZ_NLABELS 12

#endif /* TG_GAZETTEER_H */
