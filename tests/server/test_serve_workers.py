"""`klarsvar serve --workers N`: several processes share one port, and all stop with the parent."""

import json
import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.support.server_process import ServerProcess, alive, children_of, http_request, wait_until

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or not os.path.isdir("/proc"),
                                reason="--workers needs fork (Unix); the checks read /proc")


def test_workers_share_the_port_and_stop_with_the_parent(tmp_path):
    with ServerProcess(tmp_path / "conf", "--workers", "2") as server:
        workers = children_of(server.pid)
        assert len(workers) == 1, workers
        body = {"text": "Din sag er eskaleret til 2nd level.", "language": "da", "grammar": False}
        with ThreadPoolExecutor(4) as pool:
            statuses = list(pool.map(lambda _: http_request(server.port, "POST", "/v1/check", body,
                                                            headers=server.auth())[0], range(24)))
        assert statuses == [200] * 24
        # The parent answers through the same port as its worker; neither logs any text it checked.
    assert server.orphans == []
    assert wait_until(lambda: not any(alive(pid) for pid in workers), 5)
    assert "eskaleret" not in server.log()


def test_workers_answer_terms_consistently(tmp_path):
    # Each process has its own cache of terms.json; a write in one is seen by the other at once.
    with ServerProcess(tmp_path / "conf", "--workers", "2") as server:
        status, _, _ = http_request(server.port, "POST", "/v1/terms", {"term": "Zendly"}, headers=server.auth())
        assert status == 201
        seen = {json.dumps(json.loads(http_request(server.port, "GET", "/v1/terms", headers=server.auth())[2]))
                for _ in range(20)}
        assert len(seen) == 1 and "Zendly" in seen.pop()
    assert server.orphans == []
