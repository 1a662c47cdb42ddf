/*
 * topics_features — what a topic model sees of a document: hashed
 * features of its words, after the agency boilerplate is dropped.
 *
 * Features
 * --------
 * A document is read as the tokenizer left it: the normalized text of its
 * WORD tokens (Arabic letter variants, diacritics, ZWNJ, case and digits
 * already folded by the normalizer, so «ميشود» and «می‌شود» are one
 * feature).  Words of one code point («و», «a») are skipped; every other
 * word is a feature, and so is every pair of adjacent kept words that no
 * punctuation, symbol or sentence end separates.  A feature is hashed
 * (FNV-1a over its bytes, word pairs through a second mix, then fmix64)
 * into one of 2^B buckets — the "hashing trick": no vocabulary is stored,
 * unseen words cost nothing, and a collision only adds a little noise.  A
 * document vector is x_f = log(1 + count_f), scaled to unit Euclidean
 * length, so long and short articles weigh alike.
 *
 * Optional features (training options, recorded as flags in the model; off
 * in the shipped models but stems in topics-en.bin: measured across sources
 * the others did not pay for their cost, docs/topics.md):
 *   - stems: every Persian word also gives its light stem, the word without
 *     its longest inflectional suffix («هایی», «های», «ترین», «ها», «تر»,
 *     «ای», «ان», «ات», «ی») when three or more letters remain; every
 *     English word (first letter a-z) its stem without «-ing», «-ies»,
 *     «-ed», «-es» or «-s» (en_stem_len; AG News +1.9 points, 2026-12-03);
 *   - character 4-grams of "<word>" for words of four or more letters (the
 *     first 32 letters of longer ones);
 *   - prefixes: the first five letters of words longer than five;
 *   - short pieces: the two kinds above (the "character pieces") only for
 *     a document of at most TOPIC_SHORT_TOKENS tokens, a headline and a
 *     lede, whose few words say little on their own (topics-en.bin, since
 *     docs/topics.md "Round 15"): a long article, where they add little,
 *     costs no more than without them;
 *   - word clusters: the cluster id of the word, at each granularity the
 *     model uses, from a table of words learned from unlabeled text (the
 *     entity models' table, copied into the topic model by the trainer);
 *     a word the table lacks, or of one or two letters, gives none.  A rare
 *     word then shares a feature with the common words of its cluster;
 *   - idf: x_f = log(1 + count_f) · idf_f, idf_f = ln((1 + N) / (1 + df_f))
 *     + 1 over the N training documents, kept in the model as a byte per
 *     bucket (q / 16), before the scaling to unit length.
 * Each kind hashes into the same buckets with its own salt.  The distinct
 * buckets of a document are listed in the order first seen, with their
 * counts ("Counting" below), so a document's vector, and a trained model's
 * bytes, do not depend on anything but the text.
 *
 * Boilerplate
 * -----------
 * Agency phrases («به گزارش ایسنا،», «انتهای پیام», «خبرگزاری فارس:»,
 * «کد خبر ...») say which agency wrote an article, not what it is about, and
 * a model that learns them fails on the next agency.  Before counting,
 * tokens covered by a boilerplate pattern are dropped.  A pattern is a
 * sequence of words, matched on normalized tokens; a trailing "*" also drops
 * the words that follow, up to the next punctuation or sentence end (at most
 * 8), which covers «به گزارش خبرنگار ورزشی خبرگزاری فارس،».  The built-in
 * list (tg_topic_default_boilerplate) and any patterns given to the trainer
 * are written into the model, so a model always strips what it was trained
 * without.
 */
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "datafile.h"
#include "error.h"
#include "hash.h"
#include "topics_private.h"

#define STAR_WORDS 8 /* words a trailing "*" of a pattern drops */

/* Feature kinds beside words and pairs get their own hash space. */
#define SALT_STEM 0x8F1BBCDCCA62C1D6ull
#define SALT_TRUNC 0x5BD1E9955BD1E995ull
#define SALT_GRAM 0xC2B2AE3D27D4EB4Full
#define SALT_CLUSTER 0x9FB21C651E98DF25ull
#define GRAM_START 0x27D4EB2F165667C5ull
#define GRAM_END 0x165667B19E3779F9ull
#define GRAM_MIN_LETTERS 4  /* shorter words (mostly function words) give none */
#define GRAM_MAX_LETTERS 32 /* longer words give their first 32 letters' grams */

static uint64_t pair_hash(uint64_t a, uint64_t b)
{
    return tg_fmix64(a * 0x9E3779B97F4A7C15ull + b + 0x632BE59BD9B4E019ull);
}

static int is_word(const tagger_token *t)
{
    return t->kind == TAGGER_TOKEN_WORD || t->kind == TAGGER_TOKEN_NUMBER;
}

/* The identity of a word token: FNV-1a of its normalized bytes. */
static uint64_t token_hash(const char *ntext, const tagger_token *t)
{
    return tg_fnv1a(ntext + t->norm_start, t->norm_end - t->norm_start);
}

/* The word hash of token j: the pipeline's (hashes, may be NULL) or made. */
static inline uint64_t hash_at(const char *ntext, const tagger_token *toks,
                               const uint64_t *hashes, size_t j)
{
    return hashes ? hashes[j] : token_hash(ntext, &toks[j]);
}

/* --------------------------------------------------------- boilerplate */

