#include "wire.h"

#include <stdlib.h>
#include <string.h>

static const uint16_t default_suites[] = {
    0xc02f, /* ECDHE-RSA-AES128-GCM-SHA256 */
    0xc030, /* ECDHE-RSA-AES256-GCM-SHA384 */
    0xc02b, /* ECDHE-ECDSA-AES128-GCM-SHA256 */
    0xcca8, /* ECDHE-RSA-CHACHA20-POLY1305 */
    0x009e, /* DHE-RSA-AES128-GCM-SHA256 */
    0x009c, /* AES128-GCM-SHA256 (RSA key exchange) */
    0x002f, /* AES128-SHA */
};
static const uint16_t default_groups[] = {0x001d, 0x0017};
static const uint16_t default_schemes[] = {0x0804, 0x0401, 0x0403, 0x0805, 0x0501, 0x0503};

static void *must(void *p)
{
    if (p == NULL)
        abort();
    return p;
}

void wire_hello_default(wire_hello *h)
{
    memset(h, 0, sizeof(*h));
    h->version = 0x0303;
    lt_writer_init_growable(&h->suites, 0);
    lt_writer_init_growable(&h->compression, 0);
    wire_hello_set_suites(h, default_suites, sizeof(default_suites) / sizeof(default_suites[0]));
    lt_write_u8(&h->compression, 0);

    static const uint8_t sni[] = {0x00, 0x0c, 0x00, 0x00, 0x09, 'l', 'o',
                                  'c',  'a',  'l',  'h',  'o',  's', 't'};
    static const uint8_t point_formats[] = {0x01, 0x00};
    static const uint8_t reneg[] = {0x00};
    wire_hello_set_ext(h, 0, sni, sizeof(sni));
    wire_hello_set_u16_list_ext(h, 10, default_groups, 2);
    wire_hello_set_ext(h, 11, point_formats, sizeof(point_formats));
    wire_hello_set_u16_list_ext(h, 13, default_schemes,
                                sizeof(default_schemes) / sizeof(default_schemes[0]));
    wire_hello_set_ext(h, 23, NULL, 0);
    wire_hello_set_ext(h, 0xff01, reneg, sizeof(reneg));
}

void wire_hello_free(wire_hello *h)
{
    lt_writer_free(&h->suites);
    lt_writer_free(&h->compression);
    for (size_t i = 0; i < h->ext_count; i++)
        free(h->ext[i].body);
    free(h->ext);
    memset(h, 0, sizeof(*h));
}

void wire_hello_set_suites(wire_hello *h, const uint16_t *suites, size_t n)
{
    lt_writer_reset(&h->suites);
    for (size_t i = 0; i < n; i++)
        lt_write_u16(&h->suites, suites[i]);
}

void wire_hello_add_suite(wire_hello *h, uint16_t suite)
{
    lt_write_u16(&h->suites, suite);
}

static void set_body(wire_ext *e, const uint8_t *body, size_t len)
{
    free(e->body);
    e->body = must(malloc(len + 1));
    if (len > 0)
        memcpy(e->body, body, len);
    e->len = len;
}

void wire_hello_add_ext(wire_hello *h, uint16_t type, const uint8_t *body, size_t len)
{
    h->ext = must(realloc(h->ext, (h->ext_count + 1) * sizeof(*h->ext)));
    wire_ext *e = &h->ext[h->ext_count++];
    e->type = type;
    e->body = NULL;
    set_body(e, body, len);
}

void wire_hello_set_ext(wire_hello *h, uint16_t type, const uint8_t *body, size_t len)
{
    for (size_t i = 0; i < h->ext_count; i++) {
        if (h->ext[i].type == type) {
            set_body(&h->ext[i], body, len);
            return;
        }
    }
    wire_hello_add_ext(h, type, body, len);
}

void wire_hello_drop_ext(wire_hello *h, uint16_t type)
{
    size_t kept = 0;
    for (size_t i = 0; i < h->ext_count; i++) {
        if (h->ext[i].type == type)
            free(h->ext[i].body);
        else
            h->ext[kept++] = h->ext[i];
    }
    h->ext_count = kept;
}

