/*
 * cmd_rules.c — `tagger rules test [FILE...]`: runs the examples written in
 * rule files (each `example TEXT => SPAN [= VALUE]` must produce exactly that
 * span and value; each `reject TEXT` nothing) and reports the failures.
 * Without FILE it tests the default rule set.  `tagger rules compile -o OUT
 * [FILE...]` writes the compiled rules file of the rule files (the default
 * ones without FILE; the build makes data/rules.bin so).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char *const usage =
    "Usage: tagger rules test [FILE.rules...]\n"
    "       tagger rules compile -o OUT [FILE.rules...]\n"
    "\n"
    "Runs every example of the given rule files (the default rules when none\n"
    "are given; later files may use the lists of earlier ones, so list the\n"
    "default rules/fa/00-lists.rules first when testing your own file).\n"
    "Prints one line per failing example and a summary.  Exit status: 0 all\n"
    "passed, 1 some failed, 2 usage error, 3 a rule file failed to load.\n"
    "The rule format is described in rules/README.md.\n"
    "\n"
    "compile writes the compiled form of the given rule files (the default\n"
    "rules when none are given) to OUT: their patterns compiled, their\n"
    "prefilter built, so that loading them is faster.  The default rules come\n"
    "with one, rules.bin in the data directory; a rule edited since is\n"
    "compiled at load as before.  Exit status: 0 written, 2 usage error,\n"
    "3 a rule file failed to load or OUT could not be written.\n";

static int compile_rules(int argc, char **argv)
{
    const char *out = NULL;
    tagger_config *cfg = tagger_config_new();
    tagger_error err = {0};
    int nfiles = 0, rc = EXIT_OK;
    if (!cfg) {
        cli_error("out of memory");
        return EXIT_USAGE;
    }
    for (int i = 1; i < argc && rc == EXIT_OK; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc) {
            out = argv[++i];
        } else if (argv[i][0] == '-') {
            cli_error("rules compile: unknown option '%s'", argv[i]);
            rc = EXIT_USAGE;
        } else if (tagger_config_add_rules(cfg, argv[i]) != TAGGER_OK) {
            cli_error("out of memory");
            rc = EXIT_USAGE;
        } else {
            nfiles++;
        }
    }
    if (rc == EXIT_OK && !out) {
        cli_error("rules compile: -o OUT is required");
        rc = EXIT_USAGE;
    }
    if (rc == EXIT_OK && nfiles == 0 &&
        tagger_config_add_defaults_ex(cfg, NULL, TAGGER_DEFAULT_RULES, &err) != TAGGER_OK) {
        cli_error("%s", err.message);
        rc = EXIT_LOAD;
    }
    if (rc == EXIT_OK && tagger_rules_compile(cfg, out, &err) != TAGGER_OK) {
        cli_error("%s", err.message);
        rc = EXIT_LOAD;
    }
    tagger_config_free(cfg);
    return rc;
}

static void print_line(void *ud, const char *line)
{
    (void)ud;
    printf("FAIL %s\n", line);
}

int cmd_rules(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "--help") == 0) {
        fputs(usage, argc < 1 ? stderr : stdout);
        return argc < 1 ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[0], "compile") == 0) {
        int rc = cli_help(argc - 1, argv + 1, usage);
        return rc >= 0 ? rc : compile_rules(argc, argv);
    }
    if (strcmp(argv[0], "test") != 0) {
        cli_error("rules: unknown command '%s' (see tagger rules --help)", argv[0]);
        return EXIT_USAGE;
    }
    int rc = cli_help(argc - 1, argv + 1, usage);
    if (rc >= 0)
        return rc;
    cli_load_options o;
    memset(&o, 0, sizeof o);
    o.no_default_gazetteer = 1;
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-') {
            cli_error("rules test: unknown option '%s'", argv[i]);
            return EXIT_USAGE;
        }
        if (o.nrules == sizeof o.rules / sizeof o.rules[0]) {
            cli_error("rules test: too many files (at most 64)");
            return EXIT_USAGE;
        }
        o.rules[o.nrules++] = argv[i];
    }
    o.no_default_rules = o.nrules > 0;
    tagger *t = cli_load_tagger(&o);
    if (!t)
        return EXIT_LOAD;
    size_t total = 0;
    size_t failed = tagger_rules_test(t, print_line, NULL, &total);
    printf("%zu rules, %zu examples: %zu passed, %zu failed\n", tagger_rule_count(t), total,
           total - failed, failed);
    tagger_free(t);
    if (cli_finish_output())
        return EXIT_USAGE;
    return failed ? EXIT_REJECTED : EXIT_OK;
}
