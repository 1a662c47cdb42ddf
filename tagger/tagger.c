/*
 * tagger — the glue: loading a tagger and running the pipeline on one text.
 *
 *   input bytes ─▶ tg_normalize  (validate, fold, offset map)
 *               ─▶ tg_langid     (the language, unless given; langid.h)
 *               ─▶ tg_tokenize   (words and sentences)
 *               ─▶ entities: gazetteer candidates, the rules of the
 *                  language (and the language-neutral ones), the document date
 *                  from a dateline, resolution (resolve.h), the entity
 *                  model of the language and its merge (ner.h), the last
 *                  pass and in-document linking (link.h)
 *               ─▶ topics       (the topic model of the language)
 *
 * Every stage reads the normalized text and reports spans in the input.
 * A text over TG_WINDOW_BYTES goes through the same stages a window at a
 * time (below).
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "datafile.h"
#include "hash.h"
#include "internal.h"
#include "labels.h"
#include "link.h"
#include "options.h"
#include "resolve.h"
#include "resolve_filter.h"
#include "scratch.h"

const char *tagger_version(void)
{
    return TAGGER_VERSION_STRING;
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

/* ------------------------------------------------------------ loading */

/* Loading: the normalizer and tokenizer, then the gazetteers, the rules,
 * the topic models and the entity models, in that order.  With
 * tagger_config_set_load_threads(cfg, 2 or more) the rules (about half of a
 * start's work: their patterns, prefilter and checksum) load on a thread of
 * their own while the calling thread loads the gazetteers and the models;
 * they only read the normalizer, and each has its own error.  The error
 * reported is the one the serial order meets first, so a failure reads the
 * same either way; a part loaded before another failed is freed. */

/* The rule files of cfg, loaded by load_rules (on a thread, or not). */
typedef struct {
    const tagger_config *cfg;
    const tg_load_options *lo;
    const tg_normalizer *nz;
    tg_rules *rules; /* NULL on failure (err says why) */
    tagger_error err;
} rules_job;

static void load_rules(rules_job *job)
{
    tg_rule_options ro = job->cfg->rule_options;
    ro.compiled = job->cfg->compiled_rules;
    ro.load = *job->lo;
    job->rules = tg_rules_load_ex(job->nz, (const char *const *)job->cfg->rules,
                                  job->cfg->nrules, &ro, &job->err);
}

static void *load_rules_thread(void *arg)
{
    load_rules(arg);
    return NULL;
}

static tagger_status load_gazetteers(tagger *t, const tagger_config *cfg,
                                     const tg_load_options *lo, tagger_error *err)
{
    if (!cfg || !cfg->ngazetteers)
        return TAGGER_OK;
    t->gazetteers = calloc(cfg->ngazetteers, sizeof *t->gazetteers);
    if (!t->gazetteers)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    for (size_t i = 0; i < cfg->ngazetteers; i++) {
        t->gazetteers[i] = tg_gazetteer_open(t->normalizer, cfg->gazetteers[i],
                                             cfg->max_alias_bytes, lo, err);
        if (!t->gazetteers[i])
            return err ? err->code : TAGGER_ERR_LOAD;
        t->ngazetteers++;
    }
    return TAGGER_OK;
}

static tagger_status load_models(tagger *t, const tagger_config *cfg, const tg_load_options *lo,
                                 tagger_error *err)
{
    if (tg_topics_load(t, cfg, lo, err) != TAGGER_OK || tg_ner_load(t, cfg, lo, err) != TAGGER_OK)
        return err && err->code != TAGGER_OK ? err->code : TAGGER_ERR_LOAD;
    return TAGGER_OK;
}

static tagger *load(const tagger_config *cfg, tagger_error *err)
{
    /* the data files are mapped when the config says so (datafile.h) */
    const tg_load_options lo = {.map = cfg && cfg->map_data,
                                .verify_cache = cfg ? cfg->verify_cache : NULL,
                                .few_documents = cfg && cfg->few_documents};
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
    t->all_matches = cfg ? cfg->all_matches : 0;
    rules_job job = {cfg, &lo, t->normalizer, NULL, {0}};
    pthread_t rules_thread;
    int threaded = cfg && cfg->nrules && cfg->load_threads > 1 &&
                   pthread_create(&rules_thread, NULL, load_rules_thread, &job) == 0;
    tagger_error merr = {0}; /* the models' error, while the rules' may come first */
    tagger_status st = load_gazetteers(t, cfg, &lo, err), ms = TAGGER_OK;
    if (st == TAGGER_OK && threaded)
        ms = load_models(t, cfg, &lo, &merr);
    if (threaded)
        pthread_join(rules_thread, NULL);
    else if (st == TAGGER_OK && cfg && cfg->nrules)
        load_rules(&job);
    t->rules = job.rules;
    if (st == TAGGER_OK && cfg && cfg->nrules && !job.rules) {
        if (err)
            *err = job.err;
        goto error;
    }
    if (st == TAGGER_OK && ms != TAGGER_OK) {
        if (err)
            *err = merr;
        goto error;
    }
    if (st != TAGGER_OK || (!threaded && load_models(t, cfg, &lo, err) != TAGGER_OK))
        goto error;
    return t;

error:
    tagger_free(t);
    return NULL;
}

