/* Unit tests of the gazetteer engine through the public API: every
 * normalization case, suffixes, case-sensitive and ambiguous aliases, word
 * boundaries, longest match, priority, layering, source errors with
 * file:line:column, corrupt or truncated compiled files, and the compile
 * options. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "tagger.h"

static char dir[] = "/tmp/tagger-test-gazXXXXXX";

static const char *write_file(const char *name, const char *content, size_t len)
{
    static char paths[16][256];
    static int next;
    char *p = paths[next++ % 16];
    snprintf(p, 256, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    if (f) {
        fwrite(content, 1, len, f);
        fclose(f);
    }
    return p;
}

static const char *write_tsv(const char *name, const char *content)
{
    return write_file(name, content, strlen(content));
}

static tagger *load(const char *const *paths, size_t n, int all_matches)
{
    tagger_config *cfg = tagger_config_new();
    for (size_t i = 0; i < n; i++)
        tagger_config_add_gazetteer(cfg, paths[i]);
    tagger_config_set_all_matches(cfg, all_matches);
    tagger_error err = {0};
    tagger *t = tagger_new(cfg, &err);
    if (!t)
        fprintf(stderr, "tagger_new: %s\n", err.message);
    tagger_config_free(cfg);
    return t;
}

/* The entities of `text` as "text|LABEL|kb_id;..." in a static buffer. */
static const char *tag(const tagger *t, const char *text)
{
    static char out[2048];
    out[0] = '\0';
    tagger_doc *doc = tagger_process(t, text, strlen(text), TAGGER_STAGE_ALL, NULL);
    if (!doc)
        return "(error)";
    size_t n = 0;
    for (size_t i = 0; i < tagger_doc_entity_count(doc); i++) {
        const tagger_entity *e = tagger_doc_entity(doc, i);
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%.*s|%s|%s%s", i ? ";" : "",
                              (int)(e->end - e->start), text + e->start, e->label,
                              e->kb_id, (e->flags & TAGGER_ENTITY_AMBIGUOUS) ? "|?" : "");
    }
    tagger_doc_free(doc);
    return out;
}

static const char *const base_tsv =
    "# test list\n"
    "tel-aviv\tGPE\tTel Aviv\tتل‌آویو|Tel Aviv\n"
    "israel\tGPE\tIsrael\tاسرائیل\n"
    "sergey-lavrov\tPERSON\tSergey Lavrov\tسرگئی لاوروف|لاوروف|Lavrov\n"
    "russia\tGPE\tRussia\tروسیه\n"
    "iran\tGPE\tIran\tایران\n"
    "united-states\tGPE\tUnited States\t=US|آمریکا\n"
    "un\tORG\tUnited Nations\tسازمان ملل|سازمان ملل متحد\n"
    "mohammad-eslami\tPERSON\tMohammad Eslami\tمحمد اسلامی|?اسلامی\n"
    "georgia\tGPE\tGeorgia\tگرجستان|جورجیا\tpriority=5\twikidata=Q230\n"
    "georgia-us\tGPE\tGeorgia (U.S. state)\tجورجیا\n"
    "european-union\tORG\tEuropean Union\tاتحادیه اروپا\n"
    "  \t  \n";

