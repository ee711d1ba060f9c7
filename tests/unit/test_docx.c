/*
 * test_docx.c — the Word reader (docx.c, wordnum.c): one fixture per construct, both views
 * of tracked changes, automatic numbering, the XML flavours, and hostile files.
 *
 * DOCX fixtures are generated at build time by tests/gen_docx.py into CL_DOCX_FIXTURES (see
 * the "docx fixtures" block of tests/CMakeLists.txt); small XML cases are written inline.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cl_limits.h"
#include "source.h"

#if !defined(CL_DOCX_FIXTURES) || !defined(CL_DOCX_BIG_FIXTURES)
#error "CL_DOCX_FIXTURES and CL_DOCX_BIG_FIXTURES must name the folders tests/gen_docx.py writes"
#endif

#define WNS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

/* ---- helpers ---------------------------------------------------------------------------- */

typedef struct doc {
    cl_source src;
    cl_error err;
    int rc;
} doc;

static void read_bytes(doc *d, const unsigned char *b, size_t len, cl_revisions view)
{
    cl_read_options opt;
    memset(&opt, 0, sizeof(opt));
    opt.revisions = view;
    cl__source_init(&d->src);
    cl_error_clear(&d->err);
    if (len >= 2 && b[0] == 'P' && b[1] == 'K')
        d->rc = cl__docx_read(&d->src, b, len, &opt, &d->err);
    else
        d->rc = cl__wordxml_read(&d->src, b, len, &opt, &d->err);
}

static void load_from(doc *d, const char *dir, const char *name, cl_revisions view)
{
    char path[512];
    cl_buf b = CL_BUF_INIT(0);
    cl_error err;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    cl_error_clear(&err);
    if (cl__read_file(&b, path, CL_MAX_INPUT_BYTES, &err) < 0)
        fail_msg("cannot read fixture %s: %s", path, err.message);
    read_bytes(d, (const unsigned char *)b.ptr, b.len, view);
    cl__buf_dispose(&b);
}

static void load_view(doc *d, const char *name, cl_revisions view)
{
    load_from(d, CL_DOCX_FIXTURES, name, view);
}

static void load(doc *d, const char *name)
{
    load_view(d, name, CL_REVISIONS_ACCEPTED);
}

static void load_xml(doc *d, const char *xml)
{
    read_bytes(d, (const unsigned char *)xml, strlen(xml), CL_REVISIONS_ACCEPTED);
}

static void done(doc *d)
{
    cl__source_dispose(&d->src);
}

/* Paragraph i (0-based) as a NUL-terminated copy, without the '\n' separating it. */
static const char *para(const doc *d, size_t i)
{
    static char buf[4096];
    size_t start, end;
    assert_true(i < d->src.npara);
    start = d->src.paras[i].start;
    end = i + 1 < d->src.npara ? d->src.paras[i + 1].start - 1 : d->src.text.len;
    assert_true(end >= start && end - start < sizeof(buf));
    memcpy(buf, d->src.text.ptr + start, end - start);
    buf[end - start] = '\0';
    return buf;
}

