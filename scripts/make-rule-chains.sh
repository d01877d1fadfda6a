#!/bin/bash
# Mints a certificate chain for every path-validation rule of RFC 5280 and
# of the CA/Browser Forum Baseline Requirements that latch checks, valid
# and invalid variants, into OUT (made fresh at test time, not committed),
# and writes OUT/rows.tsv: one row per check, tab-separated:
#
#   rule  section  expected  profile  host  leaf  untrusted  anchor  crl
#
# expected is "valid" or "invalid" as the RFC or the Baseline Requirements
# have it; profile is webpki or rfc5280; host, untrusted (comma-separated)
# and crl are "-" when unused. tests/interop/test_x509_differential.sh runs
# every row through latch, OpenSSL and GnuTLS.
#
# Keys are made once and reused (EC P-256, RSA only where the key size is
# the rule), and each certificate takes one `openssl req -x509` run.
#
#   scripts/make-rule-chains.sh OUT
set -euo pipefail
out=${1:?usage: make-rule-chains.sh OUT}
mkdir -p "$out"
cd "$out"

key() { # NAME [RSA-BITS]
    [ -f "$1.key" ] && return
    if [ -n "${2:-}" ]; then
        openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:"$2" -out "$1.key" 2>/dev/null
    else
        openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key"
    fi
}
key root
key int
key leaf

serial=4096
# cert NAME ISSUER SUBJECT EXTENSIONS [KEY [SERIAL [DAYS]]]: NAME.pem with
# KEY (default: the issuer's role key), signed by ISSUER ("self" for
# self-signed). EXTENSIONS are openssl x509v3 lines joined by "|"; the key
# identifiers appear only when listed.
cert() {
    local name=$1 issuer=$2 subject=$3 exts=$4 k=${5:-} s=${6:-} days=${7:-3650}
    serial=$((serial + 1))
    s=${s:-$serial}
    {
        printf '[req]\ndistinguished_name=dn\n[dn]\n[x]\n'
        printf 'subjectKeyIdentifier=none\nauthorityKeyIdentifier=none\n'
        tr '|' '\n' <<<"$exts"
    } >"$name.cnf"
    local ca=()
    [ "$issuer" = self ] || ca=(-CA "$issuer.pem" -CAkey "$(cat "$issuer.keyname").key")
    [ -n "$k" ] || k=leaf
    echo "$k" >"$name.keyname"
    openssl req -x509 -new -key "$k.key" -subj "$subject" "${ca[@]}" -config "$name.cnf" \
        -extensions x -days "$days" -set_serial "$s" -out "$name.pem" 2>/dev/null
}

ROOT='basicConstraints=critical,CA:TRUE|keyUsage=critical,keyCertSign,cRLSign|subjectKeyIdentifier=hash'
CA='basicConstraints=critical,CA:TRUE|keyUsage=critical,keyCertSign,cRLSign|subjectKeyIdentifier=hash|authorityKeyIdentifier=keyid'
LEAF='basicConstraints=critical,CA:FALSE|keyUsage=critical,digitalSignature|extendedKeyUsage=serverAuth|subjectKeyIdentifier=hash|authorityKeyIdentifier=keyid'
leaf() { # NAME ISSUER SAN [EXTRA [SUBJECT]]: a conforming server leaf
    cert "$1" "$2" "${5:-/CN=$1}" "$LEAF|subjectAltName=$3${4:+|$4}"
}

: >rows.tsv
# row RULE SECTION EXPECTED PROFILE HOST LEAF UNTRUSTED ANCHOR [CRL]
row() {
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$8" \
        "${9:--}" >>rows.tsv
}
# both RULE SECTION EXPECTED HOST LEAF UNTRUSTED ANCHOR: the same in both profiles
both() {
    row "$1" "$2" "$3" webpki "$4" "$5" "$6" "$7"
    row "$1" "$2" "$3" rfc5280 "$4" "$5" "$6" "$7"
}
# webpki_only RULE SECTION HOST LEAF UNTRUSTED ANCHOR: invalid for the Web
# PKI, valid under RFC 5280 alone
webpki_only() {
    row "$1" "$2" invalid webpki "$3" "$4" "$5" "$6"
    row "$1" "$2" valid rfc5280 "$3" "$4" "$5" "$6"
}

