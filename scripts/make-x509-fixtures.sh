#!/bin/bash
# Makes the X.509 and PEM fixtures in tests/data/x509/ with the openssl
# command line. The tests check parsed fields against what is asked for
# here, so change both together. Certificates are valid for DAYS days from
# the day they are made (long enough to cross 2050, where RFC 5280 4.1.2.5
# switches from UTCTime to GeneralizedTime).
set -euo pipefail
cd "$(dirname "$0")/../tests/data/x509"
DAYS=36500
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ext NAME LINES...: writes an extension section file.
ext() {
    local name=$1
    shift
    printf '%s\n' "$@" >"$tmp/$name.ext"
}

# cert OUT KEY SUBJECT ISSUER_CERT ISSUER_KEY SERIAL EXTFILE [x509 options...]
# ISSUER_CERT "self" makes a self-signed certificate; EXTFILE "none" makes
# a version 1 certificate.
cert() {
    local out=$1 key=$2 subject=$3 issuer=$4 issuer_key=$5 serial=$6 extfile=$7
    shift 7
    openssl req -new -key "$key" -subj "$subject" -out "$tmp/req.csr" 2>/dev/null
    local args=(-req -in "$tmp/req.csr" -days "$DAYS" -set_serial "$serial" -out "$out")
    if [ "$issuer" = self ]; then
        args+=(-key "$key")
    else
        args+=(-CA "$issuer" -CAkey "$issuer_key")
    fi
    if [ "$extfile" != none ]; then
        args+=(-extfile "$tmp/$extfile.ext")
    fi
    openssl x509 "${args[@]}" "$@" 2>/dev/null
}

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa-ca.key 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out rsa-leaf.key 2>/dev/null
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec256-ca.key
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec256-leaf.key
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out ec384-ca.key
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out ec384-leaf.key
openssl genpkey -algorithm ED25519 -out ed25519.key

ext ca "basicConstraints=critical,CA:TRUE,pathlen:1" "keyUsage=critical,keyCertSign,cRLSign" \
    "subjectKeyIdentifier=hash"
ext leaf "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature,keyEncipherment" \
    "extendedKeyUsage=serverAuth,clientAuth" \
    "subjectAltName=DNS:www.example.com,DNS:*.example.org,IP:192.0.2.7,IP:2001:db8::1,email:ops@example.com,URI:https://example.com/" \
    "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" \
    "crlDistributionPoints=URI:http://crl.example.com/ca.crl" \
    "authorityInfoAccess=OCSP;URI:http://ocsp.example.com/,caIssuers;URI:http://ca.example.com/ca.crt"
ext ec_leaf "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth" "subjectAltName=DNS:ec.example.com" \
    "authorityKeyIdentifier=keyid"

cert rsa-ca.pem rsa-ca.key "/C=US/O=latch/CN=latch Test RSA CA" self - 1 ca
cert rsa-leaf.pem rsa-leaf.key "/C=US/O=latch/OU=Servers/CN=www.example.com" rsa-ca.pem \
    rsa-ca.key 0x0123456789abcdef leaf -sha256
cert ec256-ca.pem ec256-ca.key "/CN=latch Test P-256 CA" self - 2 ca -sha256
cert ec256-leaf.pem ec256-leaf.key "/CN=ec.example.com" ec256-ca.pem ec256-ca.key 3 ec_leaf \
    -sha256
cert ec384-ca.pem ec384-ca.key "/CN=latch Test P-384 CA" self - 4 ca -sha384
cert ec384-leaf.pem ec384-leaf.key "/CN=ec.example.com" ec384-ca.pem ec384-ca.key 5 ec_leaf \
    -sha384

ext ed "basicConstraints=critical,CA:TRUE" "keyUsage=critical,keyCertSign,digitalSignature" \
    "subjectAltName=DNS:ed25519.example.com"
cert ed25519.pem ed25519.key "/CN=latch Ed25519/emailAddress=ed@example.com" self - 6 ed

ext nc "basicConstraints=critical,CA:TRUE" "keyUsage=critical,keyCertSign" \
    "nameConstraints=critical,permitted;DNS:example.com,permitted;IP:192.0.2.0/255.255.255.0,permitted;email:example.com,excluded;DNS:bad.example.com,excluded;IP:2001:db8::/ffff:ffff::"
cert name-constraints.pem rsa-ca.key "/CN=latch Constrained CA" self - 7 nc

ext unknown "basicConstraints=critical,CA:FALSE" "1.3.6.1.4.1.55555.1=critical,ASN1:UTF8String:must understand" \
    "1.3.6.1.4.1.55555.2=ASN1:UTF8String:may ignore"
cert unknown-critical.pem rsa-leaf.key "/CN=unknown.example.com" rsa-ca.pem rsa-ca.key 8 unknown

ext ku_all "keyUsage=critical,digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment,keyAgreement,keyCertSign,cRLSign,encipherOnly,decipherOnly" \
    "extendedKeyUsage=anyExtendedKeyUsage,OCSPSigning,codeSigning"
cert ku-all.pem rsa-leaf.key "/CN=ku-all.example.com" rsa-ca.pem rsa-ca.key 9 ku_all
ext ku_agree "keyUsage=keyAgreement" "extendedKeyUsage=clientAuth,emailProtection"
cert ku-agreement.pem ec256-leaf.key "/CN=ku-agreement.example.com" ec256-ca.pem ec256-ca.key 10 \
    ku_agree -sha256

# One more subjectAltName entry than lt_cert accepts (LT_CERT_MAX_SAN).
ext many_san "subjectAltName=$(seq -f 'DNS:h%g.example.com' -s , 1 1025)"
cert san-too-many.pem rsa-leaf.key "/CN=many.example.com" rsa-ca.pem rsa-ca.key 13 many_san

cert v1.pem rsa-leaf.key "/CN=v1.example.com/O=latch" rsa-ca.pem rsa-ca.key 11 none
cert rsa-pss.pem rsa-leaf.key "/CN=pss.example.com" rsa-ca.pem rsa-ca.key 12 ec_leaf -sha384 \
    -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest

# Private keys in each PEM format, and encrypted ones that must be refused.
openssl pkey -in ec256-leaf.key -out key-pkcs8.pem
openssl pkey -in rsa-ca.key -traditional -out key-rsa-pkcs1.pem
openssl ecparam -name prime256v1 -genkey -out key-ec-sec1.pem
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes256 -pass pass:latch \
    -out key-encrypted-pkcs8.pem
openssl pkey -in rsa-ca.key -traditional -aes256 -passout pass:latch \
    -out key-encrypted-legacy.pem
