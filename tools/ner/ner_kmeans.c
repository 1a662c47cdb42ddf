/*
 * ner_kmeans — word clusters for the entity recognizer from word vectors.
 *
 * Usage: ner_kmeans -k K1,K2,... [--iterations N] [--seed S] VECTORS.vec > clusters.tsv
 * VECTORS is a text file of word vectors as fastText writes it: a line "N D",
 * then one line per word, "word v1 ... vD".  Every vector is scaled to unit
 * length and the words are clustered by spherical k-means (cosine) once per
 * K, each run started by k-means++ seeding from a fixed-seed xorshift
 * generator and stopped when no word changes cluster or after N iterations
 * (default 25).  Prints "word<TAB>c1<TAB>c2..." for every word, one cluster
 * id per K, in the order of the input.  Deterministic: the same vectors and
 * options give the same output.  The recognizer reads this file with
 * `tagger ner train --clusters` and stores it in the model.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_K 8
#define MAX_CLUSTERS 65535

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1Dull;
}

static double rng_unit(uint64_t *s)
{
    return (double)(rng_next(s) >> 11) / 9007199254740992.0;
}

static float dot(const float *a, const float *b, size_t d)
{
    float s = 0;
    for (size_t i = 0; i < d; i++)
        s += a[i] * b[i];
    return s;
}

/* k-means++ seeding with distance 1 - cos, then Lloyd iterations. */
static int kmeans(const float *x, size_t n, size_t d, size_t k, unsigned iters, uint64_t seed,
                  uint32_t *assign)
{
    float *c = malloc(k * d * sizeof *c);
    double *dist = malloc(n * sizeof *dist);
    double *sum = malloc(k * d * sizeof *sum);
    size_t *count = malloc(k * sizeof *count);
    if (!c || !dist || !sum || !count) {
        free(c), free(dist), free(sum), free(count);
        return -1;
    }
    uint64_t rng = seed * 0x9E3779B97F4A7C15ull + 0x5851F42D4C957F2Dull;
    if (!rng)
        rng = 1;
    size_t first = (size_t)(rng_next(&rng) % n);
    memcpy(c, x + first * d, d * sizeof *c);
    for (size_t i = 0; i < n; i++) {
        double v = 1.0 - dot(x + i * d, c, d);
        dist[i] = v > 0 ? v : 0;
    }
    for (size_t j = 1; j < k; j++) {
        double total = 0;
        for (size_t i = 0; i < n; i++)
            total += dist[i] * dist[i];
        double r = rng_unit(&rng) * total;
        size_t pick = n - 1;
        for (size_t i = 0; i < n; i++) {
            r -= dist[i] * dist[i];
            if (r <= 0) {
                pick = i;
                break;
            }
        }
        memcpy(c + j * d, x + pick * d, d * sizeof *c);
        for (size_t i = 0; i < n; i++) {
            double v = 1.0 - dot(x + i * d, c + j * d, d);
            if (v < 0)
                v = 0;
            if (v < dist[i])
                dist[i] = v;
        }
    }
    for (size_t i = 0; i < n; i++)
        assign[i] = UINT32_MAX;
    for (unsigned it = 0; it < iters; it++) {
        size_t changed = 0;
        for (size_t i = 0; i < n; i++) {
            const float *xi = x + i * d;
            float best = -2;
            uint32_t arg = 0;
            for (size_t j = 0; j < k; j++) {
                float s = dot(xi, c + j * d, d);
                if (s > best) {
                    best = s;
                    arg = (uint32_t)j;
                }
            }
            if (assign[i] != arg) {
                assign[i] = arg;
                changed++;
            }
        }
        fprintf(stderr, "ner_kmeans: k=%zu iteration %u: %zu words moved\n", k, it + 1, changed);
        if (changed == 0)
            break;
        memset(sum, 0, k * d * sizeof *sum);
        memset(count, 0, k * sizeof *count);
        for (size_t i = 0; i < n; i++) {
            count[assign[i]]++;
            for (size_t t = 0; t < d; t++)
                sum[assign[i] * d + t] += x[i * d + t];
        }
        for (size_t j = 0; j < k; j++) {
            if (!count[j])
                continue; /* an empty cluster keeps its centre */
            double norm = 0;
            for (size_t t = 0; t < d; t++)
                norm += sum[j * d + t] * sum[j * d + t];
            norm = sqrt(norm);
            for (size_t t = 0; t < d; t++)
                c[j * d + t] = norm > 0 ? (float)(sum[j * d + t] / norm) : 0;
        }
    }
    free(c), free(dist), free(sum), free(count);
    return 0;
}