tagger *tagger_new(const tagger_config *cfg, tagger_error *err)
{
    return load(cfg, err);
}

tagger_status tagger_rules_compile(const tagger_config *cfg, const char *out, tagger_error *err)
{
    if (!cfg || !out)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "tagger_rules_compile: no config or path");
    tg_normalizer *nz = tg_normalizer_new(err);
    if (!nz)
        return err ? err->code : TAGGER_ERR_NOMEM;
    tg_rule_options ro = cfg->rule_options;
    ro.compiled = NULL; /* everything compiled here */
    ro.keep_keys = 1;
    tg_rules *rs =
        tg_rules_load_ex(nz, (const char *const *)cfg->rules, cfg->nrules, &ro, err);
    tagger_status st = rs ? tg_rules_write_compiled(rs, out, err) : (err ? err->code : TAGGER_ERR_LOAD);
    tg_rules_free(rs);
    tg_normalizer_free(nz);
    return st;
}

void tagger_free(tagger *t)
{
    if (!t)
        return;
    tg_rules_free(t->rules);
    tg_topics_free(t);
    tg_ner_free(t);
    for (size_t i = 0; i < t->ngazetteers; i++)
        tg_gazetteer_free(t->gazetteers[i]);
    free(t->gazetteers);
    tg_tokenizer_free(t->tokenizer);
    tg_normalizer_free(t->normalizer);
    free(t);
}

/* ---------------------------------------------------------- processing */

/* Adds to *cps and *u16 the code points and UTF-16 units that start in
 * u[from..to): a byte starts one unless it is a continuation byte (10xxxxxx),
 * and a four-byte lead (11110xxx) starts two units.  With SSE2, 16 bytes a
 * step (as signed bytes, the continuations are those up to -65 and the
 * four-byte leads those from -16 to -1), counted in byte lanes that are
 * summed every 255 steps; then (or without SSE2) eight a step, the top bit
 * of each byte of a mask saying so and a multiply summing them. */
static inline void count_units(const unsigned char *u, size_t from, size_t to, size_t *cps,
                               size_t *u16)
{
    size_t c = 0, four = 0, i = from;
#ifdef __SSE2__
    const __m128i cont = _mm_set1_epi8(-65), below_f0 = _mm_set1_epi8(-17),
                  zero = _mm_setzero_si128();
    while (i + 16 <= to) {
        __m128i acc_c = zero, acc_4 = zero;
        for (int k = 0; k < 255 && i + 16 <= to; k++, i += 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + i));
            acc_c = _mm_sub_epi8(acc_c, _mm_cmpgt_epi8(x, cont));
            acc_4 = _mm_sub_epi8(acc_4, _mm_and_si128(_mm_cmpgt_epi8(x, below_f0),
                                                      _mm_cmpgt_epi8(zero, x)));
        }
        __m128i sc = _mm_sad_epu8(acc_c, zero), s4 = _mm_sad_epu8(acc_4, zero);
        c += (size_t)_mm_cvtsi128_si32(sc) + (size_t)_mm_extract_epi16(sc, 4);
        four += (size_t)_mm_cvtsi128_si32(s4) + (size_t)_mm_extract_epi16(s4, 4);
    }
#endif
    const uint64_t high = 0x8080808080808080ull, ones = 0x0101010101010101ull;
    for (; i + 8 <= to; i += 8) {
        uint64_t w;
        memcpy(&w, u + i, 8);
        uint64_t starts = (~w | w << 1) & high;                /* not 10xxxxxx */
        uint64_t leads4 = w & w << 1 & w << 2 & w << 3 & high; /* 1111xxxx */
        c += (size_t)(((starts >> 7) * ones) >> 56);
        four += (size_t)(((leads4 >> 7) * ones) >> 56);
    }
    for (; i < to; i++) {
        c += (u[i] & 0xC0) != 0x80;
        four += u[i] >= 0xF0;
    }
    *cps += c;
    *u16 += c + four;
}

#ifdef __SSE2__
/* 64 bytes of ones, then 64 of zeros: the 16 bytes from 64 - n + i have
 * ones in the lanes j with i + j < n. */
_Static_assert(TG_OFFSET_BLOCK == 64, "ones_below: 64 ones, 64 zeros");
static const unsigned char ones_below[2 * TG_OFFSET_BLOCK] = {
#define TG_ONES8 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF
    TG_ONES8, TG_ONES8, TG_ONES8, TG_ONES8, TG_ONES8, TG_ONES8, TG_ONES8, TG_ONES8,
#undef TG_ONES8
};

/* count_units of u[0..n), n < TG_OFFSET_BLOCK (64), where the 64 bytes from
 * u are readable: four loads, the bytes from n on masked out; the four-byte
 * leads only when `four` (UTF-16 units asked). */
