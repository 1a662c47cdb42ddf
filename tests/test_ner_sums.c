/*
 * test_ner_sums — the entity model's emission scores with a word's rows
 * summed once per word (ner_features.c, decoding with 16-byte rows) equal,
 * bit for bit, those of the full feature list token by token, on a real
 * document with a shipped model: every segment's scores are compared, the
 * prediction history recorded in both, rule features (and the document
 * label bits they spread) put on some tokens, some of them twice and under
 * a longer match too (a token's repeated extras count once: chained with
 * sums, sorted and made unique in the full list); a word's features are
 * taken from the word cache on a second pass over the same text.
 *
 * usage: test_ner_sums MODEL TEXT [MODEL TEXT ...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_doc.h"
#include "labels.h"
#include "ner_internal.h"
#include "rules.h"

/* Decodes `in` with workspace w segment by segment (as tg_ner_decode does),
 * the scores of every segment into emit (room for ntokens * T); 1 when
 * every step succeeded. */
static int scores(const tg_ner_model *m, tg_ner_work *w, const tg_ner_input *in, float *emit)
{
    const tg_ner_history *h = m->h->history ? &w->hist : NULL;
    if (!tg_ner_doc_features(&w->fb, in, &m->clusters) ||
        (h && !tg_ner_history_doc(&w->hist, &w->fb)))
        return 0;
    for (size_t a = 0; a < in->ntokens;) {
        size_t b = tg_ner_segment_end(in, a);
        if (!tg_ner_segment_features(&w->fb, in, a, b, m->mask, &m->clusters, h))
            return 0;
        tg_ner_emit(m, &w->fb, b - a, emit + a * m->T);
        tg_ner_viterbi(&m->rules, emit + a * m->T, b - a, m->trans, m->final, w->sc.delta,
                       w->sc.back, w->sc.tags);
        if (h)
            tg_ner_history_record_doc(&w->hist, &w->fb, a, w->sc.tags, b - a, m->h->scheme);
        a = b;
    }
    return 1;
}

static void check_model(const tg_normalizer *nz, const tg_tokenizer *tk,
                        const char *model_path, const char *text_path)
{
    tagger_error err = {0};
    check_doc d;
    if (!check_doc_load(nz, tk, text_path, &d))
        return;
    tg_ner_model *m = tg_ner_model_open(model_path, NULL, &err);
    CHECK(m != NULL);
    if (!m) {
        fprintf(stderr, "%s: %s\n", model_path, err.message);
        check_doc_free(&d);
        return;
    }
    const tagger_token *tokens = d.tokens;
    size_t ntokens = d.ntokens;
    CHECK(d.nsent > 5);
    /* rule matches on every 17th token: PERSON, ORG and a date (the label
     * bits of a word spread to its other tokens); every third one twice
     * and under a two-token match of the next label */
    static const tg_label labels[] = {TG_LABEL_PERSON, TG_LABEL_ORG, TG_LABEL_DATE};
    tg_rule_match rules[96];
    size_t nrules = 0;
    for (size_t i = 3, j = 0; i + 1 < ntokens && nrules + 3 <= 96; i += 17, j++) {
        rules[nrules++] = (tg_rule_match){.norm_start = tokens[i].norm_start,
                                          .norm_end = tokens[i].norm_end,
                                          .label = tg_label_name(labels[j % 3]),
                                          .rule = "test.rule"};
        if (j % 3 == 0) {
            rules[nrules] = rules[nrules - 1];
            nrules++;
            rules[nrules++] = (tg_rule_match){.norm_start = tokens[i].norm_start,
                                              .norm_end = tokens[i + 1].norm_end,
                                              .label = tg_label_name(labels[(j + 1) % 3]),
                                              .rule = "test.pair"};
        }
    }
    tg_ner_input in = {d.text, &d.nt, d.tokens, ntokens, NULL, 0, rules, nrules, NULL, NULL, NULL, NULL};

    tg_ner_work *summed = tg_ner_work_take(m), *full = tg_ner_work_take(m);
    CHECK(summed && full);
    CHECK_INT(summed ? summed->fb.sums : -1, m->stride == 16); /* the shipped models: on */
    if (full)
        full->fb.sums = 0; /* the full feature list, as training sees it */
    float *e1 = malloc(ntokens * m->T * sizeof *e1), *e2 = malloc(ntokens * m->T * sizeof *e2);
    CHECK(e1 && e2);
    /* twice: the second pass finds the words in the word caches */
    for (int pass = 0; summed && full && e1 && e2 && pass < 2; pass++) {
        CHECK(scores(m, summed, &in, e1));
        CHECK(scores(m, full, &in, e2));
        size_t differ = 0;
        for (size_t i = 0; i < ntokens * m->T; i++)
            if (memcmp(&e1[i], &e2[i], sizeof *e1) != 0 && differ++ < 3)
                fprintf(stderr, "%s pass %d: token %zu tag %zu: %g summed, %g in full\n",
                        model_path, pass, i / m->T, i % m->T, (double)e1[i], (double)e2[i]);
        CHECK_INT(differ, 0);
        /* the repeats were there: left in the chains, dropped by the sort */
        CHECK(summed->fb.nx > full->fb.nx);
    }
    free(e1);
    free(e2);
    tg_ner_work_give(m, summed);
    tg_ner_work_give(m, full);
    tg_ner_model_free(m);
    check_doc_free(&d);
}

int main(int argc, char **argv)
{
    return check_doc_main(argc, argv, "test_ner_sums", check_model, NULL);
}
