/*
 * ner_context — linking rules of the merge (ner.c) that look past the
 * model's span (docs/linking.md, 2026-12-03, fifth pass):
 *
 *   - unit entries: a corpus-induced entry (canonical name in Persian, not a
 *     curated English-named one) whose name says it is a branch or unit of a
 *     bigger body, or a small outlet, is no knowledge-base entity: a
 *     university branch «دانشگاه آزاد اسلامی X», «… واحد X», a provincial
 *     office «اداره کل …», «… استان X» (ORG), a court branch «شعبه …», a
 *     deputy office «معاونت …», a faculty «دانشکده …», a research unit
 *     «پژوهشکده …», a news site «پایگاه خبری/تحلیلی/اطلاع‌رسانی …», «شبکه
 *     اطلاع‌رسانی …», «سایت …», an online edition «X آنلاین», a numbered term
 *     of a parliament «مجلس سوم» (which Majlis depends on the era), an embassy
 *     or consulate «سفارت X», «کنسولگری X» (one of many), a police force named by
 *     its country or a branch of one «پلیس آمریکا», «پلیس راهنمایی و رانندگی
 *     تهران بزرگ» (2026-12-05, reader11; the national ones are curated: «پلیس
 *     راهور», «پلیس فتا»), a part of a place by
 *     its direction «شرق چین», «شمال عراق» (LOC/GPE), a numbered district
 *     «منطقه 22» (of which city the text says); and an entry its list
 *     marks `link=no` (a generic name such as «مسجد جامع», the Friday mosque
 *     of any town: gazetteers/build/facilities-dropped.txt).  The span is
 *     emitted without a kb_id (a curated entry on the same tokens still wins).
 *   - context heads: a name the text does not write in full: «سایپا» in a
 *     sentence about football (or next to one) is the list's «تیم سایپا» (Saipa F.C., not the
 *     car maker); «ایران» right after «روزنامه», «خبرنگار», «سردبیر» or
 *     «نشریه» (with or without «) is the list's «روزنامه ایران» (or an agency,
 *     «خبرگزاری X»).  The head is
 *     put before the span's tokens and matched against the same gazetteer;
 *     only a non-ambiguous curated ORG entry on all the tokens is taken.
 *     A place span the lists do not link (2026-12-04): after a reporter's
 *     desk («خبرنگار بهداشت و درمان فارس», at most four words between) it is
 *     the agency «خبرگزاری X» (ORG); else an Iranian province named without
 *     its head, «استان X» (a curated GPE entry): «استان‌های فارس، اصفهان»; not
 *     in brackets nor after «خلیج», «نماد» (the Gulf, a share's ticker).
 *   - a share's ticker (2026-12-05): a place span right after «نماد» («نماد
 *     فارس», Persian Gulf Petrochemical's share), or one the lists name only
 *     through an ambiguous alias («نماد فولاد», Mobarakeh Steel's, not the
 *     club), names a listed company: an ORG without kb_id, which the
 *     document's other «فارس» do not link either (tg_ner_ticker; ner.c).
 *     A full name stays linked: «نماد بانک ملت».
 *   - a venue (2026-12-05): a one-word PERSON right after «تئاتر», «تالار»,
 *     «سالن», «تماشاخانه», «فرهنگسرا(ی)» that the lists do not name, or name
 *     only through an ambiguous alias («مولوی», Rumi), is the venue named after
 *     him: FAC on the head and the name («تئاتر مولوی», Molavi Theatre), with
 *     the lists' FAC entry of those words if there is one (tg_ner_venue_before;
 *     ner.c).  A full name stays the person: «کارگردان تئاتر شهرام گیل‌آبادی»;
 *     but after «تالار», or after «سالن» with no «،» after it, listed or not, it
 *     names the hall: «تالار ناصر خسرو», «سالن جلیل شهناز» (2026-12-05, reader9).
 *   - a border (2026-12-05, reader11): a one-word PERSON right after «مرز»,
 *     «مرزی» or «گمرک» that the lists name as a GPE, even through an ambiguous
 *     alias, is that place: «مرز بازرگان» is the border town, not Mehdi
 *     Bazargan (tg_ner_border_before; ner.c).
 *   - a news desk (2026-12-05, reader11): an ORG «گروه …» of at most four words
 *     right after «گزارش» or «خبرنگار» is a desk of the agency, not an entity
 *     («به گزارش گروه سلامت به نقل از …»): PEYMA train tags «گروه X» there O in
 *     74 of 74 bylines (tg_ner_desk; ner.c drops the span).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "labels.h"
#include "ner_internal.h"
#include "scratch.h"
#include "tokenize.h"

/* The module's words, normalized (as tokens of the normalized text are): one table of
 * the sets the rules above test a token against, hand-written from the news they were
 * seen in (docs/linking.md); the name heads are further down, by the code that reads
 * them. */
