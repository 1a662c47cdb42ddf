/*
 * ner — the learned entity recognizer: a sequence labeller over tokens that
 * decides the spans and labels of PERSON, GPE/LOC and ORG, and how its spans
 * join the gazetteer and the rules.
 *
 * A document's tokens get one tag each (O, or a position in an entity of
 * one of the model's labels) from a linear model over hashed binary
 * features of the normalized text and of the gazetteer candidates and rule
 * matches the pipeline found anyway; Viterbi picks the best well-formed tag
 * sequence, sentence by sentence.  The pieces, each with its algorithm at
 * its top, in the manner of CRFsuite:
 *
 *   ner_tags.c      tag schemes (BIO, BILOU), the transitions allowed,
 *                   Viterbi (with AVX2 variants), tags back into spans
 *   ner_features.c  the features of a token, hashed into buckets; the
 *                   prediction history of a document
 *   ner_model.c     the model file: layout, checks, open and free, the
 *                   emission scores of the quantized weights
 *   ner.c           decoding a document and merging its spans with the
 *                   resolved entities (below): the run-time entry points
 *   ner_english.c   the English fixes of the decoded spans (below)
 *   ner_context.c   the merge's linking rules that look past a span (unit
 *                   entries, context heads)
 *   ner_train.c     the trainer (averaged structured perceptron): the
 *                   public tagger_ner_trainer_* API, above the glue
 *   ner_internal.h  what these files share, seen by no other module
 *
 * This header is what the glue (tagger.c, config.c) uses at run time.  It
 * reads no `tagger` or `tagger_doc`: decoding takes the text, tokens and
 * matches as a tg_ner_input.
 *
 * Integration (tg_ner_merge)
 * -----------
 * With a model for the document's language the model decides the spans and
 * labels of its labels (PERSON, GPE with LOC, ORG):
 *   1. value entities of the rules (DATE, TIME, MONEY, PERCENT) stay as
 *      resolved; so do gazetteer entities whose alias has priority ≥
 *      TG_NER_FORCE_PRIORITY (a user list marks an entry `priority=100` to
 *      win over the model), and the entities a name rule of priority ≥
 *      TG_NER_FORCE_PRIORITY made on its own span (the feed credit
 *      "(InfoWorld) InfoWorld -" of rules/en/credits.rules);
 *   2. a model span overlapping one of those is dropped; every other model
 *      span becomes an entity (source "model"); a gazetteer candidate that
 *      coincides with it (same first token and last token, a compatible
 *      label: GPE takes GPE, LOC or FAC entries and their label) gives it
 *      kb_id, name, list and alias — the non-ambiguous candidate, then the
 *      later layer, then the higher priority; failing that, a span that
 *      begins with a generic head (TG_NER_HEADS: «کشور روسیه», «شهر تهران»,
 *      «سازمان X», «تیم X», an outlet's «خبرگزاری X», «روزنامه X», not
 *      «وزارت») takes the entry of the name after the head, an ORG span of
 *      an outlet's head ending with a country the curated outlet before it
 *      («خبرگزاری آناتولی ترکیه»), and an ORG span the GPE entry on its very tokens
 *      («جمهوری اسلامی ایران» is Iran's state) — both keep the model's span,
 *      and the ORG its label — except with an English model, where a model
 *      ORG on exactly a country's tokens (a national team, "( Fiji )") takes
 *      the country's label, as CoNLL-2003 tags it, and a model place right
 *      after a ranking ("No. 10 Ohio State", "top-ranked Illinois") is the
 *      team, an ORG without the place's entry, as is a model span that a
 *      name rule of priority ≥ TG_NER_FORCE_PRIORITY (not `confirm`) matched
 *      exactly, with the rule's label, where resolution had dropped the rule
 *      for a list entry ("California quarterback": en.org.state_team);
 *   3. the other resolved entities of labels the model does not decide
 *      (FAC, NORP, EVENT, PRODUCT) stay when they overlap nothing kept;
 *      gazetteer and rule entities of the model's labels are dropped, except
 *      a list entry that a `confirm` rule found on exactly its span (the
 *      speaker «اسلامی:» of a headline, «به گزارش راهبرد معاصر.») where the
 *      model found nothing, and with an English model an unambiguous ORG
 *      entry there whose words are all capitalized, with no capitalized word
 *      right after it nor right before it, unless that one opens the
 *      sentence ("The Tories …"; not "Nortel" of "the Nortel Open"), and a
 *      country of the lists on the same terms ("the Philippines"; not "U.S.
 *      Open").
 * Before the merge, a place span that runs from one country's name into
 * another's is cut there («سرت لیبی سوریه»: «سرت لیبی», «سوریه»; not where a
 * list name crosses the point), and an English model's spans are adjusted in tg_ner_decode
 * (ner_english.c, docs/english.md "Error classes of en-dev"): instrument codes and
 * escaped markup, hyphenated surnames, abbreviations of common words,
 * titles before a name, and a surname of a PERSON named in full elsewhere
 * in the document.
 */
