/*
 * ner_english_surnames — English people's names: a person's surname met alone in the
 * document, a name the tokenizer cut, a pair of people (called by ner_english.c on the
 * model's spans of one document; docs/english.md, "Error classes of
 * en-dev" and english14's section).
 *
 * Algorithm: the surnames are the last words of the document's PERSON spans of two words or
 * more, a hyphenated surname one word ("Robert Kilroy-Silk": "Kilroy-Silk", three tokens);
 * they are sorted by their text and looked up (bsearch) for each one-word span of another
 * label and for each name-shaped word no span covers and no capitalized word touches.  A
 * word inside a hyphenated one is never a surname alone ("Wright" of "Wright-Phillips").
 *
 * Joined names (tg_en_joined_names): a PERSON span takes a hyphen and a capitalized word
 * written against it ("Mr Betts-Green", three tokens), or "O '" / "D '" and the capitalized
 * word against the apostrophe ("Sean O 'Keefe"); one pass over the spans.
 *
 * Pairs of people (tg_en_coordinated_people): two one-word spans (or two of two words: "Roy
 * Disney and Stanley Gold") joined by "and" alone, a
 * model PERSON and a model ORG that no list has, are two people, and so are the ORG word's
 * other one-word mentions; a pass over the spans, and one more for each such pair.
 *
 * The rules that ask of one span whether its word is such a surname (org_consistency, the
 * lists' org_like) read a tg_en_surnames made once: the surnames sorted word by word, with
 * the count of spans of each still PERSON (a span relabelled through
 * tg_en_surnames_relabel leaves the count), found by binary search.
 */
#include <stdlib.h>
#include <string.h>

#include "labels.h"
#include "ner_internal.h"
#include "sort.h"
#include "truecase.h"
#include "tokenize.h"

/* Whether tokens t, t+1, t+2 are an Irish or Italian surname that the text writes
 * with a space before its apostrophe ("O 'Keefe", "D 'Alema": AG News' decoded "&#39;";
 * "O'Keefe" is one token): a capital O or D, "'" and a capitalized word against it. */
static int apostrophe_name(const char *text, const tagger_token *tokens, size_t ntokens, size_t t)
{
    return t + 2 < ntokens && (tg_en_token_is(text, &tokens[t], "O") ||
                               tg_en_token_is(text, &tokens[t], "D")) &&
           tg_en_token_is(text, &tokens[t + 1], "'") && tokens[t + 2].start == tokens[t + 1].end &&
           tokens[t + 2].kind == TAGGER_TOKEN_WORD && text[tokens[t + 2].start] >= 'A' &&
           text[tokens[t + 2].start] <= 'Z' && tokens[t + 2].sentence == tokens[t].sentence;
}

/* A PERSON span s after the lower-case particles of a name ("bin", "van der": CoNLL-2003
 * has them inside, "Danie van Schalkwyk", "F.W. de Klerk") takes them, and the name-shaped
 * word before them when it is a one-word span of v[0..k) (of any label: the model's GPE
 * "Osama" of "Osama bin Laden") or a first name; that span is dropped.  Returns the new k. */
static size_t particle_name(const char *text, const tagger_token *tokens, const tg_ner_span *v,
                            size_t k, tg_ner_span *s)
{
    static const char *const particles[] = {"bin", "ibn", "van", "von", "der", "den", "de",
                                            "da", "del", "della", "di", "du", "dos"};
    size_t p = s->tok_first;
    while (p > 0 && tokens[p - 1].sentence == tokens[p].sentence &&
           tokens[p - 1].end < tokens[p].start &&
           tg_en_word_in(text, &tokens[p - 1], particles, sizeof particles / sizeof *particles))
        p--;
    if (p == s->tok_first || (k > 0 && v[k - 1].tok_last >= p))
        return k; /* no particle, or a span ends on one */
    size_t q = p;
    if (p > 0 && tokens[p - 1].sentence == tokens[p].sentence &&
        tg_en_name_shaped(text, &tokens[p - 1])) {
        if (k > 0 && v[k - 1].tok_first == p - 1 && v[k - 1].tok_last == p - 1)
            q = p - 1, k--;
        else if ((k == 0 || v[k - 1].tok_last < p - 1) && tg_en_first_name(text, &tokens[p - 1]))
            q = p - 1;
    }
    s->tok_first = q;
    s->norm_start = tokens[q].norm_start;
    return k;
}

