/*
 * test_scratch — the per-thread working blocks (scratch.h): a slot gives
 * its thread the same block while the block is large enough, tg_scratch_grow
 * keeps what the block held, slots do not share a block, two threads
 * holding the same slot at once hold different blocks (each keeps what it
 * wrote while the other writes), and a block larger than TG_SCRATCH_KEEP
 * given back by tg_scratch_done leaves the slot usable.  Run under the
 * sanitizers, a block used after it is given back or never freed at the
 * thread's end is reported.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "scratch.h"

static void test_one_thread(void)
{
    unsigned char *a = tg_scratch(TG_SCRATCH_TOKENIZE, 100);
    CHECK(a != NULL);
    if (!a)
        return;
    memset(a, 0xA5, 100);
    CHECK(tg_scratch(TG_SCRATCH_TOKENIZE, 200) == a); /* within the block */
    unsigned char *b = tg_scratch_grow(TG_SCRATCH_TOKENIZE, 100000);
    CHECK(b != NULL);
    int kept = b != NULL;
    for (size_t i = 0; b && i < 100; i++)
        kept &= b[i] == 0xA5;
    CHECK(kept);
    if (b)
        memset(b, 0x5A, 100000); /* all of it is the caller's */
    unsigned char *c = tg_scratch(TG_SCRATCH_MERGE, 64);
    CHECK(c != NULL && c != b);
    if (c && b) {
        memset(c, 1, 64);
        CHECK(b[0] == 0x5A); /* another slot's block */
    }
    tg_scratch_done(TG_SCRATCH_MERGE);
    tg_scratch_done(TG_SCRATCH_TOKENIZE);
    /* larger than kept: given back at the end of its use, then made again */
    unsigned char *big = tg_scratch(TG_SCRATCH_HASHES, TG_SCRATCH_KEEP + 1);
    CHECK(big != NULL);
    if (big)
        memset(big, 7, TG_SCRATCH_KEEP + 1);
    tg_scratch_done(TG_SCRATCH_HASHES);
    unsigned char *again = tg_scratch(TG_SCRATCH_HASHES, 10);
    CHECK(again != NULL);
    if (again)
        memset(again, 8, 10);
    tg_scratch_done(TG_SCRATCH_HASHES);
}

static pthread_barrier_t both;

static void *hold(void *arg)
{
    unsigned char v = (unsigned char)(uintptr_t)arg;
    unsigned char *p = tg_scratch(TG_SCRATCH_RESOLVE_WON, 50000);
    if (p)
        memset(p, v, 50000);
    pthread_barrier_wait(&both); /* both have written */
    pthread_barrier_wait(&both);
    int same = p != NULL;
    for (size_t i = 0; p && i < 50000; i++)
        same &= p[i] == v;
    tg_scratch_done(TG_SCRATCH_RESOLVE_WON);
    return same ? p : NULL;
}

static void test_two_threads(void)
{
    pthread_t t[2];
    void *got[2] = {NULL, NULL};
    CHECK(pthread_barrier_init(&both, NULL, 2) == 0);
    CHECK(pthread_create(&t[0], NULL, hold, (void *)(uintptr_t)1) == 0);
    CHECK(pthread_create(&t[1], NULL, hold, (void *)(uintptr_t)2) == 0);
    for (int i = 0; i < 2; i++)
        CHECK(pthread_join(t[i], &got[i]) == 0);
    CHECK(got[0] != NULL && got[1] != NULL); /* each kept its bytes */
    CHECK(got[0] != got[1]);                 /* two blocks, freed at each thread's end */
    pthread_barrier_destroy(&both);
}

int main(void)
{
    test_one_thread();
    test_two_threads();
    return check_done();
}
