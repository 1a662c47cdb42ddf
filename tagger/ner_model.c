/*
 * ner_model — the entity model file: its layout, the checks before use,
 * opening and freeing, and the emission scores of its weights.
 *
 * Little-endian, 8-byte aligned sections, read into memory and used in place:
 *   header   magic "TGNER\0\0\n", version (3), byte order, file size, a
 *            64-bit checksum of the whole file (this field read as 0),
 *            bucket bits, labels, tags, scheme, string bytes, cluster table
 *            bits, cluster levels and cluster window, language, history
 *            flag, the normalization fingerprint (tg_normalize_fingerprint
 *            of the tagger that trained it)
 *   labels   string offsets of the label names (PERSON, GPE, ORG …)
 *   scales   float per tag: weight = q × scale
 *   trans    float [tags + 1][tags]: row `tags` is the start state
 *   final    float [tags]: the end state
 *   strings  NUL-terminated
 *   weights  int8 [buckets][stride], a bucket's tags adjacent (one cache
 *            line); the stride is 8 for up to 8 tags and 16 for up to 16
 *            (the vector widths the decoder adds at once; the lanes past the
 *            tags are zero), else the number of tags: the rows are read in
 *            place, with no copy at load
 *   clusters (cluster levels > 0) [2^bits] slots of 16 bytes: the 64-bit
 *            hash of the normalized word (0 = empty slot) and four uint16
 *            cluster ids; open addressing with linear probing
 * Files of versions 1 (no cluster fields) and 2 (no history flag) are
 * rejected with a message asking to rebuild the model.  The fingerprint
 * took the place of a reserved word that was always 0, so the version
 * stayed 3: a version-3 file from before it reads as fingerprint 0 and is
 * refused as built before fingerprints were recorded (datafile.h); one
 * trained with other normalization tables is refused too, since its
 * features would no longer meet the text.  (Only the trainer, reusing an
 * older model's cluster table, takes a 0.)
 * Loading checks the magic, version, byte order, fingerprint, every size
 * against the file, the checksum, every string and every number, so a
 * truncated or corrupt file is rejected with a message naming it.
 *
 * Emission: a token's score for each tag is the sum of its features'
 * int8 rows, times the tag's scale; the rows of up to 8 or 16 tags are
 * added as one vector each (AVX2 where the processor has it: a 16-byte row
 * is widened by one instruction).  The rows are asked for (prefetched)
 * when the segment's feature ids are made and again 16 features ahead.
 * With 16-byte rows a decoding workspace has most rows already summed per
 * word (ner_features.c): a token's sum starts from them (fb->base).
 *
 * Workspaces: decoding needs buffers that grow with the document; a
 * thread takes a workspace from the model's pool (a mutex-guarded list)
 * and gives it back, so no document allocates them again and no two
 * threads share one; a workspace grown past NER_WORK_KEEP_TOKENS is freed
 * instead of kept.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "datafile.h"
#include "error.h"
#include "labels.h"
#include "ner_internal.h"

#ifdef NER_AVX2_DISPATCH
#include <immintrin.h>
#endif

/* Vectors of 8 or 16 lanes (GCC and Clang extensions) for models of at
 * most 8 or 16 tags: the weight sums take one vector operation for all
 * tags. */
typedef int8_t v8qi __attribute__((vector_size(8)));
typedef int16_t v8hi __attribute__((vector_size(16)));
typedef int32_t v8si __attribute__((vector_size(32)));
typedef int8_t v16qi __attribute__((vector_size(16))); /* up to 16 tags (BILOU) */
typedef int16_t v16hi __attribute__((vector_size(32)));
typedef int32_t v16si __attribute__((vector_size(64)));

size_t tg_ner_row_stride(unsigned ntags)
{
    return ntags <= 8 ? 8 : ntags <= 16 ? 16 : ntags;
}

tg_ner_layout tg_ner_layout_of(const tg_ner_header *h)
{
    tg_ner_layout l;
    l.labels = sizeof(tg_ner_header);
    l.scales = l.labels + tg_align8((size_t)h->nlabels * 4);
    l.trans = l.scales + tg_align8((size_t)h->ntags * 4);
    l.final = l.trans + tg_align8(((size_t)h->ntags + 1) * h->ntags * 4);
    l.strings = l.final + tg_align8((size_t)h->ntags * 4);
    l.weights = l.strings + tg_align8(h->string_bytes);
    l.clusters =
        l.weights + tg_align8(((size_t)1 << h->bucket_bits) * tg_ner_row_stride(h->ntags));
    l.total = l.clusters +
              (h->cluster_levels ? ((size_t)1 << h->cluster_bits) * sizeof(tg_ner_cslot) : 0);
    return l;
}

