/*
 * output — JSON rendering of processed documents.
 *
 * Documents are built as cJSON trees in a fixed key order and printed by
 * cJSON.  Strings taken from the input are escaped here (not by cJSON, which
 * stops at the first NUL) and inserted as raw JSON, so NUL bytes and control
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

#include <cjson/cJSON.h>

/* A cJSON raw item holding s[0..len) as an escaped JSON string, or NULL on
 * allocation failure.  s need not be NUL-terminated and may contain NULs. */
cJSON *tg_json_string(const char *s, size_t len);

/* The escaped JSON form of s[0..len), quotes included, as a malloc'd
 * NUL-terminated string (length in *outlen), or NULL on allocation failure. */
char *tg_json_escape(const char *s, size_t len, size_t *outlen);

#endif /* TG_OUTPUT_H */