static void test_matching(void)
{
    const char *paths[] = {write_tsv("base.tsv", base_tsv)};
    tagger *t = load(paths, 1, 0);
    CHECK(t != NULL);
    if (!t)
        return;
    /* ZWNJ / space / no space */
    CHECK_STR(tag(t, "تل‌آویو"), "تل‌آویو|GPE|tel-aviv");
    CHECK_STR(tag(t, "به تل آویو رفت"), "تل آویو|GPE|tel-aviv");
    CHECK_STR(tag(t, "تلآویو"), "تلآویو|GPE|tel-aviv");
    CHECK_STR(tag(t, "TEL AVIV"), "TEL AVIV|GPE|tel-aviv");
    /* Arabic letters, hamza forms, diacritics, tatweel */
    CHECK_STR(tag(t, "إسرائيل"), "إسرائيل|GPE|israel");
    CHECK_STR(tag(t, "اسراییل"), "اسراییل|GPE|israel");
    CHECK_STR(tag(t, "لاوُروف"), "لاوُروف|PERSON|sergey-lavrov");
    CHECK_STR(tag(t, "لاوروفـ"), "لاوروفـ|PERSON|sergey-lavrov");
    CHECK_STR(tag(t, "lavrov"), "lavrov|PERSON|sergey-lavrov");
    /* longest match: one span, not two */
    CHECK_STR(tag(t, "سرگئی لاوروف گفت"), "سرگئی لاوروف|PERSON|sergey-lavrov");
    CHECK_STR(tag(t, "سازمان ملل متحد"), "سازمان ملل متحد|ORG|un");
    /* the written ezafe inside a name: «ه‌ی», «هی» and «ۀ» */
    CHECK_STR(tag(t, "اتحادیه‌ی اروپا"), "اتحادیه‌ی اروپا|ORG|european-union");
    CHECK_STR(tag(t, "اتحادیهی اروپا"), "اتحادیهی اروپا|ORG|european-union");
    CHECK_STR(tag(t, "اتحادیۀ اروپا"), "اتحادیۀ اروپا|ORG|european-union");
    CHECK_STR(tag(t, "اتحادیه‌ی"), "");
    /* attached suffixes are left out of the span */
    CHECK_STR(tag(t, "روسیه‌ای"), "روسیه|GPE|russia");
    CHECK_STR(tag(t, "ایرانها"), "ایران|GPE|iran");
    CHECK_STR(tag(t, "Lavrov's plan"), "Lavrov|PERSON|sergey-lavrov");
    CHECK_STR(tag(t, "هدف روسیه‌ست"), "روسیه|GPE|russia"); /* «است» contracted */
    /* never inside a word */
    CHECK_STR(tag(t, "ایرانشهر"), "");
    CHECK_STR(tag(t, "پایران"), "");
    CHECK_STR(tag(t, "USA"), "");
    /* case-sensitive aliases */
    CHECK_STR(tag(t, "the US and us"), "US|GPE|united-states");
    CHECK_STR(tag(t, "Us"), "");
    /* ambiguous: skipped alone, matched inside a longer alias */
    CHECK_STR(tag(t, "اسلامی گفت"), "");
    CHECK_STR(tag(t, "محمد اسلامی گفت"), "محمد اسلامی|PERSON|mohammad-eslami");
    /* priority decides between entities sharing an alias */
    CHECK_STR(tag(t, "جورجیا"), "جورجیا|GPE|georgia");
    /* a match does not cross a sentence end or punctuation */
    CHECK_STR(tag(t, "سرگئی.\nلاوروف"), "لاوروف|PERSON|sergey-lavrov");
    CHECK_STR(tag(t, "تل، آویو"), "");
    tagger_free(t);

    /* every candidate with --all-matches, ambiguous ones flagged */
    t = load(paths, 1, 1);
    CHECK_STR(tag(t, "محمد اسلامی"), "محمد اسلامی|PERSON|mohammad-eslami;اسلامی|PERSON|mohammad-eslami|?");
    CHECK_STR(tag(t, "جورجیا"), "جورجیا|GPE|georgia;جورجیا|GPE|georgia-us");
    tagger_free(t);
}

/* Issue 19: a match ends at a token end or before a suffix, and a match
 * that goes on across a space or ZWNJ may end before a suffix only after
 * two characters of its last part: «کرده است» («کرده» + «ا» + «ست») and
 * «کرده‌است» are not «کردها» (the single-word cases are in test_matching). */
