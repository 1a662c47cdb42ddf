/*
 * topics — the topic classifier: hashed word and word-pair features, a
 * linear model per label, calibrated probabilities, and the model file.
 *
 * Features
 * --------
 * A document is read as the tokenizer left it: the normalized text of its
 * WORD tokens (Arabic letter variants, diacritics, ZWNJ, case and digits
 * already folded by the normalizer, so «ميشود» and «می‌شود» are one
 * feature).  Words of one code point («و», «a») are skipped; every other
 * word is a feature, and so is every pair of adjacent kept words that no
 * punctuation, symbol or sentence end separates.  A feature is hashed (FNV-1a
 * over its bytes, word pairs through a second mix) into one of 2^B buckets
 * — the "hashing trick": no vocabulary is stored, unseen words cost
 * nothing, and a collision only adds a little noise.  A document vector is
 * x_f = log(1 + count_f), scaled to unit Euclidean length, so long and short
 * articles weigh alike.
 *
 * Optional features (training options, recorded as flags in the model, off
 * in the shipped models: measured across sources they did not pay for
 * their cost, README "Topics"):
 *   - stems: every Persian word also gives its light stem, the word without
 *     its longest inflectional suffix («هایی», «های», «ترین», «ها», «تر»,
 *     «ای», «ان», «ات», «ی») when three or more letters remain;
 *   - character 4-grams of "<word>" for words of four or more letters (the
 *     first 32 letters of longer ones);
 *   - prefixes: the first five letters of words longer than five;
 *   - idf: x_f = log(1 + count_f) · idf_f, idf_f = ln((1 + N) / (1 + df_f))
 *     + 1 over the N training documents, kept in the model as a byte per
 *     bucket (q / 16), before the scaling to unit length.
 * Each kind hashes into the same buckets with its own salt.
 *
 * Boilerplate
 * -----------
 * Agency phrases («به گزارش ایسنا،», «انتهای پیام», «خبرگزاری فارس:»,
 * «کد خبر ...») say which agency wrote an article, not what it is about, and
 * a model that learns them fails on the next agency.  Before counting,
 * tokens covered by a boilerplate pattern are dropped.  A pattern is a
 * sequence of words, matched on normalized tokens; a trailing "*" also drops
 * the words that follow, up to the next punctuation or sentence end (at most
 * 8), which covers «به گزارش خبرنگار ورزشی خبرگزاری فارس،».  The built-in
 * list (tg_topic_default_boilerplate) and any patterns given to the trainer
 * are written into the model, so a model always strips what it was trained
 * without.
 *
 * Learning
 * --------
 * Three fits, all giving a weight per (bucket, label) and a bias per label,
 * so prediction is the same for all:
 *   - complement naive Bayes (Rennie et al. 2003), the default: for label c,
 *     w_fc = -log((α + N_f,¬c) / (α·B + N_¬c)) from the summed feature
 *     values of the documents NOT labelled c, additive smoothing α = 0.03;
 *   - multinomial naive Bayes: w_fc = log((α + N_fc) / (α·B + N_c)) and the
 *     label prior as bias;
 *   - softmax regression by averaged SGD (shuffled epochs from a seeded
 *     generator, rate decaying as 1/(1 + t/n), Polyak averaging).
 * Optionally the complement weights of each label are scaled to unit L1
 * norm (Rennie's "WCNB").
 * Measured across agencies (README "Topics"): trained on ISNA and Fars and
 * tested on Hamshahri and Asriran/Tabnak, the naive Bayes fits generalize
 * better than the regression, which learns each agency's own phrasing as
 * well as the topic.  Optional label weights balance skewed training sets.
 * Training is deterministic: the same documents and options give the same
 * model bytes.
 *
 * Calibration
 * -----------
 * Scores s_c = b_c + Σ_f x_f w_fc become probabilities p = softmax(s / T).
 * The temperature T is fitted on a held-out tenth of the training documents
 * (a model trained on the other nine tenths, T minimizing the negative log
 * likelihood by golden-section search), then the model is refitted on every
 * document and keeps that T.  A document gets the labels whose probability
 * is at least the threshold, best first, at most K of them.
 *
 * Model file
 * ----------
 * Little-endian, 8-byte aligned sections, read into memory and used in place:
 *
 *   header   magic "TGTOPIC\n", version, sizes, feature flags, temperature,
 *            language, a 64-bit checksum of the whole file (this field as 0)
 *   labels   per label: label and IPTC code (string offsets), bias, scale
 *   patterns string offsets of the boilerplate patterns
 *   strings  NUL-terminated UTF-8
 *   weights  int8 [buckets][labels]: w_fc = q_fc * scale_c
 *   idf      uint8 [buckets], only with the idf flag: idf_f = q_f / 16
 *
 * Version 2 adds the stems, grams, prefixes and idf flags and the idf
 * section; a model that uses none of them is written as version 1, byte
 * for byte what version-1 writers wrote, and both versions load.  Flags a
 * version does not define are refused.
 *
 * Weights are centered per bucket (softmax does not change when the same
 * amount is added to every label of a feature) and quantized to 8 bits per
 * label with a per-label scale, so 2^18 buckets and 8 labels take 2 MB.  A
 * bucket's labels are adjacent: scoring a token reads one cache line.
 * Loading checks the magic, version, byte order, every size against the
 * file size, every string offset and the checksum, so a truncated, corrupt
 * or hostile file is rejected with a message naming it, never read past.
 */
