/*
 * segment.c — from normalised text to articles, 項, 号 and sentences.
 *
 * One pass over the lines. A line may open an article (第N条, 第N条のM, Article N, an SLA
 * section "1.2" or "12. Title", a Markdown heading, 別紙/別表), a 項 (a number that continues
 * the article's count, or ② in the source), or a 号 ((1), 一, ア, (a)); the rest of the line
 * is body text, cut into sentences at 。！？ (and ". " in English) outside 「」 and (). A
 * hard-wrapped line that ends without a terminator continues into the next line unless that
 * line opens a new unit. Spans close when the next unit of their level (or above) opens.
 */
#include "segment.h"

#include <string.h>

#include "cl_limits.h"
#include "numeral.h"

typedef struct seg_state {
    cl_segments *out;
    size_t cap_articles, cap_clauses, cap_items, cap_sentences;
    int article, clause, item;
    unsigned clause_count; /* 項 seen in the current article */
    int articles_are_jo;   /* the document numbers its articles 第N条 */
    const char *text;      /* the normalised text being segmented */
    const char *decoded;
    const cl_offmap *map;
} seg_state;

#define GROW(arr, n, cap)                                                                          \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            size_t ncap_ = (cap) ? (cap)*2 : 64;                                                   \
            void *p_ = cl__realloc((arr), ncap_ * sizeof(*(arr)));                                 \
            if (!p_)                                                                               \
                return CL_ENOMEM;                                                                  \
            (arr) = p_;                                                                            \
            (cap) = ncap_;                                                                         \
        }                                                                                          \
    } while (0)

static uint32_t cp_at(const char *s, size_t len, size_t i, size_t *n)
{
    uint32_t cp = 0;
    size_t k = cl__utf8_decode(&cp, (const unsigned char *)s + i, len - i);
    if (k == 0) {
        k = 1;
        cp = 0xFFFD;
    }
    if (n)
        *n = k;
    return cp;
}

static int is_kanji_digit(uint32_t cp)
{
    static const uint32_t digits[] = {0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D,
                                      0x4E03, 0x516B, 0x4E5D, 0x5341, 0x767E, 0x5343};
    size_t i;
    for (i = 0; i < sizeof(digits) / sizeof(digits[0]); i++)
        if (cp == digits[i])
            return 1;
    return 0;
}

/* An arabic or kanji number at s[i..len): returns bytes consumed, 0 when none. */
static size_t parse_num(long *value, const char *s, size_t len, size_t i)
{
    size_t n;
    uint32_t cp;
    if (i >= len)
        return 0;
    if (s[i] >= '0' && s[i] <= '9') {
        long v = 0;
        size_t j = i;
        while (j < len && s[j] >= '0' && s[j] <= '9' && j - i < 9)
            v = v * 10 + (s[j++] - '0');
        *value = v;
        return j - i;
    }
    cp = cp_at(s, len, i, &n);
    if (!is_kanji_digit(cp))
        return 0;
    return cl__numeral_parse(value, s + i, len - i);
}

static int match_lit(const char *s, size_t len, size_t i, const char *lit)
{
    size_t n = strlen(lit);
    return i + n <= len && memcmp(s + i, lit, n) == 0;
}

static size_t skip_spaces(const char *s, size_t len, size_t i)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* The decoded source code point behind normalised offset off (for ① vs 1). */
static uint32_t source_cp(const seg_state *st, size_t off)
{
    size_t d;
    if (!st->decoded || !st->map)
        return 0;
    d = cl__offmap_start(st->map, off);
    return cp_at(st->decoded, d + 4, d, NULL);
}

/* Japanese when it has kana or kanji and is not mostly Latin letters; English when it has a
 * run of Latin words and no Japanese script; otherwise neither (numbers, headings). */
static unsigned char sentence_lang(const char *s, size_t len)
{
    size_t i = 0, cjk = 0, latin = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
                latin++;
            i++;
        } else {
            size_t n;
            uint32_t cp = cp_at(s, len, i, &n);
            if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x4E00 && cp <= 0x9FFF))
                cjk++;
            i += n;
        }
    }
    if (cjk && cjk * 4 >= latin)
        return CL_LANG_JA;
    if (latin >= 8 && cjk == 0)
        return CL_LANG_EN;
    return CL_LANG_NONE;
}