enum { FOOTBALL, PRESS, REPORTER, NO_PROVINCE, VENUE, BORDER, BYLINE, NWORD_SETS };
#define WORD_SET(...) TG_WORD_SET(((const tg_word[]){__VA_ARGS__}))
static tg_word_set word_sets[NWORD_SETS] = {
    /* a sentence with one speaks of the club, not of the company of its name */
    [FOOTBALL] = WORD_SET(TG_WORD("فوتبال"), TG_WORD("لیگ"), TG_WORD("هافبک"),
                          TG_WORD("مهاجم"), TG_WORD("مدافع"), TG_WORD("دروازه بان"),
                          TG_WORD("دروازه‌بان"), TG_WORD("پنالتی"),
                          TG_WORD("سرمربی"), TG_WORD("نیمکت"), TG_WORD("بازیکن"),
                          TG_WORD("بازیکنان"), TG_WORD("گلزنی"), TG_WORD("گل"),
                          TG_WORD("گلی"), TG_WORD("تیم"), TG_WORD("لیگ برتر")),
    /* a periodical's people or the periodical, before its name */
    [PRESS] = WORD_SET(TG_WORD("روزنامه"), TG_WORD("خبرنگار"), TG_WORD("خبرنگاران"),
                       TG_WORD("سردبیر"), TG_WORD("نشریه")),
    /* a reporter, a few words before the agency's name */
    [REPORTER] = WORD_SET(TG_WORD("خبرنگار"), TG_WORD("خبرنگاران")),
    /* words of a name a province's name is part of: the Gulf, a share's ticker */
    [NO_PROVINCE] = WORD_SET(TG_WORD("خلیج"), TG_WORD("همیشه"), TG_WORD("نماد")),
    /* a venue's head; «تیاتر»: «تئاتر» as the text is normalized («ئ» folds) */
    [VENUE] = WORD_SET(TG_WORD("تیاتر"), TG_WORD("تالار"), TG_WORD("سالن"),
                       TG_WORD("تماشاخانه"), TG_WORD("فرهنگسرای"), TG_WORD("فرهنگسرا")),
    /* a border, a border terminal, customs: the name after it is a place */
    [BORDER] = WORD_SET(TG_WORD("مرز"), TG_WORD("مرزی"), TG_WORD("گمرک")),
    /* a byline's words before the desk: «به گزارش گروه …», «خبرنگار گروه …» */
    [BYLINE] = WORD_SET(TG_WORD("گزارش"), TG_WORD("خبرنگار")),
};
#undef WORD_SET

/* Past spaces and ZWNJs. */
static const char *skip_gap(const char *p)
{
    for (;;) {
        if (*p == ' ')
            p++;
        else if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
                 (unsigned char)p[2] == 0x8C)
            p += 3;
        else
            return p;
    }
}

/* Whether `name` starts with the words of `head` (spaces and ZWNJ alike)
 * and goes on with a word of its own: «سایت X», not «سایت» or «سایتو». */
static int starts_with_head(const char *name, const char *head)
{
    for (;;) {
        head = skip_gap(head);
        if (!*head) {
            const char *rest = skip_gap(name);
            return rest != name && *rest;
        }
        name = skip_gap(name);
        if (*name != *head)
            return 0;
        name++, head++;
    }
}

static const char *const unit_heads[] = {
    "دانشگاه آزاد اسلامی", "اداره کل", "شعبه", "معاونت", "دانشکده", "پژوهشکده",
    "پایگاه خبری", "پایگاه تحلیلی", "پایگاه اطلاع رسانی", "پایگاه اینترنتی",
    "شبکه اطلاع رسانی", "سایت", "وب سایت", "واحد",
    "سفارت", "سفارتخانه", "کنسولگری", "سرکنسولگری", "پلیس"};
/* A part of a place named by its direction («شرق چین», «شمال عراق», «جنوب غرب
 * تهران»): a LOC or GPE span, but no one entry (a curated region, «شرق آسیا»,
 * «شرق آفریقا», has an English name and is not asked). */
