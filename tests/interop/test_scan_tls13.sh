#!/bin/sh
# testssl.sh against `latch server --http` with its default versions
# (TLS 1.2 and 1.3; RSA and ECDSA certificates) on 127.0.0.1: it must
# find TLS 1.3 offered with the final version and TLS 1.2 beside it,
# nothing older, exactly the three TLS 1.3 suites (RFC 8446 B.4),
# and forward secrecy over the default groups. The TLS 1.2 findings in
# detail are test_scan_testssl.sh's (a TLS 1.2-only server).
#
# testssl is kept off the network as there: --nodns none, --ip
# 127.0.0.1, no --phone-out, --add-ca for the test CA. -p protocols, -E
# suites per protocol, -f forward secrecy and groups: about half a
# minute on a quiet 2-core machine.
set -eu
. "$(dirname "$0")/interop_lib.sh"
. "$(dirname "$0")/scan_lib.sh"

need_latch
need testssl testssl.sh
need python3 python3

start_latch_server "$work/server.log" --http
json=$work/testssl.json
status=0
(cd "$work" && timeout 300 testssl --nodns none --ip 127.0.0.1 --warnings batch --color 0 \
    --quiet --sneaky --add-ca "$CERTS/ca.pem" -p -E -f --jsonfile "$json" \
    "127.0.0.1:$latch_port" >"$work/testssl.out" 2>&1) || status=$?
echo "testssl exit status $status"
if [ ! -s "$json" ]; then
    cat "$work/testssl.out" >&2
    fail_setup "testssl wrote no findings"
fi

SCAN_CURVES="$SCAN_CURVES" python3 - "$json" <<'PY'
import os, sys

sys.path.insert(0, os.path.join(os.environ["LATCH_SOURCE"], "tests", "interop"))
from testssl_findings import findings, finding, expect, finish

for proto, want in [("SSLv2", "not offered"), ("SSLv3", "not offered"), ("TLS1", "not offered"),
                    ("TLS1_1", "not offered"), ("TLS1_2", "offered"),
                    ("TLS1_3", "offered with final")]:
    expect(f"{proto} {want}", finding(proto) == want, finding(proto))

suites13 = sorted(f["id"][len("cipher-tls1_3_"):] for f in findings
                  if f["id"].startswith("cipher-tls1_3_"))
expect("the three TLS 1.3 suites", suites13 == ["x1301", "x1302", "x1303"], suites13)

curves = set(finding("PFS_ECDHE_curves").split())
want = set(os.environ["SCAN_CURVES"].split())
expect("forward secrecy over the default groups", curves == want, sorted(curves))

finish("testssl found TLS 1.3 as expected")
PY
