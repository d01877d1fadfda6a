/*
 * TLS 1.3's messages and extensions (msg13.h, ext13.h): what each
 * accepts, what each rejects with which alert, RFC 8446 4.2's table of
 * where an extension may appear, and round trips.
 */
#include "test_msg_util.h"
#include "tls/msg13.h"

static bool parse_ext_in(const uint8_t *b, size_t n, lt_ext_context ctx, lt_extensions *out,
                         lt_error *err)
{
    lt_error_clear(err);
    return lt_extensions_parse(b, n, ctx, out, err);
}

/* An extensions block's contents: one extension of type with the body. */
static size_t block(uint16_t type, const char *body_hex, uint8_t *out, size_t cap)
{
    uint8_t body[512];
    size_t n = check_hex(body_hex, body, sizeof(body));
    lt_writer w;
    lt_writer_init_fixed(&w, out, cap);
    lt_write_u16(&w, type);
    lt_wblock b = lt_write_open(&w, 2);
    lt_write_bytes(&w, body, n);
    lt_write_close(&w, b);
    CHECK(lt_writer_ok(&w));
    return w.len;
}

static latch_err ext_result(uint16_t type, const char *body_hex, lt_ext_context ctx,
                            lt_extensions *out)
{
    static uint8_t buf[600];
    size_t n = block(type, body_hex, buf, sizeof(buf));
    lt_error err;
    return parse_ext_in(buf, n, ctx, out, &err) ? LATCH_OK : err.code;
}

static void test_special_randoms(void)
{
    /* RFC 8446 4.1.3: SHA-256("HelloRetryRequest"). */
    uint8_t r[LT_RANDOM_LEN];
    check_hex("CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C", r, sizeof(r));
    CHECK(lt_random_is_hrr(r));
    r[31] ^= 1;
    CHECK(!lt_random_is_hrr(r));
    CHECK(!lt_random_has_downgrade(r));
    check_hex("444F574E47524401", r + 24, 8); /* "DOWNGRD" 01 */
    CHECK(lt_random_has_downgrade(r));
    r[31] = 0; /* TLS 1.1 and below */
    CHECK(lt_random_has_downgrade(r));
    r[30] = 'E';
    CHECK(!lt_random_has_downgrade(r));
}

static void test_supported_versions(void)
{
    lt_extensions e;
    /* GREASE 0x0a0a, TLS 1.3, TLS 1.2. */
    CHECK(ext_result(43, "06 0a0a 0304 0303", LT_EXT_IN_CLIENT_HELLO, &e) == LATCH_OK);
    CHECK(e.tls13.supported_versions.present && e.tls13.supported_versions.offers_tls13 &&
          e.tls13.supported_versions.offers_tls12);
    CHECK(ext_result(43, "02 0303", LT_EXT_IN_CLIENT_HELLO, &e) == LATCH_OK);
    CHECK(!e.tls13.supported_versions.offers_tls13);
    CHECK(ext_result(43, "00", LT_EXT_IN_CLIENT_HELLO, &e) == LATCH_ERR_DECODE);
    CHECK(ext_result(43, "03 030403", LT_EXT_IN_CLIENT_HELLO, &e) == LATCH_ERR_DECODE);
    CHECK(ext_result(43, "0304", LT_EXT_IN_SERVER_HELLO, &e) == LATCH_OK);
    CHECK(e.tls13.supported_versions.selected == 0x0304);
    CHECK(ext_result(43, "030400", LT_EXT_IN_SERVER_HELLO, &e) == LATCH_ERR_DECODE);
    CHECK(ext_result(43, "03", LT_EXT_IN_SERVER_HELLO, &e) == LATCH_ERR_DECODE);
}

