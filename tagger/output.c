/* output — see output.h. */
#include "output.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

char *tg_json_escape(const char *s, size_t len, size_t *outlen)
{
    /* worst case: every byte becomes \u00XX (6 bytes), plus quotes and NUL */
    char *out = malloc(len * 6 + 3);
    if (!out)
        return NULL;
    static const char hex[] = "0123456789abcdef";
    size_t n = 0;
    out[n++] = '"';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': out[n++] = '\\'; out[n++] = '"'; break;
        case '\\': out[n++] = '\\'; out[n++] = '\\'; break;
        case '\n': out[n++] = '\\'; out[n++] = 'n'; break;
        case '\r': out[n++] = '\\'; out[n++] = 'r'; break;
        case '\t': out[n++] = '\\'; out[n++] = 't'; break;
        case '\b': out[n++] = '\\'; out[n++] = 'b'; break;
        case '\f': out[n++] = '\\'; out[n++] = 'f'; break;
        default:
            if (c < 0x20 || c == 0x7F) {
                memcpy(out + n, "\\u00", 4);
                out[n + 4] = hex[c >> 4];
                out[n + 5] = hex[c & 15];
                n += 6;
            } else {
                out[n++] = (char)c;
            }
        }
    }
    out[n++] = '"';
    out[n] = '\0';
    if (outlen)
        *outlen = n;
    return out;
}

cJSON *tg_json_string(const char *s, size_t len)
{
    char *esc = tg_json_escape(s, len, NULL);
    if (!esc)
        return NULL;
    cJSON *item = cJSON_CreateRaw(esc);
    free(esc);
    return item;
}

/* Adds key → item to obj; returns 0 (and frees item) on failure. */
static int add(cJSON *obj, const char *key, cJSON *item)
{
    if (!item)
        return 0;
    if (!cJSON_AddItemToObject(obj, key, item)) {
        cJSON_Delete(item);
        return 0;
    }
    return 1;
}

static int add_str(cJSON *obj, const char *key, const char *s)
{
    return add(obj, key, tg_json_string(s, strlen(s)));
}

static int add_num(cJSON *obj, const char *key, double v)
{
    return add(obj, key, cJSON_CreateNumber(v));
}

static char *finish(cJSON *root, int ok, const tagger_json_options *opt,
                    size_t *len)
{
    char *out = NULL;
    if (ok)
        out = opt && opt->pretty ? cJSON_Print(root) : cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    if (out && len)
        *len = strlen(out);
    return out;
}

static tagger_offset_unit unit_of(const tagger_json_options *opt)
{
    return opt ? opt->offsets : TAGGER_OFFSETS_CODEPOINT;
}

char *tagger_doc_to_json(const tagger_doc *doc, const tagger_json_options *opt,
                         size_t *len)
{
    tagger_offset_unit unit = unit_of(opt);
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    int ok = 1;
    if (opt && opt->id)
        ok &= add_str(root, "id", opt->id);
    ok &= add_str(root, "lang", opt && opt->lang ? opt->lang : doc->lang);

    cJSON *topics = cJSON_CreateArray();
    ok &= add(root, "topics", topics);
    for (size_t i = 0; ok && i < doc->ntopics; i++) {
        const tagger_topic *tp = &doc->topics[i];
        cJSON *o = cJSON_CreateObject();
        ok &= o && cJSON_AddItemToArray(topics, o);
        ok = ok && add_str(o, "label", tp->label);
        if (ok && tp->iptc)
            ok &= add_str(o, "iptc", tp->iptc);
        ok = ok && add_num(o, "score", (double)(long)(tp->score * 10000 + 0.5) / 10000);
    }

    cJSON *ents = cJSON_CreateArray();
    ok = ok && add(root, "entities", ents);
    for (size_t i = 0; ok && i < doc->nentities; i++) {
        const tagger_entity *e = &doc->entities[i];
        cJSON *o = cJSON_CreateObject();
        ok &= o && cJSON_AddItemToArray(ents, o);
        ok = ok && add_num(o, "start", (double)tagger_doc_offset(doc, e->start, unit));
        ok = ok && add_num(o, "end", (double)tagger_doc_offset(doc, e->end, unit));
        ok = ok && add(o, "text", tg_json_string(doc->text + e->start, e->end - e->start));
        ok = ok && add_str(o, "label", e->label);
        if (ok && e->kb_id)
            ok &= add_str(o, "kb_id", e->kb_id);
        if (ok && e->name)
            ok &= add_str(o, "name", e->name);
        if (ok && e->value)
            ok &= add_str(o, "value", e->value);
        if (ok && e->source)
            ok &= add_str(o, "source", e->source);
        if (ok && e->rule)
            ok &= add_str(o, "rule", e->rule);
        if (ok && e->list)
            ok &= add_str(o, "list", e->list);
        if (ok && (e->flags & TAGGER_ENTITY_AMBIGUOUS))
            ok &= add(o, "ambiguous", cJSON_CreateTrue());
    }
    return finish(root, ok, opt, len);
}

