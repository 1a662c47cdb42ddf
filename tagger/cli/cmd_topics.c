/*
 * cmd_topics.c — `tagger topics train|eval`: train a topic model on
 * labelled JSONL articles and score one on others.
 *
 * Both read JSONL, one article a line: "text" (with "title" put in front
 * when present) and a label field (default "label").  A label map
 * (--iptc-map) renames source labels to topics and gives their IPTC codes;
 * documents whose label it maps to "-" or does not list are left out.
 * Training hands every kept document to the library's trainer; eval tags
 * every document with the model alone (no gazetteer, every label kept) and
 * compares the best label with the gold one: accuracy, per-label
 * precision, recall and F1, macro-F1 over the labels seen, and the
 * confusion matrix; --predictions writes every document's gold and
 * predicted labels for reading the errors.  Speed is reported by wall clock
 * and by CPU time; the classifier's own CPU time is that of a second pass
 * up to tokens only, subtracted.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static const char *const usage =
    "Usage: tagger topics train --train FILE.jsonl... -o MODEL [OPTIONS]\n"
    "       tagger topics eval --model MODEL [OPTIONS] FILE.jsonl...\n"
    "\n"
    "Input: JSONL, one article a line, {\"text\": ..., \"label\": ...}; a \"title\"\n"
    "is put in front of the text.  Lines that cannot be read are reported as\n"
    "FILE:LINE, skipped and counted.\n"
    "\n"
    "Both:\n"
    "  --label-field NAME     the label's field (default: label)\n"
    "  --text-field NAME      the text's field (default: text)\n"
    "  --iptc-map FILE        map source labels to topics and IPTC codes: TSV\n"
    "                         lines LABEL<TAB>TOPIC[<TAB>medtop:CODE], or a file\n"
    "                         with a header naming original_label, iptc_top and\n"
    "                         optionally iptc_name (\"... (11000000)\") columns.\n"
    "                         TOPIC '-' drops the label; labels the map lacks\n"
    "                         are dropped too.  Without a code, a known topic\n"
    "                         name (politics, economy, sport, arts, scitech,\n"
    "                         society, health, ...) gets its IPTC code.\n"
    "  -q, --quiet            no warnings about skipped lines\n"
    "\n"
    "train:\n"
    "  --train FILE           labelled articles (repeatable)\n"
    "  -o, --output MODEL     the model file to write\n"
    "  --lang fa|en|...       language written into the model\n"
    "  --min-docs N           leave out labels with fewer documents (default 1)\n"
    "  --algorithm A          cnb (complement naive Bayes, default), nb\n"
    "                         (multinomial naive Bayes) or logreg (softmax\n"
    "                         regression by averaged SGD)\n"
    "  --bits B               2^B hashed feature buckets, 8..24 (default 18)\n"
    "  --epochs N             SGD passes (default 8)\n"
    "  --rate X               initial SGD learning rate (default 1.0)\n"
    "  --smoothing X          naive Bayes additive smoothing (default 0.03)\n"
    "  --no-pairs             words only, no word pairs\n"
    "  --idf                  weigh features by inverse document frequency\n"
    "  --stems                light-stemmed Persian words as features too\n"
    "  --char-grams           character 4-grams of words as features too\n"
    "  --prefixes             the first five letters of longer words too\n"
    "  --normalize-weights    complement NB weights at unit L1 norm per label\n"
    "  --balance              weigh labels inversely to their document counts\n"
    "  --no-calibrate         temperature 1 (no held-out calibration)\n"
    "  --boilerplate FILE     more boilerplate patterns, one a line\n"
    "  --no-default-boilerplate   leave the built-in patterns out\n"
    "  --seed N               shuffling and hold-out seed (default 1)\n"
    "  --keep-duplicates      keep repeated texts (default: first copy only)\n"
    "\n"
    "eval:\n"
    "  --model MODEL          the model to score\n"
    "  --labels L,L,...       score only documents whose gold label is listed\n"
    "  --json                 one JSON object instead of the tables\n"
    "  --predictions FILE     also write every scored document as a TSV line:\n"
    "                         id, source label, gold, predicted, p, second, p2\n"
    "\n"
    "Exit status: 0 ok, 2 usage or I/O error, 3 the model failed to load.\n";

/* ------------------------------------------------------------ label map */

typedef struct {
    char *from, *topic, *code; /* topic "-" drops */
} map_entry;

typedef struct {
    map_entry *e;
    size_t n;
    int loaded;
} label_map;

static void map_free(label_map *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->e[i].from);
        free(m->e[i].topic);
        free(m->e[i].code);
    }
    free(m->e);
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