#define NER_CHECKSUM_SEED 0x51ED27A1C0FFEEull

void tg_ner_model_seal(unsigned char *image, size_t size)
{
    tg_datafile_seal(image, size, sizeof(tg_ner_header), offsetof(tg_ner_header, checksum),
                     NER_CHECKSUM_SEED);
}

/* Whether the header is of an entity model this tagger reads: the reason
 * it is not, or NULL. */
static const char *check_kind(const tg_ner_header *h)
{
    if (memcmp(h->magic, NER_MAGIC, 8) != 0)
        return "not an entity recognizer model (bad magic)";
    if (h->version != NER_VERSION)
        return h->version < NER_VERSION
                   ? "entity model of an older format version: rebuild it with "
                     "data/models/build-ner.sh or tagger ner train"
                   : "unsupported entity model version (newer than this tagger)";
    if (h->endian != NER_ENDIAN)
        return "written on a machine of other byte order";
    return NULL;
}

/* What is wrong with the strings, labels and floats of a model, or NULL. */
static const char *check_tables(const unsigned char *base, const tg_ner_header *h,
                                tg_ner_layout l)
{
    if (memchr(h->lang, 0, sizeof h->lang) == NULL)
        return "corrupt header";
    const char *strings = (const char *)base + l.strings;
    if (strings[h->string_bytes - 1] != '\0')
        return "corrupt string table";
    const uint32_t *lab = (const uint32_t *)(base + l.labels);
    for (uint32_t i = 0; i < h->nlabels; i++)
        if (lab[i] >= h->string_bytes || !tg_label_name_of(strings + lab[i]))
            return "corrupt label table";
    const float *f = (const float *)(base + l.scales);
    size_t nf = (l.strings - l.scales) / 4;
    for (size_t i = 0; i < nf; i++)
        if (!isfinite(f[i]) || fabsf(f[i]) > 1e9f)
            return "corrupt weights";
    return NULL;
}

/* What is wrong with the rest of a model of a known kind, or NULL. */
static const char *check_body(const unsigned char *base, size_t size, const tg_ner_header *h,
                              const tg_datafile_id *id, const tg_load_options *lo)
{
    if (h->nlabels < 1 || h->nlabels > NER_MAX_LABELS || h->scheme > NER_SCHEME_BILOU ||
        h->ntags != tg_ner_ntags(h->nlabels, h->scheme) || h->bucket_bits < NER_MIN_BITS ||
        h->bucket_bits > NER_MAX_BITS || h->string_bytes < 1 ||
        h->string_bytes > NER_MAX_STRINGS || h->cluster_levels > NER_MAX_CLUSTER_LEVELS ||
        h->cluster_window > 2 || h->history > 1 ||
        (h->cluster_levels ? h->cluster_bits < NER_MIN_CLUSTER_BITS ||
                                 h->cluster_bits > NER_MAX_CLUSTER_BITS
                           : h->cluster_bits != 0 || h->cluster_window != 0))
        return "corrupt header (sizes out of range)";
    tg_ner_layout l = tg_ner_layout_of(h);
    if (h->file_size != size || l.total != size)
        return "size does not match its header (truncated or corrupt)";
    if (!tg_datafile_verify(base, size, sizeof(tg_ner_header), offsetof(tg_ner_header, checksum),
                            NER_CHECKSUM_SEED, 1, id, lo))
        return "checksum mismatch (corrupt file)";
    return check_tables(base, h, l);
}

/* Points the model at its weight rows and cluster table: in the file's
 * image (hot NULL), or in hot, a copy of the file from the weights'
 * offset on. */
static void point_rows(tg_ner_model *m, int8_t *hot)
{
    tg_ner_layout l = tg_ner_layout_of(m->h);
    m->hot = hot;
    m->w = hot ? hot : (const int8_t *)(m->base + l.weights);
    if (m->h->cluster_levels)
        m->clusters.slot = (const tg_ner_cslot *)(const void *)(
            hot ? hot + (l.clusters - l.weights) : (const int8_t *)m->base + l.clusters);
}

/* The model's first use (tg_ner_work_take, under the pool's lock): the
 * weight rows and cluster table, read at random, are copied into a block
 * on huge pages when they make 1 MiB or more and there is memory for it;
 * else, for a tagger of few documents (whose rows a block would cost more
 * to make than it saves), and when the mapped file's page cache already
 * puts them on 2 MiB pages (tg_datafile_on_huge: no copy, no fresh
 * memory), they stay in the image.  Not done at load, so that a model no
 * document uses (the English one on a Persian run) costs only its
 * checksum: no block zeroed and filled. */
