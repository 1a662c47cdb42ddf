/*
 * topics_train — the topic trainer (tagger_topic_trainer_*, tagger.h):
 * documents are featurized as they are added (topics_features.c, with the
 * trainer's options as the model's flags), then fitted, calibrated,
 * quantized and written as a model file (topics_private.h).  It reads
 * documents with a tagger's normalizer and tokenizer, so it sits above the
 * glue.
 *
 * Learning
 * --------
 * Five fits, all giving a weight per (bucket, label) and a bias per label,
 * so prediction is the same for all:
 *   - complement naive Bayes (Rennie et al. 2003), the default: for label c,
 *     w_fc = -log((α + N_f,¬c) / (α·B + N_¬c)) from the summed feature
 *     values of the documents NOT labelled c, additive smoothing α = 0.03;
 *   - multinomial naive Bayes: w_fc = log((α + N_fc) / (α·B + N_c)) and the
 *     label prior as bias;
 *   - softmax regression by averaged SGD (shuffled epochs from a seeded
 *     generator, rate decaying as 1/(1 + t/n), Polyak averaging);
 *   - NBLR, NBSVM's idea (Wang & Manning 2012) for several labels: softmax
 *     regression whose features are scaled per label by the naive Bayes
 *     log-count ratio r_fc = log P(f | c) - log P(f | ¬c) (the two weights
 *     above added), w_fc = r_fc v_fc (without their interpolation, which
 *     lost BBC: docs/topics.md, "Round 10");
 *   - CNB_LR: the complement weights times a fitted factor plus a fitted
 *     correction, w_fc = a w^cnb_fc + v_fc, where a, v and the biases are
 *     fitted on complement scores cross-fitted over fifths (each document
 *     scored by weights that did not see it).
 * The last two minimize the documents' weighed mean cross-entropy plus an
 * L2 penalty on v by limited-memory BFGS over the whole batch
 * (deterministic).
 * Optionally the complement weights of each label are scaled to unit L1
 * norm (Rennie's "WCNB").
 * Measured across agencies (README "Topics"): trained on ISNA and Fars and
 * tested on Hamshahri and Asriran/Tabnak, the naive Bayes fits generalize
 * better than the regression, which learns each agency's own phrasing as
 * well as the topic.  Optional label weights balance skewed training sets.
 * With the idf option, document frequencies are counted over every
 * document before the fit and kept in the model.
 *
 * Calibration
 * -----------
 * The temperature T of p = softmax(s / T) is fitted on a held-out tenth of
 * the training documents (chosen by a seeded generator): a model trained
 * on the other nine tenths scores them, and T minimizes their negative log
 * likelihood by golden-section search on log T in [1e-3, 1e3].  Then the
 * model is refitted on every document and keeps that T.
 *
 * The fitted weights are centered per bucket and quantized to int8 with a
 * per-label scale (topics_private.h).  Training is deterministic: the same
 * documents and options give the same model bytes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datafile.h"
#include "hash.h"
#include "internal.h"
#include "ner_internal.h"
#include "options.h"
#include "topics_private.h"
#include "grow.h"

#define TOPIC_HOLDOUT 10 /* one document in ten calibrates */

typedef struct {
    char *name, *iptc;
    size_t docs;
} train_label;

struct tagger_topic_trainer {
    const tagger *t;
    tagger_topic_train_options opt; /* as read, without the borrowed pointers */
    char lang[8];
    tg_topic_features fs;
    tg_topic_cslot *cslots; /* the word cluster table (fs.cslot), or NULL */
    char **pattern_text; /* as given, written into the model */
    size_t npattern_text;
    train_label *labels;
    size_t nlabels;
    tg_topic_feat *feats; /* every document's features, end to end */
    size_t nfeats, capfeats;
    size_t *doc_start; /* [ndocs + 1] */
    uint32_t *doc_label;
    uint32_t *doc_source; /* the source each document was added under */
    uint32_t source;      /* the source of the next documents */
    size_t ndocs, capdocs;
};

/* ------------------------------------------------------------- options */

void tagger_topic_train_options_init_size(tagger_topic_train_options *opt, size_t size)
{
    const tagger_topic_train_options d = {
        .algorithm = TAGGER_TOPIC_CNB, .bucket_bits = 18, .word_pairs = 1, .epochs = 8,
        .learning_rate = 1.0, .smoothing = 0.03, .balance = 0, .seed = 1, .calibrate = 1,
        .l2 = 1e-4, .none_weight = 1};
    tg_opt_init(opt, &d, size, sizeof d);
}

/* TAGGER_OK, or TAGGER_ERR_USAGE saying why the options cannot train. */
static tagger_status check_options(const tagger_topic_train_options *o, tagger_error *err)
{
    if (o->bucket_bits < TOPIC_MIN_BITS || o->bucket_bits > TOPIC_MAX_BITS)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "bucket bits must be %u to %u, got %u",
                            TOPIC_MIN_BITS, TOPIC_MAX_BITS, o->bucket_bits);
    if (o->algorithm < TAGGER_TOPIC_LOGREG || o->algorithm > TAGGER_TOPIC_CNB_LR)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "unknown topic algorithm %d",
                            o->algorithm);
    if (o->lang && strlen(o->lang) >= 8)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "language tag too long: '%s'", o->lang);
    if (!(o->source_balance >= 0 && o->source_balance <= 4))
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "the source balance must be 0 to 4");
    if (!(o->none_weight >= 0.01 && o->none_weight <= 100))
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "the none weight must be 0.01 to 100");
    if (!(o->l2 >= 0 && o->l2 <= 1))
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "the L2 penalty must be 0 to 1");
    if (!(o->learning_rate > 0) || !(o->smoothing > 0) || o->epochs == 0 || o->epochs > 1000)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0,
                            "epochs must be 1 to 1000, the rate and the smoothing > 0");
    return TAGGER_OK;
}

/* ------------------------------------------------------------- trainer */

_Static_assert(sizeof(tg_topic_cslot) == sizeof(tg_ner_cslot) &&
                   TOPIC_CLUSTER_LEVELS == NER_MAX_CLUSTER_LEVELS &&
                   TOPIC_CLUSTER_NONE == NER_CLUSTER_NONE,
               "the topic and entity cluster tables share a layout");

