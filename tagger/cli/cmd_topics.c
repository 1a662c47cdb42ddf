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
    "  --algorithm A          cnb (complement NB, default), nb (multinomial NB),\n"
    "                         logreg (softmax regression by averaged SGD), nblr\n"
    "                         or cnb-lr (NB-weighted regressions, docs/topics.md)\n"
    "  --l2 X                 nblr, cnb-lr: L2 penalty, 0 to 1 (default 0.0001)\n"
    "  --bits B               2^B hashed feature buckets, 8..24 (default 18)\n"
    "  --epochs N, --rate X   SGD passes (default 8), initial rate (default 1.0)\n"
    "  --smoothing X          naive Bayes additive smoothing (default 0.03)\n"
    "  --no-pairs             words only, no word pairs\n"
    "  --idf                  weigh features by inverse document frequency\n"
    "  --stems                light-stemmed Persian words as features too\n"
    "  --char-grams           character 4-grams of words as features too\n"
    "  --prefixes             the first five letters of longer words too\n"
    "  --short-pieces         those two only in documents of at most 150 tokens\n"
    "  --normalize-weights    complement NB weights at unit L1 norm per label\n"
    "  --clusters MODEL       word clusters of an entity model as features too\n"
    "  --cluster-levels L,..  only these levels of its table (1 = coarsest)\n"
    "  --balance              weigh labels inversely to their document counts\n"
    "  --source-balance A     within a label, weigh --train files alike (A = 1)\n"
    "  --none-weight X        the documents labelled none weigh X (default 1)\n"
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
    unsigned file; /* the input it came from (0, 1, ...) */
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

static void record_free(record *r)
{
    free(r->text);
    free(r->label);
    free(r->id);
    free(r->source);
}

static void records_free(record_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        record_free(&s->r[i]);
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

/* The record of the article `j` (its text and title fields given) from
 * line `lineno` of `name`, with its source label and the topic and code
 * it maps to.  Returns 0, or -1 when out of memory. */
static int make_record(const cJSON *j, const cJSON *text, const cJSON *title, const char *source,
                       const char *topic, const char *code, const char *name, size_t lineno,
                       record *r)
{
    size_t tl = cJSON_IsString(title) ? strlen(title->valuestring) : 0;
    size_t xl = strlen(text->valuestring);
    const cJSON *idj = cJSON_GetObjectItemCaseSensitive(j, "id");
    memset(r, 0, sizeof *r);
    r->text = malloc(tl + 2 + xl + 1);
    r->label = dup_n(topic, strlen(topic));
    r->source = dup_n(source, strlen(source));
    if (cJSON_IsString(idj)) {
        r->id = dup_n(idj->valuestring, strlen(idj->valuestring));
    } else if ((r->id = malloc(strlen(name) + 32)) != NULL) {
        sprintf(r->id, "%s:%zu", name, lineno);
    }
    if (!r->text || !r->label || !r->source || !r->id) {
        record_free(r);
        return -1;
    }
    size_t n = 0;
    if (tl) {
        memcpy(r->text, title->valuestring, tl);
        memcpy(r->text + tl, "\n\n", 2);
        n = tl + 2;
    }
    memcpy(r->text + n, text->valuestring, xl);
    n += xl;
    r->text[n] = '\0';
    r->len = n;
    r->code = code;
    r->hash = text_hash(r->text, n);
    return 0;
}

static int is_duplicate(const record_set *s, const record *r)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->r[i].hash == r->hash && s->r[i].len == r->len &&
            memcmp(s->r[i].text, r->text, r->len) == 0)
            return 1;
    return 0;
}

/* Appends r to s; returns 0, or -1 when out of memory. */
static int append_record(record_set *s, const record *r)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        record *g = realloc(s->r, cap * sizeof *g);
        if (!g)
            return -1;
        s->r = g;
        s->cap = cap;
    }
    s->bytes += r->len;
    s->r[s->n++] = *r;
    return 0;
}

/* Reads one non-empty JSONL line into `s`, or counts it as malformed,
 * unmapped or a duplicate.  Returns 0, or -1 after an error. */
