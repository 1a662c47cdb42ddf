/*
 * ner — the entity recognizer at run time (ner.h has the overview and the
 * rules of the merge): decoding a document, segment by segment (a
 * sentence, or NER_SEGMENT tokens of a longer one): its features
 * (ner_features.c; an English document's Title Case headlines are read
 * with their usual lower-case words lower-cased, truecase.c, once: the
 * merge reads the same copy), their emission scores (ner_model.c), the best tags
 * (ner_tags.c) and the spans they make, trimmed of punctuation; with a
 * history model each segment's tags are recorded for the next; an English
 * document's spans then get its fixes (ner_english.c, which also gives the
 * merge its English label rules).  Then the
 * merge of those spans with the resolved gazetteer and rule entities (its
 * candidates and the evidence a link needs beyond the span: ner_candidates.c).
 */
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "labels.h"
#include "ner_internal.h"
#include "resolve.h"
#include "resolve_filter.h"
#include "scratch.h"
#include "sort.h"
#include "tokenize.h"
#include "truecase.h"


typedef struct {
    const tg_ner_model *m;
    const tagger_token *tokens;
    size_t base;
    tg_ner_span *v;
    size_t n, cap;
} span_out;

static int add_span(void *ctx, size_t first, size_t last, unsigned label)
{
    span_out *o = ctx;
    /* an entity neither starts nor ends on punctuation («اروپاست .») or a
     * symbol («>&<» of "<b>&</b>") */
    const tagger_token *tk = o->tokens + o->base;
    while (first < last && tg_ner_edge_kind(tk[first].kind))
        first++;
    while (last > first && tg_ner_edge_kind(tk[last].kind))
        last--;
    if (tg_ner_edge_kind(tk[first].kind))
        return 1;
    tg_ner_span *v = tg_grow(o->v, &o->cap, o->n + 1, sizeof *v, 32);
    if (!v)
        return 0;
    o->v = v;
    tg_ner_span *s = &o->v[o->n++];
    s->tok_first = o->base + first;
    s->tok_last = o->base + last;
    s->norm_start = o->tokens[s->tok_first].norm_start;
    s->norm_end = o->tokens[s->tok_last].norm_end;
    s->label = o->m->labels[label];
    return 1;
}

/* Whether a candidate of near[0..nnear) (the span's non-ambiguous ones)
 * names a country (a GPE entry of the countries' priority) on tokens
 * [first, ...] (at_end 0) or [..., last] (at_end 1) inside [lo, hi], and
 * its entity in *entity. */
static int country_at(const tg_gaz_match *const *near, size_t nnear, size_t tok, int at_end,
                      size_t lo, size_t hi, uint32_t *entity)
{
    for (size_t i = 0; i < nnear; i++) {
        const tg_gaz_match *g = near[i];
        tg_gaz_entry e;
        if ((at_end ? g->tok_last : g->tok_first) != tok || g->tok_first < lo ||
            g->tok_last > hi || g->priority < TG_GAZ_COUNTRY_PRIORITY ||
            !tg_gazetteer_entry(g->gaz, g->record, &e) ||
            !tg_label_eq(e.label, TG_LABEL_GPE))
            continue;
        *entity = tg_gazetteer_record_entity(g->gaz, g->record);
        return 1;
    }
    return 0;
}

/* Whether a candidate of near[0..nnear) inside [lo, hi] runs across the
 * boundary between tokens a - 1 and a. */
static int crossed(const tg_gaz_match *const *near, size_t nnear, size_t a, size_t lo, size_t hi)
{
    for (size_t i = 0; i < nnear; i++) {
        const tg_gaz_match *g = near[i];
        if (g->tok_first < a && g->tok_last >= a && g->tok_first >= lo && g->tok_last <= hi)
            return 1;
    }
    return 0;
}

/* A place the model found that runs from one country's name straight into
 * another's is two places: «سرت لیبی سوریه» (Sirte, Libya; Syria) is the
 * list's «سرت لیبی» and «سوریه», as «لیبی سوریه» is two countries.  A place
 * and the country it lies in stay one span («استکهلم سوئد», PEYMA's way of
 * writing an address), and so does a name a list has across the boundary.
 * Only a span's non-ambiguous candidates can cut it: they are picked once
 * a span (near), not at each of its boundaries, by a binary search over the
 * candidates sorted by first token (in->gaz_by_first, or a copy made at the
 * first span that may be cut), not a scan of all.  Cuts the spans of *so in
 * place; 0 when out of memory. */
static int cmp_address(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)*(const tg_gaz_match *const *)a;
    uintptr_t y = (uintptr_t)*(const tg_gaz_match *const *)b;
    return (x > y) - (x < y);
}

static int split_countries(const tg_ner_input *in, span_out *so)
{
    const tg_gaz_match **near = NULL; /* near, then own: the thread's block (scratch.h) */
    const tg_gaz_match *const *by = in->gaz_by_first; /* made here when NULL */
    for (size_t i = 0; in->ngaz >= 2 && i < so->n; i++) {
        tg_ner_span s = so->v[i];
        if (!tg_label_is(s.label, TG_LABEL_IS_PLACE) || s.tok_last == s.tok_first)
            continue;
        if (!near && !(near = tg_scratch(TG_SCRATCH_COUNTRIES, 2 * in->ngaz * sizeof *near)))
            return 0;
        if (!by) {
            const tg_gaz_match **own = near + in->ngaz;
            tg_gaz_sort_by(in->gaz, in->ngaz, own, 0);
            by = own;
        }
        /* the span's candidates: those starting in it (a binary search over by), in the
           order of in->gaz (country_at takes the first) */
        size_t nnear = 0;
        for (size_t j = tg_gaz_lower_bound(by, in->ngaz, s.tok_first, 0); j < in->ngaz && by[j]->tok_first <= s.tok_last; j++)
            if (by[j]->tok_last <= s.tok_last && !(by[j]->flags & TG_ALIAS_AMBIGUOUS))
                near[nnear++] = by[j];
        if (nnear > 1)
            tg_sort_stable(near, nnear, sizeof *near, cmp_address);
        for (size_t a = s.tok_last; nnear >= 2 && a > s.tok_first; a--) {
            uint32_t left, right;
            if (!country_at(near, nnear, a, 0, s.tok_first, s.tok_last, &right) ||
                !country_at(near, nnear, a - 1, 1, s.tok_first, s.tok_last, &left) ||
                left == right || crossed(near, nnear, a, s.tok_first, s.tok_last))
                continue;
            tg_ner_span *v = tg_grow(so->v, &so->cap, so->n + 1, sizeof *v, 32);
            if (!v) {
                tg_scratch_done(TG_SCRATCH_COUNTRIES);
                return 0;
            }
            so->v = v;
            memmove(&v[i + 2], &v[i + 1], (so->n - i - 1) * sizeof *v);
            so->n++;
            v[i].tok_last = a - 1;
            v[i].norm_end = in->tokens[a - 1].norm_end;
            v[i + 1] = s;
            v[i + 1].tok_first = a;
            v[i + 1].norm_start = in->tokens[a].norm_start;
            s = v[i]; /* the left part may hold another cut */
        }
    }
    if (near)
        tg_scratch_done(TG_SCRATCH_COUNTRIES);
    return 1;
}

