/* Which signature scheme fits which key in which version (RFC 8446
 * 4.2.3), which TLS 1.2 suite a key serves, and which schemes name an
 * X.509 signature: tables over every key kind latch has. */
#include "check.h"
#include "crypto/sig.h"
#include "tls/negotiate.h"

#include <stdio.h>
#include <stdlib.h>

static const lt_key_type kinds[] = {LT_KEY_RSA, LT_KEY_RSA_PSS, LT_KEY_EC_P256, LT_KEY_EC_P384,
                                    LT_KEY_ED25519};
#define KINDS (sizeof(kinds) / sizeof(kinds[0]))

/* One row per scheme: for TLS 1.2 and TLS 1.3, a '1' for each key kind
 * (in the order of kinds[]) that may sign with it. */
static void test_scheme_fits_key(void)
{
    static const struct {
        uint16_t scheme;
        const char *tls12, *tls13;
    } rows[] = {
        {LT_SIG_RSA_PKCS1_SHA256, "10000", "10000"},
        {LT_SIG_RSA_PKCS1_SHA384, "10000", "10000"},
        {LT_SIG_RSA_PKCS1_SHA512, "10000", "10000"},
        {LT_SIG_RSA_PSS_RSAE_SHA256, "10000", "10000"},
        {LT_SIG_RSA_PSS_RSAE_SHA384, "10000", "10000"},
        {LT_SIG_RSA_PSS_RSAE_SHA512, "10000", "10000"},
        {LT_SIG_RSA_PSS_PSS_SHA256, "01000", "01000"},
        {LT_SIG_RSA_PSS_PSS_SHA384, "01000", "01000"},
        {LT_SIG_RSA_PSS_PSS_SHA512, "01000", "01000"},
        /* TLS 1.2's ECDSA names the hash only; TLS 1.3 binds the curve. */
        {LT_SIG_ECDSA_SECP256R1_SHA256, "00110", "00100"},
        {LT_SIG_ECDSA_SECP384R1_SHA384, "00110", "00010"},
        {LT_SIG_ED25519, "00001", "00001"},
        {0x0201 /* rsa_pkcs1_sha1 */, "00000", "00000"},
        {0x0808 /* ed448 */, "00000", "00000"},
    };
    for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
        for (size_t k = 0; k < KINDS; k++) {
            bool want12 = rows[r].tls12[k] == '1', want13 = rows[r].tls13[k] == '1';
            bool got12 = lt_sig_scheme_fits_peer_key(rows[r].scheme, kinds[k], LT_VERSION_TLS12);
            bool got13 = lt_sig_scheme_fits_peer_key(rows[r].scheme, kinds[k], LT_VERSION_TLS13);
            /* Our own key signs by the stricter rule in both versions. */
            lt_privkey own = {.type = kinds[k]};
            bool signs = lt_privkey_signs(&own, rows[r].scheme);
            if (got12 != want12 || got13 != want13 || signs != want13)
                fprintf(stderr, "%s with a %s key: 1.2 %d, 1.3 %d, own %d\n",
                        lt_sig_scheme_name(rows[r].scheme), lt_key_type_name(kinds[k]), got12,
                        got13, signs);
            CHECK(got12 == want12 && got13 == want13 && signs == want13);
        }
    }
    /* An RSA-PSS key bound to SHA-384 signs only rsa_pss_pss_sha384. */
    lt_privkey bound = {.type = LT_KEY_RSA_PSS, .pss_hash = LT_HASH_SHA384};
    CHECK(!lt_privkey_signs(&bound, LT_SIG_RSA_PSS_PSS_SHA256));
    CHECK(lt_privkey_signs(&bound, LT_SIG_RSA_PSS_PSS_SHA384));
    CHECK(!lt_privkey_signs(&bound, LT_SIG_RSA_PSS_PSS_SHA512));
    CHECK(!lt_privkey_signs(&bound, LT_SIG_RSA_PSS_RSAE_SHA384));
    CHECK(lt_sig_scheme_key_type(LT_SIG_RSA_PSS_PSS_SHA512) == LT_KEY_RSA_PSS);
    CHECK(lt_sig_scheme_key_type(LT_SIG_RSA_PSS_RSAE_SHA512) == LT_KEY_RSA);
}

