/*
 * latch server: resumption across servers. --session-cache redis://
 * (server_redis.c) backs the library's external session cache with
 * Redis; --ticket-keys FILE (server_ticket_keys.c) is watched, so a
 * changed file takes effect without a restart.
 */
#ifndef LATCH_TOOLS_SERVER_RESUME_H
#define LATCH_TOOLS_SERVER_RESUME_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "latch.h"

enum {
    REDIS_TIMEOUT_MS = 50,        /* the default bound on a connect and on a command */
    REDIS_TIMEOUT_MAX_MS = 10000, /* --session-cache-timeout's largest */
    REDIS_BACKOFF_MIN_MS = 250,   /* the first wait before connecting again */
    REDIS_BACKOFF_MAX_MS = 8000,  /* the longest */
    REDIS_SAY_EVERY_MS = 60000,   /* an outage is said at most this often */
    TICKET_KEYS_CHECK_MS = 1000,  /* how often the key file's status is read */
};

/* A Redis server holding sessions. It lives until the process ends
 * (configs made on a reload may still use it), and connects lazily, on
 * each thread and in each process that uses it, so workers forked after
 * it was made each have their own connection. */
struct redis_cache;

/* The cache at url (redis://HOST[:PORT]), each connect and command
 * bounded by timeout_ms; the same one again for the same url and
 * timeout. NULL after saying why: a bad URL, or a latch built without
 * hiredis. */
struct redis_cache *redis_cache_get(const char *url, int timeout_ms);
/* Makes cfg store and look up its sessions there. */
latch_err redis_cache_attach(struct redis_cache *rc, latch_config *cfg);
/* Frees every cache, once no config uses them. */
void redis_cache_free_all(void);

/* What a ticket key file was when last read: a change of any of these
 * means it was rewritten. */
struct ticket_keys_watch {
    const char *path; /* NULL: no --ticket-keys */
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    int64_t next_check_ms;
};

/* Starts watching path (NULL: nothing), noting its status now: call it
 * before the file is read, so a change after that is seen. */
void ticket_keys_watch_start(struct ticket_keys_watch *w, const char *path, int64_t now);
/* Notes the status again, before a reload reads the file (SIGHUP), so
 * the same change does not reload twice. */
void ticket_keys_watch_note(struct ticket_keys_watch *w);
/* True when, checked at most once per TICKET_KEYS_CHECK_MS, the file
 * differs from when it was noted (it is then noted again, and said). */
bool ticket_keys_changed(struct ticket_keys_watch *w, int64_t now);
/* Milliseconds until the next check is due, or -1 without a file. */
int ticket_keys_wait_ms(const struct ticket_keys_watch *w, int64_t now);

#endif
