/*
 * fuzz_common.h — shared by the fuzz targets (header only, each target is one .c file):
 * the libFuzzer entry point's prototype and invariant checks on what the readers,
 * normaliser and segmenter hand back. A broken invariant aborts, so libFuzzer (or replay.c)
 * reports it like a crash.
 */
#ifndef CL_FUZZ_COMMON_H
#define CL_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cl_limits.h"
#include "normalize.h"
#include "segment.h"
#include "source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond);           \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/*
 * An error must carry a negative code and a one-line message. CL_FUZZ_LAX=1 in the
 * environment skips the one-line check, to keep fuzzing past that known kind of bug.
 */
static inline void fuzz_check_error(int rc, const cl_error *err)
{
    size_t i;
    FUZZ_CHECK(rc < 0);
    FUZZ_CHECK(err->code < 0);
    for (i = 0; i < sizeof err->message && err->message[i]; i++) {
        if (getenv("CL_FUZZ_LAX"))
            continue;
        if (err->message[i] == '\n')
            fprintf(stderr, "error message with a newline: \"%.*s\"\n", (int)sizeof err->message,
                    err->message);
        FUZZ_CHECK(err->message[i] != '\n');
    }
    FUZZ_CHECK(i < sizeof err->message);
}

/* What a reader produced: valid UTF-8, paragraphs and revisions inside the text. */
static inline void fuzz_check_source(const cl_source *src, size_t input_len)
{
    size_t i, len = src->text.len;
    FUZZ_CHECK(src->format != NULL);
    FUZZ_CHECK(len == 0 || src->text.ptr != NULL);
    if (src->text.ptr) {
        FUZZ_CHECK(src->text.ptr[len] == '\0');
        FUZZ_CHECK(cl__utf8_validate((const unsigned char *)src->text.ptr, len) == len);
    }
    for (i = 0; i < src->npara; i++) {
        FUZZ_CHECK(src->paras[i].start <= len);
        if (i > 0)
            FUZZ_CHECK(src->paras[i - 1].start <= src->paras[i].start);
    }
    for (i = 0; i < src->nrev; i++) {
        FUZZ_CHECK(src->revisions[i].start <= src->revisions[i].end);
        FUZZ_CHECK(src->revisions[i].end <= len);
    }
    /* The map back to the file never points past the file. */
    for (i = 0; i <= len; i += 1 + len / 64) {
        long long off = cl__source_file_offset(src, i);
        FUZZ_CHECK(off >= -1 && off <= (long long)input_len);
    }
}

/* Spans of every unit inside the text, indices inside their arrays. */
/*
 * Length of a sentence without its trailing closing brackets/quotes and white space: the
 * segmenter cuts an endless line every CL_MAX_SENTENCE_BYTES (limits.h) and then keeps the
 * closers that follow the cut, so only the part before them is bounded.
 */
static inline size_t core_length(const char *text, cl_span sp)
{
    size_t end = sp.end;
    while (end > sp.start) {
        unsigned char c = (unsigned char)text[end - 1];
        if (c == ')' || c == ' ' || c == '\n' || c == '\t')
            end--;
        else if (end - sp.start >= 3 && (unsigned char)text[end - 3] == 0xE3 &&
                 (unsigned char)text[end - 2] == 0x80 &&
                 (c == 0x8D || c == 0x8F)) /* U+300D 」, U+300F 』 */
            end -= 3;
        else
            break;
    }
    return end - sp.start;
}

