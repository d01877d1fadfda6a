/*
 * AES-CBC record protection with HMAC (RFC 5246 6.2.3.2, RFC 7366).
 *
 * Each record carries its own random 16-byte IV. The padding is minimal:
 * padding_length + 1 bytes of value padding_length bring the encrypted
 * part to whole blocks. MAC-then-encrypt authenticates seq_num, type,
 * version, length and content (RFC 5246 6.2.3.1), then encrypts content,
 * MAC and padding; opening it is the Lucky Thirteen danger, handled in
 * lt_cbc_mte_check. Encrypt-then-MAC (RFC 7366 3) encrypts content and
 * padding, then authenticates the IV and ciphertext, and checks that MAC
 * before decrypting anything.
 */
#include "tls/record_cbc.h"

#include <string.h>

#include "base/mem.h"
#include "crypto/random.h"

/* seq_num(8) type(1) version(2) length(2) */
#define MAC_HEADER_LEN 13
/* The padding_length byte and at most 255 padding bytes. */
#define PADDING_SCAN 256

static void mac_header(uint64_t seq, uint8_t type, uint16_t version, uint32_t len,
                       uint8_t out[MAC_HEADER_LEN])
{
    for (int i = 0; i < 8; i++)
        out[i] = (uint8_t)(seq >> (56 - 8 * i));
    out[8] = type;
    out[9] = (uint8_t)(version >> 8);
    out[10] = (uint8_t)version;
    /* No branch: for MAC-then-encrypt the length is secret. */
    out[11] = (uint8_t)(len >> 8);
    out[12] = (uint8_t)len;
}

static size_t whole_blocks(size_t n)
{
    return (n + LT_CBC_BLOCK_LEN - 1) / LT_CBC_BLOCK_LEN * LT_CBC_BLOCK_LEN;
}

/* Pads body[0..used) to whole blocks with the fewest bytes; returns the new length. */
static size_t add_padding(uint8_t *body, size_t used)
{
    size_t pad = LT_CBC_BLOCK_LEN - 1 - used % LT_CBC_BLOCK_LEN;
    memset(body + used, (int)pad, pad + 1);
    return used + pad + 1;
}

static bool record_mac(lt_record_prot *p, uint64_t seq, uint8_t type, uint16_t version,
                       const uint8_t *data, size_t len, uint8_t *out, lt_error *err)
{
    uint8_t hdr[MAC_HEADER_LEN];
    mac_header(seq, type, version, (uint32_t)len, hdr);
    return lt_hmac_update(&p->u.cbc.mac, hdr, sizeof(hdr), err) &&
           lt_hmac_update(&p->u.cbc.mac, data, len, err) && lt_hmac_final(&p->u.cbc.mac, out, err);
}

static size_t cbc_sealed_len(const lt_record_prot *p, size_t len)
{
    size_t mac_len = p->u.cbc.mac_len;
    if (p->u.cbc.encrypt_then_mac)
        return LT_CBC_BLOCK_LEN + whole_blocks(len + 1) + mac_len;
    return LT_CBC_BLOCK_LEN + whole_blocks(len + mac_len + 1);
}

static bool cbc_seal(lt_record_prot *p, uint64_t seq, uint8_t type, uint16_t version,
                     const uint8_t *in, size_t len, uint8_t *out, lt_error *err)
{
    size_t mac_len = p->u.cbc.mac_len;
    uint8_t *iv = out;
    uint8_t *body = out + LT_CBC_BLOCK_LEN;
    /* RFC 5246 6.2.3.2: the IV "SHOULD be chosen at random". */
    LT_GUARD(lt_random(iv, LT_CBC_BLOCK_LEN, err));
    memcpy(body, in, len);
    if (p->u.cbc.encrypt_then_mac) {
        size_t n = add_padding(body, len);
        LT_GUARD(lt_cbc_run(&p->u.cbc.cipher, iv, body, n, body, err));
        /* RFC 7366 3: the MAC covers the IV and the ciphertext, and the
         * length in its header is theirs. */
        return record_mac(p, seq, type, version, out, LT_CBC_BLOCK_LEN + n,
                          out + LT_CBC_BLOCK_LEN + n, err);
    }
    LT_GUARD(record_mac(p, seq, type, version, in, len, body + len, err));
    size_t n = add_padding(body, len + mac_len);
    return lt_cbc_run(&p->u.cbc.cipher, iv, body, n, body, err);
}