/* Splits a line at TABs into at most `max` fields (in place). */
static size_t split_tabs(char *line, char **f, size_t max)
{
    size_t n = 0;
    f[n++] = line;
    for (char *p = line; *p && n < max; p++)
        if (*p == '\t') {
            *p = '\0';
            f[n++] = p + 1;
        }
    return n;
}

/* "politics (11000000)" -> "medtop:11000000" in out, or 0. */
static int code_from_name(const char *s, char *out, size_t cap)
{
    const char *open = strrchr(s, '(');
    if (!open || strspn(open + 1, "0123456789") != 8 || open[9] != ')')
        return 0;
    snprintf(out, cap, "medtop:%.8s", open + 1);
    return 1;
}

static int map_load(label_map *m, const char *path)
{
    size_t len;
    char *buf = cli_read_all(path, &len);
    if (!buf)
        return -1;
    int header = -1, col_from = 0, col_topic = 1, col_name = -1, rc = 0;
    size_t lineno = 0;
    for (char *line = buf, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        size_t l = strlen(line);
        if (l && line[l - 1] == '\r')
            line[--l] = '\0';
        if (l == 0 || line[0] == '#')
            continue;
        char *f[16];
        size_t nf = split_tabs(line, f, 16);
        if (header < 0) {
            header = 0;
            for (size_t i = 0; i < nf; i++) {
                if (strcmp(f[i], "original_label") == 0)
                    col_from = (int)i, header = 1;
                else if (strcmp(f[i], "iptc_top") == 0)
                    col_topic = (int)i;
                else if (strcmp(f[i], "iptc_name") == 0)
                    col_name = (int)i;
            }
            if (header)
                continue;
        }
        if ((size_t)col_from >= nf || (size_t)col_topic >= nf || !*f[col_topic]) {
            cli_error("%s:%zu: expected LABEL<TAB>TOPIC[<TAB>CODE]", path, lineno);
            rc = -1;
            break;
        }
        char code[32] = "";
        if (header && col_name >= 0 && (size_t)col_name < nf)
            code_from_name(f[col_name], code, sizeof code);
        else if (!header && nf >= 3 && *f[2])
            snprintf(code, sizeof code, "%.31s", f[2]);
        if (!code[0] && tagger_iptc_code(f[col_topic]))
            snprintf(code, sizeof code, "%s", tagger_iptc_code(f[col_topic]));
        map_entry *grown = realloc(m->e, (m->n + 1) * sizeof *grown);
        if (!grown) {
            cli_error("out of memory");
            rc = -1;
            break;
        }
        m->e = grown;
        map_entry e = {dup_n(f[col_from], strlen(f[col_from])),
                       dup_n(f[col_topic], strlen(f[col_topic])), dup_n(code, strlen(code))};
        m->e[m->n++] = e;
        if (!e.from || !e.topic || !e.code) {
            cli_error("out of memory");
            rc = -1;
            break;
        }
    }
    free(buf);
    m->loaded = 1;
    return rc;
}

/* Maps a source label: 1 with topic/code set, 0 when the label is dropped. */
static int map_label(const label_map *m, const char *label, const char **topic,
                     const char **code)
{
    if (!m->loaded) {
        *topic = label;
        *code = tagger_iptc_code(label);
        return 1;
    }
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->e[i].from, label) == 0) {
            if (strcmp(m->e[i].topic, "-") == 0)
                return 0;
            *topic = m->e[i].topic;
            *code = m->e[i].code[0] ? m->e[i].code : NULL;
            return 1;
        }
    return 0;
}

/* ----------------------------------------------------------- JSONL input */

typedef struct {
    char *text; /* title + text */
    size_t len;
    char *label; /* mapped */
    const char *code;
    uint64_t hash;
    char *id;     /* the "id" field, or "FILE:LINE" */
    char *source; /* the label before mapping */
} record;

typedef struct {
    record *r;
    size_t n, cap;
    size_t lines, malformed, unmapped, duplicates, bytes;
} record_set;

typedef struct {
    const char *label_field, *text_field;
    label_map map;
    int quiet, keep_duplicates;
} read_options;

static void records_free(record_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->r[i].text);
        free(s->r[i].label);
        free(s->r[i].id);
        free(s->r[i].source);
    }
    free(s->r);
}

static uint64_t text_hash(const char *s, size_t n)
{
    uint64_t h = 0xCBF29CE484222325ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001B3ull;
    return h;
}

static void warn(const read_options *o, const char *file, size_t line, const char *why)
{
    if (!o->quiet)
        fprintf(stderr, "tagger: warning: %s:%zu: %s; line skipped\n", file, line, why);
}

