/*
 * rules_cache — the compiled rules file (data/rules.bin, written by
 * `tagger rules compile`): what loading a rule set computes from its
 * expanded patterns, kept so that a start need not compute it again.
 *
 * Loading a rule set reads its files and expands every pattern (cheap),
 * then compiles each pattern twice with PCRE2, reads its starters
 * (rules_prefilter.c, rules_starters.c) and builds the prefilter: four
 * fifths of a start's instructions, and a pure function of the expanded
 * patterns, of the PCRE2 library and of this code.  The file keeps, for
 * each rule in load order, its key — the two expanded forms of its
 * pattern (plain and factored lists, rules_parse.c) and whether it is
 * `starts-before` — with what was computed from it: its starters, its
 * guard (rules_guard.c) and its
 * two compiled patterns (pcre2_serialize_encode: PCRE2's own bytes, with
 * no JIT code; the JIT still runs at a rule's first match), and the
 * prefilter of the whole set.
 *
 * A load still reads and expands the rule files, then takes a rule's
 * compiled form from the file only when entry i's key is byte for byte
 * rule i's (a rule file edited in place or a rule added by --rules is
 * compiled as before, the others still come from the file), and the
 * prefilter only when every rule came from it.  So a stale file can cost
 * time, never change a match.  The whole file is stale — ignored, the
 * rules compiled as without it — when its format version, the PCRE2 it
 * was written with (version, Unicode version, newline, \R, link size,
 * parentheses limit) or this code (the md5 of the starter and prefilter
 * sources, TG_RULES_CODE_HASH from CMake) differ from this library's.
 * A file that is no compiled rules file, truncated, or damaged (its
 * checksum, datafile.c's, or its structure) fails the load with a message
 * that says to rebuild it.  The checksum guards against accidents; the
 * PCRE2 bytes inside are trusted once it matches, like the library itself
 * (a file is written by the build and installed with it).
 *
 * Layout (native byte order, marked): a header, then a stream of
 * length-prefixed records: per rule its key, code indices, starters and
 * guard;
 * the prefilter's arrays, 8-byte aligned, which the rule set then uses
 * where they are (the file is mapped when the data files are, and kept
 * as long as the rule set: tg_rules.image); and, 8-byte aligned, PCRE2's
 * serialized codes, decoded (copied) at load.
 */
#include "rules_internal.h"

#include <stdio.h>

#include "datafile.h"
#include "error.h"

#ifndef TG_RULES_CODE_HASH
#define TG_RULES_CODE_HASH "unversioned"
#endif

#define RC_MAGIC "TGRULEC"
#define RC_VERSION 3u /* 2: datafile.c's four-chain checksum; 3: guards */
#define RC_BYTE_ORDER 0x01020304u
#define RC_SEED 0x6A09E667F3BCC909ull
#define RC_NONE UINT32_MAX

typedef struct {
    char magic[8];
    uint32_t version, byte_order;
    uint64_t checksum; /* of the whole file, this field counted as 0 */
    uint64_t size;     /* of the whole file */
    uint32_t nrules, ncodes;
    uint32_t node_size, low_cps; /* sizeof(trie_node), LOW_CPS */
    char pcre2[64];              /* pcre2_fingerprint */
    char code[40];               /* TG_RULES_CODE_HASH */
} rc_header;

typedef struct {
    const unsigned char *b, *t; /* the key */
    uint32_t bn, tn, before;
    uint32_t code, anchored; /* indices into codes, RC_NONE: none */
    uint32_t nlits, nclasses;
    const unsigned char *starters; /* nlits then nclasses strings, each u32 length + bytes */
    uint32_t nguard;
    /* its nguard nodes, u32 each, then their bytes and TG_RULES_GUARD_SLACK
     * zeros (rules_guard.c), 8-aligned */
    const unsigned char *guard;
} rc_entry;

struct tg_rules_cache {
    void *image;
    size_t size;
    const char *path;
    rc_entry *entries;
    size_t nentries;
    pcre2_code **codes; /* decoded; a rule taking one sets it NULL here */
    size_t ncodes;
    const unsigned char *pf; /* the prefilter's records */
    size_t hits;             /* rules taken from the file */
};

