/* Hello extensions one by one: what each accepts, what each rejects, and
 * the rules for the block as a whole (duplicates, unknown types, limits). */
#include "test_msg_util.h"

typedef struct ext_case {
    lt_extensions ext;
    lt_ext_context ctx;
} ext_case;

static bool parse_ext(const uint8_t *b, size_t n, void *ctx, lt_error *err)
{
    ext_case *c = ctx;
    return lt_extensions_parse(b, n, c->ctx, &c->ext, err);
}

static ext_case ch_case = {.ctx = LT_EXT_IN_CLIENT_HELLO};
static ext_case sh_case = {.ctx = LT_EXT_IN_SERVER_HELLO};

/* The contents of an extensions block holding one extension whose body
 * is the given hex. */
static size_t one_ext(uint16_t type, const char *body_hex, uint8_t *out, size_t cap)
{
    uint8_t body[1024];
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

/* Parses one extension into c; its spans point into a static buffer that
 * the next call overwrites. */
static bool accepts(ext_case *c, uint16_t type, const char *body_hex)
{
    static uint8_t buf[1100];
    size_t n = one_ext(type, body_hex, buf, sizeof(buf));
    /* Cutting the extension anywhere inside the block is a decode error. */
    msg_check_truncations(parse_ext, buf, n, c, 0);
    lt_error err;
    lt_error_clear(&err);
    bool ok = parse_ext(buf, n, c, &err);
    if (!ok)
        fprintf(stderr, "  %s %s: %s\n", lt_ext_type_name(type), body_hex, err.message);
    return ok;
}

static void rejects(ext_case *c, uint16_t type, const char *body_hex, latch_err code)
{
    uint8_t buf[1100];
    size_t n = one_ext(type, body_hex, buf, sizeof(buf));
    msg_expect_fail(parse_ext, buf, n, c, code);
}

static void test_server_name(void)
{
    /* list(16) { host_name(0) len(16) "example.com" } */
    CHECK(accepts(&ch_case, LT_EXT_SERVER_NAME, "000e 00 000b 6578616d706c652e636f6d"));
    CHECK(ch_case.ext.server_name.present);
    CHECK(span_is(ch_case.ext.server_name.host_name, "example.com"));
    rejects(&ch_case, LT_EXT_SERVER_NAME, "", LATCH_ERR_DECODE);
    rejects(&ch_case, LT_EXT_SERVER_NAME, "0000", LATCH_ERR_DECODE);         /* empty list */
    rejects(&ch_case, LT_EXT_SERVER_NAME, "0003 00 0000", LATCH_ERR_DECODE); /* empty name */
    rejects(&ch_case, LT_EXT_SERVER_NAME, "0006 00 0003 61006d", LATCH_ERR_ILLEGAL_PARAMETER);
    rejects(&ch_case, LT_EXT_SERVER_NAME, "0008 00 0001 61 00 0001 62",
            LATCH_ERR_ILLEGAL_PARAMETER); /* two host_names */
    /* RFC 6066 3: an unknown name_type (its data starts with a u16
     * length) is skipped, before or after the host_name. */
    CHECK(accepts(&ch_case, LT_EXT_SERVER_NAME, "0004 01 0001 61"));
    CHECK(!ch_case.ext.server_name.present && lt_extensions_has(&ch_case.ext, LT_EXT_SERVER_NAME));
    CHECK(accepts(&ch_case, LT_EXT_SERVER_NAME, "0009 07 0002 ffff 00 0001 62"));
    CHECK(span_is(ch_case.ext.server_name.host_name, "b"));
    CHECK(accepts(&ch_case, LT_EXT_SERVER_NAME, "0008 00 0001 62 fe 0001 07"));
    CHECK(span_is(ch_case.ext.server_name.host_name, "b"));
    rejects(&ch_case, LT_EXT_SERVER_NAME, "0004 01 0002 61", LATCH_ERR_DECODE);
    /* Bytes that cannot be in a DNS name: BEL, ESC, space, '/', DEL, non-ASCII. */
    const char *bad[] = {"07", "1b", "20", "2f", "7f", "c3", "ff", "0a"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char hex[64];
        snprintf(hex, sizeof(hex), "0006 00 0003 61%s62", bad[i]);
        rejects(&ch_case, LT_EXT_SERVER_NAME, hex, LATCH_ERR_ILLEGAL_PARAMETER);
    }
    CHECK(accepts(&ch_case, LT_EXT_SERVER_NAME, "000d 00 000a 782d792e5f7a2e303939"));
    CHECK(span_is(ch_case.ext.server_name.host_name, "x-y._z.099"));
    rejects(&ch_case, LT_EXT_SERVER_NAME, "0004 00 0001 61 00", LATCH_ERR_DECODE); /* trailing */
    rejects(&ch_case, LT_EXT_SERVER_NAME, "0004 00 0002 61", LATCH_ERR_DECODE);
    rejects(&ch_case, LT_EXT_SERVER_NAME, "0005 00 0002 6161 00", LATCH_ERR_DECODE);

    /* 255 bytes is the limit, 256 is over it. */
    char hex[1100];
    for (size_t n = 255; n <= 256; n++) {
        int at = snprintf(hex, sizeof(hex), "%04zx 00 %04zx", n + 3, n);
        for (size_t i = 0; i < n; i++)
            at += snprintf(hex + at, sizeof(hex) - (size_t)at, "61");
        if (n == 255)
            CHECK(accepts(&ch_case, LT_EXT_SERVER_NAME, hex));
        else
            rejects(&ch_case, LT_EXT_SERVER_NAME, hex, LATCH_ERR_ILLEGAL_PARAMETER);
    }

    /* In ServerHello the extension is empty (RFC 6066 3). */
    CHECK(accepts(&sh_case, LT_EXT_SERVER_NAME, ""));
    CHECK(sh_case.ext.server_name.present);
    rejects(&sh_case, LT_EXT_SERVER_NAME, "000e 00 000b 6578616d706c652e636f6d", LATCH_ERR_DECODE);
}

static void test_groups_and_formats(void)
{
    CHECK(accepts(&ch_case, LT_EXT_SUPPORTED_GROUPS, "0006 001d 0017 0100"));
    CHECK(ch_case.ext.supported_groups.count == 3);
    CHECK(ch_case.ext.supported_groups.groups[2] == LT_GROUP_FFDHE2048);
    rejects(&ch_case, LT_EXT_SUPPORTED_GROUPS, "0000", LATCH_ERR_DECODE);
    rejects(&ch_case, LT_EXT_SUPPORTED_GROUPS, "0003 001d 00", LATCH_ERR_DECODE);
    rejects(&ch_case, LT_EXT_SUPPORTED_GROUPS, "0002 001d 00", LATCH_ERR_DECODE);
    rejects(&sh_case, LT_EXT_SUPPORTED_GROUPS, "0002 001d", LATCH_ERR_UNSUPPORTED_EXTENSION);

    /* Long lists, and what is kept of them: test_msg_hello_lists.c. */

    CHECK(accepts(&ch_case, LT_EXT_EC_POINT_FORMATS, "03 000102"));
    CHECK(ch_case.ext.ec_point_formats.formats.len == 3);
    CHECK(accepts(&sh_case, LT_EXT_EC_POINT_FORMATS, "01 00"));
    rejects(&ch_case, LT_EXT_EC_POINT_FORMATS, "00", LATCH_ERR_DECODE);
    rejects(&ch_case, LT_EXT_EC_POINT_FORMATS, "", LATCH_ERR_DECODE);
    /* RFC 8422 5.1.2: without uncompressed the peer is illegal_parameter. */
    rejects(&ch_case, LT_EXT_EC_POINT_FORMATS, "02 0102", LATCH_ERR_ILLEGAL_PARAMETER);
    rejects(&sh_case, LT_EXT_EC_POINT_FORMATS, "01 01", LATCH_ERR_ILLEGAL_PARAMETER);
}

static void test_signature_algorithms(void)
{
    CHECK(accepts(&ch_case, LT_EXT_SIGNATURE_ALGORITHMS, "0004 0403 0804"));
    CHECK(ch_case.ext.signature_algorithms.count == 2);
    CHECK(ch_case.ext.signature_algorithms.schemes[1] == LT_SIG_RSA_PSS_RSAE_SHA256);
    rejects(&ch_case, LT_EXT_SIGNATURE_ALGORITHMS, "0000", LATCH_ERR_DECODE);
    rejects(&ch_case, LT_EXT_SIGNATURE_ALGORITHMS, "0003 040308", LATCH_ERR_DECODE);
    rejects(&ch_case, LT_EXT_SIGNATURE_ALGORITHMS, "0002 0403 00", LATCH_ERR_DECODE);
    /* RFC 5246 7.4.1.4.1: servers MUST NOT send it. */
    rejects(&sh_case, LT_EXT_SIGNATURE_ALGORITHMS, "0002 0403", LATCH_ERR_UNSUPPORTED_EXTENSION);
}

static void test_alpn(void)
{
    CHECK(accepts(&ch_case, LT_EXT_ALPN, "000c 02 6832 08 687474702f312e31"));
    CHECK(ch_case.ext.alpn.count == 2);
    CHECK(span_is(ch_case.ext.alpn.protocols[0], "h2"));
    CHECK(accepts(&sh_case, LT_EXT_ALPN, "0003 02 6832"));
    CHECK(sh_case.ext.alpn.count == 1);
    rejects(&ch_case, LT_EXT_ALPN, "0000", LATCH_ERR_DECODE);
    rejects(&ch_case, LT_EXT_ALPN, "0004 02 6832 00", LATCH_ERR_DECODE); /* empty name */
    rejects(&ch_case, LT_EXT_ALPN, "0003 03 6832", LATCH_ERR_DECODE);
    /* RFC 7301 3.1: the server names exactly one protocol. */
    rejects(&sh_case, LT_EXT_ALPN, "0006 02 6832 02 6833", LATCH_ERR_ILLEGAL_PARAMETER);
}

static void test_small_extensions(void)
{
    CHECK(accepts(&ch_case, LT_EXT_EXTENDED_MASTER_SECRET, ""));
    CHECK(ch_case.ext.extended_master_secret.present);
    rejects(&ch_case, LT_EXT_EXTENDED_MASTER_SECRET, "00", LATCH_ERR_DECODE);
    CHECK(accepts(&sh_case, LT_EXT_ENCRYPT_THEN_MAC, ""));
    CHECK(sh_case.ext.encrypt_then_mac.present);
    rejects(&sh_case, LT_EXT_ENCRYPT_THEN_MAC, "00", LATCH_ERR_DECODE);

    CHECK(accepts(&ch_case, LT_EXT_RECORD_SIZE_LIMIT, "4001"));
    CHECK(ch_case.ext.record_size_limit.limit == 16385);
    CHECK(accepts(&sh_case, LT_EXT_RECORD_SIZE_LIMIT, "0040"));
    rejects(&ch_case, LT_EXT_RECORD_SIZE_LIMIT, "003f", LATCH_ERR_ILLEGAL_PARAMETER);
    rejects(&ch_case, LT_EXT_RECORD_SIZE_LIMIT, "40", LATCH_ERR_DECODE);
    rejects(&ch_case, LT_EXT_RECORD_SIZE_LIMIT, "400100", LATCH_ERR_DECODE);

    CHECK(accepts(&ch_case, LT_EXT_MAX_FRAGMENT_LENGTH, "01"));
    CHECK(accepts(&sh_case, LT_EXT_MAX_FRAGMENT_LENGTH, "04"));
    CHECK(sh_case.ext.max_fragment_length.value == LT_MAX_FRAGMENT_4096);
    rejects(&ch_case, LT_EXT_MAX_FRAGMENT_LENGTH, "00", LATCH_ERR_ILLEGAL_PARAMETER);
    rejects(&ch_case, LT_EXT_MAX_FRAGMENT_LENGTH, "05", LATCH_ERR_ILLEGAL_PARAMETER);
    rejects(&ch_case, LT_EXT_MAX_FRAGMENT_LENGTH, "", LATCH_ERR_DECODE);

    CHECK(accepts(&ch_case, LT_EXT_RENEGOTIATION_INFO, "00"));
    CHECK(ch_case.ext.renegotiation_info.renegotiated_connection.len == 0);
    CHECK(accepts(&sh_case, LT_EXT_RENEGOTIATION_INFO, "02 abcd"));
    CHECK(sh_case.ext.renegotiation_info.renegotiated_connection.len == 2);
    rejects(&ch_case, LT_EXT_RENEGOTIATION_INFO, "", LATCH_ERR_DECODE);
    rejects(&ch_case, LT_EXT_RENEGOTIATION_INFO, "00 00", LATCH_ERR_DECODE);

    CHECK(accepts(&ch_case, LT_EXT_SESSION_TICKET, "0102030405"));
    CHECK(ch_case.ext.session_ticket.ticket.len == 5);
    CHECK(accepts(&ch_case, LT_EXT_SESSION_TICKET, ""));
    CHECK(ch_case.ext.session_ticket.present && ch_case.ext.session_ticket.ticket.len == 0);
    CHECK(accepts(&sh_case, LT_EXT_SESSION_TICKET, ""));
    rejects(&sh_case, LT_EXT_SESSION_TICKET, "01", LATCH_ERR_DECODE);
}

static void test_status_request(void)
{
    /* ocsp, one ResponderID of 2 bytes, request_extensions of 1 byte */
    CHECK(accepts(&ch_case, LT_EXT_STATUS_REQUEST, "01 0004 0002 abcd 0001 ee"));
    CHECK(ch_case.ext.status_request.status_type == LT_STATUS_TYPE_OCSP);
    CHECK(ch_case.ext.status_request.responder_id_list.len == 4);
    CHECK(ch_case.ext.status_request.request_extensions.len == 1);
    CHECK(accepts(&ch_case, LT_EXT_STATUS_REQUEST, "01 0000 0000"));
    /* Another status type is skipped for the server to ignore. */
    CHECK(accepts(&ch_case, LT_EXT_STATUS_REQUEST, "02 123456"));
    CHECK(ch_case.ext.status_request.status_type == 2);
    rejects(&ch_case, LT_EXT_STATUS_REQUEST, "01 0002 0000 0000", LATCH_ERR_DECODE);
    rejects(&ch_case, LT_EXT_STATUS_REQUEST, "01 0000 0000 00", LATCH_ERR_DECODE);
    rejects(&ch_case, LT_EXT_STATUS_REQUEST, "01 0000", LATCH_ERR_DECODE);
    rejects(&ch_case, LT_EXT_STATUS_REQUEST, "", LATCH_ERR_DECODE);
    CHECK(accepts(&sh_case, LT_EXT_STATUS_REQUEST, ""));
    rejects(&sh_case, LT_EXT_STATUS_REQUEST, "01 0000 0000", LATCH_ERR_DECODE);
}

static void test_block_rules(void)
{
    uint8_t buf[2048];
    lt_error err;

    /* Unknown types are recorded with their bodies, in order. */
    size_t n = check_hex("0a0a 0000  0017 0000  fe00 0003 010203", buf, sizeof(buf));
    lt_error_clear(&err);
    CHECK(lt_extensions_parse(buf, n, LT_EXT_IN_SERVER_HELLO, &sh_case.ext, &err));
    CHECK(sh_case.ext.count == 3 && sh_case.ext.unknown_count == 2);
    CHECK(sh_case.ext.types[1] == LT_EXT_EXTENDED_MASTER_SECRET);
    CHECK(sh_case.ext.unknown[1].type == 0xfe00 && sh_case.ext.unknown[1].data.len == 3);
    CHECK(lt_extensions_has(&sh_case.ext, 0xfe00) && !lt_extensions_has(&sh_case.ext, 0));
    /* Cut between two extensions the block is shorter but valid; cut
     * inside one it is a decode error. */
    for (size_t cut = 0; cut < n; cut++) {
        bool ok = msg_parse_exact(parse_ext, buf, cut, &sh_case, &err);
        if (cut == 0 || cut == 4 || cut == 8)
            CHECK(ok);
        else
            CHECK_FAILS(ok, err, LATCH_ERR_DECODE);
    }

    /* A duplicate, known or unknown, is decode_error (RFC 5246 7.4.1.4). */
    n = check_hex("0017 0000  0017 0000", buf, sizeof(buf));
    msg_expect_fail(parse_ext, buf, n, &ch_case, LATCH_ERR_DECODE);
    n = check_hex("fe00 0000  0016 0000  fe00 0001 00", buf, sizeof(buf));
    msg_expect_fail(parse_ext, buf, n, &ch_case, LATCH_ERR_DECODE);
    n = check_hex("0000 0000  0000 0000", buf, sizeof(buf));
    msg_expect_fail(parse_ext, buf, n, &sh_case, LATCH_ERR_DECODE);

    /* An extension length one too long or one too short. */
    n = check_hex("0017 0000  000b 0002 0100", buf, sizeof(buf));
    msg_check_inner_length(parse_ext, buf, n, &ch_case, 6, 2);
    msg_check_inner_length(parse_ext, buf, n, &ch_case, 8, 1);

    /* An empty block is nothing. */
    lt_error_clear(&err);
    CHECK(lt_extensions_parse(buf, 0, LT_EXT_IN_CLIENT_HELLO, &ch_case.ext, &err));
    CHECK(ch_case.ext.count == 0 && lt_extensions_empty(&ch_case.ext));
}

/* Every known extension set, written, parsed, written again. */
static void test_round_trip(void)
{
    static const uint8_t ids[] = {0x00, 0x02, 0xab, 0xcd};
    static const uint8_t req[] = {0x00, 0x00};
    static const uint8_t ticket[] = {1, 2, 3, 4, 5, 6, 7};
    static const uint8_t formats[] = {0, 1};
    static const uint8_t verify[] = {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9};
    static const uint8_t grease[] = {0x42};
    lt_extensions e;
    memset(&e, 0, sizeof(e));
    e.server_name.present = true;
    e.server_name.host_name = lt_span_make((const uint8_t *)"a.example", 9);
    e.max_fragment_length.present = true;
    e.max_fragment_length.value = LT_MAX_FRAGMENT_2048;
    e.status_request.present = true;
    e.status_request.status_type = LT_STATUS_TYPE_OCSP;
    e.status_request.responder_id_list = lt_span_make(ids, sizeof(ids));
    e.status_request.request_extensions = lt_span_make(req, sizeof(req));
    e.supported_groups.present = true;
    e.supported_groups.groups[0] = LT_GROUP_FFDHE3072;
    e.supported_groups.count = 1;
    e.ec_point_formats.present = true;
    e.ec_point_formats.formats = lt_span_make(formats, sizeof(formats));
    e.signature_algorithms.present = true;
    e.signature_algorithms.schemes[0] = LT_SIG_ED25519;
    e.signature_algorithms.count = 1;
    e.alpn.present = true;
    e.alpn.protocols[0] = lt_span_make((const uint8_t *)"x", 1);
    e.alpn.count = 1;
    e.encrypt_then_mac.present = true;
    e.extended_master_secret.present = true;
    e.record_size_limit.present = true;
    e.record_size_limit.limit = 512;
    e.session_ticket.present = true;
    e.session_ticket.ticket = lt_span_make(ticket, sizeof(ticket));
    e.renegotiation_info.present = true;
    e.renegotiation_info.renegotiated_connection = lt_span_make(verify, sizeof(verify));
    e.unknown[0].type = 0xfafa;
    e.unknown[0].data = lt_span_make(grease, sizeof(grease));
    e.unknown_count = 1;

    lt_writer w1, w2;
    MSG_WRITE(w1, lt_extensions_write(&e, LT_EXT_IN_CLIENT_HELLO, &w1));
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_extensions_parse(w1.data + 2, w1.len - 2, LT_EXT_IN_CLIENT_HELLO, &ch_case.ext, &err));
    lt_extensions *p = &ch_case.ext;
    CHECK(p->count == 13 && p->unknown_count == 1);
    CHECK(span_is(p->server_name.host_name, "a.example"));
    CHECK(p->max_fragment_length.value == LT_MAX_FRAGMENT_2048);
    CHECK(span_eq(p->status_request.responder_id_list, e.status_request.responder_id_list));
    CHECK(span_eq(p->status_request.request_extensions, e.status_request.request_extensions));
    CHECK(p->supported_groups.count == 1 && p->supported_groups.groups[0] == LT_GROUP_FFDHE3072);
    CHECK(span_eq(p->ec_point_formats.formats, e.ec_point_formats.formats));
    CHECK(p->signature_algorithms.schemes[0] == LT_SIG_ED25519);
    CHECK(span_is(p->alpn.protocols[0], "x"));
    CHECK(p->encrypt_then_mac.present && p->extended_master_secret.present);
    CHECK(p->record_size_limit.limit == 512);
    CHECK(span_eq(p->session_ticket.ticket, e.session_ticket.ticket));
    CHECK(span_eq(p->renegotiation_info.renegotiated_connection,
                  e.renegotiation_info.renegotiated_connection));
    CHECK(p->unknown[0].type == 0xfafa && span_eq(p->unknown[0].data, e.unknown[0].data));
    MSG_WRITE(w2, lt_extensions_write(p, LT_EXT_IN_CLIENT_HELLO, &w2));
    CHECK(w1.len == w2.len);
    CHECK_MEM(w1.data, w2.data, w1.len);
    lt_writer_free(&w1);
    lt_writer_free(&w2);
}

