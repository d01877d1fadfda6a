/* Record framing under null protection: headers, lengths, versions,
 * types, non-TLS peers, the DoS caps, and splitting on seal. */
#include "tls/record.h"
#include "check.h"

#include <stdlib.h>
#include <string.h>

/* Appends a record header and len bytes (i & 0xff) to buf at *at. */
static void put_record(uint8_t *buf, size_t *at, uint8_t type, uint16_t version, size_t len)
{
    uint8_t *p = buf + *at;
    p[0] = type;
    p[1] = (uint8_t)(version >> 8);
    p[2] = (uint8_t)version;
    p[3] = (uint8_t)(len >> 8);
    p[4] = (uint8_t)len;
    for (size_t i = 0; i < len; i++)
        p[5 + i] = (uint8_t)i;
    *at += 5 + len;
}

/* Opens one record from buf[0..len) with a fresh layer. */
static lt_record_status open_fresh(uint8_t *buf, size_t len, lt_record *rec, lt_error *err)
{
    lt_record_layer rl;
    lt_record_init(&rl);
    lt_error_clear(err);
    lt_record_status st = lt_record_open(&rl, buf, len, rec, err);
    lt_record_free(&rl);
    return st;
}

static void test_one_record(void)
{
    uint8_t buf[64];
    size_t len = 0;
    put_record(buf, &len, LT_CT_HANDSHAKE, 0x0303, 10);
    lt_record rec;
    lt_error err;
    CHECK(open_fresh(buf, len, &rec, &err) == LT_RECORD_DONE);
    CHECK(rec.type == LT_CT_HANDSHAKE && rec.version == 0x0303);
    CHECK(rec.len == 10 && rec.data == buf + 5 && rec.consumed == 15);
}

/* The three records used by the splitting tests, and what opening gives. */
static size_t three_records(uint8_t *buf)
{
    size_t len = 0;
    put_record(buf, &len, LT_CT_HANDSHAKE, 0x0303, 300);
    put_record(buf, &len, LT_CT_ALERT, 0x0303, 2);
    buf[len - 2] = LT_ALERT_LEVEL_WARNING;
    buf[len - 1] = LATCH_ALERT_USER_CANCELED;
    put_record(buf, &len, LT_CT_APPLICATION_DATA, 0x0303, 7);
    return len;
}

static void test_several_in_one_buffer(void)
{
    uint8_t buf[512];
    size_t len = three_records(buf);
    lt_record_layer rl;
    lt_record_init(&rl);
    lt_error err;
    lt_error_clear(&err);
    lt_record rec;
    size_t at = 0;
    const uint8_t types[] = {LT_CT_HANDSHAKE, LT_CT_ALERT, LT_CT_APPLICATION_DATA};
    const size_t lens[] = {300, 2, 7};
    for (size_t i = 0; i < 3; i++) {
        CHECK(lt_record_open(&rl, buf + at, len - at, &rec, &err) == LT_RECORD_DONE);
        CHECK(rec.type == types[i] && rec.len == lens[i]);
        at += rec.consumed;
    }
    CHECK(rec.data[6] == 6);
    CHECK(at == len);
    CHECK(lt_record_open(&rl, buf + at, 0, &rec, &err) == LT_RECORD_NEED_MORE);
    CHECK(rec.need == 5);
    CHECK(!lt_error_is_set(&err));
    lt_record_free(&rl);
}

/* Feeds the bytes one at a time into a growing input window, as a socket
 * might deliver them; need must always be exact. */
