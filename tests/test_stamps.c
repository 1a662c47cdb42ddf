/*
 * test_stamps — verification stamps (datafile_stamp.h) under
 * tg_datafile_verify: a version of a file verified once is trusted to its
 * stamp (the body not hashed again: an image changed in memory still
 * passes, which only a skipped hash can do), while any other version (one
 * field of its id differs), another stored checksum, an unknown id, no
 * cache, a damaged stamp or a directory others may write to means a full
 * verification; the directory is made 0700 and stamps 0600; threads
 * stamping the same file at once all pass and leave one stamp and no
 * temporary file.  Usage: test_stamps TMPDIR
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
