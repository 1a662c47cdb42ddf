/*
 * test_topic_hashes — the topic classifier given the pipeline's word
 * hashes (tagger.c makes them once for the entity model and the topics)
 * sees what it sees making them itself: on real documents with the
 * shipped models, the features (buckets, first-seen order, counts) and the
 * topics with their scores are the same bit for bit, and a hash with a
 * bit flipped changes them.  Also: a prefix's FNV-1a had back from the
 * whole word's (tg_fnv1a_back, which a stem's hash is) equals the prefix
 * hashed, for every prefix of every token; a document scored as one
 * window of a large one gets the same scores; and a boilerplate pattern is
 * found among patterns sharing its first word, and not where only its
 * first word is; a document of more features than the counting's 16-bit
 * index holds is counted right; the scoring's tables of log1p(k), its square and its
 * float, hold the values made at run time; a loaded model's weight rows
 * (16 bytes apart for 9 to 16 labels) hold the file's rows.
 *
 * usage: test_topic_hashes MODEL TEXT [MODEL TEXT ...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_doc.h"
#include "hash.h"
#include "topics_private.h"

/* A document whose list of features is longer than the counting table
 * takes (TOPIC_TABLE_LIST_MAX): «talks» 70,000 times, so that its word (and
 * stem) counts 70,000 and its pair 69,999, counted wide; classified, it
 * gets the scores of the same counts summed as a window's. */
static void check_long(const tg_normalizer *nz, const tg_tokenizer *tk, const tg_topic_model *m)
{
    enum { REPEATS = 70000 };
    const char *word = "talks ";
    size_t wl = strlen(word), len = REPEATS * wl;
    char *text = malloc(len + 1);
    CHECK(text != NULL);
    if (!text)
        return;
    for (size_t i = 0; i < REPEATS; i++)
        memcpy(text + i * wl, word, wl);
    text[len] = '\0';
    tagger_error err = {0};
    tg_normtext nt;
    memset(&nt, 0, sizeof nt);
    tagger_token *toks = NULL;
    size_t n = 0, nsent = 0, nf = 0, pairs = 0, nta = 0, ntw = 0;
    CHECK_INT(tg_normalize(nz, text, len, &nt, &err), TAGGER_OK);
    CHECK_INT(tg_tokenize(tk, &nt, &toks, &n, &nsent, &err), TAGGER_OK);
    CHECK_INT(n, REPEATS);
    tg_topic_feat *f = NULL;
    CHECK_INT(tg_topic_extract(&m->fs, nt.text, toks, n, NULL, &f, &nf), TAGGER_OK);
    CHECK(nf >= 2);
    for (size_t i = 0; f && i < nf; i++) {
        CHECK(f[i].value == REPEATS || f[i].value == REPEATS - 1);
        pairs += f[i].value == REPEATS - 1;
    }
    CHECK_INT(pairs, 1);
    tagger_topic *ta = NULL, *tw = NULL;
    tg_topic_sum sum = {0};
    CHECK_INT(tg_topic_classify(m, nt.text, toks, n, NULL, 3, 0.0, &ta, &nta, &err), TAGGER_OK);
    CHECK_INT(tg_topic_sum_add(m, &sum, nt.text, toks, n, NULL), TAGGER_OK);
    CHECK_INT(tg_topic_sum_finish(m, &sum, 3, 0.0, &tw, &ntw, &err), TAGGER_OK);
    CHECK(nta == 3 && ntw == 3);
    for (size_t i = 0; ta && tw && i < nta && i < ntw; i++) {
        CHECK(strcmp(ta[i].label, tw[i].label) == 0);
        CHECK(memcmp(&ta[i].score, &tw[i].score, sizeof ta[i].score) == 0);
    }
    tg_topic_sum_free(&sum);
    free(ta);
    free(tw);
    free(f);
    free(toks);
    tg_normtext_free(&nt);
    free(text);
}

/* The loaded rows, tg_topic_row_stride apart, are the file's, byte for
 * byte (a mutation of spread_rows that moves a row wrong fails it). */
