/*
 * Every handshake message RFC 8448 prints in tests/data/rfc8448/ (section
 * 3's simple handshake, section 4's resumed handshake, section 5's
 * HelloRetryRequest, section 6's client
 * authentication) parsed with latch's parsers (msg_hello.c, msg13.c,
 * msg13_cert.c, msg_cert.c, ext.c, ext13.c) and written again with latch's
 * writers.
 *
 * Certificate, CertificateRequest, CertificateVerify and Finished come
 * back byte for byte. The hellos and EncryptedExtensions come back with
 * the same bytes before the extensions block, a block of the same length,
 * and each extension byte for byte, but in latch's order: the writer puts
 * known extensions in one fixed order (ext.h) where the RFC's peer (NSS)
 * used another, and RFC 8446 4.2 leaves the order free but for
 * pre_shared_key. For those the fields the RFC shows are checked as well.
 */
#include "rfc8448_vectors.h"
#include "test_msg_util.h"
#include "tls/config.h"
#include "tls/hs13.h"
#include "tls/msg13.h"
#include "tls/negotiate.h"

static union {
    lt_client_hello ch;
    lt_server_hello sh;
    lt_encrypted_extensions ee;
    lt_certificate_request13 cr;
    lt_certificate13 crt;
    lt_certificate_verify cv;
    lt_finished13 fin;
} m;

static lt_error err;
static uint8_t type;

/* Parses the named message of f into m with latch's parser for its type
 * (which RFC 8446 4.2's table must allow where the state machine applies
 * it), then writes m into w with the writer for that type. */
static void parse_and_write(const rfc8448_file *f, const char *name, lt_writer *w)
{
    size_t len;
    const uint8_t *msg = rfc8448_get(f, name, &len);
    lt_span body = {NULL, 0};
    lt_error_clear(&err);
    CHECK(lt_hs_split(msg, len, &type, &body, &err));
    bool ok = false;
    lt_writer_init_growable(w, 1 << 16);
    switch (type) {
    case LT_HS_CLIENT_HELLO:
        ok = lt_client_hello_parse(body.data, body.len, &m.ch, &err) &&
             lt_ext13_check_allowed(m.ch.ext.types, m.ch.ext.count, LT_EXT13_CH, &err);
        lt_client_hello_write(&m.ch, w);
        break;
    case LT_HS_SERVER_HELLO:
        ok = lt_server_hello_parse(body.data, body.len, &m.sh, &err) &&
             lt_ext13_check_allowed(m.sh.ext.types, m.sh.ext.count,
                                    lt_random_is_hrr(m.sh.random) ? LT_EXT13_HRR : LT_EXT13_SH,
                                    &err);
        lt_server_hello_write(&m.sh, w);
        break;
    case LT_HS_ENCRYPTED_EXTENSIONS:
        ok = lt_encrypted_extensions_parse(body.data, body.len, &m.ee, &err);
        lt_encrypted_extensions_write(&m.ee, w);
        break;
    case LT_HS_CERTIFICATE_REQUEST:
        ok = lt_certificate_request13_parse(body.data, body.len, &m.cr, &err);
        lt_certificate_request13_write(&m.cr, w);
        break;
    case LT_HS_CERTIFICATE:
        ok = lt_certificate13_parse(body.data, body.len, &m.crt, &err);
        lt_certificate13_write(&m.crt, w);
        break;
    case LT_HS_CERTIFICATE_VERIFY:
        ok = lt_certificate_verify_parse(body.data, body.len, &m.cv, &err);
        lt_certificate_verify_write(&m.cv, w);
        break;
    case LT_HS_FINISHED:
        ok = lt_finished13_parse(body.data, body.len, 32, &m.fin, &err);
        lt_finished13_write(&m.fin, w);
        break;
    default:
        fprintf(stderr, "%s: no parser for handshake type %u here\n", name, type);
    }
    if (!ok)
        fprintf(stderr, "%s: %s\n", name, err.message);
    CHECK(ok);
    CHECK(lt_writer_ok(w));
}

/* The named message written again is the RFC's, byte for byte. */
static void check_exact(const rfc8448_file *f, const char *name)
{
    lt_writer w;
    parse_and_write(f, name, &w);
    size_t len;
    const uint8_t *want = rfc8448_get(f, name, &len);
    if (w.len != len || memcmp(w.data, want, len) != 0)
        fprintf(stderr, "%s: written again, the bytes differ\n", name);
    CHECK(w.len == len);
    CHECK_MEM(w.data, want, len);
    lt_writer_free(&w);
}

