/*
 * cli.h — what the tagger command's subcommands share, each written once:
 * byte buffers, UTF-8, lines, whole numbers and sizes, reading files
 * (cli_util.c); the option table that drives parsing and --help, output
 * formats, and the options that say how to load a tagger (cli_options.c);
 * errors, reading inputs, writing outputs that notice a closed pipe,
 * default data files and file lists (cli.c); the exit codes of DESIGN.md.
 * The CLI uses only the public tagger.h API.
 */
#ifndef TAGGER_CLI_H
#define TAGGER_CLI_H

#include <stddef.h>
#include <stdint.h>

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

/* ------------------------------------------------------------ cli_util.c */

/* A growable byte buffer, always NUL-terminated past `len` once it holds
 * anything; every append returns 0, or -1 when out of memory (the buffer
 * is then unchanged).  A zeroed cli_buf is empty and valid. */
typedef struct cli_buf {
    char *data;
    size_t len, cap;
} cli_buf;

/* Makes room for `extra` more bytes (capacity grows by doubling). */
int cli_buf_reserve(cli_buf *b, size_t extra);
int cli_buf_append(cli_buf *b, const void *p, size_t n);
int cli_buf_append_str(cli_buf *b, const char *s);
/* Empties the buffer; frees its storage if larger than `keep` bytes, so one
 * huge document does not pin its memory for the rest of the run. */
void cli_buf_reset(cli_buf *b, size_t keep);
void cli_buf_free(cli_buf *b);

/* Length of the UTF-8 character at p[0..n) (1-4), or 0 if it is not one
 * (overlong, surrogate, past U+10FFFF, truncated, a stray continuation). */
size_t cli_utf8_char(const unsigned char *p, size_t n);
/* Non-zero when s[0..len) is all valid UTF-8. */
int cli_utf8_valid(const char *s, size_t len);

/* The lines of buf[0..len): a byte order mark at the start is skipped, and
 * a CR before a line's end is left out. */
typedef struct cli_lines {
    const char *buf;
    size_t len, pos;
    size_t number; /* 1-based number of the line last returned */
} cli_lines;

void cli_lines_init(cli_lines *it, const char *buf, size_t len);
/* The next line without its CR LF; returns 0 at the end. */
int cli_lines_next(cli_lines *it, const char **line, size_t *len);

/* Parses `value` as a whole number from min to max into *out.  Returns 0,
 * or -1 after printing "OPT: expected WHAT from MIN to MAX, got 'VALUE'"
 * (`what`: "a number", "a count", ...). */
int cli_parse_uint(const char *opt, const char *value, uint64_t min, uint64_t max,
                   const char *what, uint64_t *out);

/* Parses a positive size such as "1048576", "64K", "100M", "1G"; returns 0
 * or -1 (nothing printed). */
int cli_parse_size(const char *value, size_t *out);

typedef enum {
    CLI_READ_OK = 0,
    CLI_READ_TOO_LARGE, /* over the limit: a regular file is not read at all,
                           a stream not past one byte over it */
    CLI_READ_ERROR,     /* read(2) failed */
    CLI_READ_NOMEM,
    CLI_READ_STOPPED    /* stop_fd became readable while waiting for input */
} cli_read_status;

/* Waits until fd has input (or its end) or stop_fd (if >= 0) becomes
 * readable.  Returns 0, -2 on stop, -1 on error. */
int cli_wait_input(int fd, int stop_fd);

/* Reads fd to its end into `b` (emptied first), a document of at most `max`
 * bytes.  With stop_fd >= 0 a stream (not a regular file) is read only when
 * poll() says so (cli_wait_input).  *size (may be NULL) receives the bytes
 * read so far, or a regular file's size.  On TOO_LARGE and ERROR, `msg`
 * receives the reason ("document of N bytes exceeds the limit of M bytes",
 * "read error: ..."). */
cli_read_status cli_read_fd(int fd, size_t max, int stop_fd, cli_buf *b, uint64_t *size,
                            char *msg, size_t msg_size);

/* ----------------------------------------------------------------- cli.c */

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

/* ---------------------------------------------------------- cli_options.c */

/* Parses --offsets VALUE. Returns 0 or -1 after printing an error. */
int cli_parse_offsets(const char *value, tagger_offset_unit *unit);

typedef struct cli_load_options cli_load_options; /* below */

/* Parses --format NAME: the output formats by name ("json"); a new
 * renderer (tagger/render.h) adds its name to the list in cli_options.c.
 * Returns 0 or -1 after printing an error. */
int cli_parse_format(const char *value, tagger_format *format);

/* An option of a command's table: the table drives the parsing, --help and
 * the defaults (see cli_parse_options). */
