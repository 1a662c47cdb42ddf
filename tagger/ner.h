/*
 * ner — the learned entity recognizer: a sequence labeller over tokens that
 * decides the spans and labels of PERSON, GPE/LOC and ORG, and how its spans
 * join the gazetteer and the rules.
 *
 * Tags and decoding
 * -----------------
 * Every token of a sentence gets one tag: O, or a position in an entity of
 * one of the model's labels — B, I (BIO) or B, I, L, U (BILOU: begin,
 * inside, last, unit).  A tag sequence scores the sum, over its tokens, of
 * the weights of the token's features for its tag, plus a weight per pair
 * of adjacent tags (with a start and an end state).  Viterbi finds the best
 * sequence exactly, O(tokens × tags²), with the transitions that cannot
 * occur (I after O, B without an I or L to follow in BILOU …) forbidden, so
 * every output decodes into well-formed spans.
 *
 * Features
 * --------
 * Each token has some 30–50 binary features, all read from the normalized
 * text and the matches the pipeline found anyway (decoding runs sentence by
 * sentence, at most 512 tokens at once, so memory stays bounded):
 *   - the normalized word, the words one and two tokens away (inside the
 *     sentence; past its ends a boundary marker), the word pairs (i-1, i)
 *     and (i, i+1);
 *   - prefixes of 1–3 and suffixes of 1–4 code points, the length class,
 *     the shape of the input form («Xxxx», «XX», «d.d», «a» for Arabic
 *     script: case survives here, which normalization folds away) alone
 *     and with the word, the shapes and token kinds next door, the
 *     position in the sentence;
 *   - the pieces a ZWNJ joined («کتاب‌ها» → «کتاب» + «ها», «می‌گوید» →
 *     «می» + «گوید»): the normalizer drops the ZWNJ, and the offset map
 *     shows where it was;
 *   - every gazetteer candidate covering the token, ambiguous aliases
 *     included: its label and the token's position in it (B, I, L, U),
 *     whether the alias is ambiguous, the candidate's length, whether a
 *     suffix was left out; and the labels of candidates ending just before
 *     and starting just after the token;
 *   - every rule match covering the token (titles, speakers, designators,
 *     dates …): its label, its rule name and the position, confirm-only
 *     matches included; and rule labels just before and after;
 *   - the list and rule labels of every occurrence of the same word in the
 *     document: a surname a title introduced once («آقای ناصری») is still
 *     a person's name three paragraphs later («ناصری افزود»);
 *   - word clusters, when the model has a cluster table: the cluster ids,
 *     at each of its granularities (e.g. 64, 256 and 1024 clusters), of
 *     the words at i-W .. i+W (W = 0..2, inside the sentence), and a "not
 *     in the table" id for rarer words.  The clusters are learned from
 *     unlabeled news (k-means over word vectors: tools/ner/ and
 *     data/models/build-ner.sh), so a name or a context word the labelled
 *     corpus never had still shares weights with the words it resembles
 *     (Koo et al. 2008, Turian et al. 2010 semi-supervised features).  One
 *     table probe per token;
 *   - the prediction history, when the model was trained with it (Ratinov
 *     and Roth 2009): what the model itself tagged the same word in the
 *     earlier sentences of the document — O, the first token of an entity
 *     of label l, or a later token of one — as one feature per tag seen
 *     and one for the whole set.  Sentences are decoded in document order
 *     and a small per-document table (word key → tags seen) carries them:
 *     «حسن روحانی» in the first paragraph makes a lone «روحانی» later a
 *     person's name, where without context it is also an adjective.
 * An entity never starts or ends on a punctuation token (they are trimmed
 * from the decoded spans).
 * A feature is a template number and a value, hashed (64-bit mix) into one
 * of 2^B buckets: no vocabulary is stored and an unseen word costs nothing.
 *
 * Learning
 * --------
 * Averaged structured perceptron (Collins 2002): sentences in an order
 * shuffled each epoch by a seeded generator (with the history: documents
 * shuffled, their sentences in order, the history made of the current
 * weights' own predictions, as it will be at run time); where the Viterbi
 * output differs from the gold tags, the gold tags' features and
 * transitions gain 1 and the predicted ones lose 1.  With feature dropout
 * each feature of a token sits out a step (not scored, not updated) with a
 * fixed chance, decided by a seeded hash: the model cannot settle on the
 * few strongest features (the word itself, a list hit) and learns the
 * context too, which is what unseen names have; it also keeps the history
 * features from being learnt on near-perfect training predictions.  The
 * model keeps the average of the weights over all steps (computed lazily),
 * which generalizes far better than the last weights.  Deterministic: the same documents in the same
 * order with the same options give the same model bytes.
 *
 * Model file
 * ----------
 * Little-endian, 8-byte aligned sections, read into memory and used in place:
 *   header   magic "TGNER\0\0\n", version (3), byte order, file size, a
 *            64-bit checksum of the whole file (this field read as 0),
 *            bucket bits, labels, tags, scheme, string bytes, cluster table
 *            bits, cluster levels and cluster window, language, history
 *            flag, a reserved zero word
 *   labels   string offsets of the label names (PERSON, GPE, ORG …)
 *   scales   float per tag: weight = q × scale
 *   trans    float [tags + 1][tags]: row `tags` is the start state
 *   final    float [tags]: the end state
 *   strings  NUL-terminated
 *   weights  int8 [buckets][stride], a bucket's tags adjacent (one cache
 *            line); the stride is 8 for up to 8 tags and 16 for up to 16
 *            (the vector widths the decoder adds at once; the lanes past the
 *            tags are zero), else the number of tags: the rows are read in
 *            place, with no copy at load
 *   clusters (cluster levels > 0) [2^bits] slots of 16 bytes: the 64-bit
 *            hash of the normalized word (0 = empty slot) and four uint16
 *            cluster ids; open addressing with linear probing
 * Files of versions 1 (no cluster fields) and 2 (no history flag) are
 * rejected with a message asking to rebuild the model.
 * Loading checks the magic, version, byte order, every size against the
 * file, the checksum, every string and every number, so a truncated or
 * corrupt file is rejected with a message naming it.
 *
 * Integration (tg_ner_merge)
 * -----------
 * With a model for the document's language the model decides the spans and
 * labels of its labels (PERSON, GPE with LOC, ORG):
 *   1. value entities of the rules (DATE, TIME, MONEY, PERCENT) stay as
 *      resolved; so do gazetteer entities whose alias has priority ≥
 *      TG_NER_FORCE_PRIORITY (a user list marks an entry `priority=100` to
 *      win over the model);
 *   2. a model span overlapping one of those is dropped; every other model
 *      span becomes an entity (source "model"); a gazetteer candidate that
 *      coincides with it (same first token and last token, a compatible
 *      label: GPE takes GPE, LOC or FAC entries and their label) gives it
 *      kb_id, name, list and alias — the non-ambiguous candidate, then the
 *      later layer, then the higher priority;
 *   3. the other resolved entities of labels the model does not decide
 *      (FAC, NORP, EVENT, PRODUCT) stay when they overlap nothing kept;
 *      gazetteer and rule entities of the model's labels are dropped.
 */
