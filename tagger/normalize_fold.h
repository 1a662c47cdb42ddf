/*
 * normalize_fold — the fold of one code point (ICU's NFKC_Casefold, then
 * the Persian foldings; normalize.h has the rules) and the table of the
 * 65,536 BMP code points built from it, with the table's fingerprint.
 *
 * The table is the same for every tagger linked to the same ICU, so it is
 * built at build time (tools/normtable_gen.c writes it as C source, which
 * the library compiles in: tg_normtable_*) and at run time only when the
 * ICU the library runs with is not the one the table was built with
 * (normalize.c).  Both use the functions here, so they cannot differ.
 */
#ifndef TG_NORMALIZE_FOLD_H
#define TG_NORMALIZE_FOLD_H

#include <stddef.h>
#include <stdint.h>

#include <unicode/unorm2.h>

enum { TG_FOLD_EMIT = 0, TG_FOLD_DROP = 1, TG_FOLD_ATTACH = 2 };

/* A table entry packs the action (2 bits), the replacement's length in
 * bytes (6 bits) and its offset in the pool (24 bits). */
#define TG_FOLD_ENTRY(act, len, off)                                                    \
    ((uint32_t)(act) | ((uint32_t)(len) << 2) | ((uint32_t)(off) << 8))
#define TG_FOLD_ACT(e) ((e) & 3u)
#define TG_FOLD_LEN(e) (((e) >> 2) & 63u)
#define TG_FOLD_OFF(e) ((e) >> 8)
#define TG_FOLD_MAX 63                     /* longest replacement, bytes */
#define TG_FOLD_POOL_MAX (0x10000 * TG_FOLD_MAX) /* room for every replacement */

/* Computes the replacement of code point c into out[TG_FOLD_MAX] and returns
 * its action; *n receives the replacement's length in bytes. */
int tg_fold_codepoint(const UNormalizer2 *nfkc_cf, uint32_t c, char *out, size_t *n);

/* Builds the table of the BMP: table[0x10000] and its replacements in
 * pool[TG_FOLD_POOL_MAX]; returns the bytes of pool used. */
size_t tg_fold_build_table(const UNormalizer2 *nfkc_cf, uint32_t *table, char *pool);

/* The hash of what the table does to every BMP code point assigned in
 * Unicode 1.1 to 13.0 (tg_normalize_fingerprint; never 0). */
uint32_t tg_fold_fingerprint(const uint32_t *table, const char *pool);

/* The table generated at build time (normtable.c in the build tree), and
 * the ICU version (u_versionToString of u_getVersion) it was built with. */
extern const uint32_t tg_normtable_entries[0x10000];
extern const char tg_normtable_pool[];
extern const size_t tg_normtable_pool_len;
extern const uint32_t tg_normtable_fingerprint;
extern const char tg_normtable_icu_version[];

#endif /* TG_NORMALIZE_FOLD_H */
