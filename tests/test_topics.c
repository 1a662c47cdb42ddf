/*
 * test_topics — the topic classifier through the library: training is
 * deterministic (same bytes twice, calibration included), predictions,
 * --topics K and the threshold, language selection, boilerplate that never
 * becomes a feature, corrupt and foreign model files rejected with a
 * message naming the file, and the trainer's argument errors.
 *
 * usage: test_topics TMPDIR
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tagger.h"

static const char *const words[3][8] = {
    {"striker", "goal", "league", "coach", "goalkeeper", "match", "cup", "fans"},
    {"bank", "inflation", "shares", "market", "currency", "profits", "rates", "investors"},
    {"minister", "president", "election", "parliament", "diplomats", "vote", "policy", "bill"}};
static const char *const labels[3] = {"sport", "economy", "politics"};
static const char *const common[6] = {"the", "said", "on", "after", "with", "new"};

/* Document i: 12 words, mostly of its label's list, a few common ones. */
static size_t make_doc(size_t i, char *buf, size_t cap)
{
    uint64_t x = 0x9E3779B97F4A7C15ull * (i + 1);
    size_t n = 0;
    for (int w = 0; w < 12; w++) {
        x ^= x >> 31;
        x *= 0xBF58476D1CE4E5B9ull;
        const char *word = (x >> 20) % 4 == 0 ? common[(x >> 8) % 6] : words[i % 3][(x >> 40) % 8];
        n += (size_t)snprintf(buf + n, cap - n, "%s%s", w ? " " : "", word);
    }
    return n;
}

/* Trains the fixture model; `extras` also turns on every optional feature
 * (idf, stems, character grams, prefixes). */
static void fixture_options(tagger_topic_train_options *opt, int extras)
{
    tagger_topic_train_options_init(opt);
    opt->bucket_bits = 12;
    if (extras)
        opt->idf = opt->stems = opt->char_grams = opt->prefixes = 1;
    opt->lang = "en";
}

static tagger_status train_with(const tagger *t, const char *path, tagger_topic_train_report *rep,
                                const tagger_topic_train_options *opt)
{
    tagger_error err = {0};
    tagger_topic_trainer *tr = tagger_topic_trainer_new(t, opt, &err);
    if (!tr)
        return err.code;
    char buf[512];
    tagger_status rc = TAGGER_OK;
    for (size_t i = 0; i < 150 && rc == TAGGER_OK; i++) {
        size_t n = make_doc(i, buf, sizeof buf);
        rc = tagger_topic_trainer_add(tr, buf, n, labels[i % 3], tagger_iptc_code(labels[i % 3]),
                                      &err);
    }
    /* agency boilerplate that only sport articles carry must not count */
    for (size_t i = 0; i < 20 && rc == TAGGER_OK; i++) {
        size_t n = make_doc(i * 3, buf, sizeof buf);
        n += (size_t)snprintf(buf + n, sizeof buf - n, ". به گزارش ایسنا، انتهای پیام");
        rc = tagger_topic_trainer_add(tr, buf, n, "sport", NULL, &err);
    }
    if (rc == TAGGER_OK)
        rc = tagger_topic_trainer_write(tr, path, rep, &err);
    if (rc != TAGGER_OK)
        fprintf(stderr, "train: %s\n", err.message);
    tagger_topic_trainer_free(tr);
    return rc;
}

static tagger_status train(const tagger *t, const char *path, tagger_topic_train_report *rep,
                           int extras)
{
    tagger_topic_train_options opt;
    fixture_options(&opt, extras);
    return train_with(t, path, rep, &opt);
}

static unsigned char *slurp(const char *path, size_t *len)
{
    return (unsigned char *)check_slurp(path, len);
}

static void spit(const char *path, const unsigned char *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(buf, 1, len, f);
        fclose(f);
    }
}

/* A tagger with `model` for `lang` (NULL: any) and the given K/threshold. */
static tagger *load(const char *lang, const char *model, size_t k, double threshold,
                    tagger_error *err)
{
    tagger_config *cfg = tagger_config_new();
    tagger_config_set_topic_model(cfg, lang, model);
    tagger_config_set_topics(cfg, k, threshold);
    tagger *t = tagger_new(cfg, err);
    tagger_config_free(cfg);
    return t;
}

