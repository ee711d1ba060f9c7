/*
 * test_segment.c — unit tests for linter/src/segment.c: articles (第N条 in arabic, full-width
 * and kanji numerals, 第N条のM, SLA sections, Markdown headings, 別紙/別表, "Section 9.2"),
 * their headings, 項 and 号, sentence splitting with brackets, hard-wrapped lines, bounded
 * sentences on an endless line, and the paths cl__segments_path builds.
 *
 * Every document goes through cl__normalize first and the segmenter gets the decoded text
 * and the map, as lint.c does, so it can tell ② from 2.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cl_limits.h"
#include "segment.h"

/* ---- helpers ------------------------------------------------------------------------- */

typedef struct doc {
    const char *src;
    cl_normtext nt;
    cl_segments segs;
} doc;

/* Documents still open when an assertion fails are freed by the teardown (no leak noise). */
#define MAX_OPEN 4
static doc *open_docs[MAX_OPEN];
static char *open_text;

static doc *doc_new(const char *text, size_t len)
{
    doc *d = calloc(1, sizeof(*d));
    cl_error err;
    size_t k;

    assert_non_null(d);
    for (k = 0; k < MAX_OPEN && open_docs[k]; k++)
        ;
    assert_true(k < MAX_OPEN);
    open_docs[k] = d;
    d->src = text;
    cl_error_clear(&err);
    cl__normtext_init(&d->nt);
    assert_int_equal(cl__normalize(&d->nt, text, len, &err), 0);
    assert_int_equal(cl__segment(&d->segs, d->nt.text.ptr, d->nt.text.len, text, &d->nt.map, &err),
                     0);
    return d;
}

static doc *doc_of(const char *text)
{
    return doc_new(text, strlen(text));
}

static void doc_free(doc *d)
{
    size_t k;
    for (k = 0; k < MAX_OPEN; k++)
        if (open_docs[k] == d)
            open_docs[k] = NULL;
    cl__segments_dispose(&d->segs);
    cl__normtext_dispose(&d->nt);
    free(d);
}

/* Copies normalised text span sp into buf. */
static int teardown(void **state)
{
    size_t k;
    (void)state;
    for (k = 0; k < MAX_OPEN; k++)
        if (open_docs[k])
            doc_free(open_docs[k]);
    free(open_text);
    open_text = NULL;
    cl__alloc_fail_after(0);
    return 0;
}

static const char *span_text(char *buf, size_t size, const doc *d, cl_span sp)
{
    size_t n = sp.end - sp.start;
    assert_true(sp.start <= sp.end && sp.end <= d->nt.text.len);
    if (n >= size)
        n = size - 1;
    memcpy(buf, d->nt.text.ptr + sp.start, n);
    buf[n] = '\0';
    return buf;
}

/* Index of the only sentence containing needle (normalised text). */
static size_t sentence_with(const doc *d, const char *needle)
{
    size_t i, found = (size_t)-1, hits = 0, n = strlen(needle);
    for (i = 0; i < d->segs.nsentences; i++) {
        const cl_span *s = &d->segs.sentences[i].span;
        size_t j;
        for (j = s->start; j + n <= s->end; j++)
            if (memcmp(d->nt.text.ptr + j, needle, n) == 0) {
                found = i;
                hits++;
                break;
            }
    }
    if (hits != 1) {
        char buf[512];
        print_error("sentences (%zu):\n", d->segs.nsentences);
        for (i = 0; i < d->segs.nsentences; i++)
            print_error("  [%zu] <%s>\n", i,
                        span_text(buf, sizeof(buf), d, d->segs.sentences[i].span));
        print_error("wanted exactly one sentence with <%s>, found %zu\n", needle, hits);
    }
    assert_int_equal(hits, 1);
    return found;
}

static void assert_sentence(const doc *d, size_t i, const char *want)
{
    char buf[1024];
    assert_true(i < d->segs.nsentences);
    assert_string_equal(span_text(buf, sizeof(buf), d, d->segs.sentences[i].span), want);
}

static void assert_path(const doc *d, const char *needle, const char *want)
{
    char path[160];
    cl__segments_path(path, sizeof(path), &d->segs, sentence_with(d, needle));
    assert_string_equal(path, want);
}

