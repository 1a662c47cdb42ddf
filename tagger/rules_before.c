/*
 * rules_before — which of a `starts-before` rule's candidate starts may
 * match, read from the expanded pattern: how many runs of spaces a match may
 * hold before its literal, and which characters must precede it.
 *
 * A `starts-before LITERAL N` rule is tried at every boundary up to N bytes
 * before each occurrence of LITERAL (tg_rules_before_candidates, at the end
 * of this file, with `needs`'s limit).  When the pattern's
 * body is a sequence whose top level reaches LITERAL itself (no top-level
 * alternation before it), every match is PREFIX LITERAL …, and PREFIX's
 * atoms bound how many horizontal spaces it can match: \h matches one, \h?
 * at most one, \p{L}+ none.  Each maximal run of \h characters in the text
 * between a start and the literal needs a match of a space atom of its own
 * (an atom matches a contiguous piece, and no other atom matches \h), so a
 * start with more runs than PREFIX's space atoms can match before the first
 * occurrence of the literal at or after it cannot match (a later
 * occurrence only adds runs).  \h atoms right before the literal (the
 * tail: `\h?:`, even `\h+:`) match only within the run of spaces that
 * ends at the literal, so that run is not counted and K counts the atoms
 * before them.  The prefilter counts the runs backwards from each
 * occurrence and drops the starts before the (K+1)-th: fa.person.speaker,
 * `(?<e>\p{L}{3,}+)\h?:`, has K = 0 and a tail, so only the word right
 * before a «:» is tried instead of every word of the 64 bytes before it.
 *
 * The reader knows a few atoms only — \h, \p{L}, \p{N}, \d, \w, literal
 * characters that are not \h, groups, lookarounds (zero-width: read over),
 * quantifiers — and gives up (-1: no bound, every boundary is tried) at
 * anything else: classes, dots, alternation at the top level, an unbounded
 * repeat of a space.
 *
 * A body that opens with (?<=[…]) or (?:^|(?<=[…])) and has no alternation
 * beside it matches only after one of the class's characters (or at the
 * text's start): fa.date.today, `(?:^|(?<=[.!?؟\n]))[^:.!?؟\n]{0,400}?…`,
 * tried at every boundary up to 900 bytes before «امروز», is tried only at
 * the sentence starts among them.  The class is read when it lists single
 * characters below U+0800 (the prefilter's code points), escapes of
 * punctuation, \n or \t; else there is no such set.
 *
 * The occurrences of a `starts-before` literal are found by two of its
 * bytes at once, 32 positions a step, on x86 builds with AVX2 (chosen at
 * run time; -DTAGGER_PORTABLE=ON keeps memchr on one byte only): «سنت»'s
 * «س» alone stops memchr every 70 bytes of Persian news, «س» and «ت» five
 * bytes on stop it at one position in 3,000.  `needs`'s limit
 * (tg_rules_needs_limit) is the last occurrence of any of its literals:
 * each is looked for from the text's end backwards, down to the last found
 * so far, so a text that has one near its end is not read whole.
 */
#define _GNU_SOURCE /* memrchr */
#include "rules_internal.h"

#include "grow.h"
#include "normalize.h"

#if (defined(__x86_64__) || defined(__i386__)) && !defined(TAGGER_PORTABLE)
#include <immintrin.h>
#define BEFORE_AVX2_DISPATCH 1
#endif

/* The code points \h matches (PCRE2's list). */
static int is_hspace(uint32_t c)
{
    return c == 0x09 || c == 0x20 || c == 0xA0 || c == 0x1680 || c == 0x180E ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000;
}

/* The code point at p (n bytes left) and its length, 0 when malformed. */
static size_t utf8_at(const char *p, size_t n, uint32_t *cp)
{
    size_t len = tg_utf8_char_len((const unsigned char *)p, n);
    if (len) {
        size_t i = 0;
        *cp = tg_utf8_next(p, &i);
    }
    return len;
}

#define UNBOUNDED 0x7FFFFFFF
#define MAX_RUNS 64

/* The largest repeat count of a quantifier at *p (1 when none), moving *p
 * past it and its lazy or possessive mark; -1 when malformed. */
