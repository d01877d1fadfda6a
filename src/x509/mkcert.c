/* The public mkcert API: keys, names and PEM around lt_cert_build. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/mem.h"
#include "base/struct_size.h"
#include "crypto/random.h"
#include "x509/cert_build.h"
#include "x509/pem.h"
#include "x509/pem_write.h"

#define CA_DAYS 3650
#define LEAF_DAYS 825 /* the most Apple platforms accept for a TLS server certificate */
#define BACKDATE 3600 /* seconds before now that validity starts */
#define DEFAULT_ORGANIZATION "latch development"
#define DEFAULT_LEAF_CN "latch development certificate"
#define DEFAULT_RSA_BITS 2048
/* An RSA-8192 PrivateKeyInfo is under 5 KiB. */
#define PKCS8_MAX 8192
#define DNS_NAME_MAX 253
#define DNS_LABEL_MAX 63

/* Clears everything but the caller's struct_size. */
static void result_clear(latch_mkcert_result *out)
{
    size_t size = out->struct_size;
    memset(out, 0, sizeof(*out));
    out->struct_size = size;
}

/* The struct_size fields (latch.h): out's must be checked before out is
 * written at all; a bad opts is reported in out. */
static bool sizes_ok(const latch_mkcert_options *opts, latch_mkcert_result *out, lt_error *err)
{
    if (out == NULL || !lt_struct_size_ok(out->struct_size, sizeof(*out)))
        return false;
    result_clear(out);
    if (opts != NULL && !lt_struct_size_ok(opts->struct_size, sizeof(*opts)))
        (void)LT_FAIL(
            err, LATCH_ERR_USAGE,
            "latch_mkcert_options.struct_size is %zu, less than the %zu of its first layout",
            opts->struct_size, sizeof(*opts));
    return true;
}

static latch_err fail(latch_mkcert_result *out, const lt_error *err)
{
    latch_mkcert_result_free(out);
    snprintf(out->error, sizeof(out->error), "%s", err->message);
    return err->code;
}

static bool key_type_of(latch_key_type type, lt_key_type *out, lt_error *err)
{
    switch (type) {
    case LATCH_KEY_P256:
        *out = LT_KEY_EC_P256;
        return true;
    case LATCH_KEY_P384:
        *out = LT_KEY_EC_P384;
        return true;
    case LATCH_KEY_RSA:
        *out = LT_KEY_RSA;
        return true;
    case LATCH_KEY_ED25519:
        *out = LT_KEY_ED25519;
        return true;
    }
    return LT_FAIL(err, LATCH_ERR_USAGE, "unknown key type %d", (int)type);
}

static bool generate_key(const latch_mkcert_options *opts, lt_privkey *key, lt_error *err)
{
    lt_key_type type;
    LT_GUARD(key_type_of(opts->key_type, &type, err));
    unsigned bits = opts->rsa_bits != 0 ? opts->rsa_bits : DEFAULT_RSA_BITS;
    LT_ENSURE(type != LT_KEY_RSA || (bits >= 2048 && bits <= 8192 && bits % 8 == 0), err,
              LATCH_ERR_USAGE, "RSA keys must have 2048 to 8192 bits, a multiple of 8; not %u",
              bits);
    return lt_privkey_generate(key, type, bits, err);
}

static int64_t start_time(const latch_mkcert_options *opts)
{
    return (opts->now != 0 ? opts->now : (int64_t)time(NULL)) - BACKDATE;
}

/* Hands the writer's bytes over as a NUL-terminated string. */
static bool take_text(lt_writer *w, char **text, size_t *len, lt_error *err)
{
    lt_write_u8(w, '\0');
    LT_ENSURE(lt_writer_ok(w), err, LATCH_ERR_MEMORY, "out of memory writing PEM");
    *text = (char *)w->data;
    *len = w->len - 1;
    w->data = NULL;
    w->len = w->cap = 0;
    return true;
}

