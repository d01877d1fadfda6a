/*
 * X.509 v3 certificates (RFC 5280 4.1 and 4.2): parsing only.
 *
 * lt_cert_parse copies the DER and checks its structure and every field
 * this library relies on; validation (signatures, time, names, chains)
 * happens elsewhere and reads the fields kept here. Spans point into the
 * certificate's own copy of the DER. Failures are LATCH_ERR_DECODE for DER
 * structure, LATCH_ERR_BAD_CERTIFICATE for fields with wrong values and
 * LATCH_ERR_UNSUPPORTED_CERTIFICATE for algorithms latch does not know.
 */
#ifndef LT_X509_CERT_H
#define LT_X509_CERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/sig.h"
#include "x509/der.h"
#include "x509/name.h"

/* Limits on what one certificate may carry. */
#define LT_CERT_MAX_EXTENSIONS 64
#define LT_CERT_MAX_SAN 1024      /* subjectAltName entries of all kinds */
#define LT_CERT_MAX_SUBTREES 256  /* nameConstraints subtrees, both lists */
#define LT_CERT_MAX_URIS 16       /* CRL distribution point or OCSP URIs */
#define LT_CERT_MAX_SERIAL_LEN 20 /* RFC 5280 4.1.2.2 */

/* keyUsage bits (RFC 5280 4.2.1.3): bit n of the BIT STRING is 1 << n. */
#define LT_KU_DIGITAL_SIGNATURE (1u << 0)
#define LT_KU_NON_REPUDIATION (1u << 1)
#define LT_KU_KEY_ENCIPHERMENT (1u << 2)
#define LT_KU_DATA_ENCIPHERMENT (1u << 3)
#define LT_KU_KEY_AGREEMENT (1u << 4)
#define LT_KU_KEY_CERT_SIGN (1u << 5)
#define LT_KU_CRL_SIGN (1u << 6)
#define LT_KU_ENCIPHER_ONLY (1u << 7)
#define LT_KU_DECIPHER_ONLY (1u << 8)

/* extKeyUsage purposes latch acts on (RFC 5280 4.2.1.12); others ignored. */
#define LT_EKU_SERVER_AUTH (1u << 0)
#define LT_EKU_CLIENT_AUTH (1u << 1)
#define LT_EKU_OCSP_SIGNING (1u << 2)
#define LT_EKU_ANY (1u << 3)

/* GeneralName kinds (RFC 5280 4.2.1.6 tag numbers). Every entry is kept;
 * names and name constraints are checked for the email, DNS, directory
 * and IP kinds. */
typedef enum lt_general_name_kind {
    LT_GN_OTHER_NAME = 0,
    LT_GN_EMAIL = 1, /* value: the IA5String */
    LT_GN_DNS = 2,   /* value: the IA5String */
    LT_GN_X400 = 3,
    LT_GN_DIRNAME = 4, /* value: the Name TLV */
    LT_GN_EDI_PARTY = 5,
    LT_GN_URI = 6,
    LT_GN_IP = 7, /* value: 4 or 16 octets; in nameConstraints 8 or 32 (address, mask) */
    LT_GN_REGISTERED_ID = 8,
} lt_general_name_kind;

typedef struct lt_general_name {
    lt_general_name_kind kind;
    lt_span value;
} lt_general_name;

typedef struct lt_general_names {
    lt_general_name *items; /* owned */
    size_t count;
    size_t other; /* entries of kinds other than DNS and IP */
} lt_general_names;

typedef struct lt_uri_list {
    lt_span items[LT_CERT_MAX_URIS];
    size_t count;
} lt_uri_list;

/* Which extensions were present (duplicates are rejected). */
#define LT_EXT_BASIC_CONSTRAINTS (1u << 0)
#define LT_EXT_KEY_USAGE (1u << 1)
#define LT_EXT_EXT_KEY_USAGE (1u << 2)
#define LT_EXT_SUBJECT_ALT_NAME (1u << 3)
#define LT_EXT_NAME_CONSTRAINTS (1u << 4)
#define LT_EXT_AUTHORITY_KEY_ID (1u << 5)
#define LT_EXT_SUBJECT_KEY_ID (1u << 6)
#define LT_EXT_CRL_DISTRIBUTION_POINTS (1u << 7)
#define LT_EXT_AUTHORITY_INFO_ACCESS (1u << 8)
#define LT_EXT_POLICY_CONSTRAINTS (1u << 9)
#define LT_EXT_CERT_POLICIES (1u << 10)

/* Policies of one certificatePolicies extension latch keeps track of. */
#define LT_CERT_MAX_POLICIES 16

