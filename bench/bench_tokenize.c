/*
 * bench_tokenize — throughput of normalize+tokenize through the library.
 *
 * Usage: bench_tokenize FILE [RUNS]
 * FILE holds one document per line.  Each run processes every line with
 * tagger_process(TAGGER_STAGE_TOKENIZE) on one thread; the program prints the
 * MB/s of each run, their median, the normalize-only median, and the peak
 * resident memory of the process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "tagger.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Processes every line of buf; returns seconds, or -1 on error. */
static double run(const tagger *t, const char *buf, size_t len, tagger_stage stage,
                  size_t *tokens)
{
    double t0 = now();
    *tokens = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        tagger_error err = {0};
        tagger_doc *doc = tagger_process(t, buf + pos, end - pos, stage, &err);
        if (!doc) {
            fprintf(stderr, "bench_tokenize: byte %zu: %s\n", pos, err.message);
            return -1;
        }
        *tokens += tagger_doc_token_count(doc);
        tagger_doc_free(doc);
        pos = end + 1;
    }
    return now() - t0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_tokenize FILE [RUNS]\n");
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    if (runs < 1 || runs > 100)
        runs = 5;
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)size + 1);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "bench_tokenize: cannot read %s\n", argv[1]);
        return 2;
    }
    fclose(f);
    double mb = (double)size / 1e6;

    double t0 = now();
    tagger_error err = {0};
    tagger *t = tagger_new(NULL, &err);
    if (!t) {
        fprintf(stderr, "bench_tokenize: %s\n", err.message);
        return 3;
    }
    double load_ms = (now() - t0) * 1e3;

    double tok[100], nrm[100];
    size_t tokens = 0;
    for (int r = 0; r < runs; r++) {
        double s = run(t, buf, (size_t)size, TAGGER_STAGE_NORMALIZE, &tokens);
        double s2 = run(t, buf, (size_t)size, TAGGER_STAGE_TOKENIZE, &tokens);
        if (s < 0 || s2 < 0)
            return 1;
        nrm[r] = mb / s;
        tok[r] = mb / s2;
        printf("run %d: normalize %.1f MB/s, normalize+tokenize %.1f MB/s\n", r + 1,
               nrm[r], tok[r]);
    }
    qsort(nrm, (size_t)runs, sizeof nrm[0], cmp_double);
    qsort(tok, (size_t)runs, sizeof tok[0], cmp_double);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("input: %.1f MB, %zu tokens; tagger load %.1f ms\n", mb, tokens, load_ms);
    printf("median of %d runs: normalize %.1f MB/s; normalize+tokenize %.1f MB/s\n",
           runs, nrm[runs / 2], tok[runs / 2]);
    printf("peak memory: %.1f MB (input buffer included)\n", (double)ru.ru_maxrss / 1024);
    tagger_free(t);
    free(buf);
    return 0;
}
