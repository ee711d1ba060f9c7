/*
 * test_encoding.c — encoding.c: detection, conversion to UTF-8, the map back to file bytes,
 * and the byte offsets of decoding errors. Encoded inputs are made here with ICU or written as
 * byte literals, so no binary fixture is committed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include "encoding.h"
#include "source.h"

/* Plain JIS X 0208 text: kanji, kana, full-width punctuation, ASCII, CRLF and LF. */
static const char SAMPLE[] = "第1条（目的）\r\n"
                             "本契約は、甲と乙の間で締結するクラウドサービスの利用条件を定める。\n"
                             "2 乙は、契約終了後30日以内にデータを返還する。\n";
/* The same with CP932 extensions (NEC row 13, IBM kanji) and half-width katakana. */
static const char SAMPLE_EXT[] = "第2条 ①株式会社髙橋（㈱）はｶﾅで表記する。\n";

/* ---- helpers ------------------------------------------------------------------------- */

/* Encodes UTF-8 with an ICU converter, failing on anything it cannot encode. Caller frees. */
static unsigned char *encode(const char *icu, const char *utf8, size_t n, size_t *len)
{
    UErrorCode st = U_ZERO_ERROR;
    UChar *u = malloc((n + 1) * sizeof(UChar));
    int32_t ulen = 0, blen;
    unsigned char *out;
    UConverter *cnv;

    assert_non_null(u);
    u_strFromUTF8(u, (int32_t)n + 1, &ulen, utf8, (int32_t)n, &st);
    assert_true(U_SUCCESS(st));
    cnv = ucnv_open(icu, &st);
    assert_true(U_SUCCESS(st));
    ucnv_setFromUCallBack(cnv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &st);
    out = malloc(n * 4 + 16);
    assert_non_null(out);
    blen = ucnv_fromUChars(cnv, (char *)out, (int32_t)(n * 4 + 16), u, ulen, &st);
    ucnv_close(cnv);
    free(u);
    if (U_FAILURE(st)) {
        free(out);
        return NULL;
    }
    *len = (size_t)blen;
    return out;
}

/* prefix + body in one malloc'd buffer. */
static unsigned char *prepend(const char *prefix, size_t plen, const unsigned char *body,
                              size_t blen)
{
    unsigned char *out = malloc(plen + blen + 1);
    assert_non_null(out);
    memcpy(out, prefix, plen);
    memcpy(out + plen, body, blen);
    return out;
}

static int decode(cl_source *src, const void *bytes, size_t len, const char *forced, cl_error *err)
{
    cl__source_init(src);
    cl_error_clear(err);
    return cl__decode(src, bytes, len, forced, err);
}

/* The map is monotonic and stays within the file. */
static void check_map(const cl_source *src, size_t file_len)
{
    long long prev = -1;
    size_t off;
    for (off = 0; off <= src->text.len; off++) {
        long long at = cl__source_file_offset(src, off);
        assert_true(at >= prev);
        assert_true(at <= (long long)file_len);
        prev = at;
    }
}

/* Decodes bytes without forcing and checks the text, the encoding and whether it was guessed. */
static void expect_decodes(const unsigned char *bytes, size_t len, const char *utf8,
                           const char *encoding, int guessed)
{
    cl_source src;
    cl_error err;
    int rc = decode(&src, bytes, len, NULL, &err);

    if (rc != 0)
        print_error("decode failed: %s\n", err.message);
    assert_int_equal(rc, 0);
    assert_string_equal(src.encoding, encoding);
    assert_int_equal(src.encoding_guessed, guessed);
    assert_int_equal(src.text.len, strlen(utf8));
    assert_memory_equal(src.text.ptr, utf8, strlen(utf8));
    check_map(&src, len);
    cl__source_dispose(&src);
}

/* Decodes and expects an error with this code at this byte offset. */
static void expect_error(const void *bytes, size_t len, const char *forced, int code,
                         long long offset, const char *needle)
{
    cl_source src;
    cl_error err;
    int rc = decode(&src, bytes, len, forced, &err);

    if (rc != code || err.offset != offset)
        print_error("got %d at %lld: %s\n", rc, err.offset, err.message);
    assert_int_equal(rc, code);
    assert_int_equal(err.code, code);
    assert_int_equal(err.offset, offset);
    if (needle && !strstr(err.message, needle)) {
        print_error("message \"%s\" lacks \"%s\"\n", err.message, needle);
        fail();
    }
    cl__source_dispose(&src);
}