static const char *const direction_heads[] = {"شمال", "جنوب", "شرق", "غرب"};
static const char *const unit_inner[] = {" واحد ", " استان ", " شهرستان "};

/* An ASCII or Persian (U+06F0..U+06F9) digit. */
static int starts_with_digit(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    return (u[0] >= '0' && u[0] <= '9') || (u[0] == 0xDB && u[1] >= 0xB0 && u[1] <= 0xB9);
}

int tg_ner_unit_entry(const tg_gaz_entry *e)
{
    if (tg_gaz_attr_is(e->ids, "link", "no"))
        return 1;
    if ((unsigned char)e->name[0] < 0x80 || tg_label_eq(e->label, TG_LABEL_PERSON))
        return 0; /* curated (English canonical name), or a person */
    for (size_t i = 0; i < sizeof unit_heads / sizeof *unit_heads; i++)
        if (starts_with_head(e->name, unit_heads[i]))
            return 1;
    if (tg_label_eq(e->label, TG_LABEL_LOC) || tg_label_eq(e->label, TG_LABEL_GPE))
        for (size_t i = 0; i < sizeof direction_heads / sizeof *direction_heads; i++)
            if (starts_with_head(e->name, direction_heads[i]))
                return 1;
    static const char majlis[] = "مجلس ";
    static const char *const ordinals[] = {"اول", "دوم", "سوم", "چهارم", "پنجم", "ششم",
                                           "هفتم", "هشتم", "نهم", "دهم", "یازدهم", "دوازدهم"};
    if (strncmp(e->name, majlis, sizeof majlis - 1) == 0) /* a term: «مجلس سوم» */
        for (size_t i = 0; i < sizeof ordinals / sizeof *ordinals; i++)
            if (strcmp(e->name + sizeof majlis - 1, ordinals[i]) == 0)
                return 1;
    static const char district[] = "منطقه ";
    if (strncmp(e->name, district, sizeof district - 1) == 0 && /* «منطقه 22» of some city */
        starts_with_digit(e->name + sizeof district - 1))
        return 1;
    size_t len = strlen(e->name);
    static const char online[] = " آنلاین";
    if (len > sizeof online - 1 && strcmp(e->name + len - (sizeof online - 1), online) == 0)
        return 1;
    if (tg_label_eq(e->label, TG_LABEL_ORG))
        for (size_t i = 0; i < sizeof unit_inner / sizeof *unit_inner; i++)
            if (strstr(e->name, unit_inner[i]))
                return 1;
    return 0;
}

/* Whether token t is a football word. */
static int football_word(const char *norm, const tagger_token *t)
{
    return t->kind == TAGGER_TOKEN_WORD && tg_token_in(norm, t, &word_sets[FOOTBALL]);
}

/* The football words' hashes (tg_fnv1a of their bytes, as the input's word
 * hashes are made), one bit each by their top byte: a token whose hash's bit is
 * clear is no football word, and most tokens are left there with one load of
 * their hash, before their bytes are read.  Made once per process. */
static uint64_t football_hashes[4];
static pthread_once_t football_once = PTHREAD_ONCE_INIT;

static void football_hashes_make(void)
{
    const tg_word_set *set = &word_sets[FOOTBALL];
    for (size_t i = 0; i < set->n; i++) {
        uint64_t h = tg_fnv1a(set->words[i].s, set->words[i].n);
        football_hashes[h >> 62] |= 1ull << (h >> 56 & 63);
    }
}

static int football_hash(uint64_t h)
{
    return football_hashes[h >> 62] >> (h >> 56 & 63) & 1;
}

void tg_ner_context_free(tg_ner_context *c)
{
    if (c->football)
        tg_scratch_done(TG_SCRATCH_FOOTBALL);
    if (c->scratch)
        tg_scratch_done(TG_SCRATCH_HEADED);
    tg_scratch_give(TG_SCRATCH_HEADED_MATCHES, c->m, c->mcap * sizeof *c->m);
    c->football = NULL, c->scratch = NULL, c->m = NULL;
    c->scratch_len = c->mcap = 0;
}

/* Counts the words of football of sentence k, whose tokens run from token i on
 * (step +1) or back from it (step -1), into c->football[k] (the count + 1);
 * returns the token where the walk left the sentence. */
