/*
 * bench_gazetteer — load time, matching throughput and memory of a compiled
 * gazetteer (bench/gazetteer.sh runs it beside pyahocorasick).
 *
 * Usage: bench_gazetteer GAZETTEER.bin FILE [RUNS]
 * FILE holds one document per line.  The program measures, in this order:
 *
 *   load       tg_gazetteer_open on the compiled file, as a tagger loads it
 *              (mmap + header checks), median of 9 opens; the page cache is
 *              warm (the file was just written or read).  Also the public
 *              tagger_gazetteer_open, which builds a normalizer first and
 *              verifies the checksum of the whole file.
 *   end-to-end tagger_process(TAGGER_STAGE_ALL) over every line with a tagger
 *              holding the gazetteer: validation, normalization, ICU
 *              tokenization, matching, resolution, entity output.  Peak
 *              RSS is taken right after this phase.
 *   match      the matching stage alone: every line is normalized and
 *              tokenized first (untimed), then tg_gazetteer_match +
 *              tg_gazetteer_resolve run over all of them.
 *
 * MB/s are input bytes (UTF-8, as in FILE) per second, median of RUNS (5).
 * The last line, "RESULT key=value ...", is what bench/gazetteer.sh reads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "gazetteer.h"
#include "internal.h"
#include "tagger.h"

#define MAX_RUNS 100
#define LOADS 9

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds of this thread: on a shared machine, steadier than wall time. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof v[0], cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double peak_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024;
}

/* One line of the corpus, with what the untimed preparation computed. */
typedef struct {
    const char *text;
    size_t len;
    tg_normtext nt;
    tagger_token *toks;
    size_t ntoks;
} doc_in;

static char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return NULL;
    }
    char *buf = NULL;
    long n = -1;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0)
        buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "bench_gazetteer: cannot read %s\n", path);
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    buf[n] = '\0';
    *size = (size_t)n;
    return buf;
}

/* Splits buf into lines (empty ones skipped); returns their number. */
static size_t split_lines(const char *buf, size_t len, doc_in **out)
{
    size_t n = 0, cap = 1024;
    doc_in *d = malloc(cap * sizeof *d);
    for (size_t pos = 0; d && pos < len;) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        if (end > pos) {
            if (n == cap) {
                doc_in *bigger = realloc(d, (cap *= 2) * sizeof *d);
                if (!bigger) {
                    free(d);
                    d = NULL;
                    break;
                }
                d = bigger;
            }
            memset(&d[n], 0, sizeof d[n]);
            d[n].text = buf + pos;
            d[n++].len = end - pos;
        }
        pos = end + 1;
    }
    *out = d;
    return d ? n : 0;
}

/* tagger_process(ALL) over every doc; returns seconds or -1. */
static double run_end_to_end(const tagger *t, const doc_in *d, size_t ndocs,
                             size_t *entities)
{
    double t0 = now();
    *entities = 0;
    for (size_t i = 0; i < ndocs; i++) {
        tagger_error err = {0};
        tagger_doc *doc = tagger_process(t, d[i].text, d[i].len, TAGGER_STAGE_ALL, &err);
        if (!doc) {
            fprintf(stderr, "bench_gazetteer: document %zu: %s\n", i + 1, err.message);
            return -1;
        }
        *entities += tagger_doc_entity_count(doc);
        tagger_doc_free(doc);
    }
    return now() - t0;
}

/* Match + resolve over the prepared docs; returns seconds or -1.  The
 * candidate buffer is reused across documents. */
