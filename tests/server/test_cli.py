"""The `klarsvar` command line: check output and exit codes, token, rules, terms import/export, serve flags."""

import json
import os
import subprocess
import sys

import pytest

from klarsvar import cli
from klarsvar.cli import check as cli_check
from klarsvar.analysis.offsets import utf16_len

DANISH = (
    "Hej Maria\r\n\r\n"
    "Tak for din besked om din pakke 😀. Din sag er blevet eskaleret til 2nd level, og vi beklager "
    "ulejligheden, men vi kan desværre ikke gøre noget før vores leverandør har behandlet reklamationen i "
    "henhold til vores interne procedurer og retningslinjer for den slags sager.\r\n\r\n"
    "Med venlig hilsen\r\nJonas\r\n"
)
ENGLISH = (
    "Hi John,\n\n"
    "Thank you for your message about the parcel. Your case has been escalated to our second level team "
    "and we apologise for any inconvenience caused, but unfortunately we are unable to do anything until "
    "our supplier has processed the complaint in accordance with our internal procedures and guidelines.\n\n"
    "Best regards\nAnna\n"
)
CLEAN_CHAT = "Tak, det ordner jeg."


@pytest.fixture
def write(tmp_path):
    def writer(name, content):
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8"))
        return str(path)
    return writer


@pytest.fixture
def no_colour(monkeypatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("text, language, words", [(DANISH, "da", ("Sætningen", "ord")),
                                                    (ENGLISH, "en", ("sentence", "words"))])
def test_check_sample_prints_findings_and_exits_1(capsys, write, no_colour, text, language, words):
    path = write(f"reply-{language}.txt", text)
    code, out, err = run(capsys, "check", path, "--no-grammar")
    assert code == 1
    lines = out.splitlines()
    # A long_sentence finding on line 3, with a 1-based column in characters.
    header = next(line for line in lines if "long_sentence" in line)
    location = header.split()[0]
    assert location.startswith(f"{path}:3:")
    column = int(location.rsplit(":", 1)[1])
    body_line = text.splitlines()[2]
    assert body_line[column - 1:].startswith("Your case" if language == "en" else "Din sag")
    assert any(word in out for word in words)  # message in the text's language
    assert f"Language: {language} (detected)" in out
    assert "Readability:" in out and "Empathy:" in out
    assert "\x1b[" not in out  # NO_COLOR


@pytest.mark.parametrize("content", ["", "  \n\t\r\n"])
def test_empty_input_is_an_error(capsys, write, content):
    code, out, err = run(capsys, "check", write("empty.txt", content), "--no-grammar")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "is empty" in err and "Traceback" not in err


def test_help_documents_the_exit_codes(capsys):
    for argv in (["--help"], ["check", "--help"]):
        with pytest.raises(SystemExit):
            cli.main(argv)
        out = capsys.readouterr().out
        assert "exit codes:" in out and "0  success" in out and "1  `check` found something" in out
        assert "2  usage or input error" in out


def test_clean_text_exits_0(capsys, write, no_colour):
    code, out, _ = run(capsys, "check", write("ok.txt", CLEAN_CHAT), "--channel", "chat", "--no-grammar")
    assert code == 0, out
    assert "No findings." in out


def test_stdin(capsys, monkeypatch, no_colour):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DANISH.encode())))
    code, out, _ = run(capsys, "check", "-", "--no-grammar")
    assert code == 1 and "<stdin>:3:" in out


def test_json_is_exactly_the_api_response(capsys, write, client, auth_headers):
    path = write("reply.txt", DANISH)
    code, out, _ = run(capsys, "check", path, "--json", "--no-grammar", "--language", "da")
    assert code == 1
    printed = json.loads(out)
    api = client.post("/v1/check", json={"text": DANISH, "language": "da", "grammar": False, "rewrite": False},
                      headers=auth_headers).get_json()
    assert printed == api
    for finding in printed["findings"]:
        if finding["start"] is not None:
            assert finding["end"] <= utf16_len(DANISH)
            units = DANISH.encode("utf-16-le")[2 * finding["start"]:2 * finding["end"]]
            assert units.decode("utf-16-le") == finding["text"]


def test_json_with_rewrite(capsys, write):
    code, out, _ = run(capsys, "check", write("r.txt", DANISH), "--json", "--rewrite", "--no-grammar")
    assert json.loads(out)["rewrite"] is not None