static void test_word_boundaries(void)
{
    const char *paths[] = {write_tsv(
        "words.tsv", "kurds\tNORP\tKurds\t?کرد|کردها\n"
                     "tel-aviv\tGPE\tTel Aviv\tتل‌آویو\n"
                     "cnn\tORG\tCNN\tسی‌ان‌ان\n"
                     "european-union\tORG\tEuropean Union\tاتحادیه اروپا\n"
                     "sergey-lavrov\tPERSON\tSergey Lavrov\tسرگئی لاوروف|Sergey Lavrov\n")};
    tagger *t = load(paths, 1, 0);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK_STR(tag(t, "این کار را کرده است."), "");
    CHECK_STR(tag(t, "این کار را کرده‌است."), "");
    CHECK_STR(tag(t, "چه کرده ای؟"), "");
    CHECK_STR(tag(t, "کرده‌اش را"), "");
    CHECK_STR(tag(t, "کردها آمدند"), "کردها|NORP|kurds");
    CHECK_STR(tag(t, "کردهای عراق"), "کردها|NORP|kurds");
    CHECK_STR(tag(t, "کُردهاست"), "کُردها|NORP|kurds"); /* "it is the Kurds" */
    /* a suffix after the last word of a multiword name, spaced or not */
    CHECK_STR(tag(t, "به تل آویوست"), "تل آویو|GPE|tel-aviv");
    CHECK_STR(tag(t, "تل‌آویوست"), "تل‌آویو|GPE|tel-aviv");
    CHECK_STR(tag(t, "سی ان انی"), "سی ان ان|ORG|cnn");
    CHECK_STR(tag(t, "اتحادیه‌ی اروپاست"), "اتحادیه‌ی اروپا|ORG|european-union");
    CHECK_STR(tag(t, "سرگئی لاوروفی"), "سرگئی لاوروف|PERSON|sergey-lavrov");
    CHECK_STR(tag(t, "Sergey Lavrov's plan"), "Sergey Lavrov|PERSON|sergey-lavrov");
    tagger_free(t);
}

/* Shapes of the compact trie: two-byte characters that share their second
 * byte («ن» D9 86, «چ» DA 86), a one-byte character followed by two-byte
 * ones in one token, digits then letters, a branch on more than eight
 * bytes, and keys that are prefixes of others.  And the signatures in the
 * child words (gazetteer_trie.h): a step into a child whose keys go on
 * only with characters of other buckets dies there («بانک مل» goes on with
 * «ی» alone, bucket 7; «ت» is in 6), but not where the walk still needs
 * the child: before a written ezafe («خانه» goes on with «م» alone, bucket
 * 1, and the token «خانه‌ی» leaves the position before its «ی», bucket 7,
 * for the next token). */