/* TLS 1.2 suites by key: an RSA-PSS key signs (EC)DHE_RSA but never
 * decrypts RSA key transport; a TLS 1.3 suite names no key. */
static void test_suite_fits_key(void)
{
    static const struct {
        uint16_t suite;
        const char *fits;
    } rows[] = {
        {0xc02f /* ECDHE_RSA_WITH_AES_128_GCM_SHA256 */, "11000"},
        {0x009e /* DHE_RSA_WITH_AES_128_GCM_SHA256 */, "11000"},
        {0x009c /* RSA_WITH_AES_128_GCM_SHA256 */, "10000"},
        {0x002f /* RSA_WITH_AES_128_CBC_SHA */, "10000"},
        {0xc02b /* ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 */, "00111"},
    };
    for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
        const lt_suite *suite = lt_suite_by_code(rows[r].suite);
        CHECK(suite != NULL);
        for (size_t k = 0; suite != NULL && k < KINDS; k++) {
            bool want = rows[r].fits[k] == '1';
            bool got = lt_neg_suite_fits_key(suite, kinds[k], LT_VERSION_TLS12);
            if (got != want)
                fprintf(stderr, "suite 0x%04x with a %s key: %d\n", rows[r].suite,
                        lt_key_type_name(kinds[k]), got);
            CHECK(got == want);
            CHECK(lt_neg_suite_fits_key(suite, kinds[k], LT_VERSION_TLS13));
        }
    }
}

/* The schemes signature_algorithms_cert must list for a certificate
 * signature, by the issuer's key when the chain holds it. */
static void test_schemes_for_x509(void)
{
    static const struct {
        lt_x509_sig_alg alg;
        lt_key_type issuer;
        uint16_t want[2];
    } rows[] = {
        {LT_X509_SIG_RSA_PKCS1_SHA256, LT_KEY_RSA, {LT_SIG_RSA_PKCS1_SHA256, 0}},
        {LT_X509_SIG_RSA_PKCS1_SHA512, LT_KEY_NONE, {LT_SIG_RSA_PKCS1_SHA512, 0}},
        {LT_X509_SIG_RSA_PSS_SHA256, LT_KEY_RSA, {LT_SIG_RSA_PSS_RSAE_SHA256, 0}},
        {LT_X509_SIG_RSA_PSS_SHA384, LT_KEY_RSA_PSS, {LT_SIG_RSA_PSS_PSS_SHA384, 0}},
        {LT_X509_SIG_RSA_PSS_SHA512,
         LT_KEY_NONE,
         {LT_SIG_RSA_PSS_RSAE_SHA512, LT_SIG_RSA_PSS_PSS_SHA512}},
        {LT_X509_SIG_ECDSA_SHA256, LT_KEY_EC_P384, {LT_SIG_ECDSA_SECP256R1_SHA256, 0}},
        {LT_X509_SIG_ECDSA_SHA384, LT_KEY_NONE, {LT_SIG_ECDSA_SECP384R1_SHA384, 0}},
        {LT_X509_SIG_ECDSA_SHA512, LT_KEY_NONE, {0x0603, 0}},
        {LT_X509_SIG_ED25519, LT_KEY_ED25519, {LT_SIG_ED25519, 0}},
        {LT_X509_SIG_RSA_PKCS1_SHA1, LT_KEY_RSA, {0, 0}},
        {LT_X509_SIG_UNKNOWN, LT_KEY_NONE, {0, 0}},
    };
    for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
        uint16_t got[2] = {0, 0};
        size_t n = lt_sig_schemes_for_x509(rows[r].alg, rows[r].issuer, got);
        size_t want_n = (rows[r].want[0] != 0) + (rows[r].want[1] != 0);
        CHECK(n == want_n && got[0] == rows[r].want[0] && got[1] == rows[r].want[1]);
    }
}

int main(void)
{
    test_scheme_fits_key();
    test_suite_fits_key();
    test_schemes_for_x509();
    return check_finish("sig_fit");
}
