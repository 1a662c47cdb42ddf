/*
 * topics_model — opening a topic model file (the layout is in
 * topics_private.h): the file is read whole (tg_datafile_load), every
 * header field, size and string offset is checked against the file before
 * any section is used in place, then the checksum and the normalization
 * fingerprint; then the boilerplate patterns it carries are tokenized into
 * the feature extractor's table.  What scoring reads at random, the weight
 * rows (a copy on huge pages, or in place from the file's 2 MiB pages) and
 * the word cluster table (rebuilt for lookups, topics_features.c), is made
 * ready at the model's first use (tg_topic_model_ready, once for all
 * threads): a model that no document uses (the English one on a Persian
 * run) costs only its checks, no block zeroed, filled and rebuilt.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "datafile.h"
#include "error.h"
#include "topics_private.h"

#define TOPIC_CHECKSUM_SEED 0x9E3779B97F4A7C15ull

tg_topic_layout tg_topic_layout_of(const tg_topic_header *h)
{
    tg_topic_layout l;
    l.labels = sizeof(tg_topic_header);
    l.patterns = l.labels + tg_align8((size_t)h->nlabels * sizeof(tg_topic_label));
    l.strings = l.patterns + tg_align8((size_t)h->npatterns * sizeof(uint32_t));
    l.weights = l.strings + tg_align8(h->string_bytes);
    l.idf = l.weights + tg_align8(((size_t)1 << h->bucket_bits) * h->nlabels);
    l.clusters = l.idf + (h->flags & TOPIC_FLAG_IDF ? tg_align8((size_t)1 << h->bucket_bits) : 0);
    l.total = l.clusters + (h->flags & TOPIC_FLAG_CLUSTERS
                                ? ((size_t)1 << TOPIC_CLUSTER_BITS(h)) * sizeof(tg_topic_cslot)
                                : 0);
    return l;
}

void tg_topic_model_seal(unsigned char *image, size_t size)
{
    tg_datafile_seal(image, size, sizeof(tg_topic_header), offsetof(tg_topic_header, checksum),
                     TOPIC_CHECKSUM_SEED);
}

/* Checks the header of an image of `size` bytes (at least the first
 * fields); returns NULL or why it is not a usable model. */
static const char *check_header(const tg_topic_header *h, size_t size)
{
    if (memcmp(h->magic, TOPIC_MAGIC, 8) != 0)
        return "not a topic model (bad magic)";
    if (h->version == 3 || h->version == 4)
        return "topic model of an older format version (its checksum); rebuild it with "
               "tagger topics train";
    if (h->version != TOPIC_VERSION)
        return "unsupported topic model version";
    if (h->flags & ~TOPIC_FLAGS_ALL)
        return "corrupt header (unknown feature flags)";
    if (h->flags & TOPIC_FLAG_CLUSTERS
            ? TOPIC_CLUSTER_BITS(h) < TOPIC_MIN_CLUSTER_BITS ||
                  TOPIC_CLUSTER_BITS(h) > TOPIC_MAX_CLUSTER_BITS || TOPIC_CLUSTER_USE(h) == 0 ||
                  h->clusters >> 12 != 0
            : h->clusters != 0)
        return "corrupt header (word cluster table)";
    if (h->endian != TOPIC_ENDIAN)
        return "written on a machine of other byte order";
    if (h->nlabels < 1 || h->nlabels > TOPIC_MAX_LABELS || h->bucket_bits < TOPIC_MIN_BITS ||
        h->bucket_bits > TOPIC_MAX_BITS || h->npatterns > TOPIC_MAX_PATTERNS ||
        h->string_bytes > TOPIC_MAX_STRINGS)
        return "corrupt header (sizes out of range)";
    tg_topic_layout l = tg_topic_layout_of(h);
    if (h->file_size != size || l.total != size)
        return "size does not match its header (truncated or corrupt)";
    return NULL;
}

/* Checks the sections of an image whose header passed check_header and
 * whose checksum matched. */
static const char *check_sections(const unsigned char *base)
{
    const tg_topic_header *h = (const tg_topic_header *)base;
    tg_topic_layout l = tg_topic_layout_of(h);
    if (!(h->temperature > 0.0f && h->temperature < 1e6f) || memchr(h->lang, 0, 8) == NULL)
        return "corrupt header";
    const char *strings = (const char *)base + l.strings;
    if (h->string_bytes == 0 || strings[h->string_bytes - 1] != '\0')
        return "corrupt string table";
    const tg_topic_label *lab = (const tg_topic_label *)(base + l.labels);
    for (uint32_t i = 0; i < h->nlabels; i++)
        if (lab[i].label >= h->string_bytes || lab[i].iptc >= h->string_bytes ||
            !isfinite(lab[i].bias) || !isfinite(lab[i].scale))
            return "corrupt label table";
    const uint32_t *pat = (const uint32_t *)(base + l.patterns);
    for (uint32_t i = 0; i < h->npatterns; i++)
        if (pat[i] >= h->string_bytes)
            return "corrupt pattern table";
    return NULL;
}

