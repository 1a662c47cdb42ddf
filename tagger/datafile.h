/*
 * datafile — what the binary data files (the compiled gazetteer, the topic
 * and entity models) share:
 *
 *   - a checksum of a whole image: four 64-bit multiply-xor chains over
 *     the 8-byte words (word i into chain i % 4; a last partial word
 *     zero-padded), seeded per format and by the size, then folded into
 *     one, with the header's own checksum field counted as zero (this hash
 *     since 2026-12-04: gazetteer format 6, entity models 4, topic models 5,
 *     compiled rules 2; files of the versions before, sealed with a single
 *     chain, are refused as of an older format version);
 *   - verifying that checksum at load (tg_datafile_verify), or not again
 *     for a version of a file already verified: verification stamps,
 *     datafile_stamp.h, when the load options name a cache directory;
 *   - opening a data file (binary or text) safely: only a regular file is
 *     read, and the type is checked before anything could block (a FIFO
 *     without a writer would hang an ordinary open for ever);
 *   - loading a binary file: read whole into memory, with the errors a user
 *     sees.  Not mapped by default: a page of a mapping is read from the
 *     file when first touched, so a file truncated in place under a running
 *     tagger would kill it with SIGBUS (docs/hardening.md has the cost).
 *     With load options that say `map` (tagger_new passes its loaders
 *     the config's tagger_config_set_map_data, which the CLI sets by
 *     default) a file of 64 KiB or more is mapped (private, copy-on-write)
 *     instead:
 *     no page allocated and copied, only the pages touched read (a start
 *     costs ~20 ms less CPU; docs/performance.md), at the cost of that
 *     SIGBUS (the CLI then ends with a message and exit 3);
 *   - the end of a getline loop over a text file: the end of the file, or
 *     an error naming the file and the line (getline fails with ENOMEM on
 *     a line too long for memory without setting the stream's error flag,
 *     so such a line once looked like the end of the file);
 *   - atomic writing: the image goes to PATH.tmpXX, which is then renamed
 *     over PATH, so a reader never sees half a file;
 *   - memory for a table read at random (a model's weight rows), on huge
 *     pages from 1 MiB on unless the tagger tags few documents
 *     (tg_datafile_table_alloc).
 */
#ifndef TAGGER_DATAFILE_H
#define TAGGER_DATAFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tagger.h"

/* The checksum of image[0..size), whose header is the first header_size
 * bytes (at most 256, a multiple of 8) with the 8-byte checksum field at sum_offset.  The
 * body of an image mapped by tg_datafile_load (1 MiB or more) is read from
 * its file in 64 KiB pieces instead of through the mapping: on this
 * machine faulting 16 MB of mapped pages in cost 8-10 ms of CPU, reading
 * them 3.5 ms (docs/performance.md, 2026-12-04), and the pages a run never
 * uses are then never mapped in.  Same value either way. */
uint64_t tg_datafile_checksum(const unsigned char *image, size_t size, size_t header_size,
                              size_t sum_offset, uint64_t seed);

/* Copies bytes [from, from + n) of an image from tg_datafile_load to dst
 * (a section that a loader keeps a copy of on huge pages, made when first
 * used: the entity and topic models' weight rows).  For a mapped image
 * they are read from its file, so the section costs no page faults of the
 * mapping; otherwise (or when that read fails) they are copied from the
 * image. */
void tg_datafile_copy(const unsigned char *image, size_t from, size_t n, void *dst);

/* Whether the regular file at `path` starts with the n bytes at `magic`
 * (n at most 64): a file of 2 MiB or more is looked at through a mapping
 * of its first 2 MiB that asks for huge pages, so that a file not in the
 * page cache comes into it in a 2 MiB folio, not in the small ones a read
 * makes (tg_datafile_on_huge).  0 when it cannot be opened or is shorter. */
int tg_datafile_starts_with(const char *path, const void *magic, size_t n);

/* Whether most of bytes [from, from + n) of an image from tg_datafile_load
 * lie on 2 MiB pages of its mapping: the whole 2 MiB blocks they touch
 * (an image mapped at a 2 MiB boundary: files of 2 MiB or more) are
 * touched once and asked of the kernel (the PAGEMAP_SCAN ioctl, Linux
 * 6.7), and they must all be mapped by 2 MiB entries and hold at least half
 * the bytes.  Then a table read at random is as well read in place as
 * from a copy on huge pages.  That happens when the page cache holds the
 * file in 2 MiB folios: a file written by one large write, or read into
 * the cache through such a mapping.  0 for an image read whole, one in
 * 4 KiB folios (a file copied by cp, or read by read()), or on a kernel
 * that cannot tell. */
int tg_datafile_on_huge(const unsigned char *image, size_t from, size_t n);

/* Writes that checksum into the image's field at sum_offset (an image
 * shorter than its header is left as it is). */
void tg_datafile_seal(unsigned char *image, size_t size, size_t header_size, size_t sum_offset,
                      uint64_t seed);

/* Opens the file at `path` for reading if it is a regular file: opened
 * with O_NONBLOCK, checked with fstat, then made blocking again.  Returns
 * the descriptor and the file's size, or -1 with *why set (strerror of the
 * failure, or "not a regular file"). */
int tg_datafile_open(const char *path, size_t *size, const char **why);

