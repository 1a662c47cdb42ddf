/*
 * rules_internal — the rule set's structures and the helpers its files
 * share: rules_lists.c (word lists and their factored regexes),
 * rules_parse.c (rule files, pattern expansion and compilation),
 * rules_prefilter.c (the literal prefilter), rules_starters.c (its
 * longer starters), rules_firstchars.c (the positions its scan need not
 * walk) and rules.c (loading,
 * matching, values, examples).
 *
 * A rule set owns everything in it: lists, defines, rules with their
 * compiled patterns and examples, the names of the files they came from
 * (a rule's `file` points into them), the calendars of its values and the
 * prefilter built from its rules.  Once loaded it is read-only, so any
 * number of threads may match with it at once.
 */
#ifndef TG_RULES_INTERNAL_H
#define TG_RULES_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "datafile.h"
#include "rules.h"
#include "values.h"

typedef struct {
    char *name;
    char **keys;   /* normalized, spaces removed, sorted */
    char **values; /* parallel to keys; NULL when an item has no value */
    size_t n;
    char *regex;   /* (?:item|item…), longest first: read by the prefilter */
    char *trie;    /* the same alternatives factored by common prefix: matched */
} rule_list;

typedef struct {
    char *name;
    char *text;
} rule_define;

/* The guard's strings are at most TG_RULES_GUARD_LEN bytes long. */
#define TG_RULES_GUARD_LEN 24

/* A node: its first child's index << 8 | its number of children (0: a
 * string ends there; none ends where another goes on) */
#define NODE_COUNT(x) ((x) & 0xFFu)
#define NODE_FIRST(x) ((x) >> 8)
#define NODE_MAX (UINT32_MAX >> 8)

/* A rule's guard: its strings as a trie of n nodes (rules_guard.c), node
 * and byte in one block with TG_RULES_GUARD_SLACK bytes after the last
 * byte, owned by `own` or in the compiled rules file's image; n 0: none */
#define TG_RULES_GUARD_SLACK 16
typedef struct {
    const uint32_t *node;
    const unsigned char *byte;
    size_t n;
    void *own;
    /* probed, on or off, and its counts while probed (rules_guard.c) */
    int state;
    uint32_t checks, rejects;
} tg_rules_guard;

typedef struct {
    char *text, *span, *value; /* value NULL: none expected */
    int reject;
    size_t line;
} rule_example;

typedef struct {
    char *name;
    /* the name's language prefix («fa» of «fa.money»: 2 or 3 letters a-z
     * before a dot), its bytes packed (rules.c, lang_prefix), 0 when it has
     * none and fits every language (rules.c, rule_fits) */
    uint64_t lang;
    const char *label;
    int priority;
    int confirm;
    int absorb;
    tg_rule_evidence evidence; /* `evidence no|speaker|yes` */
    tg_value_kind value;
    char *pattern; /* as written */
    pcre2_code *code;
    /* the prefilter (rules_prefilter.c): when `anchored` is set, every
     * match begins with one of `lits` or with a character of one of
     * `classes` (pattern source such as \d), and `anchored` is the same
     * pattern compiled to match only at a given start */
    pcre2_code *anchored;
    int jit_state; /* JIT_TODO, JIT_BUSY, JIT_DONE (rules.c, rule_jit) */
    uint32_t tried; /* attempts made before the JIT (rules.c, trial) */
    char **lits, **classes;
    size_t nlits, nclasses;
    /* the guard (rules_guard.c): every match begins with one of these
     * strings, read from the pattern further than the starters; an
     * anchored attempt at a text that begins with none is not made */
    tg_rules_guard guard;
    /* `starts-before LITERAL N`: every match starts at most N bytes before
     * an occurrence of LITERAL, so it is tried only there */
    char *before;
    size_t before_within;
    /* how many runs of spaces a match may hold before that literal, not
     * counting the one right before it when before_tail is set, read from
     * the pattern (rules_before.c); -1: no bound known */
    int before_runs, before_tail;
    /* the characters one of which precedes every match (or the text's
     * start, when after_start is set), read from a pattern that opens with
     * (?<=[…]) or (?:^|(?<=[…])) (rules_before.c); nafter 0: none */
    uint32_t after[8];
    int nafter, after_start;
    /* `needs LITERAL ...`: every match contains one of these (normalized)
     * at or after its start, so a rule is not tried past the last
     * occurrence of any of them (tg_rules_needs_limit) */
    char **needs;
    size_t nneeds;
    /* the pattern opens with (?<=^|\n): every match starts at the text's
     * start or after a line feed, so it is tried only there (rules_parse.c
     * sets it; the prefilter leaves such a rule out and keeps its anchored
     * twin whatever its starters) */
    int line_start;
    /* `lead N`: the entity starts within the first N bytes of the
     * normalized text (the lead of an article; of each window of a
     * document tagged in windows); 0: anywhere */
    size_t lead;
    /* the longest lookbehind of the pattern in bytes (4 a character): an
     * entity starts at most this far before its attempt's start */
    size_t behind;
    rule_example *examples;
    size_t nexamples;
    const char *file; /* owned by the rule set */
    size_t line;
    /* with tg_rule_options.keep_keys: the pattern expanded with plain
     * lists (key_b bytes) then with factored ones (key_t), rules_cache.c's
     * key of the rule */
    char *key;
    size_t key_b, key_t;
} rule;