static size_t football_count(const tg_ner_input *in, tg_ner_context *c, size_t k, size_t i,
                             int step)
{
    const char *norm = in->norm->text;
    const tagger_token *t = in->tokens;
    const uint64_t *hs = in->hashes; /* NULL: each token's bytes are read */
    size_t nt = in->ntokens;
    uint32_t n = 1;
    if (hs)
        pthread_once(&football_once, football_hashes_make);
    for (; i < nt && t[i].sentence == k; i += (size_t)step)
        if (!hs || football_hash(hs[i]))
            n += (uint32_t)football_word(norm, &t[i]);
    c->football[k] = n;
    return i;
}

/* The words of football of sentence k, from token i on by step (football_count);
 * counted once per document, at the first question about a span in it or next
 * to it (c->football[k] is 0 until then: a long document asks for many spans,
 * most in a few of its sentences, and the others are never read). */
static uint32_t football_in(const tg_ner_input *in, tg_ner_context *c, size_t k, size_t i,
                            int step)
{
    if (!c->football[k])
        football_count(in, c, k, i, step);
    return c->football[k] - 1;
}

/* The end (one past the last token) of sentence k, from its token i on; a
 * sentence whose words are not counted yet is counted from its first token on
 * the way, in the same walk. */
static size_t sentence_end(const tg_ner_input *in, tg_ner_context *c, size_t k, size_t first,
                           size_t i)
{
    if (!c->football[k])
        return football_count(in, c, k, first, 1);
    while (i < in->ntokens && in->tokens[i].sentence == k)
        i++;
    return i;
}

/* Whether the sentence of span s or one next to it has a word of football
 * outside the span.  The tokens of a sentence are consecutive, its number
 * one more than the sentence's before; the span's sentence is found once for
 * all its spans (one long sentence is not walked again for each). */
static int football_sentence(const tg_ner_input *in, tg_ner_context *c, const tg_ner_span *s)
{
    const char *norm = in->norm->text;
    if (!c->football) {
        c->nsent = in->ntokens ? in->tokens[in->ntokens - 1].sentence + 1 : 0;
        /* the thread's block (scratch.h), cleared */
        c->football = tg_scratch(TG_SCRATCH_FOOTBALL, (c->nsent + 1) * sizeof *c->football);
        if (!c->football)
            return 0; /* out of memory: no context, the span as the lists give it */
        memset(c->football, 0, (c->nsent + 1) * sizeof *c->football);
    }
    size_t sent = in->tokens[s->tok_first].sentence;
    if (!c->football_at || c->sent != sent) { /* the sentence's first and last tokens */
        size_t a = s->tok_first;
        while (a > 0 && in->tokens[a - 1].sentence == sent)
            a--;
        size_t b = sentence_end(in, c, sent, a, s->tok_first) - 1;
        c->football_at = 1, c->sent = sent, c->sent_first = a, c->sent_last = b;
    }
    size_t a = c->sent_first, b = c->sent_last;
    size_t n = football_in(in, c, sent, a, 1) +
               (a > 0 ? football_in(in, c, sent - 1, a - 1, -1) : 0) +
               (sent + 1 < c->nsent ? football_in(in, c, sent + 1, b + 1, 1) : 0);
    for (size_t i = s->tok_first; i <= s->tok_last && n; i++)
        n -= (size_t)football_word(norm, &in->tokens[i]);
    return n > 0;
}

/* Whether the word before span s (past an opening «) names a periodical's
 * people or the periodical: «خبرنگار « ایران »», «روزنامه ایران». */
static int press_before(const tg_ner_input *in, const tg_ner_span *s)
{
    const char *norm = in->norm->text;
    size_t i = s->tok_first;
    if (i > 0 && in->tokens[i - 1].kind == TAGGER_TOKEN_PUNCT &&
        (tg_token_is(norm, &in->tokens[i - 1], "«") || tg_token_is(norm, &in->tokens[i - 1], "\"")))
        i--;
    if (i == 0 || in->tokens[i - 1].sentence != in->tokens[s->tok_first].sentence)
        return 0;
    return tg_token_in(norm, &in->tokens[i - 1], &word_sets[PRESS]);
}

/* Whether a reporter's word («خبرنگار», «خبرنگاران») comes at most five tokens
 * before span s in its sentence: «خبرنگار گروه اجتماعی فارس». */
static int reporter_before(const tg_ner_input *in, const tg_ner_span *s)
{
    for (size_t i = s->tok_first, n = 0; i > 0 && n < 5; i--, n++) {
        const tagger_token *t = &in->tokens[i - 1];
        if (t->sentence != in->tokens[s->tok_first].sentence)
            return 0;
        if (tg_token_in(in->norm->text, t, &word_sets[REPORTER]))
            return 1;
    }
    return 0;
}

