/*
 * numeral.c — numbers and durations as contracts write them, converted to days.
 *
 * The termination-notice requirement (phrasing.md, 4(3)ア(ウ)) records notice_days, so the
 * engine needs "90日前までに", "三ヶ月前に" or "ninety (90) days' prior written notice" turned
 * into a day count. This module does that arithmetic, plus the few neighbouring-word checks
 * that separate a notice period from other durations: a retrieval window ("終了後30日間"),
 * a date ("2024年4月1日"), an ordinal ("第3条"), a month name ("3月"). Whose notice it is
 * (the vendor's ending notice or the customer's renewal notice) is for the rules to decide.
 *
 * It depends on libc alone so it can be fuzzed by itself. Text is (ptr, len) NFKC UTF-8 and
 * need not be NUL-terminated: every read is checked against len, so a UTF-8 sequence cut by
 * the end of the buffer simply fails to match.
 */
#include "numeral.h"

#include <string.h>

/*
 * Readings chosen where the text is ambiguous (tests/unit/test_numeral.c pins each one):
 *  - Units: day and business day = 1 (business days are counted, not converted), week = 7,
 *    month = 30, year = 365, 半年 / "half a year" = 180, so 1年半 = 545 and 3か月半 = 105.
 *  - 月 is a month count only after a counter (か/ヶ/カ/ケ/箇/ヵ): 3月 and 三月 are March.
 *  - Dates are not durations: a four-digit figure before 年 (2024年, 二〇二四年), an era
 *    year (令和6年), 年度, 年 followed by "N月", and 日 right after 月 (4月1日, 毎月1日).
 *  - 第3条 and other ordinals after 第 are not numbers; nor 1.5 (fractions are not read).
 *  - "thirty (30) days" is one number; when words and figures disagree, words prevail.
 *  - "a month's notice" counts as one month: "a" is one before a singular unit, although
 *    cl__numeral_parse never reads a lone "a" as a number.
 *  - 二三日 ("two or three days") and 〇〇日 (a template blank) have no definite number.
 *  - Spans end after the unit, including 間, 半 and an English possessive ("months'").
 */

/* ---- bytes -------------------------------------------------------------------------- */

/* Does s[i..) start with the n bytes of lit? Never reads at or past len. */
static int at(const char *s, size_t len, size_t i, const char *lit, size_t n)
{
    return i <= len && n <= len - i && memcmp(s + i, lit, n) == 0;
}
#define AT(s, len, i, lit) at((s), (len), (i), (lit), sizeof(lit) - 1)

/* Does s[..i) end with lit? */
static int ends(const char *s, size_t i, const char *lit, size_t n)
{
    return n <= i && memcmp(s + i - n, lit, n) == 0;
}
#define ENDS(s, i, lit) ends((s), (i), (lit), sizeof(lit) - 1)

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}
static int is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static int is_alnum(char c)
{
    return is_digit(c) || is_alpha(c);
}
static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static size_t spaces(const char *s, size_t len, size_t i)
{
    size_t j = i;
    while (j < len && is_space(s[j]))
        j++;
    return j - i;
}

/*
 * Bytes of the character at i (i < len): at least 1, never past len. A cut or malformed
 * sequence counts as 1 byte, so the scan cannot jump over an ASCII digit that follows it.
 */
static size_t char_len(const char *s, size_t len, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1, k;

    if (n > len - i)
        return 1;
    for (k = 1; k < n; k++)
        if (((unsigned char)s[i + k] & 0xC0) != 0x80)
            return 1;
    return n;
}

/* Case-insensitive ASCII prefix match; w is lowercase. Returns strlen(w) or 0. */
static size_t prefix_ci(const char *s, size_t len, size_t i, const char *w)
{
    size_t n = strlen(w), k;
    if (i > len || n > len - i)
        return 0;
    for (k = 0; k < n; k++)
        if (lower(s[i + k]) != w[k])
            return 0;
    return n;
}

/* As prefix_ci, but the word must end at a word boundary ("ten" does not match "tenant"). */
static size_t word_ci(const char *s, size_t len, size_t i, const char *w)
{
    size_t n = prefix_ci(s, len, i, w);
    if (n && i + n < len && is_alpha(s[i + n]))
        return 0;
    return n;
}

