/*
 * cmd_ner.c — `tagger ner train|eval`: train the entity recognizer on
 * gold-annotated documents and score a model.
 *
 * train reads the gold files with the eval readers (eval_gold: PEYMA,
 * ParsNER, CoNLL, JSONL), maps each gold label to an entity label (PER →
 * PERSON, LOC → GPE, ORG → ORG by default; other labels are left out, so
 * their tokens are O), and hands every document to the library's trainer
 * with the tagger loaded from the usual options: the gazetteers and rules
 * given are the ones whose matches become features.  Dev documents only
 * give the per-epoch scores.  eval is `tagger eval` with the model loaded.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "eval_gold.h"

static const char *const usage =
    "Usage: tagger ner train (--train FILE... | --train-list LIST) [--dev FILE... |\n"
    "                        --dev-list LIST] [--corpus-root DIR] -o MODEL [OPTIONS]\n"
    "       tagger ner eval --model MODEL [tagger eval options]\n"
    "\n"
    "train: learns an entity recognizer (averaged structured perceptron, Viterbi)\n"
    "from gold files in the formats of `tagger eval` (peyma, parsner, conll,\n"
    "jsonl; FILE may be a directory: its regular files, sorted by name).\n"
    "  --train FILE...         training files\n"
    "  --train-list LIST       a file naming training files, one a line\n"
    "  --dev FILE...           held-out files scored after every epoch\n"
    "  --dev-list LIST         a file naming them\n"
    "  --corpus-root DIR       where the paths of the lists are found (.)\n"
    "  --doc-sentences N       cut longer documents into runs of N sentences\n"
    "                          (a corpus without document boundaries, such as\n"
    "                          a ParsNER file, for the --history features)\n"
    "  -o, --output MODEL      the model file to write\n"
    "  --format FORMAT         peyma, parsner, conll or jsonl (default: detected\n"
    "                          per file)\n"
    "  --map G=T,...           gold label G is entity label T; labels the map\n"
    "                          lacks are left out (default: PER=PERSON,\n"
    "                          PERS=PERSON, LOC=GPE, ORG=ORG, and for jsonl\n"
    "                          PERSON, GPE, LOC, ORG as they are)\n"
    "  --epochs N              passes over the training sentences (10)\n"
    "  --bits B                2^B hashed feature buckets, 10..24 (20)\n"
    "  --bio | --bilou         tag scheme (default: BILOU)\n"
    "  --seed N                shuffling seed (1)\n"
    "  --runs N                the mean of N models trained with the seeds S,\n"
    "                          S+1, ... (S: --seed), 1..16 (1)\n"
    "  --history               the tags given to the same word earlier in the\n"
    "                          document are features (prediction history)\n"
    "  --dropout P             leave each feature out of a training step with\n"
    "                          chance P, 0..0.9 (0)\n"
    "  --word-dropout P        leave all features of a token's word itself out\n"
    "                          of a training step with chance P, 0..0.9 (0)\n"
    "  --lang L                language written into the model\n"
    "  --clusters FILE         word clusters stored in the model: lines\n"
    "                          word<TAB>id[<TAB>id...] (tools/ner, build-ner.sh),\n"
    "                          or a model file whose cluster table is reused\n"
    "  --cluster-window W      cluster features of the words i-W..i+W, 0..2 (0)\n"
    "  -q, --quiet             no progress and no reports of skipped lines\n"
    "  The tagger options (-g FILE, --no-default-gazetteer, --rules FILE,\n"
    "  --no-default-rules) choose the gazetteers and rules whose matches are\n"
    "  features; train with lists that were not mined from the training files.\n"
    "\n"
    "eval: `tagger eval --ner-model MODEL ...` (see tagger eval --help).\n"
    "\n"
    "Exit status: 0 success, 2 usage or I/O error, 3 a data file failed to load.\n";

#define DEFAULT_MAP "PER=PERSON,PERS=PERSON,LOC=GPE,ORG=ORG"
#define JSONL_MAP "PERSON=PERSON,GPE=GPE,LOC=LOC,ORG=ORG"

typedef struct {
    cli_paths train, dev;
    const char *train_list, *dev_list, *root, *output, *map_spec, *lang;
    eval_format format;
    tagger_ner_train_options opt;
    int quiet;
    cli_load_options load;

    tagger_ner_trainer *tr;
    eval_labels labels;
    eval_map map;
    eval_gold_stats stats;
    const char *file;
    int dev_pass;
    size_t doc_sentences; /* --doc-sentences N; 0: documents as read */
    tagger_span *spans;
    size_t spans_cap;
    size_t docs[2], entities[2], dropped, failed;
    int nomem;
    char error[600];
} ner_run;

