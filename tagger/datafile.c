/* datafile — see datafile.h. */
#define _DEFAULT_SOURCE /* madvise, MADV_POPULATE_WRITE, MADV_POPULATE_READ, mincore, posix_fadvise */
#include "datafile.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/ioctl.h>
#endif

#include "datafile_stamp.h"
#include "error.h"
#include "normalize.h"

/* The checksum (datafile.h): four multiply-xor chains, word i of the
 * stream going to chain i % 4, so that a core runs them side by side
 * (format versions of 2026-12-04 on; the one chain before cost 6 cycles a
 * word, 4.4 ms of every start, docs/performance.md).  A stream is added in
 * pieces of whole words; only the last may end in a partial word, which is
 * zero-padded (the size is in the seed). */
#define HUGE_PAGE ((size_t)2 << 20) /* a huge page of x86-64 and arm64 (4 KiB pages) */
#define SUM_K 0xFF51AFD7ED558CCDull
#define SUM_AHEAD 4096 /* bytes: sum_add's prefetch distance */
typedef struct {
    uint64_t lane[4];
    uint64_t words; /* added so far */
} sum_state;

static inline uint64_t sum_step(uint64_t h, uint64_t w)
{
    h = (h ^ w) * SUM_K;
    return h ^ (h >> 32);
}

static void sum_start(sum_state *s, uint64_t seed)
{
    for (unsigned i = 0; i < 4; i++)
        s->lane[i] = seed + i * 0x9E3779B97F4A7C15ull;
    s->words = 0;
}

static void sum_add(sum_state *s, const unsigned char *p, size_t n)
{
    size_t i = 0;
    uint64_t w;
    for (; (s->words & 3) && i + 8 <= n; i += 8, s->words++) {
        memcpy(&w, p + i, 8);
        s->lane[s->words & 3] = sum_step(s->lane[s->words & 3], w);
    }
    uint64_t a = s->lane[0], b = s->lane[1], c = s->lane[2], d = s->lane[3];
    const size_t from = i;
    /* 64 bytes a step with the page after this one asked for: the bytes
     * are a file's page cache, read once, and a page's first line waited
     * for its address translation (a fifth less time, docs/performance.md) */
    for (; i + 64 <= n; i += 64) {
        uint64_t v[8];
        __builtin_prefetch(p + i + SUM_AHEAD);
        memcpy(v, p + i, 64);
        a = sum_step(a, v[0]);
        b = sum_step(b, v[1]);
        c = sum_step(c, v[2]);
        d = sum_step(d, v[3]);
        a = sum_step(a, v[4]);
        b = sum_step(b, v[5]);
        c = sum_step(c, v[6]);
        d = sum_step(d, v[7]);
    }
    for (; i + 32 <= n; i += 32) {
        uint64_t v[4];
        memcpy(v, p + i, 32);
        a = sum_step(a, v[0]);
        b = sum_step(b, v[1]);
        c = sum_step(c, v[2]);
        d = sum_step(d, v[3]);
    }
    s->words += (i - from) / 8;
    s->lane[0] = a;
    s->lane[1] = b;
    s->lane[2] = c;
    s->lane[3] = d;
    for (; i + 8 <= n; i += 8, s->words++) {
        memcpy(&w, p + i, 8);
        s->lane[s->words & 3] = sum_step(s->lane[s->words & 3], w);
    }
    if (i < n) {
        w = 0;
        memcpy(&w, p + i, n - i);
        s->lane[s->words & 3] = sum_step(s->lane[s->words & 3], w);
        s->words++;
    }
}

static uint64_t sum_end(const sum_state *s)
{
    uint64_t h = s->words;
    for (unsigned i = 0; i < 4; i++)
        h = sum_step(h, s->lane[i]);
    return h;
}

static int mapped_fd(const void *image);
static int mapping_of(const void *image, size_t *size, int *aligned);
static void *map_pages(int fd, size_t n, int *aligned);
static void settle_on_huge(unsigned char *image, size_t size, int fd);

