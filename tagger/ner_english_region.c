/*
 * ner_english_region — English: a place named with its state or country after a comma
 * ("GEORGETOWN, Del.", "RICHMOND, Va.", "NEWCASTLE, England", "TBILISI, Georgia") links
 * to an entry of that state or country, or to none (issue 19).  Called in the merge by
 * tg_ner_english_label (ner_english_label.c) on each model span's candidate.
 *
 * Algorithm: the region after ", " is a set of ISO 3166 codes: a US state's or Canadian
 * province's abbreviation of datelines (tg_en_region_code: "Va" US-VA, "B.C" CA-BC), one of
 * the United Kingdom's countries (GB), or the iso= of the list's countries and first-level
 * subdivisions on the words there (an ambiguous name gives each: "Georgia" GE and US-GA;
 * "Congo", the list's Republic of the Congo, also the Democratic Republic's CD).
 * A town's entry (a place with an iso= that is no country) whose code is of none of them
 * yields to another candidate on the same tokens that is, else the entity has no kb_id (the
 * lists have no Richmond of Virginia).  The document's other mentions of that entry do the
 * same ("drivers at Richmond" in the title of a "RICHMOND, Va." story): the refused entries
 * are found once a document, one pass over its candidates, and kept in a memo of
 * in->teams (up to REFUSED of them).  And a state named after a town of another country
 * ("TBILISI, Georgia": the merge takes the state after "PLACE, ") is the country of that
 * name where the town's country is the country's, and so is a country after a town of
 * another ("KINSHASA, Congo": the Democratic Republic, `?Congo`).  Each span reads a few
 * tokens around it.
 *
 * Without a region after it, the document's places decide (doc_evidence: one pass over its
 * candidates for each question, its answer kept in the memo): a country named like another country's
 * state (Georgia) is the state where the document names places of the state's country and
 * none of the country's, the country in the opposite case, and unlinked when unsure; a
 * town's ambiguous alias ("?Perth", "?San Jose") is linked only where the document names a
 * place of the town's country.
 */
#include <string.h>
#include <strings.h> /* strncasecmp */

#include "labels.h"
#include "ner_internal.h"

#define REGION_CODES 4 /* codes of one region */
#define CODE_BYTES 8   /* "US-VA", "GB-ENG" and a NUL */
#define REFUSED 16     /* refused entries a document keeps */
#define ANSWERS 8      /* doc_evidence's answers a document keeps (the lists have 6 questions:
                          Georgia's two, ?Perth, ?San Jose, ?Clemson, ?Brits) */

typedef struct {
    char code[REGION_CODES][CODE_BYTES];
    size_t n;
} region_set;

typedef struct {
    const tg_gazetteer *gaz;
    uint32_t record;
    region_set region;
} refused_entry;

typedef struct {
    int done;
    size_t n;
    refused_entry e[REFUSED];
    /* doc_evidence's last answers: each question, and its answer (bits) */
    struct {
        const tg_gazetteer *gaz;
        uint32_t record;
        int asked, bits;
    } ev[ANSWERS];
    size_t ev_next;
} refused_memo;

