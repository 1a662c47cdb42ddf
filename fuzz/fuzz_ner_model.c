/*
 * fuzz_ner_model — the entity-model loader on arbitrary bytes.  The seeds
 * are small models trained on tests/ner/train.txt; a model that loads must
 * tag the golden news (model spans inside the text, JSON that parses), and
 * one that does not must say why.  Each input gets its right checksum
 * before it is loaded, so the fuzzer explores the checks behind it.
 */
#include "fuzz_loaders.h"
#include "ner.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    fuzz_scratch_path(path, sizeof path, "ner.bin");
    fuzz_write_sealed(path, data, size, tg_ner_model_seal);
    tagger_config *cfg = tagger_config_new();
    FUZZ_ASSERT(cfg && tagger_config_set_ner_model(cfg, NULL, path) == TAGGER_OK);
    fuzz_try_tagger(cfg, data, size);
    return 0;
}
