/* --showcerts: the peer's chain as PEM (RFC 7468), as s_client prints it. */
#include "show_certs.h"

#include <stdint.h>

static void put_base64(FILE *out, const uint8_t *der, size_t len)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t column = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)der[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)der[i + 1] << 8;
        if (i + 2 < len)
            v |= der[i + 2];
        char quad[4] = {alphabet[(v >> 18) & 63], alphabet[(v >> 12) & 63],
                        i + 1 < len ? alphabet[(v >> 6) & 63] : '=',
                        i + 2 < len ? alphabet[v & 63] : '='};
        fwrite(quad, 1, 4, out);
        /* RFC 7468 2: lines of exactly 64 characters but the last. */
        column += 4;
        if (column == 64) {
            fputc('\n', out);
            column = 0;
        }
    }
    if (column > 0)
        fputc('\n', out);
}

void show_certs(FILE *out, const latch_conn *conn)
{
    size_t count = latch_conn_peer_cert_count(conn);
    for (size_t i = 0; i < count; i++) {
        size_t len = 0;
        const uint8_t *der = latch_conn_peer_cert(conn, i, &len);
        if (der == NULL)
            continue;
        fprintf(out, "-----BEGIN CERTIFICATE-----\n");
        put_base64(out, der, len);
        fprintf(out, "-----END CERTIFICATE-----\n");
    }
    fflush(out);
}
