/* Certificates: the system trust bundle, fixtures made by
 * scripts/make-x509-fixtures.sh (checked against what the script asks
 * for), names, and a table of malformed inputs. */
#include "x509/cert.h"
#include "x509/path_rules.h"
#include "x509/pem.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIXTURE_DAYS 36500 /* DAYS in the script */

static lt_error err;

static bool err_says(latch_err code, const char *text)
{
    return err.code == code && strstr(err.message, text) != NULL;
}

/* The DER of the first certificate in a fixture (free it). */
static uint8_t *fixture_der(const char *name, size_t *len)
{
    char path[128];
    snprintf(path, sizeof(path), "x509/%s", name);
    size_t text_len;
    uint8_t *text = check_read_file(check_data_path(path), &text_len);
    lt_pem_iter it;
    lt_pem_block block;
    bool found = false;
    lt_error_clear(&err);
    lt_pem_iter_init(&it, text, text_len);
    if (!lt_pem_next(&it, "CERTIFICATE", &block, &found, &err) || !found) {
        fprintf(stderr, "%s: no certificate: %s\n", name, err.message);
        abort();
    }
    free(text);
    *len = block.der_len;
    return block.der;
}

static bool load(const char *name, lt_cert *cert)
{
    size_t len;
    uint8_t *der = fixture_der(name, &len);
    lt_error_clear(&err);
    bool ok = lt_cert_parse(cert, der, len, &err);
    if (!ok)
        fprintf(stderr, "%s: %s\n", name, err.message);
    free(der);
    return ok;
}

static bool name_is(const lt_name *name, const char *want)
{
    char text[256];
    lt_name_format(name, text, sizeof(text));
    if (strcmp(text, want) != 0)
        fprintf(stderr, "name \"%s\", expected \"%s\"\n", text, want);
    return strcmp(text, want) == 0;
}

static bool span_is(lt_span s, const void *want, size_t len)
{
    return s.len == len && memcmp(s.data, want, len) == 0;
}

static bool span_is_str(lt_span s, const char *want)
{
    return span_is(s, want, strlen(want));
}

static void test_trust_bundle(void)
{
    const char *path = "/etc/ssl/certs/ca-certificates.crt";
    size_t len;
    uint8_t *text = check_read_file(path, &len);
    lt_pem_iter it;
    lt_pem_iter_init(&it, text, len);
    int total = 0, parsed = 0, anchor_failures = 0;
    for (;;) {
        lt_pem_block block;
        bool found;
        lt_error_clear(&err);
        CHECK(lt_pem_next(&it, "CERTIFICATE", &block, &found, &err));
        if (!found)
            break;
        total++;
        lt_cert cert;
        lt_error_clear(&err);
        if (lt_cert_parse(&cert, block.der, block.der_len, &err)) {
            parsed++;
            CHECK(cert.key_type != LT_KEY_NONE && cert.sig_alg != LT_X509_SIG_UNKNOWN);
            CHECK(cert.not_before < cert.not_after);
            /* Every root of the bundle anchors a server chain under the
             * Web PKI profile (older roots predate BR 7.1.2.1). */
            if (!lt_path_rules(&cert, LT_ROLE_ANCHOR, LT_PURPOSE_SERVER_AUTH, LT_PROFILE_WEBPKI,
                               &err)) {
                fprintf(stderr, "trust bundle certificate %d: %s\n", total, err.message);
                anchor_failures++;
            }
            lt_cert_free(&cert);
        } else {
            fprintf(stderr, "trust bundle certificate %d (ending at line %u): %s\n", total, it.line,
                    err.message);
        }
        lt_pem_block_free(&block);
    }
    printf("%s: parsed %d of %d certificates\n", path, parsed, total);
    CHECK(total > 0 && parsed == total);
    CHECK(anchor_failures == 0);
    free(text);
}