#ifndef TG_NER_H
#define TG_NER_H

#include <stddef.h>
#include <stdint.h>

#include "datafile.h"
#include "gazetteer.h"
#include "normalize.h"
#include "resolve.h"
#include "rules.h"
#include "tagger.h"

#define TG_NER_FORCE_PRIORITY 100

typedef struct tg_ner_model tg_ner_model;

/* Reads and checks the model file at `path` (ner_model.c).  The file
 * records the normalization fingerprint of the tagger that trained it
 * (tg_normalize_fingerprint); a model of other normalization tables, or
 * of none recorded (0: trained before fingerprints were), is refused with
 * TAGGER_ERR_LOAD and tg_datafile_check_fingerprint's message.  The
 * fingerprint took the place of a reserved word that was always 0, so the
 * format version stayed 3: an older version-3 file reads as "built before
 * fingerprints were recorded", which names the remedy (rebuild it), where
 * a new version would only have said "older format".  `lo` (may be NULL)
 * says whether the file is mapped (datafile.h). */
tg_ner_model *tg_ner_model_open(const char *path, const tg_load_options *lo, tagger_error *err);
/* The language written into the model ("" when none was). */
const char *tg_ner_model_lang(const tg_ner_model *m);
void tg_ner_model_free(tg_ner_model *m);

/* Writes the checksum of image[0..size) into its header, as the trainer
 * does (the fuzz target seals mutated models so that they reach the
 * checks after the checksum).  Images shorter than a header are left. */
void tg_ner_model_seal(unsigned char *image, size_t size);

/* What the recognizer reads of a tokenized document; nothing is owned. */
typedef struct tg_ner_input {
    const char *text;           /* the input (tokens' start/end): letter case
                                   and ZWNJs, which normalization drops */
    const tg_normtext *norm;    /* normalized text and its offset map */
    const tagger_token *tokens; /* in text order, with sentence numbers */
    size_t ntokens;
    const tg_gaz_match *gaz;    /* every gazetteer candidate */
    size_t ngaz;
    const tg_rule_match *rules; /* every rule match */
    size_t nrules;
    const char *cased;          /* the text as the English model reads it
                                   (tg_ner_decode's *cased), or NULL: text */
    const uint64_t *hashes;     /* [ntokens] the tokens' word hashes (tg_fnv1a
                                   of their normalized bytes), or NULL: made
                                   by the model */
    const tg_gaz_match *const *gaz_by_first; /* [ngaz] gaz stably sorted by
                                   tok_first (tg_gaz_sort_by), for the English
                                   rules (tg_ner_gaz_at) and the merge's links:
                                   made by tg_ner_decode (callers leave it NULL
                                   there); tg_ner_merge's caller gives it */
    struct tg_en_teams *teams;  /* the multi-word candidates by their last
                                   word: made by tg_ner_merge for the English
                                   rules (tg_en_teams_make), and the words
                                   band_name counts; callers leave it NULL */
} tg_ner_input;

/* One span the model found. */
typedef struct tg_ner_span {
    size_t tok_first, tok_last;  /* tokens (inclusive) */
    size_t norm_start, norm_end; /* normalized text */
    const char *label;           /* owned by the model */
} tg_ner_span;

/* Tags a tokenized document: *out receives its *nout spans in text order,
 * in the caller's malloc'd array of *cap spans (or NULL and 0), grown as
 * needed; *cased the text as an English model read it (a Title Case
 * headline's usual words in lower case, truecase.c), malloc'd, or NULL when
 * that is the text: the merge reads its letter case (in->cased).  Returns
 * TAGGER_OK or TAGGER_ERR_NOMEM. */
tagger_status tg_ner_decode(const tg_ner_model *m, const tg_ner_input *in, tg_ner_span **out,
                            size_t *nout, size_t *cap, char **cased);

/* Joins model spans with the resolved entities (see "Integration"):
 * replaces *res (malloc'd, *nres entries, sorted by start) with the merged
 * list; in->gaz_by_first is required.  Returns TAGGER_OK or
 * TAGGER_ERR_NOMEM (*res is then unchanged). */
tagger_status tg_ner_merge(const tg_ner_model *m, const tg_ner_span *spans, size_t nspans,
                           const tg_ner_input *in, tg_resolved **res, size_t *nres);

/* Whether a gazetteer entry is no knowledge-base entity: a corpus-induced
 * unit, branch or outlet, or an entry its list marks `link=no` (ner_context.c).
 * Its mentions are emitted without a kb_id, whether the model or the list
 * alone found them. */
int tg_ner_unit_entry(const tg_gaz_entry *e);

#endif /* TG_NER_H */
