/* Unit tests of the compiled rules file (rules_cache.c): the build's
 * data/rules.bin gives every rule and the prefilter, and the same JSON as
 * compiling the rules; a rule edited since is compiled as before (the
 * others still come from the file); a file of another format or PCRE2 is
 * ignored; a file that is not one, truncated or damaged fails the load
 * with its exact message.
 * Usage: test_rules_compiled DATA_DIR SAMPLES_DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "internal.h"

static char dir[] = "/tmp/tagger-test-compiledXXXXXX";
static const char *data_dir, *samples_dir;
static char *samples[2];

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *s = NULL;
    long n = -1;
    if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (s = malloc((size_t)n + 1)) && fread(s, 1, (size_t)n, f) == (size_t)n) {
        s[n] = '\0';
        *len = (size_t)n;
    } else {
        free(s);
        s = NULL;
    }
    if (f)
        fclose(f);
    return s;
}

static void write_all(const char *path, const void *s, size_t n)
{
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(s, 1, n, f) == n);
    if (f)
        fclose(f);
}

/* The JSON of both samples, tagged by t, in one string (freed by the caller). */
static char *tag_samples(const tagger *t)
{
    size_t total = 0;
    char *all = calloc(1, 1);
    for (size_t i = 0; i < 2 && all; i++) {
        tagger_error perr = {0};
        tagger_doc *doc = tagger_process(t, samples[i], strlen(samples[i]), TAGGER_STAGE_ALL, &perr);
        size_t n = 0;
        char *json = doc ? tagger_doc_to_json(doc, NULL, &n) : NULL;
        CHECK(json != NULL);
        char *grown = json ? realloc(all, total + n + 1) : NULL;
        if (grown) {
            memcpy(grown + total, json, n + 1);
            total += n;
            all = grown;
        }
        free(json);
        tagger_doc_free(doc);
    }
    return all;
}

/* The default rules of DATA_DIR, `extra` after them (if not NULL), the
 * compiled file `compiled` (NULL: none; "default": the data dir's). */
static tagger *load(const char *extra, const char *compiled, tagger_error *err)
{
    tagger_config *cfg = tagger_config_new();
    CHECK(tagger_config_add_defaults_ex(cfg, data_dir, TAGGER_DEFAULT_RULES, err) == TAGGER_OK);
    if (!compiled || strcmp(compiled, "default") != 0)
        CHECK(tagger_config_set_compiled_rules(cfg, compiled) == TAGGER_OK);
    if (extra)
        CHECK(tagger_config_add_rules(cfg, extra) == TAGGER_OK);
    tagger *t = tagger_new(cfg, err);
    tagger_config_free(cfg);
    return t;
}

static size_t cached(const tagger *t, int *pf)
{
    return tg_rules_compiled_count(t->rules, pf);
}

/* The build's file: every rule and the prefilter from it, the same JSON. */
static void test_fresh(const char *plain_json)
{
    tagger_error err = {0};
    tagger *t = load(NULL, "default", &err);
    CHECK(t != NULL);
    if (!t)
        return;
    int pf = 0;
    CHECK_INT(cached(t, &pf), tagger_rule_count(t));
    CHECK(tagger_rule_count(t) > 50);
    CHECK_INT(pf, 1);
    /* the guards from the file, as many as compiled */
    tagger *plain = load(NULL, NULL, &err);
    CHECK(plain && tg_rules_guard_count(t->rules) == tg_rules_guard_count(plain->rules));
    CHECK(tg_rules_guard_count(t->rules) >= 20);
    tagger_free(plain);
    char *json = tag_samples(t);
    CHECK(json && strcmp(json, plain_json) == 0);
    CHECK(strstr(json, "\"rule\":\"fa.date.jalali\"") != NULL);
    free(json);
    tagger_free(t);
}

/* A rule edited after the file was written is compiled; the rest is not. */
static void test_stale_rule(void)
{
    char extra[300], out[300];
    snprintf(extra, sizeof extra, "%s/extra.rules", dir);
    snprintf(out, sizeof out, "%s/with-extra.bin", dir);
    const char *before = "rule test.colour\n  label EVENT\n  pattern رنگ (?:سبز|سرخ)\n";
    const char *after = "rule test.colour\n  label EVENT\n  pattern رنگ (?:سبز|آبی)\n";
    write_all(extra, before, strlen(before));
    tagger_config *cfg = tagger_config_new();
    tagger_error err = {0};
    CHECK(tagger_config_add_defaults_ex(cfg, data_dir, TAGGER_DEFAULT_RULES, &err) == TAGGER_OK);
    CHECK(tagger_config_add_rules(cfg, extra) == TAGGER_OK);
    CHECK(tagger_rules_compile(cfg, out, &err) == TAGGER_OK);
    tagger_config_free(cfg);

    tagger *t = load(extra, out, &err);
    int pf = 0;
    CHECK(t && cached(t, &pf) == tagger_rule_count(t) && pf == 1);
    tagger_free(t);

    write_all(extra, after, strlen(after));
    t = load(extra, out, &err);
    tagger *plain = load(extra, NULL, &err);
    CHECK(t != NULL && plain != NULL);
    if (t && plain) {
        CHECK_INT(cached(t, &pf), tagger_rule_count(t) - 1);
        CHECK_INT(pf, 0);
        char *a = tag_samples(t), *b = tag_samples(plain);
        CHECK(a && b && strcmp(a, b) == 0);
        free(a);
        free(b);
        const char *text = "رنگ آبی و رنگ سرخ";
        tagger_error perr = {0};
        tagger_doc *doc = tagger_process(t, text, strlen(text), TAGGER_STAGE_ALL, &perr);
        char *json = doc ? tagger_doc_to_json(doc, NULL, NULL) : NULL;
        CHECK(json && strstr(json, "\"text\":\"رنگ آبی\"") && !strstr(json, "رنگ سرخ"));
        free(json);
        tagger_doc_free(doc);
    }
    tagger_free(t);
    tagger_free(plain);
}

