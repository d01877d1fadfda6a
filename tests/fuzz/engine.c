#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/random.h"
#include "tls/config.h"
#include "tls/conn.h"

/* The engine under test draws from stream 0, the peer and the harness's
 * sealing (CBC record IVs) from stream 1, so the engine alone replays. */
#define TARGET_STREAM 0
#define PEER_STREAM 1

static size_t inputs, inputs_with_data;

static const char *server_name(const latch_config *cfg)
{
    return cfg->role == LATCH_CLIENT ? "localhost" : NULL;
}

/* One handshake call on conn; what it sends is appended to sent. */
static void drive(latch_conn *conn, unsigned stream, lt_writer *sent)
{
    lt_random_fuzz_select(stream);
    if (!latch_conn_handshake_done(conn)) {
        latch_err e = latch_conn_handshake(conn);
        if (e != LATCH_OK && e != LATCH_WANT_READ && e != LATCH_WANT_WRITE)
            fprintf(stderr, "recorded handshake failed: %s\n", latch_conn_error(conn));
        FUZZ_CHECK(e == LATCH_OK || e == LATCH_WANT_READ || e == LATCH_WANT_WRITE);
    }
    size_t n;
    const uint8_t *out = latch_conn_output(conn, &n);
    lt_write_bytes(sent, out, n);
    latch_conn_output_done(conn, n);
}

/* The length of the whole record at p (its header is there). */
static size_t record_len(const uint8_t *p)
{
    return LT_RECORD_HEADER_LEN + ((size_t)p[3] << 8 | p[4]);
}

/* Delivers the records of from[*pos..) one at a time, driving conn after
 * each; what conn sends goes to sent. */
static void deliver(latch_conn *conn, unsigned stream, const lt_writer *from, size_t *pos,
                    lt_writer *sent, fuzz_engine_case *c)
{
    while (*pos < from->len) {
        FUZZ_CHECK(from->len - *pos >= LT_RECORD_HEADER_LEN);
        size_t n = record_len(from->data + *pos);
        uint8_t type = from->data[*pos];
        FUZZ_CHECK(latch_conn_feed(conn, from->data + *pos, n) == n);
        *pos += n;
        drive(conn, stream, sent);
        if (c == NULL)
            continue;
        /* The target is reading the peer's records: mark the cuts, and
         * take the peer's write keys while the target's key block lives. */
        if (type == LT_CT_CHANGE_CIPHER_SPEC)
            c->cut[FUZZ_CUT_BEFORE_FINISHED] = *pos;
        else if (c->cut[FUZZ_CUT_BEFORE_FINISHED] != 0 && c->cut[FUZZ_CUT_AFTER_FINISHED] == 0)
            c->cut[FUZZ_CUT_AFTER_FINISHED] = *pos;
        if (c->suite == NULL && conn->hs != NULL && conn->hs->keys_ready) {
            const lt_key_block *kb = &conn->hs->keys;
            c->peer_keys = conn->role == LATCH_CLIENT ? kb->server : kb->client;
            c->suite = conn->neg.suite;
            c->encrypt_then_mac = conn->neg.encrypt_then_mac;
        }
    }
}

/* Replays the whole recording into a fresh engine: it must complete. */
static void check_replay(const fuzz_engine_case *c)
{
    lt_random_fuzz_reset();
    latch_conn *conn = latch_conn_new(c->target, server_name(c->target));
    FUZZ_CHECK(conn != NULL);
    lt_writer from = {0}, sent;
    from.data = c->peer_bytes;
    from.len = c->peer_len;
    lt_writer_init_growable(&sent, 0);
    size_t pos = 0;
    drive(conn, TARGET_STREAM, &sent);
    deliver(conn, TARGET_STREAM, &from, &pos, &sent, NULL);
    if (!latch_conn_handshake_done(conn))
        fprintf(stderr, "%s: the recorded handshake does not replay: %s\n", c->name,
                latch_conn_error(conn));
    FUZZ_CHECK(latch_conn_handshake_done(conn));
    lt_writer_free(&sent);
    latch_conn_free(conn);
}

static latch_config *make_config(const fuzz_engine_spec *spec, latch_role role)
{
    latch_config *cfg = latch_config_new(role);
    FUZZ_CHECK(cfg != NULL);
    if (role == LATCH_SERVER) {
        char chain[256], key[256];
        snprintf(chain, sizeof(chain), "%s/e2e/%s.chain.pem", LATCH_FUZZ_DATA, spec->cert);
        snprintf(key, sizeof(key), "%s/e2e/%s.key", LATCH_FUZZ_DATA, spec->cert);
        FUZZ_CHECK(latch_config_add_cert_key_file(cfg, chain, key) == LATCH_OK);
    } else {
        FUZZ_CHECK(latch_config_add_ca_file(cfg, LATCH_FUZZ_DATA "/e2e/ca.pem") == LATCH_OK);
    }
    FUZZ_CHECK(latch_config_set_clock(cfg, fuzz_clock, NULL) == LATCH_OK);
    FUZZ_CHECK(latch_config_set_ciphers(cfg, spec->suite) == LATCH_OK);
    FUZZ_CHECK(latch_config_set_groups(cfg, spec->group) == LATCH_OK);
    FUZZ_CHECK(latch_config_set_encrypt_then_mac(cfg, spec->encrypt_then_mac) == LATCH_OK);
    FUZZ_CHECK(latch_config_set_alpn(cfg, "h2,http/1.1") == LATCH_OK);
    return cfg;
}

