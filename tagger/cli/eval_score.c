/*
 * eval_score.c — spans in, counts out (see eval_score.h for the definitions
 * of the exact and overlap scores).
 *
 * Exact matches are found by one merge walk over the two sorted, duplicate-
 * free span lists.  Overlaps are found by scanning, for each span of one
 * side, the other side's spans that start before it ends (both sides are
 * sorted by start): quadratic in the worst case, but documents hold at most
 * a few thousand entities.  Errors are collected one per occurrence and
 * grouped at the end by sorting.
 */
#include "eval_score.h"

#include <cjson/cJSON.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- labels */

int eval_labels_intern(eval_labels *l, const char *s, size_t len)
{
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->v[i].name) == len && memcmp(l->v[i].name, s, len) == 0)
            return (int)i;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        eval_label *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    char *name = malloc(len + 1);
    if (!name)
        return -1;
    memcpy(name, s, len);
    name[len] = '\0';
    memset(&l->v[l->n], 0, sizeof l->v[l->n]);
    l->v[l->n].name = name;
    return (int)l->n++;
}

void eval_labels_free(eval_labels *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].name);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* ---------------------------------------------------------- label map */

void eval_map_free(eval_map *map)
{
    for (size_t i = 0; i < map->n; i++) {
        free(map->v[i].from);
        free(map->v[i].to);
    }
    free(map->v);
    map->v = NULL;
    map->n = 0;
}

static char *dup_range(const char *s, size_t len)
{
    char *d = malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

int eval_map_parse(const char *spec, eval_map *map, char *err, size_t errlen)
{
    eval_map m = {NULL, 0};
    size_t cap = 1;
    for (const char *p = spec; *p; p++)
        cap += *p == ',';
    m.v = calloc(cap, sizeof *m.v);
    if (!m.v)
        goto nomem;
    for (const char *p = spec;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        if (!eq || eq == p) {
            snprintf(err, errlen, "expected TAGGER_LABEL=GOLD_LABEL, got '%.*s'",
                     (int)len, p);
            eval_map_free(&m);
            return -1;
        }
        size_t flen = (size_t)(eq - p);
        for (size_t i = 0; i < m.n; i++)
            if (strlen(m.v[i].from) == flen && memcmp(m.v[i].from, p, flen) == 0) {
                snprintf(err, errlen, "'%.*s' is mapped twice", (int)flen, p);
                eval_map_free(&m);
                return -1;
            }
        m.v[m.n].from = dup_range(p, flen);
        m.v[m.n].to = dup_range(eq + 1, len - flen - 1);
        m.n++;
        if (!m.v[m.n - 1].from || !m.v[m.n - 1].to)
            goto nomem;
        if (!comma)
            break;
        p = comma + 1;
    }
    eval_map_free(map);
    *map = m;
    return 0;

nomem:
    eval_map_free(&m);
    snprintf(err, errlen, "out of memory");
    return -1;
}

const char *eval_map_lookup(const eval_map *map, const char *from)
{
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->v[i].from, from) == 0)
            return map->v[i].to[0] ? map->v[i].to : NULL;
    return NULL;
}

/* ------------------------------------------------------------ trimming */

static int is_trimmed(uint32_t c)
{
    switch (c) {
    case ' ': case '\t': case '\n': case '\r': case 0xA0: case 0x200C:
    case 0xAB: case 0xBB: case '"': case '\'': case '(': case ')': case '[':
    case ']': case '.': case ',': case 0x060C: case ':': case ';': case 0x061B:
    case '!': case '?': case 0x061F: case 0x201C: case 0x201D: case 0x2018:
    case 0x2019: case 0x2026:
        return 1;
    default:
        return 0;
    }
}

