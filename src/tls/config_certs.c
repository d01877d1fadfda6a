/*
 * The config's certificates and keys: loading a chain and its key, the
 * OCSP response stapled with it (negotiate.c chooses which one a handshake
 * uses).
 */
#include "tls/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/file.h"
#include "base/mem.h"
#include "tls/hs_reassembly.h"
#include "x509/cert.h"
#include "x509/ocsp.h"
#include "x509/pem.h"

void lt_cert_key_free(lt_cert_key *ck)
{
    for (size_t i = 0; i < ck->chain_count; i++)
        free(ck->chain[i]);
    for (size_t i = 0; i < ck->name_count; i++)
        free(ck->names[i]);
    free(ck->names);
    free(ck->ocsp);
    lt_privkey_free(&ck->key);
    memset(ck, 0, sizeof(*ck));
}

/* Reads every CERTIFICATE block of a PEM text into the chain. */
static bool load_chain(lt_cert_key *ck, const uint8_t *pem, size_t len, lt_error *err)
{
    lt_pem_iter it;
    lt_pem_iter_init(&it, pem, len);
    for (;;) {
        lt_pem_block block;
        bool found;
        LT_GUARD(lt_pem_next(&it, "CERTIFICATE", &block, &found, err));
        if (!found)
            break;
        if (ck->chain_count == LT_MAX_CERT_CHAIN) {
            lt_pem_block_free(&block);
            return LT_FAIL(err, LATCH_ERR_CONFIG,
                           "a certificate chain holds at most %d certificates", LT_MAX_CERT_CHAIN);
        }
        ck->chain[ck->chain_count] = block.der;
        ck->chain_len[ck->chain_count] = block.der_len;
        ck->chain_count++;
    }
    LT_ENSURE(ck->chain_count > 0, err, LATCH_ERR_CONFIG, "no CERTIFICATE block found%s",
              lt_pem_holds(pem, len, "PRIVATE KEY")
                  ? ", only a private key: are the certificate and key files swapped?"
                  : "");
    return true;
}

/* The leaf must carry the key's public half; its DNS names choose it by
 * SNI. */
static bool inspect_leaf(lt_cert_key *ck, lt_error *err)
{
    lt_cert leaf;
    LT_GUARD(lt_cert_parse(&leaf, ck->chain[0], ck->chain_len[0], err));
    uint8_t spki[LT_SIG_MAX_LEN * 2];
    size_t spki_len;
    bool ok = lt_privkey_spki(&ck->key, spki, sizeof(spki), &spki_len, err);
    if (ok && (spki_len != leaf.spki.len || memcmp(spki, leaf.spki.data, spki_len) != 0))
        ok = LT_FAIL(err, LATCH_ERR_CONFIG,
                     "the private key does not belong to the first certificate of the chain");
    size_t dns = 0;
    for (size_t i = 0; ok && i < leaf.san.count; i++)
        dns += leaf.san.items[i].kind == LT_GN_DNS;
    if (ok && dns > 0) {
        ck->names = calloc(dns, sizeof(char *));
        ok = ck->names != NULL || LT_FAIL(err, LATCH_ERR_MEMORY, "out of memory");
    }
    for (size_t i = 0; ok && i < leaf.san.count; i++) {
        const lt_general_name *gn = &leaf.san.items[i];
        if (gn->kind != LT_GN_DNS)
            continue;
        char *name = strndup((const char *)gn->value.data, gn->value.len);
        ok = name != NULL || LT_FAIL(err, LATCH_ERR_MEMORY, "out of memory");
        if (ok)
            ck->names[ck->name_count++] = name;
    }
    lt_cert_free(&leaf);
    return ok;
}

/* The schemes of the chain's signatures (config.h). The issuer of the
 * last certificate sent is not known unless that one signed itself, and
 * then its signature proves nothing and is left out (RFC 8446 4.4.2.2).
 * A certificate latch cannot parse (a curve it does not know, in a root
 * sent along) fits no scheme rather than failing the configuration. */
static void note_chain_sigs(lt_cert_key *ck)
{
    lt_x509_sig_alg algs[LT_MAX_CERT_CHAIN];
    lt_key_type keys[LT_MAX_CERT_CHAIN];
    bool self_signed = false;
    for (size_t i = 0; i < ck->chain_count; i++) {
        lt_cert cert;
        lt_error ignored;
        algs[i] = LT_X509_SIG_UNKNOWN;
        keys[i] = LT_KEY_NONE;
        if (!lt_cert_parse_borrowed(&cert, ck->chain[i], ck->chain_len[i], &ignored))
            continue;
        algs[i] = cert.sig_alg;
        keys[i] = cert.key_type;
        self_signed = lt_name_equal(&cert.subject, &cert.issuer);
        lt_cert_free(&cert);
    }
    ck->chain_sig_count = ck->chain_count - (self_signed ? 1 : 0);
    for (size_t i = 0; i < ck->chain_sig_count; i++) {
        lt_key_type issuer = i + 1 < ck->chain_count ? keys[i + 1] : LT_KEY_NONE;
        lt_sig_schemes_for_x509(algs[i], issuer, ck->chain_sigs[i]);
    }
}