/* Reads bytes [at, at + n) of the file fd into dst: 1, or 0 when a read
 * fails or the file ends first. */
static int read_at(int fd, unsigned char *dst, size_t n, size_t at)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, dst + got, n - got, (off_t)(at + got));
        if (r > 0)
            got += (size_t)r;
        else if (r == 0 || errno != EINTR)
            return 0;
    }
    return 1;
}

/* sum_add of bytes [from, from + n) of the file fd, read in pieces.  0
 * (and *h untouched) when a read fails. */
static int mix_file(sum_state *h, int fd, size_t from, size_t n)
{
    enum { PIECE = 64 << 10 }; /* a multiple of 8: words stay whole */
    unsigned char *piece = malloc(PIECE);
    sum_state sum = *h;
    size_t done = 0;
    while (piece && done < n) {
        const size_t want = n - done < PIECE ? n - done : PIECE;
        if (!read_at(fd, piece, want, from + done))
            break;
        sum_add(&sum, piece, want);
        done += want;
    }
    free(piece);
    if (done < n)
        return 0;
    *h = sum;
    return 1;
}

/* sum_add of the body of a mapped image where it is mapped: its pages
 * made present in one call (a fault each would cost more than reading
 * them, above), hashed, then released (the mapping reads a page from the
 * file again if it is touched; the first page, which holds the header that
 * a loader may write, is kept).  0 when the kernel cannot make them
 * present: the caller then reads the file. */
static int mix_mapped(sum_state *h, const unsigned char *image, size_t size, size_t header_size)
{
#if defined(MADV_POPULATE_READ) && defined(MADV_DONTNEED)
    const size_t page = (size_t)sysconf(_SC_PAGESIZE); /* the mapping starts on a page */
    if (madvise((void *)image, size, MADV_POPULATE_READ) != 0)
        return 0;
    sum_add(h, image + header_size, size - header_size);
    if (size > page)
        madvise((void *)(image + page), size - page, MADV_DONTNEED);
    return 1;
#else
    (void)h, (void)image, (void)size, (void)header_size;
    return 0;
#endif
}

/* Whether the file under a mapping of `size` bytes at `image` is in the
 * page cache: the first page of each 2 MiB asked of mincore (a file is
 * mostly in it or mostly out). */
static int in_cache(const unsigned char *image, size_t size)
{
    unsigned char v;
    for (size_t at = 0; at < size; at += HUGE_PAGE)
        if (mincore((void *)(image + at), 1, &v) != 0 || !(v & 1))
            return 0;
    return 1;
}

/* tg_datafile_checksum, or with `cold` the way tg_datafile_verify describes. */
static uint64_t checksum_image(const unsigned char *image, size_t size, size_t header_size,
                               size_t sum_offset, uint64_t seed, int cold)
{
    unsigned char header[256];
    memcpy(header, image, header_size);
    memset(header + sum_offset, 0, sizeof(uint64_t));
    sum_state sum;
    sum_start(&sum, seed ^ size);
    sum_add(&sum, header, header_size);
    /* a mapped image is hashed from its file, read in pieces: faulting its
     * pages in costs twice the CPU time of reading them (datafile.h); but a
     * file not in the page cache is read in through a mapping that asks
     * for huge pages, so that it lands in 2 MiB folios (map_pages) */
    int aligned = 0;
    int fd = size - header_size >= (1u << 20) ? mapping_of(image, NULL, &aligned) : -1;
    cold = cold || (aligned && !in_cache(image, size));
    if (fd >= 0 && ((cold && mix_mapped(&sum, image, size, header_size)) ||
                    mix_file(&sum, fd, header_size, size - header_size)))
        return sum_end(&sum);
    sum_add(&sum, image + header_size, size - header_size);
    return sum_end(&sum);
}