void fuzz_engine_record(fuzz_engine_case *c, const fuzz_engine_spec *spec, latch_role role)
{
    latch_config *server = make_config(spec, LATCH_SERVER);
    latch_config *client = make_config(spec, LATCH_CLIENT);
    if (role == LATCH_SERVER) {
        /* Not an API: a test's reach into the config. */
        client->sig_schemes[0] = LT_SIG_RSA_PKCS1_SHA256;
        client->sig_schemes[1] = LT_SIG_ED25519;
        client->sig_scheme_count = 2;
    }
    c->name = spec->suite;
    c->target = role == LATCH_SERVER ? server : client;
    c->peer = role == LATCH_SERVER ? client : server;
    lt_random_fuzz_reset();
    latch_conn *target = latch_conn_new(c->target, server_name(c->target));
    latch_conn *peer = latch_conn_new(c->peer, server_name(c->peer));
    FUZZ_CHECK(target != NULL && peer != NULL);
    lt_writer to_peer, from_peer;
    lt_writer_init_growable(&to_peer, 0);
    lt_writer_init_growable(&from_peer, 0);
    size_t peer_pos = 0, target_pos = 0;
    memset(c->cut, 0, sizeof(c->cut));
    c->suite = NULL;
    for (int round = 0; round < 16; round++) {
        drive(target, TARGET_STREAM, &to_peer);
        deliver(peer, PEER_STREAM, &to_peer, &peer_pos, &from_peer, NULL);
        drive(peer, PEER_STREAM, &from_peer);
        if (c->cut[FUZZ_CUT_FIRST_FLIGHT] == 0)
            c->cut[FUZZ_CUT_FIRST_FLIGHT] = from_peer.len;
        deliver(target, TARGET_STREAM, &from_peer, &target_pos, &to_peer, c);
        if (latch_conn_handshake_done(target) && latch_conn_handshake_done(peer))
            break;
    }
    if (!latch_conn_handshake_done(target) || !latch_conn_handshake_done(peer))
        fprintf(stderr, "%s: handshake did not complete: engine: %s; peer: %s\n", c->name,
                latch_conn_error(target), latch_conn_error(peer));
    FUZZ_CHECK(latch_conn_handshake_done(target) && latch_conn_handshake_done(peer));
    FUZZ_CHECK(c->suite != NULL && c->cut[FUZZ_CUT_FIRST_FLIGHT] > 0);
    FUZZ_CHECK(c->cut[FUZZ_CUT_AFTER_FINISHED] == from_peer.len);
    FUZZ_CHECK(lt_writer_ok(&from_peer));
    c->peer_bytes = from_peer.data;
    c->peer_len = from_peer.len;
    lt_writer_free(&to_peer);
    latch_conn_free(target);
    latch_conn_free(peer);
    check_replay(c);
}

/* Appends the payload's records sealed under the peer's write state at
 * the cut: its keys once its ChangeCipherSpec is in, sequence number 1
 * once its Finished (number 0) is. */
static void seal(const fuzz_engine_case *c, unsigned cut, const uint8_t *p, size_t n,
                 lt_writer *out)
{
    lt_record_layer rl;
    lt_record_init(&rl);
    lt_error err;
    lt_error_clear(&err);
    if (cut >= FUZZ_CUT_BEFORE_FINISHED) {
        const lt_write_keys *k = &c->peer_keys;
        bool ok = c->suite->aead ? lt_record_set_aead(&rl, LT_RECORD_WRITE, c->suite->aead_alg,
                                                      k->key, k->iv, k->iv_len, &err)
                                 : lt_record_set_cbc(&rl, LT_RECORD_WRITE, c->suite->cbc_alg,
                                                     c->suite->mac_hash, k->key, k->mac_key,
                                                     c->encrypt_then_mac, &err);
        FUZZ_CHECK(ok);
        rl.write.seq = cut == FUZZ_CUT_AFTER_FINISHED ? 1 : 0;
    }
    lt_random_fuzz_select(PEER_STREAM);
    lt_reader r = lt_reader_make(p, n);
    uint8_t type;
    while (lt_read_u8(&r, &type)) {
        uint16_t len = 0;
        if (!lt_read_u16(&r, &len) || len > lt_reader_left(&r))
            len = (uint16_t)(lt_reader_left(&r) < UINT16_MAX ? lt_reader_left(&r) : UINT16_MAX);
        const uint8_t *body;
        FUZZ_CHECK(lt_read_bytes(&r, len, &body));
        if (!lt_record_seal(&rl, (lt_content_type)type, body, len, out, &err))
            break;
    }
    lt_record_free(&rl);
}

void fuzz_engine_input(const fuzz_engine_case *c, const uint8_t *data, size_t size)
{
    static const size_t chunks[] = {0, 1, 5, 300};
    if (size < 1)
        return;
    uint8_t options = data[0];
    unsigned cut = options >> 2 & 3;
    lt_random_fuzz_reset();
    lt_writer in;
    lt_writer_init_growable(&in, 0);
    lt_write_bytes(&in, c->peer_bytes, c->cut[cut]);
    if (options & 0x10)
        seal(c, cut, data + 1, size - 1, &in);
    else
        lt_write_bytes(&in, data + 1, size - 1);
    FUZZ_CHECK(lt_writer_ok(&in));
    lt_random_fuzz_select(TARGET_STREAM);
    latch_conn *conn = latch_conn_new(c->target, server_name(c->target));
    inputs++;
    if (fuzz_engine_run(conn, in.data, in.len, chunks[options & 3]) > 0)
        inputs_with_data++;
    lt_writer_free(&in);
}

static void print_stats(void)
{
    fprintf(stderr, "engine inputs: %zu, of which read application data: %zu\n", inputs,
            inputs_with_data);
}

void fuzz_engine_stats_at_exit(void)
{
    if (getenv("LATCH_FUZZ_STATS") != NULL)
        atexit(print_stats);
}
