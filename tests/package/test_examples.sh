#!/bin/sh
# latch used the way another project uses it: installed with DESTDIR into
# a scratch root (cmake --install, what `make install` runs), then every
# example of examples/ built against the installed files with pkg-config
# (shared, and https_get statically too) and with CMake's
# find_package(latch), and each run against a real peer on 127.0.0.1:
# openssl s_server for the clients, Python's ssl module for the server.
set -eu
. "$LATCH_SOURCE/tests/interop/interop_lib.sh"

need openssl openssl
need cc gcc
need pkg-config pkg-config
need python3 python3
need_latch

E2E=$LATCH_TESTDATA/e2e
EX=$LATCH_SOURCE/examples
root=$work/root
prefix=$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$LATCH_BUILD/CMakeCache.txt")
libdir=$root$prefix/$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$LATCH_BUILD/CMakeCache.txt")

# ---- the installed files ----
# cmake --install writes the build's install_manifest.txt, which `make
# uninstall` reads: the one of a real install is put back afterwards.
manifest=$LATCH_BUILD/install_manifest.txt
[ -f "$manifest" ] && cp "$manifest" "$work/manifest.saved"
DESTDIR=$root cmake --install "$LATCH_BUILD" >"$work/install.log" 2>&1 ||
    { cat "$work/install.log"; fail_setup "cmake --install failed"; }
mv "$manifest" "$work/manifest"
[ -f "$work/manifest.saved" ] && cp "$work/manifest.saved" "$manifest"
missing=""
for f in "$libdir/liblatch.so.0" "$libdir/liblatch.so" "$libdir/liblatch.a" \
    "$libdir/pkgconfig/latch.pc" "$libdir/cmake/latch/latchConfig.cmake" \
    "$root$prefix/include/latch.h" "$root$prefix/bin/latch" \
    "$root$prefix/share/man/man1/latch.1" "$root$prefix/share/man/man3/latch.3" \
    "$root$prefix/share/man/man3/latch_conn_new.3"; do
    [ -e "$f" ] || missing="$missing $f"
done
[ "$(readlink "$libdir/liblatch.so")" = liblatch.so.0 ] || missing="$missing liblatch.so->liblatch.so.0"
result=ok
[ -z "$missing" ] || result="FAIL: not installed:$missing"
row install "DESTDIR" files - present "$result" "$work/install.log"

# ---- uninstalling a copy: every installed file goes, nothing else ----
cp -a "$root" "$work/root-uninstall"
echo keep >"$work/root-uninstall$prefix/include/other.h"
result=ok
DESTDIR=$work/root-uninstall cmake -DMANIFEST="$work/manifest" -P "$LATCH_SOURCE/cmake/uninstall.cmake" \
    >"$work/uninstall.log" 2>&1 || result="FAIL: uninstall failed"
left=$(find "$work/root-uninstall" \( -type f -o -type l \) | sed "s|^$work/root-uninstall||")
if [ "$result" = ok ] && [ "$left" != "$prefix/include/other.h" ]; then
    result="FAIL: uninstall left or removed the wrong files: $left"
fi
[ "$(wc -l <"$work/manifest")" -ge 10 ] || result="FAIL: the manifest lists $(wc -l <"$work/manifest") files"
row uninstall "DESTDIR" manifest - "removes all" "$result" "$work/uninstall.log"

# ---- https_get's size (issue 19: at most 25 lines of code) ----
# Lines of code: not blank, not within the /* */ comment that opens it.
code=$(awk '/^\/\*/ { c = 1 } !c && NF { n++ } c && /\*\// { c = 0 } END { print n }' "$EX/https_get.c")
[ "$code" -le 25 ] && result=ok || result="FAIL: $code lines of code"
row https_get size - - "<= 25 lines" "$result" "$EX/https_get.c"

# ---- building the examples ----
# pkg-config as for a staging root (its paths prefixed with $root); only
# for these calls, so CMake's own look-up of libpsl below is the system's.
pc() { PKG_CONFIG_SYSROOT_DIR="$root" PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config "$@"; }
cflags=$(pc --cflags latch)
libs=$(pc --libs latch)
static_libs=$(pc --static --libs latch | sed 's/-llatch/-l:liblatch.a/')
# A sanitizer build installs an instrumented library: the examples are
# then built with the sanitizers too, which checks them as well.
san=""
if grep -q '^LATCH_SANITIZE:BOOL=ON$' "$LATCH_BUILD/CMakeCache.txt"; then
    san="-fsanitize=address,undefined -fno-sanitize-recover=all"
fi
cflags="$cflags $san"
mkdir -p "$work/pc" "$work/static"
build_log=$work/build.log
: >"$build_log"
# shellcheck disable=SC2086 # the flags are word lists
for name in https_get keylog mtls_client resume nonblock_client epoll_server pin_client; do
    result=ok
    cc -Wall -Wextra -Werror $cflags -o "$work/pc/$name" "$EX/$name.c" $libs >>"$build_log" 2>&1 ||
        result="FAIL: does not build with pkg-config"
    row "$name" pkg-config shared - builds "$result" "$build_log"