#ifndef TG_NER_H
#define TG_NER_H

#include <stddef.h>
#include <stdint.h>

#include "gazetteer.h"
#include "resolve.h"
#include "rules.h"
#include "tagger.h"

#define TG_NER_FORCE_PRIORITY 100

typedef struct tg_ner_model tg_ner_model;

tg_ner_model *tg_ner_model_open(const char *path, tagger_error *err);
void tg_ner_model_free(tg_ner_model *m);

/* Writes the checksum of image[0..size) into its header, as the trainer
 * does (the fuzz target seals mutated models so that they reach the
 * checks after the checksum).  Images shorter than a header are left. */
void tg_ner_model_seal(unsigned char *image, size_t size);

/* One span the model found. */
typedef struct tg_ner_span {
    size_t tok_first, tok_last;  /* tokens (inclusive) */
    size_t norm_start, norm_end; /* normalized text */
    const char *label;           /* owned by the model */
} tg_ner_span;

/* Tags a tokenized document: *out receives a malloc'd array of *nout spans
 * in text order.  `gaz` and `rules` are every gazetteer candidate and rule
 * match of the document.  Returns TAGGER_OK or TAGGER_ERR_NOMEM. */
tagger_status tg_ner_decode(const tg_ner_model *m, const tagger_doc *doc,
                            const tg_gaz_match *gaz, size_t ngaz,
                            const tg_rule_match *rules, size_t nrules,
                            tg_ner_span **out, size_t *nout);

/* Joins model spans with the resolved entities (see "Integration"):
 * replaces *res (malloc'd, *nres entries, sorted by start) with the merged
 * list.  Returns TAGGER_OK or TAGGER_ERR_NOMEM (*res is then unchanged). */
tagger_status tg_ner_merge(const tg_ner_model *m, const tg_ner_span *spans, size_t nspans,
                           const tg_gaz_match *gaz, size_t ngaz, tg_resolved **res,
                           size_t *nres);

#endif /* TG_NER_H */
