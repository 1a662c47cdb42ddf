/*
 * tagger.h — the public C API of tagger, a named-entity and topic tagger for
 * Persian and English news.
 *
 * Model
 * -----
 * A `tagger` is loaded once (tagger_new) and is then immutable: any number of
 * threads may call tagger_process() on the same handle at the same time.
 * Every call returns a `tagger_doc` that belongs to the caller and is freed
 * with tagger_doc_free().  The library keeps no global state, never prints
 * and never exits.
 *
 * Text
 * ----
 * Input is UTF-8 given as (pointer, length); it need not be NUL-terminated
 * and may contain NUL bytes.  The input is validated strictly (overlongs,
 * surrogates and truncated sequences are rejected with the byte offset of the
 * first bad byte).  A leading byte order mark is skipped for analysis but
 * still counts in offsets: every offset the library reports points into the
 * input exactly as given.
 *
 * Offsets
 * -------
 * Internally and in the structs below offsets are UTF-8 byte offsets.  The
 * renderers (tagger_doc_render) convert them to Unicode code points (the
 * default, the same as Python's text[start:end]), UTF-16 code units or
 * bytes, and tagger_doc_offset() does the same conversion for callers.
 *
 * Errors
 * ------
 * Functions that can fail take a `tagger_error *` (which may be NULL) and
 * fill it with a status code, a message and, where it applies, a byte offset
 * or a file:line:column.  Every *_free(NULL) is a no-op.
 *
 * Options structs
 * ---------------
 * Every `tagger_*_options` struct begins with `size_t size`, and its
 * `tagger_*_options_init` (an inline function passing sizeof *opt to the
 * library's `tagger_*_options_init_size`) sets it to the size of the
 * struct as the caller's header declares it, with every field it covers
 * at its default.  A field
 * added later goes at the end, so a program built against an older header
 * keeps working with a newer library: the library reads only the fields
 * that fit in `size` and uses the defaults for the rest.  A size of 0 (a
 * struct never initialized) or larger than the library knows (a header
 * newer than the library) is TAGGER_ERR_USAGE.  Always call the init
 * function, then set the fields you need.
 */
#ifndef TAGGER_H
#define TAGGER_H

#include <stddef.h>
#include <stdint.h>

#include "tagger_export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TAGGER_VERSION_MAJOR 0
#define TAGGER_VERSION_MINOR 1
#define TAGGER_VERSION_PATCH 0
#define TAGGER_VERSION_STRING "0.1.0"

/* The version of the library actually linked, e.g. "0.1.0". */
TAGGER_API const char *tagger_version(void);

/* ------------------------------------------------------------------ errors */

typedef enum {
    TAGGER_OK = 0,
    TAGGER_ERR_NOMEM,        /* out of memory */
    TAGGER_ERR_INVALID_UTF8, /* input is not valid UTF-8; offset is set */
    TAGGER_ERR_TOO_LARGE,    /* input exceeds a configured limit */
    TAGGER_ERR_IO,           /* a file could not be read or written */
    TAGGER_ERR_LOAD,         /* a data file (gazetteer, rules, model) is malformed */
    TAGGER_ERR_USAGE,        /* a bad argument or option value */
    TAGGER_ERR_INTERNAL      /* a dependency (ICU, PCRE2) failed unexpectedly */
} tagger_status;

typedef struct tagger_error {
    tagger_status code;
    size_t offset;        /* byte offset into the input, when it applies */
    char message[512];    /* NUL-terminated, human readable */
} tagger_error;

/* A short constant name for a status, e.g. "invalid_utf8". */
TAGGER_API const char *tagger_status_name(tagger_status code);

/* ---------------------------------------------------------------- loading */

typedef struct tagger_config tagger_config; /* opaque, mutable, not shared */
typedef struct tagger tagger;               /* opaque, immutable, shareable */

/* A configuration with the defaults; free with tagger_config_free(). */
TAGGER_API tagger_config *tagger_config_new(void);
TAGGER_API void tagger_config_free(tagger_config *cfg);

/* Largest input tagger_process() accepts, in bytes (default 1 GiB, which is
 * also the maximum: offsets are kept in 32 bits). */
TAGGER_API tagger_status tagger_config_set_max_doc_bytes(tagger_config *cfg,
                                                         size_t max_bytes);

/* Adds a gazetteer layer: a TSV source (compiled while loading) or a file
 * made by tagger_gazetteer_compile (read into memory), told apart by content.  Layers
 * added later take precedence over earlier ones when two candidates cover
 * the same span (see gazetteers/README.md).  The path is copied. */
TAGGER_API tagger_status tagger_config_add_gazetteer(tagger_config *cfg,
                                                     const char *path);

/* Adds a rule file (see rules/README.md).  Files are loaded in the order
 * added; a file may use the lists and defines of earlier ones.  The path is
 * copied. */
TAGGER_API tagger_status tagger_config_add_rules(tagger_config *cfg, const char *path);

/* A compiled rules file (`tagger rules compile`; the default rules come
 * with one, data/rules.bin): a rule whose expanded pattern it holds takes
 * its compiled form from it instead of being compiled, which is most of a
 * start's work.  The others, and every rule when the file is stale
 * (written for other rule files, by another PCRE2 or another tagger),
 * compile as without it, so it never changes a match.  A file that is not
 * one, truncated or damaged fails tagger_new (TAGGER_ERR_LOAD, "P: ...;
 * rebuild it with 'tagger rules compile -o P' or delete it").  NULL: none
 * (the default).  The path is copied. */
TAGGER_API tagger_status tagger_config_set_compiled_rules(tagger_config *cfg,
                                                          const char *path);

/* Compiles the rule files of cfg (tagger_config_add_rules, in order) into
 * the compiled rules file `out` (written atomically), for
 * tagger_config_set_compiled_rules.  Errors are those of loading the
 * rules, or of writing. */
TAGGER_API tagger_status tagger_rules_compile(const tagger_config *cfg, const char *out,
                                              tagger_error *err);

/* Non-zero: report every candidate match, overlapping and ambiguous ones
 * included, instead of the resolved entities (default 0). */
TAGGER_API tagger_status tagger_config_set_all_matches(tagger_config *cfg, int on);

/* Longest alias a TSV gazetteer layer may have, in bytes of its normalized
 * matching key (default 256, 1 to 4096); a longer one fails tagger_new with
 * the file, line and column. */
TAGGER_API tagger_status tagger_config_set_max_alias_bytes(tagger_config *cfg, size_t n);

/* How rule patterns run (see README "Limits"): PCRE2's match limit (steps
 * per match attempt, default 200000) and depth limit (default 5000), each
 * 1 to 1000000000; an attempt that reaches one finds nothing there, the
 * rule goes on after it, and the doc counts it (tagger_doc_warning).
 * `jit` 0 runs patterns in PCRE2's
 * interpreter instead of JIT code (slower; for valgrind, or systems that
 * forbid executable memory).  Default: JIT on. */
#define TAGGER_RULE_MATCH_LIMIT 200000u
#define TAGGER_RULE_DEPTH_LIMIT 5000u
TAGGER_API tagger_status tagger_config_set_rule_limits(tagger_config *cfg,
                                                       uint32_t match_limit,
                                                       uint32_t depth_limit, int jit);

