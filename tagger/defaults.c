/*
 * defaults — the default data (the compiled gazetteer, the default rule
 * files, a topic and an entity model per language) found on disk and added
 * to a tagger_config, so that a program gets the CLI's pipeline with one
 * call (tagger_new_default).  Above the glue: it fills a config through
 * the public setters and calls tagger_new; it reads no struct.
 *
 * Where the data is.  Each file is looked up on its own, in order:
 *   1. the data_dir argument, when given: there only;
 *   2. else $TAGGER_DATA_DIR, when set and not empty: there only;
 *   3. else beside the object holding this code (libtagger.so, or the
 *      executable a static libtagger.a went into), found with dladdr:
 *      DIR/data (the build tree, where build/data sits beside build/tagger
 *      and build/libtagger.so), then DIR/<bindir to datadir> and
 *      DIR/<libdir to datadir> (an installed tree, however it was moved:
 *      ../share/tagger from bin/ or lib/);
 *   4. then the data directory of the prefix compiled in
 *      (TAGGER_INSTALL_DATADIR, e.g. /usr/local/share/tagger).
 * For the CLI (steps 2 and 3) that is the order it always had.
 *
 * The rule files are every rules/LANG/NAME.rules under the data directory,
 * in path order (rules/fa/00-lists.rules first: later files use its lists);
 * subdirectories such as rules/fa/optional/ are left out.
 */
#define _GNU_SOURCE /* dladdr */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <sys/auxv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "sort.h"

#ifndef TAGGER_INSTALL_DATADIR
#define TAGGER_INSTALL_DATADIR "/usr/local/share/tagger"
#endif
#ifndef TAGGER_BIN_TO_DATADIR
#define TAGGER_BIN_TO_DATADIR "../share/tagger"
#endif
#ifndef TAGGER_LIB_TO_DATADIR
#define TAGGER_LIB_TO_DATADIR "../share/tagger"
#endif

#define MAX_DIRS 5
#define PATH_SIZE 4096

/* The directories to look in, in order (see the top of the file). */
typedef struct {
    char dirs[MAX_DIRS][PATH_SIZE];
    size_t n;
    const char *origin; /* how they were chosen, for messages */
} data_dirs;

static const char anchor; /* an address inside this object, for dladdr */

static void push_dir(data_dirs *d, const char *a, const char *b)
{
    char dir[PATH_SIZE];
    if (snprintf(dir, sizeof dir, "%s%s%s", a, b ? "/" : "", b ? b : "") >= (int)sizeof dir)
        return;
    for (size_t i = 0; i < d->n; i++)
        if (strcmp(d->dirs[i], dir) == 0)
            return;
    if (d->n < MAX_DIRS)
        memcpy(d->dirs[d->n++], dir, strlen(dir) + 1);
}

/* The directory of the object (shared library or executable) this code is
 * in, or 0 if it cannot be told. */
static int object_dir(char *dir, size_t size)
{
    Dl_info here, main_program;
    char path[PATH_MAX];
    /* AT_PHDR points into the executable: the same object means a static
     * libtagger.a linked into it, whose dli_fname is only argv[0] */
    void *phdr = (void *)getauxval(AT_PHDR);
    if (!dladdr(&anchor, &here))
        return 0;
    if (!(phdr && dladdr(phdr, &main_program) && main_program.dli_fbase == here.dli_fbase) &&
        here.dli_fname && here.dli_fname[0]) {
        if (!realpath(here.dli_fname, path))
            return 0;
    } else {
        ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
        if (n <= 0)
            return 0;
        path[n] = '\0';
    }
    char *slash = strrchr(path, '/');
    if (!slash || (size_t)(slash - path) >= size)
        return 0;
    *slash = '\0';
    memcpy(dir, path, (size_t)(slash - path) + 1);
    return 1;
}

