#include "fake_server.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tamper.h"
#include "x509/pem.h"

bool fake_server_load_key(fake_server *f, const char *key_file)
{
    size_t len;
    uint8_t *pem = check_read_file(check_data_path(key_file), &len);
    lt_pem_block block;
    lt_privkey_format format;
    lt_error err;
    lt_error_clear(&err);
    bool ok = lt_pem_read_private_key(pem, len, &block, &format, &err);
    if (ok) {
        ok = lt_privkey_from_der(&f->key, format, block.der, block.der_len, &err);
        lt_pem_block_free(&block);
    }
    free(pem);
    return ok;
}

void fake_server_free(fake_server *f)
{
    lt_privkey_free(&f->key);
}

void fake_server_set_record(pair_record *rec, const uint8_t *bytes, size_t len)
{
    if (len > rec->cap) {
        rec->bytes = realloc(rec->bytes, len);
        if (rec->bytes == NULL)
            abort();
        rec->cap = len;
    }
    memmove(rec->bytes, bytes, len);
    rec->len = len;
}

static void edit_message(uint8_t type, const uint8_t *body, size_t len, lt_writer *out, void *arg)
{
    fake_server *f = arg;
    if (type == 2 && len >= 34)
        memcpy(f->server_random, body + 2, 32);
    if (f->msg != NULL)
        f->msg(f, type, body, len, out);
    else
        tamper_copy_message(type, body, len, out);
}

void fake_server_tamper(int direction, size_t index, pair_record *rec, void *arg)
{
    fake_server *f = arg;
    if (direction == PAIR_TO_SERVER) {
        /* record header 5, handshake header 4, client_version 2 */
        if (index == 0 && rec->len >= 5 + 4 + 2 + 32)
            memcpy(f->client_random, rec->bytes + 11, 32);
        if (rec->len >= 5 && rec->bytes[0] == 20)
            f->client_ccs = true;
        return;
    }
    bool ccs = rec->len >= 5 && rec->bytes[0] == 20;
    if (!f->after_ccs && !ccs && rec->len > 9 && rec->bytes[0] == 22 && rec->bytes[5] == 2)
        memcpy(f->server_random, rec->bytes + 11, 32);
    if (f->record != NULL)
        f->record(f, index, rec);
    else if (!f->after_ccs)
        tamper_handshake_record(rec, edit_message, f);
    if (ccs && !f->after_ccs) {
        f->after_ccs = true;
        f->ccs_index = index;
    }
}

void fake_server_signed_ske(fake_server *f, const uint8_t *params, size_t params_len,
                            uint16_t scheme, lt_writer *out)
{
    lt_writer signed_data;
    lt_writer_init_growable(&signed_data, 0);
    lt_write_bytes(&signed_data, f->client_random, 32);
    lt_write_bytes(&signed_data, f->server_random, 32);
    lt_write_bytes(&signed_data, params, params_len);
    uint8_t sig[1024];
    size_t sig_len = 0;
    lt_error err;
    lt_error_clear(&err);
    /* In TLS 1.2 an ECDSA scheme names only the hash (RFC 8446 4.2.3 adds
     * the curve for 1.3), so ECDSA is signed as X.509 signs it: any
     * curve, that hash. lt_sign would hold the key to the 1.3 curve. */
    lt_x509_sig_alg ecdsa = scheme == 0x0403   ? LT_X509_SIG_ECDSA_SHA256
                            : scheme == 0x0503 ? LT_X509_SIG_ECDSA_SHA384
                            : scheme == 0x0603 ? LT_X509_SIG_ECDSA_SHA512
                                               : LT_X509_SIG_UNKNOWN;
    bool ok = ecdsa != LT_X509_SIG_UNKNOWN && f->key.type != LT_KEY_RSA
                  ? lt_sign_x509(&f->key, ecdsa, signed_data.data, signed_data.len, sig,
                                 sizeof(sig), &sig_len, &err)
                  : lt_sign(&f->key, scheme, signed_data.data, signed_data.len, sig, sizeof(sig),
                            &sig_len, &err);
    if (!ok)
        sig_len = 0; /* a scheme that does not fit the key: an empty signature */
    lt_writer_free(&signed_data);
    lt_write_u8(out, 12);
    lt_wblock body = lt_write_open(out, 3);
    lt_write_bytes(out, params, params_len);
    lt_write_u16(out, scheme);
    lt_wblock s = lt_write_open(out, 2);
    lt_write_bytes(out, sig, sig_len);
    lt_write_close(out, s);
    lt_write_close(out, body);
}

size_t fake_server_ske_params_len(const uint8_t *body, size_t len)
{
    if (len >= 4 && body[0] == 3) /* named_curve, group, point */
        return 4 + (size_t)body[3];
    size_t off = 0;
    for (int i = 0; i < 3; i++) { /* dh_p, dh_g, dh_Ys */
        if (off + 2 > len)
            return 0;
        off += 2 + ((size_t)body[off] << 8 | body[off + 1]);
    }
    return off <= len ? off : 0;
}

void bend_finished(latch_conn *writer, pair_record *rec, bool shorten)
{
    uint8_t plain[64];
    size_t plain_len;
    if (rec->len > 5 + 8 + 16 + sizeof(plain) ||
        !tamper_open_gcm(writer, 0, rec, plain, &plain_len))
        abort();
    if (shorten) {
        plain[3] = 11; /* the handshake header's length */
        plain_len--;
    } else {
        plain[4] ^= 0x01;
    }
    rec->len = 5 + 8 + plain_len + 16;
    rec->bytes[3] = (uint8_t)((rec->len - 5) >> 8);
    rec->bytes[4] = (uint8_t)(rec->len - 5);
    if (!tamper_seal_gcm(writer, 0, rec, plain, plain_len))
        abort();
}
