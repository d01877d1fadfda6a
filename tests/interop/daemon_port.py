"""Start a real server daemon (nginx, dovecot) on ports chosen at run time.

Such daemons cannot be told to pick a port and report it, so the port is
found free by binding port 0, then handed to the daemon. Another process
may take it in between: the daemon then fails to bind and exits, and the
start is retried with fresh ports. Readiness is the port accepting a
connection (polled until STEP_TIMEOUT), or the daemon's exit, never a
fixed sleep."""
import socket
import subprocess
import time

from cli_check import STEP_TIMEOUT


def free_ports(count):
    socks = []
    for _ in range(count):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def accepts(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def start(argv_for, nports, log_path, attempts=5):
    """argv_for(ports) writes the daemon's config and returns its argv.
    Returns (process, ports) once every port accepts; raises with the
    daemon's log when it never comes up."""
    for _ in range(attempts):
        ports = free_ports(nports)
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(argv_for(ports), stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STEP_TIMEOUT
        while proc.poll() is None and time.monotonic() < deadline:
            if all(accepts(p) for p in ports):
                return proc, ports
            time.sleep(0.05)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
            break
        if b"in use" not in open(log_path, "rb").read():
            break
    raise RuntimeError(f"{argv_for(ports)[0]} did not start:\n" +
                       open(log_path, encoding="utf-8", errors="replace").read())


def stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=STEP_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