/* Non-zero: the compiled gazetteer and the topic and entity models (files
 * of 64 KiB or more) are mapped, private and copy-on-write, instead of read
 * whole into memory (default 0).  A start then costs about half the CPU
 * time and less memory (only the pages used are read; processes share
 * them), but a data file truncated or copied over in place (`cp new live`)
 * while the tagger runs makes its next look-up a SIGBUS, which kills the
 * process unless it handles the signal; replacing a file by renaming a new
 * one over it (`mv`) is safe either way (docs/hardening.md). */
TAGGER_API tagger_status tagger_config_set_map_data(tagger_config *cfg, int on);

/* A directory of verification stamps (default NULL: none).  The topic and
 * entity models and the compiled rules are checked against their full
 * checksum when loaded; with a directory set, a file verified once gets a
 * stamp there (its device, inode, size, modification and change times and
 * checksum), and while the file stays that version (any write, truncation
 * or replacement gives it a new change time) it is not hashed again: every
 * structural check still is.  The directory is made (0700) when missing,
 * and used only if it is the caller's own and not writable by others; any
 * failure to read or write a stamp means a full verification.  The CLI
 * sets $XDG_CACHE_HOME/tagger (else ~/.cache/tagger) unless
 * TAGGER_VERIFY_DATA=always or --verify-data; trust model in
 * docs/hardening.md. */
TAGGER_API tagger_status tagger_config_set_verify_cache(tagger_config *cfg, const char *dir);

/* Threads tagger_new may use (default 1: only the calling thread).  With 2
 * or more, the rule files load on a thread of its own while the calling
 * thread loads the gazetteers and models: a start takes about half the
 * wall-clock time, for a program that then tags on several threads anyway.
 * The tagger and any error are the same either way. */
TAGGER_API tagger_status tagger_config_set_load_threads(tagger_config *cfg, unsigned n);

/* Non-zero: the tagger will tag only a document or a few (the CLI's
 * one-article mode; default 0).  The tables read at random on every
 * document then stay on 4 KiB pages (the entity model's weight rows read in
 * place from the model file; the topic model's rows and each thread's
 * gazetteer memo made as used) and the entity model keeps no word cache
 * across documents, rather than making 2 MiB huge pages, which pay back
 * their set-up only over many documents and whose fresh pages can cost
 * several milliseconds a megabyte on a virtual machine that returns free
 * memory to its host (docs/performance.md, 2026-12-07).  Output is the same
 * either way. */
TAGGER_API tagger_status tagger_config_set_few_documents(tagger_config *cfg, int on);

/* Loads a tagger.  `cfg` is only read and may be freed right after; NULL
 * is an empty configuration (no gazetteer, rules or models: it normalizes
 * and tokenizes but finds no entity and no topic; tagger_new_default loads
 * the default data).  Returns NULL and fills `err` on failure. */
TAGGER_API tagger *tagger_new(const tagger_config *cfg, tagger_error *err);
TAGGER_API void tagger_free(tagger *t);

/* The default data: what the `tagger` command loads when given no option.
 *
 * tagger_config_add_defaults adds to `cfg` the compiled gazetteer
 * (gazetteer.bin), every default rule file (rules/LANG/NAME.rules, in name
 * order), and the topic and entity models of each language
 * (models/topics-LANG.bin, models/ner-LANG.bin for fa and en), as if by
 * tagger_config_add_gazetteer, tagger_config_add_rules,
 * tagger_config_set_topic_model and tagger_config_set_ner_model.  Layers
 * and rule files added after it come after the defaults.  Each file is
 * looked up in `data_dir` when it is not NULL; else in $TAGGER_DATA_DIR when
 * that is set and not empty; else data/ beside the library (the build tree),
 * then share/tagger/ of the prefix the library sits in (an installed tree,
 * even moved), then the data directory of the prefix it was built for (e.g.
 * /usr/local/share/tagger).  A file found nowhere is TAGGER_ERR_IO with a
 * message naming it and where it was looked for; nothing is read yet (the
 * files are loaded, and checked, by tagger_new).
 *
 * tagger_config_add_defaults_ex adds only the `parts` given (an OR of the
 * flags below); with TAGGER_DEFAULT_IF_PRESENT a missing file is left out
 * without an error (what the CLI does).
 *
 * tagger_new_default is tagger_new with a config holding the defaults
 * (data_dir NULL) and the default settings: the pipeline of `tagger FILE`.
 */
#define TAGGER_DEFAULT_GAZETTEER 1u
#define TAGGER_DEFAULT_RULES 2u
#define TAGGER_DEFAULT_TOPIC_MODELS 4u
#define TAGGER_DEFAULT_NER_MODELS 8u
#define TAGGER_DEFAULT_ALL 15u
#define TAGGER_DEFAULT_IF_PRESENT 16u
TAGGER_API tagger_status tagger_config_add_defaults(tagger_config *cfg, const char *data_dir,
                                                    tagger_error *err);
TAGGER_API tagger_status tagger_config_add_defaults_ex(tagger_config *cfg,
                                                       const char *data_dir, unsigned parts,
                                                       tagger_error *err);
TAGGER_API tagger *tagger_new_default(tagger_error *err);

/* -------------------------------------------------------------- processing */

/* What tagger_process() runs.  Later stages imply the earlier ones. */
typedef enum {
    TAGGER_STAGE_NORMALIZE = 1, /* validate + normalize */
    TAGGER_STAGE_TOKENIZE = 2,  /* + tokens and sentences */
    TAGGER_STAGE_ALL = 3        /* + entities and topics */
} tagger_stage;

typedef struct tagger_doc tagger_doc; /* one processed text, owned by caller */

/* Processes `len` bytes of UTF-8 at `text` up to `stage`.  The returned doc
 * keeps its own copy of the text.  Returns NULL and fills `err` on failure;
 * invalid UTF-8 gives TAGGER_ERR_INVALID_UTF8 with err->offset set. */
TAGGER_API tagger_doc *tagger_process(const tagger *t, const char *text,
                                      size_t len, tagger_stage stage,
                                      tagger_error *err);
TAGGER_API void tagger_doc_free(tagger_doc *doc);

/* Options of tagger_process_ex (see "Options structs" above). */
typedef struct tagger_process_options {
    size_t size;
    tagger_stage stage; /* default TAGGER_STAGE_ALL */
    /* The document's date as "YYYY-MM-DD" (Gregorian), or NULL: gives
     * relative dates («دیروز», "yesterday") and dates without a year their
     * value.  Default NULL. */
    const char *date;
    /* Non-zero: without `date`, do not take the document's date from a
     * date set off in its dateline («تهران - ۱۵ آذر ۱۴۰۳ - …», within
     * its first 400 bytes; docs/rules.md).  Default 0. */
    int no_dateline;
    /* The document's language ("fa", "en", "de" …: an ISO 639-1 code, or
     * "und"), or NULL to identify it (docs/langid.md).  It chooses the
     * rules (a rule named "fa.…" runs on Persian documents only), the
     * entity model and the topic model.  Default NULL. */
    const char *lang;
    /* The date in the document's own metadata (a JSONL "date" member), or
     * NULL: when it begins with "YYYY-MM-DD" (an ISO 8601 date or date and
     * time, "2024-12-05T10:30:00Z") or a Solar Hijri "YYYY/MM/DD" or
     * "YYYY-MM-DD" (a year 1200-1699, "1403/09/15"; needs the rules'
     * calendars) it is the document's date, before `date`; anything else is
     * not used and the doc gets the warning "date_ignored".  Default NULL. */
    const char *date_member;
} tagger_process_options;