typedef enum {
    CLI_OPT_FLAG,    /* int field set to 1 */
    CLI_OPT_STRING,  /* const char * field; with `what`, it must not be
                        empty */
    CLI_OPT_UINT,    /* unsigned field (4 or 8 bytes) from min to max; a
                        one-letter alias may carry it in the same word, -j4 */
    CLI_OPT_SIZE,    /* size_t field from min to max, "64K", "1G" */
    CLI_OPT_OFFSETS, /* tagger_offset_unit field */
    CLI_OPT_FORMAT,  /* tagger_format field */
    CLI_OPT_CALL,    /* call(args, value): 0 goes on, -1 usage error
                        (printed), 1 stops the parse with success */
    CLI_OPT_REJECT   /* not allowed here: "OPT WHAT" is the error */
} cli_opt_kind;

typedef struct cli_option {
    const char *name;   /* "--jobs" */
    const char *alias;  /* "-j", or NULL */
    cli_opt_kind kind;
    int takes_value;    /* CLI_OPT_CALL and CLI_OPT_REJECT: reads a value */
    size_t offset, width; /* the field in the command's args struct */
    uint64_t min, max;  /* CLI_OPT_UINT */
    /* In errors: a missing value is "OPT needs WHAT" ("a file"), else
     * "OPT needs a value (see --help)"; a bad number "OPT: expected WHAT
     * from MIN to MAX, got 'VALUE'" (UINT: "a whole number"). */
    const char *what;
    int (*call)(void *args, const char *value);
    const char *synopsis; /* as --help shows it, "-j, --jobs N"; NULL: not shown */
    const char *help;     /* its lines, joined by '\n' */
    unsigned flags;       /* the command's own marks (e.g. "selects bulk") */
} cli_option;

/* The field of an args struct for a table entry. */
#define CLI_FIELD(type, field) .offset = offsetof(type, field), .width = sizeof(((type *)0)->field)

/* A command's options, usage and operands. */
typedef struct cli_command {
    const cli_option *options;
    size_t noptions;
    const char *usage;     /* --help prints this, */
    int help_width;        /* then the options' help (cli_print_options), */
    const char *usage_end; /* then this (may be NULL) */
    /* Each operand, with the name of the last option before it (NULL if
     * none); returns 0, or -1 after printing an error.  NULL: operands are
     * errors. */
    int (*operand)(void *args, const char *arg, const char *last_option);
} cli_command;

/* Parses argv[0..argc) into `args`: the command's options, then the load
 * options when `load` is not NULL, then operands.  -h and --help print the
 * usage and stop with success.  An unknown option is an error; a value
 * missing "OPT needs a value (see --help)".  Returns -1 to go on, else the
 * exit status. */
int cli_parse_options(int argc, char **argv, const cli_command *cmd, void *args,
                      cli_load_options *load);

/* Prints the help of the options that have a synopsis: two spaces, the
 * synopsis in a column `width` wide, the help lines beside it. */
void cli_print_options(const cli_option *table, size_t n, int width);

/* The table entry for argv word `arg` ("--jobs", "-j", "-j4"), or NULL. */
const cli_option *cli_find_option(const cli_option *table, size_t n, const char *arg);

/* How to load a tagger: user gazetteers layered over the default one
 * (cli_options.c parses these options, cli.c loads). */
#define CLI_MAX_FILES 64 /* --gazetteer and --rules options, each */

typedef struct cli_load_options {
    size_t max_doc_bytes;      /* 0 keeps the default */
    size_t max_alias_bytes;    /* --max-alias-bytes N; 0 keeps the default */
    size_t rule_match_limit;   /* --rule-match-limit N; 0 keeps the default */
    size_t rule_depth_limit;   /* --rule-depth-limit N; 0 keeps the default */
    int no_jit;                /* --no-jit */
    int read_data;             /* --read-data (or TAGGER_MAP_DATA=0): no mapping */
    int verify_data;           /* --verify-data (or TAGGER_VERIFY_DATA=always): no stamps */
    const char *gazetteers[CLI_MAX_FILES]; /* --gazetteer FILE, in order */
    size_t ngazetteers;
    int no_default_gazetteer;
    const char *rules[CLI_MAX_FILES]; /* --rules FILE, after the default rules */
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
    /* not an option: threads the load may use (the bulk command's -j) */
    unsigned load_threads;
    /* not an option: the tagger tags one document (the document commands;
     * tagger_config_set_few_documents) */
    int few_documents;
} cli_load_options;

/* Handles the options that say how to load a tagger (--gazetteer FILE,
 * --rules FILE, the --no-default-* switches, --all-matches, the topic and
 * model options, and the limits: --max-doc-bytes, --max-alias-bytes,
 * --rule-match-limit, --rule-depth-limit, --no-jit) at argv[*i]; returns 1
 * if consumed (advancing *i past a value), 0 if not one of them, -1 after
 * printing an error. */
int cli_parse_load_option(int argc, char **argv, int *i, cli_load_options *o);

/* When any of argv is -h or --help: prints `usage` on stdout and returns
 * the exit code (0, or 2 if it could not be written); else -1.  For the
 * commands whose options read files as they are parsed, so --help wins
 * wherever it stands. */
int cli_help(int argc, char **argv, const char *usage);

/* Loads a tagger, printing the error and returning NULL on failure: the
 * default data (tagger_config_add_defaults_ex) less what `o` leaves out,
 * then the files and settings `o` gives. */
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
