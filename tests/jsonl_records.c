/* Unit tests of tagger_jsonl_records (tagger/record.c): a block of JSONL
 * lines gives, line for line, the records tagger_record gives each line
 * (what `tagger --jsonl` writes), error records numbered from first_line
 * with their exact codes, messages and offsets, the failed lines' indices,
 * a byte order mark skipped on line 1 only, the CLI's record for a line over
 * its line limit, a last line without a newline, and usage errors. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tagger.h"

static tagger *tg;

/* The records of `block` made one line at a time with tagger_record. */
static char *per_line(const tagger_record_options *ro, const char *block, size_t len,
                      uint64_t first_line)
{
    tagger_recorder *rec = tagger_recorder_new(tg, ro, NULL);
    size_t cap = 1 << 16, n = 0;
    char *all = malloc(cap);
    for (size_t pos = 0; pos < len; first_line++) {
        const char *nl = memchr(block + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - block) : len;
        tagger_record_input in = {block + pos, end - pos, NULL, first_line, TAGGER_RECORD_OK,
                                  NULL};
        const char *out;
        size_t olen;
        CHECK(tagger_record(rec, &in, 0, &out, &olen) >= 0);
        while (n + olen + 1 > cap)
            all = realloc(all, cap *= 2);
        memcpy(all + n, out, olen);
        n += olen;
        pos = end + (nl != NULL);
    }
    all[n] = '\0';
    tagger_recorder_free(rec);
    return all;
}

/* Line `i` (0-based) of s, in a static buffer. */
static const char *line_of(const char *s, int i)
{
    static char buf[4096];
    while (i-- > 0 && s)
        s = strchr(s, '\n') ? strchr(s, '\n') + 1 : NULL;
    size_t n = s ? strcspn(s, "\n") : 0;
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, s ? s : "", n);
    buf[n] = '\0';
    return buf;
}

static void test_block(void)
{
    const char *block = "{\"id\":1,\"text\":\"Lavrov met in Russia.\",\"src\":\"x\"}\n"
                        "\n"
                        "{\"id\":\"a\",\"text\":5}\n"
                        "{\"id\":\"b\"}\n"
                        "not json\n"
                        "{\"id\":\"c\",\"text\":\"\\ud800\"}\n"
                        "{\"text\":\"Russia\",\"entities\":0}";
    tagger_record_options ro;
    tagger_record_options_init(&ro);
    tagger_jsonl_result res;
    tagger_error err;
    CHECK_INT(tagger_jsonl_records(tg, &ro, block, strlen(block), 10, &res, &err), TAGGER_OK);
    CHECK_INT(res.lines, 7);
    CHECK_INT(res.nfailed, 5);
    uint64_t want[] = {1, 2, 3, 4, 5};
    CHECK(res.nfailed == 5 && memcmp(res.failed, want, sizeof want) == 0);
    CHECK_INT(res.out_len, strlen(res.out));
    CHECK(res.out_len && res.out[res.out_len - 1] == '\n');
    CHECK(strncmp(line_of(res.out, 0), "{\"id\":1,\"src\":\"x\",\"lang\":\"en\",", 30) == 0);
    CHECK(strstr(line_of(res.out, 0), "\"kb_id\":\"sergey-lavrov\"") != NULL);
    CHECK_STR(line_of(res.out, 1), "{\"line\":11,\"error\":{\"code\":\"empty_line\",\"message\":"
                                   "\"empty line (every line must be a JSON object)\"}}");
    CHECK_STR(line_of(res.out, 2), "{\"id\":\"a\",\"line\":12,\"error\":{\"code\":"
                                   "\"text_not_string\",\"message\":\"\\\"text\\\" is not a "
                                   "string\",\"offset\":17}}");
    CHECK_STR(line_of(res.out, 3), "{\"id\":\"b\",\"line\":13,\"error\":{\"code\":"
                                   "\"missing_text\",\"message\":\"no \\\"text\\\" member\"}}");
    CHECK_STR(line_of(res.out, 4), "{\"line\":14,\"error\":{\"code\":\"invalid_json\",\"message\":"
                                   "\"not a JSON object (a line must start with '{')\","
                                   "\"offset\":0}}");
    CHECK_STR(line_of(res.out, 5), "{\"id\":\"c\",\"line\":15,\"error\":{\"code\":\"invalid_utf8\","
                                   "\"message\":\"\\\\u escape of a lone surrogate in \\\"text\\\" "
                                   "(not representable in UTF-8)\",\"offset\":18}}");
    /* the input's "entities" is replaced by the tagger's */
    CHECK(strncmp(line_of(res.out, 6), "{\"lang\":\"en\",", 13) == 0);
    CHECK(strstr(line_of(res.out, 6), "\"entities\":0") == NULL);
    char *one = per_line(&ro, block, strlen(block), 10);
    CHECK_STR(res.out, one);
    free(one);
    tagger_jsonl_result_free(&res);
    CHECK(res.out == NULL && res.failed == NULL);

    /* another text field and a format but JSON */
    ro.text_field = "body";
    ro.format = TAGGER_FORMAT_BRAT;
    const char *b2 = "{\"id\":\"b\",\"text\":\"Russia\"}\n{\"id\":\"d\",\"body\":\"Russia\"}\n";
    CHECK_INT(tagger_jsonl_records(tg, &ro, b2, strlen(b2), 1, &res, &err), TAGGER_OK);
    CHECK_INT(res.lines, 2);
    CHECK(res.nfailed == 1 && res.failed[0] == 0);
    CHECK(strncmp(res.out, "#doc b\n#error missing_text: no \"body\" member\n#doc d\n", 52) == 0);
    one = per_line(&ro, b2, strlen(b2), 1);
    CHECK_STR(res.out, one);
    free(one);
    tagger_jsonl_result_free(&res);
}

