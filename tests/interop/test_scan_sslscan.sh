#!/bin/sh
# sslscan, as a user runs it, against `latch server --http --ciphers ALL`
# (RSA and ECDSA certificates) on 127.0.0.1. Its findings are checked
# against the ones written down below: TLS 1.2 only, exactly the
# configured suites with the server's preferred one first, the fallback
# SCSV honoured, no renegotiation, not vulnerable to Heartbleed. A change
# fails.
#
# Key exchange groups: sslscan 2.0.7 probes each group with a hand-made
# TLS 1.2 hello and then reads the ServerKeyExchange as the first message
# of a record of its own. latch sends ServerHello, Certificate,
# ServerKeyExchange and ServerHelloDone coalesced in one record, as RFC
# 5246 6.2.1 allows (OpenSSL sends one record per message), so each probe
# waits out sslscan's 3 s read timeout and it lists no group: most of
# this test's two minutes. testssl checks the curves.
set -eu
. "$(dirname "$0")/interop_lib.sh"
. "$(dirname "$0")/scan_lib.sh"

need_latch
need sslscan sslscan
need python3 python3

start_scanned_server
xml=$work/sslscan.xml
started=$(date +%s)
status=0
timeout 540 sslscan --no-colour --xml="$xml" "127.0.0.1:$latch_port" >"$work/sslscan.out" 2>&1 ||
    status=$?
echo "sslscan took $(($(date +%s) - started)) s (exit status $status)"
if [ ! -s "$xml" ]; then
    cat "$work/sslscan.out" >&2
    fail_setup "sslscan wrote no findings"
fi

SCAN_SUITES="$SCAN_SUITES" python3 - "$xml" "$work/sslscan.out" <<'PY'
import os, sys
import xml.etree.ElementTree as ET

test = ET.parse(sys.argv[1]).getroot().find("ssltest")
text = open(sys.argv[2]).read()
failures = []

def expect(what, ok, got):
    print(f"{'ok  ' if ok else 'FAIL'}  {what}: {got}")
    if not ok:
        failures.append(what)

enabled = {f"{p.get('type')} {p.get('version')}" for p in test.iter("protocol")
           if p.get("enabled") == "1"}
expect("only TLS 1.2 enabled", enabled == {"tls 1.2"}, sorted(enabled))
expect("TLS_FALLBACK_SCSV honoured", "Server supports TLS Fallback SCSV" in text,
       "yes" if "Server supports TLS Fallback SCSV" in text else "no")
reneg = test.find("renegotiation")
expect("renegotiation refused", reneg is not None and reneg.get("supported") == "0",
       None if reneg is None else reneg.attrib)
bleed = [(h.get("sslversion"), h.get("vulnerable")) for h in test.iter("heartbleed")]
expect("not vulnerable to Heartbleed", bleed == [("TLSv1.2", "0")], bleed)

ciphers = list(test.iter("cipher"))
got = {int(c.get("id"), 16) for c in ciphers}
want = {int(c, 16) for c in os.environ["SCAN_SUITES"].split()}
expect("suites are the configured ones", got == want,
       f"missing {sorted(hex(c) for c in want - got)}, extra {sorted(hex(c) for c in got - want)}")
expect("every suite is TLS 1.2", {c.get("sslversion") for c in ciphers} == {"TLSv1.2"},
       {c.get("sslversion") for c in ciphers})
preferred = [c.get("cipher") for c in ciphers if c.get("status") == "preferred"]
expect("the server's first choice is preferred", preferred == ["ECDHE-ECDSA-AES128-GCM-SHA256"],
       preferred)
groups = [g.attrib for g in test.iter("group")]
expect("no groups listed (sslscan reads one message per record)", groups == [], groups)

print(f"{len(failures)} of the checks failed" if failures else "sslscan found what was expected")
sys.exit(1 if failures else 0)
PY
