/*
 * Checks latch's TLS 1.2 key schedule against a real handshake between
 * openssl s_client and openssl s_server, recorded on loopback by
 * record_relay.py (driven by test_keysched_openssl.sh).
 *
 *   interop_keysched_check C2S S2C KEYLOG LINE [--reply TEXT] [--ems yes|no]
 *                          [--pre-master FILE]
 *
 * C2S and S2C are the bytes each side sent; KEYLOG is s_client's key log,
 * whose CLIENT_RANDOM line gives the master secret. The program takes the
 * randoms from the hellos, derives the key block with latch, opens every
 * encrypted record with lt_aead_open, checks both Finished messages
 * against lt_finished_verify_data over the transcript rebuilt from the
 * plaintext handshake records, and checks that the client's application
 * data is LINE and a newline (and the server's is TEXT, with --reply).
 * With --pre-master (RSA key exchange, decrypted by the script with the
 * server's key) it also derives the master secret itself, plain or
 * extended as negotiated, and compares it with the key log's.
 *
 *   interop_keysched_check --rsa-cke C2S OUT
 *
 * writes the encrypted pre-master secret from the ClientKeyExchange to OUT.
 *
 * It prints what it checked and exits non-zero on any mismatch.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/reader.h"
#include "base/writer.h"
#include "check.h"
#include "crypto/cipher.h"
#include "crypto/hash.h"
#include "tls/keysched.h"
#include "tls/suites.h"

#define MAX_RECORDS 64
#define MAX_MESSAGES 16
#define MAX_PLAINTEXT 16384

enum {
    CT_CHANGE_CIPHER_SPEC = 20,
    CT_ALERT = 21,
    CT_HANDSHAKE = 22,
    CT_APPLICATION_DATA = 23,
};

enum {
    HS_CLIENT_HELLO = 1,
    HS_SERVER_HELLO = 2,
    HS_SERVER_HELLO_DONE = 14,
    HS_CLIENT_KEY_EXCHANGE = 16,
    HS_FINISHED = 20,
};

#define EXT_EXTENDED_MASTER_SECRET 0x0017 /* RFC 7627 5.1 */

typedef struct record {
    uint8_t type;
    uint16_t version;
    const uint8_t *body;
    size_t len;
} record;

typedef struct message {
    uint8_t type;
    const uint8_t *whole; /* header and body, as hashed into the transcript */
    size_t whole_len;
    lt_reader body;
} message;

/* What one side sent: its records, and its handshake messages in the clear. */
typedef struct side {
    const char *name;
    uint8_t *wire;
    record records[MAX_RECORDS];
    size_t n_records;
    size_t after_ccs; /* index of the first record after ChangeCipherSpec */
    lt_writer clear_hs;
    message msgs[MAX_MESSAGES];
    size_t n_msgs;
} side;

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("FAIL: ", stdout);
    vprintf(fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
    exit(1);
}

static void must(bool ok, const lt_error *err, const char *what)
{
    if (!ok)
        die("%s: %s", what, err->message);
}

static void print_hex(const char *label, const uint8_t *p, size_t n)
{
    printf("%s", label);
    for (size_t i = 0; i < n; i++)
        printf("%02x", p[i]);
    printf("\n");
}

/* Frames the recorded bytes into records and gathers the plaintext
 * handshake bytes sent before ChangeCipherSpec. */
static void load_side(side *s, const char *name, const char *path)
{
    size_t len;
    s->name = name;
    s->wire = check_read_file(path, &len);
    lt_reader r = lt_reader_make(s->wire, len);
    while (!lt_reader_done(&r)) {
        record *rec = &s->records[s->n_records];
        lt_reader body;
        if (s->n_records == MAX_RECORDS)
            die("%s sent more than %d records", name, MAX_RECORDS);
        if (!lt_read_u8(&r, &rec->type) || !lt_read_u16(&r, &rec->version) ||
            !lt_read_block16(&r, &body))
            die("%s's bytes end inside a record", name);
        rec->body = lt_reader_data(&body);
        rec->len = lt_reader_left(&body);
        s->n_records++;
    }

    lt_writer_init_growable(&s->clear_hs, 1 << 20);
    size_t i = 0;
    for (; i < s->n_records && s->records[i].type != CT_CHANGE_CIPHER_SPEC; i++) {
        if (s->records[i].type == CT_HANDSHAKE)
            lt_write_bytes(&s->clear_hs, s->records[i].body, s->records[i].len);
    }
    if (i == s->n_records)
        die("%s never sent ChangeCipherSpec", name);
    s->after_ccs = i + 1;

    lt_reader hs = lt_reader_make(s->clear_hs.data, s->clear_hs.len);
    while (!lt_reader_done(&hs)) {
        message *m = &s->msgs[s->n_msgs];
        if (s->n_msgs == MAX_MESSAGES)
            die("%s sent more than %d handshake messages", name, MAX_MESSAGES);
        m->whole = lt_reader_data(&hs);
        if (!lt_read_u8(&hs, &m->type) || !lt_read_block24(&hs, &m->body))
            die("%s's handshake bytes end inside a message", name);
        m->whole_len = (size_t)(lt_reader_data(&hs) - m->whole);
        s->n_msgs++;
    }
    printf("%s: %zu records, %zu plaintext handshake messages\n", name, s->n_records, s->n_msgs);
}

