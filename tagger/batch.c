/*
 * batch.c — several texts tagged and written in one call
 * (tagger_process_batch): for each text, in order, tagger_process_ex and
 * tagger_doc_render into one growing buffer, the end of each text's output
 * noted, and a text that cannot be tagged or written noted with its error
 * (its output is empty) while the others go on.
 *
 * It is what the Python package's Tagger.pipe calls once a batch: one
 * foreign call, and so one release of the GIL, for many documents, and one
 * buffer to copy back instead of a doc and a string a document.  The
 * caller's options are checked once, here, and a bad size fails the whole
 * call rather than every text.
 */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "grow.h"
#include "options.h"
#include "render.h"

void tagger_batch_result_free(tagger_batch_result *res)
{
    if (!res)
        return;
    free(res->out);
    free(res->ends);
    free(res->failed);
    memset(res, 0, sizeof *res);
}

tagger_status tagger_process_batch(const tagger *t, const char *const *texts,
                                   const size_t *lens, size_t n,
                                   const tagger_process_options *popt,
                                   const tagger_render_options *ropt, tagger_batch_result *res,
                                   tagger_error *err)
{
    if (!res || !t || (n && (!texts || !lens)))
        return tg_error_set(err, TAGGER_ERR_USAGE, 0, "tagger_process_batch: no %s",
                            !res ? "result" : !t ? "tagger" : "texts");
    memset(res, 0, sizeof *res);
    tagger_process_options po;
    tagger_process_options_init(&po);
    tagger_render_options ro;
    tagger_render_options_init(&ro);
    tagger_status st = tg_opt_read(&po, popt, sizeof po, "tagger_process_batch",
                                   "tagger_process_options_init", err);
    if (st == TAGGER_OK)
        st = tg_opt_read(&ro, ropt, sizeof ro, "tagger_process_batch",
                         "tagger_render_options_init", err);
    if (st != TAGGER_OK)
        return st;
    size_t *ends = malloc((n ? n : 1) * sizeof *ends);
    tg_render_buf all = {0};
    tagger_batch_failure *failed = NULL;
    size_t nfailed = 0, failed_cap = 0;
    int nomem = !ends;
    for (size_t i = 0; i < n && !nomem; i++) {
        size_t start = all.n;
        tagger_error e = {0};
        tagger_doc *doc = tagger_process_ex(t, texts[i], lens[i], &po, &e);
        st = doc ? tg_render_append(doc, &ro, &all, &e) : e.code;
        tagger_doc_free(doc);
        nomem = all.failed;
        if (!nomem && st != TAGGER_OK) {
            tagger_batch_failure *f = tg_grow(failed, &failed_cap, nfailed + 1, sizeof *f, 4);
            nomem = !f;
            if (f) {
                failed = f;
                failed[nfailed++] = (tagger_batch_failure){i, e};
            }
            all.n = start; /* a part written before a failure is dropped */
        }
        ends[i] = all.n;
    }
    tg_render_buf_put(&all, "", 1);
    if (nomem || all.failed) {
        free(ends);
        free(all.p);
        free(failed);
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    }
    res->out = all.p;
    res->out_len = all.n - 1;
    res->ends = ends;
    res->n = n;
    res->failed = failed;
    res->nfailed = nfailed;
    return TAGGER_OK;
}
