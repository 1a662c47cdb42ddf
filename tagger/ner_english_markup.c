/*
 * ner_english_markup — English: no entity inside escaped or raw HTML markup (issue 21, docs/english.md
 * "Markup, a firm in headlines, bands, genres"; AG News carries its feeds' markup escaped:
 * "&lt;B&gt;-The Washington Post&lt;/B&gt;", "&lt;font color=#6f6f6f&gt;", "#146;s").  Called
 * by ner_english.c on the model's spans of one document, before its other fixes.
 *
 * Algorithm: the markup is a tag, escaped ("&lt;B&gt;", "&lt;LMT.N&gt;") or raw ("<b>"): an
 * opener, a letter, "/" or "!" after it, and its closer within TAG_MAX bytes on the same line
 * with no opener between; or a character escape ("&lt;" alone, "&quot;", "&#39;", and AG
 * News' "#146;" whose "&" the feed lost).  An escaped ampersand ("&amp;", "#38;") is the
 * text's "&" ("AT&amp;T") and no markup.  For each span the bytes from TAG_MAX before its start
 * to its end are scanned for markup (a tag is shorter than that, so none that reaches the span
 * starts earlier): a span that starts inside markup is dropped ("lt;B", "B&gt", "6f6f6f&gt",
 * "gt;Find"), one that runs into it ends before it, without the punctuation there ("The
 * Washington Post&lt;/B&gt" is "The Washington Post").  The merge (ner.c) leaves out a list's or
 * a rule's entity that markup reaches into ("Nokia" of a link's URL).
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "ner_internal.h"

enum { TAG_MAX = 512 };

static int letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The length of the character escape at text[p..end) ("&lt;", "&quot;", "&#39;", "&#x2014;",
 * AG News' "#146;" after no word's byte), 0 when there is none or it is an ampersand's. */
static size_t escape_len(const char *text, size_t p, size_t end)
{
    size_t q = p + 1;
    if (text[p] == '&' && q < end && letter(text[q])) {
        while (q < end && q - p <= 9 && letter(text[q]))
            q++;
        if (q - p < 3 || q >= end || text[q] != ';' || (q - p == 4 && memcmp(text + p, "&amp", 4) == 0))
            return 0;
        return q + 1 - p;
    }
    if (text[p] == '&' && q < end && text[q] == '#')
        q++;
    else if (text[p] != '#' || (p > 0 && (letter(text[p - 1]) || digit(text[p - 1]))))
        return 0;
    if (q < end && (text[q] == 'x' || text[q] == 'X') && text[p] == '&')
        q++;
    size_t d = q, value = 0;
    while (q < end && q - d < 6 && (digit(text[q]) || (text[d - 1] == 'x' && letter(text[q])))) {
        value = digit(text[q]) ? value * 10 + (size_t)(text[q] - '0') : 0;
        q++;
    }
    if (q == d || q >= end || text[q] != ';' || (value == 38 && text[d - 1] != 'x'))
        return 0;
    return q + 1 - p;
}

/* The length of the tag at text[p..end): "&lt;" or "<", then a letter, "/" or "!", then
 * its closer "&gt;" or ">" within TAG_MAX bytes, no newline nor opener before it; 0 if none. */
static size_t tag_len(const char *text, size_t p, size_t end)
{
    int escaped = end - p >= 4 && memcmp(text + p, "&lt;", 4) == 0;
    size_t q = p + (escaped ? 4 : 1);
    if ((!escaped && text[p] != '<') || q >= end || !(letter(text[q]) || text[q] == '/' || text[q] == '!'))
        return 0;
    for (; q < end && q - p < TAG_MAX && text[q] != '\n'; q++) {
        if (escaped ? end - q >= 4 && memcmp(text + q, "&lt;", 4) == 0 : text[q] == '<')
            return 0;
        if (escaped ? end - q >= 4 && memcmp(text + q, "&gt;", 4) == 0 : text[q] == '>')
            return q + (escaped ? 4 : 1) - p;
    }
    return 0;
}

/* The first p in [p, b) where text has a byte that may open markup ('&', '<', '#'), else b;
 * 16 bytes a test (the scan before each span is up to TAG_MAX bytes of plain text). */
static size_t next_opener(const char *text, size_t p, size_t b)
{
#ifdef __SSE2__
    const __m128i amp = _mm_set1_epi8('&'), lt = _mm_set1_epi8('<'), hash = _mm_set1_epi8('#');
    for (; p < b && b - p >= 16; p += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(text + p));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(x, amp), _mm_cmpeq_epi8(x, lt)), _mm_cmpeq_epi8(x, hash)));
        if (m)
            return p + (size_t)__builtin_ctz(m);
    }
#endif
    while (p < b && text[p] != '&' && text[p] != '<' && text[p] != '#')
        p++;
    return p;
}

/* The start of the first markup that reaches into text[a..b) (scanned from `from`; the text
 * ends at `end`); SIZE_MAX if none. */
static size_t markup_in(const char *text, size_t from, size_t a, size_t b, size_t end)
{
    for (size_t p = from; (p = next_opener(text, p, b)) < b; p++) {
        size_t len = tag_len(text, p, end);
        if (!len)
            len = escape_len(text, p, end);
        if (len && p + len > a)
            return p;
        if (len)
            p += len - 1;
    }
    return SIZE_MAX;
}

size_t tg_en_markup_spans(const char *text, const tagger_token *tokens, size_t ntokens,
                          tg_ner_span *v, size_t n)
{
    size_t k = 0, end = ntokens ? tokens[ntokens - 1].end : 0;
    for (size_t i = 0; i < n; i++) {
        tg_ner_span s = v[i];
        size_t a = tokens[s.tok_first].start, b = tokens[s.tok_last].end;
        size_t m = markup_in(text, a > TAG_MAX ? a - TAG_MAX : 0, a, b, end);
        if (m != SIZE_MAX) {
            if (m <= a)
                continue;
            while (s.tok_last > s.tok_first && tokens[s.tok_last].end > m)
                s.tok_last--;
            while (s.tok_last > s.tok_first && tg_ner_edge_kind(tokens[s.tok_last].kind))
                s.tok_last--;
            if (tokens[s.tok_last].end > m || tg_ner_edge_kind(tokens[s.tok_last].kind))
                continue;
            s.norm_end = tokens[s.tok_last].norm_end;
        }
        v[k++] = s;
    }
    return k;
}

int tg_en_markup_entity(const tg_ner_input *in, size_t norm_start, size_t norm_end)
{
    if (!in->norm || !in->ntokens || norm_end <= norm_start || norm_end > in->norm->len)
        return 0;
    size_t a = in->norm->ostart[norm_start], b = in->norm->oend[norm_end - 1];
    return markup_in(in->text, a > TAG_MAX ? a - TAG_MAX : 0, a, b, in->tokens[in->ntokens - 1].end) !=
           SIZE_MAX;
}
