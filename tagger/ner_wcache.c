/*
 * ner_wcache — the entity recognizer's word cache: the features of a word
 * (and, decoding with 16-byte rows, its five weight row sums) kept across
 * documents, so that a word seen before is not hashed and summed again
 * (ner_features.c makes them).
 *
 * NER_WCACHE_SLOTS slots in sets of four ways (set associative): a word's
 * set is the high half of the mix that places it in the document memo.
 * The four ways' tags (16 bits of each way's key, never 0: 0 marks an
 * empty way) sit together in a tag array (8 bytes a set, one cache line
 * for eight sets: 32 KB, where the whole keys took 128 KB and a look-up's
 * line was seldom still in L2), so finding the way costs one line, asked
 * for (prefetched) in the memo pass; the chosen slot's line and its sums
 * (or, without sums, its features) are then asked for, and read 8 new
 * words later, in the same pass.  A slot is one line: the word's whole key,
 * its bytes (up to 51) and the two features a decoder with sums reads of a word it does not
 * make (its affix count and ZWNJ flag).  A word's five sums take 160 bytes
 * (three lines), or 128 (two lines) where those at offsets -2 and +2 are
 * each one weight row, as with the shipped models (no cluster features
 * two tokens away): those two are kept as the row's 16 int8 bytes and
 * widened again when read, so a look-up reads four lines, not five.  A
 * word's key is the hash of its
 * normalized bytes, with its input bytes mixed in when they differ (each
 * form of a word, «27» and «۲۷», has a way of its own: keyed by the
 * normalized bytes alone, the forms took one way in turn, and 43% of the
 * words made on 20 MB of Persian news were a form of a word the cache
 * held).  A word is found again when its key and its normalized and input
 * bytes are equal.
 * Replacement: the ways of a set in recency order (2 bits a way in one
 * byte); a way whose tag a word has moves to the front; a new word takes an empty way,
 * else the way of its tag (another word of the same tag, which is rare),
 * else the least recently used way, and stays last until it is
 * found again (LRU insertion, so words seen once do not push out the ones
 * that recur).  Slots, sums (or features) and tags are one block on huge pages
 * (tg_datafile_table_alloc): read at random, on 4 KiB pages nearly every
 * slot asked for was a TLB miss.  (A tagger of few documents has none:
 * ner_features.c, caches_for.)  On 10 MB of Persian news (468k document words) this makes
 * 55k words instead of the 98k of a direct-mapped cache of as many slots
 * (38.6k are first occurrences).  The cache changes only which words are
 * made, never their features: output is the same with any cache.
 */
#include <stdlib.h>
#include <string.h>

#include "datafile.h"
#include "ner_internal.h"

#define WAYS NER_WCACHE_WAYS
#define SETS NER_WCACHE_SETS
#define ORDER0 0xE4u /* ways 0, 1, 2, 3 from the most recent */

/* A word's five sums in SUMS_NARROW bytes (tg_ner_wcache_alloc's narrow):
 * those at offsets -1, 0 and +1 as they are, then those at -2 and +2, each
 * one weight row, as its 16 int8 values: two lines a slot (64-byte
 * aligned), where five sums of 32 bytes took three. */
#define SUMS_NARROW (3 * sizeof(tg_ner_sum16) + 2 * 16)

static void sums_narrow(unsigned char *to, const tg_ner_sum16 *sum)
{
    memcpy(to, &sum[1], 3 * sizeof *sum);
    int8_t row[2][16];
    for (unsigned c = 0; c < 16; c++) {
        row[0][c] = (int8_t)sum[0].v[c];
        row[1][c] = (int8_t)sum[4].v[c];
    }
    memcpy(to + 3 * sizeof *sum, row, sizeof row);
}

static void sums_widen(tg_ner_sum16 *sum, const unsigned char *from)
{
    memcpy(&sum[1], from, 3 * sizeof *sum);
    int8_t row[2][16];
    memcpy(row, from + 3 * sizeof *sum, sizeof row);
    for (unsigned c = 0; c < 16; c++) {
        sum[0].v[c] = row[0][c];
        sum[4].v[c] = row[1][c];
    }
}

void tg_ner_wcache_free(tg_ner_featbuf *fb)
{
    free(fb->wcache);
    free(fb->worder);
    fb->wcache = NULL;
    fb->wcf = NULL;
    fb->wcsum = NULL;
    fb->wtag = NULL;
    fb->worder = NULL;
}

