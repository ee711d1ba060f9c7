/*
 * fuzz_html.c — arbitrary bytes straight into the HTML reader (cl__html_read: its own
 * charset sniffing, libxml2's HTML parser, the depth limit), then normaliser and segmenter.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_read(cl__html_read, data, size, CL_REVISIONS_ACCEPTED, NULL);
    return 0;
}
