/* cli.c — input, output and option helpers shared by the subcommands. */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("tagger: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

const char *cli_input_name(const char *path)
{
    return !path || strcmp(path, "-") == 0 ? "<stdin>" : path;
}

char *cli_read_all(const char *path, size_t *len)
{
    int fd = 0;
    const char *name = cli_input_name(path);
    if (path && strcmp(path, "-") != 0) {
        fd = open(path, O_RDONLY);
        if (fd < 0) {
            cli_error("cannot open '%s': %s", path, strerror(errno));
            return NULL;
        }
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf)
        goto nomem;
    for (;;) {
        if (n == cap) {
            char *grown = realloc(buf, cap * 2 + 1);
            if (!grown)
                goto nomem;
            buf = grown;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r == 0)
            break;
        if (r < 0) {
            if (errno == EINTR)
                continue;
            cli_error("%s: read error: %s", name, strerror(errno));
            free(buf);
            if (fd != 0)
                close(fd);
            return NULL;
        }
        n += (size_t)r;
    }
    if (fd != 0)
        close(fd);
    buf[n] = '\0';
    *len = n;
    return buf;

nomem:
    cli_error("%s: out of memory reading input", name);
    free(buf);
    if (fd != 0)
        close(fd);
    return NULL;
}

static int output_failed;

static int report_write_error(void)
{
    if (!output_failed)
        cli_error("writing output: %s", strerror(errno ? errno : EIO));
    output_failed = 1;
    return -1;
}

int cli_write_line(const char *s, size_t len)
{
    if (output_failed)
        return -1;
    errno = 0;
    if (fwrite(s, 1, len, stdout) != len || putchar('\n') == EOF)
        return report_write_error();
    return 0;
}

int cli_finish_output(void)
{
    if (output_failed)
        return -1;
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout))
        return report_write_error();
    if (fclose(stdout) != 0)
        return report_write_error();
    return 0;
}

int cli_parse_offsets(const char *value, tagger_offset_unit *unit)
{
    if (strcmp(value, "codepoint") == 0)
        *unit = TAGGER_OFFSETS_CODEPOINT;
    else if (strcmp(value, "utf16") == 0)
        *unit = TAGGER_OFFSETS_UTF16;
    else if (strcmp(value, "utf8") == 0)
        *unit = TAGGER_OFFSETS_UTF8;
    else {
        cli_error("--offsets: expected codepoint, utf16 or utf8, got '%s'", value);
        return -1;
    }
    return 0;
}

int cli_parse_size(const char *value, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(value, &end, 10);
    if (end == value || errno || value[0] == '-')
        return -1;
    unsigned long long mult = 1;
    if (*end == 'K' || *end == 'k')
        mult = 1ULL << 10, end++;
    else if (*end == 'M' || *end == 'm')
        mult = 1ULL << 20, end++;
    else if (*end == 'G' || *end == 'g')
        mult = 1ULL << 30, end++;
    if (*end != '\0' || v == 0 || v > (unsigned long long)SIZE_MAX / mult)
        return -1;
    *out = (size_t)(v * mult);
    return 0;
}

int cli_parse_load_option(int argc, char **argv, int *i, cli_load_options *o)
{
    const char *arg = argv[*i];
    const char *next = *i + 1 < argc ? argv[*i + 1] : NULL;
    if (strcmp(arg, "--no-default-gazetteer") == 0) {
        o->no_default_gazetteer = 1;
        return 1;
    }
    if (strcmp(arg, "--all-matches") == 0) {
        o->all_matches = 1;
        return 1;
    }
    if (strcmp(arg, "--gazetteer") == 0 || strcmp(arg, "-g") == 0) {
        if (!next) {
            cli_error("%s needs a file", arg);
            return -1;
        }
        if (o->ngazetteers == sizeof o->gazetteers / sizeof o->gazetteers[0]) {
            cli_error("too many --gazetteer options (at most 64)");
            return -1;
        }
        o->gazetteers[o->ngazetteers++] = next;
        (*i)++;
        return 1;
    }
    if (strcmp(arg, "--max-doc-bytes") == 0) {
        if (!next || cli_parse_size(next, &o->max_doc_bytes)) {
            cli_error("--max-doc-bytes: expected a positive size, got '%s'", next ? next : "");
            return -1;
        }
        (*i)++;
        return 1;
    }
    return 0;
}

const char *cli_default_gazetteer(void)
{
    static char path[4096];
    const char *env = getenv("TAGGER_DATA_DIR");
    if (env && *env) {
        snprintf(path, sizeof path, "%s/gazetteer.bin", env);
        return access(path, R_OK) == 0 ? path : NULL;
    }
    char exe[2048];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return NULL;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    snprintf(path, sizeof path, "%s/data/gazetteer.bin", exe);
    if (access(path, R_OK) == 0)
        return path;
    snprintf(path, sizeof path, "%s/../share/tagger/gazetteer.bin", exe);
    if (access(path, R_OK) == 0)
        return path;
    return NULL;
}

tagger *cli_load_tagger(const cli_load_options *o)
{
    tagger_error err = {0};
    tagger_config *cfg = tagger_config_new();
    if (!cfg) {
        cli_error("out of memory");
        return NULL;
    }
    if (o->max_doc_bytes &&
        tagger_config_set_max_doc_bytes(cfg, o->max_doc_bytes) != TAGGER_OK) {
        cli_error("--max-doc-bytes: %zu is out of range (1 byte to 1G)", o->max_doc_bytes);
        tagger_config_free(cfg);
        return NULL;
    }
    int ok = tagger_config_set_all_matches(cfg, o->all_matches) == TAGGER_OK;
    const char *def = o->no_default_gazetteer ? NULL : cli_default_gazetteer();
    if (def)
        ok &= tagger_config_add_gazetteer(cfg, def) == TAGGER_OK;
    for (size_t i = 0; i < o->ngazetteers; i++)
        ok &= tagger_config_add_gazetteer(cfg, o->gazetteers[i]) == TAGGER_OK;
    tagger *t = ok ? tagger_new(cfg, &err) : NULL;
    tagger_config_free(cfg);
    if (!t)
        cli_error("%s", ok ? err.message : "out of memory");
    return t;
}
