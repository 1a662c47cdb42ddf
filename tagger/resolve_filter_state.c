/* resolve_filter_state — what resolve_filter's last pass keeps for a whole
 * document (resolve_filter_state.h: the algorithm): the candidates in token order
 * (sorted once, then binary searches), a table of the answers of the document-wide
 * searches for evidence, and the web address run of the last entity. */
#include "resolve_filter_state.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "grow.h"
#include "hash.h"
#include "scratch.h"
#include "sort.h"

size_t tg_gaz_order_at(const tg_gaz_match *gaz, size_t ngaz, tg_gaz_order *o, int first,
                       size_t tok, const tg_gaz_match *const **c, size_t *lo)
{
    *c = NULL;
    *lo = 0;
    if (!o->by[first] && !o->block) {
        /* the order by last token, at its first question: the thread's block
         * (scratch.h), given back by tg_filter_state_free */
        o->block = tg_scratch(TG_SCRATCH_GAZ_ORDER, (ngaz + 1) * sizeof *o->block);
        if (o->block) {
            tg_gaz_sort_by(gaz, ngaz, o->block, 1);
            o->by[0] = o->block;
        }
    }
    if (!o->by[first]) /* out of memory: every candidate is read */
        return ngaz;
    const tg_gaz_match *const *by = o->by[first];
    size_t h = *lo = tg_gaz_lower_bound(by, ngaz, tok, !first);
    while (h < ngaz && (first ? by[h]->tok_first : by[h]->tok_last) == tok)
        h++;
    *c = by;
    return h;
}

static uint64_t memo_hash(int kind, const void *gaz, uint32_t id, const char *text, size_t len)
{
    uint64_t h = tg_fnv1a(text, len) ^ ((uint64_t)(uintptr_t)gaz * 0x9E3779B97F4A7C15ull);
    return (h ^ ((uint64_t)id << 8 | (uint64_t)kind)) * 0xFF51AFD7ED558CCDull;
}

tg_memo_slot *tg_evidence_memo_at(tg_evidence_memo *mm, int kind, const void *gaz, uint32_t id,
                                  const char *norm, size_t s0, size_t len, int *fresh)
{
    if (mm->used * 2 >= mm->cap) {
        size_t cap = mm->cap ? mm->cap * 2 : 64;
        tg_memo_slot *s = calloc(cap, sizeof *s);
        if (!s)
            return NULL;
        for (size_t i = 0; i < mm->cap; i++) {
            const tg_memo_slot *o = &mm->slots[i];
            size_t j = (size_t)memo_hash(o->kind, o->gaz, o->id, norm + o->s0, o->len) & (cap - 1);
            while (o->kind && s[j].kind)
                j = (j + 1) & (cap - 1);
            if (o->kind)
                s[j] = *o;
        }
        free(mm->slots);
        mm->slots = s;
        mm->cap = cap;
    }
    size_t j = (size_t)memo_hash(kind, gaz, id, norm + s0, len) & (mm->cap - 1);
    for (tg_memo_slot *s; (s = &mm->slots[j])->kind; j = (j + 1) & (mm->cap - 1))
        if (s->kind == kind && s->gaz == gaz && s->id == id && s->len == len &&
            memcmp(norm + s->s0, norm + s0, len) == 0) {
            *fresh = 0;
            return s;
        }
    mm->used++;
    mm->slots[j] = (tg_memo_slot){kind, gaz, id, s0, len, {SIZE_MAX, SIZE_MAX}, 0};
    *fresh = 1;
    return &mm->slots[j];
}

/* Top-level domains a web address ends with ("iran-newspaper.com", "isna.ir"), with their
 * lengths. */
static const struct {
    char s[5];
    unsigned char n;
} tlds[] = {{"com", 3}, {"net", 3}, {"org", 3}, {"ir", 2},  {"gov", 3}, {"edu", 3},
            {"info", 4}, {"biz", 3}, {"io", 2},  {"co", 2},  {"uk", 2},  {"tv", 2},
            {"de", 2},  {"fr", 2},  {"ru", 2},  {"me", 2},  {"int", 3}};

/* Whether the dot norm[p] (a < p, p + 2 < b) ends a domain name in norm[a..b): it follows an
 * ASCII letter, digit or "-" and one of tlds follows it, then the end or "/" or ".". */
