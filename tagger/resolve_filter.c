/* resolve_filter — the last pass over a document's entities; see
 * resolve_filter.h for the algorithm.  Most tests read the entity's tokens
 * and a few around it; the searches of the whole document (an entry named in
 * full, a surname's person, another mention's evidence) are made once a
 * document for each entry, a web address's run once for all its entities, the
 * document's quoted titles indexed once and the candidates of a token by
 * binary search: what that takes is kept for the document in
 * resolve_filter_state.c. */
#include "resolve_filter.h"
#include "resolve_filter_state.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"
#include "normalize.h"
#include "tokenize.h"


/* BEGIN common words: normalized (Persian yeh and kaf, no ZWNJ or marks);
 * gazetteers/build/common-words-junk.txt lists the same
 * words (tests/junk_audit.sh checks it). */
static const tg_word common_words[] = {
    TG_WORD("آکادمی"), TG_WORD("ارتباطات"), TG_WORD("استان"), TG_WORD("اسلام"),
    TG_WORD("اسلامی"), TG_WORD("اسپری"), TG_WORD("اقتصاد"), TG_WORD("الدوله"), TG_WORD("السلطنه"),
    TG_WORD("الملک"), TG_WORD("الممالک"), TG_WORD("امور"), TG_WORD("انقلاب"),
    TG_WORD("ایستگاه"), TG_WORD("بهداشت"), TG_WORD("بوکس"), TG_WORD("بینالمللی"), TG_WORD("جامعه"),
    TG_WORD("جنوبی"),
    TG_WORD("جهان"), TG_WORD("جهانی"), TG_WORD("حرم"), TG_WORD("خارجه"), TG_WORD("دفاع"), TG_WORD("دنیا"),
    TG_WORD("دولت"), TG_WORD("راه"), TG_WORD("روزنامهنگار"), TG_WORD("روزنامهنگاران"),
    TG_WORD("روزنامهنگاری"), TG_WORD("روسا"), TG_WORD("روسای"), TG_WORD("سینما"),
    TG_WORD("شام"), TG_WORD("شرقی"), TG_WORD("شمالی"), TG_WORD("شهر"), TG_WORD("صنعت"),
    TG_WORD("عزیز"), TG_WORD("غربی"), TG_WORD("فضایی"), TG_WORD("قاضی"), TG_WORD("قمر"),
    TG_WORD("مجاری"),
    TG_WORD("مردم"), TG_WORD("مرکز"), TG_WORD("مطهر"), TG_WORD("ملت"),
    TG_WORD("ملی"), TG_WORD("منطقه"), TG_WORD("نفت"), TG_WORD("نیرو"), TG_WORD("هاو"), TG_WORD("هلدینگ"),
    TG_WORD("ورزش"), TG_WORD("کردو"),
    TG_WORD("کار"), TG_WORD("کشور"), TG_WORD("کشورها"), TG_WORD("کهکشان"),
};
/* END common words */
static tg_word_set common_set = TG_WORD_SET(common_words);

int tg_common_word(const char *s, size_t len)
{
    return tg_word_set_has(&common_set, s, len);
}

/* Whether the words of tokens [t0, t1] written together are a common word:
 * «روزنامه نگاران» ("journalists", written with a space) is «روزنامهنگاران». */
static int joined_common_word(const char *norm, const tagger_token *tokens, size_t t0, size_t t1)
{
    char buf[64];
    size_t n = 0;
    for (size_t t = t0; t <= t1; t++) {
        size_t len = tokens[t].norm_end - tokens[t].norm_start;
        if (tokens[t].kind != TAGGER_TOKEN_WORD || n + len > sizeof buf)
            return 0;
        memcpy(buf + n, norm + tokens[t].norm_start, len);
        n += len;
    }
    return tg_common_word(buf, n);
}

/* A head word of the common words (not ner.c's generic_heads, which a name is
 * linked through): followed only by common words it names no entity
 * («صنعت سینما» "the cinema industry", «دولت اسلامی» "an Islamic government", «حرم مطهر»
 * "the holy shrine", «ایستگاه فضایی» "the space station"), while a name made of other
 * common words may be one (the newspaper «جهان صنعت»), as a curated entry's alias is
 * (curated_whole: «ایستگاه فضایی بین‌المللی», the ISS). */
static int common_word_head(const char *norm, const tagger_token *t)
{
    static const char *const heads[] = {"استان", "ایستگاه", "حرم",  "دولت", "شهر",
                                        "صنعت",  "کشور", "مرکز", "منطقه"};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
        if (tg_token_is(norm, t, heads[i]))
            return 1;
    return 0;
}

/* Whether r is a curated entry (English canonical name) through an unambiguous alias on exactly
 * its span: a head and common words that name one thing, «ایستگاه فضایی بین‌المللی» (the ISS). */
static int curated_whole(const tg_resolved *r)
{
    tg_gaz_entry e;
    return r->gaz && !(r->gaz->flags & TG_ALIAS_AMBIGUOUS) && r->gaz->norm_start == r->norm_start &&
           r->gaz->norm_end == r->norm_end && tg_gazetteer_entry(r->gaz->gaz, r->gaz->record, &e) &&
           (unsigned char)e.name[0] < 0x80;
}

/* The longest non-ambiguous place candidate of priority >= min_priority
 * (TG_GAZ_COUNTRY_PRIORITY: the countries lists, not a town or a person's
 * namesake such as «ریگان») on tokens (first, last], ending at token `last`,
 * or NULL. */
static const tg_gaz_match *place_at_end(const tg_gaz_match *gaz, size_t ngaz, tg_gaz_order *o,
                                        size_t first, size_t last, int min_priority)
{
    const tg_gaz_match *best = NULL, *const *c, *g;
    size_t i, end = tg_gaz_order_at(gaz, ngaz, o, 0, last, &c, &i);
    for (; i < end; i++) {
        tg_gaz_entry e;
        g = c ? c[i] : &gaz[i];
        if (g->tok_last != last || g->tok_first <= first ||
            (g->flags & TG_ALIAS_AMBIGUOUS) || g->priority < min_priority ||
            !tg_gazetteer_entry(g->gaz, g->record, &e) ||
            !tg_label_is(e.label, TG_LABEL_IS_PLACE) ||
            tg_label_eq(e.label, TG_LABEL_FAC))
            continue;
        if (!best || g->tok_first < best->tok_first ||
            (g->tok_first == best->tok_first && g->layer > best->layer))
            best = g;
    }
    return best;
}

/* Whether a non-ambiguous ORG candidate starts at token `first` (the outlet
 * after a reporter's desk). */
static int org_starts_at(const tg_gaz_match *gaz, size_t ngaz, tg_gaz_order *o, size_t first)
{
    const tg_gaz_match *const *c, *g;
    size_t i, end = tg_gaz_order_at(gaz, ngaz, o, 1, first, &c, &i);
    for (; i < end; i++) {
        tg_gaz_entry e;
        g = c ? c[i] : &gaz[i];
        if (g->tok_first == first && !(g->flags & TG_ALIAS_AMBIGUOUS) &&
            tg_gazetteer_entry(g->gaz, g->record, &e) && tg_label_eq(e.label, TG_LABEL_ORG))
            return 1;
    }
    return 0;
}

static int token_rest_is(const char *norm, size_t from, const tagger_token *t, const char *rest)
{
    size_t n = strlen(rest);
    return t->norm_end - from == n && memcmp(norm + from, rest, n) == 0;
}

/* Function words no name begins or ends with («فرودگاه‌ها و»). */
static const char *const edge_words[] = {"و", "در", "از", "به", "با", "که", "را", "یا", "تا"};

/* Whether token t is one of edge_words: one or two Persian letters (2 or 4
 * bytes), which most tokens are not; asked of the first and last token of
 * every candidate (~20 calls of tg_token_is each before). */
