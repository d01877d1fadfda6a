/*
 * Public and private keys, signatures by TLS SignatureScheme, and RSA
 * premaster transport.
 */
#ifndef LT_CRYPTO_SIG_H
#define LT_CRYPTO_SIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "crypto/hash.h"

/* TLS SignatureScheme code points (RFC 8446 4.2.3, used by TLS 1.2 too). */
typedef enum lt_sig_scheme {
    LT_SIG_RSA_PKCS1_SHA256 = 0x0401,
    LT_SIG_RSA_PKCS1_SHA384 = 0x0501,
    LT_SIG_RSA_PKCS1_SHA512 = 0x0601,
    LT_SIG_ECDSA_SECP256R1_SHA256 = 0x0403,
    LT_SIG_ECDSA_SECP384R1_SHA384 = 0x0503,
    LT_SIG_RSA_PSS_RSAE_SHA256 = 0x0804,
    LT_SIG_RSA_PSS_RSAE_SHA384 = 0x0805,
    LT_SIG_RSA_PSS_RSAE_SHA512 = 0x0806,
    LT_SIG_ED25519 = 0x0807,
    LT_SIG_RSA_PSS_PSS_SHA256 = 0x0809,
    LT_SIG_RSA_PSS_PSS_SHA384 = 0x080a,
    LT_SIG_RSA_PSS_PSS_SHA512 = 0x080b,
} lt_sig_scheme;

typedef enum lt_key_type {
    LT_KEY_NONE = 0,
    LT_KEY_RSA,
    LT_KEY_EC_P256,
    LT_KEY_EC_P384,
    LT_KEY_ED25519,
    /* An id-RSASSA-PSS key (RFC 4055 1.2): it signs with RSASSA-PSS only,
     * so never with PKCS#1 v1.5, never for RSA key transport, and in TLS
     * only with the rsa_pss_pss_* schemes (RFC 8446 4.2.3). */
    LT_KEY_RSA_PSS,
} lt_key_type;

#define LT_SIG_MAX_LEN 1024 /* RSA-8192 */

const char *lt_sig_scheme_name(uint16_t scheme); /* "ecdsa_secp256r1_sha256", ... */
bool lt_sig_scheme_supported(uint16_t scheme);
/* The key type a scheme needs (rsa_pkcs1_* and rsa_pss_rsae_* need
 * LT_KEY_RSA, rsa_pss_pss_* LT_KEY_RSA_PSS). */
lt_key_type lt_sig_scheme_key_type(uint16_t scheme);
const char *lt_key_type_name(lt_key_type type);
/* Whether a peer may sign with scheme using a key of this type in this
 * protocol version (0x0303 for TLS 1.2): as lt_sig_scheme_key_type()
 * says, except that before TLS 1.3 an ECDSA scheme names only its hash
 * and fits either curve (RFC 8446 4.2.3 made the curve binding a TLS 1.3
 * rule). lt_verify() accepts what TLS 1.2 accepts. */
bool lt_sig_scheme_fits_peer_key(uint16_t scheme, lt_key_type key, uint16_t version);

/* An RSA-PSS key whose SubjectPublicKeyInfo carries RSASSA-PSS-params is
 * bound to that hash, for MGF1 too, with a salt at least as long (RFC 4055
 * 3.1); latch takes only salt = hash length, the one TLS uses. pss_hash
 * is then that hash, else 0 (any hash). */
typedef struct lt_pubkey {
    lt_key_type type;
    unsigned bits;
    void *impl;
    lt_hash_alg pss_hash;
} lt_pubkey;

typedef struct lt_privkey {
    lt_key_type type;
    unsigned bits;
    void *impl;
    lt_hash_alg pss_hash;
    void *signers; /* started signing contexts, copied per signature; may be NULL */
} lt_privkey;

/* Whether our key signs with the scheme: its type fits under the TLS 1.3
 * rule and, for a restricted RSA-PSS key, the hash is the key's. */
bool lt_privkey_signs(const lt_privkey *key, uint16_t scheme);

/* Loads a public key from the DER of a SubjectPublicKeyInfo. Unsupported
 * algorithms and curves fail with LATCH_ERR_UNSUPPORTED_CERTIFICATE. */
bool lt_pubkey_from_spki(lt_pubkey *key, const uint8_t *der, size_t len,
                         lt_error *err) LT_MUST_CHECK;
/* Loads a public key from the fields a SubjectPublicKeyInfo parser has
 * already taken apart, without decoding the DER again (about 30 to 55 k
 * instructions, against some 1.4 M for the generic decoder). For RSA the
 * modulus and exponent (big-endian magnitudes, RFC 8017 A.1.1); a modulus
 * outside 1024 to 8192 bits fails with LATCH_ERR_UNSUPPORTED_CERTIFICATE.
 * For P-256 and P-384 the SEC 1 point (uncompressed or compressed), which
 * must lie on the curve (LATCH_ERR_BAD_CERTIFICATE otherwise); for Ed25519
 * the 32 bytes (RFC 8410 3). */
bool lt_pubkey_from_rsa(lt_pubkey *key, const uint8_t *n, size_t n_len, const uint8_t *e,
                        size_t e_len, lt_error *err) LT_MUST_CHECK;
bool lt_pubkey_from_point(lt_pubkey *key, lt_key_type type, const uint8_t *point, size_t len,
                          lt_error *err) LT_MUST_CHECK;
void lt_pubkey_free(lt_pubkey *key);
/* Makes dst a second holder of src's key, without a copy: the key is only
 * read once made, so holders on any threads may use it at once. Each
 * holder frees its own with lt_pubkey_free. */
bool lt_pubkey_share(lt_pubkey *dst, const lt_pubkey *src, lt_error *err) LT_MUST_CHECK;

