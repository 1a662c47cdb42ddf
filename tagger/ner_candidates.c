/*
 * ner_candidates — the gazetteer candidates the merge (ner.c) links a model
 * span with, and the evidence a link needs beyond the span:
 *
 *   - the best candidate on exactly a span's tokens (tg_ner_best_entry_in): of a
 *     label the span may take (places together), not ambiguous before ambiguous,
 *     the whole word before one that leaves a suffix, then the later layer, then
 *     priority; an ambiguous alias never cut off a word;
 *   - the document names an entry plainly (tg_ner_named_plainly): one of its
 *     candidates is an alias of the entry that is neither ambiguous nor in need
 *     of evidence («شرکت کروز» before a lone «کروز»); the test is the filter's
 *     (tg_resolve_named_in_full), its answer kept per entity for the document;
 *   - a namesake with its evidence (tg_ner_evidenced_namesake): a PERSON or ORG
 *     span's candidate yields to another of its label on the same tokens whose ambiguous alias
 *     asks for evidence= words and has them, in its sentence or at another mention
 *     of its record (Ronaldo Nazário beside "Brazilian", «برزیلی», where the plain
 *     alias is Cristiano Ronaldo's); only in its sentence when the document names
 *     the candidate's own entity in full («کریستیانو رونالدو»: a lone «رونالدو» of the
 *     same article is his unless its sentence says otherwise); with no words, when the
 *     document names the namesake plainly before the mention and not the candidate's
 *     entity in full between them («مجلس شورای ملی» … «مجلس سوم»); the answers kept
 *     per record and per entity for the document;
 *   - a place before its country (tg_ner_place_in_country): «ادلب سوریه» is the
 *     place «ادلب» when the lists put it in that country.
 *
 * The answers that read every candidate of the document are memoized in a
 * tg_record_memo (TG_RECORD_MEMO entries a document; past that a namesake's
 * evidence is read in its own sentence only), so a document that repeats a name
 * reads its candidates once, not once a mention: linear in the document.
 */
#include <string.h>

#include "labels.h"
#include "ner_internal.h"
#include "resolve_filter.h"

/* Whether a gazetteer entry of `entry` may name a model span of `model` (any
 * entry when `model` is NULL). */
static int compatible(const char *model, const char *entry)
{
    return !model || tg_label_same(model, entry) ||
           (tg_label_is(model, TG_LABEL_IS_PLACE) && tg_label_is(entry, TG_LABEL_IS_PLACE));
}

/* Whether an entry is a first-level subdivision (its iso= id has a '-':
 * iso=US-WA, the state of Washington). */
static int subdivision(const tg_gaz_entry *e)
{
    size_t n;
    const char *iso = tg_gaz_attr(e->ids, "iso", &n);
    return iso && n > 2 && iso[2] == '-';
}

/* The best gazetteer candidate on tokens first..last for a model span of
 * label `model` (with `fac_only`, FAC entries only): not ambiguous first,
 * then the whole word before one that leaves a suffix («علی رضایی» before
 * «علی رضا|یی»), then later layer, then priority; an ambiguous one only on
 * the whole word (the model's «مرکزی», Markazi, is not «مرکز|ی», a town
 * called Merkez).  With `state`, a first-level subdivision comes before
 * all that («Redmond, Washington»: the state, not the city).  Sets *label
 * to the entry's. */
const tg_gaz_match *tg_ner_best_entry_in(const tg_gaz_match *const *byfirst, size_t n,
                                         size_t first, size_t last, const char *model,
                                         int fac_only, int state, const char **label)
{
    size_t lo = tg_gaz_lower_bound(byfirst, n, first, 0);
    /* whether an entry is a unit (tg_ner_unit_entry reads its strings) is asked
     * only when a second candidate is compared with the best: most spans have one */
    const tg_gaz_match *best = NULL;
    int best_sub = 0, best_unit = -1; /* -1: not asked yet */
    for (size_t i = lo; i < n && byfirst[i]->tok_first == first; i++) {
        const tg_gaz_match *c = byfirst[i];
        tg_gaz_entry e;
        if (c->tok_last != last || !tg_gazetteer_entry(c->gaz, c->record, &e) ||
            !compatible(model, e.label) ||
            (fac_only && !tg_label_eq(e.label, TG_LABEL_FAC)))
            continue;
        int amb = (c->flags & TG_ALIAS_AMBIGUOUS) != 0;
        if (amb && c->suffix_len) /* «مرکز|ی»: a common word is not cut off a word */
            continue;
        int sub = state && subdivision(&e);
        int unit = -1;
        if (best) { /* a branch or outlet: last (ner_context.c) */
            tg_gaz_entry be;
            if (best_unit < 0)
                best_unit = tg_gazetteer_entry(best->gaz, best->record, &be) &&
                            tg_ner_unit_entry(&be);
            unit = tg_ner_unit_entry(&e);
        }
        if (best && unit != best_unit) {
            if (unit)
                continue;
        } else if (best) {
            int bamb = (best->flags & TG_ALIAS_AMBIGUOUS) != 0;
            int cut = c->suffix_len != 0, bcut = best->suffix_len != 0;
            if (sub != best_sub   ? !sub
                : amb != bamb     ? amb
                : cut != bcut   ? cut
                : c->layer != best->layer ? c->layer < best->layer
                                          : c->priority <= best->priority)
                continue;
        }
        best = c;
        best_sub = sub;
        best_unit = unit;
        *label = e.label;
    }
    return best;
}