static int edge_word(const char *norm, const tagger_token *t)
{
    size_t n = t->norm_end - t->norm_start;
    if (n != 2 && n != 4)
        return 0;
    for (size_t i = 0; i < sizeof edge_words / sizeof edge_words[0]; i++)
        if (tg_token_is(norm, t, edge_words[i]))
            return 1;
    return 0;
}

/* Nouns of a work whose title follows in quotes: «فیلم «پلنگ سیاه»», «نمایش «بیوه سیاه،
 * بیوه سفید»» (normalized: ZWNJ dropped, «تئاتر» written «تیاتر» as «ئ» folds). */
static const char *const work_nouns[] = {
    "فیلم", "فیلمهای", "نمایش", "نمایشهای", "نمایشنامه", "سریال", "مجموعه", "کتاب", "رمان",
    "داستان", "مستند", "انیمیشن", "پویانمایی", "تیاتر", "اپرا", "آلبوم", "ترانه", "آهنگ",
    "شعر", "منظومه", "تابلو"};

static int work_noun(const char *norm, const tagger_token *t)
{
    for (size_t i = 0; i < sizeof work_nouns / sizeof *work_nouns; i++)
        if (tg_token_is(norm, t, work_nouns[i]))
            return 1;
    return 0;
}

/* Whether the name on tokens [t0, ...] stands inside the quoted title of a work: a «
 * at most 8 tokens before it, no » nor sentence end between, opened after a work noun
 * and at most two words, then «به نام», «با عنوان» if any («فیلم هالیوودی «پلنگ سیاه»»,
 * «نمایش مونولوگی به نام «بیوه سیاه»»).  A film's character there is the film, no person («پلنگ سیاه», Black
 * Panther, was a PERSON in 22 news items). */
static int in_work_title(const char *norm, const tagger_token *tokens, size_t t0)
{
    size_t q = t0;
    while (q > 0 && t0 - q < 8) {
        q--;
        if (tg_token_is(norm, &tokens[q], "»") || tokens[q].sentence != tokens[t0].sentence)
            return 0;
        if (tg_token_is(norm, &tokens[q], "«"))
            break;
    }
    if (q == t0 || !tg_token_is(norm, &tokens[q], "«"))
        return 0;
    size_t w = q;
    if (w >= 3 && (tg_token_is(norm, &tokens[w - 1], "نام") ||
                   tg_token_is(norm, &tokens[w - 1], "عنوان")) &&
        (tg_token_is(norm, &tokens[w - 2], "به") || tg_token_is(norm, &tokens[w - 2], "با")))
        w -= 2; /* «… به نام «X»» */
    for (size_t back = 0; w > 0 && back < 3; back++) {
        w--;
        if (tokens[w].kind != TAGGER_TOKEN_WORD || tokens[w].sentence != tokens[q].sentence)
            return 0;
        if (work_noun(norm, &tokens[w]))
            return 1;
    }
    return 0;
}

static int is_quote(const char *norm, const tagger_token *t)
{
    return tg_token_is(norm, t, "«") || tg_token_is(norm, t, "»") || tg_token_is(norm, t, "\"");
}

/* Whether token t is the evidence word w[0..n) ("#": any number). */
static int evidence_word(const char *norm, const tagger_token *t, const char *w, size_t n)
{
    if (n == 1 && w[0] == '#')
        return t->kind == TAGGER_TOKEN_NUMBER;
    return t->norm_end - t->norm_start == n && memcmp(norm + t->norm_start, w, n) == 0;
}

/* How far an unmarked evidence word may stand from its alias: tokens of the sentence
 * either side (a sentence of news has a few dozen; a document of one endless sentence
 * must not make every alias read all of it). */
#define EVIDENCE_REACH 100

/* Whether one of the words of an `evidence=` value v[0..len) (normalized,
 * '|'-separated, gazetteer.h) marked `mark` ('<' the token before, '>' the
 * token after, 0 unmarked: any token of the sentence but the alias's own
 * [t0, t1], at most EVIDENCE_REACH tokens away) stands there. */
static int evidence_at(const char *norm, const tagger_token *tokens, size_t ntokens, size_t t0,
                       size_t t1, const char *v, size_t len, char mark)
{
    size_t sent = tokens[t0].sentence;
    for (const char *w = v, *end = v + len; w < end;) {
        const char *bar = memchr(w, '|', (size_t)(end - w));
        const char *stop = bar ? bar : end;
        char m = *w == '<' || *w == '>' ? *w : 0;
        size_t n = (size_t)(stop - w) - (m != 0);
        if (m == mark && mark == '<') {
            if (t0 > 0 && tokens[t0 - 1].sentence == sent &&
                evidence_word(norm, &tokens[t0 - 1], w + 1, n))
                return 1;
        } else if (m == mark && mark == '>') {
            if (t1 + 1 < ntokens && tokens[t1 + 1].sentence == sent &&
                evidence_word(norm, &tokens[t1 + 1], w + 1, n))
                return 1;
        } else if (m == mark) {
            for (size_t i = t0; i > 0 && i + EVIDENCE_REACH > t0 && tokens[i - 1].sentence == sent;
                 i--)
                if (evidence_word(norm, &tokens[i - 1], w, n))
                    return 1;
            for (size_t i = t1 + 1;
                 i < ntokens && i <= t1 + EVIDENCE_REACH && tokens[i].sentence == sent; i++)
                if (evidence_word(norm, &tokens[i], w, n))
                    return 1;
        }
        w = stop + 1;
    }
    return 0;
}

/* Whether the alias on tokens [t0, t1] has the evidence its entry asks for:
 * a `<` word right before it; else none when it is the last word of a quoted
 * title of more words («مثبت فکر کن»: a quote after it, a word before it) or
 * the first word of a quoted name of at most four words («کن لوچ», Ken Loach:
 * a quote before it, words then a quote after it); else a `>` word right
 * after it, or an unmarked word in its sentence. */
static int has_evidence(const char *norm, const tagger_token *tokens, size_t ntokens, size_t t0,
                        size_t t1, const char *v, size_t len)
{
    size_t sent = tokens[t0].sentence;
    if (evidence_at(norm, tokens, ntokens, t0, t1, v, len, '<'))
        return 1; /* «جشنواره کن», «بخش "نوعی نگاه" کن» */
    if (t1 + 1 < ntokens && tokens[t1 + 1].sentence == sent && is_quote(norm, &tokens[t1 + 1]) &&
        t0 > 0 && tokens[t0 - 1].sentence == sent && !is_quote(norm, &tokens[t0 - 1]))
        return 0; /* the last word of a quoted title: «مثبت فکر کن» */
    if (t0 > 0 && tokens[t0 - 1].sentence == sent && is_quote(norm, &tokens[t0 - 1]))
        for (size_t i = t1 + 1; i < ntokens && i <= t1 + 4 && tokens[i].sentence == sent; i++) {
            if (is_quote(norm, &tokens[i]) && i > t1 + 1)
                return 0; /* the first word of a quoted name: «کن لوچ» */
            if (tokens[i].kind != TAGGER_TOKEN_WORD)
                break;
        }
    return evidence_at(norm, tokens, ntokens, t0, t1, v, len, '>') ||
           evidence_at(norm, tokens, ntokens, t0, t1, v, len, 0);
}

int tg_resolve_lacks_evidence(const char *norm, const tagger_token *tokens, size_t ntokens,
                              const tg_gaz_match *g)
{
    tg_gaz_entry e;
    size_t len;
    const char *v;
    return (g->flags & TG_ALIAS_EVIDENCE) && tg_gazetteer_entry(g->gaz, g->record, &e) &&
           (v = tg_gaz_attr(e.ids, "evidence", &len)) &&
           !has_evidence(norm, tokens, ntokens, g->tok_first, g->tok_last, v, len);
}