#ifndef TG_TOPICS_H
#define TG_TOPICS_H

#include <stddef.h>
#include <stdint.h>

#include "normalize.h"
#include "tagger.h"
#include "tokenize.h"

typedef struct tg_topic_model tg_topic_model;

/* Opens a model file.  The boilerplate patterns it carries are tokenized
 * with `nz` and `tk`, which must outlive nothing: they are used only here. */
tg_topic_model *tg_topic_model_open(const tg_normalizer *nz, const tg_tokenizer *tk,
                                    const char *path, tagger_error *err);
void tg_topic_model_free(tg_topic_model *m);

/* Writes the checksum of image[0..size) into its header, as the trainer
 * does (the fuzz target seals mutated models so that they reach the
 * checks after the checksum).  Images shorter than a header are left. */
void tg_topic_model_seal(unsigned char *image, size_t size);

/* The language the model was trained for ("fa", "en"), or "" for any. */
const char *tg_topic_model_lang(const tg_topic_model *m);

/* Classifies a tokenized document: fills doc->topics (malloc'd, freed by
 * tagger_doc_free) with at most `k` labels whose probability is at least
 * `threshold`, best first.  Label strings point into the model. */
tagger_status tg_topic_classify(const tg_topic_model *m, tagger_doc *doc, size_t k,
                                double threshold, tagger_error *err);

/* The glue tagger.c calls (the config and tagger fields are in
 * internal.h): defaults for a new config, freeing its copies, loading the
 * configured models into a tagger and freeing them, and classifying a
 * tokenized document with the model of its language. */
tagger_status tg_topics_run(const tagger *t, tagger_doc *doc, tagger_error *err);

/* A large document is classified from the windows it is tagged in
 * (tagger.c): each window's feature counts are added up, buckets in the
 * order first seen, and the sum is decided as one document's features
 * (word pairs across a window's edge are the only ones missed).  Every
 * window must have the document's language. */
typedef struct tg_topic_sum {
    float *count;    /* [buckets] */
    uint32_t *order; /* buckets with a count, first seen first */
    size_t n, cap;
} tg_topic_sum;

tagger_status tg_topic_sum_add(const tagger *t, tg_topic_sum *sum, const tagger_doc *win);
tagger_status tg_topic_sum_finish(const tagger *t, tg_topic_sum *sum, tagger_doc *doc,
                                  tagger_error *err);
void tg_topic_sum_free(tg_topic_sum *sum);

/* The built-in boilerplate patterns, NULL-terminated (Persian agencies and
 * a few English wire credits). */
extern const char *const tg_topic_default_boilerplate[];

#endif /* TG_TOPICS_H */
