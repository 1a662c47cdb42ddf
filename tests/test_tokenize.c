/* Unit tests of the tokenize module through the public API: token spans in
 * the input, kinds, ZWNJ-joined words, Persian punctuation, sentences. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "normalize.h"
#include "tagger.h"
#include "tokenize.h"

static tagger *tg;

typedef struct {
    const char *text; /* the token's text in the input */
    tagger_token_kind kind;
    size_t sentence;
} want_token;

static void check_tokens(const char *s, const want_token *want, size_t n)
{
    tagger_error err = {0};
    tagger_doc *doc = tagger_process(tg, s, strlen(s), TAGGER_STAGE_TOKENIZE, &err);
    CHECK(doc != NULL);
    if (!doc)
        return;
    CHECK_INT(tagger_doc_token_count(doc), n);
    size_t from = 0;
    for (size_t i = 0; i < n && i < tagger_doc_token_count(doc); i++) {
        const tagger_token *t = tagger_doc_token(doc, i);
        const char *at = strstr(s + from, want[i].text);
        CHECK(at != NULL);
        if (!at)
            break;
        size_t start = (size_t)(at - s);
        CHECK_INT(t->start, start);
        CHECK_INT(t->end, start + strlen(want[i].text));
        CHECK_INT(t->kind, want[i].kind);
        CHECK_INT(t->sentence, want[i].sentence);
        from = start + strlen(want[i].text);
    }
    tagger_doc_free(doc);
}

#define W TAGGER_TOKEN_WORD
#define N TAGGER_TOKEN_NUMBER
#define P TAGGER_TOKEN_PUNCT
#define S TAGGER_TOKEN_SYMBOL
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void test_persian(void)
{
    const want_token t1[] = {{"می‌شود", W, 0}, {"بین‌المللی", W, 0}};
    check_tokens("می‌شود بین‌المللی", t1, COUNT(t1));

    const want_token t2[] = {{"«", P, 0}, {"ایران", W, 0}, {"»", P, 0},
                             {"،", P, 0}, {"عمان", W, 0}, {"؛", P, 0},
                             {"چرا", W, 0}, {"؟", P, 0}};
    check_tokens("«ایران»، عمان؛ چرا؟", t2, COUNT(t2));

    /* digits are normalized, the token span stays on the Persian digits */
    const want_token t3[] = {{"۱۵", N, 0}, {"آذر", W, 0}, {"۱۴۰۳", N, 0},
                             {"۱۸", N, 0}, {":", P, 0}, {"۱۱", N, 0}};
    check_tokens("۱۵ آذر ۱۴۰۳ ۱۸:۱۱", t3, COUNT(t3));

    /* diacritics inside a word stay inside its span */
    const want_token t4[] = {{"کُردها", W, 0}};
    check_tokens("کُردها", t4, COUNT(t4));
}

/* Arabic-script letters and digits written together are two tokens, no
 * space between them (issue 19: «۱۴۰۰شورای», «لشکر۱۶»); Latin letters and
 * digits stay one token (ICU's rules), and so do numbers with their
 * separators; dates, percent signs and hyphens are tokens of their own as
 * before.  The same through ICU's iterator (an emoji sends a text there). */
