/*
 * Mutual TLS, the client side: it verifies the server against CAFILE and
 * answers the server's certificate request with CERT and KEY (PEM; CERT
 * may hold the chain, leaf first), then sends an HTTP GET and prints the
 * answer:
 *   mtls_client HOST PORT CAFILE CERT KEY
 */
#include <latch.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: mtls_client HOST PORT CAFILE CERT KEY\n");
        return 2;
    }
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    if (cfg == NULL || latch_config_add_ca_file(cfg, argv[3]) != LATCH_OK ||
        latch_config_add_cert_key_file(cfg, argv[4], argv[5]) != LATCH_OK) {
        fprintf(stderr, "mtls_client: %s\n", cfg ? latch_config_error(cfg) : "out of memory");
        return 1;
    }
    char why[256];
    latch_conn *conn = latch_conn_new(cfg, argv[1]);
    int fd = conn ? latch_tcp_connect(argv[1], argv[2], why, sizeof why) : -1;
    if (fd < 0) {
        fprintf(stderr, "mtls_client: %s\n", conn ? why : "cannot make a connection");
        return 1;
    }
    static const char request[] = "GET / HTTP/1.0\r\n\r\n";
    uint8_t buf[16384];
    size_t n;
    latch_err err = latch_fd_write(conn, fd, (const uint8_t *)request, strlen(request), &n);
    while (err == LATCH_OK && (err = latch_fd_read(conn, fd, buf, sizeof buf, &n)) == LATCH_OK)
        fwrite(buf, 1, n, stdout);
    if (err != LATCH_ERR_CLOSED)
        fprintf(stderr, "mtls_client: %s\n", latch_conn_error(conn));
    close(fd);
    latch_conn_free(conn);
    latch_config_free(cfg);
    return err == LATCH_ERR_CLOSED ? 0 : 1;
}
