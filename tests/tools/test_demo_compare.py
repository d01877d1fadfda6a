#!/usr/bin/env python3
"""`latch demo --compare` (issue 18): one TLS 1.2 and one TLS 1.3 full
handshake side by side. TLS 1.2 takes two round trips before the client
may send data and TLS 1.3 one (RFC 8446 2); in TLS 1.2 only the two
Finished messages are encrypted, in TLS 1.3 everything after ServerHello
is (EncryptedExtensions, Certificate, CertificateVerify, both Finished),
and the hellos are in the clear in both."""
import os
import re
import subprocess
import sys

LATCH = os.path.join(os.environ["LATCH_BUILD"], "latch")
failures = 0


def check(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures += 1


run = subprocess.run([LATCH, "demo", "--compare"], capture_output=True, text=True, timeout=120)
out = run.stdout
print(out, run.stderr, sep="")
check(run.returncode == 0, "latch demo --compare exits 0")


def row(label):
    m = re.search(r"^" + re.escape(label) + r"\s+(\S+)\s+(\S+)$", out, re.M)
    return (m.group(1), m.group(2)) if m else None


def names(version, how):
    m = re.search(r"^TLS %s %s: (.*)$" % (re.escape(version), how), out, re.M)
    return sorted(m.group(1).split(", ")) if m else None


check(row("round trips before the client sends data") == ("2", "1"), "round trips: 2 and 1")
check(row("handshake messages in the clear") == ("6", "2"), "messages in the clear: 6 and 2")
check(row("handshake messages encrypted") == ("2", "5"), "messages encrypted: 2 and 5")
times = row("time, ms (one run, both sides)")
check(times is not None and all(float(t) > 0 for t in times), "a time for each")
check(names("1.2", "in the clear") == sorted(["ClientHello", "ServerHello", "Certificate",
                                              "ServerKeyExchange", "ServerHelloDone",
                                              "ClientKeyExchange"]),
      "TLS 1.2: the hellos, the certificate and the key exchange in the clear")
check(names("1.2", "encrypted") == ["Finished", "Finished"], "TLS 1.2: both Finished encrypted")
check(names("1.3", "in the clear") == ["ClientHello", "ServerHello"],
      "TLS 1.3: only the hellos in the clear")
check(names("1.3", "encrypted") == sorted(["EncryptedExtensions", "Certificate",
                                           "CertificateVerify", "Finished", "Finished"]),
      "TLS 1.3: the certificate and everything after ServerHello encrypted")
sys.exit(1 if failures else 0)
