/*
 * cmd_bulk.c — `tagger --jsonl [FILE]` and `tagger -r DIR...`: the bulk
 * command.  It parses the options, loads one tagger for all threads, opens
 * the source, runs the pipeline (bulk.h explains the design) and reports:
 * progress on stderr while it runs (when stderr is a terminal, or with
 * --progress), a summary at the end, and the exit status — 0, 1 when some
 * document got an error record, 2 for usage, read and write errors, 3 when
 * a data file fails to load.  Interrupted by SIGINT, SIGTERM or SIGHUP, it
 * leaves whole records only, says how to resume (--skip N), and dies of the
 * same signal.  The bulk options are one table (`options`), which drives
 * their parsing, their --help, the choice of bulk mode (cmd_bulk_requested)
 * and, with default_args, their defaults.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bulk.h"
#include "cli.h"

typedef struct {
    int jsonl, recursive, progress, quiet, no_dateline;
    const char *text_field, *date, *date_field, *lang;
    unsigned workers;
    uint64_t skip;
    const char **paths;
    size_t npaths;
    tagger_offset_unit offsets;
    tagger_format format;
    cli_load_options load;
} bulk_args;

/* Marks the options that only bulk tagging has: any of them asks for it. */
#define SELECTS_BULK 1u

#define NOT_IN_BULK                                                            \
    "cannot be used in bulk mode (one JSON line per document; ids come from " \
    "the input)"

/* The bulk options: parsing, --help and the defaults (default_args). */
static const cli_option options[] = {
    {.name = "--jsonl", .kind = CLI_OPT_FLAG, CLI_FIELD(bulk_args, jsonl),
     .synopsis = "--jsonl",
     .help = "the input (FILE or standard input) has one JSON object\n"
             "a line with the text in \"text\"; every other member is\n"
             "copied to the output, in order, before \"lang\",\n"
             "\"topics\" and \"entities\"",
     .flags = SELECTS_BULK},
    {.name = "--text-field", .kind = CLI_OPT_STRING, CLI_FIELD(bulk_args, text_field),
     .what = "a member name", .synopsis = "--text-field NAME",
     .help = "take the text from NAME instead of \"text\"", .flags = SELECTS_BULK},
    {.name = "--recursive", .alias = "-r", .kind = CLI_OPT_FLAG,
     CLI_FIELD(bulk_args, recursive), .synopsis = "-r, --recursive",
     .help = "FILE and DIR operands: one document per file,\n"
             "directories walked in name order; \"id\" is the path",
     .flags = SELECTS_BULK},
    {.name = "--jobs", .alias = "-j", .kind = CLI_OPT_UINT, CLI_FIELD(bulk_args, workers),
     .min = 1, .max = 1024, .what = "a whole number", .synopsis = "-j, --jobs N",
     .help = "worker threads (default: the number of cores)", .flags = SELECTS_BULK},
    {.name = "--skip", .kind = CLI_OPT_UINT, CLI_FIELD(bulk_args, skip), .min = 0,
     .max = UINT64_MAX, .what = "a whole number", .synopsis = "--skip N",
     .help = "leave out the first N documents (resume a stopped run)",
     .flags = SELECTS_BULK},
    {.name = "--progress", .kind = CLI_OPT_FLAG, CLI_FIELD(bulk_args, progress),
     .synopsis = "--progress",
     .help = "show progress on stderr even when it is not a terminal",
     .flags = SELECTS_BULK},
    {.name = "--quiet", .alias = "-q", .kind = CLI_OPT_FLAG, CLI_FIELD(bulk_args, quiet),
     .synopsis = "-q, --quiet", .help = "no progress and no summary (failures still counted)",
     .flags = SELECTS_BULK},
    {.name = "--date", .kind = CLI_OPT_STRING, CLI_FIELD(bulk_args, date),
     .synopsis = "--date YYYY-MM-DD", .help = "the date of every document (relative dates)"},
    {.name = "--date-field", .kind = CLI_OPT_STRING, CLI_FIELD(bulk_args, date_field),
     .what = "a member name", .synopsis = "--date-field NAME",
     .help = "each document's own date from NAME (default \"date\"):\n"
             "YYYY-MM-DD, an ISO date and time, or Solar Hijri\n"
             "YYYY/MM/DD; it comes before --date",
     .flags = SELECTS_BULK},
    {.name = "--no-dateline", .kind = CLI_OPT_FLAG, CLI_FIELD(bulk_args, no_dateline),
     .synopsis = "--no-dateline", .help = "no document date from a dateline"},
    {.name = "--lang", .kind = CLI_OPT_STRING, CLI_FIELD(bulk_args, lang),
     .synopsis = "--lang L", .help = "the language of every document (ISO 639-1 or und)"},
    {.name = "--offsets", .kind = CLI_OPT_OFFSETS, CLI_FIELD(bulk_args, offsets)},
    {.name = "--format", .kind = CLI_OPT_FORMAT, CLI_FIELD(bulk_args, format)},
    {.name = "--pretty", .kind = CLI_OPT_REJECT, .what = NOT_IN_BULK},
    {.name = "--id", .kind = CLI_OPT_REJECT, .what = NOT_IN_BULK},
};