static void test_byte_at_a_time(void)
{
    uint8_t src[512], in[512];
    size_t len = three_records(src);
    lt_record_layer rl;
    lt_record_init(&rl);
    lt_error err;
    lt_error_clear(&err);
    size_t have = 0, done = 0, record_start = 0;
    const size_t lens[] = {300, 2, 7};
    for (size_t i = 0; i < len; i++) {
        in[have++] = src[i];
        lt_record rec;
        lt_record_status st = lt_record_open(&rl, in, have, &rec, &err);
        size_t record_len = 5 + lens[done];
        size_t got = i + 1 - record_start;
        if (got < 5) {
            CHECK(st == LT_RECORD_NEED_MORE && rec.need == 5 - got);
        } else if (got < record_len) {
            CHECK(st == LT_RECORD_NEED_MORE && rec.need == record_len - got);
        } else {
            CHECK(st == LT_RECORD_DONE);
            CHECK(rec.len == lens[done] && rec.consumed == record_len);
            CHECK_MEM(rec.data, src + record_start + 5, rec.len);
            record_start += record_len;
            have = 0;
            done++;
        }
    }
    CHECK(done == 3);
    CHECK(!lt_error_is_set(&err));
    lt_record_free(&rl);
}

static void test_plaintext_limit(void)
{
    uint8_t *buf = malloc(LT_RECORD_IN_BUF_LEN);
    lt_record rec;
    lt_error err;
    size_t len = 0;
    put_record(buf, &len, LT_CT_APPLICATION_DATA, 0x0303, LT_RECORD_MAX_PLAINTEXT);
    CHECK(open_fresh(buf, len, &rec, &err) == LT_RECORD_DONE && rec.len == 16384);
    CHECK(open_fresh(buf, 5, &rec, &err) == LT_RECORD_NEED_MORE && rec.need == 16384);

    /* One past: refused from the header alone, before the body arrives. */
    len = 0;
    put_record(buf, &len, LT_CT_APPLICATION_DATA, 0x0303, LT_RECORD_MAX_PLAINTEXT + 1);
    CHECK(open_fresh(buf, 5, &rec, &err) == LT_RECORD_ERROR);
    CHECK(err.code == LATCH_ERR_RECORD_OVERFLOW);
    CHECK(strcmp(err.message, "record of 16385 bytes exceeds the 16384-byte plaintext limit") == 0);

    /* A lower limit (max_fragment_length, record_size_limit). */
    lt_record_layer rl;
    lt_record_init(&rl);
    rl.read_max_plaintext = 512;
    len = 0;
    put_record(buf, &len, LT_CT_HANDSHAKE, 0x0303, 512);
    put_record(buf, &len, LT_CT_HANDSHAKE, 0x0303, 513);
    lt_error_clear(&err);
    CHECK(lt_record_open(&rl, buf, len, &rec, &err) == LT_RECORD_DONE && rec.len == 512);
    CHECK(lt_record_open(&rl, buf + rec.consumed, len - rec.consumed, &rec, &err) ==
          LT_RECORD_ERROR);
    CHECK(err.code == LATCH_ERR_RECORD_OVERFLOW);
    CHECK(strcmp(err.message, "record of 513 bytes exceeds the 512-byte plaintext limit") == 0);
    lt_record_free(&rl);
    free(buf);
}

static void test_zero_length(void)
{
    const uint8_t types[] = {LT_CT_HANDSHAKE, LT_CT_ALERT};
    uint8_t buf[16];
    lt_record rec;
    lt_error err;
    for (size_t i = 0; i < sizeof(types); i++) {
        size_t len = 0;
        put_record(buf, &len, types[i], 0x0303, 0);
        CHECK(open_fresh(buf, len, &rec, &err) == LT_RECORD_ERROR);
        CHECK(err.code == LATCH_ERR_DECODE);
        CHECK(strstr(err.message, "only application data may have zero-length") != NULL);
    }
    size_t len = 0;
    put_record(buf, &len, LT_CT_APPLICATION_DATA, 0x0303, 0);
    CHECK(open_fresh(buf, len, &rec, &err) == LT_RECORD_DONE && rec.len == 0);
    CHECK(rec.consumed == 5);
}