/* Reads one JSONL file into `s`.  Returns 0, or -1 after an I/O error. */
static int read_jsonl(const char *path, const read_options *o, record_set *s)
{
    size_t len;
    char *buf = cli_read_all(path, &len);
    if (!buf)
        return -1;
    const char *name = cli_input_name(path);
    size_t pos = 0, lineno = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        pos = 3;
    while (pos < len) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        const char *line = buf + pos;
        size_t llen = end - pos;
        pos = end + 1;
        lineno++;
        while (llen && (line[llen - 1] == '\r' || line[llen - 1] == ' '))
            llen--;
        if (llen == 0)
            continue;
        s->lines++;
        cJSON *j = cJSON_ParseWithLength(line, llen);
        const cJSON *text = j ? cJSON_GetObjectItemCaseSensitive(j, o->text_field) : NULL;
        const cJSON *title = j ? cJSON_GetObjectItemCaseSensitive(j, "title") : NULL;
        const cJSON *label = j ? cJSON_GetObjectItemCaseSensitive(j, o->label_field) : NULL;
        if (cJSON_IsArray(label))
            label = cJSON_GetArrayItem(label, 0);
        const char *why = !j                        ? "not valid JSON"
                          : !cJSON_IsString(text)   ? "no text string"
                          : !cJSON_IsString(label)  ? "no label string"
                          : !*label->valuestring    ? "empty label"
                                                    : NULL;
        if (why) {
            warn(o, name, lineno, why);
            s->malformed++;
            cJSON_Delete(j);
            continue;
        }
        const char *topic, *code;
        if (!map_label(&o->map, label->valuestring, &topic, &code)) {
            s->unmapped++;
            cJSON_Delete(j);
            continue;
        }
        size_t tl = cJSON_IsString(title) ? strlen(title->valuestring) : 0;
        size_t xl = strlen(text->valuestring);
        char *t = malloc(tl + 2 + xl + 1);
        char *lab = dup_n(topic, strlen(topic));
        if (s->n == s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 1024;
            record *g = realloc(s->r, cap * sizeof *g);
            if (g) {
                s->r = g;
                s->cap = cap;
            }
        }
        if (!t || !lab || s->n == s->cap) {
            free(t);
            free(lab);
            cJSON_Delete(j);
            free(buf);
            cli_error("%s: out of memory", name);
            return -1;
        }
        size_t n = 0;
        if (tl) {
            memcpy(t, title->valuestring, tl);
            memcpy(t + tl, "\n\n", 2);
            n = tl + 2;
        }
        memcpy(t + n, text->valuestring, xl);
        n += xl;
        t[n] = '\0';
        const cJSON *idj = cJSON_GetObjectItemCaseSensitive(j, "id");
        char where[64];
        snprintf(where, sizeof where, ":%zu", lineno);
        char *id = cJSON_IsString(idj) ? dup_n(idj->valuestring, strlen(idj->valuestring))
                                       : malloc(strlen(name) + strlen(where) + 1);
        if (id && !cJSON_IsString(idj))
            sprintf(id, "%s%s", name, where);
        char *source = dup_n(label->valuestring, strlen(label->valuestring));
        cJSON_Delete(j);
        if (!id || !source) {
            free(t), free(lab), free(id), free(source), free(buf);
            cli_error("%s: out of memory", name);
            return -1;
        }
        record r = {t, n, lab, code, text_hash(t, n), id, source};
        if (!o->keep_duplicates) {
            int dup = 0;
            for (size_t i = 0; i < s->n && !dup; i++)
                dup = s->r[i].hash == r.hash && s->r[i].len == n && memcmp(s->r[i].text, t, n) == 0;
            if (dup) {
                s->duplicates++;
                free(t);
                free(lab);
                free(r.id);
                free(r.source);
                continue;
            }
        }
        s->bytes += n;
        s->r[s->n++] = r;
    }
    free(buf);
    return 0;
}

static double clock_of(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void)
{
    return clock_of(CLOCK_MONOTONIC);
}

/* CPU time of this process (user + system): fair on a shared machine. */
static double cpu_now(void)
{
    return clock_of(CLOCK_PROCESS_CPUTIME_ID);
}

/* Common options; returns 1 if consumed, 0 if not, -1 on error. */
static int common_option(int argc, char **argv, int *i, read_options *o)
{
    const char *a = argv[*i], *next = *i + 1 < argc ? argv[*i + 1] : NULL;
    if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
        o->quiet = 1;
        return 1;
    }
    if (strcmp(a, "--label-field") != 0 && strcmp(a, "--text-field") != 0 &&
        strcmp(a, "--iptc-map") != 0)
        return 0;
    if (!next) {
        cli_error("%s needs a value", a);
        return -1;
    }
    (*i)++;
    if (strcmp(a, "--label-field") == 0)
        o->label_field = next;
    else if (strcmp(a, "--text-field") == 0)
        o->text_field = next;
    else if (o->map.loaded) {
        cli_error("--iptc-map given twice");
        return -1;
    } else if (map_load(&o->map, next) != 0)
        return -1;
    return 1;
}

