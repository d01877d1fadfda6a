/*
 * --proxy-protocol: the binary PROXY protocol header, version 2
 * (haproxy's proxy-protocol.txt, section 2.2), that goes to the backend
 * before any byte from the client: the client's address and port, the
 * address it connected to, and TLVs for the server name it asked for
 * (PP2_TYPE_AUTHORITY) and the protocol chosen by ALPN (PP2_TYPE_ALPN).
 */
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "server.h"

enum {
    PP2_VERSION_PROXY = 0x21,  /* version 2, command PROXY */
    PP2_TCP_OVER_IPV4 = 0x11,  /* AF_INET, SOCK_STREAM */
    PP2_TCP_OVER_IPV6 = 0x21,  /* AF_INET6, SOCK_STREAM */
    PP2_TYPE_ALPN = 0x01,      /* section 2.2.1 */
    PP2_TYPE_AUTHORITY = 0x02, /* section 2.2.2: the SNI */
    PP2_FIXED = 16,            /* signature, version, family, length */
};

static const uint8_t signature[12] = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D,
                                      0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

/* Writes into buf while it fits; the total says whether it did. */
struct out {
    uint8_t *buf;
    size_t cap;
    size_t len;
};

static void put(struct out *o, const void *bytes, size_t n)
{
    if (o->len <= o->cap && n <= o->cap - o->len)
        memcpy(o->buf + o->len, bytes, n);
    o->len += n;
}

static void put_u8(struct out *o, uint8_t v)
{
    put(o, &v, 1);
}

static void put_u16(struct out *o, uint16_t v)
{
    uint8_t b[2] = {(uint8_t)(v >> 8), (uint8_t)v};
    put(o, b, 2);
}

static void put_tlv(struct out *o, uint8_t type, const char *value)
{
    if (value == NULL)
        return;
    size_t n = strlen(value);
    put_u8(o, type);
    put_u16(o, (uint16_t)n);
    put(o, value, n);
}

/* An IPv4-mapped IPv6 address (from a dual-stack listener) as the IPv4
 * address it is. */
static void unmap(struct sockaddr_storage *ss)
{
    const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)ss;
    if (ss->ss_family != AF_INET6 || !IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr))
        return;
    struct sockaddr_in v4 = {.sin_family = AF_INET, .sin_port = v6->sin6_port};
    memcpy(&v4.sin_addr, v6->sin6_addr.s6_addr + 12, 4);
    memset(ss, 0, sizeof *ss);
    memcpy(ss, &v4, sizeof v4);
}

size_t proxy_v2_header(const struct client *c, uint8_t *buf, size_t cap)
{
    struct sockaddr_storage src, dst;
    socklen_t src_len = sizeof src, dst_len = sizeof dst;
    if (getpeername(c->fd, (struct sockaddr *)&src, &src_len) != 0 ||
        getsockname(c->fd, (struct sockaddr *)&dst, &dst_len) != 0)
        return 0;
    unmap(&src);
    unmap(&dst);
    if (src.ss_family != dst.ss_family || (src.ss_family != AF_INET && src.ss_family != AF_INET6))
        return 0;
    struct out o = {.buf = buf, .cap = cap, .len = PP2_FIXED};
    if (src.ss_family == AF_INET) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)&src;
        const struct sockaddr_in *d4 = (const struct sockaddr_in *)&dst;
        put(&o, &s4->sin_addr, 4);
        put(&o, &d4->sin_addr, 4);
        put(&o, &s4->sin_port, 2); /* already in network order */
        put(&o, &d4->sin_port, 2);
    } else {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)&src;
        const struct sockaddr_in6 *d6 = (const struct sockaddr_in6 *)&dst;
        put(&o, &s6->sin6_addr, 16);
        put(&o, &d6->sin6_addr, 16);
        put(&o, &s6->sin6_port, 2);
        put(&o, &d6->sin6_port, 2);
    }
    put_tlv(&o, PP2_TYPE_AUTHORITY, latch_conn_server_name(c->conn));
    put_tlv(&o, PP2_TYPE_ALPN, latch_conn_alpn(c->conn));
    if (o.len > cap || o.len - PP2_FIXED > UINT16_MAX)
        return 0;
    size_t total = o.len;
    o.len = 0;
    put(&o, signature, sizeof signature);
    put_u8(&o, PP2_VERSION_PROXY);
    put_u8(&o, src.ss_family == AF_INET ? PP2_TCP_OVER_IPV4 : PP2_TCP_OVER_IPV6);
    put_u16(&o, (uint16_t)(total - PP2_FIXED));
    return total;
}
