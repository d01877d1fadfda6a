/* An HTTPS GET with certificate and host name verification against the
 * system trust store (SSL_CERT_FILE or SSL_CERT_DIR name another):
 *   https_get HOST PORT PATH */
#include <latch.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    char why[256];
    uint8_t buf[16384];
    size_t n;
    if (argc != 4)
        return fprintf(stderr, "usage: https_get HOST PORT PATH\n"), 2;
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    latch_conn *conn = latch_conn_new(cfg, argv[1]); /* NULL: out of memory, or a bad name */
    int fd = conn ? latch_tcp_connect(argv[1], argv[2], why, sizeof why) : -1;
    if (fd < 0)
        return fprintf(stderr, "https_get: %s\n", conn ? why : "cannot make a connection"), 1;
    int len =
        snprintf((char *)buf, sizeof buf, "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", argv[3], argv[1]);
    latch_err err = latch_fd_write(conn, fd, buf, (size_t)len, &n);
    while (err == LATCH_OK && (err = latch_fd_read(conn, fd, buf, sizeof buf, &n)) == LATCH_OK)
        fwrite(buf, 1, n, stdout);
    if (err != LATCH_ERR_CLOSED)
        fprintf(stderr, "https_get: %s\n", latch_conn_error(conn));
    latch_conn_free(conn);
    latch_config_free(cfg);
    return err == LATCH_ERR_CLOSED ? 0 : 1;
}