static void test_trie_shapes(void)
{
    const char *paths[] = {write_tsv("shapes.tsv",
                                     "churchill\tPERSON\tChurchill\tچرچیل\n"
                                     "cherni\tGPE\tCherni\tچرنی\n"
                                     "cherik\tORG\tCherik\tچریک\n"
                                     "x-pars\tORG\tX Pars\tXپارس|Xتهران\n"
                                     "khordad-15\tEVENT\tKhordad 15\t15خرداد|15تیر\n"
                                     "q-list\tORG\tQ\tqa|qb|qc|qd|qe|qf|qg|qh|qi|qj|qk\n"
                                     "iran2\tGPE\tIran\tایران\n"
                                     "iranshahr\tGPE\tIranshahr\tایرانشهر\n"
                                     "bank-melli\tORG\tBank Melli\tبانک ملی ایران\n"
                                     "central-bank\tORG\tCentral Bank\tبانک مرکزی\n"
                                     "majlis\tORG\tMajlis\tخانه ملت\n"
                                     "madam\tPERSON\tMadam\tخانم\n")};
    tagger *t = load(paths, 1, 0);
    CHECK(t != NULL);
    if (!t)
        return;
    CHECK_STR(tag(t, "چرچیل و چرنی و چریک"),
              "چرچیل|PERSON|churchill;چرنی|GPE|cherni;چریک|ORG|cherik");
    CHECK_STR(tag(t, "Xپارس و X تهران"), "Xپارس|ORG|x-pars;X تهران|ORG|x-pars");
    CHECK_STR(tag(t, "15 خرداد و ۱۵ تیر"),
              "15 خرداد|EVENT|khordad-15;۱۵ تیر|EVENT|khordad-15");
    CHECK_STR(tag(t, "QK qa"), "QK|ORG|q-list;qa|ORG|q-list");
    CHECK_STR(tag(t, "ql"), "");
    CHECK_STR(tag(t, "ایرانشهر و ایرانها"), "ایرانشهر|GPE|iranshahr;ایران|GPE|iran2");
    static const char *const signatures[][2] = { /* text, its entities */
        {"بانک ملت", ""},
        {"بانک ملی ایران و بانک مرکزی",
         "بانک ملی ایران|ORG|bank-melli;بانک مرکزی|ORG|central-bank"},
        {"خانه‌ی ملت", "خانه‌ی ملت|ORG|majlis"},
        {"خانهی ملت", "خانهی ملت|ORG|majlis"},
        {"خانه سبز", ""}};
    for (size_t i = 0; i < sizeof signatures / sizeof signatures[0]; i++)
        CHECK_STR(tag(t, signatures[i][0]), signatures[i][1]);
    /* the same words again: answered from the memo of walks */
    CHECK_STR(tag(t, "چرچیل و چرنی و چریک"),
              "چرچیل|PERSON|churchill;چرنی|GPE|cherni;چریک|ORG|cherik");
    tagger_free(t);

    /* another gazetteer, perhaps at the same address: no stale walks */
    const char *other[] = {
        write_tsv("other.tsv", "churchill-2\tPERSON\tW. Churchill\tچرچیل\n")};
    t = load(other, 1, 0);
    CHECK_STR(tag(t, "چرچیل و چرنی"), "چرچیل|PERSON|churchill-2");
    tagger_free(t);
}

/* Keys of many records: the memo of walks remembers a key's records up to
 * 1023 of them (gazetteer.c, MEMO_RECS), so «البرز» (1,023 entities) is
 * answered from the memo the second time and «زاگرس» (1,024) walked again;
 * both times each finds its entity of the highest priority among all. */
static void test_many_records(void)
{
    size_t cap = 1024 * 64, n = 0;
    char *tsv = malloc(cap);
    CHECK(tsv != NULL);
    if (!tsv)
        return;
    for (int i = 0; i < 1024; i++)
        n += (size_t)snprintf(tsv + n, cap - n, "e%d\tGPE\tE%d\tزاگرس%s\tpriority=%d\n", i, i,
                              i < 1023 ? "|البرز" : "", i == 700 ? 5 : i == 1022 ? 4 : 0);
    const char *paths[] = {write_tsv("many.tsv", tsv)};
    free(tsv);
    tagger *t = load(paths, 1, 0);
    CHECK(t != NULL);
    if (!t)
        return;
    for (int round = 0; round < 2; round++) {
        CHECK_STR(tag(t, "البرز"), "البرز|GPE|e700");
        CHECK_STR(tag(t, "زاگرس"), "زاگرس|GPE|e700");
    }
    tagger_free(t);
}

