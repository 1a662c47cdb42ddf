/*
 * ner_train — the entity trainer (tagger_ner_trainer_*): it reads gold
 * documents through the public pipeline (tagger_process, then the glue's
 * tg_doc_candidates for the gazetteer candidates and rule matches), keeps
 * their features and gold tags as a corpus, learns the weights and writes
 * the model file.  It sits above the glue: nothing at run time calls it.
 *
 * Averaged structured perceptron (Collins 2002): sentences in an order
 * shuffled each epoch by a seeded generator (tg_xorshift64s; with the
 * history: documents shuffled, their sentences in order, the history made
 * of the current weights' own predictions, as it will be at run time);
 * where the Viterbi output differs from the gold tags, the gold tags'
 * features and transitions gain 1 and the predicted ones lose 1.  With
 * feature dropout each feature of a token sits out a step (not scored, not
 * updated) with a fixed chance, decided by a seeded hash: the model cannot
 * settle on the few strongest features (the word itself, a list hit) and
 * learns the context too, which is what unseen names have; it also keeps
 * the history features from being learnt on near-perfect training
 * predictions.  Word dropout leaves out all the features of the word
 * itself at once.  The model keeps the average of the weights over all
 * steps (computed lazily: the sum of step × update beside the weights),
 * which generalizes far better than the last weights; with several runs
 * (other seeds) it is the mean of their averages.  Each epoch the averaged
 * weights are scored on the dev documents (exact spans).  The weights are
 * written quantized to int8 per tag (scale = the tag's largest |weight| /
 * 127).  Deterministic: the same documents in the same order with the same
 * options give the same model bytes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "datafile.h"
#include "error.h"
#include "hash.h"
#include "internal.h"
#include "labels.h"
#include "ner_internal.h"
#include "normalize.h"
#include "options.h"
#include "grow.h"

/* A training or dev corpus: features and gold tags of every token, in
 * segments (sentences, cut at NER_SEGMENT tokens). */
typedef struct {
    uint32_t *f;
    size_t nf, fcap;
    size_t *off; /* [ntok + 1] */
    uint8_t *gold; /* 0, or 1 + label * 4 + position (BILOU) */
    size_t ntok, tokcap;
    size_t *seg; /* [nseg + 1] first token of each segment */
    size_t nseg, segcap;
    uint64_t *word; /* [ntok] word hashes (for the prediction history) */
    uint8_t *own;   /* [ntok] features of the word itself, first in its list */
    size_t *doc;    /* [ndoc + 1] first segment of each document */
    size_t ndoc, doccap;
} corpus;

static void corpus_free(corpus *c)
{
    free(c->f);
    free(c->off);
    free(c->gold);
    free(c->seg);
    free(c->word);
    free(c->own);
    free(c->doc);
}

struct tagger_ner_trainer {
    const tagger *t;
    tagger_ner_train_options opt;
    char lang[8];
    const char *labels[NER_MAX_LABELS];
    unsigned nlabels;
    corpus train, dev;
    tg_ner_featbuf fb;
    tg_ner_cslot *cslots; /* the word cluster table, or NULL */
    tg_ner_clusters ct;
    size_t cwords;
};

void tagger_ner_train_options_init_size(tagger_ner_train_options *opt, size_t size)
{
    const tagger_ner_train_options d = {
        .bucket_bits = 20, .epochs = 10, .bilou = 1, .seed = 1, .cluster_window = 0, .runs = 1};
    tg_opt_init(opt, &d, size, sizeof d);
}

/* Inserts a word's ids; returns 0 when the word was there already. */
static int cluster_insert(tg_ner_cslot *slot, size_t mask, uint64_t w, const uint16_t *id)
{
    uint64_t key = tg_ner_cluster_key(w);
    size_t at = (size_t)tg_fmix64(key) & mask;
    while (slot[at].key && slot[at].key != key)
        at = (at + 1) & mask;
    if (slot[at].key)
        return 0;
    slot[at].key = key;
    memcpy(slot[at].id, id, sizeof slot[at].id);
    return 1;
}

/* Copies the cluster table of the entity model at `path` (one from before
 * normalization fingerprints were recorded too: its table is reused as it
 * is; one of other normalization tables is refused). */
static tagger_status clusters_from_model(tagger_ner_trainer *tr, const char *path,
                                         unsigned window, tagger_error *err)
{
    tg_ner_model *m = tg_ner_model_read(path, 1, NULL, err);
    if (!m)
        return err ? err->code : TAGGER_ERR_LOAD;
    tagger_status rc = TAGGER_OK;
    size_t slots = m->clusters.slot ? m->clusters.mask + 1 : 0;
    if (!slots)
        rc = tg_error_set(err, TAGGER_ERR_USAGE, 0, "%s: the model has no word clusters", path);
    else if (!(tr->cslots = malloc(slots * sizeof *tr->cslots)))
        rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    if (rc == TAGGER_OK) {
        memcpy(tr->cslots, m->clusters.slot, slots * sizeof *tr->cslots);
        tr->ct = m->clusters;
        tr->ct.slot = tr->cslots;
        tr->ct.window = window;
        for (size_t i = 0; i < slots; i++)
            tr->cwords += tr->cslots[i].key != 0;
    }
    tg_ner_model_free(m);
    return rc;
}

