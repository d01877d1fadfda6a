/* The TLS 1.3 key schedule (keysched13.h), RFC 8446 7.1-7.5 and 4.4.4. */
#include "tls/keysched13.h"

#include <string.h>

#include "base/mem.h"
#include "base/writer.h"
#include "crypto/hkdf.h"

/* "tls13 " (RFC 8446 7.1; 8446 dropped draft's "TLS 1.3, "). */
static const char label_prefix[] = "tls13 ";
#define PREFIX_LEN (sizeof(label_prefix) - 1)
/* uint16 length, the label's length byte and bytes, the context's. */
#define HKDF_LABEL_MAX (2 + 1 + 255 + 1 + LT_TLS13_CONTEXT_MAX)

bool lt_tls13_expand_label(lt_hash_alg hash, const uint8_t *secret, const char *label,
                           const uint8_t *context, size_t context_len, uint8_t *out, size_t out_len,
                           lt_error *err)
{
    size_t label_len = strlen(label);
    if (label_len > LT_TLS13_LABEL_MAX || context_len > LT_TLS13_CONTEXT_MAX ||
        out_len > UINT16_MAX) {
        lt_wipe(out, out_len);
        return LT_FAIL(err, LATCH_ERR_INTERNAL,
                       "HKDF-Expand-Label(\"%.32s\") of %zu bytes with a %zu-byte context is "
                       "outside RFC 8446 7.1's limits",
                       label, out_len, context_len);
    }
    uint8_t info[HKDF_LABEL_MAX];
    lt_writer w;
    lt_writer_init_fixed(&w, info, sizeof(info));
    lt_write_u16(&w, (uint16_t)out_len);
    lt_write_u8(&w, (uint8_t)(PREFIX_LEN + label_len));
    lt_write_bytes(&w, (const uint8_t *)label_prefix, PREFIX_LEN);
    lt_write_bytes(&w, (const uint8_t *)label, label_len);
    lt_write_u8(&w, (uint8_t)context_len);
    lt_write_bytes(&w, context, context_len);
    bool ok = lt_writer_ok(&w) &&
              lt_hkdf_expand(hash, secret, lt_hash_len(hash), info, w.len, out, out_len, err);
    lt_wipe(info, sizeof(info));
    if (!ok) {
        lt_wipe(out, out_len);
        return lt_error_is_set(err)
                   ? false
                   : LT_FAIL(err, LATCH_ERR_INTERNAL, "could not build HkdfLabel \"%s\"", label);
    }
    return true;
}

bool lt_tls13_derive_secret(lt_hash_alg hash, const uint8_t *secret, const char *label,
                            const uint8_t *th, size_t th_len, uint8_t *out, lt_error *err)
{
    size_t len = lt_hash_len(hash);
    if (th_len != len) {
        lt_wipe(out, len);
        return LT_FAIL(err, LATCH_ERR_INTERNAL,
                       "Derive-Secret(\"%s\") got a %zu-byte transcript hash; %s gives %zu", label,
                       th_len, lt_hash_name(hash), len);
    }
    return lt_tls13_expand_label(hash, secret, label, th, th_len, out, len, err);
}

/* Derive-Secret(secret, label, ""): the transcript is the empty string. */
static bool derive_empty(lt_hash_alg hash, const uint8_t *secret, const char *label, uint8_t *out,
                         lt_error *err)
{
    uint8_t empty_hash[LT_HASH_MAX_LEN];
    if (!lt_hash_oneshot(hash, NULL, 0, empty_hash, err)) {
        lt_wipe(out, lt_hash_len(hash));
        return false;
    }
    return lt_tls13_derive_secret(hash, secret, label, empty_hash, lt_hash_len(hash), out, err);
}

bool lt_tls13_finished(lt_hash_alg hash, const uint8_t *base_key, const uint8_t *th, size_t th_len,
                       uint8_t *verify_data, lt_error *err)
{
    size_t len = lt_hash_len(hash);
    uint8_t finished_key[LT_TLS13_SECRET_MAX];
    bool ok = th_len == len;
    if (!ok)
        LT_FAIL(err, LATCH_ERR_INTERNAL, "Finished got a %zu-byte transcript hash; %s gives %zu",
                th_len, lt_hash_name(hash), len);
    ok = ok && lt_tls13_expand_label(hash, base_key, "finished", NULL, 0, finished_key, len, err) &&
         lt_hmac_oneshot(hash, finished_key, len, th, th_len, verify_data, err);
    lt_wipe(finished_key, sizeof(finished_key));
    if (!ok)
        lt_wipe(verify_data, len);
    return ok;
}

