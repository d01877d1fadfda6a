#!/bin/sh
# SSLKEYLOGFILE is handled with care: `latch server` and `latch client`
# warn on stderr that it is set; the file is created with mode 0600 even
# under a permissive umask and takes the NSS line of a real peer's
# connection (openssl s_client); a key log path that is a symbolic link is
# refused, and the link's target is neither created nor written.
set -eu
. "$(dirname "$0")/interop_lib.sh"

need_latch
need openssl openssl
umask 022
warning='warning: SSLKEYLOGFILE is set'

# A symbolic link, to a target that does not exist yet: the server must
# not start, must say why, and must not create the target.
ln -s "$work/target.txt" "$work/link.txt"
if SSLKEYLOGFILE=$work/link.txt timeout "$STEP_TIMEOUT" "$LATCH" server --bind 127.0.0.1 \
    --port 0 --cert "$CERTS/ecdsa.pem" --key "$CERTS/ecdsa.key" >"$work/link.out" \
    2>"$work/link.err"; then
    row "latch server" "SSLKEYLOGFILE" "-" "-" symlink "FAIL: served through a symlink" \
        "$work/link.err"
elif ! grep -q 'symbolic link' "$work/link.err"; then
    row "latch server" "SSLKEYLOGFILE" "-" "-" symlink "FAIL: no reason given" "$work/link.err"
elif [ -e "$work/target.txt" ]; then
    row "latch server" "SSLKEYLOGFILE" "-" "-" symlink "FAIL: the link's target was created"
else
    row "latch server" "SSLKEYLOGFILE" "-" "-" symlink ok
fi

# A plain path: a warning, then one line per connection, mode 0600.
keylog=$work/server-keys.txt
SSLKEYLOGFILE=$keylog start_latch_server "$work/server.log" --http
if printf 'GET / HTTP/1.0\r\n\r\n' |
    timeout "$STEP_TIMEOUT" openssl s_client -connect "127.0.0.1:$latch_port" -tls1_2 -ign_eof \
        -CAfile "$CERTS/ca.pem" -verify_return_error -servername localhost -brief \
        >"$work/s_client.out" 2>"$work/s_client.err"; then
    row "openssl s_client" "-> latch server" "-" "-" handshake ok
else
    row "openssl s_client" "-> latch server" "-" "-" handshake "FAIL: s_client failed" \
        "$work/s_client.err"
fi
if grep -q "$warning" "$work/server.log"; then
    row "latch server" "SSLKEYLOGFILE" "-" "-" warning ok
else
    row "latch server" "SSLKEYLOGFILE" "-" "-" warning "FAIL: no warning on stderr" \
        "$work/server.log"
fi
mode=$(stat -c %a "$keylog" 2>/dev/null || echo missing)
if [ "$mode" != 600 ]; then
    row "latch server" "SSLKEYLOGFILE" "-" "-" mode "FAIL: mode $mode, not 600"
elif ! grep -Eq '^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$' "$keylog"; then
    row "latch server" "SSLKEYLOGFILE" "-" "-" line "FAIL: no NSS key log line" "$keylog"
else
    row "latch server" "SSLKEYLOGFILE" "-" "-" "mode+line" ok
fi

# The client tools share the code: `latch client` warns too, and logs
# the TLS 1.3 secrets it negotiates with latch server. (The HTTP
# server closes without close_notify when stdin ends: the exit status is
# not what this checks.)
printf '' | SSLKEYLOGFILE=$work/client-keys.txt timeout "$STEP_TIMEOUT" "$LATCH" client \
    --ca "$CERTS/ca.pem" "localhost:$latch_port" >"$work/client.out" 2>"$work/client.err" || true
if grep -q "$warning" "$work/client.err" && grep -q '^Connected to' "$work/client.err" &&
    grep -Eq '^CLIENT_TRAFFIC_SECRET_0 [0-9a-f]{64} [0-9a-f]{64}$' "$work/client-keys.txt"; then
    row "latch client" "SSLKEYLOGFILE" "-" "-" warning ok
else
    row "latch client" "SSLKEYLOGFILE" "-" "-" warning "FAIL: no warning, or no connection" \
        "$work/client.err"
fi

finish
