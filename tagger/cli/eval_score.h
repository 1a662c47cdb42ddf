/*
 * eval_score.h — the scorer of `tagger eval`: pure functions from gold and
 * predicted entity spans to counts, scores and error tallies.
 *
 * Spans are byte ranges [start, end) of one document's text with a label.
 * Labels are small integers: indices into an eval_labels table that interns
 * every label string seen (gold labels such as "PER" and tagger labels such
 * as "PERSON" alike) and carries the running counts of each label.
 *
 * Before comparing, both sides go through eval_prepare(): each span is
 * trimmed of leading and trailing white space and punctuation (see
 * eval_trim), spans that become empty are dropped, and the rest are sorted
 * and deduplicated.  eval_compare() then counts, per label:
 *
 *   exact    a predicted span equal to a gold span (same start, end, label);
 *            each gold span matches at most one prediction
 *   overlap  pred_hit: predicted spans overlapping at least one gold span of
 *            the same label; gold_hit: gold spans overlapping at least one
 *            predicted span of the same label
 *
 * Exact scores: P = tp / pred, R = tp / gold.  Overlap (lenient) scores:
 * P = pred_hit / pred, R = gold_hit / gold.  F1 = 2PR / (P + R); any
 * ratio with a zero denominator is 0.
 */
#ifndef TAGGER_EVAL_SCORE_H
#define TAGGER_EVAL_SCORE_H

#include <stddef.h>

typedef struct eval_counts {
    size_t gold, pred; /* spans after trimming and deduplication */
    size_t tp;         /* exact matches */
    size_t gold_hit;   /* gold spans overlapped by a prediction */
    size_t pred_hit;   /* predictions overlapping a gold span */
} eval_counts;

typedef struct eval_label {
    char *name;         /* owned */
    size_t read;        /* gold entities read (before trimming) */
    eval_counts counts; /* accumulated by eval_compare */
} eval_label;

/* A growable table of interned labels; zero-initialize, free with
 * eval_labels_free. */
typedef struct eval_labels {
    eval_label *v;
    size_t n, cap;
} eval_labels;

/* The index of label s[0..len), added if new; -1 when out of memory. */
int eval_labels_intern(eval_labels *l, const char *s, size_t len);
void eval_labels_free(eval_labels *l);

/* ----------------------------------------------------------- label map */

/* Tagger label → gold label.  An empty gold label means "ignore". */
typedef struct eval_map_entry {
    char *from, *to; /* owned */
} eval_map_entry;

typedef struct eval_map {
    eval_map_entry *v;
    size_t n;
} eval_map;

/* Parses "PERSON=PER,GPE=LOC,NORP=" into `map` (replacing its contents).
 * Returns 0, or -1 with a message in err (out of memory included). */
int eval_map_parse(const char *spec, eval_map *map, char *err, size_t errlen);
/* The gold label for tagger label `from`, or NULL when the map has none
 * or maps it to nothing. */
const char *eval_map_lookup(const eval_map *map, const char *from);
void eval_map_free(eval_map *map);

/* ------------------------------------------------------------ spans */

typedef struct eval_span {
    size_t start, end; /* byte span in the document text */
    int label;         /* the label compared (gold label space) */
    int orig;          /* the label as given: the tagger's for predictions */
} eval_span;

/* Moves *start forward and *end backward over white space, ZWNJ and the
 * punctuation « » " ' ( ) [ ] . , ، : ; ؛ ! ? ؟ “ ” ‘ ’ … of text (valid
 * UTF-8, both ends on character boundaries).  Returns 0 when nothing is
 * left, else 1. */
int eval_trim(const char *text, size_t *start, size_t *end);

/* Trims every span, drops the empty ones, sorts by (start, end, label) and
 * removes duplicates of (start, end, label).  Returns the new count. */
size_t eval_prepare(const char *text, eval_span *spans, size_t n);

/* Compares prepared spans of one document and adds to counts[label].
 * gold_exact[i] / pred_exact[j] (each may be NULL) receive 1 when that span
 * found an exact match, else 0. */
void eval_compare(const eval_span *gold, size_t ngold, const eval_span *pred,
                  size_t npred, eval_labels *labels, unsigned char *gold_exact,
                  unsigned char *pred_exact);

/* Adds b into a. */
void eval_counts_add(eval_counts *a, const eval_counts *b);

typedef struct eval_prf {
    double p, r, f1;
} eval_prf;

eval_prf eval_exact_scores(const eval_counts *c);
eval_prf eval_overlap_scores(const eval_counts *c);

/* ----------------------------------------------------------- errors */

typedef enum { EVAL_FALSE_POS = 0, EVAL_FALSE_NEG = 1 } eval_error_kind;

/* One false positive or negative, then (after eval_errors_group) one group
 * of equal (kind, label, orig, text) with its count and the context of its
 * first occurrence. */
typedef struct eval_error {
    eval_error_kind kind;
    int label, orig;
    char *text;    /* owned: the span's text */
    char *context; /* owned: see eval_context */
    size_t count;
    size_t seq; /* order of arrival, so the first occurrence is kept */
} eval_error;

typedef struct eval_errors {
    eval_error *v;
    size_t n, cap;
} eval_errors;

/* Characters of context either side of an error. */
#define EVAL_CONTEXT_WIDTH 30

/* Records the span s of text[0..len) as an error, with its context.
 * Returns 0 or -1 (no memory). */
int eval_errors_add(eval_errors *e, eval_error_kind kind, const char *text,
                    size_t len, const eval_span *s);

/* Merges equal errors into groups, sorted by kind, then count (most
 * frequent first), then text, then labels. */
void eval_errors_group(eval_errors *e);
void eval_errors_free(eval_errors *e);

/* A one-line snippet: up to `width` characters either side of [start, end)
 * with the span in [[ ]], line breaks and tabs shown as spaces, no white
 * space at either end.  Returns a malloc'd string or NULL. */
char *eval_context(const char *text, size_t len, size_t start, size_t end,
                   size_t width);

/* A new object appended to the cJSON array `a`, or NULL (and *ok 0) when
 * memory ran out: the error lists of the JSON reports. */
struct cJSON;
struct cJSON *eval_json_push_object(struct cJSON *a, int *ok);

#endif /* TAGGER_EVAL_SCORE_H */
