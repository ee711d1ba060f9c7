/*
 * test_util.c — unit tests for linter/src/util.c: growable buffers and their hard maximum,
 * UTF-8 decoding and validation of every kind of ill-formed sequence, whole-file reading with
 * its size limit, and allocation-failure injection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* ---- helpers ------------------------------------------------------------------------- */

static const unsigned char *U(const char *s)
{
    return (const unsigned char *)s;
}

/* Writes n bytes of 'x' to a fresh temporary file; returns its path in buf. */
static void make_temp_file(char *buf, size_t size, size_t n)
{
    int fd;
    FILE *fp;
    size_t i;

    snprintf(buf, size, "/tmp/cl_test_util_XXXXXX");
    fd = mkstemp(buf);
    assert_true(fd >= 0);
    fp = fdopen(fd, "wb");
    assert_non_null(fp);
    for (i = 0; i < n; i++)
        assert_int_equal(fputc('x', fp), 'x');
    assert_int_equal(fclose(fp), 0);
}

/* ---- buffers ------------------------------------------------------------------------- */

static void test_util__buf_put_and_nul(void **state)
{
    cl_buf b = CL_BUF_INIT(0);
    (void)state;

    assert_int_equal(cl__buf_puts(&b, "abc"), 0);
    assert_int_equal(cl__buf_putc(&b, 'd'), 0);
    assert_int_equal(cl__buf_printf(&b, "-%d-%s", 42, "x"), 0);
    assert_int_equal(cl__buf_put_cp(&b, 0x3042), 0);  /* あ */
    assert_int_equal(cl__buf_put_cp(&b, 0x1F600), 0); /* 4 bytes */
    assert_int_equal(b.len, 4 + 5 + 3 + 4);
    assert_memory_equal(b.ptr, "abcd-42-x\xE3\x81\x82\xF0\x9F\x98\x80", b.len + 1);
    cl__buf_clear(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.ptr, "");
    cl__buf_dispose(&b);
    assert_null(b.ptr);
}

/* The header promises ptr is NUL-terminated whenever it is non-NULL, growing included. */
static void test_util__buf_grow_keeps_nul(void **state)
{
    cl_buf b = CL_BUF_INIT(0);
    int rc;
    size_t cap;
    char first;
    (void)state;

    rc = cl__buf_grow(&b, 100);
    cap = b.cap;
    first = b.ptr ? b.ptr[0] : 'N';
    cl__buf_dispose(&b); /* before asserting: a failure must not leak */
    assert_int_equal(rc, 0);
    assert_true(cap >= 101);
    assert_int_equal(first, '\0');
}

static void test_util__buf_max_limit(void **state)
{
    cl_buf b = CL_BUF_INIT(8);
    (void)state;

    assert_int_equal(cl__buf_put(&b, "12345678", 8), 0); /* exactly max: fine */
    assert_int_equal(b.len, 8);
    assert_int_equal(cl__buf_putc(&b, '9'), CL_ELIMIT);
    assert_int_equal(cl__buf_puts(&b, "more"), CL_ELIMIT);
    assert_int_equal(cl__buf_printf(&b, "%d", 1), CL_ELIMIT);
    assert_int_equal(cl__buf_put_cp(&b, 0x3042), CL_ELIMIT);
    /* a refused write leaves the buffer as it was */
    assert_int_equal(b.len, 8);
    assert_string_equal(b.ptr, "12345678");
    assert_true(b.cap <= b.max + 1);
    cl__buf_dispose(&b);

    /* one write larger than the maximum is refused before any allocation */
    {
        cl_buf c = CL_BUF_INIT(4);
        assert_int_equal(cl__buf_put(&c, "12345", 5), CL_ELIMIT);
        assert_int_equal(c.len, 0);
        cl__buf_dispose(&c);
    }
}

