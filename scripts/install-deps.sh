#!/bin/sh
# Makes sure the Debian packages a job needs are present.
#
#   scripts/install-deps.sh GROUP... [PACKAGE...]
#
# Groups: build (compiler, cmake, the headers of libcrypto, libpsl and
# hiredis, the last for latch server's Redis session cache:
# all `make` and `make demo` need), test (build, plus the real peers,
# scanners and tools the test suite drives, and the Public Suffix List's
# current data), bench (build, plus the libraries latch is compared with,
# and the TLS terminators and load generator of make bench-server),
# fuzz (build, plus clang and libFuzzer). Any other word is a package name.
# As root it installs what is missing; otherwise it prints the apt-get line
# to run and fails. Only the groups asked for are checked, so `build` fails
# only when a build package is missing.
set -eu

build="gcc make cmake pkg-config libssl-dev libpsl-dev libhiredis-dev"
test_tools="openssl python3 gnutls-bin golang-go curl wget ca-certificates tshark valgrind publicsuffix testssl.sh sslscan chromium tidy
    mandoc dpkg-dev debhelper lintian redis-server nginx-light dovecot-imapd dovecot-pop3d"
# bench also holds the TLS terminators and the load generator of make
# bench-server.
bench_libs="libgnutls28-dev libmbedtls-dev hitch stunnel4 nginx-light libnginx-mod-stream nghttp2-client"
fuzz_tools="clang libclang-rt-dev"

if [ "$#" -eq 0 ]; then
    echo "usage: $0 build|test|bench|fuzz... [package...]" >&2
    exit 2
fi

needed="$build"
for word in "$@"; do
    case "$word" in
    build) ;;
    test) needed="$needed $test_tools" ;;
    bench) needed="$needed $bench_libs" ;;
    fuzz) needed="$needed $fuzz_tools" ;;
    *) needed="$needed $word" ;;
    esac
done

missing=""
for p in $needed; do
    case " $missing " in *" $p "*) continue ;; esac
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "latch ($*) needs these Debian packages:$missing" >&2
    echo "run: sudo apt-get install -y$missing" >&2
    exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq $missing
