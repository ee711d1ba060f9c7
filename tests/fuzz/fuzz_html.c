/*
 * fuzz_html.c — arbitrary bytes straight into the HTML reader (cl__html_read: its own
 * charset sniffing, libxml2's HTML parser, the depth limit), then normaliser and segmenter.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cl_source src;
    cl_read_options opt;
    cl_error err;
    int rc;

    cl__source_init(&src);
    cl_error_clear(&err);
    opt.revisions = CL_REVISIONS_ACCEPTED;
    opt.encoding = NULL;
    rc = cl__html_read(&src, data, size, &opt, &err);
    if (rc < 0) {
        fuzz_check_error(rc, &err);
    } else {
        fuzz_check_source(&src, size);
        fuzz_normalize_segment(src.text.ptr ? src.text.ptr : "", src.text.len);
    }
    cl__source_dispose(&src);
    return 0;
}
