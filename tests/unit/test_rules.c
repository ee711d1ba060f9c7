/*
 * test_rules.c — unit tests for the rule-pack loader (linter/src/rules.c): a valid pack reads
 * back, every kind of invalid pack is refused with every problem at its file:line:col, and
 * cl__regex_find honours its window and PCRE2's limits.
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

#include "cl_limits.h"
#include "rules.h"
#include "util.h"

#define PACKS CL_TEST_DATA_DIR "/packs/"

/* ---- helpers ------------------------------------------------------------------------- */

#define MAX_DIAGS 64

typedef struct diag_entry {
    char path[128];
    unsigned line, column;
    char message[512];
} diag_entry;

typedef struct capture {
    diag_entry d[MAX_DIAGS];
    size_t n;
} capture;

static void collect(const char *path, unsigned line, unsigned column, const char *message,
                    void *payload)
{
    capture *c = payload;
    diag_entry *e;

    if (c->n == MAX_DIAGS)
        return;
    e = &c->d[c->n++];
    snprintf(e->path, sizeof(e->path), "%s", path);
    e->line = line;
    e->column = column;
    snprintf(e->message, sizeof(e->message), "%s", message);
}

static void dump(const capture *c)
{
    size_t i;

    for (i = 0; i < c->n; i++)
        print_message("  %s:%u:%u: %s\n", c->d[i].path, c->d[i].line, c->d[i].column,
                      c->d[i].message);
}

/* Loads yaml (NUL-terminated) from memory as "test.yml", collecting diagnostics in c. */
static int load(cl_ruleset **out, const char *yaml, capture *c, cl_error *err)
{
    memset(c, 0, sizeof(*c));
    cl_error_clear(err);
    return cl_ruleset_load_memory(out, yaml, strlen(yaml), "test.yml", collect, c, err);
}

/* Asserts that c holds a diagnostic at line:column whose message contains every given part. */
static void expect_diag_(const capture *c, unsigned line, unsigned column, const char *part1,
                         const char *part2, const char *file, int lineno)
{
    size_t i;

    for (i = 0; i < c->n; i++) {
        if (c->d[i].line == line && c->d[i].column == column && strstr(c->d[i].message, part1) &&
            (!part2 || strstr(c->d[i].message, part2)))
            return;
    }
    print_error("%s:%d: no diagnostic at %u:%u containing \"%s\"%s%s; got:\n", file, lineno, line,
                column, part1, part2 ? " and " : "", part2 ? part2 : "");
    dump(c);
    _fail(file, lineno);
}
#define expect_diag(c, line, col, part) expect_diag_(c, line, col, part, NULL, __FILE__, __LINE__)
#define expect_diag2(c, line, col, p1, p2) expect_diag_(c, line, col, p1, p2, __FILE__, __LINE__)

/* Asserts a refused load: CL_ERULE, nothing written to out, err is the first diagnostic. */
static void expect_refused_(int rc, const cl_ruleset *set, const capture *c, const cl_error *err,
                            size_t ndiags, const char *file, int lineno)
{
    if (rc != CL_ERULE || set != NULL || c->n != ndiags) {
        print_error("%s:%d: expected CL_ERULE with %zu diagnostics, got rc=%d with %zu:\n", file,
                    lineno, ndiags, rc, c->n);
        dump(c);
        _fail(file, lineno);
    }
    assert_int_equal(err->code, CL_ERULE);
    assert_non_null(err->path);
    assert_string_equal(err->path, c->d[0].path);
    assert_int_equal(err->line, c->d[0].line);
    assert_int_equal(err->column, c->d[0].column);
    assert_string_equal(err->message, c->d[0].message);
}
#define expect_refused(rc, set, c, err, n) expect_refused_(rc, set, c, err, n, __FILE__, __LINE__)

/* A requirement body that is valid on its own; tests append or replace lines around it. */
#define PACK_HEAD "pack: p\nversion: \"1\"\ntitle: t\nrequirements:\n"
#define REQ_BODY                                                                                   \
    "    section: '1'\n"                                                                           \
    "    summary: s\n"                                                                             \
    "    looks_for: l\n"                                                                           \
    "    level: {class1: note, class2: note, class3: note}\n"                                      \
    "    scope: sentence\n"                                                                        \
    "    satisfied: ['x']\n"                                                                       \
    "    examples: {satisfied: ['x']}\n"

/* ---- valid packs --------------------------------------------------------------------- */

