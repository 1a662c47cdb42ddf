/* Unit tests of the renderers and offset conversion: JSON escaping (NUL,
 * control characters, bytes that are not UTF-8), key order, offsets in
 * three units, the render driver (pieces, members, options, a writer that
 * stops), errors and handles. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <inttypes.h>

#include "check.h"
#include "render.h"
#include "tagger.h"

static tagger *tg;

/* tagger_json_string into a NUL-terminated static buffer */
static const char *escape(const char *s, size_t len)
{
    static char out[256];
    size_t n = tagger_json_string(s, len, out);
    CHECK(n <= TAGGER_JSON_STRING_MAX(len));
    out[n] = '\0';
    return out;
}

static void test_escape(void)
{
    CHECK_STR(escape("a\0b\x01\"\\\n\x7f", 8), "\"a\\u0000b\\u0001\\\"\\\\\\n\\u007f\"");
    CHECK_STR(escape("سلام", strlen("سلام")), "\"سلام\"");
    CHECK_STR(escape("", 0), "\"\"");
    CHECK_STR(escape(NULL, 0), "\"\"");
    /* a stray continuation byte, a truncated sequence, an overlong, a
     * surrogate: each bad byte is one U+FFFD */
    CHECK_STR(escape("\xd9\x85\x80\xd9", 4), "\"\xd9\x85\\ufffd\\ufffd\"");
    CHECK_STR(escape("\xc0\x80x\xed\xa0\x80", 6),
              "\"\\ufffd\\ufffdx\\ufffd\\ufffd\\ufffd\"");
    CHECK_STR(escape("\xff\xff\xff\xff", 4), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
    /* after the plain ASCII and 2-byte characters: a 3-byte one (ZWNJ), a
     * quote, a newline, a truncated 2-byte sequence at the end */
    CHECK_STR(escape("a\xd8\xa8\xe2\x80\x8c\"b\n\xd8", 10),
              "\"a\xd8\xa8\xe2\x80\x8c\\\"b\\n\\ufffd\"");
}

/* The length of the well-formed UTF-8 character at p[0..n) (Unicode's
 * table 3-7), or 0. */
static size_t ref_char(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    size_t k = c < 0x80 ? 1 : c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
    if (k == 0 || k > n)
        return k == 1 ? 1 : 0;
    unsigned lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80,
             hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    if (k > 1 && (p[1] < lo || p[1] > hi))
        return 0;
    for (size_t j = 2; j < k; j++)
        if ((p[j] & 0xC0) != 0x80)
            return 0;
    return k;
}

/* tagger_json_string character by character: each byte that begins no
 * well-formed character is one U+FFFD */
static size_t ref_escape(const unsigned char *s, size_t len, char *out)
{
    size_t n = 0;
    out[n++] = '"';
    for (size_t i = 0; i < len;) {
        size_t k = ref_char(s + i, len - i);
        unsigned c = s[i];
        if (k == 0)
            n += (size_t)sprintf(out + n, "\\ufffd");
        else if (k > 1 || (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F))
            memcpy(out + n, s + i, k), n += k;
        else if (c == '"' || c == '\\')
            n += (size_t)sprintf(out + n, "\\%c", c);
        else if (c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f')
            n += (size_t)sprintf(out + n, "\\%c",
                                 c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't'
                                                 : c == '\b' ? 'b' : 'f');
        else
            n += (size_t)sprintf(out + n, "\\u%04x", c);
        i += k ? k : 1;
    }
    out[n++] = '"';
    return n;
}

/* Random strings of up to ~60 bytes, mostly ASCII and Arabic letters (the
 * escaper's 16-byte blocks, its overlapping load of a string's last 16
 * bytes, its two loads of a string of 4 to 15), with every other kind of
 * byte at every place, each in a block of its exact size (ASan: no read
 * past it) against the character-by-character escaper. */
static void test_escape_random(void)
{
    static const char *const usual[] = {"a", "Z", " ", "~", "\xd8\xa8", "\xd9\x85", "\xc2\x80",
                                        "\xdf\xbf", "\xc3\xa9"};
    static const char *const other[] = {"\"", "\\", "\n", "\x01", "\x7f", "\x1f",
                                        "\xe2\x80\x8c", "\xf0\x9f\x98\x80", "\x80", "\xc0",
                                        "\xc1\xbf", "\xd8", "\xff", "\xe2\x82", "\xed\xa0\x80",
                                        "\xf4\x90\x80\x80", "\xe0\x9f\xbf"};
    unsigned seed = 47;
    int bad = 0;
    for (int t = 0; t < 200000; t++) {
        char in[128], got[TAGGER_JSON_STRING_MAX(128)], want[TAGGER_JSON_STRING_MAX(128)];
        size_t len = 0, pieces = (seed = seed * 1103515245u + 12345u) >> 16 & 31;
        for (size_t k = 0; k < pieces; k++) {
            unsigned x = (seed = seed * 1103515245u + 12345u) >> 16;
            const char *p = x % 16 ? usual[x / 16 % 9] : other[x / 16 % 17];
            size_t pl = strlen(p);
            memcpy(in + len, p, pl);
            len += pl;
        }
        if (((seed = seed * 1103515245u + 12345u) >> 16) % 7 == 0 && len) /* a NUL somewhere */
            in[((seed = seed * 1103515245u + 12345u) >> 16) % len] = '\0';
        char *s = malloc(len ? len : 1);
        if (!s) {
            CHECK(s != NULL);
            return;
        }
        memcpy(s, in, len);
        size_t n = tagger_json_string(s, len, got), m = ref_escape((unsigned char *)s, len, want);
        if (n != m || memcmp(got, want, n) != 0)
            bad++;
        free(s);
    }
    CHECK_INT(bad, 0);
}

/* tg_decimal_at (every offset and count of the output) against printf at
 * each power of ten and of two, one either side, and 0..99,999. */
static void test_decimal(void)
{
    int bad = 0;
    static uint64_t v[6 * 64 + 100000];
    uint64_t p = 1;
    size_t n = 0;
    for (int k = 0; k < 64; k++) {
        v[n++] = (uint64_t)1 << k, v[n++] = ((uint64_t)1 << k) - 1, v[n++] = ((uint64_t)1 << k) + 1;
        if (k < 20)
            v[n++] = p - 1, v[n++] = p, v[n++] = p + 1, p *= 10;
    }
    v[n++] = UINT64_MAX;
    for (uint64_t x = 0; x < 100000 - 100; x++)
        v[n++] = x;
    for (size_t i = 0; i < n; i++) {
        char want[32], got[TG_DECIMAL_MAX];
        int w = snprintf(want, sizeof want, "%" PRIu64, v[i]);
        size_t g = tg_decimal_at(got, v[i]);
        bad += g != (size_t)w || memcmp(got, want, g) != 0;
    }
    CHECK_INT(bad, 0);
}

static void test_offsets(void)
{
    /* a, 😀 (4 bytes, 2 UTF-16 units), ب (2 bytes), c */
    const char *s = "a😀بc";
    tagger_doc *doc = tagger_process(tg, s, strlen(s), TAGGER_STAGE_TOKENIZE, NULL);
    CHECK(doc != NULL);
    size_t at_c = strlen(s) - 1; /* byte 7 */
    CHECK_INT(tagger_doc_offset(doc, at_c, TAGGER_OFFSETS_UTF8), 7);
    CHECK_INT(tagger_doc_offset(doc, at_c, TAGGER_OFFSETS_CODEPOINT), 3);
    CHECK_INT(tagger_doc_offset(doc, at_c, TAGGER_OFFSETS_UTF16), 4);
    CHECK_INT(tagger_doc_offset(doc, 0, TAGGER_OFFSETS_UTF16), 0);
    tagger_doc_free(doc);

    /* long text: the block index must agree with a plain count */
    size_t len = 0;
    char *big = malloc(10000 * 4 + 1);
    for (int i = 0; i < 10000; i++) {
        const char *p = i % 7 == 0 ? "€" : i % 3 == 0 ? "x" : i % 3 == 1 ? "ب" : "😀";
        memcpy(big + len, p, strlen(p));
        len += strlen(p);
    }
    doc = tagger_process(tg, big, len, TAGGER_STAGE_NORMALIZE, NULL);
    size_t cps = 0, u16 = 0, bad = 0;
    for (size_t i = 0; i <= len; i++) {
        int boundary = i == len || ((unsigned char)big[i] & 0xC0) != 0x80;
        if (boundary) {
            bad += tagger_doc_offset(doc, i, TAGGER_OFFSETS_CODEPOINT) != cps;
            bad += tagger_doc_offset(doc, i, TAGGER_OFFSETS_UTF16) != u16;
        }
        if (i < len && boundary) {
            cps++;
            u16 += ((unsigned char)big[i] >= 0xF0) ? 2 : 1;
        }
    }
    CHECK_INT(bad, 0);
    tagger_doc_free(doc);
    free(big);
}

static void test_document_json(void)
{
    tagger_doc *doc = tagger_process(tg, "", 0, TAGGER_STAGE_ALL, NULL);
    char *json = tagger_doc_to_json(doc, NULL, NULL);
    CHECK_STR(json, "{\"lang\":\"und\",\"topics\":[],\"entities\":[]}");
    free(json);
    tagger_json_options opt;
    tagger_json_options_init(&opt);
    opt.id = "doc\x01" "7";
    opt.lang = "en";
    json = tagger_doc_to_json(doc, &opt, NULL);
    CHECK_STR(json, "{\"id\":\"doc\\u00017\",\"lang\":\"en\",\"topics\":[],\"entities\":[]}");
    free(json);
    tagger_doc_free(doc);

    const char *s = "Hello world";
    doc = tagger_process(tg, s, strlen(s), TAGGER_STAGE_ALL, NULL);
    CHECK_STR(tagger_doc_lang(doc), "en");
    tagger_doc_free(doc);
}

static void test_tokens_json(void)
{
    const char s[] = "ب\0\"c\"";
    tagger_doc *doc = tagger_process(tg, s, sizeof s - 1, TAGGER_STAGE_TOKENIZE, NULL);
    char *json = tagger_doc_tokens_to_json(doc, NULL, NULL);
    CHECK_STR(json,
              "{\"tokens\":["
              "{\"start\":0,\"end\":1,\"text\":\"ب\",\"norm\":\"ب\",\"kind\":\"word\",\"sentence\":0},"
              "{\"start\":2,\"end\":3,\"text\":\"\\\"\",\"norm\":\"\\\"\",\"kind\":\"punct\",\"sentence\":0},"
              "{\"start\":3,\"end\":4,\"text\":\"c\",\"norm\":\"c\",\"kind\":\"word\",\"sentence\":0},"
              "{\"start\":4,\"end\":5,\"text\":\"\\\"\",\"norm\":\"\\\"\",\"kind\":\"punct\",\"sentence\":0}]}");
    free(json);
    tagger_doc_free(doc);
}

/* A writer that collects what it is given, or stops after `stop` calls. */
typedef struct {
    char *p;
    size_t n, calls, stop;
} sink;

static int sink_write(void *ctx, const char *s, size_t len)
{
    sink *k = ctx;
    if (k->stop && k->calls == k->stop)
        return 5;
    k->calls++;
    char *p = realloc(k->p, k->n + len + 1);
    if (!p)
        return 1;
    memcpy(p + k->n, s, len);
    k->p = p;
    k->n += len;
    p[k->n] = '\0';
    return 0;
}

/* Rendering in pieces gives the string of the *_to_json shorthands. */
static void test_render_pieces(void)
{
    size_t len = 0;
    char *text = malloc(30000 * 8);
    for (int i = 0; i < 30000; i++)
        len += (size_t)sprintf(text + len, i % 2 ? "سلام\n" : "x\"y ");
    tagger_doc *doc = tagger_process(tg, text, len, TAGGER_STAGE_TOKENIZE, NULL);
    CHECK(doc != NULL);
    for (int pretty = 0; pretty < 2; pretty++)
        for (int view = TAGGER_VIEW_DOCUMENT; view <= TAGGER_VIEW_NORMALIZED; view++) {
            tagger_json_options jo;
            tagger_json_options_init(&jo);
            jo.pretty = pretty;
            jo.offsets = TAGGER_OFFSETS_UTF16;
            char *whole = view == TAGGER_VIEW_DOCUMENT ? tagger_doc_to_json(doc, &jo, NULL)
                          : view == TAGGER_VIEW_TOKENS ? tagger_doc_tokens_to_json(doc, &jo, NULL)
                                                       : tagger_doc_normalized_to_json(doc, &jo, NULL);
            tagger_render_options ro;
            tagger_render_options_init(&ro);
            ro.view = (tagger_view)view;
            ro.pretty = pretty;
            ro.offsets = TAGGER_OFFSETS_UTF16;
            sink k = {0};
            CHECK_INT(tagger_doc_render(doc, &ro, sink_write, &k, NULL), TAGGER_OK);
            CHECK_STR(k.p, whole);
            CHECK(view == TAGGER_VIEW_DOCUMENT || k.calls > 3);
            free(k.p);
            free(whole);
        }
    tagger_doc_free(doc);
    free(text);
}

static void test_render_options(void)
{
    tagger_doc *doc = tagger_process(tg, "", 0, TAGGER_STAGE_ALL, NULL);
    tagger_render_options ro;
    tagger_render_options_init(&ro);
    CHECK_INT(ro.size, sizeof ro);
    CHECK_INT(ro.format, TAGGER_FORMAT_JSON);
    CHECK_INT(ro.view, TAGGER_VIEW_DOCUMENT);

    /* id, then the caller's members as given, then the document's */
    const tagger_member members[] = {{"\"a\"", 3, "1", 1}, {"\"b\\u0041\"", 9, "[1, {}]", 7}};
    ro.id = "x";
    ro.members = members;
    ro.nmembers = 2;
    sink k = {0};
    CHECK_INT(tagger_doc_render(doc, &ro, sink_write, &k, NULL), TAGGER_OK);
    CHECK_STR(k.p, "{\"id\":\"x\",\"a\":1,\"b\\u0041\":[1, {}],\"lang\":\"und\",\"topics\":[],"
                   "\"entities\":[]}");
    free(k.p);

    /* a caller built against an older, shorter struct: the fields past its
     * size take their defaults */
    ro.lang = "en";
    ro.size = offsetof(tagger_render_options, lang);
    k = (sink){0};
    CHECK_INT(tagger_doc_render(doc, &ro, sink_write, &k, NULL), TAGGER_OK);
    CHECK_STR(k.p, "{\"id\":\"x\",\"lang\":\"und\",\"topics\":[],\"entities\":[]}");
    free(k.p);

    /* NULL options: the defaults; bad ones are usage errors */
    k = (sink){0};
    CHECK_INT(tagger_doc_render(doc, NULL, sink_write, &k, NULL), TAGGER_OK);
    CHECK_STR(k.p, "{\"lang\":\"und\",\"topics\":[],\"entities\":[]}");
    free(k.p);
    k = (sink){0};
    tagger_error err = {0};
    tagger_render_options_init(&ro);
    ro.size = 0;
    CHECK_INT(tagger_doc_render(doc, &ro, sink_write, &k, &err), TAGGER_ERR_USAGE);
    CHECK(strstr(err.message, "tagger_render_options_init") != NULL);
    ro.size = sizeof ro + 8;
    CHECK_INT(tagger_doc_render(doc, &ro, sink_write, &k, NULL), TAGGER_ERR_USAGE);
    tagger_render_options_init(&ro);
    ro.format = (tagger_format)7;
    CHECK_INT(tagger_doc_render(doc, &ro, sink_write, &k, NULL), TAGGER_ERR_USAGE);
    tagger_render_options_init(&ro);
    ro.view = (tagger_view)9;
    CHECK_INT(tagger_doc_render(doc, &ro, sink_write, &k, NULL), TAGGER_ERR_USAGE);
    CHECK_INT(tagger_doc_render(doc, NULL, NULL, NULL, NULL), TAGGER_ERR_USAGE);
    CHECK_INT(tagger_doc_render(NULL, NULL, sink_write, &k, NULL), TAGGER_ERR_USAGE);
    CHECK_INT(k.calls, 0);

    /* a writer that stops: TAGGER_ERR_IO, and write_json returns its answer */
    k = (sink){0};
    k.stop = 1;
    k.calls = 1;
    CHECK_INT(tagger_doc_render(doc, NULL, sink_write, &k, NULL), TAGGER_ERR_IO);
    CHECK_INT(tagger_doc_write_json(doc, NULL, sink_write, &k), 5);

    /* JSON options: the size rule too; an id that is not UTF-8 */
    tagger_json_options jo;
    tagger_json_options_init(&jo);
    CHECK_INT(jo.size, sizeof jo);
    jo.id = "a\xff";
    char *json = tagger_doc_to_json(doc, &jo, NULL);
    CHECK_STR(json, "{\"id\":\"a\\ufffd\",\"lang\":\"und\",\"topics\":[],\"entities\":[]}");
    free(json);
    jo.size = 0;
    CHECK(tagger_doc_to_json(doc, &jo, NULL) == NULL);
    CHECK_INT(tagger_doc_write_json(doc, &jo, sink_write, &k), -1);
    tagger_doc_free(doc);

    /* process options */
    tagger_process_options po;
    tagger_process_options_init(&po);
    CHECK_INT(po.size, sizeof po);
    CHECK_INT(po.stage, TAGGER_STAGE_ALL);
    CHECK(po.date == NULL);
    po.size = 0;
    CHECK(tagger_process_ex(tg, "x", 1, &po, &err) == NULL);
    CHECK_INT(err.code, TAGGER_ERR_USAGE);
    doc = tagger_process_ex(tg, "x", 1, NULL, &err);
    CHECK(doc != NULL);
    tagger_doc_free(doc);
}

static void test_errors(void)
{
    tagger_error err = {0};
    tagger_doc *doc = tagger_process(tg, "ab\xFF", 3, TAGGER_STAGE_ALL, &err);
    CHECK(doc == NULL);
    CHECK_INT(err.code, TAGGER_ERR_INVALID_UTF8);
    CHECK_INT(err.offset, 2);
    CHECK_STR(err.message, "invalid UTF-8 at byte 2");
    CHECK_STR(tagger_status_name(err.code), "invalid_utf8");
    CHECK(tagger_process(tg, "ab\xFF", 3, TAGGER_STAGE_ALL, NULL) == NULL);

    tagger_config *cfg = tagger_config_new();
    CHECK_INT(tagger_config_set_max_doc_bytes(cfg, 4), TAGGER_OK);
    CHECK_INT(tagger_config_set_max_doc_bytes(cfg, 0), TAGGER_ERR_USAGE);
    tagger *small = tagger_new(cfg, &err);
    tagger_config_free(cfg);
    CHECK(tagger_process(small, "abcde", 5, TAGGER_STAGE_ALL, &err) == NULL);
    CHECK_INT(err.code, TAGGER_ERR_TOO_LARGE);
    tagger_free(small);

    /* every free accepts NULL */
    tagger_free(NULL);
    tagger_doc_free(NULL);
    tagger_config_free(NULL);
    CHECK_STR(tagger_version(), TAGGER_VERSION_STRING);
}

/* The output of `doc` as `ro` asks, NUL-terminated ("" for none); the
 * caller frees it. */
static char *render(const tagger_doc *doc, const tagger_render_options *ro, tagger_status want)
{
    sink k = {0};
    CHECK_INT(tagger_doc_render(doc, ro, sink_write, &k, NULL), want);
    return k.p ? k.p : calloc(1, 1);
}

/* conll, brat and html (docs/formats.md): parts, escapes, usage errors; the
 * CLI tests (formats.py, formats_html.py) check them with entities. */
static void test_formats(void)
{
    const char *text = "Hello world. Bye <&>";
    tagger_doc *doc = tagger_process(tg, text, strlen(text), TAGGER_STAGE_ALL, NULL);
    CHECK(doc != NULL);
    tagger_render_options ro;
    tagger_render_options_init(&ro);
    CHECK_INT(ro.part, TAGGER_PART_WHOLE);

    ro.format = TAGGER_FORMAT_CONLL;
    ro.id = "d\t1";
    char *out = render(doc, &ro, TAGGER_OK);
    CHECK_STR(out, "-DOCSTART- (d\xEF\xBF\xBD" "1)\t-X-\t-X-\tO\n\n"
                   "Hello\t_\t_\tO\nworld\t_\t_\tO\n.\t_\t_\tO\n\n"
                   "Bye\t_\t_\tO\n<\t_\t_\tO\n&\t_\t_\tO\n>\t_\t_\tO\n\n");
    free(out);

    ro.format = TAGGER_FORMAT_BRAT; /* no entities: nothing, or the record's line */
    out = render(doc, &ro, TAGGER_OK);
    CHECK_STR(out, "");
    free(out);
    ro.part = TAGGER_PART_RECORD;
    out = render(doc, &ro, TAGGER_OK);
    CHECK_STR(out, "#doc d\xEF\xBF\xBD" "1\n");
    free(out);

    ro.format = TAGGER_FORMAT_HTML; /* a section; the page around it by HEAD and TAIL */
    out = render(doc, &ro, TAGGER_OK);
    CHECK_STR(out, "<section class=\"doc\" lang=\"en\" dir=\"ltr\">\n"
                   "<h2 dir=\"auto\">d\t1</h2>\n"
                   "<p dir=\"ltr\">Hello world. Bye &lt;&amp;&gt;</p>\n</section>\n");
    free(out);
    ro.part = TAGGER_PART_HEAD;
    char *head = render(NULL, &ro, TAGGER_OK);
    CHECK(strncmp(head, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">", 50) == 0);
    CHECK(strstr(head, "<script") == NULL && strstr(head, "http") == NULL);
    ro.part = TAGGER_PART_TAIL;
    char *tail = render(NULL, &ro, TAGGER_OK);
    CHECK_STR(tail, "</body>\n</html>\n");
    ro.part = TAGGER_PART_WHOLE; /* a page: head (its title the id), section, tail */
    out = render(doc, &ro, TAGGER_OK);
    CHECK(strstr(out, "<title>d\t1</title>") != NULL);
    CHECK(strstr(out, "<section") != NULL && strlen(out) > strlen(tail));
    CHECK_STR(out + strlen(out) - strlen(tail), tail);
    free(out);
    free(head);
    free(tail);

    /* JSON: HEAD and TAIL are empty, a RECORD is the document */
    tagger_render_options_init(&ro);
    ro.part = TAGGER_PART_HEAD;
    out = render(NULL, &ro, TAGGER_OK);
    CHECK_STR(out, "");
    free(out);
    ro.part = TAGGER_PART_RECORD;
    out = render(doc, &ro, TAGGER_OK);
    char *json = tagger_doc_to_json(doc, NULL, NULL);
    CHECK_STR(out, json);
    free(out);
    free(json);

    /* usage errors: no document, an unknown part, a view the format lacks */
    tagger_error err = {0};
    sink k = {0};
    tagger_render_options_init(&ro);
    ro.format = TAGGER_FORMAT_HTML;
    CHECK_INT(tagger_doc_render(NULL, &ro, sink_write, &k, NULL), TAGGER_ERR_USAGE);
    ro.part = (tagger_part)9;
    CHECK_INT(tagger_doc_render(doc, &ro, sink_write, &k, NULL), TAGGER_ERR_USAGE);
    ro.part = TAGGER_PART_WHOLE;
    ro.format = TAGGER_FORMAT_CONLL;
    ro.view = TAGGER_VIEW_TOKENS;
    CHECK_INT(tagger_doc_render(doc, &ro, sink_write, &k, &err), TAGGER_ERR_USAGE);
    CHECK_STR(err.message, "the conll format has no tokens view (it is not available in this "
                           "format; use json)");
    CHECK_INT(k.calls, 0);
    tagger_doc_free(doc);

    /* a document tagged in windows has no tokens: CoNLL cannot be written */
    size_t len = TAGGER_WINDOW_BYTES + 100;
    char *big = malloc(len);
    for (size_t i = 0; i < len; i++)
        big[i] = i % 6 == 5 ? ' ' : 'a';
    doc = tagger_process(tg, big, len, TAGGER_STAGE_ALL, NULL);
    CHECK(doc != NULL && tagger_doc_token_count(doc) == 0);
    tagger_render_options_init(&ro);
    ro.format = TAGGER_FORMAT_CONLL;
    CHECK_INT(tagger_doc_render(doc, &ro, sink_write, &k, &err), TAGGER_ERR_USAGE);
    CHECK(strstr(err.message, "needs the tokens") != NULL);
    ro.format = TAGGER_FORMAT_BRAT;
    CHECK_INT(tagger_doc_render(doc, &ro, sink_write, &k, NULL), TAGGER_OK);
    tagger_doc_free(doc);
    free(big);
}

int main(void)
{
    tagger_error err = {0};
    tg = tagger_new(NULL, &err);
    if (!tg) {
        fprintf(stderr, "tagger_new: %s\n", err.message);
        return 1;
    }
    test_escape();
    test_escape_random();
    test_decimal();
    test_offsets();
    test_document_json();
    test_tokens_json();
    test_render_pieces();
    test_render_options();
    test_formats();
    test_errors();
    tagger_free(tg);
    return check_done();
}