/* Adds the bytes [from, to) of a gold document (whole sentences) with the
 * gold entities inside them, mapped; returns -1 to stop reading. */
static int add_part(ner_run *r, const eval_gold_doc *g, size_t from, size_t to)
{
    if (r->spans_cap < g->nspans + 1) {
        size_t cap = g->nspans + 64;
        tagger_span *v = realloc(r->spans, cap * sizeof *v);
        if (!v) {
            r->nomem = 1;
            return -1;
        }
        r->spans = v;
        r->spans_cap = cap;
    }
    size_t k = 0;
    for (size_t i = 0; i < g->nspans; i++) {
        if (g->spans[i].start < from || g->spans[i].end > to)
            continue;
        const char *to_label = eval_map_lookup(&r->map, r->labels.v[g->spans[i].label].name);
        if (!to_label) {
            r->dropped++;
            continue;
        }
        r->spans[k++] =
            (tagger_span){g->spans[i].start - from, g->spans[i].end - from, to_label};
    }
    tagger_error err = {0};
    if (tagger_ner_trainer_add(r->tr, g->text + from, to - from, r->spans, k, r->dev_pass,
                               &err) != TAGGER_OK) {
        if (err.code == TAGGER_ERR_NOMEM) {
            r->nomem = 1;
            return -1;
        }
        if (err.code == TAGGER_ERR_USAGE) { /* a label the model cannot hold */
            snprintf(r->error, sizeof r->error, "%s:%zu: %s", r->file, g->line, err.message);
            return -1;
        }
        cli_error("%s:%zu: document left out: %s", r->file, g->line, err.message);
        r->failed++;
        return 0;
    }
    r->docs[r->dev_pass]++;
    r->entities[r->dev_pass] += k;
    return 0;
}

/* eval_gold callback: adds the document, or with --doc-sentences N its
 * runs of N sentences (lines of the rebuilt text) as documents of their
 * own. */
static int add_doc(void *ctx, eval_gold_doc *g)
{
    ner_run *r = ctx;
    if (!r->doc_sentences || g->sentences <= r->doc_sentences)
        return add_part(r, g, 0, g->len);
    size_t from = 0, lines = 0;
    for (size_t i = 0; i < g->len; i++)
        if (g->text[i] == '\n' && ++lines == r->doc_sentences) {
            if (add_part(r, g, from, i + 1))
                return -1;
            from = i + 1;
            lines = 0;
        }
    return from < g->len ? add_part(r, g, from, g->len) : 0;
}

static int read_files(ner_run *r, const cli_paths *p, int dev)
{
    char msg[256];
    r->dev_pass = dev;
    for (size_t i = 0; i < p->n; i++) {
        size_t len;
        char *buf = cli_read_all(p->v[i], &len);
        if (!buf)
            return EXIT_USAGE;
        eval_format f = r->format ? r->format : eval_format_detect(buf, len);
        if (f == EVAL_FORMAT_AUTO) { /* no content */
            free(buf);
            continue;
        }
        const char *spec = r->map_spec ? r->map_spec
                                       : f == EVAL_FORMAT_JSONL ? JSONL_MAP : DEFAULT_MAP;
        if (eval_map_parse(spec, &r->map, msg, sizeof msg)) {
            free(buf);
            cli_error("--map: %s", msg);
            return EXIT_USAGE;
        }
        r->file = p->v[i];
        int rc = eval_gold_read(p->v[i], buf, len, f, &r->labels, r->quiet ? NULL : stderr,
                                &r->stats, add_doc, r);
        free(buf);
        if (rc) {
            if (r->error[0])
                cli_error("%s", r->error);
            else
                cli_error("out of memory reading '%s'", p->v[i]);
            return EXIT_USAGE;
        }
    }
    return EXIT_OK;
}

static void show_epoch(void *ud, const tagger_ner_epoch *e)
{
    const ner_run *r = ud;
    if (r->quiet)
        return;
    unsigned runs = r->opt.runs ? r->opt.runs : 1;
    if (e->run > runs) {
        fprintf(stderr, "tagger ner: mean of %u runs: dev P %.2f R %.2f F1 %.2f\n", runs,
                100 * e->dev_precision, 100 * e->dev_recall, 100 * e->dev_f1);
        return;
    }
    fprintf(stderr, "tagger ner: ");
    if (runs > 1)
        fprintf(stderr, "run %u/%u, ", e->run, runs);
    fprintf(stderr, "epoch %u/%u: %.1f s, %zu tokens mistagged (%.2f%%)", e->epoch,
            r->opt.epochs, e->seconds, e->mistakes,
            e->tokens ? 100.0 * (double)e->mistakes / (double)e->tokens : 0.0);
    if (e->has_dev)
        fprintf(stderr, "; dev P %.2f R %.2f F1 %.2f", 100 * e->dev_precision,
                100 * e->dev_recall, 100 * e->dev_f1);
    fputc('\n', stderr);
}

