/*
 * test_normalize.c — unit tests for linter/src/normalize.c: NFKC and the folds (full-width
 * ASCII, half-width katakana with its voiced marks, circled digits, squared abbreviations,
 * ideographic space, dashes, wave dashes, line endings), and for every case the offset map
 * back to the decoded text: each normalised unit maps to exactly the decoded bytes it came
 * from, offsets inside a unit round down for a start and up for an end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "normalize.h"

/* ---- helpers ------------------------------------------------------------------------- */

static void normalize_ok(cl_normtext *nt, const char *text, size_t len)
{
    cl_error err;
    cl_error_clear(&err);
    cl__normtext_init(nt);
    assert_int_equal(cl__normalize(nt, text, len, &err), 0);
    assert_int_equal(err.code, 0);
    assert_non_null(nt->text.ptr);
    assert_int_equal(nt->text.ptr[nt->text.len], '\0');
}

/*
 * Checks text -> want and the map: unit i is norm[nb[i], nb[i+1]) <- decoded[db[i], db[i+1]),
 * for i < nunits. Every normalised offset inside a unit maps (start) to db[i] and (end) to
 * db[i+1]; unit boundaries map to themselves on both sides.
 */
static void check(const char *text, const char *want, const size_t *nb, const size_t *db,
                  size_t nunits)
{
    cl_normtext nt;
    size_t i, off;

    normalize_ok(&nt, text, strlen(text));
    assert_string_equal(nt.text.ptr, want);
    assert_int_equal(nt.text.len, strlen(want));
    assert_int_equal(nb[0], 0);
    assert_int_equal(nb[nunits], strlen(want));
    assert_int_equal(db[nunits], strlen(text));
    for (i = 0; i < nunits; i++) {
        assert_int_equal(cl__offmap_start(&nt.map, nb[i]), db[i]);
        assert_int_equal(cl__offmap_end(&nt.map, nb[i + 1]), db[i + 1]);
        for (off = nb[i] + 1; off < nb[i + 1]; off++) {
            assert_int_equal(cl__offmap_start(&nt.map, off), db[i]);
            assert_int_equal(cl__offmap_end(&nt.map, off), db[i + 1]);
        }
    }
    cl__normtext_dispose(&nt);
}

#define N(a) (sizeof(a) / sizeof((a)[0]) - 1)

/* ---- cases --------------------------------------------------------------------------- */

static void test_normalize__fullwidth_ascii(void **state)
{
    /* ＡＢＣ１２３：ｘ */
    static const size_t nb[] = {0, 1, 2, 3, 4, 5, 6, 7, 8};
    static const size_t db[] = {0, 3, 6, 9, 12, 15, 18, 21, 24};
    (void)state;
    check("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93"
          "\xEF\xBC\x9A\xEF\xBD\x98",
          "ABC123:x", nb, db, N(nb));
}

static void test_normalize__fullwidth_article_heading(void **state)
{
    /* 第１５条（解約） -> 第15条(解約) */
    static const size_t nb[] = {0, 3, 4, 5, 8, 9, 12, 15, 16};
    static const size_t db[] = {0, 3, 6, 9, 12, 15, 18, 21, 24};
    (void)state;
    check("第１５条（解約）", "第15条(解約)", nb, db, N(nb));
}

static void test_normalize__halfwidth_katakana(void **state)
{
    /* "aｶﾞｷ" -> "aガキ": ｶ + ﾞ (6 bytes, two code points) are ONE unit of the map */
    static const size_t nb[] = {0, 1, 4, 7};
    static const size_t db[] = {0, 1, 7, 10};
    /* ﾃﾞｰﾀ -> データ */
    static const size_t nb2[] = {0, 3, 6, 9};
    static const size_t db2[] = {0, 6, 9, 12};
    (void)state;
    check("a\xEF\xBD\xB6\xEF\xBE\x9E\xEF\xBD\xB7", "a\xE3\x82\xAC\xE3\x82\xAD", nb, db, N(nb));
    check("\xEF\xBE\x83\xEF\xBE\x9E\xEF\xBD\xB0\xEF\xBE\x80", "データ", nb2, db2, N(nb2));
}

static void test_normalize__circled_digits(void **state)
{
    /* ①②の -> 12の ; repeated to exercise the per-code-point cache */
    static const size_t nb[] = {0, 1, 2, 5, 6};
    static const size_t db[] = {0, 3, 6, 9, 12};
    (void)state;
    check("①②の①", "12の1", nb, db, N(nb));
}

static void test_normalize__squared_abbreviation(void **state)
{
    /* ㈱x -> (株)x : 3 decoded bytes -> 5 normalised bytes, one unit */
    static const size_t nb[] = {0, 5, 6};
    static const size_t db[] = {0, 3, 4};
    (void)state;
    check("㈱x", "(株)x", nb, db, N(nb));
}

static void test_normalize__ideographic_space(void **state)
{
    /* "a　b" (U+3000) -> "a b"; also NBSP and en space */
    static const size_t nb[] = {0, 1, 2, 3, 4, 5};
    static const size_t db[] = {0, 1, 4, 5, 7, 8};
    (void)state;
    check("a\xE3\x80\x80"
          "b\xC2\xA0"
          "c",
          "a b c", nb, db, N(nb));
}

static void test_normalize__dashes(void **state)
{
    /* ‐ – — ― − (U+2010, 2013, 2014, 2015, 2212) -> '-' each */
    static const size_t nb[] = {0, 1, 2, 3, 4, 5, 6};
    static const size_t db[] = {0, 3, 6, 9, 12, 15, 16};
    (void)state;
    check("\xE2\x80\x90\xE2\x80\x93\xE2\x80\x94\xE2\x80\x95\xE2\x88\x92"
          "0",
          "-----0", nb, db, N(nb));
}

