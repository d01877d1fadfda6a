#include "tamper.h"

#include <stdlib.h>
#include <string.h>

#include "base/reader.h"
#include "crypto/cipher.h"
#include "tls/conn.h"
#include "tls/record.h"

void tamper_copy_message(uint8_t type, const uint8_t *body, size_t len, lt_writer *out)
{
    lt_write_u8(out, type);
    lt_write_u24(out, (uint32_t)len);
    lt_write_bytes(out, body, len);
}

void tamper_handshake_record(pair_record *rec, tamper_msg_fn edit, void *arg)
{
    if (rec->len < LT_RECORD_HEADER_LEN || rec->bytes[0] != LT_CT_HANDSHAKE)
        return;
    lt_reader r =
        lt_reader_make(rec->bytes + LT_RECORD_HEADER_LEN, rec->len - LT_RECORD_HEADER_LEN);
    lt_writer out;
    lt_writer_init_growable(&out, 0);
    lt_write_bytes(&out, rec->bytes, 3);
    lt_wblock body = lt_write_open(&out, 2);
    while (!lt_reader_done(&r)) {
        uint8_t type;
        lt_reader msg;
        if (!lt_read_u8(&r, &type) || !lt_read_block24(&r, &msg))
            abort();
        edit(type, lt_reader_data(&msg), lt_reader_left(&msg), &out, arg);
    }
    lt_write_close(&out, body);
    if (!lt_writer_ok(&out))
        abort();
    if (out.len > rec->cap) {
        rec->bytes = realloc(rec->bytes, out.len);
        rec->cap = out.len;
    }
    memcpy(rec->bytes, out.data, out.len);
    rec->len = out.len;
    lt_writer_free(&out);
}

static bool gcm_setup(latch_conn *writer, uint64_t seq, const pair_record *rec, lt_aead *aead,
                      uint8_t nonce[12], uint8_t aad[13], size_t plain_len)
{
    const lt_write_keys *k =
        writer->role == LATCH_CLIENT ? &writer->hs->keys.client : &writer->hs->keys.server;
    lt_error err;
    lt_error_clear(&err);
    if (!lt_aead_init(aead, writer->neg.suite->aead_alg, k->key, &err))
        return false;
    memcpy(nonce, k->iv, 4);
    memcpy(nonce + 4, rec->bytes + LT_RECORD_HEADER_LEN, 8);
    for (int i = 0; i < 8; i++)
        aad[i] = (uint8_t)(seq >> (56 - 8 * i));
    aad[8] = rec->bytes[0];
    aad[9] = rec->bytes[1];
    aad[10] = rec->bytes[2];
    aad[11] = (uint8_t)(plain_len >> 8);
    aad[12] = (uint8_t)plain_len;
    return true;
}

bool tamper_open_gcm(latch_conn *writer, uint64_t seq, pair_record *rec, uint8_t *plain,
                     size_t *plain_len)
{
    size_t frag = rec->len - LT_RECORD_HEADER_LEN;
    if (frag < 8 + 16)
        return false;
    *plain_len = frag - 8 - 16;
    lt_aead aead;
    uint8_t nonce[12], aad[13];
    if (!gcm_setup(writer, seq, rec, &aead, nonce, aad, *plain_len))
        return false;
    lt_error err;
    lt_error_clear(&err);
    bool ok = lt_aead_open(&aead, nonce, aad, sizeof(aad), rec->bytes + LT_RECORD_HEADER_LEN + 8,
                           frag - 8, plain, &err);
    lt_aead_free(&aead);
    return ok;
}

bool tamper_seal_gcm(latch_conn *writer, uint64_t seq, pair_record *rec, const uint8_t *plain,
                     size_t plain_len)
{
    lt_aead aead;
    uint8_t nonce[12], aad[13];
    if (!gcm_setup(writer, seq, rec, &aead, nonce, aad, plain_len))
        return false;
    lt_error err;
    lt_error_clear(&err);
    bool ok = lt_aead_seal(&aead, nonce, aad, sizeof(aad), plain, plain_len,
                           rec->bytes + LT_RECORD_HEADER_LEN + 8, &err);
    lt_aead_free(&aead);
    return ok;
}

bool tamper_take_client_hello(uint8_t type, const uint8_t *body, size_t len, lt_writer *out,
                              lt_client_hello *ch)
{
    if (type != LT_HS_CLIENT_HELLO) {
        tamper_copy_message(type, body, len, out);
        return false;
    }
    lt_error err;
    lt_error_clear(&err);
    if (!lt_client_hello_parse(body, len, ch, &err))
        abort();
    return true;
}