static void test_letters_digits(void)
{
    const want_token t1[] = {{"در", W, 0},    {"سال", W, 0},  {"۱۴۰۰", N, 0},
                             {"شورای", W, 0}, {"عالی", W, 0}, {"انقلاب", W, 0},
                             {"فرهنگی", W, 0}};
    check_tokens("در سال ۱۴۰۰شورای عالی انقلاب فرهنگی", t1, COUNT(t1));
    const want_token t2[] = {{"در", W, 0},    {"سال", W, 0},    {"۱۴۰۰", N, 0},
                             {"شورای", W, 0}, {"عالی", W, 0},   {"انقلاب", W, 0},
                             {"فرهنگی", W, 0}, {"\xf0\x9f\x98\x80", S, 0}};
    check_tokens("در سال ۱۴۰۰شورای عالی انقلاب فرهنگی \xf0\x9f\x98\x80", t2, COUNT(t2));

    const want_token t3[] = {{"لشکر", W, 0},  {"۱۶", N, 0},   {"قدس", W, 0},
                             {"کووید", W, 0}, {"19", N, 0},   {"1400", N, 0},
                             {"شورا", W, 0},  {"۱۰", N, 0},   {"ساله", W, 0},
                             {"۱۶", N, 0},    {"ام", W, 0},   {"اس", W, 0},
                             {"۴۰۰", N, 0},   {"۲۰۰۰", N, 0}, {"میلیارد", W, 0},
                             {"۱۴۰۰", N, 0},  {"شورا", W, 0}, {"a1", N, 0},
                             {"شورا", W, 0},  {"شورا", W, 0}, {"1a", W, 0}};
    const char *s3 = "لشکر۱۶ قدس کووید19 1400شورا ۱۰ساله ۱۶ام اس۴۰۰ ۲۰۰۰میلیارد "
                     "۱۴۰۰\xe2\x80\x8cشورا a1شورا شورا1a";
    check_tokens(s3, t3, COUNT(t3));

    const want_token t4[] = {{"COVID", W, 0}, {"-", P, 0},    {"19", N, 0},  {"G7", N, 0},
                             {"F", W, 0},     {"-", P, 0},    {"35", N, 0},  {"5G", W, 0},
                             {"MP3", N, 0},   {"Y70s", W, 0}, {"۱۴۰۰", N, 0}, {"/", P, 0},
                             {"۰۵", N, 0},    {"/", P, 0},    {"۰۱", N, 0},  {"۲٫۵", N, 0},
                             {"٪", P, 0},     {"۲۰", N, 0},   {"۱۲٬۵۰۰", N, 0}};
    const char *s4 = "COVID-19 G7 F-35 5G MP3 Y70s ۱۴۰۰/۰۵/۰۱ ۲٫۵ ٪۲۰ ۱۲٬۵۰۰";
    check_tokens(s4, t4, COUNT(t4));
}

static void test_sentences(void)
{
    const want_token t[] = {{"او", W, 0}, {"آمد", W, 0}, {".", P, 0},
                            {"کی", W, 1}, {"رفت", W, 1}, {"؟", P, 1},
                            {"Then", W, 2}, {"left", W, 2}, {"!", P, 2}};
    check_tokens("او آمد. کی رفت؟ Then left!", t, COUNT(t));

    /* English: the capital after ". " breaks, although the normalized text
     * is case-folded; titles and "U.S." do not */
    const want_token t3[] = {{"Evening", W, 0}, {"Shade", W, 0}, {".", P, 0},
                             {"Before", W, 1}, {"U.S", W, 1}, {".", P, 1},
                             {"aides", W, 1}, {"Mr", W, 1}, {".", P, 1}, {"Smith", W, 1},
                             {"and", W, 1}, {"Gen", W, 1}, {".", P, 1},
                             {"Jones", W, 1}, {"came", W, 1}, {".", P, 1},
                             {"SO", W, 2}, {"did", W, 2}, {"we", W, 2}, {".", P, 2},
                             {"but", W, 2}};
    check_tokens("Evening Shade. Before U.S. aides Mr. Smith and Gen. Jones came. SO did we. but",
                 t3, COUNT(t3));

    /* the capital is read from the input eight units at a time
     * (cased_copy): the break after "one." at every place in a block, after
     * ASCII and after Persian, with a capital written as one byte, as a
     * fullwidth letter (three bytes, folded to "t"), as a Greek one; a
     * lowercase letter breaks nothing */
    static const char *const pads[] = {"", "x", "\xd8\xa8", "a \xd8\xa8"};
    static const struct {
        const char *next;
        size_t sentence;
    } nexts[] = {{"Two", 1}, {"\xef\xbc\xb4wo", 1}, {"\xce\xa4wo", 1}, {"two", 0}};
    for (size_t p = 0; p < COUNT(pads); p++)
        for (size_t k = 0; k < 16; k++)
            for (size_t x = 0; x < COUNT(nexts); x++) {
                char s[128] = "";
                for (size_t j = 0; j < k; j++)
                    strcat(s, pads[p][0] ? pads[p] : " ");
                strcat(s, " one. ");
                strcat(s, nexts[x].next);
                strcat(s, " three");
                const want_token t4[] = {{"one", W, 0}, {".", P, 0},
                                         {nexts[x].next, W, nexts[x].sentence},
                                         {"three", W, nexts[x].sentence}};
                tagger_error err = {0};
                tagger_doc *doc = tagger_process(tg, s, strlen(s), TAGGER_STAGE_TOKENIZE, &err);
                CHECK(doc != NULL);
                size_t n = doc ? tagger_doc_token_count(doc) : 0;
                CHECK(n >= 4);
                for (size_t i = 0; doc && n >= 4 && i < 4; i++) {
                    const tagger_token *tok = tagger_doc_token(doc, n - 4 + i);
                    CHECK_INT(tok->end - tok->start, strlen(t4[i].text));
                    CHECK_INT(tok->sentence - tagger_doc_token(doc, n - 4)->sentence,
                              t4[i].sentence);
                }
                tagger_doc_free(doc);
            }

    /* a newline ends a sentence (headline lines, CRLF input) */
    const want_token t2[] = {{"a", W, 0}, {"b", W, 1}};
    check_tokens("a\r\nb", t2, COUNT(t2));
}