tagger_status tg_ner_decode(const tg_ner_model *m, const tg_ner_input *in, tg_ner_span **out,
                            size_t *nout, size_t *cap, char **cased)
{
    span_out so = {m, in->tokens, 0, *out, 0, *cap};
    *nout = 0;
    *cased = NULL;
    if (in->ntokens == 0)
        return TAGGER_OK;
    /* English Title Case headlines: usual lower-case words in lower case (truecase.c) */
    const char *text = in->text; /* the original, for the letter case */
    tg_ner_input tc_in = *in;
    char *tc = NULL;
    const tg_gaz_match **byfirst = NULL; /* the English rules' tg_ner_gaz_at */
    int english = strcmp(tg_ner_model_lang(m), "en") == 0;
    if (english && ((in->ngaz && !(byfirst = malloc(in->ngaz * sizeof *byfirst))) ||
                    tg_truecase(in->text, in->tokens, in->ntokens, &tc) != TAGGER_OK)) {
        free(byfirst);
        return TAGGER_ERR_NOMEM;
    }
    if (english) {
        tg_gaz_sort_by(in->gaz, in->ngaz, byfirst, 0);
        tc_in.gaz_by_first = byfirst;
        tc_in.text = tc ? tc : in->text;
        in = &tc_in;
    }
    tg_ner_work *w = tg_ner_work_take(m);
    if (!w) {
        free(tc);
        free(byfirst);
        return TAGGER_ERR_NOMEM;
    }
    tg_ner_featbuf *fb = &w->fb;
    tg_ner_scratch *sc = &w->sc;
    const tg_ner_history *h = m->h->history ? &w->hist : NULL;
    int ok = tg_ner_doc_features(fb, in, &m->clusters) &&
             (!h || tg_ner_history_doc(&w->hist, fb));
    for (size_t a = 0; ok && a < in->ntokens;) {
        size_t b = tg_ner_segment_end(in, a);
        ok = tg_ner_segment_features(fb, in, a, b, m->mask, &m->clusters, h);
        if (ok) {
            tg_ner_emit(m, fb, b - a, sc->emit);
            tg_ner_viterbi_ok(&m->rules, sc->emit, b - a, &m->ok, m->final, sc->delta, sc->back,
                              sc->tags);
            if (h)
                tg_ner_history_record_doc(&w->hist, fb, a, sc->tags, b - a, m->h->scheme);
            so.base = a;
            ok = tg_ner_tags_to_spans(sc->tags, b - a, m->h->scheme, add_span, &so);
        }
        a = b;
    }
    tg_ner_work_give(m, w);
    if (ok && english)
        ok = tg_ner_english_spans(in, text, in->text, in->tokens, in->ntokens, &so.v, &so.n, &so.cap);
    if (ok && in->gaz)
        ok = split_countries(in, &so);
    free(byfirst);
    *out = so.v; /* grown, or not, also when out of memory */
    *cap = so.cap;
    if (!ok) {
        free(tc);
        return TAGGER_ERR_NOMEM;
    }
    *nout = so.n;
    *cased = tc;
    return TAGGER_OK;
}

/* ----------------------------------------------------------- integration */

/* Whether the model decides entities of `label` (GPE and LOC go together). */
static int decided(const tg_ner_model *m, const char *label)
{
    for (unsigned i = 0; i < m->L; i++) {
        const char *l = m->labels[i];
        if (tg_label_same(l, label) ||
            ((tg_label_eq(l, TG_LABEL_GPE) || tg_label_eq(l, TG_LABEL_LOC)) &&
             (tg_label_eq(label, TG_LABEL_GPE) || tg_label_eq(label, TG_LABEL_LOC))))
            return 1;
    }
    return 0;
}

static int cmp_merged(const void *a, const void *b)
{
    const tg_resolved *x = a, *y = b;
    if (x->norm_start != y->norm_start)
        return x->norm_start < y->norm_start ? -1 : 1;
    size_t lx = x->norm_end - x->norm_start, ly = y->norm_end - y->norm_start;
    return (lx < ly) - (lx > ly);
}

/* tg_ner_best_entry_in (ner_candidates.c) without a preference for a state */
static const tg_gaz_match *best_entry(const tg_gaz_match *const *byfirst, size_t n, size_t first,
                                      size_t last, const char *model, int fac_only,
                                      const char **label)
{
    return tg_ner_best_entry_in(byfirst, n, first, last, model, fac_only, 0, label);
}

/* The words of names the merge reads (normalized, Persian): the tens numerals and
 * the heads below, with their sources. */

/* The Persian tens numerals, 20 to 90, which an ordinal follows after «و» («سی و
 * هفتمین», "37th": numeral_end). */
static const tg_word tens_words[] = {TG_WORD("بیست"),  TG_WORD("سی"),  TG_WORD("چهل"),
                                     TG_WORD("پنجاه"), TG_WORD("شصت"), TG_WORD("هفتاد"),
                                     TG_WORD("هشتاد"), TG_WORD("نود")};
static tg_word_set tens_set = TG_WORD_SET(tens_words);

/* The heads of a news outlet's name (gazlib.OUTLET_HEADS has the same).  No
 * generic head: the lists write each outlet's name with the heads it takes
 * («روزنامه الحیات», «خبرگزاری اسپوتنیک»: merge_titles.py), and an outlet
 * named after an institution is not it («روزنامه مجلس» is a newspaper, not the
 * Majlis).  Still read before a country: «خبرگزاری آناتولی ترکیه». */
#define OUTLET_HEADS \
    TG_WORD("خبرگزاری "), TG_WORD("روزنامه "), TG_WORD("شبکه خبری "), TG_WORD("شبکه تلویزیونی "), \
    TG_WORD("شبکه "), TG_WORD("نشریه "), TG_WORD("هفته نامه "), TG_WORD("هفتهنامه "), \
    TG_WORD("ماهنامه "), TG_WORD("مجله ")
static const tg_word outlet_heads[] = {OUTLET_HEADS};

/* Generic heads of a name: the model's «کشور روسیه» is the list's «روسیه»,
 * «کلان‌شهر تهران» (ZWNJ dropped by the normalizer) «تهران», «شهر مقدس قم»
 * ("the holy city of Qom") «قم», «گروه داعش» ("the group ISIS") «داعش»,
 * «گروهک تروریستی داعش» ("the terrorist group ISIS") too (gazlib.ORG_HEADS has the same).
 * Normalized, each followed by the space that ends its token.  «وزارت» is
 * not one: «وزارت امور خارجه» is an ORG of its own, not «امور خارجه». */
