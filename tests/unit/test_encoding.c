/*
 * test_encoding.c — encoding.c: detection, conversion to UTF-8, the map back to file bytes,
 * and the byte offsets of decoding errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "encoding.h"
#include "source.h"

/* Decodes and returns the code; the caller disposes src. */
static int decode(cl_source *src, const void *bytes, size_t len, const char *forced,
                  cl_error *err)
{
    cl__source_init(src);
    cl_error_clear(err);
    return cl__decode(src, bytes, len, forced, err);
}

static void test_encoding__utf8_plain(void **state)
{
    static const char text[] = "第1条（目的）\r\n本規約は、\n";
    cl_source src;
    cl_error err;
    (void)state;

    assert_int_equal(decode(&src, text, sizeof(text) - 1, NULL, &err), 0);
    assert_string_equal(src.encoding, "UTF-8");
    assert_int_equal(src.encoding_guessed, 0);
    assert_int_equal(src.text.len, sizeof(text) - 1);
    assert_memory_equal(src.text.ptr, text, sizeof(text) - 1);
    assert_int_equal(src.src_base, 0);
    assert_int_equal(cl__source_file_offset(&src, 3), 3);
    cl__source_dispose(&src);
}

static void test_encoding__utf8_bom(void **state)
{
    static const char text[] = "\xEF\xBB\xBF第1条";
    cl_source src;
    cl_error err;
    (void)state;

    assert_int_equal(decode(&src, text, sizeof(text) - 1, NULL, &err), 0);
    assert_string_equal(src.encoding, "UTF-8");
    assert_int_equal(src.encoding_guessed, 0);
    assert_string_equal(src.text.ptr, "第1条");
    assert_int_equal(src.src_base, 3);
    assert_int_equal(src.src_map.nruns, 0);
    assert_int_equal(cl__source_file_offset(&src, 0), 3);
    assert_int_equal(cl__source_file_offset(&src, 3), 6);
    cl__source_dispose(&src);
}

static void test_encoding__utf8_invalid_offset(void **state)
{
    /* "第1条" then a lone continuation byte at offset 7. */
    static const char text[] = "第1条\x80" "abc";
    static const char bom[] = "\xEF\xBB\xBF" "ab\xE3\x81";
    cl_source src;
    cl_error err;
    (void)state;

    assert_int_equal(decode(&src, text, sizeof(text) - 1, NULL, &err), CL_EENCODING);
    assert_int_equal(err.code, CL_EENCODING);
    assert_int_equal(err.offset, 7);
    assert_string_equal(err.message, "invalid UTF-8 at byte 7");
    cl__source_dispose(&src);

    /* A truncated sequence after a BOM: the offset counts the BOM. */
    assert_int_equal(decode(&src, bom, sizeof(bom) - 1, "UTF-8", &err), CL_EENCODING);
    assert_int_equal(err.offset, 5);
    cl__source_dispose(&src);
}

static void test_encoding__empty(void **state)
{
    cl_source src;
    cl_error err;
    (void)state;

    assert_int_equal(decode(&src, "", 0, NULL, &err), 0);
    assert_string_equal(src.encoding, "UTF-8");
    assert_int_equal(src.text.len, 0);
    cl__source_dispose(&src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encoding__utf8_plain),
        cmocka_unit_test(test_encoding__utf8_bom),
        cmocka_unit_test(test_encoding__utf8_invalid_offset),
        cmocka_unit_test(test_encoding__empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
