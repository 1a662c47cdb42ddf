/*
 * scratch — working arrays a thread keeps from one document to the next.
 *
 * Some stages made the same temporary arrays for every document with
 * malloc and gave them back with free before returning: the tokenizer's
 * conversion block (12 bytes a byte of text), the resolver's and the
 * merge's maps.  Most are larger than glibc's per-thread cache takes
 * (1 KiB), so each went through the arena's bins (~2.5% of the CPU
 * samples of a Persian run were malloc and free; docs/performance.md,
 * speed44).  Such an array now has a slot here: the calling thread's block
 * for that slot, kept and reused, made larger (not copied, unless asked)
 * when a document needs more.  tg_scratch_done ends a use: a block larger
 * than TG_SCRATCH_KEEP is then given back, so that one huge document does
 * not keep its memory for the rest of the thread's life.  The blocks go
 * when the thread ends (a thread-specific key); the main thread's with the
 * process.
 *
 * A slot belongs to one function, which neither calls itself nor calls
 * another user of its slots while it holds one: two uses of a slot never
 * overlap.
 */
#ifndef TG_SCRATCH_H
#define TG_SCRATCH_H

#include <stddef.h>

enum {
    TG_SCRATCH_HASHES,        /* tagger.c: a document's word hashes (doc->hashes) */
    TG_SCRATCH_TOKENIZE,      /* tokenize.c: the conversion block */
    TG_SCRATCH_GAZ_RESOLVE,   /* gazetteer.c, tg_gazetteer_resolve: keys, winners */
    TG_SCRATCH_RESOLVE_WON,   /* resolve.c: the copy resolved, then alive/occ/order */
    TG_SCRATCH_RESOLVE_LIST,  /* resolve.c: the gazetteer winners */
    TG_SCRATCH_MERGE,         /* ner.c, tg_ner_merge: occ (bits), kept */
    TG_SCRATCH_FOOTBALL,      /* ner_context.c: the football words a sentence */
    TG_SCRATCH_HEADED,        /* ner_context.c, headed_in: tokens, map, text */
    TG_SCRATCH_GAZ_ORDER,     /* resolve_filter_state.c: tg_gaz_order's order by last token */
    TG_SCRATCH_BY_FIRST,      /* tagger.c, find_entities: the candidates by first token */
    TG_SCRATCH_RULE_LAST,     /* rules_prefilter.c: each rule's last candidate position */
    TG_SCRATCH_RULE_CANDS,    /* rules_prefilter.c: the candidates found */
    TG_SCRATCH_RULE_HELD,     /* rules_prefilter.c: the guards to check */
    TG_SCRATCH_LINK,          /* link.c, tg_link_in_document: keys, memo */
    TG_SCRATCH_GAZ_MATCHES,   /* tagger.c, find_entities: the gazetteer candidates (taken) */
    TG_SCRATCH_SPANS,         /* tagger.c, find_entities: the entity model's spans (taken) */
    TG_SCRATCH_RULE_MATCHES,  /* tagger.c, find_entities: the rule matches (taken) */
    TG_SCRATCH_HEADED_MATCHES, /* ner_context.c, headed_in: the gazetteer's matches (taken) */
    TG_SCRATCH_COUNTRIES,     /* ner.c, split_countries: near, own */
    TG_SCRATCH_SLOTS
};

/* A block kept after its use is at most this large. */
#define TG_SCRATCH_KEEP ((size_t)1 << 20)

/* The calling thread's block of `slot`, of `bytes` bytes or more; what it
 * held before is lost (tg_scratch_grow keeps it).  NULL when out of memory
 * (the slot then holds nothing).  Declared as malloc is: no pointer the
 * caller holds points into the block, so the compiler may keep its loads
 * and stores apart from the caller's other arrays (without it the
 * tokenizer's conversion loop took 2.2 M more instructions on 2 MB). */
#if defined(__GNUC__)
__attribute__((malloc, alloc_size(2)))
#endif
void *tg_scratch(unsigned slot, size_t bytes);

/* tg_scratch, keeping what the block held (as realloc does: up to the
 * smaller of its old size and `bytes`). */
void *tg_scratch_grow(unsigned slot, size_t bytes);

/* tg_scratch_grow as tg_grow (grow.h) is used: the block as an array of at
 * least `need` elements of `size` bytes, keeping what it held; *cap is set
 * to the elements the whole block holds, so that an array the size of an
 * earlier document's does not grow again.  NULL when out of memory or the
 * size overflows (*cap is then unchanged). */
void *tg_scratch_room(unsigned slot, size_t *cap, size_t need, size_t size);

/* An array handed from stage to stage (grown with realloc, freed by its
 * last user) is a slot's block taken and given back: tg_scratch_take hands
 * the calling thread's block of `slot` to the caller, who then owns it
 * (NULL and *bytes 0 when the slot holds none); tg_scratch_give makes
 * `block` (from malloc, `bytes` bytes) the slot's block again, or frees it
 * when it is larger than TG_SCRATCH_KEEP; a NULL block gives nothing (the
 * slot keeps what it holds). */
void *tg_scratch_take(unsigned slot, size_t *bytes);
void tg_scratch_give(unsigned slot, void *block, size_t bytes);

/* The end of a use of `slot` (its pointer is not to be used after):
 * gives a block larger than TG_SCRATCH_KEEP back to the C library. */
void tg_scratch_done(unsigned slot);

#endif /* TG_SCRATCH_H */
