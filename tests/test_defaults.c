/* test_defaults.c — the library's default data (tagger_new_default,
 * tagger_config_add_defaults[_ex]) through the shared library alone:
 * found beside libtagger.so in the build tree, given as data_dir, or in
 * $TAGGER_DATA_DIR; missing files named in the error; the same tagger and
 * the same errors when the rules load on a thread of their own
 * (tagger_config_set_load_threads); the same output from a tagger of few
 * documents (tagger_config_set_few_documents: no huge pages, no word
 * cache across documents).
 * Usage: test_defaults BUILD/data */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tagger.h>

#include "check.h"

static const char sentence[] = "سرگئی لاوروف روز ۱۵ آذر ۱۴۰۳ در مالت با سازمان امنیت و "
                               "همکاری اروپا دیدار کرد";

/* Every entity of `sentence` as "start end label kb_id|value source" lines. */
static void entities(const tagger *t, char *out, size_t size)
{
    tagger_error err = {0};
    tagger_doc *doc = tagger_process(t, sentence, strlen(sentence), TAGGER_STAGE_ALL, &err);
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; doc && i < tagger_doc_entity_count(doc) && used < size; i++) {
        const tagger_entity *e = tagger_doc_entity(doc, i);
        int n = snprintf(out + used, size - used, "%zu %zu %s %s %s\n",
                         tagger_doc_offset(doc, e->start, TAGGER_OFFSETS_CODEPOINT),
                         tagger_doc_offset(doc, e->end, TAGGER_OFFSETS_CODEPOINT), e->label,
                         e->kb_id ? e->kb_id : e->value ? e->value : "-", e->source);
        used += n > 0 ? (size_t)n : 0;
    }
    CHECK(doc != NULL);
    tagger_doc_free(doc);
}

static const char want_all[] = "0 12 PERSON sergey-lavrov model\n"
                               "13 28 DATE 2024-12-05 rule\n"
                               "32 36 GPE malta model\n"
                               "40 67 ORG osce model\n";

static void test_new_default(void)
{
    unsetenv("TAGGER_DATA_DIR");
    tagger_error err = {0};
    tagger *t = tagger_new_default(&err);
    CHECK(t != NULL);
    if (!t) {
        fprintf(stderr, "tagger_new_default: %s\n", err.message);
        return;
    }
    char got[1024];
    entities(t, got, sizeof got);
    CHECK_STR(got, want_all);
    tagger_free(t);

    /* an empty config finds nothing: the defaults are not implied */
    t = tagger_new(NULL, &err);
    entities(t, got, sizeof got);
    CHECK_STR(got, "");
    tagger_free(t);
}

static tagger_status add(const char *dir, unsigned parts, tagger *(*out), tagger_error *err)
{
    tagger_config *cfg = tagger_config_new();
    tagger_status st = tagger_config_add_defaults_ex(cfg, dir, parts, err);
    *out = st == TAGGER_OK ? tagger_new(cfg, err) : NULL;
    tagger_config_free(cfg);
    return st;
}

static void test_data_dir(const char *data)
{
    tagger_error err = {0};
    tagger *t = NULL;
    char got[1024];
    tagger_config *cfg = tagger_config_new();
    CHECK_INT(tagger_config_add_defaults(cfg, data, &err), TAGGER_OK);
    t = tagger_new(cfg, &err);
    tagger_config_free(cfg);
    entities(t, got, sizeof got);
    CHECK_STR(got, want_all);
    tagger_free(t);

    /* parts: the gazetteer alone */
    CHECK_INT(add(data, TAGGER_DEFAULT_GAZETTEER, &t, &err), TAGGER_OK);
    entities(t, got, sizeof got);
    CHECK_STR(got, "0 12 PERSON sergey-lavrov gazetteer\n"
                   "32 36 GPE malta gazetteer\n"
                   "40 67 ORG osce gazetteer\n");
    tagger_free(t);
    /* the rules alone */
    CHECK_INT(add(data, TAGGER_DEFAULT_RULES, &t, &err), TAGGER_OK);
    entities(t, got, sizeof got);
    CHECK_STR(got, "13 28 DATE 2024-12-05 rule\n");
    tagger_free(t);

    CHECK_INT(add(data, 32u, &t, &err), TAGGER_ERR_USAGE);
}