static void expect_paras(const doc *d, const char *const *texts, const cl_part *parts, size_t n)
{
    size_t i;
    assert_int_equal(d->rc, 0);
    assert_int_equal(d->src.npara, n);
    for (i = 0; i < n; i++) {
        assert_string_equal(para(d, i), texts[i]);
        if (parts)
            assert_int_equal(d->src.paras[i].part, parts[i]);
        assert_int_equal(d->src.paras[i].number, i + 1);
    }
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *span(const doc *d, size_t start, size_t end)
{
    static char buf[512];
    assert_true(end >= start && end <= d->src.text.len && end - start < sizeof(buf));
    memcpy(buf, d->src.text.ptr + start, end - start);
    buf[end - start] = '\0';
    return buf;
}

static void expect_error(const doc *d, int code, const char *fragment)
{
    assert_int_equal(d->rc, code);
    assert_int_equal(d->err.code, code);
    if (!strstr(d->err.message, fragment))
        fail_msg("message \"%s\" lacks \"%s\"", d->err.message, fragment);
}

/* ---- constructs ------------------------------------------------------------------------- */

static void test_docx__runs_split_midword(void **state)
{
    static const char *const t[] = {"本サービスの終了 時"};
    doc d;
    (void)state;
    load(&d, "runs.docx");
    expect_paras(&d, t, NULL, 1);
    assert_string_equal(d.src.format, "docx");
    assert_string_equal(d.src.encoding, "UTF-8");
    done(&d);
}

static void test_docx__tabs_breaks_symbols(void **state)
{
    /* tab, br and cr (a line break inside the paragraph: no new paragraph record),
     * no-break hyphen, soft hyphen dropped, Symbol F061 -> 'a', w:sym 2460 -> ①,
     * a page break; the tab stop in w:pPr is not text */
    static const char *const t[] = {"A\tB\nC\nDE-FGa①\nH"};
    doc d;
    (void)state;
    load(&d, "breaks.docx");
    expect_paras(&d, t, NULL, 1);
    done(&d);
}

static void test_docx__hyperlink(void **state)
{
    static const char *const t[] = {"詳細は利用規約を参照。"};
    doc d;
    (void)state;
    load(&d, "hyperlink.docx");
    expect_paras(&d, t, NULL, 1);
    done(&d);
}

static void test_docx__sdt_and_smarttag(void **state)
{
    static const char *const t[] = {"ブロックの内容", "甲は株式会社ABCとする。鎌倉"};
    doc d;
    (void)state;
    load(&d, "sdt.docx");
    expect_paras(&d, t, NULL, 2);
    done(&d);
}

static void test_docx__fields(void **state)
{
    /* fldSimple keeps its runs; complex fields keep the result, drop the instruction
     * (also when nested), and a field with no result shows nothing */
    static const char *const t[] = {"頁3", "前条（第5条）による", "結果", "索引あり"};
    doc d;
    (void)state;
    load(&d, "fields.docx");
    expect_paras(&d, t, NULL, 4);
    assert_null(strstr(d.src.text.ptr, "REF"));
    assert_null(strstr(d.src.text.ptr, "HIDDEN"));
    assert_null(strstr(d.src.text.ptr, "INNER"));
    done(&d);
}

static void test_docx__textbox_read_once(void **state)
{
    /* the DrawingML choice is read, its VML fallback is not; text box paragraphs follow the
     * paragraph that anchors them */
    static const char *const t[] = {"前後", "箱の中の文", "次の段落", "", "VMLの箱"};
    static const cl_part p[] = {CL_PART_BODY, CL_PART_TEXTBOX, CL_PART_BODY, CL_PART_BODY,
                                CL_PART_TEXTBOX};
    doc d;
    (void)state;
    load(&d, "textbox.docx");
    expect_paras(&d, t, p, N(t));
    done(&d);
}

static void test_docx__table_cell_order(void **state)
{
    static const char *const t[] = {"前文", "A1", "B1", "A2", "B2", "N1", "N2", "B2後", "後文"};
    static const cl_part p[] = {CL_PART_BODY,  CL_PART_TABLE, CL_PART_TABLE,
                                CL_PART_TABLE, CL_PART_TABLE, CL_PART_TABLE,
                                CL_PART_TABLE, CL_PART_TABLE, CL_PART_BODY};
    doc d;
    (void)state;
    load(&d, "table.docx");
    expect_paras(&d, t, p, N(t));
    done(&d);
}

static void test_docx__footnotes_endnotes(void **state)
{
    /* after the body; Word's separator notes are not text */
    static const char *const t[] = {"本文", "本文2", " 脚注の本文", " 文末脚注の本文"};
    static const cl_part p[] = {CL_PART_BODY, CL_PART_BODY, CL_PART_FOOTNOTE, CL_PART_ENDNOTE};
    doc d;
    (void)state;
    load(&d, "notes.docx");
    expect_paras(&d, t, p, N(t));
    done(&d);
}

static void test_docx__comments_ignored(void **state)
{
    static const char *const t[] = {"注釈のある文"};
    doc d;
    (void)state;
    load(&d, "comments.docx");
    expect_paras(&d, t, NULL, 1);
    assert_null(strstr(d.src.text.ptr, "COMMENT"));
    done(&d);
}

static void test_docx__revisions_accepted(void **state)
{
    static const char *const t[] = {"当社は30日前までに通知する。", "本文新位置"};
    const cl_revision *r;
    doc d;
    (void)state;
    load_view(&d, "revisions.docx", CL_REVISIONS_ACCEPTED);
    expect_paras(&d, t, NULL, 2);
    /* the paragraph-mark change in w:pPr/w:rPr is not recorded */
    assert_int_equal(d.src.nrev, 4);
    r = d.src.revisions;
    assert_true(r[0].inserted);
    assert_string_equal(r[0].author, "山田");
    assert_string_equal(span(&d, r[0].start, r[0].end), "30日前までに");
    /* the deletion is gone from this view: an empty span where it stood */
    assert_false(r[1].inserted);
    assert_string_equal(r[1].author, "佐藤");
    assert_int_equal(r[1].start, r[1].end);
    assert_int_equal(r[1].start, r[0].end);
    assert_false(r[2].inserted); /* moveFrom */
    assert_int_equal(r[2].start, r[2].end);
    assert_int_equal(r[2].start, d.src.paras[1].start);
    assert_true(r[3].inserted); /* moveTo */
    assert_string_equal(r[3].author, "鈴木");
    assert_string_equal(span(&d, r[3].start, r[3].end), "新位置");
    done(&d);
}

static void test_docx__revisions_original(void **state)
{
    static const char *const t[] = {"当社は直ちに通知する。", "旧位置本文"};
    const cl_revision *r;
    doc d;
    (void)state;
    load_view(&d, "revisions.docx", CL_REVISIONS_ORIGINAL);
    expect_paras(&d, t, NULL, 2);
    assert_int_equal(d.src.nrev, 4);
    r = d.src.revisions;
    assert_true(r[0].inserted);
    assert_int_equal(r[0].start, r[0].end);
    assert_string_equal(span(&d, r[1].start, r[1].end), "直ちに");
    assert_string_equal(r[1].author, "佐藤");
    assert_string_equal(span(&d, r[2].start, r[2].end), "旧位置");
    assert_int_equal(r[3].start, r[3].end);
    done(&d);
}

static void test_docx__revision_spanning_paragraphs(void **state)
{
    /* not valid WordprocessingML, but parseable: text follows the view, and no span may
     * point outside its paragraph */
    static const char xml[] = "<w:document " WNS "><w:body><w:p><w:r><w:t>長い段落の本文</w:t>"
                              "</w:r></w:p><w:ins w:author=\"x\"><w:p><w:r><w:t>短</w:t></w:r>"
                              "</w:p></w:ins></w:body></w:document>";
    size_t i;
    doc d;
    (void)state;
    read_bytes(&d, (const unsigned char *)xml, sizeof(xml) - 1, CL_REVISIONS_ORIGINAL);
    assert_int_equal(d.rc, 0);
    assert_string_equal(para(&d, 1), "");
    for (i = 0; i < d.src.nrev; i++)
        assert_true(d.src.revisions[i].end <= d.src.text.len);
    done(&d);
    read_bytes(&d, (const unsigned char *)xml, sizeof(xml) - 1, CL_REVISIONS_ACCEPTED);
    assert_int_equal(d.rc, 0);
    assert_string_equal(para(&d, 1), "短");
    for (i = 0; i < d.src.nrev; i++)
        assert_true(d.src.revisions[i].end <= d.src.text.len);
    done(&d);
}

static void test_docx__numbering(void **state)
{
    static const char *const t[] = {
        "第1条　目的", "１　本規約は定める。", "２　利用者は守る。", "（1）　一号", "（2）　二号",
        /* a shallower level advancing restarts the deeper ones */
        "第2条　定義", "１　項の一", "（1）　号の一", "①　丸一", "②　丸二", "一　漢1", "二　漢2",
        "三　漢3", "四　漢4", "五　漢5", "六　漢6", "七　漢7", "八　漢8", "九　漢9", "十　漢10",
        "十一　漢11", "十二　漢12",
        /* a w:num with a startOverride counts on its own from its start */
        "第10条　十条", "第11条　十一条",
        /* another w:num without override shares abstract 0's counters with num 1 */
        "第3条　共有", "点", /* bullet: nothing */
        "番号なし",          /* numId 0 */
        "（ア）　ア段", "（イ）　イ段",
        "1.　零",               /* custom format in mc:AlternateContent: the Fallback decimalZero */
        "I.　ローマ", "1.1　法" /* isLgl: %1 in decimal although level 0 is upperRoman */
    };
    doc d;
    (void)state;
    load(&d, "numbering.docx");
    expect_paras(&d, t, NULL, N(t));
    done(&d);
}

static void test_docx__style_numbering(void **state)
{
    /* Article is basedOn heading 1 whose w:numPr gives numId 1; level 0 via w:lvl/w:pStyle;
     * Clause names level 1 itself; numId 0 switches numbering off; direct ilvl wins */
    static const char *const t[] = {"第1条　総則",   "本文は番号なし", "１　第一項",
                                    "２　第二項",    "第2条　定義",    "番号を外した見出し",
                                    "１　直接の階層"};
    doc d;
    (void)state;
    load(&d, "stylenum.docx");
    expect_paras(&d, t, NULL, N(t));
    done(&d);
}

static void test_docx__number_formats(void **state)
{
    static const struct {
        const char *fmt;
        long v;
        const char *want;
    } cases[] = {
        {"decimal", 12, "12"},
        {"decimalZero", 7, "07"},
        {"decimalFullWidth", 305, "３０５"},
        {"decimalEnclosedCircle", 1, "①"},
        {"decimalEnclosedCircle", 20, "⑳"},
        {"decimalEnclosedCircle", 21, "21"},
        {"decimalEnclosedParen", 3, "⑶"},
        {"japaneseCounting", 12, "十二"},
        {"japaneseCounting", 20, "二十"},
        {"japaneseCounting", 105, "百五"},
        {"japaneseCounting", 1000, "千"},
        {"japaneseCounting", 10000, "一万"},
        {"japaneseCounting", 23456, "二万三千四百五十六"},
        {"japaneseLegal", 12, "壱拾弐"},
        {"ideographDigital", 10, "一〇"},
        {"ideographDigital", 205, "二〇五"},
        {"aiueoFullWidth", 1, "ア"},
        {"aiueoFullWidth", 46, "ン"},
        {"aiueoFullWidth", 47, "アア"},
        {"irohaFullWidth", 3, "ハ"},
        {"iroha", 2, "ﾛ"}, /* the standard's iroha and aiueo are half-width */
        {"aiueo", 3, "ｳ"},
        {"ideographTraditional", 2, "乙"},
        {"upperLetter", 1, "A"},
        {"upperLetter", 27, "AA"},
        {"lowerLetter", 28, "bb"},
        {"upperRoman", 1994, "MCMXCIV"},
        {"lowerRoman", 4, "iv"},
        {"ordinal", 22, "22nd"},
        {"bullet", 1, ""},
        {"none", 1, ""},
        {"cardinalText", 3, "3"},
    };
    size_t i;
    (void)state;
    for (i = 0; i < N(cases); i++) {
        cl_buf b = CL_BUF_INIT(0);
        assert_int_equal(cl__wordnum_format(&b, cases[i].fmt, cases[i].v), 0);
        if (strcmp(b.ptr ? b.ptr : "", cases[i].want) != 0)
            fail_msg("%s(%ld) = \"%s\", want \"%s\"", cases[i].fmt, cases[i].v, b.ptr ? b.ptr : "",
                     cases[i].want);
        cl__buf_dispose(&b);
    }
}

static void label(cl_wordnum *wn, const char *style, long num, int ilvl, const char *want)
{
    cl_buf b = CL_BUF_INIT(0);
    assert_int_equal(cl__wordnum_label(wn, &b, style, num, ilvl), 0);
    assert_string_equal(b.ptr ? b.ptr : "", want);
    cl__buf_dispose(&b);
}

static void test_docx__wordnum_restart_rules(void **state)
{
    /* lvlRestart 0: level 1 never restarts; a numbering style link (numStyleLink) is
     * followed to the list that holds the levels */
    cl_wordnum *wn;
    cl_wordnum_level l0 = {1, -1, 0, "decimal", "%1.", NULL};
    cl_wordnum_level l1 = {1, 0, 0, "lowerLetter", "(%2)", NULL};
    (void)state;
    assert_int_equal(cl__wordnum_new(&wn), 0);
    assert_int_equal(cl__wordnum_add_level(wn, 0, 0, &l0), 0);
    assert_int_equal(cl__wordnum_add_level(wn, 0, 1, &l1), 0);
    assert_int_equal(cl__wordnum_add_num(wn, 1, 0), 0);
    assert_int_equal(cl__wordnum_add_link(wn, 7, "ListStyle"), 0);
    assert_int_equal(cl__wordnum_add_num(wn, 2, 7), 0);
    assert_int_equal(cl__wordnum_add_style(wn, "ListStyle", NULL, 1, -1, 0), 0);
    label(wn, NULL, 1, 0, "1.");
    label(wn, NULL, 1, 1, "(a)");
    label(wn, NULL, 1, 0, "2.");
    label(wn, NULL, 1, 1, "(b)"); /* not restarted */
    label(wn, NULL, 2, 0, "3.");  /* num 2 -> abstract 7 -> ListStyle -> num 1 -> abstract 0 */
    label(wn, NULL, 3, 0, "");    /* unknown list */
    label(wn, NULL, -1, -1, "");  /* not numbered */
    cl__wordnum_free(wn);
}

static void test_docx__flat_opc(void **state)
{
    /* numbering and styles come after the body in the file; notes after the body */
    static const char *const t[] = {"第1条　目的", "本文", "第2条　定義", " フラットの脚注",
                                    " フラットの文末脚注"};
    static const cl_part p[] = {CL_PART_BODY, CL_PART_BODY, CL_PART_BODY, CL_PART_FOOTNOTE,
                                CL_PART_ENDNOTE};
    doc d;
    (void)state;
    load(&d, "flat.xml");
    expect_paras(&d, t, p, N(t));
    assert_string_equal(d.src.format, "flat-opc");
    done(&d);
}

static void test_docx__bare_document_xml(void **state)
{
    static const char *const t[] = {"第1条（目的）", "本規約は、サービスの利用条件を定める。"};
    doc d;
    (void)state;
    load(&d, "bare.xml");
    expect_paras(&d, t, NULL, 2);
    assert_string_equal(d.src.format, "word-xml");
    done(&d);
    /* the same as a DOCX with a stored (uncompressed) entry */
    load(&d, "stored.docx");
    expect_paras(&d, t, NULL, 2);
    done(&d);
}

static void test_docx__relationships(void **state)
{
    /* word/document2.xml via _rels/.rels; numbering and notes at the names its .rels gives
     * (relative, "../", "./" and absolute targets; an external hyperlink ignored) */
    static const char *const t[] = {"第1条　目的", "本文", "第2条　定義", " 関係の脚注"};
    static const cl_part p[] = {CL_PART_BODY, CL_PART_BODY, CL_PART_BODY, CL_PART_FOOTNOTE};
    doc d;
    (void)state;
    load(&d, "related.docx");
    expect_paras(&d, t, p, N(t));
    done(&d);
}

static void test_docx__word2003(void **state)
{
    /* wx:t labels, bullets dropped, aml:annotation changes, inline notes after their
     * paragraph, comments skipped, tables */
    static const char *const ta[] = {"第1条　目的",    "箇条書き",     "甲は必ず通知する。\t末尾",
                                     "二〇〇三の脚注", "コメント付き", "セル"};
    static const char *const to[] = {
        "第1条　目的",    "箇条書き",     "甲はなるべく通知する。\t末尾",
        "二〇〇三の脚注", "コメント付き", "セル"};
    static const cl_part p[] = {CL_PART_BODY,     CL_PART_BODY, CL_PART_BODY,
                                CL_PART_FOOTNOTE, CL_PART_BODY, CL_PART_TABLE};
    doc d;
    (void)state;
    load(&d, "word2003.xml");
    expect_paras(&d, ta, p, N(ta));
    assert_string_equal(d.src.format, "word-xml");
    assert_int_equal(d.src.nrev, 2);
    assert_string_equal(span(&d, d.src.revisions[0].start, d.src.revisions[0].end), "必ず");
    assert_string_equal(d.src.revisions[0].author, "山田");
    assert_null(strstr(d.src.text.ptr, "COMMENT"));
    done(&d);
    load_view(&d, "word2003.xml", CL_REVISIONS_ORIGINAL);
    expect_paras(&d, to, p, N(to));
    assert_string_equal(span(&d, d.src.revisions[1].start, d.src.revisions[1].end), "なるべく");
    done(&d);
}

static void test_docx__declared_encodings(void **state)
{
    /* Shift_JIS as declared; UTF-16 with a BOM */
    static const char sjis[] = "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><w:document " WNS
                               "><w:body><w:p><w:r><w:t>\x83\x56\x83\x74\x83\x67</w:t></w:r>"
                               "</w:p></w:body></w:document>";
    static const char ascii[] = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><w:document " WNS
                                "><w:body><w:p><w:r><w:t>utf16</w:t></w:r></w:p></w:body>"
                                "</w:document>";
    unsigned char u16[sizeof(ascii) * 2 + 2];
    size_t i;
    doc d;
    (void)state;
    read_bytes(&d, (const unsigned char *)sjis, sizeof(sjis) - 1, CL_REVISIONS_ACCEPTED);
    assert_int_equal(d.rc, 0);
    assert_string_equal(para(&d, 0), "シフト");
    assert_string_equal(d.src.encoding, "Shift_JIS");
    done(&d);
    u16[0] = 0xFF;
    u16[1] = 0xFE;
    for (i = 0; i < sizeof(ascii) - 1; i++) {
        u16[2 + 2 * i] = (unsigned char)ascii[i];
        u16[3 + 2 * i] = 0;
    }
    read_bytes(&d, u16, 2 + 2 * (sizeof(ascii) - 1), CL_REVISIONS_ACCEPTED);
    assert_int_equal(d.rc, 0);
    assert_string_equal(para(&d, 0), "utf16");
    done(&d);
}

static void test_docx__missing_namespace_is_tolerated(void **state)
{
    doc d;
    (void)state;
    load_xml(&d, "<w:document><w:body><w:p><w:r><w:t>素のXML</w:t></w:r></w:p></w:body>"
                 "</w:document>");
    assert_int_equal(d.rc, 0);
    assert_string_equal(para(&d, 0), "素のXML");
    done(&d);
}

static void test_docx__xml_errors(void **state)
{
    doc d;
    (void)state;
    load_xml(&d, "<?xml version=\"1.0\"?>\n<w:document " WNS ">\n<w:body><w:p></w:body>"
                 "</w:document>");
    expect_error(&d, CL_EFORMAT, "invalid XML at line 3");
    assert_int_equal(d.err.line, 3);
    done(&d);
    load_xml(&d, "<html><body>not word</body></html>");
    expect_error(&d, CL_EFORMAT, "not Word XML: the root element is <html>");
    done(&d);
}

/* ---- hostile files ---------------------------------------------------------------------- */

static void test_docx__zip_bomb_ratio(void **state)
{
    doc d;
    (void)state;
    load(&d, "bomb.docx");
    expect_error(&d, CL_ELIMIT, "compression ratio above 200:1 (zip bomb?)");
    done(&d);
}

static void test_docx__zip_bomb_lying_size(void **state)
{
    /* the headers say 4096 bytes; we count what the inflater produces */
    doc d;
    (void)state;
    load(&d, "bomb_lying.docx");
    expect_error(&d, CL_ELIMIT, "compression ratio above 200:1 (zip bomb?)");
    done(&d);
}

static void test_docx__zip_entry_declared_too_big(void **state)
{
    /* an honest declared size above the limit is refused before anything is inflated */
    char want[128];
    doc d;
    (void)state;
    snprintf(want, sizeof(want), "zip entry word/document.xml declares");
    load_from(&d, CL_DOCX_BIG_FIXTURES, "big_entry_declared.docx", CL_REVISIONS_ACCEPTED);
    expect_error(&d, CL_ELIMIT, want);
    done(&d);
}

static void test_docx__zip_entry_too_big(void **state)
{
    /* declares 4096 bytes and compresses about 65:1, so only counting what the inflater
     * produces against the entry size limit stops it */
    char want[96];
    doc d;
    (void)state;
    snprintf(want, sizeof(want), "zip entry word/document.xml expands beyond %u bytes",
             CL_MAX_ZIP_ENTRY_BYTES);
    load_from(&d, CL_DOCX_BIG_FIXTURES, "big_entry.docx", CL_REVISIONS_ACCEPTED);
    expect_error(&d, CL_ELIMIT, want);
    done(&d);
}

static void test_docx__text_too_long(void **state)
{
    /* well within the zip limits, but more text than CL_MAX_TEXT_BYTES */
    char want[96];
    doc d;
    (void)state;
    snprintf(want, sizeof(want), "document text longer than %u bytes", CL_MAX_TEXT_BYTES);
    load_from(&d, CL_DOCX_BIG_FIXTURES, "big_text.docx", CL_REVISIONS_ACCEPTED);
    expect_error(&d, CL_ELIMIT, want);
    assert_true(d.src.text.len <= CL_MAX_TEXT_BYTES);
    done(&d);
}

static void test_docx__xxe_file_entity(void **state)
{
    /* a file only this test knows; its content must never reach the text */
    char path[] = "/tmp/cl_docx_secretXXXXXX";
    char xml[1024];
    int fd;
    doc d;
    (void)state;
    fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "TOPSECRET-42", 12), 12);
    close(fd);
    snprintf(xml, sizeof(xml),
             "<?xml version=\"1.0\"?>\n<!DOCTYPE w:document [<!ENTITY x SYSTEM \"file://%s\">]>"
             "<w:document " WNS "><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body>"
             "</w:document>",
             path);
    load_xml(&d, xml);
    expect_error(&d, CL_EFORMAT, "XML with a DTD is not accepted");
    assert_true(d.src.text.ptr == NULL || strstr(d.src.text.ptr, "TOPSECRET") == NULL);
    done(&d);
    unlink(path);
    load(&d, "xxe_file.docx");
    expect_error(&d, CL_EFORMAT, "XML with a DTD is not accepted (word/document.xml)");
    assert_int_equal(d.src.text.len, 0);
    done(&d);
}

