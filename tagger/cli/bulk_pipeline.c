/*
 * bulk_pipeline.c — the threads of bulk tagging (the data flow and the ring
 * are described in bulk.h).
 *
 * N worker threads each loop: read the next document (under read_mu, which
 * serializes the source, so documents get their sequence numbers in input
 * order and each line is copied out of the source's chunk on the core that
 * will tag it), make its record (the library's tagger_record) in a buffer of its own, hand the
 * buffer to the ring slot seq % S, and, if the records done in a row at the
 * head of the ring are worth a write, write them itself.  There is no reader
 * or writer thread: each document is read, tagged and written on one core,
 * and nothing waits for a thread to be scheduled.  Written records' buffers
 * are reused last written first (warm in cache); a record is never made in
 * the slot itself, where two workers appending to neighbouring slots would
 * share a cache line.
 *
 * One mutex, mu, guards the counters — n_read (sequence numbers handed out)
 * and n_written (records written), n_written <= n_read <= n_written + S —
 * the slots' done flags, the bytes in flight and the statistics.  A slot
 * belongs to the worker of its sequence number until it is marked done, and
 * then to the writer, so its buffers are used outside the lock.  One worker
 * at a time is the writer (`writing`): it takes the run of done records at
 * the head, writes it with writev(2) outside the lock, frees the slots and
 * looks again.  A run is written when it holds BATCH records, and at once
 * when the input has ended, when the source is about to wait for input (its
 * wait hook: a slow stream still flows record by record), or when a worker
 * waits for room; a worker whose record is not at the head leaves it for the
 * writer and reads on.
 *
 * Memory: a worker may take a new document only while the ring has a free
 * slot and the input bytes of the documents not yet written stay within the
 * budget (a single document larger than the budget still goes, alone);
 * otherwise it writes the done run itself or waits for the writer.
 *
 * Every write boundary is a record boundary; if a write fails partway (disk
 * full, file size limit) into a regular file, the file is truncated back to
 * the end of its last whole record.
 *
 * The main thread waits on a self-pipe: the last worker to leave posts 'D',
 * and the SIGINT/SIGTERM/SIGHUP handler posts the signal's number.  On a
 * signal the pipeline stops: the workers take no more input (a worker
 * waiting for input wakes on the stop pipe), the last one writes the whole
 * records done at the head, and the run reports BULK_RUN_SIGNAL with the
 * number of records written, which is exactly the --skip that resumes it.
 * The handlers are installed with SA_RESETHAND: a second signal kills at
 * once (the output is whole by then).  Between wake-ups the main thread
 * reports progress.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "bulk.h"

#define PROGRESS_MS 500
#define BATCH 16     /* records per write while the input flows */
#define MAX_IOV 1024 /* records per writev (IOV_MAX on Linux) */

typedef struct slot {
    int done;      /* the record is made (set by its worker, cleared by the writer) */
    int code;
    cli_buf out;   /* the record, once done */
    size_t weight; /* input bytes counted against the budget */
    uint64_t line, in_bytes;
} slot;

typedef struct pipeline {
    const bulk_settings *s;
    bulk_source *src;
    int out_fd, out_regular;
    slot *ring;
    size_t nslots, budget, inflight;
    pthread_mutex_t read_mu; /* held while reading one document from src */
    pthread_mutex_t mu;      /* everything below */
    pthread_cond_t moved;    /* records written (room for input), or stop */
    cli_buf *spare;          /* written records' buffers, the last written on top */
    size_t nspare;
    uint64_t n_read, n_written;
    int input_done, stop, writing, input_wait;
    unsigned waiters, live;
    bulk_run_status status;
    const char *err_message;
    int write_errno; /* strerror() runs in the main thread, after the joins */
    bulk_stats st;
    struct iovec iov[MAX_IOV]; /* the writer's */
    int wake_r, wake_w, stop_r, stop_w;
} pipeline;

static volatile sig_atomic_t signal_wake_fd = -1;

