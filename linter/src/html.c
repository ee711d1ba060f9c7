/*
 * html.c — the HTML reader: a vendor's terms page as paragraphs of UTF-8 text.
 *
 * Three steps. First the charset: a BOM wins, then a forced encoding, then a <meta> charset
 * found by a byte-level prescan, then UTF-8 when the bytes are valid UTF-8, else CP932.
 * Non-UTF-8 input is converted with ICU before parsing, so undecodable bytes are reported
 * with their file offset instead of libxml2 quietly cutting the document short, and so
 * Shift_JIS is decoded the way the text reader decodes it (CP932, with ① and ㈱).
 * Then libxml2's forgiving HTML parser builds a tree (no network, no stderr). Last, an
 * iterative walk turns block elements into paragraphs (cl__source_begin_para), joins inline
 * elements, collapses white space the way a browser does, and skips what a reader of the
 * page never sees: scripts, navigation, headers and footers, forms, hidden elements.
 */
#include "source.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#include <unicode/ucnv.h>
#include <unicode/utf16.h>

#include "cl_limits.h"

/*
 * What a <br>, or a newline inside <pre>, becomes: a line break that does not start a new
 * paragraph record (the brief for this reader). source.h's header comment says '\v' for
 * Word; if the pipeline settles on '\v', this is the one place to change.
 */
#define LINE_BREAK '\n'

/* How far into the file a <meta charset> is looked for. The HTML standard says 1024 bytes;
 * CMS-built terms pages often put scripts and styles first, so look a little further. */
#define META_SCAN_BYTES 4096

/* libxml2 takes the input size as an int. <limits.h> is out of reach: with -I src,
 * "limits.h" below shadows it, so INT_MAX is spelt for the 32-bit int of our platforms. */
#define PARSE_MAX_BYTES ((size_t)INT32_MAX)

#define PARSE_OPTIONS                                                                              \
    (HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |           \
     HTML_PARSE_IGNORE_ENC)

/* ---- charset ------------------------------------------------------------------------- */

typedef struct charset {
    char name[32]; /* reported in out->encoding */
    char icu[32];  /* ICU converter name; "" = the bytes are UTF-8 already */
    int declared;  /* a BOM, the user or the page named it (so invalid bytes are an error) */
    int from_meta; /* ... and it was the page's <meta>, which can be stale */
} charset;

/* Japanese labels (WHATWG Encoding names and the aliases seen on terms pages). Shift_JIS is
 * decoded as windows-31j: pages labelled Shift_JIS use the NEC/IBM extensions (①, ㈱, Ⅰ). */
static const struct {
    const char *label, *name, *icu;
} known_labels[] = {
    {"utf-8", "UTF-8", ""},
    {"utf8", "UTF-8", ""},
    {"unicode-1-1-utf-8", "UTF-8", ""},
    {"shift_jis", "Shift_JIS", "windows-31j"},
    {"shift-jis", "Shift_JIS", "windows-31j"},
    {"sjis", "Shift_JIS", "windows-31j"},
    {"x-sjis", "Shift_JIS", "windows-31j"},
    {"ms_kanji", "Shift_JIS", "windows-31j"},
    {"csshiftjis", "Shift_JIS", "windows-31j"},
    {"windows-31j", "CP932", "windows-31j"},
    {"cswindows31j", "CP932", "windows-31j"},
    {"cp932", "CP932", "windows-31j"},
    {"ms932", "CP932", "windows-31j"},
    {"x-ms-cp932", "CP932", "windows-31j"},
    {"windows-932", "CP932", "windows-31j"},
    {"euc-jp", "EUC-JP", "EUC-JP"},
    {"eucjp", "EUC-JP", "EUC-JP"},
    {"x-euc-jp", "EUC-JP", "EUC-JP"},
    {"cseucpkdfmtjapanese", "EUC-JP", "EUC-JP"},
    {"iso-2022-jp", "ISO-2022-JP", "ISO-2022-JP"},
    {"csiso2022jp", "ISO-2022-JP", "ISO-2022-JP"},
    {"utf-16le", "UTF-16LE", "UTF-16LE"},
    {"utf-16be", "UTF-16BE", "UTF-16BE"},
    {"utf-16", "UTF-16", "UTF-16"},
};