# --- the base hierarchy: root -> int -> leaves ---
cert root self "/O=latch rules/CN=Rules Root" "$ROOT" root
cert int root "/O=latch rules/CN=Rules Int" "$CA" int
leaf good int DNS:good.example
both "a conforming chain" "RFC 5280 6.1" valid good.example good int root
both "host not covered" "RFC 9525 6.3" invalid other.example good int root
both "missing intermediate" "RFC 5280 6.1" invalid - good - root

# --- a CA certificate as the leaf ---
cert leaf-ca int /CN=leaf-ca "${LEAF/CA:FALSE/CA:TRUE}|subjectAltName=DNS:leaf-ca.example"
both "leaf is a CA (cA true)" "BR 7.1.2.7.8; RFC 5280 4.2.1.9" invalid - leaf-ca int root
cert leaf-kcs int /CN=leaf-kcs "${LEAF/digitalSignature/digitalSignature,keyCertSign}|subjectAltName=DNS:leaf-kcs.example"
both "leaf has keyCertSign" "BR 7.1.2.7.11; RFC 5280 4.2.1.3" invalid - leaf-kcs int root
cert leaf-nobc int /CN=leaf-nobc "${LEAF#basicConstraints=critical,CA:FALSE|}|subjectAltName=DNS:leaf-nobc.example"
both "leaf without basicConstraints" "RFC 5280 4.2.1.9" valid - leaf-nobc int root

# --- the trust anchor's own contents (RFC 5937) ---
anchor() { # NAME EXTRA: a root and a leaf under it
    cert "$1" self "/CN=$1" "$ROOT${2:+|$2}" root
    echo root >"$1.keyname"
    cert "$1-int" "$1" "/CN=$1-int" "$CA" int
    echo int >"$1-int.keyname"
    leaf "$1-leaf" "$1-int" "DNS:www.example.com"
}
anchor root-unknown-crit '1.3.6.1.4.1.55555.7=critical,ASN1:NULL'
both "anchor with an unknown critical extension" "RFC 5937 2; RFC 5280 4.2" invalid - root-unknown-crit-leaf root-unknown-crit-int root-unknown-crit
anchor root-unknown '1.3.6.1.4.1.55555.7=ASN1:NULL'
both "anchor with an unknown non-critical extension" "RFC 5280 4.2" valid - root-unknown-leaf root-unknown-int root-unknown
anchor root-eku-client 'extendedKeyUsage=clientAuth'
both "anchor EKU excludes serverAuth" "RFC 5937 2; RFC 5280 4.2.1.12" invalid - root-eku-client-leaf root-eku-client-int root-eku-client
anchor root-eku-server 'extendedKeyUsage=serverAuth'
webpki_only "root carries extKeyUsage" "BR 7.1.2.1.2" - root-eku-server-leaf root-eku-server-int root-eku-server
anchor root-nc 'nameConstraints=critical,permitted;DNS:example.com'
both "anchor nameConstraints hold" "RFC 5937 2; RFC 5280 4.2.1.10" valid www.example.com root-nc-leaf root-nc-int root-nc
cert root-nc-out root-nc-int /CN=root-nc-out "$LEAF|subjectAltName=DNS:www.other.test"
both "anchor nameConstraints violated" "RFC 5937 2; RFC 5280 4.2.1.10" invalid - root-nc-out root-nc-int root-nc
anchor root-pc 'policyConstraints=critical,requireExplicitPolicy:0'
both "anchor requireExplicitPolicy, no policies" "RFC 5937 2; RFC 5280 6.1.3" invalid - root-pc-leaf root-pc-int root-pc
cert root-pc-int2 root-pc /CN=root-pc-int2 "$CA|certificatePolicies=2.23.140.1.2.1" int
leaf root-pc-leaf2 root-pc-int2 DNS:www.example.com certificatePolicies=2.23.140.1.2.1
both "anchor requireExplicitPolicy, policies present" "RFC 5937 2; RFC 5280 6.1.3" valid - root-pc-leaf2 root-pc-int2 root-pc
leaf root-pc-leaf3 root-pc-int2 DNS:www.example.com certificatePolicies=1.3.6.1.4.1.55555.9
both "anchor requireExplicitPolicy, policies disjoint" "RFC 5280 6.1.3 (d)" invalid - root-pc-leaf3 root-pc-int2 root-pc
cert root-bc-noncrit self /CN=root-bc-noncrit "${ROOT/basicConstraints=critical,/basicConstraints=}" root
cert root-bc-noncrit-int root-bc-noncrit /CN=root-bc-noncrit-int "$CA" int
leaf root-bc-noncrit-leaf root-bc-noncrit-int DNS:www.example.com
both "anchor basicConstraints not critical" "RFC 5280 4.2.1.9 (as in Debian's bundle)" valid - root-bc-noncrit-leaf root-bc-noncrit-int root-bc-noncrit
anchor root-aki-issuer 'authorityKeyIdentifier=keyid,issuer:always'
webpki_only "root AKI with issuer and serial" "BR 7.1.2.1.3" - root-aki-issuer-leaf root-aki-issuer-int root-aki-issuer
anchor root-aki-keyid 'authorityKeyIdentifier=keyid:always'
both "root AKI with keyIdentifier only" "BR 7.1.2.1.3" valid - root-aki-keyid-leaf root-aki-keyid-int root-aki-keyid

