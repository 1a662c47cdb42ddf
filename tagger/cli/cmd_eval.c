/*
 * cmd_eval.c — `tagger eval`: tags gold-annotated text and scores the
 * entities found against the gold ones.
 *
 * The gold paths (files, directories, a list file) are expanded and checked
 * first, the tagger is loaded once, then each file is read whole, its
 * format detected (from the first file with content, unless --format),
 * and every document it holds is rebuilt as text (eval_gold), tagged
 * through the public API, and its predicted entities mapped to gold labels
 * and scored against the gold ones (eval_score).  Counts accumulate per
 * label; the table (or JSON) is printed at the end over the chosen labels.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "eval_gold.h"
#include "eval_links.h"
#include "eval_score.h"

static const char *const usage_eval =
    "Usage: tagger eval [OPTIONS] --gold FILE...\n"
    "       tagger eval [OPTIONS] --gold-list LIST [--corpus-root DIR]\n"
    "       tagger eval [OPTIONS] --links GOLD [--corpus-root DIR]\n"
    "\n"
    "Tags gold-annotated documents and scores the entities found against the\n"
    "gold ones: entity-level precision, recall and F1 per label and micro-\n"
    "averaged, by exact span match and by overlap.\n"
    "\n"
    "Gold input (FILE may be a directory: its regular files, sorted by name):\n"
    "  --gold FILE...          gold files or directories ('-' for stdin)\n"
    "  --gold-list LIST        a file naming gold files, one per line (blank\n"
    "                          lines and lines starting with # are skipped)\n"
    "  --corpus-root DIR       where the paths of LIST are found (default: .)\n"
    "  --format FORMAT         conll, peyma, parsner or jsonl (default: detected\n"
    "                          from the first file with content)\n"
    "\n"
    "Formats: token lines in BIO/IOB2 (B-X, I-X, B_X, I_X, O), a blank line\n"
    "between sentences:  peyma  TOKEN<TAB>TAG (or TOKEN TAG), one document a\n"
    "file;  parsner  TOKEN<TAB>POS<TAB>TAG, one document a file;  conll\n"
    "TOKEN POS CHUNK TAG, a new document at each -DOCSTART- line;  jsonl  one\n"
    "document a line, {\"text\": ..., \"entities\": [{\"start\", \"end\", \"label\"}]}\n"
    "with offsets in code points.  The text of a token document is its tokens\n"
    "joined by spaces, its sentences by newlines.  Unreadable lines (invalid\n"
    "UTF-8, no tag, an unknown tag, bad JSON) are reported as FILE:LINE,\n"
    "skipped and counted.\n"
    "\n"
    "Linking (docs/linking.md):\n"
    "  --links GOLD            score the kb_ids given to the hand-checked mentions\n"
    "                          of GOLD (TSV: source, doc, start, end, text, label,\n"
    "                          kb_id or NIL, note), whose sources are found under\n"
    "                          --corpus-root (default: ../shared): per label the\n"
    "                          mentions linked, linked right, and NIL mentions\n"
    "                          given a kb_id; --errors N lists the errors\n"
    "\n"
    "Scoring:\n"
    "  --labels L,L,...        labels to score and average over (default: the\n"
    "                          format's: peyma PER,LOC,ORG,DAT,TIM,MON,PCT;\n"
    "                          parsner PERS,LOC,ORG,MISC; conll PER,LOC,ORG,MISC;\n"
    "                          jsonl every gold label)\n"
    "  --map T=G,...           tagger label T counts as gold label G (T= ignores\n"
    "                          T); replaces the default map of the format:\n"
    "                          peyma    PERSON=PER GPE=LOC LOC=LOC FAC=LOC ORG=ORG\n"
    "                                   DATE=DAT TIME=TIM MONEY=MON PERCENT=PCT\n"
    "                          parsner  PERSON=PERS GPE=LOC LOC=LOC FAC=LOC ORG=ORG\n"
    "                                   NORP=MISC EVENT=MISC PRODUCT=MISC\n"
    "                          conll    as parsner with PERSON=PER\n"
    "                          jsonl    every tagger label to itself\n"
    "                          Predicted labels the map lacks are ignored.\n"
    "\n"
    "  Before comparing, white space and the punctuation « » \" ' ( ) [ ] . , ،\n"
    "  : ; ؛ ! ? ؟ “ ” ‘ ’ … are trimmed from both ends of gold and predicted\n"
    "  spans (a span left empty is dropped).  exact: a prediction matches a\n"
    "  gold entity with the same start, end and label; P = matches / predicted,\n"
    "  R = matches / gold.  overlap: P = predictions overlapping a gold entity\n"
    "  of the same label / predicted, R = gold entities overlapping a\n"
    "  prediction of the same label / gold.  F1 = 2PR / (P + R).  micro sums\n"
    "  the counts of the scored labels.\n"
    "\n"
    "Tagger:\n"
    "  -g, --gazetteer FILE    add a gazetteer (TSV or compiled) over the default\n"
    "                          one; later ones take precedence\n"
    "  --no-default-gazetteer  do not load the default gazetteer\n"
    "  --all-matches           score every candidate match, unresolved\n"
    "  --ner-model FILE        another entity model; --no-model: none\n"
    "  --predictions FILE      score another system's output (a gold format, the\n"
    "                          same documents in order; no map) instead\n"
    "  --max-doc-bytes N[K|M|G]  documents larger than this are not scored\n"
    "\n";

/* The rest of the help (one literal would pass the 4095 bytes of C99). */
static const char *const usage_eval_end =
    "Output:\n"
    "  --errors N              also list the N most frequent false positives and\n"
    "                          false negatives (by text and label) with a count\n"
    "                          and the context of the first occurrence\n"
    "  --json                  print the counts and scores (fractions) as JSON\n"
    "  --quiet                 no progress and no reports of skipped lines\n"
    "  -h, --help              show this help\n"
    "\n"
    "Exit status: 0 success, 1 some documents could not be tagged, 2 usage\n"
    "or I/O error, 3 a data file failed to load.\n";

