#include "base/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void lt_error_clear(lt_error *err)
{
    memset(err, 0, sizeof(*err));
}

bool lt_error_set(lt_error *err, latch_err code, const char *file, int line, const char *fmt, ...)
{
    if (err == NULL || err->code != LATCH_OK)
        return false;
    err->code = code;
    err->file = file;
    err->line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
    return false;
}

void lt_error_prefix(lt_error *err, const char *fmt, ...)
{
    char detail[LT_ERROR_MESSAGE_MAX];
    memcpy(detail, err->message, sizeof(detail));
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof(err->message))
        snprintf(err->message + n, sizeof(err->message) - (size_t)n, "%.*s",
                 (int)(sizeof(err->message) - (size_t)n - 1), detail);
}

/* The one place that chooses the alert for an error (DESIGN principle 7). */
latch_alert latch_err_alert(latch_err err)
{
    switch (err) {
    case LATCH_ERR_DECODE:
        return LATCH_ALERT_DECODE_ERROR;
    case LATCH_ERR_ILLEGAL_PARAMETER:
        return LATCH_ALERT_ILLEGAL_PARAMETER;
    case LATCH_ERR_UNEXPECTED_MESSAGE:
        return LATCH_ALERT_UNEXPECTED_MESSAGE;
    case LATCH_ERR_BAD_RECORD_MAC:
        return LATCH_ALERT_BAD_RECORD_MAC;
    case LATCH_ERR_RECORD_OVERFLOW:
        return LATCH_ALERT_RECORD_OVERFLOW;
    case LATCH_ERR_HANDSHAKE_FAILURE:
        return LATCH_ALERT_HANDSHAKE_FAILURE;
    case LATCH_ERR_DECRYPT_ERROR:
        return LATCH_ALERT_DECRYPT_ERROR;
    case LATCH_ERR_PROTOCOL_VERSION:
        return LATCH_ALERT_PROTOCOL_VERSION;
    case LATCH_ERR_INSUFFICIENT_SECURITY:
        return LATCH_ALERT_INSUFFICIENT_SECURITY;
    case LATCH_ERR_INAPPROPRIATE_FALLBACK:
        return LATCH_ALERT_INAPPROPRIATE_FALLBACK;
    case LATCH_ERR_UNSUPPORTED_EXTENSION:
        return LATCH_ALERT_UNSUPPORTED_EXTENSION;
    case LATCH_ERR_NO_APPLICATION_PROTOCOL:
        return LATCH_ALERT_NO_APPLICATION_PROTOCOL;
    case LATCH_ERR_UNRECOGNIZED_NAME:
        return LATCH_ALERT_UNRECOGNIZED_NAME;
    case LATCH_ERR_MISSING_EXTENSION:
        return LATCH_ALERT_MISSING_EXTENSION;
    case LATCH_ERR_CERTIFICATE_REQUIRED:
        return LATCH_ALERT_CERTIFICATE_REQUIRED;
    case LATCH_ERR_BAD_CERTIFICATE:
        return LATCH_ALERT_BAD_CERTIFICATE;
    case LATCH_ERR_UNSUPPORTED_CERTIFICATE:
        return LATCH_ALERT_UNSUPPORTED_CERTIFICATE;
    case LATCH_ERR_CERTIFICATE_REVOKED:
        return LATCH_ALERT_CERTIFICATE_REVOKED;
    case LATCH_ERR_CERTIFICATE_EXPIRED:
        return LATCH_ALERT_CERTIFICATE_EXPIRED;
    case LATCH_ERR_CERTIFICATE_UNKNOWN:
        return LATCH_ALERT_CERTIFICATE_UNKNOWN;
    case LATCH_ERR_UNKNOWN_CA:
        return LATCH_ALERT_UNKNOWN_CA;
    case LATCH_ERR_BAD_CERTIFICATE_STATUS_RESPONSE:
        return LATCH_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE;
    case LATCH_ERR_INTERNAL:
    case LATCH_ERR_MEMORY:
        return LATCH_ALERT_INTERNAL_ERROR;
    case LATCH_OK:
    case LATCH_WANT_READ:
    case LATCH_WANT_WRITE:
    case LATCH_ERR_CLOSED:
    case LATCH_ERR_TRUNCATED:
    case LATCH_ERR_ALERT_RECEIVED:
    case LATCH_ERR_IO:
    case LATCH_ERR_NOT_TLS:
    case LATCH_ERR_USAGE:
    case LATCH_ERR_CONFIG:
        break;
    }
    return LATCH_ALERT_NONE;
}