bool lt_tls13_traffic_keys(lt_hash_alg hash, lt_aead_alg aead, const uint8_t *secret, uint8_t *key,
                           uint8_t iv[LT_AEAD_NONCE_LEN], lt_error *err)
{
    size_t key_len = lt_aead_key_len(aead);
    bool ok = key_len != 0;
    if (!ok)
        LT_FAIL(err, LATCH_ERR_INTERNAL, "no traffic key length for AEAD %d", (int)aead);
    ok = ok && lt_tls13_expand_label(hash, secret, "key", NULL, 0, key, key_len, err) &&
         lt_tls13_expand_label(hash, secret, "iv", NULL, 0, iv, LT_AEAD_NONCE_LEN, err);
    if (!ok) {
        lt_wipe(key, key_len);
        lt_wipe(iv, LT_AEAD_NONCE_LEN);
    }
    return ok;
}

bool lt_tls13_next_traffic_secret(lt_hash_alg hash, uint8_t *secret, lt_error *err)
{
    size_t len = lt_hash_len(hash);
    uint8_t next[LT_TLS13_SECRET_MAX];
    bool ok = lt_tls13_expand_label(hash, secret, "traffic upd", NULL, 0, next, len, err);
    if (ok)
        memcpy(secret, next, len);
    else
        lt_wipe(secret, len);
    lt_wipe(next, sizeof(next));
    return ok;
}

bool lt_tls13_ticket_psk(lt_hash_alg hash, const uint8_t *resumption_master, const uint8_t *nonce,
                         size_t nonce_len, uint8_t *psk, lt_error *err)
{
    return lt_tls13_expand_label(hash, resumption_master, "resumption", nonce, nonce_len, psk,
                                 lt_hash_len(hash), err);
}

bool lt_tls13_export(lt_hash_alg hash, const uint8_t *exporter_master, const char *label,
                     const uint8_t *context, size_t context_len, uint8_t *out, size_t out_len,
                     lt_error *err)
{
    uint8_t secret[LT_TLS13_SECRET_MAX];
    uint8_t context_hash[LT_HASH_MAX_LEN];
    bool ok = derive_empty(hash, exporter_master, label, secret, err) &&
              lt_hash_oneshot(hash, context, context_len, context_hash, err) &&
              lt_tls13_expand_label(hash, secret, "exporter", context_hash, lt_hash_len(hash), out,
                                    out_len, err);
    lt_wipe(secret, sizeof(secret));
    if (!ok)
        lt_wipe(out, out_len);
    return ok;
}

bool lt_tls13_message_hash(lt_hash_alg hash, const uint8_t *ch1_hash, size_t ch1_hash_len,
                           uint8_t *out, size_t *out_len, lt_error *err)
{
    size_t len = lt_hash_len(hash);
    LT_ENSURE(ch1_hash_len == len && len != 0, err, LATCH_ERR_INTERNAL,
              "message_hash got a %zu-byte ClientHello hash; %s gives %zu", ch1_hash_len,
              lt_hash_name(hash), len);
    lt_writer w;
    lt_writer_init_fixed(&w, out, LT_TLS13_MESSAGE_HASH_MAX);
    lt_write_u8(&w, LT_TLS13_MESSAGE_HASH);
    lt_write_u24(&w, (uint32_t)len);
    lt_write_bytes(&w, ch1_hash, len);
    *out_len = w.len;
    return true;
}

/* The schedule. */

static bool at_stage(const lt_keysched13 *ks, lt_ks13_stage want, const char *step, lt_error *err)
{
    static const char *const names[] = {"no", "the early", "the handshake", "the master"};
    LT_ENSURE(ks->stage == want, err, LATCH_ERR_INTERNAL,
              "the TLS 1.3 key schedule cannot derive %s from %s secret", step, names[ks->stage]);
    return true;
}

/* secret = HKDF-Extract(Derive-Secret(secret, "derived", ""), ikm), in place. */
static bool next_stage(lt_keysched13 *ks, const uint8_t *ikm, size_t ikm_len, lt_ks13_stage stage,
                       lt_error *err)
{
    uint8_t derived[LT_TLS13_SECRET_MAX];
    bool ok = derive_empty(ks->hash, ks->secret, "derived", derived, err) &&
              lt_hkdf_extract(ks->hash, derived, ks->len, ikm, ikm_len, ks->secret, err);
    lt_wipe(derived, sizeof(derived));
    if (!ok) {
        lt_ks13_wipe(ks);
        return false;
    }
    ks->stage = stage;
    return true;
}

