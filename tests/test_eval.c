/* Unit tests of `tagger eval`'s scorer and gold readers on tiny hand-made
 * documents whose counts and scores were worked out by hand (the comments
 * show the arithmetic): trimming, the label map, exact and overlap
 * matching, micro averages, error grouping and contexts; BIO and JSONL
 * reading with the warts of the real corpora. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "eval_gold.h"
#include "eval_score.h"

#define CHECK_NEAR(got, want) CHECK(fabs((got) - (want)) < 1e-9)

/* The span of the first occurrence of `needle` in text at or after `from`. */
static eval_span span_of(const char *text, const char *needle, size_t from, int label)
{
    const char *at = strstr(text + from, needle);
    eval_span s = {0, 0, label, label};
    CHECK(at != NULL);
    if (at) {
        s.start = (size_t)(at - text);
        s.end = s.start + strlen(needle);
    }
    return s;
}

static int intern(eval_labels *l, const char *name)
{
    return eval_labels_intern(l, name, strlen(name));
}

static void test_trim(void)
{
    const char *t = "«ایران»، (Tehran). \xe2\x80\x8c\xd9\x87\xd8\xa7 ،؛ «»";
    size_t s = 0, e = strlen("«ایران»،");
    CHECK_INT(eval_trim(t, &s, &e), 1);
    CHECK_INT(s, strlen("«"));
    CHECK_INT(e, strlen("«ایران"));

    const char *p = strstr(t, "(Tehran).");
    s = (size_t)(p - t), e = s + strlen("(Tehran). ");
    CHECK_INT(eval_trim(t, &s, &e), 1);
    CHECK_INT(e - s, strlen("Tehran"));
    CHECK(memcmp(t + s, "Tehran", 6) == 0);

    /* a ZWNJ at the edge goes, the letters after it stay */
    p = strstr(t, "\xe2\x80\x8c");
    s = (size_t)(p - t), e = s + strlen("\xe2\x80\x8c\xd9\x87\xd8\xa7");
    CHECK_INT(eval_trim(t, &s, &e), 1);
    CHECK_INT(e - s, strlen("ها"));

    /* only punctuation and spaces: nothing left */
    p = strstr(t, " ،؛ «»");
    s = (size_t)(p - t), e = strlen(t);
    CHECK_INT(eval_trim(t, &s, &e), 0);
    CHECK_INT(e, s);
}

static void test_map(void)
{
    eval_map m = {NULL, 0};
    char err[128];
    CHECK_INT(eval_map_parse("PERSON=PER,GPE=LOC,NORP=", &m, err, sizeof err), 0);
    CHECK_INT(m.n, 3);
    CHECK_STR(eval_map_lookup(&m, "PERSON"), "PER");
    CHECK_STR(eval_map_lookup(&m, "GPE"), "LOC");
    CHECK(eval_map_lookup(&m, "NORP") == NULL); /* mapped to nothing */
    CHECK(eval_map_lookup(&m, "DATE") == NULL); /* not in the map */

    CHECK_INT(eval_map_parse("PERSON", &m, err, sizeof err), -1);
    CHECK_STR(err, "expected TAGGER_LABEL=GOLD_LABEL, got 'PERSON'");
    CHECK_INT(eval_map_parse("A=B,=C", &m, err, sizeof err), -1);
    CHECK_STR(err, "expected TAGGER_LABEL=GOLD_LABEL, got '=C'");
    CHECK_INT(eval_map_parse("A=B,A=C", &m, err, sizeof err), -1);
    CHECK_STR(err, "'A' is mapped twice");
    CHECK_INT(eval_map_parse("A=B,", &m, err, sizeof err), -1);
    /* a failed parse leaves the previous map */
    CHECK_STR(eval_map_lookup(&m, "PERSON"), "PER");
    eval_map_free(&m);
}

/* One document scored by hand.
 *
 * gold  PER "Ali Rezaei", PER "Sara", LOC "Paris," (trimmed to Paris),
 *       ORG "UN", LOC "New York." (trimmed to New York)
 * pred  PERSON "Ali", PERSON "Sara" (twice), GPE "Paris", GPE "UN",
 *       FAC "York", ORG "office", NORP "Ali" (NORP maps to nothing)
 *
 *        gold pred tp gold_hit pred_hit   exact P R F1      overlap P R F1
 * PER      2    2   1    2       2        1/2 1/2 1/2       1   1   1
 * LOC      2    3   1    2       2        1/3 1/2 2/5       2/3 1   4/5
 * ORG      1    1   0    0       0        0   0   0         0   0   0
 * micro    5    6   2    4       4        1/3 2/5 4/11      2/3 4/5 8/11
 *
 * (UN as LOC does not overlap the ORG gold UN: overlap needs the label.)
 */
