/*
 * options — the public options structs whose first member is `size_t size`
 * (tagger.h, "Options structs"): an init function copies the defaults up to
 * the caller's size; a function taking options starts from the defaults and
 * takes the caller's first `size` bytes, the fields its header knew.  A field
 * added later must therefore start at or after the end of the struct as it
 * was, trailing padding included.
 */
#ifndef TAGGER_OPTIONS_H
#define TAGGER_OPTIONS_H

#include <stddef.h>
#include <string.h>

#include "error.h"

/* Whether a caller's size is one this library can read: at least the size
 * member itself, at most the struct this library was built with. */
static inline int tg_opt_size_ok(size_t size, size_t ours)
{
    return size >= sizeof(size_t) && size <= ours;
}

/* The init function of every options struct: copies the first `size`
 * bytes of `defaults` (a whole struct of `ours` bytes) into the caller's
 * `opt` and sets its size (the first member); nothing when `size` is not
 * one this library can read. */
static inline void tg_opt_init(void *opt, const void *defaults, size_t size, size_t ours)
{
    if (opt && tg_opt_size_ok(size, ours)) {
        memcpy(opt, defaults, size);
        memcpy(opt, &size, sizeof size);
    }
}

/* What every function taking an options struct does first: `dst` (a whole
 * struct of `ours` bytes holding the defaults) takes the fields the
 * caller's `src` has, its first src->size bytes, and its own size becomes
 * `ours`; src NULL leaves the defaults.  TAGGER_ERR_USAGE "WHO: options of
 * size N, not set by INIT" when src->size is not one this library reads. */
static inline tagger_status tg_opt_read(void *dst, const void *src, size_t ours, const char *who,
                                        const char *init, tagger_error *err)
{
    size_t size;
    if (!src)
        return TAGGER_OK;
    memcpy(&size, src, sizeof size);
    if (!tg_opt_size_ok(size, ours))
        return tg_error_set(err, TAGGER_ERR_USAGE, 0,
                            "%s: options of size %zu, not set by %s (or from a newer header)",
                            who, size, init);
    memcpy(dst, src, size);
    memcpy(dst, &ours, sizeof ours);
    return TAGGER_OK;
}

#endif /* TAGGER_OPTIONS_H */