const char *tg_en_region_code(const char *text, const tagger_token *t)
{
    /* postal codes in capitals (an ISO 3166-2 code ends in one: "US-VA"), then AP's
     * abbreviations in any case (their dot is the next token), each with its code */
    static const char *const postal[] = {
        "US-AL", "US-AK", "US-AZ", "US-AR", "US-CA", "US-CO", "US-CT", "US-DE", "US-DC",
        "US-FL", "US-GA", "US-HI", "US-ID", "US-IL", "US-IN", "US-IA", "US-KS", "US-KY",
        "US-LA", "US-ME", "US-MD", "US-MA", "US-MI", "US-MN", "US-MS", "US-MO", "US-MT",
        "US-NE", "US-NV", "US-NH", "US-NJ", "US-NM", "US-NY", "US-NC", "US-ND", "US-OH",
        "US-OK", "US-OR", "US-PA", "US-RI", "US-SC", "US-SD", "US-TN", "US-TX", "US-UT",
        "US-VT", "US-VA", "US-WA", "US-WV", "US-WI", "US-WY", "CA-AB", "CA-BC", "CA-MB",
        "CA-NB", "CA-NL", "CA-NS", "CA-ON", "CA-PE", "CA-QC", "CA-SK"};
    static const char *const ap[][2] = {
        {"Ala", "US-AL"}, {"Ariz", "US-AZ"}, {"Ark", "US-AR"}, {"Calif", "US-CA"},
        {"Colo", "US-CO"}, {"Conn", "US-CT"}, {"Del", "US-DE"}, {"Fla", "US-FL"},
        {"Ga", "US-GA"}, {"Ill", "US-IL"}, {"Ind", "US-IN"}, {"Kan", "US-KS"},
        {"Ky", "US-KY"}, {"La", "US-LA"}, {"Md", "US-MD"}, {"Mass", "US-MA"},
        {"Mich", "US-MI"}, {"Minn", "US-MN"}, {"Miss", "US-MS"}, {"Mo", "US-MO"},
        {"Mont", "US-MT"}, {"Neb", "US-NE"}, {"Nev", "US-NV"}, {"Okla", "US-OK"},
        {"Ore", "US-OR"}, {"Pa", "US-PA"}, {"Tenn", "US-TN"}, {"Vt", "US-VT"},
        {"Va", "US-VA"}, {"Wash", "US-WA"}, {"Wis", "US-WI"}, {"Wyo", "US-WY"},
        {"D.C", "US-DC"}, {"N.C", "US-NC"}, {"N.D", "US-ND"}, {"N.H", "US-NH"},
        {"N.J", "US-NJ"}, {"N.M", "US-NM"}, {"N.Y", "US-NY"}, {"R.I", "US-RI"},
        {"S.C", "US-SC"}, {"S.D", "US-SD"}, {"W.Va", "US-WV"}, {"Alta", "CA-AB"},
        {"B.C", "CA-BC"}, {"Man", "CA-MB"}, {"N.B", "CA-NB"}, {"Nfld", "CA-NL"},
        {"N.S", "CA-NS"}, {"Ont", "CA-ON"}, {"P.E.I", "CA-PE"}, {"Que", "CA-QC"},
        {"Sask", "CA-SK"}};
    size_t n = t->end - t->start;
    const char *w = text + t->start;
    if (t->kind != TAGGER_TOKEN_WORD)
        return NULL;
    if (n == 2 && w[0] >= 'A' && w[0] <= 'Z' && w[1] >= 'A' && w[1] <= 'Z') {
        for (size_t i = 0; i < sizeof postal / sizeof *postal; i++)
            if (postal[i][3] == w[0] && postal[i][4] == w[1])
                return postal[i];
        return NULL;
    }
    for (size_t i = 0; i < sizeof ap / sizeof *ap; i++)
        if (strlen(ap[i][0]) == n && strncasecmp(ap[i][0], w, n) == 0)
            return ap[i][1];
    return NULL;
}

static void add_code(region_set *r, const char *code, size_t n)
{
    if (r->n >= REGION_CODES || n < 2 || n >= CODE_BYTES)
        return;
    for (size_t i = 0; i < r->n; i++)
        if (strlen(r->code[i]) == n && memcmp(r->code[i], code, n) == 0)
            return;
    memcpy(r->code[r->n], code, n);
    r->code[r->n++][n] = '\0';
}

/* Whether entry e is a country (the countries' priority) or a first-level subdivision
 * (iso=US-VA); *iso, *n its code. */
static int region_entry(const tg_gaz_entry *e, const char **iso, size_t *n)
{
    *iso = tg_gaz_attr(e->ids, "iso", n);
    return *iso && *n >= 2 && tg_label_is(e->label, TG_LABEL_IS_PLACE) &&
           ((*n > 2 && (*iso)[2] == '-') || e->priority >= TG_GAZ_COUNTRY_PRIORITY);
}

