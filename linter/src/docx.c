/*
 * docx.c — the Word reader: DOCX (a zip), Flat OPC (Word's one-file XML package), a bare
 * document.xml and Word 2003 XML, turned into one line of text per paragraph (source.h).
 *
 * XML is read with libxml2's streaming reader fed through our own input callback, so a large
 * document.xml is inflated, checked and parsed a few kilobytes at a time and never held
 * whole. That callback is also the guard against hostile files: it counts the bytes the
 * inflater really produces (the sizes a zip declares can lie), watches the compression ratio,
 * and refuses a DOCTYPE before the parser ever sees it, so no entity is ever declared,
 * expanded or fetched (XXE, billion laughs), whatever libxml2 would have done with it.
 *
 * One walker turns the element stream into paragraphs. Runs are joined; fields show their
 * result and never their instructions; tracked changes give the accepted or the original
 * view and are recorded as cl_revision spans; a text box is read once (the DrawingML choice,
 * not its VML fallback) and its paragraphs follow the paragraph that anchors it; tables come
 * row by row, cell by cell; footnotes and endnotes come after the body. Word's automatic
 * numbering is rendered in front of each paragraph (wordnum.c), so that 第N条 is in the text
 * even when Word generated it.
 */
#include "source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h> /* xmlParserMaxDepth, XML_MAX_TEXT_LENGTH */
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>
#include <zip.h>

#include "cl_limits.h"

/*
 * What a w:br / w:cr becomes: a line break that does not start a new paragraph record (the
 * brief for this reader; html.c does the same for <br>). source.h's header comment says '\v';
 * if the pipeline settles on '\v', this is the one place to change.
 */
#define LINE_BREAK "\n"
/* Between a rendered list label and the paragraph text: a full-width space. */
#define LABEL_SEP "\xE3\x80\x80"
/* The compression ratio is judged once an entry has produced this much. */
#define RATIO_MIN_BYTES (1u << 20)
/* Nested complex fields tracked one by one; deeper ones stay hidden until they end. */
#define MAX_FIELDS 64

/* ---- names --------------------------------------------------------------------------- */

enum { NS_OTHER, NS_W, NS_WX, NS_AML, NS_MC, NS_PKG, NS_REL };

static const struct {
    const char *uri;
    int ns;
} namespaces[] = {
    {"http://schemas.openxmlformats.org/wordprocessingml/2006/main", NS_W},
    {"http://purl.oclc.org/ooxml/wordprocessingml/main", NS_W}, /* Strict */
    {"http://schemas.microsoft.com/office/word/2003/wordml", NS_W},
    {"http://schemas.microsoft.com/office/word/2003/auxHint", NS_WX},
    {"http://schemas.microsoft.com/aml/2001/core", NS_AML},
    {"http://schemas.openxmlformats.org/markup-compatibility/2006", NS_MC},
    {"http://schemas.microsoft.com/office/2006/xmlPackage", NS_PKG},
    {"http://schemas.openxmlformats.org/package/2006/relationships", NS_REL},
};
#define W2003_URI "http://schemas.microsoft.com/office/word/2003/wordml"

enum tok {
    T_OTHER = 0,
    T_SKIP, /* a subtree that never holds contract text (properties, …) */
    T_P,
    T_R,
    T_T,
    T_DELTEXT,
    T_TAB,
    T_BR,
    T_NBHYPHEN,
    T_SOFTHYPHEN,
    T_SYM,
    T_FLDCHAR,
    T_INS,
    T_DEL,
    T_MOVEFROM,
    T_MOVETO,
    T_TXBX,
    T_TC,
    T_PPR,
    T_PSTYLE,
    T_NUMPR,
    T_ILVL,
    T_NUMID,
    T_LISTPR,
    T_FOOTNOTE,
    T_ENDNOTE,
    T_ABSTRACTNUM,
    T_LVL,
    T_START,
    T_NUMFMT,
    T_LVLTEXT,
    T_ISLGL,
    T_LVLRESTART,
    T_NUMSTYLELINK,
    T_NUM,
    T_ABSTRACTNUMID,
    T_LVLOVERRIDE,
    T_STARTOVERRIDE,
    T_STYLE,
    T_STYLES,
    T_BASEDON,
    T_RPR,
    T_DOCUMENT,
    T_WORDDOCUMENT,
    T_WX_T,
    T_ANNOTATION,
    T_ALT,
    T_CHOICE,
    T_FALLBACK,
    T_PKG_PACKAGE,
    T_PKG_PART,
    T_RELATIONSHIP
};

typedef struct name_tok {
    const char *name;
    unsigned char tok;
} name_tok;

/* WordprocessingML names we act on, sorted by strcmp for bsearch. */
static const name_tok w_names[] = {
    {"abstractNum", T_ABSTRACTNUM},
    {"abstractNumId", T_ABSTRACTNUMID},
    {"basedOn", T_BASEDON},
    {"br", T_BR},
    {"cr", T_BR},
    {"del", T_DEL},
    {"delInstrText", T_SKIP},
    {"delText", T_DELTEXT},
    {"docDefaults", T_SKIP},
    {"docPr", T_SKIP}, /* 2003: settings, separator notes */
    {"document", T_DOCUMENT},
    {"endnote", T_ENDNOTE},
    {"fldChar", T_FLDCHAR},
    {"fldData", T_SKIP},
    {"fonts", T_SKIP},
    {"footnote", T_FOOTNOTE},
    {"ilvl", T_ILVL},
    {"ins", T_INS},
    {"instrText", T_SKIP},
    {"isLgl", T_ISLGL},
    {"latentStyles", T_SKIP},
    {"listPr", T_LISTPR},
    {"lists", T_SKIP},
    {"lvl", T_LVL},
    {"lvlOverride", T_LVLOVERRIDE},
    {"lvlRestart", T_LVLRESTART},
    {"lvlText", T_LVLTEXT},
    {"moveFrom", T_MOVEFROM},
    {"moveTo", T_MOVETO},
    {"noBreakHyphen", T_NBHYPHEN},
    {"num", T_NUM},
    {"numFmt", T_NUMFMT},
    {"numId", T_NUMID},
    {"numPr", T_NUMPR},
    {"numStyleLink", T_NUMSTYLELINK},
    {"numberingChange", T_SKIP},
    {"p", T_P},
    {"pPr", T_PPR},
    {"pPrChange", T_SKIP},
    {"pStyle", T_PSTYLE},
    {"ptab", T_TAB},
    {"r", T_R},
    {"rPr", T_RPR},
    {"rPrChange", T_SKIP},
    {"rt", T_SKIP}, /* ruby (furigana) text */
    {"sdtEndPr", T_SKIP},
    {"sdtPr", T_SKIP},
    {"sectPr", T_SKIP},
    {"sectPrChange", T_SKIP},
    {"softHyphen", T_SOFTHYPHEN},
    {"start", T_START},
    {"startOverride", T_STARTOVERRIDE},
    {"style", T_STYLE},
    {"styles", T_STYLES},
    {"sym", T_SYM},
    {"t", T_T},
    {"tab", T_TAB},
    {"tblGrid", T_SKIP},
    {"tblGridChange", T_SKIP},
    {"tblPr", T_SKIP},
    {"tblPrChange", T_SKIP},
    {"tblPrEx", T_SKIP},
    {"tc", T_TC},
    {"tcPr", T_SKIP},
    {"tcPrChange", T_SKIP},
    {"trPr", T_SKIP},
    {"trPrChange", T_SKIP},
    {"txbxContent", T_TXBX},
    {"wordDocument", T_WORDDOCUMENT},
};

static int cmp_name(const void *key, const void *elem)
{
    return strcmp(key, ((const name_tok *)elem)->name);
}

/* ---- state --------------------------------------------------------------------------- */

enum mode { M_SNIFF, M_BODY, M_NUMBERING, M_STYLES, M_FLAT, M_RELS };
/* The DOCX parts we read (rel_types[] below says how they are found). */
enum { R_DOC, R_STYLES, R_NUMBERING, R_FOOTNOTES, R_ENDNOTES, R_COUNT };
enum act { ACT_DESCEND = 0, ACT_SKIP = 1 };

enum {
    F_TAKEN = 1,    /* mc:AlternateContent: a branch was read */
    F_REV = 2,      /* an open tracked change */
    F_KEPT = 4,     /* its text is in this view */
    F_INSERTED = 8, /* w:ins / w:moveTo */
    F_RESTORE = 16  /* pkg:part: restore the flat-package mode at its end */
};

/* What we know about each open element, indexed by depth. */
typedef struct slot {
    unsigned char tok, flags, mode;
    unsigned long para; /* tracked change: serial of the paragraph open when it began */
    size_t pos;         /* tracked change: where it began in that paragraph's text */
    char author[64];
} slot;