/* Does s[..i) end with the word w (case-insensitive, starting at a word boundary)? */
static int ends_word_ci(const char *s, size_t i, const char *w)
{
    size_t n = strlen(w), k;
    if (n > i)
        return 0;
    for (k = 0; k < n; k++)
        if (lower(s[i - n + k]) != w[k])
            return 0;
    return i == n || !is_alpha(s[i - n - 1]);
}

static long sat_add(long a, long b)
{
    return a > CL_NUMERAL_MAX - b ? CL_NUMERAL_MAX : a + b;
}

static long sat_mul(long a, long b)
{
    if (a == 0 || b == 0)
        return 0;
    return a > CL_NUMERAL_MAX / b ? CL_NUMERAL_MAX : a * b;
}

/* ---- numbers ------------------------------------------------------------------------ */

enum num_kind { NUM_ARABIC, NUM_KANJI, NUM_WORDS };

typedef struct num {
    long value;
    size_t len; /* bytes consumed */
    enum num_kind kind;
    int digits; /* digits when written place-by-place (2024, 二〇二四), else 0 */
} num;

/* Every kanji numeral is one 3-byte UTF-8 sequence. */
#define KANJI_BYTES 3

static const struct {
    const char *utf8;
    int value;
} kanji_digit_tab[] = {
    {"〇", 0}, {"一", 1}, {"二", 2}, {"三", 3}, {"四", 4}, {"五", 5}, {"六", 6},
    {"七", 7}, {"八", 8}, {"九", 9}, {"壱", 1}, {"弐", 2}, {"参", 3},
};

static const struct {
    const char *utf8;
    long value;
} kanji_mult_tab[] = {
    {"十", 10}, {"拾", 10}, {"百", 100}, {"千", 1000}, {"万", 10000},
};

static int kanji_digit(const char *s, size_t len, size_t i)
{
    size_t k;
    for (k = 0; k < sizeof kanji_digit_tab / sizeof kanji_digit_tab[0]; k++)
        if (at(s, len, i, kanji_digit_tab[k].utf8, KANJI_BYTES))
            return kanji_digit_tab[k].value;
    return -1;
}

static long kanji_mult(const char *s, size_t len, size_t i)
{
    size_t k;
    for (k = 0; k < sizeof kanji_mult_tab / sizeof kanji_mult_tab[0]; k++)
        if (at(s, len, i, kanji_mult_tab[k].utf8, KANJI_BYTES))
            return kanji_mult_tab[k].value;
    return 0;
}

/* Is the character ending at s[..i) a kanji numeral? Then s+i is inside a number. */
static int after_kanji_numeral(const char *s, size_t i)
{
    return i >= KANJI_BYTES &&
           (kanji_digit(s, i, i - KANJI_BYTES) >= 0 || kanji_mult(s, i, i - KANJI_BYTES) != 0);
}

/* Digits with optional ',' grouping in threes (1,000). "1,00" and "1,0000" stop at "1". */
static size_t parse_arabic(num *out, const char *s, size_t len)
{
    size_t i = 0;
    long v = 0;
    int digits = 0, grouped = 0;

    while (i < len && is_digit(s[i])) {
        v = sat_add(sat_mul(v, 10), s[i] - '0');
        i++;
        digits++;
    }
    if (digits == 0)
        return 0;
    /* A group is ',' and exactly three digits; the first group had at most three. */
    while (digits <= 3 && i + 3 < len && s[i] == ',' && is_digit(s[i + 1]) && is_digit(s[i + 2]) &&
           is_digit(s[i + 3]) && !(i + 4 < len && is_digit(s[i + 4]))) {
        v = sat_add(sat_mul(v, 1000),
                    (s[i + 1] - '0') * 100 + (s[i + 2] - '0') * 10 + (s[i + 3] - '0'));
        i += 4;
        grouped = 1;
    }
    out->value = v;
    out->len = i;
    out->kind = NUM_ARABIC;
    out->digits = grouped ? 0 : digits;
    return i;
}

/*
 * Kanji numerals. Two forms: place-by-place digits (一〇〇 = 100, 二〇二四 = 2024) when two or
 * more digits stand together with no multiplier, and the multiplicative form otherwise
 * (三百六十五 = 365, 十 = 10, 二千 = 2000, 一万 = 10000).
 */
