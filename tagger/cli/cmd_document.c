/*
 * cmd_document.c — the one-document commands: `tagger [FILE]` (entities and
 * topics as v1 JSON), `tagger normalize [FILE]` and `tagger tokenize [FILE]`.
 * They share their options and their handling of bad input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef enum { MODE_TAG, MODE_NORMALIZE, MODE_TOKENIZE } doc_mode;

typedef struct {
    doc_mode mode;
    const char *path;
    tagger_render_options render; /* format, offsets, pretty, id */
    cli_load_options load;
    int key_lines; /* normalize --key: one matching key per input line */
    const char *date; /* --date YYYY-MM-DD: the document's date */
    int no_dateline;  /* --no-dateline: no date from the dateline */
    const char *lang; /* --lang L: the document's language */
    int lang_evidence; /* --lang-evidence: "lang_evidence" in the JSON */
} doc_args;

static const char *const usage_tag =
    "Usage: tagger [OPTIONS] [FILE]\n"
    "       tagger --jsonl [-j N] [OPTIONS] [FILE]   (bulk: see tagger --jsonl --help)\n"
    "       tagger -r [-j N] [OPTIONS] FILE|DIR...\n"
    "       tagger COMMAND [OPTIONS] ...\n"
    "\n"
    "Finds the people, places, organizations, dates and amounts in a news\n"
    "article (Persian or English) and prints them as JSON.  Reads FILE, or\n"
    "standard input when FILE is absent or '-'.\n"
    "\n"
    "Commands:\n"
    "  (none)      tag one article: {\"lang\", \"topics\", \"entities\"}\n"
    "  normalize   print the normalized text, its matching key and offset map\n"
    "  tokenize    print the tokens with their offsets, kinds and sentences\n"
    "  gazetteer   compile, look up, validate, count and export entity lists\n"
    "  rules       test the rule files' examples\n"
    "  eval        score the entities found against gold annotations\n"
    "  topics      train and score topic models (tagger topics --help)\n"
    "  ner         train and score the entity recognizer (tagger ner --help)\n"
    "\n"
    "Options:\n"
    "  --offsets codepoint|utf16|utf8   offset unit (default: codepoint)\n"
    "  --format json|conll|brat|html    output format (default: json); conll: token\n"
    "                                   and IOB2 tag lines, brat: standoff .ann lines,\n"
    "                                   html: a page (docs/formats.md)\n"
    "  --pretty                         indent the JSON\n"
    "  --id ID                          put \"id\": ID in the output\n"
    "  --date YYYY-MM-DD                the article's date: gives relative dates\n"
    "                                   («دیروز», yesterday) and yearless ones a value\n"
    "                                   (without it, the dateline's date does that)\n"
    "  --no-dateline                    do not take the date from the dateline\n"
    "  --lang L                         the article's language (ISO 639-1 or und)\n"
    "                                   instead of the identified one (docs/langid.md)\n"
    "  --lang-evidence                  add what the language was told from to the JSON\n"
    "  --max-doc-bytes N[K|M|G]         reject larger input (default and max 1G)\n"
    "  -g, --gazetteer FILE             add a gazetteer (TSV or compiled) over the\n"
    "                                   default one; later ones take precedence\n"
    "  --no-default-gazetteer           do not load the default gazetteer.bin\n"
    "  --all-matches                    every candidate match, unresolved\n"
    "  --rules FILE                     add a rule file after the default rules\n"
    "  --no-default-rules               do not load the default rules\n"
    "  --topics K                       at most K topics (default 3, 0 for none)\n"
    "  --topic-threshold X              topics with probability >= X (default 0.25)\n"
    "  --no-topics                      no topic classifier\n"
    "  --topic-model FILE               this topic model for every language\n"
    "  --ner-model FILE                 this entity model for every language\n"
    "                                   (default: data/models/ner-LANG.bin)\n"
    "  --no-model                       no entity model: lists and rules only\n"
    "  --jsonl                          bulk: one JSON object a line in, one\n"
    "                                   record a line out, in input order\n"
    "  -r, --recursive                  bulk: one document per file, DIRs walked\n"
    "                                   (the other bulk options: tagger --jsonl --help)\n"
    "  -h, --help                       show this help\n"
    "  --version                        show the version\n";

/* (after usage_tag: one string literal of both would be over C's 4095) */
static const char *const usage_tag_end =
    "\n"
    "Limits (README \"Limits\"):\n"
    "  --max-alias-bytes N              longest alias of a TSV gazetteer, in bytes\n"
    "                                   once normalized (default 256, max 4096)\n"
    "  --rule-match-limit N             PCRE2 match limit per attempt (200000)\n"
    "  --rule-depth-limit N             PCRE2 depth limit per attempt (5000)\n"
    "  --no-jit                         run rule patterns without PCRE2's JIT\n"
    "  --read-data                      read the data files whole, not mapped\n"
    "                                   (also TAGGER_MAP_DATA=0; docs/hardening.md)\n"
    "  --verify-data                    hash the data files in full, even those\n"
    "                                   verified before (also TAGGER_VERIFY_DATA=always;\n"
    "                                   docs/hardening.md)\n"
    "\n"
    "The default data is found in $TAGGER_DATA_DIR, else data/ beside the\n"
    "executable, else ../share/tagger from it.\n"
    "\n"
    "Exit status: 0 success, 1 input rejected (e.g. invalid UTF-8),\n"
    "2 usage or I/O error, 3 a data file failed to load.\n";