static void on_signal(int sig)
{
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    if (signal_wake_fd >= 0 && write(signal_wake_fd, &b, 1) < 0) {
        /* nothing to do: the pipe is full, a wake-up is already pending */
    }
    errno = saved;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Stops everything; called with mu held. */
static void stop_locked(pipeline *p, bulk_run_status why)
{
    if (p->status == BULK_RUN_DONE)
        p->status = why;
    if (!p->stop) {
        p->stop = 1;
        if (write(p->stop_w, "x", 1) < 0) {
            /* the pipe already holds a byte: the stop is visible */
        }
    }
    pthread_cond_broadcast(&p->moved);
}

/* The number of done records in a row at the head, at most `max`. */
static size_t head_run(const pipeline *p, size_t max)
{
    size_t run = 0;
    while (run < max && p->n_written + run < p->n_read &&
           p->ring[(p->n_written + run) % p->nslots].done)
        run++;
    return run;
}

/* Whether a worker may take a document of `weight` bytes. */
static int room_for(const pipeline *p, size_t weight)
{
    uint64_t used = p->n_read - p->n_written;
    return used == 0 || (used < p->nslots && p->inflight + weight <= p->budget);
}

/* ------------------------------------------------------------ writing */

/* After a write that failed partway, cuts a regular file back to the end of
 * its last whole record (the run started on a record boundary) and returns
 * the number of whole records that stay written.  A record may have many
 * lines (formats but JSON). */
static size_t drop_partial_record(pipeline *p, size_t n, size_t written)
{
    size_t whole = 0, keep = 0;
    while (whole < n && keep + p->iov[whole].iov_len <= written)
        keep += p->iov[whole++].iov_len;
    if (keep < written && p->out_regular) {
        off_t end = lseek(p->out_fd, 0, SEEK_CUR);
        if (end >= (off_t)(written - keep) &&
            ftruncate(p->out_fd, end - (off_t)(written - keep))) {
            /* nothing better to do: the write error is reported anyway */
        }
    }
    return whole;
}

/* Writes p->iov[0..n), whose lengths it leaves as they were.  Returns 0,
 * or -1 with errno set and *kept the number of whole records written. */
static int write_records(pipeline *p, size_t n, size_t *kept)
{
    size_t i = 0, off = 0, total = 0; /* off: bytes of iov[i] already written */
    while (i < n) {
        struct iovec whole = p->iov[i];
        p->iov[i].iov_base = (char *)whole.iov_base + off;
        p->iov[i].iov_len -= off;
        ssize_t w = writev(p->out_fd, p->iov + i, (int)(n - i));
        p->iov[i] = whole;
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = w < 0 ? errno : EIO;
            *kept = drop_partial_record(p, n, total);
            errno = e;
            return -1;
        }
        total += (size_t)w;
        off += (size_t)w;
        while (i < n && off >= p->iov[i].iov_len)
            off -= p->iov[i++].iov_len;
    }
    return 0;
}

/* Whether the done run at the head should be written now. */
static int run_due(const pipeline *p)
{
    size_t run = head_run(p, BATCH);
    if (!run)
        return 0;
    return run == BATCH || p->input_done || p->input_wait || p->waiters;
}

/* Called with mu held by a thread that is not the writer: becomes the
 * writer and writes the done runs at the head while they are due (every
 * done record when `all`), dropping the lock around each write. */
