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
 * JSON writers convert them to Unicode code points (the default, the same as
 * Python's text[start:end]), UTF-16 code units or bytes, and
 * tagger_doc_offset() does the same conversion for callers.
 *
 * Errors
 * ------
 * Functions that can fail take a `tagger_error *` (which may be NULL) and
 * fill it with a status code, a message and, where it applies, a byte offset
 * or a file:line:column.  Every *_free(NULL) is a no-op.
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
 * made by tagger_gazetteer_compile (mmap'd), told apart by content.  Layers
 * added later take precedence over earlier ones when two candidates cover
 * the same span (see gazetteers/README.md).  The path is copied. */
TAGGER_API tagger_status tagger_config_add_gazetteer(tagger_config *cfg,
                                                     const char *path);

/* Non-zero: report every candidate match, overlapping and ambiguous ones
 * included, instead of the resolved entities (default 0). */
TAGGER_API tagger_status tagger_config_set_all_matches(tagger_config *cfg, int on);

/* Loads a tagger.  `cfg` may be NULL for the defaults; it is only read and
 * may be freed right after.  Returns NULL and fills `err` on failure. */
TAGGER_API tagger *tagger_new(const tagger_config *cfg, tagger_error *err);
TAGGER_API void tagger_free(tagger *t);

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

/* ---------------------------------------------------------------- output */

typedef enum {
    TAGGER_OFFSETS_CODEPOINT = 0, /* Unicode code points (default) */
    TAGGER_OFFSETS_UTF16,         /* UTF-16 code units (JavaScript, Java) */
    TAGGER_OFFSETS_UTF8           /* bytes */
} tagger_offset_unit;

/* Converts a byte offset of the input (on a character boundary) to `unit`. */
TAGGER_API size_t tagger_doc_offset(const tagger_doc *doc, size_t byte_offset,
                                    tagger_offset_unit unit);

typedef struct tagger_json_options {
    tagger_offset_unit offsets;
    int pretty;          /* non-zero: indented, one key a line */
    const char *id;      /* value of "id", or NULL to omit it */
    const char *lang;    /* value of "lang", or NULL for the detected one */
} tagger_json_options;

/* The v1 document JSON (see DESIGN.md): keys in fixed order, entities sorted
 * by start.  Returns a NUL-terminated string the caller frees with free(),
 * or NULL on allocation failure; *len (if not NULL) receives its length. */
TAGGER_API char *tagger_doc_to_json(const tagger_doc *doc,
                                    const tagger_json_options *opt, size_t *len);

/* {"text": normalized text, "key": match key, "map": [[start,end],...]}:
 * the normalized text, its matching key (white space and joiners removed),
 * and for every code point of the normalized text the span of the input
 * that produced it, in `opt->offsets` units. */
TAGGER_API char *tagger_doc_normalized_to_json(const tagger_doc *doc,
                                               const tagger_json_options *opt,
                                               size_t *len);

/* {"tokens": [{"start","end","text","norm","kind","sentence"}, ...]} */
TAGGER_API char *tagger_doc_tokens_to_json(const tagger_doc *doc,
                                           const tagger_json_options *opt,
                                           size_t *len);

/* ------------------------------------------------------------- gazetteers */

typedef struct tagger_gazetteer tagger_gazetteer; /* opaque, read-only */

/* Alias flags in gazetteer entries. */
#define TAGGER_ALIAS_CASE_SENSITIVE 1u
#define TAGGER_ALIAS_AMBIGUOUS 2u

/* Compiles TSV sources into one binary gazetteer at `out_path` (written to a
 * temporary file and renamed); with `out_path` NULL only validates them.
 * Errors name file:line:column. */
TAGGER_API tagger_status tagger_gazetteer_compile(const char *const *sources,
                                                  size_t nsources,
                                                  const char *out_path,
                                                  tagger_error *err);

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
    size_t entities_by_label[12]; /* in tagger_label_name() order */
} tagger_gazetteer_stats;

TAGGER_API void tagger_gazetteer_get_stats(const tagger_gazetteer *g,
                                           tagger_gazetteer_stats *st);
/* The i-th entity label (0 <= i < 12): PERSON, ORG, GPE, LOC, FAC, NORP,
 * EVENT, PRODUCT, DATE, TIME, MONEY, PERCENT; NULL past the end. */
TAGGER_API const char *tagger_label_name(size_t i);

/* The matching key of a string: normalized with white space removed.
 * Returns a malloc'd string the caller frees, or NULL on invalid UTF-8. */
TAGGER_API char *tagger_match_key(const tagger *t, const char *text, size_t len);

/* The language detected from the script of the letters: "fa" or "en". */
TAGGER_API const char *tagger_doc_lang(const tagger_doc *doc);

#ifdef __cplusplus
}
#endif

#endif /* TAGGER_H */
