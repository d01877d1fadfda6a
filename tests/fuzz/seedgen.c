/*
 * Writes the fuzz targets' seed corpora (tests/fuzz/corpus/<target>/)
 * from the project's own fixtures and from handshakes between two latch
 * engines in memory. Run from the top of the tree, as `make fuzz-seeds`
 * does:  fuzz_seedgen tests/fuzz/corpus
 *
 * - messages: the .hex files of tests/data/msgs (real OpenSSL, GnuTLS and curl
 *   messages) without their handshake headers, and the extensions blocks
 *   of the hellos; the messages those captures lack are written with the
 *   library's own writers;
 * - certificates, DER and PEM: tests/data/x509 and tests/data/e2e;
 * - records, reassembly and the engines: what each side sent in
 *   handshakes between a latch client and a latch server, and records
 *   sealed under the fixed keys of record_keys.h.
 *
 * The engines' flight-case* seeds, each case's recorded handshake whole,
 * and the TLS 1.3 cases' flight13-case* and cookie-case* come from the
 * fuzz build itself (engine_seeds.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/writer.h"
#include "check.h"
#include "engine.h"
#include "pair.h"
#include "record_keys.h"
#include "tls/msg.h"
#include "tls/msg13.h"
#include "tls/record.h"
#include "tls/record13.h"
#include "x509/pem.h"

static const char *corpus_dir;

static void make_dir(const char *path)
{
    if (mkdir(path, 0755) != 0 && errno != EEXIST) {
        perror(path);
        exit(1);
    }
}

static void put(const char *target, const char *name, const uint8_t *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", corpus_dir, target);
    make_dir(path);
    snprintf(path, sizeof(path), "%s/%s/%s", corpus_dir, target, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

static void put_writer(const char *target, const char *name, const lt_writer *w)
{
    if (!lt_writer_ok(w)) {
        fprintf(stderr, "%s/%s: write failed\n", target, name);
        exit(1);
    }
    put(target, name, w->data, w->len);
}

/* A whole message from tests/data/msgs (its first line is a comment). */
static uint8_t *read_message(const char *file, size_t *len)
{
    char name[256];
    snprintf(name, sizeof(name), "msgs/%s.hex", file);
    size_t text_len;
    uint8_t *text = check_read_file(check_data_path(name), &text_len);
    char *hex = strchr((char *)text, '\n');
    uint8_t *msg = check_hex_alloc(hex != NULL ? hex : "", len);
    free(text);
    if (*len < LT_HS_HEADER_LEN) {
        fprintf(stderr, "%s: not a handshake message\n", name);
        exit(1);
    }
    return msg;
}

/* The extensions block (after its u16 length) of a hello body. */
static lt_reader hello_extensions(const uint8_t *body, size_t len, bool client)
{
    lt_reader r = lt_reader_make(body, len), skip, ext = lt_reader_make(NULL, 0);
    bool ok = lt_read_skip(&r, 2 + LT_RANDOM_LEN) && lt_read_block8(&r, &skip);
    if (client)
        ok = ok && lt_read_block16(&r, &skip) && lt_read_block8(&r, &skip);
    else
        ok = ok && lt_read_skip(&r, 3);
    if (!ok || !lt_read_block16(&r, &ext)) {
        fprintf(stderr, "a captured hello has no extensions block\n");
        exit(1);
    }
    return ext;
}

/* The reader interpreter's ops walking a ClientHello: client_version,
 * random, session_id, then into cipher_suites for three suites and out,
 * compression_methods, into extensions for a type and a body, a peek and
 * a skip past the end. */
static void reader_seed(const uint8_t *hello, size_t len)
{
    static const uint8_t ops[] = {0x08, 2, 32, 1, 9, 0x08, 0x08, 0x08, 7, 1, 9, 0x08, 9, 3, 4};
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_write_u8(&w, sizeof(ops));
    lt_write_bytes(&w, ops, sizeof(ops));
    lt_write_bytes(&w, hello, len);
    put_writer("reader", "client_hello_walk", &w);
    lt_writer_free(&w);
}