uint64_t tg_datafile_checksum(const unsigned char *image, size_t size, size_t header_size,
                              size_t sum_offset, uint64_t seed)
{
    return checksum_image(image, size, header_size, sum_offset, seed, 0);
}

int tg_datafile_verify(const unsigned char *image, size_t size, size_t header_size,
                       size_t sum_offset, uint64_t seed, int cold, const tg_datafile_id *id,
                       const tg_load_options *lo)
{
    uint64_t stored;
    memcpy(&stored, image + sum_offset, sizeof stored);
    const char *dir = lo ? lo->verify_cache : NULL;
    if (dir && id && tg_stamp_matches(dir, id, seed, stored))
        return 1;
    if (checksum_image(image, size, header_size, sum_offset, seed, cold) != stored)
        return 0;
    if (dir && id && id->known) {
        /* a mapped image was hashed from its file just now: stamped only
         * if the file is still the version it was when it was opened */
        int fd = mapped_fd(image);
        struct stat st;
        tg_datafile_id now = *id;
        if (fd >= 0 && fstat(fd, &st) == 0)
            tg_stamp_id(&st, &now);
        else if (fd >= 0)
            now.known = 0;
        if (tg_stamp_same(id, &now))
            tg_stamp_record(dir, id, seed, stored);
    }
    return 1;
}

void tg_datafile_copy(const unsigned char *image, size_t from, size_t n, void *dst)
{
    int fd = mapped_fd(image);
    if (fd < 0 || !read_at(fd, dst, n, from))
        memcpy(dst, image + from, n);
}

void tg_datafile_seal(unsigned char *image, size_t size, size_t header_size, size_t sum_offset,
                      uint64_t seed)
{
    if (size < header_size)
        return;
    uint64_t sum = tg_datafile_checksum(image, size, header_size, sum_offset, seed);
    memcpy(image + sum_offset, &sum, sizeof sum);
}

static const char not_regular[] = "not a regular file";

/* tg_datafile_open, with fstat's answer in *st. */
static int open_regular(const char *path, struct stat *st, const char **why)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0 || fstat(fd, st) != 0) {
        *why = strerror(errno);
    } else if (!S_ISREG(st->st_mode)) {
        *why = not_regular;
    } else {
        int flags = fcntl(fd, F_GETFL);
        if (flags != -1 && fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0)
            return fd;
        *why = strerror(errno);
    }
    if (fd >= 0)
        close(fd);
    return -1;
}

int tg_datafile_open(const char *path, size_t *size, const char **why)
{
    struct stat st;
    int fd = open_regular(path, &st, why);
    if (fd >= 0)
        *size = (size_t)st.st_size;
    return fd;
}

FILE *tg_datafile_fopen(const char *path, size_t *size, const char **why)
{
    int fd = tg_datafile_open(path, size, why);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "rb");
    if (!f && fd >= 0) {
        *why = strerror(errno);
        close(fd);
    }
    return f;
}

tagger_status tg_datafile_open_error(const char *path, const char *what, const char *why,
                                     tagger_error *err)
{
    if (why == not_regular)
        return tg_error_set(err, TAGGER_ERR_LOAD, 0, "%s: %s", path, why);
    return tg_error_set(err, TAGGER_ERR_IO, 0, "cannot open %s%s'%s': %s", what ? what : "",
                        what ? " " : "", path, why);
}

tagger_status tg_datafile_lines_end(FILE *f, const char *path, size_t lineno,
                                    tagger_error *err)
{
    if (feof(f) && !ferror(f))
        return TAGGER_OK;
    return tg_error_set(err, TAGGER_ERR_IO, 0, "%s:%zu: cannot read the line: %s", path, lineno,
                        strerror(errno ? errno : EIO));
}

/* Mapped images (see datafile.h): a short table, so that tg_datafile_free
 * knows a mapping from a malloc block.  A full table means reading whole. */