size_t tg_en_joined_names(const char *text, const tagger_token *tokens, size_t ntokens,
                          tg_ner_span *v, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        tg_ner_span s = v[i];
        size_t l = s.tok_last, f = s.tok_first;
        int person = tg_label_eq(s.label, TG_LABEL_PERSON);
        if (person && f >= 2 && apostrophe_name(text, tokens, ntokens, f - 2) &&
            (k == 0 || v[k - 1].tok_last < f - 2)) {
            s.tok_first = f - 2;
            s.norm_start = tokens[f - 2].norm_start;
        }
        if (person)
            k = particle_name(text, tokens, v, k, &s);
        if (person && ((l + 2 < ntokens && tg_en_token_is(text, &tokens[l + 1], "-") &&
                        tokens[l + 1].start == tokens[l].end &&
                        tokens[l + 2].start == tokens[l + 1].end &&
                        tokens[l + 2].kind == TAGGER_TOKEN_WORD &&
                        text[tokens[l + 2].start] >= 'A' && text[tokens[l + 2].start] <= 'Z' &&
                        tokens[l + 2].sentence == tokens[l].sentence) ||
                       apostrophe_name(text, tokens, ntokens, l))) {
            s.tok_last = l + 2;
            s.norm_end = tokens[l + 2].norm_end;
            while (i + 1 < n && v[i + 1].tok_first <= s.tok_last) {
                i++;
                if (v[i].tok_last > s.tok_last) {
                    s.tok_last = v[i].tok_last;
                    s.norm_end = v[i].norm_end;
                }
            }
        }
        v[k++] = s;
    }
    return k;
}

int tg_en_cmp_text_key(const void *a, const void *b)
{
    const tg_en_text_key *x = a, *y = b;
    size_t nx = x->end - x->start, ny = y->end - y->start;
    int c = memcmp(x->text + x->start, y->text + y->start, nx < ny ? nx : ny);
    return c ? c : (nx > ny) - (nx < ny);
}

/* Whether the name-shaped tokens t-1 and t+1 are joined by a hyphen against both (t the "-"):
 * "Kilroy-Silk", "Spider-Man"; not "al-Sistani", "anti-Bush". */
static int joining_hyphen(const char *text, const tagger_token *tokens, size_t ntokens, size_t t)
{
    return t > 0 && t + 1 < ntokens && tg_en_token_is(text, &tokens[t], "-") &&
           tokens[t - 1].end == tokens[t].start && tokens[t].end == tokens[t + 1].start &&
           tg_en_name_shaped(text, &tokens[t - 1]) && tg_en_name_shaped(text, &tokens[t + 1]);
}

size_t tg_en_word_first(const char *text, const tagger_token *tokens, size_t ntokens, size_t l)
{
    return l >= 2 && joining_hyphen(text, tokens, ntokens, l - 1) ? l - 2 : l;
}

/* The last token of the word that starts at token f: f + 2 for "Kilroy-Silk", else f. */
static size_t word_last(const char *text, const tagger_token *tokens, size_t ntokens, size_t f)
{
    return joining_hyphen(text, tokens, ntokens, f + 1) ? f + 2 : f;
}

static tg_en_text_key word_key(const char *text, const tagger_token *tokens, size_t f, size_t l)
{
    return (tg_en_text_key){text, tokens[f].start, tokens[l].end};
}