static void rows_ready(tg_ner_model *m)
{
    tg_ner_layout l = tg_ner_layout_of(m->h);
    size_t nhot = l.total - l.weights;
    int8_t *hot = nhot >= ((size_t)1 << 20) && !m->few_documents &&
                          !tg_datafile_on_huge(m->base, l.weights, nhot)
                      ? tg_datafile_table_alloc(nhot, 1)
                      : NULL;
    if (hot)
        tg_datafile_copy(m->base, l.weights, nhot, hot);
    point_rows(m, hot);
}

/* Checks a model image read from `path`: its kind, then the normalization
 * it was built with, then the rest. */
static tagger_status check_image(const unsigned char *base, size_t size, const char *path,
                                 int unrecorded_ok, const tg_datafile_id *id,
                                 const tg_load_options *lo, tagger_error *err)
{
    tg_ner_header h;
    const char *why = "file too short for a header (truncated?)";
    if (size >= sizeof h) {
        memcpy(&h, base, sizeof h);
        why = check_kind(&h);
    }
    if (!why && !(unrecorded_ok && h.norm_fingerprint == 0)) {
        tagger_status rc =
            tg_datafile_check_fingerprint(path, "entity model", h.norm_fingerprint, err);
        if (rc != TAGGER_OK)
            return rc;
    }
    if (!why)
        why = check_body(base, size, &h, id, lo);
    return why ? tg_error_set(err, TAGGER_ERR_LOAD, 0, "%s: %s", path, why) : TAGGER_OK;
}

