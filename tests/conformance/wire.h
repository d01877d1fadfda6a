/*
 * Hand-built TLS bytes for the conformance probes: a ClientHello whose
 * every field a row may bend (versions, lists of any length, extensions
 * in any order, duplicated or malformed), and record framing with any
 * version, type and fragment size. Everything goes through the
 * project's writer; nothing here judges what it builds.
 */
#ifndef CONF_WIRE_H
#define CONF_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/writer.h"

/* The largest legal ClientHello body (RFC 5246 7.4.1.2): version 2,
 * random 32, session_id 1+32, cipher_suites 2+65534, compression
 * 1+255, extensions 2+65535. */
#define WIRE_MAX_HELLO 131396u

typedef struct wire_ext {
    uint16_t type;
    uint8_t *body;
    size_t len;
} wire_ext;

typedef struct wire_hello {
    uint16_t version;
    uint8_t session_id[64]; /* up to 64 so a row can send an illegal 33 */
    size_t session_id_len;
    lt_writer suites;      /* the cipher_suites bytes, without their length */
    lt_writer compression; /* the compression_methods bytes */
    wire_ext *ext;
    size_t ext_count;
    bool no_extensions; /* no extensions block at all */
} wire_hello;

/* A TLS 1.2 hello as a common client sends it: ECDHE, DHE and RSA key
 * exchange suites, SNI "localhost", x25519 and secp256r1, uncompressed
 * points, SHA-256 signature schemes, extended master secret and
 * renegotiation_info. */
void wire_hello_default(wire_hello *h);
void wire_hello_free(wire_hello *h);

void wire_hello_set_suites(wire_hello *h, const uint16_t *suites, size_t n);
void wire_hello_add_suite(wire_hello *h, uint16_t suite);
/* Replaces the first extension of this type, or appends it. */
void wire_hello_set_ext(wire_hello *h, uint16_t type, const uint8_t *body, size_t len);
/* Appends, even when one of the type is there already. */
void wire_hello_add_ext(wire_hello *h, uint16_t type, const uint8_t *body, size_t len);
void wire_hello_drop_ext(wire_hello *h, uint16_t type);
/* An extension whose body is a u16 list of u16 values (groups, schemes). */
void wire_hello_set_u16_list_ext(wire_hello *h, uint16_t type, const uint16_t *v, size_t n);

/* The body (after the handshake header) and the whole message. */
void wire_hello_body(const wire_hello *h, lt_writer *w);
void wire_hello_message(const wire_hello *h, lt_writer *w);
/* The body's length as written. */
size_t wire_hello_body_len(const wire_hello *h);
/* Pads the hello (padding extension, then repeated suites, then
 * compression methods, then session ID bytes) so its body is exactly `size` bytes; false when
 * that size cannot be reached from here. */
bool wire_hello_pad_to(wire_hello *h, size_t size);

/* Frames bytes as records of content type `type` and record version
 * `version`, at most `frag` bytes each (0: 16384). */
void wire_records(lt_writer *w, uint8_t type, uint16_t version, const uint8_t *p, size_t n,
                  size_t frag);
/* One handshake message: type, u24 length, body. */
void wire_handshake(lt_writer *w, uint8_t type, const uint8_t *body, size_t len);

#endif