static long quantifier(const char **p, const char *e)
{
    const char *q = *p;
    long max = 1;
    if (q < e && (*q == '?' || *q == '*' || *q == '+')) {
        max = *q == '?' ? 1 : UNBOUNDED;
        q++;
    } else if (q < e && *q == '{') {
        long lo = 0, hi;
        int digits = 0;
        for (q++; q < e && *q >= '0' && *q <= '9' && lo < 100000; q++, digits++)
            lo = lo * 10 + (*q - '0');
        if (!digits)
            return 1; /* a literal {, which the caller rejects */
        hi = lo;
        if (q < e && *q == ',') {
            hi = UNBOUNDED;
            digits = 0;
            long h = 0;
            for (q++; q < e && *q >= '0' && *q <= '9' && h < 100000; q++, digits++)
                h = h * 10 + (*q - '0');
            if (digits)
                hi = h;
        }
        if (q >= e || *q != '}')
            return -1;
        q++;
        max = hi;
    } else {
        return 1;
    }
    if (q < e && (*q == '?' || *q == '+'))
        q++;
    *p = q;
    return max;
}

/* Past the group whose '(' is at p (a lookaround, read over): its ')' + 1,
 * NULL when unbalanced. */
static const char *skip_group(const char *p, const char *e)
{
    int depth = 0, in_class = 0;
    for (; p < e; p++) {
        if (*p == '\\') {
            p++;
        } else if (in_class) {
            in_class = *p != ']';
        } else if (*p == '[') {
            in_class = 1;
            if (p + 1 < e && p[1] == '^')
                p++;
            if (p + 1 < e && p[1] == ']') /* a leading ] is a member */
                p++;
        } else if (*p == '(') {
            depth++;
        } else if (*p == ')' && --depth == 0) {
            return p + 1;
        }
    }
    return NULL;
}

static int starts_with(const char *p, const char *e, const char *lit, size_t n)
{
    return (size_t)(e - p) >= n && memcmp(p, lit, n) == 0;
}

int tg_rules_before_runs(const char *body, size_t n, const char *lit, int *tail)
{
    size_t lit_n = strlen(lit);
    const char *p = body, *e = body + n;
    /* the literal must be read as itself: no character PCRE2 treats apart */
    if (lit_n == 0 || strpbrk(lit, "\\^$.[]|()?*+{} \t#"))
        return -1;
    /* the open groups: the sum of the branch being read, the largest of
     * the branches closed */
    long cur[16], best[16];
    int depth = 0;
    cur[0] = best[0] = 0;
    /* the \h atoms of the top level right before the literal (its tail):
     * the runs before them, and whether one repeats without bound */
    long inner = 0;
    int in_tail = 0, tail_open = 0;
    while (p < e) {
        if (depth == 0 && starts_with(p, e, lit, lit_n)) {
            const char *after = p + lit_n;
            if (after < e && (*after == '?' || *after == '*' || *after == '{'))
                return -1;
            *tail = in_tail;
            return (int)(in_tail ? inner : cur[0]);
        }
        int space = 0; /* the item is \h */
        long atom; /* the space runs one repeat of the item may match */
        if (*p == '(') {
            if (p + 2 < e && p[1] == '?' &&
                (p[2] == '=' || p[2] == '!' ||
                 (p[2] == '<' && p + 3 < e && (p[3] == '=' || p[3] == '!')))) {
                if (!(p = skip_group(p, e)))
                    return -1;
                continue; /* zero-width, never repeated in our patterns */
            }
            if (p + 1 < e && p[1] == '?') {
                if (p + 2 < e && (p[2] == ':' || p[2] == '>'))
                    p += 3;
                else if (p + 2 < e &&
                         (p[2] == '<' || (p[2] == 'P' && p + 3 < e && p[3] == '<'))) {
                    const char *close = memchr(p, '>', (size_t)(e - p));
                    if (!close)
                        return -1;
                    p = close + 1;
                } else {
                    return -1;
                }
            } else {
                p++;
            }
            if (++depth >= 16)
                return -1;
            cur[depth] = best[depth] = 0;
            continue;
        } else if (*p == '|') {
            if (depth == 0)
                return -1; /* a branch might not reach the literal */
            if (cur[depth] > best[depth])
                best[depth] = cur[depth];
            cur[depth] = 0;
            p++;
            continue;
        } else if (*p == ')') {
            if (depth == 0)
                return -1;
            atom = cur[depth] > best[depth] ? cur[depth] : best[depth];
            depth--;
            p++;
        } else if (*p == '\\') {
            if (p + 1 >= e)
                return -1;
            if (p[1] == 'h') {
                atom = space = 1;
                p += 2;
            } else if (p[1] == 'd' || p[1] == 'w') {
                atom = 0;
                p += 2;
            } else if (starts_with(p, e, "\\p{L}", 5) || starts_with(p, e, "\\p{N}", 5)) {
                atom = 0;
                p += 5;
            } else {
                return -1;
            }
        } else if (strchr("^$.[]?*+{}#", *p)) {
            return -1;
        } else {
            uint32_t cp;
            size_t len = utf8_at(p, (size_t)(e - p), &cp);
            if (!len || is_hspace(cp) || cp == '\n' || cp == '\r')
                return -1;
            atom = 0;
            p += len;
        }
        long rep = quantifier(&p, e);
        if (rep < 0 || (p < e && *p == '{'))
            return -1;
        if (depth == 0 && space) { /* in the tail: its runs are the literal's */
            if (!in_tail)
                inner = cur[0];
            in_tail = 1;
            tail_open |= rep == UNBOUNDED;
            if (rep == UNBOUNDED)
                continue;
        } else if (depth == 0) {
            if (tail_open)
                return -1;
            in_tail = 0;
        }
        if (atom > 0 && rep == UNBOUNDED)
            return -1;
        if (atom > 0) {
            cur[depth] += atom * rep;
            if (cur[depth] > MAX_RUNS)
                return -1;
        }
    }
    return -1; /* the literal was not found at the top level */
}

