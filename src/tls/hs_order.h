/*
 * The message order as data: RFC 5246 7.3's figures 1 (full handshake)
 * and 2 (abbreviated handshake), with RFC 6066 8's CertificateStatus and
 * RFC 5077 3's NewSessionTicket, as one table per role. Each row is one
 * state: the message it reads or sends, the handshake types it belongs
 * to, and whether the peer may leave it out. The state enum, the state
 * names and the order all come from these two tables; client.c and
 * server.c add the function of each state from the same rows.
 */
#ifndef LT_TLS_HS_ORDER_H
#define LT_TLS_HS_ORDER_H

#include <stdbool.h>
#include <stddef.h>

/* A ChangeCipherSpec, handed to the state machine as if it were a
 * handshake message type, so the table says where it may come. */
#define LT_MSG_CHANGE_CIPHER_SPEC 0x100

/* The handshake type: a set of these flags, learnt as the handshake goes
 * (the hellos decide most; CertificateRequest and the client's
 * Certificate the rest). A row applies when all of its `when` flags are
 * set and none of its `unless` flags. */
enum {
    LT_HT_FULL = 1 << 0,
    LT_HT_RESUMED = 1 << 1,     /* TLS 1.3: a ticket's PSK accepted (RFC 8446 2.2) */
    LT_HT_CLIENT_AUTH = 1 << 2, /* the server asked for a certificate */
    LT_HT_CLIENT_CERT = 1 << 3, /* and the client sent one: CertificateVerify follows */
    LT_HT_RSA_KEX = 1 << 4,     /* RSA key transport: no ServerKeyExchange */
    LT_HT_OCSP = 1 << 5,        /* status_request acknowledged */
    LT_HT_TICKET = 1 << 6,      /* session_ticket acknowledged: a NewSessionTicket comes;
                                 * TLS 1.3 server: tickets follow the handshake */
    /* TLS 1.3 (RFC 8446 2, figure 1): the hellos chose it; the handshake
     * goes on in the version's own tables below. */
    LT_HT_TLS13 = 1 << 7,
    LT_HT_HRR = 1 << 8,       /* a HelloRetryRequest, then a second ClientHello */
    LT_HT_MIDDLEBOX = 1 << 9, /* the client sent a legacy_session_id: a dummy CCS (RFC 8446 D.4) */
};
#define LT_HT_ALL_FLAGS 0x3ff

/* X(state, READ or SEND, message, when, unless, optional, function).
 * Optional: the peer may leave the message out even when the row
 * applies; only reads are. */
#define LT_CLIENT_STEPS(X)                                                                         \
    X(CLIENT_SEND_CLIENT_HELLO, SEND, LT_HS_CLIENT_HELLO, 0, 0, false, lt_client_send_hello)       \
    X(CLIENT_READ_SERVER_HELLO, READ, LT_HS_SERVER_HELLO, 0, 0, false, read_server_hello)          \
    X(CLIENT_READ_CERTIFICATE, READ, LT_HS_CERTIFICATE, LT_HT_FULL, 0, false, read_certificate)    \
    /* RFC 6066 8: a server that acknowledged status_request may still send none. */               \
    X(CLIENT_READ_CERTIFICATE_STATUS, READ, LT_HS_CERTIFICATE_STATUS, LT_HT_FULL | LT_HT_OCSP, 0,  \
      true, read_certificate_status)                                                               \
    X(CLIENT_READ_SERVER_KEY_EXCHANGE, READ, LT_HS_SERVER_KEY_EXCHANGE, LT_HT_FULL, LT_HT_RSA_KEX, \
      false, read_server_key_exchange)                                                             \
    X(CLIENT_READ_CERTIFICATE_REQUEST, READ, LT_HS_CERTIFICATE_REQUEST, LT_HT_FULL, 0, true,       \
      lt_client_take_certificate_request)                                                          \
    X(CLIENT_READ_SERVER_HELLO_DONE, READ, LT_HS_SERVER_HELLO_DONE, LT_HT_FULL, 0, false,          \
      read_server_hello_done)                                                                      \
    X(CLIENT_SEND_CERTIFICATE, SEND, LT_HS_CERTIFICATE, LT_HT_FULL | LT_HT_CLIENT_AUTH, 0, false,  \
      lt_client_send_certificate)                                                                  \
    X(CLIENT_SEND_CLIENT_KEY_EXCHANGE, SEND, LT_HS_CLIENT_KEY_EXCHANGE, LT_HT_FULL, 0, false,      \
      send_client_key_exchange)                                                                    \
    X(CLIENT_SEND_CERTIFICATE_VERIFY, SEND, LT_HS_CERTIFICATE_VERIFY,                              \
      LT_HT_FULL | LT_HT_CLIENT_CERT, 0, false, lt_client_send_certificate_verify)                 \
    X(CLIENT_SEND_CHANGE_CIPHER_SPEC, SEND, LT_MSG_CHANGE_CIPHER_SPEC, LT_HT_FULL, 0, false,       \
      lt_hs_send_change_cipher_spec)                                                               \
    X(CLIENT_SEND_FINISHED, SEND, LT_HS_FINISHED, LT_HT_FULL, 0, false, lt_hs_send_finished)       \
    /* RFC 5077 3.3: before the server's ChangeCipherSpec, in both figures. */                     \
    X(CLIENT_READ_NEW_SESSION_TICKET, READ, LT_HS_NEW_SESSION_TICKET, LT_HT_TICKET, 0, false,      \
      read_new_session_ticket)                                                                     \
    X(CLIENT_READ_CHANGE_CIPHER_SPEC, READ, LT_MSG_CHANGE_CIPHER_SPEC, 0, 0, false,                \
      lt_hs_receive_change_cipher_spec)                                                            \
    X(CLIENT_READ_FINISHED, READ, LT_HS_FINISHED, 0, 0, false, read_finished)                      \
    /* Figure 2: in the abbreviated handshake the client finishes second. */                       \
    X(CLIENT_RESUMED_SEND_CHANGE_CIPHER_SPEC, SEND, LT_MSG_CHANGE_CIPHER_SPEC, LT_HT_RESUMED, 0,   \
      false, lt_hs_send_change_cipher_spec)                                                        \
    X(CLIENT_RESUMED_SEND_FINISHED, SEND, LT_HS_FINISHED, LT_HT_RESUMED, 0, false,                 \
      lt_hs_send_finished)

