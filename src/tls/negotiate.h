/*
 * The negotiation rules, one function each, used by the client and the
 * server alike (the one-line ones inline, since they run for every suite
 * a server weighs): which key can serve a suite, which signature scheme fits
 * a key in a version, whether a suite sends ServerKeyExchange, the group,
 * the ALPN protocol and the certificate to use. The handshake code asks
 * here instead of writing a rule a second time.
 */
#ifndef LT_TLS_NEGOTIATE_H
#define LT_TLS_NEGOTIATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "crypto/sig.h"
#include "tls/config.h"
#include "tls/ext.h"
#include "tls/suites.h"
#include "tls/version.h"
#include "x509/cert.h"

/* Whether a certificate key of this type can authenticate the suite in
 * this version (RFC 5246 7.4.2; Ed25519 with ECDSA suites, RFC 8422 5.5).
 * An RSA-PSS key signs the (EC)DHE_RSA suites' ServerKeyExchange but
 * never decrypts an RSA key transport (RFC 8446 4.2.3, RFC 4055 1.2).
 * A TLS 1.3 suite names no key: the signature scheme decides. */
static inline bool lt_neg_suite_fits_key(const lt_suite *suite, lt_key_type key, uint16_t version)
{
    if (version >= LT_VERSION_TLS13)
        return true;
    if (suite->auth == LT_AUTH_RSA)
        return key == LT_KEY_RSA || (key == LT_KEY_RSA_PSS && suite->kx != LT_KX_RSA);
    return key == LT_KEY_EC_P256 || key == LT_KEY_EC_P384 || key == LT_KEY_ED25519;
}

/* Whether the peer may sign with scheme: one we offered, and one that
 * fits its certificate's key in this version (lt_sig_scheme_fits_peer_key).
 * Fails with illegal_parameter: "<who> signed with <scheme> (0x....),
 * which <offer> did not offer", or "... which does not fit its
 * certificate's <type> key". */
bool lt_neg_check_peer_scheme(const latch_config *cfg, uint16_t scheme, lt_key_type key,
                              uint16_t version, const char *who, const char *offer,
                              lt_error *err) LT_MUST_CHECK;

/* The first of our schemes that the peer offered and that our key signs
 * with under the stricter rule of both versions (and, for an RSA-PSS key
 * bound to a hash, with that hash), or 0 for none. */
uint16_t lt_neg_own_scheme(const latch_config *cfg, const lt_privkey *key,
                           const uint16_t *peer_schemes, size_t peer_scheme_count);

/* RFC 5246 7.4.3: (EC)DHE suites send ServerKeyExchange, RSA key
 * transport does not. */
static inline bool lt_neg_sends_server_key_exchange(const lt_suite *suite)
{
    return suite->kx == LT_KX_ECDHE || suite->kx == LT_KX_DHE;
}

/* The keyUsage bit the server's leaf needs for the suite (RFC 5280
 * 4.2.1.3): keyEncipherment for RSA key transport, else digitalSignature. */
static inline unsigned lt_neg_leaf_key_usage(const lt_suite *suite)
{
    return suite->kx == LT_KX_RSA ? LT_KU_KEY_ENCIPHERMENT : LT_KU_DIGITAL_SIGNATURE;
}

/* RFC 7366 3: encrypt_then_mac when the client offered it, we allow it
 * and the suite is a CBC one. */
static inline bool lt_neg_encrypt_then_mac(const latch_config *cfg, bool offered,
                                           const lt_suite *suite)
{
    return offered && cfg->encrypt_then_mac && !suite->aead;
}

/* The server's group for a key exchange among the client's
 * supported_groups, or 0 when none fits (also for RSA key transport). */
uint16_t lt_neg_choose_group(const latch_config *cfg, const lt_extensions *client_ext, lt_kx kx);

/* The position of proto in our ALPN list, or -1 when it is not ours. */
int lt_neg_alpn_index(const latch_config *cfg, lt_span proto);
/* RFC 7301 3.2: our most preferred protocol of the client's list (a
 * checked protocol_name_list, searched whole); -1 for none. */
int lt_neg_choose_alpn(const latch_config *cfg, lt_span client_list);

/* The schemes the client accepts in certificates: its
 * signature_algorithms_cert, else its signature_algorithms (RFC 8446
 * 4.2.3; RFC 5246 7.4.2 for TLS 1.2), else NULL (no preference). */
const uint16_t *lt_neg_cert_schemes(const lt_extensions *client_ext, size_t *count);
/* Whether every signature of the chain (but a self-signed root's) uses
 * one of cert_schemes; true when cert_schemes is NULL. */
bool lt_neg_chain_fits(const lt_cert_key *ck, const uint16_t *cert_schemes,
                       size_t cert_scheme_count);

/* The certificate for a suite: the first whose key fits the suite and,
 * when peer_schemes is not NULL, signs with one of them (*scheme gets
 * it), preferring one whose names cover sni (may be NULL) and, among
 * those equal so far, one whose chain fits cert_schemes (RFC 8446
 * 4.4.2.2: when none does, one is sent all the same). With peer_schemes
 * NULL the certificate signs nothing (RSA key transport): any key that
 * fits does and *scheme is 0. NULL if none. */
const lt_cert_key *lt_neg_choose_cert(const latch_config *cfg, const lt_suite *suite,
                                      uint16_t version, const char *sni,
                                      const uint16_t *peer_schemes, size_t peer_scheme_count,
                                      const uint16_t *cert_schemes, size_t cert_scheme_count,
                                      uint16_t *scheme);
/* Whether this certificate fits the suite and, when peer_schemes is not
 * NULL, signs with one of them (*scheme gets it, else 0). */
bool lt_neg_cert_fits(const latch_config *cfg, const lt_cert_key *ck, const lt_suite *suite,
                      uint16_t version, const uint16_t *peer_schemes, size_t peer_scheme_count,
                      uint16_t *scheme);
/* The config's key types for a sentence ("RSA-PSS, ECDSA P-256"), in
 * out (cap bytes); returns out. */
const char *lt_neg_key_kinds(const latch_config *cfg, char *out, size_t cap);
/* Whether one of the config's certificates covers the DNS name. */
bool lt_neg_name_covered(const latch_config *cfg, const char *name);

#endif
