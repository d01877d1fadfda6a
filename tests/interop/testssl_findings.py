"""testssl.sh's JSON findings for the scanner tests: loaded from the file
named by the first argument, looked up by id, and checked one by one.

    from testssl_findings import findings, by_id, finding, expect, finish
"""

import json
import sys

findings = json.load(open(sys.argv[1]))
by_id = {}
for _f in findings:
    by_id.setdefault(_f["id"], []).append(_f)
failures = []


def expect(what, ok, got):
    print(f"{'ok  ' if ok else 'FAIL'}  {what}: {got}")
    if not ok:
        failures.append(what)


def finding(fid):
    return by_id[fid][0]["finding"] if fid in by_id else "(missing)"


def finish(success):
    print(f"{len(failures)} of the checks failed" if failures else success)
    sys.exit(1 if failures else 0)