/* Where a hello's or EncryptedExtensions' extensions block starts: after
 * the fixed fields, session_id, cipher_suites and compression_methods. */
static size_t extensions_at(const uint8_t *msg, size_t len)
{
    lt_reader r = lt_reader_make(msg + LT_HS_HEADER_LEN, len - LT_HS_HEADER_LEN);
    lt_reader skip;
    if (msg[0] == LT_HS_CLIENT_HELLO)
        CHECK(lt_read_skip(&r, 2 + LT_RANDOM_LEN) && lt_read_block8(&r, &skip) &&
              lt_read_block16(&r, &skip) && lt_read_block8(&r, &skip));
    else if (msg[0] == LT_HS_SERVER_HELLO)
        CHECK(lt_read_skip(&r, 2 + LT_RANDOM_LEN) && lt_read_block8(&r, &skip) &&
              lt_read_skip(&r, 3));
    return len - lt_reader_left(&r);
}

/* Whether the extensions block b holds an extension with exactly these
 * type, length and body bytes. */
static bool block_has(lt_reader b, uint16_t want_type, lt_reader want_body)
{
    while (!lt_reader_done(&b)) {
        uint16_t t;
        lt_reader body;
        if (!lt_read_u16(&b, &t) || !lt_read_block16(&b, &body))
            return false;
        if (t == want_type && span_eq(body, want_body))
            return true;
    }
    return false;
}

static size_t count_extensions(lt_reader b)
{
    size_t n = 0;
    for (lt_reader body; lt_read_skip(&b, 2) && lt_read_block16(&b, &body);)
        n++;
    return n;
}

/* The named message written again has the RFC's bytes up to its
 * extensions, then the RFC's extensions, each byte for byte, in latch's
 * order (which for these messages is not the RFC's). */
static void check_reordered(const rfc8448_file *f, const char *name)
{
    lt_writer w;
    parse_and_write(f, name, &w);
    size_t len;
    const uint8_t *want = rfc8448_get(f, name, &len);
    CHECK(w.len == len);
    if (w.len != len) {
        fprintf(stderr, "%s: written again, %zu bytes instead of %zu\n", name, w.len, len);
        lt_writer_free(&w);
        return;
    }
    size_t at = extensions_at(want, len);
    CHECK(at == extensions_at(w.data, w.len));
    CHECK_MEM(w.data, want, at);
    lt_reader got_block, want_block;
    lt_reader gr = lt_reader_make(w.data + at, w.len - at);
    lt_reader wr = lt_reader_make(want + at, len - at);
    CHECK(lt_read_block16(&gr, &got_block) && lt_reader_done(&gr));
    CHECK(lt_read_block16(&wr, &want_block) && lt_reader_done(&wr));
    uint16_t t;
    lt_reader body;
    for (lt_reader b = want_block; lt_read_u16(&b, &t) && lt_read_block16(&b, &body);) {
        if (!block_has(got_block, t, body))
            fprintf(stderr, "%s: extension %u is not written back as it came\n", name, t);
        CHECK(block_has(got_block, t, body));
    }
    /* As many extensions (none can be there twice: the parser refuses
     * duplicates), so nothing was added either. */
    CHECK(count_extensions(got_block) == count_extensions(want_block));
    lt_writer_free(&w);
}

static bool span_hex(lt_span s, const char *hex)
{
    size_t n;
    uint8_t *want = check_hex_alloc(hex, &n);
    bool same = span_eq(s, lt_span_make(want, n));
    free(want);
    return same;
}

static bool list_is(const uint16_t *got, size_t count, const uint16_t *want, size_t n)
{
    return count == n && memcmp(got, want, n * sizeof(*want)) == 0;
}

/* The ClientHello and ServerHello of sections 3 and 6 carry the same
 * offer: RFC 8448 section 3 and 6 print the same extensions but for
 * session_ticket, and the same answer. */
static const uint16_t suites[] = {0x1301, 0x1303, 0x1302};
static const uint16_t groups[] = {0x001d, 0x0017, 0x0018, 0x0019, 0x0100,
                                  0x0101, 0x0102, 0x0103, 0x0104};