# --- name constraints: syntax and place ---
ncint() { # NAME CONSTRAINTS
    cert "$1" root "/CN=$1" "$CA|nameConstraints=$2" int
    echo int >"$1.keyname"
}
ncint nc-period 'critical,permitted;DNS:.example.com'
leaf nc-period-leaf nc-period DNS:www.example.com
both "dNSName constraint with a leading period" "RFC 5280 4.2.1.10" invalid - nc-period-leaf nc-period root
ncint nc-dns 'critical,permitted;DNS:example.com,excluded;DNS:bad.example.com'
leaf nc-dns-ok nc-dns DNS:www.example.com
both "dNSName within permitted" "RFC 5280 4.2.1.10" valid - nc-dns-ok nc-dns root
leaf nc-dns-self nc-dns DNS:example.com
both "dNSName equal to the constraint" "RFC 5280 4.2.1.10" valid - nc-dns-self nc-dns root
leaf nc-dns-out nc-dns DNS:www.example.net
both "dNSName outside permitted" "RFC 5280 4.2.1.10" invalid - nc-dns-out nc-dns root
leaf nc-dns-suffix nc-dns DNS:notexample.com
both "dNSName sharing only a suffix" "RFC 5280 4.2.1.10" invalid - nc-dns-suffix nc-dns root
leaf nc-dns-excl nc-dns DNS:x.bad.example.com
both "dNSName inside excluded" "RFC 5280 4.2.1.10" invalid - nc-dns-excl nc-dns root
leaf nc-dns-bad nc-dns 'DNS:a..example.com'
both "malformed dNSName under a dNSName constraint" "RFC 5280 4.2.1.10; RFC 1034 3.5" invalid - nc-dns-bad nc-dns root
leaf free-dns-bad int 'DNS:a..example.com'
both "malformed dNSName, no constraint" "RFC 5280 4.2.1.6" valid - free-dns-bad int root
cert leaf-nc int /CN=leaf-nc "$LEAF|subjectAltName=DNS:leaf-nc.example|nameConstraints=critical,permitted;DNS:example.com"
both "nameConstraints in a leaf (critical)" "RFC 5280 4.2.1.10" invalid - leaf-nc int root
cert leaf-nc2 int /CN=leaf-nc2 "$LEAF|subjectAltName=DNS:leaf-nc2.example|nameConstraints=permitted;DNS:example.com"
both "nameConstraints in a leaf (not critical)" "RFC 5280 4.2.1.10" invalid - leaf-nc2 int root
ncint nc-ip 'critical,permitted;IP:192.0.2.0/255.255.255.0'
leaf nc-ip-ok nc-ip 'DNS:ip.example,IP:192.0.2.7'
both "iPAddress within permitted" "RFC 5280 4.2.1.10" valid - nc-ip-ok nc-ip root
leaf nc-ip-out nc-ip 'DNS:ip.example,IP:198.51.100.7'
both "iPAddress outside permitted" "RFC 5280 4.2.1.10" invalid - nc-ip-out nc-ip root

