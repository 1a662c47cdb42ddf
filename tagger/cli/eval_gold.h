/*
 * eval_gold.h — gold-standard readers for `tagger eval`.
 *
 * Token formats (BIO / IOB2, one token a line, a blank line between
 * sentences): `token<TAB>tag` (PEYMA), `token<TAB>POS<TAB>tag` (ParsNER),
 * `token tag`, and CoNLL-2003 `token POS chunk tag` with -DOCSTART- lines.
 * On a line with a TAB the fields are TAB-separated (the token may contain
 * spaces), otherwise space-separated; the token is the first field and the
 * tag the last.  Tags are O, B-X, I-X, B_X or I_X.  I-X continues an
 * entity only after B-X or I-X in the same sentence, otherwise it starts
 * one (IOB1 files read correctly too).  The document text is rebuilt by
 * joining tokens with one space and sentences with a newline; a document is
 * a whole file, or the lines after each -DOCSTART- line.  A BOM at the start
 * of a file and CRs before line ends are ignored.
 *
 * JSONL: one document a line, {"text": ..., "entities": [{"start": S,
 * "end": E, "label": L}, ...]} with [S, E) in code points of text.
 *
 * A line that cannot be read (invalid UTF-8, a missing tag, an unknown tag,
 * bad JSON, an entity out of range) is reported as `file:line: reason`,
 * skipped and counted; reading goes on.
 */
#ifndef TAGGER_EVAL_GOLD_H
#define TAGGER_EVAL_GOLD_H

#include <stddef.h>
#include <stdio.h>

#include "eval_score.h"

typedef enum {
    EVAL_FORMAT_AUTO = 0,
    EVAL_FORMAT_CONLL,
    EVAL_FORMAT_PEYMA,
    EVAL_FORMAT_PARSNER,
    EVAL_FORMAT_JSONL
} eval_format;

/* "conll", "peyma", "parsner", "jsonl" ("auto" for EVAL_FORMAT_AUTO). */
const char *eval_format_name(eval_format f);
/* Parses a format name; returns 0 or -1. */
int eval_format_parse(const char *name, eval_format *f);

/* Guesses the format of a file's content: JSONL when the first non-blank
 * line starts with '{'; CoNLL when a line starts with -DOCSTART- or has four
 * space-separated fields; ParsNER when a line has three TAB-separated fields
 * or a tag label is PERS; CoNLL when a tag label is MISC; else PEYMA.
 * Returns EVAL_FORMAT_AUTO when the content has no non-blank line. */
eval_format eval_format_detect(const char *buf, size_t len);

/* One gold document, valid during the callback only. */
typedef struct eval_gold_doc {
    size_t line;       /* line of the file where the document starts */
    const char *text;  /* the (rebuilt) text, NUL-terminated */
    size_t len;        /* its length in bytes */
    eval_span *spans;  /* gold entities (byte spans; label == orig); the
                          callback may reorder or shrink them in place */
    size_t nspans;
    size_t sentences, tokens; /* 0 for JSONL */
} eval_gold_doc;

typedef struct eval_gold_stats {
    size_t documents, sentences, tokens;
    size_t malformed; /* lines reported and skipped */
} eval_gold_stats;

/* Called for each document with at least one token (or JSONL line);
 * a non-zero return stops reading and is returned by eval_gold_read. */
typedef int (*eval_doc_fn)(void *ctx, eval_gold_doc *doc);

/* Reads one file's content buf[0..len) (`name` is used in messages) as
 * `fmt` (not AUTO).  Gold labels are interned in `labels`, whose `read`
 * count grows by one per entity read.  Malformed lines are reported to
 * `diag` (NULL: silently) and counted in `stats`.  Returns 0, -1 when out
 * of memory, or the callback's non-zero value. */
int eval_gold_read(const char *name, const char *buf, size_t len, eval_format fmt,
                   eval_labels *labels, FILE *diag, eval_gold_stats *stats,
                   eval_doc_fn fn, void *ctx);

#endif /* TAGGER_EVAL_GOLD_H */
