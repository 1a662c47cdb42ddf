/* langid — the language of a text from its script, letters and function
 * words (langid.h). */
#include "langid.h"

#include <stdio.h>
#include <string.h>

#include "hash.h"      /* tg_fnv1a */
#include "normalize.h" /* tg_utf8_next, tg_utf8_put */

#include "langid_ngrams.h"
#include "langid_unigrams.h"
#include "langid_words.h"

/* How much a nat of letter trigram likelihood, and of word likelihood,
 * counts against a function word (1) or a letter cue (chosen on the dev
 * split, docs/langid.md "Third pass"). */
#define NGRAM_WEIGHT 0.05
#define WORD_WEIGHT 0.3
/* Words the unigram table (langid_unigrams.h) must know before they count,
 * and the most they count for (their mean times this; as NGRAM_MIN and
 * NGRAM_MAX for trigrams).  A function word of langid_words.h counts by
 * that list only, not by the table: the catalogs the table was learnt from
 * say "met" is Dutch, the news this tagger reads that it is English too. */
#define WORD_MIN 1
#define WORD_MAX 20
/* The languages with trigram and word tables (langid_ngrams.h,
 * langid_unigrams.h): all those scored, in the order of lang_code. */
#define NGRAM_LANGS TG_LANGID_NGRAM_LANGS
_Static_assert(TG_LANGID_NGRAM_LANGS == 12 && TG_LANGID_UNIGRAM_LANGS == 12 &&
                   TG_LANGID_NGRAM_STEP == TG_LANGID_UNIGRAM_STEP,
               "langid tables: one language order and cost step (gen_ngrams.py)");
/* Trigrams the tables must know before they count at all (a name alone,
 * "Malta", «مالت», says little), and the most they count for (their mean
 * times this), so that words keep a say in long texts. */
#define NGRAM_MIN 8
/* Trigrams are looked up until this many were found (they are the costly
 * part; a sentence or two settles them). */
#define NGRAM_ENOUGH 160
/* Reading stops early (settled()) once CHECK_FROM bytes were read, asked
 * every CHECK_EVERY words; a short text (a sentence) is read whole. */
#define CHECK_FROM 128
#define CHECK_EVERY 4
#define SETTLED_LETTERS 400
#define SETTLED_WORDS 6
#define SETTLED_MARGIN 4.0
#define NGRAM_MAX 40
/* The prior of the language this tagger reads in each script (en, fa). */
#define PRIOR 0.5

/* The languages scored by words and letters; the first 12 in the order of
 * the masks of langid_words.h. */
enum { EN, DE, FR, ES, TR, IT, PT, NL, FA, AR, UR, PS, NLANG };
static const char *const lang_code[NLANG] = {"en", "de", "fr", "es", "tr", "it",
                                             "pt", "nl", "fa", "ar", "ur", "ps"};

enum { S_LATN, S_ARAB, S_CYRL, S_GREK, S_HEBR, S_DEVA, S_HANI, S_KANA, S_HANG, S_THAI,
       S_ARMN, S_GEOR, NSCRIPT };
static const char *const script_code[NSCRIPT] = {"Latn", "Arab", "Cyrl", "Grek", "Hebr", "Deva",
                                                 "Hani", "Kana", "Hang", "Thai", "Armn", "Geor"};
/* The language of a script with one (NULL: scored, or "und"). */
static const char *const script_lang[NSCRIPT] = {NULL, NULL, NULL, "el", "he", NULL,
                                                 "zh", "ja", "ko", "th", "hy", "ka"};

/* The script of letter c, or -1 for anything else (digits, marks,
 * punctuation, symbols, emoji). */
