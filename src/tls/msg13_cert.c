/*
 * TLS 1.3's certificate messages: Certificate (RFC 8446 4.4.2),
 * CertificateRequest (4.3.2) and the content CertificateVerify signs
 * (4.4.3).
 */
#include <string.h>

#include "tls/msg13.h"

/* One CertificateEntry's extensions: the OCSP response (its body is a
 * CertificateStatus, RFC 8446 4.4.2.1) and the SCT list (RFC 6962
 * 3.3.1), each at most once. */
static bool parse_entry_extensions(lt_reader *exts, size_t i, lt_certificate13 *out, lt_error *err)
{
    static const char msg[] = "Certificate";
    while (!lt_reader_done(exts)) {
        uint16_t type;
        lt_reader body;
        LT_MSG_NEED(lt_read_u16(exts, &type), err, msg, "extension type");
        LT_ENSURE(lt_read_block16(exts, &body), err, LATCH_ERR_DECODE,
                  "%s: extension %u of certificate %zu is truncated", msg, type, i + 1);
        const uint8_t *p = lt_reader_data(&body);
        size_t n = lt_reader_left(&body);
        if (type == LT_EXT_STATUS_REQUEST) {
            LT_ENSURE(out->ocsp[i].len == 0, err, LATCH_ERR_DECODE,
                      "%s: certificate %zu has two status_request extensions", msg, i + 1);
            lt_certificate_status cs;
            LT_GUARD(lt_certificate_status_parse(p, n, &cs, err));
            out->ocsp[i] = cs.response;
        } else if (type == LT_EXT_SIGNED_CERTIFICATE_TIMESTAMP) {
            LT_ENSURE(out->sct[i].len == 0 && n > 0, err, LATCH_ERR_DECODE,
                      "%s: certificate %zu has an empty or second signed_certificate_timestamp",
                      msg, i + 1);
            out->sct[i] = lt_span_make(p, n);
        } else {
            return LT_FAIL(err, LATCH_ERR_UNSUPPORTED_EXTENSION,
                           "%s: certificate %zu carries the %s extension (%u), which was not "
                           "requested (RFC 8446 4.4.2)",
                           msg, i + 1, lt_ext_type_name(type), type);
        }
    }
    return true;
}

bool lt_certificate13_parse(const uint8_t *body, size_t len, lt_certificate13 *out, lt_error *err)
{
    static const char msg[] = "Certificate";
    memset(out, 0, sizeof(*out));
    lt_reader r = lt_reader_make(body, len);
    lt_reader ctx, list;
    LT_MSG_NEED(lt_read_block8(&r, &ctx), err, msg, "certificate_request_context");
    out->context = lt_span_make(lt_reader_data(&ctx), lt_reader_left(&ctx));
    LT_MSG_NEED(lt_read_block24(&r, &list), err, msg, "certificate_list");
    LT_MSG_END(&r, err, msg, "certificate_list");
    LT_ENSURE(lt_reader_left(&list) <= LT_MAX_CERT_CHAIN_BYTES, err, LATCH_ERR_DECODE,
              "%s: certificate_list is %zu bytes, more than the %u this library accepts", msg,
              lt_reader_left(&list), LT_MAX_CERT_CHAIN_BYTES);
    while (!lt_reader_done(&list)) {
        LT_ENSURE(out->count < LT_MAX_CERT_CHAIN, err, LATCH_ERR_DECODE,
                  "%s: more than the %d certificates this library accepts", msg, LT_MAX_CERT_CHAIN);
        lt_reader cert, exts;
        LT_ENSURE(lt_read_block24(&list, &cert) && lt_read_block16(&list, &exts), err,
                  LATCH_ERR_DECODE, "%s: certificate entry %zu is truncated", msg, out->count + 1);
        LT_ENSURE(!lt_reader_done(&cert), err, LATCH_ERR_DECODE, "%s: certificate %zu is empty",
                  msg, out->count + 1);
        out->certs[out->count] = lt_span_make(lt_reader_data(&cert), lt_reader_left(&cert));
        LT_GUARD(parse_entry_extensions(&exts, out->count, out, err));
        out->count++;
    }
    return true;
}

