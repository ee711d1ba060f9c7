/*
 * test_html.c — html.c: block elements become paragraphs, inline ones join them, what the
 * reader never sees is dropped, charsets are found and honoured, and hostile pages (deep,
 * huge, undecodable) end in a clean error. Paragraphs are checked through dump(), which
 * prints one "part:text" line per paragraph with in-paragraph line breaks shown as '|'.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/globals.h>
#include <libxml/xmlerror.h>

#include "cl_limits.h"
#include "source.h"

#define FIXTURE(name) CL_TEST_DATA_DIR "/html/" name

/* ---- helpers ------------------------------------------------------------------------- */

static int read_html(cl_source *src, const void *bytes, size_t len, const char *forced,
                     cl_error *err)
{
    cl_read_options opt;
    memset(&opt, 0, sizeof(opt));
    opt.encoding = forced;
    cl_error_clear(err);
    return cl__html_read(src, bytes, len, &opt, err);
}

static int read_string(cl_source *src, const char *html, cl_error *err)
{
    cl__source_init(src);
    return read_html(src, html, strlen(html), NULL, err);
}

static void load_fixture(cl_buf *out, const char *path)
{
    cl_error err;
    cl_buf b = CL_BUF_INIT(0);
    cl_error_clear(&err);
    if (cl__read_file(&b, path, 1u << 20, &err) < 0)
        fail_msg("%s: %s", path, err.message);
    *out = b;
}

/* Converts UTF-8 to `to` with iconv(3), so no binary fixture is committed. */
static void convert(cl_buf *out, const char *utf8, size_t len, const char *to)
{
    iconv_t cd = iconv_open(to, "UTF-8");
    char *in = (char *)(uintptr_t)utf8, *o;
    size_t inleft = len, outleft;

    assert_true(cd != (iconv_t)-1);
    cl__buf_clear(out);
    assert_int_equal(cl__buf_grow(out, len * 4 + 4), 0);
    o = out->ptr;
    outleft = out->cap - 1;
    assert_int_not_equal(iconv(cd, &in, &inleft, &o, &outleft), (size_t)-1);
    out->len = (size_t)(o - out->ptr);
    iconv_close(cd);
}

/* Byte length of paragraph i (without the '\n' that separates it from the next). */
static size_t para_len(const cl_source *src, size_t i)
{
    size_t end = i + 1 < src->npara ? src->paras[i + 1].start - 1 : src->text.len;
    return end - src->paras[i].start;
}

/* "part:text" per paragraph, '\n' between them, line breaks inside a paragraph as '|'. */
static char *dump(const cl_source *src)
{
    cl_buf b = CL_BUF_INIT(0);
    size_t i, k;

    for (i = 0; i < src->npara; i++) {
        const char *p = src->text.ptr + src->paras[i].start;
        size_t n = para_len(src, i);
        if (i)
            assert_int_equal(cl__buf_putc(&b, '\n'), 0);
        assert_int_equal(cl__buf_puts(&b, cl__part_name(src->paras[i].part)), 0);
        assert_int_equal(cl__buf_putc(&b, ':'), 0);
        for (k = 0; k < n; k++)
            assert_int_equal(cl__buf_putc(&b, p[k] == '\n' ? '|' : p[k]), 0);
    }
    return cl__buf_detach(&b);
}

#define assert_dump(src, expected)                                                                 \
    do {                                                                                           \
        char *d_ = dump(src);                                                                      \
        assert_string_equal(d_, expected);                                                         \
        cl__free(d_);                                                                              \
    } while (0)

/* Reads a fixture as it is on disk (UTF-8) and checks the dump. */
static void check_fixture(const char *path, const char *expected)
{
    cl_buf html;
    cl_source src;
    cl_error err;

    load_fixture(&html, path);
    cl__source_init(&src);
    assert_int_equal(read_html(&src, html.ptr, html.len, NULL, &err), 0);
    assert_string_equal(src.format, "html");
    assert_dump(&src, expected);
    assert_null(strstr(src.text.ptr ? src.text.ptr : "", "DROPPED"));
    assert_null(strstr(src.text.ptr ? src.text.ptr : "", "HIDDEN"));
    cl__source_dispose(&src);
    cl__buf_dispose(&html);
}