static inline void count_units_in_block(const unsigned char *u, size_t n, int four,
                                        size_t *cps, size_t *u16)
{
    const __m128i cont = _mm_set1_epi8(-65), below_f0 = _mm_set1_epi8(-17),
                  zero = _mm_setzero_si128();
    const unsigned char *mask = ones_below + TG_OFFSET_BLOCK - n;
    __m128i acc_c = zero, acc_4 = zero;
    for (int k = 0; k < TG_OFFSET_BLOCK; k += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + k)),
                in = _mm_loadu_si128((const __m128i *)(const void *)(mask + k));
        acc_c = _mm_sub_epi8(acc_c, _mm_and_si128(in, _mm_cmpgt_epi8(x, cont)));
        if (four)
            acc_4 = _mm_sub_epi8(acc_4, _mm_and_si128(in, _mm_and_si128(_mm_cmpgt_epi8(x, below_f0),
                                                                        _mm_cmpgt_epi8(zero, x))));
    }
    __m128i sc = _mm_sad_epu8(acc_c, zero), s4 = _mm_sad_epu8(acc_4, zero);
    size_t c = (size_t)_mm_cvtsi128_si32(sc) + (size_t)_mm_extract_epi16(sc, 4);
    *cps += c;
    *u16 += c + (size_t)_mm_cvtsi128_si32(s4) + (size_t)_mm_extract_epi16(s4, 4);
}
#endif

static tagger_status build_offset_index(tagger_doc *doc)
{
    size_t nblocks = doc->len / TG_OFFSET_BLOCK + 1;
    doc->cp_before = malloc(nblocks * sizeof *doc->cp_before);
    doc->u16_before = malloc(nblocks * sizeof *doc->u16_before);
    if (!doc->cp_before || !doc->u16_before)
        return TAGGER_ERR_NOMEM;
    const unsigned char *u = (const unsigned char *)doc->text;
    size_t cps = 0, u16 = 0, b = 0;
#ifdef __SSE2__
    /* the whole blocks in one loop: count_units_in_block's counts without
     * its mask, four loads a block (~40 instructions; count_units' loops
     * took ~130) */
    const __m128i cont = _mm_set1_epi8(-65), below_f0 = _mm_set1_epi8(-17),
                  zero = _mm_setzero_si128();
    for (; (b + 1) * TG_OFFSET_BLOCK <= doc->len; b++) {
        doc->cp_before[b] = (uint32_t)cps;
        doc->u16_before[b] = (uint32_t)u16;
        __m128i acc_c = zero, acc_4 = zero;
        for (int k = 0; k < TG_OFFSET_BLOCK; k += 16) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(u + b * TG_OFFSET_BLOCK + k));
            acc_c = _mm_sub_epi8(acc_c, _mm_cmpgt_epi8(x, cont));
            acc_4 = _mm_sub_epi8(acc_4, _mm_and_si128(_mm_cmpgt_epi8(x, below_f0),
                                                      _mm_cmpgt_epi8(zero, x)));
        }
        __m128i sc = _mm_sad_epu8(acc_c, zero), s4 = _mm_sad_epu8(acc_4, zero);
        size_t c = (size_t)_mm_cvtsi128_si32(sc) + (size_t)_mm_extract_epi16(sc, 4);
        cps += c;
        u16 += c + (size_t)_mm_cvtsi128_si32(s4) + (size_t)_mm_extract_epi16(s4, 4);
    }
#endif
    for (; b < nblocks; b++) {
        doc->cp_before[b] = (uint32_t)cps;
        doc->u16_before[b] = (uint32_t)u16;
        size_t end = (b + 1) * TG_OFFSET_BLOCK;
        count_units(u, b * TG_OFFSET_BLOCK, end < doc->len ? end : doc->len, &cps, &u16);
    }
    return TAGGER_OK;
}

/* Adds `count` to the doc's warning `code` ("rule_match_limit",
 * "rule_depth_limit", "entity_limit" or "date_ignored"), made when first
 * needed. */
static void add_warning(tagger_doc *doc, const char *code, size_t count)
{
    size_t i = 0;
    while (i < doc->nwarnings && strcmp(doc->warnings[i].code, code) != 0)
        i++;
    if (count == 0 || i == TG_NWARNINGS)
        return;
    if (i == doc->nwarnings)
        doc->warnings[doc->nwarnings++] = (tagger_warning){code, 0, doc->warning_messages[i]};
    tagger_warning *w = &doc->warnings[i];
    w->count += count;
    if (strcmp(code, "entity_limit") == 0)
        snprintf(doc->warning_messages[i], sizeof doc->warning_messages[i],
                 "%zu entities past the limit of %zu left out", w->count,
                 TAGGER_MAX_ENTITIES(doc->len));
    else if (strcmp(code, "date_ignored") == 0)
        snprintf(doc->warning_messages[i], sizeof doc->warning_messages[i],
                 "the document's date is not YYYY-MM-DD or YYYY/MM/DD; not used");
    else
        snprintf(doc->warning_messages[i], sizeof doc->warning_messages[i],
                 "%zu rule match attempt%s cut by the %s limit", w->count,
                 w->count == 1 ? "" : "s",
                 strcmp(code, "rule_depth_limit") == 0 ? "depth" : "match");
}

/* Whether a DATE match lacks a value a document date could give it. */
static int dates_without_value(const tg_rule_match *r, size_t nr)
{
    for (size_t i = 0; i < nr; i++)
        if (!r[i].value && !r[i].confirm_only && tg_label_eq(r[i].label, TG_LABEL_DATE))
            return 1;
    return 0;
}

