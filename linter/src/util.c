/*
 * util.c — allocation (with a failure hook for tests), growable buffers, file reading and
 * UTF-8 helpers. The rest of the library builds on these; nothing here knows contracts.
 */
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static unsigned long fail_countdown; /* 0 = allocation never fails on purpose */

void cl__alloc_fail_after(unsigned long n)
{
    fail_countdown = n;
}

static int should_fail(void)
{
    if (fail_countdown == 0)
        return 0;
    return --fail_countdown == 0;
}

void *cl__malloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *cl__calloc(size_t n, size_t size)
{
    if (should_fail())
        return NULL;
    return calloc(n ? n : 1, size ? size : 1);
}

void *cl__realloc(void *p, size_t n)
{
    if (should_fail())
        return NULL;
    return realloc(p, n ? n : 1);
}

void cl__free(void *p)
{
    free(p);
}

char *cl__strndup(const char *s, size_t n)
{
    char *copy = cl__malloc(n + 1);
    if (!copy)
        return NULL;
    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

char *cl__strdup(const char *s)
{
    return s ? cl__strndup(s, strlen(s)) : NULL;
}

void cl_error_clear(cl_error *err)
{
    if (!err)
        return;
    memset(err, 0, sizeof(*err));
    err->offset = -1;
}

int cl__error_set(cl_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        err->code = code;
        va_start(ap, fmt);
        vsnprintf(err->message, sizeof(err->message), fmt, ap);
        va_end(ap);
    }
    return code;
}

/* ---- buffers ---- */

int cl__buf_grow(cl_buf *b, size_t extra)
{
    size_t need, cap;
    char *p;

    if (extra > SIZE_MAX - b->len - 1)
        return CL_ENOMEM;
    need = b->len + extra + 1;
    if (b->max && need - 1 > b->max)
        return CL_ELIMIT;
    if (need <= b->cap)
        return 0;
    cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    if (b->max && cap > b->max + 1)
        cap = b->max + 1 > need ? b->max + 1 : need;
    p = cl__realloc(b->ptr, cap);
    if (!p)
        return CL_ENOMEM;
    b->ptr = p;
    b->cap = cap;
    b->ptr[b->len] = '\0'; /* the buffer is a string from its first allocation on */
    return 0;
}

int cl__buf_put(cl_buf *b, const void *data, size_t n)
{
    int error = cl__buf_grow(b, n);
    if (error < 0)
        return error;
    if (n)
        memcpy(b->ptr + b->len, data, n);
    b->len += n;
    b->ptr[b->len] = '\0';
    return 0;
}

int cl__buf_putc(cl_buf *b, char c)
{
    return cl__buf_put(b, &c, 1);
}

int cl__buf_puts(cl_buf *b, const char *s)
{
    return cl__buf_put(b, s, strlen(s));
}

int cl__buf_printf(cl_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n, error;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return CL_ERROR;
    if ((error = cl__buf_grow(b, (size_t)n)) < 0)
        return error;
    va_start(ap, fmt);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

int cl__buf_put_cp(cl_buf *b, uint32_t cp)
{
    char tmp[4];
    return cl__buf_put(b, tmp, cl__utf8_encode(tmp, cp));
}

void cl__buf_clear(cl_buf *b)
{
    b->len = 0;
    if (b->ptr)
        b->ptr[0] = '\0';
}

void cl__buf_dispose(cl_buf *b)
{
    cl__free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}

char *cl__buf_detach(cl_buf *b)
{
    char *p = b->ptr;
    if (!p)
        p = cl__strdup("");
    b->ptr = NULL;
    b->len = b->cap = 0;
    return p;
}

int cl__read_file(cl_buf *out, const char *path, size_t max, cl_error *err)
{
    FILE *fp;
    struct stat st;
    char chunk[65536];
    size_t n;
    int error = 0;

    fp = fopen(path, "rb");
    if (!fp)
        return cl__error_set(err, CL_EIO, "cannot open: %s", strerror(errno));
    if (fstat(fileno(fp), &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            fclose(fp);
            return cl__error_set(err, CL_EIO, "is a directory");
        }
        if (st.st_size > 0 && (unsigned long long)st.st_size > max) {
            fclose(fp);
            return cl__error_set(err, CL_ELIMIT, "file is %lld bytes, above the limit of %zu bytes",
                                 (long long)st.st_size, max);
        }
        if (st.st_size > 0 && (error = cl__buf_grow(out, (size_t)st.st_size)) < 0) {
            fclose(fp);
            return cl__error_set(err, error, "out of memory reading the file");
        }
    }
    /* Read by chunks: the size from stat may be wrong for pipes and special files. */
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
        if (out->len + n > max) {
            error = cl__error_set(err, CL_ELIMIT, "file is above the limit of %zu bytes", max);
            break;
        }
        if ((error = cl__buf_put(out, chunk, n)) < 0) {
            cl__error_set(err, error, "out of memory reading the file");
            break;
        }
    }
    if (!error && ferror(fp))
        error = cl__error_set(err, CL_EIO, "read error: %s", strerror(errno));
    fclose(fp);
    if (!error && !out->ptr)
        error = cl__buf_put(out, "", 0);
    return error;
}

/* ---- UTF-8 ---- */

size_t cl__utf8_decode(uint32_t *cp, const unsigned char *s, size_t len)
{
    uint32_t c;
    size_t n, i;

    if (len == 0)
        return 0;
    c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        c &= 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        c &= 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        c &= 0x07;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
        (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return n;
}

size_t cl__utf8_len(unsigned char lead)
{
    if (lead < 0xC0)
        return 1;
    if (lead < 0xE0)
        return 2;
    if (lead < 0xF0)
        return 3;
    return 4;
}

size_t cl__utf8_validate(const unsigned char *s, size_t len)
{
    size_t i = 0;
    uint32_t cp;

    while (i < len) {
        size_t n;
        if (s[i] < 0x80) { /* fast path for ASCII */
            i++;
            continue;
        }
        n = cl__utf8_decode(&cp, s + i, len - i);
        if (n == 0)
            return i;
        i += n;
    }
    return len;
}

size_t cl__utf8_count(const char *s, size_t len)
{
    size_t i, count = 0;
    for (i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    return count;
}

size_t cl__utf8_encode(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}
