/*
 * rules_parse — reading rule files (rules.h has the format) and compiling
 * their rules.
 *
 * A file is read whole (a regular file of at most 64 MiB, valid UTF-8
 * without NUL), then line by line: a top-level line starts a `list`, a
 * `define` or a `rule`, an indented line is a field of the current rule,
 * and a rule is compiled when the next top-level line or the end of the
 * file closes it, so a rule may use only the lists and defines above it
 * (in its file or an earlier one).
 *
 * Compiling a rule expands its pattern twice: with lists as plain
 * alternations (what the prefilter reads and what error offsets refer to)
 * and with lists factored by common prefix (what is matched; see
 * rules_lists.c).  Defines expand recursively, at most 8 deep; a literal
 * space matches any run of spaces.  The pattern is wrapped in lookarounds
 * so a match can neither start nor end inside a word, compiled with UTF
 * and UCP, and, when the prefilter finds its starters (or the rule is
 * `starts-before`, or its pattern opens with (?<=^|\n)), compiled a second
 * time anchored and without PCRE2's
 * start-of-match optimizations (rules.h, "Matching", says why).
 */
#include "rules_internal.h"

#include <stdarg.h>
#include <stdio.h>

#include "datafile.h"
#include "error.h"
#include "labels.h"

#define MAX_EXPANSION_DEPTH 8

static rule_define *find_define(const tg_rules *rs, const char *name, size_t n)
{
    for (size_t i = 0; i < rs->ndefines; i++)
        if (strlen(rs->defines[i].name) == n && memcmp(rs->defines[i].name, name, n) == 0)
            return &rs->defines[i];
    return NULL;
}

/* --------------------------------------------------------------- patterns */

/* Expands {name} references and literal spaces, lists as plain
 * alternations or (`trie`) factored.  Returns 0 and writes the reason to
 * why[0..WHY_SIZE) on failure. */
#define WHY_SIZE 160
static int expand(const tg_rules *rs, const char *p, buf *out, int depth, int trie, char *why)
{
    if (depth > MAX_EXPANSION_DEPTH) {
        snprintf(why, WHY_SIZE, "defines nested too deeply (a define refers to itself?)");
        return 0;
    }
    int in_class = 0;
    for (; *p; p++) {
        if (*p == '\\' && p[1]) {
            /* an escape, with its {…} argument if any: \p{L}, \x{200C} */
            const char *end = p + 1;
            if (end[1] == '{' && strchr(end, '}'))
                end = strchr(end, '}');
            put(out, p, (size_t)(end - p + 1));
            p = end;
        } else if (*p == '[' && !in_class) {
            in_class = 1;
            put(out, p, 1);
        } else if (*p == ']' && in_class) {
            in_class = 0;
            put(out, p, 1);
        } else if (*p == ' ' && !in_class) {
            while (p[1] == ' ')
                p++;
            /* " ?" and " *" keep their quantifier: one optional space */
            puts_(out, p[1] == '?' || p[1] == '*' ? "\\h" : "\\h+");
        } else if (*p == '{' && !in_class &&
                   ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') || p[1] == '_')) {
            const char *end = strchr(p, '}');
            if (!end) {
                snprintf(why, WHY_SIZE, "unclosed {");
                return 0;
            }
            size_t n = (size_t)(end - p - 1);
            const rule_list *l = tg_rules_find_list(rs, p + 1, n);
            const rule_define *d = l ? NULL : find_define(rs, p + 1, n);
            if (l) {
                puts_(out, trie ? l->trie : l->regex);
            } else if (d) {
                puts_(out, "(?:");
                if (!expand(rs, d->text, out, depth + 1, trie, why))
                    return 0;
                puts_(out, ")");
            } else {
                snprintf(why, WHY_SIZE, "unknown list or define {%.*s}", (int)(n > 60 ? 60 : n),
                         p + 1);
                return 0;
            }
            p = end;
        } else {
            put(out, p, 1);
        }
    }
    return 1;
}

/* --------------------------------------------------------------- parsing */

typedef struct {
    tg_rules *rs;
    const char *file; /* owned by rs->files */
    size_t line;
    tagger_error *err;
} parser;

static tagger_status fail(parser *ps, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return tg_error_set(ps->err, TAGGER_ERR_LOAD, 0, "%s:%zu: %s", ps->file, ps->line, msg);
}