static void captured_messages(void)
{
    static const struct {
        const char *file;
        const char *target;
    } msgs[] = {
        {"openssl_client_hello", "client_hello"},
        {"gnutls_client_hello", "client_hello"},
        {"curl_client_hello", "client_hello"},
        {"openssl_server_hello", "server_hello"},
        {"openssl_certificate", "certificate"},
        {"openssl_certificate_request", "certificate_request"},
        {"openssl_server_key_exchange", "server_key_exchange"},
        {"openssl_dhe_server_key_exchange", "server_key_exchange"},
        {"openssl_client_key_exchange", "client_key_exchange"},
        {"openssl_dhe_client_key_exchange", "client_key_exchange"},
        {"openssl_rsa_client_key_exchange", "client_key_exchange"},
        {"openssl_new_session_ticket", "new_session_ticket"},
    };
    lt_writer flight;
    lt_writer_init_growable(&flight, 0);
    lt_write_u8(&flight, 0);
    for (size_t i = 0; i < sizeof(msgs) / sizeof(msgs[0]); i++) {
        size_t len;
        uint8_t *msg = read_message(msgs[i].file, &len);
        const uint8_t *body = msg + LT_HS_HEADER_LEN;
        size_t body_len = len - LT_HS_HEADER_LEN;
        put(msgs[i].target, msgs[i].file, body, body_len);
        if (i == 0)
            reader_seed(body, body_len);
        bool hello = strcmp(msgs[i].target, "client_hello") == 0;
        if (hello || strcmp(msgs[i].target, "server_hello") == 0) {
            lt_reader ext = hello_extensions(body, body_len, hello);
            put("extensions", msgs[i].file, lt_reader_data(&ext), lt_reader_left(&ext));
        }
        /* For reassembly: every message, cut into 100-byte records. */
        for (size_t off = 0; off < len; off += 100) {
            size_t n = len - off < 100 ? len - off : 100;
            lt_write_u16(&flight, (uint16_t)n);
            lt_write_bytes(&flight, msg + off, n);
        }
        free(msg);
    }
    put_writer("reassembly", "captured_messages", &flight);
    lt_writer_free(&flight);
}

/* The messages no capture holds, from the library's writers. */
static void written_messages(void)
{
    lt_writer w;
    lt_writer_init_growable(&w, 0);

    lt_finished fin;
    for (size_t i = 0; i < LT_VERIFY_DATA_LEN; i++)
        fin.verify_data[i] = (uint8_t)(0x10 + i);
    lt_finished_write(&fin, &w);
    put("finished", "verify_data", w.data + LT_HS_HEADER_LEN, w.len - LT_HS_HEADER_LEN);

    size_t sig_len;
    uint8_t *sig = check_read_file(check_data_path("crypto/p256.ecdsa_sha256.sig"), &sig_len);
    lt_certificate_verify cv = {{0x0403, lt_span_make(sig, sig_len)}};
    lt_writer_reset(&w);
    lt_certificate_verify_write(&cv, &w);
    put("certificate_verify", "ecdsa_secp256r1_sha256", w.data + LT_HS_HEADER_LEN,
        w.len - LT_HS_HEADER_LEN);
    free(sig);

    /* An OCSPResponse is DER; latch does not read it yet, so any will do. */
    size_t der_len;
    uint8_t *der = check_read_file(check_data_path("crypto/p256.spki.der"), &der_len);
    lt_certificate_status cs = {LT_STATUS_TYPE_OCSP, lt_span_make(der, der_len)};
    lt_writer_reset(&w);
    lt_certificate_status_write(&cs, &w);
    put("certificate_status", "ocsp", w.data + LT_HS_HEADER_LEN, w.len - LT_HS_HEADER_LEN);
    free(der);
    lt_writer_free(&w);
}

/* Hellos with record_size_limit (RFC 8449) and max_fragment_length (RFC
 * 6066 4), for the hello and extensions targets: a client offering both,
 * and a server answering each. */
