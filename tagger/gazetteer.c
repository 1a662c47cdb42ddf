/*
 * gazetteer — matching, resolution, inspection and the public API of the
 * gazetteer (gazetteer.h explains the matching and the resolution).  The
 * compiled file is gazetteer_file.c, the TSV compiler gazetteer_compile.c,
 * the trie gazetteer_trie.[ch].
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, madvise */
#include "gazetteer_internal.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "datafile.h"
#include "error.h"
#include "gazetteer_trie.h"
#include "labels.h"
#include "options.h"
#include "scratch.h"
#include "sort.h"

/* The memo's hit path inlined into the token loop, the full walk kept out. */
#if defined(__GNUC__)
#define TG_INLINE inline __attribute__((always_inline))
#define TG_NOINLINE __attribute__((noinline))
#else
#define TG_INLINE inline
#define TG_NOINLINE
#endif

/* x86 builds also compile the trie walk for POPCNT and choose it at run
 * time (walk_popcnt); -DTAGGER_PORTABLE=ON (the sanitizer build) keeps
 * only the plain code, so the tests cover both. */
#if (defined(__x86_64__) || defined(__i386__)) && !defined(TAGGER_PORTABLE)
#define GAZ_POPCNT_DISPATCH 1
#endif

/* -------------------------------------------------------------- matching */

/* The records of the trie position x (a key ends there): 1 with the range
 * in *first, *count, or 0. */
static int node_records(const tg_gazetteer *g, uint32_t x, uint32_t *first, uint32_t *count)
{
    unsigned char b = g->trie[x];
    if (!tg_trie_has_records(b) || g->trie_bytes - x < (b == TG_TRIE_REC1 ? 5u : 9u))
        return 0;
    uint32_t f = tg_trie_rd32(g->trie + x + 1);
    uint32_t n = b == TG_TRIE_RECN ? tg_trie_rd32(g->trie + x + 5) : 1;
    if (f > g->h->n_records || n > g->h->n_records - f)
        return 0;
    *first = f;
    *count = n;
    return 1;
}

/* Attached suffixes, normalized (ZWNJ already removed, letters folded). */
#define SUFFIXES(X)                                                                      \
    X("ها") X("های") X("هایی") X("هایش") X("هایشان") X("هایمان") X("ی") X("ای") X("یی")    \
    X("ش") X("اش") X("شان") X("مان") X("تان") X("ام") X("ات") X("ست") X("است") X("'s")     \
    X("\xE2\x80\x99s")
#define SUFFIX_ENTRY(s) {s, sizeof(s) - 1},
#define SUFFIX_BIT(s) | 1ull << (sizeof(s) - 1)
#define SUFFIX_FITS(s) _Static_assert(sizeof(s) - 1 < 64, "suffix longer than 63 bytes");
static const struct {
    const char *s;
    size_t n;
} suffixes[] = {SUFFIXES(SUFFIX_ENTRY)};
SUFFIXES(SUFFIX_FITS)
/* bit n set: some suffix is n bytes long */
static const uint64_t suffix_lengths = 0 SUFFIXES(SUFFIX_BIT);

static int is_suffix(const char *s, size_t n)
{
    if (n >= 64 || !(suffix_lengths >> n & 1))
        return 0;
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
        if (suffixes[i].n == n && suffixes[i].s[n - 1] == s[n - 1] &&
            memcmp(suffixes[i].s, s, n - 1) == 0)
            return 1;
    return 0;
}

/* Compares input bytes [os, oe) to the alias with spaces ignored on both
 * sides and ZWNJ ignored in the input: the test for case-sensitive aliases. */
static int same_case(const char *in, size_t os, size_t oe, const char *alias)
{
    size_t i = os;
    const char *a = alias;
    for (;;) {
        while (i < oe && (in[i] == ' ' || (oe - i >= 3 && memcmp(in + i, "\xE2\x80\x8C", 3) == 0)))
            i += in[i] == ' ' ? 1 : 3;
        while (*a == ' ')
            a++;
        if (i == oe || *a == '\0')
            return i == oe && *a == '\0';
        if (in[i] != *a)
            return 0;
        i++;
        a++;
    }
}

/* The hamza letters ؤ, أ and إ, which the normalizer folds to و and ا.  A
 * one-word alias that has none of them matches no word that has one after
 * its first letter: on the first 1,500 articles of ISNA, Fars, Hamshahri and
 * Tabnak every such match was another word (the alias «مودی», Modi, in
 * «مؤدی» "taxpayer"; «رأی» "vote", «رأس», «مأموریت», «رؤس», «سؤال»), while in
 * names of two words or more the hamza is a spelling a list leaves out:
 * «مؤسسه»/«موسسه», «تأمین اجتماعی», «رؤیا تیموریان», «عین الأسد».  At a word's
 * start it is Arabic spelling («إسرائيل», «أحمد»).  «ئ», written for «یی»
 * («قضائیه», «پامپئو»), is a spelling everywhere and not among them. */
static const char hamza_letters[][3] = {"\xD8\xA4", "\xD8\xA3", "\xD8\xA5"};

/* Whether the 2-byte letter h occurs in [s, s + n). */
static int has_letter(const char *s, size_t n, const char *h)
{
    for (size_t i = 0; i + 2 <= n; i++)
        if (s[i] == h[0] && s[i + 1] == h[1])
            return 1;
    return 0;
}

/* Whether the one-word input [os, oe) has, after its first byte, no hamza
 * letter the alias lacks.  All three are D8 followed by A3..A5: most words
 * have none, found in one pass. */
static int hamza_ok(const char *in, size_t os, size_t oe, const char *alias)
{
    const unsigned char *u = (const unsigned char *)in;
    size_t i = os + 1;
    while (i + 1 < oe && !(u[i] == 0xD8 && u[i + 1] >= 0xA3 && u[i + 1] <= 0xA5))
        i++;
    if (i + 1 >= oe)
        return 1;
    size_t an = strlen(alias);
    for (size_t h = 0; h < sizeof hamza_letters / sizeof hamza_letters[0]; h++)
        if (has_letter(in + i, oe - i, hamza_letters[h]) &&
            !has_letter(alias, an, hamza_letters[h]))
            return 0;
    return 1;
}

/* Where the candidates of one tg_gazetteer_match call go. */
typedef struct {
    const tg_gazetteer *g;
    int layer;
    const char *text;
    const tg_normtext *nt;
    tg_gaz_match **out;
    size_t *n, *cap;
} sink;

