/* rules — see rules.h for the format, the compilation and the matching. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "datafile.h"
#include "gazetteer.h"
#include "error.h"
#include "labels.h"
#include "values.h"

#define MAX_EXPANSION_DEPTH 8

typedef enum {
    VAL_NONE, VAL_DATE_JALALI, VAL_DATE_GREGORIAN, VAL_DATE_HIJRI, VAL_DATE_NUMERIC,
    VAL_DATE_YEAR, VAL_DATE_RELATIVE, VAL_DATE_WEEKDAY, VAL_TIME, VAL_MONEY, VAL_PERCENT,
    VAL_NUMBER
} value_kind;

static const char *const value_names[] = {
    "none", "date.jalali", "date.gregorian", "date.hijri", "date.numeric",
    "date.year", "date.relative", "date.weekday", "time", "money", "percent", "number"};

typedef struct {
    char *name;
    char **keys;   /* normalized, spaces removed, sorted */
    char **values; /* parallel to keys; NULL when an item has no value */
    size_t n;
    char *regex;   /* (?:item|item…), longest first: read by the prefilter */
    char *trie;    /* the same alternatives factored by common prefix: matched */
} rule_list;

typedef struct {
    char *name;
    char *text;
} rule_define;

typedef struct {
    char *text, *span, *value; /* value NULL: none expected */
    int reject;
    size_t line;
} rule_example;

typedef struct {
    char *name;
    const char *label;
    int priority;
    int confirm;
    int absorb;
    value_kind value;
    char *pattern; /* as written */
    pcre2_code *code;
    /* the prefilter (see "prefilter" below): when `anchored` is set, every
     * match begins with one of `lits` or with a character of one of
     * `classes` (pattern source such as \d), and `anchored` is the same
     * pattern compiled to match only at a given start */
    pcre2_code *anchored;
    int anchored_jit; /* compiled by the JIT: matched through its fast path */
    char **lits, **classes;
    size_t nlits, nclasses;
    /* `starts-before LITERAL N`: every match starts at most N bytes before
     * an occurrence of LITERAL, so it is tried only there */
    char *before;
    size_t before_within;
    rule_example *examples;
    size_t nexamples;
    const char *file; /* owned by the rule set */
    size_t line;
} rule;

/* Code points below LOW_CPS are classified by tables; the prefilter treats
 * any larger one as a possible start of every rule with a class starter
 * and as a possible word boundary. */
#define LOW_CPS 0x800
/* A rule whose class starters accept more code points than this (\p{L})
 * would be tried at nearly every word: it keeps its unanchored scan. */
#define MAX_CLASS_CPS 256

typedef struct {
    int32_t child, sibling; /* first child, next sibling (-1: none) */
    uint32_t rules, nrules; /* rule indices in prefilter.rule_ids */
    unsigned char byte;
} trie_node;

/* Built once from every rule's starters: a byte trie of the literal
 * starters, and for each code point below LOW_CPS the rules that may start
 * with it through a class (CSR: class_ids[class_first[c] .. class_first[c+1])). */
typedef struct {
    trie_node *nodes;
    size_t nnodes;
    int32_t root[256];
    uint32_t *rule_ids;
    uint32_t *class_first; /* LOW_CPS + 1 entries */
    uint32_t *class_ids;
    uint32_t *class_any; /* rules with a class starter: for code points >= LOW_CPS */
    size_t nclass_any;
    unsigned char letter_or_number[LOW_CPS / 8]; /* [\p{L}\p{N}] as PCRE2 sees it */
} prefilter;

struct tg_rules {
    const tg_normalizer *nz;
    rule_list *lists;
    size_t nlists;
    rule_define *defines;
    size_t ndefines;
    rule *rules;
    size_t nrules;
    char **files;
    size_t nfiles;
    pcre2_match_context *mctx;
    tg_calendars *calendars;
    uint32_t max_pairs; /* ovector pairs of the rule with most groups */
    int jit;            /* JIT-compile the patterns */
    prefilter pf;
};

/* ---------------------------------------------------------------- helpers */

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static char *dup_s(const char *s)
{
    return dup_n(s, strlen(s));
}

