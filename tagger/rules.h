/*
 * rules — PCRE2 rules over the normalized text: dates, times, amounts and
 * the context of names.
 *
 * Format (rules/README.md has the full description)
 * ------
 *     list month_jalali = فروردین:1 | اردیبهشت:2 | …     inline list, optional :values
 *     list titles < lists/titles-fa.txt                    one item a line
 *     define NUM = \d+(?:[.,]\d+)*                         a named pattern piece
 *     rule fa.date.jalali                                  a rule, until the next
 *       label DATE                                         top-level line
 *       priority 20
 *       value date.jalali
 *       pattern (?<day>\d{1,2}) (?<month>{month_jalali}) (?<year>\d{4})
 *       example روز ۱۵ آذر ۱۴۰۳ => ۱۵ آذر ۱۴۰۳ = 2024-12-05
 *       reject ۱۵ کتاب
 *
 * Compilation
 * -----------
 * `{name}` in a pattern expands to a define, or to a list as a non-capturing
 * alternation, longest item first.  List items are normalized like the text
 * (so «ربیع‌الاول» and «ربيع الاول» are one item) and a space or ZWNJ inside an
 * item matches a space or nothing.  A literal space in a pattern matches any
 * run of spaces (" ?" one optional space).  Each pattern is wrapped in
 * lookarounds so a match can neither start nor end inside a word, compiled
 * once with UTF and UCP, and JIT-compiled; matching runs with a match limit and a depth
 * limit so no input can make it run away (an attempt that hits a limit is
 * counted and skipped: the rule goes on after it).  Errors name
 * file:line and, for PCRE2, the offset in the expanded pattern.
 *
 * Matching
 * --------
 * Every rule finds its matches left to right, non-overlapping with itself.
 * A literal prefilter keeps this cheap: at load, each expanded pattern is
 * read up to its first character-consuming item to collect the literal
 * strings and character classes that every match starts with (a month
 * list, «ساعت», \d …).  One pass over a document finds, at every word
 * boundary, the rules one of whose starters begins there (a byte trie of
 * all literal starters, in which a run of spaces and a run of digits are
 * one edge each, so «\d{1,2} محرم» starts at a number followed by «محرم»
 * only, plus a code point table for the classes); each rule
 * then runs an anchored copy of its pattern only at those positions, which
 * yields exactly the matches of an unanchored scan.  A rule without
 * starters (its pattern begins with \p{L}, or with something the reading
 * does not follow) scans the whole text, unless it is declared
 * `starts-before LITERAL N`: then it is tried at the boundaries at most N
 * bytes before each occurrence of LITERAL; or its pattern opens with
 * (?<=^|\n): then it is tried at the text's start and after each line
 * feed only.  A rule declared `needs LITERAL...` (every match contains one
 * of them) is not tried after the last occurrence of any of them, nor at
 * all in a text without them.  A rule declared `lead N` is
 * not tried from N bytes plus its longest lookbehind on (no entity of it
 * can start within the lead from there).  Before an anchored attempt, a rule's
 * guard (rules_guard.c: the same reading of the pattern with room for
 * 1,024 strings) may reject the candidate: no match begins there.  The anchored copy is compiled
 * without PCRE2's start-of-match optimizations: with them, each attempt
 * would first look for the pattern's last literal character, scanning to
 * the end of the text when it is absent (quadratic time on «۲۵ ۲۵ ۲۵ …»,
 * where every number is a candidate).  Lists are compiled as
 * alternations factored by common prefix, longest item first at each
 * branch, so a failing attempt costs a character or two, not one try per
 * item.
 *
 * The entity is the named group `e` if the pattern has one, else the whole
 * match.  The `value` normalizer reads the named groups (day, month, year,
 * hour, minute, period, amount, currency, rel) and the lists with values
 * (month_jalali, month_gregorian, month_hijri, period, currency,
 * relative_day) to build an ISO 8601 date, a time or a number.
 * A rule marked `confirm` never makes an entity by itself: it only confirms
 * an ambiguous gazetteer alias on the same span; a rule marked `absorb` (a
 * designator such as «دانشگاه X») may replace the gazetteer entities that lie
 * inside its span (see resolve.h).  A rule's `evidence` (tg_rule_evidence)
 * says whether its matches may confirm aliases and make entities, or are
 * features of the entity model only; the features are the same either way.
 *
 * Files
 * -----
 *   rules_parse.c      rule files: parsing, pattern expansion, compilation
 *   rules_lists.c      word lists and their factored regexes
 *   rules_prefilter.c  the starters of each pattern, the prefilter's index,
 *                      the candidate starts in a text
 *   rules_firstchars.c the positions whose first characters start no starter
 *   rules_starters.c   the starters read further, as sets of strings
 *   rules_guard.c      the check before an attempt, read from the pattern
 *   rules_cache.c      the compiled rules file
 *   rules.c            loading, matching, values (through values.c), examples
 *   rules_internal.h   the structures they share
 */
