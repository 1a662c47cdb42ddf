/* cli.c — input, output and option helpers shared by the subcommands. */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *cli_input_name(const char *path)
{
    return !path || strcmp(path, "-") == 0 ? "<stdin>" : path;
}

char *cli_read_all(const char *path, size_t *len)
{
    int too_large;
    return cli_read_document(path, SIZE_MAX - 1, len, &too_large);
}

char *cli_read_document(const char *path, size_t max, size_t *len, int *too_large)
{
    const char *name = cli_input_name(path);
    int fd = 0;
    *too_large = 0;
    if (path && strcmp(path, "-") != 0) {
        fd = open(path, O_RDONLY);
        if (fd < 0) {
            cli_error("cannot open '%s': %s", path, strerror(errno));
            return NULL;
        }
    }
    cli_buf b = {0};
    char msg[256];
    cli_read_status st = cli_read_fd(fd, max, -1, &b, NULL, msg, sizeof msg);
    if (fd != 0)
        close(fd);
    if (st == CLI_READ_OK) {
        *len = b.len;
        return b.data;
    }
    if (st == CLI_READ_NOMEM)
        cli_error("%s: out of memory reading input", name);
    else
        cli_error("%s: %s", name, msg);
    *too_large = st == CLI_READ_TOO_LARGE;
    cli_buf_free(&b);
    return NULL;
}

static int output_failed;

static int report_write_error(void)
{
    if (!output_failed)
        cli_error("writing output: %s", strerror(errno ? errno : EIO));
    output_failed = 1;
    return -1;
}

int cli_write(void *ctx, const char *s, size_t len)
{
    (void)ctx;
    if (output_failed)
        return 1;
    errno = 0;
    if (fwrite(s, 1, len, stdout) != len) {
        report_write_error();
        return 1;
    }
    return 0;
}

int cli_write_line(const char *s, size_t len)
{
    return cli_write(NULL, s, len) || cli_write(NULL, "\n", 1) ? -1 : 0;
}

int cli_finish_output(void)
{
    if (output_failed)
        return -1;
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout))
        return report_write_error();
    if (fclose(stdout) != 0)
        return report_write_error();
    return 0;
}

/* Writes <data dir>/<name> to path if it exists: $TAGGER_DATA_DIR, else
 * data/ beside the executable, else ../share/tagger from it. */
static int find_data(const char *name, char *path, size_t size)
{
    const char *env = getenv("TAGGER_DATA_DIR");
    if (env && *env) {
        snprintf(path, size, "%s/%s", env, name);
        return access(path, R_OK) == 0;
    }
    char exe[2048];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return 0;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return 0;
    *slash = '\0';
    snprintf(path, size, "%s/data/%s", exe, name);
    if (access(path, R_OK) == 0)
        return 1;
    snprintf(path, size, "%s/../share/tagger/%s", exe, name);
    return access(path, R_OK) == 0;
}

const char *cli_default_gazetteer(void)
{
    static char path[4096];
    return find_data("gazetteer.bin", path, sizeof path) ? path : NULL;
}

const char *cli_default_topic_model(const char *lang)
{
    static char path[2][4096];
    char name[64];
    int en = strcmp(lang, "en") == 0;
    snprintf(name, sizeof name, "models/topics-%s.bin", en ? "en" : "fa");
    return find_data(name, path[en], sizeof path[en]) ? path[en] : NULL;
}

const char *cli_default_ner_model(const char *lang)
{
    static char path[2][4096];
    char name[64];
    int en = strcmp(lang, "en") == 0;
    snprintf(name, sizeof name, "models/ner-%s.bin", en ? "en" : "fa");
    return find_data(name, path[en], sizeof path[en]) ? path[en] : NULL;
}

/* The entity model options of `o` into `cfg`; returns 0 on failure.
 * --no-model wins over --ner-model. */