static tagger_status compile_rule(parser *ps, rule *r)
{
    if (!r->label || !r->pattern) {
        ps->line = r->line;
        return fail(ps, "rule %s has no %s", r->name, r->label ? "pattern" : "label");
    }
    /* b: the pattern with plain lists, which the prefilter reads and error
     * offsets refer to; t: with factored lists, which is matched */
    buf b = {0}, t = {0};
    char why[WHY_SIZE];
    /* word boundaries: the lookbehind also makes attempts in mid-word fail
     * at once, which matters for patterns that start with a word list */
    puts_(&b, "(?<![\\p{L}\\p{N}])(?:");
    puts_(&t, "(?<![\\p{L}\\p{N}])(?:");
    size_t prefix = b.n;
    if (!expand(ps->rs, r->pattern, &b, 0, 0, why) ||
        !expand(ps->rs, r->pattern, &t, 0, 1, why)) {
        free(b.s);
        free(t.s);
        size_t saved = ps->line;
        ps->line = r->line;
        tagger_status rc = fail(ps, "rule %s: %s", r->name, why);
        ps->line = saved;
        return rc;
    }
    size_t body_end = b.n;
    puts_(&b, ")(?![\\p{L}\\p{N}])");
    puts_(&t, ")(?![\\p{L}\\p{N}])");
    if (b.failed || t.failed) {
        free(b.s);
        free(t.s);
        return tg_error_set(ps->err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    int code;
    PCRE2_SIZE off;
    const uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK;
    tg_rules *rs = ps->rs;
    if (rs->keep_keys) { /* rules_cache.c's key: both expanded forms */
        free(r->key);
        if (!(r->key = malloc(b.n + t.n + 1))) {
            free(b.s);
            free(t.s);
            return tg_error_set(ps->err, TAGGER_ERR_NOMEM, 0, "out of memory");
        }
        memcpy(r->key, b.s, b.n);
        memcpy(r->key + b.n, t.s, t.n);
        r->key_b = b.n;
        r->key_t = t.n;
    }
    /* from the compiled rules file when it has this very rule */
    int cached = tg_rules_cache_take(rs->cache, (size_t)(r - rs->rules), r, b.s, b.n, t.s, t.n);
    rs->cached += (size_t)cached;
    if (!cached)
        r->code = pcre2_compile((PCRE2_SPTR)t.s, t.n, opts, &code, &off, NULL);
    if (!r->code) {
        /* the report names the offset in the plain form */
        pcre2_code *plain = pcre2_compile((PCRE2_SPTR)b.s, b.n, opts, &code, &off, NULL);
        if (plain) { /* cannot happen: lists are literal either way */
            pcre2_code_free(plain);
            off = prefix;
        }
        char msg[256];
        pcre2_get_error_message(code, (PCRE2_UCHAR *)msg, sizeof msg);
        ps->line = r->line;
        tagger_status rc = fail(ps, "rule %s: bad pattern at offset %zu of the expanded "
                                    "pattern: %s",
                                r->name, (size_t)off < prefix ? 0 : ((size_t)off > body_end ? body_end : (size_t)off) - prefix,
                                msg);
        free(b.s);
        free(t.s);
        return rc;
    }
    uint32_t groups = 0;
    pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &groups);
    if (groups + 1 > ps->rs->max_pairs)
        ps->rs->max_pairs = groups + 1;
    uint32_t behind = 0;
    pcre2_pattern_info(r->code, PCRE2_INFO_MAXLOOKBEHIND, &behind);
    r->behind = (size_t)behind * 4;
    /* the prefilter's starters and the anchored twin of the pattern */
    static const char line_start[] = "(?<=^|\\n)";
    r->line_start = body_end - prefix >= sizeof line_start - 1 &&
                    memcmp(b.s + prefix, line_start, sizeof line_start - 1) == 0;
    if (!cached)
        tg_rules_find_starters(r, b.s + prefix, body_end - prefix);
    if (!cached && r->nlits + r->nclasses > 0)
        tg_rules_longer_starters(r, b.s + prefix, body_end - prefix);
    r->before_runs =
        r->before ? tg_rules_before_runs(b.s + prefix, body_end - prefix, r->before,
                                         &r->before_tail)
                  : -1;
    r->nafter = r->before ? tg_rules_before_after(b.s + prefix, body_end - prefix, r->after, 8,
                                                  &r->after_start)
                          : 0;
    if (!cached && (r->nlits + r->nclasses > 0 || r->before || r->line_start)) {
        /* no start-of-match optimizations: see rules.h, "Matching" */
        r->anchored = pcre2_compile((PCRE2_SPTR)t.s, t.n,
                                    opts | PCRE2_ANCHORED | PCRE2_NO_START_OPTIMIZE, &code, &off,
                                    NULL);
    } /* JIT-compiled at the rule's first match (rules.c) */
    if (!cached && !rs->unfiltered)
        tg_rules_guard_build(r, b.s + prefix, body_end - prefix);
    free(b.s);
    free(t.s);
    return TAGGER_OK;
}

static tagger_status parse_example(parser *ps, rule *r, char *rest, int reject)
{
    rule_example *ex = realloc(r->examples, (r->nexamples + 1) * sizeof *ex);
    if (!ex)
        return tg_error_set(ps->err, TAGGER_ERR_NOMEM, 0, "out of memory");
    r->examples = ex;
    rule_example *e = &ex[r->nexamples];
    memset(e, 0, sizeof *e);
    e->reject = reject;
    e->line = ps->line;
    if (reject) {
        e->text = dup_s(rest);
    } else {
        char *arrow = strstr(rest, " => ");
        if (!arrow)
            return fail(ps, "example needs 'TEXT => SPAN [= VALUE]'");
        *arrow = '\0';
        char *span = arrow + 4;
        char *eq = strstr(span, " = ");
        if (eq) {
            *eq = '\0';
            e->value = dup_s(trim(eq + 3));
        }
        e->text = dup_s(trim(rest));
        e->span = dup_s(trim(span));
        if (!e->span || !*e->span || !strstr(e->text, e->span)) {
            r->nexamples++;
            return fail(ps, "example span '%s' does not occur in its text", e->span ? e->span : "");
        }
    }
    r->nexamples++;
    return TAGGER_OK;
}

/* Reads a whole rule or list file.  Only a regular file of at most
 * TG_MAX_RULE_FILE_BYTES is read: a list naming /dev/zero, a FIFO or a
 * terminal must not hang or exhaust the loader.  On failure *why says why. */
static char *read_text_file(const char *path, size_t *len, const char **why)
{
    size_t size;
    FILE *f = tg_datafile_fopen(path, &size, why);
    if (!f)
        return NULL;
    if (size > TG_MAX_RULE_FILE_BYTES) {
        *why = "larger than the limit of 64 MiB";
        fclose(f);
        return NULL;
    }
    buf b = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.n <= TG_MAX_RULE_FILE_BYTES)
        put(&b, chunk, n);
    int bad = ferror(f) != 0;
    fclose(f);
    if (b.failed || bad || b.n > TG_MAX_RULE_FILE_BYTES) {
        *why = b.failed ? "out of memory" : bad ? "read error" : "larger than the limit of 64 MiB";
        free(b.s);
        return NULL;
    }
    if (!b.s)
        b.s = dup_s("");
    *len = b.n;
    return b.s;
}