/* Copies the word cluster table of the entity model at `path` into
 * tr->cslots and sets up the features to use its levels `levels` (a bit
 * per level; 0: all). */
static tagger_status load_clusters(tagger_topic_trainer *tr, const char *path, unsigned levels,
                                   tagger_error *err)
{
    tg_ner_model *m = tg_ner_model_read(path, 1, NULL, err);
    if (!m)
        return err ? err->code : TAGGER_ERR_LOAD;
    tagger_status rc = TAGGER_OK;
    size_t slots = m->clusters.slot ? m->clusters.mask + 1 : 0;
    unsigned all = (1u << m->clusters.levels) - 1;
    if (!slots)
        rc = tg_error_set(err, TAGGER_ERR_USAGE, 0, "%s: the model has no word clusters", path);
    else if (levels & ~all)
        rc = tg_error_set(err, TAGGER_ERR_USAGE, 0,
                          "%s: the cluster table has levels 1 to %u only", path,
                          m->clusters.levels);
    else if (slots > (size_t)1 << TOPIC_MAX_CLUSTER_BITS)
        rc = tg_error_set(err, TAGGER_ERR_USAGE, 0, "%s: cluster table too large", path);
    else if (!(tr->cslots = malloc(slots * sizeof *tr->cslots)))
        rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    if (rc == TAGGER_OK) {
        memcpy(tr->cslots, m->clusters.slot, slots * sizeof *tr->cslots);
        tr->fs.cslot = tr->cslots;
        tr->fs.cmask = (uint32_t)(slots - 1);
        tr->fs.cuse = levels ? levels : all;
        tr->fs.flags |= TOPIC_FLAG_CLUSTERS;
        if (tg_topic_clusters_ready(&tr->fs, NULL) != TAGGER_OK)
            rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    tg_ner_model_free(m);
    return rc;
}

/* Keeps the boilerplate pattern `s`: its text for the model file, its
 * words for the features (a pattern without words is left out). */
static tagger_status keep_pattern(tagger_topic_trainer *tr, const char *s, tagger_error *err)
{
    char **grown = realloc(tr->pattern_text, (tr->npattern_text + 1) * sizeof *grown);
    if (!grown)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    tr->pattern_text = grown;
    if (!(grown[tr->npattern_text] = strdup(s)))
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    tr->npattern_text++;
    size_t before = tr->fs.npatterns;
    tagger_status rc =
        tg_topic_pattern_add(&tr->fs, tr->t->normalizer, tr->t->tokenizer, s, err);
    if (rc == TAGGER_ERR_INVALID_UTF8)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "boilerplate pattern is not valid UTF-8");
    if (rc == TAGGER_OK && tr->fs.npatterns == before)
        free(tr->pattern_text[--tr->npattern_text]); /* no words in it */
    return rc;
}

tagger_topic_trainer *tagger_topic_trainer_new(const tagger *t,
                                               const tagger_topic_train_options *opt,
                                               tagger_error *err)
{
    if (!t) {
        tg_error_set(err, TAGGER_ERR_USAGE, 0, "tagger_topic_trainer_new: NULL tagger");
        return NULL;
    }
    tagger_topic_train_options o;
    tagger_topic_train_options_init(&o);
    if (tg_opt_read(&o, opt, sizeof o, "tagger_topic_trainer_new",
                    "tagger_topic_train_options_init", err) != TAGGER_OK)
        return NULL;
    if (check_options(&o, err) != TAGGER_OK)
        return NULL;
    tagger_topic_trainer *tr = calloc(1, sizeof *tr);
    if (!tr || !(tr->doc_start = malloc(sizeof *tr->doc_start))) {
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        goto error;
    }
    tr->t = t;
    tr->opt = o;
    tr->opt.boilerplate = NULL;
    tr->opt.nboilerplate = 0;
    tr->opt.lang = NULL;
    tr->opt.clusters = NULL;
    if (o.lang)
        snprintf(tr->lang, sizeof tr->lang, "%s", o.lang);
    tr->fs.mask = ((uint32_t)1 << o.bucket_bits) - 1;
    tr->fs.flags = (o.word_pairs ? TOPIC_FLAG_PAIRS : 0) | (o.idf ? TOPIC_FLAG_IDF : 0) |
                   (o.stems ? TOPIC_FLAG_STEMS : 0) | (o.char_grams ? TOPIC_FLAG_GRAMS : 0) |
                   (o.prefixes ? TOPIC_FLAG_TRUNC : 0) | (o.short_pieces ? TOPIC_FLAG_SHORT : 0);
    tr->doc_start[0] = 0;
    if (o.clusters && load_clusters(tr, o.clusters, o.cluster_levels, err) != TAGGER_OK)
        goto error;
    if (!o.no_default_boilerplate)
        for (size_t i = 0; tg_topic_default_boilerplate[i]; i++)
            if (keep_pattern(tr, tg_topic_default_boilerplate[i], err) != TAGGER_OK)
                goto error;
    for (size_t i = 0; i < o.nboilerplate; i++)
        if (keep_pattern(tr, o.boilerplate[i], err) != TAGGER_OK)
            goto error;
    return tr;

error:
    tagger_topic_trainer_free(tr);
    return NULL;
}

void tagger_topic_trainer_free(tagger_topic_trainer *tr)
{
    if (!tr)
        return;
    tg_topic_features_clear(&tr->fs);
    free(tr->cslots);
    for (size_t i = 0; i < tr->npattern_text; i++)
        free(tr->pattern_text[i]);
    free(tr->pattern_text);
    for (size_t i = 0; i < tr->nlabels; i++) {
        free(tr->labels[i].name);
        free(tr->labels[i].iptc);
    }
    free(tr->labels);
    free(tr->feats);
    free(tr->doc_start);
    free(tr->doc_label);
    free(tr->doc_source);
    free(tr);
}

