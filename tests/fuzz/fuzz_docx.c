/*
 * fuzz_docx.c — arbitrary bytes through cl__read, aimed at the Word readers: a zip goes to the
 * DOCX reader (libzip + libxml2, with the zip-bomb, ratio and depth limits), <w:document /
 * <pkg:package to the Word XML reader. Both views of tracked changes are read; what comes
 * back is checked and normalised and segmented like any document.
 */
#include "fuzz_common.h"

static void read_view(const uint8_t *data, size_t size, cl_revisions view)
{
    cl_source src;
    cl_read_options opt;
    cl_error err;
    int rc;

    cl__source_init(&src);
    cl_error_clear(&err);
    opt.revisions = view;
    opt.encoding = NULL;
    rc = cl__read(&src, data, size, &opt, &err);
    if (rc < 0) {
        fuzz_check_error(rc, &err);
    } else {
        fuzz_check_source(&src, size);
        fuzz_normalize_segment(src.text.ptr ? src.text.ptr : "", src.text.len);
    }
    cl__source_dispose(&src);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_view(data, size, CL_REVISIONS_ACCEPTED);
    read_view(data, size, CL_REVISIONS_ORIGINAL);
    return 0;
}