/* Whether a match [nstart, nend) of the normalized text may be followed by
 * an attached suffix: its last part, after the last space or ZWNJ inside
 * it, must be the whole match or at least two characters long.  A name
 * continues across a space or ZWNJ into a word, never into a lone letter,
 * while auxiliaries written apart are exactly a letter and a suffix («است»
 * = «ا» + «ست», «ای», «اش»): without the rule «کرده است» and «کرده‌است»
 * matched the alias «کردها» as «کرده ا» (issue 19).  The ZWNJ is dropped
 * by normalization, so it is looked for in the input between the
 * characters.  Checked here, not in walk(), because the memo replays a
 * token's walk by its normalized bytes, which are the same with and
 * without a ZWNJ. */
static int suffix_piece_ok(const sink *k, size_t nstart, size_t nend)
{
    const char *s = k->nt->text;
    size_t last = nend - 1; /* the start of the match's last character */
    while (last > nstart && ((unsigned char)s[last] & 0xC0) == 0x80)
        last--;
    if (last == nstart)
        return 1; /* the whole match */
    if (s[last - 1] == ' ')
        return 0;
    for (size_t i = k->nt->oend[last - 1]; i + 3 <= k->nt->ostart[last]; i++)
        if (memcmp(k->text + i, "\xE2\x80\x8C", 3) == 0) /* ZWNJ */
            return 0;
    return 1;
}

/* Appends a candidate for each of the records r0 .. r0+rn-1 (in range:
 * node_records) of a key that ends after byte nend. */
static tagger_status add_records(const sink *k, uint32_t r0, uint32_t rn, size_t first,
                                 size_t last, size_t nstart, size_t nend, size_t suffix)
{
    const tg_gazetteer *g = k->g;
    if (suffix && !suffix_piece_ok(k, nstart, nend))
        return TAGGER_OK;
    if (*k->n + rn > *k->cap) {
        size_t ncap = *k->cap ? *k->cap * 2 : 256; /* a news article: one block */
        while (ncap < *k->n + rn)
            ncap *= 2;
        tg_gaz_match *m = realloc(*k->out, ncap * sizeof *m);
        if (!m)
            return TAGGER_ERR_NOMEM;
        *k->out = m;
        *k->cap = ncap;
    }
    for (uint32_t r = r0; r < r0 + rn; r++) {
        const gaz_record *rec = &g->records[r];
        if (rec->entity >= g->h->n_entities || rec->alias >= g->h->string_bytes)
            continue;
        /* the entity records are megabytes: most candidates' entries
         * (tg_gazetteer_entry, asked later for many candidates) missed */
        __builtin_prefetch(&g->entities[rec->entity]);
        if ((rec->flags & TG_ALIAS_CASE) &&
            !same_case(k->text, k->nt->ostart[nstart], k->nt->oend[nend - 1],
                       g->strings + rec->alias))
            continue;
        if (first == last && !hamza_ok(k->text, k->nt->ostart[nstart], k->nt->oend[nend - 1],
                      g->strings + rec->alias))
            continue;
        tg_gaz_match *m = &(*k->out)[(*k->n)++];
        m->tok_first = first;
        m->tok_last = last;
        m->norm_start = nstart;
        m->norm_end = nend;
        m->suffix_len = (uint32_t)suffix;
        m->label = rec->label < TG_NLABELS ? rec->label : -1;
        m->gaz = g;
        m->record = r;
        m->layer = k->layer;
        m->priority = rec->priority;
        m->flags = rec->flags;
    }
    return TAGGER_OK;
}

/* Appends a candidate for each record of the key ending at trie position x. */
static tagger_status add_candidates(const sink *k, uint32_t x, size_t first, size_t last,
                                    size_t nstart, size_t nend, size_t suffix)
{
    uint32_t r0, rn;
    if (!node_records(k->g, x, &r0, &rn))
        return TAGGER_OK;
    return add_records(k, r0, rn, first, last, nstart, nend, suffix);
}

#define MAX_STATES 4

/* The memo of first tokens.  Walking a token from the root has an outcome
 * that depends only on the gazetteer, the token's normalized bytes and its
 * kind: the records of a key that ends inside or at the end of the token
 * (and after how many bytes), if any, and the position left for the next
 * token, if any (most tokens start no match and leave none).  Each
 * thread remembers the outcomes of its last walks in a table of sets of two
 * entries, one cache line each, the one used last first (news text is
 * Zipfian: a few thousand words make most of it; a rare word then evicts
 * the set's older entry, not a frequent word used since) and replays them
 * instead of walking; the candidates are still made by add_candidates,
 * so the case check still sees the input.  Entries name their gazetteer by
 * a load serial number, never reused, so a freed gazetteer's entries never
 * match.  Walks where more than one key ends, or that leave two positions
 * (the ezafe), or whose key has more than MEMO_RECS records, are not
 * remembered; nor are walks from other positions,
 * which repeat much less and would only crowd the table. */
#define MEMO_SIZE 16384 /* entries, a power of two (8192 replayed 82% of the first
                         * tokens of Persian news; 16384: 4% fewer instructions
                         * in the stage and 3% fewer misses of a 1 MB cache) */
#define MEMO_WAYS 2     /* entries of a set: one cache line */
#define MEMO_BYTES 16  /* longest token remembered */
#define MEMO_RECS 1023 /* most records of a key remembered (the tag's 10 bits) */
typedef struct {
    uint64_t tag;    /* key_tag() | the key's record count << 46 | the key
                      * end's offset << 56; 0: empty */
    uint64_t w0, w1; /* the token's bytes (token_words) */
    uint32_t next;   /* the position left for the next token, or TG_TRIE_DEAD */
    uint32_t rec;    /* the key's first record (in range: node_records), when
                      * the count is not 0: a replay reads no trie node, and
                      * the record is prefetched (prefetch_near) */
} memo_entry;        /* 32 bytes */
_Static_assert(sizeof(memo_entry) * MEMO_WAYS == 64, "a memo set is one cache line");

/* Each thread's memo (512 KB) is made at its first match, not at thread
 * start: as a static _Thread_local array it was zeroed by the dynamic
 * loader at every start, 128 page faults (~1.5 ms of a 35 ms start on a
 * VM, docs/performance.md 2026-12-04) even for a run that matches nothing.
 * It is a private anonymous mapping on a 2 MiB boundary, asked for a huge
 * page and populated in one call (both only hints): one fault instead of
 * up to 128; but for a gazetteer of a tagger of few documents (the first
 * to match on the thread decides), on 4 KiB pages made as they are used.
 * The thread-specific key unmaps it when its thread exits; the main
 * thread's goes with the process. */