/* A tracked change inside a paragraph being built; offsets relative to the paragraph. */
typedef struct prev {
    size_t start, end;
    int inserted;
    char author[64];
} prev;

/* A paragraph being built. Paragraphs nest only through text boxes (and Word 2003 notes). */
typedef struct frame {
    unsigned long serial; /* 1, 2, … in opening order: ties tracked changes to it */
    cl_buf text;
    cl_part part;
    int label_done;
    long num_id; /* direct w:numPr, -1 when absent */
    int ilvl;
    char style[128];
    char label2003[64]; /* Word 2003 XML stores the rendered label (wx:t) */
    prev *revs;
    size_t nrev, caprev;
} frame;

/* A finished nested paragraph waiting for the paragraph that anchors it. */
typedef struct staged {
    size_t start, len; /* in stage_text */
    size_t rev_first, nrev;
    cl_part part;
} staged;

/* Prolog guard: states of a small scanner over the bytes before the root element. */
enum {
    G_HEAD,
    G_TEXT,
    G_LT,
    G_PI,
    G_PI_Q,
    G_BANG,
    G_BANG_DASH,
    G_COMMENT,
    G_COMMENT_D1,
    G_COMMENT_D2,
    G_DONE
};

typedef struct guard {
    int state;
    unsigned char head[4];
    int nhead;
    int width, big_endian; /* code units: 1 byte, or 2 (UTF-16) */
    unsigned char half;
    int have_half;
    char decl[128]; /* the <?xml …?> declaration, to vet its encoding */
    size_t ndecl;
    int decl_overflow;
} guard;

struct wctx;

/* One XML part being read: a zip entry or bytes in memory. */
typedef struct xin {
    struct wctx *c;
    const char *name;
    zip_file_t *zf;
    uint64_t comp; /* compressed size of the zip entry */
    uint64_t produced;
    const unsigned char *mem;
    size_t memlen, mempos;
    guard g;
} xin;

typedef struct wctx {
    cl_source *out;
    cl_error *err;
    int error;
    cl_revisions view;
    int mode;
    int flat;          /* the sniffed root is a Flat OPC package */
    int want_encoding; /* take out->encoding from the next part's declaration */
    int zip;           /* reading a DOCX: XML lines are not lines of the file */
    char where[80];    /* " (word/document.xml)" for messages; "" for a single XML file */
    slot *stack;
    /* body */
    frame *frames;
    size_t nframes, capframes;
    unsigned long para_serial;
    cl_buf stage_text;
    staged *staged;
    size_t nstaged, capstaged;
    prev *stage_revs;
    size_t nstage_revs, capstage_revs;
    int drop;                      /* open tracked changes whose text this view drops */
    unsigned char fld[MAX_FIELDS]; /* complex fields: 1 = in instructions, 0 = in result */
    size_t nfld, fld_over;
    int fld_hidden; /* fields currently in their instructions */
    cl_wordnum *wn;
    /* numbering.xml / styles.xml scratch */
    long abs_id, num_id;
    int ov_ilvl, lvl_ilvl, lvl_open, lvl_override;
    cl_wordnum_level lv;
    char lv_fmt[64], lv_text[256], lv_pstyle[128];
    int style_open, style_default;
    long style_num;
    int style_ilvl;
    char style_id[128], style_based[128];
    /* DOCX relationships: the parts to read, by relationship type (R_*) */
    char rel_base[128]; /* folder of the part whose .rels is read, e.g. "word/" */
    char rel_target[R_COUNT][160];
    /* Flat OPC */
    const char *want_name[2];
    int want_mode[2];
    int nwant;
    int seen_doc, foot_order, end_order, nparts; /* where the parts are in the file */
    /* what libxml2 said */
    char xmlmsg[160];
    int xmlline, xml_fatal, xml_deep, xml_huge, xml_nomem;
    /* zip */
    uint64_t zip_total;
    /* namespace cache: libxml2 interns URIs, so one pointer compare usually settles it */
    const xmlChar *last_uri;
    int last_ns;
} wctx;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static int
fail(wctx *c, int code, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    if (c->error)
        return c->error; /* the first failure is the one to report */
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    c->error = cl__error_set(c->err, code, "%s", msg);
    return c->error;
}

static int buf_fail(wctx *c, int error)
{
    if (error == CL_ELIMIT)
        return fail(c, CL_ELIMIT, "document text longer than %u bytes", CL_MAX_TEXT_BYTES);
    return fail(c, CL_ENOMEM, "out of memory reading the Word document");
}

static int put(wctx *c, cl_buf *b, const char *s, size_t n)
{
    int error = cl__buf_put(b, s, n);
    return error < 0 ? buf_fail(c, error) : 0;
}

/* Grows an array to hold one more element (sz bytes each); new slots are zeroed. */
static int reserve(wctx *c, void **arr, size_t n, size_t *cap, size_t sz)
{
    char *p;
    size_t ncap;
    if (n < *cap)
        return 0;
    ncap = *cap ? *cap * 2 : 8;
    if (ncap > SIZE_MAX / sz || !(p = cl__realloc(*arr, ncap * sz)))
        return buf_fail(c, CL_ENOMEM);
    memset(p + *cap * sz, 0, (ncap - *cap) * sz);
    *arr = p;
    *cap = ncap;
    return 0;
}

/* ---- attributes ---------------------------------------------------------------------- */

/* Copies attribute `name` (in namespace uri; NULL: no namespace) into buf, cut to fit on a
 * UTF-8 boundary. Returns 1 when present, 0 when absent ("" in buf). */
static int attr(xmlTextReaderPtr r, const char *name, const xmlChar *uri, char *buf, size_t size)
{
    xmlChar *v = uri ? xmlTextReaderGetAttributeNs(r, BAD_CAST name, uri)
                     : xmlTextReaderGetAttribute(r, BAD_CAST name);
    size_t n;
    buf[0] = '\0';
    if (!v)
        return 0;
    n = strlen((const char *)v);
    if (n >= size) {
        n = size - 1;
        while (n > 0 && (v[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(buf, v, n);
    buf[n] = '\0';
    xmlFree(v);
    return 1;
}

/* w:val and friends live in the element's own namespace in every Word dialect. */
static int wattr(xmlTextReaderPtr r, const char *name, char *buf, size_t size)
{
    return attr(r, name, xmlTextReaderConstNamespaceUri(r), buf, size);
}

static long wattr_long(xmlTextReaderPtr r, const char *name, long dflt)
{
    char buf[32], *end;
    long v;
    if (!wattr(r, name, buf, sizeof(buf)) || !buf[0])
        return dflt;
    v = strtol(buf, &end, 10);
    return *end == '\0' ? v : dflt;
}

/* An on/off property: present without w:val, or with anything but 0/false/off, is on. */
static int wattr_on(xmlTextReaderPtr r)
{
    char buf[16];
    if (!wattr(r, "val", buf, sizeof(buf)))
        return 1;
    return strcmp(buf, "0") != 0 && strcmp(buf, "false") != 0 && strcmp(buf, "off") != 0;
}

static int classify(wctx *c, xmlTextReaderPtr r)
{
    const xmlChar *uri = xmlTextReaderConstNamespaceUri(r);
    const char *local = (const char *)xmlTextReaderConstLocalName(r);
    int ns = NS_OTHER;
    size_t i;
    const name_tok *nt;

    if (!local)
        return T_OTHER;
    if (uri && uri == c->last_uri) {
        ns = c->last_ns;
    } else if (uri) {
        for (i = 0; i < sizeof(namespaces) / sizeof(namespaces[0]); i++)
            if (!strcmp((const char *)uri, namespaces[i].uri)) {
                ns = namespaces[i].ns;
                break;
            }
        c->last_uri = uri;
        c->last_ns = ns;
    } else {
        /* A hand-made document.xml that forgot its xmlns: libxml2 keeps "w:p" whole as the
         * local name; go by the usual prefixes. */
        const char *colon = strchr(local, ':');
        size_t n = colon ? (size_t)(colon - local) : 0;
        if (colon) {
            ns = n == 1 && local[0] == 'w'             ? NS_W
                 : n == 2 && !strncmp(local, "wx", 2)  ? NS_WX
                 : n == 2 && !strncmp(local, "mc", 2)  ? NS_MC
                 : n == 3 && !strncmp(local, "pkg", 3) ? NS_PKG
                 : n == 3 && !strncmp(local, "aml", 3) ? NS_AML
                                                       : NS_OTHER;
            local = colon + 1;
        }
    }
    switch (ns) {
    case NS_W:
        nt = bsearch(local, w_names, sizeof(w_names) / sizeof(w_names[0]), sizeof(w_names[0]),
                     cmp_name);
        return nt ? nt->tok : T_OTHER;
    case NS_WX:
        return !strcmp(local, "t") ? T_WX_T : T_OTHER;
    case NS_AML:
        return !strcmp(local, "annotation") ? T_ANNOTATION : T_OTHER;
    case NS_MC:
        return !strcmp(local, "AlternateContent") ? T_ALT
               : !strcmp(local, "Choice")         ? T_CHOICE
               : !strcmp(local, "Fallback")       ? T_FALLBACK
                                                  : T_OTHER;
    case NS_PKG:
        return !strcmp(local, "package") ? T_PKG_PACKAGE
               : !strcmp(local, "part")  ? T_PKG_PART
                                         : T_OTHER;
    case NS_REL:
        return !strcmp(local, "Relationship") ? T_RELATIONSHIP : T_OTHER;
    default:
        return T_OTHER;
    }
}

/* ---- input: bytes from a zip entry or memory, counted and guarded --------------------- */

static int reject_dtd(wctx *c)
{
    return fail(c, CL_EFORMAT, "XML with a DTD is not accepted%s", c->where);
}

static int ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a - 'A' + 'a') : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b - 'A' + 'a') : *b;
        if (x != y)
            return 0;
    }
    return *a == *b;
}