static size_t parse_kanji(num *out, const char *s, size_t len)
{
    size_t i = 0;
    long v = 0, total = 0, section = 0, last_mult = 0;
    int run = 0, zeros = 0, first = -1, second = -1, d, digit = -1, had_man = 0;

    while ((d = kanji_digit(s, len, i)) >= 0) {
        v = sat_add(sat_mul(v, 10), d);
        zeros += d == 0;
        if (run == 0)
            first = d;
        else if (run == 1)
            second = d;
        run++;
        i += KANJI_BYTES;
    }
    if (run >= 2) {
        /* 〇〇日前: a template blank to fill in, not zero days. */
        if (zeros == run)
            return 0;
        /* 二三日 is "two or three days", not 23: no definite number. */
        if (run == 2 && zeros == 0 && second == first + 1 && kanji_mult(s, len, i) == 0)
            return 0;
        out->value = v;
        out->len = i;
        out->kind = NUM_KANJI;
        out->digits = run;
        return i;
    }

    /* 万一, 万が一, 万全 are words; contracts write ten thousand as 一万 or 1万. */
    if (run == 0 && kanji_mult(s, len, 0) == 10000)
        return 0;
    i = 0;
    for (;;) {
        long m;
        if ((d = kanji_digit(s, len, i)) >= 0) {
            /* 百〇五: a 〇 only holds a place; any other digit after a digit ends the number. */
            if (digit > 0)
                break;
            digit = d;
            i += KANJI_BYTES;
            continue;
        }
        if ((m = kanji_mult(s, len, i)) == 0)
            break;
        if (m == 10000) {
            long below = section + (digit > 0 ? digit : 0);
            if (had_man)
                break;
            total = sat_mul(below ? below : 1, 10000);
            section = 0;
            last_mult = 0;
            digit = -1;
            had_man = 1;
        } else {
            /* Multipliers fall within a section: 百十 is 110, but 十百 is not a number. */
            if (last_mult && m >= last_mult)
                break;
            section += (digit >= 0 ? digit : 1) * m;
            last_mult = m;
            digit = -1;
        }
        i += KANJI_BYTES;
    }
    if (i == 0)
        return 0;
    out->value = sat_add(total, section + (digit > 0 ? digit : 0));
    out->len = i;
    out->kind = NUM_KANJI;
    out->digits = 0;
    return i;
}

static const char *const small_words[20] = {
    "zero",     "one",     "two",     "three",     "four",     "five",     "six",
    "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",   "thirteen",
    "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
};

static const char *const tens_words[10] = {
    NULL, NULL, "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
};

/* Between number words: whitespace, or one hyphen ("twenty-one", "one-hundred"). */
static size_t word_sep(const char *s, size_t len, size_t i)
{
    if (i < len && s[i] == '-')
        return 1;
    return spaces(s, len, i);
}

/* 1..99 in words ("seven", "nineteen", "twenty-one"); zero only when allow_zero. */
static size_t parse_below_100(long *v, const char *s, size_t len, size_t i, int allow_zero)
{
    size_t n, sp, u;
    int k, t;

    for (t = 2; t <= 9; t++) {
        if ((n = word_ci(s, len, i, tens_words[t])) == 0)
            continue;
        *v = t * 10;
        if ((sp = word_sep(s, len, i + n)) != 0)
            for (k = 1; k <= 9; k++)
                if ((u = word_ci(s, len, i + n + sp, small_words[k])) != 0) {
                    *v += k;
                    return n + sp + u;
                }
        return n;
    }
    for (k = allow_zero ? 0 : 1; k < 20; k++)
        if ((n = word_ci(s, len, i, small_words[k])) != 0) {
            *v = k;
            return n;
        }
    return 0;
}

/*
 * After "hundred" or "thousand": an optional "[and] rest" ("one hundred and eighty",
 * "one hundred eighty"). Returns the bytes of the rest including its separators, or 0 —
 * so a dangling " and" is left unconsumed.
 */
static size_t parse_rest(long *v, const char *s, size_t len, size_t i, int below_1000);

