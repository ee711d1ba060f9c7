/*
 * test_report.c — unit tests for the reports (linter/src/report_json.c, report_text.c) on
 * documents linted with cl_lint_memory: the JSON key order of design.md §6, string escaping,
 * notice_days only when a period was stated, an unreadable document, summary counts,
 * byte-identical output; and the compiler-style text lines, with colour only when asked.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clauselint.h"

/* ---- fixtures -------------------------------------------------------------------------- */

static const char pack_yaml[] =
    "pack: report-test\n"
    "version: \"2.0\"\n"
    "title: report test\n"
    "requirements:\n"
    "  - id: data-return\n"
    "    section: 4(3)ア\n"
    "    summary: データが返還される\n"
    "    looks_for: データの返還の定め\n"
    "    level: {class1: note, class2: error, class3: error}\n"
    "    scope: sentence\n"
    "    contradicted:\n"
    "      - match: '当社は、データを返還しない'\n"
    "        message: 'He said \"no\" \\ ok'\n"
    "    satisfied: ['データを返還する']\n"
    "    examples:\n"
    "      satisfied: ['当社は、データを返還する。']\n"
    "  - id: termination-notice\n"
    "    section: 4(3)ウ\n"
    "    summary: 終了の予告\n"
    "    looks_for: サービス終了の事前通知\n"
    "    level: {class1: note, class2: warning, class3: error}\n"
    "    scope: sentence\n"
    "    notice_period: true\n"
    "    satisfied: ['終了する場合[^。]*通知']\n"
    "    examples:\n"
    "      satisfied: ['当社は、本サービスを終了する場合、90日前までに通知する。']\n";

static const char doc_a[] = "第1条（返還）\n当社は、データを返還しない。\n"
                            "第2条（終了）\n当社は、本サービスを終了する場合、90日前までに利用者に"
                            "通知する。\n";
static const char doc_b[] = "当社は、品質の向上に努める。\n";
static const char doc_ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0\0\0\0\0";
static const char path_a[] = "dir\\a\"b\tc\x01.txt";

typedef struct fixture {
    cl_ruleset *set;
    cl_doc_report *docs[3];
    char *out;
    size_t outlen;
} fixture;