static unsigned char lower(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Does b[0..len) start with the ASCII word w, ignoring case? */
static int starts_ci(const unsigned char *b, size_t len, const char *w)
{
    size_t i;
    for (i = 0; w[i]; i++)
        if (i >= len || lower(b[i]) != (unsigned char)w[i])
            return 0;
    return 1;
}

/*
 * Resolves a charset label (any case, surrounding space allowed) into cs. Unknown labels are
 * tried on ICU, which knows the IANA names. Returns 1 when the label is usable, else 0.
 */
static int resolve_label(charset *cs, const char *label, size_t len)
{
    char key[32];
    size_t i, n = 0;
    UErrorCode st = U_ZERO_ERROR;
    UConverter *cv;

    while (len && is_space((unsigned char)*label))
        label++, len--;
    while (len && is_space((unsigned char)label[len - 1]))
        len--;
    if (len == 0 || len >= sizeof(key))
        return 0;
    for (i = 0; i < len; i++)
        key[n++] = (char)lower((unsigned char)label[i]);
    key[n] = '\0';
    for (i = 0; i < sizeof(known_labels) / sizeof(known_labels[0]); i++) {
        if (strcmp(key, known_labels[i].label) == 0) {
            snprintf(cs->name, sizeof(cs->name), "%s", known_labels[i].name);
            snprintf(cs->icu, sizeof(cs->icu), "%s", known_labels[i].icu);
            return 1;
        }
    }
    /* An encoding name is a token: refuse anything else before ICU (which is lenient about
     * what it ignores) can accept it, so no control byte or newline from the page reaches an
     * error message or the report. */
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)key[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.' || c == ':' || c == '+'))
            return 0;
    }
    cv = ucnv_open(key, &st);
    if (U_FAILURE(st) || !cv)
        return 0;
    ucnv_close(cv);
    snprintf(cs->name, sizeof(cs->name), "%.*s", (int)len, label);
    snprintf(cs->icu, sizeof(cs->icu), "%s", key);
    return 1;
}

/* Reads one attribute at b[*pos..len) (the HTML prescan's "get an attribute"). Returns 0 at
 * '>' or the end; name/value point into b (value unquoted). */
static int next_attr(const unsigned char *b, size_t len, size_t *pos, const unsigned char **name,
                     size_t *nlen, const unsigned char **value, size_t *vlen)
{
    size_t i = *pos;

    while (i < len && (is_space(b[i]) || b[i] == '/'))
        i++;
    if (i >= len || b[i] == '>')
        return 0;
    *name = b + i;
    while (i < len && !is_space(b[i]) && b[i] != '=' && b[i] != '>' && b[i] != '/')
        i++;
    *nlen = (size_t)(b + i - *name);
    *value = b + i;
    *vlen = 0;
    while (i < len && is_space(b[i]))
        i++;
    if (i < len && b[i] == '=') {
        i++;
        while (i < len && is_space(b[i]))
            i++;
        if (i < len && (b[i] == '"' || b[i] == '\'')) {
            unsigned char q = b[i++];
            *value = b + i;
            while (i < len && b[i] != q)
                i++;
            *vlen = (size_t)(b + i - *value);
            if (i < len)
                i++;
        } else {
            *value = b + i;
            while (i < len && !is_space(b[i]) && b[i] != '>')
                i++;
            *vlen = (size_t)(b + i - *value);
        }
    }
    *pos = i;
    return 1;
}

/* The charset in a Content-Type value such as "text/html; charset=Shift_JIS". */
static int charset_from_content(charset *cs, const unsigned char *v, size_t n)
{
    size_t i, j;
    for (i = 0; i + 7 <= n; i++) {
        if (!starts_ci(v + i, n - i, "charset"))
            continue;
        j = i + 7;
        while (j < n && is_space(v[j]))
            j++;
        if (j >= n || v[j] != '=')
            continue;
        j++;
        while (j < n && is_space(v[j]))
            j++;
        if (j < n && (v[j] == '"' || v[j] == '\''))
            j++;
        i = j;
        while (j < n && v[j] != ';' && v[j] != '"' && v[j] != '\'' && !is_space(v[j]))
            j++;
        return resolve_label(cs, (const char *)v + i, j - i);
    }
    return 0;
}

