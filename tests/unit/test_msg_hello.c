/* ClientHello, ServerHello and HelloRequest: round trips, captured hellos
 * from real clients and servers, and malformed ones. */
#include "test_msg_util.h"

static bool parse_ch(const uint8_t *b, size_t n, void *ctx, lt_error *err)
{
    return lt_client_hello_parse(b, n, ctx, err);
}

static bool parse_sh(const uint8_t *b, size_t n, void *ctx, lt_error *err)
{
    return lt_server_hello_parse(b, n, ctx, err);
}

static bool parse_hr(const uint8_t *b, size_t n, void *ctx, lt_error *err)
{
    (void)ctx;
    return lt_hello_request_parse(b, n, err);
}

static const uint8_t null_compression[] = {0};
static const uint8_t point_formats[] = {0};
static const char host[] = "example.com";
static const char h2[] = "h2";
static const char http11[] = "http/1.1";

static void fill_client_hello(lt_client_hello *ch)
{
    memset(ch, 0, sizeof(*ch));
    ch->version = 0x0303;
    for (size_t i = 0; i < LT_RANDOM_LEN; i++)
        ch->random[i] = (uint8_t)i;
    ch->session_id_len = LT_SESSION_ID_MAX;
    memset(ch->session_id, 0xab, LT_SESSION_ID_MAX);
    const uint16_t suites[] = {0xc02b, 0xc02f, 0x00ff};
    memcpy(ch->cipher_suites, suites, sizeof(suites));
    ch->cipher_suites_count = 3;
    ch->compression_methods = lt_span_make(null_compression, 1);
    lt_extensions *e = &ch->ext;
    e->server_name.present = true;
    e->server_name.host_name = lt_span_make((const uint8_t *)host, strlen(host));
    e->supported_groups.present = true;
    e->supported_groups.groups[0] = LT_GROUP_X25519;
    e->supported_groups.groups[1] = LT_GROUP_SECP256R1;
    e->supported_groups.count = 2;
    e->ec_point_formats.present = true;
    e->ec_point_formats.formats = lt_span_make(point_formats, 1);
    e->signature_algorithms.present = true;
    e->signature_algorithms.schemes[0] = LT_SIG_ECDSA_SECP256R1_SHA256;
    e->signature_algorithms.schemes[1] = LT_SIG_RSA_PSS_RSAE_SHA256;
    e->signature_algorithms.count = 2;
    e->alpn.present = true;
    e->alpn.protocols[0] = lt_span_make((const uint8_t *)h2, 2);
    e->alpn.protocols[1] = lt_span_make((const uint8_t *)http11, 8);
    e->alpn.count = 2;
    e->extended_master_secret.present = true;
    e->renegotiation_info.present = true;
    e->session_ticket.present = true;
    e->unknown[0].type = 0x0a0a; /* GREASE */
    e->unknown_count = 1;
}

