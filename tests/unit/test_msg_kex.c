/* ServerKeyExchange (ECDHE and DHE), ServerHelloDone, ClientKeyExchange
 * (ECDHE, DHE, RSA), with OpenSSL's messages of each kind. */
#include "test_msg_util.h"

typedef struct ske_case {
    lt_server_key_exchange ske;
    lt_msg_kex kind;
} ske_case;

typedef struct cke_case {
    lt_client_key_exchange cke;
    lt_msg_kex kind;
} cke_case;

static bool parse_ske(const uint8_t *b, size_t n, void *ctx, lt_error *err)
{
    ske_case *c = ctx;
    return lt_server_key_exchange_parse(b, n, c->kind, &c->ske, err);
}

static bool parse_cke(const uint8_t *b, size_t n, void *ctx, lt_error *err)
{
    cke_case *c = ctx;
    return lt_client_key_exchange_parse(b, n, c->kind, &c->cke, err);
}

static bool parse_shd(const uint8_t *b, size_t n, void *ctx, lt_error *err)
{
    (void)ctx;
    return lt_server_hello_done_parse(b, n, err);
}

static const uint8_t point[] = {0x04, 1, 2, 3, 4};
static const uint8_t sig[] = {0xaa, 0xbb, 0xcc};

static void test_ske_ecdhe_round_trip(void)
{
    lt_server_key_exchange ske = {.kind = LT_MSG_KEX_ECDHE,
                                  .group = LT_GROUP_SECP256R1,
                                  .point = {point, sizeof(point)},
                                  .sig = {LT_SIG_ECDSA_SECP256R1_SHA256, {sig, sizeof(sig)}}};
    lt_server_key_exchange parsed;
    lt_writer w1, w2, params;
    MSG_WRITE(w1, lt_server_key_exchange_write(&ske, &w1));
    MSG_WRITE(params, lt_server_key_exchange_write_params(&ske, &params));
    CHECK(params.len == 1 + 2 + 1 + sizeof(point));
    lt_span body = msg_body(w1.data, w1.len, LT_HS_SERVER_KEY_EXCHANGE);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_server_key_exchange_parse(body.data, body.len, LT_MSG_KEX_ECDHE, &parsed, &err));
    CHECK(parsed.kind == LT_MSG_KEX_ECDHE && parsed.group == LT_GROUP_SECP256R1);
    CHECK(span_eq(parsed.point, ske.point));
    CHECK(parsed.params.data == body.data && parsed.params.len == params.len);
    CHECK_MEM(parsed.params.data, params.data, params.len);
    CHECK(parsed.sig.scheme == LT_SIG_ECDSA_SECP256R1_SHA256);
    CHECK(span_eq(parsed.sig.signature, ske.sig.signature));
    MSG_WRITE(w2, lt_server_key_exchange_write(&parsed, &w2));
    CHECK(w1.len == w2.len);
    CHECK_MEM(w1.data, w2.data, w1.len);

    ske_case c = {.kind = LT_MSG_KEX_ECDHE};
    msg_check_truncations(parse_ske, body.data, body.len, &c, SIZE_MAX);
    msg_check_inner_length(parse_ske, body.data, body.len, &c, 3, 1);
    msg_check_inner_length(parse_ske, body.data, body.len, &c, params.len + 2, 2);
    /* curve_type explicit_prime (1) is refused (RFC 8422 5.4). */
    msg_check_length_field(parse_ske, body.data, body.len, &c, 0, 1, -2,
                           LATCH_ERR_ILLEGAL_PARAMETER);
    /* An empty point. */
    uint8_t bad[32];
    size_t n = check_hex("03 0017 00 0403 0001 aa", bad, sizeof(bad));
    msg_expect_fail(parse_ske, bad, n, &c, LATCH_ERR_DECODE);
    /* RSA key exchange has no ServerKeyExchange (RFC 5246 7.4.3). */
    c.kind = LT_MSG_KEX_RSA;
    msg_expect_fail(parse_ske, body.data, body.len, &c, LATCH_ERR_UNEXPECTED_MESSAGE);
    lt_writer_free(&w1);
    lt_writer_free(&w2);
    lt_writer_free(&params);
}