/* ---- structure ----------------------------------------------------------------------- */

static void test_html__paragraphs_and_headings(void **state)
{
    (void)state;
    check_fixture(FIXTURE("headings.html"),
                  "body:クラウドサービス利用規約\n"
                  "body:本規約は、株式会社サンプル（以下「当社」という。）が提供するサービスの"
                  "利用条件を定めるものです。\n"
                  "body:第5条（データの返還）\n"
                  "body:当社は、契約終了後30日以内に、利用者データを返還する。\n"
                  "body:第6条（データの消去）\n"
                  "body:当社は、返還後速やかに利用者データを消去し、その証明書を発行する。");
}

static void test_html__paragraph_numbers_are_one_based_and_in_order(void **state)
{
    cl_buf html;
    cl_source src;
    cl_error err;
    size_t i;
    (void)state;

    load_fixture(&html, FIXTURE("table.html"));
    cl__source_init(&src);
    assert_int_equal(read_html(&src, html.ptr, html.len, NULL, &err), 0);
    assert_int_equal(src.npara, 9);
    for (i = 0; i < src.npara; i++) {
        assert_int_equal(src.paras[i].number, i + 1);
        if (i) {
            assert_true(src.paras[i].start > src.paras[i - 1].start);
            assert_int_equal(src.text.ptr[src.paras[i].start - 1], '\n');
        }
    }
    assert_int_equal(src.paras[0].start, 0);
    assert_int_equal(src.text.ptr[src.text.len - 1] == '\n', 0); /* no trailing separator */
    assert_int_equal(strlen(src.text.ptr), src.text.len);
    cl__source_dispose(&src);
    cl__buf_dispose(&html);
}

static void test_html__nested_blocks_split_paragraphs(void **state)
{
    cl_source src;
    cl_error err;
    (void)state;

    assert_int_equal(read_string(&src,
                                 "<body>前文<div>前<p>中</p>後</div>"
                                 "<ul><li>一<ul><li>二</li></ul></li></ul>"
                                 "<dl><dt>甲</dt><dd>委託者</dd></dl>"
                                 "<blockquote>引用</blockquote><section><article>記事"
                                 "</article></section><address>住所</address>"
                                 "<figure>図<figcaption>図1</figcaption></figure><hr>末尾</body>",
                                 &err),
                     0);
    assert_dump(&src, "body:前文\nbody:前\nbody:中\nbody:後\nbody:一\nbody:二\nbody:甲\n"
                      "body:委託者\nbody:引用\nbody:記事\nbody:住所\nbody:図\nbody:図1\n"
                      "body:末尾");
    cl__source_dispose(&src);
}

static void test_html__br_inside_paragraph(void **state)
{
    cl_source src;
    cl_error err;
    (void)state;

    assert_int_equal(read_string(&src,
                                 "<p><br>第1条（目的）<br>本規約は、 <br/>  利用条件を<br><br>"
                                 "定める。<br></p><p>次</p>",
                                 &err),
                     0);
    assert_int_equal(src.npara, 2);
    assert_dump(&src, "body:第1条（目的）|本規約は、|利用条件を||定める。\nbody:次");
    cl__source_dispose(&src);
}

static void test_html__whitespace_collapses_and_trims(void **state)
{
    cl_source src;
    cl_error err;
    (void)state;

    assert_int_equal(read_string(&src,
                                 "<p>  The  vendor\n\tshall <b> return </b>data. </p>"
                                 "<p>データを\n    返還する。\nThe vendor</p>"
                                 "<p>全角　スペース</p><p>   </p>",
                                 &err),
                     0);
    /* A line ending between two CJK characters disappears (as browsers render it); one next
     * to Latin text is a space; U+3000 is text and stays. A blank paragraph is no paragraph. */
    assert_dump(&src, "body:The vendor shall return data.\n"
                      "body:データを返還する。 The vendor\n"
                      "body:全角　スペース");
    cl__source_dispose(&src);
}