/* ---- units ---- */

static int open_article(seg_state *st, size_t start, const char *label, size_t label_len,
                        size_t hstart, size_t hend)
{
    cl_segments *o = st->out;
    cl_article *a;
    GROW(o->articles, o->narticles, st->cap_articles);
    a = &o->articles[o->narticles];
    memset(a, 0, sizeof(*a));
    a->span.start = a->span.end = start;
    a->heading.start = hstart;
    a->heading.end = hend;
    if (label_len >= sizeof(a->label))
        label_len = sizeof(a->label) - 1;
    memcpy(a->label, label, label_len);
    st->article = (int)o->narticles++;
    st->clause = st->item = -1;
    st->clause_count = 0;
    return 0;
}

static int open_clause(seg_state *st, size_t start, unsigned number)
{
    cl_segments *o = st->out;
    cl_clause *c;
    if (st->article < 0) { /* text before any article: an implicit, unlabelled one */
        int error = open_article(st, start, "", 0, start, start);
        if (error < 0)
            return error;
    }
    GROW(o->clauses, o->nclauses, st->cap_clauses);
    c = &o->clauses[o->nclauses];
    c->span.start = c->span.end = start;
    c->article = st->article;
    c->number = number;
    st->clause = (int)o->nclauses++;
    st->item = -1;
    st->clause_count = number;
    return 0;
}

static int open_item(seg_state *st, size_t start, const char *label)
{
    cl_segments *o = st->out;
    cl_item *it;
    int error;
    if (st->clause < 0 && (error = open_clause(st, start, 1)) < 0)
        return error;
    GROW(o->items, o->nitems, st->cap_items);
    it = &o->items[o->nitems];
    it->span.start = it->span.end = start;
    it->clause = st->clause;
    snprintf(it->label, sizeof(it->label), "%s", label);
    st->item = (int)o->nitems++;
    return 0;
}

/* Extends the open units to cover up to end. */
static void extend(seg_state *st, size_t end)
{
    cl_segments *o = st->out;
    if (st->article >= 0)
        o->articles[st->article].span.end = end;
    if (st->clause >= 0)
        o->clauses[st->clause].span.end = end;
    if (st->item >= 0)
        o->items[st->item].span.end = end;
}

static int add_sentence(seg_state *st, size_t start, size_t end)
{
    cl_segments *o = st->out;
    cl_sentence *s;
    /* trim spaces and line breaks at both ends: quotes start at the first character */
    while (start < end && (st->text[start] == ' ' || st->text[start] == '\n' ||
                           st->text[start] == '\t' || st->text[start] == '\v'))
        start++;
    while (end > start && (st->text[end - 1] == ' ' || st->text[end - 1] == '\n' ||
                           st->text[end - 1] == '\t' || st->text[end - 1] == '\v'))
        end--;
    if (end <= start)
        return 0;
    if (o->nsentences >= CL_MAX_SENTENCES)
        return CL_ELIMIT;
    if (st->article >= 0 && st->clause < 0) {
        int error = open_clause(st, start, 1);
        if (error < 0)
            return error;
    }
    GROW(o->sentences, o->nsentences, st->cap_sentences);
    s = &o->sentences[o->nsentences++];
    s->span.start = start;
    s->span.end = end;
    s->article = st->article;
    s->clause = st->clause;
    s->item = st->item;
    s->lang = sentence_lang(st->text + start, end - start);
    return 0;
}

/* ---- line classification ---- */

typedef enum { LINE_BODY, LINE_ARTICLE, LINE_CLAUSE, LINE_ITEM, LINE_BLANK } line_kind;

typedef struct line_info {
    line_kind kind;
    size_t body;         /* where the body text starts */
    char label[48];      /* article label or item label */
    size_t hstart, hend; /* heading span (articles) */
    unsigned number;     /* clause number */
} line_info;

/* (heading) right after an article number: returns the offset after ')', or 0. */
static size_t paren_heading(const char *s, size_t len, size_t i, size_t *hs, size_t *he)
{
    size_t j;
    const char *close = ")";
    size_t open_len = 1;
    if (match_lit(s, len, i, "【")) { /* 第10条【委託データの返還】 */
        close = "】";
        open_len = 3;
    } else if (i >= len || s[i] != '(') {
        return 0;
    }
    for (j = i + open_len; j < len && j - i < 200; j++) {
        if (match_lit(s, len, j, close)) {
            *hs = i + open_len;
            *he = j;
            return j + strlen(close);
        }
        if (s[j] == '\n')
            break;
    }
    return 0;
}

