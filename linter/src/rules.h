/*
 * rules.h — a rule pack in memory: requirements with compiled PCRE2 patterns.
 *
 * YAML shape (patterns/README.md documents it for rule authors):
 *
 *   pack: kamakura-2024            # required
 *   version: "2024.1"              # required
 *   title: ...                     # required
 *   requirements:                  # required, non-empty
 *     - id: data-return            # required, unique, [a-z0-9-]+
 *       section: 4(3)ア(ア)        # required
 *       summary: ...               # required
 *       looks_for: ...             # required: what is searched, in words (used when missing)
 *       level: {class3: error, class2: error, class1: note}   # required, all three
 *       scope: sentence | clause | article                   # required
 *       context: [regex, ...]      # optional: the unit or its article heading must match one
 *       notice_period: true        # optional: extract notice_days; satisfied without a
 *                                  # definite period becomes partial
 *       contradicted: [pattern, ...]   # at least one of the three lists is non-empty
 *       partial: [pattern, ...]
 *       satisfied: [pattern, ...]
 *       suggestion: ...            # optional: our own wording for a missing clause
 *       examples:                  # required: lists keyed by expected status
 *         satisfied: [text, ...]
 *         contradicted: [text, ...]
 *         missing: [text, ...]
 *
 * A pattern is either a regex string or a mapping:
 *     - match: regex               # required
 *       unless: [regex, ...]       # the hit does not count if any matches the sentence(s)
 *                                  # the match stands in
 *       also: [regex, ...]         # every one must match somewhere in the same unit too
 *       without: [regex, ...]      # the hit does not count if any matches anywhere in the unit
 *       fallback: true             # counts only when no other pattern of the requirement
 *                                  # fires anywhere in the document ("… and nothing else")
 *       message: text              # why this counts (shown in the verdict)
 */
#ifndef CL_RULES_H
#define CL_RULES_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "clauselint.h"

typedef enum { CL_SCOPE_SENTENCE = 0, CL_SCOPE_CLAUSE, CL_SCOPE_ARTICLE } cl_scope;

typedef struct cl_regex {
    char *source; /* the regex as written */
    unsigned line, column;
    pcre2_code *code; /* compiled with UTF | UCP, JIT-compiled when available */
} cl_regex;

typedef struct cl_pattern {
    cl_regex match;
    cl_regex *unless;
    size_t nunless;
    cl_regex *also;
    size_t nalso;
    cl_regex *without;
    size_t nwithout;
    char *message; /* may be NULL */
    int fallback;  /* counts only when nothing else of the requirement fires */
} cl_pattern;

/* Index of the pattern lists, in the order the engine tries them on a unit. */
enum { CL_PAT_CONTRADICTED = 0, CL_PAT_PARTIAL = 1, CL_PAT_SATISFIED = 2, CL_PAT_KINDS = 3 };

typedef struct cl_example {
    char *text;
    cl_status expect;
    unsigned line;
} cl_example;

typedef struct cl_requirement {
    char *id, *section, *summary, *looks_for, *suggestion;
    cl_level level[4]; /* by class 1..3 */
    cl_scope scope;
    cl_regex *context;
    size_t ncontext;
    int notice_period;
    cl_pattern *patterns[CL_PAT_KINDS];
    size_t npatterns[CL_PAT_KINDS];
    cl_example *examples;
    size_t nexamples;
    unsigned line; /* where the requirement starts in the pack */
} cl_requirement;

struct cl_ruleset {
    char *id, *version, *title, *path;
    cl_requirement *reqs;
    size_t nreqs;
    pcre2_match_context *mctx; /* match/depth limits, shared read-only */
    pcre2_jit_stack *jit_stack;
};

/*
 * Matches re against subject[start..end) (the subject beyond end is invisible). Returns 1 and
 * sets *ms and *me (absolute offsets) on a match, 0 on no match, CL_ELIMIT when PCRE2's match or
 * depth limit was hit (a catastrophic pattern), CL_ENOMEM. @p md is caller-owned scratch
 * (pcre2_match_data_create(…)); one per thread.
 */
int cl__regex_find_ctx(const cl_ruleset *set, pcre2_match_context *mctx, const cl_regex *re,
                       const char *subject, size_t start, size_t end, pcre2_match_data *md,
                       size_t *ms, size_t *me);
/* cl__regex_find with another match context (NULL: the ruleset's): one per thread, since a
 * JIT stack must not be used by two threads at once. */
int cl__regex_find(const cl_ruleset *set, const cl_regex *re, const char *subject, size_t start,
                   size_t end, pcre2_match_data *md, size_t *ms, size_t *me);

#endif