typedef struct {
    char *s;
    size_t n, cap;
    int failed;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *d = realloc(b->s, cap);
        if (!d) {
            b->failed = 1;
            return;
        }
        b->s = d;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void puts_(buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static rule_list *find_list(const tg_rules *rs, const char *name, size_t n)
{
    for (size_t i = 0; i < rs->nlists; i++)
        if (strlen(rs->lists[i].name) == n && memcmp(rs->lists[i].name, name, n) == 0)
            return &rs->lists[i];
    return NULL;
}

static rule_define *find_define(const tg_rules *rs, const char *name, size_t n)
{
    for (size_t i = 0; i < rs->ndefines; i++)
        if (strlen(rs->defines[i].name) == n && memcmp(rs->defines[i].name, name, n) == 0)
            return &rs->defines[i];
    return NULL;
}

/* The value of a list item whose normalized text (spaces ignored) is
 * s[0..n), or NULL. */
static const char *list_value(const rule_list *l, const char *s, size_t n)
{
    char key[512];
    size_t k = 0;
    for (size_t i = 0; i < n && k + 1 < sizeof key; i++)
        if (s[i] != ' ' && s[i] != '\n')
            key[k++] = s[i];
    key[k] = '\0';
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(l->keys[mid], key);
        if (c == 0)
            return l->values[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* ------------------------------------------------------------------ lists */

typedef struct {
    char *norm; /* normalized item, ZWNJ and spaces kept as single spaces */
    char *key;  /* without spaces */
    char *value;
} list_item;

static int cmp_item_len(const void *a, const void *b)
{
    size_t x = strlen(((const list_item *)a)->norm), y = strlen(((const list_item *)b)->norm);
    return (x < y) - (x > y);
}

static int cmp_item_key(const void *a, const void *b)
{
    return strcmp(((const list_item *)a)->key, ((const list_item *)b)->key);
}

/* Normalizes one list item: ZWNJ becomes a space first, so that both
 * spellings of «ربیع‌الاول» match; runs of spaces become one. */
static char *normalize_item(const tg_normalizer *nz, const char *s, size_t n)
{
    buf b = {0};
    for (size_t i = 0; i < n; i++) {
        if (n - i >= 3 && memcmp(s + i, "\xE2\x80\x8C", 3) == 0) {
            put(&b, " ", 1);
            i += 2;
        } else {
            put(&b, s + i, 1);
        }
    }
    if (b.failed || !b.s)
        return NULL;
    tg_normtext nt;
    tagger_status rc = tg_normalize(nz, b.s, b.n, &nt, NULL);
    free(b.s);
    if (rc != TAGGER_OK)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < nt.len; i++) {
        char c = nt.text[i] == '\n' ? ' ' : nt.text[i];
        if (c == ' ' && (k == 0 || nt.text[k - 1] == ' '))
            continue;
        nt.text[k++] = c;
    }
    while (k > 0 && nt.text[k - 1] == ' ')
        k--;
    nt.text[k] = '\0';
    char *out = nt.text;
    nt.text = NULL;
    tg_normtext_free(&nt);
    return out;
}

static void free_items(list_item *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(items[i].norm);
        free(items[i].key);
        free(items[i].value);
    }
    free(items);
}

/* ------------------------------------------------------------ list tries */

/*
 * A list of many words as a plain alternation costs PCRE2 one failed
 * attempt per item at every position it is tried; the same items factored
 * by common prefix («یک|یازده» → «ی(?:ک|ازده)») fail after a character or
 * two.  The factored form keeps the plain one's preference: items are
 * inserted longest first, so a node's branches come in the order of their
 * longest item, and an item ending at a node is tried after every longer
 * item through it (a greedy `?`).  Units are whole code points (a UTF
 * pattern may not split one) and the optional space `\h?`.
 */
typedef struct list_node {
    char unit[8];
    int terminal;
    struct list_node **kids;
    size_t nkids;
} list_node;

static void node_free(list_node *nd)
{
    if (!nd)
        return;
    for (size_t i = 0; i < nd->nkids; i++)
        node_free(nd->kids[i]);
    free(nd->kids);
    free(nd);
}

/* The pattern unit at s (one code point, escaped if need be, or \h? for a
 * space) into unit; returns the bytes of s it covers. */
static size_t item_unit(const char *s, char unit[8])
{
    if (*s == ' ') {
        memcpy(unit, "\\h?", 4);
        unit[4] = '\0';
        return 1;
    }
    size_t n = 0, len = 1;
    unsigned char c = (unsigned char)*s;
    if (c >= 0xF0)
        len = 4;
    else if (c >= 0xE0)
        len = 3;
    else if (c >= 0xC0)
        len = 2;
    for (size_t i = 1; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            len = i; /* items are valid UTF-8; never split what is not */
    if (len == 1 && strchr("\\^$.|?*+()[]{}-#", *s))
        unit[n++] = '\\';
    memcpy(unit + n, s, len);
    unit[n + len] = '\0';
    return len;
}

static int node_insert(list_node *root, const char *item)
{
    list_node *nd = root;
    while (*item) {
        char unit[8];
        item += item_unit(item, unit);
        list_node *kid = NULL;
        for (size_t i = 0; i < nd->nkids && !kid; i++)
            if (strcmp(nd->kids[i]->unit, unit) == 0)
                kid = nd->kids[i];
        if (!kid) {
            list_node **grown = realloc(nd->kids, (nd->nkids + 1) * sizeof *grown);
            kid = grown ? calloc(1, sizeof *kid) : NULL;
            if (grown)
                nd->kids = grown;
            if (!kid)
                return 0;
            memcpy(kid->unit, unit, sizeof unit);
            nd->kids[nd->nkids++] = kid;
        }
        nd = kid;
    }
    nd->terminal = 1;
    return 1;
}

/* What may follow node nd's own unit, as pattern text. */
static void node_regex(const list_node *nd, buf *re)
{
    if (nd->nkids == 0)
        return;
    int group = nd->nkids > 1 || nd->terminal;
    if (group)
        puts_(re, "(?:");
    for (size_t i = 0; i < nd->nkids; i++) {
        if (i)
            puts_(re, "|");
        puts_(re, nd->kids[i]->unit);
        node_regex(nd->kids[i], re);
    }
    if (group)
        puts_(re, nd->terminal ? ")?" : ")");
}

/* The factored regex of items (sorted longest first), or NULL. */
static char *list_trie_regex(const list_item *items, size_t n)
{
    list_node root = {0};
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++)
        ok = node_insert(&root, items[i].norm);
    buf re = {0};
    puts_(&re, "(?:");
    for (size_t i = 0; ok && i < root.nkids; i++) {
        if (i)
            puts_(&re, "|");
        puts_(&re, root.kids[i]->unit);
        node_regex(root.kids[i], &re);
    }
    puts_(&re, ")");
    for (size_t i = 0; i < root.nkids; i++)
        node_free(root.kids[i]);
    free(root.kids);
    if (!ok || re.failed) {
        free(re.s);
        return NULL;
    }
    return re.s;
}

/* Builds a list from `text`: items separated by `sep` ('|' inline, '\n' in
 * files), each "item" or "item:value".  Returns an error message or NULL. */
static const char *build_list(const tg_rules *rs, rule_list *l, const char *text, char sep)
{
    list_item *items = NULL;
    size_t n = 0, cap = 0;
    const char *p = text;
    while (*p) {
        const char *end = strchr(p, sep);
        if (!end)
            end = p + strlen(p);
        char *raw = dup_n(p, (size_t)(end - p));
        if (!raw)
            goto nomem;
        char *item = trim(raw);
        if (*item && *item != '#') {
            char *colon = strrchr(item, ':');
            char *value = NULL;
            if (colon && colon[1] && !strchr(colon + 1, ' ')) {
                *colon = '\0';
                value = dup_s(trim(colon + 1));
                item = trim(item);
            }
            if (n == cap) {
                cap = cap ? cap * 2 : 32;
                list_item *grown = realloc(items, cap * sizeof *grown);
                if (!grown) {
                    free(raw);
                    free(value);
                    goto nomem;
                }
                items = grown;
            }
            list_item *it = &items[n];
            it->value = value;
            it->norm = normalize_item(rs->nz, item, strlen(item));
            it->key = NULL;
            if (it->norm && *it->norm) {
                buf k = {0};
                for (const char *c = it->norm; *c; c++)
                    if (*c != ' ')
                        put(&k, c, 1);
                it->key = k.s;
            }
            n++;
            if (!it->norm || !it->key) {
                free(raw);
                free_items(items, n);
                return "list item is empty once normalized";
            }
        }
        free(raw);
        p = *end ? end + 1 : end;
    }
    if (n == 0) {
        free(items);
        return "empty list";
    }
    /* the regex: longest first, metacharacters escaped, spaces optional */
    qsort(items, n, sizeof *items, cmp_item_len);
    buf re = {0};
    puts_(&re, "(?:");
    for (size_t i = 0; i < n; i++) {
        if (i)
            puts_(&re, "|");
        for (const char *c = items[i].norm; *c; c++) {
            if (*c == ' ')
                puts_(&re, "\\h?");
            else {
                if (strchr("\\^$.|?*+()[]{}-#", *c))
                    put(&re, "\\", 1);
                put(&re, c, 1);
            }
        }
    }
    puts_(&re, ")");
    l->trie = list_trie_regex(items, n);
    qsort(items, n, sizeof *items, cmp_item_key);
    l->keys = malloc(n * sizeof *l->keys);
    l->values = malloc(n * sizeof *l->values);
    if (re.failed || !l->trie || !l->keys || !l->values) {
        free(re.s);
        free(l->trie);
        l->trie = NULL;
        free_items(items, n);
        return "out of memory";
    }
    for (size_t i = 0; i < n; i++) {
        l->keys[i] = items[i].key;
        l->values[i] = items[i].value;
        free(items[i].norm);
    }
    free(items);
    l->n = n;
    l->regex = re.s;
    return NULL;

nomem:
    free_items(items, n);
    return "out of memory";
}

/* --------------------------------------------------------------- patterns */

/* Expands {name} references and literal spaces, lists as plain
 * alternations or (`trie`) factored.  Returns 0 and writes the reason to
 * why[0..WHY_SIZE) on failure. */
#define WHY_SIZE 160
static int expand(const tg_rules *rs, const char *p, buf *out, int depth, int trie, char *why)
{
    if (depth > MAX_EXPANSION_DEPTH) {
        snprintf(why, WHY_SIZE, "defines nested too deeply (a define refers to itself?)");
        return 0;
    }
    int in_class = 0;
    for (; *p; p++) {
        if (*p == '\\' && p[1]) {
            /* an escape, with its {…} argument if any: \p{L}, \x{200C} */
            const char *end = p + 1;
            if (end[1] == '{' && strchr(end, '}'))
                end = strchr(end, '}');
            put(out, p, (size_t)(end - p + 1));
            p = end;
        } else if (*p == '[' && !in_class) {
            in_class = 1;
            put(out, p, 1);
        } else if (*p == ']' && in_class) {
            in_class = 0;
            put(out, p, 1);
        } else if (*p == ' ' && !in_class) {
            while (p[1] == ' ')
                p++;
            /* " ?" and " *" keep their quantifier: one optional space */
            puts_(out, p[1] == '?' || p[1] == '*' ? "\\h" : "\\h+");
        } else if (*p == '{' && !in_class &&
                   ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') || p[1] == '_')) {
            const char *end = strchr(p, '}');
            if (!end) {
                snprintf(why, WHY_SIZE, "unclosed {");
                return 0;
            }
            size_t n = (size_t)(end - p - 1);
            const rule_list *l = find_list(rs, p + 1, n);
            const rule_define *d = l ? NULL : find_define(rs, p + 1, n);
            if (l) {
                puts_(out, trie ? l->trie : l->regex);
            } else if (d) {
                puts_(out, "(?:");
                if (!expand(rs, d->text, out, depth + 1, trie, why))
                    return 0;
                puts_(out, ")");
            } else {
                snprintf(why, WHY_SIZE, "unknown list or define {%.*s}", (int)(n > 60 ? 60 : n),
                         p + 1);
                return 0;
            }
            p = end;
        } else {
            put(out, p, 1);
        }
    }
    return 1;
}

/* -------------------------------------------------------------- prefilter */

/*
 * Most patterns begin with a word list or a literal word («روز», {month_jalali},
 * {currency}), so a match can begin only where one of a few strings does.
 * At load, each expanded pattern is read up to its first character-consuming
 * item to collect its *starters*: the literal strings and the character
 * classes one of which every match begins with (lookarounds are skipped,
 * optional items add the starters of what follows).  A pattern with a
 * construct this reading does not follow, or that can match the empty
 * string, keeps no starters and is scanned as before.
 *
 * When tagging, one pass over the text finds, at every position not
 * preceded by a letter or digit (the patterns' own boundary), the rules
 * whose starters begin there: a walk of a byte trie of all literal starters,
 * plus a table of the rules whose class starters accept that code point.
 * Each rule then runs its anchored pattern at its candidate positions in
 * order, resuming after each match, which finds exactly the matches of a
 * left-to-right scan (an unanchored search is an anchored attempt at each
 * position in turn, and no match can start elsewhere).  A rule without
 * candidates in a document costs nothing; a rule whose class starters
 * accept almost anything (\p{L}) scans unanchored, which is then cheaper
 * and gives the same matches (only such rules need their unanchored
 * pattern JIT-compiled).  A rule declared
 * `starts-before LITERAL N` stays out of this pass: its candidates are the
 * boundaries at most N bytes before each occurrence of LITERAL.
 */

typedef struct {
    const char *end;
    char ***lits, ***classes;
    size_t *nlits, *nclasses;
    int give_up; /* a construct the reading does not follow, or no memory */
} scan;

/* Adds s[0..len) to the list unless it is there; out of memory gives up. */
static void add_str(scan *sc, char ***list, size_t *n, const char *s, size_t len)
{
    for (size_t i = 0; i < *n; i++)
        if (strlen((*list)[i]) == len && memcmp((*list)[i], s, len) == 0)
            return;
    char **grown = realloc(*list, (*n + 1) * sizeof *grown);
    char *d = grown ? dup_n(s, len) : NULL;
    if (grown)
        *list = grown;
    if (!d)
        sc->give_up = 1;
    else
        (*list)[(*n)++] = d;
}

/* The quantifier at p, if any: sets *min (1 without one) and returns the
 * position after it. */
static const char *quantifier(const char *p, const char *end, long *min)
{
    *min = 1;
    if (p >= end)
        return p;
    if (*p == '?' || *p == '*') {
        *min = 0;
        p++;
    } else if (*p == '+') {
        p++;
    } else if (*p == '{' && p + 1 < end && p[1] >= '0' && p[1] <= '9') {
        const char *q = p + 1;
        long lo = 0;
        for (; q < end && *q >= '0' && *q <= '9'; q++)
            if (lo < 100000)
                lo = lo * 10 + (*q - '0');
        if (q < end && *q == ',')
            for (q++; q < end && *q >= '0' && *q <= '9'; q++)
                ;
        if (q >= end || *q != '}')
            return p; /* a literal { */
        *min = lo;
        p = q + 1;
    } else {
        return p;
    }
    if (p < end && (*p == '?' || *p == '+'))
        p++;
    return p;
}

/* Whether p starts a literal character; sets lit/len to its text and *after. */
static int literal_at(const char *p, const char *end, const char **lit, size_t *len,
                      const char **after)
{
    const unsigned char c = (unsigned char)*p;
    const char *q = p;
    if (c == '\\') {
        if (p + 1 >= end)
            return 0;
        unsigned char e = (unsigned char)p[1];
        if (e < 0x80 && ((e >= '0' && e <= '9') || (e >= 'a' && e <= 'z') || (e >= 'A' && e <= 'Z')))
            return 0;
        q = p + 1;
    } else if (strchr("^$.|?*+()[", c)) {
        return 0;
    } else if (c == '{') {
        long min;
        if (quantifier(p, end, &min) != p)
            return 0;
    }
    size_t n = 1;
    unsigned char lead = (unsigned char)*q;
    if (lead >= 0xF0)
        n = 4;
    else if (lead >= 0xE0)
        n = 3;
    else if (lead >= 0xC0)
        n = 2;
    if (q + n > end)
        return 0;
    *lit = q;
    *len = n;
    *after = q + n;
    return 1;
}

static const char *scan_alt(scan *sc, const char *p, int collect, int *nullable);

/* One item at p with its quantifier; with `collect`, adds its starters and
 * sets *nullable when it can match nothing.  Sets *zero_width for
 * assertions. */
static const char *scan_atom(scan *sc, const char *p, int collect, int *nullable,
                             int *zero_width)
{
    const char *end = sc->end, *q, *lit;
    size_t litlen;
    long min = 1;
    *zero_width = 0;
    *nullable = 0;
    if (*p == '^' || *p == '$') {
        *zero_width = 1;
        return p + 1;
    }
    if (*p == '(') {
        const char *inner = NULL;
        int look = 0;
        if (p[1] == '?') {
            if (p[2] == ':' || p[2] == '>' || p[2] == '|')
                inner = p + 3;
            else if (p[2] == '=' || p[2] == '!')
                inner = p + 3, look = 1;
            else if (p[2] == '<' && (p[3] == '=' || p[3] == '!'))
                inner = p + 4, look = 1;
            else if (p[2] == '<' || p[2] == '\'' || (p[2] == 'P' && p[3] == '<'))
                inner = memchr(p + 2, p[2] == '\'' ? '\'' : '>', (size_t)(end - p - 2));
            if (inner && !look && p[2] != ':' && p[2] != '>' && p[2] != '|')
                inner++; /* after the name of a named group */
        } else if (p[1] != '*') {
            inner = p + 1;
        }
        if (!inner) { /* options, recursion, conditions, verbs */
            sc->give_up = 1;
            return end;
        }
        int inner_nullable = 0;
        q = scan_alt(sc, inner, collect && !look, &inner_nullable);
        if (sc->give_up || q >= end || *q != ')') {
            sc->give_up = 1;
            return end;
        }
        q = quantifier(q + 1, end, &min);
        *zero_width = look;
        *nullable = inner_nullable || min == 0;
        return q;
    }
    if (*p == '[') {
        q = p + 1;
        if (q < end && *q == '^')
            q++;
        if (q < end && *q == ']')
            q++;
        while (q < end && *q != ']') {
            if (*q == '\\')
                q += 2;
            else if (*q == '[' && q + 1 < end && q[1] == ':') {
                const char *c = strstr(q + 2, ":]");
                if (!c || c >= end)
                    break;
                q = c + 2;
            } else
                q++;
        }
        if (q >= end) {
            sc->give_up = 1;
            return end;
        }
        q++;
    } else if (*p == '.') {
        q = p + 1;
    } else if (*p == '\\' && !literal_at(p, end, &lit, &litlen, &q)) {
        char e = p + 1 < end ? p[1] : '\0';
        if (e && strchr("bBAzZ", e)) {
            *zero_width = 1;
            return p + 2;
        }
        q = p + 2;
        if (e && !collect && (e == 'k' || e == 'g') && q < end && strchr("<{'", *q)) {
            /* a back reference after the start: skipped */
            q = memchr(q + 1, *q == '<' ? '>' : *q == '{' ? '}' : '\'', (size_t)(end - q - 1));
            if (q)
                return quantifier(q + 1, end, &min);
            sc->give_up = 1;
            return end;
        }
        if (!e || !strchr("dDhHsSvVwWnrtfeapPx", e)) { /* back references, \Q, \K … */
            sc->give_up = 1;
            return end;
        }
        if ((e == 'p' || e == 'P' || e == 'x') && q < end && *q == '{') {
            q = memchr(q, '}', (size_t)(end - q));
            if (!q) {
                sc->give_up = 1;
                return end;
            }
            q++;
        } else if (e == 'p' || e == 'P') {
            q++;
        } else if (e == 'x') {
            for (int k = 0; k < 2 && q < end && *q && strchr("0123456789abcdefABCDEF", *q); k++)
                q++;
        }
        if (q > end) {
            sc->give_up = 1;
            return end;
        }
    } else if (literal_at(p, end, &lit, &litlen, &q)) {
        const char *after = quantifier(q, end, &min);
        if (collect)
            add_str(sc, sc->lits, sc->nlits, lit, litlen);
        *nullable = min == 0;
        return after;
    } else {
        sc->give_up = 1;
        return end;
    }
    /* a class, ".", or an escape such as \d: kept as source */
    if (collect)
        add_str(sc, sc->classes, sc->nclasses, p, (size_t)(q - p));
    q = quantifier(q, end, &min);
    *nullable = min == 0;
    return q;
}

/* A sequence of items up to | or ): a run of plain literal characters at
 * its start is one literal starter. */
static const char *scan_seq(scan *sc, const char *p, int collect, int *nullable)
{
    int open = collect; /* every item so far can match nothing */
    buf run = {0};
    while (p < sc->end && !sc->give_up && *p != '|' && *p != ')') {
        const char *lit, *after;
        size_t litlen;
        long min;
        if (open && literal_at(p, sc->end, &lit, &litlen, &after) &&
            quantifier(after, sc->end, &min) == after) {
            put(&run, lit, litlen);
            p = after;
            continue;
        }
        if (run.n) {
            add_str(sc, sc->lits, sc->nlits, run.s, run.n);
            run.n = 0;
            open = 0;
        }
        int item_nullable, zero_width;
        p = scan_atom(sc, p, open, &item_nullable, &zero_width);
        if (open && !zero_width && !item_nullable)
            open = 0;
    }
    if (run.n) {
        add_str(sc, sc->lits, sc->nlits, run.s, run.n);
        open = 0;
    }
    if (run.failed)
        sc->give_up = 1;
    free(run.s);
    *nullable = open;
    return p;
}

static const char *scan_alt(scan *sc, const char *p, int collect, int *nullable)
{
    *nullable = 0;
    for (;;) {
        int branch_nullable;
        p = scan_seq(sc, p, collect, &branch_nullable);
        if (collect && branch_nullable)
            *nullable = 1;
        if (sc->give_up || p >= sc->end || *p != '|')
            return p;
        p++;
    }
}

static void free_strs(char **s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(s[i]);
    free(s);
}

/* Collects the starters of the expanded pattern body[0..n) into r; a rule
 * without them is left unfiltered. */
static void find_starters(rule *r, const char *body, size_t n)
{
    scan sc = {body + n, &r->lits, &r->classes, &r->nlits, &r->nclasses, 0};
    int nullable;
    const char *end = scan_alt(&sc, body, 1, &nullable);
    if (sc.give_up || nullable || end != body + n || r->nlits + r->nclasses == 0) {
        free_strs(r->lits, r->nlits);
        free_strs(r->classes, r->nclasses);
        r->lits = r->classes = NULL;
        r->nlits = r->nclasses = 0;
    }
}

/* Sets bit c of `bits` for every code point 0 < c < LOW_CPS at which the
 * pattern `src` (a class or an escape such as \d) matches.  Returns 0 on
 * failure. */
static int class_cps(const char *src, unsigned char *bits)
{
    int code;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)src, strlen(src), PCRE2_UTF | PCRE2_UCP, &code,
                                   &off, NULL);
    pcre2_match_data *md = re ? pcre2_match_data_create(1, NULL) : NULL;
    for (uint32_t c = 1; md && c < LOW_CPS; c++) {
        char u[2] = {(char)c, 0};
        size_t n = 1;
        if (c >= 0x80) {
            u[0] = (char)(0xC0 | (c >> 6));
            u[1] = (char)(0x80 | (c & 0x3F));
            n = 2;
        }
        if (pcre2_match(re, (PCRE2_SPTR)u, n, 0, PCRE2_ANCHORED, md, NULL) >= 0)
            bits[c / 8] |= (unsigned char)(1u << (c % 8));
    }
    int ok = md != NULL;
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    return ok;
}

