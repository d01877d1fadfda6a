/* PEM blocks and strict base64: bundles, CRLF, junk, bad input, keys. */
#include "x509/pem.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static lt_error err;

static bool b64(const char *in, const char *want)
{
    uint8_t out[64];
    size_t n = 0;
    lt_error_clear(&err);
    if (!lt_base64_decode((const uint8_t *)in, strlen(in), out, &n, &err))
        return false;
    return n == strlen(want) && memcmp(out, want, n) == 0;
}

static bool err_says(latch_err code, const char *text)
{
    return err.code == code && strstr(err.message, text) != NULL;
}

static void test_base64(void)
{
    /* RFC 4648 10 test vectors. */
    CHECK(b64("", ""));
    CHECK(b64("Zg==", "f"));
    CHECK(b64("Zm8=", "fo"));
    CHECK(b64("Zm9v", "foo"));
    CHECK(b64("Zm9vYg==", "foob"));
    CHECK(b64("Zm9vYmE=", "fooba"));
    CHECK(b64("Zm9vYmFy", "foobar"));
    CHECK(b64("+/+/", "\xfb\xff\xbf"));

    CHECK(!b64("Zm9", "") && err_says(LATCH_ERR_DECODE, "not a multiple of 4"));
    CHECK(!b64("Zg=a", "") && err_says(LATCH_ERR_DECODE, "padding"));
    CHECK(!b64("Z===", "") && err_says(LATCH_ERR_DECODE, "padding"));
    CHECK(!b64("=Zg=", "") && err_says(LATCH_ERR_DECODE, "padding"));
    CHECK(!b64("Zg==Zm9v", "") && err_says(LATCH_ERR_DECODE, "before the end"));
    CHECK(!b64("Zh==", "") && err_says(LATCH_ERR_DECODE, "non-zero bits"));
    CHECK(!b64("Zm9=", "") && err_says(LATCH_ERR_DECODE, "non-zero bits"));
    CHECK(!b64("Zm9v!A==", "") && err_says(LATCH_ERR_DECODE, "outside the alphabet"));
    CHECK(!b64("Zm 9", "") && err_says(LATCH_ERR_DECODE, "outside the alphabet"));
}

/* Decodes every block labelled `label`; returns how many, or -1 on error. */
static int count_blocks(const char *text, const char *label, lt_pem_block *first)
{
    lt_pem_iter it;
    lt_pem_iter_init(&it, (const uint8_t *)text, strlen(text));
    lt_error_clear(&err);
    int n = 0;
    for (;;) {
        lt_pem_block block;
        bool found;
        if (!lt_pem_next(&it, label, &block, &found, &err))
            return -1;
        if (!found)
            return n;
        if (n == 0 && first != NULL)
            *first = block;
        else
            lt_pem_block_free(&block);
        n++;
    }
}

static char *read_text(const char *name)
{
    size_t len;
    return (char *)check_read_file(check_data_path(name), &len);
}

/* A copy of text with every "\n" turned into "\r\n". */
static char *to_crlf(const char *text)
{
    char *out = malloc(strlen(text) * 2 + 1);
    char *o = out;
    for (const char *p = text; *p; p++) {
        if (*p == '\n')
            *o++ = '\r';
        *o++ = *p;
    }
    *o = '\0';
    return out;
}