/* The cluster ids after the word of a line ("<TAB>id<TAB>id...", from
 * `tab` on) into id; returns how many, or 0 when they are not 1 to 4
 * numbers below NER_CLUSTER_NONE. */
static unsigned parse_cluster_ids(const char *tab, uint16_t *id)
{
    unsigned nid = 0;
    for (const char *p = tab; *p == '\t';) {
        char *end;
        unsigned long v = strtoul(p + 1, &end, 10);
        if (end == p + 1 || v >= NER_CLUSTER_NONE || nid == NER_MAX_CLUSTER_LEVELS ||
            (*end && *end != '\t'))
            return 0;
        id[nid++] = (uint16_t)v;
        p = end;
    }
    return nid;
}

/* Reads the lines "word<TAB>id..." of the cluster file f (`nlines` of
 * them) into a new table in tr->cslots / tr->ct. */
static tagger_status read_cluster_lines(tagger_ner_trainer *tr, FILE *f, const char *path,
                                        size_t nlines, unsigned window, tagger_error *err)
{
    unsigned bits = NER_MIN_CLUSTER_BITS;
    while (bits < NER_MAX_CLUSTER_BITS && ((size_t)1 << bits) < 2 * nlines + 2)
        bits++;
    if (((size_t)1 << bits) < 2 * nlines + 2)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "%s: too many words (%zu)", path, nlines);
    tr->cslots = calloc((size_t)1 << bits, sizeof *tr->cslots);
    if (!tr->cslots)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    tr->ct.slot = tr->cslots;
    tr->ct.mask = ((size_t)1 << bits) - 1;
    tr->ct.window = window;
    char *line = NULL;
    size_t cap = 0, lines = 0;
    ssize_t got;
    tagger_status rc = TAGGER_OK;
    while (rc == TAGGER_OK && (got = getline(&line, &cap, f)) > 0) {
        lines++;
        size_t len = (size_t)got;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        char *tab = memchr(line, '\t', len);
        if (!tab || tab == line) {
            rc = tg_error_set(err, TAGGER_ERR_USAGE, 0, "%s:%zu: expected word<TAB>id...",
                              path, lines);
            break;
        }
        uint16_t id[NER_MAX_CLUSTER_LEVELS];
        unsigned nid = parse_cluster_ids(tab, id);
        if (nid == 0 || (tr->ct.levels && nid != tr->ct.levels)) {
            rc = tg_error_set(err, TAGGER_ERR_USAGE, 0,
                              "%s:%zu: expected 1 to %u cluster ids (0..%u), as many as on "
                              "the first line",
                              path, lines, NER_MAX_CLUSTER_LEVELS, NER_CLUSTER_NONE - 1);
            break;
        }
        tr->ct.levels = nid;
        for (unsigned l = nid; l < NER_MAX_CLUSTER_LEVELS; l++)
            id[l] = NER_CLUSTER_NONE;
        tr->cwords += cluster_insert(tr->cslots, tr->ct.mask,
                                     tg_fnv1a(line, (size_t)(tab - line)), id);
    }
    if (rc == TAGGER_OK)
        rc = tg_datafile_lines_end(f, path, lines + 1, err);
    if (rc == TAGGER_OK && tr->cwords == 0)
        rc = tg_error_set(err, TAGGER_ERR_USAGE, 0, "%s: no words", path);
    free(line);
    return rc;
}

/* Reads the cluster file (or the table of a model file) into tr->cslots /
 * tr->ct: the lines are counted first, to size the table. */
static tagger_status load_clusters(tagger_ner_trainer *tr, const char *path, unsigned window,
                                   tagger_error *err)
{
    size_t size;
    const char *why;
    FILE *f = tg_datafile_fopen(path, &size, &why);
    if (!f)
        return tg_datafile_open_error(path, "word cluster file", why, err);
    char magic[8];
    if (fread(magic, 1, sizeof magic, f) == sizeof magic &&
        memcmp(magic, NER_MAGIC, sizeof magic) == 0) {
        fclose(f);
        return clusters_from_model(tr, path, window, err);
    }
    rewind(f);
    char *line = NULL;
    size_t cap = 0, nlines = 0;
    while (getline(&line, &cap, f) > 0)
        nlines++;
    tagger_status rc = tg_datafile_lines_end(f, path, nlines + 1, err);
    free(line);
    if (rc == TAGGER_OK) {
        rewind(f);
        rc = read_cluster_lines(tr, f, path, nlines, window, err);
    }
    fclose(f);
    return rc;
}