static void test_names(void)
{
    CHECK(strcmp(lt_ext_type_name(LT_EXT_SERVER_NAME), "server_name") == 0);
    CHECK(strcmp(lt_ext_type_name(LT_EXT_ALPN), "application_layer_protocol_negotiation") == 0);
    CHECK(strcmp(lt_ext_type_name(LT_EXT_RENEGOTIATION_INFO), "renegotiation_info") == 0);
    CHECK(strcmp(lt_ext_type_name(0x0a0a), "unknown") == 0);
    const uint16_t known[] = {0, 1, 5, 10, 11, 13, 16, 22, 23, 28, 35, 0xff01};
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        CHECK(strcmp(lt_ext_type_name(known[i]), "unknown") != 0);
}

/* The error sentences name the hello and the extension. */
static void test_messages(void)
{
    uint8_t buf[64];
    size_t n = one_ext(LT_EXT_SUPPORTED_GROUPS, "0003 001d 00", buf, sizeof(buf));
    lt_error err;
    lt_error_clear(&err);
    CHECK(!lt_extensions_parse(buf, n, LT_EXT_IN_CLIENT_HELLO, &ch_case.ext, &err));
    CHECK(strcmp(err.message, "ClientHello: supported_groups groups length 3 is odd") == 0);
    n = check_hex("0017 0000  0017 0000", buf, sizeof(buf));
    lt_error_clear(&err);
    CHECK(!lt_extensions_parse(buf, n, LT_EXT_IN_SERVER_HELLO, &sh_case.ext, &err));
    CHECK(strcmp(err.message, "ServerHello: extension extended_master_secret (23) appears twice") ==
          0);
}

