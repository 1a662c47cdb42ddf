/*
 * config — the glue's settings: a tagger_config as the caller fills it,
 * and loading the per-language topic and entity models it names into a
 * tagger (the tables of lang_models.c; the model files themselves are read
 * by topics_model.c and ner_model.c).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ------------------------------------------------------------ config */

tagger_config *tagger_config_new(void)
{
    tagger_config *cfg = calloc(1, sizeof *cfg);
    if (!cfg)
        return NULL;
    cfg->max_doc_bytes = TG_MAX_DOC_BYTES;
    cfg->max_alias_bytes = TG_GAZ_MAX_KEY;
    cfg->rule_options = (tg_rule_options){.match_limit = TG_RULE_MATCH_LIMIT,
                                          .depth_limit = TG_RULE_DEPTH_LIMIT,
                                          .jit = 1};
    cfg->topic_k = TAGGER_TOPICS_DEFAULT_K;
    cfg->topic_threshold = TAGGER_TOPICS_DEFAULT_THRESHOLD;
    return cfg;
}

void tagger_config_free(tagger_config *cfg)
{
    if (!cfg)
        return;
    for (size_t i = 0; i < cfg->ngazetteers; i++)
        free(cfg->gazetteers[i]);
    free(cfg->gazetteers);
    for (size_t i = 0; i < cfg->nrules; i++)
        free(cfg->rules[i]);
    free(cfg->rules);
    free(cfg->compiled_rules);
    free(cfg->verify_cache);
    tg_lang_paths_free(&cfg->topic_models);
    tg_lang_paths_free(&cfg->ner_models);
    free(cfg);
}

/* Appends a copy of `path` to a config path list. */
static tagger_status add_path(char ***list, size_t *n, const char *path)
{
    if (!path)
        return TAGGER_ERR_USAGE;
    char **grown = realloc(*list, (*n + 1) * sizeof *grown);
    if (!grown)
        return TAGGER_ERR_NOMEM;
    *list = grown;
    size_t len = strlen(path);
    char *copy = malloc(len + 1);
    if (!copy)
        return TAGGER_ERR_NOMEM;
    memcpy(copy, path, len + 1);
    grown[(*n)++] = copy;
    return TAGGER_OK;
}

tagger_status tagger_config_add_gazetteer(tagger_config *cfg, const char *path)
{
    return cfg ? add_path(&cfg->gazetteers, &cfg->ngazetteers, path) : TAGGER_ERR_USAGE;
}

tagger_status tagger_config_add_rules(tagger_config *cfg, const char *path)
{
    return cfg ? add_path(&cfg->rules, &cfg->nrules, path) : TAGGER_ERR_USAGE;
}

/* Sets *slot to a copy of `path` (NULL: none). */
static tagger_status set_path(char **slot, const char *path)
{
    char *copy = NULL;
    if (path) {
        size_t len = strlen(path);
        if (!(copy = malloc(len + 1)))
            return TAGGER_ERR_NOMEM;
        memcpy(copy, path, len + 1);
    }
    free(*slot);
    *slot = copy;
    return TAGGER_OK;
}

tagger_status tagger_config_set_compiled_rules(tagger_config *cfg, const char *path)
{
    return cfg ? set_path(&cfg->compiled_rules, path) : TAGGER_ERR_USAGE;
}

tagger_status tagger_config_set_verify_cache(tagger_config *cfg, const char *dir)
{
    return cfg ? set_path(&cfg->verify_cache, dir && *dir ? dir : NULL) : TAGGER_ERR_USAGE;
}

tagger_status tagger_config_set_all_matches(tagger_config *cfg, int on)
{
    if (!cfg)
        return TAGGER_ERR_USAGE;
    cfg->all_matches = on != 0;
    return TAGGER_OK;
}

tagger_status tagger_config_set_map_data(tagger_config *cfg, int on)
{
    if (!cfg)
        return TAGGER_ERR_USAGE;
    cfg->map_data = on != 0;
    return TAGGER_OK;
}

tagger_status tagger_config_set_few_documents(tagger_config *cfg, int on)
{
    if (!cfg)
        return TAGGER_ERR_USAGE;
    cfg->few_documents = on != 0;
    return TAGGER_OK;
}

tagger_status tagger_config_set_load_threads(tagger_config *cfg, unsigned n)
{
    if (!cfg)
        return TAGGER_ERR_USAGE;
    cfg->load_threads = n;
    return TAGGER_OK;
}

