/*
 * fuzz_text.c — arbitrary bytes through the reader chosen by content (cl__read: encoding
 * detection and conversion for text, and whatever else the bytes look like), then the
 * normaliser and the segmenter on what was read. Small inputs are also read once more with a
 * forced encoding, picked from the input's length, to reach the converters detection skips.
 */
#include "fuzz_common.h"

static const char *const forced_encodings[] = {
    "UTF-8", "Shift_JIS", "CP932", "EUC-JP", "ISO-2022-JP", "UTF-16LE", "UTF-16BE", "UTF-16",
};

static void read_and_check(const uint8_t *data, size_t size, const char *forced)
{
    cl_source src;
    cl_read_options opt;
    cl_error err;
    int rc;

    cl__source_init(&src);
    cl_error_clear(&err);
    opt.revisions = CL_REVISIONS_ACCEPTED;
    opt.encoding = forced;
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
    read_and_check(data, size, NULL);
    if (size <= 64 * 1024)
        read_and_check(
            data, size,
            forced_encodings[size % (sizeof forced_encodings / sizeof *forced_encodings)]);
    return 0;
}
