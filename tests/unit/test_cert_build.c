/* Certificate building: CAs and leaves of every key type, parsed back with
 * lt_cert_parse field by field, and each signature checked against the
 * issuer's public key. */
#include "x509/cert_build.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "x509/der_write.h"

#define NOW INT64_C(1767225600) /* 2026-01-01T00:00:00Z */
#define DAY 86400

static lt_error err;

typedef struct built {
    lt_privkey key;
    lt_writer der;
    lt_cert cert;
} built;

static bool build(built *b, lt_key_type type, const lt_cert_spec *spec, const built *issuer)
{
    lt_error_clear(&err);
    memset(b, 0, sizeof(*b));
    lt_writer_init_growable(&b->der, 0);
    if (!lt_privkey_generate(&b->key, type, 2048, &err))
        return false;
    lt_cert_issuer who;
    if (issuer != NULL) {
        who.key = &issuer->key;
        who.name = issuer->cert.subject.der;
        who.key_id = issuer->cert.subject_key_id;
    }
    return lt_cert_build(spec, &b->key, issuer != NULL ? &who : NULL, &b->der, &err) &&
           lt_cert_parse(&b->cert, b->der.data, b->der.len, &err);
}

static void built_free(built *b)
{
    lt_cert_free(&b->cert);
    lt_privkey_free(&b->key);
    lt_writer_free(&b->der);
}

static bool contains(const built *b, const char *hex)
{
    uint8_t want[64];
    size_t n = check_hex(hex, want, sizeof(want));
    return memmem(b->cert.der, b->cert.der_len, want, n) != NULL;
}

static bool name_is(const lt_name *name, const char *text)
{
    char out[256];
    lt_name_format(name, out, sizeof(out));
    return strcmp(out, text) == 0;
}

/* The signature verifies with the issuer's public key, and stops
 * verifying when one byte of the signed part changes. */
static bool signed_by(const built *b, const built *issuer)
{
    lt_pubkey pub;
    if (!lt_pubkey_from_spki(&pub, issuer->cert.spki.data, issuer->cert.spki.len, &err))
        return false;
    const lt_cert *c = &b->cert;
    bool ok = lt_verify_x509(&pub, c->sig_alg, c->tbs.data, c->tbs.len, c->signature.data,
                             c->signature.len, &err);
    uint8_t *tampered = malloc(c->tbs.len);
    memcpy(tampered, c->tbs.data, c->tbs.len);
    tampered[c->tbs.len / 2] ^= 1;
    lt_error ignored;
    lt_error_clear(&ignored);
    ok = ok && !lt_verify_x509(&pub, c->sig_alg, tampered, c->tbs.len, c->signature.data,
                               c->signature.len, &ignored);
    free(tampered);
    lt_pubkey_free(&pub);
    return ok;
}

/* What every certificate built here shares. */
static void check_common(const built *b, const built *issuer)
{
    const lt_cert *c = &b->cert;
    CHECK(c->version == 3);
    /* RFC 5280 4.1.2.2: positive, 16 octets without a sign octet. */
    CHECK(c->serial.len == LT_CERT_SERIAL_LEN);
    CHECK(c->serial.data[0] >= 0x40 && c->serial.data[0] <= 0x7f);
    CHECK(c->key_type == b->key.type);
    CHECK(c->sig_alg == lt_cert_sig_alg_for(issuer->key.type));
    CHECK(lt_name_equal(&c->issuer, &issuer->cert.subject));
    CHECK(!c->unknown_critical);

    uint8_t spki[2048], id[LT_CERT_KEY_ID_LEN];
    size_t spki_len;
    CHECK(lt_privkey_spki(&b->key, spki, sizeof(spki), &spki_len, &err));
    CHECK(spki_len == c->spki.len && memcmp(spki, c->spki.data, spki_len) == 0);
    CHECK(lt_cert_key_id(spki, spki_len, id, &err));
    CHECK(c->subject_key_id.len == sizeof(id) && memcmp(c->subject_key_id.data, id, 20) == 0);
    CHECK(lt_span_equal(c->authority_key_id, issuer->cert.subject_key_id));
    CHECK(signed_by(b, issuer));
}

