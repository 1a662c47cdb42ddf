/* labels — see labels.h: the table, and lookups by name (a pointer
 * comparison first, since most names come from the table itself). */
#include "labels.h"

#include <string.h>

_Static_assert(TG_NLABELS == TAGGER_LABEL_COUNT, "TAGGER_LABEL_COUNT in tagger.h");

const tg_label_info tg_labels[TG_NLABELS] = {
    [TG_LABEL_PERSON] = {"PERSON", 0},
    [TG_LABEL_ORG] = {"ORG", 0},
    [TG_LABEL_GPE] = {"GPE", TG_LABEL_IS_PLACE},
    [TG_LABEL_LOC] = {"LOC", TG_LABEL_IS_PLACE},
    [TG_LABEL_FAC] = {"FAC", TG_LABEL_IS_PLACE},
    [TG_LABEL_NORP] = {"NORP", 0},
    [TG_LABEL_EVENT] = {"EVENT", 0},
    [TG_LABEL_PRODUCT] = {"PRODUCT", 0},
    [TG_LABEL_DATE] = {"DATE", TG_LABEL_IS_VALUE},
    [TG_LABEL_TIME] = {"TIME", TG_LABEL_IS_VALUE},
    [TG_LABEL_MONEY] = {"MONEY", TG_LABEL_IS_VALUE},
    [TG_LABEL_PERCENT] = {"PERCENT", TG_LABEL_IS_VALUE},
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
    for (int i = 0; i < TG_NLABELS; i++)
        if (tg_labels[i].name == name)
            return i;
    return tg_label_find(name, strlen(name));
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
