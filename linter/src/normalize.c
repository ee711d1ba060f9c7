/*
 * normalize.c — the matching text: NFKC through ICU, then one dash, one wave dash and '\n'
 * for every line ending, with a map back to the decoded text.
 *
 * NFKC works on chunks that start at a normalisation boundary (ICU's hasBoundaryBefore), so
 * "ｶﾞ" (two code points) becomes "ガ" as one unit of the map, and every unit's offsets on both
 * sides are exact. Single code points are by far the common case; their results are cached
 * per run, so ICU is asked once per distinct character, not once per character.
 */
#include "normalize.h"

#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "cl_limits.h"

#define CACHE_SLOTS 4096
#define CACHE_MAX_OUT 22

typedef struct cache_slot {
    uint32_t cp;       /* code point + 1; 0 = empty */
    unsigned char len; /* bytes in out */
    char out[CACHE_MAX_OUT];
} cache_slot;

void cl__normtext_init(cl_normtext *nt)
{
    memset(nt, 0, sizeof(*nt));
    nt->text.max = CL_MAX_TEXT_BYTES * 2;
}

void cl__normtext_dispose(cl_normtext *nt)
{
    cl__buf_dispose(&nt->text);
    cl__offmap_dispose(&nt->map);
}

/* Folds applied after NFKC: the variants contract writers use for one meaning. */
static uint32_t fold(uint32_t cp)
{
    switch (cp) {
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
    case 0xFE58:
    case 0xFE63:
    case 0x2043:
        return '-';
    case 0x301C:
    case 0x3030:
    case 0xFF5E:
        return '~';
    case 0x00A0:
    case 0x2002:
    case 0x2003:
    case 0x2009:
    case 0x3000:
        return ' ';
    default:
        return cp;
    }
}

/* NFKC of UTF-8 in[0..n) appended to out as UTF-8 with folds. */
static int nfkc_chunk(cl_buf *out, const UNormalizer2 *nfkc, const char *in, size_t n)
{
    UChar src[64], dst[256];
    int32_t srclen = 0, dstlen, i;
    UErrorCode status = U_ZERO_ERROR;
    size_t pos = 0;
    int error;

    while (pos < n) {
        uint32_t cp;
        size_t k = cl__utf8_decode(&cp, (const unsigned char *)in + pos, n - pos);
        if (k == 0) {
            cp = 0xFFFD;
            k = 1;
        }
        if (srclen > 60) /* a pathological run of combining marks: keep it as it is */
            return cl__buf_put(out, in, n);
        U16_APPEND_UNSAFE(src, srclen, cp);
        pos += k;
    }
    dstlen =
        unorm2_normalize(nfkc, src, srclen, dst, (int32_t)(sizeof(dst) / sizeof(dst[0])), &status);
    if (U_FAILURE(status))
        return cl__buf_put(out, in, n);
    for (i = 0; i < dstlen;) {
        UChar32 c;
        U16_NEXT(dst, i, dstlen, c);
        if ((error = cl__buf_put_cp(out, fold((uint32_t)c))) < 0)
            return error;
    }
    return 0;
}

int cl__normalize(cl_normtext *out, const char *text, size_t len, cl_error *err)
{
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&status);
    cache_slot *cache = NULL;
    size_t i = 0;
    int error = 0;

    if (U_FAILURE(status))
        return cl__error_set(err, CL_ERROR, "ICU NFKC unavailable: %s", u_errorName(status));
    cache = cl__calloc(CACHE_SLOTS, sizeof(*cache));
    if (!cache || (error = cl__buf_grow(&out->text, len + len / 8)) < 0) {
        cl__free(cache);
        return cl__error_set(err, error ? error : CL_ENOMEM, "out of memory normalising text");
    }

    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        size_t start_out = out->text.len, chunk_end;
        uint32_t cp;
        size_t k;

        if (c < 0x80 && c != '\r') {
            /* ASCII is its own NFKC unless a combining mark follows; check the next lead. */
            if (i + 1 >= len || (unsigned char)text[i + 1] < 0x80) {
                size_t j = i + 1;
                /* a run of plain ASCII maps 1:1; one map unit per byte merges into one run */
                while (j < len && (unsigned char)text[j] < 0x80 && text[j] != '\r' &&
                       (j + 1 >= len || (unsigned char)text[j + 1] < 0x80))
                    j++;
                if ((error = cl__buf_put(&out->text, text + i, j - i)) < 0)
                    break;
                for (k = i; k < j; k++)
                    if ((error = cl__offmap_add(&out->map, start_out + (k - i), 1, k, 1)) < 0)
                        break;
                if (error < 0)
                    break;
                i = j;
                continue;
            }
        }
        if (c == '\r') {
            size_t n = (i + 1 < len && text[i + 1] == '\n') ? 2 : 1;
            if ((error = cl__buf_putc(&out->text, '\n')) < 0 ||
                (error = cl__offmap_add(&out->map, start_out, 1, i, n)) < 0)
                break;
            i += n;
            continue;
        }
        /* A chunk: this code point and every following one with no boundary before it. */
        k = cl__utf8_decode(&cp, (const unsigned char *)text + i, len - i);
        if (k == 0)
            k = 1; /* invalid bytes never reach here (validated upstream); stay total */
        chunk_end = i + k;
        while (chunk_end < len) {
            uint32_t next;
            size_t nk =
                cl__utf8_decode(&next, (const unsigned char *)text + chunk_end, len - chunk_end);
            if (nk == 0 || unorm2_hasBoundaryBefore(nfkc, (UChar32)next))
                break;
            chunk_end += nk;
        }
        if (chunk_end == i + k) {
            cache_slot *slot = &cache[cp % CACHE_SLOTS];
            if (slot->cp == cp + 1) {
                error = cl__buf_put(&out->text, slot->out, slot->len);
            } else {
                error = nfkc_chunk(&out->text, nfkc, text + i, k);
                if (!error && out->text.len - start_out <= CACHE_MAX_OUT) {
                    slot->cp = cp + 1;
                    slot->len = (unsigned char)(out->text.len - start_out);
                    memcpy(slot->out, out->text.ptr + start_out, slot->len);
                }
            }
        } else {
            error = nfkc_chunk(&out->text, nfkc, text + i, chunk_end - i);
        }
        if (error < 0 || (error = cl__offmap_add(&out->map, start_out, out->text.len - start_out, i,
                                                 chunk_end - i)) < 0)
            break;
        i = chunk_end;
    }
    cl__free(cache);
    if (error < 0)
        return cl__error_set(err, error,
                             error == CL_ELIMIT ? "normalised text exceeds the size limit"
                                                : "out of memory normalising text");
    if (!out->text.ptr)
        return cl__buf_put(&out->text, "", 0);
    return 0;
}
