/* main.c — the tagger command: dispatches to a subcommand. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

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

int main(int argc, char **argv)
{
    /* a closed pipe becomes a write error we report, not a silent death */
    signal(SIGPIPE, SIG_IGN);
#ifdef __GLIBC__
    /* A document's buffers (up to a few MB) are freed and made again for the
     * next: with glibc's defaults a worker's arena gives the pages back after
     * each document and faults them in again (a third of a bulk run's page
     * faults, ~2% of its CPU time, docs/performance.md).  Keep up to 16 MB
     * free at an arena's top, and serve blocks under 4 MB from the arenas. */
    mallopt(M_TRIM_THRESHOLD, 16 << 20);
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
#endif
    if (argc > 1)
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if (strcmp(argv[1], commands[i].name) == 0)
                return commands[i].run(argc - 2, argv + 2);
    return cmd_tag(argc - 1, argv + 1);
}
