/*
 * The messages TLS 1.3 added or changed (RFC 8446 4): EncryptedExtensions,
 * Certificate with a request context and per-certificate extensions,
 * CertificateRequest with extensions, the content CertificateVerify
 * signs, Finished with a hash-sized verify_data, NewSessionTicket and
 * KeyUpdate; and the special ServerHello.random values (HelloRetryRequest
 * and the downgrade sentinels).
 *
 * Parse functions take the message body; write functions write the whole
 * message, header included. Parsed structs borrow from the input (see
 * msg_common.h).
 */
#ifndef LT_TLS_MSG13_H
#define LT_TLS_MSG13_H

#include "tls/ext.h"
#include "tls/msg_cert.h"
#include "tls/msg_common.h"

/* RFC 8446 4.1.3: a ServerHello with this random is a HelloRetryRequest
 * (SHA-256 of "HelloRetryRequest"). */
extern const uint8_t lt_hrr_random[LT_RANDOM_LEN];
bool lt_random_is_hrr(const uint8_t random[LT_RANDOM_LEN]);

/* RFC 8446 4.1.3: the last 8 bytes of ServerHello.random of a server
 * able to do TLS 1.3 that negotiates TLS 1.2 ("DOWNGRD" and 01), or
 * TLS 1.1 and below ("DOWNGRD" and 00). */
#define LT_DOWNGRADE_LEN 8
extern const uint8_t lt_downgrade_tls12[LT_DOWNGRADE_LEN];
extern const uint8_t lt_downgrade_tls11[LT_DOWNGRADE_LEN];
/* True when the random ends with either sentinel. */
bool lt_random_has_downgrade(const uint8_t random[LT_RANDOM_LEN]);

/* EncryptedExtensions (RFC 8446 4.3.1): an extensions block only, each
 * allowed there by RFC 8446 4.2's table (illegal_parameter otherwise). */
typedef struct lt_encrypted_extensions {
    lt_extensions ext;
} lt_encrypted_extensions;
bool lt_encrypted_extensions_parse(const uint8_t *body, size_t len, lt_encrypted_extensions *out,
                                   lt_error *err) LT_MUST_CHECK;
void lt_encrypted_extensions_write(const lt_encrypted_extensions *ee, lt_writer *w);

/* Certificate (RFC 8446 4.4.2). The request context is empty in the
 * handshake (RFC 8446 4.4.2: "in the case of server authentication, this
 * field SHALL be zero length") and echoes the CertificateRequest's for a
 * client. Of each entry's extensions (RFC 8446 4.4.2.1, RFC 6962 3.3.1):
 * status_request carries a CertificateStatus (the OCSP response is kept
 * for the leaf) and signed_certificate_timestamp is passed through;
 * others fail with unsupported_extension, since a peer sends only
 * extensions that were requested. */
#define LT_MAX_CERT_CONTEXT 255
typedef struct lt_certificate13 {
    lt_span context; /* 0..255 bytes */
    lt_span certs[LT_MAX_CERT_CHAIN];
    size_t count;
    lt_span ocsp[LT_MAX_CERT_CHAIN]; /* DER OCSPResponse, empty when none */
    lt_span sct[LT_MAX_CERT_CHAIN];  /* SignedCertificateTimestampList, empty when none */
} lt_certificate13;
bool lt_certificate13_parse(const uint8_t *body, size_t len, lt_certificate13 *out,
                            lt_error *err) LT_MUST_CHECK;
void lt_certificate13_write(const lt_certificate13 *c, lt_writer *w);

/* CertificateRequest (RFC 8446 4.3.2): a context and extensions, of
 * which signature_algorithms is required (missing_extension). */
typedef struct lt_certificate_request13 {
    lt_span context;
    lt_extensions ext;
} lt_certificate_request13;
bool lt_certificate_request13_parse(const uint8_t *body, size_t len, lt_certificate_request13 *out,
                                    lt_error *err) LT_MUST_CHECK;
void lt_certificate_request13_write(const lt_certificate_request13 *cr, lt_writer *w);

/* RFC 8446 4.4.3: what CertificateVerify signs: 64 spaces, the context
 * string ("TLS 1.3, server CertificateVerify" or "TLS 1.3, client
 * CertificateVerify"), one 0 byte, then the transcript hash. */
#define LT_CV13_CONTENT_MAX (64 + 34 + 1 + 64)
typedef enum lt_cv13_sender {
    LT_CV13_SERVER,
    LT_CV13_CLIENT,
} lt_cv13_sender;
size_t lt_cv13_content(lt_cv13_sender sender, const uint8_t *hash, size_t hash_len,
                       uint8_t out[LT_CV13_CONTENT_MAX]);

/* Finished (RFC 8446 4.4.4): verify_data is as long as the suite's hash. */
#define LT_FINISHED13_MAX 64
typedef struct lt_finished13 {
    uint8_t verify_data[LT_FINISHED13_MAX];
    size_t len;
} lt_finished13;
/* Fails with LATCH_ERR_DECODE unless the body is exactly hash_len bytes. */
bool lt_finished13_parse(const uint8_t *body, size_t len, size_t hash_len, lt_finished13 *out,
                         lt_error *err) LT_MUST_CHECK;
void lt_finished13_write(const lt_finished13 *f, lt_writer *w);

/* NewSessionTicket (RFC 8446 4.6.1). */
typedef struct lt_new_session_ticket13 {
    uint32_t lifetime; /* seconds, at most 604800 (7 days) */
    uint32_t age_add;
    lt_span nonce;           /* 0..255 bytes */
    lt_span ticket;          /* 1..2^16-1 bytes */
    uint32_t max_early_data; /* from early_data, 0 when absent */
} lt_new_session_ticket13;
#define LT_TICKET13_MAX_LIFETIME 604800
bool lt_new_session_ticket13_parse(const uint8_t *body, size_t len, lt_new_session_ticket13 *out,
                                   lt_error *err) LT_MUST_CHECK;
void lt_new_session_ticket13_write(const lt_new_session_ticket13 *t, lt_writer *w);

/* KeyUpdate (RFC 8446 4.6.3): one byte, 0 or 1; anything else is
 * illegal_parameter. */
typedef enum lt_key_update_request {
    LT_KEY_UPDATE_NOT_REQUESTED = 0,
    LT_KEY_UPDATE_REQUESTED = 1,
} lt_key_update_request;
bool lt_key_update_parse(const uint8_t *body, size_t len, lt_key_update_request *out,
                         lt_error *err) LT_MUST_CHECK;
void lt_key_update_write(lt_key_update_request req, lt_writer *w);

#endif