static void test_blocks(void)
{
    char *ca = read_text("x509/rsa-ca.pem");
    char *leaf = read_text("x509/rsa-leaf.pem");
    lt_pem_block a, b;
    CHECK(count_blocks(ca, "CERTIFICATE", &a) == 1);
    CHECK(strcmp(a.label, "CERTIFICATE") == 0 && !a.encrypted);
    CHECK(a.der_len > 500 && a.der[0] == 0x30 && a.der[1] == 0x82);
    CHECK((size_t)((a.der[2] << 8) | a.der[3]) + 4 == a.der_len);

    /* A bundle with text before, between and after blocks, in CRLF. */
    size_t cap = strlen(ca) + strlen(leaf) + 256;
    char *bundle = malloc(cap);
    snprintf(bundle, cap, "# latch test bundle\nSubject: a CA\n%s\n\nsome junk -----\n%sthe end",
             ca, leaf);
    char *crlf = to_crlf(bundle);
    CHECK(count_blocks(bundle, "CERTIFICATE", NULL) == 2);
    CHECK(count_blocks(crlf, "CERTIFICATE", &b) == 2);
    CHECK(b.der_len == a.der_len && memcmp(b.der, a.der, a.der_len) == 0);
    lt_pem_block_free(&b);
    CHECK(count_blocks(crlf, NULL, NULL) == 2);
    CHECK(count_blocks(crlf, "PRIVATE KEY", NULL) == 0);
    CHECK(count_blocks("no PEM here\n", NULL, NULL) == 0);
    CHECK(count_blocks("", NULL, NULL) == 0);
    free(crlf);

    /* Trailing spaces are tolerated; a bad character names its line. */
    char *bad = malloc(strlen(ca) + 8);
    strcpy(bad, ca);
    char *second_line = strchr(bad, '\n') + 1;
    second_line[10] = '*';
    CHECK(count_blocks(bad, "CERTIFICATE", NULL) == -1);
    CHECK(err_says(LATCH_ERR_DECODE, "line 2 has character 0x2a, which is not base64"));
    /* Blocks with other labels are skipped without decoding. */
    CHECK(count_blocks(bad, "X509 CRL", NULL) == 0);
    second_line[10] = '=';
    CHECK(count_blocks(bad, "CERTIFICATE", NULL) == -1);
    CHECK(err_says(LATCH_ERR_DECODE, "PEM block CERTIFICATE starting at line 1: base64 padding"));
    free(bad);

    CHECK(count_blocks("-----BEGIN CERTIFICATE-----\nZm9v\n", NULL, NULL) == -1);
    CHECK(err_says(LATCH_ERR_DECODE, "CERTIFICATE starting at line 1 has no END line"));
    CHECK(count_blocks("-----BEGIN CERTIFICATE-----\nZm9v\n-----END CERTIFICATE-----", NULL,
                       NULL) == 1);
    CHECK(count_blocks("-----BEGIN CERTIFICATE-----  \r\nZm9v \t\r\n-----END CERTIFICATE-----\n",
                       NULL, NULL) == 1);
    CHECK(count_blocks("-----BEGIN CERTIFICATE-----\nZm9v\n-----END X509 CRL-----\n", NULL, NULL) ==
          -1);
    CHECK(err_says(LATCH_ERR_DECODE, "with a different label"));
    CHECK(count_blocks("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n", NULL, NULL) ==
          -1);
    CHECK(err_says(LATCH_ERR_DECODE, "is empty"));
    CHECK(count_blocks("-----BEGIN CERTIFICATE-----\nZm9\n-----END CERTIFICATE-----\n", NULL,
                       NULL) == -1);
    CHECK(err_says(LATCH_ERR_DECODE, "not a multiple of 4"));
    CHECK(count_blocks("-----BEGIN CERTIFICATE-----\nZm9v\n-----BEGIN CERTIFICATE-----\nZm9v\n"
                       "-----END CERTIFICATE-----\n",
                       NULL, NULL) == -1);
    CHECK(count_blocks("-----BEGIN -----\nZm9v\n-----END -----\n", NULL, NULL) == 0);
    CHECK(
        count_blocks("-----BEGIN AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
                     "-----\nZm9v\n",
                     NULL, NULL) == -1);
    CHECK(err_says(LATCH_ERR_DECODE, "longer than 64"));

    lt_pem_block_free(&a);
    free(bundle);
    free(ca);
    free(leaf);
}

static void test_trust_bundle(void)
{
    size_t len;
    char *text = (char *)check_read_file("/etc/ssl/certs/ca-certificates.crt", &len);
    int expected = 0;
    for (const char *p = text; (p = strstr(p, "-----BEGIN CERTIFICATE-----")) != NULL; p++)
        expected++;
    int n = count_blocks(text, "CERTIFICATE", NULL);
    CHECK(n == expected && n > 0);
    free(text);
}

