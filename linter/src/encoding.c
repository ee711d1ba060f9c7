/*
 * encoding.c — turns a text file's bytes into UTF-8 and remembers where every UTF-8 byte came
 * from (encoding.h). It sits between the text reader and normalize.c.
 *
 * Detection, in order of certainty: a BOM (UTF-8, UTF-16, UTF-32); NUL bytes laid out like
 * UTF-16 without a BOM; 7-bit bytes with ISO-2022-JP escapes; valid UTF-8 (pure ASCII too);
 * and otherwise the legacy Japanese encodings (CP932 and EUC-JP), each converted strictly,
 * keeping the one that decodes and reads most like Japanese. ICU's detector (ucsdet) only adds
 * its confidence: it is weak on short texts, whereas a strict conversion is a proof. When
 * nothing decodes, the error reported is that of the encoding that decoded furthest.
 *
 * A NUL byte outside UTF-16/32 means the file is not text: "binary file: NUL byte at offset N"
 * (CL_EFORMAT), rather than text that would confuse every later stage.
 *
 * Conversion never substitutes: a byte sequence that does not decode is an error carrying its
 * byte offset. Valid UTF-8 is copied as it is, so its map is the identity shifted by the BOM
 * (src_map empty, src_base = 3). Other encodings go through ICU's ucnv_toUnicode with its
 * offsets array, in fixed-size chunks, and src_map gets one unit per code point (the offmap
 * merges runs of equal widths, so a page of kanji costs one run). Everything is built in a
 * scratch result and handed to the caller's cl_source only on success.
 *
 * Naming: ICU's "Shift_JIS", "CP932" and "windows-31j" are all ibm-943_P15A-2003, Microsoft's
 * table (① ㈱ 髙 decode; 0x5C is '\' and 0x8160 is U+FF5E). We report "CP932" when the text
 * uses codes outside JIS X 0208 (NEC row 13, the NEC-selected and IBM extensions, the
 * user-defined area), since a strict Shift_JIS reader would reject it, and "Shift_JIS"
 * otherwise. EUC-JP is ICU's euc-jp-2007, whose JIS X 0208 rows match CP932's, row 13 too.
 */
#include "encoding.h"

#include <stdio.h>
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/utf16.h>

#include "cl_limits.h"

/* ICU converter names. ISO-2022-JP-2 reads every ISO-2022-JP and ISO-2022-JP-1 file. */
#define ICU_CP932 "ibm-943_P15A-2003"
#define ICU_EUCJP "euc-jp-2007"
#define ICU_ISO2022JP "ISO_2022,locale=ja,version=2"

/* UTF-16 units converted per ICU call: bounds the scratch memory, not the input. */
#define CHUNK 4096

/* Below this many non-ASCII characters, a legacy-encoding choice is reported as guessed. */
#define SHORT_TEXT 16