/* Whether span s stands in brackets «(فارس)» or right after a word of a name it
 * is part of: «خلیج فارس», «خلیج همیشه فارس» (the Persian Gulf), a share's ticker «نماد
 * فارس»: no province there. */
static int no_province_at(const tg_ner_input *in, const tg_ner_span *s)
{
    const char *norm = in->norm->text;
    size_t i = s->tok_first;
    if (i == 0)
        return 0;
    if (tg_token_is(norm, &in->tokens[i - 1], "("))
        return 1;
    return tg_token_in(norm, &in->tokens[i - 1], &word_sets[NO_PROVINCE]);
}

int tg_ner_ticker(const tg_ner_input *in, const tg_ner_span *s)
{
    size_t i = s->tok_first;
    if (!in->norm || i == 0 || in->tokens[i - 1].sentence != in->tokens[i].sentence)
        return 0;
    if (i > 1 && tg_token_is(in->norm->text, &in->tokens[i - 1], "معاملاتی"))
        i--; /* «نماد معاملاتی فارس» */
    return tg_token_is(in->norm->text, &in->tokens[i - 1], "نماد");
}

int tg_ner_venue_before(const tg_ner_input *in, const tg_ner_span *s, int unlisted)
{
    size_t i = s->tok_first, e = s->tok_last + 1;
    if (!in->norm || i == 0 || in->tokens[i - 1].sentence != in->tokens[i].sentence)
        return 0;
    const char *norm = in->norm->text;
    if (s->tok_first == s->tok_last)
        return unlisted && tg_token_in(norm, &in->tokens[i - 1], &word_sets[VENUE]);
    /* a hall named by a full name, not a person in apposition («اجاره سالن X، رئیس …») */
    return s->tok_last - s->tok_first < 3 &&
           (tg_token_is(norm, &in->tokens[i - 1], "تالار") ||
            (tg_token_is(norm, &in->tokens[i - 1], "سالن") &&
             !(e < in->ntokens && tg_token_is(norm, &in->tokens[e], "،"))));
}

int tg_ner_border_before(const tg_ner_input *in, const tg_ner_span *s)
{
    size_t i = s->tok_first;
    return in->norm && i > 0 && s->tok_first == s->tok_last &&
           in->tokens[i - 1].sentence == in->tokens[i].sentence &&
           tg_token_in(in->norm->text, &in->tokens[i - 1], &word_sets[BORDER]);
}

int tg_ner_desk(const tg_ner_input *in, const tg_ner_span *s)
{
    size_t i = s->tok_first;
    return in->norm && i > 0 && s->tok_last - s->tok_first <= 3 &&
           in->tokens[i - 1].sentence == in->tokens[i].sentence &&
           tg_token_is(in->norm->text, &in->tokens[i], "گروه") &&
           tg_token_in(in->norm->text, &in->tokens[i - 1], &word_sets[BYLINE]);
}

/* c's scratch for a text of `len` bytes and `ntoks` tokens: the tokens, the
 * offset map (the identity: the text is its own input) and the text, in
 * the thread's block (scratch.h), c->scratch_len entries each; NULL when
 * memory runs out. */
static tagger_token *scratch_for(tg_ner_context *c, size_t len, size_t ntoks)
{
    size_t need = len + 1 > ntoks ? len + 1 : ntoks;
    void *p = tg_scratch(TG_SCRATCH_HEADED, need * (sizeof(tagger_token) + sizeof(uint32_t) + 1));
    if (!p)
        return NULL;
    c->scratch = p, c->scratch_len = need;
    uint32_t *map = (uint32_t *)((tagger_token *)p + need);
    for (size_t i = 0; i < need; i++)
        map[i] = (uint32_t)i;
    return c->scratch;
}

/* The non-ambiguous curated entry of label `label` of `g` on all of «head span»
 * (the head's words put before the span's tokens), copied to *out with the
 * span's tokens and offsets; 0 when there is none or memory runs out. */