static void test_html__nested_inline_tags_join(void **state)
{
    cl_source src;
    cl_error err;
    (void)state;

    assert_int_equal(read_string(&src,
                                 "<p>返<b>還</b>する</p>"
                                 "<p><span>第<em>5</em>条</span><a href=\"#a5\"><strong>"
                                 "（データの<i>返<u>還</u></i>）</strong></a></p>"
                                 "<p>Word<font color=red>の</font><custom-el>出力"
                                 "</custom-el></p>"
                                 /* Word's HTML: libxml2 reads <o:p> as <p>, which is
                                  * harmless where Word puts it, at a paragraph's end. */
                                 "<p class=MsoNormal>第1条<o:p>&nbsp;</o:p></p>",
                                 &err),
                     0);
    assert_dump(&src, "body:返還する\nbody:第5条（データの返還）\nbody:Wordの出力\nbody:第1条");
    cl__source_dispose(&src);
}

static void test_html__table_cells_in_reading_order(void **state)
{
    (void)state;
    check_fixture(FIXTURE("table.html"), "body:別表1（サービスレベル）\n"
                                         "table:稼働率と返還期限\n"
                                         "table:項目\n"
                                         "table:内容\n"
                                         "table:月間稼働率\n"
                                         "table:99.9%以上\n"
                                         "table:データの返還\n"
                                         "table:契約終了後30日以内\n"
                                         "body:以上");
}

static void test_html__nested_table_and_text_after(void **state)
{
    cl_source src;
    cl_error err;
    (void)state;

    assert_int_equal(read_string(&src,
                                 "<table><tr><td>外<table><tr><td>内1</td><td>内2</td></tr>"
                                 "</table>外の続き</td></tr></table>本文",
                                 &err),
                     0);
    assert_dump(&src, "table:外\ntable:内1\ntable:内2\ntable:外の続き\nbody:本文");
    cl__source_dispose(&src);
}

static void test_html__pre_keeps_newlines(void **state)
{
    cl_source src;
    cl_error err;
    (void)state;

    assert_int_equal(read_string(&src,
                                 "<p>前</p><pre>\n第1条　目的\n  本規約は、<b>利用</b>条件を"
                                 "定める。   \r\n\r\n第2条\t定義\n\n</pre><p>後</p>",
                                 &err),
                     0);
    assert_int_equal(src.npara, 3);
    assert_dump(&src, "body:前\nbody:第1条　目的|  本規約は、利用条件を定める。||第2条\t定義\n"
                      "body:後");
    cl__source_dispose(&src);
}

static void test_html__ruby_keeps_base_text(void **state)
{
    cl_source src;
    cl_error err;
    (void)state;

    assert_int_equal(read_string(&src,
                                 "<p><ruby>約款<rp>(</rp><rt>やっかん</rt><rp>)</rp></ruby>"
                                 "に同意する。<ruby><rb>甲</rb><rt>こう</rt></ruby>及び"
                                 "<ruby>乙<rtc><rt>おつ</rt></rtc></ruby></p>",
                                 &err),
                     0);
    assert_dump(&src, "body:約款に同意する。甲及び乙");
    cl__source_dispose(&src);
}

static void test_html__entities_are_decoded(void **state)
{
    cl_source src;
    cl_error err;
    (void)state;

    assert_int_equal(read_string(&src,
                                 "<p>&nbsp;&nbsp;A&amp;B&nbsp;C&#12354;&#x3044;&lt;x&gt; "
                                 "&quot;q&quot; &copy;&nbsp;</p><p>\xC2\xA0raw\xC2\xA0nbsp</p>",
                                 &err),
                     0);
    /* NBSP is an ordinary space: collapsed with its neighbours and trimmed at the edges. */
    assert_dump(&src, "body:A&B Cあい<x> \"q\" \xC2\xA9\nbody:raw nbsp");
    assert_null(strstr(src.text.ptr, "\xC2\xA0"));
    cl__source_dispose(&src);
}

/* ---- what is dropped ----------------------------------------------------------------- */

static void test_html__dropped_elements(void **state)
{
    (void)state;
    check_fixture(FIXTURE("dropped.html"), "body:第1条（目的）\nbody:本規約は、利用条件を定める。");
}

