/*
 * fuzz_loaders.h — the part the loader targets share: after a fuzzed data
 * file loaded, a tagger built on it must process a fixed news text (the
 * golden Persian and English articles and the Persian sample) and the input's own bytes, and
 * write valid JSON.  A file that does not load must say why.
 */
#ifndef TAGGER_FUZZ_LOADERS_H
#define TAGGER_FUZZ_LOADERS_H

#include <cjson/cJSON.h>

#include "fuzz_common.h"
#include "tagger.h"

static char *fuzz_news;
static size_t fuzz_news_len;

/* Reads the golden articles and the sample once. */
static inline void fuzz_load_news(void)
{
    static const char *const files[] = {TAGGER_SOURCE_DIR "/tests/golden/persian-news.txt",
                                        TAGGER_SOURCE_DIR "/tests/golden/english-news.txt",
                                        TAGGER_SOURCE_DIR "/data/samples/osce-malta.fa.txt"};
    for (size_t i = 0; i < 3; i++) {
        FILE *f = fopen(files[i], "rb");
        FUZZ_ASSERT(f);
        char chunk[4096];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
            char *grown = realloc(fuzz_news, fuzz_news_len + n);
            FUZZ_ASSERT(grown);
            memcpy(grown + fuzz_news_len, chunk, n);
            fuzz_news = grown;
            fuzz_news_len += n;
        }
        fclose(f);
    }
}

/* Writes a copy of data[0..size) to path after `seal` wrote a matching
 * checksum into it, so that mutations reach the checks the checksum
 * guards (a file with a wrong checksum is refused before any of them). */
static inline void fuzz_write_sealed(const char *path, const uint8_t *data, size_t size,
                                     void (*seal)(unsigned char *, size_t))
{
    unsigned char *copy = malloc(size ? size : 1);
    FUZZ_ASSERT(copy);
    if (size)
        memcpy(copy, data, size);
    seal(copy, size);
    fuzz_write_file(path, copy, size);
    free(copy);
}

static inline void fuzz_tag_text(const tagger *t, const char *text, size_t len)
{
    tagger_error err;
    tagger_doc *doc = tagger_process(t, text, len, TAGGER_STAGE_ALL, &err);
    if (!doc) {
        FUZZ_ASSERT(err.code != TAGGER_OK && err.message[0]);
        return;
    }
    for (size_t i = 0; i < tagger_doc_entity_count(doc); i++) {
        const tagger_entity *e = tagger_doc_entity(doc, i);
        FUZZ_ASSERT(e && e->label && e->start < e->end && e->end <= len);
    }
    char *json = tagger_doc_to_json(doc, NULL, NULL);
    FUZZ_ASSERT(json);
    cJSON *tree = cJSON_Parse(json);
    FUZZ_ASSERT(tree);
    cJSON_Delete(tree);
    free(json);
    tagger_doc_free(doc);
}

/* Every loader target reads the news once, before the first input. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_load_news();
    return 0;
}

/* A tagger loaded from `cfg` (freed here), or NULL after checking that the
 * loader said why it refused. */
static inline tagger *fuzz_new_tagger(tagger_config *cfg)
{
    tagger_error err;
    tagger *t = tagger_new(cfg, &err);
    tagger_config_free(cfg);
    if (!t)
        FUZZ_ASSERT(err.code != TAGGER_OK && err.message[0]);
    return t;
}

/* Loads a tagger from `cfg` (freed here); when it loads, tags the news and
 * `extra` with it.  Returns whether it loaded. */
static inline int fuzz_try_tagger(tagger_config *cfg, const uint8_t *extra, size_t extra_len)
{
    tagger *t = fuzz_new_tagger(cfg);
    if (!t)
        return 0;
    fuzz_tag_text(t, fuzz_news, fuzz_news_len);
    fuzz_tag_text(t, (const char *)extra, extra_len);
    tagger_free(t);
    return 1;
}

#endif /* TAGGER_FUZZ_LOADERS_H */