bool lt_cert_key_load(lt_cert_key *ck, const uint8_t *cert_pem, size_t cert_len,
                      const uint8_t *key_pem, size_t key_len, lt_error *err)
{
    memset(ck, 0, sizeof(*ck));
    lt_pem_block key_block;
    lt_privkey_format format;
    bool ok = load_chain(ck, cert_pem, cert_len, err);
    if (ok && lt_pem_read_private_key(key_pem, key_len, &key_block, &format, err)) {
        ok = lt_privkey_from_der(&ck->key, format, key_block.der, key_block.der_len, err);
        lt_pem_block_free(&key_block);
    } else {
        ok = false;
    }
    ok = ok && inspect_leaf(ck, err);
    if (ok)
        note_chain_sigs(ck);
    if (!ok)
        lt_cert_key_free(ck);
    return ok;
}

static bool add_cert_key(latch_config *cfg, const uint8_t *cert_pem, size_t cert_len,
                         const uint8_t *key_pem, size_t key_len)
{
    lt_error *err = &cfg->err;
    LT_ENSURE(cfg->cert_key_count < LT_CONFIG_MAX_CERT_KEYS, err, LATCH_ERR_CONFIG,
              "at most %d certificates can be configured", LT_CONFIG_MAX_CERT_KEYS);
    lt_cert_key ck;
    LT_GUARD(lt_cert_key_load(&ck, cert_pem, cert_len, key_pem, key_len, err));
    cfg->cert_keys[cfg->cert_key_count++] = ck;
    return true;
}

latch_err latch_config_add_cert_key_mem(latch_config *cfg, const uint8_t *cert_pem, size_t cert_len,
                                        const uint8_t *key_pem, size_t key_len)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    return lt_config_result(cfg, add_cert_key(cfg, cert_pem, cert_len, key_pem, key_len));
}

latch_err latch_config_add_cert_key_file(latch_config *cfg, const char *cert_path,
                                         const char *key_path)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    uint8_t *cert = NULL, *key = NULL;
    size_t cert_len = 0, key_len = 0;
    bool ok = lt_read_file(cert_path, &cert, &cert_len, &cfg->err) &&
              lt_read_file(key_path, &key, &key_len, &cfg->err) &&
              add_cert_key(cfg, cert, cert_len, key, key_len);
    if (!ok && strstr(cfg->err.message, "cannot") == NULL) {
        /* Name the files: the sentence from the parser does not know them. */
        char detail[LT_ERROR_MESSAGE_MAX];
        memcpy(detail, cfg->err.message, sizeof(detail));
        int n =
            snprintf(cfg->err.message, sizeof(cfg->err.message), "%s, %s: ", cert_path, key_path);
        if (n > 0 && (size_t)n < sizeof(cfg->err.message))
            snprintf(cfg->err.message + n, sizeof(cfg->err.message) - (size_t)n, "%.*s",
                     (int)(sizeof(cfg->err.message) - (size_t)n - 1), detail);
    }
    free(cert);
    lt_free_secret(key, key_len);
    return lt_config_result(cfg, ok);
}

/* RFC 6066 8: the response goes with the last certificate added. It is
 * not judged here (that is the client's job, and a server cannot know the
 * client's clock), only parsed, so a file that is not an OCSP response is
 * refused now rather than stapled. */
static bool set_ocsp(latch_config *cfg, const uint8_t *der, size_t len)
{
    lt_error *err = &cfg->err;
    LT_ENSURE(cfg->cert_key_count > 0, err, LATCH_ERR_USAGE,
              "an OCSP response goes with a certificate: add the certificate and key first");
    LT_ENSURE(der != NULL && len > 0, err, LATCH_ERR_USAGE, "no OCSP response given");
    /* A client takes a CertificateStatus of at most this size. */
    LT_ENSURE(len <= LT_HS_DEFAULT_MAX_MESSAGE - 4, err, LATCH_ERR_CONFIG,
              "the OCSP response is %zu bytes; at most %d fit in a CertificateStatus", len,
              LT_HS_DEFAULT_MAX_MESSAGE - 4);
    if (!lt_ocsp_parse(der, len, err)) {
        err->code = LATCH_ERR_CONFIG;
        lt_error_prefix(err, "not a usable DER OCSP response: ");
        return false;
    }
    uint8_t *copy = malloc(len);
    LT_ENSURE(copy != NULL, err, LATCH_ERR_MEMORY, "out of memory");
    memcpy(copy, der, len);
    lt_cert_key *ck = &cfg->cert_keys[cfg->cert_key_count - 1];
    free(ck->ocsp);
    ck->ocsp = copy;
    ck->ocsp_len = len;
    return true;
}

latch_err latch_config_set_ocsp_response_mem(latch_config *cfg, const uint8_t *der, size_t len)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    return lt_config_result(cfg, set_ocsp(cfg, der, len));
}

latch_err latch_config_set_ocsp_response_file(latch_config *cfg, const char *path)
{
    if (!lt_config_begin_set(cfg))
        return lt_config_result(cfg, false);
    uint8_t *der = NULL;
    size_t len = 0;
    bool ok = lt_read_file(path, &der, &len, &cfg->err);
    if (ok && !set_ocsp(cfg, der, len)) {
        lt_error_prefix(&cfg->err, "%s: ", path);
        ok = false;
    }
    free(der);
    return lt_config_result(cfg, ok);
}
