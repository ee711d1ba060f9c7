/*
 * source.h — what a reader hands to the rest of the pipeline: the document as decoded UTF-8
 * text, with where each part of it came from.
 *
 * Plain text: text is the file decoded to UTF-8 (BOM removed, line endings kept as they were);
 * src_map maps text offsets back to the file's bytes. Word and HTML: text is one paragraph
 * per line ('\n' between paragraphs; a line break inside a paragraph is a '\v'), and paras[]
 * says where each paragraph starts, its number and the part it came from.
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
    size_t start, end;  /* span in text of this view; empty for text removed in this view */
    int inserted;       /* 1 = w:ins / w:moveTo, 0 = w:del / w:moveFrom */
    char author[64];
} cl_revision;

typedef struct cl_source {
    cl_buf text;             /* decoded UTF-8, NUL-terminated */
    cl_offmap src_map;       /* text offset -> original file byte; empty = identity + src_base */
    size_t src_base;         /* bytes skipped at the start of the file (a BOM) */
    cl_para *paras;          /* NULL for plain text */
    size_t npara, cappara;
    cl_revision *revisions;  /* tracked changes seen while reading this view */
    size_t nrev, caprev;
    const char *format;      /* static string: "text", "docx", "flat-opc", "word-xml", "html" */
    char encoding[32];       /* encoding the bytes were decoded from */
    int encoding_guessed;    /* 1 when detection had low confidence */
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
    cl_revisions revisions;  /* which view of tracked changes */
    const char *encoding;    /* forced encoding name, or NULL */
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

#endif
