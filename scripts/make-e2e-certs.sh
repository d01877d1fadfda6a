#!/bin/sh
# Makes the certificates the in-process end-to-end tests use: one test CA
# and a leaf for each key type latch serves with (ECDSA P-256 and P-384,
# Ed25519, RSA-2048), for localhost and 127.0.0.1, plus a P-256 leaf for
# other.example to test choosing by SNI. Valid for 100 years; the output
# is committed, so run this only to remake them.
set -eu
out=${1:-tests/data/e2e}
mkdir -p "$out"
cd "$out"
days=36500

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key \
    -out ca.pem -days $days -subj "/CN=latch e2e test CA" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign

leaf() { # name, openssl key options, SAN
    name=$1; shift
    san=$1; shift
    openssl req -new -nodes -keyout "$name.key" -out "$name.csr" -subj "/CN=$name" "$@"
    printf 'subjectAltName=%s\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n' "$san" >"$name.ext"
    openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days $days \
        -extfile "$name.ext" -out "$name.crt"
    cat "$name.crt" ca.pem >"$name.chain.pem"
    rm -f "$name.csr" "$name.ext" "$name.crt"
}

local_san="DNS:localhost,IP:127.0.0.1"
leaf ecdsa-p256 "$local_san" -newkey ec -pkeyopt ec_paramgen_curve:P-256
leaf ecdsa-p384 "$local_san" -newkey ec -pkeyopt ec_paramgen_curve:P-384
leaf ed25519 "$local_san" -newkey ed25519
leaf rsa2048 "$local_san" -newkey rsa:2048
leaf other-example "DNS:other.example,DNS:*.other.example" -newkey ec -pkeyopt ec_paramgen_curve:P-256
rm -f ca.srl
