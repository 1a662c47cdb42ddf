/* Unit tests of the tokenize module through the public API: token spans in
 * the input, kinds, ZWNJ-joined words, Persian punctuation, sentences. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tagger.h"

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

static void test_sentences(void)
{
    const want_token t[] = {{"او", W, 0}, {"آمد", W, 0}, {".", P, 0},
                            {"کی", W, 1}, {"رفت", W, 1}, {"؟", P, 1},
                            {"Then", W, 2}, {"left", W, 2}, {"!", P, 2}};
    check_tokens("او آمد. کی رفت؟ Then left!", t, COUNT(t));

    /* a newline ends a sentence (headline lines, CRLF input) */
    const want_token t2[] = {{"a", W, 0}, {"b", W, 1}};
    check_tokens("a\r\nb", t2, COUNT(t2));
}

static void test_english(void)
{
    const want_token t[] = {{"Lavrov's", W, 0}, {"3.5", N, 0}, {"%", P, 0},
                            {"$", S, 0}, {"60", N, 0}, {"billion", W, 0}};
    check_tokens("Lavrov's 3.5% $60 billion", t, COUNT(t));
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

int main(void)
{
    tagger_error err = {0};
    tg = tagger_new(NULL, &err);
    if (!tg) {
        fprintf(stderr, "tagger_new: %s\n", err.message);
        return 1;
    }
    test_persian();
    test_sentences();
    test_english();
    test_empty();
    test_nul();
    tagger_free(tg);
    return check_done();
}
