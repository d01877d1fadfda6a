/*
 * latch server --session-cache redis://HOST:PORT: sessions for resumption
 * by session ID kept in Redis (SET with EX, GET, DEL) under
 * "latch:session:" and the ID in hex, so every server using that Redis
 * resumes the others' sessions. The values are sealed by the library
 * (latch_config_set_session_cache_callbacks(3)): Redis holds no secret.
 *
 * Redis is never allowed to stop a handshake. HOST is resolved once, at
 * start; each connect and command waits at most the timeout; any failure is a cache miss, drops the
 * connection, and sends the connection to wait (250 ms, doubling to 8 s)
 * before the next try, so while Redis is down handshakes do not wait on
 * it at all. The outage is said once a minute at most.
 */
#include "server_resume.h"

#include <stdlib.h>
#include <string.h>

#include "common.h"

#ifdef LATCH_HAVE_HIREDIS

#include <errno.h>
#include <hiredis/hiredis.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/time.h>
#include <unistd.h>

#include "server.h"

#define KEY_PREFIX "latch:session:"

struct redis_cache {
    char url[300];
    char host[256];
    int port;
    int timeout_ms;
    struct redis_cache *next;
};

static struct redis_cache *caches;

/* One thread's connection, to one cache at a time. */
struct redis_link {
    const struct redis_cache *cache;
    redisContext *ctx;
    pid_t pid;        /* the process that connected */
    bool down;        /* the last try failed */
    int backoff_ms;   /* the wait after it */
    int64_t retry_ms; /* no try before this */
    int64_t said_ms;  /* when the outage was last said */
};

static __thread struct redis_link mine;

static bool parse_url(const char *url, struct redis_cache *rc)
{
    static const char scheme[] = "redis://";
    size_t n = strlen(url);
    if (strncmp(url, scheme, sizeof scheme - 1) != 0 || n >= sizeof rc->url)
        return false;
    char rest[sizeof rc->url];
    strcpy(rest, url + sizeof scheme - 1);
    char *host = rest, *port = NULL;
    if (host[0] == '[') {
        char *close = strchr(host, ']');
        if (close == NULL || (close[1] != '\0' && close[1] != ':'))
            return false;
        *close = '\0';
        host++;
        port = close[1] == ':' ? close + 2 : NULL;
    } else {
        port = strchr(host, ':');
        if (port != NULL)
            *port++ = '\0';
    }
    if (host[0] == '\0' || strlen(host) >= sizeof rc->host || strpbrk(host, "/?#@ ") != NULL)
        return false;
    long p = 6379;
    if (port != NULL) {
        char *end = NULL;
        p = strtol(port, &end, 10);
        if (port[0] < '0' || port[0] > '9' || *end != '\0' || p < 1 || p > 65535)
            return false;
    }
    strcpy(rc->url, url);
    strcpy(rc->host, host);
    rc->port = (int)p;
    return true;
}

/* The host as an address, resolved once, now: a name looked up at each
 * reconnect could wait on DNS far longer than the timeout. */
static bool resolve(struct redis_cache *rc)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM};
    struct addrinfo *list = NULL;
    int gai = getaddrinfo(rc->host, NULL, &hints, &list);
    if (gai == 0)
        gai = getnameinfo(list->ai_addr, list->ai_addrlen, rc->host, sizeof rc->host, NULL, 0,
                          NI_NUMERICHOST);
    if (list != NULL)
        freeaddrinfo(list);
    if (gai != 0)
        tool_error("--session-cache %s: %s", rc->url, gai_strerror(gai));
    return gai == 0;
}

struct redis_cache *redis_cache_get(const char *url, int timeout_ms)
{
    for (struct redis_cache *rc = caches; rc != NULL; rc = rc->next)
        if (strcmp(rc->url, url) == 0 && rc->timeout_ms == timeout_ms)
            return rc;
    struct redis_cache *rc = calloc(1, sizeof *rc);
    if (rc == NULL) {
        tool_error("out of memory");
        return NULL;
    }
    if (!parse_url(url, rc)) {
        tool_error("--session-cache %s: not redis://HOST[:PORT] (an IPv6 address in [ ])", url);
        free(rc);
        return NULL;
    }
    if (!resolve(rc)) {
        free(rc);
        return NULL;
    }
    rc->timeout_ms = timeout_ms;
    rc->next = caches;
    caches = rc;
    return rc;
}

void redis_cache_free_all(void)
{
    if (mine.ctx != NULL)
        redisFree(mine.ctx);
    mine = (struct redis_link){0};
    while (caches != NULL) {
        struct redis_cache *next = caches->next;
        free(caches);
        caches = next;
    }
}

static struct timeval timeval_of(int ms)
{
    return (struct timeval){.tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000};
}

/* The connection failed (why, from the Redis client or server): drop
 * it, say so unless said within the minute, and wait before trying again. */
static void fail(const struct redis_cache *rc, const char *why)
{
    /* why may live in the context: escaped before it is freed. */
    char safe[LATCH_ESCAPED_MAX(120)];
    latch_escape(safe, sizeof safe, why, strnlen(why, 120));
    if (mine.ctx != NULL)
        redisFree(mine.ctx);
    mine.ctx = NULL;
    int64_t now = tool_now_ms();
    if (!mine.down || now - mine.said_ms >= REDIS_SAY_EVERY_MS) {
        tool_error("session cache %s is unavailable (%s): sessions resume only by ticket and on "
                   "this server until it is back (said once a minute at most)",
                   rc->url, safe);
        mine.said_ms = now;
    }
    mine.backoff_ms = !mine.down                                    ? REDIS_BACKOFF_MIN_MS
                      : mine.backoff_ms >= REDIS_BACKOFF_MAX_MS / 2 ? REDIS_BACKOFF_MAX_MS
                                                                    : mine.backoff_ms * 2;
    mine.down = true;
    mine.retry_ms = now + mine.backoff_ms;
}