bool lt_ks13_early(lt_keysched13 *ks, lt_hash_alg hash, const uint8_t *psk, size_t psk_len,
                   lt_error *err)
{
    memset(ks, 0, sizeof(*ks));
    ks->hash = hash;
    ks->len = lt_hash_len(hash);
    uint8_t zeros[LT_TLS13_SECRET_MAX] = {0};
    if (psk == NULL) {
        psk = zeros;
        psk_len = ks->len;
    }
    if (!lt_hkdf_extract(hash, NULL, 0, psk, psk_len, ks->secret, err)) {
        lt_ks13_wipe(ks);
        return false;
    }
    ks->stage = LT_KS13_EARLY;
    return true;
}

bool lt_ks13_binder_key(const lt_keysched13 *ks, lt_binder_kind kind, uint8_t *out, lt_error *err)
{
    LT_GUARD(at_stage(ks, LT_KS13_EARLY, "a binder key", err));
    return derive_empty(ks->hash, ks->secret,
                        kind == LT_BINDER_EXTERNAL ? "ext binder" : "res binder", out, err);
}

bool lt_ks13_handshake(lt_keysched13 *ks, const uint8_t *shared, size_t shared_len, lt_error *err)
{
    LT_GUARD(at_stage(ks, LT_KS13_EARLY, "the handshake secret", err));
    return next_stage(ks, shared, shared_len, LT_KS13_HANDSHAKE, err);
}

/* Two Derive-Secrets from one transcript hash; both outputs wiped on failure. */
static bool derive_pair(const lt_keysched13 *ks, const char *client_label, const char *server_label,
                        const uint8_t *th, size_t th_len, uint8_t *client, uint8_t *server,
                        lt_error *err)
{
    bool ok = lt_tls13_derive_secret(ks->hash, ks->secret, client_label, th, th_len, client, err) &&
              lt_tls13_derive_secret(ks->hash, ks->secret, server_label, th, th_len, server, err);
    if (!ok) {
        lt_wipe(client, ks->len);
        lt_wipe(server, ks->len);
    }
    return ok;
}

bool lt_ks13_handshake_traffic(const lt_keysched13 *ks, const uint8_t *th, size_t th_len,
                               uint8_t *client, uint8_t *server, lt_error *err)
{
    LT_GUARD(at_stage(ks, LT_KS13_HANDSHAKE, "handshake traffic secrets", err));
    return derive_pair(ks, "c hs traffic", "s hs traffic", th, th_len, client, server, err);
}

bool lt_ks13_master(lt_keysched13 *ks, lt_error *err)
{
    LT_GUARD(at_stage(ks, LT_KS13_HANDSHAKE, "the master secret", err));
    uint8_t zeros[LT_TLS13_SECRET_MAX] = {0};
    return next_stage(ks, zeros, ks->len, LT_KS13_MASTER, err);
}

bool lt_ks13_app_traffic(const lt_keysched13 *ks, const uint8_t *th, size_t th_len, uint8_t *client,
                         uint8_t *server, uint8_t *exporter, lt_error *err)
{
    LT_GUARD(at_stage(ks, LT_KS13_MASTER, "application traffic secrets", err));
    LT_GUARD(derive_pair(ks, "c ap traffic", "s ap traffic", th, th_len, client, server, err));
    if (exporter == NULL ||
        lt_tls13_derive_secret(ks->hash, ks->secret, "exp master", th, th_len, exporter, err))
        return true;
    lt_wipe(client, ks->len);
    lt_wipe(server, ks->len);
    return false;
}

bool lt_ks13_resumption(const lt_keysched13 *ks, const uint8_t *th, size_t th_len, uint8_t *out,
                        lt_error *err)
{
    LT_GUARD(at_stage(ks, LT_KS13_MASTER, "the resumption master secret", err));
    return lt_tls13_derive_secret(ks->hash, ks->secret, "res master", th, th_len, out, err);
}

void lt_ks13_wipe(lt_keysched13 *ks)
{
    lt_wipe(ks->secret, sizeof(ks->secret));
    ks->stage = LT_KS13_NONE;
}
