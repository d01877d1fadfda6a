/*
 * latch client --starttls: the plaintext preamble of a protocol that
 * upgrades a connection to TLS, run on the socket before the handshake.
 */
#ifndef LATCH_TOOLS_STARTTLS_H
#define LATCH_TOOLS_STARTTLS_H

#include <stdbool.h>
#include <stddef.h>

/* Whether proto is one of smtp, imap, pop3, ftp, xmpp, postgres. */
bool starttls_known(const char *proto);

/* Runs proto's preamble on fd (blocking) for a server named host. false
 * with why set (the server's words escaped) when the server refuses or
 * answers something else. It reads byte by byte, never past the point
 * where TLS begins. */
bool starttls_run(int fd, const char *proto, const char *host, char *why, size_t cap);

#endif
