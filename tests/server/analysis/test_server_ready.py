"""Issue 17: `/v1/health` says `ready` only once rules, dictionaries and tables are loaded; it answers
quickly meanwhile, and a check that arrives during the warm-up waits for it."""

from __future__ import annotations

import threading
import time

from klarsvar.analysis import pipeline


def _wait_until(predicate, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_health_is_not_ready_until_the_warm_up_is_done(make_app, auth_headers, monkeypatch):
    release = threading.Event()
    real_warm = pipeline.warm

    def slow_warm():
        release.wait(10)
        real_warm()

    monkeypatch.setattr(pipeline, "warm", slow_warm)
    app = make_app(KLARSVAR_BACKGROUND_START=True)
    client = app.test_client()
    started = time.perf_counter()
    body = client.get("/v1/health").get_json()
    assert body["ready"] is False and body["status"] == "ok"
    assert time.perf_counter() - started < 0.5  # answered at once, not after the warm-up
    release.set()
    assert _wait_until(lambda: client.get("/v1/health").get_json()["ready"] is True)
    response = client.post("/v1/check", json={"text": "Hej Maria, tak for din besked."}, headers=auth_headers)
    assert response.status_code == 200


def test_an_app_without_background_start_is_ready_at_once(client):
    assert client.get("/v1/health").get_json()["ready"] is True
