/*
 * A latch client that updates its keys mid-connection, through the
 * public API, for test_key_update_openssl.sh against `openssl s_server
 * -rev` (which sends each line back reversed):
 *
 *   interop_key_update PORT CAFILE
 *
 * Over TLS 1.3 it sends "abc", reads "cba"; calls
 * latch_conn_key_update(conn, 1), asking the server for new keys too,
 * sends "defg", reads "gfed"; calls latch_conn_key_update(conn, 0),
 * sends "hi", reads "ih"; closes. Prints each step; exits non-zero on
 * any failure.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "latch.h"

static int fail(const char *what, latch_conn *c)
{
    fprintf(stderr, "FAIL: %s: %s\n", what, c != NULL ? latch_conn_error(c) : "");
    return 1;
}

/* Sends line and a newline, reads until the reversed line comes back. */
static int round_trip(latch_conn *c, int fd, const char *line)
{
    char out[64], want[64], got[64];
    size_t n = strlen(line), have = 0, done;
    snprintf(out, sizeof(out), "%s\n", line);
    for (size_t i = 0; i < n; i++)
        want[i] = line[n - 1 - i];
    want[n] = '\n';
    if (latch_fd_write(c, fd, (const uint8_t *)out, n + 1, &done) != LATCH_OK || done != n + 1 ||
        latch_fd_flush(c, fd) != LATCH_OK)
        return fail("write", c);
    while (have < n + 1) {
        size_t got_now;
        if (latch_fd_read(c, fd, (uint8_t *)got + have, sizeof(got) - have, &got_now) != LATCH_OK)
            return fail("read", c);
        have += got_now;
    }
    if (have != n + 1 || memcmp(got, want, n + 1) != 0) {
        fprintf(stderr, "FAIL: sent %s, got back %.*s\n", line, (int)have, got);
        return 1;
    }
    printf("sent %s, got it back reversed\n", line);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s PORT CAFILE\n", argv[0]);
        return 2;
    }
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    if (cfg == NULL || latch_config_add_ca_file(cfg, argv[2]) != LATCH_OK ||
        latch_config_set_versions(cfg, LATCH_TLS1_3, LATCH_TLS1_3) != LATCH_OK) {
        fprintf(stderr, "FAIL: config: %s\n", cfg != NULL ? latch_config_error(cfg) : "");
        return 1;
    }
    char why[256];
    int fd = latch_tcp_connect("127.0.0.1", argv[1], why, sizeof(why));
    if (fd < 0) {
        fprintf(stderr, "FAIL: connect: %s\n", why);
        return 1;
    }
    latch_conn *c = latch_conn_new(cfg, "localhost");
    int status = 1;
    if (latch_fd_handshake(c, fd) != LATCH_OK) {
        status = fail("handshake", c);
    } else {
        printf("handshake: %s %s\n", latch_conn_version(c), latch_conn_cipher(c));
        status = round_trip(c, fd, "abc");
        if (status == 0 && latch_conn_key_update(c, 1) != LATCH_OK)
            status = fail("key update, requesting the peer's", c);
        status = status != 0 ? status : round_trip(c, fd, "defg");
        if (status == 0 && latch_conn_key_update(c, 0) != LATCH_OK)
            status = fail("key update", c);
        status = status != 0 ? status : round_trip(c, fd, "hi");
        if (status == 0 && latch_fd_close(c, fd) != LATCH_OK)
            status = fail("close", c);
    }
    latch_conn_free(c);
    latch_config_free(cfg);
    close(fd);
    return status;
}