/* Sets opt->size to `size` and the fields it covers to their defaults;
 * call it through tagger_process_options_init, which gives the size of the
 * struct as this header declares it. */
TAGGER_API void tagger_process_options_init_size(tagger_process_options *opt, size_t size);
static inline void tagger_process_options_init(tagger_process_options *opt)
{
    tagger_process_options_init_size(opt, sizeof *opt);
}

/* tagger_process with options (NULL: the defaults); a malformed date, or
 * an options size this library cannot read, is TAGGER_ERR_USAGE.
 *
 * With TAGGER_STAGE_ALL a document over 512 KiB is tagged in windows of at
 * most 512 KiB (README "Limits": memory per document), and the doc keeps
 * its text, entities, topics and warnings but not its normalized text nor
 * its tokens: tagger_doc_normalized gives "" and tagger_doc_token_count 0.
 * Ask for TAGGER_STAGE_TOKENIZE to have those. */
TAGGER_API tagger_doc *tagger_process_ex(const tagger *t, const char *text, size_t len,
                                         const tagger_process_options *opt,
                                         tagger_error *err);

/* Runs the examples of the configured rule files: returns the number that
 * failed, *total the number run; `report` (may be NULL) receives one line
 * per failure. */
TAGGER_API size_t tagger_rules_test(const tagger *t,
                                    void (*report)(void *ud, const char *line),
                                    void *ud, size_t *total);
/* Number of rules loaded. */
TAGGER_API size_t tagger_rule_count(const tagger *t);
/* The largest document it tags, in bytes (tagger_config_set_max_doc_bytes). */
TAGGER_API size_t tagger_max_doc_bytes(const tagger *t);

/* The input text as given (not NUL-terminated; `len` receives its length). */
TAGGER_API const char *tagger_doc_text(const tagger_doc *doc, size_t *len);

/* ------------------------------------------------------------ normalized */

/* The normalized text used for matching (NUL-terminated; `len` receives its
 * length in bytes).  See README "Normalization" for every folding. */
TAGGER_API const char *tagger_doc_normalized(const tagger_doc *doc, size_t *len);

/* Maps a byte span [nstart, nend) of the normalized text back to the input:
 * ostart and oend receive the byte span of the input characters that produced
 * it.  Both ends must lie on character boundaries of the normalized text. */
TAGGER_API void tagger_doc_map_span(const tagger_doc *doc, size_t nstart,
                                    size_t nend, size_t *ostart, size_t *oend);

/* --------------------------------------------------------------- tokens */

typedef enum {
    TAGGER_TOKEN_WORD = 0,  /* letters (any script), ZWNJ-joined words too */
    TAGGER_TOKEN_NUMBER,    /* digits, with internal separators */
    TAGGER_TOKEN_PUNCT,     /* punctuation: . ، ؛ ؟ « » ( ) … */
    TAGGER_TOKEN_SYMBOL     /* anything else that is not white space */
} tagger_token_kind;

typedef struct tagger_token {
    size_t start, end;           /* byte span in the input */
    size_t norm_start, norm_end; /* byte span in the normalized text */
    tagger_token_kind kind;
    size_t sentence;             /* 0-based sentence index */
} tagger_token;

TAGGER_API size_t tagger_doc_token_count(const tagger_doc *doc);
/* The i-th token (0 <= i < count), or NULL. */
TAGGER_API const tagger_token *tagger_doc_token(const tagger_doc *doc, size_t i);
TAGGER_API size_t tagger_doc_sentence_count(const tagger_doc *doc);
/* "word", "number", "punct" or "symbol". */
TAGGER_API const char *tagger_token_kind_name(tagger_token_kind kind);

/* --------------------------------------------------------------- entities */

/* Entity flags. */
#define TAGGER_ENTITY_AMBIGUOUS 1u /* matched an ambiguous alias (all-matches) */

/* The number of entity labels: tagger_label_name(0 .. TAGGER_LABEL_COUNT-1). */
#define TAGGER_LABEL_COUNT 12

/* A country named inside a longer entity, linked: «ایران» of «تیم ملی فوتبال
 * ایران», "Iraq" of "Iraq's Oil Ministry" (tagger_entity.places). */
typedef struct tagger_place {
    size_t start, end;  /* byte span in the input, inside the entity's */
    const char *kb_id;  /* the country's entry */
    const char *name;   /* its canonical name */
} tagger_place;

/* Strings in an entity are owned by the tagger (gazetteer data) or by the
 * doc; they stay valid until both tagger_doc_free and tagger_free. */
typedef struct tagger_entity {
    size_t start, end;  /* byte span in the input */
    const char *label;  /* PERSON, GPE, LOC, ORG, FAC, NORP, EVENT, PRODUCT,
                           DATE, TIME, MONEY, PERCENT */
    const char *kb_id;  /* canonical entry id, or NULL */
    const char *name;   /* canonical name, or NULL */
    const char *value;  /* normalized value (ISO date, number), or NULL */
    const char *source; /* "gazetteer", "rule", "model" */
    const char *rule;   /* rule name when source is "rule", else NULL */
    const char *list;   /* gazetteer list that matched ("fa/places.tsv") */
    const char *alias;  /* the alias that matched, as written in the list */
    unsigned flags;     /* TAGGER_ENTITY_* */
    const char *wikidata; /* Wikidata QID of the entry ("Q794"), or NULL */
    const char *name_fa;  /* Persian name of the entry, or NULL */
    const tagger_place *places; /* the countries named inside (not the entity's own
                                   entry), in order; NULL when nplaces is 0 */
    size_t nplaces;
} tagger_entity;

TAGGER_API size_t tagger_doc_entity_count(const tagger_doc *doc);
/* The i-th entity in order of start offset (then longest first), or NULL. */
TAGGER_API const tagger_entity *tagger_doc_entity(const tagger_doc *doc, size_t i);

typedef struct tagger_topic {
    const char *label;
    const char *iptc;   /* IPTC Media Topics code, e.g. "medtop:11000000" */
    double score;       /* calibrated probability */
} tagger_topic;

TAGGER_API size_t tagger_doc_topic_count(const tagger_doc *doc);
TAGGER_API const tagger_topic *tagger_doc_topic(const tagger_doc *doc, size_t i);

/* --------------------------------------------------------------- warnings */

/* A limit that cut a document's matches short, or input not used; the JSON
 * output lists them as "warnings" (none: no member).  Codes: "rule_match_limit" and
 * "rule_depth_limit", rule match attempts stopped by PCRE2's match or depth
 * limit (tagger_config_set_rule_limits): each found nothing at its
 * position, and its rule went on after it, so only matches starting there
 * can be missing; "entity_limit", entities past TAGGER_MAX_ENTITIES(len)
 * left out (the last ones), which only text made of entities reaches;
 * "date_ignored", a date_member that is not "YYYY-MM-DD" (count 1).  At
 * most one warning a code.  Strings are owned by the doc. */
typedef struct tagger_warning {
    const char *code;    /* "rule_match_limit", "rule_depth_limit", "entity_limit",
                            "date_ignored" */
    size_t count;        /* attempts cut, or entities left out */
    const char *message; /* "3 rule match attempts cut by the match limit" */
} tagger_warning;