/* Checks a whole image loaded from `path` (at least 12 bytes): TAGGER_OK
 * or TAGGER_ERR_LOAD with the reason. */
static tagger_status check_image(const unsigned char *base, size_t size, const char *path,
                                 const tg_datafile_id *id, const tg_load_options *lo,
                                 tagger_error *err)
{
    /* versions 1 and 2 had a 64-byte header without the fingerprint: the
     * magic and the version are enough to say what to do with them */
    uint32_t version;
    memcpy(&version, base + offsetof(tg_topic_header, version), sizeof version);
    if (memcmp(base, TOPIC_MAGIC, 8) == 0 && (version == 1 || version == 2))
        return tg_datafile_check_fingerprint(path, "topic model", 0, err);
    tg_topic_header h;
    const char *why = NULL;
    if (size < sizeof h) {
        why = "file too short for a header (truncated?)";
    } else {
        memcpy(&h, base, sizeof h);
        why = check_header(&h, size);
        if (!why && !tg_datafile_verify(base, size, sizeof(tg_topic_header),
                                        offsetof(tg_topic_header, checksum), TOPIC_CHECKSUM_SEED,
                                        1, id, lo))
            why = "checksum mismatch (corrupt file)";
        if (!why && tg_datafile_check_fingerprint(path, "topic model", h.fingerprint, err) !=
                        TAGGER_OK)
            return TAGGER_ERR_LOAD;
        if (!why)
            why = check_sections(base);
    }
    if (!why)
        return TAGGER_OK;
    return tg_error_set(err, TAGGER_ERR_LOAD, 0, "%s: %s", path, why);
}

/* Wraps a checked image (check_image), which the model then owns (on
 * failure the caller keeps the image). */
