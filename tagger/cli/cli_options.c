/* cli_options.c — option parsing for every command (cli.h): one loop
 * driven by a command's table (cli_parse_options), the help printed from
 * the same table, the output formats, and the options that say how to load
 * a tagger, which every tagging command accepts. */
#include "cli.h"

#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --format: one entry per renderer of tagger/render.h. */
static const struct {
    const char *name;
    tagger_format format;
} formats[] = {
    {"json", TAGGER_FORMAT_JSON},
    {"conll", TAGGER_FORMAT_CONLL},
    {"brat", TAGGER_FORMAT_BRAT},
    {"html", TAGGER_FORMAT_HTML},
};

int cli_parse_format(const char *value, tagger_format *format)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(value, formats[i].name) == 0) {
            *format = formats[i].format;
            return 0;
        }
    char names[256] = "";
    size_t n = sizeof formats / sizeof formats[0];
    for (size_t i = 0; i < n; i++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                 i == 0 ? "" : i + 1 == n ? " or " : ", ", formats[i].name);
    cli_error("--format: expected %s, got '%s'", names, value);
    return -1;
}

/* ------------------------------------------------------------ tables */

static int takes_value(const cli_option *o)
{
    return o->kind == CLI_OPT_FLAG ? 0
           : o->kind == CLI_OPT_CALL || o->kind == CLI_OPT_REJECT ? o->takes_value
                                                                 : 1;
}

const cli_option *cli_find_option(const cli_option *table, size_t n, const char *arg)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(arg, table[i].name) == 0 || (table[i].alias && strcmp(arg, table[i].alias) == 0))
            return &table[i];
    /* "-j4": a one-letter alias with its value in the same word */
    for (size_t i = 0; i < n; i++) {
        const char *a = table[i].alias;
        if (a && a[1] && !a[2] && table[i].kind == CLI_OPT_UINT && strncmp(arg, a, 2) == 0)
            return &table[i];
    }
    return NULL;
}

static void store_uint(void *field, size_t width, uint64_t v)
{
    if (width == sizeof(uint32_t)) {
        uint32_t u = (uint32_t)v;
        memcpy(field, &u, sizeof u);
    } else {
        memcpy(field, &v, sizeof v);
    }
}

/* Sets the option `o`, given as `arg`, to `value` (NULL: none was given).
 * Returns 0, -1 after printing an error, or 1 to stop with success. */
static int set_option(const cli_option *o, const char *arg, const char *value, void *args)
{
    char *field = (char *)args + o->offset;
    uint64_t v;
    size_t size;
    int number = o->kind == CLI_OPT_UINT || o->kind == CLI_OPT_SIZE;
    if (o->what && !number && takes_value(o) &&
        (!value || (!*value && o->kind == CLI_OPT_STRING))) {
        cli_error("%s needs %s", arg, o->what);
        return -1;
    }
    if (!value && takes_value(o) && !number) {
        cli_error("%s needs a value (see --help)", arg);
        return -1;
    }
    switch (o->kind) {
    case CLI_OPT_FLAG:
        *(int *)(void *)field = 1;
        return 0;
    case CLI_OPT_STRING:
        *(const char **)(void *)field = value;
        return 0;
    case CLI_OPT_UINT:
        if (cli_parse_uint(o->alias ? o->alias : o->name, value, o->min, o->max, o->what, &v))
            return -1;
        store_uint(field, o->width, v);
        return 0;
    case CLI_OPT_SIZE:
        if (!value || cli_parse_size(value, &size) || size < o->min || size > o->max) {
            cli_error("%s: expected a number from %" PRIu64 " to %" PRIu64 ", got '%s'", arg,
                      o->min, o->max, value ? value : "");
            return -1;
        }
        memcpy(field, &size, sizeof size);
        return 0;
    case CLI_OPT_OFFSETS:
        return cli_parse_offsets(value, (tagger_offset_unit *)(void *)field);
    case CLI_OPT_FORMAT:
        return cli_parse_format(value, (tagger_format *)(void *)field);
    case CLI_OPT_CALL:
        return o->call(args, value);
    case CLI_OPT_REJECT:
        cli_error("%s %s", arg, o->what);
        return -1;
    }
    return -1;
}