static void test_client_hello_round_trip(void)
{
    lt_client_hello ch, parsed;
    fill_client_hello(&ch);
    lt_writer w1, w2;
    MSG_WRITE(w1, lt_client_hello_write(&ch, &w1));
    lt_span body = msg_body(w1.data, w1.len, LT_HS_CLIENT_HELLO);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_client_hello_parse(body.data, body.len, &parsed, &err));
    CHECK(parsed.version == 0x0303);
    CHECK_MEM(parsed.random, ch.random, LT_RANDOM_LEN);
    CHECK(parsed.session_id_len == 32);
    CHECK_MEM(parsed.session_id, ch.session_id, 32);
    CHECK(parsed.cipher_suites_count == 3);
    CHECK(parsed.cipher_suites[0] == 0xc02b && parsed.cipher_suites[2] == 0x00ff);
    CHECK(span_eq(parsed.compression_methods, ch.compression_methods));
    CHECK(span_is(parsed.ext.server_name.host_name, host));
    CHECK(parsed.ext.supported_groups.count == 2);
    CHECK(parsed.ext.supported_groups.groups[1] == LT_GROUP_SECP256R1);
    CHECK(parsed.ext.signature_algorithms.count == 2);
    CHECK(parsed.ext.alpn.count == 2 && span_is(parsed.ext.alpn.protocols[1], http11));
    CHECK(parsed.ext.extended_master_secret.present);
    CHECK(!parsed.ext.encrypt_then_mac.present);
    CHECK(parsed.ext.renegotiation_info.present);
    CHECK(parsed.ext.renegotiation_info.renegotiated_connection.len == 0);
    CHECK(parsed.ext.session_ticket.present && parsed.ext.session_ticket.ticket.len == 0);
    CHECK(parsed.ext.unknown_count == 1 && parsed.ext.unknown[0].type == 0x0a0a);
    CHECK(parsed.ext.count == 9);
    MSG_WRITE(w2, lt_client_hello_write(&parsed, &w2));
    CHECK(w1.len == w2.len);
    CHECK_MEM(w1.data, w2.data, w1.len);

    /* version, random, session_id and its length, three suites and their
     * length, compression and its length: then the optional extensions. */
    size_t ext_at = 2 + 32 + 1 + 32 + 2 + 6 + 1 + 1;
    msg_check_truncations(parse_ch, body.data, body.len, &parsed, ext_at);
    msg_check_inner_length(parse_ch, body.data, body.len, &parsed, 2 + 32 + 1 + 32, 2);
    msg_check_inner_length(parse_ch, body.data, body.len, &parsed, ext_at, 2);
    msg_check_length_field(parse_ch, body.data, body.len, &parsed, 2 + 32, 1, +1, LATCH_ERR_DECODE);
    lt_writer_free(&w1);
    lt_writer_free(&w2);
}

static void test_client_hello_without_extensions(void)
{
    lt_client_hello ch, parsed;
    fill_client_hello(&ch);
    memset(&ch.ext, 0, sizeof(ch.ext));
    ch.session_id_len = 0;
    lt_writer w;
    MSG_WRITE(w, lt_client_hello_write(&ch, &w));
    CHECK(w.len == 4 + 2 + 32 + 1 + 2 + 6 + 2);
    lt_span body = msg_body(w.data, w.len, LT_HS_CLIENT_HELLO);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_client_hello_parse(body.data, body.len, &parsed, &err));
    CHECK(lt_extensions_empty(&parsed.ext) && parsed.ext.count == 0);
    msg_check_truncations(parse_ch, body.data, body.len, &parsed, SIZE_MAX);

    /* An empty extensions block is allowed and means the same. */
    uint8_t longer[128];
    memcpy(longer, body.data, body.len);
    longer[body.len] = 0;
    longer[body.len + 1] = 0;
    CHECK(lt_client_hello_parse(longer, body.len + 2, &parsed, &err));
    CHECK(parsed.ext.count == 0);
    lt_writer_free(&w);
}

/* A hand-made body: suites and compression as given, no extensions. */
static size_t make_client_hello(uint8_t *out, const uint8_t *suites, size_t suites_len,
                                const uint8_t *comp, size_t comp_len)
{
    lt_writer w;
    lt_writer_init_fixed(&w, out, 1024);
    lt_write_u16(&w, 0x0303);
    uint8_t random[32] = {0};
    lt_write_bytes(&w, random, 32);
    lt_write_u8(&w, 0);
    lt_wblock b = lt_write_open(&w, 2);
    lt_write_bytes(&w, suites, suites_len);
    lt_write_close(&w, b);
    b = lt_write_open(&w, 1);
    lt_write_bytes(&w, comp, comp_len);
    lt_write_close(&w, b);
    CHECK(lt_writer_ok(&w));
    return w.len;
}

