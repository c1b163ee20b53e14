"""Named per-agent tokens: hashed at rest, honoured and revoked at once, named in the access log."""

from __future__ import annotations

import json
import logging
import stat

import pytest

from klarsvar import cli
from klarsvar.token_store import AGENTS_FILE, AgentTokens, ConfigError, token_digest
from tests.support.server_process import ServerProcess, http_request, run_cli

SECRET_TEXT = "Hemmelig kundetekst 4711 som aldrig må logges"


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_token_add_prints_the_token_alone_and_stores_only_its_hash(capsys, isolated_config_dir):
    code, out, err = run(capsys, "token", "add", "alice")
    assert code == 0 and len(out.splitlines()) == 1
    token = out.strip()
    assert len(token) >= 40 and "alice" in err
    stored = (isolated_config_dir / AGENTS_FILE).read_text(encoding="utf-8")
    assert token not in stored and token_digest(token) in stored
    assert stat.S_IMODE((isolated_config_dir / AGENTS_FILE).stat().st_mode) == 0o600
    assert AgentTokens(isolated_config_dir).owner(token) == "alice"


def test_token_list_and_revoke(capsys):
    run(capsys, "token", "add", "alice")
    run(capsys, "token", "add", "bob@example.com")
    code, out, _ = run(capsys, "token", "list", "--json")
    assert code == 0 and [e["name"] for e in json.loads(out)] == ["alice", "bob@example.com"]
    assert all(set(e) == {"name", "created"} for e in json.loads(out))
    assert run(capsys, "token", "revoke", "alice")[0] == 0
    code, out, _ = run(capsys, "token", "list")
    assert code == 0 and out.split()[0] == "bob@example.com" and "alice" not in out
    code, _, err = run(capsys, "token", "revoke", "alice")
    assert code == 1 and "no token named 'alice'" in err


@pytest.mark.parametrize("argv, message", [
    (("token", "add"), "needs the agent's NAME"),
    (("token", "add", "has space"), "cannot name a token"),
    (("token", "add", "local"), "cannot name a token"),
    (("token", "revoke"), "needs the agent's NAME"),
])
def test_token_usage_errors_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and message in err


def test_adding_an_existing_name_is_refused(capsys):
    run(capsys, "token", "add", "alice")
    code, out, err = run(capsys, "token", "add", "alice")
    assert code == 2 and out == "" and "revoke it first" in err


def test_local_token_is_unchanged_by_agent_tokens(capsys, isolated_config_dir):
    code, local, _ = run(capsys, "token")
    run(capsys, "token", "add", "alice")
    assert run(capsys, "token")[1] == local and (isolated_config_dir / "token").read_text().strip() == local.strip()


def test_agent_token_is_accepted_and_a_revoked_one_refused_at_once(app, client, auth_headers, isolated_config_dir):
    agents = AgentTokens(isolated_config_dir)  # another process's view: the CLI
    alice = agents.add("alice")
    headers = {"Authorization": f"Bearer {alice}"}
    assert client.post("/v1/check", json={"text": "Tak for din besked."}, headers=headers).status_code == 200
    assert client.get("/v1/terms", headers=headers).status_code == 200  # team-wide terms apply to all
    assert agents.revoke("alice")
    refused = client.post("/v1/check", json={"text": "Tak for din besked."}, headers=headers)
    assert refused.status_code == 401 and refused.get_json()["error"]["code"] == "unauthorized"
    assert client.post("/v1/check", json={"text": "Tak."}, headers=auth_headers).status_code == 200


def test_a_damaged_agents_file_refuses_agents_but_not_the_local_token(client, auth_headers, isolated_config_dir):
    good = AgentTokens(isolated_config_dir).add("alice")
    (isolated_config_dir / AGENTS_FILE).write_text("{not json", encoding="utf-8")
    headers = {"Authorization": f"Bearer {good}"}
    assert client.post("/v1/check", json={"text": "Tak."}, headers=headers).status_code == 401
    assert client.post("/v1/check", json={"text": "Tak."}, headers=auth_headers).status_code == 200
    with pytest.raises(ConfigError):
        AgentTokens(isolated_config_dir).names()


def test_access_log_names_the_owner_never_the_text(client, auth_headers, isolated_config_dir, caplog):
    caplog.set_level(logging.INFO, logger="klarsvar.access")
    alice = AgentTokens(isolated_config_dir).add("alice")
    client.post("/v1/check", json={"text": SECRET_TEXT}, headers={"Authorization": f"Bearer {alice}"})
    client.post("/v1/check", json={"text": SECRET_TEXT}, headers=auth_headers)
    client.post("/v1/check", json={"text": SECRET_TEXT}, headers={"Authorization": "Bearer wrong-token-0123456789"})
    lines = [r.getMessage() for r in caplog.records if r.name == "klarsvar.access"]
    assert lines[0].startswith("POST /v1/check 200 agent=alice ")
    assert lines[1].startswith("POST /v1/check 200 agent=local ")
    assert lines[2].startswith("POST /v1/check 401 agent=- ")
    assert SECRET_TEXT not in caplog.text and alice not in caplog.text


@pytest.mark.slow
def test_running_server_honours_add_and_revoke_from_the_cli(tmp_path):
    config_dir = tmp_path / "config"
    with ServerProcess(config_dir) as server:
        added = run_cli(config_dir, "token", "add", "carol")
        assert added.returncode == 0, added.stderr
        headers = {"Authorization": f"Bearer {added.stdout.strip()}"}
        assert http_request(server.port, "GET", "/v1/terms", headers=headers)[0] == 200
        assert run_cli(config_dir, "token", "revoke", "carol").returncode == 0
        assert http_request(server.port, "GET", "/v1/terms", headers=headers)[0] == 401
    assert "agent=carol" in server.log() and "agent=-" in server.log()