static void test_key_share(void)
{
    lt_extensions e;
    /* x25519 with a 4-byte share (lengths only are checked here), an
     * unknown group, secp256r1. */
    CHECK(ext_result(51, "0013 001d 0004 01020304 7777 0001 ff 0017 0002 0404",
                     LT_EXT_IN_CLIENT_HELLO, &e) == LATCH_OK);
    CHECK(e.tls13.key_share.count == 2 && e.tls13.key_share.listed == 3);
    CHECK(e.tls13.key_share.shares[0].group == 0x001d &&
          e.tls13.key_share.shares[0].key_exchange.len == 4);
    CHECK(e.tls13.key_share.shares[1].group == 0x0017);
    /* An empty list asks for a HelloRetryRequest; it is legal. */
    CHECK(ext_result(51, "0000", LT_EXT_IN_CLIENT_HELLO, &e) == LATCH_OK);
    CHECK(e.tls13.key_share.present && e.tls13.key_share.count == 0);
    /* RFC 8446 4.2.8: one share per group. */
    CHECK(ext_result(51, "000a 001d 0001 01 001d 0001 02", LT_EXT_IN_CLIENT_HELLO, &e) ==
          LATCH_ERR_ILLEGAL_PARAMETER);
    CHECK(ext_result(51, "0005 001d 0000 00", LT_EXT_IN_CLIENT_HELLO, &e) == LATCH_ERR_DECODE);
    CHECK(ext_result(51, "0006 001d 0003 0102", LT_EXT_IN_CLIENT_HELLO, &e) == LATCH_ERR_DECODE);
    /* ServerHello: one entry; HelloRetryRequest: the group alone. */
    CHECK(ext_result(51, "001d 0002 aabb", LT_EXT_IN_SERVER_HELLO, &e) == LATCH_OK);
    CHECK(e.tls13.key_share.has_share && e.tls13.key_share.server_share.group == 0x001d);
    CHECK(ext_result(51, "0017", LT_EXT_IN_SERVER_HELLO, &e) == LATCH_OK);
    CHECK(!e.tls13.key_share.has_share && e.tls13.key_share.selected_group == 0x0017);
    CHECK(ext_result(51, "001d 0002 aabb cc", LT_EXT_IN_SERVER_HELLO, &e) == LATCH_ERR_DECODE);
}

static void test_small_extensions(void)
{
    lt_extensions e;
    CHECK(ext_result(44, "0003 abcdef", LT_EXT_IN_SERVER_HELLO, &e) == LATCH_OK);
    CHECK(e.tls13.cookie.present && e.tls13.cookie.cookie.len == 3);
    CHECK(ext_result(44, "0000", LT_EXT_IN_SERVER_HELLO, &e) == LATCH_ERR_DECODE);
    CHECK(ext_result(45, "01 01", LT_EXT_IN_CLIENT_HELLO, &e) == LATCH_OK);
    CHECK(e.tls13.psk_key_exchange_modes.modes.len == 1 &&
          e.tls13.psk_key_exchange_modes.modes.data[0] == LT_PSK_DHE_KE);
    CHECK(ext_result(45, "00", LT_EXT_IN_CLIENT_HELLO, &e) == LATCH_ERR_DECODE);
    CHECK(ext_result(50, "0004 0403 0807", LT_EXT_IN_CLIENT_HELLO, &e) == LATCH_OK);
    CHECK(e.tls13.signature_algorithms_cert.count == 2);
    CHECK(ext_result(50, "0003 040308", LT_EXT_IN_CLIENT_HELLO, &e) == LATCH_ERR_DECODE);
    CHECK(ext_result(42, "", LT_EXT_IN_CLIENT_HELLO, &e) == LATCH_OK);
    CHECK(ext_result(42, "00", LT_EXT_IN_CLIENT_HELLO, &e) == LATCH_ERR_DECODE);
    CHECK(ext_result(49, "", LT_EXT_IN_CLIENT_HELLO, &e) == LATCH_OK);
    CHECK(ext_result(41, "0001", LT_EXT_IN_SERVER_HELLO, &e) == LATCH_OK);
    CHECK(e.tls13.pre_shared_key.selected_identity == 1);
    CHECK(strcmp(lt_ext_type_name(51), "key_share") == 0);
    CHECK(strcmp(lt_ext_type_name(0x7777), "unknown") == 0);
}

