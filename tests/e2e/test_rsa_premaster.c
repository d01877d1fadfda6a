/*
 * Bleichenbacher and ROBOT (RFC 5246 7.4.7.1): a man-in-the-middle puts
 * malformed EncryptedPreMasterSecrets in the client's ClientKeyExchange,
 * each built as a raw RSA block and encrypted to the server's public key
 * (test-only raw RSA through libcrypto, below). Whatever is wrong, the
 * server must go on with a random pre-master secret: it answers nothing
 * until the client's Finished arrives, and then every case ends the same
 * way: the same error, sentence and source line, the same alert.
 *
 * That end is bad_record_mac, not decrypt_error: keys from a random
 * pre-master secret differ from the client's, so the client's Finished
 * record does not even authenticate (as with any handshake change under
 * the extended master secret, see test_tamper.c). A well-formed block
 * with another secret, the control case, ends exactly the same way.
 */
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pair.h"
#include "tamper.h"
#include "tls/conn.h"
#include "tls/msg.h"

#define MOD_LEN 256 /* RSA-2048 */

static EVP_PKEY *server_key;

/* block^e mod n, no padding: block must be MOD_LEN bytes and below n. */
static size_t raw_encrypt(const uint8_t block[MOD_LEN], uint8_t *out)
{
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(server_key, NULL);
    size_t n = MOD_LEN;
    if (ctx == NULL || EVP_PKEY_encrypt_init(ctx) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_NO_PADDING) != 1 ||
        EVP_PKEY_encrypt(ctx, out, &n, block, MOD_LEN) != 1)
        abort();
    EVP_PKEY_CTX_free(ctx);
    return n;
}

static void nonzero_random(uint8_t *p, size_t n)
{
    if (RAND_bytes(p, (int)n) != 1)
        abort();
    for (size_t i = 0; i < n; i++)
        if (p[i] == 0)
            p[i] = 0x5a;
}

/* A PKCS#1 v1.5 type 2 block (RFC 8017 7.2.1) around a message of
 * msg_len bytes whose first two are version. */
static void pkcs1_block(uint8_t *b, size_t msg_len, uint16_t version)
{
    size_t ps = MOD_LEN - 3 - msg_len;
    b[0] = 0x00;
    b[1] = 0x02;
    nonzero_random(b + 2, ps);
    b[2 + ps] = 0x00;
    if (RAND_bytes(b + 3 + ps, (int)msg_len) != 1)
        abort();
    if (msg_len >= 2) {
        b[3 + ps] = (uint8_t)(version >> 8);
        b[4 + ps] = (uint8_t)version;
    }
}

typedef struct bad_case {
    const char *name;
    uint8_t ct[2 * MOD_LEN];
    size_t len;
} bad_case;

