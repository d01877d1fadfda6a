/*
 * latch server: reads its options, then serves in this process
 * (--workers 0) or from a master and its workers (server_*.c hold the
 * parts).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "server.h"

/* --workers 0: this process listens and serves. */
static int serve_alone(struct server *s)
{
    s->listen_fd = server_listen(s->set.bind_addr, s->set.port);
    if (s->listen_fd < 0)
        return EXIT_FAILED;
    struct sockaddr_storage addr;
    socklen_t addr_len = sizeof addr;
    char where[64];
    if (getsockname(s->listen_fd, (struct sockaddr *)&addr, &addr_len) != 0) {
        tool_error("getsockname: %s", strerror(errno));
        return EXIT_FAILED;
    }
    tool_format_addr((struct sockaddr *)&addr, addr_len, where, sizeof where);
    fprintf(stderr, "listening on %s\n", where);
    return server_run(s) ? EXIT_OK : EXIT_FAILED;
}

int cmd_server(int argc, char **argv)
{
    struct server s = {.listen_fd = -1, .master_fd = -1, .argc = argc, .argv = argv};
    int status = server_options_parse(argc, argv, &s.set, &s.cfg);
    if (status >= 0)
        return status;
    status = EXIT_FAILED;
    if (!server_finish_config(&s, s.cfg))
        goto out;
    /* --forward: a backend socket beside each client's. */
    server_raise_fd_limit(s.set.max_conns, s.set.mode == MODE_FORWARD ? 2 : 1);
    s.clients = calloc(s.set.max_conns, sizeof *s.clients);
    if (s.clients == NULL) {
        tool_error("cannot set up: %s", strerror(errno));
        goto out;
    }
    status = s.set.workers == 0 ? serve_alone(&s) : server_master(&s);
out:
    server_settings_close(&s.set);
    if (s.listen_fd >= 0)
        close(s.listen_fd);
    free(s.clients);
    latch_config_free(s.cfg);
    explicit_bzero(s.ticket_key, sizeof s.ticket_key);
    redis_cache_free_all();
    return status;
}