static void test_normalize__wave_dashes(void **state)
{
    /* 〜 (U+301C) and ～ (U+FF5E) -> '~' : "1〜3～5" */
    static const size_t nb[] = {0, 1, 2, 3, 4, 5};
    static const size_t db[] = {0, 1, 4, 5, 8, 9};
    (void)state;
    check("1\xE3\x80\x9C"
          "3\xEF\xBD\x9E"
          "5",
          "1~3~5", nb, db, N(nb));
}

static void test_normalize__line_endings(void **state)
{
    /* CRLF and a lone CR -> '\n'; LF stays */
    static const size_t nb[] = {0, 1, 2, 3, 4, 5, 6, 7, 8};
    static const size_t db[] = {0, 1, 3, 4, 5, 6, 7, 8, 10};
    /* CR after a non-ASCII character and at the very end */
    static const size_t nb2[] = {0, 3, 4, 7, 8};
    static const size_t db2[] = {0, 3, 4, 7, 9};
    (void)state;
    check("a\r\nb\rc\nd\r\n", "a\nb\nc\nd\n", nb, db, N(nb));
    check("あ\rい\r\n", "あ\nい\n", nb2, db2, N(nb2));
}

static void test_normalize__combining_mark_after_ascii(void **state)
{
    /* "xe" + U+0301 -> "xé": the 'e' and its mark are one unit */
    static const size_t nb[] = {0, 1, 3};
    static const size_t db[] = {0, 1, 4};
    (void)state;
    check("xe\xCC\x81", "x\xC3\xA9", nb, db, N(nb));
}

static void test_normalize__plain_text_unchanged(void **state)
{
    cl_normtext nt;
    const char *text = "当社は、本契約が終了した場合、データを返還する。\nReturn of data.";
    size_t i, len = strlen(text);
    (void)state;

    normalize_ok(&nt, text, len);
    assert_string_equal(nt.text.ptr, text);
    for (i = 0; i <= len; i++) {
        if (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
            continue;
        assert_int_equal(cl__offmap_start(&nt.map, i), i);
        assert_int_equal(cl__offmap_end(&nt.map, i), i);
    }
    cl__normtext_dispose(&nt);
}

static void test_normalize__empty_input(void **state)
{
    cl_normtext nt;
    cl_error err;
    int rc;
    char first;
    size_t len, nruns, mapped;
    (void)state;

    cl_error_clear(&err);
    cl__normtext_init(&nt);
    rc = cl__normalize(&nt, "", 0, &err);
    len = nt.text.len;
    nruns = nt.map.nruns;
    first = nt.text.ptr ? nt.text.ptr[0] : 'N';
    mapped = cl__offmap_start(&nt.map, 0);
    cl__normtext_dispose(&nt); /* before asserting: a failure must not leak */
    assert_int_equal(rc, 0);
    assert_int_equal(len, 0);
    assert_int_equal(nruns, 0);
    assert_int_equal(mapped, 0);
    assert_int_equal(first, '\0'); /* non-NULL and NUL-terminated (util.h contract) */
}

static void test_normalize__size_limit(void **state)
{
    cl_normtext nt;
    cl_error err;
    (void)state;

    cl_error_clear(&err);
    cl__normtext_init(&nt);
    nt.text.max = 8;
    assert_int_equal(
        cl__normalize(&nt, "０１２３４５６７８９", strlen("０１２３４５６７８９"), &err),
        CL_ELIMIT);
    assert_int_equal(err.code, CL_ELIMIT);
    cl__normtext_dispose(&nt);
}

static void test_normalize__out_of_memory(void **state)
{
    const char *text = "第１条（目的）\r\n①ｶﾞ㈱　本契約は…を定める。\n";
    unsigned long n;
    int rc = CL_ENOMEM;
    (void)state;

    for (n = 1; n < 200 && rc == CL_ENOMEM; n++) {
        cl_normtext nt;
        cl_error err;
        cl_error_clear(&err);
        cl__normtext_init(&nt);
        cl__alloc_fail_after(n);
        rc = cl__normalize(&nt, text, strlen(text), &err);
        cl__alloc_fail_after(0);
        if (rc == CL_ENOMEM)
            assert_int_equal(err.code, CL_ENOMEM);
        else
            assert_string_equal(nt.text.ptr, "第1条(目的)\n1ガ(株) 本契約は...を定める。\n");
        cl__normtext_dispose(&nt);
    }
    assert_int_equal(rc, 0);
    assert_true(n > 2); /* at least one injected failure was seen */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalize__fullwidth_ascii),
        cmocka_unit_test(test_normalize__fullwidth_article_heading),
        cmocka_unit_test(test_normalize__halfwidth_katakana),
        cmocka_unit_test(test_normalize__circled_digits),
        cmocka_unit_test(test_normalize__squared_abbreviation),
        cmocka_unit_test(test_normalize__ideographic_space),
        cmocka_unit_test(test_normalize__dashes),
        cmocka_unit_test(test_normalize__wave_dashes),
        cmocka_unit_test(test_normalize__line_endings),
        cmocka_unit_test(test_normalize__combining_mark_after_ascii),
        cmocka_unit_test(test_normalize__plain_text_unchanged),
        cmocka_unit_test(test_normalize__empty_input),
        cmocka_unit_test(test_normalize__size_limit),
        cmocka_unit_test(test_normalize__out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
