/*
 * tagger — the glue: loading a tagger and running the pipeline on one text.
 *
 *   input bytes ─▶ tg_normalize (validate, fold, offset map)
 *               ─▶ tg_tokenize  (ICU words and sentences)
 *               ─▶ entities and topics (matchers, classifier)
 *
 * Every stage reads the normalized text and reports spans in the input.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const char *tagger_version(void)
{
    return TAGGER_VERSION_STRING;
}

tagger_status tg_error_set(tagger_error *err, tagger_status code, size_t offset,
                           const char *fmt, ...)
{
    if (err) {
        err->code = code;
        err->offset = offset;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

const char *tagger_status_name(tagger_status code)
{
    switch (code) {
    case TAGGER_OK: return "ok";
    case TAGGER_ERR_NOMEM: return "out_of_memory";
    case TAGGER_ERR_INVALID_UTF8: return "invalid_utf8";
    case TAGGER_ERR_TOO_LARGE: return "too_large";
    case TAGGER_ERR_IO: return "io_error";
    case TAGGER_ERR_LOAD: return "load_error";
    case TAGGER_ERR_USAGE: return "usage";
    case TAGGER_ERR_INTERNAL: return "internal_error";
    }
    return "unknown";
}

const char *tagger_token_kind_name(tagger_token_kind kind)
{
    switch (kind) {
    case TAGGER_TOKEN_WORD: return "word";
    case TAGGER_TOKEN_NUMBER: return "number";
    case TAGGER_TOKEN_PUNCT: return "punct";
    case TAGGER_TOKEN_SYMBOL: return "symbol";
    }
    return "symbol";
}

/* ------------------------------------------------------------ config */

tagger_config *tagger_config_new(void)
{
    tagger_config *cfg = calloc(1, sizeof *cfg);
    if (cfg)
        cfg->max_doc_bytes = TG_MAX_DOC_BYTES;
    return cfg;
}

void tagger_config_free(tagger_config *cfg)
{
    if (!cfg)
        return;
    for (size_t i = 0; i < cfg->ngazetteers; i++)
        free(cfg->gazetteers[i]);
    free(cfg->gazetteers);
    free(cfg);
}

tagger_status tagger_config_add_gazetteer(tagger_config *cfg, const char *path)
{
    if (!cfg || !path)
        return TAGGER_ERR_USAGE;
    char **list = realloc(cfg->gazetteers, (cfg->ngazetteers + 1) * sizeof *list);
    if (!list)
        return TAGGER_ERR_NOMEM;
    cfg->gazetteers = list;
    size_t n = strlen(path);
    char *copy = malloc(n + 1);
    if (!copy)
        return TAGGER_ERR_NOMEM;
    memcpy(copy, path, n + 1);
    list[cfg->ngazetteers++] = copy;
    return TAGGER_OK;
}

tagger_status tagger_config_set_all_matches(tagger_config *cfg, int on)
{
    if (!cfg)
        return TAGGER_ERR_USAGE;
    cfg->all_matches = on != 0;
    return TAGGER_OK;
}

tagger_status tagger_config_set_max_doc_bytes(tagger_config *cfg, size_t max_bytes)
{
    if (!cfg || max_bytes == 0 || max_bytes > TG_MAX_DOC_BYTES)
        return TAGGER_ERR_USAGE;
    cfg->max_doc_bytes = max_bytes;
    return TAGGER_OK;
}

/* ------------------------------------------------------------ loading */