static const cl_article *article_of(const doc *d, const char *needle)
{
    const cl_sentence *s = &d->segs.sentences[sentence_with(d, needle)];
    assert_true(s->article >= 0);
    return &d->segs.articles[s->article];
}

static void assert_heading(const doc *d, const cl_article *a, const char *want)
{
    char buf[256];
    assert_string_equal(span_text(buf, sizeof(buf), d, a->heading), want);
}

/* ---- articles ------------------------------------------------------------------------ */

static void test_segment__article_arabic(void **state)
{
    doc *d = doc_of("第1条（目的）\n本契約は、本サービスの利用条件を定める。\n"
                    "第2条（定義）\n本契約において用いる用語の意味は、次のとおりとする。\n");
    (void)state;

    assert_int_equal(d->segs.narticles, 2);
    assert_string_equal(d->segs.articles[0].label, "第1条");
    assert_string_equal(d->segs.articles[1].label, "第2条");
    assert_heading(d, &d->segs.articles[0], "目的");
    assert_heading(d, &d->segs.articles[1], "定義");
    assert_int_equal(d->segs.nsentences, 2);
    assert_sentence(d, 0, "本契約は、本サービスの利用条件を定める。");
    assert_int_equal(d->segs.sentences[0].article, 0);
    assert_int_equal(d->segs.sentences[1].article, 1);
    assert_path(d, "利用条件", "第1条");
    assert_path(d, "用語の意味", "第2条");
    /* an article's span runs from its heading to the next article */
    assert_int_equal(d->segs.articles[0].span.start, 0);
    assert_int_equal(d->segs.articles[0].span.end, d->segs.articles[1].span.start);
    doc_free(d);
}

static void test_segment__article_fullwidth(void **state)
{
    doc *d = doc_of("第１５条（解約）\n利用者は、いつでも本契約を解約することができる。\n");
    (void)state;

    assert_int_equal(d->segs.narticles, 1);
    assert_string_equal(d->segs.articles[0].label, "第15条");
    assert_heading(d, &d->segs.articles[0], "解約");
    assert_path(d, "いつでも", "第15条");
    doc_free(d);
}

static void test_segment__article_kanji(void **state)
{
    doc *d = doc_of("第三条（秘密保持）\n当社は、秘密情報を第三者に開示しない。\n"
                    "第十二条の二（特則）\n本条は、前条の特則を定める。\n"
                    "第百条（附則）\n本契約は、令和6年4月1日から施行する。\n");
    (void)state;

    assert_int_equal(d->segs.narticles, 3);
    assert_string_equal(d->segs.articles[0].label, "第3条");
    assert_string_equal(d->segs.articles[1].label, "第12条の2");
    assert_string_equal(d->segs.articles[2].label, "第100条");
    assert_heading(d, &d->segs.articles[1], "特則");
    assert_path(d, "前条の特則", "第12条の2");
    assert_path(d, "施行する", "第100条");
    doc_free(d);
}

static void test_segment__reference_is_not_heading(void **state)
{
    doc *d = doc_of("第1条（目的）\n本契約は、利用条件を定める。\n"
                    "第3条に定める場合を除き、当社は通知する。\n");
    (void)state;

    assert_int_equal(d->segs.narticles, 1);
    assert_path(d, "定める場合を除き", "第1条");
    doc_free(d);
}

static void test_segment__heading_own_line_vs_inline(void **state)
{
    doc *d = doc_of("第3条（秘密保持）\n当社は、秘密情報を保持する。\n"
                    "第4条（損害賠償）当社は、損害を賠償する。\n"
                    "第5条　当社は、本規約を変更できる。\n");
    const cl_article *a;
    (void)state;

    assert_int_equal(d->segs.narticles, 3);
    a = article_of(d, "秘密情報を保持");
    assert_string_equal(a->label, "第3条");
    assert_heading(d, a, "秘密保持");
    a = article_of(d, "損害を賠償");
    assert_string_equal(a->label, "第4条");
    assert_heading(d, a, "損害賠償");
    /* the inline body is its own sentence, without the heading */
    assert_sentence(d, sentence_with(d, "損害を賠償"), "当社は、損害を賠償する。");
    a = article_of(d, "本規約を変更");
    assert_string_equal(a->label, "第5条");
    assert_int_equal(a->heading.end, a->heading.start); /* no heading */
    assert_sentence(d, sentence_with(d, "本規約を変更"), "当社は、本規約を変更できる。");
    doc_free(d);
}

