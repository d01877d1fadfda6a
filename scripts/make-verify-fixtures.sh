#!/bin/bash
# Makes the path-validation fixtures in tests/data/verify/ with the openssl
# command line: small CAs run with `openssl ca` (which also gives the
# indexes that CRLs and OCSP responses are made from), and certificates for
# every rule tests/unit/test_verify.c checks (see cases.txt there).
#
# Certificates are valid for 100 years from the day they are made, except
# the deliberately expired (2000-2010) and not-yet-valid (2090-2100) ones;
# short-lived CRLs and OCSP responses end an hour after they are made. The
# tests validate at fixed times after that (cases.txt), so the committed
# output keeps working; run this only to remake it, then commit it.
set -euo pipefail
out=$(cd "$(dirname "$0")/.." && pwd)/tests/data/verify
mkdir -p "$out"
cd "$out"
rm -rf ./*.pem ./*.der ./*.key anchors-dir
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

key() { # NAME [rsa BITS]: an EC P-256 key, or RSA
    if [ "${2:-}" = rsa ]; then
        openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:"$3" -out "$tmp/$1.key" 2>/dev/null
    else
        openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$tmp/$1.key"
    fi
}

# A CA directory for `openssl ca`.
cadir() { # NAME
    local d=$tmp/ca-$1
    mkdir -p "$d/new"
    : >"$d/index.txt"
    echo 1000 >"$d/serial"
    echo 01 >"$d/crlnumber"
    cat >"$d/ca.cnf" <<EOF
[ca]
default_ca = default
[default]
dir = $d
database = \$dir/index.txt
new_certs_dir = \$dir/new
serial = \$dir/serial
crlnumber = \$dir/crlnumber
default_md = sha256
default_days = 36500
default_crl_days = 36500
policy = any
unique_subject = no
copy_extensions = none
email_in_dn = no
[any]
commonName = optional
organizationName = optional
countryName = optional
EOF
}

# ISSUER NAME SUBJECT EXTENSIONS [openssl ca options...]: NAME.pem, signed by
# ISSUER's key (ISSUER.pem and its CA directory), with the extension lines
# given (joined by "|").
issue() {
    local issuer=$1 name=$2 subject=$3 exts=$4
    shift 4
    [ -f "$tmp/$name.key" ] || key "$name"
    openssl req -new -key "$tmp/$name.key" -subj "$subject" -out "$tmp/$name.csr"
    printf '[x]\n' >"$tmp/$name.ext"
    tr '|' '\n' <<<"$exts" >>"$tmp/$name.ext"
    openssl ca -batch -notext -preserveDN -config "$tmp/ca-$issuer/ca.cnf" \
        -cert "$issuer.pem" -keyfile "$tmp/$issuer.key" -in "$tmp/$name.csr" -out "$name.pem" \
        -extfile "$tmp/$name.ext" -extensions x "$@" 2>/dev/null
}

# NAME SUBJECT [EXTENSIONS]: a self-signed root (v1 when EXTENSIONS is "v1").
root() {
    local name=$1 subject=$2 exts=${3:-basicConstraints=critical,CA:TRUE|keyUsage=critical,keyCertSign,cRLSign|subjectKeyIdentifier=hash}
    [ -f "$tmp/$name.key" ] || key "$name"
    cadir "$name"
    openssl req -new -key "$tmp/$name.key" -subj "$subject" -out "$tmp/$name.csr"
    if [ "$exts" = v1 ]; then
        openssl x509 -req -in "$tmp/$name.csr" -key "$tmp/$name.key" -days 36500 \
            -set_serial 1 -out "$name.pem" 2>/dev/null
    else
        printf '[x]\n' >"$tmp/$name.ext"
        tr '|' '\n' <<<"$exts" >>"$tmp/$name.ext"
        openssl x509 -req -in "$tmp/$name.csr" -key "$tmp/$name.key" -days 36500 \
            -set_serial 1 -extfile "$tmp/$name.ext" -extensions x -out "$name.pem" 2>/dev/null
    fi
}

CA='basicConstraints=critical,CA:TRUE|keyUsage=critical,keyCertSign,cRLSign|subjectKeyIdentifier=hash|authorityKeyIdentifier=keyid'
CA0='basicConstraints=critical,CA:TRUE,pathlen:0|keyUsage=critical,keyCertSign,cRLSign|subjectKeyIdentifier=hash|authorityKeyIdentifier=keyid'
leafext() { # SAN [extra lines]
    printf 'basicConstraints=critical,CA:FALSE|keyUsage=critical,digitalSignature,keyEncipherment|extendedKeyUsage=serverAuth,clientAuth|subjectKeyIdentifier=hash|authorityKeyIdentifier=keyid|subjectAltName=%s%s' "$1" "${2:-}"
}
cadir_for() { cadir "$1"; } # NAME: lets NAME.pem issue certificates

# --- the main hierarchy: root -> int (pathlen 0) -> leaves ---
root root "/O=latch test/CN=Test Root"
issue root int "/O=latch test/CN=Test Intermediate" "$CA0"
cadir_for int
issue int good "/CN=good.example" "$(leafext 'DNS:good.example,DNS:*.wild.example,IP:192.0.2.1,IP:2001:db8::1')"
issue int expired "/CN=expired.example" "$(leafext DNS:expired.example)" \
    -startdate 20000101000000Z -enddate 20100101000000Z
issue int notyet "/CN=notyet.example" "$(leafext DNS:notyet.example)" \
    -startdate 20900101000000Z -enddate 21000101000000Z
issue int nosan "/CN=nosan.example" 'basicConstraints=critical,CA:FALSE|keyUsage=critical,digitalSignature|extendedKeyUsage=serverAuth'
issue int ipdns "/CN=ipdns" "$(leafext 'DNS:192.0.2.9')"
issue int suffix "/CN=suffix" "$(leafext 'DNS:*.com,DNS:*.co.uk,DNS:*.example')"
issue int badwild "/CN=badwild" "$(leafext 'DNS:f*.example,DNS:*.*.deep.example,DNS:www.*.example')"
issue int sha1 "/CN=sha1.example" "$(leafext DNS:sha1.example)" -md sha1
key rsa1024 rsa 1024
issue int rsa1024 "/CN=rsa1024.example" "$(leafext DNS:rsa1024.example)"
issue int client-only "/CN=client.example" 'basicConstraints=critical,CA:FALSE|keyUsage=critical,digitalSignature|extendedKeyUsage=clientAuth|subjectAltName=DNS:client.example'
issue int any-eku "/CN=any.example" 'basicConstraints=critical,CA:FALSE|keyUsage=critical,digitalSignature|extendedKeyUsage=anyExtendedKeyUsage|subjectAltName=DNS:any.example'
issue int ku-encipher "/CN=encipher.example" 'basicConstraints=critical,CA:FALSE|keyUsage=critical,keyEncipherment|extendedKeyUsage=serverAuth|subjectAltName=DNS:encipher.example'
issue int unknown-critical "/CN=critical.example" "$(leafext DNS:critical.example '|1.3.6.1.4.1.55555.1=critical,ASN1:UTF8String:must understand')"
issue int revoked "/CN=revoked.example" "$(leafext DNS:revoked.example)"

# A leaf signed by an impostor: same issuer name as int, another key.
key impostor
cadir impostor
openssl req -new -key "$tmp/impostor.key" -subj "/O=latch test/CN=Test Intermediate" -out "$tmp/impostor.csr"
openssl x509 -req -in "$tmp/impostor.csr" -CA root.pem -CAkey "$tmp/root.key" -set_serial 77 \
    -days 36500 -extfile <(printf '[x]\n'; tr '|' '\n' <<<"$CA0") -extensions x \
    -out "$tmp/impostor.pem" 2>/dev/null
cp "$tmp/impostor.pem" impostor.pem
issue impostor forged "/CN=forged.example" "$(leafext DNS:forged.example)"
rm impostor.pem

# --- intermediates that break a rule, each with a leaf under it ---
issue root int-expired "/CN=Expired Intermediate" "$CA" -startdate 20000101000000Z -enddate 20100101000000Z
cadir_for int-expired
issue int-expired under-expired "/CN=under-expired.example" "$(leafext DNS:under-expired.example)"
issue root int-notca "/CN=Not A CA" 'basicConstraints=critical,CA:FALSE|keyUsage=critical,keyCertSign,digitalSignature|subjectKeyIdentifier=hash'
cadir_for int-notca
issue int-notca under-notca "/CN=under-notca.example" "$(leafext DNS:under-notca.example)"
issue root int-noku "/CN=No keyCertSign" 'basicConstraints=critical,CA:TRUE|keyUsage=critical,digitalSignature,cRLSign|subjectKeyIdentifier=hash'
cadir_for int-noku
issue int-noku under-noku "/CN=under-noku.example" "$(leafext DNS:under-noku.example)"
issue root int-eku-client "/CN=Client EKU Intermediate" "$CA|extendedKeyUsage=clientAuth"
cadir_for int-eku-client
issue int-eku-client under-eku-client "/CN=under-eku-client.example" "$(leafext DNS:under-eku-client.example)"
issue root int-eku-server "/CN=Server EKU Intermediate" "$CA|extendedKeyUsage=serverAuth"
cadir_for int-eku-server
issue int-eku-server under-eku-server "/CN=under-eku-server.example" "$(leafext DNS:under-eku-server.example)"
# pathlen: int (pathlen 0) -> int-deep -> leaf breaks it.
issue int int-deep "/CN=Too Deep Intermediate" "$CA"
cadir_for int-deep
issue int-deep under-deep "/CN=under-deep.example" "$(leafext DNS:under-deep.example)"

# --- a v1 root is a fine anchor; a v1 intermediate is not ---
root root-v1 "/CN=Version 1 Root" v1
# A v1 root has no subjectKeyIdentifier to point at.
issue root-v1 int-under-v1 "/CN=Intermediate Under V1 Root" "${CA%|authorityKeyIdentifier=keyid}"
cadir_for int-under-v1
issue int-under-v1 under-v1-root "/CN=under-v1-root.example" "$(leafext DNS:under-v1-root.example)"
key int-v1
openssl req -new -key "$tmp/int-v1.key" -subj "/CN=Version 1 Intermediate" -out "$tmp/int-v1.csr"
openssl x509 -req -in "$tmp/int-v1.csr" -CA root.pem -CAkey "$tmp/root.key" -set_serial 91 \
    -days 36500 -out int-v1.pem 2>/dev/null
cadir_for int-v1
issue int-v1 under-v1 "/CN=under-v1.example" "$(leafext DNS:under-v1.example | sed 's/|authorityKeyIdentifier=keyid//')"

# --- RSA: a 2048-bit chain passes ---
key root-rsa rsa 2048
root root-rsa "/CN=Test RSA Root"
key rsa2048 rsa 2048
issue root-rsa rsa2048 "/CN=rsa2048.example" "$(leafext DNS:rsa2048.example)"

# --- name constraints ---
issue root int-nc "/CN=Constrained Intermediate" \
    "$CA|nameConstraints=critical,permitted;DNS:nc.example,permitted;IP:192.0.2.0/255.255.255.0,excluded;DNS:bad.nc.example"
cadir_for int-nc
issue int-nc nc-ok "/CN=www.nc.example" "$(leafext 'DNS:www.nc.example,DNS:nc.example,IP:192.0.2.5')"
issue int-nc nc-outside "/CN=www.other.example" "$(leafext DNS:www.other.example)"
issue int-nc nc-excluded "/CN=x.bad.nc.example" "$(leafext DNS:x.bad.nc.example)"
issue int-nc nc-wild-excluded "/CN=wild nc" "$(leafext 'DNS:*.nc.example')"
issue int-nc nc-ip-outside "/CN=ip nc" "$(leafext 'DNS:ip.nc.example,IP:198.51.100.1')"
issue root int-nc-dn "/CN=Directory Constrained" \
    "$CA|nameConstraints=critical,permitted;dirName:nc_dir|[nc_dir]|O=allowed"
cadir_for int-nc-dn
issue int-nc-dn under-nc-dn "/CN=under-nc-dn.example" "$(leafext DNS:under-nc-dn.example)"

# --- cross-signing: X's key certified by root-a and by root-b ---
root root-a "/CN=Cross Root A"
root root-b "/CN=Cross Root B"
key cross
for n in cross-by-a cross-by-b cross-by-b-expired; do cp "$tmp/cross.key" "$tmp/$n.key"; done
issue root-a cross-by-a "/CN=Cross Intermediate" "$CA"
issue root-b cross-by-b "/CN=Cross Intermediate" "$CA"
issue root-b cross-by-b-expired "/CN=Cross Intermediate" "$CA" \
    -startdate 20000101000000Z -enddate 20100101000000Z
cp cross-by-a.pem cross.pem
cadir_for cross
issue cross cross-leaf "/CN=cross.example" "$(leafext DNS:cross.example)"
rm cross.pem

# --- a chain too deep: eight intermediates ---
prev=root
for i in 1 2 3 4 5 6 7 8; do
    issue "$prev" "deep$i" "/CN=Deep $i" "$CA"
    cadir_for "deep$i"
    prev=deep$i
done
issue deep8 deep-leaf "/CN=deep.example" "$(leafext DNS:deep.example)"
cat deep1.pem deep2.pem deep3.pem deep4.pem deep5.pem deep6.pem deep7.pem deep8.pem >deep-chain.pem
rm deep[1-8].pem

# --- a self-signed leaf ---
key selfsigned
openssl req -x509 -new -key "$tmp/selfsigned.key" -subj "/CN=selfsigned.example" -days 36500 \
    -addext subjectAltName=DNS:selfsigned.example -out selfsigned.pem 2>/dev/null

# --- CRLs ---
gencrl() { # CA OUT [options]
    local ca=$1 name=$2
    shift 2
    openssl ca -gencrl -config "$tmp/ca-$ca/ca.cnf" -cert "$ca.pem" -keyfile "$tmp/$ca.key" \
        -out "$name" "$@" 2>/dev/null
}
gencrl int crl-int-empty.pem
openssl ca -revoke revoked.pem -config "$tmp/ca-int/ca.cnf" -cert int.pem -keyfile "$tmp/int.key" 2>/dev/null
gencrl int crl-int.pem
openssl crl -in crl-int.pem -outform DER -out crl-int.der
gencrl int crl-int-stale.pem -crlhours 1
issue root int-revoked "/CN=Revoked Intermediate" "$CA"
cadir_for int-revoked
issue int-revoked under-revoked "/CN=under-revoked.example" "$(leafext DNS:under-revoked.example)"
openssl ca -revoke int-revoked.pem -config "$tmp/ca-root/ca.cnf" -cert root.pem -keyfile "$tmp/root.key" 2>/dev/null
gencrl root crl-root.pem
# A CRL that claims to be int's but is signed by the impostor's key.
cp "$tmp/ca-int/index.txt" "$tmp/ca-impostor/index.txt"
cp "$tmp/impostor.pem" impostor.pem
gencrl impostor crl-forged.pem
rm impostor.pem

# --- OCSP responses about good.pem and revoked.pem, from int's index ---
ocsp() { # CERT OUT SIGNER [options]: SIGNER signs (int itself or a responder)
    local cert=$1 name=$2 signer=$3
    shift 3
    openssl ocsp -issuer int.pem "${REQ_OPTS[@]}" -cert "$cert.pem" -no_nonce -reqout "$tmp/req.der" 2>/dev/null
    openssl ocsp -index "${INDEX:-$tmp/ca-int/index.txt}" -CA int.pem -rsigner "$signer.pem" \
        -rkey "$tmp/$signer.key" -reqin "$tmp/req.der" -respout "$name" "$@" 2>/dev/null
}
REQ_OPTS=()
ocsp good ocsp-good.der int -ndays 36500
ocsp revoked ocsp-revoked.der int -ndays 36500
ocsp good ocsp-stale.der int -nmin 60
REQ_OPTS=(-sha256)
ocsp good ocsp-good-sha256.der int -ndays 36500
REQ_OPTS=()
: >"$tmp/empty-index.txt"
INDEX=$tmp/empty-index.txt ocsp good ocsp-unknown.der int -ndays 36500
issue int responder "/CN=Test OCSP Responder" 'basicConstraints=critical,CA:FALSE|keyUsage=critical,digitalSignature|extendedKeyUsage=OCSPSigning'
issue int responder-noeku "/CN=Test Responder Without EKU" 'basicConstraints=critical,CA:FALSE|keyUsage=critical,digitalSignature|extendedKeyUsage=serverAuth'
ocsp good ocsp-delegated.der responder -ndays 36500
ocsp good ocsp-delegated-noeku.der responder-noeku -ndays 36500

# Bundles for the trust-store tests: one malformed entry among good ones.
{
    cat root.pem
    printf -- '-----BEGIN CERTIFICATE-----\nMIIBmalformed\n-----END CERTIFICATE-----\n'
    printf -- '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'
    cat root-rsa.pem
} >bundle-with-bad.pem
mkdir -p anchors-dir
cp root.pem anchors-dir/root.pem
cp root-rsa.pem anchors-dir/root-rsa.crt
echo "not a certificate" >anchors-dir/junk.pem
cp root-v1.pem anchors-dir/root-v1.txt

# Keys some tests serve with (a server for the interop and e2e tests).
cp "$tmp/good.key" good.key
cp "$tmp/expired.key" expired.key
cp "$tmp/selfsigned.key" selfsigned.key
cat good.pem int.pem >good-chain.pem
cat expired.pem int.pem >expired-chain.pem
cat revoked.pem int.pem >revoked-chain.pem
cp "$tmp/revoked.key" revoked.key
