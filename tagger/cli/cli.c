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

tagger *cli_load_tagger(size_t max_doc_bytes)
{
    tagger_error err = {0};
    tagger_config *cfg = tagger_config_new();
    if (!cfg) {
        cli_error("out of memory");
        return NULL;
    }
    if (max_doc_bytes && tagger_config_set_max_doc_bytes(cfg, max_doc_bytes) != TAGGER_OK) {
        cli_error("--max-doc-bytes: %zu is out of range (1 byte to 1G)", max_doc_bytes);
        tagger_config_free(cfg);
        return NULL;
    }
    tagger *t = tagger_new(cfg, &err);
    tagger_config_free(cfg);
    if (!t)
        cli_error("%s", err.message);
    return t;
}