static void check_minimal_pack(const cl_ruleset *set)
{
    cl_requirement_info info;
    const cl_requirement *r;
    const cl_pattern *p;

    assert_string_equal(cl_ruleset_id(set), "test-pack");
    assert_string_equal(cl_ruleset_version(set), "1.0");
    assert_string_equal(cl_ruleset_title(set), "テスト用パック");
    assert_int_equal(cl_ruleset_count(set), 2);

    cl_ruleset_requirement(&info, set, 0);
    assert_string_equal(info.id, "data-return");
    assert_string_equal(info.section, "4(3)ア(ア)");
    assert_string_equal(info.summary, "中断・終了時にデータが返却される");
    assert_string_equal(info.looks_for, "データの返却又は取得手段の定め");
    assert_string_equal(info.suggestion, "当社は、本サービスの終了時に、利用者データを返還する。");
    assert_int_equal(info.level[1], CL_LEVEL_NOTE);
    assert_int_equal(info.level[2], CL_LEVEL_WARNING);
    assert_int_equal(info.level[3], CL_LEVEL_ERROR);

    r = &set->reqs[0];
    assert_int_equal(r->line, 6);
    assert_int_equal(r->scope, CL_SCOPE_SENTENCE);
    assert_int_equal(r->notice_period, 1);
    assert_int_equal(r->ncontext, 1);
    assert_string_equal(r->context[0].source, "終了|解約|解除");
    assert_int_equal(r->context[0].line, 12);
    assert_int_equal(r->context[0].column, 15);
    assert_non_null(r->context[0].code);
    assert_int_equal(r->npatterns[CL_PAT_CONTRADICTED], 1);
    assert_int_equal(r->npatterns[CL_PAT_PARTIAL], 0);
    assert_int_equal(r->npatterns[CL_PAT_SATISFIED], 2);
    p = &r->patterns[CL_PAT_SATISFIED][0];
    assert_string_equal(p->match.source, "(データ|情報).{0,40}(返却|返還)");
    assert_int_equal(p->nunless, 0);
    assert_null(p->message);
    assert_int_equal(p->fallback, 0);
    p = &r->patterns[CL_PAT_SATISFIED][1];
    assert_string_equal(p->match.source, "エクスポート");
    assert_int_equal(p->match.line, 18);
    assert_int_equal(p->match.column, 16);
    assert_int_equal(p->nunless, 1);
    assert_string_equal(p->unless[0].source, "できない");
    assert_int_equal(p->nalso, 1);
    assert_string_equal(p->also[0].source, "利用者");
    assert_string_equal(p->message, "利用者が自ら取得できる");
    assert_int_equal(p->fallback, 1);

    assert_int_equal(r->nexamples, 3);
    assert_int_equal(r->examples[0].expect, CL_STATUS_SATISFIED);
    assert_int_equal(r->examples[0].line, 25);
    assert_string_equal(r->examples[0].text,
                        "本契約が終了した場合、当社は利用者データを返還する。");
    assert_int_equal(r->examples[1].expect, CL_STATUS_MISSING);
    assert_int_equal(r->examples[2].expect, CL_STATUS_CONTRADICTED);
    assert_int_equal(r->examples[2].line, 26);
    assert_int_equal(r->examples[1].line, 27);

    cl_ruleset_requirement(&info, set, 1);
    assert_string_equal(info.id, "audit");
    assert_null(info.suggestion);
    assert_int_equal(info.level[1], CL_LEVEL_NONE);
    r = &set->reqs[1];
    assert_int_equal(r->scope, CL_SCOPE_ARTICLE);
    assert_int_equal(r->notice_period, 0);
    assert_int_equal(r->ncontext, 0);
    assert_null(r->context);
}

static void test_rules__load_file_valid(void **state)
{
    cl_ruleset *set = NULL;
    cl_error err;
    capture c = {0};
    (void)state;

    cl_error_clear(&err);
    assert_int_equal(cl_ruleset_load_file(&set, PACKS "valid-minimal.yml", collect, &c, &err), 0);
    assert_int_equal(c.n, 0);
    assert_int_equal(err.code, 0);
    assert_non_null(set);
    check_minimal_pack(set);
    cl_ruleset_free(set);
}

static void test_rules__load_memory_valid(void **state)
{
    cl_ruleset *set = NULL;
    cl_error err;
    cl_buf text = CL_BUF_INIT(0);
    (void)state;

    cl_error_clear(&err);
    assert_int_equal(cl__read_file(&text, PACKS "valid-minimal.yml", CL_MAX_PACK_BYTES, &err), 0);
    /* No diag callback: allowed. */
    assert_int_equal(cl_ruleset_load_memory(&set, text.ptr, text.len, "mem.yml", NULL, NULL, &err),
                     0);
    check_minimal_pack(set);
    cl_ruleset_free(set);
    cl__buf_dispose(&text);
}

static void test_rules__default_pack_loads(void **state)
{
    cl_ruleset *set = NULL;
    cl_error err;
    (void)state;

    cl_error_clear(&err);
    if (cl_ruleset_load_default(&set, &err) != 0)
        fail_msg("%s:%u:%u: %s", err.path ? err.path : "?", err.line, err.column, err.message);
    assert_true(cl_ruleset_count(set) > 0);
    cl_ruleset_free(set);
}