static void test_client_hello_rejects(void)
{
    lt_client_hello ch;
    uint8_t body[1024];
    const uint8_t suites[] = {0xc0, 0x2b, 0xc0, 0x2f, 0x00};
    const uint8_t comp_ok[] = {1, 0};
    const uint8_t comp_deflate[] = {1};

    size_t n = make_client_hello(body, suites, 4, comp_ok, 2);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_client_hello_parse(body, n, &ch, &err));
    CHECK(ch.compression_methods.len == 2);

    n = make_client_hello(body, suites, 5, comp_ok, 1);
    msg_expect_fail(parse_ch, body, n, &ch, LATCH_ERR_DECODE); /* odd suites */
    lt_error_clear(&err);
    CHECK(!lt_client_hello_parse(body, n, &ch, &err));
    CHECK(strcmp(err.message, "ClientHello: cipher_suites length 5 is odd") == 0);
    n = make_client_hello(body, suites, 0, comp_ok, 1);
    msg_expect_fail(parse_ch, body, n, &ch, LATCH_ERR_DECODE); /* no suites */
    n = make_client_hello(body, suites, 4, comp_ok, 0);
    msg_expect_fail(parse_ch, body, n, &ch, LATCH_ERR_DECODE); /* no compression */
    n = make_client_hello(body, suites, 4, comp_deflate, 1);
    msg_expect_fail(parse_ch, body, n, &ch, LATCH_ERR_ILLEGAL_PARAMETER); /* no null */

    /* A 33-byte session_id. */
    n = make_client_hello(body, suites, 4, comp_ok + 1, 1);
    uint8_t sid33[1100];
    memcpy(sid33, body, 34);
    sid33[34] = 33;
    memset(sid33 + 35, 0, 33);
    memcpy(sid33 + 68, body + 35, n - 35);
    msg_expect_fail(parse_ch, sid33, n + 33, &ch, LATCH_ERR_DECODE);
}

static void test_server_hello_round_trip(void)
{
    lt_server_hello sh, parsed;
    memset(&sh, 0, sizeof(sh));
    sh.version = 0x0303;
    memset(sh.random, 0x5a, LT_RANDOM_LEN);
    sh.session_id_len = 16;
    memset(sh.session_id, 0x11, 16);
    sh.cipher_suite = 0xc02f;
    sh.ext.renegotiation_info.present = true;
    sh.ext.extended_master_secret.present = true;
    sh.ext.ec_point_formats.present = true;
    sh.ext.ec_point_formats.formats = lt_span_make(point_formats, 1);
    sh.ext.server_name.present = true;
    sh.ext.session_ticket.present = true;
    sh.ext.status_request.present = true;
    sh.ext.alpn.present = true;
    sh.ext.alpn.protocols[0] = lt_span_make((const uint8_t *)h2, 2);
    sh.ext.alpn.count = 1;
    sh.ext.record_size_limit.present = true;
    sh.ext.record_size_limit.limit = 16385;
    sh.ext.max_fragment_length.present = true;
    sh.ext.max_fragment_length.value = LT_MAX_FRAGMENT_4096;
    sh.ext.encrypt_then_mac.present = true;

    lt_writer w1, w2;
    MSG_WRITE(w1, lt_server_hello_write(&sh, &w1));
    lt_span body = msg_body(w1.data, w1.len, LT_HS_SERVER_HELLO);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_server_hello_parse(body.data, body.len, &parsed, &err));
    CHECK(parsed.version == 0x0303 && parsed.cipher_suite == 0xc02f);
    CHECK_MEM(parsed.random, sh.random, LT_RANDOM_LEN);
    CHECK(parsed.session_id_len == 16);
    CHECK_MEM(parsed.session_id, sh.session_id, 16);
    CHECK(parsed.ext.count == 10);
    CHECK(parsed.ext.server_name.present && parsed.ext.server_name.host_name.len == 0);
    CHECK(parsed.ext.alpn.count == 1 && span_is(parsed.ext.alpn.protocols[0], h2));
    CHECK(parsed.ext.record_size_limit.limit == 16385);
    CHECK(parsed.ext.max_fragment_length.value == LT_MAX_FRAGMENT_4096);
    CHECK(parsed.ext.encrypt_then_mac.present && parsed.ext.extended_master_secret.present);
    CHECK(parsed.ext.status_request.present && parsed.ext.session_ticket.present);
    MSG_WRITE(w2, lt_server_hello_write(&parsed, &w2));
    CHECK(w1.len == w2.len);
    CHECK_MEM(w1.data, w2.data, w1.len);

    size_t ext_at = 2 + 32 + 1 + 16 + 2 + 1;
    msg_check_truncations(parse_sh, body.data, body.len, &parsed, ext_at);
    msg_check_inner_length(parse_sh, body.data, body.len, &parsed, ext_at, 2);
    msg_check_length_field(parse_sh, body.data, body.len, &parsed, 34, 1, +17, LATCH_ERR_DECODE);

    /* A compression method other than null. */
    uint8_t bad[512];
    memcpy(bad, body.data, body.len);
    bad[ext_at - 1] = 1;
    msg_expect_fail(parse_sh, bad, body.len, &parsed, LATCH_ERR_ILLEGAL_PARAMETER);
    lt_writer_free(&w1);
    lt_writer_free(&w2);
}