/* Fills out with the certificate DER and the key, both as PEM. */
static bool write_result(const lt_writer *der, const lt_privkey *key, latch_mkcert_result *out,
                         lt_error *err)
{
    lt_writer pem;
    lt_writer_init_growable(&pem, 0);
    lt_pem_write(&pem, "CERTIFICATE", der->data, der->len);
    bool ok = take_text(&pem, &out->cert_pem, &out->cert_len, err);
    lt_writer_free(&pem);

    uint8_t pkcs8[PKCS8_MAX];
    size_t pkcs8_len = 0;
    lt_writer_init_growable(&pem, 0);
    if (ok && (ok = lt_privkey_to_pkcs8(key, pkcs8, sizeof(pkcs8), &pkcs8_len, err))) {
        lt_pem_write(&pem, "PRIVATE KEY", pkcs8, pkcs8_len);
        ok = take_text(&pem, &out->key_pem, &out->key_len, err);
    }
    lt_wipe(pkcs8, sizeof(pkcs8));
    lt_writer_free(&pem);
    return ok;
}

static bool make_ca(const latch_mkcert_options *opts, latch_mkcert_result *out, lt_error *err)
{
    uint8_t tag[4];
    char default_cn[48];
    LT_GUARD(lt_random(tag, sizeof(tag), err));
    /* A random suffix tells apart the CAs of different machines or runs
     * when several sit in one trust store. */
    snprintf(default_cn, sizeof(default_cn), "latch development CA %02x%02x%02x%02x", tag[0],
             tag[1], tag[2], tag[3]);
    int64_t start = start_time(opts);
    unsigned days = opts->days != 0 ? opts->days : CA_DAYS;
    lt_cert_spec spec = {
        .ca = true,
        .common_name = opts->common_name != NULL ? opts->common_name : default_cn,
        .organization = opts->organization != NULL ? opts->organization : DEFAULT_ORGANIZATION,
        .not_before = start,
        .not_after = start + BACKDATE + (int64_t)days * 86400,
    };
    lt_privkey key = {0};
    lt_writer der;
    lt_writer_init_growable(&der, 0);
    bool ok = generate_key(opts, &key, err) && lt_cert_build(&spec, &key, NULL, &der, err) &&
              write_result(&der, &key, out, err);
    lt_writer_free(&der);
    lt_privkey_free(&key);
    return ok;
}

latch_err latch_mkcert_ca(const latch_mkcert_options *opts, latch_mkcert_result *out)
{
    static const latch_mkcert_options defaults;
    lt_error err;
    lt_error_clear(&err);
    if (!sizes_ok(opts, out, &err))
        return LATCH_ERR_USAGE;
    if (lt_error_is_set(&err) || !make_ca(opts != NULL ? opts : &defaults, out, &err))
        return fail(out, &err);
    return LATCH_OK;
}

/* RFC 1035 2.3.1 letters, digits and hyphens, labels of 1 to 63; RFC 6125
 * 6.4.3 wildcard as the whole first label, with a label after it. */
static bool check_dns_name(const char *name, lt_error *err)
{
    size_t len = strlen(name);
    LT_ENSURE(len > 0 && len <= DNS_NAME_MAX, err, LATCH_ERR_USAGE,
              "'%s' is not a DNS name: it must be 1 to %d characters", name, DNS_NAME_MAX);
    LT_ENSURE(name[len - 1] != '.', err, LATCH_ERR_USAGE,
              "'%s' is not a DNS name for a certificate: leave out the trailing dot", name);
    const char *label = name;
    unsigned n = 1;
    if (strncmp(name, "*.", 2) == 0) {
        label = name + 2;
        n = 2;
    }
    for (;; n++) {
        size_t l = strcspn(label, ".");
        LT_ENSURE(l > 0 && l <= DNS_LABEL_MAX, err, LATCH_ERR_USAGE,
                  "'%s' is not a DNS name: label %u must have 1 to %d characters", name, n,
                  DNS_LABEL_MAX);
        LT_ENSURE(label[0] != '-' && label[l - 1] != '-', err, LATCH_ERR_USAGE,
                  "'%s' is not a DNS name: label %u starts or ends with a hyphen", name, n);
        for (size_t i = 0; i < l; i++) {
            char c = label[i];
            bool ldh = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-';
            LT_ENSURE(ldh, err, LATCH_ERR_USAGE,
                      "'%s' is not a DNS name or an IP address: '%c' is not a letter, digit or "
                      "hyphen",
                      name, c);
        }
        if (label[l] == '\0')
            return true;
        label += l + 1;
    }
}