/* 7-bit bytes without ISO-2022-JP escapes. */
static int is_ascii(const unsigned char *b, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (b[i] >= 0x80 || b[i] == 0x1B || b[i] == 0)
            return 0;
    return 1;
}

/* Byte offset in the UTF-8 text of the first occurrence of needle. */
static size_t text_offset(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    assert_non_null(p);
    return (size_t)(p - text);
}

/* ---- UTF-8 --------------------------------------------------------------------------- */

static void test_encoding__utf8_plain(void **state)
{
    cl_source src;
    cl_error err;
    (void)state;

    assert_int_equal(decode(&src, SAMPLE, sizeof(SAMPLE) - 1, NULL, &err), 0);
    assert_string_equal(src.encoding, "UTF-8");
    assert_int_equal(src.encoding_guessed, 0);
    assert_int_equal(src.text.len, sizeof(SAMPLE) - 1);
    assert_memory_equal(src.text.ptr, SAMPLE, sizeof(SAMPLE) - 1); /* CRLF kept */
    assert_int_equal(src.src_base, 0);
    assert_int_equal(src.src_map.nruns, 0);
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
    static const char text[] = "第1条\x80"
                               "abc";
    static const char bom[] = "\xEF\xBB\xBF"
                              "ab\xE3\x81";
    /* Long enough valid UTF-8 before a bad byte is UTF-8, even if CP932 could read it all. */
    static const char late[] = "本契約はクラウドサービスの利用条件\xC0\xAF";
    (void)state;

    expect_error(text, sizeof(text) - 1, NULL, CL_EENCODING, 7, "invalid UTF-8 at byte 7");
    /* A truncated sequence after a BOM: the offset counts the BOM. */
    expect_error(bom, sizeof(bom) - 1, NULL, CL_EENCODING, 5, "invalid UTF-8 at byte 5");
    expect_error(bom, sizeof(bom) - 1, "UTF-8", CL_EENCODING, 5, "invalid UTF-8 at byte 5");
    expect_error(late, sizeof(late) - 1, NULL, CL_EENCODING, (long long)sizeof(late) - 3,
                 "invalid UTF-8");
}

static void test_encoding__pure_ascii_is_utf8(void **state)
{
    static const char text[] = "Article 1. The Provider shall return all data.\r\n";
    (void)state;
    expect_decodes((const unsigned char *)text, sizeof(text) - 1, text, "UTF-8", 0);
    expect_decodes((const unsigned char *)"", 0, "", "UTF-8", 0);
}

static void test_encoding__nul_byte_is_binary(void **state)
{
    static const char text[] = "Article 1.\0 The Provider shall return all data.";
    static const char bom[] = "\xEF\xBB\xBF"
                              "ab\0";
    (void)state;
    expect_error(text, sizeof(text) - 1, NULL, CL_EFORMAT, 10,
                 "binary file: NUL byte at offset 10");
    expect_error(bom, sizeof(bom) - 1, NULL, CL_EFORMAT, 5, "binary");
    /* Random-looking binary data with NUL bytes on both parities. */
    expect_error("\x89PNG\r\n\x1A\n\0\0\0\rIHDR\0\0\x01\0", 20, NULL, CL_EFORMAT, 8, "binary");
}

/* ---- legacy Japanese encodings ------------------------------------------------------- */

static void test_encoding__shift_jis(void **state)
{
    size_t len;
    unsigned char *b = encode("Shift_JIS", SAMPLE, sizeof(SAMPLE) - 1, &len);
    (void)state;
    assert_non_null(b);
    expect_decodes(b, len, SAMPLE, "Shift_JIS", 0);
    free(b);
}

static void test_encoding__cp932_extensions(void **state)
{
    /* ① 87 40 (NEC row 13), 株式会社, 髙 FB FC (IBM extension), 橋（, ㈱ 87 8A, ）, ｶﾅ B6 C5. */
    static const unsigned char lit[] = {0x87, 0x40, 0x8A, 0x94, 0x8E, 0xAE, 0x89, 0xEF,
                                        0x8E, 0xD0, 0xFB, 0xFC, 0x8B, 0xB4, 0x81, 0x69,
                                        0x87, 0x8A, 0x81, 0x6A, 0xB6, 0xC5};
    size_t len;
    unsigned char *b = encode("windows-31j", SAMPLE_EXT, sizeof(SAMPLE_EXT) - 1, &len);
    (void)state;

    assert_non_null(b);
    expect_decodes(b, len, SAMPLE_EXT, "CP932", 0);
    free(b);
    /* Literal bytes, independent of ICU's encoder: short, hence guessed. */
    expect_decodes(lit, sizeof(lit), "①株式会社髙橋（㈱）ｶﾅ", "CP932", 1);
}

