/* error — filling a tagger_error, and the names of the status codes.  The
 * ground floor: every module may report through it, it uses none of them. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

tagger_status tg_error_set(tagger_error *err, tagger_status code, size_t offset,
                           const char *fmt, ...)
{
    if (err) {
        err->code = code;
        err->offset = offset;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof err->message, fmt, ap);
        va_end(ap);
    }
    return code;
}

const char *tagger_status_name(tagger_status code)
{
    switch (code) {
    case TAGGER_OK: return "ok";
    case TAGGER_ERR_NOMEM: return "out_of_memory";
    case TAGGER_ERR_INVALID_UTF8: return "invalid_utf8";
    case TAGGER_ERR_TOO_LARGE: return "too_large";
    case TAGGER_ERR_IO: return "io_error";
    case TAGGER_ERR_LOAD: return "load_error";
    case TAGGER_ERR_USAGE: return "usage";
    case TAGGER_ERR_INTERNAL: return "internal_error";
    }
    return "unknown";
}
