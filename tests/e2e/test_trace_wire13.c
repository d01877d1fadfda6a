/*
 * The trace's wire events in TLS 1.3: every record with its bytes and
 * sequence number, and with secrets shown, each protected record's
 * nonce. The test derives each traffic key and IV from the secrets the
 * trace gave (RFC 8446 7.3), rebuilds each nonce (RFC 8446 5.3: the IV
 * XOR the sequence number), and decrypts each record to the content and
 * type the event carries (RFC 8446 5.2: content || type || zeros, under
 * the record header as additional data). The dummy ChangeCipherSpec goes
 * in the clear, without a nonce.
 */
#include <string.h>

#include "check.h"
#include "crypto/cipher.h"
#include "pair.h"
#include "wire_log.h"
#include "tls/keysched13.h"

/* The traffic secrets by sender (0 server, 1 client): handshake, then
 * application_0. */
typedef struct side {
    bool client;
    wire_log log;
    uint8_t secrets[2][2][32];
    bool have[2][2];
} side;

static void keep_secret(side *s, const latch_trace_event *ev)
{
    static const char *const names[2][2] = {
        {"server_handshake_traffic_secret", "server_application_traffic_secret_0"},
        {"client_handshake_traffic_secret", "client_application_traffic_secret_0"}};
    for (int who = 0; who < 2; who++)
        for (int gen = 0; gen < 2; gen++)
            if (strcmp(ev->name, names[who][gen]) == 0 && ev->secret != NULL &&
                ev->secret_len == 32) {
                memcpy(s->secrets[who][gen], ev->secret, 32);
                s->have[who][gen] = true;
            }
}

static void on_event(const latch_trace_event *ev, void *arg)
{
    side *s = arg;
    if (ev->kind == LATCH_TRACE_KEYS)
        keep_secret(s, ev);
    wire_log_event(&s->log, ev);
}

/* Decrypts the record under secret's key with the traced nonce, after
 * checking that nonce against the IV and sequence number. */
static bool opens_to_plaintext(const wire_rec *r, const uint8_t secret[32])
{
    uint8_t key[LT_AEAD_MAX_KEY_LEN], iv[LT_AEAD_NONCE_LEN];
    lt_error err;
    lt_error_clear(&err);
    if (!lt_tls13_traffic_keys(LT_HASH_SHA256, LT_AEAD_AES_128_GCM, secret, key, iv, &err))
        return false;
    for (size_t i = 0; i < 8; i++)
        iv[LT_AEAD_NONCE_LEN - 1 - i] ^= (uint8_t)(r->seq >> (8 * i));
    if (r->nonce_len != LT_AEAD_NONCE_LEN || memcmp(r->nonce, iv, LT_AEAD_NONCE_LEN) != 0)
        return false;
    if (r->wire_len < 5 + LT_AEAD_TAG_LEN + 1 || r->wire[0] != 23)
        return false;
    lt_aead aead;
    uint8_t out[WIRE_BYTES_MAX];
    size_t sealed_len = r->wire_len - 5;
    if (!lt_aead_init(&aead, LT_AEAD_AES_128_GCM, key, &err))
        return false;
    bool ok = lt_aead_open(&aead, r->nonce, r->wire, 5, r->wire + 5, sealed_len, out, &err);
    lt_aead_free(&aead);
    size_t inner = sealed_len - LT_AEAD_TAG_LEN;
    while (ok && inner > 0 && out[inner - 1] == 0)
        inner--;
    return ok && inner == r->plain_len + 1 && out[inner - 1] == r->type &&
           memcmp(out, r->plain, r->plain_len) == 0;
}

static void check_side(const side *s, bool secrets)
{
    CHECK(!s->log.lost);
    CHECK(!secrets || (s->have[0][0] && s->have[0][1] && s->have[1][0] && s->have[1][1]));
    /* Per sender: the key generation in use and the next number. */
    int gen[2] = {-1, -1};
    uint64_t next_seq[2] = {0, 0};
    size_t protected_count = 0, clear_ccs = 0;
    for (size_t i = 0; i < s->log.count; i++) {
        const wire_rec *r = &s->log.recs[i];
        CHECK(r->wire_len >= 5 && r->wire[1] == 3);
        int by_client = r->outgoing == s->client;
        if (!r->protected_record) {
            CHECK(!r->has_nonce);
            CHECK(r->wire[0] == r->type);
            clear_ccs += r->type == 20;
            continue;
        }
        protected_count++;
        /* Each key change starts the numbers again (RFC 8446 5.3). */
        if (r->seq == 0)
            gen[by_client]++;
        CHECK(gen[by_client] >= 0 && gen[by_client] < 2);
        CHECK(r->seq == (r->seq == 0 ? 0 : next_seq[by_client]));
        next_seq[by_client] = r->seq + 1;
        CHECK(r->wire[0] == 23);
        CHECK(r->has_nonce == secrets);
        if (secrets && gen[by_client] >= 0 && gen[by_client] < 2)
            CHECK(opens_to_plaintext(r, s->secrets[by_client][gen[by_client]]));
    }
    /* Both sides' handshake flights and data both ways; a dummy
     * ChangeCipherSpec each way (middlebox compatibility, RFC 8446 D.4). */
    CHECK(protected_count >= 4);
    CHECK(clear_ccs == 2);
    CHECK(gen[0] == 1 && gen[1] == 1);
}

static void run(bool secrets)
{
    static side client_side, server_side;
    memset(&client_side, 0, sizeof(client_side));
    memset(&server_side, 0, sizeof(server_side));
    client_side.client = true;
    latch_config *server = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    latch_config *client = pair_client_config(true);
    CHECK(latch_config_set_versions(client, LATCH_TLS1_3, LATCH_TLS1_3) == LATCH_OK);
    CHECK(latch_config_set_tickets(server, 0) == LATCH_OK);
    CHECK(latch_config_set_trace(client, on_event, &client_side, secrets) == LATCH_OK);
    CHECK(latch_config_set_trace(server, on_event, &server_side, secrets) == LATCH_OK);
    pair p;
    pair_init(&p, client, server, "localhost");
    CHECK(pair_handshake(&p));
    CHECK(strcmp(latch_conn_version(p.client), "TLSv1.3") == 0);
    /* latch's first choice, the suite the keys are derived for here. */
    CHECK(strcmp(latch_conn_cipher(p.client), "TLS_AES_128_GCM_SHA256") == 0);
    static const uint8_t request[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    uint8_t response[3000];
    for (size_t i = 0; i < sizeof(response); i++)
        response[i] = (uint8_t)(i * 7);
    CHECK(pair_transfer(&p, true, request, sizeof(request) - 1));
    CHECK(pair_transfer(&p, false, response, sizeof(response)));
    check_side(&client_side, secrets);
    check_side(&server_side, secrets);
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
}

int main(void)
{
    run(true);
    run(false);
    return check_finish("e2e trace wire 1.3");
}
