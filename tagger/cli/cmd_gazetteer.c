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
    "  export FILE --format spacy|corenlp|gate|csv [-o OUT] [--ambiguous WHICH]\n"
    "                               spaCy EntityRuler JSONL, CoreNLP RegexNER\n"
    "                               TSV, GATE .lst files (OUT is a directory), or\n"
    "                               CSV; ambiguous aliases left out but in CSV\n"
    "\n"
    "Each command has its own --help.  FILE is a compiled gazetteer or a TSV\n"
    "source.  The source format is described in gazetteers/README.md, the\n"
    "exports in docs/gazetteers.md.  Exit status: 0 ok, 2 usage or I/O error,\n"
    "3 a gazetteer failed to load or validate.\n";

static const char *const usage_compile =
    "Usage: tagger gazetteer compile SRC.tsv... -o FILE [--max-alias-bytes N]\n"
    "\n"
    "Compiles TSV sources (format: gazetteers/README.md) into one binary gazetteer.\n"
    "  -o FILE                  the compiled gazetteer to write\n"
    "  --max-alias-bytes N      longest alias, in bytes once normalized (default\n"
    "                           256, at most 4096)\n"
    "  -h, --help               show this help\n"
    "Exit status: 0 ok, 2 usage or I/O error, 3 a source failed to load.\n";

static const char *const usage_validate =
    "Usage: tagger gazetteer validate FILE... [--max-alias-bytes N]\n"
    "\n"
    "Checks TSV sources (errors name file:line:column) or compiled gazetteers\n"
    "(header and checksum of the whole file); prints \"ok: N source files valid\".\n"
    "  --max-alias-bytes N      longest alias, in bytes once normalized (default\n"
    "                           256, at most 4096)\n"
    "  -h, --help               show this help\n"
    "Exit status: 0 valid, 2 usage or I/O error, 3 a file is not valid.\n";

static const char *const usage_lookup =
    "Usage: tagger gazetteer lookup [-g FILE]... [--no-default-gazetteer] TEXT\n"
    "\n"
    "Prints TEXT's matching key and every entry it hits: span in code points,\n"
    "text, label, kb_id, name, the alias and list that matched, and whether the\n"
    "alias is ambiguous (emitted by the tagger only when confirmed).\n"
    "  -g, --gazetteer FILE     a gazetteer layered over the default (repeatable)\n"
    "  --no-default-gazetteer   leave the default gazetteer out\n"
    "  (the other options of `tagger` that say how to load it are accepted too)\n"
    "  -h, --help               show this help\n"
    "Exit status: 0 ok, 1 TEXT rejected, 2 usage error, 3 a file failed to load.\n";

static const char *const usage_stats =
    "Usage: tagger gazetteer stats FILE\n"
    "\n"
    "Prints the entities, aliases, matching keys, trie nodes, string and file\n"
    "bytes of a gazetteer (compiled or TSV), the time it took to load, and the\n"
    "entities per label.\n"
    "  -h, --help               show this help\n"
    "Exit status: 0 ok, 2 usage error, 3 FILE failed to load.\n";

static const char *const usage_export =
    "Usage: tagger gazetteer export FILE --format FORMAT [-o OUT] [--ambiguous WHICH]\n"
    "\n"
    "Writes one entry per alias of FILE (compiled or TSV) for another tool:\n"
    "  spacy    spaCy EntityRuler JSONL with \"id\"; case-insensitive aliases are\n"
    "           phrase patterns (load with phrase_matcher_attr=\"LOWER\"),\n"
    "           case-sensitive ones (=US) token patterns on ORTH\n"
    "  corenlp  CoreNLP RegexNER mapping (pattern, label, MISC, priority); each\n"
    "           token of a case-insensitive alias carries (?iu)\n"
    "  gate     GATE gazetteer, OUT a directory: lists.def for a gazetteer with\n"
    "           caseSensitive=false, lists-cased.def for one with caseSensitive=true\n"
    "  csv      kb_id,label,name,alias,case_sensitive,ambiguous,priority,ids,list,wikidata\n"
    "  -o OUT                   the file (gate: the directory) to write; standard\n"
    "                           output by default\n"
    "  --ambiguous WHICH        omit: leave ambiguous aliases (`?`, emitted by the\n"
    "                           tagger only when confirmed) out, the default but\n"
    "                           for csv; include: write them too (gate marks them\n"
    "                           with minorType \"ambiguous\"); only: only them\n"
    "  -h, --help               show this help\n"
    "Standard error says how many ambiguous aliases were left out.  Exit status:\n"
    "0 ok, 2 usage or I/O error, 3 FILE failed to load.\n";

static int exit_for(const tagger_error *err)
{
    return err->code == TAGGER_ERR_LOAD ? EXIT_LOAD : EXIT_USAGE;
}

