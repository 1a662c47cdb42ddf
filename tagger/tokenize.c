/* tokenize — see tokenize.h for the algorithm. */
#include "tokenize.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>

#include "internal.h"

struct tg_tokenizer {
    UBreakIterator *words;     /* templates, cloned per call */
    UBreakIterator *sentences;
};

tg_tokenizer *tg_tokenizer_new(tagger_error *err)
{
    tg_tokenizer *tk = calloc(1, sizeof *tk);
    if (!tk) {
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    UErrorCode st = U_ZERO_ERROR;
    tk->words = ubrk_open(UBRK_WORD, "fa", NULL, 0, &st);
    if (U_SUCCESS(st))
        tk->sentences = ubrk_open(UBRK_SENTENCE, "fa", NULL, 0, &st);
    if (U_FAILURE(st)) {
        tg_error_set(err, TAGGER_ERR_INTERNAL, 0, "ICU break iterator: %s",
                     u_errorName(st));
        tg_tokenizer_free(tk);
        return NULL;
    }
    return tk;
}

void tg_tokenizer_free(tg_tokenizer *tk)
{
    if (!tk)
        return;
    if (tk->words)
        ubrk_close(tk->words);
    if (tk->sentences)
        ubrk_close(tk->sentences);
    free(tk);
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
    if (c == ' ' || c == '\n' || u_isUWhiteSpace((UChar32)c)) {
        *skip = 1;
        return TAGGER_TOKEN_SYMBOL;
    }
    if (u_ispunct((UChar32)c))
        return TAGGER_TOKEN_PUNCT;
    /* a run of letters ICU left without a word status (e.g. marks alone) */
    if (u_isalpha((UChar32)c))
        return TAGGER_TOKEN_WORD;
    return TAGGER_TOKEN_SYMBOL;
}

tagger_status tg_tokenize(const tg_tokenizer *tk, const tg_normtext *nt,
                          tagger_token **tokens, size_t *ntokens,
                          size_t *nsentences, tagger_error *err)
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
     * convert once, keeping the UTF-8 offset of every UTF-16 unit. */
    UChar *u16 = malloc((nt->len + 1) * sizeof *u16);
    uint32_t *at = malloc((nt->len + 1) * sizeof *at);
    if (!u16 || !at) {
        rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        goto done;
    }
    int32_t m = 0;
    for (size_t i = 0; i < nt->len;) {
        uint32_t pos = (uint32_t)i;
        uint32_t c = tg_utf8_next(nt->text, &i);
        if (c < 0x10000) {
            at[m] = pos;
            u16[m++] = (UChar)c;
        } else {
            at[m] = pos;
            u16[m++] = (UChar)(0xD7C0 + (c >> 10));
            at[m] = pos;
            u16[m++] = (UChar)(0xDC00 | (c & 0x3FF));
        }
    }
    at[m] = (uint32_t)nt->len;

    wb = ubrk_clone(tk->words, &st);
    sb = ubrk_clone(tk->sentences, &st);
    if (U_SUCCESS(st))
        ubrk_setText(wb, u16, m, &st);
    if (U_SUCCESS(st))
        ubrk_setText(sb, u16, m, &st);
    if (U_FAILURE(st)) {
        rc = tg_error_set(err, TAGGER_ERR_INTERNAL, 0, "ICU break iterator: %s",
                          u_errorName(st));
        goto done;
    }

    size_t sentence = 0;
    int32_t sentence_end = ubrk_following(sb, 0);
    int32_t start = ubrk_first(wb);
    for (int32_t end = ubrk_next(wb); end != UBRK_DONE;
         start = end, end = ubrk_next(wb)) {
        int skip;
        tagger_token_kind kind = kind_of(nt, (int32_t)at[start],
                                         ubrk_getRuleStatus(wb), &skip);
        if (skip)
            continue;
        /* sentences without tokens (blank lines) get no index */
        int moved = 0;
        while (sentence_end != UBRK_DONE && start >= sentence_end) {
            sentence_end = ubrk_next(sb);
            moved = 1;
        }
        if (moved && n > 0)
            sentence++;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            tagger_token *t = realloc(toks, ncap * sizeof *t);
            if (!t) {
                rc = tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
                goto done;
            }
            toks = t;
            cap = ncap;
        }
        tagger_token *t = &toks[n++];
        t->norm_start = at[start];
        t->norm_end = at[end];
        t->start = nt->ostart[t->norm_start];
        t->end = nt->oend[t->norm_end - 1];
        t->kind = kind;
        t->sentence = sentence;
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
    free(u16);
    free(at);
    return rc;
}
