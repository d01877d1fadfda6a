#include "tls/msg_hello.h"

#include <string.h>

#include "tls/msg_list.h"
#include "tls/suites.h"

_Static_assert(LT_SUITE_COUNT + 2 <= LT_KNOWN_SUITES_RESERVE,
               "every suite and both SCSVs fit the slots held for known suites");

static bool parse_empty(const char *msg, size_t len, lt_error *err)
{
    LT_ENSURE(len == 0, err, LATCH_ERR_DECODE, "%s: body must be empty but has %zu bytes", msg,
              len);
    return true;
}

bool lt_hello_request_parse(const uint8_t *body, size_t len, lt_error *err)
{
    (void)body;
    return parse_empty("HelloRequest", len, err);
}

void lt_hello_request_write(lt_writer *w)
{
    lt_write_close(w, lt_hs_open(w, LT_HS_HELLO_REQUEST));
}

/* SessionID session_id<0..32>. */
static bool read_session_id(lt_reader *r, const char *msg, uint8_t *out, size_t *out_len,
                            lt_error *err)
{
    lt_reader sid;
    LT_MSG_NEED(lt_read_block8(r, &sid), err, msg, "session_id");
    size_t n = lt_reader_left(&sid);
    LT_ENSURE(n <= LT_SESSION_ID_MAX, err, LATCH_ERR_DECODE,
              "%s: session_id is %zu bytes, more than %d", msg, n, LT_SESSION_ID_MAX);
    LT_MSG_NEED(lt_read_copy(&sid, out, n), err, msg, "session_id");
    *out_len = n;
    return true;
}

/* The optional extensions block that ends both hellos (RFC 5246 7.4.1.2:
 * a hello may stop after its compression field). */
static bool read_extensions(lt_reader *r, const char *msg, lt_ext_context ctx, lt_extensions *out,
                            lt_error *err)
{
    if (lt_reader_done(r)) {
        memset(out, 0, sizeof(*out));
        return true;
    }
    lt_reader block;
    LT_MSG_NEED(lt_read_block16(r, &block), err, msg, "extensions");
    LT_GUARD(lt_extensions_parse(lt_reader_data(&block), lt_reader_left(&block), ctx, out, err));
    LT_MSG_END(r, err, msg, "extensions");
    return true;
}

static bool suite_known(uint16_t code)
{
    return lt_suite_by_code(code) != NULL || code == LT_TLS_EMPTY_RENEGOTIATION_INFO_SCSV ||
           code == LT_TLS_FALLBACK_SCSV;
}

bool lt_client_hello_parse(const uint8_t *body, size_t len, lt_client_hello *out, lt_error *err)
{
    static const char msg[] = "ClientHello";
    lt_reader r = lt_reader_make(body, len);
    LT_MSG_NEED(lt_read_u16(&r, &out->version), err, msg, "client_version");
    LT_MSG_NEED(lt_read_copy(&r, out->random, LT_RANDOM_LEN), err, msg, "random");
    LT_GUARD(read_session_id(&r, msg, out->session_id, &out->session_id_len, err));

    /* CipherSuite cipher_suites<2..2^16-2>. */
    lt_reader suites;
    LT_MSG_NEED(lt_read_block16(&r, &suites), err, msg, "cipher_suites");
    size_t n = lt_reader_left(&suites);
    LT_ENSURE(n > 0, err, LATCH_ERR_DECODE, "%s: cipher_suites is empty", msg);
    lt_u16_store st = {.items = out->cipher_suites,
                       .cap = LT_MAX_CIPHER_SUITES,
                       .reserve = LT_KNOWN_SUITES_RESERVE,
                       .known = suite_known};
    LT_ENSURE(lt_u16_store_read(&st, &suites), err, LATCH_ERR_DECODE,
              "%s: cipher_suites length %zu is odd", msg, n);
    out->cipher_suites_count = st.count;
    out->cipher_suites_listed = st.listed;

    /* CompressionMethod compression_methods<1..2^8-1>, which RFC 5246
     * 7.4.1.2 says MUST contain null. */
    lt_reader comp;
    LT_MSG_NEED(lt_read_block8(&r, &comp), err, msg, "compression_methods");
    n = lt_reader_left(&comp);
    LT_ENSURE(n > 0, err, LATCH_ERR_DECODE, "%s: compression_methods is empty", msg);
    LT_ENSURE(memchr(lt_reader_data(&comp), 0, n) != NULL, err, LATCH_ERR_ILLEGAL_PARAMETER,
              "%s: compression_methods does not include null (0)", msg);
    out->compression_methods = lt_span_make(lt_reader_data(&comp), n);

    return read_extensions(&r, msg, LT_EXT_IN_CLIENT_HELLO, &out->ext, err);
}