static void test_html__hidden_elements(void **state)
{
    (void)state;
    check_fixture(FIXTURE("hidden.html"),
                  "body:見える1\nbody:見える2\nbody:見える3\nbody:見える4\nbody:見える5");
}

static void test_html__head_text_is_never_read(void **state)
{
    cl_source src;
    cl_error err;
    (void)state;

    /* Text misplaced in <head> is moved to <body> by the parser; the title never is. */
    assert_int_equal(read_string(&src,
                                 "<html><head><title>題名</title><meta name=description "
                                 "content=\"説明\"></head><body><p>本文</p></body></html>",
                                 &err),
                     0);
    assert_dump(&src, "body:本文");
    cl__source_dispose(&src);
}

/* ---- charsets ------------------------------------------------------------------------ */

static void test_html__shift_jis_with_meta_charset(void **state)
{
    cl_buf utf8, sjis = CL_BUF_INIT(0);
    cl_source src;
    cl_error err;
    (void)state;

    load_fixture(&utf8, FIXTURE("shift_jis.html"));
    /* CP932: what pages labelled Shift_JIS really use (① and ㈱ are NEC extensions). */
    convert(&sjis, utf8.ptr, utf8.len, "CP932");
    assert_int_not_equal(sjis.len, utf8.len); /* really converted */
    cl__source_init(&src);
    assert_int_equal(read_html(&src, sjis.ptr, sjis.len, NULL, &err), 0);
    assert_string_equal(src.encoding, "Shift_JIS");
    assert_int_equal(src.encoding_guessed, 0);
    assert_dump(&src, "body:第5条（データの返還）\n"
                      "body:①　当社は、契約終了後３０日以内に利用者データを返還する。\n"
                      "body:㈱サンプル　～　ソ表能");
    cl__source_dispose(&src);
    cl__buf_dispose(&sjis);
    cl__buf_dispose(&utf8);
}

static void test_html__stale_meta_on_a_utf8_page(void **state)
{
    cl_buf utf8;
    cl_source src;
    cl_error err;
    (void)state;

    /* The fixture as committed: UTF-8 bytes under <meta charset="Shift_JIS">. */
    load_fixture(&utf8, FIXTURE("shift_jis.html"));
    cl__source_init(&src);
    assert_int_equal(read_html(&src, utf8.ptr, utf8.len, NULL, &err), 0);
    assert_string_equal(src.encoding, "UTF-8");
    assert_int_equal(src.encoding_guessed, 1);
    assert_int_equal(err.code, 0);
    assert_int_equal(src.npara, 3);
    assert_string_equal(src.text.ptr + src.paras[0].start + para_len(&src, 0) + 1,
                        "①　当社は、契約終了後３０日以内に利用者データを返還する。\n"
                        "㈱サンプル　～　ソ表能");
    cl__source_dispose(&src);

    /* A forced encoding is not second-guessed. */
    cl__source_init(&src);
    assert_int_equal(read_html(&src, utf8.ptr, utf8.len, "Shift_JIS", &err), CL_EENCODING);
    cl__source_dispose(&src);
    cl__buf_dispose(&utf8);
}

static void test_html__euc_jp_with_http_equiv(void **state)
{
    cl_buf utf8, euc = CL_BUF_INIT(0);
    cl_source src;
    cl_error err;
    (void)state;

    load_fixture(&utf8, FIXTURE("euc_jp.html"));
    convert(&euc, utf8.ptr, utf8.len, "EUC-JP");
    cl__source_init(&src);
    assert_int_equal(read_html(&src, euc.ptr, euc.len, NULL, &err), 0);
    assert_string_equal(src.encoding, "EUC-JP");
    assert_dump(&src, "body:第12条（再委託）\n"
                      "body:当社は、あらかじめ書面による承諾を得た場合に限り、再委託できる。");
    cl__source_dispose(&src);
    cl__buf_dispose(&euc);
    cl__buf_dispose(&utf8);
}