int tg_resolve_named_in_full(const tg_gaz_match *gaz, size_t ngaz, const tg_gaz_match *m)
{
    uint32_t entity = tg_gazetteer_record_entity(m->gaz, m->record);
    for (size_t i = 0; i < ngaz; i++)
        if (gaz[i].gaz == m->gaz && !(gaz[i].flags & (TG_ALIAS_AMBIGUOUS | TG_ALIAS_EVIDENCE)) &&
            tg_gazetteer_record_entity(gaz[i].gaz, gaz[i].record) == entity)
            return 1;
    return 0;
}

/* Whether the document names a person in full whose name ends in the words of
 * tokens [t0, t1]: a PERSON entity of more words in res[0..nres) (the model's
 * «حسین کیهانی» before a lone «کیهانی», "cosmic" on a science page) or a PERSON
 * candidate of more words, no alias that needs evidence itself («عزت الله سحابی»
 * before a lone «سحابی», "nebula").  A surname that is also a word is then that
 * surname for the whole document, as tg_resolve_named_in_full makes it for one entry's own
 * aliases. */
static int surname_named_in_full(const char *norm, const tagger_token *tokens, size_t ntokens,
                                 const tg_gaz_match *gaz, size_t ngaz, const tg_resolved *res,
                                 size_t nres, size_t t0, size_t t1)
{
    size_t n = t1 - t0 + 1, s0 = tokens[t0].norm_start, len = tokens[t1].norm_end - s0;
    for (size_t j = 0; j < nres; j++) {
        size_t u1;
        if (!res[j].label || !tg_label_eq(res[j].label, TG_LABEL_PERSON) ||
            res[j].norm_end - res[j].norm_start <= len ||
            (u1 = tg_token_at(tokens, ntokens, res[j].norm_end - 1)) >= ntokens || u1 < n ||
            tokens[u1].norm_end != res[j].norm_end)
            continue;
        size_t s = tokens[u1 - n + 1].norm_start;
        if (s > res[j].norm_start && res[j].norm_end - s == len &&
            memcmp(norm + s, norm + s0, len) == 0)
            return 1;
    }
    for (size_t i = 0; i < ngaz; i++) {
        const tg_gaz_match *m = &gaz[i];
        tg_gaz_entry e;
        if ((m->flags & (TG_ALIAS_AMBIGUOUS | TG_ALIAS_EVIDENCE)) || m->tok_last - m->tok_first < n)
            continue;
        size_t s = tokens[m->tok_last - n + 1].norm_start;
        if (m->norm_end - s == len && memcmp(norm + s, norm + s0, len) == 0 &&
            tg_gazetteer_entry(m->gaz, m->record, &e) && tg_label_eq(e.label, TG_LABEL_PERSON))
            return 1;
    }
    return 0;
}

/* The first tokens of up to two mentions of m's record in gaz[lo, hi) with the evidence
 * v[0..len) asks for, SIZE_MAX where there are fewer: «آقایان سحابی و افشاری» makes the
 * «سحابی» of «افشاری و سحابی» in the next sentence the man too (for a person's alias:
 * evidence_missing, where a mention at another token than m's is the evidence). */
static void evidenced_mentions(const char *norm, const tagger_token *tokens, size_t ntokens,
                               const tg_gaz_match *gaz, size_t lo, size_t hi,
                               const tg_gaz_match *m, const char *v, size_t len, size_t pos[2])
{
    for (size_t j = lo; j < hi && pos[1] == SIZE_MAX; j++)
        if (gaz[j].gaz == m->gaz && gaz[j].record == m->record && gaz[j].tok_first != pos[0] &&
            has_evidence(norm, tokens, ntokens, gaz[j].tok_first, gaz[j].tok_last, v, len))
            pos[pos[0] == SIZE_MAX ? 0 : 1] = gaz[j].tok_first;
}

/* evidence_missing's document-wide tests for candidate m with the evidence v[0..len),
 * on tokens [t0, t1]: 1 when the document names m's entry by a plain alias; 2 when
 * (a person's alias) it names a person in full whose name ends in these words, or
 * another mention of m's record has its evidence; else 0.  Each answer is searched
 * once a document (tg_evidence_memo). */
static int evidence_in_document(tg_evidence_memo *mm, const char *norm,
                                const tagger_token *tokens, size_t ntokens,
                                const tg_gaz_match *gaz, size_t ngaz, size_t lo, size_t hi,
                                const tg_resolved *res, size_t nres, const tg_gaz_match *m,
                                int person, const char *v, size_t len, size_t t0, size_t t1)
{
    int fresh;
    uint32_t entity = tg_gazetteer_record_entity(m->gaz, m->record);
    tg_memo_slot *s =
        tg_evidence_memo_at(mm, TG_MEMO_ENTITY, m->gaz, entity, norm, 0, 0, &fresh);
    if (s ? (fresh ? (s->value = tg_resolve_named_in_full(gaz, ngaz, m)) : s->value)
          : tg_resolve_named_in_full(gaz, ngaz, m))
        return 1;
    if (!person)
        return 0;
    size_t s0 = tokens[t0].norm_start, n = tokens[t1].norm_end - s0;
    s = tg_evidence_memo_at(mm, TG_MEMO_SURNAME, NULL, (uint32_t)(t1 - t0), norm, s0, n, &fresh);
    if (s ? (fresh ? (s->value = surname_named_in_full(norm, tokens, ntokens, gaz, ngaz, res,
                                                        nres, t0, t1))
                   : s->value)
          : surname_named_in_full(norm, tokens, ntokens, gaz, ngaz, res, nres, t0, t1))
        return 2;
    size_t own[2] = {SIZE_MAX, SIZE_MAX}, *pos = own;
    s = tg_evidence_memo_at(mm, TG_MEMO_RECORD, m->gaz, m->record, norm, 0, 0, &fresh);
    if (s)
        pos = s->pos;
    if (!s || fresh)
        evidenced_mentions(norm, tokens, ntokens, gaz, lo, hi, m, v, len, pos);
    return (pos[0] != SIZE_MAX && pos[0] != m->tok_first) ||
                   (pos[1] != SIZE_MAX && pos[1] != m->tok_first)
               ? 2
               : 0;
}

/* Whether name entity r on tokens [t0, t1] is exactly an alias that needs
 * evidence (TG_ALIAS_EVIDENCE) and has none: every candidate of its span is
 * such an alias and no entry's words stand around it (has_evidence) nor does
 * the document name the entry by a plain alias (tg_resolve_named_in_full), or, for a
 * person's alias, another person in full whose name ends in it
 * (surname_named_in_full) or another mention of the alias with its evidence
 * (evidenced_elsewhere).  A span
 * that another alias also matches, one without evidence= or a plain one, is
 * left to it.  An entry marked `given_name=yes` (a small foreign place named
 * as people are: places.py) asks a place span only (GPE, LOC, FAC) for its
 * evidence: «فاطمه», «کامران» are people's names, «صبا» the club Saba, before
 * they are towns («?کام ران», Cam Ranh, needs «ویتنام» or «شهر»); the film
 * «روما» (Ruma of Serbia) is no entity of any label without its own.  The
 * candidates that need evidence all lie in gaz[lo, hi). */