/* Sets err like cl__error_set and also records the input byte offset the error is about. */
static int fail_at(cl_error *err, int code, long long offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int fail_at(cl_error *err, int code, long long offset, const char *fmt, ...)
{
    char msg[sizeof(((cl_error *)0)->message)];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    cl__error_set(err, code, "%s", msg);
    if (err)
        err->offset = offset;
    return code;
}

static int limit_error(cl_error *err, int code)
{
    if (code == CL_ELIMIT)
        return cl__error_set(err, code, "decoded text is above the limit of %lu bytes",
                             (unsigned long)CL_MAX_TEXT_BYTES);
    return cl__error_set(err, code, "out of memory decoding the text");
}

static void set_encoding(cl_source *out, const char *name, int guessed)
{
    size_t n = strlen(name);
    if (n >= sizeof(out->encoding))
        n = sizeof(out->encoding) - 1;
    memcpy(out->encoding, name, n);
    out->encoding[n] = '\0';
    out->encoding_guessed = guessed;
}

/* ---- UTF-8: copied as it is --------------------------------------------------------- */

/*
 * Appends bytes[skip..len) after checking they are UTF-8 without NUL bytes. The map stays the
 * identity plus `skip` when out is still empty; otherwise it is spelled out byte by byte.
 */
static int put_utf8(cl_source *out, const unsigned char *bytes, size_t len, size_t skip,
                    cl_error *err)
{
    size_t bad, i, base = out->text.len;
    const unsigned char *nul;
    int error;

    bad = skip + cl__utf8_validate(bytes + skip, len - skip);
    if (bad < len)
        return fail_at(err, CL_EENCODING, (long long)bad, "invalid UTF-8 at byte %zu", bad);
    /* A text file never holds a NUL byte: such bytes are a binary file (UTF-16 aside). */
    nul = len > skip ? memchr(bytes + skip, 0, len - skip) : NULL;
    if (nul)
        return fail_at(err, CL_EFORMAT, (long long)(nul - bytes),
                       "binary file: NUL byte at offset %zu", (size_t)(nul - bytes));
    if (len - skip > CL_MAX_TEXT_BYTES || base > CL_MAX_TEXT_BYTES - (len - skip))
        return limit_error(err, CL_ELIMIT);
    if ((error = cl__buf_put(&out->text, bytes + skip, len - skip)) < 0)
        return limit_error(err, error);
    if (base == 0 && out->src_map.nruns == 0) {
        out->src_base = skip;
        return 0;
    }
    for (i = skip; i < len; i++)
        if ((error = cl__offmap_add(&out->src_map, base + i - skip, 1, i, 1)) < 0)
            return limit_error(err, error);
    return 0;
}

/* ---- other encodings: ICU with offsets ---------------------------------------------- */

/* One conversion's result, built aside so that a failed candidate leaves no trace. */
typedef struct decoded {
    cl_buf text;     /* UTF-8; offsets in map are relative to its start */
    cl_offmap map;   /* text offset -> file byte offset */
    size_t skipped;  /* length of a leading BOM that was dropped */
    long score;      /* how much the text reads like Japanese (see jscore) */
    size_t nonascii; /* non-ASCII code points */
    int extension;   /* CP932 codes outside JIS X 0208 were seen */
} decoded;

/* max: what is left of CL_MAX_TEXT_BYTES after the text already in out. */
static void decoded_init(decoded *d, const cl_source *out)
{
    memset(d, 0, sizeof(*d));
    /* 1 rather than 0 when nothing is left, since 0 would mean "no limit". */
    d->text.max = out->text.len < CL_MAX_TEXT_BYTES ? CL_MAX_TEXT_BYTES - out->text.len : 1;
}

static void decoded_dispose(decoded *d)
{
    cl__buf_dispose(&d->text);
    cl__offmap_dispose(&d->map);
}

/*
 * A rough weight of a character in running Japanese text. Hiragana carry most of it; the
 * negative weights are what text decoded with the wrong table tends to produce (EUC-JP read as
 * CP932 gives half-width katakana, lead bytes F0-F9 give the private use area, and CP932 read
 * as EUC-JP gives C1 controls).
 */
static int jscore(uint32_t cp)
{
    if (cp < 0x80)
        return 0;
    if (cp >= 0x3041 && cp <= 0x309F)
        return 3;
    if ((cp >= 0x30A0 && cp <= 0x30FF) || (cp >= 0x3000 && cp <= 0x303F))
        return 2;
    if ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xFF01 && cp <= 0xFF5E))
        return 1;
    if (cp >= 0xFF61 && cp <= 0xFF9F)
        return -1;
    /* C1 controls (CP932 bytes read as EUC-JP) and the private use area. */
    if (cp <= 0x9F || (cp >= 0xE000 && cp <= 0xF8FF))
        return -4;
    return 0;
}

/* State of one conversion: the code point whose source length is not yet known. */
typedef struct conv {
    decoded *d;
    const unsigned char *bytes;
    size_t len;
    int iso2022; /* escape sequences sit between characters */
    int cp932;   /* watch for extension codes */
    int have;    /* a unit is pending */
    size_t u8_off, u8_len, src_off;
    int started; /* a code point has been seen (a leading U+FEFF is a BOM) */
    int bom;     /* a BOM is pending: its length is known at the next code point */
    size_t bom_off;
    int has_lead; /* a lead surrogate waits for its trail */
    UChar lead;
    size_t lead_off;
} conv;