void tg_topic_features_clear(tg_topic_features *fs)
{
    for (size_t i = 0; i < fs->npatterns; i++)
        free(fs->patterns[i].words);
    free(fs->patterns);
    fs->patterns = NULL;
    fs->npatterns = 0;
    memset(fs->first_bloom, 0, sizeof fs->first_bloom);
    memset(fs->two_bloom, 0, sizeof fs->two_bloom);
    if (fs->cword_owned)
        free(fs->cword);
    fs->cword = NULL;
    fs->cword_owned = 0;
}

/* Adds the word hashes of toks[0..ntoks) as a pattern (none when the
 * tokens hold no word). */
static tagger_status append_pattern(tg_topic_features *fs, const char *ntext,
                                    const tagger_token *toks, size_t ntoks, int star,
                                    tagger_error *err)
{
    tg_topic_pattern p = {calloc(ntoks, sizeof(uint64_t)), 0, star};
    tg_topic_pattern *grown = realloc(fs->patterns, (fs->npatterns + 1) * sizeof *grown);
    if (grown)
        fs->patterns = grown;
    if (!p.words || !grown) {
        free(p.words);
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    for (size_t i = 0; i < ntoks; i++)
        if (is_word(&toks[i]))
            p.words[p.n++] = token_hash(ntext, &toks[i]);
    if (p.n == 0) {
        free(p.words);
        return TAGGER_OK;
    }
    fs->first_bloom[p.words[0] >> 6 & (TOPIC_BLOOM_WORDS - 1)] |= 1ull << (p.words[0] & 63);
    unsigned two = tg_topic_two_words(p.words[0], p.n > 1 ? p.words[1] : 0);
    fs->two_bloom[two >> 6] |= 1ull << (two & 63);
    /* kept in the order of their first words, after those with the same */
    size_t at = fs->npatterns;
    while (at > 0 && fs->patterns[at - 1].words[0] > p.words[0])
        at--;
    memmove(fs->patterns + at + 1, fs->patterns + at, (fs->npatterns - at) * sizeof p);
    fs->patterns[at] = p;
    fs->npatterns++;
    return TAGGER_OK;
}

tagger_status tg_topic_pattern_add(tg_topic_features *fs, const tg_normalizer *nz,
                                   const tg_tokenizer *tk, const char *s, tagger_error *err)
{
    size_t len = strlen(s);
    int star = 0;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len > 0 && s[len - 1] == '*') {
        star = 1;
        len--;
    }
    tg_normtext nt;
    memset(&nt, 0, sizeof nt);
    tagger_token *toks = NULL;
    size_t ntoks = 0, nsent = 0;
    tagger_status rc = tg_normalize(nz, s, len, &nt, err);
    if (rc != TAGGER_OK)
        return rc;
    rc = tg_tokenize_with(tk, &nt, TG_TOKENIZE_WORDS_ONLY, &toks, &ntoks, &nsent, err);
    if (rc == TAGGER_OK && ntoks > 0)
        rc = append_pattern(fs, nt.text, toks, ntoks, star, err);
    free(toks);
    tg_normtext_free(&nt);
    return rc;
}

const char *const tg_topic_default_boilerplate[] = {
    /* attributions: «به گزارش ایسنا،», «به نقل از روابط عمومی ...،» */
    "به گزارش *", "به نقل از *", "منبع *", "منابع *", "کد خبر *", "تاریخ انتشار *",
    /* trailers */
    "انتهای پیام", "پایان پیام", "انتهای خبر", "بیشتر بخوانید",
    "مرورگر شما از ویدئو پشتیبانی نمی‌کند", "فایل آن‌را از اینجا دانلود کنید *",
    "بازگشت به صفحه نخست *", "مطالب مجله تصویری سلاح را در ایندنبال کنید",
    /* agencies and papers, by name */
    "خبرگزاری فارس", "فارس نیوز", "خبرگزاری دانشجویان ایران", "خبرگزاری جمهوری اسلامی",
    "خبرگزاری مهر", "خبرگزاری تسنیم", "خبرگزاری ایلنا", "خبرگزاری ایرنا",
    "خبرگزاری ایسنا", "خبرگزاری ایکنا", "خبرگزاری صدا و سیما", "باشگاه خبرنگاران جوان",
    "ایسنا", "ایرنا", "ایلنا", "ایکنا", "تسنیم", "تابناک", "عصر ایران", "عصرایران",
    "همشهری آنلاین", "رادیو فردا", "روزنامه دنیای اقتصاد", "تاریخ اقتصاد",
    /* English wire credits */
    "Reuters", "Associated Press", "AFP", "BBC News", "BBC News website",
    NULL};

/* Where the boilerplate starting at token i, a word of hash h that passed
 * the first-word filter, ends: past the words of the first pattern that
 * matches there (for a star, past the words after them too), or i when
 * none does.  The words after it are hashed as hash_at gives them. */
static size_t boilerplate_end(const tg_topic_features *fs, const char *ntext,
                              const tagger_token *toks, size_t n, const uint64_t *hashes,
                              size_t i, uint64_t h)
{
    size_t lo = 0, hi = fs->npatterns; /* the first pattern of this first word */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (fs->patterns[mid].words[0] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t p = lo; p < fs->npatterns && fs->patterns[p].words[0] == h; p++) {
        const tg_topic_pattern *pt = &fs->patterns[p];
        if (i + pt->n > n)
            continue;
        uint32_t m = 1;
        while (m < pt->n && is_word(&toks[i + m]) &&
               hash_at(ntext, toks, hashes, i + m) == pt->words[m])
            m++;
        if (m < pt->n)
            continue;
        size_t end = i + m;
        if (pt->star)
            for (int w = 0; w < STAR_WORDS && end < n && is_word(&toks[end]) &&
                            toks[end].sentence == toks[end - 1].sentence;
                 w++)
                end++;
        return end;
    }
    return i;
}