# directoryName (RFC 5280 4.2.1.10 and 7.1)
cert nc-dn root /CN=nc-dn "$CA|nameConstraints=critical,permitted;dirName:dn_ok,excluded;dirName:dn_bad|[dn_ok]|O=Allowed|[dn_bad]|O=Allowed|OU=Banned" int
leaf nc-dn-ok nc-dn DNS:dn.example '' '/O=Allowed/CN=dn-ok'
both "directoryName within permitted" "RFC 5280 4.2.1.10" valid - nc-dn-ok nc-dn root
leaf nc-dn-case nc-dn DNS:dn.example '' '/O=  ALLOWED /CN=dn-case'
both "directoryName compared without case or extra spaces" "RFC 5280 7.1" valid - nc-dn-case nc-dn root
leaf nc-dn-out nc-dn DNS:dn.example '' '/O=Other/CN=dn-out'
both "directoryName outside permitted" "RFC 5280 4.2.1.10" invalid - nc-dn-out nc-dn root
leaf nc-dn-excl nc-dn DNS:dn.example '' '/O=Allowed/OU=Banned/CN=dn-excl'
both "directoryName inside excluded" "RFC 5280 4.2.1.10" invalid - nc-dn-excl nc-dn root
leaf nc-dn-san nc-dn 'DNS:dn.example,dirName:dn_san' '[dn_san]|O=Other' '/O=Allowed/CN=dn-san'
both "SAN directoryName outside permitted" "RFC 5280 4.2.1.10" invalid - nc-dn-san nc-dn root

# rfc822Name
ncint nc-mail 'critical,permitted;email:example.com,permitted;email:.example.org,permitted;email:boss@example.net'
leaf nc-mail-host nc-mail 'DNS:mail.example,email:a@example.com'
both "rfc822Name on the permitted host" "RFC 5280 4.2.1.10" valid - nc-mail-host nc-mail root
leaf nc-mail-sub nc-mail 'DNS:mail.example,email:a@mx.example.org'
both "rfc822Name under a permitted domain" "RFC 5280 4.2.1.10" valid - nc-mail-sub nc-mail root
leaf nc-mail-box nc-mail 'DNS:mail.example,email:boss@example.net'
both "rfc822Name equal to a permitted mailbox" "RFC 5280 4.2.1.10" valid - nc-mail-box nc-mail root
leaf nc-mail-other nc-mail 'DNS:mail.example,email:clerk@example.net'
both "rfc822Name not the permitted mailbox" "RFC 5280 4.2.1.10" invalid - nc-mail-other nc-mail root
leaf nc-mail-out nc-mail 'DNS:mail.example,email:a@other.test'
both "rfc822Name outside permitted" "RFC 5280 4.2.1.10" invalid - nc-mail-out nc-mail root
leaf nc-mail-subhost nc-mail 'DNS:mail.example,email:a@mx.example.com'
both "rfc822Name host constraint excludes subdomains" "RFC 5280 4.2.1.10" invalid - nc-mail-subhost nc-mail root
cert nc-mail-subj nc-mail /CN=subj/emailAddress=a@example.com "$LEAF"
both "subject emailAddress, no SAN, within permitted" "RFC 5280 4.2.1.10" valid - nc-mail-subj nc-mail root
cert nc-mail-subj-out nc-mail /CN=subj/emailAddress=a@other.test "$LEAF"
both "subject emailAddress, no SAN, outside permitted" "RFC 5280 4.2.1.10" invalid - nc-mail-subj-out nc-mail root

