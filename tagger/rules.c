/*
 * rules — the rule set: loading, matching, values and the rules' own
 * examples (rules.h has the format and the algorithms).  Rule files are
 * parsed and compiled by rules_parse.c, word lists built by rules_lists.c,
 * the prefilter by rules_prefilter.c; values are normalized by values.c,
 * which reads a match's groups and list values through a tg_value_source.
 */
#include "rules_internal.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>

#include "datafile.h"
#include "error.h"
#include "labels.h"

/* --------------------------------------------------------------- loading */

tg_rules *tg_rules_load(const tg_normalizer *nz, const char *const *paths, size_t npaths,
                        tagger_error *err)
{
    return tg_rules_load_ex(nz, paths, npaths, NULL, err);
}

static uint64_t lang_prefix(const char *name);
static int make_runs(tg_rules *rs, const tg_rule_options *opt);

tg_rules *tg_rules_load_ex(const tg_normalizer *nz, const char *const *paths, size_t npaths,
                           const tg_rule_options *opt, tagger_error *err)
{
    tg_rules *rs = calloc(1, sizeof *rs);
    if (!rs || !(rs->files = calloc(npaths ? npaths : 1, sizeof *rs->files)) ||
        !(rs->mctx = pcre2_match_context_create(NULL)) || !(rs->calendars = tg_calendars_new())) {
        tg_rules_free(rs);
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    rs->nz = nz;
    rs->jit = opt ? opt->jit : 1;
    rs->keep_keys = opt && opt->keep_keys;
    rs->unfiltered = opt && opt->unfiltered;
    pcre2_set_match_limit(rs->mctx, opt ? opt->match_limit : TG_RULE_MATCH_LIMIT);
    pcre2_set_depth_limit(rs->mctx, opt ? opt->depth_limit : TG_RULE_DEPTH_LIMIT);
    if (opt && opt->compiled &&
        tg_rules_cache_open(opt->compiled, &opt->load, &rs->cache, err) != TAGGER_OK) {
        tg_rules_free(rs);
        return NULL;
    }
    for (size_t i = 0; i < npaths; i++) {
        rs->files[i] = dup_s(paths[i]);
        if (!rs->files[i]) {
            tg_rules_free(rs);
            tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
            return NULL;
        }
        rs->nfiles++;
        if (tg_rules_parse_file(rs, rs->files[i], err) != TAGGER_OK) {
            tg_rules_free(rs);
            return NULL;
        }
    }
    for (size_t i = 0; i < rs->nrules; i++)
        rs->rules[i].lang = lang_prefix(rs->rules[i].name);
    for (size_t i = 0; opt && opt->guards && i < rs->nrules; i++)
        tg_rules_guard_always(&rs->rules[i].guard);
    tagger_status st = TAGGER_OK;
    rs->cached_pf = tg_rules_cache_prefilter(rs->cache, rs, err, &st);
    /* guards in an image that rs does not keep: copied (else none) */
    for (size_t i = 0; !rs->cached_pf && i < rs->nrules; i++)
        tg_rules_guard_own(&rs->rules[i].guard);
    tg_rules_cache_free(rs->cache);
    rs->cache = NULL;
    if (st != TAGGER_OK) {
        tg_rules_free(rs);
        return NULL;
    }
    if (!rs->cached_pf && !tg_rules_build_prefilter(rs)) {
        tg_rules_free(rs);
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    if (!tg_rules_prefilter_prepare(&rs->pf) || !tg_rules_guard_starts(rs) ||
        !make_runs(rs, opt)) {
        tg_rules_free(rs);
        tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
        return NULL;
    }
    return rs;
}

tagger_status tg_rules_write_compiled(const tg_rules *rs, const char *path, tagger_error *err)
{
    return tg_rules_cache_write(rs, path, err);
}

size_t tg_rules_compiled_count(const tg_rules *rs, int *with_prefilter)
{
    if (with_prefilter)
        *with_prefilter = rs && rs->cached_pf;
    return rs ? rs->cached : 0;
}

size_t tg_rules_guard_count(const tg_rules *rs)
{
    size_t n = 0;
    for (size_t i = 0; rs && i < rs->nrules; i++)
        n += rs->rules[i].guard.n > 0;
    return n;
}

/* The language prefix of a rule named `name` (rules.h: a name that starts
 * with 2 or 3 letters a-z and a dot fits that language only), its bytes
 * packed, the first lowest; 0 when it has none. */
static uint64_t lang_prefix(const char *name)
{
    size_t n = 0;
    while (n < 4 && name[n] >= 'a' && name[n] <= 'z')
        n++;
    uint64_t key = 0;
    for (size_t k = n >= 2 && n <= 3 && name[n] == '.' ? n : 0; k > 0; k--)
        key = key << 8 | (unsigned char)name[k - 1];
    return key;
}

/* Whether a rule of language prefix `key` (rule.lang, lang_prefix) fits
 * documents of `lang`.  (Asked for every rule of every document: the
 * prefix is read from rs->heads, not from the rule's name, an allocation
 * of its own and a cache miss a rule a document.) */
static int key_fits(uint64_t key, const char *lang)
{
    size_t k = 0;
    for (; key; key >>= 8, k++)
        if ((unsigned char)lang[k] != (key & 0xFF)) /* a letter: lang's end stops here */
            return 0;
    return k == 0 || lang[k] == '\0';
}

/* Whether it fits any of `langs` (NULL: every language). */
static int key_fits_any(uint64_t key, const char *const *langs)
{
    if (!langs)
        return 1;
    for (size_t i = 0; langs[i]; i++)
        if (key_fits(key, langs[i]))
            return 1;
    return 0;
}

/* rs->heads[i]: rule.lang in the low 32 bits (at most 3 letters), and
 * whether the rule is tried at the scan's candidates (no `starts-before`,
 * not at line starts) and is anchored. */
#define HEAD_LANG 0xFFFFFFFFull
#define HEAD_SCAN (1ull << 32)
#define HEAD_ANCHORED (1ull << 33)

/* The JIT runs at a rule's first attempts (trial(), below), not at load:
 * it was half of a start's instructions, and a rule whose literals a text
 * never has is then never compiled.  A rule with an anchored twin never
 * scans unanchored, except a text of 4 GiB or more: only the others need
 * their scan compiled.  On failure PCRE2 falls back to the interpreter.
 *
 * Threads share the rules.  A rule's JIT state goes TODO -> BUSY (claimed,
 * under the lock, by the thread that compiles it, outside the lock) -> DONE;
 * PCRE2 compiles different patterns in parallel safely (its executable
 * allocator has its own lock).  A thread that needs a rule another thread
 * is compiling does not sleep while there is other work: it compiles the
 * next unclaimed rule of the list that fits the text's languages (`help`;
 * rules are tried in list order, so most likely the next one it needs) and
 * sleeps only when none is left.  With one lock held through every compile,
 * the second worker of `-j 2` slept 12-76 ms at the start of a run while the
 * first compiled the rules of the first documents one by one; now it sleeps
 * once, 0-13 ms (docs/performance.md, 2026-12-04). */
enum { JIT_TODO, JIT_BUSY, JIT_DONE };

/* `help` for a match of one rule (tg_rules_match with `only`): no rule fits. */
static const char *const no_help[] = {NULL};

/* A JIT-compiled copy of `code` (the interpreter may be running `code` in
 * another thread), or NULL when the JIT fails. */
static pcre2_code *jit_copy(const pcre2_code *code)
{
    pcre2_code *c = pcre2_code_copy(code);
    if (c && pcre2_jit_compile(c, PCRE2_JIT_COMPLETE) != 0) {
        pcre2_code_free(c);
        c = NULL;
    }
    return c;
}

static void rule_jit(const tg_rules *crs, const rule *cr, const char *const *help)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    static pthread_cond_t compiled = PTHREAD_COND_INITIALIZER;
    if (!crs->jit || __atomic_load_n(&cr->jit_state, __ATOMIC_ACQUIRE) == JIT_DONE)
        return;
    /* the JIT states and code are the only part of the rules that changes */
    tg_rules *rs = (tg_rules *)crs;
    rule *r = (rule *)cr;
    size_t next = (size_t)(r - rs->rules) + 1; /* where to look for other work */
    pthread_mutex_lock(&lock);
    while (r->jit_state != JIT_DONE) {
        rule *c = r->jit_state == JIT_TODO ? r : NULL;
        while (!c && next < rs->nrules) {
            rule *o = &rs->rules[next++];
            if (o->jit_state == JIT_TODO && key_fits_any(o->lang, help))
                c = o;
        }
        if (!c) {
            pthread_cond_wait(&compiled, &lock);
            continue;
        }
        __atomic_store_n(&c->jit_state, JIT_BUSY, __ATOMIC_RELAXED);
        pthread_mutex_unlock(&lock);
        rs->runs[c - rs->rules].jit = jit_copy(rs->runs[c - rs->rules].of);
        pthread_mutex_lock(&lock);
        __atomic_store_n(&c->jit_state, JIT_DONE, __ATOMIC_RELEASE);
        pthread_cond_broadcast(&compiled);
    }
    pthread_mutex_unlock(&lock);
}

void tg_rules_free(tg_rules *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->nlists; i++)
        tg_rules_free_list(&rs->lists[i]);
    free(rs->lists);
    for (size_t i = 0; i < rs->ndefines; i++) {
        free(rs->defines[i].name);
        free(rs->defines[i].text);
    }
    free(rs->defines);
    for (size_t i = 0; i < rs->nrules; i++) {
        rule *r = &rs->rules[i];
        free(r->name);
        free(r->pattern);
        free(r->before);
        tg_rules_free_strs(r->needs, r->nneeds);
        free(r->key);
        pcre2_code_free(r->code);
        pcre2_code_free(r->anchored);
        if (rs->runs) {
            pcre2_code_free(rs->runs[i].jit);
            pcre2_match_context_free(rs->runs[i].trial);
        }
        tg_rules_free_starters(r);
        tg_rules_guard_free(&r->guard);
        for (size_t k = 0; k < r->nexamples; k++) {
            free(r->examples[k].text);
            free(r->examples[k].span);
            free(r->examples[k].value);
        }
        free(r->examples);
    }
    free(rs->rules);
    free(rs->runs);
    free(rs->heads);
    for (size_t i = 0; i < rs->nfiles; i++)
        free(rs->files[i]);
    free(rs->files);
    tg_rules_cache_free(rs->cache);
    pcre2_match_context_free(rs->mctx);
    tg_calendars_free(rs->calendars);
    tg_rules_free_prefilter(&rs->pf);
    tg_datafile_free(rs->image);
    free(rs);
}