/* Whether a pattern may start at token i (a word of hash h): one of one
 * word, or one whose first two words may be h and the next token's (both
 * by two_bloom: no pattern is missed, a few are looked for in vain). */
static int may_start(const tg_topic_features *fs, const char *ntext, const tagger_token *toks,
                     size_t n, const uint64_t *hashes, size_t i, uint64_t h)
{
    unsigned one = tg_topic_two_words(h, 0);
    if (fs->two_bloom[one >> 6] >> (one & 63) & 1)
        return 1;
    if (i + 1 >= n || !is_word(&toks[i + 1]))
        return 0;
    unsigned two = tg_topic_two_words(h, hash_at(ntext, toks, hashes, i + 1));
    return fs->two_bloom[two >> 6] >> (two & 63) & 1;
}

/* ------------------------------------------------------------ features */

/* Persian inflectional suffixes, longest first, as the normalizer leaves
 * them (ZWNJ removed, «ي» as «ی»): plural, comparative and superlative,
 * indefinite and adjectival «ی». */
static const char *const fa_suffixes[] = {"هایی", "های", "ترین", "ها", "تر", "ای",
                                          "ان", "ات", "ی", NULL};

/* Byte length of the English stem of a word of `n` bytes whose first byte
 * is a lowercase Latin letter: without its inflectional ending («-ing»,
 * «-ies», «-ed», «-es», «-s», but not «-ss») when three or more letters
 * remain («leaders» → «leader», «talks» → «talk», «leading» → «lead»),
 * else n. */
static size_t en_stem_len(const char *w, size_t n)
{
    if (n < 4)
        return n;
    switch (w[n - 1]) {
    case 's':
        if (w[n - 2] == 's')
            return n; /* «business», «press» */
        if (n >= 6 && w[n - 2] == 'e')
            return n - (w[n - 3] == 'i' ? 3 : 2); /* «-ies», «-es» */
        return n - 1;
    case 'd':
        return n >= 5 && w[n - 2] == 'e' ? n - 2 : n;
    case 'g':
        return n >= 6 && w[n - 2] == 'n' && w[n - 3] == 'i' ? n - 3 : n;
    default:
        return n;
    }
}

/* Byte length of the light stem of a word of `n` bytes in Arabic script:
 * without its longest Persian suffix when three or more letters remain,
 * else n; 0 for a word in another script (no stem). */
static __attribute__((noinline)) size_t stem_len(const char *w, size_t n)
{
    if (n < 2 || !tg_utf8_arabic_lead((unsigned char)w[0]))
        return 0;
    for (size_t i = 0; fa_suffixes[i]; i++) {
        size_t k = strlen(fa_suffixes[i]);
        if (k >= n || memcmp(w + n - k, fa_suffixes[i], k) != 0)
            continue;
        size_t letters = 0;
        for (size_t j = 0; j < n - k; j++)
            letters += ((unsigned char)w[j] & 0xC0) != 0x80;
        return letters >= 3 ? n - k : n;
    }
    return n;
}

/* The bucket of a hashed feature of a salted kind. */
static uint32_t salted(const tg_topic_features *fs, uint64_t h, uint64_t salt)
{
    return (uint32_t)tg_fmix64(h ^ salt) & fs->mask;
}

/* The run-time cluster table (fs->cword) keeps of a word's 64-bit key
 * only the bits above the bucket bits (at least 39 of them, bit 63 always
 * set so that 0 is an empty slot) and puts its first cluster feature's
 * bucket below them.  Two words of the table whose keys agree in those
 * bits would be confused: odds of 2^-45 a probe with 2^18 buckets, far
 * below the chance that two words share a 64-bit hash at all. */
static uint64_t cluster_check(const tg_topic_features *fs, uint64_t key)
{
    return (key | 1ull << 63) & ~(uint64_t)fs->mask;
}

/* uint64s per entry of the run-time cluster table: the first bucket in the
 * check word, two more per uint64 after it; a power of two, so that no
 * entry straddles a cache line. */
static unsigned cluster_stride(unsigned cuse)
{
    unsigned used = 0;
    for (unsigned l = 0; l < TOPIC_CLUSTER_LEVELS; l++)
        used += cuse >> l & 1;
    return used <= 1 ? 1 : used <= 3 ? 2 : 4;
}

size_t tg_topic_clusters_bytes(const tg_topic_features *fs)
{
    return ((size_t)fs->cmask + 1) * cluster_stride(fs->cuse) * sizeof(uint64_t);
}

/* An entry of the run-time cluster table for a word of the file's table
 * that has no cluster feature: not empty, so that the probing goes on past
 * it as it does past the file's slot, and never a word's check (bit 63
 * clear), so that such a word, not found, gives none. */
#define CLUSTER_NO_FEATURE 1u