/* The most entities a document of `len` bytes keeps: 65,536 and one for
 * every 24 bytes (news has one in ~130), so that a document's memory stays
 * within about 10 times its size (README "Limits"). */
#define TAGGER_MAX_ENTITIES(len) ((size_t)65536 + (size_t)(len) / 24)

TAGGER_API size_t tagger_doc_warning_count(const tagger_doc *doc);
/* The i-th warning (0 <= i < count), or NULL. */
TAGGER_API const tagger_warning *tagger_doc_warning(const tagger_doc *doc, size_t i);

/* ---------------------------------------------------------------- output */

typedef enum {
    TAGGER_OFFSETS_CODEPOINT = 0, /* Unicode code points (default) */
    TAGGER_OFFSETS_UTF16,         /* UTF-16 code units (JavaScript, Java) */
    TAGGER_OFFSETS_UTF8           /* bytes */
} tagger_offset_unit;

/* Converts a byte offset of the input (on a character boundary) to `unit`. */
TAGGER_API size_t tagger_doc_offset(const tagger_doc *doc, size_t byte_offset,
                                    tagger_offset_unit unit);

/* Output formats.  A document is written by one renderer per format over
 * a common driver (tagger_doc_render); the JSON functions further down are
 * shorthands for it. */
typedef enum {
    TAGGER_FORMAT_JSON = 0, /* the v1 JSON (see DESIGN.md) */
    TAGGER_FORMAT_CONLL,    /* TOKEN _ _ TAG (TAB-separated), IOB2 tags of the
                               entities, a blank line between sentences, after
                               a -DOCSTART- line (document view only) */
    TAGGER_FORMAT_BRAT,     /* brat standoff .ann lines: T (entities) and N
                               (kb_id normalizations) (document view only) */
    TAGGER_FORMAT_HTML      /* a self-contained HTML page: the text with the
                               entities marked (document view only) */
} tagger_format;

/* Where the output of tagger_doc_render stands (docs/formats.md). */
typedef enum {
    TAGGER_PART_WHOLE = 0, /* one document alone */
    TAGGER_PART_RECORD,    /* one document of several, with the format's
                              separator: brat a "#doc ID" line before it,
                              HTML a <section> instead of a page; CoNLL and
                              JSON as WHOLE */
    TAGGER_PART_HEAD,      /* what goes before the first record (HTML: the
                              page's start; nothing in the other formats);
                              the document may be NULL */
    TAGGER_PART_TAIL       /* what goes after the last record (HTML: the
                              page's end); the document may be NULL */
} tagger_part;

/* A document over this many bytes tagged with TAGGER_STAGE_ALL is tagged in
 * windows and keeps no tokens (tagger_process_ex). */
#define TAGGER_WINDOW_BYTES ((size_t)512 << 10)

/* What of a document is written. */
typedef enum {
    TAGGER_VIEW_DOCUMENT = 0, /* {"lang", "topics", "entities"} and, when a
                                 limit cut matches, "warnings" */
    TAGGER_VIEW_TOKENS,       /* {"tokens": [{"start", "end", "text", "norm",
                                 "kind", "sentence"}, ...]} */
    TAGGER_VIEW_NORMALIZED    /* {"text", "key", "map"}: the normalized text,
                                 its matching key (white space and joiners
                                 removed) and, for every code point of the
                                 normalized text, the span of the input that
                                 produced it */
} tagger_view;

/* A member the caller adds to the output, e.g. the members of a bulk input
 * line passed through to its record: `key` is a JSON string, quotes and
 * escapes included, and `value` a JSON value; both are written exactly as
 * given (they are not checked).  Lengths in bytes. */
typedef struct tagger_member {
    const char *key;
    size_t key_len;
    const char *value;
    size_t value_len;
} tagger_member;

/* Options of tagger_doc_render (see "Options structs" above); defaults in
 * brackets. */
typedef struct tagger_render_options {
    size_t size;
    tagger_format format;        /* [TAGGER_FORMAT_JSON] */
    tagger_view view;            /* [TAGGER_VIEW_DOCUMENT] */
    tagger_offset_unit offsets;  /* unit of every offset [code points] */
    int pretty;                  /* non-zero: indented, one key a line [0] */
    const char *id;              /* "id": this string, first, or NULL [NULL] */
    const char *lang;            /* "lang": this instead of the detected one
                                    (document view), or NULL [NULL] */
    const tagger_member *members; /* written after "id" and before the
                                     document's own members, in this order; */
    size_t nmembers;              /* the caller keeps names apart [none] */
    tagger_part part;             /* [TAGGER_PART_WHOLE] */
} tagger_render_options;

/* Sets opt->size to `size` and the fields it covers to their defaults;
 * call it through tagger_render_options_init, which gives the size of the
 * struct as this header declares it. */
TAGGER_API void tagger_render_options_init_size(tagger_render_options *opt, size_t size);
static inline void tagger_render_options_init(tagger_render_options *opt)
{
    tagger_render_options_init_size(opt, sizeof *opt);
}

/* Receives the output: s[0..len) (not NUL-terminated).  Returns 0 to go
 * on; anything else stops the writing. */
typedef int (*tagger_write_fn)(void *ctx, const char *s, size_t len);

/* Writes `doc` as `opt` asks (NULL: the defaults), handing the text to
 * `write` in pieces of about 64 KiB as it is made, so that a document with
 * millions of entities never has its whole output in memory.  Keys come in
 * a fixed order, entities sorted by start; no newline is added at the end.
 * Returns TAGGER_OK; TAGGER_ERR_IO when `write` stopped it (err says so);
 * TAGGER_ERR_NOMEM; TAGGER_ERR_USAGE for a NULL doc (but for the parts
 * HEAD and TAIL) or writer, an options size this library cannot read, a
 * format or view it does not know, or a document the format cannot write
 * (CoNLL needs tokens, which a document tagged in windows lacks). */
TAGGER_API tagger_status tagger_doc_render(const tagger_doc *doc,
                                           const tagger_render_options *opt,
                                           tagger_write_fn write, void *ctx,
                                           tagger_error *err);

/* Writes s[0..len) as a JSON string, quotes included, the way the JSON
 * renderer writes every string: `"`, `\` and the control characters
 * escaped (\n \r \t \b \f, the others and DEL as \u00XX), each byte that
 * is not part of valid UTF-8 as \ufffd, everything else as it is.  `out`
 * must have room for TAGGER_JSON_STRING_MAX(len) bytes; returns the number
 * written (no NUL is added). */
#define TAGGER_JSON_STRING_MAX(len) ((size_t)(len) * 6 + 2)
TAGGER_API size_t tagger_json_string(const char *s, size_t len, char *out);

/* Shorthands for the JSON format. */

/* Options of the tagger_doc_*_json functions: the fields of
 * tagger_render_options of the same names. */
typedef struct tagger_json_options {
    size_t size;
    tagger_offset_unit offsets;
    int pretty;          /* non-zero: indented, one key a line */
    const char *id;      /* value of "id", or NULL to omit it */
    const char *lang;    /* value of "lang", or NULL for the detected one */
} tagger_json_options;

/* Sets opt->size to `size` and the fields it covers to their defaults
 * (all 0); call it through tagger_json_options_init. */