#define LT_SERVER_STEPS(X)                                                                         \
    X(SERVER_READ_CLIENT_HELLO, READ, LT_HS_CLIENT_HELLO, 0, 0, false, read_client_hello)          \
    X(SERVER_SEND_SERVER_HELLO, SEND, LT_HS_SERVER_HELLO, 0, 0, false, send_server_hello)          \
    X(SERVER_SEND_CERTIFICATE, SEND, LT_HS_CERTIFICATE, LT_HT_FULL, 0, false, send_certificate)    \
    X(SERVER_SEND_CERTIFICATE_STATUS, SEND, LT_HS_CERTIFICATE_STATUS, LT_HT_FULL | LT_HT_OCSP, 0,  \
      false, send_certificate_status)                                                              \
    X(SERVER_SEND_SERVER_KEY_EXCHANGE, SEND, LT_HS_SERVER_KEY_EXCHANGE, LT_HT_FULL, LT_HT_RSA_KEX, \
      false, send_server_key_exchange)                                                             \
    X(SERVER_SEND_CERTIFICATE_REQUEST, SEND, LT_HS_CERTIFICATE_REQUEST,                            \
      LT_HT_FULL | LT_HT_CLIENT_AUTH, 0, false, lt_server_send_certificate_request)                \
    X(SERVER_SEND_SERVER_HELLO_DONE, SEND, LT_HS_SERVER_HELLO_DONE, LT_HT_FULL, 0, false,          \
      send_server_hello_done)                                                                      \
    /* Figure 2: in the abbreviated handshake the server finishes first. */                        \
    X(SERVER_RESUMED_SEND_NEW_SESSION_TICKET, SEND, LT_HS_NEW_SESSION_TICKET,                      \
      LT_HT_RESUMED | LT_HT_TICKET, 0, false, lt_server_send_ticket)                               \
    X(SERVER_RESUMED_SEND_CHANGE_CIPHER_SPEC, SEND, LT_MSG_CHANGE_CIPHER_SPEC, LT_HT_RESUMED, 0,   \
      false, lt_hs_send_change_cipher_spec)                                                        \
    X(SERVER_RESUMED_SEND_FINISHED, SEND, LT_HS_FINISHED, LT_HT_RESUMED, 0, false,                 \
      lt_hs_send_finished)                                                                         \
    X(SERVER_READ_CLIENT_CERTIFICATE, READ, LT_HS_CERTIFICATE, LT_HT_FULL | LT_HT_CLIENT_AUTH, 0,  \
      false, lt_server_read_client_certificate)                                                    \
    X(SERVER_READ_CLIENT_KEY_EXCHANGE, READ, LT_HS_CLIENT_KEY_EXCHANGE, LT_HT_FULL, 0, false,      \
      read_client_key_exchange)                                                                    \
    /* RFC 5246 7.4.8: right after ClientKeyExchange, from a client that sent a certificate. */    \
    X(SERVER_READ_CERTIFICATE_VERIFY, READ, LT_HS_CERTIFICATE_VERIFY,                              \
      LT_HT_FULL | LT_HT_CLIENT_CERT, 0, false, lt_server_read_certificate_verify)                 \
    X(SERVER_READ_CHANGE_CIPHER_SPEC, READ, LT_MSG_CHANGE_CIPHER_SPEC, 0, 0, false,                \
      lt_hs_receive_change_cipher_spec)                                                            \
    X(SERVER_READ_FINISHED, READ, LT_HS_FINISHED, 0, 0, false, read_finished)                      \
    /* RFC 5077 3.3: the ticket goes before ChangeCipherSpec. */                                   \
    X(SERVER_SEND_NEW_SESSION_TICKET, SEND, LT_HS_NEW_SESSION_TICKET, LT_HT_FULL | LT_HT_TICKET,   \
      0, false, lt_server_send_ticket)                                                             \
    X(SERVER_SEND_CHANGE_CIPHER_SPEC, SEND, LT_MSG_CHANGE_CIPHER_SPEC, LT_HT_FULL, 0, false,       \
      lt_hs_send_change_cipher_spec)                                                               \
    X(SERVER_SEND_FINISHED, SEND, LT_HS_FINISHED, LT_HT_FULL, 0, false, send_finished)