size_t tg_rules_count(const tg_rules *rs)
{
    return rs ? rs->nrules : 0;
}

const tg_calendars *tg_rules_calendars(const tg_rules *rs)
{
    return rs ? rs->calendars : NULL;
}

/* ---------------------------------------------------------------- values */

/* One match as its value normalizer sees it (tg_value_source). */
typedef struct {
    const tg_rules *rs;
    const rule *r;
    const char *subject;
    pcre2_match_data *md;
} match_ctx;

/* The text of named group `name`, or 0 if the group is absent or unset. */
static int match_group(const void *ud, const char *name, const char **s, size_t *n)
{
    const match_ctx *c = ud;
    int num = pcre2_substring_number_from_name(c->r->code, (PCRE2_SPTR)name);
    if (num <= 0 || (uint32_t)num >= pcre2_get_ovector_count(c->md))
        return 0;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->md);
    if (ov[2 * num] == PCRE2_UNSET)
        return 0;
    *s = c->subject + ov[2 * num];
    *n = ov[2 * num + 1] - ov[2 * num];
    return *n > 0;
}

/* The value of s[0..n) in the rule set's list `list`; for a rule named
 * after a language ("en.money"), in that language's own list of the name
 * ("en_currency") when there is one. */
static const char *match_list_value(const void *ud, const char *list, const char *s,
                                    size_t n)
{
    const match_ctx *c = ud;
    const rule_list *l = NULL;
    const char *dot = strchr(c->r->name, '.');
    char own[64];
    size_t k = dot ? (size_t)(dot - c->r->name) : 0, ln = strlen(list);
    if (k >= 2 && k <= 3 && k + 1 + ln < sizeof own) { /* "en" "_" list */
        memcpy(own, c->r->name, k);
        own[k] = '_';
        memcpy(own + k + 1, list, ln);
        l = tg_rules_find_list(c->rs, own, k + 1 + ln);
    }
    if (!l)
        l = tg_rules_find_list(c->rs, list, ln);
    return l ? tg_rules_list_value(l, s, n) : NULL;
}

