/*
 * rules_starters — longer prefilter starters: a rule's pattern read as sets
 * of strings, past the groups and spaces where rules_prefilter.c's reading
 * of starters stops (that file's top comment has the prefilter).
 *
 * Starters that reach past a group: «(?:این|همین) هفته» starts only with
 * «این هفته» or «همین هفته», where the reading of rules_prefilter.c stops at «این» and
 * «همین» (a common word, thousands of attempts a document).  A pattern is
 * read as sets of strings: an item's set holds every string one of which
 * begins each text the item matches; a string is *open* when it is that
 * whole text (so what follows may extend it) and closed when it is only a
 * prefix.  A sequence's set is the product of its items' sets (an open
 * string followed by each string of the next item), an alternation's the
 * union; lookarounds and anchors match the empty open string; a class, an
 * escape such as \d or a repeated item closes the strings; the product
 * stops growing past PX_LEN bytes, and past PX_MAX strings (even with the
 * next item cut to a letter) only the shortest open strings, of up to
 * PX_GROW bytes, still take the next item while the strings made stay
 * within PX_MAX: «D » goes on to «D آذر», … where «اول » and the other
 * ordinal days close (the others closed too before: every number was a
 * start of fa.date.jalali).  A guard's reading goes further: the other
 * open strings each take the next item cut to at most GUARD_EACH strings,
 * a prefix that few share read further than one that many do
 * (px_cut_frontier), while the set stays within GUARD_TOTAL, so each
 * number word of {AMOUNT} goes on to «سه_میلی», «سه_نه», «سه_تومان», … and
 * «سه نفر» is no start of fa.money.  Every match then begins with one of
 * the final strings (each the exact product or a prefix of it), so they
 * are valid starters when none is empty.
 *
 * A class of a few ASCII punctuation characters ([/.-]) is read as those
 * characters, one string each: «\d{1,2} ?[/.-]» starts with «D/», «D /»,
 * «D.», …, not at every number (six numeric date rules tried ~3,300
 * numbers each on 367 news articles and matched 6 of them).
 *
 * Digits are read as runs: \d, a class of digits only ([0-5]) and a digit
 * written as such are byte PX_DIGITS, a run of one or more \d characters of
 * the text, whatever their quantifier (\d{1,2} is a run; \d? a run or
 * nothing), and two runs in a row are one.  So «\d{1,2} (?:محرم|صفر|…)»
 * starts with «D محرم», … instead of at every number of a text, where ten
 * or more rules tried their patterns and nearly all failed.  A walk of the
 * trie takes such an edge over the whole run of digits (rules_prefilter.c);
 * as a digit is never followed in a starter by a digit of its own, every
 * match still begins with a starter as the walk reads it.
 */
#include "rules_internal.h"
#include "sort.h"

#define PX_MAX 128
/* In a starter: a run of one or more \h (byte 1 is no character of a pattern) */
#define PX_SPACE TG_RULES_SPACE
#define PX_SPACE_S "\1" /* TG_RULES_SPACE as a string */
/* In a starter: a run of one or more \d (byte 2 is no character of a pattern) */
#define PX_DIGITS TG_RULES_DIGITS
#define PX_DIGITS_S "\2"
#define PX_LEN 24
/* The guard's reading (tg_rules_guard_strings): up to GUARD_MAX strings of
 * up to GUARD_LEN bytes, past which each open string may still make
 * GUARD_EACH and all together GUARD_TOTAL (px_product; 64 or 256 each, or
 * 8,192 in all, left more of fa.money's attempts); PX_ROOM bounds both
 * readings' buffers */
#define GUARD_MAX 1024
#define GUARD_LEN TG_RULES_GUARD_LEN
#define GUARD_BUDGET 200000
#define GUARD_EACH 128
#define GUARD_TOTAL 16384
#define PX_ROOM (GUARD_LEN > PX_LEN ? GUARD_LEN : PX_LEN)
#ifndef PX_GROW
#define PX_GROW 4
#endif
#ifndef PX_BUDGET
#define PX_BUDGET 20000
#endif

typedef struct {
    char *s;
    size_t n;
    int open; /* 1: open; 0: closed; 2: closed, empty, a class read first */
    int nd;   /* 1: no match beginning so follows a digit (px_seq); 0: not known */
} px_str;

typedef struct {
    px_str *v;
    size_t n;
} px_set;

typedef struct {
    const char *end;
    int fail;
    size_t budget; /* strings this rule may still make (load time) */
    int partial;   /* past max, the shortest open strings still grow (px_product) */
    size_t max;    /* PX_MAX, or GUARD_MAX for a rule's guard (tg_rules_guard_strings) */
    size_t each;   /* a guard's: past max, what each other open string may make */
    size_t total;  /* and all of its strings together (px_product) */
} px_scan;