/*
 * Looks for <meta charset=…> or <meta http-equiv=Content-Type content=…charset=…> in the
 * first META_SCAN_BYTES, skipping comments. Returns 1 and fills cs when one is found.
 */
static int prescan_meta(charset *cs, const unsigned char *b, size_t len)
{
    size_t i = 0;

    if (len > META_SCAN_BYTES)
        len = META_SCAN_BYTES;
    while (i < len) {
        if (b[i] != '<') {
            i++;
            continue;
        }
        if (starts_ci(b + i, len - i, "<!--")) {
            i += 4;
            while (i < len && !starts_ci(b + i, len - i, "-->"))
                i++;
            i += 3;
            continue;
        }
        if (starts_ci(b + i, len - i, "<meta") && i + 5 < len &&
            (is_space(b[i + 5]) || b[i + 5] == '/')) {
            const unsigned char *name, *value, *content = NULL;
            size_t nlen, vlen, clen = 0, pos = i + 5;
            int http_equiv = 0;
            while (next_attr(b, len, &pos, &name, &nlen, &value, &vlen)) {
                if (nlen == 7 && starts_ci(name, nlen, "charset")) {
                    if (resolve_label(cs, (const char *)value, vlen))
                        return 1;
                } else if (nlen == 10 && starts_ci(name, nlen, "http-equiv")) {
                    http_equiv = vlen == 12 && starts_ci(value, vlen, "content-type");
                } else if (nlen == 7 && starts_ci(name, nlen, "content")) {
                    content = value;
                    clen = vlen;
                }
            }
            if (http_equiv && content && charset_from_content(cs, content, clen))
                return 1;
            i = pos;
            continue;
        }
        i++;
    }
    return 0;
}

static int is_ascii(const unsigned char *b, size_t len)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (b[i] >= 0x80)
            return 0;
    return 1;
}

/*
 * Chooses the charset. *bom is the length of a byte order mark to skip. A forced encoding
 * that nobody knows is the caller's mistake: CL_EENCODING.
 */
static int choose_charset(charset *cs, size_t *bom, const unsigned char *b, size_t len,
                          const char *forced, cl_error *err)
{
    memset(cs, 0, sizeof(*cs));
    *bom = 0;
    if (len >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) {
        *bom = 3;
        resolve_label(cs, "utf-8", 5);
    } else if (len >= 2 && b[0] == 0xFF && b[1] == 0xFE) {
        *bom = 2;
        resolve_label(cs, "utf-16le", 8);
    } else if (len >= 2 && b[0] == 0xFE && b[1] == 0xFF) {
        *bom = 2;
        resolve_label(cs, "utf-16be", 8);
    } else if (forced) {
        if (!resolve_label(cs, forced, strlen(forced)))
            return cl__error_set(err, CL_EENCODING, "unknown encoding '%s'", forced);
    } else if (prescan_meta(cs, b, len)) {
        /* A page cannot declare UTF-16 in ASCII bytes; the HTML standard reads it as UTF-8. */
        if (strncmp(cs->name, "UTF-16", 6) == 0)
            resolve_label(cs, "utf-8", 5);
        cs->from_meta = 1;
    } else {
        resolve_label(cs, "utf-8", 5);
        cs->declared = 0;
        return 0;
    }
    cs->declared = 1;
    return 0;
}

/*
 * Converts b[0..len) from cs->icu to UTF-8, appending to out. Bytes that do not decode give
 * CL_EENCODING with err->offset = base + their offset (base: the bytes before b in the file).
 */