static const char *const usage_normalize =
    "Usage: tagger normalize [OPTIONS] [FILE]\n"
    "\n"
    "Prints {\"text\", \"key\", \"map\"}: the normalized text used for matching\n"
    "(Arabic letter variants to Persian, diacritics, tatweel and ZWNJ removed,\n"
    "digits to ASCII, NFKC, case folded), its matching key (white space removed\n"
    "too), and for every code point of the normalized text the [start, end)\n"
    "span of the input that produced it.\n"
    "\n"
    "Options:\n"
    "  --key                            print only the matching key of each\n"
    "                                   input line, one per line\n"
    "  --offsets codepoint|utf16|utf8   offset unit (default: codepoint)\n"
    "  --pretty                         indent the JSON\n"
    "  --max-doc-bytes N[K|M|G]         reject larger input\n"
    "  -h, --help                       show this help\n";

static const char *const usage_tokenize =
    "Usage: tagger tokenize [OPTIONS] [FILE]\n"
    "\n"
    "Prints {\"tokens\": [...]}: each token with its [start, end) span in the\n"
    "input, its original and normalized text, its kind (word, number, punct,\n"
    "symbol) and its sentence index.  ZWNJ-joined words are one token.\n"
    "\n"
    "Options:\n"
    "  --offsets codepoint|utf16|utf8   offset unit (default: codepoint)\n"
    "  --pretty                         indent the JSON\n"
    "  --max-doc-bytes N[K|M|G]         reject larger input\n"
    "  -h, --help                       show this help\n";

static int version(void *args, const char *value)
{
    (void)args;
    (void)value;
    printf("tagger %s\n", tagger_version());
    return 1;
}

static const cli_option options[] = {
    {.name = "--pretty", .kind = CLI_OPT_FLAG, CLI_FIELD(doc_args, render.pretty)},
    {.name = "--key", .kind = CLI_OPT_FLAG, CLI_FIELD(doc_args, key_lines)},
    {.name = "--offsets", .kind = CLI_OPT_OFFSETS, CLI_FIELD(doc_args, render.offsets)},
    {.name = "--format", .kind = CLI_OPT_FORMAT, CLI_FIELD(doc_args, render.format)},
    {.name = "--date", .kind = CLI_OPT_STRING, CLI_FIELD(doc_args, date)},
    {.name = "--no-dateline", .kind = CLI_OPT_FLAG, CLI_FIELD(doc_args, no_dateline)},
    {.name = "--lang", .kind = CLI_OPT_STRING, CLI_FIELD(doc_args, lang)},
    {.name = "--lang-evidence", .kind = CLI_OPT_FLAG, CLI_FIELD(doc_args, lang_evidence)},
    {.name = "--id", .kind = CLI_OPT_STRING, CLI_FIELD(doc_args, render.id)},
    {.name = "--version", .kind = CLI_OPT_CALL, .call = version},
};

static int set_path(void *args, const char *arg, const char *last_option)
{
    doc_args *a = args;
    (void)last_option;
    if (a->path) {
        cli_error("more than one input file given ('%s', '%s')", a->path, arg);
        return -1;
    }
    a->path = arg;
    return 0;
}

/* Returns -1 to continue, else the exit code. */
static int parse_args(int argc, char **argv, doc_args *a)
{
    cli_command cmd = {options, sizeof options / sizeof options[0],
                       a->mode == MODE_NORMALIZE  ? usage_normalize
                       : a->mode == MODE_TOKENIZE ? usage_tokenize
                                                  : usage_tag,
                       0, a->mode == MODE_NORMALIZE || a->mode == MODE_TOKENIZE ? NULL : usage_tag_end,
                       set_path};
    tagger_render_options_init(&a->render);
    int rc = cli_parse_options(argc, argv, &cmd, a, &a->load);
    if (rc < 0 && a->key_lines && a->mode != MODE_NORMALIZE) {
        cli_error("unknown option '--key' (see --help)");
        rc = EXIT_USAGE;
    }
    if (rc < 0 && a->render.pretty && a->render.format != TAGGER_FORMAT_JSON) {
        cli_error("--pretty is for --format json");
        rc = EXIT_USAGE;
    }
    return rc;
}

