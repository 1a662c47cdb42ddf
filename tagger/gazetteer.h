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
 * (default 0), name_fa=NAME (the Persian name, for output), evidence=WORD|…
 * (words one of which must stand near an ambiguous alias for it to be
 * emitted; kept normalized in the ids, and the aliases marked
 * TG_ALIAS_EVIDENCE), label=list (the entry's label wins over the entity
 * model's; kept in the ids, and the aliases marked TG_ALIAS_LIST_LABEL) and
 * external ids copied from a source (wikidata=Q…, iso=IR).
 *
 * Files
 * -----
 *   gazetteer_compile.c   TSV sources → the compiled image
 *   gazetteer_trie.[ch]   the compact byte trie of the matching keys: its
 *                         encoding, the walk and the builder
 *   gazetteer_internal.h  the compiled file's layout, the loaded gazetteer
 *   gazetteer_file.c      writing the image, loading and checking a file
 *   gazetteer.c           matching, resolution, inspection, public API
 *
 * Every alias is reduced to its matching key (tg_normalize_key: normalized,
 * spaces removed) and the keys go into a byte trie, stored so that the
 * compiled file is read into memory and used in place.  Matching never
 * trusts the file: every trie step checks its reads against the trie's
 * size, every record, entity and string index is checked, so no file,
 * corrupt or hostile, can make the matcher read outside it.
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
 * that), so «اتحادیه‌ی اروپا» matches «اتحادیه اروپا».  The walk goes
 * on through punctuation tokens ("Coca-Cola", "AT&T" match as listed) and stops at a
 * sentence end, at a token with anything but spaces before it (a line break), or when the
 * trie has no edge.
 *
 * Walking a token from the root has an outcome that depends only on the
 * gazetteer, the token's bytes and its kind: where keys end in it and the
 * position left for the next token.  Each thread keeps a memo of the last
 * such outcomes (16,384 entries of 32 bytes in sets of two, one cache line
 * each, tokens up to 16 bytes); news text is Zipfian, so most first tokens
 * are replayed from it.
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

#include "datafile.h"
#include "normalize.h"
#include "tagger.h"

#define TG_GAZ_MAX_KEY 256        /* default longest normalized alias key, bytes */
#define TG_GAZ_MAX_KEY_LIMIT 4096 /* the most --max-alias-bytes may allow */
/* The priority the countries lists give their entries (countries.py, english.py):
 * a place of at least this priority is a country, not a town or a namesake. */
#define TG_GAZ_COUNTRY_PRIORITY 10

enum {
    TG_ALIAS_CASE = 1,      /* match only the exact case of the alias */
    TG_ALIAS_AMBIGUOUS = 2, /* emit only when context confirms it */
    TG_ALIAS_EVIDENCE = 4,  /* ambiguous, and its entry names evidence words
                               (`evidence=` in its ids): see tg_resolve_filter */
    TG_ALIAS_LIST_LABEL = 8 /* its entry's label wins over the entity model's
                               (`label=list` in its ids): ner.c, link_candidate */
};

typedef struct tg_gazetteer tg_gazetteer;

/* Compiles TSV sources into the binary form, in memory.  On success returns
 * TAGGER_OK and a malloc'd image in *image / *size.  Errors name
 * file:line:column. */
tagger_status tg_gazetteer_compile(const tg_normalizer *nz, const char *const *paths,
                                   size_t npaths, size_t max_key, void **image, size_t *size,
                                   tagger_error *err);

/* Opens a gazetteer file: compiled (read whole, or mapped as `lo` says;
 * NULL: read) or TSV (compiled in memory), told apart by the magic bytes. */
tg_gazetteer *tg_gazetteer_open(const tg_normalizer *nz, const char *path, size_t max_key,
                                const tg_load_options *lo, tagger_error *err);

void tg_gazetteer_free(tg_gazetteer *g);

/* One candidate match. */
typedef struct tg_gaz_match {
    size_t tok_first, tok_last;  /* tokens covered (inclusive) */
    size_t norm_start, norm_end; /* span in the normalized text, suffix excluded */
    uint32_t suffix_len;         /* bytes of attached suffix left out (< 64) */
    int label;                   /* the entity's label (its index in labels.c's table),
                                  * from the record: no read of the entity; -1 when
                                  * out of range (a corrupt file) */
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
 * dropped); returns the new count.  The winners come first, in start order;
 * the other non-ambiguous candidates follow them, up to the old count less
 * the ambiguous ones. */
size_t tg_gazetteer_resolve(tg_gaz_match *m, size_t n, size_t ntoks);

/* Candidates in token order: tg_gaz_sort_by puts pointers to gaz[0..n) into by[0..n),
 * stably sorted by first token (by last token when `last`: their order among equal
 * tokens kept); tg_gaz_lower_bound is the index of the first of by[0..n), so sorted (by
 * last token when `last`), whose token is tok or after it (a search from the thread's
 * previous answer). */
void tg_gaz_sort_by(const tg_gaz_match *gaz, size_t n, const tg_gaz_match **by, int last);
size_t tg_gaz_lower_bound(const tg_gaz_match *const *by, size_t n, size_t tok, int last);

/* What a record says. Strings live as long as the gazetteer. */
typedef struct tg_gaz_entry {
    const char *kb_id, *name, *label, *ids, *list, *alias;
    const char *wikidata, *name_fa; /* NULL when the entry has none */
    int32_t priority;
    uint32_t flags;
} tg_gaz_entry;

int tg_gazetteer_entry(const tg_gazetteer *g, uint32_t record, tg_gaz_entry *e);

/* The Persian name to print for entry e: its name_fa, else its name when
 * that is written in Arabic script, else NULL.  (Not made by
 * tg_gazetteer_entry, whose callers mostly want its label and flags: the
 * name's bytes are a read from memory far from the record's.) */
const char *tg_gaz_name_fa(const tg_gaz_entry *e);

/* The value of `key`=value in an entry's ids ("iso=IR-30 wikidata=Q392522",
 * "link=no"), its length in *len; NULL when the entry has no such key. */
const char *tg_gaz_attr(const char *ids, const char *key, size_t *len);

/* Whether an entry's ids hold exactly `key`=`value` ("link=no"). */
int tg_gaz_attr_is(const char *ids, const char *key, const char *value);

/* Sizes for `tagger gazetteer stats`. */
typedef struct tg_gaz_stats {
    size_t entities, records, keys, nodes, string_bytes, file_bytes;
    size_t by_label[TAGGER_LABEL_COUNT]; /* in labels.h order */
} tg_gaz_stats;
void tg_gazetteer_stats(const tg_gazetteer *g, tg_gaz_stats *st);

/* Number of records (one per entity alias), for enumeration with
 * tg_gazetteer_entry; *entity receives the record's entity index. */
size_t tg_gazetteer_record_count(const tg_gazetteer *g);
uint32_t tg_gazetteer_record_entity(const tg_gazetteer *g, uint32_t record);


#endif /* TG_GAZETTEER_H */
