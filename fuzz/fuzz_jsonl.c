/*
 * fuzz_jsonl — the JSONL records (tagger/record.c, what `tagger --jsonl`
 * writes) on arbitrary bytes: each input line goes through tagger_record()
 * (the tree-less JSON scanner, the text member's decoding, tagging,
 * passthrough of the other members) exactly as a CLI worker thread runs it,
 * and the whole input through tagger_jsonl_records(), the block form.
 *
 * The first input byte picks the text field ("text" or "body"), the offset
 * unit and whether a document date is given; the rest is split into lines.
 * Properties: every line yields exactly one record — one line of JSON that
 * cJSON parses into an object holding either "entities" or "error" — and
 * the code returned agrees with the record; the block's records are the
 * lines' records, byte for byte, and its failed lines those with codes.
 */
#include <cjson/cJSON.h>

#include "fuzz_common.h"
#include "tagger.h"

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

static void check_record(const char *out, size_t len, int code)
{
    FUZZ_ASSERT(code >= 0 && len >= 3);
    FUZZ_ASSERT(out[len - 1] == '\n');
    FUZZ_ASSERT(memchr(out, '\n', len - 1) == NULL);
    char *copy = malloc(len);
    FUZZ_ASSERT(copy);
    memcpy(copy, out, len - 1);
    copy[len - 1] = '\0';
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
    if (code == TAGGER_RECORD_OK) {
        FUZZ_ASSERT(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(tree, "entities")));
    } else {
        cJSON *e = cJSON_GetObjectItemCaseSensitive(tree, "error");
        cJSON *c = cJSON_GetObjectItemCaseSensitive(e, "code");
        FUZZ_ASSERT(cJSON_IsString(c) && strcmp(c->valuestring, tagger_record_code_name(code)) == 0);
    }
    cJSON_Delete(tree);
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned opt = data[0];
    tagger_record_options ro;
    tagger_record_options_init(&ro);
    ro.text_field = opt & 1 ? "body" : "text";
    ro.offsets = (tagger_offset_unit)((opt >> 1 & 3) % 3);
    ro.date = opt & 8 ? "2024-12-05" : NULL;
    tagger_recorder *rec = tagger_recorder_new(shared_tagger, &ro, NULL);
    FUZZ_ASSERT(rec);
    tagger_jsonl_result block;
    FUZZ_ASSERT(tagger_jsonl_records(shared_tagger, &ro, (const char *)data + 1, size - 1, 1,
                                     &block, NULL) == TAGGER_OK);
    const char *p = (const char *)data + 1, *end = (const char *)data + size;
    size_t at = 0, nfailed = 0;
    uint64_t line = 1;
    for (; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        tagger_record_input in = {p, n, NULL, line, TAGGER_RECORD_OK, NULL};
        const char *out;
        size_t len;
        int code = tagger_record(rec, &in, 4096, &out, &len);
        check_record(out, len, code);
        FUZZ_ASSERT(at + len <= block.out_len && memcmp(block.out + at, out, len) == 0);
        at += len;
        if (code != TAGGER_RECORD_OK) {
            FUZZ_ASSERT(nfailed < block.nfailed && block.failed[nfailed] == line - 1);
            nfailed++;
        }
        p += n + (nl != NULL);
    }
    FUZZ_ASSERT(at == block.out_len && nfailed == block.nfailed && block.lines == line - 1);
    tagger_jsonl_result_free(&block);
    tagger_recorder_free(rec);
    return 0;
}
