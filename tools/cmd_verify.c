/*
 * latch verify: validate a certificate chain as a latch client would, and
 * print the path it built or why there is none.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "common.h"

const char cmd_verify_usage[] =
    "usage: latch verify [OPTIONS] LEAF.pem\n"
    "\n"
    "Validates the certificate in LEAF.pem (with any certificates after it in\n"
    "the file as untrusted intermediates) the way a latch client validates a\n"
    "server: a path to a trust anchor, signatures, validity, constraints, key\n"
    "usage, the name, and revocation when CRLs or an OCSP response are given.\n"
    "Prints the path it built, or why the chain is not valid.\n"
    "\n"
    "  --ca FILE|DIR       trust the certificates in FILE or DIR (repeatable;\n"
    "                      default: the system store)\n"
    "  --untrusted FILE    intermediates that may be used, in any order (repeatable)\n"
    "  --host NAME|IP      the name or address the leaf must cover\n"
    "  --at SECONDS        validate at this Unix time (default: now)\n"
    "  --purpose server|client\n"
    "                      check for serverAuth (default) or clientAuth\n"
    "  --profile webpki|rfc5280\n"
    "                      the Web PKI rules (default: RFC 5280 and the CA/Browser\n"
    "                      Forum Baseline Requirements), or RFC 5280's alone\n"
    "  --crl FILE          a CRL, DER or PEM (repeatable)\n"
    "  --ocsp FILE         a DER OCSP response about the leaf, as a server staples\n"
    "  -h, --help          this text\n"
    "\n"
    "The untrusted pool (the rest of LEAF.pem and every --untrusted file) may\n"
    "hold up to 256 certificates.\n"
    "\n"
    "Exit status: 0 when the chain is valid, 1 when it is not or an input cannot\n"
    "be read, 2 on a usage error.\n";

#define MAX_UNTRUSTED 8

struct verify_opts {
    const char *untrusted[MAX_UNTRUSTED];
    size_t untrusted_count;
    const char *host;
    int64_t at;
    bool has_at;
    latch_role purpose;
    const char *ocsp;
    const char *leaf;
};

static int64_t fixed_time(void *arg)
{
    return *(const int64_t *)arg;
}

/* Reads a whole file into a fresh buffer; false after printing why. */
static bool read_file(const char *path, uint8_t **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        tool_error("cannot open %s: %s", path, strerror(errno));
        return false;
    }
    uint8_t *buf = NULL;
    size_t n = 0, got;
    uint8_t chunk[8192];
    bool ok = true;
    while (ok && (got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        uint8_t *grown = realloc(buf, n + got);
        if (grown == NULL) {
            tool_error("out of memory reading %s", path);
            ok = false;
        } else {
            memcpy(grown + n, chunk, got);
            buf = grown;
            n += got;
        }
    }
    if (ok && ferror(f)) {
        tool_error("cannot read %s: %s", path, strerror(errno));
        ok = false;
    }
    fclose(f);
    if (!ok) {
        free(buf);
        return false;
    }
    *out = buf;
    *len = n;
    return true;
}

/* Appends a PEM file and a newline (so the next file's BEGIN starts a line). */
static bool append_pem(const char *path, uint8_t **pem, size_t *len)
{
    uint8_t *data;
    size_t n;
    if (!read_file(path, &data, &n))
        return false;
    uint8_t *grown = realloc(*pem, *len + n + 1);
    if (grown == NULL) {
        tool_error("out of memory reading %s", path);
        free(data);
        return false;
    }
    if (n > 0)
        memcpy(grown + *len, data, n);
    grown[*len + n] = '\n';
    *pem = grown;
    *len += n + 1;
    free(data);
    return true;
}