/*
 * The guard reads the prolog as ASCII, so the encoding must keep '<' and '!' visible as
 * such. Encodings like UTF-7 would let "<!DOCTYPE" through in disguise: refuse anything
 * not on this list (Word writes UTF-8, and the OPC standard allows only UTF-8 and UTF-16).
 */
static int encoding_ok(const char *enc)
{
    static const char *const ok[] = {"UTF-8",     "UTF8",        "UTF-16",       "UTF-16LE",
                                     "UTF-16BE",  "US-ASCII",    "ASCII",        "ISO-8859-1",
                                     "LATIN1",    "ISO-8859-15", "WINDOWS-1252", "SHIFT_JIS",
                                     "SHIFT-JIS", "SJIS",        "CP932",        "WINDOWS-31J",
                                     "MS932",     "EUC-JP",      "EUCJP",        "ISO-2022-JP"};
    size_t i;
    for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
        if (ieq(enc, ok[i]))
            return 1;
    return 0;
}

/* At the end of a processing instruction: if it is the XML declaration, vet its encoding. */
static int check_decl(wctx *c, guard *g)
{
    const char *p, *q;
    char enc[64];
    size_t n;

    g->decl[g->ndecl] = '\0';
    if (strncmp(g->decl, "xml", 3) != 0 ||
        !(g->decl[3] == ' ' || g->decl[3] == '\t' || g->decl[3] == '\r' || g->decl[3] == '\n'))
        return 0;
    if (g->decl_overflow) /* padding could hide an encoding past what we kept */
        return fail(c, CL_EFORMAT, "XML declaration too long%s", c->where);
    if (!(p = strstr(g->decl, "encoding")))
        return 0;
    p += 8;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n' || *p == '=')
        p++;
    if (*p != '"' && *p != '\'')
        return 0; /* malformed: the parser will say so */
    q = strchr(p + 1, *p);
    n = q ? (size_t)(q - p - 1) : strlen(p + 1);
    if (n >= sizeof(enc))
        n = sizeof(enc) - 1;
    memcpy(enc, p + 1, n);
    enc[n] = '\0';
    if (!encoding_ok(enc))
        return fail(c, CL_EFORMAT, "XML encoding %s is not accepted%s", enc, c->where);
    return 0;
}

static void decl_add(guard *g, unsigned u)
{
    /* ASCII only, and no control characters: the encoding name may end up in a message */
    if (g->ndecl + 1 < sizeof(g->decl))
        g->decl[g->ndecl++] = u < 0x80 && u >= 0x20                 ? (char)u
                              : u == '\t' || u == '\n' || u == '\r' ? ' '
                                                                    : '?';
    else
        g->decl_overflow = 1;
}

/* One code unit of the prolog. Stops (G_DONE) at the root element. */
static int guard_unit(wctx *c, guard *g, unsigned u)
{
    switch (g->state) {
    case G_TEXT:
        if (u == ' ' || u == '\t' || u == '\r' || u == '\n')
            return 0;
        /* Anything but markup here is an error the parser stops at, before any DTD. */
        g->state = u == '<' ? G_LT : G_DONE;
        return 0;
    case G_LT:
        if (u == '?') {
            g->state = G_PI;
            g->ndecl = 0;
            g->decl_overflow = 0;
        } else if (u == '!') {
            g->state = G_BANG;
        } else {
            g->state = G_DONE; /* the root element: a DTD can no longer come */
        }
        return 0;
    case G_PI:
        if (u == '?')
            g->state = G_PI_Q;
        else
            decl_add(g, u);
        return 0;
    case G_PI_Q:
        if (u == '>') {
            g->state = G_TEXT;
            return check_decl(c, g);
        }
        decl_add(g, '?');
        if (u != '?') {
            decl_add(g, u);
            g->state = G_PI;
        }
        return 0;
    case G_BANG: /* only a comment may start with <! in the prolog; the rest is a DTD */
        if (u != '-')
            return reject_dtd(c);
        g->state = G_BANG_DASH;
        return 0;
    case G_BANG_DASH:
        if (u != '-')
            return reject_dtd(c);
        g->state = G_COMMENT;
        return 0;
    case G_COMMENT:
        if (u == '-')
            g->state = G_COMMENT_D1;
        return 0;
    case G_COMMENT_D1:
        g->state = u == '-' ? G_COMMENT_D2 : G_COMMENT;
        return 0;
    case G_COMMENT_D2:
        g->state = u == '>' ? G_TEXT : u == '-' ? G_COMMENT_D2 : G_COMMENT;
        return 0;
    default:
        return 0;
    }
}

static int guard_bytes(wctx *c, guard *g, const unsigned char *b, size_t n)
{
    size_t i;
    int error;
    for (i = 0; i < n && g->state != G_DONE; i++) {
        unsigned u = b[i];
        if (g->width == 2) {
            if (!g->have_half) {
                g->half = b[i];
                g->have_half = 1;
                continue;
            }
            g->have_half = 0;
            u = g->big_endian ? (unsigned)g->half << 8 | b[i] : (unsigned)b[i] << 8 | g->half;
        }
        if ((error = guard_unit(c, g, u)) < 0)
            return error;
    }
    return 0;
}

/* Decides the code unit width from the first bytes (as XML 1.0 appendix F does). */
static int guard_head(wctx *c, guard *g)
{
    const unsigned char *h = g->head;
    int n = g->nhead;
    size_t skip = 0;

    g->width = 1;
    g->state = G_TEXT;
    if (n >= 4 && ((h[0] == 0 && h[1] == 0) || (h[2] == 0 && h[3] == 0) ||
                   (h[0] == 0x4C && h[1] == 0x6F && h[2] == 0xA7 && h[3] == 0x94)))
        return fail(c, CL_EFORMAT, "XML encoding (UCS-4 or EBCDIC) is not accepted%s", c->where);
    if (n >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF) {
        skip = 3;
    } else if (n >= 2 && ((h[0] == 0xFF && h[1] == 0xFE) || (h[0] == 0xFE && h[1] == 0xFF))) {
        g->width = 2;
        g->big_endian = h[0] == 0xFE;
        skip = 2;
    } else if (n >= 2 && ((h[0] == '<' && h[1] == 0) || (h[0] == 0 && h[1] == '<'))) {
        g->width = 2;
        g->big_endian = h[0] == 0;
    }
    return guard_bytes(c, g, h + skip, (size_t)n - skip);
}

static int guard_feed(wctx *c, guard *g, const unsigned char *b, size_t n)
{
    while (g->state == G_HEAD && n > 0) {
        g->head[g->nhead++] = *b++;
        n--;
        if (g->nhead == 4) {
            int error = guard_head(c, g);
            if (error < 0)
                return error;
        }
    }
    return n ? guard_bytes(c, g, b, n) : 0;
}