static tagger_doc *run(const tagger *t, const char *text)
{
    tagger_error err = {0};
    return tagger_process(t, text, strlen(text), TAGGER_STAGE_ALL, &err);
}

static void test_predict(const char *model)
{
    tagger_error err = {0};
    tagger *t = load(NULL, model, SIZE_MAX, 0.0, &err);
    CHECK(t != NULL);
    if (!t)
        return;
    tagger_doc *d = run(t, "The striker scored a goal and the coach thanked the fans.");
    CHECK_INT(tagger_doc_topic_count(d), 3);
    CHECK_STR(tagger_doc_topic(d, 0)->label, "sport");
    CHECK_STR(tagger_doc_topic(d, 0)->iptc, "medtop:15000000");
    double sum = 0;
    for (size_t i = 0; i < tagger_doc_topic_count(d); i++) {
        sum += tagger_doc_topic(d, i)->score;
        if (i)
            CHECK(tagger_doc_topic(d, i)->score <= tagger_doc_topic(d, i - 1)->score);
    }
    CHECK(sum > 0.999 && sum < 1.001);
    CHECK(tagger_doc_topic(d, 0)->score > 0.5);
    char *json = tagger_doc_to_json(d, NULL, NULL);
    CHECK(json && strstr(json, "\"topics\":[{\"label\":\"sport\",\"iptc\":\"medtop:15000000\","
                               "\"score\":"));
    free(json);
    tagger_doc_free(d);

    d = run(t, "Inflation hit the currency and the bank raised rates.");
    CHECK_STR(tagger_doc_topic(d, 0)->label, "economy");
    tagger_doc_free(d);
    d = run(t, "The president and the minister called an election.");
    CHECK_STR(tagger_doc_topic(d, 0)->label, "politics");
    tagger_doc_free(d);

    /* no words, or boilerplate only: no topic rather than a guess */
    d = run(t, "");
    CHECK_INT(tagger_doc_topic_count(d), 0);
    tagger_doc_free(d);
    d = run(t, "۱۴۰۳ - 2024 !");
    CHECK_INT(tagger_doc_topic_count(d), 0);
    tagger_doc_free(d);
    d = run(t, "به گزارش ایسنا، انتهای پیام");
    CHECK_INT(tagger_doc_topic_count(d), 0);
    tagger_doc_free(d);
    /* the tokenizer and normalizer still ran: stage TOKENIZE has no topics */
    d = tagger_process(t, "goal", 4, TAGGER_STAGE_TOKENIZE, &err);
    CHECK_INT(tagger_doc_topic_count(d), 0);
    tagger_doc_free(d);
    tagger_free(t);

    /* K and the threshold */
    t = load(NULL, model, 1, 0.0, &err);
    d = run(t, "The striker scored a goal.");
    CHECK_INT(tagger_doc_topic_count(d), 1);
    CHECK_STR(tagger_doc_topic(d, 0)->label, "sport");
    tagger_doc_free(d);
    tagger_free(t);
    t = load(NULL, model, 0, 0.0, &err);
    d = run(t, "The striker scored a goal.");
    CHECK_INT(tagger_doc_topic_count(d), 0);
    tagger_doc_free(d);
    tagger_free(t);
    t = load(NULL, model, SIZE_MAX, 1.0, &err);
    d = run(t, "The striker met the minister at the bank.");
    CHECK_INT(tagger_doc_topic_count(d), 0); /* no label is certain */
    tagger_doc_free(d);
    tagger_free(t);
    /* an ambiguous text passes a low threshold with more than one label */
    t = load(NULL, model, 3, 0.05, &err);
    d = run(t, "goal bank");
    CHECK(tagger_doc_topic_count(d) >= 2);
    tagger_doc_free(d);
    tagger_free(t);

    /* the language picks the model */
    t = load("fa", model, 3, 0.0, &err);
    d = run(t, "The striker scored a goal.");
    CHECK_INT(tagger_doc_topic_count(d), 0); /* English text, Persian model only */
    tagger_doc_free(d);
    tagger_free(t);
    t = load("en", model, 3, 0.0, &err);
    d = run(t, "The striker scored a goal.");
    CHECK_INT(tagger_doc_topic_count(d), 3);
    tagger_doc_free(d);
    tagger_free(t);
    /* no model configured: no topics */
    t = tagger_new(NULL, &err);
    d = run(t, "The striker scored a goal.");
    CHECK_INT(tagger_doc_topic_count(d), 0);
    tagger_doc_free(d);
    tagger_free(t);
}

