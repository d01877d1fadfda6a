#!/bin/sh
# Certificate Transparency SCTs (RFC 6962 3.3.1) from `openssl s_server
# -serverinfo`: latch client asks for them (an empty
# signed_certificate_timestamp in its ClientHello), and its trace shows
# the list it gets, not checked, in the leaf's CertificateEntry in TLS 1.3
# (RFC 8446 4.4.2.1) and in the ServerHello in TLS 1.2. The serverinfo
# file (v2: a context, then the extension) is made here, with one SCT
# whose log ID and signature are made up: latch does not check them.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need openssl openssl
need python3 python3

# Context: SSL_EXT_CLIENT_HELLO | SSL_EXT_TLS1_2_SERVER_HELLO |
# SSL_EXT_TLS1_3_CERTIFICATE (0x1180), so OpenSSL sends it in both versions.
python3 - "$work/sct.pem" <<'PY'
import base64, struct, sys
sct = b"\0" + b"\x11" * 32 + struct.pack(">Q", 1700000000000) + b"\0\0" + b"\4\3\0\4" + b"\xde\xad\xbe\xef"
serialized = struct.pack(">H", len(sct)) + sct
sct_list = struct.pack(">H", len(serialized)) + serialized
data = struct.pack(">IHH", 0x1180, 18, len(sct_list)) + sct_list
with open(sys.argv[1], "w") as f:
    f.write("-----BEGIN SERVERINFOV2 FOR CT-----\n")
    f.write(base64.encodebytes(data).decode())
    f.write("-----END SERVERINFOV2 FOR CT-----\n")
PY
# The SignedCertificateTimestampList is 55 bytes with its length prefix.
SHOWN="signed certificate timestamps: 55 bytes, not checked"

# sct_row VERSION FIELD: FIELD is the trace field that must show the list.
sct_row() {
    version=$1 field=$2
    log=$work/server.log
    start_peer "$log" timeout "$STEP_TIMEOUT" openssl s_server -accept 127.0.0.1:0 "$version" \
        -cert "$CERTS/ecdsa.pem" -key "$CERTS/ecdsa.key" -serverinfo "$work/sct.pem" -www \
        -naccept 1
    pid=$peer_pid
    port=$(wait_for "$log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$pid")
    err=$work/client.err
    result=ok
    if ! printf 'GET / HTTP/1.0\r\n\r\n' |
        timeout "$STEP_TIMEOUT" "$LATCH" client "127.0.0.1:$port" --ca "$CERTS/ca.pem" --trace \
            >"$work/client.out" 2>"$err"; then
        result="FAIL: latch client exited non-zero"
    elif ! grep -q "^ *sct *requested: signed certificate timestamps" "$err"; then
        result="FAIL: latch's ClientHello does not ask for SCTs"
    elif ! grep -q "^ *$field *$SHOWN\$" "$err"; then
        result="FAIL: latch's trace does not show '$field  $SHOWN'"
    fi
    stop_peer "$pid"
    cat "$log" >>"$err"
    row "openssl s_server" "latch client ->" "-" x25519 "sct $version" "$result" "$err"
}

sct_row -tls1_3 'cert\[0\]\.sct'
sct_row -tls1_2 sct

finish