static void test_layers(void)
{
    const char *paths[] = {
        write_tsv("layer1.tsv", base_tsv),
        write_tsv("layer2.tsv", "my-georgia\tLOC\tGeorgia region\tجورجیا\tpriority=-3\n"),
    };
    /* the later layer wins a tie on span, whatever its priority */
    tagger *t = load(paths, 2, 0);
    CHECK_STR(tag(t, "جورجیا"), "جورجیا|LOC|my-georgia");
    /* but a longer match from an earlier layer still wins */
    CHECK_STR(tag(t, "سرگئی لاوروف"), "سرگئی لاوروف|PERSON|sergey-lavrov");
    tagger_free(t);

    /* a compiled layer behaves like its source */
    tagger_error err = {0};
    char bin[300];
    snprintf(bin, sizeof bin, "%s/base.bin", dir);
    CHECK_INT(tagger_gazetteer_compile(paths, 1, bin, &err), TAGGER_OK);
    const char *compiled[] = {bin};
    t = load(compiled, 1, 0);
    CHECK_STR(tag(t, "تل آویو و US"), "تل آویو|GPE|tel-aviv;US|GPE|united-states");
    tagger_free(t);

    tagger_gazetteer *g = tagger_gazetteer_open(bin, &err);
    CHECK(g != NULL);
    tagger_gazetteer_stats st;
    tagger_gazetteer_get_stats(g, &st);
    CHECK_INT(st.entities, 11);
    CHECK_INT(st.entities_by_label[2], 7); /* GPE */
    int found = 0;
    for (size_t i = 0; i < tagger_gazetteer_alias_count(g); i++) {
        tagger_alias a;
        CHECK(tagger_gazetteer_alias(g, i, &a));
        if (strcmp(a.alias, "US") == 0)
            found += a.flags == TAGGER_ALIAS_CASE_SENSITIVE;
        if (strcmp(a.alias, "گرجستان") == 0)
            found += a.priority == 5 && strcmp(a.ids, "wikidata=Q230") == 0 &&
                     strstr(a.list, "layer1.tsv") != NULL;
    }
    CHECK_INT(found, 2);
    tagger_gazetteer_free(g);
}

static void expect_error(const char *name, const char *content, size_t len,
                         const char *want_suffix)
{
    const char *p = write_file(name, content, len);
    tagger_error err = {0};
    tagger_gazetteer *g = tagger_gazetteer_open(p, &err);
    CHECK(g == NULL);
    tagger_gazetteer_free(g);
    CHECK_INT(err.code, TAGGER_ERR_LOAD);
    char want[600];
    snprintf(want, sizeof want, "%s/%s%s", dir, name, want_suffix);
    CHECK_STR(err.message, want);
}

#define ERR(name, text, want) expect_error(name, text, strlen(text), want)

static void test_source_errors(void)
{
    ERR("label.tsv", "# c\nx\tGPE\tX\n\nbad\tPERSN\tY\ty\n",
        ":4:5: unknown label 'PERSN' (expected PERSON, ORG, GPE, LOC, FAC, NORP, EVENT, "
        "PRODUCT, DATE, TIME, MONEY or PERCENT)");
    ERR("cols.tsv", "only-two\tGPE\n", ":1:13: expected at least 3 tab-separated columns "
                                      "(kb_id, label, name), found 2");
    char dup[600];
    snprintf(dup, sizeof dup, ":3:1: duplicate kb_id 'a' (first defined at %s/dup.tsv:1)", dir);
    ERR("dup.tsv", "a\tGPE\tA\nb\tGPE\tB\na\tORG\tC\n", dup);
    ERR("alias.tsv", "a\tGPE\tA\tx|=\n", ":1:11: empty alias");
    ERR("marks.tsv", "a\tGPE\tA\t\u200c\u064e\n", ":1:9: alias normalizes to nothing");
    ERR("kv.tsv", "a\tGPE\tA\tx\tnonsense\n", ":1:11: expected key=value, found 'nonsense'");
    ERR("prio.tsv", "a\tGPE\tA\tx\tpriority=high\n",
        ":1:20: priority must be an integer from -99999 to 999999");
    ERR("utf8.tsv", "a\tGPE\tسلام\xff\n", ":1:11: invalid UTF-8");
    ERR("space.tsv", "a b\tGPE\tA\n", ":1:2: kb_id contains a space");
    ERR("listlabel.tsv", "a\tORG\tA\tx\tlabel=model\n",
        ":1:17: label= takes one value: list (label=list)");
}

