/*
 * cli.h — what the tagger command's subcommands share: reading inputs,
 * writing outputs that notice a closed pipe, option parsing helpers and the
 * exit codes of DESIGN.md.  The CLI uses only the public tagger.h API.
 */
#ifndef TAGGER_CLI_H
#define TAGGER_CLI_H

#include <stddef.h>

#include "tagger.h"

enum {
    EXIT_OK = 0,        /* success */
    EXIT_REJECTED = 1,  /* input rejected, or some documents failed */
    EXIT_USAGE = 2,     /* usage or I/O error */
    EXIT_LOAD = 3       /* a gazetteer, rule file or model failed to load */
};

/* Prints "tagger: error: <formatted message>\n" to stderr. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Reads all of `path` ("-" or NULL for stdin) into a malloc'd buffer.
 * Returns NULL after printing an error naming the file. */
char *cli_read_all(const char *path, size_t *len);

/* The document limit when --max-doc-bytes is not given (the library's). */
#define CLI_MAX_DOC_BYTES ((size_t)1 << 30)

/* Like cli_read_all, for a document of at most `max` bytes: a larger one is
 * not read further than one byte past the limit (a regular file not at
 * all), and gives NULL with *too_large = 1 after printing the error. */
char *cli_read_document(const char *path, size_t max, size_t *len, int *too_large);

/* The display name of an input path: "<stdin>" for NULL or "-". */
const char *cli_input_name(const char *path);

/* Writes s[0..len) and a newline to stdout.  Returns 0 on success; on a
 * write error prints it once and returns -1. */
int cli_write_line(const char *s, size_t len);

/* Writes s[0..len) to stdout (a tagger_doc_write_json sink; ctx unused).
 * Returns 0, or 1 after printing the first write error. */
int cli_write(void *ctx, const char *s, size_t len);

/* Flushes and closes stdout; returns 0 or -1 after printing the error. */
int cli_finish_output(void);

/* Parses --offsets VALUE. Returns 0 or -1 after printing an error. */
int cli_parse_offsets(const char *value, tagger_offset_unit *unit);

/* Parses a positive size such as "1048576", "64K", "100M", "1G". */
int cli_parse_size(const char *value, size_t *out);

/* How to load a tagger: user gazetteers layered over the default one. */
typedef struct cli_load_options {
    size_t max_doc_bytes;      /* 0 keeps the default */
    size_t max_alias_bytes;    /* --max-alias-bytes N; 0 keeps the default */
    size_t rule_match_limit;   /* --rule-match-limit N; 0 keeps the default */
    size_t rule_depth_limit;   /* --rule-depth-limit N; 0 keeps the default */
    int no_jit;                /* --no-jit */
    const char *gazetteers[64]; /* --gazetteer FILE, in order */
    size_t ngazetteers;
    int no_default_gazetteer;
    const char *rules[64];      /* --rules FILE, after the default rules */
    size_t nrules;
    int no_default_rules;
    int all_matches;
    /* topics: --topics K, --topic-threshold X, --no-topics, --topic-model */
    size_t topics_k;
    double topic_threshold;
    int topics_k_set, topic_threshold_set, no_topics;
    const char *topic_model;  /* for every language instead of the defaults */
    /* entity recognizer: --ner-model FILE, --no-model */
    const char *ner_model;    /* for every language instead of the defaults */
    int no_ner_model;
} cli_load_options;

/* Handles the options that say how to load a tagger (--gazetteer FILE,
 * --rules FILE, the --no-default-* switches, --all-matches, the topic and
 * model options, and the limits: --max-doc-bytes, --max-alias-bytes,
 * --rule-match-limit, --rule-depth-limit, --no-jit) at argv[*i]; returns 1
 * if consumed (advancing *i past a value), 0 if not one of them, -1 after
 * printing an error. */
int cli_parse_load_option(int argc, char **argv, int *i, cli_load_options *o);

/* The default compiled gazetteer: $TAGGER_DATA_DIR/gazetteer.bin, else
 * data/gazetteer.bin beside the executable (the build tree), else
 * ../share/tagger/gazetteer.bin from it (an installed tree).  NULL if none. */
const char *cli_default_gazetteer(void);

/* The default rule files: every rules/LANG/NAME.rules under the data
 * directory (found like the gazetteer), in name order; *n receives their
 * count.  Returns a malloc'd array of malloc'd paths, or NULL if none. */
char **cli_default_rules(size_t *n);
void cli_free_paths(char **paths, size_t n);

/* The default topic model of a language: models/topics-LANG.bin in the
 * data directory (found like the gazetteer), or NULL. */
const char *cli_default_topic_model(const char *lang);

/* The default entity model of a language: models/ner-LANG.bin in the data
 * directory (found like the gazetteer), or NULL. */
const char *cli_default_ner_model(const char *lang);

/* Loads a tagger, printing the error and returning NULL on failure. */
tagger *cli_load_tagger(const cli_load_options *o);

int cmd_tag(int argc, char **argv);
int cmd_normalize(int argc, char **argv);
int cmd_tokenize(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_gazetteer(int argc, char **argv);
int cmd_rules(int argc, char **argv);
/* Bulk tagging (cmd_bulk.c): non-zero when argv asks for it (--jsonl, -r,
 * -j, --text-field, --skip, --progress, --quiet). */
int cmd_bulk_requested(int argc, char **argv);
int cmd_bulk(int argc, char **argv);
int cmd_topics(int argc, char **argv);
int cmd_ner(int argc, char **argv);

/* The corpus files a command reads: `--gold`/`--train` paths and the
 * entries of a list file (`--gold-list`), directories expanded. */
typedef struct cli_paths {
    char **v; /* owned */
    size_t n, cap;
} cli_paths;

/* Appends s (owned; freed on failure, which a NULL s is too); 0 or -1. */
int cli_paths_push(cli_paths *p, char *s);
/* Adds `path`: "-" and files as they are, a directory as its regular
 * files sorted by name.  Returns 0, or -1 after printing the error. */
int cli_paths_add(cli_paths *p, const char *path);
/* Adds the files that `list` names, one a line ('#' starts a comment),
 * relative to `root` unless absolute.  Returns 0, or -1 after printing. */
int cli_paths_add_list(cli_paths *p, const char *list, const char *root);
void cli_paths_free(cli_paths *p);

#endif /* TAGGER_CLI_H */
