/*
 * A server that uses the hooks through the public API only, for real
 * clients to reach (test_hooks_openssl.sh):
 *   interop_hooks_server CHAIN KEY LAZY_CHAIN LAZY_KEY COUNT
 * It listens on a run-time port of 127.0.0.1, says "listening on PORT",
 * and serves COUNT connections one after another. Certificate selection:
 * "lazy.test" gets LAZY_CHAIN, loaded at the first ask and kept;
 * "refuse.test" is refused; other names get latch's own choice. ALPN
 * selection: the client's last protocol, none for "none", refused for
 * "no". Each served client gets one line naming what the hooks saw, read
 * through the connection's user data.
 */
#include <arpa/inet.h>
#include <latch.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct seen {
    char name[256];
    int alpn_count;
} seen;

static const char *lazy_chain, *lazy_key;
static latch_cert_key *lazy;

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = malloc(1 << 16);
    *len = f != NULL && buf != NULL ? fread(buf, 1, 1 << 16, f) : 0;
    if (f != NULL)
        fclose(f);
    return buf;
}

static int select_cert(const latch_conn *conn, const char *name, latch_cert_key **other, void *arg)
{
    (void)arg;
    seen *s = latch_conn_get_user_data(conn);
    snprintf(s->name, sizeof s->name, "%s", name != NULL ? name : "(none)");
    if (name != NULL && strcmp(name, "refuse.test") == 0)
        return LATCH_CERT_SELECT_REFUSE;
    if (name == NULL || strcmp(name, "lazy.test") != 0)
        return LATCH_CERT_SELECT_DEFAULT;
    if (lazy == NULL) {
        size_t cl, kl;
        uint8_t *c = slurp(lazy_chain, &cl), *k = slurp(lazy_key, &kl);
        char why[256];
        lazy = latch_cert_key_new_mem(c, cl, k, kl, why, sizeof why);
        if (lazy == NULL)
            fprintf(stderr, "hooks_server: %s\n", why);
        free(c);
        free(k);
    }
    *other = lazy;
    return LATCH_CERT_SELECT_OTHER;
}

static int select_alpn(const latch_conn *conn, const uint8_t *const *names, const uint8_t *lens,
                       size_t count, void *arg)
{
    (void)arg;
    seen *s = latch_conn_get_user_data(conn);
    s->alpn_count = (int)count;
    const uint8_t *last = names[count - 1];
    if (lens[count - 1] == 4 && memcmp(last, "none", 4) == 0)
        return LATCH_ALPN_SELECT_NONE;
    if (lens[count - 1] == 2 && memcmp(last, "no", 2) == 0)
        return LATCH_ALPN_SELECT_REFUSE;
    return (int)count - 1;
}

static void serve(latch_config *cfg, int fd)
{
    char why[256], line[512];
    seen s = {.name = "", .alpn_count = 0};
    latch_conn *conn;
    if (latch_conn_create(cfg, NULL, &conn, why, sizeof why) != LATCH_OK) {
        fprintf(stderr, "hooks_server: %s\n", why);
        return;
    }
    latch_conn_set_user_data(conn, &s);
    latch_err err = latch_fd_handshake(conn, fd);
    if (err == LATCH_OK) {
        const char *alpn = latch_conn_alpn(conn);
        int n = snprintf(line, sizeof line, "hooks saw name %s, %d protocols; alpn %s\n", s.name,
                         s.alpn_count, alpn != NULL ? alpn : "(none)");
        size_t written;
        (void)latch_fd_write(conn, fd, (const uint8_t *)line, (size_t)n, &written);
        (void)latch_fd_close(conn, fd);
    }
    fprintf(stderr, "connection: %s\n", err == LATCH_OK ? "served" : latch_conn_error(conn));
    latch_conn_free(conn);
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: interop_hooks_server CHAIN KEY LAZY_CHAIN LAZY_KEY COUNT\n");
        return 2;
    }
    lazy_chain = argv[3];
    lazy_key = argv[4];
    latch_config *cfg = latch_config_new(LATCH_SERVER);
    if (cfg == NULL || latch_config_add_cert_key_file(cfg, argv[1], argv[2]) != LATCH_OK ||
        latch_config_set_cert_select(cfg, select_cert, NULL) != LATCH_OK ||
        latch_config_set_alpn_select(cfg, select_alpn, NULL) != LATCH_OK) {
        fprintf(stderr, "hooks_server: %s\n", cfg != NULL ? latch_config_error(cfg) : "no memory");
        return 1;
    }
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(lfd, 16) != 0 ||
        getsockname(lfd, (struct sockaddr *)&a, &alen) != 0) {
        perror("hooks_server: listen");
        return 1;
    }
    fprintf(stderr, "listening on %u\n", ntohs(a.sin_port));
    for (int i = atoi(argv[5]); i > 0; i--) {
        int fd = accept(lfd, NULL, NULL);
        if (fd < 0)
            break;
        serve(cfg, fd);
        close(fd);
    }
    close(lfd);
    latch_cert_key_free(lazy);
    latch_config_free(cfg);
    return 0;
}