static const char *const doc1 =
    "Ali Rezaei met Sara in Paris, then went to the UN office in New York.";

static size_t predict(const char *text, const eval_map *m, eval_labels *l,
                      eval_span *pred)
{
    static const char *const raw[][2] = {
        {"PERSON", "Ali"}, {"PERSON", "Sara"}, {"PERSON", "Sara"}, {"GPE", "Paris"},
        {"GPE", "UN"},     {"FAC", "York"},    {"ORG", "office"},  {"NORP", "Ali"}};
    size_t n = 0;
    for (size_t i = 0; i < sizeof raw / sizeof raw[0]; i++) {
        const char *to = eval_map_lookup(m, raw[i][0]);
        if (!to)
            continue;
        pred[n] = span_of(text, raw[i][1], 0, intern(l, to));
        pred[n].orig = intern(l, raw[i][0]);
        n++;
    }
    return n;
}

static void test_score(void)
{
    eval_labels l = {NULL, 0, 0};
    eval_map m = {NULL, 0};
    char err[128];
    CHECK_INT(eval_map_parse("PERSON=PER,GPE=LOC,FAC=LOC,ORG=ORG,NORP=", &m, err,
                             sizeof err),
              0);
    int per = intern(&l, "PER"), loc = intern(&l, "LOC"), org = intern(&l, "ORG");
    eval_span gold[5] = {
        span_of(doc1, "Ali Rezaei", 0, per), span_of(doc1, "Sara", 0, per),
        span_of(doc1, "Paris,", 0, loc),     span_of(doc1, "UN", 0, org),
        span_of(doc1, "New York.", 0, loc)};
    eval_span pred[8];
    size_t npred = predict(doc1, &m, &l, pred);
    CHECK_INT(npred, 7);

    size_t ng = eval_prepare(doc1, gold, 5), np = eval_prepare(doc1, pred, npred);
    CHECK_INT(ng, 5);
    CHECK_INT(np, 6); /* the second Sara is a duplicate */
    CHECK_INT(gold[2].end - gold[2].start, strlen("Paris"));
    CHECK_INT(gold[4].end - gold[4].start, strlen("New York"));

    unsigned char ge[5], pe[6];
    eval_compare(gold, ng, pred, np, &l, ge, pe);
    const eval_counts *cp = &l.v[per].counts, *cl = &l.v[loc].counts,
                      *co = &l.v[org].counts;
    CHECK_INT(cp->gold, 2); CHECK_INT(cp->pred, 2); CHECK_INT(cp->tp, 1);
    CHECK_INT(cp->gold_hit, 2); CHECK_INT(cp->pred_hit, 2);
    CHECK_INT(cl->gold, 2); CHECK_INT(cl->pred, 3); CHECK_INT(cl->tp, 1);
    CHECK_INT(cl->gold_hit, 2); CHECK_INT(cl->pred_hit, 2);
    CHECK_INT(co->gold, 1); CHECK_INT(co->pred, 1); CHECK_INT(co->tp, 0);
    CHECK_INT(co->gold_hit, 0); CHECK_INT(co->pred_hit, 0);
    /* gold in order: Ali Rezaei, Sara, Paris, UN, New York */
    CHECK(ge[0] == 0 && ge[1] == 1 && ge[2] == 1 && ge[3] == 0 && ge[4] == 0);

    eval_prf s = eval_exact_scores(cp);
    CHECK_NEAR(s.p, 0.5); CHECK_NEAR(s.r, 0.5); CHECK_NEAR(s.f1, 0.5);
    s = eval_overlap_scores(cp);
    CHECK_NEAR(s.p, 1.0); CHECK_NEAR(s.r, 1.0); CHECK_NEAR(s.f1, 1.0);
    s = eval_exact_scores(cl);
    CHECK_NEAR(s.p, 1.0 / 3); CHECK_NEAR(s.r, 0.5); CHECK_NEAR(s.f1, 0.4);
    s = eval_overlap_scores(cl);
    CHECK_NEAR(s.p, 2.0 / 3); CHECK_NEAR(s.r, 1.0); CHECK_NEAR(s.f1, 0.8);
    s = eval_exact_scores(co);
    CHECK_NEAR(s.p, 0); CHECK_NEAR(s.r, 0); CHECK_NEAR(s.f1, 0);

    eval_counts micro = {0};
    eval_counts_add(&micro, cp);
    eval_counts_add(&micro, cl);
    eval_counts_add(&micro, co);
    s = eval_exact_scores(&micro);
    CHECK_NEAR(s.p, 1.0 / 3); CHECK_NEAR(s.r, 0.4); CHECK_NEAR(s.f1, 4.0 / 11);
    s = eval_overlap_scores(&micro);
    CHECK_NEAR(s.p, 2.0 / 3); CHECK_NEAR(s.r, 0.8); CHECK_NEAR(s.f1, 8.0 / 11);

    /* nothing predicted, nothing gold: zeros, not NaN */
    eval_counts none = {0};
    s = eval_exact_scores(&none);
    CHECK_NEAR(s.p, 0); CHECK_NEAR(s.r, 0); CHECK_NEAR(s.f1, 0);

    /* The errors of this document, then of a second one where UN is again
     * predicted GPE: UN GPE->LOC is the most frequent false positive, with
     * the context of its first occurrence. */
    eval_errors e = {NULL, 0, 0};
    for (size_t i = 0; i < ng; i++)
        if (!ge[i])
            CHECK_INT(eval_errors_add(&e, EVAL_FALSE_NEG, doc1, strlen(doc1), &gold[i]), 0);
    for (size_t j = 0; j < np; j++)
        if (!pe[j])
            CHECK_INT(eval_errors_add(&e, EVAL_FALSE_POS, doc1, strlen(doc1), &pred[j]), 0);
    const char *doc2 = "The UN said so.";
    eval_span un = span_of(doc2, "UN", 0, loc);
    un.orig = intern(&l, "GPE");
    CHECK_INT(eval_errors_add(&e, EVAL_FALSE_POS, doc2, strlen(doc2), &un), 0);
    eval_errors_group(&e);
    /* FP: UN x2, Ali, York, office; FN: Ali Rezaei, New York, UN */
    CHECK_INT(e.n, 7);
    CHECK_INT(e.v[0].kind, EVAL_FALSE_POS);
    CHECK_STR(e.v[0].text, "UN");
    CHECK_INT(e.v[0].count, 2);
    CHECK_STR(l.v[e.v[0].orig].name, "GPE");
    /* 30 characters either side */
    CHECK_STR(e.v[0].context, "ra in Paris, then went to the [[UN]] office in New York.");
    CHECK_STR(e.v[1].text, "Ali"); /* then by text */
    CHECK_STR(e.v[3].text, "office");
    CHECK_INT(e.v[4].kind, EVAL_FALSE_NEG);
    CHECK_STR(e.v[4].text, "Ali Rezaei");
    CHECK_INT(e.v[4].count, 1);
    eval_errors_free(&e);
    eval_map_free(&m);
    eval_labels_free(&l);
}

