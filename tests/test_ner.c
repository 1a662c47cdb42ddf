/*
 * test_ner — the entity trainer's options and the model's normalization
 * fingerprint through the library: options of size 0 (never initialized)
 * or larger than the library's are TAGGER_ERR_USAGE, an older caller's
 * shorter struct gets the defaults for the fields it lacks; a trained
 * model loads, and the same model with another fingerprint, or none, is
 * refused with TAGGER_ERR_LOAD and a message naming the file; the trainer
 * still reuses the cluster table of a model from before fingerprints
 * (--clusters MODEL), giving the same bytes as with the table's source;
 * tg_truecase tells "nothing to change" (TAGGER_OK, no copy) from a copy
 * (TAGGER_OK, the headline's usual lower-case words lowered).
 *
 * usage: test_ner TMPDIR
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ner.h" /* tg_ner_model_seal: an older model's checksum, as it was */
#include "ner_internal.h" /* tg_ner_viterbi */
#include "tagger.h"
#include "truecase.h"

#define FINGERPRINT_OFFSET 76 /* of the model header's fingerprint word */

static const char *const sentences[] = {
    "Alice Smith visited London .",
    "Bob Jones works for Acme Corp in Rome .",
    "Carol White met Alice Smith in Paris .",
};

/* The spans of the names in sentence i: PERSON at its start, a place at
 * its end, ORG "Acme Corp". */
static size_t gold(size_t i, tagger_span *s)
{
    const char *text = sentences[i];
    size_t n = 0;
    const char *sp = strchr(text, ' ');
    sp = strchr(sp + 1, ' ');
    s[n++] = (tagger_span){0, (size_t)(sp - text), "PERSON"};
    const char *acme = strstr(text, "Acme Corp");
    if (acme)
        s[n++] = (tagger_span){(size_t)(acme - text), (size_t)(acme - text) + 9, "ORG"};
    size_t len = strlen(text);
    size_t end = len - 2, start = end;
    while (start > 0 && text[start - 1] != ' ')
        start--;
    s[n++] = (tagger_span){start, end, "GPE"};
    return n;
}

static tagger_status train(const tagger *t, const tagger_ner_train_options *opt,
                           const char *path, tagger_error *err)
{
    tagger_ner_trainer *tr = tagger_ner_trainer_new(t, opt, err);
    if (!tr)
        return err->code;
    tagger_status rc = TAGGER_OK;
    for (size_t i = 0; i < sizeof sentences / sizeof *sentences && rc == TAGGER_OK; i++) {
        tagger_span s[4];
        size_t n = gold(i, s);
        rc = tagger_ner_trainer_add(tr, sentences[i], strlen(sentences[i]), s, n, 0, err);
    }
    if (rc == TAGGER_OK && path)
        rc = tagger_ner_trainer_write(tr, path, NULL, NULL, NULL, err);
    tagger_ner_trainer_free(tr);
    return rc;
}

static void test_options(const tagger *t)
{
    tagger_error err = {0};
    tagger_ner_train_options opt;
    tagger_ner_train_options_init(&opt);
    CHECK_INT(opt.size, sizeof opt);
    CHECK_INT(opt.bucket_bits, 20);

    opt.size = 0; /* never initialized */
    CHECK(tagger_ner_trainer_new(t, &opt, &err) == NULL);
    CHECK_INT(err.code, TAGGER_ERR_USAGE);
    CHECK(strstr(err.message, "options of size 0") != NULL);

    opt.size = sizeof opt + 8; /* a newer header than this library */
    CHECK(tagger_ner_trainer_new(t, &opt, &err) == NULL);
    CHECK_INT(err.code, TAGGER_ERR_USAGE);

    /* an older caller's struct ending after `epochs`: the fields past it
     * (a bad cluster window here) are not read, so the defaults hold */
    tagger_ner_train_options_init(&opt);
    opt.bucket_bits = 12;
    opt.cluster_window = 9;
    opt.size = offsetof(tagger_ner_train_options, epochs) + sizeof opt.epochs;
    CHECK_INT(train(t, &opt, NULL, &err), TAGGER_OK);
    opt.size = sizeof opt; /* now the bad window is read */
    CHECK_INT(train(t, &opt, NULL, &err), TAGGER_ERR_USAGE);

    CHECK_INT(train(t, NULL, NULL, &err), TAGGER_OK); /* NULL: the defaults */
}

/* Loads `path` as the entity model of a new tagger. */
static tagger_status load(const char *path, tagger_error *err)
{
    tagger_config *cfg = tagger_config_new();
    tagger_status rc = tagger_config_set_ner_model(cfg, NULL, path);
    tagger *t = rc == TAGGER_OK ? tagger_new(cfg, err) : NULL;
    if (rc == TAGGER_OK && !t)
        rc = err->code;
    tagger_free(t);
    tagger_config_free(cfg);
    return rc;
}