static int to_utf8(cl_buf *out, const unsigned char *b, size_t len, const charset *cs, size_t base,
                   cl_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    UConverter *cv = ucnv_open(cs->icu, &st);
    const char *src = (const char *)b, *lim = (const char *)b + len;
    UChar u[1024];
    UChar lead = 0; /* a high surrogate whose pair is in the next chunk */
    int error = 0;

    if (U_FAILURE(st) || !cv)
        return cl__error_set(err, CL_EENCODING, "no converter for encoding %s", cs->name);
    ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &st);
    for (;;) {
        UChar *t = u;
        int32_t i, n;

        st = U_ZERO_ERROR;
        ucnv_toUnicode(cv, &t, u + sizeof(u) / sizeof(u[0]), &src, lim, NULL, 1, &st);
        n = (int32_t)(t - u);
        for (i = 0; i < n && error == 0; i++) {
            uint32_t cp = u[i];
            if (lead) {
                cp = U16_IS_TRAIL(u[i]) ? (uint32_t)U16_GET_SUPPLEMENTARY(lead, u[i]) : 0xFFFD;
                lead = 0;
            } else if (U16_IS_LEAD(u[i])) {
                lead = u[i];
                continue;
            }
            error = cl__buf_put_cp(out, cp);
        }
        if (error < 0)
            break;
        if (st == U_BUFFER_OVERFLOW_ERROR)
            continue;
        if (U_FAILURE(st)) {
            char bad[32];
            int8_t nbad = (int8_t)sizeof(bad);
            UErrorCode st2 = U_ZERO_ERROR;
            size_t at;
            ucnv_getInvalidChars(cv, bad, &nbad, &st2);
            at = (size_t)(src - (const char *)b);
            at -= U_SUCCESS(st2) && (size_t)nbad <= at ? (size_t)nbad : 0;
            error = cl__error_set(err, CL_EENCODING, "bytes that are not %s at offset %zu",
                                  cs->name, base + at);
            if (err)
                err->offset = (long long)(base + at);
            break;
        }
        if (lead)
            error = cl__buf_put_cp(out, 0xFFFD);
        break;
    }
    ucnv_close(cv);
    if (error == CL_ENOMEM)
        cl__error_set(err, error, "out of memory decoding HTML");
    else if (error == CL_ELIMIT)
        cl__error_set(err, error, "HTML larger than %zu bytes once decoded", out->max);
    return error;
}

/* ---- libxml2 ------------------------------------------------------------------------- */

/* What the parser said, kept instead of printed. */
typedef struct parse_status {
    int nomem;     /* an allocation failed inside libxml2 */
    int too_deep;  /* libxml2's own depth limit (xmlParserMaxDepth) stopped the parse */
    int huge_text; /* one run of text above XML_MAX_TEXT_LENGTH stopped the parse */
    char first[128];
} parse_status;

#if LIBXML_VERSION >= 21200
static void on_xml_error(void *payload, const xmlError *e)
#else
static void on_xml_error(void *payload, xmlErrorPtr e)
#endif
{
    parse_status *ps = payload;
    const char *msg = e && e->message ? e->message : "";

    if (!e)
        return;
    if (strstr(msg, "huge text node"))
        ps->huge_text = 1; /* libxml2 reports it as an allocation failure */
    else if (e->code == XML_ERR_NO_MEMORY)
        ps->nomem = 1;
    else if (e->code == XML_ERR_INTERNAL_ERROR && strstr(msg, "Excessive depth"))
        ps->too_deep = 1;
    if (e->level == XML_ERR_FATAL && ps->first[0] == '\0') {
        size_t n = strcspn(msg, "\r\n");
        snprintf(ps->first, sizeof(ps->first), "%.*s", (int)n, msg);
    }
}

/* A few libxml2 messages bypass the structured handler and go to the generic channel. */
static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* The smaller of our depth limit and the one libxml2 enforces without XML_PARSE_HUGE. */
static unsigned depth_limit(void)
{
    return xmlParserMaxDepth < CL_MAX_XML_DEPTH ? xmlParserMaxDepth : CL_MAX_XML_DEPTH;
}

/*
 * Parses UTF-8 HTML into *doc (caller frees with xmlFreeDoc). Errors are routed to ps
 * through the thread's structured handler for the duration of the parse, then restored, so
 * nothing reaches stderr and the embedding program's handlers survive.
 */