typedef struct lt_cert {
    const uint8_t *der; /* the whole certificate: der_copy, or borrowed */
    size_t der_len;
    uint8_t *der_copy;       /* owned by the certificate; NULL when der is borrowed */
    lt_span tbs;             /* TBSCertificate TLV: the signed bytes */
    lt_span sig_alg_der;     /* outer signatureAlgorithm TLV (equals the TBS one) */
    lt_x509_sig_alg sig_alg; /* what sig_alg_der names */
    lt_span signature;       /* signatureValue octets */

    unsigned version; /* 1, 2 or 3 */
    lt_span serial;   /* INTEGER contents as encoded */
    lt_name issuer;
    lt_name subject;
    int64_t not_before; /* Unix seconds */
    int64_t not_after;

    lt_span spki;       /* SubjectPublicKeyInfo TLV */
    lt_span public_key; /* subjectPublicKey BIT STRING octets */
    lt_key_type key_type;
    unsigned key_bits;    /* RSA modulus bits; curve size for EC; 256 for Ed25519 */
    lt_span rsa_n, rsa_e; /* RSA only: modulus and exponent magnitudes */
    lt_hash_alg pss_hash; /* RSA-PSS key bound to this hash (lt_pubkey's), else 0 */
    lt_pubkey key;        /* decoded by lt_cert_load_key; impl is NULL until then */

    unsigned extensions;    /* LT_EXT_* present */
    unsigned critical;      /* LT_EXT_* marked critical */
    bool ca;                /* basicConstraints cA */
    int path_len;           /* basicConstraints pathLenConstraint, -1 when absent */
    unsigned key_usage;     /* LT_KU_* when LT_EXT_KEY_USAGE is present */
    unsigned ext_key_usage; /* LT_EKU_* when LT_EXT_EXT_KEY_USAGE is present */
    lt_general_names san;
    lt_general_names permitted; /* nameConstraints subtrees */
    lt_general_names excluded;
    lt_span authority_key_id; /* keyIdentifier, empty when absent */
    lt_span subject_key_id;
    bool authority_cert_issuer;             /* AKI carries authorityCertIssuer and serial */
    lt_span policies[LT_CERT_MAX_POLICIES]; /* certificatePolicies OIDs */
    size_t policy_count;
    bool any_policy;              /* certificatePolicies includes anyPolicy */
    int require_explicit;         /* policyConstraints requireExplicitPolicy, -1 when absent */
    lt_uri_list crl_uris;         /* CRL distribution point fullName URIs */
    lt_uri_list ocsp_uris;        /* authorityInfoAccess id-ad-ocsp URIs */
    bool unknown_critical;        /* a critical extension latch does not understand */
    lt_span unknown_critical_oid; /* the first such extension's OID */
} lt_cert;

/* Parses one DER certificate into *cert; free it with lt_cert_free. On
 * failure nothing is left to free. Trailing bytes are an error. */
bool lt_cert_parse(lt_cert *cert, const uint8_t *der, size_t len, lt_error *err) LT_MUST_CHECK;
/* The same without a copy: cert points into der, which must outlive it
 * (a peer's chain, parsed to be validated and then dropped). */
bool lt_cert_parse_borrowed(lt_cert *cert, const uint8_t *der, size_t len,
                            lt_error *err) LT_MUST_CHECK;
void lt_cert_free(lt_cert *cert);

/* The subject for a sentence: lt_name_format's text, or "(empty subject)". */
void lt_cert_subject_text(const lt_cert *cert, char *out, size_t cap);

/* The certificate's public key as a key of its own (free it with
 * lt_pubkey_free), built from the fields parsed here. An EC point off its
 * curve fails with LATCH_ERR_BAD_CERTIFICATE. */
bool lt_cert_pubkey(const lt_cert *cert, lt_pubkey *key, lt_error *err) LT_MUST_CHECK;
/* Decodes the public key once into cert->key, for a certificate that
 * checks many signatures (a trust anchor); lt_cert_free frees it. Done
 * before the certificate is shared, it leaves nothing to change later. */
bool lt_cert_load_key(lt_cert *cert, lt_error *err) LT_MUST_CHECK;

/* An AlgorithmIdentifier naming a signature algorithm (certificates,
 * CRLs and OCSP responses share them); *whole spans its TLV. */
bool lt_x509_read_sig_alg(lt_reader *r, lt_span *whole, lt_x509_sig_alg *alg, const char *what,
                          lt_error *err) LT_MUST_CHECK;

/* The name of an X.509 signature algorithm ("sha256WithRSAEncryption"). */
const char *lt_x509_sig_alg_name(lt_x509_sig_alg alg);

#endif