#define MAP_MIN_SIZE (64u << 10)
#define HUGE_MIN_SIZE ((size_t)1 << 20) /* tg_datafile_table_alloc */
#define MAX_MAPS 64
static struct {
    pthread_mutex_t lock;
    size_t n;
    struct {
        void *addr;
        size_t size;
        int fd;      /* the mapped file, kept open for tg_datafile_checksum */
        int aligned; /* at a 2 MiB boundary, huge pages asked for (map_pages) */
    } at[MAX_MAPS];
} maps = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* mmap of the n bytes of fd, private and writable.  A file of 2 MiB or
 * more is mapped at a 2 MiB boundary with MADV_HUGEPAGE (*aligned set):
 * the page cache holds a file written by one large write, or read in
 * through such a mapping, in 2 MiB folios, which the kernel then maps
 * whole, one TLB entry each, with no copy and no fresh memory
 * (docs/performance.md, pagecache74).  The space is reserved 2 MiB
 * larger, the file mapped over its aligned part, the rest unmapped. */
static void *map_pages(int fd, size_t n, int *aligned)
{
    const int prot = PROT_READ | PROT_WRITE;
    *aligned = 0;
#ifdef MADV_HUGEPAGE
    const size_t page = (size_t)sysconf(_SC_PAGESIZE);
    if (n >= HUGE_PAGE && n <= SIZE_MAX / 2 && page && HUGE_PAGE % page == 0) {
        const size_t len = (n + page - 1) / page * page;
        unsigned char *res =
            mmap(NULL, len + HUGE_PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (res != MAP_FAILED) {
            const size_t head = (HUGE_PAGE - (uintptr_t)res % HUGE_PAGE) % HUGE_PAGE;
            void *m = mmap(res + head, n, prot, MAP_PRIVATE | MAP_FIXED, fd, 0);
            if (m == MAP_FAILED) {
                munmap(res, len + HUGE_PAGE);
                return m;
            }
            if (head)
                munmap(res, head);
            munmap(res + head + len, HUGE_PAGE - head);
            madvise(m, n, MADV_HUGEPAGE); /* only a hint */
            *aligned = 1;
            return m;
        }
    }
#endif
    return mmap(NULL, n, prot, MAP_PRIVATE, fd, 0);
}

/* Maps the n bytes of fd copy-on-write (a loader may set a header field
 * for a moment; the file never sees it) and records the mapping, which
 * takes fd; NULL when it cannot (the caller then reads the file whole).
 * `settle`: a run of many documents, the file settled on 2 MiB page-cache
 * folios (settle_on_huge). */
static void *map_file(int fd, size_t n, int settle)
{
    pthread_mutex_lock(&maps.lock);
    void *m = NULL;
    int aligned;
    if (maps.n < MAX_MAPS) {
        m = map_pages(fd, n, &aligned);
        if (m == MAP_FAILED) {
            m = NULL;
        } else {
            maps.at[maps.n].addr = m;
            maps.at[maps.n].size = n;
            maps.at[maps.n].fd = fd;
            maps.at[maps.n].aligned = aligned;
            maps.n++;
        }
    }
    pthread_mutex_unlock(&maps.lock);
    if (m && aligned && settle)
        settle_on_huge(m, n, fd);
    return m;
}

/* The file descriptor of the mapping at `image`, else -1; with its size
 * and map_pages's `aligned` in *size and *aligned when they are not NULL
 * (0 when it is no mapping). */
static int mapping_of(const void *image, size_t *size, int *aligned)
{
    pthread_mutex_lock(&maps.lock);
    size_t i = 0;
    while (i < maps.n && maps.at[i].addr != image)
        i++;
    int fd = i < maps.n ? maps.at[i].fd : -1;
    if (size)
        *size = i < maps.n ? maps.at[i].size : 0;
    if (aligned)
        *aligned = i < maps.n && maps.at[i].aligned;
    pthread_mutex_unlock(&maps.lock);
    return fd;
}

static int mapped_fd(const void *image)
{
    return mapping_of(image, NULL, NULL);
}

#ifdef __linux__
/* The PAGEMAP_SCAN ioctl of /proc/PID/pagemap (Linux 6.7, linux/fs.h's
 * struct pm_scan_arg and page_region), declared here for older headers. */
typedef struct {
    uint64_t start, end, categories;
} pm_region;
typedef struct {
    uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages;
    uint64_t category_inverted, category_mask, category_anyof_mask, return_mask;
} pm_scan;
#define PM_PAGE_IS_HUGE ((uint64_t)1 << 6)
#define PM_PAGEMAP_SCAN _IOWR('f', 16, pm_scan)
#endif

/* Whether every page of this process's [a, b) is mapped by a 2 MiB entry
 * (1) or not (0): PAGEMAP_SCAN of /proc/self/pagemap (open as `pagemap`,
 * -1: opened here) asked for the first page that is not (a page not
 * present is not); -1 when the kernel cannot tell (before 6.7, no /proc). */
static int pmd_mapped(int pagemap, uintptr_t a, uintptr_t b)
{
#ifdef __linux__
    int fd = pagemap >= 0 ? pagemap : open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    pm_region r;
    pm_scan arg = {.size = sizeof arg, .start = a, .end = b, .vec = (uintptr_t)&r,
                   .vec_len = 1, .category_inverted = PM_PAGE_IS_HUGE,
                   .category_mask = PM_PAGE_IS_HUGE, .return_mask = PM_PAGE_IS_HUGE};
    int found = ioctl(fd, PM_PAGEMAP_SCAN, &arg);
    if (fd != pagemap)
        close(fd);
    return found < 0 ? -1 : found == 0 && arg.walk_end == b;
#else
    (void)pagemap, (void)a, (void)b;
    return -1;
#endif
}

#ifdef __linux__
/* Whether transparent huge pages are off (the sysfs switch says "[never]"):
 * then no block of a file is ever mapped by a 2 MiB entry. */
static int thp_never(void)
{
    char buf[128] = {0};
    int fd = open("/sys/kernel/mm/transparent_hugepage/enabled", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t r = read(fd, buf, sizeof buf - 1);
    close(fd);
    return r > 0 && strstr(buf, "[never]") != NULL;
}
#endif

/* A file mapped by map_pages for a run of many documents, settled on 2 MiB
 * page-cache folios: each whole 2 MiB block is touched (a block not in the
 * page cache is read in as one 2 MiB folio, MADV_HUGEPAGE); a block that
 * the page cache holds in small folios (a file copied or read by another
 * program) is released from this mapping, dropped from the page cache
 * (POSIX_FADV_DONTNEED drops the clean pages no one maps) and touched
 * again, which reads it back from the file in one 2 MiB folio.  A run that
 * reads the file in place then takes one TLB entry per 2 MiB and the
 * loaders take their rows in place rather than copying them
 * (docs/performance.md, settle77).  Done before any loader writes to the
 * image; when a block stays on small folios (another process maps its
 * pages), the rest are left as they are: each try reads from the disk.
 * Nothing is dropped when the kernel cannot tell (PAGEMAP_SCAN, Linux 6.7)
 * or transparent huge pages are off. */
static void settle_on_huge(unsigned char *image, size_t size, int fd)
{
#if defined(__linux__) && defined(MADV_DONTNEED) && defined(POSIX_FADV_DONTNEED)
    const size_t end = size / HUGE_PAGE * HUGE_PAGE;
    if (thp_never())
        return;
    int pagemap = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (pagemap < 0)
        return;
    for (size_t at = 0; at < end; at += HUGE_PAGE) {
        const uintptr_t a = (uintptr_t)image + at;
        (void)*(const volatile unsigned char *)(image + at);
        int huge = pmd_mapped(pagemap, a, a + HUGE_PAGE);
        if (huge < 0) /* the kernel cannot tell */
            break;
        if (huge)
            continue;
        madvise(image + at, HUGE_PAGE, MADV_DONTNEED);
        posix_fadvise(fd, (off_t)at, (off_t)HUGE_PAGE, POSIX_FADV_DONTNEED);
        (void)*(const volatile unsigned char *)(image + at);
        if (pmd_mapped(pagemap, a, a + HUGE_PAGE) != 1)
            break;
    }
    close(pagemap);
#else
    (void)image, (void)size, (void)fd;
#endif
}

int tg_datafile_starts_with(const char *path, const void *magic, size_t n)
{
    size_t size;
    const char *why;
    unsigned char head[64];
    int aligned, yes = 0;
    int fd = tg_datafile_open(path, &size, &why);
    if (fd < 0)
        return 0;
    if (size >= HUGE_PAGE && n <= HUGE_PAGE) {
        /* its first 2 MiB mapped (map_pages) rather than read: a read of a
         * file not in the page cache would put its start in small folios */
        void *m = map_pages(fd, HUGE_PAGE, &aligned);
        if (m != MAP_FAILED) {
            yes = memcmp(m, magic, n) == 0;
            munmap(m, HUGE_PAGE);
        }
    } else if (size >= n && n <= sizeof head) {
        yes = read_at(fd, head, n, 0) && memcmp(head, magic, n) == 0;
    }
    close(fd);
    return yes;
}

/* The whole 2 MiB blocks of the mapping that the bytes touch are each
 * touched once (a 2 MiB folio of the page cache is then mapped whole; a
 * file not in the cache is read in 2 MiB folios, MADV_HUGEPAGE), then the
 * kernel is asked whether all are mapped by 2 MiB entries. */
int tg_datafile_on_huge(const unsigned char *image, size_t from, size_t n)
{
    size_t size;
    int aligned;
    if (!n || mapping_of(image, &size, &aligned) < 0 || !aligned)
        return 0;
    size_t a = from / HUGE_PAGE * HUGE_PAGE, b = (from + n + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    if (b > size / HUGE_PAGE * HUGE_PAGE)
        b = size / HUGE_PAGE * HUGE_PAGE;
    if (b <= a || (b < from + n ? b : from + n) - from < n - n / 2) /* half on the blocks */
        return 0;
    for (size_t at = a; at < b; at += HUGE_PAGE)
        (void)*(const volatile unsigned char *)(image + at);
    return pmd_mapped(-1, (uintptr_t)image + a, (uintptr_t)image + b) == 1;
}

void tg_datafile_free(void *data)
{
    if (!data)
        return;
    pthread_mutex_lock(&maps.lock);
    size_t i = 0;
    while (i < maps.n && maps.at[i].addr != data)
        i++;
    size_t size = i < maps.n ? maps.at[i].size : 0;
    int fd = i < maps.n ? maps.at[i].fd : -1;
    if (i < maps.n)
        maps.at[i] = maps.at[--maps.n];
    pthread_mutex_unlock(&maps.lock);
    if (size) {
        munmap(data, size);
        close(fd);
    } else {
        free(data);
    }
}

tagger_status tg_datafile_load(const char *path, const char *what, size_t min_size,
                               const tg_load_options *lo, void **data, size_t *size,
                               tg_datafile_id *id, tagger_error *err)
{
    size_t n, got = 0;
    const char *why;
    struct stat st;
    tg_datafile_id ignored;
    id = id ? id : &ignored;
    id->known = 0;
    int fd = open_regular(path, &st, &why);
    if (fd < 0)
        return tg_datafile_open_error(path, what, why, err);
    n = (size_t)st.st_size;
    tg_stamp_id(&st, id);
    id->path = path;
    if (n < min_size) {
        close(fd);
        return tg_error_set(err, TAGGER_ERR_LOAD, 0,
                            "%s: file too short for a header (truncated?)", path);
    }
    if (n >= MAP_MIN_SIZE && lo && lo->map) {
        void *m = map_file(fd, n, !lo->few_documents);
        if (m) { /* the mapping keeps fd */
            *data = m;
            *size = n;
            return TAGGER_OK;
        }
    }
    unsigned char *p = malloc(n ? n : 1);
#ifdef MADV_POPULATE_WRITE
    /* a large buffer is a mapping of its own: its pages made in one call
     * rather than one fault each save a third of the load (docs/hardening.md);
     * only a hint, so a kernel without it changes nothing */
    uintptr_t first = ((uintptr_t)p + 4095) & ~(uintptr_t)4095;
    uintptr_t end = ((uintptr_t)p + n) & ~(uintptr_t)4095;
    if (p && n >= (1u << 20) && end > first)
        madvise((void *)first, end - first, MADV_POPULATE_WRITE);
#endif
    ssize_t r = 1;
    while (p && got < n && (r = read(fd, p + got, n - got)) != 0) {
        if (r > 0)
            got += (size_t)r;
        else if (errno != EINTR)
            break;
    }
    int read_errno = errno;
    /* what was read is the version of the file fstat told of only if
     * the file is still that version */
    tg_datafile_id after = {0};
    if (id->known && fstat(fd, &st) == 0)
        tg_stamp_id(&st, &after);
    if (!tg_stamp_same(id, &after))
        id->known = 0;
    close(fd);
    if (p && got == n) {
        *data = p;
        *size = n;
        return TAGGER_OK;
    }
    free(p);
    if (!p)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "%s: out of memory", path);
    if (r == 0)
        return tg_error_set(err, TAGGER_ERR_LOAD, 0, "%s: the file shrank while it was read",
                            path);
    return tg_error_set(err, TAGGER_ERR_IO, 0, "%s: read error: %s", path,
                        strerror(read_errno));
}

void *tg_datafile_table_alloc(size_t n, int on_huge)
{
    const size_t huge = (size_t)2 << 20, line = 64;
    if (n < HUGE_MIN_SIZE || !on_huge)
        return aligned_alloc(line, n ? (n + line - 1) / line * line : line);
    if (n > SIZE_MAX - huge)
        return NULL;
    n = (n + huge - 1) / huge * huge;
    void *p = aligned_alloc(huge, n);
#ifdef MADV_HUGEPAGE
    if (p)
        madvise(p, n, MADV_HUGEPAGE); /* only a hint */
#endif
    return p;
}

tagger_status tg_datafile_write(const char *path, const void *image, size_t size,
                                tagger_error *err)
{
    size_t n = strlen(path);
    char *tmp = malloc(n + 8);
    if (!tmp)
        return tg_error_set(err, TAGGER_ERR_NOMEM, 0, "out of memory");
    snprintf(tmp, n + 8, "%s.tmpXX", path);
    tagger_status rc = TAGGER_OK;
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        rc = tg_error_set(err, TAGGER_ERR_IO, 0, "cannot write '%s': %s", path, strerror(errno));
    } else {
        int bad = fwrite(image, 1, size, f) != size;
        bad |= fclose(f) != 0;
        if (bad || rename(tmp, path) != 0) {
            rc = tg_error_set(err, TAGGER_ERR_IO, 0, "cannot write '%s': %s", path,
                              strerror(errno));
            remove(tmp);
        }
    }
    free(tmp);
    return rc;
}

tagger_status tg_datafile_check_fingerprint(const char *path, const char *what, uint32_t stored,
                                            tagger_error *err)
{
    uint32_t ours = tg_normalize_fingerprint();
    if (stored == ours)
        return TAGGER_OK;
    if (stored == 0)
        return tg_error_set(err, TAGGER_ERR_LOAD, 0,
                            "%s: %s built before normalization fingerprints were recorded; "
                            "rebuild it with this tagger",
                            path, what);
    return tg_error_set(err, TAGGER_ERR_LOAD, 0,
                        "%s: %s built with other normalization tables (fingerprint %08x, this "
                        "tagger has %08x); rebuild it with this tagger",
                        path, what, (unsigned)stored, (unsigned)ours);
}