static void test_encoding__euc_jp(void **state)
{
    size_t len;
    unsigned char *b = encode("EUC-JP", SAMPLE, sizeof(SAMPLE) - 1, &len);
    (void)state;

    assert_non_null(b);
    expect_decodes(b, len, SAMPLE, "EUC-JP", 0);
    free(b);
    /* Half-width katakana are 8E xx, ① is row 13, 髙 is JIS X 0212 (8F xx xx). */
    b = encode("EUC-JP", SAMPLE_EXT, sizeof(SAMPLE_EXT) - 1, &len);
    assert_non_null(b);
    expect_decodes(b, len, SAMPLE_EXT, "EUC-JP", 0);
    free(b);
}

static void test_encoding__iso2022jp(void **state)
{
    size_t len;
    unsigned char *b = encode("ISO-2022-JP", SAMPLE, sizeof(SAMPLE) - 1, &len);
    (void)state;

    assert_non_null(b);
    assert_true(memchr(b, 0x1B, len) != NULL);
    expect_decodes(b, len, SAMPLE, "ISO-2022-JP", 0);
    free(b);
}

static void test_encoding__short_and_ambiguous(void **state)
{
    /* "契約" in Shift_JIS: 4 bytes. As EUC-JP, 8C and 96 would be C1 controls and the final
     * F1 a lead byte with no trail byte, so only Shift_JIS decodes. */
    static const unsigned char sjis[] = {0x8C, 0x5F, 0x96, 0xF1};
    /* "です" in EUC-JP: also valid CP932 (half-width "､ﾇ､ｹ"); hiragana win. */
    static const unsigned char euc[] = {0xA4, 0xC7, 0xA4, 0xB9};
    (void)state;

    expect_decodes(sjis, sizeof(sjis), "契約", "Shift_JIS", 1);
    expect_decodes(euc, sizeof(euc), "です", "EUC-JP", 1);
}

/* ---- UTF-16 and UTF-32 --------------------------------------------------------------- */

static void test_encoding__utf16(void **state)
{
    size_t len;
    unsigned char *le = encode("UTF-16LE", SAMPLE, sizeof(SAMPLE) - 1, &len), *b;
    unsigned char *be;
    size_t belen;
    (void)state;

    be = encode("UTF-16BE", SAMPLE, sizeof(SAMPLE) - 1, &belen);
    assert_non_null(le);
    assert_non_null(be);
    expect_decodes(le, len, SAMPLE, "UTF-16LE", 0);
    expect_decodes(be, belen, SAMPLE, "UTF-16BE", 0);

    b = prepend("\xFF\xFE", 2, le, len);
    expect_decodes(b, len + 2, SAMPLE, "UTF-16LE", 0);
    free(b);
    b = prepend("\xFE\xFF", 2, be, belen);
    expect_decodes(b, belen + 2, SAMPLE, "UTF-16BE", 0);
    free(b);
    free(le);
    free(be);
}

static void test_encoding__utf16_without_bom_english(void **state)
{
    static const char text[] = "The Provider shall return all customer data.\n";
    size_t len;
    unsigned char *le = encode("UTF-16LE", text, sizeof(text) - 1, &len);
    (void)state;
    expect_decodes(le, len, text, "UTF-16LE", 0);
    free(le);
}

/* No ASCII at all, so no NUL byte to go by: the kana's 0x30 bytes give it away. */
static void test_encoding__utf16_without_bom_or_ascii(void **state)
{
    static const char text[] = "本契約は、甲と乙の間で締結する。";
    size_t len;
    unsigned char *be = encode("UTF-16BE", text, sizeof(text) - 1, &len);
    (void)state;
    assert_null(memchr(be, 0, len));
    expect_decodes(be, len, text, "UTF-16BE", 1);
    free(be);
}

static void test_encoding__utf32_bom(void **state)
{
    size_t len;
    unsigned char *b = encode("UTF-32LE", SAMPLE, sizeof(SAMPLE) - 1, &len), *p;
    (void)state;
    p = prepend("\xFF\xFE\0\0", 4, b, len);
    expect_decodes(p, len + 4, SAMPLE, "UTF-32LE", 0);
    free(p);
    free(b);
}