static void record_limit_hellos(void)
{
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    static const uint16_t suites[] = {0xc02b, 0xc02f};
    static const uint8_t null_compression[1] = {0};
    lt_client_hello ch;
    memset(&ch, 0, sizeof(ch));
    ch.version = 0x0303;
    memcpy(ch.cipher_suites, suites, sizeof(suites));
    ch.cipher_suites_count = 2;
    ch.compression_methods = lt_span_make(null_compression, 1);
    ch.ext.record_size_limit.present = true;
    ch.ext.record_size_limit.limit = 1024;
    ch.ext.max_fragment_length.present = true;
    ch.ext.max_fragment_length.value = LT_MAX_FRAGMENT_2048;
    lt_client_hello_write(&ch, &w);
    put("client_hello", "record_limits", w.data + LT_HS_HEADER_LEN, w.len - LT_HS_HEADER_LEN);
    lt_reader ext = hello_extensions(w.data + LT_HS_HEADER_LEN, w.len - LT_HS_HEADER_LEN, true);
    put("extensions", "record_limits_client", lt_reader_data(&ext), lt_reader_left(&ext));

    for (int mfl = 0; mfl < 2; mfl++) {
        lt_server_hello sh;
        memset(&sh, 0, sizeof(sh));
        sh.version = 0x0303;
        sh.cipher_suite = 0xc02b;
        sh.ext.record_size_limit.present = !mfl;
        sh.ext.record_size_limit.limit = 16384;
        sh.ext.max_fragment_length.present = mfl;
        sh.ext.max_fragment_length.value = LT_MAX_FRAGMENT_512;
        lt_writer_reset(&w);
        lt_server_hello_write(&sh, &w);
        const char *name = mfl ? "max_fragment_length" : "record_size_limit";
        put("server_hello", name, w.data + LT_HS_HEADER_LEN, w.len - LT_HS_HEADER_LEN);
    }
    lt_writer_free(&w);
}

/* Certificates as DER (for cert and der), and PEM files as they are. */
static void certificates(void)
{
    static const char *const pems[] = {
        "x509/ec256-leaf.pem",      "x509/name-constraints.pem", "x509/ku-all.pem",
        "x509/ed25519.pem",         "e2e/rsa2048.chain.pem",     "pss/pss.chain.pem",
        "pss/pss-sha256.chain.pem",
    };
    /* The DER interpreter's ops: into the certificate SEQUENCE, into
     * tbsCertificate, [0] version, then serial, AlgorithmIdentifier (into,
     * OID, NULL, out), issuer Name, validity (into, two times, out), and
     * the subject Name. */
    static const uint8_t der_ops[] = {0,    0, 0,  0, 17, 0, 0xff, 4, 0,  0, 0,    13, 0,  8, 0,
                                      0xff, 0, 18, 0, 0,  0, 16,   0, 16, 0, 0xff, 0,  18, 0};
    for (size_t i = 0; i < sizeof(pems) / sizeof(pems[0]); i++) {
        size_t len;
        uint8_t *text = check_read_file(check_data_path(pems[i]), &len);
        const char *name = strchr(pems[i], '/') + 1;
        put("pem", name, text, len);
        lt_pem_iter it;
        lt_pem_iter_init(&it, text, len);
        lt_pem_block block;
        bool found;
        lt_error err;
        lt_error_clear(&err);
        for (int n = 0; lt_pem_next(&it, "CERTIFICATE", &block, &found, &err) && found; n++) {
            char seed[128];
            snprintf(seed, sizeof(seed), "%.*s-%d.der", (int)(strlen(name) - 4), name, n);
            put("cert", seed, block.der, block.der_len);
            lt_writer w;
            lt_writer_init_growable(&w, 0);
            lt_write_u8(&w, sizeof(der_ops));
            lt_write_bytes(&w, der_ops, sizeof(der_ops));
            lt_write_bytes(&w, block.der, block.der_len);
            put_writer("der", seed, &w);
            lt_writer_free(&w);
            lt_pem_block_free(&block);
        }
        free(text);
    }
    static const char *const keys[] = {"x509/key-ec-sec1.pem", "x509/key-pkcs8.pem",
                                       "x509/key-rsa-pkcs1.pem", "x509/key-encrypted-legacy.pem"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        size_t len;
        uint8_t *text = check_read_file(check_data_path(keys[i]), &len);
        put("pem", strchr(keys[i], '/') + 1, text, len);
        free(text);
    }
}

/* CRLs (DER and PEM) and OCSP responses as tests/data/verify holds them. */
static void revocation(void)
{
    static const struct {
        const char *file;
        const char *target;
    } files[] = {
        {"verify/crl-int.der", "crl"},           {"verify/crl-root.pem", "crl"},
        {"verify/crl-int-empty.pem", "crl"},     {"verify/ocsp-good.der", "ocsp"},
        {"verify/ocsp-revoked.der", "ocsp"},     {"verify/ocsp-delegated.der", "ocsp"},
        {"verify/ocsp-good-sha256.der", "ocsp"},
    };
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        size_t len;
        uint8_t *data = check_read_file(check_data_path(files[i].file), &len);
        put(files[i].target, strchr(files[i].file, '/') + 1, data, len);
        free(data);
    }
}