static void test_missing(void)
{
    tagger_error err = {0};
    tagger *t = NULL;
    CHECK_INT(add("/nonexistent-dir", TAGGER_DEFAULT_ALL, &t, &err), TAGGER_ERR_IO);
    CHECK_STR(err.message, "default data: cannot read '/nonexistent-dir/gazetteer.bin' (from "
                           "data_dir): No such file or directory");
    /* a missing model is named too */
    CHECK_INT(add("/nonexistent-dir", TAGGER_DEFAULT_NER_MODELS, &t, &err), TAGGER_ERR_IO);
    CHECK_STR(err.message, "default data: cannot read '/nonexistent-dir/models/ner-fa.bin' "
                           "(from data_dir): No such file or directory");
    /* IF_PRESENT: nothing there, nothing added, no error */
    CHECK_INT(add("/nonexistent-dir", TAGGER_DEFAULT_ALL | TAGGER_DEFAULT_IF_PRESENT, &t, &err),
              TAGGER_OK);
    char got[1024];
    entities(t, got, sizeof got);
    CHECK_STR(got, "");
    tagger_free(t);

    setenv("TAGGER_DATA_DIR", "/nonexistent-env", 1);
    t = tagger_new_default(&err);
    CHECK(t == NULL);
    CHECK_INT(err.code, TAGGER_ERR_IO);
    CHECK_STR(err.message, "default data: cannot read '/nonexistent-env/gazetteer.bin' (from "
                           "$TAGGER_DATA_DIR): No such file or directory");
    /* an empty TAGGER_DATA_DIR is as if unset */
    setenv("TAGGER_DATA_DIR", "", 1);
    t = tagger_new_default(&err);
    CHECK(t != NULL);
    tagger_free(t);
    unsetenv("TAGGER_DATA_DIR");
    CHECK_INT(tagger_config_add_defaults(NULL, NULL, &err), TAGGER_ERR_USAGE);
}

/* A tagger of the default data with `threads` load threads, a bad rule
 * file `rules` added when not NULL and a missing topic model when
 * `bad_model`; its entities into got, or the error into err. */
static tagger *load_with(const char *data, unsigned threads, const char *rules, int bad_model,
                         char *got, size_t size, tagger_error *err)
{
    tagger_config *cfg = tagger_config_new();
    CHECK_INT(tagger_config_add_defaults(cfg, data, err), TAGGER_OK);
    CHECK_INT(tagger_config_set_load_threads(cfg, threads), TAGGER_OK);
    if (rules)
        CHECK_INT(tagger_config_add_rules(cfg, rules), TAGGER_OK);
    if (bad_model)
        CHECK_INT(tagger_config_set_topic_model(cfg, "fa", "/nonexistent-model.bin"), TAGGER_OK);
    tagger *t = tagger_new(cfg, err);
    tagger_config_free(cfg);
    got[0] = '\0';
    if (t)
        entities(t, got, size);
    return t;
}

