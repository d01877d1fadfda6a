/*
 * Hostile server chains in process, built at run time with OpenSSL's X509
 * API (the project's builder writes only well-formed names): a NUL byte
 * inside a subjectAltName dNSName, or inside the subject CN, must not let
 * the certificate cover the host name before the NUL (the classic
 * "good.example\0.evil.test" trick); an intermediate with an unknown
 * critical extension makes the chain unusable (RFC 5280 4.2).
 *
 * latch refuses to load such a leaf into a server config, so the server
 * loads a twin (same key, a harmless name) and the test puts the planned
 * leaf's DER in its place: the server then really sends it, and signs
 * with the key it holds. Each case has a control, the same chain without
 * the flaw, that the client accepts, so a failure is the flaw's and not
 * the harness's.
 */
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pair.h"
#include "tls/config.h"

#define HOST "good.example"
/* The host, a NUL, then a suffix: C string functions see only the host. */
static const char nul_name[] = HOST "\0.evil.test";
#define NUL_NAME_LEN (sizeof(nul_name) - 1)

typedef struct name_bytes {
    const char *data;
    size_t len;
} name_bytes;

typedef struct cert_plan {
    bool ca;
    name_bytes cn;
    name_bytes san; /* a dNSName; len 0 for none */
    bool unknown_critical;
} cert_plan;

static EVP_PKEY *new_key(void)
{
    EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
    if (key == NULL)
        abort();
    return key;
}

static void add_conf_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
    if (ext == NULL || !X509_add_ext(cert, ext, -1))
        abort();
    X509_EXTENSION_free(ext);
}

static void add_san(X509 *cert, name_bytes dns)
{
    GENERAL_NAMES *names = GENERAL_NAMES_new();
    GENERAL_NAME *gn = GENERAL_NAME_new();
    ASN1_IA5STRING *s = ASN1_IA5STRING_new();
    if (names == NULL || gn == NULL || s == NULL || !ASN1_STRING_set(s, dns.data, (int)dns.len))
        abort();
    GENERAL_NAME_set0_value(gn, GEN_DNS, s);
    if (!sk_GENERAL_NAME_push(names, gn) ||
        !X509_add1_ext_i2d(cert, NID_subject_alt_name, names, 0, 0))
        abort();
    GENERAL_NAMES_free(names);
}

/* A private-arc OID no one implements, critical, with a NULL value. */
static void add_unknown_critical(X509 *cert)
{
    static const unsigned char null_der[] = {0x05, 0x00};
    ASN1_OBJECT *oid = OBJ_txt2obj("1.3.6.1.4.1.55555.2", 1);
    ASN1_OCTET_STRING *value = ASN1_OCTET_STRING_new();
    if (oid == NULL || value == NULL || !ASN1_OCTET_STRING_set(value, null_der, sizeof(null_der)))
        abort();
    X509_EXTENSION *ext = X509_EXTENSION_create_by_OBJ(NULL, oid, 1, value);
    if (ext == NULL || !X509_add_ext(cert, ext, -1))
        abort();
    X509_EXTENSION_free(ext);
    ASN1_OCTET_STRING_free(value);
    ASN1_OBJECT_free(oid);
}

/* A certificate for key, signed by issuer_key (self-signed when issuer
 * is NULL); the CN is a UTF8String of exactly cn.len bytes. */
