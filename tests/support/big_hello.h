/*
 * The largest legal ClientHello (RFC 5246 7.4.1.2): a body of 131,396
 * bytes, with 32,767 cipher suites, 255 compression methods and a full
 * 64 KiB of extensions (long supported_groups, signature_algorithms and
 * ALPN lists, many unknown extensions, padding). What a latch server can
 * use (ECDHE-ECDSA/RSA with AES-128-GCM, x25519 and secp256r1,
 * ecdsa_secp256r1_sha256 and rsa_pss_rsae_sha256, ALPN http/1.1) comes
 * last in each list, after thousands of values it does not know.
 * Plain C, no latch headers: the load client uses it too.
 */
#ifndef LATCH_TEST_BIG_HELLO_H
#define LATCH_TEST_BIG_HELLO_H

#include <stddef.h>
#include <stdint.h>

#define BIG_HELLO_BODY 131396
#define BIG_HELLO_LEN (4 + BIG_HELLO_BODY) /* with the handshake header */
#define BIG_HELLO_SUITES 32767
#define BIG_HELLO_GROUPS 1002
#define BIG_HELLO_SCHEMES 1002
#define BIG_HELLO_ALPN 1001
#define BIG_HELLO_UNKNOWN_EXTS 1000 /* empty ones, beside padding (21) */
#define BIG_HELLO_EXTS (BIG_HELLO_UNKNOWN_EXTS + 8)

/* Writes the handshake message (header included) to out, which holds
 * BIG_HELLO_LEN bytes; returns BIG_HELLO_LEN. */
size_t big_hello_write(uint8_t out[BIG_HELLO_LEN]);

#endif