#define NOPTIONS (sizeof options / sizeof options[0])

/* The defaults of the options left out. */
static void default_args(bulk_args *a)
{
    if (!a->text_field)
        a->text_field = "text";
    if (!a->workers) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        a->workers = cores < 1 ? 1 : cores > 1024 ? 1024 : (unsigned)cores;
    }
}

static const char usage_head[] =
    "Usage: tagger --jsonl [OPTIONS] [FILE]\n"
    "       tagger [OPTIONS] -r FILE|DIR...\n"
    "\n"
    "Tags many documents and prints one JSON line per document, in input order\n"
    "(--format conll, brat or html: one record per document; docs/formats.md).\n"
    "\n";

static const char usage_end[] =
    "  and the options of one-document tagging: --offsets, --format,\n"
    "  --max-doc-bytes, -g, --no-default-gazetteer, --rules, --no-default-rules,\n"
    "  --topics K, --no-topics, --ner-model FILE, --no-model, --all-matches, ...\n"
    "  (see tagger --help)\n"
    "\n"
    "Every input line gets exactly one output line.  A line that cannot be\n"
    "tagged (empty, bad JSON, no text, invalid UTF-8, too large) gets an error\n"
    "record instead: {\"id\": ..., \"line\": N, \"error\": {\"code\", \"message\",\n"
    "\"offset\"}}, and the run goes on.\n"
    "\n"
    "Exit status: 0 every document tagged, 1 some got error records, 2 usage,\n"
    "read or write error, 3 a data file failed to load; killed by SIGINT,\n"
    "SIGTERM or SIGHUP after writing whole records only.\n";

int cmd_bulk_requested(int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--id") == 0 || strcmp(a, "-g") == 0 || strcmp(a, "--gazetteer") == 0) {
            i++; /* their values are free text */
            continue;
        }
        const cli_option *o = cli_find_option(options, NOPTIONS, a);
        if (o && (o->flags & SELECTS_BULK))
            return 1;
    }
    return 0;
}

static int add_path(void *args, const char *arg, const char *last_option)
{
    bulk_args *a = args;
    (void)last_option;
    a->paths[a->npaths++] = arg;
    return 0;
}

/* Returns -1 to go on, else an exit status. */
static int parse_args(int argc, char **argv, bulk_args *a)
{
    static const cli_command cmd = {options, NOPTIONS, usage_head, 19, usage_end, add_path};
    a->paths = calloc((size_t)argc + 1, sizeof *a->paths);
    if (!a->paths) {
        cli_error("out of memory");
        return EXIT_USAGE;
    }
    int rc = cli_parse_options(argc, argv, &cmd, a, &a->load);
    if (rc >= 0)
        return rc;
    if ((a->text_field || a->date_field) && !a->jsonl) {
        cli_error("%s needs --jsonl", a->text_field ? "--text-field" : "--date-field");
        return EXIT_USAGE;
    }
    if (a->jsonl && a->recursive) {
        cli_error("--jsonl and -r do not mix (one reads lines, the other files)");
        return EXIT_USAGE;
    }
    if (a->jsonl && a->npaths > 1) {
        cli_error("--jsonl reads one input (FILE or standard input), got %zu files; "
                  "concatenate them: cat FILES | tagger --jsonl",
                  a->npaths);
        return EXIT_USAGE;
    }
    if (!a->jsonl && a->npaths == 0) {
        cli_error("bulk mode needs --jsonl (lines of JSON) or FILE/DIR operands "
                  "(one document per file); see --help");
        return EXIT_USAGE;
    }
    default_args(a);
    return -1;
}