static void test_context(void)
{
    char *c = eval_context("abcdefghij", 10, 4, 6, 2);
    CHECK_STR(c, "cd[[ef]]gh");
    free(c);
    c = eval_context("ab\ncd\tx", 7, 3, 5, 30);
    CHECK_STR(c, "ab [[cd]] x");
    free(c);
    c = eval_context(" \nab  ", 6, 2, 4, 30); /* no white space at the ends */
    CHECK_STR(c, "[[ab]]");
    free(c);
    const char *fa = "سلام دنیا";
    c = eval_context(fa, strlen(fa), strlen("سلام "), strlen(fa), 2); /* characters */
    CHECK_STR(c, "م [[دنیا]]");
    free(c);
}

/* ------------------------------------------------------------ readers */

typedef struct {
    char text[512];
    char spans[512]; /* "LABEL:text|LABEL:text|" */
    size_t line, sentences, tokens;
} got_doc;

typedef struct {
    got_doc docs[8];
    size_t n;
    const eval_labels *labels;
} got;

static int collect(void *ctx, eval_gold_doc *d)
{
    got *g = ctx;
    if (g->n == 8)
        return 1;
    got_doc *o = &g->docs[g->n++];
    snprintf(o->text, sizeof o->text, "%s", d->text);
    o->spans[0] = '\0';
    for (size_t i = 0; i < d->nspans; i++) {
        size_t k = strlen(o->spans);
        snprintf(o->spans + k, sizeof o->spans - k, "%s:%.*s|",
                 g->labels->v[d->spans[i].label].name,
                 (int)(d->spans[i].end - d->spans[i].start), d->text + d->spans[i].start);
    }
    o->line = d->line;
    o->sentences = d->sentences;
    o->tokens = d->tokens;
    return 0;
}