static void test_corrupt_files(void)
{
    const char *src[] = {write_tsv("ok.tsv", base_tsv)};
    char bin[300];
    snprintf(bin, sizeof bin, "%s/ok.bin", dir);
    tagger_error err = {0};
    CHECK_INT(tagger_gazetteer_compile(src, 1, bin, &err), TAGGER_OK);
    FILE *f = fopen(bin, "rb");
    char *img = malloc(1 << 16);
    size_t n = fread(img, 1, 1 << 16, f);
    fclose(f);
    CHECK(n > 64);

    expect_error("trunc.bin", img, n - 1,
                 ": size does not match its header (truncated or corrupt)");
    expect_error("short.bin", img, 40, ": file too short for a header (truncated?)");
    char *flip = malloc(n);
    memcpy(flip, img, n);
    flip[n / 2] ^= 0x10;
    expect_error("flip.bin", flip, n, ": checksum mismatch (corrupt file)");
    memcpy(flip, img, n);
    flip[8] = 10; /* version: newer than this tagger's */
    expect_error("version.bin", flip, n, ": unsupported format version");
    /* a damaged magic makes it a TSV source: binary content is rejected */
    memcpy(flip, img, n);
    flip[0] = 'X';
    const char *p = write_file("magic.bin", flip, n);
    tagger_gazetteer *g = tagger_gazetteer_open(p, &err);
    CHECK(g == NULL);
    CHECK_INT(err.code, TAGGER_ERR_LOAD);
    CHECK(strstr(err.message, "magic.bin:1:") != NULL);

    /* Opened for inspection (tagger_gazetteer_open: validate, stats, export)
     * the whole file is verified: every single-byte flip is rejected. */
    int rejected = 0;
    for (size_t i = 0; i < n; i += 7) {
        memcpy(flip, img, n);
        flip[i] ^= 0x5A;
        const char *q = write_file("fuzz.bin", flip, n);
        g = tagger_gazetteer_open(q, &err);
        rejected += g == NULL;
        tagger_gazetteer_free(g);
    }
    CHECK_INT(rejected, (n + 6) / 7);

    /* Loaded by a tagger only the header and the section ends are checked
     * (gazetteers/README.md, "Compiled form"): every flip is rejected or
     * harmless, never a crash or a read outside the file (the sanitizer
     * build checks that), and flips in the 72-byte header are always
     * rejected. */
    int header_rejected = 0, loaded = 0;
    for (size_t i = 0; i < n; i += 3) {
        memcpy(flip, img, n);
        flip[i] ^= 0x5A;
        const char *q = write_file("fuzz.bin", flip, n);
        tagger_config *cfg = tagger_config_new();
        tagger_config_add_gazetteer(cfg, q);
        tagger_config_set_all_matches(cfg, 1);
        tagger *t = tagger_new(cfg, &err);
        tagger_config_free(cfg);
        if (!t) {
            CHECK_INT(err.code, TAGGER_ERR_LOAD);
            header_rejected += i < 72;
            continue;
        }
        loaded++;
        CHECK(i >= 72);
        (void)tag(t, "به تل آویو رفت و سرگئی لاوروف با US و روسیه‌ای‌ها، اتحادیه‌ی اروپا");
        (void)tag(t, "جورجیا گرجستان محمد اسلامی سازمان ملل متحد Lavrov's");
        tagger_free(t);
    }
    CHECK_INT(header_rejected, 24); /* bytes 0, 3, ..., 69 */
    CHECK(loaded > 0);
    /* a flip in the header names it */
    memcpy(flip, img, n);
    flip[20] ^= 0x01; /* file size */
    expect_error("header.bin", flip, n, ": header checksum mismatch (corrupt file)");
    /* a compiled file is validated, never compiled again */
    const char *bad[] = {write_file("flip2.bin", flip, n)};
    CHECK_INT(tagger_gazetteer_compile(bad, 1, NULL, &err), TAGGER_ERR_LOAD);
    CHECK(strstr(err.message, "header checksum mismatch") != NULL);
    const char *good[] = {bin};
    CHECK_INT(tagger_gazetteer_compile(good, 1, NULL, &err), TAGGER_OK);
    CHECK_INT(tagger_gazetteer_compile(good, 1, bin, &err), TAGGER_ERR_USAGE);
    free(flip);
    free(img);

    /* a missing file is an I/O error, not a load error */
    g = tagger_gazetteer_open("/nonexistent/x.bin", &err);
    CHECK(g == NULL);
    CHECK_INT(err.code, TAGGER_ERR_IO);
    CHECK_STR(err.message, "cannot open '/nonexistent/x.bin': No such file or directory");
}