/* ---- 項 and 号 ----------------------------------------------------------------------- */

static void test_segment__clause_numbers(void **state)
{
    doc *d =
        doc_of("第1条（目的）\n当社は、甲をする。\n２　当社は、乙をする。\n3 当社は、丙をする。\n"
               "第2条（単独）\n当社は、丁をする。\n");
    (void)state;

    assert_path(d, "甲", "第1条第1項");
    assert_path(d, "乙", "第1条第2項");
    assert_path(d, "丙", "第1条第3項");
    assert_path(d, "丁", "第2条"); /* a single 項 is not named */
    assert_sentence(d, sentence_with(d, "乙"), "当社は、乙をする。");
    assert_int_equal(d->segs.clauses[d->segs.sentences[sentence_with(d, "丙")].clause].number, 3);
    doc_free(d);
}

static void test_segment__clause_circled(void **state)
{
    /* ② normalises to "2": the segmenter sees the circle through the decoded text and map */
    doc *d =
        doc_of("第１条（目的）\n①当社は、甲をする。\n②当社は、乙をする。\n③当社は、丙をする。\n");
    (void)state;

    assert_int_equal(d->segs.narticles, 1);
    assert_int_equal(d->segs.nclauses, 3);
    assert_path(d, "甲", "第1条第1項");
    assert_path(d, "乙", "第1条第2項");
    assert_path(d, "丙", "第1条第3項");
    /* the marker is not part of the sentence */
    assert_sentence(d, sentence_with(d, "乙"), "当社は、乙をする。");
    doc_free(d);
}

static void test_segment__items_parenthesised(void **state)
{
    doc *d = doc_of("第15条（解除）\n当社は、本契約を解除できる。\n"
                    "２　当社は、次の各号のいずれかに該当する場合、利用者に通知する。\n"
                    "（１）利用者が料金を支払わないとき。\n"
                    "（２）利用者が本規約に違反したとき。\n");
    (void)state;

    assert_path(d, "料金を支払わない", "第15条第2項第1号");
    assert_path(d, "本規約に違反", "第15条第2項第2号");
    assert_path(d, "各号のいずれか", "第15条第2項");
    assert_int_equal(d->segs.nitems, 2);
    assert_string_equal(d->segs.items[0].label, "第1号");
    assert_sentence(d, sentence_with(d, "料金を支払わない"), "利用者が料金を支払わないとき。");
    doc_free(d);
}

static void test_segment__items_kanji_and_katakana(void **state)
{
    doc *d = doc_of("第3条（禁止事項）\n利用者は、次の行為をしてはならない。\n"
                    "一　法令に違反する行為\n二　当社の信用を毀損する行為\n"
                    "第4条（秘密情報）\n秘密情報とは、次のものをいう。\n"
                    "ア　個人情報\nイ　営業秘密\n");
    char path[160];
    (void)state;

    assert_int_equal(d->segs.narticles, 2);
    assert_path(d, "次の行為", "第3条");
    assert_path(d, "法令に違反", "第3条第1号");
    assert_path(d, "信用を毀損", "第3条第2号");
    cl__segments_path(path, sizeof(path), &d->segs, sentence_with(d, "個人情報"));
    assert_string_equal(path, "第4条ア");
    cl__segments_path(path, sizeof(path), &d->segs, sentence_with(d, "営業秘密"));
    assert_string_equal(path, "第4条イ");
    assert_sentence(d, sentence_with(d, "法令に違反"), "法令に違反する行為");
    doc_free(d);
}

/* ---- other kinds of section ------------------------------------------------------------ */

static void test_segment__sla_sections(void **state)
{
    doc *d = doc_of("1. サービス概要\n本書は、本サービスの品質基準を定める。\n"
                    "3. 稼働率\n当社は稼働率を保証する。\n"
                    "3.2 月間稼働率\n月間稼働率は99.9%以上とする。\n"
                    "3.2.1 計測方法\n稼働率は5分ごとに計測する。\n");
    const cl_article *a;
    (void)state;

    assert_int_equal(d->segs.narticles, 4);
    assert_path(d, "品質基準", "1");
    assert_path(d, "保証する", "3");
    assert_path(d, "99.9%", "3.2");
    assert_path(d, "5分ごと", "3.2.1");
    a = article_of(d, "99.9%");
    assert_heading(d, a, "月間稼働率");
    assert_sentence(d, sentence_with(d, "99.9%"), "月間稼働率は99.9%以上とする。");
    doc_free(d);
}

