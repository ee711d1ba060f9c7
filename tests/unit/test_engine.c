/*
 * test_engine.c — unit tests for linter/src/engine.c through small YAML packs: the order of
 * verdicts (contradicted > partial > satisfied > missing), context from the article heading,
 * the previous sentence and a 号 list's lead-in, the reach of `unless` (the match's sentence),
 * `also` and `without` (the unit), `fallback`, notice periods, and a catastrophic pattern.
 *
 * Each document goes through cl__normalize and cl__segment as lint.c does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"

/* ---- helpers ------------------------------------------------------------------------- */

#define PACK_HEAD "pack: test\nversion: \"1\"\ntitle: test\nrequirements:\n"
/* One requirement; its pattern lists and options follow, indented by four spaces. */
#define REQ(id, scope)                                                                             \
    "  - id: " id "\n    section: s\n    summary: the summary\n    looks_for: what we look "       \
    "for\n    level: {class1: note, class2: error, class3: error}\n    scope: " scope "\n"         \
    "    examples:\n      satisfied: ['x']\n"

#define MAX_REQS 4

typedef struct run {
    cl_ruleset *set;
    cl_normtext nt;
    cl_segments segs;
    cl_verdict v[MAX_REQS];
    int have_segs, ran;
} run;

static run *current; /* freed by the teardown if an assertion fails */

static void run_free(run *r)
{
    size_t i;
    if (!r)
        return;
    if (r->ran)
        for (i = 0; i < MAX_REQS; i++)
            cl__verdict_dispose(&r->v[i]);
    if (r->have_segs)
        cl__segments_dispose(&r->segs);
    cl__normtext_dispose(&r->nt);
    cl_ruleset_free(r->set);
    free(r);
    if (current == r)
        current = NULL;
}

static int teardown(void **state)
{
    (void)state;
    run_free(current);
    return 0;
}

static void print_diag(const char *path, unsigned line, unsigned column, const char *message,
                       void *payload)
{
    (void)payload;
    print_error("%s:%u:%u: %s\n", path, line, column, message);
}

static cl_ruleset *load_pack(const char *yaml, int quiet, int *rc)
{
    cl_ruleset *set = NULL;
    cl_error err;
    cl_error_clear(&err);
    *rc = cl_ruleset_load_memory(&set, yaml, strlen(yaml), "test.yml", quiet ? NULL : print_diag,
                                 NULL, &err);
    return *rc == 0 ? set : NULL;
}

/* Runs the pack on text; returns the run (verdicts in r->v, pack order). */
static run *run_text(const char *yaml, const char *text, long min_notice_days)
{
    run *r = calloc(1, sizeof(*r));
    cl_error err;
    cl_engine_input in;
    int rc;

    assert_non_null(r);
    current = r;
    cl__normtext_init(&r->nt);
    r->set = load_pack(yaml, 0, &rc);
    assert_int_equal(rc, 0);
    assert_true(r->set->nreqs <= MAX_REQS);
    cl_error_clear(&err);
    assert_int_equal(cl__normalize(&r->nt, text, strlen(text), &err), 0);
    assert_int_equal(cl__segment(&r->segs, r->nt.text.ptr, r->nt.text.len, text, &r->nt.map, &err),
                     0);
    r->have_segs = 1;
    memset(&in, 0, sizeof(in)); /* fields added later (lang) default to 0 */
    in.text = r->nt.text.ptr;
    in.len = r->nt.text.len;
    in.segs = &r->segs;
    in.min_notice_days = min_notice_days;
    r->ran = 1;
    assert_int_equal(cl__engine_run(r->v, r->set, &in, &err), 0);
    return r;
}

static void dump_verdict(const run *r, size_t i)
{
    print_error("verdict %zu: %s — %s\n", i, cl_status_name(r->v[i].status),
                r->v[i].message.ptr ? r->v[i].message.ptr : "(no message)");
}