/* Whether entry e is a town or district: a place with a country's iso= that is no
 * country; *iso, *n its code. */
static int town_entry(const tg_gaz_entry *e, const char **iso, size_t *n)
{
    *iso = tg_gaz_attr(e->ids, "iso", n);
    return *iso && *n == 2 && tg_label_is(e->label, TG_LABEL_IS_PLACE) &&
           e->priority < TG_GAZ_COUNTRY_PRIORITY;
}

/* Whether the region's words end at token `last` before more places of a list ("Toronto,
 * South Korea and Madrid", "London, Singapore and Kuala Lumpur"): "and", "or", or a comma
 * and a capitalized word that is no month's or day's, nor a month's abbreviation ("GEORGETOWN,
 * Del., Nov. 18" is none). */
static int list_after(const tg_ner_input *in, size_t last)
{
    const char *text = in->text;
    const tagger_token *tok = in->tokens;
    size_t t = last + 1;
    if (t < in->ntokens && tg_en_token_is(text, &tok[t], ".") && tok[t].start == tok[last].end)
        t++; /* "Va." */
    if (t >= in->ntokens || tok[t].sentence != tok[last].sentence)
        return 0;
    if (tg_en_token_is(text, &tok[t], "and") || tg_en_token_is(text, &tok[t], "or"))
        return 1;
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "Aug", "Sep", "Sept",
                                         "Oct", "Nov", "Dec"}; /* AP's, before their dot */
    return tg_en_token_is(text, &tok[t], ",") && t + 1 < in->ntokens &&
           tg_en_name_word(text, &tok[t + 1]) && !tg_en_calendar_word(text, &tok[t + 1]) &&
           !tg_en_word_in(text, &tok[t + 1], months, sizeof months / sizeof *months);
}

/* The region named after the comma at token t (", Va.", ", Virginia", ", England"): 1 and
 * *r when there is one. */
static int region_at(const tg_ner_input *in, size_t t, region_set *r)
{
    const char *text = in->text;
    const tagger_token *tok = in->tokens;
    r->n = 0;
    if (t + 1 >= in->ntokens || tok[t + 1].sentence != tok[t].sentence ||
        !tg_en_token_is(text, &tok[t], ","))
        return 0;
    const char *code = tg_en_region_code(text, &tok[t + 1]);
    if (code) {
        if (!list_after(in, t + 1))
            add_code(r, code, strlen(code));
        return r->n > 0;
    }
    static const char *const uk[] = {"England", "Scotland", "Wales", "ENGLAND", "SCOTLAND", "WALES"};
    if (tg_en_word_in(text, &tok[t + 1], uk, sizeof uk / sizeof *uk) ||
        (t + 2 < in->ntokens && tg_en_token_is(text, &tok[t + 1], "Northern") &&
         tg_en_token_is(text, &tok[t + 2], "Ireland"))) {
        if (!list_after(in, tg_en_token_is(text, &tok[t + 1], "Northern") ? t + 2 : t + 1))
            add_code(r, "GB", 2);
        return r->n > 0;
    }
    size_t i, end = tg_ner_gaz_at(in, t + 1, &i);
    for (; i < end; i++) {
        const tg_gaz_match *g = in->gaz_by_first[i];
        tg_gaz_entry e;
        const char *iso;
        size_t n;
        if (!g->suffix_len && tg_gazetteer_entry(g->gaz, g->record, &e) && region_entry(&e, &iso, &n) &&
            !list_after(in, g->tok_last))
            add_code(r, iso, n);
    }
    if (r->n && (tg_en_token_is(text, &tok[t + 1], "Congo") || tg_en_token_is(text, &tok[t + 1], "CONGO")))
        add_code(r, "CD", 2); /* news calls both Congos so: "KINSHASA, Congo" */
    return r->n > 0;
}