static void write_entry_extensions(const lt_certificate13 *c, size_t i, lt_writer *w)
{
    lt_wblock exts = lt_write_open(w, 2);
    if (c->ocsp[i].len > 0) {
        lt_write_u16(w, LT_EXT_STATUS_REQUEST);
        lt_wblock e = lt_write_open(w, 2);
        lt_write_u8(w, LT_STATUS_TYPE_OCSP);
        lt_wblock resp = lt_write_open(w, 3);
        lt_write_bytes(w, c->ocsp[i].data, c->ocsp[i].len);
        lt_write_close(w, resp);
        lt_write_close(w, e);
    }
    if (c->sct[i].len > 0) {
        lt_write_u16(w, LT_EXT_SIGNED_CERTIFICATE_TIMESTAMP);
        lt_wblock e = lt_write_open(w, 2);
        lt_write_bytes(w, c->sct[i].data, c->sct[i].len);
        lt_write_close(w, e);
    }
    lt_write_close(w, exts);
}

void lt_certificate13_write(const lt_certificate13 *c, lt_writer *w)
{
    lt_wblock msg = lt_hs_open(w, LT_HS_CERTIFICATE);
    lt_wblock ctx = lt_write_open(w, 1);
    lt_write_bytes(w, c->context.data, c->context.len);
    lt_write_close(w, ctx);
    lt_wblock list = lt_write_open(w, 3);
    for (size_t i = 0; i < c->count; i++) {
        lt_wblock cert = lt_write_open(w, 3);
        lt_write_bytes(w, c->certs[i].data, c->certs[i].len);
        lt_write_close(w, cert);
        write_entry_extensions(c, i, w);
    }
    lt_write_close(w, list);
    lt_write_close(w, msg);
}

bool lt_certificate_request13_parse(const uint8_t *body, size_t len, lt_certificate_request13 *out,
                                    lt_error *err)
{
    static const char msg[] = "CertificateRequest";
    lt_reader r = lt_reader_make(body, len);
    lt_reader ctx, exts;
    LT_MSG_NEED(lt_read_block8(&r, &ctx), err, msg, "certificate_request_context");
    out->context = lt_span_make(lt_reader_data(&ctx), lt_reader_left(&ctx));
    LT_MSG_NEED(lt_read_block16(&r, &exts), err, msg, "extensions");
    LT_MSG_END(&r, err, msg, "extensions");
    LT_GUARD(lt_extensions_parse(lt_reader_data(&exts), lt_reader_left(&exts),
                                 LT_EXT_IN_CERTIFICATE_REQUEST, &out->ext, err));
    LT_GUARD(lt_ext13_check_allowed(out->ext.types, out->ext.count, LT_EXT13_CR, err));
    /* RFC 8446 4.3.2: "The "signature_algorithms" extension MUST be specified". */
    LT_ENSURE(out->ext.signature_algorithms.present, err, LATCH_ERR_MISSING_EXTENSION,
              "%s: no signature_algorithms extension (RFC 8446 4.3.2 requires it)", msg);
    return true;
}

void lt_certificate_request13_write(const lt_certificate_request13 *cr, lt_writer *w)
{
    lt_wblock msg = lt_hs_open(w, LT_HS_CERTIFICATE_REQUEST);
    lt_wblock ctx = lt_write_open(w, 1);
    lt_write_bytes(w, cr->context.data, cr->context.len);
    lt_write_close(w, ctx);
    lt_extensions_write(&cr->ext, LT_EXT_IN_CERTIFICATE_REQUEST, w);
    lt_write_close(w, msg);
}

size_t lt_cv13_content(lt_cv13_sender sender, const uint8_t *hash, size_t hash_len,
                       uint8_t out[LT_CV13_CONTENT_MAX])
{
    static const char server[] = "TLS 1.3, server CertificateVerify";
    static const char client[] = "TLS 1.3, client CertificateVerify";
    /* The context string ends with the 0 byte that separates it from the
     * hash: sizeof counts the terminator. */
    const char *context = sender == LT_CV13_SERVER ? server : client;
    memset(out, 0x20, 64);
    memcpy(out + 64, context, sizeof(server));
    size_t n = hash_len <= 64 ? hash_len : 64;
    memcpy(out + 64 + sizeof(server), hash, n);
    return 64 + sizeof(server) + n;
}
