/*
 * topics_verse — the verse gate of the topic stage: a text that is mostly
 * short rhyming lines (a poem, a song) gets no topic, whatever the model
 * scores, since poetry fits no news class and the model, which sees words
 * only, files it by its vocabulary (docs/topics.md, "Round 8").
 *
 * Rule, on the normalized text and its tokens (Persian and English alike):
 *   - a line is a run of tokens without a newline between them that holds
 *     a word or a number; empty lines and lines of symbols only are skipped;
 *   - a verse line has 2 to 12 words, no number, none of the list marks
 *     : ( ) [ ] { } / \ * | < > = # @ • _ + %, and no full stop after its
 *     last word (an ellipsis is not one);
 *   - two lines rhyme when, past the words they both end with (a refrain,
 *     the Persian radif), the last words that differ end in the same two
 *     letters (آ read as ا); a line that is all refrain does not rhyme;
 *   - a verse line rhymes when it rhymes with a verse line at most two
 *     lines before or after it (couplets AA, cross rhyme ABAB, ghazal and
 *     ballad AA BA / ABCB, ruba'i AABA);
 *   - a text is verse when it has 4 lines or more, at least 3/4 of them
 *     verse lines, and at least half of its verse lines rhyme.
 * On the 15,518 articles of the shared Persian corpora this holds for one,
 * a collection of poems (with its title or without), and for none of the
 * BBC and AG News items.  A large document adds up the counts of its
 * windows (rhymes across a window's edge are missed).  The cost is one
 * pass over the tokens.
 */
#include <string.h>

#include "topics_private.h"

#define VERSE_MIN_WORDS 2
#define VERSE_MAX_WORDS 12
#define VERSE_REACH 2 /* lines before and after that a rhyme may be with */

typedef struct {
    size_t first, last; /* tokens of the line: [first, last] */
    int verse, rhymes;
} verse_line;

/* The code point before byte `end` of s (starting at or after `start`)
 * and its first byte, in *at. */