static void test_util__buf_detach(void **state)
{
    cl_buf b = CL_BUF_INIT(0);
    char *p;
    (void)state;

    p = cl__buf_detach(&b); /* empty: "" not NULL */
    assert_non_null(p);
    assert_string_equal(p, "");
    cl__free(p);

    assert_int_equal(cl__buf_puts(&b, "hello"), 0);
    p = cl__buf_detach(&b);
    assert_string_equal(p, "hello");
    assert_null(b.ptr);
    assert_int_equal(b.len, 0);
    cl__free(p);
}

/* ---- UTF-8 --------------------------------------------------------------------------- */

static void test_util__utf8_decode_valid(void **state)
{
    uint32_t cp = 0;
    (void)state;

    assert_int_equal(cl__utf8_decode(&cp, U("A"), 1), 1);
    assert_int_equal(cp, 'A');
    assert_int_equal(cl__utf8_decode(&cp, U("\xC2\x80"), 2), 2);
    assert_int_equal(cp, 0x80);
    assert_int_equal(cl__utf8_decode(&cp, U("\xE3\x81\x82"), 3), 3);
    assert_int_equal(cp, 0x3042);
    assert_int_equal(cl__utf8_decode(&cp, U("\xEF\xBF\xBF"), 3), 3);
    assert_int_equal(cp, 0xFFFF);
    assert_int_equal(cl__utf8_decode(&cp, U("\xF0\x9F\x98\x80"), 4), 4);
    assert_int_equal(cp, 0x1F600);
    assert_int_equal(cl__utf8_decode(&cp, U("\xF4\x8F\xBF\xBF"), 4), 4);
    assert_int_equal(cp, 0x10FFFF);
    assert_int_equal(cl__utf8_decode(&cp, U(""), 0), 0);
}

static void test_util__utf8_decode_overlong(void **state)
{
    uint32_t cp = 0;
    (void)state;

    assert_int_equal(cl__utf8_decode(&cp, U("\xC0\x80"), 2), 0);         /* NUL in 2 */
    assert_int_equal(cl__utf8_decode(&cp, U("\xC1\xBF"), 2), 0);         /* 0x7F in 2 */
    assert_int_equal(cl__utf8_decode(&cp, U("\xE0\x80\xAF"), 3), 0);     /* '/' in 3 */
    assert_int_equal(cl__utf8_decode(&cp, U("\xE0\x9F\xBF"), 3), 0);     /* 0x7FF in 3 */
    assert_int_equal(cl__utf8_decode(&cp, U("\xF0\x80\x80\xAF"), 4), 0); /* '/' in 4 */
    assert_int_equal(cl__utf8_decode(&cp, U("\xF0\x8F\xBF\xBF"), 4), 0); /* 0xFFFF in 4 */
}

static void test_util__utf8_decode_surrogate(void **state)
{
    uint32_t cp = 0;
    (void)state;

    assert_int_equal(cl__utf8_decode(&cp, U("\xED\xA0\x80"), 3), 0); /* U+D800 */
    assert_int_equal(cl__utf8_decode(&cp, U("\xED\xBF\xBF"), 3), 0); /* U+DFFF */
    assert_int_equal(cl__utf8_decode(&cp, U("\xED\x9F\xBF"), 3), 3); /* U+D7FF is fine */
    assert_int_equal(cp, 0xD7FF);
    assert_int_equal(cl__utf8_decode(&cp, U("\xEE\x80\x80"), 3), 3); /* U+E000 is fine */
    assert_int_equal(cp, 0xE000);
}

static void test_util__utf8_decode_truncated(void **state)
{
    uint32_t cp = 0;
    (void)state;

    assert_int_equal(cl__utf8_decode(&cp, U("\xE3\x81\x82"), 2), 0); /* len cuts it */
    assert_int_equal(cl__utf8_decode(&cp, U("\xC3"), 1), 0);
    assert_int_equal(cl__utf8_decode(&cp, U("\xF0\x9F\x98"), 3), 0);
    assert_int_equal(cl__utf8_decode(&cp, U("\xE3\x41\x82"), 3), 0); /* not a continuation */
    assert_int_equal(cl__utf8_decode(&cp, U("\x80"), 1), 0);         /* lone continuation */
    assert_int_equal(cl__utf8_decode(&cp, U("\xFF"), 1), 0);
}