/* A line that is only "(見出し)" — the statute style puts an article's title on the line
 * above 第N条. Returns 1 and the title's span. */
static int title_only_line(const char *s, size_t len, size_t i, size_t end, size_t *hs, size_t *he)
{
    size_t k = paren_heading(s, len, i, hs, he);
    while (k && k < end && (s[k] == ' ' || s[k] == '\t'))
        k++;
    return k && k == end && *he - *hs <= 120;
}

static int try_jo(line_info *li, const char *s, size_t len, size_t i)
{
    long n = 0, m = 0;
    size_t k, j;
    if (!match_lit(s, len, i, "第"))
        return 0;
    j = i + 3;
    if (!(k = parse_num(&n, s, len, j)))
        return 0;
    j += k;
    j = skip_spaces(s, len, j);
    if (!match_lit(s, len, j, "条"))
        return 0;
    j += 3;
    if (match_lit(s, len, j, "の") && (k = parse_num(&m, s, len, j + 3)) > 0) {
        j += 3 + k;
        snprintf(li->label, sizeof(li->label), "第%ld条の%ld", n, m);
    } else {
        snprintf(li->label, sizeof(li->label), "第%ld条", n);
    }
    /* "第3条に定める" at a line start is a reference, not a heading: a heading is followed by
     * a space, '(' or the end of the line. */
    if (j < len && s[j] != ' ' && s[j] != '\t' && s[j] != '(' && s[j] != '\n' && s[j] != '\v' &&
        !match_lit(s, len, j, "【"))
        return 0;
    li->kind = LINE_ARTICLE;
    j = skip_spaces(s, len, j);
    if ((k = paren_heading(s, len, j, &li->hstart, &li->hend)) > 0)
        j = k;
    li->body = skip_spaces(s, len, j);
    return 1;
}

static int try_appendix(line_info *li, const char *s, size_t len, size_t i)
{
    size_t j = i, k;
    long n = 0;
    const char *word;
    if (match_lit(s, len, i, "別紙"))
        word = "別紙";
    else if (match_lit(s, len, i, "別表"))
        word = "別表";
    else
        return 0;
    j += 6;
    j = skip_spaces(s, len, j);
    k = parse_num(&n, s, len, j);
    /* Only a heading when nothing but a number / title follows (not "別紙に定める"). */
    if (k)
        snprintf(li->label, sizeof(li->label), "%s%ld", word, n);
    else if (j < len && s[j] != '\n' && s[j] != '(' && s[j] != ' ')
        return 0;
    else
        snprintf(li->label, sizeof(li->label), "%s", word);
    j += k;
    j = skip_spaces(s, len, j);
    li->kind = LINE_ARTICLE;
    li->hstart = j;
    li->hend = j;
    while (li->hend < len && s[li->hend] != '\n')
        li->hend++;
    li->body = li->hend;
    return 1;
}

/* Does s[a..b) read as a sentence rather than a title (a 。 inside, or a final '.')? */
static int has_terminator(const char *s, size_t a, size_t b)
{
    size_t i;
    for (i = a; i + 3 <= b; i++)
        if (match_lit(s, b, i, "。"))
            return 1;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r'))
        b--;
    return b > a + 1 && s[b - 1] == '.' && !(s[b - 2] >= '0' && s[b - 2] <= '9');
}

static size_t line_end(const char *s, size_t len, size_t i)
{
    while (i < len && s[i] != '\n')
        i++;
    return i;
}

