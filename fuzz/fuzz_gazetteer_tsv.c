/*
 * fuzz_gazetteer_tsv — the gazetteer TSV loader and compiler on arbitrary
 * bytes.  The input is a gazetteer source file: it is compiled, and when
 * it compiles, the compiled file is opened for inspection (every alias
 * enumerated, stats read) and loaded into a tagger that tags the golden
 * news and the source's own text (so its aliases match).  A source that
 * does not compile must say why; one that does marks all the aliases of
 * an entry TAGGER_ALIAS_LIST_LABEL or none.
 */
#include "fuzz_loaders.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char src[512], out[512];
    fuzz_scratch_path(src, sizeof src, "source.tsv");
    fuzz_scratch_path(out, sizeof out, "compiled.bin");
    fuzz_write_file(src, data, size);
    const char *sources[] = {src};
    tagger_error err;
    if (tagger_gazetteer_compile(sources, 1, out, &err) != TAGGER_OK) {
        FUZZ_ASSERT(err.message[0]);
        return 0;
    }
    tagger_gazetteer *g = tagger_gazetteer_open(out, &err);
    if (!g)
        fprintf(stderr, "fuzz_gazetteer_tsv: %s\n", err.message);
    FUZZ_ASSERT(g); /* what the compiler wrote must load */
    size_t n = tagger_gazetteer_alias_count(g);
    tagger_gazetteer_stats st;
    tagger_gazetteer_get_stats(g, &st);
    /* per entity: 0 not seen, 1 or 2 its aliases' TAGGER_ALIAS_LIST_LABEL bit (+1) */
    unsigned char *list_label = calloc(st.entities + 1, 1);
    FUZZ_ASSERT(list_label);
    for (size_t i = 0; i < n; i++) {
        tagger_alias a;
        FUZZ_ASSERT(tagger_gazetteer_alias(g, i, &a));
        FUZZ_ASSERT(a.kb_id && a.label && a.name && a.alias && a.ids && a.list);
        /* label=list marks all of its entry's aliases, the kept ids say label=list */
        unsigned char bit = (a.flags & TAGGER_ALIAS_LIST_LABEL) ? 2 : 1;
        FUZZ_ASSERT(a.entity < st.entities);
        FUZZ_ASSERT(!list_label[a.entity] || list_label[a.entity] == bit);
        list_label[a.entity] = bit;
        FUZZ_ASSERT(bit == 1 || strstr(a.ids, "label=list"));
    }
    free(list_label);
    tagger_gazetteer_free(g);

    tagger_config *cfg = tagger_config_new();
    FUZZ_ASSERT(cfg && tagger_config_add_gazetteer(cfg, out) == TAGGER_OK);
    FUZZ_ASSERT(fuzz_try_tagger(cfg, data, size));
    return 0;
}