void wire_hello_set_u16_list_ext(wire_hello *h, uint16_t type, const uint16_t *v, size_t n)
{
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    lt_wblock list = lt_write_open(&w, 2);
    for (size_t i = 0; i < n; i++)
        lt_write_u16(&w, v[i]);
    lt_write_close(&w, list);
    if (!lt_writer_ok(&w))
        abort();
    wire_hello_set_ext(h, type, w.data, w.len);
    lt_writer_free(&w);
}

/* Lengths are written as given, not checked: a row that wants an
 * oversized list builds it on purpose, so the prefix is the low bits. */
void wire_hello_body(const wire_hello *h, lt_writer *w)
{
    lt_write_u16(w, h->version);
    for (size_t i = 0; i < 32; i++)
        lt_write_u8(w, (uint8_t)(0xa0 + i));
    lt_write_u8(w, (uint8_t)h->session_id_len);
    lt_write_bytes(w, h->session_id, h->session_id_len);
    lt_write_u16(w, (uint16_t)h->suites.len);
    lt_write_bytes(w, h->suites.data, h->suites.len);
    lt_write_u8(w, (uint8_t)h->compression.len);
    lt_write_bytes(w, h->compression.data, h->compression.len);
    if (h->no_extensions)
        return;
    size_t total = 0;
    for (size_t i = 0; i < h->ext_count; i++)
        total += 4 + h->ext[i].len;
    lt_write_u16(w, (uint16_t)total);
    for (size_t i = 0; i < h->ext_count; i++) {
        lt_write_u16(w, h->ext[i].type);
        lt_write_u16(w, (uint16_t)h->ext[i].len);
        lt_write_bytes(w, h->ext[i].body, h->ext[i].len);
    }
}

size_t wire_hello_body_len(const wire_hello *h)
{
    lt_writer w;
    lt_writer_init_growable(&w, 0);
    wire_hello_body(h, &w);
    size_t len = w.len;
    lt_writer_free(&w);
    return len;
}

void wire_hello_message(const wire_hello *h, lt_writer *w)
{
    lt_write_u8(w, 1);
    lt_wblock body = lt_write_open(w, 3);
    wire_hello_body(h, w);
    lt_write_close(w, body);
}

static size_t ext_block_len(const wire_hello *h)
{
    size_t total = 0;
    for (size_t i = 0; i < h->ext_count; i++)
        total += 4 + h->ext[i].len;
    return total;
}

bool wire_hello_pad_to(wire_hello *h, size_t size)
{
    size_t len = wire_hello_body_len(h);
    if (len > size)
        return false;
    size_t need = size - len;
    /* The padding extension (RFC 7685) costs 4 bytes of header. */
    size_t ext_room = 65535 - ext_block_len(h);
    if (!h->no_extensions && need >= 4 && ext_room >= 4) {
        size_t pad = need - 4 > ext_room - 4 ? ext_room - 4 : need - 4;
        uint8_t *zeros = must(calloc(1, pad + 1));
        wire_hello_add_ext(h, 21, zeros, pad);
        free(zeros);
        need -= 4 + pad;
    }
    while (need >= 2 && h->suites.len + 2 <= 65534) {
        lt_write_u16(&h->suites, 0x002f);
        need -= 2;
    }
    while (need >= 1 && h->compression.len < 255) {
        lt_write_u8(&h->compression, 0);
        need--;
    }
    while (need >= 1 && h->session_id_len < 32) {
        h->session_id[h->session_id_len++] = 0x5a;
        need--;
    }
    return need == 0 && wire_hello_body_len(h) == size;
}

void wire_records(lt_writer *w, uint8_t type, uint16_t version, const uint8_t *p, size_t n,
                  size_t frag)
{
    if (frag == 0)
        frag = 16384;
    size_t off = 0;
    do {
        size_t take = n - off > frag ? frag : n - off;
        lt_write_u8(w, type);
        lt_write_u16(w, version);
        lt_write_u16(w, (uint16_t)take);
        lt_write_bytes(w, p + off, take);
        off += take;
    } while (off < n);
}

void wire_handshake(lt_writer *w, uint8_t type, const uint8_t *body, size_t len)
{
    lt_write_u8(w, type);
    lt_write_u24(w, (uint32_t)len);
    lt_write_bytes(w, body, len);
}
