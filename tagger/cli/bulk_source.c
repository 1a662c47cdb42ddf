/*
 * bulk_source.c — where bulk documents come from, one at a time.
 *
 * JSONL: the input (one file, or stdin) is read in 256 KiB chunks (fewer
 * pages to fault in than 1 MiB, and less of the L2 cache; docs/performance.md,
 * speed51); each line is copied out of the chunk into the item's buffer, so
 * a line may span any number of chunks and only the current line is held in
 * memory.  A line
 * longer than the line limit (6 x --max-doc-bytes + 1 MiB: JSON may spell a
 * byte of text with up to six, "\u0000") is counted but only its first
 * 64 KiB are kept, and it becomes a too_large record with the id found
 * there.  A last line without a newline is a line.
 * Before each read the source polls the input together with the pipeline's
 * stop pipe, so a stop never waits on a silent stdin, and it calls the
 * pipeline's wait hook around every read (JSONL: once a chunk; files: once
 * a file), so that records already made go out while the input is awaited.
 *
 * Files: the operands in the order given; a directory (with -r) is walked
 * depth-first, its entries sorted by name in byte order so the order is the
 * same on every machine and locale.  Only regular files (and symlinks to
 * them) inside directories are documents; symlinked directories are not
 * followed, so a walk cannot loop.  The walk keeps one sorted listing per
 * open directory level, not the whole tree.  A file is never read past the
 * document limit; an operand that is a FIFO or a device is read only when
 * poll() says so, so a stop does not wait on it either.
 *
 * --skip N drops the first N documents here, before any parsing: skipped
 * lines are scanned for their newline only, skipped files are not opened.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bulk.h"
#include "cli.h"

#define CHUNK_BYTES (1u << 18)

typedef struct walk_frame {
    char *dir;
    struct dirent **names;
    int n, i;
} walk_frame;

struct bulk_source {
    int jsonl;
    uint64_t skip, skipped_docs, skipped_bytes, total;
    size_t max_doc, line_cap;
    char err[600];
    /* JSONL */
    int fd;
    const char *name;
    char *chunk;
    size_t chunk_len, chunk_pos;
    int eof;
    uint64_t line;
    /* files */
    const char *const *paths;
    size_t npaths, next_path;
    walk_frame *frames;
    size_t nframes, frames_cap;
    void (*wait_hook)(void *ctx, int waiting);
    void *wait_ctx;
};

bulk_source *bulk_source_open(const bulk_source_options *o)
{
    bulk_source *src = calloc(1, sizeof *src);
    if (!src) {
        cli_error("out of memory");
        return NULL;
    }
    src->jsonl = o->jsonl;
    src->skip = o->skip;
    src->max_doc = o->max_doc_bytes;
    src->line_cap = src->max_doc > (SIZE_MAX - (1u << 20)) / 6 ? SIZE_MAX
                                                                : src->max_doc * 6 + (1u << 20);
    src->paths = o->paths;
    src->npaths = o->npaths;
    src->fd = -1;
    if (!o->jsonl) {
        for (size_t i = 0; i < o->npaths; i++) {
            struct stat st;
            if (!o->recursive && stat(o->paths[i], &st) == 0 && S_ISDIR(st.st_mode)) {
                cli_error("'%s' is a directory (use -r to tag the files in it)", o->paths[i]);
                free(src);
                return NULL;
            }
        }
        return src;
    }
    const char *path = o->npaths ? o->paths[0] : NULL;
    src->name = cli_input_name(path);
    src->fd = 0;
    if (path && strcmp(path, "-") != 0) {
        src->fd = open(path, O_RDONLY);
        if (src->fd < 0) {
            cli_error("cannot open '%s': %s", path, strerror(errno));
            free(src);
            return NULL;
        }
    }
    struct stat st;
    if (fstat(src->fd, &st) == 0 && S_ISREG(st.st_mode)) {
        off_t pos = lseek(src->fd, 0, SEEK_CUR);
        src->total = (uint64_t)st.st_size - (pos > 0 && pos <= st.st_size ? (uint64_t)pos : 0);
    }
    src->chunk = malloc(CHUNK_BYTES);
    if (!src->chunk) {
        cli_error("out of memory");
        bulk_source_free(src);
        return NULL;
    }
    return src;
}

void bulk_item_free(bulk_item *it)
{
    cli_buf_free(&it->data);
    cli_buf_free(&it->path);
}

void bulk_source_free(bulk_source *src)
{
    if (!src)
        return;
    if (src->fd > 0)
        close(src->fd);
    free(src->chunk);
    for (size_t f = 0; f < src->nframes; f++) {
        walk_frame *w = &src->frames[f];
        for (int i = w->i; i < w->n; i++)
            free(w->names[i]);
        free(w->names);
        free(w->dir);
    }
    free(src->frames);
    free(src);
}

const char *bulk_source_error(const bulk_source *src)
{
    return src->err;
}

uint64_t bulk_source_total_bytes(const bulk_source *src)
{
    return src->total;
}