/* RFC 8446 4.2: a known extension where the table does not allow it is
 * illegal_parameter. */
static void test_allowed_table(void)
{
    const uint16_t sh_ok[] = {43, 51, 41};
    const uint16_t sh_alpn[] = {43, 16};
    const uint16_t ee_share[] = {0, 51};
    const uint16_t ee_ok[] = {0, 16, 10, 28, 42, 0x7777};
    const uint16_t hrr_ok[] = {43, 51, 44};
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_ext13_check_allowed(sh_ok, 3, LT_EXT13_SH, &err));
    CHECK(lt_ext13_check_allowed(ee_ok, 6, LT_EXT13_EE, &err));
    CHECK(lt_ext13_check_allowed(hrr_ok, 3, LT_EXT13_HRR, &err));
    CHECK(!lt_ext13_check_allowed(sh_alpn, 2, LT_EXT13_SH, &err));
    CHECK(err.code == LATCH_ERR_ILLEGAL_PARAMETER && strstr(err.message, "ServerHello") != NULL);
    lt_error_clear(&err);
    CHECK(!lt_ext13_check_allowed(ee_share, 2, LT_EXT13_EE, &err));
    CHECK(err.code == LATCH_ERR_ILLEGAL_PARAMETER && strstr(err.message, "key_share") != NULL);
    lt_error_clear(&err);
    CHECK(!lt_ext13_check_allowed(hrr_ok, 3, LT_EXT13_SH, &err)); /* cookie */
}

static bool parse_ee(const uint8_t *b, size_t n, void *ctx, lt_error *err)
{
    return lt_encrypted_extensions_parse(b, n, ctx, err);
}

static void test_encrypted_extensions(void)
{
    lt_encrypted_extensions ee;
    /* server_name (empty), ALPN "h2", supported_groups. */
    uint8_t body[64];
    size_t n =
        check_hex("0015 0000 0000 000a 0004 0002 001d 0010 0005 0003 026832", body, sizeof(body));
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_encrypted_extensions_parse(body, n, &ee, &err));
    CHECK(ee.ext.server_name.present && ee.ext.alpn.count == 1 && ee.ext.supported_groups.count);
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_encrypted_extensions_write(&ee, &w);
    CHECK(w.len == n + 4 && w.data[0] == LT_HS_ENCRYPTED_EXTENSIONS);
    CHECK_MEM(w.data + 4, body, n);
    lt_writer_free(&w);
    msg_check_truncations(parse_ee, body, n, &ee, SIZE_MAX);
    /* key_share belongs in ServerHello; signature_algorithms in
     * CertificateRequest. */
    n = check_hex("0009 0033 0005 0017 0001 ff", body, sizeof(body));
    msg_expect_fail(parse_ee, body, n, &ee, LATCH_ERR_ILLEGAL_PARAMETER);
    n = check_hex("0008 000d 0004 0002 0403", body, sizeof(body));
    msg_expect_fail(parse_ee, body, n, &ee, LATCH_ERR_ILLEGAL_PARAMETER);
}

static bool parse_cert13(const uint8_t *b, size_t n, void *ctx, lt_error *err)
{
    return lt_certificate13_parse(b, n, ctx, err);
}

