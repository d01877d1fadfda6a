/*
 * How the server answers unusual but legal ClientHellos, and the ones the
 * RFCs say to refuse, each hand-built and fed to the server engine in
 * process (issue 15): RSA key transport without signature_algorithms,
 * RFC 9155's refusals, RFC 7919 4's FFDHE rules, x448 and the larger
 * FFDHE groups, record and hello versions above 1.2, server_name entries,
 * the group for a client without supported_groups, ChangeCipherSpec
 * bodies, and a resumption offer without the session's suite.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pair.h"
#include "tamper.h"
#include "tls/conn.h"
#include "tls/msg.h"

static latch_config *rsa_server(const char *ciphers, const char *groups)
{
    latch_config *cfg = pair_server_config("e2e/rsa2048.chain.pem", "e2e/rsa2048.key");
    CHECK(latch_config_set_ciphers(cfg, ciphers) == LATCH_OK);
    if (groups != NULL)
        CHECK(latch_config_set_groups(cfg, groups) == LATCH_OK);
    return cfg;
}

/* A ClientHello with these suites and nothing else; callers add the rest. */
static void hello_init(lt_client_hello *ch, const uint16_t *suites, size_t n)
{
    static const uint8_t null_compression[1] = {0};
    memset(ch, 0, sizeof(*ch));
    ch->version = LT_RECORD_VERSION_TLS12;
    memset(ch->random, 0x5a, sizeof(ch->random));
    memcpy(ch->cipher_suites, suites, n * sizeof(uint16_t));
    ch->cipher_suites_count = n;
    ch->compression_methods = lt_span_make(null_compression, 1);
}

static void hello_sig_algs(lt_client_hello *ch, const uint16_t *schemes, size_t n)
{
    ch->ext.signature_algorithms.present = true;
    memcpy(ch->ext.signature_algorithms.schemes, schemes, n * sizeof(uint16_t));
    ch->ext.signature_algorithms.count = n;
}

static void hello_groups(lt_client_hello *ch, const uint16_t *groups, size_t n)
{
    ch->ext.supported_groups.present = true;
    memcpy(ch->ext.supported_groups.groups, groups, n * sizeof(uint16_t));
    ch->ext.supported_groups.count = n;
}

static const uint16_t modern_schemes[] = {0x0804, 0x0401, 0x0403};

/* A plain modern hello: ECDHE-RSA-AES128-GCM-SHA256 with RSA-PSS,
 * RSA-PKCS1 and ECDSA schemes, and no supported_groups. */
static void modern_hello(lt_client_hello *ch)
{
    const uint16_t suites[] = {0xc02f};
    hello_init(ch, suites, 1);
    hello_sig_algs(ch, modern_schemes, 3);
}

/* What the server answered: its ServerHello, or the alert it sent. */
typedef struct answer {
    bool hello;
    uint16_t version; /* ServerHello.server_version */
    uint16_t suite;
    uint16_t group; /* the group the server chose, 0 for none */
    int alert;      /* the alert's description, or -1 */
    latch_err code; /* the server's error, LATCH_OK when none */
    char error[256];
} answer;

/* Feeds the hello in one record of this record version to a fresh server
 * and reads the first record it sends back. */
static answer serve_hello(latch_config *cfg, const lt_client_hello *ch, uint16_t record_version)
{
    answer a;
    memset(&a, 0, sizeof(a));
    a.alert = -1;
    lt_writer msg;
    lt_writer_init_growable(&msg, 0);
    lt_client_hello_write(ch, &msg);
    CHECK(lt_writer_ok(&msg));
    uint8_t rec[5];
    rec[0] = LT_CT_HANDSHAKE;
    rec[1] = (uint8_t)(record_version >> 8);
    rec[2] = (uint8_t)record_version;
    rec[3] = (uint8_t)(msg.len >> 8);
    rec[4] = (uint8_t)msg.len;
    latch_conn *c = latch_conn_new(cfg, NULL);
    CHECK(latch_conn_feed(c, rec, sizeof(rec)) == sizeof(rec));
    CHECK(latch_conn_feed(c, msg.data, msg.len) == msg.len);
    lt_writer_free(&msg);
    (void)latch_conn_handshake(c);
    a.code = latch_conn_error_code(c);
    snprintf(a.error, sizeof(a.error), "%s", latch_conn_error(c));
    size_t len;
    const uint8_t *out = latch_conn_output(c, &len);
    CHECK(len >= 7);
    if (len >= 7 && out[0] == LT_CT_ALERT) {
        a.alert = out[6];
    } else if (len >= 9 && out[0] == LT_CT_HANDSHAKE && out[5] == LT_HS_SERVER_HELLO) {
        size_t body_len = ((size_t)out[6] << 16) | ((size_t)out[7] << 8) | out[8];
        lt_server_hello sh;
        lt_error err;
        lt_error_clear(&err);
        CHECK(9 + body_len <= len && lt_server_hello_parse(out + 9, body_len, &sh, &err));
        a.hello = true;
        a.version = sh.version;
        a.suite = sh.cipher_suite;
        a.group = c->neg.group;
    }
    latch_conn_free(c);
    return a;
}