static void test_rules__names(void **state)
{
    cl_level level = CL_LEVEL_NOTE;
    (void)state;

    assert_string_equal(cl_status_name(CL_STATUS_SATISFIED), "satisfied");
    assert_string_equal(cl_status_name(CL_STATUS_PARTIAL), "partial");
    assert_string_equal(cl_status_name(CL_STATUS_MISSING), "missing");
    assert_string_equal(cl_status_name(CL_STATUS_CONTRADICTED), "contradicted");
    assert_string_equal(cl_level_name(CL_LEVEL_NONE), "none");
    assert_string_equal(cl_level_name(CL_LEVEL_ERROR), "error");
    assert_int_equal(cl_level_parse(&level, "warning"), 0);
    assert_int_equal(level, CL_LEVEL_WARNING);
    assert_int_equal(cl_level_parse(&level, "none"), 0);
    assert_int_equal(level, CL_LEVEL_NONE);
    assert_int_equal(cl_level_parse(&level, "Error"), CL_EINVAL);
    assert_int_equal(level, CL_LEVEL_NONE); /* untouched on failure */
    cl_ruleset_free(NULL);                  /* NULL-safe */
}

/* ---- invalid packs ------------------------------------------------------------------- */

static void test_rules__yaml_syntax_error(void **state)
{
    cl_ruleset *set = NULL;
    cl_error err;
    capture c;
    (void)state;

    /* Line 4 is indented less than the mapping it would continue. */
    expect_refused(load(&set, "pack: p\nrequirements:\n  - id: a\n   x: 1\n", &c, &err), set, &c,
                   &err, 1);
    assert_string_equal(c.d[0].path, "test.yml");
    expect_diag(&c, 4, 4, "invalid YAML: ");

    /* An unterminated flow list: libyaml's problem text, 1-based position. */
    expect_refused(load(&set, "pack: [a, b\n", &c, &err), set, &c, &err, 1);
    expect_diag2(&c, 2, 1, "invalid YAML: did not find expected ',' or ']'",
                 "(while parsing a flow sequence started at line 1 column 7)");
}

static void test_rules__yaml_syntax_error_file(void **state)
{
    cl_ruleset *set = NULL;
    cl_error err;
    capture c = {0};
    (void)state;

    cl_error_clear(&err);
    assert_int_equal(cl_ruleset_load_file(&set, PACKS "bad-syntax.yml", collect, &c, &err),
                     CL_ERULE);
    assert_null(set);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.d[0].path, PACKS "bad-syntax.yml");
    expect_diag2(&c, 5, 1, "invalid YAML: found unexpected end of stream",
                 "(while scanning a quoted scalar started at line 3 column 8)");
    assert_string_equal(err.path, PACKS "bad-syntax.yml");
    assert_int_equal(err.line, 5);
}

static void test_rules__invalid_utf8(void **state)
{
    cl_ruleset *set = NULL;
    cl_error err;
    capture c;
    (void)state;

    expect_refused(load(&set, "pack: p\ntitle: ab\xff\n", &c, &err), set, &c, &err, 1);
    expect_diag2(&c, 2, 10, "invalid YAML: ", "at byte 17");
}

static void test_rules__unknown_key_every_level(void **state)
{
    cl_ruleset *set = NULL;
    cl_error err;
    capture c;
    (void)state;

    expect_refused(load(&set,
                        "pack: p\n"
                        "version: \"1\"\n"
                        "title: t\n"
                        "extends: other\n"              /* 4 */
                        "requirements:\n"               /* 5 */
                        "  - id: a\n" REQ_BODY          /* 6..13 */
                        "    severity: high\n"          /* 14 */
                        "    contradicted:\n"           /* 15 */
                        "      - match: y\n"            /* 16 */
                        "        except: [z]\n"         /* 17 */
                        "    level2: {class4: note}\n", /* 18 */
                        &c, &err),
                   set, &c, &err, 4);
    expect_diag2(&c, 4, 1, "unknown key 'extends' in the rule pack",
                 "allowed: pack, version, title, requirements");
    expect_diag2(&c, 14, 5, "unknown key 'severity' in requirement 'a'",
                 "allowed: id, section, summary, looks_for, level, scope, context, notice_period, "
                 "contradicted, partial, satisfied, suggestion, examples");
    expect_diag2(&c, 17, 9, "unknown key 'except' in a pattern in 'contradicted'",
                 "allowed: match, unless, also, message, fallback");
    expect_diag(&c, 18, 5, "unknown key 'level2' in requirement 'a'");
}

