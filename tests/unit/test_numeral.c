/*
 * test_numeral.c — numbers, durations and notice periods (numeral.c).
 *
 * Every input is copied into a heap buffer of exactly its length, without a NUL, so that
 * AddressSanitizer reports any read at or past len. Tables hold the bulk of the cases; the
 * termination-notice examples from the brief and phrasing.md also have a test each, so a
 * regression names the sentence that broke.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "numeral.h"

/* Exact-size copy of text[0..len); the caller frees it. */
static char *exact(const char *text, size_t len)
{
    char *p = malloc(len ? len : 1);
    assert_non_null(p);
    if (len)
        memcpy(p, text, len);
    return p;
}

static size_t parse(long *value, const char *text)
{
    size_t len = strlen(text), n;
    char *buf = exact(text, len);
    n = cl__numeral_parse(value, buf, len);
    free(buf);
    return n;
}

static int find(cl_duration *out, const char *text, int notice)
{
    size_t len = strlen(text);
    char *buf = exact(text, len);
    int found = notice ? cl__duration_find_notice(out, buf, len) : cl__duration_find(out, buf, len);
    free(buf);
    return found;
}

/* Days of the notice period in text, or 0 when find_notice finds none. */
static long notice_days(const char *text)
{
    cl_duration d;
    return find(&d, text, 1) ? d.days : 0;
}

/* ---- numbers ------------------------------------------------------------------------ */

typedef struct {
    const char *text;
    long value;
    const char *eaten; /* the prefix that must be consumed; "" when none */
} numeral_case;

static const numeral_case numeral_cases[] = {
    /* arabic */
    {"0", 0, "0"},
    {"15", 15, "15"},
    {"90日", 90, "90"},
    {"1,000", 1000, "1,000"},
    {"12,345,678日", 12345678, "12,345,678"},
    {"1,00", 1, "1"},           /* not a group of three */
    {"1,0000", 1, "1"},         /* group too long */
    {"1000,000", 1000, "1000"}, /* first group longer than three: no grouping */
    {"2024年", 2024, "2024"},
    /* kanji, multiplicative */
    {"十", 10, "十"},
    {"二十", 20, "二十"},
    {"三十", 30, "三十"},
    {"九十日", 90, "九十"},
    {"百八十", 180, "百八十"},
    {"三百六十五", 365, "三百六十五"},
    {"千", 1000, "千"},
    {"二千", 2000, "二千"},
    {"一万", 10000, "一万"},
    {"十万", 100000, "十万"},
    {"十二", 12, "十二"},
    {"千二百三十四", 1234, "千二百三十四"},
    {"百〇五", 105, "百〇五"},
    {"三ヶ月", 3, "三"},
    {"十百", 10, "十"},      /* 百 may not follow 十 in one section */
    {"百二三", 102, "百二"}, /* two digits in a row end the number */
    /* kanji, place-by-place and the old forms */
    {"〇", 0, "〇"},
    {"一〇〇", 100, "一〇〇"},
    {"二〇二四年", 2024, "二〇二四"},
    {"三六五日", 365, "三六五"},
    {"壱", 1, "壱"},
    {"弐", 2, "弐"},
    {"参", 3, "参"},
    {"拾", 10, "拾"},
    {"参拾", 30, "参拾"},
    {"弐拾日", 20, "弐拾"},
    {"二三日", 0, ""},     /* "two or three days": no definite number */
    {"万一の場合", 0, ""}, /* a word ("in case"); 万 does not start a number */
    {"万全", 0, ""},
    {"〇〇日前", 0, ""}, /* template blank */
    /* English */
    {"thirty", 30, "thirty"},
    {"Ninety days", 90, "Ninety"},
    {"TWELVE", 12, "TWELVE"},
    {"zero", 0, "zero"},
    {"nineteen", 19, "nineteen"},
    {"seventeen days", 17, "seventeen"},
    {"twenty-one", 21, "twenty-one"},
    {"twenty one", 21, "twenty one"},
    {"one hundred and eighty", 180, "one hundred and eighty"},
    {"one hundred eighty", 180, "one hundred eighty"},
    {"one-hundred", 100, "one-hundred"},
    {"a hundred", 100, "a hundred"},
    {"a hundred and eighty days", 180, "a hundred and eighty"},
    {"hundred", 100, "hundred"},
    {"three hundred sixty-five", 365, "three hundred sixty-five"},
    {"twelve hundred", 1200, "twelve hundred"},
    {"one thousand", 1000, "one thousand"},
    {"a thousand", 1000, "a thousand"},
    {"two thousand five hundred", 2500, "two thousand five hundred"},
    {"one thousand and one", 1001, "one thousand and one"},
    {"one hundred and", 100, "one hundred"}, /* a dangling "and" is left */
    {"ninety (90)", 90, "ninety"},
    {"ten.", 10, "ten"},
    {"one-time", 1, "one"},
    {"a", 0, ""},
    {"an", 0, ""},
    {"a month", 0, ""},
    {"tenant", 0, ""},
    {"seventy-", 70, "seventy"},
    /* not numbers */
    {"", 0, ""},
    {"abc", 0, ""},
    {"日", 0, ""},
    {"-5", 0, ""},
    {"(30)", 0, ""},
};

