/*
 * error — how every module reports a failure: a tagger_error (tagger.h)
 * filled with a status code, a byte offset and a message.  The ground
 * floor of the library: it includes only the public header.
 */
#ifndef TAGGER_ERROR_H
#define TAGGER_ERROR_H

#include <stddef.h>

#include "tagger.h"

/* Fills `err` (if not NULL) with `code`, `offset` and a printf-style
 * message, and returns `code`. */
tagger_status tg_error_set(tagger_error *err, tagger_status code, size_t offset,
                           const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

#endif /* TAGGER_ERROR_H */
