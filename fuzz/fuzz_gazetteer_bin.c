/*
 * fuzz_gazetteer_bin — the compiled gazetteer loader on arbitrary bytes.
 * The seeds are compiled gazetteers, so mutations mostly keep the header
 * (which has its own checksum) and damage the body, which the tagger's
 * loader does not checksum: every offset it follows must be bounds-checked.
 * The input is loaded both ways — as a tagger layer, which then tags the
 * golden news and the input, and for inspection (full checksum, every
 * alias enumerated).
 */
#include "fuzz_loaders.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    fuzz_scratch_path(path, sizeof path, "gazetteer.bin");
    fuzz_write_file(path, data, size);
    tagger_config *cfg = tagger_config_new();
    FUZZ_ASSERT(cfg && tagger_config_add_gazetteer(cfg, path) == TAGGER_OK);
    fuzz_try_tagger(cfg, data, size);

    tagger_error err;
    tagger_gazetteer *g = tagger_gazetteer_open(path, &err);
    if (!g) {
        FUZZ_ASSERT(err.message[0]);
        return 0;
    }
    size_t n = tagger_gazetteer_alias_count(g);
    for (size_t i = 0; i < n; i++) {
        tagger_alias a;
        FUZZ_ASSERT(tagger_gazetteer_alias(g, i, &a));
        FUZZ_ASSERT(a.kb_id && a.label && a.name && a.alias);
    }
    tagger_gazetteer_free(g);
    return 0;
}