static void test_numeral__parse_table(void **state)
{
    size_t k;
    (void)state;
    for (k = 0; k < sizeof numeral_cases / sizeof numeral_cases[0]; k++) {
        const numeral_case *c = &numeral_cases[k];
        long v = -1;
        size_t n = parse(&v, c->text);
        if (n != strlen(c->eaten) || (n && v != c->value))
            fail_msg("parse \"%s\": got %ld (%zu bytes), want %ld (%zu bytes)", c->text, v, n,
                     c->value, strlen(c->eaten));
    }
}

static void test_numeral__parse_leaves_value_alone_when_nothing(void **state)
{
    long v = 42;
    (void)state;
    assert_int_equal(parse(&v, "abc"), 0);
    assert_int_equal(v, 42);
}

static void test_numeral__overflow_saturates(void **state)
{
    long v = 0;
    (void)state;
    /* Consumed whole, so the tail is never taken for a second number. */
    assert_int_equal(parse(&v, "99999999999999999999999"), 23);
    assert_int_equal(v, CL_NUMERAL_MAX);
    assert_int_equal(parse(&v, "999,999,999,999,999"), strlen("999,999,999,999,999"));
    assert_int_equal(v, CL_NUMERAL_MAX);
    assert_int_equal(parse(&v, "九九九九九九九九九九九九"), 12 * 3);
    assert_int_equal(v, CL_NUMERAL_MAX);
}

static void test_numeral__duration_saturates(void **state)
{
    cl_duration d;
    (void)state;
    assert_true(find(&d, "99999999999999 years", 0));
    assert_int_equal(d.days, CL_NUMERAL_MAX);
    assert_true(find(&d, "999999999年6か月", 0));
    assert_int_equal(d.days, CL_NUMERAL_MAX);
}

/* ---- durations ---------------------------------------------------------------------- */

typedef struct {
    const char *text;
    long days;        /* 0: no duration must be found */
    const char *span; /* the expected s[start..end) when found */
} duration_case;