static void test_ske_dhe_round_trip(void)
{
    static const uint8_t p[] = {0xff, 0xff, 0xff, 0xfb};
    static const uint8_t g[] = {0x02};
    static const uint8_t ys[] = {0x12, 0x34, 0x56};
    lt_server_key_exchange ske = {.kind = LT_MSG_KEX_DHE,
                                  .dh_p = {p, sizeof(p)},
                                  .dh_g = {g, sizeof(g)},
                                  .dh_ys = {ys, sizeof(ys)},
                                  .sig = {LT_SIG_RSA_PSS_RSAE_SHA256, {sig, sizeof(sig)}}};
    lt_server_key_exchange parsed;
    lt_writer w1, w2;
    MSG_WRITE(w1, lt_server_key_exchange_write(&ske, &w1));
    lt_span body = msg_body(w1.data, w1.len, LT_HS_SERVER_KEY_EXCHANGE);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_server_key_exchange_parse(body.data, body.len, LT_MSG_KEX_DHE, &parsed, &err));
    CHECK(span_eq(parsed.dh_p, ske.dh_p) && span_eq(parsed.dh_g, ske.dh_g));
    CHECK(span_eq(parsed.dh_ys, ske.dh_ys));
    CHECK(parsed.params.len == 2 + 4 + 2 + 1 + 2 + 3);
    CHECK(parsed.point.len == 0 && parsed.group == 0);
    MSG_WRITE(w2, lt_server_key_exchange_write(&parsed, &w2));
    CHECK(w1.len == w2.len);
    CHECK_MEM(w1.data, w2.data, w1.len);

    ske_case c = {.kind = LT_MSG_KEX_DHE};
    msg_check_truncations(parse_ske, body.data, body.len, &c, SIZE_MAX);
    msg_check_inner_length(parse_ske, body.data, body.len, &c, 0, 2);
    msg_check_inner_length(parse_ske, body.data, body.len, &c, 6, 2);
    msg_check_inner_length(parse_ske, body.data, body.len, &c, 9, 2);
    uint8_t bad[32];
    size_t n = check_hex("0000 0001 02 0001 05 0401 0000", bad, sizeof(bad)); /* empty p */
    msg_expect_fail(parse_ske, bad, n, &c, LATCH_ERR_DECODE);
    n = check_hex("0001 17 0001 02 0000 0401 0000", bad, sizeof(bad)); /* empty Ys */
    msg_expect_fail(parse_ske, bad, n, &c, LATCH_ERR_DECODE);
    lt_writer_free(&w1);
    lt_writer_free(&w2);
}

static void check_captured_ske(const char *name, lt_msg_kex kind, size_t params_len)
{
    size_t len;
    uint8_t *msg = msg_fixture(name, &len);
    lt_span body = msg_body(msg, len, LT_HS_SERVER_KEY_EXCHANGE);
    lt_server_key_exchange ske;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_server_key_exchange_parse(body.data, body.len, kind, &ske, &err));
    CHECK(ske.params.len == params_len);
    lt_writer w;
    MSG_WRITE(w, lt_server_key_exchange_write(&ske, &w));
    CHECK(w.len == len);
    CHECK_MEM(w.data, msg, len);
    lt_writer_free(&w);
    ske_case c = {.kind = kind};
    msg_check_truncations(parse_ske, body.data, body.len, &c, SIZE_MAX);
    /* The other kind does not fit these bytes. */
    c.kind = kind == LT_MSG_KEX_ECDHE ? LT_MSG_KEX_DHE : LT_MSG_KEX_ECDHE;
    lt_error_clear(&err);
    CHECK(!parse_ske(body.data, body.len, &c, &err));
    free(msg);
}

static void test_ske_captured(void)
{
    size_t len;
    uint8_t *msg = msg_fixture("openssl_server_key_exchange", &len);
    lt_span body = msg_body(msg, len, LT_HS_SERVER_KEY_EXCHANGE);
    lt_server_key_exchange ske;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_server_key_exchange_parse(body.data, body.len, LT_MSG_KEX_ECDHE, &ske, &err));
    CHECK(ske.group == LT_GROUP_X25519 && ske.point.len == 32);
    CHECK(ske.sig.scheme == LT_SIG_ECDSA_SECP256R1_SHA256);
    free(msg);
    check_captured_ske("openssl_server_key_exchange", LT_MSG_KEX_ECDHE, 1 + 2 + 1 + 32);

    msg = msg_fixture("openssl_dhe_server_key_exchange", &len);
    body = msg_body(msg, len, LT_HS_SERVER_KEY_EXCHANGE);
    lt_error_clear(&err);
    CHECK(lt_server_key_exchange_parse(body.data, body.len, LT_MSG_KEX_DHE, &ske, &err));
    CHECK(ske.dh_p.len == 256 && ske.dh_g.len == 1 && ske.dh_g.data[0] == 2);
    CHECK(ske.dh_ys.len <= 256 && ske.sig.signature.len == 256); /* RSA-2048 */
    size_t params_len = 2 + ske.dh_p.len + 2 + ske.dh_g.len + 2 + ske.dh_ys.len;
    free(msg);
    check_captured_ske("openssl_dhe_server_key_exchange", LT_MSG_KEX_DHE, params_len);
}