static void expect_load_error(const char *path, tagger_status code, const char *why)
{
    tagger_error err = {0};
    tagger *t = load(NULL, path, 3, 0.25, &err);
    CHECK(t == NULL);
    tagger_free(t);
    CHECK_INT(err.code, code);
    CHECK(strstr(err.message, path) != NULL);
    if (!strstr(err.message, why))
        fprintf(stderr, "expected '%s' in: %s\n", why, err.message);
    CHECK(strstr(err.message, why) != NULL);
}

static void test_corrupt(const char *dir, const char *model)
{
    size_t len = 0;
    unsigned char *img = slurp(model, &len);
    CHECK(img != NULL && len > 200);
    if (!img)
        return;
    char bad[4096];
    snprintf(bad, sizeof bad, "%s/corrupt.bin", dir);
    /* one weight byte flipped */
    img[len - 100] ^= 0x40;
    spit(bad, img, len);
    expect_load_error(bad, TAGGER_ERR_LOAD, "checksum mismatch");
    img[len - 100] ^= 0x40;
    /* truncated */
    spit(bad, img, len - 8);
    expect_load_error(bad, TAGGER_ERR_LOAD, "size does not match");
    spit(bad, img, 10);
    expect_load_error(bad, TAGGER_ERR_LOAD, "too short");
    /* not a model at all (a gazetteer, a text file) */
    unsigned char foreign[80] = "TGGAZ\0\r\n";
    memset(foreign + 8, '7', sizeof foreign - 8);
    spit(bad, foreign, sizeof foreign);
    expect_load_error(bad, TAGGER_ERR_LOAD, "bad magic");
    /* another format version; versions 1 and 2 had no fingerprint */
    unsigned char version = img[8];
    img[8] = 99;
    spit(bad, img, len);
    expect_load_error(bad, TAGGER_ERR_LOAD, "unsupported topic model version");
    /* versions 3 and 4 were sealed with the checksum before datafile.c's
     * four chains: refused by their version, before the checksum */
    for (unsigned char old = 3; old <= 4; old++) {
        img[8] = old;
        spit(bad, img, len);
        expect_load_error(bad, TAGGER_ERR_LOAD,
                          "topic model of an older format version (its checksum); rebuild it "
                          "with tagger topics train");
    }
    for (unsigned char old = 1; old <= 2; old++) {
        img[8] = old;
        spit(bad, img, len);
        expect_load_error(bad, TAGGER_ERR_LOAD,
                          "topic model built before normalization fingerprints were recorded");
    }
    img[8] = version;
    /* feature flags this reader does not know */
    img[48] ^= 0x80;
    spit(bad, img, len);
    expect_load_error(bad, TAGGER_ERR_LOAD, "unknown feature flags");
    img[48] ^= 0x80;
    /* sizes in the header that overflow or lie */
    img[36] = 0xFF; /* bucket bits */
    spit(bad, img, len);
    expect_load_error(bad, TAGGER_ERR_LOAD, "corrupt header");
    free(img);
    /* missing file */
    snprintf(bad, sizeof bad, "%s/no-such-model.bin", dir);
    expect_load_error(bad, TAGGER_ERR_IO, "No such file");
}

/* A tagger with the model trained on docs[0..2n) (the first n "arts", the
 * rest "sport") with `opt` (no pairs, no calibration, 2^12 buckets), written
 * to dir/name; NULL after a failed check. */
static tagger *train_arts_sport(const tagger *t, tagger_topic_train_options *opt,
                                const char *const *docs, int n, const char *dir,
                                const char *name)
{
    tagger_error err = {0};
    opt->bucket_bits = 12;
    opt->word_pairs = 0;
    opt->calibrate = 0;
    tagger_topic_trainer *tr = tagger_topic_trainer_new(t, opt, &err);
    CHECK(tr != NULL);
    if (!tr)
        return NULL;
    for (int i = 0; i < 2 * n; i++)
        CHECK_INT(tagger_topic_trainer_add(tr, docs[i], strlen(docs[i]), i < n ? "arts" : "sport",
                                           NULL, &err),
                  TAGGER_OK);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    CHECK_INT(tagger_topic_trainer_write(tr, path, NULL, &err), TAGGER_OK);
    tagger_topic_trainer_free(tr);
    tagger *m = load(NULL, path, 1, 0.0, &err);
    CHECK(m != NULL);
    return m;
}