/* What one side sent during a handshake, whole records as on the wire. */
typedef struct capture {
    lt_writer stream[2];
    lt_writer hs_records[2]; /* plaintext handshake records, u16-length framed */
    bool ccs[2];
} capture;

static void record_seen(int dir, size_t index, pair_record *rec, void *arg)
{
    (void)index;
    capture *c = arg;
    lt_write_bytes(&c->stream[dir], rec->bytes, rec->len);
    if (rec->bytes[0] == LT_CT_CHANGE_CIPHER_SPEC)
        c->ccs[dir] = true;
    if (rec->bytes[0] == LT_CT_HANDSHAKE && !c->ccs[dir]) {
        lt_write_u16(&c->hs_records[dir], (uint16_t)(rec->len - LT_RECORD_HEADER_LEN));
        lt_write_bytes(&c->hs_records[dir], rec->bytes + LT_RECORD_HEADER_LEN,
                       rec->len - LT_RECORD_HEADER_LEN);
    }
}

/* One handshake, written as seeds for the engines, records and reassembly. */
static void handshake(const char *name, const char *cert, const char *ciphers, const char *groups)
{
    char chain[128], key[128];
    snprintf(chain, sizeof(chain), "e2e/%s.chain.pem", cert);
    snprintf(key, sizeof(key), "e2e/%s.key", cert);
    latch_config *server_cfg = pair_server_config(chain, key);
    latch_config *client_cfg = pair_client_config(true);
    if ((ciphers != NULL && (latch_config_set_ciphers(client_cfg, ciphers) != LATCH_OK ||
                             latch_config_set_ciphers(server_cfg, ciphers) != LATCH_OK)) ||
        (groups != NULL && (latch_config_set_groups(client_cfg, groups) != LATCH_OK ||
                            latch_config_set_groups(server_cfg, groups) != LATCH_OK))) {
        fprintf(stderr, "%s: bad cipher or group list\n", name);
        exit(1);
    }

    capture c;
    memset(&c, 0, sizeof(c));
    for (int d = 0; d < 2; d++) {
        lt_writer_init_growable(&c.stream[d], 0);
        lt_writer_init_growable(&c.hs_records[d], 0);
        lt_write_u8(&c.hs_records[d], 0);
    }
    lt_write_u8(&c.stream[PAIR_TO_SERVER], 0);
    lt_write_u8(&c.stream[PAIR_TO_CLIENT], 0);
    pair p;
    pair_init(&p, client_cfg, server_cfg, "localhost");
    p.tamper = record_seen;
    p.tamper_arg = &c;
    if (!pair_handshake(&p)) {
        fprintf(stderr, "%s: handshake failed: client: %s; server: %s\n", name,
                latch_conn_error(p.client), latch_conn_error(p.server));
        exit(1);
    }
    put_writer("engine_server", name, &c.stream[PAIR_TO_SERVER]);
    put_writer("engine_client", name, &c.stream[PAIR_TO_CLIENT]);
    /* The record target reads the same streams; its options byte 1
     * accepts hello versions, as a server does at first. */
    c.stream[PAIR_TO_SERVER].data[0] = 1;
    char seed[128];
    snprintf(seed, sizeof(seed), "%s-to-server", name);
    put_writer("record", seed, &c.stream[PAIR_TO_SERVER]);
    put_writer("reassembly", seed, &c.hs_records[PAIR_TO_SERVER]);
    snprintf(seed, sizeof(seed), "%s-to-client", name);
    put_writer("record", seed, &c.stream[PAIR_TO_CLIENT]);
    put_writer("reassembly", seed, &c.hs_records[PAIR_TO_CLIENT]);
    for (int d = 0; d < 2; d++) {
        lt_writer_free(&c.stream[d]);
        lt_writer_free(&c.hs_records[d]);
    }
    pair_free(&p);
    latch_config_free(client_cfg);
    latch_config_free(server_cfg);
}

static void put_record(lt_writer *w, uint8_t type, const uint8_t *data, size_t len)
{
    lt_write_u8(w, type);
    lt_write_u16(w, (uint16_t)len);
    lt_write_bytes(w, data, len);
}