static void test_segment__markdown_headings(void **state)
{
    doc *d =
        doc_of("# サービス利用規約\n前文である。\n## 3. データの返却\n当社はデータを返却する。\n"
               "## 第4条 解約\n利用者は解約できる。\n");
    const cl_article *a;
    (void)state;

    a = article_of(d, "前文");
    assert_string_equal(a->label, "サービス利用規約");
    a = article_of(d, "返却する");
    assert_string_equal(a->label, "3");
    assert_heading(d, a, "データの返却");
    assert_path(d, "返却する", "3");
    assert_path(d, "解約できる", "第4条");
    doc_free(d);
}

static void test_segment__appendix(void **state)
{
    doc *d = doc_of("第1条（料金）\n利用者は、別紙に定める料金を支払う。\n"
                    "別紙1　料金表\n基本料金は月額1万円とする。\n"
                    "別表\n保存期間は5年とする。\n");
    const cl_article *a;
    (void)state;

    assert_int_equal(d->segs.narticles, 3);
    assert_path(d, "別紙に定める", "第1条"); /* a reference, not a heading */
    a = article_of(d, "基本料金");
    assert_string_equal(a->label, "別紙1");
    assert_heading(d, a, "料金表");
    assert_path(d, "基本料金", "別紙1");
    assert_path(d, "保存期間", "別表");
    doc_free(d);
}

static void test_segment__english_section(void **state)
{
    doc *d = doc_of("Section 9. Return of Data\n"
                    "Section 9.2 Upon termination, the Provider shall return all Customer Data. "
                    "The Customer may request deletion, e.g. by email.\n");
    const cl_article *a;
    (void)state;

    assert_int_equal(d->segs.narticles, 2);
    assert_string_equal(d->segs.articles[0].label, "9");
    assert_heading(d, &d->segs.articles[0], "Return of Data");
    a = article_of(d, "Upon termination");
    assert_string_equal(a->label, "9.2");
    assert_path(d, "Upon termination", "9.2");
    assert_sentence(d, sentence_with(d, "Upon termination"),
                    "Upon termination, the Provider shall return all Customer Data.");
    assert_sentence(d, sentence_with(d, "request deletion"),
                    "The Customer may request deletion, e.g. by email.");
    doc_free(d);
}

/* ---- sentences ----------------------------------------------------------------------- */

static void test_segment__sentence_split_brackets(void **state)
{
    doc *d = doc_of("第1条（定義）\n"
                    "当社は「データを返還する。」と定める。利用者は（注。別表を参照）確認する！"
                    "本当か？はい。\n");
    (void)state;

    assert_int_equal(d->segs.nsentences, 4);
    assert_sentence(d, 0, "当社は「データを返還する。」と定める。");
    assert_sentence(d, 1, "利用者は(注。別表を参照)確認する!");
    assert_sentence(d, 2, "本当か?");
    assert_sentence(d, 3, "はい。");
    doc_free(d);
}

static void test_segment__closing_quote_after_terminator(void **state)
{
    doc *d = doc_of("第1条（定義）\n本サービスとは「当社が提供するサービス。」以下同じ。\n");
    (void)state;

    /* 。」 closes inside the bracket: no cut there */
    assert_int_equal(d->segs.nsentences, 1);
    assert_sentence(d, 0, "本サービスとは「当社が提供するサービス。」以下同じ。");
    doc_free(d);
}

static void test_segment__hard_wrapped_line(void **state)
{
    doc *d = doc_of(
        "第8条（データの返還）\n"
        "当社は、本契約が終了した場合には、利用者の求めに応じて、当社が保管する利用者データを\n"
        "利用者に返還するものとする。\n"
        "第9条（雑則）\n短い行\n次の行。\n");
    size_t i;
    (void)state;

    i = sentence_with(d, "利用者データを");
    assert_int_equal(i, sentence_with(d, "返還するものとする"));
    assert_path(d, "返還するものとする", "第8条");
    assert_sentence(
        d, i,
        "当社は、本契約が終了した場合には、利用者の求めに応じて、当社が保管する利用者データを\n"
        "利用者に返還するものとする。");
    /* a short line without a terminator stands alone */
    assert_sentence(d, sentence_with(d, "短い行"), "短い行");
    doc_free(d);
}