/* 1..999 in words; bare "hundred" and "a hundred" are 100; "twelve hundred" is 1200. */
static size_t parse_below_1000(long *v, const char *s, size_t len, size_t i)
{
    size_t n, sp, h, r;
    long lead = 0, rest = 0;

    if ((h = word_ci(s, len, i, "hundred")) != 0) {
        n = h;
        lead = 1;
    } else {
        int article = (n = word_ci(s, len, i, "a")) != 0;
        if (article)
            lead = 1;
        else if ((n = parse_below_100(&lead, s, len, i, 1)) == 0)
            return 0;
        if (lead > 0 && lead < 20 && (sp = word_sep(s, len, i + n)) != 0 &&
            (h = word_ci(s, len, i + n + sp, "hundred")) != 0) {
            n += sp + h;
        } else {
            /* A lone "a" is an article, not a number (the caller tries "a thousand"). */
            if (article)
                return 0;
            *v = lead;
            return n;
        }
    }
    r = parse_rest(&rest, s, len, i + n, 0);
    *v = lead * 100 + rest;
    return n + r;
}

static size_t parse_rest(long *v, const char *s, size_t len, size_t i, int below_1000)
{
    size_t sp = word_sep(s, len, i), j, a, sp2, r;

    if (sp == 0)
        return 0;
    j = i + sp;
    if ((a = word_ci(s, len, j, "and")) != 0 && (sp2 = spaces(s, len, j + a)) != 0)
        j += a + sp2;
    r = below_1000 ? parse_below_1000(v, s, len, j) : parse_below_100(v, s, len, j, 0);
    return r ? (j - i) + r : 0;
}

/* English number words up to 999,999 ("thirty", "one hundred and eighty", "a thousand"). */
static size_t parse_words(num *out, const char *s, size_t len)
{
    size_t n, sp, t, r;
    long v = 0, rest = 0;

    if ((t = word_ci(s, len, 0, "thousand")) != 0) {
        n = t;
        v = 1000;
    } else {
        int article = 0;
        if ((n = parse_below_1000(&v, s, len, 0)) == 0) {
            /* "a" counts only in "a thousand"; parse_below_1000 already took "a hundred". */
            if ((n = word_ci(s, len, 0, "a")) == 0)
                return 0;
            article = 1;
            v = 1;
        }
        if ((sp = word_sep(s, len, n)) != 0 && v > 0 &&
            (t = word_ci(s, len, n + sp, "thousand")) != 0) {
            n += sp + t;
            v *= 1000;
        } else if (article) {
            return 0;
        } else {
            goto done;
        }
    }
    r = parse_rest(&rest, s, len, n, 1);
    n += r;
    v += rest;
done:
    out->value = v;
    out->len = n;
    out->kind = NUM_WORDS;
    out->digits = 0;
    return n;
}

static size_t parse_num(num *out, const char *s, size_t len)
{
    if (len == 0)
        return 0;
    if (is_digit(s[0]))
        return parse_arabic(out, s, len);
    if (is_alpha(s[0]))
        return parse_words(out, s, len);
    return parse_kanji(out, s, len);
}

size_t cl__numeral_parse(long *value, const char *s, size_t len)
{
    num n;

    if (!value || !s || !parse_num(&n, s, len))
        return 0;
    *value = n.value;
    return n.len;
}

/* ---- units -------------------------------------------------------------------------- */

enum unit_kind { U_DAY, U_BUSINESS_DAY, U_WEEK, U_MONTH, U_YEAR, U_COUNTER_YEAR };

typedef struct unit {
    size_t len; /* bytes of the unit, including 間 / 半 / a possessive */
    long days;  /* days per unit */
    long extra; /* days added once: the 半 of 1年半 */
    enum unit_kind kind;
} unit;

/* か月 and its spellings: the counter that makes 月 a month count rather than a month name. */
static size_t counter_at(const char *s, size_t len, size_t i)
{
    static const char *const counters[] = {"か", "ヶ", "カ", "ケ", "箇", "ヵ"};
    size_t k;
    for (k = 0; k < sizeof counters / sizeof counters[0]; k++)
        if (at(s, len, i, counters[k], KANJI_BYTES))
            return KANJI_BYTES;
    return 0;
}