static void px_free(px_set *x)
{
    for (size_t i = 0; i < x->n; i++)
        free(x->v[i].s);
    free(x->v);
    x->v = NULL;
    x->n = 0;
}

/* Adds s[0..n) (open or not); out of memory fails.  Duplicates are
 * removed by px_unique. */
static void px_add(px_scan *ps, px_set *x, const char *s, size_t n, int open)
{
    if (ps->budget-- == 0) { /* too costly to load: the starters as they were */
        ps->fail = 1;
        return;
    }
    if ((x->n & (x->n - 1)) == 0) { /* 0, 1, 2, 4 …: grown to twice */
        px_str *grown = realloc(x->v, (x->n ? 2 * x->n : 1) * sizeof *grown);
        if (!grown) {
            ps->fail = 1;
            return;
        }
        x->v = grown;
    }
    char *d = dup_n(s, n);
    if (!d) {
        ps->fail = 1;
        return;
    }
    x->v[x->n++] = (px_str){d, n, open, 0};
}

/* Moves b's strings to the end of out (b left empty). */
static void px_move(px_scan *ps, px_set *out, px_set *b)
{
    if (!out->n) {
        px_free(out);
        *out = *b;
        *b = (px_set){0};
        return;
    }
    px_str *grown = b->n ? realloc(out->v, (out->n + b->n) * sizeof *grown) : out->v;
    if (!grown) {
        ps->fail = 1;
        px_free(b);
        return;
    }
    if (b->n) /* none when the budget ran out (b->v NULL) */
        memcpy(grown + out->n, b->v, b->n * sizeof *grown);
    out->v = grown;
    out->n += b->n;
    free(b->v);
    *b = (px_set){0};
    /* px_add's doubling needs a power of two for a size not one */
    size_t cap = 1;
    while (cap < out->n)
        cap *= 2;
    if (cap != out->n) {
        px_str *c = realloc(out->v, cap * sizeof *c);
        if (!c)
            ps->fail = 1;
        else
            out->v = c;
    }
}

static int px_cmp(const void *a, const void *b)
{
    const px_str *x = a, *y = b;
    int c = memcmp(x->s, y->s, x->n < y->n ? x->n : y->n);
    if (c)
        return c;
    if (x->n != y->n)
        return x->n < y->n ? -1 : 1;
    if (x->open != y->open)
        return (x->open > y->open) - (x->open < y->open);
    return (x->nd > y->nd) - (x->nd < y->nd);
}

/* Sorts x and drops its duplicates. */
static void px_unique(px_set *x)
{
    if (x->n < 2)
        return;
    size_t i = 1;
    while (i < x->n && px_cmp(&x->v[i - 1], &x->v[i]) <= 0)
        i++;
    if (i < x->n) /* not in order yet */
        qsort(x->v, x->n, sizeof *x->v, px_cmp);
    size_t o = 1;
    for (i = 1; i < x->n; i++) {
        /* the same string with and without nd: without (sorted first) */
        px_str same = x->v[i];
        same.nd = x->v[o - 1].nd;
        if (px_cmp(&same, &x->v[o - 1]) == 0)
            free(x->v[i].s);
        else
            x->v[o++] = x->v[i];
    }
    x->n = o;
}

static void px_close(px_set *x)
{
    for (size_t i = 0; i < x->n; i++)
        if (x->v[i].open == 1)
            x->v[i].open = 0;
}

static const char *px_alt(px_scan *ps, const char *p, px_set *out, size_t room);

/* The end of the sequence at p (its "|" or ")", or end), without reading
 * it; NULL if malformed. */
static const char *px_skip(const char *p, const char *end)
{
    int depth = 0;
    while (p < end) {
        if (*p == '\\') {
            p += 2;
        } else if (*p == '[') {
            if (!(p = tg_rules_class_end(p, end)))
                return NULL;
        } else {
            if (depth == 0 && (*p == '|' || *p == ')'))
                return p;
            depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
            p++;
        }
    }
    return p > end ? NULL : end;
}

/* The quantifier at p applied to the item's set x. */
static const char *px_quantify(px_scan *ps, const char *p, px_set *x)
{
    long min;
    const char *q = tg_rules_quantifier(p, ps->end, &min);
    if (q == p)
        return p;
    if (*p == '?') { /* once or not at all: the item's strings stay open */
        px_add(ps, x, "", 0, 1);
        return q;
    }
    px_close(x); /* repeated: only the first repetition's strings are known */
    if (min == 0)
        px_add(ps, x, "", 0, 1);
    return q;
}

/* A digit item (a digit, \d or a class of digits) ending at q, with its
 * quantifier: a run of digits, open, or nothing when it may repeat 0 times. */