/*
 * Writes the pending unit to the map, now that the next unit's source offset is known. In
 * ISO-2022-JP the bytes up to the next character may end with escape sequences: they are left
 * out of the unit, so positions stay on the characters themselves.
 */
static int flush(conv *c, size_t next_src)
{
    size_t src_len = next_src - c->src_off;

    if (!c->have)
        return 0;
    c->have = 0;
    if (c->iso2022) {
        const unsigned char *esc = memchr(c->bytes + c->src_off, 0x1B, src_len);
        if (esc && esc > c->bytes + c->src_off)
            src_len = (size_t)(esc - (c->bytes + c->src_off));
    }
    if (c->cp932 && src_len == 2) {
        unsigned char lead = c->bytes[c->src_off];
        if (lead == 0x87 || lead == 0xED || lead == 0xEE || lead >= 0xF0)
            c->d->extension = 1;
    }
    return cl__offmap_add(&c->d->map, c->u8_off, c->u8_len, c->src_off, src_len);
}

/* Takes one code point that starts at file byte src. */
static int emit(conv *c, uint32_t cp, size_t src, const char *name, cl_error *err)
{
    char u8[4];
    size_t n;
    int error;

    if (c->bom) {
        c->bom = 0;
        c->d->skipped = src - c->bom_off;
    }
    if (!c->started) {
        c->started = 1;
        if (cp == 0xFEFF) { /* a BOM the caller did not strip (forced encoding) */
            c->bom = 1;
            c->bom_off = src;
            return 0;
        }
    }
    if (cp == 0)
        return fail_at(err, CL_EFORMAT, (long long)src,
                       "binary file: NUL character in %s text at byte %zu", name, src);
    n = cl__utf8_encode(u8, cp);
    if (c->have && src <= c->src_off) {
        /* Same source position (a sequence mapped to several code points, or a unit whose
         * offset ICU did not know): one unit. */
        c->u8_len += n;
    } else {
        if ((error = flush(c, src)) < 0)
            return limit_error(err, error);
        c->have = 1;
        c->u8_off = c->d->text.len;
        c->u8_len = n;
        c->src_off = src;
    }
    if ((error = cl__buf_put(&c->d->text, u8, n)) < 0)
        return limit_error(err, error);
    if (cp >= 0x80) {
        c->d->nonascii++;
        c->d->score += jscore(cp);
    }
    return 0;
}

/* Hex dump of a few bytes for a message: "0x81 0x20". */
static void hex_bytes(char *out, size_t size, const char *b, size_t n)
{
    size_t i, at = 0;
    out[0] = '\0';
    for (i = 0; i < n && at + 6 < size; i++)
        at += (size_t)snprintf(out + at, size - at, "%s0x%02X", i ? " " : "",
                               (unsigned)(unsigned char)b[i]);
}

/*
 * Converts bytes[start..len) with ICU converter `icu` into d, reporting errors under `name`.
 * Returns 0, or CL_EENCODING (err->offset = the first byte that does not decode), CL_EFORMAT
 * (a NUL character), CL_ELIMIT or CL_ENOMEM.
 */
