/* The negotiation rules of src/tls/negotiate.c, each on its own. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "crypto/kex.h"
#include "tls/negotiate.h"

static const lt_suite *suite(uint16_t code)
{
    const lt_suite *s = lt_suite_by_code(code);
    if (s == NULL)
        abort();
    return s;
}

#define ECDHE_ECDSA 0xc02b /* TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 */
#define ECDHE_RSA 0xc02f   /* TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 */
#define DHE_RSA 0x009e     /* TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 */
#define RSA_KX 0x009c      /* TLS_RSA_WITH_AES_128_GCM_SHA256 */
#define ECDHE_RSA_CBC 0xc013

static void test_suite_key_and_exchange(void)
{
    CHECK(lt_neg_suite_fits_key(suite(ECDHE_ECDSA), LT_KEY_EC_P256, LT_VERSION_TLS12));
    CHECK(lt_neg_suite_fits_key(suite(ECDHE_ECDSA), LT_KEY_EC_P384, LT_VERSION_TLS12));
    CHECK(lt_neg_suite_fits_key(suite(ECDHE_ECDSA), LT_KEY_ED25519, LT_VERSION_TLS12));
    CHECK(!lt_neg_suite_fits_key(suite(ECDHE_ECDSA), LT_KEY_RSA, LT_VERSION_TLS12));
    CHECK(lt_neg_suite_fits_key(suite(ECDHE_RSA), LT_KEY_RSA, LT_VERSION_TLS12));
    CHECK(!lt_neg_suite_fits_key(suite(RSA_KX), LT_KEY_EC_P256, LT_VERSION_TLS12));

    CHECK(lt_neg_sends_server_key_exchange(suite(ECDHE_RSA)));
    CHECK(lt_neg_sends_server_key_exchange(suite(DHE_RSA)));
    CHECK(!lt_neg_sends_server_key_exchange(suite(RSA_KX)));
    CHECK(lt_suite_kex_kind(suite(ECDHE_ECDSA)) == LT_MSG_KEX_ECDHE);
    CHECK(lt_suite_kex_kind(suite(DHE_RSA)) == LT_MSG_KEX_DHE);
    CHECK(lt_suite_kex_kind(suite(RSA_KX)) == LT_MSG_KEX_RSA);
    CHECK(lt_neg_leaf_key_usage(suite(RSA_KX)) == LT_KU_KEY_ENCIPHERMENT);
    CHECK(lt_neg_leaf_key_usage(suite(ECDHE_RSA)) == LT_KU_DIGITAL_SIGNATURE);
}

/* The rule both the client (ServerKeyExchange) and the server
 * (CertificateVerify) apply: in TLS 1.2 an ECDSA scheme names only the
 * hash, so a P-384 key may sign ecdsa_secp256r1_sha256 (what a stock
 * OpenSSL server does); in TLS 1.3 the curve binds. */
static void test_peer_scheme(latch_config *cfg)
{
    lt_error err;
    memset(&err, 0, sizeof(err));
    CHECK(lt_neg_check_peer_scheme(cfg, LT_SIG_ECDSA_SECP256R1_SHA256, LT_KEY_EC_P384,
                                   LT_VERSION_TLS12, "the server", "the client", &err));
    CHECK(!lt_neg_check_peer_scheme(cfg, LT_SIG_ECDSA_SECP256R1_SHA256, LT_KEY_EC_P384,
                                    LT_VERSION_TLS13, "the server", "the client", &err));
    CHECK(err.code == LATCH_ERR_ILLEGAL_PARAMETER);
    CHECK(strstr(err.message, "does not fit its certificate's") != NULL);

    memset(&err, 0, sizeof(err));
    CHECK(!lt_neg_check_peer_scheme(cfg, LT_SIG_RSA_PSS_RSAE_SHA256, LT_KEY_EC_P256,
                                    LT_VERSION_TLS12, "the client", "the CertificateRequest",
                                    &err));
    CHECK(err.code == LATCH_ERR_ILLEGAL_PARAMETER);
    memset(&err, 0, sizeof(err));
    CHECK(!lt_neg_check_peer_scheme(cfg, 0x0201 /* rsa_pkcs1_sha1, not ours */, LT_KEY_RSA,
                                    LT_VERSION_TLS12, "the client", "the CertificateRequest",
                                    &err));
    CHECK(strstr(err.message, "which the CertificateRequest did not offer") != NULL);

    /* Our own signatures keep to the curve, whichever comes first. */
    const uint16_t peer[] = {LT_SIG_ECDSA_SECP256R1_SHA256, LT_SIG_ECDSA_SECP384R1_SHA384};
    lt_privkey p384 = {.type = LT_KEY_EC_P384}, p256 = {.type = LT_KEY_EC_P256},
               rsa = {.type = LT_KEY_RSA};
    CHECK(lt_neg_own_scheme(cfg, &p384, peer, 2) == LT_SIG_ECDSA_SECP384R1_SHA384);
    CHECK(lt_neg_own_scheme(cfg, &p256, peer, 2) == LT_SIG_ECDSA_SECP256R1_SHA256);
    CHECK(lt_neg_own_scheme(cfg, &rsa, peer, 2) == 0);
    CHECK(lt_neg_own_scheme(cfg, &p384, peer, 1) == 0);
}

static void offer_groups(lt_extensions *ext, const uint16_t *groups, size_t n)
{
    memset(ext, 0, sizeof(*ext));
    ext->supported_groups.present = true;
    for (size_t i = 0; i < n; i++) {
        ext->supported_groups.groups[i] = groups[i];
        ext->supported_groups.ffdhe_listed |= groups[i] >= 256 && groups[i] <= 511;
    }
    ext->supported_groups.count = n;
}

