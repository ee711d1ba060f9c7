/*
 * offmap.h — a compact, monotonic map between byte offsets of two texts.
 *
 * Used twice: normalised text -> decoded text (NFKC changes lengths) and decoded text ->
 * original file bytes (encodings change lengths). The map is a list of runs; in a run every
 * unit is from_w bytes in the "from" text and to_w bytes in the "to" text, so long stretches
 * of one script cost one entry.
 */
#ifndef CL_OFFMAP_H
#define CL_OFFMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct cl_offrun {
    size_t from;  /* start of the run in the "from" text */
    size_t to;    /* start of the run in the "to" text */
    size_t count; /* number of units */
    uint32_t from_w, to_w;
} cl_offrun;

typedef struct cl_offmap {
    cl_offrun *runs;
    size_t nruns, cap;
} cl_offmap;

#define CL_OFFMAP_INIT                                                                             \
    {                                                                                              \
        NULL, 0, 0                                                                                 \
    }

/*
 * Appends one unit: from[from_off, from_off+from_len) corresponds to to[to_off, to_off+to_len).
 * Units must be appended in increasing order of both offsets. Returns 0 or CL_ENOMEM.
 */
int cl__offmap_add(cl_offmap *m, size_t from_off, size_t from_len, size_t to_off, size_t to_len);
/* Maps an offset; an offset inside a unit maps to the unit's start ("to" side). */
size_t cl__offmap_start(const cl_offmap *m, size_t from_off);
/* Maps an end offset; an offset inside a unit maps to the unit's end. */
size_t cl__offmap_end(const cl_offmap *m, size_t from_off);
void cl__offmap_dispose(cl_offmap *m);

#endif
