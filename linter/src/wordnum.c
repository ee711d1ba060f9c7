/*
 * wordnum.c — Word's automatic list numbering: the labels ("第3条", "（2）", "①", "ア") that
 * Word draws in front of numbered paragraphs but never stores in document.xml.
 *
 * docx.c parses numbering.xml and styles.xml and hands the definitions over through the
 * cl__wordnum_add_* calls; then it asks for each paragraph's label in reading order. The
 * counters follow Word: one set per abstract list, shared by every w:num that points at it,
 * except that a w:num with a w:lvlOverride keeps a set of its own (that is how Word restarts
 * a list); a level starts again when a shallower level of its list advances (w:lvlRestart
 * can change that). Paragraph styles reach a list through their own w:numPr, following
 * w:basedOn, and abstract lists defined through a numbering style (w:numStyleLink) are
 * followed to the list that holds the levels.
 *
 * Memory is bounded: strings go to one pool, and the number of definitions is capped so a
 * hostile numbering.xml cannot make us allocate much more than its own size.
 */
#include "cl_limits.h"
#include "source.h"

#include <stdlib.h>
#include <string.h>

#define NLVL 9 /* w:ilvl 0..8 */

/* Bytes of all the strings numbering.xml and styles.xml give us (ids, formats, lvlText). */
#define POOL_MAX (16u * 1024u * 1024u)
/* Longest string kept from one attribute: lvlText is short; ids are short. */
#define STR_MAX 255u
/* w:basedOn and w:numStyleLink chains are followed this far (they may loop). */
#define MAX_HOPS 32

typedef uint32_t str; /* offset in the pool; 0 is "" */

typedef struct level_def {
    long start;
    int restart;
    unsigned char defined, is_lgl;
    str fmt, text, pstyle;
} level_def;

typedef struct counters {
    long val[NLVL];
    unsigned started; /* bit i: level i has been used since it last restarted */
} counters;

typedef struct abs_def {
    long id;
    str link; /* w:numStyleLink */
    level_def lv[NLVL];
    counters cs;
} abs_def;

typedef struct num_def {
    long id;
    long abs;
    level_def lv[NLVL];  /* w:lvlOverride/w:lvl, where defined */
    long start_ov[NLVL]; /* w:startOverride */
    unsigned has_start;  /* bit i: start_ov[i] is set */
    int own;             /* has overrides: counts on its own */
    counters cs;
} num_def;

typedef struct style_def {
    str id, based;
    long num;
    int ilvl;
} style_def;

struct cl_wordnum {
    cl_buf pool;
    abs_def *abs;
    size_t nabs, capabs;
    num_def *nums;
    size_t nnums, capnums;
    style_def *styles;
    size_t nstyles, capstyles;
    str default_style;
    int sorted; /* the three arrays are sorted for bsearch (set lazily at the first label) */
};

/* ---- storage ---------------------------------------------------------------------------- */

int cl__wordnum_new(cl_wordnum **out)
{
    cl_wordnum *wn = cl__calloc(1, sizeof(*wn));
    if (!wn)
        return CL_ENOMEM;
    wn->pool.max = POOL_MAX;
    if (cl__buf_putc(&wn->pool, '\0') < 0) { /* offset 0 is the empty string */
        cl__free(wn);
        return CL_ENOMEM;
    }
    *out = wn;
    return 0;
}

void cl__wordnum_free(cl_wordnum *wn)
{
    if (!wn)
        return;
    cl__buf_dispose(&wn->pool);
    cl__free(wn->abs);
    cl__free(wn->nums);
    cl__free(wn->styles);
    cl__free(wn);
}

static const char *S(const cl_wordnum *wn, str s)
{
    return wn->pool.ptr + s;
}

/* Copies s (cut at STR_MAX bytes) into the pool; NULL and "" are 0. */
static int intern(cl_wordnum *wn, str *out, const char *s)
{
    size_t n;
    int error;

    *out = 0;
    if (!s || !*s)
        return 0;
    n = strlen(s);
    if (n > STR_MAX) {
        n = STR_MAX;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--; /* never cut a UTF-8 sequence */
    }
    if (wn->pool.len > UINT32_MAX - n - 1)
        return CL_ELIMIT;
    *out = (str)wn->pool.len;
    if ((error = cl__buf_put(&wn->pool, s, n)) < 0 || (error = cl__buf_putc(&wn->pool, '\0')) < 0)
        return error;
    return 0;
}

