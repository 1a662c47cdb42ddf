/* link — see link.h for the algorithm. */
#include "link.h"

#include <stdlib.h>
#include <string.h>

#include "labels.h"

typedef struct {
    const char *label, *text;
    size_t len, entity;
    int linked; /* 0: a tail of a name many bear, which only blocks */
} link_key;

/* Whether a PERSON's list entry says many people bear the name (`link=no`:
 * «محمدرضا منصوری», a common first name and surname; gazlib.common_full_name). */
static int common_name(const tg_resolved *r)
{
    tg_gaz_entry e;
    size_t len;
    const char *v;
    return r->many || (r->gaz && tg_gazetteer_entry(r->gaz->gaz, r->gaz->record, &e) &&
                       (v = tg_gaz_attr(e.ids, "link", &len)) && len == 2 &&
                       memcmp(v, "no", 2) == 0);
}

static int compare_key(const link_key *a, const char *label, const char *text, size_t len)
{
    int c = a->label == label ? 0 : strcmp(a->label, label);
    if (c)
        return c;
    int d = memcmp(a->text, text, a->len < len ? a->len : len);
    return d ? d : (a->len > len) - (a->len < len);
}

static int by_key(const void *pa, const void *pb)
{
    const link_key *a = pa, *b = pb;
    int c = compare_key(a, b->label, b->text, b->len);
    return c ? c : (a->entity > b->entity) - (a->entity < b->entity);
}

/* A PERSON linked only through an ambiguous alias (a surname alone, «کوثری») loses that
 * link unless a rule confirmed it (a title) or it is a headline speaker («اسلامی:»): the keys below give it
 * back when the document names the person in full. */
static void drop_surname_links(const tg_resolved *res, tagger_entity *ents, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (ents[i].kb_id && res[i].gaz && (res[i].gaz->flags & TG_ALIAS_AMBIGUOUS) &&
            !res[i].rule && !res[i].speaker && strcmp(ents[i].label, "PERSON") == 0) {
            ents[i].kb_id = ents[i].name = ents[i].list = NULL;
            ents[i].wikidata = ents[i].name_fa = NULL;
            ents[i].alias = NULL;
        }
}

tagger_status tg_link_in_document(const char *norm, const tg_resolved *res, tagger_entity *ents,
                                  size_t n)
{
    size_t nkeys = 0, cap = 0, nunlinked = 0;
    drop_surname_links(res, ents, n);
    for (size_t i = 0; i < n; i++) {
        if (tg_label_is(ents[i].label, TG_LABEL_IS_VALUE))
            continue;
        if (!ents[i].kb_id)
            nunlinked++;
        cap++;
        if (strcmp(ents[i].label, "PERSON") == 0)
            for (size_t p = res[i].norm_start; p < res[i].norm_end; p++)
                cap += norm[p] == ' ';
    }
    if (!nunlinked || !cap)
        return TAGGER_OK;
    link_key *keys = malloc(cap * sizeof *keys);
    if (!keys)
        return TAGGER_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        if (tg_label_is(ents[i].label, TG_LABEL_IS_VALUE))
            continue;
        int linked = ents[i].kb_id != NULL;
        if (!linked && (strcmp(ents[i].label, "PERSON") != 0 || !common_name(&res[i])))
            continue;
        size_t s = res[i].norm_start, e = res[i].norm_end;
        if (linked)
            keys[nkeys++] = (link_key){ents[i].label, norm + s, e - s, i, 1};
        if (strcmp(ents[i].label, "PERSON") == 0)
            for (size_t p = s; p + 1 < e; p++)
                if (norm[p] == ' ')
                    keys[nkeys++] = (link_key){ents[i].label, norm + p + 1, e - p - 1, i, linked};
    }
    qsort(keys, nkeys, sizeof *keys, by_key);
    for (size_t i = 0; i < n; i++) {
        if (ents[i].kb_id || tg_label_is(ents[i].label, TG_LABEL_IS_VALUE))
            continue;
        const char *text = norm + res[i].norm_start;
        size_t len = res[i].norm_end - res[i].norm_start;
        size_t lo = 0, hi = nkeys; /* first key >= the mention */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (compare_key(&keys[mid], ents[i].label, text, len) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        const tagger_entity *entry = NULL;
        int agree = 1;
        for (size_t k = lo; k < nkeys && compare_key(&keys[k], ents[i].label, text, len) == 0;
             k++) {
            const tagger_entity *j = &ents[keys[k].entity];
            if (keys[k].entity == i)
                continue;
            if (!keys[k].linked) { /* «محمدرضا منصوری», a common name, also ends so */
                agree = 0;
                continue;
            }
            if (!entry)
                entry = j;
            else if (strcmp(entry->kb_id, j->kb_id) != 0)
                agree = 0;
        }
        if (entry && agree) {
            ents[i].kb_id = entry->kb_id;
            ents[i].name = entry->name;
            ents[i].list = entry->list;
            ents[i].wikidata = entry->wikidata;
            ents[i].name_fa = entry->name_fa;
        }
    }
    free(keys);
    return TAGGER_OK;
}
