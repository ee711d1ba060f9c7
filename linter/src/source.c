/*
 * source.c — the reader's output (source.h): decoded text, paragraph records for Word and
 * HTML, tracked changes, and the way back to the original file's bytes.
 */
#include "source.h"

#include <stdio.h>
#include <string.h>

#include "cl_limits.h"

const char *cl__part_name(cl_part part)
{
    switch (part) {
    case CL_PART_TABLE:
        return "table";
    case CL_PART_TEXTBOX:
        return "textbox";
    case CL_PART_FOOTNOTE:
        return "footnote";
    case CL_PART_ENDNOTE:
        return "endnote";
    case CL_PART_BODY:
        break;
    }
    return "body";
}

void cl__source_init(cl_source *src)
{
    memset(src, 0, sizeof(*src));
    src->text.max = CL_MAX_TEXT_BYTES;
    src->format = "text";
    memcpy(src->encoding, "UTF-8", 6);
}

void cl__source_dispose(cl_source *src)
{
    cl__buf_dispose(&src->text);
    cl__offmap_dispose(&src->src_map);
    cl__free(src->paras);
    cl__free(src->revisions);
    src->paras = NULL;
    src->revisions = NULL;
    src->npara = src->cappara = src->nrev = src->caprev = 0;
}

int cl__source_begin_para(cl_source *src, cl_part part)
{
    if (src->npara == src->cappara) {
        size_t cap = src->cappara ? src->cappara * 2 : 64;
        cl_para *p = cl__realloc(src->paras, cap * sizeof(*p));
        if (!p)
            return CL_ENOMEM;
        src->paras = p;
        src->cappara = cap;
    }
    src->paras[src->npara].start = src->text.len;
    src->paras[src->npara].number = (unsigned)(src->npara + 1);
    src->paras[src->npara].part = part;
    src->npara++;
    return 0;
}

int cl__source_add_revision(cl_source *src, size_t start, size_t end, int inserted,
                            const char *author)
{
    cl_revision *r;
    if (src->nrev == src->caprev) {
        size_t cap = src->caprev ? src->caprev * 2 : 16;
        cl_revision *p = cl__realloc(src->revisions, cap * sizeof(*p));
        if (!p)
            return CL_ENOMEM;
        src->revisions = p;
        src->caprev = cap;
    }
    r = &src->revisions[src->nrev++];
    r->start = start;
    r->end = end;
    r->inserted = inserted;
    snprintf(r->author, sizeof(r->author), "%s", author && *author ? author : "unknown");
    return 0;
}

long long cl__source_file_offset(const cl_source *src, size_t text_off)
{
    if (src->paras) /* Word / HTML: text is extracted, not a byte range of the file */
        return -1;
    if (src->src_map.nruns == 0)
        return (long long)(text_off + src->src_base);
    return (long long)cl__offmap_start(&src->src_map, text_off);
}
