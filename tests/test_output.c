/* Unit tests of the output module and offset conversion: JSON escaping
 * (NUL and control characters), key order, offsets in three units, errors
 * and handles. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "output.h"
#include "tagger.h"

static tagger *tg;

static void test_escape(void)
{
    size_t n;
    char *e = tg_json_escape("a\0b\x01\"\\\n\x7f", 8, &n);
    CHECK_STR(e, "\"a\\u0000b\\u0001\\\"\\\\\\n\\u007f\"");
    CHECK_INT(n, strlen(e));
    free(e);
    e = tg_json_escape("سلام", strlen("سلام"), NULL);
    CHECK_STR(e, "\"سلام\"");
    free(e);
}

static void test_offsets(void)
{
    /* a, 😀 (4 bytes, 2 UTF-16 units), ب (2 bytes), c */
    const char *s = "a😀بc";
    tagger_doc *doc = tagger_process(tg, s, strlen(s), TAGGER_STAGE_TOKENIZE, NULL);
    CHECK(doc != NULL);
    size_t at_c = strlen(s) - 1; /* byte 7 */
    CHECK_INT(tagger_doc_offset(doc, at_c, TAGGER_OFFSETS_UTF8), 7);
    CHECK_INT(tagger_doc_offset(doc, at_c, TAGGER_OFFSETS_CODEPOINT), 3);
    CHECK_INT(tagger_doc_offset(doc, at_c, TAGGER_OFFSETS_UTF16), 4);
    CHECK_INT(tagger_doc_offset(doc, 0, TAGGER_OFFSETS_UTF16), 0);
    tagger_doc_free(doc);

    /* long text: the block index must agree with a plain count */
    size_t len = 0;
    char *big = malloc(10000 * 4 + 1);
    for (int i = 0; i < 10000; i++) {
        const char *p = i % 3 == 0 ? "x" : i % 3 == 1 ? "ب" : "😀";
        memcpy(big + len, p, strlen(p));
        len += strlen(p);
    }
    doc = tagger_process(tg, big, len, TAGGER_STAGE_NORMALIZE, NULL);
    size_t cps = 0, u16 = 0, bad = 0;
    for (size_t i = 0; i <= len; i++) {
        int boundary = i == len || ((unsigned char)big[i] & 0xC0) != 0x80;
        if (boundary) {
            bad += tagger_doc_offset(doc, i, TAGGER_OFFSETS_CODEPOINT) != cps;
            bad += tagger_doc_offset(doc, i, TAGGER_OFFSETS_UTF16) != u16;
        }
        if (i < len && boundary) {
            cps++;
            u16 += ((unsigned char)big[i] >= 0xF0) ? 2 : 1;
        }
    }
    CHECK_INT(bad, 0);
    tagger_doc_free(doc);
    free(big);
}

static void test_document_json(void)
{
    tagger_doc *doc = tagger_process(tg, "", 0, TAGGER_STAGE_ALL, NULL);
    char *json = tagger_doc_to_json(doc, NULL, NULL);
    CHECK_STR(json, "{\"lang\":\"fa\",\"topics\":[],\"entities\":[]}");
    free(json);
    tagger_json_options opt = {TAGGER_OFFSETS_CODEPOINT, 0, "doc\x01" "7", "en"};
    json = tagger_doc_to_json(doc, &opt, NULL);
    CHECK_STR(json, "{\"id\":\"doc\\u00017\",\"lang\":\"en\",\"topics\":[],\"entities\":[]}");
    free(json);
    tagger_doc_free(doc);

    const char *s = "Hello world";
    doc = tagger_process(tg, s, strlen(s), TAGGER_STAGE_ALL, NULL);
    CHECK_STR(tagger_doc_lang(doc), "en");
    tagger_doc_free(doc);
}

static void test_tokens_json(void)
{
    const char s[] = "ب\0\"c\"";
    tagger_doc *doc = tagger_process(tg, s, sizeof s - 1, TAGGER_STAGE_TOKENIZE, NULL);
    char *json = tagger_doc_tokens_to_json(doc, NULL, NULL);
    CHECK_STR(json,
              "{\"tokens\":["
              "{\"start\":0,\"end\":1,\"text\":\"ب\",\"norm\":\"ب\",\"kind\":\"word\",\"sentence\":0},"
              "{\"start\":2,\"end\":3,\"text\":\"\\\"\",\"norm\":\"\\\"\",\"kind\":\"punct\",\"sentence\":0},"
              "{\"start\":3,\"end\":4,\"text\":\"c\",\"norm\":\"c\",\"kind\":\"word\",\"sentence\":0},"
              "{\"start\":4,\"end\":5,\"text\":\"\\\"\",\"norm\":\"\\\"\",\"kind\":\"punct\",\"sentence\":0}]}");
    free(json);
    tagger_doc_free(doc);
}

static void test_errors(void)
{
    tagger_error err = {0};
    tagger_doc *doc = tagger_process(tg, "ab\xFF", 3, TAGGER_STAGE_ALL, &err);
    CHECK(doc == NULL);
    CHECK_INT(err.code, TAGGER_ERR_INVALID_UTF8);
    CHECK_INT(err.offset, 2);
    CHECK_STR(err.message, "invalid UTF-8 at byte 2");
    CHECK_STR(tagger_status_name(err.code), "invalid_utf8");
    CHECK(tagger_process(tg, "ab\xFF", 3, TAGGER_STAGE_ALL, NULL) == NULL);

    tagger_config *cfg = tagger_config_new();
    CHECK_INT(tagger_config_set_max_doc_bytes(cfg, 4), TAGGER_OK);
    CHECK_INT(tagger_config_set_max_doc_bytes(cfg, 0), TAGGER_ERR_USAGE);
    tagger *small = tagger_new(cfg, &err);
    tagger_config_free(cfg);
    CHECK(tagger_process(small, "abcde", 5, TAGGER_STAGE_ALL, &err) == NULL);
    CHECK_INT(err.code, TAGGER_ERR_TOO_LARGE);
    tagger_free(small);

    /* every free accepts NULL */
    tagger_free(NULL);
    tagger_doc_free(NULL);
    tagger_config_free(NULL);
    CHECK_STR(tagger_version(), TAGGER_VERSION_STRING);
}

int main(void)
{
    tagger_error err = {0};
    tg = tagger_new(NULL, &err);
    if (!tg) {
        fprintf(stderr, "tagger_new: %s\n", err.message);
        return 1;
    }
    test_escape();
    test_offsets();
    test_document_json();
    test_tokens_json();
    test_errors();
    tagger_free(tg);
    return check_done();
}
