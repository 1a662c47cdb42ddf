/* scratch — see scratch.h.  The thread's blocks hang from one record made
 * at its first use; a block is made a power of two of at least 4 KiB, so
 * that documents of growing sizes make it larger only a few times. */
#include "scratch.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

typedef struct {
    void *block[TG_SCRATCH_SLOTS];
    size_t size[TG_SCRATCH_SLOTS];
} scratch_set;

static _Thread_local scratch_set *thread_set;
static pthread_key_t set_key;
static int set_key_ok;
static pthread_once_t set_once = PTHREAD_ONCE_INIT;

static void set_free(void *p)
{
    scratch_set *s = p;
    for (unsigned i = 0; i < TG_SCRATCH_SLOTS; i++)
        free(s->block[i]);
    free(s);
}

static void set_key_make(void)
{
    set_key_ok = pthread_key_create(&set_key, set_free) == 0;
}

static scratch_set *set_get(void)
{
    if (thread_set)
        return thread_set;
    pthread_once(&set_once, set_key_make);
    scratch_set *s = set_key_ok ? calloc(1, sizeof *s) : NULL;
    if (s && pthread_setspecific(set_key, s) != 0) {
        free(s);
        s = NULL;
    }
    return thread_set = s;
}

static void *take(unsigned slot, size_t bytes, int keep)
{
    scratch_set *s = set_get();
    if (!s || slot >= TG_SCRATCH_SLOTS)
        return NULL;
    if (bytes <= s->size[slot])
        return s->block[slot];
    size_t n = 4096;
    while (n < bytes) {
        if (n > SIZE_MAX / 2)
            return NULL;
        n *= 2;
    }
    void *b;
    if (keep) {
        b = realloc(s->block[slot], n);
        if (!b)
            return NULL; /* the old block stays the slot's */
    } else {
        free(s->block[slot]);
        s->block[slot] = NULL;
        s->size[slot] = 0;
        if (!(b = malloc(n)))
            return NULL;
    }
    s->block[slot] = b;
    s->size[slot] = n;
    return b;
}

void *tg_scratch(unsigned slot, size_t bytes)
{
    return take(slot, bytes, 0);
}

void *tg_scratch_grow(unsigned slot, size_t bytes)
{
    return take(slot, bytes, 1);
}

void *tg_scratch_room(unsigned slot, size_t *cap, size_t need, size_t size)
{
    if (!size || need > SIZE_MAX / size)
        return NULL;
    void *b = take(slot, need * size, 1);
    if (b)
        *cap = thread_set->size[slot] / size;
    return b;
}

void *tg_scratch_take(unsigned slot, size_t *bytes)
{
    scratch_set *s = set_get();
    void *b = NULL;
    *bytes = 0;
    if (s && slot < TG_SCRATCH_SLOTS) {
        b = s->block[slot];
        *bytes = s->size[slot];
        s->block[slot] = NULL;
        s->size[slot] = 0;
    }
    return b;
}

void tg_scratch_give(unsigned slot, void *block, size_t bytes)
{
    if (!block)
        return;
    scratch_set *s = set_get();
    if (!s || slot >= TG_SCRATCH_SLOTS || bytes > TG_SCRATCH_KEEP) {
        free(block);
        return;
    }
    free(s->block[slot]);
    s->block[slot] = block;
    s->size[slot] = bytes;
}

void tg_scratch_done(unsigned slot)
{
    scratch_set *s = thread_set;
    if (s && slot < TG_SCRATCH_SLOTS && s->size[slot] > TG_SCRATCH_KEEP) {
        free(s->block[slot]);
        s->block[slot] = NULL;
        s->size[slot] = 0;
    }
}
