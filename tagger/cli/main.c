/* main.c — the tagger command: dispatches to a subcommand. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
    {"normalize", cmd_normalize},
    {"tokenize", cmd_tokenize},
    {"eval", cmd_eval},
    {"gazetteer", cmd_gazetteer},
    {"rules", cmd_rules},
    {"topics", cmd_topics},
    {"ner", cmd_ner},
};

/* With TAGGER_MAP_DATA=1 the data files are mapped, not read whole: a
 * start costs ~17 ms less CPU (docs/performance.md).  A mapped file
 * truncated in place under a running tagger makes its next look-up a
 * SIGBUS; that ends the run with a message and exit 3, not a silent death
 * (exit 135).  Replace data files with mv, never cp (docs/hardening.md). */
static void on_sigbus(int sig)
{
    (void)sig;
    static const char msg[] =
        "tagger: a data file changed under the running tagger (truncated or copied over "
        "in place?); replace data files with mv, not cp, or run without TAGGER_MAP_DATA=1\n";
    if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) {
        /* nothing left to tell */
    }
    _exit(3);
}

int main(int argc, char **argv)
{
    const char *map = getenv("TAGGER_MAP_DATA");
    if (map && strcmp(map, "1") == 0)
        signal(SIGBUS, on_sigbus);
    /* a closed pipe becomes a write error we report, not a silent death */
    signal(SIGPIPE, SIG_IGN);
    if (argc > 1)
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if (strcmp(argv[1], commands[i].name) == 0)
                return commands[i].run(argc - 2, argv + 2);
    return cmd_tag(argc - 1, argv + 1);
}