static int evidence_missing(tg_filter_state *st, const char *norm, const tagger_token *tokens,
                            size_t ntokens, const tg_gaz_match *gaz, size_t ngaz, size_t lo,
                            size_t hi, const tg_resolved *res, size_t nres, const tg_resolved *r,
                            size_t t0, size_t t1)
{
    int asks = 0, place = tg_label_is(r->label, TG_LABEL_IS_PLACE);
    const tg_gaz_match *const *c, *g;
    /* the span's candidates */
    size_t i, end = tg_gaz_order_at(gaz, ngaz, &st->order, 1, t0, &c, &i);
    for (size_t k = i; k < end; k++) {
        tg_gaz_entry e;
        size_t len;
        const char *v;
        g = c ? c[k] : &gaz[k];
        if (!(g->flags & TG_ALIAS_EVIDENCE) || g->norm_start != r->norm_start ||
            g->norm_end != r->norm_end)
            continue;
        if (!tg_gazetteer_entry(g->gaz, g->record, &e))
            return 0;
        if (!place && tg_gaz_attr_is(e.ids, "given_name", "yes"))
            continue; /* «کامران منزوی», a person: his name is no town's */
        if (!(v = tg_gaz_attr(e.ids, "evidence", &len)) ||
            has_evidence(norm, tokens, ntokens, t0, t1, v, len) ||
            evidence_in_document(&st->memo, norm, tokens, ntokens, gaz, ngaz, lo, hi, res, nres, g,
                                 tg_label_eq(e.label, TG_LABEL_PERSON), v, len, t0, t1))
            return 0;
        asks = 1;
    }
    for (size_t k = i; asks && k < end; k++) {
        g = c ? c[k] : &gaz[k];
        if (!(g->flags & TG_ALIAS_EVIDENCE) && g->norm_start == r->norm_start &&
            g->norm_end == r->norm_end)
            return 0;
    }
    return asks;
}

/* «ساخته شده» is "has been made" («بر اساس فیلمنامه‌ای از «بهرام بیضایی» ساخته شده»),
 * not "made by". */
static const tg_word made_verb_words[] = {TG_WORD("شده"), TG_WORD("شد"), TG_WORD("شود"),
                                          TG_WORD("میشود"), TG_WORD("است"), TG_WORD("بود")};
static tg_word_set made_verbs = TG_WORD_SET(made_verb_words);

/* Whether the words from token q on say that the quoted title before them is a
 * work: «ساخته» (made by), «به کارگردانی» / «به نویسندگی» (directed / written by),
 * past an English title in brackets («روزهای نارنجی» (Orange days) به کارگردانی …). */
static int work_follows(const char *norm, const tagger_token *tokens, size_t ntokens, size_t q)
{
    size_t i = q;
    if (i < ntokens && tg_token_is(norm, &tokens[i], "(")) {
        while (i < ntokens && i - q < 10 && !tg_token_is(norm, &tokens[i], ")"))
            i++;
        i++;
    }
    if (i < ntokens && tg_token_is(norm, &tokens[i], "ساخته"))
        return !(i + 1 < ntokens && tg_token_in(norm, &tokens[i + 1], &made_verbs));
    return i + 1 < ntokens && tg_token_is(norm, &tokens[i], "به") &&
           (tg_token_is(norm, &tokens[i + 1], "کارگردانی") ||
            tg_token_is(norm, &tokens[i + 1], "نویسندگی"));
}

/* Words ending the phrase before a quoted title: no festival of it behind them
 * («جوایز جشنواره شانگهای به فیلم «قصر شیرین»»). */
static const tg_word phrase_break_words[] = {
    TG_WORD("به"), TG_WORD("از"), TG_WORD("در"), TG_WORD("برای"),
    TG_WORD("با"), TG_WORD("را"), TG_WORD("که"), TG_WORD("تا")};
static tg_word_set phrase_breaks = TG_WORD_SET(phrase_break_words);

/* The closing quote's token of a quoted name on [t0, t1] («تگزاس ۲»: after a number), or 0. */
static size_t closing_quote(const char *norm, const tagger_token *tokens, size_t ntokens,
                            size_t t0, size_t t1)
{
    size_t c = t1 + 1;
    if (c + 1 < ntokens && tokens[c].kind == TAGGER_TOKEN_NUMBER)
        c++;
    if (t0 == 0 || c >= ntokens || !is_quote(norm, &tokens[t0 - 1]) ||
        !is_quote(norm, &tokens[c]) || tokens[t0 - 1].sentence != tokens[c].sentence)
        return 0;
    return c;
}

/* Whether the name on tokens [t0, t1] is the whole quoted title of a work: «…» or "…"
 * around it (and a sequel's number: «تگزاس ۲»), before «ساخته», «به کارگردانی» (2: «روما»
 * ساخته آلفونسو کوارون) or after a work noun (1: «فیلم «روما»», فیلم "ملبورن"; a person
 * who may be the maker too: «فیلم «پولانسکی»»).  It names the film, not Rome nor a person. */
static int whole_title(const char *norm, const tagger_token *tokens, size_t ntokens, size_t t0,
                       size_t t1)
{
    size_t c = closing_quote(norm, tokens, ntokens, t0, t1);
    if (!c)
        return 0;
    if (work_follows(norm, tokens, ntokens, c + 1))
        return 2; /* also after a festival's name: «در این جشنواره «قصر شیرین» ساخته …» */
    for (size_t i = t0 - 1; i > 0 && t0 - i < 7 && tokens[i - 1].kind == TAGGER_TOKEN_WORD &&
                            !tg_token_in(norm, &tokens[i - 1], &phrase_breaks); i--)
        if (tg_token_is(norm, &tokens[i - 1], "جشنواره") ||
            tg_token_is(norm, &tokens[i - 1], "جشنوارهی") ||
            tg_token_is(norm, &tokens[i - 1], "فستیوال"))
            return 0; /* a festival named by its town: «جشنواره فیلم «پاناما»» */
    if (tg_token_is(norm, &tokens[t0 - 1], "\"")) /* it may close a title before: right after the noun */
        return t0 >= 2 && tokens[t0 - 2].sentence == tokens[t0].sentence &&
               work_noun(norm, &tokens[t0 - 2]);
    return in_work_title(norm, tokens, t0);
}

/* Whether the Latin-script name on tokens [t0, t1] is a work's title given in English
 * in brackets after its quoted Persian title: «همچنان که می‌مردیم» (The Graveless) به
 * کارگردانی …, «روزهای نارنجی» ((Orange days …: no organization. */
static int title_translation(const char *norm, const tagger_token *tokens, size_t ntokens,
                             size_t t0, size_t t1)
{
    unsigned char c = (unsigned char)norm[tokens[t0].norm_start];
    if (c >= 0x80 || t0 < 2)
        return 0;
    size_t q = t0;
    while (q > 0 && t0 - q < 3 && tg_token_is(norm, &tokens[q - 1], "("))
        q--;
    if (q == t0 || q == 0 || !tg_token_is(norm, &tokens[q - 1], "»"))
        return 0;
    if (in_work_title(norm, tokens, q - 1))
        return 1;
    for (size_t i = t1 + 1; i < ntokens && i - t1 < 4; i++)
        if (work_follows(norm, tokens, ntokens, i))
            return 1;
    return 0;
}

static int is_opener(const char *norm, const tagger_token *t)
{
    return tg_token_is(norm, t, "(") || tg_token_is(norm, t, "«") || tg_token_is(norm, t, "[");
}

static int is_closer(const char *norm, const tagger_token *t)
{
    return tg_token_is(norm, t, ")") || tg_token_is(norm, t, "»") || tg_token_is(norm, t, "]");
}

/* Brackets in the tokens [*t0, *t1] of a name («at_end»: it ends where *t1 does):
 *   - it starts after a closing bracket whose opening one lies before it, and
 *     after the punctuation that follows («جین» (برونو دومون» → «(برونو دومون»);
 *   - a bracket it opens and does not close: it takes the closing one when that
 *     comes next («امام خمینی (ره)»; PEYMA includes it), else ends before it;
 *   - a pair that wraps all the rest is left out («(برونو دومون)» → «برونو دومون»).
 * 0 when nothing is left. */
