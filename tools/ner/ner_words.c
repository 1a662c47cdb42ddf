/*
 * ner_words — unlabeled text for the word clusters of the entity recognizer.
 *
 * Usage: ner_words FILE.jsonl...
 * Reads the "text" field of every JSON line of the files, runs it through
 * the library's normalizer and tokenizer (tagger_process, TOKENIZE stage:
 * the same code the recognizer's features see) and prints each sentence on
 * one line as its normalized tokens separated by single spaces.  The words
 * are then exactly the strings whose hash the recognizer looks up in its
 * cluster table (data/models/build-ner.sh feeds this to fastText).
 * Lines that are not JSON objects with a string "text" are counted and
 * skipped; the count goes to stderr.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tagger.h"

static int print_doc(const tagger *t, const char *text, size_t len, FILE *out)
{
    tagger_error err = {0};
    tagger_doc *doc = tagger_process(t, text, len, TAGGER_STAGE_TOKENIZE, &err);
    if (!doc)
        return -1;
    size_t nlen, n = tagger_doc_token_count(doc);
    const char *norm = tagger_doc_normalized(doc, &nlen);
    for (size_t i = 0; i < n; i++) {
        const tagger_token *tk = tagger_doc_token(doc, i);
        if (i > 0)
            fputc(tagger_doc_token(doc, i - 1)->sentence == tk->sentence ? ' ' : '\n', out);
        /* a token never holds white space; guard anyway so one token stays
         * one word for the embedding tool */
        for (size_t b = tk->norm_start; b < tk->norm_end && b < nlen; b++)
            fputc(norm[b] == ' ' || norm[b] == '\t' || norm[b] == '\n' ? '_' : norm[b], out);
    }
    if (n)
        fputc('\n', out);
    tagger_doc_free(doc);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("Usage: ner_words FILE.jsonl...\n", stderr);
        return 2;
    }
    tagger_config *cfg = tagger_config_new();
    tagger_error err = {0};
    tagger *t = cfg ? tagger_new(cfg, &err) : NULL;
    tagger_config_free(cfg);
    if (!t) {
        fprintf(stderr, "ner_words: %s\n", err.message[0] ? err.message : "out of memory");
        return 3;
    }
    size_t docs = 0, skipped = 0;
    int rc = 0;
    char *line = NULL;
    size_t cap = 0;
    for (int f = 1; f < argc && rc == 0; f++) {
        FILE *in = fopen(argv[f], "rb");
        if (!in) {
            fprintf(stderr, "ner_words: cannot open %s\n", argv[f]);
            rc = 2;
            break;
        }
        ssize_t got;
        while ((got = getline(&line, &cap, in)) > 0) {
            cJSON *j = cJSON_ParseWithLength(line, (size_t)got);
            const cJSON *text = j ? cJSON_GetObjectItemCaseSensitive(j, "text") : NULL;
            if (cJSON_IsString(text) && text->valuestring &&
                print_doc(t, text->valuestring, strlen(text->valuestring), stdout) == 0)
                docs++;
            else
                skipped++;
            cJSON_Delete(j);
        }
        fclose(in);
    }
    free(line);
    tagger_free(t);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("ner_words: write error\n", stderr);
        rc = 2;
    }
    fprintf(stderr, "ner_words: %zu documents, %zu lines skipped\n", docs, skipped);
    return rc;
}