typedef enum lt_privkey_format {
    LT_PRIVKEY_PKCS8 = 1, /* PrivateKeyInfo, RFC 5208 */
    LT_PRIVKEY_PKCS1,     /* RSAPrivateKey, RFC 8017 A.1.2 */
    LT_PRIVKEY_SEC1,      /* ECPrivateKey, RFC 5915 */
} lt_privkey_format;

bool lt_privkey_from_der(lt_privkey *key, lt_privkey_format format, const uint8_t *der, size_t len,
                         lt_error *err) LT_MUST_CHECK;
/* The DER SubjectPublicKeyInfo of the key's public half (to match a certificate). */
bool lt_privkey_spki(const lt_privkey *key, uint8_t *out, size_t cap, size_t *out_len,
                     lt_error *err) LT_MUST_CHECK;
void lt_privkey_free(lt_privkey *key);

/* Makes a fresh key pair: RSA with rsa_bits (2048 to 8192, a multiple of
 * 8), or a P-256, P-384 or Ed25519 key (rsa_bits is then ignored). */
bool lt_privkey_generate(lt_privkey *key, lt_key_type type, unsigned rsa_bits,
                         lt_error *err) LT_MUST_CHECK;
/* The key as DER PKCS#8 PrivateKeyInfo (to write a key file). out then
 * holds the secret key: wipe it when done. */
bool lt_privkey_to_pkcs8(const lt_privkey *key, uint8_t *out, size_t cap, size_t *out_len,
                         lt_error *err) LT_MUST_CHECK;
/* The public half of a private key, as a key of its own. */
bool lt_pubkey_from_privkey(lt_pubkey *pub, const lt_privkey *key, lt_error *err) LT_MUST_CHECK;

/* Signs msg (the whole message; hashing is done here) with the scheme. */
bool lt_sign(const lt_privkey *key, uint16_t scheme, const uint8_t *msg, size_t len, uint8_t *sig,
             size_t cap, size_t *sig_len, lt_error *err) LT_MUST_CHECK;
/* Verifies; a wrong signature fails with LATCH_ERR_DECRYPT_ERROR, a scheme
 * that does not fit the key with LATCH_ERR_ILLEGAL_PARAMETER. */
bool lt_verify(const lt_pubkey *key, uint16_t scheme, const uint8_t *msg, size_t len,
               const uint8_t *sig, size_t sig_len, lt_error *err) LT_MUST_CHECK;

/* X.509 signature algorithms are the same operations under other names:
 * verify a certificate or CRL signature given the hash and padding. */
typedef enum lt_x509_sig_alg {
    LT_X509_SIG_UNKNOWN = 0,
    LT_X509_SIG_RSA_PKCS1_SHA1,
    LT_X509_SIG_RSA_PKCS1_SHA256,
    LT_X509_SIG_RSA_PKCS1_SHA384,
    LT_X509_SIG_RSA_PKCS1_SHA512,
    LT_X509_SIG_RSA_PSS_SHA256, /* RSASSA-PSS with MGF1 of the same hash, salt = hash length */
    LT_X509_SIG_RSA_PSS_SHA384,
    LT_X509_SIG_RSA_PSS_SHA512,
    LT_X509_SIG_ECDSA_SHA1,
    LT_X509_SIG_ECDSA_SHA256,
    LT_X509_SIG_ECDSA_SHA384,
    LT_X509_SIG_ECDSA_SHA512,
    LT_X509_SIG_ED25519,
    LT_X509_SIG_MD5_RSA,
} lt_x509_sig_alg;

bool lt_verify_x509(const lt_pubkey *key, lt_x509_sig_alg alg, const uint8_t *msg, size_t len,
                    const uint8_t *sig, size_t sig_len, lt_error *err) LT_MUST_CHECK;
bool lt_sign_x509(const lt_privkey *key, lt_x509_sig_alg alg, const uint8_t *msg, size_t len,
                  uint8_t *sig, size_t cap, size_t *sig_len, lt_error *err) LT_MUST_CHECK;

/* The hash an X.509 signature algorithm signs with (0 for Ed25519 or an
 * unknown one). */
lt_hash_alg lt_x509_sig_hash(lt_x509_sig_alg alg);

/* The TLS schemes that name the same operation as an X.509 signature
 * algorithm made by an issuer key of this type (LT_KEY_NONE: not known),
 * for signature_algorithms_cert (RFC 8446 4.2.3): an ECDSA algorithm by
 * its hash (the issuer's curve is not bound), RSASSA-PSS as rsa_pss_rsae_*
 * for an rsaEncryption issuer, rsa_pss_pss_* for an RSA-PSS one, both when
 * not known. Returns how many (0 to 2) went into out. */
size_t lt_sig_schemes_for_x509(lt_x509_sig_alg alg, lt_key_type issuer, uint16_t out[2]);

/* RSA key transport (RFC 5246 7.4.7.1). The client encrypts the 48-byte
 * premaster with PKCS#1 v1.5. */
#define LT_RSA_PREMASTER_LEN 48
bool lt_rsa_encrypt_premaster(const lt_pubkey *key, const uint8_t premaster[48], uint8_t *out,
                              size_t cap, size_t *out_len, lt_error *err) LT_MUST_CHECK;
/* The server decrypts. Whatever is wrong (padding, length, version bytes
 * not equal to client_version) the result is a random premaster, chosen
 * in constant time, so the failure shows only at Finished. Returns false
 * only for internal failures (no key, allocation). */
bool lt_rsa_decrypt_premaster(const lt_privkey *key, const uint8_t *ct, size_t ct_len,
                              uint16_t client_version, uint8_t premaster[48],
                              lt_error *err) LT_MUST_CHECK;

#endif