/* A name with the storage an IP address needs. */
typedef struct san_entry {
    lt_general_name gn;
    uint8_t ip[16];
} san_entry;

static bool parse_name(const char *name, san_entry *e, lt_error *err)
{
    if (inet_pton(AF_INET, name, e->ip) == 1) {
        e->gn = (lt_general_name){LT_GN_IP, {e->ip, 4}};
        return true;
    }
    if (inet_pton(AF_INET6, name, e->ip) == 1) {
        e->gn = (lt_general_name){LT_GN_IP, {e->ip, 16}};
        return true;
    }
    LT_GUARD(check_dns_name(name, err));
    e->gn = (lt_general_name){LT_GN_DNS, {(const uint8_t *)name, strlen(name)}};
    return true;
}

/* The issuing CA: its certificate, and its key checked to match it. */
typedef struct ca_state {
    lt_cert cert;
    lt_privkey key;
    uint8_t key_id[LT_CERT_KEY_ID_LEN];
    lt_cert_issuer issuer;
} ca_state;

static bool load_ca_cert(ca_state *ca, const char *pem, size_t len, lt_error *err)
{
    lt_pem_iter it;
    lt_pem_block block;
    bool found;
    lt_pem_iter_init(&it, (const uint8_t *)pem, len);
    LT_GUARD(lt_pem_next(&it, "CERTIFICATE", &block, &found, err));
    LT_ENSURE(found, err, LATCH_ERR_CONFIG, "the CA file holds no CERTIFICATE block");
    bool ok = lt_cert_parse(&ca->cert, block.der, block.der_len, err);
    lt_pem_block_free(&block);
    LT_GUARD(ok);
    LT_ENSURE(ca->cert.ca, err, LATCH_ERR_USAGE,
              "the CA certificate is not a CA: basicConstraints does not assert cA");
    LT_ENSURE(!(ca->cert.extensions & LT_EXT_KEY_USAGE) ||
                  (ca->cert.key_usage & LT_KU_KEY_CERT_SIGN),
              err, LATCH_ERR_USAGE, "the CA certificate's keyUsage does not allow keyCertSign");
    return true;
}

static bool load_ca_key(ca_state *ca, const char *pem, size_t len, lt_error *err)
{
    lt_pem_block block;
    lt_privkey_format format;
    LT_GUARD(lt_pem_read_private_key((const uint8_t *)pem, len, &block, &format, err));
    bool ok = lt_privkey_from_der(&ca->key, format, block.der, block.der_len, err);
    lt_pem_block_free(&block);
    LT_GUARD(ok);
    uint8_t spki[2048];
    size_t spki_len;
    LT_GUARD(lt_privkey_spki(&ca->key, spki, sizeof(spki), &spki_len, err));
    LT_ENSURE(spki_len == ca->cert.spki.len && memcmp(spki, ca->cert.spki.data, spki_len) == 0, err,
              LATCH_ERR_USAGE, "the CA key does not belong to the CA certificate");
    return true;
}

