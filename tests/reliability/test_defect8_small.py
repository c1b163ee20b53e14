"""Defect 8, the small ones: origin case, absolute-URI request lines, empty CLI input, exit codes, the CLI
giving up on spelling while the dictionaries load, and the first check naming an absent engine."""

import json
import socket
import time

import pytest

from tests.support.server_process import ServerProcess, http_request, run_cli


@pytest.mark.parametrize("origin", ["chrome-extension://ABCDEFGHIJKLMNOPABCDEFGHIJKLMNOP",
                                    "Moz-Extension://0F3A7C2E-1111-2222-3333-444455556666"])
def test_origins_are_compared_case_insensitively_like_cors(make_app, origin):
    for ids in ([], [origin.split("://")[1].lower()]):
        app = make_app(KLARSVAR_EXTENSION_IDS=ids)
        token = app.extensions["klarsvar"].tokens.current()
        response = app.test_client().get("/v1/terms", headers={"Origin": origin, "Authorization": f"Bearer {token}"})
        assert response.status_code == 200
        # flask-cors agrees: the browser gets the allow header for the same origin.
        assert response.headers.get("Access-Control-Allow-Origin", "").lower() == origin.lower()


def raw_request(port: int, request_line: str, host: str) -> int:
    """Send one raw request and return the status code."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(f"{request_line}\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    return int(data.split()[1])


def test_absolute_uri_request_lines_must_name_an_allowed_host(tmp_path):
    with ServerProcess(tmp_path / "conf") as server:
        host = f"127.0.0.1:{server.port}"
        assert raw_request(server.port, "GET /v1/health HTTP/1.1", host) == 200
        assert raw_request(server.port, f"GET http://{host}/v1/health HTTP/1.1", host) == 200
        assert raw_request(server.port, f"GET http://evil.example:{server.port}/v1/health HTTP/1.1", host) == 403
        assert raw_request(server.port, f"GET http://user@evil.example/v1/health HTTP/1.1", host) == 403


def test_empty_input_is_an_error_with_exit_code_2(tmp_path):
    result = run_cli(tmp_path / "conf", "check", "-", "--no-grammar", stdin="")
    assert result.returncode == 2 and result.stdout == ""
    assert "empty" in result.stderr and "No findings" not in result.stderr


def test_exit_codes_are_documented_and_kept(tmp_path):
    help_text = run_cli(tmp_path / "conf", "--help").stdout
    assert "exit codes:" in help_text
    clean = run_cli(tmp_path / "conf", "check", "-", "--no-grammar", "--channel", "chat", stdin="Tak, det ordner jeg.")
    found = run_cli(tmp_path / "conf", "check", "-", "--no-grammar", stdin="Din sag er eskaleret til 2nd level.")
    usage = run_cli(tmp_path / "conf", "check", str(tmp_path / "missing.txt"))
    assert (clean.returncode, found.returncode, usage.returncode) == (0, 1, 2)


def test_a_cli_check_waits_for_the_dictionaries_so_runs_agree(tmp_path):
    from klarsvar.analysis.grammar.languagetool import installed_languagetool
    from klarsvar.analysis.grammar.spelling import dictionaries_available

    if not dictionaries_available() or installed_languagetool() is not None:
        pytest.skip("needs the offline speller alone (Hunspell dictionaries, no LanguageTool)")
    text = "Vi har modtaget din pakkken og sender en ny i morgen."
    runs = [run_cli(tmp_path / "conf", "check", "-", "--json", "--language", "da", stdin=text, timeout=120,
                    KLARSVAR_LANGUAGETOOL_URL="", KLARSVAR_LANGUAGETOOL="auto") for _ in range(2)]
    bodies = [json.loads(r.stdout) for r in runs]
    # Each run loads the dictionaries from cold (a fresh process) and still spells the whole text.
    assert bodies[0]["findings"] == bodies[1]["findings"]
    assert all(body["grammar"]["complete"] is True for body in bodies)
    assert any(f["category"] == "spelling" and f["text"] == "pakkken" for f in bodies[0]["findings"])


def test_the_first_check_never_names_an_engine_that_is_not_there(monkeypatch):
    """Looking for LanguageTool takes a moment (importing language-tool-python); a check in that moment
    said `languagetool`. `klarsvar serve` now waits for the look-up before the first check runs."""
    from klarsvar.analysis.document import Document
    from klarsvar.analysis.grammar import service as grammar_service
    from klarsvar.app import BackgroundGrammar
    from klarsvar.config import resolve

    def slow_lookup(directory=None):
        time.sleep(0.8)
        return None  # not installed

    monkeypatch.setattr(grammar_service, "installed_languagetool", slow_lookup)
    grammar = BackgroundGrammar(resolve({"KLARSVAR_LANGUAGETOOL": "auto", "KLARSVAR_LANGUAGETOOL_URL": ""}))
    grammar.start()
    try:
        doc = Document(text="Hej Maria, tak for din besked.", language="da", channel="email")
        _, status = grammar.check(doc)
        assert status.engine != "languagetool"
        assert grammar.status()["engine"] != "languagetool"
    finally:
        grammar.close()