static int compile_cmd(int argc, char **argv, int validate_only)
{
    int help = cli_help(argc, argv, validate_only ? usage_validate : usage_compile);
    if (help >= 0)
        return help;
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
    int help = cli_help(argc, argv, usage_lookup);
    if (help >= 0)
        return help;
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
    int help = cli_help(argc, argv, usage_stats);
    if (help >= 0)
        return help;
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

/* Writes s[0..len) as a JSON string. */
static void json_strn(FILE *f, const char *s, size_t len)
{
    fputc('"', f);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void json_str(FILE *f, const char *s)
{
    json_strn(f, s, strlen(s));
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

/* Non-zero when the UTF-8 character at s (of n bytes) is a letter of a
 * cased script: Latin (with its extensions), Greek, Cyrillic, Armenian.
 * Arabic script, digits and punctuation have no case. */
static int cased_char(const unsigned char *s, size_t n)
{
    unsigned cp = s[0];
    if (n == 2)
        cp = ((s[0] & 0x1fu) << 6) | (s[1] & 0x3fu);
    else if (n == 3)
        cp = ((s[0] & 0x0fu) << 12) | ((s[1] & 0x3fu) << 6) | (s[2] & 0x3fu);
    else if (n == 4)
        return 0;
    return (cp < 0x80 && ((cp | 0x20u) >= 'a' && (cp | 0x20u) <= 'z')) ||
           (cp >= 0xc0 && cp <= 0x58f && cp != 0xd7 && cp != 0xf7) ||
           (cp >= 0x1e00 && cp <= 0x1fff);
}

/* Non-zero when s[0..len) has a letter of a cased script. */
static int has_cased(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        size_t n = cli_utf8_char(p + i, len - i);
        if (n == 0)
            n = 1;
        if (cased_char(p + i, n))
            return 1;
        i += n;
    }
    return 0;
}

/* A CoreNLP RegexNER pattern: one Java regex per whitespace-separated
 * token (RegexNER splits the first column on \s+ and matches the regexes
 * against successive tokens), regex-escaped; each token of a
 * case-insensitive alias that has cased letters gets (?iu): an embedded
 * flag holds for its own token's regex only, and without u Java folds
 * ASCII letters only. */
static void regexner_pattern(FILE *f, const tagger_alias *a)
{
    const char *s = a->alias;
    int first = 1;
    while (*s) {
        size_t len = strcspn(s, " \t");
        if (len == 0) {
            s++;
            continue;
        }
        if (!first)
            fputc(' ', f);
        first = 0;
        if (!(a->flags & TAGGER_ALIAS_CASE_SENSITIVE) && has_cased(s, len))
            fputs("(?iu)", f);
        for (size_t i = 0; i < len; i++) {
            if (strchr("\\.^$|?*+()[]{}", s[i]))
                fputc('\\', f);
            fputc(s[i], f);
        }
        s += len;
    }
}

/* The value of `key`=value in an alias's ids ("iso=IR wikidata=Q794",
 * "link=no"), its length in *len; NULL when there is none. */
static const char *attr_of(const tagger_alias *a, const char *key, size_t *len)
{
    size_t k = strlen(key);
    for (const char *p = a->ids; p && (p = strstr(p, key)) != NULL; p += k)
        if ((p == a->ids || p[-1] == ' ') && p[k] == '=') {
            *len = strcspn(p + k + 1, " ");
            return p + k + 1;
        }
    *len = 0;
    return NULL;
}

/* Whether an alias's entry is marked link=no (a generic name the tagger
 * prints without kb_id): the exports then give no id either. */
static int unlinked(const tagger_alias *a)
{
    size_t n;
    const char *v = attr_of(a, "link", &n);
    return v && n == 2 && memcmp(v, "no", 2) == 0;
}

/* A spaCy EntityRuler pattern.  A case-sensitive alias is a token pattern,
 * one {"ORTH": ...} per whitespace-separated token, exact whatever the
 * ruler's phrase_matcher_attr; any other alias is a phrase pattern (a
 * string the pipeline's own tokenizer splits), matched on the ruler's
 * phrase_matcher_attr: LOWER makes it case-insensitive, as this tagger
 * matches it. */
static void spacy_line(FILE *f, const tagger_alias *a)
{
    fputs("{\"label\":", f);
    json_str(f, a->label);
    fputs(",\"pattern\":", f);
    if (a->flags & TAGGER_ALIAS_CASE_SENSITIVE) {
        const char *s = a->alias;
        int first = 1;
        fputc('[', f);
        while (*s) {
            size_t len = strcspn(s, " \t");
            if (len == 0) {
                s++;
                continue;
            }
            fputs(first ? "{\"ORTH\":" : ",{\"ORTH\":", f);
            json_strn(f, s, len);
            fputc('}', f);
            first = 0;
            s += len;
        }
        fputc(']', f);
    } else {
        json_str(f, a->alias);
    }
    if (!unlinked(a)) {
        fputs(",\"id\":", f);
        json_str(f, a->kb_id);
    }
    fputs("}\n", f);
}

static void csv_line(FILE *f, const tagger_alias *a)
{
    csv_field(f, a->kb_id);
    fputc(',', f);
    csv_field(f, a->label);
    fputc(',', f);
    csv_field(f, a->name);
    fputc(',', f);
    csv_field(f, a->alias);
    fprintf(f, ",%d,%d,%d,", (a->flags & TAGGER_ALIAS_CASE_SENSITIVE) != 0,
            (a->flags & TAGGER_ALIAS_AMBIGUOUS) != 0, a->priority);
    csv_field(f, a->ids);
    fputc(',', f);
    csv_field(f, a->list);
    size_t qlen;
    const char *q = attr_of(a, "wikidata", &qlen);
    fprintf(f, ",%.*s\n", (int)qlen, q ? q : "");
}

enum { FMT_SPACY, FMT_CORENLP, FMT_GATE, FMT_CSV };
enum { AMB_OMIT, AMB_INCLUDE, AMB_ONLY };
#define GATE_KINDS 4 /* (case-sensitive?, ambiguous?) */

/* A GATE export: OUT/lists.def indexes the lists of case-insensitive
 * aliases (for a gazetteer with caseSensitive=false), OUT/lists-cased.def
 * those of case-sensitive ones (caseSensitive=true): GATE's gazetteers
 * take case sensitivity per gazetteer, not per entry.  Per label and kind
 * one .lst file, opened when its first entry comes; ambiguous aliases go
 * to lists of minorType "ambiguous". */
typedef struct gate_out {
    const char *dir;
    FILE *def[2];
    FILE *lst[TAGGER_LABEL_COUNT][GATE_KINDS];
} gate_out;

static int gate_open(gate_out *g, const char *dir)
{
    char file[4200];
    memset(g, 0, sizeof *g);
    g->dir = dir;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        cli_error("cannot create directory '%s': %s", dir, strerror(errno));
        return -1;
    }
    for (int c = 0; c < 2; c++) {
        snprintf(file, sizeof file, "%s/%s", dir, c ? "lists-cased.def" : "lists.def");
        g->def[c] = fopen(file, "w");
        if (!g->def[c]) {
            cli_error("cannot write '%s': %s", file, strerror(errno));
            return -1;
        }
    }
    return 0;
}

static int gate_entry(gate_out *g, const tagger_alias *a)
{
    size_t l = 0;
    while (tagger_label_name(l) && strcmp(tagger_label_name(l), a->label) != 0)
        l++;
    if (l >= TAGGER_LABEL_COUNT)
        return 0;
    int cased = (a->flags & TAGGER_ALIAS_CASE_SENSITIVE) != 0;
    int amb = (a->flags & TAGGER_ALIAS_AMBIGUOUS) != 0;
    FILE **lst = &g->lst[l][cased * 2 + amb];
    if (!*lst) {
        static const char *const suffix[GATE_KINDS] = {"", "-ambiguous", "-cased",
                                                       "-cased-ambiguous"};
        char name[64], file[4200];
        snprintf(name, sizeof name, "%s%s.lst", a->label, suffix[cased * 2 + amb]);
        snprintf(file, sizeof file, "%s/%s", g->dir, name);
        *lst = fopen(file, "w");
        if (!*lst) {
            cli_error("cannot write '%s': %s", file, strerror(errno));
            return -1;
        }
        fprintf(g->def[cased], "%s:%s%s\n", name, a->label, amb ? ":ambiguous" : "");
    }
    size_t qlen;
    const char *q = attr_of(a, "wikidata", &qlen);
    if (unlinked(a))
        fprintf(*lst, "%s\tname=%s", a->alias, a->name);
    else
        fprintf(*lst, "%s\tkb_id=%s\tname=%s", a->alias, a->kb_id, a->name);
    if (q)
        fprintf(*lst, "\twikidata=%.*s", (int)qlen, q);
    fputc('\n', *lst);
    return 0;
}

/* Closes every file; non-zero if a write failed. */
static int gate_close(gate_out *g)
{
    int rc = 0;
    for (size_t l = 0; l < TAGGER_LABEL_COUNT; l++)
        for (int k = 0; k < GATE_KINDS; k++)
            if (g->lst[l][k] && fclose(g->lst[l][k]) != 0)
                rc = -1;
    for (int c = 0; c < 2; c++)
        if (g->def[c] && fclose(g->def[c]) != 0)
            rc = -1;
    return rc;
}

/* Parses export's arguments; EXIT_OK, or the exit status of a usage error. */
static int export_args(int argc, char **argv, const char **path, int *fmt, const char **out,
                       int *amb)
{
    const char *format = NULL, *ambiguous = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--format") == 0 && i + 1 < argc)
            format = argv[++i];
        else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
            *out = argv[++i];
        else if (strcmp(argv[i], "--ambiguous") == 0 && i + 1 < argc)
            ambiguous = argv[++i];
        else if (argv[i][0] == '-') {
            cli_error("gazetteer export: unknown option '%s' (see tagger gazetteer export --help)",
                      argv[i]);
            return EXIT_USAGE;
        } else
            *path = argv[i];
    }
    *fmt = !format ? -1
           : strcmp(format, "spacy") == 0   ? FMT_SPACY
           : strcmp(format, "corenlp") == 0 ? FMT_CORENLP
           : strcmp(format, "gate") == 0    ? FMT_GATE
           : strcmp(format, "csv") == 0     ? FMT_CSV
                                            : -1;
    if (!*path || *fmt < 0) {
        cli_error("gazetteer export: need FILE --format spacy|corenlp|gate|csv");
        return EXIT_USAGE;
    }
    *amb = !ambiguous ? (*fmt == FMT_CSV ? AMB_INCLUDE : AMB_OMIT)
           : strcmp(ambiguous, "omit") == 0    ? AMB_OMIT
           : strcmp(ambiguous, "include") == 0 ? AMB_INCLUDE
           : strcmp(ambiguous, "only") == 0    ? AMB_ONLY
                                               : -1;
    if (*amb < 0) {
        cli_error("gazetteer export: --ambiguous: expected omit, include or only, got '%s'",
                  ambiguous);
        return EXIT_USAGE;
    }
    if (*fmt == FMT_GATE && !*out) {
        cli_error("gazetteer export --format gate: -o DIR is required");
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

static int export_cmd(int argc, char **argv)
{
    const char *path = NULL, *out = NULL;
    int fmt, amb;
    int help = cli_help(argc, argv, usage_export);
    if (help >= 0)
        return help;
    int rc = export_args(argc, argv, &path, &fmt, &out, &amb);
    if (rc != EXIT_OK)
        return rc;
    tagger_error err = {0};
    tagger_gazetteer *g = tagger_gazetteer_open(path, &err);
    if (!g) {
        cli_error("%s", err.message);
        return exit_for(&err);
    }
    FILE *f = stdout;
    gate_out gate;
    if (fmt == FMT_GATE) {
        if (gate_open(&gate, out) != 0) {
            gate_close(&gate);
            tagger_gazetteer_free(g);
            return EXIT_USAGE;
        }
    } else if (out && !(f = fopen(out, "w"))) {
        cli_error("cannot write '%s': %s", out, strerror(errno));
        tagger_gazetteer_free(g);
        return EXIT_USAGE;
    }
    if (fmt == FMT_CSV)
        fputs("kb_id,label,name,alias,case_sensitive,ambiguous,priority,ids,list,wikidata\n", f);
    size_t n = tagger_gazetteer_alias_count(g), written = 0, skipped = 0;
    for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
        tagger_alias a;
        if (!tagger_gazetteer_alias(g, i, &a))
            continue;
        int is_amb = (a.flags & TAGGER_ALIAS_AMBIGUOUS) != 0;
        if ((amb == AMB_OMIT && is_amb) || (amb == AMB_ONLY && !is_amb)) {
            skipped += is_amb;
            continue;
        }
        written++;
        if (fmt == FMT_SPACY)
            spacy_line(f, &a);
        else if (fmt == FMT_CORENLP) {
            regexner_pattern(f, &a);
            fprintf(f, "\t%s\tMISC\t%d\n", a.label, a.priority);
        } else if (fmt == FMT_GATE) {
            if (gate_entry(&gate, &a) != 0)
                rc = EXIT_USAGE;
        } else
            csv_line(f, &a);
    }
    if (fmt == FMT_GATE) {
        if (gate_close(&gate) != 0)
            rc = EXIT_USAGE;
    } else if (f != stdout) {
        if (fclose(f) != 0)
            rc = EXIT_USAGE;
    } else if (cli_finish_output()) {
        rc = EXIT_USAGE;
    }
    if (rc != EXIT_OK)
        cli_error("gazetteer export: write failed");
    else if (skipped)
        fprintf(stderr,
                "tagger: gazetteer export: %zu aliases written, %zu ambiguous left out "
                "(--ambiguous include keeps them)\n",
                written, skipped);
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
