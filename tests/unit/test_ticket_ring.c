/* In-process ticket key rotation, driven by a fake clock: a key seals
 * for `rotation` seconds, then a new one takes over; the old one opens
 * its tickets until rotation + lifetime seconds after it was made, then
 * is gone (unknown key); an idle server rotates at its next use; the
 * table never holds more than 2 + lifetime / rotation keys. */
#include "tls/ticket_ring.h"

#include <string.h>

#include "check.h"
#include "tls/record.h"
#include "tls/suites.h"

#define T0 1800000000
#define ROTATION 3600
#define LIFETIME 7200

typedef struct ticket {
    uint8_t bytes[LT_TICKET_MAX];
    size_t len;
} ticket;

static lt_ticket_ring_times at(int64_t now)
{
    lt_ticket_ring_times t = {now, ROTATION, LIFETIME};
    return t;
}

/* The name of the key sealing at now. */
static void current_name(lt_ticket_ring *ring, int64_t now, uint8_t name[LT_TICKET_KEY_NAME_LEN])
{
    lt_ticket_ring_times t = at(now);
    lt_ticket_key key;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_ticket_ring_current(ring, &t, &key, &err));
    memcpy(name, key.name, LT_TICKET_KEY_NAME_LEN);
}

static void seal(lt_ticket_ring *ring, int64_t now, ticket *out)
{
    lt_session_state st;
    memset(&st, 0, sizeof(st));
    st.version = LT_RECORD_VERSION_TLS12;
    st.suite = 0xc02b;
    st.ems = true;
    st.created = now;
    memset(st.master_secret, 0x5a, sizeof(st.master_secret));
    lt_ticket_ring_times t = at(now);
    lt_ticket_key key;
    lt_error err;
    lt_error_clear(&err);
    lt_writer w;
    lt_writer_init_fixed(&w, out->bytes, sizeof(out->bytes));
    CHECK(lt_ticket_ring_current(ring, &t, &key, &err) && lt_ticket_seal(&key, &st, &w, &err));
    out->len = w.len;
}

/* Opens tk at now: the status, and in *which the key's age rank. */
static lt_ticket_status open_at(lt_ticket_ring *ring, int64_t now, const ticket *tk, size_t *which)
{
    lt_ticket_ring_times t = at(now);
    lt_session_state st;
    lt_error err;
    lt_error_clear(&err);
    *which = 99;
    return lt_ticket_ring_open(ring, &t, tk->bytes, tk->len, &st, which, &err);
}

static void test_rotation(void)
{
    lt_ticket_ring ring;
    lt_ticket_ring_init(&ring);
    uint8_t first[LT_TICKET_KEY_NAME_LEN], still[LT_TICKET_KEY_NAME_LEN],
        next[LT_TICKET_KEY_NAME_LEN];
    ticket a, late, b;
    size_t which;
    seal(&ring, T0, &a);
    current_name(&ring, T0, first);
    CHECK(memcmp(a.bytes, first, LT_TICKET_KEY_NAME_LEN) == 0);
    /* Until the rotation, the same key seals. */
    seal(&ring, T0 + ROTATION - 1, &late);
    current_name(&ring, T0 + ROTATION - 1, still);
    CHECK(memcmp(still, first, LT_TICKET_KEY_NAME_LEN) == 0);
    CHECK(open_at(&ring, T0 + ROTATION - 1, &a, &which) == LT_TICKET_OK && which == 0);
    /* Then a new key seals, and the old one still opens, as an old key. */
    current_name(&ring, T0 + ROTATION, next);
    CHECK(memcmp(next, first, LT_TICKET_KEY_NAME_LEN) != 0);
    seal(&ring, T0 + ROTATION, &b);
    CHECK(memcmp(b.bytes, next, LT_TICKET_KEY_NAME_LEN) == 0);
    CHECK(open_at(&ring, T0 + ROTATION, &a, &which) == LT_TICKET_OK && which == 1);
    CHECK(open_at(&ring, T0 + ROTATION, &b, &which) == LT_TICKET_OK && which == 0);
    /* The last ticket of the first key resumes for its whole lifetime... */
    CHECK(open_at(&ring, T0 + ROTATION + LIFETIME - 1, &late, &which) == LT_TICKET_OK &&
          which >= 1);
    /* ...and then the key is gone. */
    CHECK(open_at(&ring, T0 + ROTATION + LIFETIME, &late, &which) == LT_TICKET_UNKNOWN_KEY);
    CHECK(open_at(&ring, T0 + ROTATION + LIFETIME, &a, &which) == LT_TICKET_UNKNOWN_KEY);
    /* The second key, made at T0 + ROTATION, lives on. */
    CHECK(open_at(&ring, T0 + ROTATION + LIFETIME, &b, &which) == LT_TICKET_OK && which >= 1);
    CHECK(open_at(&ring, T0 + 2 * ROTATION + LIFETIME, &b, &which) == LT_TICKET_UNKNOWN_KEY);
    lt_ticket_ring_free(&ring);
}

/* No use for a long time: the next use makes a new key, and the old one,
 * which cannot have sealed after T0 + ROTATION, is dropped at once. */
static void test_idle_server(void)
{
    lt_ticket_ring ring;
    lt_ticket_ring_init(&ring);
    ticket a;
    size_t which;
    seal(&ring, T0, &a);
    int64_t later = T0 + ROTATION + LIFETIME;
    uint8_t name[LT_TICKET_KEY_NAME_LEN];
    current_name(&ring, later, name);
    CHECK(memcmp(name, a.bytes, LT_TICKET_KEY_NAME_LEN) != 0);
    CHECK(open_at(&ring, later, &a, &which) == LT_TICKET_UNKNOWN_KEY);
    CHECK(ring.count == 1);
    lt_ticket_ring_free(&ring);
}

/* A busy server over two days, and a clock that jumps back: the table
 * stays within its bound and every live key is distinct. */
static void test_bounded(void)
{
    lt_ticket_ring ring;
    lt_ticket_ring_init(&ring);
    uint8_t name[LT_TICKET_KEY_NAME_LEN];
    size_t most = 0;
    for (int64_t now = T0; now < T0 + 2 * 86400; now += 600) {
        current_name(&ring, now, name);
        if (ring.count > most)
            most = ring.count;
    }
    current_name(&ring, T0, name);
    CHECK(ring.cap == 2 + LIFETIME / ROTATION);
    CHECK(most <= ring.cap && ring.count <= ring.cap);
    /* Keys of the last ROTATION + LIFETIME seconds: 3 of them. */
    CHECK(most == 3);
    for (size_t i = 0; i < ring.count; i++)
        for (size_t j = i + 1; j < ring.count; j++)
            CHECK(memcmp(ring.keys[i].name, ring.keys[j].name, LT_TICKET_KEY_NAME_LEN) != 0);
    lt_ticket_ring_free(&ring);
}

int main(void)
{
    test_rotation();
    test_idle_server();
    test_bounded();
    return check_finish("ticket_ring");
}