typedef struct {
    const char *map, *labels;
} format_defaults;

static const format_defaults defaults[] = {
    [EVAL_FORMAT_AUTO] = {"", ""},
    [EVAL_FORMAT_PEYMA] = {"PERSON=PER,GPE=LOC,LOC=LOC,FAC=LOC,ORG=ORG,DATE=DAT,"
                           "TIME=TIM,MONEY=MON,PERCENT=PCT",
                           "PER,LOC,ORG,DAT,TIM,MON,PCT"},
    [EVAL_FORMAT_PARSNER] = {"PERSON=PERS,GPE=LOC,LOC=LOC,FAC=LOC,ORG=ORG,"
                             "NORP=MISC,EVENT=MISC,PRODUCT=MISC",
                             "PERS,LOC,ORG,MISC"},
    [EVAL_FORMAT_CONLL] = {"PERSON=PER,GPE=LOC,LOC=LOC,FAC=LOC,ORG=ORG,"
                           "NORP=MISC,EVENT=MISC,PRODUCT=MISC",
                           "PER,LOC,ORG,MISC"},
    [EVAL_FORMAT_JSONL] = {"PERSON=PERSON,GPE=GPE,LOC=LOC,FAC=FAC,ORG=ORG,"
                           "NORP=NORP,EVENT=EVENT,PRODUCT=PRODUCT,DATE=DATE,"
                           "TIME=TIME,MONEY=MONEY,PERCENT=PERCENT",
                           NULL /* every gold label */},
};

typedef struct {
    /* options */
    cli_paths gold;          /* paths as given */
    const char *gold_list;
    const char *corpus_root;
    const char *links; /* --links: the mention TSV */
    eval_format format;
    const char *labels_opt;
    int map_given; /* --map was parsed into `map` */
    size_t errors_n;
    int json, quiet, progress;
    cli_load_options load;

    /* run */
    tagger *t;
    eval_map map;
    eval_labels labels;
    eval_errors errors;
    eval_gold_stats stats;
    const char *file; /* the file being read */
    eval_span *pred;
    unsigned char *gold_exact, *pred_exact;
    size_t pred_cap, gold_exact_cap, pred_exact_cap;
    size_t files, empty_files, nfiles;
    size_t predicted, unmapped, failed;
    /* --predictions: documents read from a file instead of tagged */
    const char *predictions;
    eval_gold_doc *pdocs; /* text and spans owned, labels in plabels */
    size_t npdocs, pdocs_cap, pnext;
    eval_labels plabels;
} eval_run;

/* ---------------------------------------------------------------- inputs */

