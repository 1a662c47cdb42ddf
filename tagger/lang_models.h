/*
 * lang_models — a model file per language, as configured, and the models
 * opened from them (topic models, entity models).  A table of at most
 * TG_MAX_LANG_PATHS entries searched by name; the language "" stands for
 * any language and answers when the document's own has no entry, if the
 * model was made for that language or for none (the language written into
 * the file), and never for "und": a German document gets no English model,
 * and a text of unknown language no model at all.  The table does not know
 * what a model is: it opens and frees them, and reads the language written
 * into them, through the functions it is given.
 */
#ifndef TAGGER_LANG_MODELS_H
#define TAGGER_LANG_MODELS_H

#include <stddef.h>

#include "tagger.h"

#define TG_MAX_LANG_PATHS 8 /* languages with a topic or entity model of their own */

/* Model files chosen per language ("" = any language), as configured. */
typedef struct tg_lang_paths {
    char *langs[TG_MAX_LANG_PATHS];
    char *paths[TG_MAX_LANG_PATHS];
    size_t n;
} tg_lang_paths;

/* Sets (or with `path` NULL removes) the file for `lang` (NULL = any);
 * TAGGER_ERR_USAGE when TG_MAX_LANG_PATHS languages have one already. */
tagger_status tg_lang_paths_set(tg_lang_paths *lp, const char *lang, const char *path);
void tg_lang_paths_free(tg_lang_paths *lp);

/* Models loaded per language ("" = any language). */
typedef struct tg_lang_models {
    char *langs[TG_MAX_LANG_PATHS];
    void *models[TG_MAX_LANG_PATHS];
    const char *own[TG_MAX_LANG_PATHS]; /* the language written into each ("": none) */
    size_t n;
} tg_lang_models;
/* Opens the model at `path`; `ctx` is what tg_lang_models_load was given. */
typedef void *(*tg_model_open_fn)(const void *ctx, const char *path, tagger_error *err);
typedef void (*tg_model_free_fn)(void *model);
/* The language written into a model ("" when none was). */
typedef const char *(*tg_model_lang_fn)(const void *model);

/* Opens every file of `lp` (may be NULL); on failure err names the file. */
tagger_status tg_lang_models_load(tg_lang_models *lm, const tg_lang_paths *lp, const void *ctx,
                                  tg_model_open_fn open, tg_model_free_fn close,
                                  tg_model_lang_fn lang_of, tagger_error *err);
void tg_lang_models_free(tg_lang_models *lm, tg_model_free_fn close);
/* The model for `lang`, else the one for any language if it was made for
 * `lang` or for no language in particular, else NULL (always NULL for
 * "und"). */
const void *tg_lang_models_for(const tg_lang_models *lm, const char *lang);

#endif /* TAGGER_LANG_MODELS_H */