int tg_ner_wcache_alloc(tg_ner_featbuf *fb, int narrow)
{
    tg_ner_wcache_free(fb);
    /* with sums the sums, else the features */
    fb->wcnarrow = narrow;
    fb->wcstride = narrow ? SUMS_NARROW : 5 * sizeof(tg_ner_sum16);
    size_t slots = NER_WCACHE_SLOTS * sizeof *fb->wcache,
           more = NER_WCACHE_SLOTS * (fb->sums ? fb->wcstride : sizeof *fb->wcf),
           tags = NER_WCACHE_SLOTS * sizeof *fb->wtag;
    char *block = tg_datafile_table_alloc(slots + more + tags, 1);
    fb->worder = malloc(SETS);
    if (!block || !fb->worder) {
        free(block);
        free(fb->worder);
        fb->worder = NULL;
        return 0;
    }
    fb->wcache = (tg_ner_wcache_slot *)(void *)block;
    if (fb->sums) /* a slot's sums or features are written with it */
        fb->wcsum = (unsigned char *)block + slots;
    else
        fb->wcf = (tg_ner_wfeat *)(void *)(block + slots);
    fb->wtag = (uint16_t *)(void *)(block + slots + more);
    memset(fb->wtag, 0, tags);
    memset(fb->worder, ORDER0, SETS);
    return 1;
}

/* Way `way` of `set` to the front of its recency order. */
static void touch(tg_ner_featbuf *fb, uint32_t set, unsigned way)
{
    unsigned o = fb->worder[set], p = 0;
    while ((o >> (2 * p) & 3u) != way)
        p++;
    unsigned before = o & ((1u << (2 * p)) - 1), after = o & ~((1u << (2 * p + 2)) - 1);
    fb->worder[set] = (uint8_t)(after | before << 2 | way);
}

void tg_ner_wcache_place(tg_ner_featbuf *fb, tg_ner_word *e)
{
    const uint16_t *tag = &fb->wtag[(size_t)e->wslot * WAYS];
    uint16_t key = tg_ner_wcache_tag(e->ckey);
    unsigned way = WAYS;
    for (unsigned j = 0; j < WAYS && way == WAYS; j++)
        if (tag[j] == key || tag[j] == 0)
            way = j;
    e->tagged = way < WAYS && tag[way] == key;
    if (way == WAYS)
        way = fb->worder[e->wslot] >> 6; /* the least recent */
    else if (e->tagged) /* found (or another word of its tag, replaced) */
        touch(fb, e->wslot, way);
    e->wslot = e->wslot * WAYS + way;
    __builtin_prefetch(&fb->wcache[e->wslot]);
    const char *more = fb->sums ? (const char *)fb->wcsum + e->wslot * fb->wcstride
                                : (const char *)&fb->wcf[e->wslot];
    __builtin_prefetch(more);
    __builtin_prefetch(more + 64);
    if (fb->sums && !fb->wcnarrow)
        __builtin_prefetch(more + 128);
}

/* Word e's slot (placed), or NULL when it has none (too long a word:
 * its bytes, the input ones too unless e->same, past NER_WCACHE_BYTES). */
static tg_ner_wcache_slot *slot_of(const tg_ner_featbuf *fb, const tg_ner_word *e)
{
    if ((e->same ? e->nlen : e->nlen + e->ilen) > NER_WCACHE_BYTES)
        return NULL;
    return &fb->wcache[e->wslot];
}

int tg_ner_wcache_get(const tg_ner_featbuf *fb, tg_ner_word *e, const char *s, const char *u,
                      tg_ner_sum16 *sum)
{
    const tg_ner_wcache_slot *c = slot_of(fb, e);
    if (!c || !e->tagged || c->key != e->ckey || /* (tagged: the slot was written) */
        c->nlen != e->nlen || c->ilen != e->ilen || c->same != e->same ||
        !tg_same_bytes(c->bytes, s, e->nlen) ||
        (!e->same && !tg_same_bytes(c->bytes + e->nlen, u, e->ilen)))
        return 0;
    if (fb->sums) { /* of its features only these two are read */
        e->f.naff = c->naff;
        e->f.zw = c->zw;
        const unsigned char *from = fb->wcsum + e->wslot * fb->wcstride;
        if (fb->wcnarrow)
            sums_widen(sum, from);
        else
            memcpy(sum, from, 5 * sizeof *sum);
    } else {
        e->f = fb->wcf[e->wslot];
    }
    return 1;
}

void tg_ner_wcache_keep(tg_ner_featbuf *fb, const tg_ner_word *e, const char *s, const char *u,
                        const tg_ner_sum16 *sum)
{
    tg_ner_wcache_slot *c = slot_of(fb, e);
    if (!c)
        return;
    fb->wtag[e->wslot] = tg_ner_wcache_tag(e->ckey);
    c->key = e->ckey;
    c->nlen = (uint8_t)e->nlen;
    c->ilen = (uint8_t)e->ilen;
    c->same = e->same;
    c->naff = e->f.naff;
    c->zw = e->f.zw;
    memcpy(c->bytes, s, e->nlen);
    if (!e->same)
        memcpy(c->bytes + e->nlen, u, e->ilen);
    if (fb->sums) {
        unsigned char *to = fb->wcsum + e->wslot * fb->wcstride;
        if (fb->wcnarrow)
            sums_narrow(to, sum);
        else
            memcpy(to, sum, 5 * sizeof *sum);
    } else
        fb->wcf[e->wslot] = e->f;
}
