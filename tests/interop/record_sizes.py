#!/usr/bin/env python3
"""Checks the TLS records of one direction of a recorded exchange
(record_relay.py) against a plaintext limit.

Records that the limit covers must carry at most LIMIT bytes of plaintext,
that is LIMIT + EXPANSION bytes of fragment (EXPANSION 24: AES-GCM's
explicit nonce and tag). --from first: every record but the first (the
ClientHello, sent before any limit is agreed; max_fragment_length);
--from ccs: the records after ChangeCipherSpec (record_size_limit binds
protected records only). The application data must also span at least
--min-records records, so the limit was tested by data well past it.
Prints one line; exits 1 when a check fails. Standard library only.
"""

import argparse
import sys


def records(data):
    at = 0
    while at + 5 <= len(data):
        length = data[at + 3] << 8 | data[at + 4]
        yield data[at], length
        at += 5 + length
    if at != len(data):
        raise ValueError("the stream ends inside a record")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--limit", type=int, required=True)
    ap.add_argument("--expansion", type=int, default=24)
    ap.add_argument("--from", dest="start", choices=["first", "ccs"], required=True)
    ap.add_argument("--min-records", type=int, default=3)
    args = ap.parse_args()
    with open(args.file, "rb") as f:
        data = f.read()
    covered = args.start == "first"
    index = 0
    largest = 0
    app_records = 0
    app_bytes = 0
    try:
        for ctype, length in records(data):
            if args.start == "first" and index == 0:
                covered = False
            elif args.start == "first":
                covered = True
            if covered:
                largest = max(largest, length)
            if ctype == 23:
                app_records += 1
                app_bytes += length - args.expansion
            if ctype == 20:
                covered = True
            index += 1
    except ValueError as e:
        print("FAIL: %s: %s" % (args.file, e))
        return 1
    most = args.limit + args.expansion
    summary = "%d records, %d of application data (%d bytes), largest covered fragment %d" % (
        index, app_records, app_bytes, largest)
    if largest > most:
        print("FAIL: %s; over the %d-byte limit (%d with the AEAD's %d)" % (
            summary, args.limit, most, args.expansion))
        return 1
    if app_records < args.min_records or app_bytes <= args.limit * (args.min_records - 1):
        print("FAIL: %s; the data did not go well past the %d-byte limit" % (summary, args.limit))
        return 1
    print("ok: %s, within %d" % (summary, most))
    return 0


if __name__ == "__main__":
    sys.exit(main())
