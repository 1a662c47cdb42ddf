/*
 * bulk_pipeline.c — the threads of bulk tagging (the data flow and the ring
 * are described in bulk.h).
 *
 * One mutex guards three counters — n_read (slots the reader has filled),
 * n_taken (slots claimed by workers), n_written (slots the writer has
 * emptied), always n_written <= n_taken <= n_read <= n_written + S — plus
 * each slot's state.  A slot moves FREE -> READY (reader) -> DONE (worker)
 * -> FREE (writer); whoever moves it owns it until the next move, so its
 * buffers are used outside the lock.  Three condition variables wake the
 * reader (slots or budget freed), the workers (a slot filled) and the writer
 * (records done at the head), in batches (see reader_may_go below).
 *
 * The writer gathers finished records, in order, into a staging buffer and
 * write(2)s it when it passes 1 MiB or when the next record is not done yet,
 * so a slow stream still flows record by record.  The staging buffer only ever
 * holds whole records, so every write boundary is a record boundary; if a
 * write fails partway (disk full, file size limit) into a regular file, the
 * file is truncated back to the end of its last whole record.
 *
 * The main thread waits on a self-pipe: the writer posts 'D' when it is done,
 * and the SIGINT/SIGTERM/SIGHUP handler posts the signal's number.  On a
 * signal the pipeline stops: the reader and the workers stop taking input,
 * the writer flushes the whole records it has staged and leaves, and the
 * run reports BULK_RUN_SIGNAL with the number of records written, which is
 * exactly the --skip that resumes it.  The handlers are installed with
 * SA_RESETHAND: a second signal kills at once (the output is whole by then).
 * Between wake-ups the main thread reports progress.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bulk.h"

#define STAGE_BYTES (1u << 20)   /* the writer's batch */
#define PROGRESS_MS 500
#define BATCH 16                 /* records per writer wake-up */

typedef enum { SLOT_FREE, SLOT_READY, SLOT_DONE } slot_state;

typedef struct slot {
    slot_state state;
    bulk_item item;
    size_t weight; /* input bytes counted against the budget */
    cli_buf out;
    int code;
} slot;

typedef struct pipeline {
    const bulk_settings *s;
    bulk_source *src;
    int out_fd, out_regular;
    slot *ring;
    size_t nslots, budget, inflight;
    pthread_mutex_t mu;
    pthread_cond_t can_read, can_work, can_write;
    uint64_t n_read, n_taken, n_written;
    int reader_done, stop;
    /* who sleeps, so that wake-ups come in batches, not one per document */
    int reader_waiting, writer_waiting, idle_workers;
    size_t reader_need; /* the weight of the item the reader holds */
    bulk_run_status status;
    const char *err_message;
    int write_errno; /* strerror() runs in the main thread, after the joins */
    bulk_stats st;
    bulk_item spare; /* the reader's item being filled */
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

/* Stops everything; called with the mutex held. */
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
    pthread_cond_broadcast(&p->can_read);
    pthread_cond_broadcast(&p->can_work);
    pthread_cond_broadcast(&p->can_write);
}

/* Wake-ups are batched (each one costs a futex call and a context switch,
 * which at thousands of documents a second showed up as 12% of the time): a
 * waiting reader is woken once a quarter of the ring is free, a waiting
 * writer once BATCH records are done in a row at the head — or as soon as
 * the head is done when no work is queued (the input ended or stalls), since
 * then no later completion may come to finish the batch; so a slow stream
 * still flows record by record and the pipeline cannot stall. */
static int reader_may_go(const pipeline *p)
{
    uint64_t used = p->n_read - p->n_written;
    if (used == 0)
        return 1;
    size_t want = p->reader_waiting ? p->nslots / 4 : 1;
    return used + want <= p->nslots && p->inflight + p->reader_need <= p->budget;
}

static int writer_should_wake(const pipeline *p)
{
    if (p->n_written == p->n_read || p->ring[p->n_written % p->nslots].state != SLOT_DONE)
        return 0;
    /* no queued work: no completion may come to finish a batch */
    if (p->reader_done || p->n_taken == p->n_read)
        return 1;
    uint64_t run = 1;
    while (run < BATCH && p->n_written + run < p->n_read &&
           p->ring[(p->n_written + run) % p->nslots].state == SLOT_DONE)
        run++;
    return run >= BATCH;
}

/* ------------------------------------------------------------ reader */