static void test_groups(latch_config *cfg)
{
    CHECK(latch_config_set_groups(cfg, "x25519:secp256r1:ffdhe3072:ffdhe2048") == LATCH_OK);
    lt_extensions ext;
    const uint16_t p256_first[] = {LT_GROUP_SECP256R1, LT_GROUP_X25519};
    offer_groups(&ext, p256_first, 2);
    CHECK(lt_neg_choose_group(cfg, &ext, LT_KX_ECDHE) == LT_GROUP_X25519);  /* our order */
    CHECK(lt_neg_choose_group(cfg, &ext, LT_KX_DHE) == LT_GROUP_FFDHE3072); /* none named */
    CHECK(lt_neg_choose_group(cfg, &ext, LT_KX_RSA) == 0);
    const uint16_t ffdhe[] = {LT_GROUP_FFDHE2048, LT_GROUP_SECP384R1};
    offer_groups(&ext, ffdhe, 2);
    CHECK(lt_neg_choose_group(cfg, &ext, LT_KX_DHE) == LT_GROUP_FFDHE2048);
    CHECK(lt_neg_choose_group(cfg, &ext, LT_KX_ECDHE) == 0);
    const uint16_t unknown_ffdhe[] = {0x01ff};
    offer_groups(&ext, unknown_ffdhe, 1);
    CHECK(lt_neg_choose_group(cfg, &ext, LT_KX_DHE) == 0); /* RFC 7919 4 */
    memset(&ext, 0, sizeof(ext));                          /* no supported_groups: RFC 8422 4 */
    CHECK(lt_neg_choose_group(cfg, &ext, LT_KX_ECDHE) == LT_GROUP_SECP256R1);
}

static void test_alpn_and_etm(latch_config *cfg)
{
    CHECK(latch_config_set_alpn(cfg, "h2,http/1.1") == LATCH_OK);
    /* protocol_name_list: "http/1.1", "h2", "x" */
    static const uint8_t list[] = {8, 'h', 't', 't', 'p', '/', '1', '.', '1', 2, 'h', '2', 1, 'x'};
    CHECK(lt_neg_choose_alpn(cfg, lt_span_make(list, sizeof(list))) == 0); /* our first: h2 */
    CHECK(lt_neg_choose_alpn(cfg, lt_span_make(list, 9)) == 1);
    CHECK(lt_neg_choose_alpn(cfg, lt_span_make(list + 12, 2)) == -1);
    CHECK(lt_neg_alpn_index(cfg, lt_span_make(list + 10, 2)) == 0);
    CHECK(lt_neg_alpn_index(cfg, lt_span_make(list + 10, 1)) == -1);

    CHECK(lt_neg_encrypt_then_mac(cfg, true, suite(ECDHE_RSA_CBC)));
    CHECK(!lt_neg_encrypt_then_mac(cfg, true, suite(ECDHE_RSA)));
    CHECK(!lt_neg_encrypt_then_mac(cfg, false, suite(ECDHE_RSA_CBC)));
}

/* Certificates by SNI and key, with names matched by src/x509's matcher:
 * the wildcard covers one whole label, in any case. */
static void test_cert_choice(latch_config *cfg)
{
    static char *rsa_names[] = {"www.example.com"};
    static char *ec_names[] = {"*.example.org"};
    lt_cert_key *ck = cfg->cert_keys;
    memset(ck, 0, 2 * sizeof(*ck));
    ck[0].key.type = LT_KEY_RSA;
    ck[0].names = rsa_names;
    ck[0].name_count = 1;
    ck[1].key.type = LT_KEY_EC_P384;
    ck[1].names = ec_names;
    ck[1].name_count = 1;
    cfg->cert_key_count = 2;

    CHECK(lt_neg_name_covered(cfg, "WWW.Example.com"));
    CHECK(lt_neg_name_covered(cfg, "a.example.org"));
    CHECK(!lt_neg_name_covered(cfg, "a.b.example.org"));
    CHECK(!lt_neg_name_covered(cfg, "example.org"));

    const uint16_t schemes[] = {LT_SIG_ECDSA_SECP384R1_SHA384, LT_SIG_RSA_PSS_RSAE_SHA256};
    uint16_t scheme = 1;
    CHECK(lt_neg_choose_cert(cfg, suite(ECDHE_ECDSA), LT_VERSION_TLS12, "x.example.org", schemes, 2,
                             NULL, 0, &scheme) == &ck[1]);
    CHECK(scheme == LT_SIG_ECDSA_SECP384R1_SHA384);
    CHECK(lt_neg_choose_cert(cfg, suite(ECDHE_RSA), LT_VERSION_TLS12, "x.example.org", schemes, 2,
                             NULL, 0, &scheme) == &ck[0]); /* the fallback: no RSA one covers it */
    CHECK(scheme == LT_SIG_RSA_PSS_RSAE_SHA256);
    CHECK(lt_neg_choose_cert(cfg, suite(ECDHE_ECDSA), LT_VERSION_TLS12, NULL, schemes + 1, 1, NULL,
                             0, &scheme) == NULL);
    CHECK(lt_neg_choose_cert(cfg, suite(RSA_KX), LT_VERSION_TLS12, NULL, NULL, 0, NULL, 0,
                             &scheme) == &ck[0]);
    CHECK(scheme == 0);
    cfg->cert_key_count = 0;
    memset(ck, 0, 2 * sizeof(*ck));
}

int main(void)
{
    latch_config *cfg = latch_config_new(LATCH_SERVER);
    CHECK(cfg != NULL);
    test_suite_key_and_exchange();
    test_peer_scheme(cfg);
    test_groups(cfg);
    test_alpn_and_etm(cfg);
    test_cert_choice(cfg);
    latch_config_free(cfg);
    return check_finish("negotiate");
}