uint64_t bulk_source_skipped_docs(const bulk_source *src)
{
    return src->skipped_docs;
}

uint64_t bulk_source_skipped_bytes(const bulk_source *src)
{
    return src->skipped_bytes;
}

void bulk_source_set_wait_hook(bulk_source *src, void (*hook)(void *ctx, int waiting),
                               void *ctx)
{
    src->wait_hook = hook;
    src->wait_ctx = ctx;
}

static void waiting(bulk_source *src, int on)
{
    if (src->wait_hook)
        src->wait_hook(src->wait_ctx, on);
}

/* Records an error the source found (an over-long line, an unreadable file);
 * the worker turns it into the item's error record. */
static void set_pre(bulk_item *it, bulk_code code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void set_pre(bulk_item *it, bulk_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(it->pre_message, sizeof it->pre_message, fmt, ap);
    va_end(ap);
    it->pre_code = code;
}

/* ---------------------------------------------------------------- JSONL */

/* Refills the chunk.  Returns bytes read, 0 at EOF, -1 error, -2 stop. */
static long refill(bulk_source *src, int stop_fd)
{
    ssize_t r;
    waiting(src, 1);
    do {
        int w = cli_wait_input(src->fd, stop_fd);
        if (w) {
            int e = errno;
            waiting(src, 0);
            errno = e;
            return w;
        }
        r = read(src->fd, src->chunk, CHUNK_BYTES);
    } while (r < 0 && errno == EINTR);
    int e = errno;
    waiting(src, 0);
    if (r > 0) {
        src->chunk_len = (size_t)r;
        src->chunk_pos = 0;
    }
    errno = e;
    return (long)r;
}

/* Reads one line into `data` (or only past it when data is NULL).  Returns 1
 * with *bytes (newline included) and *over (the line exceeded the limit), 0
 * when there are no more lines, -1 on a read error, -2 on stop. */
static int next_line(bulk_source *src, cli_buf *data, uint64_t *bytes, int *over,
                     int *nomem, int stop_fd)
{
    uint64_t n = 0;
    int any = 0;
    *over = *nomem = 0;
    if (data)
        cli_buf_reset(data, BULK_KEEP_BYTES);
    for (;;) {
        if (src->chunk_pos == src->chunk_len) {
            if (src->eof)
                break;
            long r = refill(src, stop_fd);
            if (r == -2)
                return -2;
            if (r < 0) {
                snprintf(src->err, sizeof src->err, "%s: read error: %s", src->name,
                         strerror(errno));
                return -1;
            }
            if (r == 0)
                src->eof = 1;
            continue;
        }
        const char *p = src->chunk + src->chunk_pos;
        size_t avail = src->chunk_len - src->chunk_pos;
        const char *nl = memchr(p, '\n', avail);
        size_t take = nl ? (size_t)(nl - p) : avail;
        any = 1;
        n += take + (nl != NULL);
        if (data && !*over && !*nomem) {
            if (take > src->line_cap - data->len) {
                /* keep the line's start, where the error record finds its id */
                *over = 1;
                if (data->len > BULK_ID_PREFIX_BYTES)
                    data->len = BULK_ID_PREFIX_BYTES;
                size_t more = BULK_ID_PREFIX_BYTES - data->len;
                if (cli_buf_append(data, p, take < more ? take : more))
                    data->len = 0;
            } else if (cli_buf_append(data, p, take)) {
                *nomem = 1;
                cli_buf_reset(data, 0);
            }
        }
        src->chunk_pos += take + (nl != NULL);
        if (nl)
            break;
    }
    if (!any)
        return 0;
    src->line++;
    *bytes = n;
    return 1;
}

static int next_jsonl(bulk_source *src, bulk_item *it, int stop_fd)
{
    uint64_t bytes = 0;
    int over, nomem, r;
    while (src->skipped_docs < src->skip) {
        if ((r = next_line(src, NULL, &bytes, &over, &nomem, stop_fd)) != 1)
            return r;
        src->skipped_docs++;
        src->skipped_bytes += bytes;
    }
    if ((r = next_line(src, &it->data, &bytes, &over, &nomem, stop_fd)) != 1)
        return r;
    it->line = src->line;
    it->in_bytes = bytes;
    it->pre_code = BULK_OK;
    if (over)
        set_pre(it, BULK_TOO_LARGE,
                "line of %llu bytes exceeds the limit of %zu bytes (6 x --max-doc-bytes "
                "+ 1 MiB)",
                (unsigned long long)bytes, src->line_cap);
    else if (nomem)
        set_pre(it, BULK_OUT_OF_MEMORY, "out of memory reading the line");
    return 1;
}

/* ---------------------------------------------------------------- files */

static int skip_dots(const struct dirent *d)
{
    return strcmp(d->d_name, ".") != 0 && strcmp(d->d_name, "..") != 0;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* Opens a directory level; returns 0, or -1 with errno set. */
static int push_dir(bulk_source *src, const char *dir)
{
    if (src->nframes == src->frames_cap) {
        size_t cap = src->frames_cap ? src->frames_cap * 2 : 8;
        walk_frame *f = realloc(src->frames, cap * sizeof *f);
        if (!f)
            return errno = ENOMEM, -1;
        src->frames = f;
        src->frames_cap = cap;
    }
    walk_frame w = {NULL, NULL, 0, 0};
    if (!(w.dir = strdup(dir)))
        return errno = ENOMEM, -1;
    w.n = scandir(dir, &w.names, skip_dots, by_name);
    if (w.n < 0) {
        int e = errno;
        free(w.dir);
        return errno = e, -1;
    }
    src->frames[src->nframes++] = w;
    return 0;
}

/* Reads a whole file into it->data (cli_read_fd).  A FIFO or a device (an
 * operand such as <(zcat a.gz)) is opened without blocking and read only
 * when poll() says so, so that a stop never waits on it.  Returns 0, or -2
 * on stop. */
static int read_file(bulk_source *src, const char *path, bulk_item *it, int stop_fd)
{
    cli_buf_reset(&it->data, BULK_KEEP_BYTES);
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        set_pre(it, BULK_IO_ERROR, "cannot open: %s", strerror(errno));
        return 0;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    char msg[sizeof it->pre_message];
    waiting(src, 1);
    cli_read_status st = cli_read_fd(fd, src->max_doc, stop_fd, &it->data, &it->in_bytes, msg,
                                     sizeof msg);
    waiting(src, 0);
    close(fd);
    if (st == CLI_READ_STOPPED)
        return -2;
    if (st == CLI_READ_NOMEM)
        set_pre(it, BULK_OUT_OF_MEMORY, "out of memory reading the file");
    else if (st != CLI_READ_OK)
        set_pre(it, st == CLI_READ_TOO_LARGE ? BULK_TOO_LARGE : BULK_IO_ERROR, "%s", msg);
    if (it->pre_code != BULK_OK)
        cli_buf_reset(&it->data, 0);
    return 0;
}

static int set_path(bulk_item *it, const char *dir, const char *name)
{
    it->path.len = 0;
    if (dir) {
        size_t dl = strlen(dir);
        if (cli_buf_append(&it->path, dir, dl) ||
            (dl && dir[dl - 1] != '/' && cli_buf_append(&it->path, "/", 1)))
            return -1;
    }
    return cli_buf_append_str(&it->path, name);
}

static int next_file(bulk_source *src, bulk_item *it, int stop_fd)
{
    for (;;) {
        struct stat st;
        it->pre_code = BULK_OK;
        it->in_bytes = 0;
        if (src->nframes) {
            walk_frame *w = &src->frames[src->nframes - 1];
            if (w->i == w->n) {
                free(w->names);
                free(w->dir);
                src->nframes--;
                continue;
            }
            struct dirent *d = w->names[w->i++];
            int bad = set_path(it, w->dir, d->d_name);
            free(d);
            if (bad) {
                snprintf(src->err, sizeof src->err, "out of memory walking directories");
                return -1;
            }
            if (lstat(it->path.data, &st) != 0) {
                set_pre(it, BULK_IO_ERROR, "cannot stat: %s", strerror(errno));
            } else if (S_ISDIR(st.st_mode)) {
                if (push_dir(src, it->path.data) != 0)
                    set_pre(it, BULK_IO_ERROR, "cannot read directory: %s", strerror(errno));
                else
                    continue;
            } else if (S_ISLNK(st.st_mode)) {
                if (stat(it->path.data, &st) != 0 || !S_ISREG(st.st_mode))
                    continue; /* dangling, or a link to a directory or device */
            } else if (!S_ISREG(st.st_mode)) {
                continue;
            }
        } else if (src->next_path < src->npaths) {
            const char *path = src->paths[src->next_path++];
            if (set_path(it, NULL, path)) {
                snprintf(src->err, sizeof src->err, "out of memory");
                return -1;
            }
            if (stat(path, &st) != 0) {
                set_pre(it, BULK_IO_ERROR, "cannot open: %s", strerror(errno));
            } else if (S_ISDIR(st.st_mode)) {
                if (push_dir(src, path) != 0)
                    set_pre(it, BULK_IO_ERROR, "cannot read directory: %s", strerror(errno));
                else
                    continue;
            }
        } else {
            return 0;
        }
        if (src->skipped_docs < src->skip) {
            src->skipped_docs++;
            src->skipped_bytes += it->pre_code == BULK_OK ? (uint64_t)st.st_size : 0;
            continue;
        }
        it->line = 0;
        if (it->pre_code != BULK_OK) {
            cli_buf_reset(&it->data, BULK_KEEP_BYTES);
            return 1;
        }
        return read_file(src, it->path.data, it, stop_fd) == -2 ? -2 : 1;
    }
}

int bulk_source_next(bulk_source *src, bulk_item *it, int stop_fd)
{
    cli_buf_reset(&it->path, BULK_KEEP_BYTES);
    it->pre_message[0] = '\0';
    it->pre_code = BULK_OK;
    return src->jsonl ? next_jsonl(src, it, stop_fd) : next_file(src, it, stop_fd);
}