static void test_certificate13(void)
{
    static const uint8_t leaf[] = {0x30, 0x03, 0x02, 0x01, 0x01};
    static const uint8_t ca[] = {0x30, 0x03, 0x02, 0x01, 0x02};
    static const uint8_t ocsp[] = {0x30, 0x01, 0x00};
    static const uint8_t sct[] = {0x00, 0x02, 0xab, 0xcd};
    lt_certificate13 c;
    memset(&c, 0, sizeof(c));
    c.certs[0] = lt_span_make(leaf, sizeof(leaf));
    c.certs[1] = lt_span_make(ca, sizeof(ca));
    c.ocsp[0] = lt_span_make(ocsp, sizeof(ocsp));
    c.sct[0] = lt_span_make(sct, sizeof(sct));
    c.count = 2;
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_certificate13_write(&c, &w);
    CHECK(lt_writer_ok(&w) && w.data[0] == LT_HS_CERTIFICATE);
    lt_certificate13 back;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_certificate13_parse(w.data + 4, w.len - 4, &back, &err));
    CHECK(back.count == 2 && back.context.len == 0);
    CHECK(back.ocsp[0].len == sizeof(ocsp) && back.sct[0].len == sizeof(sct));
    CHECK(back.ocsp[1].len == 0 && back.sct[1].len == 0);
    CHECK_MEM(back.certs[1].data, ca, sizeof(ca));
    msg_check_truncations(parse_cert13, w.data + 4, w.len - 4, &back, SIZE_MAX);
    lt_writer_free(&w);

    uint8_t body[64];
    /* An entry with an extension nobody asked for (ALPN). */
    size_t n = check_hex("00 00000d 000005 3003020101 0003 0010 00", body, sizeof(body));
    msg_expect_fail(parse_cert13, body, n, &back, LATCH_ERR_DECODE);
    n = check_hex("00 00000f 000005 3003020101 0005 0010 0001 00", body, sizeof(body));
    msg_expect_fail(parse_cert13, body, n, &back, LATCH_ERR_UNSUPPORTED_EXTENSION);
    /* A status_request whose status_type is not ocsp. */
    n = check_hex("00 000013 000005 3003020101 0009 0005 0005 02 000001 00", body, sizeof(body));
    msg_expect_fail(parse_cert13, body, n, &back, LATCH_ERR_ILLEGAL_PARAMETER);
    /* An empty certificate. */
    n = check_hex("00 000005 000000 0000", body, sizeof(body));
    msg_expect_fail(parse_cert13, body, n, &back, LATCH_ERR_DECODE);
    /* A client's empty Certificate, echoing a context. */
    n = check_hex("02 abcd 000000", body, sizeof(body));
    CHECK(msg_parse_exact(parse_cert13, body, n, &back, &err));
    CHECK(back.count == 0 && back.context.len == 2);
}

static bool parse_cr13(const uint8_t *b, size_t n, void *ctx, lt_error *err)
{
    return lt_certificate_request13_parse(b, n, ctx, err);
}

static void test_certificate_request13(void)
{
    lt_certificate_request13 cr;
    uint8_t body[64];
    lt_error err;
    size_t n = check_hex("00 000e 0005 0000 000d 0006 0004 0403 0804", body, sizeof(body));
    lt_error_clear(&err);
    CHECK(lt_certificate_request13_parse(body, n, &cr, &err));
    CHECK(cr.ext.signature_algorithms.count == 2 && cr.ext.status_request.present);
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_certificate_request13_write(&cr, &w);
    CHECK(w.len == n + 4);
    CHECK_MEM(w.data + 4, body, n);
    lt_writer_free(&w);
    msg_check_truncations(parse_cr13, body, n, &cr, SIZE_MAX);
    /* RFC 8446 4.3.2: signature_algorithms is required. */
    n = check_hex("00 0004 0005 0000", body, sizeof(body));
    msg_expect_fail(parse_cr13, body, n, &cr, LATCH_ERR_MISSING_EXTENSION);
    /* key_share has no place here. */
    n = check_hex("00 0011 000d 0004 0002 0403 0033 0005 001d 0001 ff", body, sizeof(body));
    msg_expect_fail(parse_cr13, body, n, &cr, LATCH_ERR_ILLEGAL_PARAMETER);
}

/* RFC 8446 4.4.3's layout: 64 spaces, the context string, a zero byte,
 * the transcript hash. */