/* Code points below LOW_CPS are classified by tables; the prefilter treats
 * any larger one as a possible start of every rule with a class starter
 * and as a possible word boundary. */
#define LOW_CPS 0x800

typedef struct {
    int32_t child, sibling; /* first child, next sibling (-1: none) */
    uint32_t rules, nrules; /* rule indices in prefilter.rule_ids */
    uint32_t dense;         /* its children by byte: prefilter.dense[dense + byte - lo] */
    int32_t space;          /* the child of byte TG_RULES_SPACE (-1: none) */
    int32_t digits;         /* the child of byte TG_RULES_DIGITS (-1: none) */
    uint16_t span;          /* for lo <= byte < lo + span (0: no child) */
    unsigned char lo, byte;
} trie_node;

/* A trie node as the candidate scan steps into it from its parent
 * (prefilter.edge): the children of node k lie at edge[base(k) + byte],
 * base(k) = 256 + its trie_node.dense - lo (prefilter.dense's layout moved
 * by 256), the root's at edge[root_edge + byte]; an entry belongs to the
 * node whose own entry's index is `check` (the root: EDGE_ROOT), so a byte
 * that is no child of the node finds another node's entry or a gap (0)
 * and the walk ends there. */
typedef struct {
    uint32_t base;  /* base() of the child; with EDGE_LOOK the child itself
                       (its index in prefilter.nodes: the scan reads its
                       trie_node, which has its base) */
    uint32_t check; /* the parent's entry, with EDGE_LOOK set when the scan
                       must read the child's trie_node (rules, a space or
                       digit edge, a run of digits) */
} trie_edge;

/* trie_edge.check: the root's entry; the flag of a node the scan reads
 * (entries are fewer than EDGE_ROOT; a gap is 0, calloc's, no entry being
 * below 256) */
#define EDGE_ROOT 0x7FFFFFFEu
#define EDGE_LOOK 0x80000000u

/* prefilter.edge4: an entry of trie_edge in 4 bytes, base << 16 | check,
 * the check's entry in its low 15 bits (EDGE4_MASK: EDGE_ROOT's become
 * EDGE4_ROOT) and EDGE_LOOK as EDGE4_LOOK; when every entry is below
 * EDGE4_ROOT. */
#define EDGE4_MASK 0x7FFFu
#define EDGE4_ROOT (EDGE_ROOT & EDGE4_MASK)
#define EDGE4_LOOK 0x8000u

/* An entry of the exact table of rules_firstchars.c: the node after a
 * position's first three characters (key: their bytes). */
typedef struct {
    uint64_t key;  /* 0: a free slot */
    uint32_t x;    /* the node's entry in prefilter.edge, with FC_READ, FC_RUN */
    uint32_t v;    /* FC_READ: the node to read; else its edge's base */
} fc_entry;