static int convert(decoded *d, const unsigned char *bytes, size_t len, size_t start,
                   const char *icu, const char *name, cl_error *err)
{
    UErrorCode st = U_ZERO_ERROR;
    UConverter *cnv;
    UChar ubuf[CHUNK];
    int32_t offs[CHUNK];
    const char *src = (const char *)bytes + start, *limit = (const char *)bytes + len;
    conv c;
    int error = 0;

    if (len - start > (size_t)INT32_MAX) /* ICU's offsets are int32_t */
        return fail_at(err, CL_ELIMIT, -1, "file is too large to convert from %s", name);
    cnv = ucnv_open(icu, &st);
    if (U_FAILURE(st))
        return fail_at(err, CL_EENCODING, -1, "unknown encoding %s", name);
    ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &st);
    memset(&c, 0, sizeof(c));
    c.d = d;
    c.bytes = bytes;
    c.len = len;
    c.iso2022 = strcmp(icu, ICU_ISO2022JP) == 0;
    c.cp932 = strcmp(icu, ICU_CP932) == 0;

    for (;;) {
        UChar *t = ubuf;
        const char *call_src = src;
        size_t base = (size_t)(call_src - (const char *)bytes), i, nunits;

        st = U_ZERO_ERROR;
        ucnv_toUnicode(cnv, &t, ubuf + CHUNK, &src, limit, offs, 1, &st);
        nunits = (size_t)(t - ubuf);
        for (i = 0; i < nunits && !error; i++) {
            UChar u = ubuf[i];
            /* -1: the unit belongs to a character begun in the previous call. */
            size_t at = offs[i] >= 0 ? base + (size_t)offs[i] : c.have ? c.src_off : base;
            if (c.has_lead) {
                c.has_lead = 0;
                if (U16_IS_TRAIL(u)) {
                    error = emit(&c, U16_GET_SUPPLEMENTARY(c.lead, u), c.lead_off, name, err);
                    continue;
                }
                error = emit(&c, 0xFFFD, c.lead_off, name, err); /* not produced by ICU */
                if (error)
                    break;
            }
            if (U16_IS_LEAD(u)) {
                c.has_lead = 1;
                c.lead = u;
                c.lead_off = at;
                continue;
            }
            error = emit(&c, u, at, name, err);
        }
        if (error)
            goto done;
        if (st == U_BUFFER_OVERFLOW_ERROR)
            continue;
        if (U_FAILURE(st)) {
            char inv[32], hex[64];
            int8_t ninv = (int8_t)sizeof(inv);
            UErrorCode st2 = U_ZERO_ERROR;
            size_t bad;

            ucnv_getInvalidChars(cnv, inv, &ninv, &st2);
            if (U_FAILURE(st2) || ninv < 0)
                ninv = 0;
            bad = (size_t)(src - (const char *)bytes) - (size_t)ninv;
            hex_bytes(hex, sizeof(hex), inv, (size_t)ninv);
            if (st == U_TRUNCATED_CHAR_FOUND && strncmp(name, "UTF-16", 6) == 0 &&
                (len - start) % 2)
                error = fail_at(err, CL_EENCODING, (long long)bad,
                                "odd-length %s text: stray byte at byte %zu", name, bad);
            else if (st == U_TRUNCATED_CHAR_FOUND)
                error = fail_at(err, CL_EENCODING, (long long)bad,
                                "cannot decode %s as %s at byte %zu: the file ends inside a "
                                "character",
                                hex, name, bad);
            else
                error = fail_at(err, CL_EENCODING, (long long)bad,
                                "cannot decode %s as %s at byte %zu", hex, name, bad);
            goto done;
        }
        break;
    }
    if (c.has_lead && (error = emit(&c, 0xFFFD, c.lead_off, name, err)) < 0)
        goto done;
    if (c.bom)
        d->skipped = len - c.bom_off;
    if ((error = flush(&c, len)) < 0)
        error = limit_error(err, error);
done:
    ucnv_close(cnv);
    return error;
}

/* Hands a successful conversion to out (which may already hold text) and names it. */
static int commit(cl_source *out, decoded *d, const char *name, int guessed, cl_error *err)
{
    size_t base = out->text.len, r, k;
    int error;

    if (base == 0 && out->src_map.nruns == 0) {
        size_t max = out->text.max;
        cl__buf_dispose(&out->text);
        cl__offmap_dispose(&out->src_map);
        out->text = d->text;
        out->text.max = max;
        out->src_map = d->map;
        memset(&d->text, 0, sizeof(d->text));
        memset(&d->map, 0, sizeof(d->map));
    } else {
        if ((error = cl__buf_put(&out->text, d->text.ptr ? d->text.ptr : "", d->text.len)) < 0)
            return limit_error(err, error);
        for (r = 0; r < d->map.nruns; r++) {
            const cl_offrun *run = &d->map.runs[r];
            for (k = 0; k < run->count; k++)
                if ((error = cl__offmap_add(&out->src_map, base + run->from + k * run->from_w,
                                            run->from_w, run->to + k * run->to_w, run->to_w)) < 0)
                    return limit_error(err, error);
        }
    }
    if ((error = cl__buf_grow(&out->text, 0)) < 0) /* text.ptr is never NULL on success */
        return limit_error(err, error);
    out->src_base = d->skipped;
    set_encoding(out, name, guessed);
    return 0;
}

