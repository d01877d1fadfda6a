/* Certificate, CertificateRequest, CertificateVerify, CertificateStatus. */
#include "test_msg_util.h"

static bool parse_cert(const uint8_t *b, size_t n, void *ctx, lt_error *err)
{
    return lt_certificate_parse(b, n, ctx, err);
}

static bool parse_cr(const uint8_t *b, size_t n, void *ctx, lt_error *err)
{
    return lt_certificate_request_parse(b, n, ctx, err);
}

static bool parse_cv(const uint8_t *b, size_t n, void *ctx, lt_error *err)
{
    return lt_certificate_verify_parse(b, n, ctx, err);
}

static bool parse_cs(const uint8_t *b, size_t n, void *ctx, lt_error *err)
{
    return lt_certificate_status_parse(b, n, ctx, err);
}

static const uint8_t der_a[] = {0x30, 0x03, 0x02, 0x01, 0x01};
static const uint8_t der_b[] = {0x30, 0x03, 0x02, 0x01, 0x02, 0x00};

static void test_certificate_round_trip(void)
{
    lt_certificate c = {.count = 2}, parsed, scratch;
    c.certs[0] = lt_span_make(der_a, sizeof(der_a));
    c.certs[1] = lt_span_make(der_b, sizeof(der_b));
    lt_writer w1, w2;
    MSG_WRITE(w1, lt_certificate_write(&c, &w1));
    CHECK(w1.len == 4 + 3 + 3 + 5 + 3 + 6);
    lt_span body = msg_body(w1.data, w1.len, LT_HS_CERTIFICATE);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_certificate_parse(body.data, body.len, &parsed, &err));
    CHECK(parsed.count == 2);
    CHECK(span_eq(parsed.certs[0], c.certs[0]) && span_eq(parsed.certs[1], c.certs[1]));
    MSG_WRITE(w2, lt_certificate_write(&parsed, &w2));
    CHECK(w1.len == w2.len);
    CHECK_MEM(w1.data, w2.data, w1.len);
    msg_check_truncations(parse_cert, body.data, body.len, &scratch, SIZE_MAX);
    msg_check_inner_length(parse_cert, body.data, body.len, &scratch, 0, 3);
    msg_check_inner_length(parse_cert, body.data, body.len, &scratch, 3, 3);
    lt_writer_free(&w1);
    lt_writer_free(&w2);

    /* A client without a certificate sends an empty list. */
    const uint8_t empty[] = {0, 0, 0};
    lt_error_clear(&err);
    CHECK(lt_certificate_parse(empty, sizeof(empty), &parsed, &err) && parsed.count == 0);
    /* ASN.1Cert<1..2^24-1>: an empty certificate is not one. */
    const uint8_t empty_cert[] = {0, 0, 3, 0, 0, 0};
    msg_expect_fail(parse_cert, empty_cert, sizeof(empty_cert), &scratch, LATCH_ERR_DECODE);
}

static void test_certificate_limits(void)
{
    lt_certificate c, parsed;
    lt_error err;
    /* LT_MAX_CERT_CHAIN certificates are fine, one more is not. */
    for (size_t count = LT_MAX_CERT_CHAIN; count <= LT_MAX_CERT_CHAIN + 1; count++) {
        lt_writer w;
        lt_writer_init_growable(&w, 1 << 20);
        lt_wblock msg = lt_hs_open(&w, LT_HS_CERTIFICATE);
        lt_wblock list = lt_write_open(&w, 3);
        for (size_t i = 0; i < count; i++) {
            lt_wblock b = lt_write_open(&w, 3);
            lt_write_bytes(&w, der_a, sizeof(der_a));
            lt_write_close(&w, b);
        }
        lt_write_close(&w, list);
        lt_write_close(&w, msg);
        lt_span body = msg_body(w.data, w.len, LT_HS_CERTIFICATE);
        lt_error_clear(&err);
        bool ok = lt_certificate_parse(body.data, body.len, &parsed, &err);
        if (count == LT_MAX_CERT_CHAIN)
            CHECK(ok && parsed.count == count);
        else
            CHECK_FAILS(ok, err, LATCH_ERR_DECODE);
        lt_writer_free(&w);
    }
    /* One certificate of more than LT_MAX_CERT_CHAIN_BYTES in all. */
    size_t big = LT_MAX_CERT_CHAIN_BYTES;
    uint8_t *der = calloc(big, 1);
    c.count = 1;
    c.certs[0] = lt_span_make(der, big - 3);
    lt_writer w;
    MSG_WRITE(w, lt_certificate_write(&c, &w));
    lt_span body = msg_body(w.data, w.len, LT_HS_CERTIFICATE);
    lt_error_clear(&err);
    CHECK(lt_certificate_parse(body.data, body.len, &parsed, &err));
    lt_writer_free(&w);
    c.certs[0] = lt_span_make(der, big - 2);
    MSG_WRITE(w, lt_certificate_write(&c, &w));
    body = msg_body(w.data, w.len, LT_HS_CERTIFICATE);
    lt_error_clear(&err);
    CHECK_FAILS(lt_certificate_parse(body.data, body.len, &parsed, &err), err, LATCH_ERR_DECODE);
    lt_writer_free(&w);
    free(der);
}

