/*
 * topics — the topic classifier at run time: a linear model per label over
 * hashed word and word-pair features, with calibrated probabilities.
 *
 * A document is read as the tokenizer left it.  Its words (and pairs of
 * adjacent words, and optionally stems, prefixes and character 4-grams)
 * are hashed into 2^B buckets; agency boilerplate is dropped first; the
 * counts become x_f = log(1 + count_f), scaled to unit length
 * (topics_features.c has the details).  Each label c has a weight per
 * bucket and a bias, so its score is s_c = b_c + Σ_f x_f w_fc.
 *
 * Decision
 * --------
 * Scores become probabilities p = softmax(s / T), with the temperature T
 * fitted when the model was trained (topics_train.c: on a held-out tenth
 * of the training documents).  A document gets the labels whose
 * probability is at least the threshold, best first (ties by label
 * order), at most K of them; a document without any feature gets none
 * rather than the prior's guess.  A label named "none" (TG_TOPIC_NONE) is
 * the out-of-domain class, trained on text that is not news (software
 * messages and manuals, tools/topics/none-corpus.sh): it takes part in the
 * softmax but is never given, so a text it wins gets no topic, or only
 * the labels that still reach the threshold beside it.  A text that is
 * mostly short rhyming lines (verse, topics_verse.c has the rule) gets no
 * topic and is not scored.
 *
 * The files: topics.c (this: decision, the window sum, the IPTC table),
 * topics_features.c (features and boilerplate), topics_verse.c (the
 * verse gate), topics_model.c (loading
 * and checking a model file; the layout is in topics_private.h),
 * topics_train.c (the trainer: naive Bayes, complement naive Bayes,
 * softmax regression, naive Bayes-weighted regressions, calibration,
 * quantization, writing).  The glue
 * (tagger.c, config.c) picks the model of a document's language and
 * stores the topics in the document.
 */
#ifndef TG_TOPICS_H
#define TG_TOPICS_H

#include <stddef.h>
#include <stdint.h>

#include "datafile.h"
#include "normalize.h"
#include "tagger.h"
#include "tokenize.h"

typedef struct tg_topic_model tg_topic_model;

/* The name of the out-of-domain label (see "Decision" above). */
#define TG_TOPIC_NONE "none"

/* Opens a model file: TAGGER_ERR_IO when it cannot be read,
 * TAGGER_ERR_LOAD with a message naming it when it is not a topic model
 * of this version, is corrupt, or was built with other normalization
 * tables.  The boilerplate patterns it carries are tokenized with `nz` and
 * `tk`, which are used only here; `lo` (may be NULL) says whether the file
 * is mapped (datafile.h). */
tg_topic_model *tg_topic_model_open(const tg_normalizer *nz, const tg_tokenizer *tk,
                                    const char *path, const tg_load_options *lo,
                                    tagger_error *err);
/* The language written into the model ("" when none was). */
const char *tg_topic_model_lang(const tg_topic_model *m);
void tg_topic_model_free(tg_topic_model *m);

/* Writes the checksum of image[0..size) into its header, as the trainer
 * does (the fuzz target seals mutated models so that they reach the
 * checks after the checksum).  Images shorter than a header are left. */
void tg_topic_model_seal(unsigned char *image, size_t size);

/* Classifies a tokenized text (ntext: its normalized text, toks[0..ntoks)
 * its tokens, hashes[0..ntoks) their word hashes, tg_fnv1a of their
 * normalized bytes, or NULL to have them made here): *topics receives at
 * most `k` labels whose probability is at least `threshold`, best first,
 * malloc'd (NULL when none; the caller frees it), and *ntopics their
 * count.  Label strings point into the model.  TAGGER_OK or
 * TAGGER_ERR_NOMEM. */
tagger_status tg_topic_classify(const tg_topic_model *m, const char *ntext,
                                const tagger_token *toks, size_t ntoks, const uint64_t *hashes,
                                size_t k, double threshold, tagger_topic **topics,
                                size_t *ntopics, tagger_error *err);

/* What the verse gate (topics_verse.c) counts of a text: its lines, its
 * verse lines, and the verse lines that rhyme. */
typedef struct tg_topic_verse {
    size_t lines, verse, rhyming;
} tg_topic_verse;

/* A large document is classified from the windows it is tagged in
 * (tagger.c): each window's feature counts are added up, buckets in the
 * order first seen, and the sum is decided as one document's features
 * (word pairs across a window's edge are the only ones missed).  Every
 * window must be added with the same model.  Start from {0}. */
typedef struct tg_topic_sum {
    tg_topic_verse verse; /* the windows' verse counts (topics_verse.c) */
    float *count;    /* [buckets] */
    uint32_t *order; /* buckets with a count, first seen first */
    size_t n, cap;
} tg_topic_sum;

/* Adds a window's tokens (and their word hashes or NULL, as for
 * tg_topic_classify).  TAGGER_OK or TAGGER_ERR_NOMEM (err not set). */
tagger_status tg_topic_sum_add(const tg_topic_model *m, tg_topic_sum *sum, const char *ntext,
                               const tagger_token *toks, size_t ntoks, const uint64_t *hashes);
/* Decides the sum as tg_topic_classify decides a text. */
tagger_status tg_topic_sum_finish(const tg_topic_model *m, const tg_topic_sum *sum, size_t k,
                                  double threshold, tagger_topic **topics, size_t *ntopics,
                                  tagger_error *err);
void tg_topic_sum_free(tg_topic_sum *sum);

#endif /* TG_TOPICS_H */
