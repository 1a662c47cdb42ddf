/*
 * output — JSON rendering of processed documents.
 *
 * Documents are written as JSON text in a fixed key order.  Strings taken
 * from the input are escaped here byte by byte, so NUL bytes and control
 * characters come out as \u0000-style escapes and are never truncated.
 * Offsets are converted from bytes to the requested unit with the document's
 * offset index (tagger_doc_offset).
 *
 * The public entry points (tagger_doc_to_json and friends) are declared in
 * tagger.h; this header adds what other modules and the CLI's library code
 * reuse.
 */
#ifndef TG_OUTPUT_H
#define TG_OUTPUT_H

#include <stddef.h>

/* The escaped JSON form of s[0..len), quotes included, as a malloc'd
 * NUL-terminated string (length in *outlen), or NULL on allocation failure. */
char *tg_json_escape(const char *s, size_t len, size_t *outlen);

#endif /* TG_OUTPUT_H */
