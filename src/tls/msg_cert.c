#include "tls/msg_cert.h"

#include "tls/ext.h"

bool lt_certificate_parse(const uint8_t *body, size_t len, lt_certificate *out, lt_error *err)
{
    static const char msg[] = "Certificate";
    lt_reader r = lt_reader_make(body, len);
    lt_reader list;
    LT_MSG_NEED(lt_read_block24(&r, &list), err, msg, "certificate_list");
    LT_MSG_END(&r, err, msg, "certificate_list");
    LT_ENSURE(lt_reader_left(&list) <= LT_MAX_CERT_CHAIN_BYTES, err, LATCH_ERR_DECODE,
              "%s: certificate_list is %zu bytes, more than the %u this library accepts", msg,
              lt_reader_left(&list), LT_MAX_CERT_CHAIN_BYTES);
    out->count = 0;
    while (!lt_reader_done(&list)) {
        LT_ENSURE(out->count < LT_MAX_CERT_CHAIN, err, LATCH_ERR_DECODE,
                  "%s: more than the %d certificates this library accepts", msg, LT_MAX_CERT_CHAIN);
        lt_reader cert;
        LT_ENSURE(lt_read_block24(&list, &cert), err, LATCH_ERR_DECODE,
                  "%s: certificate %zu is truncated", msg, out->count + 1);
        /* ASN.1Cert<1..2^24-1> */
        LT_ENSURE(!lt_reader_done(&cert), err, LATCH_ERR_DECODE, "%s: certificate %zu is empty",
                  msg, out->count + 1);
        out->certs[out->count++] = lt_span_make(lt_reader_data(&cert), lt_reader_left(&cert));
    }
    return true;
}

void lt_certificate_write(const lt_certificate *c, lt_writer *w)
{
    lt_wblock msg = lt_hs_open(w, LT_HS_CERTIFICATE);
    lt_wblock list = lt_write_open(w, 3);
    for (size_t i = 0; i < c->count; i++) {
        lt_wblock cert = lt_write_open(w, 3);
        lt_write_bytes(w, c->certs[i].data, c->certs[i].len);
        lt_write_close(w, cert);
    }
    lt_write_close(w, list);
    lt_write_close(w, msg);
}

bool lt_certificate_request_parse(const uint8_t *body, size_t len, lt_certificate_request *out,
                                  lt_error *err)
{
    static const char msg[] = "CertificateRequest";
    lt_reader r = lt_reader_make(body, len);

    /* ClientCertificateType certificate_types<1..2^8-1>; unknown types are
     * the client's to ignore. */
    lt_reader types;
    LT_MSG_NEED(lt_read_block8(&r, &types), err, msg, "certificate_types");
    size_t n = lt_reader_left(&types);
    LT_ENSURE(n > 0, err, LATCH_ERR_DECODE, "%s: certificate_types is empty", msg);
    LT_ENSURE(n <= LT_MAX_CERT_TYPES, err, LATCH_ERR_DECODE,
              "%s: certificate_types lists %zu types, more than the %d this library accepts", msg,
              n, LT_MAX_CERT_TYPES);
    LT_MSG_NEED(lt_read_copy(&types, out->cert_types, n), err, msg, "certificate_types");
    out->cert_types_count = n;

    /* SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2>. */
    lt_reader sigs;
    LT_MSG_NEED(lt_read_block16(&r, &sigs), err, msg, "supported_signature_algorithms");
    n = lt_reader_left(&sigs);
    LT_ENSURE(n > 0, err, LATCH_ERR_DECODE, "%s: supported_signature_algorithms is empty", msg);
    LT_ENSURE(n % 2 == 0, err, LATCH_ERR_DECODE,
              "%s: supported_signature_algorithms length %zu is odd", msg, n);
    LT_ENSURE(n / 2 <= LT_MAX_CR_SIG_SCHEMES, err, LATCH_ERR_DECODE,
              "%s: supported_signature_algorithms lists %zu schemes, more than the %d this "
              "library accepts",
              msg, n / 2, LT_MAX_CR_SIG_SCHEMES);
    out->sig_schemes_count = 0;
    while (!lt_reader_done(&sigs))
        LT_MSG_NEED(lt_read_u16(&sigs, &out->sig_schemes[out->sig_schemes_count++]), err, msg,
                    "supported_signature_algorithms");

    /* DistinguishedName certificate_authorities<0..2^16-1>, each <1..2^16-1>. */
    lt_reader cas;
    LT_MSG_NEED(lt_read_block16(&r, &cas), err, msg, "certificate_authorities");
    LT_MSG_END(&r, err, msg, "certificate_authorities");
    out->ca_names_count = 0;
    while (!lt_reader_done(&cas)) {
        LT_ENSURE(out->ca_names_count < LT_MAX_CA_NAMES, err, LATCH_ERR_DECODE,
                  "%s: certificate_authorities lists more than the %d names this library "
                  "accepts",
                  msg, LT_MAX_CA_NAMES);
        lt_reader dn;
        LT_ENSURE(lt_read_block16(&cas, &dn), err, LATCH_ERR_DECODE,
                  "%s: certificate_authorities name %zu is truncated", msg,
                  out->ca_names_count + 1);
        LT_ENSURE(!lt_reader_done(&dn), err, LATCH_ERR_DECODE,
                  "%s: certificate_authorities name %zu is empty", msg, out->ca_names_count + 1);
        out->ca_names[out->ca_names_count++] =
            lt_span_make(lt_reader_data(&dn), lt_reader_left(&dn));
    }
    return true;
}

