/*
 * util.h — allocation, growable buffers and UTF-8 helpers. Knows nothing about contracts.
 */
#ifndef CL_UTIL_H
#define CL_UTIL_H

#include "clauselint.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Every allocation goes through these, so tests can inject failures. */
void *cl__malloc(size_t n);
void *cl__calloc(size_t n, size_t size);
void *cl__realloc(void *p, size_t n);
void cl__free(void *p);
char *cl__strdup(const char *s);
char *cl__strndup(const char *s, size_t n);
/* Test hook: the n-th allocation from now on fails (0 = never). */
void cl__alloc_fail_after(unsigned long n);

/* Sets err (may be NULL) and returns code. Message is printf-style, one line. */
int cl__error_set(cl_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* A growable byte buffer with a hard maximum; ptr is always NUL-terminated when non-NULL. */
typedef struct cl_buf {
    char *ptr;
    size_t len;
    size_t cap;
    size_t max; /* 0 = no limit */
} cl_buf;

#define CL_BUF_INIT(maxbytes)                                                                      \
    {                                                                                              \
        NULL, 0, 0, (maxbytes)                                                                     \
    }

int cl__buf_grow(cl_buf *b, size_t extra); /* CL_ENOMEM or CL_ELIMIT */
int cl__buf_put(cl_buf *b, const void *data, size_t n);
int cl__buf_putc(cl_buf *b, char c);
int cl__buf_puts(cl_buf *b, const char *s);
int cl__buf_printf(cl_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
int cl__buf_put_cp(cl_buf *b, uint32_t cp); /* appends one code point as UTF-8 */
void cl__buf_clear(cl_buf *b);
void cl__buf_dispose(cl_buf *b);
/* Hands the buffer's memory to the caller (never NULL on success: "" for empty). */
char *cl__buf_detach(cl_buf *b);

/* Reads a whole file, refusing files larger than max bytes (CL_ELIMIT). */
int cl__read_file(cl_buf *out, const char *path, size_t max, cl_error *err);

/*
 * Decodes one UTF-8 code point at s[0..len). Returns its length (1..4) and sets *cp,
 * or 0 when the bytes are not valid UTF-8 (overlong, surrogate, truncated, > U+10FFFF).
 */
size_t cl__utf8_decode(uint32_t *cp, const unsigned char *s, size_t len);
/* Byte length of the code point starting at s[0] assuming valid UTF-8 (1 for garbage). */
size_t cl__utf8_len(unsigned char lead);
/* Returns the offset of the first invalid byte, or len when all is valid UTF-8. */
size_t cl__utf8_validate(const unsigned char *s, size_t len);
/* Number of code points in s[0..len) (valid UTF-8 assumed). */
size_t cl__utf8_count(const char *s, size_t len);
/* Encodes cp into out (4 bytes room); returns length. */
size_t cl__utf8_encode(char *out, uint32_t cp);

#endif