static void test_rsa_chain(void)
{
    lt_cert ca, leaf;
    CHECK(load("rsa-ca.pem", &ca));
    CHECK(ca.version == 3);
    CHECK(span_is(ca.serial, "\x01", 1));
    CHECK(name_is(&ca.subject, "CN=latch Test RSA CA, O=latch, C=US"));
    CHECK(lt_name_equal(&ca.issuer, &ca.subject));
    CHECK(ca.not_after - ca.not_before == (int64_t)FIXTURE_DAYS * 86400);
    CHECK(ca.not_before > 1700000000); /* made after 2023 */
    CHECK(ca.key_type == LT_KEY_RSA && ca.key_bits == 2048);
    CHECK(ca.sig_alg == LT_X509_SIG_RSA_PKCS1_SHA256);
    CHECK(strcmp(lt_x509_sig_alg_name(ca.sig_alg), "sha256WithRSAEncryption") == 0);
    CHECK(ca.extensions == (LT_EXT_BASIC_CONSTRAINTS | LT_EXT_KEY_USAGE | LT_EXT_SUBJECT_KEY_ID));
    CHECK(ca.ca && ca.path_len == 1);
    CHECK(ca.key_usage == (LT_KU_KEY_CERT_SIGN | LT_KU_CRL_SIGN));
    CHECK(ca.subject_key_id.len == 20);
    CHECK(!ca.unknown_critical);
    CHECK(ca.signature.len == 256);
    /* The spans sit inside the certificate's copy of the DER. */
    CHECK(ca.tbs.data == ca.der + 4 && ca.tbs.len + ca.sig_alg_der.len + 4 + 5 + 256 == ca.der_len);
    CHECK(ca.spki.data[0] == 0x30 && ca.spki.len > 256 + 32);

    CHECK(load("rsa-leaf.pem", &leaf));
    CHECK(span_is(leaf.serial, "\x01\x23\x45\x67\x89\xab\xcd\xef", 8));
    CHECK(name_is(&leaf.subject, "CN=www.example.com, OU=Servers, O=latch, C=US"));
    CHECK(lt_name_equal(&leaf.issuer, &ca.subject));
    CHECK(!lt_name_equal(&leaf.subject, &ca.subject));
    CHECK(leaf.key_type == LT_KEY_RSA && leaf.key_bits == 3072);
    CHECK(!leaf.ca && leaf.path_len == -1 && (leaf.extensions & LT_EXT_BASIC_CONSTRAINTS));
    CHECK(leaf.key_usage == (LT_KU_DIGITAL_SIGNATURE | LT_KU_KEY_ENCIPHERMENT));
    CHECK(leaf.ext_key_usage == (LT_EKU_SERVER_AUTH | LT_EKU_CLIENT_AUTH));
    CHECK(leaf.san.count == 6 && leaf.san.other == 2);
    if (leaf.san.count == 6) {
        CHECK(leaf.san.items[0].kind == LT_GN_DNS &&
              span_is_str(leaf.san.items[0].value, "www.example.com"));
        CHECK(leaf.san.items[1].kind == LT_GN_DNS &&
              span_is_str(leaf.san.items[1].value, "*.example.org"));
        CHECK(leaf.san.items[2].kind == LT_GN_IP &&
              span_is(leaf.san.items[2].value, "\xc0\x00\x02\x07", 4));
        CHECK(leaf.san.items[3].kind == LT_GN_IP &&
              span_is(leaf.san.items[3].value,
                      "\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01", 16));
        CHECK(leaf.san.items[4].kind == LT_GN_EMAIL &&
              span_is_str(leaf.san.items[4].value, "ops@example.com"));
        CHECK(leaf.san.items[5].kind == LT_GN_URI &&
              span_is_str(leaf.san.items[5].value, "https://example.com/"));
    }
    CHECK(span_is(leaf.authority_key_id, ca.subject_key_id.data, ca.subject_key_id.len));
    CHECK(leaf.subject_key_id.len == 20);
    CHECK(leaf.crl_uris.count == 1 &&
          span_is_str(leaf.crl_uris.items[0], "http://crl.example.com/ca.crl"));
    CHECK(leaf.ocsp_uris.count == 1 &&
          span_is_str(leaf.ocsp_uris.items[0], "http://ocsp.example.com/"));
    CHECK(leaf.permitted.count == 0 && leaf.excluded.count == 0);
    lt_cert_free(&leaf);
    CHECK(leaf.der == NULL && leaf.san.items == NULL);
    lt_cert_free(&ca);
}