int main(int argc, char **argv)
{
    size_t ks[MAX_K], nk = 0;
    unsigned iters = 25;
    uint64_t seed = 1;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-k") == 0 && i + 1 < argc) {
            char *p = argv[++i];
            while (*p) {
                char *end;
                unsigned long v = strtoul(p, &end, 10);
                if (end == p || v < 2 || v > MAX_CLUSTERS || nk == MAX_K) {
                    fprintf(stderr, "ner_kmeans: -k: up to %d numbers 2..%d\n", MAX_K,
                            MAX_CLUSTERS);
                    return 2;
                }
                ks[nk++] = v;
                p = *end == ',' ? end + 1 : end;
                if (*end && *end != ',') {
                    fprintf(stderr, "ner_kmeans: -k: bad list\n");
                    return 2;
                }
            }
        } else if (strcmp(argv[i], "--iterations") == 0 && i + 1 < argc) {
            iters = (unsigned)strtoul(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
            seed = strtoull(argv[++i], NULL, 10);
        } else if (argv[i][0] != '-' && !path) {
            path = argv[i];
        } else {
            path = NULL;
            break;
        }
    }
    if (!path || nk == 0) {
        fputs("Usage: ner_kmeans -k K1,K2,... [--iterations N] [--seed S] VECTORS.vec\n",
              stderr);
        return 2;
    }
    FILE *in = fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "ner_kmeans: cannot open %s\n", path);
        return 2;
    }
    size_t n = 0, d = 0;
    if (fscanf(in, "%zu %zu", &n, &d) != 2 || n == 0 || d == 0 || d > 4096 || n > 10000000) {
        fprintf(stderr, "ner_kmeans: %s: expected a first line \"N D\"\n", path);
        fclose(in);
        return 2;
    }
    float *x = malloc(n * d * sizeof *x);
    char **words = calloc(n, sizeof *words);
    uint32_t *assign = malloc(n * nk * sizeof *assign);
    char word[1024];
    size_t m = 0;
    int rc = 0;
    if (!x || !words || !assign) {
        fputs("ner_kmeans: out of memory\n", stderr);
        rc = 1;
    }
    while (rc == 0 && m < n && fscanf(in, "%1023s", word) == 1) {
        double norm = 0;
        for (size_t t = 0; t < d; t++) {
            if (fscanf(in, "%f", &x[m * d + t]) != 1 || !isfinite(x[m * d + t])) {
                fprintf(stderr, "ner_kmeans: %s: bad vector of word %zu\n", path, m + 1);
                rc = 2;
                break;
            }
            norm += (double)x[m * d + t] * x[m * d + t];
        }
        if (rc)
            break;
        if (norm <= 0 || strcmp(word, "</s>") == 0)
            continue; /* fastText's line end marker; a zero vector */
        for (size_t t = 0; t < d; t++)
            x[m * d + t] = (float)(x[m * d + t] / sqrt(norm));
        if (!(words[m] = strdup(word))) {
            fputs("ner_kmeans: out of memory\n", stderr);
            rc = 1;
            break;
        }
        m++;
    }
    fclose(in);
    for (size_t j = 0; rc == 0 && j < nk; j++) {
        size_t k = ks[j] < m ? ks[j] : m;
        if (k == 0 || kmeans(x, m, d, k, iters, seed + j, assign + j * n) != 0) {
            fputs("ner_kmeans: no words or out of memory\n", stderr);
            rc = 1;
        }
    }
    for (size_t i = 0; rc == 0 && i < m; i++) {
        fputs(words[i], stdout);
        for (size_t j = 0; j < nk; j++)
            printf("\t%u", assign[j * n + i]);
        putchar('\n');
    }
    if (rc == 0 && (fflush(stdout) != 0 || ferror(stdout))) {
        fputs("ner_kmeans: write error\n", stderr);
        rc = 2;
    }
    for (size_t i = 0; i < m; i++)
        free(words[i]);
    free(words);
    free(x);
    free(assign);
    return rc;
}