size_t tg_rules_before_floor(const unsigned char *t, size_t lo, size_t q, int runs, int tail)
{
    size_t i = q;
    while (tail && i > lo && (t[i - 1] == ' ' || t[i - 1] == '\t'))
        i--; /* the run the tail may match */
    while (i > lo) {
        i--;
        if (t[i] != ' ')
            continue;
        /* a run's last byte, unless a \h character (all led by these
         * bytes) may go on after it (t[q] is the literal's first byte) */
        unsigned char nx = t[i + 1];
        if (nx == ' ' || nx == '\t' || nx == 0xC2 || nx == 0xE1 || nx == 0xE2 ||
            nx == 0xE3)
            continue;
        if (runs-- == 0)
            return i + 1;
    }
    return lo;
}

/* Whether p[0..e) has a | outside every group and class. */
static int top_level_bar(const char *p, const char *e)
{
    int depth = 0, in_class = 0;
    for (; p < e; p++) {
        if (*p == '\\')
            p++;
        else if (in_class)
            in_class = *p != ']';
        else if (*p == '[')
            in_class = 1; /* the bodies read here have no leading ] */
        else if (*p == '(')
            depth++;
        else if (*p == ')')
            depth--;
        else if (*p == '|' && depth == 0)
            return 1;
    }
    return 0;
}

int tg_rules_before_after(const char *body, size_t n, uint32_t *cps, int max, int *start)
{
    static const char with_start[] = "(?:^|(?<=[", alone[] = "(?<=[";
    const char *p = body, *e = body + n;
    *start = starts_with(p, e, with_start, sizeof with_start - 1);
    if (*start)
        p += sizeof with_start - 1;
    else if (starts_with(p, e, alone, sizeof alone - 1))
        p += sizeof alone - 1;
    else
        return 0;
    int k = 0;
    while (p < e && *p != ']') {
        uint32_t cp;
        if (*p == '\\') {
            if (p + 1 >= e)
                return 0;
            cp = p[1] == 'n' ? '\n' : p[1] == 't' ? '\t' : (uint32_t)(unsigned char)p[1];
            if (cp != '\n' && cp != '\t' &&
                !(cp < 0x80 && strchr(".!?:;,/()[]{}*+^$|\\-", (int)cp)))
                return 0;
            p += 2;
        } else {
            size_t len = utf8_at(p, (size_t)(e - p), &cp);
            if (!len || *p == '-' || *p == '^' || *p == '[')
                return 0;
            p += len;
        }
        /* the prefilter reads code points from U+0800 on as one */
        if (cp >= 0x800 || k == max)
            return 0;
        cps[k++] = cp;
    }
    const char *close = *start ? "]))" : "])";
    if (!k || !starts_with(p, e, close, strlen(close)))
        return 0;
    p += strlen(close);
    /* every match, not a branch's: not optional, no alternation beside it */
    if (p < e && strchr("?*+{", *p))
        return 0;
    return top_level_bar(p, e) ? 0 : k;
}

