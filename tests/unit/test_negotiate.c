/* The negotiation rules of src/tls/negotiate.c, each on its own. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "crypto/kex.h"
#include "tls/negotiate.h"
#include "tls/suites13.h"

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

/* The chain's signatures break ties between certificates the SNI and
 * the key leave equal (RFC 8446 4.2.3, 4.4.2.2). Rows: the SNI, the
 * client's schemes, the schemes it takes in certificates, the version
 * and suite, and the certificate expected (-1: none). */
static void test_cert_choice_by_chain(latch_config *cfg)
{
    static char *www[] = {"www.example.com"};
    static char *other[] = {"other.example"};
    static const struct {
        lt_key_type key;
        char **names;
        uint16_t sigs[2];
    } certs[] = {
        {LT_KEY_EC_P256, www, {LT_SIG_RSA_PKCS1_SHA256, 0}},       /* by an RSA CA */
        {LT_KEY_EC_P256, www, {LT_SIG_ECDSA_SECP256R1_SHA256, 0}}, /* by a P-256 CA */
        {LT_KEY_EC_P256, other, {LT_SIG_ECDSA_SECP256R1_SHA256, 0}},
        {LT_KEY_RSA_PSS, www, {LT_SIG_RSA_PSS_RSAE_SHA256, LT_SIG_RSA_PSS_PSS_SHA256}},
    };
    lt_cert_key *ck = cfg->cert_keys;
    memset(ck, 0, 4 * sizeof(*ck));
    for (size_t i = 0; i < 4; i++) {
        ck[i].key.type = certs[i].key;
        ck[i].names = certs[i].names;
        ck[i].name_count = 1;
        ck[i].chain_sigs[0][0] = certs[i].sigs[0];
        ck[i].chain_sigs[0][1] = certs[i].sigs[1];
        ck[i].chain_sig_count = 1;
    }
    cfg->cert_key_count = 4;
    enum { NO_LIST = 0, ECDSA256, PKCS1_256, ED25519, PSS_PSS, PSS_RSAE, EMPTY };
    static const uint16_t lists[][1] = {{0},
                                        {LT_SIG_ECDSA_SECP256R1_SHA256},
                                        {LT_SIG_RSA_PKCS1_SHA256},
                                        {LT_SIG_ED25519},
                                        {LT_SIG_RSA_PSS_PSS_SHA256},
                                        {LT_SIG_RSA_PSS_RSAE_SHA256},
                                        {0}};
    static const uint16_t all[] = {LT_SIG_ECDSA_SECP256R1_SHA256, LT_SIG_RSA_PSS_PSS_SHA256,
                                   LT_SIG_RSA_PSS_RSAE_SHA256};
    static const struct {
        const char *sni;
        int peer;  /* index in lists, or -1 for all[] */
        int certs; /* index in lists */
        uint16_t suite, version;
        int want;
    } rows[] = {
        {"www.example.com", -1, NO_LIST, 0x1301, LT_VERSION_TLS13, 0},
        {"www.example.com", -1, ECDSA256, 0x1301, LT_VERSION_TLS13, 1},
        {"www.example.com", -1, PKCS1_256, 0x1301, LT_VERSION_TLS13, 0},
        {"www.example.com", -1, ED25519, 0x1301, LT_VERSION_TLS13, 0}, /* none fits: still one */
        {"www.example.com", -1, EMPTY, 0x1301, LT_VERSION_TLS13, 0},
        {"other.example", -1, PKCS1_256, 0x1301, LT_VERSION_TLS13, 2}, /* the SNI comes first */
        {"x.test", -1, ECDSA256, 0x1301, LT_VERSION_TLS13, 1},
        {NULL, -1, ECDSA256, 0x1301, LT_VERSION_TLS13, 1},
        {NULL, PSS_PSS, PSS_PSS, 0x1301, LT_VERSION_TLS13, 3},
        {NULL, PSS_PSS, PSS_RSAE, 0x1301, LT_VERSION_TLS13, 3},
        {NULL, PSS_RSAE, NO_LIST, 0x1301, LT_VERSION_TLS13, -1}, /* the PSS key signs no rsae */
        {"www.example.com", -1, ECDSA256, ECDHE_ECDSA, LT_VERSION_TLS12, 1},
        {"www.example.com", -1, PKCS1_256, ECDHE_ECDSA, LT_VERSION_TLS12, 0},
        {"www.example.com", -1, NO_LIST, ECDHE_RSA, LT_VERSION_TLS12, 3},
        {"www.example.com", PSS_RSAE, NO_LIST, ECDHE_RSA, LT_VERSION_TLS12, -1},
    };
    for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
        const uint16_t *peer = rows[r].peer < 0 ? all : lists[rows[r].peer];
        size_t peer_n = rows[r].peer < 0 ? 3 : 1;
        const uint16_t *cert = rows[r].certs == NO_LIST ? NULL : lists[rows[r].certs];
        size_t cert_n = rows[r].certs == EMPTY ? 0 : 1;
        const lt_suite *s = rows[r].version == LT_VERSION_TLS13 ? lt_suite13_by_code(rows[r].suite)
                                                                : suite(rows[r].suite);
        uint16_t scheme = 1;
        const lt_cert_key *got = lt_neg_choose_cert(cfg, s, rows[r].version, rows[r].sni, peer,
                                                    peer_n, cert, cert_n, &scheme);
        int index = got == NULL ? -1 : (int)(got - ck);
        if (index != rows[r].want)
            fprintf(stderr, "certificate choice row %zu: got %d, want %d\n", r, index,
                    rows[r].want);
        CHECK(index == rows[r].want);
        CHECK(got == NULL ? scheme == 0 : lt_privkey_signs(&got->key, scheme));
    }
    /* The key types a refusal names. */
    char kinds[64];
    CHECK(strcmp(lt_neg_key_kinds(cfg, kinds, sizeof(kinds)),
                 "ECDSA P-256, ECDSA P-256, ECDSA P-256, RSA-PSS") == 0);
    CHECK(strcmp(lt_neg_key_kinds(cfg, kinds, 20), "ECDSA P-256, ECDSA ") == 0);
    cfg->cert_key_count = 0;
    CHECK(strcmp(lt_neg_key_kinds(cfg, kinds, sizeof(kinds)), "none") == 0);
    memset(ck, 0, 4 * sizeof(*ck));
}