static void test_empty_record_cap(void)
{
    uint8_t empty[5], one[6];
    size_t len = 0;
    put_record(empty, &len, LT_CT_APPLICATION_DATA, 0x0303, 0);
    len = 0;
    put_record(one, &len, LT_CT_APPLICATION_DATA, 0x0303, 1);
    lt_record_layer rl;
    lt_record_init(&rl);
    lt_record rec;
    lt_error err;
    lt_error_clear(&err);
    /* 32 in a row, a non-empty one resets, 32 more, then one too many. */
    for (int i = 0; i < LT_RECORD_DEFAULT_MAX_EMPTY; i++)
        CHECK(lt_record_open(&rl, empty, 5, &rec, &err) == LT_RECORD_DONE);
    CHECK(lt_record_open(&rl, one, 6, &rec, &err) == LT_RECORD_DONE);
    for (int i = 0; i < LT_RECORD_DEFAULT_MAX_EMPTY; i++)
        CHECK(lt_record_open(&rl, empty, 5, &rec, &err) == LT_RECORD_DONE);
    CHECK(!lt_error_is_set(&err));
    CHECK(lt_record_open(&rl, empty, 5, &rec, &err) == LT_RECORD_ERROR);
    CHECK(err.code == LATCH_ERR_UNEXPECTED_MESSAGE);
    CHECK(strstr(err.message, "33 empty application-data records in a row (limit 32)") != NULL);
    lt_record_free(&rl);
}

static void test_versions(void)
{
    uint8_t buf[16];
    lt_record rec;
    lt_error err;
    /* RFC 5246 E.1: any {03,XX} for a ClientHello, 03 04 and 03 FE too. */
    const uint16_t hello_ok[] = {0x0300, 0x0301, 0x0302, 0x0303, 0x0304, 0x03fe, 0x03ff};
    const uint16_t never_ok[] = {0x0200, 0x0403, 0x0002, 0xfefd, 0x0103};
    lt_record_layer rl;
    for (size_t i = 0; i < sizeof(hello_ok) / sizeof(hello_ok[0]); i++) {
        size_t len = 0;
        put_record(buf, &len, LT_CT_HANDSHAKE, hello_ok[i], 4);
        lt_record_init(&rl);
        rl.accept_hello_versions = true;
        lt_error_clear(&err);
        CHECK(lt_record_open(&rl, buf, len, &rec, &err) == LT_RECORD_DONE);
        CHECK(rec.version == hello_ok[i]);
        lt_record_free(&rl);
        CHECK(open_fresh(buf, len, &rec, &err) ==
              (hello_ok[i] == 0x0303 ? LT_RECORD_DONE : LT_RECORD_ERROR));
        if (hello_ok[i] != 0x0303)
            CHECK(err.code == LATCH_ERR_PROTOCOL_VERSION);
    }
    size_t len = 0;
    put_record(buf, &len, LT_CT_HANDSHAKE, 0x0301, 4);
    CHECK(open_fresh(buf, len, &rec, &err) == LT_RECORD_ERROR);
    CHECK(strcmp(err.message, "handshake record carries version 3.1; TLS 1.2 records carry 3.3") ==
          0);
    for (size_t i = 0; i < sizeof(never_ok) / sizeof(never_ok[0]); i++) {
        len = 0;
        put_record(buf, &len, LT_CT_HANDSHAKE, never_ok[i], 4);
        lt_record_init(&rl);
        rl.accept_hello_versions = true;
        lt_error_clear(&err);
        CHECK(lt_record_open(&rl, buf, len, &rec, &err) == LT_RECORD_ERROR);
        CHECK(err.code == LATCH_ERR_PROTOCOL_VERSION);
        lt_record_free(&rl);
    }
}