tagger *tagger_new(const tagger_config *cfg, tagger_error *err)
{
    tagger *t = calloc(1, sizeof *t);
    if (!t) {
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    t->max_doc_bytes = cfg ? cfg->max_doc_bytes : TG_MAX_DOC_BYTES;
    t->normalizer = tg_normalizer_new(err);
    if (!t->normalizer)
        goto error;
    t->tokenizer = tg_tokenizer_new(err);
    if (!t->tokenizer)
        goto error;
    if (cfg && cfg->ngazetteers) {
        t->all_matches = cfg->all_matches;
        t->gazetteers = calloc(cfg->ngazetteers, sizeof *t->gazetteers);
        if (!t->gazetteers) {
            tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
            goto error;
        }
        for (size_t i = 0; i < cfg->ngazetteers; i++) {
            t->gazetteers[i] = tg_gazetteer_open(t->normalizer, cfg->gazetteers[i], err);
            if (!t->gazetteers[i])
                goto error;
            t->ngazetteers++;
        }
    }
    return t;

error:
    tagger_free(t);
    return NULL;
}

void tagger_free(tagger *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->ngazetteers; i++)
        tg_gazetteer_free(t->gazetteers[i]);
    free(t->gazetteers);
    tg_tokenizer_free(t->tokenizer);
    tg_normalizer_free(t->normalizer);
    free(t);
}

/* ---------------------------------------------------------- processing */

static tagger_status build_offset_index(tagger_doc *doc)
{
    size_t nblocks = doc->len / TG_OFFSET_BLOCK + 1;
    doc->cp_before = malloc(nblocks * sizeof *doc->cp_before);
    doc->u16_before = malloc(nblocks * sizeof *doc->u16_before);
    if (!doc->cp_before || !doc->u16_before)
        return TAGGER_ERR_NOMEM;
    const unsigned char *u = (const unsigned char *)doc->text;
    uint32_t cps = 0, u16 = 0;
    for (size_t b = 0; b < nblocks; b++) {
        doc->cp_before[b] = cps;
        doc->u16_before[b] = u16;
        size_t end = (b + 1) * TG_OFFSET_BLOCK;
        if (end > doc->len)
            end = doc->len;
        for (size_t i = b * TG_OFFSET_BLOCK; i < end; i++) {
            cps += (u[i] & 0xC0) != 0x80;
            u16 += ((u[i] & 0xC0) != 0x80) + (u[i] >= 0xF0);
        }
    }
    return TAGGER_OK;
}

/* Gazetteer candidates of every layer, resolved (unless all_matches) into
 * the doc's entities. */
static tagger_status find_gazetteer_entities(const tagger *t, tagger_doc *doc,
                                             tagger_error *err)
{
    tg_gaz_match *m = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < t->ngazetteers; i++)
        if (tg_gazetteer_match(t->gazetteers[i], (int)i, doc->text, &doc->norm,
                               doc->tokens, doc->ntokens, &m, &n, &cap) != TAGGER_OK)
            goto nomem;
    if (!t->all_matches)
        n = tg_gazetteer_resolve(m, n, doc->ntokens);
    if (n) {
        doc->entities = calloc(n, sizeof *doc->entities);
        if (!doc->entities)
            goto nomem;
    }
    for (size_t i = 0; i < n; i++) {
        tg_gaz_entry e;
        if (!tg_gazetteer_entry(m[i].gaz, m[i].record, &e))
            continue;
        tagger_entity *out = &doc->entities[doc->nentities++];
        tagger_doc_map_span(doc, m[i].norm_start, m[i].norm_end, &out->start, &out->end);
        out->label = e.label;
        out->kb_id = e.kb_id;
        out->name = e.name;
        out->source = "gazetteer";
        out->list = e.list;
        out->alias = e.alias;
        out->flags = (e.flags & TG_ALIAS_AMBIGUOUS) ? TAGGER_ENTITY_AMBIGUOUS : 0;
    }
    free(m);
    return TAGGER_OK;

nomem:
    free(m);
    return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory matching gazetteers");
}

