/* The public mkcert API: a CA and leaves as PEM, names, options, and the
 * CA checks, read back with latch's own PEM, key and certificate parsers. */
#include "latch.h"
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "x509/cert.h"
#include "x509/cert_build.h"
#include "x509/pem.h"

#define NOW INT64_C(1767225600) /* 2026-01-01T00:00:00Z */
#define DAY 86400

static lt_error err;

/* The one certificate in PEM text, parsed. */
static bool parse_pem_cert(const char *pem, size_t len, lt_cert *cert)
{
    lt_pem_iter it;
    lt_pem_block block;
    bool found = false;
    lt_error_clear(&err);
    lt_pem_iter_init(&it, (const uint8_t *)pem, len);
    if (!lt_pem_next(&it, "CERTIFICATE", &block, &found, &err) || !found)
        return false;
    bool ok = lt_cert_parse(cert, block.der, block.der_len, &err);
    lt_pem_block_free(&block);
    lt_pem_block more;
    ok = ok && lt_pem_next(&it, NULL, &more, &found, &err);
    if (ok && found)
        lt_pem_block_free(&more);
    return ok && !found;
}

/* The key PEM is PKCS#8 and belongs to the certificate. */
static bool key_matches(const latch_mkcert_result *r, const lt_cert *cert)
{
    lt_pem_block block;
    lt_privkey_format format;
    lt_privkey key;
    lt_error_clear(&err);
    if (strncmp(r->key_pem, "-----BEGIN PRIVATE KEY-----\n", 28) != 0 ||
        !lt_pem_read_private_key((const uint8_t *)r->key_pem, r->key_len, &block, &format, &err))
        return false;
    bool ok = format == LT_PRIVKEY_PKCS8 &&
              lt_privkey_from_der(&key, format, block.der, block.der_len, &err);
    lt_pem_block_free(&block);
    if (!ok)
        return false;
    uint8_t spki[2048];
    size_t n = 0;
    ok = lt_privkey_spki(&key, spki, sizeof(spki), &n, &err) && n == cert->spki.len &&
         memcmp(spki, cert->spki.data, n) == 0;
    lt_privkey_free(&key);
    return ok;
}

static bool signed_by(const lt_cert *leaf, const lt_cert *ca)
{
    lt_pubkey pub;
    lt_error_clear(&err);
    if (!lt_pubkey_from_spki(&pub, ca->spki.data, ca->spki.len, &err))
        return false;
    bool ok = lt_verify_x509(&pub, leaf->sig_alg, leaf->tbs.data, leaf->tbs.len,
                             leaf->signature.data, leaf->signature.len, &err);
    lt_pubkey_free(&pub);
    return ok;
}

static bool name_is(const lt_name *name, const char *text)
{
    char out[256];
    lt_name_format(name, out, sizeof(out));
    return strcmp(out, text) == 0;
}