static void check_rows(const tg_topic_model *m)
{
    const size_t L = m->h->nlabels, n = (size_t)1 << m->h->bucket_bits;
    const int8_t *file = (const int8_t *)(m->base + tg_topic_layout_of(m->h).weights);
    CHECK_INT(m->fs.row_bytes, tg_topic_row_stride(L));
    CHECK(m->fs.rows == m->weights);
    CHECK(L < 9 || m->fs.row_bytes == TOPIC_ROW_WIDE);
    size_t wrong = 0;
    for (size_t b = 0; b < n; b++)
        wrong += memcmp(m->weights + b * m->fs.row_bytes, file + b * L, L) != 0;
    CHECK_INT(wrong, 0);
}

static void check_model(const tg_normalizer *nz, const tg_tokenizer *tk, const char *model_path,
                        const char *text_path)
{
    tagger_error err = {0};
    check_doc d;
    if (!check_doc_load(nz, tk, text_path, &d))
        return;
    tg_topic_model *m = tg_topic_model_open(nz, tk, model_path, NULL, &err);
    CHECK(m != NULL);
    if (!m) {
        fprintf(stderr, "%s: %s\n", model_path, err.message);
        check_doc_free(&d);
        return;
    }
    CHECK_INT(tg_topic_model_ready(m), TAGGER_OK); /* its rows and cluster table made */
    check_rows(m);
    const tg_normtext nt = d.nt;
    const tagger_token *toks = d.tokens;
    size_t n = d.ntokens;
    uint64_t *h = malloc(n * sizeof *h);
    CHECK(h != NULL);
    size_t prefixes = 0, wrong = 0;
    for (size_t i = 0; h && i < n; i++) {
        const char *w = nt.text + toks[i].norm_start;
        size_t wl = toks[i].norm_end - toks[i].norm_start;
        h[i] = tg_fnv1a(w, wl);
        for (size_t k = 0; k <= wl; k++, prefixes++)
            wrong += tg_fnv1a_back(h[i], w, k, wl) != tg_fnv1a(w, k);
    }
    CHECK(prefixes > 1000);
    CHECK_INT(wrong, 0);

    /* the features and the topics, hashes made here or given */
    tg_topic_feat *fa = NULL, *fb = NULL;
    size_t na = 0, nb = 0;
    CHECK_INT(tg_topic_extract(&m->fs, nt.text, toks, n, NULL, &fa, &na), TAGGER_OK);
    CHECK_INT(tg_topic_extract(&m->fs, nt.text, toks, n, h, &fb, &nb), TAGGER_OK);
    CHECK(na > 100 && na == nb);
    CHECK(fa && fb && memcmp(fa, fb, na * sizeof *fa) == 0);
    tagger_topic *ta = NULL, *tb = NULL;
    size_t nta = 0, ntb = 0;
    CHECK_INT(tg_topic_classify(m, nt.text, toks, n, NULL, 3, 0.0, &ta, &nta, &err), TAGGER_OK);
    CHECK_INT(tg_topic_classify(m, nt.text, toks, n, h, 3, 0.0, &tb, &ntb, &err), TAGGER_OK);
    CHECK(nta == 3 && ntb == 3);
    for (size_t i = 0; ta && tb && i < nta && i < ntb; i++) {
        CHECK(strcmp(ta[i].label, tb[i].label) == 0);
        CHECK(memcmp(&ta[i].score, &tb[i].score, sizeof ta[i].score) == 0);
    }
    /* the document as one window of a large one (its counts summed, then
     * weighed and scored as counts) gets the scores tg_topic_classify gives
     * (the counts read from the counting's table) */
    tg_topic_sum sum = {0};
    tagger_topic *tw = NULL;
    size_t ntw = 0;
    CHECK_INT(tg_topic_sum_add(m, &sum, nt.text, toks, n, h), TAGGER_OK);
    CHECK_INT(tg_topic_sum_finish(m, &sum, 3, 0.0, &tw, &ntw, &err), TAGGER_OK);
    CHECK(ntw == 3);
    for (size_t i = 0; ta && tw && i < nta && i < ntw; i++) {
        CHECK(strcmp(ta[i].label, tw[i].label) == 0);
        CHECK(memcmp(&ta[i].score, &tw[i].score, sizeof ta[i].score) == 0);
    }
    free(tw);
    tg_topic_sum_free(&sum);
    /* a word's hash changed: another feature, so the check above can fail */
    size_t word = 0;
    while (word < n && (toks[word].kind != TAGGER_TOKEN_WORD ||
                        toks[word].norm_end - toks[word].norm_start < 4))
        word++;
    CHECK(word < n);
    tg_topic_feat *fc = NULL;
    size_t nc = 0;
    if (h && word < n) {
        h[word] ^= 1;
        CHECK_INT(tg_topic_extract(&m->fs, nt.text, toks, n, h, &fc, &nc), TAGGER_OK);
        CHECK(fc && (nc != na || memcmp(fa, fc, na * sizeof *fa) != 0));
    }
    free(fa);
    free(fb);
    free(fc);
    free(ta);
    free(tb);
    free(h);
    check_long(nz, tk, m);
    tg_topic_model_free(m);
    check_doc_free(&d);
}

