/*
 * In TLS 1.2 an ECDSA signature scheme names only its hash: a server with
 * a P-384 certificate may sign its ServerKeyExchange with
 * ecdsa_secp256r1_sha256, as stock OpenSSL 3.0 does (RFC 8446 4.2.3 made
 * the curve binding a TLS 1.3 rule). A man-in-the-middle that holds the
 * server's key re-signs latch's own ServerKeyExchange that way; the client
 * must accept the signature and go on. The rewritten message is not in
 * the server's transcript, so the two sides' extended master secrets
 * differ and the handshake ends when the server cannot authenticate the
 * client's Finished record: where it must end, not at the client's
 * signature check.
 */
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pair.h"
#include "tamper.h"
#include "tls/msg.h"
#include "tls/record.h"

typedef struct resign {
    EVP_PKEY *key;
    const char *digest;
    uint16_t scheme;
    uint8_t randoms[2 * LT_RANDOM_LEN]; /* client_random + server_random */
    bool resigned;
} resign;

static void sign_params(resign *rs, lt_span params, uint8_t *sig, size_t *sig_len)
{
    uint8_t tbs[2 * LT_RANDOM_LEN + 512];
    CHECK(params.len <= sizeof(tbs) - sizeof(rs->randoms));
    memcpy(tbs, rs->randoms, sizeof(rs->randoms));
    memcpy(tbs + sizeof(rs->randoms), params.data, params.len);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    CHECK(md != NULL &&
          EVP_DigestSignInit_ex(md, NULL, rs->digest, NULL, NULL, rs->key, NULL) == 1);
    CHECK(EVP_DigestSign(md, sig, sig_len, tbs, sizeof(rs->randoms) + params.len) == 1);
    EVP_MD_CTX_free(md);
}

static void edit_server_flight(uint8_t type, const uint8_t *body, size_t len, lt_writer *out,
                               void *arg)
{
    resign *rs = arg;
    lt_error err;
    lt_error_clear(&err);
    if (type == LT_HS_SERVER_HELLO) {
        lt_server_hello sh;
        CHECK(lt_server_hello_parse(body, len, &sh, &err));
        memcpy(rs->randoms + LT_RANDOM_LEN, sh.random, LT_RANDOM_LEN);
    }
    if (type != LT_HS_SERVER_KEY_EXCHANGE) {
        tamper_copy_message(type, body, len, out);
        return;
    }
    lt_server_key_exchange ske;
    CHECK(lt_server_key_exchange_parse(body, len, LT_MSG_KEX_ECDHE, &ske, &err));
    uint8_t sig[256];
    size_t sig_len = sizeof(sig);
    sign_params(rs, ske.params, sig, &sig_len);
    ske.sig.scheme = rs->scheme;
    ske.sig.signature = lt_span_make(sig, sig_len);
    lt_server_key_exchange_write(&ske, out);
    rs->resigned = true;
}

static void tamper(int dir, size_t index, pair_record *rec, void *arg)
{
    resign *rs = arg;
    if (dir == PAIR_TO_SERVER && index == 0 && rec->bytes[0] == LT_CT_HANDSHAKE &&
        rec->bytes[5] == LT_HS_CLIENT_HELLO) {
        /* record header (5), handshake header (4), client_version (2) */
        memcpy(rs->randoms, rec->bytes + 11, LT_RANDOM_LEN);
    }
    if (dir == PAIR_TO_CLIENT && rec->bytes[0] == LT_CT_HANDSHAKE)
        tamper_handshake_record(rec, edit_server_flight, rs);
}

static EVP_PKEY *load_key(const char *name)
{
    FILE *f = fopen(check_data_path(name), "r");
    CHECK(f != NULL);
    EVP_PKEY *key = f != NULL ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
    if (f != NULL)
        fclose(f);
    CHECK(key != NULL);
    return key;
}

/* Runs a handshake whose ServerKeyExchange is re-signed; returns the pair
 * for the caller to judge and free. */
static void run(pair *p, latch_config *client, latch_config *server, resign *rs)
{
    pair_init(p, client, server, "localhost");
    p->tamper = tamper;
    p->tamper_arg = rs;
    CHECK(!pair_handshake(p));
    CHECK(rs->resigned);
}

int main(void)
{
    latch_config *server = pair_server_config("e2e/ecdsa-p384.chain.pem", "e2e/ecdsa-p384.key");
    latch_config *client = pair_client_config(true);
    EVP_PKEY *key = load_key("e2e/ecdsa-p384.key");

    /* ecdsa_secp256r1_sha256 from a P-384 key: the client takes it. */
    resign rs = {key, "SHA256", 0x0403, {0}, false};
    pair p;
    run(&p, client, server, &rs);
    CHECK(latch_conn_error_code(p.client) == LATCH_ERR_ALERT_RECEIVED);
    CHECK(latch_conn_error_code(p.server) == LATCH_ERR_BAD_RECORD_MAC);
    CHECK(latch_conn_peer_alert(p.client) == LATCH_ALERT_BAD_RECORD_MAC);
    /* ClientHello, then ClientKeyExchange, ChangeCipherSpec, Finished. */
    CHECK(p.records[PAIR_TO_SERVER] >= 4);
    printf("P-384 key, ecdsa_secp256r1_sha256: client: %s; server: %s\n",
           latch_conn_error(p.client), latch_conn_error(p.server));
    pair_free(&p);

    /* The control: a scheme for another key type is still refused, by the
     * client, at the ServerKeyExchange. */
    resign rsa_scheme = {key, "SHA256", 0x0401, {0}, false};
    run(&p, client, server, &rsa_scheme);
    CHECK(latch_conn_error_code(p.client) == LATCH_ERR_ILLEGAL_PARAMETER);
    CHECK(strstr(latch_conn_error(p.client), "does not fit") != NULL);
    pair_free(&p);

    EVP_PKEY_free(key);
    latch_config_free(client);
    latch_config_free(server);
    return check_finish("ecdsa_any_curve");
}
