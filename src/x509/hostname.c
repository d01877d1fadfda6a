#include "x509/hostname.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <libpsl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The Public Suffix List as libpsl has it: the newer of its built-in copy
 * and the publicsuffix package's file, loaded once. */
static const psl_ctx_t *suffix_list;
static pthread_once_t suffix_once = PTHREAD_ONCE_INIT;

static void load_suffix_list(void)
{
    suffix_list = psl_latest(NULL);
    if (suffix_list == NULL)
        suffix_list = psl_builtin();
}

static bool host_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool lt_host_parse(const char *text, lt_host *host, lt_error *err)
{
    memset(host, 0, sizeof(*host));
    if (inet_pton(AF_INET, text, host->ip) == 1) {
        host->ip_len = 4;
        return true;
    }
    if (inet_pton(AF_INET6, text, host->ip) == 1) {
        host->ip_len = 16;
        return true;
    }
    size_t n = strlen(text);
    if (n > 0 && text[n - 1] == '.')
        n--; /* an absolute name: the trailing dot names the root */
    LT_ENSURE(n > 0 && n <= LT_HOST_MAX, err, LATCH_ERR_USAGE,
              "\"%s\" is not a host name: it is empty or longer than %d bytes", text, LT_HOST_MAX);
    size_t label = 0;
    for (size_t i = 0; i < n; i++) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c == '.') {
            LT_ENSURE(label > 0, err, LATCH_ERR_USAGE, "\"%s\" is not a host name: empty label",
                      text);
            label = 0;
        } else {
            LT_ENSURE(host_char(c), err, LATCH_ERR_USAGE,
                      "\"%s\" is not a host name: it contains '%c'", text, text[i]);
            label++;
        }
        host->dns[i] = c;
    }
    LT_ENSURE(label > 0, err, LATCH_ERR_USAGE, "\"%s\" is not a host name: empty label", text);
    return true;
}

/* A wildcard must not cover a whole public suffix: the ICANN section of
 * the list, its "*." and "!" rules included. A single label counts as a
 * suffix even when the list does not know it. Private-section entries
 * (github.io, ...) are domains their owners may have certificates for. If
 * no list could be loaded, every parent counts as a suffix. */
static bool is_public_suffix(const char *parent, size_t len)
{
    char lower[LT_HOST_MAX + 1];
    if (memchr(parent, '.', len) == NULL || len > LT_HOST_MAX)
        return true;
    for (size_t i = 0; i < len; i++)
        lower[i] = (char)tolower((unsigned char)parent[i]);
    lower[len] = '\0';
    pthread_once(&suffix_once, load_suffix_list);
    return suffix_list == NULL ||
           psl_is_public_suffix2(suffix_list, lower, PSL_TYPE_ICANN | PSL_TYPE_NO_STAR_RULE);
}

bool lt_dns_pattern_matches(const uint8_t *pattern, size_t len, const char *host)
{
    const char *p = (const char *)pattern;
    size_t host_len = strlen(host);
    if (len == 0 || memchr(p, '\0', len) != NULL || p[len - 1] == '.')
        return false;
    if (memchr(p, '*', len) == NULL)
        return len == host_len && strncasecmp(p, host, len) == 0;
    /* RFC 9525 6.3: "*" only as the complete leftmost label. */
    if (len < 3 || p[0] != '*' || p[1] != '.' || memchr(p + 1, '*', len - 1) != NULL)
        return false;
    const char *parent = p + 2;
    size_t parent_len = len - 2;
    if (is_public_suffix(parent, parent_len))
        return false;
    const char *dot = strchr(host, '.');
    if (dot == NULL || dot == host)
        return false;
    size_t rest = host_len - (size_t)(dot + 1 - host);
    /* "*.kawasaki.jp" would stand for suffixes ("x.kawasaki.jp") too. */
    return rest == parent_len && strncasecmp(dot + 1, parent, parent_len) == 0 &&
           !is_public_suffix(host, host_len);
}

/* "a, b, c" of the certificate's names of the host's kind, for messages,
 * cut with "..." when they do not fit in cap (at least 4). DNS names are
 * the peer's bytes, so they are escaped: one may hold a NUL or an ESC. */
static void list_names(const lt_cert *cert, bool ip, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < cert->san.count; i++) {
        const lt_general_name *gn = &cert->san.items[i];
        char text[LATCH_ESCAPED_MAX(64)];
        if (gn->kind == LT_GN_DNS && !ip)
            latch_escape(text, sizeof(text), gn->value.data, gn->value.len);
        else if (gn->kind != LT_GN_IP || !ip ||
                 inet_ntop(gn->value.len == 4 ? AF_INET : AF_INET6, gn->value.data, text,
                           sizeof(text)) == NULL)
            continue;
        const char *sep = used > 0 ? ", " : "";
        size_t sep_len = strlen(sep), text_len = strlen(text);
        if (used + sep_len + text_len + 1 > cap) {
            memcpy(out + (used + 4 <= cap ? used : cap - 4), "...", 4);
            return;
        }
        memcpy(out + used, sep, sep_len);
        memcpy(out + used + sep_len, text, text_len + 1);
        used += sep_len + text_len;
    }
}

bool lt_cert_check_host(const lt_cert *cert, const lt_host *host, lt_error *err)
{
    bool ip = host->ip_len != 0;
    bool any = false;
    for (size_t i = 0; i < cert->san.count; i++) {
        const lt_general_name *gn = &cert->san.items[i];
        if (ip && gn->kind == LT_GN_IP) {
            any = true;
            if (gn->value.len == host->ip_len &&
                memcmp(gn->value.data, host->ip, host->ip_len) == 0)
                return true;
        } else if (!ip && gn->kind == LT_GN_DNS) {
            any = true;
            if (lt_dns_pattern_matches(gn->value.data, gn->value.len, host->dns))
                return true;
        }
    }
    char subject[128], names[160], want[LT_HOST_MAX + 1];
    lt_name_format(&cert->subject, subject, sizeof(subject));
    if (ip)
        inet_ntop(host->ip_len == 4 ? AF_INET : AF_INET6, host->ip, want, sizeof(want));
    else
        snprintf(want, sizeof(want), "%s", host->dns);
    if (!any)
        return LT_FAIL(err, LATCH_ERR_BAD_CERTIFICATE,
                       "certificate %s has no subjectAltName %s entry (the common name is not "
                       "used), so it does not cover %s",
                       subject, ip ? "IP address" : "DNS name", want);
    list_names(cert, ip, names, sizeof(names));
    return LT_FAIL(err, LATCH_ERR_BAD_CERTIFICATE, "certificate for %s (%s) does not cover %s",
                   names, subject, want);
}