static const tg_word generic_heads[] = {
    TG_WORD("کشور "), TG_WORD("شهر مقدس "), TG_WORD("شهر "), TG_WORD("شهرستان "),
    TG_WORD("استان "), TG_WORD("جزیره "), TG_WORD("کلانشهر "), TG_WORD("کلان شهر "),
    TG_WORD("سازمان "), TG_WORD("دانشگاه "), TG_WORD("شرکت "), TG_WORD("باشگاه فوتبال "),
    TG_WORD("تیم فوتبال "), TG_WORD("باشگاه "), TG_WORD("تیم "), TG_WORD("گروه تروریستی "),
    TG_WORD("گروهک تروریستی "), TG_WORD("گروه تکفیری "), TG_WORD("گروهک تکفیری "),
    TG_WORD("گروهک "), TG_WORD("گروه ")};

/* The number of words of the generic head the span starts with. */
static size_t generic_head(const char *norm, size_t len)
{
    return tg_ner_head_words(norm, len, generic_heads, sizeof generic_heads / sizeof *generic_heads);
}

/* A generic head of a place span only, before a province, a place of Iran, a
 * capital or a country (priority >= 2, gazetteers/build/places.py): the model's
 * place «مرکز بغداد» ("central Baghdad") is Baghdad; its «مرکز کندی» (the
 * Kennedy Center) is no Kandy of Sri Lanka; an ORG «مرکز آمار» is no «آمار»
 * (gazlib.PLACE_HEADS has «مرکز» for the lists). */
static const tg_word place_heads[] = {TG_WORD("مرکز ")};
#define PLACE_HEAD_PRIORITY 2

/* The first words of a building or site (normalized, each with the space that
 * ends it): a place span of the model that no list knows and that starts with
 * one («ورزشگاه اولدترافورد», «فرودگاه X») is a FAC, as the lists label such
 * names (ParsNER's facility prefixes); PEYMA, which the model learnt from, has
 * no FAC and tags them LOC.  «بندر» is no head: «بندر عباس» is a city; «پردیس»
 * only as a cinema or a campus («پردیس» alone is a town); «ایستگاه» only as a space
 * station (PEYMA's stations are LOC), «مرکز» only as «مرکز تئاتر» (the model's
 * «مرکز تئاتر مولوی دانشگاه تهران»).  «تئاتر» is written «تیاتر», as the text is
 * normalized («ئ» folds: normalize_fold.c's persian_fold), or it never matches.
 * gazlib.FACILITY_HEADS has the
 * same words: the lists label «مجموعه ورزشی آزادی تهران», «کوی دانشگاه تهران» FAC. */
static const tg_word facility_heads[] = {
    TG_WORD("ورزشگاه "), TG_WORD("استادیوم "), TG_WORD("مجموعه "), TG_WORD("مجتمع "),
    TG_WORD("نمایشگاه "), TG_WORD("کوی "), TG_WORD("پردیس سینمایی "), TG_WORD("پردیس دانشگاه"),
    TG_WORD("فرودگاه "), TG_WORD("بیمارستان "), TG_WORD("هتل "), TG_WORD("موزه "),
    TG_WORD("مسجد "), TG_WORD("کلیسای "), TG_WORD("کلیسا "), TG_WORD("کنیسه "), TG_WORD("برج "),
    TG_WORD("پل "), TG_WORD("سد "), TG_WORD("نیروگاه "), TG_WORD("پالایشگاه "), TG_WORD("زندان "),
    TG_WORD("کاخ "), TG_WORD("آرامگاه "), TG_WORD("ارامگاه "), TG_WORD("مقبره "),
    TG_WORD("تالار "), TG_WORD("سالن "), TG_WORD("تماشاخانه "), TG_WORD("تیاتر "),
    TG_WORD("سینما "), TG_WORD("حسینیه "), TG_WORD("بزرگراه "), TG_WORD("اتوبان "),
    TG_WORD("آزادراه "), TG_WORD("خیابان "), TG_WORD("بلوار "), TG_WORD("میدان "),
    TG_WORD("ایستگاه فضایی "), TG_WORD("مرکز تیاتر "), TG_WORD("استخر ")};

static int facility_head(const char *norm, size_t len)
{
    return tg_ner_head_words(norm, len, facility_heads, sizeof facility_heads / sizeof *facility_heads) > 0;
}

/* Whether span s ends with an abbreviation written with inner dots («U.S»,
 * «U.N», «F.C») that the tokenizer cut from its last dot, attached after it:
 * the name is «U.S.», also at the end of a sentence (English writes one dot
 * there). */
static int abbreviation_end(const char *norm, const tg_ner_span *s)
{
    if (!norm || norm[s->norm_end] != '.' || s->norm_end < s->norm_start + 3)
        return 0;
    for (size_t i = s->norm_end - 1; i > s->norm_start && norm[i] != ' '; i--)
        if (norm[i] == '.')
            return norm[i - 1] != '.' && norm[s->norm_end - 1] != '.';
    return 0;
}

/* The curated entry (English canonical name) that an unambiguous alias without a
 * suffix gives span s and the word before it, asked as `model` (best_entry), or NULL;
 * *e its entry. */
static const tg_gaz_match *curated_with_word_before(const tg_gaz_match *const *byfirst, size_t n,
                                                    const tg_ner_span *s, tg_label model,
                                                    int fac_only, tg_gaz_entry *e)
{
    const char *l = NULL;
    const tg_gaz_match *t =
        best_entry(byfirst, n, s->tok_first - 1, s->tok_last, tg_label_name(model), fac_only, &l);
    return t && !(t->flags & TG_ALIAS_AMBIGUOUS) && !t->suffix_len &&
                   tg_gazetteer_entry(t->gaz, t->record, e) && (unsigned char)e->name[0] < 0x80
               ? t
               : NULL;
}

/* The gazetteer candidate to link with span s: one on the same first and
 * last token, else, for a place, a FAC entry on all but its first token
 * (the model's «اردوگاه الهول» is the list's camp «الهول»; the entity then
 * takes the entry's span; *keep_span stays 0), else one on all but a
 * generic head, else for a place the place before the country it lies in
 * (tg_ner_place_in_country), else for an ORG a GPE entry on the same tokens (these
 * with *keep_span set: the entity keeps the model's span, the ORG its label). */