#define FC_READ 0x80000000u /* the scan reads the node (EDGE_LOOK, or a space run) */
#define FC_RUN 0x40000000u  /* the key ends with a space: the walk takes its run */

/* Where the candidate scan's walk begins at a position
 * (tg_rules_first_chars). */
typedef struct {
    uint32_t j;    /* the byte it reads next, or (k >= 0) the last byte of node k */
    uint32_t cur;  /* the entry of the node it is at (trie_edge) */
    uint32_t base; /* its children's base (k == FC_EDGES); with k >= 0, 1
                      when node k is a run of spaces the walk takes whole from j */
    int32_t k;     /* the node to read first, or FC_EDGES, FC_ROOT (the whole
                      walk), FC_CLASSES (no walk: the class starters only) */
} fc_start;

#define FC_EDGES (-1)
#define FC_ROOT (-2)
#define FC_CLASSES (-3)

/* The positions the scan collects before it walks them (at most). */
#define TG_RULES_SCAN_BATCH 256

/* Built once from every rule's starters: a byte trie of the literal
 * starters, and for each code point below LOW_CPS the rules that may start
 * with it through a class (CSR: class_ids[class_first[c] .. class_first[c+1])). */
typedef struct {
    trie_node *nodes;
    size_t nnodes;
    int32_t *dense; /* children by byte (trie_node.dense), -1: none */
    trie_edge *edge; /* the same children for the scan, the root's 256 from
                        root_edge on (tg_rules_prefilter_prepare) */
    uint32_t *edge4; /* the same in 4 bytes when the entries are fewer
                        than EDGE4_ROOT and the nodes than 65,536 (the
                        default rules'): the scan reads these (NULL: edge) */
    uint32_t root_edge;
    int32_t root[256];
    uint32_t *rule_ids;
    /* parallel to rule_ids: the node of the rule's guard after the entry's
     * trie path, as its word (tg_rules_guard.node[v]: the check starts
     * with its children, without a cache miss on the node), or
     * TG_RULES_GUARD_WHOLE (tg_rules_guard_starts; owned) */
    uint32_t *guard_at;
    uint32_t *class_first; /* LOW_CPS + 1 entries */
    uint32_t *class_ids;
    uint32_t *class_any; /* rules with a class starter or a run of digits in one: for
                            code points >= LOW_CPS (rules_prefilter.c) */
    size_t nclass_any;
    unsigned char letter_or_number[LOW_CPS]; /* 1: [\p{L}\p{N}] as PCRE2 sees it */
    int in_image; /* the arrays lie in the compiled rules file's image (tg_rules.image) */
    int fast_words; /* the word scan may pass common letters 16 bytes at a time
                       (tg_rules_prefilter_prepare) */
    unsigned char class_lead[256]; /* 1: a character that starts with this byte
                                      may start a rule through a class */
    /* rules_firstchars.c (tg_rules_first_chars_prepare): */
    uint64_t *fc_bits;        /* the keys' bitmap, FC_BITS bits (NULL: every position is walked) */
    uint64_t fc_mul;          /* its hash's multiplier, chosen at load */
    uint64_t *fc_two;         /* 2 x 65,536 bits by a position's first two characters
                                 or bytes: 0, no candidate (rules_firstchars.c) */
    fc_entry *fc_table;       /* the three-character keys, open addressing */
    size_t fc_mask;           /* its slots - 1 */
    unsigned char fc_len[256]; /* the length of a character the key reads, by its first byte (0: none) */
} prefilter;

/* The code point at byte i of t[0..len) as the prefilter classifies it:
 * itself below LOW_CPS, else LOW_CPS; its length in *clen. */
