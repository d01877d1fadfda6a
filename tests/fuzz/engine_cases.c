/*
 * The cases of the whole-engine targets (engine.h), one table per role
 * of the engine under test, shared by fuzz_engine_<role> and by
 * fuzz_trace_<role>, which runs the same cases with a trace callback on.
 * Why each case signs what it signs is in those targets' comments.
 */
#include "engine.h"

const fuzz_engine_spec fuzz_engine_client_specs[] = {
    {"ecdsa-p256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "x25519", true,
     LATCH_CLIENT_CERT_NONE, NULL, FUZZ_FULL, FUZZ_TLS12},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "secp384r1", true,
     LATCH_CLIENT_CERT_NONE, NULL, FUZZ_FULL, FUZZ_TLS12},
    {"ed25519", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "x25519", true, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_FULL, FUZZ_TLS12},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "secp256r1", false, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_FULL, FUZZ_TLS12},
    {"ecdsa-p384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "secp384r1", true,
     LATCH_CLIENT_CERT_NONE, NULL, FUZZ_FULL, FUZZ_TLS12},
    {"rsa2048", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "ffdhe2048", true, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_FULL, FUZZ_TLS12},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "x25519", true, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_FULL, FUZZ_TLS12},
    {"ecdsa-p256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "x25519", true,
     LATCH_CLIENT_CERT_NONE, NULL, FUZZ_FULL, FUZZ_TLS12},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "secp256r1", true,
     LATCH_CLIENT_CERT_REQUIRED, "ed25519", FUZZ_FULL, FUZZ_TLS12},
    {"ed25519", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "x25519", false,
     LATCH_CLIENT_CERT_OPTIONAL, "rsa2048", FUZZ_FULL, FUZZ_TLS12},
    {"rsa2048", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ffdhe2048", true,
     LATCH_CLIENT_CERT_OPTIONAL, NULL, FUZZ_FULL, FUZZ_TLS12},
    {"ed25519", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "secp384r1", true, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_TICKET, FUZZ_TLS12},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "x25519", true, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_TICKET_RENEWED, FUZZ_TLS12},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "secp256r1", false, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_SESSION_ID, FUZZ_TLS12},
    {"rsa2048", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "ffdhe2048", true,
     LATCH_CLIENT_CERT_REQUIRED, "rsa2048", FUZZ_SESSION_ID, FUZZ_TLS12},
    /* TLS 1.3 (no suite list: a TLS 1.3 suite is not chosen by the
     * cipher list). The server's signature is recorded once, so any key
     * will do, except where the client signs or resumes (engine.h). */
    {"rsa2048", NULL, "x25519", true, LATCH_CLIENT_CERT_NONE, NULL, FUZZ_FULL, FUZZ_TLS13},
    {"ecdsa-p256", NULL, "secp256r1", true, LATCH_CLIENT_CERT_NONE, NULL, FUZZ_FULL, FUZZ_TLS12_13},
    {"ecdsa-p384", NULL, "secp384r1", true, LATCH_CLIENT_CERT_NONE, NULL, FUZZ_FULL,
     FUZZ_TLS13_HRR},
    {"ed25519", NULL, "x25519", true, LATCH_CLIENT_CERT_REQUIRED, "ed25519", FUZZ_FULL, FUZZ_TLS13},
    {"ed25519", NULL, "secp256r1", true, LATCH_CLIENT_CERT_OPTIONAL, NULL, FUZZ_FULL, FUZZ_TLS13},
    {"ed25519", NULL, "x25519", true, LATCH_CLIENT_CERT_NONE, NULL, FUZZ_TICKET, FUZZ_TLS13},
    {"ed25519", NULL, "secp256r1", true, LATCH_CLIENT_CERT_NONE, NULL, FUZZ_TICKET, FUZZ_TLS13_HRR},
    {"ed25519", NULL, "x25519", true, LATCH_CLIENT_CERT_NONE, NULL, FUZZ_TICKET_RENEWED,
     FUZZ_TLS12_13},
};

