/*
 * TLS 1.3 record protection (record13.h): TLSInnerPlaintext under an
 * AEAD, RFC 8446 5.2-5.5. Calls nothing in record.c, so the record
 * layer's files do not call each other in a circle: the protection the
 * direction held is cleared through its own ops.
 */
#include "tls/record13.h"

#include <string.h>

#include "base/mem.h"
#include "base/writer.h"
#include "tls/keysched13.h"

/* opaque_type(1) legacy_record_version(2) length(2), RFC 8446 5.2 */
#define AAD_LEN LT_RECORD_HEADER_LEN

/* RFC 8446 5.3: the 64-bit sequence number, left-padded with zeros to
 * the IV's length, XORed with the IV. */
void lt_record13_nonce(const lt_record_prot *p, uint64_t seq, uint8_t nonce[LT_AEAD_NONCE_LEN])
{
    memcpy(nonce, p->u.tls13.iv, LT_AEAD_NONCE_LEN);
    for (size_t i = 0; i < 8; i++)
        nonce[LT_AEAD_NONCE_LEN - 1 - i] ^= (uint8_t)(seq >> (8 * i));
}

static void aad_for(uint16_t version, size_t sealed_len, uint8_t aad[AAD_LEN])
{
    lt_writer w;
    lt_writer_init_fixed(&w, aad, AAD_LEN);
    lt_write_u8(&w, LT_CT_APPLICATION_DATA);
    lt_write_u16(&w, version);
    lt_write_u16(&w, (uint16_t)sealed_len);
}

/* The TLSInnerPlaintext length for len bytes of content: the content,
 * its type, and zeros up to the next multiple of pad_multiple, but never
 * past max_inner. */
static size_t inner_len(const lt_record_prot *p, size_t len)
{
    size_t n = len + 1;
    size_t m = p->u.tls13.pad_multiple;
    if (m > 1 && n % m != 0) {
        size_t padded = n + (m - n % m);
        size_t cap = p->u.tls13.max_inner > n ? p->u.tls13.max_inner : n;
        n = padded < cap ? padded : cap;
    }
    return n;
}

static size_t r13_sealed_len(const lt_record_prot *p, size_t len)
{
    return inner_len(p, len) + LT_AEAD_TAG_LEN;
}

static bool r13_seal(lt_record_prot *p, uint64_t seq, uint8_t type, uint16_t version,
                     const uint8_t *in, size_t len, uint8_t *out, lt_error *err)
{
    LT_ENSURE(seq < p->u.tls13.limit, err, LATCH_ERR_INTERNAL,
              "this key has protected %llu records, its limit (RFC 8446 5.5); a KeyUpdate "
              "must come first",
              (unsigned long long)seq);
    size_t n = inner_len(p, len);
    /* TLSInnerPlaintext: content || type || zeros (RFC 8446 5.2). The
     * type and zeros are written where their ciphertext goes and sealed
     * after the content, which is not copied. */
    out[len] = type;
    memset(out + len + 1, 0, n - len - 1);
    uint8_t nonce[LT_AEAD_NONCE_LEN];
    uint8_t aad[AAD_LEN];
    lt_record13_nonce(p, seq, nonce);
    aad_for(version, n + LT_AEAD_TAG_LEN, aad);
    return lt_aead_seal_parts(&p->u.tls13.aead, nonce, aad, sizeof(aad), in, len, out + len,
                              n - len, out, err);
}

static bool r13_open(lt_record_prot *p, uint64_t seq, uint8_t *type, uint16_t version,
                     uint8_t *frag, size_t frag_len, uint8_t *dst, size_t dst_cap, uint8_t **plain,
                     size_t *plain_len, lt_error *err)
{
    LT_ENSURE(*type == LT_CT_APPLICATION_DATA, err, LATCH_ERR_UNEXPECTED_MESSAGE,
              "a protected TLS 1.3 record has outer type %u; it must be application_data (23)",
              *type);
    lt_error local;
    lt_error_clear(&local);
    if (frag_len < LT_AEAD_TAG_LEN)
        return LT_FAIL(err, LATCH_ERR_BAD_RECORD_MAC,
                       "a %zu-byte TLS 1.3 record from the peer is shorter than its 16-byte tag "
                       "and failed authentication",
                       frag_len);
    /* n <= 2^14 + 1 (RFC 8446 5.4): lt_record_open refused longer
     * records from their header (LT_RECORD13_MAX_EXPANSION). */
    size_t n = frag_len - LT_AEAD_TAG_LEN;
    uint8_t nonce[LT_AEAD_NONCE_LEN];
    uint8_t aad[AAD_LEN];
    lt_record13_nonce(p, seq, nonce);
    aad_for(version, frag_len, aad);
    uint8_t *out = dst != NULL && n <= dst_cap ? dst : frag;
    /* lt_aead_open wipes what it wrote when the tag is wrong. */
    if (!lt_aead_open(&p->u.tls13.aead, nonce, aad, sizeof(aad), frag, frag_len, out, &local)) {
        if (local.code != LATCH_ERR_BAD_RECORD_MAC) {
            if (!lt_error_is_set(err))
                *err = local;
            return false;
        }
        return LT_FAIL(err, LATCH_ERR_BAD_RECORD_MAC,
                       "a %zu-byte TLS 1.3 record from the peer failed authentication", frag_len);
    }
    /* The real type is the last non-zero byte; zeros after it are padding. */
    size_t at = n;
    while (at > 0 && out[at - 1] == 0)
        at--;
    if (at == 0) {
        lt_wipe(out, n);
        return LT_FAIL(err, LATCH_ERR_UNEXPECTED_MESSAGE,
                       "a TLS 1.3 record's %zu-byte inner plaintext is all zeros: it has no "
                       "content type (RFC 8446 5.4)",
                       n);
    }
    *type = out[at - 1];
    if (out == dst && *type != LT_CT_APPLICATION_DATA) {
        /* Only application data is handed over in dst. */
        memcpy(frag, dst, at - 1);
        lt_wipe(dst, n);
        out = frag;
    }
    *plain = out;
    *plain_len = at - 1;
    return true;
}

