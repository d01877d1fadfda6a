#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/random.h"
#include "engine13.h"
#include "engine_config.h"
#include "engine_seeds.h"
#include "tls/config.h"
#include "tls/conn.h"

/* The engine under test draws from stream 0, the peer and the harness's
 * sealing (CBC record IVs) from stream 1, so the engine alone replays. */
#define TARGET_STREAM 0
#define PEER_STREAM 1

static const fuzz_engine_case *stats_cases;
static size_t stats_count;
/* What is being recorded or replayed, for a failure's message. */
static const char *running = "";

static const char *server_name(const latch_config *cfg)
{
    return cfg->role == LATCH_CLIENT ? "localhost" : NULL;
}

/* One handshake call on conn, or once it is done a read, which takes
 * what comes after it (TLS 1.3's NewSessionTickets) and finds no
 * application data; what it sends is appended to sent. */
static void drive(latch_conn *conn, unsigned stream, lt_writer *sent)
{
    lt_random_fuzz_select(stream);
    latch_err e;
    if (!latch_conn_handshake_done(conn)) {
        e = latch_conn_handshake(conn);
    } else {
        uint8_t none[1];
        size_t got = 0;
        e = latch_conn_read(conn, none, sizeof(none), &got);
        FUZZ_CHECK(got == 0);
    }
    if (e != LATCH_OK && e != LATCH_WANT_READ && e != LATCH_WANT_WRITE)
        fprintf(stderr, "%s: the handshake failed: %s\n", running, latch_conn_error(conn));
    FUZZ_CHECK(e == LATCH_OK || e == LATCH_WANT_READ || e == LATCH_WANT_WRITE);
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
        size_t n = record_len(from->data + *pos), start = *pos;
        FUZZ_CHECK(n <= from->len - *pos);
        uint8_t type = from->data[*pos];
        if (c != NULL && c->tls13)
            fuzz_engine13_mark(c, conn, start, type);
        FUZZ_CHECK(latch_conn_feed(conn, from->data + *pos, n) == n);
        *pos += n;
        drive(conn, stream, sent);
        if (c == NULL)
            continue;
        /* The target is reading the peer's records: mark the cuts, and
         * take the peer's write keys while the target's key block lives.
         * The first flight ends before a ChangeCipherSpec in it, as a
         * server's does in an abbreviated handshake. */
        if (type == LT_CT_CHANGE_CIPHER_SPEC && c->cut[FUZZ_CUT_FIRST_FLIGHT] > start)
            c->cut[FUZZ_CUT_FIRST_FLIGHT] = start;
        if (c->tls13)
            continue;
        if (type == LT_CT_CHANGE_CIPHER_SPEC)
            c->cut[FUZZ_CUT_BEFORE_FINISHED] = *pos;
        else if (c->cut[FUZZ_CUT_BEFORE_FINISHED] != 0 && c->cut[FUZZ_CUT_AFTER_FINISHED] == 0)
            c->cut[FUZZ_CUT_AFTER_FINISHED] = *pos;
        if (c->suite == NULL && conn->hs != NULL && conn->hs->phase == LT_HS_PHASE_KEYED) {
            const lt_key_block *kb = &conn->hs->keys;
            c->peer_keys = conn->role == LATCH_CLIENT ? kb->server : kb->client;
            c->suite = conn->neg.suite;
            c->encrypt_then_mac = conn->neg.encrypt_then_mac;
        }
    }
}

/* A session for the client of a handshake between conn and the peer conn. */
static void offer_session(const fuzz_engine_case *c, latch_conn *conn)
{
    if (c->session_len > 0 && conn->role == LATCH_CLIENT)
        FUZZ_CHECK(latch_conn_set_session(conn, c->session, c->session_len) == LATCH_OK);
}

/* A fresh engine under test, in the state every run starts from (its
 * stream reset before): the case's session offered or alone in its cache. */
