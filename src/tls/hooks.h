/*
 * The application's say in a handshake (latch.h "Hooks"), and the trace
 * and key log callbacks that name the connection, as a config holds them;
 * hooks_call.h has the calls the handshake makes.
 */
#ifndef LT_TLS_HOOKS_H
#define LT_TLS_HOOKS_H

#include "latch.h"

typedef struct lt_config_hooks {
    latch_conn_trace_fn trace;
    void *trace_arg;
    latch_conn_keylog_fn keylog;
    void *keylog_arg;
    latch_verify_fn verify;
    void *verify_arg;
    unsigned verify_flags;
    latch_cert_select_fn cert_select;
    void *cert_select_arg;
    latch_alpn_select_fn alpn_select;
    void *alpn_select_arg;
} lt_config_hooks;

#endif