/* --------------------------------------------------------------- matching */

/* The offset of the character after the one at `at`. */
static size_t next_char(const tg_normtext *nt, size_t at)
{
    size_t i = at + 1;
    while (i < nt->len && ((unsigned char)nt->text[i] & 0xC0) == 0x80)
        i++;
    return i;
}

/* The interpreter's match limit for rule r's attempts before its JIT.  The
 * two count towards PCRE2's match limit L differently: the interpreter
 * once at each backtracking point it makes (a branch, a step of a repeat),
 * the JIT once at the end of each repeat of a character or class and at a
 * few other opcodes (repeated groups, recursion), and a stretch of the
 * pattern without a backtracking point (a run of possessive repeats) may
 * count many times in the JIT for one count in the interpreter.  Such a
 * stretch is at most the compiled pattern long (an opcode that counts
 * takes at least 2 bytes), so an attempt that stays within the interpreter's
 * (L - 1) / (size / 2 + 1) - 1 stays below L in the JIT: the output is that
 * of a JIT from the first attempt, a cut by the limit included, as an
 * attempt that reaches the lower limit is made again by the JIT.  (Measured
 * on 2 MB of Persian and of English: the JIT counted at most 2.3 times the
 * interpreter's count plus one; docs/performance.md, 2026-12-07.)  0: no
 * trials, the limit is too low for them. */
