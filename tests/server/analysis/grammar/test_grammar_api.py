"""Remote LanguageTool through the Flask app: /v1/health and /v1/check against the protocol test server."""

from __future__ import annotations

import time

from tests.support.lt_server import closed_port, wait_until

TEXT = "Hej Maria 😀\n\nDin pakkken er på vej 🚚, og den kommer i morgen.\n\nVenlig hilsen\nJens"


def _health(client) -> dict:
    return client.get("/v1/health").get_json()["grammar"]


def _utf16_slice(text, start, end):
    return text.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le")


def test_remote_languagetool_findings_through_the_api(make_app, fake_lt, auth_headers_for):
    server = fake_lt()
    # A generous budget: this test is about the findings and their offsets, and a loaded machine once took longer
    # than the default 1.5 s for the whole check (the budget has tests of its own below).
    app = make_app(KLARSVAR_LANGUAGETOOL="remote", KLARSVAR_LANGUAGETOOL_URL=server.url, KLARSVAR_GRAMMAR_BUDGET="10")
    client, headers = app.test_client(), auth_headers_for(app)
    assert wait_until(lambda: _health(client)["ready"], 10), _health(client)
    health = _health(client)
    assert health["engine"] == "languagetool" and health["mode"] == "remote" and server.url in health["detail"]
    body = client.post("/v1/check", json={"text": TEXT, "language": "da", "rewrite": False}, headers=headers).get_json()
    assert body["grammar"] == {"engine": "languagetool", "complete": True}
    lt = [f for f in body["findings"] if f["source"] == "languagetool"]
    assert [(f["text"], f["category"], f["rule"]) for f in lt] == [("pakkken", "spelling", "lt.HUNSPELL_RULE")]
    assert _utf16_slice(TEXT, lt[0]["start"], lt[0]["end"]) == "pakkken"
    assert lt[0]["replacements"][0] == "pakken"


def test_slow_languagetool_never_makes_check_slower_than_budget(make_app, fake_lt, auth_headers_for):
    server = fake_lt(mode="slow", delay=5.0)
    app = make_app(KLARSVAR_LANGUAGETOOL="remote", KLARSVAR_LANGUAGETOOL_URL=server.url, KLARSVAR_GRAMMAR_BUDGET=1.5)
    client, headers = app.test_client(), auth_headers_for(app)
    assert wait_until(lambda: _health(client)["ready"], 10), _health(client)
    started = time.monotonic()
    response = client.post("/v1/check", json={"text": "Vi sender pakkken i dag.", "language": "da"}, headers=headers)
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    body = response.get_json()
    assert elapsed < 1.5 + 0.3, elapsed
    assert body["grammar"] == {"engine": "languagetool", "complete": False}
    assert body["readability"]["words"] > 0  # the rest of the answer is complete


def test_languagetool_down_health_says_so_and_check_works(make_app, auth_headers_for):
    url = f"http://127.0.0.1:{closed_port()}"
    started = time.monotonic()
    app = make_app(KLARSVAR_LANGUAGETOOL="remote", KLARSVAR_LANGUAGETOOL_URL=url)
    client, headers = app.test_client(), auth_headers_for(app)
    first = client.get("/v1/health")
    assert first.status_code == 200 and time.monotonic() - started < 1.0
    assert wait_until(lambda: "not reachable" in _health(client)["detail"], 10), _health(client)
    health = _health(client)
    assert health["ready"] is False and url in health["detail"]
    body = client.post("/v1/check", json={"text": "We recieve the parcel tomorrow.", "language": "en"},
                       headers=headers).get_json()
    assert body["grammar"] == {"engine": "languagetool", "complete": False}
    assert [f["text"] for f in body["findings"] if f["source"] == "hunspell"] == ["recieve"]


def test_builtin_check_of_a_50k_single_token_through_the_api(make_app, auth_headers_for, judge_new_words_now):
    """The QA case: a 49,999-letter token took 12 s in /v1/check; it is not a word and is not spell-checked."""
    app = make_app(KLARSVAR_LANGUAGETOOL="auto")
    client, headers = app.test_client(), auth_headers_for(app)
    assert wait_until(lambda: _health(client)["engine"] == "builtin" and _health(client)["ready"], 10)
    warm = client.post("/v1/check", json={"text": "Vi sendr pakken.", "language": "da"}, headers=headers)
    assert [f["text"] for f in warm.get_json()["findings"] if f["category"] == "spelling"] == ["sendr"]
    for text in ("b" * 49_999, "a" * 49_999 + "😀"):
        started = time.monotonic()
        response = client.post("/v1/check", json={"text": text, "language": "da"}, headers=headers)
        elapsed = time.monotonic() - started
        assert response.status_code == 200
        body = response.get_json()
        assert body["grammar"] == {"engine": "builtin", "complete": True}
        assert [f for f in body["findings"] if f["category"] == "spelling"] == []
        assert elapsed < 2.0, elapsed  # regression guard only (was 12.3 s)