static int script_of(uint32_t c)
{
    if (c < 0x80) /* the common cases first: ASCII, the Arabic block */
        return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? S_LATN : -1;
    if (c >= 0x620 && c <= 0x64A)
        return S_ARAB;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x1E00 && c <= 0x1EFF))
        return S_LATN;
    if ((c >= 0x620 && c <= 0x64A) || (c >= 0x66E && c <= 0x6D3) || c == 0x6D5 ||
        (c >= 0x6EE && c <= 0x6FF && c != 0x6F0 && !(c >= 0x6F0 && c <= 0x6F9)) ||
        (c >= 0x750 && c <= 0x77F) || (c >= 0x8A0 && c <= 0x8FF) ||
        (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFC))
        return S_ARAB;
    if (c >= 0x400 && c <= 0x52F)
        return S_CYRL;
    if ((c >= 0x370 && c <= 0x3FF && c != 0x37E && c != 0x387) || (c >= 0x1F00 && c <= 0x1FFF))
        return S_GREK;
    if (c >= 0x5D0 && c <= 0x5F2)
        return S_HEBR;
    if (c >= 0x904 && c <= 0x97F && !(c >= 0x966 && c <= 0x96F))
        return S_DEVA;
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF))
        return S_HANI;
    if (c >= 0x3041 && c <= 0x30FF)
        return S_KANA;
    if ((c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x1100 && c <= 0x11FF))
        return S_HANG;
    if (c >= 0xE01 && c <= 0xE4E)
        return S_THAI;
    if (c >= 0x531 && c <= 0x587)
        return S_ARMN;
    if (c >= 0x10A0 && c <= 0x10FF)
        return S_GEOR;
    return -1;
}

/* A combining mark that stays inside a word (harakat, superscript alef,
 * Latin combining accents). */
static int is_mark(uint32_t c)
{
    return (c >= 0x300 && c <= 0x36F) || (c >= 0x64B && c <= 0x65F) || c == 0x670;
}

/* Lower case for the letters function words use; Arabic ي ى → ی, ك → ک. */
static uint32_t fold(uint32_t c)
{
    if (c >= 0x600 && c <= 0x6FF) /* the common case first */
        return c == 0x64A || c == 0x649 ? 0x6CC : c == 0x643 ? 0x6A9 : c;
    if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7))
        return c + 0x20;
    if (c == 0x130) /* Turkish İ */
        return 'i';
    if (c >= 0x100 && c <= 0x17F && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x17F &&
        !(c >= 0x139 && c <= 0x148) && !(c >= 0x179 && c <= 0x17E) && c % 2 == 0)
        return c + 1;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
        return c % 2 ? c + 1 : c;
    if (c >= 0x410 && c <= 0x42F)
        return c + 0x20;
    if (c >= 0x400 && c <= 0x40F)
        return c + 0x50;
    if (c == 0x64A || c == 0x649)
        return 0x6CC;
    if (c == 0x643)
        return 0x6A9;
    return c;
}

/* Adds what letter c says about the languages of its script. */
static void letter_cue(uint32_t c, double *score)
{
    switch (c) {
    /* Urdu */
    case 0x679: case 0x688: case 0x691: case 0x6BA: case 0x6D2: case 0x6D3: case 0x6C1:
    case 0x6C2: case 0x6BE:
        score[UR] += 1;
        break;
    /* Pashto */
    case 0x67C: case 0x689: case 0x693: case 0x696: case 0x69A: case 0x6AB: case 0x6BC:
    case 0x6CD: case 0x6D0: case 0x681: case 0x685:
        score[PS] += 1;
        break;
    /* Persian letters, which Urdu and Pashto share in part */
    case 0x67E: case 0x686: case 0x698: /* پ چ ژ */
        score[FA] += 0.3, score[UR] += 0.2, score[PS] += 0.2;
        break;
    case 0x6AF: /* گ (Pashto writes ګ) */
        score[FA] += 0.3, score[UR] += 0.2;
        break;
    case 0x6CC: case 0x6A9: /* ی ک */
        score[FA] += 0.1, score[UR] += 0.1, score[PS] += 0.05;
        break;
    /* Arabic */
    case 0x629: /* ة */
        score[AR] += 0.5;
        break;
    case 0x643: case 0x649: /* ك ى */
        score[AR] += 0.5;
        break;
    case 0x64A: /* ي (also Pashto's) */
        score[AR] += 0.1, score[PS] += 0.05;
        break;
    case 0x623: case 0x625: case 0x624: /* أ إ ؤ */
        score[AR] += 0.3;
        break;
    case 0x200C: /* ZWNJ: Persian writes it inside words, Pashto and Arabic do not */
        score[FA] += 0.3, score[UR] += 0.1;
        break;
    /* Latin letters of one or two languages */
    case 0xDF: /* ß */
        score[DE] += 1;
        break;
    case 0xE4: /* ä */
        score[DE] += 0.5;
        break;
    case 0xF6: case 0xFC: /* ö ü */
        score[DE] += 0.2, score[TR] += 0.2;
        break;
    case 0x131: case 0x11F: case 0x15F: case 0x130: /* ı ğ ş İ */
        score[TR] += 1;
        break;
    case 0xE7: /* ç */
        score[FR] += 0.2, score[TR] += 0.2, score[PT] += 0.2;
        break;
    case 0xF1: case 0xBF: case 0xA1: /* ñ ¿ ¡ */
        score[ES] += 1;
        break;
    case 0xE1: case 0xED: case 0xF3: case 0xFA: /* á í ó ú */
        score[ES] += 0.3, score[PT] += 0.2;
        break;
    case 0xE8: case 0xEA: case 0xEB: case 0xEE: case 0xEF: case 0xFB: case 0x153: /* è ê ë î ï û œ */
        score[FR] += 0.4;
        break;
    case 0xE9: /* é */
        score[FR] += 0.3, score[ES] += 0.1, score[PT] += 0.1;
        break;
    case 0xE0: case 0xF9: /* à ù */
        score[FR] += 0.3, score[IT] += 0.2;
        break;
    case 0xE3: case 0xF5: /* ã õ */
        score[PT] += 1;
        break;
    case 0xEC: case 0xF2: /* ì ò */
        score[IT] += 0.5;
        break;
    default:
        break;
    }
}

