/*
 * The certificate messages: Certificate (RFC 5246 7.4.2, 7.4.6),
 * CertificateRequest (7.4.4), CertificateVerify (7.4.8) and
 * CertificateStatus (RFC 6066 8).
 *
 * Parse functions take the message body; write functions write the whole
 * message, header included. Parsed structs borrow from the input (see
 * msg_common.h).
 */
#ifndef LT_TLS_MSG_CERT_H
#define LT_TLS_MSG_CERT_H

#include "tls/msg_common.h"

#define LT_MAX_CERT_CHAIN 16                 /* certificates in one Certificate message */
#define LT_MAX_CERT_CHAIN_BYTES (128u << 10) /* total certificate_list bytes */
#define LT_MAX_CERT_TYPES 16                 /* CertificateRequest certificate_types */
#define LT_MAX_CA_NAMES 128                  /* CertificateRequest certificate_authorities */
#define LT_MAX_CR_SIG_SCHEMES 64             /* CertificateRequest signature algorithms */

/* ClientCertificateType (RFC 5246 7.4.4, RFC 8422 5.5). */
typedef enum lt_client_cert_type {
    LT_CERT_TYPE_RSA_SIGN = 1,
    LT_CERT_TYPE_DSS_SIGN = 2,
    LT_CERT_TYPE_ECDSA_SIGN = 64,
} lt_client_cert_type;

typedef struct lt_certificate {
    /* DER certificates, sender's first (the end entity) to last; each
     * non-empty. A client with no certificate sends an empty list. */
    lt_span certs[LT_MAX_CERT_CHAIN];
    size_t count;
} lt_certificate;

bool lt_certificate_parse(const uint8_t *body, size_t len, lt_certificate *out,
                          lt_error *err) LT_MUST_CHECK;
void lt_certificate_write(const lt_certificate *c, lt_writer *w);

typedef struct lt_certificate_request {
    uint8_t cert_types[LT_MAX_CERT_TYPES]; /* lt_client_cert_type; at least one */
    size_t cert_types_count;
    uint16_t sig_schemes[LT_MAX_CR_SIG_SCHEMES]; /* at least one */
    size_t sig_schemes_count;
    lt_span ca_names[LT_MAX_CA_NAMES]; /* DER DistinguishedNames, each non-empty; may be none */
    size_t ca_names_count;
} lt_certificate_request;

bool lt_certificate_request_parse(const uint8_t *body, size_t len, lt_certificate_request *out,
                                  lt_error *err) LT_MUST_CHECK;
void lt_certificate_request_write(const lt_certificate_request *cr, lt_writer *w);

typedef struct lt_certificate_verify {
    lt_signed sig;
} lt_certificate_verify;

bool lt_certificate_verify_parse(const uint8_t *body, size_t len, lt_certificate_verify *out,
                                 lt_error *err) LT_MUST_CHECK;
void lt_certificate_verify_write(const lt_certificate_verify *cv, lt_writer *w);

typedef struct lt_certificate_status {
    uint8_t status_type; /* always LT_STATUS_TYPE_OCSP (1) once parsed */
    lt_span response;    /* DER OCSPResponse, non-empty */
} lt_certificate_status;

bool lt_certificate_status_parse(const uint8_t *body, size_t len, lt_certificate_status *out,
                                 lt_error *err) LT_MUST_CHECK;
void lt_certificate_status_write(const lt_certificate_status *cs, lt_writer *w);

#endif