/* Every case, built fresh for each run. */
static size_t build_cases(bad_case *cases)
{
    uint8_t b[MOD_LEN];
    size_t n = 0;
#define ENCRYPTED(label)                                                                           \
    do {                                                                                           \
        cases[n].name = label;                                                                     \
        cases[n].len = raw_encrypt(b, cases[n].ct);                                                \
        n++;                                                                                       \
    } while (0)

    pkcs1_block(b, 48, 0x0303);
    ENCRYPTED("well-formed, another secret (control)");
    pkcs1_block(b, 48, 0x0303);
    b[0] = 0x01;
    ENCRYPTED("first byte not 00");
    pkcs1_block(b, 48, 0x0303);
    b[1] = 0x01;
    ENCRYPTED("block type 01, not 02");
    pkcs1_block(b, 48, 0x0303);
    b[1] = 0x00;
    ENCRYPTED("block type 00");
    pkcs1_block(b, 48, 0x0303);
    b[MOD_LEN - 49] = 0x11;
    ENCRYPTED("no zero separator");
    pkcs1_block(b, MOD_LEN - 3 - 7, 0x0303);
    ENCRYPTED("padding string of 7 bytes");
    pkcs1_block(b, 47, 0x0303);
    ENCRYPTED("premaster of 47 bytes");
    pkcs1_block(b, 49, 0x0303);
    ENCRYPTED("premaster of 49 bytes");
    pkcs1_block(b, 0, 0);
    ENCRYPTED("empty premaster");
    pkcs1_block(b, 48, 0x0302);
    ENCRYPTED("version 3.2");
    pkcs1_block(b, 48, 0x0300);
    ENCRYPTED("version 3.0");
    pkcs1_block(b, 48, 0x0403);
    ENCRYPTED("version 4.3");
    if (RAND_bytes(b, MOD_LEN) != 1)
        abort();
    b[0] = 0;
    ENCRYPTED("random block");
#undef ENCRYPTED

    cases[n].name = "zero-length ciphertext";
    cases[n++].len = 0;
    pkcs1_block(b, 48, 0x0303);
    cases[n].name = "ciphertext of 255 bytes";
    cases[n].len = raw_encrypt(b, cases[n].ct) - 1;
    n++;
    cases[n].name = "ciphertext of 257 bytes";
    cases[n].ct[0] = 0;
    raw_encrypt(b, cases[n].ct + 1);
    cases[n++].len = MOD_LEN + 1;
    cases[n].name = "ciphertext of 512 bytes";
    raw_encrypt(b, cases[n].ct);
    raw_encrypt(b, cases[n].ct + MOD_LEN);
    cases[n++].len = 2 * MOD_LEN;
    cases[n].name = "ciphertext above the modulus";
    memset(cases[n].ct, 0xff, MOD_LEN);
    cases[n++].len = MOD_LEN;
    cases[n].name = "random bytes";
    if (RAND_bytes(cases[n].ct, MOD_LEN) != 1)
        abort();
    cases[n++].len = MOD_LEN;
    return n;
}

typedef struct mitm {
    const bad_case *bad; /* NULL: flip one bit of the client's own ciphertext */
    bool drop_finished;
    bool saw_ccs;
} mitm;

static void edit_cke(uint8_t type, const uint8_t *body, size_t len, lt_writer *out, void *arg)
{
    mitm *m = arg;
    if (type != LT_HS_CLIENT_KEY_EXCHANGE) {
        tamper_copy_message(type, body, len, out);
        return;
    }
    uint8_t flipped[MOD_LEN + 2];
    lt_client_key_exchange cke = {LT_MSG_KEX_RSA, lt_span_make(NULL, 0)};
    if (m->bad != NULL) {
        cke.exchange = lt_span_make(m->bad->ct, m->bad->len);
    } else {
        CHECK(len == MOD_LEN + 2);
        memcpy(flipped, body, len);
        flipped[2 + 100] ^= 0x08;
        cke.exchange = lt_span_make(flipped + 2, MOD_LEN);
    }
    lt_client_key_exchange_write(&cke, out);
}

static void tamper(int dir, size_t index, pair_record *rec, void *arg)
{
    (void)index;
    mitm *m = arg;
    if (dir != PAIR_TO_SERVER)
        return;
    if (rec->bytes[0] == LT_CT_CHANGE_CIPHER_SPEC) {
        m->saw_ccs = true;
        return;
    }
    if (m->saw_ccs && rec->bytes[0] == LT_CT_HANDSHAKE)
        rec->drop = m->drop_finished;
    else
        tamper_handshake_record(rec, edit_cke, m);
}

/* How a handshake ended, as the server and the client saw it. */
typedef struct outcome {
    latch_err code;
    char message[LT_ERROR_MESSAGE_MAX];
    const char *file;
    int line;
    int client_alert;
} outcome;