/* Converts and commits in one step (BOMs, forced encodings, sure detections). */
static int decode_with(cl_source *out, const unsigned char *bytes, size_t len, size_t start,
                       const char *icu, const char *name, int guessed, cl_error *err)
{
    decoded d;
    int error;

    decoded_init(&d, out);
    if ((error = convert(&d, bytes, len, start, icu, name, err)) == 0) {
        if (start)
            d.skipped = start;
        error = commit(out, &d, name, guessed, err);
    }
    decoded_dispose(&d);
    return error;
}

/* ---- detection ---------------------------------------------------------------------- */

/* ICU's confidence (0..100) that the bytes are in `charset`, 0 when it does not say so. */
static int ucsdet_confidence(const unsigned char *bytes, size_t len, const char *charset)
{
    UErrorCode st = U_ZERO_ERROR;
    UCharsetDetector *csd = ucsdet_open(&st);
    const UCharsetMatch **matches;
    int32_t n = 0, i;
    int conf = 0;

    if (U_FAILURE(st))
        return 0;
    /* The detector looks at statistics: the first 64 KiB say as much as the whole file. */
    ucsdet_setText(csd, (const char *)bytes, (int32_t)(len < 65536 ? len : 65536), &st);
    matches = ucsdet_detectAll(csd, &n, &st);
    for (i = 0; U_SUCCESS(st) && i < n; i++) {
        const char *name = ucsdet_getName(matches[i], &st);
        if (U_SUCCESS(st) && name && strcmp(name, charset) == 0) {
            conf = ucsdet_getConfidence(matches[i], &st);
            break;
        }
    }
    ucsdet_close(csd);
    return U_SUCCESS(st) ? conf : 0;
}

/*
 * How the bytes read as UTF-16 in one byte order, in per mille of units. `textlike`: ASCII
 * printables and line ends, CJK symbols and kana (U+30xx), CJK ideographs, full-width forms.
 * `core`: ASCII and U+30xx only. The right byte order scores close to 1000 / well above 300 on
 * Japanese or English text. ASCII text with a stray NUL read as UTF-16 looks like ideographs
 * (U+6548 ...) and so passes `textlike`, but not `core`; binary data passes neither.
 */
static void utf16_shape(unsigned *textlike, unsigned *core, const unsigned char *b, size_t len,
                        int big_endian)
{
    size_t i, units = len / 2, good = 0, basic = 0;
    for (i = 0; i + 1 < len; i += 2) {
        unsigned hi = big_endian ? b[i] : b[i + 1], lo = big_endian ? b[i + 1] : b[i];
        if ((hi == 0 && (lo == '\t' || lo == '\n' || lo == '\r' || (lo >= 0x20 && lo < 0x7F))) ||
            hi == 0x30)
            basic++;
        else if ((hi >= 0x4E && hi <= 0x9F) || hi == 0xFF)
            good++;
    }
    *textlike = units ? (unsigned)((good + basic) * 1000 / units) : 0;
    *core = units ? (unsigned)(basic * 1000 / units) : 0;
}

/* Bytes that are all 7-bit and contain an ISO-2022-JP designation of a double-byte set. */
static int looks_iso2022jp(const unsigned char *b, size_t len)
{
    size_t i;
    int esc = 0;
    for (i = 0; i < len; i++) {
        if (b[i] >= 0x80)
            return 0;
        if (b[i] == 0x1B && i + 2 < len && b[i + 1] == '$' &&
            (b[i + 2] == 'B' || b[i + 2] == '@' || b[i + 2] == '('))
            esc = 1;
    }
    return esc;
}

