/*
 * sort — a stable sort for the short, nearly sorted arrays of a document's
 * stages (the candidates of resolve.c and ner.c: found in text order, then
 * put in groups, so a few sorted runs one after another).
 *
 * A natural merge sort: one pass finds the runs (each element not smaller
 * than the one before it), then neighbouring runs are merged, pass after
 * pass, until one is left; a merge takes the left run's element when the
 * two are equal, so equal elements keep their order.  An array already
 * sorted costs n - 1 comparisons.  An array of more than TG_SORT_RUNS runs
 * (far from sorted) is sorted from blocks of TG_SORT_BLOCK elements, each
 * sorted by insertion (an element passes only greater ones), then merged
 * the same way, pass after pass (tg_sort_blocks).  Only when the buffer
 * cannot be had is the array left to the C library's qsort, which sorted
 * the others too until speed63 (docs/performance.md): glibc's is a merge
 * sort (stable), and a stable sort by one comparator has one result.
 * Inline, so that a constant comparator and element size are compiled in
 * (glibc calls the comparator through a pointer, and sorts elements of
 * more than 32 bytes through an array of pointers to them).
 * tg_sort_by_string orders arrays of strings (char *) for tg_sort_stable,
 * qsort and bsearch alike.
 */
#ifndef TG_SORT_H
#define TG_SORT_H

#include <stdlib.h>
#include <string.h>

#define TG_SORT_RUNS 32
#define TG_SORT_BLOCK 8

/* Orders two elements of an array of strings (char *) by their bytes. */
static inline int tg_sort_by_string(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Merges the sorted runs v[a, b) and v[b, c) through tmp (room for b - a
 * elements). */
static inline void tg_sort_merge(unsigned char *v, size_t a, size_t b, size_t c, size_t size,
                                 unsigned char *tmp, int (*cmp)(const void *, const void *))
{
    unsigned char *out = v + a * size, *l = tmp, *r = v + b * size;
    unsigned char *const lend = tmp + (b - a) * size, *const rend = v + c * size;
    memcpy(tmp, out, (b - a) * size);
    while (l < lend && r < rend) {
        const int right = cmp(l, r) > 0;
        memcpy(out, right ? r : l, size);
        r += right ? size : 0;
        l += right ? 0 : size;
        out += size;
    }
    if (l < lend) /* what is left of the right run is in place already */
        memcpy(out, l, (size_t)(lend - l));
}

/* Sorts v[0..n) stably from blocks of TG_SORT_BLOCK: each sorted by
 * insertion, then neighbours merged through tmp (room for n elements),
 * widths doubling. */
static inline void tg_sort_blocks(unsigned char *v, size_t n, size_t size, unsigned char *tmp,
                                  int (*cmp)(const void *, const void *))
{
    for (size_t a = 0; a < n; a += TG_SORT_BLOCK) {
        size_t end = n - a < TG_SORT_BLOCK ? n : a + TG_SORT_BLOCK;
        for (size_t i = a + 1; i < end; i++) {
            size_t j = i;
            while (j > a && cmp(v + (j - 1) * size, v + i * size) > 0)
                j--;
            if (j < i) {
                memcpy(tmp, v + i * size, size);
                memmove(v + (j + 1) * size, v + j * size, (i - j) * size);
                memcpy(v + j * size, tmp, size);
            }
        }
    }
    for (size_t w = TG_SORT_BLOCK; w < n; w *= 2)
        for (size_t a = 0; a + w < n; a += 2 * w)
            tg_sort_merge(v, a, a + w, a + 2 * w < n ? a + 2 * w : n, size, tmp, cmp);
}

static inline void tg_sort_stable(void *base, size_t n, size_t size,
                                  int (*cmp)(const void *, const void *))
{
    unsigned char *v = base, small[4096], *tmp;
    size_t run[TG_SORT_RUNS + 1], nr = 1; /* the runs' starts; run[nr] = n */
    int many = 0;                          /* more than TG_SORT_RUNS runs */
    run[0] = 0;
    for (size_t i = 1; i < n && !many; i++)
        if (cmp(v + (i - 1) * size, v + i * size) > 0) {
            if (nr == TG_SORT_RUNS)
                many = 1;
            else
                run[nr++] = i;
        }
    if (nr == 1)
        return;
    tmp = n * size <= sizeof small ? small : malloc(n * size);
    if (!tmp) {
        qsort(base, n, size, cmp);
        return;
    }
    if (many) {
        tg_sort_blocks(v, n, size, tmp, cmp);
    } else {
        run[nr] = n;
        while (nr > 1) { /* merge runs 0 and 1, 2 and 3, ... */
            size_t k = 0;
            for (size_t r = 0; r < nr; r += 2) {
                if (r + 1 < nr)
                    tg_sort_merge(v, run[r], run[r + 1], run[r + 2], size, tmp, cmp);
                run[k++] = run[r];
            }
            run[k] = n;
            nr = k;
        }
    }
    if (tmp != small)
        free(tmp);
}

#endif /* TG_SORT_H */