tagger_status tg_topic_clusters_ready(tg_topic_features *fs, uint64_t *table)
{
    size_t slots = (size_t)fs->cmask + 1, bytes = tg_topic_clusters_bytes(fs);
    fs->cstride = cluster_stride(fs->cuse);
    if (fs->cword_owned)
        free(fs->cword);
    fs->cword_owned = !table;
    if (!table && !(table = tg_datafile_table_alloc(bytes, 1)))
        return TAGGER_ERR_NOMEM;
    fs->cword = table;
    /* entry i is slot i of the file's table, which is probed the same way
     * (linear, from tg_fmix64 of the key): every entry is written, none
     * moved, so nothing is cleared first nor probed for */
    unsigned level[TOPIC_CLUSTER_LEVELS], nlevels = 0;
    for (unsigned l = 0; l < TOPIC_CLUSTER_LEVELS; l++)
        if (fs->cuse >> l & 1)
            level[nlevels++] = l;
    const size_t stride = fs->cstride;
    if (nlevels == 1) { /* one bucket an entry (the shipped Persian model) */
        const unsigned l = level[0];
        for (size_t i = 0; i < slots; i++) {
            const uint64_t key = fs->cslot[i].key;
            const uint16_t id = fs->cslot[i].id[l];
            table[i] = !key ? 0
                       : id == TOPIC_CLUSTER_NONE
                           ? CLUSTER_NO_FEATURE
                           : cluster_check(fs, key) |
                                 salted(fs, (uint64_t)(l + 1) << 16 | id, SALT_CLUSTER);
        }
        return TAGGER_OK;
    }
    for (size_t i = 0; i < slots; i++) {
        const tg_topic_cslot *sl = &fs->cslot[i];
        uint64_t *e = fs->cword + i * stride;
        uint32_t b[7] = {UINT32_MAX, UINT32_MAX, UINT32_MAX, UINT32_MAX,
                         UINT32_MAX, UINT32_MAX, UINT32_MAX}; /* 2 * stride - 1 at most */
        size_t nb = 0;
        if (sl->key)
            for (unsigned k = 0; k < nlevels; k++)
                if (sl->id[level[k]] != TOPIC_CLUSTER_NONE)
                    b[nb++] = salted(fs, (uint64_t)(level[k] + 1) << 16 | sl->id[level[k]],
                                     SALT_CLUSTER);
        e[0] = !sl->key ? 0 : nb == 0 ? CLUSTER_NO_FEATURE : cluster_check(fs, sl->key) | b[0];
        for (size_t j = 1; j < stride; j++) /* the buckets after the first, two a uint64 */
            e[j] = b[2 * j - 1] | (uint64_t)b[2 * j] << 32;
    }
    return TAGGER_OK;
}

/* Appends the cluster features of the word of hash w, whose mix is
 * xw = tg_fmix64(w), to b; returns how many (none for a word the table
 * lacks).  The table's key of a word is its hash, 0 read as 1.  cword,
 * cmask and stride are fs->cword, fs->cmask and fs->cstride, in the
 * caller's registers (stride a constant where the caller knows it: the
 * loop over an entry's buckets then goes). */
static inline __attribute__((always_inline)) size_t
word_clusters(const tg_topic_features *fs, const uint64_t *cword, size_t cmask, size_t stride,
              uint64_t w, uint64_t xw, uint32_t *b)
{
    const uint64_t bucket = fs->mask;
    uint64_t key = w ? w : 1, check = cluster_check(fs, key);
    size_t at = (size_t)(w ? xw : tg_fmix64(1)) & cmask;
    for (size_t probes = 0; probes <= cmask; probes++) {
        const uint64_t *e = cword + at * stride;
        if (e[0] == 0)
            return 0;
        if ((e[0] & ~bucket) == check) {
            size_t nb = 0;
            b[nb++] = (uint32_t)(e[0] & bucket);
            for (size_t j = 1; j < stride * 2 - 1; j++) {
                uint32_t x = (uint32_t)(e[1 + (j - 1) / 2] >> ((j - 1) % 2 * 32));
                if (x == UINT32_MAX)
                    break;
                b[nb++] = x;
            }
            return nb;
        }
        at = (at + 1) & cmask;
    }
    return 0;
}

/* Byte length of the stem of a word (w, n bytes) that stems give a
 * feature: the English stem of a word whose first byte is a lowercase
 * Latin letter, else the Persian light stem; 0 for none.  Every Persian and
 * English word has one, so «کتاب» and «کتاب‌ها», «talk» and «talks», share a
 * feature.  A stem is a prefix of its word: its hash is had back from the
 * word's (tg_fnv1a_back). */
static inline __attribute__((always_inline)) size_t stem_of(const char *w, size_t n)
{
    return (unsigned)((unsigned char)w[0] - 'a') < 26u ? en_stem_len(w, n) : stem_len(w, n);
}

/* Appends the character features of one word (w, n bytes) to b: its first
 * five letters, its character 4-grams, as fs->flags asks.  Returns how
 * many. */
static size_t word_pieces(const tg_topic_features *fs, const char *w, size_t n, uint32_t *b)
{
    size_t nb = 0;
    size_t pos[GRAM_MAX_LETTERS + 1], k = 0, i = 0;
    while (i < n && k < GRAM_MAX_LETTERS) {
        pos[k++] = i;
        tg_utf8_next(w, &i);
    }
    pos[k] = i;
    if ((fs->flags & TOPIC_FLAG_TRUNC) && k > 5)
        b[nb++] = salted(fs, tg_fnv1a(w, pos[5]), SALT_TRUNC);
    if ((fs->flags & TOPIC_FLAG_GRAMS) && k >= GRAM_MIN_LETTERS) {
        /* 4-grams of "<word>": padded position j is letter j - 1 */
        for (size_t g = 0; g + 4 <= k + 2; g++) {
            size_t first = g ? g - 1 : 0, last = g + 2 < k ? g + 2 : k - 1;
            uint64_t h = tg_fnv1a(w + pos[first], pos[last + 1] - pos[first]);
            if (g == 0)
                h ^= GRAM_START;
            if (g + 4 == k + 2 && pos[k] == n)
                h ^= GRAM_END;
            b[nb++] = salted(fs, h, SALT_GRAM);
        }
    }
    return nb;
}

/* Room for the features of n tokens: a word and a pair each, and the
 * extras the flags ask for. */