static void report_input(const record_set *s, const char *what)
{
    fprintf(stderr,
            "tagger: %s: %zu documents kept of %zu lines (%zu malformed, %zu unmapped, %zu "
            "duplicates)\n",
            what, s->n, s->lines, s->malformed, s->unmapped, s->duplicates);
}

/* ----------------------------------------------------------------- train */

static int parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s ? s : "", &end, 10);
    if (!s || end == s || *end || errno || s[0] == '-' || v > max)
        return -1;
    *out = v;
    return 0;
}

static char **read_lines(const char *path, size_t *n)
{
    size_t len;
    char *buf = cli_read_all(path, &len);
    if (!buf)
        return NULL;
    char **lines = calloc(len / 2 + 2, sizeof *lines);
    *n = 0;
    if (!lines) {
        free(buf);
        return NULL;
    }
    for (char *line = buf, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        size_t l = strlen(line);
        if (l && line[l - 1] == '\r')
            line[--l] = '\0';
        if (l && line[0] != '#')
            lines[(*n)++] = dup_n(line, l);
        if (!next || !*next)
            break;
    }
    free(buf);
    return lines;
}

static int cmp_label_docs(const void *a, const void *b)
{
    return strcmp(((const record *)a)->label, ((const record *)b)->label);
}

static int train_cmd(int argc, char **argv)
{
    read_options ro = {"label", "text", {NULL, 0, 0}, 0, 0};
    tagger_topic_train_options opt;
    tagger_topic_train_options_init(&opt);
    const char *out = NULL, *bp_file = NULL;
    const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    size_t ninputs = 0;
    unsigned long long min_docs = 1, v;
    int rc = EXIT_USAGE;
    record_set s;
    memset(&s, 0, sizeof s);
    char **bp = NULL;
    size_t nbp = 0;
    tagger *t = NULL;
    tagger_topic_trainer *tr = NULL;
    if (!inputs)
        return EXIT_USAGE;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        int c = common_option(argc, argv, &i, &ro);
        if (c < 0)
            goto done;
        if (c > 0)
            continue;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, stdout);
            rc = cli_finish_output() ? EXIT_USAGE : EXIT_OK;
            goto done;
        } else if (strcmp(a, "--no-pairs") == 0) {
            opt.word_pairs = 0;
        } else if (strcmp(a, "--idf") == 0) {
            opt.idf = 1;
        } else if (strcmp(a, "--stems") == 0) {
            opt.stems = 1;
        } else if (strcmp(a, "--char-grams") == 0) {
            opt.char_grams = 1;
        } else if (strcmp(a, "--prefixes") == 0) {
            opt.prefixes = 1;
        } else if (strcmp(a, "--normalize-weights") == 0) {
            opt.normalize_weights = 1;
        } else if (strcmp(a, "--balance") == 0) {
            opt.balance = 1;
        } else if (strcmp(a, "--no-calibrate") == 0) {
            opt.calibrate = 0;
        } else if (strcmp(a, "--no-default-boilerplate") == 0) {
            opt.no_default_boilerplate = 1;
        } else if (strcmp(a, "--keep-duplicates") == 0) {
            ro.keep_duplicates = 1;
        } else if (!next && a[0] == '-') {
            cli_error("topics train: %s needs a value (see --help)", a);
            goto done;
        } else if (strcmp(a, "--train") == 0) {
            inputs[ninputs++] = argv[++i];
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            out = argv[++i];
        } else if (strcmp(a, "--lang") == 0) {
            opt.lang = argv[++i];
        } else if (strcmp(a, "--boilerplate") == 0) {
            bp_file = argv[++i];
        } else if (strcmp(a, "--algorithm") == 0) {
            i++;
            if (strcmp(next, "logreg") == 0)
                opt.algorithm = TAGGER_TOPIC_LOGREG;
            else if (strcmp(next, "nb") == 0)
                opt.algorithm = TAGGER_TOPIC_NB;
            else if (strcmp(next, "cnb") == 0)
                opt.algorithm = TAGGER_TOPIC_CNB;
            else {
                cli_error("--algorithm: expected logreg, nb or cnb, got '%s'", next);
                goto done;
            }
        } else if (strcmp(a, "--min-docs") == 0 || strcmp(a, "--bits") == 0 ||
                   strcmp(a, "--epochs") == 0 || strcmp(a, "--seed") == 0) {
            i++;
            if (parse_uint(next, strcmp(a, "--seed") == 0 ? UINT64_MAX : 1000000, &v) != 0) {
                cli_error("%s: expected a non-negative integer, got '%s'", a, next);
                goto done;
            }
            if (strcmp(a, "--min-docs") == 0)
                min_docs = v;
            else if (strcmp(a, "--bits") == 0)
                opt.bucket_bits = (unsigned)v;
            else if (strcmp(a, "--epochs") == 0)
                opt.epochs = (unsigned)v;
            else
                opt.seed = v;
        } else if (strcmp(a, "--rate") == 0 || strcmp(a, "--smoothing") == 0) {
            char *end;
            double *dst = strcmp(a, "--rate") == 0 ? &opt.learning_rate : &opt.smoothing;
            *dst = strtod(next, &end);
            i++;
            if (*end || !(*dst > 0)) {
                cli_error("%s: expected a positive number, got '%s'", a, next);
                goto done;
            }
        } else {
            cli_error("topics train: unknown argument '%s' (see --help)", a);
            goto done;
        }
    }
    if (ninputs == 0 || !out) {
        cli_error("topics train: need --train FILE.jsonl ... -o MODEL (see --help)");
        goto done;
    }
    if (bp_file) {
        bp = read_lines(bp_file, &nbp);
        if (!bp)
            goto done;
        opt.boilerplate = (const char *const *)bp;
        opt.nboilerplate = nbp;
    }
    double t0 = now();
    for (size_t i = 0; i < ninputs; i++)
        if (read_jsonl(inputs[i], &ro, &s) != 0)
            goto done;
    report_input(&s, "train");

    /* labels with too few documents are left out (counted, sorted by name) */
    record *sorted = malloc((s.n ? s.n : 1) * sizeof *sorted);
    if (!sorted)
        goto done;
    memcpy(sorted, s.r, s.n * sizeof *sorted);
    qsort(sorted, s.n, sizeof *sorted, cmp_label_docs);
    char **rare = calloc(s.n + 1, sizeof *rare);
    size_t nrare = 0;
    for (size_t i = 0; rare && i < s.n;) {
        size_t j = i;
        while (j < s.n && strcmp(sorted[j].label, sorted[i].label) == 0)
            j++;
        if (j - i < min_docs) {
            fprintf(stderr, "tagger: train: label '%s' left out: %zu documents < --min-docs %llu\n",
                    sorted[i].label, j - i, min_docs);
            rare[nrare++] = sorted[i].label;
        }
        i = j;
    }
    free(sorted);
    if (!rare)
        goto done;

    tagger_error err = {0};
    tagger_config *cfg = tagger_config_new();
    if (cfg)
        t = tagger_new(cfg, &err);
    tagger_config_free(cfg);
    if (t)
        tr = tagger_topic_trainer_new(t, &opt, &err);
    if (!tr) {
        cli_error("%s", cfg ? err.message : "out of memory");
        free(rare);
        goto done;
    }
    for (size_t i = 0; i < s.n; i++) {
        int skip = 0;
        for (size_t k = 0; k < nrare && !skip; k++)
            skip = strcmp(rare[k], s.r[i].label) == 0;
        if (skip)
            continue;
        if (tagger_topic_trainer_add(tr, s.r[i].text, s.r[i].len, s.r[i].label, s.r[i].code,
                                     &err) != TAGGER_OK) {
            if (err.code == TAGGER_ERR_INVALID_UTF8 || err.code == TAGGER_ERR_TOO_LARGE) {
                if (!ro.quiet)
                    fprintf(stderr, "tagger: warning: document %zu: %s; skipped\n", i + 1,
                            err.message);
                continue;
            }
            cli_error("%s", err.message);
            free(rare);
            goto done;
        }
    }
    free(rare);
    double t1 = now();
    tagger_topic_train_report rep;
    if (tagger_topic_trainer_write(tr, out, &rep, &err) != TAGGER_OK) {
        cli_error("%s", err.message);
        goto done; /* rc is EXIT_USAGE: an I/O or usage error */
    }
    double t2 = now();
    printf("model: %s (%zu bytes)\n", out, rep.file_bytes);
    printf("documents: %zu, labels: %zu, buckets: %zu of %zu used\n", rep.documents, rep.labels,
           rep.buckets_used, rep.buckets);
    for (size_t i = 0; i < tagger_topic_trainer_label_count(tr); i++) {
        const char *code;
        size_t docs;
        const char *name = tagger_topic_trainer_label(tr, i, &code, &docs);
        printf("  %-16s %-16s %6zu\n", name, *code ? code : "-", docs);
    }
    if (rep.holdout_documents)
        printf("calibration: temperature %.4f, held-out accuracy %.4f on %zu documents\n",
               rep.temperature, rep.holdout_accuracy, rep.holdout_documents);
    printf("time: %.2f s reading and featurizing, %.2f s training\n", t1 - t0, t2 - t1);
    rc = cli_finish_output() ? EXIT_USAGE : EXIT_OK;