const fuzz_engine_spec fuzz_engine_server_specs[] = {
    {"ed25519", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "x25519", true, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_FULL, FUZZ_TLS12},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "secp256r1", true,
     LATCH_CLIENT_CERT_NONE, NULL, FUZZ_FULL, FUZZ_TLS12},
    {"rsa2048", "TLS_RSA_WITH_AES_128_CBC_SHA", "x25519", true, LATCH_CLIENT_CERT_NONE, NULL,
     FUZZ_FULL, FUZZ_TLS12},
    {"rsa2048", "TLS_RSA_WITH_AES_256_GCM_SHA384", "x25519", true, LATCH_CLIENT_CERT_NONE, NULL,
     FUZZ_FULL, FUZZ_TLS12},
    {"ed25519", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "secp384r1", false,
     LATCH_CLIENT_CERT_NONE, NULL, FUZZ_FULL, FUZZ_TLS12},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "x25519", true, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_FULL, FUZZ_TLS12},
    {"rsa2048", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "ffdhe2048", true, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_FULL, FUZZ_TLS12},
    {"ed25519", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "x25519", true,
     LATCH_CLIENT_CERT_NONE, NULL, FUZZ_FULL, FUZZ_TLS12},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "x25519", true, LATCH_CLIENT_CERT_REQUIRED,
     "ecdsa-p256", FUZZ_FULL, FUZZ_TLS12},
    {"ed25519", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "secp256r1", true,
     LATCH_CLIENT_CERT_OPTIONAL, "rsa2048", FUZZ_FULL, FUZZ_TLS12},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "secp384r1", false,
     LATCH_CLIENT_CERT_OPTIONAL, NULL, FUZZ_FULL, FUZZ_TLS12},
    {"ed25519", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "x25519", true, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_TICKET, FUZZ_TLS12},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "x25519", true,
     LATCH_CLIENT_CERT_NONE, NULL, FUZZ_TICKET_RENEWED, FUZZ_TLS12},
    {"rsa2048", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "x25519", true, LATCH_CLIENT_CERT_NONE,
     NULL, FUZZ_SESSION_ID, FUZZ_TLS12},
    {"rsa2048", "TLS_RSA_WITH_AES_256_GCM_SHA384", "x25519", true, LATCH_CLIENT_CERT_REQUIRED,
     "rsa2048", FUZZ_TICKET, FUZZ_TLS12},
    /* TLS 1.3: the server signs its CertificateVerify with Ed25519, the
     * one deterministic scheme TLS 1.3 allows; the client's is recorded
     * once. */
    {"ed25519", NULL, "x25519", true, LATCH_CLIENT_CERT_NONE, NULL, FUZZ_FULL, FUZZ_TLS13},
    {"ed25519", NULL, "secp256r1", true, LATCH_CLIENT_CERT_NONE, NULL, FUZZ_FULL, FUZZ_TLS12_13},
    {"ed25519", NULL, "secp384r1", true, LATCH_CLIENT_CERT_NONE, NULL, FUZZ_FULL, FUZZ_TLS13_HRR},
    {"ed25519", NULL, "x25519", true, LATCH_CLIENT_CERT_REQUIRED, "ecdsa-p256", FUZZ_FULL,
     FUZZ_TLS13},
    {"ed25519", NULL, "secp256r1", true, LATCH_CLIENT_CERT_OPTIONAL, NULL, FUZZ_FULL, FUZZ_TLS13},
    {"ed25519", NULL, "x25519", true, LATCH_CLIENT_CERT_NONE, NULL, FUZZ_TICKET, FUZZ_TLS13},
    {"ed25519", NULL, "secp256r1", true, LATCH_CLIENT_CERT_NONE, NULL, FUZZ_TICKET, FUZZ_TLS13_HRR},
    {"ed25519", NULL, "x25519", true, LATCH_CLIENT_CERT_REQUIRED, "ed25519", FUZZ_TICKET_RENEWED,
     FUZZ_TLS12_13},
};

/* The seed generator writes a seed per case. */
_Static_assert(sizeof(fuzz_engine_client_specs) / sizeof(fuzz_engine_client_specs[0]) ==
                   FUZZ_ENGINE_CASES,
               "a client case without a seed");
_Static_assert(sizeof(fuzz_engine_server_specs) / sizeof(fuzz_engine_server_specs[0]) ==
                   FUZZ_ENGINE_CASES,
               "a server case without a seed");