/* The index of `label`, added if new; SIZE_MAX after filling err. */
static size_t label_index(tagger_topic_trainer *tr, const char *label, const char *iptc,
                          tagger_error *err)
{
    for (size_t i = 0; i < tr->nlabels; i++) {
        train_label *l = &tr->labels[i];
        if (strcmp(l->name, label) != 0)
            continue;
        if (iptc && *iptc) {
            if (!l->iptc[0]) {
                char *c = strdup(iptc);
                if (!c)
                    break;
                free(l->iptc);
                l->iptc = c;
            } else if (strcmp(l->iptc, iptc) != 0) {
                tg_error_set(err, TAGGER_ERR_USAGE, 0,
                             "label '%s' given two IPTC codes: '%s' and '%s'", label, l->iptc,
                             iptc);
                return SIZE_MAX;
            }
        }
        return i;
    }
    if (tr->nlabels == TOPIC_MAX_LABELS) {
        tg_error_set(err, TAGGER_ERR_USAGE, 0, "too many labels (at most %u)", TOPIC_MAX_LABELS);
        return SIZE_MAX;
    }
    train_label *grown = realloc(tr->labels, (tr->nlabels + 1) * sizeof *grown);
    if (!grown)
        goto nomem;
    tr->labels = grown;
    train_label l = {strdup(label), strdup(iptc ? iptc : ""), 0};
    if (!l.name || !l.iptc) {
        free(l.name);
        free(l.iptc);
        goto nomem;
    }
    tr->labels[tr->nlabels] = l;
    return tr->nlabels++;

nomem:
    tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    return SIZE_MAX;
}

/* The features of one document (text, len) into *f, *nf. */
static tagger_status featurize(const tagger_topic_trainer *tr, const char *text, size_t len,
                               tg_topic_feat **f, size_t *nf, tagger_error *err)
{
    tg_normtext nt;
    memset(&nt, 0, sizeof nt);
    tagger_token *toks = NULL;
    size_t ntoks = 0, nsent = 0;
    tagger_status rc = tg_normalize(tr->t->normalizer, text ? text : "", len, &nt, err);
    if (rc == TAGGER_OK)
        rc = tg_tokenize(tr->t->tokenizer, &nt, &toks, &ntoks, &nsent, err);
    if (rc == TAGGER_OK && tg_topic_extract(&tr->fs, nt.text, toks, ntoks, NULL, f, nf) != TAGGER_OK)
        rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    free(toks);
    tg_normtext_free(&nt);
    return rc;
}

/* Room for one more document and nf more features. */
static int grow_docs(tagger_topic_trainer *tr, size_t nf)
{
    if (tr->ndocs + 1 >= tr->capdocs) {
        size_t cap = tr->capdocs ? tr->capdocs * 2 : 1024;
        size_t *ds = realloc(tr->doc_start, (cap + 1) * sizeof *ds);
        if (ds)
            tr->doc_start = ds;
        uint32_t *dl = ds ? realloc(tr->doc_label, cap * sizeof *dl) : NULL;
        if (dl)
            tr->doc_label = dl;
        uint32_t *dsrc = dl ? realloc(tr->doc_source, cap * sizeof *dsrc) : NULL;
        if (!dsrc)
            return 0;
        tr->doc_source = dsrc;
        tr->capdocs = cap;
    }
    tg_topic_feat *g = tg_grow(tr->feats, &tr->capfeats, tr->nfeats + nf, sizeof *g, 1 << 16);
    if (!g)
        return 0;
    tr->feats = g;
    return 1;
}

tagger_status tagger_topic_trainer_add(tagger_topic_trainer *tr, const char *text, size_t len,
                                       const char *label, const char *iptc, tagger_error *err)
{
    if (!tr || !label || !*label || (!text && len))
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "tagger_topic_trainer_add: missing "
                                                      "text or label");
    size_t bad;
    if (!tg_utf8_valid(label, strlen(label), &bad))
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "label is not valid UTF-8");
    if (len > tr->t->max_doc_bytes)
        return tg_error_set(err, TAGGER_ERR_TOO_LARGE, 0,
                            "document of %zu bytes exceeds the limit of %zu bytes", len,
                            tr->t->max_doc_bytes);
    tg_topic_feat *f = NULL;
    size_t nf = 0;
    tagger_status rc = featurize(tr, text, len, &f, &nf, err);
    if (rc != TAGGER_OK)
        return rc;
    size_t li = label_index(tr, label, iptc, err);
    if (li == SIZE_MAX) {
        free(f);
        return err ? err->code : TAGGER_ERR_USAGE;
    }
    if (!grow_docs(tr, nf)) {
        free(f);
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    if (nf)
        memcpy(tr->feats + tr->nfeats, f, nf * sizeof *f);
    free(f);
    tr->nfeats += nf;
    tr->doc_label[tr->ndocs] = (uint32_t)li;
    tr->doc_source[tr->ndocs] = tr->source;
    tr->doc_start[++tr->ndocs] = tr->nfeats;
    tr->labels[li].docs++;
    return TAGGER_OK;
}

void tagger_topic_trainer_set_source(tagger_topic_trainer *tr, unsigned source)
{
    if (tr)
        tr->source = source;
}

size_t tagger_topic_trainer_label_count(const tagger_topic_trainer *tr)
{
    return tr ? tr->nlabels : 0;
}

const char *tagger_topic_trainer_label(const tagger_topic_trainer *tr, size_t i,
                                       const char **iptc, size_t *docs)
{
    if (!tr || i >= tr->nlabels)
        return NULL;
    if (iptc)
        *iptc = tr->labels[i].iptc;
    if (docs)
        *docs = tr->labels[i].docs;
    return tr->labels[i].name;
}

/* ----------------------------------------------------------------- fitting */

/* A fitted float model: w[bucket * L + label], b[label]. */
typedef struct {
    double *w, *b;
} fit_model;

