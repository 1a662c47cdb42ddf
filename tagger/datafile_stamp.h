/*
 * datafile_stamp — verification stamps: a record, in a per-user cache
 * directory, that a version of a data file had its full checksum verified,
 * so that loading the same version again need not hash it again (the
 * hashing was a third of a start's CPU time; docs/performance.md).
 *
 * A version of a file is its device, inode, size, modification and change
 * times (tg_datafile_id).  The change time (ctime) cannot be set by a user:
 * any write, truncation, rename over or chmod gives a file a new one, so an
 * edited or replaced file no longer matches its stamp and is verified in
 * full again.  A file that changed in the last TG_STAMP_SETTLE_SEC seconds
 * is neither stamped nor trusted to a stamp: a filesystem's timestamps
 * have a granularity (a clock tick, a second, two on FAT), and a change in
 * the same tick as the one stamped would leave them as they were.
 *
 * A stamp is one small file, named by the device, inode and format seed of
 * the data file, holding every field and the checksum value, with a check
 * of its own.  It is written to a temporary name and renamed over (a
 * reader sees an old stamp or a new one, never half of one), created 0600
 * in a directory that must be the user's own and not writable by others.
 * Any failure to read or write a stamp (no directory, no permission, a
 * full disk, a damaged stamp) only means a full verification: it is a
 * cache.  The trust model is in docs/hardening.md.
 *
 * Stamps are pruned, so that rebuilt data files do not leave theirs
 * behind forever: a stamp also records the data file's absolute path, and
 * whenever one is written (a full verification happened, which is rare)
 * the directory's stamps that can never match again are removed: those
 * whose path names no file, another file (the data file was rebuilt) or
 * another version of it, and those not used for TG_STAMP_MAX_AGE_DAYS (a
 * stamp that matches is touched, at most once in TG_STAMP_REFRESH_SEC, to
 * keep it young).  Only valid stamps are removed, never any other file.
 */
#ifndef TAGGER_DATAFILE_STAMP_H
#define TAGGER_DATAFILE_STAMP_H

#include <stdint.h>
#include <sys/stat.h>

#include "datafile.h"

#define TG_STAMP_SETTLE_SEC 5
#define TG_STAMP_MAX_AGE_DAYS 30
#define TG_STAMP_REFRESH_SEC 86400

/* Fills *id from fstat's `st` of the opened file; id->known is 0 when the
 * file changed in the last TG_STAMP_SETTLE_SEC seconds (or in the future
 * of this clock), or has no timestamps. */
void tg_stamp_id(const struct stat *st, tg_datafile_id *id);

/* Whether two ids are of the same version of a file (both known). */
int tg_stamp_same(const tg_datafile_id *a, const tg_datafile_id *b);

/* Whether the directory `dir` holds a stamp that says the version `id` of
 * a file of the format `seed` was verified with the checksum `sum`; a
 * stamp that does and was last touched more than TG_STAMP_REFRESH_SEC ago
 * is touched. */
int tg_stamp_matches(const char *dir, const tg_datafile_id *id, uint64_t seed, uint64_t sum);

/* Records that stamp in `dir` (created, mode 0700, with its missing
 * parents, when it does not exist), with id->path made absolute, then
 * prunes the stale stamps of `dir` (above); quietly nothing when it
 * cannot. */
void tg_stamp_record(const char *dir, const tg_datafile_id *id, uint64_t seed, uint64_t sum);

#endif /* TAGGER_DATAFILE_STAMP_H */
