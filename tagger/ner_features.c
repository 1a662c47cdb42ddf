/*
 * ner_features — the features of a token, as the entity recognizer sees
 * them at run time and in training.
 *
 * Each token has some 30–50 binary features, all read from the normalized
 * text and the matches the pipeline found anyway (decoding runs sentence by
 * sentence, at most NER_SEGMENT tokens at once, so memory stays bounded):
 *   - the normalized word, the words one and two tokens away (inside the
 *     sentence; past its ends a boundary marker), the word pairs (i-1, i)
 *     and (i, i+1);
 *   - prefixes of 1–3 and suffixes of 1–4 code points, the length class,
 *     the shape of the input form («Xxxx», «XX», «d.d», «a» for Arabic
 *     script: case survives here, which normalization folds away) alone
 *     and with the word, the shapes and token kinds next door, the
 *     position in the sentence;
 *   - the pieces a ZWNJ joined («کتاب‌ها» → «کتاب» + «ها», «می‌گوید» →
 *     «می» + «گوید»): the normalizer drops the ZWNJ, and the offset map
 *     shows where it was;
 *   - every gazetteer candidate covering the token, ambiguous aliases
 *     included: its label and the token's position in it (B, I, L, U),
 *     whether the alias is ambiguous, the candidate's length, whether a
 *     suffix was left out; and the labels of candidates ending just before
 *     and starting just after the token;
 *   - every rule match covering the token (titles, speakers, designators,
 *     dates …): its label, its rule name and the position, confirm-only
 *     matches included; and rule labels just before and after;
 *   - the list and rule labels of every occurrence of the same word in the
 *     document: a surname a title introduced once («آقای ناصری») is still
 *     a person's name three paragraphs later («ناصری افزود»);
 *   - word clusters, when the model has a cluster table: the cluster ids,
 *     at each of its granularities (e.g. 64, 256 and 1024 clusters), of
 *     the words at i-W .. i+W (W = 0..2, inside the sentence), and a "not
 *     in the table" id for rarer words.  The clusters are learned from
 *     unlabeled news (k-means over word vectors: tools/ner/ and
 *     data/models/build-ner.sh), so a name or a context word the labelled
 *     corpus never had still shares weights with the words it resembles
 *     (Koo et al. 2008, Turian et al. 2010 semi-supervised features).  One
 *     table probe per token;
 *   - the prediction history, when the model was trained with it (Ratinov
 *     and Roth 2009): what the model itself tagged the same word in the
 *     earlier sentences of the document — O, the first token of an entity
 *     of label l, or a later token of one — as one feature per tag seen
 *     and one for the whole set.  Sentences are decoded in document order
 *     and a small per-document table (word key → tags seen, ner_history.c;
 *     decoding makes a word's slot once and keeps it with the word) carries them:
 *     «حسن روحانی» in the first paragraph makes a lone «روحانی» later a
 *     person's name, where without context it is also an adjective.
 * A feature is a template number and a value, hashed (64-bit mix) into one
 * of 2^B buckets: no vocabulary is stored and an unseen word costs nothing.
 * The features a list or a rule gives a token ("extras") are gathered for
 * the whole document first and sorted by token; a segment's features are
 * then its tokens' own followed by their extras.
 *
 * Speed (the same features, in the same order, as hashing each token's
 * templates one by one): a word recurs, so the features that depend on a
 * word alone (the word in each of its five positions, its affixes, shape,
 * length class, cluster ids) are hashed once per distinct word of a
 * document (the memo: key = its normalized bytes and its input bytes) and
 * kept across documents in a word cache of 16,384 two-line slots per buffer
 * (a thread's workspace; four-way sets, ner_wcache.c: of 10 MB of Persian
 * news' 468k document words 55k are made, 98k direct-mapped).  A word pair is combined once for both
 * its tokens; constant features and the cluster features of every cluster
 * id are hashed once per buffer.  Only the low 32 bits of a hash are kept:
 * a bucket id is hash & mask, mask < 2^32.  Large slot arrays come zeroed
 * from calloc (pages cost memory only once touched), small ones are
 * cleared by hand.
 *
 * Decoding with a model of 16-byte rows ("sums", the shipped models) goes
 * one step further: a token's emission is a sum of int8 weight rows, and
 * integer sums can be added in any order, so the rows of a word's own
 * features are added once per word: for each offset -2 .. 2 from a token
 * it can stand at, the rows of the features it gives that token (the word
 * in that position, at 0 its affixes, shapes, length class, ZWNJ pieces and
 * the bias, at ±1 its shape, within the cluster window its cluster features)
 * as 16 int16 lanes (at most 19 rows a sum, no overflow), kept in the word cache
 * beside the word's features.  A token's emission then starts from the five
 * sums of the words around it (or the boundary's rows past the sentence's
 * ends), plus rows of a small table for the features of few values (the
 * three kinds, sentence position and last token added beforehand into one
 * row per combination, fb->kplace; history mask, document labels), and a word found in
 * the cache needs no cluster features of its own; only the word pairs
 * and the list and rule features are left as bucket ids, about
 * 5 a token instead of 40.  The feature count that caps the document label
 * features is kept as if every feature were listed, so the integers summed,
 * and the scores, are exactly the full list's (test_ner_sums); it is only
 * counted where the cap can be reached (never with the shipped models).  A
 * segment's token loop is compiled with the sums (for AVX2 too), and in a
 * one-sentence segment a token's neighbours' sums come from an array of the
 * words' sums that has fb->bnd past the sentence's ends (its rows sit at
 * the same offsets), so no neighbour is tested.
 */
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "labels.h"
#include "ner_internal.h"
#include "grow.h"
#include "tokenize.h"

/* The segment's token loop, which adds sums, is also compiled for AVX2 and
 * chosen at load (a 16-lane sum is then one register; without, each add
 * went through the stack); a new word's sums are ner_wsums.c's. */
#ifdef NER_AVX2_DISPATCH
#define NER_ROWS_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define NER_ROWS_CLONES
#endif

static inline void sum_add(tg_ner_v16hi *acc, const tg_ner_sum16 *s)
{
    tg_ner_v16hi v;
    memcpy(&v, s->v, sizeof v);
    *acc += v;
}

void tg_ner_featbuf_free(tg_ner_featbuf *fb)
{
    free(fb->f);
    free(fb->off);
    free(fb->nown);
    free(fb->x);
    free(fb->w);
    free(fb->wid);
    free(fb->labels);
    free(fb->word);
    free(fb->slot);
    free(fb->xsorted);
    free(fb->xstart);
    free(fb->xlast);
    free(fb->pending);
    free(fb->hslot);
    free(fb->gvals);
    tg_ner_wcache_free(fb);
    free(fb->clf);
    free(fb->wsum);
    free(fb->base);
    memset(fb, 0, sizeof *fb);
}

/* The shape class of code point c: X, x, d, a (Arabic script), u (other
 * letters), an ASCII symbol itself, or -1 for one left out (joiners,
 * harakat, tatweel); the Arabic block asked about first. */
