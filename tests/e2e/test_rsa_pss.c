/*
 * RSA-PSS certificates in process, TLS 1.3 and 1.2 (RFC 8446 4.2.3): a
 * server with an id-RSASSA-PSS key (unbound, and bound to SHA-256) signs
 * with rsa_pss_pss_sha256 and, in TLS 1.2, serves ECDHE_RSA; a client
 * that offers only RSA key transport gets handshake_failure; a client
 * certificate with a PSS key authenticates. Then signature_algorithms_cert
 * choosing the chain (RFC 8446 4.4.2.2): the server holds two P-256
 * leaves, one signed by an RSA CA, one by an ECDSA CA; a man in the
 * middle adds signature_algorithms_cert to the latch client's
 * ClientHello (no installed peer sends it), and the chain the server
 * sends (its trace; in TLS 1.2 also what the client received) is the one
 * the list fits, or the first when none does. The changed ClientHello
 * then fails the handshake, as it must; a pass through the same parse
 * and rewrite with nothing added completes. Fixtures: tests/data/pss (scripts/make-pss-certs.sh).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "crypto/sig.h"
#include "pair.h"
#include "tamper.h"
#include "tls/msg_hello.h"

static latch_config *client_config(int version, const char *ca)
{
    latch_config *cfg = pair_client_config(ca == NULL);
    CHECK(latch_config_set_versions(cfg, version, version) == LATCH_OK);
    if (ca != NULL)
        CHECK(latch_config_add_ca_file(cfg, check_data_path(ca)) == LATCH_OK);
    return cfg;
}

static bool handshake(latch_config *client, latch_config *server, pair *p)
{
    pair_init(p, client, server, "localhost");
    latch_config_free(client);
    latch_config_free(server);
    bool ok = pair_handshake(p);
    if (!ok)
        fprintf(stderr, "client \"%s\", server \"%s\"\n", latch_conn_error(p->client),
                latch_conn_error(p->server));
    return ok;
}

static void test_pss_server(const char *name, int version)
{
    char chain[64], key[64];
    snprintf(chain, sizeof(chain), "pss/%s.chain.pem", name);
    snprintf(key, sizeof(key), "pss/%s.key", name);
    pair p;
    CHECK(handshake(client_config(version, "pss/pss-ca.pem"), pair_server_config(chain, key), &p));
    CHECK(strcmp(latch_conn_sig_scheme(p.client), "rsa_pss_pss_sha256") == 0);
    CHECK(strcmp(latch_conn_sig_scheme(p.server), "rsa_pss_pss_sha256") == 0);
    if (version == LATCH_TLS1_2)
        CHECK(strstr(latch_conn_cipher(p.client), "ECDHE_RSA") != NULL);
    const latch_cert *leaf = latch_conn_peer_certificate(p.client, 0);
    CHECK(leaf != NULL && strcmp(latch_cert_key_type(leaf), "RSA-PSS") == 0 &&
          latch_cert_key_bits(leaf) == 2048);
    static const uint8_t data[] = "signed with RSASSA-PSS";
    CHECK(pair_transfer(&p, false, data, sizeof(data)));
    pair_free(&p);
}

/* A PSS key never decrypts an RSA premaster: no suite is left. */
static void test_no_rsa_key_transport(void)
{
    latch_config *client = client_config(LATCH_TLS1_2, "pss/pss-ca.pem");
    CHECK(latch_config_set_ciphers(client, "TLS_RSA_WITH_AES_128_GCM_SHA256") == LATCH_OK);
    pair p;
    CHECK(!handshake(client, pair_server_config("pss/pss.chain.pem", "pss/pss.key"), &p));
    CHECK(p.server_result == LATCH_ERR_HANDSHAKE_FAILURE);
    pair_free(&p);
}

static void test_pss_client_cert(int version)
{
    latch_config *server = pair_server_config("pss/by-ec.chain.pem", "pss/by-ec.key");
    CHECK(latch_config_add_ca_file(server, check_data_path("pss/pss-ca.pem")) == LATCH_OK);
    CHECK(latch_config_request_client_cert(server, LATCH_CLIENT_CERT_REQUIRED) == LATCH_OK);
    latch_config *client = client_config(version, NULL);
    char chain_path[4096];
    snprintf(chain_path, sizeof(chain_path), "%s", check_data_path("pss/pss-sha256.chain.pem"));
    CHECK(latch_config_add_cert_key_file(client, chain_path,
                                         check_data_path("pss/pss-sha256.key")) == LATCH_OK);
    pair p;
    CHECK(handshake(client, server, &p));
    CHECK(latch_conn_client_authenticated(p.server) == 1);
    const latch_cert *leaf = latch_conn_peer_certificate(p.server, 0);
    CHECK(leaf != NULL && strcmp(latch_cert_key_type(leaf), "RSA-PSS") == 0);
    pair_free(&p);
}

/* What the man in the middle puts in signature_algorithms_cert: a
 * scheme list, or nothing (the client's own stays); and whether the
 * client sent one with rsa_pkcs1_sha256 (a TLS 1.3-only client does, as
 * its signature_algorithms leaves PKCS#1 v1.5 out). */
typedef struct cert_list {
    const uint16_t *schemes;
    size_t count;
    bool client_listed_pkcs1;
} cert_list;