const char *latch_err_name(latch_err err)
{
    switch (err) {
    case LATCH_OK:
        return "ok";
    case LATCH_WANT_READ:
        return "want_read";
    case LATCH_WANT_WRITE:
        return "want_write";
    case LATCH_ERR_CLOSED:
        return "closed";
    case LATCH_ERR_TRUNCATED:
        return "truncated";
    case LATCH_ERR_ALERT_RECEIVED:
        return "alert_received";
    case LATCH_ERR_IO:
        return "io";
    case LATCH_ERR_NOT_TLS:
        return "not_tls";
    case LATCH_ERR_USAGE:
        return "usage";
    case LATCH_ERR_MEMORY:
        return "memory";
    case LATCH_ERR_INTERNAL:
        return "internal_error";
    case LATCH_ERR_CONFIG:
        return "config";
    default:
        break;
    }
    latch_alert alert = latch_err_alert(err);
    return alert == LATCH_ALERT_NONE ? "unknown" : latch_alert_name((int)alert);
}

const char *latch_alert_name(int alert)
{
    switch (alert) {
    case LATCH_ALERT_CLOSE_NOTIFY:
        return "close_notify";
    case LATCH_ALERT_UNEXPECTED_MESSAGE:
        return "unexpected_message";
    case LATCH_ALERT_BAD_RECORD_MAC:
        return "bad_record_mac";
    case LATCH_ALERT_RECORD_OVERFLOW:
        return "record_overflow";
    case LATCH_ALERT_HANDSHAKE_FAILURE:
        return "handshake_failure";
    case LATCH_ALERT_BAD_CERTIFICATE:
        return "bad_certificate";
    case LATCH_ALERT_UNSUPPORTED_CERTIFICATE:
        return "unsupported_certificate";
    case LATCH_ALERT_CERTIFICATE_REVOKED:
        return "certificate_revoked";
    case LATCH_ALERT_CERTIFICATE_EXPIRED:
        return "certificate_expired";
    case LATCH_ALERT_CERTIFICATE_UNKNOWN:
        return "certificate_unknown";
    case LATCH_ALERT_ILLEGAL_PARAMETER:
        return "illegal_parameter";
    case LATCH_ALERT_UNKNOWN_CA:
        return "unknown_ca";
    case LATCH_ALERT_ACCESS_DENIED:
        return "access_denied";
    case LATCH_ALERT_DECODE_ERROR:
        return "decode_error";
    case LATCH_ALERT_DECRYPT_ERROR:
        return "decrypt_error";
    case LATCH_ALERT_PROTOCOL_VERSION:
        return "protocol_version";
    case LATCH_ALERT_INSUFFICIENT_SECURITY:
        return "insufficient_security";
    case LATCH_ALERT_INTERNAL_ERROR:
        return "internal_error";
    case LATCH_ALERT_INAPPROPRIATE_FALLBACK:
        return "inappropriate_fallback";
    case LATCH_ALERT_USER_CANCELED:
        return "user_canceled";
    case LATCH_ALERT_NO_RENEGOTIATION:
        return "no_renegotiation";
    case LATCH_ALERT_MISSING_EXTENSION:
        return "missing_extension";
    case LATCH_ALERT_UNSUPPORTED_EXTENSION:
        return "unsupported_extension";
    case LATCH_ALERT_CERTIFICATE_REQUIRED:
        return "certificate_required";
    case LATCH_ALERT_UNRECOGNIZED_NAME:
        return "unrecognized_name";
    case LATCH_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE:
        return "bad_certificate_status_response";
    case LATCH_ALERT_NO_APPLICATION_PROTOCOL:
        return "no_application_protocol";
    default:
        return "unknown_alert";
    }
}
