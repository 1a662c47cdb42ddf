/* cli_util.c — the CLI's ground floor (cli.h): byte buffers, UTF-8, lines,
 * whole numbers and sizes, and reading a file descriptor to its end under a
 * limit, and the one error line every command prints (cli_error).  Nothing
 * else here prints, except cli_parse_uint's error. */
#include "cli.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* -------------------------------------------------------------- errors */

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("tagger: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* ------------------------------------------------------------- buffers */

int cli_buf_reserve(cli_buf *b, size_t extra)
{
    if (b->data && extra <= b->cap - b->len)
        return 0;
    if (extra > SIZE_MAX - b->len - 1)
        return -1;
    size_t need = b->len + extra + 1, cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return -1;
    b->data = p;
    b->cap = cap - 1; /* one byte kept for a terminating NUL */
    return 0;
}

int cli_buf_append(cli_buf *b, const void *p, size_t n)
{
    if (cli_buf_reserve(b, n))
        return -1;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int cli_buf_append_str(cli_buf *b, const char *s)
{
    return cli_buf_append(b, s, strlen(s));
}

void cli_buf_reset(cli_buf *b, size_t keep)
{
    if (b->cap > keep) {
        free(b->data);
        b->data = NULL;
        b->cap = 0;
    }
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void cli_buf_free(cli_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* --------------------------------------------------------------- UTF-8 */

size_t cli_utf8_char(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    if (c < 0x80)
        return 1;
    if (c < 0xC2)
        return 0; /* continuation byte or overlong 2-byte lead */
    if (c < 0xE0)
        return n >= 2 && (p[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c < 0xF0) {
        if (n < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0))
            return 0; /* overlong, or a surrogate */
        return 3;
    }
    if (c < 0xF5) {
        if (n < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 ||
            (p[3] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90))
            return 0; /* overlong, or past U+10FFFF */
        return 4;
    }
    return 0;
}

int cli_utf8_valid(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        size_t n = cli_utf8_char(u + i, len - i);
        if (!n)
            return 0;
        i += n;
    }
    return 1;
}

/* --------------------------------------------------------------- lines */

void cli_lines_init(cli_lines *it, const char *buf, size_t len)
{
    it->buf = buf;
    it->len = len;
    it->pos = 0;
    it->number = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        it->pos = 3;
}

int cli_lines_next(cli_lines *it, const char **line, size_t *len)
{
    if (it->pos >= it->len)
        return 0;
    const char *s = it->buf + it->pos;
    const char *nl = memchr(s, '\n', it->len - it->pos);
    size_t n = nl ? (size_t)(nl - s) : it->len - it->pos;
    it->pos += n + (nl != NULL);
    if (n > 0 && s[n - 1] == '\r')
        n--;
    *line = s;
    *len = n;
    it->number++;
    return 1;
}

/* ------------------------------------------------------------- numbers */

int cli_parse_uint(const char *opt, const char *value, uint64_t min, uint64_t max,
                   const char *what, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long n = value ? strtoull(value, &end, 10) : 0;
    if (!value || !*value || *end || errno || value[0] == '-' || n < min || n > max) {
        cli_error("%s: expected %s from %" PRIu64 " to %" PRIu64 ", got '%s'", opt, what, min,
                  max, value ? value : "");
        return -1;
    }
    *out = n;
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

/* ------------------------------------------------------------- reading */

int cli_wait_input(int fd, int stop_fd)
{
    if (stop_fd < 0)
        return 0;
    for (;;) {
        struct pollfd p[2] = {{fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
        if (poll(p, 2, -1) >= 0)
            return p[1].revents ? -2 : 0;
        if (errno != EINTR)
            return -1;
    }
}

cli_read_status cli_read_fd(int fd, size_t max, int stop_fd, cli_buf *b, uint64_t *size,
                            char *msg, size_t msg_size)
{
    uint64_t ignored;
    struct stat st;
    int regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (!size)
        size = &ignored;
    *size = 0;
    b->len = 0;
    if (regular && (uint64_t)st.st_size > max) {
        *size = (uint64_t)st.st_size;
        snprintf(msg, msg_size, "document of %llu bytes exceeds the limit of %zu bytes",
                 (unsigned long long)st.st_size, max);
        return CLI_READ_TOO_LARGE;
    }
    /* a regular file fits at once (plus one byte to see its end); a stream
     * is read to one byte past the limit, never further */
    if (cli_buf_reserve(b, regular ? (size_t)st.st_size + 1 : (size_t)1 << 16))
        return CLI_READ_NOMEM;
    for (;;) {
        if (b->len > max) {
            snprintf(msg, msg_size, "document exceeds the limit of %zu bytes", max);
            return CLI_READ_TOO_LARGE;
        }
        if (b->len == b->cap &&
            cli_buf_reserve(b, b->len <= max / 2 ? b->len : max + 1 - b->len))
            return CLI_READ_NOMEM;
        if (!regular && cli_wait_input(fd, stop_fd) == -2)
            return CLI_READ_STOPPED;
        ssize_t r = read(fd, b->data + b->len, b->cap - b->len);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            snprintf(msg, msg_size, "read error: %s", strerror(errno));
            return CLI_READ_ERROR;
        }
        if (r == 0)
            break;
        b->len += (size_t)r;
        *size = b->len;
    }
    b->data[b->len] = '\0';
    return CLI_READ_OK;
}
