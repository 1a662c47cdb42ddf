/*
 * fuzz_topic_model — the topic-model loader on arbitrary bytes.  The seeds
 * are small trained models; a model that loads must classify the golden
 * news (probabilities in [0, 1], labels with IPTC codes or none), and one
 * that does not must say why.  Each input gets its right checksum before
 * it is loaded, so the fuzzer explores the checks behind it.
 */
#include "fuzz_loaders.h"
#include "topics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    fuzz_scratch_path(path, sizeof path, "model.bin");
    fuzz_write_sealed(path, data, size, tg_topic_model_seal);
    tagger_config *cfg = tagger_config_new();
    FUZZ_ASSERT(cfg && tagger_config_set_topic_model(cfg, NULL, path) == TAGGER_OK);
    FUZZ_ASSERT(tagger_config_set_topics(cfg, SIZE_MAX, 0) == TAGGER_OK);
    tagger *t = fuzz_new_tagger(cfg);
    if (!t)
        return 0;
    tagger_error err;
    tagger_doc *doc = tagger_process(t, fuzz_news, fuzz_news_len, TAGGER_STAGE_ALL, &err);
    FUZZ_ASSERT(doc);
    for (size_t i = 0; i < tagger_doc_topic_count(doc); i++) {
        const tagger_topic *tp = tagger_doc_topic(doc, i);
        FUZZ_ASSERT(tp && tp->label && tp->score >= 0 && tp->score <= 1);
    }
    tagger_doc_free(doc);
    tagger_free(t);
    return 0;
}
