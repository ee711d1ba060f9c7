/*
 * encoding.h — detecting a text file's encoding and converting it to UTF-8, with a map from
 * every UTF-8 byte back to the original bytes.
 */
#ifndef CL_ENCODING_H
#define CL_ENCODING_H

#include "source.h"

/*
 * Decodes bytes into out->text (appending) and fills out->src_map / out->src_base,
 * out->encoding and out->encoding_guessed. @p forced names an encoding (ICU/IANA name such
 * as "Shift_JIS", "CP932", "EUC-JP", "ISO-2022-JP", "UTF-16LE", "UTF-8") or is NULL to detect.
 * Bytes that do not decode: CL_EENCODING with err->offset set to the byte offset.
 */
int cl__decode(cl_source *out, const unsigned char *bytes, size_t len, const char *forced,
               cl_error *err);

#endif