static void r13_clear(lt_record_prot *p)
{
    lt_aead_free(&p->u.tls13.aead);
}

const lt_record_prot_ops lt_record13_ops = {
    "TLS 1.3 AEAD", LT_RECORD13_MAX_EXPANSION, r13_sealed_len, r13_seal, r13_open, r13_clear,
};

static lt_record_prot *direction(lt_record_layer *rl, lt_record_direction dir)
{
    return dir == LT_RECORD_READ ? &rl->read : &rl->write;
}

/* Puts a fresh TLS 1.3 state for secret into *p, replacing what it held;
 * on failure *p is as it was. */
static bool install(lt_record_prot *p, lt_hash_alg hash, lt_aead_alg aead, const uint8_t *secret,
                    size_t pad_multiple, size_t max_inner, lt_error *err)
{
    size_t len = lt_hash_len(hash);
    LT_ENSURE(len != 0 && len <= sizeof(p->u.tls13.secret), err, LATCH_ERR_INTERNAL,
              "no TLS 1.3 traffic secret for hash %d", (int)hash);
    lt_record_prot next;
    memset(&next, 0, sizeof(next));
    uint8_t key[LT_AEAD_MAX_KEY_LEN];
    bool ok = lt_tls13_traffic_keys(hash, aead, secret, key, next.u.tls13.iv, err) &&
              lt_aead_init(&next.u.tls13.aead, aead, key, err);
    lt_wipe(key, sizeof(key));
    if (!ok) {
        lt_wipe(&next, sizeof(next));
        return false;
    }
    next.ops = &lt_record13_ops;
    memcpy(next.u.tls13.secret, secret, len);
    next.u.tls13.hash = hash;
    next.u.tls13.alg = aead;
    next.u.tls13.pad_multiple = pad_multiple;
    next.u.tls13.max_inner = max_inner;
    /* RFC 8446 5.5: ChaCha20-Poly1305's limit lies past the sequence
     * number's, which lt_record_seal guards. */
    bool gcm = aead != LT_AEAD_CHACHA20_POLY1305;
    next.u.tls13.update_at = gcm ? LT_RECORD13_GCM_UPDATE_AT : UINT64_MAX;
    next.u.tls13.limit = gcm ? LT_RECORD13_GCM_LIMIT : UINT64_MAX;
    if (p->ops != NULL)
        p->ops->clear(p);
    lt_wipe(p, sizeof(*p));
    *p = next;
    lt_wipe(&next, sizeof(next));
    return true;
}

bool lt_record_set_tls13(lt_record_layer *rl, lt_record_direction dir, lt_hash_alg hash,
                         lt_aead_alg aead, const uint8_t *secret, lt_error *err)
{
    size_t max_inner = rl->write_max_plaintext + 1;
    if (max_inner > LT_RECORD13_MAX_INNER)
        max_inner = LT_RECORD13_MAX_INNER;
    return install(direction(rl, dir), hash, aead, secret, rl->pad_multiple, max_inner, err);
}

bool lt_record_tls13_update(lt_record_layer *rl, lt_record_direction dir, lt_error *err)
{
    lt_record_prot *p = direction(rl, dir);
    LT_ENSURE(p->ops == &lt_record13_ops, err, LATCH_ERR_INTERNAL,
              "a KeyUpdate needs TLS 1.3 protection in force on the %s side",
              dir == LT_RECORD_READ ? "read" : "write");
    uint8_t next[LT_HASH_MAX_LEN];
    memcpy(next, p->u.tls13.secret, sizeof(next));
    bool ok = lt_tls13_next_traffic_secret(p->u.tls13.hash, next, err) &&
              install(p, p->u.tls13.hash, p->u.tls13.alg, next, p->u.tls13.pad_multiple,
                      p->u.tls13.max_inner, err);
    lt_wipe(next, sizeof(next));
    return ok;
}

bool lt_record_is_tls13(const lt_record_layer *rl, lt_record_direction dir)
{
    const lt_record_prot *p = dir == LT_RECORD_READ ? &rl->read : &rl->write;
    return p->ops == &lt_record13_ops;
}

bool lt_record_needs_key_update(const lt_record_layer *rl, lt_record_direction dir)
{
    const lt_record_prot *p = dir == LT_RECORD_READ ? &rl->read : &rl->write;
    return p->ops == &lt_record13_ops && p->seq >= p->u.tls13.update_at;
}