#define MEMO_MAP ((size_t)2 << 20)
static _Thread_local memo_entry *thread_memo;
static pthread_key_t memo_key;
static int memo_key_ok;
static pthread_once_t memo_once = PTHREAD_ONCE_INIT;

static void memo_unmap(void *m)
{
    munmap(m, MEMO_MAP);
}

static void memo_key_make(void)
{
    memo_key_ok = pthread_key_create(&memo_key, memo_unmap) == 0;
}

/* The calling thread's memo, all zero when new (on a huge page when
 * `huge`); NULL when out of memory. */
static memo_entry *memo_get(int huge)
{
    if (thread_memo)
        return thread_memo;
    pthread_once(&memo_once, memo_key_make);
    if (!memo_key_ok)
        return NULL;
    unsigned char *m = mmap(NULL, 2 * MEMO_MAP, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    /* keep the 2 MiB-aligned window, unmap the rest */
    size_t lead = (MEMO_MAP - (uintptr_t)m % MEMO_MAP) % MEMO_MAP;
    if (lead)
        munmap(m, lead);
    munmap(m + lead + MEMO_MAP, MEMO_MAP - lead);
    m += lead;
    if (pthread_setspecific(memo_key, m) != 0) {
        munmap(m, MEMO_MAP);
        return NULL;
    }
    if (huge) {
#ifdef MADV_HUGEPAGE
        madvise(m, MEMO_MAP, MADV_HUGEPAGE);
#endif
#ifdef MADV_POPULATE_WRITE
        madvise(m, MEMO_SIZE * sizeof(memo_entry), MADV_POPULATE_WRITE);
#endif
    }
    return thread_memo = (memo_entry *)m;
}
#define TAG_KEY ((1ull << 46) - 1)

/* What identifies a walk besides its bytes: the gazetteer's serial number
 * (40 bits), the token's length and kind. */
static uint64_t key_tag(uint64_t serial, size_t len, int word)
{
    return (serial & ((1ull << 40) - 1)) | (uint64_t)len << 40 | (uint64_t)word << 45;
}

/* The bytes p[0..n), 1 <= n <= 16, as two words that determine them (given
 * n): the first and last eight bytes, or four, or three single bytes. */
static TG_INLINE void token_words(const unsigned char *p, size_t n, uint64_t *w0,
                                  uint64_t *w1)
{
    if (n >= 8) {
        memcpy(w0, p, 8);
        memcpy(w1, p + n - 8, 8);
    } else if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, p, 4);
        memcpy(&b, p + n - 4, 4);
        *w0 = a;
        *w1 = b;
    } else {
        *w0 = p[0] | (uint32_t)p[n / 2] << 8 | (uint32_t)p[n - 1] << 16;
        *w1 = 0;
    }
}

/* The first entry of the key's set (the memo is 2 MiB-aligned, so a set is
 * one cache line). */
static size_t memo_slot(uint64_t tag, uint64_t w0, uint64_t w1)
{
    uint64_t h = (w0 ^ tag) * 0x9FB21C651E98DF25ull ^ (w1 + tag) * 0x9E3779B97F4A7C15ull;
    return ((size_t)(h >> 40) & (MEMO_SIZE / MEMO_WAYS - 1)) * MEMO_WAYS;
}

/* What one walk over a token found, and where its match began: token
 * `first`, byte nstart (set by the caller; `last` is the token walked). */
typedef struct {
    size_t first, last, nstart;
    uint32_t next[2]; /* positions that go on to the next token */
    size_t nnext;
    uint32_t cand;   /* the first position where a key ended ... */
    size_t cand_end; /* ... after this byte */
    size_t ncand;    /* how many keys ended */
} walk_result;

/* A trie walk over one token: walk or walk_popcnt below. */
typedef tagger_status walk_fn(const sink *k, uint32_t x, size_t start, size_t end, int word,
                              walk_result *r);

/* A key ends at trie position x after byte p of the token [.., end): adds
 * its candidates and notes it in r. */
static tagger_status key_end(const sink *k, uint32_t x, size_t p, size_t end, walk_result *r)
{
    if (r->ncand++ == 0) {
        r->cand = x;
        r->cand_end = p;
    }
    return add_candidates(k, x, r->first, r->last, r->nstart, p, end - p);
}

/* Walks the token [start, end) from trie position x, adding the candidates
 * that end inside it (where the rest of the token is a suffix, and
 * suffix_piece_ok) or at its end; the match began at token r->first, byte
 * r->nstart.  Compiled twice (walk, walk_popcnt below). */
static TG_INLINE tagger_status walk_in(const sink *k, uint32_t x, size_t start, size_t end,
                                       int word, walk_result *r)
{
    const char *s = k->nt->text;
    const unsigned char *u = (const unsigned char *)s, *t = k->g->trie;
    const uint32_t size = k->g->trie_bytes;
    const uint32_t sig = k->g->trie_sig;
    size_t p = start;
    r->nnext = r->ncand = 0;
    r->cand = TG_TRIE_DEAD;
    r->cand_end = start;
    /* the written ezafe: the position before its «ی» also goes on, so a
     * step's signature test looks at the characters before it only */
    const size_t ezafe_at =
        word && end - start > 4 && memcmp(s + end - 4, "\xD9\x87\xDB\x8C", 4) == 0
            ? end - 2
            : SIZE_MAX;
    const unsigned char *const lim = u + (ezafe_at < end ? ezafe_at : end);
    if (x != 0) { /* from a position an earlier token left: most walks end at
                   * their first step, taken before any other work */
        size_t adv;
        x = tg_trie_step(t, size, sig, x, u + start, end - start, lim, &adv);
        if (x == TG_TRIE_DEAD)
            return TAGGER_OK;
        p = start + adv;
        if (tg_trie_has_records(t[x]) && p < end && word && is_suffix(s + p, end - p) &&
            key_end(k, x, p, end, r) != TAGGER_OK)
            return TAGGER_ERR_NOMEM;
    } else if (end - start >= 2 && k->g->two_ok[u[start]]) { /* two bytes by table */
        uint32_t x1 = k->g->root1[u[start]];
        x = k->g->root2[u[start] << 8 | u[start + 1]];
        if (x1 != TG_TRIE_DEAD && tg_trie_has_records(t[x1]) && word &&
            is_suffix(s + start + 1, end - start - 1) &&
            key_end(k, x1, start + 1, end, r) != TAGGER_OK)
            return TAGGER_ERR_NOMEM;
        if (x == TG_TRIE_DEAD)
            return TAGGER_OK;
        p = start + 2;
        if (tg_trie_has_records(t[x]) && p < end && word && is_suffix(s + p, end - p) &&
            key_end(k, x, p, end, r) != TAGGER_OK)
            return TAGGER_ERR_NOMEM;
    }
    for (size_t adv; p < end; p += adv) {
        if (p == ezafe_at)
            r->next[r->nnext++] = x; /* the «ی» skipped */
        x = tg_trie_step(t, size, sig, x, u + p, end - p, lim, &adv);
        if (x == TG_TRIE_DEAD)
            return TAGGER_OK;
        size_t q = p + adv; /* bytes walked */
        if (tg_trie_has_records(t[x]) && q < end && word && is_suffix(s + q, end - q) &&
            key_end(k, x, q, end, r) != TAGGER_OK)
            return TAGGER_ERR_NOMEM;
    }
    if (tg_trie_has_records(t[x]) &&
        key_end(k, x, end, end, r) != TAGGER_OK)
        return TAGGER_ERR_NOMEM;
    r->next[r->nnext++] = x;
    return TAGGER_OK;
}