static int parse(xmlDocPtr *doc, const char *html, size_t len, cl_error *err)
{
    parse_status ps;
    xmlStructuredErrorFunc old_s;
    xmlGenericErrorFunc old_g;
    void *old_sctx, *old_gctx;
    htmlParserCtxtPtr ctxt;
    int stopped, error = 0;

    *doc = NULL;
    if (len > PARSE_MAX_BYTES)
        return cl__error_set(err, CL_ELIMIT, "HTML larger than %zu bytes", PARSE_MAX_BYTES);
    memset(&ps, 0, sizeof(ps));
    xmlInitParser();
    old_s = xmlStructuredError;
    old_sctx = xmlStructuredErrorContext;
    old_g = xmlGenericError;
    old_gctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(&ps, on_xml_error);
    xmlSetGenericErrorFunc(NULL, quiet);

    ctxt = htmlNewParserCtxt();
    if (ctxt) {
        *doc = htmlCtxtReadMemory(ctxt, html, (int)len, NULL, "UTF-8", PARSE_OPTIONS);
        /* Under HTML_PARSE_RECOVER only xmlStopParser sets this: the tree is cut short. */
        stopped = ctxt->disableSAX != 0;
        htmlFreeParserCtxt(ctxt);
    } else {
        ps.nomem = 1;
        stopped = 1;
    }

    xmlSetStructuredErrorFunc(old_sctx, old_s);
    xmlSetGenericErrorFunc(old_gctx, old_g);

    if (ps.too_deep)
        error = cl__error_set(err, CL_ELIMIT, "HTML nested deeper than %u elements", depth_limit());
    else if (ps.huge_text)
        error = cl__error_set(err, CL_ELIMIT, "HTML has a run of text longer than %d bytes",
                              XML_MAX_TEXT_LENGTH);
    else if (ps.nomem)
        error = cl__error_set(err, CL_ENOMEM, "out of memory parsing HTML");
    else if (!*doc)
        error = cl__error_set(err, CL_EFORMAT, "cannot parse HTML: %s",
                              ps.first[0] ? ps.first : "no document");
    else if (stopped)
        error = cl__error_set(err, CL_EFORMAT, "HTML parsing stopped early: %s",
                              ps.first[0] ? ps.first : "unknown reason");
    if (error < 0 && *doc) {
        xmlFreeDoc(*doc);
        *doc = NULL;
    }
    return error;
}

/* ---- elements ------------------------------------------------------------------------ */

typedef enum {
    K_INLINE = 0, /* joins the current paragraph (span, a, b, ruby, unknown elements) */
    K_BLOCK,      /* starts and ends a paragraph */
    K_PRE,        /* a block whose white space is kept */
    K_TABLE,      /* a block whose text is CL_PART_TABLE */
    K_BR,
    K_DROP /* never read, nor anything inside */
} kind;

/* Element names by kind, each between spaces so that one strstr finds a whole name. */
static const char *const names_of[] = {
    /* K_INLINE is the default: span, a, b, strong, em, ruby, font, unknown elements. */
    [K_INLINE] = "",
    /* parenthesised: one string split over lines, not a missing comma (clang asks) */
    [K_BLOCK] = (" address article blockquote body caption center dd details dialog dir div dl"
                 " dt fieldset figcaption figure h1 h2 h3 h4 h5 h6 hgroup hr html legend li"
                 " main menu ol p section summary tbody td tfoot th thead tr ul "),
    [K_PRE] = " pre listing xmp plaintext textarea ",
    [K_TABLE] = " table ",
    [K_BR] = " br ",
    /* Not part of what the page says: code, chrome, controls, embedded documents; and the
     * ruby annotations, so that 約款(やっかん) reads 約款. */
    [K_DROP] = " script style noscript template nav header footer aside form button select"
               " iframe object svg head title datalist canvas audio video embed rt rp rtc ",
};

static kind name_kind(const xmlChar *name)
{
    char key[16];
    size_t n = name ? strlen((const char *)name) : 0;
    int k;

    if (n == 0 || n + 3 > sizeof(key))
        return K_INLINE;
    key[0] = ' ';
    memcpy(key + 1, name, n);
    key[n + 1] = ' ';
    key[n + 2] = '\0';
    for (k = K_BLOCK; k <= K_DROP; k++)
        if (strstr(names_of[k], key))
            return (kind)k;
    return K_INLINE;
}

/* The value of an attribute as libxml2's HTML parser stores it: one text child. */
static const char *attr_text(const xmlAttr *a)
{
    if (a->children && a->children->type == XML_TEXT_NODE && a->children->content)
        return (const char *)a->children->content;
    return "";
}

