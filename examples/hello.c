/* hello.c — the smallest program using libtagger: tokenize the text given
 * on the command line and print each token with its code point span.
 * Build: cc hello.c $(pkg-config --cflags --libs tagger) */
#include <stdio.h>
#include <string.h>

#include <tagger.h>

int main(int argc, char **argv)
{
    const char *text = argc > 1 ? argv[1] : "سرگئی لاوروف در مالت";
    tagger_error err = {0};
    tagger *t = tagger_new(NULL, &err);
    if (!t) {
        fprintf(stderr, "tagger_new: %s\n", err.message);
        return 1;
    }
    tagger_process_options opt; /* options structs: init first, then set */
    tagger_process_options_init(&opt);
    opt.stage = TAGGER_STAGE_TOKENIZE;
    tagger_doc *doc = tagger_process_ex(t, text, strlen(text), &opt, &err);
    if (!doc) {
        fprintf(stderr, "tagger_process: %s\n", err.message);
        tagger_free(t);
        return 1;
    }
    for (size_t i = 0; i < tagger_doc_token_count(doc); i++) {
        const tagger_token *tok = tagger_doc_token(doc, i);
        printf("%zu %zu %.*s\n", tagger_doc_offset(doc, tok->start, TAGGER_OFFSETS_CODEPOINT),
               tagger_doc_offset(doc, tok->end, TAGGER_OFFSETS_CODEPOINT),
               (int)(tok->end - tok->start), text + tok->start);
    }
    tagger_doc_free(doc);
    tagger_free(t);
    return 0;
}