/* Expands --gold paths and the entries of --gold-list into `out`. */
static int collect_inputs(const eval_run *r, cli_paths *out)
{
    for (size_t i = 0; i < r->gold.n; i++)
        if (cli_paths_add(out, r->gold.v[i]))
            return EXIT_USAGE;
    if (r->gold_list && cli_paths_add_list(out, r->gold_list, r->corpus_root))
        return EXIT_USAGE;
    return EXIT_OK;
}

/* ---------------------------------------------------------------- scoring */

/* p (of *cap items of `size` bytes) grown to hold need > 0 items; NULL
 * when out of memory (p is then still valid). */
static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t cap2 = *cap ? *cap : 64;
    while (cap2 < need)
        cap2 *= 2;
    void *q = realloc(p, cap2 * size);
    if (q)
        *cap = cap2;
    return q;
}

/* The predicted spans of a tagged document, mapped to gold labels. */
static int collect_predictions(eval_run *r, const tagger_doc *doc, size_t *npred)
{
    size_t n = tagger_doc_entity_count(doc), k = 0;
    eval_span *pred = grow(r->pred, &r->pred_cap, n + 1, sizeof *pred);
    if (!pred)
        return -1;
    r->pred = pred;
    for (size_t i = 0; i < n; i++) {
        const tagger_entity *e = tagger_doc_entity(doc, i);
        const char *to = eval_map_lookup(&r->map, e->label);
        r->predicted++;
        if (!to) {
            r->unmapped++;
            continue;
        }
        int label = eval_labels_intern(&r->labels, to, strlen(to));
        int orig = eval_labels_intern(&r->labels, e->label, strlen(e->label));
        if (label < 0 || orig < 0)
            return -1;
        pred[k].start = e->start;
        pred[k].end = e->end;
        pred[k].label = label;
        pred[k].orig = orig;
        k++;
    }
    *npred = k;
    return 0;
}

static int score_spans(eval_run *r, eval_gold_doc *g, size_t npred);

static void show_progress(const eval_run *r)
{
    if (r->progress)
        fprintf(stderr, "\rtagger eval: file %zu/%zu, %zu documents\033[K", r->files,
                r->nfiles, r->stats.documents);
}

/* eval_gold callback: tags one document and scores it. */
/* eval_gold callback for --predictions: keeps a copy of the document. */
static int keep_prediction(void *ctx, eval_gold_doc *g)
{
    eval_run *r = ctx;
    eval_gold_doc *v = grow(r->pdocs, &r->pdocs_cap, r->npdocs + 1, sizeof *v);
    if (!v)
        return -1;
    r->pdocs = v;
    eval_gold_doc *d = &v[r->npdocs];
    memset(d, 0, sizeof *d);
    d->text = strndup(g->text, g->len);
    d->spans = malloc((g->nspans + 1) * sizeof *d->spans);
    if (!d->text || !d->spans) {
        free((char *)d->text);
        free(d->spans);
        return -1;
    }
    d->len = g->len;
    d->nspans = g->nspans;
    if (g->nspans)
        memcpy(d->spans, g->spans, g->nspans * sizeof *d->spans);
    r->npdocs++;
    return 0;
}