tagger_status tg_doc_candidates(const tagger *t, tagger_doc *doc, tg_doc_date *date,
                                tg_gaz_match **m, size_t *n, size_t *mcap, tg_rule_match **r,
                                size_t *nr, size_t *rcap)
{
    static const tg_doc_date no_date = {0, 0, 0, 0, 0};
    tg_rule_cuts cuts = {0, 0};
    *n = *nr = 0;
    for (size_t i = 0; i < t->ngazetteers; i++)
        if (tg_gazetteer_match(t->gazetteers[i], (int)i, doc->text, &doc->norm, doc->tokens,
                               doc->ntokens, m, n, mcap) != TAGGER_OK)
            goto nomem;
    /* the rules of the document's language (and those of no language) */
    const char *langs[] = {doc->lang, NULL};
    if (tg_rules_match_langs(t->rules, &doc->norm, date ? date : &no_date, langs, r, nr, rcap,
                             &cuts) != TAGGER_OK)
        goto nomem;
    if (date && !date->known && date->dateline) { /* rules.h: tg_rules_dateline */
        date->dateline = 0; /* the first window of a long document only */
        if (tg_rules_dateline(*r, *nr, doc->norm.text, doc->norm.len, date) &&
            dates_without_value(*r, *nr)) {
            tg_rule_values_free(*r, *nr);
            *nr = 0;
            cuts = (tg_rule_cuts){0, 0};
            if (tg_rules_match_langs(t->rules, &doc->norm, date, langs, r, nr, rcap, &cuts) !=
                TAGGER_OK)
                goto nomem;
        }
    }
    add_warning(doc, "rule_match_limit", cuts.match);
    add_warning(doc, "rule_depth_limit", cuts.depth);
    return TAGGER_OK;

nomem:
    free(*m);
    tg_rule_matches_free(*r, *nr);
    *m = NULL;
    *r = NULL;
    *n = *nr = *mcap = *rcap = 0;
    return TAGGER_ERR_NOMEM;
}

/* The countries named inside each entity (link.h: tg_link_places), in
 * original offsets; the doc owns each entity's places array. */
static tagger_status add_places(tagger_doc *doc, const tg_resolved *res, const tg_gaz_match *m,
                                size_t n)
{
    size_t plain = 0; /* tg_resolve left the non-ambiguous ones first, sorted */
    while (plain < n && !(m[plain].flags & TG_ALIAS_AMBIGUOUS))
        plain++;
    n = plain;
    for (size_t i = 0; i < doc->nentities; i++) {
        tagger_entity *e = &doc->entities[i];
        tagger_place few[8];
        size_t k = tg_link_places(&res[i], e, m, n, few, 8);
        if (!k)
            continue;
        tagger_place *p = malloc(k * sizeof *p);
        if (!p)
            return TAGGER_ERR_NOMEM;
        if (k <= 8)
            memcpy(p, few, k * sizeof *p);
        else
            tg_link_places(&res[i], e, m, n, p, k);
        for (size_t j = 0; j < k; j++)
            tagger_doc_map_span(doc, p[j].start, p[j].end, &p[j].start, &p[j].end);
        e->places = p;
        e->nplaces = k;
    }
    return TAGGER_OK;
}

/* Gazetteer candidates and rule matches, resolved (resolve.h) into the
 * doc's entities; with an entity model for the document's language, its
 * spans are merged in (ner.h). */