static int read_line(const char *line, size_t llen, const char *name, size_t lineno,
                     const read_options *o, record_set *s)
{
    cJSON *j = cJSON_ParseWithLength(line, llen);
    const cJSON *text = j ? cJSON_GetObjectItemCaseSensitive(j, o->text_field) : NULL;
    const cJSON *title = j ? cJSON_GetObjectItemCaseSensitive(j, "title") : NULL;
    const cJSON *label = j ? cJSON_GetObjectItemCaseSensitive(j, o->label_field) : NULL;
    if (cJSON_IsArray(label))
        label = cJSON_GetArrayItem(label, 0);
    const char *why = !j                       ? "not valid JSON"
                      : !cJSON_IsString(text)  ? "no text string"
                      : !cJSON_IsString(label) ? "no label string"
                      : !*label->valuestring   ? "empty label"
                                               : NULL;
    const char *topic, *code;
    record r;
    int rc = 0;
    if (why) {
        warn(o, name, lineno, why);
        s->malformed++;
    } else if (!map_label(&o->map, label->valuestring, &topic, &code)) {
        s->unmapped++;
    } else if (make_record(j, text, title, label->valuestring, topic, code, name, lineno, &r) !=
               0) {
        rc = -1;
    } else if (!o->keep_duplicates && is_duplicate(s, &r)) {
        s->duplicates++;
        record_free(&r);
    } else if (append_record(s, &r) != 0) {
        record_free(&r);
        rc = -1;
    }
    cJSON_Delete(j);
    if (rc)
        cli_error("%s: out of memory", name);
    return rc;
}

/* Reads one JSONL file into `s`.  Returns 0, or -1 after an I/O error. */
static int read_jsonl(const char *path, const read_options *o, record_set *s)
{
    size_t len;
    char *buf = cli_read_all(path, &len);
    if (!buf)
        return -1;
    const char *name = cli_input_name(path);
    cli_lines it;
    const char *line;
    size_t llen;
    int rc = 0;
    cli_lines_init(&it, buf, len);
    while (rc == 0 && cli_lines_next(&it, &line, &llen)) {
        while (llen && (line[llen - 1] == '\r' || line[llen - 1] == ' '))
            llen--;
        if (llen == 0)
            continue;
        s->lines++;
        rc = read_line(line, llen, name, it.number, o, s);
    }
    free(buf);
    return rc;
}