/* Multi-byte sequences in the valid UTF-8 bytes b[0..len). */
static size_t utf8_multibyte(const unsigned char *b, size_t len)
{
    size_t i, n = 0;
    for (i = 0; i < len; i++)
        if (b[i] >= 0xC0)
            n++;
    return n;
}

/* Copies a candidate's error into err (keeping the caller's path) and returns its code. */
static int take_error(cl_error *err, const cl_error *from)
{
    if (err) {
        const char *path = err->path;
        *err = *from;
        err->path = path;
    }
    return from->code;
}

/*
 * The legacy candidates: both converted strictly. One that decodes wins; when both do (short
 * texts, or EUC-JP kana that happen to be valid half-width CP932), the one that reads more like
 * Japanese wins and the choice is marked as guessed. When neither decodes, the error of the one
 * that went further is reported, UTF-8 included (utf8_bad: where UTF-8 validation stopped); on
 * a tie UTF-8's, the likelier encoding of a new file.
 */
static int decode_legacy(cl_source *out, const unsigned char *bytes, size_t len, size_t utf8_bad,
                         cl_error *err)
{
    decoded sj, eu, *pick, *other;
    cl_error esj, eeu;
    int rsj, reu, error, guessed;
    long long furthest;
    const char *name;

    decoded_init(&sj, out);
    decoded_init(&eu, out);
    cl_error_clear(&esj);
    cl_error_clear(&eeu);
    rsj = convert(&sj, bytes, len, 0, ICU_CP932, "Shift_JIS", &esj);
    reu = convert(&eu, bytes, len, 0, ICU_EUCJP, "EUC-JP", &eeu);

    /* Out of memory or over the limit: that is the answer, whatever the other did. */
    if (rsj < 0 && rsj != CL_EENCODING) {
        error = take_error(err, &esj);
        goto done;
    }
    if (reu < 0 && reu != CL_EENCODING) {
        error = take_error(err, &eeu);
        goto done;
    }
    if (rsj < 0 && reu < 0) {
        furthest = esj.offset > eeu.offset ? esj.offset : eeu.offset;
        if ((long long)utf8_bad >= furthest) {
            set_encoding(out, "UTF-8", 1);
            error = fail_at(err, CL_EENCODING, (long long)utf8_bad, "invalid UTF-8 at byte %zu",
                            utf8_bad);
        } else if (esj.offset >= eeu.offset) {
            set_encoding(out, "Shift_JIS", 1);
            error = take_error(err, &esj);
        } else {
            set_encoding(out, "EUC-JP", 1);
            error = take_error(err, &eeu);
        }
        goto done;
    }

    if (rsj == 0 && reu == 0) {
        pick = sj.score >= eu.score ? &sj : &eu;
        guessed = 1;
    } else {
        pick = rsj == 0 ? &sj : &eu;
        other = rsj == 0 ? &eu : &sj;
        /* The one that decodes reads like mojibake (under 0.5 per character) while the other
         * read like Japanese (1 or more) until it met a bad byte: the other is the file's
         * encoding and that byte is the error. Typical of EUC-JP with one corrupt byte, which
         * otherwise often decodes as CP932. */
        if (pick->score * 2 < (long)pick->nonascii && other->nonascii >= 8 &&
            other->score >= (long)other->nonascii) {
            set_encoding(out, other == &sj ? "Shift_JIS" : "EUC-JP", 1);
            error = take_error(err, other == &sj ? &esj : &eeu);
            goto done;
        }
        guessed = pick->nonascii < SHORT_TEXT ||
                  ucsdet_confidence(bytes, len, pick == &eu ? "EUC-JP" : "Shift_JIS") < 50;
    }
    if (pick == &eu)
        name = "EUC-JP";
    else
        name = pick->extension ? "CP932" : "Shift_JIS";
    error = commit(out, pick, name, guessed, err);
done:
    decoded_dispose(&sj);
    decoded_dispose(&eu);
    return error;
}

/*
 * Decodes as UTF-16 when the bytes look like it in one byte order (see utf16_shape) and convert
 * cleanly. Returns 0 when done, 1 when it is not UTF-16 after all, or a negative error code
 * for out of memory / over the limit.
 */