static int trim_brackets(const char *norm, const tagger_token *tokens, size_t ntokens,
                         int at_end, size_t *t0, size_t *t1)
{
    int depth = 0;
    for (size_t t = *t0; t <= *t1; t++) {
        if (is_opener(norm, &tokens[t])) {
            depth++;
        } else if (is_closer(norm, &tokens[t])) {
            if (depth) {
                depth--;
                continue;
            }
            size_t u = t + 1;
            while (u <= *t1 && tokens[u].kind != TAGGER_TOKEN_WORD && !is_opener(norm, &tokens[u]))
                u++;
            if (u > *t1)
                return 0;
            *t0 = u;
            t = u - 1;
        }
    }
    for (size_t t = *t0; t <= *t1; t++)
        if (is_opener(norm, &tokens[t])) {
            int closed = 0;
            for (size_t u = t + 1; u <= *t1 && !closed; u++)
                closed = is_closer(norm, &tokens[u]);
            if (closed)
                continue;
            if (at_end && *t1 + 1 < ntokens && is_closer(norm, &tokens[*t1 + 1])) {
                ++*t1;
                break;
            }
            if (t == *t0)
                return 0;
            *t1 = t - 1;
            break;
        }
    while (*t1 > *t0 + 1 && is_opener(norm, &tokens[*t0]) && is_closer(norm, &tokens[*t1])) {
        depth = 0; /* does the first bracket close at the last token only? */
        size_t t = *t0;
        for (; t < *t1; t++) {
            depth += is_opener(norm, &tokens[t]) - is_closer(norm, &tokens[t]);
            if (depth == 0)
                break;
        }
        if (t < *t1)
            break;
        ++*t0;
        --*t1;
    }
    return 1;
}

/* Number words a «شماره» may take (normalized: «دوی» is «دو» with its ezafe). */
static const tg_word number_words[] = {
    TG_WORD("یک"), TG_WORD("دو"), TG_WORD("دوی"), TG_WORD("سه"), TG_WORD("چهار"),
    TG_WORD("پنج"), TG_WORD("شش"), TG_WORD("هفت"), TG_WORD("هشت"), TG_WORD("نه"),
    TG_WORD("ده"),
};

/* The word tokens in [from, to]. */
static size_t word_count(const tagger_token *tokens, size_t from, size_t to)
{
    size_t n = 0;
    for (size_t t = from; t <= to; t++)
        n += tokens[t].kind == TAGGER_TOKEN_WORD;
    return n;
}

/* «شماره» ("number") and its number are no part of a name: PEYMA tags the word
 * O all 61 times (600K), and «سالن شماره ۲» ("hall no. 2") names no one hall.
 * A name on tokens [*t0, *t1] with «شماره» keeps what follows the last one and
 * its number («سالن شماره ۴ پردیس چارسو»: «پردیس چارسو»), inside the name or
 * right after it; without a number after it, what precedes the word when that is two words or more («پارک ساعی
 * شماره تلفن»), else what follows.  Returns 0 when there is no «شماره», 1
 * with the new range, 2 when fewer than two words are left or it is a
 * person: no name («سالن شماره», «سالن شماره ۲ تماشاخانه», «سالن شماره ۱
 * فلسطین», the Felestin cinema's hall, not Palestine). */
static int after_number(const char *norm, const tagger_token *tokens, size_t ntokens,
                        const char *label, size_t *t0, size_t *t1)
{
    size_t at = *t1 + 1;
    for (size_t t = *t0; t <= *t1; t++)
        if (tg_token_is(norm, &tokens[t], "شماره"))
            at = t;
    if (at > *t1)
        return 0;
    if (tg_label_eq(label, TG_LABEL_PERSON))
        return 2;
    size_t u = at + 1;
    static tg_word_set numbers = TG_WORD_SET(number_words);
    int number = u < ntokens && (tokens[u].kind == TAGGER_TOKEN_NUMBER ||
                              tg_token_in(norm, &tokens[u], &numbers));
    if (!number && at > *t0 && word_count(tokens, *t0, at - 1) >= 2) {
        size_t e = at - 1;
        while (e > *t0 && tokens[e].kind != TAGGER_TOKEN_WORD)
            e--;
        *t1 = e;
        return 1;
    }
    u += number;
    while (u <= *t1 && tokens[u].kind != TAGGER_TOKEN_WORD)
        u++;
    if (u > *t1 || word_count(tokens, u, *t1) < 2)
        return 2;
    *t0 = u;
    return 1;
}

/* Heads of a thing named after a person, normalized (no ZWNJ): a street, a quarter, a
 * school, a tile maker.  A person's name right after one names the thing, not the person
 * («کاشی سعدی» is Saadi Tile, a listed share; «کوی سعدی» a quarter of Shadegan; «خیابان
 * سعدی»): PEYMA train tags the name after these heads as part of a LOC or ORG span or O,
 * never a PER of its own (0 of 209 after these words).  Not «مدرسه» nor «پارک» (a PER
 * follows them in PEYMA: «در مدرسه علی …», the surname Park), nor «میدان», also the
 * pitch («در میانه میدان فرهاد مجیدی»); and not a head that ends another name before it
 * («محمدجواد غلامرضا کاشی علی رضا رجایی»: Kashi is a surname). */
static const tg_word named_after_words[] = {
    TG_WORD("کوی"), TG_WORD("شهرک"), TG_WORD("خیابان"), TG_WORD("بلوار"), TG_WORD("کوچه"), TG_WORD("بزرگراه"), TG_WORD("اتوبان"), TG_WORD("بوستان"),
    TG_WORD("دبیرستان"), TG_WORD("دبستان"), TG_WORD("هنرستان"), TG_WORD("کاشی"),
    TG_WORD("سرامیک")};

static tg_word_set named_after_heads = TG_WORD_SET(named_after_words);

/* Whether the token before t0 is such a head, and no part of the entity before it (prev,
 * or NULL) nor right after a person's name (a surname, «غلامرضا کاشی»). */
static int named_after_person(const char *norm, const tagger_token *tokens, size_t t0,
                              const tg_resolved *prev)
{
    if (t0 == 0 || !tg_token_in(norm, &tokens[t0 - 1], &named_after_heads))
        return 0;
    return !prev || (prev->norm_end <= tokens[t0 - 1].norm_start &&
                     !(t0 >= 2 && prev->norm_end == tokens[t0 - 2].norm_end && prev->label &&
                       tg_label_eq(prev->label, TG_LABEL_PERSON)));
}

/* Heads of a waterway («شط علی»: a river's name after it, PEYMA's «رودخانه هیرمند» a LOC
 * on both words): what follows names the water, whoever else the document names so
 * (named_elsewhere is not asked: «علی» is many people's first name). */
static const tg_word waterway_words[] = {TG_WORD("شط"), TG_WORD("رودخانه")};
static tg_word_set waterway_heads = TG_WORD_SET(waterway_words);

/* Whether the document names person r mostly elsewhere: its words (whole tokens) stand
 * more often after no such head than after one.  Then the phrase after the head is about
 * the person, not a thing named after them: «نه دربار نه کوچه نیما و یاران» ("Nima's
 * alley") in an article about the poet Nima, named six times more; «کوی سعدی» four times
 * and «سعدی» alone twice in an article on that quarter of Shadegan stays a quarter.  The
 * text is read, not the entities: the last pass drops some while it reads them; once a
 * document for each name (mm). */