TAGGER_API void tagger_json_options_init_size(tagger_json_options *opt, size_t size);
static inline void tagger_json_options_init(tagger_json_options *opt)
{
    tagger_json_options_init_size(opt, sizeof *opt);
}

/* The document view as JSON (`opt` NULL: the defaults).  Returns a
 * NUL-terminated string the caller frees with free(), or NULL when out of
 * memory or given an options size this library cannot read; *len (if not
 * NULL) receives its length. */
TAGGER_API char *tagger_doc_to_json(const tagger_doc *doc,
                                    const tagger_json_options *opt, size_t *len);

/* The same JSON handed to `write` in pieces of about 64 KiB as it is made
 * (tagger_doc_render).  `write` returns 0 to go on; anything else stops the
 * writing and is returned.  Returns 0, or -1 when out of memory or given an
 * options size this library cannot read.  No newline is added at the end. */
TAGGER_API int tagger_doc_write_json(const tagger_doc *doc, const tagger_json_options *opt,
                                     int (*write)(void *ctx, const char *s, size_t len),
                                     void *ctx);

/* The normalized view (TAGGER_VIEW_NORMALIZED) as JSON, returned like
 * tagger_doc_to_json; offsets in `opt->offsets` units. */
TAGGER_API char *tagger_doc_normalized_to_json(const tagger_doc *doc,
                                               const tagger_json_options *opt,
                                               size_t *len);

/* The tokens view (TAGGER_VIEW_TOKENS) as JSON, returned like
 * tagger_doc_to_json. */
TAGGER_API char *tagger_doc_tokens_to_json(const tagger_doc *doc,
                                           const tagger_json_options *opt,
                                           size_t *len);

/* ------------------------------------------------------------- records */

/* What the CLI's bulk mode writes for each input document (`tagger --jsonl`:
 * one JSON line a JSONL line; `tagger FILE...` and `-r DIR`: one record a
 * file; --format: a record of that format), made by the library so that the
 * CLI and other callers (the Python package, tagger_jsonl_records) write
 * the same bytes.  A JSONL line's record is its members but the text, in
 * their order and written exactly as in the input, then the tagger's "lang",
 * "topics", "entities" (and "warnings"): input members named like those are
 * replaced.  A document that cannot be tagged gets an error record,
 *
 *   {"id": ..., "line": 17, "error": {"code": "...", "message": "...", "offset": N}}
 *
 * with "id" when the line had one before the fault (a file: its path),
 * "line" for JSONL only, and "offset" (bytes into the line or file) where
 * one applies.  docs/bulk.md lists the codes and messages. */

/* The "code" of an error record; TAGGER_RECORD_OK is a tagged document. */
typedef enum tagger_record_code {
    TAGGER_RECORD_OK = 0,
    TAGGER_RECORD_EMPTY_LINE,      /* the line is empty or only white space */
    TAGGER_RECORD_INVALID_JSON,    /* not one JSON object */
    TAGGER_RECORD_INVALID_UTF8,    /* bytes that are not UTF-8, or a lone surrogate escape */
    TAGGER_RECORD_MISSING_TEXT,    /* no text member */
    TAGGER_RECORD_TEXT_NOT_STRING, /* the text member is not a string */
    TAGGER_RECORD_TOO_LARGE,       /* over max_doc_bytes */
    TAGGER_RECORD_IO_ERROR,        /* a file that cannot be opened or read */
    TAGGER_RECORD_OUT_OF_MEMORY,
    TAGGER_RECORD_INTERNAL_ERROR,
    TAGGER_RECORD_NCODES
} tagger_record_code;

/* "ok", "empty_line", "invalid_json", "invalid_utf8", "missing_text",
 * "text_not_string", "too_large", "io_error", "out_of_memory",
 * "internal_error"; "unknown" for any other number. */
TAGGER_API const char *tagger_record_code_name(int code);

/* Options of records (see "Options structs" above); defaults in brackets.
 * The strings must stay valid while a recorder made with them is used. */
typedef struct tagger_record_options {
    size_t size;
    const char *text_field;      /* JSONL: the member holding the text ["text"] */
    tagger_offset_unit offsets;  /* [code points] */
    tagger_format format;        /* JSON: a line; the others: one record of
                                    several (TAGGER_PART_RECORD) [JSON] */
    const char *date;            /* "YYYY-MM-DD" for every document, or NULL [NULL] */
    int no_dateline;             /* tagger_process_options' [0] */
    const char *lang;            /* every document's language, or NULL [NULL] */
    const char *date_field;      /* JSONL: the member holding each document's
                                    own date (tagger_process_options'
                                    date_member); "" none [NULL: "date"] */
} tagger_record_options;

TAGGER_API void tagger_record_options_init_size(tagger_record_options *opt, size_t size);
static inline void tagger_record_options_init(tagger_record_options *opt)
{
    tagger_record_options_init_size(opt, sizeof *opt);
}

/* One input document. */
typedef struct tagger_record_input {
    const char *data;  /* a JSONL line without its newline, or a file's bytes */
    size_t len;
    const char *path;  /* NULL: `data` is a JSONL line; else the file's path,
                          NUL-terminated (the record's "id") */
    uint64_t line;     /* JSONL: the line's number, 1 for the first (a byte
                          order mark is skipped there) */
    /* An error found before the document reached the library (a line too
     * long to keep: `data` holds its start, where "id" is looked for; a file
     * that could not be read), written as the record; TAGGER_RECORD_OK: none. */
    tagger_record_code fail;
    const char *fail_message;
} tagger_record_input;

/* A worker's state: the tagger, the options and buffers reused from record
 * to record.  One a thread; a tagger may serve any number of them. */
typedef struct tagger_recorder tagger_recorder;

/* NULL when out of memory or given an options size this library cannot
 * read (err says which). */
TAGGER_API tagger_recorder *tagger_recorder_new(const tagger *t, const tagger_record_options *opt,
                                                tagger_error *err);
TAGGER_API void tagger_recorder_free(tagger_recorder *r);

/* Makes the record of `in`, newline included (JSON: one line), at *out
 * (*out_len bytes; valid until the next call on `r`), and returns its code:
 * TAGGER_RECORD_OK for a tagged document, else the error record's.  Returns
 * -1 only when even the error record could not be allocated.  Buffers over
 * `keep` bytes are freed after each record (memory stays bounded by the
 * largest document in flight, not the largest seen; 0 keeps everything). */
TAGGER_API int tagger_record(tagger_recorder *r, const tagger_record_input *in, size_t keep,
                             const char **out, size_t *out_len);

/* The records of a block of JSONL lines, as `tagger --jsonl` writes them for
 * the same lines: `data` holds whole lines, each ending in "\n" (the last one
 * may lack it); line i of the block is numbered first_line + i in error
 * records (a byte order mark is skipped when first_line is 1).  A line longer
 * than the CLI's limit (6 x max_doc_bytes + 1 MiB) gets its too_large record. */
typedef struct tagger_jsonl_result {
    char *out;          /* the records, one a line, each ending in "\n";
                           NUL-terminated; malloc'd */
    size_t out_len;
    uint64_t lines;     /* lines read = records written */
    uint64_t *failed;   /* the 0-based indices in the block of the lines
                           whose record is an error record, in order (malloc'd) */
    size_t nfailed;
} tagger_jsonl_result;