static int shape_class(uint32_t c)
{
    if (c >= 0x600 && c <= 0x6FF) {
        if ((c >= 0x660 && c <= 0x669) || (c >= 0x6F0 && c <= 0x6F9))
            return 'd';
        if ((c >= 0x64B && c <= 0x65F) || c == 0x640)
            return -1;
        return 'a';
    }
    if (c < 0x80) {
        if (c >= 'A' && c <= 'Z')
            return 'X';
        if (c >= 'a' && c <= 'z')
            return 'x';
        if (c >= '0' && c <= '9')
            return 'd';
        return (int)c;
    }
    return c == 0x200C || c == 0x200D ? -1 : c >= 0xFB50 && c <= 0xFEFF ? 'a' : 'u';
}

/* The shape of an input token: letter classes with runs collapsed, at most
 * 8 symbols: Xx, XX, x, d, d.d, a (Arabic script), u (other letters). */
static uint64_t shape_hash(const char *s, size_t n)
{
    char buf[8];
    size_t k = 0;
    for (size_t i = 0; i < n && k < sizeof buf;) {
        int cls = shape_class(tg_utf8_next(s, &i));
        if (cls >= 0 && (k == 0 || buf[k - 1] != (char)cls))
            buf[k++] = (char)cls;
    }
    return tg_fnv1a(buf, k);
}

/* Where a ZWNJ of the input sat inside the normalized token [ns, ne): the
 * first and last such byte offsets, or 0 when there is none. */
static int zwnj_splits(const tg_ner_input *in, size_t ns, size_t ne, size_t *first,
                       size_t *last)
{
    const tg_normtext *nt = in->norm;
    int found = 0;
    for (size_t b = ns + 1; b < ne; b++) {
        if (((unsigned char)nt->text[b] & 0xC0) == 0x80)
            continue;
        size_t gs = nt->oend[b - 1], ge = nt->ostart[b];
        for (size_t i = gs; i + 3 <= ge; i++)
            if (memcmp(in->text + i, "\xE2\x80\x8C", 3) == 0) {
                if (!found)
                    *first = b;
                *last = b;
                found = 1;
                break;
            }
    }
    return found;
}

/* Room for `more` feature ids in fb->f. */
static int reserve_feats(tg_ner_featbuf *fb, size_t more)
{
    uint32_t *f = tg_grow(fb->f, &fb->fcap, fb->nf + more, sizeof *f, 1024);
    if (!f)
        return 0;
    fb->f = f;
    return 1;
}

/* The cluster ids of word hash w at every level (NER_CLUSTER_NONE when the
 * word is not in the table). */
static void cluster_lookup(const tg_ner_clusters *ct, uint64_t w, uint16_t *id)
{
    uint64_t key = tg_ner_cluster_key(w);
    size_t at = (size_t)tg_fmix64(key) & ct->mask;
    for (size_t probes = 0; probes <= ct->mask; probes++) {
        const tg_ner_cslot *sl = &ct->slot[at];
        if (sl->key == key) {
            memcpy(id, sl->id, sizeof sl->id);
            return;
        }
        if (sl->key == 0)
            break;
        at = (at + 1) & ct->mask;
    }
    for (unsigned l = 0; l < NER_MAX_CLUSTER_LEVELS; l++)
        id[l] = NER_CLUSTER_NONE;
}

#define BOUNDARY_BEFORE 0x42304F53ull /* past the start of a sentence */
#define BOUNDARY_AFTER 0x454F5300ull  /* past its end */

/* Which neighbours of token i lie in its sentence: near[d + 2] for the
 * token at offset d (-2 .. 2). */
static void neighbours(const tg_ner_input *in, size_t i, int near[5])
{
    const tagger_token *tk = in->tokens;
    size_t n = in->ntokens, sent = tk[i].sentence;
    near[2] = 1;
    near[1] = i > 0 && tk[i - 1].sentence == sent;
    near[0] = near[1] && i > 1 && tk[i - 2].sentence == sent;
    near[3] = i + 1 < n && tk[i + 1].sentence == sent;
    near[4] = near[3] && i + 2 < n && tk[i + 2].sentence == sent;
}

/* The prefixes of 1–3 and suffixes of 1–4 code points of the word
 * s[0..len) into f->aff (f->naff of them); returns its code points. */
static size_t word_affixes(const char *s, size_t len, tg_ner_wfeat *f)
{
    /* preh[p]: FNV-1a of the p-code-point prefix (of the bytes before
     * code point p), made in the pass that counts them, which stops hashing
     * at the fourth code point; h: of the bytes hashed (the word, when it
     * has at most 3); suf[p]: where the last p code points start */
    size_t cps = 0, suf[5] = {0}, ns = 0, b = 0;
    uint64_t h = TG_FNV_OFFSET, preh[4] = {0};
    for (; b < len; b++) {
        unsigned char c = (unsigned char)s[b];
        if ((c & 0xC0) != 0x80) {
            if (cps >= 1 && cps <= 3)
                preh[cps] = h;
            if (++cps == 4) {
                b++;
                break;
            }
        }
        h = (h ^ c) * TG_FNV_PRIME;
    }
    for (; b < len; b++)
        cps += ((unsigned char)s[b] & 0xC0) != 0x80;
    for (size_t j = len; j-- > 0 && ns < 4;)
        if (((unsigned char)s[j] & 0xC0) != 0x80)
            suf[++ns] = j;
    unsigned k = 0;
    for (unsigned p = 1; p <= 3 && p <= cps; p++)
        f->aff[k++] = (uint32_t)tg_ner_feat(F_PRE1 + p - 1, p < cps ? preh[p] : h);
    for (unsigned p = 1; p <= 4 && p < cps; p++)
        f->aff[k++] = (uint32_t)tg_ner_feat(F_SUF1 + p - 1, tg_fnv1a(s + suf[p], len - suf[p]));
    f->naff = (uint8_t)k;
    return cps;
}

/* Whether s[0..n) holds a ZWNJ (U+200C). */
static int has_zwnj(const char *s, size_t n)
{
    for (size_t i = 0; i + 3 <= n; i++)
        if ((unsigned char)s[i] == 0xE2 && memcmp(s + i + 1, "\x80\x8C", 2) == 0)
            return 1;
    return 0;
}

/* Fills f for the word of hash w, normalized bytes s[0..len) and input
 * bytes u[0..ulen) (same: the same bytes): every feature of it that does
 * not depend on where it stands (those of its length class and of a common
 * shape from K). */
static void word_fill(tg_ner_wfeat *f, const tg_ner_fconst *K, uint64_t w, const char *s,
                      size_t len, const char *u, size_t ulen, int same,
                      const tg_ner_clusters *ct)
{
    static const unsigned word_tmpl[5] = {F_W0, F_WM1, F_WP1, F_WM2, F_WP2};
    for (unsigned j = 0; j < 5; j++)
        f->fw[j] = (uint32_t)tg_ner_feat(word_tmpl[j], w);
    size_t cps = word_affixes(s, len, f);
    f->len = K->len[cps < 6 ? cps : cps < 9 ? 7 : 10];
    uint64_t sh = shape_hash(u, ulen);
    f->shape[1] = (uint32_t)tg_ner_feat(F_SHAPE_W0, tg_ner_combine(sh, w));
    unsigned c = 0;
    while (c < 4 && K->shape[c] != sh)
        c++;
    if (c < 4) {
        f->shape[0] = K->shape_f[c][0];
        f->shape[2] = K->shape_f[c][1];
        f->shape[3] = K->shape_f[c][2];
    } else {
        f->shape[0] = (uint32_t)tg_ner_feat(F_SHAPE, sh);
        f->shape[2] = (uint32_t)tg_ner_feat(F_SHAPE_M1, sh);
        f->shape[3] = (uint32_t)tg_ner_feat(F_SHAPE_P1, sh);
    }
    /* the offset map is monotone, so a ZWNJ zwnj_splits() finds lies in
     * the token's input bytes (word_make: whether one does); the
     * normalizer drops every ZWNJ, so input bytes that are the normalized
     * ones have none */
    f->zw = (uint8_t)(!same && has_zwnj(u, ulen));
    if (ct->slot)
        cluster_lookup(ct, w, f->cid);
}

