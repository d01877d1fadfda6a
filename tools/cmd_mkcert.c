/*
 * latch mkcert: development certificates without the openssl command: a
 * CA, and a leaf for some DNS names and IP addresses signed by it, as PEM
 * files. Uses only the public API.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"

const char cmd_mkcert_usage[] =
    "usage: latch mkcert [OPTIONS] NAME...\n"
    "\n"
    "Makes a certificate for the NAMEs (DNS names such as localhost or\n"
    "*.dev.test, and IPv4 or IPv6 addresses) signed by a development CA: a new\n"
    "one, or the one given with --ca-cert and --ca-key.\n"
    "\n"
    "  --out DIR        write the files into DIR, created if missing (default: the\n"
    "                   current directory); a CA already there (ca.pem and ca.key)\n"
    "                   signs the new certificate\n"
    "  --rsa BITS       RSA keys of BITS bits (2048 to 8192) instead of ECDSA P-256\n"
    "  --p384           ECDSA P-384 keys\n"
    "  --ed25519        Ed25519 keys\n"
    "  --ca-cert FILE   sign with this CA certificate (PEM) ...\n"
    "  --ca-key FILE    ... and its private key, instead of making a new CA\n"
    "  --days N         the certificate's validity in days (default 825; never\n"
    "                   beyond the CA's)\n"
    "  -h, --help       this text\n"
    "\n"
    "Files written into DIR:\n"
    "  ca.pem, ca.key   a new CA (valid 10 years) unless both are there; never\n"
    "                   overwritten\n"
    "  NAME.pem         the certificate for the first NAME, then the CA\n"
    "  NAME.key         its private key (PKCS#8, mode 0600)\n"
    "A '*' in NAME becomes '_wildcard' in the file names.\n"
    "\n"
    "Exit status: 0 on success, 1 on failure, 2 on a usage error.\n";

/* Paths are built in buffers of PATH_CAP: the directory, '/', a DNS name
 * of up to 253 characters with '*' spelled out, and ".pem". */
#define OUT_DIR_MAX 2048
#define PATH_CAP 4096

/* The most a CA file may hold: a certificate bundle is a few KiB. */
#define CA_FILE_MAX (1 << 20)

/* Reads a whole file into a NUL-terminated heap buffer. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        tool_error("cannot open %s: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = malloc(CA_FILE_MAX + 1);
    size_t n = buf != NULL ? fread(buf, 1, CA_FILE_MAX + 1, f) : 0;
    bool failed = buf == NULL || ferror(f) || n > CA_FILE_MAX;
    fclose(f);
    if (failed) {
        tool_error("cannot read %s: %s", path,
                   buf == NULL ? "out of memory" : "too large or unreadable");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Wipes a buffer that held a private key before freeing it. */
static void free_secret(char *p, size_t len)
{
    if (p == NULL)
        return;
    volatile char *v = p;
    for (size_t i = 0; i < len; i++)
        v[i] = 0;
    free(p);
}

/* Writes the texts to path, created with mode (0600 for keys). With
 * exclusive, an existing file is an error rather than replaced. */
static bool write_file(const char *path, mode_t mode, bool exclusive, const char *a, size_t a_len,
                       const char *b, size_t b_len)
{
    int flags = O_WRONLY | O_CREAT | (exclusive ? O_EXCL : O_TRUNC);
    int fd = open(path, flags, mode);
    if (fd < 0) {
        tool_error("cannot create %s: %s", path, strerror(errno));
        return false;
    }
    /* An existing file keeps its mode through O_TRUNC: set it. */
    bool ok = fchmod(fd, mode) == 0 && tool_write_all(fd, a, a_len) && tool_write_all(fd, b, b_len);
    if (close(fd) != 0)
        ok = false;
    if (!ok)
        tool_error("cannot write %s: %s", path, strerror(errno));
    return ok;
}

/* DIR/NAME.EXT with '*' spelled out, so the name is easy to use in a shell. */
static void leaf_path(char *out, size_t cap, const char *dir, const char *name, const char *ext)
{
    size_t n = (size_t)snprintf(out, cap, "%s/", dir);
    for (const char *p = name; *p != '\0' && n + 1 < cap; p++) {
        if (*p == '*')
            n += (size_t)snprintf(out + n, cap - n, "_wildcard");
        else
            out[n++] = *p;
    }
    if (n < cap)
        snprintf(out + n, cap - n, ".%s", ext);
}

struct options {
    const char *out_dir;
    const char *ca_cert;
    const char *ca_key;
    latch_mkcert_options mk;
};

static bool parse_unsigned(const char *s, unsigned min, unsigned max, unsigned *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || s[0] == '-' || v < min || v > max)
        return false;
    *out = (unsigned)v;
    return true;
}