static int configure_ner(tagger_config *cfg, const cli_load_options *o)
{
    int ok = 1;
    if (o->no_ner_model)
        return 1;
    if (o->ner_model)
        return tagger_config_set_ner_model(cfg, NULL, o->ner_model) == TAGGER_OK;
    static const char *const langs[] = {"fa", "en"};
    for (size_t i = 0; i < 2; i++) {
        const char *def = cli_default_ner_model(langs[i]);
        if (def)
            ok &= tagger_config_set_ner_model(cfg, langs[i], def) == TAGGER_OK;
    }
    return ok;
}

/* The topic options of `o` into `cfg`; returns 0 on failure. */
static int configure_topics(tagger_config *cfg, const cli_load_options *o)
{
    int ok = 1;
    if (o->no_topics)
        return tagger_config_set_topics(cfg, 0, TAGGER_TOPICS_DEFAULT_THRESHOLD) == TAGGER_OK;
    if (o->topic_model) {
        ok &= tagger_config_set_topic_model(cfg, NULL, o->topic_model) == TAGGER_OK;
    } else {
        static const char *const langs[] = {"fa", "en"};
        for (size_t i = 0; i < 2; i++) {
            const char *def = cli_default_topic_model(langs[i]);
            if (def)
                ok &= tagger_config_set_topic_model(cfg, langs[i], def) == TAGGER_OK;
        }
    }
    return ok && tagger_config_set_topics(cfg,
                                          o->topics_k_set ? o->topics_k : TAGGER_TOPICS_DEFAULT_K,
                                          o->topic_threshold_set
                                              ? o->topic_threshold
                                              : TAGGER_TOPICS_DEFAULT_THRESHOLD) == TAGGER_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void cli_free_paths(char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

char **cli_default_rules(size_t *n)
{
    char dir[4096];
    *n = 0;
    if (!find_data("rules", dir, sizeof dir))
        return NULL;
    char **paths = NULL;
    size_t cap = 0;
    DIR *top = opendir(dir);
    struct dirent *lang;
    while (top && (lang = readdir(top))) {
        if (lang->d_name[0] == '.')
            continue;
        char sub[4400];
        snprintf(sub, sizeof sub, "%s/%s", dir, lang->d_name);
        DIR *d = opendir(sub);
        struct dirent *f;
        while (d && (f = readdir(d))) {
            size_t len = strlen(f->d_name);
            if (len < 7 || strcmp(f->d_name + len - 6, ".rules") != 0)
                continue;
            if (*n == cap) {
                cap = cap ? cap * 2 : 16;
                char **grown = realloc(paths, cap * sizeof *grown);
                if (!grown)
                    break;
                paths = grown;
            }
            size_t plen = strlen(sub) + len + 2;
            char *p = malloc(plen);
            if (!p)
                break;
            snprintf(p, plen, "%s/%s", sub, f->d_name);
            paths[(*n)++] = p;
        }
        if (d)
            closedir(d);
    }
    if (top)
        closedir(top);
    if (*n > 1)
        qsort(paths, *n, sizeof *paths, cmp_str);
    return paths;
}

tagger *cli_load_tagger(const cli_load_options *o)
{
    tagger_error err = {0};
    tagger_config *cfg = tagger_config_new();
    if (!cfg) {
        cli_error("out of memory");
        return NULL;
    }
    /* the option parser checked the ranges */
    int ok = tagger_config_set_all_matches(cfg, o->all_matches) == TAGGER_OK;
    if (o->max_doc_bytes)
        ok &= tagger_config_set_max_doc_bytes(cfg, o->max_doc_bytes) == TAGGER_OK;
    if (o->max_alias_bytes)
        ok &= tagger_config_set_max_alias_bytes(cfg, o->max_alias_bytes) == TAGGER_OK;
    ok &= tagger_config_set_rule_limits(
              cfg,
              (uint32_t)(o->rule_match_limit ? o->rule_match_limit : TAGGER_RULE_MATCH_LIMIT),
              (uint32_t)(o->rule_depth_limit ? o->rule_depth_limit : TAGGER_RULE_DEPTH_LIMIT),
              !o->no_jit) ==
          TAGGER_OK;
    const char *def = o->no_default_gazetteer ? NULL : cli_default_gazetteer();
    if (def)
        ok &= tagger_config_add_gazetteer(cfg, def) == TAGGER_OK;
    for (size_t i = 0; i < o->ngazetteers; i++)
        ok &= tagger_config_add_gazetteer(cfg, o->gazetteers[i]) == TAGGER_OK;
    size_t ndef = 0;
    char **def_rules = o->no_default_rules ? NULL : cli_default_rules(&ndef);
    for (size_t i = 0; i < ndef; i++)
        ok &= tagger_config_add_rules(cfg, def_rules[i]) == TAGGER_OK;
    cli_free_paths(def_rules, ndef);
    for (size_t i = 0; i < o->nrules; i++)
        ok &= tagger_config_add_rules(cfg, o->rules[i]) == TAGGER_OK;
    ok &= configure_topics(cfg, o);
    ok &= configure_ner(cfg, o);
    tagger *t = ok ? tagger_new(cfg, &err) : NULL;
    tagger_config_free(cfg);
    if (!t)
        cli_error("%s", ok ? err.message : "out of memory");
    return t;
}

/* ------------------------------------------------------------ file lists */

int cli_paths_push(cli_paths *p, char *s)
{
    if (!s)
        return -1;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        char **v = realloc(p->v, cap * sizeof *v);
        if (!v) {
            free(s);
            return -1;
        }
        p->v = v;
        p->cap = cap;
    }
    p->v[p->n++] = s;
    return 0;
}

void cli_paths_free(cli_paths *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i]);
    free(p->v);
    memset(p, 0, sizeof *p);
}