/* Returns -1 to go on, else the exit code. */
static int parse_train(int argc, char **argv, ner_run *r)
{
    int help = cli_help(argc, argv, usage); /* before any file is opened */
    if (help >= 0)
        return help;
    cli_paths *files = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (a[0] != '-') {
            if (!files) {
                cli_error("unexpected argument '%s' (files follow --train or --dev)", a);
                return EXIT_USAGE;
            }
            if (cli_paths_add(files, a))
                return EXIT_USAGE;
            continue;
        }
        files = NULL;
        int load = cli_parse_load_option(argc, argv, &i, &r->load);
        if (load < 0)
            return EXIT_USAGE;
        if (load)
            continue;
        uint64_t v;
        if (strcmp(a, "--train") == 0) {
            files = &r->train;
        } else if (strcmp(a, "--dev") == 0) {
            files = &r->dev;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            r->quiet = 1;
        } else if (strcmp(a, "--bio") == 0) {
            r->opt.bilou = 0;
        } else if (strcmp(a, "--bilou") == 0) {
            r->opt.bilou = 1;
        } else if (strcmp(a, "--history") == 0) {
            r->opt.history = 1;
        } else if (!next) {
            cli_error("unknown option '%s' or missing value (see --help)", a);
            return EXIT_USAGE;
        } else {
            i++;
            if (strcmp(a, "--train-list") == 0) {
                r->train_list = next;
            } else if (strcmp(a, "--dev-list") == 0) {
                r->dev_list = next;
            } else if (strcmp(a, "--corpus-root") == 0) {
                r->root = next;
            } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
                r->output = next;
            } else if (strcmp(a, "--map") == 0) {
                r->map_spec = next;
            } else if (strcmp(a, "--lang") == 0) {
                r->opt.lang = next;
            } else if (strcmp(a, "--clusters") == 0) {
                r->opt.clusters = next;
            } else if (strcmp(a, "--dropout") == 0 || strcmp(a, "--word-dropout") == 0) {
                char *end;
                errno = 0;
                double x = strtod(next, &end);
                if (end == next || *end || errno || !(x >= 0 && x <= 0.9)) {
                    cli_error("%s: expected a number from 0 to 0.9, got '%s'", a, next);
                    return EXIT_USAGE;
                }
                if (strcmp(a, "--dropout") == 0)
                    r->opt.dropout = x;
                else
                    r->opt.word_dropout = x;
            } else if (strcmp(a, "--cluster-window") == 0) {
                if (cli_parse_uint(a, next, 0, 2, "a number", &v))
                    return EXIT_USAGE;
                r->opt.cluster_window = (unsigned)v;
            } else if (strcmp(a, "--format") == 0) {
                if (eval_format_parse(next, &r->format)) {
                    cli_error("--format: expected conll, peyma, parsner or jsonl, got '%s'",
                              next);
                    return EXIT_USAGE;
                }
            } else if (strcmp(a, "--epochs") == 0) {
                if (cli_parse_uint(a, next, 0, 1000, "a number", &v))
                    return EXIT_USAGE;
                r->opt.epochs = (unsigned)v;
            } else if (strcmp(a, "--doc-sentences") == 0) {
                if (cli_parse_uint(a, next, 0, 1000000, "a number", &v))
                    return EXIT_USAGE;
                r->doc_sentences = (size_t)v;
            } else if (strcmp(a, "--runs") == 0) {
                if (cli_parse_uint(a, next, 1, 16, "a number", &v))
                    return EXIT_USAGE;
                r->opt.runs = (unsigned)v;
            } else if (strcmp(a, "--bits") == 0) {
                if (cli_parse_uint(a, next, 0, 24, "a number", &v))
                    return EXIT_USAGE;
                r->opt.bucket_bits = (unsigned)v;
            } else if (strcmp(a, "--seed") == 0) {
                if (cli_parse_uint(a, next, 0, UINT64_MAX, "a number", &v))
                    return EXIT_USAGE;
                r->opt.seed = v;
            } else {
                cli_error("unknown option '%s' (see --help)", a);
                return EXIT_USAGE;
            }
        }
    }
    if (!r->output) {
        cli_error("no model file: give -o MODEL (see --help)");
        return EXIT_USAGE;
    }
    if (!r->root)
        r->root = ".";
    if ((r->train_list && cli_paths_add_list(&r->train, r->train_list, r->root)) ||
        (r->dev_list && cli_paths_add_list(&r->dev, r->dev_list, r->root)))
        return EXIT_USAGE;
    if (r->train.n == 0) {
        cli_error("no training files: give --train FILE... or --train-list LIST");
        return EXIT_USAGE;
    }
    return -1;
}