static void test_english(void)
{
    const want_token t[] = {{"Lavrov", W, 0}, {"'s", W, 0}, {"3.5", N, 0}, {"%", P, 0},
                            {"$", S, 0}, {"60", N, 0}, {"billion", W, 0}};
    check_tokens("Lavrov's 3.5% $60 billion", t, COUNT(t));

    /* the possessive splits off (either apostrophe), a contraction too */
    const want_token t2[] = {{"Davis", W, 0}, {"’s", W, 0}, {"it", W, 0}, {"'s", W, 0},
                             {"Jones", W, 0}, {"'", P, 0}, {"'", P, 0}, {"s", W, 0}};
    check_tokens("Davis’s it's Jones' 's", t2, COUNT(t2));
}

static void test_empty(void)
{
    tagger_doc *doc = tagger_process(tg, "", 0, TAGGER_STAGE_TOKENIZE, NULL);
    CHECK(doc != NULL);
    CHECK_INT(tagger_doc_token_count(doc), 0);
    CHECK_INT(tagger_doc_sentence_count(doc), 0);
    CHECK(tagger_doc_token(doc, 0) == NULL);
    tagger_doc_free(doc);

    doc = tagger_process(tg, " \n\t ", 4, TAGGER_STAGE_TOKENIZE, NULL);
    CHECK_INT(tagger_doc_token_count(doc), 0);
    tagger_doc_free(doc);
}

static void test_nul(void)
{
    const char s[] = "abc\0def";
    tagger_doc *doc = tagger_process(tg, s, 7, TAGGER_STAGE_TOKENIZE, NULL);
    CHECK_INT(tagger_doc_token_count(doc), 2);
    CHECK_INT(tagger_doc_token(doc, 1)->start, 4);
    CHECK_INT(tagger_doc_token(doc, 1)->end, 7);
    tagger_doc_free(doc);
}

/* The tokenizer's own word segmenter must give ICU's tokens exactly: both
 * ways on hand-picked cases and on random mixtures of the characters whose
 * word-break classes it handles, and of some it leaves to ICU. */
static int same_tokens(const tg_tokenizer *tk, const tg_normtext *nt)
{
    tagger_error err = {0};
    tagger_token *a = NULL, *b = NULL;
    size_t na = 0, nb = 0, sa = 0, sb = 0;
    int ok = tg_tokenize_with(tk, nt, 0, &a, &na, &sa, &err) == TAGGER_OK &&
             tg_tokenize_with(tk, nt, 1, &b, &nb, &sb, &err) == TAGGER_OK && na == nb &&
             sa == sb;
    for (size_t i = 0; ok && i < na; i++)
        ok = a[i].norm_start == b[i].norm_start && a[i].norm_end == b[i].norm_end &&
             a[i].kind == b[i].kind && a[i].sentence == b[i].sentence;
    free(a);
    free(b);
    return ok;
}