/* Reads `buf` as `fmt`; the diagnostics are returned in *diag (malloc'd). */
static int read_gold(const char *buf, eval_format fmt, got *g, eval_labels *l,
                     eval_gold_stats *st, char **diag)
{
    size_t dlen;
    FILE *f = open_memstream(diag, &dlen);
    memset(g, 0, sizeof *g);
    memset(st, 0, sizeof *st);
    g->labels = l;
    int rc = eval_gold_read("t.txt", buf, strlen(buf), fmt, l, f, st, collect, g);
    fclose(f);
    return rc;
}

static void test_bio(void)
{
    /* BOM, CRLF, B_ORG, I- without B-, a token with a space, a ZWNJ, a
     * malformed line inside an entity, an unknown tag, invalid UTF-8, a
     * change of label without B-, an entity at a sentence end. */
    const char *buf = "\xEF\xBB\xBF"
                      "دیدار\tO\r\n"
                      "سازمان\tB_ORG\r\n"
                      "ملل\tI_ORG\r\n"
                      "O\r\n"
                      "متحد\tI_ORG\r\n"
                      "با\tO\r\n"
                      "ثبت نام\tI-PER\r\n"
                      "می‌رود\tB-XYZ\r\n"
                      "علی\tX-PER\r\n"
                      "bad\xff\tO\r\n"
                      "تهران\tI-LOC\r\n"
                      "\r\n"
                      "\r\n"
                      "امروز\tB-DAT\r\n";
    eval_labels l = {NULL, 0, 0};
    got g;
    eval_gold_stats st;
    char *diag = NULL;
    CHECK_INT(read_gold(buf, EVAL_FORMAT_PEYMA, &g, &l, &st, &diag), 0);
    CHECK_INT(g.n, 1);
    CHECK_STR(g.docs[0].text, "دیدار سازمان ملل متحد با ثبت نام می‌رود تهران\nامروز");
    CHECK_STR(g.docs[0].spans,
              "ORG:سازمان ملل متحد|PER:ثبت نام|XYZ:می‌رود|LOC:تهران|DAT:امروز|");
    CHECK_INT(g.docs[0].sentences, 2);
    CHECK_INT(g.docs[0].tokens, 9);
    CHECK_INT(st.documents, 1);
    CHECK_INT(st.malformed, 3);
    CHECK_STR(diag, "tagger: warning: t.txt:4: no tag (expected TOKEN<TAB>TAG); line skipped\n"
                    "tagger: warning: t.txt:9: unknown tag 'X-PER' (expected O, B-X or "
                    "I-X); line skipped\n"
                    "tagger: warning: t.txt:10: invalid UTF-8; line skipped\n");
    CHECK_INT(l.v[intern(&l, "ORG")].read, 1);
    CHECK_INT(l.v[intern(&l, "DAT")].read, 1);
    free(diag);

    /* CoNLL: a document per -DOCSTART-, space-separated columns, IOB1
     * style I- tags, B- splitting two adjacent entities of one label. */
    buf = "-DOCSTART- -X- -X- O\n"
          "\n"
          "EU NNP B-NP I-ORG\n"
          "rejects VBZ B-VP O\n"
          "German JJ B-NP I-MISC\n"
          "\n"
          "-DOCSTART- -X- -X- O\n"
          "\n"
          "Peter NNP B-NP I-PER\n"
          "Blackburn NNP I-NP I-PER\n"
          "Smith NNP I-NP B-PER\n";
    CHECK_INT(read_gold(buf, EVAL_FORMAT_CONLL, &g, &l, &st, &diag), 0);
    CHECK_INT(g.n, 2);
    CHECK_STR(g.docs[0].text, "EU rejects German");
    CHECK_STR(g.docs[0].spans, "ORG:EU|MISC:German|");
    CHECK_INT(g.docs[0].line, 2);
    CHECK_STR(g.docs[1].text, "Peter Blackburn Smith");
    CHECK_STR(g.docs[1].spans, "PER:Peter Blackburn|PER:Smith|");
    CHECK_INT(g.docs[1].line, 8);
    CHECK_INT(st.sentences, 2);
    CHECK_INT(st.tokens, 6);
    CHECK_STR(diag, "");
    free(diag);

    /* ParsNER: three TAB-separated columns */
    buf = "\xEF\xBB\xBF"
          "در\tP\tO\nحسن\tN\tB-PERS\nروحانی\tN\tI-PERS\n";
    CHECK_INT(read_gold(buf, EVAL_FORMAT_PARSNER, &g, &l, &st, &diag), 0);
    CHECK_STR(g.docs[0].text, "در حسن روحانی");
    CHECK_STR(g.docs[0].spans, "PERS:حسن روحانی|");
    free(diag);

    /* empty and blank files hold no document */
    CHECK_INT(read_gold("", EVAL_FORMAT_PEYMA, &g, &l, &st, &diag), 0);
    CHECK_INT(g.n, 0);
    free(diag);
    CHECK_INT(read_gold("\r\n\n  \n", EVAL_FORMAT_PEYMA, &g, &l, &st, &diag), 0);
    CHECK_INT(g.n, 0);
    CHECK_INT(st.sentences, 0);
    free(diag);
    eval_labels_free(&l);
}