TG_NOINLINE static tagger_status walk(const sink *k, uint32_t x, size_t start, size_t end,
                                      int word, walk_result *r)
{
    return walk_in(k, x, start, end, word, r);
}

#ifdef GAZ_POPCNT_DISPATCH
/* The walk for processors with POPCNT: a PAIR step's child number counts
 * the bits of a bitmap, which the baseline build (no -mpopcnt) does in a
 * dozen instructions; here the compiler makes tg_trie_popcount's bit trick
 * one instruction.  The same walk; tg_gazetteer_match chooses. */
TG_NOINLINE __attribute__((target("popcnt"))) static tagger_status
walk_popcnt(const sink *k, uint32_t x, size_t start, size_t end, int word, walk_result *r)
{
    return walk_in(k, x, start, end, word, r);
}
#endif

/* A token's memo key and its set in the thread's memo (NULL: a token the
 * memo does not hold), made once, when the token is prefetched; and, once
 * the slot has arrived (prefetch_near), the walk's outcome if the memo held
 * it then (hit): a pure function of the key, so a copy stays right even if
 * a later walk overwrites the slot. */
typedef struct {
    uint64_t tag, w0, w1;
    memo_entry *slot;
    uint32_t next, rec, nrec; /* as in memo_entry, when hit */
    unsigned char at;         /* the key end's offset, when hit */
    unsigned char hit;
} memo_probe;

static TG_INLINE void memo_probe_of(const tg_gazetteer *g, memo_entry *memo_tab, const char *s,
                                   const tagger_token *tk, memo_probe *mk)
{
    /* in locals, stored last: a store to *mk could alias the reads */
    const size_t start = tk->norm_start, len = tk->norm_end - start;
    const tagger_token_kind kind = tk->kind;
    memo_entry *slot = NULL;
    if (len >= 1 && len <= MEMO_BYTES &&
        (kind == TAGGER_TOKEN_WORD || kind == TAGGER_TOKEN_NUMBER)) {
        uint64_t tag = key_tag(g->serial, len, kind == TAGGER_TOKEN_WORD), w0, w1;
        token_words((const unsigned char *)s + start, len, &w0, &w1);
        slot = &memo_tab[memo_slot(tag, w0, w1)];
        mk->tag = tag;
        mk->w0 = w0;
        mk->w1 = w1;
    }
    mk->slot = slot;
    mk->hit = 0;
}

static TG_INLINE int memo_same(const memo_entry *me, const memo_probe *mk)
{
    return (me->tag & TAG_KEY) == mk->tag && me->w0 == mk->w0 && me->w1 == mk->w1;
}

/* The memo entry holding the walk of mk's token, or NULL; a hit in the
 * set's second entry moves it first. */
static TG_INLINE const memo_entry *memo_hit(const memo_probe *mk)
{
    memo_entry *me = mk->slot;
    if (!me)
        return NULL;
    if (memo_same(me, mk))
        return me;
    if (!memo_same(me + 1, mk))
        return NULL;
    memo_entry used = me[1];
    me[1] = me[0];
    me[0] = used;
    return me;
}

/* Walks token `tk` (index `last`) from trie position x with walk_tok: from
 * the root (x = 0) through the memo, its key in mk (NULL for a later
 * token, whose position a corrupt trie could also make 0); appends the
 * positions that go on to next[] (at most MAX_STATES). */
static TG_INLINE tagger_status walk_memo(const sink *k, walk_fn *walk_tok,
                                         const memo_probe *mk, uint32_t x,
                                         const tagger_token *tk, size_t first,
                                         size_t last, size_t nstart, uint32_t *next,
                                         size_t *nnext)
{
    const tg_gazetteer *g = k->g;
    const size_t start = tk->norm_start, end = tk->norm_end, len = end - start;
    const int word = tk->kind == TAGGER_TOKEN_WORD;
    memo_entry *const slot = x == 0 && mk ? mk->slot : NULL;
    /* from a position an earlier token left, most walks end at their first
     * step; where that step is a plain byte, it is taken here */
    if (x != 0 && g->trie[x] < TG_TRIE_BRANCH &&
        g->trie[x] != (unsigned char)k->nt->text[start])
        return TAGGER_OK;
    if (slot && mk->hit) {
        size_t at = mk->at;
        if (mk->nrec &&
            add_records(k, mk->rec, mk->nrec, first, last, nstart, start + at, len - at) !=
                TAGGER_OK)
            return TAGGER_ERR_NOMEM;
        if (mk->next != TG_TRIE_DEAD && *nnext < MAX_STATES)
            next[(*nnext)++] = mk->next;
        return TAGGER_OK;
    }
    walk_result r;
    r.first = first;
    r.last = last;
    r.nstart = nstart;
    if (walk_tok(k, x, start, end, word, &r) != TAGGER_OK)
        return TAGGER_ERR_NOMEM;
    /* r.nnext is at most 2; the bound on i says so to the compiler (-Warray-bounds) */
    for (size_t i = 0; i < r.nnext && i < sizeof r.next / sizeof *r.next && *nnext < MAX_STATES;
         i++)
        next[(*nnext)++] = r.next[i];
    uint32_t r0 = 0, rn = 0; /* none where node_records finds none, as add_candidates */
    if (slot && r.ncand == 1)
        node_records(g, r.cand, &r0, &rn);
    if (slot && r.nnext <= 1 && r.ncand <= 1 && rn <= MEMO_RECS) { /* remember, first */
        if (!memo_same(slot, mk))
            slot[1] = slot[0];
        slot->tag = mk->tag | (uint64_t)rn << 46 | (uint64_t)(r.cand_end - start) << 56;
        slot->w0 = mk->w0;
        slot->w1 = mk->w1;
        slot->next = r.nnext ? r.next[0] : TG_TRIE_DEAD;
        slot->rec = r0;
    }
    return TAGGER_OK;
}