static size_t feature_room(const tg_topic_features *fs, size_t n)
{
    size_t cap = 2 * n;
    if (fs->flags & TOPIC_FLAG_STEMS)
        cap += n;
    if (fs->flags & TOPIC_FLAG_TRUNC)
        cap += n;
    if (fs->cslot)
        cap += n * (2 * (size_t)fs->cstride - 1); /* the buckets an entry holds */
    if (fs->flags & TOPIC_FLAG_GRAMS)
        cap += n * (GRAM_MAX_LETTERS - 1); /* at most k - 1 grams for k letters */
    return cap;
}

/* Counting
 * --------
 * A document's features are counted in two passes.  The first
 * (list_features) makes every feature a kept word gives, in order, into a
 * list of buckets with repeats; the tests of what a token gives are made
 * once, there (docs/topics.md, "Round 21").  With the pipeline's hashes,
 * the mix of every token's hash (its word bucket and cluster slot) is made
 * before the first pass, four a vector, and read there twice: for the
 * cluster-table entry asked for 16 tokens ahead and for the word itself
 * ("Round 22").  The second (count_list) counts the list through the
 * calling thread's counting table, open addressing with linear probing
 * from a bucket's low bits (a bucket is already a hash): a slot holds a
 * bucket and its count so far (tg_topic_count), and a bucket seen for the
 * first time is appended to the document's list of distinct features with
 * its slot.  Whoever reads the counts then clears each listed feature's
 * slot (tg_topic_extract as it copies them out; the classifier's scoring
 * as it weighs them, topics.c), so the table is all zero between documents
 * and is neither cleared nor walked (an open-addressing table per document
 * cleared whole cost a fifth of the classifier's instructions, docs/topics.md,
 * "Round 12").  Its size is the document's: the power of two at least 1.5
 * times its list (at least TABLE_MIN_SLOTS), so at most two thirds full
 * (an article's, about a third), 8 bytes a slot: 16 KB for an article of
 * 1,000 listed features (an index of a count per bucket, 512 KB for 2^18
 * buckets, missed the cache for four features in ten: docs/performance.md,
 * topics80).  The table is made at a thread's first document, grown for a
 * longer one, and freed when the thread ends; so are the two lists below. */
#define TABLE_MIN_SLOTS 256u
static _Thread_local tg_topic_count *thread_table;
static _Thread_local uint32_t *thread_list;
static _Thread_local tg_topic_feat *thread_feats;
static _Thread_local size_t thread_table_slots, thread_list_room, thread_feats_room;
static pthread_key_t table_key, list_key, feats_key;
static int keys_ok;
static pthread_once_t keys_once = PTHREAD_ONCE_INIT;

static void keys_make(void)
{
    keys_ok = pthread_key_create(&table_key, free) == 0;
    if (keys_ok && pthread_key_create(&list_key, free) != 0) {
        pthread_key_delete(table_key);
        keys_ok = 0;
    }
    if (keys_ok && pthread_key_create(&feats_key, free) != 0) {
        pthread_key_delete(table_key);
        pthread_key_delete(list_key);
        keys_ok = 0;
    }
}

/* The calling thread's buffer *buf (a void ** in fact) of *have elements
 * of `size` bytes (its block freed through `key` when the thread ends)
 * with room for `want`; a counting table, all zero (calloc) and kept so by
 * its user, if `zeroed`; NULL when out of memory. */
static void *thread_buffer(void *buf, size_t *have, size_t want, size_t size, pthread_key_t *key,
                           int zeroed)
{
    void **b = buf;
    if (*have >= want)
        return *b;
    pthread_once(&keys_once, keys_make);
    void *block = NULL;
    if (keys_ok && want <= SIZE_MAX / size)
        block = zeroed ? calloc(want, size) : malloc(want * size);
    void *old = keys_ok ? pthread_getspecific(*key) : NULL;
    if (!block || pthread_setspecific(*key, block) != 0) {
        free(block);
        return NULL;
    }
    free(old);
    *b = block;
    *have = want;
    return block;
}

/* The calling thread's counting table, room for `slots` slots, all zero. */
static tg_topic_count *count_table(size_t slots)
{
    return thread_buffer(&thread_table, &thread_table_slots, slots, sizeof *thread_table,
                         &table_key, 1);
}

/* The calling thread's room for a document's list of features with
 * repeats, and for its distinct features. */
static uint32_t *feature_list(size_t room)
{
    return thread_buffer(&thread_list, &thread_list_room, room, sizeof *thread_list, &list_key,
                         0);
}

static tg_topic_feat *feature_set(size_t room)
{
    return thread_buffer(&thread_feats, &thread_feats_room, room, sizeof *thread_feats,
                         &feats_key, 0);
}

/* A kind of list_features beside the model's flags: the cluster table has
 * one level (fs->cstride 1). */
#define KIND_ONE_LEVEL (1u << 31)
/* ... and the tokens' hashes are mixed first (mix_hashes) into xs */
#define KIND_MIXED (1u << 30)
_Static_assert(!(TOPIC_FLAGS_ALL & (KIND_ONE_LEVEL | KIND_MIXED)), "kinds of their own");

/* How many words ahead list_features asks for a cluster-table entry. */
#define CLUSTER_AHEAD 16

/* The low 32 bits of tg_fmix64 of each of the tokens' word hashes h[0..n)
 * into x (a word's bucket and cluster slot are below them). */
static inline void mix_plain(const uint64_t *h, size_t n, uint32_t *x)
{
    for (size_t i = 0; i < n; i++)
        x[i] = (uint32_t)tg_fmix64(h[i]);
}

