/*
 * cmd_gazetteer.c — `tagger gazetteer compile|lookup|validate|stats|export`:
 * the tools that build entity lists and hand them to other pipelines.
 * Exports write one line per alias (spaCy EntityRuler JSONL, CoreNLP
 * RegexNER TSV, CSV) or one GATE .lst file per label plus lists.def.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"

static const char *const usage =
    "Usage: tagger gazetteer COMMAND ...\n"
    "\n"
    "  compile SRC.tsv... -o FILE   compile TSV sources into one binary gazetteer\n"
    "  validate SRC.tsv...          check sources; errors name file:line:column\n"
    "    (both: --max-alias-bytes N  longest alias, in bytes once normalized;\n"
    "                                default 256, at most 4096)\n"
    "  lookup [-g FILE]... TEXT     which entries TEXT hits, and why (matching key,\n"
    "                               alias, list; ambiguous candidates included)\n"
    "  stats FILE                   entities per label, aliases, trie size, load time\n"
    "  export FILE --format spacy|corenlp|gate|csv [-o OUT]\n"
    "                               spaCy EntityRuler JSONL (with \"id\"), CoreNLP\n"
    "                               RegexNER TSV, GATE .lst files + lists.def (OUT is\n"
    "                               a directory), or CSV; standard output by default\n"
    "\n"
    "FILE is a compiled gazetteer or a TSV source.  The source format is described\n"
    "in gazetteers/README.md.  Exit status: 0 ok, 2 usage or I/O error, 3 a\n"
    "gazetteer failed to load or validate.\n";

static int exit_for(const tagger_error *err)
{
    return err->code == TAGGER_ERR_LOAD ? EXIT_LOAD : EXIT_USAGE;
}

static int compile_cmd(int argc, char **argv, int validate_only)
{
    const char *out = NULL;
    const char **srcs = calloc((size_t)argc + 1, sizeof *srcs);
    size_t n = 0;
    tagger_gazetteer_compile_options opt;
    tagger_gazetteer_compile_options_init(&opt);
    if (!srcs)
        return EXIT_USAGE;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "-o") == 0 && i + 1 < argc && !validate_only) {
            out = argv[++i];
        } else if (strcmp(argv[i], "--max-alias-bytes") == 0) {
            if (i + 1 >= argc || cli_parse_size(argv[i + 1], &opt.max_alias_bytes) ||
                opt.max_alias_bytes > 4096) {
                cli_error("--max-alias-bytes: expected a number from 1 to 4096, got '%s'",
                          i + 1 < argc ? argv[i + 1] : "");
                free(srcs);
                return EXIT_USAGE;
            }
            i++;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_error("gazetteer %s: unknown option '%s'", validate_only ? "validate" : "compile",
                      argv[i]);
            free(srcs);
            return EXIT_USAGE;
        } else {
            srcs[n++] = argv[i];
        }
    }
    if (n == 0 || (!validate_only && !out)) {
        cli_error(validate_only ? "gazetteer validate: no source files given"
                                : "gazetteer compile: need SRC... -o FILE");
        free(srcs);
        return EXIT_USAGE;
    }
    tagger_error err = {0};
    tagger_status rc = tagger_gazetteer_compile_opts(srcs, n, out, &opt, &err);
    free(srcs);
    if (rc != TAGGER_OK) {
        cli_error("%s", err.message);
        return exit_for(&err);
    }
    if (validate_only)
        printf("ok: %zu source file%s valid\n", n, n == 1 ? "" : "s");
    return cli_finish_output() ? EXIT_USAGE : EXIT_OK;
}

static int lookup_cmd(int argc, char **argv)
{
    cli_load_options o;
    memset(&o, 0, sizeof o);
    o.all_matches = 1;
    const char *text = NULL;
    for (int i = 0; i < argc; i++) {
        int r = cli_parse_load_option(argc, argv, &i, &o);
        if (r < 0)
            return EXIT_USAGE;
        if (r == 0 && !text)
            text = argv[i];
        else if (r == 0) {
            cli_error("gazetteer lookup: one TEXT argument expected (quote it)");
            return EXIT_USAGE;
        }
    }
    if (!text) {
        cli_error("gazetteer lookup: no TEXT given");
        return EXIT_USAGE;
    }
    tagger *t = cli_load_tagger(&o);
    if (!t)
        return EXIT_LOAD;
    tagger_error err = {0};
    size_t len = strlen(text);
    tagger_doc *doc = tagger_process(t, text, len, TAGGER_STAGE_ALL, &err);
    if (!doc) {
        cli_error("%s", err.message);
        tagger_free(t);
        return EXIT_REJECTED;
    }
    char *key = tagger_match_key(t, text, len);
    printf("key: %s\n", key ? key : "");
    free(key);
    size_t n = tagger_doc_entity_count(doc);
    for (size_t i = 0; i < n; i++) {
        const tagger_entity *e = tagger_doc_entity(doc, i);
        printf("[%zu,%zu) \"%.*s\" %s %s \"%s\" via alias \"%s\" in %s%s\n",
               tagger_doc_offset(doc, e->start, TAGGER_OFFSETS_CODEPOINT),
               tagger_doc_offset(doc, e->end, TAGGER_OFFSETS_CODEPOINT),
               (int)(e->end - e->start), text + e->start, e->label, e->kb_id, e->name,
               e->alias, e->list,
               (e->flags & TAGGER_ENTITY_AMBIGUOUS) ? " (ambiguous: needs context)" : "");
    }
    if (n == 0)
        printf("no entries\n");
    tagger_doc_free(doc);
    tagger_free(t);
    return cli_finish_output() ? EXIT_USAGE : EXIT_OK;
}

static int stats_cmd(int argc, char **argv)
{
    if (argc != 1) {
        cli_error("gazetteer stats: one FILE expected");
        return EXIT_USAGE;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    tagger_error err = {0};
    tagger_gazetteer *g = tagger_gazetteer_open(argv[0], &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (!g) {
        cli_error("%s", err.message);
        return exit_for(&err);
    }
    tagger_gazetteer_stats st;
    tagger_gazetteer_get_stats(g, &st);
    printf("file: %s\nentities: %zu\naliases: %zu\nkeys: %zu\ntrie nodes: %zu\n"
           "string bytes: %zu\ncompiled bytes: %zu\nload ms: %.2f\n",
           argv[0], st.entities, st.aliases, st.keys, st.trie_nodes, st.string_bytes,
           st.file_bytes,
           (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
    for (size_t i = 0; tagger_label_name(i); i++)
        if (st.entities_by_label[i])
            printf("  %s: %zu\n", tagger_label_name(i), st.entities_by_label[i]);
    tagger_gazetteer_free(g);
    return cli_finish_output() ? EXIT_USAGE : EXIT_OK;
}

/* Writes s as a JSON string. */
static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