static void test_load_threads(const char *data)
{
    char got1[1024], got2[1024];
    tagger_error e1 = {0}, e2 = {0};
    tagger *t1 = load_with(data, 1, NULL, 0, got1, sizeof got1, &e1);
    tagger *t2 = load_with(data, 2, NULL, 0, got2, sizeof got2, &e2);
    CHECK(t1 != NULL && t2 != NULL);
    CHECK_STR(got1, want_all);
    CHECK_STR(got2, want_all);
    tagger_free(t1);
    tagger_free(t2);
    CHECK_INT(tagger_config_set_load_threads(NULL, 2), TAGGER_ERR_USAGE);

    /* a failure reads the same: the rules' first, as when loaded in order */
    for (int bad_model = 0; bad_model < 2; bad_model++) {
        for (unsigned threads = 1; threads <= 2; threads++) {
            tagger_error err = {0};
            CHECK(load_with(data, threads, "/nonexistent-rules.txt", bad_model, got1,
                            sizeof got1, &err) == NULL);
            CHECK(strstr(err.message, "/nonexistent-rules.txt") != NULL);
            if (threads == 1)
                e1 = err;
            else
                CHECK_STR(err.message, e1.message);
        }
    }
    /* the models' error when the rules load */
    for (unsigned threads = 1; threads <= 2; threads++) {
        tagger_error err = {0};
        CHECK(load_with(data, threads, NULL, 1, got1, sizeof got1, &err) == NULL);
        CHECK(strstr(err.message, "/nonexistent-model.bin") != NULL);
        if (threads == 1)
            e1 = err;
        else
            CHECK_STR(err.message, e1.message);
    }
}

/* The JSON of each of docs[] in turn, by a default tagger with few_documents
 * as given, into out (joined by newlines); its entities of `sentence` into
 * got. */
static void tag_docs(const char *data, int few, const char *const *docs, size_t ndocs, char *out,
                     size_t size, char *got, size_t gsize)
{
    tagger_error err = {0};
    tagger_config *cfg = tagger_config_new();
    CHECK_INT(tagger_config_add_defaults(cfg, data, &err), TAGGER_OK);
    CHECK_INT(tagger_config_set_few_documents(cfg, few), TAGGER_OK);
    tagger *t = tagger_new(cfg, &err);
    tagger_config_free(cfg);
    CHECK(t != NULL);
    out[0] = got[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; t && i < ndocs; i++) {
        tagger_doc *doc = tagger_process(t, docs[i], strlen(docs[i]), TAGGER_STAGE_ALL, &err);
        CHECK(doc != NULL);
        char *json = doc ? tagger_doc_to_json(doc, NULL, NULL) : NULL;
        CHECK(json != NULL);
        if (json && used < size)
            used += (size_t)snprintf(out + used, size - used, "%s\n", json);
        free(json);
        tagger_doc_free(doc);
    }
    if (t)
        entities(t, got, gsize);
    tagger_free(t);
}

static void test_few_documents(const char *data)
{
    /* a word seen again in a later document is the word cache's case */
    static const char *const docs[] = {
        sentence,
        "Sergey Lavrov met Antony Blinken in Malta on 5 December 2024 at the OSCE meeting.",
        "لاوروف و بلینکن در مالت دیدار کردند؛ سرگئی لاوروف گفت سازمان امنیت و همکاری اروپا "
        "باید ۱۵ درصد بودجه را کم کند.",
        sentence};
    static char many[16384], few[16384];
    char got_many[1024], got_few[1024];
    tag_docs(data, 0, docs, 4, many, sizeof many, got_many, sizeof got_many);
    tag_docs(data, 1, docs, 4, few, sizeof few, got_few, sizeof got_few);
    CHECK(strstr(many, "\"sergey-lavrov\"") != NULL && strstr(many, "\"malta\"") != NULL);
    CHECK(strlen(many) < sizeof many - 1);
    CHECK_STR(few, many);
    CHECK_STR(got_few, want_all);
    CHECK_INT(tagger_config_set_few_documents(NULL, 1), TAGGER_ERR_USAGE);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_defaults BUILD/data\n");
        return 2;
    }
    if (chdir("/") != 0) /* the lookup must not depend on the working directory */
        return 2;
    test_new_default();
    test_data_dir(argv[1]);
    test_missing();
    test_load_threads(argv[1]);
    test_few_documents(argv[1]);
    return check_done();
}
