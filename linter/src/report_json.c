/*
 * report_json.c — the JSON report of design.md §6. Keys in a fixed order, no floats, no
 * timestamps: the same input gives the same bytes. Knows neither PCRE2 nor YAML.
 */
#include "clauselint.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

static void put_str(FILE *fp, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    fputc('"', fp);
    for (; *p; p++) {
        if (*p >= 0x80) {
            /* copy valid UTF-8 as it is; a byte that is not (a file name in Shift_JIS) becomes
             * U+FFFD, so the report is always valid JSON */
            uint32_t cp;
            size_t n = cl__utf8_decode(&cp, p, strlen((const char *)p));
            if (n == 0) {
                fputs("\ufffd", fp);
            } else {
                fwrite(p, 1, n, fp);
                p += n - 1;
            }
            continue;
        }
        switch (*p) {
        case '"':
            fputs("\\\"", fp);
            break;
        case '\\':
            fputs("\\\\", fp);
            break;
        case '\n':
            fputs("\\n", fp);
            break;
        case '\r':
            fputs("\\r", fp);
            break;
        case '\t':
            fputs("\\t", fp);
            break;
        default:
            if (*p < 0x20 || *p == 0x7F)
                fprintf(fp, "\\u%04x", *p);
            else
                fputc(*p, fp);
        }
    }
    fputc('"', fp);
}

static void put_str_or_null(FILE *fp, const char *s)
{
    if (s)
        put_str(fp, s);
    else
        fputs("null", fp);
}

static void put_evidence(FILE *fp, const cl_evidence *ev)
{
    fputs("            {\"quote\": ", fp);
    put_str(fp, ev->quote);
    fprintf(fp, ", \"line\": %u, \"column\": %u", ev->line, ev->column);
    if (ev->paragraph)
        fprintf(fp, ", \"paragraph\": %u", ev->paragraph);
    fputs(", \"article\": ", fp);
    put_str(fp, ev->article);
    fputs(", \"part\": ", fp);
    put_str(fp, ev->part);
    fputc('}', fp);
}

static void put_result(FILE *fp, const cl_result *r)
{
    size_t i;
    fputs("        {\n          \"requirement\": ", fp);
    put_str(fp, r->requirement);
    fputs(",\n          \"section\": ", fp);
    put_str(fp, r->section);
    fprintf(fp, ",\n          \"status\": \"%s\",\n          \"level\": \"%s\",\n",
            cl_status_name(r->status), cl_level_name(r->level));
    fputs("          \"message\": ", fp);
    put_str(fp, r->message);
    if (r->notice_days >= 0)
        fprintf(fp, ",\n          \"notice_days\": %ld", r->notice_days);
    fputs(",\n          \"evidence\": [", fp);
    for (i = 0; i < r->nevidence; i++) {
        fputs(i ? ",\n" : "\n", fp);
        put_evidence(fp, &r->evidence[i]);
    }
    fputs(r->nevidence ? "\n          ]\n        }" : "]\n        }", fp);
}

int cl_report_write_json(FILE *fp, const cl_report_meta *meta, cl_doc_report *const *docs,
                         size_t ndocs)
{
    size_t d, i;
    unsigned long counts[4] = {0, 0, 0, 0};

    fprintf(fp, "{\n  \"tool\": {\"name\": \"clauselint\", \"version\": \"%s\"},\n", CL_VERSION);
    fputs("  \"pack\": {\"id\": ", fp);
    put_str(fp, cl_ruleset_id(meta->set));
    fputs(", \"version\": ", fp);
    put_str(fp, cl_ruleset_version(meta->set));
    fprintf(fp, "},\n  \"class\": %d,\n  \"documents\": [", meta->info_class);
    for (d = 0; d < ndocs; d++) {
        const cl_doc_report *doc = docs[d];
        fputs(d ? ",\n" : "\n", fp);
        fputs("    {\n      \"path\": ", fp);
        put_str(fp, doc->path);
        fputs(",\n      \"format\": ", fp);
        put_str_or_null(fp, doc->format);
        fputs(",\n      \"encoding\": ", fp);
        put_str_or_null(fp, doc->encoding[0] ? doc->encoding : NULL);
        fputs(",\n      \"sha256\": ", fp);
        put_str_or_null(fp, doc->sha256[0] ? doc->sha256 : NULL);
        fputs(",\n      \"results\": [", fp);
        for (i = 0; i < doc->nresults; i++) {
            fputs(i ? ",\n" : "\n", fp);
            put_result(fp, &doc->results[i]);
            counts[doc->results[i].level]++;
        }
        fputs(doc->nresults ? "\n      ],\n      \"errors\": [" : "],\n      \"errors\": [", fp);
        for (i = 0; i < doc->nerrors; i++) {
            if (i)
                fputs(", ", fp);
            put_str(fp, doc->errors[i]);
        }
        fputs("]\n    }", fp);
    }
    fprintf(fp,
            "%s],\n  \"summary\": {\"documents\": %zu, \"error\": %lu, \"warning\": %lu, "
            "\"note\": %lu}\n}\n",
            ndocs ? "\n  " : "", ndocs, counts[CL_LEVEL_ERROR], counts[CL_LEVEL_WARNING],
            counts[CL_LEVEL_NOTE]);
    return ferror(fp) ? CL_EIO : 0;
}

int cl_report_write_tsv(FILE *fp, const cl_report_meta *meta, cl_doc_report *const *docs,
                        size_t ndocs)
{
    size_t d, i;
    (void)meta;
    for (d = 0; d < ndocs; d++) {
        const cl_doc_report *doc = docs[d];
        if (doc->nerrors) {
            fprintf(fp, "%s\t-\terror\t-\t%s\n", doc->path, doc->errors[0]);
            continue;
        }
        for (i = 0; i < doc->nresults; i++) {
            const cl_result *r = &doc->results[i];
            fprintf(fp, "%s\t%s\t%s\t", doc->path, r->requirement, cl_status_name(r->status));
            if (r->notice_days >= 0)
                fprintf(fp, "%ld", r->notice_days);
            else
                fputc('-', fp);
            fprintf(fp, "\t%s\n", cl_level_name(r->level));
        }
    }
    return ferror(fp) ? CL_EIO : 0;
}
