/*
 * truecase — what the English entity model reads of a Title Case headline
 * (issue 21): a copy of the text in which the words that English usually
 * writes in lower case are in lower case (truecase.c has the algorithm).
 */
#ifndef TG_TRUECASE_H
#define TG_TRUECASE_H

#include <stddef.h>

#include "tagger.h"

/* Sets *out to a malloc'd copy of text[0 .. tokens[ntokens-1].end) with
 * the first letter of such words lower-cased (one ASCII byte for one: every
 * offset stays), or to NULL when there is nothing to change (no sentence in
 * Title Case: the caller reads the text as it is).  Returns TAGGER_OK, or
 * TAGGER_ERR_NOMEM (then *out is NULL). */
tagger_status tg_truecase(const char *text, const tagger_token *tokens, size_t ntokens,
                          char **out);

/* Whether `word` (n bytes, any case) is on the list of words usually
 * written in lower case, directly or as a plural or past form of one. */
int tg_truecase_lower_word(const char *word, size_t n);

#endif