/* `image` changed and written to a file: the load fails with `want`
 * (after the path) or, want NULL, loads with nothing from the file. */
static void expect(const char *name, const unsigned char *image, size_t n, const char *want,
                   const char *plain_json)
{
    char path[300], msg[2048];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    write_all(path, image, n);
    tagger_error err = {0};
    tagger *t = load(NULL, path, &err);
    if (want) {
        CHECK(t == NULL);
        CHECK_INT(err.code, TAGGER_ERR_LOAD);
        snprintf(msg, sizeof msg, "%s: %s", path, want);
        if (strstr(want, "%s")) { /* the message names the path twice */
            char w[1000];
            snprintf(w, sizeof w, want, path);
            snprintf(msg, sizeof msg, "%s: %s", path, w);
        }
        CHECK_STR(err.message, msg);
    } else {
        CHECK(t != NULL);
        int pf = 1;
        CHECK(t && cached(t, &pf) == 0 && pf == 0);
        char *json = t ? tag_samples(t) : NULL;
        CHECK(json && strcmp(json, plain_json) == 0);
        free(json);
    }
    tagger_free(t);
}

static void test_bad_files(const char *plain_json)
{
    char path[600];
    size_t n = 0;
    snprintf(path, sizeof path, "%s/rules.bin", data_dir);
    unsigned char *good = (unsigned char *)read_all(path, &n);
    CHECK(good != NULL && n > 4096);
    if (!good)
        return;
    unsigned char *img = malloc(n);
    if (!img)
        abort();
    const char *rebuild = "; rebuild it with 'tagger rules compile -o %s' or delete it";
    char want[400];

    memcpy(img, good, n);
    img[n / 2] ^= 0x10;
    snprintf(want, sizeof want, "compiled rules file damaged (checksum mismatch)%s", rebuild);
    expect("flipped.bin", img, n, want, plain_json);

    snprintf(want, sizeof want,
             "compiled rules file truncated or grown (%zu bytes, its header says %zu)%s", n / 2,
             n, rebuild);
    expect("truncated.bin", good, n / 2, want, plain_json);

    expect("short.bin", good, 100, "file too short for a header (truncated?)", plain_json);

    memcpy(img, good, n);
    memcpy(img, "GIF89a\0\0", 8);
    snprintf(want, sizeof want, "not a compiled rules file%s", rebuild);
    expect("magic.bin", img, n, want, plain_json);

    /* another format version: stale, ignored */
    memcpy(img, good, n);
    img[8] ^= 0x7F;
    expect("version.bin", img, n, NULL, plain_json);

    /* written by another PCRE2 (its fingerprint, at offset 48, sealed
     * again): stale, ignored */
    memcpy(img, good, n);
    CHECK(memcmp(img + 48, "10.", 3) == 0);
    img[48] = '9';
    tg_rules_cache_seal(img, n);
    expect("pcre2.bin", img, n, NULL, plain_json);

    free(img);
    free(good);
}

int main(int argc, char **argv)
{
    if (argc != 3 || !mkdtemp(dir)) {
        fprintf(stderr, "usage: test_rules_compiled DATA_DIR SAMPLES_DIR\n");
        return 2;
    }
    data_dir = argv[1];
    samples_dir = argv[2];
    const char *names[2] = {"osce-malta.fa.txt", "osce-malta.en.txt"};
    for (int i = 0; i < 2; i++) {
        char path[600];
        size_t n;
        snprintf(path, sizeof path, "%s/%s", samples_dir, names[i]);
        if (!(samples[i] = read_all(path, &n))) {
            fprintf(stderr, "cannot read %s\n", path);
            return 2;
        }
    }
    tagger_error err = {0};
    tagger *plain = load(NULL, NULL, &err);
    CHECK(plain != NULL);
    char *plain_json = plain ? tag_samples(plain) : NULL;
    int pf = 1;
    CHECK(plain && cached(plain, &pf) == 0 && pf == 0);
    tagger_free(plain);
    if (plain_json) {
        test_fresh(plain_json);
        test_stale_rule();
        test_bad_files(plain_json);
    }
    free(plain_json);
    free(samples[0]);
    free(samples[1]);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return check_done();
}