static void test_rules__missing_keys(void **state)
{
    cl_ruleset *set = NULL;
    cl_error err;
    capture c;
    (void)state;

    expect_refused(load(&set,
                        "title: t\n"
                        "requirements:\n"
                        "  - id: a\n"
                        "    satisfied: ['x']\n"
                        "  - summary: s\n",
                        &c, &err),
                   set, &c, &err, 2 + 6 + 7);
    expect_diag(&c, 1, 1, "the rule pack is missing the required key 'pack'");
    expect_diag(&c, 1, 1, "the rule pack is missing the required key 'version'");
    expect_diag(&c, 3, 5, "requirement 'a' is missing the required key 'section'");
    expect_diag(&c, 3, 5, "requirement 'a' is missing the required key 'summary'");
    expect_diag(&c, 3, 5, "requirement 'a' is missing the required key 'looks_for'");
    expect_diag(&c, 3, 5, "requirement 'a' is missing the required key 'level'");
    expect_diag(&c, 3, 5, "requirement 'a' is missing the required key 'scope'");
    expect_diag(&c, 3, 5, "requirement 'a' is missing the required key 'examples'");
    /* Without an id, the requirement is named by its position. */
    expect_diag(&c, 5, 5, "requirement 2 is missing the required key 'id'");
    expect_diag(&c, 5, 5, "requirement 2 is missing the required key 'examples'");
    expect_diag(&c, 5, 5, "requirement 2 has no patterns");

    expect_refused(
        load(&set, PACK_HEAD "  - id: a\n" REQ_BODY "    level: {class1: note}\n", &c, &err), set,
        &c, &err, 1);
    expect_diag(&c, 13, 5, "duplicate key 'level' in requirement 'a' (first at line 9)");
}

static void test_rules__wrong_types(void **state)
{
    cl_ruleset *set = NULL;
    cl_error err;
    capture c;
    (void)state;

    expect_refused(load(&set,
                        "pack: [p]\n"                                      /* 1 */
                        "version: \"1\"\n"                                 /* 2 */
                        "title: {t: 1}\n"                                  /* 3 */
                        "requirements:\n"                                  /* 4 */
                        "  - id: a\n"                                      /* 5 */
                        "    section: [1, 2]\n"                            /* 6 */
                        "    summary: s\n"                                 /* 7 */
                        "    looks_for: l\n"                               /* 8 */
                        "    level: error\n"                               /* 9 */
                        "    scope: sentence\n"                            /* 10 */
                        "    context: '終了'\n"                            /* 11 */
                        "    satisfied: ['x', [y], {match: [z]}]\n"        /* 12 */
                        "    examples: {satisfied: 'x', missing: [[a]]}\n" /* 13 */
                        "  - just a string\n"                              /* 14 */
                        "  - [a, list]\n",                                 /* 15 */
                        &c, &err),
                   set, &c, &err, 11);
    expect_diag(&c, 1, 7, "'pack' must be a string, not a list");
    expect_diag(&c, 3, 8, "'title' must be a string, not a mapping");
    expect_diag(&c, 6, 14, "'section' must be a string, not a list");
    expect_diag(&c, 9, 12, "'level' of requirement 'a' must be a mapping, not a string");
    expect_diag(&c, 11, 14, "'context' must be a list, not a string");
    expect_diag(&c, 12, 22,
                "entries of 'satisfied' must be regexes or mappings with 'match', "
                "not a list");
    expect_diag(&c, 12, 35, "'match' of 'satisfied' must be a string, not a list");
    expect_diag(&c, 13, 27, "'examples' satisfied must be a list, not a string");
    expect_diag(&c, 13, 42, "an example under 'missing' must be a string, not a list");
    expect_diag(&c, 14, 5, "requirement 2 must be a mapping, not a string");
    expect_diag(&c, 15, 5, "requirement 3 must be a mapping, not a list");

    /* Root that is not a mapping, and a key that is not a string. */
    expect_refused(load(&set, "- a\n- b\n", &c, &err), set, &c, &err, 1);
    expect_diag(&c, 1, 1, "the rule pack must be a mapping, not a list");
    expect_refused(load(&set, "[k]: v\n", &c, &err), set, &c, &err, 5);
    expect_diag(&c, 1, 1, "keys in the rule pack must be strings, not a list");
}