static double run_match(const tg_gazetteer *g, const doc_in *d, size_t ndocs,
                        size_t *candidates, size_t *entities)
{
    tg_gaz_match *m = NULL;
    size_t cap = 0;
    double t0 = now();
    *candidates = *entities = 0;
    for (size_t i = 0; i < ndocs; i++) {
        size_t n = 0;
        if (tg_gazetteer_match(g, 0, d[i].text, &d[i].nt, d[i].toks, d[i].ntoks, &m, &n,
                               &cap) != TAGGER_OK) {
            fprintf(stderr, "bench_gazetteer: out of memory matching\n");
            free(m);
            return -1;
        }
        *candidates += n;
        *entities += tg_gazetteer_resolve(m, n, d[i].ntoks);
    }
    double s = now() - t0;
    free(m);
    return s;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_gazetteer GAZETTEER.bin FILE [RUNS]\n");
        return 2;
    }
    const char *gaz_path = argv[1];
    int runs = argc > 3 ? atoi(argv[3]) : 5;
    if (runs < 1 || runs > MAX_RUNS)
        runs = 5;
    size_t size = 0;
    char *buf = read_file(argv[2], &size);
    if (!buf)
        return 2;
    doc_in *docs = NULL;
    size_t ndocs = split_lines(buf, size, &docs);
    if (!docs) {
        fprintf(stderr, "bench_gazetteer: out of memory\n");
        return 2;
    }
    double mb = (double)size / 1e6;
    double rss_start = peak_mb();

    /* ---- load */
    tagger_error err = {0};
    tg_normalizer *nz = tg_normalizer_new(&err);
    if (!nz) {
        fprintf(stderr, "bench_gazetteer: %s\n", err.message);
        return 3;
    }
    double load[LOADS], pub[LOADS];
    tg_gaz_stats st;
    for (int i = 0; i < LOADS; i++) {
        double t0 = now();
        tg_gazetteer *g = tg_gazetteer_open(nz, gaz_path, TG_GAZ_MAX_KEY, NULL, &err);
        load[i] = (now() - t0) * 1e3;
        if (!g) {
            fprintf(stderr, "bench_gazetteer: %s\n", err.message);
            return 3;
        }
        if (i == 0)
            tg_gazetteer_stats(g, &st);
        tg_gazetteer_free(g);
        t0 = now();
        tagger_gazetteer *pg = tagger_gazetteer_open(gaz_path, &err);
        pub[i] = (now() - t0) * 1e3;
        if (!pg) {
            fprintf(stderr, "bench_gazetteer: %s\n", err.message);
            return 3;
        }
        tagger_gazetteer_free(pg);
    }
    tg_normalizer_free(nz);
    double first_load = load[0];
    double load_ms = median(load, LOADS), pub_ms = median(pub, LOADS);
    printf("gazetteer: %s, %.1f MB, %zu entities, %zu aliases, %zu keys, %zu trie nodes\n",
           gaz_path, (double)st.file_bytes / 1e6, st.entities, st.records, st.keys, st.nodes);
    printf("load (page cache warm, median of %d): tg_gazetteer_open %.2f ms (first %.2f ms); "
           "tagger_gazetteer_open %.2f ms\n",
           LOADS, load_ms, first_load, pub_ms);

    /* ---- end to end */
    tagger_config *cfg = tagger_config_new();
    if (!cfg || tagger_config_add_gazetteer(cfg, gaz_path) != TAGGER_OK) {
        fprintf(stderr, "bench_gazetteer: out of memory\n");
        return 3;
    }
    double t0 = now();
    tagger *t = tagger_new(cfg, &err);
    double tagger_ms = (now() - t0) * 1e3;
    tagger_config_free(cfg);
    if (!t) {
        fprintf(stderr, "bench_gazetteer: %s\n", err.message);
        return 3;
    }
    printf("corpus: %s, %.1f MB, %zu documents; tagger_new with the gazetteer %.1f ms\n",
           argv[2], mb, ndocs, tagger_ms);
    double e2e[MAX_RUNS], match[MAX_RUNS], match_cpu[MAX_RUNS];
    size_t e2e_entities = 0;
    for (int r = 0; r < runs; r++) {
        double s = run_end_to_end(t, docs, ndocs, &e2e_entities);
        if (s < 0)
            return 1;
        e2e[r] = mb / s;
        printf("end-to-end run %d: %.1f MB/s, %zu entities\n", r + 1, e2e[r], e2e_entities);
    }
    double e2e_peak = peak_mb();

    /* ---- the matching stage alone */
    for (size_t i = 0; i < ndocs; i++) {
        if (tg_normalize(t->normalizer, docs[i].text, docs[i].len, &docs[i].nt, &err) !=
                TAGGER_OK ||
            tg_tokenize(t->tokenizer, &docs[i].nt, &docs[i].toks, &docs[i].ntoks,
                        &(size_t){0}, &err) != TAGGER_OK) {
            fprintf(stderr, "bench_gazetteer: document %zu: %s\n", i + 1, err.message);
            return 1;
        }
    }
    size_t candidates = 0, entities = 0;
    for (int r = 0; r < runs; r++) {
        double c0 = cpu_now();
        double s = run_match(t->gazetteers[0], docs, ndocs, &candidates, &entities);
        if (s < 0)
            return 1;
        match[r] = mb / s;
        match_cpu[r] = mb / (cpu_now() - c0);
        printf("match run %d: %.1f MB/s (%.1f MB per CPU second), %zu candidates, "
               "%zu entities\n",
               r + 1, match[r], match_cpu[r], candidates, entities);
    }
    double all_peak = peak_mb();
    double e2e_mbps = median(e2e, runs), match_mbps = median(match, runs);
    double match_cpu_mbps = median(match_cpu, runs);

    printf("median of %d runs: match+resolve %.1f MB/s; end-to-end %.1f MB/s\n", runs,
           match_mbps, e2e_mbps);
    printf("peak RSS: %.1f MB at start (corpus read), %.1f MB after end-to-end runs, "
           "%.1f MB with the corpus pre-tokenized\n",
           rss_start, e2e_peak, all_peak);
    printf("RESULT load_ms=%.3f first_load_ms=%.3f public_load_ms=%.3f match_mbps=%.2f "
           "match_cpu_mbps=%.2f e2e_mbps=%.2f peak_mb=%.1f peak_all_mb=%.1f entities=%zu "
           "candidates=%zu file_mb=%.1f nodes=%zu\n",
           load_ms, first_load, pub_ms, match_mbps, match_cpu_mbps, e2e_mbps, e2e_peak,
           all_peak, entities, candidates, (double)st.file_bytes / 1e6, st.nodes);

    for (size_t i = 0; i < ndocs; i++) {
        tg_normtext_free(&docs[i].nt);
        free(docs[i].toks);
    }
    free(docs);
    tagger_free(t);
    free(buf);
    return 0;
}