/* Averaged SGD on softmax regression over the documents in `docs`. */
static int fit_logreg(const tagger_topic_trainer *tr, const size_t *docs, size_t n,
                      const double *doc_weight, fit_model *out)
{
    size_t L = tr->nlabels, B = (size_t)tr->fs.mask + 1;
    double *w = calloc(B * L, sizeof *w), *u = calloc(B * L, sizeof *u);
    double *b = calloc(L, sizeof *b), *ub = calloc(L, sizeof *ub);
    double *s = malloc(L * sizeof *s), *p = malloc(L * sizeof *p);
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    if (!w || !u || !b || !ub || !s || !p || !order) {
        free(w), free(u), free(b), free(ub), free(s), free(p), free(order);
        return 0;
    }
    memcpy(order, docs, n * sizeof *order);
    uint64_t rng = tr->opt.seed;
    double step = 1; /* the averaging counter */
    for (unsigned e = 0; e < tr->opt.epochs; e++) {
        for (size_t i = n; i > 1; i--) {
            size_t j = (size_t)(tg_splitmix64(&rng) % i);
            size_t tmp = order[i - 1];
            order[i - 1] = order[j];
            order[j] = tmp;
        }
        for (size_t i = 0; i < n; i++) {
            size_t d = order[i];
            const tg_topic_feat *f = tr->feats + tr->doc_start[d];
            size_t nf = tr->doc_start[d + 1] - tr->doc_start[d];
            size_t y = tr->doc_label[d];
            double eta = tr->opt.learning_rate / (1.0 + (step - 1) / (double)n);
            for (size_t c = 0; c < L; c++)
                s[c] = b[c];
            for (size_t k = 0; k < nf; k++) {
                const double *row = w + (size_t)f[k].bucket * L;
                for (size_t c = 0; c < L; c++)
                    s[c] += f[k].value * row[c];
            }
            tg_topic_softmax(s, L, 1.0, p);
            for (size_t c = 0; c < L; c++) {
                double g = doc_weight[d] * (p[c] - (c == y)) * eta;
                if (g == 0)
                    continue;
                b[c] -= g;
                ub[c] -= step * g;
                for (size_t k = 0; k < nf; k++) {
                    size_t at = (size_t)f[k].bucket * L + c;
                    w[at] -= g * f[k].value;
                    u[at] -= step * g * f[k].value;
                }
            }
            step++;
        }
    }
    for (size_t i = 0; i < B * L; i++)
        w[i] -= u[i] / step;
    for (size_t c = 0; c < L; c++)
        b[c] -= ub[c] / step;
    free(u), free(ub), free(s), free(p), free(order);
    out->w = w;
    out->b = b;
    return 1;
}

/* Naive Bayes over the transformed counts: multinomial (log P(f | c) with
 * add-one smoothing and the label prior) or complement (minus log P(f | not
 * c), uniform prior). */
static int fit_nb(const tagger_topic_trainer *tr, const size_t *docs, size_t n,
                  const double *doc_weight, int complement, fit_model *out)
{
    size_t L = tr->nlabels, B = (size_t)tr->fs.mask + 1;
    double *cnt = calloc(B * L, sizeof *cnt), *tot = calloc(L, sizeof *tot);
    double *b = calloc(L, sizeof *b), *prior = calloc(L, sizeof *prior);
    double *w = NULL;
    if (!cnt || !tot || !b || !prior)
        goto fail;
    for (size_t i = 0; i < n; i++) {
        size_t d = docs[i], y = tr->doc_label[d];
        for (size_t k = tr->doc_start[d]; k < tr->doc_start[d + 1]; k++) {
            cnt[(size_t)tr->feats[k].bucket * L + y] += doc_weight[d] * tr->feats[k].value;
            tot[y] += doc_weight[d] * tr->feats[k].value;
        }
        prior[y] += doc_weight[d];
    }
    const double alpha = tr->opt.smoothing;
    if (!complement) {
        double all = 0;
        for (size_t c = 0; c < L; c++)
            all += prior[c];
        for (size_t c = 0; c < L; c++)
            b[c] = log((prior[c] + 1) / (all + (double)L));
        for (size_t i = 0; i < B * L; i++)
            cnt[i] = log((cnt[i] + alpha) / (tot[i % L] + alpha * (double)B));
        w = cnt;
    } else {
        double all = 0;
        for (size_t c = 0; c < L; c++)
            all += tot[c];
        for (size_t f = 0; f < B; f++) {
            double row = 0;
            for (size_t c = 0; c < L; c++)
                row += cnt[f * L + c];
            for (size_t c = 0; c < L; c++)
                cnt[f * L + c] = -log((row - cnt[f * L + c] + alpha) /
                                      (all - tot[c] + alpha * (double)B));
        }
        if (tr->opt.normalize_weights)
            for (size_t c = 0; c < L; c++) {
                double sum = 0;
                for (size_t f = 0; f < B; f++)
                    sum += fabs(cnt[f * L + c]);
                for (size_t f = 0; f < B && sum > 0; f++)
                    cnt[f * L + c] /= sum;
            }
        w = cnt;
    }
    free(tot);
    free(prior);
    out->w = w;
    out->b = b;
    return 1;

fail:
    free(cnt), free(tot), free(b), free(prior);
    return 0;
}

/* ------------------------------------------ naive Bayes, then a regression */

/* The full-batch problem of the NBLR and CNB_LR fits over the documents
 * docs[0..n): label scores s_ic = b_c + a base_ic + Σ_f x_if R_fc v_fc, and
 * the objective their weighed mean cross-entropy plus l2/2 Σ v².  The
 * parameters θ are v [B·L], then b [L], then a (only with `base`). */
typedef struct {
    const tagger_topic_trainer *tr;
    const size_t *docs;
    size_t n, B, L;
    const double *dw; /* [ndocs] */
    double wsum;
    const double *R;    /* [B·L] each feature's scale per label */
    const double *base; /* [n·L] a fixed model's scores of docs[i], or NULL */
    double l2;
} disc_problem;

static size_t disc_dim(const disc_problem *pr)
{
    return pr->B * pr->L + pr->L + (pr->base != NULL);
}

