/*
 * test_stamps — verification stamps (datafile_stamp.h) under
 * tg_datafile_verify: a version of a file verified once is trusted to its
 * stamp (the body not hashed again: an image changed in memory still
 * passes, which only a skipped hash can do), while any other version (one
 * field of its id differs), another stored checksum, an unknown id, no
 * cache, a damaged stamp or a directory others may write to means a full
 * verification; the directory is made 0700 and stamps 0600; threads
 * stamping the same file at once all pass and leave one stamp and no
 * temporary file.  Pruning: a stamp written removes the stamps of files
 * rebuilt, removed or changed in place and those older than
 * TG_STAMP_MAX_AGE_DAYS, and leaves live stamps, young temporary ones
 * (whatever their path) and every file that is not a valid stamp; a stamp that matches is touched
 * once a day.  Usage: test_stamps TMPDIR
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "datafile.h"
#include "datafile_stamp.h"

#define HEADER 64
#define SUM_AT 8
#define SEED 0x1234567890ABCDEFull
#define SIZE 4096

static unsigned char image[SIZE];
static char dir[4096];

/* Files in dir: stamps, and those whose names hold ".tmp". */
static void count_files(int *stamps, int *tmps)
{
    *stamps = *tmps = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strstr(e->d_name, ".tmp"))
            ++*tmps;
        else if (strstr(e->d_name, ".stamp"))
            ++*stamps;
    }
    if (d)
        closedir(d);
}

static tg_datafile_id an_id(void)
{
    tg_datafile_id id = {.dev = 7,
                         .ino = 42,
                         .size = SIZE,
                         .mtime_sec = 1700000000,
                         .mtime_nsec = 5,
                         .ctime_sec = 1700000001,
                         .ctime_nsec = 6,
                         .known = 1};
    return id;
}

static int verify(const tg_datafile_id *id, const tg_load_options *lo)
{
    return tg_datafile_verify(image, SIZE, HEADER, SUM_AT, SEED, 0, id, lo);
}

static void *stamp_at_once(void *arg)
{
    const tg_load_options *lo = arg;
    tg_datafile_id id = an_id();
    id.ino = 43;
    int ok = 1;
    for (int i = 0; i < 50; i++)
        ok &= verify(&id, lo);
    return ok ? arg : NULL;
}


/* --- pruning (test_prune): files and stamps under TMPDIR/stamps-PID/prune */

static char pdir[4300]; /* the stamps' directory */
static char fdir[4300]; /* the data files' */

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    CHECK(f && fwrite(data, 1, n, f) == n);
    if (f)
        fclose(f);
}

/* path of `name` in the directory `in` */
static const char *in_dir(const char *in, const char *name)
{
    static char path[2][5300];
    static int which;
    which ^= 1;
    snprintf(path[which], sizeof path[which], "%s/%s", in, name);
    return path[which];
}

/* The stamp's name of a file of `id`'s (stamp_name's). */
static const char *stamp_of(const tg_datafile_id *id)
{
    static char name[96];
    snprintf(name, sizeof name, "%llx-%llx-%llx.stamp", (unsigned long long)id->dev,
             (unsigned long long)id->ino, (unsigned long long)SEED);
    return in_dir(pdir, name);
}