tagger_ner_trainer *tagger_ner_trainer_new(const tagger *t, const tagger_ner_train_options *in,
                                           tagger_error *err)
{
    tagger_ner_train_options o;
    tagger_ner_train_options_init(&o);
    if (tg_opt_read(&o, in, sizeof o, "entity trainer", "tagger_ner_train_options_init", err) !=
        TAGGER_OK)
        return NULL;
    if (!t || o.bucket_bits < NER_MIN_BITS || o.bucket_bits > NER_MAX_BITS || o.epochs < 1 ||
        o.epochs > 1000 || (o.lang && strlen(o.lang) > 7) || o.cluster_window > 2 ||
        !(o.dropout >= 0 && o.dropout <= 0.9) || !(o.word_dropout >= 0 && o.word_dropout <= 0.9) ||
        o.runs > 16) {
        tg_error_set(err, TAGGER_ERR_USAGE, 0,
                     "entity trainer: bits must be %u..%u, epochs 1..1000, lang at most 7 "
                     "bytes, cluster window 0..2, dropouts 0..0.9, runs 1..16",
                     NER_MIN_BITS, NER_MAX_BITS);
        return NULL;
    }
    tagger_ner_trainer *tr = calloc(1, sizeof *tr);
    if (!tr) {
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    tr->t = t;
    tr->opt = o;
    tr->fb.own_first = 1;
    tr->opt.lang = NULL;
    tr->opt.clusters = NULL;
    if (o.lang)
        memcpy(tr->lang, o.lang, strlen(o.lang));
    if (o.clusters && load_clusters(tr, o.clusters, o.cluster_window, err) != TAGGER_OK) {
        tagger_ner_trainer_free(tr);
        return NULL;
    }
    return tr;
}

void tagger_ner_trainer_free(tagger_ner_trainer *tr)
{
    if (!tr)
        return;
    corpus_free(&tr->train);
    corpus_free(&tr->dev);
    tg_ner_featbuf_free(&tr->fb);
    free(tr->cslots);
    free(tr);
}

static int cmp_span_start(const void *a, const void *b)
{
    const tagger_span *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

/* Gold codes of a document's tokens from its spans (sorted by start). */
static tagger_status gold_codes(tagger_ner_trainer *tr, const tagger_token *tok, size_t n,
                                const tagger_span *spans, size_t nspans, uint8_t *code,
                                tagger_error *err)
{
    long *owner = malloc((n + 1) * sizeof *owner);
    if (!owner)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    for (size_t i = 0; i < n; i++)
        owner[i] = -1;
    size_t t = 0;
    for (size_t s = 0; s < nspans; s++) {
        while (t > 0 && tok[t - 1].end > spans[s].start)
            t--;
        while (t < n && tok[t].end <= spans[s].start)
            t++;
        for (size_t i = t; i < n && tok[i].start < spans[s].end; i++)
            if (owner[i] < 0)
                owner[i] = (long)s;
    }
    tagger_status rc = TAGGER_OK;
    for (size_t i = 0; i < n && rc == TAGGER_OK; i++) {
        code[i] = 0;
        if (owner[i] < 0)
            continue;
        const char *label = tg_label_name_of(spans[owner[i]].label);
        if (!label) {
            rc = tg_error_set(err, TAGGER_ERR_USAGE, 0,
                              "unknown entity label '%.40s' (expected PERSON, GPE, ORG …)",
                              spans[owner[i]].label);
            break;
        }
        unsigned li = 0;
        while (li < tr->nlabels && tr->labels[li] != label)
            li++;
        if (li == tr->nlabels) {
            if (tr->nlabels == NER_MAX_LABELS) {
                rc = tg_error_set(err, TAGGER_ERR_USAGE, 0, "more than %u entity labels",
                                  NER_MAX_LABELS);
                break;
            }
            tr->labels[tr->nlabels++] = label;
        }
        size_t sent = tok[i].sentence;
        int first = i == 0 || owner[i - 1] != owner[i] || tok[i - 1].sentence != sent;
        int last = i + 1 == n || owner[i + 1] != owner[i] || tok[i + 1].sentence != sent;
        unsigned pos = first && last ? NER_POS_U
                       : first       ? NER_POS_B
                       : last        ? NER_POS_L
                                     : NER_POS_I;
        code[i] = (uint8_t)(1 + li * 4 + pos);
    }
    free(owner);
    return rc;
}

/* Room in corpus c for a document of n more tokens (and its document
 * entry); 0 when out of memory. */
static int corpus_reserve(corpus *c, size_t n)
{
    uint8_t *g = tg_grow(c->gold, &c->tokcap, c->ntok + n + 1, 1, 1024);
    if (g)
        c->gold = g;
    size_t offcap = c->tokcap;
    size_t *off = g ? realloc(c->off, (offcap + 1) * sizeof *off) : NULL;
    if (off)
        c->off = off;
    uint64_t *word = off ? realloc(c->word, (offcap + 1) * sizeof *word) : NULL;
    if (word)
        c->word = word;
    uint8_t *own = word ? realloc(c->own, offcap + 1) : NULL;
    if (own)
        c->own = own;
    size_t *docs = tg_grow(c->doc, &c->doccap, c->ndoc + 2, sizeof *docs, 1024);
    if (docs)
        c->doc = docs;
    return g && off && word && own && docs;
}

/* Appends the features of a document's segments to corpus c (its gold
 * codes are in place after c->ntok, its features readied in tr->fb), then
 * the document itself; 0 when out of memory (c is then as it was). */
static int corpus_add(tagger_ner_trainer *tr, corpus *c, const tg_ner_input *in)
{
    size_t n = in->ntokens, seg0 = c->nseg, nf0 = c->nf;
    uint32_t mask = (1u << tr->opt.bucket_bits) - 1;
    for (size_t a = 0; a < n;) {
        size_t b = tg_ner_segment_end(in, a);
        size_t *seg = tg_grow(c->seg, &c->segcap, c->nseg + 2, sizeof *seg, 1024);
        if (seg)
            c->seg = seg;
        uint32_t *f = NULL;
        if (seg && tg_ner_segment_features(&tr->fb, in, a, b, mask, &tr->ct, NULL))
            f = tg_grow(c->f, &c->fcap, c->nf + tr->fb.nf + 1, sizeof *f, 1024);
        if (!f) {
            c->nseg = seg0;
            c->nf = nf0;
            return 0;
        }
        c->f = f;
        memcpy(c->f + c->nf, tr->fb.f, tr->fb.nf * sizeof *f);
        for (size_t i = a; i < b; i++) {
            c->off[c->ntok + i] = c->nf + tr->fb.off[i - a];
            c->own[c->ntok + i] = tr->fb.nown[i - a];
        }
        c->nf += tr->fb.nf;
        c->seg[c->nseg++] = c->ntok + a;
        a = b;
    }
    memcpy(c->word + c->ntok, tr->fb.w, n * sizeof *c->word);
    c->ntok += n;
    c->off[c->ntok] = c->nf;
    c->seg[c->nseg] = c->ntok;
    if (n) {
        c->doc[c->ndoc] = seg0;
        c->doc[++c->ndoc] = c->nseg;
    }
    return 1;
}

tagger_status tagger_ner_trainer_add(tagger_ner_trainer *tr, const char *text, size_t len,
                                     const tagger_span *spans, size_t nspans, int dev,
                                     tagger_error *err)
{
    if (!tr || (!text && len) || (!spans && nspans))
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "tagger_ner_trainer_add: NULL argument");
    for (size_t i = 0; i < nspans; i++)
        if (spans[i].start >= spans[i].end || spans[i].end > len || !spans[i].label)
            return tg_error_set(err, TAGGER_ERR_USAGE, 0, "entity %zu: bad span [%zu, %zu)", i,
                                spans[i].start, spans[i].end);
    tagger_doc *doc = tagger_process(tr->t, text, len, TAGGER_STAGE_TOKENIZE, err);
    if (!doc)
        return err ? err->code : TAGGER_ERR_INTERNAL;
    tagger_span *sorted = malloc((nspans + 1) * sizeof *sorted);
    tg_gaz_match *m = NULL;
    tg_rule_match *r = NULL;
    size_t nm = 0, mcap = 0, nr = 0, rcap = 0;
    corpus *c = dev ? &tr->dev : &tr->train;
    tagger_status rc = TAGGER_OK;
    if (!sorted || tg_doc_candidates(tr->t, doc, NULL, &m, &nm, &mcap, &r, &nr, &rcap) != TAGGER_OK) {
        rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        goto done;
    }
    if (nspans)
        memcpy(sorted, spans, nspans * sizeof *sorted);
    if (nspans > 1)
        qsort(sorted, nspans, sizeof *sorted, cmp_span_start);
    tg_ner_input in = {doc->text, &doc->norm, doc->tokens, doc->ntokens, m, nm, r, nr, NULL, NULL, NULL, NULL};
    if (!corpus_reserve(c, in.ntokens) || !tg_ner_doc_features(&tr->fb, &in, &tr->ct)) {
        rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        goto done;
    }
    rc = gold_codes(tr, in.tokens, in.ntokens, sorted, nspans, c->gold + c->ntok, err);
    if (rc == TAGGER_OK && !corpus_add(tr, c, &in))
        rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");

done:
    free(sorted);
    free(m);
    tg_rule_matches_free(r, nr);
    tagger_doc_free(doc);
    return rc;
}

/* The gold tag of a code under the scheme. */
static uint8_t code_tag(uint8_t code, unsigned scheme)
{
    if (code == 0)
        return 0;
    return (uint8_t)tg_ner_tag_make((code - 1u) / 4u, (code - 1u) % 4u, scheme);
}

typedef struct {
    unsigned T, scheme;
    size_t B;
    float *w;       /* [B][T] current */
    double *u;      /* [B][T] sum of step × update */
    float *tw;      /* transitions: [T+1][T] then final [T] */
    double *tu;
    float *avg, *tavg; /* averaged, for evaluation and writing */
    double steps;
    unsigned drop;      /* a feature is left out of a step with chance drop / 2^16 */
    unsigned wdrop;     /* a token's own-word features, with chance wdrop / 2^16 */
    uint64_t drop_salt; /* of the current step */
} perceptron;

/* Feature dropout (training only): whether the k-th feature of the corpus
 * sits out this step.  A seeded hash, so training stays deterministic. */
static inline int dropped(const perceptron *p, size_t k)
{
    return p->drop && (unsigned)(tg_fmix64(p->drop_salt ^ k) & 0xFFFF) < p->drop;
}

/* Word dropout (training only): how many features at the start of token
 * i's list sit out this step — all those of the word itself, or none. */
static inline size_t word_dropped(const perceptron *p, const corpus *c, size_t i)
{
    return p->wdrop && (unsigned)(tg_fmix64(~p->drop_salt ^ i) & 0xFFFF) < p->wdrop ? c->own[i]
                                                                                 : 0;
}

/* Emission scores of tokens [a, b) from weights w (the current ones with
 * dropout when training, the averaged ones without). */
static void emit_float(const perceptron *p, const float *w, int training, const corpus *c,
                       size_t a, size_t b, float *emit)
{
    unsigned T = p->T;
    for (size_t i = a; i < b; i++) {
        float *e = emit + (i - a) * T;
        for (unsigned t = 0; t < T; t++)
            e[t] = 0;
        size_t k0 = c->off[i] + (training ? word_dropped(p, c, i) : 0);
        for (size_t k = k0; k < c->off[i + 1]; k++) {
            if (training && dropped(p, k))
                continue;
            const float *row = w + (size_t)c->f[k] * T;
            for (unsigned t = 0; t < T; t++)
                e[t] += row[t];
        }
    }
}

/* Adds d to tag's weight in row f (and its step-weighted sum). */
static void update_row(perceptron *p, uint32_t f, unsigned tag, float d)
{
    size_t at = (size_t)f * p->T + tag;
    p->w[at] += d;
    p->u[at] += p->steps * d;
}

static void update(perceptron *p, const corpus *c, size_t i, unsigned tag, float d)
{
    for (size_t k = c->off[i] + word_dropped(p, c, i); k < c->off[i + 1]; k++)
        if (!dropped(p, k))
            update_row(p, c->f[k], tag, d);
}

/* The history features of a segment's words during training: bucket ids
 * per token (their rows are added to the emission scores and updated like
 * the token's other features). */
typedef struct {
    tg_ner_history h;
    uint32_t f[NER_SEGMENT][NER_HIST_MAX_FEATS];
    uint8_t n[NER_SEGMENT];
} train_history;

static void history_emit(train_history *th, const float *w, unsigned T, const uint64_t *words,
                         size_t n, uint32_t mask, float *emit)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t hs[NER_HIST_MAX_FEATS];
        size_t k = tg_ner_history_features(&th->h, words[i], hs);
        th->n[i] = (uint8_t)k;
        for (size_t j = 0; j < k; j++) {
            th->f[i][j] = (uint32_t)hs[j] & mask;
            const float *row = w + (size_t)th->f[i][j] * T;
            for (unsigned t = 0; t < T; t++)
                emit[i * T + t] += row[t];
        }
    }
}

