"""`klarsvar serve --workers N`: several processes share one port, and all stop with the parent."""

import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "api"))
from test_api_serve import free_port, request, start_server, stop, wait_for_health  # noqa: E402

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="--workers needs fork (Unix)")


def children_of(pid: int) -> list[int]:
    """Pids whose parent is `pid` (read from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def test_workers_share_the_port_and_stop_with_the_parent(tmp_path):
    port = free_port()
    process = start_server(tmp_path, port, "--languagetool", "off", "--workers", "2")
    try:
        wait_for_health(port, process)
        workers = children_of(process.pid)
        assert len(workers) == 1, workers
        token = (tmp_path / "token").read_text().strip()
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                   "Host": f"127.0.0.1:{port}"}
        body = json.dumps({"text": "Din sag er eskaleret til 2nd level.", "language": "da", "grammar": False})
        with ThreadPoolExecutor(4) as pool:
            statuses = list(pool.map(lambda _: request(port, "POST", "/v1/check", body, headers)[0], range(24)))
        assert statuses == [200] * 24
    finally:
        stop(process)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() and
                                              "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]
                                              for pid in workers):
        time.sleep(0.05)
    assert not any(Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().split()[2]
                   for pid in workers)
