/*
 * engine.h — matching a rule pack against a segmented document: one verdict per requirement,
 * with evidence spans in the normalised text. Knows nothing about files or output formats.
 */
#ifndef CL_ENGINE_H
#define CL_ENGINE_H

#include "rules.h"
#include "segment.h"

/* One hit: a pattern that fired in a unit. */
typedef struct cl_hit {
    cl_span match;   /* what the pattern matched */
    cl_span unit;    /* the sentence / 項 / article it matched in */
    size_t sentence; /* index of the sentence holding match.start */
    const cl_pattern *pattern;
} cl_hit;

typedef struct cl_verdict {
    const cl_requirement *req;
    cl_status status;
    long notice_days; /* -1 when none */
    cl_buf message;   /* what was looked for, found, and why */
    cl_hit *hits;     /* evidence, most relevant first */
    size_t nhits, caphits;
} cl_verdict;

typedef struct cl_engine_input {
    const char *text; /* normalised */
    size_t len;
    const cl_segments *segs;
    long min_notice_days;
    int lang; /* CL_LANG_JA / CL_LANG_EN: judge only that language's
                 sentences (one version of a bilingual document); 0 = all */
} cl_engine_input;

/*
 * Computes the verdicts of every requirement (out must have set->nreqs entries).
 * Returns 0 or CL_ENOMEM. A pattern that hits PCRE2's limits makes its requirement partial
 * with a message saying so; the run goes on.
 */
int cl__engine_run(cl_verdict *out, const cl_ruleset *set, const cl_engine_input *in,
                   cl_error *err);
void cl__verdict_dispose(cl_verdict *v);

#endif