# a form latch does not check: only a certificate carrying it fails
ncint nc-uri 'critical,permitted;URI:.example.com'
leaf nc-uri-none nc-uri DNS:uri.example
both "URI constraint, leaf without a URI" "RFC 5280 4.2.1.10" valid - nc-uri-none nc-uri root
leaf nc-uri-out nc-uri 'DNS:uri.example,URI:https://www.other.test/'
both "URI outside a URI constraint" "RFC 5280 4.2.1.10" invalid - nc-uri-out nc-uri root

# --- key identifiers ---
cert leaf-noaki int /CN=leaf-noaki "${LEAF/|authorityKeyIdentifier=keyid/}|subjectAltName=DNS:leaf-noaki.example"
both "leaf without authorityKeyIdentifier" "RFC 5280 4.2.1.1" invalid - leaf-noaki int root
cert int-noaki root /CN=int-noaki "${CA/|authorityKeyIdentifier=keyid/}" int
leaf int-noaki-leaf int-noaki DNS:www.example.com
both "intermediate without authorityKeyIdentifier" "RFC 5280 4.2.1.1" invalid - int-noaki-leaf int-noaki root
cert leaf-akicrit int /CN=leaf-akicrit "${LEAF/authorityKeyIdentifier=keyid/authorityKeyIdentifier=critical,keyid}|subjectAltName=DNS:leaf-akicrit.example"
both "authorityKeyIdentifier critical" "RFC 5280 4.2.1.1" invalid - leaf-akicrit int root
cert int-noski root /CN=int-noski "${CA/subjectKeyIdentifier=hash|/}" int
# The leaf names the intermediate's key by the RFC 5280 4.2.1.2 method 1
# hash of its 65-byte P-256 point, which openssl cannot take from a
# certificate without the extension.
int_key_id=$(openssl pkey -in int.key -pubout -outform DER | tail -c 65 | sha1sum | cut -c1-40)
cert int-noski-leaf int-noski /CN=int-noski-leaf \
    "${LEAF/authorityKeyIdentifier=keyid/2.5.29.35=DER:30160414$int_key_id}|subjectAltName=DNS:www.example.com"
both "intermediate without subjectKeyIdentifier" "RFC 5280 4.2.1.2" invalid - int-noski-leaf int-noski root
cert int-skicrit root /CN=int-skicrit "${CA/subjectKeyIdentifier=hash/subjectKeyIdentifier=critical,hash}" int
leaf int-skicrit-leaf int-skicrit DNS:www.example.com
both "subjectKeyIdentifier critical" "RFC 5280 4.2.1.2" invalid - int-skicrit-leaf int-skicrit root
cert leaf-noski int /CN=leaf-noski "${LEAF/subjectKeyIdentifier=hash|/}|subjectAltName=DNS:leaf-noski.example"
both "leaf without subjectKeyIdentifier" "RFC 5280 4.2.1.2 (SHOULD)" valid - leaf-noski int root