/* libxml2's input callback: returns bytes read, 0 at the end, -1 to stop the parse. */
static int xin_read(void *ctx, char *buf, int len)
{
    xin *in = ctx;
    wctx *c = in->c;
    size_t n;

    if (c->error)
        return -1;
    if (len <= 0)
        return 0;
    if (in->zf) {
        zip_int64_t got = zip_fread(in->zf, buf, (zip_uint64_t)len);
        if (got < 0) {
            fail(c, CL_EFORMAT, "corrupt or truncated zip: %s: %s", in->name,
                 zip_error_strerror(zip_file_get_error(in->zf)));
            return -1;
        }
        n = (size_t)got;
        /* Count what the inflater really produced: the sizes in the zip headers can lie. */
        in->produced += n;
        c->zip_total += n;
        if (in->produced > CL_MAX_ZIP_ENTRY_BYTES) {
            fail(c, CL_ELIMIT, "zip entry %s expands beyond %u bytes", in->name,
                 CL_MAX_ZIP_ENTRY_BYTES);
            return -1;
        }
        if (c->zip_total > CL_MAX_ZIP_TOTAL_BYTES) {
            fail(c, CL_ELIMIT, "zip entries expand beyond %u bytes in total",
                 CL_MAX_ZIP_TOTAL_BYTES);
            return -1;
        }
        if (in->produced > RATIO_MIN_BYTES &&
            in->produced / CL_MAX_ZIP_RATIO > (in->comp ? in->comp : 1)) {
            fail(c, CL_ELIMIT, "zip entry %s has a compression ratio above %u:1 (zip bomb?)",
                 in->name, CL_MAX_ZIP_RATIO);
            return -1;
        }
    } else {
        n = in->memlen - in->mempos;
        if (n > (size_t)len)
            n = (size_t)len;
        memcpy(buf, in->mem + in->mempos, n);
        in->mempos += n;
    }
    if (in->g.state != G_DONE && guard_feed(c, &in->g, (const unsigned char *)buf, n) < 0)
        return -1;
    return (int)n;
}

/* ---- libxml2 errors: kept, never printed ------------------------------------------------ */

#if LIBXML_VERSION >= 21200
static void on_xml_error(void *payload, const xmlError *e)
#else
static void on_xml_error(void *payload, xmlErrorPtr e)
#endif
{
    wctx *c = payload;
    const char *msg;
    size_t n;

    if (!e || e->level < XML_ERR_ERROR)
        return; /* warnings do not stop the reader */
    msg = e->message ? e->message : "unknown error";
    if (e->code == XML_ERR_INTERNAL_ERROR && strstr(msg, "Excessive depth"))
        c->xml_deep = 1;
    else if (strstr(msg, "huge text node"))
        c->xml_huge = 1;
    else if (e->code == XML_ERR_NO_MEMORY)
        c->xml_nomem = 1;
    /* Keep the first fatal error, or else the first error. */
    if (c->xmlmsg[0] && (c->xml_fatal || e->level != XML_ERR_FATAL))
        return;
    n = strcspn(msg, "\r\n");
    snprintf(c->xmlmsg, sizeof(c->xmlmsg), "%.*s", (int)n, msg);
    c->xmlline = e->line;
    c->xml_fatal = e->level == XML_ERR_FATAL;
}

