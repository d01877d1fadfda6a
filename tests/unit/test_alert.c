/* Alerts: two bytes, a known level, classified and turned into errors. */
#include "tls/alert.h"
#include "check.h"

#include <string.h>

static void test_parse(void)
{
    const uint8_t fatal[] = {0x02, 0x28};
    lt_alert a;
    lt_error err;
    lt_error_clear(&err);
    CHECK(lt_alert_parse(fatal, sizeof(fatal), &a, &err));
    CHECK(a.level == LT_ALERT_LEVEL_FATAL && a.description == LATCH_ALERT_HANDSHAKE_FAILURE);
    CHECK(lt_alert_is_fatal(&a) && !lt_alert_is_warning(&a) && !lt_alert_is_close_notify(&a));

    const uint8_t close[] = {0x01, 0x00};
    CHECK(lt_alert_parse(close, sizeof(close), &a, &err));
    CHECK(lt_alert_is_warning(&a) && lt_alert_is_close_notify(&a) && !lt_alert_is_fatal(&a));
}

static void test_wrong_length(void)
{
    const uint8_t three[] = {0x02, 0x28, 0x00};
    lt_alert a = {7, 7};
    for (size_t len = 0; len <= 3; len++) {
        if (len == LT_ALERT_LEN)
            continue;
        lt_error err;
        lt_error_clear(&err);
        CHECK(!lt_alert_parse(three, len, &a, &err));
        CHECK(err.code == LATCH_ERR_DECODE);
        CHECK(strstr(err.message, "exactly 2 bytes") != NULL);
    }
    CHECK(a.level == 7 && a.description == 7);
}

static void test_bad_level(void)
{
    const uint8_t levels[] = {0, 3, 255};
    for (size_t i = 0; i < sizeof(levels); i++) {
        const uint8_t in[] = {levels[i], 0x0a};
        lt_alert a;
        lt_error err;
        lt_error_clear(&err);
        CHECK(!lt_alert_parse(in, sizeof(in), &a, &err));
        CHECK(err.code == LATCH_ERR_DECODE);
        CHECK(strstr(err.message, "neither warning (1) nor fatal (2)") != NULL);
    }
}

static void test_write(void)
{
    uint8_t buf[4];
    lt_writer w;
    lt_writer_init_fixed(&w, buf, sizeof(buf));
    lt_alert a = lt_alert_for_error(LATCH_ERR_BAD_RECORD_MAC);
    lt_alert_write(&a, &w);
    CHECK(lt_writer_ok(&w) && w.len == 2);
    CHECK(buf[0] == 2 && buf[1] == 20);

    lt_writer_init_fixed(&w, buf, 1);
    lt_alert_write(&a, &w);
    CHECK(!lt_writer_ok(&w));

    lt_alert none = lt_alert_for_error(LATCH_ERR_USAGE);
    CHECK(none.description == LATCH_ALERT_NONE);
}

static void test_receive(void)
{
    lt_error err;
    lt_alert close = {LT_ALERT_LEVEL_WARNING, LATCH_ALERT_CLOSE_NOTIFY};
    lt_error_clear(&err);
    CHECK(!lt_alert_receive(&close, &err));
    CHECK(err.code == LATCH_ERR_CLOSED);

    lt_alert fatal = {LT_ALERT_LEVEL_FATAL, LATCH_ALERT_UNKNOWN_CA};
    lt_error_clear(&err);
    CHECK(!lt_alert_receive(&fatal, &err));
    CHECK(err.code == LATCH_ERR_ALERT_RECEIVED);
    CHECK(strstr(err.message, "unknown_ca (48)") != NULL);

    lt_alert warn = {LT_ALERT_LEVEL_WARNING, LATCH_ALERT_USER_CANCELED};
    lt_error_clear(&err);
    CHECK(lt_alert_receive(&warn, &err));
    CHECK(!lt_error_is_set(&err));
}

int main(void)
{
    test_parse();
    test_wrong_length();
    test_bad_level();
    test_write();
    test_receive();
    return check_finish("test_alert");
}