static void add_sig_algs_cert(uint8_t type, const uint8_t *body, size_t len, lt_writer *out,
                              void *arg)
{
    cert_list *list = arg;
    lt_client_hello ch;
    if (!tamper_take_client_hello(type, body, len, out, &ch))
        return;
    list->client_listed_pkcs1 = false;
    for (size_t i = 0; i < ch.ext.tls13.signature_algorithms_cert.count; i++)
        list->client_listed_pkcs1 |=
            ch.ext.tls13.signature_algorithms_cert.schemes[i] == LT_SIG_RSA_PKCS1_SHA256;
    if (list->schemes != NULL) {
        ch.ext.tls13.signature_algorithms_cert.present = true;
        memcpy(ch.ext.tls13.signature_algorithms_cert.schemes, list->schemes,
               list->count * sizeof(uint16_t));
        ch.ext.tls13.signature_algorithms_cert.count = list->count;
        ch.ext.tls13.signature_algorithms_cert.listed = list->count;
    }
    lt_client_hello_write(&ch, out);
}

static void tamper_hello(int dir, size_t index, pair_record *rec, void *arg)
{
    if (dir == PAIR_TO_SERVER && index == 0)
        tamper_handshake_record(rec, add_sig_algs_cert, arg);
}

/* The two leaves and which of them the server's Certificate carried. */
typedef struct leaves {
    uint8_t *der[2];
    size_t len[2];
    int sent; /* 0 by-rsa, 1 by-ec, -1 no Certificate seen */
} leaves;

static bool holds(const uint8_t *data, size_t len, const uint8_t *der, size_t der_len)
{
    for (size_t i = 0; i + der_len <= len; i++)
        if (memcmp(data + i, der, der_len) == 0)
            return true;
    return false;
}

/* The server's own trace shows its Certificate whatever the version: in
 * TLS 1.3 it is encrypted under keys the changed ClientHello denies the
 * client. */
static void watch_certificate(const latch_trace_event *ev, void *arg)
{
    leaves *l = arg;
    if (ev->kind != LATCH_TRACE_MESSAGE || !ev->outgoing || ev->handshake_type != 11)
        return;
    for (int i = 0; i < 2; i++)
        if (holds(ev->data, ev->length, l->der[i], l->len[i]))
            l->sent = i;
}

/* Which leaf (0 by-rsa, 1 by-ec) a server holding by-rsa then by-ec
 * sends when the ClientHello carries signature_algorithms_cert as list
 * says. */
static void expect_chain(int version, cert_list *list, int want)
{
    leaves l = {.sent = -1};
    l.der[0] = check_pem_block("pss/by-rsa.chain.pem", "CERTIFICATE", 0, &l.len[0]);
    l.der[1] = check_pem_block("pss/by-ec.chain.pem", "CERTIFICATE", 0, &l.len[1]);
    latch_config *server = pair_server_config("pss/by-rsa.chain.pem", "pss/by-rsa.key");
    char chain_path[4096];
    snprintf(chain_path, sizeof(chain_path), "%s", check_data_path("pss/by-ec.chain.pem"));
    CHECK(latch_config_add_cert_key_file(server, chain_path, check_data_path("pss/by-ec.key")) ==
          LATCH_OK);
    CHECK(latch_config_set_trace(server, watch_certificate, &l, 0) == LATCH_OK);
    latch_config *client = client_config(version, NULL);
    pair p;
    pair_init(&p, client, server, "localhost");
    latch_config_free(client);
    latch_config_free(server);
    p.tamper = tamper_hello;
    p.tamper_arg = list;
    bool ok = pair_handshake(&p);
    CHECK(list->client_listed_pkcs1 == (version == LATCH_TLS1_3));
    /* A changed ClientHello must fail; an unchanged one must not. */
    CHECK(ok == (list->schemes == NULL));
    if (l.sent != want)
        fprintf(stderr, "TLS %s, %zu schemes in signature_algorithms_cert: leaf %d sent, not %d\n",
                version == LATCH_TLS1_3 ? "1.3" : "1.2", list->count, l.sent, want);
    CHECK(l.sent == want);
    /* In TLS 1.2 the client got it in the clear before Finished failed. */
    size_t got_len = 0;
    const uint8_t *got = latch_conn_peer_cert(p.client, 0, &got_len);
    if (version == LATCH_TLS1_2)
        CHECK(got != NULL && got_len == l.len[want] && memcmp(got, l.der[want], got_len) == 0);
    free(l.der[0]);
    free(l.der[1]);
    pair_free(&p);
}

static void test_chain_choice(int version)
{
    static const uint16_t ecdsa[] = {LT_SIG_ECDSA_SECP256R1_SHA256};
    static const uint16_t pkcs1[] = {LT_SIG_RSA_PKCS1_SHA256};
    static const uint16_t neither[] = {LT_SIG_ED25519, LT_SIG_RSA_PSS_RSAE_SHA256};
    static const uint16_t both[] = {LT_SIG_ECDSA_SECP256R1_SHA256, LT_SIG_RSA_PKCS1_SHA256};
    cert_list rows[] = {{NULL, 0, false},
                        {ecdsa, 1, false},
                        {pkcs1, 1, false},
                        {neither, 2, false},
                        {both, 2, false}};
    const int want[] = {0, 1, 0, 0, 0};
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        expect_chain(version, &rows[i], want[i]);
}

int main(void)
{
    static const int versions[] = {LATCH_TLS1_3, LATCH_TLS1_2};
    for (size_t i = 0; i < 2; i++) {
        test_pss_server("pss", versions[i]);
        test_pss_server("pss-sha256", versions[i]);
        test_pss_client_cert(versions[i]);
        test_chain_choice(versions[i]);
    }
    test_no_rsa_key_transport();
    return check_finish("rsa_pss");
}
