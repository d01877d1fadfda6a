#include "session_pair.h"

#include "check.h"
#include "pair.h"

int pair_session_connect(latch_config *client, latch_config *server, const pair_session *offer,
                         pair_session *out)
{
    pair p;
    pair_init(&p, client, server, "localhost");
    if (offer != NULL)
        CHECK(latch_conn_set_session(p.client, offer->bytes, offer->len) == LATCH_OK);
    int result = -1;
    if (pair_handshake(&p)) {
        result = latch_conn_resumed(p.server);
        CHECK(latch_conn_resumed(p.client) == result);
        const uint8_t hello[] = "hello";
        CHECK(pair_transfer(&p, true, hello, sizeof(hello) - 1));
        if (out != NULL)
            CHECK(latch_conn_get_session(p.client, out->bytes, sizeof(out->bytes), &out->len) ==
                  LATCH_OK);
    }
    pair_free(&p);
    return result;
}
