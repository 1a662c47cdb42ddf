/* render_out — the output buffer every format writes into (render.h): bytes,
 * literals and numbers appended, offsets converted to the caller's unit, and
 * whole pieces of about TG_RENDER_PIECE bytes handed to the writer (through
 * the format's filter) as they fill, so memory stays bounded whatever the
 * document's size.  The ground floor of the renderers: it knows no format. */
#include "render.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- buffer */

int tg_render_buf_reserve(tg_render_buf *b, size_t more)
{
    if (b->failed)
        return 0;
    if (more <= b->cap - b->n)
        return 1;
    size_t cap = b->cap ? b->cap : 256;
    while (cap - b->n < more) {
        if (cap > SIZE_MAX / 2) {
            b->failed = 1;
            return 0;
        }
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) {
        b->failed = 1;
        return 0;
    }
    b->p = p;
    b->cap = cap;
    return 1;
}

void tg_render_buf_put(tg_render_buf *b, const char *s, size_t len)
{
    if (tg_render_buf_reserve(b, len)) {
        memcpy(b->p + b->n, s, len);
        b->n += len;
    }
}

/* ------------------------------------------------------ for renderers */

char *tg_render_grow(tg_render *r, size_t more)
{
    if (r->stopped || !tg_render_buf_reserve(&r->buf, more)) {
        r->failed |= r->buf.failed;
        return NULL;
    }
    return r->buf.p + r->buf.n;
}

size_t tg_decimal_at(char *at, uint64_t v)
{
    /* written in place, last digits first, once their number is known: no
     * copy of a variable length (a memcpy call); the number counted from
     * its highest bit and written two digits a division (snprintf cost ~700
     * instructions a number, a digit a division ~80; offsets have three or
     * four, and a document has two an entity) */
    static const char pairs[201] = "00010203040506070809101112131415161718192021222324"
                                   "25262728293031323334353637383940414243444546474849"
                                   "50515253545556575859606162636465666768697071727374"
                                   "75767778798081828384858687888990919293949596979899";
    static const uint64_t pow10[20] = {1ull,
                                       10ull,
                                       100ull,
                                       1000ull,
                                       10000ull,
                                       100000ull,
                                       1000000ull,
                                       10000000ull,
                                       100000000ull,
                                       1000000000ull,
                                       10000000000ull,
                                       100000000000ull,
                                       1000000000000ull,
                                       10000000000000ull,
                                       100000000000000ull,
                                       1000000000000000ull,
                                       10000000000000000ull,
                                       100000000000000000ull,
                                       1000000000000000000ull,
                                       10000000000000000000ull};
    /* the digits from the bits: bits * log10(2) (1233 / 4096) is the
     * number of digits, or one less */
    const unsigned t = (unsigned)(64 - __builtin_clzll(v | 1)) * 1233 >> 12;
    const size_t digits = t + ((v | 1) >= pow10[t]);
    size_t k = digits;
    for (; v >= 100; v /= 100, k -= 2)
        memcpy(at + k - 2, pairs + 2 * (v % 100), 2);
    if (v >= 10)
        memcpy(at, pairs + 2 * v, 2);
    else
        at[0] = (char)('0' + v);
    return digits;
}

void tg_render_size(tg_render *r, size_t v)
{
    char *at = tg_render_reserve(r, TG_DECIMAL_MAX);
    if (at)
        r->buf.n += tg_decimal_at(at, v);
}

void tg_render_field(tg_render *r, const char *s, size_t len)
{
    size_t from = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != 0x7F)
            continue;
        tg_render_put(r, s + from, i - from);
        tg_render_put(r, "\xEF\xBF\xBD", 3);
        from = i + 1;
    }
    tg_render_put(r, s + from, len - from);
}

size_t tg_render_keep(const tagger_entity *e, size_t last_end)
{
    return e->start < last_end || e->end <= e->start ? SIZE_MAX : e->end;
}

size_t tg_render_offset(const tg_render *r, size_t byte)
{
    return tagger_doc_offset(r->doc, byte, r->opt.offsets);
}

int tg_render_done(const tg_render *r)
{
    return r->failed || r->stopped;
}

/* Hands what is buffered to the writer (through the filter), once it holds
 * a piece or, with `all`, whatever it holds. */
void tg_render_hand_over(tg_render *r, int all)
{
    if (!r->write || tg_render_done(r) || (!all && r->buf.n < TG_RENDER_PIECE) ||
        r->buf.n == 0)
        return;
    const char *s = r->buf.p;
    size_t n = r->buf.n;
    tg_render_buf out = {0};
    if (r->format->filter && r->format->filter(r, r->buf.p, r->buf.n, &out)) {
        if (out.failed) {
            free(out.p);
            r->failed = 1;
            return;
        }
        s = out.p;
        n = out.n;
    }
    r->stopped = r->write(r->ctx, s, n) != 0;
    free(out.p);
    r->buf.n = 0;
}

void tg_render_piece(tg_render *r)
{
    tg_render_hand_over(r, 0);
}
