/*
 * fuzz_jsonl — the bulk path's JSONL reader and record writer on arbitrary
 * bytes: each input line goes through bulk_record() (the tree-less JSON
 * scanner, the text member's decoding, tagging, passthrough of the other
 * members) exactly as a worker thread runs it.
 *
 * The first input byte picks the text field ("text" or "body"), the offset
 * unit and whether a document date is given; the rest is split into lines.
 * Properties: every line yields exactly one record — one line of JSON that
 * cJSON parses into an object holding either "entities" or "error" — and
 * the code returned agrees with the record.
 */
#include <cjson/cJSON.h>

#include "bulk.h"
#include "fuzz_common.h"

static tagger *shared_tagger;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    tagger_config *cfg = tagger_config_new();
    FUZZ_ASSERT(cfg);
    FUZZ_ASSERT(tagger_config_add_gazetteer(cfg, TAGGER_SOURCE_DIR "/tests/golden/gazetteer.tsv") ==
                TAGGER_OK);
    FUZZ_ASSERT(tagger_config_add_rules(cfg, TAGGER_SOURCE_DIR "/rules/fa/00-lists.rules") ==
                TAGGER_OK);
    FUZZ_ASSERT(tagger_config_add_rules(cfg, TAGGER_SOURCE_DIR "/rules/fa/dates.rules") ==
                TAGGER_OK);
    tagger_config_set_max_doc_bytes(cfg, 4096);
    tagger_error err;
    shared_tagger = tagger_new(cfg, &err);
    if (!shared_tagger)
        fprintf(stderr, "fuzz_jsonl: %s\n", err.message);
    FUZZ_ASSERT(shared_tagger);
    tagger_config_free(cfg);
    return 0;
}

static void check_record(const cli_buf *out, int code)
{
    FUZZ_ASSERT(code >= 0 && out->len >= 3);
    FUZZ_ASSERT(out->data[out->len - 1] == '\n');
    FUZZ_ASSERT(memchr(out->data, '\n', out->len - 1) == NULL);
    char *copy = malloc(out->len);
    FUZZ_ASSERT(copy);
    memcpy(copy, out->data, out->len - 1);
    copy[out->len - 1] = '\0';
    /* Passthrough members keep the input's bytes, and RFC 8259's grammar
     * allows a \u escape of a lone surrogate, which cJSON rejects: such
     * escapes are made plain letters before cJSON checks the rest. */
    for (char *q = copy; (q = strstr(q, "\\u")) != NULL; q += 2)
        if ((q[2] == 'd' || q[2] == 'D') && strchr("89abcdefABCDEF", q[3]) && q[3])
            memcpy(q + 2, "0041", 4);
    cJSON *tree = cJSON_Parse(copy);
    if (!tree || !cJSON_IsObject(tree))
        fprintf(stderr, "record: %s\n", copy);
    FUZZ_ASSERT(tree && cJSON_IsObject(tree));
    if (code == BULK_OK) {
        FUZZ_ASSERT(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(tree, "entities")));
    } else {
        cJSON *e = cJSON_GetObjectItemCaseSensitive(tree, "error");
        cJSON *c = cJSON_GetObjectItemCaseSensitive(e, "code");
        FUZZ_ASSERT(cJSON_IsString(c) && strcmp(c->valuestring, bulk_code_name(code)) == 0);
    }
    cJSON_Delete(tree);
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned opt = data[0];
    bulk_settings s = {
        .t = shared_tagger,
        .jsonl = 1,
        .text_field = opt & 1 ? "body" : "text",
        .offsets = (tagger_offset_unit)((opt >> 1 & 3) % 3),
        .date = opt & 8 ? "2024-12-05" : NULL,
    };
    bulk_scratch w = {0};
    bulk_item it = {0};
    cli_buf out = {0};
    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    for (uint64_t line = 1; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        it.data.len = 0;
        FUZZ_ASSERT(cli_buf_append(&it.data, p, n) == 0);
        it.line = line;
        it.in_bytes = n + (nl != NULL);
        check_record(&out, bulk_record(&s, &w, &it, &out));
        p += it.in_bytes;
    }
    cli_buf_free(&out);
    bulk_item_free(&it);
    bulk_scratch_free(&w);
    return 0;
}
