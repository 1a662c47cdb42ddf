/*
 * resolve_filter_state — what resolve_filter's last pass keeps for a whole
 * document, so that a test of one entity that would read the whole document
 * reads it once a document instead (an internal header of resolve_filter.c).
 *
 * Algorithm
 * ---------
 * - tg_gaz_order: the document's candidates stably sorted by their first token
 *   (the caller's, the one the merge read) and by their last token (made at its
 *   first question); the candidates at a token are then a binary search away.
 * - tg_evidence_memo: an open-addressing table of the answers of the
 *   document-wide searches for evidence (one entry, record or surname each).
 * - tg_web_run: the run of non-space bytes around the last entity and its
 *   core; the entities inside one core (they come in the order of the text)
 *   read it once.  A run without a byte that a web address needs ("@",
 *   "://", a dot after a-z, 0-9 or "-"), 16 bytes compared a
 *   step, is no address: its core is not read.
 * - tg_title_index: the entities that are whole quoted titles of a work,
 *   sorted by their text, with a count of each text's still labelled ones;
 *   another quoted mention of a title is then a binary search away.
 */
#ifndef TG_RESOLVE_FILTER_STATE_H
#define TG_RESOLVE_FILTER_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "gazetteer.h"

/* The document's candidates stably sorted by last token and by first token (in their
 * order among equal tokens): the order by first token is the caller's, the one by last
 * token made at its first question (tg_gaz_order_at); a name after «وزیر» finds its
 * candidates by binary search, not by reading every one. */
typedef struct {
    const tg_gaz_match *const *by[2]; /* [0] by tok_last (NULL: not made), [1] by tok_first */
    const tg_gaz_match **block;       /* by[0]: the thread's block (scratch.h); NULL when
                                         not made or out of memory */
} tg_gaz_order;

/* The candidates of gaz[0..ngaz) whose last (first: 1) token is tok, in the order of gaz:
 * (*c)[*lo..returned end); all of gaz (with *c NULL and *lo 0) when the order could not be
 * made. */
size_t tg_gaz_order_at(const tg_gaz_match *gaz, size_t ngaz, tg_gaz_order *o, int first,
                       size_t tok, const tg_gaz_match *const **c, size_t *lo);

/* The document-wide searches of resolve_filter's evidence_missing (named_in_full,
 * surname_named_in_full, evidenced_mentions) and named_elsewhere, each made once a
 * document for one entry, record, surname or name and remembered here: a document that
 * repeats such an alias thousands of times would otherwise search the whole document for
 * each mention.  An open-addressing table, grown at half full. */
enum { TG_MEMO_ENTITY = 1, TG_MEMO_SURNAME, TG_MEMO_RECORD, TG_MEMO_NAMED };
typedef struct {
    int kind; /* 0: free */
    const void *gaz;
    uint32_t id;
    size_t s0, len; /* TG_MEMO_SURNAME, TG_MEMO_NAMED: the words' text in norm */
    size_t pos[2];  /* TG_MEMO_RECORD: two first tokens of mentions with evidence */
    int value;
} tg_memo_slot;
typedef struct {
    tg_memo_slot *slots;
    size_t cap, used;
} tg_evidence_memo;

/* The slot of (kind, gaz, id[, norm[s0..s0+len)]); *fresh is 1 when it was just made
 * (its answer still to be filled in: value 0, pos SIZE_MAX).  NULL when out of memory:
 * the caller searches again, with the same answer. */
tg_memo_slot *tg_evidence_memo_at(tg_evidence_memo *mm, int kind, const void *gaz, uint32_t id,
                                  const char *norm, size_t s0, size_t len, int *fresh);

/* The run of non-space bytes around an entity, as tg_in_web_address reads it: the run
 * [start, end), its core [core_start, core_end) and whether the core holds "@", "://" or
 * "www." (web) or ends in a domain (domain). */
typedef struct {
    size_t start, end, core_start, core_end;
    int web, domain;
} tg_web_run;

/* Whether norm[s..e) (norm: len bytes) lies in a web or e-mail address: the run of
 * non-space bytes around it holds "@", "://" or "www.", or is a domain name that the span
 * is not the whole of (resolve_filter.h).  *run is the run of an earlier entity (start ==
 * end: none yet), read again only when norm[s..e) is not inside its core. */
int tg_in_web_address(const char *norm, size_t len, size_t s, size_t e, tg_web_run *run);

/* The document's entities that are whole quoted titles of a work (resolve_filter.c's
 * whole_title: 1 after a work noun, 2 before «ساخته»), by their text: for each text, how
 * many of them still have a label and how many of those are of value 2.  made: 1 when
 * made, -1 when out of memory (the caller reads every entity). */
typedef struct {
    struct tg_title *items; /* sorted by text (then by entity) once sealed */
    size_t n, cap;
    size_t *item_of; /* entity index -> its item, SIZE_MAX for none */
    size_t nres;
    int made;
} tg_title_index;

/* Adds entity j (of nres), a title of value (1 or 2) on norm[start..start+len).
 * Returns 0 when out of memory. */
int tg_title_index_add(tg_title_index *ti, const char *norm, size_t start, size_t len,
                       int value, size_t j);
/* Sorts the titles added by their text and counts each text's; *ti is made then (made
 * 1, or -1 when out of memory).  nres: the number of entities. */
void tg_title_index_seal(tg_title_index *ti, size_t nres);
/* Whether a title of value > above, still labelled, has the text norm[start..start+len). */
int tg_title_index_has(const tg_title_index *ti, const char *norm, size_t start, size_t len,
                       int above);
/* Entity j lost its label: it counts no more. */
void tg_title_index_drop(tg_title_index *ti, size_t j);

/* What the last pass keeps from one entity to the next of a document: the run
 * tg_in_web_address read last, the answers of evidence_missing's searches, the
 * candidates in token order and the titles of the document.  All zero to start; tg_filter_state_free frees it. */
typedef struct {
    tg_web_run run;
    tg_evidence_memo memo;
    tg_gaz_order order;
    tg_title_index titles;
} tg_filter_state;

void tg_filter_state_free(tg_filter_state *st);

#endif /* TG_RESOLVE_FILTER_STATE_H */