/* Reads every input; returns 0, or -1 after an error. */
static int read_inputs(const char *const *inputs, size_t n, const read_options *o,
                       record_set *s)
{
    for (size_t i = 0; i < n; i++) {
        size_t before = s->n;
        if (read_jsonl(inputs[i], o, s) != 0)
            return -1;
        for (size_t k = before; k < s->n; k++)
            s->r[k].file = (unsigned)i;
    }
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
    if (!next)
        return cli_error("%s needs a value", a), -1;
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

/* What parse_*_args return when the command is to go on (else an exit
 * status: EXIT_OK after --help, EXIT_USAGE after an error). */
#define GO_ON (-1)

/* --help: the usage on stdout. */
static int help(void)
{
    fputs(usage, stdout);
    return cli_finish_output() ? EXIT_USAGE : EXIT_OK;
}

/* ----------------------------------------------------------------- train */

/* The lines of a file that are neither empty nor comments (#), each from
 * malloc, in an array from malloc; NULL when unreadable or out of memory. */
static char **read_lines(const char *path, size_t *n)
{
    size_t len;
    char *buf = cli_read_all(path, &len);
    if (!buf)
        return NULL;
    char **lines = calloc(len / 2 + 2, sizeof *lines);
    cli_lines it;
    const char *line;
    size_t l;
    *n = 0;
    cli_lines_init(&it, buf, len);
    while (lines && cli_lines_next(&it, &line, &l))
        if (l && line[0] != '#')
            lines[(*n)++] = dup_n(line, l);
    free(buf);
    return lines;
}

static int cmp_label_docs(const void *a, const void *b)
{
    return strcmp(((const record *)a)->label, ((const record *)b)->label);
}

typedef struct {
    read_options ro;
    tagger_topic_train_options opt;
    const char *out, *bp_file;
    const char **inputs;
    size_t ninputs;
    unsigned long long min_docs;
    /* what a run holds */
    record_set s;
    char **bp; /* the --boilerplate lines */
    size_t nbp;
    char **rare; /* labels left out by --min-docs */
    size_t nrare;
    tagger *t;
    tagger_topic_trainer *tr;
} train_run;

static void train_free(train_run *r)
{
    tagger_topic_trainer_free(r->tr);
    tagger_free(r->t);
    for (size_t i = 0; i < r->nbp; i++)
        free(r->bp[i]);
    free(r->bp);
    free(r->rare);
    records_free(&r->s);
    map_free(&r->ro.map);
    free(r->inputs);
}

/* The train switches (options without a value): 1 if `a` is one. */
static int train_switch(const char *a, train_run *r)
{
    const struct {
        const char *name;
        int *flag;
        int value;
    } sw[] = {{"--no-pairs", &r->opt.word_pairs, 0},    {"--idf", &r->opt.idf, 1},
              {"--stems", &r->opt.stems, 1},             {"--char-grams", &r->opt.char_grams, 1},
              {"--prefixes", &r->opt.prefixes, 1},       {"--balance", &r->opt.balance, 1},
              {"--no-calibrate", &r->opt.calibrate, 0}, {"--short-pieces", &r->opt.short_pieces, 1},
              {"--normalize-weights", &r->opt.normalize_weights, 1},
              {"--no-default-boilerplate", &r->opt.no_default_boilerplate, 1},
              {"--keep-duplicates", &r->ro.keep_duplicates, 1}};
    for (size_t i = 0; i < sizeof sw / sizeof sw[0]; i++)
        if (strcmp(a, sw[i].name) == 0) {
            *sw[i].flag = sw[i].value;
            return 1;
        }
    return 0;
}

/* The train option `a` with its value `v`.  Returns 0, or -1 after an
 * error (an unknown option among them). */
static int train_value(const char *a, const char *v, train_run *r)
{
    uint64_t n;
    char *end;
    if (strcmp(a, "--train") == 0) {
        r->inputs[r->ninputs++] = v;
    } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
        r->out = v;
    } else if (strcmp(a, "--lang") == 0) {
        r->opt.lang = v;
    } else if (strcmp(a, "--boilerplate") == 0) {
        r->bp_file = v;
    } else if (strcmp(a, "--clusters") == 0) {
        r->opt.clusters = v;
    } else if (strcmp(a, "--cluster-levels") == 0) {
        r->opt.cluster_levels = 0;
        for (const char *p = v; *p; p++)
            if (*p >= '1' && *p <= '4')
                r->opt.cluster_levels |= 1u << (*p - '1');
            else if (*p != ',')
                return cli_error("--cluster-levels: expected levels 1 to 4, got '%s'", v), -1;
    } else if (strcmp(a, "--algorithm") == 0) {
        static const char *const alg[] = {"logreg", "nb", "cnb", "nblr", "cnb-lr", NULL}; /* ids */
        for (r->opt.algorithm = 0; alg[r->opt.algorithm] && strcmp(v, alg[r->opt.algorithm]);)
            r->opt.algorithm++;
        if (!alg[r->opt.algorithm])
            return cli_error("--algorithm %s: expected logreg, nb, cnb, nblr or cnb-lr", v), -1;
    } else if (strcmp(a, "--min-docs") == 0 || strcmp(a, "--bits") == 0 ||
               strcmp(a, "--epochs") == 0 || strcmp(a, "--seed") == 0) {
        if (cli_parse_uint(a, v, 0, strcmp(a, "--seed") == 0 ? UINT64_MAX : 1000000, "a number",
                           &n) != 0)
            return -1;
        if (strcmp(a, "--min-docs") == 0)
            r->min_docs = n;
        else if (strcmp(a, "--bits") == 0)
            r->opt.bucket_bits = (unsigned)n;
        else if (strcmp(a, "--epochs") == 0)
            r->opt.epochs = (unsigned)n;
        else
            r->opt.seed = n;
    } else if (strcmp(a, "--rate") == 0 || strcmp(a, "--smoothing") == 0 ||
               strcmp(a, "--source-balance") == 0 || strcmp(a, "--l2") == 0 ||
               strcmp(a, "--none-weight") == 0) {
        double *dst = a[2] == 'r'   ? &r->opt.learning_rate
                      : a[3] == 'm' ? &r->opt.smoothing
                      : a[2] == 'l' ? &r->opt.l2
                      : a[2] == 'n' ? &r->opt.none_weight
                                    : &r->opt.source_balance;
        *dst = strtod(v, &end);
        if (*end || !(*dst > 0))
            return cli_error("%s: expected a positive number, got '%s'", a, v), -1;
    } else {
        cli_error("topics train: unknown argument '%s' (see --help)", a);
        return -1;
    }
    return 0;
}