static int read_predictions(eval_run *r)
{
    size_t len;
    char *buf = cli_read_all(r->predictions, &len);
    if (!buf)
        return EXIT_USAGE;
    eval_format f = eval_format_detect(buf, len);
    eval_gold_stats st = {0};
    int rc = f == EVAL_FORMAT_AUTO ? 0
                                   : eval_gold_read(r->predictions, buf, len, f, &r->plabels,
                                                    r->quiet ? NULL : stderr, &st,
                                                    keep_prediction, r);
    free(buf);
    if (rc) {
        cli_error("%s: out of memory", r->predictions);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

/* The predictions of the next document from --predictions. */
static int next_prediction(eval_run *r, const eval_gold_doc *g, size_t *npred)
{
    if (r->pnext == r->npdocs || r->pdocs[r->pnext].len != g->len ||
        memcmp(r->pdocs[r->pnext].text, g->text, g->len) != 0) {
        cli_error("%s:%zu: document not scored: document %zu of %s has other tokens",
                  r->file, g->line, r->pnext + 1, r->predictions);
        r->pnext++;
        r->failed++;
        return 1;
    }
    const eval_gold_doc *p = &r->pdocs[r->pnext++];
    eval_span *pred = grow(r->pred, &r->pred_cap, p->nspans + 1, sizeof *pred);
    if (!pred)
        return -1;
    r->pred = pred;
    for (size_t i = 0; i < p->nspans; i++) {
        const char *name = r->plabels.v[p->spans[i].label].name;
        int label = eval_labels_intern(&r->labels, name, strlen(name));
        if (label < 0)
            return -1;
        pred[i] = (eval_span){p->spans[i].start, p->spans[i].end, label, label};
    }
    r->predicted += p->nspans;
    *npred = p->nspans;
    return 0;
}

static int score_doc(void *ctx, eval_gold_doc *g)
{
    eval_run *r = ctx;
    tagger_error err = {0};
    size_t npred = 0;
    if (r->predictions) {
        int rc = next_prediction(r, g, &npred);
        if (rc)
            return rc < 0 ? -1 : 0;
        return score_spans(r, g, npred);
    }
    tagger_doc *doc = tagger_process(r->t, g->text, g->len, TAGGER_STAGE_ALL, &err);
    if (!doc) {
        if (err.code == TAGGER_ERR_NOMEM)
            return -1;
        cli_error("%s:%zu: document not scored: %s", r->file, g->line, err.message);
        r->failed++;
        return 0;
    }
    int rc = collect_predictions(r, doc, &npred);
    tagger_doc_free(doc);
    if (rc)
        return -1;
    return score_spans(r, g, npred);
}

/* Scores r->pred[0..npred) against the gold document. */
static int score_spans(eval_run *r, eval_gold_doc *g, size_t npred)
{
    size_t ngold = eval_prepare(g->text, g->spans, g->nspans);
    npred = eval_prepare(g->text, r->pred, npred);
    unsigned char *ge = grow(r->gold_exact, &r->gold_exact_cap, ngold + 1, 1);
    if (!ge)
        return -1;
    r->gold_exact = ge;
    unsigned char *pe = grow(r->pred_exact, &r->pred_exact_cap, npred + 1, 1);
    if (!pe)
        return -1;
    r->pred_exact = pe;
    eval_compare(g->spans, ngold, r->pred, npred, &r->labels, ge, pe);
    if (r->errors_n) {
        for (size_t i = 0; i < ngold; i++)
            if (!ge[i] && eval_errors_add(&r->errors, EVAL_FALSE_NEG, g->text, g->len,
                                          &g->spans[i]))
                return -1;
        for (size_t j = 0; j < npred; j++)
            if (!pe[j] && eval_errors_add(&r->errors, EVAL_FALSE_POS, g->text, g->len,
                                          &r->pred[j]))
                return -1;
    }
    return 0;
}

/* Fixes the format once known and sets its default map unless --map. */
static int set_format(eval_run *r, eval_format f)
{
    char msg[256];
    r->format = f;
    if (!r->map_given && eval_map_parse(defaults[f].map, &r->map, msg, sizeof msg)) {
        cli_error("%s", msg);
        return EXIT_USAGE;
    }
    return EXIT_OK;
}

static int read_file(eval_run *r, const char *path)
{
    size_t len;
    char *buf = cli_read_all(path, &len);
    if (!buf)
        return EXIT_USAGE;
    int rc = EXIT_OK;
    if (r->format == EVAL_FORMAT_AUTO) {
        eval_format f = eval_format_detect(buf, len);
        if (f != EVAL_FORMAT_AUTO)
            rc = set_format(r, f);
    }
    r->file = cli_input_name(path);
    r->files++;
    size_t docs_before = r->stats.documents;
    if (r->progress) /* reports of skipped lines start on a clean line */
        fputs("\r\033[K", stderr);
    if (rc == EXIT_OK && r->format != EVAL_FORMAT_AUTO &&
        eval_gold_read(r->file, buf, len, r->format, &r->labels, r->quiet ? NULL : stderr,
                       &r->stats, score_doc, r)) {
        cli_error("%s: out of memory", r->file);
        rc = EXIT_USAGE;
    }
    r->empty_files += r->stats.documents == docs_before;
    show_progress(r);
    free(buf);
    return rc;
}

/* ----------------------------------------------------------------- output */

static int by_label_name(const void *a, const void *b)
{
    return strcmp((*(const eval_label *const *)a)->name,
                  (*(const eval_label *const *)b)->name);
}

/* The labels of the gold entities read, sorted by name: a malloc'd array
 * (NULL when out of memory) of *n entries. */
static const eval_label **gold_labels_read(const eval_run *r, size_t *n)
{
    const eval_label **v = malloc((r->labels.n + 1) * sizeof *v);
    *n = 0;
    if (!v)
        return NULL;
    for (size_t i = 0; i < r->labels.n; i++)
        if (r->labels.v[i].read > 0)
            v[(*n)++] = &r->labels.v[i];
    qsort(v, *n, sizeof *v, by_label_name);
    return v;
}

/* The labels to report: --labels, else the format's, else every gold label
 * read.  Returns a malloc'd array of label indices and its length in *n, or
 * NULL when out of memory. */
static int *scored_labels(eval_run *r, size_t *n)
{
    const char *spec = r->labels_opt ? r->labels_opt : defaults[r->format].labels;
    size_t ngl;
    const eval_label **gl = gold_labels_read(r, &ngl);
    int *ids = malloc((ngl + 1 + (spec ? strlen(spec) : 0)) * sizeof *ids);
    *n = 0;
    if (gl && ids && !spec) {
        for (size_t i = 0; i < ngl; i++)
            ids[(*n)++] = (int)(gl[i] - r->labels.v);
    } else if (gl && ids) {
        for (const char *p = spec; *p;) {
            size_t len = strcspn(p, ",");
            int id = eval_labels_intern(&r->labels, p, len);
            if (id < 0) {
                free(ids);
                ids = NULL;
                break;
            }
            ids[(*n)++] = id;
            p += len + (p[len] == ',');
        }
    }
    if (!gl) {
        free(ids);
        ids = NULL;
    }
    free(gl);
    return ids;
}

static int label_scored(const int *ids, size_t n, int label)
{
    for (size_t i = 0; i < n; i++)
        if (ids[i] == label)
            return 1;
    return 0;
}

static void print_row(const char *name, const eval_counts *c)
{
    eval_prf e = eval_exact_scores(c), o = eval_overlap_scores(c);
    printf("%-8s %7zu %7zu %7zu  %6.2f %6.2f %6.2f   %6.2f %6.2f %6.2f\n", name,
           c->gold, c->pred, c->tp, 100 * e.p, 100 * e.r, 100 * e.f1, 100 * o.p,
           100 * o.r, 100 * o.f1);
}

static void print_errors(const eval_run *r, eval_error_kind kind, const int *ids,
                         size_t nids)
{
    size_t total = 0, shown = 0;
    for (size_t i = 0; i < r->errors.n; i++)
        total += r->errors.v[i].kind == kind && label_scored(ids, nids, r->errors.v[i].label);
    printf("\n%s: top %zu of %zu (count, label, text | context)\n",
           kind == EVAL_FALSE_POS ? "false positives" : "false negatives",
           total < r->errors_n ? total : r->errors_n, total);
    for (size_t i = 0; i < r->errors.n && shown < r->errors_n; i++) {
        const eval_error *e = &r->errors.v[i];
        if (e->kind != kind || !label_scored(ids, nids, e->label))
            continue;
        shown++;
        const char *label = r->labels.v[e->label].name;
        const char *orig = r->labels.v[e->orig].name;
        if (e->orig != e->label)
            printf("%7zu  %s->%s  %s  | %s\n", e->count, orig, label, e->text, e->context);
        else
            printf("%7zu  %s  %s  | %s\n", e->count, label, e->text, e->context);
    }
}

static int print_table(const eval_run *r, const int *ids, size_t nids)
{
    size_t ngl;
    const eval_label **gl = gold_labels_read(r, &ngl);
    if (!gl)
        return -1;
    printf("format: %s\n", eval_format_name(r->format));
    printf("gold: files %zu, empty files %zu, documents %zu", r->files, r->empty_files,
           r->stats.documents);
    if (r->format != EVAL_FORMAT_JSONL)
        printf(", sentences %zu, tokens %zu", r->stats.sentences, r->stats.tokens);
    printf(", malformed lines %zu\n", r->stats.malformed);
    printf("gold entities:");
    for (size_t i = 0; i < ngl; i++)
        printf("%s %s %zu", i ? "," : "", gl[i]->name, gl[i]->read);
    printf("%s\n", ngl ? "" : " none");
    free(gl);
    printf("map:");
    for (size_t i = 0; i < r->map.n; i++)
        printf(" %s=%s", r->map.v[i].from, r->map.v[i].to);
    printf("\npredicted: entities %zu, unmapped %zu\n", r->predicted, r->unmapped);
    if (r->failed)
        printf("documents not scored: %zu\n", r->failed);

    printf("\n%-32s  %-20s   %s\n", "", "------ exact -------", "----- overlap ------");
    printf("%-8s %7s %7s %7s  %6s %6s %6s   %6s %6s %6s\n", "label", "gold", "pred",
           "match", "P%", "R%", "F1%", "P%", "R%", "F1%");
    eval_counts micro = {0};
    for (size_t i = 0; i < nids; i++) {
        print_row(r->labels.v[ids[i]].name, &r->labels.v[ids[i]].counts);
        eval_counts_add(&micro, &r->labels.v[ids[i]].counts);
    }
    print_row("micro", &micro);
    if (r->errors_n) {
        print_errors(r, EVAL_FALSE_POS, ids, nids);
        print_errors(r, EVAL_FALSE_NEG, ids, nids);
    }
    return 0;
}

/* JSON building: each helper clears *ok when an allocation fails (cJSON
 * returns NULL, also when given a NULL parent), so one check at the end
 * covers the whole report. */
static cJSON *add_object(cJSON *parent, const char *key, int *ok)
{
    cJSON *o = cJSON_AddObjectToObject(parent, key);
    *ok &= o != NULL;
    return o;
}

static void add_number(cJSON *o, const char *key, double v, int *ok)
{
    *ok &= cJSON_AddNumberToObject(o, key, v) != NULL;
}

static void add_string(cJSON *o, const char *key, const char *v, int *ok)
{
    *ok &= cJSON_AddStringToObject(o, key, v) != NULL;
}

static void add_scores(cJSON *parent, const char *key, const eval_counts *c, int *ok)
{
    eval_prf e = eval_exact_scores(c), o = eval_overlap_scores(c);
    cJSON *j = add_object(parent, key, ok);
    add_number(j, "gold", (double)c->gold, ok);
    add_number(j, "pred", (double)c->pred, ok);
    cJSON *x = add_object(j, "exact", ok);
    add_number(x, "match", (double)c->tp, ok);
    add_number(x, "precision", e.p, ok);
    add_number(x, "recall", e.r, ok);
    add_number(x, "f1", e.f1, ok);
    cJSON *y = add_object(j, "overlap", ok);
    add_number(y, "pred_hit", (double)c->pred_hit, ok);
    add_number(y, "gold_hit", (double)c->gold_hit, ok);
    add_number(y, "precision", o.p, ok);
    add_number(y, "recall", o.r, ok);
    add_number(y, "f1", o.f1, ok);
}

static void add_errors(cJSON *parent, const char *key, const eval_run *r,
                       eval_error_kind kind, const int *ids, size_t nids, int *ok)
{
    cJSON *a = cJSON_AddArrayToObject(parent, key);
    *ok &= a != NULL;
    size_t shown = 0;
    for (size_t i = 0; a && i < r->errors.n && shown < r->errors_n; i++) {
        const eval_error *e = &r->errors.v[i];
        if (e->kind != kind || !label_scored(ids, nids, e->label))
            continue;
        shown++;
        cJSON *o = eval_json_push_object(a, ok);
        if (!o)
            return;
        add_string(o, "text", e->text, ok);
        add_string(o, "label", r->labels.v[e->label].name, ok);
        if (kind == EVAL_FALSE_POS)
            add_string(o, "tagger_label", r->labels.v[e->orig].name, ok);
        add_number(o, "count", (double)e->count, ok);
        add_string(o, "context", e->context, ok);
    }
}

/* The JSON report (see README "Measuring accuracy"), or NULL when out of
 * memory. */
static char *report_json(eval_run *r, const int *ids, size_t nids)
{
    int ok = 1;
    cJSON *root = cJSON_CreateObject();
    add_string(root, "format", eval_format_name(r->format), &ok);
    cJSON *gold = add_object(root, "gold", &ok);
    add_number(gold, "files", (double)r->files, &ok);
    add_number(gold, "empty_files", (double)r->empty_files, &ok);
    add_number(gold, "documents", (double)r->stats.documents, &ok);
    add_number(gold, "sentences", (double)r->stats.sentences, &ok);
    add_number(gold, "tokens", (double)r->stats.tokens, &ok);
    add_number(gold, "malformed_lines", (double)r->stats.malformed, &ok);
    cJSON *ents = add_object(gold, "entities", &ok);
    size_t ngl;
    const eval_label **gl = gold_labels_read(r, &ngl);
    ok &= gl != NULL;
    for (size_t i = 0; gl && i < ngl; i++)
        add_number(ents, gl[i]->name, (double)gl[i]->read, &ok);
    free(gl);
    cJSON *map = add_object(root, "map", &ok);
    for (size_t i = 0; i < r->map.n; i++)
        if (r->map.v[i].to[0])
            add_string(map, r->map.v[i].from, r->map.v[i].to, &ok);
        else
            ok &= cJSON_AddNullToObject(map, r->map.v[i].from) != NULL;
    cJSON *pred = add_object(root, "predicted", &ok);
    add_number(pred, "entities", (double)r->predicted, &ok);
    add_number(pred, "unmapped", (double)r->unmapped, &ok);
    add_number(root, "documents_not_scored", (double)r->failed, &ok);
    cJSON *labels = add_object(root, "labels", &ok);
    eval_counts micro = {0};
    for (size_t i = 0; i < nids; i++) {
        const eval_label *l = &r->labels.v[ids[i]];
        add_scores(labels, l->name, &l->counts, &ok);
        eval_counts_add(&micro, &l->counts);
    }
    add_scores(root, "micro", &micro, &ok);
    if (r->errors_n) {
        cJSON *errs = add_object(root, "errors", &ok);
        add_errors(errs, "false_positives", r, EVAL_FALSE_POS, ids, nids, &ok);
        add_errors(errs, "false_negatives", r, EVAL_FALSE_NEG, ids, nids, &ok);
    }
    char *s = ok ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    return s;
}

static int output(eval_run *r)
{
    size_t nids;
    int *ids = scored_labels(r, &nids);
    int rc = EXIT_OK;
    eval_errors_group(&r->errors);
    if (!ids) {
        cli_error("out of memory");
        rc = EXIT_USAGE;
    } else if (r->json) {
        char *s = report_json(r, ids, nids);
        if (!s) {
            cli_error("out of memory");
            rc = EXIT_USAGE;
        } else if (cli_write_line(s, strlen(s))) {
            rc = EXIT_USAGE;
        }
        free(s);
    } else if (print_table(r, ids, nids)) {
        cli_error("out of memory");
        rc = EXIT_USAGE;
    }
    free(ids);
    if (cli_finish_output())
        rc = EXIT_USAGE;
    return rc;
}

/* ------------------------------------------------------------------- main */

/* Whether spec is "X,Y,..." with no empty item. */
static int valid_list(const char *spec)
{
    size_t n = strlen(spec);
    return n > 0 && spec[0] != ',' && spec[n - 1] != ',' && !strstr(spec, ",,");
}

static int format_option(void *args, const char *value)
{
    eval_run *r = args;
    if (eval_format_parse(value, &r->format)) {
        cli_error("--format: expected conll, peyma, parsner or jsonl, got '%s'", value);
        return -1;
    }
    return 0;
}

static int set_labels(void *args, const char *value)
{
    eval_run *r = args;
    if (!valid_list(value)) {
        cli_error("--labels: expected LABEL,LABEL,..., got '%s'", value);
        return -1;
    }
    r->labels_opt = value;
    return 0;
}

static int set_map(void *args, const char *value)
{
    eval_run *r = args;
    char msg[256];
    if (eval_map_parse(value, &r->map, msg, sizeof msg)) {
        cli_error("--map: %s", msg);
        return -1;
    }
    r->map_given = 1;
    return 0;
}

/* --gold: the operands after it are gold files (add_gold). */
static int gold_follows(void *args, const char *value)
{
    (void)args;
    (void)value;
    return 0;
}

static const cli_option options[] = {
    {.name = "--gold", .kind = CLI_OPT_CALL, .call = gold_follows},
    {.name = "--gold-list", .kind = CLI_OPT_STRING, CLI_FIELD(eval_run, gold_list)},
    {.name = "--links", .kind = CLI_OPT_STRING, CLI_FIELD(eval_run, links)},
    {.name = "--corpus-root", .kind = CLI_OPT_STRING, CLI_FIELD(eval_run, corpus_root)},
    {.name = "--format", .kind = CLI_OPT_CALL, .takes_value = 1, .call = format_option},
    {.name = "--labels", .kind = CLI_OPT_CALL, .takes_value = 1, .call = set_labels},
    {.name = "--map", .kind = CLI_OPT_CALL, .takes_value = 1, .call = set_map},
    {.name = "--errors", .kind = CLI_OPT_UINT, CLI_FIELD(eval_run, errors_n), .min = 0,
     .max = 1000000, .what = "a count"},
    {.name = "--predictions", .kind = CLI_OPT_STRING, CLI_FIELD(eval_run, predictions)},
    {.name = "--json", .kind = CLI_OPT_FLAG, CLI_FIELD(eval_run, json)},
    {.name = "--quiet", .kind = CLI_OPT_FLAG, CLI_FIELD(eval_run, quiet)},
};

static int add_gold(void *args, const char *arg, const char *last_option)
{
    eval_run *r = args;
    if (!last_option || strcmp(last_option, "--gold") != 0) {
        cli_error("unexpected argument '%s' (gold files follow --gold)", arg);
        return -1;
    }
    if (cli_paths_push(&r->gold, strdup(arg))) {
        cli_error("out of memory");
        return -1;
    }
    return 0;
}

/* Returns -1 to continue, else the exit code. */
static int parse_args(int argc, char **argv, eval_run *r)
{
    static const cli_command cmd = {options, sizeof options / sizeof options[0], usage_eval,
                                    0, usage_eval_end, add_gold};
    int rc = cli_parse_options(argc, argv, &cmd, r, &r->load);
    if (rc >= 0)
        return rc;
    if (r->links && (r->gold.n || r->gold_list || r->predictions || r->labels_opt ||
                     r->map_given || r->format != EVAL_FORMAT_AUTO)) {
        cli_error("--links takes no --gold, --gold-list, --predictions, --labels, --map "
                  "or --format");
        return EXIT_USAGE;
    }
    if (r->links) {
        if (!r->corpus_root)
            r->corpus_root = "../shared";
        return -1;
    }
    if (r->gold.n == 0 && !r->gold_list) {
        cli_error("no gold data: give --gold FILE... or --gold-list LIST (see --help)");
        return EXIT_USAGE;
    }
    if (r->corpus_root && !r->gold_list) {
        cli_error("--corpus-root applies to --gold-list only");
        return EXIT_USAGE;
    }
    if (!r->corpus_root)
        r->corpus_root = ".";
    return -1;
}

int cmd_eval(int argc, char **argv)
{
    eval_run r;
    memset(&r, 0, sizeof r);
    cli_paths inputs = {NULL, 0, 0};
    int rc = parse_args(argc, argv, &r);
    if (rc >= 0)
        goto done;
    if (r.links) {
        eval_links_options lo = {r.links, r.corpus_root, r.errors_n, r.json, r.quiet};
        r.t = cli_load_tagger(&r.load);
        rc = r.t ? eval_links_run(r.t, &lo) : EXIT_LOAD;
        goto done;
    }
    rc = collect_inputs(&r, &inputs);
    if (rc == EXIT_OK && r.format != EVAL_FORMAT_AUTO)
        rc = set_format(&r, r.format);
    if (rc == EXIT_OK) {
        if (r.predictions)
            rc = read_predictions(&r);
        else if (!(r.t = cli_load_tagger(&r.load)))
            rc = EXIT_LOAD;
    }
    r.nfiles = inputs.n;
    r.progress = !r.quiet && isatty(STDERR_FILENO);
    for (size_t i = 0; rc == EXIT_OK && i < inputs.n; i++)
        rc = read_file(&r, inputs.v[i]);
    if (r.progress)
        fputs("\r\033[K", stderr);
    if (rc == EXIT_OK) {
        rc = output(&r);
        if (rc == EXIT_OK && r.failed)
            rc = EXIT_REJECTED;
    }

done:
    tagger_free(r.t);
    cli_paths_free(&inputs);
    cli_paths_free(&r.gold);
    eval_map_free(&r.map);
    eval_labels_free(&r.labels);
    eval_errors_free(&r.errors);
    for (size_t i = 0; i < r.npdocs; i++) {
        free((char *)r.pdocs[i].text);
        free(r.pdocs[i].spans);
    }
    free(r.pdocs);
    eval_labels_free(&r.plabels);
    free(r.pred);
    free(r.gold_exact);
    free(r.pred_exact);
    return rc;
}