static void test_ec_chains(void)
{
    static const struct {
        const char *ca, *leaf;
        lt_key_type type;
        unsigned bits;
        lt_x509_sig_alg alg;
    } chains[] = {
        {"ec256-ca.pem", "ec256-leaf.pem", LT_KEY_EC_P256, 256, LT_X509_SIG_ECDSA_SHA256},
        {"ec384-ca.pem", "ec384-leaf.pem", LT_KEY_EC_P384, 384, LT_X509_SIG_ECDSA_SHA384},
    };
    for (size_t i = 0; i < 2; i++) {
        lt_cert ca, leaf;
        CHECK(load(chains[i].ca, &ca));
        CHECK(load(chains[i].leaf, &leaf));
        CHECK(ca.key_type == chains[i].type && ca.key_bits == chains[i].bits);
        CHECK(leaf.key_type == chains[i].type && ca.sig_alg == chains[i].alg);
        CHECK(leaf.sig_alg == chains[i].alg);
        CHECK(leaf.public_key.len == 1 + 2 * chains[i].bits / 8 && leaf.public_key.data[0] == 4);
        CHECK(ca.ca && ca.path_len == 1);
        CHECK(lt_name_equal(&leaf.issuer, &ca.subject));
        CHECK(name_is(&leaf.subject, "CN=ec.example.com"));
        CHECK(leaf.san.count == 1 && span_is_str(leaf.san.items[0].value, "ec.example.com"));
        CHECK(leaf.ext_key_usage == LT_EKU_SERVER_AUTH);
        CHECK(leaf.key_usage == LT_KU_DIGITAL_SIGNATURE);
        CHECK(span_is(leaf.authority_key_id, ca.subject_key_id.data, ca.subject_key_id.len));
        lt_cert_free(&ca);
        lt_cert_free(&leaf);
    }
}

static void test_other_fixtures(void)
{
    lt_cert c;
    CHECK(load("ed25519.pem", &c));
    CHECK(c.key_type == LT_KEY_ED25519 && c.sig_alg == LT_X509_SIG_ED25519);
    CHECK(c.public_key.len == 32 && c.signature.len == 64);
    CHECK(name_is(&c.subject, "emailAddress=ed@example.com, CN=latch Ed25519"));
    CHECK(c.ca && c.path_len == -1);
    CHECK(c.key_usage == (LT_KU_KEY_CERT_SIGN | LT_KU_DIGITAL_SIGNATURE));
    lt_cert_free(&c);

    CHECK(load("name-constraints.pem", &c));
    CHECK(c.extensions & LT_EXT_NAME_CONSTRAINTS);
    CHECK(c.permitted.count == 3 && c.permitted.other == 1);
    CHECK(c.excluded.count == 2 && c.excluded.other == 0);
    if (c.permitted.count == 3 && c.excluded.count == 2) {
        CHECK(c.permitted.items[2].kind == LT_GN_EMAIL &&
              span_is_str(c.permitted.items[2].value, "example.com"));
        CHECK(c.permitted.items[0].kind == LT_GN_DNS &&
              span_is_str(c.permitted.items[0].value, "example.com"));
        CHECK(c.permitted.items[1].kind == LT_GN_IP &&
              span_is(c.permitted.items[1].value, "\xc0\x00\x02\x00\xff\xff\xff\x00", 8));
        CHECK(span_is_str(c.excluded.items[0].value, "bad.example.com"));
        CHECK(c.excluded.items[1].kind == LT_GN_IP && c.excluded.items[1].value.len == 32);
    }
    lt_cert_free(&c);

    CHECK(load("unknown-critical.pem", &c));
    CHECK(c.unknown_critical);
    char oid[64];
    lt_der_oid_text(c.unknown_critical_oid, oid, sizeof(oid));
    CHECK(strcmp(oid, "1.3.6.1.4.1.55555.1") == 0);
    /* openssl x509 -req adds both key identifiers by itself. */
    CHECK(c.extensions ==
          (LT_EXT_BASIC_CONSTRAINTS | LT_EXT_SUBJECT_KEY_ID | LT_EXT_AUTHORITY_KEY_ID));
    lt_cert_free(&c);

    CHECK(load("ku-all.pem", &c));
    CHECK(c.key_usage == 0x1ff);
    CHECK(c.ext_key_usage == (LT_EKU_ANY | LT_EKU_OCSP_SIGNING)); /* codeSigning ignored */
    lt_cert_free(&c);
    CHECK(load("ku-agreement.pem", &c));
    CHECK(c.key_usage == LT_KU_KEY_AGREEMENT);
    CHECK(c.ext_key_usage == LT_EKU_CLIENT_AUTH);
    CHECK(c.key_type == LT_KEY_EC_P256);
    lt_cert_free(&c);

    CHECK(load("v1.pem", &c));
    CHECK(c.version == 1 && c.extensions == 0 && !c.ca && c.path_len == -1);
    CHECK(name_is(&c.subject, "O=latch, CN=v1.example.com"));
    lt_cert_free(&c);

    CHECK(load("rsa-pss.pem", &c));
    CHECK(c.sig_alg == LT_X509_SIG_RSA_PSS_SHA384);
    CHECK(strcmp(lt_x509_sig_alg_name(c.sig_alg), "RSASSA-PSS with SHA-384") == 0);
    lt_cert_free(&c);
}