/* Enough supplementary characters to cross the converter's chunk size at a surrogate pair. */
static void test_encoding__utf16_long_with_surrogates(void **state)
{
    static const char unit[] = "契約𠮷a"; /* 𠮷 is U+20BB7, a surrogate pair */
    size_t n = 3000, i, len, ulen = sizeof(unit) - 1;
    char *text = malloc(n * ulen + 1);
    unsigned char *b, *p;
    cl_source src;
    cl_error err;
    size_t at;
    (void)state;

    assert_non_null(text);
    for (i = 0; i < n; i++)
        memcpy(text + i * ulen, unit, ulen);
    text[n * ulen] = '\0';
    b = encode("UTF-16LE", text, n * ulen, &len);
    p = prepend("\xFF\xFE", 2, b, len);
    assert_int_equal(decode(&src, p, len + 2, NULL, &err), 0);
    assert_int_equal(src.text.len, n * ulen);
    assert_memory_equal(src.text.ptr, text, n * ulen);
    /* The 2000th 𠮷: 2 (BOM) + 2000 units of 5 UTF-16 units each, plus 契約. */
    at = 2000 * ulen + 6;
    assert_int_equal(cl__source_file_offset(&src, at), 2 + (2000 * 5 + 2) * 2);
    assert_int_equal(cl__source_file_offset(&src, at + 4), 2 + (2000 * 5 + 4) * 2);
    check_map(&src, len + 2);
    cl__source_dispose(&src);
    free(p);
    free(b);
    free(text);
}

/* ---- positions ----------------------------------------------------------------------- */

/* The file offset of 締 (in the middle of SAMPLE) for each encoding, found independently. */
static void test_encoding__map_kanji_in_the_middle(void **state)
{
    static const struct {
        const char *icu, *name, *bom;
        size_t bomlen;
    } cases[] = {{"Shift_JIS", "Shift_JIS", "", 0},     {"EUC-JP", "EUC-JP", "", 0},
                 {"ISO-2022-JP", "ISO-2022-JP", "", 0}, {"UTF-16LE", "UTF-16LE", "\xFF\xFE", 2},
                 {"UTF-16BE", "UTF-16BE", "", 0},       {"UTF-8", "UTF-8", "\xEF\xBB\xBF", 3}};
    size_t k, off = text_offset(SAMPLE, "締結"), next = off + strlen("締");
    (void)state;

    for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        size_t len, plen, nlen;
        unsigned char *b = encode(cases[k].icu, SAMPLE, sizeof(SAMPLE) - 1, &len);
        unsigned char *pre = encode(cases[k].icu, SAMPLE, off, &plen);   /* bytes before 締 */
        unsigned char *pre2 = encode(cases[k].icu, SAMPLE, next, &nlen); /* ... before 結 */
        unsigned char *file = prepend(cases[k].bom, cases[k].bomlen, b, len);
        cl_source src;
        cl_error err;

        if (strcmp(cases[k].icu, "ISO-2022-JP") == 0) {
            plen -= 3; /* the encoder ended the prefix with ESC ( B */
            nlen -= 3;
        }
        assert_int_equal(decode(&src, file, len + cases[k].bomlen, NULL, &err), 0);
        assert_string_equal(src.encoding, cases[k].name);
        assert_int_equal(cl__source_file_offset(&src, off), cases[k].bomlen + plen);
        /* An offset inside the character maps to its start (UTF-8: the identity, byte for
         * byte). */
        assert_int_equal(cl__source_file_offset(&src, off + 1),
                         cases[k].bomlen + plen + (src.src_map.nruns ? 0 : 1));
        assert_int_equal(cl__source_file_offset(&src, next), cases[k].bomlen + nlen);
        assert_int_equal(cl__source_file_offset(&src, src.text.len), len + cases[k].bomlen);
        cl__source_dispose(&src);
        free(file);
        free(pre2);
        free(pre);
        free(b);
    }
}