# --- criticality ---
leaf leaf-aia int DNS:aia.example 'authorityInfoAccess=OCSP;URI:http://ocsp.example/'
both "authorityInfoAccess not critical" "RFC 5280 4.2.2.1" valid - leaf-aia int root
leaf leaf-aiacrit int DNS:aia.example 'authorityInfoAccess=critical,OCSP;URI:http://ocsp.example/'
both "authorityInfoAccess critical" "RFC 5280 4.2.2.1" invalid - leaf-aiacrit int root
cert int-pc root /CN=int-pc "$CA|policyConstraints=requireExplicitPolicy:5" int
leaf int-pc-leaf int-pc DNS:www.example.com
both "policyConstraints not critical" "RFC 5280 4.2.1.11" invalid - int-pc-leaf int-pc root
cert int-pccrit root /CN=int-pccrit "$CA|policyConstraints=critical,requireExplicitPolicy:5" int
leaf int-pccrit-leaf int-pccrit DNS:www.example.com
both "policyConstraints critical" "RFC 5280 4.2.1.11" valid - int-pccrit-leaf int-pccrit root
cert int-pc0 root /CN=int-pc0 "$CA|policyConstraints=critical,requireExplicitPolicy:0|certificatePolicies=2.23.140.1.2.1" int
leaf int-pc0-none int-pc0 DNS:www.example.com
both "requireExplicitPolicy 0, leaf without policies" "RFC 5280 6.1.3 (d)-(f)" invalid - int-pc0-none int-pc0 root
leaf int-pc0-any int-pc0 DNS:www.example.com certificatePolicies=2.5.29.32.0
both "requireExplicitPolicy 0, leaf with anyPolicy" "RFC 5280 6.1.3 (d)" valid - int-pc0-any int-pc0 root
cert leaf-empty-crit int / "$LEAF|subjectAltName=critical,DNS:empty.example"
both "empty subject, SAN critical" "RFC 5280 4.2.1.6" valid - leaf-empty-crit int root
cert leaf-empty int / "$LEAF|subjectAltName=DNS:empty.example"
both "empty subject, SAN not critical" "RFC 5280 4.2.1.6" invalid - leaf-empty int root
cert leaf-sancrit int /CN=leaf-sancrit "$LEAF|subjectAltName=critical,DNS:sancrit.example"
webpki_only "subject present, SAN critical" "BR 7.1.2.7.12" - leaf-sancrit int root

# --- extended key usage of a server leaf ---
cert leaf-noeku int /CN=leaf-noeku "${LEAF/|extendedKeyUsage=serverAuth/}|subjectAltName=DNS:noeku.example"
webpki_only "server leaf without extKeyUsage" "BR 7.1.2.7.10" - leaf-noeku int root
cert leaf-anyeku int /CN=leaf-anyeku "${LEAF/extendedKeyUsage=serverAuth/extendedKeyUsage=anyExtendedKeyUsage}|subjectAltName=DNS:anyeku.example"
webpki_only "server leaf with anyExtendedKeyUsage only" "BR 7.1.2.7.10" - leaf-anyeku int root
cert leaf-srvany int /CN=leaf-srvany "${LEAF/extendedKeyUsage=serverAuth/extendedKeyUsage=serverAuth,anyExtendedKeyUsage}|subjectAltName=DNS:srvany.example"
webpki_only "server leaf with serverAuth and anyExtendedKeyUsage" "BR 7.1.2.7.10" - leaf-srvany int root
cert leaf-ekucrit int /CN=leaf-ekucrit "${LEAF/extendedKeyUsage=serverAuth/extendedKeyUsage=critical,serverAuth}|subjectAltName=DNS:ekucrit.example"
webpki_only "server leaf extKeyUsage critical" "BR 7.1.2.7.10" - leaf-ekucrit int root
cert leaf-client int /CN=leaf-client "${LEAF/extendedKeyUsage=serverAuth/extendedKeyUsage=clientAuth}|subjectAltName=DNS:client.example"
both "server leaf with clientAuth only" "RFC 5280 4.2.1.12" invalid - leaf-client int root
cert leaf-both int /CN=leaf-both "${LEAF/extendedKeyUsage=serverAuth/extendedKeyUsage=serverAuth,clientAuth}|subjectAltName=DNS:both.example"
both "server leaf with serverAuth and clientAuth" "BR 7.1.2.7.10" valid - leaf-both int root
cert int-eku-client root /CN=int-eku-client "$CA|extendedKeyUsage=clientAuth" int
leaf int-eku-client-leaf int-eku-client DNS:www.example.com
both "intermediate EKU excludes serverAuth" "RFC 5280 4.2.1.12" invalid - int-eku-client-leaf int-eku-client root