static void expect_suite(const answer *a, uint16_t suite, uint16_t group)
{
    CHECK(a->hello && a->suite == suite && a->group == group);
    if (!a->hello || a->suite != suite || a->group != group)
        fprintf(stderr,
                "  wanted suite 0x%04x group 0x%04x, got hello %d suite 0x%04x group "
                "0x%04x: %s\n",
                suite, group, a->hello, a->suite, a->group, a->error);
}

static void expect_alert(const answer *a, latch_err code, const char *words)
{
    CHECK(!a->hello && a->code == code && a->alert == (int)latch_err_alert(code));
    CHECK(strstr(a->error, words) != NULL);
    if (a->code != code || strstr(a->error, words) == NULL)
        fprintf(stderr, "  wanted error %d with \"%s\", got %d: %s\n", code, words, a->code,
                a->error);
}

/* Item 2: RSA key transport signs nothing, so it needs no
 * signature_algorithms; the signing suites still follow RFC 9155. */
static void test_rsa_without_sig_algs(void)
{
    latch_config *cfg = rsa_server("ALL", NULL);
    lt_client_hello ch;
    const uint16_t rsa_only[] = {0x009c};
    hello_init(&ch, rsa_only, 1);
    answer a = serve_hello(cfg, &ch, 0x0303);
    expect_suite(&a, 0x009c, 0);

    /* Offered beside ECDHE and DHE, RSA key transport is what is left. */
    const uint16_t mixed[] = {0xc02f, 0x009e, 0x002f};
    hello_init(&ch, mixed, 3);
    a = serve_hello(cfg, &ch, 0x0303);
    expect_suite(&a, 0x002f, 0);

    /* Only SHA-1 and MD5 schemes: RSA key transport still goes. */
    const uint16_t old_schemes[] = {0x0201, 0x0101, 0x0203};
    hello_sig_algs(&ch, old_schemes, 3);
    a = serve_hello(cfg, &ch, 0x0303);
    expect_suite(&a, 0x002f, 0);

    /* No RSA key transport offered: refused, and the sentence says why. */
    const uint16_t signing[] = {0xc02f, 0x009e};
    hello_init(&ch, signing, 2);
    a = serve_hello(cfg, &ch, 0x0303);
    expect_alert(&a, LATCH_ERR_HANDSHAKE_FAILURE, "no signature_algorithms extension; RFC 9155");
    hello_sig_algs(&ch, old_schemes, 3);
    a = serve_hello(cfg, &ch, 0x0303);
    expect_alert(&a, LATCH_ERR_HANDSHAKE_FAILURE, "only SHA-1 and MD5 schemes, which RFC 9155");
    hello_sig_algs(&ch, modern_schemes, 3);
    a = serve_hello(cfg, &ch, 0x0303);
    expect_suite(&a, 0xc02f, LT_GROUP_SECP256R1);
    latch_config_free(cfg);
}

/* Item 4: RFC 7919 4. A client that names FFDHE groups, none of them
 * ours, gets no DHE suite: another one, or insufficient_security. */
