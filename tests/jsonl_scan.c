/* Unit tests of the JSONL line scanner (tagger/jsonl_scan.c, under
 * tagger --jsonl and tagger_jsonl_records):
 * what RFC 8259 accepts and rejects, with the byte offset of each error;
 * member spans copied verbatim; text decoding that keeps \u0000 and joins
 * surrogate pairs; escaped keys; errors at every place of the 16-byte
 * blocks that long strings are checked in (three-byte characters too); the
 * string writer; and random mutations of a valid line, which must never
 * read out of bounds (ASan) and must give either a scan or an error inside
 * the line. */
#include <stdlib.h>
#include <string.h>

#include "jsonl_scan.h"
#include "check.h"

static bj_member *members;
static size_t nmembers, cap;

static bj_status scan(const char *s, bj_error *e)
{
    return bj_scan_object(s, strlen(s), 0, &members, &nmembers, &cap, e);
}

/* An error at `offset` with `code`. */
static void rejects(const char *s, bj_status code, size_t offset)
{
    bj_error e;
    bj_status st = scan(s, &e);
    CHECK_INT(st, code);
    CHECK_INT(e.offset, offset);
    if (st != code || e.offset != offset)
        fprintf(stderr, "  for %s: %s\n", s, e.message);
}

static void accepts(const char *s, size_t n)
{
    bj_error e;
    bj_status st = scan(s, &e);
    CHECK_INT(st, BJ_OK);
    CHECK_INT(nmembers, n);
    if (st != BJ_OK)
        fprintf(stderr, "  for %s: %s at %zu\n", s, e.message, e.offset);
}

static void test_grammar(void)
{
    accepts("{}", 0);
    accepts(" \t{ }\r", 0);
    accepts("{\"a\":1}", 1);
    accepts("{\"a\":-0.5e+10,\"b\":[true,false,null,{}],\"c\":{\"d\":[]}}", 3);
    accepts("{\"a\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"}", 1);
    accepts("{\"\":0E0}", 1);
    accepts("{\"a\":\"\x7f\"}", 1); /* DEL may stand raw */
    rejects("", BJ_ERR_SYNTAX, 0);
    rejects("[1]", BJ_ERR_SYNTAX, 0);
    rejects("{", BJ_ERR_SYNTAX, 1);
    rejects("{\"a\"}", BJ_ERR_SYNTAX, 4);
    rejects("{\"a\":}", BJ_ERR_SYNTAX, 5);
    rejects("{\"a\":1,}", BJ_ERR_SYNTAX, 7);
    rejects("{\"a\":1 \"b\":2}", BJ_ERR_SYNTAX, 7);
    rejects("{a:1}", BJ_ERR_SYNTAX, 1);
    rejects("{'a':1}", BJ_ERR_SYNTAX, 1);
    rejects("{\"a\":01}", BJ_ERR_SYNTAX, 6);
    rejects("{\"a\":1.}", BJ_ERR_SYNTAX, 5);
    rejects("{\"a\":.5}", BJ_ERR_SYNTAX, 5);
    rejects("{\"a\":1e}", BJ_ERR_SYNTAX, 5);
    rejects("{\"a\":+1}", BJ_ERR_SYNTAX, 5);
    rejects("{\"a\":tru}", BJ_ERR_SYNTAX, 5);
    rejects("{\"a\":NaN}", BJ_ERR_SYNTAX, 5);
    rejects("{\"a\":\"x}", BJ_ERR_SYNTAX, 5);
    rejects("{\"a\":\"\\x\"}", BJ_ERR_SYNTAX, 6);
    rejects("{\"a\":\"\\u12\"}", BJ_ERR_SYNTAX, 6);
    rejects("{\"a\":\"\t\"}", BJ_ERR_SYNTAX, 6);
    rejects("{\"a\":[1,]}", BJ_ERR_SYNTAX, 8);
    rejects("{\"a\":1}x", BJ_ERR_SYNTAX, 7);
    rejects("{\"a\":1}{}", BJ_ERR_SYNTAX, 7);
    /* UTF-8 inside strings: stray continuation, overlong, surrogate,
     * past U+10FFFF, truncated */
    rejects("{\"a\":\"\x80\"}", BJ_ERR_UTF8, 6);
    rejects("{\"a\":\"\xc0\xaf\"}", BJ_ERR_UTF8, 6);
    rejects("{\"a\":\"\xed\xa0\x80\"}", BJ_ERR_UTF8, 6);
    rejects("{\"a\":\"\xf4\x90\x80\x80\"}", BJ_ERR_UTF8, 6);
    rejects("{\"a\":\"\xe2\x82\"}", BJ_ERR_UTF8, 6);
    rejects("{\"\xff\":1}", BJ_ERR_UTF8, 2);
    accepts("{\"a\":\"\xf0\x9f\x98\x80\xe2\x82\xac\xc3\xa9\"}", 1);
    /* NUL bytes: raw ones are control characters; scanning uses lengths */
    bj_error e;
    CHECK_INT(bj_scan_object("{\"a\":\"x\0y\"}", 11, 0, &members, &nmembers, &cap, &e),
              BJ_ERR_SYNTAX);
    CHECK_INT(e.offset, 7);
    /* nesting: 512 levels pass, 513 do not */
    char deep[2000];
    size_t n = 0;
    deep[n++] = '{', deep[n++] = '"', deep[n++] = 'a', deep[n++] = '"', deep[n++] = ':';
    for (int i = 0; i < 511; i++)
        deep[n++] = '[';
    for (int i = 0; i < 511; i++)
        deep[n++] = ']';
    deep[n++] = '}';
    deep[n] = '\0';
    accepts(deep, 1);
    memmove(deep + 6, deep + 5, n - 4);
    deep[5] = '[';
    memmove(deep + 5 + 513, deep + 5 + 512, strlen(deep + 5 + 512) + 1);
    deep[5 + 512] = ']';
    rejects(deep, BJ_ERR_SYNTAX, 5 + 511);
}