static void test_hello_request(void)
{
    lt_writer w;
    MSG_WRITE(w, lt_hello_request_write(&w));
    CHECK(w.len == 4);
    const uint8_t want[] = {0, 0, 0, 0};
    CHECK_MEM(w.data, want, 4);
    lt_span body = msg_body(w.data, w.len, LT_HS_HELLO_REQUEST);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_hello_request_parse(body.data, body.len, &err));
    msg_check_truncations(parse_hr, body.data, body.len, NULL, SIZE_MAX);
    lt_writer_free(&w);
}

/* Parses a captured ClientHello and checks every cut of it; ext_at is
 * where its extensions block starts (a cut there is a valid hello). */
static void parse_captured_client_hello(const char *name, size_t ext_at, lt_client_hello *ch,
                                        uint8_t **msg, size_t *len)
{
    *msg = msg_fixture(name, len);
    lt_span body = msg_body(*msg, *len, LT_HS_CLIENT_HELLO);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_client_hello_parse(body.data, body.len, ch, &err));
    if (lt_error_is_set(&err))
        fprintf(stderr, "  %s: %s\n", name, err.message);
    lt_client_hello scratch;
    msg_check_truncations(parse_ch, body.data, body.len, &scratch, ext_at);
}

static void test_captured_client_hellos(void)
{
    lt_client_hello ch;
    uint8_t *msg;
    size_t len;

    parse_captured_client_hello("openssl_client_hello", 95, &ch, &msg, &len);
    CHECK(ch.version == 0x0303 && ch.session_id_len == 0);
    CHECK(ch.cipher_suites_count == 28);
    CHECK(ch.cipher_suites[0] == 0xc02c && ch.cipher_suites[27] == 0x00ff);
    CHECK(span_is(ch.ext.server_name.host_name, "example.com"));
    CHECK(ch.ext.supported_groups.count == 5);
    CHECK(ch.ext.supported_groups.groups[0] == LT_GROUP_X25519);
    CHECK(ch.ext.supported_groups.groups[1] == LT_GROUP_SECP256R1);
    CHECK(ch.ext.extended_master_secret.present && ch.ext.encrypt_then_mac.present);
    CHECK(ch.ext.session_ticket.present && ch.ext.session_ticket.ticket.len == 0);
    CHECK(ch.ext.status_request.present && ch.ext.status_request.status_type == 1);
    CHECK(ch.ext.alpn.count == 2 && span_is(ch.ext.alpn.protocols[0], "h2"));
    CHECK(ch.ext.signature_algorithms.count == 20);
    CHECK(ch.ext.signature_algorithms.schemes[0] == LT_SIG_ECDSA_SECP256R1_SHA256);
    CHECK(!ch.ext.renegotiation_info.present);
    CHECK(ch.ext.count == 9 && ch.ext.unknown_count == 0);
    /* These are exactly the extensions this file knows, so a write of the
     * parsed struct has the same length, and the same bytes as a write of
     * the reparsed one. */
    lt_writer w1, w2;
    MSG_WRITE(w1, lt_client_hello_write(&ch, &w1));
    CHECK(w1.len == len);
    lt_client_hello again;
    lt_span body = msg_body(w1.data, w1.len, LT_HS_CLIENT_HELLO);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_client_hello_parse(body.data, body.len, &again, &err));
    MSG_WRITE(w2, lt_client_hello_write(&again, &w2));
    CHECK(w1.len == w2.len);
    CHECK_MEM(w1.data, w2.data, w1.len);
    lt_writer_free(&w1);
    lt_writer_free(&w2);
    /* The extensions block length one off, in the real bytes. */
    body = msg_body(msg, len, LT_HS_CLIENT_HELLO);
    msg_check_inner_length(parse_ch, body.data, body.len, &again, 95, 2);
    free(msg);

    parse_captured_client_hello("gnutls_client_hello", 129, &ch, &msg, &len);
    CHECK(ch.session_id_len == 32 && ch.cipher_suites_count == 29);
    CHECK(span_is(ch.ext.server_name.host_name, "example.com"));
    CHECK(ch.ext.supported_groups.count == 10);
    CHECK(ch.ext.supported_groups.groups[5] == LT_GROUP_FFDHE2048);
    CHECK(ch.ext.extended_master_secret.present);
    CHECK(ch.ext.record_size_limit.present && ch.ext.record_size_limit.limit == 16385);
    CHECK(ch.ext.renegotiation_info.present);
    CHECK(ch.ext.renegotiation_info.renegotiated_connection.len == 0);
    CHECK(ch.ext.alpn.count == 1 && span_is(ch.ext.alpn.protocols[0], "http/1.1"));
    /* key_share (51), supported_versions (43), psk_key_exchange_modes (45) */
    CHECK(ch.ext.count == 14 && ch.ext.unknown_count == 0);
    CHECK(ch.ext.tls13.key_share.present && ch.ext.tls13.supported_versions.offers_tls13);
    CHECK(lt_extensions_has(&ch.ext, 45) && !lt_extensions_has(&ch.ext, 41));
    free(msg);

    parse_captured_client_hello("curl_client_hello", 133, &ch, &msg, &len);
    CHECK(ch.session_id_len == 32 && ch.cipher_suites_count == 31);
    CHECK(ch.cipher_suites[0] == 0x1302);
    CHECK(span_is(ch.ext.server_name.host_name, "example.com"));
    CHECK(ch.ext.supported_groups.count == 10);
    CHECK(ch.ext.extended_master_secret.present);
    CHECK(ch.ext.alpn.count == 2);
    /* post_handshake_auth (49), supported_versions, psk modes, key_share, padding (21) */
    CHECK(ch.ext.count == 12 && ch.ext.unknown_count == 1);
    CHECK(ch.ext.unknown[0].type == 21 && ch.ext.unknown[0].data.len > 0);
    CHECK(ch.ext.tls13.post_handshake_auth.present && ch.ext.tls13.key_share.count == 1);
    free(msg);
}