/* Returns TAGGER_OK with *res filled (free it with tagger_jsonl_result_free),
 * or TAGGER_ERR_NOMEM or TAGGER_ERR_USAGE (a NULL argument, an options size
 * this library cannot read) with *res empty.  Runs on the calling thread;
 * threads may each run their own block with the same tagger. */
TAGGER_API tagger_status tagger_jsonl_records(const tagger *t, const tagger_record_options *opt,
                                             const char *data, size_t len, uint64_t first_line,
                                             tagger_jsonl_result *res, tagger_error *err);
TAGGER_API void tagger_jsonl_result_free(tagger_jsonl_result *res);

/* ------------------------------------------------------------- batches */

/* Several texts tagged and written in one call: for each text, in order,
 * what tagger_process_ex with `popt` and tagger_doc_render with `ropt` give
 * (NULL: the defaults, the JSON of the document view), the outputs one
 * after the other in one buffer.  A text that cannot be tagged or written
 * (invalid UTF-8, too large, a document the format cannot write) gets an
 * empty output and its error in `failed`; the others go on.  For callers
 * that pay for each call: the Python package's Tagger.pipe makes one call,
 * one release of the GIL, a batch. */
typedef struct tagger_batch_failure {
    size_t index;       /* the text's index in the batch */
    tagger_error error; /* what tagger_process_ex or tagger_doc_render reported */
} tagger_batch_failure;

typedef struct tagger_batch_result {
    char *out;          /* the outputs, nothing between them; NUL-terminated;
                           malloc'd */
    size_t out_len;
    size_t *ends;       /* text i's output is out[i ? ends[i-1] : 0 .. ends[i])
                           (n entries, malloc'd) */
    size_t n;           /* the texts */
    tagger_batch_failure *failed; /* the texts that failed, in order (malloc'd) */
    size_t nfailed;
} tagger_batch_result;

/* Tags texts[i] (lens[i] bytes of UTF-8) for i < n.  Returns TAGGER_OK with
 * *res filled (free it with tagger_batch_result_free), or TAGGER_ERR_NOMEM
 * or TAGGER_ERR_USAGE (a NULL argument, an options size this library cannot
 * read) with *res empty.  Runs on the calling thread; threads may each run
 * their own batch with the same tagger. */
TAGGER_API tagger_status tagger_process_batch(const tagger *t, const char *const *texts,
                                              const size_t *lens, size_t n,
                                              const tagger_process_options *popt,
                                              const tagger_render_options *ropt,
                                              tagger_batch_result *res, tagger_error *err);
TAGGER_API void tagger_batch_result_free(tagger_batch_result *res);

/* ------------------------------------------------------------- gazetteers */

typedef struct tagger_gazetteer tagger_gazetteer; /* opaque, read-only */

/* Alias flags in gazetteer entries. */
#define TAGGER_ALIAS_CASE_SENSITIVE 1u
#define TAGGER_ALIAS_AMBIGUOUS 2u
#define TAGGER_ALIAS_LIST_LABEL                                                          \
    8u /* the entry says `label=list`: its label wins over the                           \
          entity model's */

/* Compiles TSV sources into one binary gazetteer at `out_path` (written to a
 * temporary file and renamed); with `out_path` NULL only validates them
 * (a compiled file among them is checked in full).  Errors name
 * file:line:column. */
TAGGER_API tagger_status tagger_gazetteer_compile(const char *const *sources,
                                                  size_t nsources,
                                                  const char *out_path,
                                                  tagger_error *err);

/* Options of tagger_gazetteer_compile_opts (see "Options structs"). */
typedef struct tagger_gazetteer_compile_options {
    size_t size;            /* set by tagger_gazetteer_compile_options_init */
    size_t max_alias_bytes; /* longest normalized matching key of an alias,
                               1 to 4096 (256): a longer alias is an error
                               naming its file, line and column */
} tagger_gazetteer_compile_options;

/* Sets opt->size to `size` and the fields it covers to the defaults shown
 * above; call it through tagger_gazetteer_compile_options_init, which gives the size of the struct as
 * this header declares it (see "Options structs" at the top). */
TAGGER_API void tagger_gazetteer_compile_options_init_size(tagger_gazetteer_compile_options *opt, size_t size);
static inline void tagger_gazetteer_compile_options_init(tagger_gazetteer_compile_options *opt)
{
    tagger_gazetteer_compile_options_init_size(opt, sizeof *opt);
}

/* tagger_gazetteer_compile with options (NULL: the defaults); a field out
 * of range is TAGGER_ERR_USAGE. */
TAGGER_API tagger_status tagger_gazetteer_compile_opts(
    const char *const *sources, size_t nsources, const char *out_path,
    const tagger_gazetteer_compile_options *opt, tagger_error *err);

/* Opens a compiled gazetteer or a TSV source for inspection. */
TAGGER_API tagger_gazetteer *tagger_gazetteer_open(const char *path,
                                                   tagger_error *err);
TAGGER_API void tagger_gazetteer_free(tagger_gazetteer *g);

/* One alias of one entity.  Strings live as long as the gazetteer. */
typedef struct tagger_alias {
    size_t entity;      /* entity index: entries of one entity share it */
    const char *kb_id, *label, *name;
    const char *alias;  /* as written, without its markers */
    const char *ids;    /* external ids from the source, "k=v k=v", or "" */
    const char *list;   /* the source list's name */
    int priority;
    unsigned flags;     /* TAGGER_ALIAS_* */
} tagger_alias;

/* Entries (one per alias) ordered by matching key. */
TAGGER_API size_t tagger_gazetteer_alias_count(const tagger_gazetteer *g);
TAGGER_API int tagger_gazetteer_alias(const tagger_gazetteer *g, size_t i,
                                      tagger_alias *e);

typedef struct tagger_gazetteer_stats {
    size_t entities, aliases, keys, trie_nodes, string_bytes, file_bytes;
    size_t entities_by_label[TAGGER_LABEL_COUNT]; /* in tagger_label_name() order */
} tagger_gazetteer_stats;

TAGGER_API void tagger_gazetteer_get_stats(const tagger_gazetteer *g,
                                           tagger_gazetteer_stats *st);
/* The i-th entity label (0 <= i < TAGGER_LABEL_COUNT): PERSON, ORG, GPE, LOC, FAC, NORP,
 * EVENT, PRODUCT, DATE, TIME, MONEY, PERCENT; NULL past the end. */
TAGGER_API const char *tagger_label_name(size_t i);

/* The matching key of a string: normalized with white space removed.
 * Returns a malloc'd string the caller frees, or NULL on invalid UTF-8. */
TAGGER_API char *tagger_match_key(const tagger *t, const char *text, size_t len);

/* The document's language: an ISO 639-1 code ("fa", "en", "ar", "de" …)
 * or "und" when it cannot be told (no letters, a tie); the one given in
 * tagger_process_options.lang when it was (docs/langid.md). */
TAGGER_API const char *tagger_doc_lang(const tagger_doc *doc);
/* What the language was identified from, as a JSON object written to
 * buf[0..size) (truncated, NUL-terminated when size > 0): {"script":
 * ISO 15924 code of the script with most letters, "letters", "script_letters",
 * "function_words", "scores": the two best languages and their scores} and
 * "forced":true when the language was given.  Returns the length needed. */
