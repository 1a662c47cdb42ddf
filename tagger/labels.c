/* labels — see labels.h: the table, and lookups by name (by address for
 * the table's own strings, which most names are; by content for a copy). */
#include "labels.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

_Static_assert(TG_NLABELS == TAGGER_LABEL_COUNT, "TAGGER_LABEL_COUNT in tagger.h");

/* The names in one block, in the order of tg_label (labels.h: a string
 * from the table is known by its address). */
typedef struct {
    char person[sizeof "PERSON"], org[sizeof "ORG"], gpe[sizeof "GPE"], loc[sizeof "LOC"],
        fac[sizeof "FAC"], norp[sizeof "NORP"], event[sizeof "EVENT"],
        product[sizeof "PRODUCT"], date[sizeof "DATE"], time[sizeof "TIME"],
        money[sizeof "MONEY"], percent[sizeof "PERCENT"];
} label_names;
static const label_names names = {"PERSON", "ORG",     "GPE",  "LOC",  "FAC",   "NORP",
           "EVENT",  "PRODUCT", "DATE", "TIME", "MONEY", "PERCENT"};

const tg_label_info tg_labels[TG_NLABELS] = {
    [TG_LABEL_PERSON] = {names.person, 0},
    [TG_LABEL_ORG] = {names.org, 0},
    [TG_LABEL_GPE] = {names.gpe, TG_LABEL_IS_PLACE},
    [TG_LABEL_LOC] = {names.loc, TG_LABEL_IS_PLACE},
    [TG_LABEL_FAC] = {names.fac, TG_LABEL_IS_PLACE},
    [TG_LABEL_NORP] = {names.norp, 0},
    [TG_LABEL_EVENT] = {names.event, 0},
    [TG_LABEL_PRODUCT] = {names.product, 0},
    [TG_LABEL_DATE] = {names.date, TG_LABEL_IS_VALUE},
    [TG_LABEL_TIME] = {names.time, TG_LABEL_IS_VALUE},
    [TG_LABEL_MONEY] = {names.money, TG_LABEL_IS_VALUE},
    [TG_LABEL_PERCENT] = {names.percent, TG_LABEL_IS_VALUE},
};

int tg_label_find(const char *s, size_t n)
{
    for (int i = 0; i < TG_NLABELS; i++)
        if (strlen(tg_labels[i].name) == n && memcmp(tg_labels[i].name, s, n) == 0)
            return i;
    return -1;
}

_Static_assert(offsetof(label_names, person) == 0, "the block starts at tg_labels[0].name");

/* The label of each name of the table, by its place in the block. */
#define AT(field, id) [offsetof(label_names, field)] = id
const unsigned char tg_label_at[sizeof(label_names)] = {
    AT(person, TG_LABEL_PERSON), AT(org, TG_LABEL_ORG),         AT(gpe, TG_LABEL_GPE),
    AT(loc, TG_LABEL_LOC),       AT(fac, TG_LABEL_FAC),         AT(norp, TG_LABEL_NORP),
    AT(event, TG_LABEL_EVENT),   AT(product, TG_LABEL_PRODUCT), AT(date, TG_LABEL_DATE),
    AT(time, TG_LABEL_TIME),     AT(money, TG_LABEL_MONEY),     AT(percent, TG_LABEL_PERCENT)};
#undef AT

int tg_label_of_copy(const char *name)
{
    return tg_label_find(name, strlen(name));
}

const char *tg_label_name_of(const char *name)
{
    int i = tg_label_of(name);
    return i < 0 ? NULL : tg_labels[i].name;
}

const char *tagger_label_name(size_t i)
{
    return i < TG_NLABELS ? tg_labels[i].name : NULL;
}
