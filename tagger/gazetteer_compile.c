/*
 * gazetteer_compile — TSV sources to the compiled image.
 *
 * Each line of a source (gazetteer.h has the format) becomes an entity and
 * its aliases; each alias is reduced to its matching key (tg_normalize_key:
 * normalized, spaces removed) and kept as a *pending* record with its
 * priority and source order.  Strings go to one pool (offset 0 the empty
 * string; a list name once per file; an alias spelled like its name shares
 * the name's string).  Errors name file:line:column in code points.
 *
 * Then kb_ids are checked for duplicates across all sources, the pending
 * records are sorted by key (then priority, high first, then source order),
 * repeats of the same (key, entity) dropped, and each unique key becomes
 * one trie key with its range of records (gazetteer_trie.c builds the
 * trie); gazetteer_file.c writes the image.
 */
#include "gazetteer_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datafile.h"
#include "error.h"
#include "gazetteer_trie.h"
#include "labels.h"

typedef struct {
    char *data;
    size_t len, cap;
} strbuf;

/* Appends s[0..n) and a NUL; returns its offset or UINT32_MAX on failure. */
static uint32_t pool_add(strbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > UINT32_MAX - 1)
        return UINT32_MAX;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d)
            return UINT32_MAX;
        b->data = d;
        b->cap = cap;
    }
    uint32_t off = (uint32_t)b->len;
    memcpy(b->data + b->len, s, n);
    b->data[b->len + n] = '\0';
    b->len += n + 1;
    return off;
}

typedef struct {
    char *key;
    uint32_t keylen, entity, alias, flags, order;
    int32_t priority;
} pending;

typedef struct {
    const char *path;
    gaz_entity *entities;
    size_t nent, capent;
    pending *aliases;
    size_t nal, capal;
    uint32_t *ent_line; /* line of each entity, for duplicate reports */
    const char **ent_file;
    strbuf pool;
    const tg_normalizer *nz;
    size_t max_key; /* longest alias key accepted, in bytes */
} compiler;

static void compiler_free(compiler *c)
{
    for (size_t i = 0; i < c->nal; i++)
        free(c->aliases[i].key);
    free(c->aliases);
    free(c->entities);
    free(c->ent_line);
    free(c->ent_file);
    free(c->pool.data);
}

/* Column (1-based, in code points) of byte `off` within `line`. */
static size_t column_of(const char *line, size_t off)
{
    size_t col = 1;
    for (size_t i = 0; i < off; i++)
        col += ((unsigned char)line[i] & 0xC0) != 0x80;
    return col;
}

#define PARSE_ERR(off, ...)                                                       \
    do {                                                                          \
        char msg_[300];                                                           \
        snprintf(msg_, sizeof msg_, __VA_ARGS__);                                 \
        return tg_error_set(err, TAGGER_ERR_LOAD, 0, "%s:%zu:%zu: %s", c->path,   \
                            lineno, column_of(line, (size_t)(off)), msg_);        \
    } while (0)

/* Adds alias a[0..n) of `entity`, whose canonical name is name[0..name_len)
 * at pool offset name_off: an alias spelled like the name shares its string. */
