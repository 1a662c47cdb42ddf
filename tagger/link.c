/* link — see link.h for the algorithm; the keys' words are link_words.c's. */
#include "link.h"

#include <stdlib.h>
#include <string.h>

#include "labels.h"
#include "scratch.h"
#include "sort.h"

typedef struct {
    const char *label, *text;
    size_t len, entity;
    int linked; /* 0: a tail of a name many bear, which only blocks */
    int club;   /* a club's key ("united"), which links and votes not */
} link_key;

/* Whether a PERSON's list entry says many people bear the name (`link=no`:
 * «محمدرضا منصوری», a common first name and surname; gazlib.common_full_name). */
static int common_name(const tg_resolved *r)
{
    tg_gaz_entry e;
    return r->many || (r->gaz && tg_gazetteer_entry(r->gaz->gaz, r->gaz->record, &e) &&
                       tg_gaz_attr_is(e.ids, "link", "no"));
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

/* Whether w[0..n) is a word an acronym leaves out ("of", "and": acronym_fillers). */
static int filler(const char *w, size_t n)
{
    for (size_t l = 0; l < TG_LINK_NLANGS; l++) {
        const char *const *f = tg_link_words_table[l].acronym_fillers;
        for (size_t j = 0;
             j < sizeof tg_link_words_table[l].acronym_fillers / sizeof *f && f[j]; j++)
            if (strlen(f[j]) == n && memcmp(w, f[j], n) == 0)
                return 1;
    }
    return 0;
}

/* Whether norm[s..e) is a name whose words' initials, the fillers left out, are the
 * letters a..a+n ("international atomic energy agency" and "iaea"; the normalized text
 * is in lower case). */
static int spells(const char *norm, size_t s, size_t e, const char *a, size_t n)
{
    size_t k = 0;
    for (size_t p = s; p < e;) {
        size_t q = p;
        while (q < e && norm[q] != ' ')
            q++;
        if (!filler(norm + p, q - p) && (k >= n || norm[p] != a[k++]))
            return 0;
        p = q < e ? q + 1 : q;
    }
    return k == n && n >= 2;
}

/* English: an organization's acronym defined in parentheses right after its name ("the
 * International Atomic Energy Agency (IAEA)": two ORG entities, the acronym of 2 to 8
 * Latin letters spelled by the name's initials) is the same organization: when the lists
 * link the name and not the acronym, the acronym takes the name's entry (and with it, the
 * lookup below gives it to the acronym's other mentions).  Not the other way: a short
 * acronym is often another body's alias ("Intel Developer Forum (IDF)" is no army).
 * Returns how many are (with `apply`) or would be linked. */
static size_t acronym_links(const char *norm, const tg_resolved *res, tagger_entity *ents, size_t n,
                            int apply)
{
    size_t linked = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        size_t e = res[i].norm_end, a = res[i + 1].norm_start, b = res[i + 1].norm_end, p;
        if (!tg_label_eq(ents[i].label, TG_LABEL_ORG) ||
            !tg_label_eq(ents[i + 1].label, TG_LABEL_ORG) || !ents[i].kb_id ||
            ents[i + 1].kb_id || a != e + 2 || norm[e] != ' ' || norm[e + 1] != '(' ||
            norm[b] != ')' || b - a < 2 || b - a > 8)
            continue;
        for (p = a; p < b && norm[p] >= 'a' && norm[p] <= 'z'; p++)
            ;
        if (p < b || !spells(norm, res[i].norm_start, e, norm + a, b - a))
            continue;
        linked++;
        if (apply) {
            ents[i + 1].kb_id = ents[i].kb_id;
            ents[i + 1].name = ents[i].name;
            ents[i + 1].list = ents[i].list;
            ents[i + 1].wikidata = ents[i].wikidata;
            ents[i + 1].name_fa = ents[i].name_fa;
        }
    }
    return linked;
}

/* Whether t[0..len) starts with p and goes on. */
static int has_prefix(const char *t, size_t len, const char *p)
{
    size_t plen = strlen(p);
    return len > plen && memcmp(t, p, plen) == 0;
}

/* A linked club whose canonical name ends in a club tail (" United": Manchester United
 * F.C., its club suffix " F.C." or " FC" aside; also when written "Man Utd") keys the club key
 * ("united"), so a lone "United" takes the
 * club when the document names one such club only (two: the keys disagree, it stays
 * unlinked; no majority vote).  Not a club linked through an ambiguous alias ("Newcastle"
 * of "Scottish and Newcastle" brewers).  Returns the club key, or NULL. */