/* Whether a town's code iso[0..n) lies in one of r's regions. */
static int in_region(const char *iso, size_t n, const region_set *r)
{
    for (size_t i = 0; i < r->n; i++) {
        size_t m = strlen(r->code[i]);
        if (memcmp(iso, r->code[i], 2) == 0 && (n == 2 || m == 2 || (n == m && memcmp(iso, r->code[i], n) == 0)))
            return 1;
    }
    return 0;
}

/* The entries of the document refused by the region after one of their mentions, found
 * at the first question (one pass over the candidates); NULL when out of memory. */
static const refused_memo *refused(const tg_ner_input *in)
{
    refused_memo *m = tg_en_teams_memo(in, sizeof *m);
    if (!m || m->done)
        return m;
    m->done = 1;
    for (size_t i = 0; i < in->ngaz && m->n < REFUSED; i++) {
        const tg_gaz_match *g = &in->gaz[i];
        tg_gaz_entry e;
        const char *iso;
        size_t n, j;
        region_set r;
        if (g->suffix_len || g->tok_last + 1 >= in->ntokens ||
            !tg_en_token_is(in->text, &in->tokens[g->tok_last + 1], ",") ||
            !tg_gazetteer_entry(g->gaz, g->record, &e) || !town_entry(&e, &iso, &n) ||
            !region_at(in, g->tok_last + 1, &r) || in_region(iso, n, &r))
            continue;
        for (j = 0; j < m->n && (m->e[j].gaz != g->gaz || m->e[j].record != g->record); j++)
            ;
        if (j == m->n)
            m->e[m->n++] = (refused_entry){g->gaz, g->record, r};
    }
    return m;
}

/* A candidate on g's tokens, a town of region r (the highest priority first), or NULL. */
static const tg_gaz_match *town_of(const tg_ner_input *in, const tg_gaz_match *g, const region_set *r)
{
    const tg_gaz_match *best = NULL;
    size_t i, end = tg_ner_gaz_at(in, g->tok_first, &i);
    for (; i < end; i++) {
        const tg_gaz_match *c = in->gaz_by_first[i];
        tg_gaz_entry e;
        const char *iso;
        size_t n;
        if (c->tok_last == g->tok_last && !c->suffix_len && tg_gazetteer_entry(c->gaz, c->record, &e) &&
            town_entry(&e, &iso, &n) && in_region(iso, n, r) && (!best || c->priority > best->priority))
            best = c;
    }
    return best;
}

/* A state or country after a town of another country is the town's country ("TBILISI,
 * Georgia": the merge takes the state after "PLACE, "; "KINSHASA, Congo": the list's Congo
 * is the Republic, Kinshasa the Democratic Republic's capital): *gp, a subdivision's or a
 * country's candidate on span s after "TOWN, ", becomes the country's candidate on the same
 * tokens whose code is a town's before the comma, where no town there is of *gp's country
 * (none there: *gp stays). */
static void state_of_town(const tg_ner_input *in, const tg_ner_span *s, const tg_gaz_match **gp)
{
    const tg_gaz_match *g = *gp;
    tg_gaz_entry e;
    const char *iso;
    size_t n, f = s->tok_first;
    if (f < 2 || !tg_en_token_is(in->text, &in->tokens[f - 1], ",") ||
        !tg_gazetteer_entry(g->gaz, g->record, &e) || !region_entry(&e, &iso, &n))
        return;
    region_set towns = {{{0}}, 0};
    for (size_t a = f - 2 + 1; a-- > 0 && a + 6 > f;) {
        size_t i, end = tg_ner_gaz_at(in, a, &i);
        for (; i < end; i++) {
            const tg_gaz_match *c = in->gaz_by_first[i];
            tg_gaz_entry ce;
            const char *ciso;
            size_t cn;
            if (c->tok_last == f - 2 && !c->suffix_len && tg_gazetteer_entry(c->gaz, c->record, &ce) &&
                town_entry(&ce, &ciso, &cn)) {
                if (memcmp(ciso, iso, 2) == 0)
                    return; /* "ATLANTA, Georgia" */
                add_code(&towns, ciso, 2);
            }
        }
    }
    size_t i, end = tg_ner_gaz_at(in, g->tok_first, &i);
    for (; towns.n && i < end; i++) {
        const tg_gaz_match *c = in->gaz_by_first[i];
        tg_gaz_entry ce;
        const char *ciso;
        size_t cn;
        if (c->tok_last == g->tok_last && !c->suffix_len && tg_gazetteer_entry(c->gaz, c->record, &ce) &&
            region_entry(&ce, &ciso, &cn) && cn == 2 && in_region(ciso, cn, &towns)) {
            *gp = c;
            return;
        }
    }
}

