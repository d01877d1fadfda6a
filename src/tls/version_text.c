#include "tls/version_text.h"

#include <stdio.h>

#include "base/reader.h"
#include "tls/config.h"
#include "tls/version.h"

void lt_version_name_text(uint16_t version, char *out, size_t cap)
{
    if (version == 0x0300)
        snprintf(out, cap, "SSL 3.0");
    else if (version >= 0x0301 && version <= LT_VERSION_TLS13)
        snprintf(out, cap, "TLS 1.%u", (unsigned)(version - 0x0301));
    else
        snprintf(out, cap, "0x%04x", version);
}

/* RFC 8701: GREASE values are 0x?a?a with both bytes equal. */
static bool grease(uint16_t v)
{
    return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff);
}

void lt_version_offer_text(const lt_client_hello *ch, char *out, size_t cap)
{
    char name[16];
    const lt_ext13 *e = &ch->ext.tls13;
    if (!e->supported_versions.present) {
        lt_version_name_text(ch->version, name, sizeof(name));
        snprintf(out, cap, "%s at most (legacy_version 0x%04x)", name, ch->version);
        return;
    }
    size_t n = 0;
    out[0] = '\0';
    lt_reader r = lt_reader_make(e->supported_versions.list.data, e->supported_versions.list.len);
    uint16_t v;
    while (lt_read_u16(&r, &v)) {
        if (grease(v))
            continue;
        lt_version_name_text(v, name, sizeof(name));
        int k = snprintf(out + n, cap - n, "%s%s", n > 0 ? ", " : "", name);
        if (k < 0 || (size_t)k >= cap - n)
            break;
        n += (size_t)k;
    }
    snprintf(out + n, cap - n, "%s(supported_versions)", n > 0 ? " " : "no version ");
}

void lt_version_range_text(const latch_config *cfg, char *out, size_t cap)
{
    char lo[16], hi[16];
    lt_version_name_text(cfg->min_version, lo, sizeof(lo));
    lt_version_name_text(cfg->max_version, hi, sizeof(hi));
    if (cfg->min_version == cfg->max_version)
        snprintf(out, cap, "%s only", lo);
    else
        snprintf(out, cap, "%s and %s", lo, hi);
}
