/*
 * What a hostile peer sends, as the trace and the error sentences show
 * it. A ClientHello whose cipher_suites fill the trace's list buffer to
 * the byte where the cut marker used to land one past its end (issue 14,
 * bug 2); and a server that answers with an ALPN protocol, and a
 * certificate with names, full of terminal escapes, BEL, newlines and
 * non-ASCII bytes (item 4): every sentence and trace field must hold the
 * \xNN forms only, never the raw bytes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pair.h"
#include "tls/msg_hello.h"
#include "tls/suites.h"
#include "x509/cert_build.h"
#include "x509/hostname.h"

/* Every text of every event, and the fields asked for. */
typedef struct seen {
    char all[1 << 16];
    size_t all_len;
    const char *want_message;
    const char *want_field;
    char value[4096];
    size_t events;
} seen;

static void keep(seen *s, const char *text)
{
    if (text == NULL)
        return;
    size_t n = strlen(text);
    if (s->all_len + n + 1 >= sizeof(s->all))
        return;
    memcpy(s->all + s->all_len, text, n);
    s->all_len += n;
    s->all[s->all_len++] = '\n';
}

static void on_event(const latch_trace_event *ev, void *arg)
{
    seen *s = arg;
    s->events++;
    keep(s, ev->name);
    keep(s, ev->detail);
    for (size_t i = 0; i < ev->field_count; i++) {
        keep(s, ev->fields[i].value);
        if (ev->kind == LATCH_TRACE_MESSAGE && strcmp(ev->name, s->want_message) == 0 &&
            strcmp(ev->fields[i].name, s->want_field) == 0)
            snprintf(s->value, sizeof(s->value), "%s", ev->fields[i].value);
    }
}

/* Printable ASCII, with newlines only between the texts kept. */
static bool printable(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch < 0x20 || ch > 0x7e) && ch != '\n')
            return false;
    }
    return true;
}

static bool sentence_printable(const char *s)
{
    return strchr(s, '\n') == NULL && printable(s, strlen(s));
}