# --- keys and serials ---
key rsa2048 2048
key rsa2056 2056
key rsa2052 2052
key rsa1024 1024
cert leaf-rsa2048 int /CN=leaf-rsa2048 "$LEAF|subjectAltName=DNS:rsa.example" rsa2048
both "RSA 2048-bit key" "BR 6.1.5" valid - leaf-rsa2048 int root
cert leaf-rsa2056 int /CN=leaf-rsa2056 "$LEAF|subjectAltName=DNS:rsa.example" rsa2056
both "RSA 2056-bit key" "BR 6.1.5" valid - leaf-rsa2056 int root
cert leaf-rsa2052 int /CN=leaf-rsa2052 "$LEAF|subjectAltName=DNS:rsa.example" rsa2052
webpki_only "RSA modulus not a multiple of 8 bits" "BR 6.1.5" - leaf-rsa2052 int root
cert leaf-rsa1024 int /CN=leaf-rsa1024 "$LEAF|subjectAltName=DNS:rsa.example" rsa1024
both "RSA key under 2048 bits" "BR 6.1.5; latch minimum, both profiles" invalid - leaf-rsa1024 int root
cert leaf-serial0 int /CN=leaf-serial0 "$LEAF|subjectAltName=DNS:serial.example" leaf 0
both "serial number zero" "RFC 5280 4.1.2.2" invalid - leaf-serial0 int root
cert leaf-serialneg int /CN=leaf-serialneg "$LEAF|subjectAltName=DNS:serial.example" leaf -77
both "serial number negative" "RFC 5280 4.1.2.2" invalid - leaf-serialneg int root
cert leaf-serial20 int /CN=leaf-serial20 "$LEAF|subjectAltName=DNS:serial.example" leaf 0x7f$(printf '%038d' 1)
both "serial number of 20 octets" "RFC 5280 4.1.2.2" valid - leaf-serial20 int root
cert leaf-serial21 int /CN=leaf-serial21 "$LEAF|subjectAltName=DNS:serial.example" leaf 0x7f$(printf '%040d' 1)
both "serial number of 21 octets" "RFC 5280 4.1.2.2" invalid - leaf-serial21 int root

# --- DNS names ---
leaf leaf-underscore int 'DNS:a_b.example.com'
webpki_only "dNSName with an underscore" "BR 7.1.4.2" - leaf-underscore int root
leaf leaf-hyphen int 'DNS:a-b.example.com'
both "dNSName with a hyphen" "BR 7.1.4.2" valid a-b.example.com leaf-hyphen int root
leaf leaf-cn-differs int DNS:san.example '' /CN=cn.example
both "CN differs from the SAN (deliberately allowed)" "BR 7.1.4.3" valid san.example leaf-cn-differs int root

