#ifndef LATCH_TOOLS_SHOW_CERTS_H
#define LATCH_TOOLS_SHOW_CERTS_H

#include <stdio.h>

#include "latch.h"

/* Writes every certificate the peer sent, leaf first, as PEM. */
void show_certs(FILE *out, const latch_conn *conn);

#endif