static const duration_case duration_cases[] = {
    {"90日", 90, "90日"},
    {"90 日", 90, "90 日"},
    {"30日間", 30, "30日間"},
    {"60営業日", 60, "60営業日"},
    {"2週間", 14, "2週間"},
    {"2週", 14, "2週"},
    {"3か月", 90, "3か月"},
    {"3ヶ月", 90, "3ヶ月"},
    {"3カ月", 90, "3カ月"},
    {"3ケ月", 90, "3ケ月"},
    {"3箇月", 90, "3箇月"},
    {"3ヵ月", 90, "3ヵ月"},
    {"3ヵ月間", 90, "3ヵ月間"},
    {"3か月間", 90, "3か月間"},
    {"3ヶ月間", 90, "3ヶ月間"},
    {"3 か月", 90, "3 か月"},
    {"三ヶ月", 90, "三ヶ月"},
    {"3か月半", 105, "3か月半"},
    {"1年", 365, "1年"},
    {"1年間", 365, "1年間"},
    {"2年半", 910, "2年半"},
    {"1年6か月", 545, "1年6か月"},
    {"三ヶ年", 1095, "三ヶ年"},
    {"半年", 180, "半年"},
    {"半年間", 180, "半年間"},
    {"三百六十五日", 365, "三百六十五日"},
    {"30 days", 30, "30 days"},
    {"30 Days", 30, "30 Days"},
    {"30days", 30, "30days"},
    {"1 day", 1, "1 day"},
    {"10 business days", 10, "10 business days"},
    {"10 working days", 10, "10 working days"},
    {"5 calendar days", 5, "5 calendar days"},
    {"2 weeks", 14, "2 weeks"},
    {"6 months", 180, "6 months"},
    {"12 months' notice", 360, "12 months'"},
    {"one month's notice", 30, "one month's"},
    {"1 year", 365, "1 year"},
    {"two years", 730, "two years"},
    {"a 30-day notice period", 30, "30-day"},
    {"a thirty-day period", 30, "thirty-day"},
    {"thirty (30) days", 30, "thirty (30) days"},
    {"30 (thirty) days", 30, "30 (thirty) days"},
    {"thirty (60) days", 30, "thirty (60) days"}, /* words prevail over figures */
    {"half a year", 180, "half a year"},
    {"a month", 30, "a month"}, /* decision: "a" before a singular unit counts as one */
    {"a business day", 1, "a business day"},
    {"契約期間は1年とし", 365, "1年"},
    {"本契約は2024年4月1日から1年間有効とする", 365, "1年間"},
    {"令和6年4月1日から3年間", 1095, "3年間"},
    /* not durations */
    {"2024年4月1日", 0, NULL},
    {"令和6年4月1日", 0, NULL},
    {"平成30年に", 0, NULL},
    {"2024年に", 0, NULL},
    {"二〇二四年", 0, NULL},
    {"2024年度", 0, NULL},
    {"6年 4月", 0, NULL},
    {"4月1日", 0, NULL},
    {"毎月1日", 0, NULL},
    {"第3条", 0, NULL},
    {"第30日", 0, NULL},
    {"3月", 0, NULL},
    {"三月前", 0, NULL},
    {"1.5年", 0, NULL},
    {"a months", 0, NULL},
    {"a", 0, NULL},
    {"二三日", 0, NULL},
    {"〇〇日前", 0, NULL},
    {"72時間", 0, NULL},
    {"the 30th day", 0, NULL},
    {"Q3 days", 0, NULL},
    {"tenants", 0, NULL},
    {"", 0, NULL},
};

static void test_numeral__duration_table(void **state)
{
    size_t k;
    (void)state;
    for (k = 0; k < sizeof duration_cases / sizeof duration_cases[0]; k++) {
        const duration_case *c = &duration_cases[k];
        cl_duration d = {0, 0, 0};
        int found = find(&d, c->text, 0);
        if (!c->days) {
            if (found)
                fail_msg("find \"%s\": want none, got %ld days at [%zu,%zu)", c->text, d.days,
                         d.start, d.end);
            continue;
        }
        if (!found)
            fail_msg("find \"%s\": want %ld days, got none", c->text, c->days);
        if (d.days != c->days || d.end - d.start != strlen(c->span) ||
            memcmp(c->text + d.start, c->span, strlen(c->span)) != 0)
            fail_msg("find \"%s\": got %ld days \"%.*s\", want %ld days \"%s\"", c->text, d.days,
                     (int)(d.end - d.start), c->text + d.start, c->days, c->span);
    }
}

/* ---- notice periods ----------------------------------------------------------------- */

typedef struct {
    const char *text;
    long days; /* 0: find_notice must find nothing */
} notice_case;