static X509 *make_cert(const cert_plan *plan, EVP_PKEY *key, X509 *issuer, EVP_PKEY *issuer_key)
{
    static long serial = 1;
    X509 *cert = X509_new();
    X509_NAME *name = X509_NAME_new();
    if (cert == NULL || name == NULL || !X509_set_version(cert, 2) ||
        !ASN1_INTEGER_set(X509_get_serialNumber(cert), serial++) ||
        !X509_NAME_add_entry_by_NID(name, NID_commonName, V_ASN1_UTF8STRING,
                                    (const unsigned char *)plan->cn.data, (int)plan->cn.len, -1,
                                    0) ||
        !X509_set_subject_name(cert, name) ||
        !X509_set_issuer_name(cert, issuer != NULL ? X509_get_subject_name(issuer) : name) ||
        X509_gmtime_adj(X509_getm_notBefore(cert), -3600) == NULL ||
        X509_gmtime_adj(X509_getm_notAfter(cert), 86400) == NULL || !X509_set_pubkey(cert, key))
        abort();
    X509_NAME_free(name);
    X509 *signer = issuer != NULL ? issuer : cert;
    add_conf_ext(cert, signer, NID_basic_constraints,
                 plan->ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
    add_conf_ext(cert, signer, NID_key_usage,
                 plan->ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
    add_conf_ext(cert, signer, NID_subject_key_identifier, "hash");
    if (issuer != NULL)
        add_conf_ext(cert, signer, NID_authority_key_identifier, "keyid:always");
    if (!plan->ca)
        add_conf_ext(cert, signer, NID_ext_key_usage, "serverAuth");
    if (plan->san.len > 0)
        add_san(cert, plan->san);
    if (plan->unknown_critical)
        add_unknown_critical(cert);
    if (!X509_sign(cert, issuer_key != NULL ? issuer_key : key, EVP_sha256()))
        abort();
    return cert;
}

typedef struct pem_buf {
    char *data;
    size_t len;
} pem_buf;

static void append_cert(BIO *bio, X509 *cert)
{
    if (!PEM_write_bio_X509(bio, cert))
        abort();
}

static pem_buf take_bio(BIO *bio)
{
    char *data = NULL;
    long len = BIO_get_mem_data(bio, &data);
    pem_buf out = {malloc((size_t)len), (size_t)len};
    if (out.data == NULL)
        abort();
    memcpy(out.data, data, (size_t)len);
    BIO_free(bio);
    return out;
}

/* The client's error sentence of the last connect_to. */
static char last_error[512];

/* Root, intermediate and leaf from the plans; a client trusting the root
 * connects to "good.example". Returns the client's error code (LATCH_OK
 * when the handshake completed); the server must have got the alert. */
static latch_err connect_to(const cert_plan *intermediate, const cert_plan *leaf)
{
    static const cert_plan root_plan = {true, {"Hostile Test Root", 17}, {NULL, 0}, false};
    static const cert_plan twin_plan = {
        false, {"loadable.example", 16}, {"loadable.example", 16}, false};
    EVP_PKEY *root_key = new_key(), *int_key = new_key(), *leaf_key = new_key();
    X509 *root = make_cert(&root_plan, root_key, NULL, NULL);
    X509 *inter = make_cert(intermediate, int_key, root, root_key);
    X509 *end = make_cert(leaf, leaf_key, inter, int_key);
    X509 *twin = make_cert(&twin_plan, leaf_key, inter, int_key);

    BIO *chain_bio = BIO_new(BIO_s_mem()), *key_bio = BIO_new(BIO_s_mem()),
        *root_bio = BIO_new(BIO_s_mem());
    if (chain_bio == NULL || key_bio == NULL || root_bio == NULL ||
        !PEM_write_bio_PrivateKey(key_bio, leaf_key, NULL, NULL, 0, NULL, NULL))
        abort();
    append_cert(chain_bio, twin);
    append_cert(chain_bio, inter);
    append_cert(root_bio, root);
    pem_buf chain = take_bio(chain_bio), key = take_bio(key_bio), anchor = take_bio(root_bio);

    latch_config *server = latch_config_new(LATCH_SERVER);
    CHECK(latch_config_add_cert_key_mem(server, (const uint8_t *)chain.data, chain.len,
                                        (const uint8_t *)key.data, key.len) == LATCH_OK);
    unsigned char *der = NULL;
    int der_len = i2d_X509(end, &der);
    lt_cert_key *ck = &server->cert_keys[0];
    if (der_len <= 0 || server->cert_key_count != 1 || ck->chain_count != 2)
        abort();
    free(ck->chain[0]);
    ck->chain[0] = malloc((size_t)der_len);
    if (ck->chain[0] == NULL)
        abort();
    memcpy(ck->chain[0], der, (size_t)der_len);
    ck->chain_len[0] = (size_t)der_len;
    OPENSSL_free(der);
    latch_config *client = pair_client_config(false);
    CHECK(latch_config_add_ca_mem(client, (const uint8_t *)anchor.data, anchor.len) == LATCH_OK);
    pair p;
    pair_init(&p, client, server, HOST);
    bool ok = pair_handshake(&p);
    latch_err got = ok ? LATCH_OK : latch_conn_error_code(p.client);
    snprintf(last_error, sizeof(last_error), "%s", latch_conn_error(p.client));
    if (!ok)
        CHECK(latch_conn_peer_alert(p.server) == (int)latch_err_alert(got));
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
    free(chain.data);
    free(key.data);
    free(anchor.data);
    X509_free(end);
    X509_free(twin);
    X509_free(inter);
    X509_free(root);
    EVP_PKEY_free(leaf_key);
    EVP_PKEY_free(int_key);
    EVP_PKEY_free(root_key);
    return got;
}

static const cert_plan plain_int = {true, {"Hostile Test Intermediate", 25}, {NULL, 0}, false};

static void nul_in_dns_name(void)
{
    cert_plan leaf = {false, {HOST, strlen(HOST)}, {HOST, strlen(HOST)}, false};
    CHECK(connect_to(&plain_int, &leaf) == LATCH_OK);
    leaf.san = (name_bytes){nul_name, NUL_NAME_LEN};
    CHECK(connect_to(&plain_int, &leaf) == LATCH_ERR_BAD_CERTIFICATE);
    CHECK(strstr(last_error, "0x00") != NULL);
}

/* The CN is never used for the name (only subjectAltName is), so a NUL
 * in it must not help either: the SAN names another host. */
static void nul_in_common_name(void)
{
    cert_plan leaf = {false, {nul_name, NUL_NAME_LEN}, {"other.example", 13}, false};
    CHECK(connect_to(&plain_int, &leaf) == LATCH_ERR_BAD_CERTIFICATE);
    CHECK(strstr(last_error, "does not cover " HOST) != NULL);
    /* The same leaf with no SAN at all: still nothing covers the host. */
    leaf.san = (name_bytes){NULL, 0};
    CHECK(connect_to(&plain_int, &leaf) == LATCH_ERR_BAD_CERTIFICATE);
    CHECK(strstr(last_error, "does not cover " HOST) != NULL);
}

static void unknown_critical_on_intermediate(void)
{
    cert_plan leaf = {false, {HOST, strlen(HOST)}, {HOST, strlen(HOST)}, false};
    cert_plan inter = plain_int;
    inter.unknown_critical = true;
    CHECK(connect_to(&inter, &leaf) == LATCH_ERR_UNSUPPORTED_CERTIFICATE);
    CHECK(strstr(last_error, "critical extension 1.3.6.1.4.1.55555.2") != NULL);
}

int main(void)
{
    nul_in_dns_name();
    nul_in_common_name();
    unknown_critical_on_intermediate();
    return check_finish("e2e/hostile_chain");
}
