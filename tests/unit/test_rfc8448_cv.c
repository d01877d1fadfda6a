/*
 * The CertificateVerify signatures of RFC 8448 (tests/data/rfc8448/),
 * checked with latch's verifier (src/crypto/sig.c) over the content of
 * RFC 8446 4.4.3 that latch builds (lt_cv13_content) from the transcript
 * hash taken here: section 3's server (rsa_pss_rsae_sha256, RSA-1024),
 * section 6's server (ecdsa_secp256r1_sha256, P-256) and client
 * (rsa_pss_rsae_sha256, RSA-1024). Both schemes are randomised, so the
 * signatures cannot be made again; each is verified with the key from
 * the certificate in the trace, and a one-bit change to the signature,
 * to the signed hash, or the other side's context string makes it fail.
 */
#include "rfc8448_vectors.h"
#include "test_msg_util.h"
#include "tls/hs13.h"
#include "tls/msg13.h"
#include "x509/cert.h"

#include <string.h>

/* One CertificateVerify of a trace to check. */
typedef struct cv_case {
    const char *section;            /* the data file */
    const char *certificate;        /* the Certificate message */
    const char *certificate_verify; /* the CertificateVerify message */
    const char *const *transcript;  /* the messages it signs, through the Certificate */
    lt_cv13_sender sender;
    uint16_t scheme;      /* the one the trace uses */
    lt_key_type key_type; /* the certificate's key */
    unsigned key_bits;
} cv_case;

static const char *const s3_server[] = {"client_hello", "server_hello", "encrypted_extensions",
                                        "certificate", NULL};
static const char *const s5_server[] = {"message_hash",
                                        "hello_retry_request",
                                        "client_hello2",
                                        "server_hello",
                                        "encrypted_extensions",
                                        "certificate",
                                        NULL};
static const char *const s6_server[] = {"client_hello",         "server_hello",
                                        "encrypted_extensions", "certificate_request",
                                        "certificate",          NULL};
static const char *const s6_client[] = {
    "client_hello",        "server_hello",       "encrypted_extensions",
    "certificate_request", "certificate",        "certificate_verify",
    "server_finished",     "client_certificate", NULL};

static const cv_case cases[] = {
    {"section3.txt", "certificate", "certificate_verify", s3_server, LT_CV13_SERVER,
     LT_SIG_RSA_PSS_RSAE_SHA256, LT_KEY_RSA, 1024},
    {"section5.txt", "certificate", "certificate_verify", s5_server, LT_CV13_SERVER,
     LT_SIG_RSA_PSS_RSAE_SHA256, LT_KEY_RSA, 1024},
    {"section6.txt", "certificate", "certificate_verify", s6_server, LT_CV13_SERVER,
     LT_SIG_ECDSA_SECP256R1_SHA256, LT_KEY_EC_P256, 256},
    {"section6.txt", "client_certificate", "client_certificate_verify", s6_client, LT_CV13_CLIENT,
     LT_SIG_RSA_PSS_RSAE_SHA256, LT_KEY_RSA, 1024},
};

/* The body of a named handshake message of f, which must be of this type. */
static lt_span body_of(const rfc8448_file *f, const char *name, uint8_t type)
{
    size_t len;
    const uint8_t *msg = rfc8448_get(f, name, &len);
    return msg_body(msg, len, type);
}

static bool verifies(const lt_pubkey *key, uint16_t scheme, const uint8_t *content, size_t len,
                     const uint8_t *sig, size_t sig_len, latch_err *code)
{
    lt_error err;
    lt_error_clear(&err);
    bool ok = lt_verify(key, scheme, content, len, sig, sig_len, &err);
    *code = err.code;
    return ok;
}

static void check_case(const cv_case *c)
{
    rfc8448_file f;
    rfc8448_load(&f, c->section);
    lt_error err;
    lt_error_clear(&err);

    /* The key of the one certificate in the Certificate message. */
    lt_span body = body_of(&f, c->certificate, LT_HS_CERTIFICATE);
    lt_certificate13 chain;
    CHECK(lt_certificate13_parse(body.data, body.len, &chain, &err));
    CHECK(chain.count == 1);
    lt_cert cert;
    CHECK(lt_cert_parse(&cert, chain.certs[0].data, chain.certs[0].len, &err));
    CHECK(cert.key_type == c->key_type && cert.key_bits == c->key_bits);
    lt_pubkey key;
    CHECK(lt_cert_pubkey(&cert, &key, &err));

    body = body_of(&f, c->certificate_verify, LT_HS_CERTIFICATE_VERIFY);
    lt_certificate_verify cv;
    CHECK(lt_certificate_verify_parse(body.data, body.len, &cv, &err));
    CHECK(cv.sig.scheme == c->scheme);
    /* What latch's handshake asks of the scheme before it verifies. */
    CHECK(lt_hs13_scheme_allowed(cv.sig.scheme));
    CHECK(lt_sig_scheme_fits_peer_key(cv.sig.scheme, key.type, 0x0304));

    uint8_t th[32], content[LT_CV13_CONTENT_MAX];
    rfc8448_transcript(&f, c->transcript, th);
    size_t len = lt_cv13_content(c->sender, th, sizeof(th), content);
    CHECK(len == 64 + 34 + 32);
    latch_err code;
    const uint8_t *sig = cv.sig.signature.data;
    size_t sig_len = cv.sig.signature.len;
    if (!verifies(&key, c->scheme, content, len, sig, sig_len, &code))
        fprintf(stderr, "%s %s does not verify (%s)\n", c->section, c->certificate_verify,
                latch_err_name(code));
    CHECK(verifies(&key, c->scheme, content, len, sig, sig_len, &code));

    /* One bit of the signature, of the hash, or the other context string. */
    uint8_t *bad = malloc(sig_len);
    memcpy(bad, sig, sig_len);
    bad[sig_len / 2] ^= 0x01;
    CHECK(!verifies(&key, c->scheme, content, len, bad, sig_len, &code));
    CHECK(code == LATCH_ERR_DECRYPT_ERROR);
    free(bad);
    content[len - 1] ^= 0x80;
    CHECK(!verifies(&key, c->scheme, content, len, sig, sig_len, &code));
    CHECK(code == LATCH_ERR_DECRYPT_ERROR);
    lt_cv13_sender other = c->sender == LT_CV13_SERVER ? LT_CV13_CLIENT : LT_CV13_SERVER;
    len = lt_cv13_content(other, th, sizeof(th), content);
    CHECK(!verifies(&key, c->scheme, content, len, sig, sig_len, &code));

    CHECK(!lt_error_is_set(&err));
    lt_pubkey_free(&key);
    lt_cert_free(&cert);
    rfc8448_free(&f);
}

int main(void)
{
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        check_case(&cases[i]);
    return check_finish("rfc8448_cv");
}