static void run(latch_config *client_cfg, latch_config *server_cfg, mitm *m, outcome *out,
                bool *quiet_before_finished)
{
    /* First with the client's Finished held back: the server must still
     * be waiting, with no error and nothing sent. */
    pair p;
    m->drop_finished = true;
    m->saw_ccs = false;
    pair_init(&p, client_cfg, server_cfg, "localhost");
    p.tamper = tamper;
    p.tamper_arg = m;
    for (int i = 0; i < 20; i++) {
        latch_conn_handshake(p.client);
        latch_conn_handshake(p.server);
        pair_pump(&p);
    }
    size_t pending;
    latch_conn_output(p.server, &pending);
    *quiet_before_finished = latch_conn_error_code(p.server) == LATCH_OK && m->saw_ccs &&
                             pending == 0 && latch_conn_peer_alert(p.client) == -1 &&
                             p.server->state == LT_ST_SERVER_READ_FINISHED;
    pair_free(&p);

    /* Then with it. */
    m->drop_finished = false;
    m->saw_ccs = false;
    pair_init(&p, client_cfg, server_cfg, "localhost");
    p.tamper = tamper;
    p.tamper_arg = m;
    CHECK(!pair_handshake(&p));
    out->code = latch_conn_error_code(p.server);
    snprintf(out->message, sizeof(out->message), "%s", latch_conn_error(p.server));
    out->file = p.server->err.file;
    out->line = p.server->err.line;
    out->client_alert = latch_conn_peer_alert(p.client);
    pair_free(&p);
}

static bool same(const outcome *a, const outcome *b)
{
    return a->code == b->code && strcmp(a->message, b->message) == 0 &&
           strcmp(a->file, b->file) == 0 && a->line == b->line &&
           a->client_alert == b->client_alert;
}

static void test_suite(const char *suite, bool etm)
{
    latch_config *server_cfg = pair_server_config("e2e/rsa2048.chain.pem", "e2e/rsa2048.key");
    CHECK(latch_config_set_ciphers(server_cfg, suite) == LATCH_OK);
    latch_config *client_cfg = pair_client_config(true);
    CHECK(latch_config_set_ciphers(client_cfg, suite) == LATCH_OK);
    CHECK(latch_config_set_encrypt_then_mac(client_cfg, etm) == LATCH_OK);

    /* Untouched, the handshake completes. */
    pair p;
    pair_init(&p, client_cfg, server_cfg, "localhost");
    CHECK(pair_handshake(&p));
    pair_free(&p);

    static bad_case cases[32];
    size_t n = build_cases(cases);
    outcome first, got;
    bool quiet;
    mitm m = {NULL, false, false};
    run(client_cfg, server_cfg, &m, &first, &quiet);
    CHECK(quiet);
    CHECK(first.code == LATCH_ERR_BAD_RECORD_MAC);
    CHECK(first.client_alert == LATCH_ALERT_BAD_RECORD_MAC);
    CHECK(strstr(first.message, "handshake record from the peer failed authentication") != NULL);
    printf("%s%s: flipped bit in the client's ciphertext -> %s (%s), %s:%d\n", suite,
           etm ? " +etm" : "", latch_err_name(first.code), first.message, first.file, first.line);
    for (size_t i = 0; i < n; i++) {
        m.bad = &cases[i];
        run(client_cfg, server_cfg, &m, &got, &quiet);
        if (!quiet || !same(&first, &got)) {
            check_fail(__FILE__, __LINE__, cases[i].name);
            fprintf(stderr, "  %s: quiet %d, %s: %s at %s:%d, alert %d\n", cases[i].name, quiet,
                    latch_err_name(got.code), got.message, got.file, got.line, got.client_alert);
        }
    }
    printf("  %zu malformed ClientKeyExchange messages ended identically, none before Finished\n",
           n);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

int main(void)
{
    FILE *f = fopen(check_data_path("e2e/rsa2048.key"), "r");
    server_key = f != NULL ? PEM_read_PrivateKey(f, NULL, NULL, NULL) : NULL;
    if (f != NULL)
        fclose(f);
    if (server_key == NULL) {
        fprintf(stderr, "cannot load e2e/rsa2048.key\n");
        return 1;
    }
    test_suite("TLS_RSA_WITH_AES_128_GCM_SHA256", true);
    test_suite("TLS_RSA_WITH_AES_256_CBC_SHA256", true);
    test_suite("TLS_RSA_WITH_AES_128_CBC_SHA", false);
    EVP_PKEY_free(server_key);
    return check_finish("rsa_premaster");
}
