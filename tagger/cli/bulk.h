/*
 * bulk.h — bulk tagging: many documents in, one record per document out
 * (a JSONL line, or a CoNLL, brat or HTML record), in input order, on N
 * threads, in memory that does not grow with the corpus.
 * `tagger --jsonl -j N < corpus.jsonl`, `tagger -r DIR`.
 *
 * Data flow (bulk_pipeline.c):
 *
 *   source ─▶ N worker threads, each: read a document (one at a time, in
 *             input order) ─▶ tag it ─▶ its record into ring slot seq % S
 *                                   │  (a slot keeps its place in the ring)
 *                                   ▼
 *             the done records at the head, in sequence order ─▶ stdout,
 *             written by whichever worker finds them due
 *
 * Every input document gets a sequence number, in input order, as a worker
 * reads it, and the slot seq % S for its record; records leave the ring
 * strictly in sequence order, so output order is input order whatever N and
 * whatever each document costs.  A worker takes no new document when the
 * ring is full or when the input bytes of the documents not yet written
 * exceed a budget (a single document larger than the budget still goes
 * alone), so memory is bounded by S, N, the budget and the largest document
 * — never by the length of the input.  A mutex guards the ring's counters
 * and another the source; the work itself (parsing, tagging, JSON, writing)
 * runs outside them on buffers that only one thread owns at a time.
 *
 * Invariant: each input line (JSONL) or file yields exactly one record, a
 * tagged document or an error record (the library's tagger_record,
 * tagger/record.c, which tagger_jsonl_records shares), and the writer emits
 * whole records only (a JSON line; in the other formats of --format, a
 * record of many lines): if a write fails partway into a regular file it
 * truncates the file back to the end of the last whole record.
 *
 * Sources (bulk_source.c) stream JSONL lines from one file or stdin, or the
 * files named on the command line, directories walked in name order.
 */
#ifndef TAGGER_BULK_H
#define TAGGER_BULK_H

#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "tagger.h"

/* Buffers that carry one document (a slot's input and record, a worker's
 * decoded text) are reused from document to document up to this size and
 * freed when larger, so that memory is bounded by S x 2 x 64 KiB plus what
 * is in flight, whatever the largest document seen so far. */
#define BULK_KEEP_BYTES (64u << 10)

/* The "code" of an error record (tagger_record_code); BULK_OK is a tagged
 * document. */
typedef enum {
    BULK_OK = TAGGER_RECORD_OK,
    BULK_EMPTY_LINE = TAGGER_RECORD_EMPTY_LINE,
    BULK_INVALID_JSON = TAGGER_RECORD_INVALID_JSON,
    BULK_INVALID_UTF8 = TAGGER_RECORD_INVALID_UTF8,
    BULK_MISSING_TEXT = TAGGER_RECORD_MISSING_TEXT,
    BULK_TEXT_NOT_STRING = TAGGER_RECORD_TEXT_NOT_STRING,
    BULK_TOO_LARGE = TAGGER_RECORD_TOO_LARGE,
    BULK_IO_ERROR = TAGGER_RECORD_IO_ERROR,
    BULK_OUT_OF_MEMORY = TAGGER_RECORD_OUT_OF_MEMORY,
    BULK_INTERNAL_ERROR = TAGGER_RECORD_INTERNAL_ERROR,
    BULK_NCODES = TAGGER_RECORD_NCODES
} bulk_code;

/* Of a JSONL line over the line limit only this much is kept: enough to
 * find an "id" member that comes before the long text. */
#define BULK_ID_PREFIX_BYTES ((size_t)64 * 1024)

/* One input document, as the source hands it to a worker.  The buffers are
 * reused from document to document (cli_buf_reset keeps small ones). */
typedef struct bulk_item {
    cli_buf data;          /* the line without its newline, or the file's bytes
                             (an over-long line: its first BULK_ID_PREFIX_BYTES) */
    cli_buf path;          /* files: the path, which is the record's id */
    uint64_t line;        /* JSONL: 1-based line number in the input; files: 0 */
    uint64_t in_bytes;    /* input consumed, newline included (for MB/s) */
    bulk_code pre_code;   /* an error the source found (over-long line, unreadable
                             file), else BULK_OK */
    char pre_message[256];
} bulk_item;

