#!/bin/sh
# Makes the certificates the interop tests use: a test CA and two server
# leaves signed by it, one ECDSA P-256 and one RSA-2048, each for
# DNS:localhost, IP:127.0.0.1 and IP:::1. They are valid from 2000 to
# 2125 so that neither a wrong clock nor time makes the tests fail.
# The output is committed; run this only to replace it.
#
#   scripts/make-interop-certs.sh [OUTDIR]   (default tests/data/interop)
set -eu

out=${1:-"$(dirname "$0")/../tests/data/interop"}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

start=20000101000000Z
end=21250101000000Z

# `openssl ca` is the only openssl 3.0 command that takes explicit dates.
mkdir "$work/newcerts"
: >"$work/index.txt"
echo 1000 >"$work/serial"
cat >"$work/ca.cnf" <<CNF
[ ca ]
default_ca = test_ca

[ test_ca ]
dir = $work
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
serial = \$dir/serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none

[ policy_any ]
commonName = supplied
organizationName = optional

[ req ]
distinguished_name = dn
prompt = no

[ dn ]
CN = unused

[ ext_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[ ext_ecdsa ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[ ext_rsa ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

sign() { # csr, out, extensions section, then how to sign
    csr=$1 cert=$2 ext=$3
    shift 3
    openssl ca -batch -config "$work/ca.cnf" -notext -startdate "$start" -enddate "$end" \
        -in "$csr" -out "$cert" -extensions "$ext" "$@" 2>"$work/ca.log" ||
        { cat "$work/ca.log" >&2; exit 1; }
}

openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$out/ca.key"
openssl req -new -config "$work/ca.cnf" -key "$out/ca.key" -subj "/O=latch tests/CN=latch interop test CA" \
    -out "$work/ca.csr"
sign "$work/ca.csr" "$out/ca.pem" ext_ca -selfsign -keyfile "$out/ca.key"

openssl genpkey -quiet -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$out/ecdsa.key"
openssl req -new -config "$work/ca.cnf" -key "$out/ecdsa.key" -subj "/O=latch tests/CN=localhost" \
    -out "$work/ecdsa.csr"
sign "$work/ecdsa.csr" "$out/ecdsa.pem" ext_ecdsa -keyfile "$out/ca.key" -cert "$out/ca.pem"

openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$out/rsa.key"
openssl req -new -config "$work/ca.cnf" -key "$out/rsa.key" -subj "/O=latch tests/CN=localhost" \
    -out "$work/rsa.csr"
sign "$work/rsa.csr" "$out/rsa.pem" ext_rsa -keyfile "$out/ca.key" -cert "$out/ca.pem"

openssl verify -CAfile "$out/ca.pem" "$out/ecdsa.pem" "$out/rsa.pem"
