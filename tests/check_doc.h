/*
 * check_doc.h — what the unit tests that run a stage on real documents with
 * a shipped model share (test_ner_sums, test_topic_hashes): the command line
 * "MODEL TEXT [MODEL TEXT ...]" run with one normalizer and tokenizer, and a
 * document read, normalized and tokenized.
 */
#ifndef TAGGER_TEST_CHECK_DOC_H
#define TAGGER_TEST_CHECK_DOC_H

#include "check.h"
#include "normalize.h"
#include "tokenize.h"

/* A document as the stages after the tokenizer see it (all owned). */
typedef struct {
    char *text;
    size_t len;
    tg_normtext nt;
    tagger_token *tokens;
    size_t ntokens, nsent;
} check_doc;

static inline void check_doc_free(check_doc *d)
{
    tg_normtext_free(&d->nt);
    free(d->tokens);
    free(d->text);
    memset(d, 0, sizeof *d);
}

/* Reads the file at path, normalizes and tokenizes it into *d, and checks that it has
 * more than 200 tokens; 0 (*d empty, a message on stderr) when it cannot. */
static inline int check_doc_load(const tg_normalizer *nz, const tg_tokenizer *tk,
                                 const char *path, check_doc *d)
{
    tagger_error err = {0};
    memset(d, 0, sizeof *d);
    d->text = check_slurp(path, &d->len);
    CHECK(d->text != NULL);
    if (!d->text) {
        fprintf(stderr, "%s: cannot read\n", path);
        return 0;
    }
    CHECK_INT(tg_normalize(nz, d->text, d->len, &d->nt, &err), TAGGER_OK);
    CHECK_INT(tg_tokenize(tk, &d->nt, &d->tokens, &d->ntokens, &d->nsent, &err),
              TAGGER_OK);
    CHECK(d->ntokens > 200);
    return 1;
}

/* The main of such a test: check(nz, tk, MODEL, TEXT) for each pair of argv, then
 * after(nz, tk) if not NULL; the exit status (2: usage). */
static inline int
check_doc_main(int argc, char **argv, const char *usage,
               void (*check)(const tg_normalizer *, const tg_tokenizer *, const char *,
                             const char *),
               void (*after)(const tg_normalizer *, const tg_tokenizer *))
{
    if (argc < 3 || argc % 2 != 1) {
        fprintf(stderr, "usage: %s MODEL TEXT [MODEL TEXT ...]\n", usage);
        return 2;
    }
    tagger_error err = {0};
    tg_normalizer *nz = tg_normalizer_new(&err);
    tg_tokenizer *tk = tg_tokenizer_new(&err);
    CHECK(nz && tk);
    if (nz && tk) {
        for (int i = 1; i + 1 < argc; i += 2)
            check(nz, tk, argv[i], argv[i + 1]);
        if (after)
            after(nz, tk);
    } else {
        fprintf(stderr, "%s: %s\n", usage, err.message);
    }
    tg_normalizer_free(nz);
    tg_tokenizer_free(tk);
    return check_done();
}

#endif