/* 間 after a unit (日間, 週間, か月間, 年間) changes nothing in the count. */
static size_t opt_kan(const char *s, size_t len, size_t i)
{
    return AT(s, len, i, "間") ? sizeof("間") - 1 : 0;
}

static int jp_unit(unit *u, const char *s, size_t len, size_t i)
{
    size_t c, j;

    u->extra = 0;
    if (AT(s, len, i, "営業日")) {
        j = i + sizeof("営業日") - 1;
        u->days = 1;
        u->kind = U_BUSINESS_DAY;
    } else if (AT(s, len, i, "日")) {
        j = i + sizeof("日") - 1;
        u->days = 1;
        u->kind = U_DAY;
    } else if (AT(s, len, i, "週")) {
        j = i + sizeof("週") - 1;
        u->days = 7;
        u->kind = U_WEEK;
    } else if ((c = counter_at(s, len, i)) != 0 && AT(s, len, i + c, "月")) {
        j = i + c + sizeof("月") - 1;
        u->days = 30;
        u->kind = U_MONTH;
        if (AT(s, len, j, "半")) {
            j += sizeof("半") - 1;
            u->extra = 15;
        }
    } else if ((c = counter_at(s, len, i)) != 0 && AT(s, len, i + c, "年")) {
        j = i + c + sizeof("年") - 1;
        u->days = 365;
        u->kind = U_COUNTER_YEAR;
    } else if (AT(s, len, i, "年")) {
        j = i + sizeof("年") - 1;
        u->days = 365;
        u->kind = U_YEAR;
    } else {
        return 0;
    }
    if ((u->kind == U_YEAR || u->kind == U_COUNTER_YEAR) && AT(s, len, j, "半")) {
        j += sizeof("半") - 1;
        u->extra = 180; /* 半年 is 180 days, so 1年半 is 365 + 180 */
    }
    j += opt_kan(s, len, j);
    u->len = j - i;
    return 1;
}

/* "'s", "'", "’s", "’" after an English unit: "12 months' notice", "a month's notice". */
static size_t possessive(const char *s, size_t len, size_t i)
{
    size_t n = 0;
    if (AT(s, len, i, "'"))
        n = 1;
    else if (AT(s, len, i, "\xE2\x80\x99"))
        n = 3;
    if (n && i + n < len && lower(s[i + n]) == 's' && !(i + n + 1 < len && is_alpha(s[i + n + 1])))
        n++;
    return n;
}

/*
 * day(s), week(s), month(s), year(s), optionally qualified: business/working day(s),
 * calendar day(s)/month(s)/year(s). With singular_only, plurals are refused ("a month").
 */
static int en_unit(unit *u, const char *s, size_t len, size_t i, int singular_only)
{
    static const struct {
        const char *word;
        long days;
        enum unit_kind kind;
        int plural;
    } words[] = {
        {"days", 1, U_DAY, 1},     {"day", 1, U_DAY, 0},       {"weeks", 7, U_WEEK, 1},
        {"week", 7, U_WEEK, 0},    {"months", 30, U_MONTH, 1}, {"month", 30, U_MONTH, 0},
        {"years", 365, U_YEAR, 1}, {"year", 365, U_YEAR, 0},
    };
    size_t j = i, n, sp, k;
    int business = 0, calendar = 0;

    if ((n = word_ci(s, len, j, "business")) != 0 || (n = word_ci(s, len, j, "working")) != 0)
        business = 1;
    else if ((n = word_ci(s, len, j, "calendar")) != 0)
        calendar = 1;
    if (n) {
        if ((sp = word_sep(s, len, j + n)) == 0)
            return 0;
        j += n + sp;
    }
    for (k = 0; k < sizeof words / sizeof words[0]; k++) {
        if ((n = word_ci(s, len, j, words[k].word)) == 0)
            continue;
        if ((singular_only && words[k].plural) || (business && words[k].kind != U_DAY) ||
            (calendar && words[k].kind == U_WEEK))
            return 0;
        j += n;
        j += possessive(s, len, j);
        u->len = j - i;
        u->days = words[k].days;
        u->extra = 0;
        u->kind = business ? U_BUSINESS_DAY : words[k].kind;
        return 1;
    }
    return 0;
}

/* ---- durations ---------------------------------------------------------------------- */

