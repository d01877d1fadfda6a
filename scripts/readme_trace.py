#!/usr/bin/env python3
"""The README's trace excerpts, made from a real `latch demo` run.

    scripts/readme_trace.py --update README.md BUILD/latch
    scripts/readme_trace.py --check README.md BUILD/latch

Each excerpt sits between two marker lines in the README:

    <!-- trace excerpt: text (scripts/readme_trace.py) -->
    ...
    <!-- end of trace excerpt -->

--update runs `latch demo` (text, then --format mermaid) and writes what
it prints there: the text trace from its first round trip to its last
application data record, field values cut at CUT characters, and the
whole diagram. --check runs the demo the same way and fails, showing
the difference, when the README's excerpts are not what the current code
prints. Both sides are compared with what differs from run to run
normalised, and nothing else: times (milliseconds and dates), randoms
and keys (hex of 8 digits or more), and the sizes that a random ECDSA
signature's DER length changes (Certificate, ServerKeyExchange and their
signature fields). The README's own times must go forward and its
certificate validity must end after it starts.
"""
import difflib
import os
import re
import subprocess
import sys

MARK = "<!-- trace excerpt: {} (scripts/readme_trace.py) -->"
END = "<!-- end of trace excerpt -->"
CUT = 72
FIELD = re.compile(r"^( {32}\S+ +)(.*)$")


def demo(latch, *args):
    """latch demo's standard output, whole lines, no colour, no wrapping."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "SSLKEYLOGFILE")}
    env["NO_COLOR"] = "1"
    proc = subprocess.run([latch, "demo", *args], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        sys.exit("readme_trace: latch demo %s failed:\n%s" % (" ".join(args), proc.stderr))
    return proc.stdout.splitlines()


def text_excerpt(lines):
    start = lines.index("Round trip 1")
    end = start
    while end < len(lines) and lines[end] != "":
        end += 1
    out = []
    for line in lines[start:end]:
        m = FIELD.match(line)
        if m and len(m.group(2)) > CUT:
            line = m.group(1) + m.group(2)[:CUT] + "..."
        out.append(line)
    return out


def excerpts(latch):
    return {"text": text_excerpt(demo(latch)), "mermaid": demo(latch, "--format", "mermaid")}


def normalise(line):
    # The clock is right-aligned ("%8.2f ms"): its width goes too.
    line = re.sub(r"^ *\d+\.\d\d ms\b", "T ms", line)
    line = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", "DATE", line)
    line = re.sub(r"[0-9a-f]{8,}", "HEX", line)
    if re.search(r"\b(Certificate|ServerKeyExchange)  \(\d+ bytes", line):
        line = re.sub(r"\(\d+ bytes", "(N bytes", line)
    return re.sub(r"^( +signature +)\d+ bytes$", r"\1N bytes", line)


def blocks(readme):
    """name -> (first line index inside, end marker index) of each excerpt."""
    found = {}
    for name in ("text", "mermaid"):
        begin = readme.index(MARK.format(name))
        found[name] = (begin + 1, readme.index(END, begin))
    return found


def body(lines):
    """An excerpt as the README holds it: a blank line, the lines indented
    as code, a blank line."""
    return [""] + [("    " + l).rstrip() for l in lines] + [""]


def plausible(lines):
    """The README's times go forward and its validity ends after it starts."""
    times = [float(t) for l in lines for t in re.findall(r"\b(\d+\.\d\d) ms\b", l)]
    problems = []
    if times != sorted(times):
        problems.append("the text excerpt's times go backwards: %s" % times)
    for l in lines:
        m = re.search(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC to (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)", l)
        if m and m.group(1) >= m.group(2):
            problems.append("a validity that ends before it starts: " + l.strip())
    return problems


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("--update", "--check"):
        sys.exit(__doc__.split("\n\n")[1])
    mode, path, latch = sys.argv[1:]
    with open(path, encoding="utf-8") as f:
        readme = f.read().split("\n")
    made = excerpts(latch)
    if mode == "--update":
        for name, (first, end) in sorted(blocks(readme).items(), key=lambda b: -b[1][0]):
            readme[first:end] = body(made[name])
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(readme))
        print("readme_trace: wrote the text (%d lines) and mermaid (%d lines) excerpts" %
              (len(made["text"]), len(made["mermaid"])))
        return 0
    failed = False
    for name, (first, end) in blocks(readme).items():
        have = readme[first:end]
        want = body(made[name])
        a = [normalise(l) for l in have]
        b = [normalise(l) for l in want]
        if a != b:
            failed = True
            print("readme_trace: the README's %s excerpt is not what latch demo prints now "
                  "(run scripts/readme_trace.py --update README.md BUILD/latch):" % name)
            sys.stdout.writelines(l + "\n" for l in difflib.unified_diff(
                a, b, "README.md", "latch demo", lineterm="", n=1))
        for problem in plausible(have) if name == "text" else []:
            failed = True
            print("readme_trace: " + problem)
    if not failed:
        print("readme_trace: the README's excerpts are what latch demo prints")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