static const notice_case notice_cases[] = {
    {"本サービスを終了する場合、90日前までに通知する", 90},
    {"三ヶ月前までに書面で予告", 90},
    {"少なくとも6か月前に", 180},
    {"at least 12 months' notice before discontinuing", 360},
    {"ninety (90) days' prior written notice", 90},
    {"1年前までに", 365},
    {"百八十日前", 180},
    {"60営業日前", 60},
    {"2週間前", 14},
    {"三十日以上前に", 30},
    {"終了の90日前までに", 90},
    {"終了後30日以内にデータを返却", 0},
    {"2024年4月1日", 0},
    {"30 days after termination", 0},
    {"30日以前に", 30},
    {"30日より前に", 30},
    {"30日までに", 30},
    {"半年前までに", 180},
    {"1年半前に", 545},
    {"三十日以上の期間をおいて", 30},
    {"90日の予告期間をおいて", 90},
    {"少なくとも3か月の期間をおいて事前に通知", 90},
    {"30 days before", 30},
    {"30 Days In Advance", 30},
    {"90 days prior to", 90},
    {"30 days or more prior to", 30},
    {"not less than thirty (30) days' written notice", 30},
    {"thirty (30) days’ notice", 30},
    {"upon a month's notice", 30},
    {"half a year in advance", 180},
    {"notice of 60 days", 60},
    {"a notice period of at least 90 days", 90},
    {"a 30-day notice period", 30},
    {"2024年4月1日の30日前までに", 30},
    /* the first duration is not a notice period; the second is */
    {"終了後30日間、データをダウンロードできる。本サービスを終了する場合は、90日前までに通知する",
     90},
    {"Customer may export data for 30 days after termination; we give 90 days' notice", 90},
    /* not notice periods */
    {"終了後30日間", 0},
    {"通知後30日で終了する", 0},
    {"30日以内に通知する", 0},
    {"少なくとも30日間はデータを保持する", 0},
    {"少なくとも30日間、終了後に通知", 0},
    {"at least 30 days after notice", 0},
    {"三月前", 0},
    {"3月前に", 0},
    {"30日、前項の規定にかかわらず", 0},
    {"30日前項", 0},
    {"30日前後に通知", 0}, /* 前後 is "about", not "before" */
    {"〇〇日前までに", 0},
    {"事前に通知のうえ", 0},
    {"相当の期間をおいて", 0},
    {"", 0},
    /*
     * A customer's renewal notice reads the same as the vendor's ending notice; telling them
     * apart is the rules' job, so the number is still returned here.
     */
    {"期間満了の30日前までに申し出", 30},
};

static void test_numeral__notice_table(void **state)
{
    size_t k;
    (void)state;
    for (k = 0; k < sizeof notice_cases / sizeof notice_cases[0]; k++) {
        long got = notice_days(notice_cases[k].text);
        if (got != notice_cases[k].days)
            fail_msg("find_notice \"%s\": got %ld days, want %ld", notice_cases[k].text, got,
                     notice_cases[k].days);
    }
}

/* The brief's examples, one test each. */
static void test_numeral__notice_90_days_before_ending(void **state)
{
    (void)state;
    assert_int_equal(notice_days("本サービスを終了する場合、90日前までに通知する"), 90);
}

static void test_numeral__notice_three_months_kanji(void **state)
{
    (void)state;
    assert_int_equal(notice_days("三ヶ月前までに書面で予告"), 90);
}

static void test_numeral__notice_at_least_six_months(void **state)
{
    (void)state;
    assert_int_equal(notice_days("少なくとも6か月前に"), 180);
}

static void test_numeral__notice_twelve_months_english(void **state)
{
    (void)state;
    assert_int_equal(notice_days("at least 12 months' notice before discontinuing"), 360);
}

static void test_numeral__notice_words_and_figures(void **state)
{
    cl_duration d;
    const char *text = "ninety (90) days' prior written notice";
    (void)state;
    assert_true(find(&d, text, 1));
    assert_int_equal(d.days, 90);
    /* The span covers the words, the figures and the unit: counted once. */
    assert_int_equal(d.start, 0);
    assert_int_equal(d.end, strlen("ninety (90) days'"));
}

static void test_numeral__notice_one_year(void **state)
{
    (void)state;
    assert_int_equal(notice_days("1年前までに"), 365);
}