/* Can a number start at i, or is s+i the tail of a word, a number, or an ordinal (第3)? */
static int start_ok(const char *s, size_t i)
{
    char c = s[i];

    if (i == 0)
        return 1;
    if (ENDS(s, i, "第"))
        return 0;
    if (is_alnum(c)) {
        char p = s[i - 1];
        if (is_alnum(p))
            return 0;
        /* the 5 of 1.5 or 1,5 */
        if ((p == '.' || p == ',') && i >= 2 && is_digit(s[i - 2]) && is_digit(c))
            return 0;
        return 1;
    }
    return !after_kanji_numeral(s, i);
}

/* The offset of the last non-space byte before i, plus one. */
static size_t back_spaces(const char *s, size_t i)
{
    while (i > 0 && is_space(s[i - 1]))
        i--;
    return i;
}

/* 4月1日, 毎月1日: 日 after a month name is a day of the month. 3か月10日 stays a duration. */
static int day_of_month(const char *s, size_t start)
{
    size_t p = back_spaces(s, start);
    return ENDS(s, p, "月") && !(p >= 6 && counter_at(s, p - 3, p - 6));
}

/* 令和6年, 平成30年, 西暦2024年: an era year, not a number of years. */
static int era_year(const char *s, size_t start)
{
    static const char *const eras[] = {"令和", "平成", "昭和", "大正", "明治", "西暦"};
    size_t p = back_spaces(s, start), k;
    for (k = 0; k < sizeof eras / sizeof eras[0]; k++)
        if (ends(s, p, eras[k], strlen(eras[k])))
            return 1;
    return 0;
}

/*
 * Checks after a bare 年 at y (the byte after 年): 2024年度 and 6年4月 are dates, so return
 * -1; 1年6か月 is one duration, so return the extra days and set *end past the months.
 */
static long after_year(size_t *end, const char *s, size_t len, size_t y)
{
    size_t q, r;
    num m;
    unit u;

    if (AT(s, len, y, "度"))
        return -1;
    q = y + spaces(s, len, y);
    if (!parse_num(&m, s + q, len - q) || m.kind == NUM_WORDS)
        return 0;
    r = q + m.len;
    r += spaces(s, len, r);
    if (AT(s, len, r, "月"))
        return -1;
    if (jp_unit(&u, s, len, r) && u.kind == U_MONTH) {
        *end = r + u.len;
        return sat_add(sat_mul(m.value, 30), u.extra);
    }
    return 0;
}

/*
 * Reads a duration starting exactly at i. On failure, *skip is the length of a number that
 * was read there (so the caller does not restart inside it), else 0.
 */
