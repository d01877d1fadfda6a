"""What the latch command's Python tests share: where things are, and
check() and finish() for their ok/FAIL lines and exit status."""
import os
import sys

LATCH = os.path.join(os.environ["LATCH_BUILD"], "latch")
CERTS = os.path.join(os.environ["LATCH_TESTDATA"], "interop")
STEP_TIMEOUT = 60
failures = []


def check(ok, what, detail=""):
    print(("ok   " if ok else "FAIL ") + what + ("" if ok else "\n     " + str(detail)))
    if not ok:
        failures.append(what)


def finish(passed):
    if failures:
        print(f"FAIL: {len(failures)} check(s)")
        sys.exit(1)
    print("PASS: " + passed)
