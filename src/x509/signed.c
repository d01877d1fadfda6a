#include "x509/signed.h"

#include <stdio.h>

bool lt_x509_sig_alg_allowed(lt_x509_sig_alg alg, const char *what, lt_error *err)
{
    LT_ENSURE(alg != LT_X509_SIG_MD5_RSA && alg != LT_X509_SIG_RSA_PKCS1_SHA1 &&
                  alg != LT_X509_SIG_ECDSA_SHA1 && alg != LT_X509_SIG_UNKNOWN,
              err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
              "%s is signed with %s, which is not allowed (no MD5 or SHA-1 signatures)", what,
              lt_x509_sig_alg_name(alg));
    return true;
}

bool lt_cert_key_allowed(const lt_cert *cert, lt_error *err)
{
    if ((cert->key_type != LT_KEY_RSA && cert->key_type != LT_KEY_RSA_PSS) ||
        cert->key_bits >= LT_MIN_RSA_BITS)
        return true;
    char subject[128];
    lt_name_format(&cert->subject, subject, sizeof(subject));
    return LT_FAIL(err, LATCH_ERR_UNSUPPORTED_CERTIFICATE,
                   "certificate %s has a %u-bit RSA key; at least %d bits are required", subject,
                   cert->key_bits, LT_MIN_RSA_BITS);
}

bool lt_x509_check_signed(const lt_cert *signer, lt_x509_sig_alg alg, lt_span tbs,
                          lt_span signature, const char *what, lt_error *err)
{
    return lt_x509_check_signed_cached(NULL, signer, alg, tbs, signature, what, err);
}

bool lt_x509_check_signed_cached(lt_key_cache *keys, const lt_cert *signer, lt_x509_sig_alg alg,
                                 lt_span tbs, lt_span signature, const char *what, lt_error *err)
{
    LT_GUARD(lt_x509_sig_alg_allowed(alg, what, err));
    /* Trust anchors carry their key decoded at load; others come from the
     * cache, or are decoded here. */
    lt_pubkey own = {0};
    const lt_pubkey *key = &signer->key;
    if (key->impl == NULL) {
        LT_GUARD(keys != NULL ? lt_key_cache_get(keys, signer, &own, err)
                              : lt_cert_pubkey(signer, &own, err));
        key = &own;
    }
    lt_error local;
    lt_error_clear(&local);
    bool ok = lt_verify_x509(key, alg, tbs.data, tbs.len, signature.data, signature.len, &local);
    lt_pubkey_free(&own);
    if (ok)
        return true;
    char by[128];
    lt_name_format(&signer->subject, by, sizeof(by));
    return LT_FAIL(err, LATCH_ERR_BAD_CERTIFICATE,
                   "the signature on %s does not verify with the key of %s (%s)", what, by,
                   local.message);
}