static int duration_at(cl_duration *out, const char *s, size_t len, size_t i, size_t *skip)
{
    num n, m;
    unit u;
    size_t j, p, q, sp;
    long value, extra;
    int hyphen = 0;

    *skip = 0;
    if (!start_ok(s, i))
        return 0;

    /* 半年 / 半年間 and "half a year": 180 days, per the brief (no number written). */
    if (AT(s, len, i, "半年")) {
        j = i + sizeof("半年") - 1;
        j += opt_kan(s, len, j);
        out->start = i;
        out->end = j;
        out->days = 180;
        return 1;
    }
    if ((p = word_ci(s, len, i, "half")) != 0 && (sp = spaces(s, len, i + p)) != 0 &&
        (q = word_ci(s, len, i + p + sp, "a")) != 0) {
        j = i + p + sp + q;
        if ((sp = spaces(s, len, j)) != 0 && (q = word_ci(s, len, j + sp, "year")) != 0) {
            out->start = i;
            out->end = j + sp + q + possessive(s, len, j + sp + q);
            out->days = 180;
            return 1;
        }
    }

    if (!parse_num(&n, s + i, len - i)) {
        /* "a month's notice": the article counts as one, before a singular unit only. */
        if ((p = word_ci(s, len, i, "a")) != 0 && (sp = spaces(s, len, i + p)) != 0 &&
            en_unit(&u, s, len, i + p + sp, 1)) {
            out->start = i;
            out->end = i + p + sp + u.len;
            out->days = u.days;
            return 1;
        }
        return 0;
    }
    *skip = n.len;
    j = i + n.len;
    value = n.value;

    /* 1.5年: fractions are not read, and the 5 must not be read alone either. */
    if (n.kind == NUM_ARABIC && j + 1 < len && (s[j] == '.' || s[j] == ',') && is_digit(s[j + 1]))
        return 0;

    /* "thirty (30) days", "30 (thirty) days": one number; words prevail over figures. */
    p = j + spaces(s, len, j);
    if (AT(s, len, p, "(")) {
        p++;
        p += spaces(s, len, p);
        if (parse_num(&m, s + p, len - p)) {
            q = p + m.len;
            q += spaces(s, len, q);
            if (AT(s, len, q, ")")) {
                j = q + 1;
                if (m.kind == NUM_WORDS && n.kind != NUM_WORDS)
                    value = m.value;
            }
        }
    }

    /* "30-day notice period", "thirty-day": a hyphen joins a number to an English unit. */
    if (j < len && s[j] == '-') {
        hyphen = 1;
        p = j + 1;
    } else {
        p = j + spaces(s, len, j);
    }
    if (hyphen || !jp_unit(&u, s, len, p)) {
        if (!en_unit(&u, s, len, p, 0))
            return 0;
    }
    q = p + u.len;
    extra = u.extra;

    switch (u.kind) {
    case U_DAY:
        if (AT(s, len, p, "日") && day_of_month(s, i))
            return 0;
        break;
    case U_YEAR:
        if (AT(s, len, p, "年")) {
            long more;
            /* A four-digit figure before 年 is a calendar year (2024年), never a term. */
            if (n.digits == 4 || era_year(s, i))
                return 0;
            if (u.len == sizeof("年") - 1) {
                if ((more = after_year(&q, s, len, p + u.len)) < 0)
                    return 0;
                extra = sat_add(extra, more);
            }
        }
        break;
    default:
        break;
    }

    out->start = i;
    out->end = q;
    out->days = sat_add(sat_mul(value, u.days), extra);
    return 1;
}

/* ---- notice ------------------------------------------------------------------------- */

/*
 * 前, but not 前項/前条/前号/前述/前記/前各 (the preceding provision) nor 前後 ("about":
 * 30日前後 is roughly thirty days, not thirty days before).
 */
static size_t mae_at(const char *s, size_t len, size_t i)
{
    static const char *const refs[] = {"項", "条", "号", "述", "記", "各", "後"};
    size_t k, n = sizeof("前") - 1;
    if (!AT(s, len, i, "前"))
        return 0;
    for (k = 0; k < sizeof refs / sizeof refs[0]; k++)
        if (at(s, len, i + n, refs[k], KANJI_BYTES))
            return 0;
    return n;
}

/* Words that make a preceding duration a period *before* something. */
static int trigger_at(const char *s, size_t len, size_t i)
{
    static const char *const jp[] = {"以前", "までに",   "予告",    "通知",
                                     "事前", "をおいて", "を置いて"};
    static const char *const en[] = {"prior", "in advance", "advance", "notice", "before", "ahead"};
    size_t k;

    if (mae_at(s, len, i))
        return 1;
    for (k = 0; k < sizeof jp / sizeof jp[0]; k++)
        if (at(s, len, i, jp[k], strlen(jp[k])))
            return 1;
    if (i > 0 && is_alpha(s[i - 1]))
        return 0;
    for (k = 0; k < sizeof en / sizeof en[0]; k++)
        if (prefix_ci(s, len, i, en[k]))
            return 1;
    return 0;
}

/* Words allowed between a duration and its trigger: 以上, の期間, "'s", "or more", "written". */
static size_t filler_at(const char *s, size_t len, size_t i)
{
    static const char *const jp[] = {"以上", "の期間", "より",          "まで",        "の",
                                     "'s",   "'",      "\xE2\x80\x99s", "\xE2\x80\x99"};
    static const char *const en[] = {"or more", "or longer", "of", "written"};
    size_t k, n;

    if ((n = spaces(s, len, i)) != 0)
        return n;
    for (k = 0; k < sizeof jp / sizeof jp[0]; k++)
        if (at(s, len, i, jp[k], strlen(jp[k])))
            return strlen(jp[k]);
    for (k = 0; k < sizeof en / sizeof en[0]; k++)
        if ((n = word_ci(s, len, i, en[k])) != 0)
            return n;
    return 0;
}