static void test_html__utf16_with_bom(void **state)
{
    static const char *const encodings[] = {"UTF-16LE", "UTF-16BE"};
    static const char *const boms[] = {"\xFF\xFE", "\xFE\xFF"};
    cl_buf utf8, u16 = CL_BUF_INIT(0), bytes = CL_BUF_INIT(0);
    size_t i;
    (void)state;

    load_fixture(&utf8, FIXTURE("utf16.html"));
    for (i = 0; i < 2; i++) {
        cl_source src;
        cl_error err;
        convert(&u16, utf8.ptr, utf8.len, encodings[i]);
        cl__buf_clear(&bytes);
        assert_int_equal(cl__buf_put(&bytes, boms[i], 2), 0);
        assert_int_equal(cl__buf_put(&bytes, u16.ptr, u16.len), 0);
        cl__source_init(&src);
        assert_int_equal(read_html(&src, bytes.ptr, bytes.len, NULL, &err), 0);
        assert_string_equal(src.encoding, encodings[i]);
        assert_int_equal(src.src_base, 2);
        assert_dump(&src, "body:第1条（目的）\nbody:本規約は、利用条件を定める。あ𠀋");
        cl__source_dispose(&src);
    }
    cl__buf_dispose(&bytes);
    cl__buf_dispose(&u16);
    cl__buf_dispose(&utf8);
}

static void test_html__utf8_bom_beats_meta(void **state)
{
    static const char html[] = "\xEF\xBB\xBF<meta charset=\"Shift_JIS\"><p>返還</p>";
    cl_source src;
    cl_error err;
    (void)state;

    cl__source_init(&src);
    assert_int_equal(read_html(&src, html, sizeof(html) - 1, NULL, &err), 0);
    assert_string_equal(src.encoding, "UTF-8");
    assert_int_equal(src.src_base, 3);
    assert_dump(&src, "body:返還");
    cl__source_dispose(&src);
}

static void test_html__undeclared_shift_jis_is_guessed(void **state)
{
    static const char html[] = "<html><body><p>契約終了後、データを返還する。</p></body></html>";
    cl_buf sjis = CL_BUF_INIT(0);
    cl_source src;
    cl_error err;
    (void)state;

    convert(&sjis, html, sizeof(html) - 1, "CP932");
    cl__source_init(&src);
    assert_int_equal(read_html(&src, sjis.ptr, sjis.len, NULL, &err), 0);
    assert_string_equal(src.encoding, "CP932");
    assert_int_equal(src.encoding_guessed, 1);
    assert_dump(&src, "body:契約終了後、データを返還する。");
    cl__source_dispose(&src);

    /* Valid UTF-8 with no declaration is UTF-8, not a guess. */
    assert_int_equal(read_string(&src, html, &err), 0);
    assert_string_equal(src.encoding, "UTF-8");
    assert_int_equal(src.encoding_guessed, 0);
    cl__source_dispose(&src);
    cl__buf_dispose(&sjis);
}

static void test_html__forced_encoding(void **state)
{
    static const char html[] = "<p>第3条（秘密保持）</p>";
    cl_buf euc = CL_BUF_INIT(0);
    cl_source src;
    cl_error err;
    (void)state;

    convert(&euc, html, sizeof(html) - 1, "EUC-JP");
    cl__source_init(&src);
    assert_int_equal(read_html(&src, euc.ptr, euc.len, "euc-jp", &err), 0);
    assert_string_equal(src.encoding, "EUC-JP");
    assert_dump(&src, "body:第3条（秘密保持）");
    cl__source_dispose(&src);

    cl__source_init(&src);
    assert_int_equal(read_html(&src, euc.ptr, euc.len, "no-such-charset", &err), CL_EENCODING);
    assert_non_null(strstr(err.message, "no-such-charset"));
    cl__source_dispose(&src);
    cl__buf_dispose(&euc);
}