/* Why the context failed, in words. */
static const char *why_failed(const redisContext *ctx, int timeout_ms, char *buf, size_t cap)
{
    if (ctx->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        snprintf(buf, cap, "no answer within %d ms", timeout_ms);
        return buf;
    }
    return ctx->errstr[0] != '\0' ? ctx->errstr : "the connection failed";
}

/* This thread's connection to rc, or NULL while it is down. */
static redisContext *connection(const struct redis_cache *rc)
{
    if (mine.ctx != NULL && (mine.cache != rc || mine.pid != getpid())) {
        /* Another cache since a reload, or a fork's copy of the parent's
         * connection (closing it leaves the parent's open). */
        redisFree(mine.ctx);
        mine.ctx = NULL;
    }
    if (mine.ctx != NULL)
        return mine.ctx;
    if (mine.cache != rc)
        mine = (struct redis_link){.cache = rc};
    if (mine.down && tool_now_ms() < mine.retry_ms)
        return NULL;
    struct timeval tv = timeval_of(rc->timeout_ms);
    redisContext *ctx = redisConnectWithTimeout(rc->host, rc->port, tv);
    char buf[64];
    if (ctx == NULL || ctx->err != 0 || redisSetTimeout(ctx, tv) != REDIS_OK) {
        mine.ctx = ctx;
        fail(rc, ctx == NULL ? "out of memory" : why_failed(ctx, rc->timeout_ms, buf, sizeof buf));
        return NULL;
    }
    if (mine.down)
        tool_error("session cache %s is back", rc->url);
    mine.ctx = ctx;
    mine.pid = getpid();
    mine.down = false;
    return ctx;
}

/* Runs a command; its reply, or NULL after failing the connection. A
 * Redis error reply fails it too (a full or misconfigured Redis). */
static redisReply *command(const struct redis_cache *rc, const char *fmt, ...)
{
    redisContext *ctx = connection(rc);
    if (ctx == NULL)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    redisReply *reply = redisvCommand(ctx, fmt, ap);
    va_end(ap);
    char buf[64];
    if (reply == NULL) {
        fail(rc, why_failed(ctx, rc->timeout_ms, buf, sizeof buf));
        return NULL;
    }
    if (reply->type == REDIS_REPLY_ERROR) {
        fail(rc, reply->str);
        freeReplyObject(reply);
        return NULL;
    }
    return reply;
}

static void key_of(const uint8_t *id, size_t id_len, char *key)
{
    static const char hex[] = "0123456789abcdef";
    strcpy(key, KEY_PREFIX);
    char *p = key + strlen(KEY_PREFIX);
    for (size_t i = 0; i < id_len; i++) {
        *p++ = hex[id[i] >> 4];
        *p++ = hex[id[i] & 15];
    }
    *p = '\0';
}

/* The key for an ID of at most 32 bytes (a latch server's are 32). */
#define KEY_MAX (sizeof KEY_PREFIX + 64)

static int on_store(void *arg, const uint8_t *id, size_t id_len, const uint8_t *value, size_t len,
                    uint32_t lifetime)
{
    char key[KEY_MAX];
    if (id_len > 32 || lifetime == 0)
        return 0;
    key_of(id, id_len, key);
    redisReply *r = command(arg, "SET %s %b EX %u", key, value, len, (unsigned)lifetime);
    int ok = r != NULL && r->type == REDIS_REPLY_STATUS;
    if (r != NULL)
        freeReplyObject(r);
    return ok;
}

static int on_lookup(void *arg, const uint8_t *id, size_t id_len, uint8_t *buf, size_t cap,
                     size_t *len)
{
    char key[KEY_MAX];
    if (id_len > 32)
        return 0;
    key_of(id, id_len, key);
    redisReply *r = command(arg, "GET %s", key);
    int found = r != NULL && r->type == REDIS_REPLY_STRING && r->len <= cap;
    if (found) {
        memcpy(buf, r->str, r->len);
        *len = r->len;
    }
    if (r != NULL)
        freeReplyObject(r);
    return found;
}

static void on_remove(void *arg, const uint8_t *id, size_t id_len)
{
    char key[KEY_MAX];
    if (id_len > 32)
        return;
    key_of(id, id_len, key);
    redisReply *r = command(arg, "DEL %s", key);
    if (r != NULL)
        freeReplyObject(r);
}

latch_err redis_cache_attach(struct redis_cache *rc, latch_config *cfg)
{
    return latch_config_set_session_cache_callbacks(cfg, on_store, on_lookup, on_remove, rc);
}

#else /* no hiredis */

struct redis_cache *redis_cache_get(const char *url, int timeout_ms)
{
    (void)timeout_ms;
    tool_error("--session-cache %s: this latch was built without hiredis (Debian: "
               "libhiredis-dev), so it has no Redis session cache",
               url);
    return NULL;
}

latch_err redis_cache_attach(struct redis_cache *rc, latch_config *cfg)
{
    (void)rc;
    (void)cfg;
    return LATCH_ERR_USAGE;
}

void redis_cache_free_all(void) {}

#endif
