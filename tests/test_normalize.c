/* Unit tests of the normalize module: every folding, the ZWNJ cases,
 * UTF-8 validation, and the offset map on random strings. */
#include <stdlib.h>
#include <string.h>

#include <unicode/uversion.h>

#include "check.h"
#include "internal.h"
#include "normalize.h"
#include "normalize_fold.h"

static tg_normalizer *nz;

/* The normalized form of s, in a static buffer. */
static const char *norm(const char *s)
{
    static char buf[4096];
    tg_normtext nt;
    if (tg_normalize(nz, s, strlen(s), &nt, NULL) != TAGGER_OK)
        return "(error)";
    snprintf(buf, sizeof buf, "%s", nt.text);
    tg_normtext_free(&nt);
    return buf;
}

static int same_key(const char *a, const char *b)
{
    char *ka = tg_normalize_key(nz, a, strlen(a), NULL);
    char *kb = tg_normalize_key(nz, b, strlen(b), NULL);
    int same = ka && kb && strcmp(ka, kb) == 0;
    free(ka);
    free(kb);
    return same;
}

static void test_foldings(void)
{
    CHECK_STR(norm("علي"), "علی");             /* Arabic yeh */
    CHECK_STR(norm("مصطفى"), "مصطفی");         /* alef maksura */
    CHECK_STR(norm("كتاب"), "کتاب");           /* Arabic kaf */
    CHECK_STR(norm("مدرسة"), "مدرسه");         /* teh marbuta */
    CHECK_STR(norm("خانۀ"), "خانه");           /* heh with yeh above */
    CHECK_STR(norm("أحمد إيران"), "احمد ایران"); /* hamza on alef */
    CHECK_STR(norm("مؤسسه"), "موسسه");         /* waw with hamza */
    CHECK_STR(norm("اسرائیل"), "اسراییل");     /* yeh with hamza */
    CHECK_STR(norm("آمریکا"), "آمریکا");       /* alef madda is kept */
    CHECK_STR(norm("كُردها"), "کردها");        /* damma */
    CHECK_STR(norm("مُحَمَّد"), "محمد");       /* harakat and shadda */
    CHECK_STR(norm("كتابٌ"), "کتاب");          /* tanwin */
    CHECK_STR(norm("رحمٰن"), "رحمن");          /* superscript alef */
    CHECK_STR(norm("ایـــران"), "ایران");      /* tatweel */
    CHECK_STR(norm("۱۴۰۳/۰۹/۱۵"), "1403/09/15"); /* Persian digits */
    CHECK_STR(norm("٢٠٢٤"), "2024");           /* Arabic-Indic digits */
    CHECK_STR(norm("٪۲۵"), "%25");             /* Arabic percent sign */
    CHECK_STR(norm("۳٫۵"), "3.5");             /* Arabic decimal separator */
    CHECK_STR(norm("۱٬۰۰۰"), "1,000");         /* Arabic thousands separator */
    CHECK_STR(norm("OSCE Blinken"), "osce blinken"); /* Latin case */
    CHECK_STR(norm("Straße"), "strasse");      /* full case folding */
    CHECK_STR(norm("ЛАВРОВ"), "лавров");       /* Cyrillic */
    CHECK_STR(norm("ＯＳＣＥ１２"), "osce12");  /* NFKC: fullwidth */
    CHECK_STR(norm("ﻛﺘﺎﺏ"), "کتاب");           /* presentation forms */
    CHECK_STR(norm("ﻻ"), "لا");                /* lam-alef ligature */
    CHECK_STR(norm("a\xC2\xA0" "b\tc"), "a b c"); /* NBSP, tab */
    CHECK_STR(norm("a\r\nb"), "a\n\nb");       /* CRLF */
    CHECK_STR(norm("\xEF\xBB\xBF" "abc"), "abc"); /* BOM */
    CHECK_STR(norm("a\xE2\x80\x8F" "b"), "ab");  /* RLM */
    CHECK_STR(norm("می‌شود"), "میشود");        /* ZWNJ dropped */
    CHECK_STR(norm("x\x01y"), "x y");          /* control to space */
}

static void test_zwnj_space_variants(void)
{
    CHECK(same_key("بین‌المللی", "بین المللی"));
    CHECK(same_key("بین‌المللی", "بینالمللی"));
    CHECK(same_key("تل‌آویو", "تل آویو"));
    CHECK(same_key("تل‌آویو", "تلآویو"));
    CHECK(same_key("سی‌ان‌ان", "سیانان"));
    CHECK(same_key("بن‌گوریون", "بن گوریون"));
    CHECK(same_key("كُردها", "کردها"));
    CHECK(same_key("Tel Aviv", "TELAVIV"));
    CHECK(!same_key("تهران", "تهرانی"));
}