/* The one label `m` gives `text` is `label`. */
static void expect_topic(tagger *m, const char *text, const char *label)
{
    tagger_doc *d = run(m, text);
    CHECK(tagger_doc_topic_count(d) == 1 && strcmp(tagger_doc_topic(d, 0)->label, label) == 0);
    tagger_doc_free(d);
}

/* Light stems and character grams (with normalized complement weights)
 * carry an inflected Persian word to the label of its stem, which the model
 * never saw inflected.  English stems (Round 4): the training text has only
 * inflected forms, the test words only their stems; with a tie between the
 * two labels (no stems) the first, arts, would be chosen, so the sport words
 * fail without them.  The grams only in short documents (--short-pieces,
 * Round 15): a document of more than 150 tokens of the unseen form gets no
 * grams, so the labels tie and arts is chosen. */
static void test_stems(const tagger *t, const char *dir)
{
    static const char *const fa[] = {"کتاب نویسنده رمان", "کتاب شاعر رمان", "نویسنده کتاب شعر",
                                     "فوتبال بازیکن داور", "بازیکن فوتبال مربی",
                                     "داور مربی فوتبال"};
    static const char *const en[] = {"novels painters poems", "exhibitions painters novels",
                                     "coaches matches players", "players scored matches"};
    for (int variant = 0; variant < 4; variant++) {
        int grams = variant == 1 || variant == 3, english = variant == 2;
        tagger_topic_train_options opt;
        tagger_topic_train_options_init(&opt);
        opt.stems = !grams;
        opt.char_grams = grams;
        opt.normalize_weights = grams;
        opt.short_pieces = variant == 3;
        char name[32];
        snprintf(name, sizeof name, "stems-%d.bin", variant);
        tagger *m = train_arts_sport(t, &opt, english ? en : fa, english ? 2 : 3, dir, name);
        if (!m)
            continue;
        if (!english) {
            /* «کتاب‌ها» and «فوتبالی»: forms absent from the training text */
            expect_topic(m, "کتاب‌ها", "arts");
            expect_topic(m, "فوتبالی", "sport");
        } else {
            /* «coach», «match» (-es), «player» (-s), «scoring» (-ed, -ing) */
            expect_topic(m, "coach", "sport");
            expect_topic(m, "match", "sport");
            expect_topic(m, "player", "sport");
            expect_topic(m, "scoring", "sport");
            expect_topic(m, "novel", "arts");
        }
        if (variant == 3) {
            char doc[151 * 16];
            size_t n = 0;
            for (int i = 0; i < 151; i++) /* 151 word tokens */
                n += (size_t)snprintf(doc + n, sizeof doc - n, "%sفوتبالی", i ? " " : "");
            expect_topic(m, doc, "arts");
            doc[n - strlen(" فوتبالی")] = 0; /* 150 tokens: grams again */
            expect_topic(m, doc, "sport");
        }
        tagger_free(m);
    }
}

/* Word clusters (Round 5) from an entity model's table: a word the
 * training text never had gets the label of the training words of its
 * cluster (without clusters the two labels tie and the first, arts, is
 * chosen); the file is version 4 with the table, deterministic, and a
 * damaged cluster field or a wrong --clusters file is refused. */
