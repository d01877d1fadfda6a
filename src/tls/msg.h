/* Every handshake message and extension: include this to get them all. */
#ifndef LT_TLS_MSG_H
#define LT_TLS_MSG_H

#include "tls/ext.h"
#include "tls/msg_cert.h"
#include "tls/msg_common.h"
#include "tls/msg_finished.h"
#include "tls/msg_hello.h"
#include "tls/msg_kex.h"

#endif
