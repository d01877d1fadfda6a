/*
 * PEM output (RFC 7468 2 and 3): "-----BEGIN label-----", the DER in
 * base64 (RFC 4648 4) in lines of 64 characters, "-----END label-----",
 * each line ending in '\n'. This is the strict form that lt_pem_next
 * reads back.
 */
#ifndef LT_X509_PEM_WRITE_H
#define LT_X509_PEM_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "base/writer.h"

/* Characters of base64 for len bytes, padding included. */
#define LT_BASE64_LEN(len) (((len) + 2) / 3 * 4)

/* Appends base64 of in, with padding and no line breaks. */
void lt_base64_write(lt_writer *w, const uint8_t *in, size_t len);
/* Appends one PEM block. The writer then holds the DER in encoded form:
 * for a private key, the writer's buffer is a secret (a growing writer
 * wipes it when freed). */
void lt_pem_write(lt_writer *w, const char *label, const uint8_t *der, size_t len);

#endif