static uint32_t trial_limit(const rule *r, uint32_t match_limit)
{
    size_t size = 0, a = 0;
    pcre2_pattern_info(r->code, PCRE2_INFO_SIZE, &size);
    if (r->anchored && pcre2_pattern_info(r->anchored, PCRE2_INFO_SIZE, &a) == 0 && a > size)
        size = a;
    uint32_t limit = (uint32_t)((match_limit - 1) / (size / 2 + 1));
    return limit > 1 ? limit - 1 : 0;
}

/* Each rule's run (rule_run): the pattern the JIT will compile, its group
 * "e", and the trial limits: the rule set's with the match limit of
 * trial_limit().  0: out of memory. */
static int make_runs(tg_rules *rs, const tg_rule_options *opt)
{
    uint32_t match_limit = opt ? opt->match_limit : TG_RULE_MATCH_LIMIT;
    if (!(rs->runs = calloc(rs->nrules ? rs->nrules : 1, sizeof *rs->runs)) ||
        !(rs->heads = calloc(rs->nrules ? rs->nrules : 1, sizeof *rs->heads)))
        return 0;
    for (size_t i = 0; i < rs->nrules; i++) {
        const rule *r = &rs->rules[i];
        rs->heads[i] = r->lang | (!r->before && !r->line_start ? HEAD_SCAN : 0) |
                       (r->anchored ? HEAD_ANCHORED : 0);
        rs->runs[i].of = r->anchored && !rs->unfiltered ? r->anchored : r->code;
        int e = pcre2_substring_number_from_name(r->code, (PCRE2_SPTR) "e");
        rs->runs[i].e_group = e > 0 ? e : 0;
        uint32_t limit = rs->jit && !(opt && opt->no_trials) ? trial_limit(r, match_limit) : 0;
        if (limit == 0)
            continue;
        if (!(rs->runs[i].trial = pcre2_match_context_copy(rs->mctx)))
            return 0;
        pcre2_set_match_limit(rs->runs[i].trial, limit);
    }
    return 1;
}

static int at_limit(int rc)
{
    return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
           rc == PCRE2_ERROR_HEAPLIMIT;
}

/* The attempts of a rule made by the interpreter before its JIT compiling
 * (trial()).  Measured (callgrind, docs/performance.md, 2026-12-07): one
 * Persian article 82.9 M instructions -> 55.8 M with 5 (69.7 M with none,
 * compiling at the first attempt; 55.0 M with 20); 2 MB of Persian and of
 * English within 0.3% from 0 to 20; 20 MB +0.14% with 20. */
#define TRIAL_ATTEMPTS 5u