/* The number of words of the first of heads[0..nheads) that norm[0..len)
 * starts with and goes on after (0: none; «تیم فوتبال » is two).  Every
 * head is at least two bytes: the first two are compared as one 16-bit
 * word (in Arabic script one character) before memcmp. */
size_t tg_ner_head_words(const char *norm, size_t len, const tg_word *heads, size_t nheads)
{
    if (len < 2)
        return 0;
    uint16_t first, h2;
    memcpy(&first, norm, 2);
    for (size_t i = 0; i < nheads; i++) {
        const tg_word *h = &heads[i];
        size_t words = 0;
        memcpy(&h2, h->s, 2);
        if (h->n < len && h2 == first && memcmp(norm + 2, h->s + 2, h->n - 2) == 0) {
            for (size_t j = 0; j < h->n; j++)
                words += h->s[j] == ' ';
            return words;
        }
    }
    return 0;
}

/* The slot of (gaz, key) in memo: its answer when memo[k].gaz is set, else a free slot;
 * TG_RECORD_MEMO when it is neither known nor has room. */
static size_t memo_slot(const tg_record_memo memo, const void *gaz, uint32_t key)
{
    size_t k = 0;
    while (k < TG_RECORD_MEMO && memo[k].gaz && !(memo[k].gaz == gaz && memo[k].key == key))
        k++;
    return k;
}

int tg_ner_named_plainly(const tg_ner_input *in, const tg_gaz_match *m, tg_record_memo memo)
{
    uint32_t entity = tg_gazetteer_record_entity(m->gaz, m->record);
    size_t k = memo_slot(memo, m->gaz, entity);
    if (k < TG_RECORD_MEMO && memo[k].gaz)
        return memo[k].value;
    int value = tg_resolve_named_in_full(in->gaz, in->ngaz, m);
    if (k < TG_RECORD_MEMO)
        memo[k] = (tg_record_answer){m->gaz, entity, value};
    return value;
}

/* Whether some mention of c's record (its gazetteer matches among byfirst[0..n)) has
 * the evidence= words its alias asks for around it.  The answers of up to TG_RECORD_MEMO
 * records a document are kept in memo (a document that repeats the name reads its matches
 * once); past that, only c's own sentence is read. */
static int evidenced_record(const tg_ner_input *in, const tg_gaz_match *const *byfirst, size_t n,
                            const char *norm, const tg_gaz_match *c, tg_record_memo memo)
{
    size_t k = memo_slot(memo, c->gaz, c->record);
    if (k < TG_RECORD_MEMO && memo[k].gaz)
        return memo[k].value;
    if (k == TG_RECORD_MEMO)
        return !tg_resolve_lacks_evidence(norm, in->tokens, in->ntokens, c);
    int value = 0;
    for (size_t i = 0; i < n && !value; i++)
        value = byfirst[i]->gaz == c->gaz && byfirst[i]->record == c->record &&
                !tg_resolve_lacks_evidence(norm, in->tokens, in->ntokens, byfirst[i]);
    memo[k] = (tg_record_answer){c->gaz, c->record, value};
    return value;
}

/* The first token of the document's first mention (byfirst[0..n), sorted by first token) of
 * entity `entity` of gazetteer `gaz` through a plain alias (neither ambiguous nor in need of
 * evidence) of at least `words` tokens; -1 when there is none.  Memoized per entity. */
static int first_named(const tg_gaz_match *const *byfirst, size_t n, const void *gaz,
                       uint32_t entity, size_t words, tg_record_memo memo)
{
    size_t k = memo_slot(memo, gaz, entity);
    if (k < TG_RECORD_MEMO && memo[k].gaz)
        return memo[k].value;
    int value = -1;
    for (size_t i = 0; i < n && value < 0; i++) {
        const tg_gaz_match *c = byfirst[i];
        if (c->gaz == gaz && c->tok_last - c->tok_first + 1 >= words &&
            !(c->flags & (TG_ALIAS_AMBIGUOUS | TG_ALIAS_EVIDENCE)) &&
            tg_gazetteer_record_entity(c->gaz, c->record) == entity)
            value = (int)c->tok_first;
    }
    if (k < TG_RECORD_MEMO)
        memo[k] = (tg_record_answer){gaz, entity, value};
    return value;
}