static void format_time(int64_t t, char *buf, size_t cap)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (gmtime_r(&tt, &tm) == NULL || strftime(buf, cap, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(buf, cap, "%lld", (long long)t);
}

static void print_path(const latch_verify_result *r)
{
    printf("path (%zu certificate%s, leaf first):\n", r->path_len, r->path_len == 1 ? "" : "s");
    for (size_t i = 0; i < r->path_len; i++) {
        const latch_path_cert *c = &r->path[i];
        char from[32], to[32];
        format_time(c->not_before, from, sizeof from);
        format_time(c->not_after, to, sizeof to);
        printf("  %zu subject: %s%s\n", i, c->subject, c->trust_anchor ? " (trust anchor)" : "");
        printf("    issuer:  %s\n", c->issuer);
        printf("    valid:   %s to %s\n", from, to);
        printf("    key:     %s; signed with %s\n", c->key, c->sig_alg);
    }
}

static int parse_args(int argc, char **argv, latch_config *cfg, struct verify_opts *o)
{
    static const struct option longopts[] = {
        {"ca", required_argument, NULL, 'c'},      {"untrusted", required_argument, NULL, 'u'},
        {"host", required_argument, NULL, 'n'},    {"at", required_argument, NULL, 'a'},
        {"purpose", required_argument, NULL, 'p'}, {"profile", required_argument, NULL, 'P'},
        {"crl", required_argument, NULL, 'r'},     {"ocsp", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0},
    };
    int opt;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        char *end;
        switch (opt) {
        case 'c':
            if (latch_config_add_ca_file(cfg, optarg) != LATCH_OK) {
                tool_error("--ca %s: %s", optarg, latch_config_error(cfg));
                return EXIT_FAILED;
            }
            break;
        case 'u':
            if (o->untrusted_count == MAX_UNTRUSTED) {
                tool_error("at most %d --untrusted files", MAX_UNTRUSTED);
                return EXIT_USAGE;
            }
            o->untrusted[o->untrusted_count++] = optarg;
            break;
        case 'n':
            o->host = optarg;
            break;
        case 'a':
            errno = 0;
            o->at = strtoll(optarg, &end, 10);
            if (errno != 0 || end == optarg || *end != '\0') {
                tool_error("--at takes Unix seconds, not '%s'", optarg);
                return EXIT_USAGE;
            }
            o->has_at = true;
            break;
        case 'p':
            if (strcmp(optarg, "server") == 0) {
                o->purpose = LATCH_SERVER;
            } else if (strcmp(optarg, "client") == 0) {
                o->purpose = LATCH_CLIENT;
            } else {
                tool_error("--purpose is server or client, not '%s'", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'P':
            if (strcmp(optarg, "webpki") != 0 && strcmp(optarg, "rfc5280") != 0) {
                tool_error("--profile is webpki or rfc5280, not '%s'", optarg);
                return EXIT_USAGE;
            }
            if (latch_config_set_profile(cfg, strcmp(optarg, "rfc5280") == 0
                                                  ? LATCH_PROFILE_RFC5280
                                                  : LATCH_PROFILE_WEBPKI) != LATCH_OK) {
                tool_error("--profile %s: %s", optarg, latch_config_error(cfg));
                return EXIT_USAGE;
            }
            break;
        case 'r':
            if (latch_config_add_crl_file(cfg, optarg) != LATCH_OK) {
                tool_error("--crl %s: %s", optarg, latch_config_error(cfg));
                return EXIT_FAILED;
            }
            break;
        case 'o':
            o->ocsp = optarg;
            break;
        case 'h':
            fputs(cmd_verify_usage, stdout);
            return -1;
        default:
            return tool_usage_hint("verify");
        }
    }
    if (optind != argc - 1) {
        tool_error("give exactly one LEAF.pem; try `latch help verify`");
        return EXIT_USAGE;
    }
    o->leaf = argv[optind];
    return EXIT_OK;
}

int cmd_verify(int argc, char **argv)
{
    latch_config *cfg = latch_config_new(LATCH_CLIENT);
    if (cfg == NULL) {
        tool_error("out of memory");
        return EXIT_FAILED;
    }
    struct verify_opts o = {.purpose = LATCH_SERVER};
    int status = parse_args(argc, argv, cfg, &o);
    if (status != EXIT_OK) {
        latch_config_free(cfg);
        return status < 0 ? EXIT_OK : status;
    }
    uint8_t *pem = NULL, *ocsp = NULL;
    size_t pem_len = 0, ocsp_len = 0;
    bool ok = append_pem(o.leaf, &pem, &pem_len);
    for (size_t i = 0; ok && i < o.untrusted_count; i++)
        ok = append_pem(o.untrusted[i], &pem, &pem_len);
    if (ok && o.ocsp != NULL)
        ok = read_file(o.ocsp, &ocsp, &ocsp_len);
    if (ok && o.has_at && latch_config_set_clock(cfg, fixed_time, &o.at) != LATCH_OK) {
        tool_error("--at: %s", latch_config_error(cfg));
        ok = false;
    }
    status = EXIT_FAILED;
    if (ok) {
        latch_verify_result *r = malloc(sizeof *r);
        if (r == NULL) {
            tool_error("out of memory");
        } else {
            r->struct_size = sizeof *r;
            latch_err err =
                latch_verify_pem(cfg, pem, pem_len, o.host, o.purpose, ocsp, ocsp_len, r);
            if (r->anchors_skipped > 0)
                tool_error("warning: %zu malformed trust anchors were skipped", r->anchors_skipped);
            if (err == LATCH_OK) {
                print_path(r);
                printf("verified: %s is valid for %s%s%s\n", o.leaf,
                       o.purpose == LATCH_CLIENT ? "clientAuth" : "serverAuth",
                       o.host != NULL ? " and " : "", o.host != NULL ? o.host : "");
                status = EXIT_OK;
            } else {
                tool_error("%s: %s (%s)", o.leaf, r->message, latch_err_name(err));
                status = err == LATCH_ERR_USAGE ? EXIT_USAGE : EXIT_FAILED;
            }
            free(r);
        }
    }
    free(pem);
    free(ocsp);
    latch_config_free(cfg);
    return status;
}
