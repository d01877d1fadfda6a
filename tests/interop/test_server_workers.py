#!/usr/bin/env python3
"""`latch server --workers`: a master and its workers, restarts, reloads.

Checked with Python's ssl module against `latch server --echo`: two
workers both take connections (each holds some of 24 open at once); a
worker killed with SIGKILL is logged and replaced, and the server goes on
serving; SIGHUP after the certificate files were replaced serves the new
certificate to new connections while a connection made before keeps
echoing through its old worker, which exits once that connection closes;
SIGHUP with a broken certificate file logs why and keeps serving the
certificate loaded before; connections made without pause across a
reload are all served (none is reset with a retired worker's listener);
and without workers (--workers 0) SIGHUP
reloads in the one process.
"""
import os
import shutil
import signal
import socket
import ssl
import tempfile
import threading

from cli_check import CERTS, STEP_TIMEOUT, check, finish, start_server
from forward_lib import children, client_context, stop, wait_line, workers_of


def der_of(pem_path):
    with open(pem_path) as f:
        pem = f.read()
    first = pem[:pem.index("-----END CERTIFICATE-----") + len("-----END CERTIFICATE-----")]
    return ssl.PEM_cert_to_DER_cert(first[first.index("-----BEGIN CERTIFICATE-----"):])


def connect(port):
    raw = socket.create_connection(("127.0.0.1", port), timeout=STEP_TIMEOUT)
    return client_context().wrap_socket(raw, server_hostname="localhost")


def echoes(tls, text):
    tls.sendall(text)
    got = b""
    while len(got) < len(text):
        data = tls.recv(4096)
        if not data:
            break
        got += data
    return got == text


def served_cert(port):
    with connect(port) as tls:
        ok = echoes(tls, b"which certificate?")
        return tls.getpeercert(binary_form=True) if ok else None


def sockets_of(pid):
    """How many sockets pid has open (its listener and its connections)."""
    n = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            n += os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:")
        except OSError:
            pass
    return n


def keep_connecting(port, stop, results):
    """Handshakes and echoes, one connection after another, until stop is
    set and three more after it: each result is True when the connection
    echoed."""
    def once():
        try:
            with connect(port) as tls:
                results.append(echoes(tls, b"during the reload"))
        except (OSError, ssl.SSLError):
            results.append(False)
    while not stop.is_set():
        once()
    for _ in range(3):
        once()


def replace(src, dst):
    """Puts src's bytes at dst in one step, as a certificate renewal does."""
    tmp = dst + ".new"
    shutil.copyfile(src, tmp)
    os.rename(tmp, dst)


work = tempfile.mkdtemp(prefix="latch-workers-")
cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
replace(os.path.join(CERTS, "rsa.pem"), cert)
replace(os.path.join(CERTS, "rsa.key"), key)
RSA, ECDSA = der_of(os.path.join(CERTS, "rsa.pem")), der_of(os.path.join(CERTS, "ecdsa.pem"))

server, port, lines = start_server("--echo", "--workers", "2", cert=cert, key=key)
try:
    # 1. Two workers, both serving.
    workers = workers_of(server, 2)
    check(len(workers) == 2, "--workers 2: the master has two worker processes", workers)
    held = [connect(port) for _ in range(24)]
    all_echo = all(echoes(tls, b"held %d" % i) for i, tls in enumerate(held))
    counts = {w: sockets_of(w) - 1 for w in workers}  # less the listener
    check(all_echo and sum(counts.values()) == 24 and all(n > 0 for n in counts.values()),
          "24 connections held: all echo, and each worker holds some", counts)
    for tls in held:
        tls.close()

    # 2. A worker killed is logged and replaced.
    victim = workers[0]
    os.kill(victim, signal.SIGKILL)
    line = wait_line(lines, rf"worker {victim} ended")
    check(line is not None and "killed by signal 9" in line and "starting another" in line,
          "a killed worker: one line saying so", line)
    again = workers_of(server, 2, but=(victim,))
    check(len(again) == 2 and served_cert(port) == RSA,
          "the master starts another, and the server goes on serving", again)

    # 3. SIGHUP after a renewal: new connections get the new certificate,
    # the one made before keeps working through its old worker.
    old = connect(port)
    check(echoes(old, b"before the reload") and old.getpeercert(binary_form=True) == RSA,
          "a connection made before the reload, with the RSA certificate")
    old_workers = set(children(server.pid))
    replace(os.path.join(CERTS, "ecdsa.pem"), cert)
    replace(os.path.join(CERTS, "ecdsa.key"), key)
    stop_connecting, during = threading.Event(), []
    client = threading.Thread(target=keep_connecting, args=(port, stop_connecting, during))
    client.start()
    server.send_signal(signal.SIGHUP)
    line = wait_line(lines, r"SIGHUP: reloaded")
    check(line is not None and "2 workers replaced" in line, "SIGHUP: reloaded, 2 workers replaced",
          line)
    stop_connecting.set()
    client.join()
    check(len(during) >= 3 and all(during),
          "connections made one after another across the reload are all served", during)
    check(all(served_cert(port) == ECDSA for _ in range(6)),
          "six new connections all get the new (ECDSA) certificate")
    check(echoes(old, b"after the reload"), "the connection from before still echoes")
    draining = [w for w in old_workers if w in children(server.pid)]
    check(len(draining) >= 1, "the old worker holding it is still there, draining", draining)
    old.close()
    gone = workers_of(server, 2, but=())
    check(len(gone) == 2 and not set(gone) & old_workers,
          "once that connection closes the old workers are gone; two new ones serve", gone)

    # 4. SIGHUP with a broken certificate: said why, the old one stays.
    serving = set(gone)
    with open(cert, "w") as f:
        f.write("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n")
    server.send_signal(signal.SIGHUP)
    why = wait_line(lines, r"--cert ")
    line = wait_line(lines, r"SIGHUP: ")
    check(why is not None and cert in why and line is not None and
          "still serving with the ones loaded before" in line,
          "SIGHUP with a broken file: the file named, and the old config kept", (why, line))
    check(served_cert(port) == ECDSA and set(children(server.pid)) == serving,
          "new connections still get the certificate loaded before, from the same two workers")
finally:
    check(stop(server) == 0, "SIGTERM: the master passes it on and exits 0")

# 5. Without workers the one process reloads in place.
replace(os.path.join(CERTS, "rsa.pem"), cert)
replace(os.path.join(CERTS, "rsa.key"), key)
server, port, lines = start_server("--echo", "--workers", "0", cert=cert, key=key)
try:
    old = connect(port)
    check(echoes(old, b"one") and children(server.pid) == [], "--workers 0: no child process")
    replace(os.path.join(CERTS, "ecdsa.pem"), cert)
    replace(os.path.join(CERTS, "ecdsa.key"), key)
    server.send_signal(signal.SIGHUP)
    check(wait_line(lines, r"SIGHUP: reloaded") is not None and served_cert(port) == ECDSA and
          echoes(old, b"two"), "--workers 0: SIGHUP serves the new certificate, the old "
          "connection goes on")
    old.close()
finally:
    stop(server)
    shutil.rmtree(work)

finish("latch server --workers serves from several processes, restarts them and reloads")
