/*
 * hash — the small hash and random functions the modules share: FNV-1a
 * over bytes (the identity of a word: the same bytes give the same 64 bits
 * in every data file; a prefix's hash can also be had back from the whole
 * word's), the MurmurHash3 finalizer fmix64 (mixing a word
 * hash into a bucket), and two deterministic generators for shuffling in
 * training (their sequences are part of what makes a trained model's
 * bytes reproducible, so each trainer keeps the one it was built with).
 */
#ifndef TAGGER_HASH_H
#define TAGGER_HASH_H

#include <stddef.h>
#include <stdint.h>

#define TG_FNV_OFFSET 0xCBF29CE484222325ull
#define TG_FNV_PRIME 0x100000001B3ull

/* FNV-1a of s[0..n), continuing from `h` (TG_FNV_OFFSET to start). */
static inline uint64_t tg_fnv1a_more(uint64_t h, const void *s, size_t n)
{
    const unsigned char *p = s;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * TG_FNV_PRIME;
    return h;
}

static inline uint64_t tg_fnv1a(const void *s, size_t n)
{
    return tg_fnv1a_more(TG_FNV_OFFSET, s, n);
}

/* The prime's inverse modulo 2^64 (the prime is odd, so it has one). */
#define TG_FNV_PRIME_INV 0xCE965057AFF6957Bull
_Static_assert(TG_FNV_PRIME * TG_FNV_PRIME_INV == 1, "the inverse of the FNV prime");

/* FNV-1a of s[0..k) from `h`, that of s[0..n) (k <= n): the last n - k
 * steps undone, a multiplication and an exclusive or each. */
static inline uint64_t tg_fnv1a_back(uint64_t h, const void *s, size_t k, size_t n)
{
    const unsigned char *p = s;
    while (n > k)
        h = (h * TG_FNV_PRIME_INV) ^ p[--n];
    return h;
}

/* MurmurHash3's 64-bit finalizer: every input bit affects every output bit. */
static inline uint64_t tg_fmix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDull;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ull;
    h ^= h >> 33;
    return h;
}

/* xorshift64*: the entity trainer's generator (state never 0). */
static inline uint64_t tg_xorshift64s(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1Dull;
}

/* splitmix64: the topic trainer's generator. */
static inline uint64_t tg_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

#endif /* TAGGER_HASH_H */
