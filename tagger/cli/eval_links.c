/*
 * eval_links.c — `tagger eval --links GOLD` (see eval_links.h): reads the
 * mention TSV, tags each document it names once, and counts per label the
 * mentions linked, linked right, and NIL mentions given a kb_id; prints a
 * table (or JSON) and, with --errors N, the errors grouped by mention text,
 * expected and predicted kb_id.
 *
 * The TSV is read whole and cut in place: every string of a mention points
 * into that buffer.  Mentions are visited sorted by source, document and
 * offset, so each source file is read once and each document tagged once.
 */
#include "eval_links.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "eval_gold.h"
#include "eval_score.h"

#define NIL "NIL"
#define CONTEXT_WIDTH 30

typedef enum { LINK_RIGHT, LINK_WRONG, LINK_NIL_LINKED, LINK_UNLINKED, LINK_NIL_OK } link_kind;

typedef struct {
    const char *source, *text, *label, *kb_id, *note;
    size_t doc, start, end; /* start, end: code points */
    size_t line;            /* of the TSV */
} mention;

typedef struct {
    const char *name;
    size_t gold, nil, linked, right, nil_linked;
} label_counts;

typedef struct {
    link_kind kind;
    const char *label, *text, *expected;
    char *got, *context; /* owned */
    size_t count, seq;
} link_error;

typedef struct {
    const eval_links_options *o;
    tagger *t;
    mention *m;
    size_t n, next; /* mentions sorted; next: the first not yet visited */
    label_counts *labels;
    size_t nlabels;
    link_error *err;
    size_t nerr, err_cap;
    size_t documents, skipped, failed, malformed;
    const char *file;  /* the source being read */
    size_t doc_number; /* documents seen in it */
} links_run;

/* ------------------------------------------------------------ the TSV */

static int parse_size(const char *s, size_t *v)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    unsigned long long x = strtoull(s, &end, 10);
    if (*end || x > (size_t)-1 / 2)
        return -1;
    *v = (size_t)x;
    return 0;
}

/* Cuts line (NUL-terminated) into its fields; returns a reason or NULL. */
static const char *parse_mention(char *line, mention *m)
{
    char *f[9];
    size_t n = 0;
    for (char *p = line; n < 9;) {
        f[n++] = p;
        p = strchr(p, '\t');
        if (!p)
            break;
        *p++ = '\0';
    }
    if (n < 7 || n > 8)
        return "expected 7 or 8 TAB-separated fields";
    m->source = f[0];
    m->text = f[4];
    m->label = f[5];
    m->kb_id = f[6];
    m->note = n == 8 ? f[7] : "";
    if (!*m->source || !*m->text || !*m->label || !*m->kb_id)
        return "an empty source, text, label or kb_id";
    if (parse_size(f[1], &m->doc) || m->doc == 0)
        return "doc is not a number from 1";
    if (parse_size(f[2], &m->start) || parse_size(f[3], &m->end) || m->end <= m->start)
        return "start and end are not numbers with start < end";
    return NULL;
}

static void report(const links_run *r, size_t line, const char *what, const char *detail)
{
    if (!r->o->quiet)
        fprintf(stderr, "%s:%zu: %s%s\n", r->o->gold, line, what, detail ? detail : "");
}

/* Reads the TSV into r->m (strings pointing into *buf). */
static int read_tsv(links_run *r, char **buf)
{
    size_t len;
    *buf = cli_read_all(r->o->gold, &len);
    if (!*buf)
        return -1;
    size_t cap = 1;
    for (size_t i = 0; i < len; i++)
        cap += (*buf)[i] == '\n';
    r->m = calloc(cap, sizeof *r->m);
    if (!r->m) {
        cli_error("out of memory");
        return -1;
    }
    char *p = *buf, *end = *buf + len;
    for (size_t line = 1; p < end; line++) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *e = nl ? nl : end;
        if (e > p && e[-1] == '\r')
            e[-1] = '\0';
        *e = '\0';
        if (*p && *p != '#') {
            mention *m = &r->m[r->n];
            const char *why = !cli_utf8_valid(p, strlen(p)) ? "invalid UTF-8"
                                                             : parse_mention(p, m);
            if (why) {
                report(r, line, why, NULL);
                r->malformed++;
            } else {
                m->line = line;
                r->n++;
            }
        }
        p = e + 1;
    }
    return 0;
}