static latch_conn *target_conn(const fuzz_engine_case *c)
{
    if (c->target->role == LATCH_SERVER) {
        /* Not an API: the cache is the one state connections change in
         * a config. */
        lt_session_cache_free(&c->target->cache);
        lt_session_cache_init(&c->target->cache);
        if (c->cached)
            FUZZ_CHECK(lt_session_cache_put(&c->target->cache, c->target->session_cache_size,
                                            c->cached_id, &c->cached_state));
    }
    lt_random_fuzz_select(TARGET_STREAM);
    latch_conn *conn = latch_conn_new(c->target, server_name(c->target));
    FUZZ_CHECK(conn != NULL);
    offer_session(c, conn);
    return conn;
}

/* Replays a whole recording of c's peer (what) into a fresh engine: it
 * must complete. */
static void check_replay(const fuzz_engine_case *c, uint8_t *bytes, size_t len, const char *what)
{
    running = what;
    lt_random_fuzz_reset();
    latch_conn *conn = target_conn(c);
    lt_writer from = {0}, sent;
    from.data = bytes;
    from.len = len;
    lt_writer_init_growable(&sent, 0);
    size_t pos = 0;
    drive(conn, TARGET_STREAM, &sent);
    deliver(conn, TARGET_STREAM, &from, &pos, &sent, NULL);
    if (!latch_conn_handshake_done(conn))
        fprintf(stderr, "%s does not replay: %s\n", what, latch_conn_error(conn));
    FUZZ_CHECK(latch_conn_handshake_done(conn));
    FUZZ_CHECK(latch_conn_resumed(conn) == (c->session_len > 0));
    lt_writer_free(&sent);
    latch_conn_free(conn);
}

/* Runs a handshake between target and peer to completion; what the peer
 * sends is appended to from_peer, and when c is given, its cuts and keys
 * are marked as the target reads them. */
static void run_handshake(latch_conn *target, latch_conn *peer, lt_writer *from_peer,
                          fuzz_engine_case *c, const char *name)
{
    lt_writer to_peer;
    lt_writer_init_growable(&to_peer, 0);
    size_t peer_pos = 0, target_pos = 0;
    for (int round = 0; round < 16; round++) {
        drive(target, TARGET_STREAM, &to_peer);
        deliver(peer, PEER_STREAM, &to_peer, &peer_pos, from_peer, NULL);
        drive(peer, PEER_STREAM, from_peer);
        if (c != NULL && c->cut[FUZZ_CUT_FIRST_FLIGHT] == 0)
            c->cut[FUZZ_CUT_FIRST_FLIGHT] = from_peer->len;
        deliver(target, TARGET_STREAM, from_peer, &target_pos, &to_peer, c);
        if (latch_conn_handshake_done(target) && latch_conn_handshake_done(peer))
            break;
    }
    if (!latch_conn_handshake_done(target) || !latch_conn_handshake_done(peer))
        fprintf(stderr, "%s: handshake did not complete: engine: %s; peer: %s\n", name,
                latch_conn_error(target), latch_conn_error(peer));
    FUZZ_CHECK(latch_conn_handshake_done(target) && latch_conn_handshake_done(peer));
    FUZZ_CHECK(lt_writer_ok(from_peer));
    lt_writer_free(&to_peer);
}

/* The session a resumed case offers, from a full handshake between its
 * configs (for a renewed ticket, with a server that seals under the old
 * key), and the entry a server resuming by session ID cached for it. */
static void make_session(fuzz_engine_case *c, const fuzz_engine_spec *spec, latch_role role,
                         latch_config *client, latch_config *server)
{
    latch_config *issuer = spec->resume == FUZZ_TICKET_RENEWED
                               ? fuzz_engine_config(spec, LATCH_SERVER, role, true)
                               : server;
    lt_random_fuzz_reset();
    latch_conn *cc = latch_conn_new(client, server_name(client));
    latch_conn *sc = latch_conn_new(issuer, NULL);
    FUZZ_CHECK(cc != NULL && sc != NULL);
    lt_writer from_server;
    lt_writer_init_growable(&from_server, 0);
    run_handshake(cc, sc, &from_server, NULL, c->name);
    FUZZ_CHECK(latch_conn_get_session(cc, c->session, sizeof(c->session), &c->session_len) ==
               LATCH_OK);
    if (spec->resume == FUZZ_SESSION_ID) {
        FUZZ_CHECK(server->cache.slots != NULL && server->cache.slots[0].state != NULL);
        const lt_cache_entry *e = &server->cache.slots[0];
        lt_error err;
        lt_error_clear(&err);
        FUZZ_CHECK(lt_session_state_parse(e->state, e->state_len, &c->cached_state, &err));
        memcpy(c->cached_id, e->id, LT_SESSION_CACHE_ID_LEN);
        c->cached = true;
    }
    lt_writer_free(&from_server);
    latch_conn_free(cc);
    latch_conn_free(sc);
    if (issuer != server)
        latch_config_free(issuer);
}