static int parse_train_args(int argc, char **argv, train_run *r)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int c = common_option(argc, argv, &i, &r->ro);
        if (c < 0)
            return EXIT_USAGE;
        if (c > 0 || train_switch(a, r))
            continue;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
            return help();
        if (a[0] != '-') {
            cli_error("topics train: unknown argument '%s' (see --help)", a);
            return EXIT_USAGE;
        }
        if (i + 1 == argc) {
            cli_error("topics train: %s needs a value (see --help)", a);
            return EXIT_USAGE;
        }
        if (train_value(a, argv[++i], r) != 0)
            return EXIT_USAGE;
    }
    if (r->ninputs == 0 || !r->out) {
        cli_error("topics train: need --train FILE.jsonl ... -o MODEL (see --help)");
        return EXIT_USAGE;
    }
    return GO_ON;
}

/* The labels with fewer than --min-docs documents, each said on stderr
 * (by name), into r->rare.  Returns 0, or -1 when out of memory. */
static int find_rare_labels(train_run *r)
{
    const record_set *s = &r->s;
    record *sorted = malloc((s->n ? s->n : 1) * sizeof *sorted);
    r->rare = calloc(s->n + 1, sizeof *r->rare);
    if (!sorted || !r->rare) {
        free(sorted);
        return -1;
    }
    memcpy(sorted, s->r, s->n * sizeof *sorted);
    qsort(sorted, s->n, sizeof *sorted, cmp_label_docs);
    for (size_t i = 0; i < s->n;) {
        size_t j = i;
        while (j < s->n && strcmp(sorted[j].label, sorted[i].label) == 0)
            j++;
        if (j - i < r->min_docs) {
            fprintf(stderr, "tagger: train: label '%s' left out: %zu documents < --min-docs %llu\n",
                    sorted[i].label, j - i, r->min_docs);
            r->rare[r->nrare++] = sorted[i].label;
        }
        i = j;
    }
    free(sorted);
    return 0;
}

/* A tagger without gazetteers or models and its trainer.  Returns 0, or
 * -1 after an error. */
static int new_trainer(train_run *r)
{
    tagger_error err = {0};
    tagger_config *cfg = tagger_config_new();
    int have_cfg = cfg != NULL;
    if (cfg)
        r->t = tagger_new(cfg, &err);
    tagger_config_free(cfg);
    if (r->t)
        r->tr = tagger_topic_trainer_new(r->t, &r->opt, &err);
    if (!r->tr) {
        cli_error("%s", have_cfg ? err.message : "out of memory");
        return -1;
    }
    return 0;
}

/* Hands every record of a label not left out to the trainer; a document
 * that is not UTF-8 or too large is skipped with a warning.  Returns 0, or
 * -1 after an error. */
static int add_documents(train_run *r)
{
    tagger_error err = {0};
    for (size_t i = 0; i < r->s.n; i++) {
        const record *d = &r->s.r[i];
        int skip = 0;
        for (size_t k = 0; k < r->nrare && !skip; k++)
            skip = strcmp(r->rare[k], d->label) == 0;
        tagger_topic_trainer_set_source(r->tr, d->file);
        if (skip ||
            tagger_topic_trainer_add(r->tr, d->text, d->len, d->label, d->code, &err) == TAGGER_OK)
            continue;
        if (err.code != TAGGER_ERR_INVALID_UTF8 && err.code != TAGGER_ERR_TOO_LARGE) {
            cli_error("%s", err.message);
            return -1;
        }
        if (!r->ro.quiet)
            fprintf(stderr, "tagger: warning: document %zu: %s; skipped\n", i + 1, err.message);
    }
    return 0;
}

static void print_train_report(const train_run *r, const tagger_topic_train_report *rep,
                               double seconds_reading, double seconds_training)
{
    printf("model: %s (%zu bytes)\n", r->out, rep->file_bytes);
    printf("documents: %zu, labels: %zu, buckets: %zu of %zu used\n", rep->documents,
           rep->labels, rep->buckets_used, rep->buckets);
    for (size_t i = 0; i < tagger_topic_trainer_label_count(r->tr); i++) {
        const char *code;
        size_t docs;
        const char *name = tagger_topic_trainer_label(r->tr, i, &code, &docs);
        printf("  %-16s %-16s %6zu\n", name, *code ? code : "-", docs);
    }
    if (rep->holdout_documents)
        printf("calibration: temperature %.4f, held-out accuracy %.4f on %zu documents\n",
               rep->temperature, rep->holdout_accuracy, rep->holdout_documents);
    printf("time: %.2f s reading and featurizing, %.2f s training\n", seconds_reading,
           seconds_training);
}

