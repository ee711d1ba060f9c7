/*
 * normalize.h — the text the rules match against: NFKC (full-width ASCII to half-width,
 * half-width katakana to full-width, ① to 1 …), one kind of space and dash, '\n' for every
 * line ending, with a map back to the decoded text so quotes and columns stay exact.
 */
#ifndef CL_NORMALIZE_H
#define CL_NORMALIZE_H

#include "offmap.h"
#include "util.h"

typedef struct cl_normtext {
    cl_buf text;   /* normalised UTF-8, NUL-terminated */
    cl_offmap map; /* normalised offset -> decoded offset */
} cl_normtext;

void cl__normtext_init(cl_normtext *nt);
void cl__normtext_dispose(cl_normtext *nt);

/* Normalises valid UTF-8 text[0..len). Returns 0, CL_ENOMEM or CL_ELIMIT. */
int cl__normalize(cl_normtext *out, const char *text, size_t len, cl_error *err);

#endif
