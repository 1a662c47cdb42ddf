/*
 * bench_file_pmd — how much of a file the kernel maps with 2 MiB entries.
 *
 * Usage: bench_file_pmd [--hugepage] FILE...
 *
 * Each file is mapped read-only at a 2 MiB boundary (as the library's
 * datafile.c maps data files of 2 MiB or more), optionally asked for huge
 * pages (MADV_HUGEPAGE, as the library does), and every page is touched;
 * then the process's FilePmdMapped (from /proc/self/smaps_rollup, one file
 * mapped at a time) says how much of it sits in 2 MiB folios of the page
 * cache.  Touching a file that is not in the cache reads it in: without
 * --hugepage in small folios, as read() or cp do; with it, in 2 MiB ones.
 * docs/performance.md (pagecache74 and the lead's section after it) says
 * what the figures mean.
 */
#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define HUGE ((size_t)2 << 20)

/* FilePmdMapped of this process in kB, or -1. */
static long file_pmd_kb(void)
{
    FILE *f = fopen("/proc/self/smaps_rollup", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "FilePmdMapped: %ld kB", &kb) == 1)
            break;
    if (f)
        fclose(f);
    return kb;
}

static int measure(const char *path, int hugepage)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size == 0) {
        fprintf(stderr, "bench_file_pmd: %s: cannot open or empty\n", path);
        if (fd >= 0)
            close(fd);
        return 1;
    }
    const size_t n = (size_t)st.st_size;
    unsigned char *res = mmap(NULL, n + HUGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (res == MAP_FAILED) {
        close(fd);
        return 1;
    }
    unsigned char *at = res + (HUGE - (uintptr_t)res % HUGE) % HUGE;
    const volatile unsigned char *p = mmap(at, n, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        munmap(res, n + HUGE);
        return 1;
    }
#ifdef MADV_HUGEPAGE
    if (hugepage)
        madvise(at, n, MADV_HUGEPAGE);
#endif
    for (size_t i = 0; i < n; i += 4096)
        (void)p[i]; /* a volatile read: the page is faulted in */
    printf("%s: %zu kB, FilePmdMapped %ld kB\n", path, (n + 1023) / 1024, file_pmd_kb());
    munmap(res, n + HUGE);
    return 0;
}

int main(int argc, char **argv)
{
    int hugepage = argc > 1 && strcmp(argv[1], "--hugepage") == 0;
    if (argc < 2 + hugepage || strcmp(argv[1], "--help") == 0) {
        fprintf(argc < 2 ? stderr : stdout, "usage: bench_file_pmd [--hugepage] FILE...\n");
        return argc < 2 ? 2 : 0;
    }
    int bad = 0;
    for (int i = 1 + hugepage; i < argc; i++)
        bad |= measure(argv[i], hugepage);
    return bad;
}