void cli_print_options(const cli_option *table, size_t n, int width)
{
    for (size_t i = 0; i < n; i++) {
        if (!table[i].synopsis)
            continue;
        const char *h = table[i].help ? table[i].help : "";
        size_t line = strcspn(h, "\n");
        printf("  %-*s%.*s\n", width, table[i].synopsis, (int)line, h);
        for (h += line; *h == '\n'; h += line) {
            h++;
            line = strcspn(h, "\n");
            printf("%*s%.*s\n", width + 2, "", (int)line, h);
        }
    }
}

/* Takes the option `o` at argv[*i] and its value (advancing *i past it)
 * into `args`.  Returns 1, -1 after printing an error, or 2 to stop with
 * success. */
static int take_option(const cli_option *o, int argc, char **argv, int *i, void *args)
{
    const char *arg = argv[*i], *value = NULL;
    size_t alen = o->alias ? strlen(o->alias) : 0;
    if (o->kind == CLI_OPT_UINT && o->alias && strncmp(arg, o->alias, alen) == 0 && arg[alen])
        value = arg + alen; /* "-j4" */
    else if (takes_value(o) && *i + 1 < argc)
        value = argv[++*i];
    int rc = set_option(o, arg, value, args);
    return rc < 0 ? -1 : rc ? 2 : 1;
}

static int usage(const cli_command *cmd)
{
    fputs(cmd->usage, stdout);
    cli_print_options(cmd->options, cmd->noptions, cmd->help_width);
    if (cmd->usage_end)
        fputs(cmd->usage_end, stdout);
    return cli_finish_output() ? EXIT_USAGE : EXIT_OK;
}

int cli_parse_options(int argc, char **argv, const cli_command *cmd, void *args,
                      cli_load_options *load)
{
    const char *last_option = NULL;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (arg[0] != '-' || arg[1] == '\0') {
            if (!cmd->operand) {
                cli_error("unexpected argument '%s' (see --help)", arg);
                return EXIT_USAGE;
            }
            if (cmd->operand(args, arg, last_option))
                return EXIT_USAGE;
            continue;
        }
        last_option = arg;
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0)
            return usage(cmd);
        const cli_option *o = cli_find_option(cmd->options, cmd->noptions, arg);
        int rc = o ? take_option(o, argc, argv, &i, args)
                   : load ? cli_parse_load_option(argc, argv, &i, load) : 0;
        if (rc < 0)
            return EXIT_USAGE;
        if (rc == 2)
            return cli_finish_output() ? EXIT_USAGE : EXIT_OK;
        if (rc == 0) {
            cli_error("unknown option '%s' (see --help)", arg);
            return EXIT_USAGE;
        }
    }
    return -1;
}

/* ------------------------------------------------------ load options */

int cli_parse_offsets(const char *value, tagger_offset_unit *unit)
{
    if (strcmp(value, "codepoint") == 0)
        *unit = TAGGER_OFFSETS_CODEPOINT;
    else if (strcmp(value, "utf16") == 0)
        *unit = TAGGER_OFFSETS_UTF16;
    else if (strcmp(value, "utf8") == 0)
        *unit = TAGGER_OFFSETS_UTF8;
    else {
        cli_error("--offsets: expected codepoint, utf16 or utf8, got '%s'", value);
        return -1;
    }
    return 0;
}

static int set_topics(void *args, const char *value)
{
    cli_load_options *o = args;
    char *end;
    errno = 0;
    unsigned long long k = strtoull(value, &end, 10);
    if (end == value || *end || errno || value[0] == '-') {
        cli_error("--topics: expected a count (0 for none), got '%s'", value);
        return -1;
    }
    o->topics_k = k > SIZE_MAX ? SIZE_MAX : (size_t)k;
    o->topics_k_set = 1;
    return 0;
}