static void check_ca(const built *ca, const char *name)
{
    const lt_cert *c = &ca->cert;
    CHECK(name_is(&c->subject, name));
    CHECK(lt_name_equal(&c->subject, &c->issuer));
    CHECK(c->not_before == NOW && c->not_after == NOW + 3650 * DAY);
    CHECK(c->extensions == (LT_EXT_BASIC_CONSTRAINTS | LT_EXT_KEY_USAGE | LT_EXT_SUBJECT_KEY_ID |
                            LT_EXT_AUTHORITY_KEY_ID));
    CHECK(c->ca && c->path_len == 0);
    CHECK(c->key_usage == (LT_KU_KEY_CERT_SIGN | LT_KU_CRL_SIGN));
    /* Both critical: basicConstraints cA TRUE pathLen 0; keyUsage 03 02 01 06. */
    CHECK(contains(ca, "30 12 06 03 55 1d 13 01 01 ff 04 08 30 06 01 01 ff 02 01 00"));
    CHECK(contains(ca, "30 0e 06 03 55 1d 0f 01 01 ff 04 04 03 02 01 06"));
    check_common(ca, ca);
}

static const uint8_t ip4[] = {127, 0, 0, 1};
static const uint8_t ip6[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};

static void check_leaf(const built *leaf, const built *ca)
{
    const lt_cert *c = &leaf->cert;
    CHECK(name_is(&c->subject, "CN=localhost, O=latch tests"));
    CHECK(c->not_before == NOW - 3600 && c->not_after == NOW + 825 * DAY);
    CHECK(c->extensions ==
          (LT_EXT_BASIC_CONSTRAINTS | LT_EXT_KEY_USAGE | LT_EXT_EXT_KEY_USAGE |
           LT_EXT_SUBJECT_ALT_NAME | LT_EXT_SUBJECT_KEY_ID | LT_EXT_AUTHORITY_KEY_ID));
    CHECK(!c->ca && c->path_len == -1);
    CHECK(contains(leaf, "30 0c 06 03 55 1d 13 01 01 ff 04 02 30 00"));
    if (leaf->key.type == LT_KEY_RSA) {
        CHECK(c->key_usage == (LT_KU_DIGITAL_SIGNATURE | LT_KU_KEY_ENCIPHERMENT));
        CHECK(contains(leaf, "30 0e 06 03 55 1d 0f 01 01 ff 04 04 03 02 05 a0"));
    } else {
        CHECK(c->key_usage == LT_KU_DIGITAL_SIGNATURE);
        CHECK(contains(leaf, "30 0e 06 03 55 1d 0f 01 01 ff 04 04 03 02 07 80"));
    }
    CHECK(c->ext_key_usage == (LT_EKU_SERVER_AUTH | LT_EKU_CLIENT_AUTH));
    CHECK(c->san.count == 4 && c->san.other == 0);
    if (c->san.count == 4) {
        const lt_general_name *s = c->san.items;
        CHECK(s[0].kind == LT_GN_DNS && s[0].value.len == 9 &&
              memcmp(s[0].value.data, "localhost", 9) == 0);
        CHECK(s[1].kind == LT_GN_DNS && s[1].value.len == 14 &&
              memcmp(s[1].value.data, "*.example.test", 14) == 0);
        CHECK(s[2].kind == LT_GN_IP && s[2].value.len == 4 && memcmp(s[2].value.data, ip4, 4) == 0);
        CHECK(s[3].kind == LT_GN_IP && s[3].value.len == 16 &&
              memcmp(s[3].value.data, ip6, 16) == 0);
    }
    check_common(leaf, ca);
}

static const lt_general_name san[] = {
    {LT_GN_DNS, {(const uint8_t *)"localhost", 9}},
    {LT_GN_DNS, {(const uint8_t *)"*.example.test", 14}},
    {LT_GN_IP, {ip4, sizeof(ip4)}},
    {LT_GN_IP, {ip6, sizeof(ip6)}},
};

static const lt_cert_spec leaf_spec = {
    .ca = false,
    .common_name = "localhost",
    .organization = "latch tests",
    .not_before = NOW - 3600,
    .not_after = NOW + 825 * DAY,
    .san = san,
    .san_count = sizeof(san) / sizeof(san[0]),
};