static void find_dirs(data_dirs *d, const char *data_dir)
{
    d->n = 0;
    const char *env = getenv("TAGGER_DATA_DIR");
    if (data_dir) {
        d->origin = "data_dir";
        push_dir(d, data_dir, NULL);
        return;
    }
    if (env && *env) {
        d->origin = "$TAGGER_DATA_DIR";
        push_dir(d, env, NULL);
        return;
    }
    d->origin = "the default data directories";
    char here[PATH_SIZE];
    if (object_dir(here, sizeof here)) {
        push_dir(d, here, "data");
        push_dir(d, here, TAGGER_BIN_TO_DATADIR);
        push_dir(d, here, TAGGER_LIB_TO_DATADIR);
    }
    push_dir(d, TAGGER_INSTALL_DATADIR, NULL);
}

/* Writes the first readable DIR/name to path; 0 if there is none, with
 * err filled (naming the file and where it was looked for) unless
 * `quiet`. */
static int find_file(const data_dirs *d, const char *name, char *path, size_t size, int quiet,
                     tagger_error *err)
{
    int first_errno = ENOENT;
    for (size_t i = 0; i < d->n; i++) {
        int len = snprintf(path, size, "%s/%s", d->dirs[i], name);
        if (len > 0 && (size_t)len < size && access(path, R_OK) == 0)
            return 1;
        if (i == 0)
            first_errno = errno;
    }
    if (quiet)
        return 0;
    if (d->n == 1) {
        tg_error_set(err, TAGGER_ERR_IO, 0, "default data: cannot read '%s/%s' (from %s): %s",
                     d->dirs[0], name, d->origin, strerror(first_errno));
        return 0;
    }
    char where[400] = "";
    size_t used = 0;
    for (size_t i = 0; i < d->n && used < sizeof where; i++) {
        int w = snprintf(where + used, sizeof where - used, "%s%s", i ? ", " : "", d->dirs[i]);
        used += w > 0 ? (size_t)w : 0;
    }
    tg_error_set(err, TAGGER_ERR_IO, 0,
                 "default data: no '%s' in %s (set TAGGER_DATA_DIR to the directory "
                 "holding the data)",
                 name, where);
    return 0;
}

typedef struct {
    char **v;
    size_t n, cap;
} path_list;

static void path_list_free(path_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

static tagger_status path_list_push(path_list *l, const char *dir, const char *name)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        char **grown = realloc(l->v, cap * sizeof *grown);
        if (!grown)
            return TAGGER_ERR_NOMEM;
        l->v = grown;
        l->cap = cap;
    }
    size_t len = strlen(dir) + strlen(name) + 2;
    if (!(l->v[l->n] = malloc(len)))
        return TAGGER_ERR_NOMEM;
    snprintf(l->v[l->n++], len, "%s/%s", dir, name);
    return TAGGER_OK;
}

/* Every DIR/LANG/NAME.rules into `l`, in path order. */
static tagger_status list_rules(const char *dir, path_list *l)
{
    tagger_status st = TAGGER_OK;
    DIR *top = opendir(dir);
    struct dirent *lang;
    while (st == TAGGER_OK && top && (lang = readdir(top))) {
        if (lang->d_name[0] == '.')
            continue;
        char sub[PATH_SIZE];
        if (snprintf(sub, sizeof sub, "%s/%s", dir, lang->d_name) >= (int)sizeof sub)
            continue;
        DIR *d = opendir(sub);
        struct dirent *f;
        while (st == TAGGER_OK && d && (f = readdir(d))) {
            size_t len = strlen(f->d_name);
            if (len >= 7 && strcmp(f->d_name + len - 6, ".rules") == 0)
                st = path_list_push(l, sub, f->d_name);
        }
        if (d)
            closedir(d);
    }
    if (top)
        closedir(top);
    if (l->n > 1)
        qsort(l->v, l->n, sizeof *l->v, tg_sort_by_string);
    return st;
}

