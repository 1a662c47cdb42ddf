/* datafile_stamp — see datafile_stamp.h. */
#define _DEFAULT_SOURCE /* O_DIRECTORY, O_NOFOLLOW, st_mtim, openat, renameat */
#include "datafile_stamp.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define STAMP_MAGIC "TGSTAMP1"

/* A stamp as its file holds it (this machine's byte order: a cache). */
typedef struct {
    char magic[8];
    uint64_t dev, ino, size;
    int64_t mtime_sec, mtime_nsec, ctime_sec, ctime_nsec;
    uint64_t seed, sum;
    uint64_t check; /* stamp_check of everything before it */
} stamp_rec;

void tg_stamp_id(const struct stat *st, tg_datafile_id *id)
{
    memset(id, 0, sizeof *id);
    id->dev = (uint64_t)st->st_dev;
    id->ino = (uint64_t)st->st_ino;
    id->size = (uint64_t)st->st_size;
    id->mtime_sec = (int64_t)st->st_mtim.tv_sec;
    id->mtime_nsec = (int64_t)st->st_mtim.tv_nsec;
    id->ctime_sec = (int64_t)st->st_ctim.tv_sec;
    id->ctime_nsec = (int64_t)st->st_ctim.tv_nsec;
    struct timespec now;
    int64_t latest = id->mtime_sec > id->ctime_sec ? id->mtime_sec : id->ctime_sec;
    id->known = id->mtime_sec > 0 && id->ctime_sec > 0 &&
                clock_gettime(CLOCK_REALTIME, &now) == 0 &&
                (int64_t)now.tv_sec - latest > TG_STAMP_SETTLE_SEC;
}

int tg_stamp_same(const tg_datafile_id *a, const tg_datafile_id *b)
{
    return a->known && b->known && a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->mtime_sec == b->mtime_sec && a->mtime_nsec == b->mtime_nsec &&
           a->ctime_sec == b->ctime_sec && a->ctime_nsec == b->ctime_nsec;
}

/* A multiply-xor hash of the stamp's fields: a stamp damaged or cut short
 * (a crash, a full disk) does not pass for a valid one. */
static uint64_t stamp_check(const stamp_rec *r)
{
    unsigned char bytes[offsetof(stamp_rec, check)];
    memcpy(bytes, r, sizeof bytes);
    uint64_t h = 0x6A09E667F3BCC909ull;
    for (size_t i = 0; i < sizeof bytes; i += 8) {
        uint64_t w;
        memcpy(&w, bytes + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    return h;
}

static void stamp_fill(stamp_rec *r, const tg_datafile_id *id, uint64_t seed, uint64_t sum)
{
    memset(r, 0, sizeof *r);
    memcpy(r->magic, STAMP_MAGIC, 8);
    r->dev = id->dev;
    r->ino = id->ino;
    r->size = id->size;
    r->mtime_sec = id->mtime_sec;
    r->mtime_nsec = id->mtime_nsec;
    r->ctime_sec = id->ctime_sec;
    r->ctime_nsec = id->ctime_nsec;
    r->seed = seed;
    r->sum = sum;
    r->check = stamp_check(r);
}

/* The stamp's file name in its directory. */
static void stamp_name(char *name, size_t n, const tg_datafile_id *id, uint64_t seed)
{
    snprintf(name, n, "%llx-%llx-%llx.stamp", (unsigned long long)id->dev,
             (unsigned long long)id->ino, (unsigned long long)seed);
}

/* Opens `dir` if it is a directory of this user's that no one else may
 * write to: its descriptor, else -1 (errno ENOENT when it does not exist). */
static int open_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    struct stat st;
    if (fd < 0)
        return -1;
    if (fstat(fd, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != geteuid() ||
        (st.st_mode & (S_IWGRP | S_IWOTH))) {
        close(fd);
        errno = EPERM;
        return -1;
    }
    return fd;
}

int tg_stamp_matches(const char *dir, const tg_datafile_id *id, uint64_t seed, uint64_t sum)
{
    if (!dir || !id->known)
        return 0;
    int dfd = open_dir(dir);
    if (dfd < 0)
        return 0;
    char name[96];
    stamp_name(name, sizeof name, id, seed);
    int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    close(dfd);
    if (fd < 0)
        return 0;
    stamp_rec got, want;
    struct stat st;
    int ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
             st.st_size == (off_t)sizeof got &&
             pread(fd, &got, sizeof got, 0) == (ssize_t)sizeof got;
    close(fd);
    stamp_fill(&want, id, seed, sum);
    return ok && memcmp(&got, &want, sizeof got) == 0;
}

/* mkdir -p of `dir`, every directory made 0700; 0 on success. */
static int make_dirs(const char *dir)
{
    size_t n = strlen(dir);
    char *p = malloc(n + 1);
    if (!p)
        return -1;
    memcpy(p, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (p[i] != '/' && p[i] != '\0')
            continue;
        char c = p[i];
        p[i] = '\0';
        if (mkdir(p, 0700) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        p[i] = c;
    }
    free(p);
    return 0;
}

void tg_stamp_record(const char *dir, const tg_datafile_id *id, uint64_t seed, uint64_t sum)
{
    static atomic_uint serial; /* tmp names of the threads of one process */
    if (!dir || !*dir || !id->known)
        return;
    int dfd = open_dir(dir);
    if (dfd < 0 && errno == ENOENT && make_dirs(dir) == 0)
        dfd = open_dir(dir);
    if (dfd < 0)
        return;
    char name[96], tmp[128];
    stamp_name(name, sizeof name, id, seed);
    snprintf(tmp, sizeof tmp, "%s.tmp%ld-%u", name, (long)getpid(),
             atomic_fetch_add(&serial, 1u));
    stamp_rec r;
    stamp_fill(&r, id, seed, sum);
    int fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
        int bad = write(fd, &r, sizeof r) != (ssize_t)sizeof r;
        bad |= close(fd) != 0;
        if (bad || renameat(dfd, tmp, dfd, name) != 0)
            unlinkat(dfd, tmp, 0);
    }
    close(dfd);
}