/* The per-token arrays for n tokens, and the word arrays (a document has
 * at most as many words as tokens).  Their contents last one document, so
 * larger ones are allocated anew, not copied (realloc copied megabytes a
 * run). */
static int reserve_tokens(tg_ner_featbuf *fb, size_t n)
{
    if (n <= fb->tokcap)
        return 1;
    fb->tokcap = fb->wordcap = fb->wsumcap = 0; /* until all are made */
    free(fb->w);
    free(fb->wid);
    free(fb->labels);
    free(fb->xstart);
    free(fb->xlast);
    free(fb->pending);
    free(fb->hslot);
    free(fb->word);
    free(fb->wsum);
    fb->w = malloc(n * sizeof *fb->w);
    fb->wid = malloc(n * sizeof *fb->wid);
    fb->labels = malloc(n * sizeof *fb->labels);
    fb->xstart = malloc((n + 1) * sizeof *fb->xstart);
    fb->xlast = malloc(n * sizeof *fb->xlast);
    fb->pending = malloc(n * sizeof *fb->pending);
    fb->hslot = malloc(n * sizeof *fb->hslot);
    fb->word = aligned_alloc(64, n * sizeof *fb->word); /* (a multiple of 64) */
    fb->wsum = fb->sums ? malloc(n * sizeof *fb->wsum) : NULL;
    if (!fb->w || !fb->wid || !fb->labels || !fb->xstart || !fb->xlast || !fb->pending || !fb->hslot ||
        !fb->word || (fb->sums && !fb->wsum))
        return 0;
    fb->wordcap = n;
    if (fb->sums)
        fb->wsumcap = n;
    fb->tokcap = n;
    return 1;
}

/* Whether the word cache holds features made with cluster table ct. */
static int same_clusters(const tg_ner_clusters *a, const tg_ner_clusters *b)
{
    return a->slot == b->slot && a->mask == b->mask && a->levels == b->levels &&
           a->window == b->window;
}

/* The largest cluster id for which clf is made: models of more clusters
 * hash their cluster features token by token. */
#define NER_CLF_MAX_ID 4095u

/* Readies the word cache (none for a tagger of few documents: it pays only
 * across documents) and the cluster feature table for cluster table ct
 * (made again when ct is another); without memory, features are made without. */
static void caches_for(tg_ner_featbuf *fb, const tg_ner_clusters *ct)
{
    if ((fb->few_documents ? fb->caches_made : fb->wcache != NULL) &&
        same_clusters(&fb->wcache_ct, ct))
        return;
    free(fb->clf);
    fb->clf = NULL;
    fb->clf_ids = 0;
    fb->wcache_ct = *ct;
    fb->caches_made = 1;
    if (!fb->few_documents)
        tg_ner_wcache_alloc(fb, !ct->slot || ct->window < 2); /* (NER_WORD_ROWS) */
    if (!ct->slot)
        return;
    size_t top = 0; /* the largest id in the table */
    for (size_t i = 0; i <= ct->mask; i++)
        for (unsigned l = 0; ct->slot[i].key && l < ct->levels; l++)
            if (ct->slot[i].id[l] != NER_CLUSTER_NONE && ct->slot[i].id[l] > top)
                top = ct->slot[i].id[l];
    if (top > NER_CLF_MAX_ID)
        return;
    size_t ids = top + 2;
    fb->clf = malloc(ct->levels * ids * 5 * sizeof *fb->clf);
    if (!fb->clf)
        return;
    fb->clf_ids = ids;
    long win = (long)ct->window;
    for (unsigned l = 0; l < ct->levels; l++)
        for (size_t id = 0; id < ids; id++) {
            uint64_t v = tg_ner_combine(l, id + 1 == ids ? NER_CLUSTER_NONE : id);
            for (long d = -win; d <= win; d++)
                fb->clf[(l * 5 + (size_t)(d + 2)) * ids + id] =
                    (uint32_t)tg_ner_feat((unsigned)(F_CL_0 + d), v);
        }
}

/* Feature d (-2 .. 2) of cluster id `id` at level l. */
static uint32_t cluster_feat(const tg_ner_featbuf *fb, unsigned l, uint16_t id, long d)
{
    if (fb->clf) {
        size_t at = id == NER_CLUSTER_NONE ? fb->clf_ids - 1 : id;
        if (at < fb->clf_ids)
            return fb->clf[(l * 5 + (size_t)(d + 2)) * fb->clf_ids + at];
    }
    return (uint32_t)tg_ner_feat((unsigned)(F_CL_0 + d), tg_ner_combine(l, id));
}

/* The cluster features of word e (its cluster ids made). */
static void word_clusters(const tg_ner_featbuf *fb, tg_ner_word *e, const tg_ner_clusters *ct)
{
    long win = (long)ct->window;
    if (ct->slot)
        for (long d = -win; d <= win; d++)
            for (unsigned l = 0; l < ct->levels; l++)
                e->cl[d + 2][l] = cluster_feat(fb, l, e->f.cid[l], d);
}

/* Asks for the lines of fb->clf that word_clusters() reads for word e. */
static void clusters_prefetch(const tg_ner_featbuf *fb, const tg_ner_word *e,
                              const tg_ner_clusters *ct)
{
    if (ct->slot && fb->clf)
        for (unsigned l = 0; l < ct->levels; l++) {
            uint16_t id = e->f.cid[l];
            size_t at = id == NER_CLUSTER_NONE ? fb->clf_ids - 1 : id;
            if (at < fb->clf_ids)
                for (long d = -(long)ct->window; d <= (long)ct->window; d++)
                    __builtin_prefetch(&fb->clf[(l * 5 + (size_t)(d + 2)) * fb->clf_ids + at]);
        }
}

/* Keeps the features of word e (and with sums its sums `sum`) in the word
 * cache. */
static void word_keep(tg_ner_featbuf *fb, const tg_ner_word *e, const tg_ner_input *in,
                      const tg_ner_sum16 *sum)
{
    if (fb->wcache)
        tg_ner_wcache_keep(fb, e, in->norm->text + e->ns, in->text + e->is, sum);
}

/* The ZWNJ features (F_ZW, F_ZW_FIRST, F_ZW_LAST) of a token of
 * normalized bytes [ns, ne) into hs: 3, or none when no ZWNJ of the input
 * splits it. */
static size_t word_zw(const tg_ner_featbuf *fb, const tg_ner_input *in, size_t ns, size_t ne,
                      uint32_t *hs)
{
    size_t zf = 0, zl = 0;
    if (!zwnj_splits(in, ns, ne, &zf, &zl))
        return 0;
    hs[0] = fb->k.zw;
    hs[1] = (uint32_t)tg_ner_feat(F_ZW_FIRST, tg_fnv1a(in->norm->text + ns, zf - ns));
    hs[2] = (uint32_t)tg_ner_feat(F_ZW_LAST, tg_fnv1a(in->norm->text + zl, ne - zl));
    return 3;
}