static void test_segmenter_matches_icu(void)
{
    static const char *const cases[] = {
        "U.S. 1,000.5 can't a:b g7 7g ۷۹،۹۲،۵۷و۷۴ info@farsnews.com x_y",
        "گفت:توصیف «لاوروف» ۱۵ آذر ۱۴۰۳ ساعت ۱۸:۱۱ - 2024 December 05\r\n\nدوم",
        "a\xcc\x81" "b  \xe2\x80\x8e c\xe2\x80\xa8" "d \xd7\x90\xd7\x91 \xe0\xb8\x81\xe0\xb8\xb2",
        "1.2.3 a.b.c 1;2 a'b' 'x' \xe2\x80\x99s e.g. \xd9\xab\xd9\xac ...!?",
        /* an Arabic letter, a combining mark, a digit; a Latin letter between */
        "\xd8\xa8\xcc\x81" "5\xd8\xa8 5\xcc\x81\xd8\xa8 a5\xd8\xa8 \xd8\xa8" "a5 \xdb\x8c\xd9\xab" "5",
    };
    static const char *const pieces[] = {
        "a", "b", "9", "Z", "0", ".", ",", ";", ":", "'", "@", " ", "-", "_", "\"", "!",
        "\xcc\x81", "\xd9\x8b", "\xe2\x80\x8e", "\xe2\x80\x8c", "\xe2\x80\x8d",
        "\xe2\x80\xa8", "\r", "\n", "\xc2\xa0", "\xd8\x8c", "\xd9\xab", "\xd9\xac",
        "\xd8\xa8", "\xdb\x8c", "\xdb\xb5", "\xe2\x80\x99", "\xe2\x80\xa4",
        "\xc2\xb7", "\xd7\x90", "\xe2\x81\xa0", "\t", "\xe2\x80\x83", "\xc2\xad",
    };
    /* without Latin letters: the sentence boundaries are the tokenizer's
     * own too (terminators, closing marks, spaces, separators, marks) */
    static const char *const uncased[] = {
        "\xd8\xa8", "\xdb\x8c", "\xd9\x85", "5", "\xdb\xb5", ".", "?", "!", "\xd8\x9f",
        "\xdb\x94", "\xc2\xab", "\xc2\xbb", "(", ")", "\"", "'", " ", " ", "\n", "\r",
        "\xe2\x80\xa8", "\xe2\x80\xa9", "\xd8\x8c", ",", ":", "-", "\xd8\x9b", "\xd9\x91",
        "\xe2\x80\x8e", "\xe2\x80\x8c", "\xe2\x80\x99", "\xe2\x80\x9c", "\xe2\x80\x9d",
        "\xe2\x80\xa6", "\xe2\x80\x93", "\t", "\xc2\xa0", "\xc2\x85", "[", "]", "\xd9\xab",
    };
    /* Persian with Latin, Greek and accented letters of either case,
     * abbreviations and periods: the sentence rules on case (SB7, SB8), and
     * ICU's English suppressions, whole ("Mr.") and partial ("U.S.A.",
     * "Ph.D.", "Lt.Cdr.", "S.p.A.", "a.m.") */
    static const char *const cased[] = {
        "Ph", "D", "Lt", "Cdr", "Hon", "B", "A", "p", "M", "C", "Aug", "a", "m", "vs",
        "\xd8\xa8", "\xdb\x8c", "A", "b", "Mr", "U", "S", "etc", "e", "g", "Dr", ".", ". ",
        " ", " ", "!", "?", "\xd8\x9f", "\n", "(", ")", "\"", "'", "5", "\xc3\xa9",
        "\xce\xa3", "\xcf\x89", "\xc3\x89", "\xd8\x8c", ",", "-", "\xd9\x91", "\xcc\x81",
        "\xc2\xab", "\xc2\xbb", "\xe2\x80\x8e",
    };
    tagger_error err = {0};
    tg_normalizer *nz = tg_normalizer_new(&err);
    tg_tokenizer *tk = tg_tokenizer_new(&err);
    CHECK(nz && tk);
    char buf[256];
    uint64_t seed = 12345;
    size_t ncases = sizeof cases / sizeof *cases, bad = 0;
    for (size_t i = 0; nz && tk && i < 60000 + ncases; i++) {
        const char *text = buf;
        const char *const *set = i < 20000 + ncases ? pieces : i < 40000 + ncases ? uncased : cased;
        size_t npieces = set == pieces    ? sizeof pieces / sizeof *pieces
                         : set == uncased ? sizeof uncased / sizeof *uncased
                                          : sizeof cased / sizeof *cased;
        if (i < ncases) {
            text = cases[i];
        } else {
            size_t len = 0;
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            for (unsigned k = 0, n = 1 + (unsigned)(seed >> 59); k < n; k++) {
                seed = seed * 6364136223846793005ull + 1442695040888963407ull;
                const char *p = set[(seed >> 33) % npieces];
                memcpy(buf + len, p, strlen(p));
                len += strlen(p);
            }
            buf[len] = '\0';
        }
        tg_normtext nt;
        if (tg_normalize(nz, text, strlen(text), &nt, &err) != TAGGER_OK)
            continue;
        if (!same_tokens(tk, &nt) && bad++ < 5)
            fprintf(stderr, "segmenter and ICU differ on \"%s\"\n", text);
        tg_normtext_free(&nt);
    }
    CHECK_INT(bad, 0);
    tg_tokenizer_free(tk);
    tg_normalizer_free(nz);
}