static void test_jsonl(void)
{
    /* code point offsets: "سلام" is 4 code points, 8 bytes */
    const char *buf =
        "{\"text\": \"سلام Tehran\", \"entities\": [{\"start\": 5, \"end\": 11, "
        "\"label\": \"GPE\"}]}\n"
        "\n"
        "{\"text\": \"x\", \"entities\": [{\"start\": 0, \"end\": 2, \"label\": \"GPE\"}]}\n"
        "{\"text\": \"x\"}\n"
        "[1]\n"
        "{\"text\": \"x\", \"entities\": []} trailing\n"
        "{\"text\": \"😀 Ali\", \"id\": 7, \"entities\": [{\"start\": 2, \"end\": 5, "
        "\"label\": \"PERSON\"}]}\n";
    eval_labels l = {NULL, 0, 0};
    got g;
    eval_gold_stats st;
    char *diag = NULL;
    CHECK_INT(read_gold(buf, EVAL_FORMAT_JSONL, &g, &l, &st, &diag), 0);
    CHECK_INT(g.n, 2);
    CHECK_STR(g.docs[0].spans, "GPE:Tehran|");
    CHECK_INT(g.docs[0].line, 1);
    CHECK_STR(g.docs[1].spans, "PERSON:Ali|");
    CHECK_INT(g.docs[1].line, 7);
    CHECK_INT(st.documents, 2);
    CHECK_INT(st.malformed, 4);
    CHECK_STR(diag,
              "tagger: warning: t.txt:3: entities[0]: bad span [0, 2) for a text of 1 "
              "code points; line skipped\n"
              "tagger: warning: t.txt:4: no \"entities\" array; line skipped\n"
              "tagger: warning: t.txt:5: not a JSON object; line skipped\n"
              "tagger: warning: t.txt:6: invalid JSON; line skipped\n");
    /* the skipped line's entity is not counted as read */
    CHECK_INT(l.v[intern(&l, "GPE")].read, 1);
    free(diag);
    eval_labels_free(&l);
}

static void test_detect(void)
{
    CHECK_INT(eval_format_detect("", 0), EVAL_FORMAT_AUTO);
    const char *cases[][2] = {
        {"\n{\"text\": \"a\", \"entities\": []}\n", "jsonl"},
        {"-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\n", "conll"},
        {"EU NNP B-NP B-ORG\n", "conll"},
        {"\xEF\xBB\xBFدر\tP\tO\n", "parsner"},
        {"حسن B-PERS\n", "parsner"},
        {"EU B-ORG\nGerman B-MISC\n", "conll"},
        {"تهران\tB_LOC\r\n", "peyma"},
        {"Tehran B-LOC\n", "peyma"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        CHECK_STR(eval_format_name(eval_format_detect(cases[i][0], strlen(cases[i][0]))),
                  cases[i][1]);
    eval_format f;
    CHECK_INT(eval_format_parse("parsner", &f), 0);
    CHECK_INT(f, EVAL_FORMAT_PARSNER);
    CHECK_INT(eval_format_parse("auto", &f), -1);
}

static void test_utf8(void)
{
    CHECK(cli_utf8_valid("سلام 😀", strlen("سلام 😀")));
    CHECK(!cli_utf8_valid("\xc0\x80", 2));         /* overlong */
    CHECK(!cli_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
    CHECK(!cli_utf8_valid("\xf4\x90\x80\x80", 4)); /* above U+10FFFF */
    CHECK(!cli_utf8_valid("\xd8", 1));             /* truncated */
}

int main(void)
{
    test_trim();
    test_map();
    test_score();
    test_context();
    test_bio();
    test_jsonl();
    test_detect();
    test_utf8();
    return check_done();
}