static const tg_gaz_match *link_candidate(const tg_gaz_match *const *byfirst, size_t n,
                                          const tg_ner_input *in, const tg_ner_span *s,
                                          const char *norm, int state, const char **label,
                                          int *keep_span, tg_record_memo plain)
{
    *keep_span = 0;
    const tg_gaz_match *g = NULL;
    /* the model's «U.S» before an attached '.': the list's «U.S.» (span with the dot) */
    if (abbreviation_end(norm, s)) {
        g = best_entry(byfirst, n, s->tok_first, s->tok_last + 1, s->label, 0, label);
        if (g && g->norm_end != s->norm_end + 1)
            g = NULL;
    }
    if (!g)
        g = tg_ner_best_entry_in(byfirst, n, s->tok_first, s->tok_last, s->label, 0, state,
                                 label);
    if (!g && s->tok_last > s->tok_first && tg_label_is(s->label, TG_LABEL_IS_PLACE))
        g = best_entry(byfirst, n, s->tok_first + 1, s->tok_last, s->label, 1, label);
    size_t head = s->tok_last > s->tok_first && norm
                      ? generic_head(norm + s->norm_start, s->norm_end - s->norm_start)
                      : 0;
    int centre = 0; /* «مرکز X» */
    if (!head && s->tok_last > s->tok_first && norm && tg_label_is(s->label, TG_LABEL_IS_PLACE))
        centre = (head = tg_ner_head_words(norm + s->norm_start, s->norm_end - s->norm_start,
                                    place_heads, sizeof place_heads / sizeof *place_heads)) != 0;
    if (!g && head && s->tok_first + head <= s->tok_last) {
        g = best_entry(byfirst, n, s->tok_first + head, s->tok_last, s->label, 0, label);
        /* a common word after the head names nothing: «دانشگاه سینما» is no «سینما» */
        if (g && ((s->tok_first + head == s->tok_last &&
                   tg_common_word(norm + g->norm_start, g->norm_end - g->norm_start)) ||
                  (centre && g->priority < PLACE_HEAD_PRIORITY)))
            g = NULL;
        *keep_span = g != NULL;
    }
    /* an outlet and its country: «خبرگزاری آناتولی ترکیه» is «خبرگزاری آناتولی» */
    size_t outlet = s->tok_last > s->tok_first && norm
                        ? tg_ner_head_words(norm + s->norm_start, s->norm_end - s->norm_start,
                                     outlet_heads, sizeof outlet_heads / sizeof *outlet_heads)
                        : 0;
    for (size_t c = s->tok_last;
         !g && outlet && tg_label_eq(s->label, TG_LABEL_ORG) && c > s->tok_first + outlet;
         c--) {
        const char *gpe;
        const tg_gaz_match *y =
            best_entry(byfirst, n, c, s->tok_last, tg_label_name(TG_LABEL_GPE), 0, &gpe);
        tg_gaz_entry e;
        if (!y || (y->flags & TG_ALIAS_AMBIGUOUS) || !tg_label_eq(gpe, TG_LABEL_GPE) ||
            y->priority < TG_GAZ_COUNTRY_PRIORITY ||
            !tg_gazetteer_entry(y->gaz, y->record, &e))
            continue;
        const char *org;
        g = best_entry(byfirst, n, s->tok_first, c - 1, tg_label_name(TG_LABEL_ORG), 0,
                       &org);
        /* a curated outlet on its whole words: not «شبکه ورزش|ی برزیل» (a sports
         * channel of Brazil, not IRIB Varzesh), not an induced «شبکه اول» */
        if (g && (!tg_label_eq(org, TG_LABEL_ORG) || (g->flags & TG_ALIAS_AMBIGUOUS) ||
                  g->suffix_len || !tg_gazetteer_entry(g->gaz, g->record, &e) ||
                  (unsigned char)e.name[0] >= 0x80))
            g = NULL;
        if (g) {
            *label = org;
            *keep_span = 1;
        }
        break; /* the country at the end only */
    }
    if (!g && norm && tg_label_is(s->label, TG_LABEL_IS_PLACE) && s->tok_last > s->tok_first)
        *keep_span = (g = tg_ner_place_in_country(byfirst, n, s, norm, label)) != NULL;
    if (!g && tg_label_eq(s->label, TG_LABEL_ORG)) {
        const char *gpe;
        g = best_entry(byfirst, n, s->tok_first, s->tok_last, tg_label_name(TG_LABEL_GPE),
                       0, &gpe);
        if (g && (!tg_label_eq(gpe, TG_LABEL_GPE) || (g->flags & TG_ALIAS_AMBIGUOUS)))
            g = NULL; /* a LOC or FAC is no state; «صبا» is no town of Japan */
        *keep_span = g != NULL;
    }
    /* a place of several words that only an organization bears: the model's
     * «شهر خودرو» (a club; «شهر» made it a place) is the list's ORG Shahr Khodro;
     * a building and the body it houses, the model's place «کاخ سفید» («در کاخ
     * سفید»), the ORG White House, a FAC; its ORG «وال استریت» («سهام وال
     * استریت») the list's FAC Wall Street, an ORG.  A curated entry (English
     * canonical name) on exactly the span's whole words only.  Persian text only:
     * CoNLL-2003 tags "the White House" and "St Louis" (also a club) LOC. */
    int place = tg_label_is(s->label, TG_LABEL_IS_PLACE) && s->tok_last > s->tok_first && norm &&
                (unsigned char)norm[s->norm_start] >= 0x80;
    if (!g && (place || tg_label_eq(s->label, TG_LABEL_ORG))) {
        const char *other;
        g = best_entry(byfirst, n, s->tok_first, s->tok_last,
                       tg_label_name(place ? TG_LABEL_ORG : TG_LABEL_FAC), !place,
                       &other);
        tg_gaz_entry e;
        if (g && (!tg_label_eq(other, place ? TG_LABEL_ORG : TG_LABEL_FAC) ||
                  (g->flags & TG_ALIAS_AMBIGUOUS) || g->suffix_len ||
                  !tg_gazetteer_entry(g->gaz, g->record, &e) ||
                  (unsigned char)e.name[0] >= 0x80))
            g = NULL;
        if (g) {
            *label = tg_label_name(
                place && norm &&
                        facility_head(norm + s->norm_start, s->norm_end - s->norm_start)
                    ? TG_LABEL_FAC
                    : TG_LABEL_ORG);
            *keep_span = 1;
        }
    }
    /* a PERSON span after a title the list writes with the name (the model's
     * «مطهری» of «شهید مطهری», «مدرس» of «آیت‌الله مدرس»): that entry, before
     * a surname alone (ambiguous: «مطهری» is also Ali Motahari) */
    for (size_t back = 1; (!g || (g->flags & TG_ALIAS_AMBIGUOUS)) && back <= 2 &&
                          back <= s->tok_first && tg_label_eq(s->label, TG_LABEL_PERSON);
         back++) {
        const char *titled = NULL; /* set with t (best_entry); GCC cannot always see it */
        const tg_gaz_match *t =
            best_entry(byfirst, n, s->tok_first - back, s->tok_last, s->label, 0, &titled);
        tg_gaz_entry e;
        /* only a curated entry (English canonical name): an induced «شهید آوینی»
         * of its own would take the surname from Morteza Avini */
        if (t && !(t->flags & TG_ALIAS_AMBIGUOUS) && tg_gazetteer_entry(t->gaz, t->record, &e) &&
            (unsigned char)e.name[0] < 0x80) {
            g = t;
            *label = titled;
            *keep_span = 1;
        }
    }
    /* a PERSON span right after a word that makes it a curated place's name (the
     * model's «رستم» of «نقش رستم», Naqsh-e Rostam; «امام علی» of «بزرگراه امام
     * علی»): that place, on the entry's span */
    tg_gaz_entry pe;
    const tg_gaz_match *pt;
    if ((!g || (g->flags & TG_ALIAS_AMBIGUOUS)) && s->tok_first > 0 &&
        tg_label_eq(s->label, TG_LABEL_PERSON) &&
        (pt = curated_with_word_before(byfirst, n, s, TG_LABEL_LOC, 0, &pe)) &&
        tg_label_is(pe.label, TG_LABEL_IS_PLACE)) {
        g = pt;
        *label = pe.label;
        *keep_span = 0;
    }
    /* a place span right after a facility head that makes it a curated facility's
     * name (the model's town «هامون» of «تئاتر هامون», the Hamoon Theater; «سینما
     * فلسطین»): that facility, on the entry's span.  Only after a head: «بازار تهران»
     * is also Tehran's market of «قیمت طلا در بازار تهران» */
    if (s->tok_first > 0 && norm && tg_label_is(s->label, TG_LABEL_IS_PLACE) &&
        !tg_label_eq(s->label, TG_LABEL_FAC) &&
        (pt = curated_with_word_before(byfirst, n, s, TG_LABEL_FAC, 1, &pe)) &&
        tg_label_eq(pe.label, TG_LABEL_FAC) &&
        facility_head(norm + pt->norm_start, pt->norm_end - pt->norm_start)) {
        g = pt;
        *label = pe.label;
        *keep_span = 0;
    }
    /* an entry whose list says its label wins (`label=list`: the compiler marks
     * its aliases TG_ALIAS_LIST_LABEL), on exactly the span through an
     * unambiguous alias: the model's place «بریکس» is BRICS; or, before an
     * ambiguous entry or none, through an ambiguous alias whose evidence= words
     * stand in the sentence: the model's person «کروز» beside «شرکت» is the
     * car-parts maker Crouse, not Tom Cruise */
    for (size_t i = tg_gaz_lower_bound(byfirst, n, s->tok_first, 0);
         norm && (!g || (g->flags & TG_ALIAS_AMBIGUOUS)) && i < n &&
         byfirst[i]->tok_first == s->tok_first;
         i++) {
        const tg_gaz_match *c = byfirst[i];
        tg_gaz_entry e;
        if (c->tok_last == s->tok_last && !c->suffix_len &&
            (c->flags & (TG_ALIAS_LIST_LABEL | TG_ALIAS_AMBIGUOUS | TG_ALIAS_EVIDENCE)) ==
                (TG_ALIAS_LIST_LABEL | TG_ALIAS_AMBIGUOUS | TG_ALIAS_EVIDENCE) &&
            (!tg_resolve_lacks_evidence(norm, in->tokens, in->ntokens, c) ||
             tg_ner_named_plainly(in, c, plain)) &&
            tg_gazetteer_entry(c->gaz, c->record, &e)) {
            g = c;
            *label = e.label;
            *keep_span = 0;
        }
    }
    if (!g) {
        const char *own = NULL; /* set with t (best_entry); GCC cannot always see it */
        const tg_gaz_match *t = best_entry(byfirst, n, s->tok_first, s->tok_last, NULL, 0, &own);
        if (t && (t->flags & (TG_ALIAS_LIST_LABEL | TG_ALIAS_AMBIGUOUS)) ==
                     TG_ALIAS_LIST_LABEL) {
            g = t;
            *label = own;
        }
    }
    return g;
}