/* The objective at th and its gradient into g; s and p are [L] scratch. */
static double disc_eval(const disc_problem *pr, const double *th, double *g, double *s, double *p)
{
    size_t L = pr->L, BL = pr->B * pr->L;
    const double *v = th, *b = th + BL;
    double a = pr->base ? th[BL + L] : 0, f = 0;
    memset(g, 0, disc_dim(pr) * sizeof *g);
    for (size_t i = 0; i < pr->n; i++) {
        size_t d = pr->docs[i], y = pr->tr->doc_label[d];
        const tg_topic_feat *x = pr->tr->feats + pr->tr->doc_start[d];
        size_t nf = pr->tr->doc_start[d + 1] - pr->tr->doc_start[d];
        for (size_t c = 0; c < L; c++)
            s[c] = b[c] + (pr->base ? a * pr->base[i * L + c] : 0);
        for (size_t k = 0; k < nf; k++) {
            size_t at = (size_t)x[k].bucket * L;
            for (size_t c = 0; c < L; c++)
                s[c] += x[k].value * pr->R[at + c] * v[at + c];
        }
        tg_topic_softmax(s, L, 1.0, p);
        double wd = pr->dw[d] / pr->wsum;
        f -= wd * log(fmax(p[y], 1e-300));
        for (size_t c = 0; c < L; c++)
            p[c] = wd * (p[c] - (c == y)); /* d loss / d s_c */
        for (size_t c = 0; c < L; c++) {
            g[BL + c] += p[c];
            if (pr->base)
                g[BL + L] += p[c] * pr->base[i * L + c];
        }
        for (size_t k = 0; k < nf; k++) {
            size_t at = (size_t)x[k].bucket * L;
            for (size_t c = 0; c < L; c++)
                g[at + c] += p[c] * x[k].value * pr->R[at + c];
        }
    }
    for (size_t j = 0; j < BL; j++) {
        f += 0.5 * pr->l2 * v[j] * v[j];
        g[j] += pr->l2 * v[j];
    }
    return f;
}

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

#define LBFGS_M 6       /* correction pairs kept */
#define LBFGS_ITER 300  /* at most */
#define LBFGS_TOL 1e-7  /* stop when an iteration gains less (relative) */

/* Minimizes the problem from th (in place) by limited-memory BFGS with a
 * backtracking (Armijo) line search: deterministic, full batch.  0 when
 * out of memory. */
static int lbfgs(const disc_problem *pr, double *th)
{
    size_t D = disc_dim(pr), L = pr->L;
    double *mem = malloc((2 * LBFGS_M + 4) * D * sizeof *mem), *sp = malloc(2 * L * sizeof *sp);
    if (!mem || !sp) {
        free(mem), free(sp);
        return 0;
    }
    double *S = mem, *Y = mem + LBFGS_M * D, *g = Y + LBFGS_M * D, *gn = g + D, *dir = gn + D,
           *tn = dir + D;
    double rho[LBFGS_M], al[LBFGS_M];
    size_t kept = 0, head = 0; /* pairs kept; the slot of the next one */
    double f = disc_eval(pr, th, g, sp, sp + L);
    for (int it = 0; it < LBFGS_ITER; it++) {
        for (size_t j = 0; j < D; j++)
            dir[j] = -g[j];
        for (size_t k = 0; k < kept; k++) { /* newest first */
            size_t i = (head + LBFGS_M - 1 - k) % LBFGS_M;
            al[i] = rho[i] * dot(S + i * D, dir, D);
            for (size_t j = 0; j < D; j++)
                dir[j] -= al[i] * Y[i * D + j];
        }
        double gamma;
        if (kept) {
            size_t i = (head + LBFGS_M - 1) % LBFGS_M;
            gamma = 1.0 / (rho[i] * dot(Y + i * D, Y + i * D, D));
        } else {
            gamma = 1.0 / fmax(sqrt(dot(g, g, D)), 1e-12);
        }
        for (size_t j = 0; j < D; j++)
            dir[j] *= gamma;
        for (size_t k = kept; k-- > 0;) { /* oldest first */
            size_t i = (head + LBFGS_M - 1 - k) % LBFGS_M;
            double be = rho[i] * dot(Y + i * D, dir, D);
            for (size_t j = 0; j < D; j++)
                dir[j] += (al[i] - be) * S[i * D + j];
        }
        double gd = dot(g, dir, D);
        if (!(gd < 0)) { /* not a descent direction: start over from the gradient */
            kept = 0;
            continue;
        }
        double t = 1, fn = f;
        int ls = 0;
        for (; ls < 40; ls++, t *= 0.5) {
            for (size_t j = 0; j < D; j++)
                tn[j] = th[j] + t * dir[j];
            fn = disc_eval(pr, tn, gn, sp, sp + L);
            if (fn <= f + 1e-4 * t * gd)
                break;
        }
        if (ls == 40)
            break;
        size_t i = head;
        for (size_t j = 0; j < D; j++) {
            S[i * D + j] = tn[j] - th[j];
            Y[i * D + j] = gn[j] - g[j];
        }
        double sy = dot(S + i * D, Y + i * D, D);
        if (sy > 1e-300) {
            rho[i] = 1.0 / sy;
            head = (head + 1) % LBFGS_M;
            kept += kept < LBFGS_M;
        }
        memcpy(th, tn, D * sizeof *th);
        memcpy(g, gn, D * sizeof *g);
        double gain = f - fn;
        f = fn;
        if (gain < LBFGS_TOL * fmax(1.0, fabs(f)))
            break;
    }
    free(mem), free(sp);
    return 1;
}

/* The complement naive Bayes scores of docs[i] into base[i·L..], each from
 * weights fitted without the fifth that holds it (i % 5): the correction
 * then learns what the weights get wrong on text they did not see, not on
 * their own training documents, whose scores are overconfident. */