#ifndef TG_RULES_H
#define TG_RULES_H

#include <stddef.h>

#include "datafile.h"
#include "normalize.h"
#include "tagger.h"
#include "values.h" /* tg_doc_date */

typedef struct tg_rules tg_rules;

/* Largest rule file or word-list file the rule loader reads. */
#define TG_MAX_RULE_FILE_BYTES ((size_t)64 << 20)

/* How patterns run: PCRE2's match limit (backtracking steps) and depth
 * limit per match attempt, and whether they are JIT-compiled.  An attempt
 * that hits a limit is skipped and counted (tg_rule_cuts); the rule goes on
 * at the next position. */
typedef struct tg_rule_options {
    uint32_t match_limit; /* default TG_RULE_MATCH_LIMIT */
    uint32_t depth_limit; /* default TG_RULE_DEPTH_LIMIT */
    int jit;              /* non-zero: JIT-compile (default 1) */
    /* a compiled rules file (rules_cache.c): rules whose expanded patterns
     * it holds take their compiled form from it; NULL: none */
    const char *compiled;
    tg_load_options load; /* how it is loaded: mapped, verified (datafile.h) */
    int keep_keys; /* keep what tg_rules_write_compiled needs */
    int unfiltered; /* no prefilter: every rule scans the whole text (tests) */
    int guards;     /* every guard checked, none probed first (rules_guard.c; tests) */
    int no_trials;  /* the JIT from each rule's first attempt (rules.c trial; tests) */
} tg_rule_options;
#define TG_RULE_MATCH_LIMIT TAGGER_RULE_MATCH_LIMIT
#define TG_RULE_DEPTH_LIMIT TAGGER_RULE_DEPTH_LIMIT

/* Loads and compiles rule files in order (lists and defines are shared:
 * a file may use what an earlier one defined), with the default options. */
tg_rules *tg_rules_load(const tg_normalizer *nz, const char *const *paths,
                        size_t npaths, tagger_error *err);
/* The same with options (NULL: the defaults). */
tg_rules *tg_rules_load_ex(const tg_normalizer *nz, const char *const *paths,
                           size_t npaths, const tg_rule_options *opt, tagger_error *err);
void tg_rules_free(tg_rules *rs);

/* Writes the compiled rules file of rs (loaded with keep_keys) to `path`,
 * atomically (rules_cache.c). */
tagger_status tg_rules_write_compiled(const tg_rules *rs, const char *path, tagger_error *err);

/* How many rules were taken from the compiled rules file, and
 * (*with_prefilter)
 * whether the prefilter was. */
size_t tg_rules_compiled_count(const tg_rules *rs, int *with_prefilter);

/* How many rules have a guard (rules_guard.c). */
size_t tg_rules_guard_count(const tg_rules *rs);

/* Sets the checksum of a compiled rules file's image (tests, fuzzers). */
void tg_rules_cache_seal(unsigned char *image, size_t size);

/* What a rule's matches are evidence for (the field `evidence` of a rule).
 * Every match is a feature of the entity model whatever its evidence (the
 * features read its label, rule name and `confirm`, never this). */