done:
    tagger_topic_trainer_free(tr);
    tagger_free(t);
    for (size_t i = 0; i < nbp; i++)
        free(bp[i]);
    free(bp);
    records_free(&s);
    map_free(&ro.map);
    free(inputs);
    return rc;
}

/* ------------------------------------------------------------------ eval */

typedef struct {
    char **names;
    size_t n;
} name_list;

static size_t name_index(name_list *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->names[i], s) == 0)
            return i;
    char **g = realloc(l->names, (l->n + 1) * sizeof *g);
    char *d = dup_n(s, strlen(s));
    if (!g || !d) {
        free(d);
        if (g)
            l->names = g;
        return SIZE_MAX;
    }
    l->names = g;
    l->names[l->n] = d;
    return l->n++;
}

static int in_csv(const char *csv, const char *s)
{
    size_t n = strlen(s);
    for (const char *p = csv; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t l = comma ? (size_t)(comma - p) : strlen(p);
        if (l == n && memcmp(p, s, n) == 0)
            return 1;
        p = comma ? comma + 1 : NULL;
    }
    return 0;
}

static double ratio(size_t a, size_t b)
{
    return b ? (double)a / (double)b : 0.0;
}

static int eval_cmd(int argc, char **argv)
{
    read_options ro = {"label", "text", {NULL, 0, 0}, 0, 1};
    const char *model = NULL, *only = NULL, *pred_path = NULL;
    FILE *pf = NULL;
    int json = 0, rc = EXIT_USAGE;
    const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    size_t ninputs = 0;
    record_set s;
    memset(&s, 0, sizeof s);
    name_list names = {NULL, 0};
    size_t *conf = NULL;
    tagger *t = NULL;
    if (!inputs)
        return EXIT_USAGE;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        int c = common_option(argc, argv, &i, &ro);
        if (c < 0)
            goto done;
        if (c > 0)
            continue;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, stdout);
            rc = cli_finish_output() ? EXIT_USAGE : EXIT_OK;
            goto done;
        } else if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if ((strcmp(a, "--model") == 0 || strcmp(a, "--labels") == 0 ||
                    strcmp(a, "--predictions") == 0) &&
                   next) {
            *(strcmp(a, "--model") == 0    ? &model
              : strcmp(a, "--labels") == 0 ? &only
                                           : &pred_path) = next;
            i++;
        } else if (a[0] == '-' && a[1] != '\0') {
            cli_error("topics eval: unknown option '%s' (see --help)", a);
            goto done;
        } else {
            inputs[ninputs++] = a;
        }
    }
    if (!model || ninputs == 0) {
        cli_error("topics eval: need --model MODEL and FILE.jsonl (see --help)");
        goto done;
    }
    tagger_error err = {0};
    tagger_config *cfg = tagger_config_new();
    if (!cfg || tagger_config_set_topic_model(cfg, NULL, model) != TAGGER_OK ||
        tagger_config_set_topics(cfg, SIZE_MAX, 0.0) != TAGGER_OK) {
        tagger_config_free(cfg);
        cli_error("out of memory");
        goto done;
    }
    t = tagger_new(cfg, &err);
    tagger_config_free(cfg);
    if (!t) {
        cli_error("%s", err.message);
        rc = err.code == TAGGER_ERR_LOAD || err.code == TAGGER_ERR_IO ? EXIT_LOAD : EXIT_USAGE;
        goto done;
    }
    for (size_t i = 0; i < ninputs; i++)
        if (read_jsonl(inputs[i], &ro, &s) != 0)
            goto done;
    if (pred_path && !(pf = fopen(pred_path, "w"))) {
        cli_error("%s: %s", pred_path, strerror(errno));
        goto done;
    }
    if (pf)
        fputs("id\tsource_label\tgold\tpredicted\tp\tsecond\tp2\n", pf);

    /* predict */
    size_t *gold = malloc((s.n ? s.n : 1) * sizeof *gold);
    size_t *pred = malloc((s.n ? s.n : 1) * sizeof *pred);
    size_t scored = 0, filtered = 0, failed = 0, bytes = 0;
    double seconds = 0, cpu_all = 0, cpu_tok = 0;
    if (!gold || !pred) {
        free(gold);
        free(pred);
        goto done;
    }
    for (size_t i = 0; i < s.n; i++) {
        if (only && !in_csv(only, s.r[i].label)) {
            filtered++;
            continue;
        }
        double t0 = now(), c0 = cpu_now();
        tagger_doc *doc = tagger_process(t, s.r[i].text, s.r[i].len, TAGGER_STAGE_ALL, &err);
        cpu_all += cpu_now() - c0;
        seconds += now() - t0;
        if (!doc) {
            if (!ro.quiet)
                fprintf(stderr, "tagger: warning: document %zu: %s; not scored\n", i + 1,
                        err.message);
            failed++;
            continue;
        }
        bytes += s.r[i].len;
        const tagger_topic *best = tagger_doc_topic(doc, 0);
        if (pf) {
            const tagger_topic *second = tagger_doc_topic(doc, 1);
            fprintf(pf, "%s\t%s\t%s\t%s\t%.4f\t%s\t%.4f\n", s.r[i].id, s.r[i].source,
                    s.r[i].label, best ? best->label : "(none)", best ? best->score : 0.0,
                    second ? second->label : "(none)", second ? second->score : 0.0);
        }
        gold[scored] = name_index(&names, s.r[i].label);
        pred[scored] = name_index(&names, best ? best->label : "(none)");
        for (size_t k = 0; k < tagger_doc_topic_count(doc); k++)
            name_index(&names, tagger_doc_topic(doc, k)->label);
        tagger_doc_free(doc);
        if (gold[scored] == SIZE_MAX || pred[scored] == SIZE_MAX) {
            free(gold);
            free(pred);
            cli_error("out of memory");
            goto done;
        }
        scored++;
    }
    /* the same documents again up to tokens only: the classifier's own CPU
     * time is the difference */
    for (size_t i = 0; i < s.n; i++) {
        if (only && !in_csv(only, s.r[i].label))
            continue;
        double c0 = cpu_now();
        tagger_doc *doc = tagger_process(t, s.r[i].text, s.r[i].len, TAGGER_STAGE_TOKENIZE, &err);
        cpu_tok += cpu_now() - c0;
        tagger_doc_free(doc);
    }
    size_t L = names.n;
    conf = calloc(L * L + 1, sizeof *conf);
    if (!conf) {
        free(gold);
        free(pred);
        goto done;
    }
    size_t right = 0;
    for (size_t i = 0; i < scored; i++) {
        conf[gold[i] * L + pred[i]]++;
        right += gold[i] == pred[i];
    }
    free(gold);
    free(pred);

    /* per label: gold = row sum, pred = column sum, tp = diagonal; macro-F1
     * over the labels that occur as gold or prediction (as scikit-learn) */
    double macro = 0;
    size_t nmacro = 0;
    cJSON *root = json ? cJSON_CreateObject() : NULL;
    cJSON *jl = json ? cJSON_CreateObject() : NULL;
    if (!json) {
        printf("documents: %zu scored (%zu lines, %zu malformed, %zu unmapped, %zu not in "
               "--labels, %zu failed)\n",
               scored, s.lines, s.malformed, s.unmapped, filtered, failed);
        printf("accuracy: %.2f%% (%zu/%zu)\n", 100 * ratio(right, scored), right, scored);
    }
    for (size_t c = 0; c < L; c++) {
        size_t g = 0, p = 0, tp = conf[c * L + c];
        for (size_t k = 0; k < L; k++) {
            g += conf[c * L + k];
            p += conf[k * L + c];
        }
        if (g + p == 0)
            continue;
        double P = ratio(tp, p), R = ratio(tp, g), F = P + R > 0 ? 2 * P * R / (P + R) : 0;
        macro += F;
        nmacro++;
        if (json) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "gold", (double)g);
            cJSON_AddNumberToObject(o, "pred", (double)p);
            cJSON_AddNumberToObject(o, "correct", (double)tp);
            cJSON_AddNumberToObject(o, "precision", P);
            cJSON_AddNumberToObject(o, "recall", R);
            cJSON_AddNumberToObject(o, "f1", F);
            cJSON_AddItemToObject(jl, names.names[c], o);
        }
    }
    macro = nmacro ? macro / (double)nmacro : 0;
    if (json) {
        cJSON_AddNumberToObject(root, "documents", (double)scored);
        cJSON_AddNumberToObject(root, "lines", (double)s.lines);
        cJSON_AddNumberToObject(root, "malformed", (double)s.malformed);
        cJSON_AddNumberToObject(root, "unmapped", (double)s.unmapped);
        cJSON_AddNumberToObject(root, "not_in_labels", (double)filtered);
        cJSON_AddNumberToObject(root, "failed", (double)failed);
        cJSON_AddNumberToObject(root, "correct", (double)right);
        cJSON_AddNumberToObject(root, "accuracy", ratio(right, scored));
        cJSON_AddNumberToObject(root, "macro_f1", macro);
        cJSON_AddItemToObject(root, "labels", jl);
        cJSON *cm = cJSON_CreateObject();
        for (size_t g = 0; g < L; g++) {
            cJSON *row = cJSON_CreateObject();
            for (size_t p = 0; p < L; p++)
                if (conf[g * L + p])
                    cJSON_AddNumberToObject(row, names.names[p], (double)conf[g * L + p]);
            if (row->child)
                cJSON_AddItemToObject(cm, names.names[g], row);
            else
                cJSON_Delete(row);
        }
        cJSON_AddItemToObject(root, "confusion", cm);
        cJSON_AddNumberToObject(root, "seconds", seconds);
        cJSON_AddNumberToObject(root, "cpu_seconds", cpu_all);
        cJSON_AddNumberToObject(root, "cpu_seconds_tokenize", cpu_tok);
        cJSON_AddNumberToObject(root, "bytes", (double)bytes);
        char *txt = cJSON_PrintUnformatted(root);
        cJSON_Delete(root);
        if (!txt || cli_write_line(txt, strlen(txt))) {
            free(txt);
            goto done;
        }
        free(txt);
    } else {
        printf("macro-F1: %.2f%%\n\n", 100 * macro);
        printf("%-16s %6s %6s %8s %8s %8s\n", "label", "gold", "pred", "P%", "R%", "F1%");
        for (size_t c = 0; c < L; c++) {
            size_t g = 0, p = 0, tp = conf[c * L + c];
            for (size_t k = 0; k < L; k++) {
                g += conf[c * L + k];
                p += conf[k * L + c];
            }
            if (g + p == 0)
                continue;
            double P = ratio(tp, p), R = ratio(tp, g), F = P + R > 0 ? 2 * P * R / (P + R) : 0;
            printf("%-16s %6zu %6zu %8.2f %8.2f %8.2f\n", names.names[c], g, p, 100 * P,
                   100 * R, 100 * F);
        }
        printf("\nconfusion (rows gold, columns predicted):\n%-16s", "");
        for (size_t p = 0; p < L; p++)
            printf(" %8.8s", names.names[p]);
        printf("\n");
        for (size_t g = 0; g < L; g++) {
            printf("%-16s", names.names[g]);
            for (size_t p = 0; p < L; p++)
                printf(" %8zu", conf[g * L + p]);
            printf("\n");
        }
        printf("\nspeed: %.0f documents/s, %.2f MB/s (normalize, tokenize, classify; one "
               "thread)\n",
               ratio(scored, 1) / (seconds > 0 ? seconds : 1e-9),
               (double)bytes / 1e6 / (seconds > 0 ? seconds : 1e-9));
        double mb = (double)bytes / 1e6, cls = cpu_all - cpu_tok;
        printf("speed (CPU time): %.2f MB/s normalize + tokenize + classify, %.2f MB/s "
               "normalize + tokenize, %.1f MB/s classify alone\n",
               mb / (cpu_all > 0 ? cpu_all : 1e-9), mb / (cpu_tok > 0 ? cpu_tok : 1e-9),
               mb / (cls > 0 ? cls : 1e-9));
    }
    rc = cli_finish_output() ? EXIT_USAGE : EXIT_OK;

done:
    if (pf && fclose(pf) != 0 && rc == EXIT_OK) {
        cli_error("%s: %s", pred_path, strerror(errno));
        rc = EXIT_USAGE;
    }
    free(conf);
    for (size_t i = 0; i < names.n; i++)
        free(names.names[i]);
    free(names.names);
    tagger_free(t);
    records_free(&s);
    map_free(&ro.map);
    free(inputs);
    return rc;
}

int cmd_topics(int argc, char **argv)
{
    if (argc >= 1 && strcmp(argv[0], "train") == 0)
        return train_cmd(argc - 1, argv + 1);
    if (argc >= 1 && strcmp(argv[0], "eval") == 0)
        return eval_cmd(argc - 1, argv + 1);
    if (argc >= 1 && (strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "--help") == 0)) {
        fputs(usage, stdout);
        return cli_finish_output() ? EXIT_USAGE : EXIT_OK;
    }
    fputs(usage, stderr);
    return EXIT_USAGE;
}
