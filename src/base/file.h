/*
 * Reading a whole file into memory: certificates, keys, trust stores,
 * OCSP responses.
 */
#ifndef LT_BASE_FILE_H
#define LT_BASE_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

/* The largest file read: a system trust bundle is some 200 KiB. */
#define LT_FILE_MAX ((size_t)16 << 20)

/* The whole file at path, allocated; the caller frees it, with
 * lt_free_secret(*out, *len) when it may hold a private key (every copy
 * made while growing is wiped here). Fails with LATCH_ERR_CONFIG
 * ("cannot open <path>", "cannot read <path>", "<path> is larger than
 * 16 MiB") or LATCH_ERR_MEMORY. */
bool lt_read_file(const char *path, uint8_t **out, size_t *len, lt_error *err) LT_MUST_CHECK;

#endif