static int by_place(const void *a, const void *b)
{
    const mention *x = a, *y = b;
    int c = strcmp(x->source, y->source);
    if (c)
        return c;
    if (x->doc != y->doc)
        return x->doc < y->doc ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

/* --------------------------------------------------------- the counts */

static label_counts *counts_of(links_run *r, const char *label)
{
    for (size_t i = 0; i < r->nlabels; i++)
        if (strcmp(r->labels[i].name, label) == 0)
            return &r->labels[i];
    return NULL;
}

/* One row per distinct label of the mentions, sorted by name. */
static int by_name(const void *a, const void *b)
{
    return strcmp(((const label_counts *)a)->name, ((const label_counts *)b)->name);
}

static int make_labels(links_run *r)
{
    r->labels = calloc(r->n + 1, sizeof *r->labels);
    if (!r->labels)
        return -1;
    for (size_t i = 0; i < r->n; i++)
        if (!counts_of(r, r->m[i].label))
            r->labels[r->nlabels++].name = r->m[i].label;
    qsort(r->labels, r->nlabels, sizeof *r->labels, by_name);
    return 0;
}

static int add_error(links_run *r, link_kind kind, const mention *m, const char *got,
                     const char *text, size_t len, size_t bstart, size_t bend)
{
    if (!r->o->errors_n)
        return 0;
    for (size_t i = 0; i < r->nerr; i++) {
        link_error *e = &r->err[i];
        if (e->kind == kind && strcmp(e->text, m->text) == 0 &&
            strcmp(e->label, m->label) == 0 && strcmp(e->expected, m->kb_id) == 0 &&
            strcmp(e->got, got) == 0) {
            e->count++;
            return 0;
        }
    }
    if (r->nerr == r->err_cap) {
        size_t cap = r->err_cap ? 2 * r->err_cap : 64;
        link_error *v = realloc(r->err, cap * sizeof *v);
        if (!v)
            return -1;
        r->err = v;
        r->err_cap = cap;
    }
    link_error *e = &r->err[r->nerr];
    e->kind = kind;
    e->label = m->label;
    e->text = m->text;
    e->expected = m->kb_id;
    e->got = strdup(got);
    e->context = eval_context(text, len, bstart, bend, CONTEXT_WIDTH);
    e->count = 1;
    e->seq = r->nerr;
    if (!e->got || !e->context) {
        free(e->got);
        free(e->context);
        return -1;
    }
    r->nerr++;
    return 0;
}

/* ------------------------------------------------------ one document */

/* The kb_id given to bytes [bs, be): a place of an entity on exactly that span
 * (a country named inside a longer entity, tagger_entity.places), else the
 * linked prediction overlapping it most; NULL when none. */
static const char *best_link(const tagger_doc *doc, size_t bs, size_t be)
{
    const tagger_entity *best = NULL;
    size_t best_overlap = 0;
    for (size_t i = 0, n = tagger_doc_entity_count(doc); i < n; i++) {
        const tagger_entity *e = tagger_doc_entity(doc, i);
        for (size_t j = 0; j < e->nplaces; j++)
            if (e->places[j].start == bs && e->places[j].end == be)
                return e->places[j].kb_id;
        if (!e->kb_id || e->end <= bs || e->start >= be)
            continue;
        size_t lo = e->start > bs ? e->start : bs, hi = e->end < be ? e->end : be;
        if (hi - lo > best_overlap) {
            best = e;
            best_overlap = hi - lo;
        }
    }
    return best ? best->kb_id : NULL;
}

/* Scores one mention of the document text[0..len) (cp: code point ->
 * byte offset, ncp code points). */
static int score_mention(links_run *r, const mention *m, const tagger_doc *doc,
                         const char *text, size_t len, const size_t *cp, size_t ncp)
{
    if (m->end > ncp) {
        report(r, m->line, "not scored: the span ends after the document", NULL);
        r->skipped++;
        return 0;
    }
    size_t bs = cp[m->start], be = cp[m->end];
    if (be - bs != strlen(m->text) || memcmp(text + bs, m->text, be - bs) != 0) {
        char *at = strndup(text + bs, be - bs);
        if (!at)
            return -1;
        if (!r->o->quiet)
            fprintf(stderr, "%s:%zu: not scored: the text at %zu-%zu is '%s', not '%s'\n",
                    r->o->gold, m->line, m->start, m->end, at, m->text);
        free(at);
        r->skipped++;
        return 0;
    }
    label_counts *c = counts_of(r, m->label);
    const char *got = best_link(doc, bs, be);
    int nil = strcmp(m->kb_id, NIL) == 0;
    link_kind kind = nil ? (got ? LINK_NIL_LINKED : LINK_NIL_OK)
                         : !got ? LINK_UNLINKED
                                : strcmp(got, m->kb_id) == 0 ? LINK_RIGHT : LINK_WRONG;
    c->gold++;
    c->nil += nil;
    c->linked += !nil && got;
    c->right += kind == LINK_RIGHT;
    c->nil_linked += kind == LINK_NIL_LINKED;
    if (kind == LINK_RIGHT || kind == LINK_NIL_OK)
        return 0;
    return add_error(r, kind, m, got ? got : "-", text, len, bs, be);
}

/* Tags one document and scores the mentions r->m[r->next..] that name it. */
static int score_document(links_run *r, const char *source, size_t number,
                          const char *text, size_t len)
{
    if (r->next == r->n || strcmp(r->m[r->next].source, source) != 0 ||
        r->m[r->next].doc != number)
        return 0;
    r->documents++;
    tagger_error err = {0};
    tagger_doc *doc = tagger_process(r->t, text, len, TAGGER_STAGE_ALL, &err);
    size_t *cp = malloc((len + 1) * sizeof *cp), ncp = 0;
    if (!doc || !cp) {
        free(cp);
        tagger_doc_free(doc);
        if (doc || err.code == TAGGER_ERR_NOMEM)
            return -1;
        cli_error("%s: document %zu not scored: %s", source, number, err.message);
        r->failed++;
        while (r->next < r->n && strcmp(r->m[r->next].source, source) == 0 &&
               r->m[r->next].doc == number)
            r->next++;
        return 0;
    }
    for (size_t b = 0; b <= len; b++)
        if (b == len || ((unsigned char)text[b] & 0xC0) != 0x80)
            cp[ncp++] = b;
    ncp--; /* cp[ncp] is the end */
    int rc = 0;
    for (; rc == 0 && r->next < r->n && strcmp(r->m[r->next].source, source) == 0 &&
           r->m[r->next].doc == number;
         r->next++) {
        rc = score_mention(r, &r->m[r->next], doc, text, len, cp, ncp);
    }
    free(cp);
    tagger_doc_free(doc);
    return rc;
}

/* eval_gold callback: the next document of a token file. */
static int gold_document(void *ctx, eval_gold_doc *g)
{
    links_run *r = ctx;
    return score_document(r, r->file, ++r->doc_number, g->text, g->len);
}

/* The documents of a JSONL file: line N is document N, its "text" member. */
static int jsonl_documents(links_run *r, const char *buf, size_t len)
{
    size_t number = 0;
    for (const char *p = buf, *end = buf + len; p < end && r->next < r->n;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        number++;
        if (r->m[r->next].doc == number && strcmp(r->m[r->next].source, r->file) == 0) {
            cJSON *root = cJSON_ParseWithLength(p, n);
            const cJSON *text = cJSON_GetObjectItemCaseSensitive(root, "text");
            int rc = 0;
            if (cJSON_IsString(text) &&
                cli_utf8_valid(text->valuestring, strlen(text->valuestring)))
                rc = score_document(r, r->file, number, text->valuestring,
                                    strlen(text->valuestring));
            cJSON_Delete(root);
            if (rc)
                return rc;
        }
        p += n + 1;
    }
    return 0;
}

/* Reads one source file and scores the mentions that name it; returns
 * EXIT_OK, or EXIT_USAGE when the file cannot be read or memory runs out. */
static int score_source(links_run *r, const char *source)
{
    size_t plen = strlen(r->o->root) + strlen(source) + 2, len;
    char *path = malloc(plen);
    if (!path) {
        cli_error("out of memory");
        return EXIT_USAGE;
    }
    snprintf(path, plen, "%s/%s", r->o->root, source);
    char *buf = cli_read_all(path, &len); /* reports its errors */
    free(path);
    if (!buf)
        return EXIT_USAGE;
    r->file = source;
    r->doc_number = 0;
    eval_format f = eval_format_detect(buf, len);
    eval_labels labels = {0};
    eval_gold_stats st = {0};
    int rc = 0;
    if (f == EVAL_FORMAT_JSONL)
        rc = jsonl_documents(r, buf, len);
    else if (f != EVAL_FORMAT_AUTO)
        rc = eval_gold_read(source, buf, len, f, &labels, NULL, &st, gold_document, r);
    eval_labels_free(&labels);
    free(buf);
    if (rc) {
        cli_error("out of memory");
        return EXIT_USAGE;
    }
    /* mentions of documents the file does not have */
    for (; r->next < r->n && strcmp(r->m[r->next].source, source) == 0; r->next++) {
        report(r, r->m[r->next].line, "not scored: no such document in ", source);
        r->skipped++;
    }
    return EXIT_OK;
}

/* ------------------------------------------------------------ output */

static double ratio(size_t a, size_t b)
{
    return b ? (double)a / (double)b : 0.0;
}

static void add_totals(label_counts *all, const label_counts *c)
{
    all->gold += c->gold;
    all->nil += c->nil;
    all->linked += c->linked;
    all->right += c->right;
    all->nil_linked += c->nil_linked;
}

static void print_row(const label_counts *c)
{
    printf("%-8s %6zu %6zu %7zu %6zu %6zu   %6.2f %6.2f %6.2f\n", c->name, c->gold, c->nil,
           c->linked, c->right, c->nil_linked, 100 * ratio(c->linked, c->gold - c->nil),
           100 * ratio(c->right, c->linked + c->nil_linked),
           100 * ratio(c->right, c->gold - c->nil));
}

static const char *const kind_names[] = {
    [LINK_WRONG] = "wrong kb_id",
    [LINK_NIL_LINKED] = "NIL mentions given a kb_id",
    [LINK_UNLINKED] = "not linked",
};

static const char *const kind_keys[] = {
    [LINK_WRONG] = "wrong",
    [LINK_NIL_LINKED] = "nil_linked",
    [LINK_UNLINKED] = "unlinked",
};

static int by_count(const void *a, const void *b)
{
    const link_error *x = a, *y = b;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void print_errors(const links_run *r, link_kind kind)
{
    size_t total = 0, shown = 0;
    for (size_t i = 0; i < r->nerr; i++)
        total += r->err[i].kind == kind ? r->err[i].count : 0;
    printf("\n%s: %zu (count, label, text, expected -> got | context)\n", kind_names[kind],
           total);
    for (size_t i = 0; i < r->nerr && shown < r->o->errors_n; i++) {
        const link_error *e = &r->err[i];
        if (e->kind != kind)
            continue;
        shown++;
        printf("%7zu  %s  %s  %s -> %s  | %s\n", e->count, e->label, e->text, e->expected,
               e->got, e->context);
    }
}

static void print_table(const links_run *r, const label_counts *all, const label_counts *pgo)
{
    printf("links: %s: mentions %zu (NIL %zu), documents %zu, not scored %zu, "
           "malformed lines %zu\n",
           r->o->gold, all->gold, all->nil, r->documents, r->skipped + r->failed, r->malformed);
    printf("\n%-8s %6s %6s %7s %6s %6s   %6s %6s %6s\n", "label", "gold", "NIL", "linked",
           "right", "NIL-kb", "link%", "acc%", "right%");
    for (size_t i = 0; i < r->nlabels; i++)
        print_row(&r->labels[i]);
    print_row(all);
    printf("\nlinking accuracy: %.2f%% (%zu right of %zu linked, NIL mentions given a kb_id "
           "included)\n",
           100 * ratio(all->right, all->linked + all->nil_linked), all->right,
           all->linked + all->nil_linked);
    printf("accuracy over non-NIL mentions: %.2f%% (%zu of %zu)\n",
           100 * ratio(all->right, all->gold - all->nil), all->right, all->gold - all->nil);
    printf("PERSON/GPE/ORG non-NIL mentions linked: %.2f%% (%zu of %zu)\n",
           100 * ratio(pgo->linked, pgo->gold - pgo->nil), pgo->linked, pgo->gold - pgo->nil);
    if (r->o->errors_n) {
        print_errors(r, LINK_WRONG);
        print_errors(r, LINK_NIL_LINKED);
        print_errors(r, LINK_UNLINKED);
    }
}

static void add_counts(cJSON *parent, const label_counts *c, int *ok)
{
    cJSON *o = cJSON_AddObjectToObject(parent, c->name);
    *ok &= o != NULL;
    *ok &= cJSON_AddNumberToObject(o, "gold", (double)c->gold) != NULL;
    *ok &= cJSON_AddNumberToObject(o, "nil", (double)c->nil) != NULL;
    *ok &= cJSON_AddNumberToObject(o, "linked", (double)c->linked) != NULL;
    *ok &= cJSON_AddNumberToObject(o, "right", (double)c->right) != NULL;
    *ok &= cJSON_AddNumberToObject(o, "nil_linked", (double)c->nil_linked) != NULL;
    *ok &= cJSON_AddNumberToObject(o, "linked_share", ratio(c->linked, c->gold - c->nil)) != NULL;
    *ok &= cJSON_AddNumberToObject(o, "accuracy",
                                   ratio(c->right, c->linked + c->nil_linked)) != NULL;
    *ok &= cJSON_AddNumberToObject(o, "accuracy_non_nil",
                                   ratio(c->right, c->gold - c->nil)) != NULL;
}

static void add_errors(cJSON *root, const links_run *r, int *ok)
{
    cJSON *errs = cJSON_AddObjectToObject(root, "errors");
    *ok &= errs != NULL;
    for (link_kind k = LINK_WRONG; k <= LINK_UNLINKED; k++) {
        cJSON *a = cJSON_AddArrayToObject(errs, kind_keys[k]);
        *ok &= a != NULL;
        size_t shown = 0;
        for (size_t i = 0; a && i < r->nerr && shown < r->o->errors_n; i++) {
            const link_error *e = &r->err[i];
            if (e->kind != k)
                continue;
            shown++;
            cJSON *o = eval_json_push_object(a, ok);
            if (!o)
                return;
            *ok &= cJSON_AddStringToObject(o, "text", e->text) != NULL;
            *ok &= cJSON_AddStringToObject(o, "label", e->label) != NULL;
            *ok &= cJSON_AddStringToObject(o, "expected", e->expected) != NULL;
            *ok &= cJSON_AddStringToObject(o, "got", e->got) != NULL;
            *ok &= cJSON_AddNumberToObject(o, "count", (double)e->count) != NULL;
            *ok &= cJSON_AddStringToObject(o, "context", e->context) != NULL;
        }
    }
}

static char *report_json(const links_run *r, label_counts *all, label_counts *pgo)
{
    int ok = 1;
    cJSON *root = cJSON_CreateObject();
    ok &= cJSON_AddStringToObject(root, "links", r->o->gold) != NULL;
    ok &= cJSON_AddNumberToObject(root, "documents", (double)r->documents) != NULL;
    ok &= cJSON_AddNumberToObject(root, "not_scored", (double)(r->skipped + r->failed)) != NULL;
    ok &= cJSON_AddNumberToObject(root, "malformed_lines", (double)r->malformed) != NULL;
    cJSON *labels = cJSON_AddObjectToObject(root, "labels");
    ok &= labels != NULL;
    for (size_t i = 0; i < r->nlabels; i++)
        add_counts(labels, &r->labels[i], &ok);
    all->name = "all";
    add_counts(root, all, &ok);
    pgo->name = "person_gpe_org";
    add_counts(root, pgo, &ok);
    if (r->o->errors_n)
        add_errors(root, r, &ok);
    char *s = ok ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    return s;
}

static int output(links_run *r)
{
    label_counts all = {.name = "all"}, pgo = {.name = "PGO"};
    for (size_t i = 0; i < r->nlabels; i++) {
        const char *n = r->labels[i].name;
        add_totals(&all, &r->labels[i]);
        if (!strcmp(n, "PERSON") || !strcmp(n, "GPE") || !strcmp(n, "ORG"))
            add_totals(&pgo, &r->labels[i]);
    }
    if (r->nerr)
        qsort(r->err, r->nerr, sizeof *r->err, by_count);
    if (!r->o->json) {
        print_table(r, &all, &pgo);
        return cli_finish_output() ? EXIT_USAGE : EXIT_OK;
    }
    char *s = report_json(r, &all, &pgo);
    int rc = !s ? (cli_error("out of memory"), EXIT_USAGE)
                : cli_write_line(s, strlen(s)) ? EXIT_USAGE : EXIT_OK;
    free(s);
    return cli_finish_output() ? EXIT_USAGE : rc;
}

int eval_links_run(tagger *t, const eval_links_options *o)
{
    links_run r;
    memset(&r, 0, sizeof r);
    r.o = o;
    r.t = t;
    char *buf = NULL;
    int rc = read_tsv(&r, &buf) ? EXIT_USAGE : EXIT_OK;
    if (rc == EXIT_OK) {
        qsort(r.m, r.n, sizeof *r.m, by_place);
        if (make_labels(&r)) {
            cli_error("out of memory");
            rc = EXIT_USAGE;
        }
    }
    while (rc == EXIT_OK && r.next < r.n)
        rc = score_source(&r, r.m[r.next].source);
    if (rc == EXIT_OK) {
        rc = output(&r);
        if (rc == EXIT_OK && r.failed)
            rc = EXIT_REJECTED;
    }
    for (size_t i = 0; i < r.nerr; i++) {
        free(r.err[i].got);
        free(r.err[i].context);
    }
    free(r.err);
    free(r.labels);
    free(r.m);
    free(buf);
    return rc;
}