/* Section numbers "1.", "1.2", "1.2.3", optionally after "Section"/"Article" / Markdown #. */
static int try_section(line_info *li, const char *s, size_t len, size_t i, int jo_doc)
{
    size_t j = i, end = line_end(s, len, i), numstart, numend;
    int markdown = 0, word = 0, dots = 0;
    size_t wordstart = 0;
    while (j < end && s[j] == '#') {
        j++;
        markdown = 1;
    }
    j = skip_spaces(s, len, j);
    wordstart = j;
    if (match_lit(s, len, j, "Section ") || match_lit(s, len, j, "SECTION ") ||
        match_lit(s, len, j, "Article ") || match_lit(s, len, j, "ARTICLE ")) {
        j += 8;
        word = 1;
    } else if (match_lit(s, len, j, "Clause ") || match_lit(s, len, j, "CLAUSE ")) {
        j += 7;
        word = 1;
    } else if (match_lit(s, len, j, "§")) { /* German and Austrian style: "§ 7 Term" */
        j = skip_spaces(s, len, j + 2);
        word = 1;
    }
    if (markdown) {
        size_t k;
        line_info tmp;
        memset(&tmp, 0, sizeof(tmp));
        if (try_jo(&tmp, s, len, j)) {
            *li = tmp;
            return 1;
        }
        numstart = j;
        while (j < end && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.'))
            j++;
        numend = j;
        while (numend > numstart && s[numend - 1] == '.')
            numend--;
        k = skip_spaces(s, len, j);
        li->kind = LINE_ARTICLE;
        if (numend > numstart)
            snprintf(li->label, sizeof(li->label), "%.*s", (int)(numend - numstart), s + numstart);
        else /* an unnumbered heading: its text is the label */
            snprintf(li->label, sizeof(li->label), "%.*s", (int)(end - k < 40 ? end - k : 40),
                     s + k);
        li->hstart = k;
        li->hend = end;
        li->body = end;
        return 1;
    }
    numstart = j;
    if (j >= end || s[j] < '0' || s[j] > '9')
        return 0;
    while (j < end && ((s[j] >= '0' && s[j] <= '9') ||
                       (s[j] == '.' && j + 1 < end && s[j + 1] >= '0' && s[j + 1] <= '9'))) {
        if (s[j] == '.')
            dots++;
        j++;
    }
    numend = j;
    if (j - numstart > 12)
        return 0;
    if (j < end && s[j] == '.')
        j++;
    else if (!dots && !word)
        return 0; /* "2 当社は" is a 項, not a section */
    if (j < end && s[j] != ' ' && s[j] != '\t' && !word)
        return 0;
    j = skip_spaces(s, len, j);
    /* In a 第N条 document, "1." lines are 項; elsewhere a single number is a section when the
     * line reads as a title (short, no sentence end), and "1.2" always is. */
    if (!dots && !word) {
        if (jo_doc || has_terminator(s, j, end) || cl__utf8_count(s + j, end - j) > 40 || j >= end)
            return 0;
    }
    if (dots && jo_doc && has_terminator(s, j, end))
        return 0;
    li->kind = LINE_ARTICLE;
    /* "Article 5" keeps its word (a bare "5" would read as a 項 number); "Section 9.2" is
     * "9.2" like any SLA section, so that 9 and 9.2 group into one article */
    if (word && match_lit(s, len, wordstart, "§"))
        snprintf(li->label, sizeof(li->label), "§%.*s", (int)(numend - numstart), s + numstart);
    else if (word && !dots && match_lit(s, len, wordstart, "Article"))
        snprintf(li->label, sizeof(li->label), "Article %.*s", (int)(numend - numstart),
                 s + numstart);
    else
        snprintf(li->label, sizeof(li->label), "%.*s", (int)(numend - numstart), s + numstart);
    li->hstart = j;
    /* Title up to the end of the line when it reads as a title, else no body split. */
    if (!has_terminator(s, j, end) && cl__utf8_count(s + j, end - j) <= 60) {
        li->hend = end;
        li->body = end;
    } else {
        size_t k;
        li->hend = j;
        if ((k = paren_heading(s, len, j, &li->hstart, &li->hend)) > 0)
            j = skip_spaces(s, len, k);
        li->body = j;
    }
    return 1;
}

static const char *const katakana_items[] = {"ア", "イ", "ウ", "エ", "オ", "カ", "キ",
                                             "ク", "ケ", "コ", "サ", "シ", "ス", "セ"};

static int try_item(line_info *li, const char *s, size_t len, size_t i, const seg_state *st)
{
    size_t j = i, k;
    long n = 0;
    size_t end = line_end(s, len, i);

    (void)st;
    /* (1) / (a) — ⑴ normalises to (1) as well, so the source character need not be read */
    if (j < end && s[j] == '(') {
        k = parse_num(&n, s, len, j + 1);
        if (k && j + 1 + k < end && s[j + 1 + k] == ')') {
            snprintf(li->label, sizeof(li->label), "第%ld号", n);
            li->kind = LINE_ITEM;
            li->body = skip_spaces(s, len, j + 2 + k);
            return 1;
        }
        if (j + 2 < end && s[j + 1] >= 'a' && s[j + 1] <= 'z' && s[j + 2] == ')') {
            snprintf(li->label, sizeof(li->label), "(%c)", s[j + 1]);
            li->kind = LINE_ITEM;
            li->body = skip_spaces(s, len, j + 3);
            return 1;
        }
        return 0;
    }
    /* 一 / 二 … followed by a space: a 号 of a statute-style list */
    k = parse_num(&n, s, len, j);
    if (k && !(s[j] >= '0' && s[j] <= '9') && j + k < end &&
        (s[j + k] == ' ' || s[j + k] == '\t')) {
        snprintf(li->label, sizeof(li->label), "第%ld号", n);
        li->kind = LINE_ITEM;
        li->body = skip_spaces(s, len, j + k);
        return 1;
    }
    /* ア / イ … followed by a space */
    for (k = 0; k < sizeof(katakana_items) / sizeof(katakana_items[0]); k++) {
        if (match_lit(s, len, j, katakana_items[k]) && j + 3 < end &&
            (s[j + 3] == ' ' || s[j + 3] == '\t' || s[j + 3] == '.')) {
            snprintf(li->label, sizeof(li->label), "%s", katakana_items[k]);
            li->kind = LINE_ITEM;
            li->body = skip_spaces(s, len, j + 4);
            return 1;
        }
    }
    return 0;
}

/* A 項 number: the next in the article's count, written "2 ", "2." or ② (in the source). */
static int try_clause(line_info *li, const char *s, size_t len, size_t i, const seg_state *st)
{
    long n = 0;
    size_t k;
    uint32_t src;
    if (st->article < 0)
        return 0;
    if (i >= len || s[i] < '0' || s[i] > '9')
        return 0;
    src = source_cp(st, i);
    k = parse_num(&n, s, len, i);
    if (!k || n < 1 || n > 99)
        return 0;
    if (src >= 0x2460 && src <= 0x2473) { /* ①..⑳ */
        li->kind = LINE_CLAUSE;
        li->number = (unsigned)n;
        li->body = skip_spaces(s, len, i + k);
        return 1;
    }
    if ((unsigned)n != st->clause_count + 1 && !(st->clause_count == 0 && n == 2) &&
        !(st->clause_count == 0 && n == 1))
        return 0;
    if (i + k < len && s[i + k] == '.')
        k++;
    if (i + k >= len || (s[i + k] != ' ' && s[i + k] != '\t'))
        return 0;
    li->kind = LINE_CLAUSE;
    li->number = (unsigned)n;
    li->body = skip_spaces(s, len, i + k);
    return 1;
}

static void classify(line_info *li, const char *s, size_t len, size_t i, const seg_state *st)
{
    size_t end = line_end(s, len, i);
    memset(li, 0, sizeof(*li));
    li->kind = LINE_BODY;
    i = skip_spaces(s, len, i);
    li->body = i;
    if (i >= end) {
        li->kind = LINE_BLANK;
        return;
    }
    if (try_jo(li, s, len, i) || try_appendix(li, s, len, i) ||
        try_section(li, s, len, i, st->articles_are_jo) || try_item(li, s, len, i, st) ||
        try_clause(li, s, len, i, st))
        return;
    /* bullets are markers, not text */
    if (match_lit(s, len, i, "・") || match_lit(s, len, i, "•") || match_lit(s, len, i, "●") ||
        match_lit(s, len, i, "○") || match_lit(s, len, i, "■") || match_lit(s, len, i, "□")) {
        size_t n;
        cp_at(s, len, i, &n);
        li->body = skip_spaces(s, len, i + n);
    } else if ((s[i] == '-' || s[i] == '*') && i + 1 < end && s[i + 1] == ' ') {
        li->body = skip_spaces(s, len, i + 2);
    }
}

/* ---- sentences ---- */

static int is_open_bracket(uint32_t cp)
{
    return cp == '(' || cp == 0x300C /*「*/ || cp == 0x300E /*『*/ || cp == 0x3010 /*【*/ ||
           cp == '[';
}

static int is_close_bracket(uint32_t cp)
{
    return cp == ')' || cp == 0x300D || cp == 0x300F || cp == 0x3011 || cp == ']';
}

/*
 * Cuts s[start..end) into sentences. *pending is the start of a sentence carried over from
 * the previous line (hard wrap), or (size_t)-1. Returns 0 or a negative error.
 */
static int split_sentences(seg_state *st, const char *s, size_t start, size_t end, size_t *pending,
                           int continue_after)
{
    size_t i = start, sent = *pending != (size_t)-1 ? *pending : start;
    int depth = 0;
    int error;

    while (i < end) {
        size_t n;
        uint32_t cp = cp_at(s, end, i, &n);
        int cut = 0;
        if (i > sent && i + n - sent > CL_MAX_SENTENCE_BYTES) {
            /* an endless line: cut it into bounded pieces, between characters */
            if ((error = add_sentence(st, sent, i)) < 0)
                return error;
            sent = i;
            depth = 0;
        }
        if (is_open_bracket(cp))
            depth++;
        else if (is_close_bracket(cp) && depth > 0)
            depth--;
        else if (cp == 0x3002 /*。*/ || cp == 0xFF01 || cp == 0xFF1F || cp == '!' || cp == '?')
            cut = depth == 0 || depth > 3; /* unbalanced brackets must not swallow the line */
        else if (cp == '.' && (i + 1 >= end || s[i + 1] == ' ') && i > start &&
                 (s[i - 1] < '0' || s[i - 1] > '9')) {
            /* English full stop: not after a digit ("1."), not in "e.g." / "i.e." */
            cut =
                depth == 0 &&
                !(i >= 3 && (memcmp(s + i - 3, "e.g", 3) == 0 || memcmp(s + i - 3, "i.e", 3) == 0));
        } else if (cp == '\v') {
            cut = 1;
        }
        i += n;
        if (cut) {
            /* closing quotes right after the terminator belong to the sentence */
            while (i < end && i - sent < CL_MAX_SENTENCE_BYTES - 3) {
                uint32_t c2 = cp_at(s, end, i, &n);
                if (c2 != 0x300D && c2 != ')' && c2 != 0x300F)
                    break;
                i += n;
            }
            if ((error = add_sentence(st, sent, i)) < 0)
                return error;
            while (i < end && (s[i] == ' ' || s[i] == '\t'))
                i++;
            sent = i;
            depth = 0;
        }
    }
    *pending = (size_t)-1;
    if (sent < end) {
        if (continue_after)
            *pending = sent;
        else if ((error = add_sentence(st, sent, end)) < 0)
            return error;
    }
    return 0;
}

static int pre_scan_jo(const char *s, size_t len)
{
    size_t i = 0;
    int count = 0;
    while (i < len) {
        line_info li;
        size_t j = skip_spaces(s, len, i);
        memset(&li, 0, sizeof(li));
        if (try_jo(&li, s, len, j) && ++count >= 2)
            return 1;
        i = line_end(s, len, i) + 1;
    }
    return 0;
}

int cl__segment(cl_segments *out, const char *norm, size_t len, const char *decoded,
                const cl_offmap *map, cl_error *err)
{
    seg_state st;
    size_t i = 0, pending = (size_t)-1, title_start = 0, title_end = 0;
    int error = 0;

    memset(out, 0, sizeof(*out));
    memset(&st, 0, sizeof(st));
    st.out = out;
    st.article = st.clause = st.item = -1;
    st.text = norm;
    st.decoded = decoded;
    st.map = map;
    st.articles_are_jo = pre_scan_jo(norm, len);

    while (i < len && !error) {
        size_t end = line_end(norm, len, i), next = end < len ? end + 1 : end;
        line_info li;
        int continues;

        classify(&li, norm, len, i, &st);
        /* "(見出し)" alone on a line, then 第N条 on the next: the title of that article */
        if (li.kind == LINE_BODY && pending == (size_t)-1) {
            size_t hs, he, b = skip_spaces(norm, len, i);
            if (title_only_line(norm, len, b, end, &hs, &he) && next < len) {
                line_info nl;
                classify(&nl, norm, len, next, &st);
                if (nl.kind == LINE_ARTICLE && nl.hend == nl.hstart &&
                    strncmp(nl.label, "第", 3) == 0) {
                    title_start = hs;
                    title_end = he;
                    extend(&st, next);
                    i = next;
                    continue;
                }
            }
        }
        if (li.kind != LINE_BODY && li.kind != LINE_BLANK && pending != (size_t)-1) {
            /* a new unit starts: the carried-over sentence ends where its line ended */
            size_t pend = i;
            while (pend > pending && (norm[pend - 1] == '\n' || norm[pend - 1] == ' '))
                pend--;
            error = add_sentence(&st, pending, pend);
            pending = (size_t)-1;
            if (error)
                break;
        }
        if (li.kind == LINE_BLANK && pending != (size_t)-1) {
            size_t pend = i;
            while (pend > pending && (norm[pend - 1] == '\n' || norm[pend - 1] == ' '))
                pend--;
            if ((error = add_sentence(&st, pending, pend)) < 0)
                break;
            pending = (size_t)-1;
        }
        switch (li.kind) {
        case LINE_ARTICLE:
            if (title_end > title_start && li.hend == li.hstart) {
                li.hstart = title_start;
                li.hend = title_end;
            }
            error = open_article(&st, i, li.label, strlen(li.label), li.hstart, li.hend);
            title_start = title_end = 0;
            break;
        case LINE_CLAUSE:
            error = open_clause(&st, li.body, li.number);
            break;
        case LINE_ITEM:
            error = open_item(&st, li.body, li.label);
            break;
        default:
            break;
        }
        if (error)
            break;
        if (li.kind != LINE_BLANK && li.body < end) {
            /* A long line without a sentence end wraps into the next one (hard-wrapped text),
             * unless it ends with ':' (a lead-in or a key-value line). */
            size_t tail = end;
            while (tail > li.body && norm[tail - 1] == ' ')
                tail--;
            continues = next < len && cl__utf8_count(norm + li.body, tail - li.body) >= 30 &&
                        tail > li.body && norm[tail - 1] != ':' &&
                        !has_terminator(norm, tail >= 3 ? tail - 3 : 0, tail) &&
                        norm[tail - 1] != '.';
            error = split_sentences(&st, norm, li.body, tail, &pending, continues);
        }
        extend(&st, next);
        i = next;
    }
    if (!error && pending != (size_t)-1) {
        size_t pend = len;
        while (pend > pending && (norm[pend - 1] == '\n' || norm[pend - 1] == ' '))
            pend--;
        error = add_sentence(&st, pending, pend);
    }
    if (error) {
        cl__segments_dispose(out);
        return cl__error_set(
            err, error, error == CL_ELIMIT ? "more than %u sentences" : "out of memory segmenting",
            (unsigned)CL_MAX_SENTENCES);
    }
    return 0;
}

void cl__segments_dispose(cl_segments *segs)
{
    cl__free(segs->articles);
    cl__free(segs->clauses);
    cl__free(segs->items);
    cl__free(segs->sentences);
    memset(segs, 0, sizeof(*segs));
}

void cl__segments_path(char *buf, size_t size, const cl_segments *segs, size_t sentence)
{
    const cl_sentence *s;
    const cl_article *a;
    size_t n;
    if (!size)
        return;
    buf[0] = '\0';
    if (sentence >= segs->nsentences)
        return;
    s = &segs->sentences[sentence];
    if (s->article < 0)
        return;
    a = &segs->articles[s->article];
    n = (size_t)snprintf(buf, size, "%s", a->label);
    if (n >= size)
        return;
    if (s->clause >= 0) {
        const cl_clause *c = &segs->clauses[s->clause];
        /* 第1項 is named only when the article has more than one 項 (legal convention) */
        int several = c->number > 1 || ((size_t)s->clause + 1 < segs->nclauses &&
                                        segs->clauses[s->clause + 1].article == s->article);
        if (several && a->label[0] && strncmp(a->label, "第", 3) == 0)
            n += (size_t)snprintf(buf + n, size - n, "第%u項", c->number);
        else if (several && a->label[0])
            n += (size_t)snprintf(buf + n, size - n, "(%u)", c->number);
    }
    if (n < size && s->item >= 0)
        snprintf(buf + n, size - n, "%s", segs->items[s->item].label);
}