/* The languages (mask of langid_words.h) of the function word w[0..n). */
static unsigned word_mask(const char *w, size_t n)
{
    size_t i = (size_t)(tg_fnv1a(w, n) % TG_LANGID_WORD_SLOTS);
    while (tg_langid_words[i].w) {
        if (tg_langid_words[i].n == n && memcmp(tg_langid_words[i].w, w, n) == 0)
            return tg_langid_words[i].mask;
        i = (i + 1) % TG_LANGID_WORD_SLOTS;
    }
    return 0;
}

/* The costs of key[0..n) in table, langid_ngrams.h's or langid_unigrams.h's
 * (its number of slots a power of two), or NULL. */
static const char *cost_row(const struct tg_langid_row *table, size_t slots,
                            const char *key, size_t n)
{
    size_t i = (size_t)(tg_fnv1a(key, n) & (slots - 1));
    for (; table[i].key; i = (i + 1) & (slots - 1))
        if (strncmp(table[i].key, key, n) == 0 && table[i].key[n] == 0)
            return table[i].cost;
    return NULL;
}

/* Subtracts a row's costs (gen_ngrams.py: '#' + steps, the backslash
 * skipped) from the log likelihoods ll[]. */
static void add_row(const char *row, double *ll)
{
    for (int l = 0; l < NGRAM_LANGS; l++) {
        int q = (unsigned char)row[l] - 35;
        ll[l] -= (q - (q > 57)) * (1.0 / TG_LANGID_NGRAM_STEP);
    }
}

/* Adds the log probability of each letter trigram of the word w[0..n),
 * padded with spaces, in each language's table (a trigram no table has is
 * left out). */
static void score_trigrams(const char *w, size_t n, double *ng, size_t *known)
{
    char p[72];
    size_t cp[72], k = 0, len = 0;
    p[len++] = ' ';
    memcpy(p + len, w, n);
    len += n;
    p[len++] = ' ';
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)p[i] & 0xC0) != 0x80)
            cp[k++] = i;
    cp[k] = len;
    for (size_t t = 0; t + 3 <= k; t++) {
        const char *row = cost_row(tg_langid_ngrams, TG_LANGID_NGRAM_SLOTS, p + cp[t],
                                   cp[t + 3] - cp[t]);
        if (!row)
            continue;
        add_row(row, ng);
        (*known)++;
    }
}

static void score_word(const char *w, size_t n, double *score, size_t *words)
{
    /* the article ال: most Arabic nouns, a few Persian loans */
    if (n > 6 && memcmp(w, "\xd8\xa7\xd9\x84", 4) == 0)
        score[AR] += 0.4, score[FA] += 0.05;
    unsigned mask = n ? word_mask(w, n) : 0;
    if (!mask)
        return;
    int k = __builtin_popcount(mask);
    for (int l = 0; l < NLANG; l++)
        if (mask & (1u << l))
            score[l] += 1.0 / k;
    (*words)++;
}