tagger_doc *tagger_process(const tagger *t, const char *text, size_t len,
                           tagger_stage stage, tagger_error *err)
{
    if (!t || (!text && len > 0)) {
        tg_error_set(err, TAGGER_ERR_USAGE, 0, "tagger_process: NULL argument");
        return NULL;
    }
    if (len > t->max_doc_bytes) {
        tg_error_set(err, TAGGER_ERR_TOO_LARGE, 0,
                     "document of %zu bytes exceeds the limit of %zu bytes", len,
                     t->max_doc_bytes);
        return NULL;
    }
    tagger_doc *doc = calloc(1, sizeof *doc);
    if (!doc || !(doc->text = malloc(len + 1))) {
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        goto error;
    }
    if (len)
        memcpy(doc->text, text, len);
    doc->text[len] = '\0';
    doc->len = len;

    if (tg_normalize(t->normalizer, doc->text, len, &doc->norm, err) != TAGGER_OK)
        goto error;
    doc->lang = doc->norm.latin_letters > doc->norm.arabic_letters ? "en" : "fa";
    if (build_offset_index(doc) != TAGGER_OK) {
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        goto error;
    }
    if (stage >= TAGGER_STAGE_TOKENIZE &&
        tg_tokenize(t->tokenizer, &doc->norm, &doc->tokens, &doc->ntokens,
                    &doc->nsentences, err) != TAGGER_OK)
        goto error;
    if (stage >= TAGGER_STAGE_ALL && find_gazetteer_entities(t, doc, err) != TAGGER_OK)
        goto error;
    return doc;

error:
    tagger_doc_free(doc);
    return NULL;
}

void tagger_doc_free(tagger_doc *doc)
{
    if (!doc)
        return;
    free(doc->text);
    tg_normtext_free(&doc->norm);
    free(doc->tokens);
    free(doc->entities);
    free(doc->topics);
    free(doc->cp_before);
    free(doc->u16_before);
    free(doc);
}

/* ----------------------------------------------------------- accessors */

const char *tagger_doc_text(const tagger_doc *doc, size_t *len)
{
    if (len)
        *len = doc->len;
    return doc->text;
}

const char *tagger_doc_normalized(const tagger_doc *doc, size_t *len)
{
    if (len)
        *len = doc->norm.len;
    return doc->norm.text;
}

void tagger_doc_map_span(const tagger_doc *doc, size_t nstart, size_t nend,
                         size_t *ostart, size_t *oend)
{
    const tg_normtext *nt = &doc->norm;
    size_t s = nstart < nt->len ? nt->ostart[nstart] : doc->len;
    size_t e = nend > nstart && nend <= nt->len ? nt->oend[nend - 1] : s;
    *ostart = s;
    *oend = e;
}

size_t tagger_doc_token_count(const tagger_doc *doc)
{
    return doc->ntokens;
}

const tagger_token *tagger_doc_token(const tagger_doc *doc, size_t i)
{
    return i < doc->ntokens ? &doc->tokens[i] : NULL;
}

size_t tagger_doc_sentence_count(const tagger_doc *doc)
{
    return doc->nsentences;
}

size_t tagger_doc_entity_count(const tagger_doc *doc)
{
    return doc->nentities;
}

const tagger_entity *tagger_doc_entity(const tagger_doc *doc, size_t i)
{
    return i < doc->nentities ? &doc->entities[i] : NULL;
}

size_t tagger_doc_topic_count(const tagger_doc *doc)
{
    return doc->ntopics;
}

const tagger_topic *tagger_doc_topic(const tagger_doc *doc, size_t i)
{
    return i < doc->ntopics ? &doc->topics[i] : NULL;
}

char *tagger_match_key(const tagger *t, const char *text, size_t len)
{
    return tg_normalize_key(t->normalizer, text, len, NULL);
}

const char *tagger_label_name(size_t i)
{
    return i < TG_GAZ_NLABELS ? tg_gaz_labels[i] : NULL;
}

const char *tagger_doc_lang(const tagger_doc *doc)
{
    return doc->lang;
}

size_t tagger_doc_offset(const tagger_doc *doc, size_t off, tagger_offset_unit unit)
{
    if (off > doc->len)
        off = doc->len;
    if (unit == TAGGER_OFFSETS_UTF8)
        return off;
    size_t b = off / TG_OFFSET_BLOCK;
    size_t cps = doc->cp_before[b], u16 = doc->u16_before[b];
    const unsigned char *u = (const unsigned char *)doc->text;
    for (size_t i = b * TG_OFFSET_BLOCK; i < off; i++) {
        cps += (u[i] & 0xC0) != 0x80;
        u16 += ((u[i] & 0xC0) != 0x80) + (u[i] >= 0xF0);
    }
    return unit == TAGGER_OFFSETS_UTF16 ? u16 : cps;
}