/* The conversion to UTF-16 converts Arabic letters eight at a time and
 * ASCII sixteen at a time where it can (SSE2): the same units, offsets,
 * classes and count as one at a time, on random mixtures of those letters
 * (the ends of their two ranges, and the characters just outside), other
 * two-byte characters, ASCII (runs of up to hundreds of bytes, controls,
 * DEL, NUL), longer characters, and bytes a normalized text never has
 * (lone continuation bytes, a lead without its continuation, an overlong
 * pair). */
static void test_units_vector_matches_scalar(void)
{
    static const char *const pieces[] = {
        "\xd8\xa8", "\xd8\xa7", "\xdb\x8c", "\xd9\xbe", "\xda\xa9", "\xda\xaf", /* ب ا ی پ ک گ */
        "\xd8\xa0", "\xd9\x8a", "\xd9\xb1", "\xdb\x93",                          /* range ends */
        "\xd8\x9f", "\xd9\x8b", "\xd9\xb0", "\xdb\x94", "\xd9\x80", "\xd8\x8c", /* outside */
        "\xdb\xb5", "\xd9\xac", "\xc3\xa9", "\xdf\xbf", "\xc2\xa0", "\xd9\xae",
        " ",        " ",        "a",        "5",        ".",        "\n",
        "\xe2\x80\x8c", "\xe2\x80\xa8", "\xf0\x9f\x98\x80",                   /* ZWNJ, U+2028, emoji */
        "\x80",     "\xbf",     "\xd8" "a", "\xd8\xd8\xa8", "\xc1\xbf",           /* not UTF-8 */
        "The quick brown fox ", "0123456789abcdef", "Tab\tDEL\x7f~", "\x01", /* ASCII runs */
    };
    const size_t npieces = sizeof pieces / sizeof *pieces;
    uint64_t seed = 2026;
    size_t bad = 0;
    for (int t = 0; t < 20000; t++) {
        char buf[128 * 20 + 8]; /* pieces of up to 20 bytes */
        size_t len = 0;
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        /* words of letters and single spaces mostly, the others now and then */
        const unsigned n = 1 + (unsigned)(seed >> 57), common = 2 + (unsigned)(seed >> 33) % 22;
        for (unsigned k = 0; k < n; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            size_t r = (seed >> 33) % 8 ? (seed >> 40) % 6 : (seed >> 40) % npieces;
            if (r < 6 && (seed >> 50) % common == 0)
                r = 22; /* a space */
            if (t % 2 && (seed >> 33) % 3 == 0) { /* texts of long ASCII runs, and NUL */
                r = (seed >> 40) % (npieces + 1);
                if (r == npieces) {
                    buf[len++] = '\0';
                    continue;
                }
            }
            memcpy(buf + len, pieces[r], strlen(pieces[r]));
            len += strlen(pieces[r]);
        }
        /* four ASCII bytes last: a character that the bytes not UTF-8 put
         * out of step would otherwise be read past the end */
        memcpy(buf + len, "a. .", 4);
        len += 4;
        /* exact sizes, so that the sanitizer build sees any read or write
         * out of them; text[len] is the NUL */
        char *text = malloc(len + 1);
        UChar *u[2];
        uint32_t *at[2];
        unsigned char *cls[2], *scls[2];
        unsigned seen[2];
        int32_t m[2];
        CHECK(text != NULL);
        memcpy(text, buf, len);
        text[len] = '\0';
        for (int v = 0; v < 2; v++) {
            u[v] = malloc((len + 1) * sizeof *u[v]);
            at[v] = malloc((len + 1) * sizeof *at[v]);
            cls[v] = malloc(len + 1);
            scls[v] = malloc(len + 1);
            CHECK(u[v] && at[v] && cls[v] && scls[v]);
            m[v] = tg_tokenize_units(text, len, v, u[v], at[v], cls[v], scls[v], &seen[v]);
        }
        const size_t mm = (size_t)m[0];
        int same = m[0] == m[1] && seen[0] == seen[1] &&
                   !memcmp(u[0], u[1], mm * sizeof *u[0]) &&
                   !memcmp(at[0], at[1], (mm + 1) * sizeof *at[0]);
        for (size_t k = 0; same && k < mm; k++) /* a surrogate's classes are not written */
            same = (u[0][k] & 0xF800) == 0xD800 ||
                   (cls[0][k] == cls[1][k] && scls[0][k] == scls[1][k]);
        if (!same && bad++ < 5)
            fprintf(stderr, "vector and scalar conversion differ on \"%s\"\n", text);
        for (int v = 0; v < 2; v++) {
            free(u[v]);
            free(at[v]);
            free(cls[v]);
            free(scls[v]);
        }
        free(text);
    }
    CHECK_INT(bad, 0);
}

