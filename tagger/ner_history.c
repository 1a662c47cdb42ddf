/*
 * ner_history — the entity recognizer's prediction history (Ratinov and
 * Roth 2009; ner_features.c has the features it gives): what the model
 * tagged each word of the document so far, a mask per word key (bit 0 O,
 * for label l bit 1 + 2l at an entity's first token and 2 + 2l inside).
 * The table is open addressing over 32-bit word keys (the low half of the
 * word hash xor its high half: two words of one key share a mask); a slot
 * belongs to the current document when its generation is the table's.
 * Training finds a word's slot by its hash at every look-up and record.
 * Decoding makes the (empty) slots of all the document's distinct words
 * once, before its first segment, and keeps each word's slot index
 * (fb->hslot): a token's history is then one load, an empty mask (0; a
 * recorded mask has a bit) meaning no history yet, and recording a
 * segment's tags no probe.
 */
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "ner_internal.h"

int tg_ner_history_reset(tg_ner_history *h, size_t n)
{
    size_t cap = 256; /* the first cap slots of the allocation: a document's
                         words stay close together */
    while (cap < 2 * n)
        cap *= 2;
    if (cap > h->alloc || h->gen == UINT32_MAX) {
        tg_ner_hist_slot *v = tg_ner_zeroed(h->slot, cap, sizeof *v);
        if (!v)
            return 0;
        h->slot = v;
        h->alloc = cap;
        h->gen = 0;
    } else if (cap * sizeof *h->slot <= NER_CLEAR_BYTES) {
        memset(h->slot, 0, cap * sizeof *h->slot); /* slots past cap are of older
                                                     generations */
    }
    h->cap = cap;
    h->gen++; /* never back: a slot of an older document is never current */
    return 1;
}

void tg_ner_history_free(tg_ner_history *h)
{
    free(h->slot);
    memset(h, 0, sizeof *h);
}

static uint32_t history_key(uint64_t w)
{
    return (uint32_t)(w ^ (w >> 32));
}

static tg_ner_hist_slot *history_find(const tg_ner_history *h, uint64_t w, int *found)
{
    uint32_t key = history_key(w);
    /* the first probe by a multiplicative hash (cap a power of two) */
    size_t at = (size_t)(((uint64_t)key * 0x9E3779B97F4A7C15ull) >>
                         (64 - __builtin_ctzll((unsigned long long)h->cap)));
    while (h->slot[at].gen == h->gen && h->slot[at].key != key)
        at = (at + 1) & (h->cap - 1);
    *found = h->slot[at].gen == h->gen;
    return &h->slot[at];
}

size_t tg_ner_history_features(const tg_ner_history *h, uint64_t w, uint64_t *hs)
{
    int found;
    tg_ner_hist_slot *sl = history_find(h, w, &found);
    if (!found || !sl->mask) /* a decoder's slot made before its word was tagged */
        return 0;
    size_t k = 0;
    hs[k++] = tg_ner_feat(F_HIST_ALL, sl->mask);
    for (uint32_t bits = sl->mask & ~1u; bits; bits &= bits - 1)
        hs[k++] = tg_ner_feat(F_HIST, (unsigned)__builtin_ctz(bits));
    return k;
}

/* The slot of word hash w, made (empty) when missing. */
static tg_ner_hist_slot *history_slot(tg_ner_history *h, uint64_t w)
{
    int found;
    tg_ner_hist_slot *sl = history_find(h, w, &found);
    if (!found) {
        sl->key = history_key(w);
        sl->gen = h->gen;
        sl->mask = 0;
    }
    return sl;
}

/* The bit of tag t in a slot's mask: O, or the first or a later token of
 * an entity of label l. */
static uint32_t history_bit(uint8_t t, unsigned scheme)
{
    if (!t)
        return 1;
    unsigned label, pos;
    tg_ner_tag_split(t, scheme, &label, &pos);
    return 1u << (1 + 2 * label + (pos == NER_POS_I || pos == NER_POS_L));
}

void tg_ner_history_record(tg_ner_history *h, const uint64_t *w, const uint8_t *tags, size_t n,
                           unsigned scheme)
{
    for (size_t i = 0; i < n; i++)
        history_slot(h, w[i])->mask |= history_bit(tags[i], scheme);
}

int tg_ner_history_doc(tg_ner_history *h, tg_ner_featbuf *fb)
{
    if (!tg_ner_history_reset(h, fb->nword))
        return 0;
    for (size_t j = 0; j < fb->nword; j++)
        fb->hslot[j] = (uint32_t)(history_slot(h, fb->word[j].w) - h->slot);
    return 1;
}

void tg_ner_history_record_doc(tg_ner_history *h, const tg_ner_featbuf *fb, size_t a,
                               const uint8_t *tags, size_t n, unsigned scheme)
{
    for (size_t i = 0; i < n; i++)
        h->slot[fb->hslot[fb->wid[a + i]]].mask |= history_bit(tags[i], scheme);
}
