/* The handshake header, the type names, and splitting a whole message. */
#include "test_msg_util.h"

static void test_names(void)
{
    const struct {
        uint8_t type;
        const char *name;
        const char *title;
    } all[] = {
        {LT_HS_HELLO_REQUEST, "hello_request", "HelloRequest"},
        {LT_HS_CLIENT_HELLO, "client_hello", "ClientHello"},
        {LT_HS_SERVER_HELLO, "server_hello", "ServerHello"},
        {LT_HS_NEW_SESSION_TICKET, "new_session_ticket", "NewSessionTicket"},
        {LT_HS_CERTIFICATE, "certificate", "Certificate"},
        {LT_HS_SERVER_KEY_EXCHANGE, "server_key_exchange", "ServerKeyExchange"},
        {LT_HS_CERTIFICATE_REQUEST, "certificate_request", "CertificateRequest"},
        {LT_HS_SERVER_HELLO_DONE, "server_hello_done", "ServerHelloDone"},
        {LT_HS_CERTIFICATE_VERIFY, "certificate_verify", "CertificateVerify"},
        {LT_HS_CLIENT_KEY_EXCHANGE, "client_key_exchange", "ClientKeyExchange"},
        {LT_HS_FINISHED, "finished", "Finished"},
        {LT_HS_CERTIFICATE_STATUS, "certificate_status", "CertificateStatus"},
    };
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        CHECK(strcmp(lt_hs_type_name(all[i].type), all[i].name) == 0);
        CHECK(strcmp(lt_hs_type_title(all[i].type), all[i].title) == 0);
    }
    CHECK(lt_hs_type_name(LT_HS_FINISHED) == lt_hs_type_name(20));
    CHECK(strcmp(lt_hs_type_name(3), "unknown") == 0); /* hello_verify_request is DTLS */
    CHECK(strcmp(lt_hs_type_name(255), "unknown") == 0);
    CHECK(strcmp(lt_hs_type_title(8), "EncryptedExtensions") == 0);
    CHECK(strcmp(lt_hs_type_title(9), "unknown handshake message") == 0);
}

static void test_header(void)
{
    const uint8_t in[] = {0x0b, 0x01, 0x02, 0x03, 0xaa};
    lt_reader r = lt_reader_make(in, sizeof(in));
    lt_hs_header h;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_hs_header_read(&r, &h, &err));
    CHECK(h.type == LT_HS_CERTIFICATE && h.length == 0x010203);
    CHECK(lt_reader_left(&r) == 1);
    for (size_t n = 0; n < LT_HS_HEADER_LEN; n++) {
        r = lt_reader_make(in, n);
        lt_error_clear(&err);
        CHECK_FAILS(lt_hs_header_read(&r, &h, &err), err, LATCH_ERR_DECODE);
        CHECK(lt_reader_left(&r) == n); /* a short header takes nothing */
    }
}

static void test_split(void)
{
    uint8_t msg[8];
    size_t n = check_hex("14 000003 aabbcc", msg, sizeof(msg));
    uint8_t type = 0;
    lt_span body;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_hs_split(msg, n, &type, &body, &err));
    CHECK(type == LT_HS_FINISHED && body.data == msg + 4 && body.len == 3);
    for (size_t cut = 0; cut < n; cut++) {
        lt_error_clear(&err);
        CHECK_FAILS(lt_hs_split(msg, cut, &type, &body, &err), err, LATCH_ERR_DECODE);
    }
    msg[n] = 0;
    lt_error_clear(&err);
    CHECK_FAILS(lt_hs_split(msg, n + 1, &type, &body, &err), err, LATCH_ERR_DECODE);
    CHECK(strcmp(err.message, "Finished: 1 unexpected bytes after the body") == 0);

    lt_writer w;
    MSG_WRITE(w, lt_write_close(&w, lt_hs_open(&w, LT_HS_SERVER_HELLO_DONE)));
    CHECK(w.len == 4 && w.data[0] == 14 && w.data[3] == 0);
    lt_writer_free(&w);
}

int main(void)
{
    test_names();
    test_header();
    test_split();
    return check_finish("msg_common");
}
