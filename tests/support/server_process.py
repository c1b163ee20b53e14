"""`klarsvar serve` (or any klarsvar command) in a subprocess that can never outlive or hang a test.

Each process runs in its own session (process group), writes its output to files rather than pipes (an
orphaned worker holding a pipe open is what once blocked `communicate()` for minutes), and is stopped by
PID: SIGTERM to its group, then SIGKILL after a grace period. Every wait has a timeout.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

STOP_GRACE_SECONDS = 5.0


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def klarsvar_env(config_dir: Path, **extra: str) -> dict:
    """The environment for a klarsvar subprocess using `config_dir` (never the user's token)."""
    env = {**os.environ, "KLARSVAR_CONFIG_DIR": str(config_dir), **extra}
    if "KLARSVAR_TOKEN" not in extra:
        env.pop("KLARSVAR_TOKEN", None)
    return env


def run_cli(config_dir: Path, *argv: str, timeout: float = 60, stdin: str | None = None,
            **env) -> subprocess.CompletedProcess:
    """Run `python -m klarsvar ARGV` to completion (killed at `timeout`); returns the completed process."""
    process = subprocess.Popen([sys.executable, "-m", "klarsvar", *argv], env=klarsvar_env(config_dir, **env),
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, start_new_session=True)
    try:
        out, err = process.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(process.pid)
        process.communicate(timeout=STOP_GRACE_SECONDS)
        raise
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def kill_group(pid: int, sig: int = signal.SIGKILL) -> None:
    """Send `sig` to the process group led by `pid` (our subprocesses lead their own sessions)."""
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def alive(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie awaiting its parent's wait counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        if not Path("/proc").is_dir():
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return False
            return True
        return False
    return state not in ("Z", "X")


def _proc_stats() -> list[tuple[int, list[str]]]:
    """(pid, the fields of /proc/<pid>/stat after the command name) of every process; empty without /proc."""
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    stats = []
    for entry in proc.iterdir():
        if entry.name.isdigit():
            try:
                stats.append((int(entry.name), (entry / "stat").read_text().rsplit(")", 1)[1].split()))
            except OSError:
                continue
    return stats


def children_of(pid: int) -> list[int]:
    """Pids whose parent is `pid` (from /proc; empty where there is no /proc)."""
    return [child for child, fields in _proc_stats() if int(fields[1]) == pid]


def group_members(pgid: int) -> list[int]:
    """Live pids in process group `pgid` (from /proc)."""
    return [member for member, fields in _proc_stats() if int(fields[2]) == pgid and fields[0] not in ("Z", "X")]


def run_checked(argv, timeout: float, **kwargs) -> subprocess.CompletedProcess:
    """Run a command in its own process group (killed whole at `timeout`); fails the test if it fails."""
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True, **kwargs)
    try:
        out, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(process.pid)
        process.communicate(timeout=STOP_GRACE_SECONDS)
        raise
    assert process.returncode == 0, f"{argv} failed:\n{out[-4000:]}"
    return subprocess.CompletedProcess(argv, process.returncode, out, "")


def wait_until(predicate, timeout: float, interval: float = 0.02) -> bool:
    """Poll `predicate` until it is true or `timeout` seconds pass; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        if predicate():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)


def http_request(port: int, method: str, path: str, body=None, headers=None, timeout: float = 10):
    """One request to 127.0.0.1:`port`; (status, headers with lower-case names, body bytes)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
            headers = {"Content-Type": "application/json", **(headers or {})}
        conn.request(method, path, body=body, headers={"Host": f"127.0.0.1:{port}", **(headers or {})})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


class ServerProcess:
    """`klarsvar serve` on a free loopback port; use as a context manager (stopped and reaped on exit)."""

    def __init__(self, config_dir: Path, *extra: str, port: int | None = None, env: dict | None = None,
                 languagetool: str = "off") -> None:
        self.config_dir = Path(config_dir)
        self.config_dir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.extra = ("--languagetool", languagetool, *extra)
        self.env = env or {}
        self.process: subprocess.Popen | None = None
        self.orphans: list[int] = []
        self.log_path = self.config_dir.parent / f"serve-{self.port}.log"

    def start(self, wait: bool = True, timeout: float = 30) -> ServerProcess:
        """Start the server; with `wait`, until health answers (raises with the log if it does not)."""
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "klarsvar", "serve", "--port", str(self.port), *self.extra],
            env=klarsvar_env(self.config_dir, **self.env), stdin=subprocess.DEVNULL, stdout=self._log,
            stderr=subprocess.STDOUT, start_new_session=True)
        if wait:
            self.wait_healthy(timeout)
        return self

    @property
    def pid(self) -> int:
        """The server's (parent's) pid."""
        return self.process.pid

    def log(self) -> str:
        """What the server wrote so far (never message text: the server does not log any)."""
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def wait_healthy(self, timeout: float = 30) -> float:
        """Seconds until GET /v1/health answered 200; raises if the process exits or time runs out."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise AssertionError(f"klarsvar serve exited with {self.process.returncode}: {self.log()[-3000:]}")
            try:
                if http_request(self.port, "GET", "/v1/health", timeout=2)[0] == 200:
                    return time.monotonic() - started
            except OSError:
                time.sleep(0.02)
        raise AssertionError(f"health never answered within {timeout} s: {self.log()[-3000:]}")

    def token(self) -> str:
        """The token the server created in its config dir."""
        return (self.config_dir / "token").read_text(encoding="utf-8").strip()

    def auth(self) -> dict:
        """Headers that authenticate a request."""
        return {"Authorization": f"Bearer {self.env.get('KLARSVAR_TOKEN') or self.token()}"}

    def stop(self, sig: int = signal.SIGTERM) -> int | None:
        """Stop the server (SIGTERM to its process; SIGKILL to its whole group if it lingers)."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            try:
                self.process.send_signal(sig)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                kill_group(self.process.pid)
                self.process.wait(timeout=STOP_GRACE_SECONDS)
        # Workers get a grace period to follow their parent; whatever is still there then is an orphan
        # (`self.orphans`, which tests assert is empty) and is killed so it never outlives the test.
        wait_until(lambda: not group_members(self.process.pid), STOP_GRACE_SECONDS)
        self.orphans = group_members(self.process.pid)
        for pid in self.orphans:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self._log.close()
        return self.process.returncode

    def __enter__(self) -> ServerProcess:
        return self if self.process is not None else self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
