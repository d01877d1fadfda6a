/*
 * --sess-in and --sess-out: a client session kept in a file between runs.
 * The file holds the session's master secret, so it is written with mode
 * 0600 and the buffers that held it are wiped.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "common.h"

bool tool_session_read(const char *path, uint8_t *buf, size_t cap, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        tool_error("--sess-in %s: %s", path, strerror(errno));
        return false;
    }
    *len = 0;
    for (;;) {
        ssize_t n = read(fd, buf + *len, cap - *len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            tool_error("--sess-in %s: %s", path, strerror(errno));
            close(fd);
            return false;
        }
        if (n == 0)
            break;
        *len += (size_t)n;
        if (*len == cap) {
            tool_error("--sess-in %s: larger than a latch session", path);
            close(fd);
            return false;
        }
    }
    close(fd);
    return true;
}

void tool_session_offer(latch_conn *conn, const uint8_t *buf, size_t len)
{
    latch_err err = latch_conn_set_session(conn, buf, len);
    if (err == LATCH_ERR_USAGE)
        tool_error("not offering the saved session: it was made with another server name");
    else if (err != LATCH_OK)
        tool_error("not offering the saved session: it is not a latch session (%s)",
                   latch_err_name(err));
}

bool tool_conn_is_tls13(const latch_conn *conn)
{
    return strcmp(latch_conn_version(conn), "TLSv1.3") == 0;
}

bool tool_session_save(latch_conn *conn, const char *path)
{
    uint8_t buf[LATCH_SESSION_MAX];
    size_t len = 0;
    if (latch_conn_get_session(conn, buf, sizeof buf, &len) != LATCH_OK) {
        tool_error("--sess-out: the server gave no session to resume (no session ID, no ticket)");
        return false;
    }
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    bool ok = fd >= 0 && tool_write_all(fd, buf, len);
    if (!ok)
        tool_error("--sess-out %s: %s", path, strerror(errno));
    if (fd >= 0 && close(fd) != 0 && ok) {
        tool_error("--sess-out %s: %s", path, strerror(errno));
        ok = false;
    }
    explicit_bzero(buf, sizeof buf);
    return ok;
}
