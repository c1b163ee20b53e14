"""Pairing without copy-paste: `klarsvar pair` shows a one-time code, `POST /v1/pair` exchanges it for a token."""

from __future__ import annotations

import json
import re
import stat

import pytest

from klarsvar import cli
from klarsvar.token_store import PAIRING_FILE, AgentTokens, PairingCodes
from tests.support.server_process import ServerProcess, http_request, run_cli

EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
CODE = re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}$")


def pair_json(capsys) -> dict:
    assert cli.main(["pair", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def exchange(client, code, origin=EXTENSION):
    headers = {"Origin": origin} if origin else {}
    return client.post("/v1/pair", json={"code": code}, headers=headers)


def test_pair_json_prints_code_and_lifetime_and_stores_only_a_hash(capsys, isolated_config_dir):
    answer = pair_json(capsys)
    assert set(answer) == {"code", "expires_in"} and CODE.match(answer["code"]) and answer["expires_in"] == 300
    stored = (isolated_config_dir / PAIRING_FILE).read_text(encoding="utf-8")
    assert answer["code"] not in stored and answer["code"].replace("-", "") not in stored
    assert stat.S_IMODE((isolated_config_dir / PAIRING_FILE).stat().st_mode) == 0o600


def test_pair_human_output_says_where_to_enter_it(capsys):
    assert cli.main(["pair", "--minutes", "2"]) == 0
    out, err = capsys.readouterr()
    assert CODE.search(out.split()[2]) and "options page" in out and "2 minutes" in out
    assert "no Klarsvar server answers" in err  # nothing listens in a unit test


def test_the_code_brings_the_local_token_once(app, client, capsys, token):
    code = pair_json(capsys)["code"]
    answer = exchange(client, code)
    assert answer.status_code == 200 and answer.get_json() == {"token": token}
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["Access-Control-Allow-Origin"] == EXTENSION
    again = exchange(client, code)
    assert again.status_code == 403 and again.get_json()["error"]["code"] == "pairing_code_invalid"
    assert "klarsvar pair" in again.get_json()["error"]["message"]


def test_typed_code_may_be_lower_case_and_without_the_dash(client, capsys, token):
    code = pair_json(capsys)["code"]
    assert exchange(client, f" {code.replace('-', '').lower()} ", origin=None).get_json() == {"token": token}


def test_five_wrong_codes_lock_pairing_until_a_new_code(client, capsys, token):
    code = pair_json(capsys)["code"]
    wrong = "2222-2222" if code != "2222-2222" else "3333-3333"
    answers = [exchange(client, wrong) for _ in range(5)]
    assert [a.status_code for a in answers] == [403, 403, 403, 403, 429]
    assert "4 more tries" in answers[0].get_json()["error"]["message"]
    locked = exchange(client, code)  # even the right code now
    assert locked.status_code == 429 and locked.get_json()["error"]["code"] == "pairing_locked"
    fresh = pair_json(capsys)["code"]
    assert exchange(client, fresh).get_json() == {"token": token}


def test_an_expired_code_fails(client, isolated_config_dir, monkeypatch):
    import klarsvar.token_store as store

    code = PairingCodes(isolated_config_dir).new_code(seconds=60)
    now = store.time.time()
    monkeypatch.setattr(store.time, "time", lambda: now + 61)
    assert exchange(client, code).status_code == 403


def test_a_web_page_cannot_pair(client, capsys):
    code = pair_json(capsys)["code"]
    refused = exchange(client, code, origin="https://evil.example")
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "origin_not_allowed"
    assert "Access-Control-Allow-Origin" not in refused.headers
    assert exchange(client, code).status_code == 200  # the refused request did not use up the code


def test_preflight_from_the_extension_is_answered(client):
    response = client.options("/v1/pair", headers={"Origin": EXTENSION, "Access-Control-Request-Method": "POST",
                                                   "Access-Control-Request-Headers": "content-type"})
    assert response.status_code == 204 and response.headers["Access-Control-Allow-Origin"] == EXTENSION


@pytest.mark.parametrize("body", [{}, {"code": ""}, {"code": 12345678}, {"code": "x" * 65}])
def test_malformed_bodies_are_400(client, body):
    response = client.post("/v1/pair", json=body, headers={"Origin": EXTENSION})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_code"


def test_a_named_code_brings_a_new_agent_token(client, capsys, isolated_config_dir, token):
    assert cli.main(["pair", "--json", "--name", "dana"]) == 0
    code = json.loads(capsys.readouterr().out)["code"]
    issued = exchange(client, code).get_json()["token"]
    assert issued != token and AgentTokens(isolated_config_dir).owner(issued) == "dana"
    assert client.get("/v1/terms", headers={"Authorization": f"Bearer {issued}"}).status_code == 200


def test_no_pending_code_fails_without_counting(client):
    for _ in range(6):
        response = exchange(client, "ABCD-EFGH")
        assert response.status_code == 403 and "No pairing code is waiting" in response.get_json()["error"]["message"]


@pytest.mark.slow
def test_serve_banner_and_pair_reach_a_running_server(tmp_path):
    config_dir = tmp_path / "config"
    with ServerProcess(config_dir) as server:
        banner = re.search(r"enter the code ([A-Z2-9]{4}-[A-Z2-9]{4})", server.log())
        assert banner, server.log()
        shown = run_cli(config_dir, "pair", "--json", "--port", str(server.port))
        assert shown.returncode == 0 and "no Klarsvar server" not in shown.stderr
        code = json.loads(shown.stdout)["code"]
        # The banner's code was replaced by the new one.
        status, _, _ = http_request(server.port, "POST", "/v1/pair", {"code": banner.group(1)})
        assert status == 403 or banner.group(1) == code
        status, _, body = http_request(server.port, "POST", "/v1/pair", {"code": code}, {"Origin": EXTENSION})
        assert status == 200 and json.loads(body) == {"token": server.token()}
        assert http_request(server.port, "POST", "/v1/pair", {"code": code})[0] == 403


def test_pair_never_answers_5xx_whatever_the_body(client, capsys):
    from hypothesis import HealthCheck, given, settings, strategies as st

    pair_json(capsys)
    bodies = st.one_of(st.binary(max_size=80), st.text(max_size=80).map(lambda t: t.encode("utf-8", "surrogatepass")),
                       st.dictionaries(st.sampled_from(["code", "token", ""]),
                                       st.one_of(st.text(max_size=70), st.integers(), st.none(), st.lists(st.text())),
                                       max_size=3).map(lambda d: json.dumps(d).encode()))

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(body=bodies)
    def one(body):
        response = client.post("/v1/pair", data=body, content_type="application/json", headers={"Origin": EXTENSION})
        assert response.status_code in (400, 403, 429), response.get_data(as_text=True)
        error = response.get_json()["error"]
        assert set(error) == {"code", "message"}

    one()