/* tg_datafile_open as a stdio stream, for the text sources. */
FILE *tg_datafile_fopen(const char *path, size_t *size, const char **why);

/* The error of a failed open, in err: "cannot open WHAT 'P': WHY"
 * (TAGGER_ERR_IO; "cannot open 'P': WHY" when `what` is NULL), or
 * "P: not a regular file" (TAGGER_ERR_LOAD). */
tagger_status tg_datafile_open_error(const char *path, const char *what, const char *why,
                                     tagger_error *err);

/* Call when a getline loop over the text file `path` stops, with errno as
 * getline left it; `lineno` is the line getline failed to read.  Returns
 * TAGGER_OK at the end of the file, else "P:LINE: cannot read the line:
 * ..." (TAGGER_ERR_IO). */
tagger_status tg_datafile_lines_end(FILE *f, const char *path, size_t lineno,
                                    tagger_error *err);

/* How a tagger loads its data files: tagger_new makes one from its config
 * and hands it to every loader (gazetteer, topic and entity models).  NULL
 * everywhere means the defaults (all 0). */
typedef struct tg_load_options {
    int map; /* map a file of 64 KiB or more instead of reading it (above) */
    /* the directory of verification stamps (datafile_stamp.h), from
     * tagger_config_set_verify_cache; NULL: every checksum verified in full */
    const char *verify_cache;
    /* tagger_config_set_few_documents: the tables read at random stay on
     * 4 KiB pages (tg_datafile_table_alloc's `on_huge` 0; the entity rows
     * in the image) */
    int few_documents;
} tg_load_options;

/* Which version of a file an image was loaded from, as fstat told it when
 * the file was opened: what a verification stamp records
 * (datafile_stamp.h).  `known` 0 when it cannot identify the content: the
 * file changed while it was read, or it changed too recently for its
 * timestamps to tell a later change (datafile_stamp.c). */
typedef struct tg_datafile_id {
    uint64_t dev, ino, size;
    int64_t mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
    int known;
    /* the path it was opened by (the caller's string, kept while the load
     * lasts), which a stamp records so that a stale one can be pruned;
     * NULL: none */
    const char *path;
} tg_datafile_id;

/* Reads the regular file at `path` whole into memory from malloc (aligned
 * for any section), or maps it when `lo` says so (above); `what` names the
 * kind of file in errors ("cannot open topic model 'x': ...").  A file
 * shorter than min_size is refused as truncated.  *id (when id is not
 * NULL) tells which version of the file it was.  Release *data with
 * tg_datafile_free. */
tagger_status tg_datafile_load(const char *path, const char *what, size_t min_size,
                               const tg_load_options *lo, void **data, size_t *size,
                               tg_datafile_id *id, tagger_error *err);

/* Whether the checksum of an image from tg_datafile_load
 * (tg_datafile_checksum's) is the one in its field at sum_offset.  `cold`:
 * the caller reads the body afterwards only through tg_datafile_copy (and
 * a few small sections), so a mapped image's pages are made present in
 * one call (MADV_POPULATE_READ), hashed where they are and released,
 * which costs less CPU than reading the file in pieces (a copy of every
 * byte) and keeps none of them resident.  With a verify cache in `lo` and a known
 * `id`: when a stamp there says that this version of the file was verified
 * with that checksum, 1 without hashing the body; else the image is
 * hashed, and when it passes, a stamp is recorded (datafile_stamp.h).
 * The loaders' checks of the header and of every section bound are done
 * either way. */
int tg_datafile_verify(const unsigned char *image, size_t size, size_t header_size,
                       size_t sum_offset, uint64_t seed, int cold, const tg_datafile_id *id,
                       const tg_load_options *lo);

/* Releases an image from tg_datafile_load (mapped or read) or any other
 * malloc block (a gazetteer compiled in memory); NULL does nothing. */
void tg_datafile_free(void *data);

/* Checks the normalization fingerprint a data file recorded (`stored`)
 * against this tagger's (tg_normalize_fingerprint): TAGGER_OK when they are
 * the same, else TAGGER_ERR_LOAD with "P: WHAT built with other
 * normalization tables (fingerprint X, this tagger has Y): rebuild it"
 * (`stored` 0: "built before fingerprints were recorded"). */
tagger_status tg_datafile_check_fingerprint(const char *path, const char *what, uint32_t stored,
                                            tagger_error *err);

/* Memory for a table of n bytes that is read at random (a model's weight
 * rows): 64-byte aligned, and, when `on_huge` and from 1 MiB on, 2 MiB
 * aligned and rounded up to 2 MiB with the kernel asked to back it with
 * 2 MiB pages (madvise MADV_HUGEPAGE, transparent huge pages; only a hint),
 * so that its reads miss the TLB far less often than on 4 KiB pages
 * (`on_huge` 0: a tagger of few documents, tg_load_options).  NULL when
 * out of memory; release with free. */
void *tg_datafile_table_alloc(size_t n, int on_huge);

/* Writes image[0..size) to `path` atomically (see above). */
tagger_status tg_datafile_write(const char *path, const void *image, size_t size,
                                tagger_error *err);

/* n rounded up to a multiple of 8: the sections of every data file start
 * 8-byte aligned. */
static inline size_t tg_align8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

#endif /* TAGGER_DATAFILE_H */
