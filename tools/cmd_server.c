/*
 * latch server: reads its options, opens the port and runs the loop
 * (server_*.c hold the parts).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "server.h"
#include "server_resume.h"

int cmd_server(int argc, char **argv)
{
    struct server s = {.listen_fd = -1};
    int status = server_options_parse(argc, argv, &s.set, &s.cfg);
    if (status >= 0)
        return status;
    status = EXIT_FAILED;
    if (s.set.trace && latch_config_set_trace(s.cfg, client_on_trace, &s, 0) != LATCH_OK) {
        tool_error("--trace: %s", latch_config_error(s.cfg));
        goto out;
    }
    server_raise_fd_limit(s.set.max_conns);
    s.clients = calloc(s.set.max_conns, sizeof *s.clients);
    if (s.clients == NULL) {
        tool_error("cannot set up: %s", strerror(errno));
        goto out;
    }
    s.listen_fd = server_listen(s.set.bind_addr, s.set.port);
    if (s.listen_fd < 0)
        goto out;
    struct sockaddr_storage addr;
    socklen_t addr_len = sizeof addr;
    char where[64];
    if (getsockname(s.listen_fd, (struct sockaddr *)&addr, &addr_len) != 0) {
        tool_error("getsockname: %s", strerror(errno));
        goto out;
    }
    tool_format_addr((struct sockaddr *)&addr, addr_len, where, sizeof where);
    fprintf(stderr, "listening on %s\n", where);
    status = server_run(&s) ? EXIT_OK : EXIT_FAILED;
out:
    server_settings_close(&s.set);
    if (s.listen_fd >= 0)
        close(s.listen_fd);
    free(s.clients);
    latch_config_free(s.cfg);
    redis_cache_free_all();
    return status;
}