static void test_unknown_types(void)
{
    const uint8_t types[] = {0, 19, 24, 0x47, 0x80, 255};
    uint8_t buf[32];
    for (size_t i = 0; i < sizeof(types); i++) {
        lt_record_layer rl;
        lt_record_init(&rl);
        lt_record rec;
        lt_error err;
        lt_error_clear(&err);
        size_t len = 0;
        put_record(buf, &len, LT_CT_HANDSHAKE, 0x0303, 4);
        size_t first = len;
        put_record(buf, &len, types[i], 0x0303, 4);
        CHECK(lt_record_open(&rl, buf, len, &rec, &err) == LT_RECORD_DONE);
        CHECK(lt_record_open(&rl, buf + first, len - first, &rec, &err) == LT_RECORD_ERROR);
        CHECK(err.code == LATCH_ERR_UNEXPECTED_MESSAGE);
        CHECK(strstr(err.message, "unknown content type") != NULL);
        lt_record_free(&rl);
    }
}

static void expect_first_bytes(const char *what, const uint8_t *in, size_t len, latch_err code,
                               const char *sentence)
{
    uint8_t buf[64];
    memcpy(buf, in, len);
    lt_record rec;
    lt_error err;
    lt_record_status st = open_fresh(buf, len, &rec, &err);
    CHECK(st == LT_RECORD_ERROR);
    CHECK(err.code == code);
    if (err.code != code || (sentence != NULL && strcmp(err.message, sentence) != 0))
        check_fail(__FILE__, __LINE__, what);
}