/* Copies `from` to `to` with the fingerprint word set to fp, the checksum
 * left (the fingerprint is checked first) or, with `seal`, redone. */
static int with_fingerprint(const char *from, const char *to, uint32_t fp, uint32_t *old,
                            int seal)
{
    FILE *f = fopen(from, "rb");
    if (!f)
        return 0;
    static unsigned char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    if (n < FINGERPRINT_OFFSET + 4)
        return 0;
    memcpy(old, buf + FINGERPRINT_OFFSET, 4);
    memcpy(buf + FINGERPRINT_OFFSET, &fp, 4);
    if (seal)
        tg_ner_model_seal(buf, n);
    f = fopen(to, "wb");
    if (!f)
        return 0;
    int ok = fwrite(buf, 1, n, f) == n;
    return fclose(f) == 0 && ok;
}

static void test_fingerprint(const tagger *t, const char *dir)
{
    char path[512], other[512], none[512];
    snprintf(path, sizeof path, "%s/ner-unit.bin", dir);
    snprintf(other, sizeof other, "%s/ner-unit-other.bin", dir);
    snprintf(none, sizeof none, "%s/ner-unit-none.bin", dir);
    tagger_error err = {0};
    tagger_ner_train_options opt;
    tagger_ner_train_options_init(&opt);
    opt.bucket_bits = 10;
    opt.epochs = 3;
    CHECK_INT(train(t, &opt, path, &err), TAGGER_OK);
    CHECK_INT(load(path, &err), TAGGER_OK);

    uint32_t fp = 0;
    CHECK(with_fingerprint(path, other, 0, &fp, 0));
    CHECK(fp != 0); /* the trainer recorded one */
    CHECK(with_fingerprint(path, other, fp ^ 0x10u, &fp, 0));
    CHECK_INT(load(other, &err), TAGGER_ERR_LOAD);
    CHECK(strstr(err.message, "ner-unit-other.bin: entity model built with other "
                              "normalization tables") != NULL);
    CHECK(with_fingerprint(path, none, 0, &fp, 0));
    CHECK_INT(load(none, &err), TAGGER_ERR_LOAD);
    CHECK(strstr(err.message, "ner-unit-none.bin: entity model built before normalization "
                              "fingerprints were recorded") != NULL);
}

