/* datafile_stamp — see datafile_stamp.h. */
#define _DEFAULT_SOURCE /* O_DIRECTORY, O_NOFOLLOW, st_mtim, openat, renameat */
#include "datafile_stamp.h"

#include <dirent.h>
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
#define STAMP_PATH_MAX 4096 /* the longest path a stamp records */

/* A stamp as its file holds it (this machine's byte order: a cache); the
 * data file's absolute path may follow it, then a check of the path
 * (stamp_mix of its bytes from the record's check).  A stamp of 88 bytes
 * has no path: the earlier format, and the stamp of a file whose path
 * could not be told, pruned by age only. */
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

/* A multiply-xor hash of n bytes from h (the last word padded with
 * zeros): a stamp damaged or cut short (a crash, a full disk) does not
 * pass for a valid one. */
static uint64_t stamp_mix(const void *p, size_t n, uint64_t h)
{
    const unsigned char *bytes = p;
    for (size_t i = 0; i < n; i += 8) {
        uint64_t w = 0;
        memcpy(&w, bytes + i, n - i < 8 ? n - i : 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDull;
        h ^= h >> 32;
    }
    return h;
}

static uint64_t stamp_check(const stamp_rec *r)
{
    return stamp_mix(r, offsetof(stamp_rec, check), 0x6A09E667F3BCC909ull);
}

/* Whether a file of `size` bytes has the size of a stamp: the record, or
 * the record, a path and its check. */
static int stamp_size_ok(off_t size)
{
    return size == (off_t)sizeof(stamp_rec) ||
           (size > (off_t)(sizeof(stamp_rec) + 8) &&
            size <= (off_t)(sizeof(stamp_rec) + STAMP_PATH_MAX + 8));
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

/* The stamp's file name in its directory: its dev, ino and seed. */
static int stamp_name(char *name, size_t n, uint64_t dev, uint64_t ino, uint64_t seed)
{
    return snprintf(name, n, "%llx-%llx-%llx.stamp", (unsigned long long)dev,
                    (unsigned long long)ino, (unsigned long long)seed);
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
    stamp_name(name, sizeof name, id->dev, id->ino, seed);
    int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    close(dfd);
    if (fd < 0)
        return 0;
    stamp_rec got, want;
    struct stat st;
    struct timespec now;
    int ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
             stamp_size_ok(st.st_size) &&
             pread(fd, &got, sizeof got, 0) == (ssize_t)sizeof got;
    stamp_fill(&want, id, seed, sum);
    ok = ok && memcmp(&got, &want, sizeof got) == 0;
    /* a stamp in use is kept young (its owner may set its times), at
     * most one write a day */
    if (ok && clock_gettime(CLOCK_REALTIME, &now) == 0 &&
        (int64_t)now.tv_sec - (int64_t)st.st_mtim.tv_sec > TG_STAMP_REFRESH_SEC)
        futimens(fd, NULL);
    close(fd);
    return ok;
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

/* The absolute path of the data file of `id` (malloc'd), or NULL when it
 * cannot be told: no path, too long, or the path no longer names the file
 * (a stamp without a path is pruned by age only). */
static char *data_path(const tg_datafile_id *id)
{
    char *path = id->path ? realpath(id->path, NULL) : NULL;
    struct stat st;
    if (path && (strlen(path) > STAMP_PATH_MAX || stat(path, &st) != 0 ||
                 (uint64_t)st.st_dev != id->dev || (uint64_t)st.st_ino != id->ino)) {
        free(path);
        path = NULL;
    }
    return path;
}

/* 1 when `name` is a stamp's (stamp_name's), 2 when it is a temporary
 * one of tg_stamp_record's (NAME.tmpPID-N), else 0; its dev, ino and seed
 * in key. */
static int parse_name(const char *name, uint64_t key[3])
{
    const char *p = name;
    for (int k = 0; k < 3; k++) {
        char *end;
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return 0;
        key[k] = strtoull(p, &end, 16);
        if (k < 2 && *end != '-')
            return 0;
        p = end + 1;
    }
    char canon[96];
    int n = stamp_name(canon, sizeof canon, key[0], key[1], key[2]);
    if (strncmp(name, canon, (size_t)n) != 0)
        return 0;
    p = name + n;
    if (*p == '\0')
        return 1;
    if (strncmp(p, ".tmp", 4) != 0)
        return 0;
    p += 4;
    size_t digits = strspn(p, "0123456789");
    if (!digits || p[digits] != '-')
        return 0;
    p += digits + 1;
    digits = strspn(p, "0123456789");
    return digits && p[digits] == '\0' ? 2 : 0;
}

/* Whether the `n` bytes `buf` of a stamp file named by `key` are a valid
 * stamp that can never match again: `old` (not touched for
 * TG_STAMP_MAX_AGE_DAYS), or its path names no file, another file, or
 * another version of the file (a file's ctime never goes back). */
static int stamp_stale(const unsigned char *buf, size_t n, const uint64_t key[3], int old)
{
    stamp_rec r;
    memcpy(&r, buf, sizeof r);
    if (memcmp(r.magic, STAMP_MAGIC, 8) != 0 || r.check != stamp_check(&r) || r.dev != key[0] ||
        r.ino != key[1] || r.seed != key[2])
        return 0; /* not a stamp: never removed */
    size_t len = n > sizeof r ? n - sizeof r - 8 : 0;
    uint64_t check;
    char path[STAMP_PATH_MAX + 1];
    if (old || !len)
        return old;
    memcpy(&check, buf + sizeof r + len, 8);
    memcpy(path, buf + sizeof r, len);
    path[len] = '\0';
    if (check != stamp_mix(path, len, r.check) || strlen(path) != len || path[0] != '/')
        return 0; /* a damaged path: pruned by age only */
    struct stat st;
    if (stat(path, &st) != 0)
        return errno == ENOENT || errno == ENOTDIR;
    /* the record the file's version now would have: tg_stamp_matches's test */
    tg_datafile_id now;
    stamp_rec want;
    tg_stamp_id(&st, &now);
    stamp_fill(&want, &now, r.seed, r.sum);
    return memcmp(&want, &r, sizeof r) != 0;
}

/* Removes the stale stamps of the directory `dfd` (stamp_stale): only
 * regular files of this user's with one link, a stamp's name and a valid
 * stamp in them, opened without following a link, and unlinked only if
 * the name still holds the file looked at; a temporary stamp only by its
 * age (a crash's leftover).  A young stamp without a path costs one
 * fstatat, one with a path five system calls.  Stamps are a
 * cache: one removed while another start rewrote it costs that file one
 * full verification. */
static void prune(int dfd)
{
    int fd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    struct timespec now;
    if (!d || clock_gettime(CLOCK_REALTIME, &now) != 0) {
        if (d)
            closedir(d);
        else if (fd >= 0)
            close(fd);
        return;
    }
    struct dirent *e;
    unsigned char buf[sizeof(stamp_rec) + STAMP_PATH_MAX + 8];
    while ((e = readdir(d)) != NULL) {
        uint64_t key[3];
        struct stat st, again;
        int kind = e->d_type == DT_REG || e->d_type == DT_UNKNOWN ? parse_name(e->d_name, key) : 0;
        if (!kind || fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
            !S_ISREG(st.st_mode) || st.st_uid != geteuid() || st.st_nlink != 1 ||
            !stamp_size_ok(st.st_size))
            continue;
        int old = (int64_t)now.tv_sec - (int64_t)st.st_mtim.tv_sec >
                  (int64_t)TG_STAMP_MAX_AGE_DAYS * 86400;
        if (!old && (kind == 2 || st.st_size == (off_t)sizeof(stamp_rec)))
            continue; /* young, and a writer's or without a path: nothing to tell */
        int sfd = openat(dfd, e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (sfd < 0)
            continue;
        int stale = pread(sfd, buf, sizeof buf, 0) == (ssize_t)st.st_size &&
                    stamp_stale(buf, (size_t)st.st_size, key, old);
        close(sfd);
        if (stale && fstatat(dfd, e->d_name, &again, AT_SYMLINK_NOFOLLOW) == 0 &&
            again.st_dev == st.st_dev && again.st_ino == st.st_ino)
            unlinkat(dfd, e->d_name, 0);
    }
    closedir(d);
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
    stamp_name(name, sizeof name, id->dev, id->ino, seed);
    snprintf(tmp, sizeof tmp, "%s.tmp%ld-%u", name, (long)getpid(),
             atomic_fetch_add(&serial, 1u));
    /* the record, then the file's path and its check */
    unsigned char buf[sizeof(stamp_rec) + STAMP_PATH_MAX + 8];
    stamp_rec r;
    stamp_fill(&r, id, seed, sum);
    memcpy(buf, &r, sizeof r);
    size_t n = sizeof r;
    char *path = data_path(id);
    if (path) {
        size_t len = strlen(path);
        uint64_t check = stamp_mix(path, len, r.check);
        memcpy(buf + n, path, len);
        memcpy(buf + n + len, &check, 8);
        n += len + 8;
        free(path);
    }
    int fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
        int bad = write(fd, buf, n) != (ssize_t)n;
        bad |= close(fd) != 0;
        if (bad || renameat(dfd, tmp, dfd, name) != 0)
            unlinkat(dfd, tmp, 0);
        else
            prune(dfd); /* a full verification happened: rare enough to look */
    }
    close(dfd);
}
