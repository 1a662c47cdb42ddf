/*
 * internal.h — what the library's modules share and the public header hides:
 * the layout of the `tagger` and `tagger_doc` handles and the error helper.
 *
 * A `tagger` owns everything loaded once (the normalization table, the ICU
 * break iterator templates).  A `tagger_doc` owns everything computed for
 * one text: a copy of the input, the normalized text with its offset map, the
 * tokens, entities and topics, and a small index for offset conversion.
 */
#ifndef TG_INTERNAL_H
#define TG_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "tagger.h"
#include "gazetteer.h"
#include "normalize.h"
#include "rules.h"
#include "tokenize.h"
#include "topics.h"
#include "ner.h"
#include "lang_models.h"
#include "langid.h"
#include "error.h"

struct tagger_config {
    size_t max_doc_bytes;
    char **gazetteers;
    size_t ngazetteers;
    char **rules;
    size_t nrules;
    tg_rule_options rule_options;
    char *compiled_rules; /* tagger_config_set_compiled_rules, or NULL */
    size_t max_alias_bytes;
    int all_matches;
    int map_data; /* tagger_config_set_map_data */
    int few_documents; /* tagger_config_set_few_documents */
    char *verify_cache; /* tagger_config_set_verify_cache, or NULL */
    unsigned load_threads; /* tagger_config_set_load_threads */
    /* topics: a model per language, how many labels to keep */
    tg_lang_paths topic_models;
    size_t topic_k;
    double topic_threshold;
    /* entity recognizer: a model per language */
    tg_lang_paths ner_models;
};

struct tagger {
    size_t max_doc_bytes;
    int all_matches;
    tg_normalizer *normalizer;
    tg_tokenizer *tokenizer;
    tg_gazetteer **gazetteers; /* layers, lowest precedence first */
    size_t ngazetteers;
    tg_rules *rules;           /* NULL when no rule files are configured */
    tg_lang_models topic_models; /* of tg_topic_model */
    size_t topic_k;
    double topic_threshold;
    tg_lang_models ner_models;   /* of tg_ner_model */
};

/* Loading the configured models into a tagger, with the load options
 * tagger_new made from the config (datafile.h), and freeing them
 * (config.c), and the model for a document language (or NULL; the topic
 * model is NULL too when topics are off). */
tagger_status tg_topics_load(tagger *t, const tagger_config *cfg, const tg_load_options *lo,
                             tagger_error *err);
void tg_topics_free(tagger *t);
const tg_topic_model *tg_topics_for(const tagger *t, const char *lang);
tagger_status tg_ner_load(tagger *t, const tagger_config *cfg, const tg_load_options *lo,
                          tagger_error *err);
void tg_ner_free(tagger *t);
const tg_ner_model *tg_ner_for(const tagger *t, const char *lang);

#define TG_NWARNINGS 4 /* rule_match_limit, rule_depth_limit, entity_limit, date_ignored */

struct tagger_doc {
    char *text; /* copy of the input, NUL-terminated for convenience */
    size_t len;
    tg_normtext norm;
    tagger_token *tokens;
    size_t ntokens;
    size_t nsentences;
    uint64_t *hashes; /* [ntokens] word hashes for the entity model and the
                         topics (hash_tokens, tagger.c; the thread's block,
                         scratch.h), or NULL */
    tagger_entity *entities;
    size_t nentities;
    char **entity_values; /* [nentities] owned value strings (or NULL) */
    tagger_topic *topics;
    size_t ntopics;
    const char *lang;
    tg_langid langid; /* what the language was identified from */
    int lang_forced;  /* lang was given (tagger_process_options.lang) */
    char lang_given[4]; /* a copy of it, which lang points to */
    /* offset index: code points and UTF-16 units before each TG_OFFSET_BLOCK
     * bytes of the input (see tagger_doc_offset) */
    uint32_t *cp_before;
    uint32_t *u16_before;
    /* limits that cut matches short, one warning a kind (tagger.h) */
    tagger_warning warnings[TG_NWARNINGS];
    char warning_messages[TG_NWARNINGS][80];
    size_t nwarnings;
};

/* Every gazetteer candidate (into *m, the caller's malloc'd array of *mcap
 * elements or NULL, grown as needed) and every rule match (the same: *r of
 * *rcap; their values freed with tg_rule_values_free) of a tokenized
 * document, whose warnings it
 * sets when a limit cut rule matches; `date` may be NULL.  When no date is
 * known and date->dateline is set, the date of the dateline, if any, is
 * taken into *date (rules.h: tg_rules_dateline) and dateline cleared.
 * Returns TAGGER_OK or TAGGER_ERR_NOMEM (the arrays are then freed). */
tagger_status tg_doc_candidates(const tagger *t, tagger_doc *doc, tg_doc_date *date,
                                tg_gaz_match **m, size_t *n, size_t *mcap, tg_rule_match **r,
                                size_t *nr, size_t *rcap);

#define TG_OFFSET_BLOCK 64
#define TG_MAX_DOC_BYTES ((size_t)1 << 30)
/* Documents over this are tagged in windows of at most this size (tagger.c) */
#define TG_WINDOW_BYTES TAGGER_WINDOW_BYTES

#endif /* TG_INTERNAL_H */
