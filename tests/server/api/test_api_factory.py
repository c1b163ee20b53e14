"""The app factory: testing flag, config layering, config-dir isolation."""

import json

import pytest

from klarsvar import create_app
from klarsvar.config import ConfigError


def test_testing_flag(isolated_config_dir):
    assert not create_app({"KLARSVAR_LANGUAGETOOL": "off"}).testing
    assert create_app({"TESTING": True, "KLARSVAR_LANGUAGETOOL": "off"}).testing


def test_config_dir_comes_from_environment(app, isolated_config_dir):
    assert app.config["KLARSVAR_CONFIG_DIR"] == str(isolated_config_dir)
    assert (isolated_config_dir / "token").exists()


def test_config_file_then_env_then_test_config(isolated_config_dir, monkeypatch):
    isolated_config_dir.mkdir(parents=True)
    (isolated_config_dir / "config.json").write_text(json.dumps(
        {"port": 9000, "grammar_budget": 2.5, "languagetool": "remote", "allow_hosts": ["box.lan"]}))
    monkeypatch.setenv("KLARSVAR_GRAMMAR_BUDGET", "0.8")
    app = create_app({"KLARSVAR_LANGUAGETOOL": "off"})
    assert app.config["KLARSVAR_PORT"] == 9000  # from the file
    assert app.config["KLARSVAR_GRAMMAR_BUDGET"] == 0.8  # env beats the file
    assert app.config["KLARSVAR_LANGUAGETOOL"] == "off"  # test_config beats env and file
    assert "box.lan:9000" in app.extensions["klarsvar"].allowed_hosts


@pytest.mark.parametrize("overrides, fragment", [
    ({"KLARSVAR_LANGUAGETOOL": "sometimes"}, "KLARSVAR_LANGUAGETOOL"),
    ({"KLARSVAR_GRAMMAR_BUDGET": "fast"}, "KLARSVAR_GRAMMAR_BUDGET"),
    ({"KLARSVAR_GRAMMAR_BUDGET": -1}, "KLARSVAR_GRAMMAR_BUDGET"),
    ({"KLARSVAR_PORT": 70000}, "port"),
    ({"KLARSVAR_TOKEN": "short"}, "KLARSVAR_TOKEN"),
])
def test_bad_config_is_refused_clearly(isolated_config_dir, overrides, fragment):
    with pytest.raises(ConfigError, match=fragment):
        create_app(overrides)


def test_bad_config_file_names_the_key(isolated_config_dir):
    isolated_config_dir.mkdir(parents=True)
    (isolated_config_dir / "config.json").write_text('{"colour": "blue"}')
    with pytest.raises(ConfigError, match="colour"):
        create_app({"KLARSVAR_LANGUAGETOOL": "off"})


def test_grammar_settings_reach_the_service(make_app, monkeypatch):
    monkeypatch.setenv("KLARSVAR_LANGUAGETOOL_URL", "http://lt.example:8081")
    monkeypatch.setenv("KLARSVAR_GRAMMAR_BUDGET", "0.7")
    app = make_app()
    settings = app.extensions["klarsvar"].grammar.settings
    assert (settings.mode, settings.url, settings.budget_seconds) == ("off", "http://lt.example:8081", 0.7)


def _wait_until(predicate, timeout=10.0):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_background_start_reports_then_delegates(make_app, auth_headers):
    app = make_app(KLARSVAR_BACKGROUND_START=True)
    client = app.test_client()
    grammar = app.extensions["klarsvar"].grammar
    first = client.get("/v1/health").get_json()["grammar"]
    assert first["mode"] == "off"
    assert _wait_until(lambda: grammar.settings is not None)
    assert grammar.settings.mode == "off"
    response = client.post("/v1/check", json={"text": "Hej Maria, tak for din besked."}, headers=auth_headers)
    assert response.status_code == 200


def test_background_start_failure_is_reported_not_fatal(make_app, auth_headers, monkeypatch):
    import klarsvar.analysis.grammar as grammar_package

    def broken(settings):
        raise RuntimeError("no dictionaries")

    monkeypatch.setattr(grammar_package, "create_service", broken)
    app = make_app(KLARSVAR_BACKGROUND_START=True)
    client = app.test_client()
    grammar = app.extensions["klarsvar"].grammar
    assert _wait_until(lambda: "failed" in grammar.status()["detail"])
    assert client.get("/v1/health").get_json()["grammar"]["ready"] is False
    body = client.post("/v1/check", json={"text": "Hej"}, headers=auth_headers).get_json()
    assert body["grammar"] == {"engine": "none", "complete": False}