static void test_defaults(void)
{
    latch_mkcert_result ca = {0}, leaf = {0};
    CHECK(latch_mkcert_ca(NULL, &ca) == LATCH_OK);
    CHECK(ca.cert_pem != NULL && strlen(ca.cert_pem) == ca.cert_len);
    CHECK(ca.key_pem != NULL && strlen(ca.key_pem) == ca.key_len);
    lt_cert ca_cert, leaf_cert;
    CHECK(parse_pem_cert(ca.cert_pem, ca.cert_len, &ca_cert));
    CHECK(key_matches(&ca, &ca_cert));
    CHECK(ca_cert.ca && ca_cert.path_len == 0 && ca_cert.key_type == LT_KEY_EC_P256);
    char cn[128];
    lt_name_format(&ca_cert.subject, cn, sizeof(cn));
    CHECK(strncmp(cn, "CN=latch development CA ", 24) == 0 && strlen(cn) == 24 + 8 + 21);
    CHECK(strstr(cn, ", O=latch development") != NULL);
    CHECK(ca_cert.not_after - ca_cert.not_before == 3650 * DAY + 3600);

    const char *names[] = {"localhost", "127.0.0.1", "::1", "*.dev.test"};
    CHECK(latch_mkcert_leaf(NULL, names, 4, ca.cert_pem, ca.cert_len, ca.key_pem, ca.key_len,
                            &leaf) == LATCH_OK);
    CHECK(parse_pem_cert(leaf.cert_pem, leaf.cert_len, &leaf_cert));
    CHECK(key_matches(&leaf, &leaf_cert));
    CHECK(name_is(&leaf_cert.subject, "CN=localhost, O=latch development"));
    CHECK(lt_name_equal(&leaf_cert.issuer, &ca_cert.subject));
    CHECK(leaf_cert.not_after - leaf_cert.not_before == 825 * DAY + 3600);
    CHECK(leaf_cert.sig_alg == LT_X509_SIG_ECDSA_SHA256 && leaf_cert.key_type == LT_KEY_EC_P256);
    CHECK(signed_by(&leaf_cert, &ca_cert));
    CHECK(lt_span_equal(leaf_cert.authority_key_id, ca_cert.subject_key_id));
    CHECK(leaf_cert.san.count == 4);
    if (leaf_cert.san.count == 4) {
        const lt_general_name *s = leaf_cert.san.items;
        const uint8_t v4[] = {127, 0, 0, 1};
        const uint8_t v6[16] = {[15] = 1};
        CHECK(s[0].kind == LT_GN_DNS && s[0].value.len == 9);
        CHECK(s[1].kind == LT_GN_IP && s[1].value.len == 4 && !memcmp(s[1].value.data, v4, 4));
        CHECK(s[2].kind == LT_GN_IP && s[2].value.len == 16 && !memcmp(s[2].value.data, v6, 16));
        CHECK(s[3].kind == LT_GN_DNS && s[3].value.len == 10 &&
              !memcmp(s[3].value.data, "*.dev.test", 10));
    }
    lt_cert_free(&leaf_cert);
    lt_cert_free(&ca_cert);
    latch_mkcert_result_free(&leaf);
    latch_mkcert_result_free(&ca);
    CHECK(ca.cert_pem == NULL && ca.key_pem == NULL);
    latch_mkcert_result_free(&ca);
}

static void test_options(void)
{
    static const struct {
        latch_key_type type;
        unsigned bits;
        lt_key_type want;
        lt_x509_sig_alg alg;
    } cases[] = {
        {LATCH_KEY_P256, 0, LT_KEY_EC_P256, LT_X509_SIG_ECDSA_SHA256},
        {LATCH_KEY_P384, 0, LT_KEY_EC_P384, LT_X509_SIG_ECDSA_SHA384},
        {LATCH_KEY_RSA, 0, LT_KEY_RSA, LT_X509_SIG_RSA_PKCS1_SHA256},
        {LATCH_KEY_RSA, 3072, LT_KEY_RSA, LT_X509_SIG_RSA_PKCS1_SHA256},
        {LATCH_KEY_ED25519, 0, LT_KEY_ED25519, LT_X509_SIG_ED25519},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        latch_mkcert_options opts = {
            .key_type = cases[i].type,
            .rsa_bits = cases[i].bits,
            .days = 30,
            .common_name = "Test CA",
            .organization = "Tests",
            .now = NOW,
        };
        latch_mkcert_result ca = {0}, leaf = {0};
        CHECK(latch_mkcert_ca(&opts, &ca) == LATCH_OK);
        opts.common_name = NULL;
        opts.days = 7;
        const char *names[] = {"example.test"};
        CHECK(latch_mkcert_leaf(&opts, names, 1, ca.cert_pem, ca.cert_len, ca.key_pem, ca.key_len,
                                &leaf) == LATCH_OK);
        lt_cert ca_cert, leaf_cert;
        CHECK(parse_pem_cert(ca.cert_pem, ca.cert_len, &ca_cert));
        CHECK(parse_pem_cert(leaf.cert_pem, leaf.cert_len, &leaf_cert));
        CHECK(name_is(&ca_cert.subject, "CN=Test CA, O=Tests"));
        CHECK(name_is(&leaf_cert.subject, "CN=example.test, O=Tests"));
        CHECK(ca_cert.not_before == NOW - 3600 && ca_cert.not_after == NOW + 30 * DAY);
        CHECK(leaf_cert.not_before == NOW - 3600 && leaf_cert.not_after == NOW + 7 * DAY);
        CHECK(ca_cert.key_type == cases[i].want && leaf_cert.key_type == cases[i].want);
        CHECK(cases[i].bits == 0 || leaf_cert.key_bits == cases[i].bits);
        CHECK(cases[i].want != LT_KEY_RSA || cases[i].bits != 0 || leaf_cert.key_bits == 2048);
        CHECK(leaf_cert.sig_alg == cases[i].alg);
        CHECK(signed_by(&leaf_cert, &ca_cert));
        CHECK(key_matches(&leaf, &leaf_cert));
        lt_cert_free(&leaf_cert);
        lt_cert_free(&ca_cert);
        latch_mkcert_result_free(&leaf);
        latch_mkcert_result_free(&ca);
    }
}