static void test_edges(void)
{
    tagger_record_options ro;
    tagger_record_options_init(&ro);
    tagger_jsonl_result res;
    tagger_error err;
    /* a byte order mark: skipped on line 1 only */
    const char *bom = "\xEF\xBB\xBF{\"text\":\"Russia\"}\n";
    CHECK_INT(tagger_jsonl_records(tg, &ro, bom, strlen(bom), 1, &res, &err), TAGGER_OK);
    CHECK(res.lines == 1 && res.nfailed == 0);
    tagger_jsonl_result_free(&res);
    CHECK_INT(tagger_jsonl_records(tg, &ro, bom, strlen(bom), 2, &res, &err), TAGGER_OK);
    CHECK(res.lines == 1 && res.nfailed == 1);
    CHECK(strstr(res.out, "\"line\":2,\"error\":{\"code\":\"invalid_json\"") != NULL);
    tagger_jsonl_result_free(&res);

    /* nothing in, nothing out */
    CHECK_INT(tagger_jsonl_records(tg, &ro, "", 0, 1, &res, &err), TAGGER_OK);
    CHECK(res.lines == 0 && res.out_len == 0 && res.out && res.out[0] == '\0');
    tagger_jsonl_result_free(&res);

    /* a text over max_doc_bytes (4096), and a line over the CLI's line
     * limit (6 x 4096 + 1 MiB): its id comes from the line's start */
    size_t big = 6 * 4096 + (1u << 20) + 10;
    char *lines = malloc(big + 6000);
    size_t n = 0;
    n += (size_t)sprintf(lines + n, "{\"id\":\"long\",\"text\":\"");
    memset(lines + n, 'a', 5000);
    n += 5000;
    n += (size_t)sprintf(lines + n, "\"}\n{\"id\":\"huge\",\"text\":\"");
    size_t huge_start = n - 21; /* after the newline */
    memset(lines + n, 'a', big);
    n += big;
    n += (size_t)sprintf(lines + n, "\"}\n");
    CHECK_INT(tagger_jsonl_records(tg, &ro, lines, n, 1, &res, &err), TAGGER_OK);
    CHECK(res.lines == 2 && res.nfailed == 2);
    CHECK(strncmp(line_of(res.out, 0),
                  "{\"id\":\"long\",\"line\":1,\"error\":{\"code\":\"too_large\"", 49) == 0);
    char want[300];
    snprintf(want, sizeof want,
             "{\"id\":\"huge\",\"line\":2,\"error\":{\"code\":\"too_large\",\"message\":\"line of %zu "
             "bytes exceeds the limit of %zu bytes (6 x --max-doc-bytes + 1 MiB)\"}}",
             n - huge_start, (size_t)6 * 4096 + (1u << 20));
    CHECK_STR(line_of(res.out, 1), want);
    tagger_jsonl_result_free(&res);
    free(lines);

    /* usage */
    CHECK_INT(tagger_jsonl_records(tg, &ro, "x", 1, 1, NULL, &err), TAGGER_ERR_USAGE);
    CHECK_INT(tagger_jsonl_records(NULL, &ro, "x", 1, 1, &res, &err), TAGGER_ERR_USAGE);
    CHECK(res.out == NULL && res.lines == 0);
    tagger_record_options bad = {0};
    CHECK_INT(tagger_jsonl_records(tg, &bad, "x", 1, 1, &res, &err), TAGGER_ERR_USAGE);
    CHECK_STR(tagger_record_code_name(TAGGER_RECORD_TEXT_NOT_STRING), "text_not_string");
    CHECK_STR(tagger_record_code_name(TAGGER_RECORD_NCODES), "unknown");
}

int main(void)
{
    tagger_config *cfg = tagger_config_new();
    CHECK_INT(tagger_config_add_gazetteer(cfg, TAGGER_SOURCE_DIR "/tests/golden/gazetteer.tsv"),
              TAGGER_OK);
    CHECK_INT(tagger_config_set_max_doc_bytes(cfg, 4096), TAGGER_OK);
    tagger_error err;
    tg = tagger_new(cfg, &err);
    tagger_config_free(cfg);
    if (!tg) {
        fprintf(stderr, "tagger_new: %s\n", err.message);
        return 1;
    }
    CHECK_INT(tagger_max_doc_bytes(tg), 4096);
    test_block();
    test_edges();
    tagger_free(tg);
    return check_done();
}
