/*
 * The TLS options shared by the client commands, parsed in one place so
 * that `latch client`, `latch get` and `latch trace` agree on them.
 */
#include "common.h"

bool tool_client_option(int code, const char *arg, struct tool_client_opts *opts)
{
    switch (code) {
    case TOOL_OPT_SNI:
        opts->sni = arg;
        return true;
    case TOOL_OPT_ALPN:
        opts->alpn = arg;
        return true;
    case TOOL_OPT_CA:
        opts->ca = arg;
        return true;
    case TOOL_OPT_INSECURE:
        opts->insecure = true;
        return true;
    case TOOL_OPT_CERT:
        opts->cert = arg;
        return true;
    case TOOL_OPT_KEY:
        opts->key = arg;
        return true;
    case TOOL_OPT_REQUIRE_STAPLE:
        opts->require_staple = true;
        return true;
    case TOOL_OPT_CIPHERS:
        opts->ciphers = arg;
        return true;
    case TOOL_OPT_CIPHERSUITES:
        opts->ciphersuites = arg;
        return true;
    case TOOL_OPT_GROUPS:
        opts->groups = arg;
        return true;
    case TOOL_OPT_SESS_IN:
        opts->sess_in = arg;
        return true;
    case TOOL_OPT_SESS_OUT:
        opts->sess_out = arg;
        return true;
    case TOOL_OPT_NO_TICKETS:
        opts->no_tickets = true;
        return true;
    case TOOL_OPT_TLS1_2:
        opts->version = LATCH_TLS1_2;
        return true;
    case TOOL_OPT_TLS1_3:
        opts->version = LATCH_TLS1_3;
        return true;
    case TOOL_OPT_RECORD_SIZE_LIMIT:
        opts->record_size_limit = arg;
        return true;
    case TOOL_OPT_MAX_FRAGMENT_LENGTH:
        opts->max_fragment_length = arg;
        return true;
    default:
        return false;
    }
}