static int named_elsewhere(tg_evidence_memo *mm, const char *norm, const tagger_token *tokens,
                           size_t ntokens, const tg_resolved *r)
{
    size_t len = r->norm_end - r->norm_start, other = 0, after_head = 0;
    int fresh;
    tg_memo_slot *m = tg_evidence_memo_at(mm, TG_MEMO_NAMED, NULL, 0, norm, r->norm_start, len,
                                          &fresh);
    if (m && !fresh)
        return m->value; /* the same words read before */
    for (size_t u = 0, v; u < ntokens; u++) {
        size_t s = tokens[u].norm_start;
        if (tokens[u].norm_end - s > len || s + len > tokens[ntokens - 1].norm_end ||
            memcmp(norm + s, norm + r->norm_start, len) != 0)
            continue;
        for (v = u; v + 1 < ntokens && tokens[v].norm_end < s + len; v++)
            ;
        if (tokens[v].norm_end != s + len)
            continue; /* not on whole tokens: «سعدی|ه» */
        if (u > 0 && tg_token_in(norm, &tokens[u - 1], &named_after_heads))
            after_head++;
        else
            other++;
    }
    if (m)
        m->value = other > after_head;
    return other > after_head;
}

/* A ruler's title among tokens [t0, t1) of an entity, right before a country of the lists
 * on whole words: «امیر قطر» is the emir of Qatar, no name: 2 when the country ends the
 * entity (*place: the country); with `person`, 4 when a name follows it, the person
 * (span: the name to `end`, «امیر قطر شیخ تمیم …»); else 0. */
static int ruler_title(const char *norm, const tagger_token *tokens, const tg_gaz_match *gaz,
                       size_t ngaz, tg_filter_state *st, size_t t0, size_t t1, size_t end,
                       int person, const tg_gaz_match **place, size_t span[2])
{
    static const tg_word rulers[] = {
        TG_WORD("امیر"),  TG_WORD("پادشاه"), TG_WORD("ملک"),    TG_WORD("ملکه"),
        TG_WORD("سلطان"), TG_WORD("شاه"),    TG_WORD("ولیعهد"), TG_WORD("امپراتور")};
    static tg_word_set ruler_set = TG_WORD_SET(rulers);
    size_t u = t0;
    while (u < t1 && !tg_token_in(norm, &tokens[u], &ruler_set))
        u++;
    if (u == t1)
        return 0;
    size_t p1 = u + 1; /* the country's last token: the entity's, else one before a name */
    const tg_gaz_match *g = NULL;
    while (p1 < t1 && !(g = place_at_end(gaz, ngaz, &st->order, u, p1, TG_GAZ_COUNTRY_PRIORITY)))
        p1++;
    if (p1 == t1)
        g = place_at_end(gaz, ngaz, &st->order, u, t1, TG_GAZ_COUNTRY_PRIORITY);
    if (!g || g->tok_first != u + 1 || g->suffix_len || (p1 < t1 && !person))
        return 0;
    if (p1 == t1) {
        *place = g;
        return 2;
    }
    span[0] = tokens[p1 + 1].norm_start;
    span[1] = end;
    return 4;
}

/* What the last pass does with one entity: 0 keep, 1 drop, 2 it became the
 * place at its end (*place), 3 it takes back the «ی» or «یی» its link cut
 * off the model's word, 4 it becomes span[0..1) (brackets: trim_brackets;
 * «شماره»: after_number).  prev: the entity before it, or NULL; res[0..nres):
 * the document's entities (those before r already judged; a person named in
 * full among them is evidence for its surname: evidence_missing); run:
 * what the entities before it left (tg_filter_state). */
static int judge(const tg_normtext *nt, const tagger_token *tokens, size_t ntokens,
                 const tg_gaz_match *gaz, size_t ngaz, const size_t ev[2], const tg_resolved *res,
                 size_t nres, const tg_resolved *r, const tg_resolved *prev, tg_filter_state *st,
                 const tg_gaz_match **place, size_t span[2])
{
    const char *norm = nt->text;
    int is_org = tg_label_eq(r->label, TG_LABEL_ORG);
    int is_fac = tg_label_eq(r->label, TG_LABEL_FAC);
    if (r->norm_end > r->norm_start &&
        tg_in_web_address(norm, nt->len, r->norm_start, r->norm_end, &st->run))
        return 1; /* «newspaper.com» of «iran-newspaper.com», a date in a link's path */
    if (r->rule || r->speaker || tg_label_is(r->label, TG_LABEL_IS_VALUE) ||
        r->norm_end <= r->norm_start) /* a source rule on a common word: «سوره سینما،» */
        return !r->speaker && is_org && r->gaz && r->gaz->norm_start == r->norm_start &&
               r->gaz->norm_end == r->norm_end && tg_common_word(norm + r->norm_start, r->norm_end - r->norm_start);
    size_t t0 = tg_token_at(tokens, ntokens, r->norm_start);
    size_t t1 = tg_token_at(tokens, ntokens, r->norm_end - 1);
    if (t1 >= ntokens)
        return 0;
    const tagger_token *a = &tokens[t0], *b = &tokens[t1];
    if (r->norm_start != a->norm_start)
        return 1;
    size_t s0 = t0, s1 = t1;
    if (!trim_brackets(norm, tokens, ntokens, r->norm_end == b->norm_end, &s0, &s1))
        return 1;
    if (!(r->gaz && r->gaz->norm_start == r->norm_start && r->gaz->norm_end == r->norm_end) &&
        after_number(norm, tokens, ntokens, r->label, &s0, &s1) == 2)
        return 1;
    if (s0 != t0 || s1 != t1) {
        span[0] = tokens[s0].norm_start;
        span[1] = s1 == t1 ? r->norm_end : tokens[s1].norm_end;
        return 4;
    }
    if (r->model && r->norm_end < b->norm_end && nt->oend[r->norm_end - 1] == nt->ostart[r->norm_end] &&
        (token_rest_is(norm, r->norm_end, b, "ی") || token_rest_is(norm, r->norm_end, b, "یی")))
        return 3;
    if (r->norm_end != b->norm_end &&
        !(r->gaz && r->gaz->suffix_len && r->gaz->norm_end == r->norm_end &&
          r->norm_end + r->gaz->suffix_len == b->norm_end))
        return 1;
    if (t0 == t1 && r->norm_end < b->norm_end &&
        tg_common_word(norm + b->norm_start, b->norm_end - b->norm_start))
        return 1; /* a name and a suffix that are one common word: «کهک|شان», "galaxy" */
    size_t t = t0;
    while (t <= t1 && tg_common_word(norm + tokens[t].norm_start,
                                     tokens[t].norm_end - tokens[t].norm_start))
        t++;
    if (t > t1 && (t0 == t1 || (common_word_head(norm, a) && !curated_whole(r))))
        return 1; /* a common word, or a generic head and common words: «جهان», «صنعت سینما» */
    if (t0 < t1 && t1 - t0 < 4 && joined_common_word(norm, tokens, t0, t1))
        return 1; /* a common word written in parts: «روزنامه نگاران» */
    if (t0 == t1 && a->norm_end - a->norm_start == 2 &&
        tg_utf8_arabic_lead((unsigned char)norm[a->norm_start]))
        return 1; /* one Persian letter: an initial of «پ. ک. ک» (PKK), «ر. ک» ("see") */
    if (edge_word(norm, a) || edge_word(norm, b))
        return 1;
    if (ev[0] < ev[1] &&
        evidence_missing(st, norm, tokens, ntokens, gaz, ngaz, ev[0], ev[1], res, nres, r,
                         t0, t1))
        return 1; /* an alias without its evidence= words: «کن», the verb of «مثبت فکر کن» */
    if (tg_label_eq(r->label, TG_LABEL_PERSON) && in_work_title(norm, tokens, t0))
        return 1; /* a title: «فیلم «پلنگ سیاه»» */
    if (tg_label_eq(r->label, TG_LABEL_PERSON) && named_after_person(norm, tokens, t0, prev) &&
        !named_elsewhere(&st->memo, norm, tokens, ntokens, r))
        return 1; /* a thing named after the person: «کاشی سعدی», «کوی سعدی» */
    if (tg_label_eq(r->label, TG_LABEL_PERSON) && t0 > 0 &&
        tg_token_in(norm, &tokens[t0 - 1], &waterway_heads))
        return 1; /* a waterway: «تا شط علی در جنوب کشور» */
    if (whole_title(norm, tokens, ntokens, t0, t1) > is_fac ||
        title_translation(norm, tokens, ntokens, t0, t1))
        return 1; /* a work: «فیلم «روما»», «روما» ساخته …, (The Graveless); a venue
                   * after «مجموعه» (also "series") only before «ساخته» … */
    if (is_org && t0 > 0 &&
        (tg_token_is(norm, a - 1, "وزیر") || tg_token_is(norm, a - 1, "وزرای") ||
         tg_token_is(norm, a - 1, "وزیران"))) {
        *place = place_at_end(gaz, ngaz, &st->order, t0, t1, TG_GAZ_COUNTRY_PRIORITY);
        return *place ? 2 : 1;
    }
    if (is_org && t0 < t1 &&
        (tg_token_is(norm, a, "شهردار") || tg_token_is(norm, a, "استاندار") ||
         tg_token_is(norm, a, "فرماندار"))) {
        /* an official's title, not an office: «شهردار تبریز» is the mayor of Tabriz (GPE) */
        *place = place_at_end(gaz, ngaz, &st->order, t0, t1, 0);
        return *place ? 2 : 1;
    }
    int is_person = tg_label_eq(r->label, TG_LABEL_PERSON), v;
    if ((is_org || is_person || (tg_label_is(r->label, TG_LABEL_IS_PLACE) && !is_fac)) &&
        t0 < t1 &&
        (v = ruler_title(norm, tokens, gaz, ngaz, st, t0, t1, r->norm_end, is_person, place, span)))
        return v; /* «امیر قطر»: the country; «امیر قطر شیخ تمیم …»: the name */
    if (is_org && t0 > 0 && tg_token_is(norm, a - 1, "خبرنگار") &&
        org_starts_at(gaz, ngaz, &st->order, t1 + 1))
        return 1; /* a reporter's desk: «خبرنگار امور مجلس خبرگزاری فارس» */
    return 0;
}