static cl_doc_report *lint(const cl_ruleset *set, const char *path, const void *bytes, size_t len)
{
    cl_doc_report *rep = NULL;
    cl_options opt;
    cl_error err;

    cl_options_init(&opt);
    cl_error_clear(&err);
    assert_int_equal(cl_lint_memory(&rep, set, path, bytes, len, &opt, &err), 0);
    assert_non_null(rep);
    return rep;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    cl_error err;

    if (!f)
        return -1;
    cl_error_clear(&err);
    if (cl_ruleset_load_memory(&f->set, pack_yaml, strlen(pack_yaml), "report-test.yml", NULL, NULL,
                               &err) != 0) {
        print_error("pack: %s\n", err.message);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    size_t i;

    for (i = 0; i < 3; i++)
        cl_doc_report_free(f->docs[i]);
    free(f->out);
    cl_ruleset_free(f->set);
    free(f);
    return 0;
}

static void lint_all(fixture *f)
{
    f->docs[0] = lint(f->set, path_a, doc_a, strlen(doc_a));
    f->docs[1] = lint(f->set, "b.txt", doc_b, strlen(doc_b));
    f->docs[2] = lint(f->set, "legacy.doc", doc_ole, sizeof(doc_ole) - 1);
}

typedef int (*writer_fn)(FILE *, const cl_report_meta *, cl_doc_report *const *, size_t);

/* Writes a report into f->out (replacing what was there). */
static void write_report(fixture *f, writer_fn fn, size_t ndocs, int color)
{
    cl_report_meta meta;
    FILE *fp;

    memset(&meta, 0, sizeof(meta));
    meta.set = f->set;
    meta.info_class = 2;
    meta.color = color;
    meta.checklist = 1;
    free(f->out);
    f->out = NULL;
    f->outlen = 0;
    fp = open_memstream(&f->out, &f->outlen);
    assert_non_null(fp);
    assert_int_equal(fn(fp, &meta, f->docs, ndocs), 0);
    assert_int_equal(fclose(fp), 0);
    assert_non_null(f->out);
}

/* Asserts the keys appear in this order from from; returns where the last one was found. */
static const char *keys_in_order(const char *from, const char *const *keys, size_t n)
{
    size_t i;
    const char *p = from;
    for (i = 0; i < n; i++) {
        char quoted[64];
        const char *q;
        snprintf(quoted, sizeof(quoted), "\"%s\":", keys[i]);
        q = strstr(p, quoted);
        if (!q)
            print_error("key %s not found after offset %td\n", quoted, p - from);
        assert_non_null(q);
        p = q + strlen(quoted);
    }
    return p;
}

/* ---- JSON ---------------------------------------------------------------------------- */

static void test_report__json_key_order(void **state)
{
    fixture *f = *state;
    static const char *const top[] = {"tool", "pack", "class", "documents"};
    static const char *const doc[] = {"path", "format", "encoding", "sha256", "results"};
    static const char *const result[] = {"requirement", "section", "status",
                                         "level",       "message", "evidence"};
    static const char *const evidence[] = {"quote", "line", "column", "article", "part"};
    static const char *const result2[] = {"requirement", "section",     "status",  "level",
                                          "message",     "notice_days", "evidence"};
    static const char *const tail[] = {"errors", "summary", "documents",
                                       "error",  "warning", "note"};
    const char *p;

    lint_all(f);
    write_report(f, cl_report_write_json, 1, 0);
    assert_memory_equal(f->out, "{\n  \"tool\": {\"name\": \"clauselint\", \"version\": \"",
                        strlen("{\n  \"tool\": {\"name\": \"clauselint\", \"version\": \""));
    p = keys_in_order(f->out, top, 4);
    p = keys_in_order(p, doc, 5);
    p = keys_in_order(p, result, 6);
    p = keys_in_order(p, evidence, 5);
    p = keys_in_order(p, result2, 7);
    p = keys_in_order(p, evidence, 5);
    keys_in_order(p, tail, 6);
    assert_non_null(strstr(f->out, "\"pack\": {\"id\": \"report-test\", \"version\": \"2.0\"}"));
    assert_non_null(strstr(f->out, "\"class\": 2,"));
    /* pack order, one result per requirement */
    assert_true(strstr(f->out, "\"requirement\": \"data-return\"") <
                strstr(f->out, "\"requirement\": \"termination-notice\""));
    assert_non_null(strstr(f->out, "\"status\": \"contradicted\""));
    assert_non_null(strstr(f->out, "\"article\": \"第1条\""));
    assert_non_null(strstr(f->out, "\"part\": \"body\""));
    /* a plain-text document has no paragraph numbers */
    assert_null(strstr(f->out, "\"paragraph\""));
    /* the output ends with the summary and a newline */
    assert_int_equal(f->out[f->outlen - 1], '\n');
    assert_int_equal(f->out[f->outlen - 2], '}');
}

static void test_report__json_escaping(void **state)
{
    fixture *f = *state;

    lint_all(f);
    write_report(f, cl_report_write_json, 1, 0);
    /* dir\a"b<TAB>c<0x01>.txt */
    assert_non_null(strstr(f->out, "\"path\": \"dir\\\\a\\\"b\\tc\\u0001.txt\""));
    /* the pattern's message: He said "no" \ ok */
    assert_non_null(strstr(f->out, "He said \\\"no\\\" \\\\ ok"));
    /* no raw control character anywhere but the layout's newlines */
    {
        size_t i;
        for (i = 0; i < f->outlen; i++)
            assert_true((unsigned char)f->out[i] >= 0x20 || f->out[i] == '\n');
    }
}

static void test_report__json_notice_days_only_when_present(void **state)
{
    fixture *f = *state;
    const char *b;

    lint_all(f);
    write_report(f, cl_report_write_json, 2, 0);
    assert_non_null(strstr(f->out, "\"notice_days\": 90,"));
    /* exactly once: doc b has no period */
    assert_null(strstr(strstr(f->out, "\"notice_days\"") + 1, "\"notice_days\""));
    b = strstr(f->out, "\"path\": \"b.txt\"");
    assert_non_null(b);
    assert_null(strstr(b, "notice_days"));
    assert_non_null(strstr(b, "\"status\": \"missing\""));
}

static void test_report__json_unreadable_document(void **state)
{
    fixture *f = *state;
    const char *c;
    cl_doc_report *rep;

    lint_all(f);
    rep = f->docs[2];
    assert_true(rep->nerrors >= 1);
    assert_int_equal(rep->nresults, 0);
    assert_null(rep->results);
    write_report(f, cl_report_write_json, 3, 0);
    c = strstr(f->out, "\"path\": \"legacy.doc\"");
    assert_non_null(c);
    assert_non_null(strstr(c, "\"results\": [],"));
    assert_non_null(strstr(c, "\"errors\": [\""));
    assert_non_null(strstr(c, "legacy .doc"));
    assert_null(strstr(c, "\"requirement\""));
    /* the readable documents have an empty error list */
    assert_non_null(strstr(f->out, "\"errors\": []"));
}

static void test_report__json_summary_counts(void **state)
{
    fixture *f = *state;

    lint_all(f);
    /* a: contradicted (error) + satisfied (none); b: missing (error) + missing (warning);
     * the unreadable document adds nothing */
    assert_int_equal(f->docs[0]->results[0].level, CL_LEVEL_ERROR);
    assert_int_equal(f->docs[0]->results[1].level, CL_LEVEL_NONE);
    assert_int_equal(f->docs[1]->results[0].level, CL_LEVEL_ERROR);
    assert_int_equal(f->docs[1]->results[1].level, CL_LEVEL_WARNING);
    write_report(f, cl_report_write_json, 3, 0);
    assert_non_null(strstr(f->out, "\"summary\": {\"documents\": 3, \"error\": 2, \"warning\": 1, "
                                   "\"note\": 0}\n}\n"));
    write_report(f, cl_report_write_json, 0, 0);
    assert_non_null(strstr(f->out, "\"documents\": [],"));
    assert_non_null(strstr(f->out, "\"summary\": {\"documents\": 0, \"error\": 0, \"warning\": 0, "
                                   "\"note\": 0}"));
}

static void test_report__json_deterministic(void **state)
{
    fixture *f = *state;
    char *first;
    size_t firstlen, i;

    lint_all(f);
    write_report(f, cl_report_write_json, 3, 0);
    first = f->out;
    firstlen = f->outlen;
    f->out = NULL;
    /* lint again from scratch: same bytes */
    for (i = 0; i < 3; i++)
        cl_doc_report_free(f->docs[i]);
    lint_all(f);
    write_report(f, cl_report_write_json, 3, 0);
    if (firstlen != f->outlen || memcmp(first, f->out, firstlen) != 0) {
        free(first);
        fail_msg("two runs gave different JSON");
    }
    free(first);
    assert_int_equal(firstlen, f->outlen);
}

/* ---- text ---------------------------------------------------------------------------- */

static void test_report__text_compiler_style(void **state)
{
    fixture *f = *state;

    f->docs[0] = lint(f->set, "contract.txt", doc_a, strlen(doc_a));
    f->docs[1] = lint(f->set, "b.txt", doc_b, strlen(doc_b));
    f->docs[2] = lint(f->set, "legacy.doc", doc_ole, sizeof(doc_ole) - 1);
    write_report(f, cl_report_write_text, 3, 0);
    /* a finding: at the start of a line, path:line:col: level: [id] status: message 「quote」 */
    assert_true(strncmp(f->out, "contract.txt:2:1: error: [data-return] contradicted: ",
                        strlen("contract.txt:2:1: error: [data-return] contradicted: ")) == 0);
    assert_non_null(strstr(f->out, "「当社は、データを返還しない。」 (第1条)\n"));
    /* a satisfied requirement gives no diagnostic line */
    assert_null(strstr(f->out, "contract.txt:4:1: none:"));
    assert_null(strstr(f->out, "[termination-notice] satisfied:"));
    /* missing: at 1:1, with what was looked for */
    assert_non_null(strstr(f->out, "\nb.txt:1:1: warning: [termination-notice] missing: not found: "
                                   "サービス終了の事前通知"));
    assert_non_null(strstr(f->out, "\nb.txt:1:1: error: [data-return] missing: "));
    /* unreadable */
    assert_non_null(strstr(f->out, "\nlegacy.doc: error: cannot lint: "));
    /* no colour unless asked */
    assert_null(memchr(f->out, '\033', f->outlen));
    /* checklist with the notice period */
    assert_non_null(strstr(f->out, " 90 days"));
    assert_non_null(strstr(f->out, "3 documents linted: 2 errors, 1 warning, 0 notes, "
                                   "1 unreadable\n"));
}

static void test_report__text_color_only_when_asked(void **state)
{
    fixture *f = *state;

    f->docs[0] = lint(f->set, "contract.txt", doc_a, strlen(doc_a));
    write_report(f, cl_report_write_text, 1, 1);
    assert_non_null(strstr(f->out, "\033["));
    assert_non_null(strstr(f->out, "contract.txt:2:1:"));
    write_report(f, cl_report_write_text, 1, 0);
    assert_null(memchr(f->out, '\033', f->outlen));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_report__json_key_order),
        T(test_report__json_escaping),
        T(test_report__json_notice_days_only_when_present),
        T(test_report__json_unreadable_document),
        T(test_report__json_summary_counts),
        T(test_report__json_deterministic),
        T(test_report__text_compiler_style),
        T(test_report__text_color_only_when_asked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
