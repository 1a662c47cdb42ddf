/* gazetteer — see gazetteer.h for the format, the index and the matching. */
#include "gazetteer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

const char *const tg_gaz_labels[TG_GAZ_NLABELS] = {
    "PERSON", "ORG", "GPE", "LOC", "FAC", "NORP",
    "EVENT", "PRODUCT", "DATE", "TIME", "MONEY", "PERCENT"};

/* ------------------------------------------------------------ file layout */

#define GAZ_MAGIC "TGGAZ\0\r\n"
#define GAZ_VERSION 1u
#define GAZ_ENDIAN 0x01020304u
#define NO_RECORDS 0u

typedef struct {
    char magic[8];
    uint32_t version, endian;
    uint64_t file_size;
    uint64_t checksum; /* of the whole file, this field read as 0 */
    uint32_t n_entities, n_records, n_nodes, n_edges;
    uint32_t string_bytes, max_key, n_keys, reserved;
} gaz_header; /* 64 bytes */

typedef struct {
    uint32_t kb_id, name, ids, list, label;
} gaz_entity;

typedef struct {
    uint32_t entity, alias;
    int32_t priority;
    uint32_t flags;
} gaz_record;

typedef struct {
    uint32_t first_edge, nedges, rec_first, rec_count;
} gaz_node;

typedef struct {
    size_t entities, records, nodes, children, labels, strings, total;
} gaz_layout;

static size_t align8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

static gaz_layout layout_of(const gaz_header *h)
{
    gaz_layout l;
    l.entities = sizeof(gaz_header);
    l.records = l.entities + align8((size_t)h->n_entities * sizeof(gaz_entity));
    l.nodes = l.records + align8((size_t)h->n_records * sizeof(gaz_record));
    l.children = l.nodes + align8((size_t)h->n_nodes * sizeof(gaz_node));
    l.labels = l.children + align8((size_t)h->n_edges * sizeof(uint32_t));
    l.strings = l.labels + align8(h->n_edges);
    l.total = l.strings + align8(h->string_bytes);
    return l;
}

static uint64_t hash_bytes(uint64_t h, const unsigned char *p, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    for (; i < n; i++)
        h = (h ^ p[i]) * 0x100000001B3ull;
    return h;
}

/* The checksum of a whole image: the header (with its checksum field as
 * zero) and every byte after it. */
static uint64_t checksum(const unsigned char *image, size_t size)
{
    gaz_header h;
    memcpy(&h, image, sizeof h);
    h.checksum = 0;
    uint64_t sum = hash_bytes(0x9E3779B97F4A7C15ull ^ size, (const unsigned char *)&h, sizeof h);
    return hash_bytes(sum, image + sizeof h, size - sizeof h);
}

struct tg_gazetteer {
    const unsigned char *base;
    size_t size;
    int mapped; /* 1: munmap, 0: free */
    const gaz_header *h;
    const gaz_entity *entities;
    const gaz_record *records;
    const gaz_node *nodes;
    const uint32_t *children;
    const unsigned char *labels;
    const char *strings;
};

/* --------------------------------------------------------------- loading */

