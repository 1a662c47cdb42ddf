/* Unit tests of tagger_jsonl_records (tagger/record.c): a block of JSONL
 * lines gives, line for line, the records tagger_record gives each line
 * (what `tagger --jsonl` writes), error records numbered from first_line
 * with their exact codes, messages and offsets, the failed lines' indices,
 * a byte order mark skipped on line 1 only, the CLI's record for a line over
 * its line limit, a last line without a newline, and usage errors.  And of
 * tagger_process_batch (tagger/batch.c, Tagger.pipe's call): each text's
 * output is tagger_process_ex + tagger_doc_render's for it alone, a text
 * that fails has no output and its exact error, the others go on. */
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

typedef struct {
    char *p;
    size_t n;
} text_buf;

static int buf_write(void *ctx, const char *s, size_t len)
{
    text_buf *b = ctx;
    b->p = realloc(b->p, b->n + len + 1);
    memcpy(b->p + b->n, s, len);
    b->n += len;
    b->p[b->n] = '\0';
    return 0;
}

/* What tagger_process_ex + tagger_doc_render give for one text (malloc'd,
 * NUL-terminated), or NULL when either fails. */
static char *alone(const tagger *t, const char *text, size_t len,
                   const tagger_process_options *po, const tagger_render_options *ro)
{
    tagger_doc *doc = tagger_process_ex(t, text, len, po, NULL);
    text_buf b = {calloc(1, 1), 0};
    tagger_status st = doc ? tagger_doc_render(doc, ro, buf_write, &b, NULL) : TAGGER_ERR_USAGE;
    tagger_doc_free(doc);
    if (st != TAGGER_OK) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

/* Output i of a batch, in a static buffer. */
static const char *output_of(const tagger_batch_result *res, size_t i)
{
    static char buf[1 << 16];
    size_t start = i ? res->ends[i - 1] : 0, n = res->ends[i] - start;
    if (n >= sizeof buf)
        n = sizeof buf - 1;
    memcpy(buf, res->out + start, n);
    buf[n] = '\0';
    return buf;
}

static void test_batch(void)
{
    char *big = malloc(5000);
    memset(big, 'a', 5000);
    const char *texts[] = {"Lavrov met in Russia.", "", "ab\xff" "c", big, NULL,
                           "\xD8\xB1\xD9\x88\xD8\xB3\xDB\x8C\xD9\x87 Russia"};
    size_t lens[] = {21, 0, 4, 5000, 3, 18};
    tagger_process_options po;
    tagger_process_options_init(&po);
    po.date = "2024-12-05";
    tagger_render_options ro;
    tagger_render_options_init(&ro);
    ro.offsets = TAGGER_OFFSETS_UTF16;
    tagger_batch_result res;
    tagger_error err;
    CHECK_INT(tagger_process_batch(tg, texts, lens, 6, &po, &ro, &res, &err), TAGGER_OK);
    CHECK_INT(res.n, 6);
    CHECK_INT(res.nfailed, 3);
    CHECK(res.nfailed == 3 && res.failed[0].index == 2 && res.failed[1].index == 3 &&
          res.failed[2].index == 4);
    if (res.nfailed == 3) {
        CHECK_INT(res.failed[0].error.code, TAGGER_ERR_INVALID_UTF8);
        CHECK_INT(res.failed[0].error.offset, 2);
        CHECK_INT(res.failed[1].error.code, TAGGER_ERR_TOO_LARGE);
        CHECK_STR(res.failed[1].error.message,
                  "document of 5000 bytes exceeds the limit of 4096 bytes");
        CHECK_INT(res.failed[2].error.code, TAGGER_ERR_USAGE);
    }
    CHECK_INT(res.out_len, strlen(res.out));
    CHECK_INT(res.ends[5], res.out_len);
    for (size_t i = 0; i < 6; i++) {
        char *want = alone(tg, texts[i], lens[i], &po, &ro);
        CHECK_STR(output_of(&res, i), want ? want : "");
        free(want);
    }
    CHECK(strstr(output_of(&res, 0), "\"kb_id\":\"sergey-lavrov\"") != NULL);
    CHECK_STR(output_of(&res, 1), "{\"lang\":\"und\",\"topics\":[],\"entities\":[]}");
    tagger_batch_result_free(&res);
    CHECK(res.out == NULL && res.ends == NULL && res.failed == NULL && res.n == 0);

    /* a format a document cannot be written in: CoNLL of one tagged in
     * windows (no tokens); the batch goes on after it */
    tagger_config *cfg = tagger_config_new();
    tagger *t2 = tagger_new(cfg, &err);
    tagger_config_free(cfg);
    size_t wide = TAGGER_WINDOW_BYTES + 10;
    char *w = malloc(wide);
    memset(w, 'a', wide);
    const char *t2texts[] = {"one.", w, "two."};
    size_t t2lens[] = {4, wide, 4};
    ro.format = TAGGER_FORMAT_CONLL;
    CHECK_INT(tagger_process_batch(t2, t2texts, t2lens, 3, NULL, &ro, &res, &err), TAGGER_OK);
    CHECK(res.nfailed == 1 && res.failed[0].index == 1 &&
          res.failed[0].error.code == TAGGER_ERR_USAGE);
    CHECK(res.ends[0] > 0 && res.ends[1] == res.ends[0] && res.ends[2] > res.ends[1]);
    CHECK(strncmp(output_of(&res, 2), "-DOCSTART-", 10) == 0);
    tagger_batch_result_free(&res);
    free(w);
    tagger_free(t2);

    /* nothing in, nothing out; usage */
    CHECK_INT(tagger_process_batch(tg, NULL, NULL, 0, NULL, NULL, &res, &err), TAGGER_OK);
    CHECK(res.n == 0 && res.nfailed == 0 && res.out_len == 0 && res.out && res.out[0] == '\0');
    tagger_batch_result_free(&res);
    CHECK_INT(tagger_process_batch(tg, texts, lens, 1, NULL, NULL, NULL, &err), TAGGER_ERR_USAGE);
    CHECK_INT(tagger_process_batch(NULL, texts, lens, 1, NULL, NULL, &res, &err),
              TAGGER_ERR_USAGE);
    CHECK(res.out == NULL && res.n == 0);
    CHECK_INT(tagger_process_batch(tg, NULL, lens, 1, NULL, NULL, &res, &err), TAGGER_ERR_USAGE);
    tagger_render_options bad = {0};
    CHECK_INT(tagger_process_batch(tg, texts, lens, 1, NULL, &bad, &res, &err), TAGGER_ERR_USAGE);
    CHECK(strstr(err.message, "tagger_render_options_init") != NULL);
    tagger_batch_result_free(NULL);
    free(big);
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
    test_batch();
    tagger_free(tg);
    return check_done();
}
