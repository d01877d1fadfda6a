/*
 * The server probes: each row is the bytes a client sends first (a
 * ClientHello bent one way, or records built whole) and the answer the
 * RFC section requires. tests/conformance/test_server_engine.c sends
 * every row to the server engine in process; prog_probe_tcp.c sends the
 * rows marked ROW_TCP to a running `latch server`.
 *
 * Both serve as `latch server --cert tests/data/interop/rsa.pem --key
 * tests/data/interop/rsa.key --ciphers ALL --alpn http/1.1` does.
 */
#ifndef CONF_SERVER_ROWS_H
#define CONF_SERVER_ROWS_H

#include "base/writer.h"
#include "verdict.h"
#include "wire.h"

#define ROW_TCP 1u        /* also sent to `latch server` over TCP */
#define ROW_ALL_GROUPS 2u /* the server also enables x448, ffdhe6144 and ffdhe8192 */

typedef struct server_row {
    row_expect e;
    void (*edit)(wire_hello *h, int arg);   /* the default hello, edited, in one record */
    void (*build)(lt_writer *out, int arg); /* or the bytes, built whole */
    int arg;
    unsigned flags;
} server_row;

extern const server_row server_rows[];
extern const size_t server_row_count;

/* The bytes a row sends. */
void server_row_bytes(const server_row *row, lt_writer *out);

#define SERVER_ROWS_CIPHERS "ALL"
#define SERVER_ROWS_ALPN "http/1.1"
#define SERVER_ROWS_ALL_GROUPS                                                                     \
    "x25519:secp256r1:secp384r1:x448:ffdhe2048:ffdhe3072:ffdhe4096:ffdhe6144:ffdhe8192"

#endif