static const char *px_digits(px_scan *ps, const char *q, px_set *x)
{
    long min;
    const char *after = tg_rules_quantifier(q, ps->end, &min);
    px_add(ps, x, PX_DIGITS_S, 1, 1);
    if (min == 0)
        px_add(ps, x, "", 0, 1);
    return after;
}

/* Whether the class "[...]" at p, ending before q's "]", holds ASCII
 * digits only ([0-5], [01]). */
static int digit_class(const char *p, const char *q)
{
    const char *c = p + 1;
    if (c >= q - 1)
        return 0;
    for (; c < q - 1; c++)
        if (!(*c >= '0' && *c <= '9') &&
            !(*c == '-' && c > p + 1 && c + 1 < q - 1 && c[1] >= c[-1] && c[1] <= '9'))
            return 0;
    return 1;
}

/* Whether the class "[...]" at p, ending before q's "]", lists up to 8
 * ASCII punctuation characters and nothing else ([/.-], [:.]): no range, no
 * negation, no escape, no space, letter or digit; each is then a string. */
static int punct_class(const char *p, const char *q)
{
    const char *c = p + 1, *e = q - 1;
    if (c >= e || e - c > 8 || *c == '^')
        return 0;
    for (; c < e; c++)
        if (*c < '!' || *c > '~' || (*c >= '0' && *c <= '9') || (*c >= 'A' && *c <= 'Z') ||
            (*c >= 'a' && *c <= 'z') || *c == '\\' || *c == '[' || *c == ']' ||
            (*c == '-' && c > p + 1 && c + 1 < e))
            return 0;
    return 1;
}

static int is_digit_char(const char *lit, size_t len)
{
    return len == 1 && *lit >= '0' && *lit <= '9';
}

/* A guard's (?=…) whose body starts at inner, read as text: every match
 * has one of the body's strings here, and what follows is read from the
 * same place again, so the strings are closed (the text after them
 * unread).  NULL, with x and ps as they were, where the body cannot be
 * read, may match nothing or is quantified: then it is the empty string. */
static const char *px_lookahead(px_scan *ps, const char *inner, px_set *x, size_t room)
{
    px_scan sub = *ps;
    px_set y = {0};
    const char *q = px_alt(&sub, inner, &y, room);
    int empty = !y.n; /* the body may match the empty text */
    for (size_t i = 0; i < y.n; i++)
        empty |= y.v[i].n == 0;
    if (sub.fail || q >= ps->end || *q != ')' || empty ||
        tg_rules_quantifier(q + 1, ps->end, &(long){0}) != q + 1) {
        px_free(&y);
        return NULL;
    }
    ps->budget = sub.budget;
    for (size_t i = 0; i < y.n && !ps->fail; i++)
        px_add(ps, x, y.v[i].s, y.v[i].n, 0);
    px_free(&y);
    return q + 1;
}