/* Does the inline style declare `prop:value` (any case, any white space around ':')? */
static int style_declares(const char *style, const char *decl)
{
    size_t i;
    int at_start = 1; /* only a property name right after ';' or the start counts */

    for (i = 0; style[i]; i++) {
        unsigned char c = (unsigned char)style[i];
        if (c == ';') {
            at_start = 1;
            continue;
        }
        if (is_space(c))
            continue;
        if (at_start) {
            size_t j = i, k = 0;
            while (decl[k] && style[j]) {
                if (is_space((unsigned char)style[j])) {
                    j++;
                    continue;
                }
                if (lower((unsigned char)style[j]) != (unsigned char)decl[k])
                    break;
                j++, k++;
            }
            if (decl[k] == '\0') {
                while (is_space((unsigned char)style[j]))
                    j++;
                if (style[j] == '\0' || style[j] == ';' || style[j] == '!')
                    return 1;
            }
        }
        at_start = 0;
    }
    return 0;
}

/*
 * Hidden from the reader of the page: the hidden attribute, aria-hidden="true", or an inline
 * style that hides it (display:none, visibility:hidden, and Word's own mso-hide:all).
 */
static int is_hidden(const xmlNode *n)
{
    const xmlAttr *a;
    for (a = n->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        if (!name)
            continue;
        if (strcmp(name, "hidden") == 0)
            return 1;
        if (strcmp(name, "aria-hidden") == 0) {
            const char *v = attr_text(a);
            size_t len;
            while (is_space((unsigned char)*v))
                v++;
            len = strlen(v);
            while (len && is_space((unsigned char)v[len - 1]))
                len--;
            if (len == 4 && starts_ci((const unsigned char *)v, len, "true"))
                return 1;
        }
        if (strcmp(name, "style") == 0) {
            const char *v = attr_text(a);
            if (style_declares(v, "display:none") || style_declares(v, "visibility:hidden") ||
                style_declares(v, "mso-hide:all"))
                return 1;
        }
    }
    return 0;
}

/* ---- text ---------------------------------------------------------------------------- */

typedef struct walker {
    cl_source *out;
    cl_error *err;
    int open;       /* a paragraph has been started and has text */
    int space;      /* collapsible white space since the last character */
    int segbreak;   /* ... and it held a line ending */
    size_t breaks;  /* line breaks (<br>, newlines in pre) since the last character */
    cl_buf pend;    /* spaces and tabs since the last character, inside pre */
    int after_cr;   /* inside pre, the last character was '\r' (CRLF is one break) */
    uint32_t last;  /* last code point written to the open paragraph */
    unsigned pre;   /* open pre-like elements */
    unsigned table; /* open tables */
} walker;

/*
 * East Asian wide characters (CJK, kana, full-width forms), Hangul aside. A line ending
 * between two of them is dropped instead of becoming a space (CSS Text 3, segment break
 * transformation), so "データを\n返還する" in the source reads "データを返還する", as the
 * browser shows it, and phrase rules still match.
 */
static int is_wide(uint32_t c)
{
    return (c >= 0x2E80 && c <= 0x303E) ||
           (c >= 0x3041 && c <= 0x33FF && !(c >= 0x3130 && c <= 0x318F)) ||
           (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF01 && c <= 0xFF9F) || (c >= 0xFFE0 && c <= 0xFFEE) ||
           (c >= 0x20000 && c <= 0x3FFFD);
}

static void clear_pending(walker *w)
{
    w->space = w->segbreak = 0;
    w->breaks = 0;
    cl__buf_clear(&w->pend);
}

static void end_para(walker *w)
{
    w->open = 0;
    w->after_cr = 0;
    clear_pending(w);
}

/* Gives buffer errors their message, once, where they happen. */
static int fail(walker *w, int error)
{
    if (error == CL_ELIMIT)
        return cl__error_set(w->err, error, "HTML text longer than %zu bytes", w->out->text.max);
    if (error == CL_ENOMEM)
        return cl__error_set(w->err, error, "out of memory reading HTML");
    return error;
}

/*
 * Called before a character that is not white space: opens a paragraph if none is open
 * (white space before it is dropped: trimmed at the block's start), else writes the white
 * space seen since the last character.
 */