typedef enum tg_rule_evidence {
    TG_EVIDENCE_YES = 0, /* confirms aliases, makes entities (the default) */
    TG_EVIDENCE_NO,      /* `evidence no`: a feature only, never an entity */
    TG_EVIDENCE_SPEAKER  /* `evidence speaker`: evidence only where a headline
                            speaker stands (resolve.h: tg_resolve_evidence),
                            elsewhere as `no` */
} tg_rule_evidence;

typedef struct tg_rule_match {
    size_t norm_start, norm_end; /* entity span in the normalized text */
    const char *label;           /* static label string */
    const char *rule;            /* rule name, owned by the rule set */
    char *value;                 /* malloc'd normalized value, or NULL */
    int priority;
    int confirm_only;
    int absorb; /* may replace gazetteer entities lying inside it */
    tg_rule_evidence evidence;
} tg_rule_match;

/* Match attempts that a limit cut short (each is skipped, as if it had not
 * matched).  An attempt that overflows the JIT's stack is not counted: it
 * is run again by the interpreter, which has the depth limit instead. */
typedef struct tg_rule_cuts {
    size_t match; /* by the match limit */
    size_t depth; /* by the depth limit (or PCRE2's heap limit) */
} tg_rule_cuts;

/* Runs every rule (or only rule `only` when it is >= 0) over `nt`,
 * appending matches to *out (grown with realloc) and adding the attempts a
 * limit cut to *cuts.  Returns TAGGER_OK or TAGGER_ERR_NOMEM. */
tagger_status tg_rules_match(const tg_rules *rs, const tg_normtext *nt,
                             const tg_doc_date *date, int only, tg_rule_match **out,
                             size_t *n, size_t *cap, tg_rule_cuts *cuts);
void tg_rule_matches_free(tg_rule_match *m, size_t n);
/* Frees the matches' values only (the array stays the caller's). */
void tg_rule_values_free(tg_rule_match *m, size_t n);

/* tg_rules_match for the rules that fit one of the languages `langs`
 * (a NULL-terminated list; NULL: every rule), all of them: a rule named
 * after a language ("fa.date.jalali", "en.money": 2 or 3 lower-case letters
 * before the first dot) fits that language only, any other rule every
 * language. */
tagger_status tg_rules_match_langs(const tg_rules *rs, const tg_normtext *nt,
                                   const tg_doc_date *date, const char *const *langs,
                                   tg_rule_match **out, size_t *n, size_t *cap,
                                   tg_rule_cuts *cuts);

/* The document date a dateline gives: the first DATE match with a whole
 * day for its value (YYYY-MM-DD) that starts within the first
 * TG_DATELINE_BYTES of the normalized text and is set off from the words
 * around it, as in «تهران - ۱۵ آذر ۱۴۰۳ - ۱۸:۱۱» or «تاریخ: ۱۵ آذر ۱۴۰۳»:
 * what comes before it on its line, spaces aside, is nothing or one of
 * - – — | : ( [ / ، , and what comes after it is nothing, the end of the
 * line, a digit or one of - – — | ) ] / ، , .  A date inside a sentence
 * («در ۱۵ آذر ۱۴۰۳ …») is the date of an event, not of the document.
 * Returns 1 and fills *date (known set), or 0. */
#define TG_DATELINE_BYTES 400
int tg_rules_dateline(const tg_rule_match *m, size_t n, const char *text, size_t len,
                      tg_doc_date *date);

/* Runs the examples of every rule; calls `report` with one line per
 * failure (and a summary line per file).  Returns the number of failed
 * examples; *total receives the number run. */
size_t tg_rules_test(const tg_rules *rs, void (*report)(void *ud, const char *line),
                     void *ud, size_t *total);

size_t tg_rules_count(const tg_rules *rs);
/* The rule set's calendars (values.h), or NULL without rules. */
const tg_calendars *tg_rules_calendars(const tg_rules *rs);

#endif /* TG_RULES_H */
