#!/bin/sh
# Go's crypto/tls (Debian's golang-go) as a peer of latch, both ways
# (issue 18). tests/interop/go/peer.go is built into the build directory
# at the start, with its caches in this run's work directory and no
# network. Rows: TLS 1.3 with each suite (Go chooses its own TLS 1.3
# suites, so latch's --ciphersuites forces AES-256: first in latch
# server's order, or the only one latch client offers), each group of the
# matrix, a HelloRetryRequest, resumption with Go's ClientSessionCache and
# with latch's --sess-out/--sess-in, client certificates both ways; TLS
# 1.2 with each ECDHE suite of the matrix and resumption. Each row sends
# data both ways and checks what both sides say they negotiated.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need go golang-go

E2E=$LATCH_TESTDATA/e2e
GO_PEER=$LATCH_BUILD/tests/interop_go_peer

mkdir -p "$LATCH_BUILD/tests"
if ! (cd "$LATCH_SOURCE/tests/interop/go" &&
    env GOCACHE="$work/go-cache" GOPATH="$work/go-path" GOTOOLCHAIN=local GOPROXY=off \
        GOFLAGS=-mod=readonly GO111MODULE=on timeout 300 go build -o "$GO_PEER" .) \
    >"$work/go-build.log" 2>&1; then
    cat "$work/go-build.log" >&2
    fail_setup "go build of tests/interop/go failed"
fi

version_name() { echo "TLSv$1"; }

# go_block OUT N: the Go client's output for connection N: its page, then
# its summary line.
go_block() {
    awk -v n="$2" '/^go: conn=/ { c++; if (c == n) { print; exit } next } c == n - 1' "$1"
}

# check_page BLOCK N SUITE GROUP CCERT: connection N of the Go client,
# whose page and summary must agree on version $VER, SUITE, GROUP ("-":
# not checked), new or resumed (resumed after the first, when $RESUME is
# yes) and CCERT.
check_page() {
    v=$(version_name "$VER")
    if [ "$2" = 1 ] || [ "$RESUME" = no ]; then
        session=new resumed=false cn=localhost
    else
        session=resumed resumed=true cn="(none)"
    fi
    for want in "version: $v" "cipher suite: $3" "session: $session" "client certificate: $5" \
        "request: GET / HTTP/1.0" "go: conn=$2 version=$v suite=$3 resumed=$resumed peer-cert=$cn"; do
        if ! grep -qxF "$want" "$1"; then
            echo "FAIL: connection $2: no line '$want'"
            return
        fi
    done
    if [ "$4" != - ] && ! grep -qxF "group: $4" "$1"; then
        echo "FAIL: connection $2: latch's page does not say group: $4"
        return
    fi
    echo ok
}

# go_to_latch CHECK SUITE GROUP CONNS CCERT LATCH_OPTS GO_OPTS: the Go
# client (TLS $VER, GO_OPTS) makes CONNS connections, sharing a session
# cache, to `latch server --http LATCH_OPTS`.
go_to_latch() {
    log=$work/latch.log
    # shellcheck disable=SC2086 # LATCH_OPTS is a list of options
    start_latch_server "$log" --http --workers 1 $6
    out=$work/go-client.out
    result=ok
    # shellcheck disable=SC2086 # GO_ENV, GO_OPTS are lists
    if ! timeout "$STEP_TIMEOUT" env $GO_ENV "$GO_PEER" -mode client -connect "127.0.0.1:$latch_port" \
        -ca "$CERTS/ca.pem" -version "$VER" -n "$4" $7 >"$out" 2>&1; then
        result="FAIL: the Go client failed"
    else
        n=1
        while [ "$n" -le "$4" ]; do
            go_block "$out" "$n" >"$work/block"
            result=$(check_page "$work/block" "$n" "$2" "$3" "$5")
            [ "$result" = ok ] || break
            n=$((n + 1))
        done
    fi
    [ "$result" = ok ] && [ "$1" = HRR ] && ! grep -q 'HelloRetryRequest' "$log" &&
        result="FAIL: latch's trace shows no HelloRetryRequest"
    stop_peer "$latch_pid"
    cat "$log" >>"$out"
    row "go crypto/tls" "-> latch server" "$2" "$3" "$1" "$result" "$out"
}