static int flush(walker *w, uint32_t next)
{
    cl_buf *t = &w->out->text;
    int error = 0;
    size_t i;

    if (!w->open) {
        if (t->len > 0)
            error = cl__buf_putc(t, '\n');
        if (!error)
            error = cl__source_begin_para(w->out, w->table ? CL_PART_TABLE : CL_PART_BODY);
        w->open = 1;
    } else if (w->breaks || w->pend.len) {
        for (i = 0; i < w->breaks && !error; i++)
            error = cl__buf_putc(t, LINE_BREAK);
        if (!error && w->pend.len)
            error = cl__buf_put(t, w->pend.ptr, w->pend.len);
    } else if (w->space && !(w->segbreak && is_wide(w->last) && is_wide(next))) {
        error = cl__buf_putc(t, ' ');
    }
    clear_pending(w);
    return error < 0 ? fail(w, error) : 0;
}

/* Writes s[0..n), a run of characters none of which is white space. */
static int put_run(walker *w, const unsigned char *s, size_t n)
{
    uint32_t first = 0xFFFD;
    size_t k;
    int error;

    if (cl__utf8_decode(&first, s, n) == 0)
        first = 0xFFFD;
    if ((error = flush(w, first)) < 0)
        return error;
    if ((error = cl__buf_put(&w->out->text, s, n)) < 0)
        return fail(w, error);
    k = n - 1;
    while (k > 0 && (s[k] & 0xC0) == 0x80)
        k--;
    if (cl__utf8_decode(&w->last, s + k, n - k) == 0)
        w->last = 0xFFFD;
    return 0;
}

static int is_nbsp(const unsigned char *s, size_t i, size_t n)
{
    return s[i] == 0xC2 && i + 1 < n && s[i + 1] == 0xA0;
}

/* Length of the run at s[i..n) with no white space and no NBSP. */
static size_t run_length(const unsigned char *s, size_t i, size_t n)
{
    size_t j = i;
    while (j < n && !is_space(s[j]) && !is_nbsp(s, j, n)) {
        size_t k = cl__utf8_len(s[j]);
        j += k <= n - j ? k : n - j;
    }
    return j - i;
}

/* Appends the text of one text node (UTF-8 from libxml2, entities already decoded). */
static int put_text(walker *w, const unsigned char *s, size_t n)
{
    size_t i = 0;
    int error;

    while (i < n) {
        unsigned char c = s[i];
        size_t run;

        if (w->pre) {
            if (c == '\n' || c == '\r') {
                if (!(c == '\n' && w->after_cr))
                    w->breaks++;
                w->after_cr = c == '\r';
                cl__buf_clear(&w->pend); /* spaces at a line's end are dropped */
                i++;
                continue;
            }
            w->after_cr = 0;
            if (c == ' ' || c == '\t' || c == '\f' || is_nbsp(s, i, n)) {
                if ((error = cl__buf_putc(&w->pend, c == '\t' ? '\t' : ' ')) < 0)
                    return fail(w, error);
                i += c == 0xC2 ? 2 : 1;
                continue;
            }
        } else if (is_space(c) || is_nbsp(s, i, n)) {
            w->space = 1;
            if (c == '\n' || c == '\r')
                w->segbreak = 1;
            i += c == 0xC2 ? 2 : 1;
            continue;
        }
        run = run_length(s, i, n);
        if ((error = put_run(w, s + i, run)) < 0)
            return error;
        i += run;
    }
    return 0;
}

/* Entering an element that is read. */
static void enter(walker *w, kind k)
{
    switch (k) {
    case K_BR:
        if (w->open) {
            w->breaks++;
            w->space = w->segbreak = 0; /* white space around a line break is dropped */
            cl__buf_clear(&w->pend);
        }
        break;
    case K_PRE:
        end_para(w);
        w->pre++;
        break;
    case K_TABLE:
        end_para(w);
        w->table++;
        break;
    case K_BLOCK:
        end_para(w);
        break;
    case K_INLINE:
    case K_DROP:
        break;
    }
}

static void leave(walker *w, kind k)
{
    switch (k) {
    case K_PRE:
        end_para(w);
        w->pre--;
        break;
    case K_TABLE:
        end_para(w);
        w->table--;
        break;
    case K_BLOCK:
        end_para(w);
        break;
    case K_INLINE:
    case K_BR:
    case K_DROP:
        break;
    }
}

/*
 * Walks the tree in document order without recursion (parent/next pointers), so depth costs
 * no stack; elements deeper than the limit are refused rather than read.
 */
