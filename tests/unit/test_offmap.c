/*
 * test_offmap.c — unit tests for linter/src/offmap.c: the identity map, merging of units into
 * runs, units whose two sides differ in width, and how an offset inside a unit rounds (down
 * for a start, up for an end).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "offmap.h"
#include "util.h"

static void test_offmap__identity_when_empty(void **state)
{
    cl_offmap m = CL_OFFMAP_INIT;
    size_t off;
    (void)state;

    for (off = 0; off < 100; off += 7) {
        assert_int_equal(cl__offmap_start(&m, off), off);
        assert_int_equal(cl__offmap_end(&m, off), off);
    }
    cl__offmap_dispose(&m);
}

static void test_offmap__one_to_one_merges(void **state)
{
    cl_offmap m = CL_OFFMAP_INIT;
    size_t i;
    (void)state;

    for (i = 0; i < 1000; i++)
        assert_int_equal(cl__offmap_add(&m, i, 1, i + 3, 1), 0); /* shifted by a 3-byte BOM */
    assert_int_equal(m.nruns, 1);
    assert_int_equal(m.runs[0].count, 1000);
    assert_int_equal(cl__offmap_start(&m, 0), 3);
    assert_int_equal(cl__offmap_start(&m, 500), 503);
    assert_int_equal(cl__offmap_end(&m, 500), 503);
    assert_int_equal(cl__offmap_end(&m, 1000), 1003); /* the end of the text */
    cl__offmap_dispose(&m);
    assert_null(m.runs);
    assert_int_equal(m.nruns, 0);
}

static void test_offmap__merges_only_same_widths(void **state)
{
    cl_offmap m = CL_OFFMAP_INIT;
    (void)state;

    /* 3 full-width letters (3 bytes -> 1), then 2 ASCII (1 -> 1), then 2 more full-width */
    assert_int_equal(cl__offmap_add(&m, 0, 1, 0, 3), 0);
    assert_int_equal(cl__offmap_add(&m, 1, 1, 3, 3), 0);
    assert_int_equal(cl__offmap_add(&m, 2, 1, 6, 3), 0);
    assert_int_equal(cl__offmap_add(&m, 3, 1, 9, 1), 0);
    assert_int_equal(cl__offmap_add(&m, 4, 1, 10, 1), 0);
    assert_int_equal(cl__offmap_add(&m, 5, 1, 11, 3), 0);
    assert_int_equal(cl__offmap_add(&m, 6, 1, 14, 3), 0);
    assert_int_equal(m.nruns, 3);
    assert_int_equal(m.runs[0].count, 3);
    assert_int_equal(m.runs[1].count, 2);
    assert_int_equal(m.runs[2].count, 2);

    /* a gap on the "to" side starts a new run even with the same widths */
    assert_int_equal(cl__offmap_add(&m, 7, 1, 20, 3), 0);
    assert_int_equal(m.nruns, 4);
    assert_int_equal(cl__offmap_start(&m, 7), 20);
    assert_int_equal(cl__offmap_start(&m, 6), 14);
    cl__offmap_dispose(&m);
}

static void test_offmap__unequal_widths(void **state)
{
    cl_offmap m = CL_OFFMAP_INIT;
    static const size_t want[] = {0, 3, 6, 9, 10, 11, 14, 17};
    size_t i;
    (void)state;

    assert_int_equal(cl__offmap_add(&m, 0, 1, 0, 3), 0);
    assert_int_equal(cl__offmap_add(&m, 1, 1, 3, 3), 0);
    assert_int_equal(cl__offmap_add(&m, 2, 1, 6, 3), 0);
    assert_int_equal(cl__offmap_add(&m, 3, 1, 9, 1), 0);
    assert_int_equal(cl__offmap_add(&m, 4, 1, 10, 1), 0);
    assert_int_equal(cl__offmap_add(&m, 5, 1, 11, 3), 0);
    assert_int_equal(cl__offmap_add(&m, 6, 1, 14, 3), 0);
    for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        assert_int_equal(cl__offmap_start(&m, i), want[i]);
        assert_int_equal(cl__offmap_end(&m, i), want[i]);
    }
    /* a wider "from" side: 3 decoded bytes -> 5 normalised bytes ("㈱" -> "(株)") */
    cl__offmap_dispose(&m);
    assert_int_equal(cl__offmap_add(&m, 0, 5, 0, 3), 0);
    assert_int_equal(cl__offmap_add(&m, 5, 1, 3, 1), 0);
    assert_int_equal(cl__offmap_start(&m, 0), 0);
    assert_int_equal(cl__offmap_end(&m, 5), 3);
    assert_int_equal(cl__offmap_start(&m, 5), 3);
    assert_int_equal(cl__offmap_end(&m, 6), 4);
    cl__offmap_dispose(&m);
}

