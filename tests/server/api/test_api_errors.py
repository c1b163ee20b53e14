"""Every non-2xx answer is JSON `{"error": {"code", "message"}}`; 500s carry no traceback or text."""

import pytest

from klarsvar.analysis import pipeline

# Every error code the contract names, with a request that produces it.
SECRET = "Fortroligt: kunde 4711 har gæld"


def _requests(client, auth):
    return {
        "invalid_json": lambda: client.post("/v1/check", data="{", content_type="application/json", headers=auth),
        "invalid_field": lambda: client.post("/v1/check", json={"text": "x", "channel": "fax"}, headers=auth),
        "text_missing": lambda: client.post("/v1/check", json={}, headers=auth),
        "unauthorized": lambda: client.post("/v1/check", json={"text": "x"}),
        "host_not_allowed": lambda: client.get("/v1/health", headers={"Host": "evil.example:8765"}),
        "origin_not_allowed": lambda: client.get("/v1/health", headers={"Origin": "https://evil.example"}),
        "too_large": lambda: client.post("/v1/check", json={"text": "a" * 50_001}, headers=auth),
        "unsupported_media_type": lambda: client.post("/v1/check", data="text=x", headers=auth,
                                                      content_type="text/plain"),
        "not_found": lambda: client.get("/v1/nothing-here", headers=auth),
        "method_not_allowed": lambda: client.delete("/v1/check", headers=auth),
    }


EXPECTED_STATUS = {"invalid_json": 400, "invalid_field": 400, "text_missing": 400, "unauthorized": 401,
                   "host_not_allowed": 403, "origin_not_allowed": 403, "too_large": 413,
                   "unsupported_media_type": 415, "not_found": 404, "method_not_allowed": 405}


@pytest.mark.parametrize("code", sorted(EXPECTED_STATUS))
def test_every_contract_error_code(client, auth_headers, code):
    response = _requests(client, auth_headers)[code]()
    assert response.status_code == EXPECTED_STATUS[code]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code
    message = body["error"]["message"]
    assert message and message[0].isupper() and len(message) < 200


@pytest.mark.parametrize("path", ["/", "/v2/check", "/v1/", "/static/x.js", "/v1/check/extra"])
def test_unknown_paths_are_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_405_keeps_the_allow_header(client, auth_headers):
    response = client.get("/v1/check", headers=auth_headers)
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]


def test_internal_error_is_json_without_traceback_or_text(client, auth_headers, monkeypatch):
    def explode(request, **kwargs):
        raise RuntimeError(f"analysis failed on {request.text!r}")

    monkeypatch.setattr(pipeline, "analyze", explode)
    response = client.post("/v1/check", json={"text": SECRET}, headers=auth_headers)
    assert response.status_code == 500
    body = response.get_json()
    assert body["error"]["code"] == "internal"
    raw = response.get_data(as_text=True)
    assert "Traceback" not in raw and "RuntimeError" not in raw and "4711" not in raw and "gæld" not in raw


def test_internal_error_in_json_encoding_is_json(client, auth_headers, monkeypatch):
    class Broken:
        def to_dict(self):
            return {"x": object()}

    monkeypatch.setattr(pipeline, "analyze", lambda request, **kwargs: Broken())
    response = client.post("/v1/check", json={"text": SECRET}, headers=auth_headers)
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "internal"
