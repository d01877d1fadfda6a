#!/bin/sh
# testssl.sh, as a user runs it, against `latch server --http --ciphers
# ALL` (RSA and ECDSA certificates) on 127.0.0.1. Its findings are
# checked against the ones written down below: the protocols, suites and
# curves as configured, every vulnerability check passed, and the known
# properties of the test certificates. A finding that changes fails.
#
# testssl is kept off the network: --nodns none (no DNS lookups at all),
# --ip 127.0.0.1, no --phone-out (no CRL or OCSP fetches), --add-ca for
# the test CA. Only the checks that matter run: -p protocols, -E suites
# per protocol, -f forward secrecy and curves, -S server defaults, -U
# vulnerabilities (about two minutes on a quiet 2-core machine).
set -eu
. "$(dirname "$0")/interop_lib.sh"
. "$(dirname "$0")/scan_lib.sh"

need_latch
need testssl testssl.sh
need python3 python3

start_scanned_server
json=$work/testssl.json
started=$(date +%s)
status=0
(cd "$work" && timeout 540 testssl --nodns none --ip 127.0.0.1 --warnings batch --color 0 \
    --quiet --sneaky --add-ca "$CERTS/ca.pem" -p -E -f -S -U --jsonfile "$json" \
    "127.0.0.1:$latch_port" >"$work/testssl.out" 2>&1) || status=$?
echo "testssl took $(($(date +%s) - started)) s (exit status $status)"
if [ ! -s "$json" ]; then
    cat "$work/testssl.out" >&2
    fail_setup "testssl wrote no findings"
fi

SCAN_SUITES="$SCAN_SUITES" SCAN_CURVES="$SCAN_CURVES" python3 - "$json" <<'PY'
import os, sys

sys.path.insert(0, os.path.join(os.environ["LATCH_SOURCE"], "tests", "interop"))
from testssl_findings import findings, by_id, finding, expect, finish

# Protocols: TLS 1.2 only. A TLS 1.3 hello is answered with TLS 1.2,
# which testssl words as "downgraded" (it is what RFC 8446 D.1 expects
# of a 1.2 server).
for fid, want in [("SSLv2", "not offered"), ("SSLv3", "not offered"), ("TLS1", "not offered"),
                  ("TLS1_1", "not offered"), ("TLS1_2", "offered"),
                  ("TLS1_3", "not offered + downgraded to weaker protocol")]:
    expect(f"protocol {fid} is '{want}'", finding(fid) == want, finding(fid))

# Suites, per protocol: exactly the configured ones, all TLS 1.2.
suites = {}
for f in findings:
    if f["id"].startswith("cipher-") and "_x" in f["id"]:
        proto, code = f["id"][len("cipher-"):].rsplit("_x", 1)
        suites.setdefault(proto, set()).add(int(code, 16))
want = {int(c, 16) for c in os.environ["SCAN_SUITES"].split()}
got = suites.get("tls1_2", set())
expect("TLS 1.2 suites are the configured ones", got == want,
       f"missing {sorted(hex(c) for c in want - got)}, extra {sorted(hex(c) for c in got - want)}")
others = {p: s for p, s in suites.items() if p != "tls1_2"}
expect("no suite in another protocol", not others, others or "none")

curves = set(finding("PFS_ECDHE_curves").split())
want_curves = set(os.environ["SCAN_CURVES"].split())
expect("ECDHE curves are the configured ones", curves == want_curves, " ".join(sorted(curves)))

# Every vulnerability check ran and passed.
for fid in ["heartbleed", "CCS", "ticketbleed", "ROBOT", "secure_renego", "secure_client_renego",
            "CRIME_TLS", "BREACH", "POODLE_SSL", "fallback_SCSV", "SWEET32", "FREAK", "DROWN",
            "LOGJAM", "BEAST", "RC4"]:
    sev = by_id[fid][0]["severity"] if fid in by_id else "(missing)"
    expect(f"{fid} not flagged", sev == "OK", f"{sev}: {finding(fid)}")

# Everything testssl rates above INFO, each written down: LUCKY13 is
# testssl noticing CBC suites (enabled by --ciphers ALL) without testing
# for the timing leak (latch's defence is checked under valgrind by
# unit/test_record_cbc_ct_valgrind); the rest are properties of the test
# certificates in tests/data/interop (2-byte serials, a 125-year
# validity, no CRL or OCSP URI), one set per certificate.
known = {("LUCKY13", "LOW")}
for n in (1, 2):
    known |= {(f"cert_serialNumberLen <cert#{n}>", "LOW"),
              (f"cert_validityPeriod <cert#{n}>", "HIGH"),
              (f"cert_revocation <cert#{n}>", "HIGH")}
rated = {(f["id"], f["severity"]) for f in findings if f["severity"] not in ("OK", "INFO")}
expect("findings above INFO are the known ones", rated == known,
       f"new {sorted(rated - known)}, gone {sorted(known - rated)}")

finish("testssl found what was expected")
PY