enum { EV_OWN = 1, EV_OTHER_COUNTRY = 2 };

/* What the document says of country code cc[0..2), for the question of candidate q (whose
 * entry is `self`): EV_OWN when it names a place of that country other than `self` (the
 * country, a subdivision or a town: its iso= begins with cc; an ambiguous alias only when
 * case-sensitive, "?=Ga") or the country's people (kb_id `country` "-norp": "Georgian");
 * EV_OTHER_COUNTRY when it names a country of another code.  With `within`, the country
 * itself is no evidence of its own places (world news names the US beside Georgia's
 * republic: "Korea, USA").  One pass over the candidates;
 * the last ANSWERS answers are kept in the memo (a document naming one ambiguous town a
 * thousand times asks once, and so do a country and a state of one name). */
static int doc_evidence(const tg_ner_input *in, const tg_gaz_match *q, const char *cc,
                        const char *self, const char *country, int within)
{
    refused_memo *m = tg_en_teams_memo(in, sizeof *m);
    for (size_t k = 0; m && k < ANSWERS; k++)
        if (m->ev[k].asked && m->ev[k].gaz == q->gaz && m->ev[k].record == q->record)
            return m->ev[k].bits;
    int bits = 0;
    size_t clen = country ? strlen(country) : 0;
    for (size_t i = 0; i < in->ngaz && bits != (EV_OWN | EV_OTHER_COUNTRY); i++) {
        const tg_gaz_match *c = &in->gaz[i];
        tg_gaz_entry e;
        const char *iso;
        size_t n;
        if (c->suffix_len || ((c->flags & TG_ALIAS_AMBIGUOUS) && !(c->flags & TG_ALIAS_CASE)) ||
            !tg_gazetteer_entry(c->gaz, c->record, &e) || strcmp(e.kb_id, self) == 0)
            continue;
        if (country && tg_label_eq(e.label, TG_LABEL_NORP) && strncmp(e.kb_id, country, clen) == 0 &&
            strcmp(e.kb_id + clen, "-norp") == 0) {
            bits |= EV_OWN;
            continue;
        }
        if (!tg_label_is(e.label, TG_LABEL_IS_PLACE) || !(iso = tg_gaz_attr(e.ids, "iso", &n)) || n < 2)
            continue;
        if (memcmp(iso, cc, 2) == 0 && !(within && n == 2 && e.priority >= TG_GAZ_COUNTRY_PRIORITY))
            bits |= EV_OWN;
        else if (n == 2 && e.priority >= TG_GAZ_COUNTRY_PRIORITY)
            bits |= EV_OTHER_COUNTRY;
    }
    if (m) {
        m->ev[m->ev_next].gaz = q->gaz, m->ev[m->ev_next].record = q->record;
        m->ev[m->ev_next].asked = 1, m->ev[m->ev_next].bits = bits;
        m->ev_next = (m->ev_next + 1) % ANSWERS;
    }
    return bits;
}

/* A country named like another country's state (Georgia: the Caucasian republic, and the
 * US state "?Georgia") takes the reading the document's other places give (issue 19): the
 * state where the document names places of the state's country (another state, "Ga.", a
 * town of it) and none of the country's, the country where it names the country's places
 * or people ("Tbilisi", "Georgian") or another country ("Italy, Georgia and Samoa") and no
 * place of the state's; unsure (both, or neither), no link.  *gp is the merge's candidate
 * on span s (the country's, or the state's after "PLACE, "); not after a listed place that
 * is no country and a comma ("Atlanta, Georgia": the merge's state; "TBILISI, Georgia":
 * state_of_town's country), but after a country's ("Italy, Georgia": a list). */