static void history_update(perceptron *p, const train_history *th, size_t i, unsigned tag,
                           float d)
{
    for (size_t j = 0; j < th->n[i]; j++)
        update_row(p, th->f[i][j], tag, d);
}

static void update_trans(perceptron *p, size_t at, float d)
{
    p->tw[at] += d;
    p->tu[at] += p->steps * d;
}

static void average(perceptron *p)
{
    size_t nt = ((size_t)p->T + 2) * p->T;
    for (size_t i = 0; i < p->B * p->T; i++)
        p->avg[i] = (float)(p->w[i] - p->u[i] / p->steps);
    for (size_t i = 0; i < nt; i++)
        p->tavg[i] = (float)(p->tw[i] - p->tu[i] / p->steps);
}

typedef struct {
    size_t gold, pred, match;
} span_counts;

typedef struct {
    size_t first, last;
    unsigned label;
} tok_span;

typedef struct {
    tok_span *v;
    size_t n, cap;
} tok_spans;

static int collect_tok_span(void *ctx, size_t first, size_t last, unsigned label)
{
    tok_spans *s = ctx;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        tok_span *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return 0;
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = (tok_span){first, last, label};
    return 1;
}

/* Exact-span scores of the averaged weights on a corpus (with th, the
 * documents' segments in order with the prediction history). */