/* Which list stands for the certificates (RFC 8446 4.2.3). */
static void test_cert_schemes_list(void)
{
    lt_extensions ext;
    memset(&ext, 0, sizeof(ext));
    size_t n = 9;
    CHECK(lt_neg_cert_schemes(&ext, &n) == NULL && n == 0);
    ext.signature_algorithms.present = true;
    ext.signature_algorithms.count = 2;
    CHECK(lt_neg_cert_schemes(&ext, &n) == ext.signature_algorithms.schemes && n == 2);
    ext.tls13.signature_algorithms_cert.present = true;
    ext.tls13.signature_algorithms_cert.count = 1;
    CHECK(lt_neg_cert_schemes(&ext, &n) == ext.tls13.signature_algorithms_cert.schemes && n == 1);
}

/* A configured chain notes its signatures, the self-signed root's left
 * out (tests/data/pss, scripts/make-pss-certs.sh). */
static void test_chain_sigs_loaded(void)
{
    latch_config *cfg = latch_config_new(LATCH_SERVER);
    static const struct {
        const char *name;
        uint16_t sigs[2];
    } chains[] = {
        {"by-rsa", {LT_SIG_RSA_PKCS1_SHA256, 0}},
        {"by-ec", {LT_SIG_ECDSA_SECP256R1_SHA256, 0}},
        {"pss", {LT_SIG_RSA_PSS_PSS_SHA256, 0}}, /* the issuer, sent along, has a PSS key */
    };
    for (size_t i = 0; i < 3; i++) {
        char chain[64], key[64];
        snprintf(chain, sizeof(chain), "pss/%s.chain.pem", chains[i].name);
        snprintf(key, sizeof(key), "pss/%s.key", chains[i].name);
        char chain_path[4096];
        snprintf(chain_path, sizeof(chain_path), "%s", check_data_path(chain));
        CHECK(latch_config_add_cert_key_file(cfg, chain_path, check_data_path(key)) == LATCH_OK);
        const lt_cert_key *ck = &cfg->cert_keys[i];
        CHECK(ck->chain_count == 2 && ck->chain_sig_count == 1);
        CHECK(ck->chain_sigs[0][0] == chains[i].sigs[0] &&
              ck->chain_sigs[0][1] == chains[i].sigs[1]);
    }
    CHECK(cfg->cert_keys[2].key.type == LT_KEY_RSA_PSS);
    latch_config_free(cfg);
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
    test_cert_choice_by_chain(cfg);
    test_cert_schemes_list();
    test_chain_sigs_loaded();
    latch_config_free(cfg);
    return check_finish("negotiate");
}