static void test_certificate_captured(void)
{
    size_t len;
    uint8_t *msg = msg_fixture("openssl_certificate", &len);
    lt_span body = msg_body(msg, len, LT_HS_CERTIFICATE);
    lt_certificate c, scratch;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_certificate_parse(body.data, body.len, &c, &err));
    CHECK(c.count == 1);
    CHECK(c.certs[0].len + 10 == len);
    CHECK(c.certs[0].data[0] == 0x30 && c.certs[0].data[1] == 0x82); /* a DER SEQUENCE */
    lt_writer w;
    MSG_WRITE(w, lt_certificate_write(&c, &w));
    CHECK(w.len == len);
    CHECK_MEM(w.data, msg, len);
    lt_writer_free(&w);
    msg_check_truncations(parse_cert, body.data, body.len, &scratch, SIZE_MAX);
    free(msg);
}

static void test_certificate_request(void)
{
    size_t len;
    uint8_t *msg = msg_fixture("openssl_certificate_request", &len);
    lt_span body = msg_body(msg, len, LT_HS_CERTIFICATE_REQUEST);
    lt_certificate_request cr, scratch;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_certificate_request_parse(body.data, body.len, &cr, &err));
    CHECK(cr.cert_types_count == 3);
    CHECK(cr.cert_types[0] == LT_CERT_TYPE_RSA_SIGN && cr.cert_types[2] == LT_CERT_TYPE_ECDSA_SIGN);
    CHECK(cr.sig_schemes_count == 20 && cr.sig_schemes[0] == LT_SIG_ECDSA_SECP256R1_SHA256);
    CHECK(cr.ca_names_count == 0);
    lt_writer w;
    MSG_WRITE(w, lt_certificate_request_write(&cr, &w));
    CHECK(w.len == len);
    CHECK_MEM(w.data, msg, len);
    lt_writer_free(&w);
    msg_check_truncations(parse_cr, body.data, body.len, &scratch, SIZE_MAX);
    msg_check_inner_length(parse_cr, body.data, body.len, &scratch, 0, 1);
    msg_check_inner_length(parse_cr, body.data, body.len, &scratch, 4, 2);
    free(msg);

    /* With CA names: write, parse, write. */
    static const uint8_t dn1[] = {0x30, 0x00};
    static const uint8_t dn2[] = {0x30, 0x02, 0x31, 0x00};
    lt_certificate_request in = {.cert_types = {LT_CERT_TYPE_ECDSA_SIGN},
                                 .cert_types_count = 1,
                                 .sig_schemes = {LT_SIG_ED25519, LT_SIG_RSA_PSS_RSAE_SHA384},
                                 .sig_schemes_count = 2,
                                 .ca_names_count = 2};
    in.ca_names[0] = lt_span_make(dn1, sizeof(dn1));
    in.ca_names[1] = lt_span_make(dn2, sizeof(dn2));
    lt_writer w2;
    MSG_WRITE(w, lt_certificate_request_write(&in, &w));
    body = msg_body(w.data, w.len, LT_HS_CERTIFICATE_REQUEST);
    lt_error_clear(&err);
    CHECK(lt_certificate_request_parse(body.data, body.len, &cr, &err));
    CHECK(cr.cert_types_count == 1 && cr.sig_schemes_count == 2 && cr.ca_names_count == 2);
    CHECK(cr.sig_schemes[1] == LT_SIG_RSA_PSS_RSAE_SHA384);
    CHECK(span_eq(cr.ca_names[1], in.ca_names[1]));
    MSG_WRITE(w2, lt_certificate_request_write(&cr, &w2));
    CHECK(w.len == w2.len);
    CHECK_MEM(w.data, w2.data, w.len);
    msg_check_truncations(parse_cr, body.data, body.len, &scratch, SIZE_MAX);
    /* The first DN's length (after types 2, schemes 6, list length 2). */
    msg_check_inner_length(parse_cr, body.data, body.len, &scratch, 10, 2);
    lt_writer_free(&w);
    lt_writer_free(&w2);

    uint8_t bad[64];
    size_t n = check_hex("00 0002 0403 0000", bad, sizeof(bad)); /* no types */
    msg_expect_fail(parse_cr, bad, n, &scratch, LATCH_ERR_DECODE);
    n = check_hex("01 40 0000 0000", bad, sizeof(bad)); /* no schemes */
    msg_expect_fail(parse_cr, bad, n, &scratch, LATCH_ERR_DECODE);
    n = check_hex("01 40 0003 040304 0000", bad, sizeof(bad)); /* odd schemes */
    msg_expect_fail(parse_cr, bad, n, &scratch, LATCH_ERR_DECODE);
    n = check_hex("01 40 0002 0403 0002 0000", bad, sizeof(bad)); /* empty DN */
    msg_expect_fail(parse_cr, bad, n, &scratch, LATCH_ERR_DECODE);
    n = check_hex("11 4040404040404040 4040404040404040 40 0002 0403 0000", bad, sizeof(bad));
    msg_expect_fail(parse_cr, bad, n, &scratch, LATCH_ERR_DECODE); /* 17 types */

    /* LT_MAX_CA_NAMES names are fine, one more is not. */
    for (size_t count = LT_MAX_CA_NAMES; count <= LT_MAX_CA_NAMES + 1; count++) {
        lt_writer_init_growable(&w, 1 << 20);
        lt_wblock m = lt_hs_open(&w, LT_HS_CERTIFICATE_REQUEST);
        lt_write_u8(&w, 1);
        lt_write_u8(&w, LT_CERT_TYPE_ECDSA_SIGN);
        lt_write_u16(&w, 2);
        lt_write_u16(&w, LT_SIG_ED25519);
        lt_wblock list = lt_write_open(&w, 2);
        for (size_t i = 0; i < count; i++) {
            lt_write_u16(&w, sizeof(dn1));
            lt_write_bytes(&w, dn1, sizeof(dn1));
        }
        lt_write_close(&w, list);
        lt_write_close(&w, m);
        body = msg_body(w.data, w.len, LT_HS_CERTIFICATE_REQUEST);
        lt_error_clear(&err);
        bool ok = lt_certificate_request_parse(body.data, body.len, &cr, &err);
        if (count == LT_MAX_CA_NAMES)
            CHECK(ok && cr.ca_names_count == count);
        else
            CHECK_FAILS(ok, err, LATCH_ERR_DECODE);
        lt_writer_free(&w);
    }
}

