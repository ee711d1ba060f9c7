/*
 * fuzz_docx.c — arbitrary bytes through cl__read, aimed at the Word readers: a zip goes to the
 * DOCX reader (libzip + libxml2, with the zip-bomb, ratio and depth limits), <w:document /
 * <pkg:package to the Word XML reader. Both views of tracked changes are read; what comes
 * back is checked and normalised and segmented like any document.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_read(cl__read, data, size, CL_REVISIONS_ACCEPTED, NULL);
    fuzz_read(cl__read, data, size, CL_REVISIONS_ORIGINAL, NULL);
    return 0;
}
