/*
 * Public-key pinning on top of latch's own verification, and the server's
 * certificate decoded:
 *   pin_client HOST PORT CAFILE SPKI_SHA256_HEX
 * The verify callback refuses a chain whose leaf's SubjectPublicKeyInfo
 * does not hash to the pin (it can only add refusals to latch's checks).
 * Prints the leaf's subject, issuer, serial, names, key and fingerprints,
 * or why the connection failed and what kind of failure it was.
 */
#include <latch.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void hex(const uint8_t *p, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", p[i]);
}

static latch_err pin(const latch_conn *conn, latch_verify_result *r, void *arg)
{
    const latch_cert *leaf = latch_conn_peer_certificate(conn, 0);
    char got[65];
    if (leaf == NULL)
        return LATCH_ERR_BAD_CERTIFICATE;
    hex(latch_cert_spki_sha256(leaf), 32, got);
    if (strcmp(got, arg) == 0)
        return LATCH_OK;
    snprintf(r->message, sizeof r->message, "public key %s is not the pinned one", got);
    return LATCH_ERR_BAD_CERTIFICATE;
}

static const char *kind(latch_err err)
{
    switch (latch_err_category(err)) {
    case LATCH_CAT_CERTIFICATE:
        return "certificate";
    case LATCH_CAT_IO:
        return "network";
    case LATCH_CAT_CONFIG:
        return "configuration";
    default:
        return "protocol";
    }
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: pin_client HOST PORT CAFILE SPKI_SHA256_HEX\n");
        return 2;
    }
    char why[512];
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    latch_conn *conn = NULL;
    latch_err err = LATCH_ERR_MEMORY;
    int fd = -1;
    if (cfg == NULL || (err = latch_config_add_ca_file(cfg, argv[3])) != LATCH_OK ||
        (err = latch_config_set_verify_callback(cfg, pin, argv[4], 0)) != LATCH_OK) {
        snprintf(why, sizeof why, "%s", cfg ? latch_config_error(cfg) : "out of memory");
    } else if ((fd = latch_tcp_connect_timeout(argv[1], argv[2], 10000, why, sizeof why)) < 0) {
        err = LATCH_ERR_IO;
    } else if ((err = latch_conn_create(cfg, argv[1], &conn, why, sizeof why)) == LATCH_OK &&
               (err = latch_fd_handshake(conn, fd)) != LATCH_OK) {
        snprintf(why, sizeof why, "%s", latch_conn_error(conn));
    }
    if (err != LATCH_OK) {
        fprintf(stderr, "pin_client: %s error: %s\n", kind(err), why);
    } else {
        const latch_cert *leaf = latch_conn_peer_certificate(conn, 0);
        char sha[65], spki[65];
        hex(latch_cert_sha256(leaf), 32, sha);
        hex(latch_cert_spki_sha256(leaf), 32, spki);
        printf("subject: %s\nissuer: %s\nserial: %s\n", latch_cert_subject(leaf),
               latch_cert_issuer(leaf), latch_cert_serial(leaf));
        for (size_t i = 0; i < latch_cert_san_count(leaf); i++)
            printf("name: %s\n", latch_cert_san(leaf, i));
        printf("key: %s %u\nsha256: %s\nspki sha256: %s\n", latch_cert_key_type(leaf),
               latch_cert_key_bits(leaf), sha, spki);
        latch_fd_close(conn, fd);
    }
    if (fd >= 0)
        close(fd);
    latch_conn_free(conn);
    latch_config_free(cfg);
    return err == LATCH_OK ? 0 : 1;
}
