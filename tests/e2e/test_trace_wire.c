/*
 * Every record in the trace as it crossed the wire (issue 23): the
 * header, the sequence number and the bytes sent or received, and with
 * secrets shown, for each protected record, the nonce it was sealed with.
 * Both sides trace a handshake and application data both ways; the test
 * rebuilds each nonce from the key block by the RFCs' rules (RFC 5288 3
 * for AES-GCM, RFC 7905 2 for ChaCha20-Poly1305) and decrypts each
 * ciphertext to the plaintext the event carries; a CBC record's nonce is
 * the IV it starts with (RFC 5246 6.2.3.2).
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "crypto/cipher.h"
#include "pair.h"
#include "wire_log.h"

typedef struct side {
    bool client;
    wire_log log;
    uint8_t key_block[160];
    size_t key_block_len;
} side;

static void on_event(const latch_trace_event *ev, void *arg)
{
    side *s = arg;
    if (ev->kind == LATCH_TRACE_KEYS && strcmp(ev->name, "key_block") == 0 && ev->secret != NULL &&
        ev->secret_len <= sizeof(s->key_block)) {
        memcpy(s->key_block, ev->secret, ev->secret_len);
        s->key_block_len = ev->secret_len;
    }
    wire_log_event(&s->log, ev);
}

typedef struct suite_case {
    const char *suite;
    lt_aead_alg alg;
    size_t key_len;
    size_t iv_len; /* 4: GCM's salt, with an explicit nonce; 12: ChaCha20's IV */
    bool cbc;      /* AES-CBC with HMAC: the nonce is the record's own IV */
} suite_case;

/* RFC 5246 6.3: client key, server key, client IV, server IV (no MAC
 * keys for an AEAD). */
static const uint8_t *write_key(const side *s, const suite_case *sc, bool by_client)
{
    return s->key_block + (by_client ? 0 : sc->key_len);
}

static const uint8_t *write_iv(const side *s, const suite_case *sc, bool by_client)
{
    return s->key_block + 2 * sc->key_len + (by_client ? 0 : sc->iv_len);
}

static void expected_nonce(const side *s, const suite_case *sc, const wire_rec *r, bool by_client,
                           uint8_t nonce[LT_AEAD_NONCE_LEN])
{
    const uint8_t *iv = write_iv(s, sc, by_client);
    if (sc->iv_len == 4) {
        /* RFC 5288 3: salt || explicit nonce, the first 8 fragment bytes. */
        memcpy(nonce, iv, 4);
        memcpy(nonce + 4, r->wire + 5, 8);
        return;
    }
    /* RFC 7905 2: the IV XOR the sequence number, left-padded to 12. */
    memcpy(nonce, iv, LT_AEAD_NONCE_LEN);
    for (size_t i = 0; i < 8; i++)
        nonce[LT_AEAD_NONCE_LEN - 1 - i] ^= (uint8_t)(r->seq >> (8 * i));
}

/* Decrypts the record's ciphertext with the key and nonce and compares
 * the result with the plaintext the event carried. */
static bool decrypts_to_plaintext(const side *s, const suite_case *sc, const wire_rec *r,
                                  bool by_client)
{
    size_t explicit_len = sc->iv_len == 4 ? 8 : 0;
    if (r->wire_len < 5 + explicit_len + LT_AEAD_TAG_LEN)
        return false;
    const uint8_t *sealed = r->wire + 5 + explicit_len;
    size_t sealed_len = r->wire_len - 5 - explicit_len;
    size_t plain_len = sealed_len - LT_AEAD_TAG_LEN;
    /* RFC 5246 6.2.3.3: seq_num + type + version + length. */
    uint8_t aad[13];
    for (size_t i = 0; i < 8; i++)
        aad[i] = (uint8_t)(r->seq >> (56 - 8 * i));
    aad[8] = r->type;
    aad[9] = 3;
    aad[10] = 3;
    aad[11] = (uint8_t)(plain_len >> 8);
    aad[12] = (uint8_t)plain_len;
    lt_aead aead;
    lt_error err;
    lt_error_clear(&err);
    uint8_t out[WIRE_BYTES_MAX];
    if (!lt_aead_init(&aead, sc->alg, write_key(s, sc, by_client), &err))
        return false;
    bool ok = lt_aead_open(&aead, r->nonce, aad, sizeof(aad), sealed, sealed_len, out, &err);
    lt_aead_free(&aead);
    return ok && plain_len == r->plain_len && memcmp(out, r->plain, plain_len) == 0;
}