static int evaluate(const perceptron *p, const tg_ner_tag_rules *rules, const corpus *c,
                    tg_ner_scratch *sc, train_history *th, uint32_t mask, span_counts *out)
{
    tok_spans gs = {0}, ps = {0};
    uint8_t gold[NER_SEGMENT];
    int ok = 1;
    memset(out, 0, sizeof *out);
    for (size_t d = 0, s = 0; ok && s < c->nseg; s++) {
        size_t a = c->seg[s], b = c->seg[s + 1];
        if (th && d < c->ndoc && c->doc[d] == s &&
            !tg_ner_history_reset(&th->h, c->seg[c->doc[++d]] - a)) {
            ok = 0;
            break;
        }
        emit_float(p, p->avg, 0, c, a, b, sc->emit);
        if (th)
            history_emit(th, p->avg, p->T, c->word + a, b - a, mask, sc->emit);
        tg_ner_viterbi(rules, sc->emit, b - a, p->tavg, p->tavg + (p->T + 1) * p->T, sc->delta,
                sc->back, sc->tags);
        if (th)
            tg_ner_history_record(&th->h, c->word + a, sc->tags, b - a, p->scheme);
        for (size_t i = a; i < b; i++)
            gold[i - a] = code_tag(c->gold[i], p->scheme);
        gs.n = ps.n = 0;
        ok = tg_ner_tags_to_spans(gold, b - a, p->scheme, collect_tok_span, &gs) &&
             tg_ner_tags_to_spans(sc->tags, b - a, p->scheme, collect_tok_span, &ps);
        out->gold += gs.n;
        out->pred += ps.n;
        for (size_t i = 0, j = 0; i < gs.n && j < ps.n;) {
            if (gs.v[i].first == ps.v[j].first && gs.v[i].last == ps.v[j].last) {
                out->match += gs.v[i].label == ps.v[j].label;
                i++, j++;
            } else if (gs.v[i].first < ps.v[j].first ||
                       (gs.v[i].first == ps.v[j].first && gs.v[i].last < ps.v[j].last)) {
                i++;
            } else {
                j++;
            }
        }
    }
    free(gs.v);
    free(ps.v);
    return ok;
}