TAGGER_API size_t tagger_doc_lang_evidence(const tagger_doc *doc, char *buf, size_t size);

/* ----------------------------------------------------------------- topics */

/* The topic classifier (see README "Topics"): a linear model over hashed
 * word and word-pair features with calibrated probabilities, one model per
 * language, labels carrying IPTC Media Topics codes. */

/* Uses the model file at `path` (written by tagger_topic_trainer_write;
 * the path is copied) for documents detected as `lang` ("fa", "en"), or,
 * with `lang` NULL, for documents of any language without a model of their
 * own.  Setting a language again replaces its model; `path` NULL removes
 * it.  tagger_new fails with TAGGER_ERR_LOAD (or TAGGER_ERR_IO) and a
 * message naming the file when a model is missing, corrupt, of another
 * version or built with other normalization tables (retrain it).  No model
 * is loaded unless set: topics are then empty. */
TAGGER_API tagger_status tagger_config_set_topic_model(tagger_config *cfg,
                                                       const char *lang,
                                                       const char *path);

/* How many topics a document gets: at most `k` (default 3; 0 turns the
 * classifier off, SIZE_MAX keeps every label) whose probability is at least
 * `threshold` (default 0.25; 0 to 1), best first.  Several labels pass only
 * when the model is unsure between them, which is the multi-label case. */
#define TAGGER_TOPICS_DEFAULT_K 3
#define TAGGER_TOPICS_DEFAULT_THRESHOLD 0.25
TAGGER_API tagger_status tagger_config_set_topics(tagger_config *cfg, size_t k,
                                                  double threshold);

/* The IPTC Media Topics code of a top-level topic by its short name, e.g.
 * "politics" -> "medtop:11000000"; NULL for an unknown name.  The names:
 * arts crime disaster economy education environment health human_interest
 * labour lifestyle politics religion scitech society sport conflict weather
 * (tagger_iptc_name(i) lists them, NULL past the end). */
TAGGER_API const char *tagger_iptc_code(const char *name);
TAGGER_API const char *tagger_iptc_name(size_t i);

/* Learning algorithms. */
#define TAGGER_TOPIC_LOGREG 0 /* softmax regression, averaged SGD */
#define TAGGER_TOPIC_NB 1     /* multinomial naive Bayes */
#define TAGGER_TOPIC_CNB 2    /* complement naive Bayes (default) */
#define TAGGER_TOPIC_NBLR 3   /* softmax regression on features scaled by the
                                 naive Bayes log-count ratios (NBSVM-style) */
#define TAGGER_TOPIC_CNB_LR 4 /* complement naive Bayes plus a discriminatively
                                 fitted correction */

typedef struct tagger_topic_train_options {
    size_t size;            /* set by tagger_topic_train_options_init */
    int algorithm;          /* TAGGER_TOPIC_* */
    unsigned bucket_bits;   /* 2^bits hashed feature buckets, 8..24 (18) */
    int word_pairs;         /* non-zero: adjacent word pairs too (1) */
    unsigned epochs;        /* SGD passes over the documents (8) */
    double learning_rate;   /* initial SGD rate (1.0) */
    double smoothing;       /* naive Bayes additive smoothing (0.03) */
    int balance;            /* non-zero: weigh labels inversely to their
                               document counts (0) */
    int calibrate;          /* non-zero: fit the temperature on a held-out
                               tenth, then refit on all (1) */
    uint64_t seed;          /* shuffling and hold-out seed (1) */
    const char *lang;       /* language written into the model, or NULL */
    const char *const *boilerplate; /* extra boilerplate patterns (see */
    size_t nboilerplate;            /* README "Topics"), copied */
    int no_default_boilerplate;     /* non-zero: leave the built-in ones out */
    int idf;                /* non-zero: weigh features by inverse document
                               frequency, kept in the model (0) */
    int stems;              /* non-zero: light-stemmed Persian words are
                               features too (0) */
    int char_grams;         /* non-zero: character 4-grams of words too (0) */
    int prefixes;           /* non-zero: the first five letters of longer
                               words too (0) */
    int normalize_weights;  /* non-zero: complement NB weights scaled to unit
                               L1 norm per label (Rennie's WCNB) (0) */
    const char *clusters;   /* an entity model file with word clusters: its
                               cluster ids of each word are features too, the
                               table is copied into the topic model (NULL) */
    unsigned cluster_levels; /* bit l: the table's level l (0 = its first,
                                coarsest) is used; 0: every level (0) */
    double source_balance;  /* a > 0: within each label, a document of source s
                               (tagger_topic_trainer_set_source) weighs
                               (n_c / (S_c n_sc))^a, so the sources weigh alike
                               at a = 1; 0: off (0) */
    double l2;              /* NBLR and CNB_LR: L2 penalty of the regression
                               weights, per unit of document weight, 0 to 1
                               (1e-4) */
    double none_weight;     /* the documents of the out-of-domain label "none"
                               weigh this much (times the weights above),
                               0.01 to 100 (1) */
    int short_pieces;       /* non-zero: char_grams and prefixes only for
                               documents of at most 150 tokens (0) */
} tagger_topic_train_options;

/* Sets opt->size to `size` and the fields it covers to the defaults shown
 * above; call it through tagger_topic_train_options_init, which gives the size of the struct as
 * this header declares it (see "Options structs" at the top). */
TAGGER_API void tagger_topic_train_options_init_size(tagger_topic_train_options *opt, size_t size);
static inline void tagger_topic_train_options_init(tagger_topic_train_options *opt)
{
    tagger_topic_train_options_init_size(opt, sizeof *opt);
}

typedef struct tagger_topic_trainer tagger_topic_trainer; /* owned by caller */

/* A trainer that reads documents with `t`'s normalizer and tokenizer (`t`
 * must outlive it; its gazetteers and models are not used).  `opt` NULL
 * means the defaults; options with a size of 0 or larger than this
 * library's struct, or values out of range, give TAGGER_ERR_USAGE. */
TAGGER_API tagger_topic_trainer *tagger_topic_trainer_new(
    const tagger *t, const tagger_topic_train_options *opt, tagger_error *err);
TAGGER_API void tagger_topic_trainer_free(tagger_topic_trainer *tr);

/* Adds one labelled document.  `iptc` (may be NULL) is the label's IPTC
 * code; a label keeps the first code it is given, and a different one later
 * is an error.  Invalid UTF-8 gives TAGGER_ERR_INVALID_UTF8. */
TAGGER_API tagger_status tagger_topic_trainer_add(tagger_topic_trainer *tr,
                                                  const char *text, size_t len,
                                                  const char *label,
                                                  const char *iptc,
                                                  tagger_error *err);

/* The source (agency, corpus) of the documents added from now on, for the
 * source_balance option; 0 until set. */
TAGGER_API void tagger_topic_trainer_set_source(tagger_topic_trainer *tr, unsigned source);

/* The labels seen so far, in order of first appearance: the name (NULL
 * past the end), its code ("" if none) and its document count. */
TAGGER_API size_t tagger_topic_trainer_label_count(const tagger_topic_trainer *tr);
TAGGER_API const char *tagger_topic_trainer_label(const tagger_topic_trainer *tr,
                                                  size_t i, const char **iptc,
                                                  size_t *docs);