/* Cyrillic: Russian unless the letters of another language say so. */
static const char *cyrillic_lang(const size_t *cues)
{
    /* cues: [0] ы э ё, [1] і ї є ґ, [2] ў, [3] ђ ћ џ љ њ ј, [4] ъ */
    if (cues[3] > cues[0])
        return "sr";
    if (cues[2] > 0 && cues[2] >= cues[0])
        return "be";
    if (cues[1] > cues[0])
        return "uk";
    if (cues[4] > 2 * cues[0] + 1)
        return "bg";
    return "ru";
}

static void cyrillic_cue(uint32_t c, size_t *cues)
{
    if (c == 0x44B || c == 0x44D || c == 0x451 || c == 0x42B || c == 0x42D || c == 0x401)
        cues[0]++;
    else if (c == 0x456 || c == 0x457 || c == 0x454 || c == 0x491 || c == 0x406 || c == 0x407 ||
             c == 0x404 || c == 0x490)
        cues[1]++;
    else if (c == 0x45E || c == 0x40E)
        cues[2]++;
    else if (c == 0x452 || c == 0x45B || c == 0x45F || c == 0x459 || c == 0x45A || c == 0x458 ||
             c == 0x402 || c == 0x40B || c == 0x40F || c == 0x409 || c == 0x40A || c == 0x408)
        cues[3]++;
    else if (c == 0x44A || c == 0x42A)
        cues[4]++;
}

/* Decides among the languages of `script` by their scores.  A script with
 * no evidence for any of its languages falls to the one this tagger reads
 * (Latin en, Arabic fa) by a prior smaller than any cue. */
static void decide(tg_langid *out, int script, double *score, const double *ng, size_t known,
                   const double *wd, size_t wknown)
{
    int first = script == S_LATN ? EN : FA, last = script == S_LATN ? NL : PS;
    double scale = known < NGRAM_MIN ? 0
                   : NGRAM_WEIGHT * (known > NGRAM_MAX ? (double)NGRAM_MAX / known : 1);
    double wscale = wknown < WORD_MIN ? 0
                    : WORD_WEIGHT * (wknown > WORD_MAX ? (double)WORD_MAX / wknown : 1);
    double top = -1e300, wtop = -1e300;
    for (int l = first; l <= last; l++) {
        top = ng[l] > top ? ng[l] : top;
        wtop = wd[l] > wtop ? wd[l] : wtop;
    }
    for (int l = first; l <= last; l++)
        score[l] += scale * (ng[l] - top) + wscale * (wd[l] - wtop);
    double low = 0;
    for (int l = first; l <= last; l++)
        if (score[l] < low)
            low = score[l];
    for (int l = first; l <= last; l++) /* scores from 0 up */
        score[l] -= low;
    score[script == S_LATN ? EN : FA] += PRIOR;
    if (script == S_LATN) /* told apart, but not what this tagger expects */
        score[IT] -= PRIOR, score[PT] -= PRIOR, score[NL] -= PRIOR;
    int best = -1, second = -1;
    for (int l = first; l <= last; l++) {
        if (best < 0 || score[l] > score[best]) {
            second = best;
            best = l;
        } else if (second < 0 || score[l] > score[second]) {
            second = l;
        }
    }
    out->score = score[best];
    out->second = second >= 0 && score[second] > 0 ? lang_code[second] : NULL;
    out->second_score = out->second ? score[second] : 0;
    out->lang = out->second_score == out->score ? "und" : lang_code[best];
}

/* Latin letters that choose the script only when nothing else can: those of
 * words with two capitals or more ("SSL", "GEmblemedIcon") and of tokens
 * with a digit, '/', '@', '_', '=', '~' or '\\' (paths, addresses, names in
 * code), which a Persian or Arabic sentence quotes as they are. */
typedef struct {
    size_t plain_latin, tech_latin; /* over the text */
    size_t title_latin; /* of plain_latin, in words with one capital */
    size_t tok_latin, tok_caps_latin, tok_title; /* in the current token */
    int tok_tech;
    size_t word_latin, word_caps; /* in the current word */
} latin_count;

static void latin_word_end(latin_count *lc)
{
    if (lc->word_caps >= 2)
        lc->tok_caps_latin += lc->word_latin;
    else
        lc->tok_latin += lc->word_latin;
    if (lc->word_caps == 1)
        lc->tok_title += lc->word_latin;
    lc->word_latin = lc->word_caps = 0;
}