static void test_each_key_type(void)
{
    static const lt_key_type types[] = {LT_KEY_EC_P256, LT_KEY_EC_P384, LT_KEY_RSA, LT_KEY_ED25519};
    static const lt_x509_sig_alg algs[] = {LT_X509_SIG_ECDSA_SHA256, LT_X509_SIG_ECDSA_SHA384,
                                           LT_X509_SIG_RSA_PKCS1_SHA256, LT_X509_SIG_ED25519};
    const lt_cert_spec ca_spec = {
        .ca = true,
        .common_name = "latch test CA",
        .organization = "latch tests",
        .not_before = NOW,
        .not_after = NOW + 3650 * DAY,
    };
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        built ca, leaf;
        CHECK(build(&ca, types[i], &ca_spec, NULL));
        CHECK(ca.cert.sig_alg == algs[i]);
        check_ca(&ca, "CN=latch test CA, O=latch tests");
        CHECK(build(&leaf, types[i], &leaf_spec, &ca));
        check_leaf(&leaf, &ca);
        /* The leaf chains to this CA and no other: another CA of the same
         * name but its own key does not verify it. */
        built other;
        CHECK(build(&other, types[i], &ca_spec, NULL));
        lt_error_clear(&err);
        CHECK(!signed_by(&leaf, &other));
        built_free(&other);
        built_free(&leaf);
        built_free(&ca);
    }
}

/* keyEncipherment follows the leaf's key, the signature the CA's. */
static void test_mixed_key_types(void)
{
    const lt_cert_spec ca_spec = {
        .ca = true,
        .common_name = "mixed CA",
        .not_before = NOW,
        .not_after = NOW + 3650 * DAY,
    };
    built ca, leaf;
    CHECK(build(&ca, LT_KEY_EC_P256, &ca_spec, NULL));
    check_ca(&ca, "CN=mixed CA");
    CHECK(build(&leaf, LT_KEY_RSA, &leaf_spec, &ca));
    CHECK(leaf.cert.sig_alg == LT_X509_SIG_ECDSA_SHA256);
    check_leaf(&leaf, &ca);
    built_free(&leaf);
    built_free(&ca);

    CHECK(build(&ca, LT_KEY_RSA, &ca_spec, NULL));
    CHECK(build(&leaf, LT_KEY_ED25519, &leaf_spec, &ca));
    CHECK(leaf.cert.sig_alg == LT_X509_SIG_RSA_PKCS1_SHA256);
    check_leaf(&leaf, &ca);
    built_free(&leaf);
    built_free(&ca);
}

/* Two certificates never share a serial. */
static void test_serials_differ(void)
{
    built a, b;
    CHECK(build(&a, LT_KEY_ED25519, &leaf_spec, NULL));
    CHECK(build(&b, LT_KEY_ED25519, &leaf_spec, NULL));
    CHECK(!lt_span_equal(a.cert.serial, b.cert.serial));
    built_free(&a);
    built_free(&b);
}

static bool refused(const lt_cert_spec *spec, const char *why)
{
    built b;
    bool ok = build(&b, LT_KEY_ED25519, spec, NULL);
    built_free(&b);
    return !ok && err.code == LATCH_ERR_USAGE && strstr(err.message, why) != NULL;
}

static void test_bad_specs(void)
{
    lt_cert_spec spec = leaf_spec;
    spec.common_name = "";
    CHECK(refused(&spec, "common name is empty"));
    spec.common_name = NULL;
    CHECK(refused(&spec, "common name is empty"));
    /* 64 characters fit (here 64 two-octet ones), 65 do not. */
    static char long_name[2 * 65 + 1];
    for (int i = 0; i < 64; i++)
        memcpy(long_name + 2 * i, "\xc3\xa9", 2);
    spec.common_name = long_name;
    built b;
    CHECK(build(&b, LT_KEY_ED25519, &spec, NULL));
    built_free(&b);
    memcpy(long_name + 128, "\xc3\xa9", 2);
    CHECK(refused(&spec, "longer than the 64 characters"));
    spec = leaf_spec;
    spec.organization = "";
    CHECK(refused(&spec, "organization is empty"));

    spec = leaf_spec;
    spec.not_after = spec.not_before - 1;
    CHECK(refused(&spec, "ends before it starts"));
    spec.not_after = INT64_C(253402300800); /* 10000-01-01 */
    CHECK(refused(&spec, "outside the years 0000 to 9999"));

    const lt_general_name bad_ip[] = {{LT_GN_IP, {ip4, 3}}};
    spec = leaf_spec;
    spec.san = bad_ip;
    spec.san_count = 1;
    CHECK(refused(&spec, "iPAddress of 3 octets"));
    const lt_general_name empty_dns[] = {{LT_GN_DNS, {(const uint8_t *)"", 0}}};
    spec.san = empty_dns;
    CHECK(refused(&spec, "dNSName is empty"));
}

int main(void)
{
    test_each_key_type();
    test_mixed_key_types();
    test_serials_differ();
    test_bad_specs();
    return check_finish("cert_build");
}