static bool load_key(const char *text, lt_pem_block *key, lt_privkey_format *format)
{
    lt_error_clear(&err);
    return lt_pem_read_private_key((const uint8_t *)text, strlen(text), key, format, &err);
}

static void test_private_keys(void)
{
    lt_pem_block key;
    lt_privkey_format format = 0;
    char *text = read_text("x509/key-pkcs8.pem");
    CHECK(load_key(text, &key, &format) && format == LT_PRIVKEY_PKCS8);
    CHECK(strcmp(key.label, "PRIVATE KEY") == 0 && key.der_len > 60 && key.der[0] == 0x30);
    lt_pem_block_free(&key);
    CHECK(key.der == NULL);

    /* A key file may also carry the certificate. */
    char *cert = read_text("x509/ec256-leaf.pem");
    size_t cap = strlen(text) + strlen(cert) + 1;
    char *both = malloc(cap);
    snprintf(both, cap, "%s%s", cert, text);
    CHECK(load_key(both, &key, &format) && format == LT_PRIVKEY_PKCS8);
    lt_pem_block_free(&key);
    /* Two keys in one file is ambiguous. */
    free(both);
    cap = 2 * strlen(text) + 1;
    both = malloc(cap);
    snprintf(both, cap, "%s%s", text, text);
    CHECK(!load_key(both, &key, &format) && err_says(LATCH_ERR_CONFIG, "more than one"));
    CHECK(key.der == NULL);
    free(both);
    free(cert);
    free(text);

    text = read_text("x509/key-rsa-pkcs1.pem");
    CHECK(load_key(text, &key, &format) && format == LT_PRIVKEY_PKCS1);
    CHECK(strcmp(key.label, "RSA PRIVATE KEY") == 0 && key.der_len > 1000);
    lt_pem_block_free(&key);
    free(text);

    /* openssl ecparam -genkey writes EC PARAMETERS first. */
    text = read_text("x509/key-ec-sec1.pem");
    CHECK(strstr(text, "EC PARAMETERS") != NULL);
    CHECK(load_key(text, &key, &format) && format == LT_PRIVKEY_SEC1);
    CHECK(strcmp(key.label, "EC PRIVATE KEY") == 0);
    lt_pem_block_free(&key);
    free(text);

    text = read_text("x509/key-encrypted-pkcs8.pem");
    CHECK(!load_key(text, &key, &format));
    CHECK(err_says(LATCH_ERR_CONFIG, "ENCRYPTED PRIVATE KEY in this PEM file is encrypted"));
    CHECK(err_says(LATCH_ERR_CONFIG, "latch needs it unencrypted"));
    free(text);
    text = read_text("x509/key-encrypted-legacy.pem");
    CHECK(!load_key(text, &key, &format));
    CHECK(err_says(LATCH_ERR_CONFIG, "RSA PRIVATE KEY in this PEM file is encrypted"));
    free(text);

    CHECK(!load_key("", &key, &format) && err_says(LATCH_ERR_CONFIG, "no private key found"));
    text = read_text("x509/rsa-ca.pem");
    CHECK(!load_key(text, &key, &format) && err_says(LATCH_ERR_CONFIG, "no private key found"));
    free(text);
    CHECK(!load_key("-----BEGIN PRIVATE KEY-----\nZm9v!\n-----END PRIVATE KEY-----\n", &key,
                    &format));
    CHECK(err_says(LATCH_ERR_DECODE, "not base64"));
    CHECK(!load_key("-----BEGIN PRIVATE KEY-----\nA: b\nZm9v\n-----END PRIVATE KEY-----\n", &key,
                    &format));
    CHECK(err_says(LATCH_ERR_DECODE, "no blank line"));
}

int main(void)
{
    test_base64();
    test_blocks();
    test_trust_bundle();
    test_private_keys();
    return check_finish("x509_pem");
}
