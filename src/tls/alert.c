#include "tls/alert.h"

#include "base/reader.h"

bool lt_alert_parse(const uint8_t *data, size_t len, lt_alert *out, lt_error *err)
{
    lt_reader r = lt_reader_make(data, len);
    uint8_t level, description;
    LT_ENSURE(lt_read_u8(&r, &level) && lt_read_u8(&r, &description) && lt_reader_done(&r), err,
              LATCH_ERR_DECODE, "alert record of %zu bytes; an alert is exactly %d bytes", len,
              LT_ALERT_LEN);
    LT_ENSURE(level == LT_ALERT_LEVEL_WARNING || level == LT_ALERT_LEVEL_FATAL, err,
              LATCH_ERR_DECODE, "alert level %u is neither warning (1) nor fatal (2)", level);
    out->level = level;
    out->description = description;
    return true;
}

void lt_alert_write(const lt_alert *a, lt_writer *w)
{
    lt_write_u8(w, a->level);
    lt_write_u8(w, a->description);
}

lt_alert lt_alert_for_error(latch_err code)
{
    lt_alert a = {LT_ALERT_LEVEL_FATAL, (uint8_t)latch_err_alert(code)};
    return a;
}

bool lt_alert_is_close_notify(const lt_alert *a)
{
    return a->description == LATCH_ALERT_CLOSE_NOTIFY;
}

bool lt_alert_is_fatal(const lt_alert *a)
{
    return a->level == LT_ALERT_LEVEL_FATAL;
}

bool lt_alert_is_warning(const lt_alert *a)
{
    return a->level == LT_ALERT_LEVEL_WARNING;
}

bool lt_alert_receive(const lt_alert *a, lt_error *err)
{
    LT_ENSURE(!lt_alert_is_close_notify(a), err, LATCH_ERR_CLOSED,
              "the peer closed the connection (close_notify)");
    LT_ENSURE(!lt_alert_is_fatal(a), err, LATCH_ERR_ALERT_RECEIVED,
              "the peer sent the fatal alert %s (%u)", latch_alert_name(a->description),
              a->description);
    return true;
}