static const uint8_t request[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
static const uint8_t close_notify[] = {1, 0};

/* After a TLS 1.2 handshake: a request, a HelloRequest (refused
 * politely), a stray ChangeCipherSpec, close_notify. */
static void payload12(lt_writer *w)
{
    static const uint8_t hello_request[] = {LT_HS_HELLO_REQUEST, 0, 0, 0};
    static const uint8_t ccs[] = {1};
    put_record(w, LT_CT_APPLICATION_DATA, request, sizeof(request) - 1);
    put_record(w, LT_CT_HANDSHAKE, hello_request, sizeof(hello_request));
    put_record(w, LT_CT_CHANGE_CIPHER_SPEC, ccs, sizeof(ccs));
    put_record(w, LT_CT_ALERT, close_notify, sizeof(close_notify));
}

/* After a TLS 1.3 handshake: a request, a server's NewSessionTicket to a
 * client, a KeyUpdate that asks for one back (the harness seals what
 * follows under the next secret), another request, close_notify. */
static void payload13(lt_writer *w, bool to_client)
{
    static const uint8_t nonce[] = {7}, ticket[32] = {1, 2, 3, 4};
    put_record(w, LT_CT_APPLICATION_DATA, request, sizeof(request) - 1);
    lt_writer msg;
    lt_writer_init_growable(&msg, 0);
    if (to_client) {
        lt_new_session_ticket13 t = {.lifetime = 7200,
                                     .age_add = 0x01020304,
                                     .nonce = lt_span_make(nonce, sizeof(nonce)),
                                     .ticket = lt_span_make(ticket, sizeof(ticket))};
        lt_new_session_ticket13_write(&t, &msg);
        put_record(w, LT_CT_HANDSHAKE, msg.data, msg.len);
        lt_writer_reset(&msg);
    }
    lt_key_update_write(LT_KEY_UPDATE_REQUESTED, &msg);
    if (!lt_writer_ok(&msg)) {
        fprintf(stderr, "writing TLS 1.3 post-handshake messages failed\n");
        exit(1);
    }
    put_record(w, LT_CT_HANDSHAKE, msg.data, msg.len);
    lt_writer_free(&msg);
    put_record(w, LT_CT_APPLICATION_DATA, request, sizeof(request) - 1);
    put_record(w, LT_CT_ALERT, close_notify, sizeof(close_notify));
}

/* Payloads for the engine targets to seal after the recorded handshake
 * (tests/fuzz/engine.h): options 0x1c | slot << 5 is every byte at once,
 * after the peer's Finished (and a TLS 1.3 server's tickets), sealed;
 * slot 7 and a byte for the cases from 7 on. TLS 1.3's come 5 bytes at
 * a time (0x1e), so that the engine reads on after answering the
 * KeyUpdate. The keys live in the fuzz build, so these are plaintext
 * records: [type][u16 length][bytes]. */
static void engine_seeds(void)
{
    static const char *const targets[] = {"engine_client", "engine_server"};
    const fuzz_engine_spec *const specs[] = {fuzz_engine_client_specs, fuzz_engine_server_specs};
    for (uint8_t k = 0; k < FUZZ_ENGINE_CASES; k++) {
        for (size_t t = 0; t < 2; t++) {
            lt_writer w;
            lt_writer_init_growable(&w, 0);
            bool tls13 = specs[t][k].version != FUZZ_TLS12;
            lt_write_u8(&w, (uint8_t)((tls13 ? 0x1e : 0x1c) | (k < 7 ? k : 7) << 5));
            if (k >= 7)
                lt_write_u8(&w, (uint8_t)(k - 7));
            if (tls13)
                payload13(&w, t == 0);
            else
                payload12(&w);
            char name[32];
            snprintf(name, sizeof(name), "sealed-case%u", k);
            put_writer(targets[t], name, &w);
            lt_writer_free(&w);
        }
    }
}

/* Records that open under fuzz_record_aead's fixed keys, one stream per AEAD. */
static void sealed_records(void)
{
    static const char *const names[] = {"aes128gcm", "aes256gcm", "chacha20poly1305"};
    static const uint8_t finished[] = {
        LT_HS_FINISHED, 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    static const uint8_t data[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    static const uint8_t alert[] = {1, 0};
    for (size_t i = 0; i < 3; i++) {
        lt_aead_alg alg = FUZZ_RECORD_ALGS[i];
        lt_record_layer rl;
        lt_record_init(&rl);
        lt_error err;
        lt_error_clear(&err);
        lt_writer w;
        lt_writer_init_growable(&w, 0);
        lt_write_u8(&w, (uint8_t)(i << 4));
        bool ok = lt_record_set_aead(&rl, LT_RECORD_WRITE, alg, FUZZ_RECORD_KEY, FUZZ_RECORD_IV,
                                     fuzz_record_iv_len(alg), &err) &&
                  lt_record_seal(&rl, LT_CT_HANDSHAKE, finished, sizeof(finished), &w, &err) &&
                  lt_record_seal(&rl, LT_CT_APPLICATION_DATA, data, sizeof(data) - 1, &w, &err) &&
                  lt_record_seal(&rl, LT_CT_ALERT, alert, sizeof(alert), &w, &err);
        if (!ok) {
            fprintf(stderr, "sealing %s records: %s\n", names[i], err.message);
            exit(1);
        }
        put_writer("record_aead", names[i], &w);
        /* The same records opened into a caller's buffer. */
        char into[64];
        snprintf(into, sizeof(into), "%s-into", names[i]);
        w.data[0] |= 0x40;
        put_writer("record_aead", into, &w);
        lt_writer_free(&w);
        lt_record_free(&rl);
    }
}

/* Records that open under fuzz_record13's fixed secret, one stream per
 * AEAD, unpadded and padded, after an unprotected ChangeCipherSpec. */
static void sealed_records13(void)
{
    static const char *const names[] = {"aes128gcm", "aes256gcm", "chacha20poly1305"};
    static const uint8_t ccs[] = {LT_CT_CHANGE_CIPHER_SPEC, 3, 3, 0, 1, 1};
    static const uint8_t finished[36] = {LT_HS_FINISHED, 0, 0, 32, 1, 2, 3, 4, 5, 6, 7, 8};
    static const uint8_t data[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
    static const uint8_t alert[] = {1, 0};
    for (size_t i = 0; i < 6; i++) {
        lt_aead_alg alg = FUZZ_RECORD_ALGS[i % 3];
        bool padded = i >= 3;
        lt_record_layer rl;
        lt_record_init(&rl);
        rl.pad_multiple = padded ? 64 : 0;
        lt_error err;
        lt_error_clear(&err);
        lt_writer w;
        lt_writer_init_growable(&w, 0);
        lt_write_u8(&w, (uint8_t)((i % 3) << 4 | (padded ? 0x08 : 0)));
        lt_write_bytes(&w, ccs, sizeof(ccs));
        bool ok = lt_record_set_tls13(&rl, LT_RECORD_WRITE, fuzz_record13_hash(alg), alg,
                                      FUZZ_RECORD13_SECRET, &err) &&
                  lt_record_seal(&rl, LT_CT_HANDSHAKE, finished, sizeof(finished), &w, &err) &&
                  lt_record_seal(&rl, LT_CT_APPLICATION_DATA, data, sizeof(data) - 1, &w, &err) &&
                  lt_record_seal(&rl, LT_CT_ALERT, alert, sizeof(alert), &w, &err);
        if (!ok) {
            fprintf(stderr, "sealing TLS 1.3 %s records: %s\n", names[i % 3], err.message);
            exit(1);
        }
        char name[64];
        snprintf(name, sizeof(name), "%s%s", names[i % 3], padded ? "-padded" : "");
        put_writer("record13", name, &w);
        snprintf(name, sizeof(name), "%s%s-into", names[i % 3], padded ? "-padded" : "");
        w.data[0] |= 0x40;
        put_writer("record13", name, &w);
        lt_writer_free(&w);
        lt_record_free(&rl);
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s <corpus directory>\n", argv[0]);
        return 2;
    }
    corpus_dir = argv[1];
    make_dir(corpus_dir);
    captured_messages();
    written_messages();
    record_limit_hellos();
    certificates();
    revocation();
    /* For the engines, options byte 0: all bytes at once from the start,
     * raw, the first case. */
    handshake("ecdhe-ecdsa", "ecdsa-p256", NULL, NULL);
    handshake("ecdhe-rsa-chacha", "rsa2048", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
              "secp384r1");
    sealed_records();
    sealed_records13();
    engine_seeds();
    return 0;
}
