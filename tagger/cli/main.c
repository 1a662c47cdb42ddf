/* main.c — the tagger command: dispatches to a subcommand. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>

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
    if (argc > 1)
        for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
            if (strcmp(argv[1], commands[i].name) == 0)
                return commands[i].run(argc - 2, argv + 2);
    return cmd_tag(argc - 1, argv + 1);
}