static void expect(const char *yaml, const char *text, long min_notice, cl_status want)
{
    run *r = run_text(yaml, text, min_notice);
    if (r->v[0].status != want)
        dump_verdict(r, 0);
    assert_string_equal(cl_status_name(r->v[0].status), cl_status_name(want));
    run_free(r);
}

/* The matched text of the first (deciding) hit. */
static int first_hit_is(const run *r, size_t i, const char *want)
{
    const cl_hit *h;
    size_t n = strlen(want);
    if (!r->v[i].nhits)
        return 0;
    h = &r->v[i].hits[0];
    return h->match.end - h->match.start == n &&
           memcmp(r->nt.text.ptr + h->match.start, want, n) == 0;
}

/* ---- verdict order ----------------------------------------------------------------------- */

static const char pack_order[] =
    PACK_HEAD REQ("data-return", "sentence") "    contradicted: ['返還しない']\n"
                                             "    partial: ['可能な限り']\n"
                                             "    satisfied: ['返還する']\n";

static void test_engine__contradicted_beats_satisfied(void **state)
{
    run *r;
    (void)state;

    r = run_text(pack_order,
                 "第1条（返還）\n当社は、データを返還する。\n"
                 "第2条（例外）\n当社は、バックアップを返還しない。\n",
                 0);
    assert_int_equal(r->v[0].status, CL_STATUS_CONTRADICTED);
    assert_true(first_hit_is(r, 0, "返還しない"));
    assert_true(r->v[0].nhits >= 2); /* the satisfying clause is kept as evidence too */
    assert_non_null(strstr(r->v[0].message.ptr, "contradicted"));
    assert_non_null(strstr(r->v[0].message.ptr, "prevails"));
    run_free(r);
}

static void test_engine__partial_beats_satisfied(void **state)
{
    static const char pack[] =
        PACK_HEAD REQ("data-return", "clause") "    partial: ['可能な限り']\n"
                                               "    satisfied: ['返還する']\n";
    run *r;
    (void)state;

    /* within one unit: the partial list is tried first and decides */
    r = run_text(pack, "第1条（返還）\n当社は、可能な限りデータを返還する。\n", 0);
    assert_int_equal(r->v[0].status, CL_STATUS_PARTIAL);
    assert_true(first_hit_is(r, 0, "可能な限り"));
    assert_null(strstr(r->v[0].message.ptr, "satisfying clause also exists"));
    run_free(r);

    /* across units: the worse verdict wins, and the message says a satisfying one exists */
    r = run_text(pack,
                 "第1条（返還）\n当社は、データを返還する。\n"
                 "第2条（協力）\n当社は、可能な限り協力する。\n",
                 0);
    assert_int_equal(r->v[0].status, CL_STATUS_PARTIAL);
    assert_non_null(strstr(r->v[0].message.ptr, "satisfying clause also exists"));
    run_free(r);

    expect(pack, "第1条（返還）\n当社は、データを返還する。\n", 0, CL_STATUS_SATISFIED);
    expect(pack, "第1条（品質）\n当社は、品質の向上に努める。\n", 0, CL_STATUS_MISSING);
}

/* ---- context ----------------------------------------------------------------------------- */

static const char pack_context[] =
    PACK_HEAD REQ("data-return", "sentence") "    context: ['終了']\n"
                                             "    satisfied: ['データを返還する']\n";

static void test_engine__context_from_heading(void **state)
{
    run *r;
    (void)state;

    expect(pack_context, "第5条（契約終了時の措置）\n当社は、データを返還する。\n", 0,
           CL_STATUS_SATISFIED);
    /* same sentence under another heading: a near-miss, not a finding */
    r = run_text(pack_context, "第5条（雑則）\n当社は、データを返還する。\n", 0);
    assert_int_equal(r->v[0].status, CL_STATUS_MISSING);
    assert_int_equal(r->v[0].nhits, 1);
    assert_non_null(strstr(r->v[0].message.ptr, "near-miss"));
    run_free(r);
}

