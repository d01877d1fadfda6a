#!/usr/bin/env python3
"""The text trace wraps to the terminal's width (issue 20): on a terminal
(a pty whose size is set with TIOCSWINSZ) and when COLUMNS asks for it,
every trace line fits, and continuation lines are indented; into a pipe
without COLUMNS the lines stay whole. Wrapping only moves text: with the
whitespace taken out, a wrapped trace reads as an unwrapped one (times,
randoms and sizes aside, which differ between runs)."""
import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios

LATCH = os.path.join(os.environ["LATCH_BUILD"], "latch")
TIMEOUT = 120
failures = 0


def check(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures += 1
    return ok


def environment(columns=None):
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "SSLKEYLOGFILE")}
    env["NO_COLOR"] = "1"
    if columns is not None:
        env["COLUMNS"] = str(columns)
    return env


def piped(columns=None):
    proc = subprocess.run([LATCH, "demo"], env=environment(columns), stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=TIMEOUT)
    check(proc.returncode == 0, "latch demo into a pipe%s succeeded" %
          ("" if columns is None else " with COLUMNS=%d" % columns))
    return proc.stdout


def on_terminal(columns):
    """latch demo with its standard output on a pty of this width."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    proc = subprocess.Popen([LATCH, "demo"], env=environment(), stdin=subprocess.DEVNULL,
                            stdout=slave, stderr=subprocess.DEVNULL)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    check(proc.wait(timeout=TIMEOUT) == 0, "latch demo on a %d-column terminal succeeded" % columns)
    return b"".join(chunks).decode().replace("\r\n", "\n")


def trace_lines(out):
    """The trace and the summary, without the server's decrypted answer
    (the demo prints it as it came, not as trace lines)."""
    lines = out.split("\n")
    start = lines.index("Round trip 1") if "Round trip 1" in lines else 0
    skip = False
    kept = []
    for line in lines[start:]:
        if line.startswith("The server's response, decrypted:"):
            skip = True
        elif skip and line.startswith("Summary:"):
            skip = False
        if not skip:
            kept.append(line)
    return kept


def squeezed(lines):
    text = "".join("".join(lines).split())
    return re.sub(r"[0-9a-f]{2,}|\d+", "#", text)


def check_wrapped(name, out, columns, whole):
    lines = trace_lines(out)
    check(len(lines) > 60, "%s: the trace is there (%d lines)" % (name, len(lines)))
    long = [l for l in lines if len(l) > columns]
    check(not long, "%s: every trace line fits in %d columns%s" %
          (name, columns, "" if not long else ": " + long[0]))
    # A continuation line is indented past the time column; the cipher
    # suites, one long field, take several.
    at = next((i for i, l in enumerate(lines) if l.lstrip().startswith("cipher_suites")), None)
    check(at is not None and lines[at + 1].startswith(" " * 34) and
          "TLS_" in lines[at + 1] and not lines[at + 1].strip().startswith("compression"),
          "%s: the cipher suites continue on an indented line" % name)
    check(squeezed(lines) == squeezed(trace_lines(whole)),
          "%s: the wrapped trace holds the same text as the whole one" % name)


def main():
    whole = piped()
    longest = max(len(l) for l in trace_lines(whole))
    check(longest > 200, "into a pipe without COLUMNS the lines stay whole (longest %d)" % longest)
    check_wrapped("COLUMNS=80, a pipe", piped(80), 80, whole)
    check_wrapped("a 100-column terminal", on_terminal(100), 100, whole)
    check_wrapped("COLUMNS=132, a pipe", piped(132), 132, whole)
    print("trace wrap: %d failed" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
