#!/bin/sh
# latch verify on the fixtures of scripts/make-verify-fixtures.sh: exit
# status, the path it prints, and the reason it gives, for valid chains
# and for one failure of each kind.
set -eu
LATCH=${LATCH_BUILD:?set LATCH_BUILD}/latch
D=${LATCH_TESTDATA:?set LATCH_TESTDATA}/verify
AT=2000000000
dir=$(mktemp -d)
out=$dir/out
. "$(dirname "$0")/valgrind_lib.sh"
LATCH=$(valgrind_wrap "$LATCH" "$dir")
cleanup() {
    status=$?
    valgrind_check "$dir" || status=1
    rm -rf "$dir"
    exit "$status"
}
trap cleanup EXIT
failures=0

# expect STATUS TEXT ARGS...: latch verify ARGS exits STATUS and prints TEXT.
expect() {
    want=$1 text=$2
    shift 2
    status=0
    "$LATCH" verify "$@" >"$out" 2>&1 || status=$?
    if [ "$status" -ne "$want" ] || ! grep -qF -- "$text" "$out"; then
        echo "FAIL: latch verify $*: status $status (want $want), output:" >&2
        sed 's/^/    /' "$out" >&2
        echo "    (wanted: $text)" >&2
        failures=$((failures + 1))
    else
        echo "ok: latch verify $* -> $status"
    fi
}

expect 0 "2 subject: CN=Test Root, O=latch test (trust anchor)" \
    --ca "$D/root.pem" --untrusted "$D/int.pem" --host good.example --at $AT "$D/good.pem"
expect 0 "key:     EC P-256; signed with ecdsa-with-SHA256" \
    --ca "$D/anchors-dir" --untrusted "$D/int.pem" --host 192.0.2.1 --at $AT "$D/good.pem"
expect 0 "verified:" --ca "$D/root.pem" --at $AT "$D/good-chain.pem"
expect 0 "valid for clientAuth" --ca "$D/root.pem" --untrusted "$D/int.pem" --purpose client \
    --at $AT "$D/client-only.pem"
expect 0 "malformed trust anchors were skipped" \
    --ca "$D/bundle-with-bad.pem" --untrusted "$D/int.pem" --at $AT "$D/good.pem"
expect 0 "verified:" --ca "$D/root.pem" --untrusted "$D/int.pem" --crl "$D/crl-int.der" \
    --ocsp "$D/ocsp-good.der" --at $AT "$D/good.pem"
expect 0 "Cross Root A (trust anchor)" --ca "$D/root-a.pem" \
    --untrusted "$D/cross-by-b.pem" --untrusted "$D/cross-by-a.pem" --at $AT "$D/cross-leaf.pem"

expect 1 "does not cover example.com (bad_certificate)" \
    --ca "$D/root.pem" --untrusted "$D/int.pem" --host example.com --at $AT "$D/good.pem"
expect 1 "expired: notAfter is 2010-01-01T00:00:00Z" \
    --ca "$D/root.pem" --untrusted "$D/int.pem" --at $AT "$D/expired.pem"
expect 1 "(unknown_ca)" --ca "$D/root-a.pem" --untrusted "$D/int.pem" --at $AT "$D/good.pem"
expect 1 "(certificate_revoked)" --ca "$D/root.pem" --untrusted "$D/int.pem" \
    --crl "$D/crl-int.pem" --at $AT "$D/revoked.pem"
expect 1 "stapled OCSP response: the responder says the certificate is revoked" \
    --ca "$D/root.pem" --untrusted "$D/int.pem" --ocsp "$D/ocsp-revoked.der" --at $AT \
    "$D/revoked.pem"
expect 1 "extKeyUsage does not include clientAuth" --ca "$D/root.pem" \
    --untrusted "$D/int.pem" --purpose client --at $AT "$D/ku-encipher.pem"
expect 1 "is a CA certificate (basicConstraints cA is true), not an end-entity one" \
    --ca "$D/root.pem" --untrusted "$D/int.pem" --at $AT "$D/int-eku-server.pem"
# No --at: now, and the fixtures are valid now. No --ca: the system store,
# which does not hold the test root.
expect 0 "verified:" --ca "$D/root.pem" --untrusted "$D/int.pem" "$D/good.pem"
expect 1 "(unknown_ca)" --untrusted "$D/int.pem" "$D/good.pem"
SSL_CERT_FILE=$D/root.pem
export SSL_CERT_FILE
expect 0 "verified:" --untrusted "$D/int.pem" "$D/good.pem"
unset SSL_CERT_FILE

# One certificate trusted as it is: "1 certificate", singular.
expect 0 "path (1 certificate, leaf first)" --ca "$D/selfsigned.pem" --at $AT "$D/selfsigned.pem"
# A Web PKI rule names itself and the option that leaves it out.
expect 1 "which --profile rfc5280" --ca "$D/root.pem" --untrusted "$D/int.pem" --at $AT \
    "$D/any-eku.pem"
expect 0 "verified:" --profile rfc5280 --ca "$D/root.pem" --untrusted "$D/int.pem" --at $AT \
    "$D/any-eku.pem"
expect 2 "--profile is webpki or rfc5280" --profile strict "$D/good.pem"
# The untrusted pool takes 256 certificates with the leaf, not one more.
for _ in $(seq 255); do cat "$D/int.pem"; done >"$dir/pool-255.pem"
expect 0 "verified:" --ca "$D/root.pem" --untrusted "$dir/pool-255.pem" --at $AT "$D/good.pem"
cat "$D/int.pem" >>"$dir/pool-255.pem"
expect 1 "more than 256 certificates" --ca "$D/root.pem" --untrusted "$dir/pool-255.pem" \
    --at $AT "$D/good.pem"
# Input that is not PEM is invalid input (1), not a usage error.
expect 1 "no CERTIFICATE block found" --ca "$D/root.pem" "$D/cases.txt"

expect 2 "give exactly one LEAF.pem" --ca "$D/root.pem"
expect 2 "--at takes Unix seconds" --at soon "$D/good.pem"
expect 2 "--purpose is server or client" --purpose both "$D/good.pem"
expect 1 "cannot open" --ca "$D/root.pem" "$D/no-such.pem"
expect 1 "--crl" --crl "$D/good.pem" "$D/good.pem"

[ "$failures" -eq 0 ] || {
    echo "$failures latch verify checks failed" >&2
    exit 1
}