static void put16(uint8_t *p, size_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* A handshake record around body of type, in out; returns its length. */
static size_t handshake_record(uint8_t type, const uint8_t *body, size_t n, uint8_t *out)
{
    out[0] = 22;
    out[1] = 3;
    out[2] = 3;
    put16(out + 3, n + 4);
    out[5] = type;
    out[6] = 0;
    put16(out + 7, n);
    memcpy(out + 9, body, n);
    return n + 9;
}

/* A hello's start: version TLS 1.2, a random, no session ID; returns
 * its length. */
static size_t hello_start(uint8_t *body)
{
    body[0] = 3;
    body[1] = 3;
    memset(body + 2, 0x42, 32);
    body[34] = 0;
    return 35;
}

/* The trace's list holds at most 2042 characters (then ", ..." and its
 * NUL). The hello lists g GREASE values ("GREASE (0x0a0a)", 15
 * characters), every suite latch knows by its IANA name, and u codes
 * latch does not know (6 characters each), with ", " between items,
 * chosen so that these items make exactly 2035 characters. One more
 * unknown code would make 2043, where the old bound let it in, and the
 * cut marker the next item brings then put its NUL at byte 2048 of a
 * 2048-byte buffer. The server keeps at most 192 unknown values
 * (LT_MAX_CIPHER_SUITES less the slots held for known ones), so g + u + 2
 * stays within that. */
#define LIST_TEXT 2035
#define UNKNOWN_ROOM (LT_MAX_CIPHER_SUITES - LT_KNOWN_SUITES_RESERVE)

typedef struct suite_plan {
    size_t grease, known, unknown; /* the items that fit */
} suite_plan;

static suite_plan plan_suites(void)
{
    suite_plan p = {.known = lt_suite_count()};
    size_t known_text = 0;
    for (size_t i = 0; i < p.known; i++)
        known_text += strlen(lt_suite_at(i)->iana_name) + 2;
    /* 17 g + 8 u = LIST_TEXT + 2 - known_text, with 1 <= g <= 8. */
    size_t rest = LIST_TEXT + 2 - known_text;
    for (p.grease = 1; p.grease <= 8 && (rest - 17 * p.grease) % 8 != 0; p.grease++)
        ;
    p.unknown = (rest - 17 * p.grease) / 8;
    CHECK(known_text < LIST_TEXT && (rest - 17 * p.grease) % 8 == 0);
    CHECK(p.grease + p.unknown + 2 <= UNKNOWN_ROOM);
    return p;
}

static void test_client_hello_fills_list(void)
{
    suite_plan plan = plan_suites();
    /* Two more unknown codes: the one the old bound let in at 2043, and
     * one whose cut marker then overflowed. */
    size_t fit = plan.grease + plan.known + plan.unknown, suites = fit + 2;
    uint8_t body[1024];
    size_t at = hello_start(body);
    put16(body + at, 2 * suites);
    at += 2;
    char want[4096];
    int w = snprintf(want, sizeof(want), "%zu: ", suites);
    for (size_t i = 0; i < suites; i++) {
        uint16_t code;
        char item[64];
        if (i < plan.grease) {
            code = (uint16_t)(0x0a0a + 0x1010 * i);
            snprintf(item, sizeof(item), "GREASE (0x%04x)", code);
        } else if (i < plan.grease + plan.known) {
            code = lt_suite_at(i - plan.grease)->code;
            snprintf(item, sizeof(item), "%s", lt_suite_at(i - plan.grease)->iana_name);
        } else {
            code = (uint16_t)(0xfe00 + i);
            snprintf(item, sizeof(item), "0x%04x", code);
        }
        put16(body + at, code);
        at += 2;
        if (i < fit)
            w += snprintf(want + w, sizeof(want) - (size_t)w, "%s%s", i ? ", " : "", item);
    }
    snprintf(want + w, sizeof(want) - (size_t)w, ", ...");
    body[at++] = 1;
    body[at++] = 0; /* null compression */
    /* signature_algorithms ecdsa_secp256r1_sha256, supported_groups
     * x25519, renegotiation_info, extended_master_secret. */
    const uint8_t ext[] = {0x00, 0x19, 0x00, 0x0d, 0x00, 0x04, 0x00, 0x02, 0x04,
                           0x03, 0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x1d,
                           0xff, 0x01, 0x00, 0x01, 0x00, 0x00, 0x17, 0x00, 0x00};
    memcpy(body + at, ext, sizeof(ext));
    at += sizeof(ext);
    uint8_t record[1100];
    size_t len = handshake_record(1, body, at, record);

    latch_config *cfg = pair_server_config("e2e/ecdsa-p256.chain.pem", "e2e/ecdsa-p256.key");
    seen *s = calloc(1, sizeof(*s));
    s->want_message = "ClientHello";
    s->want_field = "cipher_suites";
    CHECK(latch_config_set_trace(cfg, on_event, s, 0) == LATCH_OK);
    latch_conn *conn = latch_conn_new(cfg, NULL);
    CHECK(latch_conn_feed(conn, record, len) == len);
    /* The server answers and waits for the client's next flight. */
    CHECK(latch_conn_handshake(conn) == LATCH_WANT_READ);
    size_t out_len;
    CHECK(latch_conn_output(conn, &out_len) != NULL && out_len > 0);
    CHECK(strcmp(s->value, want) == 0);
    /* "N: ", 2035 characters of items, ", ...". */
    CHECK(strlen(s->value) == (size_t)snprintf(NULL, 0, "%zu: ", suites) + LIST_TEXT + 5);
    latch_conn_free(conn);
    latch_config_free(cfg);
    free(s);
}

/* ESC ] 0 ; (set the window title), BEL, CR LF, ESC [ 2 J (clear the
 * screen), U+009B (a C1 CSI) and a backslash. */
static const char hostile[] = "\x1b]0;owned\x07\r\n\x1b[2J\xc2\x9b\\";

static void test_server_alpn(void)
{
    latch_config *cfg = pair_client_config(true);
    CHECK(latch_config_set_alpn(cfg, "h2,http/1.1") == LATCH_OK);
    seen *s = calloc(1, sizeof(*s));
    s->want_message = "ServerHello";
    s->want_field = "alpn";
    CHECK(latch_config_set_trace(cfg, on_event, s, 0) == LATCH_OK);
    latch_conn *conn = latch_conn_new(cfg, "localhost");
    CHECK(latch_conn_handshake(conn) == LATCH_WANT_READ);
    size_t out_len;
    latch_conn_output(conn, &out_len);
    latch_conn_output_done(conn, out_len);

    size_t name_len = sizeof(hostile) - 1;
    uint8_t body[256];
    size_t at = hello_start(body);
    put16(body + at, 0xc02b); /* TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 */
    at += 2;
    body[at++] = 0;
    const uint8_t fixed[] = {0xff, 0x01, 0x00, 0x01, 0x00, 0x00, 0x17, 0x00, 0x00};
    put16(body + at, sizeof(fixed) + 4 + 2 + 1 + name_len);
    at += 2;
    memcpy(body + at, fixed, sizeof(fixed));
    at += sizeof(fixed);
    put16(body + at, 0x0010);
    put16(body + at + 2, 2 + 1 + name_len);
    put16(body + at + 4, 1 + name_len);
    body[at + 6] = (uint8_t)name_len;
    memcpy(body + at + 7, hostile, name_len);
    at += 7 + name_len;
    uint8_t record[300];
    size_t len = handshake_record(2, body, at, record);
    CHECK(latch_conn_feed(conn, record, len) == len);
    CHECK(latch_conn_handshake(conn) == LATCH_ERR_ILLEGAL_PARAMETER);

    const char *escaped = "\\x1b]0;owned\\x07\\x0d\\x0a\\x1b[2J\\xc2\\x9b\\\\";
    const char *sentence = latch_conn_error(conn);
    CHECK(strstr(sentence, escaped) != NULL && strstr(sentence, "did not offer") != NULL);
    CHECK(sentence_printable(sentence));
    CHECK(strcmp(s->value, escaped) == 0);
    CHECK(s->all_len > 0 && printable(s->all, s->all_len));
    CHECK(strstr(s->all, escaped) != NULL);
    latch_conn_free(conn);
    latch_config_free(cfg);
    free(s);
}

/* A CA and a leaf whose common names hold the hostile text; the leaf is
 * for good.example, and the client asks for localhost. */
static void test_certificate_names(void)
{
    latch_mkcert_options opts = {.key_type = LATCH_KEY_ED25519, .common_name = hostile};
    latch_mkcert_result ca = {0}, leaf = {0};
    CHECK(latch_mkcert_ca(&opts, &ca) == LATCH_OK);
    const char *names[] = {"good.example"};
    CHECK(latch_mkcert_leaf(&opts, names, 1, ca.cert_pem, ca.cert_len, ca.key_pem, ca.key_len,
                            &leaf) == LATCH_OK);
    latch_config *server = latch_config_new(LATCH_SERVER);
    CHECK(latch_config_add_cert_key_mem(server, (const uint8_t *)leaf.cert_pem, leaf.cert_len,
                                        (const uint8_t *)leaf.key_pem, leaf.key_len) == LATCH_OK);
    latch_config *client = latch_config_new(LATCH_CLIENT);
    CHECK(latch_config_add_ca_mem(client, (const uint8_t *)ca.cert_pem, ca.cert_len) == LATCH_OK);
    seen *s = calloc(1, sizeof(*s));
    s->want_message = "Certificate";
    s->want_field = "cert[0].subject";
    CHECK(latch_config_set_trace(client, on_event, s, 0) == LATCH_OK);
    pair p;
    pair_init(&p, client, server, "localhost");
    CHECK(!pair_handshake(&p));
    /* RFC 4514 escapes the ';' of the name as well. */
    const char *escaped = "CN=\\x1b]0\\;owned\\x07\\x0d\\x0a\\x1b[2J\\xc2\\x9b\\\\";
    const char *sentence = latch_conn_error(p.client);
    CHECK(strstr(sentence, "does not cover localhost") != NULL);
    CHECK(strstr(sentence, escaped) != NULL && sentence_printable(sentence));
    CHECK(strncmp(s->value, escaped, strlen(escaped)) == 0);
    CHECK(s->all_len > 0 && printable(s->all, s->all_len));
    pair_free(&p);
    latch_config_free(client);
    latch_config_free(server);
    latch_mkcert_result_free(&leaf);
    latch_mkcert_result_free(&ca);
    free(s);
}

/* The parser refuses a dNSName with a byte outside printable ASCII, but
 * a backslash passes: one that spells an escape ("\x1b") must not read
 * as one in the sentence of a name mismatch. */
static void test_san_in_sentence(void)
{
    static const char san[] = "a\\x1b[2J.example";
    const lt_general_name names[] = {{LT_GN_DNS, {(const uint8_t *)san, sizeof(san) - 1}}};
    lt_cert_spec spec = {.common_name = "leaf",
                         .not_before = INT64_C(1767225600),
                         .not_after = INT64_C(1767225600) + 86400,
                         .san = names,
                         .san_count = 1};
    lt_error err;
    lt_error_clear(&err);
    lt_privkey key = {0};
    lt_writer der;
    lt_writer_init_growable(&der, 0);
    lt_cert cert;
    bool built = lt_privkey_generate(&key, LT_KEY_ED25519, 0, &err) &&
                 lt_cert_build(&spec, &key, NULL, &der, &err) &&
                 lt_cert_parse(&cert, der.data, der.len, &err);
    CHECK(built);
    lt_host host;
    if (built) {
        CHECK(lt_host_parse("localhost", &host, &err));
        CHECK(!lt_cert_check_host(&cert, &host, &err));
        CHECK(strstr(err.message, "certificate for a\\\\x1b[2J.example (CN=leaf) does not cover "
                                  "localhost") != NULL);
        CHECK(sentence_printable(err.message));
        lt_cert_free(&cert);
    }
    lt_writer_free(&der);
    lt_privkey_free(&key);
}

int main(void)
{
    test_client_hello_fills_list();
    test_server_alpn();
    test_certificate_names();
    test_san_in_sentence();
    return check_finish("peer_text");
}