static void name_case(fuzz_engine_case *c, const fuzz_engine_spec *spec)
{
    static const char *const auth[] = {
        "", ", client certificate optional: ", ", client certificate required: "};
    static const char *const resume[] = {"", ", resumed by ticket", ", resumed by a renewed ticket",
                                         ", resumed by session ID"};
    const char *cert = spec->client_auth == LATCH_CLIENT_CERT_NONE ? ""
                       : spec->client_cert != NULL                 ? spec->client_cert
                                                                   : "none";
    static const char *const version[] = {"", "TLS 1.3 ", "TLS 1.3 after HelloRetryRequest ",
                                          "TLS 1.3 (1.2 spoken too) "};
    char what[96];
    snprintf(what, sizeof(what), "%s%s%s%s", version[spec->version],
             spec->suite != NULL ? spec->suite : "TLS_AES_128_GCM_SHA256",
             spec->version != FUZZ_TLS12 ? " " : "",
             spec->version != FUZZ_TLS12 ? spec->group : "");
    snprintf(c->name, sizeof(c->name), "%s%s%s%s", what, auth[spec->client_auth], cert,
             resume[spec->resume]);
}

static void record(fuzz_engine_case *c, const fuzz_engine_spec *spec, latch_role role)
{
    latch_config *server = fuzz_engine_config(spec, LATCH_SERVER, role, false);
    latch_config *client = fuzz_engine_config(spec, LATCH_CLIENT, role, false);
    name_case(c, spec);
    running = c->name;
    c->tls13 = spec->version != FUZZ_TLS12;
    c->target = role == LATCH_SERVER ? server : client;
    c->peer = role == LATCH_SERVER ? client : server;
    if (spec->resume != FUZZ_FULL)
        make_session(c, spec, role, client, server);
    lt_random_fuzz_reset();
    latch_conn *target = target_conn(c);
    latch_conn *peer = latch_conn_new(c->peer, server_name(c->peer));
    FUZZ_CHECK(peer != NULL);
    offer_session(c, peer);
    lt_writer from_peer;
    lt_writer_init_growable(&from_peer, 0);
    run_handshake(target, peer, &from_peer, c, c->name);
    FUZZ_CHECK((target->neg.version == LATCH_TLS1_3) == c->tls13);
    FUZZ_CHECK(strcmp(latch_conn_cipher(target),
                      spec->suite != NULL ? spec->suite : "TLS_AES_128_GCM_SHA256") == 0);
    if (c->tls13) {
        fuzz_engine13_finish(c, target, from_peer.len);
        FUZZ_CHECK(c->hellos13 == (spec->version == FUZZ_TLS13_HRR ? 2u : 1u));
    }
    FUZZ_CHECK(latch_conn_resumed(target) == (spec->resume != FUZZ_FULL));
    FUZZ_CHECK(latch_conn_client_authenticated(target) ==
               (spec->client_auth != LATCH_CLIENT_CERT_NONE && spec->client_cert != NULL));
    FUZZ_CHECK(c->suite != NULL && c->cut[FUZZ_CUT_FIRST_FLIGHT] > 0);
    FUZZ_CHECK(c->cut[FUZZ_CUT_AFTER_FINISHED] == from_peer.len);
    c->peer_bytes = from_peer.data;
    c->peer_len = from_peer.len;
    latch_conn_free(target);
    latch_conn_free(peer);
    check_replay(c, c->peer_bytes, c->peer_len, c->name);
}

/* Appends the payload's records sealed under the peer's write state at
 * the cut: its keys once its ChangeCipherSpec is in, sequence number 1
 * once its Finished (number 0) is; TLS 1.3's as engine13.h says. */