/* Makes the features of word j. */
static void word_make(tg_ner_featbuf *fb, uint32_t j, const tg_ner_input *in,
                      const tg_ner_clusters *ct)
{
    tg_ner_word *e = &fb->word[j];
    word_fill(&e->f, &fb->k, e->w, in->norm->text + e->ns, e->nlen, in->text + e->is, e->ilen,
              e->same, ct);
    /* the normalizer maps each code point alone, so where a ZWNJ splits a
     * word is the same at each of its tokens */
    if (e->f.zw)
        e->f.zw = (uint8_t)word_zw(fb, in, e->ns, e->ns + e->nlen, e->zwf);
}

#define ROW_PREFETCH(acc, h) ((void)(acc), __builtin_prefetch(tg_ner_row(fb, (h))))

/* Asks for the weight rows of word e's features. */
static void word_rows_prefetch(const tg_ner_featbuf *fb, const tg_ner_word *e,
                               const tg_ner_clusters *ct)
{
    int sums[5]; /* unused: the rows' destinations */
    NER_WORD_ROWS(e, ct, sums, ROW_PREFETCH);
}

/* The word of token t (word hash w) in the memo, a new one if it is not
 * there (slots: cap = 2^(64 - shift) of them, the first probed by a
 * multiplicative hash of the key; its features are made later): its index,
 * or UINT32_MAX when out of memory.  A word is its normalized bytes and its
 * input bytes; words of the same key (normalized bytes of one hash) form a
 * group. */
static uint32_t word_of(tg_ner_featbuf *fb, const tg_ner_input *in, const tagger_token *t,
                        uint64_t w, size_t cap, unsigned shift)
{
    const char *s = in->norm->text + t->norm_start, *u = in->text + t->start;
    size_t len = t->norm_end - t->norm_start, ulen = t->end - t->start;
    uint64_t key = w | 1;
    size_t at = (size_t)((key * 0x9E3779B97F4A7C15ull) >> shift);
    uint32_t group = UINT32_MAX;
    for (uint32_t v; (v = fb->slot[at]) != 0; at = (at + 1) & (cap - 1)) {
        const tg_ner_word *e = &fb->word[v - 1];
        if ((e->w | 1) != key)
            continue;
        if (e->nlen == len && e->ilen == ulen &&
            tg_same_bytes(in->norm->text + e->ns, s, len) && tg_same_bytes(in->text + e->is, u, ulen))
            return v - 1;
        group = e->group;
    }
    if (fb->nword >= fb->wordcap || len > UINT32_MAX || ulen > UINT32_MAX)
        return UINT32_MAX;
    uint32_t id = (uint32_t)fb->nword++;
    tg_ner_word *e = &fb->word[id];
    e->w = w;
    e->ns = t->norm_start;
    e->nlen = (uint32_t)len;
    e->is = t->start;
    e->ilen = (uint32_t)ulen;
    e->group = group == UINT32_MAX ? id : group;
    /* the forms of a word («27» and «۲۷», «آنچه» and «آن‌چه») take ways of
     * their own in the word cache, so news that mixes them does not make
     * them in turn */
    e->same = len == ulen && tg_same_bytes(s, u, len);
    e->ckey = e->same ? key : tg_fnv1a_more(key, u, ulen) | 1;
    e->wslot = tg_ner_wcache_set(tg_fmix64(e->ckey));
    fb->slot[at] = id + 1;
    return id;
}

/* New words whose word cache set is asked for before one is placed, and
 * placed words whose slot is asked for before it is read. */
#define NER_PLACE_LAG 8u
#define NER_LOOK_LAG 8u

/* Words whose rows are asked for before the sums of one are added, and
 * words made before the cluster features of one are. */
#define NER_SUM_LAG 3
#define NER_CLF_LAG 2

/* Word j from the word cache, or onto fb->pending (made after every
 * look-up, its cluster slot asked for now). */
static void word_look(tg_ner_featbuf *fb, const tg_ner_input *in, const tg_ner_clusters *ct,
                      size_t j, size_t *npending)
{
    tg_ner_word *e = &fb->word[j];
    if (fb->wcache && tg_ner_wcache_get(fb, e, in->norm->text + e->ns, in->text + e->is,
                                        fb->sums ? fb->wsum[j] : NULL)) {
        if (!fb->sums) /* with sums only a new word's rows need them */
            word_clusters(fb, e, ct);
        return;
    }
    fb->pending[(*npending)++] = (uint32_t)j;
    if (ct->slot)
        __builtin_prefetch(&ct->slot[tg_fmix64(tg_ner_cluster_key(e->w)) & ct->mask]);
}

/* Word hashes of every token and the document's words (the memo), then
 * the features of each word: from the word cache, or made (and kept
 * there) after every look-up. */
static int token_words(tg_ner_featbuf *fb, const tg_ner_input *in, const tg_ner_clusters *ct)
{
    size_t n = in->ntokens, cap = 64;
    if (!reserve_tokens(fb, n))
        return 0;
    while (cap < 2 * n)
        cap *= 2;
    unsigned shift = 64u - (unsigned)__builtin_ctzll((unsigned long long)cap);
    if (cap > fb->slotcap || cap * sizeof *fb->slot > NER_CLEAR_BYTES) {
        uint32_t *sl = tg_ner_zeroed(fb->slot, cap, sizeof *sl);
        if (!sl)
            return 0;
        fb->slot = sl;
        fb->slotcap = cap;
    } else {
        memset(fb->slot, 0, cap * sizeof *fb->slot);
    }
    fb->nword = 0;
    caches_for(fb, ct);
    /* the memo, each new word's cache set asked for, its slot chosen (and
     * asked for) NER_PLACE_LAG new words later and read NER_LOOK_LAG new
     * words after that, while its lines are near (no word is kept before
     * every word is looked up) */
    size_t npending = 0, looked = 0;
    const size_t lag = NER_PLACE_LAG + NER_LOOK_LAG;
    for (size_t i = 0; i < n; i++) {
        const tagger_token *t = &in->tokens[i];
        fb->w[i] = in->hashes ? in->hashes[i]
                              : tg_fnv1a(in->norm->text + t->norm_start, t->norm_end - t->norm_start);
        size_t before = fb->nword;
        uint32_t id = word_of(fb, in, t, fb->w[i], cap, shift);
        if (id == UINT32_MAX)
            return 0;
        fb->wid[i] = id;
        if (fb->nword > before && fb->wcache) {
            tg_ner_wcache_ask(fb, fb->word[id].wslot);
            if (id >= NER_PLACE_LAG)
                tg_ner_wcache_place(fb, &fb->word[id - NER_PLACE_LAG]);
            if (id >= lag)
                word_look(fb, in, ct, looked++, &npending);
        }
    }
    if (fb->wcache)
        for (size_t j = fb->nword > NER_PLACE_LAG ? fb->nword - NER_PLACE_LAG : 0; j < fb->nword;
             j++)
            tg_ner_wcache_place(fb, &fb->word[j]);
    while (looked < fb->nword)
        word_look(fb, in, ct, looked++, &npending);
    if (!fb->sums) {
        for (size_t j = 0; j < npending; j++) {
            tg_ner_word *e = &fb->word[fb->pending[j]];
            word_make(fb, fb->pending[j], in, ct);
            word_clusters(fb, e, ct);
            word_keep(fb, e, in, NULL);
        }
        return 1;
    }
    /* with sums: a word's features are made and its cluster features' lines
     * asked for; NER_CLF_LAG words later its cluster features are made and
     * its rows asked for, which are added NER_SUM_LAG words after that */
    const size_t slag = NER_CLF_LAG + NER_SUM_LAG;
    for (size_t j = 0; j < npending + slag; j++) {
        if (j < npending) {
            tg_ner_word *e = &fb->word[fb->pending[j]];
            word_make(fb, fb->pending[j], in, ct);
            clusters_prefetch(fb, e, ct);
        }
        if (j >= NER_CLF_LAG && j - NER_CLF_LAG < npending) {
            tg_ner_word *e = &fb->word[fb->pending[j - NER_CLF_LAG]];
            word_clusters(fb, e, ct);
            word_rows_prefetch(fb, e, ct);
        }
        if (j >= slag) {
            uint32_t id = fb->pending[j - slag];
            tg_ner_word_sums(fb, &fb->word[id], ct, fb->wsum[id]);
            word_keep(fb, &fb->word[id], in, fb->wsum[id]);
        }
    }
    return 1;
}