#ifdef TOPIC_AVX2_DISPATCH
/* The same loop compiled for AVX2, four hashes a vector. */
static __attribute__((target("avx2"))) void mix_avx2(const uint64_t *h, size_t n, uint32_t *x)
{
    mix_plain(h, n, x);
}
#endif

static void mix_hashes(const uint64_t *h, size_t n, uint32_t *x)
{
#ifdef TOPIC_AVX2_DISPATCH
    if (__builtin_cpu_supports("avx2")) {
        mix_avx2(h, n, x);
        return;
    }
#endif
    mix_plain(h, n, x);
}

/* Bytes of the code point whose first byte is c (tg_utf8_next): 1 below
 * 0x80, 2 below 0xE0, 3 below 0xF0, else 4, one load instead of three
 * tests. */
static const uint8_t code_point_bytes[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
    4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4};

/* Lists the features of toks[0..n) into seq, in text order, with repeats:
 * per kept word its word, its pair with the kept word before it, its
 * clusters, its stem and its character pieces; hashes[] (may be NULL) holds
 * the tokens' word hashes when the pipeline has made them.  A word is kept
 * when it is of more than one code point and no boilerplate covers it; its
 * pair is with the last kept word before it in its sentence, with no
 * punctuation or symbol between them and no boilerplate dropped since.
 * With KIND_MIXED in kinds, xs (room for n + CLUSTER_AHEAD) takes the
 * tokens' mixes first.  Returns how many. */
static inline __attribute__((always_inline)) size_t
list_features(const tg_topic_features *fs, const char *ntext, const tagger_token *toks, size_t n,
              const uint64_t *hashes, uint32_t kinds, uint32_t *seq, uint32_t *xs)
{
    /* the model's fields as locals: the stores could alias them */
    const uint32_t mask = fs->mask;
    const uint64_t *const cword = fs->cword;
    const size_t cmask = fs->cmask, cstride = kinds & KIND_ONE_LEVEL ? 1 : fs->cstride;
    const uint32_t pieces = (kinds & TOPIC_FLAG_SHORT) && n > TOPIC_SHORT_TOKENS
                                ? 0
                                : kinds & (TOPIC_FLAG_TRUNC | TOPIC_FLAG_GRAMS);
    const int patterns = fs->npatterns > 0;
    size_t ns = 0;
    size_t drop_end = 0; /* the tokens before it are boilerplate */
    /* the sentence of the last kept word (prev) when the next may pair
     * with it; NO_PAIR after punctuation or boilerplate */
    const size_t NO_PAIR = SIZE_MAX;
    size_t pair_sentence = NO_PAIR;
    uint64_t prev = 0;
    if (kinds & KIND_MIXED)
        mix_hashes(hashes, n, xs);
    if ((kinds & TOPIC_FLAG_CLUSTERS) && (kinds & KIND_MIXED)) /* read ahead: no test a token */
        memset(xs + n, 0, CLUSTER_AHEAD * sizeof *xs);
    for (size_t i = 0; i < n; i++) {
        const tagger_token *t = &toks[i];
        const tagger_token_kind kind = t->kind;
        /* the cluster-table entry of the word 16 ahead: read at random,
         * it missed the cache on most words (docs/topics.md, "Round 21") */
        if ((kinds & TOPIC_FLAG_CLUSTERS) && (kinds & KIND_MIXED))
            __builtin_prefetch(cword + (xs[i + CLUSTER_AHEAD] & cmask) * cstride);
        if (kind == TAGGER_TOKEN_PUNCT || kind == TAGGER_TOKEN_SYMBOL) {
            pair_sentence = NO_PAIR;
            continue;
        }
        const uint64_t h = hash_at(ntext, toks, hashes, i);
        if (patterns && fs->first_bloom[h >> 6 & (TOPIC_BLOOM_WORDS - 1)] >> (h & 63) & 1 &&
            may_start(fs, ntext, toks, n, hashes, i, h)) {
            size_t end = boilerplate_end(fs, ntext, toks, n, hashes, i, h);
            if (end > drop_end)
                drop_end = end;
        }
        if (i < drop_end) {
            pair_sentence = NO_PAIR;
            continue;
        }
        const char *w = ntext + t->norm_start;
        const size_t len = t->norm_end - t->norm_start;
        const size_t first = code_point_bytes[(unsigned char)w[0]];
        if (kind != TAGGER_TOKEN_WORD || len <= first)
            continue; /* numbers and letters neither count nor break a pair */
        /* the word's bucket, its cluster slot */
        const uint64_t x = kinds & KIND_MIXED ? xs[i] : tg_fmix64(h);
        seq[ns++] = (uint32_t)x & mask;
        if ((kinds & TOPIC_FLAG_PAIRS) && pair_sentence == t->sentence)
            seq[ns++] = (uint32_t)pair_hash(prev, h) & mask;
        prev = h;
        pair_sentence = t->sentence;
        /* clusters of words of three letters or more: the two-letter
         * function words («از», «به», «of») cost a lookup a token and say
         * nothing */
        if ((kinds & TOPIC_FLAG_CLUSTERS) &&
            first + code_point_bytes[(unsigned char)w[first]] < len)
            ns += word_clusters(fs, cword, cmask, cstride, h, x, seq + ns);
        size_t sl = kinds & TOPIC_FLAG_STEMS ? stem_of(w, len) : 0;
        if (sl > 0)
            seq[ns++] = salted(fs, tg_fnv1a_back(h, w, sl, len), SALT_STEM);
        if (pieces)
            ns += word_pieces(fs, w, len, seq + ns);
    }
    return ns;
}