static tagger_status find_entities(const tagger *t, tagger_doc *doc, tg_doc_date *date,
                                   tagger_error *err)
{
    /* the gazetteer candidates, the rule matches and the model's spans: the
     * thread's blocks (scratch.h), taken and given back */
    size_t mbytes, rbytes, sbytes, n = 0, nr = 0;
    tg_gaz_match *m = tg_scratch_take(TG_SCRATCH_GAZ_MATCHES, &mbytes);
    size_t mcap = mbytes / sizeof *m;
    tg_rule_match *r = tg_scratch_take(TG_SCRATCH_RULE_MATCHES, &rbytes);
    size_t rcap = rbytes / sizeof *r;
    tg_ner_span *spans = tg_scratch_take(TG_SCRATCH_SPANS, &sbytes);
    size_t scap = sbytes / sizeof *spans;
    tg_resolved *res = NULL;
    char *cased = NULL; /* the text as the English model read it (ner.h) */
    const tg_gaz_match **by = NULL; /* the candidates by first token (below) */
    size_t nres = 0, nspans = 0;
    const tg_ner_model *model = t->all_matches ? NULL : tg_ner_for(t, doc->lang);
    if (tg_doc_candidates(t, doc, date, &m, &n, &mcap, &r, &nr, &rcap) != TAGGER_OK)
        goto nomem;
    tg_ner_input in = {doc->text, &doc->norm, doc->tokens, doc->ntokens, m, n, r, nr, NULL,
                       doc->hashes, NULL, NULL};
    if (model && tg_ner_decode(model, &in, &spans, &nspans, &scap, &cased) != TAGGER_OK)
        goto nomem;
    in.cased = cased;
    tg_resolve_evidence(&doc->norm, doc->tokens, doc->ntokens, r, nr); /* «X:» (resolve.h) */
    if (
        tg_resolve(m, n, doc->ntokens, doc->norm.len, r, nr, t->all_matches, &res, &nres) != TAGGER_OK ||
        (!t->all_matches && /* headline speakers «اسلامی:» (resolve.h) */
         tg_resolve_speakers(&doc->norm, doc->tokens, doc->ntokens, m, n, &res, &nres) != TAGGER_OK))
        goto nomem;
    if (!t->all_matches) {
        /* the candidates (in their last order: tg_resolve permutes them) by first
         * token, once for the merge and the filter: the thread's block (scratch.h) */
        by = tg_scratch(TG_SCRATCH_BY_FIRST, (n + 1) * sizeof *by);
        if (!by)
            goto nomem;
        tg_gaz_sort_by(m, n, by, 0);
        in.gaz_by_first = by;
    }
    if (model && tg_ner_merge(model, spans, nspans, &in, &res, &nres) != TAGGER_OK)
        goto nomem;
    if (!t->all_matches) /* junk and titles (resolve.h) */
        nres = tg_resolve_filter(&doc->norm, doc->tokens, doc->ntokens, m, n, by, res, nres);
    if (nres) {
        doc->entities = calloc(nres, sizeof *doc->entities);
        doc->entity_values = calloc(nres, sizeof *doc->entity_values);
        if (!doc->entities || !doc->entity_values)
            goto nomem;
    }
    for (size_t i = 0; i < nres; i++) {
        tagger_entity *out = &doc->entities[doc->nentities];
        tagger_doc_map_span(doc, res[i].norm_start, res[i].norm_end, &out->start, &out->end);
        out->label = res[i].label;
        out->source = res[i].model ? "model" : res[i].gaz ? "gazetteer" : "rule";
        out->flags = res[i].ambiguous ? TAGGER_ENTITY_AMBIGUOUS : 0;
        tg_gaz_entry e;
        if (res[i].gaz && tg_gazetteer_entry(res[i].gaz->gaz, res[i].gaz->record, &e)) {
            out->list = e.list;
            if (!tg_ner_unit_entry(&e)) { /* a generic name: tagged, not linked */
                out->kb_id = e.kb_id;
                out->name = e.name;
                out->alias = e.alias;
                out->wikidata = e.wikidata;
                out->name_fa = tg_gaz_name_fa(&e);
            }
        }
        if (res[i].rule) {
            out->rule = res[i].rule->rule;
            /* the value moves from the rule match to the doc */
            doc->entity_values[doc->nentities] = res[i].rule->value;
            out->value = res[i].rule->value;
            res[i].rule->value = NULL;
        }
        doc->nentities++;
    }
    if (!t->all_matches &&
        (tg_link_in_document(doc->norm.text, res, doc->entities, nres) != TAGGER_OK ||
         add_places(doc, res, m, n) != TAGGER_OK))
        goto nomem;
    if (by)
        tg_scratch_done(TG_SCRATCH_BY_FIRST);
    free(res);
    tg_scratch_give(TG_SCRATCH_SPANS, spans, scap * sizeof *spans);
    free(cased);
    tg_scratch_give(TG_SCRATCH_GAZ_MATCHES, m, mcap * sizeof *m);
    tg_rule_values_free(r, nr);
    tg_scratch_give(TG_SCRATCH_RULE_MATCHES, r, rcap * sizeof *r);
    return TAGGER_OK;

nomem:
    if (by)
        tg_scratch_done(TG_SCRATCH_BY_FIRST);
    free(res);
    tg_scratch_give(TG_SCRATCH_SPANS, spans, scap * sizeof *spans);
    free(cased);
    tg_scratch_give(TG_SCRATCH_GAZ_MATCHES, m, mcap * sizeof *m);
    tg_rule_values_free(r, nr);
    tg_scratch_give(TG_SCRATCH_RULE_MATCHES, r, rcap * sizeof *r);
    return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory finding entities");
}

/* The topics of a tokenized document, from the model of its language. */
static tagger_status classify_topics(const tagger *t, tagger_doc *doc, tagger_error *err)
{
    const tg_topic_model *m = tg_topics_for(t, doc->lang);
    return m ? tg_topic_classify(m, doc->norm.text, doc->tokens, doc->ntokens, doc->hashes,
                                 t->topic_k, t->topic_threshold, &doc->topics, &doc->ntopics, err)
             : TAGGER_OK;
}

/* Parses "YYYY-MM-DD" into `date`; returns 0 if it is not a real date. */
static int parse_date(const char *s, tg_doc_date *date)
{
    static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d;
    char tail;
    if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || strlen(s) != 10 || y < 1 ||
        m < 1 || m > 12 || d < 1 || d > days[m - 1] ||
        (m == 2 && d == 29 && (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0))))
        return 0;
    date->known = 1;
    date->y = y;
    date->m = m;
    date->d = d;
    return 1;
}

/* Parses the date that begins a document's date member into `date`: an ISO
 * 8601 date or date and time ("2024-12-05", "2024-12-05T10:30:00Z",
 * "2024-12-05 10:30"), or a Solar Hijri one as Iranian sites give it, a
 * year 1200-1699 and '/' or '-' («۱۴۰۳/۰۹/۱۵», "1403-09-15 14:20"),
 * converted with the rules' ICU calendar; Persian and Arabic-Indic digits
 * read as ASCII.  Returns 0 for anything else. */