/* Prefetching: a probe of the memo and the first trie node of a walk from
 * the root miss the cache on most tokens (the memo is 512 KB per thread, the
 * trie megabytes), and nothing else waits on them, so the loop asks for
 * them PF_FAR tokens ahead: the memo slot (its key kept in *mk for the
 * walk) and root2's entry, then, PF_NEAR tokens ahead (both have arrived),
 * the node root2 names or, when the memo holds the token, the node of the
 * position it leaves for the next token: the walk from there, whose first
 * read missed the cache on most tokens (speed21, docs/performance.md), and
 * the first record of the key it ends, which the replay's candidates read
 * (two in three candidates are replays; their record missed the cache). */
#define PF_FAR 8
#define PF_NEAR 4
#define PF_RING (2 * PF_FAR)
static TG_INLINE void prefetch_far(const tg_gazetteer *g, memo_entry *memo_tab,
                                   const char *s, const tagger_token *tk, memo_probe *mk)
{
    memo_probe_of(g, memo_tab, s, tk, mk);
    if (!mk->slot)
        return;
    const size_t len = tk->norm_end - tk->norm_start;
    const unsigned char *u = (const unsigned char *)s + tk->norm_start;
    __builtin_prefetch(mk->slot);
    if (len >= 2 && g->two_ok[u[0]])
        __builtin_prefetch(&g->root2[u[0] << 8 | u[1]]);
}

static TG_INLINE void prefetch_near(const tg_gazetteer *g, const char *s,
                                    const tagger_token *tk, memo_probe *mk)
{
    const memo_entry *me = memo_hit(mk);
    if (me) { /* no walk from the root; the one from its next position follows */
        mk->hit = 1;
        mk->next = me->next;
        mk->rec = me->rec;
        mk->nrec = (uint32_t)(me->tag >> 46) & MEMO_RECS;
        mk->at = (unsigned char)(me->tag >> 56);
        if (me->next != TG_TRIE_DEAD)
            __builtin_prefetch(g->trie + me->next);
        if (mk->nrec) /* the replay's candidates read it (add_records) */
            __builtin_prefetch(&g->records[me->rec]);
        return;
    }
    const size_t len = tk->norm_end - tk->norm_start;
    const unsigned char *u = (const unsigned char *)s + tk->norm_start;
    if (len < 2 || (tk->kind != TAGGER_TOKEN_WORD && tk->kind != TAGGER_TOKEN_NUMBER) ||
        !g->two_ok[u[0]])
        return;
    uint32_t x = g->root2[u[0] << 8 | u[1]];
    if (x != TG_TRIE_DEAD)
        __builtin_prefetch(g->trie + x);
}

/* tg_gazetteer_match with walk_tok, a constant once inlined: compiled once
 * for each walk, so that the call stays direct. */
static TG_INLINE tagger_status match_with(walk_fn *walk_tok, const tg_gazetteer *g, int layer,
                                          const char *text, const tg_normtext *nt,
                                          const tagger_token *toks, size_t ntoks,
                                          tg_gaz_match **out, size_t *n, size_t *cap)
{
    const char *s = nt->text;
    const sink k = {g, layer, text, nt, out, n, cap};
    memo_entry *const memo_tab = ntoks ? memo_get(!g->few_documents) : NULL;
    if (ntoks && !memo_tab)
        return TAGGER_ERR_NOMEM;
    /* of the tokens i .. i + PF_FAR - 1, at [token % PF_RING]: the ring is
     * twice as long, so token i's probe is read in place while token
     * i + PF_FAR's is made */
    memo_probe keys[PF_RING];
    for (size_t i = 0; i < PF_FAR && i < ntoks; i++)
        prefetch_far(g, memo_tab, s, &toks[i], &keys[i]);
    for (size_t i = 0; i < PF_NEAR && i < ntoks; i++)
        prefetch_near(g, s, &toks[i], &keys[i]);
    for (size_t i = 0; i < ntoks; i++) {
        const tagger_token *ti = &toks[i];
        const memo_probe *mk = &keys[i % PF_RING];
        if (i + PF_FAR < ntoks)
            prefetch_far(g, memo_tab, s, &toks[i + PF_FAR], &keys[(i + PF_FAR) % PF_RING]);
        if (i + PF_NEAR < ntoks)
            prefetch_near(g, s, &toks[i + PF_NEAR], &keys[(i + PF_NEAR) % PF_RING]);
        if (ti->kind != TAGGER_TOKEN_WORD && ti->kind != TAGGER_TOKEN_NUMBER)
            continue;
        /* trie positions reached so far: usually one, two after an ezafe */
        uint32_t states[MAX_STATES];
        size_t nstates = 0;
        if (walk_memo(&k, walk_tok, mk, 0, ti, i, i, ti->norm_start, states, &nstates) !=
            TAGGER_OK)
            return TAGGER_ERR_NOMEM;
        /* the next tokens: adjacent (only spaces between: most often one, or
         * none where a ZWNJ was), same sentence */
        for (size_t j = i + 1; j < ntoks && nstates > 0; j++) {
            const tagger_token *tk = &toks[j];
            if (tk->sentence != ti->sentence)
                break;
            size_t q = toks[j - 1].norm_end;
            int adjacent = q == tk->norm_start || (q + 1 == tk->norm_start && s[q] == ' ');
            if (!adjacent) {
                adjacent = 1;
                for (; q < tk->norm_start; q++)
                    adjacent &= s[q] == ' ';
            }
            if (!adjacent)
                break;
            uint32_t next[MAX_STATES];
            size_t nnext = 0;
            for (size_t st = 0; st < nstates; st++)
                if (walk_memo(&k, walk_tok, NULL, states[st], tk, i, j, ti->norm_start,
                              next, &nnext) != TAGGER_OK)
                    return TAGGER_ERR_NOMEM;
            for (size_t st = 0; st < nnext; st++) /* at most MAX_STATES: no memcpy call */
                states[st] = next[st];
            nstates = nnext;
        }
    }
    return TAGGER_OK;
}