static char *join_path(const char *dir, const char *name, size_t name_len)
{
    size_t dlen = strlen(dir);
    char *p = malloc(dlen + name_len + 2);
    if (p) {
        memcpy(p, dir, dlen);
        p[dlen] = '/';
        memcpy(p + dlen + 1, name, name_len);
        p[dlen + 1 + name_len] = '\0';
    }
    return p;
}

static int push_or_complain(cli_paths *p, char *s)
{
    if (cli_paths_push(p, s)) {
        cli_error("out of memory");
        return -1;
    }
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int cli_paths_add(cli_paths *p, const char *path)
{
    struct stat st;
    if (strcmp(path, "-") == 0)
        return push_or_complain(p, strdup(path));
    if (stat(path, &st) != 0) {
        cli_error("cannot open '%s': %s", path, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return push_or_complain(p, strdup(path));
    DIR *dir = opendir(path);
    if (!dir) {
        cli_error("cannot open '%s': %s", path, strerror(errno));
        return -1;
    }
    size_t first = p->n;
    struct dirent *de;
    int rc = 0;
    while (rc == 0 && (de = readdir(dir)) != NULL) {
        char *full = join_path(path, de->d_name, strlen(de->d_name));
        if (full && (stat(full, &st) != 0 || !S_ISREG(st.st_mode)))
            free(full); /* ".", "..", subdirectories, dangling links */
        else
            rc = push_or_complain(p, full); /* a NULL full: out of memory */
    }
    closedir(dir);
    if (p->n - first > 1)
        qsort(p->v + first, p->n - first, sizeof *p->v, by_name);
    return rc;
}

int cli_paths_add_list(cli_paths *p, const char *list, const char *root)
{
    size_t len;
    char *buf = cli_read_all(list, &len);
    if (!buf)
        return -1;
    int rc = 0;
    for (char *line = buf; rc == 0 && line < buf + len;) {
        char *nl = memchr(line, '\n', (size_t)(buf + len - line));
        size_t n = nl ? (size_t)(nl - line) : (size_t)(buf + len - line);
        char *next = line + n + 1;
        while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' '))
            n--;
        if (n > 0 && line[0] != '#') {
            char *path = line[0] == '/' ? strndup(line, n) : join_path(root, line, n);
            if (!path) {
                cli_error("out of memory");
                rc = -1;
            } else {
                rc = cli_paths_add(p, path);
                free(path);
            }
        }
        line = next;
    }
    free(buf);
    return rc;
}