/* Rule r's attempt at `at` before its JIT (match_rule): the JIT compiles a
 * rule at its first attempt, or, for a rule with trial limits, after its
 * TRIAL_ATTEMPTS-th (all threads together): the attempts before are made by
 * PCRE2's interpreter, ~9,500 instructions each against the JIT's ~1,200,
 * and a compile costs ~1.35 M, so a rule tried only a few times in a run
 * (most of them, for one article) is never compiled.  An attempt made while
 * another thread compiles the rule is interpreted too, instead of waiting.
 * 1: the interpreter made the attempt (its result in *rc); 0: the JIT is to
 * make it, the rule compiled (an attempt that reaches a trial limit is made
 * again by the JIT). */
static int trial(const tg_rules *rs, const rule *r, const rule_run *run, const pcre2_code *code,
                 const tg_normtext *nt, PCRE2_SIZE at, uint32_t opts, pcre2_match_data *md,
                 const char *const *help, int *rc)
{
    int state = __atomic_load_n(&r->jit_state, __ATOMIC_ACQUIRE);
    if (run->trial && state != JIT_DONE &&
        (state == JIT_BUSY ||
         __atomic_fetch_add((uint32_t *)&r->tried, 1, __ATOMIC_RELAXED) < TRIAL_ATTEMPTS)) {
        *rc = pcre2_match(code, (PCRE2_SPTR)nt->text, nt->len, at, opts | PCRE2_NO_JIT, md,
                          run->trial);
        if (!at_limit(*rc))
            return 1;
    }
    rule_jit(rs, r, help);
    return 0;
}

/* Runs rule r left to right, non-overlapping with itself: with `cands`
 * (its candidate starts, ascending) through its anchored pattern, else with
 * an unanchored search.  An attempt that overflows the JIT's stack (32 KiB
 * of the machine stack: «۱ و ۱ و …» runs of a few hundred numbers) is run
 * again by the interpreter, which keeps its backtracking frames on the heap
 * under the depth limit.  An attempt that hits the match or depth limit is
 * counted in *cuts and skipped: the rule goes on at the next position.  As
 * an unanchored search does not tell at which start it hit a limit, the
 * rest of such a scan is an anchored attempt at each position.  With
 * `guarded`, the candidate scan checked r's guard at each of `cands`. */