static void write_runs(pipeline *p, int all)
{
    p->writing = 1;
    while (p->status != BULK_RUN_WRITE_ERROR && (all || (!p->stop && run_due(p)))) {
        size_t n = head_run(p, MAX_IOV);
        if (!n)
            break;
        for (size_t k = 0; k < n; k++) {
            slot *sl = &p->ring[(p->n_written + k) % p->nslots];
            p->iov[k] = (struct iovec){sl->out.data, sl->out.len};
        }
        pthread_mutex_unlock(&p->mu);
        size_t kept = n;
        int failed = write_records(p, n, &kept);
        int e = errno;
        for (size_t k = 0; k < kept; k++) { /* a large record's buffer goes */
            slot *sl = &p->ring[(p->n_written + k) % p->nslots];
            if (sl->out.cap > BULK_KEEP_BYTES)
                cli_buf_reset(&sl->out, 0);
        }
        pthread_mutex_lock(&p->mu);
        for (size_t k = 0; k < kept; k++) {
            slot *sl = &p->ring[p->n_written % p->nslots];
            if (sl->out.data)
                p->spare[p->nspare++] = sl->out;
            sl->out = (cli_buf){0};
            p->st.docs++;
            p->st.in_bytes += sl->in_bytes;
            p->st.by_code[sl->code]++;
            if (sl->code != BULK_OK) {
                p->st.failed++;
                if (!p->st.first_failed_line)
                    p->st.first_failed_line = sl->line;
            }
            p->inflight -= sl->weight;
            sl->done = 0;
            p->n_written++;
        }
        if (p->waiters)
            pthread_cond_broadcast(&p->moved);
        if (failed) {
            p->write_errno = e;
            stop_locked(p, BULK_RUN_WRITE_ERROR);
        }
    }
    p->writing = 0;
}

/* The source's wait hook: before a read that may wait for input, the done
 * records go out; until it returns, finished records go out at once. */
static void input_wait_hook(void *ctx, int waiting)
{
    pipeline *p = ctx;
    pthread_mutex_lock(&p->mu);
    p->input_wait = waiting;
    if (waiting && !p->writing)
        write_runs(p, 0);
    pthread_mutex_unlock(&p->mu);
}

/* ------------------------------------------------------------ workers */

/* Reads the next document into *it and gives it a sequence number; returns
 * its slot, or NULL when there is no more input or the run stops. */
static slot *take_document(pipeline *p, bulk_item *it)
{
    slot *sl = NULL;
    pthread_mutex_lock(&p->read_mu);
    int r = p->input_done ? 0 : bulk_source_next(p->src, it, p->stop_r);
    pthread_mutex_lock(&p->mu);
    p->st.skipped_docs = bulk_source_skipped_docs(p->src);
    p->st.skipped_bytes = bulk_source_skipped_bytes(p->src);
    if (r != 1) {
        if (r == -1 && p->status == BULK_RUN_DONE) {
            p->status = BULK_RUN_READ_ERROR;
            p->err_message = bulk_source_error(p->src);
        }
        p->input_done = 1; /* the end, a read error or a stop */
    } else {
        size_t weight = it->data.len;
        while (!p->stop && !room_for(p, weight)) {
            if (!p->writing && head_run(p, 1)) {
                p->waiters++; /* makes the run due */
                write_runs(p, 0);
                p->waiters--;
                continue;
            }
            p->waiters++;
            pthread_cond_wait(&p->moved, &p->mu);
            p->waiters--;
        }
        if (!p->stop) {
            sl = &p->ring[p->n_read++ % p->nslots];
            sl->weight = weight;
            sl->line = it->line;
            sl->in_bytes = it->in_bytes;
            p->inflight += weight;
        }
    }
    pthread_mutex_unlock(&p->read_mu);
    if (!sl && !p->writing && !p->stop)
        write_runs(p, 0); /* the input ended: what is done is due */
    pthread_mutex_unlock(&p->mu);
    return sl;
}

/* The record of `in` in `out` (tagger_record); its code, or -1 when out of
 * memory. */
static int make_record(tagger_recorder *recorder, const bulk_settings *s, const bulk_item *in,
                       cli_buf *out)
{
    tagger_record_input ri = {in->data.data ? in->data.data : "", in->data.len,
                              s->jsonl ? NULL : (in->path.data ? in->path.data : ""), in->line,
                              (tagger_record_code)in->pre_code, in->pre_message};
    const char *rs;
    size_t n;
    int code = tagger_record(recorder, &ri, BULK_KEEP_BYTES, &rs, &n);
    out->len = 0;
    if (code < 0 || cli_buf_append(out, rs, n))
        return -1;
    return code;
}