/* Grows an array of elements of size sz by one slot; returns the slot or NULL (see *error). */
static void *grow(void **arr, size_t *n, size_t *cap, size_t sz, int *error)
{
    char *p;
    if (*n >= CL_MAX_WORD_NUMBERING_DEFS) {
        *error = CL_ELIMIT;
        return NULL;
    }
    if (*n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        void *q = cl__realloc(*arr, ncap * sz);
        if (!q) {
            *error = CL_ENOMEM;
            return NULL;
        }
        *arr = q;
        *cap = ncap;
    }
    p = (char *)*arr + *n * sz;
    memset(p, 0, sz);
    (*n)++;
    return p;
}

static int set_lvl(cl_wordnum *wn, level_def *l, const cl_wordnum_level *src)
{
    int error;
    l->defined = 1;
    l->start = src->start;
    l->restart = src->restart;
    l->is_lgl = src->is_lgl ? 1 : 0;
    if ((error = intern(wn, &l->fmt, src->fmt)) < 0 ||
        (error = intern(wn, &l->text, src->text)) < 0 ||
        (error = intern(wn, &l->pstyle, src->pstyle)) < 0)
        return error;
    return 0; /* text 0 (absent or empty lvlText): the level draws no label */
}

/* The definitions of one list arrive together, so looking at the last one is enough while
 * parsing; a repeated id later in the file simply makes a second entry. */
static abs_def *abs_for_add(cl_wordnum *wn, long id, int *error)
{
    abs_def *a;
    if (wn->nabs && wn->abs[wn->nabs - 1].id == id)
        return &wn->abs[wn->nabs - 1];
    a = grow((void **)&wn->abs, &wn->nabs, &wn->capabs, sizeof(*a), error);
    if (a)
        a->id = id;
    wn->sorted = 0;
    return a;
}

static num_def *num_for_add(cl_wordnum *wn, long id, int *error)
{
    num_def *n;
    if (wn->nnums && wn->nums[wn->nnums - 1].id == id)
        return &wn->nums[wn->nnums - 1];
    n = grow((void **)&wn->nums, &wn->nnums, &wn->capnums, sizeof(*n), error);
    if (n) {
        n->id = id;
        n->abs = -1;
    }
    wn->sorted = 0;
    return n;
}

int cl__wordnum_add_level(cl_wordnum *wn, long abstract_id, int ilvl, const cl_wordnum_level *lvl)
{
    int error = 0;
    abs_def *a;
    if (ilvl < 0 || ilvl >= NLVL)
        return 0; /* Word ignores levels outside 0..8 */
    if (!(a = abs_for_add(wn, abstract_id, &error)))
        return error;
    return set_lvl(wn, &a->lv[ilvl], lvl);
}

int cl__wordnum_add_link(cl_wordnum *wn, long abstract_id, const char *style_id)
{
    int error = 0;
    abs_def *a = abs_for_add(wn, abstract_id, &error);
    if (!a)
        return error;
    return intern(wn, &a->link, style_id);
}

int cl__wordnum_add_num(cl_wordnum *wn, long num_id, long abstract_id)
{
    int error = 0;
    num_def *n = num_for_add(wn, num_id, &error);
    if (!n)
        return error;
    n->abs = abstract_id;
    return 0;
}

int cl__wordnum_add_override(cl_wordnum *wn, long num_id, int ilvl, const long *start,
                             const cl_wordnum_level *lvl)
{
    int error = 0;
    num_def *n;
    if (ilvl < 0 || ilvl >= NLVL || (!start && !lvl))
        return 0;
    if (!(n = num_for_add(wn, num_id, &error)))
        return error;
    n->own = 1;
    if (start) {
        n->start_ov[ilvl] = *start;
        n->has_start |= 1u << ilvl;
    }
    return lvl ? set_lvl(wn, &n->lv[ilvl], lvl) : 0;
}