static const char *club_key(const tagger_entity *ent, const tg_resolved *r)
{
    size_t len = ent->name ? strlen(ent->name) : 0;
    if (r->gaz && (r->gaz->flags & TG_ALIAS_AMBIGUOUS))
        return NULL;
    for (size_t l = 0; l < TG_LINK_NLANGS; l++) {
        const tg_link_words *w = &tg_link_words_table[l];
        size_t n = len, tl = w->club_tail ? strlen(w->club_tail) : 0;
        for (size_t k = 0; k < sizeof w->club_suffixes / sizeof *w->club_suffixes; k++) {
            size_t sl = w->club_suffixes[k] ? strlen(w->club_suffixes[k]) : 0;
            if (sl && n > sl && memcmp(ent->name + n - sl, w->club_suffixes[k], sl) == 0)
                n -= sl;
        }
        if (tl && n > tl && memcmp(ent->name + n - tl, w->club_tail, tl) == 0)
            return w->club_key;
    }
    return NULL;
}

/* The most keys region_keys adds for one entity: the club key, a republic head and each
 * province side of each language. */
#define REGION_KEYS_MAX \
    (1 + TG_LINK_NLANGS * (1 + sizeof tg_link_words_table[0].province_sides / \
                                   sizeof *tg_link_words_table[0].province_sides))

/* Adds the region keys of linked entity i on norm[s, e) to keys (room for
 * REGION_KEYS_MAX), and the club key `club` of an ORG: a country named in full as a republic
 * gives its short name a key («جمهوری آذربایجان» → «آذربایجان»; a republic may be an ORG
 * span, «جمهوری آذربایجان با ارمنستان مذاکره کرد»); a GPE province named by a region and
 * its side blocks it («آذربایجان شرقی», «استان آذربایجان غربی»: Iran's Azerbaijan). */
static size_t region_keys(const char *norm, const char *label, size_t i, size_t s,
                          size_t e, const char *club, link_key *keys)
{
    size_t n = 0;
    const char *gpe = tg_label_name(TG_LABEL_GPE), *org = tg_label_name(TG_LABEL_ORG);
    if (!tg_label_eq(label, TG_LABEL_GPE) && !tg_label_eq(label, TG_LABEL_ORG))
        return 0;
    if (tg_label_eq(label, TG_LABEL_ORG) && club)
        keys[n++] = (link_key){org, club, strlen(club), i, 1, 1};
    for (size_t l = 0; l < TG_LINK_NLANGS; l++) {
        const char *head = tg_link_words_table[l].republic_head;
        if (head && has_prefix(norm + s, e - s, head)) {
            size_t hl = strlen(head);
            keys[n++] = (link_key){gpe, norm + s + hl, e - s - hl, i, 1, 0};
        }
    }
    if (!tg_label_eq(label, TG_LABEL_GPE))
        return n;
    for (size_t l = 0; l < TG_LINK_NLANGS; l++) {
        const tg_link_words *w = &tg_link_words_table[l];
        size_t ps = s;
        if (w->province_head && has_prefix(norm + s, e - s, w->province_head))
            ps += strlen(w->province_head);
        for (size_t k = 0; k < sizeof w->province_sides / sizeof *w->province_sides;
             k++) {
            size_t sl = w->province_sides[k] ? strlen(w->province_sides[k]) : 0;
            if (sl && e - ps > sl && memcmp(norm + e - sl, w->province_sides[k], sl) == 0)
                keys[n++] = (link_key){gpe, norm + ps, e - ps - sl, i, 0, 0};
        }
    }
    return n;
}

/* Whether norm[..s) ends in the word(s) w (ending in its space), at the
 * text's start or after a space. */
static int word_before(const char *norm, size_t s, const char *w)
{
    size_t wl = w ? strlen(w) : 0;
    return wl && s >= wl && memcmp(norm + s - wl, w, wl) == 0 &&
           (s == wl || norm[s - wl - 1] == ' ');
}

/* The length of the first of words[0..n) (NULL entries are none) that norm[..s) ends in
 * (word_before), or 0; WORDS_BEFORE for an array of a tg_link_words. */
static size_t any_word_before(const char *norm, size_t s, const char *const *words, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (word_before(norm, s, words[k]))
            return strlen(words[k]);
    return 0;
}
#define WORDS_BEFORE(norm, s, array)                                                     \
    any_word_before(norm, s, array, sizeof(array) / sizeof *(array))

/* Whether a title ("President ") stands right before norm[s] ("President Bush": the
 * English model's span leaves the title out and with it the title rule's mark). */
static int titled(const char *norm, size_t s)
{
    for (size_t l = 0; l < TG_LINK_NLANGS; l++)
        if (word_before(norm, s, tg_link_words_table[l].title))
            return 1;
    return 0;
}

/* An entity loses its link (kb_id and what comes with it). */
static void unlink_entity(tagger_entity *e)
{
    e->kb_id = e->name = e->list = NULL;
    e->wikidata = e->name_fa = NULL;
    e->alias = NULL;
}

/* The tails of the document's PERSONs that famous_surname asks about: every whole-word
 * tail after the first word («احمد کیارستمی» → «کیارستمی»), sorted by text; each group
 * of equal tails counts its entities now unlinked and knows its linked ones' entry (or
 * that they were of several), so a question is a binary search.  Made at the first
 * question; drop_surname_links unlinks entities as it goes, and each unlink after that is
 * counted in the groups of the entity's tails (tails_unlinked). */