static void test_docx__xxe_http_dtd(void **state)
{
    doc d;
    (void)state;
    load(&d, "xxe_http.docx");
    expect_error(&d, CL_EFORMAT, "XML with a DTD is not accepted");
    done(&d);
}

static void test_docx__dtd_in_disguise(void **state)
{
    /* a DOCTYPE in UTF-16, one after a comment, and UTF-7 (where "<" is "+ADw-") */
    static const char ascii[] = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE x "
                                "[<!ENTITY e \"boom\">]><w:document " WNS "/>";
    unsigned char u16[sizeof(ascii) * 2];
    size_t i;
    doc d;
    (void)state;
    for (i = 0; i < sizeof(ascii) - 1; i++) {
        u16[2 * i] = 0;
        u16[2 * i + 1] = (unsigned char)ascii[i]; /* UTF-16BE, no BOM */
    }
    read_bytes(&d, u16, 2 * (sizeof(ascii) - 1), CL_REVISIONS_ACCEPTED);
    expect_error(&d, CL_EFORMAT, "XML with a DTD is not accepted");
    done(&d);
    load_xml(&d, "<?xml version=\"1.0\"?><!-- <w:document> --><!DOCTYPE x [<!ENTITY e \"b\">]>"
                 "<w:document " WNS "/>");
    expect_error(&d, CL_EFORMAT, "XML with a DTD is not accepted");
    done(&d);
    load_xml(&d, "<?xml version=\"1.0\" encoding=\"UTF-7\"?>+ADw-!DOCTYPE x+AD4-<w:document/>");
    expect_error(&d, CL_EFORMAT, "XML encoding UTF-7 is not accepted");
    done(&d);
}