/* A leaf asked to outlive its CA ends with it. */
static void test_leaf_never_outlives_ca(void)
{
    latch_mkcert_options opts = {.days = 10, .now = NOW};
    latch_mkcert_result ca = {0}, leaf = {0};
    CHECK(latch_mkcert_ca(&opts, &ca) == LATCH_OK);
    opts.days = 400;
    const char *names[] = {"a.test"};
    CHECK(latch_mkcert_leaf(&opts, names, 1, ca.cert_pem, ca.cert_len, ca.key_pem, ca.key_len,
                            &leaf) == LATCH_OK);
    lt_cert c;
    CHECK(parse_pem_cert(leaf.cert_pem, leaf.cert_len, &c));
    CHECK(c.not_after == NOW + 10 * DAY);
    lt_cert_free(&c);
    latch_mkcert_result_free(&leaf);
    latch_mkcert_result_free(&ca);
}

static bool leaf_refused(const latch_mkcert_result *ca, const char *name, latch_err code,
                         const char *why)
{
    latch_mkcert_result leaf = {0};
    const char *names[] = {name};
    latch_err got = latch_mkcert_leaf(NULL, names, 1, ca->cert_pem, ca->cert_len, ca->key_pem,
                                      ca->key_len, &leaf);
    bool ok = got == code && leaf.cert_pem == NULL && leaf.key_pem == NULL &&
              strstr(leaf.error, why) != NULL;
    if (!ok)
        fprintf(stderr, "  %s: got %s: %s\n", name, latch_err_name(got), leaf.error);
    latch_mkcert_result_free(&leaf);
    return ok;
}

static void test_bad_names(void)
{
    latch_mkcert_options opts = {.key_type = LATCH_KEY_ED25519};
    latch_mkcert_result ca = {0};
    CHECK(latch_mkcert_ca(&opts, &ca) == LATCH_OK);
    CHECK(leaf_refused(&ca, "", LATCH_ERR_USAGE, "1 to 253 characters"));
    CHECK(leaf_refused(&ca, "example.test.", LATCH_ERR_USAGE, "trailing dot"));
    CHECK(leaf_refused(&ca, "a..b", LATCH_ERR_USAGE, "label 2 must have 1 to 63"));
    CHECK(leaf_refused(&ca, "-a.b", LATCH_ERR_USAGE, "label 1 starts or ends with a hyphen"));
    CHECK(leaf_refused(&ca, "a.b-", LATCH_ERR_USAGE, "label 2 starts or ends with a hyphen"));
    CHECK(leaf_refused(&ca, "a_b.test", LATCH_ERR_USAGE, "'_' is not a letter"));
    CHECK(leaf_refused(&ca, "a.*.test", LATCH_ERR_USAGE, "'*' is not a letter"));
    CHECK(leaf_refused(&ca, "*", LATCH_ERR_USAGE, "'*' is not a letter"));
    CHECK(leaf_refused(&ca, "*.", LATCH_ERR_USAGE, "trailing dot"));
    CHECK(leaf_refused(&ca, "1.2.3.4.5:80", LATCH_ERR_USAGE, "':' is not a letter"));
    CHECK(leaf_refused(&ca, "[::1]", LATCH_ERR_USAGE, "'[' is not a letter"));
    char label[80];
    memset(label, 'a', 64);
    strcpy(label + 64, ".test");
    CHECK(leaf_refused(&ca, label, LATCH_ERR_USAGE, "label 1 must have 1 to 63"));
    label[1] = '.';
    latch_mkcert_result leaf = {0};
    const char *ok_names[] = {label};
    CHECK(latch_mkcert_leaf(NULL, ok_names, 1, ca.cert_pem, ca.cert_len, ca.key_pem, ca.key_len,
                            &leaf) == LATCH_OK);
    /* Too long for a CN (RFC 5280 A.1), so the CN is a label instead. */
    lt_cert c;
    CHECK(parse_pem_cert(leaf.cert_pem, leaf.cert_len, &c));
    CHECK(name_is(&c.subject, "CN=latch development certificate, O=latch development"));
    CHECK(c.san.count == 1 && c.san.items[0].value.len == strlen(label));
    lt_cert_free(&c);
    latch_mkcert_result_free(&leaf);

    CHECK(latch_mkcert_leaf(NULL, ok_names, 0, ca.cert_pem, ca.cert_len, ca.key_pem, ca.key_len,
                            &leaf) == LATCH_ERR_USAGE);
    CHECK(strstr(leaf.error, "at least one DNS name or IP address") != NULL);
    latch_mkcert_result_free(&leaf);
    latch_mkcert_result_free(&ca);
}