#ifdef GAZ_POPCNT_DISPATCH
TG_NOINLINE __attribute__((target("popcnt"))) static tagger_status
match_popcnt(const tg_gazetteer *g, int layer, const char *text, const tg_normtext *nt,
             const tagger_token *toks, size_t ntoks, tg_gaz_match **out, size_t *n,
             size_t *cap)
{
    return match_with(walk_popcnt, g, layer, text, nt, toks, ntoks, out, n, cap);
}
#endif

tagger_status tg_gazetteer_match(const tg_gazetteer *g, int layer,
                                 const char *text, const tg_normtext *nt,
                                 const tagger_token *toks, size_t ntoks,
                                 tg_gaz_match **out, size_t *n, size_t *cap)
{
#ifdef GAZ_POPCNT_DISPATCH
    if (__builtin_cpu_supports("popcnt"))
        return match_popcnt(g, layer, text, nt, toks, ntoks, out, n, cap);
#endif
    return match_with(walk, g, layer, text, nt, toks, ntoks, out, n, cap);
}

/* ------------------------------------------------------------ resolution */

/* The sort key of a candidate, best first: longest span, later layer,
 * higher priority, earlier start, lower record, earlier candidate. */
typedef struct {
    size_t len, start;
    int layer;
    int32_t priority;
    uint32_t record, idx;
} best_key;

static int better(const best_key *x, const best_key *y)
{
    if (x->len != y->len)
        return x->len > y->len;
    if (x->layer != y->layer)
        return x->layer > y->layer;
    if (x->priority != y->priority)
        return x->priority > y->priority;
    if (x->start != y->start)
        return x->start < y->start;
    if (x->record != y->record)
        return x->record < y->record;
    return x->idx < y->idx;
}

/* Merge sort of a[0..n) with scratch tmp[0..n), insertion sort for short runs. */
static void sort_keys(best_key *a, best_key *tmp, size_t n)
{
    if (n <= 16) {
        for (size_t i = 1; i < n; i++) {
            best_key v = a[i];
            size_t j = i;
            for (; j > 0 && better(&v, &a[j - 1]); j--)
                a[j] = a[j - 1];
            a[j] = v;
        }
        return;
    }
    size_t h = n / 2;
    sort_keys(a, tmp, h);
    sort_keys(a + h, tmp, n - h);
    if (!better(&a[h], &a[h - 1]))
        return; /* already in order */
    memcpy(tmp, a, h * sizeof *a);
    size_t i = 0, j = h, o = 0;
    while (i < h && j < n)
        a[o++] = better(&a[j], &tmp[i]) ? a[j++] : tmp[i++];
    while (i < h)
        a[o++] = tmp[i++];
}

size_t tg_gazetteer_resolve(tg_gaz_match *m, size_t n, size_t ntoks)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (!(m[i].flags & TG_ALIAS_AMBIGUOUS))
            m[kept++] = m[i];
    n = kept;
    if (n == 0)
        return 0;
    /* one block, the thread's (scratch.h): the keys; scratch for sorting
     * them, then for the winners; per token, the winner starting there */
    size_t nt = ntoks ? ntoks : 1;
    best_key *keys =
        tg_scratch(TG_SCRATCH_GAZ_RESOLVE, n * (sizeof *keys + sizeof *m) + nt * sizeof(uint32_t));
    if (!keys)
        return 0;
    best_key *tmp = keys + n;
    tg_gaz_match *win = (tg_gaz_match *)tmp;
    uint32_t *slot = (uint32_t *)(win + n); /* 0 free, TAKEN, or winner + 1 */
    const uint32_t TAKEN = UINT32_MAX;
    memset(slot, 0, nt * sizeof *slot);
    for (size_t i = 0; i < n; i++) {
        keys[i].len = m[i].norm_end - m[i].norm_start;
        keys[i].start = m[i].norm_start;
        keys[i].layer = m[i].layer;
        keys[i].priority = m[i].priority;
        keys[i].record = m[i].record;
        keys[i].idx = (uint32_t)i;
    }
    sort_keys(keys, tmp, n);
    kept = 0;
    for (size_t i = 0; i < n; i++) {
        const tg_gaz_match *c = &m[keys[i].idx];
        if (c->tok_first > c->tok_last || c->tok_last >= nt)
            continue;
        int free_span = 1;
        for (size_t t = c->tok_first; t <= c->tok_last && free_span; t++)
            free_span = !slot[t];
        if (!free_span)
            continue;
        for (size_t t = c->tok_first; t <= c->tok_last; t++)
            slot[t] = TAKEN;
        slot[c->tok_first] = keys[i].idx + 1;
        kept++;
    }
    /* winners cover disjoint tokens: in token order they are in start order;
     * the losers follow them, so m stays a permutation of every candidate
     * (the entity model links its spans to any of them: «ایران» inside the
     * list's «سینمای ایران») */
    size_t w = 0;
    for (size_t i = 0; i < n; i++) /* keys[] is spent: keys[i].idx marks m[i] won */
        keys[i].idx = 0;
    for (size_t t = 0; t < nt && w < kept; t++)
        if (slot[t] && slot[t] != TAKEN) {
            win[w++] = m[slot[t] - 1];
            keys[slot[t] - 1].idx = UINT32_MAX;
        }
    size_t l = w;
    for (size_t i = 0; i < n; i++)
        if (keys[i].idx != UINT32_MAX)
            win[l++] = m[i];
    memcpy(m, win, n * sizeof *m);
    tg_scratch_done(TG_SCRATCH_GAZ_RESOLVE);
    return w;
}

/* ------------------------------------------------------------ inspection */

/* Whether s has a letter of the Arabic script (lead bytes 0xd8-0xdb). */
static int arabic_script(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (tg_utf8_arabic_lead(*p))
            return 1;
    return 0;
}