int cl__wordnum_add_style(cl_wordnum *wn, const char *style_id, const char *based_on, long num_id,
                          int ilvl, int is_default)
{
    int error = 0;
    style_def *s;
    if (!style_id || !*style_id)
        return 0;
    if (!(s = grow((void **)&wn->styles, &wn->nstyles, &wn->capstyles, sizeof(*s), &error)))
        return error;
    wn->sorted = 0;
    s->num = num_id;
    s->ilvl = ilvl;
    if ((error = intern(wn, &s->id, style_id)) < 0 || (error = intern(wn, &s->based, based_on)) < 0)
        return error;
    if (is_default && !wn->default_style)
        wn->default_style = s->id;
    return 0;
}

/* ---- lookup ----------------------------------------------------------------------------- */

static int cmp_long(long a, long b)
{
    return a < b ? -1 : a > b;
}
static int cmp_abs(const void *a, const void *b)
{
    return cmp_long(((const abs_def *)a)->id, ((const abs_def *)b)->id);
}
static int cmp_num(const void *a, const void *b)
{
    return cmp_long(((const num_def *)a)->id, ((const num_def *)b)->id);
}
/*
 * Styles compare by their id in the pool; qsort's comparator has no context argument and a
 * file-static pool pointer would not be thread-safe, hence a small merge sort (also stable,
 * so the first definition of a repeated id wins, as in Word).
 */
static void sort_styles(style_def *s, size_t n, const char *pool, style_def *tmp)
{
    size_t mid, i, j, k;
    if (n < 2)
        return;
    mid = n / 2;
    sort_styles(s, mid, pool, tmp);
    sort_styles(s + mid, n - mid, pool, tmp);
    for (i = 0, j = mid, k = 0; i < mid && j < n; k++)
        tmp[k] = strcmp(pool + s[j].id, pool + s[i].id) < 0 ? s[j++] : s[i++];
    while (i < mid)
        tmp[k++] = s[i++];
    while (j < n)
        tmp[k++] = s[j++];
    memcpy(s, tmp, n * sizeof(*s));
}

static int ensure_sorted(cl_wordnum *wn)
{
    if (wn->sorted)
        return 0;
    /* Lists have unique ids in a sane file; in an insane one any match will do. */
    if (wn->nabs > 1)
        qsort(wn->abs, wn->nabs, sizeof(*wn->abs), cmp_abs);
    if (wn->nnums > 1)
        qsort(wn->nums, wn->nnums, sizeof(*wn->nums), cmp_num);
    if (wn->nstyles > 1) {
        style_def *tmp = cl__malloc(wn->nstyles * sizeof(*tmp));
        if (!tmp)
            return CL_ENOMEM;
        sort_styles(wn->styles, wn->nstyles, wn->pool.ptr, tmp);
        cl__free(tmp);
    }
    wn->sorted = 1;
    return 0;
}

static abs_def *find_abs(cl_wordnum *wn, long id)
{
    abs_def key;
    key.id = id;
    return wn->nabs ? bsearch(&key, wn->abs, wn->nabs, sizeof(key), cmp_abs) : NULL;
}

static num_def *find_num(cl_wordnum *wn, long id)
{
    num_def key;
    key.id = id;
    return wn->nnums ? bsearch(&key, wn->nums, wn->nnums, sizeof(key), cmp_num) : NULL;
}