static void test_clusters(const tagger *t, const char *dir, const char *ner)
{
    static const char *const fa[] = {"رمان شاعر", "شاعر نقاش", "رمان نقاش",
                                     "فوتبال بسکتبال", "بسکتبال تنیس", "فوتبال تنیس"};
    tagger_error err = {0};
    tagger_topic_train_options opt;
    tagger_topic_train_options_init(&opt);
    opt.clusters = ner;
    opt.cluster_levels = 2; /* the 256 groups, as topics-fa.bin */
    opt.source_balance = 1;
    tagger *m = train_arts_sport(t, &opt, fa, 3, dir, "clusters.bin");
    if (m) {
        expect_topic(m, "والیبال", "sport"); /* not in the training text */
        expect_topic(m, "کشتی‌گیر", "sport");
        expect_topic(m, "نویسنده", "arts");
        tagger_free(m);
    }
    /* all three levels: a word's entry in the run-time table holds three
     * buckets (topics_features.c), not one */
    opt.cluster_levels = 7;
    m = train_arts_sport(t, &opt, fa, 3, dir, "clusters-all.bin");
    if (m) {
        expect_topic(m, "والیبال", "sport");
        expect_topic(m, "کشتی‌گیر", "sport");
        expect_topic(m, "نویسنده", "arts");
        tagger_free(m);
    }
    tagger_topic_train_options_init(&opt);
    m = train_arts_sport(t, &opt, fa, 3, dir, "no-clusters.bin");
    if (m) {
        expect_topic(m, "والیبال", "arts"); /* a tie: the first label */
        tagger_free(m);
    }
    char path[4096], again[4096];
    snprintf(path, sizeof path, "%s/clusters.bin", dir);
    size_t len = 0;
    unsigned char *img = slurp(path, &len);
    CHECK(img && len > 1048576 && img[8] == 5); /* version 5, a table of 2^16 slots */
    if (img) {
        tagger_topic_train_options_init(&opt);
        opt.clusters = ner;
        opt.cluster_levels = 2;
        opt.source_balance = 1;
        m = train_arts_sport(t, &opt, fa, 3, dir, "clusters-2.bin");
        tagger_free(m);
        snprintf(again, sizeof again, "%s/clusters-2.bin", dir);
        size_t len2 = 0;
        unsigned char *img2 = slurp(again, &len2);
        CHECK(img2 && len2 == len && memcmp(img, img2, len) == 0);
        free(img2);
        img[69] = 0x30; /* no level used, bits past the levels set */
        spit(again, img, len);
        expect_load_error(again, TAGGER_ERR_LOAD, "corrupt header (word cluster table)");
        img[69] = 0x02;
        spit(again, img, len - 16); /* a table cut short */
        expect_load_error(again, TAGGER_ERR_LOAD, "size does not match");
        free(img);
    }
    tagger_topic_train_options_init(&opt);
    opt.clusters = path; /* a topic model, not an entity model */
    CHECK(tagger_topic_trainer_new(t, &opt, &err) == NULL);
    CHECK(strstr(err.message, "not an entity recognizer model") != NULL);
    opt.clusters = ner;
    opt.cluster_levels = 8; /* the table has three levels */
    CHECK(tagger_topic_trainer_new(t, &opt, &err) == NULL);
    CHECK(strstr(err.message, "has levels 1 to 3 only") != NULL);
    tagger_topic_train_options_init(&opt);
    opt.source_balance = 5;
    CHECK(tagger_topic_trainer_new(t, &opt, &err) == NULL);
    CHECK(strstr(err.message, "source balance must be 0 to 4") != NULL);
}