/* One item at p with its quantifier: its set in *x. */
static const char *px_item(px_scan *ps, const char *p, px_set *x, size_t room)
{
    const char *end = ps->end, *lit, *q;
    size_t litlen;
    if (*p == '^' || *p == '$') {
        px_add(ps, x, "", 0, 1);
        return p + 1;
    }
    if (*p == '(') {
        int look;
        if (p + 3 >= end) {
            ps->fail = 1;
            return end;
        }
        const char *inner = tg_rules_group_inner(p, end, &look);
        if (!inner || inner >= end) {
            ps->fail = 1;
            return end;
        }
        if (look && p[2] == '=' && ps->max == GUARD_MAX) { /* (?=…) in a guard */
            const char *q2 = px_lookahead(ps, inner, x, room);
            if (q2)
                return q2;
        }
        if (look) { /* zero width: its text is not read */
            const char *e = inner;
            while ((e = px_skip(e, end)) && e < end && *e == '|')
                e++;
            if (!e || e >= end) { /* no ")" */
                ps->fail = 1;
                return end;
            }
            inner = e + 1;
            px_add(ps, x, "", 0, 1);
            return px_quantify(ps, inner, x);
        }
        q = px_alt(ps, inner, x, room);
        if (ps->fail || q >= end || *q != ')') {
            ps->fail = 1;
            return end;
        }
        return px_quantify(ps, q + 1, x);
    }
    if (tg_rules_literal_at(p, end, &lit, &litlen, &q)) {
        if (tg_rules_hspace_len((const unsigned char *)lit, 0, litlen) || *lit == PX_SPACE) {
            ps->fail = 1; /* a space written as such */
            return end;
        }
        if (is_digit_char(lit, litlen))
            return px_digits(ps, q, x);
        px_add(ps, x, lit, litlen, 1);
        return px_quantify(ps, q, x);
    }
    if (*p == '[') {
        if (!(q = tg_rules_class_end(p, end))) {
            ps->fail = 1;
            return end;
        }
        if (digit_class(p, q))
            return px_digits(ps, q, x);
        if (punct_class(p, q)) {
            for (const char *c = p + 1; c < q - 1; c++)
                px_add(ps, x, c, 1, 1);
            return px_quantify(ps, q, x);
        }
    } else if (*p == '.') {
        q = p + 1;
    } else if (*p == '\\' && p + 1 < end) {
        char e = p[1];
        if (strchr("bBAzZ", e)) {
            px_add(ps, x, "", 0, 1);
            return p + 2;
        }
        long min;
        const char *after = tg_rules_quantifier(p + 2, end, &min);
        char qc = after > p + 2 ? p[2] : '\0';
        if (e == 'h' && (after == p + 2 || qc == '+' || qc == '?' || qc == '*')) {
            /* a space of the pattern («از سال» is از\h+سال): PX_SPACE, a run
             * of \h as the scan reads it (a superset of \h, \h? and \h*) */
            px_add(ps, x, PX_SPACE_S, 1, 1);
            if (qc == '?' || qc == '*')
                px_add(ps, x, "", 0, 1);
            return after;
        }
        if (e == 'd')
            return px_digits(ps, p + 2, x);
        q = p + 2;
        if (e == 'k' && q < end && *q == '<') { /* \k<name>: the text it matches is not known */
            q = memchr(q, '>', (size_t)(end - q));
            if (!q) {
                ps->fail = 1;
                return end;
            }
            px_add(ps, x, "", 0, 2);
            return px_quantify(ps, q + 1, x);
        }
        if (!strchr("dDhHsSvVwWnrtfeapP", e)) { /* \x, other back references, \Q, \K … */
            ps->fail = 1;
            return end;
        }
        if ((e == 'p' || e == 'P') && q < end && *q == '{') {
            q = memchr(q, '}', (size_t)(end - q));
            if (!q) {
                ps->fail = 1;
                return end;
            }
            q++;
        } else if (e == 'p' || e == 'P') {
            q++;
        }
        if (q > end) {
            ps->fail = 1;
            return end;
        }
    } else {
        ps->fail = 1;
        return end;
    }
    /* a class, ".", or an escape: the text it matches is not known */
    px_add(ps, x, "", 0, 2);
    return px_quantify(ps, q, x);
}

/* The product of cur's open strings with x's; past the bounds, cur is
 * closed instead and stays as it is. */
/* x's strings cut to their first k bytes (closed where cut), in *t. */
static void px_cut(px_scan *ps, const px_set *x, size_t k, px_set *t)
{
    for (size_t j = 0; j < x->n && !ps->fail; j++) {
        px_add(ps, t, x->v[j].s, x->v[j].n > k ? k : x->v[j].n,
               x->v[j].n > k ? 0 : x->v[j].open);
        if (!ps->fail)
            t->v[t->n - 1].nd = x->v[j].nd; /* a prefix begins where it did */
    }
    px_unique(t);
}

/* Appends c + each of x's strings to next. */
static void px_append(px_scan *ps, px_set *next, const px_str *c, const px_set *x, size_t room)
{
    char tmp[2 * PX_ROOM + 8];
    if (c->n >= room) { /* a character longer than the room left: long enough */
        px_add(ps, next, c->s, c->n, 0);
        return;
    }
    int digit = c->n && c->s[c->n - 1] == PX_DIGITS; /* c is open: a digit before x */
    for (size_t j = 0; j < x->n && !ps->fail; j++) {
        if (digit && x->v[j].nd) /* its lookahead fails after a digit */
            continue;
        /* two runs of spaces or of digits in a row are one run (\h+\h+ is
         * in \h+) */
        size_t skip = c->n && x->v[j].n && c->s[c->n - 1] == x->v[j].s[0] &&
                      (x->v[j].s[0] == PX_SPACE || x->v[j].s[0] == PX_DIGITS);
        size_t n = c->n + x->v[j].n - skip;
        int open = n ? (x->v[j].open == 1) : x->v[j].open;
        memcpy(tmp, c->s, c->n);
        if (n > room) /* long enough: its first bytes */
            n = room, open = 0;
        memcpy(tmp + c->n, x->v[j].s + skip, n - c->n);
        px_add(ps, next, tmp, n, open);
    }
}

/* The length of s[at..n)'s first character (a UTF-8 sequence), at most n - at. */
static size_t px_char_len(const px_str *s, size_t at)
{
    size_t l = utf8_len((unsigned char)s->s[at]);
    return l < s->n - at ? l : s->n - at;
}

