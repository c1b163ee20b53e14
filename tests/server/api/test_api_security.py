"""Host allow-list, Origin policy and CORS, bearer token."""

import pytest

from klarsvar.security import allowed_hosts, is_loopback, origin_allowed, token_matches

CHROME = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
FIREFOX = "moz-extension://4f3c2a1b-0000-4e5f-8a9b-123456789abc"
CHECK = {"text": "Hej Maria, tak for din besked."}


def error_code(response):
    return response.get_json()["error"]["code"]


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765", "[::1]:8765", "LOCALHOST:8765"])
def test_loopback_hosts_allowed(client, auth_headers, host):
    assert client.post("/v1/check", json=CHECK, headers={**auth_headers, "Host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example:8765", "evil.example", "127.0.0.1:8766", "localhost",
                                  "127.0.0.1.nip.io:8765", "", "localhost:8765@evil"])
def test_foreign_hosts_refused(client, auth_headers, host):
    for response in (client.get("/v1/health", headers={"Host": host}),
                     client.post("/v1/check", json=CHECK, headers={**auth_headers, "Host": host})):
        assert response.status_code == 403
        assert error_code(response) == "host_not_allowed"


def test_allow_host_adds_a_name(make_app, auth_headers):
    app = make_app(KLARSVAR_ALLOW_HOSTS=["klarsvar.lan", "10.0.0.5", "proxy.lan:443"])
    client = app.test_client()
    for host in ("klarsvar.lan:8765", "10.0.0.5:8765", "proxy.lan:443"):
        assert client.get("/v1/health", headers={"Host": host}).status_code == 200
    assert client.get("/v1/health", headers={"Host": "other.lan:8765"}).status_code == 403


def test_allowed_hosts_helper():
    hosts = allowed_hosts(9000, ["fe80::1", "Box"])
    assert {"127.0.0.1:9000", "localhost:9000", "[::1]:9000", "[fe80::1]:9000", "box:9000"} <= hosts


@pytest.mark.parametrize("origin", ["https://evil.example", "http://127.0.0.1:8765", "null",
                                    "http://localhost:3000", "chrome-extension://", "file://",
                                    "chrome-extension://abc/../x", "safari-web-extension://abc"])
def test_web_origins_refused_without_cors_headers(client, auth_headers, origin):
    for response in (client.get("/v1/health", headers={"Origin": origin}),
                     client.post("/v1/check", json=CHECK, headers={**auth_headers, "Origin": origin}),
                     client.options("/v1/check", headers={"Origin": origin,
                                                          "Access-Control-Request-Method": "POST"})):
        assert response.status_code == 403
        assert error_code(response) == "origin_not_allowed"
        assert not any(h.lower().startswith("access-control-") for h in response.headers.keys())


@pytest.mark.parametrize("origin", [CHROME, FIREFOX])
def test_extension_origin_gets_cors_headers(client, auth_headers, origin):
    response = client.post("/v1/check", json=CHECK, headers={**auth_headers, "Origin": origin})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert "Origin" in response.headers.get("Vary", "")


def test_extension_origin_error_is_readable_by_the_extension(client):
    response = client.post("/v1/check", json=CHECK, headers={"Origin": CHROME})
    assert response.status_code == 401
    assert response.headers["Access-Control-Allow-Origin"] == CHROME


@pytest.mark.parametrize("path, method", [("/v1/check", "POST"), ("/v1/terms", "PUT"), ("/v1/health", "GET")])
def test_preflight_answered_for_extension(client, path, method):
    response = client.options(path, headers={
        "Origin": CHROME, "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "authorization, content-type"})
    assert response.status_code == 204 and "Content-Type" not in response.headers
    assert response.headers["Access-Control-Allow-Origin"] == CHROME
    assert method in response.headers["Access-Control-Allow-Methods"]
    allowed = response.headers["Access-Control-Allow-Headers"].lower()
    assert "authorization" in allowed and "content-type" in allowed


def test_extension_id_allow_list(make_app, auth_headers):
    app = make_app(KLARSVAR_EXTENSION_IDS=["abcdefghijklmnopabcdefghijklmnop"])
    client = app.test_client()
    ok = client.get("/v1/health", headers={"Origin": CHROME})
    assert ok.status_code == 200 and ok.headers["Access-Control-Allow-Origin"] == CHROME
    other = client.get("/v1/health", headers={"Origin": "chrome-extension://pppppppppppppppppppppppppppppppp"})
    assert other.status_code == 403 and error_code(other) == "origin_not_allowed"
    assert "Access-Control-Allow-Origin" not in other.headers


def test_origin_helper():
    assert origin_allowed(CHROME) and origin_allowed(FIREFOX)
    assert not origin_allowed("https://mail.google.com")
    assert not origin_allowed(CHROME + ".evil.com/")
    assert origin_allowed(CHROME, ["abcdefghijklmnopabcdefghijklmnop"])
    assert not origin_allowed(FIREFOX, ["abcdefghijklmnopabcdefghijklmnop"])


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer"},
    {"Authorization": "Bearer wrong-token-wrong-token"},
    {"Authorization": "Basic dXNlcjpwYXNz"},
    {"Authorization": "Bearer \u00e6\u00f8\u00e5"},
])
def test_token_required(client, headers):
    for response in (client.post("/v1/check", json=CHECK, headers=headers),
                     client.get("/v1/terms", headers=headers),
                     client.put("/v1/terms", json=[], headers=headers)):
        assert response.status_code == 401
        assert error_code(response) == "unauthorized"
        assert "token" in response.get_json()["error"]["message"]


def test_token_checked_before_the_body(client):
    response = client.post("/v1/check", data="not json", content_type="text/plain")
    assert response.status_code == 401


def test_token_accepts_case_insensitive_scheme(client, token):
    assert client.post("/v1/check", json=CHECK, headers={"Authorization": f"bearer {token}"}).status_code == 200


def test_token_env_override(make_app, monkeypatch):
    monkeypatch.setenv("KLARSVAR_TOKEN", "env-token-0123456789abcdef")
    client = make_app().test_client()
    good = client.post("/v1/check", json=CHECK, headers={"Authorization": "Bearer env-token-0123456789abcdef"})
    assert good.status_code == 200


def test_token_file_is_private_and_strong(app, isolated_config_dir, token):
    path = isolated_config_dir / "token"
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_text().strip() == token
    assert len(token) >= 22  # ≥128 bits of URL-safe base64


def test_token_rotation_applies_without_restart(app, client, token):
    from klarsvar.token_store import TokenStore

    new = TokenStore(app.extensions["klarsvar"].config_dir).rotate()
    assert new != token
    assert client.post("/v1/check", json=CHECK, headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert client.post("/v1/check", json=CHECK, headers={"Authorization": f"Bearer {new}"}).status_code == 200


def test_token_matches_helper():
    assert token_matches("Bearer abc", "abc")
    assert not token_matches("Bearer abcd", "abc")
    assert not token_matches(None, "abc")
    assert not token_matches("Token abc", "abc")


def test_is_loopback():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


def test_responses_are_not_cacheable(client, auth_headers):
    response = client.post("/v1/check", json=CHECK, headers=auth_headers)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_private_network_preflight_for_extension(client):
    response = client.options("/v1/check", headers={
        "Origin": CHROME, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Private-Network": "true"})
    assert response.headers["Access-Control-Allow-Private-Network"] == "true"