static void test_util__utf8_decode_above_max(void **state)
{
    uint32_t cp = 0;
    (void)state;

    assert_int_equal(cl__utf8_decode(&cp, U("\xF4\x90\x80\x80"), 4), 0); /* U+110000 */
    assert_int_equal(cl__utf8_decode(&cp, U("\xF5\x80\x80\x80"), 4), 0);
    assert_int_equal(cl__utf8_decode(&cp, U("\xF7\xBF\xBF\xBF"), 4), 0);
    assert_int_equal(cl__utf8_decode(&cp, U("\xF8\x88\x80\x80\x80"), 5), 0);
}

static void test_util__utf8_validate(void **state)
{
    (void)state;

    assert_int_equal(cl__utf8_validate(U("plain ascii"), 11), 11);
    assert_int_equal(cl__utf8_validate(U("\xE5\xA5\x91\xE7\xB4\x84"), 6), 6); /* 契約 */
    assert_int_equal(cl__utf8_validate(U(""), 0), 0);
    assert_int_equal(cl__utf8_validate(U("ab\xC0\x80z"), 5), 2);              /* overlong */
    assert_int_equal(cl__utf8_validate(U("\xE3\x81\x82\xED\xA0\x80"), 6), 3); /* surrogate */
    assert_int_equal(cl__utf8_validate(U("ab\xE3\x81"), 4), 2);               /* truncated */
    assert_int_equal(cl__utf8_validate(U("x\xF4\x90\x80\x80"), 5), 1);        /* > U+10FFFF */
    assert_int_equal(cl__utf8_validate(U("abc\x80"), 4), 3);
}

static void test_util__utf8_count_len_encode(void **state)
{
    char out[4];
    (void)state;

    assert_int_equal(cl__utf8_count("a\xE3\x81\x82"
                                    "b\xF0\x9F\x98\x80",
                                    9),
                     4);
    assert_int_equal(cl__utf8_len('a'), 1);
    assert_int_equal(cl__utf8_len(0xC3), 2);
    assert_int_equal(cl__utf8_len(0xE3), 3);
    assert_int_equal(cl__utf8_len(0xF0), 4);
    assert_int_equal(cl__utf8_encode(out, 0x7F), 1);
    assert_int_equal(cl__utf8_encode(out, 0x7FF), 2);
    assert_memory_equal(out, "\xDF\xBF", 2);
    assert_int_equal(cl__utf8_encode(out, 0x3042), 3);
    assert_memory_equal(out, "\xE3\x81\x82", 3);
    assert_int_equal(cl__utf8_encode(out, 0x10FFFF), 4);
    assert_memory_equal(out, "\xF4\x8F\xBF\xBF", 4);
}

/* ---- files --------------------------------------------------------------------------- */

static void test_util__read_file_missing(void **state)
{
    cl_buf b = CL_BUF_INIT(0);
    cl_error err;
    (void)state;

    cl_error_clear(&err);
    assert_int_equal(cl__read_file(&b, "/nonexistent/dir/clauselint-missing.txt", 1024, &err),
                     CL_EIO);
    assert_int_equal(err.code, CL_EIO);
    assert_true(err.message[0] != '\0');
    assert_non_null(strstr(err.message, "No such file"));
    cl__buf_dispose(&b);
}

static void test_util__read_file_too_large(void **state)
{
    char path[64];
    cl_buf b = CL_BUF_INIT(0);
    cl_error err;
    (void)state;

    make_temp_file(path, sizeof(path), 100);
    cl_error_clear(&err);
    assert_int_equal(cl__read_file(&b, path, 99, &err), CL_ELIMIT);
    assert_int_equal(err.code, CL_ELIMIT);
    assert_non_null(strstr(err.message, "99"));
    cl__buf_dispose(&b);

    /* exactly at the limit is fine */
    cl_error_clear(&err);
    assert_int_equal(cl__read_file(&b, path, 100, &err), 0);
    assert_int_equal(b.len, 100);
    assert_int_equal(b.ptr[100], '\0');
    assert_int_equal(b.ptr[0], 'x');
    cl__buf_dispose(&b);
    unlink(path);
}