/* ISO-2022-JP: a character's position is its own bytes, after the escape sequence. */
static void test_encoding__map_iso2022jp(void **state)
{
    /* "A" ESC $ B "本" (4B 5C) "契" (37 40) ESC ( B "b\n" */
    static const unsigned char b[] = {'A',  0x1B, '$', 'B', 0x4B, 0x5C, 0x37,
                                      0x40, 0x1B, '(', 'B', 'b',  '\n'};
    cl_source src;
    cl_error err;
    (void)state;

    assert_int_equal(decode(&src, b, sizeof(b), NULL, &err), 0);
    assert_string_equal(src.encoding, "ISO-2022-JP");
    assert_string_equal(src.text.ptr, "A本契b\n");
    assert_int_equal(cl__source_file_offset(&src, 0), 0);
    assert_int_equal(cl__source_file_offset(&src, 1), 4);  /* 本 */
    assert_int_equal(cl__source_file_offset(&src, 4), 6);  /* 契 */
    assert_int_equal(cl__offmap_end(&src.src_map, 5), 8);  /* 契 ends before the escape */
    assert_int_equal(cl__source_file_offset(&src, 7), 11); /* b */
    assert_int_equal(cl__source_file_offset(&src, 9), 13); /* end of text */
    cl__source_dispose(&src);
}

/* ---- errors -------------------------------------------------------------------------- */

static void test_encoding__sjis_truncated_lead_byte(void **state)
{
    size_t len;
    unsigned char *b = encode("Shift_JIS", SAMPLE, sizeof(SAMPLE) - 1, &len), *p;
    (void)state;

    p = realloc(b, len + 1);
    assert_non_null(p);
    p[len] = 0x82; /* a lead byte with nothing after it */
    expect_error(p, len + 1, NULL, CL_EENCODING, (long long)len, "as Shift_JIS at byte");
    expect_error(p, len + 1, "Shift_JIS", CL_EENCODING, (long long)len, "ends inside");
    free(p);
}

static void test_encoding__sjis_bad_trail_byte(void **state)
{
    /* 0x81 0x20: a lead byte followed by a space. */
    static const char b[] = "ab\x81 cd";
    (void)state;
    expect_error(b, sizeof(b) - 1, "CP932", CL_EENCODING, 2,
                 "cannot decode 0x81 as CP932 at byte 2");
}

static void test_encoding__euc_invalid(void **state)
{
    size_t len, half;
    unsigned char *b = encode("EUC-JP", SAMPLE, sizeof(SAMPLE) - 1, &len), *p;
    (void)state;

    assert_non_null(b);
    /* A lead byte followed by a space, after a line of EUC-JP text. */
    half = len / 2;
    while (b[half] >= 0x80) /* land between characters */
        half++;
    p = malloc(len + 2);
    assert_non_null(p);
    memcpy(p, b, half);
    p[half] = 0xA4;
    p[half + 1] = 0x20;
    memcpy(p + half + 2, b + half, len - half);
    expect_error(p, len + 2, "EUC-JP", CL_EENCODING, (long long)half, "as EUC-JP at byte");
    /* Detected: the bytes before the error read as EUC-JP, so that is what is reported. */
    expect_error(p, len + 2, NULL, CL_EENCODING, (long long)half, "EUC-JP");
    free(p);
    free(b);
}

static void test_encoding__utf16_odd_length(void **state)
{
    static const char bom[] = "\xFF\xFE"
                              "a\0b\0c";
    static const char nobom[] = "a\0b\0c\0d\0e\0f\0g\0h\0i";
    (void)state;
    expect_error(bom, sizeof(bom) - 1, NULL, CL_EENCODING, 6, "odd-length UTF-16LE");
    expect_error(nobom, sizeof(nobom) - 1, NULL, CL_EENCODING, 16, "stray byte at byte 16");
    expect_error("\xFE\xFF\0a\xD8", 5, NULL, CL_EENCODING, 4, "UTF-16BE");
    /* A lone surrogate. */
    expect_error("\xFF\xFE"
                 "a\0\0\xDC"
                 "b\0",
                 8, NULL, CL_EENCODING, 4, "as UTF-16LE at byte 4");
}

static void test_encoding__forced_wrong_encoding(void **state)
{
    size_t len;
    unsigned char *b = encode("Shift_JIS", SAMPLE, sizeof(SAMPLE) - 1, &len);
    (void)state;

    /* 第 is 91 E6: EUC-JP reads 0x91 as a C1 control, and stops at 0xE6. */
    assert_int_equal(b[0], 0x91);
    expect_error(b, len, "EUC-JP", CL_EENCODING, 1, "cannot decode 0xE6 as EUC-JP at byte 1");
    expect_error(b, len, "UTF-8", CL_EENCODING, 0, "invalid UTF-8 at byte 0");
    expect_error(b, len, "ISO-2022-JP", CL_EENCODING, 0, "as ISO-2022-JP at byte 0");
    expect_error(b, len, "klingon-8", CL_EENCODING, -1, "unknown encoding klingon-8");
    free(b);
}