/* Decodes the character of valid UTF-8 at s; *n receives its length. */
static uint32_t decode(const unsigned char *s, size_t *n)
{
    if (s[0] < 0x80) {
        *n = 1;
        return s[0];
    }
    if (s[0] < 0xE0) {
        *n = 2;
        return (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    }
    if (s[0] < 0xF0) {
        *n = 3;
        return (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 |
               (s[2] & 0x3F);
    }
    *n = 4;
    return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
           (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
}

static size_t prev_char(const char *text, size_t at)
{
    do
        at--;
    while (at > 0 && ((unsigned char)text[at] & 0xC0) == 0x80);
    return at;
}

int eval_trim(const char *text, size_t *start, size_t *end)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t n;
    while (*start < *end && is_trimmed(decode(t + *start, &n)))
        *start += n;
    while (*end > *start) {
        size_t p = prev_char(text, *end);
        if (!is_trimmed(decode(t + p, &n)))
            break;
        *end = p;
    }
    return *end > *start;
}

/* -------------------------------------------------------------- spans */

static int span_cmp(const void *a, const void *b)
{
    const eval_span *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return (x->label > y->label) - (x->label < y->label);
}

size_t eval_prepare(const char *text, eval_span *spans, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (eval_trim(text, &spans[i].start, &spans[i].end))
            spans[k++] = spans[i];
    if (k > 1)
        qsort(spans, k, sizeof *spans, span_cmp);
    size_t out = 0;
    for (size_t i = 0; i < k; i++)
        if (out == 0 || span_cmp(&spans[out - 1], &spans[i]) != 0)
            spans[out++] = spans[i];
    return out;
}

/* Whether span s overlaps a span of the same label in other[0..n). */
static int overlaps(const eval_span *s, const eval_span *other, size_t n)
{
    for (size_t i = 0; i < n && other[i].start < s->end; i++)
        if (other[i].label == s->label && other[i].end > s->start)
            return 1;
    return 0;
}

void eval_compare(const eval_span *gold, size_t ngold, const eval_span *pred,
                  size_t npred, eval_labels *labels, unsigned char *gold_exact,
                  unsigned char *pred_exact)
{
    if (gold_exact)
        memset(gold_exact, 0, ngold);
    if (pred_exact)
        memset(pred_exact, 0, npred);
    for (size_t i = 0, j = 0; i < ngold && j < npred;) {
        int c = span_cmp(&gold[i], &pred[j]);
        if (c == 0) {
            labels->v[gold[i].label].counts.tp++;
            if (gold_exact)
                gold_exact[i] = 1;
            if (pred_exact)
                pred_exact[j] = 1;
        }
        i += c <= 0;
        j += c >= 0;
    }
    for (size_t i = 0; i < ngold; i++) {
        eval_counts *c = &labels->v[gold[i].label].counts;
        c->gold++;
        c->gold_hit += (size_t)overlaps(&gold[i], pred, npred);
    }
    for (size_t j = 0; j < npred; j++) {
        eval_counts *c = &labels->v[pred[j].label].counts;
        c->pred++;
        c->pred_hit += (size_t)overlaps(&pred[j], gold, ngold);
    }
}

void eval_counts_add(eval_counts *a, const eval_counts *b)
{
    a->gold += b->gold;
    a->pred += b->pred;
    a->tp += b->tp;
    a->gold_hit += b->gold_hit;
    a->pred_hit += b->pred_hit;
}

static eval_prf prf(size_t p_num, size_t p_den, size_t r_num, size_t r_den)
{
    eval_prf s;
    s.p = p_den ? (double)p_num / (double)p_den : 0.0;
    s.r = r_den ? (double)r_num / (double)r_den : 0.0;
    s.f1 = s.p + s.r > 0 ? 2 * s.p * s.r / (s.p + s.r) : 0.0;
    return s;
}

eval_prf eval_exact_scores(const eval_counts *c)
{
    return prf(c->tp, c->pred, c->tp, c->gold);
}

eval_prf eval_overlap_scores(const eval_counts *c)
{
    return prf(c->pred_hit, c->pred, c->gold_hit, c->gold);
}

/* ------------------------------------------------------------- errors */

static int is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

char *eval_context(const char *text, size_t len, size_t start, size_t end,
                   size_t width)
{
    size_t from = start, to = end;
    for (size_t i = 0; i < width && from > 0; i++)
        from = prev_char(text, from);
    for (size_t i = 0; i < width && to < len; i++) {
        size_t n;
        decode((const unsigned char *)text + to, &n);
        to += n;
    }
    while (from < start && is_space(text[from]))
        from++;
    while (to > end && is_space(text[to - 1]))
        to--;
    char *out = malloc(to - from + 5);
    if (!out)
        return NULL;
    size_t k = 0;
    for (size_t i = from; i <= to; i++) {
        if (i == start)
            memcpy(out + k, "[[", 2), k += 2;
        if (i == end)
            memcpy(out + k, "]]", 2), k += 2;
        if (i < to)
            out[k++] = is_space(text[i]) ? ' ' : text[i];
    }
    out[k] = '\0';
    return out;
}

int eval_errors_add(eval_errors *e, eval_error_kind kind, const char *text,
                    size_t len, const eval_span *s)
{
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 64;
        eval_error *v = realloc(e->v, cap * sizeof *v);
        if (!v)
            return -1;
        e->v = v;
        e->cap = cap;
    }
    eval_error *x = &e->v[e->n];
    x->kind = kind;
    x->label = s->label;
    x->orig = s->orig;
    x->count = 1;
    x->seq = e->n;
    x->text = dup_range(text + s->start, s->end - s->start);
    x->context = eval_context(text, len, s->start, s->end, EVAL_CONTEXT_WIDTH);
    if (!x->text || !x->context) {
        free(x->text);
        free(x->context);
        return -1;
    }
    e->n++;
    return 0;
}

static int same_group_cmp(const eval_error *x, const eval_error *y)
{
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    int c = strcmp(x->text, y->text);
    if (c)
        return c;
    if (x->label != y->label)
        return x->label < y->label ? -1 : 1;
    return (x->orig > y->orig) - (x->orig < y->orig);
}

static int by_group_then_seq(const void *a, const void *b)
{
    const eval_error *x = a, *y = b;
    int c = same_group_cmp(x, y);
    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static int by_kind_then_count(const void *a, const void *b)
{
    const eval_error *x = a, *y = b;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return same_group_cmp(x, y);
}

void eval_errors_group(eval_errors *e)
{
    if (e->n == 0)
        return;
    qsort(e->v, e->n, sizeof *e->v, by_group_then_seq);
    size_t out = 0;
    for (size_t i = 0; i < e->n; i++) {
        if (out > 0 && same_group_cmp(&e->v[out - 1], &e->v[i]) == 0) {
            e->v[out - 1].count += e->v[i].count;
            free(e->v[i].text);
            free(e->v[i].context);
        } else {
            e->v[out++] = e->v[i];
        }
    }
    e->n = out;
    qsort(e->v, e->n, sizeof *e->v, by_kind_then_count);
}

void eval_errors_free(eval_errors *e)
{
    for (size_t i = 0; i < e->n; i++) {
        free(e->v[i].text);
        free(e->v[i].context);
    }
    free(e->v);
    memset(e, 0, sizeof *e);
}

cJSON *eval_json_push_object(cJSON *a, int *ok)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddItemToArray(a, o)) {
        cJSON_Delete(o);
        *ok = 0;
        return NULL;
    }
    return o;
}
