/*
 * The client probes: each row sets up a fake server (fake_server.h), the
 * script that bends what it sends, and the answer the RFC section
 * requires of the client.
 */
#ifndef CONF_CLIENT_ROWS_H
#define CONF_CLIENT_ROWS_H

#include "fake_server.h"
#include "verdict.h"

/* How the two sides are set up for a row. */
#define CF_RSA_KX 1u       /* the client offers only RSA key exchange */
#define CF_DHE 2u          /* the client offers only DHE-RSA */
#define CF_P256 4u         /* the server's only group is secp256r1 */
#define CF_P384_CERT 8u    /* the server has an ECDSA P-384 certificate */
#define CF_RESUME 16u      /* the script bends a resumed handshake */
#define CF_ALPN 32u        /* both sides speak ALPN http/1.1 */
#define CF_UNTRUSTED 64u   /* the server's chain is from a CA the client does not trust */
#define CF_OTHER_NAME 128u /* the server's certificate is for other.example */
/* The client offers TLS 1.3 too. Either way the server speaks only TLS
 * 1.2, the version the scripts bend. */
#define CF_OFFER13 256u

typedef struct client_row {
    row_expect e;
    fake_msg_fn msg;
    fake_record_fn record;
    int arg;
    unsigned flags;
} client_row;

extern const client_row client_rows[];
extern const size_t client_row_count;

#endif