/* An SLA sub-section takes its context from its own section's title, and only from that. */
static void test_engine__context_from_parent_section(void **state)
{
    run *r;
    (void)state;

    expect(pack_context,
           "8. 料金\n8.1 料金は月額とする。\n9. 契約終了時の措置\n9.1 当社は、データを返還する。\n",
           0, CL_STATUS_SATISFIED);
    /* the title of another top-level section does not count */
    r = run_text(
        pack_context,
        "8. 契約終了時の措置\n8.1 料金は月額とする。\n9. 雑則\n9.1 当社は、データを返還する。\n",
        0);
    assert_int_equal(r->v[0].status, CL_STATUS_MISSING);
    run_free(r);
}

static void test_engine__context_from_previous_sentence(void **state)
{
    (void)state;

    expect(pack_context,
           "第5条（雑則）\n本契約が終了した場合は、次のとおりとする。当社は、データを返還する。\n",
           0, CL_STATUS_SATISFIED);
    /* the sentence before, but in another article, does not lead into it */
    expect(pack_context,
           "第4条（期間）\n本契約は、期間の満了により終了する。\n"
           "第5条（雑則）\n当社は、データを返還する。\n",
           0, CL_STATUS_MISSING);
}

static void test_engine__context_from_item_lead_in(void **state)
{
    (void)state;

    /* the hit is in 号 (2); the sentence before it is 号 (1), without context; the 項's
     * lead-in sentence gives it */
    expect(pack_context,
           "第5条（雑則）\n本契約が終了したときは、当社は次の措置をとる。\n"
           "（１）当社は、ログを保存する。\n"
           "（２）当社は、データを返還する。\n",
           0, CL_STATUS_SATISFIED);
    expect(pack_context,
           "第5条（雑則）\n当社は、次の措置をとる。\n"
           "（１）当社は、ログを保存する。\n"
           "（２）当社は、データを返還する。\n",
           0, CL_STATUS_MISSING);
}

/* ---- unless / also / without ---------------------------------------------------------- */

static void test_engine__unless_applies_to_match_sentence(void **state)
{
    static const char pack[] =
        PACK_HEAD REQ("data-return", "article") "    satisfied:\n"
                                                "      - match: 'データを返還する'\n"
                                                "        unless: ['請求があった場合']\n";
    run *r;
    (void)state;

    /* the exception stands in another sentence of the article: it does not cancel */
    expect(pack,
           "第5条（終了）\n当社は、データを返還する。\n"
           "2 請求があった場合、当社は手数料を請求する。\n",
           0, CL_STATUS_SATISFIED);
    /* in the sentence of the match: it does */
    r = run_text(pack, "第5条（終了）\n請求があった場合、当社は、データを返還する。\n", 0);
    assert_int_equal(r->v[0].status, CL_STATUS_MISSING);
    assert_non_null(strstr(r->v[0].message.ptr, "excludes"));
    run_free(r);
}

/* A match excluded by `unless` does not hide a later match of the same pattern in the unit
 * (regression: only the first match of each pattern was tried). */
static void test_engine__excluded_match_does_not_hide_a_later_one(void **state)
{
    static const char pack[] =
        PACK_HEAD REQ("data-return", "article") "    satisfied:\n"
                                                "      - match: 'データを返還する'\n"
                                                "        unless: ['請求があった場合']\n";
    (void)state;
    expect(pack,
           "第5条（終了）\n請求があった場合、当社は、データを返還する。\n"
           "2 契約が終了したときも、当社は、データを返還する。\n",
           0, CL_STATUS_SATISFIED);
}