static void test_docx__billion_laughs(void **state)
{
    doc d;
    (void)state;
    load(&d, "laughs.docx");
    expect_error(&d, CL_EFORMAT, "XML with a DTD is not accepted");
    done(&d);
    load(&d, "laughs.xml");
    expect_error(&d, CL_EFORMAT, "XML with a DTD is not accepted");
    done(&d);
}

static void test_docx__deep_nesting(void **state)
{
    doc d;
    (void)state;
    load(&d, "deep.docx");
    expect_error(&d, CL_ELIMIT, "XML nested deeper than");
    done(&d);
    load(&d, "deep.xml");
    expect_error(&d, CL_ELIMIT, "XML nested deeper than");
    done(&d);
}

static void test_docx__truncated_zip(void **state)
{
    doc d;
    (void)state;
    load(&d, "truncated.docx");
    expect_error(&d, CL_EFORMAT, "corrupt or truncated zip: ");
    done(&d);
}

static void test_docx__corrupt_zip_data(void **state)
{
    doc d;
    (void)state;
    load(&d, "corrupt.docx");
    expect_error(&d, CL_EFORMAT, "corrupt or truncated zip: word/document.xml: ");
    done(&d);
}

static void test_docx__missing_document_xml(void **state)
{
    doc d;
    (void)state;
    load(&d, "nodoc.docx");
    expect_error(&d, CL_EFORMAT, "not a Word document: word/document.xml is missing");
    done(&d);
}

