/*
 * fuzz_common.h — what the fuzz targets share.
 *
 * Each target defines LLVMFuzzerTestOneInput (and, when it loads something
 * once, LLVMFuzzerInitialize).  Built with clang -fsanitize=fuzzer they are
 * libFuzzer binaries (`make fuzz`); built with any compiler and replay.c they
 * are plain programs that run saved inputs, which is how ctest replays the
 * seeds and every input that once crashed (fuzz/regressions/).
 *
 * The loaders under test take paths, so a target writes its input to a
 * scratch file of its own (one per process) and loads that.  The source
 * tree's data (rules, golden gazetteer, models) is found through
 * TAGGER_SOURCE_DIR, which CMake defines.
 */
#ifndef TAGGER_FUZZ_COMMON_H
#define TAGGER_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef TAGGER_SOURCE_DIR
#error "TAGGER_SOURCE_DIR must name the source tree"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* "$TMPDIR/tagger-fuzz-PID-NAME": a scratch path private to this process. */
static inline const char *fuzz_scratch_path(char *buf, size_t cap, const char *name)
{
    const char *dir = getenv("TMPDIR");
    snprintf(buf, cap, "%s/tagger-fuzz-%ld-%s", dir && *dir ? dir : "/tmp", (long)getpid(),
             name);
    return buf;
}

/* Writes data[0..size) to path; aborts when it cannot (the run is useless). */
static inline void fuzz_write_file(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(path);
        abort();
    }
}

/* Aborts (a crash libFuzzer reports) when a property the library promises
 * does not hold. */
#define FUZZ_ASSERT(cond)                                                       \
    do {                                                                        \
        if (!(cond)) {                                                          \
            fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                     \
            abort();                                                            \
        }                                                                       \
    } while (0)

#endif /* TAGGER_FUZZ_COMMON_H */
