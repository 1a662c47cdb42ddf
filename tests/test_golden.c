/*
 * test_golden — golden files through the library: for every NAME.txt in
 * the directory given, the document JSON (with DIR/gazetteer.tsv and the
 * rule files given after DIR loaded, as the CLI loads its default rules)
 * must equal NAME.json and the token JSON NAME.tokens.json byte for byte
 * (the CLI test checks the same files).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tagger.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    if (buf)
        *len = n;
    return buf;
}

static void compare(const char *what, const char *got, const char *path)
{
    size_t len = 0;
    char *want = slurp(path, &len);
    if (!want) {
        fprintf(stderr, "%s: missing expected file %s\n", what, path);
        CHECK(0);
        return;
    }
    while (len > 0 && want[len - 1] == '\n')
        len--;
    int same = strlen(got) == len && memcmp(got, want, len) == 0;
    if (!same)
        fprintf(stderr, "%s differs from %s:\n  got  %s\n", what, path, got);
    CHECK(same);
    free(want);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_golden DIR [RULES...]\n");
        return 2;
    }
    tagger_error err = {0};
    char gaz[4096];
    snprintf(gaz, sizeof gaz, "%s/gazetteer.tsv", argv[1]);
    tagger_config *cfg = tagger_config_new();
    if (!cfg || tagger_config_add_gazetteer(cfg, gaz) != TAGGER_OK)
        return 1;
    for (int i = 2; i < argc; i++)
        if (tagger_config_add_rules(cfg, argv[i]) != TAGGER_OK)
            return 1;
    tagger *t = tagger_new(cfg, &err);
    tagger_config_free(cfg);
    if (!t) {
        fprintf(stderr, "tagger_new: %s\n", err.message);
        return 1;
    }
    DIR *d = opendir(argv[1]);
    if (!d) {
        perror(argv[1]);
        return 1;
    }
    int files = 0;
    struct dirent *ent;
    while ((ent = readdir(d))) {
        size_t n = strlen(ent->d_name);
        if (n < 5 || strcmp(ent->d_name + n - 4, ".txt") != 0)
            continue;
        char path[4200], base[4096];
        snprintf(base, sizeof base, "%s/%.*s", argv[1], (int)(n - 4), ent->d_name);
        snprintf(path, sizeof path, "%s.txt", base);
        size_t len = 0;
        char *text = slurp(path, &len);
        tagger_doc *doc = text ? tagger_process(t, text, len, TAGGER_STAGE_ALL, &err) : NULL;
        CHECK(doc != NULL);
        if (doc) {
            char *json = tagger_doc_to_json(doc, NULL, NULL);
            snprintf(path, sizeof path, "%s.json", base);
            compare(ent->d_name, json, path);
            free(json);
            json = tagger_doc_tokens_to_json(doc, NULL, NULL);
            snprintf(path, sizeof path, "%s.tokens.json", base);
            compare(ent->d_name, json, path);
            free(json);
            files++;
        }
        tagger_doc_free(doc);
        free(text);
    }
    closedir(d);
    tagger_free(t);
    CHECK(files > 0);
    return check_done();
}