char *tagger_doc_normalized_to_json(const tagger_doc *doc,
                                    const tagger_json_options *opt, size_t *len)
{
    tagger_offset_unit unit = unit_of(opt);
    const tg_normtext *nt = &doc->norm;
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    int ok = 1;
    if (opt && opt->id)
        ok &= add_str(root, "id", opt->id);
    ok &= add(root, "text", tg_json_string(nt->text, nt->len));

    char *key = malloc(nt->len + 1);
    size_t k = 0;
    if (key)
        for (size_t i = 0; i < nt->len; i++)
            if (nt->text[i] != ' ' && nt->text[i] != '\n')
                key[k++] = nt->text[i];
    ok = ok && key && add(root, "key", tg_json_string(key, k));
    free(key);

    cJSON *map = cJSON_CreateArray();
    ok = ok && add(root, "map", map);
    for (size_t i = 0; ok && i < nt->len;) {
        size_t j = i;
        tg_utf8_next(nt->text, &j);
        size_t os = 0, oe = 0;
        tagger_doc_map_span(doc, i, j, &os, &oe);
        cJSON *pair = cJSON_CreateArray();
        ok &= pair && cJSON_AddItemToArray(map, pair);
        ok = ok && cJSON_AddItemToArray(pair, cJSON_CreateNumber(
                                                  (double)tagger_doc_offset(doc, os, unit)));
        ok = ok && cJSON_AddItemToArray(pair, cJSON_CreateNumber(
                                                  (double)tagger_doc_offset(doc, oe, unit)));
        i = j;
    }
    return finish(root, ok, opt, len);
}

char *tagger_doc_tokens_to_json(const tagger_doc *doc,
                                const tagger_json_options *opt, size_t *len)
{
    tagger_offset_unit unit = unit_of(opt);
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    int ok = 1;
    if (opt && opt->id)
        ok &= add_str(root, "id", opt->id);
    cJSON *toks = cJSON_CreateArray();
    ok = ok && add(root, "tokens", toks);
    for (size_t i = 0; ok && i < doc->ntokens; i++) {
        const tagger_token *t = &doc->tokens[i];
        cJSON *o = cJSON_CreateObject();
        ok &= o && cJSON_AddItemToArray(toks, o);
        ok = ok && add_num(o, "start", (double)tagger_doc_offset(doc, t->start, unit));
        ok = ok && add_num(o, "end", (double)tagger_doc_offset(doc, t->end, unit));
        ok = ok && add(o, "text", tg_json_string(doc->text + t->start, t->end - t->start));
        ok = ok && add(o, "norm", tg_json_string(doc->norm.text + t->norm_start,
                                                 t->norm_end - t->norm_start));
        ok = ok && add_str(o, "kind", tagger_token_kind_name(t->kind));
        ok = ok && add_num(o, "sentence", (double)t->sentence);
    }
    return finish(root, ok, opt, len);
}