static void check_bounded(const doc *d, size_t total)
{
    size_t i, covered = 0, longest = 0;
    for (i = 0; i < d->segs.nsentences; i++) {
        const cl_span *s = &d->segs.sentences[i].span;
        if (s->end - s->start > longest)
            longest = s->end - s->start;
    }
    if (longest > CL_MAX_SENTENCE_BYTES)
        print_error("%zu sentences, the longest %zu bytes (limit %u)\n", d->segs.nsentences,
                    longest, (unsigned)CL_MAX_SENTENCE_BYTES);
    assert_true(d->segs.nsentences >= total / CL_MAX_SENTENCE_BYTES);
    for (i = 0; i < d->segs.nsentences; i++) {
        const cl_span *s = &d->segs.sentences[i].span;
        assert_true(s->end > s->start);
        assert_true(s->end - s->start <= CL_MAX_SENTENCE_BYTES);
        /* never cut inside a UTF-8 sequence */
        assert_true(((unsigned char)d->nt.text.ptr[s->start] & 0xC0) != 0x80);
        assert_true(s->end == d->nt.text.len ||
                    ((unsigned char)d->nt.text.ptr[s->end] & 0xC0) != 0x80);
        if (i)
            assert_true(s->start >= d->segs.sentences[i - 1].span.end);
        covered += s->end - s->start;
    }
    assert_int_equal(covered, total);
}

static void test_segment__endless_line_ascii(void **state)
{
    size_t n = 100 * 1024;
    char *text = open_text = malloc(n + 1);
    doc *d;
    (void)state;

    assert_non_null(text);
    memset(text, 'a', n);
    text[n] = '\0';
    d = doc_new(text, n);
    check_bounded(d, n);
    doc_free(d);
    free(text);
    open_text = NULL;
}

static void test_segment__endless_line_kana(void **state)
{
    size_t n = 100 * 1024 / 3 * 3, i;
    char *text = open_text = malloc(n + 1);
    doc *d;
    (void)state;

    assert_non_null(text);
    for (i = 0; i < n; i += 3)
        memcpy(text + i, "あ", 3);
    text[n] = '\0';
    d = doc_new(text, n);
    check_bounded(d, n);
    doc_free(d);
    free(text);
    open_text = NULL;
}

/* An endless line of closing brackets: the closing quotes taken after a cut must not make the
 * piece unbounded. */
static void test_segment__endless_line_closing_brackets(void **state)
{
    size_t n = 100 * 1024, i;
    char *text = open_text = malloc(n + 1);
    doc *d;
    (void)state;

    assert_non_null(text);
    for (i = 0; i < n; i++)
        text[i] = (i % 2) ? ')' : 'x';
    text[n] = '\0';
    d = doc_new(text, n);
    check_bounded(d, n);
    doc_free(d);

    memset(text, ')', n);
    d = doc_new(text, n);
    check_bounded(d, n);
    doc_free(d);
    free(text);
    open_text = NULL;
}

/* ---- paths --------------------------------------------------------------------------- */

static void test_segment__paths(void **state)
{
    doc *d = doc_of("本規約は、当社のサービスに適用される。\n"
                    "第15条（解除）\n当社は解除できる。\n2 当社は、次の場合に通知する。\n"
                    "(1) 利用者が違反したとき。\n");
    char path[160], small[4];
    (void)state;

    assert_path(d, "適用される", ""); /* the preamble has no path */
    assert_path(d, "違反した", "第15条第2項第1号");
    assert_path(d, "解除できる", "第15条第1項");
    /* out of range and tiny buffers stay safe */
    cl__segments_path(path, sizeof(path), &d->segs, d->segs.nsentences + 5);
    assert_string_equal(path, "");
    cl__segments_path(small, sizeof(small), &d->segs, sentence_with(d, "違反した"));
    assert_true(strlen(small) < sizeof(small));
    doc_free(d);
}