static void test_numeral__notice_hyakuhachiju_days(void **state)
{
    (void)state;
    assert_int_equal(notice_days("百八十日前"), 180);
}

static void test_numeral__notice_business_days(void **state)
{
    (void)state;
    assert_int_equal(notice_days("60営業日前"), 60);
}

static void test_numeral__notice_two_weeks(void **state)
{
    (void)state;
    assert_int_equal(notice_days("2週間前"), 14);
}

static void test_numeral__notice_ijou_mae(void **state)
{
    (void)state;
    assert_int_equal(notice_days("三十日以上前に"), 30);
}

static void test_numeral__notice_before_ending(void **state)
{
    (void)state;
    assert_int_equal(notice_days("終了の90日前までに"), 90);
}

static void test_numeral__retrieval_window_is_not_notice(void **state)
{
    cl_duration d;
    const char *text = "終了後30日以内にデータを返却";
    (void)state;
    /* It is a duration, just not a notice period. */
    assert_true(find(&d, text, 0));
    assert_int_equal(d.days, 30);
    assert_false(find(&d, text, 1));
    assert_false(find(&d, "終了後30日間", 1));
}

static void test_numeral__date_is_not_duration(void **state)
{
    cl_duration d;
    (void)state;
    assert_false(find(&d, "2024年4月1日", 0));
    assert_false(find(&d, "2024年4月1日", 1));
}

static void test_numeral__days_after_termination_is_not_notice(void **state)
{
    cl_duration d;
    (void)state;
    assert_true(find(&d, "30 days after termination", 0));
    assert_false(find(&d, "30 days after termination", 1));
}

static void test_numeral__span_offsets_in_sentence(void **state)
{
    cl_duration d;
    const char *text = "当社は、本サービスを終了する場合、90日前までに通知する";
    const char *at = strstr(text, "90");
    (void)state;
    assert_true(find(&d, text, 1));
    assert_int_equal(d.start, (size_t)(at - text));
    assert_int_equal(d.end, (size_t)(at - text) + strlen("90日"));
}

static void test_numeral__notice_skips_earlier_duration(void **state)
{
    cl_duration d;
    const char *text = "終了後30日間、データをダウンロードできる。終了の三ヶ月前までに通知する";
    (void)state;
    assert_true(find(&d, text, 0));
    assert_int_equal(d.days, 30);
    assert_true(find(&d, text, 1));
    assert_int_equal(d.days, 90);
    assert_int_equal(d.start, (size_t)(strstr(text, "三ヶ月") - text));
}

/* ---- boundaries --------------------------------------------------------------------- */

static void test_numeral__empty_input(void **state)
{
    static const char nul_then_30[] = {'\0', '3', '0'};
    cl_duration d;
    long v = 7;
    char *buf = exact("", 0);
    (void)state;
    assert_int_equal(cl__numeral_parse(&v, buf, 0), 0);
    assert_int_equal(v, 7);
    assert_false(cl__duration_find(&d, buf, 0));
    assert_false(cl__duration_find_notice(&d, buf, 0));
    /* A NUL inside the text is just a byte: nothing is found past it by accident. */
    assert_int_equal(cl__numeral_parse(&v, nul_then_30, sizeof nul_then_30), 0);
    assert_true(cl__duration_find(&d, nul_then_30, sizeof nul_then_30) == 0);
    free(buf);
}

static void test_numeral__null_arguments(void **state)
{
    cl_duration d;
    long v;
    (void)state;
    assert_int_equal(cl__numeral_parse(&v, NULL, 0), 0);
    assert_int_equal(cl__numeral_parse(NULL, "30", 2), 0);
    assert_false(cl__duration_find(&d, NULL, 0));
    assert_false(cl__duration_find(NULL, "30日", strlen("30日")));
    assert_false(cl__duration_find_notice(NULL, "30日前", strlen("30日前")));
}

