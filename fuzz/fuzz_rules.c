/*
 * fuzz_rules — the rule-file loader on arbitrary bytes.  The input is a
 * rule file loaded after the default shared lists (rules/fa/00-lists.rules),
 * so it may use them.  When it loads, its examples are run and the tagger
 * tags the golden news and the input; when it does not, it must say why.
 * Patterns run under the loader's match and depth limits, so a hostile
 * pattern costs bounded time.
 */
#include "fuzz_loaders.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[512];
    fuzz_scratch_path(path, sizeof path, "input.rules");
    fuzz_write_file(path, data, size);
    tagger_config *cfg = tagger_config_new();
    FUZZ_ASSERT(cfg);
    FUZZ_ASSERT(tagger_config_add_rules(cfg, TAGGER_SOURCE_DIR "/rules/fa/00-lists.rules") ==
                TAGGER_OK);
    FUZZ_ASSERT(tagger_config_add_rules(cfg, path) == TAGGER_OK);
    tagger *t = fuzz_new_tagger(cfg);
    if (!t)
        return 0;
    size_t total = 0;
    size_t failed = tagger_rules_test(t, NULL, NULL, &total);
    FUZZ_ASSERT(failed <= total);
    fuzz_tag_text(t, fuzz_news, fuzz_news_len);
    fuzz_tag_text(t, (const char *)data, size);
    tagger_free(t);
    return 0;
}
