/*
 * bench_host_scaling — what this machine gives a second thread, without the
 * tagger: the ceiling against which `tagger -j 2` / `-j 1` is read.
 *
 * Two kinds of work, each timed by the wall clock alone on one thread and
 * then as two threads at once doing the same amount each:
 *   alu   a multiply-xorshift chain in registers (no memory traffic);
 *   read  dependent random 4-byte reads from one table of SIZE_MB shared by
 *         the threads, as the tagger's threads share the gazetteer trie and
 *         the model tables (26 MB: the size of the gazetteer's trie).
 * The scaling is 2 * t(one thread) / t(two threads): 2.0 where the second
 * core costs the first nothing, lower where they contend for the shared
 * cache, memory or the host.  Each figure is the median of ROUNDS rounds,
 * the one- and two-thread runs alternated.
 *
 * Usage: bench_host_scaling [ROUNDS] [SIZE_MB]   (defaults 5, 26)
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define ALU_STEPS 600000000ull
#define READ_STEPS 10000000ull

typedef struct {
    const uint32_t *table; /* NULL: the alu work */
    size_t n;              /* table entries */
    uint64_t seed, out;
} work;

static void *run(void *arg)
{
    work *w = arg;
    uint64_t x = w->seed, s = 0;
    if (!w->table) {
        for (uint64_t i = 0; i < ALU_STEPS; i++) {
            x = x * 6364136223846793005ull + 1442695040888963407ull;
            x ^= x >> 17;
        }
        s = x;
    } else {
        for (uint64_t i = 0; i < READ_STEPS; i++) {
            /* the next address depends on the last read: no overlap */
            x = x * 6364136223846793005ull + 1442695040888963407ull + s;
            s += w->table[(size_t)((x >> 32) * (uint64_t)w->n >> 32)];
        }
    }
    w->out = s;
    return NULL;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Seconds for `threads` (1 or 2) threads doing one unit of work each. */
static double timed(const uint32_t *table, size_t n, int threads)
{
    pthread_t th[2];
    work w[2];
    double t0 = now();
    for (int i = 0; i < threads; i++) {
        w[i] = (work){table, n, 12345u + 977u * (uint64_t)i, 0};
        if (pthread_create(&th[i], NULL, run, &w[i]) != 0) {
            fprintf(stderr, "bench_host_scaling: cannot start a thread\n");
            exit(1);
        }
    }
    for (int i = 0; i < threads; i++)
        pthread_join(th[i], NULL);
    double t = now() - t0;
    if ((w[0].out & 0xFFFF) == 0xFFFF) /* keeps the work from being optimized away */
        fputc(' ', stderr);
    return t;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 5;
    long size_mb = argc > 2 ? atol(argv[2]) : 26;
    if (argc > 3 || rounds < 1 || rounds > 99 || size_mb < 1 || size_mb > 4096) {
        fprintf(stderr, "usage: bench_host_scaling [ROUNDS 1-99] [SIZE_MB 1-4096]\n");
        return 2;
    }
    size_t n = ((size_t)size_mb << 20) / sizeof(uint32_t);
    uint32_t *table = malloc(n * sizeof *table);
    if (!table) {
        fprintf(stderr, "bench_host_scaling: out of memory for %ld MB\n", size_mb);
        return 1;
    }
    for (size_t i = 0; i < n; i++)
        table[i] = (uint32_t)(i * 2654435761u);
    double one[2][99], two[2][99];
    for (int r = 0; r < rounds; r++)
        for (int k = 0; k < 2; k++) {
            one[k][r] = timed(k ? table : NULL, n, 1);
            two[k][r] = timed(k ? table : NULL, n, 2);
        }
    for (int k = 0; k < 2; k++) {
        double t1 = median(one[k], rounds), t2 = median(two[k], rounds);
        printf("%-5s %s  one thread %.3f s  two threads %.3f s  scaling %.2fx\n",
               k ? "read" : "alu", k ? "(shared table)" : "              ", t1, t2,
               2 * t1 / t2);
    }
    printf("(read: %zu MB table; medians of %d rounds)\n", (n * sizeof *table) >> 20, rounds);
    free(table);
    return 0;
}