static void test_validation(void)
{
    static const struct {
        const char *s;
        size_t len, bad;
    } cases[] = {
        {"ab\x80", 3, 2},               /* stray continuation byte */
        {"\xC0\x80", 2, 0},             /* overlong NUL */
        {"a\xC1\xBF", 3, 1},            /* overlong */
        {"\xE0\x80\x80", 3, 0},         /* overlong 3-byte */
        {"ok\xED\xA0\x80", 5, 2},       /* surrogate */
        {"\xF4\x90\x80\x80", 4, 0},     /* above U+10FFFF */
        {"\xF5\x80\x80\x80", 4, 0},     /* invalid lead */
        {"abc\xE2\x82", 5, 3},          /* truncated */
        {"\xD8", 1, 0},                 /* truncated 2-byte */
        {"\xFF", 1, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t bad = 999;
        CHECK(!tg_utf8_valid(cases[i].s, cases[i].len, &bad));
        CHECK_INT(bad, cases[i].bad);
        tg_normtext nt;
        tagger_error err = {0};
        CHECK_INT(tg_normalize(nz, cases[i].s, cases[i].len, &nt, &err),
                  TAGGER_ERR_INVALID_UTF8);
        CHECK_INT(err.offset, cases[i].bad);
    }
    CHECK(tg_utf8_valid("\xF0\x9F\x98\x80 \xEF\xBF\xBF", 8, NULL));
    CHECK(tg_utf8_valid("a\0b", 3, NULL)); /* NUL is valid UTF-8 */
}

static void test_map(void)
{
    /* "کُرد": the damma attaches to ک, so ک maps to both (bytes 0..4). */
    const char *s = "كُرد ‌ها";
    tg_normtext nt;
    CHECK_INT(tg_normalize(nz, s, strlen(s), &nt, NULL), TAGGER_OK);
    CHECK_STR(nt.text, "کرد ها");
    CHECK_INT(nt.ostart[0], 0);
    CHECK_INT(nt.oend[0], 4);
    CHECK_INT(nt.ostart[2], 4); /* ر */
    CHECK_INT(nt.oend[2], 6);
    /* the ZWNJ (bytes 9..12) is dropped: ه maps to byte 12 */
    CHECK_INT(nt.ostart[7], 12);
    tg_normtext_free(&nt);

    /* BOM counts in offsets: "a" is input byte 3 */
    CHECK_INT(tg_normalize(nz, "\xEF\xBB\xBF" "a", 4, &nt, NULL), TAGGER_OK);
    CHECK_INT(nt.len, 1);
    CHECK_INT(nt.ostart[0], 3);
    tg_normtext_free(&nt);

    /* one input character producing two: ﻻ → لا */
    CHECK_INT(tg_normalize(nz, "xﻻ", strlen("xﻻ"), &nt, NULL), TAGGER_OK);
    CHECK_INT(nt.len, 5);
    CHECK_INT(nt.ostart[1], 1);
    CHECK_INT(nt.oend[4], 4);
    tg_normtext_free(&nt);

    /* above the BMP goes through ICU directly: MATHEMATICAL BOLD A → a */
    CHECK_STR(norm("\xF0\x9D\x90\x80" "b"), "ab");
}

/* Random strings from a palette of the cases above: every group of
 * normalized bytes produced by one input span must be reproduced exactly by
 * normalizing that span alone, spans must be increasing and in bounds, and
 * every input character that is not dropped must be covered. */
static void test_map_random(void)
{
    static const char *palette[] = {
        "a", "Z", " ", "\n", "\r", "\t", "ب", "ي", "ك", "ة", "ۀ", "أ", "ئ", "ؤ",
        "آ", "\u064F", "\u0651", "\u0670", "\u0640", "\u200C", "\u200D",
        "\u200F", "۱", "٢", "٪", "ﻻ", "ﻙ", "Ａ", "ß", "Д", "😀",
        "\xF0\x9D\x90\x80", "\xEF\xBB\xBF", "\xC2\xA0", "،", "«", "»", "\x01",
        "é", "e\u0301", "ﷺ",
    };
    size_t np = sizeof palette / sizeof palette[0];
    unsigned seed = 12345;
    int bad = 0;
    for (int round = 0; round < 2000 && !bad; round++) {
        char s[512];
        size_t len = 0;
        int pieces = (int)(seed % 30);
        for (int k = 0; k < pieces; k++) {
            seed = seed * 1103515245u + 12345u;
            const char *p = palette[(seed >> 16) % np];
            memcpy(s + len, p, strlen(p));
            len += strlen(p);
        }
        seed = seed * 1103515245u + 12345u;
        tg_normtext nt;
        if (tg_normalize(nz, s, len, &nt, NULL) != TAGGER_OK) {
            bad = 1;
            break;
        }
        size_t prev_end = 0;
        for (size_t i = 0; i < nt.len && !bad;) {
            size_t j = i;
            while (j < nt.len && nt.ostart[j] == nt.ostart[i])
                j++;
            uint32_t os = nt.ostart[i], oe = nt.oend[j - 1];
            if (os >= oe || oe > len || os < prev_end)
                bad = 2;
            tg_normtext one;
            if (!bad && tg_normalize(nz, s + os, oe - os, &one, NULL) == TAGGER_OK) {
                if (one.len != j - i || memcmp(one.text, nt.text + i, j - i) != 0)
                    bad = 3;
                tg_normtext_free(&one);
            }
            prev_end = oe;
            i = j;
        }
        if (bad)
            fprintf(stderr, "random map check %d failed on round %d\n", bad, round);
        tg_normtext_free(&nt);
    }
    CHECK_INT(bad, 0);
}

/* Long strings of characters each written on its own (none attaches or
 * composes), so the exact text, offset map and letter count are known:
 * each character's own normalization with its span.  They cross the
 * normalizer's 16-byte blocks at every alignment, with the characters that
 * the blocks copy (printable ASCII, capitals, newline, the common Persian
 * letters) and ones that end a block (Arabic variants, ZWNJ, digits, tab,
 * ligatures, NBSP, 3- and 4-byte characters). */
static void test_map_blocks(void)
{
    static const char *palette[] = {
        "a", "Z", "q", " ", "\n", ".", "~", "@", "[", "7", "ا", "ب", "ت", "غ", "ف", "ق",
        "ل", "و", "ء", "آ", "پ", "چ", "ژ", "ک", "گ", "ی", "ي", "ك", "ة", "ئ", "ؤ", "ە",
        "\u200C", "\t", "\r", "۱", "٢", "،", "؟", "«", "ﻻ", "Ａ", "😀", "\xC2\xA0", "\x7F",
    };
    size_t np = sizeof palette / sizeof palette[0];
    unsigned seed = 2027;
    int bad = 0;
    for (int round = 0; round < 1000 && !bad; round++) {
        char s[2048], want[4096];
        uint32_t wos[4096], woe[4096];
        size_t len = 0, wlen = 0, letters = 0;
        seed = seed * 1103515245u + 12345u;
        int pieces = 1 + (int)((seed >> 16) % 200);
        for (int k = 0; k < pieces; k++) {
            seed = seed * 1103515245u + 12345u;
            /* mostly the letters a block copies, so that blocks are long */
            unsigned r = (seed >> 16) % 100;
            const char *p = palette[r < 85 ? r % 26 : (seed >> 8) % np];
            size_t pl = strlen(p);
            const char *w = norm(p);
            for (size_t b = 0; w[b]; b++) {
                want[wlen] = w[b];
                wos[wlen] = (uint32_t)len;
                woe[wlen++] = (uint32_t)(len + pl);
            }
            letters += pl == 1 && ((p[0] | 0x20) >= 'a' && (p[0] | 0x20) <= 'z');
            memcpy(s + len, p, pl);
            len += pl;
        }
        tg_normtext nt;
        if (tg_normalize(nz, s, len, &nt, NULL) != TAGGER_OK) {
            bad = 1;
        } else {
            if (nt.len != wlen || memcmp(nt.text, want, wlen) != 0 ||
                nt.latin_letters != letters)
                bad = 2;
            for (size_t i = 0; i < nt.len && !bad; i++)
                if (nt.ostart[i] != wos[i] || nt.oend[i] != woe[i])
                    bad = 3;
            tg_normtext_free(&nt);
        }
        if (bad)
            fprintf(stderr, "block map check %d failed on round %d\n", bad, round);
    }
    CHECK_INT(bad, 0);
}

/* Every two-byte character from U+0600 to U+07FF in the middle of a long
 * Persian word, so that it falls inside a 16-byte block (which copies the
 * common letters and stops at the others, by compares or, with SSSE3, by
 * table lookups): the text is the word's and the character's own
 * normalizations put together, and the character's output bytes map to its
 * own two input bytes. */
static void test_block_letters(void)
{
    static const char side[] = "\xd8\xa8\xd8\xa7\xd8\xa8\xd8\xa7\xd8\xa8\xd8\xa7\xd8\xa8"; /* seven letters (ب ا ...), 14 bytes */
    char head[32], mid[4], whole[64], want[4160];
    int bad = 0;
    snprintf(head, sizeof head, "%s", norm(side));
    for (unsigned c = 0x600; c < 0x800 && !bad; c++) {
        mid[0] = (char)(0xC0 | c >> 6);
        mid[1] = (char)(0x80 | (c & 0x3F));
        mid[2] = '\0';
        snprintf(whole, sizeof whole, "%s%s%s", side, mid, side);
        snprintf(want, sizeof want, "%s%s%s", head, norm(mid), head);
        size_t at = strlen(side), own = strlen(norm(mid));
        tg_normtext nt;
        if (tg_normalize(nz, whole, strlen(whole), &nt, NULL) != TAGGER_OK)
            bad = 1;
        else {
            if (strcmp(nt.text, want) != 0)
                bad = 2;
            for (size_t k = strlen(head); k < strlen(head) + own && !bad; k++)
                if (nt.ostart[k] != at || nt.oend[k] != at + 2)
                    bad = 3;
            tg_normtext_free(&nt);
        }
        if (bad)
            fprintf(stderr, "block letter check %d failed at U+%04X\n", bad, c);
    }
    CHECK_INT(bad, 0);
}

/* An output longer than the first block's room (len + len / 8 + 16): the
 * ligature ﷺ (3 bytes) normalizes to 33, so 60 of them make the block grow
 * several times, the text and both offset arrays copied into each larger
 * block (normalize.c keeps the three in one); every character's text and
 * span come out as when it is normalized alone. */
static void test_grow(void)
{
    const char *one = "\xEF\xB7\xBA"; /* U+FDFA */
    char want[64];
    snprintf(want, sizeof want, "%s", norm(one));
    size_t wl = strlen(want);
    char s[3 * 60 + 1];
    for (int i = 0; i < 60; i++)
        memcpy(s + 3 * i, one, 3);
    tg_normtext nt;
    CHECK(tg_normalize(nz, s, 3 * 60, &nt, NULL) == TAGGER_OK);
    CHECK(wl > 20);
    CHECK_INT(nt.len, 60 * wl);
    int bad = 0;
    for (size_t i = 0; i < nt.len && !bad; i++)
        bad = nt.text[i] != want[i % wl] || nt.ostart[i] != 3 * (i / wl) ||
              nt.oend[i] != 3 * (i / wl) + 3;
    CHECK_INT(bad, 0);
    CHECK(nt.text[nt.len] == '\0');
    tg_normtext_free(&nt);
}

/* The table generated at build time is byte for byte the one this ICU
 * gives at run time (entries, pool, fingerprint), and it is the one in use
 * when the ICU running is the build's. */
static void test_generated_table(void)
{
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfkc_cf = unorm2_getNFKCCasefoldInstance(&status);
    CHECK(!U_FAILURE(status));
    uint32_t *table = malloc(0x10000 * sizeof *table);
    char *pool = malloc(TG_FOLD_POOL_MAX);
    CHECK(table && pool);
    if (!table || !pool || U_FAILURE(status)) {
        free(table);
        free(pool);
        return;
    }
    size_t used = tg_fold_build_table(nfkc_cf, table, pool);
    CHECK_INT(used, tg_normtable_pool_len);
    CHECK(memcmp(table, tg_normtable_entries, 0x10000 * sizeof *table) == 0);
    CHECK(used == tg_normtable_pool_len && memcmp(pool, tg_normtable_pool, used) == 0);
    CHECK_INT(tg_fold_fingerprint(table, pool), tg_normtable_fingerprint);
    CHECK_INT(tg_normalize_fingerprint(), tg_normtable_fingerprint);
    UVersionInfo v;
    char running[U_MAX_VERSION_STRING_LENGTH];
    u_getVersion(v);
    u_versionToString(v, running);
    CHECK_INT(tg_normalize_table_generated(), strcmp(running, tg_normtable_icu_version) == 0);
    free(table);
    free(pool);
}

int main(void)
{
    tagger_error err = {0};
    nz = tg_normalizer_new(&err);
    if (!nz) {
        fprintf(stderr, "normalizer: %s\n", err.message);
        return 1;
    }
    test_foldings();
    test_zwnj_space_variants();
    test_validation();
    test_map();
    test_map_random();
    test_grow();
    test_map_blocks();
    test_block_letters();
    test_generated_table();
    tg_normalizer_free(nz);
    return check_done();
}