static void *reader_main(void *arg)
{
    pipeline *p = arg;
    for (;;) {
        int r = bulk_source_next(p->src, &p->spare, p->stop_r);
        pthread_mutex_lock(&p->mu);
        p->st.skipped_docs = bulk_source_skipped_docs(p->src);
        p->st.skipped_bytes = bulk_source_skipped_bytes(p->src);
        if (r != 1) {
            if (r == -1 && p->status == BULK_RUN_DONE) {
                p->status = BULK_RUN_READ_ERROR;
                p->err_message = bulk_source_error(p->src);
            }
            break;
        }
        size_t weight = p->spare.data.len;
        p->reader_need = weight;
        if (!reader_may_go(p)) {
            p->reader_waiting = 1;
            if (p->writer_waiting && writer_should_wake(p))
                pthread_cond_signal(&p->can_write);
            while (!p->stop && !reader_may_go(p))
                pthread_cond_wait(&p->can_read, &p->mu);
            p->reader_waiting = 0;
        }
        if (p->stop)
            break;
        slot *sl = &p->ring[p->n_read % p->nslots];
        bulk_item t = sl->item;
        sl->item = p->spare;
        p->spare = t;
        sl->weight = weight;
        sl->state = SLOT_READY;
        p->inflight += weight;
        p->n_read++;
        if (p->idle_workers)
            pthread_cond_signal(&p->can_work);
        pthread_mutex_unlock(&p->mu);
    }
    p->reader_done = 1;
    pthread_cond_broadcast(&p->can_work);
    pthread_cond_broadcast(&p->can_write);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* ----------------------------------------------------------- workers */

/* The record of `in` in `out` (tagger_record); its code, or -1 when out of
 * memory. */
static int make_record(tagger_recorder *rec, const bulk_settings *s, const bulk_item *in,
                       cli_buf *out)
{
    tagger_record_input ri = {in->data.data ? in->data.data : "", in->data.len,
                              s->jsonl ? NULL : (in->path.data ? in->path.data : ""), in->line,
                              (tagger_record_code)in->pre_code, in->pre_message};
    const char *rs;
    size_t n;
    int code = tagger_record(rec, &ri, BULK_KEEP_BYTES, &rs, &n);
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
    ro.no_dateline = p->s->no_dateline;
    ro.lang = p->s->lang;
    tagger_recorder *rec = tagger_recorder_new(p->s->t, &ro, NULL);
    pthread_mutex_lock(&p->mu);
    if (!rec)
        stop_locked(p, BULK_RUN_NOMEM);
    while (rec) {
        while (!p->stop && p->n_taken == p->n_read && !p->reader_done) {
            p->idle_workers++;
            pthread_cond_wait(&p->can_work, &p->mu);
            p->idle_workers--;
        }
        if (p->stop || p->n_taken == p->n_read)
            break;
        uint64_t seq = p->n_taken++;
        slot *sl = &p->ring[seq % p->nslots];
        pthread_mutex_unlock(&p->mu);

        int code = make_record(rec, p->s, &sl->item, &sl->out);

        pthread_mutex_lock(&p->mu);
        if (code < 0) {
            stop_locked(p, BULK_RUN_NOMEM);
            break;
        }
        sl->code = code;
        sl->state = SLOT_DONE;
        if (p->writer_waiting && writer_should_wake(p))
            pthread_cond_signal(&p->can_write);
    }
    pthread_mutex_unlock(&p->mu);
    tagger_recorder_free(rec);
    return NULL;
}

/* ------------------------------------------------------------ writer */

/* After a write that failed partway, cuts a regular file back to the end
 * of its last whole record (the staging buffer starts on a record
 * boundary; ends[0..n) are the ends of its records, in order) and returns
 * the number of whole records that stay written.  A record may have many
 * lines (formats but JSON). */
static uint64_t drop_partial_record(pipeline *p, const size_t *ends, uint64_t n,
                                    size_t written)
{
    uint64_t whole = 0;
    while (whole < n && ends[whole] <= written)
        whole++;
    size_t keep = whole ? ends[whole - 1] : 0;
    if (keep < written && p->out_regular) {
        off_t end = lseek(p->out_fd, 0, SEEK_CUR);
        if (end >= (off_t)(written - keep) &&
            ftruncate(p->out_fd, end - (off_t)(written - keep))) {
            /* nothing better to do: the write error is reported anyway */
        }
    }
    return whole;
}

/* The staging buffer and the ends of the records in it. */
typedef struct {
    cli_buf buf;
    cli_buf ends; /* size_t values */
} stage_buf;

/* Writes the staging buffer.  On failure *kept receives the number of whole
 * records that were written before it (see drop_partial_record). */
static int flush_stage(pipeline *p, stage_buf *stage, uint64_t *kept)
{
    cli_buf *b = &stage->buf;
    size_t done = 0;
    while (done < b->len) {
        ssize_t w = write(p->out_fd, b->data + done, b->len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = w < 0 ? errno : EIO;
            *kept = drop_partial_record(p, (const size_t *)(void *)stage->ends.data,
                                        stage->ends.len / sizeof(size_t), done);
            errno = e;
            return -1;
        }
        done += (size_t)w;
    }
    b->len = 0;
    stage->ends.len = 0;
    return 0;
}

/* Flushes with the mutex held (dropping it around the write). */
static int flush_locked(pipeline *p, stage_buf *stage, uint64_t *staged)
{
    if (!stage->buf.len)
        return 0;
    pthread_mutex_unlock(&p->mu);
    uint64_t kept = 0;
    int r = flush_stage(p, stage, &kept);
    int e = errno;
    pthread_mutex_lock(&p->mu);
    if (r) {
        p->st.flushed += kept;
        p->write_errno = e;
        stop_locked(p, BULK_RUN_WRITE_ERROR);
        return -1;
    }
    p->st.flushed += *staged;
    *staged = 0;
    if (stage->buf.cap > 2 * STAGE_BYTES)
        cli_buf_reset(&stage->buf, 0);
    return 0;
}

static void *writer_main(void *arg)
{
    pipeline *p = arg;
    stage_buf stage = {{0}, {0}};
    uint64_t staged = 0;
    pthread_mutex_lock(&p->mu);
    while (!p->stop) {
        slot *sl = &p->ring[p->n_written % p->nslots];
        if (p->n_written == p->n_read || sl->state != SLOT_DONE) {
            if (p->reader_done && p->n_written == p->n_read)
                break;
            if (stage.buf.len) {
                if (flush_locked(p, &stage, &staged))
                    break;
                continue; /* the slot may be done by now */
            }
            p->writer_waiting = 1;
            pthread_cond_wait(&p->can_write, &p->mu);
            p->writer_waiting = 0;
            continue;
        }
        pthread_mutex_unlock(&p->mu);

        int nomem = cli_buf_append(&stage.buf, sl->out.data, sl->out.len);
        nomem = nomem || cli_buf_append(&stage.ends, &stage.buf.len, sizeof stage.buf.len);
        cli_buf_reset(&sl->item.data, BULK_KEEP_BYTES);
        cli_buf_reset(&sl->out, BULK_KEEP_BYTES);

        pthread_mutex_lock(&p->mu);
        if (nomem) {
            stop_locked(p, BULK_RUN_NOMEM);
            break;
        }
        staged++;
        p->st.docs++;
        p->st.in_bytes += sl->item.in_bytes;
        p->st.by_code[sl->code]++;
        if (sl->code != BULK_OK) {
            p->st.failed++;
            if (!p->st.first_failed_line)
                p->st.first_failed_line = sl->item.line;
        }
        p->inflight -= sl->weight;
        sl->state = SLOT_FREE;
        p->n_written++;
        if (p->reader_waiting && reader_may_go(p))
            pthread_cond_signal(&p->can_read);
        if (stage.buf.len >= STAGE_BYTES && flush_locked(p, &stage, &staged))
            break;
    }
    /* whole records already staged still go out, unless writing failed */
    if (p->status != BULK_RUN_WRITE_ERROR)
        flush_locked(p, &stage, &staged);
    pthread_mutex_unlock(&p->mu);
    cli_buf_free(&stage.buf);
    cli_buf_free(&stage.ends);
    if (write(p->wake_w, "D", 1) < 0) {
        /* cannot happen: the pipe is empty but for signal bytes */
    }
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
    pipeline p;
    memset(&p, 0, sizeof p);
    memset(st, 0, sizeof *st);
    *sig = 0;
    *err_message = "out of memory";
    p.s = s;
    p.src = src;
    p.out_fd = o->out_fd;
    struct stat ost;
    p.out_regular = fstat(o->out_fd, &ost) == 0 && S_ISREG(ost.st_mode);
    unsigned nw = o->workers ? o->workers : 1;
    /* at least 256 slots: a news article is ~0.3 ms of a worker's time, and
     * 64 slots (16 ms of work at -j 2) ran dry whenever the reader or the
     * writer waited that long for a core on a loaded machine (halving the
     * workers' sleeps; docs/performance.md, 2026-12-03) */
    p.nslots = nw * 32 < 256 ? 256 : (size_t)nw * 32;
    p.budget = (size_t)(32u << 20) + (size_t)nw * (8u << 20);
    p.st.total_bytes = bulk_source_total_bytes(src);

    int wake[2] = {-1, -1}, stopfd[2] = {-1, -1};
    pthread_t *workers = calloc(nw, sizeof *workers);
    p.ring = calloc(p.nslots, sizeof *p.ring);
    if (!workers || !p.ring || make_pipe(wake) || make_pipe(stopfd)) {
        free(workers);
        free(p.ring);
        for (int i = 0; i < 2; i++) {
            if (wake[i] >= 0)
                close(wake[i]);
            if (stopfd[i] >= 0)
                close(stopfd[i]);
        }
        return BULK_RUN_NOMEM;
    }
    p.wake_r = wake[0], p.wake_w = wake[1], p.stop_r = stopfd[0], p.stop_w = stopfd[1];
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.can_read, NULL);
    pthread_cond_init(&p.can_work, NULL);
    pthread_cond_init(&p.can_write, NULL);

    /* SIGINT/SIGTERM/SIGHUP post to the self-pipe, unless ignored (nohup) */
    struct sigaction old[NSIGNALS], sa;
    int installed[NSIGNALS] = {0};
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = (int)(SA_RESTART | SA_RESETHAND);
    sigemptyset(&sa.sa_mask);
    signal_wake_fd = p.wake_w;
    for (size_t i = 0; i < NSIGNALS; i++) {
        if (sigaction(stop_signals[i], NULL, &old[i]) == 0 && old[i].sa_handler != SIG_IGN)
            installed[i] = sigaction(stop_signals[i], &sa, NULL) == 0;
    }

    double t0 = now();
    pthread_t reader, writer;
    unsigned started = 0;
    int have_reader = pthread_create(&reader, NULL, reader_main, &p) == 0;
    int have_writer = have_reader && pthread_create(&writer, NULL, writer_main, &p) == 0;
    while (have_writer && started < nw &&
           pthread_create(&workers[started], NULL, worker_main, &p) == 0)
        started++;
    if (!have_writer || started == 0) {
        pthread_mutex_lock(&p.mu);
        stop_locked(&p, BULK_RUN_NOMEM);
        pthread_mutex_unlock(&p.mu);
        *err_message = "cannot start threads";
    }

    /* wait for the writer's 'D' or a signal, reporting progress meanwhile */
    while (have_writer) {
        struct pollfd pfd = {p.wake_r, POLLIN, 0};
        int r = poll(&pfd, 1, o->progress ? PROGRESS_MS : -1);
        if (r > 0) {
            unsigned char b;
            if (read(p.wake_r, &b, 1) == 1) {
                if (b == 'D')
                    break;
                pthread_mutex_lock(&p.mu);
                if (!*sig)
                    *sig = b;
                stop_locked(&p, BULK_RUN_SIGNAL);
                pthread_mutex_unlock(&p.mu);
            }
        }
        if (o->progress && r == 0) {
            bulk_stats now_st;
            snapshot(&p, t0, &now_st);
            o->progress(o->progress_ctx, &now_st, 0);
        }
    }

    if (have_writer)
        pthread_join(writer, NULL);
    for (unsigned i = 0; i < started; i++)
        pthread_join(workers[i], NULL);
    if (have_reader)
        pthread_join(reader, NULL);
    /* a signal after the last record changes nothing: the run is complete */
    signal_wake_fd = -1;
    for (size_t i = 0; i < NSIGNALS; i++)
        if (installed[i])
            sigaction(stop_signals[i], &old[i], NULL);

    *st = p.st;
    st->elapsed = now() - t0;
    if (o->progress)
        o->progress(o->progress_ctx, st, 1);
    if (p.err_message)
        *err_message = p.err_message;
    if (p.status == BULK_RUN_WRITE_ERROR)
        *err_message = strerror(p.write_errno);
    bulk_run_status status = p.status;

    for (size_t i = 0; i < p.nslots; i++) {
        bulk_item_free(&p.ring[i].item);
        cli_buf_free(&p.ring[i].out);
    }
    bulk_item_free(&p.spare);
    free(p.ring);
    free(workers);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.can_read);
    pthread_cond_destroy(&p.can_work);
    pthread_cond_destroy(&p.can_write);
    close(p.wake_r);
    close(p.wake_w);
    close(p.stop_r);
    close(p.stop_w);
    return status;
}