static void test_captured_server_hello(void)
{
    size_t len;
    uint8_t *msg = msg_fixture("openssl_server_hello", &len);
    lt_span body = msg_body(msg, len, LT_HS_SERVER_HELLO);
    lt_server_hello sh;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_server_hello_parse(body.data, body.len, &sh, &err));
    CHECK(sh.version == 0x0303 && sh.cipher_suite == 0xc02c && sh.session_id_len == 0);
    CHECK(sh.ext.count == 5);
    CHECK(sh.ext.types[0] == LT_EXT_RENEGOTIATION_INFO);
    CHECK(sh.ext.renegotiation_info.present);
    CHECK(sh.ext.renegotiation_info.renegotiated_connection.len == 0);
    CHECK(sh.ext.extended_master_secret.present && sh.ext.session_ticket.present);
    CHECK(sh.ext.alpn.count == 1 && span_is(sh.ext.alpn.protocols[0], "h2"));
    CHECK(sh.ext.ec_point_formats.formats.len == 3);
    lt_server_hello scratch;
    msg_check_truncations(parse_sh, body.data, body.len, &scratch, 38);
    msg_check_inner_length(parse_sh, body.data, body.len, &scratch, 38, 2);
    /* Same extensions in another order: the same length back. */
    lt_writer w;
    MSG_WRITE(w, lt_server_hello_write(&sh, &w));
    CHECK(w.len == len);
    lt_writer_free(&w);
    free(msg);
}

int main(void)
{
    test_client_hello_round_trip();
    test_client_hello_without_extensions();
    test_client_hello_rejects();
    test_server_hello_round_trip();
    test_hello_request();
    test_captured_client_hellos();
    test_captured_server_hello();
    return check_finish("msg_hello");
}
