/* lang_models — a model file per language, as configured, and the models
 * loaded from them: a short table searched by language name (at most
 * TG_MAX_LANG_PATHS entries), "" standing for any language whose text the
 * model was made for (lang_models.h). */
#include "lang_models.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

tagger_status tg_lang_paths_set(tg_lang_paths *lp, const char *lang, const char *path)
{
    if (!lang)
        lang = "";
    size_t i = 0;
    while (i < lp->n && strcmp(lp->langs[i], lang) != 0)
        i++;
    if (!path) { /* remove */
        if (i < lp->n) {
            free(lp->langs[i]);
            free(lp->paths[i]);
            lp->n--;
            memmove(lp->langs + i, lp->langs + i + 1, (lp->n - i) * sizeof *lp->langs);
            memmove(lp->paths + i, lp->paths + i + 1, (lp->n - i) * sizeof *lp->paths);
        }
        return TAGGER_OK;
    }
    if (i == TG_MAX_LANG_PATHS)
        return TAGGER_ERR_USAGE;
    char *p = strdup(path);
    if (!p)
        return TAGGER_ERR_NOMEM;
    if (i < lp->n) { /* replace */
        free(lp->paths[i]);
        lp->paths[i] = p;
        return TAGGER_OK;
    }
    if (!(lp->langs[i] = strdup(lang))) {
        free(p);
        return TAGGER_ERR_NOMEM;
    }
    lp->paths[i] = p;
    lp->n++;
    return TAGGER_OK;
}

void tg_lang_paths_free(tg_lang_paths *lp)
{
    for (size_t i = 0; i < lp->n; i++) {
        free(lp->langs[i]);
        free(lp->paths[i]);
    }
    lp->n = 0;
}

tagger_status tg_lang_models_load(tg_lang_models *lm, const tg_lang_paths *lp, const void *ctx,
                                  tg_model_open_fn open, tg_model_free_fn close,
                                  tg_model_lang_fn lang_of, tagger_error *err)
{
    for (size_t i = 0; lp && i < lp->n; i++) {
        void *m = open(ctx, lp->paths[i], err);
        if (!m)
            return err ? err->code : TAGGER_ERR_LOAD;
        char *lang = strdup(lp->langs[i]);
        if (!lang) {
            close(m);
            return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        }
        lm->own[lm->n] = lang_of ? lang_of(m) : "";
        lm->models[lm->n] = m;
        lm->langs[lm->n++] = lang;
    }
    return TAGGER_OK;
}

void tg_lang_models_free(tg_lang_models *lm, tg_model_free_fn close)
{
    for (size_t i = 0; i < lm->n; i++) {
        close(lm->models[i]);
        free(lm->langs[i]);
    }
    lm->n = 0;
}

const void *tg_lang_models_for(const tg_lang_models *lm, const char *lang)
{
    const void *any = NULL;
    if (!lang || strcmp(lang, "und") == 0)
        return NULL;
    for (size_t i = 0; i < lm->n; i++) {
        if (strcmp(lm->langs[i], lang) == 0)
            return lm->models[i];
        if (!lm->langs[i][0] && (!lm->own[i][0] || strcmp(lm->own[i], lang) == 0))
            any = lm->models[i];
    }
    return any;
}