/* PCRE2 as far as its compiled code depends on it. */
static void pcre2_fingerprint(char out[64])
{
    char version[32] = "", unicode[32] = "";
    uint32_t newline = 0, bsr = 0, link = 0, parens = 0;
    pcre2_config(PCRE2_CONFIG_VERSION, version);
    pcre2_config(PCRE2_CONFIG_UNICODE_VERSION, unicode);
    pcre2_config(PCRE2_CONFIG_NEWLINE, &newline);
    pcre2_config(PCRE2_CONFIG_BSR, &bsr);
    pcre2_config(PCRE2_CONFIG_LINKSIZE, &link);
    pcre2_config(PCRE2_CONFIG_PARENSLIMIT, &parens);
    memset(out, 0, 64);
    if (snprintf(out, 64, "%s|%s|%u|%u|%u|%u", version, unicode, (unsigned)newline,
                 (unsigned)bsr, (unsigned)link, (unsigned)parens) >= 64)
        out[63] = '\0'; /* cut (snprintf has ended it there): the cut string is the fingerprint */
}

static void header_expected(rc_header *h)
{
    memset(h, 0, sizeof *h);
    memcpy(h->magic, RC_MAGIC, sizeof RC_MAGIC);
    h->version = RC_VERSION;
    h->byte_order = RC_BYTE_ORDER;
    h->node_size = sizeof(trie_node);
    h->low_cps = LOW_CPS;
    pcre2_fingerprint(h->pcre2);
    snprintf(h->code, sizeof h->code, "%s", TG_RULES_CODE_HASH);
}

/* ---------------------------------------------------------------- reading */

typedef struct {
    const unsigned char *p, *end;
    int bad;
} cursor;

static uint32_t get_u32(cursor *c)
{
    uint32_t v = 0;
    if (c->bad || (size_t)(c->end - c->p) < 4) {
        c->bad = 1;
        return 0;
    }
    memcpy(&v, c->p, 4);
    c->p += 4;
    return v;
}

/* n bytes at the cursor (NULL when there are fewer). */
static const unsigned char *get_bytes(cursor *c, size_t n)
{
    if (c->bad || (size_t)(c->end - c->p) < n) {
        c->bad = 1;
        return NULL;
    }
    const unsigned char *p = c->p;
    c->p += n;
    return p;
}

/* A string record: u32 length, bytes; *n its length. */
static const unsigned char *get_str(cursor *c, uint32_t *n)
{
    *n = get_u32(c);
    return get_bytes(c, *n);
}

/* n elements of `size` bytes, 4-byte aligned, where they are in the image
 * (the image is writable memory: read whole, or mapped copy-on-write). */
static void *get_array(cursor *c, size_t n, size_t size)
{
    if (n > SIZE_MAX / size / 2 || ((uintptr_t)c->p & 3) != 0) {
        c->bad = 1;
        return NULL;
    }
    return (void *)get_bytes(c, n * size);
}

static void align8(cursor *c, const unsigned char *base)
{
    size_t at = (size_t)(c->p - base);
    get_bytes(c, tg_align8(at) - at);
}

void tg_rules_cache_free(tg_rules_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->ncodes; i++)
        pcre2_code_free(c->codes[i]);
    free(c->codes);
    free(c->entries);
    tg_datafile_free(c->image);
    free(c);
}

/* The error of a file that cannot be used: "P: WHAT; rebuild it with ...". */
static tagger_status damaged(tg_rules_cache *c, const char *path, const char *what,
                             tagger_error *err)
{
    tg_rules_cache_free(c);
    return tg_error_set(err, TAGGER_ERR_LOAD, 0,
                        "%s: %s; rebuild it with 'tagger rules compile -o %s' or delete it",
                        path, what, path);
}

