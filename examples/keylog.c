/*
 * A client that writes the NSS key log of its connection (the format
 * Wireshark reads) to a file, the way SSLKEYLOGFILE works in browsers:
 *   keylog HOST PORT CAFILE KEYLOGFILE
 * The lines hold the master secret: such a file decrypts the capture of
 * the connection, so it is made readable by its owner only. The callback
 * is given the connection, whose user data is its file: a program with
 * many connections could keep one file per connection the same way.
 */
#include <fcntl.h>
#include <latch.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The callback gets one line, without its newline, per secret. */
static void keylog_line(const latch_conn *conn, const char *line, void *arg)
{
    (void)arg;
    FILE *f = latch_conn_get_user_data(conn);
    fprintf(f, "%s\n", line);
    fflush(f);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: keylog HOST PORT CAFILE KEYLOGFILE\n");
        return 2;
    }
    int kfd = open(argv[4], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    FILE *keys = kfd < 0 ? NULL : fdopen(kfd, "a");
    if (keys == NULL) {
        perror(argv[4]);
        return 1;
    }
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    if (cfg == NULL || latch_config_add_ca_file(cfg, argv[3]) != LATCH_OK ||
        latch_config_set_conn_keylog(cfg, keylog_line, NULL) != LATCH_OK) {
        fprintf(stderr, "keylog: %s\n", cfg ? latch_config_error(cfg) : "out of memory");
        return 1;
    }
    char why[256];
    latch_conn *conn = NULL;
    int fd = -1;
    if (latch_conn_create(cfg, argv[1], &conn, why, sizeof why) == LATCH_OK)
        fd = latch_tcp_connect_timeout(argv[1], argv[2], 10000, why, sizeof why);
    if (fd < 0) {
        fprintf(stderr, "keylog: %s\n", why);
        return 1;
    }
    latch_conn_set_user_data(conn, keys);
    latch_err err = latch_fd_handshake(conn, fd);
    if (err == LATCH_OK) {
        printf("handshake done: %s\n", latch_conn_cipher(conn));
        err = latch_fd_close(conn, fd);
    }
    if (err != LATCH_OK)
        fprintf(stderr, "keylog: %s\n", latch_conn_error(conn));
    close(fd);
    latch_conn_free(conn);
    latch_config_free(cfg);
    fclose(keys);
    return err == LATCH_OK ? 0 : 1;
}