/* The features of few values, hashed once per buffer. */
static void fconst_init(tg_ner_fconst *k)
{
    k->bias = (uint32_t)tg_ner_feat(F_BIAS, 0);
    k->sent_last = (uint32_t)tg_ner_feat(F_SENT_LAST, 1);
    k->zw = (uint32_t)tg_ner_feat(F_ZW, 1);
    k->wm1 = (uint32_t)tg_ner_feat(F_WM1, BOUNDARY_BEFORE);
    k->wm2 = (uint32_t)tg_ner_feat(F_WM2, BOUNDARY_BEFORE);
    k->wp1 = (uint32_t)tg_ner_feat(F_WP1, BOUNDARY_AFTER);
    k->wp2 = (uint32_t)tg_ner_feat(F_WP2, BOUNDARY_AFTER);
    k->shape_m1 = (uint32_t)tg_ner_feat(F_SHAPE_M1, BOUNDARY_BEFORE);
    k->shape_p1 = (uint32_t)tg_ner_feat(F_SHAPE_P1, BOUNDARY_AFTER);
    static const unsigned kind_tmpl[3] = {F_KIND, F_KIND_M1, F_KIND_P1};
    for (unsigned t = 0; t < 3; t++)
        for (unsigned v = 0; v < 10; v++)
            k->kind[t][v] = (uint32_t)tg_ner_feat(kind_tmpl[t], v);
    for (unsigned p = 0; p < 4; p++)
        k->sent_pos[p] = (uint32_t)tg_ner_feat(F_SENT_POS, p);
    for (unsigned b = 0; b < 32; b++)
        k->doc[b] = b < 12 ? (uint32_t)tg_ner_feat(F_DOC_GAZ, b) : (uint32_t)tg_ner_feat(F_DOC_RULE, b - 12);
    for (unsigned v = 0; v <= 10; v++)
        k->len[v] = (uint32_t)tg_ner_feat(F_LEN, v);
    static const char *const common[4] = {"a", "x", "Xx", "d"};
    for (unsigned c = 0; c < 4; c++) {
        uint64_t sh = tg_fnv1a(common[c], strlen(common[c]));
        k->shape[c] = sh;
        k->shape_f[c][0] = (uint32_t)tg_ner_feat(F_SHAPE, sh);
        k->shape_f[c][1] = (uint32_t)tg_ner_feat(F_SHAPE_M1, sh);
        k->shape_f[c][2] = (uint32_t)tg_ner_feat(F_SHAPE_P1, sh);
    }
    k->ready = 1;
}

/* F_KIND, F_KIND_M1 or F_KIND_P1 (t = 0, 1, 2) of kind v. */
static uint32_t kind_feat(const tg_ner_fconst *k, unsigned t, unsigned v)
{
    static const unsigned kind_tmpl[3] = {F_KIND, F_KIND_M1, F_KIND_P1};
    return v < 10 ? k->kind[t][v] : (uint32_t)tg_ner_feat(kind_tmpl[t], v);
}

#define NER_TOKEN_FEATS 80 /* room for the features of one token, extras aside */
#define NER_LABEL_BITS 24  /* the label bits of fb->labels, lists' and rules' */

/* Where the rows of fb->ktab are (sums). */
enum {
    KT_KIND = 0,             /* F_KIND, F_KIND_M1, F_KIND_P1 of kinds 0..9 */
    KT_SENT_POS = 30,        /* F_SENT_POS 0..3 */
    KT_SENT_LAST = 34,       /* F_SENT_LAST */
    KT_DOC = 35,             /* fconst's doc[0..31] */
    KT_HIST = 67             /* F_HIST_ALL of a mask with its F_HIST bits */
};
_Static_assert(KT_HIST + NER_KT_HIST == NER_KTAB, "ktab layout");

/* The word pair features of token i (F_PAIR_L, F_PAIR_R): the right pair
 * of a token is the left one of the next in its sentence, combined once. */
typedef struct {
    uint64_t right; /* tg_ner_combine(w[i-1], w[i]) of the token before, when valid */
    int valid;
    uint32_t f[2]; /* with sums, the token's two (put_features) */
} pair_carry;

/* The word pair features of token i (F_PAIR_L, F_PAIR_R) into hs. */
static inline void token_pairs(const tg_ner_featbuf *fb, size_t i, int has_m1, int has_p1,
                               pair_carry *pc, uint32_t *hs)
{
    uint64_t w0 = fb->w[i];
    uint64_t left = pc->valid ? pc->right : tg_ner_combine(has_m1 ? fb->w[i - 1] : BOUNDARY_BEFORE, w0);
    uint64_t right = tg_ner_combine(w0, has_p1 ? fb->w[i + 1] : BOUNDARY_AFTER);
    pc->right = right;
    pc->valid = has_p1;
    hs[0] = (uint32_t)tg_ner_feat(F_PAIR_L, left);
    hs[1] = (uint32_t)tg_ner_feat(F_PAIR_R, right);
}

/* The features of token i (its sentence starting at sstart, or at most 3
 * tokens before it), before bucketing, into hs; bit j of *ownp says hs[j]
 * is a feature of the word itself.  Returns how many. */
