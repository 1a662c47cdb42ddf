/* labels — see labels.h: the table, and lookups by name (by address for
 * the table's own strings, which most names are; by content for a copy). */
#include "labels.h"

#include <string.h>

_Static_assert(TG_NLABELS == TAGGER_LABEL_COUNT, "TAGGER_LABEL_COUNT in tagger.h");

/* The names in one block, in the order of tg_label (labels.h: a string
 * from the table is known by its address). */
static const struct {
    char person[sizeof "PERSON"], org[sizeof "ORG"], gpe[sizeof "GPE"], loc[sizeof "LOC"],
        fac[sizeof "FAC"], norp[sizeof "NORP"], event[sizeof "EVENT"],
        product[sizeof "PRODUCT"], date[sizeof "DATE"], time[sizeof "TIME"],
        money[sizeof "MONEY"], percent[sizeof "PERCENT"];
} names = {"PERSON", "ORG",     "GPE",  "LOC",  "FAC",   "NORP",
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

int tg_label_of(const char *name)
{
    if (!tg_label_in_table(name))
        return tg_label_find(name, strlen(name));
    int i = 0;
    while (tg_labels[i].name != name)
        i++;
    return i;
}

const char *tg_label_name_of(const char *name)
{
    int i = tg_label_of(name);
    return i < 0 ? NULL : tg_labels[i].name;
}

int tg_label_is(const char *name, unsigned flag)
{
    int i = tg_label_of(name);
    return i >= 0 && (tg_labels[i].flags & flag) != 0;
}

const char *tagger_label_name(size_t i)
{
    return i < TG_NLABELS ? tg_labels[i].name : NULL;
}