static void free_side(side *s)
{
    lt_writer_free(&s->clear_hs);
    free(s->wire);
}

/* Takes the random, the chosen suite (ServerHello) and whether the
 * extended_master_secret extension is present from a hello. */
static void parse_hello(const message *m, bool is_client, uint8_t random[LT_RANDOM_LEN],
                        uint16_t *suite, bool *ems)
{
    lt_reader r = m->body, skip, exts;
    uint16_t version;
    uint8_t compression;
    bool ok = lt_read_u16(&r, &version) && lt_read_copy(&r, random, LT_RANDOM_LEN) &&
              lt_read_block8(&r, &skip);
    if (is_client)
        ok = ok && lt_read_block16(&r, &skip) && lt_read_block8(&r, &skip);
    else
        ok = ok && lt_read_u16(&r, suite) && lt_read_u8(&r, &compression);
    if (!ok)
        die("malformed %s", is_client ? "ClientHello" : "ServerHello");
    *ems = false;
    if (lt_reader_done(&r))
        return;
    if (!lt_read_block16(&r, &exts) || !lt_reader_done(&r))
        die("malformed extensions in the %s", is_client ? "ClientHello" : "ServerHello");
    while (!lt_reader_done(&exts)) {
        uint16_t type;
        lt_reader data;
        if (!lt_read_u16(&exts, &type) || !lt_read_block16(&exts, &data))
            die("malformed extension in the %s", is_client ? "ClientHello" : "ServerHello");
        if (type == EXT_EXTENDED_MASTER_SECRET)
            *ems = true;
    }
}