/* ------------------------------------------------------------ reports */

typedef struct {
    int tty;
} progress_ctx;

static void fmt_duration(char *buf, size_t size, double s)
{
    unsigned long t = s < 0 ? 0 : (unsigned long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, size, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, size, "%lu:%02lu", t / 60, t % 60);
}

static void show_progress(void *ctx, const bulk_stats *st, int final)
{
    const progress_ctx *pc = ctx;
    double el = st->elapsed > 1e-3 ? st->elapsed : 1e-3;
    double done = (double)(st->skipped_bytes + st->in_bytes);
    char elapsed[32], eta[64] = "", size[64] = "";
    fmt_duration(elapsed, sizeof elapsed, st->elapsed);
    if (st->total_bytes) {
        snprintf(size, sizeof size, " of %.1f MB (%.0f%%)", (double)st->total_bytes / 1e6,
                 100.0 * done / (double)st->total_bytes);
        if (!final && st->in_bytes) {
            double left = (double)st->total_bytes - done;
            char d[32];
            fmt_duration(d, sizeof d, (left > 0 ? left : 0) / ((double)st->in_bytes / el));
            snprintf(eta, sizeof eta, ", ETA %s", d);
        }
    }
    fprintf(stderr, "%stagger: %" PRIu64 " docs, %.1f MB%s, %.0f docs/s, %.2f MB/s, elapsed %s%s%s",
            pc->tty ? "\r" : "", st->docs, (double)st->in_bytes / 1e6, size,
            (double)st->docs / el, (double)st->in_bytes / 1e6 / el, elapsed, eta,
            !pc->tty ? "\n" : final ? "\033[K\n" : "\033[K");
    fflush(stderr);
}

static void summary(const bulk_stats *st)
{
    double el = st->elapsed > 1e-3 ? st->elapsed : 1e-3;
    fprintf(stderr,
            "tagger: %" PRIu64 " documents in %.2f s (%.0f docs/s, %.2f MB/s): %" PRIu64
            " tagged, %" PRIu64 " failed",
            st->docs, st->elapsed, (double)st->docs / el, (double)st->in_bytes / 1e6 / el,
            st->docs - st->failed, st->failed);
    if (st->failed) {
        const char *sep = " (";
        for (int c = 1; c < BULK_NCODES; c++)
            if (st->by_code[c]) {
                fprintf(stderr, "%s%" PRIu64 " %s", sep, st->by_code[c],
                        tagger_record_code_name(c));
                sep = ", ";
            }
        if (st->first_failed_line)
            fprintf(stderr, "; first at line %" PRIu64, st->first_failed_line);
        fputc(')', stderr);
    }
    if (st->skipped_docs)
        fprintf(stderr, "; %" PRIu64 " skipped", st->skipped_docs);
    fputc('\n', stderr);
}

static const char *signal_name(int sig)
{
    return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : sig == SIGHUP ? "SIGHUP" : "a signal";
}

/* The format's text before the first record or after the last (`part`:
 * TAGGER_PART_HEAD or TAGGER_PART_TAIL; HTML: the page around the
 * sections), written to standard output; returns 0 or -1. */