/* Persian: the last token of an ORG span whose last word is a tens numeral cut
 * from its ordinal («ستاد خبری سی» of «ستاد خبری سی و هفتمین جشنواره جهانی فیلم
 * فجر», "the news office of the 37th Fajr festival"): the ordinal, as the
 * model reads «ستاد خبری سی‌وهفتمین»; s->tok_last when the span is no such cut.
 * The festival's name after it stays an entity of its own (and its link). */
static size_t numeral_end(const tg_ner_input *in, const tg_ner_span *s)
{
    const char *norm = in->norm->text;
    size_t t = s->tok_last, sent = in->tokens[t].sentence;
    if (t + 2 >= in->ntokens || in->tokens[t + 2].sentence != sent ||
        !tg_token_in(norm, &in->tokens[t], &tens_set) ||
        !tg_token_is(norm, &in->tokens[t + 1], "و"))
        return t;
    const tagger_token *o = &in->tokens[t + 2];
    static const char ordinal[] = "مین";
    size_t k = sizeof ordinal - 1, len = o->norm_end - o->norm_start;
    if (o->kind != TAGGER_TOKEN_WORD || len <= k || memcmp(norm + o->norm_end - k, ordinal, k) != 0)
        return t;
    return t + 2;
}

/* Whether a resolved list entity of a label the model decides stays where
 * the model found nothing: a list entry that a context rule marked `confirm`
 * found on exactly its span (the source in «به گزارش راهبرد معاصر.»), or a
 * headline speaker («اسلامی:», resolve.h: tg_resolve_speakers). */
static int evident(const tg_resolved *r)
{
    if (r->speaker)
        return 1;
    return r->gaz && r->rule && r->rule->confirm_only && r->norm_start == r->gaz->norm_start &&
           r->norm_end == r->gaz->norm_end;
}

/* Whether an entity is a name rule's of priority ≥ TG_NER_FORCE_PRIORITY on
 * the rule's own span (made by the rule, or a list entry it confirmed there):
 * it wins over the model, as a forced list entry does. */
static int forced_rule(const tg_resolved *r)
{
    return r->rule && r->rule->priority >= TG_NER_FORCE_PRIORITY &&
           r->norm_start == r->rule->norm_start && r->norm_end == r->rule->norm_end &&
           (!r->rule->confirm_only || evident(r));
}

static int capital(const char *text, const tg_ner_input *in, size_t t)
{
    unsigned char c = (unsigned char)text[in->tokens[t].start];
    return c >= 'A' && c <= 'Z';
}

/* Whether tokens first..last are all capitalized words with no capitalized word right
 * after them (same sentence) nor right before them, unless that one opens the sentence
 * or is "The" ('" The Tories, he said').
 * `tc` is the text as the model read it (a Title Case headline's usual words in lower
 * case: "Boeing Competitors Protest Lockheed" is "Boeing competitors protest Lockheed"). */
static int capitalized_alone(const tg_ner_input *in, const char *tc, size_t first, size_t last)
{
    if (last >= in->ntokens)
        return 0;
    for (size_t t = first; t <= last; t++)
        if (in->tokens[t].kind == TAGGER_TOKEN_WORD && !capital(in->text, in, t))
            return 0;
    size_t sent = in->tokens[first].sentence;
    if (last + 1 < in->ntokens && in->tokens[last + 1].sentence == sent && capital(tc, in, last + 1))
        return 0;
    return !(first > 1 && in->tokens[first - 2].sentence == sent && capital(tc, in, first - 1) &&
             !tg_ner_english_the(in->text, &in->tokens[first - 1]));
}