static const uint16_t schemes[] = {0x0403, 0x0503, 0x0603, 0x0203, 0x0804, 0x0805, 0x0806, 0x0401,
                                   0x0501, 0x0601, 0x0201, 0x0402, 0x0502, 0x0602, 0x0202};

static void check_client_hello(const rfc8448_file *f, const char *share_name)
{
    lt_writer w;
    parse_and_write(f, "client_hello", &w);
    lt_writer_free(&w);
    const lt_client_hello *ch = &m.ch;
    const lt_extensions *e = &ch->ext;
    CHECK(ch->version == 0x0303 && ch->session_id_len == 0);
    CHECK(list_is(ch->cipher_suites, ch->cipher_suites_count, suites, 3));
    CHECK(span_hex(ch->compression_methods, "00"));
    CHECK(e->server_name.present && span_is(e->server_name.host_name, "server"));
    CHECK(e->renegotiation_info.present && e->renegotiation_info.renegotiated_connection.len == 0);
    CHECK(list_is(e->supported_groups.groups, e->supported_groups.count, groups, 9));
    CHECK(list_is(e->signature_algorithms.schemes, e->signature_algorithms.count, schemes, 15));
    CHECK(e->record_size_limit.present && e->record_size_limit.limit == 0x4001);
    CHECK(e->tls13.supported_versions.offers_tls13 && !e->tls13.supported_versions.offers_tls12);
    CHECK(span_hex(e->tls13.psk_key_exchange_modes.modes, "01"));
    CHECK(e->tls13.key_share.count == 1 && e->tls13.key_share.shares[0].group == 0x001d);
    if (share_name != NULL) {
        size_t n;
        const uint8_t *share = rfc8448_get(f, share_name, &n);
        CHECK(span_eq(e->tls13.key_share.shares[0].key_exchange, lt_span_make(share, n)));
    }
    CHECK(!e->tls13.pre_shared_key.present && !e->tls13.early_data.present);
}

static void check_server_hello(const rfc8448_file *f, const char *share_name)
{
    lt_writer w;
    parse_and_write(f, "server_hello", &w);
    lt_writer_free(&w);
    const lt_server_hello *sh = &m.sh;
    CHECK(sh->version == 0x0303 && sh->session_id_len == 0 && sh->cipher_suite == 0x1301);
    CHECK(!lt_random_is_hrr(sh->random) && !lt_random_has_downgrade(sh->random));
    CHECK(sh->ext.count == 2 && sh->ext.tls13.supported_versions.selected == 0x0304);
    CHECK(sh->ext.tls13.key_share.has_share);
    CHECK(sh->ext.tls13.key_share.server_share.group == 0x001d);
    CHECK(sh->ext.tls13.key_share.server_share.key_exchange.len == 32);
    if (share_name != NULL) {
        size_t n;
        const uint8_t *share = rfc8448_get(f, share_name, &n);
        CHECK(span_eq(sh->ext.tls13.key_share.server_share.key_exchange, lt_span_make(share, n)));
    }
}

/* EncryptedExtensions of sections 3 and 6: the server's groups, its
 * record_size_limit and an empty server_name, in that order. */
static void check_encrypted_extensions(const rfc8448_file *f)
{
    check_reordered(f, "encrypted_extensions");
    const lt_extensions *e = &m.ee.ext;
    static const uint16_t order[] = {LT_EXT_SUPPORTED_GROUPS, LT_EXT_RECORD_SIZE_LIMIT,
                                     LT_EXT_SERVER_NAME};
    CHECK(list_is(e->types, e->count, order, 3));
    CHECK(list_is(e->supported_groups.groups, e->supported_groups.count, groups, 9));
    CHECK(e->record_size_limit.limit == 0x4001 && e->server_name.host_name.len == 0);
}

/* A Certificate of one certificate with no extensions, in the handshake
 * (an empty request context, RFC 8446 4.4.2). */
static void check_certificate(const rfc8448_file *f, const char *name, size_t der_len)
{
    check_exact(f, name);
    CHECK(m.crt.context.len == 0 && m.crt.count == 1 && m.crt.certs[0].len == der_len);
    CHECK(m.crt.ocsp[0].len == 0 && m.crt.sct[0].len == 0);
}

static void check_certificate_verify(const rfc8448_file *f, const char *name, uint16_t scheme,
                                     size_t sig_len)
{
    check_exact(f, name);
    CHECK(m.cv.sig.scheme == scheme && m.cv.sig.signature.len == sig_len);
}