static void test_bad_options(void)
{
    latch_mkcert_options opts = {.key_type = LATCH_KEY_RSA, .rsa_bits = 1024};
    latch_mkcert_result r = {0};
    CHECK(latch_mkcert_ca(&opts, &r) == LATCH_ERR_USAGE && strstr(r.error, "not 1024"));
    opts.rsa_bits = 2049;
    CHECK(latch_mkcert_ca(&opts, &r) == LATCH_ERR_USAGE && strstr(r.error, "multiple of 8"));
    opts = (latch_mkcert_options){.key_type = (latch_key_type)9};
    CHECK(latch_mkcert_ca(&opts, &r) == LATCH_ERR_USAGE && strstr(r.error, "unknown key type"));
    opts = (latch_mkcert_options){.common_name = ""};
    CHECK(latch_mkcert_ca(&opts, &r) == LATCH_ERR_USAGE && strstr(r.error, "common name"));
    opts = (latch_mkcert_options){.days = 4000000};
    CHECK(latch_mkcert_ca(&opts, &r) == LATCH_ERR_USAGE && strstr(r.error, "years 0000 to 9999"));
    CHECK(r.cert_pem == NULL && r.key_pem == NULL);
}

/* The CA must be a CA, and the key must be its key. */
static void test_bad_ca(void)
{
    latch_mkcert_result ca = {0}, other = {0}, leaf = {0};
    CHECK(latch_mkcert_ca(NULL, &ca) == LATCH_OK);
    CHECK(latch_mkcert_ca(NULL, &other) == LATCH_OK);
    const char *names[] = {"x.test"};
    CHECK(latch_mkcert_leaf(NULL, names, 1, ca.cert_pem, ca.cert_len, other.key_pem, other.key_len,
                            &leaf) == LATCH_ERR_USAGE);
    CHECK(strstr(leaf.error, "does not belong to the CA certificate") != NULL);

    /* A leaf cannot act as a CA. */
    latch_mkcert_result ok = {0};
    CHECK(latch_mkcert_leaf(NULL, names, 1, ca.cert_pem, ca.cert_len, ca.key_pem, ca.key_len,
                            &ok) == LATCH_OK);
    CHECK(latch_mkcert_leaf(NULL, names, 1, ok.cert_pem, ok.cert_len, ok.key_pem, ok.key_len,
                            &leaf) == LATCH_ERR_USAGE);
    CHECK(strstr(leaf.error, "is not a CA") != NULL);

    /* Files that are not what they should be. */
    CHECK(latch_mkcert_leaf(NULL, names, 1, ca.key_pem, ca.key_len, ca.key_pem, ca.key_len,
                            &leaf) == LATCH_ERR_CONFIG);
    CHECK(strstr(leaf.error, "no CERTIFICATE block") != NULL);
    CHECK(latch_mkcert_leaf(NULL, names, 1, ca.cert_pem, ca.cert_len, ca.cert_pem, ca.cert_len,
                            &leaf) == LATCH_ERR_CONFIG);
    CHECK(strstr(leaf.error, "no private key found") != NULL);
    CHECK(leaf.cert_pem == NULL && leaf.key_pem == NULL);

    latch_mkcert_result_free(&ok);
    latch_mkcert_result_free(&other);
    latch_mkcert_result_free(&ca);
}

int main(void)
{
    test_defaults();
    test_options();
    test_leaf_never_outlives_ca();
    test_bad_names();
    test_bad_options();
    test_bad_ca();
    return check_finish("mkcert");
}