static style_def *find_style(cl_wordnum *wn, const char *id)
{
    size_t lo = 0, hi = wn->nstyles;
    if (!id || !*id)
        return NULL;
    while (lo < hi) { /* lower bound: the first of equal ids */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(S(wn, wn->styles[mid].id), id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < wn->nstyles && strcmp(S(wn, wn->styles[lo].id), id) == 0 ? &wn->styles[lo] : NULL;
}

static int has_levels(const abs_def *a)
{
    int i;
    for (i = 0; i < NLVL; i++)
        if (a->lv[i].defined)
            return 1;
    return 0;
}

/* The abstract list that holds the levels of num n, through numbering styles if need be. */
static abs_def *resolve_abs(cl_wordnum *wn, const num_def *n)
{
    abs_def *a = find_abs(wn, n->abs);
    int hops = 0;
    while (a && !has_levels(a) && a->link && hops++ < MAX_HOPS) {
        style_def *s = find_style(wn, S(wn, a->link));
        num_def *n2 = s && s->num > 0 ? find_num(wn, s->num) : NULL;
        a = n2 ? find_abs(wn, n2->abs) : NULL;
    }
    return a;
}

/* ---- number formats --------------------------------------------------------------------- */

static int put_str(cl_buf *out, const char *s)
{
    return cl__buf_puts(out, s);
}

static int put_decimal(cl_buf *out, long v)
{
    return cl__buf_printf(out, "%ld", v);
}

/* Kanji numerals: 十二, 百五, 千, 一万二千 (counting), or 壱拾弐 (legal). */
static int put_kanji(cl_buf *out, long v, int legal)
{
    static const char *const digit[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    static const char *const ldigit[] = {"〇", "壱", "弐", "参", "四",
                                         "伍", "六", "七", "八", "九"};
    static const char *const unit[] = {"", "十", "百", "千"};
    static const char *const lunit[] = {"", "拾", "百", "阡"};
    static const char *const big[] = {"", "万", "億"};
    static const char *const lbig[] = {"", "萬", "億"};
    const char *const *dg = legal ? ldigit : digit;
    int group, error;

    if (v <= 0 || v >= 1000000000000L)
        return v == 0 ? put_str(out, dg[0]) : put_decimal(out, v);
    for (group = 2; group >= 0; group--) {
        long g = v, p;
        int k;
        for (k = 0; k < group; k++)
            g /= 10000;
        g %= 10000;
        if (g == 0)
            continue;
        for (k = 3, p = 1000; k >= 0; k--, p /= 10) {
            long d = (g / p) % 10;
            if (d == 0)
                continue;
            /* Counting drops 一 before 十, 百, 千 (十二, 百, 千) but keeps it alone (一万). */
            if ((d > 1 || k == 0 || legal) && (error = put_str(out, dg[d])) < 0)
                return error;
            if ((error = put_str(out, (legal ? lunit : unit)[k])) < 0)
                return error;
        }
        if ((error = put_str(out, (legal ? lbig : big)[group])) < 0)
            return error;
    }
    return 0;
}

/* Digit by digit: 一〇, 二五. */
static int put_ideograph_digits(cl_buf *out, long v)
{
    static const char *const digit[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    char tmp[32];
    int n, i, error;
    if (v < 0)
        return put_decimal(out, v);
    n = snprintf(tmp, sizeof(tmp), "%ld", v);
    for (i = 0; i < n; i++)
        if ((error = put_str(out, digit[tmp[i] - '0'])) < 0)
            return error;
    return 0;
}

static int put_fullwidth_digits(cl_buf *out, long v)
{
    char tmp[32];
    int n, i, error;
    n = snprintf(tmp, sizeof(tmp), "%ld", v);
    for (i = 0; i < n; i++) {
        uint32_t cp = tmp[i] == '-' ? 0xFF0D : 0xFF10 + (uint32_t)(tmp[i] - '0');
        if ((error = cl__buf_put_cp(out, cp)) < 0)
            return error;
    }
    return 0;
}

/* A symbol from a table of n (1-based), repeated as Word does after the table runs out
 * (A … Z, AA … ZZ, AAA …; ア … ン, アア …). */
static int put_cycled(cl_buf *out, long v, const char *const *table, long n)
{
    long times, i;
    int error;
    if (v <= 0)
        return put_decimal(out, v);
    times = (v - 1) / n + 1;
    if (times > 8) /* Word gives up on absurd values too; keep labels short */
        return put_decimal(out, v);
    for (i = 0; i < times; i++)
        if ((error = put_str(out, table[(v - 1) % n])) < 0)
            return error;
    return 0;
}

static int put_letter(cl_buf *out, long v, char base)
{
    long times, i;
    int error;
    if (v <= 0)
        return put_decimal(out, v);
    times = (v - 1) / 26 + 1;
    if (times > 8)
        return put_decimal(out, v);
    for (i = 0; i < times; i++)
        if ((error = cl__buf_putc(out, (char)(base + (v - 1) % 26))) < 0)
            return error;
    return 0;
}

static int put_roman(cl_buf *out, long v, int upper)
{
    static const struct {
        long v;
        const char *u, *l;
    } r[] = {{1000, "M", "m"}, {900, "CM", "cm"}, {500, "D", "d"}, {400, "CD", "cd"},
             {100, "C", "c"},  {90, "XC", "xc"},  {50, "L", "l"},  {40, "XL", "xl"},
             {10, "X", "x"},   {9, "IX", "ix"},   {5, "V", "v"},   {4, "IV", "iv"},
             {1, "I", "i"}};
    size_t i;
    int error;
    if (v <= 0 || v >= 4000)
        return put_decimal(out, v);
    for (i = 0; i < sizeof(r) / sizeof(r[0]); i++)
        while (v >= r[i].v) {
            if ((error = put_str(out, upper ? r[i].u : r[i].l)) < 0)
                return error;
            v -= r[i].v;
        }
    return 0;
}

/* A code point from a run of n enclosed forms starting at first (1-based), else decimal. */
static int put_enclosed(cl_buf *out, long v, uint32_t first, long n)
{
    if (v < 1 || v > n)
        return put_decimal(out, v);
    return cl__buf_put_cp(out, first + (uint32_t)(v - 1));
}

static const char *const aiueo_full[] = {
    "ア", "イ", "ウ", "エ", "オ", "カ", "キ", "ク", "ケ", "コ", "サ", "シ", "ス", "セ", "ソ", "タ",
    "チ", "ツ", "テ", "ト", "ナ", "ニ", "ヌ", "ネ", "ノ", "ハ", "ヒ", "フ", "ヘ", "ホ", "マ", "ミ",
    "ム", "メ", "モ", "ヤ", "ユ", "ヨ", "ラ", "リ", "ル", "レ", "ロ", "ワ", "ヲ", "ン"};
static const char *const aiueo_half[] = {"ｱ", "ｲ", "ｳ", "ｴ", "ｵ", "ｶ", "ｷ", "ｸ", "ｹ", "ｺ", "ｻ", "ｼ",
                                         "ｽ", "ｾ", "ｿ", "ﾀ", "ﾁ", "ﾂ", "ﾃ", "ﾄ", "ﾅ", "ﾆ", "ﾇ", "ﾈ",
                                         "ﾉ", "ﾊ", "ﾋ", "ﾌ", "ﾍ", "ﾎ", "ﾏ", "ﾐ", "ﾑ", "ﾒ", "ﾓ", "ﾔ",
                                         "ﾕ", "ﾖ", "ﾗ", "ﾘ", "ﾙ", "ﾚ", "ﾛ", "ﾜ", "ｦ", "ﾝ"};
static const char *const iroha_full[] = {
    "イ", "ロ", "ハ", "ニ", "ホ", "ヘ", "ト", "チ", "リ", "ヌ", "ル", "ヲ", "ワ", "カ", "ヨ", "タ",
    "レ", "ソ", "ツ", "ネ", "ナ", "ラ", "ム", "ウ", "ヰ", "ノ", "オ", "ク", "ヤ", "マ", "ケ", "フ",
    "コ", "エ", "テ", "ア", "サ", "キ", "ユ", "メ", "ミ", "シ", "ヱ", "ヒ", "モ", "セ", "ス"};
/* Half-width katakana has no ヰ ヱ: Word writes ｲ and ｴ for them. */
static const char *const iroha_half[] = {"ｲ", "ﾛ", "ﾊ", "ﾆ", "ﾎ", "ﾍ", "ﾄ", "ﾁ", "ﾘ", "ﾇ", "ﾙ", "ｦ",
                                         "ﾜ", "ｶ", "ﾖ", "ﾀ", "ﾚ", "ｿ", "ﾂ", "ﾈ", "ﾅ", "ﾗ", "ﾑ", "ｳ",
                                         "ｲ", "ﾉ", "ｵ", "ｸ", "ﾔ", "ﾏ", "ｹ", "ﾌ", "ｺ", "ｴ", "ﾃ", "ｱ",
                                         "ｻ", "ｷ", "ﾕ", "ﾒ", "ﾐ", "ｼ", "ｴ", "ﾋ", "ﾓ", "ｾ", "ｽ"};
static const char *const jikkan[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
static const char *const zodiac[] = {"子", "丑", "寅", "卯", "辰", "巳",
                                     "午", "未", "申", "酉", "戌", "亥"};

#define COUNT(a) ((long)(sizeof(a) / sizeof((a)[0])))

int cl__wordnum_format(cl_buf *out, const char *fmt, long value)
{
    if (!fmt || !*fmt || !strcmp(fmt, "decimal") || !strcmp(fmt, "decimalHalfWidth"))
        return put_decimal(out, value);
    if (!strcmp(fmt, "none") || !strcmp(fmt, "bullet"))
        return 0;
    if (!strcmp(fmt, "decimalZero"))
        return cl__buf_printf(out, value >= 0 && value < 10 ? "0%ld" : "%ld", value);
    if (!strcmp(fmt, "decimalFullWidth") || !strcmp(fmt, "decimalFullWidth2"))
        return put_fullwidth_digits(out, value);
    if (!strcmp(fmt, "decimalEnclosedCircle") || !strcmp(fmt, "decimalEnclosedCircleChinese"))
        return put_enclosed(out, value, 0x2460, 20); /* ① … ⑳, then Word writes digits */
    if (!strcmp(fmt, "decimalEnclosedParen"))
        return put_enclosed(out, value, 0x2474, 20); /* ⑴ … ⒇ */
    if (!strcmp(fmt, "decimalEnclosedFullstop"))
        return put_enclosed(out, value, 0x2488, 20); /* ⒈ … ⒛ */
    if (!strcmp(fmt, "ideographEnclosedCircle"))
        return put_enclosed(out, value, 0x3280, 10); /* ㊀ … ㊉ */
    if (!strcmp(fmt, "japaneseCounting") || !strcmp(fmt, "chineseCounting") ||
        !strcmp(fmt, "chineseCountingThousand") || !strcmp(fmt, "taiwaneseCounting") ||
        !strcmp(fmt, "taiwaneseCountingThousand"))
        return put_kanji(out, value, 0);
    if (!strcmp(fmt, "japaneseLegal"))
        return put_kanji(out, value, 1);
    if (!strcmp(fmt, "ideographDigital") || !strcmp(fmt, "japaneseDigitalTenThousand") ||
        !strcmp(fmt, "taiwaneseDigital"))
        return put_ideograph_digits(out, value);
    if (!strcmp(fmt, "aiueoFullWidth"))
        return put_cycled(out, value, aiueo_full, COUNT(aiueo_full));
    if (!strcmp(fmt, "aiueo")) /* the standard's aiueo and iroha are half-width katakana */
        return put_cycled(out, value, aiueo_half, COUNT(aiueo_half));
    if (!strcmp(fmt, "irohaFullWidth"))
        return put_cycled(out, value, iroha_full, COUNT(iroha_full));
    if (!strcmp(fmt, "iroha"))
        return put_cycled(out, value, iroha_half, COUNT(iroha_half));
    if (!strcmp(fmt, "ideographTraditional"))
        return value >= 1 && value <= COUNT(jikkan) ? put_str(out, jikkan[value - 1])
                                                    : put_decimal(out, value);
    if (!strcmp(fmt, "ideographZodiac"))
        return value >= 1 && value <= COUNT(zodiac) ? put_str(out, zodiac[value - 1])
                                                    : put_decimal(out, value);
    if (!strcmp(fmt, "upperLetter"))
        return put_letter(out, value, 'A');
    if (!strcmp(fmt, "lowerLetter"))
        return put_letter(out, value, 'a');
    if (!strcmp(fmt, "upperRoman"))
        return put_roman(out, value, 1);
    if (!strcmp(fmt, "lowerRoman"))
        return put_roman(out, value, 0);
    if (!strcmp(fmt, "ordinal")) {
        long t = value % 100, u = value % 10;
        const char *suf = (t >= 11 && t <= 13) ? "th"
                          : u == 1             ? "st"
                          : u == 2             ? "nd"
                          : u == 3             ? "rd"
                                               : "th";
        return cl__buf_printf(out, "%ld%s", value, suf);
    }
    /* cardinalText, hebrew, thai, …: the number itself still lets the segmenter count. */
    return put_decimal(out, value);
}

/* ---- labels ----------------------------------------------------------------------------- */

/* The definition of level i in list n (its override first, then the abstract list's). */
static const level_def *level_of(const num_def *n, const abs_def *a, int i)
{
    if (n->lv[i].defined)
        return &n->lv[i];
    return a->lv[i].defined ? &a->lv[i] : NULL;
}

static long start_of(const num_def *n, const abs_def *a, int i)
{
    const level_def *l;
    if (n->has_start & (1u << i))
        return n->start_ov[i];
    l = level_of(n, a, i);
    return l ? l->start : 0;
}

/* Paragraph style -> (numId, ilvl) through w:basedOn; -1 where no style in the chain says. */
static void style_numbering(cl_wordnum *wn, const char *style_id, long *num, int *ilvl)
{
    const style_def *s = find_style(wn, style_id);
    int hops = 0;
    *num = -1;
    *ilvl = -1;
    while (s && hops++ < MAX_HOPS) {
        if (*num < 0 && s->num >= 0)
            *num = s->num;
        if (*ilvl < 0 && s->ilvl >= 0)
            *ilvl = s->ilvl;
        if (*num >= 0 && *ilvl >= 0)
            break;
        s = s->based ? find_style(wn, S(wn, s->based)) : NULL;
    }
}

int cl__wordnum_label(cl_wordnum *wn, cl_buf *out, const char *style_id, long num_id, int ilvl)
{
    long snum;
    int silvl, i, error;
    num_def *n;
    abs_def *a;
    counters *cs;
    const level_def *l;
    const char *t;

    if ((error = ensure_sorted(wn)) < 0)
        return error;
    if (!style_id || !*style_id)
        style_id = wn->default_style ? S(wn, wn->default_style) : NULL;
    style_numbering(wn, style_id, &snum, &silvl);
    if (num_id < 0)
        num_id = snum;
    if (num_id <= 0) /* numId 0: explicitly not numbered */
        return 0;
    if (!(n = find_num(wn, num_id)) || !(a = resolve_abs(wn, n)))
        return 0;
    if (ilvl < 0)
        ilvl = silvl;
    if (ilvl < 0 && style_id) {
        /* A style linked from a level (w:lvl/w:pStyle) is numbered at that level. */
        for (i = 0; i < NLVL; i++) {
            l = level_of(n, a, i);
            if (l && l->pstyle && !strcmp(S(wn, l->pstyle), style_id)) {
                ilvl = i;
                break;
            }
        }
    }
    if (ilvl < 0)
        ilvl = 0;
    if (ilvl >= NLVL || !(l = level_of(n, a, ilvl)))
        return 0;

    /* Advance: this level counts on, deeper levels start again. */
    cs = n->own ? &n->cs : &a->cs;
    cs->val[ilvl] = (cs->started & (1u << ilvl)) ? cs->val[ilvl] + 1 : start_of(n, a, ilvl);
    cs->started |= 1u << ilvl;
    for (i = ilvl + 1; i < NLVL; i++) {
        const level_def *d = level_of(n, a, i);
        int r = d ? d->restart : -1;
        if (r < 0 || (r > 0 && ilvl < r))
            cs->started &= ~(1u << i);
    }

    if (!l->text || !strcmp(S(wn, l->fmt), "bullet"))
        return 0;
    /* Render lvlText: %1 … %9 are the current numbers of levels 0 … 8. */
    for (t = S(wn, l->text); *t; t++) {
        if (t[0] == '%' && t[1] >= '1' && t[1] <= '9') {
            int k = t[1] - '1';
            const level_def *kl = level_of(n, a, k);
            long v = (cs->started & (1u << k)) ? cs->val[k] : start_of(n, a, k);
            const char *fmt = kl ? S(wn, kl->fmt) : "decimal";
            if (l->is_lgl && strcmp(fmt, "none") != 0)
                fmt = "decimal";
            if ((error = cl__wordnum_format(out, fmt, v)) < 0)
                return error;
            t++;
        } else if ((error = cl__buf_putc(out, *t)) < 0) {
            return error;
        }
    }
    return 0;
}