/* Scores the averaged weights on the dev documents into ep (nothing
 * without dev documents); 0 when out of memory. */
static int score_dev(const perceptron *p, const tg_ner_tag_rules *rules, const corpus *dev,
                     tg_ner_scratch *sc, train_history *th, uint32_t mask, tagger_ner_epoch *ep)
{
    span_counts n;
    if (!dev->nseg)
        return 1;
    if (!evaluate(p, rules, dev, sc, th, mask, &n))
        return 0;
    ep->has_dev = 1;
    ep->dev_precision = n.pred ? (double)n.match / (double)n.pred : 0;
    ep->dev_recall = n.gold ? (double)n.match / (double)n.gold : 0;
    ep->dev_f1 = ep->dev_precision + ep->dev_recall > 0
                     ? 2 * ep->dev_precision * ep->dev_recall /
                           (ep->dev_precision + ep->dev_recall)
                     : 0;
    return 1;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One perceptron step on the segment [a, b): decode with the current
 * weights (and, with th, the history features), update where wrong. */
static size_t train_segment(perceptron *p, const tg_ner_tag_rules *rules, const corpus *c, size_t a,
                            size_t b, tg_ner_scratch *sc, train_history *th, uint32_t mask)
{
    size_t T = p->T, n = b - a, mistakes = 0;
    uint8_t gold[NER_SEGMENT];
    p->drop_salt = tg_fmix64((uint64_t)p->steps * 0x9E3779B97F4A7C15ull);
    emit_float(p, p->w, 1, c, a, b, sc->emit);
    if (th)
        history_emit(th, p->w, p->T, c->word + a, n, mask, sc->emit);
    tg_ner_viterbi(rules, sc->emit, n, p->tw, p->tw + (T + 1) * T, sc->delta, sc->back, sc->tags);
    int wrong = 0;
    for (size_t i = 0; i < n; i++) {
        gold[i] = code_tag(c->gold[a + i], p->scheme);
        if (gold[i] != sc->tags[i]) {
            wrong = 1;
            mistakes++;
            update(p, c, a + i, gold[i], 1.0f);
            update(p, c, a + i, sc->tags[i], -1.0f);
            if (th) {
                history_update(p, th, i, gold[i], 1.0f);
                history_update(p, th, i, sc->tags[i], -1.0f);
            }
        }
    }
    if (wrong) {
        for (size_t i = 0; i <= n; i++) {
            size_t gp = i ? gold[i - 1] : T, pp = i ? sc->tags[i - 1] : T;
            size_t gc = i < n ? gold[i] : T, pc = i < n ? sc->tags[i] : T;
            if (gp == pp && gc == pc)
                continue;
            /* column T of the previous-state rows is the end state */
            update_trans(p, gc < T ? gp * T + gc : (T + 1) * T + gp, 1.0f);
            update_trans(p, pc < T ? pp * T + pc : (T + 1) * T + pp, -1.0f);
        }
    }
    if (th)
        tg_ner_history_record(&th->h, c->word + a, sc->tags, n, p->scheme);
    p->steps += 1;
    return mistakes;
}

static void shuffle(size_t *order, size_t n, uint64_t *rng)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(tg_xorshift64s(rng) % i);
        size_t t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
}

/* One epoch over the training segments in a fresh shuffled order; with the
 * prediction history, over the documents in a shuffled order and the
 * segments of each in their order.  Returns the mistagged tokens, or
 * (size_t)-1 when out of memory. */
static size_t train_epoch(perceptron *p, const tg_ner_tag_rules *rules, const corpus *c,
                          size_t *order, uint64_t *rng, tg_ner_scratch *sc, train_history *th,
                          uint32_t mask)
{
    size_t mistakes = 0;
    if (!th) {
        shuffle(order, c->nseg, rng);
        for (size_t s = 0; s < c->nseg; s++)
            mistakes += train_segment(p, rules, c, c->seg[order[s]], c->seg[order[s] + 1], sc,
                                      NULL, mask);
        return mistakes;
    }
    shuffle(order, c->ndoc, rng);
    for (size_t d = 0; d < c->ndoc; d++) {
        size_t s0 = c->doc[order[d]], s1 = c->doc[order[d] + 1];
        if (!tg_ner_history_reset(&th->h, c->seg[s1] - c->seg[s0]))
            return (size_t)-1;
        for (size_t s = s0; s < s1; s++)
            mistakes += train_segment(p, rules, c, c->seg[s], c->seg[s + 1], sc, th, mask);
    }
    return mistakes;
}