/* normalize --key: the key of every line, so spellings can be compared. */
static int print_keys(const tagger *t, const char *buf, size_t len,
                      const char *name)
{
    size_t line = 1, pos = 0;
    for (;;) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        tagger_error err = {0};
        tagger_doc *doc = tagger_process(t, buf + pos, end - pos,
                                         TAGGER_STAGE_NORMALIZE, &err);
        if (!doc) {
            cli_error("%s:%zu: %s", name, line, err.message);
            return EXIT_REJECTED;
        }
        size_t nlen;
        const char *norm = tagger_doc_normalized(doc, &nlen);
        char *key = malloc(nlen + 1);
        size_t k = 0;
        if (key)
            for (size_t i = 0; i < nlen; i++)
                if (norm[i] != ' ' && norm[i] != '\n')
                    key[k++] = norm[i];
        int rc = key ? cli_write_line(key, k) : -1;
        free(key);
        tagger_doc_free(doc);
        if (rc)
            return EXIT_USAGE;
        if (!nl || end + 1 == len)
            break;
        pos = end + 1;
        line++;
    }
    return EXIT_OK;
}

/* The limits that cut matches or entities, one line each on stderr. */
static void print_warnings(const tagger_doc *doc, const char *name)
{
    for (size_t i = 0; i < tagger_doc_warning_count(doc); i++) {
        const tagger_warning *w = tagger_doc_warning(doc, i);
        fprintf(stderr, "tagger: warning: %s: %s (%s)\n", name, w->message,
                strcmp(w->code, "rule_match_limit") == 0   ? "--rule-match-limit"
                : strcmp(w->code, "rule_depth_limit") == 0 ? "--rule-depth-limit"
                                                           : "one entity in 24 bytes");
    }
}

static int run(doc_mode mode, int argc, char **argv)
{
    doc_args a;
    memset(&a, 0, sizeof a);
    a.mode = mode;
    if (mode == MODE_TAG && cmd_bulk_requested(argc, argv))
        return cmd_bulk(argc, argv);
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;

    a.load.few_documents = 1; /* its tables are not worth huge pages */
    tagger *t = cli_load_tagger(&a.load);
    if (!t)
        return EXIT_LOAD;
    size_t len = 0;
    int too_large;
    char *buf = cli_read_document(a.path,
                                  a.load.max_doc_bytes ? a.load.max_doc_bytes : CLI_MAX_DOC_BYTES,
                                  &len, &too_large);
    if (!buf) {
        tagger_free(t);
        return too_large ? EXIT_REJECTED : EXIT_USAGE;
    }
    const char *name = cli_input_name(a.path);
    if (a.key_lines) {
        rc = print_keys(t, buf, len, name);
        goto done;
    }

    tagger_error err = {0};
    tagger_stage stage = mode == MODE_NORMALIZE  ? TAGGER_STAGE_NORMALIZE
                         : mode == MODE_TOKENIZE ? TAGGER_STAGE_TOKENIZE
                                                 : TAGGER_STAGE_ALL;
    tagger_process_options popt;
    tagger_process_options_init(&popt);
    popt.stage = stage;
    popt.date = a.date;
    popt.no_dateline = a.no_dateline;
    popt.lang = a.lang;
    tagger_doc *doc = tagger_process_ex(t, buf, len, &popt, &err);
    if (!doc) {
        cli_error("%s: %s", name, err.message);
        rc = err.code == TAGGER_ERR_NOMEM || err.code == TAGGER_ERR_INTERNAL ||
                     err.code == TAGGER_ERR_USAGE
                 ? EXIT_USAGE
                 : EXIT_REJECTED;
        goto done;
    }
    free(buf); /* the doc has its own copy */
    buf = NULL;
    /* streamed: a document's output is never held whole */
    a.render.view = mode == MODE_NORMALIZE  ? TAGGER_VIEW_NORMALIZED
                    : mode == MODE_TOKENIZE ? TAGGER_VIEW_TOKENS
                                            : TAGGER_VIEW_DOCUMENT;
    char evidence[512];
    const tagger_member member = {"\"lang_evidence\"", 15, evidence,
                                  tagger_doc_lang_evidence(doc, evidence, sizeof evidence)};
    if (a.lang_evidence && mode == MODE_TAG && member.value_len < sizeof evidence) {
        a.render.members = &member;
        a.render.nmembers = 1;
    }
    tagger_status st = tagger_doc_render(doc, &a.render, cli_write, NULL, &err);
    if (st == TAGGER_OK) {
        if (a.render.format == TAGGER_FORMAT_JSON) /* the others end their lines */
            st = cli_write(NULL, "\n", 1) ? TAGGER_ERR_IO : TAGGER_OK;
    } else if (st != TAGGER_ERR_IO) /* cli_write reported its own errors */
        cli_error("%s: %s", name, st == TAGGER_ERR_NOMEM ? "out of memory writing JSON" : err.message);
    rc = st == TAGGER_OK ? EXIT_OK : EXIT_USAGE;
    print_warnings(doc, name);
    tagger_doc_free(doc);

done:
    free(buf);
    tagger_free(t);
    if (cli_finish_output() && rc == EXIT_OK)
        rc = EXIT_USAGE;
    return rc;
}

int cmd_tag(int argc, char **argv)
{
    return run(MODE_TAG, argc, argv);
}

int cmd_normalize(int argc, char **argv)
{
    return run(MODE_NORMALIZE, argc, argv);
}

int cmd_tokenize(int argc, char **argv)
{
    return run(MODE_TOKENIZE, argc, argv);
}