tagger_status tagger_config_set_max_alias_bytes(tagger_config *cfg, size_t n)
{
    if (!cfg || n < 1 || n > TG_GAZ_MAX_KEY_LIMIT)
        return TAGGER_ERR_USAGE;
    cfg->max_alias_bytes = n;
    return TAGGER_OK;
}

tagger_status tagger_config_set_rule_limits(tagger_config *cfg, uint32_t match_limit,
                                            uint32_t depth_limit, int jit)
{
    if (!cfg || match_limit < 1 || match_limit > 1000000000u || depth_limit < 1 ||
        depth_limit > 1000000000u)
        return TAGGER_ERR_USAGE;
    cfg->rule_options =
        (tg_rule_options){.match_limit = match_limit, .depth_limit = depth_limit, .jit = jit != 0};
    return TAGGER_OK;
}

tagger_status tagger_config_set_max_doc_bytes(tagger_config *cfg, size_t max_bytes)
{
    if (!cfg || max_bytes == 0 || max_bytes > TG_MAX_DOC_BYTES)
        return TAGGER_ERR_USAGE;
    cfg->max_doc_bytes = max_bytes;
    return TAGGER_OK;
}

/* ----------------------------------------------------------- topic models */

tagger_status tagger_config_set_topic_model(tagger_config *cfg, const char *lang,
                                            const char *path)
{
    return cfg ? tg_lang_paths_set(&cfg->topic_models, lang, path)
               : TAGGER_ERR_USAGE;
}

tagger_status tagger_config_set_topics(tagger_config *cfg, size_t k, double threshold)
{
    if (!cfg || !(threshold >= 0.0 && threshold <= 1.0))
        return TAGGER_ERR_USAGE;
    cfg->topic_k = k;
    cfg->topic_threshold = threshold;
    return TAGGER_OK;
}

/* What a model opener is given (tg_lang_models_load's ctx). */
typedef struct {
    const tagger *t;
    const tg_load_options *lo;
} open_ctx;

static void *open_topic_model(const void *ctx, const char *path, tagger_error *err)
{
    const open_ctx *c = ctx;
    return tg_topic_model_open(c->t->normalizer, c->t->tokenizer, path, c->lo, err);
}

static void free_topic_model(void *m)
{
    tg_topic_model_free(m);
}

static const char *topic_model_lang(const void *m)
{
    return tg_topic_model_lang(m);
}

tagger_status tg_topics_load(tagger *t, const tagger_config *cfg, const tg_load_options *lo,
                             tagger_error *err)
{
    t->topic_k = cfg ? cfg->topic_k : TAGGER_TOPICS_DEFAULT_K;
    t->topic_threshold = cfg ? cfg->topic_threshold : TAGGER_TOPICS_DEFAULT_THRESHOLD;
    open_ctx c = {t, lo};
    return tg_lang_models_load(&t->topic_models, cfg ? &cfg->topic_models : NULL, &c,
                               open_topic_model, free_topic_model, topic_model_lang, err);
}

void tg_topics_free(tagger *t)
{
    tg_lang_models_free(&t->topic_models, free_topic_model);
}

const tg_topic_model *tg_topics_for(const tagger *t, const char *lang)
{
    return t->topic_k ? tg_lang_models_for(&t->topic_models, lang) : NULL;
}

/* ---------------------------------------------------------- entity models */

tagger_status tagger_config_set_ner_model(tagger_config *cfg, const char *lang,
                                          const char *path)
{
    return cfg ? tg_lang_paths_set(&cfg->ner_models, lang, path)
               : TAGGER_ERR_USAGE;
}

static void *open_ner_model(const void *ctx, const char *path, tagger_error *err)
{
    const open_ctx *c = ctx;
    return tg_ner_model_open(path, c->lo, err);
}

static void free_ner_model(void *m)
{
    tg_ner_model_free(m);
}

static const char *ner_model_lang(const void *m)
{
    return tg_ner_model_lang(m);
}

tagger_status tg_ner_load(tagger *t, const tagger_config *cfg, const tg_load_options *lo,
                          tagger_error *err)
{
    open_ctx c = {t, lo};
    return tg_lang_models_load(&t->ner_models, cfg ? &cfg->ner_models : NULL, &c, open_ner_model,
                               free_ner_model, ner_model_lang, err);
}

void tg_ner_free(tagger *t)
{
    tg_lang_models_free(&t->ner_models, free_ner_model);
}

const tg_ner_model *tg_ner_for(const tagger *t, const char *lang)
{
    return tg_lang_models_for(&t->ner_models, lang);
}

