/*
 * Session resumption across process restarts: the session of the last
 * run is read from SESSFILE and offered; after the exchange the session
 * (a new ticket, or the same one) is written back for the next run:
 *   resume HOST PORT CAFILE SESSFILE
 * It prints "resumed: yes" or "resumed: no" on stderr. The session bytes
 * hold the master secret, so the file is readable by its owner only and
 * the copy in memory is wiped.
 */
#define _DEFAULT_SOURCE /* explicit_bzero */
#include <fcntl.h>
#include <latch.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static uint8_t session[LATCH_SESSION_MAX];

static size_t load_session(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0; /* the first run */
    ssize_t n = read(fd, session, sizeof session);
    close(fd);
    return n > 0 ? (size_t)n : 0;
}

/* Written under a temporary name, then renamed: a crash leaves the old
 * session or the new one, never half of one. */
static int save_session(const char *path, size_t len)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.new", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    int ok = write(fd, session, len) == (ssize_t)len;
    ok = close(fd) == 0 && ok;
    return ok && rename(tmp, path) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: resume HOST PORT CAFILE SESSFILE\n");
        return 2;
    }
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    if (cfg == NULL || latch_config_add_ca_file(cfg, argv[3]) != LATCH_OK) {
        fprintf(stderr, "resume: %s\n", cfg ? latch_config_error(cfg) : "out of memory");
        return 1;
    }
    char why[256];
    latch_conn *conn = latch_conn_new(cfg, argv[1]);
    int fd = conn ? latch_tcp_connect(argv[1], argv[2], why, sizeof why) : -1;
    if (fd < 0) {
        fprintf(stderr, "resume: %s\n", conn ? why : "cannot make a connection");
        return 1;
    }
    size_t len = load_session(argv[4]);
    /* A session that no longer parses is left out: a full handshake. */
    if (len > 0 && latch_conn_set_session(conn, session, len) != LATCH_OK)
        fprintf(stderr, "resume: %s: not offered: %s\n", argv[4], latch_conn_error(conn));
    static const char request[] = "GET / HTTP/1.0\r\n\r\n";
    uint8_t buf[16384];
    size_t n;
    latch_err err = latch_fd_write(conn, fd, (const uint8_t *)request, strlen(request), &n);
    while (err == LATCH_OK && (err = latch_fd_read(conn, fd, buf, sizeof buf, &n)) == LATCH_OK)
        fwrite(buf, 1, n, stdout);
    int status = 1;
    if (err != LATCH_ERR_CLOSED) {
        fprintf(stderr, "resume: %s\n", latch_conn_error(conn));
    } else {
        fprintf(stderr, "resumed: %s\n", latch_conn_resumed(conn) ? "yes" : "no");
        if (latch_conn_get_session(conn, session, sizeof session, &len) == LATCH_OK)
            status = save_session(argv[4], len) == 0 ? 0 : (perror(argv[4]), 1);
        else
            fprintf(stderr, "resume: the server gave no session to keep\n");
    }
    explicit_bzero(session, sizeof session);
    close(fd);
    latch_conn_free(conn);
    latch_config_free(cfg);
    return status;
}