static void latin_token_end(latin_count *lc)
{
    lc->tech_latin += lc->tok_caps_latin + (lc->tok_tech ? lc->tok_latin : 0);
    lc->plain_latin += lc->tok_tech ? 0 : lc->tok_latin;
    lc->title_latin += lc->tok_tech ? 0 : lc->tok_title;
    lc->tok_latin = lc->tok_caps_latin = lc->tok_title = 0;
    lc->tok_tech = 0;
}

static void latin_other(latin_count *lc, uint32_t c)
{
    if ((c >= '0' && c <= '9') || c == '/' || c == '@' || c == '_' || c == '=' || c == '~' ||
        c == '\\')
        lc->tok_tech = 1;
    else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0)
        latin_token_end(lc);
}

/* A letter of another script counts this many half letters against plain
 * Latin ones: double (2026-12-03, third pass), since a line with Cyrillic
 * or Arabic-script words among Latin ones ("Допустимые значения: "string",
 * "numeric" …", "خطأ داخلي، non-zero counts") is nearly always in that
 * script's language; "Lavrov met Blinken in «تهران»." stays
 * Latin. */
#define OTHER_SCRIPT 4

/* The script with most letters, Latin counted without its technical words
 * (latin_count), its capitalized ones at half and other scripts' letters
 * double (OTHER_SCRIPT) unless no other letters are there. */
static int top_script(const size_t *count, const latin_count *lc)
{
    size_t plain[NSCRIPT], n = 0; /* in half letters */
    for (int k = 0; k < NSCRIPT; k++)
        plain[k] = OTHER_SCRIPT * count[k];
    /* a capitalized Latin word (a name: "Russell Coker", "Sun Type")
     * counts half against another script's letters */
    plain[S_LATN] = 2 * lc->plain_latin - lc->title_latin;
    for (int k = 0; k < NSCRIPT; k++)
        n += plain[k];
    const size_t *by = n ? plain : count;
    int top = 0;
    for (int k = 1; k < NSCRIPT; k++)
        if (by[k] > by[top])
            top = k;
    return top;
}

/* What a reading of the text has gathered. */
typedef struct {
    size_t count[NSCRIPT], cyr[5]; /* letters by script; Cyrillic cues */
    double score[NLANG], ng[NGRAM_LANGS]; /* words and letters; trigrams */
    double wd[NGRAM_LANGS]; /* word likelihoods */
    latin_count lc;
    size_t known, letters, words; /* trigrams found, letters, function words */
    size_t wknown; /* words found in the unigram table */
} reading;

/* Whether the words and letters read so far settle the language without
 * trigrams: the script with most letters has 95% of them and either is one
 * language's (or Cyrillic) with SETTLED_LETTERS letters, or SETTLED_WORDS
 * function words give the leader a margin of SETTLED_MARGIN over the
 * runner-up, more than trigrams (at most NGRAM_WEIGHT * NGRAM_MAX times
 * their mean difference) and the rest of the sample are likely to undo. */
static int settled(const reading *r)
{
    size_t all = 0;
    for (int k = 0; k < NSCRIPT; k++)
        all += r->count[k];
    int top = top_script(r->count, &r->lc);
    if (r->count[top] * 20 < all * 19)
        return 0;
    if (top == S_CYRL || script_lang[top])
        return r->count[top] >= SETTLED_LETTERS;
    if ((top != S_LATN && top != S_ARAB) || r->words < SETTLED_WORDS)
        return 0;
    double sc[NLANG];
    memcpy(sc, r->score, sizeof sc);
    tg_langid probe = {0};
    decide(&probe, top, sc, r->ng, 0, r->wd, 0);
    return probe.score - probe.second_score >= SETTLED_MARGIN;
}

/* Reads s[0..end): with `trigrams` 0, letters by script and the words
 * and letters' scores, stopping once settled(); with `trigrams` 1, only
 * the letter trigrams of the words, until NGRAM_ENOUGH were found.  Returns
 * whether the reading stopped settled. */