static void quiet(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* libxml2's error handlers are per thread: ours for the duration of one read, then back. */
typedef struct xml_handlers {
    xmlStructuredErrorFunc s;
    void *sctx;
    xmlGenericErrorFunc g;
    void *gctx;
} xml_handlers;

static void xml_begin(xml_handlers *h, wctx *c)
{
    xmlInitParser();
    h->s = xmlStructuredError;
    h->sctx = xmlStructuredErrorContext;
    h->g = xmlGenericError;
    h->gctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(c, on_xml_error);
    xmlSetGenericErrorFunc(NULL, quiet);
}

static void xml_end(const xml_handlers *h)
{
    xmlSetStructuredErrorFunc(h->sctx, h->s);
    xmlSetGenericErrorFunc(h->gctx, h->g);
}

static unsigned depth_limit(void)
{
    return xmlParserMaxDepth < CL_MAX_XML_DEPTH ? xmlParserMaxDepth : CL_MAX_XML_DEPTH;
}

/* ---- paragraphs ---------------------------------------------------------------------- */

static frame *top(wctx *c)
{
    return c->nframes ? &c->frames[c->nframes - 1] : NULL;
}

/* Reading-order part of a paragraph opening at depth d: a note wins, then the innermost
 * text box or table cell. */
static cl_part para_part(const wctx *c, int d)
{
    cl_part inner = CL_PART_BODY;
    int i, have = 0;
    for (i = d - 1; i >= 0; i--) {
        int t = c->stack[i].tok;
        if (t == T_FOOTNOTE)
            return CL_PART_FOOTNOTE;
        if (t == T_ENDNOTE)
            return CL_PART_ENDNOTE;
        if (!have && (t == T_TXBX || t == T_TC)) {
            inner = t == T_TXBX ? CL_PART_TEXTBOX : CL_PART_TABLE;
            have = 1;
        }
    }
    return inner;
}

static int open_para(wctx *c, int d)
{
    frame *f;
    int error;
    if ((error = reserve(c, (void **)&c->frames, c->nframes, &c->capframes, sizeof(*c->frames))) <
        0)
        return error;
    /* Frames are reused: their buffers keep their memory from one paragraph to the next. */
    f = &c->frames[c->nframes++];
    f->serial = ++c->para_serial;
    f->part = para_part(c, d);
    f->label_done = 0;
    f->num_id = -1;
    f->ilvl = -1;
    f->style[0] = '\0';
    f->label2003[0] = '\0';
    f->nrev = 0;
    f->text.max = CL_MAX_TEXT_BYTES;
    cl__buf_clear(&f->text);
    return 0;
}

/* A Word 2003 label that is a lone bullet symbol (Word 2003 writes it like a number). */
static int is_bullet(const char *s)
{
    static const uint32_t bullets[] = {0x2022, 0x30FB, 0xFF65, 0x00B7, 0x2219, 0x25CF, 0x25CB,
                                       0x25A0, 0x25A1, 0x25AA, 0x25C6, 0x25C7, 0x2605, 0x2606,
                                       0x2192, 0x27A2, 0x2713, 0x203B, 'o',    '-',    '*'};
    uint32_t cp;
    size_t n = cl__utf8_decode(&cp, (const unsigned char *)s, strlen(s)), i;
    if (n == 0 || s[n] != '\0')
        return 0;
    if (cp >= 0xE000 && cp <= 0xF8FF) /* Symbol / Wingdings glyphs */
        return 1;
    for (i = 0; i < sizeof(bullets) / sizeof(bullets[0]); i++)
        if (cp == bullets[i])
            return 1;
    return 0;
}

/* Writes the paragraph's list label (if any) before its first text, in document order. */
static int ensure_label(wctx *c, frame *f)
{
    int error = 0;
    if (f->label_done)
        return 0;
    f->label_done = 1;
    if (f->label2003[0]) {
        if (!is_bullet(f->label2003))
            error = put(c, &f->text, f->label2003, strlen(f->label2003));
    } else if (c->wn) {
        error =
            cl__wordnum_label(c->wn, &f->text, f->style[0] ? f->style : NULL, f->num_id, f->ilvl);
        if (error < 0)
            return buf_fail(c, error);
    }
    if (!error && f->text.len)
        error = put(c, &f->text, LABEL_SEP, sizeof(LABEL_SEP) - 1);
    return error;
}

/* Appends one paragraph to the output with its tracked changes (offsets relative to it). */
static int emit_para(wctx *c, cl_part part, const char *text, size_t len, const prev *revs,
                     size_t nrev)
{
    cl_source *out = c->out;
    size_t start, i;
    int error;

    if ((out->npara > 0 || out->text.len > 0) && (error = put(c, &out->text, "\n", 1)) < 0)
        return error;
    if ((error = cl__source_begin_para(out, part)) < 0)
        return buf_fail(c, error);
    start = out->text.len;
    if ((error = put(c, &out->text, text ? text : "", len)) < 0)
        return error;
    for (i = 0; i < nrev; i++)
        if ((error = cl__source_add_revision(out, start + revs[i].start, start + revs[i].end,
                                             revs[i].inserted, revs[i].author)) < 0)
            return buf_fail(c, error);
    return 0;
}

static int close_para(wctx *c)
{
    frame *f = top(c);
    size_t i;
    int error;

    if (!f)
        return 0;
    if ((error = ensure_label(c, f)) < 0)
        return error;
    if (c->nframes > 1) {
        /* Nested (a text box): wait for the paragraph that anchors it. */
        staged *s;
        if ((error = reserve(c, (void **)&c->staged, c->nstaged, &c->capstaged,
                             sizeof(*c->staged))) < 0)
            return error;
        s = &c->staged[c->nstaged];
        s->start = c->stage_text.len;
        s->len = f->text.len;
        s->part = f->part;
        s->rev_first = c->nstage_revs;
        s->nrev = f->nrev;
        if ((error = put(c, &c->stage_text, f->text.ptr ? f->text.ptr : "", f->text.len)) < 0)
            return error;
        for (i = 0; i < f->nrev; i++) {
            if ((error = reserve(c, (void **)&c->stage_revs, c->nstage_revs, &c->capstage_revs,
                                 sizeof(*c->stage_revs))) < 0)
                return error;
            c->stage_revs[c->nstage_revs++] = f->revs[i];
        }
        c->nstaged++;
        c->nframes--;
        return 0;
    }
    if ((error = emit_para(c, f->part, f->text.ptr, f->text.len, f->revs, f->nrev)) < 0)
        return error;
    for (i = 0; i < c->nstaged; i++) {
        const staged *s = &c->staged[i];
        if ((error = emit_para(c, s->part, c->stage_text.ptr + s->start, s->len,
                               s->nrev ? c->stage_revs + s->rev_first : NULL, s->nrev)) < 0)
            return error;
    }
    c->nstaged = c->nstage_revs = 0;
    cl__buf_clear(&c->stage_text);
    c->nframes--;
    return 0;
}

/* Text for the current paragraph, unless this view or a field instruction hides it. */
static int emit(wctx *c, const char *s, size_t n)
{
    frame *f = top(c);
    int error;
    if (c->drop || c->fld_hidden || !f)
        return 0;
    if (!f->label_done && (error = ensure_label(c, f)) < 0)
        return error;
    return put(c, &f->text, s, n);
}

/* w:t text: a raw newline in it is not a paragraph end for Word, only white space. */
static int emit_text(wctx *c, const char *s)
{
    int error;
    while (*s) {
        size_t n = strcspn(s, "\r\n");
        if (n && (error = emit(c, s, n)) < 0)
            return error;
        s += n;
        if (*s) {
            if ((error = emit(c, " ", 1)) < 0)
                return error;
            s++;
        }
    }
    return 0;
}

static int emit_sym(wctx *c, xmlTextReaderPtr r)
{
    char hex[16], *end, tmp[4];
    unsigned long cp;
    if (!wattr(r, "char", hex, sizeof(hex)) || !hex[0])
        return 0;
    cp = strtoul(hex, &end, 16);
    if (*end)
        return 0;
    if (cp >= 0xF000 && cp <= 0xF0FF) /* symbol fonts put their glyphs at F0xx */
        cp -= 0xF000;
    if (cp < 0x20 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0x7F)
        return 0;
    return emit(c, tmp, cl__utf8_encode(tmp, (uint32_t)cp));
}

/* w:fldChar: text between begin and separate is the instruction; after separate, result. */
static void field_char(wctx *c, xmlTextReaderPtr r)
{
    char type[16];
    wattr(r, "fldCharType", type, sizeof(type));
    if (!strcmp(type, "begin")) {
        if (c->nfld < MAX_FIELDS)
            c->fld[c->nfld++] = 1;
        else
            c->fld_over++;
        c->fld_hidden++;
    } else if (!strcmp(type, "separate")) {
        if (!c->fld_over && c->nfld && c->fld[c->nfld - 1]) {
            c->fld[c->nfld - 1] = 0;
            c->fld_hidden--;
        }
    } else if (!strcmp(type, "end")) {
        if (c->fld_over) {
            c->fld_over--;
            c->fld_hidden--;
        } else if (c->nfld && c->fld[--c->nfld]) {
            c->fld_hidden--;
        }
    }
}

static void rev_begin(wctx *c, slot *s, int inserted, const char *author)
{
    frame *f = top(c);
    int kept = inserted == (c->view == CL_REVISIONS_ACCEPTED);
    s->flags |= F_REV | (kept ? F_KEPT : 0) | (inserted ? F_INSERTED : 0);
    if (!kept)
        c->drop++;
    s->para = f ? f->serial : 0;
    s->pos = f ? f->text.len : 0;
    snprintf(s->author, sizeof(s->author), "%s", author);
}

static int rev_end(wctx *c, slot *s)
{
    frame *f = top(c);
    prev *p;
    int error;
    if (!(s->flags & F_KEPT))
        c->drop--;
    /* A change that spans paragraphs is not valid WordprocessingML: not recorded. */
    if (!f || !s->para || s->para != f->serial)
        return 0;
    if ((error = reserve(c, (void **)&f->revs, f->nrev, &f->caprev, sizeof(*f->revs))) < 0)
        return error;
    p = &f->revs[f->nrev++];
    p->start = s->pos;
    /* Text this view drops leaves an empty span where it would have been. */
    p->end = (s->flags & F_KEPT) ? f->text.len : s->pos;
    p->inserted = (s->flags & F_INSERTED) != 0;
    memcpy(p->author, s->author, sizeof(p->author));
    return 0;
}

/* mc:AlternateContent: read one branch. The body prefers the first mc:Choice (DrawingML text
 * boxes); numbering prefers mc:Fallback (the Choice holds formats Word 2010 added). */
static int alt_branch(wctx *c, int d, int prefer_choice)
{
    slot *parent = d > 0 ? &c->stack[d - 1] : NULL;
    int tok = c->stack[d].tok;
    if (!parent || parent->tok != T_ALT)
        return ACT_DESCEND;
    if ((parent->flags & F_TAKEN) || (tok == T_CHOICE && !prefer_choice))
        return ACT_SKIP;
    parent->flags |= F_TAKEN;
    return ACT_DESCEND;
}

/* ---- the walker's handlers, by mode --------------------------------------------------- */

static int body_start(wctx *c, xmlTextReaderPtr r, int d)
{
    slot *s = &c->stack[d];
    int ptok = d > 0 ? c->stack[d - 1].tok : T_OTHER;
    frame *f = top(c);
    int error;
    char buf[64];

    /* The label goes before the first thing in the paragraph after its properties. */
    if (ptok == T_P && s->tok != T_PPR && f && !f->label_done && (error = ensure_label(c, f)) < 0)
        return error;
    switch (s->tok) {
    case T_SKIP:
    case T_RPR:
    case T_STYLES: /* Word 2003: the style sheet sits in the document */
        return ACT_SKIP;
    case T_P:
        return open_para(c, d);
    case T_PSTYLE:
        if (ptok == T_PPR && f)
            wattr(r, "val", f->style, sizeof(f->style));
        break;
    case T_ILVL:
        if (ptok == T_NUMPR && f)
            f->ilvl = (int)wattr_long(r, "val", -1);
        break;
    case T_NUMID:
        if (ptok == T_NUMPR && f)
            f->num_id = wattr_long(r, "val", -1);
        break;
    case T_WX_T:
        if (ptok == T_LISTPR && f)
            wattr(r, "val", f->label2003, sizeof(f->label2003));
        break;
    case T_TAB:
        if (ptok == T_R) /* not w:pPr/w:tabs/w:tab, a tab stop */
            return emit(c, "\t", 1);
        break;
    case T_BR:
        if (ptok == T_R)
            return emit(c, LINE_BREAK, sizeof(LINE_BREAK) - 1);
        break;
    case T_NBHYPHEN:
        if (ptok == T_R)
            return emit(c, "-", 1);
        break;
    case T_SYM:
        if (ptok == T_R)
            return emit_sym(c, r);
        break;
    case T_FLDCHAR:
        if (!c->drop) /* a deleted field is gone whole in this view */
            field_char(c, r);
        break;
    case T_INS:
    case T_MOVETO:
    case T_DEL:
    case T_MOVEFROM:
        wattr(r, "author", buf, sizeof(buf));
        rev_begin(c, s, s->tok == T_INS || s->tok == T_MOVETO, buf);
        break;
    case T_ANNOTATION: { /* Word 2003 tracked changes and comments */
        char type[32];
        attr(r, "type", BAD_CAST W2003_URI, type, sizeof(type));
        if (!strcmp(type, "Word.Comment"))
            return ACT_SKIP;
        if (!strcmp(type, "Word.Insertion") || !strcmp(type, "Word.Deletion")) {
            attr(r, "author", xmlTextReaderConstNamespaceUri(r), buf, sizeof(buf));
            rev_begin(c, s, type[5] == 'I', buf);
        }
        break;
    }
    case T_ALT:
        break;
    case T_CHOICE:
    case T_FALLBACK:
        return alt_branch(c, d, 1);
    case T_FOOTNOTE:
    case T_ENDNOTE: {
        char type[32];
        /* The separator lines Word draws above notes are notes too: not text. */
        wattr(r, "type", type, sizeof(type));
        if (!strcmp(type, "separator") || !strcmp(type, "continuationSeparator") ||
            !strcmp(type, "continuationNotice"))
            return ACT_SKIP;
        break;
    }
    default:
        break;
    }
    return ACT_DESCEND;
}

static int body_end(wctx *c, int d)
{
    slot *s = &c->stack[d];
    if (s->flags & F_REV)
        return rev_end(c, s);
    if (s->tok == T_P)
        return close_para(c);
    return 0;
}

static int body_text(wctx *c, xmlTextReaderPtr r, int d)
{
    int ptok = d > 0 ? c->stack[d - 1].tok : T_OTHER;
    const char *v;
    if (ptok != T_T && ptok != T_DELTEXT) /* w:delText only survives in the original view */
        return 0;
    v = (const char *)xmlTextReaderConstValue(r);
    return v ? emit_text(c, v) : 0;
}

static int numbering_start(wctx *c, xmlTextReaderPtr r, int d)
{
    slot *s = &c->stack[d];
    int ptok = d > 0 ? c->stack[d - 1].tok : T_OTHER;
    char buf[128];
    int error = 0;

    switch (s->tok) {
    case T_ABSTRACTNUM:
        c->abs_id = wattr_long(r, "abstractNumId", -1);
        break;
    case T_NUMSTYLELINK:
        if (ptok == T_ABSTRACTNUM && c->abs_id >= 0) {
            wattr(r, "val", buf, sizeof(buf));
            error = cl__wordnum_add_link(c->wn, c->abs_id, buf);
        }
        break;
    case T_LVL:
        if (ptok != T_ABSTRACTNUM && ptok != T_LVLOVERRIDE)
            return ACT_SKIP;
        memset(&c->lv, 0, sizeof(c->lv));
        c->lv.restart = -1;
        c->lv_fmt[0] = c->lv_text[0] = c->lv_pstyle[0] = '\0';
        c->lvl_open = 1;
        c->lvl_override = ptok == T_LVLOVERRIDE;
        c->lvl_ilvl = (int)wattr_long(r, "ilvl", c->lvl_override ? c->ov_ilvl : 0);
        break;
    case T_START:
        if (ptok == T_LVL)
            c->lv.start = wattr_long(r, "val", 0);
        break;
    case T_NUMFMT:
        if (ptok == T_LVL)
            wattr(r, "val", c->lv_fmt, sizeof(c->lv_fmt));
        break;
    case T_LVLTEXT:
        if (ptok == T_LVL)
            wattr(r, "val", c->lv_text, sizeof(c->lv_text));
        break;
    case T_ISLGL:
        if (ptok == T_LVL)
            c->lv.is_lgl = wattr_on(r);
        break;
    case T_LVLRESTART:
        if (ptok == T_LVL)
            c->lv.restart = (int)wattr_long(r, "val", -1);
        break;
    case T_PSTYLE:
        if (ptok == T_LVL)
            wattr(r, "val", c->lv_pstyle, sizeof(c->lv_pstyle));
        break;
    case T_NUM:
        c->num_id = wattr_long(r, "numId", -1);
        break;
    case T_ABSTRACTNUMID:
        if (ptok == T_NUM && c->num_id >= 0)
            error = cl__wordnum_add_num(c->wn, c->num_id, wattr_long(r, "val", -1));
        break;
    case T_LVLOVERRIDE:
        c->ov_ilvl = (int)wattr_long(r, "ilvl", 0);
        break;
    case T_STARTOVERRIDE:
        if (ptok == T_LVLOVERRIDE && c->num_id >= 0) {
            long v = wattr_long(r, "val", 0);
            error = cl__wordnum_add_override(c->wn, c->num_id, c->ov_ilvl, &v, NULL);
        }
        break;
    case T_CHOICE:
    case T_FALLBACK:
        return alt_branch(c, d, 0);
    case T_RPR:
    case T_PPR:
    case T_SKIP:
        return ACT_SKIP;
    default:
        break;
    }
    return error < 0 ? buf_fail(c, error) : ACT_DESCEND;
}

static int numbering_end(wctx *c, int d)
{
    int error = 0;
    if (c->stack[d].tok != T_LVL || !c->lvl_open)
        return 0;
    c->lvl_open = 0;
    c->lv.fmt = c->lv_fmt;
    c->lv.text = c->lv_text;
    c->lv.pstyle = c->lv_pstyle;
    if (c->lvl_override) {
        if (c->num_id >= 0)
            error = cl__wordnum_add_override(c->wn, c->num_id, c->lvl_ilvl, NULL, &c->lv);
    } else if (c->abs_id >= 0) {
        error = cl__wordnum_add_level(c->wn, c->abs_id, c->lvl_ilvl, &c->lv);
    }
    return error < 0 ? buf_fail(c, error) : 0;
}

static int styles_start(wctx *c, xmlTextReaderPtr r, int d)
{
    slot *s = &c->stack[d];
    int ptok = d > 0 ? c->stack[d - 1].tok : T_OTHER;
    char type[32];

    switch (s->tok) {
    case T_STYLE:
        /* Only paragraph styles (the default type) and numbering styles can number. */
        if (wattr(r, "type", type, sizeof(type)) && strcmp(type, "paragraph") != 0 &&
            strcmp(type, "numbering") != 0)
            return ACT_SKIP;
        c->style_open = 1;
        c->style_default = wattr(r, "default", type, sizeof(type)) &&
                           (!strcmp(type, "1") || !strcmp(type, "true") || !strcmp(type, "on"));
        wattr(r, "styleId", c->style_id, sizeof(c->style_id));
        c->style_based[0] = '\0';
        c->style_num = -1;
        c->style_ilvl = -1;
        break;
    case T_BASEDON:
        if (ptok == T_STYLE)
            wattr(r, "val", c->style_based, sizeof(c->style_based));
        break;
    case T_NUMID:
        if (ptok == T_NUMPR)
            c->style_num = wattr_long(r, "val", -1);
        break;
    case T_ILVL:
        if (ptok == T_NUMPR)
            c->style_ilvl = (int)wattr_long(r, "val", -1);
        break;
    case T_RPR:
    case T_SKIP:
        return ACT_SKIP;
    case T_CHOICE:
    case T_FALLBACK:
        return alt_branch(c, d, 0);
    default:
        break;
    }
    return ACT_DESCEND;
}

static int styles_end(wctx *c, int d)
{
    int error;
    if (c->stack[d].tok != T_STYLE || !c->style_open)
        return 0;
    c->style_open = 0;
    error = cl__wordnum_add_style(c->wn, c->style_id, c->style_based, c->style_num, c->style_ilvl,
                                  c->style_default);
    return error < 0 ? buf_fail(c, error) : 0;
}

/* A part of a new story starts with no open field, change or paragraph. */
static void story_begin(wctx *c, int mode, const char *name)
{
    c->mode = mode;
    if (name)
        snprintf(c->where, sizeof(c->where), " (%s)", name);
    else
        c->where[0] = '\0';
    c->drop = 0;
    c->nfld = c->fld_over = 0;
    c->fld_hidden = 0;
    c->lvl_open = c->style_open = 0;
}

/* Flat OPC: every part is a pkg:part; the ones this pass wants are read in their mode. */
static int flat_start(wctx *c, xmlTextReaderPtr r, int d)
{
    slot *s = &c->stack[d];
    char name[128];
    int i;

    if (s->tok != T_PKG_PART)
        return s->tok == T_PKG_PACKAGE ? ACT_DESCEND : ACT_SKIP;
    attr(r, "name", xmlTextReaderConstNamespaceUri(r), name, sizeof(name));
    c->nparts++;
    if (!strcmp(name, "/word/document.xml"))
        c->seen_doc = 1;
    else if (!strcmp(name, "/word/footnotes.xml"))
        c->foot_order = c->nparts;
    else if (!strcmp(name, "/word/endnotes.xml"))
        c->end_order = c->nparts;
    for (i = 0; i < c->nwant; i++)
        if (!strcmp(name, c->want_name[i])) {
            s->flags |= F_RESTORE;
            story_begin(c, c->want_mode[i], c->want_name[i] + 1);
            return ACT_DESCEND;
        }
    return ACT_SKIP;
}

/* ---- DOCX relationships ---------------------------------------------------------------- */

/* The parts we read, by the last segment of their relationship type (Transitional and Strict
 * types differ only before it). */
static const char *const rel_types[R_COUNT] = {"/officeDocument", "/styles", "/numbering",
                                               "/footnotes", "/endnotes"};
static const char *const rel_defaults[R_COUNT] = {"word/document.xml", "word/styles.xml",
                                                  "word/numbering.xml", "word/footnotes.xml",
                                                  "word/endnotes.xml"};

/*
 * Resolves a relationship target against the folder of its source part into a zip entry
 * name ("../x" and "./" are followed; a leading "/" is the package root). Leaves out empty
 * when the target leaves the package or does not fit.
 */
static void resolve_target(char *out, size_t size, const char *base, const char *target)
{
    char path[320];
    size_t n = 0, i = 0;

    out[0] = '\0';
    if (snprintf(path, sizeof(path), "%s%s", target[0] == '/' ? "" : base,
                 target[0] == '/' ? target + 1 : target) >= (int)sizeof(path))
        return;
    while (path[i]) {
        size_t seg = strcspn(path + i, "/");
        if (seg == 0 || (seg == 1 && path[i] == '.')) {
            /* empty or "." segment: nothing */
        } else if (seg == 2 && path[i] == '.' && path[i + 1] == '.') {
            if (n == 0)
                return; /* above the package root */
            n--;
            while (n > 0 && out[n - 1] != '/')
                n--;
        } else {
            if (n + seg + 2 > size)
                return;
            memcpy(out + n, path + i, seg);
            n += seg;
            out[n++] = '/';
        }
        i += seg;
        if (path[i] == '/')
            i++;
    }
    out[n ? n - 1 : 0] = '\0'; /* drop the final '/' */
}

static int rels_start(wctx *c, xmlTextReaderPtr r, int d)
{
    char type[256], target[256], mode[16];
    size_t tlen, k;

    if (c->stack[d].tok != T_RELATIONSHIP)
        return ACT_DESCEND;
    if (!attr(r, "Type", NULL, type, sizeof(type)) ||
        !attr(r, "Target", NULL, target, sizeof(target)) ||
        (attr(r, "TargetMode", NULL, mode, sizeof(mode)) && !strcmp(mode, "External")))
        return ACT_SKIP;
    tlen = strlen(type);
    for (k = 0; k < R_COUNT; k++) {
        size_t n = strlen(rel_types[k]);
        if (tlen >= n && !strcmp(type + tlen - n, rel_types[k]) && !c->rel_target[k][0]) {
            resolve_target(c->rel_target[k], sizeof(c->rel_target[k]), c->rel_base, target);
            break;
        }
    }
    return ACT_SKIP;
}

/* The root decides what cl__wordxml_read has been given. */
static int sniff_start(wctx *c, xmlTextReaderPtr r, int d)
{
    int tok = c->stack[d].tok;
    if (tok == T_PKG_PACKAGE) {
        c->flat = 1;
        c->out->format = "flat-opc";
        c->mode = M_FLAT; /* this first pass reads the styles and the numbering */
        return ACT_DESCEND;
    }
    if (tok == T_DOCUMENT || tok == T_WORDDOCUMENT) {
        c->out->format = "word-xml";
        c->mode = M_BODY;
        return ACT_DESCEND;
    }
    return fail(c, CL_EFORMAT, "not Word XML: the root element is <%s>",
                (const char *)xmlTextReaderConstName(r));
}

static int on_start(wctx *c, xmlTextReaderPtr r, int d)
{
    switch (c->stack[d].mode) {
    case M_RELS:
        return rels_start(c, r, d);
    case M_SNIFF:
        return sniff_start(c, r, d);
    case M_BODY:
        return body_start(c, r, d);
    case M_NUMBERING:
        return numbering_start(c, r, d);
    case M_STYLES:
        return styles_start(c, r, d);
    default:
        return flat_start(c, r, d);
    }
}

static int on_end(wctx *c, int d)
{
    slot *s = &c->stack[d];
    int error = 0;
    switch (s->mode) {
    case M_BODY:
        error = body_end(c, d);
        break;
    case M_NUMBERING:
        error = numbering_end(c, d);
        break;
    case M_STYLES:
        error = styles_end(c, d);
        break;
    default:
        break;
    }
    if (s->flags & F_RESTORE) {
        while (c->nframes && error >= 0) /* only a broken part leaves one open */
            error = close_para(c);
        c->mode = M_FLAT;
        c->where[0] = '\0';
    }
    return error;
}

/* ---- the walker ---------------------------------------------------------------------- */

/* Reads nodes to the end (or c->stop), dispatching to the mode's handlers. */
static int walk(wctx *c, xmlTextReaderPtr r)
{
    int ret, skip = 0, d, act;

    for (;;) {
        /* xmlTextReaderNext steps over the subtree, still streaming (nothing is built). */
        ret = skip ? xmlTextReaderNext(r) : xmlTextReaderRead(r);
        skip = 0;
        if (ret != 1 || c->error)
            break;
        d = xmlTextReaderDepth(r);
        if (d < 0)
            continue;
        switch (xmlTextReaderNodeType(r)) {
        case XML_READER_TYPE_ELEMENT: {
            slot *s;
            int empty = xmlTextReaderIsEmptyElement(r);
            if ((unsigned)d >= depth_limit())
                return fail(c, CL_ELIMIT, "XML nested deeper than %u elements%s", depth_limit(),
                            c->where);
            if (c->want_encoding) {
                const xmlChar *enc = xmlTextReaderConstEncoding(r);
                c->want_encoding = 0;
                if (enc)
                    snprintf(c->out->encoding, sizeof(c->out->encoding), "%s", (const char *)enc);
            }
            s = &c->stack[d];
            s->tok = (unsigned char)classify(c, r);
            s->flags = 0;
            s->mode = (unsigned char)c->mode;
            if ((act = on_start(c, r, d)) < 0)
                return c->error ? c->error : act;
            if (act == ACT_SKIP)
                skip = 1;
            else if (empty && on_end(c, d) < 0)
                return c->error;
            break;
        }
        case XML_READER_TYPE_END_ELEMENT:
            if (on_end(c, d) < 0)
                return c->error;
            break;
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_WHITESPACE:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
            if (c->mode == M_BODY && body_text(c, r, d) < 0)
                return c->error;
            break;
        case XML_READER_TYPE_DOCUMENT_TYPE:
        case XML_READER_TYPE_ENTITY_REFERENCE:
        case XML_READER_TYPE_ENTITY:
            return reject_dtd(c); /* the guard stops these first; this is belt and braces */
        default:
            break;
        }
    }
    if (c->error)
        return c->error;
    if (ret < 0) {
        if (c->xml_deep)
            return fail(c, CL_ELIMIT, "XML nested deeper than %u elements%s", depth_limit(),
                        c->where);
        if (c->xml_huge)
            return fail(c, CL_ELIMIT, "XML text node longer than %d bytes%s", XML_MAX_TEXT_LENGTH,
                        c->where);
        if (c->xml_nomem)
            return fail(c, CL_ENOMEM, "out of memory parsing XML%s", c->where);
        fail(c, CL_EFORMAT, "invalid XML at line %d%s: %s", c->xmlline, c->where,
             c->xmlmsg[0] ? c->xmlmsg : "unreadable");
        if (c->err && !c->zip) /* a line of the file itself, not of a zip entry */
            c->err->line = c->xmlline > 0 ? (unsigned)c->xmlline : 0;
        return c->error;
    }
    return 0;
}

/* Reads one XML part through the guarded input in the given mode. */
static int read_xml(wctx *c, xin *in, int mode)
{
    xmlTextReaderPtr r;
    int error;

    story_begin(c, mode, in->name);
    c->xmlmsg[0] = '\0';
    c->xml_fatal = c->xml_deep = c->xml_huge = c->xml_nomem = 0;
    c->last_uri = NULL;
    /* No XML_PARSE_NOENT / DTDLOAD / HUGE; NOBLANKS would eat spaces inside w:t. */
    r = xmlReaderForIO(xin_read, NULL, in, NULL, NULL, XML_PARSE_NONET);
    if (!r)
        return c->error ? c->error : fail(c, CL_ENOMEM, "out of memory starting the XML reader");
    xmlTextReaderSetStructuredErrorHandler(r, on_xml_error, c);
    error = walk(c, r);
    xmlFreeTextReader(r);
    while (!error && c->nframes) /* never with well-formed XML; keeps the state sane */
        error = close_para(c);
    return error;
}

/* ---- entry points -------------------------------------------------------------------- */

static int ctx_init(wctx *c, cl_source *out, const cl_read_options *opt, cl_error *err)
{
    memset(c, 0, sizeof(*c));
    c->out = out;
    c->err = err;
    c->view = opt ? opt->revisions : CL_REVISIONS_ACCEPTED;
    c->stage_text.max = CL_MAX_TEXT_BYTES;
    c->abs_id = c->num_id = -1;
    if (!(c->stack = cl__calloc(CL_MAX_XML_DEPTH + 1, sizeof(*c->stack))) ||
        cl__wordnum_new(&c->wn) < 0)
        return fail(c, CL_ENOMEM, "out of memory reading the Word document");
    return 0;
}

static void ctx_dispose(wctx *c)
{
    size_t i;
    for (i = 0; i < c->capframes; i++) {
        cl__buf_dispose(&c->frames[i].text);
        cl__free(c->frames[i].revs);
    }
    cl__free(c->frames);
    cl__buf_dispose(&c->stage_text);
    cl__free(c->staged);
    cl__free(c->stage_revs);
    cl__free(c->stack);
    cl__wordnum_free(c->wn);
}

/* Reads the zip entry `name` if present (required: a missing one is an error). */
static int read_entry(wctx *c, zip_t *za, size_t ziplen, const char *name, int mode, int required)
{
    zip_int64_t idx = zip_name_locate(za, name, 0);
    zip_stat_t st;
    xin in;
    int error;

    if (idx < 0)
        idx = zip_name_locate(za, name, ZIP_FL_NOCASE);
    if (idx < 0)
        return required ? fail(c, CL_EFORMAT, "not a Word document: %s is missing", name) : 0;
    zip_stat_init(&st);
    if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) < 0)
        return fail(c, CL_EFORMAT, "corrupt or truncated zip: %s: %s", name, zip_strerror(za));
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        return fail(c, CL_EFORMAT, "the document is password-protected (%s is encrypted)", name);
    /* A declared size can lie downwards (the inflater's output is what is counted below), but
     * one that already says too much is refused before anything is inflated. */
    if ((st.valid & ZIP_STAT_SIZE) && st.size > CL_MAX_ZIP_ENTRY_BYTES)
        return fail(c, CL_ELIMIT, "zip entry %s declares %llu bytes, above the limit of %u", name,
                    (unsigned long long)st.size, (unsigned)CL_MAX_ZIP_ENTRY_BYTES);
    if ((st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE) &&
        st.size > 16u * 1024 * 1024 &&
        st.size / CL_MAX_ZIP_RATIO > (st.comp_size ? st.comp_size : 1))
        return fail(c, CL_ELIMIT, "zip entry %s has a compression ratio above %u:1 (zip bomb?)",
                    name, (unsigned)CL_MAX_ZIP_RATIO);
    memset(&in, 0, sizeof(in));
    in.c = c;
    in.name = name;
    /* The ratio is judged against the compressed size, bounded by the archive itself. */
    in.comp = (st.valid & ZIP_STAT_COMP_SIZE) && st.comp_size < ziplen ? st.comp_size : ziplen;
    if (!(in.zf = zip_fopen_index(za, (zip_uint64_t)idx, 0)))
        return fail(c, CL_EFORMAT, "corrupt or truncated zip: %s: %s", name, zip_strerror(za));
    error = read_xml(c, &in, mode);
    zip_fclose(in.zf);
    return error;
}

