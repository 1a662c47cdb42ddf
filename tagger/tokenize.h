/*
 * tokenize — words, numbers and punctuation, and sentences, by ICU.
 *
 * Algorithm
 * ---------
 * Tokenization runs ICU's rule-based word and sentence break iterators
 * (UAX #29 with CLDR tailorings) over the normalized text, converted once to
 * UTF-16 (ICU's native form, ~3x faster than UTF-8 through a UText) with a
 * map back to UTF-8 offsets and each character's break classes
 * (tokenize_classes.c; with SSE2, eight Arabic letters at a time: the
 * two ranges of U+0620-U+06D3 whose classes are all a plain letter's, as
 * checked when the tables are built).  Word boundaries of a text made only of
 * letters, digits, their separators, marks, spaces and punctuation below
 * U+0800 or in General Punctuation come from a small implementation of the
 * same rules in tokenize.c (ICU's iterator costs ~400 instructions a word);
 * any other text goes through ICU's iterator, and a test checks that both
 * give the same tokens.  Each segment between two word boundaries whose
 * rule status is "number" becomes a NUMBER token, "letter"/"kana"/"ideo" a WORD
 * token; the other segments are white space (skipped) or single
 * punctuation/symbol characters (PUNCT when ICU calls them punctuation,
 * including ، ؛ ؟ « », else SYMBOL).  Because the normalizer has already
 * removed ZWNJ, "می‌شود" and "بین‌المللی" arrive joined and stay one token.
 * One departure from ICU's rules (WB9/WB10): Arabic-script letters and
 * digits written together («۱۴۰۰شورای», «لشکر۱۶») are two tokens with no
 * space between them, in either segmenter; Latin letters and digits («G7»,
 * «MP3») stay one token, as ICU has them.
 * The sentence iterator (CLDR's English abbreviation suppressions, "Mr.",
 * "U.S.", plus a few titles such as "Gen." and "Dr.") is advanced alongside,
 * so each token gets the index of the sentence it starts in.  It reads the
 * normalized text with the input's capitals put back, since a capital after
 * ". " is what makes a sentence break in the sentence rules.  A text whose
 * characters are all in the word segmenter's tables gets its sentence
 * boundaries from the same rules (UAX #29 SB3-SB11) in tokenize.c, and a
 * boundary after one of CLDR's abbreviations is taken back there as ICU's
 * filter does (the list read from ICU's data, matched the same way); the
 * same test checks these boundaries against ICU's.
 *
 * Token spans are mapped back to the input through the normalizer's offset
 * map.  The tokenizer object holds break iterator templates that are cloned
 * per call, so one tokenizer serves any number of threads; each template is
 * opened at the first call that needs ICU, not with the tokenizer.
 */
#ifndef TG_TOKENIZE_H
#define TG_TOKENIZE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <unicode/umachine.h>

#include "normalize.h"
#include "tagger.h"

typedef struct tg_tokenizer tg_tokenizer;

tg_tokenizer *tg_tokenizer_new(tagger_error *err);
void tg_tokenizer_free(tg_tokenizer *tk);

/* Tokenizes `nt`.  On success *tokens receives a malloc'd array of *ntokens
 * tokens in text order (NULL when there are none) and *nsentences the number
 * of sentences. */
tagger_status tg_tokenize(const tg_tokenizer *tk, const tg_normtext *nt,
                          tagger_token **tokens, size_t *ntokens,
                          size_t *nsentences, tagger_error *err);

/* The same with flags: TG_TOKENIZE_ICU_ONLY takes the word and sentence
 * boundaries always from ICU's iterators (the tests compare both ways);
 * TG_TOKENIZE_WORDS_ONLY finds no sentence boundaries (every token is in
 * sentence 0; the tokens are the same), for a caller that needs only the
 * tokens, such as the topic models' boilerplate patterns at load, which
 * then never open ICU's sentence iterator. */
enum { TG_TOKENIZE_ICU_ONLY = 1, TG_TOKENIZE_WORDS_ONLY = 2 };
tagger_status tg_tokenize_with(const tg_tokenizer *tk, const tg_normtext *nt, int flags,
                               tagger_token **tokens, size_t *ntokens, size_t *nsentences,
                               tagger_error *err);

