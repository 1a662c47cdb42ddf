/*
 * eval_links.h — `tagger eval --links GOLD`: how well the tagger links
 * mentions to knowledge-base entries.
 *
 * GOLD is a TSV of hand-checked mentions (data/links/README.md), one a
 * line, '#' lines and blank lines skipped:
 *
 *   source  doc  start  end  text  label  kb_id  [note]
 *
 * source is a file under the corpus root (a gold token file such as a
 * PEYMA document, or JSONL with a "text" member on each line); doc is the
 * document's number in it, from 1 (for JSONL: its line number); [start,
 * end) are code points of the document's text (for token files: the
 * tokens joined by a space, the sentences by a newline, as `tagger eval`
 * rebuilds them); text must equal the text there; kb_id is the expected
 * entry, or NIL when the entity is not one the knowledge base holds.
 *
 * Each document named is tagged once.  A mention is *linked* when a
 * predicted entity with a kb_id overlaps it (the one overlapping most
 * bytes, the first on a tie); it is *right* when that kb_id is the
 * expected one.  Per label and over all: accuracy = right / linked (a NIL
 * mention given a kb_id counts as linked and wrong), accuracy over non-NIL
 * = right / non-NIL mentions, linked share = linked non-NIL / non-NIL.
 */
#ifndef TAGGER_EVAL_LINKS_H
#define TAGGER_EVAL_LINKS_H

#include <stddef.h>

#include "tagger.h"

typedef struct eval_links_options {
    const char *gold; /* the TSV */
    const char *root; /* the directory the sources are under */
    size_t errors_n;  /* list up to this many errors of each kind */
    int json, quiet;
} eval_links_options;

/* Scores the tagger t on the mentions of o->gold and prints the report.
 * Returns an exit code: EXIT_OK, EXIT_USAGE (I/O error, out of memory) or
 * EXIT_REJECTED (a document could not be tagged). */
int eval_links_run(tagger *t, const eval_links_options *o);

#endif /* TAGGER_EVAL_LINKS_H */