static int run_train(train_run *r)
{
    if (r->bp_file) {
        if (!(r->bp = read_lines(r->bp_file, &r->nbp)))
            return EXIT_USAGE;
        r->opt.boilerplate = (const char *const *)r->bp;
        r->opt.nboilerplate = r->nbp;
    }
    double t0 = now();
    if (read_inputs(r->inputs, r->ninputs, &r->ro, &r->s) != 0)
        return EXIT_USAGE;
    report_input(&r->s, "train");
    if (find_rare_labels(r) != 0 || new_trainer(r) != 0 || add_documents(r) != 0)
        return EXIT_USAGE;
    double t1 = now();
    tagger_topic_train_report rep;
    tagger_error err = {0};
    if (tagger_topic_trainer_write(r->tr, r->out, &rep, &err) != TAGGER_OK) {
        cli_error("%s", err.message);
        return EXIT_USAGE; /* an I/O or usage error */
    }
    print_train_report(r, &rep, t1 - t0, now() - t1);
    return cli_finish_output() ? EXIT_USAGE : EXIT_OK;
}

static int train_cmd(int argc, char **argv)
{
    train_run r;
    memset(&r, 0, sizeof r);
    r.ro = (read_options){"label", "text", {NULL, 0, 0}, 0, 0};
    r.min_docs = 1;
    tagger_topic_train_options_init(&r.opt);
    if (!(r.inputs = calloc((size_t)argc + 1, sizeof *r.inputs)))
        return EXIT_USAGE;
    int rc = parse_train_args(argc, argv, &r);
    if (rc == GO_ON)
        rc = run_train(&r);
    train_free(&r);
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


typedef struct {
    read_options ro;
    const char *model, *only, *pred_path;
    int json;
    const char **inputs;
    size_t ninputs;
    /* what a run holds and finds */
    record_set s;
    tagger *t;
    FILE *pf;       /* --predictions */
    name_list names; /* gold and predicted labels, in order of appearance */
    size_t *gold, *pred; /* [scored], indexes into names */
    size_t scored, filtered, failed, bytes, right;
    size_t *conf; /* [gold * names + predicted] */
    double seconds, cpu_all, cpu_tok;
} eval_run;

static void eval_free(eval_run *r)
{
    free(r->gold);
    free(r->pred);
    free(r->conf);
    for (size_t i = 0; i < r->names.n; i++)
        free(r->names.names[i]);
    free(r->names.names);
    tagger_free(r->t);
    records_free(&r->s);
    map_free(&r->ro.map);
    free(r->inputs);
}

static int parse_eval_args(int argc, char **argv, eval_run *r)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        int c = common_option(argc, argv, &i, &r->ro);
        if (c < 0)
            return EXIT_USAGE;
        if (c > 0)
            continue;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            return help();
        } else if (strcmp(a, "--json") == 0) {
            r->json = 1;
        } else if ((strcmp(a, "--model") == 0 || strcmp(a, "--labels") == 0 ||
                    strcmp(a, "--predictions") == 0) &&
                   next) {
            *(strcmp(a, "--model") == 0    ? &r->model
              : strcmp(a, "--labels") == 0 ? &r->only
                                           : &r->pred_path) = next;
            i++;
        } else if (a[0] == '-' && a[1] != '\0') {
            cli_error("topics eval: unknown option '%s' (see --help)", a);
            return EXIT_USAGE;
        } else {
            r->inputs[r->ninputs++] = a;
        }
    }
    if (!r->model || r->ninputs == 0) {
        cli_error("topics eval: need --model MODEL and FILE.jsonl (see --help)");
        return EXIT_USAGE;
    }
    return GO_ON;
}

/* A tagger with the model alone, every label kept.  Returns GO_ON, or the
 * exit status after an error (EXIT_LOAD when the model does not load). */