static int parse_date_start(const tagger *t, const char *s, tg_doc_date *date)
{
    char a[16]; /* the first characters, digits as ASCII */
    size_t n = 0;
    const unsigned char *u = (const unsigned char *)s;
    while (*u && n < sizeof a - 1) {
        if ((u[0] == 0xDB && u[1] >= 0xB0 && u[1] <= 0xB9) || /* ۰-۹ */
            (u[0] == 0xD9 && u[1] >= 0xA0 && u[1] <= 0xA9)) { /* ٠-٩ */
            a[n++] = (char)('0' + (u[1] & 0x0F));
            u += 2;
        } else
            a[n++] = (char)*u++;
    }
    a[n] = '\0';
    if (n < 10 || (n > 10 && a[10] != 'T' && a[10] != 't' && a[10] != ' '))
        return 0;
    a[10] = '\0';
    int y, m, d, gy, gm, gd;
    const tg_calendars *cals = tg_rules_calendars(t->rules);
    if (a[4] == '/' || (a[0] == '1' && a[1] < '7')) { /* Solar Hijri */
        if (!cals || (a[4] != '/' && a[4] != '-') || a[7] != a[4] ||
            sscanf(a, "%4d%*c%2d%*c%2d", &y, &m, &d) != 3 || y < 1200 || y > 1699 ||
            m < 1 || m > 12 || d < 1 || d > 31 ||
            !tg_to_gregorian(cals, TG_CAL_PERSIAN, y, m, d, &gy, &gm, &gd))
            return 0;
        snprintf(a, sizeof a, "%04d-%02d-%02d", gy, gm, gd);
    }
    return parse_date(a, date);
}

static void tagger_doc_free_parts(tagger_doc *doc);

/* The document's language: given, else identified (langid.h). */
static void set_lang(tagger_doc *doc, const char *forced)
{
    tg_langid_detect(doc->text, doc->len, &doc->langid);
    doc->lang_forced = forced != NULL;
    if (forced) /* tg_langid_valid: at most 3 bytes */
        snprintf(doc->lang_given, sizeof doc->lang_given, "%s", forced);
    doc->lang = forced ? doc->lang_given : doc->langid.lang;
}


/* ------------------------------------------------------------- windows
 *
 * A document over TG_WINDOW_BYTES is tagged in windows of at most that
 * many bytes, so that what the stages build per byte (the offset maps, the
 * tokens, the candidates, the model's features: about 30 bytes for each
 * byte of news) is built for one window at a time and memory grows with the
 * document only by its text and its entities.  A window ends after the last
 * line break of its second half, else after its last space, else on a
 * character boundary.  The document's language is identified once, from
 * the start of its text (langid.h), for all the windows; the topics come
 * from the feature counts of all windows.  What a window cannot see is the only
 * difference from tagging the whole text at once: a name cut by a window's
 * edge, word pairs across it, and the linking and the model's history of
 * earlier windows.  Articles are far below the window size. */

static size_t window_end(const char *text, size_t start, size_t len)
{
    if (len - start <= TG_WINDOW_BYTES)
        return len;
    size_t end = start + TG_WINDOW_BYTES, half = start + TG_WINDOW_BYTES / 2;
    for (size_t i = end; i > half; i--)
        if (text[i - 1] == '\n')
            return i;
    for (size_t i = end; i > half; i--)
        if (text[i - 1] == ' ' || text[i - 1] == '\t')
            return i;
    while (end > start + 1 && ((unsigned char)text[end] & 0xC0) == 0x80)
        end--;
    return end;
}

/* The end of the use of doc->hashes, the thread's block (scratch.h). */
static void hashes_done(tagger_doc *doc)
{
    if (doc->hashes)
        tg_scratch_done(TG_SCRATCH_HASHES);
    doc->hashes = NULL;
}

/* The word hash of each token of a tokenized doc (tg_fnv1a of its
 * normalized bytes), which the entity model and the topic classifier both
 * key words by, made once for both into doc->hashes; none when neither
 * runs on the doc.  TAGGER_OK or TAGGER_ERR_NOMEM (err set). */
static tagger_status hash_tokens(const tagger *t, tagger_doc *doc, tagger_error *err)
{
    if (doc->ntokens == 0 || (!tg_topics_for(t, doc->lang) &&
                              (t->all_matches || !tg_ner_for(t, doc->lang))))
        return TAGGER_OK;
    if (!(doc->hashes = tg_scratch(TG_SCRATCH_HASHES, doc->ntokens * sizeof *doc->hashes)))
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    for (size_t i = 0; i < doc->ntokens; i++)
        doc->hashes[i] = tg_fnv1a(doc->norm.text + doc->tokens[i].norm_start,
                                  doc->tokens[i].norm_end - doc->tokens[i].norm_start);
    return TAGGER_OK;
}

