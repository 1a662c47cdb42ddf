/* tokenize — see tokenize.h for the algorithm. */
#include "tokenize.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ures.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "error.h"
#include "scratch.h"
#include "tokenize_classes.h"

struct tg_tokenizer {
    /* ICU's templates, cloned per call, each opened at its first use (most
     * Persian news never needs them, and opening them cost ~2.3 M
     * instructions of every start: docs/performance.md, 2026-12-04) */
    _Atomic(UBreakIterator *) words;
    _Atomic(UBreakIterator *) sentences;
    /* the English suppressions of the sentence template (below), loaded
     * at the first text; failed: ICU's sentence iterator for every text */
    _Atomic(struct suppressions *) sup;
    int sup_failed;
    pthread_mutex_t lock; /* held while one is opened */
};

tg_tokenizer *tg_tokenizer_new(tagger_error *err)
{
    tg_tokenizer *tk = calloc(1, sizeof *tk);
    if (!tk || pthread_mutex_init(&tk->lock, NULL) != 0) {
        free(tk);
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    atomic_init(&tk->words, NULL);
    atomic_init(&tk->sentences, NULL);
    atomic_init(&tk->sup, NULL);
    return tk;
}

void tg_tokenizer_free(tg_tokenizer *tk)
{
    if (!tk)
        return;
    UBreakIterator *b = atomic_load(&tk->words);
    if (b)
        ubrk_close(b);
    if ((b = atomic_load(&tk->sentences)))
        ubrk_close(b);
    free(atomic_load(&tk->sup));
    pthread_mutex_destroy(&tk->lock);
    free(tk);
}

/* A clone of the tokenizer's word or sentence template, the template
 * opened first if it is not yet; NULL with *st set when ICU fails. */
static UBreakIterator *clone_template(const tg_tokenizer *ctk, int sentences, UErrorCode *st)
{
    tg_tokenizer *tk = (tg_tokenizer *)ctk; /* the templates are the only state, and locked */
    _Atomic(UBreakIterator *) *slot = sentences ? &tk->sentences : &tk->words;
    UBreakIterator *b = atomic_load_explicit(slot, memory_order_acquire);
    if (!b) {
        pthread_mutex_lock(&tk->lock);
        if (!(b = atomic_load_explicit(slot, memory_order_relaxed))) {
            b = sentences ? ubrk_open(UBRK_SENTENCE, "en@ss=standard", NULL, 0, st)
                          : ubrk_open(UBRK_WORD, "fa", NULL, 0, st);
            if (U_FAILURE(*st) && b) {
                ubrk_close(b);
                b = NULL;
            }
            if (b)
                atomic_store_explicit(slot, b, memory_order_release);
        }
        pthread_mutex_unlock(&tk->lock);
        if (!b)
            return NULL;
    }
    return ubrk_clone(b, st);
}

/* ------------------------------------------------ English suppressions */

/*
 * ICU's English sentence iterator ("en@ss=standard") takes back a boundary
 * right after one of CLDR's abbreviations ("Mr.", "U.S.", "Ph.D."), or
 * after one and a space (ICU's filteredbrk.cpp).  Its filter matches the
 * text before the boundary backwards against the abbreviations, the
 * longest that matches deciding; an abbreviation with a period inside
 * ("U.S.A.") is entered there only by its part up to the first period
 * ("U."), marked partial, as are the others of the list that begin with
 * that part (among them "U." itself); a partial match holds when the text
 * from there runs through one of those whole abbreviations: read forward
 * while a longer one could still follow, it must stop on one, or end the
 * text after one.  Here the same list (ICU's data, read at the first
 * text), built and matched the same way, without tries: ~150 short
 * strings, asked only at a boundary.
 */
#define SUP_MAX 512 /* more, or longer, or not ASCII: ICU's iterator */
#define SUP_LEN 16

typedef struct {
    unsigned char len, partial;
    char s[SUP_LEN];
} sup_key;

/* The backward keys by the character before their last (the letter
 * before the period), keys of one character and others last: bucket c is
 * back[bucket[c] .. bucket[c + 1]). */
#define SUP_BUCKETS 129

struct suppressions {
    size_t nback, nfwd;
    sup_key back[SUP_MAX], fwd[SUP_MAX]; /* backward: whole or partial; forward */
    uint16_t bucket[SUP_BUCKETS + 1];
};

static unsigned sup_bucket(const sup_key *k)
{
    unsigned char c = k->len >= 2 ? (unsigned char)k->s[k->len - 2] : 0x80;
    return c < 0x80 ? c : 0x80;
}

static int cmp_sup_bucket(const void *a, const void *b)
{
    unsigned x = sup_bucket(a), y = sup_bucket(b);
    return (x > y) - (x < y);
}

static int cmp_sup_key(const void *a, const void *b)
{
    const sup_key *x = a, *y = b;
    int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Sorts and dedupes the list (ICU keeps a sorted set), then splits it as
 * ICU's builder does: each abbreviation with a period inside enters its
 * part up to that period as a partial backward key unless another with
 * the same part did, and every abbreviation sharing that part goes to the
 * forward list; the others are whole backward keys. */
static void sup_build(struct suppressions *sp, sup_key *all, size_t n)
{
    unsigned char marked[SUP_MAX] = {0};
    qsort(all, n, sizeof *all, cmp_sup_key);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (k == 0 || cmp_sup_key(&all[k - 1], &all[i]) != 0)
            all[k++] = all[i];
    n = k;
    sp->nback = sp->nfwd = 0;
    for (size_t i = 0; i < n; i++) {
        const char *dot = memchr(all[i].s, '.', all[i].len);
        size_t nn = dot ? (size_t)(dot - all[i].s) + 1 : 0; /* the part's length */
        if (!dot || nn == all[i].len)
            continue;
        int same_as = 0;
        for (size_t j = 0; j < n; j++) {
            if (j == i || all[j].len < nn || memcmp(all[i].s, all[j].s, nn) != 0)
                continue;
            if (!marked[j])
                marked[j] = 1;
            else
                same_as = 1;
        }
        if (!same_as && !marked[i]) {
            sup_key *b = &sp->back[sp->nback++];
            *b = all[i];
            b->len = (unsigned char)nn;
            b->partial = 1;
            marked[i] = 1;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (!marked[i])
            sp->back[sp->nback++] = all[i];
        else
            sp->fwd[sp->nfwd++] = all[i];
    qsort(sp->back, sp->nback, sizeof *sp->back, cmp_sup_bucket);
    for (size_t c = 0, at = 0; c <= SUP_BUCKETS; c++) { /* the keys' order in one: any */
        while (at < sp->nback && sup_bucket(&sp->back[at]) < c)
            at++;
        sp->bucket[c] = (uint16_t)at;
    }
}

/* ICU's English abbreviations (exceptions/SentenceBreak of the "en" break
 * data), built; NULL when they cannot be read or do not fit. */
static struct suppressions *sup_load(void)
{
    UErrorCode st = U_ZERO_ERROR;
    UResourceBundle *b = ures_open(U_ICUDATA_NAME "-brkitr", "en", &st);
    UResourceBundle *e = ures_getByKey(b, "exceptions", NULL, &st);
    UResourceBundle *list = ures_getByKey(e, "SentenceBreak", NULL, &st);
    struct suppressions *sp = NULL;
    sup_key *all = calloc(SUP_MAX, sizeof *all);
    int32_t n = U_SUCCESS(st) ? ures_getSize(list) : 0;
    int ok = all && U_SUCCESS(st) && st != U_USING_DEFAULT_WARNING && n > 0 && n <= SUP_MAX;
    for (int32_t i = 0; ok && i < n; i++) {
        int32_t len = 0;
        const UChar *u = ures_getStringByIndex(list, i, &len, &st);
        ok = U_SUCCESS(st) && len > 0 && len < SUP_LEN;
        for (int32_t c = 0; ok && c < len; c++) {
            ok = u[c] > 0 && u[c] < 0x80;
            all[i].s[c] = (char)u[c];
        }
        all[i].len = (unsigned char)len;
    }
    if (ok && (sp = malloc(sizeof *sp)))
        sup_build(sp, all, (size_t)n);
    free(all);
    ures_close(list);
    ures_close(e);
    ures_close(b);
    return sp;
}

/* The suppressions, loaded at the first call; NULL if they cannot be. */
static const struct suppressions *suppressions_of(const tg_tokenizer *ctk)
{
    tg_tokenizer *tk = (tg_tokenizer *)ctk; /* loaded once, locked */
    struct suppressions *sp = atomic_load_explicit(&tk->sup, memory_order_acquire);
    if (!sp) {
        pthread_mutex_lock(&tk->lock);
        if (!(sp = atomic_load_explicit(&tk->sup, memory_order_relaxed)) && !tk->sup_failed) {
            if ((sp = sup_load()))
                atomic_store_explicit(&tk->sup, sp, memory_order_release);
            else
                tk->sup_failed = 1;
        }
        pthread_mutex_unlock(&tk->lock);
    }
    return sp;
}

static int sup_same(const UChar *u, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (u[i] != (unsigned char)s[i])
            return 0;
    return 1;
}

/* Whether ICU's filter takes back the boundary at n (0 < n < m) of u. */
static int suppressed(const struct suppressions *sp, const UChar *u, int32_t m, int32_t n)
{
    size_t p = (size_t)n - (u[n - 1] == ' '), best = 0;
    int partial = 0;
    const unsigned c = p >= 2 && u[p - 2] < 0x80 ? u[p - 2] : 0x80;
    for (unsigned pass = 0; pass < 2; pass++) { /* its bucket, then keys of one */
        const unsigned bk = pass ? 0x80 : c;
        for (size_t k = sp->bucket[bk]; k < sp->bucket[bk + 1]; k++) {
            const sup_key *b = &sp->back[k];
            if (b->len <= p && b->len > best && sup_same(u + p - b->len, b->s, b->len)) {
                best = b->len;
                partial = b->partial;
            }
        }
        if (c == 0x80)
            break;
    }
    if (!best || !partial)
        return best != 0;
    if (sp->nfwd == 0)
        return 0;
    const UChar *f = u + p - best;
    int value = 1;
    for (size_t k = 1; k <= (size_t)m - (p - best); k++) { /* f[0..k) read */
        int longer = 0;
        value = 0;
        for (size_t i = 0; i < sp->nfwd; i++)
            if (sp->fwd[i].len >= k && sup_same(f, sp->fwd[i].s, k)) {
                value |= sp->fwd[i].len == k;
                longer |= sp->fwd[i].len > k;
            }
        if (!longer)
            return value;
    }
    return value;
}

/* ------------------------------------------------------- word segmenter */

/*
 * ICU's word break iterator costs about 400 instructions a word.  Most news
 * text uses a small part of UAX #29: letters, digits, the separators inside
 * words and numbers («U.S», «1,000.5», «can't»), combining marks, spaces,
 * newlines and punctuation.  For a document made only of such characters
 * (the word-break classes of tokenize_classes.h, from ICU's own Word_Break
 * property) the rules are applied here: WB3-WB3d (newlines, spaces), WB4 (marks and
 * format characters join what precedes them), WB5-WB12 (letters, digits and
 * their separators; as in ICU's root rules the colon is no MidLetter and
 * "@" is a letter),
 * WB999 (break).  A segment ending in a letter gets ICU's "letter" status,
 * one ending in a digit "number" (the status of ICU's last rule), others
 * none.  A document
 * with any other character (Hebrew, kana, CJK or Thai that ICU segments by
 * dictionary, "_", emoji sequences, characters from U+0800 up outside
 * General Punctuation) goes through ICU, so the tokens are always ICU's
 * (checked token for token on the corpora, see docs/performance.md), but
 * for one departure made in both: Arabic-script letters and digits written
 * together are two tokens («۱۴۰۰شورای», «لشکر۱۶»; docs/normalization.md).
 */
/* The class of the first character at or after i that is not a mark or
 * format character (WB4), and its index in *at; C_OTHER past the end. */
static unsigned char next_class(const unsigned char *cls, int32_t i, int32_t m, int32_t *at)
{
    while (i < m && cls[i] == C_EXTEND)
        i++;
    *at = i;
    return i < m ? cls[i] : C_OTHER;
}

/* The status fast_word_end gives a segment of white space (spaces, line
 * breaks), which makes no token: ICU's statuses are never negative. */
#define STATUS_BLANK (-1)

/* A segment's status by the class that decides it (as ICU: the status of
 * the last rule applied, so by the segment's last letter or digit: «g7» is
 * a number, «7g» a word); the classes below 16 (none C_ICU). */
static const int32_t status_of_class[16] = {
    [C_LETTER] = UBRK_WORD_LETTER, [C_NUMERIC] = UBRK_WORD_NUMBER,
    [C_SPACE] = STATUS_BLANK,      [C_CR] = STATUS_BLANK,
    [C_LF] = STATUS_BLANK,         [C_NEWLINE] = STATUS_BLANK,
};

/* The word-break classes that may join two letters or two digits (WB6/7,
 * WB11/12), as bits. */
#define MID_CLASSES (1u << C_MIDLETTER | 1u << C_MIDNUM | 1u << C_MIDNUMLET)

/* Bytes of C_OTHER after the last class: run_end reads a word at a time. */
#define CLS_PAD 8

/* The first unit from j on whose class is not c (cls[m] is C_OTHER and
 * CLS_PAD bytes are readable from there; c is not): eight classes a step. */
static inline int32_t run_end(const unsigned char *cls, int32_t j, unsigned char c)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t cc = c * 0x0101010101010101ull;
    for (;; j += 8) {
        uint64_t w;
        memcpy(&w, cls + j, 8);
        if (w != cc) /* the lowest byte that differs is the first */
            return j + (int32_t)((unsigned)__builtin_ctzll(w ^ cc) >> 3);
    }
#else
    while (cls[j] == c)
        j++;
    return j;
#endif
}

/* Whether UTF-16 unit u, a letter (Word_Break ALetter), is one of the
 * Arabic script's (Arabic, Arabic Supplement and Extended, the
 * presentation forms): a digit written against it is a token of its own. */
static inline int arabic_letter(UChar u)
{
    return (u >= 0x600 && u <= 0x6FF) || (u >= 0x750 && u <= 0x77F) ||
           (u >= 0x870 && u <= 0x8FF) || (u >= 0xFB50 && u <= 0xFDFF) ||
           (u >= 0xFE70 && u <= 0xFEFF);
}

/* The end of the word segment that starts at unit i < m of the m units u16
 * of word-break classes cls[] (none C_ICU; cls[m] is C_OTHER, which ends
 * every run), with ICU's status for it, or STATUS_BLANK, in *status; but
 * for ICU's rules WB9/WB10 between an Arabic-script letter and a digit
 * (seam_end). */
static inline int32_t fast_word_end(const UChar *u16, const unsigned char *cls, int32_t i,
                                    int32_t m, int32_t *status)
{
    unsigned char c = cls[i];
    int32_t j = i + 1;
    if (c == C_CR) {
        if (cls[j] == C_LF) /* WB3 */
            j++;
    } else if (c != C_LF && c != C_NEWLINE) { /* WB3a/b: newlines stand alone */
        if (c == C_SPACE)                       /* WB3d */
            while (cls[j] == C_SPACE)
                j++;
        if (c != C_LETTER && c != C_NUMERIC) {
            while (cls[j] == C_EXTEND) /* WB4 */
                j++;
        } else {
            for (;;) {
                j = run_end(cls, j, c); /* a letter after a letter, a digit after a digit */
                const int32_t last = j - 1; /* of class c */
                unsigned char d = cls[j];
                while (d == C_EXTEND) /* WB4 */
                    d = cls[++j];
                if (d == C_LETTER || d == C_NUMERIC) { /* WB5, 8, 9, 10 */
                    if (d != c && arabic_letter(u16[c == C_LETTER ? last : j]))
                        break; /* «1400شورای», «لشکر16»: two tokens */
                    c = d;
                    j++;
                    continue;
                }
                if (!(MID_CLASSES >> d & 1))
                    break;
                /* WB6/7 (letter, MidLetter or MidNumLet, letter) and
                 * WB11/12 (digit, MidNum or MidNumLet, digit) */
                int32_t at;
                unsigned char e = next_class(cls, j + 1, m, &at);
                int joins = c == C_LETTER
                                ? (d == C_MIDLETTER || d == C_MIDNUMLET) && e == C_LETTER
                                : (d == C_MIDNUM || d == C_MIDNUMLET) && e == C_NUMERIC;
                if (!joins)
                    break;
                j = at;
            }
        }
    }
    *status = status_of_class[c];
    return j;
}

/* What seam_end sees of a unit: a digit (Word_Break Numeric), an
 * Arabic-script letter, a mark or format character (WB4: it goes with the
 * character before it), anything else. */
enum { SEAM_OTHER, SEAM_DIGIT, SEAM_ARABIC, SEAM_EXTEND };

static int seam_kind(UChar u)
{
    int32_t wb;
    if (u < WB_LOW) { /* the classes convert made */
        unsigned char c = (unsigned char)tg_tok_classes[u];
        wb = c == C_NUMERIC ? U_WB_NUMERIC : c == C_LETTER ? U_WB_ALETTER
                                             : c == C_EXTEND ? U_WB_EXTEND : U_WB_OTHER;
    } else {
        wb = u_getIntPropertyValue(u, UCHAR_WORD_BREAK);
    }
    if (wb == U_WB_NUMERIC)
        return SEAM_DIGIT;
    if (wb == U_WB_EXTEND || wb == U_WB_FORMAT || wb == U_WB_ZWJ)
        return SEAM_EXTEND;
    return wb == U_WB_ALETTER && arabic_letter(u) ? SEAM_ARABIC : SEAM_OTHER;
}

/* The first seam in ICU's word or number segment u16[start..end): where a
 * digit follows an Arabic-script letter or a letter a digit (marks between
 * them go with the first), as fast_word_end cuts; end if none.  *status is
 * set to that of the part before the seam (by its last character). */
static int32_t seam_end(const UChar *u16, int32_t start, int32_t end, int32_t *status)
{
    int prev = SEAM_OTHER;
    for (int32_t k = start; k < end; k++) {
        int w = seam_kind(u16[k]);
        if (w == SEAM_EXTEND)
            continue;
        if ((prev == SEAM_DIGIT && w == SEAM_ARABIC) || (prev == SEAM_ARABIC && w == SEAM_DIGIT)) {
            *status = prev == SEAM_DIGIT ? UBRK_WORD_NUMBER : UBRK_WORD_LETTER;
            return k;
        }
        prev = w;
    }
    return end;
}

static int32_t skip_extend(const unsigned char *cls, int32_t i, int32_t m)
{
    while (i < m && cls[i] == S_EXTEND) /* SB5 */
        i++;
    return i;
}

/* The first unit from i on whose sentence-break class is S_ATERM or a
 * later one (where a boundary can come), or m: eight classes at a time.
 * A class byte (below 32) plus 0x80 - S_ATERM has bit 7 set exactly when
 * it is S_ATERM or more, and never carries into the next byte. */
static int32_t next_terminator(const unsigned char *cls, int32_t i, int32_t m)
{
    const uint64_t ones = 0x0101010101010101ull;
    for (; i + 8 <= m; i += 8) {
        uint64_t w;
        memcpy(&w, cls + i, 8);
        if ((w + (0x80 - S_ATERM) * ones) & (ones << 7))
            break;
    }
    while (i < m && cls[i] < S_ATERM)
        i++;
    return i;
}

static int is_parasep(unsigned char c)
{
    return c == S_CR || c == S_LF || c == S_SEP;
}

/* Sentence boundaries of u[0..m), whose sentence-break classes are cls[]
 * (none S_ICU), as ICU's sentence iterator for English gives them (each
 * > 0, the last m): ends[k] for k < *n.  The rules of UAX #29
 * (SB3-SB11): a break after a paragraph separator (CR LF together), and
 * after a terminator with its closing punctuation and spaces, unless a
 * digit follows an ATerm directly (SB6), an ATerm between a letter and a
 * capital (SB7), a lowercase letter after an ATerm and anything but
 * letters, separators and terminators (SB8), an SContinue or another
 * terminator (SB8a), or a separator (which breaks after itself); then the
 * English suppressions of sp take back a boundary before the text's end. */
static void fast_sentences(const UChar *u, int32_t m, const unsigned char *cls,
                           const struct suppressions *sp, int32_t *ends, size_t *n)
{
    size_t k = 0;
    int32_t i = 0;
    for (;;) {
        i = next_terminator(cls, i, m); /* SB998 */
        if (i == m)
            break;
        unsigned char c = cls[i];
        int32_t j = i + 1;
        if (is_parasep(c)) { /* SB3, SB4 */
            if (c == S_CR && j < m && cls[j] == S_LF)
                j++;
            ends[k++] = j;
            i = j;
            continue;
        }
        j = skip_extend(cls, j, m);
        if (c == S_ATERM && j < m) {
            if (cls[j] == S_NUMERIC) { /* SB6 */
                i = j;
                continue;
            }
            int32_t b = i;
            while (b > 0 && cls[b - 1] == S_EXTEND)
                b--;
            if (cls[j] == S_UPPER && b > 0 && (cls[b - 1] == S_UPPER || cls[b - 1] == S_LOWER)) {
                i = j; /* SB7 */
                continue;
            }
        }
        while (j < m && cls[j] == S_CLOSE) /* SB9 */
            j = skip_extend(cls, j + 1, m);
        while (j < m && cls[j] == S_SP) /* SB10 */
            j = skip_extend(cls, j + 1, m);
        unsigned char d = j < m ? cls[j] : S_OTHER;
        if (d == S_SCONTINUE || d == S_ATERM || d == S_STERM || /* SB8a */
            is_parasep(d)) {                                    /* SB9, SB10 */
            i = j;
            continue;
        }
        if (c == S_ATERM) { /* SB8 */
            int32_t l = j;
            while (l < m && cls[l] != S_OLETTER && cls[l] != S_UPPER && cls[l] != S_LOWER &&
                   !is_parasep(cls[l]) && cls[l] != S_ATERM && cls[l] != S_STERM)
                l++;
            if (l < m && cls[l] == S_LOWER) {
                i = j;
                continue;
            }
        }
        if (j < m && suppressed(sp, u, m, j)) { /* "Mr. Smith" */
            i = j;
            continue;
        }
        ends[k++] = j; /* SB11 */
        i = j;
    }
    if (k == 0 || ends[k - 1] != m)
        ends[k++] = m;
    *n = k;
}

static tagger_token_kind kind_of(const tg_normtext *nt, int32_t start,
                                 int32_t status, int *skip)
{
    *skip = 0;
    if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT)
        return TAGGER_TOKEN_NUMBER;
    if (status >= UBRK_WORD_LETTER && status < UBRK_WORD_IDEO_LIMIT)
        return TAGGER_TOKEN_WORD;
    size_t i = (size_t)start;
    uint32_t c = tg_utf8_next(nt->text, &i);
    unsigned char k = tg_tok_kinds[table_index(c)]; /* the tables made by convert */
    if (k == KIND_ASK)
        k = tg_tokenize_kind_of_property((UChar32)c);
    *skip = k == KIND_BLANK;
    return k == KIND_PUNCT ? TAGGER_TOKEN_PUNCT
           : k == KIND_LETTER ? TAGGER_TOKEN_WORD
                              : TAGGER_TOKEN_SYMBOL;
}

/* Whether toks[0..n) ends with an initial, a title or a country's
 * initials that ICU's English suppressions lack, and its period ("D.
 * Bergkamp", "Gen. Smith", "the U.S. Open"): no sentence break there. */
static int after_title(const tg_normtext *nt, const tagger_token *toks, size_t n)
{
    static const char *const titles[] = {"adm", "capt", "cmdr", "dr",   "gen", "gov", "lt",
                                         "maj", "mt",   "rev",  "sen",  "sgt", "st",  "supt",
                                         "u.k", "u.n",  "u.s"};
    if (n < 2 || toks[n - 1].norm_end - toks[n - 1].norm_start != 1 ||
        nt->text[toks[n - 1].norm_start] != '.')
        return 0;
    const char *w = nt->text + toks[n - 2].norm_start;
    size_t len = toks[n - 2].norm_end - toks[n - 2].norm_start;
    if (toks[n - 2].norm_end != toks[n - 1].norm_start)
        return 0;
    if (len == 1 && w[0] >= 'a' && w[0] <= 'z') /* an initial: "John F. Kennedy", "S. Africa" */
        return 1;
    for (size_t i = 0; i < sizeof titles / sizeof *titles; i++)
        if (strlen(titles[i]) == len && memcmp(titles[i], w, len) == 0)
            return 1;
    return 0;
}

tagger_status tg_tokenize(const tg_tokenizer *tk, const tg_normtext *nt,
                          tagger_token **tokens, size_t *ntokens,
                          size_t *nsentences, tagger_error *err)
{
    return tg_tokenize_with(tk, nt, 0, tokens, ntokens, nsentences, err);
}

tagger_status tg_tokenize_with(const tg_tokenizer *tk, const tg_normtext *nt, int flags,
                               tagger_token **tokens, size_t *ntokens, size_t *nsentences,
                               tagger_error *err)
{
    *tokens = NULL;
    *ntokens = 0;
    *nsentences = 0;
    if (nt->len == 0)
        return TAGGER_OK;

    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *wb = NULL, *sb = NULL;
    tagger_token *toks = NULL;
    size_t n = 0, cap = 0;
    tagger_status rc = TAGGER_OK;

    /* ICU iterates UTF-16 natively (UTF-8 through UText is ~3x slower), so
     * convert once, keeping the UTF-8 offset of every UTF-16 unit and its
     * word- and sentence-break classes for the segmenters of this file;
     * wicu and sicu note a unit outside their tables.  One block for them
     * and the sentence ends (at most one a unit, and the units at most one
     * a byte): the offsets and ends first, 4-byte aligned; the thread's
     * block, kept from one document to the next (scratch.h). */
    const size_t units = nt->len + 1;
    uint32_t *at = tg_scratch(TG_SCRATCH_TOKENIZE,
                              units * (2 * sizeof(uint32_t) + sizeof(UChar) + 2) + CLS_PAD);
    if (!at)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    int32_t *sends = (int32_t *)(at + units);
    UChar *u16 = (UChar *)(sends + units), *cased = NULL;
    unsigned char *cls = (unsigned char *)(u16 + units), *scls = cls + units + CLS_PAD;
    unsigned seen = 0; /* the classes OR-ed */
    /* ASCII sixteen bytes at a time where a quarter of the text or more
     * is Latin letters (the tries cost Persian's short ASCII runs more
     * than they give) */
    const int32_t m = tg_tokenize_convert(nt->text, nt->len, nt->latin_letters * 4 >= nt->len, u16,
                                          at, cls, scls, &seen);
    memset(cls + m, C_OTHER, CLS_PAD); /* fast_word_end's sentinel, and run_end's reads */
    int sicu = (seen >> 8 & S_ICU) != 0;

    /* word boundaries: our segmenter when it covers the text, else ICU's */
    const int icu_only = flags & TG_TOKENIZE_ICU_ONLY, words_only = flags & TG_TOKENIZE_WORDS_ONLY;
    int fast = !icu_only && !(seen & C_ICU);
    if (!fast) {
        wb = clone_template(tk, 0, &st);
        if (U_SUCCESS(st))
            ubrk_setText(wb, u16, m, &st);
    }
    if (nt->latin_letters && nt->input && !words_only &&
        !(cased = tg_tokenize_cased_copy(nt, u16, at, m, scls, &sicu))) {
        rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        goto done;
    }
    /* sentence boundaries: ours, with the English suppressions, when the
     * text's characters are all in our table, else ICU's */
    size_t nsent = 0, sent = 0;
    int fast_sent = words_only; /* then no boundary at all: one sentence */
    const struct suppressions *sp;
    if (!icu_only && !words_only && !sicu && (sp = suppressions_of(tk))) {
        fast_sentences(cased ? cased : u16, m, scls, sp, sends, &nsent);
        fast_sent = 1;
    }
    if (U_SUCCESS(st) && !fast_sent)
        sb = clone_template(tk, 1, &st);
    if (U_SUCCESS(st) && !fast_sent)
        ubrk_setText(sb, cased ? cased : u16, m, &st);
    if (U_FAILURE(st)) {
        rc = tg_error_set(err, TAGGER_ERR_INTERNAL, 0, "ICU break iterator: %s",
                          u_errorName(st));
        goto done;
    }

    size_t sentence = 0;
    int32_t sentence_end = !fast_sent ? ubrk_following(sb, 0) : nsent ? sends[0] : UBRK_DONE;
    int32_t icu_end = 0, icu_status = 0; /* ICU's segment, cut at its seams */
    for (int32_t start = 0, end;; start = end) {
        int32_t rule_status;
        if (fast) {
            if (start == m)
                break;
            end = fast_word_end(u16, cls, start, m, &rule_status);
            if (rule_status == STATUS_BLANK)
                continue;
        } else {
            if (start == icu_end) {
                if ((icu_end = ubrk_next(wb)) == UBRK_DONE)
                    break;
                icu_status = ubrk_getRuleStatus(wb);
            }
            rule_status = icu_status;
            end = rule_status >= UBRK_WORD_NUMBER && rule_status < UBRK_WORD_LETTER_LIMIT
                      ? seam_end(u16, start, icu_end, &rule_status)
                      : icu_end;
        }
        int skip;
        tagger_token_kind kind = kind_of(nt, (int32_t)at[start], rule_status, &skip);
        if (skip)
            continue;
        /* sentences without tokens (blank lines) get no index */
        int moved = 0;
        while (sentence_end != UBRK_DONE && start >= sentence_end) {
            sentence_end = !fast_sent ? ubrk_next(sb) : ++sent < nsent ? sends[sent] : UBRK_DONE;
            moved = 1;
        }
        if (moved && n > 0 && !after_title(nt, toks, n))
            sentence++;
        if (n + 2 > cap) {
            /* first room for a token every 4 bytes (news has one every 5
             * to 6): a document's tokens are seldom copied to a larger block */
            size_t ncap = cap ? cap * 2 : nt->len / 4 + 64;
            tagger_token *t = realloc(toks, ncap * sizeof *t);
            if (!t) {
                rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
                goto done;
            }
            toks = t;
            cap = ncap;
        }
        /* the English possessive is a token of its own, as in the treebank
         * tokenization the English model learnt from: "Davis's" -> "Davis"
         * "'s", so that the name's span stops before it */
        int32_t split = end;
        if (kind == TAGGER_TOKEN_WORD && end - start > 2 && u16[end - 1] == 's' &&
            (u16[end - 2] == '\'' || u16[end - 2] == 0x2019))
            split = end - 2;
        for (int32_t from = start, to = split; from < end; from = to, to = end) {
            tagger_token *t = &toks[n++];
            t->norm_start = at[from];
            t->norm_end = at[to];
            t->start = nt->ostart[t->norm_start];
            t->end = nt->oend[t->norm_end - 1];
            t->kind = kind;
            t->sentence = sentence;
        }
        /* one space, before neither a space nor a mark, is a segment of its
         * own that makes no token (fast_word_end: STATUS_BLANK): stepped
         * over here (most of the spaces between words) */
        if (fast && cls[end] == C_SPACE && cls[end + 1] != C_SPACE && cls[end + 1] != C_EXTEND)
            end++;
    }
    *tokens = toks;
    *ntokens = n;
    *nsentences = n ? toks[n - 1].sentence + 1 : 0;
    toks = NULL;

done:
    free(toks);
    if (wb)
        ubrk_close(wb);
    if (sb)
        ubrk_close(sb);
    free(cased);
    tg_scratch_done(TG_SCRATCH_TOKENIZE);
    return rc;
}

size_t tg_token_at(const tagger_token *tokens, size_t n, size_t b)
{
    /* Callers ask about bytes mostly in increasing order, most of them a
     * few tokens after the last answer: the search starts at this
     * thread's last answer (a hint only: any array, any n) and gallops
     * forward (steps of 1, 2, 4 ...), or bisects the tokens before it.
     * The answer is then in [lo, lo + len]; each step of the bisection
     * halves len with a conditional add rather than a branch, which the
     * processor could only guess (the tokens' ends increase, so any
     * bisection finds the same). */
    static _Thread_local size_t hint;
    size_t lo = hint < n ? hint : n, len;
    if (lo > 0 && tokens[lo - 1].norm_end > b) {
        len = lo - 1;
        lo = 0;
    } else {
        size_t step = 1;
        while (step <= n - lo && tokens[lo + step - 1].norm_end <= b) {
            lo += step;
            step *= 2;
        }
        len = step <= n - lo ? step - 1 : n - lo;
    }
    while (len > 1) {
        size_t half = len / 2;
        lo += tokens[lo + half - 1].norm_end <= b ? half : 0;
        len -= half;
    }
    hint = lo + (len == 1 && tokens[lo].norm_end <= b);
    return hint;
}

static pthread_mutex_t word_set_lock = PTHREAD_MUTEX_INITIALIZER;

static void word_set_make(tg_word_set *set)
{
    pthread_mutex_lock(&word_set_lock);
    if (!atomic_load_explicit(&set->ready, memory_order_relaxed)) {
        uint64_t last[64] = {0};
        unsigned char at[65] = {0};
        for (size_t i = 0; i < set->n; i++) {
            size_t n = set->words[i].n, k = n < 64 ? n : 63;
            if (n > 0)
                last[k] |= 1ull << tg_word_set_bit(set->words[i].s, n);
            if (set->n <= TG_WORD_SET_INDEXED)
                at[k + 1]++;
        }
        for (size_t k = 0; k < 64; k++) { /* counting sort by length */
            at[k + 1] = (unsigned char)(at[k + 1] + at[k]);
            set->from[k] = at[k];
        }
        set->from[64] = at[64];
        for (size_t i = 0; i < set->n && set->n <= TG_WORD_SET_INDEXED; i++) {
            size_t n = set->words[i].n;
            set->by_len[at[n < 64 ? n : 63]++] = (unsigned char)i;
        }
        for (size_t k = 0; k < 64; k++)
            atomic_store_explicit(&set->last[k], last[k], memory_order_relaxed);
        atomic_store_explicit(&set->ready, 1, memory_order_release);
    }
    pthread_mutex_unlock(&word_set_lock);
}

int tg_word_set_find(tg_word_set *set, const char *s, size_t len)
{
    if (!atomic_load_explicit(&set->ready, memory_order_acquire))
        word_set_make(set);
    if (set->n > TG_WORD_SET_INDEXED) {
        for (size_t i = 0; i < set->n; i++)
            if (set->words[i].n == len && set->words[i].s[len - 1] == s[len - 1] &&
                memcmp(s, set->words[i].s, len) == 0)
                return 1;
        return 0;
    }
    size_t k = len < 64 ? len : 63;
    for (size_t j = set->from[k]; j < set->from[k + 1]; j++) {
        const tg_word *w = &set->words[set->by_len[j]];
        if (w->n == len && w->s[len - 1] == s[len - 1] && memcmp(s, w->s, len) == 0)
            return 1;
    }
    return 0;
}