static void test_certificate_verify_content(void)
{
    uint8_t hash[48];
    for (size_t i = 0; i < sizeof(hash); i++)
        hash[i] = (uint8_t)i;
    uint8_t out[LT_CV13_CONTENT_MAX];
    size_t n = lt_cv13_content(LT_CV13_SERVER, hash, 32, out);
    CHECK(n == 64 + 33 + 1 + 32);
    for (size_t i = 0; i < 64; i++)
        CHECK(out[i] == 0x20);
    CHECK(memcmp(out + 64, "TLS 1.3, server CertificateVerify", 33) == 0);
    CHECK(out[97] == 0);
    CHECK_MEM(out + 98, hash, 32);
    n = lt_cv13_content(LT_CV13_CLIENT, hash, 48, out);
    CHECK(n == 64 + 34 + 48);
    CHECK(memcmp(out + 64, "TLS 1.3, client CertificateVerify", 34) == 0);
}

static bool parse_nst13(const uint8_t *b, size_t n, void *ctx, lt_error *err)
{
    return lt_new_session_ticket13_parse(b, n, ctx, err);
}

static void test_new_session_ticket13(void)
{
    lt_new_session_ticket13 t;
    uint8_t body[64];
    lt_error err;
    /* lifetime 7200, age_add, a 2-byte nonce, a 3-byte ticket, early_data. */
    size_t n = check_hex("00001c20 01020304 02 0001 0003 aabbcc 0008 002a 0004 00004000", body,
                         sizeof(body));
    lt_error_clear(&err);
    CHECK(lt_new_session_ticket13_parse(body, n, &t, &err));
    CHECK(t.lifetime == 7200 && t.age_add == 0x01020304 && t.nonce.len == 2 && t.ticket.len == 3 &&
          t.max_early_data == 0x4000);
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_new_session_ticket13_write(&t, &w);
    CHECK(w.len == n + 4);
    CHECK_MEM(w.data + 4, body, n);
    lt_writer_free(&w);
    msg_check_truncations(parse_nst13, body, n, &t, SIZE_MAX);
    /* RFC 8446 4.6.1: at most seven days. */
    n = check_hex("00093a81 01020304 00 0001 aa 0000", body, sizeof(body));
    msg_expect_fail(parse_nst13, body, n, &t, LATCH_ERR_ILLEGAL_PARAMETER);
    n = check_hex("00093a80 01020304 00 0000 0000", body, sizeof(body));
    msg_expect_fail(parse_nst13, body, n, &t, LATCH_ERR_DECODE);
}

static bool parse_ku(const uint8_t *b, size_t n, void *ctx, lt_error *err)
{
    return lt_key_update_parse(b, n, ctx, err);
}

static void test_key_update_and_finished(void)
{
    lt_key_update_request req;
    uint8_t b[2] = {1, 0};
    lt_error err;
    CHECK(msg_parse_exact(parse_ku, b, 1, &req, &err) && req == LT_KEY_UPDATE_REQUESTED);
    msg_expect_fail(parse_ku, b, 0, &req, LATCH_ERR_DECODE);
    msg_expect_fail(parse_ku, b, 2, &req, LATCH_ERR_DECODE);
    b[0] = 2;
    msg_expect_fail(parse_ku, b, 1, &req, LATCH_ERR_ILLEGAL_PARAMETER);
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_key_update_write(LT_KEY_UPDATE_NOT_REQUESTED, &w);
    CHECK(w.len == 5 && w.data[0] == LT_HS_KEY_UPDATE && w.data[3] == 1 && w.data[4] == 0);
    lt_writer_free(&w);

    uint8_t vd[48] = {0};
    lt_finished13 f;
    lt_error_clear(&err);
    CHECK(lt_finished13_parse(vd, 32, 32, &f, &err) && f.len == 32);
    lt_error_clear(&err);
    CHECK(!lt_finished13_parse(vd, 32, 48, &f, &err) && err.code == LATCH_ERR_DECODE);
}

int main(void)
{
    test_special_randoms();
    test_supported_versions();
    test_key_share();
    test_small_extensions();
    test_allowed_table();
    test_encrypted_extensions();
    test_certificate13();
    test_certificate_request13();
    test_certificate_verify_content();
    test_new_session_ticket13();
    test_key_update_and_finished();
    return check_finish("unit msg13");
}
