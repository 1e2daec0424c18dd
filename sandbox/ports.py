"""``python -m sandbox.ports HOST NAME=PORT...``: say in one line which ports ``make run`` cannot have.

``make run`` checks its ports before it starts anything, so a port already in use (another
``make run``, another server) gives one clear line and exit status 1 instead of a traceback from
each server.
"""

import socket
import sys


def in_use(host, port):
    """Whether something already listens on ``host:port``.

    Binds as the servers will (``SO_REUSEADDR``, like Django's runserver and ``http.server``), so a
    port left in TIME_WAIT by a server that just stopped does not count as taken.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError:
            return True
    return False


def busy_line(host, named_ports):
    """One line naming every busy port and how to choose others, or '' when all are free."""
    busy = [(name, port) for name, port in named_ports if in_use(host, port)]
    if not busy:
        return ""
    taken = " and ".join(f"{port} ({name})" for name, port in busy)
    other = " ".join(f"{name}={port + 10}" for name, port in named_ports)
    verb = "is" if len(busy) == 1 else "are"
    return (f"make run: port {taken} on {host} {verb} already in use (another `make run`, or another server): "
            f"stop it, or choose free ports, e.g. make run {other}")


def main(argv):
    """Check ``NAME=PORT`` arguments on ``HOST``; print the line and return 1 if any is taken."""
    host, *pairs = argv
    named_ports = [(name, int(port)) for name, port in (pair.split("=", 1) for pair in pairs)]
    line = busy_line(host, named_ports)
    if line:
        print(line, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