static void test_trainer_errors(const tagger *t, const char *dir)
{
    tagger_error err = {0};
    tagger_topic_train_options opt;
    tagger_topic_train_options_init(&opt);
    CHECK_INT(opt.algorithm, TAGGER_TOPIC_CNB);
    opt.bucket_bits = 30;
    CHECK(tagger_topic_trainer_new(t, &opt, &err) == NULL);
    CHECK_INT(err.code, TAGGER_ERR_USAGE);
    tagger_topic_train_options_init(&opt);
    opt.bucket_bits = 10;
    tagger_topic_trainer *tr = tagger_topic_trainer_new(t, &opt, &err);
    CHECK(tr != NULL);
    char path[4096];
    snprintf(path, sizeof path, "%s/one-label.bin", dir);
    CHECK_INT(tagger_topic_trainer_add(tr, "goal", 4, "sport", "medtop:15000000", &err),
              TAGGER_OK);
    CHECK_INT(tagger_topic_trainer_write(tr, path, NULL, &err), TAGGER_ERR_USAGE);
    CHECK(strstr(err.message, "two labels") != NULL);
    CHECK_INT(tagger_topic_trainer_add(tr, "match", 5, "sport", "medtop:99", &err),
              TAGGER_ERR_USAGE);
    CHECK_INT(tagger_topic_trainer_add(tr, "\xff", 1, "sport", NULL, &err),
              TAGGER_ERR_INVALID_UTF8);
    CHECK_INT(tagger_topic_trainer_add(tr, "x", 1, "", NULL, &err), TAGGER_ERR_USAGE);
    CHECK_INT(tagger_topic_trainer_label_count(tr), 1);
    size_t docs = 0;
    const char *code = NULL;
    CHECK_STR(tagger_topic_trainer_label(tr, 0, &code, &docs), "sport");
    CHECK_STR(code, "medtop:15000000");
    CHECK_INT(docs, 1);
    CHECK(tagger_topic_trainer_label(tr, 1, NULL, NULL) == NULL);
    snprintf(path, sizeof path, "%s/no-such-dir/model.bin", dir);
    CHECK_INT(tagger_topic_trainer_add(tr, "bank", 4, "economy", NULL, &err), TAGGER_OK);
    CHECK_INT(tagger_topic_trainer_write(tr, path, NULL, &err), TAGGER_ERR_IO);
    tagger_topic_trainer_free(tr);
    tagger_topic_trainer_free(NULL);

    tagger_config *cfg = tagger_config_new();
    CHECK_INT(tagger_config_set_topics(cfg, 3, 1.5), TAGGER_ERR_USAGE);
    CHECK_INT(tagger_config_set_topics(cfg, 3, -0.1), TAGGER_ERR_USAGE);
    CHECK_INT(tagger_config_set_topics(cfg, 3, 0.5), TAGGER_OK);
    CHECK_INT(tagger_config_set_topic_model(cfg, "fa", "/x"), TAGGER_OK);
    CHECK_INT(tagger_config_set_topic_model(cfg, "fa", NULL), TAGGER_OK); /* removed */
    tagger *none = tagger_new(cfg, &err);
    CHECK(none != NULL); /* /x is no longer configured */
    tagger_free(none);
    tagger_config_free(cfg);

    CHECK_STR(tagger_iptc_code("politics"), "medtop:11000000");
    CHECK_STR(tagger_iptc_code("arts"), "medtop:01000000");
    CHECK_STR(tagger_iptc_code("scitech"), "medtop:13000000");
    CHECK(tagger_iptc_code("Politics") == NULL);
    CHECK_STR(tagger_iptc_name(0), "arts");
    CHECK(tagger_iptc_name(17) == NULL);
}

/* The naive Bayes-based regressions (NBLR, CNB_LR): deterministic, the same file layout (the
 * current version), the fixture's three labels told apart with probabilities that sum to
 * one; their options out of range are refused. */
static void test_nb_regressions(const tagger *t, const char *dir)
{
    const int fits[] = {TAGGER_TOPIC_NBLR, TAGGER_TOPIC_CNB_LR};
    for (size_t i = 0; i < sizeof fits / sizeof fits[0]; i++) {
        tagger_topic_train_options opt;
        fixture_options(&opt, 0);
        opt.algorithm = fits[i];
        char a[4096], b[4096];
        snprintf(a, sizeof a, "%s/nb-regression-%zu-a.bin", dir, i);
        snprintf(b, sizeof b, "%s/nb-regression-%zu-b.bin", dir, i);
        tagger_topic_train_report rep;
        CHECK_INT(train_with(t, a, &rep, &opt), TAGGER_OK);
        CHECK_INT(train_with(t, b, NULL, &opt), TAGGER_OK);
        CHECK(rep.holdout_accuracy > 0.9);
        size_t la = 0, lb = 0;
        unsigned char *ia = slurp(a, &la), *ib = slurp(b, &lb);
        CHECK(ia && ib && la == lb && la == rep.file_bytes && memcmp(ia, ib, la) == 0);
        CHECK(ia && ia[8] == 5); /* the current topic model version */
        free(ia);
        free(ib);
        tagger_error err = {0};
        tagger *m = load(NULL, a, SIZE_MAX, 0.0, &err);
        CHECK(m != NULL);
        const char *const texts[][2] = {
            {"The striker scored a goal and the coach thanked the fans.", "sport"},
            {"Inflation hit the currency and the bank raised rates.", "economy"},
            {"The president and the minister called an election.", "politics"}};
        for (size_t j = 0; m && j < 3; j++) {
            tagger_doc *dc = run(m, texts[j][0]);
            CHECK_INT(tagger_doc_topic_count(dc), 3);
            CHECK_STR(tagger_doc_topic(dc, 0)->label, texts[j][1]);
            CHECK(tagger_doc_topic(dc, 0)->score > 0.5);
            double sum = 0;
            for (size_t k = 0; k < tagger_doc_topic_count(dc); k++)
                sum += tagger_doc_topic(dc, k)->score;
            CHECK(sum > 0.999 && sum < 1.001);
            tagger_doc_free(dc);
        }
        tagger_free(m);
    }
    tagger_error err = {0};
    tagger_topic_train_options opt;
    tagger_topic_train_options_init(&opt);
    CHECK(opt.l2 == 1e-4);
    const double bad[] = {-1e-4, 2.0};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tagger_topic_train_options_init(&opt);
        opt.algorithm = TAGGER_TOPIC_NBLR;
        opt.l2 = bad[i];
        CHECK(tagger_topic_trainer_new(t, &opt, &err) == NULL);
        CHECK_INT(err.code, TAGGER_ERR_USAGE);
        CHECK(strstr(err.message, "L2 penalty") != NULL);
    }
    tagger_topic_train_options_init(&opt);
    opt.algorithm = TAGGER_TOPIC_CNB_LR + 1;
    CHECK(tagger_topic_trainer_new(t, &opt, &err) == NULL);
    CHECK_INT(err.code, TAGGER_ERR_USAGE);
}