#define TOPIC_CROSS_FIT 5
static int cross_fit_scores(const tagger_topic_trainer *tr, const size_t *docs, size_t n,
                            const double *dw, double *base)
{
    size_t L = tr->nlabels;
    size_t *part = malloc((n ? n : 1) * sizeof *part);
    if (!part)
        return 0;
    for (size_t k = 0; k < TOPIC_CROSS_FIT; k++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (i % TOPIC_CROSS_FIT != k)
                part[m++] = docs[i];
        fit_model fk = {NULL, NULL};
        if (!fit_nb(tr, part, m, dw, 1, &fk)) {
            free(part);
            return 0;
        }
        for (size_t i = k; i < n; i += TOPIC_CROSS_FIT) {
            size_t d = docs[i];
            for (size_t c = 0; c < L; c++)
                base[i * L + c] = 0;
            for (size_t j = tr->doc_start[d]; j < tr->doc_start[d + 1]; j++)
                for (size_t c = 0; c < L; c++)
                    base[i * L + c] +=
                        tr->feats[j].value * fk.w[(size_t)tr->feats[j].bucket * L + c];
        }
        free(fk.w);
        free(fk.b);
    }
    free(part);
    return 1;
}

/* NBLR: the regression's features are scaled per label by the naive Bayes
 * log-count ratio r_fc = log(P(f | c) / P(f | ¬c)) (multinomial plus
 * complement weights), as NBSVM (Wang & Manning 2012) does for two labels;
 * w_fc = r_fc v_fc.  CNB_LR: w_fc = a w^cnb_fc + v_fc, the complement
 * weights and a correction fitted with them. */
static int fit_disc(const tagger_topic_trainer *tr, const size_t *docs, size_t n,
                    const double *dw, fit_model *out)
{
    size_t L = tr->nlabels, B = (size_t)tr->fs.mask + 1, BL = B * L;
    int nblr = tr->opt.algorithm == TAGGER_TOPIC_NBLR;
    fit_model cnb = {NULL, NULL}, mnb = {NULL, NULL};
    double *R = NULL, *base = NULL, *th = NULL;
    int ok = 0;
    if (!fit_nb(tr, docs, n, dw, 1, &cnb))
        goto done;
    if (nblr) {
        if (!fit_nb(tr, docs, n, dw, 0, &mnb))
            goto done;
        for (size_t j = 0; j < BL; j++)
            mnb.w[j] += cnb.w[j];
        R = mnb.w;
    } else {
        if (!(R = malloc(BL * sizeof *R)) || !(base = malloc((n ? n : 1) * L * sizeof *base)))
            goto done;
        for (size_t j = 0; j < BL; j++)
            R[j] = 1;
        if (!cross_fit_scores(tr, docs, n, dw, base))
            goto done;
    }
    disc_problem pr = {tr, docs, n, B, L, dw, 0, R, base, tr->opt.l2};
    for (size_t i = 0; i < n; i++)
        pr.wsum += dw[docs[i]];
    if (!(pr.wsum > 0) || !(th = calloc(disc_dim(&pr), sizeof *th)) || !lbfgs(&pr, th))
        goto done;
    double *v = th;
    if (nblr) {
        for (size_t j = 0; j < BL; j++)
            v[j] *= R[j];
    } else {
        double a = th[BL + L];
        for (size_t j = 0; j < BL; j++)
            v[j] += a * cnb.w[j];
    }
    memcpy(cnb.b, th + BL, L * sizeof *cnb.b);
    out->w = th; /* v, then b and a: the fit_model reads the first B·L */
    out->b = cnb.b;
    th = NULL;
    cnb.b = NULL;
    ok = 1;

done:
    free(cnb.w), free(cnb.b), free(mnb.w), free(mnb.b), free(th), free(base);
    if (!nblr)
        free(R);
    return ok;
}

/* Quantizes a fitted model: weights centered per bucket, int8 per label
 * with a per-label scale. */
static void quantize(const fit_model *fm, size_t B, size_t L, int8_t *q, tg_topic_label *lab)
{
    for (size_t f = 0; f < B; f++) {
        double m = 0;
        for (size_t c = 0; c < L; c++)
            m += fm->w[f * L + c];
        m /= (double)L;
        for (size_t c = 0; c < L; c++)
            fm->w[f * L + c] -= m;
    }
    for (size_t c = 0; c < L; c++) {
        double mx = 0;
        for (size_t f = 0; f < B; f++)
            mx = fmax(mx, fabs(fm->w[f * L + c]));
        double scale = mx > 0 ? mx / 127.0 : 1.0;
        lab[c].bias = (float)fm->b[c];
        lab[c].scale = (float)scale;
        for (size_t f = 0; f < B; f++) {
            double v = nearbyint(fm->w[f * L + c] / scale);
            q[f * L + c] = (int8_t)(v > 127 ? 127 : v < -127 ? -127 : v);
        }
    }
    /* the bias is centered too, for the same reason */
    double m = 0;
    for (size_t c = 0; c < L; c++)
        m += lab[c].bias;
    m /= (double)L;
    for (size_t c = 0; c < L; c++)
        lab[c].bias = (float)(lab[c].bias - m);
}

/* The weight of each document of docs[0..n) into dw[doc]: its label's
 * (n / (L · n_c) with the balance option, else 1), times, with the source
 * balance option a, (n_c / (S_c · n_sc))^a: the S_c sources that have
 * label c then weigh alike within it (n_sc documents of source s), times
 * the none weight for a document of the label "none". */
static int doc_weights(const tagger_topic_trainer *tr, const size_t *docs, size_t n, double *dw)
{
    size_t L = tr->nlabels, S = 1;
    for (size_t i = 0; i < n; i++)
        if (tr->doc_source[docs[i]] >= S)
            S = (size_t)tr->doc_source[docs[i]] + 1;
    size_t *per = calloc(L, sizeof *per), *cell = calloc(L * S, sizeof *cell);
    if (!per || !cell) {
        free(per);
        free(cell);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        per[tr->doc_label[docs[i]]]++;
        cell[tr->doc_label[docs[i]] * S + tr->doc_source[docs[i]]]++;
    }
    for (size_t i = 0; i < n; i++) {
        size_t d = docs[i], c = tr->doc_label[d];
        dw[d] = tr->opt.balance && per[c] ? (double)n / ((double)L * (double)per[c]) : 1.0;
        if (tr->opt.source_balance > 0) {
            size_t sc = 0;
            for (size_t s = 0; s < S; s++)
                sc += cell[c * S + s] > 0;
            double r = (double)per[c] / ((double)sc * (double)cell[c * S + tr->doc_source[d]]);
            dw[d] *= pow(r, tr->opt.source_balance);
        }
        if (strcmp(tr->labels[c].name, TG_TOPIC_NONE) == 0)
            dw[d] *= tr->opt.none_weight;
    }
    free(per);
    free(cell);
    return 1;
}