static void test_offmap__rounding_inside_unit(void **state)
{
    cl_offmap m = CL_OFFMAP_INIT;
    size_t k;
    (void)state;

    /* "ｶﾞ" (6 decoded bytes) became "ガ" (3 normalised bytes), then "x" 1:1 */
    assert_int_equal(cl__offmap_add(&m, 0, 3, 0, 6), 0);
    assert_int_equal(cl__offmap_add(&m, 3, 1, 6, 1), 0);
    for (k = 1; k < 3; k++) {
        assert_int_equal(cl__offmap_start(&m, k), 0); /* inside: back to the unit's start */
        assert_int_equal(cl__offmap_end(&m, k), 6);   /* inside: on to the unit's end */
    }
    assert_int_equal(cl__offmap_start(&m, 0), 0);
    assert_int_equal(cl__offmap_end(&m, 0), 0);
    assert_int_equal(cl__offmap_start(&m, 3), 6);
    assert_int_equal(cl__offmap_end(&m, 3), 6);
    assert_int_equal(cl__offmap_end(&m, 4), 7);

    /* a run of several wide units: rounding stays within the unit that holds the offset */
    cl__offmap_dispose(&m);
    for (k = 0; k < 4; k++)
        assert_int_equal(cl__offmap_add(&m, k * 3, 3, k * 2, 2), 0); /* UTF-8 -> UTF-16-ish */
    assert_int_equal(m.nruns, 1);
    assert_int_equal(cl__offmap_start(&m, 4), 2);
    assert_int_equal(cl__offmap_end(&m, 4), 4);
    assert_int_equal(cl__offmap_start(&m, 6), 4);
    assert_int_equal(cl__offmap_end(&m, 6), 4);
    assert_int_equal(cl__offmap_end(&m, 11), 8);
    cl__offmap_dispose(&m);
}

static void test_offmap__before_and_after_runs(void **state)
{
    cl_offmap m = CL_OFFMAP_INIT;
    (void)state;

    /* the map starts at from=2 (to=10): earlier offsets map to its start */
    assert_int_equal(cl__offmap_add(&m, 2, 1, 10, 3), 0);
    assert_int_equal(cl__offmap_add(&m, 3, 1, 13, 3), 0);
    assert_int_equal(cl__offmap_start(&m, 0), 10);
    /* past the last run, offsets continue 1:1 after its end */
    assert_int_equal(cl__offmap_start(&m, 4), 16);
    assert_int_equal(cl__offmap_start(&m, 6), 18);
    assert_int_equal(cl__offmap_end(&m, 6), 18);
    cl__offmap_dispose(&m);
}

static void test_offmap__many_runs_binary_search(void **state)
{
    cl_offmap m = CL_OFFMAP_INIT;
    size_t i, from = 0, to = 0;
    (void)state;

    /* alternate widths so every unit is its own run: 2000 runs */
    for (i = 0; i < 2000; i++) {
        size_t tw = (i % 2) ? 1 : 3;
        assert_int_equal(cl__offmap_add(&m, from, 1, to, tw), 0);
        from += 1;
        to += tw;
    }
    assert_int_equal(m.nruns, 2000);
    for (i = 0, to = 0; i < 2000; i++) {
        assert_int_equal(cl__offmap_start(&m, i), to);
        to += (i % 2) ? 1 : 3;
        assert_int_equal(cl__offmap_end(&m, i + 1), to);
    }
    cl__offmap_dispose(&m);
}

static void test_offmap__out_of_memory(void **state)
{
    cl_offmap m = CL_OFFMAP_INIT;
    (void)state;

    cl__alloc_fail_after(1);
    assert_int_equal(cl__offmap_add(&m, 0, 1, 0, 1), CL_ENOMEM);
    cl__alloc_fail_after(0);
    assert_int_equal(m.nruns, 0);
    assert_int_equal(cl__offmap_add(&m, 0, 1, 0, 1), 0);
    assert_int_equal(m.nruns, 1);
    cl__offmap_dispose(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_offmap__identity_when_empty),
        cmocka_unit_test(test_offmap__one_to_one_merges),
        cmocka_unit_test(test_offmap__merges_only_same_widths),
        cmocka_unit_test(test_offmap__unequal_widths),
        cmocka_unit_test(test_offmap__rounding_inside_unit),
        cmocka_unit_test(test_offmap__before_and_after_runs),
        cmocka_unit_test(test_offmap__many_runs_binary_search),
        cmocka_unit_test(test_offmap__out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
