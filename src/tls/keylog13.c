/* The TLS 1.3 NSS key log lines (keylog13.h). */
#include "tls/keylog13.h"

#include <string.h>

#include "base/mem.h"
#include "tls/trace.h"

void lt_keylog13(const latch_config *cfg, const char *label,
                 const uint8_t client_random[LT_RANDOM_LEN], const uint8_t *secret,
                 size_t secret_len)
{
    if (cfg->keylog == NULL || secret_len > 64)
        return;
    /* The longest label is 31 bytes. */
    char line[32 + 1 + 2 * LT_RANDOM_LEN + 1 + 2 * 64 + 1];
    size_t label_len = strlen(label);
    if (label_len > 32)
        return;
    char *at = line;
    memcpy(at, label, label_len);
    at += label_len;
    *at++ = ' ';
    lt_trace_put_hex(at, client_random, LT_RANDOM_LEN);
    at += 2 * LT_RANDOM_LEN;
    *at++ = ' ';
    lt_trace_put_hex(at, secret, secret_len);
    at[2 * secret_len] = '\0';
    cfg->keylog(line, cfg->keylog_arg);
    lt_wipe(line, sizeof(line));
}