/* x (sorted) cut, each string to a length of its own, to at most limit
 * strings (as counted before open and closed ones are told apart), in
 * *cut; 0 if x cut to a character has more.  Breadth first: the strings
 * cut to the same prefix are cut one character longer together where the
 * strings made stay within limit, so a prefix that few strings share is
 * read further («_نه», «_نود» and «_نیم» apart, where many words after
 * «_» are cut to a letter). */
static int px_cut_frontier(px_scan *ps, const px_set *x, size_t limit, px_set *cut)
{
    size_t *lcp = calloc(x->n, sizeof *lcp), *len = calloc(x->n, sizeof *len);
    if (!lcp || !len) {
        free(lcp), free(len);
        ps->fail = 1;
        return 0;
    }
    size_t count = x->n > 0;
    for (size_t j = 0; j < x->n; j++) {
        len[j] = x->v[j].n ? px_char_len(&x->v[j], 0) : 0;
        if (j > 0) {
            const px_str *a = &x->v[j - 1], *b = &x->v[j];
            while (lcp[j] < a->n && lcp[j] < b->n && a->s[lcp[j]] == b->s[lcp[j]])
                lcp[j]++;
            count += len[j - 1] != len[j] || lcp[j] < len[j];
        }
    }
    for (int grown = count <= limit; grown;) {
        grown = 0;
        for (size_t a = 0, b; a < x->n; a = b) {
            /* the group [a, b): the strings cut to the same prefix */
            size_t l = len[a], longer = x->v[a].n > l, extra = 0;
            for (b = a + 1; b < x->n && len[b] == l && lcp[b] >= l; b++)
                longer |= x->v[b].n > l;
            if (!longer)
                continue;
            /* one character more: the strings that differ in it apart */
            for (size_t j = a + 1; j < b; j++) {
                size_t p = x->v[j - 1].n > l ? l + px_char_len(&x->v[j - 1], l) : l;
                size_t q = x->v[j].n > l ? l + px_char_len(&x->v[j], l) : l;
                extra += p != q || lcp[j] < q;
            }
            if (count + extra > limit)
                continue;
            for (size_t j = a; j < b; j++)
                len[j] = x->v[j].n > l ? l + px_char_len(&x->v[j], l) : l;
            count += extra;
            grown = 1;
        }
    }
    for (size_t j = 0; count <= limit && j < x->n && !ps->fail; j++) {
        px_add(ps, cut, x->v[j].s, len[j], len[j] < x->v[j].n ? 0 : x->v[j].open);
        if (!ps->fail)
            cut->v[cut->n - 1].nd = x->v[j].nd; /* a prefix begins where it did */
    }
    px_unique(cut);
    free(lcp), free(len);
    return count <= limit && !ps->fail;
}

/* cur's open strings followed by x's.  An open empty string (a start)
 * takes x whole, as the reading of rules_prefilter.c does (up to PX_MAX * 8
 * strings, or a guard's GUARD_TOTAL);
 * the other open strings together may not make more than PX_MAX: x's
 * strings are cut as short as needed for them (a letter at least), else
 * they are closed as they are. */