static void seal(const fuzz_engine_case *c, unsigned cut, const uint8_t *p, size_t n,
                 lt_writer *out)
{
    lt_record_layer rl;
    lt_record_init(&rl);
    lt_error err;
    lt_error_clear(&err);
    if (c->tls13) {
        fuzz_engine13_seal_state(c, cut, &rl);
    } else if (cut >= FUZZ_CUT_BEFORE_FINISHED) {
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
        fuzz_engine13_follow(&rl, type, body, len);
    }
    lt_record_free(&rl);
}

void fuzz_engine_input(fuzz_engine_case *cases, size_t count, const uint8_t *data, size_t size)
{
    static const size_t chunks[] = {0, 1, 5, 300};
    if (size < 1)
        return;
    uint8_t options = data[0];
    size_t k = options >> 5, skip = 1;
    if (k == 7) {
        if (size < 2)
            return;
        k += data[1] % (count - 7);
        skip = 2;
    }
    fuzz_engine_case *c = &cases[k];
    unsigned cut = options >> 2 & 3;
    lt_random_fuzz_reset();
    lt_writer in;
    lt_writer_init_growable(&in, 0);
    lt_write_bytes(&in, c->peer_bytes, c->cut[cut]);
    if (options & 0x10)
        seal(c, cut, data + skip, size - skip, &in);
    else
        lt_write_bytes(&in, data + skip, size - skip);
    FUZZ_CHECK(lt_writer_ok(&in));
    c->inputs++;
    if (fuzz_engine_run(target_conn(c), in.data, in.len, chunks[options & 3]) > 0)
        c->inputs_with_data++;
    lt_writer_free(&in);
}

/* A seed that replays case k's recording (engine_seeds.h) must still
 * complete its handshake: one written before the engine's own messages
 * changed no longer does, and the fuzzer would start from a failure. */
static void check_seed(const fuzz_engine_case *c, size_t k, const char *dir)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/flight-case%zu", dir, k);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fprintf(stderr, "%s: missing; write the seeds with make fuzz-engine-seeds\n", path);
    FUZZ_CHECK(f != NULL);
    static uint8_t seed[1 << 16];
    size_t len = fread(seed, 1, sizeof(seed), f);
    FUZZ_CHECK(!ferror(f) && feof(f));
    fclose(f);
    size_t skip = k < 7 ? 1 : 2;
    FUZZ_CHECK(len >= skip);
    snprintf(path + strlen(path), sizeof(path) - strlen(path),
             " (write it again with make fuzz-engine-seeds)");
    check_replay(c, seed + skip, len - skip, path);
}

static void print_stats(void)
{
    size_t inputs = 0, with_data = 0;
    for (size_t i = 0; i < stats_count; i++) {
        const fuzz_engine_case *c = &stats_cases[i];
        fprintf(stderr, "engine case %zu (%s): inputs: %zu, of which read application data: %zu\n",
                i, c->name, c->inputs, c->inputs_with_data);
        inputs += c->inputs;
        with_data += c->inputs_with_data;
    }
    fprintf(stderr, "engine inputs: %zu, of which read application data: %zu\n", inputs, with_data);
}

void fuzz_engine_setup(fuzz_engine_case *cases, const fuzz_engine_spec *specs, size_t count,
                       latch_role role)
{
    /* Slots 0-6 and at least one case behind slot 7. */
    FUZZ_CHECK(count >= 8);
    for (size_t i = 0; i < count; i++) {
        FUZZ_CHECK((specs[i].version == FUZZ_TLS12) == (i < FUZZ_ENGINE_CASES12));
        record(&cases[i], &specs[i], role);
    }
    const char *seeds = getenv("LATCH_FUZZ_WRITE_SEEDS");
    if (seeds != NULL)
        fuzz_engine_write_seeds(cases, count, seeds);
    const char *check = getenv("LATCH_FUZZ_CHECK_SEEDS");
    for (size_t i = 0; check != NULL && i < count; i++)
        check_seed(&cases[i], i, check);
    if (getenv("LATCH_FUZZ_STATS") != NULL) {
        stats_cases = cases;
        stats_count = count;
        atexit(print_stats);
    }
}
