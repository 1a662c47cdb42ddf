/*
 * bench_rules — throughput of the rule stage alone.
 *
 * Usage: bench_rules FILE MAX_BYTES RUNS RULEFILE...
 * FILE holds one document per line; its first MAX_BYTES bytes are read and
 * every line is normalized first (untimed).  Then, RUNS times, the rules
 * loaded from RULEFILE... (in order, as the tagger loads them) run over every
 * document with tg_rules_match, and the time of each run is printed.  The
 * last line gives the median in MB/s (input bytes per second) and a checksum
 * of every match (span, rule, value), so two builds can be compared for
 * identical output as well as for speed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"
#include "rules.h"

#define MAX_RUNS 100

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* FNV-1a over the bytes of s[0..n) */
static unsigned long long mix(unsigned long long h, const void *s, size_t n)
{
    const unsigned char *p = s;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: bench_rules FILE MAX_BYTES RUNS RULEFILE...\n");
        return 2;
    }
    size_t max = strtoul(argv[2], NULL, 10);
    int runs = atoi(argv[3]);
    if (runs < 1 || runs > MAX_RUNS || max == 0) {
        fprintf(stderr, "bench_rules: RUNS must be 1-%d and MAX_BYTES > 0\n", MAX_RUNS);
        return 2;
    }
    tagger_error err;
    memset(&err, 0, sizeof err);
    tg_normalizer *nz = tg_normalizer_new(&err);
    tg_rules *rs = nz ? tg_rules_load(nz, (const char *const *)argv + 4, (size_t)argc - 4, &err)
                      : NULL;
    FILE *f = fopen(argv[1], "rb");
    char *text = malloc(max + 1);
    if (!rs || !f || !text) {
        fprintf(stderr, "bench_rules: %s\n", !rs ? err.message : "cannot read the input");
        return 3;
    }
    size_t len = fread(text, 1, max, f);
    fclose(f);
    size_t ndocs = 0, cap = 0;
    tg_normtext *docs = NULL;
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t n = nl ? (size_t)(nl - text - at) : len - at;
        if (ndocs == cap) {
            cap = cap ? cap * 2 : 1024;
            tg_normtext *grown = realloc(docs, cap * sizeof *grown);
            if (!grown)
                return 3;
            docs = grown;
        }
        if (tg_normalize(nz, text + at, n, &docs[ndocs], NULL) == TAGGER_OK)
            ndocs++;
        at += n + 1;
    }
    double times[MAX_RUNS];
    unsigned long long h = 14695981039346656037ULL;
    size_t matches = 0;
    tg_rule_cuts cuts = {0, 0};
    tg_doc_date nodate = {0, 0, 0, 0, 0};
    for (int run = 0; run < runs; run++) {
        double t0 = now();
        for (size_t d = 0; d < ndocs; d++) {
            tg_rule_match *m = NULL;
            size_t n = 0, mcap = 0;
            if (tg_rules_match(rs, &docs[d], &nodate, -1, &m, &n, &mcap, &cuts) != TAGGER_OK)
                return 3;
            for (size_t i = 0; run == 0 && i < n; i++) {
                h = mix(h, &m[i].norm_start, sizeof m[i].norm_start);
                h = mix(h, &m[i].norm_end, sizeof m[i].norm_end);
                h = mix(h, m[i].rule, strlen(m[i].rule));
                if (m[i].value)
                    h = mix(h, m[i].value, strlen(m[i].value));
            }
            matches += run == 0 ? n : 0;
            tg_rule_matches_free(m, n);
        }
        times[run] = now() - t0;
        printf("run %d: %.3f s, %.2f MB/s\n", run + 1, times[run], (double)len / 1e6 / times[run]);
    }
    qsort(times, (size_t)runs, sizeof times[0], cmp_double);
    printf("RESULT bytes=%zu docs=%zu rules=%zu matches=%zu median_mbps=%.2f checksum=%016llx\n",
           len, ndocs, tg_rules_count(rs), matches, (double)len / 1e6 / times[runs / 2], h);
    for (size_t d = 0; d < ndocs; d++)
        tg_normtext_free(&docs[d]);
    free(docs);
    free(text);
    tg_rules_free(rs);
    tg_normalizer_free(nz);
    return 0;
}