/* ------------------------------------------- starts-before candidates */

/* The code point before byte p > 0 as the prefilter classifies it (a match
 * may start at p when it is not a letter or digit: may_follow). */
static uint32_t prev_cp(const unsigned char *t, size_t len, size_t p)
{
    size_t q = p - 1;
    while (q > 0 && (t[q] & 0xC0) == 0x80)
        q--;
    uint32_t clen;
    return tg_rules_low_cp_at(t, q, len, &clen);
}

/* Whether cp is one of the characters that precede every match of r. */
static int in_after(const rule *r, uint32_t cp)
{
    for (int i = 0; i < r->nafter; i++)
        if (r->after[i] == cp)
            return 1;
    return 0;
}

/* The byte of lit[0..n) to look for first: its highest continuation byte
 * (in Arabic script, 0xB2..0xBF are the rarer letters ز..غ, where ا ب ت د
 * ر ل م ن ه و ی are lower), else its last byte. */
static size_t probe_byte(const unsigned char *lit, size_t n)
{
    size_t at = n - 1;
    for (size_t i = 0; i < n; i++)
        if ((lit[i] & 0xC0) == 0x80 && ((lit[at] & 0xC0) != 0x80 || lit[i] > lit[at]))
            at = i;
    return at;
}

/* The last byte c in s[0..n), or NULL. */
static const char *last_byte(const char *s, char c, size_t n)
{
#ifdef __GLIBC__
    return memrchr(s, c, n);
#else
    while (n > 0)
        if (s[--n] == c)
            return s + n;
    return NULL;
#endif
}

size_t tg_rules_needs_limit(const rule *r, const tg_normtext *nt)
{
    if (!r->nneeds)
        return SIZE_MAX;
    size_t best = TG_RULES_NO_START;
    for (size_t k = 0; k < r->nneeds; k++) {
        /* its last occurrence after the best so far, found by its probe
         * byte from the end */
        const char *lit = r->needs[k];
        size_t n = strlen(lit), at = probe_byte((const unsigned char *)lit, n);
        size_t lo = best == TG_RULES_NO_START ? 0 : best + 1, end;
        if (n > nt->len)
            continue;
        for (end = nt->len - n + 1; end > lo;) { /* the starts [lo, end) */
            const char *hit = last_byte(nt->text + lo + at, lit[at], end - lo);
            if (!hit)
                break;
            end = (size_t)(hit - nt->text) - at;
            if (memcmp(nt->text + end, lit, n) == 0) {
                best = end;
                break;
            }
        }
    }
    return best;
}

#ifdef BEFORE_AVX2_DISPATCH
/* The first q in [from, end) with t[q + a] == ca and t[q + b] == cb, else
 * end; reads no byte from end - 1 + max(a, b) on. */
static __attribute__((target("avx2"), noinline)) size_t
pair_at_avx2(const unsigned char *t, size_t from, size_t end, size_t a, unsigned char ca, size_t b,
             unsigned char cb)
{
    const __m256i va = _mm256_set1_epi8((char)ca), vb = _mm256_set1_epi8((char)cb);
    for (; from + 32 <= end; from += 32) {
        __m256i x = _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(t + from + a)), va);
        __m256i y = _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(t + from + b)), vb);
        unsigned m = (unsigned)_mm256_movemask_epi8(_mm256_and_si256(x, y));
        if (m)
            return from + (unsigned)__builtin_ctz(m);
    }
    for (; from < end; from++)
        if (t[from + a] == ca && t[from + b] == cb)
            return from;
    return end;
}
#endif

/* The first q in [from, end) with lit[at] at t[q + at] (and, with `pair`,
 * lit[at2] at t[q + at2], by pair_at_avx2), else end. */
static size_t next_probe(const unsigned char *t, size_t from, size_t end, const char *lit,
                         size_t at, size_t at2, int pair)
{
#ifdef BEFORE_AVX2_DISPATCH
    if (pair)
        return pair_at_avx2(t, from, end, at, (unsigned char)lit[at], at2, (unsigned char)lit[at2]);
#else
    (void)at2;
    (void)pair;
#endif
    const unsigned char *hit = memchr(t + from + at, lit[at], end - from);
    return hit ? (size_t)(hit - t) - at : end;
}

/* Appends start p to out[0..*n) (capacity *cap); 0 when out of memory
 * (then out is freed). */