/* The none weight (Round 11): the documents of the label "none" weigh more in the
 * fit (CNB_LR, the English model's), so a text between news and none gives the
 * news labels less probability (none itself
 * is never given: the labels given at threshold 0 sum to 1 - p(none)), a news text
 * keeps its label; out of range is refused. */
static double news_mass(const tagger *t, const char *dir, double none_weight, const char *text,
                        const char *top)
{
    static const char *const ui[8] = {"dialog", "folder", "click", "save", "window", "menu",
                                      "settings", "button"};
    tagger_topic_train_options opt;
    fixture_options(&opt, 0);
    opt.algorithm = TAGGER_TOPIC_CNB_LR;
    opt.none_weight = none_weight;
    tagger_error err = {0};
    tagger_topic_trainer *tr = tagger_topic_trainer_new(t, &opt, &err);
    CHECK(tr != NULL);
    if (!tr)
        return -1;
    char buf[512];
    for (size_t i = 0; i < 150; i++) {
        size_t n = make_doc(i, buf, sizeof buf);
        CHECK_INT(tagger_topic_trainer_add(tr, buf, n, labels[i % 3], NULL, &err), TAGGER_OK);
    }
    for (size_t i = 0; i < 30; i++) {
        size_t n = 0;
        for (size_t w = 0; w < 10; w++)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", w ? " " : "",
                                  w % 4 == 3 ? common[(i + w) % 6] : ui[(i * 7 + w * 3) % 8]);
        CHECK_INT(tagger_topic_trainer_add(tr, buf, n, "none", NULL, &err), TAGGER_OK);
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/none-weight-%g.bin", dir, none_weight);
    CHECK_INT(tagger_topic_trainer_write(tr, path, NULL, &err), TAGGER_OK);
    tagger_topic_trainer_free(tr);
    tagger *m = load(NULL, path, SIZE_MAX, 0.0, &err);
    CHECK(m != NULL);
    if (!m)
        return -1;
    tagger_doc *d = run(m, text);
    double sum = 0;
    for (size_t k = 0; k < tagger_doc_topic_count(d); k++) {
        CHECK(strcmp(tagger_doc_topic(d, k)->label, "none") != 0);
        sum += tagger_doc_topic(d, k)->score;
    }
    CHECK_INT(tagger_doc_topic_count(d), 3);
    CHECK_STR(tagger_doc_topic(d, 0)->label, top);
    tagger_doc_free(d);
    tagger_free(m);
    return sum;
}

static void test_none_weight(const tagger *t, const char *dir)
{
    const char *mixed = "The coach opened the settings menu and clicked save on the match file.";
    const char *sport = "The striker scored a goal and the coach thanked the fans after the match.";
    double m1 = news_mass(t, dir, 1, mixed, "sport"), m4 = news_mass(t, dir, 4, mixed, "sport");
    CHECK(m1 > 0 && m4 > 0 && m4 < m1 - 0.05);
    CHECK(news_mass(t, dir, 4, sport, "sport") > 0.9);
    tagger_error err = {0};
    tagger_topic_train_options opt;
    tagger_topic_train_options_init(&opt);
    CHECK(opt.none_weight == 1);
    const double bad[] = {0.001, 101};
    for (size_t i = 0; i < 2; i++) {
        opt.none_weight = bad[i];
        CHECK(tagger_topic_trainer_new(t, &opt, &err) == NULL);
        CHECK_INT(err.code, TAGGER_ERR_USAGE);
        CHECK(strstr(err.message, "none weight must be 0.01 to 100") != NULL);
    }
}

