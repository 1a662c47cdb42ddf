/*
 * langid — the language of a text: an ISO 639-1 code, or "und" when the
 * text gives too little to tell (no letters, an emoji, a tie).
 *
 * Two steps, both on the input as given (not the normalized text, which
 * folds Arabic ي ك to Persian ی ک and would make Arabic look Persian):
 *
 *  1. The script: every letter is counted by script (Latin, Arabic,
 *     Cyrillic, Greek, Hebrew, Devanagari, Han, Kana, Hangul, Thai,
 *     Armenian, Georgian); the script with most letters decides which
 *     languages compete.  A script used by one language gives it (Greek el,
 *     Hebrew he, Hangul ko, Kana ja, Han zh, Thai th, Armenian hy, Georgian
 *     ka); Devanagari (hi, mr, ne …) is "und".
 *  2. Within Latin (en de fr es tr it pt nl), Arabic (fa ar ur ps) and
 *     Cyrillic (ru, with uk be sr bg told by their letters): a score per
 *     language from its function words (tools/langid/words.txt; a word of
 *     several languages counts for each, less) and from the letters only it
 *     uses: Urdu ٹ ڈ ڑ ں ے ہ ھ, Pashto ټ ډ ړ ږ ښ ګ ڼ ۍ ې ځ څ, Persian
 *     پ چ ژ گ ی ک (shared with Urdu and partly Pashto), Arabic ة ي ك ى أ إ
 *     ؤ; German ß ä, Turkish ı ğ ş, Spanish ñ ¿ ¡, French è ê ç œ …; and,
 *     for all twelve, the log likelihood of the text's letter trigrams
 *     (langid_ngrams.h) and of its other words (langid_unigrams.h, a
 *     thousand frequent words a language), each relative to the best.  The
 *     highest score wins; a tie is "und"; with no evidence at all a prior
 *     picks en (Latin) or fa (Arabic script).  Latin words with two capitals
 *     or more and tokens with a digit, '/', '@' or '_' (SSL, paths) choose
 *     the script only when no other letters are there; a letter of another
 *     script counts double against plain Latin ones.
 *
 * Cost: only the first TG_LANGID_SAMPLE bytes are read, with no
 * allocation.  Words and letters are read first; past 128 bytes, every 4
 * words, reading stops once they settle the language (95% of the letters
 * in one script and, for Latin and Arabic script, 6 function words giving
 * the leader a margin of 4 over the runner-up; 400 letters for the other
 * scripts).  Only when they do not (a sentence, a mixed or odd text) are
 * the letter trigrams and the words of the first words looked up (hash
 * tables, until 160 trigrams were found).  A Persian news article is settled in about 100
 * letters.  Pure functions (their character and function-word tables are
 * made once a process, under pthread_once): safe from any thread.
 */
#ifndef TG_LANGID_H
#define TG_LANGID_H

#include <stddef.h>

#define TG_LANGID_SAMPLE ((size_t)64 << 10)

/* What the identifier saw and decided. */
typedef struct tg_langid {
    const char *lang;    /* ISO 639-1 code or "und" (static string) */
    const char *script;  /* ISO 15924 code of the script with most letters,
                            "Zyyy" when there are no letters */
    size_t letters;      /* letters read, all scripts */
    size_t script_letters; /* of them, in `script` */
    const char *second;  /* the runner-up language, or NULL */
    double score, second_score; /* their scores (words and letters) */
    size_t words;        /* function words found */
} tg_langid;

/* Identifies the language of s[0..len) (valid UTF-8). */
void tg_langid_detect(const char *s, size_t len, tg_langid *out);

/* The evidence as a JSON object
 * {"script":"Arab","letters":N,"script_letters":N,"function_words":N,
 *  "scores":{"fa":S,"ur":S}} in buf (truncated to size, NUL-terminated);
 * returns the length it needed. */
size_t tg_langid_json(const tg_langid *id, char *buf, size_t size);

/* Whether `lang` is a code the identifier can give or accept ("und", an
 * ISO 639-1 code: two lower-case ASCII letters). */
int tg_langid_valid(const char *lang);

#endif /* TG_LANGID_H */