static void px_product(px_scan *ps, px_set *cur, const px_set *x, size_t room)
{
    size_t nopen = 0, nclosed = 0;
    int start = 0;
    for (size_t i = 0; i < cur->n; i++) {
        nopen += cur->v[i].open == 1 && cur->v[i].n > 0;
        nclosed += cur->v[i].open != 1;
        start |= cur->v[i].open == 1 && cur->v[i].n == 0;
    }
    if (start && x->n > ps->max * 8 && x->n > ps->total)
        ps->fail = 1;
    px_set cut = {0}, each = {0};
    const px_set *xc = x;
    if (nopen && nopen * x->n > ps->max) {
        /* x is sorted: its strings cut to k bytes are as many as the
         * neighbours that share fewer than k bytes, plus one */
        size_t k = 0;
        for (size_t j = 0; j < x->n; j++)
            if (x->v[j].n > k)
                k = x->v[j].n;
        size_t *lcp = calloc(x->n, sizeof *lcp);
        if (!lcp)
            ps->fail = 1;
        for (size_t j = 1; lcp && j < x->n; j++) {
            const px_str *a = &x->v[j - 1], *b = &x->v[j];
            size_t l = 0;
            while (l < a->n && l < b->n && a->s[l] == b->s[l])
                l++;
            lcp[j] = l;
        }
        xc = NULL;
        while (lcp && k > 2 && !ps->fail) {
            k--;
            size_t distinct = 1;
            for (size_t j = 1; j < x->n; j++)
                distinct += lcp[j] < k;
            if (nopen * distinct > ps->max)
                continue;
            px_cut(ps, x, k, &cut);
            if (nopen * cut.n <= ps->max) {
                xc = &cut;
                break;
            }
            px_free(&cut);
        }
        free(lcp);
    }
    /* too many even cut to a letter: the shortest open strings (the
     * commonest in a text: «D » before «اول ») take x whole or cut to a
     * letter while the strings made stay within PX_MAX, the others are
     * closed as they are */
    unsigned char *grow = NULL; /* 1: c takes x whole, 2: cut, 3: each */
    if (ps->partial && nopen && !xc && !ps->fail) {
        if (!(grow = calloc(cur->n, 1)))
            ps->fail = 1;
        if (!ps->fail)
            px_cut(ps, x, 2, &cut);
        size_t made = 0, rest = nopen;
        for (size_t len = 1; grow && len <= PX_GROW && len <= room && !ps->fail; len++)
            for (size_t i = 0; i < cur->n; i++) {
                if (cur->v[i].open != 1 || cur->v[i].n != len)
                    continue;
                if (made + x->n <= ps->max)
                    grow[i] = 1, made += x->n, rest--;
                else if (made + cut.n <= ps->max)
                    grow[i] = 2, made += cut.n, rest--;
            }
        /* a guard's reading: each of the other open strings (a number
         * word of {AMOUNT}) takes x cut to at most ps->each strings, while
         * the set stays within ps->total */
        size_t room_left = ps->total > nclosed + made ? ps->total - nclosed - made : 0;
        size_t limit = rest && ps->each ? room_left / rest : 0;
        limit = limit < ps->each ? limit : ps->each;
        if (grow && limit && !ps->fail) {
            const px_set *e = x->n <= limit ? x : px_cut_frontier(ps, x, limit, &each) ? &each : NULL;
            for (size_t i = 0; e && i < cur->n; i++)
                if (cur->v[i].open == 1 && cur->v[i].n > 0 && !grow[i])
                    grow[i] = e == x ? 1 : 3;
        }
    }
    px_set next = {0};
    for (size_t i = 0; i < cur->n && !ps->fail; i++) {
        const px_str *c = &cur->v[i];
        if (c->open != 1)
            px_add(ps, &next, c->s, c->n, c->open);
        else if (c->n == 0)
            px_append(ps, &next, c, x, room);
        else if (xc)
            px_append(ps, &next, c, xc, room);
        else if (grow && grow[i])
            px_append(ps, &next, c, grow[i] == 1 ? x : grow[i] == 2 ? &cut : &each, room);
        else
            px_add(ps, &next, c->s, c->n, 0);
    }
    free(grow);
    px_unique(&next);
    px_free(cur);
    px_free(&cut);
    px_free(&each);
    *cur = next;
}

/* The end of a negative lookahead at p that fails at a digit after a
 * digit, (?!(?<=\d)\d) or (?!(?<=\d)\h?\d) ({AMOUNT}: «۱۲ ۳۴» is no one
 * amount); NULL if p has none. */
static const char *px_no_digit_after_digit(const char *p, const char *end)
{
    static const char head[] = "(?!(?<=\\d)";
    if ((size_t)(end - p) < sizeof head - 1 || memcmp(p, head, sizeof head - 1) != 0)
        return NULL;
    p += sizeof head - 1;
    while (end - p >= 3 && memcmp(p, "\\h?", 3) == 0) /* one optional space */
        p += 3;
    if (end - p < 3 || memcmp(p, "\\d)", 3) != 0)
        return NULL;
    return tg_rules_quantifier(p + 3, end, &(long){0}) == p + 3 ? p + 3 : NULL;
}

/* px_seq's items from p on, each taken after out's open strings. */
static const char *px_seq_items(px_scan *ps, const char *p, px_set *out, size_t room)
{
    while (p < ps->end && !ps->fail && *p != '|' && *p != ')') {
        size_t shortest = SIZE_MAX;
        for (size_t i = 0; i < out->n; i++)
            if (out->v[i].open == 1 && out->v[i].n < shortest)
                shortest = out->v[i].n;
        if (shortest >= room) { /* nothing open, or no room: the rest unread */
            px_close(out);
            if (!(p = px_skip(p, ps->end)))
                ps->fail = 1;
            return ps->fail ? ps->end : p;
        }
        px_set x = {0};
        /* a run of plain characters is one item */
        char run[PX_ROOM + 8];
        size_t nrun = 0;
        const char *lit, *after;
        size_t litlen;
        long min;
        while (p < ps->end && nrun + 4 <= room - shortest && tg_rules_literal_at(p, ps->end, &lit, &litlen, &after) &&
               tg_rules_quantifier(after, ps->end, &min) == after && *lit != PX_SPACE &&
               !is_digit_char(lit, litlen) &&
               !tg_rules_hspace_len((const unsigned char *)lit, 0, litlen)) {
            memcpy(run + nrun, lit, litlen);
            nrun += litlen;
            p = after;
        }
        if (nrun)
            px_add(ps, &x, run, nrun, 1);
        else
            p = px_item(ps, p, &x, room - shortest);
        if (!ps->fail && out->n == 1 && out->v[0].n == 0 && out->v[0].open == 1 &&
            (x.n <= ps->max * 8 || x.n <= ps->total)) { /* the first item: its set as it is */
            px_free(out);
            *out = x;
            continue;
        }
        px_unique(&x); /* sorted, for px_product */
        if (!ps->fail)
            px_product(ps, out, &x, room);
        px_free(&x);
    }
    return p;
}