static void test_engine__also_applies_to_unit(void **state)
{
    static const char pack[] =
        PACK_HEAD REQ("data-return", "clause") "    satisfied:\n"
                                               "      - match: 'データを返還する'\n"
                                               "        also: ['無償']\n";
    (void)state;

    /* `also` in another sentence of the same 項 */
    expect(pack, "第5条（終了）\n当社は、データを返還する。返還は無償とする。\n", 0,
           CL_STATUS_SATISFIED);
    /* `also` only in another 項: not the same unit */
    expect(pack, "第5条（終了）\n当社は、データを返還する。\n2 返還は無償とする。\n", 0,
           CL_STATUS_MISSING);
    expect(pack, "第5条（終了）\n当社は、データを返還する。\n", 0, CL_STATUS_MISSING);
}

static void test_engine__without_applies_to_unit(void **state)
{
    static const char pack[] =
        PACK_HEAD REQ("data-return", "clause") "    satisfied:\n"
                                               "      - match: 'データを返還する'\n"
                                               "        without: ['有償']\n";
    cl_ruleset *set;
    int rc;
    (void)state;

    set = load_pack(pack, 1, &rc);
    if (rc != 0) {
        /* rules.c may not support `without:` yet: the load must then be refused cleanly */
        assert_int_equal(rc, CL_ERULE);
        skip();
    }
    cl_ruleset_free(set);
    expect(pack, "第5条（終了）\n当社は、データを返還する。\n", 0, CL_STATUS_SATISFIED);
    /* `without` anywhere in the unit, even another sentence, cancels the hit */
    expect(pack, "第5条（終了）\n当社は、データを返還する。ただし、返還は有償とする。\n", 0,
           CL_STATUS_MISSING);
    /* but not from another 項 */
    expect(pack, "第5条（終了）\n当社は、データを返還する。\n2 返還は有償とする。\n", 0,
           CL_STATUS_SATISFIED);
}

static void test_engine__fallback_only_when_nothing_else(void **state)
{
    static const char pack[] = PACK_HEAD REQ(
        "data-return", "sentence") "    partial:\n"
                                   "      - match: 'エクスポート'\n"
                                   "        fallback: true\n"
                                   "    satisfied: ['データを返還する']\n" REQ(
                                       "export-only", "sentence") "    satisfied:\n"
                                                                  "      - match: 'エクスポート'\n"
                                                                  "        fallback: true\n";
    run *r;
    (void)state;

    /* something else fired (satisfied): the partial fallback does not count */
    r = run_text(pack, "当社は、データを返還する。利用者は、データをエクスポートできる。\n", 0);
    assert_int_equal(r->v[0].status, CL_STATUS_SATISFIED);
    assert_true(first_hit_is(r, 0, "データを返還する"));
    assert_int_equal(r->v[1].status, CL_STATUS_SATISFIED); /* alone, a fallback counts */
    run_free(r);

    /* nothing else fired: the fallback decides */
    r = run_text(pack, "利用者は、データをエクスポートできる。\n", 0);
    assert_int_equal(r->v[0].status, CL_STATUS_PARTIAL);
    assert_true(first_hit_is(r, 0, "エクスポート"));
    run_free(r);

    /* the fallback also comes after a later non-fallback hit in document order */
    expect(pack, "利用者は、データをエクスポートできる。当社は、データを返還する。\n", 0,
           CL_STATUS_SATISFIED);
}

/* ---- notice periods ------------------------------------------------------------------- */

static const char pack_notice[] =
    PACK_HEAD REQ("termination-notice", "sentence") "    notice_period: true\n"
                                                    "    satisfied: ['終了する場合[^。]*通知']\n";

static void test_engine__notice_period(void **state)
{
    run *r;
    (void)state;

    r = run_text(pack_notice, "当社は、本サービスを終了する場合、90日前までに利用者に通知する。\n",
                 0);
    assert_int_equal(r->v[0].status, CL_STATUS_SATISFIED);
    assert_int_equal(r->v[0].notice_days, 90);
    run_free(r);

    r = run_text(pack_notice,
                 "当社は、本サービスを終了する場合、６ヶ月前までに利用者に通知する。\n", 0);
    assert_int_equal(r->v[0].status, CL_STATUS_SATISFIED);
    assert_int_equal(r->v[0].notice_days, 180);
    run_free(r);
}