/* list_features made for the feature kinds of the shipped models with the
 * pipeline's hashes, where every test of a kind is a constant, and for any
 * other case. */

static size_t list_any(const tg_topic_features *fs, const char *ntext, const tagger_token *toks,
                       size_t n, const uint64_t *hashes, uint32_t *seq, uint32_t *xs)
{
    const uint32_t kinds = (fs->flags & ~TOPIC_FLAG_CLUSTERS) |
                           (fs->cslot ? TOPIC_FLAG_CLUSTERS : 0);
    const uint32_t used = TOPIC_FLAG_PAIRS | TOPIC_FLAG_STEMS | TOPIC_FLAG_GRAMS |
                          TOPIC_FLAG_TRUNC | TOPIC_FLAG_CLUSTERS;
    if (hashes && (kinds & used) == (TOPIC_FLAG_PAIRS | TOPIC_FLAG_CLUSTERS) && fs->cstride == 1)
        return list_features(fs, ntext, toks, n, hashes,
                             TOPIC_FLAG_PAIRS | TOPIC_FLAG_CLUSTERS | KIND_ONE_LEVEL | KIND_MIXED,
                             seq, xs); /* topics-fa.bin */
    if (hashes && (kinds & used) == (TOPIC_FLAG_PAIRS | TOPIC_FLAG_STEMS))
        return list_features(fs, ntext, toks, n, hashes,
                             TOPIC_FLAG_PAIRS | TOPIC_FLAG_STEMS | KIND_MIXED, seq,
                             xs); /* topics-en.bin */
    return list_features(fs, ntext, toks, n, hashes, kinds, seq, NULL);
}

/* Counts the listed features seq[0..ns) through the counting table
 * tab[0..tmask] (all zero, at most two thirds of it to be filled) into f: the
 * distinct buckets in the order first seen, each with its slot.  The
 * weight row of every feature (of a loaded model: rows, row_bytes a row)
 * is asked for as it is met, so that the scoring which follows finds them
 * in the cache.  Without a branch but the probing's: a bucket is written
 * at the list's end every time and kept there when it is new, and its
 * slot takes the bucket (a no-op when it was there) and one more.
 * Returns how many distinct.  Inlined with rows NULL or not as the caller
 * tests it (the trainer has none), not tested a feature. */
static inline __attribute__((always_inline)) size_t
count_list(const uint32_t *seq, size_t ns, tg_topic_count *tab, size_t tmask, const int8_t *rows,
           size_t row_bytes, tg_topic_feat *f)
{
    size_t m = 0;
    for (size_t j = 0; j < ns; j++) {
        const uint32_t b = seq[j], key = b + 1;
        size_t s = b & tmask;
        tg_topic_count e = tab[s];
        /* the next slot unless this one is empty or the bucket's: one test
         * a slot (a product of 50 bits at most), which goes on for a few
         * features in a hundred; as two, a new bucket's was mispredicted */
        while ((uint64_t)(uint32_t)e * ((uint32_t)e ^ key) != 0)
            e = tab[s = (s + 1) & tmask];
        if (rows)
            __builtin_prefetch(rows + (size_t)b * row_bytes);
        f[m] = (tg_topic_feat){b, {.slot = (uint32_t)s}};
        m += e == 0;
        tab[s] = (e | key) + ((tg_topic_count)1 << 32);
    }
    return m;
}

/* Counts seq[0..ns) into f with the counts as values (exact below 2^24),
 * through a table of 32-bit counts of its own (`buckets` of them): for a
 * list longer than TOPIC_TABLE_LIST_MAX, whose counting table would be
 * large (a window of a long document, tagger.c).  Returns how
 * many distinct, SIZE_MAX when out of memory. */
static size_t count_wide(const uint32_t *seq, size_t ns, size_t buckets, tg_topic_feat *f)
{
    uint32_t *count = calloc(buckets, sizeof *count);
    if (!count)
        return SIZE_MAX;
    size_t m = 0;
    for (size_t j = 0; j < ns; j++)
        if (count[seq[j]]++ == 0)
            f[m++].bucket = seq[j];
    for (size_t i = 0; i < m; i++)
        f[i].value = (float)count[f[i].bucket];
    free(count);
    return m;
}

tagger_status tg_topic_extract_counts(const tg_topic_features *fs, const char *ntext,
                                     const tagger_token *toks, size_t n, const uint64_t *hashes,
                                     tg_topic_feat **out, size_t *nout, tg_topic_count **idx)
{
    *out = NULL;
    *nout = 0;
    if (n == 0)
        return TAGGER_OK;
    size_t room = feature_room(fs, n);
    *idx = NULL;
    /* the list, then the tokens' mixes (list_features) */
    uint32_t *seq = feature_list(room + n + CLUSTER_AHEAD);
    tg_topic_feat *f = feature_set(room);
    if (!seq || !f)
        return TAGGER_ERR_NOMEM;
    size_t ns = list_any(fs, ntext, toks, n, hashes, seq, seq + room), m;
    if (ns > TOPIC_TABLE_LIST_MAX) { /* the table's size bounded */
        if ((m = count_wide(seq, ns, (size_t)fs->mask + 1, f)) == SIZE_MAX)
            return TAGGER_ERR_NOMEM;
    } else {
        size_t slots = TABLE_MIN_SLOTS;
        while (slots < ns + ns / 2)
            slots *= 2;
        if (!(*idx = count_table(slots)))
            return TAGGER_ERR_NOMEM;
        m = fs->rows ? count_list(seq, ns, *idx, slots - 1, fs->rows, fs->row_bytes, f)
                     : count_list(seq, ns, *idx, slots - 1, NULL, 0, f);
    }
    if (m > 0) {
        *out = f;
        *nout = m;
    }
    return TAGGER_OK;
}