static void test_not_tls(void)
{
    const char *request = "the peer sent a plaintext HTTP request, not TLS";
    const char *requests[] = {
        "GET / HTTP/1.1\r\n",         "POST /form HTTP/1.1\r\n", "HEAD / HTTP/1.0\r\n",
        "PUT /x HTTP/1.1\r\n",        "DELETE /x HTTP/1.1\r\n",  "OPTIONS * HTTP/1.1\r\n",
        "CONNECT a:443 HTTP/1.1\r\n", "PATCH /x HTTP/1.1\r\n",   "TRACE / HTTP/1.1\r\n"};
    for (size_t i = 0; i < sizeof(requests) / sizeof(requests[0]); i++)
        expect_first_bytes(requests[i], (const uint8_t *)requests[i], strlen(requests[i]),
                           LATCH_ERR_NOT_TLS, request);
    const char *response = "HTTP/1.1 400 Bad Request\r\n";
    expect_first_bytes(response, (const uint8_t *)response, strlen(response), LATCH_ERR_NOT_TLS,
                       "the peer sent a plaintext HTTP response, not TLS; try http:// instead");
    const struct {
        const char *sent;
        const char *names;
    } greetings[] = {
        {"<!DOCTYPE html>", "HTML"},
        {"<html><body>", "HTML"},
        {"SSH-2.0-OpenSSH_9.2p1\r\n", "SSH server"},
        {"220 mail.example ESMTP\r\n", "--starttls smtp or ftp"},
        {"220-FTP server ready\r\n", "--starttls smtp or ftp"},
        {"* OK [CAPABILITY IMAP4rev1] ready\r\n", "--starttls imap"},
        {"+OK POP3 ready\r\n", "--starttls pop3"},
    };
    for (size_t i = 0; i < sizeof(greetings) / sizeof(greetings[0]); i++) {
        uint8_t buf[64];
        size_t len = strlen(greetings[i].sent);
        memcpy(buf, greetings[i].sent, len);
        lt_record rec;
        lt_error err;
        CHECK(open_fresh(buf, len, &rec, &err) == LT_RECORD_ERROR);
        CHECK(err.code == LATCH_ERR_NOT_TLS);
        CHECK(strstr(err.message, greetings[i].names) != NULL);
        CHECK(strstr(err.message, "not TLS") != NULL);
    }

    /* An SSLv2-format ClientHello: 2-byte length with the top bit, type 1, version 3.1. */
    const uint8_t sslv2[] = {0x80, 0x2e, 0x01, 0x03, 0x01, 0x00, 0x15, 0x00, 0x00};
    expect_first_bytes("sslv2", sslv2, sizeof(sslv2), LATCH_ERR_NOT_TLS,
                       "the peer sent an SSLv2-style ClientHello, not a TLS 1.2 record");

    /* Other text is named as text, quoted, but not as HTTP. */
    const char *almost = "GEX / HTTP/1.1\r\n";
    expect_first_bytes(almost, (const uint8_t *)almost, strlen(almost), LATCH_ERR_NOT_TLS,
                       "the peer sent plain text (it begins \"GEX /\"), not TLS");
    const char *hello = "hello, world\n";
    expect_first_bytes(hello, (const uint8_t *)hello, strlen(hello), LATCH_ERR_NOT_TLS,
                       "the peer sent plain text (it begins \"hello\"), not TLS");

    /* Garbage is an unknown type, or a bad version; so is text that could
     * not be quoted as it is, or that has a line end in its first five. */
    const uint8_t zeros[] = {0, 0, 0, 0, 0, 0};
    expect_first_bytes("zeros", zeros, sizeof(zeros), LATCH_ERR_UNEXPECTED_MESSAGE, NULL);
    const char *quoted = "\"hi\" there\n";
    expect_first_bytes(quoted, (const uint8_t *)quoted, strlen(quoted),
                       LATCH_ERR_UNEXPECTED_MESSAGE, NULL);
    const char *short_line = "ok\r\nmore";
    expect_first_bytes(short_line, (const uint8_t *)short_line, strlen(short_line),
                       LATCH_ERR_UNEXPECTED_MESSAGE, NULL);
    const uint8_t bad_version[] = {0x16, 0x47, 0x45, 0x00, 0x01, 0x00};
    expect_first_bytes("bad version", bad_version, sizeof(bad_version), LATCH_ERR_PROTOCOL_VERSION,
                       NULL);

    /* Fewer than five bytes: wait, even for "GET". */
    uint8_t get[4] = {'G', 'E', 'T', ' '};
    lt_record rec;
    lt_error err;
    CHECK(open_fresh(get, sizeof(get), &rec, &err) == LT_RECORD_NEED_MORE && rec.need == 1);

    /* After a TLS record, the same bytes are just a bad record. */
    uint8_t buf[64];
    size_t len = 0;
    put_record(buf, &len, LT_CT_HANDSHAKE, 0x0303, 4);
    memcpy(buf + len, requests[0], strlen(requests[0]));
    lt_record_layer rl;
    lt_record_init(&rl);
    lt_error_clear(&err);
    CHECK(lt_record_open(&rl, buf, sizeof(buf), &rec, &err) == LT_RECORD_DONE);
    CHECK(lt_record_open(&rl, buf + len, strlen(requests[0]), &rec, &err) == LT_RECORD_ERROR);
    CHECK(err.code == LATCH_ERR_UNEXPECTED_MESSAGE);
    lt_record_free(&rl);
}

static size_t put_alert(uint8_t *buf, size_t at, uint8_t level, uint8_t description)
{
    const uint8_t rec[] = {LT_CT_ALERT, 3, 3, 0, 2, level, description};
    memcpy(buf + at, rec, sizeof(rec));
    return at + sizeof(rec);
}