tg_ner_model *tg_ner_model_read(const char *path, int unrecorded_ok, const tg_load_options *lo,
                                tagger_error *err)
{
    void *base;
    size_t size;
    tg_datafile_id id;
    if (tg_datafile_load(path, "entity model", sizeof(tg_ner_header), lo, &base, &size, &id,
                         err) != TAGGER_OK)
        return NULL;
    tg_ner_model *m = NULL;
    if (check_image(base, size, path, unrecorded_ok, &id, lo, err) == TAGGER_OK &&
        !(m = calloc(1, sizeof *m)))
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    if (!m) {
        tg_datafile_free(base);
        return NULL;
    }
    m->base = base;
    m->h = (const tg_ner_header *)base;
    tg_ner_layout l = tg_ner_layout_of(m->h);
    m->scale = (const float *)(m->base + l.scales);
    m->trans = (const float *)(m->base + l.trans);
    m->final = (const float *)(m->base + l.final);
    point_rows(m, NULL); /* on huge pages at the first use: rows_ready */
    m->few_documents = lo && lo->few_documents;
    m->L = m->h->nlabels;
    m->T = m->h->ntags;
    m->mask = ((uint32_t)1 << m->h->bucket_bits) - 1;
    if (m->h->cluster_levels) {
        m->clusters.mask = ((size_t)1 << m->h->cluster_bits) - 1;
        m->clusters.levels = m->h->cluster_levels;
        m->clusters.window = m->h->cluster_window;
    }
    const uint32_t *lab = (const uint32_t *)(m->base + l.labels);
    for (unsigned i = 0; i < m->L; i++)
        m->labels[i] = tg_label_name_of((const char *)m->base + l.strings + lab[i]);
    tg_ner_tag_rules_init(&m->rules, m->T, m->h->scheme);
    tg_ner_viterbi_allowed(&m->rules, m->trans, &m->ok);
    m->stride = tg_ner_row_stride(m->T);
    if (!(m->pool = calloc(1, sizeof *m->pool)) || pthread_mutex_init(&m->pool->lock, NULL) != 0) {
        free(m->pool);
        m->pool = NULL;
        tg_ner_model_free(m);
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    return m;
}

tg_ner_model *tg_ner_model_open(const char *path, const tg_load_options *lo, tagger_error *err)
{
    return tg_ner_model_read(path, 0, lo, err);
}

static void work_free(tg_ner_work *w)
{
    tg_ner_featbuf_free(&w->fb);
    tg_ner_scratch_free(&w->sc);
    tg_ner_history_free(&w->hist);
    free(w);
}

void tg_ner_model_free(tg_ner_model *m)
{
    if (!m)
        return;
    if (m->pool) {
        while (m->pool->idle) {
            tg_ner_work *w = m->pool->idle;
            m->pool->idle = w->next;
            work_free(w);
        }
        pthread_mutex_destroy(&m->pool->lock);
        free(m->pool);
    }
    tg_datafile_free((void *)m->base);
    free(m->hot);
    free(m);
}

tg_ner_work *tg_ner_work_take(const tg_ner_model *m)
{
    pthread_mutex_lock(&m->pool->lock);
    if (!m->pool->rows_ready) {
        /* the model was calloc'd, not defined const: its rows may move */
        rows_ready((tg_ner_model *)m);
        m->pool->rows_ready = 1;
    }
    tg_ner_work *w = m->pool->idle;
    if (w)
        m->pool->idle = w->next;
    pthread_mutex_unlock(&m->pool->lock);
    if (w)
        return w;
    if (!(w = calloc(1, sizeof *w)))
        return NULL;
    if (!tg_ner_scratch_alloc(&w->sc, m->T)) {
        work_free(w);
        return NULL;
    }
    /* the weight rows of each feature are asked for as its id is made; the
     * rows of a word's own features are added once per word */
    w->fb.prefetch = m->w;
    w->fb.prefetch_stride = m->stride;
    w->fb.sums = m->stride == 16;
    w->fb.sum_mask = m->mask;
    w->fb.few_documents = m->few_documents;
    return w;
}

/* A workspace grown for more tokens than this is freed after its document. */
#define NER_WORK_KEEP_TOKENS 16384u

void tg_ner_work_give(const tg_ner_model *m, tg_ner_work *w)
{
    if (!w)
        return;
    if (w->fb.tokcap > NER_WORK_KEEP_TOKENS || w->fb.fcap > 64 * NER_WORK_KEEP_TOKENS ||
        w->hist.alloc > 4 * NER_WORK_KEEP_TOKENS) {
        work_free(w);
        return;
    }
    pthread_mutex_lock(&m->pool->lock);
    w->next = m->pool->idle;
    m->pool->idle = w;
    pthread_mutex_unlock(&m->pool->lock);
}

/* Adds the weight rows of features [k, end) of a token into acc as
 * LANES-wide vectors: 16-bit lanes for up to 256 rows at a time
 * (256 * 127 < 2^15), then 32-bit.  The rows are scattered over megabytes:
 * the ones a few features ahead are asked for while one is added.  (A
 * macro: the vector types differ by width.) */
#define SUM_ROWS(LANES, VQI, VHI, VSI, START)                                                \
    do {                                                                                   \
        VSI total = START;                                                                 \
        while (k < end) {                                                                  \
            size_t stop = end - k > 256 ? k + 256 : end;                                   \
            VHI part = {0};                                                                \
            for (; k < stop; k++) {                                                        \
                if (k + 16 < nf)                                                           \
                    __builtin_prefetch(m->w + (size_t)fb->f[k + 16] * (LANES));            \
                VQI row;                                                                   \
                memcpy(&row, m->w + (size_t)fb->f[k] * (LANES), sizeof row);               \
                part += __builtin_convertvector(row, VHI);                                 \
            }                                                                              \
            total += __builtin_convertvector(part, VSI);                                   \
        }                                                                                  \
        memcpy(acc, &total, sizeof total);                                                 \
    } while (0)

/* Emission scores of a segment with int8 weights: rows of 8 or 16 bytes
 * (up to 8 or 16 tags) are summed as vectors, others tag by tag. */
static inline __attribute__((always_inline)) void
emit_rows(const tg_ner_model *m, const tg_ner_featbuf *fb, size_t n, float *emit)
{
    unsigned T = m->T;
    size_t nf = fb->off[n];
    for (size_t i = 0; i < n; i++) {
        int32_t acc[NER_MAX_TAGS] = {0};
        size_t k = fb->off[i], end = fb->off[i + 1];
        if (m->stride == 8) {
            SUM_ROWS(8, v8qi, v8hi, v8si, (v8si){0});
        } else if (m->stride == 16) {
            v16hi start = {0}; /* with sums: the token's word sums */
            if (fb->sums)
                memcpy(&start, fb->base[i].v, sizeof start);
            SUM_ROWS(16, v16qi, v16hi, v16si, __builtin_convertvector(start, v16si));
        } else {
            for (; k < end; k++) {
                if (k + 16 < nf)
                    __builtin_prefetch(m->w + (size_t)fb->f[k + 16] * T);
                const int8_t *row = m->w + (size_t)fb->f[k] * T;
                for (unsigned c = 0; c < T; c++)
                    acc[c] += row[c];
            }
        }
        for (unsigned c = 0; c < T; c++)
            emit[i * T + c] = m->scale[c] * (float)acc[c];
    }
}

#ifdef NER_AVX2_DISPATCH
/* 16-byte rows (BILOU with three labels, up to 16 tags) with AVX2: a row
 * is widened to 16 int16 lanes by one instruction and added, two rows at a
 * time into two sums of at most 128 rows each; every 256 rows the int16
 * sums are added into int32 ones.  The same integer sums as emit_rows. */
static __attribute__((target("avx2"))) void
emit_rows16_avx2(const tg_ner_model *m, const tg_ner_featbuf *fb, size_t n, float *emit)
{
    unsigned T = m->T;
    const int8_t *w = m->w;
    const uint32_t *f = fb->f;
    /* rows asked for 16 ahead, below nask; with sums each row was asked for
     * as its bucket id was made (ner_features.c, put_features): none here */
    size_t nask = fb->sums ? 0 : fb->off[n];
    /* the scales of tags 0-7 and 8 .. T-1 (9 <= T <= 16), and the lanes of
     * the second */
    const __m256i tail = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)T - 8),
                                            _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
    const __m256 scale_lo = _mm256_loadu_ps(m->scale),
                 scale_hi = _mm256_maskload_ps(m->scale + 8, tail);
    for (size_t i = 0; i < n; i++) {
        size_t k = fb->off[i], end = fb->off[i + 1];
        __m256i lo = _mm256_setzero_si256(), hi = _mm256_setzero_si256();
        if (fb->sums) { /* the token's word sums */
            __m256i s = _mm256_loadu_si256((const __m256i *)(const void *)fb->base[i].v);
            lo = _mm256_cvtepi16_epi32(_mm256_castsi256_si128(s));
            hi = _mm256_cvtepi16_epi32(_mm256_extracti128_si256(s, 1));
        }
        while (k < end) {
            size_t stop = end - k > 256 ? k + 256 : end;
            __m256i a = _mm256_setzero_si256(), b = _mm256_setzero_si256();
            for (; k + 2 <= stop; k += 2) {
                if (k + 17 < nask) {
                    __builtin_prefetch(w + (size_t)f[k + 16] * 16);
                    __builtin_prefetch(w + (size_t)f[k + 17] * 16);
                }
                __m128i r0 = _mm_loadu_si128((const __m128i *)(const void *)(w + (size_t)f[k] * 16));
                __m128i r1 =
                    _mm_loadu_si128((const __m128i *)(const void *)(w + (size_t)f[k + 1] * 16));
                a = _mm256_add_epi16(a, _mm256_cvtepi8_epi16(r0));
                b = _mm256_add_epi16(b, _mm256_cvtepi8_epi16(r1));
            }
            if (k < stop) {
                __m128i r0 = _mm_loadu_si128((const __m128i *)(const void *)(w + (size_t)f[k] * 16));
                a = _mm256_add_epi16(a, _mm256_cvtepi8_epi16(r0));
                k++;
            }
            a = _mm256_add_epi16(a, b);
            lo = _mm256_add_epi32(lo, _mm256_cvtepi16_epi32(_mm256_castsi256_si128(a)));
            hi = _mm256_add_epi32(hi, _mm256_cvtepi16_epi32(_mm256_extracti128_si256(a, 1)));
        }
        /* scale[c] * (float)acc[c], as emit_rows: the same conversion and
         * product lane by lane */
        _mm256_storeu_ps(emit + i * T, _mm256_mul_ps(scale_lo, _mm256_cvtepi32_ps(lo)));
        __m256 e_hi = _mm256_mul_ps(scale_hi, _mm256_cvtepi32_ps(hi));
        if (i + 1 < n) /* lanes past T go to the next row, written after */
            _mm256_storeu_ps(emit + i * T + 8, e_hi);
        else
            _mm256_maskstore_ps(emit + i * T + 8, tail, e_hi);
    }
}

static __attribute__((target("avx2"))) void
emit_rows_avx2(const tg_ner_model *m, const tg_ner_featbuf *fb, size_t n, float *emit)
{
    emit_rows(m, fb, n, emit);
}
#endif

/* The rows' sums compiled for AVX2 where the processor has it (one
 * instruction widens and one adds a 16-lane row), else for the baseline;
 * the same integer sums either way. */
void tg_ner_emit(const tg_ner_model *m, const tg_ner_featbuf *fb, size_t n, float *emit)
{
#ifdef NER_AVX2_DISPATCH
    if (__builtin_cpu_supports("avx2")) {
        if (m->stride == 16)
            emit_rows16_avx2(m, fb, n, emit);
        else
            emit_rows_avx2(m, fb, n, emit);
        return;
    }
#endif
    emit_rows(m, fb, n, emit);
}


const char *tg_ner_model_lang(const tg_ner_model *m)
{
    return m->h->lang;
}