static void check_side(const side *s, const suite_case *sc, bool secrets)
{
    CHECK(!s->log.lost);
    CHECK(s->log.count >= 8); /* hellos, CCS and Finished both ways, data both ways */
    uint64_t next_seq[2] = {0, 0};
    size_t protected_count = 0;
    for (size_t i = 0; i < s->log.count; i++) {
        const wire_rec *r = &s->log.recs[i];
        /* RFC 5246 6.2.1: type, version {3,3}, length of the fragment. */
        CHECK(r->wire_len >= 5 && r->wire[0] == r->type && r->wire[1] == 3 && r->wire[2] == 3);
        CHECK((size_t)(r->wire[3] << 8 | r->wire[4]) == r->wire_len - 5);
        bool by_client = r->outgoing == s->client;
        if (!r->protected_record) {
            CHECK(!r->has_nonce);
            CHECK(r->wire_len - 5 == r->plain_len &&
                  memcmp(r->wire + 5, r->plain, r->plain_len) == 0);
            continue;
        }
        protected_count++;
        /* Sequence numbers count each direction's protected records. */
        CHECK(r->seq == next_seq[by_client]);
        next_seq[by_client] = r->seq + 1;
        CHECK(r->has_nonce == secrets);
        if (!secrets)
            continue;
        if (sc->cbc) {
            CHECK(r->nonce_len == 16 && r->wire_len > 5 + 16 &&
                  memcmp(r->nonce, r->wire + 5, 16) == 0);
            continue;
        }
        uint8_t nonce[LT_AEAD_NONCE_LEN];
        expected_nonce(s, sc, r, by_client, nonce);
        CHECK(r->nonce_len == LT_AEAD_NONCE_LEN && memcmp(r->nonce, nonce, LT_AEAD_NONCE_LEN) == 0);
        CHECK(decrypts_to_plaintext(s, sc, r, by_client));
    }
    CHECK(protected_count >= 4);
}

static void run(const suite_case *sc, bool secrets)
{
    static side client_side, server_side;
    memset(&client_side, 0, sizeof(client_side));
    memset(&server_side, 0, sizeof(server_side));
    client_side.client = true;
    latch_config *server = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    latch_config *client = pair_client_config(true);
    CHECK(latch_config_set_ciphers(client, sc->suite) == LATCH_OK);
    CHECK(latch_config_set_ciphers(server, sc->suite) == LATCH_OK);
    CHECK(latch_config_set_trace(client, on_event, &client_side, secrets) == LATCH_OK);
    CHECK(latch_config_set_trace(server, on_event, &server_side, secrets) == LATCH_OK);
    pair p;
    pair_init(&p, client, server, "localhost");
    CHECK(pair_handshake(&p));
    static const uint8_t request[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    uint8_t response[3000];
    for (size_t i = 0; i < sizeof(response); i++)
        response[i] = (uint8_t)(i * 7);
    CHECK(pair_transfer(&p, true, request, sizeof(request) - 1));
    CHECK(pair_transfer(&p, false, response, sizeof(response)));
    check_side(&client_side, sc, secrets);
    check_side(&server_side, sc, secrets);
    CHECK(!secrets || sc->cbc || client_side.key_block_len == 2 * (sc->key_len + sc->iv_len));
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
}

int main(void)
{
    static const suite_case cases[] = {
        {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", LT_AEAD_AES_128_GCM, 16, 4, false},
        {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", LT_AEAD_CHACHA20_POLY1305, 32, 12, false},
        {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", LT_AEAD_AES_128_GCM, 16, 0, true},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        run(&cases[i], true);
        run(&cases[i], false);
    }
    return check_finish("e2e trace wire");
}