static int load_model(eval_run *r)
{
    tagger_error err = {0};
    tagger_config *cfg = tagger_config_new();
    if (!cfg || tagger_config_set_topic_model(cfg, NULL, r->model) != TAGGER_OK ||
        tagger_config_set_topics(cfg, SIZE_MAX, 0.0) != TAGGER_OK) {
        tagger_config_free(cfg);
        cli_error("out of memory");
        return EXIT_USAGE;
    }
    r->t = tagger_new(cfg, &err);
    tagger_config_free(cfg);
    if (!r->t) {
        cli_error("%s", err.message);
        return err.code == TAGGER_ERR_LOAD || err.code == TAGGER_ERR_IO ? EXIT_LOAD : EXIT_USAGE;
    }
    return GO_ON;
}

/* Opens --predictions and writes its header line.  Returns 0, or -1 after
 * an error. */
static int open_predictions(eval_run *r)
{
    if (!r->pred_path)
        return 0;
    if (!(r->pf = fopen(r->pred_path, "w"))) {
        cli_error("%s: %s", r->pred_path, strerror(errno));
        return -1;
    }
    fputs("id\tsource_label\tgold\tpredicted\tp\tsecond\tp2\n", r->pf);
    return 0;
}

/* Closes --predictions; a write error turns `rc` EXIT_OK into EXIT_USAGE. */
static int close_predictions(eval_run *r, int rc)
{
    if (r->pf && fclose(r->pf) != 0 && rc == EXIT_OK) {
        cli_error("%s: %s", r->pred_path, strerror(errno));
        rc = EXIT_USAGE;
    }
    r->pf = NULL;
    return rc;
}

/* Records the best label of the tagged record d against its gold one,
 * and the prediction line.  Returns 0, or -1 when out of memory. */
static int score_document(eval_run *r, const record *d, const tagger_doc *doc)
{
    const tagger_topic *best = tagger_doc_topic(doc, 0);
    if (r->pf) {
        const tagger_topic *second = tagger_doc_topic(doc, 1);
        fprintf(r->pf, "%s\t%s\t%s\t%s\t%.4f\t%s\t%.4f\n", d->id, d->source, d->label,
                best ? best->label : "(none)", best ? best->score : 0.0,
                second ? second->label : "(none)", second ? second->score : 0.0);
    }
    size_t g = name_index(&r->names, d->label);
    size_t p = name_index(&r->names, best ? best->label : "(none)");
    for (size_t k = 0; k < tagger_doc_topic_count(doc); k++)
        name_index(&r->names, tagger_doc_topic(doc, k)->label);
    if (g == SIZE_MAX || p == SIZE_MAX)
        return cli_error("out of memory"), -1;
    r->gold[r->scored] = g;
    r->pred[r->scored] = p;
    r->scored++;
    return 0;
}

/* Tags every document (but those --labels leaves out) and scores its best
 * label; then tags them again up to tokens only, so that the classifier's
 * own CPU time is the difference.  Returns 0, or -1 after an error. */
static int predict(eval_run *r)
{
    const record_set *s = &r->s;
    tagger_error err = {0};
    r->gold = malloc((s->n ? s->n : 1) * sizeof *r->gold);
    r->pred = malloc((s->n ? s->n : 1) * sizeof *r->pred);
    if (!r->gold || !r->pred)
        return -1;
    for (size_t i = 0; i < s->n; i++) {
        if (r->only && !in_csv(r->only, s->r[i].label)) {
            r->filtered++;
            continue;
        }
        double t0 = now(), c0 = cpu_now();
        tagger_doc *doc = tagger_process(r->t, s->r[i].text, s->r[i].len, TAGGER_STAGE_ALL, &err);
        r->cpu_all += cpu_now() - c0;
        r->seconds += now() - t0;
        if (!doc) {
            if (!r->ro.quiet)
                fprintf(stderr, "tagger: warning: document %zu: %s; not scored\n", i + 1,
                        err.message);
            r->failed++;
            continue;
        }
        r->bytes += s->r[i].len;
        int rc = score_document(r, &s->r[i], doc);
        tagger_doc_free(doc);
        if (rc != 0)
            return -1;
    }
    for (size_t i = 0; i < s->n; i++) {
        if (r->only && !in_csv(r->only, s->r[i].label))
            continue;
        double c0 = cpu_now();
        tagger_doc *doc =
            tagger_process(r->t, s->r[i].text, s->r[i].len, TAGGER_STAGE_TOKENIZE, &err);
        r->cpu_tok += cpu_now() - c0;
        tagger_doc_free(doc);
    }
    return 0;
}

