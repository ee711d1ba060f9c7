/*
 * fuzz_segment.c — the normaliser and the segmenter on valid UTF-8 (their contract: invalid
 * input is skipped, never passed). The text is segmented twice: normalised with its offset
 * map, and as it is without a map (raw text the segmenter must still survive).
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cl_segments segs;
    cl_error err;
    char *text;
    int rc;

    if (cl__utf8_validate(data, size) != size)
        return 0;
    /* An exact-size copy (no NUL after it): reads past the end are caught by ASan. */
    text = malloc(size ? size : 1);
    if (!text)
        return 0;
    if (size)
        memcpy(text, data, size);

    fuzz_normalize_segment(text, size);

    cl_error_clear(&err);
    rc = cl__segment(&segs, text, size, NULL, NULL, &err);
    if (rc < 0)
        fuzz_check_error(rc, &err);
    else
        fuzz_check_segments(&segs, text, size);
    cl__segments_dispose(&segs);
    free(text);
    return 0;
}