def test_rewrite_prints_a_word_diff(capsys, write, no_colour):
    code, out, _ = run(capsys, "check", write("r.txt", DANISH), "--rewrite", "--no-grammar")
    assert "Rewrite" in out
    assert "{+" in out or "[-" in out or "(no changes)" in out


def test_colour_when_forced(capsys, write, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    code, out, _ = run(capsys, "check", write("r.txt", DANISH), "--no-grammar")
    assert "\x1b[" in out


def test_no_colour_when_piped(capsys, write, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    code, out, _ = run(capsys, "check", write("r.txt", DANISH), "--no-grammar")
    assert "\x1b[" not in out


def test_customer_file(capsys, write, no_colour):
    customer = write("customer.json", json.dumps({"message": "Min pakke er ikke kommet!", "name": "Maria"}))
    code, out, _ = run(capsys, "check", write("r.txt", DANISH), "--customer", customer, "--json", "--no-grammar")
    assert "empathy" in json.loads(out)


@pytest.mark.parametrize("argv", [
    ["check"],
    ["check", "x.txt", "--language", "de"],
    ["check", "x.txt", "--channel", "sms"],
    ["serve", "--port", "0"],
    ["serve", "--port", "http"],
    ["nonsense"],
    [],
    ["rules", "--json", "--markdown"],
])
def test_usage_errors_exit_2(capsys, argv):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2


def test_missing_file_exits_2(capsys, tmp_path):
    code, out, err = run(capsys, "check", str(tmp_path / "missing.txt"))
    assert code == 2 and "cannot read" in err


def test_non_utf8_file_exits_2(capsys, tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Hej, vi har modtaget din pakke på lageret".encode("latin-1"))
    code, out, err = run(capsys, "check", str(path))
    assert code == 2 and "UTF-8" in err


def test_too_long_text_exits_2(capsys, write):
    code, _, err = run(capsys, "check", write("long.txt", "a" * 50_001), "--no-grammar")
    assert code == 2 and "50,000" in err


def test_non_loopback_serve_needs_allow_host(capsys):
    code, _, err = run(capsys, "serve", "--host", "0.0.0.0")
    assert code == 2 and "--allow-host" in err


def test_token_created_printed_and_rotated(capsys, isolated_config_dir):
    code, out, _ = run(capsys, "token")
    token = out.strip()
    assert code == 0 and len(token) >= 22
    path = isolated_config_dir / "token"
    assert path.stat().st_mode & 0o777 == 0o600
    assert run(capsys, "token")[1].strip() == token  # stable
    code, out, err = run(capsys, "token", "--rotate")
    assert code == 0 and out.strip() != token and "Pair" in err
    assert path.read_text().strip() == out.strip()
    assert path.stat().st_mode & 0o777 == 0o600


def test_token_env_override(capsys, monkeypatch):
    monkeypatch.setenv("KLARSVAR_TOKEN", "from-the-environment-123")
    assert run(capsys, "token")[1].strip() == "from-the-environment-123"
    code, _, err = run(capsys, "token", "--rotate")
    assert code == 2 and "KLARSVAR_TOKEN" in err


def test_config_dir_flag(capsys, tmp_path):
    other = tmp_path / "elsewhere"
    code, out, _ = run(capsys, "--config-dir", str(other), "token")
    assert (other / "token").read_text().strip() == out.strip()


# ----------------------------------------------------------------------------------------------- rules

def test_rules_lists_every_rule(capsys):
    from klarsvar.analysis import rules

    if not hasattr(rules, "all_rules"):
        code, _, err = run(capsys, "rules")
        assert code == 1 and "all_rules" in err
        return
    code, out, _ = run(capsys, "rules", "--json")
    assert code == 0
    entries = json.loads(out)
    from pathlib import Path

    import klarsvar

    rule_files = list((Path(klarsvar.__file__).parent / "rules").glob("*/*.yml"))
    assert bool(entries) == bool(rule_files), "every rule file's rules must be listed"
    for entry in entries:
        assert set(entry) == {"id", "category", "language", "family", "severity", "message", "examples"}
        assert isinstance(entry["examples"], int)
    danish = json.loads(run(capsys, "rules", "--json", "--language", "da")[1])
    assert all(e["language"] in ("da", "any", None) for e in danish)
    code, out, _ = run(capsys, "rules")
    assert code == 0 and out.rstrip().endswith(("rules.", "rule."))


def test_rules_markdown(capsys):
    from klarsvar.analysis import rules

    code, out, err = run(capsys, "rules", "--markdown")
    if not hasattr(rules, "markdown"):
        assert code == 1 and "markdown" in err
    else:
        # `make rules-doc` redirects this into docs/rules.md, which must equal rules.markdown() exactly.
        assert code == 0 and out == rules.markdown()


# ----------------------------------------------------------------------------------------------- terms

CSV = "term,replacement,language,note,kind\nSLA,svartid,da,Internt ord,internal\nKlarsvar Pro,,any,,allowed\n"


def test_terms_csv_round_trip(capsys, write, tmp_path, client, auth_headers):
    code, _, err = run(capsys, "terms", "import", write("terms.csv", CSV))
    assert code == 0 and "Imported 2 terms" in err
    assert [t["term"] for t in client.get("/v1/terms", headers=auth_headers).get_json()] == ["SLA", "Klarsvar Pro"]
    out_path = tmp_path / "out.csv"
    assert run(capsys, "terms", "export", str(out_path))[0] == 0
    assert out_path.read_text(encoding="utf-8") == CSV


def test_terms_yaml_and_json_round_trip(capsys, write, tmp_path):
    yaml_text = "terms:\n  - term: ticket\n    replacement: your message\n    language: en\n"
    assert run(capsys, "terms", "import", write("t.yaml", yaml_text))[0] == 0
    run(capsys, "terms", "export", str(tmp_path / "t.json"))
    assert json.loads((tmp_path / "t.json").read_text())[0]["term"] == "ticket"
    run(capsys, "terms", "export", str(tmp_path / "t.yml"))
    assert run(capsys, "terms", "import", str(tmp_path / "t.yml"))[0] == 0
    code, out, _ = run(capsys, "terms", "export", "-", "--format", "json")
    assert json.loads(out) == json.loads((tmp_path / "t.json").read_text())


@pytest.mark.parametrize("flags", [(), ("--merge",)])
def test_terms_import_merges_by_default(capsys, write, flags):
    run(capsys, "terms", "import", write("a.csv", CSV))
    code, _, err = run(capsys, "terms", "import", write("b.csv", "term,replacement\nticket,din henvendelse\n"), *flags)
    assert code == 0 and "now 3 terms in all" in err
    code, out, _ = run(capsys, "terms", "export", "-", "--format", "json")
    assert [t["term"] for t in json.loads(out)] == ["SLA", "Klarsvar Pro", "ticket"]


def test_terms_import_replace_keeps_a_backup(capsys, write, isolated_config_dir):
    run(capsys, "terms", "import", write("a.csv", CSV))
    code, _, err = run(capsys, "terms", "import", write("b.csv", "term,replacement\nticket,din henvendelse\n"),
                       "--replace")
    assert code == 0 and "terms.json.bak" in err
    code, out, _ = run(capsys, "terms", "export", "-", "--format", "json")
    assert [t["term"] for t in json.loads(out)] == ["ticket"]
    backup = json.loads((isolated_config_dir / "terms.json.bak").read_text(encoding="utf-8"))
    assert [t["term"] for t in backup] == ["SLA", "Klarsvar Pro"]
    with pytest.raises(SystemExit) as exited:
        run(capsys, "terms", "import", write("c.csv", CSV), "--merge", "--replace")
    assert exited.value.code == 2


@pytest.mark.parametrize("name, content, fragment", [
    ("bad.csv", "term,replacement,language\nSLA,svartid,da\nKPI,,de\n", "line 3"),
    ("bad.csv", "term,replacement\nSLA,svartid\n,tom\n", "line 3"),
    ("bad.csv", "word,replacement\nSLA,svartid\n", "line 1"),
    ("bad.csv", "term,replacement,colour\nSLA,svartid,red\n", "colour"),
    ("bad.csv", "term,replacement\nSLA,svartid,extra\n", "line 2"),
    ("bad.yaml", "- term: SLA\n  replacement: svartid\n- term: SLA\n  replacement: svartid\n", "line 3"),
    ("bad.yaml", "- term: SLA\n  replacement: [unclosed\n", "line"),
    ("bad.json", '[{"term": "SLA", "replacement": 5}]', "entry 1"),
    ("bad.json", '[{"term": "SLA",', "not valid JSON"),
])
def test_bad_terms_files_name_the_line(capsys, write, name, content, fragment):
    run(capsys, "terms", "import", write("good.csv", CSV))
    code, _, err = run(capsys, "terms", "import", write(name, content))
    assert code == 2
    assert fragment in err
    # Nothing was stored.
    code, out, _ = run(capsys, "terms", "export", "-", "--format", "json")
    assert len(json.loads(out)) == 2


# ------------------------------------------------------------------------------------------ languagetool

def test_languagetool_status(capsys, monkeypatch):
    from klarsvar.analysis import grammar

    if not hasattr(grammar, "languagetool_status"):
        assert run(capsys, "languagetool", "status")[0] == 1
        return
    calls = []

    def fake_status(directory=None):
        calls.append(directory)
        return {"ok": True, "installed": None, "java": "/usr/bin/java", "message": "LanguageTool is not installed."}

    monkeypatch.setattr(grammar, "languagetool_status", fake_status)
    code, out, _ = run(capsys, "languagetool", "status", "--json", "--dir", "/opt/lt")
    assert code == 0 and json.loads(out)["java"] == "/usr/bin/java" and calls == ["/opt/lt"]
    code, out, _ = run(capsys, "languagetool", "status")
    assert code == 0 and out.startswith("LanguageTool is not installed.") and "java: /usr/bin/java" in out


def test_languagetool_failed_install_exits_1(capsys, monkeypatch):
    from klarsvar.analysis import grammar

    monkeypatch.setattr(grammar, "install_languagetool",
                        lambda directory=None, url=None, version=None: {"ok": False, "error": "no network"})
    code, _, err = run(capsys, "languagetool", "install")
    assert code == 1 and "no network" in err


def test_languagetool_missing_function_is_a_clear_error(capsys, monkeypatch):
    from klarsvar.analysis import grammar

    monkeypatch.delattr(grammar, "install_languagetool", raising=False)
    code, _, err = run(capsys, "languagetool", "install")
    assert code == 1 and "install_languagetool" in err


# ---------------------------------------------------------------------------------------------- script

def test_console_script_and_module(tmp_path, isolated_config_dir):
    path = tmp_path / "reply.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1"}
    result = subprocess.run([sys.executable, "-m", "klarsvar", "check", str(path), "--no-grammar"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "long_sentence" in result.stdout
    version = subprocess.run([sys.executable, "-m", "klarsvar", "--version"], capture_output=True, text=True,
                             timeout=60)
    assert version.stdout.startswith("klarsvar ")


def test_check_with_the_grammar_service(capsys, write, monkeypatch):
    # The in-process grammar service is started, used and closed; offline engines only (no network).
    monkeypatch.delenv("KLARSVAR_LANGUAGETOOL_URL", raising=False)
    code, out, _ = run(capsys, "check", write("g.txt", ENGLISH), "--json", "--languagetool", "auto",
                       "--grammar-wait", "5")
    body = json.loads(out)
    assert code == 1
    assert body["grammar"]["engine"] in ("languagetool", "builtin", "none")


@pytest.mark.parametrize("status, waits", [
    ({"engine": "languagetool", "ready": False, "detail": "Starting LanguageTool 6.8 on this computer"}, True),
    ({"engine": "languagetool", "ready": False, "state": "starting", "detail": "x"}, True),
    ({"engine": "languagetool", "ready": False, "detail": "LanguageTool at http://x is not reachable"}, False),
    ({"engine": "languagetool", "ready": True, "detail": "LanguageTool 6.8"}, False),
    ({"engine": "builtin", "ready": True, "detail": "Hunspell"}, False),
])
def test_check_waits_only_for_a_starting_languagetool(status, waits):
    assert cli_check._grammar_starting(status) is waits


def test_serve_with_a_broken_token_file_exits_2(capsys, isolated_config_dir):
    isolated_config_dir.mkdir(parents=True)
    (isolated_config_dir / "token").write_text("\n")
    code, _, err = run(capsys, "serve", "--port", "8799")
    assert code == 2 and "token --rotate" in err


def test_serve_with_a_bad_setting_exits_2(capsys, monkeypatch):
    monkeypatch.setenv("KLARSVAR_GRAMMAR_BUDGET", "soon")
    code, _, err = run(capsys, "serve", "--port", "8799")
    assert code == 2 and "KLARSVAR_GRAMMAR_BUDGET" in err