static void test_ffdhe_rules(void)
{
    latch_config *cfg = rsa_server("ALL", NULL);
    lt_client_hello ch;
    const uint16_t dhe[] = {0x009e};
    const uint16_t dhe_then_ecdhe[] = {0x009e, 0xc02f};
    const uint16_t unknown_ffdhe[] = {0x01ff};
    const uint16_t big_ffdhe[] = {LT_GROUP_FFDHE6144, LT_GROUP_FFDHE8192};
    const uint16_t big_and_x25519[] = {LT_GROUP_FFDHE8192, LT_GROUP_X25519};
    const uint16_t ours[] = {LT_GROUP_FFDHE2048};
    /* 40 codes latch does not know, then an unknown FFDHE one: the hello's
     * store keeps 32 unknown groups, so 0x01ff is read but not kept, and
     * still counts as the client naming FFDHE groups. */
    uint16_t deep_ffdhe[41];
    for (size_t i = 0; i < 40; i++)
        deep_ffdhe[i] = (uint16_t)(0x2000 + i);
    deep_ffdhe[40] = 0x01ff;
    const struct {
        const uint16_t *groups;
        size_t n;
    } unshared[] = {{unknown_ffdhe, 1}, {big_ffdhe, 2}, {deep_ffdhe, 41}};
    for (size_t i = 0; i < 3; i++) {
        hello_init(&ch, dhe, 1);
        hello_sig_algs(&ch, modern_schemes, 3);
        hello_groups(&ch, unshared[i].groups, unshared[i].n);
        answer a = serve_hello(cfg, &ch, 0x0303);
        expect_alert(&a, LATCH_ERR_INSUFFICIENT_SECURITY, "FFDHE groups this server does not use");
    }
    hello_init(&ch, dhe_then_ecdhe, 2);
    hello_sig_algs(&ch, modern_schemes, 3);
    hello_groups(&ch, big_and_x25519, 2);
    answer a = serve_hello(cfg, &ch, 0x0303);
    expect_suite(&a, 0xc02f, LT_GROUP_X25519);
    hello_groups(&ch, ours, 1);
    a = serve_hello(cfg, &ch, 0x0303);
    expect_suite(&a, 0x009e, LT_GROUP_FFDHE2048);
    latch_config_free(cfg);

    /* ffdhe6144 and ffdhe8192 when the server enables them. */
    cfg = rsa_server("ALL", "x25519:ffdhe8192:ffdhe6144");
    hello_init(&ch, dhe, 1);
    hello_sig_algs(&ch, modern_schemes, 3);
    hello_groups(&ch, big_ffdhe, 2);
    a = serve_hello(cfg, &ch, 0x0303);
    expect_suite(&a, 0x009e, LT_GROUP_FFDHE8192);
    latch_config_free(cfg);
}