/* Writes s as a CSV field (quoted when needed). */
static void csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* A CoreNLP RegexNER pattern: the alias's tokens, regex-escaped, with
 * (?i) for case-insensitive aliases. */
static void regexner_pattern(FILE *f, const tagger_alias *a)
{
    if (!(a->flags & TAGGER_ALIAS_CASE_SENSITIVE))
        fputs("(?i)", f);
    for (const char *s = a->alias; *s; s++) {
        if (strchr("\\.^$|?*+()[]{}", *s))
            fputc('\\', f);
        fputc(*s, f);
    }
}

static int export_cmd(int argc, char **argv)
{
    const char *path = NULL, *format = NULL, *out = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
            format = argv[++i];
        else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            out = argv[++i];
        else if (argv[i][0] == '-') {
            cli_error("gazetteer export: unknown option '%s'", argv[i]);
            return EXIT_USAGE;
        } else
            path = argv[i];
    }
    int fmt = !format ? -1
              : strcmp(format, "spacy") == 0   ? 0
              : strcmp(format, "corenlp") == 0 ? 1
              : strcmp(format, "gate") == 0    ? 2
              : strcmp(format, "csv") == 0     ? 3
                                               : -1;
    if (!path || fmt < 0) {
        cli_error("gazetteer export: need FILE --format spacy|corenlp|gate|csv");
        return EXIT_USAGE;
    }
    if (fmt == 2 && !out) {
        cli_error("gazetteer export --format gate: -o DIR is required");
        return EXIT_USAGE;
    }
    tagger_error err = {0};
    tagger_gazetteer *g = tagger_gazetteer_open(path, &err);
    if (!g) {
        cli_error("%s", err.message);
        return exit_for(&err);
    }
    int rc = EXIT_OK;
    FILE *f = stdout;
    FILE *lst[12] = {0};
    char file[4096];
    if (fmt == 2) {
        if (mkdir(out, 0777) != 0 && errno != EEXIST) {
            cli_error("cannot create directory '%s': %s", out, strerror(errno));
            tagger_gazetteer_free(g);
            return EXIT_USAGE;
        }
        snprintf(file, sizeof file, "%s/lists.def", out);
        f = fopen(file, "w");
    } else if (out) {
        f = fopen(out, "w");
    }
    if (!f) {
        cli_error("cannot write '%s': %s", fmt == 2 ? file : out, strerror(errno));
        tagger_gazetteer_free(g);
        return EXIT_USAGE;
    }
    if (fmt == 3)
        fputs("kb_id,label,name,alias,case_sensitive,ambiguous,priority,ids,list\n", f);
    size_t n = tagger_gazetteer_alias_count(g);
    for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
        tagger_alias a;
        if (!tagger_gazetteer_alias(g, i, &a))
            continue;
        switch (fmt) {
        case 0:
            fputs("{\"label\":", f);
            json_str(f, a.label);
            fputs(",\"pattern\":", f);
            json_str(f, a.alias);
            fputs(",\"id\":", f);
            json_str(f, a.kb_id);
            fputs("}\n", f);
            break;
        case 1:
            regexner_pattern(f, &a);
            fprintf(f, "\t%s\tMISC\t%d\n", a.label, a.priority);
            break;
        case 2: {
            size_t l = 0;
            while (tagger_label_name(l) && strcmp(tagger_label_name(l), a.label) != 0)
                l++;
            if (l >= 12)
                break;
            if (!lst[l]) {
                char lp[4200];
                snprintf(lp, sizeof lp, "%s/%s.lst", out, a.label);
                lst[l] = fopen(lp, "w");
                if (!lst[l]) {
                    cli_error("cannot write '%s': %s", lp, strerror(errno));
                    rc = EXIT_USAGE;
                    break;
                }
                fprintf(f, "%s.lst:%s\n", a.label, a.label);
            }
            fprintf(lst[l], "%s\tkb_id=%s\tname=%s\n", a.alias, a.kb_id, a.name);
            break;
        }
        default:
            csv_field(f, a.kb_id);
            fputc(',', f);
            csv_field(f, a.label);
            fputc(',', f);
            csv_field(f, a.name);
            fputc(',', f);
            csv_field(f, a.alias);
            fprintf(f, ",%d,%d,%d,", (a.flags & TAGGER_ALIAS_CASE_SENSITIVE) != 0,
                    (a.flags & TAGGER_ALIAS_AMBIGUOUS) != 0, a.priority);
            csv_field(f, a.ids);
            fputc(',', f);
            csv_field(f, a.list);
            fputc('\n', f);
        }
    }
    for (size_t l = 0; l < 12; l++)
        if (lst[l] && fclose(lst[l]) != 0)
            rc = EXIT_USAGE;
    if (f != stdout) {
        if (fclose(f) != 0)
            rc = EXIT_USAGE;
    } else if (cli_finish_output()) {
        rc = EXIT_USAGE;
    }
    if (rc != EXIT_OK)
        cli_error("gazetteer export: write failed");
    tagger_gazetteer_free(g);
    return rc;
}

int cmd_gazetteer(int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "--help") == 0) {
        fputs(usage, argc < 1 ? stderr : stdout);
        return argc < 1 ? EXIT_USAGE : EXIT_OK;
    }
    const char *sub = argv[0];
    if (strcmp(sub, "compile") == 0)
        return compile_cmd(argc - 1, argv + 1, 0);
    if (strcmp(sub, "validate") == 0)
        return compile_cmd(argc - 1, argv + 1, 1);
    if (strcmp(sub, "lookup") == 0)
        return lookup_cmd(argc - 1, argv + 1);
    if (strcmp(sub, "stats") == 0)
        return stats_cmd(argc - 1, argv + 1);
    if (strcmp(sub, "export") == 0)
        return export_cmd(argc - 1, argv + 1);
    cli_error("gazetteer: unknown command '%s' (see tagger gazetteer --help)", sub);
    return EXIT_USAGE;
}