static int ner_train(int argc, char **argv)
{
    ner_run r;
    memset(&r, 0, sizeof r);
    tagger_ner_train_options_init(&r.opt);
    r.load.no_ner_model = 1; /* features come from the lists and rules only */
    tagger *t = NULL;
    int rc = parse_train(argc, argv, &r);
    if (rc >= 0)
        goto done;
    rc = EXIT_OK;
    t = cli_load_tagger(&r.load);
    if (!t) {
        rc = EXIT_LOAD;
        goto done;
    }
    tagger_error err = {0};
    r.tr = tagger_ner_trainer_new(t, &r.opt, &err);
    if (!r.tr) {
        cli_error("%s", err.message);
        rc = EXIT_USAGE;
        goto done;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    rc = read_files(&r, &r.train, 0);
    if (rc == EXIT_OK)
        rc = read_files(&r, &r.dev, 1);
    if (rc != EXIT_OK)
        goto done;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (!r.quiet) {
        fprintf(stderr,
                "tagger ner: read %zu training documents (%zu entities) and %zu dev documents "
                "(%zu entities) in %.1f s; %zu gold entities of unmapped labels left out\n",
                r.docs[0], r.entities[0], r.docs[1], r.entities[1],
                (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9, r.dropped);
        fprintf(stderr, "tagger ner: labels");
        for (size_t i = 0; i < tagger_ner_trainer_label_count(r.tr); i++)
            fprintf(stderr, " %s", tagger_ner_trainer_label(r.tr, i));
        fputc('\n', stderr);
    }
    tagger_ner_train_report rep;
    if (tagger_ner_trainer_write(r.tr, r.output, show_epoch, &r, &rep, &err) != TAGGER_OK) {
        cli_error("%s", err.message);
        rc = EXIT_USAGE;
        goto done;
    }
    if (!r.quiet)
        fprintf(stderr,
                "tagger ner: wrote %s: %zu bytes, %zu labels, %zu tags, %.1f features per "
                "training token, %zu words in the cluster table\n",
                r.output, rep.file_bytes, rep.labels, rep.tags,
                rep.train_tokens ? (double)rep.train_features / (double)rep.train_tokens : 0.0,
                rep.cluster_words);
    if (r.failed)
        rc = EXIT_REJECTED;

done:
    tagger_ner_trainer_free(r.tr);
    tagger_free(t);
    cli_paths_free(&r.train);
    cli_paths_free(&r.dev);
    eval_labels_free(&r.labels);
    eval_map_free(&r.map);
    free(r.spans);
    return rc;
}

/* `ner eval --model M ARGS` is `eval --ner-model M ARGS`. */
static int ner_eval(int argc, char **argv)
{
    int help = cli_help(argc, argv, usage);
    if (help >= 0)
        return help;
    char **args = malloc(((size_t)argc + 1) * sizeof *args);
    if (!args) {
        cli_error("out of memory");
        return EXIT_USAGE;
    }
    int n = 0, have_model = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--model") == 0) {
            args[n++] = "--ner-model";
            have_model = 1;
        } else {
            args[n++] = argv[i];
        }
    }
    args[n] = NULL;
    int rc;
    if (!have_model) {
        cli_error("ner eval: give --model MODEL (see --help)");
        rc = EXIT_USAGE;
    } else {
        rc = cmd_eval(n, args);
    }
    free(args);
    return rc;
}

int cmd_ner(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "--help") == 0) {
        fputs(usage, argc < 1 ? stderr : stdout);
        if (argc < 1)
            return EXIT_USAGE;
        return cli_finish_output() ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[0], "train") == 0)
        return ner_train(argc - 1, argv + 1);
    if (strcmp(argv[0], "eval") == 0)
        return ner_eval(argc - 1, argv + 1);
    cli_error("ner: unknown command '%s' (expected train or eval)", argv[0]);
    return EXIT_USAGE;
}