static void test_members(void)
{
    const char *s = "{ \"id\" : 12345678901234567890 , \"t\\u0065xt\":\"x\", \"m\":{\"a\":[1, 2]} }";
    accepts(s, 3);
    if (nmembers != 3)
        return;
    CHECK(memcmp(s + members[0].key.start, "\"id\"", 4) == 0);
    CHECK_INT(members[0].value.end - members[0].value.start, 20);
    CHECK(memcmp(s + members[0].value.start, "12345678901234567890", 20) == 0);
    CHECK(bj_key_equals(s, members[1].key, "text", 4));
    CHECK(!bj_key_equals(s, members[1].key, "tex", 3));
    CHECK(!bj_key_equals(s, members[0].key, "i", 1));
    CHECK(memcmp(s + members[2].value.start, "{\"a\":[1, 2]}", 12) == 0);
    /* members before an error are kept */
    bj_error e;
    CHECK_INT(scan("{\"id\":7,\"text\":\"a\" \"x\"}", &e), BJ_ERR_SYNTAX);
    CHECK_INT(nmembers, 2);
}

static void decode(const char *json_string, const char *want, size_t want_len)
{
    char line[256];
    snprintf(line, sizeof line, "{\"t\":%s}", json_string);
    accepts(line, 1);
    if (nmembers != 1)
        return;
    tg_render_buf scratch = {0};
    const char *out;
    size_t len, bad;
    CHECK_INT(bj_decode_string(line, members[0].value, &scratch, &out, &len, &bad), BJ_OK);
    CHECK_INT(len, want_len);
    CHECK(len == want_len && memcmp(out, want, len) == 0);
    free(scratch.p);
}

static void test_decode(void)
{
    decode("\"plain مالت\"", "plain مالت", strlen("plain مالت"));
    decode("\"a\\u0000b\"", "a\0b", 3);
    decode("\"\\u0645\\u0627\\u0644\\u062a\"", "مالت", 8);
    decode("\"\\ud83d\\ude00!\"", "\xf0\x9f\x98\x80!", 5);
    decode("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t", 8);
    decode("\"\\u00E9\\u20ac\"", "\xc3\xa9\xe2\x82\xac", 5);
    /* lone surrogates cannot be UTF-8 */
    const char *lines[] = {"{\"t\":\"x\\udc00\"}", "{\"t\":\"\\ud800\"}",
                           "{\"t\":\"\\ud800\\u0041\"}", "{\"t\":\"\\ud800\\ud800\"}"};
    size_t offsets[] = {7, 6, 6, 6};
    for (size_t i = 0; i < 4; i++) {
        accepts(lines[i], 1);
        tg_render_buf scratch = {0};
        const char *out;
        size_t len, bad = 0;
        CHECK_INT(bj_decode_string(lines[i], members[0].value, &scratch, &out, &len, &bad),
                  BJ_ERR_UTF8);
        CHECK_INT(bad, offsets[i]);
        free(scratch.p);
    }
    /* without escapes nothing is copied */
    const char *s = "{\"t\":\"abc\"}";
    accepts(s, 1);
    tg_render_buf scratch = {0};
    const char *out;
    size_t len, bad;
    bj_decode_string(s, members[0].value, &scratch, &out, &len, &bad);
    CHECK(out == s + 6 && len == 3 && scratch.p == NULL);
}

