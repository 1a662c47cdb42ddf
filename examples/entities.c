/* entities.c — tag a sentence with the default pipeline (the data the
 * `tagger` command uses: gazetteer, rules, topic and entity models) and
 * print each entity: code point span, label, kb_id (or value), where it
 * came from (gazetteer, rule, model) and its text.
 * The data is found in $TAGGER_DATA_DIR, else beside the library (see
 * tagger_config_add_defaults in tagger.h).
 * Build: cc entities.c $(pkg-config --cflags --libs tagger) */
#include <stdio.h>
#include <string.h>

#include <tagger.h>

int main(int argc, char **argv)
{
    const char *text = argc > 1 ? argv[1] : "سرگئی لاوروف در مالت";
    tagger_error err = {0};
    tagger *t = tagger_new_default(&err);
    if (!t) {
        fprintf(stderr, "tagger_new_default: %s\n", err.message);
        return 1;
    }
    tagger_doc *doc = tagger_process(t, text, strlen(text), TAGGER_STAGE_ALL, &err);
    if (!doc) {
        fprintf(stderr, "tagger_process: %s\n", err.message);
        tagger_free(t);
        return 1;
    }
    for (size_t i = 0; i < tagger_doc_entity_count(doc); i++) {
        const tagger_entity *e = tagger_doc_entity(doc, i);
        const char *id = e->kb_id ? e->kb_id : e->value ? e->value : "-";
        printf("%zu %zu %s %s %s %.*s\n",
               tagger_doc_offset(doc, e->start, TAGGER_OFFSETS_CODEPOINT),
               tagger_doc_offset(doc, e->end, TAGGER_OFFSETS_CODEPOINT), e->label, id, e->source,
               (int)(e->end - e->start), text + e->start);
    }
    tagger_doc_free(doc);
    tagger_free(t);
    return 0;
}