static void check_finished(const rfc8448_file *f, const char *name)
{
    check_exact(f, name);
    CHECK(m.fin.len == 32);
}

static void test_section3(void)
{
    rfc8448_file f;
    rfc8448_load(&f, "section3.txt");
    /* Section 6's offer and answer, with an empty session_ticket too;
     * section3.txt does not hold the x25519 public keys on their own. */
    check_reordered(&f, "client_hello");
    check_client_hello(&f, NULL);
    CHECK(m.ch.ext.session_ticket.present && m.ch.ext.session_ticket.ticket.len == 0);
    CHECK(m.ch.ext.count == 9);
    check_reordered(&f, "server_hello");
    check_server_hello(&f, NULL);
    check_encrypted_extensions(&f);
    check_certificate(&f, "certificate", 432);
    check_certificate_verify(&f, "certificate_verify", LT_SIG_RSA_PSS_RSAE_SHA256, 128);
    check_finished(&f, "server_finished");
    check_finished(&f, "client_finished");
    rfc8448_free(&f);
}

static void test_section4(void)
{
    rfc8448_file f;
    rfc8448_load(&f, "section4.txt");
    /* Section 3's offer again, with early_data, the padding extension
     * (unknown to latch, kept with its body) and pre_shared_key, which
     * RFC 8446 4.2.11 puts last and latch's writer does too. */
    check_reordered(&f, "client_hello");
    CHECK(m.ch.ext.tls13.early_data.present && m.ch.ext.tls13.pre_shared_key.present);
    CHECK(m.ch.ext.unknown_count == 1 && m.ch.ext.unknown[0].type == 21);
    CHECK(m.ch.ext.tls13.key_share.count == 1 && m.ch.ext.tls13.key_share.shares[0].group == 0x1d);
    lt_writer w;
    parse_and_write(&f, "client_hello", &w);
    const uint8_t *psk = w.data + w.len - (4 + m.ch.ext.tls13.pre_shared_key.offer.len);
    CHECK(psk[0] == 0 && psk[1] == LT_EXT_PRE_SHARED_KEY);
    lt_writer_free(&w);

    /* The answer: the PSK of identity 0 and a fresh x25519 share (RFC
     * 8446 4.2.11, psk_dhe_ke). */
    check_reordered(&f, "server_hello");
    CHECK(m.sh.ext.count == 3 && m.sh.ext.tls13.pre_shared_key.present);
    CHECK(m.sh.ext.tls13.pre_shared_key.selected_identity == 0);
    CHECK(m.sh.ext.tls13.key_share.server_share.group == 0x1d);
    size_t n;
    const uint8_t *share = rfc8448_get(&f, "server_x25519_public", &n);
    CHECK(span_eq(m.sh.ext.tls13.key_share.server_share.key_exchange, lt_span_make(share, n)));

    /* Section 3's EncryptedExtensions with early_data: the server took
     * the trace's early data (latch's server never does). */
    check_reordered(&f, "encrypted_extensions");
    CHECK(m.ee.ext.count == 4 && m.ee.ext.tls13.early_data.present);
    check_finished(&f, "server_finished");
    check_finished(&f, "client_finished");
    rfc8448_free(&f);
}

