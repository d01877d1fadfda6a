# shellcheck shell=sh
# Shared by the scanner tests (sourced after interop_lib.sh): the server
# they scan and what it is configured to offer, which is what a scan must
# find, no more and no less.

# `latch server --ciphers ALL` with the RSA and the ECDSA certificate:
# every TLS 1.2 suite latch has, by code point, in no particular order.
# shellcheck disable=SC2034 # used by the scripts that source this file
SCAN_SUITES="c02b c02c cca9 c009 c00a c023 c024
c02f c030 cca8 c013 c014 c027 c028
009e 009f ccaa 0033 0039 0067 006b
009c 009d 002f 003c 0035 003d"
# The groups of the default config (x25519:secp256r1:secp384r1), by the
# names OpenSSL gives them; DHE uses ffdhe2048 (RFC 7919).
# shellcheck disable=SC2034
SCAN_CURVES="X25519 prime256v1 secp384r1"

# start_scanned_server: `latch server --http --ciphers ALL --tls1_2` on
# 127.0.0.1 and a run-time port (both certificates, from
# start_latch_server); sets $latch_pid and $latch_port. The scans check
# the TLS 1.2 suites and rules, so the server speaks TLS 1.2 only.
start_scanned_server() {
    # shellcheck disable=SC2154 # work is set by interop_lib.sh
    start_latch_server "$work/server.log" --http --ciphers ALL --tls1_2
}
