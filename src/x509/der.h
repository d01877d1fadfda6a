/*
 * Strict DER (X.690 clause 10) on top of the bounds-checked reader.
 *
 * Every read takes `what`, a short name of the field being read, so a
 * failure says which field was wrong and how ("tbsCertificate serialNumber:
 * INTEGER has a non-minimal encoding"). Structural DER failures are
 * LATCH_ERR_DECODE. Spans point into the input; they live as long as it.
 */
#ifndef LT_X509_DER_H
#define LT_X509_DER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/reader.h"

/* Identifier octets in low-tag-number form: class (2 bits), constructed (1),
 * number (5). */
#define LT_DER_BOOLEAN 0x01
#define LT_DER_INTEGER 0x02
#define LT_DER_BIT_STRING 0x03
#define LT_DER_OCTET_STRING 0x04
#define LT_DER_NULL 0x05
#define LT_DER_OID 0x06
#define LT_DER_UTF8_STRING 0x0c
#define LT_DER_PRINTABLE_STRING 0x13
#define LT_DER_T61_STRING 0x14
#define LT_DER_IA5_STRING 0x16
#define LT_DER_UTC_TIME 0x17
#define LT_DER_GENERALIZED_TIME 0x18
#define LT_DER_VISIBLE_STRING 0x1a
#define LT_DER_UNIVERSAL_STRING 0x1c
#define LT_DER_BMP_STRING 0x1e
#define LT_DER_SEQUENCE 0x30
#define LT_DER_SET 0x31
#define LT_DER_CONSTRUCTED 0x20
#define LT_DER_CONTEXT(n) ((uint8_t)(0x80 | (n)))             /* [n] IMPLICIT, primitive */
#define LT_DER_CONTEXT_CONSTRUCTED(n) ((uint8_t)(0xa0 | (n))) /* [n] EXPLICIT or constructed */

/* Any TLV: checks the identifier (low-tag-number form, universal types
 * with the right constructed bit) and the length (definite, minimal, within
 * the parent). *contents gets the value octets. */
bool lt_der_read_any(lt_reader *r, uint8_t *tag, lt_reader *contents, const char *what,
                     lt_error *err) LT_MUST_CHECK;
/* A TLV that must carry `tag`. */
bool lt_der_read(lt_reader *r, uint8_t tag, lt_reader *contents, const char *what,
                 lt_error *err) LT_MUST_CHECK;
/* As lt_der_read, and *whole spans the TLV's own bytes (tag, length, value). */
bool lt_der_read_whole(lt_reader *r, uint8_t tag, lt_span *whole, lt_reader *contents,
                       const char *what, lt_error *err) LT_MUST_CHECK;
/* Reads a TLV with `tag` only if it comes next; *present says whether it did. */
bool lt_der_read_optional(lt_reader *r, uint8_t tag, bool *present, lt_reader *contents,
                          const char *what, lt_error *err) LT_MUST_CHECK;
/* The identifier of the next TLV without taking it; false at the end. */
bool lt_der_peek_tag(const lt_reader *r, uint8_t *tag);
/* Fails unless every byte of a constructed value was taken. */
bool lt_der_done(const lt_reader *r, const char *what, lt_error *err) LT_MUST_CHECK;

/* INTEGER: *value gets the two's complement contents (minimal, non-empty). */
bool lt_der_read_integer(lt_reader *r, lt_span *value, const char *what,
                         lt_error *err) LT_MUST_CHECK;
/* A non-negative INTEGER: *magnitude without the leading 0x00 sign octet
 * (empty for zero). */
bool lt_der_read_unsigned(lt_reader *r, lt_span *magnitude, const char *what,
                          lt_error *err) LT_MUST_CHECK;
/* A non-negative INTEGER no larger than max. */
bool lt_der_read_small_uint(lt_reader *r, uint64_t max, uint64_t *out, const char *what,
                            lt_error *err) LT_MUST_CHECK;

bool lt_der_read_bool(lt_reader *r, bool *out, const char *what, lt_error *err) LT_MUST_CHECK;
bool lt_der_read_null(lt_reader *r, const char *what, lt_error *err) LT_MUST_CHECK;
/* BIT STRING with the given tag (LT_DER_BIT_STRING, or an IMPLICIT [n]):
 * *bits spans the octets after the unused-bits count. */
bool lt_der_read_bit_string_tagged(lt_reader *r, uint8_t tag, lt_span *bits, unsigned *unused_bits,
                                   const char *what, lt_error *err) LT_MUST_CHECK;
bool lt_der_read_bit_string(lt_reader *r, lt_span *bits, unsigned *unused_bits, const char *what,
                            lt_error *err) LT_MUST_CHECK;
/* A BIT STRING that must hold whole octets (keys, signatures). */
bool lt_der_read_bit_string_octets(lt_reader *r, lt_span *bits, const char *what,
                                   lt_error *err) LT_MUST_CHECK;
bool lt_der_read_octet_string(lt_reader *r, lt_span *out, const char *what,
                              lt_error *err) LT_MUST_CHECK;

/* OBJECT IDENTIFIER: *oid gets the encoded sub-identifiers, to compare with
 * lt_der_oid_is against constants written as byte strings. */
bool lt_der_read_oid(lt_reader *r, lt_span *oid, const char *what, lt_error *err) LT_MUST_CHECK;
/* Checks the base-128 encoding of OID contents (minimal, complete). */
bool lt_der_oid_valid(lt_span oid);
bool lt_der_oid_is(lt_span oid, const uint8_t *expected, size_t len);
#define LT_DER_OID_IS(oid, constant) lt_der_oid_is((oid), (constant), sizeof(constant))
/* Dotted text ("1.2.840.113549.1.1.11") into out, always NUL-terminated;
 * ends in "..." when out is too small. */
void lt_der_oid_text(lt_span oid, char *out, size_t cap);

/* True for the string tags a Name may carry (UTF8, Printable, T61, IA5,
 * Visible, Universal, BMP). */
bool lt_der_is_string_tag(uint8_t tag);
/* One of those string types; checks its character rules (PrintableString
 * alphabet, 7-bit IA5 and Visible, well-formed UTF-8, BMP and Universal
 * lengths). */
bool lt_der_read_string(lt_reader *r, uint8_t *tag, lt_span *value, const char *what,
                        lt_error *err) LT_MUST_CHECK;
/* An IA5String (or an IMPLICIT tag over one): 7-bit ASCII. */
bool lt_der_read_ia5_tagged(lt_reader *r, uint8_t tag, lt_span *value, const char *what,
                            lt_error *err) LT_MUST_CHECK;

/* Time (RFC 5280 4.1.2.5): UTCTime YYMMDDHHMMSSZ with years 50-99 meaning
 * 19xx, or GeneralizedTime YYYYMMDDHHMMSSZ; seconds present, no fraction,
 * Z only. *out gets Unix seconds. */
bool lt_der_read_time(lt_reader *r, int64_t *out, const char *what, lt_error *err) LT_MUST_CHECK;
/* Seconds since 1970-01-01T00:00:00Z of a proleptic Gregorian UTC date. */
int64_t lt_der_unix_time(int64_t year, unsigned month, unsigned day, unsigned hour, unsigned minute,
                         unsigned second);

/* [n] EXPLICIT: the contents of the constructed context tag n. */
bool lt_der_read_explicit(lt_reader *r, unsigned n, lt_reader *inner, const char *what,
                          lt_error *err) LT_MUST_CHECK;

#endif
