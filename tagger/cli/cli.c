/* cli.c — input, output and option helpers shared by the subcommands. */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
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

int cli_help(int argc, char **argv, const char *usage)
{
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(usage, stdout);
            return cli_finish_output() ? EXIT_USAGE : EXIT_OK;
        }
    return -1;
}

/* The topic settings of `o` into `cfg` (the models: see cli_load_tagger). */
static int configure_topics(tagger_config *cfg, const cli_load_options *o)
{
    if (o->no_topics)
        return tagger_config_set_topics(cfg, 0, TAGGER_TOPICS_DEFAULT_THRESHOLD) == TAGGER_OK;
    return (!o->topic_model ||
            tagger_config_set_topic_model(cfg, NULL, o->topic_model) == TAGGER_OK) &&
           tagger_config_set_topics(cfg,
                                    o->topics_k_set ? o->topics_k : TAGGER_TOPICS_DEFAULT_K,
                                    o->topic_threshold_set ? o->topic_threshold
                                                           : TAGGER_TOPICS_DEFAULT_THRESHOLD) ==
               TAGGER_OK;
}

/* The default data `o` leaves in: a file missing from the data directory
 * is left out, as it always was (--no-model wins over --ner-model). */
static unsigned default_parts(const cli_load_options *o)
{
    unsigned parts = TAGGER_DEFAULT_IF_PRESENT;
    if (!o->no_default_gazetteer)
        parts |= TAGGER_DEFAULT_GAZETTEER;
    if (!o->no_default_rules)
        parts |= TAGGER_DEFAULT_RULES;
    if (!o->no_topics && !o->topic_model)
        parts |= TAGGER_DEFAULT_TOPIC_MODELS;
    if (!o->no_ner_model && !o->ner_model)
        parts |= TAGGER_DEFAULT_NER_MODELS;
    return parts;
}

/* The data files are mapped, not read whole, unless --read-data or
 * TAGGER_MAP_DATA=0: a start costs half the CPU (docs/performance.md).  A
 * mapped file truncated in place under a running tagger makes its next
 * look-up a SIGBUS; that ends the run with a message and exit 3, not a
 * silent death (exit 135).  Replace data files with mv, never cp
 * (docs/hardening.md). */
static void on_sigbus(int sig)
{
    (void)sig;
    static const char msg[] =
        "tagger: a data file changed under the running tagger (truncated or copied over "
        "in place?); replace data files with mv, not cp, or run with --read-data\n";
    if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
        /* nothing left to tell */
    }
    _exit(3);
}

static int map_data(const cli_load_options *o)
{
    const char *env = getenv("TAGGER_MAP_DATA");
    if (o->read_data || (env && strcmp(env, "0") == 0))
        return 0;
    signal(SIGBUS, on_sigbus);
    return 1;
}

/* The directory of verification stamps (tagger_config_set_verify_cache):
 * $XDG_CACHE_HOME/tagger, else $HOME/.cache/tagger; none (every data file
 * hashed in full) with --verify-data or TAGGER_VERIFY_DATA=always, or
 * without an absolute $XDG_CACHE_HOME or $HOME.  Into buf (n bytes), or
 * NULL. */
static const char *verify_cache(const cli_load_options *o, char *buf, size_t n)
{
    const char *env = getenv("TAGGER_VERIFY_DATA");
    if (o->verify_data || (env && strcmp(env, "always") == 0))
        return NULL;
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    int len = xdg && xdg[0] == '/' ? snprintf(buf, n, "%s/tagger", xdg)
              : home && home[0] == '/' ? snprintf(buf, n, "%s/.cache/tagger", home)
                                       : -1;
    return len > 0 && (size_t)len < n ? buf : NULL;
}

tagger *cli_load_tagger(const cli_load_options *o)
{
    char cache[4096];
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
    ok &= tagger_config_set_map_data(cfg, map_data(o)) == TAGGER_OK;
    ok &= tagger_config_set_verify_cache(cfg, verify_cache(o, cache, sizeof cache)) == TAGGER_OK;
    ok &= tagger_config_set_load_threads(cfg, o->load_threads) == TAGGER_OK;
    ok &= tagger_config_set_few_documents(cfg, o->few_documents) == TAGGER_OK;
    if (ok && tagger_config_add_defaults_ex(cfg, NULL, default_parts(o), &err) != TAGGER_OK) {
        cli_error("%s", err.message);
        tagger_config_free(cfg);
        return NULL;
    }
    for (size_t i = 0; i < o->ngazetteers; i++)
        ok &= tagger_config_add_gazetteer(cfg, o->gazetteers[i]) == TAGGER_OK;
    for (size_t i = 0; i < o->nrules; i++)
        ok &= tagger_config_add_rules(cfg, o->rules[i]) == TAGGER_OK;
    ok &= configure_topics(cfg, o);
    if (!o->no_ner_model && o->ner_model)
        ok &= tagger_config_set_ner_model(cfg, NULL, o->ner_model) == TAGGER_OK;
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