static void test_segment__empty_and_no_map(void **state)
{
    cl_segments segs;
    cl_error err;
    const char *t = "第1条 本契約は利用条件を定める。\n2 当社は通知する。\n";
    (void)state;

    cl_error_clear(&err);
    assert_int_equal(cl__segment(&segs, "", 0, NULL, NULL, &err), 0);
    assert_int_equal(segs.nsentences, 0);
    assert_int_equal(segs.narticles, 0);
    cl__segments_dispose(&segs);

    /* no decoded text / map: still segments normalised text */
    assert_int_equal(cl__segment(&segs, t, strlen(t), NULL, NULL, &err), 0);
    assert_int_equal(segs.narticles, 1);
    assert_int_equal(segs.nsentences, 2);
    assert_int_equal(segs.nclauses, 2);
    cl__segments_dispose(&segs);
}

static void test_segment__out_of_memory(void **state)
{
    const char *t = "第1条(目的)\n当社は、甲をする。\n2 当社は、乙をする。\n(1) 丙。\n";
    unsigned long n;
    int rc = CL_ENOMEM;
    (void)state;

    for (n = 1; n < 100 && rc == CL_ENOMEM; n++) {
        cl_segments segs;
        cl_error err;
        cl_error_clear(&err);
        cl__alloc_fail_after(n);
        rc = cl__segment(&segs, t, strlen(t), NULL, NULL, &err);
        cl__alloc_fail_after(0);
        if (rc == CL_ENOMEM) {
            assert_int_equal(err.code, CL_ENOMEM);
            assert_null(segs.sentences); /* disposed on failure */
        } else {
            assert_int_equal(segs.nsentences, 3);
        }
        cl__segments_dispose(&segs);
    }
    assert_int_equal(rc, 0);
    assert_true(n > 2);
}

/* Statute style: the title alone on the line above 第N条, and titles in 【】. */
static void test_segment__title_line_and_lenticular_heading(void **state)
{
    const doc *d = doc_of("（データの消去）\n第3条　乙は、甲のデータを消去する。\n"
                          "第4条【データの返還】乙は、甲のデータを返還する。\n");
    (void)state;
    assert_heading(d, article_of(d, "消去する"), "データの消去");
    assert_path(d, "消去する", "第3条");
    assert_heading(d, article_of(d, "返還する"), "データの返還");
    assert_path(d, "返還する", "第4条");
    /* the title line is no sentence of its own */
    assert_int_equal(d->segs.nsentences, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_segment__article_arabic, teardown),
        cmocka_unit_test_teardown(test_segment__title_line_and_lenticular_heading, teardown),
        cmocka_unit_test_teardown(test_segment__article_fullwidth, teardown),
        cmocka_unit_test_teardown(test_segment__article_kanji, teardown),
        cmocka_unit_test_teardown(test_segment__reference_is_not_heading, teardown),
        cmocka_unit_test_teardown(test_segment__heading_own_line_vs_inline, teardown),
        cmocka_unit_test_teardown(test_segment__clause_numbers, teardown),
        cmocka_unit_test_teardown(test_segment__clause_circled, teardown),
        cmocka_unit_test_teardown(test_segment__items_parenthesised, teardown),
        cmocka_unit_test_teardown(test_segment__items_kanji_and_katakana, teardown),
        cmocka_unit_test_teardown(test_segment__sla_sections, teardown),
        cmocka_unit_test_teardown(test_segment__markdown_headings, teardown),
        cmocka_unit_test_teardown(test_segment__appendix, teardown),
        cmocka_unit_test_teardown(test_segment__english_section, teardown),
        cmocka_unit_test_teardown(test_segment__sentence_split_brackets, teardown),
        cmocka_unit_test_teardown(test_segment__closing_quote_after_terminator, teardown),
        cmocka_unit_test_teardown(test_segment__hard_wrapped_line, teardown),
        cmocka_unit_test_teardown(test_segment__endless_line_ascii, teardown),
        cmocka_unit_test_teardown(test_segment__endless_line_kana, teardown),
        cmocka_unit_test_teardown(test_segment__endless_line_closing_brackets, teardown),
        cmocka_unit_test_teardown(test_segment__paths, teardown),
        cmocka_unit_test_teardown(test_segment__empty_and_no_map, teardown),
        cmocka_unit_test_teardown(test_segment__out_of_memory, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