static void test_section5(void)
{
    rfc8448_file f;
    rfc8448_load(&f, "section5.txt");
    check_reordered(&f, "client_hello1");
    CHECK(m.ch.ext.tls13.key_share.count == 1 && m.ch.ext.tls13.key_share.shares[0].group == 0x1d);

    /* RFC 8446 4.1.4: the HelloRetryRequest names secp256r1 and sends a
     * cookie, which the second ClientHello echoes with a secp256r1 share. */
    check_reordered(&f, "hello_retry_request");
    CHECK(lt_random_is_hrr(m.sh.random) && m.sh.cipher_suite == 0x1301);
    CHECK(m.sh.ext.tls13.supported_versions.selected == 0x0304);
    CHECK(!m.sh.ext.tls13.key_share.has_share && m.sh.ext.tls13.key_share.selected_group == 0x17);
    lt_span cookie = m.sh.ext.tls13.cookie.cookie;
    CHECK(m.sh.ext.tls13.cookie.present && cookie.len == 0x72);
    CHECK(cookie.len > 4 && memcmp(cookie.data, "\x71\xdc\xd0\x4b", 4) == 0);

    check_reordered(&f, "client_hello2");
    CHECK(m.ch.ext.tls13.key_share.count == 1 && m.ch.ext.tls13.key_share.shares[0].group == 0x17);
    CHECK(m.ch.ext.tls13.key_share.shares[0].key_exchange.len == 65);
    CHECK(span_eq(m.ch.ext.tls13.cookie.cookie, cookie));
    /* The padding extension (21) is unknown to latch: kept with its body. */
    CHECK(m.ch.ext.unknown_count == 1 && m.ch.ext.unknown[0].type == 21);

    check_reordered(&f, "server_hello");
    CHECK(m.sh.ext.tls13.key_share.has_share &&
          m.sh.ext.tls13.key_share.server_share.group == 0x17);
    CHECK(m.sh.ext.tls13.key_share.server_share.key_exchange.len == 65);

    /* The server's flight: its groups in its own order this time, then
     * section 3's certificate, an RSA-PSS CertificateVerify and Finished. */
    check_reordered(&f, "encrypted_extensions");
    const lt_extensions *e = &m.ee.ext;
    static const uint16_t ee_order[] = {LT_EXT_SUPPORTED_GROUPS, LT_EXT_RECORD_SIZE_LIMIT,
                                        LT_EXT_SERVER_NAME};
    static const uint16_t server_groups[] = {0x0017, 0x0018, 0x001d};
    CHECK(list_is(e->types, e->count, ee_order, 3));
    CHECK(list_is(e->supported_groups.groups, e->supported_groups.count, server_groups, 3));
    check_certificate(&f, "certificate", 432);
    check_certificate_verify(&f, "certificate_verify", LT_SIG_RSA_PSS_RSAE_SHA256, 128);
    check_finished(&f, "server_finished");
    check_finished(&f, "client_finished");
    rfc8448_free(&f);
}

static void test_section6(void)
{
    rfc8448_file f;
    rfc8448_load(&f, "section6.txt");
    check_reordered(&f, "client_hello");
    CHECK(m.ch.ext.count == 8);
    check_client_hello(&f, "client_x25519_public");
    check_reordered(&f, "server_hello");
    check_server_hello(&f, "server_x25519_public");
    check_encrypted_extensions(&f);

    /* The request: an empty context and signature_algorithms only, with
     * the client's list (legacy schemes included). */
    check_exact(&f, "certificate_request");
    CHECK(m.cr.context.len == 0 && m.cr.ext.count == 1);
    const lt_extensions *e = &m.cr.ext;
    CHECK(list_is(e->signature_algorithms.schemes, e->signature_algorithms.count, schemes, 15));
    CHECK(!e->tls13.signature_algorithms_cert.present && !e->tls13.certificate_authorities.present);
    /* Of those, latch signs a TLS 1.3 CertificateVerify with these (RFC
     * 8446 4.2.3: no PKCS#1 v1.5, no SHA-1; and no P-521, which latch
     * does not support), and a latch client with an RSA key and the
     * default schemes picks rsa_pss_rsae_sha256, as the trace's did. */
    uint16_t allowed[LT_MAX_SIG_SCHEMES];
    size_t n = 0;
    for (size_t i = 0; i < e->signature_algorithms.count; i++)
        if (lt_hs13_scheme_allowed(e->signature_algorithms.schemes[i]))
            allowed[n++] = e->signature_algorithms.schemes[i];
    static const uint16_t tls13_schemes[] = {0x0403, 0x0503, 0x0804, 0x0805, 0x0806};
    CHECK(list_is(allowed, n, tls13_schemes, 5));
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    lt_privkey rsa = {.type = LT_KEY_RSA};
    CHECK(lt_neg_own_scheme(cfg, &rsa, allowed, n) == LT_SIG_RSA_PSS_RSAE_SHA256);
    latch_config_free(cfg);

    check_certificate(&f, "certificate", 0x132);
    check_certificate_verify(&f, "certificate_verify", LT_SIG_ECDSA_SECP256R1_SHA256, 0x47);
    check_finished(&f, "server_finished");
    check_certificate(&f, "client_certificate", 0x1b6);
    check_certificate_verify(&f, "client_certificate_verify", LT_SIG_RSA_PSS_RSAE_SHA256, 128);
    check_finished(&f, "client_finished");
    rfc8448_free(&f);
}

int main(void)
{
    test_section3();
    test_section4();
    test_section5();
    test_section6();
    return check_finish("rfc8448_msgs");
}