/* English only (the evidence is the letter case): whether an unambiguous ORG
 * list entry stays where the model found nothing — every word of it
 * capitalized, the word after it (same sentence) not, nor the word before it
 * unless that one opens the sentence ("The Tories …"): a name the list knows
 * and nothing longer around it ("Nortel Open", "Fed Cup" are other names). */
static int listed_org(const tg_ner_model *m, const tg_ner_input *in, const char *tc,
                      const tg_resolved *r)
{
    if (!r->gaz || !in->text || !in->tokens || !tg_label_eq(r->label, TG_LABEL_ORG) ||
        strcmp(tg_ner_model_lang(m), "en") != 0)
        return 0;
    return capitalized_alone(in, tc, r->gaz->tok_first, r->gaz->tok_last);
}

/* Whether a GPE entry is a country (its priority, TG_GAZ_COUNTRY_PRIORITY;
 * iso= does not tell, a city has its country's code too). */
static int country(const tg_gaz_entry *e)
{
    return e->priority >= TG_GAZ_COUNTRY_PRIORITY;
}

/* English (CoNLL's convention): a model ORG on exactly a country's tokens is
 * the country ("R Caucaunibuca ( Fiji )", a national team): *label becomes
 * the entry's (GPE). */
static void country_not_org(const tg_ner_model *m, const tg_ner_span *s, const tg_gaz_match *g,
                            const char **label)
{
    tg_gaz_entry e;
    if (g && tg_label_eq(s->label, TG_LABEL_ORG) && tg_label_eq(*label, TG_LABEL_ORG) &&
        g->tok_first == s->tok_first && g->tok_last == s->tok_last &&
        strcmp(tg_ner_model_lang(m), "en") == 0 &&
        tg_gazetteer_entry(g->gaz, g->record, &e) && tg_label_eq(e.label, TG_LABEL_GPE) &&
        country(&e))
        *label = e.label;
}

/* Whether the normalized text before byte `start` is a team's ranking, "No. 10 " or
 * "top-ranked " / "5th-ranked " (US college sport: "No. 10 Ohio State" is the team). */
static int after_ranking(const char *norm, size_t start)
{
    if (!norm || start < 2 || norm[start - 1] != ' ')
        return 0;
    size_t i = start - 1;
    if (i >= 7 && memcmp(norm + i - 7, "-ranked", 7) == 0)
        return 1;
    size_t d = i;
    while (d > 0 && norm[d - 1] >= '0' && norm[d - 1] <= '9')
        d--;
    if (d == i || d < 3 || i - d > 2)
        return 0;
    if (norm[d - 1] == ' ')
        d--;
    return d >= 3 && memcmp(norm + d - 3, "no.", 3) == 0 && (d == 3 || norm[d - 4] == ' ' ||
                                                             norm[d - 4] == '\n');
}

/* English: a model place right after a ranking ("No. 10 Ohio State", "top-ranked Illinois")
 * is the team, an ORG. */
static int ranked_team(const tg_ner_model *m, const char *norm, const tg_ner_span *s)
{
    return tg_label_is(s->label, TG_LABEL_IS_PLACE) && after_ranking(norm, s->norm_start) &&
           strcmp(tg_ner_model_lang(m), "en") == 0;
}

/* English: the label of a forced name rule (priority >= TG_NER_FORCE_PRIORITY, not
 * `confirm`) that matched exactly the model span s, where resolution dropped it for a
 * list entry on the same span ("California quarterback": en.org.state_team, the state's
 * team, an ORG, not the state), or NULL.  `forced` holds the indices of such rules'
 * matches (few). */
static const char *forced_rule_label(const tg_ner_input *in, const size_t *forced, size_t nforced,
                                     const tg_ner_span *s)
{
    for (size_t i = 0; i < nforced; i++) {
        const tg_rule_match *r = &in->rules[forced[i]];
        if (r->norm_start == s->norm_start && r->norm_end == s->norm_end)
            return r->label;
    }
    return NULL;
}

/* English: the indices of the forced name rules' matches (above) in *out (malloc'd; NULL
 * and 0 when there are none or the model is not English).  Returns 0 when out of memory. */
static int forced_rules(const tg_ner_model *m, const tg_ner_input *in, size_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (strcmp(tg_ner_model_lang(m), "en") != 0 || in->nrules == 0)
        return 1;
    if (!(*out = malloc(in->nrules * sizeof **out)))
        return 0;
    for (size_t i = 0; i < in->nrules; i++) {
        const tg_rule_match *r = &in->rules[i];
        if (r->priority >= TG_NER_FORCE_PRIORITY && !r->confirm_only &&
            r->evidence == TG_EVIDENCE_YES && !tg_label_is(r->label, TG_LABEL_IS_VALUE))
            (*out)[(*n)++] = i;
    }
    return 1;
}

/* English: whether a country of the lists (unambiguous, its words capitalized) stays where
 * the model found nothing: a country CoNLL train hardly writes in lower case ("the
 * Philippines", once in train, inside an ORG) is still the country. */
static int listed_country(const tg_ner_model *m, const tg_ner_input *in, const char *tc,
                          const tg_resolved *r)
{
    tg_gaz_entry e;
    if (!r->gaz || r->ambiguous || !in->text || !in->tokens ||
        !tg_label_eq(r->label, TG_LABEL_GPE) || strcmp(tg_ner_model_lang(m), "en") != 0 ||
        !tg_gazetteer_entry(r->gaz->gaz, r->gaz->record, &e) || !country(&e))
        return 0;
    /* not inside a longer name ("U.S. Open", "Hong Kong Open", "TOUR OF NETHERLANDS") */
    return capitalized_alone(in, tc, r->gaz->tok_first, r->gaz->tok_last);
}

/* The bytes of the text that an entity kept so far covers: one bit a byte, so that a
 * document's map is cleared in an eighth of the bytes and a span is tested a word at a
 * time.  The word of byte i is occ[i / 64]; occ_bits gives the bits of bytes [s, e) in
 * the word of byte s (up to its end), *next the byte after them. */
static uint64_t occ_bits(size_t s, size_t e, size_t *next)
{
    size_t a = s & 63, b = e - (s - a) < 64 ? e - (s - a) : 64;
    *next = s - a + b;
    return (b - a == 64 ? ~0ull : (1ull << (b - a)) - 1) << a;
}

static void occ_mark(uint64_t *occ, size_t s, size_t e)
{
    while (s < e) {
        uint64_t *w = &occ[s >> 6];
        *w |= occ_bits(s, e, &s);
    }
}

