/*
 * The kinds of failure an application acts on (latch.h): one switch over
 * the codes, so a new code is placed in exactly one spot.
 */
#include "latch.h"

latch_category latch_err_category(latch_err err)
{
    switch (err) {
    case LATCH_OK:
        return LATCH_CAT_NONE;
    case LATCH_WANT_READ:
    case LATCH_WANT_WRITE:
        return LATCH_CAT_WANT;
    case LATCH_ERR_CLOSED:
        return LATCH_CAT_CLOSED;
    case LATCH_ERR_TRUNCATED:
    case LATCH_ERR_IO:
        return LATCH_CAT_IO;
    case LATCH_ERR_ALERT_RECEIVED:
        return LATCH_CAT_PEER_ALERT;
    case LATCH_ERR_USAGE:
    case LATCH_ERR_CONFIG:
        return LATCH_CAT_CONFIG;
    case LATCH_ERR_MEMORY:
    case LATCH_ERR_INTERNAL:
        return LATCH_CAT_RESOURCE;
    case LATCH_ERR_BAD_CERTIFICATE:
    case LATCH_ERR_UNSUPPORTED_CERTIFICATE:
    case LATCH_ERR_CERTIFICATE_REVOKED:
    case LATCH_ERR_CERTIFICATE_EXPIRED:
    case LATCH_ERR_CERTIFICATE_UNKNOWN:
    case LATCH_ERR_UNKNOWN_CA:
    case LATCH_ERR_BAD_CERTIFICATE_STATUS_RESPONSE:
        return LATCH_CAT_CERTIFICATE;
    default:
        return LATCH_CAT_PROTOCOL;
    }
}