/* A word set finds exactly its words: same length and last byte is not
 * enough, nor a prefix; words of 63 bytes and more share a filter slot. */
static void test_word_set(void)
{
    static const tg_word words[] = {
        TG_WORD("لیگ"), TG_WORD("گل"), TG_WORD("Inc"),
        TG_WORD("0123456789012345678901234567890123456789012345678901234567890123456789"),
    };
    static tg_word_set set = TG_WORD_SET(words);
    CHECK(tg_word_set_has(&set, "لیگ", strlen("لیگ")));
    CHECK(tg_word_set_has(&set, "گل", strlen("گل")));
    CHECK(tg_word_set_has(&set, "Inc", 3));
    CHECK(!tg_word_set_has(&set, "inc", 3));  /* case counts */
    CHECK(!tg_word_set_has(&set, "Anc", 3));  /* same length and last byte */
    CHECK(!tg_word_set_has(&set, "In", 2));   /* a prefix */
    CHECK(!tg_word_set_has(&set, "Incc", 4));
    CHECK(!tg_word_set_has(&set, "", 0));
    const char *w = words[3].s;
    CHECK(tg_word_set_has(&set, w, words[3].n));
    CHECK(!tg_word_set_has(&set, w + 1, words[3].n - 1)); /* 69 bytes, same last byte */
    CHECK(!tg_word_set_has(&set, w, 63));
    const char *norm = "x لیگ y";
    tagger_token t = {.norm_start = 2, .norm_end = 2 + strlen("لیگ")};
    CHECK(tg_token_in(norm, &t, &set));
    t.norm_start--; /* " لیگ" */
    CHECK(!tg_token_in(norm, &t, &set));
}

/* tg_token_at gives the count of tokens ending at or before b, whatever
 * the order of the questions (its search starts at the thread's last
 * answer): increasing, decreasing, random, over arrays of 0 to 40 tokens
 * that take turns, ends that repeat (empty tokens), bytes past the end. */
static void test_token_at(void)
{
    uint64_t seed = 39;
    tagger_token toks[2][40];
    size_t ntoks[2] = {0, 0}, bad = 0;
    for (int round = 0; round < 4000; round++) {
        int w = round & 1;
        if (round % 50 < 2) { /* a new array now and then */
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            ntoks[w] = (size_t)(seed >> 33) % 41;
            size_t end = 0;
            for (size_t i = 0; i < ntoks[w]; i++) {
                seed = seed * 6364136223846793005ull + 1442695040888963407ull;
                end += (size_t)(seed >> 35) % 4; /* 0: the same end again */
                toks[w][i].norm_end = end;
            }
        }
        for (int q = 0; q < 20; q++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            size_t b = round % 3 == 0   ? (size_t)q * 4 + (size_t)(seed >> 62) /* increasing */
                       : round % 3 == 1 ? (size_t)(20 - q) * 4                 /* decreasing */
                                        : (size_t)(seed >> 33) % 130;          /* random */
            size_t want = 0;
            while (want < ntoks[w] && toks[w][want].norm_end <= b)
                want++;
            bad += tg_token_at(toks[w], ntoks[w], b) != want;
        }
    }
    CHECK_INT(bad, 0);
}

int main(void)
{
    tagger_error err = {0};
    tg = tagger_new(NULL, &err);
    if (!tg) {
        fprintf(stderr, "tagger_new: %s\n", err.message);
        return 1;
    }
    test_persian();
    test_letters_digits();
    test_sentences();
    test_english();
    test_empty();
    test_nul();
    test_segmenter_matches_icu();
    test_units_vector_matches_scalar();
    test_word_set();
    test_token_at();
    tagger_free(tg);
    return check_done();
}