static tagger_status add_alias(compiler *c, const char *line, size_t lineno,
                               const char *a, size_t n, uint32_t entity,
                               int32_t priority, const char *name, size_t name_len,
                               uint32_t name_off, tagger_error *err)
{
    uint32_t flags = 0;
    size_t at = (size_t)(a - line);
    while (n > 0 && (*a == '=' || *a == '?')) {
        flags |= *a == '=' ? TG_ALIAS_CASE : TG_ALIAS_AMBIGUOUS;
        a++;
        n--;
    }
    while (n > 0 && a[0] == ' ')
        a++, n--;
    while (n > 0 && a[n - 1] == ' ')
        n--;
    if (n == 0)
        PARSE_ERR(at, "empty alias");
    size_t keylen;
    char *key = tg_normalize_key(c->nz, a, n, &keylen);
    if (!key)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    if (keylen == 0 || keylen > c->max_key) {
        free(key);
        PARSE_ERR(at, keylen ? "alias longer than %zu bytes once normalized"
                             : "alias normalizes to nothing",
                  c->max_key);
    }
    if (c->nal == c->capal) {
        size_t cap = c->capal ? c->capal * 2 : 1024;
        pending *p = realloc(c->aliases, cap * sizeof *p);
        if (!p) {
            free(key);
            return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        }
        c->aliases = p;
        c->capal = cap;
    }
    uint32_t alias = n == name_len && memcmp(a, name, n) == 0 ? name_off
                                                              : pool_add(&c->pool, a, n);
    if (alias == UINT32_MAX) {
        free(key);
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    pending *p = &c->aliases[c->nal];
    p->key = key;
    p->keylen = (uint32_t)keylen;
    p->entity = entity;
    p->alias = alias;
    p->flags = flags;
    p->order = (uint32_t)c->nal;
    p->priority = priority;
    c->nal++;
    return TAGGER_OK;
}

/* "PERSON, ORG, … or PERCENT": the labels of labels.h, for errors. */
static const char *label_names(char *b, size_t size)
{
    size_t n = 0;
    b[0] = '\0';
    for (size_t i = 0; i < TG_NLABELS && n < size; i++)
        n += (size_t)snprintf(b + n, size - n, "%s%s",
                              i == 0 ? "" : i + 1 < TG_NLABELS ? ", " : " or ",
                              tg_labels[i].name);
    return b;
}

/* Appends `evidence=` and the normalized words of the value v[0..n) of an
 * evidence column to *ids: `|`-separated words, each one token once
 * normalized, optionally marked `<` (the token just before the alias) or `>`
 * (just after); `#` stands for any number.  Errors name the word's column. */
static tagger_status add_evidence(const compiler *c, const char *line, size_t lineno,
                                  const char *v, size_t n, strbuf *ids, tagger_error *err)
{
    if (n == 0)
        PARSE_ERR(v - line, "evidence= needs at least one word (evidence=WORD|<WORD|>WORD)");
    if (ids->len && ids->data)
        ids->data[ids->len - 1] = ' '; /* join with a space */
    int ok = pool_add(ids, "evidence", 8) != UINT32_MAX;
    for (const char *w = v, *end = v + n; ok;) {
        const char *bar = memchr(w, '|', (size_t)(end - w));
        const char *stop = bar ? bar : end;
        const char *word = w + (w < stop && (*w == '<' || *w == '>'));
        size_t keylen = 0;
        char *key = NULL;
        if (word < stop && !memchr(word, ' ', (size_t)(stop - word)) &&
            !(key = tg_normalize_key(c->nz, word, (size_t)(stop - word), &keylen)))
            break;
        if (!key || keylen == 0) {
            free(key);
            if (word == stop)
                PARSE_ERR(w - line, "empty word in evidence= (words are separated by one '|')");
            PARSE_ERR(w - line, "evidence word '%.*s' is not one word (no spaces; marks: <WORD, >WORD)",
                      (int)(stop - w > 40 ? 40 : stop - w), w);
        }
        /* "evidence" then "=" or "|", the mark, the key: each pool_add's NUL
         * is overwritten by the next piece */
        ids->data[ids->len - 1] = w == v ? '=' : '|';
        if (word > w && (ok = pool_add(ids, w, 1) != UINT32_MAX))
            ids->len--; /* the mark, then the word */
        ok = ok && pool_add(ids, key, keylen) != UINT32_MAX;
        free(key);
        if (!bar)
            return ok ? TAGGER_OK : tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        w = bar + 1;
    }
    return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
}

/* The extra columns col[4..ncol) of a line: priority=N into *priority,
 * name_fa=NAME into fa[k] (column index, 0 if none), evidence=WORD|… into
 * ev[k] and, normalized, *ids; the other key=value pairs joined with spaces
 * into *ids; wikidata=Q… also into qid[k], label=list (the only label= value)
 * also into *list_label. */
static tagger_status parse_extras(const compiler *c, const char *line, size_t lineno,
                                  const char *const *col, const size_t *clen, size_t ncol,
                                  int32_t *priority, strbuf *ids, size_t *qid, size_t *fa,
                                  size_t *ev, int *list_label, tagger_error *err)
{
    for (size_t k = 4; k < ncol; k++) {
        const char *eq = memchr(col[k], '=', clen[k]);
        if (clen[k] == 0)
            continue;
        if (!eq || eq == col[k])
            PARSE_ERR(col[k] - line, "expected key=value, found '%.*s'",
                      (int)(clen[k] > 40 ? 40 : clen[k]), col[k]);
        size_t klen = (size_t)(eq - col[k]);
        if (klen == 8 && memcmp(col[k], "priority", 8) == 0) {
            char num[16];
            size_t vlen = clen[k] - klen - 1;
            char *end;
            snprintf(num, sizeof num, "%.*s", (int)(vlen < 15 ? vlen : 15), eq + 1);
            long v = strtol(num, &end, 10);
            if (vlen == 0 || vlen > 6 || *end != '\0')
                PARSE_ERR(eq + 1 - line, "priority must be an integer from -99999 to 999999");
            *priority = (int32_t)v;
        } else if (klen == 7 && memcmp(col[k], "name_fa", 7) == 0) {
            *fa = k;
        } else if (klen == 8 && memcmp(col[k], "evidence", 8) == 0) {
            if (*ev)
                PARSE_ERR(col[k] - line, "evidence= given twice (one column, words separated by '|')");
            *ev = k;
            tagger_status rc = add_evidence(c, line, lineno, eq + 1, clen[k] - klen - 1, ids, err);
            if (rc != TAGGER_OK)
                return rc;
        } else {
            if (klen == 8 && memcmp(col[k], "wikidata", 8) == 0)
                *qid = k;
            if (klen == 5 && memcmp(col[k], "label", 5) == 0) {
                if (clen[k] != 10 || memcmp(eq + 1, "list", 4) != 0)
                    PARSE_ERR(eq + 1 - line, "label= takes one value: list (label=list)");
                *list_label = 1;
            }
            if (ids->len && ids->data)
                ids->data[ids->len - 1] = ' '; /* join with a space */
            if (pool_add(ids, col[k], clen[k]) == UINT32_MAX)
                return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        }
    }
    return TAGGER_OK;
}

/* Parses one non-comment line. */
static tagger_status parse_line(compiler *c, const char *line, size_t len,
                                size_t lineno, uint32_t list, tagger_error *err)
{
    const char *col[64];
    size_t clen[64], ncol = 0;
    for (size_t i = 0, start = 0; i <= len; i++) {
        if (i == len || line[i] == '\t') {
            if (ncol == 64)
                PARSE_ERR(i, "too many columns");
            col[ncol] = line + start;
            clen[ncol++] = i - start;
            start = i + 1;
        }
    }
    if (ncol < 3)
        PARSE_ERR(len, "expected at least 3 tab-separated columns (kb_id, label, name), found %zu",
                  ncol);
    if (clen[0] == 0)
        PARSE_ERR(0, "empty kb_id");
    for (size_t i = 0; i < clen[0]; i++)
        if (col[0][i] == ' ')
            PARSE_ERR(i, "kb_id contains a space");
    int label = tg_label_find(col[1], clen[1]);
    char names[160];
    if (label < 0)
        PARSE_ERR(col[1] - line, "unknown label '%.*s' (expected %s)",
                  (int)(clen[1] > 40 ? 40 : clen[1]), col[1], label_names(names, sizeof names));
    if (clen[2] == 0)
        PARSE_ERR(col[2] - line, "empty canonical name");

    int32_t priority = 0;
    strbuf ids = {0};
    size_t qid = 0, fa = 0, ev = 0;
    int list_label = 0;
    tagger_status rc = parse_extras(c, line, lineno, col, clen, ncol, &priority, &ids,
                                    &qid, &fa, &ev, &list_label, err);
    if (rc != TAGGER_OK) {
        free(ids.data);
        return rc;
    }

    if (c->nent == c->capent) {
        size_t cap = c->capent ? c->capent * 2 : 1024;
        gaz_entity *e = realloc(c->entities, cap * sizeof *e);
        uint32_t *l = e ? realloc(c->ent_line, cap * sizeof *l) : NULL;
        if (e)
            c->entities = e;
        if (l)
            c->ent_line = l;
        const char **f = l ? realloc(c->ent_file, cap * sizeof *f) : NULL;
        if (!f) {
            free(ids.data);
            return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        }
        c->ent_file = f;
        c->capent = cap;
    }
    uint32_t entity = (uint32_t)c->nent;
    gaz_entity *e = &c->entities[c->nent];
    e->kb_id = pool_add(&c->pool, col[0], clen[0]);
    e->name = pool_add(&c->pool, col[2], clen[2]);
    /* offset 0 of the pool is the empty string (tg_gazetteer_compile) */
    e->ids = ids.data ? pool_add(&c->pool, ids.data, ids.len - 1) : 0;
    e->list = list;
    e->label = (uint32_t)label;
    e->wikidata = qid && clen[qid] > 9 ? pool_add(&c->pool, col[qid] + 9, clen[qid] - 9) : 0;
    e->name_fa = fa && clen[fa] > 8 ? pool_add(&c->pool, col[fa] + 8, clen[fa] - 8) : 0;
    free(ids.data);
    if (e->kb_id == UINT32_MAX || e->name == UINT32_MAX || e->ids == UINT32_MAX ||
        e->wikidata == UINT32_MAX || e->name_fa == UINT32_MAX)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    c->ent_line[c->nent] = (uint32_t)lineno;
    c->ent_file[c->nent] = c->path;
    c->nent++;

    /* explicit aliases first: when the canonical name has the same key as
     * one of them, the explicit alias (and its markers) is the one kept */
    if (ncol > 3 && clen[3] > 0) {
        const char *a = col[3], *end = col[3] + clen[3];
        for (;;) {
            const char *bar = memchr(a, '|', (size_t)(end - a));
            const char *stop = bar ? bar : end;
            /* "a||b" or a stray '|' makes an empty alias: an error, like "?" */
            rc = add_alias(c, line, lineno, a, (size_t)(stop - a), entity, priority,
                           col[2], clen[2], e->name, err);
            if (rc != TAGGER_OK || !bar)
                break;
            a = bar + 1;
        }
    }
    if (rc == TAGGER_OK)
        rc = add_alias(c, line, lineno, col[2], clen[2], entity, priority, col[2], clen[2],
                       c->entities[entity].name, err);
    if (rc != TAGGER_OK)
        return rc;
    /* label=list is for all the line's aliases: they carry the mark */
    for (size_t i = c->nal; list_label && i > 0 && c->aliases[i - 1].entity == entity;
         i--)
        c->aliases[i - 1].flags |= TG_ALIAS_LIST_LABEL;
    if (!ev)
        return rc;
    /* evidence= is for the line's ambiguous aliases: they carry the mark */
    int marked = 0;
    for (size_t i = c->nal; i > 0 && c->aliases[i - 1].entity == entity; i--)
        if (c->aliases[i - 1].flags & TG_ALIAS_AMBIGUOUS) {
            c->aliases[i - 1].flags |= TG_ALIAS_EVIDENCE;
            marked = 1;
        }
    if (!marked)
        PARSE_ERR(col[ev] - line, "evidence= but no ambiguous alias ('?'): only those need evidence");
    return rc;
}

/* "gazetteers/fa/people.tsv" → "fa/people.tsv": the list name in output. */
static const char *list_name(const char *path)
{
    const char *last = strrchr(path, '/');
    if (!last)
        return path;
    const char *p = last;
    while (p > path && p[-1] != '/')
        p--;
    return p;
}

static tagger_status parse_file(compiler *c, const char *path, tagger_error *err)
{
    size_t size;
    const char *why;
    FILE *f = tg_datafile_fopen(path, &size, &why);
    if (!f)
        return tg_datafile_open_error(path, NULL, why, err);
    c->path = path;
    /* the list name is stored once per file; entities share it */
    const char *lname = list_name(path);
    uint32_t list = pool_add(&c->pool, lname, strlen(lname));
    if (list == UINT32_MAX) {
        fclose(f);
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    tagger_status rc = TAGGER_OK;
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    while (rc == TAGGER_OK && (n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        size_t len = (size_t)n;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        size_t bad;
        if (memchr(line, '\0', len)) {
            size_t off = (size_t)((char *)memchr(line, '\0', len) - line);
            rc = tg_error_set(err, TAGGER_ERR_LOAD, 0, "%s:%zu:%zu: NUL byte", path, lineno,
                              column_of(line, off));
            break;
        }
        if (!tg_utf8_valid(line, len, &bad)) {
            rc = tg_error_set(err, TAGGER_ERR_LOAD, 0, "%s:%zu:%zu: invalid UTF-8", path,
                              lineno, column_of(line, bad));
            break;
        }
        const char *s = line;
        if (lineno == 1 && len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
            s += 3, len -= 3;
        size_t k = 0;
        while (k < len && (s[k] == ' ' || s[k] == '\t'))
            k++;
        if (k == len || s[k] == '#')
            continue;
        rc = parse_line(c, s, len, lineno, list, err);
    }
    if (rc == TAGGER_OK)
        rc = tg_datafile_lines_end(f, path, lineno + 1, err);
    free(line);
    fclose(f);
    return rc;
}

static int cmp_pending(const void *a, const void *b)
{
    const pending *x = a, *y = b;
    uint32_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
    int c = memcmp(x->key, y->key, n);
    if (c)
        return c;
    if (x->keylen != y->keylen)
        return x->keylen < y->keylen ? -1 : 1;
    if (x->priority != y->priority)
        return x->priority > y->priority ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

typedef struct {
    const char *kb; /* into the finished pool */
    uint32_t entity;
} kb_ref;

static int cmp_kbref(const void *a, const void *b)
{
    const kb_ref *x = a, *y = b;
    int c = strcmp(x->kb, y->kb);
    return c ? c : (x->entity > y->entity) - (x->entity < y->entity);
}

/* Duplicate kb_ids across all sources are an error naming both places,
 * except a line of another file with the same label and canonical name:
 * it adds aliases to that entry (an English list gives «لاوروف»'s
 * sergey-lavrov its English aliases), and its matches name its own file. */
static tagger_status check_duplicates(const compiler *c, tagger_error *err)
{
    size_t n = c->nent;
    kb_ref *refs = malloc((n ? n : 1) * sizeof *refs);
    if (!refs)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    for (size_t i = 0; i < n; i++) {
        refs[i].kb = c->pool.data + c->entities[i].kb_id;
        refs[i].entity = (uint32_t)i;
    }
    qsort(refs, n, sizeof *refs, cmp_kbref);
    tagger_status rc = TAGGER_OK;
    size_t first = 0; /* the group of refs[i]'s kb_id starts here */
    for (size_t i = 1; i < n && rc == TAGGER_OK; i++) {
        if (strcmp(refs[i - 1].kb, refs[i].kb) != 0) {
            first = i;
            continue;
        }
        uint32_t a = refs[first].entity, z = refs[i].entity;
        const gaz_entity *ea = &c->entities[a], *ez = &c->entities[z];
        int other_file = 1;
        for (size_t j = first; j < i; j++)
            if (strcmp(c->ent_file[refs[j].entity], c->ent_file[z]) == 0)
                other_file = 0;
        if (!other_file || ea->label != ez->label ||
            strcmp(c->pool.data + ea->name, c->pool.data + ez->name) != 0) {
            rc = tg_error_set(err, TAGGER_ERR_LOAD, 0,
                              "%s:%u:1: duplicate kb_id '%s' (first defined at %s:%u)",
                              c->ent_file[z], c->ent_line[z], refs[i].kb, c->ent_file[a],
                              c->ent_line[a]);
        }
    }
    free(refs);
    return rc;
}

/* Whether pending record p, a repeat of its entity under key k, is a
 * case-sensitive alias whose letters no record of that entity under k has
 * ("=Nato" after "=NATO": each matches only its own letters, so both stay;
 * at most one of them matches a given text). */
static int other_letters(const compiler *c, const gaz_record *records, const tg_trie_key *k,
                         const pending *p)
{
    if (!(p->flags & TG_ALIAS_CASE))
        return 0;
    for (uint32_t r = k->rec_first; r < k->rec_first + k->rec_count; r++)
        if (records[r].entity == p->entity &&
            (!(records[r].flags & TG_ALIAS_CASE) ||
             strcmp(c->pool.data + records[r].alias, c->pool.data + p->alias) == 0))
            return 0;
    return 1;
}

/* Sorts the pending records by key and groups them: records[] in key
 * order, keys[] the unique keys with their ranges of records, into the
 * counts of *s.  Repeats of the same (key, entity) are dropped, but for a
 * case-sensitive alias of other letters (other_letters): key_of[e] is 1 +
 * the last key that took a record of entity e, so a repeat costs one
 * look-up however many entities share the key.  Returns 0 when out of
 * memory. */
static int group_records(compiler *c, gaz_record *records, tg_trie_key *keys,
                         gaz_sections *s)
{
    if (c->nal > 1)
        qsort(c->aliases, c->nal, sizeof *c->aliases, cmp_pending);
    uint32_t *key_of = calloc(c->nent ? c->nent : 1, sizeof *key_of);
    if (!key_of)
        return 0;
    size_t nrec = 0, nkeys = 0, max_key = 0;
    for (size_t i = 0; i < c->nal; i++) {
        const pending *p = &c->aliases[i];
        int new_key = nkeys == 0 || keys[nkeys - 1].len != p->keylen ||
                      memcmp(keys[nkeys - 1].bytes, p->key, p->keylen) != 0;
        if (new_key) {
            keys[nkeys++] = (tg_trie_key){p->key, p->keylen, (uint32_t)nrec, 0};
            if (p->keylen > max_key)
                max_key = p->keylen;
        } else if (key_of[p->entity] == nkeys && !other_letters(c, records, &keys[nkeys - 1], p)) {
            continue;
        }
        key_of[p->entity] = (uint32_t)nkeys;
        records[nrec].entity = p->entity;
        records[nrec].alias = p->alias;
        records[nrec].priority = p->priority;
        records[nrec].flags = (uint16_t)p->flags;
        records[nrec].label = (uint8_t)c->entities[p->entity].label;
        records[nrec].spare = 0;
        nrec++;
        keys[nkeys - 1].rec_count++;
    }
    free(key_of);
    s->n_records = nrec;
    s->n_keys = nkeys;
    s->max_key = max_key;
    return 1;
}

tagger_status tg_gazetteer_compile(const tg_normalizer *nz, const char *const *paths,
                                   size_t npaths, size_t key_limit, void **image, size_t *size,
                                   tagger_error *err)
{
    compiler c;
    memset(&c, 0, sizeof c);
    c.nz = nz;
    c.max_key = key_limit;
    tagger_status rc = TAGGER_OK;
    gaz_record *records = NULL;
    tg_trie_key *keys = NULL;
    unsigned char *trie = NULL;
    gaz_sections s;
    memset(&s, 0, sizeof s);
    *image = NULL;
    *size = 0;

    if (pool_add(&c.pool, "", 0) != 0) /* offset 0: the empty string */
        goto nomem;
    for (size_t i = 0; rc == TAGGER_OK && i < npaths; i++)
        rc = parse_file(&c, paths[i], err);
    if (rc == TAGGER_OK)
        rc = check_duplicates(&c, err);
    if (rc != TAGGER_OK)
        goto done;

    records = malloc((c.nal ? c.nal : 1) * sizeof *records);
    keys = malloc((c.nal ? c.nal : 1) * sizeof *keys);
    if (!records || !keys || !group_records(&c, records, keys, &s) ||
        !tg_trie_build(keys, s.n_keys, &trie, &s.trie_bytes, &s.n_nodes))
        goto nomem;
    s.entities = c.entities;
    s.n_entities = c.nent;
    s.records = records;
    s.trie = trie;
    s.strings = c.pool.data;
    s.string_bytes = c.pool.len;
    if (!(*image = tg_gaz_image(&s, size)))
        goto nomem;
    goto done;

nomem:
    rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory compiling gazetteer");
done:
    free(trie);
    free(records);
    free(keys);
    compiler_free(&c);
    return rc;
}