typedef struct tagger_topic_train_report {
    size_t documents, labels;
    size_t buckets, buckets_used;   /* buckets with a non-zero weight */
    double temperature;             /* calibration (1 when not calibrated) */
    size_t holdout_documents;       /* the calibration tenth */
    double holdout_accuracy;        /* of the nine-tenths model on it */
    size_t file_bytes;
} tagger_topic_train_report;

/* Trains on every document added and writes the model to `path` (through
 * a temporary file renamed into place).  Deterministic: the same documents
 * in the same order with the same options give the same bytes.  `report`
 * may be NULL. */
TAGGER_API tagger_status tagger_topic_trainer_write(tagger_topic_trainer *tr,
                                                    const char *path,
                                                    tagger_topic_train_report *report,
                                                    tagger_error *err);

/* ------------------------------------------------------ entity recognizer */

/* The learned entity recognizer (see README "Entity recognizer"): an
 * averaged structured perceptron over token features (words, affixes,
 * shapes, gazetteer candidates, rule matches) with Viterbi decoding.  With
 * a model for a document's language, the model decides the spans and labels
 * of PERSON, GPE/LOC and ORG (entity source "model"); a gazetteer entry on
 * the same span gives them kb_id and name; rule values (DATE, TIME, MONEY,
 * PERCENT) stay; a gazetteer alias with priority >= 100 wins over the
 * model.  No model is loaded unless set: the tagger is then gazetteer and
 * rules only. */

/* Uses the model file at `path` (written by tagger_ner_trainer_write; the
 * path is copied) for documents detected as `lang`, or, with `lang` NULL,
 * for any language without a model of its own.  `path` NULL removes it.
 * tagger_new fails with TAGGER_ERR_LOAD (or TAGGER_ERR_IO) and a message
 * naming the file when a model is missing, corrupt or of another version. */
TAGGER_API tagger_status tagger_config_set_ner_model(tagger_config *cfg, const char *lang,
                                                     const char *path);

/* A gold entity: a byte span of the text and one of the entity labels of
 * tagger_label_name() (PERSON, GPE, ORG, ...). */
typedef struct tagger_span {
    size_t start, end;
    const char *label;
} tagger_span;

typedef struct tagger_ner_train_options {
    size_t size;          /* sizeof the struct: set by tagger_ner_train_options_init */
    unsigned bucket_bits; /* 2^bits hashed feature buckets, 10..24 (20) */
    unsigned epochs;      /* passes over the training sentences (10) */
    int bilou;            /* non-zero: BILOU tags, else BIO (1) */
    uint64_t seed;        /* shuffling seed (1) */
    const char *lang;     /* language written into the model, or NULL */
    /* Word clusters (or NULL): a file of lines "word<TAB>id<TAB>id...", one
     * to four cluster ids (0..65534) per word, the same number on every
     * line, words in normalized form (as tools/ner/ner_words prints them).
     * Or an entity model file with clusters: its table is copied (the
     * words themselves are not stored, only their hashes).
     * The table is stored in the model; the cluster ids of the tokens
     * i-cluster_window .. i+cluster_window become features of token i. */
    const char *clusters;
    unsigned cluster_window; /* 0..2 (0: the word itself) */
    /* Non-zero: the tags the model gave the same word earlier in the
     * document are features (sentences decoded in document order) (0). */
    int history;
    /* Feature dropout, 0 .. 0.9: in each training step every feature of a
     * token sits out with this chance, so the model cannot lean on a few
     * strong ones (the word itself, a list hit) alone (0). */
    double dropout;
    /* Word dropout, 0 .. 0.9: in each training step all the features of a
     * token's word itself (the word, its prefixes and suffixes, the pairs
     * and shape with it, its ZWNJ pieces) sit out together with this
     * chance, as if the word were unknown: the model learns what an unseen
     * name's context and lists say (0). */
    double word_dropout;
    /* Runs, 1..16: the model is the mean of the weights of this many
     * perceptrons trained with seeds seed, seed+1, … (an ensemble that
     * costs nothing at run time) (1). */
    unsigned runs;
} tagger_ner_train_options;

/* Sets opt->size to `size` and the fields it covers to the defaults shown
 * above; call it through tagger_ner_train_options_init, which gives the size of the struct as
 * this header declares it (see "Options structs" at the top). */
TAGGER_API void tagger_ner_train_options_init_size(tagger_ner_train_options *opt, size_t size);
static inline void tagger_ner_train_options_init(tagger_ner_train_options *opt)
{
    tagger_ner_train_options_init_size(opt, sizeof *opt);
}

typedef struct tagger_ner_trainer tagger_ner_trainer; /* owned by caller */

/* A trainer that reads documents through `t` (which must outlive it): its
 * normalizer, tokenizer, gazetteers and rules make the features, so train
 * with the gazetteers and rules the model will run with (or ones built
 * without the training documents).  `opt` NULL means the defaults; an
 * `opt` of size 0 (never initialized) or larger than this library's is
 * TAGGER_ERR_USAGE. */
TAGGER_API tagger_ner_trainer *tagger_ner_trainer_new(const tagger *t,
                                                      const tagger_ner_train_options *opt,
                                                      tagger_error *err);
TAGGER_API void tagger_ner_trainer_free(tagger_ner_trainer *tr);

/* Adds one document with its gold entities (byte spans of `text`; spans
 * need not be sorted); `dev` non-zero keeps it for the per-epoch scores
 * only.  At most 8 labels. */
TAGGER_API tagger_status tagger_ner_trainer_add(tagger_ner_trainer *tr, const char *text,
                                                size_t len, const tagger_span *spans,
                                                size_t nspans, int dev, tagger_error *err);

/* The labels seen so far in order of first appearance (NULL past the end). */
TAGGER_API size_t tagger_ner_trainer_label_count(const tagger_ner_trainer *tr);
TAGGER_API const char *tagger_ner_trainer_label(const tagger_ner_trainer *tr, size_t i);

/* What an epoch did: tokens mistagged during the pass, and (with dev
 * documents) exact-span precision, recall and F1 (fractions) of the
 * averaged weights on them, over the recognizer's own tokens. */
typedef struct tagger_ner_epoch {
    unsigned epoch;
    unsigned run; /* 1..runs; runs + 1 (epoch 0): the mean of the runs */
    size_t tokens, mistakes;
    int has_dev;
    double dev_precision, dev_recall, dev_f1;
    double seconds;
} tagger_ner_epoch;

typedef struct tagger_ner_train_report {
    size_t train_tokens, train_segments, dev_tokens;
    size_t labels, tags, file_bytes;
    size_t train_features; /* feature occurrences over the training tokens */
    size_t cluster_words;  /* words in the cluster table (0: none) */
} tagger_ner_train_report;

/* Trains on the documents added and writes the model to `path` (through a
 * temporary file renamed into place), calling `progress` (may be NULL)
 * after each epoch.  Deterministic: the same documents in the same order
 * with the same options give the same bytes.  `report` may be NULL. */
TAGGER_API tagger_status tagger_ner_trainer_write(tagger_ner_trainer *tr, const char *path,
                                                  void (*progress)(void *ud,
                                                                   const tagger_ner_epoch *e),
                                                  void *ud, tagger_ner_train_report *report,
                                                  tagger_error *err);

#ifdef __cplusplus
}
#endif

#endif /* TAGGER_H */