static void test_certificate_verify(void)
{
    static const uint8_t sig[] = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02};
    lt_certificate_verify cv = {.sig = {LT_SIG_ECDSA_SECP256R1_SHA256, {sig, sizeof(sig)}}};
    lt_certificate_verify parsed, scratch;
    lt_writer w1, w2;
    MSG_WRITE(w1, lt_certificate_verify_write(&cv, &w1));
    CHECK(w1.len == 4 + 2 + 2 + sizeof(sig));
    lt_span body = msg_body(w1.data, w1.len, LT_HS_CERTIFICATE_VERIFY);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_certificate_verify_parse(body.data, body.len, &parsed, &err));
    CHECK(parsed.sig.scheme == LT_SIG_ECDSA_SECP256R1_SHA256);
    CHECK(span_eq(parsed.sig.signature, cv.sig.signature));
    MSG_WRITE(w2, lt_certificate_verify_write(&parsed, &w2));
    CHECK(w1.len == w2.len);
    CHECK_MEM(w1.data, w2.data, w1.len);
    msg_check_truncations(parse_cv, body.data, body.len, &scratch, SIZE_MAX);
    msg_check_inner_length(parse_cv, body.data, body.len, &scratch, 2, 2);
    lt_writer_free(&w1);
    lt_writer_free(&w2);
}

static void test_certificate_status(void)
{
    static const uint8_t ocsp[] = {0x30, 0x03, 0x0a, 0x01, 0x00};
    lt_certificate_status cs = {LT_STATUS_TYPE_OCSP, {ocsp, sizeof(ocsp)}};
    lt_certificate_status parsed, scratch;
    lt_writer w1, w2;
    MSG_WRITE(w1, lt_certificate_status_write(&cs, &w1));
    CHECK(w1.len == 4 + 1 + 3 + sizeof(ocsp));
    lt_span body = msg_body(w1.data, w1.len, LT_HS_CERTIFICATE_STATUS);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_certificate_status_parse(body.data, body.len, &parsed, &err));
    CHECK(parsed.status_type == LT_STATUS_TYPE_OCSP && span_eq(parsed.response, cs.response));
    MSG_WRITE(w2, lt_certificate_status_write(&parsed, &w2));
    CHECK(w1.len == w2.len);
    CHECK_MEM(w1.data, w2.data, w1.len);
    msg_check_truncations(parse_cs, body.data, body.len, &scratch, SIZE_MAX);
    msg_check_inner_length(parse_cs, body.data, body.len, &scratch, 1, 3);
    lt_writer_free(&w1);
    lt_writer_free(&w2);

    uint8_t bad[16];
    size_t n = check_hex("02 000001 00", bad, sizeof(bad));
    msg_expect_fail(parse_cs, bad, n, &scratch, LATCH_ERR_ILLEGAL_PARAMETER);
    n = check_hex("01 000000", bad, sizeof(bad));
    msg_expect_fail(parse_cs, bad, n, &scratch, LATCH_ERR_DECODE);
}

int main(void)
{
    test_certificate_round_trip();
    test_certificate_limits();
    test_certificate_captured();
    test_certificate_request();
    test_certificate_verify();
    test_certificate_status();
    return check_finish("msg_cert");
}