static int present(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* Sets the modification time of `path` (never following a link) `ago`
 * seconds back. */
static void set_age(const char *path, long ago)
{
    struct timespec t[2];
    clock_gettime(CLOCK_REALTIME, &t[0]);
    t[0].tv_sec -= ago;
    t[1] = t[0];
    CHECK(utimensat(AT_FDCWD, path, t, AT_SYMLINK_NOFOLLOW) == 0);
}

static long age_of(const char *path)
{
    struct stat st;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return lstat(path, &st) == 0 ? (long)(now.tv_sec - st.st_mtim.tv_sec) : -1;
}

/* The id of the data file `name` as a load tells it, taken as settled. */
static tg_datafile_id id_of(const char *name)
{
    static char paths[8][5300]; /* id.path lasts to the end */
    static int used;
    struct stat st;
    tg_datafile_id id = {0};
    char *path = paths[used++ % 8];
    snprintf(path, sizeof paths[0], "%s", in_dir(fdir, name));
    CHECK(stat(path, &st) == 0);
    tg_stamp_id(&st, &id);
    id.known = 1;
    id.path = path;
    return id;
}

static void test_prune(const char *top)
{
    snprintf(pdir, sizeof pdir, "%s/prune", top);
    snprintf(fdir, sizeof fdir, "%s/files", top);
    CHECK(mkdir(fdir, 0700) == 0);
    const tg_load_options lo = {.verify_cache = pdir};
    /* every file made first: no inode is reused for another meanwhile */
    const char *names[] = {"rebuilt", "removed", "changed", "kept", "new", "rebuilt.new"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        write_file(in_dir(fdir, names[i]), image, SIZE);
    tg_datafile_id rebuilt = id_of("rebuilt"), removed = id_of("removed"),
                   changed = id_of("changed"), kept = id_of("kept"), fresh = id_of("new");
    CHECK(verify(&rebuilt, &lo) == 1 && verify(&removed, &lo) == 1 &&
          verify(&changed, &lo) == 1 && verify(&kept, &lo) == 1);
    char rebuilt_stamp[5300], removed_stamp[5300], changed_stamp[5300], kept_stamp[5300];
    snprintf(rebuilt_stamp, sizeof rebuilt_stamp, "%s", stamp_of(&rebuilt));
    snprintf(removed_stamp, sizeof removed_stamp, "%s", stamp_of(&removed));
    snprintf(changed_stamp, sizeof changed_stamp, "%s", stamp_of(&changed));
    snprintf(kept_stamp, sizeof kept_stamp, "%s", stamp_of(&kept));
    struct stat st;
    /* a stamp records its file's absolute path (and a check of it) */
    char *abs = realpath(kept.path, NULL);
    CHECK(abs && stat(kept_stamp, &st) == 0 && st.st_size == 88 + (off_t)strlen(abs) + 8);
    free(abs);

    /* stamps without a path: a young one stays, an old one goes, and so
     * does a temporary one left by a crash long ago (not a writer's young
     * one between its write and rename) */
    tg_datafile_id young = an_id(), old = an_id(), linked = an_id();
    old.ino = 44;
    linked.ino = 46;
    CHECK(verify(&young, &lo) == 1 && verify(&old, &lo) == 1 && verify(&linked, &lo) == 1);
    char young_stamp[5300], old_stamp[5300], linked_stamp[5300], tmp_young[5400],
        tmp_old[5400];
    snprintf(young_stamp, sizeof young_stamp, "%s", stamp_of(&young));
    snprintf(old_stamp, sizeof old_stamp, "%s", stamp_of(&old));
    snprintf(linked_stamp, sizeof linked_stamp, "%s", stamp_of(&linked));
    CHECK(stat(young_stamp, &st) == 0 && st.st_size == 88);
    unsigned char rec[88];
    FILE *f = fopen(young_stamp, "rb");
    CHECK(f && fread(rec, 1, 88, f) == 88);
    if (f)
        fclose(f);
    snprintf(tmp_young, sizeof tmp_young, "%s.tmp12-3", young_stamp);
    snprintf(tmp_old, sizeof tmp_old, "%s.tmp12-4", young_stamp);
    write_file(tmp_young, rec, 88);
    write_file(tmp_old, rec, 88);
    /* (a writer's, of a file removed before it renames it: kept too) */
    char tmp_with_path[5400];
    unsigned char with_path[88 + 4096 + 8];
    snprintf(tmp_with_path, sizeof tmp_with_path, "%s.tmp12-5", removed_stamp);
    f = fopen(removed_stamp, "rb");
    size_t with_path_size = f ? fread(with_path, 1, sizeof with_path, f) : 0;
    if (f)
        fclose(f);
    CHECK(with_path_size > 96);
    write_file(tmp_with_path, with_path, with_path_size);
    const long long_ago = (long)TG_STAMP_MAX_AGE_DAYS * 86400 + 3600;
    set_age(old_stamp, long_ago);
    set_age(tmp_old, long_ago);

    /* files that are not valid stamps, however old, are never removed: a
     * user's file, wrong sizes, a valid stamp under a name not its own or
     * not written as stamp_name does, a damaged stamp, a directory, a link
     * to an old stamp under a stamp's name, an old stamp with two links */
    char seed[32];
    snprintf(seed, sizeof seed, "%llx", (unsigned long long)SEED);
    char others[7][128];
    snprintf(others[0], sizeof others[0], "notes.txt");
    snprintf(others[1], sizeof others[1], "1-2-3.stamp");
    snprintf(others[2], sizeof others[2], "7-2b-%s.stamp", seed);
    snprintf(others[3], sizeof others[3], "7-2A-%s.stamp", seed);
    snprintf(others[4], sizeof others[4], "07-2a-%s.stamp", seed);
    snprintf(others[5], sizeof others[5], "7-2a-%s.stamp.tmp99-1", seed);
    snprintf(others[6], sizeof others[6], "7-31-%s.stamp", seed);
    write_file(in_dir(pdir, others[0]), "a user's file", 13);
    write_file(in_dir(pdir, others[1]), "TGSTAMP1 and 19 bytes", 21);
    write_file(in_dir(pdir, others[2]), rec, 88);
    write_file(in_dir(pdir, others[3]), rec, 88);
    write_file(in_dir(pdir, others[4]), rec, 88);
    rec[75] ^= 1; /* the checksum: the stamp's own check fails */
    write_file(in_dir(pdir, others[5]), rec, 88);
    CHECK(mkdir(in_dir(pdir, others[6]), 0700) == 0);
    for (int i = 0; i < 7; i++)
        set_age(in_dir(pdir, others[i]), 400L * 86400);
    char symlinked[5400];
    snprintf(symlinked, sizeof symlinked, "%s/7-2d-%s.stamp", pdir, seed);
    CHECK(symlink(old_stamp, symlinked) == 0);
    set_age(symlinked, 400L * 86400);
    CHECK(link(linked_stamp, in_dir(fdir, "second-link")) == 0);
    set_age(linked_stamp, long_ago);

    /* the data files go stale: rebuilt (another file at the path),
     * removed, and changed in place (the same inode; another size, as a
     * clock tick may not have passed for its times) */
    CHECK(rename(in_dir(fdir, "rebuilt.new"), in_dir(fdir, "rebuilt")) == 0);
    CHECK(unlink(in_dir(fdir, "removed")) == 0);
    write_file(in_dir(fdir, "changed"), image, SIZE - 8);
    /* nothing is pruned until a stamp is written */
    CHECK(present(rebuilt_stamp) && present(removed_stamp) && present(changed_stamp) &&
          present(old_stamp) && present(tmp_old));
    CHECK(verify(&kept, &lo) == 1); /* a hit writes nothing */
    CHECK(present(rebuilt_stamp) && present(removed_stamp) && present(old_stamp));

    /* a stamp written: the stale ones removed, nothing else */
    CHECK(verify(&fresh, &lo) == 1);
    CHECK(present(stamp_of(&fresh)));
    CHECK(!present(rebuilt_stamp));
    CHECK(!present(removed_stamp));
    CHECK(!present(changed_stamp));
    CHECK(!present(old_stamp));
    CHECK(!present(tmp_old));
    CHECK(present(kept_stamp) && present(young_stamp) && present(tmp_young) &&
          present(tmp_with_path));
    for (int i = 0; i < 7; i++)
        CHECK(present(in_dir(pdir, others[i])));
    CHECK(present(symlinked) && present(linked_stamp));

    /* a stamp that matches is touched, at most once a day */
    set_age(kept_stamp, 3600);
    image[HEADER + 100] ^= 1; /* trusted to its stamp: not hashed */
    CHECK(verify(&kept, &lo) == 1);
    CHECK(age_of(kept_stamp) >= 3600);
    set_age(kept_stamp, TG_STAMP_REFRESH_SEC + 3600);
    CHECK(verify(&kept, &lo) == 1);
    CHECK(age_of(kept_stamp) >= 0 && age_of(kept_stamp) < 60);
    /* so a stamp in use stays when stamps are pruned */
    set_age(kept_stamp, long_ago);
    CHECK(verify(&kept, &lo) == 1);
    image[HEADER + 100] ^= 1;
    tg_datafile_id now_rebuilt = id_of("rebuilt");
    CHECK(verify(&now_rebuilt, &lo) == 1 && present(stamp_of(&now_rebuilt)));
    CHECK(present(kept_stamp));

    /* clean up */
    DIR *d;
    struct dirent *e;
    const char *dirs[] = {pdir, fdir};
    for (int k = 0; k < 2; k++) {
        if ((d = opendir(dirs[k])) != NULL) {
            while ((e = readdir(d)) != NULL)
                if (e->d_name[0] != '.')
                    CHECK(remove(in_dir(dirs[k], e->d_name)) == 0);
            closedir(d);
        }
        CHECK(rmdir(dirs[k]) == 0);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_stamps TMPDIR\n");
        return 2;
    }
    for (size_t i = 0; i < SIZE; i++)
        image[i] = (unsigned char)(i * 131 + 7);
    tg_datafile_seal(image, SIZE, HEADER, SUM_AT, SEED);
    snprintf(dir, sizeof dir, "%s/stamps-%ld/a/b", argv[1], (long)getpid());
    const tg_load_options lo = {.verify_cache = dir}, none = {0};
    tg_datafile_id id = an_id();
    struct stat st;
    int stamps, tmps;

    /* verified in full, stamped; the directories made 0700 */
    CHECK(verify(&id, &lo) == 1);
    CHECK(stat(dir, &st) == 0 && (st.st_mode & 0777) == 0700);
    count_files(&stamps, &tmps);
    CHECK(stamps == 1 && tmps == 0);
    CHECK(tg_stamp_matches(dir, &id, SEED, 0) == 0); /* another checksum */

    /* the body changed in memory: the stamp is trusted (no hash) ... */
    image[HEADER + 100] ^= 1;
    CHECK(verify(&id, &lo) == 1);
    /* ... but not without the cache, nor for another version of the file */
    CHECK(verify(&id, &none) == 0);
    CHECK(verify(&id, NULL) == 0);
    CHECK(verify(NULL, &lo) == 0);
    tg_datafile_id other = id;
    other.ctime_nsec++;
    CHECK(verify(&other, &lo) == 0);
    other = id;
    other.size++;
    CHECK(verify(&other, &lo) == 0);
    other = id;
    other.known = 0;
    CHECK(verify(&other, &lo) == 0);
    CHECK(verify(&id, &lo) == 1); /* a failed verification left the stamp */
    image[HEADER + 100] ^= 1;

    /* another stored checksum: not the stamp's */
    image[SUM_AT] ^= 1;
    CHECK(verify(&id, &lo) == 0);
    image[SUM_AT] ^= 1;

    /* an unknown id: verified, not stamped */
    other = id;
    other.ino = 99;
    other.known = 0;
    CHECK(verify(&other, &lo) == 1);
    count_files(&stamps, &tmps);
    CHECK(stamps == 1);

    /* a damaged stamp: a full verification, which stamps again */
    char path[4400];
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        if (strstr(e->d_name, ".stamp"))
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (d)
        closedir(d);
    CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
    CHECK(truncate(path, 10) == 0);
    image[HEADER + 100] ^= 1;
    CHECK(verify(&id, &lo) == 0);
    image[HEADER + 100] ^= 1;
    CHECK(verify(&id, &lo) == 1);
    CHECK(stat(path, &st) == 0 && st.st_size > 10);

    /* a directory others may write to is not used */
    uint64_t stored;
    memcpy(&stored, image + SUM_AT, 8);
    CHECK(tg_stamp_matches(dir, &id, SEED, stored) == 1);
    CHECK(chmod(dir, 0770) == 0);
    CHECK(tg_stamp_matches(dir, &id, SEED, stored) == 0);
    CHECK(chmod(dir, 0700) == 0);

    /* a cache that cannot be made: verified in full, quietly */
    char file_dir[4200];
    snprintf(file_dir, sizeof file_dir, "%s/file", dir);
    FILE *f = fopen(file_dir, "w");
    if (f)
        fclose(f);
    char under_file[4300];
    snprintf(under_file, sizeof under_file, "%s/cache", file_dir);
    const tg_load_options bad = {.verify_cache = under_file};
    CHECK(verify(&id, &bad) == 1);
    remove(file_dir);

    /* threads stamping the same file at once */
    pthread_t th[8];
    int started = 0;
    for (int i = 0; i < 8; i++)
        started += pthread_create(&th[i], NULL, stamp_at_once, (void *)&lo) == 0;
    int all = 1;
    for (int i = 0; i < started; i++) {
        void *r;
        pthread_join(th[i], &r);
        all &= r != NULL;
    }
    CHECK(started == 8 && all);
    count_files(&stamps, &tmps);
    CHECK(stamps == 2 && tmps == 0);

    /* a file changed just now: not known (its timestamps could not tell a
     * change in the same tick) */
    char fresh[4200];
    snprintf(fresh, sizeof fresh, "%s/fresh.bin", dir);
    if ((f = fopen(fresh, "wb")) != NULL) {
        fwrite(image, 1, SIZE, f);
        fclose(f);
    }
    void *data = NULL;
    size_t size = 0;
    tg_datafile_id fid;
    tagger_error err = {0};
    CHECK(tg_datafile_load(fresh, "test file", HEADER, &lo, &data, &size, &fid, &err) ==
          TAGGER_OK);
    CHECK(size == SIZE && fid.known == 0 && stat(fresh, &st) == 0 &&
          fid.ino == (uint64_t)st.st_ino && fid.dev == (uint64_t)st.st_dev);
    tg_datafile_free(data);
    remove(fresh);

    char top[4200];
    snprintf(top, sizeof top, "%s/stamps-%ld", argv[1], (long)getpid());
    test_prune(top);

    /* clean up: the stamps, then the directories made */
    if ((d = opendir(dir)) != NULL) {
        while ((e = readdir(d)) != NULL) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            if (e->d_name[0] != '.')
                remove(path);
        }
        closedir(d);
    }
    for (int up = 0; up < 3; up++) {
        CHECK(rmdir(dir) == 0);
        *strrchr(dir, '/') = '\0';
    }
    return check_done();
}