static void test_alert_records(void)
{
    uint8_t buf[128];
    lt_record_layer rl;
    lt_record rec;
    lt_error err;
    lt_record_init(&rl);
    lt_error_clear(&err);

    size_t len = put_alert(buf, 0, LT_ALERT_LEVEL_FATAL, LATCH_ALERT_BAD_CERTIFICATE);
    CHECK(lt_record_open(&rl, buf, len, &rec, &err) == LT_RECORD_DONE);
    CHECK(rec.alert.level == LT_ALERT_LEVEL_FATAL);
    CHECK(rec.alert.description == LATCH_ALERT_BAD_CERTIFICATE);

    /* Four warnings in a row pass, a handshake record resets the count,
     * close_notify is not counted, the fifth warning in a row fails. */
    len = 0;
    for (int i = 0; i < 4; i++)
        len = put_alert(buf, len, LT_ALERT_LEVEL_WARNING, LATCH_ALERT_USER_CANCELED);
    put_record(buf, &len, LT_CT_HANDSHAKE, 0x0303, 4);
    for (int i = 0; i < 4; i++)
        len = put_alert(buf, len, LT_ALERT_LEVEL_WARNING, LATCH_ALERT_NO_RENEGOTIATION);
    len = put_alert(buf, len, LT_ALERT_LEVEL_WARNING, LATCH_ALERT_CLOSE_NOTIFY);
    size_t fifth = len;
    len = put_alert(buf, len, LT_ALERT_LEVEL_WARNING, LATCH_ALERT_NO_RENEGOTIATION);
    size_t at = 0;
    while (at < fifth) {
        CHECK(lt_record_open(&rl, buf + at, len - at, &rec, &err) == LT_RECORD_DONE);
        at += rec.consumed;
    }
    CHECK(rec.alert.description == LATCH_ALERT_CLOSE_NOTIFY);
    CHECK(!lt_error_is_set(&err));
    CHECK(lt_record_open(&rl, buf + at, len - at, &rec, &err) == LT_RECORD_ERROR);
    CHECK(err.code == LATCH_ERR_UNEXPECTED_MESSAGE);
    CHECK(strstr(err.message, "5 warning alerts in a row (limit 4), the last no_renegotiation") !=
          NULL);
    lt_record_free(&rl);

    /* An alert record of three bytes, and one with a bad level. */
    const uint8_t three[] = {LT_CT_ALERT, 3, 3, 0, 3, 1, 0, 0};
    memcpy(buf, three, sizeof(three));
    CHECK(open_fresh(buf, sizeof(three), &rec, &err) == LT_RECORD_ERROR);
    CHECK(err.code == LATCH_ERR_DECODE);
    len = put_alert(buf, 0, 3, LATCH_ALERT_CLOSE_NOTIFY);
    CHECK(open_fresh(buf, len, &rec, &err) == LT_RECORD_ERROR);
    CHECK(err.code == LATCH_ERR_DECODE);
}

static void test_ccs(void)
{
    uint8_t buf[16];
    lt_record rec;
    lt_error err;
    const uint8_t good[] = {LT_CT_CHANGE_CIPHER_SPEC, 3, 3, 0, 1, 1};
    memcpy(buf, good, sizeof(good));
    CHECK(open_fresh(buf, sizeof(good), &rec, &err) == LT_RECORD_DONE);
    CHECK(lt_record_check_ccs(&rec, &err));

    const uint8_t two[] = {LT_CT_CHANGE_CIPHER_SPEC, 3, 3, 0, 1, 2};
    memcpy(buf, two, sizeof(two));
    CHECK(open_fresh(buf, sizeof(two), &rec, &err) == LT_RECORD_DONE);
    CHECK(!lt_record_check_ccs(&rec, &err) && err.code == LATCH_ERR_UNEXPECTED_MESSAGE);

    /* Empty, it passes framing and is refused like any other wrong body. */
    const uint8_t empty[] = {LT_CT_CHANGE_CIPHER_SPEC, 3, 3, 0, 0};
    memcpy(buf, empty, sizeof(empty));
    CHECK(open_fresh(buf, sizeof(empty), &rec, &err) == LT_RECORD_DONE && rec.len == 0);
    CHECK(!lt_record_check_ccs(&rec, &err) && err.code == LATCH_ERR_UNEXPECTED_MESSAGE);
    CHECK(strstr(err.message, "of 0 bytes is not the single byte 1") != NULL);

    const uint8_t longer[] = {LT_CT_CHANGE_CIPHER_SPEC, 3, 3, 0, 2, 1, 1};
    memcpy(buf, longer, sizeof(longer));
    CHECK(open_fresh(buf, sizeof(longer), &rec, &err) == LT_RECORD_DONE);
    CHECK(!lt_record_check_ccs(&rec, &err) && err.code == LATCH_ERR_UNEXPECTED_MESSAGE);
    CHECK(strstr(err.message, "of 2 bytes is not the single byte 1") != NULL);
}

