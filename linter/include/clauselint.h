/*
 * clauselint.h — the public API of the clauselint library.
 *
 * clauselint reads vendor contracts (plain text, DOCX, Word XML, HTML), checks them
 * against a rule pack (default: the Kamakura City external-service standard 2024) and
 * returns one verdict per requirement with evidence. Data flows one way:
 *
 *   bytes -read-> text -normalise-> text + offset map -segment-> sentences
 *         -match(pack)-> results -report-> text | json
 *
 * Ownership: functions named _load/_new/_lint write *out only on success and the caller
 * frees it with the matching _free (NULL-safe). Results point at their ruleset's strings,
 * so a ruleset must outlive every cl_doc_report produced with it.
 */
#ifndef CLAUSELINT_H
#define CLAUSELINT_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CL_VERSION "0.1.0"

/* ---- errors -------------------------------------------------------------------------- */

enum {
    CL_OK = 0,
    CL_ERROR = -1,     /* generic failure */
    CL_ENOMEM = -2,    /* out of memory */
    CL_EIO = -3,       /* a file could not be read or written */
    CL_EFORMAT = -4,   /* the input is not a format we read, or is corrupt */
    CL_EENCODING = -5, /* bytes that do not decode */
    CL_ERULE = -6,     /* an invalid rule pack */
    CL_ELIMIT = -7,    /* a limit was reached (see cl_limits.h / README "Limits") */
    CL_EINVAL = -8     /* a bad argument: a bug in the caller */
};

/** Details of an operational failure; the caller owns it (stack is fine). */
typedef struct cl_error {
    int code;          /* one of the CL_E* values, 0 when no error */
    const char *path;  /* borrowed: the file the error is about, or NULL */
    unsigned line;     /* 1-based, 0 = unknown */
    unsigned column;   /* 1-based in code points, 0 = unknown */
    long long offset;  /* byte offset in the input, -1 = unknown */
    char message[256]; /* one line, lowercase, no final period */
} cl_error;

/** Resets @p err to "no error". */
void cl_error_clear(cl_error *err);

/* ---- verdicts ------------------------------------------------------------------------ */

typedef enum {
    CL_STATUS_SATISFIED = 0,
    CL_STATUS_PARTIAL,
    CL_STATUS_MISSING,
    CL_STATUS_CONTRADICTED
} cl_status;

typedef enum { CL_LEVEL_NONE = 0, CL_LEVEL_NOTE, CL_LEVEL_WARNING, CL_LEVEL_ERROR } cl_level;

/** "satisfied", "partial", "missing", "contradicted". */
const char *cl_status_name(cl_status status);
/** "none", "note", "warning", "error". */
const char *cl_level_name(cl_level level);
/** Parses a level name; returns 0 and sets *out, or CL_EINVAL. */
int cl_level_parse(cl_level *out, const char *name);

/* ---- rule packs ---------------------------------------------------------------------- */

typedef struct cl_ruleset cl_ruleset;

/**
 * Receives one problem found while loading a pack (every problem, not only the first).
 * @p line and @p column are 1-based positions in @p path.
 */
typedef void (*cl_diag_fn)(const char *path, unsigned line, unsigned column, const char *message,
                           void *payload);

/** Loads the pack built into the binary (kamakura-2024). */
int cl_ruleset_load_default(cl_ruleset **out, cl_error *err);
/** Loads a YAML pack; every problem goes to @p diag (may be NULL), the first to @p err. */
int cl_ruleset_load_file(cl_ruleset **out, const char *path, cl_diag_fn diag, void *payload,
                         cl_error *err);
/** Loads a YAML pack from memory; @p name is used in messages. */
int cl_ruleset_load_memory(cl_ruleset **out, const char *yaml, size_t len, const char *name,
                           cl_diag_fn diag, void *payload, cl_error *err);
void cl_ruleset_free(cl_ruleset *set);

/** Read-only view of one requirement; strings live as long as the ruleset. */
typedef struct cl_requirement_info {
    const char *id;
    const char *section;
    const char *summary;
    const char *looks_for;  /* what the rule searches for, in words */
    const char *suggestion; /* suggested wording when missing, may be NULL */
    cl_level level[4];      /* by information class 1..3 (index 0 unused) */
} cl_requirement_info;

const char *cl_ruleset_id(const cl_ruleset *set);
const char *cl_ruleset_version(const cl_ruleset *set);
const char *cl_ruleset_title(const cl_ruleset *set);
size_t cl_ruleset_count(const cl_ruleset *set);
/** Fills @p out for requirement @p i (0-based, pack order). */
void cl_ruleset_requirement(cl_requirement_info *out, const cl_ruleset *set, size_t i);