static inline void fuzz_check_segments(const cl_segments *s, const char *text, size_t len)
{
    size_t i;
    char path[256];
    for (i = 0; i < s->narticles; i++) {
        FUZZ_CHECK(s->articles[i].span.start <= s->articles[i].span.end);
        FUZZ_CHECK(s->articles[i].span.end <= len);
        FUZZ_CHECK(s->articles[i].heading.start <= s->articles[i].heading.end);
        FUZZ_CHECK(s->articles[i].heading.end <= len);
    }
    for (i = 0; i < s->nclauses; i++) {
        FUZZ_CHECK(s->clauses[i].span.start <= s->clauses[i].span.end);
        FUZZ_CHECK(s->clauses[i].span.end <= len);
        FUZZ_CHECK(s->clauses[i].article >= -1 &&
                   (s->clauses[i].article < 0 || (size_t)s->clauses[i].article < s->narticles));
    }
    for (i = 0; i < s->nitems; i++) {
        FUZZ_CHECK(s->items[i].span.start <= s->items[i].span.end);
        FUZZ_CHECK(s->items[i].span.end <= len);
        FUZZ_CHECK(s->items[i].clause >= -1 &&
                   (s->items[i].clause < 0 || (size_t)s->items[i].clause < s->nclauses));
    }
    for (i = 0; i < s->nsentences; i++) {
        const cl_sentence *st = &s->sentences[i];
        FUZZ_CHECK(st->span.start <= st->span.end);
        FUZZ_CHECK(st->span.end <= len);
        FUZZ_CHECK(core_length(text, st->span) <= (size_t)CL_MAX_SENTENCE_BYTES + 4);
        FUZZ_CHECK(st->article >= -1 && (st->article < 0 || (size_t)st->article < s->narticles));
        FUZZ_CHECK(st->clause >= -1 && (st->clause < 0 || (size_t)st->clause < s->nclauses));
        FUZZ_CHECK(st->item >= -1 && (st->item < 0 || (size_t)st->item < s->nitems));
        cl__segments_path(path, sizeof path, s, i);
        FUZZ_CHECK(memchr(path, '\0', sizeof path) != NULL);
    }
}

/* Normalises and segments valid UTF-8 text (decoded may be NULL), checking the results. */
static inline void fuzz_normalize_segment(const char *text, size_t len)
{
    cl_normtext nt;
    cl_segments segs = {0};
    cl_error err;
    int rc;

    cl_error_clear(&err);
    cl__normtext_init(&nt);
    rc = cl__normalize(&nt, text, len, &err);
    if (rc < 0) {
        fuzz_check_error(rc, &err);
        cl__normtext_dispose(&nt);
        return;
    }
    FUZZ_CHECK(nt.text.len == 0 || nt.text.ptr != NULL);
    FUZZ_CHECK(cl__utf8_validate((const unsigned char *)nt.text.ptr, nt.text.len) == nt.text.len);
    FUZZ_CHECK(cl__offmap_end(&nt.map, nt.text.len) <= len);
    cl_error_clear(&err);
    rc = cl__segment(&segs, nt.text.ptr ? nt.text.ptr : "", nt.text.len, text, &nt.map, &err);
    if (rc < 0)
        fuzz_check_error(rc, &err);
    else
        fuzz_check_segments(&segs, nt.text.ptr ? nt.text.ptr : "", nt.text.len);
    cl__segments_dispose(&segs);
    cl__normtext_dispose(&nt);
}

/* One reader over the input, with the checks above on whatever it returns. */
typedef int (*fuzz_reader)(cl_source *out, const unsigned char *bytes, size_t len,
                           const cl_read_options *opt, cl_error *err);

static inline void fuzz_read(fuzz_reader reader, const uint8_t *data, size_t size,
                             cl_revisions view, const char *forced)
{
    cl_source src;
    cl_read_options opt;
    cl_error err;
    int rc;

    cl__source_init(&src);
    cl_error_clear(&err);
    opt.revisions = view;
    opt.encoding = forced;
    rc = reader(&src, data, size, &opt, &err);
    if (rc < 0) {
        fuzz_check_error(rc, &err);
    } else {
        fuzz_check_source(&src, size);
        fuzz_normalize_segment(src.text.ptr ? src.text.ptr : "", src.text.len);
    }
    cl__source_dispose(&src);
}

#endif