# latch_to_go CHECK SUITE GROUP CONNS CCERT LATCH_OPTS GO_OPTS: `latch
# client --tls1_X LATCH_OPTS` makes CONNS connections (the later ones
# resuming with --sess-in when $RESUME is yes) to the Go server (TLS $VER, GO_OPTS), sending a
# line each; the Go server answers it with its summary.
latch_to_go() {
    log=$work/go-server.log
    # shellcheck disable=SC2086 # GO_OPTS is a list of options
    start_peer "$log" timeout "$STEP_TIMEOUT" env $GO_ENV "$GO_PEER" -mode server -version "$VER" -n "$4" $7
    pid=$peer_pid
    port=$(wait_for "$log" 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$pid")
    v=$(version_name "$VER")
    sess=$work/latch.sess
    rm -f "$sess"
    out=$work/latch.out
    err=$work/latch.err
    result=ok
    n=1
    while [ "$n" -le "$4" ]; do
        if [ "$n" = 1 ]; then
            resumed=false yn=no sess_opts=""
        elif [ "$RESUME" = no ]; then
            resumed=false yn=no sess_opts="--sess-in $sess"
        else
            resumed=true yn=yes sess_opts="--sess-in $sess"
        fi
        [ "$4" -gt 1 ] && sess_opts="$sess_opts --sess-out $sess"
            # shellcheck disable=SC2086 # LATCH_OPTS, sess_opts are lists
        if ! echo "hello from latch $n" | timeout "$STEP_TIMEOUT" "$LATCH" client \
            "127.0.0.1:$port" --ca "$CERTS/ca.pem" --sni localhost "--tls1_$(echo "$VER" | cut -c3)" \
            $6 $sess_opts >"$out" 2>"$err"; then
            result="FAIL: connection $n: latch client failed"
        elif ! grep -qxF "go: conn=$n version=$v suite=$2 resumed=$resumed peer-cert=$5" "$out"; then
            result="FAIL: connection $n: the Go server's answer is not version=$v suite=$2 resumed=$resumed peer-cert=$5"
        elif ! grep -qxF "you sent: hello from latch $n" "$out"; then
            result="FAIL: connection $n: the Go server did not get latch's line"
        elif ! grep -q "version=$v suite=$2 group=$3 .*resumed=$yn" "$err"; then
            result="FAIL: connection $n: latch's summary is not version=$v suite=$2 group=$3 resumed=$yn"
        elif [ "$1" = HRR ] && ! grep -q 'HelloRetryRequest' "$err"; then
            result="FAIL: latch's trace shows no HelloRetryRequest"
        fi
        [ "$result" = ok ] || break
        n=$((n + 1))
    done
    stop_peer "$pid"
    cat "$out" "$log" >>"$err"
    row "go crypto/tls" "latch client ->" "$2" "$3" "$1" "$result" "$err"
}

RESUME=yes
ECDSA="-cert $CERTS/ecdsa.pem -key $CERTS/ecdsa.key"
RSA="-cert $CERTS/rsa.pem -key $CERTS/rsa.key"

# ---- TLS 1.3 ----
VER=1.3
GO_ENV=""
go_to_latch suite TLS_AES_128_GCM_SHA256 x25519 1 "(none)" "" ""
latch_to_go suite TLS_AES_128_GCM_SHA256 x25519 1 "(none)" "" "$ECDSA"
# Go lets no TLS 1.3 suite be chosen. Without AES hardware Go prefers
# ChaCha20-Poly1305: GODEBUG=cpu.aes=off makes it so.
GO_ENV=GODEBUG=cpu.aes=off
go_to_latch "suite, Go ChaCha first" TLS_AES_128_GCM_SHA256 x25519 1 "(none)" "" ""
latch_to_go "suite, Go ChaCha first" TLS_CHACHA20_POLY1305_SHA256 x25519 1 "(none)" "" "$ECDSA"
GO_ENV=""
# latch's --ciphersuites: its server's order wins over Go's client, and a
# latch client offering only AES-256 leaves the Go server no other.
go_to_latch "suite, latch order" TLS_AES_256_GCM_SHA384 x25519 1 "(none)" \
    "--ciphersuites TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256" ""
latch_to_go "suite, latch offers" TLS_AES_256_GCM_SHA384 x25519 1 "(none)" \
    "--ciphersuites TLS_AES_256_GCM_SHA384" "$ECDSA"
for group in $MATRIX_GROUPS; do
    curve=$(openssl_group "$group")
    go_to_latch group TLS_AES_128_GCM_SHA256 "$group" 1 "(none)" "" "-curves $curve"
    latch_to_go group TLS_AES_128_GCM_SHA256 "$group" 1 "(none)" "--groups $group" \
        "$ECDSA -curves $curve"
done
# Go's client sends one key share, for its first curve (x25519), so latch
# taking only P-384 asks again (RFC 8446 4.1.4); latch's first share is
# x25519 too, so a Go server taking only P-384 asks latch again.
go_to_latch HRR TLS_AES_128_GCM_SHA256 secp384r1 1 "(none)" "--groups secp384r1 --trace" \
    "-curves X25519,P-384"
latch_to_go HRR TLS_AES_128_GCM_SHA256 secp384r1 1 "(none)" "--groups x25519:secp384r1 --trace" \
    "$ECDSA -curves P-384"
go_to_latch resumed TLS_AES_128_GCM_SHA256 x25519 2 "(none)" "" ""
# Go sends tickets only to a client that lists psk_key_exchange_modes
# (RFC 8446 4.2.9), which latch's first ClientHello must therefore carry.
latch_to_go resumed TLS_AES_128_GCM_SHA256 x25519 2 "(none)" "" "$ECDSA"
go_to_latch client-cert TLS_AES_128_GCM_SHA256 x25519 1 verified \
    "--verify-client $E2E/ca.pem --require-client-cert" \
    "-cert $E2E/rsa2048.chain.pem -key $E2E/rsa2048.key"
latch_to_go client-cert TLS_AES_128_GCM_SHA256 x25519 1 ecdsa-p256 \
    "--cert $E2E/ecdsa-p256.chain.pem --key $E2E/ecdsa-p256.key" "$ECDSA -client-ca $E2E/ca.pem"

# ---- TLS 1.2 ----
VER=1.2
echo "$MATRIX_SUITES" | while read -r suite _name key; do
    if [ "$key" = ecdsa ]; then cert=$ECDSA; else cert=$RSA; fi
    go_to_latch suite "$suite" x25519 1 "(none)" "" "-suites $suite"
    latch_to_go suite "$suite" x25519 1 "(none)" "--ciphers $suite" "$cert"
done
# Go 1.19 has no extended master secret (RFC 7627), and latch resumes no
# TLS 1.2 session made without it, as a server or a client (RFC 7627
# 5.3): the second connection is a full handshake, both sides agreeing.
RESUME=no
go_to_latch "no EMS: full" TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 x25519 2 "(none)" "" ""
latch_to_go "no EMS: full" TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 x25519 2 "(none)" "" "$ECDSA"
RESUME=yes
go_to_latch client-cert TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 x25519 1 verified \
    "--verify-client $E2E/ca.pem --require-client-cert" \
    "-cert $E2E/rsa2048.chain.pem -key $E2E/rsa2048.key"
latch_to_go client-cert TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 x25519 1 ecdsa-p256 \
    "--cert $E2E/ecdsa-p256.chain.pem --key $E2E/ecdsa-p256.key" "$ECDSA -client-ca $E2E/ca.pem"

finish