static int has_cp(const unsigned char *bits, uint32_t c)
{
    return (bits[c / 8] >> (c % 8)) & 1;
}

typedef struct {
    uint32_t node, rule;
} node_rule;

static int cmp_node_rule(const void *a, const void *b)
{
    const node_rule *x = a, *y = b;
    if (x->node != y->node)
        return x->node < y->node ? -1 : 1;
    return (x->rule > y->rule) - (x->rule < y->rule);
}

/* The trie node for byte `c` below `from` (-1: the root), created if need
 * be; -2 when out of memory. */
static int32_t trie_child(prefilter *pf, int32_t from, unsigned char c, size_t *cap)
{
    int32_t k = from < 0 ? pf->root[c] : pf->nodes[from].child, last = -1;
    for (; k >= 0; last = k, k = pf->nodes[k].sibling)
        if (pf->nodes[k].byte == c)
            return k;
    if (pf->nnodes == *cap) {
        size_t ncap = *cap ? *cap * 2 : 256;
        trie_node *grown = ncap < INT32_MAX ? realloc(pf->nodes, ncap * sizeof *grown) : NULL;
        if (!grown)
            return -2;
        pf->nodes = grown;
        *cap = ncap;
    }
    k = (int32_t)pf->nnodes++;
    pf->nodes[k] = (trie_node){-1, -1, 0, 0, c};
    if (last >= 0)
        pf->nodes[last].sibling = k;
    else if (from < 0)
        pf->root[c] = k;
    else
        pf->nodes[from].child = k;
    return k;
}