/* A sequence's strings, of at most room bytes: an item is read only for
 * the room its open strings leave.  In a guard, a sequence that begins with
 * px_no_digit_after_digit's lookahead cannot match after a digit where its
 * text begins with one: those strings are marked nd, and px_append leaves
 * them out after a string that ends in a run of digits (the runs would
 * otherwise be one, and {AMOUNT}'s repetition would close «D»: a guard
 * that passes every number). */
static const char *px_seq(px_scan *ps, const char *p, px_set *out, size_t room)
{
    const char *q = ps->max == GUARD_MAX ? px_no_digit_after_digit(p, ps->end) : NULL;
    p = q ? q : p;
    px_add(ps, out, "", 0, 1);
    p = px_seq_items(ps, p, out, room);
    for (size_t i = 0; q && i < out->n; i++)
        out->v[i].nd = out->v[i].n && out->v[i].s[0] == PX_DIGITS;
    return p;
}

static const char *px_alt(px_scan *ps, const char *p, px_set *out, size_t room)
{
    for (;;) {
        px_set b = {0};
        p = px_seq(ps, p, &b, room);
        px_move(ps, out, &b);
        if (ps->fail || p >= ps->end || *p != '|') {
            px_unique(out);
            return p;
        }
        p++;
    }
}

/* Replaces the rule's literal starters by the prefix set's strings when
 * every match begins with one of them or with a class (the empty closed
 * string: a class, "." or an escape read first, which rules_prefilter.c
 * makes the rule's class starters). */
/* r's starters read from body[0..n) as sets of strings, in *set; 0 when
 * the reading failed or gave no valid starters. */
static int read_starters(const rule *r, const char *body, size_t n, int partial, px_set *set)
{
    px_scan ps = {body + n, 0, PX_BUDGET, partial, PX_MAX, 0, 0};
    const char *end = px_alt(&ps, body, set, PX_LEN);
    int ok = !ps.fail && end == body + n && set->n > 0;
    for (size_t i = 0; ok && i < set->n; i++)
        ok = set->v[i].n > 0 ? set->v[i].s[0] != PX_SPACE && memchr(set->v[i].s, '\0', set->v[i].n) == NULL
                             : set->v[i].open == 2 && r->nclasses > 0;
    return ok;
}

void tg_rules_longer_starters(rule *r, const char *body, size_t n)
{
    px_set set = {0};
    /* the shortest strings grown past PX_MAX, unless that costs more
     * strings than a rule may make: then without */
    int ok = read_starters(r, body, n, 1, &set);
    if (!ok) {
        px_free(&set);
        ok = read_starters(r, body, n, 0, &set);
    }
    /* no match begins with a class: the class starters (\d) are not needed */
    int classless = 1;
    for (size_t i = 0; ok && i < set.n; i++)
        classless &= set.v[i].n > 0;
    /* not where cutting made a starter shorter than the reading's shortest */
    size_t old_min = SIZE_MAX;
    for (size_t i = 0; i < r->nlits; i++)
        if (strlen(r->lits[i]) < old_min)
            old_min = strlen(r->lits[i]);
    for (size_t i = 0; ok && i < set.n; i++) /* a run of digits stands for a class */
        ok = set.v[i].n == 0 || r->nlits == 0 || set.v[i].n >= old_min ||
             set.v[i].s[0] == PX_DIGITS;
    char **lits = ok ? calloc(set.n, sizeof *lits) : NULL;
    size_t nlits = 0;
    for (size_t i = 0; lits && i < set.n; i++) {
        if (set.v[i].n == 0) /* begins with a class: the class starters have it */
            continue;
        if (i > 0 && set.v[i - 1].n == set.v[i].n && /* open and closed (sorted) */
            memcmp(set.v[i - 1].s, set.v[i].s, set.v[i].n) == 0)
            continue;
        if (!(lits[nlits] = dup_n(set.v[i].s, set.v[i].n))) {
            tg_rules_free_strs(lits, nlits);
            lits = NULL;
            break;
        }
        nlits++;
    }
    if (lits) {
        tg_rules_free_strs(r->lits, r->nlits);
        r->lits = lits;
        r->nlits = nlits;
        if (classless) {
            tg_rules_free_strs(r->classes, r->nclasses);
            r->classes = NULL;
            r->nclasses = 0;
        }
    }
    px_free(&set);
}