static void test_server_hello_done(void)
{
    lt_writer w;
    MSG_WRITE(w, lt_server_hello_done_write(&w));
    size_t len;
    uint8_t *msg = msg_fixture("openssl_server_hello_done", &len);
    CHECK(w.len == 4 && len == 4);
    CHECK_MEM(w.data, msg, 4);
    lt_span body = msg_body(w.data, w.len, LT_HS_SERVER_HELLO_DONE);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_server_hello_done_parse(body.data, body.len, &err));
    msg_check_truncations(parse_shd, body.data, body.len, NULL, SIZE_MAX);
    lt_writer_free(&w);
    free(msg);
}

static void check_cke(lt_msg_kex kind, size_t prefix)
{
    static const uint8_t data[] = {0x04, 9, 8, 7, 6, 5};
    lt_client_key_exchange cke = {kind, {data, sizeof(data)}}, parsed;
    lt_writer w1, w2;
    MSG_WRITE(w1, lt_client_key_exchange_write(&cke, &w1));
    CHECK(w1.len == 4 + prefix + sizeof(data));
    lt_span body = msg_body(w1.data, w1.len, LT_HS_CLIENT_KEY_EXCHANGE);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_client_key_exchange_parse(body.data, body.len, kind, &parsed, &err));
    CHECK(parsed.kind == kind && span_eq(parsed.exchange, cke.exchange));
    MSG_WRITE(w2, lt_client_key_exchange_write(&parsed, &w2));
    CHECK(w1.len == w2.len);
    CHECK_MEM(w1.data, w2.data, w1.len);
    cke_case c = {.kind = kind};
    msg_check_truncations(parse_cke, body.data, body.len, &c, SIZE_MAX);
    msg_check_inner_length(parse_cke, body.data, body.len, &c, 0, prefix);
    const uint8_t empty[] = {0, 0};
    if (kind == LT_MSG_KEX_RSA) {
        /* RFC 5246 4.7: a public-key-encrypted vector may be empty. */
        CHECK(lt_client_key_exchange_parse(empty, 2, kind, &parsed, &err));
        CHECK(parsed.exchange.len == 0);
    } else {
        msg_expect_fail(parse_cke, empty, prefix, &c, LATCH_ERR_DECODE);
    }
    lt_writer_free(&w1);
    lt_writer_free(&w2);
}

static void check_captured_cke(const char *name, lt_msg_kex kind, size_t exchange_len)
{
    size_t len;
    uint8_t *msg = msg_fixture(name, &len);
    lt_span body = msg_body(msg, len, LT_HS_CLIENT_KEY_EXCHANGE);
    lt_client_key_exchange cke;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_client_key_exchange_parse(body.data, body.len, kind, &cke, &err));
    CHECK(cke.exchange.len == exchange_len);
    lt_writer w;
    MSG_WRITE(w, lt_client_key_exchange_write(&cke, &w));
    CHECK(w.len == len);
    CHECK_MEM(w.data, msg, len);
    lt_writer_free(&w);
    cke_case c = {.kind = kind};
    msg_check_truncations(parse_cke, body.data, body.len, &c, SIZE_MAX);
    free(msg);
}

static void test_client_key_exchange(void)
{
    check_cke(LT_MSG_KEX_ECDHE, 1);
    check_cke(LT_MSG_KEX_DHE, 2);
    check_cke(LT_MSG_KEX_RSA, 2);
    check_captured_cke("openssl_client_key_exchange", LT_MSG_KEX_ECDHE, 32); /* X25519 */
    check_captured_cke("openssl_dhe_client_key_exchange", LT_MSG_KEX_DHE, 256);
    check_captured_cke("openssl_rsa_client_key_exchange", LT_MSG_KEX_RSA, 256);
}

int main(void)
{
    test_ske_ecdhe_round_trip();
    test_ske_dhe_round_trip();
    test_ske_captured();
    test_server_hello_done();
    test_client_key_exchange();
    return check_finish("msg_kex");
}