static void test_rules__empty_values(void **state)
{
    cl_ruleset *set = NULL;
    cl_error err;
    capture c;
    (void)state;

    expect_refused(load(&set,
                        "pack: p\nversion: \"1\"\ntitle:\n" /* 3: null */
                        "requirements:\n"
                        "  - id: a\n"       /* 5 */
                        "    section: ''\n" /* 6 */
                        "    summary: ~\n"  /* 7 */
                        "    looks_for: l\n"
                        "    level: {class1: note, class2: note, class3: note}\n"
                        "    scope: sentence\n"
                        "    context: []\n"      /* 11 */
                        "    contradicted: []\n" /* 12 */
                        "    partial: []\n"
                        "    satisfied:\n" /* 14 */
                        "      - match: 'x'\n"
                        "        unless: []\n" /* 16 */
                        "        also: []\n"   /* 17 */
                        "    examples: {}\n"   /* 18 */
                        "  - id: b\n"          /* 19 */
                        "    section: '1'\n"
                        "    summary: s\n"
                        "    looks_for: l\n"
                        "    level: {class1: note, class2: note, class3: note}\n"
                        "    scope: sentence\n"
                        "    partial: []\n"                               /* 25 */
                        "    examples: {missing: [], satisfied: ['']}\n", /* 26 */
                        &c, &err),
                   set, &c, &err, 10);
    expect_diag(&c, 3, 7, "'title' is empty");
    expect_diag(&c, 6, 14, "'section' is empty");
    expect_diag(&c, 7, 14, "'summary' is empty");
    expect_diag(&c, 11, 14, "'context' is an empty list");
    expect_diag(&c, 16, 17, "'unless' of 'satisfied' is an empty list");
    expect_diag(&c, 17, 15, "'also' of 'satisfied' is an empty list");
    expect_diag(&c, 18, 15, "'examples' is empty");
    expect_diag(&c, 19, 5,
                "requirement 'b' has no patterns: contradicted, partial and "
                "satisfied are all empty or absent");
    expect_diag(&c, 26, 25, "'examples' missing is an empty list");
    expect_diag(&c, 26, 41, "an example under 'satisfied' is empty");

    expect_refused(load(&set, "pack: p\nversion: \"1\"\ntitle: t\nrequirements: []\n", &c, &err),
                   set, &c, &err, 1);
    expect_diag(&c, 4, 15, "'requirements' is an empty list");

    expect_refused(load(&set, "", &c, &err), set, &c, &err, 1);
    expect_diag(&c, 1, 1, "the rule pack is empty");
}

static void test_rules__duplicate_ids(void **state)
{
    cl_ruleset *set = NULL;
    cl_error err;
    capture c;
    (void)state;

    expect_refused(load(&set,
                        PACK_HEAD "  - id: a\n" REQ_BODY  /* 5 */
                                  "  - id: b\n" REQ_BODY  /* 13 */
                                  "  - id: a\n" REQ_BODY  /* 21 */
                                  "  - id: a\n" REQ_BODY, /* 29 */
                        &c, &err),
                   set, &c, &err, 2);
    expect_diag(&c, 21, 9, "duplicate requirement id 'a' (first at line 5)");
    expect_diag(&c, 29, 9, "duplicate requirement id 'a' (first at line 5)");
}

static void test_rules__bad_ids(void **state)
{
    cl_ruleset *set = NULL;
    cl_error err;
    capture c;
    (void)state;

    expect_refused(load(&set,
                        PACK_HEAD "  - id: Data-Return\n" REQ_BODY /* 5 */
                                  "  - id: -lead\n" REQ_BODY       /* 13 */
                                  "  - id: 'a b'\n" REQ_BODY       /* 21 */
                                  "  - id: 返却\n" REQ_BODY        /* 29 */
                                  "  - id: ok-1\n" REQ_BODY,
                        &c, &err),
                   set, &c, &err, 4);
    expect_diag(&c, 5, 9, "requirement id 'Data-Return' must match [a-z0-9][a-z0-9-]*");
    expect_diag(&c, 13, 9, "requirement id '-lead' must match");
    expect_diag(&c, 21, 9, "requirement id 'a b' must match");
    expect_diag(&c, 29, 9, "requirement id '返却' must match");
}

static void test_rules__bad_scope_and_level(void **state)
{
    cl_ruleset *set = NULL;
    cl_error err;
    capture c;
    (void)state;

    expect_refused(load(&set,
                        PACK_HEAD "  - id: a\n" /* 5 */
                                  "    section: '1'\n"
                                  "    summary: s\n"
                                  "    looks_for: l\n"
                                  "    level: {class1: fatal, class3: warning}\n" /* 9 */
                                  "    scope: paragraph\n"                        /* 10 */
                                  "    satisfied: ['x']\n"
                                  "    examples: {satisfied: ['x']}\n",
                        &c, &err),
                   set, &c, &err, 3);
    expect_diag2(&c, 9, 21, "unknown level 'fatal' for class1",
                 "expected error, warning, note or none");
    expect_diag(&c, 9, 12, "'level' must give class1, class2 and class3: 'class2' is missing");
    expect_diag2(&c, 10, 12, "unknown scope 'paragraph'", "expected sentence, clause or article");
}

