"""What the latch command's Python tests share: where things are, and
check() and finish() for their ok/FAIL lines and exit status."""
import os
import queue
import re
import subprocess
import sys
import threading

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


def start_server(*args, cert=os.path.join(CERTS, "rsa.pem"), key=os.path.join(CERTS, "rsa.key")):
    """`latch server` on 127.0.0.1 at a port it picks, with the test
    certificate (or cert and key); returns the process, the port and a
    queue of its stderr lines."""
    server = subprocess.Popen([LATCH, "server", "--cert", cert, "--key", key, "--port", "0",
                               "--bind", "127.0.0.1", *args],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(l.rstrip("\n")) for l in server.stderr],
                     daemon=True).start()
    while True:
        m = re.search(r"listening on .*:(\d+)$", lines.get(timeout=STEP_TIMEOUT))
        if m:
            return server, int(m.group(1)), lines