int tg_en_cmp_words(const void *a, const void *b)
{
    const tg_en_words_key *x = a, *y = b;
    if (x->n != y->n)
        return (x->n > y->n) - (x->n < y->n);
    for (size_t j = 0; j < x->n; j++) {
        const tagger_token *p = &x->tokens[x->f + j], *q = &y->tokens[y->f + j];
        size_t np = p->end - p->start, nq = q->end - q->start;
        if (np != nq)
            return (np > nq) - (np < nq);
        int c = memcmp(x->text + p->start, y->text + q->start, np);
        if (c)
            return c;
    }
    return 0;
}

size_t tg_en_words_lower(const tg_en_words_key *keys, size_t n, const tg_en_words_key *key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tg_en_cmp_words(&keys[mid], key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && tg_en_cmp_words(&keys[lo], key) == 0 ? lo : n;
}

/* Whether span x is a PERSON span of two words or more; *s its last word's first token. */
static int surname_source(const tg_en_surnames *d, const tg_ner_span *x, size_t *s)
{
    *s = tg_en_word_first(d->text, d->tokens, d->ntokens, x->tok_last);
    return tg_label_eq(x->label, TG_LABEL_PERSON) && *s > x->tok_first;
}

int tg_en_surnames_make(const char *text, const tagger_token *tokens, size_t ntokens,
                        const tg_ner_span *v, size_t n, tg_en_surnames *d)
{
    size_t k = 0, s;
    *d = (tg_en_surnames){text, tokens, ntokens, NULL, NULL, 0, 0};
    for (size_t i = 0; i < n; i++)
        k += surname_source(d, &v[i], &s);
    d->keys = malloc((k + 1) * sizeof *d->keys);
    d->alive = calloc(k + 1, sizeof *d->alive);
    if (!d->keys || !d->alive) {
        tg_en_surnames_free(d);
        d->made = -1;
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        if (surname_source(d, &v[i], &s))
            d->keys[d->n++] = (tg_en_words_key){text, tokens, s, v[i].tok_last - s + 1, 0};
    if (d->n > 1)
        tg_sort_stable(d->keys, d->n, sizeof *d->keys, tg_en_cmp_words);
    for (size_t i = 0, g = 0; i < d->n; i++) { /* the count of a word's spans, at its first key */
        if (i > 0 && tg_en_cmp_words(&d->keys[i - 1], &d->keys[i]) != 0)
            g = i;
        d->alive[g]++;
    }
    d->made = 1;
    return 1;
}

void tg_en_surnames_relabel(tg_en_surnames *d, tg_ner_span *x, const char *label)
{
    size_t s;
    if (d->made && surname_source(d, x, &s) && !tg_label_eq(label, TG_LABEL_PERSON)) {
        tg_en_words_key key = {d->text, d->tokens, s, x->tok_last - s + 1, 0};
        size_t i = tg_en_words_lower(d->keys, d->n, &key);
        if (i < d->n && d->alive[i])
            d->alive[i]--;
    }
    x->label = label;
}

int tg_en_surnames_has(tg_en_surnames *d, const tg_ner_span *v, size_t n, size_t l)
{
    if (!d->made && !tg_en_surnames_make(d->text, d->tokens, d->ntokens, v, n, d))
        d->made = -1;
    if (d->made < 0)
        return 0;
    size_t f = tg_en_word_first(d->text, d->tokens, d->ntokens, l);
    tg_en_words_key key = {d->text, d->tokens, f, l - f + 1, 0};
    size_t i = tg_en_words_lower(d->keys, d->n, &key);
    return i < d->n && d->alive[i] > 0;
}

void tg_en_surnames_free(tg_en_surnames *d)
{
    free(d->keys);
    free(d->alive);
    d->keys = NULL;
    d->alive = NULL;
    d->n = 0;
}

/* Whether span v[i] is in a list with a PERSON span: "," or "and" between them ("hauled
 * down by Charlton and Tom May", "Sititi, Charlton, Shaw"). */
static int beside_person(const char *text, const tagger_token *tokens, const tg_ner_span *v,
                         size_t n, size_t i)
{
    size_t f = v[i].tok_first, l = v[i].tok_last;
    return (i > 0 && v[i - 1].tok_last + 2 == f && tg_label_eq(v[i - 1].label, TG_LABEL_PERSON) &&
            tg_en_list_joint(text, &tokens[f - 1])) ||
           (i + 1 < n && v[i + 1].tok_first == l + 2 && tg_label_eq(v[i + 1].label, TG_LABEL_PERSON) &&
            tg_en_list_joint(text, &tokens[l + 1]));
}

/* English, one document: a one-word span of another label whose word is the last word of
 * a PERSON span of two words or more is that person ("Kostunica said" after "Vojislav
 * Kostunica", before it too: a headline's "Ovitz tells court" and "Michael Ovitz"); so is
 * such a word the model left out ("Icahn blasts CEO" before "Carl Icahn"), when no
 * capitalized word is next to it (in `tc`, the text with a Title Case headline's usual
 * words in lower case) and it is not the first word of a PERSON span ("Jordan" of "Jordan
 * Smith").  The word is name-shaped ("Ovitz"; not "US"); a hyphenated word is one
 * ("Kilroy-Silk").  A model ORG on a listed organization stays one ("former Disney
 * directors Roy Disney and Stanley Gold told Disney 's board": the firm, walt-disney),
 * unless a list holds it with a PERSON span ("Charlton and Tom May") or the organization
 * is CoNLL's induced one ("Collingwood", a club, for the cricketer Paul Collingwood).  *v
 * grows (*cap) and stays sorted.  Returns 0 when out of memory. */
int tg_en_surname_consistency(const tg_ner_input *in, const char *text, const char *tc,
                              const tagger_token *tokens, size_t ntokens, tg_ner_span **vp,
                              size_t *np, size_t *cap)
{
    tg_ner_span *v = *vp;
    size_t k = 0, n = *np;
    const char *person = NULL;
    for (size_t i = 0; i < n; i++)
        if (tg_label_eq(v[i].label, TG_LABEL_PERSON) &&
            tg_en_word_first(text, tokens, ntokens, v[i].tok_last) > v[i].tok_first)
            k++, person = v[i].label;
    if (!k)
        return 1;
    tg_en_text_key *keys = malloc(2 * k * sizeof *keys);
    unsigned char *covered = calloc(ntokens + 1, 1);
    if (!keys || !covered) {
        free(keys), free(covered);
        return 0;
    }
    tg_en_text_key *firsts = keys + k;
    k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t f = v[i].tok_first, l = v[i].tok_last, s = tg_en_word_first(text, tokens, ntokens, l);
        memset(covered + f, 1, l - f + 1);
        if (tg_label_eq(v[i].label, TG_LABEL_PERSON) && s > f) {
            firsts[k] = word_key(text, tokens, f, word_last(text, tokens, ntokens, f));
            keys[k++] = word_key(text, tokens, s, l);
        }
    }
    tg_sort_stable(keys, k, sizeof *keys, tg_en_cmp_text_key);
    tg_sort_stable(firsts, k, sizeof *firsts, tg_en_cmp_text_key);
    for (size_t i = 0; i < n; i++) {
        size_t f = v[i].tok_first, l = v[i].tok_last;
        tg_en_text_key key = word_key(text, tokens, f, l);
        if (tg_en_word_first(text, tokens, ntokens, l) == f &&
            !tg_label_eq(v[i].label, TG_LABEL_PERSON) &&
            tg_en_name_shaped(text, &tokens[f]) &&
            bsearch(&key, keys, k, sizeof *keys, tg_en_cmp_text_key) &&
            !(tg_label_eq(v[i].label, TG_LABEL_ORG) && tg_en_listed_org(in, f, l, 0) &&
              !beside_person(text, tokens, v, n, i)))
            v[i].label = person;
    }
    size_t n0 = n;
    for (size_t t = 0; t < ntokens; t++) {
        size_t e = word_last(text, tokens, ntokens, t);
        tg_en_text_key key = word_key(text, tokens, t, e);
        int skip = covered[t] || covered[e] || !tg_en_name_shaped(text, &tokens[t]) ||
                   (t > 0 && joining_hyphen(text, tokens, ntokens, t - 1)) ||
                   (t > 0 && tokens[t - 1].sentence == tokens[t].sentence &&
                    (covered[t - 1] || tg_en_name_shaped(tc, &tokens[t - 1]))) ||
                   (e + 1 < ntokens && tokens[e + 1].sentence == tokens[e].sentence &&
                    (covered[e + 1] || tg_en_name_shaped(tc, &tokens[e + 1]))) ||
                   !bsearch(&key, keys, k, sizeof *keys, tg_en_cmp_text_key) ||
                   bsearch(&key, firsts, k, sizeof *firsts, tg_en_cmp_text_key);
        if (!skip) {
            if (!tg_en_append_span(tokens, vp, &n, cap, t, e, person)) {
                free(keys), free(covered);
                return 0;
            }
            v = *vp;
        }
        t = e;
    }
    if (n > n0)
        tg_sort_stable(v, n, sizeof *v, tg_en_cmp_span_first);
    *np = n;
    free(keys), free(covered);
    return 1;
}

/* Whether token t is "," or "and" / "or": a longer list goes on there. */
static int list_link(const char *text, const tagger_token *t)
{
    return tg_en_token_is(text, t, ",") || tg_en_token_is(text, t, "and") ||
           tg_en_token_is(text, t, "or");
}

/* Whether one-word span s is a name of the model's ORG that may be a person's: a
 * name-shaped word (no acronym), no company's word, no word English writes in lower case
 * ("Robbie and Angels": the song), no list entry there. */
static int unlisted_model_org(const tg_ner_input *in, const char *text, const tg_ner_span *s)
{
    const tagger_token *t = &in->tokens[s->tok_first];
    return s->label != tg_en_evident_org && tg_label_eq(s->label, TG_LABEL_ORG) &&
           tg_en_name_shaped(text, t) && !tg_en_company_word(text, t) &&
           !tg_truecase_lower_word(text + t->start, t->end - t->start) &&
           !tg_en_listed_label(in, s->tok_first, s->tok_last);
}

/* Whether two-word span s is a name of the model's ORG that may be a person's: two
 * name-shaped words, neither a company's, the first no word English writes in lower case
 * ("Royal Mail"), no list candidate on exactly its words. */
static int unlisted_model_org2(const tg_ner_input *in, const char *text, const tg_ner_span *s)
{
    const tagger_token *t = &in->tokens[s->tok_first];
    return s->tok_last == s->tok_first + 1 && s->label != tg_en_evident_org &&
           tg_label_eq(s->label, TG_LABEL_ORG) && tg_en_name_shaped(text, &t[0]) &&
           tg_en_name_shaped(text, &t[1]) && !tg_en_company_word(text, &t[0]) &&
           !tg_en_company_word(text, &t[1]) &&
           !tg_truecase_lower_word(text + t[0].start, t[0].end - t[0].start) &&
           !tg_en_listed_exactly(in, s->tok_first, s->tok_last); /* "?Liberal Democrat" */
}

/* Whether the list goes on at token t after a pair: "and" or "or", or a comma with a
 * capitalized word after it ("Roy Disney and Stanley Gold, told" ends there). */
static int list_goes_on(const tg_ner_input *in, size_t t)
{
    const tagger_token *tok = in->tokens;
    if (!list_link(in->text, &tok[t]))
        return 0;
    return !tg_en_token_is(in->text, &tok[t], ",") ||
           (t + 1 < in->ntokens && tok[t + 1].sentence == tok[t].sentence &&
            tg_en_name_shaped(in->text, &tok[t + 1]));
}

/* Two people of two words each joined by "and", the model's PERSON and an ORG no list
 * has ("directors Roy Disney and Stanley Gold": was ORG), not in a longer list nor after a
 * comma ("gaming, Hard Rock and Deluxe Films"), no list candidate on it ("Liberal Democrat
 * leader"): the ORG is the second person. */
static void coordinated_people2(const tg_ner_input *in, const char *text, tg_ner_span *v, size_t n)
{
    const tagger_token *tok = in->tokens;
    for (size_t i = 0; i + 1 < n; i++) {
        tg_ner_span *x = &v[i], *y = &v[i + 1];
        size_t a = x->tok_first, b = y->tok_first;
        if (x->tok_last != a + 1 || y->tok_last != b + 1 || b != a + 3 ||
            !tg_en_token_is(text, &tok[a + 2], "and") || tok[b + 1].sentence != tok[a].sentence ||
            (a > 0 && tok[a - 1].sentence == tok[a].sentence && list_link(text, &tok[a - 1])) ||
            (b + 2 < in->ntokens && tok[b + 2].sentence == tok[b].sentence && list_goes_on(in, b + 2)))
            continue;
        tg_ner_span *org = NULL, *person = NULL;
        if (tg_label_eq(x->label, TG_LABEL_PERSON) && unlisted_model_org2(in, text, y))
            org = y, person = x;
        else if (tg_label_eq(y->label, TG_LABEL_PERSON) && unlisted_model_org2(in, text, x))
            org = x, person = y;
        if (org && tg_en_name_shaped(text, &tok[person->tok_first]) &&
            tg_en_name_shaped(text, &tok[person->tok_last]))
            org->label = person->label;
    }
}

void tg_en_coordinated_people(const tg_ner_input *in, const char *text, tg_ner_span *v, size_t n)
{
    const tagger_token *tok = in->tokens;
    coordinated_people2(in, text, v, n);
    for (size_t i = 0; i + 1 < n; i++) {
        tg_ner_span *x = &v[i], *y = &v[i + 1];
        size_t a = x->tok_first, b = y->tok_first;
        if (x->tok_last != a || y->tok_last != b || b != a + 2 ||
            !tg_en_token_is(text, &tok[a + 1], "and") || tok[b].sentence != tok[a].sentence ||
            (a > 0 && tok[a - 1].sentence == tok[a].sentence &&
             (list_link(text, &tok[a - 1]) ||
              (tg_en_name_shaped(text, &tok[a - 1]) && a > 1 &&
               tok[a - 2].sentence == tok[a].sentence))) || /* "Dr Pepper"; not "But Petrov" */
            (b + 1 < in->ntokens && list_link(text, &tok[b + 1])))
            continue;
        tg_ner_span *org = NULL;
        const char *person = NULL;
        if (tg_label_eq(x->label, TG_LABEL_PERSON) && tg_en_name_shaped(text, &tok[a]) &&
            unlisted_model_org(in, text, y))
            org = y, person = x->label;
        else if (tg_label_eq(y->label, TG_LABEL_PERSON) && tg_en_name_shaped(text, &tok[b]) &&
                 unlisted_model_org(in, text, x))
            org = x, person = y->label;
        if (!org)
            continue;
        /* the person's other mentions the model called ORG ("Costello: Is Blog the
         * publisher?") are the person's too */
        size_t w = org->tok_first;
        for (size_t j = 0; j < n; j++)
            if (v[j].tok_first == v[j].tok_last && tg_en_same_words(text, tok, v[j].tok_first, w, 1) &&
                unlisted_model_org(in, text, &v[j]))
                v[j].label = person;
    }
}
