/*
 * jsonl_scan.h — the JSON of a JSONL input line, read without a tree (for
 * record.c: `tagger --jsonl` and tagger_jsonl_records).
 *
 * A JSONL input line is scanned once, left to right, by a strict RFC 8259
 * recognizer (recursive descent, nesting limited to BJ_MAX_DEPTH).  It checks
 * the syntax, checks that every string is UTF-8 (overlongs, surrogates and
 * code points past U+10FFFF rejected) with no raw control characters, and
 * records for each top-level member of the object the byte spans of its key
 * and value tokens.  Nothing is copied or converted while scanning:
 *
 *   - passthrough members are later copied verbatim from those spans, so
 *     numbers keep their digits (no double rounding of 64-bit ids), strings
 *     their escapes, and the output is byte-for-byte the input's;
 *   - only the text member is decoded (bj_decode_string), into bytes where
 *     \u0000 becomes a real NUL byte — cJSON would end the string there and
 *     silently drop the rest of the article.  A string without escapes is
 *     not copied at all.
 *
 * Errors carry a code, a static message and the byte offset in the line, so
 * the caller can turn them into error records.  The scanner keeps no state
 * between calls and allocates only the member array, so any number of
 * threads may use it at once.
 *
 * Decoded strings go to a tg_render_buf (render.h); the UTF-8 check is
 * the normalizer's (tg_utf8_valid).  Where SSE2 is, a string's runs of
 * printable ASCII and two-byte characters (Arabic script) are checked 16
 * bytes at a time; anything else, byte by byte.
 */
#ifndef TAGGER_JSONL_SCAN_H
#define TAGGER_JSONL_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "render.h"

#define BJ_MAX_DEPTH 512

typedef struct bj_span {
    size_t start, end; /* byte offsets, end exclusive */
} bj_span;

typedef struct bj_member {
    bj_span key;   /* the key token, quotes included */
    bj_span value; /* the value token (object, array, string, number, literal) */
} bj_member;

typedef enum {
    BJ_OK = 0,
    BJ_ERR_SYNTAX, /* not one well-formed JSON object */
    BJ_ERR_UTF8,   /* a string holds bytes that are not UTF-8 */
    BJ_ERR_NOMEM
} bj_status;

typedef struct bj_error {
    bj_status code;
    size_t offset;       /* byte offset in the scanned text */
    const char *message; /* static, e.g. "expected ',' or '}' after a member" */
} bj_error;

/* Scans s[from..len) as exactly one JSON object, with optional white space
 * around it.  The top-level members are stored in *members (grown with
 * realloc; *cap is its capacity, both may start 0/NULL) and counted in *n.
 * On an error the members completed before it are still there, so the caller
 * can still find an "id".  Returns BJ_OK or the error code (err filled). */
bj_status bj_scan_object(const char *s, size_t len, size_t from, bj_member **members,
                         size_t *n, size_t *cap, bj_error *err);

/* Non-zero when the key token s[key] (validated by bj_scan_object) decodes
 * to exactly name[0..name_len). */
int bj_key_equals(const char *s, bj_span key, const char *name, size_t name_len);

/* Decodes the string token s[tok] (quotes included, validated by
 * bj_scan_object) to UTF-8.  Without escapes *out points into s; otherwise
 * the bytes are decoded into `scratch` (reset first) and *out points there.
 * \u0000 gives a NUL byte; surrogate pairs give one 4-byte character.
 * Returns BJ_OK, BJ_ERR_UTF8 for a \u escape of a lone surrogate (which UTF-8
 * cannot represent; *bad receives its offset in s), or BJ_ERR_NOMEM. */
bj_status bj_decode_string(const char *s, bj_span tok, tg_render_buf *scratch, const char **out,
                           size_t *outlen, size_t *bad);

#endif /* TAGGER_JSONL_SCAN_H */
