/* test_defaults.c — the library's default data (tagger_new_default,
 * tagger_config_add_defaults[_ex]) through the shared library alone:
 * found beside libtagger.so in the build tree, given as data_dir, or in
 * $TAGGER_DATA_DIR; missing files named in the error.
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
    return check_done();
}
