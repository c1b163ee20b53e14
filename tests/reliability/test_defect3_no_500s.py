"""Defect 3: 500s for a lone surrogate in PUT /v1/terms, for every request while the token file was empty
or short, and a traceback from `klarsvar token` in that state."""

import json

import pytest

from tests.support.server_process import ServerProcess, http_request, run_cli

LONE = ["\ud800", "\udfff", "Broken \ud83d emoji", "\udc00 low first"]

# Every endpoint that reads a body, with a body putting the lone surrogate where each string field goes.
BODIES = [
    ("POST", "/v1/check", lambda s: {"text": s}),
    ("POST", "/v1/check", lambda s: {"text": "Hej", "customer": {"message": s}}),
    ("POST", "/v1/check", lambda s: {"text": "Hej", "customer": {"name": s}}),
    ("POST", "/v1/check", lambda s: {"text": "Hej", "language": s}),
    ("POST", "/v1/check", lambda s: {"text": "Hej", s: 1}),
    ("PUT", "/v1/terms", lambda s: [{"term": s, "kind": "allowed"}]),
    ("PUT", "/v1/terms", lambda s: [{"term": "SLA", "replacement": s}]),
    ("PUT", "/v1/terms", lambda s: {"terms": [{"term": "SLA", "note": s, "kind": "allowed"}]}),
    ("POST", "/v1/terms", lambda s: {"term": s}),
    ("POST", "/v1/terms", lambda s: {"term": "SLA", "replacement": s}),
    ("GET", "/v1/terms", lambda s: {"term": s}),
    ("GET", "/v1/health", lambda s: {"term": s}),
]


@pytest.mark.parametrize("method, path, body", BODIES)
@pytest.mark.parametrize("lone", LONE)
def test_lone_surrogates_are_400_invalid_text_on_every_endpoint(client, auth_headers, method, path, body, lone):
    etag = client.get("/v1/terms", headers=auth_headers).headers["ETag"]
    data = json.dumps(body(lone))  # escapes the surrogate as \udXXX, as JavaScript's JSON.stringify does
    response = client.open(path, method=method, data=data, content_type="application/json",
                           headers={**auth_headers, "If-Match": etag})
    if method == "GET":  # GET bodies are not read: nothing can fail
        assert response.status_code == 200
        return
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] == "invalid_text"
    assert client.get("/v1/terms", headers=auth_headers).get_json() == []  # nothing was stored


def test_a_json_file_with_lone_surrogates_is_refused_by_the_cli(tmp_path):
    path = tmp_path / "terms.json"
    path.write_text('[{"term": "SLA\\ud800", "kind": "allowed"}]', encoding="utf-8")
    result = run_cli(tmp_path / "conf", "terms", "import", str(path))
    assert result.returncode == 2 and "lone surrogate" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("content", ["", "\n", "short\n", "\x00" * 20])
def test_an_unusable_token_file_is_503_for_requests_and_one_line_for_the_cli(tmp_path, content):
    directory = tmp_path / "conf"
    with ServerProcess(directory) as server:
        token = server.token()
        (directory / "token").write_text(content, encoding="utf-8")
        for method, path, body in (("POST", "/v1/check", {"text": "Hej"}), ("GET", "/v1/terms", None),
                                   ("POST", "/v1/terms", {"term": "x"})):
            status, _, answer = http_request(server.port, method, path, body,
                                             headers={"Authorization": f"Bearer {token}"})
            assert (status, json.loads(answer)["error"]["code"]) == (503, "token_unreadable")
        assert http_request(server.port, "GET", "/v1/health")[0] == 200  # health needs no token
    assert server.orphans == []
    for argv in (("token",), ("serve", "--port", "1")):
        result = run_cli(directory, *argv, timeout=30)
        assert result.returncode == 2, result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert "token --rotate" in result.stderr
    rotated = run_cli(directory, "token", "--rotate")
    assert rotated.returncode == 0 and len(rotated.stdout.strip()) >= 43