/* The quantized model image; NULL when out of memory. */
static unsigned char *build_image(const tagger_ner_trainer *tr, const perceptron *p,
                                  size_t *size)
{
    tg_ner_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, NER_MAGIC, 8);
    h.version = NER_VERSION;
    h.endian = NER_ENDIAN;
    h.bucket_bits = tr->opt.bucket_bits;
    h.nlabels = tr->nlabels;
    h.ntags = p->T;
    h.scheme = p->scheme;
    size_t sbytes = 1;
    for (unsigned i = 0; i < tr->nlabels; i++)
        sbytes += strlen(tr->labels[i]) + 1;
    /* NULs past the labels, so that the weight rows start on a 64-byte
     * line: read in place from a mapped file (ner_model.c rows_ready) a
     * 16-byte row then never spans two lines */
    h.string_bytes = (uint32_t)sbytes;
    h.string_bytes += (uint32_t)(-tg_ner_layout_of(&h).weights % 64);
    if (tr->cslots) {
        h.cluster_levels = tr->ct.levels;
        h.cluster_window = tr->ct.window;
        h.cluster_bits = 0;
        while (((size_t)1 << h.cluster_bits) <= tr->ct.mask)
            h.cluster_bits++;
    }
    memcpy(h.lang, tr->lang, sizeof h.lang);
    h.history = tr->opt.history != 0;
    h.norm_fingerprint = tg_normalize_fingerprint();
    tg_ner_layout l = tg_ner_layout_of(&h);
    h.file_size = l.total;
    unsigned char *image = calloc(1, l.total);
    if (!image)
        return NULL;
    uint32_t *lab = (uint32_t *)(image + l.labels);
    char *strings = (char *)image + l.strings;
    size_t at = 1;
    for (unsigned i = 0; i < tr->nlabels; i++) {
        lab[i] = (uint32_t)at;
        at += (size_t)sprintf(strings + at, "%s", tr->labels[i]) + 1;
    }
    float *scale = (float *)(image + l.scales);
    unsigned T = p->T;
    for (unsigned t = 0; t < T; t++) {
        float mx = 0;
        for (size_t b = 0; b < p->B; b++)
            if (fabsf(p->avg[b * T + t]) > mx)
                mx = fabsf(p->avg[b * T + t]);
        scale[t] = mx > 0 ? mx / 127.0f : 1.0f;
    }
    int8_t *q = (int8_t *)(image + l.weights);
    size_t stride = tg_ner_row_stride(T);
    for (size_t b = 0; b < p->B; b++)
        for (unsigned t = 0; t < T; t++) {
            long v = lrintf(p->avg[b * T + t] / scale[t]);
            q[b * stride + t] = (int8_t)(v > 127 ? 127 : v < -127 ? -127 : v);
        }
    memcpy(image + l.trans, p->tavg, ((size_t)T + 1) * T * sizeof(float));
    memcpy(image + l.final, p->tavg + ((size_t)T + 1) * T, (size_t)T * sizeof(float));
    if (tr->cslots)
        memcpy(image + l.clusters, tr->cslots, (tr->ct.mask + 1) * sizeof *tr->cslots);
    memcpy(image, &h, sizeof h);
    tg_ner_model_seal(image, l.total);
    *size = l.total;
    return image;
}

static void perceptron_free(perceptron *p)
{
    free(p->w);
    free(p->u);
    free(p->tw);
    free(p->tu);
    free(p->avg);
    free(p->tavg);
}

/* What one tagger_ner_trainer_write works with. */
typedef struct {
    perceptron p;
    size_t nt; /* transition weights: [T+1][T] then final [T] */
    tg_ner_tag_rules rules;
    tg_ner_scratch sc;
    size_t *order;      /* of the segments or documents, shuffled */
    train_history *th;  /* with the prediction history */
    unsigned runs;
    double *sum;        /* with several runs: the sum of their averaged weights */
    uint32_t mask;
} session;

static void session_free(session *s)
{
    free(s->order);
    free(s->sum);
    if (s->th)
        tg_ner_history_free(&s->th->h);
    free(s->th);
    perceptron_free(&s->p);
    tg_ner_scratch_free(&s->sc);
}

/* 0 when out of memory (then freed with session_free). */
static int session_init(session *s, const tagger_ner_trainer *tr)
{
    perceptron *p = &s->p;
    memset(s, 0, sizeof *s);
    p->scheme = tr->opt.bilou ? NER_SCHEME_BILOU : NER_SCHEME_BIO;
    p->T = tg_ner_ntags(tr->nlabels, p->scheme);
    p->B = (size_t)1 << tr->opt.bucket_bits;
    p->steps = 1;
    p->drop = (unsigned)lrint(tr->opt.dropout * 65536.0);
    p->wdrop = (unsigned)lrint(tr->opt.word_dropout * 65536.0);
    s->nt = ((size_t)p->T + 2) * p->T;
    tg_ner_tag_rules_init(&s->rules, p->T, p->scheme);
    s->order = malloc(tr->train.nseg * sizeof *s->order);
    s->mask = (uint32_t)(p->B - 1);
    s->th = tr->opt.history ? calloc(1, sizeof *s->th) : NULL;
    s->runs = tr->opt.runs ? tr->opt.runs : 1;
    s->sum = s->runs > 1 ? calloc(p->B * p->T + s->nt, sizeof *s->sum) : NULL;
    p->w = calloc(p->B * p->T, sizeof *p->w);
    p->u = calloc(p->B * p->T, sizeof *p->u);
    p->avg = calloc(p->B * p->T, sizeof *p->avg);
    p->tw = calloc(s->nt, sizeof *p->tw);
    p->tu = calloc(s->nt, sizeof *p->tu);
    p->tavg = calloc(s->nt, sizeof *p->tavg);
    return s->order && (!tr->opt.history || s->th) && (s->runs == 1 || s->sum) && p->w &&
           p->u && p->avg && p->tw && p->tu && p->tavg && tg_ner_scratch_alloc(&s->sc, p->T);
}