static void test_seal_splits(void)
{
    size_t len = 40000;
    uint8_t *data = malloc(len);
    for (size_t i = 0; i < len; i++)
        data[i] = (uint8_t)(i * 31);
    lt_record_layer rl;
    lt_record_init(&rl);
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_record_sealed_len(&rl, len) == len + 3 * 5);
    CHECK(lt_record_seal(&rl, LT_CT_APPLICATION_DATA, data, len, &w, &err));
    CHECK(w.len == len + 15);
    CHECK(rl.write.seq == 3);

    const size_t lens[] = {16384, 16384, 7232};
    size_t at = 0, got = 0;
    for (size_t i = 0; i < 3; i++) {
        lt_record rec;
        CHECK(lt_record_open(&rl, w.data + at, w.len - at, &rec, &err) == LT_RECORD_DONE);
        CHECK(rec.type == LT_CT_APPLICATION_DATA && rec.len == lens[i]);
        CHECK_MEM(rec.data, data + got, rec.len);
        got += rec.len;
        at += rec.consumed;
    }
    CHECK(at == w.len && got == len);

    /* A lower write limit, and zero bytes. */
    lt_writer_reset(&w);
    rl.write_max_plaintext = 100;
    CHECK(lt_record_sealed_len(&rl, 250) == 265);
    CHECK(lt_record_seal(&rl, LT_CT_HANDSHAKE, data, 250, &w, &err));
    CHECK(w.len == 265 && w.data[3] == 0 && w.data[4] == 100 && w.data[214] == 50);
    CHECK(lt_record_seal(&rl, LT_CT_HANDSHAKE, data, 0, &w, &err));
    CHECK(w.len == 265);
    CHECK(!lt_error_is_set(&err));
    lt_writer_free(&w);

    /* No room: nothing is written and the sequence number stays. */
    uint8_t small[110];
    lt_writer_init_fixed(&w, small, sizeof(small));
    lt_write_u8(&w, 0xaa);
    uint64_t seq = rl.write.seq;
    CHECK(!lt_record_seal(&rl, LT_CT_HANDSHAKE, data, 105, &w, &err));
    CHECK(err.code == LATCH_ERR_INTERNAL);
    CHECK(strstr(err.message, "need 115 bytes of records; the output buffer has 109 free") != NULL);
    CHECK(w.len == 1 && lt_writer_ok(&w) && rl.write.seq == seq);
    lt_error_clear(&err);
    CHECK(lt_record_seal(&rl, LT_CT_HANDSHAKE, data, 100, &w, &err));
    CHECK(w.len == 106);

    rl.write_max_plaintext = 0;
    lt_error_clear(&err);
    CHECK(!lt_record_seal(&rl, LT_CT_HANDSHAKE, data, 1, &w, &err));
    CHECK(err.code == LATCH_ERR_INTERNAL);
    lt_record_free(&rl);
    free(data);
}

static void test_buffer_constants(void)
{
    CHECK(LT_RECORD_IN_BUF_LEN == 16384 + 320 + 5);
    CHECK(LT_RECORD_OUT_BUF_LEN == 16384 + 85);
}

int main(void)
{
    test_one_record();
    test_several_in_one_buffer();
    test_byte_at_a_time();
    test_plaintext_limit();
    test_zero_length();
    test_empty_record_cap();
    test_versions();
    test_unknown_types();
    test_not_tls();
    test_alert_records();
    test_ccs();
    test_seal_splits();
    test_buffer_constants();
    return check_finish("test_record_framing");
}