static void test_util__read_file_empty_and_dir(void **state)
{
    char path[64];
    cl_buf b = CL_BUF_INIT(0);
    cl_error err;
    (void)state;

    make_temp_file(path, sizeof(path), 0);
    cl_error_clear(&err);
    assert_int_equal(cl__read_file(&b, path, 10, &err), 0);
    assert_non_null(b.ptr);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.ptr, "");
    cl__buf_dispose(&b);
    unlink(path);

    cl_error_clear(&err);
    assert_int_equal(cl__read_file(&b, "/tmp", 10, &err), CL_EIO);
    assert_int_equal(err.code, CL_EIO);
    cl__buf_dispose(&b);
}

/* ---- allocation failures --------------------------------------------------------------- */

static void test_util__alloc_fail_injection(void **state)
{
    void *p, *q;
    cl_buf b = CL_BUF_INIT(0);
    (void)state;

    cl__alloc_fail_after(1); /* the very next allocation fails */
    assert_null(cl__malloc(10));
    p = cl__malloc(10); /* one-shot: the following ones succeed */
    assert_non_null(p);
    cl__free(p);

    cl__alloc_fail_after(2); /* the second allocation from now fails */
    p = cl__malloc(1);
    assert_non_null(p);
    assert_null(cl__calloc(4, 4));
    cl__free(p);

    cl__alloc_fail_after(1);
    assert_null(cl__strdup("abc"));
    cl__alloc_fail_after(1);
    p = cl__malloc(8);
    assert_null(p);

    p = cl__malloc(8);
    assert_non_null(p);
    cl__alloc_fail_after(1);
    q = cl__realloc(p, 4096);
    assert_null(q); /* p is still ours */
    cl__free(p);

    /* a buffer whose growth fails reports CL_ENOMEM and keeps its content */
    assert_int_equal(cl__buf_puts(&b, "keep"), 0);
    cl__alloc_fail_after(1);
    {
        char big[200];
        memset(big, 'z', sizeof(big));
        assert_int_equal(cl__buf_put(&b, big, sizeof(big)), CL_ENOMEM);
    }
    assert_int_equal(b.len, 4);
    assert_string_equal(b.ptr, "keep");
    cl__buf_dispose(&b);

    cl__alloc_fail_after(0); /* never */
    p = cl__malloc(1);
    assert_non_null(p);
    cl__free(p);
}

static void test_util__read_file_oom(void **state)
{
    char path[64];
    cl_buf b = CL_BUF_INIT(0);
    cl_error err;
    (void)state;

    make_temp_file(path, sizeof(path), 1000);
    cl_error_clear(&err);
    cl__alloc_fail_after(1);
    assert_int_equal(cl__read_file(&b, path, 4096, &err), CL_ENOMEM);
    cl__alloc_fail_after(0);
    assert_int_equal(err.code, CL_ENOMEM);
    cl__buf_dispose(&b);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_util__buf_put_and_nul),
        cmocka_unit_test(test_util__buf_grow_keeps_nul),
        cmocka_unit_test(test_util__buf_max_limit),
        cmocka_unit_test(test_util__buf_detach),
        cmocka_unit_test(test_util__utf8_decode_valid),
        cmocka_unit_test(test_util__utf8_decode_overlong),
        cmocka_unit_test(test_util__utf8_decode_surrogate),
        cmocka_unit_test(test_util__utf8_decode_truncated),
        cmocka_unit_test(test_util__utf8_decode_above_max),
        cmocka_unit_test(test_util__utf8_validate),
        cmocka_unit_test(test_util__utf8_count_len_encode),
        cmocka_unit_test(test_util__read_file_missing),
        cmocka_unit_test(test_util__read_file_too_large),
        cmocka_unit_test(test_util__read_file_empty_and_dir),
        cmocka_unit_test(test_util__alloc_fail_injection),
        cmocka_unit_test(test_util__read_file_oom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
