/*
 * read.c — choosing a reader by the file's content, never by its name (design.md §2).
 */
#include "source.h"

#include <string.h>

#include "encoding.h"

static int starts_with(const unsigned char *b, size_t len, const char *magic, size_t n)
{
    return len >= n && memcmp(b, magic, n) == 0;
}

/* Case-insensitive search for needle in the first `window` bytes (ASCII only). */
static int find_ci(const unsigned char *b, size_t len, size_t window, const char *needle)
{
    size_t n = strlen(needle), i, j;
    if (len > window)
        len = window;
    for (i = 0; i + n <= len; i++) {
        for (j = 0; j < n; j++) {
            unsigned char c = b[i + j];
            if (c >= 'A' && c <= 'Z')
                c = (unsigned char)(c - 'A' + 'a');
            if (c != (unsigned char)needle[j])
                break;
        }
        if (j == n)
            return 1;
    }
    return 0;
}

/* Is the document a zip archive that holds word/document.xml? Looks at the central names. */
static int looks_like_zip(const unsigned char *b, size_t len)
{
    return starts_with(b, len, "PK\x03\x04", 4) || starts_with(b, len, "PK\x05\x06", 4);
}

/* First non-space byte after an optional UTF-8 BOM, for XML/HTML sniffing. */
static size_t skip_bom_space(const unsigned char *b, size_t len)
{
    size_t i = starts_with(b, len, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
        i++;
    return i;
}

int cl__read(cl_source *out, const unsigned char *bytes, size_t len, const cl_read_options *opt,
             cl_error *err)
{
    size_t i;
    const unsigned char *p;
    size_t plen;

    if (starts_with(bytes, len, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
        return cl__error_set(err, CL_EFORMAT,
                             "legacy .doc or password-protected DOCX (OLE compound file): "
                             "save it as .docx without a password");
    if (looks_like_zip(bytes, len))
        return cl__docx_read(out, bytes, len, opt, err);
    if (starts_with(bytes, len, "\x89PNG", 4) || starts_with(bytes, len, "%PDF", 4) ||
        starts_with(bytes, len, "\xFF\xD8\xFF", 3) || starts_with(bytes, len, "GIF8", 4))
        return cl__error_set(err, CL_EFORMAT,
                             "not a contract text: the file is an image or PDF (%s)",
                             bytes[0] == '%' ? "PDF" : "image");

    i = skip_bom_space(bytes, len);
    p = bytes + i;
    plen = len - i;
    if (plen && p[0] == '<') {
        /* XML flavours of Word, then HTML. The root element decides, so look past <?xml …?>. */
        if (find_ci(p, plen, 4096, "<pkg:package") || find_ci(p, plen, 4096, "<w:document") ||
            find_ci(p, plen, 4096, "<w:worddocument"))
            return cl__wordxml_read(out, bytes, len, opt, err);
        if (find_ci(p, plen, 1024, "<!doctype html") || find_ci(p, plen, 4096, "<html") ||
            find_ci(p, plen, 1024, "<head") || find_ci(p, plen, 1024, "<body"))
            return cl__html_read(out, bytes, len, opt, err);
    }
    /* UTF-16 with a BOM: HTML if "<html" / "<!doctype" appears in either byte order. */
    if (starts_with(bytes, len, "\xFF\xFE", 2) || starts_with(bytes, len, "\xFE\xFF", 2)) {
        size_t n = len < 2048 ? len : 2048, k, j = 0;
        unsigned char narrow[1024];
        int le = bytes[0] == 0xFF;
        for (k = 2; k + 1 < n && j < sizeof(narrow); k += 2) {
            unsigned char lo = le ? bytes[k] : bytes[k + 1], hi = le ? bytes[k + 1] : bytes[k];
            narrow[j++] = hi ? '?' : lo;
        }
        if (find_ci(narrow, j, j, "<html") || find_ci(narrow, j, j, "<!doctype html"))
            return cl__html_read(out, bytes, len, opt, err);
    }
    return cl__text_read(out, bytes, len, opt, err);
}

int cl__text_read(cl_source *out, const unsigned char *bytes, size_t len,
                  const cl_read_options *opt, cl_error *err)
{
    out->format = "text";
    return cl__decode(out, bytes, len, opt ? opt->encoding : NULL, err);
}