bool lt_cbc_mte_check(lt_hash_alg mac_hash, const uint8_t *mac_key, uint64_t seq, uint8_t type,
                      uint16_t version, const uint8_t *body, size_t len, uint32_t *good,
                      size_t *plain_len, lt_error *err)
{
    size_t mac_len = lt_hash_len(mac_hash);
    LT_ENSURE(len > mac_len && len <= LT_RECORD_MAX_CIPHERTEXT, err, LATCH_ERR_INTERNAL,
              "a %zu-byte CBC body cannot hold a %zu-byte MAC", len, mac_len);

    /* The padding: all padding_length + 1 final bytes equal
     * padding_length, and they leave room for the MAC. Every one of the
     * last 256 bytes is looked at, whatever padding_length says. */
    uint32_t pad = body[len - 1];
    uint32_t ok = lt_ct_lt_u32(pad + (uint32_t)mac_len, (uint32_t)len);
    size_t scan = len < PADDING_SCAN ? len : PADDING_SCAN;
    for (size_t i = 0; i < scan; i++) {
        uint32_t in_padding = lt_ct_lt_u32((uint32_t)i, pad + 1);
        ok &= ~in_padding | lt_ct_eq_u32(body[len - 1 - i], pad);
    }

    /* With bad padding, go on as if there were none, so the MAC is
     * computed and compared all the same (and fails). */
    uint32_t data_max = (uint32_t)(len - mac_len - 1);
    uint32_t data_min = data_max > PADDING_SCAN - 1 ? data_max - (PADDING_SCAN - 1) : 0;
    uint32_t data_len = lt_ct_select_u32(ok, data_max - pad, data_max);

    uint8_t hdr[MAC_HEADER_LEN];
    uint8_t expected[LT_HASH_MAX_LEN];
    mac_header(seq, type, version, data_len, hdr);
    LT_GUARD(lt_hmac_secret_len(mac_hash, mac_key, mac_len, hdr, sizeof(hdr), body, data_min,
                                data_max, data_len, expected, err));

    /* The received MAC sits at a secret offset in data_min..data_max:
     * gather it by reading every byte it could be in, for each MAC byte,
     * never indexing memory by the secret. */
    uint8_t received[LT_HASH_MAX_LEN];
    memset(received, 0, sizeof(received));
    for (uint32_t pos = data_min; pos < data_max + mac_len; pos++) {
        for (size_t j = 0; j < mac_len; j++)
            received[j] |= body[pos] & (uint8_t)lt_ct_eq_u32(pos, data_len + (uint32_t)j);
    }
    ok &= (uint32_t)0 - (uint32_t)lt_ct_equal(expected, received, mac_len);
    lt_wipe(expected, sizeof(expected));
    lt_wipe(received, sizeof(received));
    *good = ok;
    *plain_len = data_len;
    return true;
}

/* Encrypt-then-MAC: the MAC is public knowledge once checked, so the
 * padding after it needs no constant-time care. */
static bool etm_open(lt_record_prot *p, uint64_t seq, uint8_t type, uint16_t version, uint8_t *frag,
                     size_t frag_len, uint8_t **plain, size_t *plain_len, bool *authentic,
                     lt_error *err)
{
    size_t mac_len = p->u.cbc.mac_len;
    *authentic = false;
    if (frag_len < 2 * LT_CBC_BLOCK_LEN + mac_len || (frag_len - mac_len) % LT_CBC_BLOCK_LEN != 0)
        return true;
    size_t sealed = frag_len - mac_len;
    uint8_t expected[LT_HASH_MAX_LEN];
    LT_GUARD(record_mac(p, seq, type, version, frag, sealed, expected, err));
    if (!lt_ct_equal(expected, frag + sealed, mac_len))
        return true;
    uint8_t *body = frag + LT_CBC_BLOCK_LEN;
    size_t n = sealed - LT_CBC_BLOCK_LEN;
    LT_GUARD(lt_cbc_run(&p->u.cbc.cipher, frag, body, n, body, err));
    size_t pad = body[n - 1];
    if (pad + 1 > n)
        return true;
    for (size_t i = 0; i <= pad; i++)
        if (body[n - 1 - i] != pad)
            return true;
    *plain = body;
    *plain_len = n - pad - 1;
    *authentic = true;
    return true;
}