# --- wildcards and the Public Suffix List ---
wild() { # SUFFIX HOST EXPECTED
    local n=wild-${1//./-}
    [ -f "$n.pem" ] || leaf "$n" int "DNS:*.$1"
    both "wildcard *.$1 for $2" "RFC 9525 6.3; BR 3.2.2.6" "$3" "$2" "$n" int root
}
wild com foo.com invalid
wild co.uk foo.co.uk invalid
wild example.co.uk www.example.co.uk valid
wild co.at foo.co.at invalid
wild com.au foo.com.au invalid
wild kawasaki.jp x.kawasaki.jp invalid
wild city.kawasaki.jp www.city.kawasaki.jp valid
wild pvt.k12.ma.us foo.pvt.k12.ma.us invalid
wild github.io foo.github.io valid
wild example.com www.example.com valid
wild example.com a.b.example.com invalid
wild example.com example.com invalid

# --- CRLs ---
crlca() { # NAME CRLNUMBER(yes|no) [REVOKE-CERT]
    local d=crl-$1
    mkdir -p "$d"
    : >"$d/index.txt"
    [ "$2" = yes ] && echo 01 >"$d/crlnumber"
    cat >"$d/ca.cnf" <<EOF
[ca]
default_ca = x
[x]
database = $d/index.txt
default_md = sha256
default_crl_days = 30
$([ "$2" = yes ] && echo "crlnumber = $d/crlnumber")
[crl_ext]
authorityKeyIdentifier = keyid:always
EOF
    if [ -n "${3:-}" ]; then
        openssl ca -config "$d/ca.cnf" -cert int.pem -keyfile int.key -revoke "$3.pem" 2>/dev/null
    fi
    openssl ca -gencrl -config "$d/ca.cnf" -crlexts crl_ext -cert int.pem -keyfile int.key \
        -out "$1.crl" 2>/dev/null
}
crlca numbered yes
crlca unnumbered no
leaf revoked int DNS:revoked.example
crlca revoking yes revoked
row "CRL with cRLNumber" "RFC 5280 5.2.3" valid webpki - good int root numbered.crl
row "CRL without cRLNumber" "RFC 5280 5.2.3" invalid webpki - good int root unnumbered.crl
row "CRL without cRLNumber" "RFC 5280 5.2.3" invalid rfc5280 - good int root unnumbered.crl
row "CRL lists the leaf" "RFC 5280 6.3" invalid webpki - revoked int root revoking.crl
row "CRL does not list the leaf" "RFC 5280 6.3" valid webpki - good int root revoking.crl

# --- paths ---
cert int-notca root /CN=int-notca "${CA/CA:TRUE/CA:FALSE}" int
leaf int-notca-leaf int-notca DNS:www.example.com
both "issuer not a CA" "RFC 5280 6.1.4 (k)" invalid - int-notca-leaf int-notca root
cert int-pl0 root /CN=int-pl0 "${CA/CA:TRUE/CA:TRUE,pathlen:0}" int
cert int-pl0-sub int-pl0 /CN=int-pl0-sub "$CA" int
leaf int-pl0-leaf int-pl0-sub DNS:www.example.com
both "pathLenConstraint exceeded" "RFC 5280 6.1.4 (m)" invalid - int-pl0-leaf int-pl0-sub,int-pl0 root
leaf int-pl0-ok int-pl0 DNS:www.example.com
both "pathLenConstraint 0 with no intermediate below" "RFC 5280 6.1.4 (m)" valid - int-pl0-ok int-pl0 root

# A pool of 35 intermediates, one of which is the issuer.
pool=()
for i in $(seq 1 34); do
    cert "pool$i" root "/CN=Pool $i" "$CA" int
    pool+=("pool$i")
done
pool+=(int)
both "issuer among 35 untrusted certificates" "RFC 5280 6.1" valid - good "$(
    IFS=,
    echo "${pool[*]}"
)" root

# A pathological pool: 100 intermediates named "Patho Int", each also
# issued by "Patho Int" under a key that signed nothing else, so every one
# is a candidate issuer of every other. The key that signed the leaf (also
# named "Patho Int") is not among them.
key bad
cert patho-root self "/CN=Patho Root" "$ROOT" root
cert patho-signer patho-root "/CN=Patho Int" "$CA" int
leaf patho-leaf patho-signer DNS:patho.example
cert patho0 self "/CN=Patho Int" "$CA" bad
patho=()
for i in $(seq 1 100); do
    cert "patho$i" patho0 "/CN=Patho Int" "$CA" bad
    patho+=("patho$i")
done
both "leaf under a pool of 100 mutually issuing intermediates" "RFC 5280 6.1" invalid - patho-leaf "$(
    IFS=,
    echo "${patho[*]}"
)" patho-root
rm -f ./*.cnf