void bulk_item_free(bulk_item *it);

/* What every worker makes its records with (tagger_record_options). */
typedef struct bulk_settings {
    const tagger *t;           /* shared by all workers (immutable) */
    int jsonl;                 /* 1: items are JSONL lines; 0: whole files */
    const char *text_field;    /* JSONL: the member holding the text */
    tagger_offset_unit offsets;
    tagger_format format;      /* --format */
    const char *date;          /* --date YYYY-MM-DD for every document, or NULL */
    int no_dateline;           /* --no-dateline */
    const char *lang;          /* --lang L for every document, or NULL */
    const char *date_field;    /* --date-field NAME, or NULL ("date") */
} bulk_settings;

/* ------------------------------------------------------ bulk_source.c */

typedef struct bulk_source bulk_source;

typedef struct bulk_source_options {
    int jsonl;                /* JSONL lines (else one document per file) */
    const char *const *paths; /* JSONL: at most one file (none: stdin);
                                 files: files and directories */
    size_t npaths;
    int recursive;            /* walk directories */
    uint64_t skip;            /* leave out the first `skip` documents */
    size_t max_doc_bytes;     /* the tagger's limit (larger files are not read;
                                 lines over 6x it plus 1 MiB are not kept) */
} bulk_source_options;

/* Opens the source.  Returns NULL after printing an error (exit status 2). */
bulk_source *bulk_source_open(const bulk_source_options *o);
void bulk_source_free(bulk_source *src);

/* Reads the next document into `it` (its buffers reused).  Returns 1, 0 at
 * the end of the input, -1 on a read error (bulk_source_error says which),
 * or -2 when `stop_fd` became readable while waiting for input. */
int bulk_source_next(bulk_source *src, bulk_item *it, int stop_fd);
const char *bulk_source_error(const bulk_source *src);
/* The input's size in bytes when known (a regular file), else 0. */
uint64_t bulk_source_total_bytes(const bulk_source *src);
/* Sets a function that the source calls with waiting = 1 before a read
 * that may wait for input and with waiting = 0 after it (NULL: none). */
void bulk_source_set_wait_hook(bulk_source *src, void (*hook)(void *ctx, int waiting),
                               void *ctx);
/* Documents and bytes left out by --skip so far. */
uint64_t bulk_source_skipped_docs(const bulk_source *src);
uint64_t bulk_source_skipped_bytes(const bulk_source *src);

/* ---------------------------------------------------- bulk_pipeline.c */

typedef struct bulk_stats {
    uint64_t docs;               /* records completely written to the output */
    uint64_t failed;             /* of which error records */
    uint64_t by_code[BULK_NCODES];
    uint64_t in_bytes;           /* input bytes of those documents */
    uint64_t first_failed_line;  /* JSONL line of the first error record, or 0 */
    uint64_t skipped_docs, skipped_bytes;
    uint64_t total_bytes;        /* size of the input if known, else 0 */
    double elapsed;              /* seconds since the start */
} bulk_stats;

typedef enum {
    BULK_RUN_DONE = 0,   /* every document has its record */
    BULK_RUN_READ_ERROR, /* the input could not be read (records up to it written) */
    BULK_RUN_WRITE_ERROR,
    BULK_RUN_NOMEM,
    BULK_RUN_SIGNAL      /* SIGINT, SIGTERM or SIGHUP: whole lines flushed, then stop */
} bulk_run_status;

typedef struct bulk_run_options {
    unsigned workers;  /* worker threads, >= 1 */
    int out_fd;        /* where records go (1) */
    /* called about twice a second from the main thread, and once at the end
     * with final = 1; may be NULL */
    void (*progress)(void *ctx, const bulk_stats *st, int final);
    void *progress_ctx;
} bulk_run_options;

/* Runs the pipeline to the end of the input or to the first fatal error.
 * *st receives the counts; *sig the signal number for BULK_RUN_SIGNAL;
 * *err_message (static or in `src`) the reason for a read or write error. */
bulk_run_status bulk_run(const bulk_settings *s, bulk_source *src,
                         const bulk_run_options *o, bulk_stats *st, int *sig,
                         const char **err_message);

#endif /* TAGGER_BULK_H */