tagger_status tg_rules_cache_open(const char *path, const tg_load_options *lo,
                                  tg_rules_cache **out, tagger_error *err)
{
    *out = NULL;
    void *image;
    size_t size;
    tg_datafile_id id;
    tagger_status st =
        tg_datafile_load(path, "compiled rules", sizeof(rc_header), lo, &image, &size, &id, err);
    if (st != TAGGER_OK)
        return st;
    tg_rules_cache *c = calloc(1, sizeof *c);
    if (!c) {
        tg_datafile_free(image);
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    c->image = image;
    c->size = size;
    c->path = path;
    rc_header h, want;
    memcpy(&h, image, sizeof h);
    header_expected(&want);
    if (memcmp(h.magic, want.magic, sizeof h.magic) != 0)
        return damaged(c, path, "not a compiled rules file", err);
    if (h.version != want.version || h.byte_order != want.byte_order) {
        tg_rules_cache_free(c); /* another format: stale, the rules compile as without it */
        return TAGGER_OK;
    }
    if (h.size != size) {
        char what[128];
        snprintf(what, sizeof what, "compiled rules file truncated or grown (%zu bytes, its header says %llu)",
                 size, (unsigned long long)h.size);
        return damaged(c, path, what, err);
    }
    if (!tg_datafile_verify(image, size, sizeof h, offsetof(rc_header, checksum), RC_SEED, 0,
                            &id, lo))
        return damaged(c, path, "compiled rules file damaged (checksum mismatch)", err);
    if (memcmp(h.pcre2, want.pcre2, sizeof h.pcre2) != 0 ||
        memcmp(h.code, want.code, sizeof h.code) != 0 || h.node_size != want.node_size ||
        h.low_cps != want.low_cps) {
        tg_rules_cache_free(c); /* another PCRE2 or other code: stale */
        return TAGGER_OK;
    }
    const unsigned char *base = image;
    cursor cur = {base + sizeof h, base + size, 0};
    if (h.nrules > size / 8 || h.ncodes > 2 * (size_t)h.nrules)
        return damaged(c, path, "compiled rules file damaged (bad structure)", err);
    c->nentries = h.nrules;
    c->entries = calloc(h.nrules ? h.nrules : 1, sizeof *c->entries);
    if (!c->entries) {
        tg_rules_cache_free(c);
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    for (size_t i = 0; i < h.nrules && !cur.bad; i++) {
        rc_entry *e = &c->entries[i];
        e->b = get_str(&cur, &e->bn);
        e->t = get_str(&cur, &e->tn);
        e->before = get_u32(&cur);
        e->code = get_u32(&cur);
        e->anchored = get_u32(&cur);
        e->nlits = get_u32(&cur);
        e->nclasses = get_u32(&cur);
        e->starters = cur.p;
        if (e->code >= h.ncodes || (e->anchored != RC_NONE && e->anchored >= h.ncodes) ||
            (size_t)e->nlits + e->nclasses > size)
            cur.bad = 1;
        for (size_t k = 0; k < (size_t)e->nlits + e->nclasses && !cur.bad; k++) {
            uint32_t n;
            const unsigned char *s = get_str(&cur, &n);
            if (s && (n == 0 || memchr(s, '\0', n)))
                cur.bad = 1; /* the starters are C strings */
        }
        e->nguard = get_u32(&cur);
        if (e->nguard) { /* 8-aligned, used where they are (or copied: rules.c) */
            align8(&cur, base);
            e->guard = e->nguard <= size / 5
                           ? get_bytes(&cur, (size_t)e->nguard * 5 + TG_RULES_GUARD_SLACK)
                           : NULL;
            if (!e->guard)
                cur.bad = 1; /* the nodes are checked where they are taken */
        }
    }
    align8(&cur, base);
    c->pf = cur.p;
    /* the prefilter's records: checked where they are read (tg_rules_cache_prefilter) */
    uint32_t nnodes = get_u32(&cur);
    get_bytes(&cur, (size_t)nnodes * sizeof(trie_node));
    uint32_t ndense = get_u32(&cur);
    get_bytes(&cur, (size_t)ndense * 4);
    get_bytes(&cur, 256 * 4);
    uint32_t nids = get_u32(&cur);
    get_bytes(&cur, (size_t)nids * 4);
    get_bytes(&cur, (LOW_CPS + 1) * 4);
    uint32_t nclass_ids = get_u32(&cur);
    get_bytes(&cur, (size_t)nclass_ids * 4);
    uint32_t nclass_any = get_u32(&cur);
    get_bytes(&cur, (size_t)nclass_any * 4);
    get_bytes(&cur, LOW_CPS);
    align8(&cur, base);
    uint32_t blob_len = get_u32(&cur), pad = get_u32(&cur);
    const unsigned char *blob = get_bytes(&cur, blob_len);
    /* PCRE2's serialized header: magic, version, config, number of codes */
    if (cur.bad || pad != 0 || cur.p != cur.end ||
        (h.ncodes && (!blob || blob_len < 16 ||
                      pcre2_serialize_get_number_of_codes(blob) != (int32_t)h.ncodes)))
        return damaged(c, path, "compiled rules file damaged (bad structure)", err);
    if (h.ncodes) {
        c->codes = calloc(h.ncodes, sizeof *c->codes);
        if (!c->codes) {
            tg_rules_cache_free(c);
            return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        }
        int32_t got = pcre2_serialize_decode(c->codes, (int32_t)h.ncodes, blob, NULL);
        if (got == PCRE2_ERROR_NOMEMORY) {
            tg_rules_cache_free(c);
            return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        }
        if (got != (int32_t)h.ncodes)
            return damaged(c, path, "compiled rules file damaged (PCRE2 cannot decode its patterns)", err);
        c->ncodes = h.ncodes;
    }
    *out = c;
    return TAGGER_OK;
}

/* Copies n strings of the record at *p into a fresh list. */
static char **take_strs(const unsigned char **p, size_t n)
{
    char **v = calloc(n ? n : 1, sizeof *v);
    for (size_t i = 0; v && i < n; i++) {
        uint32_t len;
        memcpy(&len, *p, 4);
        if (!(v[i] = dup_n((const char *)*p + 4, len))) {
            tg_rules_free_strs(v, i);
            return NULL;
        }
        *p += 4 + len;
    }
    return v;
}

int tg_rules_cache_take(tg_rules_cache *c, size_t i, rule *r, const char *b, size_t bn,
                        const char *t, size_t tn)
{
    if (!c || i >= c->nentries)
        return 0;
    const rc_entry *e = &c->entries[i];
    if (e->bn != bn || e->tn != tn || e->before != (r->before != NULL) ||
        memcmp(e->b, b, bn) != 0 || memcmp(e->t, t, tn) != 0 || !c->codes[e->code] ||
        (e->anchored != RC_NONE && !c->codes[e->anchored]))
        return 0;
    const unsigned char *p = e->starters;
    char **lits = take_strs(&p, e->nlits), **classes = lits ? take_strs(&p, e->nclasses) : NULL;
    if (!classes) { /* out of memory: compiled as without the file */
        tg_rules_free_strs(lits, lits ? e->nlits : 0);
        return 0;
    }
    if (e->nlits) {
        r->lits = lits;
        r->nlits = e->nlits;
    } else {
        free(lits);
    }
    if (e->nclasses) {
        r->classes = classes;
        r->nclasses = e->nclasses;
    } else {
        free(classes);
    }
    /* the guard where it is in the image, unless damaged: then none */
    if (e->nguard && tg_rules_guard_valid((const uint32_t *)e->guard, e->nguard)) {
        r->guard.node = (const uint32_t *)e->guard;
        r->guard.byte = e->guard + (size_t)e->nguard * 4;
        r->guard.n = e->nguard;
    }
    r->code = c->codes[e->code];
    c->codes[e->code] = NULL;
    if (e->anchored != RC_NONE) {
        r->anchored = c->codes[e->anchored];
        c->codes[e->anchored] = NULL;
    }
    c->hits++;
    return 1;
}

/* Whether the prefilter's records are consistent with rs (every index in
 * range), so that matching never reads outside its arrays. */
static int prefilter_ok(const prefilter *pf, size_t ndense, size_t nids, size_t nclass_ids,
                        size_t nrules)
{
    for (size_t k = 0; k < pf->nnodes; k++) {
        const trie_node *nd = &pf->nodes[k];
        if (nd->child < -1 || nd->child >= (int64_t)pf->nnodes || nd->sibling < -1 ||
            nd->sibling >= (int64_t)pf->nnodes || nd->space < -1 ||
            nd->space >= (int64_t)pf->nnodes || nd->digits < -1 ||
            nd->digits >= (int64_t)pf->nnodes || (size_t)nd->rules + nd->nrules > nids ||
            (size_t)nd->dense + nd->span > ndense || nd->lo + nd->span > 256)
            return 0;
    }
    for (size_t k = 0; k < ndense; k++)
        if (pf->dense[k] < -1 || pf->dense[k] >= (int64_t)pf->nnodes)
            return 0;
    for (size_t k = 0; k < 256; k++)
        if (pf->root[k] < -1 || pf->root[k] >= (int64_t)pf->nnodes)
            return 0;
    for (size_t k = 0; k < nids; k++)
        if (pf->rule_ids[k] >= nrules)
            return 0;
    for (size_t k = 0; k < LOW_CPS; k++)
        if (pf->class_first[k] > pf->class_first[k + 1])
            return 0;
    if (pf->class_first[LOW_CPS] != nclass_ids)
        return 0;
    for (size_t k = 0; k < nclass_ids; k++)
        if (pf->class_ids[k] >= nrules)
            return 0;
    for (size_t k = 0; k < pf->nclass_any; k++)
        if (pf->class_any[k] >= nrules)
            return 0;
    return 1;
}

int tg_rules_cache_prefilter(tg_rules_cache *c, tg_rules *rs, tagger_error *err,
                             tagger_status *st)
{
    *st = TAGGER_OK;
    if (!c || c->hits != rs->nrules || c->nentries != rs->nrules)
        return 0;
    /* the arrays are used where they are: rs keeps the image */
    prefilter *pf = &rs->pf;
    cursor cur = {c->pf, (const unsigned char *)c->image + c->size, 0};
    pf->in_image = 1;
    rs->image = c->image;
    c->image = NULL;
    pf->nnodes = get_u32(&cur);
    pf->nodes = get_array(&cur, pf->nnodes, sizeof *pf->nodes);
    size_t ndense = get_u32(&cur);
    pf->dense = get_array(&cur, ndense, sizeof *pf->dense);
    const unsigned char *root = get_bytes(&cur, sizeof pf->root);
    if (root)
        memcpy(pf->root, root, sizeof pf->root);
    size_t nids = get_u32(&cur);
    pf->rule_ids = get_array(&cur, nids, sizeof *pf->rule_ids);
    pf->class_first = get_array(&cur, LOW_CPS + 1, sizeof *pf->class_first);
    size_t nclass_ids = get_u32(&cur);
    pf->class_ids = get_array(&cur, nclass_ids, sizeof *pf->class_ids);
    pf->nclass_any = get_u32(&cur);
    pf->class_any = get_array(&cur, pf->nclass_any, sizeof *pf->class_any);
    const unsigned char *lon = get_bytes(&cur, LOW_CPS);
    if (lon)
        memcpy(pf->letter_or_number, lon, LOW_CPS);
    if (cur.bad || !prefilter_ok(pf, ndense, nids, nclass_ids, rs->nrules)) {
        tg_error_set(err, TAGGER_ERR_LOAD, 0,
                     "%s: compiled rules file damaged (bad structure); rebuild it with "
                     "'tagger rules compile -o %s' or delete it",
                     c->path, c->path);
        *st = TAGGER_ERR_LOAD;
    }
    return 1;
}

/* ---------------------------------------------------------------- writing */

void tg_rules_cache_seal(unsigned char *image, size_t size)
{
    tg_datafile_seal(image, size, sizeof(rc_header), offsetof(rc_header, checksum), RC_SEED);
}

static void put_u32(buf *b, uint32_t v)
{
    put(b, (const char *)&v, 4);
}

static void put_str(buf *b, const char *s, size_t n)
{
    put_u32(b, (uint32_t)n);
    put(b, s, n);
}

/* n bytes at p, which may be NULL when n is 0 (an empty array) */
static void put_arr(buf *b, const void *p, size_t n)
{
    if (n)
        put(b, p, n);
}

tagger_status tg_rules_cache_write(const tg_rules *rs, const char *path, tagger_error *err)
{
    const prefilter *pf = &rs->pf;
    pcre2_code **codes = calloc(2 * rs->nrules + 1, sizeof *codes);
    if (!codes)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    rc_header h;
    header_expected(&h);
    buf b = {0};
    put(&b, (const char *)&h, sizeof h);
    uint32_t ncodes = 0;
    static const char zeros[8] = {0};
    for (size_t i = 0; i < rs->nrules; i++) {
        const rule *r = &rs->rules[i];
        if (!r->key) {
            free(codes);
            free(b.s);
            return tg_error_set(err, TAGGER_ERR_USAGE, 0,
                                "compiled rules: the rule set was loaded without its keys");
        }
        put_str(&b, r->key, r->key_b);
        put_str(&b, r->key + r->key_b, r->key_t);
        put_u32(&b, r->before != NULL);
        codes[ncodes] = r->code;
        put_u32(&b, ncodes++);
        if (r->anchored)
            codes[ncodes] = r->anchored;
        put_u32(&b, r->anchored ? ncodes++ : RC_NONE);
        put_u32(&b, (uint32_t)r->nlits);
        put_u32(&b, (uint32_t)r->nclasses);
        for (size_t k = 0; k < r->nlits; k++)
            put_str(&b, r->lits[k], strlen(r->lits[k]));
        for (size_t k = 0; k < r->nclasses; k++)
            put_str(&b, r->classes[k], strlen(r->classes[k]));
        put_u32(&b, (uint32_t)r->guard.n);
        if (r->guard.n) {
            put(&b, zeros, tg_align8(b.n) - b.n);
            put(&b, (const char *)r->guard.node, r->guard.n * 5 + TG_RULES_GUARD_SLACK);
        }
    }
    put(&b, zeros, tg_align8(b.n) - b.n);
    size_t ndense = 0, nids = 0;
    for (size_t k = 0; k < pf->nnodes; k++) {
        if (pf->nodes[k].dense + pf->nodes[k].span > ndense)
            ndense = pf->nodes[k].dense + pf->nodes[k].span;
        if (pf->nodes[k].rules + pf->nodes[k].nrules > nids)
            nids = pf->nodes[k].rules + pf->nodes[k].nrules;
    }
    put_u32(&b, (uint32_t)pf->nnodes);
    put_arr(&b, pf->nodes, pf->nnodes * sizeof *pf->nodes);
    put_u32(&b, (uint32_t)ndense);
    put_arr(&b, pf->dense, ndense * sizeof *pf->dense);
    put(&b, (const char *)pf->root, sizeof pf->root);
    put_u32(&b, (uint32_t)nids);
    put_arr(&b, pf->rule_ids, nids * sizeof *pf->rule_ids);
    put(&b, (const char *)pf->class_first, (LOW_CPS + 1) * sizeof *pf->class_first);
    put_u32(&b, pf->class_first[LOW_CPS]);
    put_arr(&b, pf->class_ids, pf->class_first[LOW_CPS] * sizeof *pf->class_ids);
    put_u32(&b, (uint32_t)pf->nclass_any);
    put_arr(&b, pf->class_any, pf->nclass_any * sizeof *pf->class_any);
    put(&b, (const char *)pf->letter_or_number, LOW_CPS);
    put(&b, zeros, tg_align8(b.n) - b.n);
    uint8_t *blob = NULL;
    PCRE2_SIZE blob_len = 0;
    int32_t rc = ncodes ? pcre2_serialize_encode((const pcre2_code **)codes, (int32_t)ncodes,
                                                 &blob, &blob_len, NULL)
                        : 0;
    free(codes);
    if (rc < 0 || blob_len > UINT32_MAX) {
        free(b.s);
        char msg[160];
        pcre2_get_error_message(rc, (PCRE2_UCHAR *)msg, sizeof msg);
        return tg_error_set(err, TAGGER_ERR_LOAD, 0, "compiled rules: PCRE2 cannot serialize: %s",
                            rc < 0 ? msg : "too large");
    }
    put_u32(&b, (uint32_t)blob_len);
    put_u32(&b, 0);
    put_arr(&b, blob, blob_len);
    pcre2_serialize_free(blob);
    if (b.failed) {
        free(b.s);
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    h.nrules = (uint32_t)rs->nrules;
    h.ncodes = ncodes;
    h.size = b.n;
    memcpy(b.s, &h, sizeof h);
    tg_rules_cache_seal((unsigned char *)b.s, b.n);
    tagger_status st = tg_datafile_write(path, b.s, b.n, err);
    free(b.s);
    return st;
}