/* TLS 1.3 (RFC 8446 2, figure 1; 4.1.4 for HelloRetryRequest; D.4 for
 * the dummy ChangeCipherSpec of middlebox compatibility mode). The first
 * ClientHello and ServerHello (or HelloRetryRequest) are the rows of the
 * tables above; once the hellos chose TLS 1.3 (LT_HT_TLS13) the order
 * goes on here. The peer's dummy ChangeCipherSpec has no row: RFC 8446 5
 * says to drop it wherever it comes in the handshake (hs13.h). */
#define LT_CLIENT13_STEPS(X)                                                                       \
    X(CLIENT13_SEND_CLIENT_HELLO2, SEND, LT_HS_CLIENT_HELLO, LT_HT_HRR, 0, false,                  \
      lt_client_send_hello)                                                                        \
    X(CLIENT13_READ_SERVER_HELLO, READ, LT_HS_SERVER_HELLO, LT_HT_HRR, 0, false,                   \
      read_server_hello2)                                                                          \
    X(CLIENT13_READ_ENCRYPTED_EXTENSIONS, READ, LT_HS_ENCRYPTED_EXTENSIONS, 0, 0, false,           \
      read_encrypted_extensions)                                                                   \
    /* RFC 8446 2.2: a PSK authenticates a resumed handshake; no certificates. */                  \
    X(CLIENT13_READ_CERTIFICATE_REQUEST, READ, LT_HS_CERTIFICATE_REQUEST, 0, LT_HT_RESUMED, true,  \
      read_certificate_request)                                                                    \
    X(CLIENT13_READ_CERTIFICATE, READ, LT_HS_CERTIFICATE, 0, LT_HT_RESUMED, false,                 \
      read_certificate)                                                                            \
    X(CLIENT13_READ_CERTIFICATE_VERIFY, READ, LT_HS_CERTIFICATE_VERIFY, 0, LT_HT_RESUMED, false,   \
      read_certificate_verify)                                                                     \
    X(CLIENT13_READ_FINISHED, READ, LT_HS_FINISHED, 0, 0, false, read_finished)                    \
    X(CLIENT13_SEND_CHANGE_CIPHER_SPEC, SEND, LT_MSG_CHANGE_CIPHER_SPEC, LT_HT_MIDDLEBOX, 0,       \
      false, lt_hs13_send_dummy_ccs)                                                               \
    X(CLIENT13_SEND_CERTIFICATE, SEND, LT_HS_CERTIFICATE, LT_HT_CLIENT_AUTH, 0, false,             \
      send_certificate)                                                                            \
    X(CLIENT13_SEND_CERTIFICATE_VERIFY, SEND, LT_HS_CERTIFICATE_VERIFY, LT_HT_CLIENT_CERT, 0,      \
      false, send_certificate_verify)                                                              \
    X(CLIENT13_SEND_FINISHED, SEND, LT_HS_FINISHED, 0, 0, false, send_finished)