/* The tokens [*t0, *t1] of name entity r, 0 when it is not on whole tokens. */
static int name_tokens(const tagger_token *tokens, size_t ntokens, const tg_resolved *r,
                       size_t *t0, size_t *t1)
{
    if (!r->label || r->rule || r->norm_end <= r->norm_start ||
        tg_label_is(r->label, TG_LABEL_IS_VALUE))
        return 0;
    *t0 = tg_token_at(tokens, ntokens, r->norm_start);
    *t1 = tg_token_at(tokens, ntokens, r->norm_end - 1);
    return *t1 < ntokens && tokens[*t0].norm_start == r->norm_start &&
           tokens[*t1].norm_end == r->norm_end;
}

/* 2 when «, 1 when " stands before norm[s] (spaces between), else 0: a cheap first test. */
static int quote_before(const char *norm, size_t s)
{
    while (s > 0 && norm[s - 1] == ' ')
        s--;
    if (s >= 2 && memcmp(norm + s - 2, "«", 2) == 0)
        return 2;
    return s > 0 && norm[s - 1] == '"';
}

/* Whether name entity i is another quoted mention of a work that res[] has as a
 * whole quoted title (whole_title; *ti: those titles, made at the first question): the same text in quotes, unlinked or linked only
 * through an ambiguous alias — «روما» in a list of nominees «…، «روما»، …» after
 * «فیلم «روما»», or a place the lists hold («قصر شیرین»).  An unquoted «روما» stays (it
 * may be the city), and so does another name
 * the lists hold («فیلم «ناصر تقوایی»» is a documentary, «ناصر تقوایی» که … the man)
 * or a person the lists name by surname; a person's name only after a title that
 * «ساخته» or «به کارگردانی» follows (after «فیلم «پولانسکی»» «پولانسکی» is the man). */
static int title_elsewhere(const char *norm, const tagger_token *tokens, size_t ntokens,
                           const tg_resolved *res, size_t n, size_t i, tg_title_index *ti)
{
    size_t t0, t1, u0, u1, len = res[i].norm_end - res[i].norm_start;
    if (!quote_before(norm, res[i].norm_start) ||
        (res[i].gaz && res[i].label &&
         ((!(res[i].gaz->flags & TG_ALIAS_AMBIGUOUS) && !tg_label_is(res[i].label, TG_LABEL_IS_PLACE)) ||
          tg_label_eq(res[i].label, TG_LABEL_PERSON))) ||
        !name_tokens(tokens, ntokens, &res[i], &t0, &t1) ||
        !closing_quote(norm, tokens, ntokens, t0, t1) ||
        whole_title(norm, tokens, ntokens, t0, t1))
        return 0; /* unquoted, a name the lists hold, or a title itself (judge leaves it out) */
    int person = tg_label_eq(res[i].label, TG_LABEL_PERSON);
    if (!ti->made) /* the titles, once a document (entity i, no title, is none of them) */
        for (size_t j = 0, w; j < n && ti->made == 0; j++)
            if (name_tokens(tokens, ntokens, &res[j], &u0, &u1) &&
                (w = (size_t)whole_title(norm, tokens, ntokens, u0, u1)) &&
                !tg_title_index_add(ti, norm, res[j].norm_start,
                                    res[j].norm_end - res[j].norm_start, (int)w, j))
                ti->made = -1;
    if (!ti->made)
        tg_title_index_seal(ti, n);
    if (ti->made > 0)
        return tg_title_index_has(ti, norm, res[i].norm_start, len, person);
    for (size_t j = 0; j < n; j++) /* out of memory: every entity read */
        if (j != i && res[j].norm_end - res[j].norm_start == len &&
            memcmp(norm + res[j].norm_start, norm + res[i].norm_start, len) == 0 &&
            name_tokens(tokens, ntokens, &res[j], &u0, &u1) &&
            whole_title(norm, tokens, ntokens, u0, u1) > person)
            return 1;
    return 0;
}

/* Words of a sentence whose quoted list names festivals or places (ZWNJ dropped). */
static const tg_word place_list_words[] = {
    TG_WORD("جشنواره"), TG_WORD("جشنوارهی"), TG_WORD("جشنوارههای"), TG_WORD("فستیوال"),
    TG_WORD("فستیوالهای"), TG_WORD("شهر"), TG_WORD("شهرهای"), TG_WORD("کشور"),
    TG_WORD("کشورهای"), TG_WORD("استان"), TG_WORD("استانهای"), TG_WORD("منطقه"), TG_WORD("مناطق"),
    TG_WORD("روستای"), TG_WORD("روستاهای"), TG_WORD("مکان"), TG_WORD("مکانهای")};
static tg_word_set place_list_heads = TG_WORD_SET(place_list_words);

static int list_separator(const char *norm, const tagger_token *t)
{
    return tg_token_is(norm, t, "،") || tg_token_is(norm, t, "و");
}

/* Whether place r is a title in a list of quoted titles («هزارپا»، «مصادره»، «تگزاس»، …: a
 * quoted item, «،» or «و», before or after it), unless the sentence names festivals or places. */