/* The value after `key`= at a word start of ids (ids' start or after a
 * space), and its length; NULL when none.  One pass: a word is compared
 * with key at its first byte and skipped to the next space otherwise (no
 * strlen of key or value, no strstr, no strcspn: a few words a call). */
const char *tg_gaz_attr(const char *ids, const char *key, size_t *len)
{
    *len = 0;
    for (const char *p = ids; p && *p;) {
        const char *k = key;
        while (*k && *p == *k)
            p++, k++;
        if (!*k && *p == '=') {
            const char *v = ++p;
            while (*p && *p != ' ')
                p++;
            *len = (size_t)(p - v);
            return v;
        }
        while (*p && *p != ' ')
            p++;
        if (*p)
            p++;
    }
    return NULL;
}

int tg_gaz_attr_is(const char *ids, const char *key, const char *value)
{
    size_t len;
    const char *v = tg_gaz_attr(ids, key, &len);
    return v && strncmp(v, value, len) == 0 && value[len] == '\0';
}

/* The entity of record `record` when the record and its entity are in
 * range (their strings and label too), else NULL. */
static const gaz_entity *checked_entity(const tg_gazetteer *g, uint32_t record)
{
    if (record >= g->h->n_records)
        return NULL;
    const gaz_record *r = &g->records[record];
    if (r->entity >= g->h->n_entities)
        return NULL;
    const gaz_entity *en = &g->entities[r->entity];
    uint32_t sb = g->h->string_bytes;
    if (en->kb_id >= sb || en->name >= sb || en->ids >= sb || en->list >= sb ||
        en->wikidata >= sb || en->name_fa >= sb || r->alias >= sb || en->label >= TG_NLABELS)
        return NULL;
    return en;
}

_Static_assert(TG_ALIAS_CASE == TAGGER_ALIAS_CASE_SENSITIVE &&
                   TG_ALIAS_AMBIGUOUS == TAGGER_ALIAS_AMBIGUOUS &&
                   TG_ALIAS_LIST_LABEL == TAGGER_ALIAS_LIST_LABEL,
               "the alias flags tagger_gazetteer_alias hands out as they are");

int tg_gazetteer_entry(const tg_gazetteer *g, uint32_t record, tg_gaz_entry *e)
{
    const gaz_entity *en = checked_entity(g, record);
    if (!en)
        return 0;
    const gaz_record *r = &g->records[record];
    e->wikidata = en->wikidata ? g->strings + en->wikidata : NULL;
    e->name_fa = en->name_fa ? g->strings + en->name_fa : NULL;
    e->kb_id = g->strings + en->kb_id;
    e->name = g->strings + en->name;
    e->ids = g->strings + en->ids;
    e->list = g->strings + en->list;
    e->alias = g->strings + r->alias;
    e->label = tg_labels[en->label].name;
    e->priority = r->priority;
    e->flags = r->flags;
    return 1;
}

const char *tg_gaz_name_fa(const tg_gaz_entry *e)
{
    if (e->name_fa)
        return e->name_fa;
    return arabic_script(e->name) ? e->name : NULL; /* named in Persian: its own Persian name */
}

size_t tg_gazetteer_record_count(const tg_gazetteer *g)
{
    return g->h->n_records;
}

uint32_t tg_gazetteer_record_entity(const tg_gazetteer *g, uint32_t record)
{
    return record < g->h->n_records ? g->records[record].entity : UINT32_MAX;
}

void tg_gazetteer_stats(const tg_gazetteer *g, tg_gaz_stats *st)
{
    memset(st, 0, sizeof *st);
    st->entities = g->h->n_entities;
    st->records = g->h->n_records;
    st->keys = g->h->n_keys;
    st->nodes = g->h->n_nodes;
    st->string_bytes = g->h->string_bytes;
    st->file_bytes = g->size;
    for (uint32_t i = 0; i < g->h->n_entities; i++)
        if (g->entities[i].label < TG_NLABELS)
            st->by_label[g->entities[i].label]++;
}

/* ------------------------------------------------------------ public API */

struct tagger_gazetteer {
    tg_normalizer *nz;
    tg_gazetteer *g;
};

tagger_status tagger_gazetteer_compile(const char *const *sources, size_t nsources,
                                       const char *out_path, tagger_error *err)
{
    return tagger_gazetteer_compile_opts(sources, nsources, out_path, NULL, err);
}

void tagger_gazetteer_compile_options_init_size(tagger_gazetteer_compile_options *opt,
                                                size_t size)
{
    const tagger_gazetteer_compile_options d = {.max_alias_bytes = TG_GAZ_MAX_KEY};
    tg_opt_init(opt, &d, size, sizeof d);
}

tg_gazetteer *tg_gaz_open(const tg_normalizer *nz, const char *path, int verify,
                          size_t max_key, const tg_load_options *lo, tagger_error *err)
{
    void *image;
    size_t size;
    int compiled = tg_gaz_is_compiled(path);
    tagger_status rc =
        compiled
            ? tg_datafile_load(path, "gazetteer", sizeof(gaz_header), lo, &image, &size, NULL, err)
            : tg_gazetteer_compile(nz, &path, 1, max_key, &image, &size, err);
    if (rc != TAGGER_OK)
        return NULL;
    /* an image just compiled needs no checksum */
    tg_gazetteer *g = tg_gaz_attach(image, size, compiled && verify, path, err);
    if (!g)
        tg_datafile_free(image);
    else
        g->few_documents = lo && lo->few_documents;
    return g;
}

tg_gazetteer *tg_gazetteer_open(const tg_normalizer *nz, const char *path, size_t max_key,
                                const tg_load_options *lo, tagger_error *err)
{
    return tg_gaz_open(nz, path, 0, max_key, lo, err);
}