/* Bytes of filler skipped after a duration before the trigger must appear. */
#define NOTICE_FILLER_BYTES 16
/* Bytes after a duration introduced by 少なくとも / "at least" in which a trigger may appear. */
#define NOTICE_WINDOW_BYTES 36

static int followed_by_trigger(const char *s, size_t len, size_t end)
{
    size_t j = end, f;

    for (;;) {
        if (trigger_at(s, len, j))
            return 1;
        if ((f = filler_at(s, len, j)) == 0 || j + f - end > NOTICE_FILLER_BYTES)
            return 0;
        j += f;
    }
}

/* Words after which the period no longer reads as "before": 後, 以内, "after", "within". */
static int stopper_at(const char *s, size_t len, size_t i)
{
    return AT(s, len, i, "後") || AT(s, len, i, "以内") || AT(s, len, i, "。") || s[i] == '\n' ||
           s[i] == '.' || word_ci(s, len, i, "after") || word_ci(s, len, i, "within");
}

static int trigger_within(const char *s, size_t len, size_t end)
{
    size_t k = end;

    while (k < len && k - end < NOTICE_WINDOW_BYTES) {
        if (stopper_at(s, len, k))
            return 0;
        if (trigger_at(s, len, k))
            return 1;
        k += char_len(s, len, k);
    }
    return 0;
}

/*
 * Is start preceded by 少なくとも / "at least" / "not less than" (spaces and 、 allowed)?
 * If so, *at_p is set to where that qualifier begins.
 */
static int minimum_before(size_t *at_p, const char *s, size_t start)
{
    static const char *const jp[] = {"少なくとも", "最低でも", "最低"};
    static const char *const en[] = {"at least", "not less than", "no less than", "a minimum of",
                                     "minimum of"};
    size_t p = back_spaces(s, start), k;

    while (p > 0 && (ENDS(s, p, "、") || ENDS(s, p, ",")))
        p = back_spaces(s, p - (s[p - 1] == ',' ? 1 : sizeof("、") - 1));
    for (k = 0; k < sizeof jp / sizeof jp[0]; k++)
        if (ends(s, p, jp[k], strlen(jp[k]))) {
            *at_p = p - strlen(jp[k]);
            return 1;
        }
    for (k = 0; k < sizeof en / sizeof en[0]; k++)
        if (ends_word_ci(s, p, en[k])) {
            *at_p = p - strlen(en[k]);
            return 1;
        }
    return 0;
}

/* "notice of 30 days", "notice period of at least 90 days". */
static int notice_of_before(const char *s, size_t start)
{
    size_t p = start;
    minimum_before(&p, s, start);
    p = back_spaces(s, p);
    return ends_word_ci(s, p, "notice of") || ends_word_ci(s, p, "notice period of");
}

static int is_notice(const char *s, size_t len, const cl_duration *d)
{
    size_t p;

    /* 終了後30日, 通知後30日: a period after something, whatever follows. */
    if (ENDS(s, back_spaces(s, d->start), "後"))
        return 0;
    if (followed_by_trigger(s, len, d->end))
        return 1;
    if (minimum_before(&p, s, d->start) && trigger_within(s, len, d->end))
        return 1;
    return notice_of_before(s, d->start);
}

static int find(cl_duration *out, const char *s, size_t len, int notice)
{
    size_t i = 0, skip;
    cl_duration d;

    if (!out || !s)
        return 0;
    while (i < len) {
        /* Every number, 半 and "a"/"half" starts with an ASCII letter or digit or a lead byte
         * of E3 or above; anything else cannot start a duration. */
        if (!is_alnum(s[i]) && (unsigned char)s[i] < 0xE3) {
            i++;
            continue;
        }
        if (duration_at(&d, s, len, i, &skip)) {
            if (!notice || is_notice(s, len, &d)) {
                *out = d;
                return 1;
            }
            i = d.end;
            continue;
        }
        i += skip ? skip : char_len(s, len, i);
    }
    return 0;
}

int cl__duration_find(cl_duration *out, const char *s, size_t len)
{
    return find(out, s, len, 0);
}

int cl__duration_find_notice(cl_duration *out, const char *s, size_t len)
{
    return find(out, s, len, 1);
}
