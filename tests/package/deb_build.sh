#!/bin/sh
# The Debian packages, as `make test-deb` checks them (not in CTest: the
# package build takes minutes): dpkg-buildpackage -us -uc -b on a copy of
# the source, with dpkg-gensymbols failing on any difference from
# debian/liblatch0.symbols; lintian with no error; the three .debs
# unpacked into a scratch root with dpkg -x; the https_get example built
# there with pkg-config and with find_package(latch), and it and the
# packaged latch command run against openssl s_server.
set -eu
. "$LATCH_SOURCE/tests/interop/interop_lib.sh"

need dpkg-buildpackage dpkg-dev
need dh debhelper
need lintian lintian
need openssl openssl
need cc gcc
need pkg-config pkg-config

# ---- build ----
src=$work/src/latch-0.1.0
mkdir -p "$src"
for f in CMakeLists.txt README.md cmake debian examples include man src tools; do
    cp -r "$LATCH_SOURCE/$f" "$src/"
done
started=$(date +%s)
result=ok
(cd "$src" && DPKG_GENSYMBOLS_CHECK_LEVEL=4 nice dpkg-buildpackage -us -uc -b) \
    >"$work/build.log" 2>&1 || result="FAIL: dpkg-buildpackage failed"
echo "dpkg-buildpackage took $(($(date +%s) - started)) s"
tail -n 40 "$work/build.log" >"$work/build.tail" # the failure, not every compile line
row dpkg-buildpackage "-us -uc -b" "liblatch0 liblatch-dev latch-tools" - builds "$result" "$work/build.tail"
[ "$result" = ok ] || { finish; exit 1; }
for p in liblatch0 liblatch-dev latch-tools; do
    ls "$work/src/${p}_0.1.0_"*.deb >/dev/null 2>&1 || row "$p" .deb - - made "FAIL: no .deb" "$work/build.log"
done

# ---- lintian ----
result=ok
lintian --fail-on error --display-info "$work/src/"latch_0.1.0_*.changes >"$work/lintian.log" 2>&1 ||
    result="FAIL: lintian reports errors, or could not check the packages"
echo "lintian: $(grep -c '^E: ' "$work/lintian.log" || true) errors," \
    "$(grep -c '^W: ' "$work/lintian.log" || true) warnings, $(grep -c '^I: ' "$work/lintian.log" || true) notes"
cat "$work/lintian.log"
row lintian "*.changes" - - "no errors" "$result" "$work/lintian.log"

# ---- installed into a scratch root ----
root=$work/root
for deb in "$work/src/"*.deb; do
    dpkg -x "$deb" "$root"
done
libdir=$(dirname "$(find "$root/usr/lib" -name liblatch.so.0 | head -n 1)")
export LD_LIBRARY_PATH="$libdir"
# pkg-config as for a staging root, for these calls only (CMake's look-up
# of libpsl below is the system's).
pc() { PKG_CONFIG_SYSROOT_DIR="$root" PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config "$@"; }
mkdir -p "$work/pc"
result=ok
# shellcheck disable=SC2046 # pkg-config prints word lists
cc -Wall -Wextra -Werror $(pc --cflags latch) -o "$work/pc/https_get" \
    "$LATCH_SOURCE/examples/https_get.c" $(pc --libs latch) >"$work/cc.log" 2>&1 ||
    result="FAIL: https_get does not build with pkg-config"
row https_get "dpkg -x root" pkg-config - builds "$result" "$work/cc.log"
result=ok
{ cmake -S "$LATCH_SOURCE/examples" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$root/usr" &&
    cmake --build "$work/cmake" --target https_get; } >"$work/cmake.log" 2>&1 ||
    result="FAIL: https_get does not build with find_package"
row https_get "dpkg -x root" find_package - builds "$result" "$work/cmake.log"

start_peer "$work/s.log" timeout "$STEP_TIMEOUT" openssl s_server -accept 127.0.0.1:0 -tls1_2 \
    -cert "$CERTS/ecdsa.pem" -key "$CERTS/ecdsa.key" -www -naccept 3
pid=$peer_pid
port=$(wait_for "$work/s.log" 's/^ACCEPT .*:\([0-9][0-9]*\)$/\1/p' "$pid")
for build in pc cmake; do
    result=ok
    SSL_CERT_FILE=$CERTS/ca.pem timeout "$STEP_TIMEOUT" "$work/$build/https_get" localhost "$port" / \
        >"$work/out" 2>&1 && grep -q '^HTTP/1.0 200 ok' "$work/out" || result="FAIL: no page from s_server"
    row https_get "$build ->" "s_server -www" - page "$result" "$work/out"
done
result=ok
timeout "$STEP_TIMEOUT" "$root/usr/bin/latch" get --ca "$CERTS/ca.pem" "https://localhost:$port/" \
    >"$work/out" 2>&1 && grep -q 'TLSv1.2' "$work/out" || result="FAIL: the packaged latch get failed"
row "latch get" "packaged ->" "s_server -www" - page "$result" "$work/out"
finish
