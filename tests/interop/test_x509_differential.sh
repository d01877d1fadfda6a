#!/bin/bash
# Every rule of certificate validation, three verifiers: the chains
# scripts/make-rule-chains.sh mints (into a fresh directory) go through
# `latch verify`, `openssl verify -x509_strict` and GnuTLS `certtool
# --verify`, and a table shows each one's answer beside the expected one.
# latch must give the expected answer on every row; where OpenSSL or
# GnuTLS differ, the table marks it ("*") without failing. "-" means the
# tool cannot check that row (certtool takes no CRL).
#
# Also timed: the row with a pool of 100 mutually issuing intermediates
# must be rejected by latch within seconds (milliseconds on a quiet machine).
set -euo pipefail
LATCH=${LATCH_BUILD:?set LATCH_BUILD}/latch
SRC=${LATCH_SOURCE:?set LATCH_SOURCE}
dir=$(mktemp -d)
. "$(dirname "$0")/valgrind_lib.sh"
LATCH=$(valgrind_wrap "$LATCH" "$dir")
cleanup() {
    status=$?
    valgrind_check "$dir" || status=1
    rm -rf "$dir"
    exit "$status"
}
trap cleanup EXIT

"$SRC/scripts/make-rule-chains.sh" "$dir/c"
cd "$dir/c"

# files LIST: the comma-separated certificate names as paths
files() { [ "$1" = - ] || tr ',' '\n' <<<"$1" | sed 's/$/.pem/'; }

answer() { "$@" >"$dir/out" 2>&1 && echo valid || echo invalid; }
# latch answers with its exit status: 0 valid, 1 invalid; anything else
# (a usage error, a crash, a sanitizer's report) is a failure of its own.
latch_answer() {
    local status=0
    "$LATCH" verify "$@" >"$dir/out" 2>&1 || status=$?
    if [ "$status" -gt 1 ] || grep -qE 'Sanitizer|runtime error' "$dir/out"; then
        echo broken
    elif [ "$status" -eq 0 ]; then
        echo valid
    else
        echo invalid
    fi
}

rows=0 failures=0 openssl_diff=0 gnutls_diff=0 patho_ms=
printf '%-58s %-32s %-8s %-8s %-8s %-8s %s\n' rule section profile latch openssl gnutls expected
while IFS=$'\t' read -r rule section expected profile host leaf untrusted anchor crl; do
    rows=$((rows + 1))
    pool=$dir/pool-$rows.pem
    files "$untrusted" | xargs -r cat >"$pool"
    args=(--profile "$profile" --ca "$anchor.pem")
    [ "$untrusted" = - ] || args+=(--untrusted "$pool")
    [ "$host" = - ] || args+=(--host "$host")
    [ "$crl" = - ] || args+=(--crl "$crl")
    start=$(date +%s%N)
    got=$(latch_answer "${args[@]}" "$leaf.pem")
    ms=$((($(date +%s%N) - start) / 1000000))
    latch_said=$(cat "$dir/out")
    case $rule in *"100 mutually issuing"*)
        patho_ms=$ms
        grep -q "gave up building a certificate path after trying 64" "$dir/out" ||
            { echo "FAIL: the pathological pool: $latch_said" >&2; failures=$((failures + 1)); }
        ;;
    esac

    o=(-x509_strict -purpose sslserver -CAfile "$anchor.pem")
    [ "$untrusted" = - ] || o+=(-untrusted "$pool")
    [ "$host" = - ] || o+=(-verify_hostname "$host")
    [ "$crl" = - ] || o+=(-crl_check -CRLfile "$crl")
    ossl=$(answer openssl verify "${o[@]}" "$leaf.pem")

    if [ "$crl" = - ]; then
        cat "$leaf.pem" "$pool" >"$dir/chain.pem"
        g=(--verify --load-ca-certificate "$anchor.pem" --infile "$dir/chain.pem"
            --verify-purpose 1.3.6.1.5.5.7.3.1)
        [ "$host" = - ] || g+=(--verify-hostname "$host")
        gnu=$(answer certtool "${g[@]}")
    else
        gnu=-
    fi

    mark_o=$ossl mark_g=$gnu
    [ "$ossl" = "$expected" ] || { mark_o="$ossl*"; openssl_diff=$((openssl_diff + 1)); }
    [ "$gnu" = "$expected" ] || [ "$gnu" = - ] || { mark_g="$gnu*"; gnutls_diff=$((gnutls_diff + 1)); }
    printf '%-58s %-32s %-8s %-8s %-8s %-8s %s\n' "$rule" "$section" "$profile" "$got" "$mark_o" \
        "$mark_g" "$expected"
    if [ "$got" != "$expected" ]; then
        echo "FAIL: latch says $got, expected $expected: $latch_said" >&2
        failures=$((failures + 1))
    fi
done <rows.tsv

echo "$rows rows; OpenSSL differs from the expected answer on $openssl_diff, GnuTLS on $gnutls_diff"
echo "pool of 100 mutually issuing intermediates: rejected in $patho_ms ms (the whole latch verify run)"
[ "$rows" -ge 120 ] || { echo "FAIL: only $rows rows" >&2; failures=$((failures + 1)); }
# Bounded search: an unbounded one would take minutes; the limit leaves
# room for a loaded machine (and valgrind, slower still).
limit=5000
[ -z "${LATCH_VALGRIND:-}" ] || limit=60000
[ -n "$patho_ms" ] && [ "$patho_ms" -lt "$limit" ] ||
    { echo "FAIL: the pathological pool took ${patho_ms:-?} ms" >&2; failures=$((failures + 1)); }
[ "$failures" -eq 0 ] || {
    echo "$failures failures" >&2
    exit 1
}