static int fit(const tagger_topic_trainer *tr, const size_t *docs, size_t n, int8_t *q,
               tg_topic_label *lab)
{
    size_t L = tr->nlabels, B = (size_t)tr->fs.mask + 1;
    double *dw = malloc((tr->ndocs ? tr->ndocs : 1) * sizeof *dw);
    if (!dw || !doc_weights(tr, docs, n, dw)) {
        free(dw);
        return 0;
    }
    fit_model fm = {NULL, NULL};
    int a = tr->opt.algorithm, ok;
    if (a == TAGGER_TOPIC_LOGREG)
        ok = fit_logreg(tr, docs, n, dw, &fm);
    else if (a == TAGGER_TOPIC_NBLR || a == TAGGER_TOPIC_CNB_LR)
        ok = fit_disc(tr, docs, n, dw, &fm);
    else
        ok = fit_nb(tr, docs, n, dw, a == TAGGER_TOPIC_CNB, &fm);
    if (ok)
        quantize(&fm, B, L, q, lab);
    free(fm.w);
    free(fm.b);
    free(dw);
    return ok;
}

/* Negative log likelihood of the held-out labels at temperature t. */
static double nll(const double *s, const uint32_t *y, size_t n, size_t L, double t, double *p)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        tg_topic_softmax(s + i * L, L, t, p);
        sum -= log(fmax(p[y[i]], 1e-300));
    }
    return sum;
}

/* Fits the temperature on a held-out tenth; *acc receives its accuracy. */
static int calibrate(const tagger_topic_trainer *tr, int8_t *q, tg_topic_label *lab, double *temp,
                     double *acc, size_t *nheld)
{
    size_t L = tr->nlabels, n = tr->ndocs;
    size_t *train = malloc(n * sizeof *train), *held = malloc(n * sizeof *held);
    double *s = NULL, *p = malloc(3 * L * sizeof *p);
    float *facc = malloc(L * sizeof *facc);
    uint32_t *y = malloc(n * sizeof *y);
    size_t nt = 0, nh = 0;
    int ok = 0;
    if (!train || !held || !p || !y || !facc)
        goto done;
    uint64_t rng = tr->opt.seed ^ 0x5DEECE66Dull;
    for (size_t d = 0; d < n; d++) {
        if (tg_splitmix64(&rng) % TOPIC_HOLDOUT == 0)
            held[nh++] = d;
        else
            train[nt++] = d;
    }
    if (nh < 10 || nt == 0) {
        ok = 1; /* too few documents to calibrate: T = 1 */
        goto done;
    }
    if (!fit(tr, train, nt, q, lab) || !(s = malloc(nh * L * sizeof *s)))
        goto done;
    size_t right = 0;
    for (size_t i = 0; i < nh; i++) {
        size_t d = held[i];
        y[i] = tr->doc_label[d];
        tg_topic_score(q, lab, L, tr->feats + tr->doc_start[d],
                        tr->doc_start[d + 1] - tr->doc_start[d], 1.0, facc, s + i * L);
        size_t best = 0;
        for (size_t c = 1; c < L; c++)
            if (s[i * L + c] > s[i * L + best])
                best = c;
        right += best == y[i];
    }
    *acc = (double)right / (double)nh;
    *nheld = nh;
    /* golden-section search on log T in [log 1e-3, log 1e3] */
    const double g = 0.6180339887498949;
    double lo = log(1e-3), hi = log(1e3);
    double a = hi - g * (hi - lo), c = lo + g * (hi - lo);
    double fa = nll(s, y, nh, L, exp(a), p), fc = nll(s, y, nh, L, exp(c), p);
    for (int it = 0; it < 60; it++) {
        if (fa < fc) {
            hi = c, c = a, fc = fa;
            a = hi - g * (hi - lo);
            fa = nll(s, y, nh, L, exp(a), p);
        } else {
            lo = a, a = c, fa = fc;
            c = lo + g * (hi - lo);
            fc = nll(s, y, nh, L, exp(c), p);
        }
    }
    *temp = exp((lo + hi) / 2);
    ok = 1;

done:
    free(train), free(held), free(s), free(p), free(y), free(facc);
    return ok;
}

/* Inverse document frequency per bucket over the training documents,
 * smoothed as log((1 + N) / (1 + df)) + 1 and stored as a byte q = 16 idf
 * (1/16 resolution; the cap of 255/16 needs some 3 million documents). */
static int fill_idf(const tagger_topic_trainer *tr, uint8_t *idf)
{
    size_t B = (size_t)tr->fs.mask + 1;
    uint32_t *df = calloc(B, sizeof *df);
    if (!df)
        return 0;
    for (size_t k = 0; k < tr->nfeats; k++)
        df[tr->feats[k].bucket]++; /* a bucket occurs once per document */
    for (size_t f = 0; f < B; f++) {
        double v = log((1.0 + (double)tr->ndocs) / (1.0 + (double)df[f])) + 1.0;
        double qv = nearbyint(v * TOPIC_IDF_ONE);
        idf[f] = (uint8_t)(qv < 1 ? 1 : qv > 255 ? 255 : qv);
    }
    free(df);
    return 1;
}


/* ----------------------------------------------------------------- writing */

