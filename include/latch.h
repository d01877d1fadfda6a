/*
 * latch: a TLS 1.2 library.
 *
 * This is the only installed header. Every public symbol starts with
 * latch_; everything else in the library is internal.
 */
#ifndef LATCH_H
#define LATCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define LATCH_API __attribute__((visibility("default")))
#else
#define LATCH_API
#endif

#define LATCH_VERSION_STRING "0.1.0"

/*
 * Error codes, grouped by kind. Each code maps to exactly one TLS alert
 * (or none): latch_err_alert() tells which. The values are stable.
 */
typedef enum latch_err {
    LATCH_OK = 0,

    /* Progress, not failure: the caller should poll and call again. */
    LATCH_WANT_READ = 1,
    LATCH_WANT_WRITE = 2,

    /* The connection ended. */
    LATCH_ERR_CLOSED = 10,        /* the peer sent close_notify */
    LATCH_ERR_TRUNCATED = 11,     /* the stream ended without close_notify */
    LATCH_ERR_ALERT_RECEIVED = 12, /* the peer sent a fatal alert */
    LATCH_ERR_IO = 13,            /* the socket failed */
    LATCH_ERR_NOT_TLS = 14,       /* the peer is not speaking TLS */

    /* The caller's mistake: nothing is sent to the peer. */
    LATCH_ERR_USAGE = 20,
    LATCH_ERR_MEMORY = 21,
    LATCH_ERR_INTERNAL = 22,      /* sends internal_error */
    LATCH_ERR_CONFIG = 23,        /* bad file, bad key, bad list */

    /* The peer broke the protocol: each sends the alert of the same name. */
    LATCH_ERR_DECODE = 30,
    LATCH_ERR_ILLEGAL_PARAMETER = 31,
    LATCH_ERR_UNEXPECTED_MESSAGE = 32,
    LATCH_ERR_BAD_RECORD_MAC = 33,
    LATCH_ERR_RECORD_OVERFLOW = 34,
    LATCH_ERR_HANDSHAKE_FAILURE = 35,
    LATCH_ERR_DECRYPT_ERROR = 36,
    LATCH_ERR_PROTOCOL_VERSION = 37,
    LATCH_ERR_INSUFFICIENT_SECURITY = 38,
    LATCH_ERR_INAPPROPRIATE_FALLBACK = 39,
    LATCH_ERR_UNSUPPORTED_EXTENSION = 40,
    LATCH_ERR_NO_APPLICATION_PROTOCOL = 41,
    LATCH_ERR_UNRECOGNIZED_NAME = 42,

    /* Certificates: each sends the alert of the same name. */
    LATCH_ERR_BAD_CERTIFICATE = 50,
    LATCH_ERR_UNSUPPORTED_CERTIFICATE = 51,
    LATCH_ERR_CERTIFICATE_REVOKED = 52,
    LATCH_ERR_CERTIFICATE_EXPIRED = 53,
    LATCH_ERR_CERTIFICATE_UNKNOWN = 54,
    LATCH_ERR_UNKNOWN_CA = 55,
} latch_err;

/* TLS alert descriptions (RFC 5246 7.2, RFC 7301, RFC 7507, RFC 6066). */
typedef enum latch_alert {
    LATCH_ALERT_CLOSE_NOTIFY = 0,
    LATCH_ALERT_UNEXPECTED_MESSAGE = 10,
    LATCH_ALERT_BAD_RECORD_MAC = 20,
    LATCH_ALERT_RECORD_OVERFLOW = 22,
    LATCH_ALERT_HANDSHAKE_FAILURE = 40,
    LATCH_ALERT_BAD_CERTIFICATE = 42,
    LATCH_ALERT_UNSUPPORTED_CERTIFICATE = 43,
    LATCH_ALERT_CERTIFICATE_REVOKED = 44,
    LATCH_ALERT_CERTIFICATE_EXPIRED = 45,
    LATCH_ALERT_CERTIFICATE_UNKNOWN = 46,
    LATCH_ALERT_ILLEGAL_PARAMETER = 47,
    LATCH_ALERT_UNKNOWN_CA = 48,
    LATCH_ALERT_ACCESS_DENIED = 49,
    LATCH_ALERT_DECODE_ERROR = 50,
    LATCH_ALERT_DECRYPT_ERROR = 51,
    LATCH_ALERT_PROTOCOL_VERSION = 70,
    LATCH_ALERT_INSUFFICIENT_SECURITY = 71,
    LATCH_ALERT_INTERNAL_ERROR = 80,
    LATCH_ALERT_INAPPROPRIATE_FALLBACK = 86,
    LATCH_ALERT_USER_CANCELED = 90,
    LATCH_ALERT_NO_RENEGOTIATION = 100,
    LATCH_ALERT_UNSUPPORTED_EXTENSION = 110,
    LATCH_ALERT_UNRECOGNIZED_NAME = 112,
    LATCH_ALERT_NO_APPLICATION_PROTOCOL = 120,
    LATCH_ALERT_NONE = 255, /* this error sends no alert */
} latch_alert;

/* The alert an error sends to the peer, or LATCH_ALERT_NONE. */
LATCH_API latch_alert latch_err_alert(latch_err err);
/* A short constant name for an error code, e.g. "bad_record_mac". */
LATCH_API const char *latch_err_name(latch_err err);
/* A short constant name for an alert, e.g. "handshake_failure". */
LATCH_API const char *latch_alert_name(int alert);

#ifdef __cplusplus
}
#endif

#endif