static int scan(const char *s, size_t end, reading *r, int trigrams)
{
    char word[64];
    size_t wn = 0, i = 0;
    int over = 0; /* the word outgrew `word`: not a function word */
    int since_check = 0; /* words since settled() was asked */
    while (i <= end) {
        uint32_t c = 0;
        int sc = -1;
        if (i < end) {
            c = tg_utf8_next(s, &i);
            if (i > end) /* a character cut by the sample's end */
                break;
            sc = script_of(c);
        } else {
            i++;
        }
        if (!trigrams) {
            if (c == 0x200C)
                letter_cue(c, r->score);
            if (sc >= 0) {
                r->count[sc]++;
                r->letters++;
                letter_cue(c, r->score);
                if (sc == S_CYRL)
                    cyrillic_cue(c, r->cyr);
                if (sc == S_LATN) {
                    r->lc.word_latin++;
                    r->lc.word_caps += fold(c) != c;
                }
            }
        }
        if (sc >= 0 || (wn > 0 && is_mark(c))) {
            if (is_mark(c))
                continue;
            if (wn + 4 < sizeof word)
                wn += tg_utf8_put(word + wn, fold(c));
            else
                over = 1;
            continue;
        }
        if (!trigrams) {
            latin_word_end(&r->lc);
            latin_other(&r->lc, c);
        }
        if (wn > 0 && !over) {
            if (trigrams) {
                score_trigrams(word, wn, r->ng, &r->known);
                if ((c == '\'' || c == 0x2019) && wn + 1 < sizeof word)
                    word[wn++] = '\'';
                const char *row =
                    wn < 2 || word_mask(word, wn)
                        ? NULL
                        : cost_row(tg_langid_unigrams, TG_LANGID_UNIGRAM_SLOTS, word, wn);
                if (row) {
                    add_row(row, r->wd);
                    r->wknown++;
                }
                if (r->known >= NGRAM_ENOUGH)
                    return 0;
            } else {
                if ((c == '\'' || c == 0x2019) && wn + 1 < sizeof word)
                    word[wn++] = '\''; /* l', d', don' */
                score_word(word, wn, r->score, &r->words);
            }
        }
        wn = 0;
        over = 0;
        if (!trigrams && i >= CHECK_FROM && ++since_check >= CHECK_EVERY) {
            since_check = 0;
            if (settled(r))
                return 1; /* the rest would only add to the lead */
        }
    }
    return 0;
}

void tg_langid_detect(const char *s, size_t len, tg_langid *out)
{
    memset(out, 0, sizeof *out);
    out->lang = "und";
    out->script = "Zyyy";
    reading r;
    memset(&r, 0, sizeof r);
    size_t end = len < TG_LANGID_SAMPLE ? len : TG_LANGID_SAMPLE;
    int done = scan(s, end, &r, 0);
    latin_word_end(&r.lc);
    latin_token_end(&r.lc);
    out->letters = r.letters;
    out->words = r.words;
    int top = top_script(r.count, &r.lc);
    if (r.count[top] == 0)
        return;
    out->script = script_code[top];
    out->script_letters = r.count[top];
    if (script_lang[top])
        out->lang = script_lang[top];
    else if (top == S_CYRL)
        out->lang = cyrillic_lang(r.cyr);
    else if (top == S_LATN || top == S_ARAB) {
        if (!done) /* words and letters left a doubt: ask the trigrams */
            scan(s, end, &r, 1);
        decide(out, top, r.score, r.ng, r.known, r.wd, r.wknown);
    }
}

size_t tg_langid_json(const tg_langid *id, char *buf, size_t size)
{
    char scores[128] = "";
    if (id->score > 0 && id->second)
        snprintf(scores, sizeof scores, ",\"scores\":{\"%s\":%.2f,\"%s\":%.2f}",
                 strcmp(id->lang, "und") == 0 ? id->second : id->lang, id->score, id->second,
                 id->second_score);
    else if (id->score > 0)
        snprintf(scores, sizeof scores, ",\"scores\":{\"%s\":%.2f}", id->lang, id->score);
    int n = snprintf(buf, size,
                     "{\"script\":\"%s\",\"letters\":%zu,\"script_letters\":%zu,"
                     "\"function_words\":%zu%s}",
                     id->script, id->letters, id->script_letters, id->words, scores);
    return n < 0 ? 0 : (size_t)n;
}

int tg_langid_valid(const char *lang)
{
    return lang && (strcmp(lang, "und") == 0 ||
                    (strlen(lang) == 2 && lang[0] >= 'a' && lang[0] <= 'z' && lang[1] >= 'a' &&
                     lang[1] <= 'z'));
}