/* The header of the model to write, but its temperature and checksum. */
static tagger_status make_header(const tagger_topic_trainer *tr, tg_topic_header *h,
                                 tagger_error *err)
{
    /* strings: "" first, then labels, codes, patterns */
    size_t sbytes = 1;
    for (size_t i = 0; i < tr->nlabels; i++)
        sbytes += strlen(tr->labels[i].name) + 1 + strlen(tr->labels[i].iptc) + 1;
    for (size_t i = 0; i < tr->npattern_text; i++)
        sbytes += strlen(tr->pattern_text[i]) + 1;
    if (sbytes > TOPIC_MAX_STRINGS || tr->npattern_text > TOPIC_MAX_PATTERNS)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "too many labels or patterns");
    memset(h, 0, sizeof *h);
    memcpy(h->magic, TOPIC_MAGIC, 8);
    h->version = TOPIC_VERSION;
    h->endian = TOPIC_ENDIAN;
    h->nlabels = (uint32_t)tr->nlabels;
    h->bucket_bits = tr->opt.bucket_bits;
    h->npatterns = (uint32_t)tr->npattern_text;
    h->string_bytes = (uint32_t)sbytes;
    h->flags = tr->fs.flags;
    memcpy(h->lang, tr->lang, sizeof h->lang);
    h->fingerprint = tg_normalize_fingerprint();
    if (tr->fs.cslot) {
        unsigned bits = 0;
        while (((size_t)1 << bits) <= tr->fs.cmask)
            bits++;
        h->clusters = bits | tr->fs.cuse << 8;
    }
    h->file_size = tg_topic_layout_of(h).total;
    return TAGGER_OK;
}

/* Fills the label names and codes, the pattern table and the strings. */
static void write_strings(const tagger_topic_trainer *tr, unsigned char *image,
                          const tg_topic_layout *l)
{
    tg_topic_label *lab = (tg_topic_label *)(image + l->labels);
    uint32_t *pat = (uint32_t *)(image + l->patterns);
    char *strings = (char *)image + l->strings;
    size_t at = 1;
    for (size_t i = 0; i < tr->nlabels; i++) {
        lab[i].label = (uint32_t)at;
        at += (size_t)sprintf(strings + at, "%s", tr->labels[i].name) + 1;
        lab[i].iptc = (uint32_t)at;
        at += (size_t)sprintf(strings + at, "%s", tr->labels[i].iptc) + 1;
    }
    for (size_t i = 0; i < tr->npattern_text; i++) {
        pat[i] = (uint32_t)at;
        at += (size_t)sprintf(strings + at, "%s", tr->pattern_text[i]) + 1;
    }
}

/* Fits the weights, biases and scales (and the idf section) of the image
 * `h` describes: the temperature on a held-out tenth unless calibration is
 * off, then the model on every document.  The documents are fitted as the
 * model will see them (idf and unit length) on a copy, so more documents
 * can still be added after. */
static tagger_status fit_image(tagger_topic_trainer *tr, const tg_topic_header *h,
                               unsigned char *image, double *temp, double *acc, size_t *nheld,
                               tagger_error *err)
{
    tg_topic_layout l = tg_topic_layout_of(h);
    tg_topic_label *lab = (tg_topic_label *)(image + l.labels);
    int8_t *q = (int8_t *)(image + l.weights);
    uint8_t *idf = h->flags & TOPIC_FLAG_IDF ? image + l.idf : NULL;
    size_t *all = malloc(tr->ndocs * sizeof *all + 1);
    tg_topic_feat *raw = tr->feats;
    tg_topic_feat *weighed = malloc((tr->nfeats ? tr->nfeats : 1) * sizeof *weighed);
    if (!all || !weighed || (idf && !fill_idf(tr, idf))) {
        free(all);
        free(weighed);
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    if (tr->nfeats)
        memcpy(weighed, raw, tr->nfeats * sizeof *weighed);
    for (size_t d = 0; d < tr->ndocs; d++)
        tg_topic_weigh(idf, weighed + tr->doc_start[d], tr->doc_start[d + 1] - tr->doc_start[d]);
    tr->feats = weighed;
    int ok = !tr->opt.calibrate || calibrate(tr, q, lab, temp, acc, nheld);
    for (size_t d = 0; d < tr->ndocs; d++)
        all[d] = d;
    ok = ok && fit(tr, all, tr->ndocs, q, lab);
    tr->feats = raw;
    free(weighed);
    free(all);
    return ok ? TAGGER_OK : tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory training");
}

/* Buckets with a non-zero weight for some label. */
static size_t buckets_used(const int8_t *q, size_t B, size_t L)
{
    size_t used = 0;
    for (size_t f = 0; f < B; f++)
        for (size_t c = 0; c < L; c++)
            if (q[f * L + c]) {
                used++;
                break;
            }
    return used;
}

tagger_status tagger_topic_trainer_write(tagger_topic_trainer *tr, const char *path,
                                         tagger_topic_train_report *report, tagger_error *err)
{
    if (!tr || !path)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "tagger_topic_trainer_write: NULL argument");
    if (tr->nlabels < 2)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0,
                            "need documents of at least two labels to train, got %zu",
                            tr->nlabels);
    tg_topic_header h;
    tagger_status rc = make_header(tr, &h, err);
    if (rc != TAGGER_OK)
        return rc;
    tg_topic_layout l = tg_topic_layout_of(&h);
    unsigned char *image = calloc(1, l.total + TOPIC_ROW_PAD); /* the pad: tg_topic_score */
    if (!image)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    write_strings(tr, image, &l);
    if (tr->fs.cslot)
        memcpy(image + l.clusters, tr->fs.cslot, ((size_t)tr->fs.cmask + 1) * sizeof *tr->fs.cslot);
    double temp = 1.0, acc = 0;
    size_t nheld = 0;
    rc = fit_image(tr, &h, image, &temp, &acc, &nheld, err);
    if (rc != TAGGER_OK) {
        free(image);
        return rc;
    }
    h.temperature = (float)temp;
    memcpy(image, &h, sizeof h);
    tg_topic_model_seal(image, l.total);
    size_t B = (size_t)tr->fs.mask + 1;
    size_t used = buckets_used((const int8_t *)(image + l.weights), B, tr->nlabels);
    rc = tg_datafile_write(path, image, l.total, err);
    free(image);
    if (rc == TAGGER_OK && report) {
        memset(report, 0, sizeof *report);
        report->documents = tr->ndocs;
        report->labels = tr->nlabels;
        report->buckets = B;
        report->buckets_used = used;
        report->temperature = temp;
        report->holdout_documents = nheld;
        report->holdout_accuracy = acc;
        report->file_bytes = l.total;
    }
    return rc;
}