/* Patterns sharing a first word: each is found (they are kept by first
 * word), the first added wins where two match, and a star drops the words
 * after it up to the punctuation. */
/* The scoring's tables of small counts hold what it made before: log1p(k)
 * squared in double, and as a float, for every k below 64. */
static void check_log1p_tables(void)
{
    for (int k = 0; k < 64; k++) {
        volatile double v = tg_topic_log1p_small[k]; /* the product made at run time */
        double sq = v * v;
        float f = (float)v;
        CHECK(memcmp(&tg_topic_log1p_square[k], &sq, sizeof sq) == 0);
        CHECK(memcmp(&tg_topic_log1p_float[k], &f, sizeof f) == 0);
    }
}

static void check_patterns(const tg_normalizer *nz, const tg_tokenizer *tk)
{
    check_log1p_tables();
    tg_topic_features fs;
    memset(&fs, 0, sizeof fs);
    fs.mask = (1u << 12) - 1;
    fs.flags = TOPIC_FLAG_PAIRS;
    tagger_error err = {0};
    static const char *const pats[] = {"zeta one", "alpha beta", "alpha gamma *", "alpha", "omega"};
    for (size_t i = 0; i < sizeof pats / sizeof *pats; i++)
        CHECK_INT(tg_topic_pattern_add(&fs, nz, tk, pats[i], &err), TAGGER_OK);
    CHECK_INT(fs.npatterns, 5);
    static const struct {
        const char *text;
        size_t features; /* words and pairs left */
    } cases[] = {
        {"red blue", 3},                  /* red, blue, red_blue */
        {"red alpha beta blue", 2},       /* «alpha beta», not «alpha»: no pair */
        {"red alpha gamma x y, blue", 2}, /* «alpha gamma x y» dropped; red, blue */
        {"red alpha blue", 2},            /* «alpha» alone dropped: no pair */
        {"red zeta one omega blue", 2},
        /* a first word of a pattern without the rest: kept */
        {"red zeta two blue", 7}, /* 4 words, 3 pairs */
        {"red zeta, one", 4},     /* red, zeta, red_zeta, one */
        {"red zeta", 3},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        tg_normtext nt;
        tagger_token *toks = NULL;
        size_t n = 0, nsent = 0;
        CHECK_INT(tg_normalize(nz, cases[c].text, strlen(cases[c].text), &nt, &err), TAGGER_OK);
        CHECK_INT(tg_tokenize(tk, &nt, &toks, &n, &nsent, &err), TAGGER_OK);
        tg_topic_feat *f = NULL;
        size_t nf = 0;
        CHECK_INT(tg_topic_extract(&fs, nt.text, toks, n, NULL, &f, &nf), TAGGER_OK);
        if (nf != cases[c].features)
            fprintf(stderr, "\"%s\": %zu features, expected %zu\n", cases[c].text, nf,
                    cases[c].features);
        CHECK_INT(nf, cases[c].features);
        free(f);
        free(toks);
        tg_normtext_free(&nt);
    }
    tg_topic_features_clear(&fs);
}

int main(int argc, char **argv)
{
    return check_doc_main(argc, argv, "test_topic_hashes", check_model, check_patterns);
}
