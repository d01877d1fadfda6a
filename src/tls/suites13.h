/*
 * The TLS 1.3 cipher suites (RFC 8446 B.4): an AEAD and a hash each, in
 * a table of their own beside the TLS 1.2 one (suites.h), since a TLS
 * 1.3 suite names no key exchange and no signature. They are lt_suite
 * values, so the negotiated suite is one pointer whatever the version.
 */
#ifndef LT_TLS_SUITES13_H
#define LT_TLS_SUITES13_H

#include "tls/suites.h"

#define LT_SUITE13_COUNT 3

/* TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384,
 * TLS_CHACHA20_POLY1305_SHA256: the order a client offers them in and a
 * server prefers them in. */
const lt_suite *lt_suite13_at(size_t i);
/* NULL when the code is not a TLS 1.3 suite. */
const lt_suite *lt_suite13_by_code(uint16_t code);

#endif