static void *worker_main(void *arg)
{
    pipeline *p = arg;
    tagger_record_options ro;
    tagger_record_options_init(&ro);
    ro.text_field = p->s->text_field;
    ro.offsets = p->s->offsets;
    ro.format = p->s->format;
    ro.date = p->s->date;
    ro.date_field = p->s->date_field;
    ro.no_dateline = p->s->no_dateline;
    ro.lang = p->s->lang;
    tagger_recorder *recorder = tagger_recorder_new(p->s->t, &ro, NULL);
    bulk_item it;
    memset(&it, 0, sizeof it);
    cli_buf rec = {0}; /* the record being made */
    slot *sl = NULL;
    if (!recorder) {
        pthread_mutex_lock(&p->mu);
        stop_locked(p, BULK_RUN_NOMEM);
        pthread_mutex_unlock(&p->mu);
    }
    while (recorder && (sl = take_document(p, &it))) {
        int code = make_record(recorder, p->s, &it, &rec);
        pthread_mutex_lock(&p->mu);
        if (code < 0) {
            stop_locked(p, BULK_RUN_NOMEM);
            pthread_mutex_unlock(&p->mu);
            break;
        }
        sl->out = rec;
        rec = p->nspare ? p->spare[--p->nspare] : (cli_buf){0};
        sl->code = code;
        sl->done = 1;
        if (!p->writing && !p->stop && run_due(p))
            write_runs(p, 0);
        pthread_mutex_unlock(&p->mu);
    }
    pthread_mutex_lock(&p->mu);
    if (--p->live == 0) {
        /* the last one out: whole records done at the head still go out */
        write_runs(p, 1);
        if (write(p->wake_w, "D", 1) < 0) {
            /* cannot happen: the pipe is empty but for signal bytes */
        }
    }
    pthread_mutex_unlock(&p->mu);
    cli_buf_free(&rec);
    bulk_item_free(&it);
    tagger_recorder_free(recorder);
    return NULL;
}

/* -------------------------------------------------------------- main */

static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define NSIGNALS (sizeof stop_signals / sizeof stop_signals[0])

static int make_pipe(int fds[2])
{
    if (pipe(fds))
        return -1;
    for (int i = 0; i < 2; i++)
        fcntl(fds[i], F_SETFD, FD_CLOEXEC);
    fcntl(fds[1], F_SETFL, O_NONBLOCK);
    return 0;
}

static void snapshot(pipeline *p, double t0, bulk_stats *st)
{
    pthread_mutex_lock(&p->mu);
    *st = p->st;
    pthread_mutex_unlock(&p->mu);
    st->elapsed = now() - t0;
}

