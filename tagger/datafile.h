/*
 * datafile — what the binary data files (the compiled gazetteer, the topic
 * and entity models) share:
 *
 *   - a checksum of a whole image: a 64-bit multiply-xor hash over 8-byte
 *     words (then single bytes), seeded per format and by the size, with the
 *     header's own checksum field counted as zero;
 *   - read-only mapping of a regular file, with the errors a user sees;
 *   - atomic writing: the image goes to PATH.tmpXX, which is then renamed
 *     over PATH, so a reader never sees half a file.
 */
#ifndef TAGGER_DATAFILE_H
#define TAGGER_DATAFILE_H

#include <stddef.h>
#include <stdint.h>

#include "tagger.h"

/* The checksum of image[0..size), whose header is the first header_size
 * bytes (at most 256) with the 8-byte checksum field at sum_offset. */
uint64_t tg_datafile_checksum(const unsigned char *image, size_t size, size_t header_size,
                              size_t sum_offset, uint64_t seed);

/* Writes that checksum into the image's field at sum_offset (an image
 * shorter than its header is left as it is). */
void tg_datafile_seal(unsigned char *image, size_t size, size_t header_size, size_t sum_offset,
                      uint64_t seed);

/* Maps the regular file at `path` read-only; `what` names the kind of
 * file in errors ("cannot open topic model 'x': ...").  A file shorter than
 * min_size is refused as truncated.  Release with tg_datafile_unmap. */
tagger_status tg_datafile_map(const char *path, const char *what, size_t min_size,
                              const unsigned char **base, size_t *size, tagger_error *err);
void tg_datafile_unmap(const unsigned char *base, size_t size);

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