static uint32_t cp_before(const char *s, size_t start, size_t end, size_t *at)
{
    size_t i = end - 1;
    while (i > start && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    const unsigned char *p = (const unsigned char *)s + i;
    uint32_t c = p[0];
    if (c >= 0xF0)
        c = (c & 0x07) << 18 | (p[1] & 0x3Fu) << 12 | (p[2] & 0x3Fu) << 6 | (p[3] & 0x3Fu);
    else if (c >= 0xE0)
        c = (c & 0x0F) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
    else if (c >= 0xC0)
        c = (c & 0x1F) << 6 | (p[1] & 0x3Fu);
    *at = i;
    return c;
}

static int is_letter(uint32_t c)
{
    return (c | 0x20) - 'a' < 26 || (c >= 0x80 && !(c >= 0x2000 && c <= 0x206F));
}

/* The last two letters of a word, آ read as ا (0 when it has none). */
static uint64_t rhyme_key(const char *ntext, const tagger_token *t)
{
    uint64_t key = 0;
    int n = 0;
    for (size_t end = t->norm_end, at; end > t->norm_start && n < 2; end = at) {
        uint32_t c = cp_before(ntext, t->norm_start, end, &at);
        if (is_letter(c)) {
            key |= (uint64_t)(c == 0x622 ? 0x627 : c) << (32 * n);
            n++;
        }
    }
    return key;
}

static int same_word(const char *ntext, const tagger_token *a, const tagger_token *b)
{
    size_t la = a->norm_end - a->norm_start, lb = b->norm_end - b->norm_start;
    return la == lb && memcmp(ntext + a->norm_start, ntext + b->norm_start, la) == 0;
}

/* The previous word of a line at or before token i (SIZE_MAX when none). */
static size_t word_back(const tagger_token *toks, size_t first, size_t i)
{
    for (;; i--) {
        if (toks[i].kind == TAGGER_TOKEN_WORD)
            return i;
        if (i == first)
            return SIZE_MAX;
    }
}

static int rhyme(const char *ntext, const tagger_token *toks, const verse_line *a,
                 const verse_line *b)
{
    size_t i = word_back(toks, a->first, a->last), j = word_back(toks, b->first, b->last);
    while (i != SIZE_MAX && j != SIZE_MAX && same_word(ntext, &toks[i], &toks[j])) {
        i = i > a->first ? word_back(toks, a->first, i - 1) : SIZE_MAX;
        j = j > b->first ? word_back(toks, b->first, j - 1) : SIZE_MAX;
    }
    if (i == SIZE_MAX || j == SIZE_MAX)
        return 0;
    uint64_t k = rhyme_key(ntext, &toks[i]);
    return k != 0 && k == rhyme_key(ntext, &toks[j]);
}

static int is_char(const char *ntext, const tagger_token *t, const char *c)
{
    size_t n = strlen(c);
    return t->norm_end - t->norm_start == n && memcmp(ntext + t->norm_start, c, n) == 0;
}

/* Whether a punctuation or symbol token is one of the list marks. */
static int list_mark(const char *ntext, const tagger_token *t)
{
    size_t n = t->norm_end - t->norm_start;
    const char *c = ntext + t->norm_start;
    return (n == 1 && strchr(":()[]{}/\\*|<>=#@_+%", *c)) ||
           (n == 3 && memcmp(c, "\xE2\x80\xA2", 3) == 0); /* • */
}

/* Whether the line of tokens [first, last] is a verse line. */
static int verse_line_of(const char *ntext, const tagger_token *toks, size_t first, size_t last)
{
    size_t words = 0, last_word = SIZE_MAX;
    for (size_t i = first; i <= last; i++) {
        const tagger_token *t = &toks[i];
        if (t->kind == TAGGER_TOKEN_WORD) {
            if (++words > VERSE_MAX_WORDS)
                return 0;
            last_word = i;
        } else if (t->kind == TAGGER_TOKEN_NUMBER || list_mark(ntext, t)) {
            return 0;
        }
    }
    if (words < VERSE_MIN_WORDS)
        return 0;
    int stop = 0, dots = 0; /* a full stop after the last word, not two dots in a row */
    for (size_t i = last_word + 1; i <= last; i++) {
        int dot = is_char(ntext, &toks[i], ".");
        if (dot && dots)
            return 1;
        stop |= dot;
        dots = dot;
    }
    return !stop;
}

/* Ends the line [first, last]: lines[0..*nlines) hold the last VERSE_REACH
 * lines before it, newest last; the one that then falls out of reach of
 * later lines is counted. */
static void end_line(const char *ntext, const tagger_token *toks, size_t first, size_t last,
                     verse_line *lines, size_t *nlines, tg_topic_verse *v)
{
    int has = 0;
    for (size_t i = first; i <= last && !has; i++)
        has = toks[i].kind == TAGGER_TOKEN_WORD || toks[i].kind == TAGGER_TOKEN_NUMBER;
    if (!has)
        return;
    verse_line l = {first, last, verse_line_of(ntext, toks, first, last), 0};
    v->lines++;
    v->verse += (size_t)l.verse;
    for (size_t i = 0; i < *nlines && l.verse; i++)
        if (lines[i].verse && rhyme(ntext, toks, &lines[i], &l))
            lines[i].rhymes = l.rhymes = 1;
    if (*nlines == VERSE_REACH) { /* the oldest is now out of reach */
        v->rhyming += (size_t)lines[0].rhymes;
        memmove(lines, lines + 1, (VERSE_REACH - 1) * sizeof *lines);
        --*nlines;
    }
    lines[(*nlines)++] = l;
}

/* The first token from i on whose text starts after byte `at`, given
 * that the last one, toks[n - 1], does: galloping from i (a line of verse
 * is a few tokens), then a binary search (a paragraph of prose a hundred
 * or more). */
static size_t token_after(const tagger_token *toks, size_t i, size_t n, size_t at)
{
    size_t lo = i, step = 1;
    while (lo + step < n - 1 && toks[lo + step].norm_start <= at) {
        lo += step;
        step *= 2;
    }
    size_t hi = lo + step < n - 1 ? lo + step : n - 1; /* starts after `at` */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (toks[mid].norm_start <= at)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void tg_topic_verse_add(const char *ntext, const tagger_token *toks, size_t n,
                        tg_topic_verse *v)
{
    verse_line lines[VERSE_REACH];
    size_t nlines = 0, first = 0;
    /* a line ends where the gap between two tokens holds a newline: the
     * newlines are looked for in the text (one memchr a line), and the
     * token after each by a search (token_after) */
    for (size_t i = 1, at = n > 0 ? toks[0].norm_end : 0, end = n > 0 ? toks[n - 1].norm_start : 0;
         at < end;) {
        const char *nl = memchr(ntext + at, '\n', end - at);
        if (!nl)
            break;
        at = (size_t)(nl - ntext);
        i = token_after(toks, i, n, at); /* the first token after it */
        if (toks[i - 1].norm_end > at) { /* within a token, not between two */
            at = toks[i - 1].norm_end;
            continue;
        }
        end_line(ntext, toks, first, i - 1, lines, &nlines, v);
        first = i;
        at = toks[i].norm_start;
    }
    if (n > 0)
        end_line(ntext, toks, first, n - 1, lines, &nlines, v);
    for (size_t i = 0; i < nlines; i++)
        v->rhyming += (size_t)lines[i].rhymes;
}

int tg_topic_is_verse(const tg_topic_verse *v)
{
    return v->lines >= 4 && 4 * v->verse >= 3 * v->lines && 2 * v->rhyming >= v->verse;
}
