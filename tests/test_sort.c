/*
 * test_sort — tg_sort_stable (sort.h) gives the stable order: on arrays of
 * every length up to 300, made of 1 to 40 sorted runs (so both the merge
 * and, past 32 runs, the sort from blocks of 8), of keys with many ties, and of two element
 * sizes (16 bytes, and 96 bytes: more than the 4 KB buffer at length 300,
 * a buffer from malloc), the result equals an insertion sort's, which
 * keeps equal keys in their order; each element carries its first index
 * to tell equal keys apart.  And tg_gaz_lower_bound (gazetteer.h), which
 * starts from the thread's previous answer, gives the first candidate at or
 * after a token, as a linear scan does, whatever was asked before; and
 * tg_gaz_sort_by orders candidates by first or last token as stably.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gazetteer.h"
#include "sort.h"

typedef struct {
    uint32_t key, index;
    unsigned char pad[8];
} small_el;

typedef struct {
    uint32_t key, index;
    unsigned char pad[88];
} large_el;

static int cmp_small(const void *a, const void *b)
{
    const small_el *x = a, *y = b;
    return (x->key > y->key) - (x->key < y->key);
}

static int cmp_large(const void *a, const void *b)
{
    const large_el *x = a, *y = b;
    return (x->key > y->key) - (x->key < y->key);
}

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint32_t next_rand(void)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (uint32_t)(rng >> 32);
}

/* keys[0..n) in `runs` ascending runs of keys below `range` */
static void make_keys(uint32_t *keys, size_t n, size_t runs, uint32_t range)
{
    for (size_t i = 0; i < n; i++)
        keys[i] = next_rand() % range;
    size_t at = 0;
    for (size_t r = 0; r < runs && at < n; r++) {
        size_t len = r + 1 == runs ? n - at : 1 + next_rand() % (2 * n / runs + 1);
        if (len > n - at)
            len = n - at;
        for (size_t i = at + 1; i < at + len; i++) /* insertion sort of the run */
            for (size_t j = i; j > at && keys[j - 1] > keys[j]; j--) {
                uint32_t t = keys[j];
                keys[j] = keys[j - 1];
                keys[j - 1] = t;
            }
        at += len;
    }
}

/* The stable order of keys[0..n): the indices, by an insertion sort. */
static void stable_order(const uint32_t *keys, size_t n, uint32_t *order)
{
    for (size_t i = 0; i < n; i++) {
        size_t j = i;
        while (j > 0 && keys[order[j - 1]] > keys[i]) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = (uint32_t)i;
    }
}

/* tg_gaz_lower_bound against a scan: sorted candidate arrays of every
 * length up to 200 with ties and gaps, by first and by last token, asked
 * about tokens before, among and after theirs in random order (so the
 * previous answer, the search's start, is anywhere, also past the end). */
static void test_lower_bound(void)
{
    enum { MAX_N = 200 };
    static tg_gaz_match m[MAX_N];
    static const tg_gaz_match *by[MAX_N];
    size_t wrong = 0, asked = 0;
    for (size_t n = 0; n <= MAX_N; n++)
        for (uint32_t gap = 1; gap <= 40; gap *= 3) {
            size_t tok = next_rand() % 3;
            for (size_t i = 0; i < n; i++) {
                tok += next_rand() % (gap + 1);
                m[i].tok_first = m[i].tok_last = tok;
                by[i] = &m[i];
            }
            size_t top = tok + 3;
            for (size_t q = 0; q < 3 * top; q++) {
                size_t t = next_rand() % top;
                int last = next_rand() % 2;
                size_t want = 0;
                while (want < n && by[want]->tok_first < t)
                    want++;
                wrong += tg_gaz_lower_bound(by, n, t, last) != want;
                asked++;
            }
        }
    CHECK_INT(wrong, 0);
    CHECK(asked > 100000);
}

/* tg_gaz_sort_by: pointers to candidates of random first and last tokens, by first
 * (by last) token, in their order among equal tokens: stable_order's. */
static void test_sort_by(void)
{
    enum { MAX_N = 120 };
    static tg_gaz_match m[MAX_N];
    static const tg_gaz_match *by[MAX_N];
    static uint32_t keys[MAX_N], order[MAX_N];
    size_t wrong = 0;
    for (size_t n = 0; n <= MAX_N; n++)
        for (int last = 0; last < 2; last++) {
            for (size_t i = 0; i < n; i++) {
                m[i].tok_first = next_rand() % 16;
                m[i].tok_last = m[i].tok_first + next_rand() % 3;
                keys[i] = (uint32_t)(last ? m[i].tok_last : m[i].tok_first);
            }
            stable_order(keys, n, order);
            tg_gaz_sort_by(m, n, by, last);
            for (size_t i = 0; i < n; i++)
                wrong += by[i] != &m[order[i]];
        }
    CHECK_INT(wrong, 0);
}

int main(void)
{
    test_lower_bound();
    test_sort_by();
    enum { MAX_N = 300 };
    static uint32_t keys[MAX_N], order[MAX_N];
    static small_el s[MAX_N];
    static large_el l[MAX_N];
    size_t wrong_small = 0, wrong_large = 0, cases = 0;
    for (size_t n = 0; n <= MAX_N; n++)
        for (size_t runs = 1; runs <= 40; runs += 3)
            for (uint32_t range = 3; range <= 3000; range *= 10) {
                make_keys(keys, n, runs, range);
                stable_order(keys, n, order);
                for (size_t i = 0; i < n; i++) {
                    s[i] = (small_el){.key = keys[i], .index = (uint32_t)i};
                    l[i] = (large_el){.key = keys[i], .index = (uint32_t)i};
                    memset(l[i].pad, (int)(i & 0xFF), sizeof l[i].pad);
                }
                tg_sort_stable(s, n, sizeof *s, cmp_small);
                tg_sort_stable(l, n, sizeof *l, cmp_large);
                int bad_s = 0, bad_l = 0;
                for (size_t i = 0; i < n; i++) {
                    bad_s |= s[i].index != order[i];
                    bad_l |= l[i].index != order[i] || l[i].pad[87] != (order[i] & 0xFF);
                }
                wrong_small += bad_s;
                wrong_large += bad_l;
                cases++;
            }
    CHECK_INT(wrong_small, 0);
    CHECK_INT(wrong_large, 0);
    CHECK(cases > 10000);
    return check_done();
}
