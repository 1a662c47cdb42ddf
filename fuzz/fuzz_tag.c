/*
 * fuzz_tag — the whole pipeline on arbitrary bytes.
 *
 * Three taggers are loaded once: the default Persian rules, the golden test
 * gazetteer and the Persian topic model; the same with all matches; and one
 * with a 64-byte document limit.  The first input byte picks the tagger, the
 * stage, the document date and the offset unit; the rest is the document.
 * Properties checked beyond "no crash, no leak": every entity span lies in
 * the input on character boundaries, and each JSON writer returns JSON that
 * cJSON parses.
 */
#include <cjson/cJSON.h>
#include <dirent.h>

#include "fuzz_common.h"
#include "tagger.h"

static tagger *taggers[3];

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the .rules files of rules/fa in name order. */
static void add_default_rules(tagger_config *cfg)
{
    const char *dir = TAGGER_SOURCE_DIR "/rules/fa";
    DIR *d = opendir(dir);
    FUZZ_ASSERT(d);
    char *names[64];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 64) {
        size_t len = strlen(e->d_name);
        if (len > 6 && strcmp(e->d_name + len - 6, ".rules") == 0)
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FUZZ_ASSERT(tagger_config_add_rules(cfg, path) == TAGGER_OK);
        free(names[i]);
    }
}

static tagger *load(int all_matches, size_t max_doc_bytes)
{
    tagger_config *cfg = tagger_config_new();
    FUZZ_ASSERT(cfg);
    FUZZ_ASSERT(tagger_config_add_gazetteer(cfg, TAGGER_SOURCE_DIR "/tests/golden/gazetteer.tsv") ==
                TAGGER_OK);
    add_default_rules(cfg);
    FUZZ_ASSERT(tagger_config_set_topic_model(cfg, NULL, TAGGER_SOURCE_DIR
                                              "/data/models/topics-fa.bin") == TAGGER_OK);
    tagger_config_set_all_matches(cfg, all_matches);
    tagger_config_set_max_doc_bytes(cfg, max_doc_bytes);
    tagger_error err;
    tagger *t = tagger_new(cfg, &err);
    if (!t)
        fprintf(stderr, "fuzz_tag: %s\n", err.message);
    FUZZ_ASSERT(t);
    tagger_config_free(cfg);
    return t;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    taggers[0] = load(0, (size_t)1 << 30);
    taggers[1] = load(1, (size_t)1 << 30);
    taggers[2] = load(0, 64);
    return 0;
}

static void check_json(char *json)
{
    FUZZ_ASSERT(json);
    cJSON *tree = cJSON_Parse(json);
    FUZZ_ASSERT(tree && cJSON_IsObject(tree));
    cJSON_Delete(tree);
    free(json);
}

static int on_boundary(const uint8_t *s, size_t len, size_t at)
{
    return at == len || (at < len && (s[at] & 0xC0) != 0x80);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned opt = data[0];
    const uint8_t *text = data + 1;
    size_t len = size - 1;
    const tagger *t = taggers[(opt & 3) == 3 ? 0 : opt & 3];
    tagger_process_options po;
    tagger_process_options_init(&po);
    po.stage = (opt >> 2 & 3) == 0 ? TAGGER_STAGE_ALL : (tagger_stage)(opt >> 2 & 3);
    po.date = opt & 0x10 ? "2024-12-05" : NULL;
    tagger_json_options jo;
    tagger_json_options_init(&jo);
    jo.offsets = (tagger_offset_unit)((opt >> 5 & 3) % 3);
    jo.pretty = opt >> 7;
    tagger_error err;
    tagger_doc *doc = tagger_process_ex(t, (const char *)text, len, &po, &err);
    if (!doc) {
        FUZZ_ASSERT(err.code != TAGGER_OK && err.message[0]);
        return 0;
    }
    for (size_t i = 0; i < tagger_doc_entity_count(doc); i++) {
        const tagger_entity *e = tagger_doc_entity(doc, i);
        FUZZ_ASSERT(e && e->label && e->source);
        FUZZ_ASSERT(e->start < e->end && e->end <= len);
        FUZZ_ASSERT(on_boundary(text, len, e->start) && on_boundary(text, len, e->end));
    }
    check_json(tagger_doc_to_json(doc, &jo, NULL));
    check_json(tagger_doc_tokens_to_json(doc, &jo, NULL));
    check_json(tagger_doc_normalized_to_json(doc, &jo, NULL));
    tagger_doc_free(doc);
    return 0;
}