#define LT_SERVER13_STEPS(X)                                                                       \
    X(SERVER13_SEND_HELLO_RETRY_REQUEST, SEND, LT_HS_SERVER_HELLO, LT_HT_HRR, 0, false,            \
      send_hello_retry_request)                                                                    \
    /* D.4: the dummy ChangeCipherSpec follows the first message the server sends. */              \
    X(SERVER13_SEND_CHANGE_CIPHER_SPEC_AFTER_HRR, SEND, LT_MSG_CHANGE_CIPHER_SPEC,                 \
      LT_HT_HRR | LT_HT_MIDDLEBOX, 0, false, lt_hs13_send_dummy_ccs)                               \
    X(SERVER13_READ_CLIENT_HELLO2, READ, LT_HS_CLIENT_HELLO, LT_HT_HRR, 0, false,                  \
      read_client_hello2)                                                                          \
    X(SERVER13_SEND_SERVER_HELLO, SEND, LT_HS_SERVER_HELLO, 0, 0, false, send_server_hello)        \
    X(SERVER13_SEND_CHANGE_CIPHER_SPEC, SEND, LT_MSG_CHANGE_CIPHER_SPEC, LT_HT_MIDDLEBOX,          \
      LT_HT_HRR, false, lt_hs13_send_dummy_ccs)                                                    \
    X(SERVER13_SEND_ENCRYPTED_EXTENSIONS, SEND, LT_HS_ENCRYPTED_EXTENSIONS, 0, 0, false,           \
      send_encrypted_extensions)                                                                   \
    /* RFC 8446 4.3.2: no CertificateRequest when a PSK authenticates. */                          \
    X(SERVER13_SEND_CERTIFICATE_REQUEST, SEND, LT_HS_CERTIFICATE_REQUEST, LT_HT_CLIENT_AUTH,       \
      LT_HT_RESUMED, false, send_certificate_request)                                              \
    X(SERVER13_SEND_CERTIFICATE, SEND, LT_HS_CERTIFICATE, 0, LT_HT_RESUMED, false,                 \
      send_certificate)                                                                            \
    X(SERVER13_SEND_CERTIFICATE_VERIFY, SEND, LT_HS_CERTIFICATE_VERIFY, 0, LT_HT_RESUMED, false,   \
      send_certificate_verify)                                                                     \
    X(SERVER13_SEND_FINISHED, SEND, LT_HS_FINISHED, 0, 0, false, send_finished)                    \
    X(SERVER13_READ_CLIENT_CERTIFICATE, READ, LT_HS_CERTIFICATE, LT_HT_CLIENT_AUTH, 0, false,      \
      read_client_certificate)                                                                     \
    X(SERVER13_READ_CERTIFICATE_VERIFY, READ, LT_HS_CERTIFICATE_VERIFY, LT_HT_CLIENT_CERT, 0,      \
      false, read_certificate_verify)                                                              \
    X(SERVER13_READ_FINISHED, READ, LT_HS_FINISHED, 0, 0, false, read_finished)                    \
    /* RFC 8446 4.6.1: tickets once the client's Finished is in. */                                \
    X(SERVER13_SEND_NEW_SESSION_TICKET, SEND, LT_HS_NEW_SESSION_TICKET, LT_HT_TICKET, 0, false,    \
      lt_server13_send_tickets)

#define LT_STEP_ENUM(state, dir, type, when, unless, optional, fn) LT_ST_##state,

typedef enum lt_state {
    LT_CLIENT_STEPS(LT_STEP_ENUM) LT_SERVER_STEPS(LT_STEP_ENUM) LT_CLIENT13_STEPS(LT_STEP_ENUM)
        LT_SERVER13_STEPS(LT_STEP_ENUM) LT_ST_DONE,
    LT_ST_FAILED,
} lt_state;

#define LT_ST_CLIENT_FIRST LT_ST_CLIENT_SEND_CLIENT_HELLO
#define LT_ST_SERVER_FIRST LT_ST_SERVER_READ_CLIENT_HELLO
#define LT_ST_CLIENT13_FIRST LT_ST_CLIENT13_SEND_CLIENT_HELLO2
#define LT_ST_SERVER13_FIRST LT_ST_SERVER13_SEND_HELLO_RETRY_REQUEST

typedef enum lt_step_dir { LT_STEP_READ, LT_STEP_SEND } lt_step_dir;

/* One row of the tables. */
typedef struct lt_step {
    const char *name;
    lt_step_dir dir;
    int type;
    unsigned when;
    unsigned unless;
    bool optional;
} lt_step;

/* The row of a state, or NULL for done and failed. */
const lt_step *lt_step_of(lt_state state);
const char *lt_state_name(lt_state state);
/* True when the state waits for a message from the peer. */
bool lt_state_reads(lt_state state);
/* The first state after `from` whose row applies to the handshake type
 * (LT_ST_DONE after the last), from the same role's table; from the
 * hellos of a TLS 1.3 handshake, from the role's TLS 1.3 table. */
lt_state lt_state_next(lt_state from, unsigned type);
/* The state that takes a message of this type when the handshake is in
 * `at`: `at` itself, or a later one past optional rows the peer left
 * out. LT_ST_FAILED when none does: the message is unexpected. */
lt_state lt_state_accepting(lt_state at, unsigned type, int msg_type);
/* Writes "A", "A or B", ... : the messages `at` would accept. */
void lt_state_expected(lt_state at, unsigned type, char *out, size_t cap);

#endif
