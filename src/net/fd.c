/*
 * Socket helpers over the sans-IO engine: they move bytes between a file
 * descriptor and the engine's input window and output, and nothing else.
 * They use only the public API.
 *
 * Every helper first sends whatever output is pending, so a message the
 * engine queued (a handshake flight, an alert) leaves before the helper
 * waits for the peer. On a non-blocking socket EAGAIN becomes
 * LATCH_WANT_READ or LATCH_WANT_WRITE; a failing socket is LATCH_ERR_IO
 * with errno left as the socket call set it.
 */
#include <errno.h>
#include <stdbool.h>
#include <sys/socket.h>

#include "latch.h"

/* Sends pending output until none is left or the socket would block. */
static latch_err send_pending(latch_conn *conn, int fd)
{
    for (;;) {
        size_t len = 0;
        const uint8_t *out = latch_conn_output(conn, &len);
        if (out == NULL || len == 0)
            return LATCH_OK;
        ssize_t n = send(fd, out, len, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return LATCH_WANT_WRITE;
            latch_conn_fail_io(conn, "send", errno);
            return LATCH_ERR_IO;
        }
        latch_conn_output_done(conn, (size_t)n);
    }
}

/*
 * Receives once into the input window. End of file is passed on to the
 * engine, which then reports a clean close or a truncation; *eof records
 * it so a caller never waits on a stream that has ended.
 */
static latch_err recv_some(latch_conn *conn, int fd, bool *eof)
{
    if (*eof)
        return LATCH_ERR_TRUNCATED;
    size_t cap = 0;
    uint8_t *window = latch_conn_input_window(conn, &cap);
    if (window == NULL || cap == 0)
        return LATCH_ERR_INTERNAL;
    for (;;) {
        ssize_t n = recv(fd, window, cap, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                latch_conn_input_done(conn, 0); /* an idle buffer goes back */
                return LATCH_WANT_READ;
            }
            latch_conn_fail_io(conn, "recv", errno);
            return LATCH_ERR_IO;
        }
        if (n == 0) {
            latch_conn_input_eof(conn);
            *eof = true;
        } else {
            latch_conn_input_done(conn, (size_t)n);
        }
        return LATCH_OK;
    }
}

/*
 * Does what the engine asked for after it returned want (LATCH_WANT_READ
 * or LATCH_WANT_WRITE): send the output, and receive if it needs input.
 * LATCH_OK means progress was made and the engine should be called again.
 */
static latch_err serve_want(latch_conn *conn, int fd, latch_err want, bool *eof)
{
    latch_err err = send_pending(conn, fd);
    if (err != LATCH_OK || want != LATCH_WANT_READ)
        return err;
    return recv_some(conn, fd, eof);
}

/* After the engine failed: let its alert go out if the socket takes it. */
static latch_err fail(latch_conn *conn, int fd, latch_err err)
{
    int saved = errno;
    (void)send_pending(conn, fd);
    errno = saved;
    return err;
}

latch_err latch_fd_handshake(latch_conn *conn, int fd)
{
    bool eof = false;
    for (;;) {
        latch_err err = latch_conn_handshake(conn);
        if (err == LATCH_OK)
            return send_pending(conn, fd);
        if (err != LATCH_WANT_READ && err != LATCH_WANT_WRITE)
            return fail(conn, fd, err);
        err = serve_want(conn, fd, err, &eof);
        if (err != LATCH_OK)
            return err == LATCH_WANT_READ || err == LATCH_WANT_WRITE ? err : fail(conn, fd, err);
    }
}

latch_err latch_fd_read(latch_conn *conn, int fd, uint8_t *buf, size_t cap, size_t *got)
{
    bool eof = false;
    *got = 0;
    for (;;) {
        latch_err err = latch_conn_read(conn, buf, cap, got);
        if (err == LATCH_OK) {
            /* The data is the caller's now: output that cannot leave yet,
             * or a socket failure, waits for the next call. */
            (void)send_pending(conn, fd);
            return LATCH_OK;
        }
        if (err != LATCH_WANT_READ && err != LATCH_WANT_WRITE)
            return fail(conn, fd, err);
        err = serve_want(conn, fd, err, &eof);
        if (err != LATCH_OK)
            return err == LATCH_WANT_READ || err == LATCH_WANT_WRITE ? err : fail(conn, fd, err);
    }
}

/*
 * Takes data into the engine and sends it. On a blocking socket it
 * returns once all of it was sent; on a non-blocking one it returns
 * LATCH_OK with what the engine took as soon as the socket would block
 * (the rest of the output leaves with latch_fd_flush), or
 * LATCH_WANT_WRITE when it took nothing.
 */
latch_err latch_fd_write(latch_conn *conn, int fd, const uint8_t *data, size_t len, size_t *written)
{
    bool eof = false;
    size_t total = 0;
    *written = 0;
    for (;;) {
        latch_err want = LATCH_WANT_WRITE;
        if (total < len) {
            size_t n = 0;
            want = latch_conn_write(conn, data + total, len - total, &n);
            if (want == LATCH_OK)
                total += n;
            else if (want != LATCH_WANT_READ && want != LATCH_WANT_WRITE)
                return fail(conn, fd, want);
        }
        latch_err err = send_pending(conn, fd);
        if (err == LATCH_OK && total == len) {
            *written = total;
            return LATCH_OK;
        }
        if (err == LATCH_OK && want == LATCH_WANT_READ)
            err = recv_some(conn, fd, &eof);
        if (err == LATCH_OK)
            continue;
        if (err != LATCH_WANT_READ && err != LATCH_WANT_WRITE)
            return fail(conn, fd, err);
        *written = total;
        return total > 0 ? LATCH_OK : err;
    }
}

latch_err latch_fd_flush(latch_conn *conn, int fd)
{
    return send_pending(conn, fd);
}

latch_err latch_fd_close(latch_conn *conn, int fd)
{
    latch_err err = latch_conn_close(conn);
    latch_err sent = send_pending(conn, fd);
    return err != LATCH_OK ? err : sent;
}