/* Run `run` (0-based) from zero weights: its epochs, each reported, and
 * its averaged weights added to the sum.  0 when out of memory. */
static int train_run(session *s, const tagger_ner_trainer *tr, unsigned run,
                     void (*progress)(void *ud, const tagger_ner_epoch *e), void *ud)
{
    perceptron *p = &s->p;
    if (run) {
        memset(p->w, 0, p->B * p->T * sizeof *p->w);
        memset(p->u, 0, p->B * p->T * sizeof *p->u);
        memset(p->tw, 0, s->nt * sizeof *p->tw);
        memset(p->tu, 0, s->nt * sizeof *p->tu);
        p->steps = 1;
    }
    for (size_t i = 0; i < tr->train.nseg; i++)
        s->order[i] = i;
    uint64_t rng = (tr->opt.seed + run) * 0x9E3779B97F4A7C15ull + 0x1234567ull;
    if (rng == 0)
        rng = 1;
    for (unsigned e = 1; e <= tr->opt.epochs; e++) {
        double t0 = now_seconds();
        tagger_ner_epoch ep;
        memset(&ep, 0, sizeof ep);
        ep.epoch = e;
        ep.run = run + 1;
        ep.tokens = tr->train.ntok;
        ep.mistakes =
            train_epoch(p, &s->rules, &tr->train, s->order, &rng, &s->sc, s->th, s->mask);
        average(p);
        if (ep.mistakes == (size_t)-1 ||
            !score_dev(p, &s->rules, &tr->dev, &s->sc, s->th, s->mask, &ep))
            return 0;
        ep.seconds = now_seconds() - t0;
        if (progress)
            progress(ud, &ep);
    }
    for (size_t i = 0; s->sum && i < p->B * p->T; i++)
        s->sum[i] += p->avg[i];
    for (size_t i = 0; s->sum && i < s->nt; i++)
        s->sum[p->B * p->T + i] += p->tavg[i];
    return 1;
}

/* The model as the mean of the runs' averaged weights, scored on the dev
 * documents (reported as run runs + 1).  0 when out of memory. */
static int mean_of_runs(session *s, const tagger_ner_trainer *tr,
                        void (*progress)(void *ud, const tagger_ner_epoch *e), void *ud)
{
    perceptron *p = &s->p;
    for (size_t i = 0; i < p->B * p->T; i++)
        p->avg[i] = (float)(s->sum[i] / s->runs);
    for (size_t i = 0; i < s->nt; i++)
        p->tavg[i] = (float)(s->sum[p->B * p->T + i] / s->runs);
    tagger_ner_epoch ep;
    memset(&ep, 0, sizeof ep);
    ep.run = s->runs + 1;
    if (!score_dev(p, &s->rules, &tr->dev, &s->sc, s->th, s->mask, &ep))
        return 0;
    if (progress && ep.has_dev)
        progress(ud, &ep);
    return 1;
}

tagger_status tagger_ner_trainer_write(tagger_ner_trainer *tr, const char *path,
                                       void (*progress)(void *ud, const tagger_ner_epoch *e),
                                       void *ud, tagger_ner_train_report *report,
                                       tagger_error *err)
{
    if (!tr || !path)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "tagger_ner_trainer_write: NULL argument");
    if (tr->nlabels == 0 || tr->train.nseg == 0)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0,
                            "no training entities: nothing to learn from");
    session s;
    int ok = session_init(&s, tr);
    for (unsigned run = 0; ok && run < s.runs; run++)
        ok = train_run(&s, tr, run, progress, ud);
    if (ok && s.sum)
        ok = mean_of_runs(&s, tr, progress, ud);
    if (!ok) {
        session_free(&s);
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory training");
    }
    size_t size = 0;
    unsigned char *image = build_image(tr, &s.p, &size);
    int built = image != NULL;
    tagger_status rc = built ? tg_datafile_write(path, image, size, err)
                             : tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    free(image);
    if (built && report) {
        memset(report, 0, sizeof *report);
        report->train_tokens = tr->train.ntok;
        report->train_segments = tr->train.nseg;
        report->dev_tokens = tr->dev.ntok;
        report->labels = tr->nlabels;
        report->tags = s.p.T;
        report->file_bytes = size;
        report->train_features = tr->train.nf;
        report->cluster_words = tr->cwords;
    }
    session_free(&s);
    return rc;
}

size_t tagger_ner_trainer_label_count(const tagger_ner_trainer *tr)
{
    return tr->nlabels;
}

const char *tagger_ner_trainer_label(const tagger_ner_trainer *tr, size_t i)
{
    return i < tr->nlabels ? tr->labels[i] : NULL;
}