static size_t token_features(const tg_ner_featbuf *fb, const tg_ner_input *in, size_t i,
                             size_t sstart, const tg_ner_clusters *ct,
                             const tg_ner_history *hist, pair_carry *pc, uint32_t *hs,
                             uint64_t *ownp)
{
    const tagger_token *tk = in->tokens;
    const tg_ner_fconst *K = &fb->k;
    const tg_ner_word *wd = fb->word;
    const uint32_t *id = fb->wid;
    int near[5];
    neighbours(in, i, near);
    int has_m1 = near[1], has_p1 = near[3];
    const tg_ner_word *e = &wd[id[i]];
    size_t k = 0;
    uint64_t own = 0; /* bit j: hs[j] is a feature of the word itself */
    hs[k++] = K->bias;
    own |= 1ull << k;
    hs[k++] = e->f.fw[0];
    hs[k++] = has_m1 ? wd[id[i - 1]].f.fw[1] : K->wm1;
    hs[k++] = has_p1 ? wd[id[i + 1]].f.fw[2] : K->wp1;
    hs[k++] = near[0] ? wd[id[i - 2]].f.fw[3] : K->wm2;
    hs[k++] = near[4] ? wd[id[i + 2]].f.fw[4] : K->wp2;
    own |= 3ull << k;
    token_pairs(fb, i, has_m1, has_p1, pc, hs + k);
    k += 2;
    for (unsigned j = 0; j < e->f.naff; j++) {
        own |= 1ull << k;
        hs[k++] = e->f.aff[j];
    }
    hs[k++] = e->f.shape[0];
    own |= 1ull << k;
    hs[k++] = e->f.shape[1];
    hs[k++] = has_m1 ? wd[id[i - 1]].f.shape[2] : K->shape_m1;
    hs[k++] = has_p1 ? wd[id[i + 1]].f.shape[3] : K->shape_p1;
    hs[k++] = kind_feat(K, 0, tk[i].kind);
    hs[k++] = kind_feat(K, 1, has_m1 ? tk[i - 1].kind : 9u);
    hs[k++] = kind_feat(K, 2, has_p1 ? tk[i + 1].kind : 9u);
    size_t pos = i - sstart;
    hs[k++] = K->sent_pos[pos < 3 ? pos : 3];
    if (!has_p1)
        hs[k++] = K->sent_last;
    hs[k++] = e->f.len;
    size_t nz = e->f.zw ? word_zw(fb, in, tk[i].norm_start, tk[i].norm_end, hs + k) : 0;
    if (nz)
        own |= 3ull << (k + 1);
    k += nz;
    if (ct->slot) /* the clusters of the tokens around i, inside the sentence */
        for (long d = -(long)ct->window; d <= (long)ct->window; d++)
            if (near[d + 2]) {
                const uint32_t *cl = wd[id[(size_t)((long)i + d)]].cl[d + 2];
                switch (ct->levels) { /* 0..4; a loop here became a call of memcpy */
                case 4: hs[k + 3] = cl[3]; /* fall through */
                case 3: hs[k + 2] = cl[2]; /* fall through */
                case 2: hs[k + 1] = cl[1]; /* fall through */
                case 1: hs[k] = cl[0]; /* fall through */
                default: break;
                }
                k += ct->levels;
            }
    if (hist) {
        uint64_t h[NER_HIST_MAX_FEATS];
        size_t nh = tg_ner_history_features(hist, fb->w[i], h);
        for (size_t j = 0; j < nh; j++)
            hs[k++] = (uint32_t)h[j];
    }
    for (uint32_t bits = tg_ner_token_labels(fb, in, i); bits && k < NER_TOKEN_FEATS;
         bits &= bits - 1)
        hs[k++] = K->doc[__builtin_ctz(bits)];
    *ownp = own;
    return k;
}

/* The sums of the words around a token of a one-sentence segment (as
 * tg_ner_sum16[5] arrays): a word's own, or fb->bnd past the sentence's
 * ends, whose rows sit at the same offsets. */
typedef tg_ner_sum16 (*word_sums_at)[5];

/* A token kind's code in fb->kplace: the four kinds as they are, KC_END
 * for a neighbour past the sentence's ends, KC_ODD (8) for any other value
 * (its rows are added one by one). */
#define KC_END 4u
#define KC_ODD 8u
static inline unsigned kind_code(unsigned kind)
{
    return kind < 4 ? kind : KC_ODD;
}

/* token_features() for decoding with sums: the same features, but those of the words
 * at offsets -2 .. 2 come as their five sums (or the boundary's, the bias in the word's
 * own; with sent, ws[d] for offset d), and the features of few values (kinds, sentence
 * position, history, document labels) as rows of fb->ktab; all added into *base.  What
 * is left goes to hs: the word pairs (hs[0..1]) to pc->f, history of an uncommon mask
 * from hs[2]; returns how many. */
static inline __attribute__((always_inline)) size_t token_summed(const tg_ner_featbuf *fb, const tg_ner_input *in, size_t i,
                           size_t sstart, const size_t *sent, const word_sums_at *ws,
                           const uint8_t *kc, const tg_ner_clusters *ct,
                           const tg_ner_history *hist, int uncapped, pair_carry *pc,
                           uint32_t *hs, tg_ner_sum16 *base)
{
    const tagger_token *tk = in->tokens;
    const tg_ner_sum16 *kt = fb->ktab;
    const uint32_t *id = fb->wid;
    tg_ner_v16hi acc;
    memcpy(&acc, fb->wsum[id[i]][2].v, sizeof acc);
    int has_m1, has_p1;
    if (sent) {
        has_m1 = kc[-1] != KC_END;
        has_p1 = kc[1] != KC_END;
        sum_add(&acc, &(*ws[-2])[0]);
        sum_add(&acc, &(*ws[-1])[1]);
        sum_add(&acc, &(*ws[1])[3]);
        sum_add(&acc, &(*ws[2])[4]);
    } else {
        int near[5];
        neighbours(in, i, near);
        has_m1 = near[1];
        has_p1 = near[3];
        sum_add(&acc, near[0] ? &fb->wsum[id[i - 2]][0] : &fb->bnd[0]);
        sum_add(&acc, has_m1 ? &fb->wsum[id[i - 1]][1] : &fb->bnd[1]);
        sum_add(&acc, has_p1 ? &fb->wsum[id[i + 1]][3] : &fb->bnd[3]);
        sum_add(&acc, near[4] ? &fb->wsum[id[i + 2]][4] : &fb->bnd[4]);
    }
    /* what token_features() counts (the bias, the word at 5 places, the
     * pairs, the affixes, 4 shapes, 3 kinds, the position, the length
     * class, the clusters): only needed when the cap on the document label
     * features could be reached */
    uint32_t lbits = tg_ner_token_labels(fb, in, i);
    int count = !uncapped || lbits >> NER_LABEL_BITS;
    size_t k = 0;
    if (count) {
        k = 1 + 5 + 2 + fb->word[id[i]].f.naff + 4 + 3 + 1 + 1 + fb->word[id[i]].f.zw;
        int near[5]; /* in a one-sentence segment what sent says too */
        neighbours(in, i, near);
        if (ct->slot)
            for (long d = -(long)ct->window; d <= (long)ct->window; d++)
                k += near[d + 2] ? ct->levels : 0;
    }
    size_t n = 2; /* hs[0..1]: the pairs, in pc->f */
    token_pairs(fb, i, has_m1, has_p1, pc, pc->f);
    size_t pos = i - sstart;
    pos = pos < 3 ? pos : 3;
    unsigned c0 = sent ? kc[0] : kind_code(tk[i].kind),
             cm = sent ? kc[-1] : has_m1 ? kind_code(tk[i - 1].kind) : KC_END,
             cp = sent ? kc[1] : has_p1 ? kind_code(tk[i + 1].kind) : KC_END;
    if ((c0 | cm | cp) < KC_ODD) { /* the kinds, position and last token at once */
        sum_add(&acc, &fb->kplace[((c0 * 5 + cm) * 5 + cp) * 4 + pos]);
    } else {
        unsigned kinds[3] = {tk[i].kind, has_m1 ? tk[i - 1].kind : 9u,
                             has_p1 ? tk[i + 1].kind : 9u};
        for (unsigned t = 0; t < 3; t++)
            if (kinds[t] < 10)
                sum_add(&acc, &kt[KT_KIND + 10 * t + kinds[t]]);
            else
                hs[n++] = kind_feat(&fb->k, t, kinds[t]);
        sum_add(&acc, &kt[KT_SENT_POS + pos]);
        if (!has_p1)
            sum_add(&acc, &kt[KT_SENT_LAST]);
    }
    k += !has_p1;
    const tg_ner_hist_slot *sl = hist ? tg_ner_word_history(fb, hist, i) : NULL;
    if (sl) {
        if (sl->mask < NER_KT_HIST) {
            sum_add(&acc, &kt[KT_HIST + sl->mask]);
            k++; /* F_HIST_ALL, and F_HIST of each bit but O's */
            for (uint32_t bits = sl->mask & ~1u; bits; bits &= bits - 1)
                k++;
        } else {
            uint64_t h[NER_HIST_MAX_FEATS];
            size_t nh = tg_ner_history_features(hist, fb->w[i], h);
            for (size_t j = 0; j < nh; j++)
                hs[n++] = (uint32_t)h[j];
            k += nh;
        }
    }
    for (uint32_t bits = lbits; bits && (!count || k < NER_TOKEN_FEATS); bits &= bits - 1, k++)
        sum_add(&acc, &kt[KT_DOC + __builtin_ctz(bits)]);
    memcpy(base->v, &acc, sizeof acc);
    return n;
}