/*
 * Finds the parts through the package relationships (_rels/.rels names the main document,
 * usually word/document.xml but not always; its own .rels names the rest), falling back to
 * Word's standard names for whatever they do not say.
 */
static int find_parts(wctx *c, zip_t *za, size_t len)
{
    char rels[200];
    const char *main_part, *slash;
    size_t k, dir;
    int error;

    if ((error = read_entry(c, za, len, "_rels/.rels", M_RELS, 0)) < 0)
        return error;
    if (!c->rel_target[R_DOC][0] || zip_name_locate(za, c->rel_target[R_DOC], 0) < 0)
        snprintf(c->rel_target[R_DOC], sizeof(c->rel_target[R_DOC]), "%s", rel_defaults[R_DOC]);
    main_part = c->rel_target[R_DOC];
    if (zip_name_locate(za, main_part, 0) < 0 && zip_name_locate(za, main_part, ZIP_FL_NOCASE) < 0)
        return fail(c, CL_EFORMAT, "not a Word document: %s is missing", main_part);
    slash = strrchr(main_part, '/');
    dir = slash ? (size_t)(slash - main_part) + 1 : 0;
    snprintf(c->rel_base, sizeof(c->rel_base), "%.*s", (int)dir, main_part);
    snprintf(rels, sizeof(rels), "%s_rels/%s.rels", c->rel_base, main_part + dir);
    if ((error = read_entry(c, za, len, rels, M_RELS, 0)) < 0)
        return error;
    for (k = R_STYLES; k < R_COUNT; k++)
        if (!c->rel_target[k][0])
            snprintf(c->rel_target[k], sizeof(c->rel_target[k]), "%s", rel_defaults[k]);
    return 0;
}