/* tagger_gazetteer_compile_opts: the defaults, the alias limit, and the
 * size rule of options structs (tagger.h, "Options structs"). */
static void test_compile_options(void)
{
    const char *src[] = {write_tsv("long.tsv", "long\tORG\tLong\tabcdefghij\n")};
    tagger_error err = {0};
    tagger_gazetteer_compile_options opt;
    memset(&opt, 0xAB, sizeof opt);
    tagger_gazetteer_compile_options_init(&opt);
    CHECK_INT(opt.size, sizeof opt);
    CHECK_INT(opt.max_alias_bytes, 256);
    CHECK_INT(tagger_gazetteer_compile_opts(src, 1, NULL, &opt, &err), TAGGER_OK);
    CHECK_INT(tagger_gazetteer_compile_opts(src, 1, NULL, NULL, &err), TAGGER_OK);
    opt.max_alias_bytes = 9;
    CHECK_INT(tagger_gazetteer_compile_opts(src, 1, NULL, &opt, &err), TAGGER_ERR_LOAD);
    CHECK(strstr(err.message, "long.tsv:1:15: alias longer than 9 bytes once normalized") !=
          NULL);
    opt.max_alias_bytes = 10;
    CHECK_INT(tagger_gazetteer_compile_opts(src, 1, NULL, &opt, &err), TAGGER_OK);
    opt.max_alias_bytes = 0;
    CHECK_INT(tagger_gazetteer_compile_opts(src, 1, NULL, &opt, &err), TAGGER_ERR_USAGE);
    opt.max_alias_bytes = 4097;
    CHECK_INT(tagger_gazetteer_compile_opts(src, 1, NULL, &opt, &err), TAGGER_ERR_USAGE);
    /* a caller whose struct ends before max_alias_bytes gets the default */
    opt.max_alias_bytes = 9;
    opt.size = sizeof(size_t);
    CHECK_INT(tagger_gazetteer_compile_opts(src, 1, NULL, &opt, &err), TAGGER_OK);
    /* never initialized, or from a newer header: a usage error */
    opt.size = 0;
    CHECK_INT(tagger_gazetteer_compile_opts(src, 1, NULL, &opt, &err), TAGGER_ERR_USAGE);
    CHECK(strstr(err.message, "tagger_gazetteer_compile_options_init") != NULL);
    opt.size = sizeof opt + 8;
    CHECK_INT(tagger_gazetteer_compile_opts(src, 1, NULL, &opt, &err), TAGGER_ERR_USAGE);
    /* an older header's smaller struct: init writes only what it covers */
    memset(&opt, 0xAB, sizeof opt);
    tagger_gazetteer_compile_options_init_size(&opt, sizeof(size_t));
    CHECK_INT(opt.size, sizeof(size_t));
    CHECK(opt.max_alias_bytes == (size_t)0xABABABABABABABABull);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_matching();
    test_word_boundaries();
    test_trie_shapes();
    test_many_records();
    test_layers();
    test_source_errors();
    test_corrupt_files();
    test_compile_options();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return check_done();
}