static void test_engine__notice_without_period(void **state)
{
    run *r;
    (void)state;

    r = run_text(pack_notice, "当社は、本サービスを終了する場合、利用者に通知する。\n", 0);
    assert_int_equal(r->v[0].status, CL_STATUS_PARTIAL);
    assert_int_equal(r->v[0].notice_days, -1);
    assert_non_null(strstr(r->v[0].message.ptr, "no definite period"));
    run_free(r);
}

static void test_engine__notice_shorter_than_minimum(void **state)
{
    run *r;
    (void)state;

    r = run_text(pack_notice, "当社は、本サービスを終了する場合、90日前までに利用者に通知する。\n",
                 180);
    assert_int_equal(r->v[0].status, CL_STATUS_PARTIAL);
    assert_int_equal(r->v[0].notice_days, 90);
    assert_non_null(strstr(r->v[0].message.ptr, "shorter"));
    run_free(r);

    /* a period at or above the minimum stays satisfied */
    expect(pack_notice, "当社は、本サービスを終了する場合、180日前までに利用者に通知する。\n", 180,
           CL_STATUS_SATISFIED);
}

/* ---- a catastrophic pattern ----------------------------------------------------------- */

static void test_engine__catastrophic_pattern(void **state)
{
    static const char pack[] =
        PACK_HEAD REQ("data-return", "sentence") "    satisfied: ['(a+)+b', 'データを返還する']\n";
    size_t n = 3000;
    char *text = malloc(n + 64);
    time_t t0 = time(NULL);
    run *r;
    (void)state;

    assert_non_null(text);
    memset(text, 'a', n);
    /* the 'b' must be present, or PCRE2's required-character check ends it at once */
    {
        static const char tail[] = ",b。当社は、データを返還する。\n";
        memcpy(text + n, tail, sizeof(tail)); /* with its NUL */
    }
    r = run_text(pack, text, 0);
    free(text);
    assert_true(time(NULL) - t0 < 30);
    if (r->v[0].status == CL_STATUS_SATISFIED)
        dump_verdict(r, 0);
    assert_int_not_equal(r->v[0].status, CL_STATUS_SATISFIED);
    assert_int_equal(r->v[0].status, CL_STATUS_PARTIAL);
    assert_non_null(strstr(r->v[0].message.ptr, "match limit"));
    run_free(r);
}

static void test_engine__empty_document(void **state)
{
    run *r;
    size_t i;
    (void)state;

    r = run_text(pack_order, "", 0);
    for (i = 0; i < r->set->nreqs; i++) {
        assert_int_equal(r->v[i].status, CL_STATUS_MISSING);
        assert_int_equal(r->v[i].nhits, 0);
        assert_int_equal(r->v[i].notice_days, -1);
        assert_non_null(strstr(r->v[i].message.ptr, "what we look for"));
    }
    run_free(r);
}

#define T(f) cmocka_unit_test_teardown(f, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_engine__contradicted_beats_satisfied),
        T(test_engine__partial_beats_satisfied),
        T(test_engine__context_from_heading),
        T(test_engine__context_from_parent_section),
        T(test_engine__context_from_previous_sentence),
        T(test_engine__context_from_item_lead_in),
        T(test_engine__unless_applies_to_match_sentence),
        T(test_engine__excluded_match_does_not_hide_a_later_one),
        T(test_engine__also_applies_to_unit),
        T(test_engine__without_applies_to_unit),
        T(test_engine__fallback_only_when_nothing_else),
        T(test_engine__notice_period),
        T(test_engine__notice_without_period),
        T(test_engine__notice_shorter_than_minimum),
        T(test_engine__catastrophic_pattern),
        T(test_engine__empty_document),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