/* The confusion matrix (rows gold, columns predicted) and the number
 * right.  Returns 0, or -1 when out of memory. */
static int confusion(eval_run *r)
{
    size_t L = r->names.n;
    if (!(r->conf = calloc(L * L + 1, sizeof *r->conf)))
        return -1;
    for (size_t i = 0; i < r->scored; i++) {
        r->conf[r->gold[i] * L + r->pred[i]]++;
        r->right += r->gold[i] == r->pred[i];
    }
    return 0;
}

typedef struct {
    size_t gold, pred, tp;
    double P, R, F;
} label_score;

/* Label c's counts: gold = row sum, pred = column sum, tp = diagonal;
 * precision, recall and F1.  Returns 0 for a label that occurs neither as
 * gold nor as prediction. */
static int score_label(const eval_run *r, size_t c, label_score *ls)
{
    size_t L = r->names.n;
    ls->gold = ls->pred = 0;
    ls->tp = r->conf[c * L + c];
    for (size_t k = 0; k < L; k++) {
        ls->gold += r->conf[c * L + k];
        ls->pred += r->conf[k * L + c];
    }
    if (ls->gold + ls->pred == 0)
        return 0;
    ls->P = ratio(ls->tp, ls->pred);
    ls->R = ratio(ls->tp, ls->gold);
    ls->F = ls->P + ls->R > 0 ? 2 * ls->P * ls->R / (ls->P + ls->R) : 0;
    return 1;
}

/* Macro-F1 over the labels that occur as gold or prediction (as
 * scikit-learn). */
static double macro_f1(const eval_run *r)
{
    double macro = 0;
    size_t n = 0;
    label_score ls;
    for (size_t c = 0; c < r->names.n; c++)
        if (score_label(r, c, &ls)) {
            macro += ls.F;
            n++;
        }
    return n ? macro / (double)n : 0;
}

/* The report as one JSON object.  Returns 0, or -1 after a write error. */
static int print_json(const eval_run *r)
{
    const record_set *s = &r->s;
    size_t L = r->names.n;
    cJSON *root = cJSON_CreateObject(), *labels = cJSON_CreateObject();
    label_score ls;
    for (size_t c = 0; c < L; c++) {
        if (!score_label(r, c, &ls))
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "gold", (double)ls.gold);
        cJSON_AddNumberToObject(o, "pred", (double)ls.pred);
        cJSON_AddNumberToObject(o, "correct", (double)ls.tp);
        cJSON_AddNumberToObject(o, "precision", ls.P);
        cJSON_AddNumberToObject(o, "recall", ls.R);
        cJSON_AddNumberToObject(o, "f1", ls.F);
        cJSON_AddItemToObject(labels, r->names.names[c], o);
    }
    cJSON_AddNumberToObject(root, "documents", (double)r->scored);
    cJSON_AddNumberToObject(root, "lines", (double)s->lines);
    cJSON_AddNumberToObject(root, "malformed", (double)s->malformed);
    cJSON_AddNumberToObject(root, "unmapped", (double)s->unmapped);
    cJSON_AddNumberToObject(root, "not_in_labels", (double)r->filtered);
    cJSON_AddNumberToObject(root, "failed", (double)r->failed);
    cJSON_AddNumberToObject(root, "correct", (double)r->right);
    cJSON_AddNumberToObject(root, "accuracy", ratio(r->right, r->scored));
    cJSON_AddNumberToObject(root, "macro_f1", macro_f1(r));
    cJSON_AddItemToObject(root, "labels", labels);
    cJSON *cm = cJSON_CreateObject();
    for (size_t g = 0; g < L; g++) {
        cJSON *row = cJSON_CreateObject();
        for (size_t p = 0; p < L; p++)
            if (r->conf[g * L + p])
                cJSON_AddNumberToObject(row, r->names.names[p], (double)r->conf[g * L + p]);
        if (row->child)
            cJSON_AddItemToObject(cm, r->names.names[g], row);
        else
            cJSON_Delete(row);
    }
    cJSON_AddItemToObject(root, "confusion", cm);
    cJSON_AddNumberToObject(root, "seconds", r->seconds);
    cJSON_AddNumberToObject(root, "cpu_seconds", r->cpu_all);
    cJSON_AddNumberToObject(root, "cpu_seconds_tokenize", r->cpu_tok);
    cJSON_AddNumberToObject(root, "bytes", (double)r->bytes);
    char *txt = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    int rc = !txt || cli_write_line(txt, strlen(txt)) ? -1 : 0;
    free(txt);
    return rc;
}