/* Item 4: whole handshakes with data over x448 and ffdhe6144. */
static void test_new_groups_end_to_end(void)
{
    const struct {
        const char *groups, *ciphers, *want;
    } cases[] = {
        {"x448", "ECDHE-RSA-AES128-GCM-SHA256", "x448"},
        {"x448:x25519", "ECDHE-RSA-CHACHA20-POLY1305", "x448"},
        {"ffdhe6144", "DHE-RSA-AES128-SHA256", "ffdhe6144"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        latch_config *server = rsa_server("ALL", cases[i].groups);
        latch_config *client = pair_client_config(true);
        CHECK(latch_config_set_groups(client, cases[i].groups) == LATCH_OK);
        CHECK(latch_config_set_ciphers(client, cases[i].ciphers) == LATCH_OK);
        pair p;
        pair_init(&p, client, server, "localhost");
        CHECK(pair_handshake(&p));
        const char *g = latch_conn_group(p.client);
        CHECK(g != NULL && strcmp(g, cases[i].want) == 0);
        g = latch_conn_group(p.server);
        CHECK(g != NULL && strcmp(g, cases[i].want) == 0);
        const uint8_t data[] = "over the new group";
        CHECK(pair_transfer(&p, true, data, sizeof(data)));
        CHECK(pair_transfer(&p, false, data, sizeof(data)));
        pair_free(&p);
        latch_config_free(client);
        latch_config_free(server);
    }
}

/* Item 5: RFC 5246 E.1: any {03,XX} on the ClientHello's record; a hello
 * offering more than 1.2 gets 1.2. */
static void test_versions_above_12(void)
{
    latch_config *cfg = rsa_server("DEFAULT", NULL);
    lt_client_hello ch;
    modern_hello(&ch);
    const uint16_t record_versions[] = {0x0300, 0x0301, 0x0303, 0x0304, 0x03fe, 0x03ff};
    for (size_t i = 0; i < sizeof(record_versions) / sizeof(record_versions[0]); i++) {
        answer a = serve_hello(cfg, &ch, record_versions[i]);
        CHECK(a.hello && a.version == 0x0303);
    }
    answer a = serve_hello(cfg, &ch, 0x0203);
    expect_alert(&a, LATCH_ERR_PROTOCOL_VERSION, "carries version 2.3");
    const uint16_t hello_versions[] = {0x0304, 0x0305, 0x03ff, 0x7f1c};
    for (size_t i = 0; i < sizeof(hello_versions) / sizeof(hello_versions[0]); i++) {
        ch.version = hello_versions[i];
        a = serve_hello(cfg, &ch, 0x0301);
        CHECK(a.hello && a.version == 0x0303 && a.suite == 0xc02f);
    }
    latch_config_free(cfg);
}

/* Whether a trace or error text holds a byte a terminal would act on. */
static void note_text(const char *text, bool *dirty)
{
    for (const char *p = text; p != NULL && *p != '\0'; p++)
        *dirty |= (unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f;
}

static void no_raw_bytes(const latch_trace_event *ev, void *arg)
{
    bool *dirty = arg;
    note_text(ev->name, dirty);
    note_text(ev->detail, dirty);
    for (size_t i = 0; i < ev->field_count; i++) {
        note_text(ev->fields[i].name, dirty);
        note_text(ev->fields[i].value, dirty);
    }
}

/* Item 8: RFC 6066 3. An entry of unknown name_type is skipped; a
 * host_name with bytes no DNS name has is illegal_parameter, and none of
 * its bytes reaches the error or the trace. */
static void test_server_name(void)
{
    bool dirty = false;
    latch_config *cfg = rsa_server("DEFAULT", NULL);
    CHECK(latch_config_set_trace(cfg, no_raw_bytes, &dirty, 0) == LATCH_OK);
    lt_client_hello ch;
    modern_hello(&ch);
    /* server_name written raw: { type 7, "xy" }, { host_name "a.example" } */
    static const uint8_t unknown_then_host[] = {0x00, 0x11, 0x07, 0x00, 0x02, 'x', 'y',
                                                0x00, 0x00, 0x09, 'a',  '.',  'e', 'x',
                                                'a',  'm',  'p',  'l',  'e'};
    static const uint8_t only_unknown[] = {0x00, 0x05, 0x01, 0x00, 0x02, 'x', 'y'};
    ch.ext.unknown[0].type = LT_EXT_SERVER_NAME;
    ch.ext.unknown[0].data = lt_span_make(unknown_then_host, sizeof(unknown_then_host));
    ch.ext.unknown_count = 1;
    answer a = serve_hello(cfg, &ch, 0x0303);
    CHECK(a.hello && a.suite == 0xc02f);
    ch.ext.unknown[0].data = lt_span_make(only_unknown, sizeof(only_unknown));
    a = serve_hello(cfg, &ch, 0x0303);
    CHECK(a.hello && a.suite == 0xc02f);

    ch.ext.unknown_count = 0;
    const char *bad[] = {
        "bell\a.example", "esc\x1b[2J.example", "caf\xc3\xa9.example", "tab\there", "sp ace",
        "nul\x7f"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ch.ext.server_name.present = true;
        ch.ext.server_name.host_name = lt_span_make((const uint8_t *)bad[i], strlen(bad[i]));
        a = serve_hello(cfg, &ch, 0x0303);
        expect_alert(&a, LATCH_ERR_ILLEGAL_PARAMETER, "cannot be in a DNS name");
        note_text(a.error, &dirty);
    }
    CHECK(!dirty);
    latch_config_free(cfg);
}

/* Item 9: no supported_groups: secp256r1, which old clients know. */
static void test_no_supported_groups(void)
{
    latch_config *cfg = rsa_server("DEFAULT", NULL);
    lt_client_hello ch;
    modern_hello(&ch);
    answer a = serve_hello(cfg, &ch, 0x0303);
    expect_suite(&a, 0xc02f, LT_GROUP_SECP256R1);
    const uint16_t x25519[] = {LT_GROUP_X25519};
    hello_groups(&ch, x25519, 1);
    a = serve_hello(cfg, &ch, 0x0303);
    expect_suite(&a, 0xc02f, LT_GROUP_X25519);
    latch_config_free(cfg);

    /* A server without secp256r1 falls back to its first curve. */
    cfg = rsa_server("DEFAULT", "secp384r1:x25519");
    modern_hello(&ch);
    a = serve_hello(cfg, &ch, 0x0303);
    expect_suite(&a, 0xc02f, LT_GROUP_SECP384R1);
    latch_config_free(cfg);
}

/* Item 7: a ChangeCipherSpec that is not the single byte 1. */
typedef struct ccs_edit {
    uint8_t body[2];
    size_t len;
} ccs_edit;

static void edit_ccs(int dir, size_t index, pair_record *rec, void *arg)
{
    (void)index;
    const ccs_edit *e = arg;
    if (dir != PAIR_TO_SERVER || rec->bytes[0] != LT_CT_CHANGE_CIPHER_SPEC)
        return;
    memcpy(rec->bytes + 5, e->body, e->len);
    rec->bytes[3] = 0;
    rec->bytes[4] = (uint8_t)e->len;
    rec->len = 5 + e->len;
}

static void test_ccs_bodies(void)
{
    const ccs_edit edits[] = {{{0x02, 0}, 1}, {{0x00, 0}, 1}, {{0x01, 0x01}, 2}, {{0x01, 0x00}, 2}};
    for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
        latch_config *server = rsa_server("DEFAULT", NULL);
        latch_config *client = pair_client_config(true);
        pair p;
        pair_init(&p, client, server, "localhost");
        p.tamper = edit_ccs;
        p.tamper_arg = (void *)&edits[i];
        CHECK(!pair_handshake(&p));
        CHECK(latch_conn_error_code(p.server) == LATCH_ERR_UNEXPECTED_MESSAGE);
        CHECK(strstr(latch_conn_error(p.server), "is not the single byte 1") != NULL);
        CHECK(latch_conn_peer_alert(p.client) == LATCH_ALERT_UNEXPECTED_MESSAGE);
        pair_free(&p);
        latch_config_free(client);
        latch_config_free(server);
    }
}

/* Item 10: RFC 5246 7.4.1.2: a client resuming must offer the session's
 * suite; without it the server answers illegal_parameter. */
static void drop_session_suite(uint8_t type, const uint8_t *body, size_t len, lt_writer *out,
                               void *arg)
{
    (void)arg;
    lt_client_hello ch;
    lt_error err;
    lt_error_clear(&err);
    if (type != LT_HS_CLIENT_HELLO || !lt_client_hello_parse(body, len, &ch, &err))
        abort();
    size_t kept = 0;
    for (size_t i = 0; i < ch.cipher_suites_count; i++)
        if (ch.cipher_suites[i] != 0xc02f)
            ch.cipher_suites[kept++] = ch.cipher_suites[i];
    ch.cipher_suites_count = kept;
    lt_client_hello_write(&ch, out);
}

static void tamper_first_hello(int dir, size_t index, pair_record *rec, void *arg)
{
    if (dir == PAIR_TO_SERVER && index == 0)
        tamper_handshake_record(rec, drop_session_suite, arg);
}

static void test_resume_without_suite(void)
{
    for (int tickets = 0; tickets < 2; tickets++) {
        latch_config *server = rsa_server("DEFAULT", NULL);
        CHECK(latch_config_set_tickets(server, tickets) == LATCH_OK);
        latch_config *client = pair_client_config(true);
        CHECK(latch_config_set_tickets(client, tickets) == LATCH_OK);
        pair p;
        pair_init(&p, client, server, "localhost");
        CHECK(pair_handshake(&p));
        CHECK(latch_conn_cipher_id(p.server) == 0xc02f);
        uint8_t session[4096];
        size_t session_len = 0;
        CHECK(latch_conn_get_session(p.client, session, sizeof(session), &session_len) == LATCH_OK);
        pair_free(&p);

        /* Unchanged, it resumes. */
        pair_init(&p, client, server, "localhost");
        CHECK(latch_conn_set_session(p.client, session, session_len) == LATCH_OK);
        CHECK(pair_handshake(&p));
        CHECK(latch_conn_resumed(p.server));
        pair_free(&p);

        pair_init(&p, client, server, "localhost");
        CHECK(latch_conn_set_session(p.client, session, session_len) == LATCH_OK);
        p.tamper = tamper_first_hello;
        CHECK(!pair_handshake(&p));
        CHECK(latch_conn_error_code(p.server) == LATCH_ERR_ILLEGAL_PARAMETER);
        CHECK(strstr(latch_conn_error(p.server), "does not offer that suite") != NULL);
        CHECK(strstr(latch_conn_error(p.server), tickets ? "ticket" : "session ID") != NULL);
        CHECK(latch_conn_peer_alert(p.client) == LATCH_ALERT_ILLEGAL_PARAMETER);
        pair_free(&p);
        latch_config_free(client);
        latch_config_free(server);
    }
}

int main(void)
{
    test_rsa_without_sig_algs();
    test_ffdhe_rules();
    test_new_groups_end_to_end();
    test_versions_above_12();
    test_server_name();
    test_no_supported_groups();
    test_ccs_bodies();
    test_resume_without_suite();
    return check_finish("hello_rules");
}
