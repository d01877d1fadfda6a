#include "verdict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/reader.h"
#include "base/writer.h"
#include "latch.h"

/* The group a ServerKeyExchange names: for an ECDHE suite its named
 * curve, for DHE the RFC 7919 group of the prime's size. */
static uint16_t ske_group(uint16_t suite, const uint8_t *body, size_t len)
{
    bool ecdhe = (suite >> 8) == 0xc0 || suite == 0xcca8 || suite == 0xcca9;
    if (ecdhe)
        return len >= 3 && body[0] == 3 ? (uint16_t)(body[1] << 8 | body[2]) : 0;
    if (len >= 2) {
        size_t p_len = (size_t)body[0] << 8 | body[1];
        switch (p_len) {
        case 256:
            return 0x0100;
        case 384:
            return 0x0101;
        case 512:
            return 0x0102;
        case 768:
            return 0x0103;
        case 1024:
            return 0x0104;
        }
    }
    return 0;
}

static void read_server_hello(const uint8_t *body, size_t len, verdict *v)
{
    lt_reader r = lt_reader_make(body, len);
    lt_reader sid;
    const uint8_t *random;
    if (!lt_read_u16(&r, &v->version) || !lt_read_bytes(&r, 32, &random) ||
        !lt_read_block8(&r, &sid) || lt_reader_left(&sid) > 32 || !lt_read_u16(&r, &v->suite))
        return;
    v->session_id_len = lt_reader_left(&sid);
    memcpy(v->session_id, lt_reader_data(&sid), v->session_id_len);
    v->answer = EXPECT_HELLO;
}

void verdict_from_server_bytes(const uint8_t *out, size_t len, verdict *v)
{
    memset(v, 0, sizeof(*v));
    v->answer = EXPECT_SILENCE;
    lt_writer hs;
    lt_writer_init_growable(&hs, 0);
    int alert = -1;
    lt_reader r = lt_reader_make(out, len);
    while (lt_reader_left(&r) >= 5) {
        uint8_t type;
        uint16_t version;
        lt_reader frag;
        if (!lt_read_u8(&r, &type) || !lt_read_u16(&r, &version) || !lt_read_block16(&r, &frag))
            break;
        if (type == 21 && lt_reader_left(&frag) >= 2) {
            alert = lt_reader_data(&frag)[1];
            break;
        }
        if (type == 22)
            lt_write_bytes(&hs, lt_reader_data(&frag), lt_reader_left(&frag));
    }
    lt_reader m = lt_reader_make(hs.data, hs.len);
    uint8_t type;
    lt_reader body;
    while (lt_read_u8(&m, &type) && lt_read_block24(&m, &body)) {
        if (type == 2)
            read_server_hello(lt_reader_data(&body), lt_reader_left(&body), v);
        else if (type == 12)
            v->group = ske_group(v->suite, lt_reader_data(&body), lt_reader_left(&body));
    }
    /* An alert after the first flight is the answer to what followed the
     * hello (a coalesced message, a stray ChangeCipherSpec). */
    if (alert >= 0)
        v->answer = alert;
    lt_writer_free(&hs);
}

const char *verdict_answer_name(int answer)
{
    switch (answer) {
    case EXPECT_HELLO:
        return "ServerHello";
    case EXPECT_SILENCE:
        return "(waits)";
    case EXPECT_COMPLETE:
        return "completes";
    case EXPECT_CLOSED:
        return "(no alert)";
    case EXPECT_ACCEPTED:
        return "accepted, went on to Finished";
    default:
        return latch_alert_name(answer);
    }
}

bool verdict_report(const row_expect *row, const verdict *got, const char *detail)
{
    bool ok = got->answer == row->answer;
    if (ok && row->answer == EXPECT_HELLO)
        ok = got->version == 0x0303 && (row->suite == 0 || got->suite == row->suite) &&
             (row->group == 0 || got->group == row->group);
    char expect[64], seen[96];
    if (row->answer == EXPECT_HELLO)
        snprintf(expect, sizeof(expect), "ServerHello(suite %04x, group %04x)", row->suite,
                 row->group);
    else
        snprintf(expect, sizeof(expect), "%s", verdict_answer_name(row->answer));
    if (got->answer == EXPECT_HELLO)
        snprintf(seen, sizeof(seen), "ServerHello(v%04x, suite %04x, group %04x)", got->version,
                 got->suite, got->group);
    else
        snprintf(seen, sizeof(seen), "%s", verdict_answer_name(got->answer));
    printf("%-24s %-22s expected %-38s got %-44s %s  %s\n", row->id, row->rfc, expect, seen,
           ok ? "ok  " : "FAIL", row->what);
    if ((!ok || getenv("CONFORMANCE_VERBOSE") != NULL) && detail != NULL && detail[0] != '\0')
        printf("%-24s   why: %s\n", "", detail);
    return ok;
}