static int frame(tagger_format format, tagger_part part)
{
    tagger_render_options ro;
    tagger_render_options_init(&ro);
    ro.format = format;
    ro.part = part;
    if (tagger_doc_render(NULL, &ro, cli_write, NULL, NULL) != TAGGER_OK)
        return -1; /* cli_write said why */
    if (part == TAGGER_PART_HEAD && fflush(stdout) != 0) { /* before the pipeline's writes */
        cli_error("writing output: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* Runs the pipeline and reports; returns the exit status.  *status and
 * *sig say whether (and by which signal) the run was interrupted. */
static int run(const bulk_args *a, const tagger *t, bulk_source *src,
               bulk_run_status *status, int *sig)
{
    bulk_settings s = {t, a->jsonl, a->text_field, a->offsets, a->format, a->date,
                       a->no_dateline, a->lang, a->date_field};
    progress_ctx pc = {isatty(2)};
    int show = a->progress || (!a->quiet && pc.tty);
    bulk_run_options ro = {a->workers, 1, show ? show_progress : NULL, &pc};
    bulk_stats st;
    const char *why = NULL;
    if (frame(a->format, TAGGER_PART_HEAD))
        return EXIT_USAGE;
    *status = bulk_run(&s, src, &ro, &st, sig, &why);
    int tail_failed = *status == BULK_RUN_DONE && frame(a->format, TAGGER_PART_TAIL);

    /* after a failed write the counts would include records that were lost */
    if ((!a->quiet || st.failed || *status != BULK_RUN_DONE) &&
        *status != BULK_RUN_WRITE_ERROR && *status != BULK_RUN_NOMEM)
        summary(&st);
    uint64_t resume = st.skipped_docs + st.docs;
    int rc = EXIT_USAGE;
    switch (*status) {
    case BULK_RUN_DONE:
        rc = tail_failed ? EXIT_USAGE : st.failed ? EXIT_REJECTED : EXIT_OK;
        break;
    case BULK_RUN_READ_ERROR:
        cli_error("%s", why);
        break;
    case BULK_RUN_WRITE_ERROR:
        cli_error("writing output: %s (%" PRIu64 " whole records written; resume with "
                  "--skip %" PRIu64 ")",
                  why, st.docs, resume);
        return rc;
    case BULK_RUN_NOMEM:
        cli_error("%s (%" PRIu64 " whole records written; resume with --skip %" PRIu64 ")", why,
                  st.docs, resume);
        break;
    case BULK_RUN_SIGNAL:
        fprintf(stderr,
                "tagger: interrupted by %s: %" PRIu64 " whole records written; resume with "
                "--skip %" PRIu64 "\n",
                signal_name(*sig), st.docs, resume);
        break;
    }
    if (cli_finish_output() && rc == EXIT_OK)
        rc = EXIT_USAGE;
    return rc;
}

int cmd_bulk(int argc, char **argv)
{
    bulk_args a;
    memset(&a, 0, sizeof a);
    tagger *t = NULL;
    bulk_source *src = NULL;
    bulk_run_status status = BULK_RUN_DONE;
    bulk_source_options so;
    int sig = 0, rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        goto done;
    rc = EXIT_USAGE;
    /* with stdout closed, the next open() would take descriptor 1 */
    if (fcntl(1, F_GETFL) < 0) {
        cli_error("writing output: %s", strerror(errno));
        goto done;
    }
    a.load.load_threads = a.workers; /* the rules load beside the rest with -j 2 or more */
    if (!(t = cli_load_tagger(&a.load))) {
        rc = EXIT_LOAD;
        goto done;
    }
    so = (bulk_source_options){a.jsonl, a.paths, a.npaths, a.recursive, a.skip,
                               a.load.max_doc_bytes ? a.load.max_doc_bytes : CLI_MAX_DOC_BYTES};
    if (!(src = bulk_source_open(&so)))
        goto done;
    if (a.date || a.lang) { /* a malformed date is one usage error, not one per document */
        tagger_error err = {0};
        tagger_process_options popt;
        tagger_process_options_init(&popt);
        popt.date = a.date;
        popt.lang = a.lang;
        tagger_doc *probe = tagger_process_ex(t, "", 0, &popt, &err);
        tagger_doc_free(probe);
        if (!probe) {
            cli_error("%s", err.message);
            goto done;
        }
    }
    rc = run(&a, t, src, &status, &sig);

done:
    bulk_source_free(src);
    tagger_free(t);
    free(a.paths);
    if (status == BULK_RUN_SIGNAL) {
        /* die of the same signal, so callers (shells, xargs, parallel) see it */
        signal(sig, SIG_DFL);
        raise(sig);
    }
    return rc;
}
