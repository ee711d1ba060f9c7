/* sha256.h — SHA-256 (FIPS 180-4), for the report's input hash. */
#ifndef CL_SHA256_H
#define CL_SHA256_H

#include <stddef.h>

/* Writes the lowercase hex digest of data[0..len) into out (65 bytes with the NUL). */
void cl__sha256_hex(char out[65], const void *data, size_t len);

#endif