/* The guard's strings read from body[0..n) with strings of at most room
 * bytes (tg_rules_guard_strings); NULL when the reading fails. */
static char **guard_reading(const char *body, size_t n, size_t room, size_t *count)
{
    px_set set = {0};
    char **out = NULL;
    *count = 0;
    /* as tg_rules_longer_starters: grown past the bound where the budget
     * allows (each open string too, first), else without */
    for (int partial = 2; partial >= 0 && !out; partial--) {
        px_scan ps = {body + n, 0, GUARD_BUDGET, partial > 0, GUARD_MAX,
                      partial > 1 ? GUARD_EACH : 0, partial > 1 ? GUARD_TOTAL : 0};
        const char *end = px_alt(&ps, body, &set, room);
        int ok = !ps.fail && end == body + n && set.n > 0;
        for (size_t i = 0; ok && i < set.n; i++) /* a class read first: no guard */
            ok = set.v[i].n > 0 && set.v[i].s[0] != PX_SPACE &&
                 memchr(set.v[i].s, '\0', set.v[i].n) == NULL;
        out = ok ? calloc(set.n, sizeof *out) : NULL;
        /* sorted: a string with a prefix in the set follows the prefix and
         * the strings that have it, which are dropped too */
        for (size_t i = 0; out && i < set.n; i++) {
            const px_str *s = &set.v[i];
            size_t last = *count ? strlen(out[*count - 1]) : 0;
            if (*count && last <= s->n && memcmp(out[*count - 1], s->s, last) == 0)
                continue;
            if (!(out[*count] = dup_n(s->s, s->n))) {
                tg_rules_free_strs(out, *count);
                out = NULL;
                *count = 0;
                partial = -1; /* out of memory: no guard */
            } else {
                ++*count;
            }
        }
        px_free(&set);
    }
    return out;
}

/* Whether one of a[0..n) (sorted, none a prefix of another) is a prefix of s. */
static int has_prefix_in(char *const *a, size_t n, const char *s)
{
    size_t lo = 0, hi = n; /* the last string <= s is the only candidate */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(a[mid], s) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && strncmp(a[lo - 1], s, strlen(a[lo - 1])) == 0;
}

/* The strings a text begins with when it begins with one of a[0..na) and
 * one of b[0..nb) (each sorted, none a prefix of another): of two such
 * strings one is a prefix of the other, and the longer is kept; NULL when
 * out of memory. */
static char **guard_both(char *const *a, size_t na, char *const *b, size_t nb, size_t *count)
{
    char **out = calloc(na + nb + 1, sizeof *out);
    size_t k = 0;
    for (size_t i = 0; out && i < na + nb; i++) {
        const char *s = i < na ? a[i] : b[i - na];
        if (!(i < na ? has_prefix_in(b, nb, s) : has_prefix_in(a, na, s)))
            continue;
        if (!(out[k++] = dup_n(s, strlen(s)))) {
            tg_rules_free_strs(out, k - 1);
            return NULL;
        }
    }
    if (out)
        qsort(out, k, sizeof *out, tg_sort_by_string);
    *count = 0; /* a string in both: once */
    for (size_t i = 0; out && i < k; i++) {
        if (*count && strcmp(out[*count - 1], out[i]) == 0)
            free(out[i]);
        else
            out[(*count)++] = out[i];
    }
    return out;
}

char **tg_rules_guard_strings(const char *body, size_t n, size_t *count)
{
    /* each reading's strings begin every match; a shorter room leaves
     * fewer strings open, so fewer are cut where the set is full («می »,
     * a month of fa.date.relative_period_month, followed by its words):
     * a text must begin with a string of each */
    static const size_t rooms[] = {GUARD_LEN, 16, 12, 8};
    char **out = NULL;
    *count = 0;
    for (size_t r = 0; r < sizeof rooms / sizeof *rooms; r++) {
        size_t c = 0;
        char **s = guard_reading(body, n, rooms[r], &c);
        if (s && out) {
            size_t both = 0;
            char **t = guard_both(out, *count, s, c, &both);
            tg_rules_free_strs(s, c);
            if (t) {
                tg_rules_free_strs(out, *count);
                out = t, *count = both;
            }
        } else if (s) {
            out = s, *count = c;
        }
    }
    return out;
}