/** Result of running one requirement's examples. */
typedef void (*cl_example_fn)(const char *requirement, const char *text, cl_status expected,
                              cl_status got, void *payload);
/**
 * Runs every example of every requirement through the real engine. Calls @p fn for each
 * example (may be NULL). Returns the number of failures: wrong verdicts, plus one for each
 * requirement that none of its examples makes fire (no example other than "missing").
 */
int cl_ruleset_test_examples(const cl_ruleset *set, cl_example_fn fn, void *payload);

/* ---- linting ------------------------------------------------------------------------- */

typedef enum { CL_REVISIONS_ACCEPTED = 0, CL_REVISIONS_ORIGINAL } cl_revisions;

typedef struct cl_options {
    int info_class;         /* 1, 2 or 3 (default 2) */
    long min_notice_days;   /* 0 = no minimum */
    cl_revisions revisions; /* which reading of tracked changes to lint */
    const char *encoding;   /* force an input encoding (NULL = detect) */
} cl_options;

/** Sets the defaults: class 2, no minimum notice, changes accepted, encoding detected. */
void cl_options_init(cl_options *opt);

/** Where a piece of evidence stands. */
typedef struct cl_evidence {
    char *quote;        /* the sentence (original text, trimmed), UTF-8 */
    unsigned line;      /* 1-based; for Word/HTML documents the paragraph number */
    unsigned column;    /* 1-based, in Unicode code points */
    unsigned paragraph; /* 1-based paragraph number (Word/HTML), 0 for plain text */
    const char *part;   /* "body", "table", "textbox", "footnote", "endnote" */
    char *article;      /* e.g. "第15条第2項", "3.2", "" when none */
    long long offset;   /* byte offset of the match in the original file, -1 unknown */
} cl_evidence;

typedef struct cl_result {
    const char *requirement; /* borrowed from the ruleset */
    const char *section;     /* borrowed from the ruleset */
    cl_status status;
    cl_level level; /* CL_LEVEL_NONE when satisfied */
    char *message;
    long notice_days; /* -1 when no period was stated */
    cl_evidence *evidence;
    size_t nevidence;
} cl_result;

/** The verdicts for one document. */
typedef struct cl_doc_report {
    char *path;
    const char *format;   /* "text", "docx", "flat-opc", "word-xml", "html"; NULL if unread */
    char encoding[32];    /* e.g. "UTF-8", "Shift_JIS" */
    int encoding_guessed; /* 1 when the encoding was guessed with low confidence */
    char sha256[65];      /* hex digest of the file's bytes, "" if unread */
    cl_result *results;   /* one per requirement, pack order; NULL when unread */
    size_t nresults;
    char **errors; /* messages of input errors; the document has no results then */
    size_t nerrors;
    char **warnings; /* "note: …" / "warning: …" lines about the input (guessed
                        encoding, bilingual versions that disagree, …) */
    size_t nwarnings;
} cl_doc_report;

/**
 * Lints one file. Input problems (unreadable, undecodable, hostile) are not failures:
 * they return 0 with a report whose errors[] says what was wrong. Only OOM and bugs
 * return a negative code.
 */
int cl_lint_file(cl_doc_report **out, const cl_ruleset *set, const char *path,
                 const cl_options *opt, cl_error *err);
/** Lints bytes in memory; @p path is only used in the report. */
int cl_lint_memory(cl_doc_report **out, const cl_ruleset *set, const char *path, const void *bytes,
                   size_t len, const cl_options *opt, cl_error *err);
void cl_doc_report_free(cl_doc_report *rep);

/* ---- reports ------------------------------------------------------------------------- */

typedef struct cl_report_meta {
    const cl_ruleset *set;
    int info_class;
    int color;     /* text report: use ANSI colour */
    int checklist; /* text report: print the per-document checklist */
} cl_report_meta;

/** Writes the JSON report (design.md §6), deterministic to the byte. */
int cl_report_write_json(FILE *fp, const cl_report_meta *meta, cl_doc_report *const *docs,
                         size_t ndocs);
/** Writes the compiler-style text report with a checklist per document. */
int cl_report_write_text(FILE *fp, const cl_report_meta *meta, cl_doc_report *const *docs,
                         size_t ndocs);
/** Writes one line per (document, requirement): path, id, status, notice_days, level. */
int cl_report_write_tsv(FILE *fp, const cl_report_meta *meta, cl_doc_report *const *docs,
                        size_t ndocs);

#ifdef __cplusplus
}
#endif
#endif
