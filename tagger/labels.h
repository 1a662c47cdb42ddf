/*
 * labels — the one table of entity labels: their names (the strings every
 * module hands around, so a label can be compared by pointer once it came
 * from here), their order (the index a compiled gazetteer stores and
 * tagger_label_name counts in) and what kind of label each is.  Code names
 * a label by its id: tg_label_name(TG_LABEL_ORG) to set one,
 * tg_label_eq(label, TG_LABEL_ORG) to test one (by address for the table's
 * own strings),
 * never a string literal.  Adding a label is a line in labels.c and a name
 * in tg_label, and TAGGER_LABEL_COUNT in tagger.h.
 */
#ifndef TAGGER_LABELS_H
#define TAGGER_LABELS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tagger.h"

typedef enum {
    TG_LABEL_PERSON, TG_LABEL_ORG, TG_LABEL_GPE, TG_LABEL_LOC, TG_LABEL_FAC, TG_LABEL_NORP,
    TG_LABEL_EVENT, TG_LABEL_PRODUCT, TG_LABEL_DATE, TG_LABEL_TIME, TG_LABEL_MONEY,
    TG_LABEL_PERCENT,
    TG_NLABELS
} tg_label;

/* Kinds of label (flags of tg_label_info). */
#define TG_LABEL_IS_VALUE 1u /* DATE, TIME, MONEY, PERCENT: found by rules, carry
                                a value, never linked to a list entry */
#define TG_LABEL_IS_PLACE 2u /* GPE, LOC, FAC: one place label may stand for another */

typedef struct {
    const char *name;
    unsigned flags;
} tg_label_info;

extern const tg_label_info tg_labels[TG_NLABELS];

/* The label named s[0..n), or -1. */
int tg_label_find(const char *s, size_t n);
/* The table's own string for the label `name`, or NULL if unknown. */
const char *tg_label_name_of(const char *name);

/* The table's string for the label `id`: what code assigns to a label. */
static inline const char *tg_label_name(tg_label id)
{
    return tg_labels[id].name;
}

/* Whether `name` is one of the table's own strings: the names lie in one
 * block in the order of tg_label (labels.c), and a copy is never inside it. */
static inline int tg_label_in_table(const char *name)
{
    uintptr_t p = (uintptr_t)name;
    return p >= (uintptr_t)tg_labels[0].name && p <= (uintptr_t)tg_labels[TG_NLABELS - 1].name;
}

/* The label at each offset of the names' block where a name starts
 * (labels.c), and tg_label_of for a name that is not the table's. */
extern const unsigned char tg_label_at[];
int tg_label_of_copy(const char *name);

/* The label named by the string `name` (a tg_labels name or a copy), or -1:
 * a name of the table by its place in the block, a copy by its content. */
static inline int tg_label_of(const char *name)
{
    if (tg_label_in_table(name)) {
        int i = tg_label_at[(uintptr_t)name - (uintptr_t)tg_labels[0].name];
        if (tg_labels[i].name == name) /* not a pointer into a name */
            return i;
    }
    return tg_label_of_copy(name);
}

/* Whether the label `name` has the kind `flag` (unknown labels: no). */
static inline int tg_label_is(const char *name, unsigned flag)
{
    int i = tg_label_of(name);
    return i >= 0 && (tg_labels[i].flags & flag) != 0;
}

/* Whether the label string `name` (a tg_labels name or a copy) is the label
 * `id`: by address for a name of the table, by content only for a copy. */
static inline int tg_label_eq(const char *name, tg_label id)
{
    return name == tg_labels[id].name ||
           (!tg_label_in_table(name) && strcmp(name, tg_labels[id].name) == 0);
}

/* Whether the label strings a and b (tg_labels names or copies) are the
 * same label: by address when both are the table's, by content otherwise. */
static inline int tg_label_same(const char *a, const char *b)
{
    return a == b ||
           (!(tg_label_in_table(a) && tg_label_in_table(b)) && strcmp(a, b) == 0);
}

#endif /* TAGGER_LABELS_H */
