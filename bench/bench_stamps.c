/*
 * bench_stamps — the cost of writing a verification stamp, which prunes
 * the stale ones (datafile_stamp.h), and of a stamp that matches.
 *
 * Usage: bench_stamps DIR STALE OLD_FORMAT
 * In DIR (made empty beforehand): OLD_FORMAT stamps without a path, then
 * STALE stamps of files DIR/files/fN, which are then removed.  Prints the
 * time of the one record that prunes them, of a record in the directory
 * afterwards (the mean of 200), and of a hit (the mean of 10,000).
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "datafile_stamp.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int count(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

/* A file of one byte at `path`, and its id taken as settled. */
static tg_datafile_id new_file(const char *path)
{
    struct stat st;
    tg_datafile_id id = {0};
    FILE *f = fopen(path, "w");
    if (f) {
        fputc('x', f);
        fclose(f);
    }
    if (stat(path, &st) == 0)
        tg_stamp_id(&st, &id);
    id.known = 1;
    id.path = path;
    return id;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: bench_stamps DIR STALE OLD_FORMAT\n");
        return 2;
    }
    int stale = atoi(argv[2]), old = atoi(argv[3]);
    char cache[4200], files[4200], path[4300];
    snprintf(cache, sizeof cache, "%s/cache", argv[1]);
    snprintf(files, sizeof files, "%s/files", argv[1]);
    if (mkdir(files, 0700) != 0) {
        perror(files);
        return 1;
    }
    for (int i = 0; i < old; i++) {
        tg_datafile_id id = {.dev = 9, .ino = 1000 + (uint64_t)i, .size = 1, .mtime_sec = 1,
                             .ctime_sec = 1, .known = 1};
        tg_stamp_record(cache, &id, 5, 6);
    }
    for (int i = 0; i < stale; i++) {
        snprintf(path, sizeof path, "%s/f%d", files, i);
        tg_datafile_id id = new_file(path);
        tg_stamp_record(cache, &id, 7, 8);
    }
    for (int i = 0; i < stale; i++) {
        snprintf(path, sizeof path, "%s/f%d", files, i);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/live", files);
    tg_datafile_id live = new_file(path);
    int before = count(cache);
    double a = now();
    tg_stamp_record(cache, &live, 7, 8);
    double b = now();
    printf("the record that prunes: %.2f ms (%d files before, %d after)\n", (b - a) * 1e3,
           before, count(cache));
    a = now();
    for (int i = 0; i < 200; i++)
        tg_stamp_record(cache, &live, 7, 8);
    b = now();
    printf("a record afterwards: %.3f ms\n", (b - a) * 1e3 / 200);
    a = now();
    int hits = 0;
    for (int i = 0; i < 10000; i++)
        hits += tg_stamp_matches(cache, &live, 7, 8);
    b = now();
    printf("a hit: %.2f us (%d of 10000 matched)\n", (b - a) * 1e6 / 10000, hits);
    return 0;
}