/* Appends the features hs[0..k) of token `tok` (hs[0..1] as h0, h1: with sums the
 * pairs in registers, where one 8-byte load of the two 4-byte stores waited for them;
 * in training the word's own first, their count in fb->nown) and its extras as bucket
 * ids; with fb->prefetch (always with sums), their weight rows are asked for (the
 * emission sums read them after the segment's features are made). */
static inline __attribute__((always_inline)) void put_features(tg_ner_featbuf *fb, size_t at, const uint32_t *hs, size_t k,
                         uint64_t own, uint32_t mask, size_t tok, uint32_t h0, uint32_t h1)
{
    const tg_ner_extra *x = fb->x;
    uint32_t *f = fb->f + fb->nf;
    size_t nf = 0;
    if (fb->own_first) { /* training: the word's own features first */
        fb->nown[at] = (uint8_t)__builtin_popcountll(own);
        for (size_t j = 0; j < k; j++)
            if (j < 64 && (own >> j & 1))
                f[nf++] = hs[j] & mask;
        for (size_t j = 0; j < k; j++)
            if (j >= 64 || !(own >> j & 1))
                f[nf++] = hs[j] & mask;
    } else if (fb->prefetch) { /* tagging: bucket and ask for the row in one pass */
        const int8_t *rows = fb->prefetch;
        size_t stride = fb->prefetch_stride;
        f[0] = h0 & mask; /* a token has two features or more (with sums its word pairs) */
        f[1] = h1 & mask;
        __builtin_prefetch(rows + (size_t)f[0] * stride);
        __builtin_prefetch(rows + (size_t)f[1] * stride);
        for (size_t j = 2; j < k; j++) {
            f[j] = hs[j] & mask;
            __builtin_prefetch(rows + (size_t)f[j] * stride);
        }
        if (fb->sums) /* chained, repeats left in: each hash once */
            for (uint32_t j = fb->xlast[tok]; j; j = x[j - 1].next) {
                uint32_t r = fb->xlast[tok];
                while (r != j && x[r - 1].h != x[j - 1].h)
                    r = x[r - 1].next;
                if (r != j)
                    continue;
                f[k] = (uint32_t)x[j - 1].h & mask;
                __builtin_prefetch(rows + (size_t)f[k++] * stride);
            }
        else
            for (size_t j = fb->xstart[tok]; j < fb->xstart[tok + 1]; j++) {
                f[k] = (uint32_t)x[j].h & mask;
                __builtin_prefetch(rows + (size_t)f[k++] * stride);
            }
        fb->nf += k;
        return;
    } else {
        for (size_t j = 0; j < k; j++)
            f[j] = hs[j] & mask;
        nf = k;
    }
    for (size_t j = fb->xstart[tok]; j < fb->xstart[tok + 1]; j++)
        f[nf++] = (uint32_t)x[j].h & mask;
    if (fb->prefetch)
        for (size_t j = 0; j < nf; j++)
            __builtin_prefetch(fb->prefetch + (size_t)f[j] * fb->prefetch_stride);
    fb->nf += nf;
}

/* The row of feature hash h into *out. */
static void row_put(const tg_ner_featbuf *fb, uint32_t h, tg_ner_sum16 *out)
{
    tg_ner_v16hi v = {0};
    tg_ner_row_add(&v, fb, h);
    memcpy(out->v, &v, sizeof v);
}

/* With sums: the rows of the boundary features that stand for a missing
 * neighbour at offsets -2, -1, +1, +2 (no cluster features there), and
 * fb->ktab. */
static void const_sums(tg_ner_featbuf *fb)
{
    const tg_ner_fconst *K = &fb->k;
    tg_ner_v16hi b[5] = {{0}, {0}, {0}, {0}, {0}};
    tg_ner_row_add(&b[0], fb, K->wm2);
    tg_ner_row_add(&b[1], fb, K->wm1);
    tg_ner_row_add(&b[1], fb, K->shape_m1);
    tg_ner_row_add(&b[3], fb, K->wp1);
    tg_ner_row_add(&b[3], fb, K->shape_p1);
    tg_ner_row_add(&b[4], fb, K->wp2);
    memcpy(fb->bnd, b, sizeof b);
    for (unsigned t = 0; t < 3; t++)
        for (unsigned v = 0; v < 10; v++)
            row_put(fb, K->kind[t][v], &fb->ktab[KT_KIND + 10 * t + v]);
    for (unsigned p = 0; p < 4; p++)
        row_put(fb, K->sent_pos[p], &fb->ktab[KT_SENT_POS + p]);
    row_put(fb, K->sent_last, &fb->ktab[KT_SENT_LAST]);
    for (unsigned b2 = 0; b2 < 32; b2++)
        row_put(fb, K->doc[b2], &fb->ktab[KT_DOC + b2]);
    for (uint32_t mask = 0; mask < NER_KT_HIST; mask++) { /* tg_ner_history_features */
        tg_ner_v16hi v = {0};
        tg_ner_row_add(&v, fb, (uint32_t)tg_ner_feat(F_HIST_ALL, mask));
        for (uint32_t bits = mask & ~1u; bits; bits &= bits - 1)
            tg_ner_row_add(&v, fb, (uint32_t)tg_ner_feat(F_HIST, (unsigned)__builtin_ctz(bits)));
        memcpy(fb->ktab[KT_HIST + mask].v, &v, sizeof v);
    }
    /* kplace: the kinds (code 4: past the sentence, kind 9), the position
     * and, at the right neighbour's code 4, the sentence's last token */
    for (unsigned at = 0; at < NER_KPLACE; at++) {
        unsigned p = at % 4, c[3] = {at / 100, at / 20 % 5, at / 4 % 5};
        tg_ner_v16hi v = {0};
        for (unsigned t = 0; t < 3; t++)
            sum_add(&v, &fb->ktab[KT_KIND + 10 * t + (c[t] < 4 ? c[t] : 9)]);
        sum_add(&v, &fb->ktab[KT_SENT_POS + p]);
        if (c[2] == 4)
            sum_add(&v, &fb->ktab[KT_SENT_LAST]);
        memcpy(fb->kplace[at].v, &v, sizeof v);
    }
    fb->sums_ready = 1;
}