static int title_in_quoted_list(const char *norm, const tagger_token *tokens, size_t ntokens,
                                const tg_resolved *r)
{
    size_t t0, t1, c;
    if (quote_before(norm, r->norm_start) != 2 || !r->label ||
        !tg_label_is(r->label, TG_LABEL_IS_PLACE) ||
        !name_tokens(tokens, ntokens, r, &t0, &t1) ||
        !(c = closing_quote(norm, tokens, ntokens, t0, t1)) ||
        !tg_token_is(norm, &tokens[t0 - 1], "«") || !tg_token_is(norm, &tokens[c], "»"))
        return 0;
    if (!(t0 >= 3 && tokens[t0 - 3].sentence == tokens[t0].sentence &&
          list_separator(norm, &tokens[t0 - 2]) && tg_token_is(norm, &tokens[t0 - 3], "»")) &&
        !(c + 2 < ntokens && tokens[c + 2].sentence == tokens[c].sentence &&
          list_separator(norm, &tokens[c + 1]) && tg_token_is(norm, &tokens[c + 2], "«")))
        return 0;
    /* a list of festivals or towns names places: «جشنواره‌های «ایدفا»، «برلین» و …», «در
     * شهرهای «سعد»، «کریتر» و «خور مکسر»», «…، «تنگه واشی» و دیگر مکان‌های بکر» */
    for (size_t t = t0 > 40 ? t0 - 40 : 0; t < ntokens && t < c + 40; t++)
        if ((t < t0 || t > c) && tokens[t].sentence == tokens[t0].sentence &&
            tg_token_in(norm, &tokens[t], &place_list_heads))
            return 0;
    return 1;
}

/* Whether place or ORG i is a work's title in a list of works and their makers: after «،»,
 * «؛», «:», «و» or «)» and before a person's name in brackets, closed or followed by «،» («…،
 * لوتوس (محمدرضا وطن‌دوست)، …»); not after an office («شهردار تهران (پیروز حناچی)»). */
static int title_before_maker(const char *norm, const tagger_token *tokens, size_t ntokens,
                              const tg_resolved *res, size_t n, size_t i)
{
    size_t t0, t1, u0, u1;
    const char *p = norm + res[i].norm_end; /* the text is NUL-terminated: a cheap test first */
    while (*p == ' ')
        p++;
    if (*p != '(' || !res[i].label ||
        !(tg_label_is(res[i].label, TG_LABEL_IS_PLACE) || tg_label_eq(res[i].label, TG_LABEL_ORG)) ||
        !name_tokens(tokens, ntokens, &res[i], &t0, &t1) || t1 + 2 >= ntokens ||
        !tg_token_is(norm, &tokens[t1 + 1], "(") || t0 == 0 || /* «خبرگزاری کویت (کونا)» */
        !(list_separator(norm, &tokens[t0 - 1]) || tg_token_is(norm, &tokens[t0 - 1], "؛") ||
          tg_token_is(norm, &tokens[t0 - 1], ":") || tg_token_is(norm, &tokens[t0 - 1], ")")))
        return 0;
    for (size_t j = i + 1; j < n && res[j].norm_start <= tokens[t1 + 2].norm_start; j++)
        if (res[j].norm_start == tokens[t1 + 2].norm_start && res[j].label &&
            tg_label_eq(res[j].label, TG_LABEL_PERSON) &&
            name_tokens(tokens, ntokens, &res[j], &u0, &u1) && u1 + 1 < ntokens &&
            (tg_token_is(norm, &tokens[u1 + 1], ")") || tg_token_is(norm, &tokens[u1 + 1], "،")))
            return 1;
    return 0;
}

/* The new span[0..1) of an entity of `*label` (judge's verdict 4): the first candidate,
 * in the order of gaz, on exactly that span, not ambiguous and of that label or, for a
 * place, of any place label (*label becomes its label), else NULL.  A candidate starts at
 * the start of its first token: those on the span are the candidates of span[0]'s token
 * (tg_gaz_order_at), not every one of the document. */
static const tg_gaz_match *entry_on(const tg_gaz_match *gaz, size_t ngaz, tg_gaz_order *o,
                                    const tagger_token *tokens, size_t ntokens,
                                    const size_t span[2], const char **label)
{
    int in_place = tg_label_is(*label, TG_LABEL_IS_PLACE);
    size_t tok = tg_token_at(tokens, ntokens, span[0]), i = 0, end = ngaz;
    const tg_gaz_match *const *c = NULL, *best = NULL;
    if (tok < ntokens)
        end = tg_gaz_order_at(gaz, ngaz, o, 1, tok, &c, &i);
    for (; i < end; i++) {
        const tg_gaz_match *g = c ? c[i] : &gaz[i];
        tg_gaz_entry e;
        if (g->norm_start == span[0] && g->norm_end == span[1] && (!best || g < best) &&
            !(g->flags & TG_ALIAS_AMBIGUOUS) && tg_gazetteer_entry(g->gaz, g->record, &e) &&
            (strcmp(e.label, *label) == 0 || (in_place && tg_label_is(e.label, TG_LABEL_IS_PLACE))))
            best = g;
    }
    if (best) {
        tg_gaz_entry e;
        tg_gazetteer_entry(best->gaz, best->record, &e);
        *label = tg_label_name_of(e.label);
    }
    return best;
}

size_t tg_resolve_filter(const tg_normtext *nt, const tagger_token *tokens, size_t ntokens,
                         const tg_gaz_match *gaz, size_t ngaz,
                         const tg_gaz_match *const *by_first, tg_resolved *res, size_t n)
{
    tg_filter_state st = {0};
    st.order.by[1] = by_first;
    /* first, before any is dropped: the other mentions of a work's title (their
     * label is cleared, then they are left out below) */
    for (size_t i = 0; i < n; i++)
        if (title_elsewhere(nt->text, tokens, ntokens, res, n, i, &st.titles) ||
            title_before_maker(nt->text, tokens, ntokens, res, n, i) ||
            title_in_quoted_list(nt->text, tokens, ntokens, &res[i])) {
            res[i].label = NULL;
            tg_title_index_drop(&st.titles, i); /* no title of another mention now */
        }
    size_t ev[2] = {ngaz, 0}; /* where the aliases that ask for evidence= words lie */
    for (size_t i = 0; i < ngaz; i++)
        if (gaz[i].flags & TG_ALIAS_EVIDENCE) {
            ev[0] = ev[0] < i ? ev[0] : i;
            ev[1] = i + 1;
        }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!res[i].label)
            continue;
        const tg_gaz_match *place = NULL;
        size_t span[2] = {0, 0};
        int verdict = judge(nt, tokens, ntokens, gaz, ngaz, ev, res, n, &res[i],
                            i > 0 && res[i - 1].label ? &res[i - 1] : NULL, &st, &place, span);
        if (verdict == 1)
            continue;
        res[k] = res[i];
        if (verdict == 4) { /* «امام خمینی (ره»: the new span's list entry, if any */
            res[k].norm_start = span[0];
            res[k].norm_end = span[1];
            res[k].gaz = NULL;
            /* a place takes a place entry's label: «زمین شماره ۲ مجموعه ورزشی آزادی» is
             * the FAC «مجموعه ورزشی آزادی», not the model's GPE */
            const char *label = res[k].label;
            res[k].gaz = entry_on(gaz, ngaz, &st.order, tokens, ntokens, span, &label);
            res[k].label = label;
        }
        if (verdict == 3) { /* the model's whole word, unlinked: «علی رضایی» */
            res[k].norm_end = tokens[tg_token_at(tokens, ntokens, res[k].norm_end - 1)].norm_end;
            res[k].gaz = NULL;
        }
        if (verdict == 2) {
            tg_gaz_entry e;
            tg_gazetteer_entry(place->gaz, place->record, &e);
            res[k].norm_start = place->norm_start;
            res[k].norm_end = place->norm_end;
            res[k].label = e.label;
            res[k].gaz = place;
        }
        k++;
    }
    tg_filter_state_free(&st);
    return k;
}
