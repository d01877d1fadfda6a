#include "x509/pem_write.h"

#include <string.h>

#define PEM_LINE 64 /* RFC 7468 2: lines of exactly 64 characters but the last */

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void lt_base64_write(lt_writer *w, const uint8_t *in, size_t len)
{
    uint8_t *out = lt_write_reserve(w, LT_BASE64_LEN(len));
    if (out == NULL)
        return;
    for (size_t i = 0; i < len; i += 3) {
        size_t n = len - i < 3 ? len - i : 3;
        uint32_t bits = (uint32_t)in[i] << 16;
        if (n > 1)
            bits |= (uint32_t)in[i + 1] << 8;
        if (n > 2)
            bits |= in[i + 2];
        *out++ = (uint8_t)alphabet[bits >> 18];
        *out++ = (uint8_t)alphabet[(bits >> 12) & 0x3f];
        *out++ = n > 1 ? (uint8_t)alphabet[(bits >> 6) & 0x3f] : '=';
        *out++ = n > 2 ? (uint8_t)alphabet[bits & 0x3f] : '=';
    }
}

static void write_text(lt_writer *w, const char *s)
{
    lt_write_bytes(w, (const uint8_t *)s, strlen(s));
}

void lt_pem_write(lt_writer *w, const char *label, const uint8_t *der, size_t len)
{
    write_text(w, "-----BEGIN ");
    write_text(w, label);
    write_text(w, "-----\n");
    /* 48 bytes of DER are one line of 64 characters. */
    const size_t chunk = PEM_LINE / 4 * 3;
    for (size_t i = 0; i < len; i += chunk) {
        lt_base64_write(w, der + i, len - i < chunk ? len - i : chunk);
        lt_write_u8(w, '\n');
    }
    write_text(w, "-----END ");
    write_text(w, label);
    write_text(w, "-----\n");
}