static void test_rules__bad_examples_and_booleans(void **state)
{
    cl_ruleset *set = NULL;
    cl_error err;
    capture c;
    (void)state;

    expect_refused(load(&set,
                        PACK_HEAD "  - id: a\n" REQ_BODY /* 5..12 */
                                  "  - id: b\n"          /* 13 */
                                  "    section: '1'\n"
                                  "    summary: s\n"
                                  "    looks_for: l\n"
                                  "    level: {class1: note, class2: note, class3: note}\n"
                                  "    scope: clause\n"
                                  "    notice_period: yes\n" /* 19 */
                                  "    satisfied: ['x']\n"
                                  "    examples:\n"
                                  "      ok: ['x']\n"           /* 22 */
                                  "  - id: c\n" REQ_BODY        /* 23 */
                                  "    notice_period: 'true'\n" /* 31 */
                                  "  - id: d\n" REQ_BODY        /* 32 */
                                  "    notice_period: [true]\n" /* 40 */
                                  "    partial:\n"
                                  "      - {match: x, fallback: 1}\n", /* 42 */
                        &c, &err),
                   set, &c, &err, 5);
    expect_diag(&c, 19, 20, "'notice_period' must be true or false, not 'yes'");
    expect_diag2(&c, 22, 7, "unknown key 'ok' in 'examples'",
                 "allowed: satisfied, partial, missing, contradicted");
    expect_diag(&c, 31, 20, "'notice_period' must be true or false, not 'true' (a quoted string)");
    expect_diag(&c, 40, 20, "'notice_period' must be true or false, not a list");
    expect_diag(&c, 42, 30, "'fallback' must be true or false, not '1'");
}

static void test_rules__bad_regex(void **state)
{
    cl_ruleset *set = NULL;
    cl_error err;
    capture c;
    (void)state;

    expect_refused(load(&set,
                        PACK_HEAD "  - id: a\n" REQ_BODY             /* 5..12 */
                                  "    context: ['終了', '(返却']\n" /* 13 */
                                  "    partial:\n"
                                  "      - match: 'a{2,1}'\n" /* 15 */
                                  "        unless:\n"
                                  "          - \"[z-a]\"\n"      /* 17 */
                                  "    contradicted: ['\\C']\n", /* 18 */
                        &c, &err),
                   set, &c, &err, 4);
    /* Byte offsets: '(' + two 3-byte characters. Column: the scalar's first character. */
    expect_diag2(&c, 13, 21, "invalid regex in 'context': missing closing parenthesis",
                 "at offset 7 in the pattern");
    expect_diag2(&c, 15, 16, "invalid regex in 'match' of 'partial': numbers out of order",
                 "at offset 5 in the pattern");
    expect_diag2(&c, 17, 13, "invalid regex in 'unless' of 'partial': range out of order",
                 "at offset 3 in the pattern");
    /* \C could end a match inside a UTF-8 character: refused at compile time. */
    expect_diag2(&c, 18, 20, "invalid regex in 'contradicted': ", "at offset 2 in the pattern");
}

static void test_rules__aliases_and_documents(void **state)
{
    cl_ruleset *set = NULL;
    cl_error err;
    capture c;
    (void)state;

    expect_refused(load(&set,
                        PACK_HEAD "  - &req\n"           /* 5 */
                                  "    id: a\n" REQ_BODY /* 6 */
                                  "  - *req\n",          /* 14 */
                        &c, &err),
                   set, &c, &err, 1);
    expect_diag(&c, 5, 5, "reused through an alias; aliases (*name) are not supported");

    expect_refused(load(&set, PACK_HEAD "  - id: a\n" REQ_BODY "---\nx: 1\n", &c, &err), set, &c,
                   &err, 1);
    expect_diag(&c, 14, 1, "a rule pack is a single YAML document");
}

static void test_rules__every_problem_reported(void **state)
{
    cl_ruleset *set = NULL;
    cl_error err;
    capture c = {0};
    size_t i;
    (void)state;

    cl_error_clear(&err);
    assert_int_equal(cl_ruleset_load_file(&set, PACKS "bad-many.yml", collect, &c, &err), CL_ERULE);
    assert_null(set);
    if (c.n != 14) {
        dump(&c);
        fail_msg("expected 14 diagnostics, got %zu", c.n);
    }
    /* In file order, each with the path. */
    for (i = 0; i < c.n; i++) {
        assert_string_equal(c.d[i].path, PACKS "bad-many.yml");
        if (i > 0)
            assert_true(c.d[i - 1].line < c.d[i].line ||
                        (c.d[i - 1].line == c.d[i].line && c.d[i - 1].column <= c.d[i].column));
    }
    expect_diag(&c, 5, 1, "unknown key 'colour' in the rule pack");
    expect_diag(&c, 7, 9, "requirement id 'Data_Return' must match");
    expect_diag(&c, 8, 14, "'section' must be a string, not a list");
    expect_diag(&c, 11, 12, "'class3' is missing");
    expect_diag(&c, 11, 35, "unknown level 'fatal' for class2");
    expect_diag(&c, 12, 12, "unknown scope 'paragraph'");
    expect_diag(&c, 13, 14, "'context' is an empty list");
    expect_diag2(&c, 14, 17, "missing closing parenthesis", "at offset 7 in the pattern");
    expect_diag(&c, 17, 5, "requirement 'audit' is missing the required key 'section'");
    expect_diag(&c, 22, 20, "'notice_period' must be true or false");
    expect_diag(&c, 25, 7, "unknown key 'passing' in 'examples'");
    expect_diag(&c, 26, 5, "requirement 'audit' has no patterns");
    expect_diag(&c, 26, 9, "duplicate requirement id 'audit' (first at line 17)");
    expect_diag(&c, 34, 16, "'examples' missing is an empty list");
    /* err carries the first one. */
    assert_int_equal(err.code, CL_ERULE);
    assert_string_equal(err.path, PACKS "bad-many.yml");
    assert_int_equal(err.line, 5);
    assert_int_equal(err.column, 1);
    assert_string_equal(err.message, c.d[0].message);
}

