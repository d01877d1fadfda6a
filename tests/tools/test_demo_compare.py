#!/usr/bin/env python3
"""`latch demo --compare` (issue 18): one TLS 1.2 and one TLS 1.3 full
handshake side by side. TLS 1.2 takes two round trips before the client
may send data and TLS 1.3 one (RFC 8446 2); in TLS 1.2 only the two
Finished messages are encrypted, in TLS 1.3 everything after ServerHello
is (EncryptedExtensions, Certificate, CertificateVerify, both Finished),
and the hellos are in the clear in both. With --format mermaid, stdout
holds two sequence diagrams, TLS 1.2's then TLS 1.3's, each with its own
round trips and message numbers, and the table goes to stderr."""
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

# The arrows a diagram must draw, in order: (from, to, message, encrypted).
ARROWS12 = [("C", "S", "ClientHello", False), ("S", "C", "ServerHello", False),
            ("S", "C", "Certificate", False), ("S", "C", "ServerKeyExchange", False),
            ("S", "C", "ServerHelloDone", False), ("C", "S", "ClientKeyExchange", False),
            ("C", "S", "ChangeCipherSpec", False), ("C", "S", "Finished", True),
            ("S", "C", "ChangeCipherSpec", False), ("S", "C", "Finished", True)]
# RFC 8446 D.4: middlebox compatibility mode's dummy ChangeCipherSpec
# from each side, in the clear.
ARROWS13 = [("C", "S", "ClientHello", False), ("S", "C", "ServerHello", False),
            ("S", "C", "ChangeCipherSpec", False), ("S", "C", "EncryptedExtensions", True),
            ("S", "C", "Certificate", True), ("S", "C", "CertificateVerify", True),
            ("S", "C", "Finished", True), ("C", "S", "ChangeCipherSpec", False),
            ("C", "S", "Finished", True)]
STATEMENT = re.compile(r"^(sequenceDiagram|    participant [CS] as (Client|Server)|"
                       r"    Note over C,S: .+|    [CS]->>[CS]: .+|%%.*|)$")
ARROW = re.compile(r"^    ([CS])->>([CS]): (\d+)\. (\w+)( \(encrypted\))?$")


def diagram(lines):
    """The round-trip notes and the arrows of one diagram, in order."""
    steps, numbers = [], []
    for line in lines:
        note = re.match(r"^    Note over C,S: Round Trip (\d+)$", line)
        arrow = ARROW.match(line)
        if note:
            steps.append(("round trip", int(note.group(1))))
        elif arrow:
            steps.append((arrow.group(1), arrow.group(2), arrow.group(4), bool(arrow.group(5))))
            numbers.append(int(arrow.group(3)))
    return steps, numbers


def with_round_trips(arrows, second_starts_at):
    steps = [("round trip", 1)]
    for i, arrow in enumerate(arrows):
        if second_starts_at is not None and i == second_starts_at:
            steps.append(("round trip", 2))
        steps.append(arrow)
    return steps


drawn = subprocess.run([LATCH, "demo", "--compare", "--format", "mermaid"], capture_output=True,
                       text=True, timeout=120)
print(drawn.stdout, drawn.stderr, sep="")
check(drawn.returncode == 0, "latch demo --compare --format mermaid exits 0")
lines = drawn.stdout.splitlines()
bad = [line for line in lines if not STATEMENT.match(line)]
check(not bad, "stdout holds only mermaid statements (not: %r)" % bad[:3])
starts = [i for i, line in enumerate(lines) if line == "sequenceDiagram"]
check(len(starts) == 2, "two sequence diagrams")
check(re.search(r"^round trips before the client sends data\s+2\s+1$", drawn.stderr, re.M)
      is not None, "the table goes to stderr")
if len(starts) == 2:
    first, second = lines[starts[0]:starts[1]], lines[starts[1]:]
    for name, part in (("first", first), ("second", second)):
        check(part[1:3] == ["    participant C as Client", "    participant S as Server"],
              "the %s diagram names the client and the server" % name)
    check(lines[starts[0] - 1] == "%% TLS 1.2, full handshake"
          and lines[starts[1] - 1] == "%% TLS 1.3, full handshake",
          "TLS 1.2's diagram first, then TLS 1.3's, each headed by its version")
    steps12, numbers12 = diagram(first)
    steps13, numbers13 = diagram(second)
    check(steps12 == with_round_trips(ARROWS12, 5),
          "TLS 1.2: the chapter's ten messages in order, round trip 2 from ClientKeyExchange")
    check(steps13 == with_round_trips(ARROWS13, None),
          "TLS 1.3: nine messages in order, all after ServerHello but the dummy "
          "ChangeCipherSpecs encrypted, one round trip")
    check(numbers12 == list(range(1, 11)) and numbers13 == list(range(1, 10)),
          "each diagram numbers its messages from 1")

bad_format = subprocess.run([LATCH, "demo", "--compare", "--format", "json"], capture_output=True,
                            text=True, timeout=60)
check(bad_format.returncode != 0 and "--compare shows text or mermaid" in bad_format.stderr
      and bad_format.stdout == "", "--compare --format json is refused with a reason")
sys.exit(1 if failures else 0)