/* The report as tables: counts, accuracy, macro-F1, per label precision,
 * recall and F1, the confusion matrix, the speed. */
static void print_tables(const eval_run *r)
{
    const record_set *s = &r->s;
    size_t L = r->names.n;
    printf("documents: %zu scored (%zu lines, %zu malformed, %zu unmapped, %zu not in "
           "--labels, %zu failed)\n",
           r->scored, s->lines, s->malformed, s->unmapped, r->filtered, r->failed);
    printf("accuracy: %.2f%% (%zu/%zu)\n", 100 * ratio(r->right, r->scored), r->right,
           r->scored);
    printf("macro-F1: %.2f%%\n\n", 100 * macro_f1(r));
    printf("%-16s %6s %6s %8s %8s %8s\n", "label", "gold", "pred", "P%", "R%", "F1%");
    label_score ls;
    for (size_t c = 0; c < L; c++)
        if (score_label(r, c, &ls))
            printf("%-16s %6zu %6zu %8.2f %8.2f %8.2f\n", r->names.names[c], ls.gold, ls.pred,
                   100 * ls.P, 100 * ls.R, 100 * ls.F);
    printf("\nconfusion (rows gold, columns predicted):\n%-16s", "");
    for (size_t p = 0; p < L; p++)
        printf(" %8.8s", r->names.names[p]);
    printf("\n");
    for (size_t g = 0; g < L; g++) {
        printf("%-16s", r->names.names[g]);
        for (size_t p = 0; p < L; p++)
            printf(" %8zu", r->conf[g * L + p]);
        printf("\n");
    }
    double secs = r->seconds > 0 ? r->seconds : 1e-9;
    printf("\nspeed: %.0f documents/s, %.2f MB/s (normalize, tokenize, classify; one "
           "thread)\n",
           ratio(r->scored, 1) / secs, (double)r->bytes / 1e6 / secs);
    double mb = (double)r->bytes / 1e6, cls = r->cpu_all - r->cpu_tok;
    printf("speed (CPU time): %.2f MB/s normalize + tokenize + classify, %.2f MB/s "
           "normalize + tokenize, %.1f MB/s classify alone\n",
           mb / (r->cpu_all > 0 ? r->cpu_all : 1e-9), mb / (r->cpu_tok > 0 ? r->cpu_tok : 1e-9),
           mb / (cls > 0 ? cls : 1e-9));
}

static int run_eval(eval_run *r)
{
    int rc = load_model(r);
    if (rc != GO_ON)
        return rc;
    if (read_inputs(r->inputs, r->ninputs, &r->ro, &r->s) != 0 || open_predictions(r) != 0 ||
        predict(r) != 0 || confusion(r) != 0)
        return EXIT_USAGE;
    if (r->json) {
        if (print_json(r) != 0)
            return EXIT_USAGE;
    } else {
        print_tables(r);
    }
    return cli_finish_output() ? EXIT_USAGE : EXIT_OK;
}

static int eval_cmd(int argc, char **argv)
{
    eval_run r;
    memset(&r, 0, sizeof r);
    r.ro = (read_options){"label", "text", {NULL, 0, 0}, 0, 1};
    if (!(r.inputs = calloc((size_t)argc + 1, sizeof *r.inputs)))
        return EXIT_USAGE;
    int rc = parse_eval_args(argc, argv, &r);
    if (rc == GO_ON)
        rc = run_eval(&r);
    rc = close_predictions(&r, rc);
    eval_free(&r);
    return rc;
}


int cmd_topics(int argc, char **argv)
{
    if (argc >= 1 && strcmp(argv[0], "train") == 0)
        return train_cmd(argc - 1, argv + 1);
    if (argc >= 1 && strcmp(argv[0], "eval") == 0)
        return eval_cmd(argc - 1, argv + 1);
    if (argc >= 1 && (strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "--help") == 0))
        return help();
    fputs(usage, stderr);
    return EXIT_USAGE;
}