/* The master secret the key log gives for this client random. */
static void keylog_master(const char *path, const uint8_t client_random[LT_RANDOM_LEN],
                          uint8_t master[LT_MASTER_SECRET_LEN])
{
    char want[2 * LT_RANDOM_LEN + 1];
    for (size_t i = 0; i < LT_RANDOM_LEN; i++)
        snprintf(want + 2 * i, 3, "%02x", client_random[i]);
    size_t len;
    char *log = (char *)check_read_file(path, &len);
    const char *prefix = "CLIENT_RANDOM ";
    for (char *line = strtok(log, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        char hex[2 * LT_MASTER_SECRET_LEN + 1];
        if (strncmp(line, prefix, strlen(prefix)) != 0)
            continue;
        line += strlen(prefix);
        if (strncmp(line, want, 2 * LT_RANDOM_LEN) != 0 || line[2 * LT_RANDOM_LEN] != ' ' ||
            strlen(line + 2 * LT_RANDOM_LEN + 1) != 2 * LT_MASTER_SECRET_LEN)
            continue;
        memcpy(hex, line + 2 * LT_RANDOM_LEN + 1, sizeof(hex));
        check_hex(hex, master, LT_MASTER_SECRET_LEN);
        free(log);
        return;
    }
    die("no CLIENT_RANDOM line for client random %s in %s", want, path);
}

/* Opens one AEAD record: nonce per RFC 5288 3 (4-byte salt and the
 * record's explicit 8 bytes) or RFC 7905 2 (12-byte IV XOR the sequence
 * number); additional data per RFC 5246 6.2.3.3. */
static size_t open_record(const lt_suite *suite, lt_aead *aead, const lt_write_keys *keys,
                          uint64_t seq, const record *rec, uint8_t *out, const char *what)
{
    lt_reader r = lt_reader_make(rec->body, rec->len);
    uint8_t nonce[LT_AEAD_NONCE_LEN];
    memcpy(nonce, keys->iv, keys->iv_len);
    if (suite->record_iv_len > 0) {
        if (keys->iv_len + suite->record_iv_len != LT_AEAD_NONCE_LEN ||
            !lt_read_copy(&r, nonce + keys->iv_len, suite->record_iv_len))
            die("%s: record too short for its explicit nonce", what);
    } else {
        for (size_t i = 0; i < 8; i++)
            nonce[LT_AEAD_NONCE_LEN - 1 - i] ^= (uint8_t)(seq >> (8 * i));
    }
    size_t len = lt_reader_left(&r);
    if (len < LT_AEAD_TAG_LEN || len - LT_AEAD_TAG_LEN > MAX_PLAINTEXT)
        die("%s: ciphertext of %zu bytes", what, len);

    uint8_t aad[13];
    lt_writer w;
    lt_writer_init_fixed(&w, aad, sizeof(aad));
    lt_write_u64(&w, seq);
    lt_write_u8(&w, rec->type);
    lt_write_u16(&w, rec->version);
    lt_write_u16(&w, (uint16_t)(len - LT_AEAD_TAG_LEN));
    if (!lt_writer_ok(&w))
        die("%s: additional data did not fit", what);

    lt_error err;
    lt_error_clear(&err);
    must(lt_aead_open(aead, nonce, aad, sizeof(aad), lt_reader_data(&r), len, out, &err), &err,
         what);
    return len - LT_AEAD_TAG_LEN;
}

/* Opens the Finished record and checks its verify_data. */
static void check_finished(const lt_suite *suite, lt_aead *aead, const lt_write_keys *keys,
                           const side *s, const uint8_t expected[LT_VERIFY_DATA_LEN],
                           uint8_t finished_msg[4 + LT_VERIFY_DATA_LEN])
{
    char what[64];
    snprintf(what, sizeof(what), "%s Finished", s->name);
    if (s->after_ccs >= s->n_records || s->records[s->after_ccs].type != CT_HANDSHAKE)
        die("%s: no handshake record after ChangeCipherSpec", what);
    uint8_t plain[MAX_PLAINTEXT];
    size_t len = open_record(suite, aead, keys, 0, &s->records[s->after_ccs], plain, what);
    lt_reader r = lt_reader_make(plain, len), verify;
    uint8_t type;
    if (!lt_read_u8(&r, &type) || type != HS_FINISHED || !lt_read_block24(&r, &verify) ||
        !lt_reader_done(&r) || lt_reader_left(&verify) != LT_VERIFY_DATA_LEN)
        die("%s: the decrypted record is not a Finished message", what);
    memcpy(finished_msg, plain, 4 + LT_VERIFY_DATA_LEN);
    print_hex("  received verify_data:  ", lt_reader_data(&verify), LT_VERIFY_DATA_LEN);
    print_hex("  latch's verify_data:   ", expected, LT_VERIFY_DATA_LEN);
    if (memcmp(lt_reader_data(&verify), expected, LT_VERIFY_DATA_LEN) != 0)
        die("%s: verify_data differs from latch's", what);
    printf("%s: decrypted, verify_data matches\n", what);
}

/* Opens every record after Finished and returns the application data. */
static size_t read_after_finished(const lt_suite *suite, lt_aead *aead, const lt_write_keys *keys,
                                  const side *s, uint8_t *app, size_t cap)
{
    size_t app_len = 0;
    uint64_t seq = 1;
    for (size_t i = s->after_ccs + 1; i < s->n_records; i++, seq++) {
        const record *rec = &s->records[i];
        char what[64];
        snprintf(what, sizeof(what), "%s record %zu (seq %llu)", s->name, i,
                 (unsigned long long)seq);
        uint8_t plain[MAX_PLAINTEXT];
        size_t len = open_record(suite, aead, keys, seq, rec, plain, what);
        if (rec->type == CT_APPLICATION_DATA) {
            if (len > cap - app_len)
                die("%s: too much application data", what);
            memcpy(app + app_len, plain, len);
            app_len += len;
            printf("%s: application data, %zu bytes\n", what, len);
        } else if (rec->type == CT_ALERT && len == 2) {
            printf("%s: alert level %u description %u\n", what, plain[0], plain[1]);
        } else {
            die("%s: unexpected content type %u", what, rec->type);
        }
    }
    return app_len;
}

static void check_text(const char *who, const uint8_t *got, size_t got_len, const char *line)
{
    size_t n = strlen(line);
    printf("%s application data: \"%.*s\"\n", who, (int)(got_len > 0 ? got_len - 1 : 0), got);
    if (got_len != n + 1 || memcmp(got, line, n) != 0 || got[n] != '\n')
        die("%s application data is not \"%s\" and a newline", who, line);
}

static void hash_messages(lt_hash *h, const side *s, size_t from, size_t to)
{
    lt_error err;
    lt_error_clear(&err);
    for (size_t i = from; i < to; i++)
        must(lt_hash_update(h, s->msgs[i].whole, s->msgs[i].whole_len, &err), &err,
             "transcript hash");
}

static int dump_rsa_cke(const char *c2s, const char *out)
{
    side client = {0};
    load_side(&client, "client", c2s);
    for (size_t i = 0; i < client.n_msgs; i++) {
        lt_reader body = client.msgs[i].body, enc;
        if (client.msgs[i].type != HS_CLIENT_KEY_EXCHANGE)
            continue;
        /* RFC 5246 7.4.7.1: opaque EncryptedPreMasterSecret<0..2^16-1>. */
        if (!lt_read_block16(&body, &enc) || !lt_reader_done(&body))
            die("the ClientKeyExchange is not an RSA-encrypted pre-master secret");
        FILE *f = fopen(out, "wb");
        if (f == NULL ||
            fwrite(lt_reader_data(&enc), 1, lt_reader_left(&enc), f) != lt_reader_left(&enc) ||
            fclose(f) != 0)
            die("cannot write %s", out);
        printf("client: wrote the %zu-byte encrypted pre-master secret to %s\n",
               lt_reader_left(&enc), out);
        free_side(&client);
        return 0;
    }
    die("no ClientKeyExchange in the client's plaintext handshake");
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--rsa-cke") == 0)
        return dump_rsa_cke(argv[2], argv[3]);
    if (argc < 5) {
        fprintf(stderr,
                "usage: %s C2S S2C KEYLOG LINE [--reply TEXT] [--ems yes|no] "
                "[--pre-master FILE]\n       %s --rsa-cke C2S OUT\n",
                argv[0], argv[0]);
        return 2;
    }
    const char *reply = NULL, *want_ems = NULL, *pre_master_path = NULL;
    for (int i = 5; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--reply") == 0)
            reply = argv[i + 1];
        else if (strcmp(argv[i], "--ems") == 0)
            want_ems = argv[i + 1];
        else if (strcmp(argv[i], "--pre-master") == 0)
            pre_master_path = argv[i + 1];
        else
            die("unknown option %s", argv[i]);
    }
    if ((argc - 5) % 2 != 0)
        die("option %s needs a value", argv[argc - 1]);

    side client = {0}, server = {0};
    load_side(&client, "client", argv[1]);
    load_side(&server, "server", argv[2]);

    /* Full handshake without client certificates: the client's clear
     * messages are ClientHello then ClientKeyExchange; the server's are
     * ServerHello .. ServerHelloDone then, if any, NewSessionTicket. */
    if (client.n_msgs != 2 || client.msgs[0].type != HS_CLIENT_HELLO ||
        client.msgs[1].type != HS_CLIENT_KEY_EXCHANGE)
        die("expected ClientHello and ClientKeyExchange from the client");
    size_t done_at = 0;
    while (done_at < server.n_msgs && server.msgs[done_at].type != HS_SERVER_HELLO_DONE)
        done_at++;
    if (server.n_msgs == 0 || server.msgs[0].type != HS_SERVER_HELLO || done_at == server.n_msgs)
        die("expected ServerHello .. ServerHelloDone from the server");

    uint8_t client_random[LT_RANDOM_LEN], server_random[LT_RANDOM_LEN];
    uint16_t code = 0;
    bool client_ems, server_ems;
    parse_hello(&client.msgs[0], true, client_random, &code, &client_ems);
    parse_hello(&server.msgs[0], false, server_random, &code, &server_ems);
    const lt_suite *suite = lt_suite_by_code(code);
    if (suite == NULL)
        die("the server chose suite 0x%04x, which latch does not know", code);
    if (!suite->aead)
        die("the server chose %s; this check opens AEAD records only", suite->iana_name);
    bool ems = client_ems && server_ems;
    printf("suite: 0x%04x %s (%s), PRF %s\n", code, suite->iana_name, suite->openssl_name,
           lt_hash_name(suite->prf_hash));
    print_hex("client random: ", client_random, LT_RANDOM_LEN);
    print_hex("server random: ", server_random, LT_RANDOM_LEN);
    printf("extended master secret: %s\n", ems ? "negotiated" : "not negotiated");
    if (want_ems != NULL && strcmp(want_ems, ems ? "yes" : "no") != 0)
        die("extended master secret was expected to be %s", want_ems);

    uint8_t master[LT_MASTER_SECRET_LEN];
    keylog_master(argv[3], client_random, master);
    printf("master secret: taken from the key log\n");

    lt_error err;
    lt_error_clear(&err);
    lt_hash transcript;
    must(lt_hash_init(&transcript, suite->prf_hash, &err), &err, "transcript hash");
    hash_messages(&transcript, &client, 0, 1);
    hash_messages(&transcript, &server, 0, done_at + 1);
    hash_messages(&transcript, &client, 1, 2);
    /* Up to and including ClientKeyExchange: both the EMS session hash
     * (RFC 7627 3) and, with no client certificate, the client Finished's. */
    uint8_t session_hash[LT_HASH_MAX_LEN];
    must(lt_hash_peek(&transcript, session_hash, &err), &err, "transcript hash");
    size_t hash_len = lt_hash_len(suite->prf_hash);

    if (pre_master_path != NULL) {
        size_t pms_len;
        uint8_t *pms = check_read_file(pre_master_path, &pms_len);
        uint8_t derived[LT_MASTER_SECRET_LEN];
        if (ems)
            must(lt_extended_master_secret(suite->prf_hash, pms, pms_len, session_hash, hash_len,
                                           derived, &err),
                 &err, "extended master secret");
        else
            must(lt_master_secret(suite->prf_hash, pms, pms_len, client_random, server_random,
                                  derived, &err),
                 &err, "master secret");
        lt_free_secret(pms, pms_len);
        print_hex("  key log master:  ", master, LT_MASTER_SECRET_LEN);
        print_hex("  latch's master:  ", derived, LT_MASTER_SECRET_LEN);
        if (memcmp(derived, master, LT_MASTER_SECRET_LEN) != 0)
            die("the %s master secret latch derived differs from the key log's",
                ems ? "extended" : "plain");
        printf("master secret: derived from the %zu-byte pre-master secret (%s), matches the key "
               "log\n",
               pms_len, ems ? "RFC 7627 extended" : "RFC 5246 8.1");
    }

    lt_key_block kb;
    must(lt_key_block_derive(suite, master, client_random, server_random, &kb, &err), &err,
         "key block");
    printf("key block: %zu-byte write keys, %zu-byte fixed IVs per side\n", kb.client.key_len,
           kb.client.iv_len);
    lt_aead client_aead, server_aead;
    must(lt_aead_init(&client_aead, suite->aead_alg, kb.client.key, &err), &err, "client key");
    must(lt_aead_init(&server_aead, suite->aead_alg, kb.server.key, &err), &err, "server key");

    uint8_t expected[LT_VERIFY_DATA_LEN], finished_msg[4 + LT_VERIFY_DATA_LEN];
    must(lt_finished_verify_data(suite->prf_hash, master, LT_SENDER_CLIENT, session_hash, hash_len,
                                 expected, &err),
         &err, "client verify_data");
    check_finished(suite, &client_aead, &kb.client, &client, expected, finished_msg);

    /* The server's Finished covers the client's, then what the server sent
     * in the clear after ServerHelloDone (NewSessionTicket). */
    must(lt_hash_update(&transcript, finished_msg, sizeof(finished_msg), &err), &err,
         "transcript hash");
    hash_messages(&transcript, &server, done_at + 1, server.n_msgs);
    uint8_t server_hash[LT_HASH_MAX_LEN];
    must(lt_hash_final(&transcript, server_hash, &err), &err, "transcript hash");
    lt_hash_free(&transcript);
    must(lt_finished_verify_data(suite->prf_hash, master, LT_SENDER_SERVER, server_hash, hash_len,
                                 expected, &err),
         &err, "server verify_data");
    check_finished(suite, &server_aead, &kb.server, &server, expected, finished_msg);

    uint8_t app[MAX_PLAINTEXT];
    size_t app_len =
        read_after_finished(suite, &client_aead, &kb.client, &client, app, sizeof(app));
    check_text("client", app, app_len, argv[4]);
    app_len = read_after_finished(suite, &server_aead, &kb.server, &server, app, sizeof(app));
    if (reply != NULL)
        check_text("server", app, app_len, reply);

    lt_aead_free(&client_aead);
    lt_aead_free(&server_aead);
    lt_key_block_wipe(&kb);
    lt_wipe(master, sizeof(master));
    free_side(&client);
    free_side(&server);
    printf("OK: %s, %s master secret: key block, both Finished and the application data "
           "check out\n",
           suite->openssl_name, ems ? "extended" : "plain");
    return 0;
}
