/*
 * grow — the growing array every module keeps: capacity doubled from a
 * first size until it holds what is needed.
 */
#ifndef TAGGER_GROW_H
#define TAGGER_GROW_H

#include <stdint.h>
#include <stdlib.h>

/* The array `p` (capacity *cap elements of `size` bytes) reallocated to
 * hold at least `need`, its capacity doubled from `first` (or from *cap);
 * p itself when it holds them already.  NULL when out of memory or the
 * size overflows: p and *cap are then unchanged. */
static inline void *tg_grow(void *p, size_t *cap, size_t need, size_t size, size_t first)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap : first;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return NULL;
        n *= 2;
    }
    if (n > SIZE_MAX / size)
        return NULL;
    void *q = realloc(p, n * size);
    if (q)
        *cap = n;
    return q;
}

#endif /* TAGGER_GROW_H */