/* RFC 6962 3.3.1: a client's request is empty; a TLS 1.2 ServerHello
 * carries a non-empty SignedCertificateTimestampList, kept whole. */
static void test_sct(void)
{
    CHECK(accepts(&ch_case, LT_EXT_SIGNED_CERTIFICATE_TIMESTAMP, ""));
    CHECK(ch_case.ext.tls13.signed_certificate_timestamp.present);
    rejects(&ch_case, LT_EXT_SIGNED_CERTIFICATE_TIMESTAMP, "0003 0001 aa", LATCH_ERR_DECODE);
    CHECK(accepts(&sh_case, LT_EXT_SIGNED_CERTIFICATE_TIMESTAMP, "0005 0003 aabbcc"));
    CHECK(sh_case.ext.tls13.signed_certificate_timestamp.present);
    CHECK(sh_case.ext.tls13.signed_certificate_timestamp.list.len == 7);
    rejects(&sh_case, LT_EXT_SIGNED_CERTIFICATE_TIMESTAMP, "0000", LATCH_ERR_DECODE);
    rejects(&sh_case, LT_EXT_SIGNED_CERTIFICATE_TIMESTAMP, "0001 aa bb", LATCH_ERR_DECODE);
    rejects(&sh_case, LT_EXT_SIGNED_CERTIFICATE_TIMESTAMP, "0004 aa", LATCH_ERR_DECODE);
}

int main(void)
{
    test_sct();
    test_server_name();
    test_groups_and_formats();
    test_signature_algorithms();
    test_alpn();
    test_small_extensions();
    test_status_request();
    test_block_rules();
    test_round_trip();
    test_names();
    test_messages();
    return check_finish("msg_ext");
}