/* Reads a whole small file into buf; returns its size (0: cannot). */
static size_t slurp(const char *path, unsigned char *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

static void test_old_clusters(const tagger *t, const char *dir)
{
    char tsv[512], from_tsv[512], old[512], from_old[512];
    snprintf(tsv, sizeof tsv, "%s/ner-unit-clusters.tsv", dir);
    snprintf(from_tsv, sizeof from_tsv, "%s/ner-unit-cl.bin", dir);
    snprintf(old, sizeof old, "%s/ner-unit-cl-old.bin", dir);
    snprintf(from_old, sizeof from_old, "%s/ner-unit-cl-again.bin", dir);
    FILE *f = fopen(tsv, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("alice\t1\t4\nbob\t1\t5\ncarol\t1\t6\nlondon\t2\t7\nrome\t2\t7\n"
          "paris\t2\t8\nacme\t3\t9\n",
          f);
    fclose(f);
    tagger_error err = {0};
    tagger_ner_train_options opt;
    tagger_ner_train_options_init(&opt);
    opt.bucket_bits = 10;
    opt.epochs = 3;
    opt.clusters = tsv;
    CHECK_INT(train(t, &opt, from_tsv, &err), TAGGER_OK);
    uint32_t fp = 0;
    CHECK(with_fingerprint(from_tsv, old, 0, &fp, 1)); /* as an older model had it */
    CHECK_INT(load(old, &err), TAGGER_ERR_LOAD);       /* not for tagging */
    opt.clusters = old;                                /* but for its clusters */
    CHECK_INT(train(t, &opt, from_old, &err), TAGGER_OK);
    static unsigned char a[1 << 20], b[1 << 20];
    size_t na = slurp(from_tsv, a, sizeof a), nb = slurp(from_old, b, sizeof b);
    CHECK(na > 0 && na == nb && memcmp(a, b, na) == 0);
}

/* tg_truecase on the tokens of `text` (one sentence): the copy `want`, or none (NULL). */
static void truecase_check(const tagger *t, const char *text, const char *want)
{
    tagger_error err = {0};
    tagger_doc *doc = tagger_process(t, text, strlen(text), TAGGER_STAGE_TOKENIZE, &err);
    CHECK(doc != NULL);
    if (!doc)
        return;
    size_t n = tagger_doc_token_count(doc);
    char *out = (char *)1;
    CHECK(tg_truecase(text, tagger_doc_token(doc, 0), n, &out) == TAGGER_OK);
    if (!want)
        CHECK(out == NULL);
    else
        CHECK(out && strcmp(out, want) == 0);
    if (out && want && strcmp(out, want) != 0)
        fprintf(stderr, "truecase: got '%s', want '%s'\n", out, want);
    if (out != (char *)1)
        free(out);
    tagger_doc_free(doc);
}

static void test_truecase(const tagger *t)
{
    truecase_check(t, "Baghdad Car Bombs Kill Dozens of People",
                   "Baghdad car bombs kill dozens of people");
    truecase_check(t, "Alice Smith visited London.", NULL); /* not Title Case: no copy */
    truecase_check(t, "BAGHDAD CAR BOMBS KILL DOZENS", NULL);
}

/* The best tag sequence by the plain recurrence: every allowed
 * predecessor, ties to the lower tag, an unreachable state at NER_NEG_INF. */
static void viterbi_plain(const tg_ner_tag_rules *tr, const float *emit, size_t n,
                          const float *trans, const float *final, uint8_t *out)
{
    enum { N = 40 };
    unsigned T = tr->T;
    float d[N][NER_MAX_TAGS];
    uint8_t bk[N][NER_MAX_TAGS];
    for (unsigned c = 0; c < T; c++)
        d[0][c] = tr->allowed[T * T + c] ? trans[T * T + c] + emit[c] : NER_NEG_INF;
    for (size_t i = 1; i < n; i++)
        for (unsigned c = 0; c < T; c++) {
            float best = NER_NEG_INF;
            unsigned arg = 0;
            for (unsigned p = 0; p < T; p++)
                if (tr->allowed[p * T + c] && d[i - 1][p] > NER_NEG_INF / 2 &&
                    d[i - 1][p] + trans[p * T + c] > best) {
                    best = d[i - 1][p] + trans[p * T + c];
                    arg = p;
                }
            d[i][c] = best > NER_NEG_INF / 2 ? best + emit[i * T + c] : NER_NEG_INF;
            bk[i][c] = (uint8_t)arg;
        }
    float best = NER_NEG_INF;
    unsigned arg = 0;
    for (unsigned c = 0; c < T; c++)
        if (tr->allowed_end[c] && d[n - 1][c] > NER_NEG_INF && d[n - 1][c] + final[c] > best) {
            best = d[n - 1][c] + final[c];
            arg = c;
        }
    for (size_t i = n; i-- > 0;) {
        out[i] = (uint8_t)arg;
        if (i > 0)
            arg = bk[i][arg];
    }
}

/* The decoder's Viterbi (for 13-tag BILOU the AVX2 one, where the
 * processor has it) gives the plain recurrence's tags: random scores in
 * steps of 0.5, so that many candidates tie. */
static void test_viterbi(void)
{
    enum { T = 13, N = 40 };
    tg_ner_tag_rules tr;
    tg_ner_tag_rules_init(&tr, T, NER_SCHEME_BILOU);
    float trans[(T + 1) * T], final[T], emit[N * T], delta[N * T];
    uint8_t back[N * T + 16], got[N], want[N];
    uint64_t seed = 67;
    int same = 1;
    for (unsigned round = 0; round < 2000; round++) {
        size_t n = 1 + tg_xorshift64s(&seed) % N;
        for (unsigned k = 0; k < (T + 1) * T; k++)
            trans[k] = (float)(tg_xorshift64s(&seed) % 9) * 0.5f - 2.0f;
        for (unsigned k = 0; k < T; k++)
            final[k] = (float)(tg_xorshift64s(&seed) % 5) * 0.5f - 1.0f;
        for (size_t k = 0; k < n * T; k++)
            emit[k] = (float)(tg_xorshift64s(&seed) % 17) * 0.5f - 4.0f;
        tg_ner_viterbi(&tr, emit, n, trans, final, delta, back, got);
        viterbi_plain(&tr, emit, n, trans, final, want);
        same &= memcmp(got, want, n) == 0;
    }
    CHECK(same);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_ner TMPDIR\n");
        return 2;
    }
    tagger_error err = {0};
    tagger_config *cfg = tagger_config_new();
    tagger *t = cfg ? tagger_new(cfg, &err) : NULL;
    CHECK(t != NULL);
    test_viterbi();
    if (t) {
        test_options(t);
        test_fingerprint(t, argv[1]);
        test_old_clusters(t, argv[1]);
        test_truecase(t);
    }
    tagger_free(t);
    tagger_config_free(cfg);
    return check_done();
}