static void namesake_state(const tg_ner_input *in, const tg_ner_span *s, const tg_gaz_match **gp)
{
    const tg_gaz_match *country = NULL, *state = NULL;
    tg_gaz_entry e;
    const char *iso, *ciso = NULL, *siso = NULL, *ckb = NULL, *skb = NULL;
    size_t n, i, end = tg_ner_gaz_at(in, s->tok_first, &i);
    for (; i < end; i++) {
        const tg_gaz_match *c = in->gaz_by_first[i];
        if (c->tok_last != s->tok_last || c->suffix_len || !tg_gazetteer_entry(c->gaz, c->record, &e) ||
            !region_entry(&e, &iso, &n))
            continue;
        if (n == 2 && !country)
            country = c, ckb = e.kb_id, ciso = iso;
        else if (n > 2 && !state)
            state = c, skb = e.kb_id, siso = iso;
    }
    if (!country || !state || memcmp(ciso, siso, 2) == 0)
        return;
    size_t f = s->tok_first;
    if (f >= 2 && tg_en_token_is(in->text, &in->tokens[f - 1], ",")) {
        for (size_t a = f - 2 + 1; a-- > 0 && a + 6 > f;)
            for (size_t k, kend = tg_ner_gaz_at(in, a, &k); k < kend; k++) {
                const tg_gaz_match *c = in->gaz_by_first[k];
                if (c->tok_last == f - 2 && !c->suffix_len && tg_gazetteer_entry(c->gaz, c->record, &e) &&
                    tg_label_is(e.label, TG_LABEL_IS_PLACE) && e.priority < TG_GAZ_COUNTRY_PRIORITY)
                    return;
            }
    }
    int own = doc_evidence(in, country, ciso, ckb, ckb, 0) != 0;
    int theirs = (doc_evidence(in, state, siso, skb, NULL, 1) & EV_OWN) != 0;
    *gp = theirs && !own ? state : own && !theirs ? country : NULL;
}

/* An ambiguous alias of a town ("?Perth": Western Australia's, and Scotland's in csc; "?San
 * Jose") that no region after a comma confirms is linked where the document names a place
 * of the town's country ("Australia", "California"), else not (issue 19). */
static void town_evidence(const tg_ner_input *in, const tg_gaz_entry *e, const char *iso,
                          const tg_gaz_match **gp)
{
    const tg_gaz_match *g = *gp;
    if ((g->flags & TG_ALIAS_AMBIGUOUS) && !(doc_evidence(in, g, iso, e->kb_id, NULL, 0) & EV_OWN))
        *gp = NULL;
}

void tg_en_place_region(const tg_ner_input *in, const tg_ner_span *s, const tg_gaz_match **gp)
{
    const tg_gaz_match *g = *gp;
    tg_gaz_entry e;
    const char *iso;
    size_t n;
    region_set r;
    if (!g || !in->gaz_by_first || !tg_gazetteer_entry(g->gaz, g->record, &e))
        return;
    if (!town_entry(&e, &iso, &n)) {
        state_of_town(in, s, gp);
        if (*gp == g)
            namesake_state(in, s, gp);
        return;
    }
    if (!region_at(in, s->tok_last + 1, &r)) {
        const refused_memo *m = refused(in);
        size_t j = 0;
        while (m && j < m->n && (m->e[j].gaz != g->gaz || m->e[j].record != g->record))
            j++;
        if (!m || j == m->n) {
            town_evidence(in, &e, iso, gp);
            return;
        }
        r = m->e[j].region;
    }
    if (!in_region(iso, n, &r))
        *gp = town_of(in, g, &r);
}