/* Tags doc->text[start, end) as a document of its own in *win. */
static tagger_status tag_window(const tagger *t, const tagger_doc *doc, size_t start, size_t end,
                                tg_doc_date *date, tagger_doc *win, tagger_error *err)
{
    memset(win, 0, sizeof *win);
    win->text = doc->text + start; /* borrowed: not freed with the window */
    win->len = end - start;
    win->lang = doc->lang;
    tagger_status rc = tg_normalize(t->normalizer, win->text, win->len, &win->norm, err);
    if (rc == TAGGER_OK)
        rc = tg_tokenize(t->tokenizer, &win->norm, &win->tokens, &win->ntokens,
                         &win->nsentences, err);
    if (rc == TAGGER_OK)
        rc = hash_tokens(t, win, err);
    return rc == TAGGER_OK ? find_entities(t, win, date, err) : rc;
}

/* Moves a window's entities, shifted by `start`, to the end of doc's, up
 * to TAGGER_MAX_ENTITIES; the rest are counted in an "entity_limit"
 * warning. */
static tagger_status take_entities(tagger_doc *doc, tagger_doc *win, size_t start, size_t *cap)
{
    size_t room = TAGGER_MAX_ENTITIES(doc->len) - doc->nentities, n = win->nentities;
    if (n > room) {
        add_warning(doc, "entity_limit", n - room);
        n = room;
    }
    if (doc->nentities + n > *cap) {
        size_t c = *cap ? *cap : 64;
        while (c < doc->nentities + n)
            c *= 2;
        tagger_entity *e = realloc(doc->entities, c * sizeof *e);
        if (e)
            doc->entities = e;
        char **v = e ? realloc(doc->entity_values, c * sizeof *v) : NULL;
        if (v)
            doc->entity_values = v;
        if (!e || !v)
            return TAGGER_ERR_NOMEM;
        *cap = c;
    }
    for (size_t i = 0; i < n; i++) {
        tagger_entity *e = &doc->entities[doc->nentities];
        *e = win->entities[i];
        e->start += start;
        e->end += start;
        for (size_t j = 0; j < e->nplaces; j++) { /* the doc owns them now */
            ((tagger_place *)e->places)[j].start += start;
            ((tagger_place *)e->places)[j].end += start;
        }
        win->entities[i].places = NULL;
        win->entities[i].nplaces = 0;
        doc->entity_values[doc->nentities++] = win->entity_values[i];
        win->entity_values[i] = NULL;
    }
    return TAGGER_OK;
}

static void window_free(tagger_doc *win)
{
    win->text = NULL;
    tagger_doc_free_parts(win);
}

static tagger_status tag_in_windows(const tagger *t, tagger_doc *doc, tg_doc_date *date,
                                    const char *lang, tagger_error *err)
{
    if (tg_utf8_check(doc->text, doc->len, err) != TAGGER_OK)
        return TAGGER_ERR_INVALID_UTF8;
    set_lang(doc, lang);

    const tg_topic_model *tm = tg_topics_for(t, doc->lang);
    tg_topic_sum topics = {0};
    tagger_doc win;
    size_t cap = 0;
    tagger_status rc = TAGGER_OK;
    for (size_t start = 0, end; start < doc->len && rc == TAGGER_OK; start = end) {
        end = window_end(doc->text, start, doc->len);
        rc = tag_window(t, doc, start, end, date, &win, err);
        if (rc == TAGGER_OK &&
            (take_entities(doc, &win, start, &cap) != TAGGER_OK ||
             (tm && tg_topic_sum_add(tm, &topics, win.norm.text, win.tokens, win.ntokens,
                                     win.hashes) != TAGGER_OK)))
            rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory finding entities");
        for (size_t i = 0; i < win.nwarnings; i++)
            add_warning(doc, win.warnings[i].code, win.warnings[i].count);
        window_free(&win);
    }
    if (rc == TAGGER_OK && tm)
        rc = tg_topic_sum_finish(tm, &topics, t->topic_k, t->topic_threshold, &doc->topics,
                                 &doc->ntopics, err);
    tg_topic_sum_free(&topics);
    return rc;
}

void tagger_process_options_init_size(tagger_process_options *opt, size_t size)
{
    const tagger_process_options d = {.stage = TAGGER_STAGE_ALL};
    tg_opt_init(opt, &d, size, sizeof d);
}

tagger_doc *tagger_process(const tagger *t, const char *text, size_t len, tagger_stage stage,
                           tagger_error *err)
{
    tagger_process_options opt;
    tagger_process_options_init(&opt);
    opt.stage = stage;
    return tagger_process_ex(t, text, len, &opt, err);
}

