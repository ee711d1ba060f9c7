/*
 * fuzz_numeral.c — numerals and durations (cl__numeral_parse, cl__duration_find,
 * cl__duration_find_notice) on valid UTF-8, as the engine calls them on normalised text:
 * on the whole input and, for inputs up to 1 KiB, on every suffix starting at a code point.
 * Every span and length returned must stay inside the slice it was given.
 */
#include "fuzz_common.h"

#include "numeral.h"

static void check_slice(const char *s, size_t len)
{
    long value = -1;
    cl_duration d;
    size_t n = cl__numeral_parse(&value, s, len);

    FUZZ_CHECK(n <= len);
    if (n > 0)
        FUZZ_CHECK(value >= 0 && value <= CL_NUMERAL_MAX);
    if (cl__duration_find(&d, s, len)) {
        FUZZ_CHECK(d.start < d.end && d.end <= len);
        FUZZ_CHECK(d.days >= 0);
    }
    if (cl__duration_find_notice(&d, s, len)) {
        FUZZ_CHECK(d.start < d.end && d.end <= len);
        FUZZ_CHECK(d.days >= 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text;
    size_t i;

    if (size > 64 * 1024 || cl__utf8_validate(data, size) != size)
        return 0;
    text = malloc(size ? size : 1); /* exact size, no NUL: overreads are caught */
    if (!text)
        return 0;
    if (size)
        memcpy(text, data, size);
    for (i = 0; size <= 1024 && i < size; i += cl__utf8_len((unsigned char)text[i]))
        check_slice(text + i, size - i);
    check_slice(text, size);
    check_slice(text, 0);
    free(text);
    return 0;
}