/* Parses the options; returns -1 to go on, or an exit status. */
static int parse_options(int argc, char **argv, struct options *o)
{
    enum { OPT_OUT = 256, OPT_RSA, OPT_P384, OPT_ED25519, OPT_CA_CERT, OPT_CA_KEY, OPT_DAYS };
    static const struct option longopts[] = {
        {"out", required_argument, NULL, OPT_OUT},
        {"rsa", required_argument, NULL, OPT_RSA},
        {"p384", no_argument, NULL, OPT_P384},
        {"ed25519", no_argument, NULL, OPT_ED25519},
        {"ca-cert", required_argument, NULL, OPT_CA_CERT},
        {"ca-key", required_argument, NULL, OPT_CA_KEY},
        {"days", required_argument, NULL, OPT_DAYS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int key_options = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_OUT:
            o->out_dir = optarg;
            break;
        case OPT_RSA:
            o->mk.key_type = LATCH_KEY_RSA;
            key_options++;
            if (!parse_unsigned(optarg, 2048, 8192, &o->mk.rsa_bits) || o->mk.rsa_bits % 8 != 0) {
                tool_error(
                    "--rsa takes a number of bits from 2048 to 8192, a multiple of 8; not '%s'",
                    optarg);
                return EXIT_USAGE;
            }
            break;
        case OPT_P384:
            o->mk.key_type = LATCH_KEY_P384;
            key_options++;
            break;
        case OPT_ED25519:
            o->mk.key_type = LATCH_KEY_ED25519;
            key_options++;
            break;
        case OPT_CA_CERT:
            o->ca_cert = optarg;
            break;
        case OPT_CA_KEY:
            o->ca_key = optarg;
            break;
        case OPT_DAYS:
            if (!parse_unsigned(optarg, 1, 36500, &o->mk.days)) {
                tool_error("--days takes a number of days from 1 to 36500; not '%s'", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'h':
            fputs(cmd_mkcert_usage, stdout);
            return EXIT_OK;
        default:
            return tool_usage_hint("mkcert");
        }
    }
    if (key_options > 1) {
        tool_error("choose one key type: --rsa, --p384 or --ed25519");
        return EXIT_USAGE;
    }
    if (strlen(o->out_dir) > OUT_DIR_MAX) {
        tool_error("--out takes a directory name of at most %d characters", OUT_DIR_MAX);
        return EXIT_USAGE;
    }
    if ((o->ca_cert == NULL) != (o->ca_key == NULL)) {
        tool_error("--ca-cert and --ca-key go together");
        return EXIT_USAGE;
    }
    if (optind >= argc) {
        tool_error("name at least one DNS name or IP address; see `latch mkcert --help`");
        return EXIT_USAGE;
    }
    return -1;
}

static bool load_ca(const struct options *o, latch_mkcert_result *ca)
{
    ca->cert_pem = read_file(o->ca_cert, &ca->cert_len);
    if (ca->cert_pem == NULL)
        return false;
    ca->key_pem = read_file(o->ca_key, &ca->key_len);
    return ca->key_pem != NULL;
}

/* mkdir -p DIR: the directories that exist are kept as they are. */
static bool make_dirs(const char *dir)
{
    char path[OUT_DIR_MAX + 1];
    snprintf(path, sizeof(path), "%s", dir);
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char c = *p;
        *p = '\0';
        struct stat st;
        if (mkdir(path, 0755) != 0 &&
            (errno != EEXIST || stat(path, &st) != 0 || !S_ISDIR(st.st_mode))) {
            tool_error("cannot create the directory %s: %s", path,
                       errno == EEXIST ? "a file of that name is in the way" : strerror(errno));
            return false;
        }
        *p = c;
        if (c == '\0')
            return true;
    }
}

/* The CA in DIR: ca.pem and ca.key when both are there (as the mkcert
 * tool does, new leaves come from it), else a new one written there; one
 * of the two without the other is an error, never overwritten. */
static bool dir_ca(const struct options *o, latch_mkcert_result *ca, bool *made, char *cert_path,
                   char *key_path, size_t cap)
{
    snprintf(cert_path, cap, "%s/ca.pem", o->out_dir);
    snprintf(key_path, cap, "%s/ca.key", o->out_dir);
    bool has_cert = access(cert_path, F_OK) == 0, has_key = access(key_path, F_OK) == 0;
    *made = !has_cert && !has_key;
    if (has_cert && has_key) {
        struct options reuse = *o;
        reuse.ca_cert = cert_path;
        reuse.ca_key = key_path;
        printf("Reusing the development CA in %s (ca.pem, ca.key).\n", o->out_dir);
        return load_ca(&reuse, ca);
    }
    if (has_cert || has_key) {
        tool_error("%s is there without %s; give the CA with --ca-cert and --ca-key, or remove "
                   "%s",
                   has_cert ? cert_path : key_path, has_cert ? key_path : cert_path,
                   has_cert ? cert_path : key_path);
        return false;
    }
    latch_mkcert_options ca_opts = o->mk;
    ca_opts.days = 0; /* --days is for the leaf */
    if (latch_mkcert_ca(&ca_opts, ca) != LATCH_OK) {
        tool_error("cannot make a CA: %s", ca->error);
        return false;
    }
    /* The key first: a CA certificate without its key would be useless. */
    if (!write_file(key_path, 0600, true, ca->key_pem, ca->key_len, "", 0))
        return false;
    if (!write_file(cert_path, 0644, true, ca->cert_pem, ca->cert_len, "", 0)) {
        unlink(key_path);
        return false;
    }
    return true;
}

/* How to use the files, for the first name: a wildcard is shown with
 * "www" in its place, an IPv6 address in brackets. */
static void print_hint(const char *ca_cert, const char *leaf_cert, const char *leaf_key,
                       const char *name)
{
    bool wildcard = strncmp(name, "*.", 2) == 0, ip6 = strchr(name, ':') != NULL;
    bool ip = ip6 || strspn(name, "0123456789.") == strlen(name);
    char host[300];
    snprintf(host, sizeof(host), "%s%s%s",
             wildcard ? "www"
             : ip6    ? "["
                      : "",
             wildcard ? name + 1 : name, ip6 ? "]" : "");
    printf("To use them:\n"
           "  latch server --cert %s --key %s\n"
           "  latch client --ca %s %s:4433\n"
           "  openssl s_client -CAfile %s %s %s -connect %s:4433\n",
           leaf_cert, leaf_key, ca_cert, host, ca_cert, ip ? "-verify_ip" : "-verify_hostname",
           wildcard ? host : name, host);
}

int cmd_mkcert(int argc, char **argv)
{
    struct options o = {.out_dir = "."};
    int status = parse_options(argc, argv, &o);
    if (status >= 0)
        return status;
    const char *const *names = (const char *const *)(argv + optind);
    size_t count = (size_t)(argc - optind);

    char ca_cert[PATH_CAP], ca_key[PATH_CAP], leaf_cert[PATH_CAP], leaf_key[PATH_CAP];
    latch_mkcert_result ca = {0}, leaf = {0};
    bool from_dir = o.ca_cert == NULL, new_ca = false;
    bool ok = make_dirs(o.out_dir);
    if (ok && from_dir) {
        ok = dir_ca(&o, &ca, &new_ca, ca_cert, ca_key, sizeof(ca_cert));
    } else if (ok) {
        snprintf(ca_cert, sizeof(ca_cert), "%s", o.ca_cert);
        ok = load_ca(&o, &ca);
    }
    if (ok && latch_mkcert_leaf(&o.mk, names, count, ca.cert_pem, ca.cert_len, ca.key_pem,
                                ca.key_len, &leaf) != LATCH_OK) {
        tool_error("cannot make the certificate: %s", leaf.error);
        ok = false;
    }
    if (ok) {
        leaf_path(leaf_cert, sizeof(leaf_cert), o.out_dir, names[0], "pem");
        leaf_path(leaf_key, sizeof(leaf_key), o.out_dir, names[0], "key");
        ok = write_file(leaf_key, 0600, false, leaf.key_pem, leaf.key_len, "", 0) &&
             write_file(leaf_cert, 0644, false, leaf.cert_pem, leaf.cert_len, ca.cert_pem,
                        ca.cert_len);
    }
    if (ok) {
        if (new_ca)
            printf("Made a new development CA:\n  %s  certificate: trust it where you test\n"
                   "  %s  private key: keep it private\n",
                   ca_cert, ca_key);
        printf("Made a certificate for");
        for (size_t i = 0; i < count; i++)
            printf("%s %s", i == 0 ? "" : ",", names[i]);
        printf(" signed by %s:\n  %s  the certificate, then the CA\n"
               "  %s  its private key\n\n",
               ca_cert, leaf_cert, leaf_key);
        print_hint(ca_cert, leaf_cert, leaf_key, names[0]);
    }
    if (new_ca) {
        latch_mkcert_result_free(&ca);
    } else {
        free(ca.cert_pem);
        free_secret(ca.key_pem, ca.key_len);
    }
    latch_mkcert_result_free(&leaf);
    return ok ? EXIT_OK : EXIT_FAILED;
}