static void test_writer(void)
{
    /* record.c writes strings with the library's escaper */
    char b[TAGGER_JSON_STRING_MAX(10) + 1];
    b[tagger_json_string("a\"b\\c\n\x01\x7f\0z", 10, b)] = '\0';
    CHECK_STR(b, "\"a\\\"b\\\\c\\n\\u0001\\u007f\\u0000z\"");
    b[tagger_json_string("\xd9\x85\xff\xe2\x82", 5, b)] = '\0'; /* invalid bytes → U+FFFD */
    CHECK_STR(b, "\"\xd9\x85\\ufffd\\ufffd\\ufffd\"");
}

static void test_mutations(void)
{
    const char *base =
        "{\"id\":\"n1\",\"n\":-12.5e3,\"text\":\"\\u0645\xd9\x85 \\ud83d\\ude00\",\"a\":[true,null]}";
    size_t len = strlen(base);
    char *buf = malloc(len);
    unsigned seed = 12345;
    int ok = 0, errors = 0, bounded = 1;
    for (int round = 0; round < 20000; round++) {
        memcpy(buf, base, len);
        size_t n = len;
        for (int k = 0; k < 1 + round % 3 && n > 0; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % n;
            seed = seed * 1103515245u + 12345u;
            if (seed & 0x100000)
                buf[at] = (char)(seed >> 24);
            else
                n = at; /* truncate */
        }
        /* an exact-size heap copy: ASan sees any read past the end */
        char *line = malloc(n ? n : 1);
        memcpy(line, buf, n);
        bj_error e;
        bj_status st = bj_scan_object(line, n, 0, &members, &nmembers, &cap, &e);
        if (st == BJ_OK) {
            ok++;
            for (size_t i = 0; i < nmembers; i++)
                if (line[members[i].value.start] == '"') {
                    tg_render_buf scratch = {0};
                    const char *out;
                    size_t olen, bad;
                    bj_decode_string(line, members[i].value, &scratch, &out, &olen, &bad);
                    free(scratch.p);
                }
        } else {
            errors++;
            bounded &= e.offset <= n;
        }
        free(line);
    }
    free(buf);
    CHECK(ok > 0 && errors > 0);
    CHECK(bounded);
}

/* Strings longer than the scanner's 16-byte blocks: Persian letters, ASCII
 * and spaces, with one item put after each of the first 40 characters, so
 * that it falls at every place of a block (a letter's two bytes split
 * between blocks too).  Bad items give their error at their own offset,
 * good ones (ZWNJ, escapes) a scan. */
static void test_long_strings(void)
{
    static const char *const unit[] = {"\xd9\x85", "a", " ", "\xdb\x8c", "\xd8\xa7", "7"};
    static const struct {
        const char *item;
        bj_status code; /* BJ_OK: accepted */
    } items[] = {
        {"\xff", BJ_ERR_UTF8},        {"\x80", BJ_ERR_UTF8},    {"\xd9x", BJ_ERR_UTF8},
        {"\xc1\xbf", BJ_ERR_UTF8},    {"\x01", BJ_ERR_SYNTAX},  {"\\q", BJ_ERR_SYNTAX},
        {"\xe2\x80\x8c", BJ_OK},     {"\\\"", BJ_OK},          {"\\u200c", BJ_OK},
        {"\x7f", BJ_OK},
        /* three-byte characters, valid and not, across the blocks */
        {"\xe2\x80\x8c\xe2\x80\x93", BJ_OK}, {"\xef\xbf\xbf", BJ_OK},  {"\xe1\x80\x80", BJ_OK},
        {"\xec\xbf\xbf", BJ_OK},           {"\xee\x80\x80", BJ_OK},  {"\xe0\xa0\x80", BJ_OK},
        {"\xed\x9f\xbf", BJ_OK},           {"\xe0\x80\x80", BJ_ERR_UTF8}, {"\xed\xa0\x80", BJ_ERR_UTF8},
        {"\xe2\x80", BJ_ERR_UTF8},          {"\xe2\x8c", BJ_ERR_UTF8}, {"\xe2", BJ_ERR_UTF8},
    };
    char line[256];
    for (size_t it = 0; it < sizeof items / sizeof *items; it++)
        for (size_t k = 0; k < 40; k++) {
            size_t n = 0, at = 0;
            memcpy(line, "{\"a\":\"", 6);
            n = 6;
            for (size_t u = 0; u < 60; u++) {
                if (u == k) {
                    at = n;
                    memcpy(line + n, items[it].item, strlen(items[it].item));
                    n += strlen(items[it].item);
                }
                memcpy(line + n, unit[u % 6], strlen(unit[u % 6]));
                n += strlen(unit[u % 6]);
            }
            memcpy(line + n, "\"}", 3);
            if (items[it].code == BJ_OK)
                accepts(line, 1);
            else
                rejects(line, items[it].code, at);
        }
}

int main(void)
{
    test_grammar();
    test_long_strings();
    test_members();
    test_decode();
    test_writer();
    test_mutations();
    free(members);
    return check_done();
}