static void test_html__undecodable_bytes_give_their_offset(void **state)
{
    static const char utf8[] = "<meta charset=utf-8><p>ab\xFF</p>";
    static const char sjis[] = "<meta charset=shift_jis><p>\x95\x5C\x85\x40</p>";
    cl_source src;
    cl_error err;
    (void)state;

    cl__source_init(&src);
    assert_int_equal(read_html(&src, utf8, sizeof(utf8) - 1, NULL, &err), CL_EENCODING);
    assert_int_equal(err.offset, 25);
    assert_int_equal(src.npara, 0);
    cl__source_dispose(&src);

    /* 0x85 0x40 is unassigned in CP932. */
    cl__source_init(&src);
    assert_int_equal(read_html(&src, sjis, sizeof(sjis) - 1, NULL, &err), CL_EENCODING);
    assert_int_equal(err.offset, 29);
    assert_non_null(strstr(err.message, "Shift_JIS"));
    cl__source_dispose(&src);
}

/* ---- limits and edge cases ----------------------------------------------------------- */

/* "<html><body>" + n × open + "x" + n × close. */
static char *deep_page(size_t n, const char *open, const char *close)
{
    cl_buf b = CL_BUF_INIT(0);
    size_t i;
    assert_int_equal(cl__buf_puts(&b, "<html><body>"), 0);
    for (i = 0; i < n; i++)
        assert_int_equal(cl__buf_puts(&b, open), 0);
    assert_int_equal(cl__buf_putc(&b, 'x'), 0);
    for (i = 0; close && i < n; i++)
        assert_int_equal(cl__buf_puts(&b, close), 0);
    return cl__buf_detach(&b);
}

static void test_html__deep_document_is_bounded(void **state)
{
    static const struct {
        size_t depth;
        const char *open, *close;
    } cases[] = {
        {10000, "<div>", "</div>"},
        {10000, "<span><b>", NULL},
        {100000, "<div>", NULL},
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *html = deep_page(cases[i].depth, cases[i].open, cases[i].close);
        cl_source src;
        cl_error err;
        assert_int_equal(read_string(&src, html, &err), CL_ELIMIT);
        assert_int_equal(err.code, CL_ELIMIT);
        assert_non_null(strstr(err.message, "HTML nested deeper than"));
        cl__source_dispose(&src);
        cl__free(html);
    }
}

static void test_html__depth_below_the_limit_is_read(void **state)
{
    char *html = deep_page(CL_MAX_XML_DEPTH - 10, "<div>", "</div>");
    cl_source src;
    cl_error err;
    (void)state;

    assert_int_equal(read_string(&src, html, &err), 0);
    assert_dump(&src, "body:x");
    cl__source_dispose(&src);
    cl__free(html);
}

static void test_html__text_is_bounded(void **state)
{
    static const char page[] = "<p>0123456789</p><p>0123456789</p>";
    cl_source src;
    cl_error err;
    (void)state;

    cl__source_init(&src);
    src.text.max = 16;
    assert_int_equal(read_html(&src, page, strlen(page), NULL, &err), CL_ELIMIT);
    assert_non_null(strstr(err.message, "HTML text longer than 16 bytes"));
    cl__source_dispose(&src);
}

static void test_html__huge_text_run_is_an_error_not_a_cut(void **state)
{
    size_t n = 10u * 1000u * 1000u + 100u;
    char *html = malloc(n + 64);
    cl_source src;
    cl_error err;
    (void)state;

    assert_non_null(html);
    memcpy(html, "<p>", 3);
    memset(html + 3, 'a', n);
    memcpy(html + 3 + n, "</p><p>end</p>", 15);
    assert_int_equal(read_string(&src, html, &err), CL_ELIMIT);
    assert_non_null(strstr(err.message, "run of text longer than"));
    cl__source_dispose(&src);
    free(html);
}

static void test_html__empty_document(void **state)
{
    static const char *const pages[] = {
        "",
        "  \r\n\t ",
        "\xEF\xBB\xBF",
        "<html><body></body></html>",
        "<!DOCTYPE html><html><head><title>題</title></head><body>\n  <p> </p>\n</body></html>",
        "<!-- nothing but a comment -->",
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
        cl_source src;
        cl_error err;
        cl__source_init(&src);
        assert_int_equal(read_html(&src, pages[i], strlen(pages[i]), NULL, &err), 0);
        assert_string_equal(src.format, "html");
        assert_int_equal(src.text.len, 0);
        assert_int_equal(src.npara, 0);
        cl__source_dispose(&src);
    }
    {
        cl_source src;
        cl_error err;
        cl__source_init(&src);
        assert_int_equal(read_html(&src, NULL, 0, NULL, &err), 0);
        assert_int_equal(src.npara, 0);
        cl__source_dispose(&src);
    }
}