void lt_certificate_request_write(const lt_certificate_request *cr, lt_writer *w)
{
    lt_wblock msg = lt_hs_open(w, LT_HS_CERTIFICATE_REQUEST);
    lt_wblock b = lt_write_open(w, 1);
    lt_write_bytes(w, cr->cert_types, cr->cert_types_count);
    lt_write_close(w, b);
    b = lt_write_open(w, 2);
    for (size_t i = 0; i < cr->sig_schemes_count; i++)
        lt_write_u16(w, cr->sig_schemes[i]);
    lt_write_close(w, b);
    b = lt_write_open(w, 2);
    for (size_t i = 0; i < cr->ca_names_count; i++) {
        lt_wblock dn = lt_write_open(w, 2);
        lt_write_bytes(w, cr->ca_names[i].data, cr->ca_names[i].len);
        lt_write_close(w, dn);
    }
    lt_write_close(w, b);
    lt_write_close(w, msg);
}

bool lt_certificate_verify_parse(const uint8_t *body, size_t len, lt_certificate_verify *out,
                                 lt_error *err)
{
    static const char msg[] = "CertificateVerify";
    lt_reader r = lt_reader_make(body, len);
    lt_reader sig;
    LT_MSG_NEED(lt_read_u16(&r, &out->sig.scheme), err, msg, "signature algorithm");
    LT_MSG_NEED(lt_read_block16(&r, &sig), err, msg, "signature");
    LT_MSG_END(&r, err, msg, "signature");
    out->sig.signature = lt_span_make(lt_reader_data(&sig), lt_reader_left(&sig));
    return true;
}

void lt_certificate_verify_write(const lt_certificate_verify *cv, lt_writer *w)
{
    lt_wblock msg = lt_hs_open(w, LT_HS_CERTIFICATE_VERIFY);
    lt_write_u16(w, cv->sig.scheme);
    lt_wblock b = lt_write_open(w, 2);
    lt_write_bytes(w, cv->sig.signature.data, cv->sig.signature.len);
    lt_write_close(w, b);
    lt_write_close(w, msg);
}

bool lt_certificate_status_parse(const uint8_t *body, size_t len, lt_certificate_status *out,
                                 lt_error *err)
{
    static const char msg[] = "CertificateStatus";
    lt_reader r = lt_reader_make(body, len);
    LT_MSG_NEED(lt_read_u8(&r, &out->status_type), err, msg, "status_type");
    /* RFC 6066 8: the only status type, and the one we asked for. */
    LT_ENSURE(out->status_type == LT_STATUS_TYPE_OCSP, err, LATCH_ERR_ILLEGAL_PARAMETER,
              "%s: status_type %u is not ocsp (1)", msg, out->status_type);
    lt_reader resp;
    LT_MSG_NEED(lt_read_block24(&r, &resp), err, msg, "OCSPResponse");
    LT_MSG_END(&r, err, msg, "OCSPResponse");
    /* OCSPResponse ocsp_response<1..2^24-1> */
    LT_ENSURE(!lt_reader_done(&resp), err, LATCH_ERR_DECODE, "%s: OCSPResponse is empty", msg);
    out->response = lt_span_make(lt_reader_data(&resp), lt_reader_left(&resp));
    return true;
}

void lt_certificate_status_write(const lt_certificate_status *cs, lt_writer *w)
{
    lt_wblock msg = lt_hs_open(w, LT_HS_CERTIFICATE_STATUS);
    lt_write_u8(w, cs->status_type);
    lt_wblock b = lt_write_open(w, 3);
    lt_write_bytes(w, cs->response.data, cs->response.len);
    lt_write_close(w, b);
    lt_write_close(w, msg);
}
