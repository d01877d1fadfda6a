#!/bin/sh
# Makes sure the Debian packages that building and testing latch need are
# present. As root it installs what is missing; otherwise it prints the
# exact apt-get line to run and stops.
set -eu

packages="gcc make cmake pkg-config libssl-dev libpsl-dev publicsuffix openssl python3 gnutls-bin curl ca-certificates tshark valgrind testssl.sh sslscan chromium tidy mandoc"
[ "$#" -gt 0 ] && packages="$packages $*"

missing=""
for p in $packages; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "latch needs these Debian packages:$missing" >&2
    echo "run: sudo apt-get install -y$missing" >&2
    exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq $missing
