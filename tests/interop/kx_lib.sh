# Shared by test_kx_openssl.sh and test_kx_gnutls.sh (sourced after
# interop_lib.sh): the suites issue 5 added, as
#   IANA name, OpenSSL name, certificate key, GnuTLS kx, cipher, MAC
# and how to read what a latch peer reported about a row.

# shellcheck disable=SC2034 # used by the scripts that source this file
KX_SUITES="TLS_RSA_WITH_AES_128_GCM_SHA256 AES128-GCM-SHA256 rsa RSA AES-128-GCM AEAD
TLS_RSA_WITH_AES_256_GCM_SHA384 AES256-GCM-SHA384 rsa RSA AES-256-GCM AEAD
TLS_RSA_WITH_AES_128_CBC_SHA AES128-SHA rsa RSA AES-128-CBC SHA1
TLS_RSA_WITH_AES_256_CBC_SHA AES256-SHA rsa RSA AES-256-CBC SHA1
TLS_RSA_WITH_AES_128_CBC_SHA256 AES128-SHA256 rsa RSA AES-128-CBC SHA256
TLS_RSA_WITH_AES_256_CBC_SHA256 AES256-SHA256 rsa RSA AES-256-CBC SHA256
TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 DHE-RSA-AES128-GCM-SHA256 rsa DHE-RSA AES-128-GCM AEAD
TLS_DHE_RSA_WITH_AES_256_GCM_SHA384 DHE-RSA-AES256-GCM-SHA384 rsa DHE-RSA AES-256-GCM AEAD
TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256 DHE-RSA-CHACHA20-POLY1305 rsa DHE-RSA CHACHA20-POLY1305 AEAD
TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA ECDHE-ECDSA-AES128-SHA ecdsa ECDHE-ECDSA AES-128-CBC SHA1
TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA ECDHE-ECDSA-AES256-SHA ecdsa ECDHE-ECDSA AES-256-CBC SHA1
TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 ECDHE-ECDSA-AES128-SHA256 ecdsa ECDHE-ECDSA AES-128-CBC SHA256
TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384 ECDHE-ECDSA-AES256-SHA384 ecdsa ECDHE-ECDSA AES-256-CBC SHA384
TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA ECDHE-RSA-AES128-SHA rsa ECDHE-RSA AES-128-CBC SHA1
TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA ECDHE-RSA-AES256-SHA rsa ECDHE-RSA AES-256-CBC SHA1
TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 ECDHE-RSA-AES128-SHA256 rsa ECDHE-RSA AES-128-CBC SHA256
TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384 ECDHE-RSA-AES256-SHA384 rsa ECDHE-RSA AES-256-CBC SHA384"

# etm_modes MAC: the encrypt_then_mac settings worth a row: on and off
# for CBC suites; AEAD suites never use it (RFC 7366 3).
etm_modes() {
    if [ "$1" = AEAD ]; then echo aead; else echo "etm no-etm"; fi
}

# etm_expected MODE: what a latch peer must report for encrypt-then-MAC.
etm_expected() {
    if [ "$1" = etm ]; then echo yes; else echo no; fi
}

# summary_check ERR SUITE MODE: checks the summary `latch client`
# printed; prints a failure reason, or nothing.
summary_check() {
    if ! grep -q "cipher suite $2 " "$1"; then
        echo "FAIL: latch did not report $2"
    elif ! grep -q "encrypt-then-MAC $(etm_expected "$3");" "$1"; then
        echo "FAIL: latch did not report encrypt-then-MAC $(etm_expected "$3")"
    fi
}

# page_check OUT SUITE MODE: the same for the page `latch server --http` sends.
page_check() {
    if ! grep -q "^cipher suite: $2" "$1"; then
        echo "FAIL: the latch page does not show $2"
    elif ! grep -q "^encrypt-then-MAC: $(etm_expected "$3")" "$1"; then
        echo "FAIL: the latch page does not show encrypt-then-MAC $(etm_expected "$3")"
    fi
}

# reported_group FILE: the group a latch summary or page names, or "-"
# (RSA key transport; DHE with a prime that is not an RFC 7919 group).
reported_group() {
    g=$(sed -n -e 's/.*, group \([a-z0-9]*\),.*/\1/p' -e 's/^group: \([a-z0-9]*\)$/\1/p' "$1" |
        head -n 1)
    if [ -z "$g" ] || [ "$g" = none ]; then echo "-"; else echo "$g"; fi
}