static int set_topic_threshold(void *args, const char *value)
{
    cli_load_options *o = args;
    char *end;
    double x = strtod(value, &end);
    if (end == value || *end || !(x >= 0 && x <= 1)) {
        cli_error("--topic-threshold: expected a probability from 0 to 1, got '%s'", value);
        return -1;
    }
    o->topic_threshold = x;
    o->topic_threshold_set = 1;
    return 0;
}

/* Appends a file to the gazetteers or the rules. */
static int add_file(const char **v, size_t *n, const char *option, const char *value)
{
    if (*n == CLI_MAX_FILES) {
        cli_error("too many %s options (at most %d)", option, CLI_MAX_FILES);
        return -1;
    }
    v[(*n)++] = value;
    return 0;
}

static int add_gazetteer(void *args, const char *value)
{
    cli_load_options *o = args;
    return add_file(o->gazetteers, &o->ngazetteers, "--gazetteer", value);
}

static int add_rules(void *args, const char *value)
{
    cli_load_options *o = args;
    return add_file(o->rules, &o->nrules, "--rules", value);
}

#define LOAD(field) CLI_FIELD(cli_load_options, field)

/* The options that say how to load a tagger (cli_load_options). */
static const cli_option load_options[] = {
    {.name = "--gazetteer", .alias = "-g", .kind = CLI_OPT_CALL, .takes_value = 1,
     .what = "a file", .call = add_gazetteer},
    {.name = "--no-default-gazetteer", .kind = CLI_OPT_FLAG, LOAD(no_default_gazetteer)},
    {.name = "--rules", .kind = CLI_OPT_CALL, .takes_value = 1, .what = "a file",
     .call = add_rules},
    {.name = "--no-default-rules", .kind = CLI_OPT_FLAG, LOAD(no_default_rules)},
    {.name = "--all-matches", .kind = CLI_OPT_FLAG, LOAD(all_matches)},
    {.name = "--topics", .kind = CLI_OPT_CALL, .takes_value = 1, .call = set_topics},
    {.name = "--topic-threshold", .kind = CLI_OPT_CALL, .takes_value = 1,
     .call = set_topic_threshold},
    {.name = "--no-topics", .kind = CLI_OPT_FLAG, LOAD(no_topics)},
    {.name = "--topic-model", .kind = CLI_OPT_STRING, LOAD(topic_model), .what = "a file"},
    {.name = "--ner-model", .kind = CLI_OPT_STRING, LOAD(ner_model), .what = "a file"},
    {.name = "--no-model", .kind = CLI_OPT_FLAG, LOAD(no_ner_model)},
    {.name = "--max-doc-bytes", .kind = CLI_OPT_SIZE, LOAD(max_doc_bytes), .min = 1,
     .max = CLI_MAX_DOC_BYTES},
    {.name = "--max-alias-bytes", .kind = CLI_OPT_SIZE, LOAD(max_alias_bytes), .min = 1,
     .max = 4096},
    {.name = "--rule-match-limit", .kind = CLI_OPT_SIZE, LOAD(rule_match_limit), .min = 1,
     .max = 1000000000},
    {.name = "--rule-depth-limit", .kind = CLI_OPT_SIZE, LOAD(rule_depth_limit), .min = 1,
     .max = 1000000000},
    {.name = "--no-jit", .kind = CLI_OPT_FLAG, LOAD(no_jit)},
    {.name = "--read-data", .kind = CLI_OPT_FLAG, LOAD(read_data)},
    {.name = "--verify-data", .kind = CLI_OPT_FLAG, LOAD(verify_data)},
};

int cli_parse_load_option(int argc, char **argv, int *i, cli_load_options *o)
{
    const cli_option *opt = cli_find_option(load_options, sizeof load_options /
                                                              sizeof load_options[0],
                                            argv[*i]);
    return opt ? take_option(opt, argc, argv, i, o) : 0;
}