static int try_utf16_without_nul(cl_source *out, const unsigned char *bytes, size_t len,
                                 cl_error *err)
{
    unsigned le, le_core, be, be_core;
    const char *name;
    decoded d;
    cl_error e;
    int error;

    utf16_shape(&le, &le_core, bytes, len, 0);
    utf16_shape(&be, &be_core, bytes, len, 1);
    if (le >= 900 && le_core >= 300 && le + le_core > be + be_core)
        name = "UTF-16LE";
    else if (be >= 900 && be_core >= 300 && be + be_core > le + le_core)
        name = "UTF-16BE";
    else
        return 1;
    decoded_init(&d, out);
    cl_error_clear(&e);
    error = convert(&d, bytes, len, 0, name, name, &e);
    if (error == 0)
        error = commit(out, &d, name, 1, err);
    else if (error == CL_EENCODING || error == CL_EFORMAT)
        error = 1;
    else
        error = take_error(err, &e);
    decoded_dispose(&d);
    return error;
}

static int detect(cl_source *out, const unsigned char *bytes, size_t len, cl_error *err)
{
    size_t bad, i, nul = len;
    unsigned le, le_core, be, be_core;
    int ok_le, ok_be;

    /* 1. Byte order marks: certain. UTF-32LE's BOM begins like UTF-16LE's, so it goes first. */
    if (len >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) {
        set_encoding(out, "UTF-8", 0);
        return put_utf8(out, bytes, len, 3, err);
    }
    if (len >= 4 && !memcmp(bytes, "\xFF\xFE\0\0", 4))
        return decode_with(out, bytes, len, 4, "UTF-32LE", "UTF-32LE", 0, err);
    if (len >= 4 && !memcmp(bytes, "\0\0\xFE\xFF", 4))
        return decode_with(out, bytes, len, 4, "UTF-32BE", "UTF-32BE", 0, err);
    if (len >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
        return decode_with(out, bytes, len, 2, "UTF-16LE", "UTF-16LE", 0, err);
    if (len >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
        return decode_with(out, bytes, len, 2, "UTF-16BE", "UTF-16BE", 0, err);

    /* 2. NUL bytes: UTF-16 without a BOM (ASCII characters have a zero byte), or binary. */
    for (i = 0; i < len; i++)
        if (bytes[i] == 0) {
            nul = i;
            break;
        }
    if (nul < len) {
        utf16_shape(&le, &le_core, bytes, len, 0);
        utf16_shape(&be, &be_core, bytes, len, 1);
        ok_le = le >= 800 && le_core >= 300;
        ok_be = be >= 800 && be_core >= 300;
        if (ok_le && (!ok_be || le + le_core > be + be_core))
            return decode_with(out, bytes, len, 0, "UTF-16LE", "UTF-16LE", len < 64 || le < 950,
                               err);
        if (ok_be && (!ok_le || be + be_core > le + le_core))
            return decode_with(out, bytes, len, 0, "UTF-16BE", "UTF-16BE", len < 64 || be < 950,
                               err);
        return fail_at(err, CL_EFORMAT, (long long)nul, "binary file: NUL byte at offset %zu", nul);
    }

    /* 3. ISO-2022-JP is 7-bit, so it must be tried before UTF-8 (of which it is valid). */
    if (looks_iso2022jp(bytes, len))
        return decode_with(out, bytes, len, 0, ICU_ISO2022JP, "ISO-2022-JP", 0, err);

    /* 4. Valid UTF-8 (pure ASCII included: it reads the same in every candidate). */
    bad = cl__utf8_validate(bytes, len);
    if (bad == len) {
        set_encoding(out, "UTF-8", 0);
        return put_utf8(out, bytes, len, 0, err);
    }
    /* A legacy text almost never starts with several valid UTF-8 sequences: this is UTF-8
     * with a bad byte (often a file cut in the middle of a character). */
    if (utf8_multibyte(bytes, bad) >= 4) {
        set_encoding(out, "UTF-8", 0);
        return fail_at(err, CL_EENCODING, (long long)bad, "invalid UTF-8 at byte %zu", bad);
    }

    /* 5. UTF-16 without a BOM and without a single ASCII character (so no NUL byte): kana and
     * CJK punctuation put 0x30 in every other byte, which CP932 and EUC-JP text never do. */
    if (len % 2 == 0) {
        int r = try_utf16_without_nul(out, bytes, len, err);
        if (r <= 0)
            return r;
    }

    /* 6. CP932 or EUC-JP. */
    return decode_legacy(out, bytes, len, bad, err);
}

/* ---- forced encodings ----------------------------------------------------------------- */

/* Known names, compared without case, '-', '_' or spaces: what we report, and ICU's name. */
static const struct {
    const char *key, *name, *icu;
} known[] = {
    {"utf8", "UTF-8", NULL},
    {"utf16le", "UTF-16LE", "UTF-16LE"},
    {"utf16be", "UTF-16BE", "UTF-16BE"},
    {"utf16", "UTF-16", "UTF-16"},
    {"utf32le", "UTF-32LE", "UTF-32LE"},
    {"utf32be", "UTF-32BE", "UTF-32BE"},
    {"utf32", "UTF-32", "UTF-32"},
    {"shiftjis", "Shift_JIS", ICU_CP932},
    {"sjis", "Shift_JIS", ICU_CP932},
    {"xsjis", "Shift_JIS", ICU_CP932},
    {"cp932", "CP932", ICU_CP932},
    {"ms932", "CP932", ICU_CP932},
    {"windows31j", "CP932", ICU_CP932},
    {"windows932", "CP932", ICU_CP932},
    {"eucjp", "EUC-JP", ICU_EUCJP},
    {"xeucjp", "EUC-JP", ICU_EUCJP},
    {"ujis", "EUC-JP", ICU_EUCJP},
    {"iso2022jp", "ISO-2022-JP", ICU_ISO2022JP},
    {"csiso2022jp", "ISO-2022-JP", ICU_ISO2022JP},
    {"jis", "ISO-2022-JP", ICU_ISO2022JP},
};

/* Lower-case alphanumerics of name into key; 0 when it does not fit. */
static int name_key(char *key, size_t size, const char *name)
{
    size_t n = 0;
    for (; *name; name++) {
        char ch = *name;
        if (ch == '-' || ch == '_' || ch == ' ')
            continue;
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if (n + 1 >= size)
            return 0;
        key[n++] = ch;
    }
    key[n] = '\0';
    return 1;
}

static int decode_forced(cl_source *out, const unsigned char *bytes, size_t len, const char *forced,
                         cl_error *err)
{
    char key[32];
    size_t i;

    if (name_key(key, sizeof(key), forced))
        for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
            if (strcmp(key, known[i].key) != 0)
                continue;
            if (!known[i].icu) {
                size_t skip = len >= 3 && !memcmp(bytes, "\xEF\xBB\xBF", 3) ? 3 : 0;
                set_encoding(out, known[i].name, 0);
                return put_utf8(out, bytes, len, skip, err);
            }
            return decode_with(out, bytes, len, 0, known[i].icu, known[i].name, 0, err);
        }
    /* Any other converter ICU knows, under the name the user gave. */
    if (strlen(forced) >= sizeof(out->encoding))
        return fail_at(err, CL_EENCODING, -1, "unknown encoding %.64s", forced);
    return decode_with(out, bytes, len, 0, forced, forced, 0, err);
}

int cl__decode(cl_source *out, const unsigned char *bytes, size_t len, const char *forced,
               cl_error *err)
{
    int error;

    if (!out || (!bytes && len))
        return cl__error_set(err, CL_EINVAL, "cl__decode: invalid argument");
    if (!bytes)
        bytes = (const unsigned char *)"";
    error = forced ? decode_forced(out, bytes, len, forced, err) : detect(out, bytes, len, err);
    if (error == 0 && (error = cl__buf_grow(&out->text, 0)) < 0)
        return limit_error(err, error);
    return error;
}