static tagger_status add_rules(tagger_config *cfg, const data_dirs *d, int quiet,
                               tagger_error *err)
{
    char dir[PATH_SIZE];
    if (!find_file(d, "rules", dir, sizeof dir, quiet, err))
        return quiet ? TAGGER_OK : err ? err->code : TAGGER_ERR_IO;
    path_list l = {0};
    tagger_status st = list_rules(dir, &l);
    if (st == TAGGER_OK && l.n == 0 && !quiet)
        st = tg_error_set(err, TAGGER_ERR_IO, 0, "default data: no rules/LANG/*.rules in '%s'",
                          dir);
    else if (st != TAGGER_OK)
        tg_error_set(err, st, 0, "out of memory");
    for (size_t i = 0; st == TAGGER_OK && i < l.n; i++)
        if ((st = tagger_config_add_rules(cfg, l.v[i])) != TAGGER_OK)
            tg_error_set(err, st, 0, "out of memory");
    path_list_free(&l);
    /* their compiled form, DIR/rules.bin beside DIR/rules, when there is one */
    char compiled[PATH_SIZE + 8];
    snprintf(compiled, sizeof compiled, "%s.bin", dir);
    if (st == TAGGER_OK && access(compiled, F_OK) == 0 &&
        (st = tagger_config_set_compiled_rules(cfg, compiled)) != TAGGER_OK)
        tg_error_set(err, st, 0, "out of memory");
    return st;
}

/* The model `kind` (topics or ner) of each language into cfg via `set`. */
static tagger_status add_models(tagger_config *cfg, const data_dirs *d, const char *kind,
                                tagger_status (*set)(tagger_config *, const char *,
                                                     const char *),
                                int quiet, tagger_error *err)
{
    static const char *const langs[] = {"fa", "en"};
    for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
        char name[64], path[PATH_SIZE];
        snprintf(name, sizeof name, "models/%s-%s.bin", kind, langs[i]);
        if (!find_file(d, name, path, sizeof path, quiet, err)) {
            if (quiet)
                continue;
            return err ? err->code : TAGGER_ERR_IO;
        }
        tagger_status st = set(cfg, langs[i], path);
        if (st != TAGGER_OK)
            return tg_error_set(err, st, 0, "cannot set the %s model '%s'", kind, path);
    }
    return TAGGER_OK;
}

tagger_status tagger_config_add_defaults_ex(tagger_config *cfg, const char *data_dir,
                                            unsigned parts, tagger_error *err)
{
    if (!cfg || (parts & ~(unsigned)(TAGGER_DEFAULT_ALL | TAGGER_DEFAULT_IF_PRESENT)))
        return tg_error_set(err, TAGGER_ERR_USAGE, 0,
                            "tagger_config_add_defaults: no config or unknown parts");
    data_dirs d;
    find_dirs(&d, data_dir);
    int quiet = (parts & TAGGER_DEFAULT_IF_PRESENT) != 0;
    tagger_status st = TAGGER_OK;
    if (parts & TAGGER_DEFAULT_GAZETTEER) {
        char path[PATH_SIZE];
        if (find_file(&d, "gazetteer.bin", path, sizeof path, quiet, err)) {
            if ((st = tagger_config_add_gazetteer(cfg, path)) != TAGGER_OK)
                return tg_error_set(err, st, 0, "out of memory");
        } else if (!quiet) {
            return err ? err->code : TAGGER_ERR_IO;
        }
    }
    if ((parts & TAGGER_DEFAULT_RULES) && (st = add_rules(cfg, &d, quiet, err)) != TAGGER_OK)
        return st;
    if ((parts & TAGGER_DEFAULT_TOPIC_MODELS) &&
        (st = add_models(cfg, &d, "topics", tagger_config_set_topic_model, quiet, err)) !=
            TAGGER_OK)
        return st;
    if (parts & TAGGER_DEFAULT_NER_MODELS)
        st = add_models(cfg, &d, "ner", tagger_config_set_ner_model, quiet, err);
    return st;
}

tagger_status tagger_config_add_defaults(tagger_config *cfg, const char *data_dir,
                                         tagger_error *err)
{
    return tagger_config_add_defaults_ex(cfg, data_dir, TAGGER_DEFAULT_ALL, err);
}

tagger *tagger_new_default(tagger_error *err)
{
    tagger_config *cfg = tagger_config_new();
    if (!cfg) {
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    tagger *t = tagger_config_add_defaults(cfg, NULL, err) == TAGGER_OK ? tagger_new(cfg, err)
                                                                         : NULL;
    tagger_config_free(cfg);
    return t;
}