static void test_name_format(void)
{
    /* C=US, O="A, B+C", CN=x<TAB>y + emailAddress=e (a multi-valued RDN),
     * then a BMPString and an unknown attribute holding an INTEGER. */
    size_t len;
    uint8_t *der = check_hex_alloc("30 5b"
                                   " 31 0b 30 09 06 03 55 04 06 13 02 55 53"
                                   " 31 10 30 0e 06 03 55 04 0a 0c 07 41 2c 20 42 2b 43 22"
                                   " 31 1e 30 0a 06 03 55 04 03 0c 03 78 09 79"
                                   " 30 10 06 09 2a 86 48 86 f7 0d 01 09 01 16 03 65 40 65"
                                   " 31 0e 30 0c 06 03 55 04 07 1e 05 00 c3 a9 00 00"
                                   " 31 0a 30 08 06 03 2a 03 04 02 01 07",
                                   &len);
    lt_reader r = lt_reader_make(der, len);
    lt_name name;
    lt_error_clear(&err);
    /* The BMPString has an odd length: the reader refuses it. */
    CHECK(!lt_name_read(&r, &name, "subject", &err) && err_says(LATCH_ERR_DECODE, "BMPString"));
    free(der);

    der = check_hex_alloc("30 5a"
                          " 31 0b 30 09 06 03 55 04 06 13 02 55 53"
                          " 31 10 30 0e 06 03 55 04 0a 0c 07 41 2c 20 42 2b 43 22"
                          " 31 1e 30 0a 06 03 55 04 03 0c 03 78 09 79"
                          " 30 10 06 09 2a 86 48 86 f7 0d 01 09 01 16 03 65 40 65"
                          " 31 0d 30 0b 06 03 55 04 07 1e 04 00 e9 26 3a"
                          " 31 0a 30 08 06 03 2a 03 04 02 01 07",
                          &len);
    r = lt_reader_make(der, len);
    lt_error_clear(&err);
    CHECK(lt_name_read(&r, &name, "subject", &err) && lt_reader_done(&r));
    CHECK(name_is(&name,
                  "1.2.3.4=#020107, L=\\xc3\\xa9\\xe2\\x98\\xba, CN=x\\x09y+emailAddress=e@e, "
                  "O=A\\, B\\+C\\\", C=US"));
    char small[16];
    lt_name_format(&name, small, sizeof(small));
    CHECK(strlen(small) < sizeof(small) && strstr(small, "...") != NULL);
    CHECK(!lt_name_is_empty(&name));
    free(der);

    uint8_t empty[] = {0x30, 0x00};
    r = lt_reader_make(empty, 2);
    CHECK(lt_name_read(&r, &name, "subject", &err) && lt_name_is_empty(&name));
    CHECK(name_is(&name, ""));
    uint8_t empty_set[] = {0x30, 0x02, 0x31, 0x00};
    r = lt_reader_make(empty_set, 4);
    lt_error_clear(&err);
    CHECK(!lt_name_read(&r, &name, "subject", &err) &&
          err_says(LATCH_ERR_BAD_CERTIFICATE, "empty relative distinguished name"));
}