static int domain_dot(const char *norm, size_t p, size_t b)
{
    unsigned char c = (unsigned char)norm[p - 1];
    if (!(c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')))
        return 0;
    for (size_t k = 0; k < sizeof tlds / sizeof *tlds; k++) {
        size_t n = tlds[k].n;
        if (p + 1 + n <= b && memcmp(norm + p + 1, tlds[k].s, n) == 0 &&
            (p + 1 + n == b || norm[p + 1 + n] == '/' || norm[p + 1 + n] == '.'))
            return 1;
    }
    return 0;
}

/* The bytes a run and its core are read by, as a table (a lookup a byte, not a strchr):
 * what ends a run (RUN_STOP: spaces, quotes, "<>;" and brackets: an HTML link's text after
 * «"&gt;» is no part of its address, nor a name before «(www.iycs.ir)»), what a core leaves
 * off at its start (OPENER) and at its end (CLOSER), and where "@", "://", "www." or a
 * domain's dot can start (MARK).  NUL is in the first three, as in the strchr sets these
 * were. */
enum { RUN_STOP = 1, OPENER = 2, CLOSER = 4, MARK = 8 };
static const unsigned char run_bytes[256] = {
    [0] = RUN_STOP | OPENER | CLOSER, [' '] = RUN_STOP, ['\n'] = RUN_STOP,
    ['"'] = RUN_STOP | OPENER | CLOSER, ['<'] = RUN_STOP, ['>'] = RUN_STOP, [';'] = RUN_STOP,
    ['('] = RUN_STOP, [')'] = RUN_STOP, ['['] = RUN_STOP, [']'] = RUN_STOP,
    ['{'] = OPENER, ['\''] = OPENER | CLOSER, ['}'] = CLOSER, [','] = CLOSER,
    ['.'] = CLOSER | MARK, [':'] = CLOSER | MARK, ['!'] = CLOSER, ['?'] = CLOSER,
    ['@'] = MARK, ['w'] = MARK};

static int run_byte(const char *norm, size_t p, int what)
{
    return run_bytes[(unsigned char)norm[p]] & what;
}

/* The run around norm[s..e) into w->start and w->end: from the run start before s to the
 * run end after e (or s). */
static void run_bounds(const char *norm, size_t len, size_t s, size_t e, tg_web_run *w)
{
    size_t a = s < len ? s : len, b = e > a ? e : a;
    while (a > 0 && !run_byte(norm, a - 1, RUN_STOP))
        a--;
    while (b < len && !run_byte(norm, b, RUN_STOP))
        b++;
    w->start = a;
    w->end = b;
}

/* The core of the run w->start..w->end into *w: leading brackets and quotes left off up to
 * s, then a closing "'s" and closing punctuation down to e or the core's start, whichever
 * is later (s = the run's end and e = 0: the core as narrow as it goes, whatever the
 * entity); then whether it holds "@", "://" or "www." (web) and a domain's dot (domain),
 * in one pass that stops only at MARK bytes. */
static void run_core(const char *norm, size_t s, size_t e, tg_web_run *w)
{
    size_t a = w->start, b = w->end;
    while (a < s && a < b && run_byte(norm, a, OPENER))
        a++;
    size_t floor = e > a ? e : a;
    if (b - a >= 2 && (memcmp(norm + b - 2, "'s", 2) == 0) && b - 2 >= floor)
        b -= 2;
    while (b > floor && run_byte(norm, b - 1, CLOSER))
        b--;
    w->web = w->domain = 0;
    for (size_t p = a; p < b && !(w->web && w->domain); p++) {
        if (!run_byte(norm, p, MARK))
            continue;
        if (norm[p] == '.')
            w->domain |= p > a && p + 2 < b && domain_dot(norm, p, b);
        else
            w->web |= norm[p] == '@' || (p + 3 <= b && memcmp(norm + p, "://", 3) == 0) ||
                      (p + 4 <= b && memcmp(norm + p, "www.", 4) == 0);
    }
    w->core_start = a;
    w->core_end = b;
}

/* Whether norm[p] ('.', ':' or '@') may start what run_core looks for: "@", "://", or a dot
 * after an ASCII letter, digit or "-" (a domain's dot, and the dot of "www."). */
static int web_mark(const char *norm, size_t len, size_t p)
{
    unsigned char c = (unsigned char)norm[p], before = p > 0 ? (unsigned char)norm[p - 1] : 0;
    if (c == '.')
        return before == '-' || (before >= '0' && before <= '9') || (before >= 'a' && before <= 'z');
    return c == '@' || (p + 3 <= len && memcmp(norm + p, "://", 3) == 0);
}

/* Whether norm[a..b) holds a web_mark: without one no core inside it is a web address or a
 * domain (the run of most entities: a first test before the run and its core are read).
 * Where SSE2 is, 16 bytes a step are compared with '.', ':' and '@', the last step's 16
 * ending at b or at the text's end. */
static int web_marked(const char *norm, size_t len, size_t a, size_t b)
{
    if (b > len)
        b = len;
#ifdef __SSE2__
    if (len >= 16) {
        const __m128i dot = _mm_set1_epi8('.'), colon = _mm_set1_epi8(':'),
                      at = _mm_set1_epi8('@');
        for (size_t p = a; p < b; p += 16) {
            size_t q = p + 16 <= len ? p : len - 16; /* 16 bytes from q hold p .. */
            size_t hi = b - q < 16 ? b - q : 16;     /* .. up to b */
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(norm + q));
            unsigned bits = (unsigned)_mm_movemask_epi8(
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, dot), _mm_cmpeq_epi8(v, colon)),
                             _mm_cmpeq_epi8(v, at)));
            bits &= (0xFFFFu >> (16 - hi)) & (0xFFFFu << (p - q));
            for (; bits; bits &= bits - 1)
                if (web_mark(norm, len, q + (size_t)__builtin_ctz(bits)))
                    return 1;
        }
        return 0;
    }