/* `define NAME = PATTERN`; takes `name`. */
static tagger_status parse_define(parser *ps, char *name, char *op)
{
    tg_rules *rs = ps->rs;
    if (*op != '=') {
        free(name);
        return fail(ps, "expected 'define NAME = PATTERN'");
    }
    rule_define *grown = realloc(rs->defines, (rs->ndefines + 1) * sizeof *grown);
    if (!grown) {
        free(name);
        return tg_error_set(ps->err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    rs->defines = grown;
    rs->defines[rs->ndefines].name = name;
    rs->defines[rs->ndefines].text = dup_s(trim(op + 1));
    rs->ndefines++;
    return TAGGER_OK;
}

/* The text of the list file `rel` of list `name` (a path relative to the
 * rule file), valid UTF-8, in *text. */
static tagger_status read_list_file(parser *ps, const char *name, const char *rel, char **text)
{
    const char *slash = strrchr(ps->file, '/');
    buf path = {0};
    if (rel[0] != '/' && slash)
        put(&path, ps->file, (size_t)(slash - ps->file + 1));
    puts_(&path, rel);
    size_t len, bad;
    const char *io_why = "out of memory";
    tagger_status rc = TAGGER_OK;
    *text = path.s ? read_text_file(path.s, &len, &io_why) : NULL;
    if (!*text) {
        rc = fail(ps, "list %s: cannot read list file '%s': %s", name, path.s ? path.s : rel,
                  io_why);
    } else if (!tg_utf8_valid(*text, len, &bad)) {
        rc = fail(ps, "list file '%s': invalid UTF-8 at byte %zu", path.s, bad);
        free(*text);
        *text = NULL;
    }
    free(path.s);
    return rc;
}

/* `list NAME = a | b` or `list NAME < FILE`; takes `name`. */
static tagger_status parse_list(parser *ps, char *name, char *op)
{
    tg_rules *rs = ps->rs;
    rule_list l;
    memset(&l, 0, sizeof l);
    l.name = name;
    const char *why;
    if (*op == '=') {
        why = tg_rules_build_list(rs, &l, trim(op + 1), '|');
    } else if (*op == '<') {
        char *text;
        tagger_status rc = read_list_file(ps, name, trim(op + 1), &text);
        if (rc != TAGGER_OK) {
            free(name);
            return rc;
        }
        why = tg_rules_build_list(rs, &l, text, '\n');
        free(text);
    } else {
        free(name);
        return fail(ps, "expected 'list NAME = a | b' or 'list NAME < FILE'");
    }
    if (why) {
        tagger_status rc = fail(ps, "list %s: %s", name, why);
        free(name);
        return rc;
    }
    rule_list *grown = realloc(rs->lists, (rs->nlists + 1) * sizeof *grown);
    if (!grown) {
        tg_rules_free_list(&l);
        return tg_error_set(ps->err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    rs->lists = grown;
    rs->lists[rs->nlists++] = l;
    return TAGGER_OK;
}

/* A top-level line: `rule NAME` (which becomes *cur), `list` or `define`. */
static tagger_status parse_top(parser *ps, char *line, rule **cur)
{
    tg_rules *rs = ps->rs;
    char *sp = strchr(line, ' ');
    if (!sp)
        return fail(ps, "expected 'list', 'define' or 'rule', found '%s'", line);
    *sp = '\0';
    char *rest = trim(sp + 1);
    if (strcmp(line, "rule") == 0) {
        rule *grown = realloc(rs->rules, (rs->nrules + 1) * sizeof *grown);
        if (!grown)
            return tg_error_set(ps->err, TAGGER_ERR_NOMEM, 0, "out of memory");
        rs->rules = grown;
        rule *r = &rs->rules[rs->nrules++];
        memset(r, 0, sizeof *r);
        r->name = dup_s(rest);
        r->file = ps->file;
        r->line = ps->line;
        *cur = r;
        return r->name ? TAGGER_OK : tg_error_set(ps->err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    *cur = NULL;
    int is_list = strcmp(line, "list") == 0;
    if (!is_list && strcmp(line, "define") != 0)
        return fail(ps, "expected 'list', 'define' or 'rule', found '%s'", line);
    size_t nlen = strcspn(rest, " =<");
    if (nlen == 0)
        return fail(ps, "%s needs a name", line);
    char *name = dup_n(rest, nlen);
    char *op = trim(rest + nlen);
    if (!name)
        return tg_error_set(ps->err, TAGGER_ERR_NOMEM, 0, "out of memory");
    if (tg_rules_find_list(rs, name, nlen) || find_define(rs, name, nlen)) {
        tagger_status rc = fail(ps, "'%s' is already defined", name);
        free(name);
        return rc;
    }
    return is_list ? parse_list(ps, name, op) : parse_define(ps, name, op);
}

static tagger_status parse_field(parser *ps, char *line, rule *r)
{
    if (!r)
        return fail(ps, "an indented line outside a rule");
    char *sp = strchr(line, ' ');
    char *rest = sp ? trim(sp + 1) : line + strlen(line);
    if (sp)
        *sp = '\0';
    if (strcmp(line, "label") == 0) {
        r->label = tg_label_name_of(rest);
        if (!r->label)
            return fail(ps, "unknown label '%s'", rest);
    } else if (strcmp(line, "priority") == 0) {
        char *end;
        long v = strtol(rest, &end, 10);
        if (!*rest || *end || v < -1000 || v > 1000)
            return fail(ps, "priority must be an integer from -1000 to 1000");
        r->priority = (int)v;
    } else if (strcmp(line, "value") == 0) {
        int k = tg_value_kind_find(rest);
        if (k < 0)
            return fail(ps, "unknown value normalizer '%s'", rest);
        r->value = (tg_value_kind)k;
    } else if (strcmp(line, "pattern") == 0) {
        if (r->pattern)
            return fail(ps, "rule %s has two patterns", r->name);
        r->pattern = dup_s(rest);
        r->line = ps->line;
    } else if (strcmp(line, "starts-before") == 0) {
        char *sp2 = strrchr(rest, ' ');
        char *end = NULL;
        long v = sp2 ? strtol(sp2 + 1, &end, 10) : 0;
        if (!sp2 || sp2 == rest || !end || *end || v < 1 || v > 4096)
            return fail(ps, "starts-before needs a literal and a distance from 1 to 4096 bytes");
        *sp2 = '\0';
        free(r->before);
        r->before = tg_rules_normalize_item(ps->rs->nz, rest, strlen(rest));
        if (!r->before || !*r->before || strchr(r->before, ' '))
            return fail(ps, "starts-before needs a literal without spaces");
        r->before_within = (size_t)v;
    } else if (strcmp(line, "needs") == 0) {
        /* one or more literals separated by spaces: every match contains
         * one of them (rules_prefilter.c, tg_rules_needs_limit) */
        tg_rules_free_strs(r->needs, r->nneeds);
        r->needs = NULL;
        r->nneeds = 0;
        for (char *tok = rest, *next; *tok; tok = next) {
            size_t len = strcspn(tok, " ");
            next = tok[len] ? trim(tok + len + 1) : tok + len;
            char **grown = realloc(r->needs, (r->nneeds + 1) * sizeof *grown);
            if (!grown)
                return tg_error_set(ps->err, TAGGER_ERR_NOMEM, 0, "out of memory");
            r->needs = grown;
            char *lit = tg_rules_normalize_item(ps->rs->nz, tok, len);
            if (!lit)
                return tg_error_set(ps->err, TAGGER_ERR_NOMEM, 0, "out of memory");
            r->needs[r->nneeds++] = lit;
            if (!*lit || strchr(lit, ' '))
                return fail(ps, "needs wants literals that each normalize to one word");
        }
        if (!r->nneeds)
            return fail(ps, "needs wants one or more literals");
    } else if (strcmp(line, "lead") == 0) {
        char *end = NULL;
        long v = strtol(rest, &end, 10);
        if (!*rest || *end || v < 1 || v > 65536)
            return fail(ps, "lead needs a number of bytes from 1 to 65536");
        r->lead = (size_t)v;
    } else if (strcmp(line, "confirm") == 0) {
        r->confirm = 1;
    } else if (strcmp(line, "absorb") == 0) {
        r->absorb = 1;
    } else if (strcmp(line, "evidence") == 0) {
        if (strcmp(rest, "yes") == 0)
            r->evidence = TG_EVIDENCE_YES;
        else if (strcmp(rest, "no") == 0)
            r->evidence = TG_EVIDENCE_NO;
        else if (strcmp(rest, "speaker") == 0)
            r->evidence = TG_EVIDENCE_SPEAKER;
        else
            return fail(ps, "evidence needs yes, no or speaker");
    } else if (strcmp(line, "example") == 0) {
        return parse_example(ps, r, rest, 0);
    } else if (strcmp(line, "reject") == 0) {
        return parse_example(ps, r, rest, 1);
    } else {
        return fail(ps, "unknown rule field '%s'", line);
    }
    return TAGGER_OK;
}

tagger_status tg_rules_parse_file(tg_rules *rs, const char *path, tagger_error *err)
{
    parser context = {rs, path, 0, err}, *ps = &context;
    size_t len;
    const char *why = "out of memory";
    char *text = read_text_file(ps->file, &len, &why);
    if (!text)
        return tg_error_set(ps->err, TAGGER_ERR_IO, 0, "cannot open '%s': %s", ps->file, why);
    size_t bad = len;
    int utf8_ok = tg_utf8_valid(text, len, &bad);
    const char *nul = memchr(text, '\0', utf8_ok ? len : bad);
    if (!utf8_ok || nul) {
        size_t at = nul ? (size_t)(nul - text) : bad, line = 1, col = 1;
        for (size_t i = 0; i < at; i++, col++)
            if (text[i] == '\n')
                line++, col = 0;
        free(text);
        return tg_error_set(ps->err, TAGGER_ERR_LOAD, at, "%s:%zu:%zu: %s (byte %zu)", ps->file,
                            line, col, nul ? "NUL byte" : "invalid UTF-8", at);
    }
    tagger_status rc = TAGGER_OK;
    rule *cur = NULL;
    ps->line = 0;
    for (char *line = text; rc == TAGGER_OK && line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        ps->line++;
        int indented = *line == ' ' || *line == '\t';
        char *t = trim(line);
        if (*t && *t != '#') {
            if (!indented) {
                if (cur)
                    rc = compile_rule(ps, cur);
                if (rc == TAGGER_OK)
                    rc = parse_top(ps, t, &cur);
            } else {
                rc = parse_field(ps, t, cur);
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    if (rc == TAGGER_OK && cur)
        rc = compile_rule(ps, cur);
    free(text);
    return rc;
}