/* A copy of der with n bytes at off replaced by ins (ins_len bytes), the
 * outer and TBS lengths (both two-octet long forms) adjusted to match. */
static uint8_t *splice(const uint8_t *der, size_t len, size_t off, size_t n, const char *ins_hex,
                       size_t *out_len)
{
    uint8_t ins[64];
    size_t ins_len = check_hex(ins_hex, ins, sizeof(ins));
    uint8_t *out = malloc(len + ins_len);
    memcpy(out, der, off);
    memcpy(out + off, ins, ins_len);
    memcpy(out + off + ins_len, der + off + n, len - off - n);
    *out_len = len - n + ins_len;
    for (size_t at = 2; at <= 6; at += 4) {
        if (out[at - 1] != 0x82)
            abort();
        size_t l = ((size_t)out[at] << 8 | out[at + 1]) + ins_len - n;
        out[at] = (uint8_t)(l >> 8);
        out[at + 1] = (uint8_t)l;
    }
    return out;
}

static size_t find(const uint8_t *der, size_t len, const char *hex, size_t from)
{
    uint8_t pat[32];
    size_t n = check_hex(hex, pat, sizeof(pat));
    for (size_t i = from; i + n <= len; i++)
        if (memcmp(der + i, pat, n) == 0)
            return i;
    fprintf(stderr, "pattern %s not found\n", hex);
    abort();
}

static bool parse_fails(const uint8_t *der, size_t len, latch_err code, const char *text)
{
    lt_cert cert;
    lt_error_clear(&err);
    if (lt_cert_parse(&cert, der, len, &err)) {
        lt_cert_free(&cert);
        fprintf(stderr, "parsed, but expected: %s\n", text);
        return false;
    }
    if (!err_says(code, text))
        fprintf(stderr, "error \"%s\" (%s), expected \"%s\"\n", err.message,
                latch_err_name(err.code), text);
    return err_says(code, text) && cert.der == NULL;
}