/* ---- forced encodings ---------------------------------------------------------------- */

static void test_encoding__forced_is_reported_not_guessed(void **state)
{
    static const unsigned char sjis[] = {0x8C, 0x5F, 0x96, 0xF1};
    static const unsigned char latin1[] = {'c', 'a', 'f', 0xE9};
    size_t len;
    unsigned char *le = encode("UTF-16LE", SAMPLE, sizeof(SAMPLE) - 1, &len), *b;
    cl_source src;
    cl_error err;
    (void)state;

    assert_int_equal(decode(&src, sjis, sizeof(sjis), "shift_jis", &err), 0);
    assert_string_equal(src.encoding, "Shift_JIS");
    assert_int_equal(src.encoding_guessed, 0);
    assert_string_equal(src.text.ptr, "契約");
    cl__source_dispose(&src);

    assert_int_equal(decode(&src, sjis, sizeof(sjis), "Windows-31J", &err), 0);
    assert_string_equal(src.encoding, "CP932");
    assert_int_equal(src.encoding_guessed, 0);
    cl__source_dispose(&src);

    /* Any converter ICU knows, under the given name. */
    assert_int_equal(decode(&src, latin1, sizeof(latin1), "windows-1252", &err), 0);
    assert_string_equal(src.encoding, "windows-1252");
    assert_string_equal(src.text.ptr, "café");
    cl__source_dispose(&src);

    /* A BOM in the forced encoding is dropped and still counted in the map. */
    b = prepend("\xFF\xFE", 2, le, len);
    assert_int_equal(decode(&src, b, len + 2, "UTF-16LE", &err), 0);
    assert_string_equal(src.encoding, "UTF-16LE");
    assert_int_equal(src.text.len, sizeof(SAMPLE) - 1);
    assert_memory_equal(src.text.ptr, SAMPLE, sizeof(SAMPLE) - 1);
    assert_int_equal(cl__source_file_offset(&src, 0), 2);
    cl__source_dispose(&src);
    free(b);
    free(le);
}

/* ---- the pipeline around it ---------------------------------------------------------- */

/* Decoding after text already in out: offsets of the new text shift, file offsets do not. */
static void test_encoding__appends(void **state)
{
    static const unsigned char sjis[] = {'x', 0x8C, 0x5F, 0x96, 0xF1};
    cl_source src;
    cl_error err;
    (void)state;

    cl__source_init(&src);
    cl_error_clear(&err);
    assert_int_equal(cl__buf_puts(&src.text, "ab"), 0);
    assert_int_equal(cl__offmap_add(&src.src_map, 0, 2, 0, 2), 0);
    assert_int_equal(cl__decode(&src, sjis, sizeof(sjis), "Shift_JIS", &err), 0);
    assert_string_equal(src.text.ptr, "abx契約");
    assert_int_equal(cl__source_file_offset(&src, 2), 0); /* x */
    assert_int_equal(cl__source_file_offset(&src, 6), 3); /* 約 */
    cl__source_dispose(&src);
}

/* Every allocation failing in turn: CL_ENOMEM or success, never a crash or a leak. */
static void test_encoding__out_of_memory(void **state)
{
    size_t len;
    unsigned char *b = encode("EUC-JP", SAMPLE, sizeof(SAMPLE) - 1, &len);
    unsigned long n;
    int ok = 0;
    (void)state;

    for (n = 1; n < 64 && !ok; n++) {
        cl_source src;
        cl_error err;
        int rc;
        cl__source_init(&src);
        cl_error_clear(&err);
        cl__alloc_fail_after(n);
        rc = cl__decode(&src, b, len, NULL, &err);
        cl__alloc_fail_after(0);
        assert_true(rc == 0 || rc == CL_ENOMEM);
        if (rc == 0) {
            assert_memory_equal(src.text.ptr, SAMPLE, sizeof(SAMPLE) - 1);
            ok = 1;
        }
        cl__source_dispose(&src);
    }
    assert_true(ok);
    free(b);
}