static tg_topic_model *attach(const unsigned char *base, size_t size, const tg_normalizer *nz,
                              const tg_tokenizer *tk, const char *path, tagger_error *err)
{
    tg_topic_model *m = calloc(1, sizeof *m);
    if (!m || pthread_mutex_init(&m->lock, NULL) != 0) {
        free(m);
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    m->base = base;
    m->size = size;
    m->h = (const tg_topic_header *)base;
    tg_topic_layout l = tg_topic_layout_of(m->h);
    m->labels = (const tg_topic_label *)(base + l.labels);
    m->strings = (const char *)base + l.strings;
    m->fs.mask = ((uint32_t)1 << m->h->bucket_bits) - 1;
    m->fs.flags = m->h->flags;
    if (m->h->flags & TOPIC_FLAG_CLUSTERS) {
        m->fs.cslot = (const tg_topic_cslot *)(base + l.clusters);
        m->fs.cmask = ((uint32_t)1 << TOPIC_CLUSTER_BITS(m->h)) - 1;
        m->fs.cuse = TOPIC_CLUSTER_USE(m->h);
    }
    m->idf = m->h->flags & TOPIC_FLAG_IDF ? base + l.idf : NULL;
    const uint32_t *pat = (const uint32_t *)(base + l.patterns);
    for (uint32_t i = 0; i < m->h->npatterns; i++) {
        tagger_status rc = tg_topic_pattern_add(&m->fs, nz, tk, m->strings + pat[i], err);
        if (rc != TAGGER_OK) {
            /* a pattern that is not valid UTF-8 makes the file corrupt */
            if (rc == TAGGER_ERR_INVALID_UTF8)
                tg_error_set(err, TAGGER_ERR_LOAD, 0, "%s: corrupt boilerplate pattern %u",
                             path, i);
            m->base = NULL; /* the caller releases the image */
            tg_topic_model_free(m);
            return NULL;
        }
    }
    return m;
}

/* Spreads the n rows of L bytes at the start of w (9 <= L < 16; n a
 * power of two, at least 2^TOPIC_MIN_BITS; room for TOPIC_ROW_WIDE bytes
 * a row) out to one every TOPIC_ROW_WIDE bytes, in place, from the last,
 * four rows a turn: 16 bytes read a row (the row and the first bytes of
 * the next, which are never read), all four before any is written.  A
 * turn writes at or past its first row's place, which is past the last
 * byte a later turn reads ((b - 1) * L + 16 <= b * 16 for L <= 16). */
static void spread_rows(unsigned char *w, size_t n, size_t L)
{
    const size_t S = TOPIC_ROW_WIDE;
    memset(w + n * L, 0, S); /* what the last row's read takes past it */
    for (size_t b = n; b >= 4; b -= 4) {
        unsigned char r[4][TOPIC_ROW_WIDE];
        for (size_t k = 0; k < 4; k++)
            memcpy(r[k], w + (b - 4 + k) * L, S);
        for (size_t k = 0; k < 4; k++)
            memcpy(w + (b - 4 + k) * S, r[k], S);
    }
}

/* The weight rows and the cluster table, read at random: a copy of the
 * rows on huge pages (tg_datafile_table_alloc), which spares most TLB
 * misses, and the table made from the file's slots.  A row of 9 to 16
 * labels takes 16 bytes, four to a cache line (tg_topic_row_stride): of
 * rows of 10 bytes, one in eight lay across two lines and the sums'
 * 16-byte read crossed into the next line for 7 in 32, a line the
 * counting's prefetch had not asked for (docs/topics.md, "Round 24"; read
 * in place at 10 bytes, sum_rows_avx2 1.5-1.9% -> 3.7-4.5% of a 20 MB
 * Persian run's samples, docs/performance.md, topicrows75).  When the
 * rows' file layout is the run-time one (at most 8 labels: the English
 * model) and the mapped file's page cache puts them on 2 MiB pages
 * (tg_datafile_on_huge), they are read in place: no copy, no fresh
 * memory.  Under m->lock. */
static tagger_status rows_ready(tg_topic_model *m)
{
    const size_t L = m->h->nlabels, n = (size_t)1 << m->h->bucket_bits;
    const size_t stride = tg_topic_row_stride(L);
    const size_t from = tg_topic_layout_of(m->h).weights;
    /* the sums read TOPIC_ROW_PAD bytes from a row's start: past the last
     * row of a file that ends with the rows (the English model), the rest
     * of the mapping's last page, which reads as zeros */
    const size_t page = (size_t)sysconf(_SC_PAGESIZE);
    if (stride == L && !m->few_documents &&
        tg_datafile_on_huge(m->base, from, n * L) &&
        from + (n - 1) * L + TOPIC_ROW_PAD <= (m->size + page - 1) / page * page) {
        if (m->fs.cslot && tg_topic_clusters_ready(&m->fs, NULL) != TAGGER_OK)
            return TAGGER_ERR_NOMEM;
        m->fs.row_bytes = L;
        m->weights = (const int8_t *)m->base + from;
        m->fs.rows = m->weights;
        return TAGGER_OK;
    }
    /* the rows' block: the sums' reads of the last row end within it, so
     * rows 16 bytes apart (the Persian model's 4 MiB) fill whole huge
     * pages; the cluster table apart (its 512 KB on 4 KiB pages, neutral,
     * mem72), except for a tagger of few documents (all on 4 KiB pages) */
    const int apart = !m->few_documents && m->fs.cslot;
    size_t wbytes = n * stride + (stride < TOPIC_ROW_PAD ? TOPIC_ROW_PAD - stride : 0);
    wbytes = (wbytes + 63) & ~(size_t)63;
    size_t cbytes = m->fs.cslot && !apart ? tg_topic_clusters_bytes(&m->fs) : 0;
    unsigned char *hot = tg_datafile_table_alloc(wbytes + cbytes, !m->few_documents);
    if (!hot)
        return TAGGER_ERR_NOMEM;
    if (apart && tg_topic_clusters_ready(&m->fs, NULL) != TAGGER_OK) {
        free(hot);
        return TAGGER_ERR_NOMEM;
    }
    tg_datafile_copy(m->base, from, n * L, hot);
    if (stride != L)
        spread_rows(hot, n, L);
    m->fs.row_bytes = stride;
    m->hot = hot;
    m->weights = (const int8_t *)hot;
    m->fs.rows = m->weights;
    if (m->fs.cslot && !apart)
        tg_topic_clusters_ready(&m->fs, (uint64_t *)(hot + wbytes)); /* cannot fail */
    return TAGGER_OK;
}

tagger_status tg_topic_model_ready(const tg_topic_model *m)
{
    if (atomic_load_explicit(&m->ready, memory_order_acquire))
        return TAGGER_OK;
    /* the model was calloc'd, not defined const: its rows may be set */
    tg_topic_model *mm = (tg_topic_model *)m;
    pthread_mutex_lock(&mm->lock);
    tagger_status rc = TAGGER_OK;
    if (!atomic_load_explicit(&m->ready, memory_order_relaxed) &&
        (rc = rows_ready(mm)) == TAGGER_OK)
        atomic_store_explicit(&mm->ready, 1, memory_order_release);
    pthread_mutex_unlock(&mm->lock);
    return rc;
}

tg_topic_model *tg_topic_model_open(const tg_normalizer *nz, const tg_tokenizer *tk,
                                    const char *path, const tg_load_options *lo,
                                    tagger_error *err)
{
    void *base;
    size_t size;
    /* the shortest file worth reading holds the version of an old header */
    tg_datafile_id id;
    if (tg_datafile_load(path, "topic model", offsetof(tg_topic_header, endian), lo, &base, &size,
                         &id, err) != TAGGER_OK)
        return NULL;
    tg_topic_model *m = NULL;
    if (check_image(base, size, path, &id, lo, err) == TAGGER_OK)
        m = attach(base, size, nz, tk, path, err);
    if (m)
        m->few_documents = lo && lo->few_documents;
    if (!m)
        tg_datafile_free(base);
    return m;
}

void tg_topic_model_free(tg_topic_model *m)
{
    if (!m)
        return;
    tg_topic_features_clear(&m->fs);
    pthread_mutex_destroy(&m->lock);
    free(m->hot);
    tg_datafile_free((void *)m->base);
    free(m);
}

const char *tg_topic_model_lang(const tg_topic_model *m)
{
    return m->h->lang;
}