static void test_malformed(void)
{
    size_t len, n;
    uint8_t *der = fixture_der("rsa-leaf.pem", &len);
    uint8_t *bad = malloc(len + 1);

    /* Every prefix fails cleanly. */
    int prefix_failures = 0;
    for (size_t i = 0; i < len; i++) {
        lt_cert cert;
        lt_error_clear(&err);
        if (!lt_cert_parse(&cert, der, i, &err) && err.message[0] != '\0')
            prefix_failures++;
    }
    CHECK(prefix_failures == (int)len);

    memcpy(bad, der, len);
    bad[3]++; /* outer length one more than the data */
    CHECK(parse_fails(bad, len, LATCH_ERR_DECODE, "certificate: length"));
    CHECK(parse_fails(bad, len, LATCH_ERR_DECODE, "runs past the end"));

    memcpy(bad, der, len);
    bad[0] = 0x31;
    CHECK(parse_fails(bad, len, LATCH_ERR_DECODE, "certificate: expected tag 0x30 but found 0x31"));

    memcpy(bad, der, len);
    bad[len] = 0x00;
    CHECK(parse_fails(bad, len + 1, LATCH_ERR_DECODE, "1 bytes of trailing data"));

    CHECK(parse_fails(der, 0, LATCH_ERR_DECODE, "empty"));

    /* notBefore month 13. */
    memcpy(bad, der, len);
    size_t t = find(der, len, "17 0d", 0);
    bad[t + 4] = '1';
    bad[t + 5] = '3';
    CHECK(parse_fails(bad, len, LATCH_ERR_DECODE, "validity notBefore: month 13 is not valid"));
    bad[t + 4] = der[t + 4];
    bad[t + 5] = der[t + 5];
    bad[t + 14] = '+';
    CHECK(parse_fails(bad, len, LATCH_ERR_DECODE, "validity notBefore: UTCTime must end in Z"));

    /* The TBS signature field says SHA-384, the outer one SHA-256. */
    memcpy(bad, der, len);
    size_t alg = find(der, len, "2a 86 48 86 f7 0d 01 01 0b", 0);
    bad[alg + 8] = 0x0c;
    CHECK(parse_fails(bad, len, LATCH_ERR_BAD_CERTIFICATE,
                      "signatureAlgorithm differs from the signature field inside "
                      "tbsCertificate"));
    /* Both say sha224WithRSAEncryption, which latch does not support. */
    size_t outer_alg = find(der, len, "2a 86 48 86 f7 0d 01 01 0b", alg + 1);
    bad[alg + 8] = 0x0e;
    bad[outer_alg + 8] = 0x0e;
    CHECK(parse_fails(bad, len, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
                      "signature algorithm 1.2.840.113549.1.1.14 is not supported"));

    /* subjectKeyIdentifier renamed basicConstraints: a duplicate. */
    memcpy(bad, der, len);
    size_t ski = find(der, len, "06 03 55 1d 0e", 0);
    bad[ski + 4] = 0x13;
    CHECK(parse_fails(bad, len, LATCH_ERR_BAD_CERTIFICATE,
                      "extension 2.5.29.19 appears more than once"));

    /* Outer length in a non-minimal three-octet form. */
    uint8_t *longer = malloc(len + 1);
    longer[0] = 0x30;
    longer[1] = 0x83;
    longer[2] = 0x00;
    memcpy(longer + 3, der + 2, len - 2);
    CHECK(parse_fails(longer, len + 1, LATCH_ERR_DECODE, "leading zero octet (not minimal)"));
    free(longer);

    /* Without its version field the certificate is v1, yet has extensions. */
    size_t version = find(der, len, "a0 03 02 01 02", 0);
    uint8_t *edited = splice(der, len, version, 5, "", &n);
    CHECK(parse_fails(edited, n, LATCH_ERR_BAD_CERTIFICATE,
                      "extensions: present in a version 1 certificate"));
    free(edited);
    /* An explicit v1 is not DER. */
    edited = splice(der, len, version, 5, "a0 03 02 01 00", &n);
    CHECK(parse_fails(edited, n, LATCH_ERR_DECODE, "v1 is the default"));
    free(edited);
    edited = splice(der, len, version, 5, "a0 03 02 01 03", &n);
    CHECK(parse_fails(edited, n, LATCH_ERR_DECODE, "version: INTEGER 3 is larger than 2"));
    free(edited);

    /* A 21-octet serial number; a non-minimal one. */
    size_t serial = find(der, len, "02 08 01 23 45 67", 0);
    edited = splice(der, len, serial, 10,
                    "02 15 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 10 11 12 13 14 15", &n);
    CHECK(parse_fails(edited, n, LATCH_ERR_BAD_CERTIFICATE, "serialNumber: 21 octets"));
    free(edited);
    edited = splice(der, len, serial, 10, "02 02 00 01", &n);
    CHECK(parse_fails(edited, n, LATCH_ERR_DECODE, "serialNumber: INTEGER has a non-minimal"));
    free(edited);

    /* An RSA-PSS key with rsaEncryption's NULL parameters: RFC 4055 1.2
     * allows only absent ones or RSASSA-PSS-params. */
    size_t rsa_key = find(der, len, "2a 86 48 86 f7 0d 01 01 01", 0);
    memcpy(bad, der, len);
    bad[rsa_key + 8] = 0x0a;
    CHECK(parse_fails(bad, len, LATCH_ERR_DECODE,
                      "RSA-PSS public key parameters: expected tag 0x30 but found 0x05"));
    /* An SPKI algorithm that is not supported: an RSAES-OAEP key. */
    memcpy(bad, der, len);
    bad[rsa_key + 8] = 0x07;
    CHECK(parse_fails(bad, len, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
                      "public key algorithm 1.2.840.113549.1.1.7 is not supported"));

    /* critical FALSE written out is not DER. */
    size_t ext = find(der, len, "06 03 55 1d 13 01 01 ff", 0);
    memcpy(bad, der, len);
    bad[ext + 7] = 0x00;
    CHECK(parse_fails(bad, len, LATCH_ERR_DECODE, "critical FALSE is the default"));

    /* The SAN's IPv6 entry split in two: iPAddresses of 5 and 9 bytes. */
    size_t ip = find(der, len, "87 10 20 01 0d b8", 0);
    memcpy(bad, der, len);
    bad[ip + 1] = 0x05;
    bad[ip + 7] = 0x87;
    bad[ip + 8] = 0x09;
    CHECK(parse_fails(bad, len, LATCH_ERR_BAD_CERTIFICATE,
                      "subjectAltName extension: iPAddress of 5 bytes is neither IPv4"));

    free(bad);
    free(der);

    /* RSASSA-PSS with a salt shorter than the hash. */
    der = fixture_der("rsa-pss.pem", &len);
    size_t salt = find(der, len, "a2 03 02 01 30", 0);
    der[salt + 4] = 0x20;
    CHECK(parse_fails(der, len, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
                      "RSASSA-PSS salt length 32 is not the hash length 48"));
    free(der);

    /* A v1 certificate with an issuerUniqueID (RFC 5280 4.1.2.8). */
    lt_cert v1;
    CHECK(load("v1.pem", &v1));
    der = fixture_der("v1.pem", &len);
    edited = splice(der, len, 4 + v1.tbs.len, 0, "81 02 00 ff", &n);
    CHECK(parse_fails(edited, n, LATCH_ERR_BAD_CERTIFICATE,
                      "issuerUniqueID: present in a version 1 certificate"));
    free(edited);
    free(der);
    lt_cert_free(&v1);

    der = fixture_der("san-too-many.pem", &len);
    CHECK(parse_fails(der, len, LATCH_ERR_BAD_CERTIFICATE,
                      "subjectAltName extension: more than 1024 names"));
    free(der);
}