bulk_run_status bulk_run(const bulk_settings *s, bulk_source *src,
                         const bulk_run_options *o, bulk_stats *st, int *sig,
                         const char **err_message)
{
    pipeline *p = calloc(1, sizeof *p);
    memset(st, 0, sizeof *st);
    *sig = 0;
    *err_message = "out of memory";
    if (!p)
        return BULK_RUN_NOMEM;
    p->s = s;
    p->src = src;
    p->out_fd = o->out_fd;
    struct stat ost;
    p->out_regular = fstat(o->out_fd, &ost) == 0 && S_ISREG(ost.st_mode);
    unsigned nw = o->workers ? o->workers : 1;
    /* at least 256 slots, so that workers can go on past a long document
     * at the head */
    p->nslots = nw * 32 < 256 ? 256 : (size_t)nw * 32;
    p->budget = (size_t)(32u << 20) + (size_t)nw * (8u << 20);
    p->st.total_bytes = bulk_source_total_bytes(src);

    int wake[2] = {-1, -1}, stopfd[2] = {-1, -1};
    pthread_t *workers = calloc(nw, sizeof *workers);
    p->ring = calloc(p->nslots, sizeof *p->ring);
    p->spare = calloc(p->nslots + nw, sizeof *p->spare); /* every buffer at most */
    if (!workers || !p->ring || !p->spare || make_pipe(wake) || make_pipe(stopfd)) {
        free(workers);
        free(p->ring);
        free(p->spare);
        free(p);
        for (int i = 0; i < 2; i++) {
            if (wake[i] >= 0)
                close(wake[i]);
            if (stopfd[i] >= 0)
                close(stopfd[i]);
        }
        return BULK_RUN_NOMEM;
    }
    p->wake_r = wake[0], p->wake_w = wake[1], p->stop_r = stopfd[0], p->stop_w = stopfd[1];
    pthread_mutex_init(&p->read_mu, NULL);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->moved, NULL);
    bulk_source_set_wait_hook(src, input_wait_hook, p);

    /* SIGINT/SIGTERM/SIGHUP post to the self-pipe, unless ignored (nohup) */
    struct sigaction old[NSIGNALS], sa;
    int installed[NSIGNALS] = {0};
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = (int)(SA_RESTART | SA_RESETHAND);
    sigemptyset(&sa.sa_mask);
    signal_wake_fd = p->wake_w;
    for (size_t i = 0; i < NSIGNALS; i++) {
        if (sigaction(stop_signals[i], NULL, &old[i]) == 0 && old[i].sa_handler != SIG_IGN)
            installed[i] = sigaction(stop_signals[i], &sa, NULL) == 0;
    }

    double t0 = now();
    unsigned started = 0;
    p->live = nw;
    while (started < nw && pthread_create(&workers[started], NULL, worker_main, p) == 0)
        started++;
    if (started < nw) {
        pthread_mutex_lock(&p->mu);
        if (started == 0) {
            stop_locked(p, BULK_RUN_NOMEM);
            *err_message = "cannot start threads";
        }
        p->live -= nw - started; /* the started ones carry on */
        if (started && p->live == 0 && write(p->wake_w, "D", 1) < 0) {
            /* cannot happen: the pipe is empty but for signal bytes */
        }
        pthread_mutex_unlock(&p->mu);
    }

    /* wait for the last worker's 'D' or a signal, reporting progress meanwhile */
    while (started) {
        struct pollfd pfd = {p->wake_r, POLLIN, 0};
        int r = poll(&pfd, 1, o->progress ? PROGRESS_MS : -1);
        if (r > 0) {
            unsigned char b;
            if (read(p->wake_r, &b, 1) == 1) {
                if (b == 'D')
                    break;
                pthread_mutex_lock(&p->mu);
                if (!*sig)
                    *sig = b;
                stop_locked(p, BULK_RUN_SIGNAL);
                pthread_mutex_unlock(&p->mu);
            }
        }
        if (o->progress && r == 0) {
            bulk_stats now_st;
            snapshot(p, t0, &now_st);
            o->progress(o->progress_ctx, &now_st, 0);
        }
    }

    for (unsigned i = 0; i < started; i++)
        pthread_join(workers[i], NULL);
    /* a signal after the last record changes nothing: the run is complete */
    signal_wake_fd = -1;
    for (size_t i = 0; i < NSIGNALS; i++)
        if (installed[i])
            sigaction(stop_signals[i], &old[i], NULL);
    bulk_source_set_wait_hook(src, NULL, NULL);

    *st = p->st;
    st->elapsed = now() - t0;
    if (o->progress)
        o->progress(o->progress_ctx, st, 1);
    if (p->err_message)
        *err_message = p->err_message;
    if (p->status == BULK_RUN_WRITE_ERROR)
        *err_message = strerror(p->write_errno);
    bulk_run_status status = p->status;

    for (size_t i = 0; i < p->nslots; i++)
        cli_buf_free(&p->ring[i].out);
    for (size_t i = 0; i < p->nspare; i++)
        cli_buf_free(&p->spare[i]);
    free(p->spare);
    free(p->ring);
    free(workers);
    pthread_mutex_destroy(&p->read_mu);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->moved);
    close(p->wake_r);
    close(p->wake_w);
    close(p->stop_r);
    close(p->stop_w);
    free(p);
    return status;
}