static tg_gazetteer *attach(const unsigned char *base, size_t size, int mapped,
                            const char *name, tagger_error *err)
{
    gaz_header h;
    const char *why = NULL;
    if (size < sizeof h) {
        why = "file too short for a header (truncated?)";
    } else {
        memcpy(&h, base, sizeof h);
        gaz_layout l = layout_of(&h);
        if (memcmp(h.magic, GAZ_MAGIC, 8) != 0)
            why = "not a compiled gazetteer (bad magic)";
        else if (h.version != GAZ_VERSION)
            why = "unsupported format version";
        else if (h.endian != GAZ_ENDIAN)
            why = "compiled on a machine of other byte order";
        else if (h.file_size != size || l.total != size)
            why = "size does not match its header (truncated or corrupt)";
        else if (h.n_nodes == 0 || (h.string_bytes > 0 && base[l.strings + h.string_bytes - 1] != 0))
            why = "corrupt tables";
        else if (checksum(base, size) != h.checksum)
            why = "checksum mismatch (corrupt file)";
    }
    if (why) {
        tg_error_set(err, TAGGER_ERR_LOAD, 0, "%s: %s", name, why);
        return NULL;
    }
    tg_gazetteer *g = calloc(1, sizeof *g);
    if (!g) {
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    gaz_layout l = layout_of(&h);
    g->base = base;
    g->size = size;
    g->mapped = mapped;
    g->h = (const gaz_header *)base;
    g->entities = (const gaz_entity *)(base + l.entities);
    g->records = (const gaz_record *)(base + l.records);
    g->nodes = (const gaz_node *)(base + l.nodes);
    g->children = (const uint32_t *)(base + l.children);
    g->labels = base + l.labels;
    g->strings = (const char *)base + l.strings;
    return g;
}

tg_gazetteer *tg_gazetteer_from_image(void *image, size_t size, const char *name,
                                      tagger_error *err)
{
    tg_gazetteer *g = attach(image, size, 0, name, err);
    if (!g)
        free(image);
    return g;
}

tg_gazetteer *tg_gazetteer_open(const tg_normalizer *nz, const char *path,
                                tagger_error *err)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        tg_error_set(err, TAGGER_ERR_IO, 0, "cannot open '%s': %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    char magic[8] = {0};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        tg_error_set(err, TAGGER_ERR_IO, 0, "%s: not a regular file", path);
        return NULL;
    }
    ssize_t got = pread(fd, magic, 8, 0);
    if (got == 8 && memcmp(magic, GAZ_MAGIC, 8) == 0) {
        size_t size = (size_t)st.st_size;
        void *base = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
        close(fd);
        if (base == MAP_FAILED) {
            tg_error_set(err, TAGGER_ERR_IO, 0, "%s: mmap: %s", path, strerror(errno));
            return NULL;
        }
        tg_gazetteer *g = attach(base, size, 1, path, err);
        if (!g)
            munmap(base, size);
        return g;
    }
    close(fd);
    void *image;
    size_t size;
    if (tg_gazetteer_compile(nz, &path, 1, &image, &size, err) != TAGGER_OK)
        return NULL;
    return tg_gazetteer_from_image(image, size, path, err);
}

void tg_gazetteer_free(tg_gazetteer *g)
{
    if (!g)
        return;
    if (g->mapped)
        munmap((void *)g->base, g->size);
    else
        free((void *)g->base);
    free(g);
}

/* ------------------------------------------------------------- compiling */

typedef struct {
    char *data;
    size_t len, cap;
} strbuf;