tagger_doc *tagger_process_ex(const tagger *t, const char *text, size_t len,
                              const tagger_process_options *opt, tagger_error *err)
{
    tg_doc_date date = {0, 0, 0, 0, 0};
    tagger_process_options o;
    tagger_process_options_init(&o);
    if (tg_opt_read(&o, opt, sizeof o, "tagger_process_ex", "tagger_process_options_init", err) !=
        TAGGER_OK)
        return NULL;
    tagger_stage stage = o.stage;
    const char *date_text = o.date;
    if (o.lang && !tg_langid_valid(o.lang)) {
        tg_error_set(err, TAGGER_ERR_USAGE, 0,
                     "language '%.40s' is not an ISO 639-1 code (two lower-case letters) or und",
                     o.lang);
        return NULL;
    }
    if (date_text && !parse_date(date_text, &date)) {
        tg_error_set(err, TAGGER_ERR_USAGE, 0, "document date '%.40s' is not YYYY-MM-DD",
                     date_text);
        return NULL;
    }
    tg_doc_date own = {0, 0, 0, 0, 0}; /* the document's metadata: before `date` */
    int date_ignored = o.date_member && t && !parse_date_start(t, o.date_member, &own);
    if (own.known)
        date = own;
    date.dateline = !date.known && !o.no_dateline;
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
    if (date_ignored)
        add_warning(doc, "date_ignored", 1);

    if (stage >= TAGGER_STAGE_ALL && len > TG_WINDOW_BYTES) {
        if (build_offset_index(doc) != TAGGER_OK) {
            tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
            goto error;
        }
        if (tag_in_windows(t, doc, &date, o.lang, err) != TAGGER_OK)
            goto error;
        return doc;
    }
    if (tg_normalize(t->normalizer, doc->text, len, &doc->norm, err) != TAGGER_OK)
        goto error;
    set_lang(doc, o.lang);
    if (build_offset_index(doc) != TAGGER_OK) {
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        goto error;
    }
    if (stage >= TAGGER_STAGE_TOKENIZE &&
        tg_tokenize(t->tokenizer, &doc->norm, &doc->tokens, &doc->ntokens,
                    &doc->nsentences, err) != TAGGER_OK)
        goto error;
    if (stage >= TAGGER_STAGE_ALL &&
        (hash_tokens(t, doc, err) != TAGGER_OK || find_entities(t, doc, &date, err) != TAGGER_OK ||
         classify_topics(t, doc, err) != TAGGER_OK))
        goto error;
    hashes_done(doc); /* of no use after */
    return doc;

error:
    tagger_doc_free(doc);
    return NULL;
}

/* Frees what a doc (or a window) owns but the struct itself. */
static void tagger_doc_free_parts(tagger_doc *doc)
{
    free(doc->text);
    tg_normtext_free(&doc->norm);
    free(doc->tokens);
    hashes_done(doc);
    for (size_t i = 0; i < doc->nentities && doc->entity_values; i++)
        free(doc->entity_values[i]);
    for (size_t i = 0; i < doc->nentities && doc->entities; i++)
        free((void *)doc->entities[i].places); /* owned (add_places) */
    free(doc->entity_values);
    free(doc->entities);
    free(doc->topics);
    free(doc->cp_before);
    free(doc->u16_before);
}

void tagger_doc_free(tagger_doc *doc)
{
    if (!doc)
        return;
    tagger_doc_free_parts(doc);
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
    return doc->norm.text ? doc->norm.text : ""; /* "" for a windowed doc */
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

size_t tagger_doc_warning_count(const tagger_doc *doc)
{
    return doc->nwarnings;
}

const tagger_warning *tagger_doc_warning(const tagger_doc *doc, size_t i)
{
    return i < doc->nwarnings ? &doc->warnings[i] : NULL;
}

size_t tagger_rules_test(const tagger *t, void (*report)(void *ud, const char *line), void *ud,
                         size_t *total)
{
    *total = 0;
    return t->rules ? tg_rules_test(t->rules, report, ud, total) : 0;
}

size_t tagger_rule_count(const tagger *t)
{
    return tg_rules_count(t->rules);
}

size_t tagger_max_doc_bytes(const tagger *t)
{
    return t->max_doc_bytes;
}

char *tagger_match_key(const tagger *t, const char *text, size_t len)
{
    return tg_normalize_key(t->normalizer, text, len, NULL);
}

const char *tagger_doc_lang(const tagger_doc *doc)
{
    return doc->lang;
}

size_t tagger_doc_lang_evidence(const tagger_doc *doc, char *buf, size_t size)
{
    char tmp[512];
    size_t n = tg_langid_json(&doc->langid, tmp, sizeof tmp);
    if (doc->lang_forced && n + 14 < sizeof tmp) {
        memcpy(tmp + n - 1, ",\"forced\":true}", 15);
        n += 14;
    }
    if (size > 0) {
        size_t k = n < size - 1 ? n : size - 1;
        memcpy(buf, tmp, k);
        buf[k] = '\0';
    }
    return n;
}

size_t tagger_doc_offset(const tagger_doc *doc, size_t off, tagger_offset_unit unit)
{
    if (off > doc->len)
        off = doc->len;
    if (unit == TAGGER_OFFSETS_UTF8)
        return off;
    size_t b = off / TG_OFFSET_BLOCK, from = b * TG_OFFSET_BLOCK;
    size_t cps = doc->cp_before[b], u16 = doc->u16_before[b];
#ifdef __SSE2__
    if (from + TG_OFFSET_BLOCK <= doc->len + 1) /* in the text's block, with its NUL */
        count_units_in_block((const unsigned char *)doc->text + from, off - from,
                             unit == TAGGER_OFFSETS_UTF16, &cps, &u16);
    else
#endif
        count_units((const unsigned char *)doc->text, from, off, &cps, &u16);
    return unit == TAGGER_OFFSETS_UTF16 ? u16 : cps;
}
