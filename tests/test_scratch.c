/*
 * test_scratch — the per-thread working blocks (scratch.h): a slot gives
 * its thread the same block while the block is large enough, tg_scratch_grow
 * keeps what the block held, slots do not share a block, two threads
 * holding the same slot at once hold different blocks (each keeps what it
 * wrote while the other writes), and a block larger than TG_SCRATCH_KEEP
 * given back by tg_scratch_done leaves the slot usable; tg_scratch_room
 * gives the capacity of the whole block and keeps what it held; a block
 * taken is the caller's (the slot then holds none) and one given back is
 * the slot's again, unless larger than TG_SCRATCH_KEEP.  Run under the
 * sanitizers, a block used after it is given back or never freed at the
 * thread's end is reported.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
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

static void test_room_take_give(void)
{
    size_t cap = 0;
    uint32_t *a = tg_scratch_room(TG_SCRATCH_RULE_CANDS, &cap, 10, sizeof *a);
    CHECK(a != NULL && cap == 4096 / sizeof *a); /* the least block: 4 KiB */
    if (!a)
        return;
    for (uint32_t i = 0; i < cap; i++)
        a[i] = i;
    size_t old = cap;
    uint32_t *b = tg_scratch_room(TG_SCRATCH_RULE_CANDS, &cap, old + 1, sizeof *b);
    CHECK(b != NULL && cap == 2 * old); /* doubled, the elements kept */
    int kept = b != NULL;
    for (uint32_t i = 0; b && i < old; i++)
        kept &= b[i] == i;
    CHECK(kept);
    CHECK(tg_scratch_room(TG_SCRATCH_RULE_CANDS, &cap, SIZE_MAX / 2, sizeof *b) == NULL);
    CHECK(cap == 2 * old); /* the size overflowed: nothing changed */
    tg_scratch_done(TG_SCRATCH_RULE_CANDS);

    size_t bytes = 1;
    CHECK(tg_scratch_take(TG_SCRATCH_SPANS, &bytes) == NULL && bytes == 0); /* none yet */
    char *mine = malloc(5000);
    CHECK(mine != NULL);
    if (mine)
        memset(mine, 3, 5000);
    tg_scratch_give(TG_SCRATCH_SPANS, mine, 5000);
    char *again = tg_scratch_take(TG_SCRATCH_SPANS, &bytes);
    CHECK(again == mine && bytes == 5000 && (!again || again[4999] == 3));
    CHECK(tg_scratch_take(TG_SCRATCH_SPANS, &bytes) == NULL && bytes == 0); /* taken */
    free(again); /* the caller's: freed by it */
    char *big = malloc(TG_SCRATCH_KEEP + 1);
    tg_scratch_give(TG_SCRATCH_SPANS, big, TG_SCRATCH_KEEP + 1); /* freed, not kept */
    CHECK(tg_scratch_take(TG_SCRATCH_SPANS, &bytes) == NULL && bytes == 0);
    char *kept_one = malloc(100);
    tg_scratch_give(TG_SCRATCH_SPANS, kept_one, 100); /* freed at the thread's end */
    tg_scratch_give(TG_SCRATCH_SPANS, NULL, 0);       /* nothing given: the slot keeps it */
    CHECK(tg_scratch_take(TG_SCRATCH_SPANS, &bytes) == kept_one && bytes == 100);
    tg_scratch_give(TG_SCRATCH_SPANS, kept_one, 100);
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
    test_room_take_give();
    test_two_threads();
    return check_done();
}
