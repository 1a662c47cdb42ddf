/*
 * tokenize_classes — the text as UTF-16 units with their break classes, for
 * tokenize.c's segmenters (a private header of the tokenizer).
 *
 * Algorithm
 * ---------
 * One pass over the normalized UTF-8 text writes each character as a
 * UTF-16 unit (ICU's native form), the UTF-8 offset it came from, and its
 * word-break and sentence-break classes (UAX #29, read from ICU's
 * Word_Break and Sentence_Break properties once, into a table of the
 * characters below U+0800 and of General Punctuation; any other character
 * is class C_ICU / S_ICU, and OR-ing the classes over the text tells
 * whether tokenize.c's own segmenters cover it).  Runs of ASCII are
 * converted sixteen bytes at a time and runs of Arabic letters eight at a
 * time with SSE2 (the two ranges of U+0620-U+06D3 whose classes are all a
 * plain letter's, as checked when the tables are built).  The sentence
 * rules need the capitals that case folding removed: cased_copy puts the
 * input's upper case back on a copy of the units, with their sentence
 * classes.
 */
#ifndef TG_TOKENIZE_CLASSES_H
#define TG_TOKENIZE_CLASSES_H

#include <stddef.h>
#include <stdint.h>

#include <unicode/umachine.h>

#include "normalize.h"

/* Word-break classes (ICU's Word_Break property, UAX #29). */
enum {
    C_OTHER, C_LETTER, C_NUMERIC, C_MIDLETTER, C_MIDNUM, C_MIDNUMLET, C_EXTEND, C_SPACE,
    C_CR, C_LF, C_NEWLINE,
    C_ICU = 16 /* only ICU's iterator knows; a bit no other class has */
};

#define WB_LOW 0x800             /* classes of U+0000..U+07FF, */
#define WB_PUNCT_FIRST 0x2000    /* and of General Punctuation */
#define WB_PUNCT_LAST 0x206F

#define WB_N (WB_LOW + (WB_PUNCT_LAST - WB_PUNCT_FIRST + 1))

/* Sentence-break classes (ICU's Sentence_Break property) of the same
 * characters; others are left to ICU. */
enum {
    S_OTHER, S_OLETTER, S_UPPER, S_LOWER, S_NUMERIC, S_CLOSE, S_SP, S_SCONTINUE, S_EXTEND,
    S_ATERM, S_STERM, S_CR, S_LF, S_SEP, /* from S_ATERM on: where a boundary can come */
    S_ICU = 16 /* a bit no other class has */
};

/* What a segment without a word status is, by its first character
 * (kind_of): white space (no token), punctuation, a letter, a symbol; at
 * WB_N, KIND_ASK: ICU's properties are asked. */
enum { KIND_BLANK, KIND_PUNCT, KIND_LETTER, KIND_SYMBOL, KIND_ASK };

/* The word-break class (low byte) and sentence-break class (high byte) of
 * each character of the tables, and at WB_N those of every other one
 * (C_ICU, S_ICU): OR-ed over a text, the classes tell whether any
 * character of it needs ICU; the segment kind of each (kinds). */
extern uint16_t tg_tok_classes[WB_N + 1];
extern unsigned char tg_tok_kinds[WB_N + 1];

/* Makes the tables once (any thread; every function below calls it). */
void tg_tokenize_classes_init(void);

/* The kind of a segment without a word status starting with c, from
 * ICU's properties (KIND_BLANK .. KIND_SYMBOL). */
unsigned char tg_tokenize_kind_of_property(UChar32 c);

/* The index in the tables of code point c (WB_N for the others). */
static inline size_t table_index(uint32_t c)
{
    if (c < WB_LOW)
        return c;
    if (c >= WB_PUNCT_FIRST && c <= WB_PUNCT_LAST)
        return WB_LOW + (c - WB_PUNCT_FIRST);
    return WB_N;
}

/* The classes of UTF-16 unit c (tg_tokenize_classes_init done). */
static inline uint16_t classes_at(UChar c)
{
    return tg_tok_classes[table_index(c)];
}

/* tg_tokenize_units (tokenize.h) with vector on, and ASCII sixteen bytes
 * at a time only where ascii16 (the caller's choice: where a quarter of
 * the text or more is Latin letters). */
int32_t tg_tokenize_convert(const char *text, size_t len, int ascii16, UChar *u16, uint32_t *at,
                            unsigned char *cls, unsigned char *scls, unsigned *seen);

/* The normalized text with the input's upper case put back on its
 * lowercase letters, for ICU's sentence rules: case folding would hide the
 * capital after ". " that makes a sentence break ("Shade. Before" is two
 * sentences, "U.S. officials" one).  Same length and offsets as u16 (m
 * units; a malloc'd copy, NULL when out of memory); the sentence-break
 * classes scls[] of the letters it changes are made those of their
 * capitals, and *sicu set when one is outside the tables. */
UChar *tg_tokenize_cased_copy(const tg_normtext *nt, const UChar *u16, const uint32_t *at,
                              int32_t m, unsigned char *scls, int *sicu);

#endif /* TG_TOKENIZE_CLASSES_H */