/* Builds rs->pf from the starters of every rule.  Returns 0 when out of
 * memory or when PCRE2 fails on a class. */
static int build_prefilter(tg_rules *rs)
{
    prefilter *pf = &rs->pf;
    for (int c = 0; c < 256; c++)
        pf->root[c] = -1;
    if (!class_cps("[\\p{L}\\p{N}]", pf->letter_or_number))
        return 0;
    size_t cap = 0, npairs = 0, pcap = 0, nclass_rules = 0;
    node_rule *pairs = NULL;
    unsigned char(*cps)[LOW_CPS / 8] = calloc(rs->nrules ? rs->nrules : 1, sizeof *cps);
    pf->class_first = calloc(LOW_CPS + 1, sizeof *pf->class_first);
    pf->class_any = calloc(rs->nrules ? rs->nrules : 1, sizeof *pf->class_any);
    int ok = cps && pf->class_first && pf->class_any;
    for (size_t i = 0; ok && i < rs->nrules; i++) {
        rule *r = &rs->rules[i];
        size_t ncps = 0;
        if (r->before)
            continue; /* its candidates come from its literal */
        for (size_t k = 0; ok && k < r->nclasses; k++) {
            /* rules share classes (\d): reuse the code points of an earlier one */
            size_t same = i;
            for (size_t j = 0; j < i && same == i; j++)
                if (rs->rules[j].nclasses == 1 && !rs->rules[j].before &&
                    strcmp(rs->rules[j].classes[0], r->classes[k]) == 0)
                    same = j;
            if (same < i)
                for (size_t b = 0; b < LOW_CPS / 8; b++)
                    cps[i][b] |= cps[same][b];
            else
                ok = class_cps(r->classes[k], cps[i]);
        }
        for (uint32_t c = 0; c < LOW_CPS; c++)
            ncps += has_cp(cps[i], c);
        if (ncps > MAX_CLASS_CPS) { /* \p{L}: an unanchored scan is faster */
            pcre2_code_free(r->anchored);
            r->anchored = NULL;
            r->anchored_jit = 0;
        }
        if (!r->anchored)
            continue;
        for (size_t k = 0; ok && k < r->nlits; k++) {
            int32_t node = -1;
            for (const char *c = r->lits[k]; *c && node != -2; c++)
                node = trie_child(pf, node, (unsigned char)*c, &cap);
            if (npairs == pcap) {
                pcap = pcap ? pcap * 2 : 256;
                node_rule *grown = realloc(pairs, pcap * sizeof *grown);
                if (grown)
                    pairs = grown;
                ok = grown != NULL;
            }
            ok = ok && node >= 0;
            if (ok)
                pairs[npairs++] = (node_rule){(uint32_t)node, (uint32_t)i};
        }
        if (r->nclasses)
            pf->class_any[nclass_rules++] = (uint32_t)i;
    }
    pf->nclass_any = nclass_rules;
    /* each node's rules, in rule order */
    if (ok && npairs) {
        qsort(pairs, npairs, sizeof *pairs, cmp_node_rule);
        ok = (pf->rule_ids = malloc(npairs * sizeof *pf->rule_ids)) != NULL;
    }
    for (size_t i = 0, n = 0; ok && i < npairs; i++) {
        if (i > 0 && pairs[i].node == pairs[i - 1].node && pairs[i].rule == pairs[i - 1].rule)
            continue;
        trie_node *node = &pf->nodes[pairs[i].node];
        if (node->nrules == 0)
            node->rules = (uint32_t)n;
        node->nrules++;
        pf->rule_ids[n++] = pairs[i].rule;
    }
    /* code point → rules with a class starter that accepts it */
    size_t total = 0;
    for (uint32_t c = 0; ok && c < LOW_CPS; c++) {
        pf->class_first[c] = (uint32_t)total;
        for (size_t k = 0; k < nclass_rules; k++)
            total += has_cp(cps[pf->class_any[k]], c);
    }
    if (ok) {
        pf->class_first[LOW_CPS] = (uint32_t)total;
        ok = (pf->class_ids = malloc((total ? total : 1) * sizeof *pf->class_ids)) != NULL;
    }
    for (uint32_t c = 0, n = 0; ok && c < LOW_CPS; c++)
        for (size_t k = 0; k < nclass_rules; k++)
            if (has_cp(cps[pf->class_any[k]], c))
                pf->class_ids[n++] = pf->class_any[k];
    free(pairs);
    free(cps);
    return ok;
}

static void free_prefilter(prefilter *pf)
{
    free(pf->nodes);
    free(pf->rule_ids);
    free(pf->class_first);
    free(pf->class_ids);
    free(pf->class_any);
}

/* --------------------------------------------------------------- parsing */

typedef struct {
    tg_rules *rs;
    const char *file; /* owned by rs->files */
    size_t line;
    tagger_error *err;
} parser;

static tagger_status fail(parser *ps, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return tg_error_set(ps->err, TAGGER_ERR_LOAD, 0, "%s:%zu: %s", ps->file, ps->line, msg);
}

static tagger_status compile_rule(parser *ps, rule *r)
{
    if (!r->label || !r->pattern) {
        ps->line = r->line;
        return fail(ps, "rule %s has no %s", r->name, r->label ? "pattern" : "label");
    }
    /* b: the pattern with plain lists, which the prefilter reads and error
     * offsets refer to; t: with factored lists, which is matched */
    buf b = {0}, t = {0};
    char why[WHY_SIZE];
    /* word boundaries: the lookbehind also makes attempts in mid-word fail
     * at once, which matters for patterns that start with a word list */
    puts_(&b, "(?<![\\p{L}\\p{N}])(?:");
    puts_(&t, "(?<![\\p{L}\\p{N}])(?:");
    size_t prefix = b.n;
    if (!expand(ps->rs, r->pattern, &b, 0, 0, why) ||
        !expand(ps->rs, r->pattern, &t, 0, 1, why)) {
        free(b.s);
        free(t.s);
        size_t saved = ps->line;
        ps->line = r->line;
        tagger_status rc = fail(ps, "rule %s: %s", r->name, why);
        ps->line = saved;
        return rc;
    }
    size_t body_end = b.n;
    puts_(&b, ")(?![\\p{L}\\p{N}])");
    puts_(&t, ")(?![\\p{L}\\p{N}])");
    if (b.failed || t.failed) {
        free(b.s);
        free(t.s);
        return tg_error_set(ps->err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    int code;
    PCRE2_SIZE off;
    const uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK;
    r->code = pcre2_compile((PCRE2_SPTR)t.s, t.n, opts, &code, &off, NULL);
    if (!r->code) {
        /* the report names the offset in the plain form */
        pcre2_code *plain = pcre2_compile((PCRE2_SPTR)b.s, b.n, opts, &code, &off, NULL);
        if (plain) { /* cannot happen: lists are literal either way */
            pcre2_code_free(plain);
            off = prefix;
        }
        char msg[256];
        pcre2_get_error_message(code, (PCRE2_UCHAR *)msg, sizeof msg);
        ps->line = r->line;
        tagger_status rc = fail(ps, "rule %s: bad pattern at offset %zu of the expanded "
                                    "pattern: %s",
                                r->name, (size_t)off < prefix ? 0 : ((size_t)off > body_end ? body_end : (size_t)off) - prefix,
                                msg);
        free(b.s);
        free(t.s);
        return rc;
    }
    uint32_t groups = 0;
    pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &groups);
    if (groups + 1 > ps->rs->max_pairs)
        ps->rs->max_pairs = groups + 1;
    /* the prefilter's starters and the anchored twin of the pattern */
    find_starters(r, b.s + prefix, body_end - prefix);
    if (r->nlits + r->nclasses > 0 || r->before) {
        /* no start-of-match optimizations: see rules.h, "Matching" */
        r->anchored = pcre2_compile((PCRE2_SPTR)t.s, t.n,
                                    opts | PCRE2_ANCHORED | PCRE2_NO_START_OPTIMIZE, &code, &off,
                                    NULL);
        if (r->anchored && ps->rs->jit)
            r->anchored_jit = pcre2_jit_compile(r->anchored, PCRE2_JIT_COMPLETE) == 0;
    }
    free(b.s);
    free(t.s);
    return TAGGER_OK;
}

static tagger_status parse_example(parser *ps, rule *r, char *rest, int reject)
{
    rule_example *ex = realloc(r->examples, (r->nexamples + 1) * sizeof *ex);
    if (!ex)
        return tg_error_set(ps->err, TAGGER_ERR_NOMEM, 0, "out of memory");
    r->examples = ex;
    rule_example *e = &ex[r->nexamples];
    memset(e, 0, sizeof *e);
    e->reject = reject;
    e->line = ps->line;
    if (reject) {
        e->text = dup_s(rest);
    } else {
        char *arrow = strstr(rest, " => ");
        if (!arrow)
            return fail(ps, "example needs 'TEXT => SPAN [= VALUE]'");
        *arrow = '\0';
        char *span = arrow + 4;
        char *eq = strstr(span, " = ");
        if (eq) {
            *eq = '\0';
            e->value = dup_s(trim(eq + 3));
        }
        e->text = dup_s(trim(rest));
        e->span = dup_s(trim(span));
        if (!e->span || !*e->span || !strstr(e->text, e->span)) {
            r->nexamples++;
            return fail(ps, "example span '%s' does not occur in its text", e->span ? e->span : "");
        }
    }
    r->nexamples++;
    return TAGGER_OK;
}

/* Reads a whole rule or list file.  Only a regular file of at most
 * TG_MAX_RULE_FILE_BYTES is read: a list naming /dev/zero, a FIFO or a
 * terminal must not hang or exhaust the loader.  On failure *why says why. */
static char *read_text_file(const char *path, size_t *len, const char **why)
{
    size_t size;
    FILE *f = tg_datafile_fopen(path, &size, why);
    if (!f)
        return NULL;
    if (size > TG_MAX_RULE_FILE_BYTES) {
        *why = "larger than the limit of 64 MiB";
        fclose(f);
        return NULL;
    }
    buf b = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.n <= TG_MAX_RULE_FILE_BYTES)
        put(&b, chunk, n);
    int bad = ferror(f) != 0;
    fclose(f);
    if (b.failed || bad || b.n > TG_MAX_RULE_FILE_BYTES) {
        *why = b.failed ? "out of memory" : bad ? "read error" : "larger than the limit of 64 MiB";
        free(b.s);
        return NULL;
    }
    if (!b.s)
        b.s = dup_s("");
    *len = b.n;
    return b.s;
}