const tg_gaz_match *tg_ner_evidenced_namesake(const tg_ner_input *in,
                                              const tg_gaz_match *const *byfirst, size_t n,
                                              const tg_gaz_match *g, const char *norm,
                                              tg_record_memo memo, tg_record_memo longer,
                                              tg_record_memo named)
{
    tg_gaz_entry e;
    if (!g || !norm || !tg_gazetteer_entry(g->gaz, g->record, &e) ||
        !(tg_label_eq(e.label, TG_LABEL_PERSON) || tg_label_eq(e.label, TG_LABEL_ORG)))
        return g;
    const char *label = e.label;
    uint32_t own = tg_gazetteer_record_entity(g->gaz, g->record);
    size_t lo = tg_gaz_lower_bound(byfirst, n, g->tok_first, 0);
    int full = -2; /* where the document first names g's entity in full: not asked yet */
    for (size_t i = lo; i < n && byfirst[i]->tok_first == g->tok_first; i++) {
        const tg_gaz_match *c = byfirst[i];
        if (c->tok_last != g->tok_last || !(c->flags & TG_ALIAS_EVIDENCE) ||
            (c->gaz == g->gaz && tg_gazetteer_record_entity(c->gaz, c->record) == own) ||
            !tg_gazetteer_entry(c->gaz, c->record, &e) || !tg_label_same(e.label, label))
            continue;
        if (full == -2)
            full = first_named(byfirst, n, g->gaz, own, g->tok_last - g->tok_first + 2, longer);
        int at = first_named(byfirst, n, c->gaz, tg_gazetteer_record_entity(c->gaz, c->record),
                             1, named);
        int before = (size_t)at < g->tok_first, /* the namesake named before the mention, */
            again = (size_t)full < g->tok_first && full > at; /* and g's entity after it */
        if (before && !again)
            return c; /* «مجلس شورای ملی» … «مجلس سوم»: that assembly's third term */
        if (full >= 0 ? !tg_resolve_lacks_evidence(norm, in->tokens, in->ntokens, c)
                      : evidenced_record(in, byfirst, n, norm, c, memo))
            return c;
    }
    return g;
}

/* The heads of an address before the place's name (normalized, each with the space
 * that ends it). */
static const tg_word address_heads[] = {TG_WORD("شهر "),     TG_WORD("استان "),
                                        TG_WORD("شهرستان "), TG_WORD("ایالت "),
                                        TG_WORD("جزیره "),   TG_WORD("کلانشهر ")};

const tg_gaz_match *tg_ner_place_in_country(const tg_gaz_match *const *byfirst, size_t n,
                                            const tg_ner_span *s, const char *norm,
                                            const char **label)
{
    size_t head = tg_ner_head_words(norm + s->norm_start, s->norm_end - s->norm_start,
                                    address_heads, sizeof address_heads / sizeof *address_heads);
    for (size_t c = s->tok_last; c > s->tok_first; c--) {
        const char *gpe;
        const tg_gaz_match *y =
            tg_ner_best_entry_in(byfirst, n, c, s->tok_last, tg_label_name(TG_LABEL_GPE), 0, 0, &gpe);
        tg_gaz_entry ce, pe;
        if (!y || (y->flags & TG_ALIAS_AMBIGUOUS) || !tg_label_eq(gpe, TG_LABEL_GPE) ||
            y->priority < TG_GAZ_COUNTRY_PRIORITY || !tg_gazetteer_entry(y->gaz, y->record, &ce))
            continue;
        size_t cn, pn;
        const char *ciso = tg_gaz_attr(ce.ids, "iso", &cn);
        for (size_t from = s->tok_first; from <= s->tok_first + head && from < c; from++) {
            const char *pl;
            const tg_gaz_match *p =
                tg_ner_best_entry_in(byfirst, n, from, c - 1, s->label, 0, 0, &pl);
            if (!p || p->suffix_len || !tg_gazetteer_entry(p->gaz, p->record, &pe) ||
                tg_gazetteer_record_entity(p->gaz, p->record) ==
                    tg_gazetteer_record_entity(y->gaz, y->record))
                continue;
            const char *piso = tg_gaz_attr(pe.ids, "iso", &pn);
            if (piso ? ciso && cn >= 2 && pn >= 2 && memcmp(piso, ciso, 2) == 0
                     : !(p->flags & TG_ALIAS_AMBIGUOUS) && (tg_label_eq(pl, TG_LABEL_GPE) ||
                                                            tg_label_eq(pl, TG_LABEL_FAC))) {
                *label = pl;
                return p;
            }
        }
        return NULL; /* the country at the end only */
    }
    return NULL;
}