/* The options' size (tagger.h, "Options structs"): 0 or larger than ours
 * is a usage error; a smaller struct, as a program built against an older
 * header passes it, has its later fields read as their defaults, so the
 * optional features set beyond its size change nothing: the same bytes as
 * the model without them (`plain`). */
static void test_options_size(const tagger *t, const char *dir, const char *plain)
{
    tagger_error err = {0};
    tagger_topic_train_options opt;
    fixture_options(&opt, 0);
    opt.size = 0;
    CHECK(tagger_topic_trainer_new(t, &opt, &err) == NULL);
    CHECK_INT(err.code, TAGGER_ERR_USAGE);
    CHECK(strstr(err.message, "tagger_topic_train_options_init") != NULL);
    opt.size = sizeof opt + 8;
    CHECK(tagger_topic_trainer_new(t, &opt, &err) == NULL);
    CHECK_INT(err.code, TAGGER_ERR_USAGE);

    fixture_options(&opt, 1);
    opt.size = offsetof(tagger_topic_train_options, idf);
    char path[4096];
    snprintf(path, sizeof path, "%s/older-options.bin", dir);
    CHECK_INT(train_with(t, path, NULL, &opt), TAGGER_OK);
    size_t la = 0, lb = 0;
    unsigned char *a = slurp(plain, &la), *b = slurp(path, &lb);
    CHECK(a && b && la == lb && memcmp(a, b, la) == 0);
    free(a);
    free(b);
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 3) {
        fprintf(stderr, "usage: test_topics TMPDIR [NER_MODEL_WITH_CLUSTERS]\n");
        return 2;
    }
    tagger_error err = {0};
    tagger *t = tagger_new(NULL, &err);
    CHECK(t != NULL);
    if (!t)
        return check_done();
    char a[4096], b[4096];
    snprintf(a, sizeof a, "%s/model-a.bin", argv[1]);
    snprintf(b, sizeof b, "%s/model-b.bin", argv[1]);
    tagger_topic_train_report rep;
    CHECK_INT(train(t, a, &rep, 0), TAGGER_OK);
    CHECK_INT(train(t, b, NULL, 0), TAGGER_OK);
    CHECK_INT(rep.documents, 170);
    CHECK_INT(rep.labels, 3);
    CHECK_INT(rep.buckets, 4096);
    CHECK(rep.holdout_documents >= 10);       /* calibration ran */
    CHECK(rep.temperature != 1.0);
    CHECK(rep.holdout_accuracy > 0.9);

    size_t la = 0, lb = 0;
    unsigned char *ia = slurp(a, &la), *ib = slurp(b, &lb);
    CHECK(ia && ib && la == lb && la == rep.file_bytes && memcmp(ia, ib, la) == 0);
    CHECK(ia && ia[8] == 5); /* format version 5 */
    free(ia);
    free(ib);

    /* the optional features: deterministic too, an idf section of one
     * byte per bucket, and the same predictions */
    char c[4096], d[4096];
    snprintf(c, sizeof c, "%s/model-c.bin", argv[1]);
    snprintf(d, sizeof d, "%s/model-d.bin", argv[1]);
    tagger_topic_train_report rep2;
    CHECK_INT(train(t, c, &rep2, 1), TAGGER_OK);
    CHECK_INT(train(t, d, NULL, 1), TAGGER_OK);
    CHECK(rep2.file_bytes == rep.file_bytes + 4096);
    CHECK(rep2.holdout_accuracy > 0.9);
    ia = slurp(c, &la);
    ib = slurp(d, &lb);
    CHECK(ia && ib && la == lb && la == rep2.file_bytes && memcmp(ia, ib, la) == 0);
    CHECK(ia && ia[8] == 5);
    free(ia);
    free(ib);

    test_predict(a);
    test_predict(c);
    test_stems(t, argv[1]);
    test_corrupt(argv[1], a);
    test_corrupt(argv[1], c);
    test_trainer_errors(t, argv[1]);
    test_nb_regressions(t, argv[1]);
    test_none_weight(t, argv[1]);
    if (argc == 3)
        test_clusters(t, argv[1], argv[2]);
    test_options_size(t, argv[1], a);
    tagger_free(t);
    return check_done();
}
