#include "tls/msg_kex.h"

/* A vector whose RFC length range starts at 1 (opaque x<1..2^n-1>). */
static bool read_nonempty(lt_reader *r, unsigned prefix, const char *msg, const char *field,
                          lt_span *out, lt_error *err)
{
    lt_reader v;
    bool ok = prefix == 1 ? lt_read_block8(r, &v) : lt_read_block16(r, &v);
    LT_MSG_NEED(ok, err, msg, field);
    LT_ENSURE(!lt_reader_done(&v), err, LATCH_ERR_DECODE, "%s: %s is empty", msg, field);
    *out = lt_span_make(lt_reader_data(&v), lt_reader_left(&v));
    return true;
}

bool lt_server_key_exchange_parse(const uint8_t *body, size_t len, lt_msg_kex kind,
                                  lt_server_key_exchange *out, lt_error *err)
{
    static const char msg[] = "ServerKeyExchange";
    lt_reader r = lt_reader_make(body, len);
    out->kind = kind;
    out->group = 0;
    out->point = out->dh_p = out->dh_g = out->dh_ys = lt_span_make(NULL, 0);
    switch (kind) {
    case LT_MSG_KEX_ECDHE: {
        uint8_t curve_type;
        LT_MSG_NEED(lt_read_u8(&r, &curve_type), err, msg, "curve_type");
        /* RFC 8422 5.4: explicit curves are deprecated; only named_curve. */
        LT_ENSURE(curve_type == LT_EC_CURVE_TYPE_NAMED, err, LATCH_ERR_ILLEGAL_PARAMETER,
                  "%s: curve_type %u is not named_curve (3)", msg, curve_type);
        LT_MSG_NEED(lt_read_u16(&r, &out->group), err, msg, "named_curve");
        LT_GUARD(read_nonempty(&r, 1, msg, "public point", &out->point, err));
        break;
    }
    case LT_MSG_KEX_DHE:
        LT_GUARD(read_nonempty(&r, 2, msg, "dh_p", &out->dh_p, err));
        LT_GUARD(read_nonempty(&r, 2, msg, "dh_g", &out->dh_g, err));
        LT_GUARD(read_nonempty(&r, 2, msg, "dh_Ys", &out->dh_ys, err));
        break;
    case LT_MSG_KEX_RSA:
    default:
        /* RFC 5246 7.4.3: not legal for RSA key exchange. */
        return LT_FAIL(err, LATCH_ERR_UNEXPECTED_MESSAGE,
                       "%s: the negotiated key exchange does not send one", msg);
    }
    out->params = lt_span_make(body, len - lt_reader_left(&r));

    lt_reader sig;
    LT_MSG_NEED(lt_read_u16(&r, &out->sig.scheme), err, msg, "signature algorithm");
    LT_MSG_NEED(lt_read_block16(&r, &sig), err, msg, "signature");
    LT_MSG_END(&r, err, msg, "signature");
    out->sig.signature = lt_span_make(lt_reader_data(&sig), lt_reader_left(&sig));
    return true;
}

static void write_block(lt_writer *w, uint8_t prefix, lt_span s)
{
    lt_wblock b = lt_write_open(w, prefix);
    lt_write_bytes(w, s.data, s.len);
    lt_write_close(w, b);
}

void lt_server_key_exchange_write_params(const lt_server_key_exchange *ske, lt_writer *w)
{
    if (ske->kind == LT_MSG_KEX_ECDHE) {
        lt_write_u8(w, LT_EC_CURVE_TYPE_NAMED);
        lt_write_u16(w, ske->group);
        write_block(w, 1, ske->point);
    } else {
        write_block(w, 2, ske->dh_p);
        write_block(w, 2, ske->dh_g);
        write_block(w, 2, ske->dh_ys);
    }
}

void lt_server_key_exchange_write(const lt_server_key_exchange *ske, lt_writer *w)
{
    lt_wblock msg = lt_hs_open(w, LT_HS_SERVER_KEY_EXCHANGE);
    lt_server_key_exchange_write_params(ske, w);
    lt_write_u16(w, ske->sig.scheme);
    write_block(w, 2, ske->sig.signature);
    lt_write_close(w, msg);
}

bool lt_server_hello_done_parse(const uint8_t *body, size_t len, lt_error *err)
{
    (void)body;
    LT_ENSURE(len == 0, err, LATCH_ERR_DECODE,
              "ServerHelloDone: body must be empty but has %zu bytes", len);
    return true;
}

void lt_server_hello_done_write(lt_writer *w)
{
    lt_write_close(w, lt_hs_open(w, LT_HS_SERVER_HELLO_DONE));
}

bool lt_client_key_exchange_parse(const uint8_t *body, size_t len, lt_msg_kex kind,
                                  lt_client_key_exchange *out, lt_error *err)
{
    static const char msg[] = "ClientKeyExchange";
    lt_reader r = lt_reader_make(body, len);
    out->kind = kind;
    const char *field;
    switch (kind) {
    case LT_MSG_KEX_ECDHE:
        field = "ecdh_Yc";
        LT_GUARD(read_nonempty(&r, 1, msg, field, &out->exchange, err));
        break;
    case LT_MSG_KEX_DHE:
        field = "dh_Yc";
        LT_GUARD(read_nonempty(&r, 2, msg, field, &out->exchange, err));
        break;
    case LT_MSG_KEX_RSA: {
        /* RFC 5246 4.7: a public-key-encrypted element is an opaque
         * <0..2^16-1>, so even an empty one parses; the server treats it
         * like any other bad ciphertext (7.4.7.1). */
        field = "EncryptedPreMasterSecret";
        lt_reader v;
        LT_MSG_NEED(lt_read_block16(&r, &v), err, msg, field);
        out->exchange = lt_span_make(lt_reader_data(&v), lt_reader_left(&v));
        break;
    }
    default:
        return LT_FAIL(err, LATCH_ERR_INTERNAL, "%s: unknown key exchange kind %d", msg, (int)kind);
    }
    LT_MSG_END(&r, err, msg, field);
    return true;
}

void lt_client_key_exchange_write(const lt_client_key_exchange *cke, lt_writer *w)
{
    lt_wblock msg = lt_hs_open(w, LT_HS_CLIENT_KEY_EXCHANGE);
    write_block(w, cke->kind == LT_MSG_KEX_ECDHE ? 1 : 2, cke->exchange);
    lt_write_close(w, msg);
}
