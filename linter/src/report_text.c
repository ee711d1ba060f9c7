/*
 * report_text.c — the human report: compiler-style diagnostics, then a checklist per document
 * that staff can attach to their request. Colour only when asked (the CLI asks on a terminal
 * without NO_COLOR).
 */
#include "clauselint.h"

#include <stdio.h>
#include <string.h>

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_RED "\033[1;31m"
#define C_YELLOW "\033[1;33m"
#define C_CYAN "\033[1;36m"
#define C_GREEN "\033[1;32m"

static const char *level_color(cl_level l)
{
    switch (l) {
    case CL_LEVEL_ERROR:
        return C_RED;
    case CL_LEVEL_WARNING:
        return C_YELLOW;
    case CL_LEVEL_NOTE:
        return C_CYAN;
    case CL_LEVEL_NONE:
        break;
    }
    return C_GREEN;
}

static const char *status_mark(cl_status s)
{
    switch (s) {
    case CL_STATUS_SATISFIED:
        return "[ok]";
    case CL_STATUS_PARTIAL:
        return "[~~]";
    case CL_STATUS_MISSING:
        return "[--]";
    case CL_STATUS_CONTRADICTED:
        return "[!!]";
    }
    return "[??]";
}

static void where(FILE *fp, const cl_evidence *ev)
{
    if (ev->article && ev->article[0])
        fprintf(fp, " (%s)", ev->article);
    if (ev->part && strcmp(ev->part, "body") != 0)
        fprintf(fp, " [%s]", ev->part);
}

static void diagnostic(FILE *fp, const cl_report_meta *meta, const cl_doc_report *doc,
                       const cl_result *r, const cl_requirement_info *info)
{
    const cl_evidence *ev = r->nevidence ? &r->evidence[0] : NULL;
    unsigned line = 1, col = 1;
    const char *on = meta->color ? level_color(r->level) : "";
    const char *off = meta->color ? C_RESET : "";
    const char *bold = meta->color ? C_BOLD : "";

    if (ev && r->status != CL_STATUS_MISSING) {
        line = ev->line;
        col = ev->column;
    }
    fprintf(fp, "%s%s:%u:%u:%s %s%s:%s [%s] %s: %s", bold, doc->path, line, col, off, on,
            cl_level_name(r->level), off, r->requirement, cl_status_name(r->status), r->message);
    if (ev && r->status != CL_STATUS_MISSING) {
        fprintf(fp, " 「%s」", ev->quote);
        where(fp, ev);
    }
    fputc('\n', fp);
    if (ev && r->status == CL_STATUS_MISSING) {
        fprintf(fp, "%s%s:%u:%u:%s note: nearest near-miss 「%s」", bold, doc->path, ev->line,
                ev->column, off, ev->quote);
        where(fp, ev);
        fputc('\n', fp);
    }
    if (r->status == CL_STATUS_MISSING && info->suggestion)
        fprintf(fp, "    suggested wording: %s\n", info->suggestion);
}

int cl_report_write_text(FILE *fp, const cl_report_meta *meta, cl_doc_report *const *docs,
                         size_t ndocs)
{
    size_t d, i;
    unsigned long counts[4] = {0, 0, 0, 0}, unread = 0;

    for (d = 0; d < ndocs; d++) {
        const cl_doc_report *doc = docs[d];
        for (i = 0; i < doc->nerrors; i++)
            fprintf(fp, "%s: error: cannot lint: %s\n", doc->path, doc->errors[i]);
        if (doc->nerrors) {
            unread++;
            continue;
        }
        for (i = 0; i < doc->nwarnings; i++)
            fprintf(fp, "%s: %s\n", doc->path, doc->warnings[i]); /* "note: …" / "warning: …" */
        for (i = 0; i < doc->nresults; i++) {
            cl_requirement_info info;
            cl_ruleset_requirement(&info, meta->set, i);
            counts[doc->results[i].level]++;
            if (doc->results[i].status != CL_STATUS_SATISFIED &&
                doc->results[i].level != CL_LEVEL_NONE)
                diagnostic(fp, meta, doc, &doc->results[i], &info);
        }
        if (meta->checklist) {
            fprintf(fp, "\n%s — %s, class %d (%s, %s)\n", doc->path, cl_ruleset_id(meta->set),
                    meta->info_class, doc->format ? doc->format : "?", doc->encoding);
            for (i = 0; i < doc->nresults; i++) {
                const cl_result *r = &doc->results[i];
                const char *on = meta->color ? level_color(r->level) : "";
                const char *off = meta->color ? C_RESET : "";
                fprintf(fp, "  %s%s %-12s%s %-20s %-12s", on, status_mark(r->status),
                        cl_status_name(r->status), off, r->requirement, r->section);
                if (r->notice_days >= 0)
                    fprintf(fp, " %ld days", r->notice_days);
                if (r->nevidence && r->status != CL_STATUS_MISSING) {
                    fprintf(fp, " 「%s」", r->evidence[0].quote);
                    where(fp, &r->evidence[0]);
                }
                fputc('\n', fp);
            }
            fputc('\n', fp);
        }
    }
    fprintf(fp, "%zu document%s linted%s: %lu error%s, %lu warning%s, %lu note%s", ndocs,
            ndocs == 1 ? "" : "s", "", counts[CL_LEVEL_ERROR],
            counts[CL_LEVEL_ERROR] == 1 ? "" : "s", counts[CL_LEVEL_WARNING],
            counts[CL_LEVEL_WARNING] == 1 ? "" : "s", counts[CL_LEVEL_NOTE],
            counts[CL_LEVEL_NOTE] == 1 ? "" : "s");
    if (unread)
        fprintf(fp, ", %lu unreadable", unread);
    fputc('\n', fp);
    return ferror(fp) ? CL_EIO : 0;
}