typedef struct {
    const char *text;
    size_t len, group;
} person_tail;

typedef struct {
    size_t unlinked;   /* its entities without a link now */
    const char *kb_id; /* the entry of its linked ones when made, NULL for none */
    int mixed;         /* they were of two entries or more */
} tail_group;

typedef struct {
    person_tail *tails;
    tail_group *groups;
    size_t n;
} person_tails;

static int compare_tail(const person_tail *a, const char *text, size_t len)
{
    int d = memcmp(a->text, text, a->len < len ? a->len : len);
    return d ? d : (a->len > len) - (a->len < len);
}

static int by_tail(const void *pa, const void *pb)
{
    const person_tail *a = pa, *b = pb;
    int c = compare_tail(a, b->text, b->len);
    return c ? c : (a->group > b->group) - (a->group < b->group);
}

/* The group of the tails equal to text[0..len), or NULL. */
static tail_group *tail_group_of(const person_tails *pt, const char *text, size_t len)
{
    size_t lo = 0, hi = pt->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (compare_tail(&pt->tails[mid], text, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < pt->n && compare_tail(&pt->tails[lo], text, len) == 0
               ? &pt->groups[pt->tails[lo].group]
               : NULL;
}

/* Puts in out each tail norm[p + 1..e) of PERSON ents[i] on norm[s..e) (a space at p,
 * s < p < e), its .group the entity; with out NULL only counts them.  Returns their
 * number. */
static size_t person_tails_of(const char *norm, const tg_resolved *res, const tagger_entity *ents,
                              size_t i, person_tail *out)
{
    size_t s = res[i].norm_start, e = res[i].norm_end, n = 0;
    if (!tg_label_eq(ents[i].label, TG_LABEL_PERSON))
        return 0;
    for (size_t p = s + 1; p < e; p++)
        if (norm[p] == ' ') {
            if (out)
                out[n] = (person_tail){norm + p + 1, e - p - 1, i};
            n++;
        }
    return n;
}

static tagger_status person_tails_make(const char *norm, const tg_resolved *res,
                                       const tagger_entity *ents, size_t n, person_tails *pt)
{
    size_t cap = 0, ngroups = 0;
    for (size_t i = 0; i < n; i++)
        cap += person_tails_of(norm, res, ents, i, NULL);
    pt->tails = malloc((cap ? cap : 1) * sizeof *pt->tails);
    pt->groups = malloc((cap ? cap : 1) * sizeof *pt->groups);
    if (!pt->tails || !pt->groups)
        return TAGGER_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) /* .group: the entity until sorted */
        pt->n += person_tails_of(norm, res, ents, i, pt->tails + pt->n);
    tg_sort_stable(pt->tails, pt->n, sizeof *pt->tails, by_tail);
    for (size_t k = 0; k < pt->n; k++) {
        const tagger_entity *j = &ents[pt->tails[k].group];
        if (!k || compare_tail(&pt->tails[k - 1], pt->tails[k].text, pt->tails[k].len) != 0)
            pt->groups[ngroups++] = (tail_group){0, NULL, 0};
        tail_group *g = &pt->groups[ngroups - 1];
        if (!j->kb_id)
            g->unlinked++;
        else if (!g->kb_id)
            g->kb_id = j->kb_id;
        else
            g->mixed |= strcmp(g->kb_id, j->kb_id) != 0;
        pt->tails[k].group = ngroups - 1;
    }
    return TAGGER_OK;
}

/* PERSON ents[i], linked when the tails were made, has lost its link. */
static void tails_unlinked(const char *norm, const tg_resolved *res, size_t i,
                           const person_tails *pt)
{
    size_t s = res[i].norm_start, e = res[i].norm_end;
    for (size_t p = s + 1; p < e; p++)
        if (norm[p] == ' ')
            tail_group_of(pt, norm + p + 1, e - p - 1)->unlinked++;
}

/* Whether PERSON i, linked through an ambiguous alias, is the lone surname of an entry
 * marked `link=surname` (a surname few people bear, whose famous bearer news names so:
 * «کیارستمی»), on the model's span, and no other full name of the document ends in it
 * but the same entry's («احمد کیارستمی» leaves it to the keys below): no group of the
 * PERSONs' tails is its text, or that group's entities are all linked to its entry (its
 * own tails are shorter than it, so i is in no such group).  Makes pt at the first
 * question (status: TAGGER_ERR_NOMEM when it could not). */
static int famous_surname(const char *norm, const tg_resolved *res, const tagger_entity *ents,
                          size_t n, size_t i, person_tails *pt, tagger_status *status)
{
    tg_gaz_entry e;
    size_t s = res[i].norm_start, l = res[i].norm_end - s;
    if (!res[i].model || !tg_gazetteer_entry(res[i].gaz->gaz, res[i].gaz->record, &e) ||
        !tg_gaz_attr_is(e.ids, "link", "surname"))
        return 0;
    if (!pt->tails && (*status = person_tails_make(norm, res, ents, n, pt)) != TAGGER_OK)
        return 0;
    const tail_group *g = tail_group_of(pt, norm + s, l);
    return !g || (!g->unlinked && !g->mixed && strcmp(g->kb_id, ents[i].kb_id) == 0);
}

/* A PERSON linked only through an ambiguous alias (a surname alone, «کوثری») loses that
 * link unless a rule confirmed it (a title, "President Bush"), it is a headline speaker
 * («اسلامی:») or a famous bearer's surname (famous_surname): the keys below give it back
 * when the document names the person in full. */
static tagger_status drop_surname_links(const char *norm, const tg_resolved *res,
                                        tagger_entity *ents, size_t n)
{
    person_tails pt = {NULL, NULL, 0};
    tagger_status status = TAGGER_OK;
    for (size_t i = 0; i < n && status == TAGGER_OK; i++)
        if (ents[i].kb_id && res[i].gaz && (res[i].gaz->flags & TG_ALIAS_AMBIGUOUS) &&
            !res[i].rule && !res[i].speaker && !titled(norm, res[i].norm_start) &&
            tg_label_eq(ents[i].label, TG_LABEL_PERSON) &&
            !famous_surname(norm, res, ents, n, i, &pt, &status) && status == TAGGER_OK) {
            unlink_entity(&ents[i]);
            if (pt.tails)
                tails_unlinked(norm, res, i, &pt);
        }
    free(pt.tails), free(pt.groups);
    return status;
}

/* Whether list (a gazetteer file as entries name it: "fa/countries.tsv") is a
 * countries list: its file name starts with "countries". */
static int countries_list(const char *list)
{
    const char *base = list ? strrchr(list, '/') : NULL;
    base = base ? base + 1 : list;
    return base && strncmp(base, "countries", 9) == 0;
}

/* Whether ents[j] is a GPE linked to a country of the countries lists; with `plain`, not
 * through an ambiguous alias. */
static int linked_country(const tg_resolved *res, const tagger_entity *ents, size_t j, int plain)
{
    return ents[j].kb_id && tg_label_eq(ents[j].label, TG_LABEL_GPE) &&
           countries_list(ents[j].list) &&
           !(plain && res[j].gaz && (res[j].gaz->flags & TG_ALIAS_AMBIGUOUS));
}

/* Whether norm[e..s), between two entities, is a list's joint only («، », « و »). */
static int list_joint(const char *norm, size_t e, size_t s)
{
    for (size_t l = 0; l < TG_LINK_NLANGS; l++)
        for (size_t k = 0; k < sizeof tg_link_words_table[l].list_joints / sizeof(char *); k++) {
            const char *j = tg_link_words_table[l].list_joints[k];
            if (j && s >= e && strlen(j) == s - e && memcmp(norm + e, j, s - e) == 0)
                return 1;
        }
    return 0;
}

/* The two letters of the iso= code of entity j's entry, or NULL. */
static const char *entry_iso(const tg_resolved *res, size_t j)
{
    tg_gaz_entry en;
    size_t len;
    const char *iso;
    return res[j].gaz && tg_gazetteer_entry(res[j].gaz->gaz, res[j].gaz->record, &en) &&
                   (iso = tg_gaz_attr(en.ids, "iso", &len)) && len >= 2
               ? iso
               : NULL;
}

/* Whether entity j is a province named by norm[s..e) and a side («آذربایجان شرقی»,
 * «استان آذربایجان غربی»). */
static int province_of(const char *norm, const tg_resolved *res, size_t j, size_t s, size_t e)
{
    size_t a = res[j].norm_start, b = res[j].norm_end, len = e - s;
    for (size_t l = 0; l < TG_LINK_NLANGS; l++) {
        const tg_link_words *w = &tg_link_words_table[l];
        if (w->province_head && has_prefix(norm + a, b - a, w->province_head))
            a += strlen(w->province_head);
        for (size_t k = 0; k < sizeof w->province_sides / sizeof *w->province_sides; k++) {
            size_t sl = w->province_sides[k] ? strlen(w->province_sides[k]) : 0;
            if (sl && b - a == len + sl && memcmp(norm + a, norm + s, len) == 0 &&
                memcmp(norm + a + len, w->province_sides[k], sl) == 0)
                return 1;
        }
    }
    return 0;
}

/* Whether the document says that GPE i, linked to a country through an ambiguous alias,
 * is that country (link.h: a country word before it, a country beside it in a list, the
 * entry named plainly, or a place in the country and no province of the name). */
static int country_evidence(const char *norm, const tg_resolved *res, const tagger_entity *ents,
                            size_t n, size_t i)
{
    size_t s = res[i].norm_start, e = res[i].norm_end;
    for (size_t l = 0; l < TG_LINK_NLANGS; l++)
        if (WORDS_BEFORE(norm, s, tg_link_words_table[l].country_before))
            return 1;
    if ((i > 0 && linked_country(res, ents, i - 1, 1) && list_joint(norm, res[i - 1].norm_end, s)) ||
        (i + 1 < n && linked_country(res, ents, i + 1, 1) &&
         list_joint(norm, e, res[i + 1].norm_start)))
        return 1;
    const char *iso = entry_iso(res, i), *other;
    int place = 0;
    for (size_t j = 0; j < n; j++) {
        if (j == i || !ents[j].kb_id)
            continue;
        if (province_of(norm, res, j, s, e))
            return 0; /* «آذربایجان شرقی»: Iran's region may be meant */
        place |= strcmp(ents[j].kb_id, ents[i].kb_id) == 0 && res[j].gaz &&
                 !(res[j].gaz->flags & TG_ALIAS_AMBIGUOUS); /* «جمهوری آذربایجان» */
        place |= iso && !countries_list(ents[j].list) && (other = entry_iso(res, j)) &&
                 memcmp(iso, other, 2) == 0; /* Baku */
    }
    return place;
}

/* A GPE linked through an ambiguous alias to a country marked `link=country` loses the
 * link where the document does not say it is the country (link.h). */
static void country_alias_links(const char *norm, const tg_resolved *res, tagger_entity *ents,
                                size_t n)
{
    tg_gaz_entry en;
    for (size_t i = 0; i < n; i++)
        if (res[i].gaz && (res[i].gaz->flags & TG_ALIAS_AMBIGUOUS) &&
            linked_country(res, ents, i, 0) &&
            tg_gazetteer_entry(res[i].gaz->gaz, res[i].gaz->record, &en) &&
            tg_gaz_attr_is(en.ids, "link", "country") && !country_evidence(norm, res, ents, n, i))
            unlink_entity(&ents[i]);
}

typedef struct {
    const char *text; /* a linked full name's last word (normalized) */
    size_t len;
} surname_ref;

/* Orders two normalized texts as memcmp, a prefix first. */
static int compare_texts(const char *a, size_t alen, const char *b, size_t blen)
{
    int d = memcmp(a, b, alen < blen ? alen : blen);
    return d ? d : (alen > blen) - (alen < blen);
}

static int by_surname(const void *pa, const void *pb)
{
    const surname_ref *a = pa, *b = pb;
    return compare_texts(a->text, a->len, b->text, b->len);
}

/* Whether norm[s..] follows a word of a language's list: place_before (bearer 0), a word
 * that makes a name a place («مرز »), or bearer_before (bearer 1), one that makes a lone
 * surname its famous bearer's («شهید »), also past up to three bearer_titles («شهید آیت
 * الله مطهری»). */
static int listed_word_before(const char *norm, size_t s, int bearer)
{
    for (size_t l = 0; l < TG_LINK_NLANGS; l++) {
        const tg_link_words *t = &tg_link_words_table[l];
        if (!bearer) {
            if (WORDS_BEFORE(norm, s, t->place_before))
                return 1;
            continue;
        }
        size_t p = s, title;
        for (int past = 0; past <= 3; past++) {
            if (WORDS_BEFORE(norm, p, t->bearer_before))
                return 1;
            if (!(title = WORDS_BEFORE(norm, p, t->bearer_titles)))
                break;
            p -= title;
        }
    }
    return 0;
}

/* Whether entity i is a place of one word that may be a linked person's
 * surname: not a FAC, not a linked country. */
static int one_word_place(const char *norm, const tg_resolved *res, const tagger_entity *ents,
                          size_t i)
{
    size_t s = res[i].norm_start, e = res[i].norm_end;
    return tg_label_is(ents[i].label, TG_LABEL_IS_PLACE) &&
           !tg_label_eq(ents[i].label, TG_LABEL_FAC) && !memchr(norm + s, ' ', e - s) &&
           !(ents[i].kb_id && countries_list(ents[i].list));
}

/* A place of one word that is the last word of a linked PERSON of two words or more
 * (the model's GPE «مورالس» beside «اوا مورالس», Evo Morales; «ساری» beside «مائوریسیو
 * ساری») is that person: it becomes a PERSON without its place's link, which the keys
 * below give it.  Not a country's name (a person «… ایران» names no Iran), not right
 * after a place's word («مرز بازرگان», the border town, beside «مهدی بازرگان»). */
static tagger_status surname_places(const char *norm, const tg_resolved *res,
                                    tagger_entity *ents, size_t n)
{
    size_t nrefs = 0, nplaces = 0;
    for (size_t i = 0; i < n; i++) {
        size_t s = res[i].norm_start, e = res[i].norm_end;
        if (ents[i].kb_id && tg_label_eq(ents[i].label, TG_LABEL_PERSON) &&
            memchr(norm + s, ' ', e - s))
            nrefs++;
        else if (one_word_place(norm, res, ents, i))
            nplaces++;
    }
    if (!nrefs || !nplaces)
        return TAGGER_OK;
    surname_ref *refs = malloc(nrefs * sizeof *refs);
    if (!refs)
        return TAGGER_ERR_NOMEM;
    nrefs = 0;
    for (size_t i = 0; i < n; i++) {
        size_t s = res[i].norm_start, e = res[i].norm_end, p = e;
        if (!ents[i].kb_id || !tg_label_eq(ents[i].label, TG_LABEL_PERSON))
            continue;
        while (p > s && norm[p - 1] != ' ')
            p--;
        if (p > s)
            refs[nrefs++] = (surname_ref){norm + p, e - p};
    }
    tg_sort_stable(refs, nrefs, sizeof *refs, by_surname);
    for (size_t i = 0; i < n; i++) {
        size_t s = res[i].norm_start, e = res[i].norm_end;
        if (!one_word_place(norm, res, ents, i) || listed_word_before(norm, s, 0))
            continue;
        surname_ref key = {norm + s, e - s};
        if (!bsearch(&key, refs, nrefs, sizeof *refs, by_surname))
            continue;
        ents[i].label = tg_label_name(TG_LABEL_PERSON);
        unlink_entity(&ents[i]);
    }
    free(refs);
    return TAGGER_OK;
}

/* A linked full name's tail (normalized) and its entry, for others_surnames. */
typedef struct {
    const char *text, *kb_id;
    size_t len;
} named_tail;

static int by_named_tail(const void *pa, const void *pb)
{
    const named_tail *a = pa, *b = pb;
    return compare_texts(a->text, a->len, b->text, b->len);
}

/* Whether PERSON ents[i] is a name of one word linked on its own (a surname alone, through
 * a plain alias: «هاشمی» of Akbar Hashemi Rafsanjani), no rule or title confirming it. */
static int lone_linked_surname(const char *norm, const tg_resolved *res,
                               const tagger_entity *ents, size_t i)
{
    size_t s = res[i].norm_start, e = res[i].norm_end;
    return ents[i].kb_id && tg_label_eq(ents[i].label, TG_LABEL_PERSON) && e > s &&
           !memchr(norm + s, ' ', e - s) && !res[i].rule && !titled(norm, s);
}

/* A surname alone that a list links to its famous bearer («هاشمی», «خاتمی», «ظریف») is
 * another's when the document names another listed person of that surname in full and
 * never its bearer, in full or after a word that means him («شهید چمران»: bearer_before)
 * («محسن هاشمی» … «هاشمی افزود», «آیت الله احمد خاتمی» … «خاتمی گفت», «هوشنگ ظریف» …
 * «ظریف در سال ۱۹۷۳»): news writes a person's full name first.  It loses
 * its link; the keys below give it the full name's entry (or none, when the document's
 * full names of that surname are of several people).  Tails and full names' entries are
 * sorted once: O(n log n) in the entities. */
static tagger_status others_surnames(const char *norm, const tg_resolved *res,
                                     tagger_entity *ents, size_t n)
{
    size_t ntails = 0, nfull = 0, nlone = 0;
    for (size_t i = 0; i < n; i++) {
        if (lone_linked_surname(norm, res, ents, i))
            nlone++, nfull += listed_word_before(norm, res[i].norm_start, 1);
        else if (ents[i].kb_id) {
            size_t t = person_tails_of(norm, res, ents, i, NULL);
            ntails += t;
            nfull += t > 0;
        }
    }
    if (!nlone || !ntails)
        return TAGGER_OK;
    named_tail *tails = malloc(ntails * sizeof *tails);
    const char **full = malloc(nfull * sizeof *full);
    if (!tails || !full) {
        free(tails), free(full);
        return TAGGER_ERR_NOMEM;
    }
    ntails = nfull = 0;
    for (size_t i = 0; i < n; i++) {
        size_t s = res[i].norm_start, e = res[i].norm_end, before = ntails;
        if (!ents[i].kb_id || !tg_label_eq(ents[i].label, TG_LABEL_PERSON))
            continue;
        if (lone_linked_surname(norm, res, ents, i)) {
            if (listed_word_before(norm, s, 1))
                full[nfull++] = ents[i].kb_id; /* «شهید چمران» names him */
            continue;
        }
        for (size_t p = s + 1; p < e; p++)
            if (norm[p] == ' ')
                tails[ntails++] = (named_tail){norm + p + 1, ents[i].kb_id, e - p - 1};
        if (ntails > before)
            full[nfull++] = ents[i].kb_id;
    }
    tg_sort_stable(tails, ntails, sizeof *tails, by_named_tail);
    tg_sort_stable(full, nfull, sizeof *full, tg_sort_by_string);
    for (size_t i = 0; i < n; i++) {
        size_t s = res[i].norm_start, e = res[i].norm_end;
        if (!lone_linked_surname(norm, res, ents, i) ||
            bsearch(&ents[i].kb_id, full, nfull, sizeof *full, tg_sort_by_string))
            continue; /* its bearer is named in full: the surname is his */
        named_tail key = {norm + s, NULL, e - s};
        if (bsearch(&key, tails, ntails, sizeof *tails, by_named_tail))
            unlink_entity(&ents[i]); /* another's full name ends in it */
    }
    free(tails), free(full);
    return TAGGER_OK;
}

/* The entry that the keys keys[lo..) equal to a mention's (label, text) give it, or NULL.
 * Every key names one entry; or, for a surname the document's full names give to several
 * people, the entry of most full names (a majority vote, then its count) when it has at
 * least 4 and 4 times the others', and no other entry has the surname linked on its own
 * («President Yeltsin» against three «Naina Yeltsin»).  It depends on the keys alone: the
 * mention is unlinked, so none of them is its own full name (its keys are its tails, shorter
 * than it), and the keys that vote are of entities linked before any mention is: the caller
 * asks once for each group of equal keys. */
static const tagger_entity *key_entry(const link_key *keys, size_t nkeys, size_t lo,
                                      const char *label, const char *text, size_t len,
                                      const tg_resolved *res, const tagger_entity *ents)
{
    const tagger_entity *entry = NULL, *first = NULL;
    int blocked = 0, agree = 1;
    size_t votes = 0, support = 0, total = 0, end = lo;
    for (; end < nkeys && compare_key(&keys[end], label, text, len) == 0; end++) {
        const link_key *key = &keys[end];
        const tagger_entity *j = &ents[key->entity];
        if (!key->linked) { /* «محمدرضا منصوری», a common name, also ends so */
            blocked = 1;
            continue;
        }
        if (!first)
            first = j;
        agree &= strcmp(first->kb_id, j->kb_id) == 0;
        if (key->len == res[key->entity].norm_end - res[key->entity].norm_start || key->club)
            continue; /* not a full name: a surname linked on its own; a club votes not */
        total++;
        if (!votes)
            entry = j;
        votes += strcmp(entry->kb_id, j->kb_id) == 0 ? 1 : (size_t)-1;
    }
    for (size_t k = lo; entry && k < end; k++) {
        const link_key *key = &keys[k];
        if (!key->linked)
            continue;
        int full = key->len < res[key->entity].norm_end - res[key->entity].norm_start;
        int same = strcmp(ents[key->entity].kb_id, entry->kb_id) == 0;
        if (!full && !same)
            entry = NULL; /* another's surname linked on its own: a title said so */
        else
            support += full && same;
    }
    if (agree)
        entry = first;
    return entry && !blocked && (agree || (support >= 4 && support >= 4 * (total - support)))
               ? entry
               : NULL;
}

tagger_status tg_link_in_document(const char *norm, const tg_resolved *res, tagger_entity *ents,
                                  size_t n)
{
    size_t nkeys = 0, cap = 0, nunlinked = 0;
    country_alias_links(norm, res, ents, n);
    if (drop_surname_links(norm, res, ents, n) != TAGGER_OK ||
        others_surnames(norm, res, ents, n) != TAGGER_OK ||
        surname_places(norm, res, ents, n) != TAGGER_OK)
        return TAGGER_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        if (tg_label_is(ents[i].label, TG_LABEL_IS_VALUE))
            continue;
        if (!ents[i].kb_id)
            nunlinked++;
        cap++;
        if (tg_label_eq(ents[i].label, TG_LABEL_PERSON))
            for (size_t p = res[i].norm_start; p < res[i].norm_end; p++)
                cap += norm[p] == ' ';
        if (ents[i].kb_id)
            cap += REGION_KEYS_MAX; /* not counted: the keys' pass finds them */
    }
    cap += acronym_links(norm, res, ents, n, 0);
    if (!nunlinked || !cap)
        return TAGGER_OK;
    /* keys, then memo: the thread's block (scratch.h) */
    link_key *keys = tg_scratch(TG_SCRATCH_LINK, cap * (sizeof *keys + sizeof(size_t)));
    if (!keys)
        return TAGGER_ERR_NOMEM;
    size_t *memo = (size_t *)(keys + cap);
    memset(memo, 0, cap * sizeof *memo);
    acronym_links(norm, res, ents, n, 1);
    for (size_t i = 0; i < n; i++) {
        if (tg_label_is(ents[i].label, TG_LABEL_IS_VALUE))
            continue;
        int linked = ents[i].kb_id != NULL;
        if (!linked &&
            (!tg_label_eq(ents[i].label, TG_LABEL_PERSON) || !common_name(&res[i])))
            continue;
        size_t s = res[i].norm_start, e = res[i].norm_end;
        if (linked) {
            keys[nkeys++] = (link_key){ents[i].label, norm + s, e - s, i, 1, 0};
            nkeys += region_keys(norm, ents[i].label, i, s, e,
                                 club_key(&ents[i], &res[i]), keys + nkeys);
        }
        if (tg_label_eq(ents[i].label, TG_LABEL_PERSON))
            for (size_t p = s; p + 1 < e; p++)
                if (norm[p] == ' ')
                    keys[nkeys++] =
                        (link_key){ents[i].label, norm + p + 1, e - p - 1, i, linked, 0};
    }
    tg_sort_stable(keys, nkeys, sizeof *keys, by_key);
    for (size_t i = 0; i < n; i++) {
        if (ents[i].kb_id || tg_label_is(ents[i].label, TG_LABEL_IS_VALUE) ||
            (res[i].many && !tg_label_eq(ents[i].label, TG_LABEL_PERSON)))
            continue; /* a branch, a ticker: no kb_id (a common name's surname is linked) */
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
        /* once for each group of equal keys (memo: 2 + the entity's index, 1 for none) */
        if (lo == nkeys || compare_key(&keys[lo], ents[i].label, text, len) != 0)
            continue; /* no key names it */
        if (!memo[lo]) {
            const tagger_entity *e =
                key_entry(keys, nkeys, lo, ents[i].label, text, len, res, ents);
            memo[lo] = e ? (size_t)(e - ents) + 2 : 1;
        }
        const tagger_entity *entry = memo[lo] > 1 ? &ents[memo[lo] - 2] : NULL;
        if (entry) {
            ents[i].kb_id = entry->kb_id;
            ents[i].name = entry->name;
            ents[i].list = entry->list;
            ents[i].wikidata = entry->wikidata;
            ents[i].name_fa = entry->name_fa;
        }
    }
    tg_scratch_done(TG_SCRATCH_LINK);
    return TAGGER_OK;
}