static void test_html__out_of_memory_is_clean(void **state)
{
    cl_buf utf8, sjis = CL_BUF_INIT(0);
    unsigned long n;
    int done = 0;
    (void)state;

    load_fixture(&utf8, FIXTURE("shift_jis.html"));
    convert(&sjis, utf8.ptr, utf8.len, "CP932");
    for (n = 1; n < 1000 && !done; n++) {
        cl_source src;
        cl_error err;
        int rc;
        cl__source_init(&src);
        cl__alloc_fail_after(n);
        rc = read_html(&src, sjis.ptr, sjis.len, NULL, &err);
        cl__alloc_fail_after(0);
        if (rc == 0)
            done = 1;
        else
            assert_int_equal(rc, CL_ENOMEM);
        cl__source_dispose(&src);
    }
    assert_true(done);
    cl__buf_dispose(&sjis);
    cl__buf_dispose(&utf8);
}

#if LIBXML_VERSION >= 21200
static void count_error(void *payload, const xmlError *e)
#else
static void count_error(void *payload, xmlErrorPtr e)
#endif
{
    (void)e;
    ++*(int *)payload;
}

static void test_html__libxml2_handlers_are_restored(void **state)
{
    cl_source src;
    cl_error err;
    int seen = 0;
    (void)state;

    /* The embedding program's handler neither hears about the page's errors nor is lost. */
    xmlSetStructuredErrorFunc(&seen, count_error);
    assert_int_equal(read_string(&src, "<p>unclosed <b>tag</i><zz:q>&bogus;</p></div>", &err), 0);
    assert_true(xmlStructuredError == count_error);
    assert_ptr_equal(xmlStructuredErrorContext, &seen);
    assert_int_equal(seen, 0);
    xmlSetStructuredErrorFunc(NULL, NULL);
    assert_dump(&src, "body:unclosed tag&bogus;");
    cl__source_dispose(&src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html__paragraphs_and_headings),
        cmocka_unit_test(test_html__paragraph_numbers_are_one_based_and_in_order),
        cmocka_unit_test(test_html__nested_blocks_split_paragraphs),
        cmocka_unit_test(test_html__br_inside_paragraph),
        cmocka_unit_test(test_html__whitespace_collapses_and_trims),
        cmocka_unit_test(test_html__nested_inline_tags_join),
        cmocka_unit_test(test_html__table_cells_in_reading_order),
        cmocka_unit_test(test_html__nested_table_and_text_after),
        cmocka_unit_test(test_html__pre_keeps_newlines),
        cmocka_unit_test(test_html__ruby_keeps_base_text),
        cmocka_unit_test(test_html__entities_are_decoded),
        cmocka_unit_test(test_html__dropped_elements),
        cmocka_unit_test(test_html__hidden_elements),
        cmocka_unit_test(test_html__head_text_is_never_read),
        cmocka_unit_test(test_html__shift_jis_with_meta_charset),
        cmocka_unit_test(test_html__stale_meta_on_a_utf8_page),
        cmocka_unit_test(test_html__euc_jp_with_http_equiv),
        cmocka_unit_test(test_html__utf16_with_bom),
        cmocka_unit_test(test_html__utf8_bom_beats_meta),
        cmocka_unit_test(test_html__undeclared_shift_jis_is_guessed),
        cmocka_unit_test(test_html__forced_encoding),
        cmocka_unit_test(test_html__undecodable_bytes_give_their_offset),
        cmocka_unit_test(test_html__deep_document_is_bounded),
        cmocka_unit_test(test_html__depth_below_the_limit_is_read),
        cmocka_unit_test(test_html__text_is_bounded),
        cmocka_unit_test(test_html__huge_text_run_is_an_error_not_a_cut),
        cmocka_unit_test(test_html__empty_document),
        cmocka_unit_test(test_html__out_of_memory_is_clean),
        cmocka_unit_test(test_html__libxml2_handlers_are_restored),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