static void test_docx__errors_never_reach_stderr(void **state)
{
    static const char *const files[] = {"laughs.xml", "deep.xml", "corrupt.docx", "bomb.docx",
                                        "truncated.docx"};
    char path[] = "/tmp/cl_docx_stderrXXXXXX";
    int fd, saved;
    size_t i;
    off_t size;
    doc d;
    (void)state;
    fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stderr);
    saved = dup(2);
    dup2(fd, 2);
    for (i = 0; i < N(files); i++) {
        load(&d, files[i]);
        assert_true(d.rc < 0);
        done(&d);
    }
    load_xml(&d, "<w:document " WNS "><w:body><w:p></w:body>");
    done(&d);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    size = lseek(fd, 0, SEEK_END);
    close(fd);
    unlink(path);
    assert_int_equal(size, 0);
}

static void test_docx__out_of_memory(void **state)
{
    /* every allocation of ours failing in turn: a clean CL_ENOMEM, never a crash or leak */
    unsigned long n;
    int ok = 0;
    char path[512];
    cl_buf b = CL_BUF_INIT(0);
    cl_error err;
    doc d;
    (void)state;
    snprintf(path, sizeof(path), "%s/%s", CL_DOCX_FIXTURES, "numbering.docx");
    assert_int_equal(cl__read_file(&b, path, CL_MAX_INPUT_BYTES, &err), 0);
    for (n = 1; n < 2000 && !ok; n++) {
        cl__alloc_fail_after(n);
        read_bytes(&d, (const unsigned char *)b.ptr, b.len, CL_REVISIONS_ACCEPTED);
        cl__alloc_fail_after(0);
        if (d.rc == 0)
            ok = 1;
        else
            assert_int_equal(d.rc, CL_ENOMEM);
        done(&d);
    }
    cl__buf_dispose(&b);
    assert_true(ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docx__runs_split_midword),
        cmocka_unit_test(test_docx__tabs_breaks_symbols),
        cmocka_unit_test(test_docx__hyperlink),
        cmocka_unit_test(test_docx__sdt_and_smarttag),
        cmocka_unit_test(test_docx__fields),
        cmocka_unit_test(test_docx__textbox_read_once),
        cmocka_unit_test(test_docx__table_cell_order),
        cmocka_unit_test(test_docx__footnotes_endnotes),
        cmocka_unit_test(test_docx__comments_ignored),
        cmocka_unit_test(test_docx__revisions_accepted),
        cmocka_unit_test(test_docx__revisions_original),
        cmocka_unit_test(test_docx__revision_spanning_paragraphs),
        cmocka_unit_test(test_docx__numbering),
        cmocka_unit_test(test_docx__style_numbering),
        cmocka_unit_test(test_docx__number_formats),
        cmocka_unit_test(test_docx__wordnum_restart_rules),
        cmocka_unit_test(test_docx__flat_opc),
        cmocka_unit_test(test_docx__bare_document_xml),
        cmocka_unit_test(test_docx__relationships),
        cmocka_unit_test(test_docx__word2003),
        cmocka_unit_test(test_docx__declared_encodings),
        cmocka_unit_test(test_docx__missing_namespace_is_tolerated),
        cmocka_unit_test(test_docx__xml_errors),
        cmocka_unit_test(test_docx__zip_bomb_ratio),
        cmocka_unit_test(test_docx__zip_bomb_lying_size),
        cmocka_unit_test(test_docx__zip_entry_too_big),
        cmocka_unit_test(test_docx__zip_entry_declared_too_big),
        cmocka_unit_test(test_docx__text_too_long),
        cmocka_unit_test(test_docx__xxe_file_entity),
        cmocka_unit_test(test_docx__xxe_http_dtd),
        cmocka_unit_test(test_docx__dtd_in_disguise),
        cmocka_unit_test(test_docx__billion_laughs),
        cmocka_unit_test(test_docx__deep_nesting),
        cmocka_unit_test(test_docx__truncated_zip),
        cmocka_unit_test(test_docx__corrupt_zip_data),
        cmocka_unit_test(test_docx__missing_document_xml),
        cmocka_unit_test(test_docx__errors_never_reach_stderr),
        cmocka_unit_test(test_docx__out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