/* The features of tokens [a, b) (room reserved for them), each token's with
 * token_summed() (summed 1) or token_features(): one loop for both, inlined into each. */
static inline __attribute__((always_inline)) void
segment_tokens(tg_ner_featbuf *fb, const tg_ner_input *in, size_t a, size_t b, uint32_t mask,
               const tg_ner_clusters *ct, const tg_ner_history *hist, size_t sstart,
               const size_t *sentp, int summed)
{
    const tagger_token *tk = in->tokens;
    pair_carry pc = {0, 0, {0, 0}};
    /* with sums, in a one-sentence segment: the sums of tokens a - 2 ..
     * b + 1 (ws[j - a + 2] for token j) */
    word_sums_at ws[NER_SEGMENT + 4];
    /* and the kind codes of tokens a - 1 .. b (kc[j - a + 1]) */
    uint8_t kc[NER_SEGMENT + 2];
    if (summed && sentp) {
        size_t s0 = sentp[0], s1 = sentp[1], j = a - (a >= 2 ? 2 : a);
        for (size_t t = 0; t < 2 - (a >= 2 ? 2 : a); t++) /* tokens before the first */
            ws[t] = &fb->bnd;
        for (; j < s0; j++)
            ws[j + 2 - a] = &fb->bnd;
        for (; j <= s1 && j < b + 2; j++)
            ws[j + 2 - a] = &fb->wsum[fb->wid[j]];
        for (; j < b + 2; j++)
            ws[j + 2 - a] = &fb->bnd;
        kc[0] = a > s0 ? (uint8_t)kind_code(tk[a - 1].kind) : KC_END;
        for (size_t t = a; t < b; t++)
            kc[t - a + 1] = (uint8_t)kind_code(tk[t].kind);
        kc[b - a + 1] = b <= s1 ? (uint8_t)kind_code(tk[b].kind) : KC_END;
    }
    /* whether a token whose label bits are all below NER_LABEL_BITS has
     * too few features before them to reach the cap: at most 28 of its
     * word, place and ZWNJ, its clusters, NER_HIST_MAX_FEATS */
    size_t before = 28 + (ct->slot ? (2 * ct->window + 1) * ct->levels : 0) + NER_HIST_MAX_FEATS;
    int uncapped = before + NER_LABEL_BITS <= NER_TOKEN_FEATS;
    for (size_t i = a; i < b; i++) {
        fb->off[i - a] = fb->nf;
        if (!(summed && sentp) && i > 0 && tk[i - 1].sentence != tk[i].sentence)
            sstart = i; /* (a one-sentence segment's is sstart) */
        uint32_t hs[NER_TOKEN_FEATS];
        uint64_t own = 0;
        size_t k = summed ? token_summed(fb, in, i, sstart, sentp, ws + (i - a) + 2,
                                         kc + (i - a) + 1, ct, hist, uncapped, &pc, hs,
                                         &fb->base[i - a])
                          : token_features(fb, in, i, sstart, ct, hist, &pc, hs, &own);
        put_features(fb, i - a, hs, k, own, mask, i, summed ? pc.f[0] : hs[0],
                     summed ? pc.f[1] : hs[1]);
    }
    fb->off[b - a] = fb->nf;
}

/* segment_tokens() with sums (decoding, 16-byte rows), token_summed()
 * inlined: compiled for AVX2 too, as the sums are added there. */
NER_ROWS_CLONES static void segment_summed(tg_ner_featbuf *fb, const tg_ner_input *in, size_t a,
                                           size_t b, uint32_t mask, const tg_ner_clusters *ct,
                                           const tg_ner_history *hist, size_t sstart,
                                           const size_t *sentp)
{
    segment_tokens(fb, in, a, b, mask, ct, hist, sstart, sentp, 1);
}

/* segment_tokens() with every feature listed (training, other models). */
static void segment_listed(tg_ner_featbuf *fb, const tg_ner_input *in, size_t a, size_t b,
                           uint32_t mask, const tg_ner_clusters *ct, const tg_ner_history *hist,
                           size_t sstart)
{
    segment_tokens(fb, in, a, b, mask, ct, hist, sstart, NULL, 0);
}

int tg_ner_doc_features(tg_ner_featbuf *fb, const tg_ner_input *in, const tg_ner_clusters *ct)
{
    if (!fb->k.ready)
        fconst_init(&fb->k);
    if (fb->sums && !fb->sums_ready)
        const_sums(fb);
    return token_words(fb, in, ct) && tg_ner_collect_extras(fb, in);
}

int tg_ner_segment_features(tg_ner_featbuf *fb, const tg_ner_input *in, size_t a, size_t b,
                            uint32_t mask, const tg_ner_clusters *ct,
                            const tg_ner_history *hist)
{
    const tagger_token *tk = in->tokens;
    if (b - a + 1 > fb->offcap) {
        size_t *off = realloc(fb->off, (b - a + 1) * sizeof *off);
        if (off)
            fb->off = off;
        uint8_t *nown = realloc(fb->nown, b - a + 1);
        if (nown)
            fb->nown = nown;
        tg_ner_sum16 *base = fb->sums ? realloc(fb->base, (b - a + 1) * sizeof *base) : NULL;
        if (base)
            fb->base = base;
        if (!off || !nown || (fb->sums && !base))
            return 0;
        fb->offcap = b - a + 1;
    }
    fb->nf = 0;
    /* room for every token's features and extras (with sums, at most the document's) */
    if (!reserve_feats(fb, (b - a) * NER_TOKEN_FEATS +
                               (fb->sums ? fb->nx : fb->xstart[b] - fb->xstart[a])))
        return 0;
    /* where the sentence starts, as far as F_SENT_POS can tell (it caps the
     * position at 3): looking further back made a long sentence, cut into
     * many segments, quadratic */
    size_t sstart = a;
    while (sstart > 0 && a - sstart < 3 && tk[sstart - 1].sentence == tk[a].sentence)
        sstart--;
    /* a segment of one sentence (tg_ner_segment_end's): which tokens near it
     * are of that sentence */
    size_t sent[2] = {a, b - 1}, *sentp = NULL;
    if (tk[a].sentence == tk[b - 1].sentence && b - a <= NER_SEGMENT) {
        while (sent[0] > 0 && a - sent[0] < 2 && tk[sent[0] - 1].sentence == tk[a].sentence)
            sent[0]--;
        while (sent[1] + 1 < in->ntokens && sent[1] + 1 - (b - 1) <= 2 &&
               tk[sent[1] + 1].sentence == tk[a].sentence)
            sent[1]++;
        sentp = sent;
    }
    if (fb->sums)
        segment_summed(fb, in, a, b, mask, ct, hist, sstart, sentp);
    else
        segment_listed(fb, in, a, b, mask, ct, hist, sstart);
    return 1;
}

size_t tg_ner_segment_end(const tg_ner_input *in, size_t a)
{
    size_t b = a + 1;
    while (b < in->ntokens && in->tokens[b].sentence == in->tokens[a].sentence &&
           b - a < NER_SEGMENT)
        b++;
    return b;
}