static int add_start(uint32_t **out, size_t *n, size_t *cap, size_t p)
{
    uint32_t *grown = tg_grow(*out, cap, *n + 1, sizeof *grown, 64);
    if (!grown) {
        free(*out);
        *out = NULL;
        return 0;
    }
    *out = grown;
    (*out)[(*n)++] = (uint32_t)p;
    return 1;
}

tagger_status tg_rules_before_candidates(const tg_rules *rs, const rule *r,
                                         const tg_normtext *nt,
                                       uint32_t **out, size_t *n)
{
    const unsigned char *t = (const unsigned char *)nt->text;
    size_t lit = strlen(r->before), cap = 0, from = 0, len = nt->len;
    *out = NULL;
    *n = 0;
    /* a `lead` rule is not tried from lead + behind on (rules.c): only the
     * occurrences up to within bytes after that make candidates */
    if (r->lead && len > r->lead + r->behind + r->before_within + lit)
        len = r->lead + r->behind + r->before_within + lit;
    /* each occurrence of the literal, found by its probe byte (probe_byte:
     * «درصد» by its «ص», not by the «د» of every other word), then its
     * last byte (or first) before the whole: «سنت»'s «س» is in most words */
    size_t at = probe_byte((const unsigned char *)r->before, lit);
    size_t at2 = at == lit - 1 ? 0 : lit - 1;
    /* the first bytes of r->after's characters (a 256-bit set), when none
     * of them is a letter or digit; else NULL */
    uint64_t after_bits[4] = {0, 0, 0, 0};
    const uint64_t *lead_of_after = r->nafter ? after_bits : NULL;
    for (int i = 0; i < r->nafter && lead_of_after; i++) {
        uint32_t c = r->after[i];
        unsigned char b = (unsigned char)(c < 0x80 ? c : 0xC0 | c >> 6);
        if (c >= LOW_CPS || rs->pf.letter_or_number[c])
            lead_of_after = NULL;
        after_bits[b >> 6] |= 1ull << (b & 63);
    }
    int pair = 0; /* by two bytes at once */
#ifdef BEFORE_AVX2_DISPATCH
    pair = at != at2 && __builtin_cpu_supports("avx2");
#endif
    for (size_t q0 = 0, q; q0 + lit <= len; q0 = q + 1) {
        if ((q = next_probe(t, q0, len - lit + 1, r->before, at, at2, pair)) + lit > len)
            break;
        if (nt->text[q + at2] != r->before[at2] || memcmp(nt->text + q, r->before, lit) != 0)
            continue;
        size_t p = q > r->before_within ? q - r->before_within : 0;
        if (p < from)
            p = from;
        /* not before more runs of spaces than the pattern may match */
        if (r->before_runs >= 0)
            p = tg_rules_before_floor(t, p, q, r->before_runs, r->before_tail);
        /* the characters from p to q, each classified once: whether one
         * may start a match depends on the one before it */
        while (p < q && (t[p] & 0xC0) == 0x80)
            p++;
        uint32_t cp = p ? prev_cp(t, nt->len, p) : 0, clen;
        /* may: a boundary; after: after one of r->after, when it has them */
        int may = !p || tg_rules_may_follow(&rs->pf, cp);
        int after = !r->nafter || (p ? in_after(r, cp) : r->after_start);
        if (lead_of_after && p <= q) {
            /* only right after one of r->after (not letters or digits, so
             * each a boundary): their lead bytes looked for, the other
             * characters not read */
            if (may && after && !add_start(out, n, &cap, p))
                return TAGGER_ERR_NOMEM;
            for (size_t x = p; x < q; x++)
                if ((lead_of_after[t[x] >> 6] >> (t[x] & 63) & 1) &&
                    in_after(r, tg_rules_low_cp_at(t, x, nt->len, &clen)) && x + clen <= q &&
                    !add_start(out, n, &cap, x + clen))
                    return TAGGER_ERR_NOMEM;
            p = q + 1;
        }
        for (; p <= q;
             may = tg_rules_may_follow(&rs->pf, cp), after = !r->nafter || in_after(r, cp), p += clen) {
            cp = tg_rules_low_cp_at(t, p, nt->len, &clen);
            if (may && after && !add_start(out, n, &cap, p))
                return TAGGER_ERR_NOMEM;
        }
        from = q + 1;
    }
    return TAGGER_OK;
}