static int overlaps_kept(const uint64_t *occ, size_t s, size_t e)
{
    while (s < e) {
        const uint64_t w = occ[s >> 6];
        if (w & occ_bits(s, e, &s))
            return 1;
    }
    return 0;
}

static int occ_has(const uint64_t *occ, size_t i)
{
    return occ[i >> 6] >> (i & 63) & 1;
}

tagger_status tg_ner_merge(const tg_ner_model *m, const tg_ner_span *spans, size_t nspans,
                           const tg_ner_input *in, tg_resolved **res, size_t *nres)
{
    size_t ngaz = in->ngaz;
    const char *norm = in->norm ? in->norm->text : NULL;
    size_t n = *nres, end = in->norm ? in->norm->len : 0; /* numeral_end may reach past a span */
    for (size_t i = 0; i < n; i++)
        if ((*res)[i].norm_end > end)
            end = (*res)[i].norm_end;
    for (size_t i = 0; i < nspans; i++)
        if (spans[i].norm_end > end)
            end = spans[i].norm_end;
    /* the entries the context gives (ner_context.c) live after the entities,
     * in the same block: they last as long as the entities do */
    tg_resolved *out = malloc((n + nspans + 1) * sizeof *out + nspans * sizeof(tg_gaz_match));
    tg_gaz_match *ctx = out ? (tg_gaz_match *)(out + n + nspans + 1) : NULL;
    size_t nctx = 0;
    tg_ner_context context = {0};
    /* occ (bits of bytes 0..end) and kept: the thread's block (scratch.h) */
    size_t nwords = end / 64 + 1, bytes = nwords * sizeof(uint64_t) + (n + 1);
    uint64_t *occ = tg_scratch(TG_SCRATCH_MERGE, bytes);
    unsigned char *kept = occ ? (unsigned char *)(occ + nwords) : NULL;
    size_t *forced = NULL, nforced = 0;
    if (!out || !occ || !forced_rules(m, in, &forced, &nforced)) {
        free(out);
        tg_scratch_done(TG_SCRATCH_MERGE);
        return TAGGER_ERR_NOMEM;
    }
    memset(occ, 0, bytes);
    const tg_gaz_match *const *byfirst = in->gaz_by_first; /* the caller's (ner.h) */
    tg_ner_input by_in = *in; /* with the teams, below */
    in = &by_in;
    int english = in->text && in->tokens && strcmp(tg_ner_model_lang(m), "en") == 0;
    tg_en_teams *teams = english ? tg_en_teams_make(in) : NULL;
    if (english && !teams) {
        free(out);
        free(forced);
        tg_scratch_done(TG_SCRATCH_MERGE);
        return TAGGER_ERR_NOMEM;
    }
    by_in.teams = teams;
    tg_record_memo namesakes = {{0}}, longer = {{0}}, first = {{0}}, plain = {{0}};
    size_t k = 0;
    /* 1. values, forced list entries and entities of forced rules (on their own span) */
    for (size_t i = 0; i < n; i++) {
        const tg_resolved *r = &(*res)[i];
        if (english && tg_en_markup_entity(in, r->norm_start, r->norm_end)) {
            kept[i] = 1; /* no entity in HTML markup (ner_english_markup.c) */
            continue;
        }
        if (tg_label_is(r->label, TG_LABEL_IS_VALUE) ||
            (r->gaz && r->gaz->priority >= TG_NER_FORCE_PRIORITY) ||
            forced_rule(r)) {
            out[k++] = *r;
            kept[i] = 1;
            occ_mark(occ, r->norm_start, r->norm_end);
        }
    }
    /* 2. model spans, linked to a coinciding gazetteer entry */
    for (size_t i = 0; i < nspans; i++) {
        const tg_ner_span *s = &spans[i];
        if (overlaps_kept(occ, s->norm_start, s->norm_end))
            continue;
        const char *label = s->label;
        int keep_span;
        /* a place right after «PLACE, » is a state or province («Redmond, Washington») */
        int state = i > 0 && norm && tg_label_is(s->label, TG_LABEL_IS_PLACE) &&
                    tg_label_is(spans[i - 1].label, TG_LABEL_IS_PLACE) &&
                    spans[i - 1].norm_end + 2 == s->norm_start &&
                    norm[spans[i - 1].norm_end] == ',' && norm[spans[i - 1].norm_end + 1] == ' ';
        /* English: an ORG's capitalized "The" («at The Coca-Cola Co»,
         * ner_english.c) is looked up without it, and the entity keeps it */
        tg_ner_span named = *s;
        int the = english && tg_label_eq(s->label, TG_LABEL_ORG) &&
                  s->tok_last > s->tok_first &&
                  tg_ner_english_the(in->text, &in->tokens[s->tok_first]);
        if (the) {
            named.tok_first++;
            named.norm_start = in->tokens[named.tok_first].norm_start;
        }
        if (!english && tg_label_eq(s->label, TG_LABEL_ORG) && tg_ner_desk(in, s))
            continue; /* «به گزارش گروه سلامت»: an agency's desk (ner_context.c) */
        const tg_gaz_match *g =
            link_candidate(byfirst, ngaz, in, &named, norm, state, &label, &keep_span, plain);
        g = tg_ner_evidenced_namesake(in, byfirst, ngaz, g, norm, namesakes, longer, first);
        /* English: the list's firm names the model's firm with its suffix ("Nortel" of
         * "Nortel Networks", "Samsung" of "Samsung Electronics"): the entity keeps the span */
        if (!g && english && tg_label_eq(s->label, TG_LABEL_ORG) &&
            named.tok_last > named.tok_first &&
            tg_ner_english_firm_word(in->text, &in->tokens[s->tok_last])) {
            const char *org;
            g = best_entry(byfirst, ngaz, named.tok_first, s->tok_last - 1,
                           tg_label_name(TG_LABEL_ORG), 0, &org);
            if (g && (!tg_label_eq(org, TG_LABEL_ORG) || (g->flags & TG_ALIAS_AMBIGUOUS)))
                g = NULL;
            keep_span = g != NULL;
        }
        if (g && the)
            keep_span = 1;
        tg_gaz_entry ge;
        int many = 0;
        const tg_gaz_match *venue;
        const char *venue_label;
        if (g && tg_gazetteer_entry(g->gaz, g->record, &ge) && tg_ner_unit_entry(&ge)) {
            g = NULL; /* a branch or outlet: its label, no kb_id */
            many = 1;
        }
        size_t start = s->norm_start, span_end = s->norm_end;
        /* «نماد فارس», «نماد فولاد»: a listed company's share (ner_context.c) */
        if (!english &&
            (tg_label_is(label, TG_LABEL_IS_PLACE) ||
             (tg_label_eq(label, TG_LABEL_ORG) &&
              (!g || (g->flags & TG_ALIAS_AMBIGUOUS)))) &&
            tg_ner_ticker(in, s)) {
            g = NULL;
            label = tg_label_name(TG_LABEL_ORG);
            many = 1;
        } else if (!english && tg_label_eq(label, TG_LABEL_PERSON) &&
                   tg_ner_venue_before(in, s, !g || (g->flags & TG_ALIAS_AMBIGUOUS)) &&
                   !occ_has(occ, in->tokens[s->tok_first - 1].norm_start)) {
            /* «تئاتر مولوی», «تالار ناصر خسرو»: the venue named after a person (ner_context.c) */
            start = in->tokens[s->tok_first - 1].norm_start;
            const char *fac;
            g = best_entry(byfirst, ngaz, s->tok_first - 1, s->tok_last,
                           tg_label_name(TG_LABEL_FAC), 1, &fac);
            label = tg_label_name(TG_LABEL_FAC);
            keep_span = 1;
        } else if (!english && tg_label_is(label, TG_LABEL_IS_PLACE) && s->tok_first == s->tok_last &&
                   tg_ner_venue_before(in, s, 1) && !occ_has(occ, in->tokens[s->tok_first - 1].norm_start) &&
                   (venue = best_entry(byfirst, ngaz, s->tok_first - 1, s->tok_last,
                                       tg_label_name(TG_LABEL_FAC), 1, &venue_label)) &&
                   !(venue->flags & TG_ALIAS_AMBIGUOUS)) {
            /* «تئاتر هامون»: a listed venue named after a place (the model's «هامون») */
            start = in->tokens[s->tok_first - 1].norm_start;
            g = venue;
            label = tg_label_name(TG_LABEL_FAC);
            keep_span = 1;
        } else if (!english && tg_label_eq(label, TG_LABEL_PERSON) && tg_ner_border_before(in, s) &&
                   (venue = best_entry(byfirst, ngaz, s->tok_first, s->tok_last,
                                       tg_label_name(TG_LABEL_GPE), 0, &venue_label)) &&
                   tg_label_eq(venue_label, TG_LABEL_GPE)) {
            /* «مرز بازرگان»: the border town, not the man (ner_context.c) */
            g = venue;
            label = venue_label;
            keep_span = 1;
        } else if (tg_ner_context_entry(in, &context, s, g, &ctx[nctx])) {
            g = &ctx[nctx++];
            label = tg_gazetteer_entry(g->gaz, g->record, &ge)
                        ? tg_label_name_of(ge.label)
                        : tg_label_name(TG_LABEL_ORG);
            keep_span = 1;
        }
        if (keep_span)
            country_not_org(m, s, g, &label);
        int decided = english && tg_ner_english_label(in, s, &g, &label);
        if (decided)
            g = NULL;
        if (english) {
            /* an ORG on a listed city or state is a team or government named by
             * it ("Detroit edged Chicago", "Washington said"): not the place */
            if (g && tg_label_eq(label, TG_LABEL_ORG) &&
                tg_gazetteer_entry(g->gaz, g->record, &ge) &&
                tg_label_is(ge.label, TG_LABEL_IS_PLACE) && !country(&ge))
                g = NULL;
        }
        /* English: a model span on exactly a listed product or event, with no entry of
         * its own label, is the product or the event ("Linux", "Halo": the model reads
         * software and games as firms or places; "Oscar", "the Brits": awards, as people
         * or places; CoNLL and the guidelines call them MISC), unless its context made
         * it a person ("Mr German": ner_english_label.c); also where the span's entry of
         * its label is an alias without the evidence= words it needs (the town "?Brits"
         * where no word of South Africa stands: "the Brits", the Brit Awards, by their
         * own words; the resolver drops the entity when no candidate has its words) */
        static const tg_label misc_labels[] = {TG_LABEL_PRODUCT, TG_LABEL_EVENT};
        int titled = decided && tg_label_eq(label, TG_LABEL_PERSON);
        int weak = !g || (norm && tg_resolve_lacks_evidence(norm, in->tokens, in->ntokens, g));
        for (size_t j = 0; english && weak && !titled && j < sizeof misc_labels / sizeof *misc_labels; j++) {
            const char *pl;
            const tg_gaz_match *p =
                best_entry(byfirst, ngaz, named.tok_first, s->tok_last,
                           tg_label_name(misc_labels[j]), 0, &pl);
            if (p) {
                g = p;
                label = tg_label_name(misc_labels[j]);
                keep_span = 1;
                weak = 0;
            }
        }
        const char *rl = forced_rule_label(in, forced, nforced, s);
        if (rl) {
            label = rl;
            g = NULL;
        }
        if (ranked_team(m, norm, s)) {
            label = tg_label_name(TG_LABEL_ORG);
            g = NULL;
        }
        if (!g && norm && tg_label_is(label, TG_LABEL_IS_PLACE) &&
            facility_head(norm + s->norm_start, s->norm_end - s->norm_start))
            label = tg_label_name(TG_LABEL_FAC);
        if (!english && norm && tg_label_eq(label, TG_LABEL_ORG)) {
            size_t last = numeral_end(in, s);
            if (last != s->tok_last && !overlaps_kept(occ, s->norm_end, in->tokens[last].norm_end)) {
                span_end = in->tokens[last].norm_end; /* «ستاد خبری سی و هفتمین …» */
                g = NULL;
            }
        }
        tg_resolved *x = &out[k++];
        memset(x, 0, sizeof *x);
        x->norm_start = start;
        x->norm_end = span_end;
        x->label = tg_label_name_of(label); /* the table's string: labels compare by pointer */
        x->gaz = g;
        x->model = 1;
        x->many = many && !g;
        if (g && !keep_span) { /* the list knows where an attached suffix starts («اروپا|ست») */
            x->norm_start = g->norm_start;
            x->norm_end = g->norm_end;
        } else if (!g && abbreviation_end(norm, s)) {
            x->norm_end = s->norm_end + 1; /* «U.N» + «.»: «U.N.» */
        }
        occ_mark(occ, start, span_end);
        if (x->norm_end > span_end)
            occ_mark(occ, span_end, x->norm_end);
    }
    /* 3. what the model does not decide (English: the letter case of the text the model
     * read, truecase.c) */
    const char *tc_text = in->cased ? in->cased : in->text;
    for (size_t i = 0; i < n; i++) {
        const tg_resolved *r = &(*res)[i];
        if (kept[i] ||
            (decided(m, r->label) && !evident(r) && !listed_org(m, in, tc_text, r) &&
             !listed_country(m, in, tc_text, r)) ||
            overlaps_kept(occ, r->norm_start, r->norm_end))
            continue;
        out[k++] = *r;
        occ_mark(occ, r->norm_start, r->norm_end);
    }
    if (k > 1)
        tg_sort_stable(out, k, sizeof *out, cmp_merged);
    tg_scratch_done(TG_SCRATCH_MERGE);
    free(forced);
    tg_en_teams_free(teams);
    tg_ner_context_free(&context);
    free(*res);
    *res = out;
    *nres = k;
    return TAGGER_OK;
}