static tagger_status match_rule(const tg_rules *rs, const rule *r, const tg_normtext *nt,
                                const tg_doc_date *date, pcre2_match_data *md,
                                const uint32_t *cands, size_t ncands, int guarded,
                                const char *const *help,
                                tg_rule_match **out, size_t *n, size_t *cap, tg_rule_cuts *cuts)
{
    const match_ctx c = {rs, r, nt->text, md};
    const tg_value_source src = {&c, match_group, match_list_value};
    PCRE2_SIZE offset = 0;
    size_t next = 0;
    int stepping = 0; /* an unanchored search hit a limit: one start at a time */
    /* the guard to check here: not where the scan did, nor once off (for good) */
    int guard = cands && !guarded && !tg_rules_guard_off(&r->guard);
    PCRE2_SPTR text = (PCRE2_SPTR)nt->text;
    const rule_run *run = &rs->runs[r - rs->rules];
    int trials = 1; /* trial() has not yet compiled the rule */
    while (offset <= nt->len) {
        const pcre2_code *code = cands ? r->anchored : r->code;
        uint32_t opts = PCRE2_NO_UTF_CHECK | (stepping ? PCRE2_ANCHORED : 0);
        PCRE2_SIZE at = offset;
        int rc;
        if (cands) {
            while (next < ncands && cands[next] < offset)
                next++;
            if (next == ncands)
                break;
            at = cands[next++];
            /* no entity of a `lead` rule starts before its attempt's
             * start less the longest lookbehind: the rule is done */
            if (r->lead && at >= r->lead + r->behind)
                break;
            /* no string one of which begins every match: no attempt */
            if (guard && !tg_rules_guard_pass(&r->guard, nt->text, nt->len, at))
                continue;
        }
        if (!trials || !(trials = trial(rs, r, run, code, nt, at, opts, md, help, &rc))) {
            /* the fast path skips pcre2_match's checks, which cost as much
             * as a failed attempt */
            if (run->jit && code == run->of)
                rc = cands ? pcre2_jit_match(run->jit, text, nt->len, at, 0, md, rs->mctx)
                           : pcre2_match(run->jit, text, nt->len, at, opts, md, rs->mctx);
            else
                rc = pcre2_match(code, text, nt->len, at, opts, md, rs->mctx);
            if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
                rc = pcre2_match(code, text, nt->len, at, opts | PCRE2_NO_JIT, md, rs->mctx);
        }
        if (rc == PCRE2_ERROR_NOMEMORY)
            return TAGGER_ERR_NOMEM;
        if (rc < 0 && !cands && !stepping) {
            if (rc == PCRE2_ERROR_NOMATCH)
                break;
            stepping = 1; /* find the start that hits the limit */
            continue;
        }
        if (rc < 0) {
            if (rc == PCRE2_ERROR_MATCHLIMIT)
                cuts->match++;
            else if (rc != PCRE2_ERROR_NOMATCH) /* the depth or heap limit */
                cuts->depth++;
            if (stepping)
                offset = next_char(nt, at);
            continue;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        size_t s = ov[0], e = ov[1];
        int g = run->e_group;
        if (g > 0 && ov[2 * g] != PCRE2_UNSET) {
            s = ov[2 * g];
            e = ov[2 * g + 1];
        }
        while (s < e && nt->text[s] == ' ')
            s++;
        while (e > s && nt->text[e - 1] == ' ')
            e--;
        if (r->lead && s >= r->lead) /* and so are the later matches */
            break;
        int invalid = 0;
        char *value =
            e > s ? tg_value_compute(r->value, &src, rs->calendars, date, &invalid) : NULL;
        if (e > s && !invalid) {
            if (*n == *cap) {
                size_t ncap = *cap ? *cap * 2 : 32;
                tg_rule_match *grown = realloc(*out, ncap * sizeof *grown);
                if (!grown) {
                    free(value);
                    return TAGGER_ERR_NOMEM;
                }
                *out = grown;
                *cap = ncap;
            }
            tg_rule_match *m = &(*out)[(*n)++];
            m->norm_start = s;
            m->norm_end = e;
            m->label = r->label;
            m->rule = r->name;
            m->priority = r->priority;
            m->confirm_only = r->confirm;
            m->absorb = r->absorb;
            m->evidence = r->evidence;
            m->value = value;
        }
        offset = ov[1] > ov[0] ? ov[1] : next_char(nt, ov[1]);
    }
    return TAGGER_OK;
}

/* How many of the ascending starts s[0..n) are <= upto. */
static size_t starts_upto(const uint32_t *s, size_t n, size_t upto)
{
    if (upto >= UINT32_MAX)
        return n;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s[mid] <= upto)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static tagger_status match_rules(const tg_rules *rs, const tg_normtext *nt,
                                 const tg_doc_date *date, int only, const char *const *langs,
                                 tg_rule_match **out, size_t *n, size_t *cap, tg_rule_cuts *cuts)
{
    if (!rs || rs->nrules == 0)
        return TAGGER_OK;
    const char *const *help = only >= 0 ? no_help : langs;
    /* positions are 32-bit: a longer text is scanned without the prefilter */
    int filter = nt->len < UINT32_MAX && !rs->unfiltered;
    uint32_t *pos = NULL, *first = filter ? malloc((rs->nrules + 1) * sizeof *first) : NULL;
    uint32_t *lines = NULL; /* the line starts, made for the first rule that wants them */
    size_t nlines = 0;
    unsigned char *want = malloc(rs->nrules); /* the rules run on this text */
    pcre2_match_data *md = pcre2_match_data_create(rs->max_pairs, NULL);
    tagger_status rc = md && want && (first || !filter) ? TAGGER_OK : TAGGER_ERR_NOMEM;
    for (size_t i = 0; want && i < rs->nrules; i++) {
        uint64_t h = rs->heads[i];
        want[i] = (only < 0 || (size_t)only == i) && key_fits_any(h & HEAD_LANG, langs);
        if (want[i] && filter && (h & HEAD_SCAN)) {
            if (h & HEAD_ANCHORED)
                want[i] |= TG_RULES_PLAIN;
            /* a guard kept on is checked by the scan, where the walk ends */
            if (tg_rules_guard_on(&rs->rules[i].guard))
                want[i] |= TG_RULES_GUARDED;
        }
    }
    if (rc == TAGGER_OK && filter)
        rc = tg_rules_find_candidates(rs, nt, want, &pos, first);
    for (size_t i = 0; i < rs->nrules && rc == TAGGER_OK; i++) {
        /* a rule with no candidate in the text is not tried: its record,
         * long out of the cache after the scan, is not read again */
        if (!want[i] || ((want[i] & TG_RULES_PLAIN) && first[i + 1] == first[i]))
            continue;
        const rule *r = &rs->rules[i];
        /* `needs`: no match starts after the last of its literals */
        size_t upto = filter ? tg_rules_needs_limit(r, nt) : SIZE_MAX;
        if (upto == TG_RULES_NO_START)
            continue;
        if (filter && r->line_start && r->anchored) {
            if (!lines)
                rc = tg_rules_line_starts(nt, &lines, &nlines);
            if (rc == TAGGER_OK)
                rc = match_rule(rs, r, nt, date, md, lines, starts_upto(lines, nlines, upto),
                                0, help, out, n, cap, cuts);
            continue;
        }
        if (filter && r->before && r->anchored) {
            uint32_t *near = NULL;
            size_t nnear = 0;
            rc = tg_rules_before_candidates(rs, r, nt, &near, &nnear);
            nnear = starts_upto(near, nnear, upto);
            if (rc == TAGGER_OK && nnear > 0)
                rc = match_rule(rs, r, nt, date, md, near, nnear, 0, help, out, n, cap, cuts);
            free(near);
            continue;
        }
        if (filter && r->anchored) {
            size_t ncands = first[i + 1] - first[i];
            if (ncands > 0)
                ncands = starts_upto(pos + first[i], ncands, upto);
            if (ncands > 0) /* else no match can start anywhere */
                rc = match_rule(rs, r, nt, date, md, pos + first[i], ncands,
                                want[i] & TG_RULES_GUARDED, help, out, n, cap, cuts);
        } else {
            rc = match_rule(rs, r, nt, date, md, NULL, 0, 0, help, out, n, cap, cuts);
        }
    }
    pcre2_match_data_free(md);
    free(want);
    free(pos);
    free(first);
    free(lines);
    return rc;
}

tagger_status tg_rules_match(const tg_rules *rs, const tg_normtext *nt, const tg_doc_date *date,
                             int only, tg_rule_match **out, size_t *n, size_t *cap,
                             tg_rule_cuts *cuts)
{
    return match_rules(rs, nt, date, only, NULL, out, n, cap, cuts);
}

tagger_status tg_rules_match_langs(const tg_rules *rs, const tg_normtext *nt,
                                   const tg_doc_date *date, const char *const *langs,
                                   tg_rule_match **out, size_t *n, size_t *cap,
                                   tg_rule_cuts *cuts)
{
    return match_rules(rs, nt, date, -1, langs, out, n, cap, cuts);
}

void tg_rule_values_free(tg_rule_match *m, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(m[i].value);
}

void tg_rule_matches_free(tg_rule_match *m, size_t n)
{
    tg_rule_values_free(m, n);
    free(m);
}

/* ---------------------------------------------------------------- dateline */

/* Whether the UTF-8 text at s[0..len) starts with one of the dateline's
 * separators, or with a digit when `digit`. */
static int dateline_sep(const char *s, size_t len, int digit)
{
    static const char *const seps[] = {"-", "|", ":", "(", ")", "[", "]", "/", ",",
                                       "\xD8\x8C" /* ، */, "\xE2\x80\x93" /* – */,
                                       "\xE2\x80\x94" /* — */};
    for (size_t i = 0; i < sizeof seps / sizeof *seps; i++) {
        size_t k = strlen(seps[i]);
        if (k <= len && memcmp(s, seps[i], k) == 0)
            return 1;
    }
    return digit && len > 0 && s[0] >= '0' && s[0] <= '9';
}

static int is_day_value(const char *v)
{
    if (!v || strlen(v) != 10 || v[4] != '-' || v[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9'))
            return 0;
    return 1;
}

int tg_rules_dateline(const tg_rule_match *m, size_t n, const char *text, size_t len,
                      tg_doc_date *date)
{
    const tg_rule_match *best = NULL;
    for (size_t i = 0; i < n; i++) {
        const tg_rule_match *x = &m[i];
        if (x->confirm_only || x->evidence == TG_EVIDENCE_NO ||
            !tg_label_eq(x->label, TG_LABEL_DATE) || !is_day_value(x->value) ||
            x->norm_start >= TG_DATELINE_BYTES || x->norm_end > len ||
            (best && best->norm_start <= x->norm_start))
            continue;
        size_t b = x->norm_start;
        while (b > 0 && (text[b - 1] == ' ' || text[b - 1] == '\t'))
            b--;
        /* the character before b: step back over UTF-8 continuation bytes */
        size_t c = b ? b - 1 : 0;
        while (c > 0 && ((unsigned char)text[c] & 0xC0) == 0x80)
            c--;
        int before_ok = b == 0 || text[b - 1] == '\n' || text[b - 1] == '\r' ||
                        dateline_sep(text + c, b - c, 0);
        size_t a = x->norm_end;
        while (a < len && (text[a] == ' ' || text[a] == '\t'))
            a++;
        int after_ok = a == len || text[a] == '\n' || text[a] == '\r' ||
                       dateline_sep(text + a, len - a, 1);
        if (before_ok && after_ok)
            best = x;
    }
    if (!best)
        return 0;
    date->known = 1;
    date->y = atoi(best->value);
    date->m = atoi(best->value + 5);
    date->d = atoi(best->value + 8);
    return 1;
}

/* ---------------------------------------------------------------- examples */

static void report_line(void (*report)(void *, const char *), void *ud, const char *fmt, ...)
{
    if (!report) /* tagger_rules_test documents report as optional */
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    report(ud, line);
}

/* Runs one example; returns 1 if it passes. */
static int run_example(const tg_rules *rs, size_t ri, const rule_example *ex,
                       void (*report)(void *, const char *), void *ud)
{
    const rule *r = &rs->rules[ri];
    tg_normtext nt;
    if (tg_normalize(rs->nz, ex->text, strlen(ex->text), &nt, NULL) != TAGGER_OK) {
        report_line(report, ud, "%s:%zu: rule %s: example text is not valid UTF-8", r->file,
                    ex->line, r->name);
        return 0;
    }
    tg_rule_match *m = NULL;
    size_t n = 0, cap = 0;
    tg_rule_cuts cuts = {0, 0};
    tg_doc_date nodate = {0, 0, 0, 0, 0};
    int ok = tg_rules_match(rs, &nt, &nodate, (int)ri, &m, &n, &cap, &cuts) == TAGGER_OK;
    buf got = {0};
    int found = 0;
    size_t want_start = ex->reject ? 0 : (size_t)(strstr(ex->text, ex->span) - ex->text);
    size_t want_end = ex->reject ? 0 : want_start + strlen(ex->span);
    for (size_t i = 0; ok && i < n; i++) {
        size_t os = nt.ostart[m[i].norm_start], oe = nt.oend[m[i].norm_end - 1];
        if (got.n)
            puts_(&got, ", ");
        puts_(&got, "[");
        put(&got, ex->text + os, oe - os);
        puts_(&got, "]");
        if (m[i].value) {
            puts_(&got, " = ");
            puts_(&got, m[i].value);
        }
        if (!ex->reject && os == want_start && oe == want_end &&
            ((!ex->value && !m[i].value) ||
             (ex->value && m[i].value && strcmp(ex->value, m[i].value) == 0)))
            found = 1;
    }
    int pass = ok && (ex->reject ? n == 0 : found);
    if (!pass) {
        if (ex->reject)
            report_line(report, ud, "%s:%zu: rule %s: reject '%s' matched %s", r->file, ex->line,
                        r->name, ex->text, got.s ? got.s : "");
        else
            report_line(report, ud, "%s:%zu: rule %s: example '%s': want [%s]%s%s, got %s",
                        r->file, ex->line, r->name, ex->text, ex->span, ex->value ? " = " : "",
                        ex->value ? ex->value : "", got.s ? got.s : "nothing");
    }
    free(got.s);
    tg_rule_matches_free(m, n);
    tg_normtext_free(&nt);
    return pass;
}

size_t tg_rules_test(const tg_rules *rs, void (*report)(void *ud, const char *line), void *ud,
                     size_t *total)
{
    size_t failed = 0, run = 0;
    for (size_t i = 0; i < rs->nrules; i++)
        for (size_t k = 0; k < rs->rules[i].nexamples; k++) {
            run++;
            failed += !run_example(rs, i, &rs->rules[i].examples[k], report, ud);
        }
    *total = run;
    return failed;
}