static bool load_ca(ca_state *ca, const char *cert_pem, size_t cert_len, const char *key_pem,
                    size_t key_len, lt_error *err)
{
    LT_GUARD(load_ca_cert(ca, cert_pem, cert_len, err));
    LT_GUARD(load_ca_key(ca, key_pem, key_len, err));
    ca->issuer.key = &ca->key;
    ca->issuer.name = ca->cert.subject.der;
    /* RFC 5280 4.2.1.1: the leaf's authorityKeyIdentifier is the CA's
     * subjectKeyIdentifier; a CA without one gets the method 1 value. */
    if (ca->cert.subject_key_id.len > 0) {
        ca->issuer.key_id = ca->cert.subject_key_id;
    } else {
        LT_GUARD(lt_cert_key_id(ca->cert.spki.data, ca->cert.spki.len, ca->key_id, err));
        ca->issuer.key_id = (lt_span){ca->key_id, sizeof(ca->key_id)};
    }
    return true;
}

static bool make_leaf(const latch_mkcert_options *opts, const char *const *names, size_t count,
                      const ca_state *ca, latch_mkcert_result *out, lt_error *err)
{
    LT_ENSURE(count > 0, err, LATCH_ERR_USAGE,
              "a certificate needs at least one DNS name or IP address");
    LT_ENSURE(count <= LT_CERT_MAX_SAN, err, LATCH_ERR_USAGE,
              "%zu names are more than the %d a certificate may carry", count, LT_CERT_MAX_SAN);
    san_entry *entries = calloc(count, sizeof(*entries));
    lt_general_name *san = calloc(count, sizeof(*san));
    bool ok = entries != NULL && san != NULL;
    if (!ok)
        LT_FAIL(err, LATCH_ERR_MEMORY, "out of memory");
    for (size_t i = 0; ok && i < count; i++) {
        ok = parse_name(names[i], &entries[i], err);
        san[i] = entries[i].gn;
    }

    /* Clients match the subjectAltName (RFC 6125 6.4.4), so the CN only
     * labels the certificate for people. */
    const char *common_name = opts->common_name;
    if (common_name == NULL)
        common_name = strlen(names[0]) <= LT_CERT_NAME_MAX ? names[0] : DEFAULT_LEAF_CN;
    int64_t start = start_time(opts);
    unsigned days = opts->days != 0 ? opts->days : LEAF_DAYS;
    int64_t end = start + BACKDATE + (int64_t)days * 86400;
    lt_cert_spec spec = {
        .ca = false,
        .common_name = common_name,
        .organization = opts->organization != NULL ? opts->organization : DEFAULT_ORGANIZATION,
        .not_before = start,
        .not_after = end < ca->cert.not_after ? end : ca->cert.not_after,
        .san = san,
        .san_count = count,
    };
    lt_privkey key = {0};
    lt_writer der;
    lt_writer_init_growable(&der, 0);
    ok = ok && generate_key(opts, &key, err) &&
         lt_cert_build(&spec, &key, &ca->issuer, &der, err) && write_result(&der, &key, out, err);
    lt_writer_free(&der);
    lt_privkey_free(&key);
    free(san);
    free(entries);
    return ok;
}

latch_err latch_mkcert_leaf(const latch_mkcert_options *opts, const char *const *names,
                            size_t count, const char *ca_cert_pem, size_t ca_cert_len,
                            const char *ca_key_pem, size_t ca_key_len, latch_mkcert_result *out)
{
    static const latch_mkcert_options defaults;
    lt_error err;
    lt_error_clear(&err);
    if (!sizes_ok(opts, out, &err))
        return LATCH_ERR_USAGE;
    ca_state ca;
    memset(&ca, 0, sizeof(ca));
    bool ok = !lt_error_is_set(&err) &&
              load_ca(&ca, ca_cert_pem, ca_cert_len, ca_key_pem, ca_key_len, &err) &&
              make_leaf(opts != NULL ? opts : &defaults, names, count, &ca, out, &err);
    lt_privkey_free(&ca.key);
    lt_cert_free(&ca.cert);
    if (!ok)
        return fail(out, &err);
    return LATCH_OK;
}

void latch_mkcert_result_free(latch_mkcert_result *res)
{
    free(res->cert_pem);
    if (res->key_pem != NULL)
        lt_free_secret(res->key_pem, res->key_len + 1);
    result_clear(res);
}