/* The conversion of tg_tokenize_with, exposed for its test: the len bytes
 * of text (valid UTF-8 read from a normalized text: text[len] readable, the
 * NUL) as UTF-16 units u16, with each unit's UTF-8 offset in at (and len
 * after the last), its word- and sentence-break classes in cls and scls
 * (not written for the two units of a character above U+FFFF, which
 * sends the text to ICU; each array room for len + 1), the classes OR-ed
 * in *seen; returns the
 * number of units.  vector != 0 converts runs of two-byte characters eight
 * at a time and of ASCII sixteen at a time with SSE2 where the target has
 * it; 0, one at a time (the same result). */
int32_t tg_tokenize_units(const char *text, size_t len, int vector, UChar *u16, uint32_t *at,
                          unsigned char *cls, unsigned char *scls, unsigned *seen);

/* The first of the n tokens (in text order) ending after normalized byte
 * b: the token holding b, or the next one; n when there is none. */
size_t tg_token_at(const tagger_token *tokens, size_t n, size_t b);

/* A word and its length in bytes, for a tg_word_set (TG_WORD("...")). */
typedef struct {
    const char *s;
    size_t n;
} tg_word;
#define TG_WORD(lit) {lit, sizeof(lit) - 1}

/* A fixed set of words (a static list of tg_words), asked about every word
 * of a text: for each length (63: 63 bytes and more), 64 bits, one set for
 * each word of the set from its last byte and its second (tg_word_set_bit),
 * so that most words are left out before any comparison (in Arabic script
 * every character's first byte is one of four lead bytes, and many words
 * end in «ی» or «ن»: the last byte alone lets them through).  The filter is
 * made at the first question, by whichever thread asks; every thread makes
 * the same bits; a word that passes is compared with the set's words of
 * its length only.  Declare with TG_WORD_SET(array of tg_word). */
#define TG_WORD_SET_INDEXED 255 /* sets of more words are scanned whole */
typedef struct {
    const tg_word *words;
    size_t n;
    _Atomic uint64_t last[64];
    _Atomic int ready;
    /* made with the filter (under a lock, before `ready`): the words'
     * indexes by length, those of length k (63: 63 bytes and more) at
     * by_len[from[k] .. from[k + 1]) */
    unsigned char by_len[TG_WORD_SET_INDEXED], from[65];
} tg_word_set;
#define TG_WORD_SET(array) {(array), sizeof(array) / sizeof *(array), {0}, 0, {0}, {0}}

/* The filter bit of s[0..len), len > 0: its last byte and, from 3 bytes
 * on, its second (the first letter's in Arabic script), mixed. */
static inline unsigned tg_word_set_bit(const char *s, size_t len)
{
    unsigned a = (unsigned char)s[len - 1], b = len >= 3 ? (unsigned char)s[1] : 0;
    return (a ^ (b << 3) ^ (b >> 3)) & 63;
}

/* Makes the set's filter if it is not made yet, then compares s[0..len)
 * (len > 0) with its words (tg_word_set_has's slow path). */
int tg_word_set_find(tg_word_set *set, const char *s, size_t len);

/* Whether s[0..len) is one of the set's words (bytes compared exactly);
 * inline, as callers ask about every word. */
static inline int tg_word_set_has(tg_word_set *set, const char *s, size_t len)
{
    if (!atomic_load_explicit(&set->ready, memory_order_acquire))
        return len > 0 && tg_word_set_find(set, s, len);
    /* 0 for a length no word of the set has, and for 0 (no word is empty): most
     * words asked about stop here, before a byte of theirs is read */
    uint64_t last = atomic_load_explicit(&set->last[len < 64 ? len : 63], memory_order_relaxed);
    return last && (last >> tg_word_set_bit(s, len) & 1) && tg_word_set_find(set, s, len);
}

/* Whether token t of normalized text norm is exactly `word`; whether it is
 * one of the set's words.  Byte by byte: most tokens differ from the word
 * at its first byte, and callers ask about every token (no strlen of the
 * word each time); inline, so that a literal word's bytes are constants. */
static inline int tg_token_is(const char *norm, const tagger_token *t, const char *word)
{
    const char *s = norm + t->norm_start;
    size_t n = t->norm_end - t->norm_start;
    for (size_t i = 0; i < n; i++)
        if (word[i] != s[i] || word[i] == '\0')
            return 0;
    return word[n] == '\0';
}
static inline int tg_token_in(const char *norm, const tagger_token *t, tg_word_set *set)
{
    return tg_word_set_has(set, norm + t->norm_start, t->norm_end - t->norm_start);
}

#endif /* TG_TOKENIZE_H */
