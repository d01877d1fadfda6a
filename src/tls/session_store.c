#include "tls/session_store.h"

#include <string.h>

#include "base/mem.h"
#include "base/reader.h"
#include "tls/config.h"
#include "tls/ticket.h"

/* The longest value: an ID, then the longest ticket. */
_Static_assert(1 + LT_SESSION_ID_MAX + LT_TICKET_MAX <= LATCH_SESSION_CACHE_VALUE_MAX,
               "every value fits the buffer a lookup fills");

bool lt_session_store_on(const latch_config *cfg)
{
    return cfg->session_store.store != NULL;
}

bool lt_session_store_put(latch_config *cfg, const uint8_t *id, size_t id_len,
                          const lt_session_state *st, uint32_t lifetime, lt_error *err)
{
    uint8_t value[LATCH_SESSION_CACHE_VALUE_MAX];
    lt_writer w;
    lt_writer_init_fixed(&w, value, sizeof(value));
    lt_wblock block = lt_write_open(&w, 1);
    lt_write_bytes(&w, id, id_len);
    lt_write_close(&w, block);
    lt_ticket_key key;
    bool ok = lt_config_ticket_key(cfg, &key, err) && lt_ticket_seal(&key, st, &w, err);
    lt_wipe(&key, sizeof(key));
    LT_GUARD(ok);
    LT_ENSURE(lt_writer_ok(&w), err, LATCH_ERR_INTERNAL,
              "a sealed session does not fit an external cache value");
    const lt_session_store *s = &cfg->session_store;
    LT_ENSURE(s->store(s->arg, id, id_len, value, w.len, lifetime) != 0, err, LATCH_ERR_IO,
              "the external session cache did not keep the session");
    return true;
}

/* The sealed session in a value stored under id; false for a value that
 * names another ID or is not a value at all. */
static bool sealed_part(const uint8_t *value, size_t len, const uint8_t *id, size_t id_len,
                        lt_reader *sealed, lt_error *err)
{
    lt_reader r = lt_reader_make(value, len);
    lt_reader named;
    LT_ENSURE(lt_read_block8(&r, &named), err, LATCH_ERR_DECODE,
              "the external cache's value is %zu bytes, too short to name a session ID", len);
    LT_ENSURE(lt_reader_left(&named) == id_len && memcmp(lt_reader_data(&named), id, id_len) == 0,
              err, LATCH_ERR_DECODE,
              "the external cache's value for this session ID names another session ID");
    *sealed = r;
    return true;
}

lt_store_found lt_session_store_get(latch_config *cfg, const uint8_t *id, size_t id_len,
                                    lt_session_state *out, lt_error *err)
{
    const lt_session_store *s = &cfg->session_store;
    uint8_t value[LATCH_SESSION_CACHE_VALUE_MAX];
    size_t len = 0;
    if (s->lookup(s->arg, id, id_len, value, sizeof(value), &len) == 0)
        return LT_STORE_MISS;
    if (len > sizeof(value)) {
        LT_FAIL(err, LATCH_ERR_USAGE,
                "the external cache's lookup reported %zu bytes, more than the %zu it was given",
                len, sizeof(value));
        return LT_STORE_MISS;
    }
    lt_reader sealed;
    if (!sealed_part(value, len, id, id_len, &sealed, err))
        return LT_STORE_UNUSABLE;
    size_t which = 0;
    switch (lt_config_open_ticket(cfg, lt_reader_data(&sealed), lt_reader_left(&sealed), out,
                                  &which, err)) {
    case LT_TICKET_OK:
        return LT_STORE_FOUND;
    case LT_TICKET_UNKNOWN_KEY:
        return LT_STORE_UNKNOWN;
    case LT_TICKET_INVALID:
        break;
    }
    return LT_STORE_UNUSABLE;
}

void lt_session_store_remove(const latch_config *cfg, const uint8_t *id, size_t id_len)
{
    const lt_session_store *s = &cfg->session_store;
    if (s->remove != NULL)
        s->remove(s->arg, id, id_len);
}