static bool mte_open(lt_record_prot *p, uint64_t seq, uint8_t type, uint16_t version, uint8_t *frag,
                     size_t frag_len, uint8_t **plain, size_t *plain_len, bool *authentic,
                     lt_error *err)
{
    size_t mac_len = p->u.cbc.mac_len;
    *authentic = false;
    /* The shortest record holds an IV and the blocks of a MAC and a
     * padding_length byte; these lengths are public. */
    if (frag_len < LT_CBC_BLOCK_LEN + whole_blocks(mac_len + 1) || frag_len % LT_CBC_BLOCK_LEN != 0)
        return true;
    uint8_t *body = frag + LT_CBC_BLOCK_LEN;
    size_t n = frag_len - LT_CBC_BLOCK_LEN;
    LT_GUARD(lt_cbc_run(&p->u.cbc.cipher, frag, body, n, body, err));
    uint32_t good;
    size_t len;
    LT_GUARD(lt_cbc_mte_check(p->u.cbc.mac_hash, p->u.cbc.mac_key, seq, type, version, body, n,
                              &good, &len, err));
    /* The one branch on the outcome, after all the work is done. */
    if (good == 0)
        return true;
    *plain = body;
    *plain_len = len;
    *authentic = true;
    return true;
}

/* In place only: the plaintext's length is known after the padding check. */
static bool cbc_open(lt_record_prot *p, uint64_t seq, uint8_t *type, uint16_t version,
                     uint8_t *frag, size_t frag_len, uint8_t *dst, size_t dst_cap, uint8_t **plain,
                     size_t *plain_len, lt_error *err)
{
    (void)dst;
    (void)dst_cap;
    bool authentic;
    bool ran =
        p->u.cbc.encrypt_then_mac
            ? etm_open(p, seq, *type, version, frag, frag_len, plain, plain_len, &authentic, err)
            : mte_open(p, seq, *type, version, frag, frag_len, plain, plain_len, &authentic, err);
    LT_GUARD(ran);
    /* A short record, bad padding and a bad MAC are one error with one
     * sentence (RFC 5246 6.2.3.2: bad_record_mac for all of them). */
    LT_ENSURE(authentic, err, LATCH_ERR_BAD_RECORD_MAC,
              "a %zu-byte %s record from the peer failed authentication", frag_len,
              lt_content_type_name(*type));
    return true;
}

static void cbc_clear(lt_record_prot *p)
{
    lt_cbc_free(&p->u.cbc.cipher);
    lt_hmac_free(&p->u.cbc.mac);
}

static const lt_record_prot_ops cbc_mte_ops = {
    "AES-CBC with HMAC", LT_RECORD_MAX_EXPANSION, cbc_sealed_len, cbc_seal, cbc_open, cbc_clear,
};

static const lt_record_prot_ops cbc_etm_ops = {
    "AES-CBC with HMAC, encrypt-then-MAC",
    LT_RECORD_MAX_EXPANSION,
    cbc_sealed_len,
    cbc_seal,
    cbc_open,
    cbc_clear,
};

bool lt_record_cbc_init(lt_record_prot *p, bool write, lt_cbc_alg alg, lt_hash_alg mac_hash,
                        const uint8_t *enc_key, const uint8_t *mac_key, bool encrypt_then_mac,
                        lt_error *err)
{
    LT_ENSURE(mac_hash == LT_HASH_SHA1 || mac_hash == LT_HASH_SHA256 || mac_hash == LT_HASH_SHA384,
              err, LATCH_ERR_INTERNAL, "no CBC record MAC with %s", lt_hash_name(mac_hash));
    size_t mac_len = lt_hash_len(mac_hash);
    LT_GUARD(lt_cbc_init(&p->u.cbc.cipher, alg, write, enc_key, err));
    if (!lt_hmac_init(&p->u.cbc.mac, mac_hash, mac_key, mac_len, err)) {
        lt_cbc_free(&p->u.cbc.cipher);
        return false;
    }
    p->u.cbc.mac_hash = mac_hash;
    p->u.cbc.mac_len = mac_len;
    memcpy(p->u.cbc.mac_key, mac_key, mac_len);
    p->u.cbc.encrypt_then_mac = encrypt_then_mac;
    p->ops = encrypt_then_mac ? &cbc_etm_ops : &cbc_mte_ops;
    return true;
}

bool lt_record_cbc_is(const lt_record_prot *p)
{
    return p->ops == &cbc_mte_ops || p->ops == &cbc_etm_ops;
}