int cl__docx_read(cl_source *out, const unsigned char *bytes, size_t len,
                  const cl_read_options *opt, cl_error *err)
{
    wctx c;
    xml_handlers h;
    zip_error_t ze;
    zip_source_t *src;
    zip_t *za = NULL;
    int error;

    if ((error = ctx_init(&c, out, opt, err)) < 0)
        goto done;
    zip_error_init(&ze);
    if (!(src = zip_source_buffer_create(bytes, len, 0, &ze))) {
        error = fail(&c, CL_ENOMEM, "out of memory opening the zip");
        zip_error_fini(&ze);
        goto done;
    }
    if (!(za = zip_open_from_source(src, ZIP_RDONLY, &ze))) {
        zip_source_free(src);
        error = fail(&c, CL_EFORMAT, "corrupt or truncated zip: %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        goto done;
    }
    zip_error_fini(&ze);
    c.zip = 1;
    xml_begin(&h, &c);
    if (!(error = find_parts(&c, za, len))) {
        out->format = "docx";
        if (!(error = read_entry(&c, za, len, c.rel_target[R_STYLES], M_STYLES, 0)) &&
            !(error = read_entry(&c, za, len, c.rel_target[R_NUMBERING], M_NUMBERING, 0))) {
            c.want_encoding = 1;
            if (!(error = read_entry(&c, za, len, c.rel_target[R_DOC], M_BODY, 1)) &&
                !(error = read_entry(&c, za, len, c.rel_target[R_FOOTNOTES], M_BODY, 0)))
                error = read_entry(&c, za, len, c.rel_target[R_ENDNOTES], M_BODY, 0);
        }
    }
    xml_end(&h);
done:
    if (za)
        zip_discard(za);
    ctx_dispose(&c);
    return error;
}

/* One pass over a Flat OPC package, reading the named parts. */
static int flat_pass(wctx *c, const unsigned char *bytes, size_t len, int n,
                     const char *const *names, const int *modes)
{
    xin in;
    int i;
    memset(&in, 0, sizeof(in));
    in.c = c;
    in.mem = bytes;
    in.memlen = len;
    c->nwant = n;
    for (i = 0; i < n; i++) {
        c->want_name[i] = names[i];
        c->want_mode[i] = modes[i];
    }
    return read_xml(c, &in, M_FLAT);
}

int cl__wordxml_read(cl_source *out, const unsigned char *bytes, size_t len,
                     const cl_read_options *opt, cl_error *err)
{
    static const char *const defs[] = {"/word/styles.xml", "/word/numbering.xml"};
    static const int defs_mode[] = {M_STYLES, M_NUMBERING};
    static const char *const doc[] = {"/word/document.xml"};
    static const char *const foot[] = {"/word/footnotes.xml", "/word/endnotes.xml"};
    static const char *const end[] = {"/word/endnotes.xml"};
    static const int body_modes[] = {M_BODY, M_BODY};
    wctx c;
    xml_handlers h;
    xin in;
    int error;

    if ((error = ctx_init(&c, out, opt, err)) < 0)
        goto done;
    xml_begin(&h, &c);
    memset(&in, 0, sizeof(in));
    in.c = &c;
    in.mem = bytes;
    in.memlen = len;
    /* First pass: the root says which flavour; a bare document.xml or Word 2003 XML is read
     * whole in it, a package has its styles and numbering read (they follow the body in the
     * file, and the body needs them first). */
    c.want_encoding = 1;
    c.nwant = 2;
    c.want_name[0] = defs[0];
    c.want_name[1] = defs[1];
    c.want_mode[0] = defs_mode[0];
    c.want_mode[1] = defs_mode[1];
    error = read_xml(&c, &in, M_SNIFF);
    if (!error && c.flat) {
        if (!c.seen_doc)
            error = fail(&c, CL_EFORMAT,
                         "not a Word document: the package has no /word/document.xml part");
        if (!error)
            error = flat_pass(&c, bytes, len, 1, doc, body_modes);
        if (!error && c.foot_order && c.end_order && c.foot_order < c.end_order)
            error = flat_pass(&c, bytes, len, 2, foot, body_modes);
        else if (!error && c.foot_order)
            error = flat_pass(&c, bytes, len, 1, foot, body_modes);
        if (!error && c.end_order && !(c.foot_order && c.foot_order < c.end_order))
            error = flat_pass(&c, bytes, len, 1, end, body_modes);
    }
    xml_end(&h);
done:
    ctx_dispose(&c);
    return error;
}
