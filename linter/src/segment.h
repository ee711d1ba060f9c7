/*
 * segment.h — the structure of a contract: articles (第N条, SLA sections 1.2, Markdown
 * headings, 別紙/別表), their 項 (clauses) and 号 (items), and sentences. Every sentence knows
 * its path, e.g. 第15条第2項第1号 or 3.2. Works on normalised text; looks at the decoded
 * source character where NFKC merged distinct markers (① vs 1).
 */
#ifndef CL_SEGMENT_H
#define CL_SEGMENT_H

#include "normalize.h"

typedef struct cl_span {
    size_t start, end; /* half-open byte range in the normalised text */
} cl_span;

typedef struct cl_article {
    cl_span span;    /* from its heading to the next article */
    cl_span heading; /* the title: （見出し） or the section title; empty when none */
    char label[48];  /* "第15条", "第12条の2", "3.2", "別紙1", "" for the preamble */
} cl_article;

typedef struct cl_clause {
    cl_span span;    /* the 項, its 号 included */
    int article;     /* index into articles */
    unsigned number; /* 1-based */
} cl_clause;

typedef struct cl_item {
    cl_span span;
    int clause;     /* index into clauses */
    char label[16]; /* "第1号", "ア", "(a)" … as it appears in the path */
} cl_item;

typedef struct cl_sentence {
    cl_span span;
    int article;        /* index, or -1 before the first article */
    int clause;         /* index, or -1 */
    int item;           /* index, or -1 */
    unsigned char lang; /* CL_LANG_*: the language the sentence is written in */
} cl_sentence;

/* Languages of sentences, for bilingual documents. */
enum { CL_LANG_NONE = 0, CL_LANG_JA = 1, CL_LANG_EN = 2 };

typedef struct cl_segments {
    cl_article *articles;
    size_t narticles;
    cl_clause *clauses;
    size_t nclauses;
    cl_item *items;
    size_t nitems;
    cl_sentence *sentences;
    size_t nsentences;
} cl_segments;

/*
 * Segments normalised text. @p decoded and @p map (normalised -> decoded) let the segmenter
 * look at source characters; both may be NULL. Returns 0, CL_ENOMEM or CL_ELIMIT.
 */
int cl__segment(cl_segments *out, const char *norm, size_t len, const char *decoded,
                const cl_offmap *map, cl_error *err);
void cl__segments_dispose(cl_segments *segs);

/* Writes the path of sentence i ("第15条第2項第1号", "3.2", "") into buf. */
void cl__segments_path(char *buf, size_t size, const cl_segments *segs, size_t sentence);

#endif