/* A borrowed parse points into the caller's bytes and owns none of them;
 * a copying parse reads the same certificate from its own copy. */
static void test_borrowed(void)
{
    size_t len;
    uint8_t *der = fixture_der("ec256-leaf.pem", &len);
    lt_cert borrowed, copied;
    lt_error_clear(&err);
    CHECK(lt_cert_parse_borrowed(&borrowed, der, len, &err));
    CHECK(borrowed.der == der && borrowed.der_copy == NULL && borrowed.der_len == len);
    CHECK(borrowed.tbs.data > der && borrowed.tbs.data < der + len);
    CHECK(lt_cert_parse(&copied, der, len, &err));
    CHECK(copied.der == copied.der_copy && copied.der != der);
    CHECK(lt_name_equal(&borrowed.subject, &copied.subject));
    CHECK(borrowed.public_key.len == copied.public_key.len &&
          memcmp(borrowed.public_key.data, copied.public_key.data, copied.public_key.len) == 0);
    lt_cert_free(&borrowed);
    lt_cert_free(&copied);
    /* A malformed input fails the same way either way, leaving nothing. */
    lt_error_clear(&err);
    CHECK(!lt_cert_parse_borrowed(&borrowed, der, len - 1, &err) && borrowed.der == NULL);
    CHECK(err.code == LATCH_ERR_DECODE);
    free(der);
}

int main(void)
{
    test_trust_bundle();
    test_rsa_chain();
    test_ec_chains();
    test_other_fixtures();
    test_name_format();
    test_malformed();
    test_borrowed();
    return check_finish("x509_cert");
}