static void test_numeral__len_limits_the_text(void **state)
{
    cl_duration d;
    long v;
    const char *text = "30日前までに";
    (void)state;
    /* Only "3" is inside len. */
    assert_int_equal(cl__numeral_parse(&v, text, 1), 1);
    assert_int_equal(v, 3);
    /* "30日" without the 前 that follows outside len. */
    assert_true(cl__duration_find(&d, text, strlen("30日")));
    assert_false(cl__duration_find_notice(&d, text, strlen("30日")));
}

static void test_numeral__truncated_utf8(void **state)
{
    static const struct {
        const char *text;
        size_t cut;  /* bytes removed from the end */
        long number; /* parse at 0 */
        size_t eaten;
        int duration; /* find must succeed */
    } cases[] = {
        {"90日", 1, 90, 2, 0}, /* 日 cut after two bytes */
        {"90日", 2, 90, 2, 0}, /* 日 cut after one byte */
        {"三", 1, 0, 0, 0},    /* the numeral itself cut */
        {"三", 2, 0, 0, 0},
        {"百八十", 1, 108, 6, 0}, /* 十 cut: 百八 remains */
        {"三ヶ月前", 4, 3, 3, 0}, /* 月 cut */
        {"3か月", 1, 3, 1, 0},
        {"30日前", 1, 30, 2, 1},  /* 前 cut: a duration, not a notice */
        {"1年6か月", 2, 1, 1, 1}, /* the compound falls back to 1年 */
        {"ninety (90", 0, 90, 6, 0},
        {"30 days\xE2\x80", 0, 30, 2, 1}, /* a cut apostrophe after the unit */
    };
    size_t k;
    (void)state;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        size_t len = strlen(cases[k].text) - cases[k].cut, n;
        char *buf = exact(cases[k].text, len);
        long v = -1;
        cl_duration d;
        n = cl__numeral_parse(&v, buf, len);
        if (n != cases[k].eaten || (n && v != cases[k].number))
            fail_msg("case %zu: parse got %ld (%zu bytes)", k, v, n);
        if (cl__duration_find(&d, buf, len) != cases[k].duration)
            fail_msg("case %zu: find disagrees", k);
        assert_false(cl__duration_find_notice(&d, buf, len));
        free(buf);
    }
}

/* Runs all three functions on every prefix of text, in an exact-size buffer. */
static void sweep_prefixes(const char *text)
{
    size_t len = strlen(text), cut;
    for (cut = 0; cut <= len; cut++) {
        char *buf = exact(text, cut);
        long v;
        cl_duration d;
        size_t n = cl__numeral_parse(&v, buf, cut);
        assert_true(n <= cut);
        if (cl__duration_find(&d, buf, cut))
            assert_true(d.start < d.end && d.end <= cut && d.days >= 0);
        if (cl__duration_find_notice(&d, buf, cut))
            assert_true(d.start < d.end && d.end <= cut && d.days >= 0);
        free(buf);
    }
}

static void test_numeral__every_prefix_stays_in_bounds(void **state)
{
    size_t k;
    (void)state;
    for (k = 0; k < sizeof numeral_cases / sizeof numeral_cases[0]; k++)
        sweep_prefixes(numeral_cases[k].text);
    for (k = 0; k < sizeof duration_cases / sizeof duration_cases[0]; k++)
        sweep_prefixes(duration_cases[k].text);
    for (k = 0; k < sizeof notice_cases / sizeof notice_cases[0]; k++)
        sweep_prefixes(notice_cases[k].text);
}

/*
 * Deterministic token soup: numbers, units, triggers, dates and stray bytes glued at random,
 * cut at random lengths. Checks only the invariants (in bounds, spans inside len, days >= 0),
 * as a cheap stand-in for the fuzzer in every unit-test run.
 */
