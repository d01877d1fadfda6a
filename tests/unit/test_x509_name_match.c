/* directoryName subtrees (RFC 5280 4.2.1.10 with the 7.1 comparison) and
 * the DNS name syntax name constraints rely on. */
#include "x509/constraints.h"
#include "x509/name_match.h"
#include "check.h"

#include <string.h>

#define OID_CN 0x03
#define OID_O 0x0a
#define OID_OU 0x0b
#define UTF8 0x0c
#define PRINTABLE 0x13

typedef struct rdn {
    uint8_t oid, tag;
    const char *value;
} rdn;

/* A Name of one-attribute RDNs, short enough for one-octet lengths. */
static lt_span name(uint8_t *buf, const rdn *rdns, size_t count)
{
    size_t len = 2;
    for (size_t i = 0; i < count; i++) {
        size_t v = strlen(rdns[i].value);
        const uint8_t head[] = {
            0x31, (uint8_t)(9 + v), 0x30,        (uint8_t)(7 + v), 0x06, 0x03, 0x55,
            0x04, rdns[i].oid,      rdns[i].tag, (uint8_t)v};
        memcpy(buf + len, head, sizeof(head));
        memcpy(buf + len + sizeof(head), rdns[i].value, v);
        len += sizeof(head) + v;
    }
    buf[0] = 0x30;
    buf[1] = (uint8_t)(len - 2);
    return (lt_span){buf, len};
}

static uint8_t a[256], b[256];

static bool within(const rdn *n, size_t nc, const rdn *t, size_t tc)
{
    return lt_name_within(name(a, n, nc), name(b, t, tc));
}

static void test_directory_names(void)
{
    const rdn org[] = {{OID_O, UTF8, "Allowed"}};
    const rdn leaf[] = {{OID_O, UTF8, "Allowed"}, {OID_CN, UTF8, "www"}};
    CHECK(within(leaf, 2, org, 1));
    CHECK(within(org, 1, org, 1));
    /* The subtree's RDNs come first: a longer subtree never contains. */
    CHECK(!within(org, 1, leaf, 2));
    const rdn other[] = {{OID_O, UTF8, "Other"}, {OID_CN, UTF8, "www"}};
    CHECK(!within(other, 2, org, 1));
    /* Another attribute type with the same value is another name. */
    const rdn unit[] = {{OID_OU, UTF8, "Allowed"}, {OID_CN, UTF8, "www"}};
    CHECK(!within(unit, 2, org, 1));
    /* RFC 5280 7.1: case, leading, trailing and repeated spaces do not
     * count, across string types. */
    const rdn spaced[] = {{OID_O, PRINTABLE, "  ALLOWED "}, {OID_CN, UTF8, "www"}};
    CHECK(within(spaced, 2, org, 1));
    const rdn two_words[] = {{OID_O, UTF8, "latch  test"}};
    const rdn one_space[] = {{OID_O, PRINTABLE, "Latch Test"}};
    CHECK(within(two_words, 1, one_space, 1));
    const rdn joined[] = {{OID_O, UTF8, "latchtest"}};
    CHECK(!within(joined, 1, one_space, 1));
    const rdn prefix[] = {{OID_O, UTF8, "Allowed Plus"}};
    CHECK(!within(prefix, 1, org, 1));
    /* The empty subtree contains every name. */
    CHECK(within(leaf, 2, org, 0));
    /* Malformed input is never within. */
    lt_span junk = {(const uint8_t *)"\x30\x05\x31", 3};
    CHECK(!lt_name_within(junk, name(b, org, 1)));
}

static bool dns(const char *s, bool wildcard)
{
    return lt_dns_name_valid((lt_span){(const uint8_t *)s, strlen(s)}, wildcard);
}

static void test_dns_syntax(void)
{
    CHECK(dns("example.com", false));
    CHECK(dns("a-b.example.com", false));
    CHECK(dns("xn--bcher-kva.example", false));
    CHECK(!dns(".example.com", false));
    CHECK(!dns("a..example.com", false));
    CHECK(!dns("example.com.", false));
    CHECK(!dns("-a.example.com", false));
    CHECK(!dns("a-.example.com", false));
    CHECK(!dns("a_b.example.com", false));
    CHECK(!dns("", false));
    CHECK(!dns("*.example.com", false));
    CHECK(dns("*.example.com", true));
    CHECK(!dns("w*.example.com", true));
    char label[80];
    memset(label, 'a', 63);
    strcpy(label + 63, ".com");
    CHECK(dns(label, false));
    memset(label, 'a', 64);
    strcpy(label + 64, ".com");
    CHECK(!dns(label, false));
}

int main(void)
{
    test_directory_names();
    test_dns_syntax();
    return check_finish("x509_name_match");
}