done
# shellcheck disable=SC2086
cc -Wall -Wextra -Werror $cflags -o "$work/static/https_get" "$EX/https_get.c" $static_libs \
    >>"$build_log" 2>&1 && result=ok || result="FAIL: does not build statically"
if [ "$result" = ok ] && readelf -d "$work/static/https_get" | grep -q 'liblatch'; then
    result="FAIL: the static build still needs liblatch.so"
fi
row https_get pkg-config static - builds "$result" "$build_log"
result=ok
{ cmake -S "$EX" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$root$prefix" -DCMAKE_C_FLAGS="$san" &&
    cmake --build "$work/cmake"; } >>"$build_log" 2>&1 || result="FAIL: does not build with find_package"
row examples find_package shared - builds "$result" "$build_log"
export LD_LIBRARY_PATH="$libdir"
# The shared builds must load the installed library, not another one.
if ! ldd "$work/pc/https_get" | grep -q "=> $libdir/liblatch.so.0"; then
    row https_get ldd - - "loads it" "FAIL: does not load $libdir/liblatch.so.0"
fi

# start_s_server LOG ARGS...: openssl s_server -www on a run-time port with
# the interop certificate; sets $pid, $port.
start_s_server() {
    slog=$1
    shift
    start_peer "$slog" timeout "$STEP_TIMEOUT" openssl s_server -accept 127.0.0.1:0 -tls1_2 \
        -cert "$CERTS/ecdsa.pem" -key "$CERTS/ecdsa.key" -www "$@"
    pid=$peer_pid
    port=$(wait_for "$slog" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$pid")
}
run() { timeout "$STEP_TIMEOUT" "$@"; }
out=$work/out
err=$work/err

# ---- https_get: three builds, then one with no trust in the server ----
start_s_server "$work/s.log" -naccept 4
for build in pc static cmake; do
    result=ok
    if ! SSL_CERT_FILE=$CERTS/ca.pem run "$work/$build/https_get" localhost "$port" / >"$out" 2>"$err"; then
        result="FAIL: exited non-zero"
    elif ! grep -q '^HTTP/1.0 200 ok' "$out" || ! grep -q 'Protocol  *: TLSv1.2' "$out"; then
        result="FAIL: s_server's page did not arrive"
    fi
    row https_get "$build ->" "s_server -www" - "page" "$result" "$err"
done
result=ok
if SSL_CERT_FILE=$E2E/ca.pem run "$work/pc/https_get" localhost "$port" / >"$out" 2>"$err"; then
    result="FAIL: accepted a server its trust store does not vouch for"
elif ! grep -q 'is not a trust anchor' "$err"; then
    result="FAIL: did not say why it refused"
fi
row https_get "pc ->" "s_server, other CA" - refused "$result" "$err"
stop_peer "$pid"

# ---- keylog: the client's line is the one s_server logs ----
start_s_server "$work/s.log" -naccept 1 -keylogfile "$work/server.keys"
result=ok
if ! run "$work/pc/keylog" localhost "$port" "$CERTS/ca.pem" "$work/client.keys" >"$out" 2>"$err"; then
    result="FAIL: exited non-zero"
else
    wait "$pid" 2>/dev/null || true
    line=$(grep '^CLIENT_RANDOM [0-9a-f]\{64\} [0-9a-f]\{96\}$' "$work/client.keys" || true)
    if [ -z "$line" ]; then
        result="FAIL: no CLIENT_RANDOM line written"
    elif ! grep -qxF "$line" "$work/server.keys"; then
        result="FAIL: s_server logged another master secret"
    elif [ "$(stat -c %a "$work/client.keys")" != 600 ]; then
        result="FAIL: the key log file is readable by others"
    fi
fi
cat "$work/client.keys" "$work/server.keys" >>"$err" 2>/dev/null || true
row keylog "pc ->" "s_server -keylogfile" - "same key" "$result" "$err"

# ---- mutual TLS: s_server requires a client certificate ----
start_s_server "$work/s.log" -naccept 2 -Verify 1 -CAfile "$E2E/ca.pem"
result=ok
if ! run "$work/pc/mtls_client" localhost "$port" "$CERTS/ca.pem" "$E2E/ecdsa-p256.chain.pem" \
    "$E2E/ecdsa-p256.key" >"$out" 2>"$err"; then
    result="FAIL: exited non-zero"
elif ! grep -q '^Client certificate' "$out" || ! grep -q 'Subject: CN *= *ecdsa-p256' "$out"; then
    result="FAIL: s_server's page does not show the client certificate"
fi
row mtls_client "pc ->" "s_server -Verify 1" - "cert sent" "$result" "$err"
result=ok
if SSL_CERT_FILE=$CERTS/ca.pem run "$work/pc/https_get" localhost "$port" / >"$out" 2>"$err"; then
    result="FAIL: a client without a certificate got through"
fi
row https_get "pc ->" "s_server -Verify 1" - refused "$result" "$err"
stop_peer "$pid"

# ---- resume: two processes, the session kept in a file between them ----
start_s_server "$work/s.log" -naccept 2
sess=$work/session
result=ok
if ! run "$work/pc/resume" localhost "$port" "$CERTS/ca.pem" "$sess" >"$out" 2>"$err" ||
    ! grep -qx 'resumed: no' "$err"; then
    result="FAIL: the first run did not make a full handshake"
elif [ "$(stat -c %a "$sess")" != 600 ]; then
    result="FAIL: the session file is readable by others"
elif ! run "$work/pc/resume" localhost "$port" "$CERTS/ca.pem" "$sess" >"$out" 2>>"$err" ||
    ! grep -qx 'resumed: yes' "$err"; then
    result="FAIL: the second run did not resume"
elif ! grep -q '^Reused, TLSv1.2' "$out"; then
    result="FAIL: s_server's page does not say Reused"
fi
row resume "pc -> (x2)" "s_server -www" - resumed "$result" "$err"
stop_peer "$pid"

# ---- pin_client: the verify callback pins the key; the leaf as OpenSSL reads it ----
leaf=$CERTS/ecdsa.pem
spki=$(openssl x509 -in "$leaf" -noout -pubkey | openssl pkey -pubin -outform DER | sha256sum | cut -d' ' -f1)
fpr=$(openssl x509 -in "$leaf" -noout -fingerprint -sha256 | sed 's/.*=//; s/://g' | tr 'A-F' 'a-f')
serial=$(openssl x509 -in "$leaf" -noout -serial | sed 's/.*=//' | tr 'A-F' 'a-f' | sed 's/\(..\)/\1:/g; s/:$//')
start_s_server "$work/s.log" -naccept 2
result=ok
if ! run "$work/pc/pin_client" localhost "$port" "$CERTS/ca.pem" "$spki" >"$out" 2>"$err"; then
    result="FAIL: refused the pinned key"
elif ! grep -qx "spki sha256: $spki" "$out" || ! grep -qx "sha256: $fpr" "$out"; then
    result="FAIL: the fingerprints differ from OpenSSL's"
elif ! grep -qx "serial: $serial" "$out" || ! grep -qx "name: DNS:localhost" "$out" ||
    ! grep -qx "key: ECDSA P-256 256" "$out"; then
    result="FAIL: the decoded fields differ from OpenSSL's (serial $serial)"
fi
cat "$out" >>"$err"
row pin_client "pc ->" "s_server -www" - "pinned key" "$result" "$err"
result=ok
other=$(printf '%064d' 0)
if run "$work/pc/pin_client" localhost "$port" "$CERTS/ca.pem" "$other" >"$out" 2>"$err"; then
    result="FAIL: accepted a key that is not pinned"
elif ! grep -q "certificate error: .*public key $spki is not the pinned one" "$err"; then
    result="FAIL: did not say why, as a certificate error"
fi
row pin_client "pc ->" "s_server -www" - "other key refused" "$result" "$err"
stop_peer "$pid"

# ---- many connections: the non-blocking client, then the epoll server ----
many=${EXAMPLE_CONNS:-40}
start_s_server "$work/s.log" -naccept "$many"
result=ok
if ! run "$work/pc/nonblock_client" localhost "$port" "$CERTS/ca.pem" "$many" >"$out" 2>"$err"; then
    result="FAIL: exited non-zero"
elif ! grep -qx "$many of $many answers" "$out"; then
    result="FAIL: not every connection got its answer"
fi
row nonblock_client "pc ->" "s_server -www" "$many conns" answers "$result" "$err"
stop_peer "$pid"

start_peer "$work/e.log" timeout "$STEP_TIMEOUT" "$work/cmake/epoll_server" 0 \
    "$CERTS/ecdsa.pem" "$CERTS/ecdsa.key" "$many"
pid=$peer_pid
port=$(wait_for "$work/e.log" 's/^listening on \([0-9][0-9]*\)$/\1/p' "$pid")
# Every client connects before any sends, so the server holds them all at
# once; each checks its own line comes back, then sends close_notify.
result=ok
if ! run python3 - "$port" "$CERTS/ca.pem" "$many" >"$out" 2>&1 <<'PY'; then
import socket, ssl, sys
port, ca, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
ctx = ssl.create_default_context(cafile=ca)
conns = []
for i in range(n):
    s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", port)), server_hostname="localhost")
    conns.append(s)
for i, s in enumerate(conns):
    line = b"line %d from client %d\n" % (i, i)
    s.sendall(line)
    got = b""
    while not got.endswith(b"\n"):
        chunk = s.recv(4096)
        if not chunk:
            sys.exit("connection %d: the server closed before echoing" % i)
        got += chunk
    if got != line:
        sys.exit("connection %d: sent %r, got %r" % (i, line, got))
for s in conns:
    s.unwrap()
    s.close()
print("%d echoes" % n)
PY
    result="FAIL: the Python clients failed"
elif ! wait "$pid"; then
    result="FAIL: the server exited non-zero"
elif ! grep -qx "echoed to $many connections" "$work/e.log"; then
    result="FAIL: the server did not count $many echoing connections"
fi
cat "$work/e.log" >>"$out"
row epoll_server "python ssl ->" "cmake build" "$many conns" echoes "$result" "$out"

finish
