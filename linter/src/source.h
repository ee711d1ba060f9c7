/*
 * source.h — what a reader hands to the rest of the pipeline: the document as decoded UTF-8
 * text, with where each part of it came from.
 *
 * Plain text: text is the file decoded to UTF-8 (BOM removed, line endings kept as they were);
 * src_map maps text offsets back to the file's bytes. Word and HTML: text is one paragraph
 * per line ('\n' between paragraphs; a line break inside a paragraph is also a '\n', so the
 * segmenter sees the line structure), and paras[] says where each paragraph starts, its number
 * and the part it came from.
 */
#ifndef CL_SOURCE_H
#define CL_SOURCE_H

#include "offmap.h"
#include "util.h"

typedef enum {
    CL_PART_BODY = 0,
    CL_PART_TABLE,
    CL_PART_TEXTBOX,
    CL_PART_FOOTNOTE,
    CL_PART_ENDNOTE
} cl_part;

const char *cl__part_name(cl_part part);

typedef struct cl_para {
    size_t start;    /* byte offset of the paragraph's first byte in text */
    unsigned number; /* 1-based, in reading order */
    cl_part part;
} cl_para;

/* A tracked change (Word): where it stands in text, and who made it. */
typedef struct cl_revision {
    size_t start, end; /* span in text of this view; empty for text removed in this view */
    int inserted;      /* 1 = w:ins / w:moveTo, 0 = w:del / w:moveFrom */
    char author[64];
} cl_revision;

typedef struct cl_source {
    cl_buf text;       /* decoded UTF-8, NUL-terminated */
    cl_offmap src_map; /* text offset -> original file byte; empty = identity + src_base */
    size_t src_base;   /* bytes skipped at the start of the file (a BOM) */
    cl_para *paras;    /* NULL for plain text */
    size_t npara, cappara;
    cl_revision *revisions; /* tracked changes seen while reading this view */
    size_t nrev, caprev;
    const char *format;   /* static string: "text", "docx", "flat-opc", "word-xml", "html" */
    char encoding[32];    /* encoding the bytes were decoded from */
    int encoding_guessed; /* 1 when detection had low confidence */
} cl_source;

void cl__source_init(cl_source *src);
void cl__source_dispose(cl_source *src);
/* Starts a new paragraph at the current end of text (structured formats). */
int cl__source_begin_para(cl_source *src, cl_part part);
/* Records a tracked change. */
int cl__source_add_revision(cl_source *src, size_t start, size_t end, int inserted,
                            const char *author);
/* Maps a text offset to the original file's byte offset (-1 when unknown). */
long long cl__source_file_offset(const cl_source *src, size_t text_off);

/* Options a reader needs. */
typedef struct cl_read_options {
    cl_revisions revisions; /* which view of tracked changes */
    const char *encoding;   /* forced encoding name, or NULL */
} cl_read_options;

/*
 * Reads a document from bytes, choosing the reader by content (design.md §2):
 * UTF-8/UTF-16 BOM or plain text -> text reader; zip with word/document.xml -> DOCX;
 * <pkg:package -> Flat OPC; <w:wordDocument or <w:document -> Word XML; <html -> HTML;
 * D0 CF 11 E0 -> a clear error about legacy .doc / encrypted DOCX.
 * On failure returns a negative code with err set (message names what is wrong).
 */
int cl__read(cl_source *out, const unsigned char *bytes, size_t len, const cl_read_options *opt,
             cl_error *err);

/* The readers cl__read dispatches to. Each appends to an initialised out. */
int cl__text_read(cl_source *out, const unsigned char *bytes, size_t len,
                  const cl_read_options *opt, cl_error *err);
int cl__docx_read(cl_source *out, const unsigned char *bytes, size_t len,
                  const cl_read_options *opt, cl_error *err);
/* Word XML already out of the zip: document.xml, Flat OPC or Word 2003 XML. */
int cl__wordxml_read(cl_source *out, const unsigned char *bytes, size_t len,
                     const cl_read_options *opt, cl_error *err);
int cl__html_read(cl_source *out, const unsigned char *bytes, size_t len,
                  const cl_read_options *opt, cl_error *err);

/* ---- Word numbering (wordnum.c; owner: the Word reader, docx.c) ----------------------
 * Word draws list labels ("第3条", "（2）", "①") in front of numbered paragraphs but never
 * stores them in document.xml. docx.c parses numbering.xml and styles.xml into a cl_wordnum,
 * then asks for each paragraph's label in reading order; the counters live in cl_wordnum.
 */
typedef struct cl_wordnum cl_wordnum;

/* One w:lvl of numbering.xml. Strings are borrowed for the call (copied inside). */
typedef struct cl_wordnum_level {
    long start;         /* w:start (0 when absent, as the standard says) */
    int restart;        /* w:lvlRestart: -1 absent, 0 never, N after level N (1-based) */
    int is_lgl;         /* w:isLgl: every number of this level's text in decimal */
    const char *fmt;    /* w:numFmt, e.g. "decimal", "japaneseCounting"; NULL = decimal */
    const char *text;   /* w:lvlText, e.g. "第%1条"; NULL = no label */
    const char *pstyle; /* w:pStyle: the paragraph style linked to this level, or NULL */
} cl_wordnum_level;

int cl__wordnum_new(cl_wordnum **out);
void cl__wordnum_free(cl_wordnum *wn);
/* numbering.xml: w:abstractNum/w:lvl, w:abstractNum/w:numStyleLink, w:num/w:abstractNumId,
 * w:num/w:lvlOverride (start and/or lvl may be NULL). CL_ENOMEM or CL_ELIMIT. */
int cl__wordnum_add_level(cl_wordnum *wn, long abstract_id, int ilvl, const cl_wordnum_level *lvl);
int cl__wordnum_add_link(cl_wordnum *wn, long abstract_id, const char *style_id);
int cl__wordnum_add_num(cl_wordnum *wn, long num_id, long abstract_id);
int cl__wordnum_add_override(cl_wordnum *wn, long num_id, int ilvl, const long *start,
                             const cl_wordnum_level *lvl);
/* styles.xml: a paragraph or numbering style; num_id/ilvl -1 when its w:numPr lacks them. */
int cl__wordnum_add_style(cl_wordnum *wn, const char *style_id, const char *based_on, long num_id,
                          int ilvl, int is_default);
/*
 * Appends to out the label of the next paragraph with style style_id (NULL: the default
 * paragraph style) and direct w:numPr num_id / ilvl (-1 when not given), advancing the
 * counters. Appends nothing when the paragraph is not numbered, or is a bullet.
 */
int cl__wordnum_label(cl_wordnum *wn, cl_buf *out, const char *style_id, long num_id, int ilvl);
/* Appends value written in Word's number format fmt ("decimal", "upperRoman", …). */
int cl__wordnum_format(cl_buf *out, const char *fmt, long value);

#endif