#endif
    for (size_t p = a; p < b; p++)
        if ((norm[p] == '.' || norm[p] == ':' || norm[p] == '@') && web_mark(norm, len, p))
            return 1;
    return 0;
}

/* Whether norm[s..e) lies in a web or e-mail address: the run of non-space
 * bytes around it (run_bounds) holds "@", "://" or "www.", or is a domain name
 * (domain_dot) that the span is not the whole of.  "Forbes.com" is the outlet, an ORG; no
 * entity lies inside "iran-newspaper.com" («newspaper.com» was a PERSON),
 * "www.isna.ir" or "info@isna.ir" (2026-12-05, reader16).  *run is the run of an
 * earlier entity (start == end: none yet): every entity inside a run's narrowest core
 * reads the same run and core, so the run is read once, not once an entity (a
 * document of one long unspaced line; the entities come in the order of the text).
 * Otherwise the run around the whole span is tested for a web_mark first: most runs
 * (Persian words) hold none, and their cores are not read; such a run is kept in *run as
 * its own core, no address (no span inside it lies in one). */
int tg_in_web_address(const char *norm, size_t len, size_t s, size_t e, tg_web_run *run)
{
    if (!(run->start < run->end && s >= run->core_start && e <= run->core_end)) {
        tg_web_run w;
        run_bounds(norm, len, s, e, &w); /* holds the run of s, and every core read below */
        if (!web_marked(norm, len, w.start, w.end)) { /* no address in it, nor in any part */
            w.core_start = w.start, w.core_end = w.end, w.web = w.domain = 0;
            *run = w; /* for the entities inside it (one long unspaced line: read once) */
            return 0;
        }
        run_bounds(norm, len, s, s, run); /* the run of s */
        run_core(norm, run->end, 0, run); /* and its narrowest core */
        if (!(s >= run->core_start && e <= run->core_end)) { /* across runs, or on an edge */
            run_core(norm, s, e, &w);
            return w.web || ((w.core_start != s || w.core_end != e) && w.domain);
        }
    }
    return run->web || ((run->core_start != s || run->core_end != e) && run->domain);
}

/* One title of tg_title_index: its text, its entity and value; the first title of its
 * text (first) holds the counts of the text's titles still labelled, of value > 0 and > 1. */
struct tg_title {
    const char *text;
    size_t len, j, first;
    int value, dropped;
    size_t count[2];
};

int tg_title_index_add(tg_title_index *ti, const char *norm, size_t start, size_t len,
                       int value, size_t j)
{
    struct tg_title *t = tg_grow(ti->items, &ti->cap, ti->n + 1, sizeof *t, 16);
    if (!t)
        return 0;
    ti->items = t;
    t[ti->n++] = (struct tg_title){norm + start, len, j, 0, value, 0, {0, 0}};
    return 1;
}

static int cmp_text(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    return c ? c : (alen > blen) - (alen < blen);
}

static int cmp_title(const void *a, const void *b)
{
    const struct tg_title *x = a, *y = b;
    return cmp_text(x->text, x->len, y->text, y->len);
}

void tg_title_index_seal(tg_title_index *ti, size_t nres)
{
    ti->nres = nres;
    ti->item_of = malloc((nres + 1) * sizeof *ti->item_of);
    if (!ti->item_of) {
        ti->made = -1;
        return;
    }
    for (size_t j = 0; j < nres; j++)
        ti->item_of[j] = SIZE_MAX;
    if (ti->n > 1)
        tg_sort_stable(ti->items, ti->n, sizeof *ti->items, cmp_title);
    for (size_t k = 0; k < ti->n; k++) {
        struct tg_title *t = &ti->items[k];
        t->first = k > 0 && cmp_title(&ti->items[k - 1], t) == 0 ? ti->items[k - 1].first : k;
        ti->items[t->first].count[0]++;
        ti->items[t->first].count[1] += t->value > 1;
        if (t->j < nres)
            ti->item_of[t->j] = k;
    }
    ti->made = 1;
}

int tg_title_index_has(const tg_title_index *ti, const char *norm, size_t start, size_t len,
                       int above)
{
    size_t lo = 0, hi = ti->n;
    while (lo < hi) { /* the first title whose text is not before norm[start..) */
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_text(ti->items[mid].text, ti->items[mid].len, norm + start, len) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ti->n && cmp_text(ti->items[lo].text, ti->items[lo].len, norm + start, len) == 0 &&
           ti->items[lo].count[above > 0] > 0;
}

void tg_title_index_drop(tg_title_index *ti, size_t j)
{
    size_t k = ti->made > 0 && j < ti->nres ? ti->item_of[j] : SIZE_MAX;
    if (k == SIZE_MAX || ti->items[k].dropped)
        return;
    struct tg_title *t = &ti->items[k];
    t->dropped = 1;
    ti->items[t->first].count[0]--;
    ti->items[t->first].count[1] -= t->value > 1;
}

void tg_filter_state_free(tg_filter_state *st)
{
    free(st->titles.items);
    free(st->titles.item_of);
    free(st->memo.slots);
    if (st->order.block)
        tg_scratch_done(TG_SCRATCH_GAZ_ORDER);
}