static int walk(walker *w, xmlDocPtr doc)
{
    xmlNodePtr node = doc->children;
    unsigned depth = 1; /* of node: the root element is at depth 1 */
    int error;

    while (node) {
        int descend = 0;

        if (node->type == XML_ELEMENT_NODE) {
            kind k = name_kind(node->name);
            if (depth > CL_MAX_XML_DEPTH)
                return cl__error_set(w->err, CL_ELIMIT, "HTML nested deeper than %u elements",
                                     depth_limit());
            if (k != K_DROP && !is_hidden(node)) {
                enter(w, k);
                if (node->children)
                    descend = 1;
                else
                    leave(w, k);
            }
        } else if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
            if (node->content &&
                (error = put_text(w, node->content, strlen((const char *)node->content))) < 0)
                return error;
        }
        /* Comments, processing instructions and the DTD are not text. */

        if (descend) {
            node = node->children;
            depth++;
            continue;
        }
        while (node && !node->next) {
            node = node->parent;
            depth--;
            if (!node || node == (xmlNodePtr)doc || node->type != XML_ELEMENT_NODE) {
                node = NULL;
                break;
            }
            leave(w, name_kind(node->name));
        }
        if (node)
            node = node->next;
    }
    return 0;
}

/* ---- the reader ---------------------------------------------------------------------- */

int cl__html_read(cl_source *out, const unsigned char *bytes, size_t len,
                  const cl_read_options *opt, cl_error *err)
{
    charset cs;
    size_t bom, bad;
    const unsigned char *body;
    size_t blen;
    cl_buf utf8 = CL_BUF_INIT(PARSE_MAX_BYTES);
    const char *html;
    size_t hlen;
    xmlDocPtr doc = NULL;
    walker w;
    int error;

    if (!out || (!bytes && len))
        return cl__error_set(err, CL_EINVAL, "cl__html_read: no output or no input");
    if (!bytes)
        bytes = (const unsigned char *)""; /* so that bytes + bom is defined */
    if ((error = choose_charset(&cs, &bom, bytes, len, opt ? opt->encoding : NULL, err)) < 0)
        return error;
    body = bytes + bom;
    blen = len - bom;

    if (cs.icu[0] && cs.from_meta && !is_ascii(body, blen) &&
        cl__utf8_validate(body, blen) == blen) {
        /* A stale <meta>: pages re-saved as UTF-8 keep their old declaration. Shift_JIS or
         * EUC-JP Japanese text is practically never valid UTF-8, so valid UTF-8 with
         * multibyte characters is UTF-8 whatever the page says (ISO-2022-JP is 7-bit and
         * never takes this path). */
        resolve_label(&cs, "utf-8", 5);
        out->encoding_guessed = 1;
    }
    if (cs.icu[0] == '\0' && (bad = cl__utf8_validate(body, blen)) < blen) {
        if (cs.declared) {
            if (err)
                err->offset = (long long)(bom + bad);
            return cl__error_set(err, CL_EENCODING, "bytes that are not UTF-8 at offset %zu",
                                 bom + bad);
        }
        /* Nothing declared and not UTF-8: Japanese pages of that kind are Shift_JIS. */
        resolve_label(&cs, "windows-31j", 11);
        out->encoding_guessed = 1;
    }
    if (cs.icu[0]) {
        if ((error = to_utf8(&utf8, body, blen, &cs, bom, err)) < 0)
            goto done;
        html = utf8.ptr ? utf8.ptr : "";
        hlen = utf8.len;
    } else {
        html = (const char *)body;
        hlen = blen;
    }

    out->format = "html";
    out->src_base = bom;
    snprintf(out->encoding, sizeof(out->encoding), "%s", cs.name);
    if (hlen == 0)
        goto done; /* an empty page is an empty document, not an error */

    if ((error = parse(&doc, html, hlen, err)) < 0)
        goto done;
    memset(&w, 0, sizeof(w));
    w.out = out;
    w.err = err;
    w.pend.max = CL_MAX_TEXT_BYTES;
    error = walk(&w, doc);
    cl__buf_dispose(&w.pend);

done:
    if (doc)
        xmlFreeDoc(doc);
    cl__buf_dispose(&utf8);
    return error;
}