tagger_status tagger_gazetteer_compile_opts(const char *const *sources, size_t nsources,
                                            const char *out_path,
                                            const tagger_gazetteer_compile_options *opt,
                                            tagger_error *err)
{
    tagger_gazetteer_compile_options o;
    tagger_gazetteer_compile_options_init(&o);
    tagger_status rc = tg_opt_read(&o, opt, sizeof o, "tagger_gazetteer_compile_opts",
                                   "tagger_gazetteer_compile_options_init", err);
    if (rc != TAGGER_OK)
        return rc;
    size_t max_alias_bytes = o.max_alias_bytes;
    if (max_alias_bytes < 1 || max_alias_bytes > TG_GAZ_MAX_KEY_LIMIT)
        return tg_error_set(err, TAGGER_ERR_USAGE, 0,
                            "the alias limit must be 1 to %d bytes, not %zu",
                            TG_GAZ_MAX_KEY_LIMIT, max_alias_bytes);
    tg_normalizer *nz = tg_normalizer_new(err);
    if (!nz)
        return err ? err->code : TAGGER_ERR_NOMEM;
    /* compiled files: verified in full (checksum included) when validating,
     * refused as compile sources; the TSV ones are compiled together */
    const char **tsv = malloc((nsources ? nsources : 1) * sizeof *tsv);
    size_t ntsv = 0;
    rc = tsv ? TAGGER_OK : tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    for (size_t i = 0; rc == TAGGER_OK && i < nsources; i++) {
        if (!tg_gaz_is_compiled(sources[i])) {
            tsv[ntsv++] = sources[i];
        } else if (out_path) {
            rc = tg_error_set(
                err, TAGGER_ERR_USAGE, 0,
                "%s: already a compiled gazetteer (compile takes TSV sources)",
                sources[i]);
        } else {
            tg_gazetteer *g = tg_gaz_open(nz, sources[i], 1, max_alias_bytes, NULL, err);
            rc = g ? TAGGER_OK : err ? err->code : TAGGER_ERR_LOAD;
            tg_gazetteer_free(g);
        }
    }
    void *image = NULL;
    size_t size = 0;
    if (rc == TAGGER_OK && (ntsv > 0 || out_path))
        rc = tg_gazetteer_compile(nz, tsv, ntsv, max_alias_bytes, &image, &size, err);
    free(tsv);
    tg_normalizer_free(nz);
    if (rc != TAGGER_OK || !out_path) {
        free(image);
        return rc;
    }
    rc = tg_datafile_write(out_path, image, size, err);
    free(image);
    return rc;
}

tagger_gazetteer *tagger_gazetteer_open(const char *path, tagger_error *err)
{
    tagger_gazetteer *pub = calloc(1, sizeof *pub);
    if (!pub) {
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    pub->nz = tg_normalizer_new(err);
    if (pub->nz)
        pub->g = tg_gaz_open(pub->nz, path, 1, TG_GAZ_MAX_KEY, NULL, err); /* inspection: verified */
    if (!pub->g) {
        tagger_gazetteer_free(pub);
        return NULL;
    }
    return pub;
}

void tagger_gazetteer_free(tagger_gazetteer *g)
{
    if (!g)
        return;
    tg_gazetteer_free(g->g);
    tg_normalizer_free(g->nz);
    free(g);
}

size_t tagger_gazetteer_alias_count(const tagger_gazetteer *g)
{
    return tg_gazetteer_record_count(g->g);
}

int tagger_gazetteer_alias(const tagger_gazetteer *g, size_t i, tagger_alias *e)
{
    tg_gaz_entry in;
    if (i >= tg_gazetteer_record_count(g->g) || !tg_gazetteer_entry(g->g, (uint32_t)i, &in))
        return 0;
    e->entity = tg_gazetteer_record_entity(g->g, (uint32_t)i);
    e->kb_id = in.kb_id;
    e->label = in.label;
    e->name = in.name;
    e->alias = in.alias;
    e->ids = in.ids;
    e->list = in.list;
    e->priority = in.priority;
    e->flags = in.flags;
    return 1;
}

void tagger_gazetteer_get_stats(const tagger_gazetteer *g, tagger_gazetteer_stats *st)
{
    tg_gaz_stats s;
    tg_gazetteer_stats(g->g, &s);
    memset(st, 0, sizeof *st);
    st->entities = s.entities;
    st->aliases = s.records;
    st->keys = s.keys;
    st->trie_nodes = s.nodes;
    st->string_bytes = s.string_bytes;
    st->file_bytes = s.file_bytes;
    for (size_t i = 0; i < TG_NLABELS; i++)
        st->entities_by_label[i] = s.by_label[i];
}

static int cmp_first(const void *a, const void *b)
{
    const tg_gaz_match *x = *(const tg_gaz_match *const *)a, *y = *(const tg_gaz_match *const *)b;
    return (x->tok_first > y->tok_first) - (x->tok_first < y->tok_first);
}

static int cmp_last(const void *a, const void *b)
{
    const tg_gaz_match *x = *(const tg_gaz_match *const *)a, *y = *(const tg_gaz_match *const *)b;
    return (x->tok_last > y->tok_last) - (x->tok_last < y->tok_last);
}

void tg_gaz_sort_by(const tg_gaz_match *gaz, size_t n, const tg_gaz_match **by, int last)
{
    for (size_t i = 0; i < n; i++)
        by[i] = &gaz[i];
    if (n > 1 && last)
        tg_sort_stable(by, n, sizeof *by, cmp_last);
    else if (n > 1)
        tg_sort_stable(by, n, sizeof *by, cmp_first);
}

/* The thread's last answer: the entity model asks about its spans in text
 * order, so the next answer is usually near.  Only where the search
 * starts: any value gives the same result. */
static _Thread_local size_t lower_bound_hint;

size_t tg_gaz_lower_bound(const tg_gaz_match *const *by, size_t n, size_t tok, int last)
{
#define TOK_AT(i) (last ? by[i]->tok_last : by[i]->tok_first)
    if (n == 0)
        return 0;
    /* gallop from the hint to (lo, hi] holding the answer: TOK_AT(lo) < tok
     * unless lo is SIZE_MAX (before 0), TOK_AT(hi) >= tok unless hi is n */
    size_t lo, hi, g = lower_bound_hint < n ? lower_bound_hint : n - 1;
    if (TOK_AT(g) < tok) {
        lo = g;
        for (size_t step = 1;; step *= 2) {
            if (n - lo <= step) {
                hi = n;
                break;
            }
            hi = lo + step;
            if (TOK_AT(hi) >= tok)
                break;
            lo = hi;
        }
    } else {
        hi = g;
        for (size_t step = 1;; step *= 2) {
            if (hi < step) {
                lo = SIZE_MAX;
                break;
            }
            lo = hi - step;
            if (TOK_AT(lo) < tok)
                break;
            hi = lo;
        }
    }
    size_t a = lo + 1; /* 0 when lo is SIZE_MAX */
    while (a < hi) {
        size_t mid = a + (hi - a) / 2;
        if (TOK_AT(mid) < tok)
            a = mid + 1;
        else
            hi = mid;
    }
    lower_bound_hint = a;
    return a;
#undef TOK_AT
}