static void test_rules__oversize_pack(void **state)
{
    cl_ruleset *set = NULL;
    cl_error err;
    capture c = {0};
    size_t len = (size_t)CL_MAX_PACK_BYTES + 1;
    char *big = malloc(len);
    char path[] = "/tmp/cl-test-rules-XXXXXX";
    FILE *fp;
    int fd;
    (void)state;

    assert_non_null(big);
    memset(big, '#', len); /* one long YAML comment: valid YAML apart from its size */

    cl_error_clear(&err);
    assert_int_equal(cl_ruleset_load_memory(&set, big, len, "big.yml", collect, &c, &err),
                     CL_ELIMIT);
    assert_null(set);
    assert_int_equal(err.code, CL_ELIMIT);
    assert_string_equal(err.path, "big.yml");
    assert_non_null(strstr(err.message, "limit"));

    fd = mkstemp(path);
    assert_true(fd >= 0);
    fp = fdopen(fd, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(big, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
    cl_error_clear(&err);
    assert_int_equal(cl_ruleset_load_file(&set, path, collect, &c, &err), CL_ELIMIT);
    assert_null(set);
    assert_int_equal(err.code, CL_ELIMIT);
    assert_string_equal(err.path, path);
    assert_int_equal(c.n, 0); /* not a problem in the pack's text: err only */
    unlink(path);
    free(big);
}

static void test_rules__missing_file(void **state)
{
    cl_ruleset *set = NULL;
    cl_error err;
    (void)state;

    cl_error_clear(&err);
    assert_int_equal(cl_ruleset_load_file(&set, PACKS "no-such-pack.yml", NULL, NULL, &err),
                     CL_EIO);
    assert_null(set);
    assert_int_equal(err.code, CL_EIO);
    assert_string_equal(err.path, PACKS "no-such-pack.yml");
}

/* Every allocation failing in turn: CL_ENOMEM (never a crash or a leak), then success. */
static void test_rules__out_of_memory(void **state)
{
    cl_buf text = CL_BUF_INIT(0);
    cl_error err;
    unsigned long n;
    int rc = CL_ENOMEM;
    (void)state;

    cl_error_clear(&err);
    assert_int_equal(cl__read_file(&text, PACKS "valid-minimal.yml", CL_MAX_PACK_BYTES, &err), 0);
    for (n = 1; rc == CL_ENOMEM && n < 10000; n++) {
        cl_ruleset *set = NULL;

        cl__alloc_fail_after(n);
        rc = cl_ruleset_load_memory(&set, text.ptr, text.len, "oom.yml", NULL, NULL, &err);
        cl__alloc_fail_after(0);
        if (rc == CL_ENOMEM) {
            assert_null(set);
            assert_int_equal(err.code, CL_ENOMEM);
        } else {
            assert_int_equal(rc, 0);
            check_minimal_pack(set);
        }
        cl_ruleset_free(set);
    }
    assert_int_equal(rc, 0);
    assert_true(n > 10); /* the failures did reach the loader */
    cl__buf_dispose(&text);
}

/* ---- matching ------------------------------------------------------------------------ */

/* Loads a one-requirement pack whose only satisfied pattern is regex (YAML single-quoted). */
static cl_ruleset *pack_with_regex(const char *regex)
{
    char yaml[1024];
    cl_ruleset *set = NULL;
    cl_error err;

    snprintf(yaml, sizeof(yaml),
             PACK_HEAD "  - id: a\n    section: '1'\n    summary: s\n    looks_for: l\n"
                       "    level: {class1: note, class2: note, class3: note}\n"
                       "    scope: sentence\n    satisfied: ['%s']\n"
                       "    examples: {satisfied: ['x']}\n",
             regex);
    cl_error_clear(&err);
    if (cl_ruleset_load_memory(&set, yaml, strlen(yaml), "re.yml", NULL, NULL, &err) != 0)
        fail_msg("%u:%u: %s", err.line, err.column, err.message);
    return set;
}

static const cl_regex *first_regex(const cl_ruleset *set)
{
    return &set->reqs[0].patterns[CL_PAT_SATISFIED][0].match;
}

static void test_rules__regex_find_window(void **state)
{
    cl_ruleset *set;
    pcre2_match_data *md = pcre2_match_data_create(8, NULL);
    const char *s = "xabcabcx";
    size_t ms = 99, me = 99;
    (void)state;

    set = pack_with_regex("abc");
    assert_int_equal(cl__regex_find(set, first_regex(set), s, 0, 8, md, &ms, &me), 1);
    assert_int_equal(ms, 1);
    assert_int_equal(me, 4);
    /* Offsets are absolute: the second "abc" when starting past the first. */
    assert_int_equal(cl__regex_find(set, first_regex(set), s, 2, 8, md, &ms, &me), 1);
    assert_int_equal(ms, 4);
    assert_int_equal(me, 7);
    /* Nothing at or after end is visible. */
    ms = me = 99;
    assert_int_equal(cl__regex_find(set, first_regex(set), s, 2, 6, md, &ms, &me), 0);
    assert_int_equal(ms, 99); /* untouched on no match */
    cl_ruleset_free(set);

    /* $ matches at end: the window's end is the subject's end. */
    set = pack_with_regex("c$");
    assert_int_equal(cl__regex_find(set, first_regex(set), s, 0, 4, md, &ms, &me), 1);
    assert_int_equal(ms, 3);
    assert_int_equal(me, 4);
    cl_ruleset_free(set);

    /* Text before start stays visible to lookbehind. */
    set = pack_with_regex("(?<=a)b");
    assert_int_equal(cl__regex_find(set, first_regex(set), s, 2, 8, md, &ms, &me), 1);
    assert_int_equal(ms, 2);
    assert_int_equal(me, 3);
    cl_ruleset_free(set);

    /* UTF-8 + UCP: \w matches kanji, . one code point. */
    set = pack_with_regex("\\w.");
    assert_int_equal(cl__regex_find(set, first_regex(set), "「返却」", 0, 12, md, &ms, &me), 1);
    assert_int_equal(ms, 3);
    assert_int_equal(me, 9);
    cl_ruleset_free(set);

    /* An empty window at the end of the subject. */
    set = pack_with_regex("x");
    assert_int_equal(cl__regex_find(set, first_regex(set), s, 8, 8, md, &ms, &me), 0);
    cl_ruleset_free(set);
    pcre2_match_data_free(md);
}

static void test_rules__regex_find_limit(void **state)
{
    cl_ruleset *set;
    pcre2_match_data *md = pcre2_match_data_create(8, NULL);
    char subject[64];
    size_t ms, me;
    (void)state;

    /*
     * 40 'a's then "!b": the 'b' must be present, or PCRE2's required-character check returns
     * "no match" before backtracking at all.
     */
    memset(subject, 'a', 40);
    memcpy(subject + 40, "!b", 3);
    set = pack_with_regex("(a+)+b");
    assert_int_equal(cl__regex_find(set, first_regex(set), subject, 0, 42, md, &ms, &me),
                     CL_ELIMIT);
    /* The same pattern still works on a sane subject. */
    assert_int_equal(cl__regex_find(set, first_regex(set), "aab", 0, 3, md, &ms, &me), 1);
    assert_int_equal(ms, 0);
    assert_int_equal(me, 3);
    cl_ruleset_free(set);

    set = pack_with_regex("(a|aa)+$");
    assert_int_equal(cl__regex_find(set, first_regex(set), subject, 0, 41, md, &ms, &me),
                     CL_ELIMIT);
    cl_ruleset_free(set);
    pcre2_match_data_free(md);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules__load_file_valid),
        cmocka_unit_test(test_rules__load_memory_valid),
        cmocka_unit_test(test_rules__default_pack_loads),
        cmocka_unit_test(test_rules__names),
        cmocka_unit_test(test_rules__yaml_syntax_error),
        cmocka_unit_test(test_rules__yaml_syntax_error_file),
        cmocka_unit_test(test_rules__invalid_utf8),
        cmocka_unit_test(test_rules__unknown_key_every_level),
        cmocka_unit_test(test_rules__missing_keys),
        cmocka_unit_test(test_rules__wrong_types),
        cmocka_unit_test(test_rules__empty_values),
        cmocka_unit_test(test_rules__duplicate_ids),
        cmocka_unit_test(test_rules__bad_ids),
        cmocka_unit_test(test_rules__bad_scope_and_level),
        cmocka_unit_test(test_rules__bad_examples_and_booleans),
        cmocka_unit_test(test_rules__bad_regex),
        cmocka_unit_test(test_rules__aliases_and_documents),
        cmocka_unit_test(test_rules__every_problem_reported),
        cmocka_unit_test(test_rules__oversize_pack),
        cmocka_unit_test(test_rules__missing_file),
        cmocka_unit_test(test_rules__out_of_memory),
        cmocka_unit_test(test_rules__regex_find_window),
        cmocka_unit_test(test_rules__regex_find_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