/* Appends s[0..n) and a NUL; returns its offset or UINT32_MAX on failure. */
static uint32_t pool_add(strbuf *b, const char *s, size_t n)
{
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

static int label_index(const char *s, size_t n)
{
    for (int i = 0; i < TG_GAZ_NLABELS; i++)
        if (strlen(tg_gaz_labels[i]) == n && memcmp(tg_gaz_labels[i], s, n) == 0)
            return i;
    return -1;
}

static tagger_status add_alias(compiler *c, const char *line, size_t lineno,
                               const char *a, size_t n, uint32_t entity,
                               int32_t priority, tagger_error *err)
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
    if (keylen == 0 || keylen > TG_GAZ_MAX_KEY) {
        free(key);
        PARSE_ERR(at, keylen ? "alias longer than %d bytes once normalized"
                             : "alias normalizes to nothing",
                  TG_GAZ_MAX_KEY);
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
    uint32_t alias = pool_add(&c->pool, a, n);
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

/* Parses one non-comment line. */
static tagger_status parse_line(compiler *c, const char *line, size_t len,
                                size_t lineno, const char *list, tagger_error *err)
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
    int label = label_index(col[1], clen[1]);
    if (label < 0)
        PARSE_ERR(col[1] - line, "unknown label '%.*s' (expected PERSON, ORG, GPE, LOC, FAC, "
                                 "NORP, EVENT, PRODUCT, DATE, TIME, MONEY or PERCENT)",
                  (int)(clen[1] > 40 ? 40 : clen[1]), col[1]);
    if (clen[2] == 0)
        PARSE_ERR(col[2] - line, "empty canonical name");

    int32_t priority = 0;
    strbuf ids = {0};
    tagger_status rc = TAGGER_OK;
    for (size_t k = 4; k < ncol; k++) {
        const char *eq = memchr(col[k], '=', clen[k]);
        if (clen[k] == 0)
            continue;
        if (!eq || eq == col[k]) {
            free(ids.data);
            PARSE_ERR(col[k] - line, "expected key=value, found '%.*s'",
                      (int)(clen[k] > 40 ? 40 : clen[k]), col[k]);
        }
        size_t klen = (size_t)(eq - col[k]);
        if (klen == 8 && memcmp(col[k], "priority", 8) == 0) {
            char num[16];
            size_t vlen = clen[k] - klen - 1;
            char *end;
            snprintf(num, sizeof num, "%.*s", (int)(vlen < 15 ? vlen : 15), eq + 1);
            long v = strtol(num, &end, 10);
            if (vlen == 0 || vlen > 6 || *end != '\0') {
                free(ids.data);
                PARSE_ERR(eq + 1 - line, "priority must be an integer from -99999 to 999999");
            }
            priority = (int32_t)v;
        } else {
            if (ids.len && ids.data)
                ids.data[ids.len - 1] = ' '; /* join with a space */
            if (pool_add(&ids, col[k], clen[k]) == UINT32_MAX) {
                free(ids.data);
                return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
            }
        }
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
    e->ids = pool_add(&c->pool, ids.data ? ids.data : "", ids.data ? ids.len - 1 : 0);
    e->list = pool_add(&c->pool, list, strlen(list));
    e->label = (uint32_t)label;
    free(ids.data);
    if (e->kb_id == UINT32_MAX || e->name == UINT32_MAX || e->ids == UINT32_MAX ||
        e->list == UINT32_MAX)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    c->ent_line[c->nent] = (uint32_t)lineno;
    c->ent_file[c->nent] = c->path;
    c->nent++;

    /* explicit aliases first: when the canonical name has the same key as
     * one of them, the explicit alias (and its markers) is the one kept */
    if (ncol > 3) {
        const char *a = col[3], *end = col[3] + clen[3];
        while (rc == TAGGER_OK && a < end) {
            const char *bar = memchr(a, '|', (size_t)(end - a));
            const char *stop = bar ? bar : end;
            if (stop > a)
                rc = add_alias(c, line, lineno, a, (size_t)(stop - a), entity, priority, err);
            a = stop + 1;
        }
    }
    if (rc == TAGGER_OK)
        rc = add_alias(c, line, lineno, col[2], clen[2], entity, priority, err);
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
    FILE *f = fopen(path, "rb");
    if (!f)
        return tg_error_set(err, TAGGER_ERR_IO, 0, "cannot open '%s': %s", path,
                            strerror(errno));
    c->path = path;
    const char *list = list_name(path);
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
    if (rc == TAGGER_OK && ferror(f))
        rc = tg_error_set(err, TAGGER_ERR_IO, 0, "%s: read error", path);
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
    const pending *keys; /* first alias of each unique key */
    const uint32_t *rec_first, *rec_count;
    gaz_node *nodes;
    size_t nnodes;
    uint32_t *children;
    unsigned char *labels;
    size_t nedges;
} trie_builder;

/* Builds the subtrie of unique keys [lo, hi) at byte depth d; returns its
 * node index.  Node and edge arrays are pre-sized (sum of key lengths + 1). */
static uint32_t build_trie(trie_builder *b, size_t lo, size_t hi, uint32_t d)
{
    uint32_t id = (uint32_t)b->nnodes++;
    gaz_node *node = &b->nodes[id];
    node->rec_first = 0;
    node->rec_count = NO_RECORDS;
    if (lo < hi && b->keys[lo].keylen == d) {
        node->rec_first = b->rec_first[lo];
        node->rec_count = b->rec_count[lo];
        lo++;
    }
    size_t groups = 0;
    for (size_t i = lo; i < hi;) {
        unsigned char c = (unsigned char)b->keys[i].key[d];
        while (i < hi && (unsigned char)b->keys[i].key[d] == c)
            i++;
        groups++;
    }
    uint32_t first = (uint32_t)b->nedges;
    b->nodes[id].first_edge = first;
    b->nodes[id].nedges = (uint32_t)groups;
    b->nedges += groups;
    size_t e = first;
    for (size_t i = lo; i < hi; e++) {
        size_t j = i;
        unsigned char c = (unsigned char)b->keys[i].key[d];
        while (j < hi && (unsigned char)b->keys[j].key[d] == c)
            j++;
        b->labels[e] = c;
        b->children[e] = build_trie(b, i, j, d + 1);
        i = j;
    }
    return id;
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

/* Duplicate kb_ids across all sources are an error naming both places. */
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
    for (size_t i = 1; i < n && rc == TAGGER_OK; i++)
        if (strcmp(refs[i - 1].kb, refs[i].kb) == 0) {
            uint32_t a = refs[i - 1].entity, z = refs[i].entity;
            rc = tg_error_set(err, TAGGER_ERR_LOAD, 0,
                              "%s:%u:1: duplicate kb_id '%s' (first defined at %s:%u)",
                              c->ent_file[z], c->ent_line[z], refs[i].kb, c->ent_file[a],
                              c->ent_line[a]);
        }
    free(refs);
    return rc;
}

tagger_status tg_gazetteer_compile(const tg_normalizer *nz, const char *const *paths,
                                   size_t npaths, void **image, size_t *size,
                                   tagger_error *err)
{
    compiler c;
    memset(&c, 0, sizeof c);
    c.nz = nz;
    tagger_status rc = TAGGER_OK;
    uint32_t *rec_first = NULL, *rec_count = NULL;
    pending *uniq = NULL;
    gaz_record *records = NULL;
    trie_builder b;
    memset(&b, 0, sizeof b);
    unsigned char *out = NULL;
    *image = NULL;
    *size = 0;

    for (size_t i = 0; rc == TAGGER_OK && i < npaths; i++)
        rc = parse_file(&c, paths[i], err);
    if (rc != TAGGER_OK)
        goto done;
    if (c.pool.len == 0 && pool_add(&c.pool, "", 0) == UINT32_MAX)
        goto nomem;

    rc = check_duplicates(&c, err);
    if (rc != TAGGER_OK)
        goto done;

    /* sort aliases by key, drop repeats of the same (key, entity) */
    if (c.nal > 1)
        qsort(c.aliases, c.nal, sizeof *c.aliases, cmp_pending);
    size_t nrec = 0, nkeys = 0, total_key = 0;
    uint32_t max_key = 0;
    records = malloc((c.nal ? c.nal : 1) * sizeof *records);
    uniq = malloc((c.nal ? c.nal : 1) * sizeof *uniq);
    rec_first = malloc((c.nal ? c.nal : 1) * sizeof *rec_first);
    rec_count = malloc((c.nal ? c.nal : 1) * sizeof *rec_count);
    if (!records || !uniq || !rec_first || !rec_count)
        goto nomem;
    for (size_t i = 0; i < c.nal; i++) {
        const pending *p = &c.aliases[i];
        int new_key = nkeys == 0 || uniq[nkeys - 1].keylen != p->keylen ||
                      memcmp(uniq[nkeys - 1].key, p->key, p->keylen) != 0;
        if (new_key) {
            uniq[nkeys] = *p;
            rec_first[nkeys] = (uint32_t)nrec;
            rec_count[nkeys] = 0;
            nkeys++;
            total_key += p->keylen;
            if (p->keylen > max_key)
                max_key = p->keylen;
        } else {
            int dup = 0;
            for (uint32_t r = rec_first[nkeys - 1]; r < nrec; r++)
                dup |= records[r].entity == p->entity;
            if (dup)
                continue;
        }
        records[nrec].entity = p->entity;
        records[nrec].alias = p->alias;
        records[nrec].priority = p->priority;
        records[nrec].flags = p->flags;
        nrec++;
        rec_count[nkeys - 1]++;
    }

    b.keys = uniq;
    b.rec_first = rec_first;
    b.rec_count = rec_count;
    b.nodes = malloc((total_key + 1) * sizeof *b.nodes);
    b.children = malloc((total_key + 1) * sizeof *b.children);
    b.labels = malloc(total_key + 1);
    if (!b.nodes || !b.children || !b.labels)
        goto nomem;
    build_trie(&b, 0, nkeys, 0);

    gaz_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, GAZ_MAGIC, 8);
    h.version = GAZ_VERSION;
    h.endian = GAZ_ENDIAN;
    h.n_entities = (uint32_t)c.nent;
    h.n_records = (uint32_t)nrec;
    h.n_nodes = (uint32_t)b.nnodes;
    h.n_edges = (uint32_t)b.nedges;
    h.string_bytes = (uint32_t)c.pool.len;
    h.max_key = max_key;
    h.n_keys = (uint32_t)nkeys;
    gaz_layout l = layout_of(&h);
    h.file_size = l.total;
    out = calloc(1, l.total);
    if (!out)
        goto nomem;
    memcpy(out + l.entities, c.entities, c.nent * sizeof(gaz_entity));
    memcpy(out + l.records, records, nrec * sizeof(gaz_record));
    memcpy(out + l.nodes, b.nodes, b.nnodes * sizeof(gaz_node));
    memcpy(out + l.children, b.children, b.nedges * sizeof(uint32_t));
    memcpy(out + l.labels, b.labels, b.nedges);
    memcpy(out + l.strings, c.pool.data, c.pool.len);
    memcpy(out, &h, sizeof h);
    h.checksum = checksum(out, l.total);
    memcpy(out, &h, sizeof h);
    *image = out;
    *size = l.total;
    out = NULL;
    goto done;

nomem:
    rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory compiling gazetteer");
done:
    free(out);
    free(b.nodes);
    free(b.children);
    free(b.labels);
    free(records);
    free(uniq);
    free(rec_first);
    free(rec_count);
    compiler_free(&c);
    return rc;
}

/* -------------------------------------------------------------- matching */

/* The child of `node` on byte c, or UINT32_MAX.  Every index is checked, so
 * a corrupt file cannot send the walk outside the arrays. */
static uint32_t child(const tg_gazetteer *g, uint32_t node, unsigned char c)
{
    const gaz_node *nd = &g->nodes[node];
    uint32_t lo = nd->first_edge, n = nd->nedges;
    if (lo > g->h->n_edges || n > g->h->n_edges - lo)
        return UINT32_MAX;
    uint32_t hi = lo + n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        unsigned char m = g->labels[mid];
        if (m == c) {
            uint32_t ch = g->children[mid];
            return ch < g->h->n_nodes ? ch : UINT32_MAX;
        }
        if (m < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return UINT32_MAX;
}

/* Attached suffixes, normalized (ZWNJ already removed, letters folded). */
static const char *const suffixes[] = {
    "ها", "های", "هایی", "هایش", "هایشان", "هایمان", "ی", "ای", "یی", "ش", "اش",
    "شان", "مان", "تان", "ام", "ات", "'s", "\xE2\x80\x99s"};

static int is_suffix(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
        if (strlen(suffixes[i]) == n && memcmp(suffixes[i], s, n) == 0)
            return 1;
    return 0;
}

/* Compares input bytes [os, oe) to the alias with spaces ignored on both
 * sides and ZWNJ ignored in the input: the test for case-sensitive aliases. */
static int same_case(const char *in, size_t os, size_t oe, const char *alias)
{
    size_t i = os;
    const char *a = alias;
    for (;;) {
        while (i < oe && (in[i] == ' ' || (oe - i >= 3 && memcmp(in + i, "\xE2\x80\x8C", 3) == 0)))
            i += in[i] == ' ' ? 1 : 3;
        while (*a == ' ')
            a++;
        if (i == oe || *a == '\0')
            return i == oe && *a == '\0';
        if (in[i] != *a)
            return 0;
        i++;
        a++;
    }
}

static tagger_status add_candidates(const tg_gazetteer *g, int layer, uint32_t node,
                                    const char *text, const tg_normtext *nt,
                                    size_t first, size_t last, size_t nstart,
                                    size_t nend, size_t suffix, tg_gaz_match **out,
                                    size_t *n, size_t *cap)
{
    const gaz_node *nd = &g->nodes[node];
    uint32_t r0 = nd->rec_first, rn = nd->rec_count;
    if (r0 > g->h->n_records || rn > g->h->n_records - r0)
        return TAGGER_OK;
    for (uint32_t r = r0; r < r0 + rn; r++) {
        const gaz_record *rec = &g->records[r];
        if (rec->entity >= g->h->n_entities || rec->alias >= g->h->string_bytes)
            continue;
        if ((rec->flags & TG_ALIAS_CASE) &&
            !same_case(text, nt->ostart[nstart], nt->oend[nend - 1], g->strings + rec->alias))
            continue;
        if (*n == *cap) {
            size_t ncap = *cap ? *cap * 2 : 64;
            tg_gaz_match *m = realloc(*out, ncap * sizeof *m);
            if (!m)
                return TAGGER_ERR_NOMEM;
            *out = m;
            *cap = ncap;
        }
        tg_gaz_match *m = &(*out)[(*n)++];
        m->tok_first = first;
        m->tok_last = last;
        m->norm_start = nstart;
        m->norm_end = nend;
        m->suffix_len = suffix;
        m->gaz = g;
        m->record = r;
        m->layer = layer;
        m->priority = rec->priority;
        m->flags = rec->flags;
    }
    return TAGGER_OK;
}

/* Does the token [start, end) end in the written ezafe «ه‌ی» (normalized
 * «هی»)?  Then the walk may also continue to the next word as if the «ی»
 * were not there: «اتحادیه‌ی اروپا» meets the alias «اتحادیه اروپا». */
static int ends_in_ezafe(const char *s, size_t start, size_t end)
{
    return end - start > 4 && memcmp(s + end - 4, "\xD9\x87\xDB\x8C", 4) == 0;
}

#define MAX_STATES 4

tagger_status tg_gazetteer_match(const tg_gazetteer *g, int layer,
                                 const char *text, const tg_normtext *nt,
                                 const tagger_token *toks, size_t ntoks,
                                 tg_gaz_match **out, size_t *n, size_t *cap)
{
    const char *s = nt->text;
    for (size_t i = 0; i < ntoks; i++) {
        if (toks[i].kind != TAGGER_TOKEN_WORD && toks[i].kind != TAGGER_TOKEN_NUMBER)
            continue;
        /* trie nodes reached so far: usually one, two after an ezafe */
        uint32_t states[MAX_STATES] = {0};
        size_t nstates = 1;
        for (size_t j = i; j < ntoks && nstates > 0; j++) {
            const tagger_token *t = &toks[j];
            if (j > i) {
                if (t->sentence != toks[i].sentence)
                    break;
                int adjacent = 1;
                for (size_t k = toks[j - 1].norm_end; k < t->norm_start; k++)
                    adjacent &= s[k] == ' ';
                if (!adjacent)
                    break;
            }
            uint32_t next[MAX_STATES];
            size_t nnext = 0;
            int ezafe = t->kind == TAGGER_TOKEN_WORD &&
                        ends_in_ezafe(s, t->norm_start, t->norm_end);
            for (size_t k = 0; k < nstates; k++) {
                uint32_t node = states[k];
                for (size_t p = t->norm_start; p < t->norm_end && node != UINT32_MAX; p++) {
                    if (ezafe && p == t->norm_end - 2 && nnext < MAX_STATES)
                        next[nnext++] = node; /* the «ی» skipped */
                    node = child(g, node, (unsigned char)s[p]);
                    if (node != UINT32_MAX && g->nodes[node].rec_count != NO_RECORDS &&
                        p + 1 < t->norm_end && t->kind == TAGGER_TOKEN_WORD &&
                        is_suffix(s + p + 1, t->norm_end - p - 1) &&
                        add_candidates(g, layer, node, text, nt, i, j, toks[i].norm_start,
                                       p + 1, t->norm_end - p - 1, out, n, cap) != TAGGER_OK)
                        return TAGGER_ERR_NOMEM;
                }
                if (node == UINT32_MAX)
                    continue;
                if (g->nodes[node].rec_count != NO_RECORDS &&
                    add_candidates(g, layer, node, text, nt, i, j, toks[i].norm_start,
                                   t->norm_end, 0, out, n, cap) != TAGGER_OK)
                    return TAGGER_ERR_NOMEM;
                if (nnext < MAX_STATES)
                    next[nnext++] = node;
            }
            memcpy(states, next, nnext * sizeof *next);
            nstates = nnext;
        }
    }
    return TAGGER_OK;
}

/* Best first: longest span, later layer, higher priority, earlier start. */
static int cmp_best(const void *a, const void *b)
{
    const tg_gaz_match *x = a, *y = b;
    size_t lx = x->norm_end - x->norm_start, ly = y->norm_end - y->norm_start;
    if (lx != ly)
        return lx > ly ? -1 : 1;
    if (x->layer != y->layer)
        return x->layer > y->layer ? -1 : 1;
    if (x->priority != y->priority)
        return x->priority > y->priority ? -1 : 1;
    if (x->norm_start != y->norm_start)
        return x->norm_start < y->norm_start ? -1 : 1;
    return (x->record > y->record) - (x->record < y->record);
}

static int cmp_start(const void *a, const void *b)
{
    const tg_gaz_match *x = a, *y = b;
    if (x->norm_start != y->norm_start)
        return x->norm_start < y->norm_start ? -1 : 1;
    size_t lx = x->norm_end - x->norm_start, ly = y->norm_end - y->norm_start;
    return (lx < ly) - (lx > ly);
}

size_t tg_gazetteer_resolve(tg_gaz_match *m, size_t n, size_t ntoks)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (!(m[i].flags & TG_ALIAS_AMBIGUOUS))
            m[kept++] = m[i];
    n = kept;
    if (n > 1) /* qsort's pointer must not be NULL, even for 0 items */
        qsort(m, n, sizeof *m, cmp_best);
    unsigned char *taken = calloc(ntoks ? ntoks : 1, 1);
    if (!taken)
        return 0;
    kept = 0;
    for (size_t i = 0; i < n; i++) {
        int free_span = 1;
        for (size_t t = m[i].tok_first; t <= m[i].tok_last && free_span; t++)
            free_span = !taken[t];
        if (!free_span)
            continue;
        for (size_t t = m[i].tok_first; t <= m[i].tok_last; t++)
            taken[t] = 1;
        m[kept++] = m[i];
    }
    free(taken);
    if (kept > 1)
        qsort(m, kept, sizeof *m, cmp_start);
    return kept;
}

/* ------------------------------------------------------------ inspection */

int tg_gazetteer_entry(const tg_gazetteer *g, uint32_t record, tg_gaz_entry *e)
{
    if (record >= g->h->n_records)
        return 0;
    const gaz_record *r = &g->records[record];
    if (r->entity >= g->h->n_entities)
        return 0;
    const gaz_entity *en = &g->entities[r->entity];
    uint32_t sb = g->h->string_bytes;
    if (en->kb_id >= sb || en->name >= sb || en->ids >= sb || en->list >= sb ||
        r->alias >= sb || en->label >= TG_GAZ_NLABELS)
        return 0;
    e->kb_id = g->strings + en->kb_id;
    e->name = g->strings + en->name;
    e->ids = g->strings + en->ids;
    e->list = g->strings + en->list;
    e->alias = g->strings + r->alias;
    e->label = tg_gaz_labels[en->label];
    e->priority = r->priority;
    e->flags = r->flags;
    return 1;
}

size_t tg_gazetteer_record_count(const tg_gazetteer *g)
{
    return g->h->n_records;
}

uint32_t tg_gazetteer_record_entity(const tg_gazetteer *g, uint32_t record)
{
    return record < g->h->n_records ? g->records[record].entity : UINT32_MAX;
}

void tg_gazetteer_stats(const tg_gazetteer *g, tg_gaz_stats *st)
{
    memset(st, 0, sizeof *st);
    st->entities = g->h->n_entities;
    st->records = g->h->n_records;
    st->keys = g->h->n_keys;
    st->nodes = g->h->n_nodes;
    st->edges = g->h->n_edges;
    st->string_bytes = g->h->string_bytes;
    st->file_bytes = g->size;
    for (uint32_t i = 0; i < g->h->n_entities; i++)
        if (g->entities[i].label < TG_GAZ_NLABELS)
            st->by_label[g->entities[i].label]++;
}

/* ------------------------------------------------------------ public API */

struct tagger_gazetteer {
    tg_normalizer *nz;
    tg_gazetteer *g;
};

tagger_status tagger_gazetteer_compile(const char *const *sources, size_t nsources,
                                       const char *out_path, tagger_error *err)
{
    tg_normalizer *nz = tg_normalizer_new(err);
    if (!nz)
        return err ? err->code : TAGGER_ERR_NOMEM;
    void *image = NULL;
    size_t size = 0;
    tagger_status rc = tg_gazetteer_compile(nz, sources, nsources, &image, &size, err);
    tg_normalizer_free(nz);
    if (rc != TAGGER_OK || !out_path) {
        free(image);
        return rc;
    }
    size_t n = strlen(out_path);
    char *tmp = malloc(n + 8);
    if (!tmp) {
        free(image);
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    snprintf(tmp, n + 8, "%s.tmpXX", out_path);
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        rc = tg_error_set(err, TAGGER_ERR_IO, 0, "cannot write '%s': %s", out_path,
                          strerror(errno));
    } else {
        int bad = fwrite(image, 1, size, f) != size;
        bad |= fclose(f) != 0;
        if (bad || rename(tmp, out_path) != 0) {
            rc = tg_error_set(err, TAGGER_ERR_IO, 0, "cannot write '%s': %s", out_path,
                              strerror(errno));
            remove(tmp);
        }
    }
    free(tmp);
    free(image);
    return rc;
}

tagger_gazetteer *tagger_gazetteer_open(const char *path, tagger_error *err)
{
    tagger_gazetteer *pub = calloc(1, sizeof *pub);
    if (!pub) {
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    pub->nz = tg_normalizer_new(err);
    if (pub->nz)
        pub->g = tg_gazetteer_open(pub->nz, path, err);
    if (!pub->g) {
        tagger_gazetteer_free(pub);
        return NULL;
    }
    return pub;
}

void tagger_gazetteer_free(tagger_gazetteer *g)
{
    if (!g)
        return;
    tg_gazetteer_free(g->g);
    tg_normalizer_free(g->nz);
    free(g);
}

size_t tagger_gazetteer_alias_count(const tagger_gazetteer *g)
{
    return tg_gazetteer_record_count(g->g);
}

int tagger_gazetteer_alias(const tagger_gazetteer *g, size_t i, tagger_alias *e)
{
    tg_gaz_entry in;
    if (i >= tg_gazetteer_record_count(g->g) || !tg_gazetteer_entry(g->g, (uint32_t)i, &in))
        return 0;
    e->entity = tg_gazetteer_record_entity(g->g, (uint32_t)i);
    e->kb_id = in.kb_id;
    e->label = in.label;
    e->name = in.name;
    e->alias = in.alias;
    e->ids = in.ids;
    e->list = in.list;
    e->priority = in.priority;
    e->flags = in.flags;
    return 1;
}

void tagger_gazetteer_get_stats(const tagger_gazetteer *g, tagger_gazetteer_stats *st)
{
    tg_gaz_stats s;
    tg_gazetteer_stats(g->g, &s);
    memset(st, 0, sizeof *st);
    st->entities = s.entities;
    st->aliases = s.records;
    st->keys = s.keys;
    st->trie_nodes = s.nodes;
    st->string_bytes = s.string_bytes;
    st->file_bytes = s.file_bytes;
    for (size_t i = 0; i < TG_GAZ_NLABELS; i++)
        st->entities_by_label[i] = s.by_label[i];
}