static tagger_status parse_top(parser *ps, char *line, rule **cur)
{
    tg_rules *rs = ps->rs;
    char *sp = strchr(line, ' ');
    if (!sp)
        return fail(ps, "expected 'list', 'define' or 'rule', found '%s'", line);
    *sp = '\0';
    char *rest = trim(sp + 1);
    if (strcmp(line, "rule") == 0) {
        rule *grown = realloc(rs->rules, (rs->nrules + 1) * sizeof *grown);
        if (!grown)
            return tg_error_set(ps->err, TAGGER_ERR_NOMEM, 0, "out of memory");
        rs->rules = grown;
        rule *r = &rs->rules[rs->nrules++];
        memset(r, 0, sizeof *r);
        r->name = dup_s(rest);
        r->file = ps->file;
        r->line = ps->line;
        *cur = r;
        return r->name ? TAGGER_OK : tg_error_set(ps->err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    *cur = NULL;
    int is_list = strcmp(line, "list") == 0;
    if (!is_list && strcmp(line, "define") != 0)
        return fail(ps, "expected 'list', 'define' or 'rule', found '%s'", line);
    size_t nlen = strcspn(rest, " =<");
    if (nlen == 0)
        return fail(ps, "%s needs a name", line);
    char *name = dup_n(rest, nlen);
    char *op = trim(rest + nlen);
    if (!name)
        return tg_error_set(ps->err, TAGGER_ERR_NOMEM, 0, "out of memory");
    if (find_list(rs, name, nlen) || find_define(rs, name, nlen)) {
        tagger_status rc = fail(ps, "'%s' is already defined", name);
        free(name);
        return rc;
    }
    if (!is_list) {
        if (*op != '=') {
            free(name);
            return fail(ps, "expected 'define NAME = PATTERN'");
        }
        rule_define *grown = realloc(rs->defines, (rs->ndefines + 1) * sizeof *grown);
        if (!grown) {
            free(name);
            return tg_error_set(ps->err, TAGGER_ERR_NOMEM, 0, "out of memory");
        }
        rs->defines = grown;
        rs->defines[rs->ndefines].name = name;
        rs->defines[rs->ndefines].text = dup_s(trim(op + 1));
        rs->ndefines++;
        return TAGGER_OK;
    }
    rule_list l;
    memset(&l, 0, sizeof l);
    l.name = name;
    const char *why;
    if (*op == '=') {
        why = build_list(rs, &l, trim(op + 1), '|');
    } else if (*op == '<') {
        /* path relative to the rule file */
        const char *rel = trim(op + 1);
        const char *slash = strrchr(ps->file, '/');
        buf path = {0};
        if (rel[0] != '/' && slash)
            put(&path, ps->file, (size_t)(slash - ps->file + 1));
        puts_(&path, rel);
        size_t len;
        const char *io_why = "out of memory";
        char *text = path.s ? read_text_file(path.s, &len, &io_why) : NULL;
        if (!text) {
            tagger_status rc = fail(ps, "list %s: cannot read list file '%s': %s", name,
                                    path.s ? path.s : rel, io_why);
            free(path.s);
            free(name);
            return rc;
        }
        size_t bad;
        if (!tg_utf8_valid(text, len, &bad)) {
            tagger_status rc = fail(ps, "list file '%s': invalid UTF-8 at byte %zu", path.s, bad);
            free(text);
            free(path.s);
            free(name);
            return rc;
        }
        free(path.s);
        why = build_list(rs, &l, text, '\n');
        free(text);
    } else {
        free(name);
        return fail(ps, "expected 'list NAME = a | b' or 'list NAME < FILE'");
    }
    if (why) {
        tagger_status rc = fail(ps, "list %s: %s", name, why);
        free(name);
        return rc;
    }
    rule_list *grown = realloc(rs->lists, (rs->nlists + 1) * sizeof *grown);
    if (!grown) {
        free(name);
        return tg_error_set(ps->err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    rs->lists = grown;
    rs->lists[rs->nlists++] = l;
    return TAGGER_OK;
}

static tagger_status parse_field(parser *ps, char *line, rule *r)
{
    if (!r)
        return fail(ps, "an indented line outside a rule");
    char *sp = strchr(line, ' ');
    char *rest = sp ? trim(sp + 1) : line + strlen(line);
    if (sp)
        *sp = '\0';
    if (strcmp(line, "label") == 0) {
        r->label = tg_label_name_of(rest);
        if (!r->label)
            return fail(ps, "unknown label '%s'", rest);
    } else if (strcmp(line, "priority") == 0) {
        char *end;
        long v = strtol(rest, &end, 10);
        if (!*rest || *end || v < -1000 || v > 1000)
            return fail(ps, "priority must be an integer from -1000 to 1000");
        r->priority = (int)v;
    } else if (strcmp(line, "value") == 0) {
        size_t k = 0;
        while (k < sizeof value_names / sizeof value_names[0] && strcmp(value_names[k], rest) != 0)
            k++;
        if (k == sizeof value_names / sizeof value_names[0])
            return fail(ps, "unknown value normalizer '%s'", rest);
        r->value = (value_kind)k;
    } else if (strcmp(line, "pattern") == 0) {
        if (r->pattern)
            return fail(ps, "rule %s has two patterns", r->name);
        r->pattern = dup_s(rest);
        r->line = ps->line;
    } else if (strcmp(line, "starts-before") == 0) {
        char *sp2 = strrchr(rest, ' ');
        char *end = NULL;
        long v = sp2 ? strtol(sp2 + 1, &end, 10) : 0;
        if (!sp2 || sp2 == rest || !end || *end || v < 1 || v > 4096)
            return fail(ps, "starts-before needs a literal and a distance from 1 to 4096 bytes");
        *sp2 = '\0';
        free(r->before);
        r->before = normalize_item(ps->rs->nz, rest, strlen(rest));
        if (!r->before || !*r->before || strchr(r->before, ' '))
            return fail(ps, "starts-before needs a literal without spaces");
        r->before_within = (size_t)v;
    } else if (strcmp(line, "confirm") == 0) {
        r->confirm = 1;
    } else if (strcmp(line, "absorb") == 0) {
        r->absorb = 1;
    } else if (strcmp(line, "example") == 0) {
        return parse_example(ps, r, rest, 0);
    } else if (strcmp(line, "reject") == 0) {
        return parse_example(ps, r, rest, 1);
    } else {
        return fail(ps, "unknown rule field '%s'", line);
    }
    return TAGGER_OK;
}

static tagger_status parse_file(parser *ps)
{
    size_t len;
    const char *why = "out of memory";
    char *text = read_text_file(ps->file, &len, &why);
    if (!text)
        return tg_error_set(ps->err, TAGGER_ERR_IO, 0, "cannot open '%s': %s", ps->file, why);
    size_t bad = len;
    int utf8_ok = tg_utf8_valid(text, len, &bad);
    const char *nul = memchr(text, '\0', utf8_ok ? len : bad);
    if (!utf8_ok || nul) {
        size_t at = nul ? (size_t)(nul - text) : bad, line = 1, col = 1;
        for (size_t i = 0; i < at; i++, col++)
            if (text[i] == '\n')
                line++, col = 0;
        free(text);
        return tg_error_set(ps->err, TAGGER_ERR_LOAD, at, "%s:%zu:%zu: %s (byte %zu)", ps->file,
                            line, col, nul ? "NUL byte" : "invalid UTF-8", at);
    }
    tagger_status rc = TAGGER_OK;
    rule *cur = NULL;
    ps->line = 0;
    for (char *line = text; rc == TAGGER_OK && line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        ps->line++;
        int indented = *line == ' ' || *line == '\t';
        char *t = trim(line);
        if (*t && *t != '#') {
            if (!indented) {
                if (cur)
                    rc = compile_rule(ps, cur);
                if (rc == TAGGER_OK)
                    rc = parse_top(ps, t, &cur);
            } else {
                rc = parse_field(ps, t, cur);
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    if (rc == TAGGER_OK && cur)
        rc = compile_rule(ps, cur);
    free(text);
    return rc;
}

tg_rules *tg_rules_load(const tg_normalizer *nz, const char *const *paths, size_t npaths,
                        tagger_error *err)
{
    return tg_rules_load_ex(nz, paths, npaths, NULL, err);
}

tg_rules *tg_rules_load_ex(const tg_normalizer *nz, const char *const *paths, size_t npaths,
                           const tg_rule_options *opt, tagger_error *err)
{
    tg_rules *rs = calloc(1, sizeof *rs);
    if (!rs || !(rs->files = calloc(npaths ? npaths : 1, sizeof *rs->files)) ||
        !(rs->mctx = pcre2_match_context_create(NULL)) || !(rs->calendars = tg_calendars_new())) {
        tg_rules_free(rs);
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    rs->nz = nz;
    rs->jit = opt ? opt->jit : 1;
    pcre2_set_match_limit(rs->mctx, opt ? opt->match_limit : TG_RULE_MATCH_LIMIT);
    pcre2_set_depth_limit(rs->mctx, opt ? opt->depth_limit : TG_RULE_DEPTH_LIMIT);
    for (size_t i = 0; i < npaths; i++) {
        rs->files[i] = dup_s(paths[i]);
        if (!rs->files[i]) {
            tg_rules_free(rs);
            tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
            return NULL;
        }
        rs->nfiles++;
        parser ps = {rs, rs->files[i], 0, err};
        if (parse_file(&ps) != TAGGER_OK) {
            tg_rules_free(rs);
            return NULL;
        }
    }
    if (!build_prefilter(rs)) {
        tg_rules_free(rs);
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    /* a rule with an anchored twin never scans unanchored, except a text of
     * 4 GiB or more: only the others need their scan compiled */
    for (size_t i = 0; rs->jit && i < rs->nrules; i++)
        if (!rs->rules[i].anchored) /* on failure PCRE2 falls back to the interpreter */
            pcre2_jit_compile(rs->rules[i].code, PCRE2_JIT_COMPLETE);
    return rs;
}

void tg_rules_free(tg_rules *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->nlists; i++) {
        rule_list *l = &rs->lists[i];
        for (size_t k = 0; k < l->n; k++) {
            free(l->keys[k]);
            free(l->values[k]);
        }
        free(l->keys);
        free(l->values);
        free(l->regex);
        free(l->trie);
        free(l->name);
    }
    free(rs->lists);
    for (size_t i = 0; i < rs->ndefines; i++) {
        free(rs->defines[i].name);
        free(rs->defines[i].text);
    }
    free(rs->defines);
    for (size_t i = 0; i < rs->nrules; i++) {
        rule *r = &rs->rules[i];
        free(r->name);
        free(r->pattern);
        free(r->before);
        pcre2_code_free(r->code);
        pcre2_code_free(r->anchored);
        free_strs(r->lits, r->nlits);
        free_strs(r->classes, r->nclasses);
        for (size_t k = 0; k < r->nexamples; k++) {
            free(r->examples[k].text);
            free(r->examples[k].span);
            free(r->examples[k].value);
        }
        free(r->examples);
    }
    free(rs->rules);
    for (size_t i = 0; i < rs->nfiles; i++)
        free(rs->files[i]);
    free(rs->files);
    pcre2_match_context_free(rs->mctx);
    tg_calendars_free(rs->calendars);
    free_prefilter(&rs->pf);
    free(rs);
}

size_t tg_rules_count(const tg_rules *rs)
{
    return rs ? rs->nrules : 0;
}

/* ----------------------------------------------------------------- values */

typedef struct {
    const tg_rules *rs;
    const rule *r;
    const char *subject;
    pcre2_match_data *md;
    const tg_doc_date *date;
} match_ctx;

/* The text of named group `name`, or 0 if the group is absent or unset. */
static int group(const match_ctx *c, const char *name, const char **s, size_t *n)
{
    int num = pcre2_substring_number_from_name(c->r->code, (PCRE2_SPTR)name);
    if (num <= 0 || (uint32_t)num >= pcre2_get_ovector_count(c->md))
        return 0;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->md);
    if (ov[2 * num] == PCRE2_UNSET)
        return 0;
    *s = c->subject + ov[2 * num];
    *n = ov[2 * num + 1] - ov[2 * num];
    return *n > 0;
}

static int group_int(const match_ctx *c, const char *name, int *v)
{
    const char *s;
    size_t n;
    double d;
    if (!group(c, name, &s, &n) || !tg_parse_number(s, n, &d) || d < 0 || d > 1e6)
        return 0;
    *v = (int)d;
    return (double)*v == d;
}

/* The value of group `name` in list `list`. */
static const char *group_list_value(const match_ctx *c, const char *name, const char *list)
{
    const char *s;
    size_t n;
    const rule_list *l = find_list(c->rs, list, strlen(list));
    if (!l || !group(c, name, &s, &n))
        return NULL;
    return list_value(l, s, n);
}

static char *format_date(int y, int m, int d)
{
    char b[32];
    if (d > 0)
        snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
    else
        snprintf(b, sizeof b, "%04d-%02d", y, m);
    return dup_s(b);
}

static char *calendar_date(const match_ctx *c, tg_calendar cal, const char *month_list,
                           int *invalid)
{
    const char *mv = group_list_value(c, "month", month_list);
    int m = mv ? atoi(mv) : 0, d = 0, y = 0, gy, gm, gd;
    if (m < 1 || m > 12)
        return NULL;
    int has_day = group_int(c, "day", &d);
    const char *ord = has_day ? NULL : group_list_value(c, "day", "ordinal_day");
    if (ord) {
        d = atoi(ord);
        has_day = 1;
    }
    if (group_int(c, "year", &y) && y < 100 && cal == TG_CAL_PERSIAN)
        y += y >= 40 ? 1300 : 1400; /* «۱۸ تیر ۷۸»: a two-digit Jalali year */
    else if (!group_int(c, "year", &y)) {
        if (!c->date->known || !has_day)
            return NULL;
        int cy, cm, cd;
        if (!tg_from_gregorian(c->rs->calendars, cal, c->date->y, c->date->m, c->date->d, &cy, &cm, &cd))
            return NULL;
        y = cy;
    }
    if (!has_day) /* month and year: only Gregorian months have an ISO form */
        return cal == TG_CAL_GREGORIAN && y >= 1 ? format_date(y, m, 0) : NULL;
    if (!tg_to_gregorian(c->rs->calendars, cal, y, m, d, &gy, &gm, &gd)) {
        *invalid = 1; /* a day the month does not have */
        return NULL;
    }
    return format_date(gy, gm, gd);
}

/* A weekday named relative to the document date (group `wd` in list
 * weekday, valued 1 Monday .. 7 Sunday; group `rel` in list week_relation):
 * "last" is the latest such day before the document date, "next" the first
 * after it; "last_week", "this_week" and "next_week" the day in the week
 * before, of or after the document date, weeks starting on Saturday as in
 * Iran.  No relation, no value: a bare weekday may be either side. */
static char *weekday_date(const match_ctx *c)
{
    const char *wv = group_list_value(c, "wd", "weekday");
    const char *rel = group_list_value(c, "rel", "week_relation");
    int want = wv ? atoi(wv) : 0, gy, gm, gd;
    if (want < 1 || want > 7 || !rel || !c->date->known)
        return NULL;
    int today = tg_weekday(c->rs->calendars, c->date->y, c->date->m, c->date->d);
    if (!today)
        return NULL;
    int back = (today - want + 7) % 7, ahead = (want - today + 7) % 7;
    int since_saturday = (today - 6 + 7) % 7, want_from_saturday = (want - 6 + 7) % 7;
    int delta;
    if (strcmp(rel, "last") == 0)
        delta = -(back ? back : 7);
    else if (strcmp(rel, "next") == 0)
        delta = ahead ? ahead : 7;
    else if (strcmp(rel, "last_week") == 0)
        delta = want_from_saturday - since_saturday - 7;
    else if (strcmp(rel, "this_week") == 0)
        delta = want_from_saturday - since_saturday;
    else if (strcmp(rel, "next_week") == 0)
        delta = want_from_saturday - since_saturday + 7;
    else
        return NULL;
    return tg_add_days(c->rs->calendars, c->date->y, c->date->m, c->date->d, delta, &gy, &gm,
                       &gd)
               ? format_date(gy, gm, gd)
               : NULL;
}

/* The value of the current match, or NULL.  Sets *invalid when the
 * groups are there but make no valid value (31 February, 25:70): such a
 * match is not an entity at all. */
static char *compute_value(const match_ctx *c, int *invalid)
{
    *invalid = 0;
    const char *s;
    size_t n;
    char num[64], out[128];
    double v;
    int y, m, d, gy, gm, gd;
    switch (c->r->value) {
    case VAL_NONE:
        return NULL;
    case VAL_DATE_JALALI:
        return calendar_date(c, TG_CAL_PERSIAN, "month_jalali", invalid);
    case VAL_DATE_GREGORIAN:
        return calendar_date(c, TG_CAL_GREGORIAN, "month_gregorian", invalid);
    case VAL_DATE_HIJRI:
        return calendar_date(c, TG_CAL_ISLAMIC, "month_hijri", invalid);
    case VAL_DATE_NUMERIC:
        if (!group_int(c, "year", &y) || !group_int(c, "month", &m) || !group_int(c, "day", &d))
            return NULL;
        if (y < 100) /* «۲۷/۳/۶۶», «۹۵.۳.۱۳»: a two-digit Jalali year, as above */
            y += y >= 40 ? 1300 : 1400;
        if (tg_to_gregorian(c->rs->calendars, y >= 1700 ? TG_CAL_GREGORIAN : TG_CAL_PERSIAN, y, m,
                            d, &gy, &gm, &gd))
            return format_date(gy, gm, gd);
        *invalid = 1;
        return NULL;
    case VAL_DATE_YEAR:
        if (!group_int(c, "year", &y) || y < 1700 || y > 2200)
            return NULL;
        snprintf(out, sizeof out, "%04d", y);
        return dup_s(out);
    case VAL_DATE_RELATIVE: {
        const char *off = group_list_value(c, "rel", "relative_day");
        if (!off || !c->date->known)
            return NULL;
        return tg_add_days(c->rs->calendars, c->date->y, c->date->m, c->date->d, atoi(off), &gy, &gm, &gd)
                   ? format_date(gy, gm, gd) : NULL;
    }
    case VAL_DATE_WEEKDAY:
        return weekday_date(c);
    case VAL_TIME: {
        int h, mi = 0;
        if (!group_int(c, "hour", &h)) {
            /* «ساعت هفت صبح»: an hour written as a word (list clock_hour) */
            const char *hv = group_list_value(c, "hour", "clock_hour");
            if (!hv)
                return NULL;
            h = atoi(hv);
        }
        if (group(c, "minute", &s, &n) && !group_int(c, "minute", &mi))
            return NULL;
        const char *period = group_list_value(c, "period", "period");
        if (period && strcmp(period, "pm") == 0 && h < 12)
            h += 12;
        else if (period && strcmp(period, "am") == 0 && h == 12)
            h = 0;
        if (h > 24 || mi > 59 || (h == 24 && mi > 0)) {
            *invalid = 1;
            return NULL;
        }
        snprintf(out, sizeof out, "%02d:%02d", h, mi);
        return dup_s(out);
    }
    case VAL_MONEY: {
        if (!group(c, "amount", &s, &n) || !tg_parse_number(s, n, &v))
            return NULL;
        const char *cur = group_list_value(c, "currency", "currency");
        if (!cur)
            return NULL;
        char code[16];
        double factor = 1;
        const char *star = strchr(cur, '*');
        snprintf(code, sizeof code, "%.*s", (int)(star ? (size_t)(star - cur) : strlen(cur)), cur);
        if (star)
            factor = strtod(star + 1, NULL);
        tg_format_number(v * factor, num, sizeof num);
        snprintf(out, sizeof out, "%s %s", num, code);
        return dup_s(out);
    }
    case VAL_PERCENT:
    case VAL_NUMBER:
        if (!group(c, "amount", &s, &n) || !tg_parse_number(s, n, &v))
            return NULL;
        tg_format_number(v, num, sizeof num);
        return dup_s(num);
    }
    return NULL;
}

/* --------------------------------------------------------------- matching */

/* The offset of the character after the one at `at`. */
static size_t next_char(const tg_normtext *nt, size_t at)
{
    size_t i = at + 1;
    while (i < nt->len && ((unsigned char)nt->text[i] & 0xC0) == 0x80)
        i++;
    return i;
}

/* Runs rule r left to right, non-overlapping with itself: with `cands`
 * (its candidate starts, ascending) through its anchored pattern, else with
 * an unanchored search.  An attempt that overflows the JIT's stack (32 KiB
 * of the machine stack: «۱ و ۱ و …» runs of a few hundred numbers) is run
 * again by the interpreter, which keeps its backtracking frames on the heap
 * under the depth limit.  An attempt that hits the match or depth limit is
 * counted in *cuts and skipped: the rule goes on at the next position.  As
 * an unanchored search does not tell at which start it hit a limit, the
 * rest of such a scan is an anchored attempt at each position. */
static tagger_status match_rule(const tg_rules *rs, const rule *r, const tg_normtext *nt,
                                const tg_doc_date *date, pcre2_match_data *md,
                                const uint32_t *cands, size_t ncands, tg_rule_match **out,
                                size_t *n, size_t *cap, tg_rule_cuts *cuts)
{
    match_ctx c = {rs, r, nt->text, md, date};
    PCRE2_SPTR text = (PCRE2_SPTR)nt->text;
    PCRE2_SIZE offset = 0;
    size_t next = 0;
    int e_num = pcre2_substring_number_from_name(r->code, (PCRE2_SPTR) "e");
    int stepping = 0; /* an unanchored search hit a limit: one start at a time */
    while (offset <= nt->len) {
        const pcre2_code *code = cands ? r->anchored : r->code;
        uint32_t opts = PCRE2_NO_UTF_CHECK | (stepping ? PCRE2_ANCHORED : 0);
        PCRE2_SIZE at = offset;
        int rc;
        if (cands) {
            while (next < ncands && cands[next] < offset)
                next++;
            if (next == ncands)
                break;
            at = cands[next++];
            /* the fast path skips pcre2_match's checks, which cost as much
             * as a failed attempt */
            rc = r->anchored_jit ? pcre2_jit_match(code, text, nt->len, at, 0, md, rs->mctx)
                                 : pcre2_match(code, text, nt->len, at, opts, md, rs->mctx);
        } else {
            rc = pcre2_match(code, text, nt->len, at, opts, md, rs->mctx);
        }
        if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
            rc = pcre2_match(code, text, nt->len, at, opts | PCRE2_NO_JIT, md, rs->mctx);
        if (rc == PCRE2_ERROR_NOMEMORY)
            return TAGGER_ERR_NOMEM;
        if (rc < 0 && !cands && !stepping) {
            if (rc == PCRE2_ERROR_NOMATCH)
                break;
            stepping = 1; /* find the start that hits the limit */
            continue;
        }
        if (rc < 0) {
            if (rc == PCRE2_ERROR_MATCHLIMIT)
                cuts->match++;
            else if (rc != PCRE2_ERROR_NOMATCH) /* the depth or heap limit */
                cuts->depth++;
            if (stepping)
                offset = next_char(nt, at);
            continue;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        size_t s = ov[0], e = ov[1];
        if (e_num > 0 && ov[2 * e_num] != PCRE2_UNSET) {
            s = ov[2 * e_num];
            e = ov[2 * e_num + 1];
        }
        while (s < e && nt->text[s] == ' ')
            s++;
        while (e > s && nt->text[e - 1] == ' ')
            e--;
        int invalid = 0;
        char *value = e > s ? compute_value(&c, &invalid) : NULL;
        if (e > s && !invalid) {
            if (*n == *cap) {
                size_t ncap = *cap ? *cap * 2 : 32;
                tg_rule_match *grown = realloc(*out, ncap * sizeof *grown);
                if (!grown) {
                    free(value);
                    return TAGGER_ERR_NOMEM;
                }
                *out = grown;
                *cap = ncap;
            }
            tg_rule_match *m = &(*out)[(*n)++];
            m->norm_start = s;
            m->norm_end = e;
            m->label = r->label;
            m->rule = r->name;
            m->priority = r->priority;
            m->confirm_only = r->confirm;
            m->absorb = r->absorb;
            m->value = value;
        }
        offset = ov[1] > ov[0] ? ov[1] : next_char(nt, ov[1]);
    }
    return TAGGER_OK;
}

typedef struct {
    uint32_t pos, rule;
} candidate;

/* The code point at byte i of t[0..len) as the prefilter classifies it:
 * itself below LOW_CPS, else LOW_CPS; its length in *clen. */
static uint32_t low_cp_at(const unsigned char *t, size_t i, size_t len, uint32_t *clen)
{
    unsigned char b = t[i];
    *clen = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 && i + 1 < len ? 2 : 1;
    if (*clen >= 3)
        return LOW_CPS;
    if (*clen == 2)
        return ((uint32_t)(b & 0x1F) << 6) | (t[i + 1] & 0x3F);
    return b;
}

/* Whether a match may start right after code point cp (the patterns' own
 * boundary: not after a letter or digit; LOW_CPS and up may be either). */
static int may_follow(const prefilter *pf, uint32_t cp)
{
    return cp >= LOW_CPS || !has_cp(pf->letter_or_number, cp);
}

/* Candidate starts of the filtered rules (see "prefilter"): sets *pos to
 * the positions of rule i in (*pos)[first[i] .. first[i+1]), ascending. */
static tagger_status find_candidates(const tg_rules *rs, const tg_normtext *nt, int only,
                                     uint32_t **pos, uint32_t *first)
{
    const prefilter *pf = &rs->pf;
    const unsigned char *t = (const unsigned char *)nt->text;
    size_t len = nt->len, n = 0, cap = 0;
    candidate *c = NULL;
    uint32_t *last = malloc(rs->nrules * sizeof *last);
    if (!last)
        return TAGGER_ERR_NOMEM;
    for (size_t i = 0; i < rs->nrules; i++)
        last[i] = UINT32_MAX;
#define ADD(rule_index)                                                                            \
    do {                                                                                           \
        uint32_t r_ = (rule_index);                                                                \
        if ((only < 0 || (uint32_t)only == r_) && last[r_] != i) {                                 \
            if (n == cap) {                                                                        \
                size_t ncap_ = cap ? cap * 2 : 256;                                                \
                candidate *grown_ = realloc(c, ncap_ * sizeof *grown_);                            \
                if (!grown_)                                                                       \
                    goto nomem;                                                                    \
                c = grown_;                                                                        \
                cap = ncap_;                                                                       \
            }                                                                                      \
            last[r_] = i;                                                                          \
            c[n++] = (candidate){i, r_};                                                           \
        }                                                                                          \
    } while (0)
    int boundary = 1; /* not after a letter or digit */
    for (uint32_t i = 0; i < len;) {
        unsigned char b = t[i];
        uint32_t clen, cp = low_cp_at(t, i, len, &clen);
        if (boundary) {
            size_t j = i;
            for (int32_t k = pf->root[b]; k >= 0;) {
                const trie_node *nd = &pf->nodes[k];
                for (uint32_t x = 0; x < nd->nrules; x++)
                    ADD(pf->rule_ids[nd->rules + x]);
                if (++j >= len)
                    break;
                for (k = nd->child; k >= 0 && pf->nodes[k].byte != t[j]; k = pf->nodes[k].sibling)
                    ;
            }
            if (cp < LOW_CPS)
                for (uint32_t x = pf->class_first[cp]; x < pf->class_first[cp + 1]; x++)
                    ADD(pf->class_ids[x]);
            else
                for (size_t x = 0; x < pf->nclass_any; x++)
                    ADD(pf->class_any[x]);
        }
        boundary = may_follow(pf, cp);
        i += clen;
    }
#undef ADD
    /* by rule, keeping the order of positions */
    memset(first, 0, (rs->nrules + 1) * sizeof *first);
    for (size_t k = 0; k < n; k++)
        first[c[k].rule + 1]++;
    for (size_t r = 0; r < rs->nrules; r++)
        first[r + 1] += first[r];
    *pos = malloc((n ? n : 1) * sizeof **pos);
    if (!*pos)
        goto nomem;
    for (size_t k = 0; k < n; k++)
        (*pos)[first[c[k].rule]++] = c[k].pos;
    /* first[r] now ends the positions of rule r */
    for (size_t r = rs->nrules; r > 0; r--)
        first[r] = first[r - 1];
    first[0] = 0;
    free(c);
    free(last);
    return TAGGER_OK;
nomem:
    free(c);
    free(last);
    return TAGGER_ERR_NOMEM;
}

/* Whether a match may start at byte p: not after a letter or digit (the
 * patterns' own boundary, as the prefilter classifies code points). */
static int boundary_at(const prefilter *pf, const unsigned char *t, size_t len, size_t p)
{
    if (p == 0)
        return 1;
    size_t q = p - 1;
    while (q > 0 && (t[q] & 0xC0) == 0x80)
        q--;
    uint32_t clen;
    return may_follow(pf, low_cp_at(t, q, len, &clen));
}

/* The candidate starts of a `starts-before` rule: the boundaries at most
 * before_within bytes before each occurrence of its literal, ascending. */
static tagger_status before_candidates(const tg_rules *rs, const rule *r, const tg_normtext *nt,
                                       uint32_t **out, size_t *n)
{
    const unsigned char *t = (const unsigned char *)nt->text;
    size_t lit = strlen(r->before), cap = 0, from = 0;
    *out = NULL;
    *n = 0;
    for (size_t q = 0; q + lit <= nt->len; q++) {
        const char *hit = memchr(nt->text + q, r->before[0], nt->len - lit + 1 - q);
        if (!hit)
            break;
        q = (size_t)(hit - nt->text);
        if (memcmp(hit, r->before, lit) != 0)
            continue;
        size_t p = q > r->before_within ? q - r->before_within : 0;
        if (p < from)
            p = from;
        for (; p <= q; p++) {
            if ((t[p] & 0xC0) == 0x80 || !boundary_at(&rs->pf, t, nt->len, p))
                continue;
            if (*n == cap) {
                size_t ncap = cap ? cap * 2 : 64;
                uint32_t *grown = realloc(*out, ncap * sizeof *grown);
                if (!grown) {
                    free(*out);
                    *out = NULL;
                    return TAGGER_ERR_NOMEM;
                }
                *out = grown;
                cap = ncap;
            }
            (*out)[(*n)++] = (uint32_t)p;
        }
        from = q + 1;
    }
    return TAGGER_OK;
}

tagger_status tg_rules_match(const tg_rules *rs, const tg_normtext *nt, const tg_doc_date *date,
                             int only, tg_rule_match **out, size_t *n, size_t *cap,
                             tg_rule_cuts *cuts)
{
    if (!rs || rs->nrules == 0)
        return TAGGER_OK;
    /* positions are 32-bit: a longer text is scanned without the prefilter */
    int filter = nt->len < UINT32_MAX;
    uint32_t *pos = NULL, *first = filter ? malloc((rs->nrules + 1) * sizeof *first) : NULL;
    pcre2_match_data *md = pcre2_match_data_create(rs->max_pairs, NULL);
    tagger_status rc = md && (first || !filter) ? TAGGER_OK : TAGGER_ERR_NOMEM;
    if (rc == TAGGER_OK && filter)
        rc = find_candidates(rs, nt, only, &pos, first);
    for (size_t i = 0; i < rs->nrules && rc == TAGGER_OK; i++) {
        if (only >= 0 && (size_t)only != i)
            continue;
        const rule *r = &rs->rules[i];
        if (filter && r->before && r->anchored) {
            uint32_t *near = NULL;
            size_t nnear = 0;
            rc = before_candidates(rs, r, nt, &near, &nnear);
            if (rc == TAGGER_OK && nnear > 0)
                rc = match_rule(rs, r, nt, date, md, near, nnear, out, n, cap, cuts);
            free(near);
            continue;
        }
        if (filter && r->anchored) {
            size_t ncands = first[i + 1] - first[i];
            if (ncands > 0) /* else no match can start anywhere */
                rc = match_rule(rs, r, nt, date, md, pos + first[i], ncands, out, n, cap,
                                cuts);
        } else {
            rc = match_rule(rs, r, nt, date, md, NULL, 0, out, n, cap, cuts);
        }
    }
    pcre2_match_data_free(md);
    free(pos);
    free(first);
    return rc;
}

void tg_rule_matches_free(tg_rule_match *m, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(m[i].value);
    free(m);
}

/* ---------------------------------------------------------------- examples */

static void report_line(void (*report)(void *, const char *), void *ud, const char *fmt, ...)
{
    if (!report) /* tagger_rules_test documents report as optional */
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    report(ud, line);
}

/* Runs one example; returns 1 if it passes. */
static int run_example(const tg_rules *rs, size_t ri, const rule_example *ex,
                       void (*report)(void *, const char *), void *ud)
{
    const rule *r = &rs->rules[ri];
    tg_normtext nt;
    if (tg_normalize(rs->nz, ex->text, strlen(ex->text), &nt, NULL) != TAGGER_OK) {
        report_line(report, ud, "%s:%zu: rule %s: example text is not valid UTF-8", r->file,
                    ex->line, r->name);
        return 0;
    }
    tg_rule_match *m = NULL;
    size_t n = 0, cap = 0;
    tg_rule_cuts cuts = {0, 0};
    tg_doc_date nodate = {0, 0, 0, 0};
    int ok = tg_rules_match(rs, &nt, &nodate, (int)ri, &m, &n, &cap, &cuts) == TAGGER_OK;
    buf got = {0};
    int found = 0;
    size_t want_start = ex->reject ? 0 : (size_t)(strstr(ex->text, ex->span) - ex->text);
    size_t want_end = ex->reject ? 0 : want_start + strlen(ex->span);
    for (size_t i = 0; ok && i < n; i++) {
        size_t os = nt.ostart[m[i].norm_start], oe = nt.oend[m[i].norm_end - 1];
        if (got.n)
            puts_(&got, ", ");
        puts_(&got, "[");
        put(&got, ex->text + os, oe - os);
        puts_(&got, "]");
        if (m[i].value) {
            puts_(&got, " = ");
            puts_(&got, m[i].value);
        }
        if (!ex->reject && os == want_start && oe == want_end &&
            ((!ex->value && !m[i].value) ||
             (ex->value && m[i].value && strcmp(ex->value, m[i].value) == 0)))
            found = 1;
    }
    int pass = ok && (ex->reject ? n == 0 : found);
    if (!pass) {
        if (ex->reject)
            report_line(report, ud, "%s:%zu: rule %s: reject '%s' matched %s", r->file, ex->line,
                        r->name, ex->text, got.s ? got.s : "");
        else
            report_line(report, ud, "%s:%zu: rule %s: example '%s': want [%s]%s%s, got %s",
                        r->file, ex->line, r->name, ex->text, ex->span, ex->value ? " = " : "",
                        ex->value ? ex->value : "", got.s ? got.s : "nothing");
    }
    free(got.s);
    tg_rule_matches_free(m, n);
    tg_normtext_free(&nt);
    return pass;
}

size_t tg_rules_test(const tg_rules *rs, void (*report)(void *ud, const char *line), void *ud,
                     size_t *total)
{
    size_t failed = 0, run = 0;
    for (size_t i = 0; i < rs->nrules; i++)
        for (size_t k = 0; k < rs->rules[i].nexamples; k++) {
            run++;
            failed += !run_example(rs, i, &rs->rules[i].examples[k], report, ud);
        }
    *total = run;
    return failed;
}
