"""Defect 4: 150 connections sending their headers a byte at a time filled waitress's default
connection_limit of 100, and every normal request timed out. Loopback only."""

import json
import math
import os
import socket
import threading
import time

import pytest

from tests.support.server_process import ServerProcess, http_request

SLOW = int(os.environ.get("KLARSVAR_RELIABILITY_SLOW_CLIENTS", "300"))  # the issue promises 500 too
CHECKS = 100


class SlowClients:
    """`count` connections that send a request's headers one byte per `interval` and never finish."""

    def __init__(self, port: int, count: int, interval: float = 0.5) -> None:
        self.port, self.count, self.interval = port, count, interval
        self.sockets: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._drip, daemon=True)

    def __enter__(self):
        for _ in range(self.count):
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            sock.sendall(b"POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            self.sockets.append(sock)
        self._thread.start()
        return self

    def _drip(self) -> None:
        while not self._stop.wait(self.interval):
            for sock in self.sockets:
                try:
                    sock.send(b"X")  # one more byte of a header line that never ends
                except OSError:
                    pass

    def open_count(self) -> int:
        """How many of the slow connections the server still holds open."""
        alive = 0
        for sock in self.sockets:
            sock.setblocking(False)
            try:
                alive += sock.recv(1, socket.MSG_PEEK) != b""
            except BlockingIOError:
                alive += 1
            except OSError:
                pass
            finally:
                sock.setblocking(True)
        return alive

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=5)
        for sock in self.sockets:
            sock.close()


def timed_checks(port: int, headers: dict, count: int, timeout: float) -> tuple[list, list]:
    """Make `count` small checks one after another; (latencies in seconds, failures)."""
    latencies, failures = [], []
    body = {"text": "Hej Maria, tak for din besked.", "language": "da", "grammar": False, "rewrite": False}
    for _ in range(count):
        started = time.perf_counter()
        try:
            status, _, answer = http_request(port, "POST", "/v1/check", body, headers=headers, timeout=timeout)
        except OSError as exc:
            failures.append(type(exc).__name__)
            continue
        latencies.append(time.perf_counter() - started)
        if status != 200:
            failures.append(status)
        json.loads(answer)
    return latencies, failures


def p99(values: list[float]) -> float:
    """The 99th percentile by nearest rank (of 100 values, the 99th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


@pytest.mark.timeout(120)
def test_300_slow_connections_do_not_stop_100_normal_checks(tmp_path):
    with ServerProcess(tmp_path / "conf") as server:
        # A warm server, as agents meet it: the first check loads the analysis (measured elsewhere).
        timed_checks(server.port, server.auth(), 3, timeout=30)
        with SlowClients(server.port, SLOW) as slow:
            time.sleep(1.0)  # let the drip run a few rounds
            latencies, failures = timed_checks(server.port, server.auth(), CHECKS, timeout=5)
            still_open = slow.open_count()
    print(f"\n{SLOW} slow connections held ({still_open} still open at the end); {CHECKS} checks: "
          f"median {sorted(latencies)[len(latencies) // 2] * 1000:.0f} ms, p99 {p99(latencies) * 1000:.0f} ms, "
          f"max {max(latencies) * 1000:.0f} ms, failures {failures}")
    assert failures == []
    assert len(latencies) == CHECKS and p99(latencies) <= 0.5, sorted(latencies)[-5:]
    assert still_open > SLOW * 0.9  # they really were held open meanwhile
    assert server.orphans == []


@pytest.mark.timeout(60)
def test_the_waitress_default_limit_starves_normal_clients(app, token):
    """The defect itself, in-process: with waitress's default connection_limit (100), 150 slow
    connections leave a normal client unanswered; with `klarsvar serve`'s settings it is answered."""
    from waitress import create_server

    from klarsvar.cli.serve import waitress_options

    def answered_within_a_second(options: dict) -> bool:
        server = create_server(app, host="127.0.0.1", port=0, threads=2, **options)
        port = server.effective_port
        app.extensions["klarsvar"].allowed_hosts |= {f"127.0.0.1:{port}"}
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        try:
            with SlowClients(port, 150, interval=0.2):
                time.sleep(0.5)
                try:
                    status = http_request(port, "GET", "/v1/terms", headers={"Authorization": f"Bearer {token}"},
                                          timeout=1)[0]
                except OSError:
                    return False
                return status == 200
        finally:
            server.close()
            thread.join(timeout=5)

    defaults = {k: v for k, v in waitress_options().items() if k not in ("connection_limit", "asyncore_use_poll")}
    assert answered_within_a_second(defaults) is False
    assert answered_within_a_second(waitress_options()) is True