size_t tg_link_places(const tg_resolved *res, const tagger_entity *ent, const tg_gaz_match *gaz,
                      size_t ngaz, tagger_place *out, size_t cap)
{
    size_t s = res->norm_start, e = res->norm_end, n = 0, lo = 0, hi = ngaz;
    size_t last_s = 0, last_e = 0; /* the place kept last */
    if (tg_label_eq(ent->label, TG_LABEL_PERSON) || tg_label_eq(ent->label, TG_LABEL_NORP) ||
        tg_label_is(ent->label, TG_LABEL_IS_VALUE))
        return 0; /* an ORG, FAC, EVENT, PRODUCT, GPE or LOC only */
    if (ent->kb_id && countries_list(ent->list))
        return 0; /* a country's name names no other: «سودان جنوبی» */
    while (lo < hi) { /* the first candidate at or after s */
        size_t mid = lo + (hi - lo) / 2;
        if (gaz[mid].norm_start < s)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* the country the entity's own entry is in, by its ISO code («New Mexico»: iso=US-NM);
     * none in a span the lists name as a people, whatever the model made of it («بنی
     * اسرائیل», the Israelites, an ORG of the model, is no place of Israel) */
    const char *own_iso = NULL;
    size_t own_n = 0;
    for (size_t k = lo; k < ngaz && gaz[k].norm_start == s; k++) {
        tg_gaz_entry en;
        if (gaz[k].norm_end != e)
            continue;
        if (!(gaz[k].flags & TG_ALIAS_AMBIGUOUS) && gaz[k].label == TG_LABEL_NORP)
            return 0;
        if (ent->kb_id && tg_gazetteer_entry(gaz[k].gaz, gaz[k].record, &en) &&
            strcmp(en.kb_id, ent->kb_id) == 0)
            own_iso = tg_gaz_attr(en.ids, "iso", &own_n);
    }
    for (size_t k = lo; k < ngaz && gaz[k].norm_start < e; k++) {
        const tg_gaz_match *g = &gaz[k];
        tg_gaz_entry en;
        const char *iso;
        size_t iso_n;
        if (g->norm_end > e || (g->norm_start == s && g->norm_end == e) || g->suffix_len ||
            (g->flags & TG_ALIAS_AMBIGUOUS) || g->label != TG_LABEL_GPE ||
            !tg_gazetteer_entry(g->gaz, g->record, &en) || !countries_list(en.list) ||
            (ent->kb_id && strcmp(ent->kb_id, en.kb_id) == 0))
            continue;
        if (own_iso && own_n >= 2 && (iso = tg_gaz_attr(en.ids, "iso", &iso_n)) && iso_n >= 2 &&
            memcmp(own_iso, iso, 2) != 0)
            continue; /* "New Mexico" is in the US: its name's "Mexico" is no place of it */
        if (n && g->norm_start < last_e) { /* overlaps the last one: the longer stays */
            if (g->norm_end - g->norm_start <= last_e - last_s)
                continue;
            n--;
        }
        if (n < cap)
            out[n] = (tagger_place){g->norm_start, g->norm_end, en.kb_id, en.name};
        n++;
        last_s = g->norm_start;
        last_e = g->norm_end;
    }
    return n;
}