static inline uint32_t tg_rules_low_cp_at(const unsigned char *t, size_t i, size_t len, uint32_t *clen)
{
    unsigned char b = t[i];
    if (b >= 0xC0 && b < 0xE0 && i + 1 < len) { /* the common case of Persian text first */
        *clen = 2;
        return ((uint32_t)(b & 0x1F) << 6) | (t[i + 1] & 0x3F);
    }
    if (b < 0xE0) {
        *clen = 1;
        return b;
    }
    *clen = b >= 0xF0 ? 4 : 3;
    return LOW_CPS;
}

/* Whether a match may start right after code point cp (the patterns' own
 * boundary: not after a letter or digit; LOW_CPS and up may be either). */
static inline int tg_rules_may_follow(const prefilter *pf, uint32_t cp)
{
    return cp >= LOW_CPS || !pf->letter_or_number[cp];
}

/* base() of node c (trie_edge). */
static inline uint32_t tg_rules_edge_base(const prefilter *pf, int32_t c)
{
    return 256 + pf->nodes[c].dense - pf->nodes[c].lo;
}

/* What a rule's matching keeps apart from its `rule` (rules.c, trial),
 * so that a rule stays 320 bytes (5 cache lines, and indexed by a shift):
 * the pattern the JIT compiles (`of`: its anchored pattern, or its scan)
 * and its JIT-compiled copy (rule_jit), made after the rule's first
 * attempts, NULL until then or when the JIT fails; the limits of those
 * first attempts, made by the interpreter (NULL: none); and its group "e",
 * looked up at load (at a rule's first match in each document, its name
 * table was a cache miss). */
typedef struct {
    const pcre2_code *of;
    pcre2_code *jit;
    pcre2_match_context *trial;
    int e_group; /* the number of the group named e (the entity within the match), 0: none */
} rule_run;

struct tg_rules {
    const tg_normalizer *nz;
    rule_list *lists;
    size_t nlists;
    rule_define *defines;
    size_t ndefines;
    rule *rules;
    size_t nrules;
    char **files;
    size_t nfiles;
    pcre2_match_context *mctx;
    rule_run *runs; /* one a rule */
    /* one a rule, what match_rules reads of every rule of every text
     * without its record (cold by then): its language prefix (rule.lang)
     * and the HEAD_ bits (rules.c, make_runs) */
    uint64_t *heads;
    tg_calendars *calendars;
    uint32_t max_pairs; /* ovector pairs of the rule with most groups */
    int jit;            /* JIT-compile the patterns */
    int keep_keys;      /* keep each rule's key (to write a compiled rules file) */
    int unfiltered;     /* tg_rule_options.unfiltered */
    struct tg_rules_cache *cache; /* while loading: the compiled rules file, or NULL */
    size_t cached;      /* rules taken from the compiled rules file */
    int cached_pf;      /* the prefilter too */
    void *image;        /* the compiled rules file the prefilter lies in (datafile.h) */
    prefilter pf;
};

/* ---------------------------------------------------------------- helpers */

static inline char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static inline char *dup_s(const char *s)
{
    return dup_n(s, strlen(s));
}

/* A growing NUL-terminated string; `failed` once out of memory (further
 * appends do nothing). */
typedef struct {
    char *s;
    size_t n, cap;
    int failed;
} buf;

