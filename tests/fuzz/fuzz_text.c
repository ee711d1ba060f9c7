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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_read(cl__read, data, size, CL_REVISIONS_ACCEPTED, NULL);
    if (size <= 64 * 1024)
        fuzz_read(cl__read, data, size, CL_REVISIONS_ACCEPTED,
                  forced_encodings[size % (sizeof forced_encodings / sizeof *forced_encodings)]);
    return 0;
}
