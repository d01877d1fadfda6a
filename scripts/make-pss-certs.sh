#!/bin/sh
# Makes the RSA-PSS chains and the certificate-choice chains (issue 18):
#   pss-ca.pem            an RSA-PSS CA (id-RSASSA-PSS key, no parameters)
#   pss.chain.pem/.key    a leaf with an unrestricted RSA-PSS key, signed
#                         by pss-ca with RSASSA-PSS
#   pss-sha256.chain.pem/.key  a leaf whose key is bound to SHA-256
#                         (RSASSA-PSS-params in its SubjectPublicKeyInfo)
#   rsa-ca.pem, ec-ca.pem an RSA CA (sha256WithRSAEncryption) and a P-256 CA
#   by-rsa.chain.pem/.key, by-ec.chain.pem/.key  P-256 leaves, one signed by
#                         each CA, for choosing by signature_algorithms_cert
# All for localhost and 127.0.0.1. The interop tests run it into their
# temporary directory; tests/data/pss holds one run for the unit tests.
set -eu
out=${1:-tests/data/pss}
mkdir -p "$out"
cd "$out"
days=36500
# ca NAME SUBJECT REQ_OPTIONS...: a self-signed CA certificate NAME.pem.
ca() {
    name=$1 subject=$2
    shift 2
    openssl req -x509 -out "$name.pem" -days $days -subj "$subject" -nodes \
        -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
        "$@" 2>/dev/null
}

openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out pss-ca.key 2>/dev/null
ca pss-ca "/CN=latch PSS test CA" -key pss-ca.key -sha256 -sigopt rsa_padding_mode:pss \
    -sigopt rsa_pss_saltlen:digest
ca rsa-ca "/CN=latch RSA test CA" -newkey rsa:2048 -keyout rsa-ca.key -sha256
ca ec-ca "/CN=latch ECDSA test CA" -newkey ec -pkeyopt ec_paramgen_curve:P-256 -keyout ec-ca.key

leaf() { # name, CA, signing options...
    name=$1 ca=$2
    shift 2
    openssl req -new -key "$name.key" -out "$name.csr" -subj "/CN=$name"
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' >"$name.ext"
    openssl x509 -req -in "$name.csr" -CA "$ca.pem" -CAkey "$ca.key" -set_serial "0x$(openssl rand -hex 8)" \
        -days $days -extfile "$name.ext" -out "$name.crt" "$@" 2>/dev/null
    cat "$name.crt" "$ca.pem" >"$name.chain.pem"
    rm -f "$name.csr" "$name.ext" "$name.crt"
}

pss="-sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest"
openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out pss.key 2>/dev/null
# shellcheck disable=SC2086
leaf pss pss-ca $pss
openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 \
    -pkeyopt rsa_pss_keygen_md:sha256 -pkeyopt rsa_pss_keygen_mgf1_md:sha256 \
    -pkeyopt rsa_pss_keygen_saltlen:32 -out pss-sha256.key 2>/dev/null
# shellcheck disable=SC2086
leaf pss-sha256 pss-ca $pss
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out by-rsa.key
leaf by-rsa rsa-ca -sha256
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out by-ec.key
leaf by-ec ec-ca -sha256
rm -f ./*-ca.key
