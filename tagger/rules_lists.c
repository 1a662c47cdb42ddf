/*
 * rules_lists — the word lists of rule files (`list NAME = a | b:value`,
 * `list NAME < FILE`).
 *
 * Items are normalized like the text (ZWNJ first becomes a space, so that
 * «ربیع‌الاول» and «ربيع الاول» are one item), and a space inside an item
 * matches a space or nothing.  A list keeps its items' keys (spaces
 * removed, sorted, for looking values up by the matched text) and two
 * regexes: the plain alternation, longest item first, which the prefilter
 * reads, and the same alternatives factored by common prefix, which is
 * what patterns match.
 *
 * List tries
 * ----------
 * A list of many words as a plain alternation costs PCRE2 one failed
 * attempt per item at every position it is tried; the same items factored
 * by common prefix («یک|یازده» → «ی(?:ک|ازده)») fail after a character or
 * two.  The factored form keeps the plain one's preference: items are
 * inserted longest first, so a node's branches come in the order of their
 * longest item, and an item ending at a node is tried after every longer
 * item through it (a greedy `?`).  Units are whole code points (a UTF
 * pattern may not split one) and the optional space `\h?`.
 */
#include "rules_internal.h"

rule_list *tg_rules_find_list(const tg_rules *rs, const char *name, size_t n)
{
    for (size_t i = 0; i < rs->nlists; i++)
        if (n && rs->lists[i].name[0] == name[0] && strlen(rs->lists[i].name) == n &&
            memcmp(rs->lists[i].name, name, n) == 0)
            return &rs->lists[i];
    return NULL;
}

const char *tg_rules_list_value(const rule_list *l, const char *s, size_t n)
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

char *tg_rules_normalize_item(const tg_normalizer *nz, const char *s, size_t n)
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
    char *out = malloc(k + 1); /* nt's text is not a block of its own (normalize.c) */
    if (out)
        memcpy(out, nt.text, k + 1);
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
    size_t n = 0, len = utf8_len((unsigned char)*s);
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

/* A root with at least this many branches is preceded by a lookahead
 * class of their first units (docs/performance.md, speed41). */
#define LIST_GATE_MIN 18

/* The factored regex of items (sorted longest first), or NULL. */
static char *list_trie_regex(const list_item *items, size_t n)
{
    list_node root = {0};
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++)
        ok = node_insert(&root, items[i].norm);
    buf re = {0};
    /* every item begins with one of the root's units: a class of them
     * rejects a position in one test, not one failed branch each */
    int gate = ok && root.nkids >= LIST_GATE_MIN;
    for (size_t i = 0; gate && i < root.nkids; i++)
        gate = root.kids[i]->unit[0] != '\\' || root.kids[i]->unit[1] != 'h';
    if (gate) {
        puts_(&re, "(?=[");
        for (size_t i = 0; i < root.nkids; i++)
            puts_(&re, root.kids[i]->unit);
        puts_(&re, "])");
    }
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

const char *tg_rules_build_list(const tg_rules *rs, rule_list *l, const char *text, char sep)
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
            it->norm = tg_rules_normalize_item(rs->nz, item, strlen(item));
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

void tg_rules_free_list(rule_list *l)
{
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
