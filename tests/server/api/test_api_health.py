"""GET /v1/health: contract shape, no token, fast."""

import time

from klarsvar import __version__


def test_health_shape_without_token(client):
    response = client.get("/v1/health")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["version"] == __version__
    assert body["languages"] == ["da", "en"]
    assert set(body["grammar"]) >= {"engine", "mode", "ready", "detail"}
    assert body["grammar"]["engine"] in ("languagetool", "builtin", "none")
    assert body["grammar"]["mode"] in ("local", "remote", "off", "auto")


def test_health_is_fast(client):
    client.get("/v1/health")
    started = time.perf_counter()
    for _ in range(20):
        assert client.get("/v1/health").status_code == 200
    assert (time.perf_counter() - started) / 20 < 0.05


def test_health_survives_a_broken_grammar_engine(app, client, monkeypatch):
    def broken():
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(app.extensions["klarsvar"].grammar, "status", broken)
    body = client.get("/v1/health").get_json()
    assert body["status"] == "ok"
    assert body["grammar"]["engine"] == "none" and body["grammar"]["ready"] is False


def test_health_refuses_other_methods(client):
    response = client.post("/v1/health", json={})
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
