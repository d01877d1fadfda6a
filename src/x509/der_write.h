/*
 * DER (X.690 clause 10) output on top of the writer.
 *
 * Constructed values are written in place: lt_der_open writes the tag and
 * one placeholder length octet, the body follows, and lt_der_close
 * measures it. A body under 128 bytes fits the short form already; a
 * longer one is shifted right by the octets its long-form length needs
 * (X.690 8.1.3.5, minimal). Certificates are a few KiB, so the shifts cost
 * little, and no second buffer or size pre-computation is needed. Blocks
 * close in the reverse order they were opened.
 *
 * Failures are the writer's sticky error: check lt_writer_ok() once at the
 * end. A value that cannot be encoded (a PrintableString with a character
 * outside its alphabet, a time outside years 0000-9999) fails the writer
 * too, so invalid DER is never produced.
 */
#ifndef LT_X509_DER_WRITE_H
#define LT_X509_DER_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/writer.h"
#include "x509/der.h"

/* An open constructed value: where its length octet sits. */
typedef struct lt_der_block {
    size_t len_at;
} lt_der_block;

/* Opens a constructed value: LT_DER_SEQUENCE, LT_DER_SET, or
 * LT_DER_CONTEXT_CONSTRUCTED(n) for [n] EXPLICIT. A SET's elements are not
 * sorted here: write them in DER order (X.690 11.6). */
lt_der_block lt_der_open(lt_writer *w, uint8_t tag);
void lt_der_close(lt_writer *w, lt_der_block block);

/* A whole primitive TLV, e.g. LT_DER_CONTEXT(n) for [n] IMPLICIT over a
 * primitive type. */
void lt_der_write_tlv(lt_writer *w, uint8_t tag, const uint8_t *value, size_t len);

/* A non-negative INTEGER from a big-endian magnitude: leading zero octets
 * are dropped and one 0x00 is added when the top bit is set. An empty or
 * all-zero magnitude is 0. */
void lt_der_write_integer_bytes(lt_writer *w, const uint8_t *magnitude, size_t len);
void lt_der_write_integer_u64(lt_writer *w, uint64_t v);

void lt_der_write_bool(lt_writer *w, bool v); /* TRUE is 0xff (X.690 11.1) */
void lt_der_write_null(lt_writer *w);

/* An OBJECT IDENTIFIER from its encoded contents (the constants used with
 * LT_DER_OID_IS). */
void lt_der_write_oid(lt_writer *w, const uint8_t *oid, size_t len);
#define LT_DER_WRITE_OID(w, constant) lt_der_write_oid((w), (constant), sizeof(constant))

/* A BIT STRING of whole octets (0 unused bits). */
void lt_der_write_bit_string(lt_writer *w, const uint8_t *bits, size_t len);
/* A BIT STRING of named bits (keyUsage): bit n of the value is 1 << n of
 * `bits`; trailing zero bits are dropped (X.690 11.2.2), so 0 is empty. */
void lt_der_write_named_bits(lt_writer *w, uint32_t bits);
void lt_der_write_octet_string(lt_writer *w, const uint8_t *p, size_t len);

/* UTF8String; the text must be well-formed UTF-8 (not checked here). */
void lt_der_write_utf8_string(lt_writer *w, const char *s, size_t len);
/* PrintableString (X.680 41.4: A-Z a-z 0-9 space '()+,-./:=?); any other
 * character fails the writer. */
void lt_der_write_printable_string(lt_writer *w, const char *s, size_t len);

/* Time (RFC 5280 4.1.2.5) from Unix seconds: UTCTime YYMMDDHHMMSSZ for
 * years 1950 through 2049, GeneralizedTime YYYYMMDDHHMMSSZ otherwise. */
void lt_der_write_time(lt_writer *w, int64_t unix_seconds);

#endif
