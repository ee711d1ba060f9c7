/*
 * offmap.c — run-length offset maps between two texts (see offmap.h). Appending merges a unit
 * into the last run when it continues it with the same widths, so a page of kanji decoded
 * from Shift_JIS costs one run, and lookups are a binary search over runs.
 */
#include "offmap.h"

#include "clauselint.h"
#include "util.h"

int cl__offmap_add(cl_offmap *m, size_t from_off, size_t from_len, size_t to_off, size_t to_len)
{
    cl_offrun *last = m->nruns ? &m->runs[m->nruns - 1] : NULL;

    if (last && last->from_w == from_len && last->to_w == to_len &&
        last->from + last->count * last->from_w == from_off &&
        last->to + last->count * last->to_w == to_off) {
        last->count++;
        return 0;
    }
    if (m->nruns == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 16;
        cl_offrun *runs = cl__realloc(m->runs, cap * sizeof(*runs));
        if (!runs)
            return CL_ENOMEM;
        m->runs = runs;
        m->cap = cap;
    }
    m->runs[m->nruns].from = from_off;
    m->runs[m->nruns].to = to_off;
    m->runs[m->nruns].count = 1;
    m->runs[m->nruns].from_w = (uint32_t)from_len;
    m->runs[m->nruns].to_w = (uint32_t)to_len;
    m->nruns++;
    return 0;
}

/* Index of the last run starting at or before off (0 when off precedes every run). */
static size_t find_run(const cl_offmap *m, size_t off)
{
    size_t lo = 0, hi = m->nruns;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->runs[mid].from <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static size_t map(const cl_offmap *m, size_t off, int round_up)
{
    const cl_offrun *r;
    size_t rel, unit, within;

    if (m->nruns == 0)
        return off;
    r = &m->runs[find_run(m, off)];
    if (off < r->from)
        return r->to;
    if (r->from_w == 0) /* a unit that is empty on the "from" side */
        return round_up ? r->to + r->count * r->to_w : r->to;
    rel = off - r->from;
    unit = rel / r->from_w;
    within = rel % r->from_w;
    if (unit >= r->count) /* past the run: continue 1:1 after its end */
        return r->to + r->count * r->to_w + (rel - r->count * r->from_w);
    if (within && round_up)
        unit++;
    return r->to + unit * r->to_w;
}

size_t cl__offmap_start(const cl_offmap *m, size_t from_off)
{
    return map(m, from_off, 0);
}

size_t cl__offmap_end(const cl_offmap *m, size_t from_off)
{
    return map(m, from_off, 1);
}

void cl__offmap_dispose(cl_offmap *m)
{
    cl__free(m->runs);
    m->runs = NULL;
    m->nruns = m->cap = 0;
}