/* Every corpus document through every encoding it fits: same text, right name. */
static void test_encoding__corpus_round_trip(void **state)
{
    static const struct {
        const char *icu, *name, *bom;
        size_t bomlen;
    } encs[] = {{"windows-31j", NULL, "", 0},
                {"EUC-JP", "EUC-JP", "", 0},
                {"ISO-2022-JP", "ISO-2022-JP", "", 0},
                {"UTF-16LE", "UTF-16LE", "\xFF\xFE", 2},
                {"UTF-16BE", "UTF-16BE", "", 0}};
    DIR *dir = opendir(CL_CORPUS_DIR);
    struct dirent *de;
    int docs = 0;
    (void)state;

    assert_non_null(dir);
    while ((de = readdir(dir)) != NULL) {
        char path[1024];
        cl_buf raw = CL_BUF_INIT(0);
        cl_error err;
        size_t k, n = strlen(de->d_name), skip;

        if (n < 5 || strcmp(de->d_name + n - 4, ".txt") != 0)
            continue;
        snprintf(path, sizeof(path), "%s/%s", CL_CORPUS_DIR, de->d_name);
        cl_error_clear(&err);
        assert_int_equal(cl__read_file(&raw, path, 1 << 24, &err), 0);
        skip = raw.len >= 3 && !memcmp(raw.ptr, "\xEF\xBB\xBF", 3) ? 3 : 0;
        for (k = 0; k < sizeof(encs) / sizeof(encs[0]); k++) {
            size_t len;
            unsigned char *b = encode(encs[k].icu, raw.ptr + skip, raw.len - skip, &len), *p;
            cl_source src;
            int rc;

            if (!b) /* a character this encoding lacks */
                continue;
            p = prepend(encs[k].bom, encs[k].bomlen, b, len);
            rc = decode(&src, p, len + encs[k].bomlen, NULL, &err);
            if (rc != 0 || src.text.len != raw.len - skip ||
                memcmp(src.text.ptr, raw.ptr + skip, raw.len - skip) != 0) {
                print_error("%s as %s: rc %d (%s), encoding %s\n", de->d_name, encs[k].icu, rc,
                            err.message, src.encoding);
                fail();
            }
            if (is_ascii(p, len + encs[k].bomlen)) /* English documents */
                assert_string_equal(src.encoding, "UTF-8");
            else if (encs[k].name)
                assert_string_equal(src.encoding, encs[k].name);
            else
                assert_true(!strcmp(src.encoding, "Shift_JIS") || !strcmp(src.encoding, "CP932") ||
                            !strcmp(src.encoding, "UTF-8"));
            check_map(&src, len + encs[k].bomlen);
            cl__source_dispose(&src);
            free(p);
            free(b);
        }
        cl__buf_dispose(&raw);
        docs++;
    }
    closedir(dir);
    assert_true(docs > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encoding__utf8_plain),
        cmocka_unit_test(test_encoding__utf8_bom),
        cmocka_unit_test(test_encoding__utf8_invalid_offset),
        cmocka_unit_test(test_encoding__pure_ascii_is_utf8),
        cmocka_unit_test(test_encoding__nul_byte_is_binary),
        cmocka_unit_test(test_encoding__shift_jis),
        cmocka_unit_test(test_encoding__cp932_extensions),
        cmocka_unit_test(test_encoding__euc_jp),
        cmocka_unit_test(test_encoding__iso2022jp),
        cmocka_unit_test(test_encoding__short_and_ambiguous),
        cmocka_unit_test(test_encoding__utf16),
        cmocka_unit_test(test_encoding__utf16_without_bom_english),
        cmocka_unit_test(test_encoding__utf16_without_bom_or_ascii),
        cmocka_unit_test(test_encoding__utf32_bom),
        cmocka_unit_test(test_encoding__utf16_long_with_surrogates),
        cmocka_unit_test(test_encoding__map_kanji_in_the_middle),
        cmocka_unit_test(test_encoding__map_iso2022jp),
        cmocka_unit_test(test_encoding__sjis_truncated_lead_byte),
        cmocka_unit_test(test_encoding__sjis_bad_trail_byte),
        cmocka_unit_test(test_encoding__euc_invalid),
        cmocka_unit_test(test_encoding__utf16_odd_length),
        cmocka_unit_test(test_encoding__forced_wrong_encoding),
        cmocka_unit_test(test_encoding__forced_is_reported_not_guessed),
        cmocka_unit_test(test_encoding__appends),
        cmocka_unit_test(test_encoding__out_of_memory),
        cmocka_unit_test(test_encoding__corpus_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