tagger_status tg_topic_extract(const tg_topic_features *fs, const char *ntext,
                               const tagger_token *toks, size_t n, const uint64_t *hashes,
                               tg_topic_feat **out, size_t *nout)
{
    tg_topic_count *idx = NULL;
    tg_topic_feat *f = NULL;
    size_t m = 0;
    tagger_status rc = tg_topic_extract_counts(fs, ntext, toks, n, hashes, &f, &m, &idx);
    tg_topic_feat *copy = m ? malloc(m * sizeof *copy) : NULL;
    for (size_t i = 0; i < m; i++) { /* the table cleared even without memory */
        if (copy)
            copy[i] = idx ? (tg_topic_feat){f[i].bucket, {(float)(idx[f[i].slot] >> 32)}} : f[i];
        if (idx)
            idx[f[i].slot] = 0;
    }
    *out = copy;
    *nout = copy ? m : 0;
    return rc == TAGGER_OK && m && !copy ? TAGGER_ERR_NOMEM : rc;
}

/* log(1 + count) for counts below 64, the common case, without a libm
 * call: log1p(k) written exactly as hexadecimal literals; for the scoring
 * (topics.c) also each one's square and its float, folded by the compiler
 * with the rounding of the same operations at run time. */
#define LOG1P_SMALL(X) \
    X(0.0) X(0x1.62e42fefa39efp-1) X(0x1.193ea7aad030ap+0) \
    X(0x1.62e42fefa39efp+0) X(0x1.9c041f7ed8d33p+0) X(0x1.cab0bfa2a2002p+0) \
    X(0x1.f2272ae325a57p+0) X(0x1.0a2b23f3bab73p+1) X(0x1.193ea7aad030bp+1) \
    X(0x1.26bb1bbb55516p+1) X(0x1.32ee3b77f374cp+1) X(0x1.3e116bcd39e7dp+1) \
    X(0x1.485042b318c51p+1) X(0x1.51cca16d7bba8p+1) X(0x1.5aa16394d481fp+1) \
    X(0x1.62e42fefa39efp+1) X(0x1.6aa6bc1fa7f7ap+1) X(0x1.71f7b3a6b9186p+1) \
    X(0x1.78e360604b32cp+1) X(0x1.7f7427b73e391p+1) X(0x1.85b2e946faeb1p+1) \
    X(0x1.8ba74773dc5c8p+1) X(0x1.9157dfdd1b3fp+1) X(0x1.96ca77c922cf9p+1) \
    X(0x1.9c041f7ed8d33p+1) X(0x1.a1094eaf01acdp+1) X(0x1.a5ddfb803849p+1) \
    X(0x1.aa85ad6964a23p+1) X(0x1.af038cbcdfe1fp+1) X(0x1.b35a6f90bd69bp+1) \
    X(0x1.b78ce48912b5ap+1) X(0x1.bb9d3beb8c86bp+1) X(0x1.bf8d8f4d5b8d1p+1) \
    X(0x1.c35fc81b90df6p+1) X(0x1.c715a530ff3c5p+1) X(0x1.cab0bfa2a2002p+1) \
    X(0x1.ce328ee3ac7bdp+1) X(0x1.d19c6c5c341a8p+1) X(0x1.d4ef968880dd6p+1) \
    X(0x1.d82d33b32720dp+1) X(0x1.db565458eac4ep+1) X(0x1.de6bf542e3d2dp+1) \
    X(0x1.e16f01614ec11p+1) X(0x1.e460536fc5443p+1) X(0x1.e740b76a3c9a4p+1) \
    X(0x1.ea10ebd90426cp+1) X(0x1.ecd1a2f90f0b6p+1) X(0x1.ef8383c50bb74p+1) \
    X(0x1.f2272ae325a57p+1) X(0x1.f4bd2b7ac1bafp+1) X(0x1.f7460ff5100ffp+1) \
    X(0x1.f9c25aaaea949p+1) X(0x1.fc32868223cabp+1) X(0x1.fe97077c2130cp+1) \
    X(0x1.0078259bafef3p+2) X(0x1.019f5cb2a6c5p+2) X(0x1.02c15a1ad9a59p+2) \
    X(0x1.03de4c5c6464dp+2) X(0x1.04f65f9c72979p+2) X(0x1.0609bdc65328bp+2) \
    X(0x1.07188eb126c0dp+2) X(0x1.0822f8427dcebp+2) X(0x1.09291e8e3181bp+2) \
    X(0x1.0a2b23f3bab73p+2)
#define LOG1P_VALUE(v) v,
#define LOG1P_SQUARE(v) (v) * (v),
#define LOG1P_FLOAT(v) (float)(v),
const double tg_topic_log1p_small[64] = {LOG1P_SMALL(LOG1P_VALUE)};
const double tg_topic_log1p_square[64] = {LOG1P_SMALL(LOG1P_SQUARE)};
const float tg_topic_log1p_float[64] = {LOG1P_SMALL(LOG1P_FLOAT)};

void tg_topic_weigh(const uint8_t *idf, tg_topic_feat *f, size_t m)
{
    double norm = 0;
    for (size_t i = 0; i < m; i++) {
        double v = tg_topic_weight(idf, f[i].bucket, f[i].value);
        f[i].value = (float)v;
        norm += v * v;
    }
    norm = norm > 0 ? 1.0 / sqrt(norm) : 1.0;
    for (size_t i = 0; i < m; i++)
        f[i].value = (float)(f[i].value * norm);
}
