/*
 * gazetteer — entity lists: the TSV source format, the compiled
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
 * spaces removed) and the keys go into a byte trie, stored so that the
 * compiled file is read into memory and used in place.  After a 72-byte header
 * (magic, version, byte order, sizes, a checksum of the header and one of
 * the whole file) come four sections, each 8-byte aligned, at offsets the
 * header's sizes determine:
 *
 *   entities  {kb_id, name, ids, list, label}: string offsets (the list
 *             name is stored once per source file, empty ids share offset
 *             0, an alias spelled like its name shares the name's string)
 *   records   {entity, alias, priority, flags}, grouped by key, each group
 *             sorted by priority (high first), then source order
 *   trie      the compact trie below, a byte string
 *   strings   NUL-terminated, the pool's last byte a NUL
 *
 * A trie *position* is a byte offset in the trie, the root at 0.  Bytes
 * F8..FF never occur in UTF-8 and are opcodes; every other byte is a plain
 * edge:
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
 * The top levels of the trie, which nearly every walk visits, are written
 * breadth-first into its first 256 KB, so they stay together in the cache;
 * below them each subtrie is written in pre-order, a branch's first child
 * right after its edge table, so a key's path is mostly contiguous.  The
 * trie of the 1M-alias benchmark list is 28 MB where the former node/edge
 * arrays took 264 MB.  A PAIR is used where every key continues with a
 * two-byte character and there are two or more of them; no key ends between
 * the two bytes of a character, so the position between them is never
 * needed: the normalized text is valid UTF-8 and its tokens hold whole
 * characters, so a walk always has both bytes (when it has not, the PAIR is
 * a dead end).  At load the positions after the first one and two bytes are
 * put in tables (root1, root2), so a walk from the root starts two bytes in.
 *
 * Loading reads the file and checks the header: magic, version, byte order,
 * its own checksum, sizes that place every section inside the file, the
 * trie's last byte STOP and the pool's last byte NUL.  The checksum of the
 * whole file (eight independent multiply lanes, memory speed) is verified
 * when the file is opened for inspection (tagger_gazetteer_open: validate,
 * stats, export), not when a tagger loads it: hashing a large file costs
 * a good part of the load budget (gazetteers/README.md).
 * Matching never trusts the rest: every trie step checks its reads against
 * the trie's size, every record, entity and string index is checked, so no
 * file, corrupt or hostile, can make the matcher read outside it.
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
 * punctuation token, or when the trie has no edge.
 *
 * Walking a token from the root has an outcome that depends only on the
 * gazetteer, the token's bytes and its kind: where keys end in it and the
 * position left for the next token.  Each thread keeps a memo of the last
 * such outcomes (8192 entries of 32 bytes, direct-mapped, tokens up to 16
 * bytes); news text is Zipfian, so most first tokens are replayed from it.
 * Candidates are still made at replay (the case check needs the input), and
 * entries carry the gazetteer's load serial number, so a freed gazetteer's
 * outcomes are never reused.
 *
 * Candidates are resolved greedily: longest span first, then the later
 * layer, then priority, then earlier start (then record, then the order
 * found); ambiguous aliases are skipped unless a caller confirms them.  The
 * sort works on small keys, not the candidates, and the winners, which
 * cover disjoint tokens, are read out in token order, which is start order.
 */
#ifndef TG_GAZETTEER_H
#define TG_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

#include "normalize.h"
#include "tagger.h"

#define TG_GAZ_MAX_KEY 256        /* default longest normalized alias key, bytes */
#define TG_GAZ_MAX_KEY_LIMIT 4096 /* the most --max-alias-bytes may allow */

enum {
    TG_ALIAS_CASE = 1,      /* match only the exact case of the alias */
    TG_ALIAS_AMBIGUOUS = 2  /* emit only when context confirms it */
};

typedef struct tg_gazetteer tg_gazetteer;

/* Compiles TSV sources into the binary form, in memory.  On success returns
 * TAGGER_OK and a malloc'd image in *image / *size.  Errors name
 * file:line:column. */
tagger_status tg_gazetteer_compile(const tg_normalizer *nz, const char *const *paths,
                                   size_t npaths, size_t max_key, void **image, size_t *size,
                                   tagger_error *err);

/* Opens a gazetteer file: compiled (read whole) or TSV (compiled in memory),
 * told apart by the magic bytes. */
tg_gazetteer *tg_gazetteer_open(const tg_normalizer *nz, const char *path, size_t max_key,
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
    size_t by_label[TAGGER_LABEL_COUNT]; /* in labels.h order */
} tg_gaz_stats;
void tg_gazetteer_stats(const tg_gazetteer *g, tg_gaz_stats *st);

/* Number of records (one per entity alias), for enumeration with
 * tg_gazetteer_entry; *entity receives the record's entity index. */
size_t tg_gazetteer_record_count(const tg_gazetteer *g);
uint32_t tg_gazetteer_record_entity(const tg_gazetteer *g, uint32_t record);


#endif /* TG_GAZETTEER_H */