static inline void put(buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *d = realloc(b->s, cap);
        if (!d) {
            b->failed = 1;
            return;
        }
        b->s = d;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static inline void puts_(buf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* s without leading blanks and trailing blanks or CR (cut in place). */
static inline char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* The length of the UTF-8 sequence that lead byte c starts (1 for any
 * other byte). */
static inline size_t utf8_len(unsigned char c)
{
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

/* ------------------------------------------------------ rules_lists.c */

rule_list *tg_rules_find_list(const tg_rules *rs, const char *name, size_t n);

/* The value of a list item whose normalized text (spaces ignored) is
 * s[0..n), or NULL. */
const char *tg_rules_list_value(const rule_list *l, const char *s, size_t n);

/* One list item or literal normalized like the text: ZWNJ becomes a space
 * first, runs of spaces one; NULL when out of memory or not UTF-8. */
char *tg_rules_normalize_item(const tg_normalizer *nz, const char *s, size_t n);

/* Builds list l from `text`: items separated by `sep` ('|' inline, '\n' in
 * files), each "item" or "item:value".  Returns an error message or NULL. */
const char *tg_rules_build_list(const tg_rules *rs, rule_list *l, const char *text, char sep);
void tg_rules_free_list(rule_list *l);

/* ------------------------------------------------------ rules_parse.c */

/* Reads rule file `path` (whose name rs keeps) into rs: its lists, defines
 * and compiled rules.  Errors name file:line. */
tagger_status tg_rules_parse_file(tg_rules *rs, const char *path, tagger_error *err);

/* -------------------------------------------------- rules_prefilter.c */

/* Collects the starters of the expanded pattern body[0..n) into r; a rule
 * without them is left unfiltered. */
void tg_rules_find_starters(rule *r, const char *body, size_t n);
void tg_rules_free_starters(rule *r);
void tg_rules_free_strs(char **s, size_t n);

/* Pattern reading shared with rules_starters.c: the quantifier at p (sets
 * *min, 1 without one; returns the position after it), a literal character
 * at p (its text in lit/len and the position after it in *after), the end
 * of the class "[...]" at p (past its "]", or NULL), the first character
 * inside the group "(" at p (tg_rules_group_inner, rules_prefilter.c). */
const char *tg_rules_quantifier(const char *p, const char *end, long *min);
int tg_rules_literal_at(const char *p, const char *end, const char **lit, size_t *len,
                        const char **after);
const char *tg_rules_class_end(const char *p, const char *end);
const char *tg_rules_group_inner(const char *p, const char *end, int *look);

/* In a literal starter: a run of one or more \h characters of the text. */
#define TG_RULES_SPACE '\1'

/* In a starter: a run of one or more \d characters of the text (a digit of
 * a starter stands for it too: the trie has no digit bytes, and a walk
 * takes a run of digits whole). */
#define TG_RULES_DIGITS '\2'

/* The length of the \h character at t[i] (PCRE2's list: tab, space, U+00A0,
 * U+1680, U+180E, U+2000..U+200A, U+202F, U+205F, U+3000), else 0. */
static inline uint32_t tg_rules_hspace_len(const unsigned char *t, size_t i, size_t len)
{
    unsigned char b = t[i];
    if (b == ' ' || b == '\t')
        return 1;
    if (b == 0xC2)
        return i + 1 < len && t[i + 1] == 0xA0 ? 2 : 0;
    if (b < 0xE1 || b > 0xE3 || i + 2 >= len)
        return 0;
    unsigned c1 = t[i + 1], c2 = t[i + 2];
    if (b == 0xE1)
        return (c1 == 0x9A && c2 == 0x80) || (c1 == 0xA0 && c2 == 0x8E) ? 3 : 0;
    if (b == 0xE3)
        return c1 == 0x80 && c2 == 0x80 ? 3 : 0;
    return (c1 == 0x80 && (c2 <= 0x8A || c2 == 0xAF)) || (c1 == 0x81 && c2 == 0x9F) ? 3 : 0;
}

/* -------------------------------------------------- rules_starters.c */

/* The strings one of which begins every match of the expanded pattern
 * body[0..n), read as the starters are (TG_RULES_SPACE, TG_RULES_DIGITS)
 * with room for more and longer strings; sorted, none a prefix of
 * another; NULL (*count 0) when the reading fails or a match may begin
 * with a class or a space. */
char **tg_rules_guard_strings(const char *body, size_t n, size_t *count);

/* Replaces r's literal starters (as tg_rules_find_starters read them from
 * body[0..n)) by longer ones where the pattern allows, and where reading it
 * so is cheap enough; else leaves them. */
void tg_rules_longer_starters(rule *r, const char *body, size_t n);

/* Builds rs->pf from the starters of every rule (dropping the anchored
 * twin of a rule whose classes accept almost anything).  Returns 0 when
 * out of memory or when PCRE2 fails on a class. */
int tg_rules_build_prefilter(tg_rules *rs);
void tg_rules_free_prefilter(prefilter *pf);

/* Sets what matching derives from a built or loaded prefilter (fast_words,
 * the edges).  Returns 0 when out of memory. */
int tg_rules_prefilter_prepare(prefilter *pf);

/* want[i] of tg_rules_find_candidates: rule i's guard is checked at its
 * candidates, which are only those that pass it. */
#define TG_RULES_GUARDED 2u
/* want[i] of match_rules (rules.c): rule i is tried at its candidates only
 * (anchored, no `starts-before`, not at line starts), so a text with none
 * does not read its record again. */
#define TG_RULES_PLAIN 4u

/* Candidate starts of the filtered rules i with want[i] set (the rules
 * that fit the text's languages): sets *pos to the positions of rule i in
 * (*pos)[first[i] .. first[i+1]), ascending (none for the others); first
 * has nrules + 1 entries.  Returns TAGGER_OK or TAGGER_ERR_NOMEM. */
tagger_status tg_rules_find_candidates(const tg_rules *rs, const tg_normtext *nt,
                                       const unsigned char *want, uint32_t **pos,
                                       uint32_t *first);

/* The candidate starts of a `starts-before` rule: the boundaries at most
 * before_within bytes before each occurrence of its literal, ascending;
 * for a `lead` rule only those before lead + behind (rules.c). */
/* The largest start at which a match of r (declared `needs`) may begin in
 * nt: the last offset of one of its literals, or SIZE_MAX when r has no
 * `needs`; TG_RULES_NO_START when no literal occurs (r cannot match). */
#define TG_RULES_NO_START (SIZE_MAX - 1)
size_t tg_rules_needs_limit(const rule *r, const tg_normtext *nt);

tagger_status tg_rules_before_candidates(const tg_rules *rs, const rule *r,
                                         const tg_normtext *nt, uint32_t **out, size_t *n);

/* ------------------------------------------------------ rules_before.c */

/* The most runs of \h a match of a `starts-before lit` rule whose expanded
 * body is body[0..n) may hold before lit, or -1 when the pattern does not
 * tell (rules_before.c says how it is read); *tail set: not counting the
 * run that ends at lit, which \h atoms right before lit may match. */
int tg_rules_before_runs(const char *body, size_t n, const char *lit, int *tail);

/* The characters of a class one of which precedes every match, when the
 * expanded body[0..n) opens with (?<=[…]) or (?:^|(?<=[…])) (then *start
 * is set: or the text's start) and has no alternation beside it: their
 * number (at most max, each below U+0800) in cps, else 0. */
int tg_rules_before_after(const char *body, size_t n, uint32_t *cps, int max, int *start);

/* The smallest start s >= lo from which t[s..q) holds at most `runs` runs
 * of spaces that a \h+ could not have joined (counted backwards from q,
 * after the spaces and tabs that end at q when `tail` is set). */
size_t tg_rules_before_floor(const unsigned char *t, size_t lo, size_t q, int runs, int tail);

/* The candidate starts of a `line_start` rule: 0 and every position after
 * a line feed, ascending. */
tagger_status tg_rules_line_starts(const tg_normtext *nt, uint32_t **out, size_t *n);

/* ------------------------------------------------------ rules_guard.c */

/* Reads r's guard from the expanded pattern body[0..n) (after its
 * starters and anchored twin are set); none where it would not read
 * further than the starters.  Out of memory: no guard. */
void tg_rules_guard_build(rule *r, const char *body, size_t n);
void tg_rules_guard_free(tg_rules_guard *g);
/* g checked at every candidate, not probed first (tg_rule_options.guards). */
void tg_rules_guard_always(tg_rules_guard *g);
/* g's nodes copied out of the compiled rules file's image, which is not
 * kept; 0 when out of memory (then g has none). */
int tg_rules_guard_own(tg_rules_guard *g);

/* Whether the n nodes read from a compiled rules file (then n bytes) are a
 * guard whose walks stay inside it. */
int tg_rules_guard_valid(const uint32_t *node, size_t n);

/* Whether text[at..len) begins with one of g's strings (or may: see
 * rules_guard.c), or g is not worth checking on this rule set's texts
 * (then 1); g has at least one; text[len] is a NUL (tg_normtext). */
int tg_rules_guard_pass(const tg_rules_guard *g, const char *text, size_t len, size_t at);

/* The guard's walk over t[0..len) from the node whose word (g->node[v])
 * is x, at byte j: whether it reaches the end of a string (or a character
 * that may be a \d; see rules_guard.c); t[len] is a NUL
 * (rules_guard_walk.c). */
int tg_rules_guard_walk(const tg_rules_guard *g, uint32_t x, const unsigned char *t, size_t len,
                        size_t j);

/* Whether g is checked at every candidate now (probed and kept on), or
 * at none from now on (none, or probed and turned off). */
int tg_rules_guard_on(const tg_rules_guard *g);
int tg_rules_guard_off(const tg_rules_guard *g);

/* prefilter.guard_at: no node known, the whole check from the start (no
 * node's word: first + count <= NODE_MAX). */
#define TG_RULES_GUARD_WHOLE UINT32_MAX
/* The trie paths read for guard_at are at most this long. */
#define TG_RULES_GUARD_PATH 64

/* The candidate scan's check of g at `at` (not probed): from the node
 * whose word is x at text byte j, where the walk of the prefilter's trie
 * path to an entry (prefilter.guard_at) leaves it, or from the start with
 * TG_RULES_GUARD_WHOLE. */
int tg_rules_guard_pass_from(const tg_rules_guard *g, uint32_t x, const char *text, size_t len,
                             size_t at, size_t j);

/* Sets rs->pf.guard_at from the trie and the rules' guards.  Returns 0
 * when out of memory. */
int tg_rules_guard_starts(tg_rules *rs);

/* ------------------------------------------------- rules_firstchars.c */

/* Builds pf's filter of the scan's positions from its trie and edges (none
 * when the trie has what the filter cannot read exactly).  Returns 0 when
 * out of memory. */
int tg_rules_first_chars_prepare(prefilter *pf);
void tg_rules_first_chars_free(prefilter *pf);

/* Keeps, of the positions pos[0..n) (n <= TG_RULES_SCAN_BATCH, each at
 * most len - 1), in order, those where a walk of the trie or a class
 * starter may find a candidate, and sets st[k] to where kept position k's
 * walk begins.  Returns how many are kept.  pf->fc_bits must be set. */
size_t tg_rules_first_chars(const prefilter *pf, const unsigned char *t, size_t len,
                            uint32_t *pos, size_t n, fc_start *st);

/* ------------------------------------------------------ rules_cache.c */

/* The compiled rules file (its top comment has the format and the checks). */
typedef struct tg_rules_cache tg_rules_cache;

/* Opens the file at `path`: *out the cache, or NULL when the file is stale
 * (another format, PCRE2 or code: the rules compile as without it).  An
 * unreadable, truncated or damaged file is an error. */
tagger_status tg_rules_cache_open(const char *path, const tg_load_options *lo,
                                  tg_rules_cache **out, tagger_error *err);

/* When entry i of c has r's key (b[0..bn) and t[0..tn), the pattern's
 * expanded forms, and r->before), gives r the entry's compiled patterns
 * and starters and returns 1; else 0. */
int tg_rules_cache_take(tg_rules_cache *c, size_t i, rule *r, const char *b, size_t bn,
                        const char *t, size_t tn);

/* When every rule of rs came from c, sets rs->pf to the prefilter in c's
 * image, which rs->image then owns, and returns 1 (*st: TAGGER_OK, or the
 * error of a damaged file); else returns 0. */
int tg_rules_cache_prefilter(tg_rules_cache *c, tg_rules *rs, tagger_error *err,
                             tagger_status *st);
void tg_rules_cache_free(tg_rules_cache *c);

/* Writes the compiled rules file of rs, loaded with keep_keys, to `path`. */
tagger_status tg_rules_cache_write(const tg_rules *rs, const char *path, tagger_error *err);

#endif /* TG_RULES_INTERNAL_H */