void lt_client_hello_write(const lt_client_hello *ch, lt_writer *w)
{
    lt_wblock msg = lt_hs_open(w, LT_HS_CLIENT_HELLO);
    lt_write_u16(w, ch->version);
    lt_write_bytes(w, ch->random, LT_RANDOM_LEN);
    lt_wblock b = lt_write_open(w, 1);
    lt_write_bytes(w, ch->session_id, ch->session_id_len);
    lt_write_close(w, b);
    b = lt_write_open(w, 2);
    for (size_t i = 0; i < ch->cipher_suites_count; i++)
        lt_write_u16(w, ch->cipher_suites[i]);
    lt_write_close(w, b);
    b = lt_write_open(w, 1);
    lt_write_bytes(w, ch->compression_methods.data, ch->compression_methods.len);
    lt_write_close(w, b);
    if (!lt_extensions_empty(&ch->ext))
        lt_extensions_write(&ch->ext, LT_EXT_IN_CLIENT_HELLO, w);
    lt_write_close(w, msg);
}

bool lt_server_hello_parse(const uint8_t *body, size_t len, lt_server_hello *out, lt_error *err)
{
    static const char msg[] = "ServerHello";
    lt_reader r = lt_reader_make(body, len);
    LT_MSG_NEED(lt_read_u16(&r, &out->version), err, msg, "server_version");
    LT_MSG_NEED(lt_read_copy(&r, out->random, LT_RANDOM_LEN), err, msg, "random");
    LT_GUARD(read_session_id(&r, msg, out->session_id, &out->session_id_len, err));
    LT_MSG_NEED(lt_read_u16(&r, &out->cipher_suite), err, msg, "cipher_suite");
    uint8_t comp;
    LT_MSG_NEED(lt_read_u8(&r, &comp), err, msg, "compression_method");
    /* We never offer compression, so the server cannot pick any. */
    LT_ENSURE(comp == 0, err, LATCH_ERR_ILLEGAL_PARAMETER,
              "%s: compression_method %u is not null (0)", msg, comp);
    return read_extensions(&r, msg, LT_EXT_IN_SERVER_HELLO, &out->ext, err);
}

void lt_server_hello_write(const lt_server_hello *sh, lt_writer *w)
{
    lt_wblock msg = lt_hs_open(w, LT_HS_SERVER_HELLO);
    lt_write_u16(w, sh->version);
    lt_write_bytes(w, sh->random, LT_RANDOM_LEN);
    lt_wblock b = lt_write_open(w, 1);
    lt_write_bytes(w, sh->session_id, sh->session_id_len);
    lt_write_close(w, b);
    lt_write_u16(w, sh->cipher_suite);
    lt_write_u8(w, 0);
    if (!lt_extensions_empty(&sh->ext))
        lt_extensions_write(&sh->ext, LT_EXT_IN_SERVER_HELLO, w);
    lt_write_close(w, msg);
}

bool lt_client_hello_offers(const lt_client_hello *ch, uint16_t code)
{
    for (size_t i = 0; i < ch->cipher_suites_count; i++)
        if (ch->cipher_suites[i] == code)
            return true;
    return false;
}