static void test_numeral__random_token_soup(void **state)
{
    static const char *const tokens[] = {
        "30",      "1,000",       "2024",     "三",
        "十",      "百八十",      "〇",       "万",
        "thirty",  "one hundred", "a",        "and",
        "-",       " ",           "(",        ")",
        "日",      "日間",        "営業日",   "週間",
        "か月",    "ヶ月",        "月",       "年",
        "年間",    "半",          "半年",     "days",
        "month's", "business",    "'",        "\xE2\x80\x99",
        "前",      "以上",        "までに",   "後",
        "以内",    "少なくとも",  "at least", "notice",
        "prior",   "after",       "第",       "令和",
        "度",      ".",           ",",        "、",
        "\xE3",    "\x80",        "\xFF",
    };
    enum { ROUNDS = 3000, MAX_TOKENS = 12 };
    unsigned long seed = 12345;
    char text[MAX_TOKENS * 16];
    int r;
    (void)state;
    for (r = 0; r < ROUNDS; r++) {
        size_t len = 0, cut, k, ntok;
        char *buf;
        long v;
        cl_duration d;
        seed = seed * 1103515245UL + 12345UL;
        ntok = 1 + (seed >> 16) % MAX_TOKENS;
        for (k = 0; k < ntok; k++) {
            const char *tok;
            seed = seed * 1103515245UL + 12345UL;
            tok = tokens[(seed >> 16) % (sizeof tokens / sizeof tokens[0])];
            memcpy(text + len, tok, strlen(tok));
            len += strlen(tok);
        }
        seed = seed * 1103515245UL + 12345UL;
        cut = (seed >> 16) % (len + 1);
        buf = exact(text, cut);
        assert_true(cl__numeral_parse(&v, buf, cut) <= cut);
        if (cl__duration_find(&d, buf, cut))
            assert_true(d.start < d.end && d.end <= cut && d.days >= 0);
        if (cl__duration_find_notice(&d, buf, cut))
            assert_true(d.start < d.end && d.end <= cut && d.days >= 0);
        free(buf);
    }
}

static void test_numeral__invalid_bytes(void **state)
{
    /* Lone continuation bytes and stray lead bytes are skipped, never over-read. */
    static const char text[] = "\x80\xBF\xE3\x81\xFF 30\xE6 30日\xE5";
    cl_duration d;
    size_t len = sizeof text - 1;
    char *buf = exact(text, len);
    (void)state;
    assert_true(cl__duration_find(&d, buf, len));
    assert_int_equal(d.days, 30);
    assert_int_equal(d.end, len - 1);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numeral__parse_table),
        cmocka_unit_test(test_numeral__parse_leaves_value_alone_when_nothing),
        cmocka_unit_test(test_numeral__overflow_saturates),
        cmocka_unit_test(test_numeral__duration_saturates),
        cmocka_unit_test(test_numeral__duration_table),
        cmocka_unit_test(test_numeral__notice_table),
        cmocka_unit_test(test_numeral__notice_90_days_before_ending),
        cmocka_unit_test(test_numeral__notice_three_months_kanji),
        cmocka_unit_test(test_numeral__notice_at_least_six_months),
        cmocka_unit_test(test_numeral__notice_twelve_months_english),
        cmocka_unit_test(test_numeral__notice_words_and_figures),
        cmocka_unit_test(test_numeral__notice_one_year),
        cmocka_unit_test(test_numeral__notice_hyakuhachiju_days),
        cmocka_unit_test(test_numeral__notice_business_days),
        cmocka_unit_test(test_numeral__notice_two_weeks),
        cmocka_unit_test(test_numeral__notice_ijou_mae),
        cmocka_unit_test(test_numeral__notice_before_ending),
        cmocka_unit_test(test_numeral__retrieval_window_is_not_notice),
        cmocka_unit_test(test_numeral__date_is_not_duration),
        cmocka_unit_test(test_numeral__days_after_termination_is_not_notice),
        cmocka_unit_test(test_numeral__span_offsets_in_sentence),
        cmocka_unit_test(test_numeral__notice_skips_earlier_duration),
        cmocka_unit_test(test_numeral__empty_input),
        cmocka_unit_test(test_numeral__null_arguments),
        cmocka_unit_test(test_numeral__len_limits_the_text),
        cmocka_unit_test(test_numeral__truncated_utf8),
        cmocka_unit_test(test_numeral__every_prefix_stays_in_bounds),
        cmocka_unit_test(test_numeral__random_token_soup),
        cmocka_unit_test(test_numeral__invalid_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