static int headed_in(tg_ner_context *c, const tg_gazetteer *g, int layer,
                     const tg_ner_input *in, const tg_ner_span *s, const char *head,
                     tg_label label, tg_gaz_match *out)
{
    const char *norm = in->norm->text;
    size_t hlen = strlen(head), slen = s->norm_end - s->norm_start;
    size_t len = hlen + 1 + slen, nspan = s->tok_last - s->tok_first + 1, nhead = 1;
    for (size_t i = 0; i < hlen; i++)
        nhead += head[i] == ' ';
    tagger_token *toks = scratch_for(c, len, nhead + nspan);
    if (!toks)
        return 0;
    uint32_t *map = (uint32_t *)(toks + c->scratch_len);
    char *buf = (char *)(map + c->scratch_len);
    memcpy(buf, head, hlen);
    buf[hlen] = ' ';
    memcpy(buf + hlen + 1, norm + s->norm_start, slen);
    buf[len] = '\0';
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= hlen; i++)
        if (i == hlen || head[i] == ' ') {
            toks[k++] = (tagger_token){start, i, start, i, TAGGER_TOKEN_WORD, 0};
            start = i + 1;
        }
    size_t shift = hlen + 1;
    for (size_t t = s->tok_first; t <= s->tok_last; t++) {
        const tagger_token *o = &in->tokens[t];
        size_t a = o->norm_start - s->norm_start + shift, b = o->norm_end - s->norm_start + shift;
        toks[k++] = (tagger_token){a, b, a, b, o->kind, 0};
    }
    tg_normtext nt = {.text = buf, .len = len, .ostart = map, .oend = map, .input = buf};
    size_t n = 0, bytes;
    if (!c->m) { /* the thread's block (scratch.h), given back by tg_ner_context_free */
        c->m = tg_scratch_take(TG_SCRATCH_HEADED_MATCHES, &bytes);
        c->mcap = bytes / sizeof *c->m;
    }
    if (tg_gazetteer_match(g, layer, buf, &nt, toks, k, &c->m, &n, &c->mcap) != TAGGER_OK)
        return 0;
    for (size_t i = 0; i < n; i++) {
        const tg_gaz_match *m = &c->m[i];
        tg_gaz_entry e;
        if (m->tok_first != 0 || m->tok_last != k - 1 || m->suffix_len ||
            (m->flags & TG_ALIAS_AMBIGUOUS) ||
            !tg_gazetteer_entry(g, m->record, &e) || !tg_label_eq(e.label, label) ||
            (unsigned char)e.name[0] >= 0x80)
            continue;
        *out = *m;
        out->tok_first = s->tok_first;
        out->tok_last = s->tok_last;
        out->norm_start = s->norm_start;
        out->norm_end = s->norm_end;
        return 1;
    }
    return 0;
}

int tg_ner_context_entry(const tg_ner_input *in, tg_ner_context *c, const tg_ner_span *s,
                         const tg_gaz_match *g, tg_gaz_match *out)
{
    static const char *const club[] = {"تیم", "تیم ملی"};
    const char *heads[2];
    tg_label label = TG_LABEL_ORG;
    size_t nheads = 0;
    if (!in->norm || !in->ngaz || tg_label_eq(s->label, TG_LABEL_PERSON))
        return 0;
    if (press_before(in, s)) {
        heads[nheads++] = "روزنامه";
        heads[nheads++] = "خبرگزاری";
    } else if (tg_label_eq(s->label, TG_LABEL_ORG) && football_sentence(in, c, s))
        for (size_t i = 0; i < 2; i++)
            heads[nheads++] = club[i];
    else if (!g && tg_label_eq(s->label, TG_LABEL_GPE) && !no_province_at(in, s)) {
        int agency = reporter_before(in, s);
        heads[nheads++] = agency ? "خبرگزاری" : "استان";
        label = agency ? TG_LABEL_ORG : TG_LABEL_GPE;
    }
    if (!nheads)
        return 0;
    /* each gazetteer of the document's candidates, once (listed at the
     * first lookup of a document, which may ask for many spans) */
    if (!c->gaz_made) {
        c->gaz_made = 1;
        for (size_t i = 0; i < in->ngaz && c->ngaz < 16; i++) {
            size_t j = 0;
            while (j < c->ngaz && c->gaz[j] != in->gaz[i].gaz)
                j++;
            if (j == c->ngaz) {
                c->gaz[c->ngaz++] = in->gaz[i].gaz;
                c->layer[j] = in->gaz[i].layer;
            }
        }
    }
    for (size_t i = 0; i < c->ngaz; i++)
        for (size_t h = 0; h < nheads; h++)
            if (headed_in(c, c->gaz[i], c->layer[i], in, s, heads[h], label, out))
                return !g || out->record != g->record || out->gaz != g->gaz;
    return 0;
}
