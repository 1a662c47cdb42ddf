/* cli_options.c — option parsing for every command (cli.h): one loop
 * driven by a command's table (cli_parse_options), the help printed from
 * the same table, the output formats, and the options that say how to load
 * a tagger, which every tagging command accepts. */
#include "cli.h"

#include <errno.h>
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
};

int cli_parse_format(const char *value, tagger_format *format)
{
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (strcmp(value, formats[i].name) == 0) {
            *format = formats[i].format;
            return 0;
        }
    char names[256] = "";
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "",
                 formats[i].name);
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
        if (a && a[1] && !a[2] && takes_value(&table[i]) && strncmp(arg, a, 2) == 0)
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
    if (o->kind == CLI_OPT_STRING && o->what && (!value || !*value)) {
        cli_error("%s needs %s", arg, o->what);
        return -1;
    }
    if (!value && takes_value(o) && o->kind != CLI_OPT_UINT) {
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
        if (o) {
            const char *value = NULL;
            size_t alen = o->alias ? strlen(o->alias) : 0;
            if (takes_value(o) && o->alias && strncmp(arg, o->alias, alen) == 0 && arg[alen])
                value = arg + alen; /* "-j4" */
            else if (takes_value(o) && i + 1 < argc)
                value = argv[++i];
            int rc = set_option(o, arg, value, args);
            if (rc)
                return rc < 0 ? EXIT_USAGE : cli_finish_output() ? EXIT_USAGE : EXIT_OK;
            continue;
        }
        int rc = load ? cli_parse_load_option(argc, argv, &i, load) : 0;
        if (rc < 0)
            return EXIT_USAGE;
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

/* --topics K, --topic-threshold X, --no-topics, --topic-model FILE. */
static int parse_topic_option(int argc, char **argv, int *i, cli_load_options *o)
{
    const char *arg = argv[*i];
    const char *next = *i + 1 < argc ? argv[*i + 1] : NULL;
    char *end = NULL;
    if (strcmp(arg, "--no-topics") == 0) {
        o->no_topics = 1;
        return 1;
    }
    if (strcmp(arg, "--topics") == 0) {
        errno = 0;
        unsigned long long k = next ? strtoull(next, &end, 10) : 0;
        if (!next || end == next || *end || errno || next[0] == '-') {
            cli_error("--topics: expected a count (0 for none), got '%s'", next ? next : "");
            return -1;
        }
        o->topics_k = k > SIZE_MAX ? SIZE_MAX : (size_t)k;
        o->topics_k_set = 1;
        (*i)++;
        return 1;
    }
    if (strcmp(arg, "--topic-threshold") == 0) {
        double x = next ? strtod(next, &end) : -1;
        if (!next || end == next || *end || !(x >= 0 && x <= 1)) {
            cli_error("--topic-threshold: expected a probability from 0 to 1, got '%s'",
                      next ? next : "");
            return -1;
        }
        o->topic_threshold = x;
        o->topic_threshold_set = 1;
        (*i)++;
        return 1;
    }
    if (strcmp(arg, "--topic-model") == 0) {
        if (!next) {
            cli_error("%s needs a file", arg);
            return -1;
        }
        o->topic_model = next;
        (*i)++;
        return 1;
    }
    return 0;
}

int cli_parse_load_option(int argc, char **argv, int *i, cli_load_options *o)
{
    int topic = parse_topic_option(argc, argv, i, o);
    if (topic != 0)
        return topic;
    const char *arg = argv[*i];
    const char *next = *i + 1 < argc ? argv[*i + 1] : NULL;
    if (strcmp(arg, "--no-default-gazetteer") == 0) {
        o->no_default_gazetteer = 1;
        return 1;
    }
    if (strcmp(arg, "--no-model") == 0) {
        o->no_ner_model = 1;
        return 1;
    }
    if (strcmp(arg, "--ner-model") == 0) {
        if (!next) {
            cli_error("%s needs a file", arg);
            return -1;
        }
        o->ner_model = next;
        (*i)++;
        return 1;
    }
    if (strcmp(arg, "--all-matches") == 0) {
        o->all_matches = 1;
        return 1;
    }
    if (strcmp(arg, "--no-default-rules") == 0) {
        o->no_default_rules = 1;
        return 1;
    }
    if (strcmp(arg, "--rules") == 0) {
        if (!next) {
            cli_error("%s needs a file", arg);
            return -1;
        }
        if (o->nrules == sizeof o->rules / sizeof o->rules[0]) {
            cli_error("too many --rules options (at most 64)");
            return -1;
        }
        o->rules[o->nrules++] = next;
        (*i)++;
        return 1;
    }
    if (strcmp(arg, "--gazetteer") == 0 || strcmp(arg, "-g") == 0) {
        if (!next) {
            cli_error("%s needs a file", arg);
            return -1;
        }
        if (o->ngazetteers == sizeof o->gazetteers / sizeof o->gazetteers[0]) {
            cli_error("too many --gazetteer options (at most 64)");
            return -1;
        }
        o->gazetteers[o->ngazetteers++] = next;
        (*i)++;
        return 1;
    }
    static const struct {
        const char *name;
        size_t offset, max;
    } limits[] = {
        {"--max-doc-bytes", offsetof(cli_load_options, max_doc_bytes), CLI_MAX_DOC_BYTES},
        {"--max-alias-bytes", offsetof(cli_load_options, max_alias_bytes), 4096},
        {"--rule-match-limit", offsetof(cli_load_options, rule_match_limit), 1000000000},
        {"--rule-depth-limit", offsetof(cli_load_options, rule_depth_limit), 1000000000},
    };
    for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++) {
        if (strcmp(arg, limits[k].name) != 0)
            continue;
        size_t *value = (size_t *)((char *)o + limits[k].offset);
        if (!next || cli_parse_size(next, value) || *value > limits[k].max) {
            cli_error("%s: expected a number from 1 to %zu, got '%s'", arg, limits[k].max,
                      next ? next : "");
            return -1;
        }
        (*i)++;
        return 1;
    }
    if (strcmp(arg, "--no-jit") == 0) {
        o->no_jit = 1;
        return 1;
    }
    return 0;
}

