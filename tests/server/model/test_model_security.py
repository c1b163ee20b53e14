"""The language model's configuration and where the reply text may go: loopback or an explicitly allowed
host only (refused when the configuration is read), no proxy, no redirect, and the key kept secret."""

from __future__ import annotations

import pytest

from klarsvar import config as cfg
from klarsvar.model_client import ModelClient, ModelConfigError, ModelError, ModelSettings, endpoint_of
from tests.support.fake_model_server import FakeModel

REPLY = "Hi,\n\nYour ticket was escalated to backend per our SLA.\n\nBest regards\nKim"


def resolve(**overrides):
    return cfg.resolve({"KLARSVAR_CONFIG_DIR": None, **overrides})


def test_off_by_default():
    config = resolve()
    assert config["KLARSVAR_MODEL_URL"] is None and cfg.model_settings(config) is None
    assert config["KLARSVAR_MODEL_TIME_BUDGET"] == 4.0


@pytest.mark.parametrize("url", ["http://127.0.0.1:11434", "http://localhost:8080/v1", "http://[::1]:8000/v1/",
                                 "https://127.0.0.2/v1/chat/completions"])
def test_loopback_urls_are_accepted(url):
    config = resolve(KLARSVAR_MODEL_URL=url, KLARSVAR_MODEL="m")
    endpoint = endpoint_of(config["KLARSVAR_MODEL_URL"])
    assert endpoint.chat_url.endswith("/v1/chat/completions") and endpoint.models_url.endswith("/v1/models")


@pytest.mark.parametrize("url", ["http://10.0.0.5:11434/v1", "http://models.example.com/v1", "http://localhost.evil.com/v1",
                                 "http://127.0.0.1.nip.io/v1", "http://0.0.0.0:11434"])
def test_other_hosts_are_refused_at_config_time(url):
    with pytest.raises(cfg.ConfigError, match="not this machine.*KLARSVAR_MODEL_ALLOW_HOSTS"):
        resolve(KLARSVAR_MODEL_URL=url, KLARSVAR_MODEL="m")


def test_an_explicitly_allowed_team_server_is_accepted(monkeypatch):
    monkeypatch.setenv("KLARSVAR_MODEL_URL", "http://gpu-box.lan:11434/v1")
    monkeypatch.setenv("KLARSVAR_MODEL", "llama3.1:8b")
    monkeypatch.setenv("KLARSVAR_MODEL_ALLOW_HOSTS", "gpu-box.lan, other.lan")
    monkeypatch.setenv("KLARSVAR_MODEL_TIME_BUDGET", "6")
    settings = cfg.model_settings(resolve())
    assert settings.url == "http://gpu-box.lan:11434/v1" and settings.model == "llama3.1:8b"
    assert settings.budget_seconds == 6.0 and "gpu-box.lan" in settings.allow_hosts


@pytest.mark.parametrize("overrides, message", [
    ({"KLARSVAR_MODEL_URL": "ftp://127.0.0.1/v1", "KLARSVAR_MODEL": "m"}, "http"),
    ({"KLARSVAR_MODEL_URL": "http://user:pw@127.0.0.1/v1", "KLARSVAR_MODEL": "m"}, "KLARSVAR_MODEL_KEY"),
    ({"KLARSVAR_MODEL_URL": "http://127.0.0.1:11434/v1"}, "KLARSVAR_MODEL must name"),
    ({"KLARSVAR_MODEL_TIME_BUDGET": "soon"}, "KLARSVAR_MODEL_TIME_BUDGET"),
    ({"KLARSVAR_MODEL_TIME_BUDGET": 0}, "KLARSVAR_MODEL_TIME_BUDGET"),
])
def test_unusable_settings_are_refused(overrides, message):
    with pytest.raises(cfg.ConfigError, match=message):
        resolve(**overrides)


def test_the_key_is_not_in_the_settings_repr():
    settings = ModelSettings(url="http://127.0.0.1:1/v1", model="m", key="sk-very-secret")
    assert "sk-very-secret" not in repr(settings)


def test_a_disallowed_host_is_never_contacted_even_past_the_config(make_app):
    with pytest.raises(cfg.ConfigError):
        make_app(KLARSVAR_MODEL_URL="http://192.0.2.10:11434/v1", KLARSVAR_MODEL="m")
    with pytest.raises(ModelConfigError):
        ModelClient(ModelSettings(url="http://192.0.2.10:11434/v1", model="m"))


def test_a_redirect_is_not_followed(fake_model, model_app, post_check):
    elsewhere = fake_model(["Hi,\n\nThanks.\n\nBest regards\nKim"])
    server = fake_model([{"mode": "redirect", "location": elsewhere.url + "/chat/completions"}])
    # An upset customer, so the rules' rewrite (an acknowledgement) is offered and carries the model's refusal.
    body, _ = post_check(model_app(server), text=REPLY, language="en",
                         customer={"message": "Third time I'm asking about my ticket!! Nobody answers."})
    assert body["rewrite"]["refused"][0]["check"] == "unavailable"
    assert elsewhere.requests == []


def test_proxy_settings_are_ignored(fake_model, monkeypatch):
    proxy = fake_model(["proxied"])
    server = fake_model(["direct"])
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY"):
        monkeypatch.setenv(name, f"http://127.0.0.1:{proxy.port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = ModelClient(ModelSettings(url=server.url, model="fake"))
    assert client.complete([{"role": "user", "content": "x"}], timeout=5) == "direct"
    assert proxy.requests == []


def test_the_client_time_limit_is_hard():
    import time

    with FakeModel([{"mode": "drip", "content": "x" * 200}], delay=0.05) as server:
        client = ModelClient(ModelSettings(url=server.url, model="fake"))
        started = time.monotonic()
        with pytest.raises(ModelError) as caught:
            client.complete([{"role": "user", "content": "x"}], timeout=0.5)
        assert caught.value.kind == "timeout" and time.monotonic() - started < 0.8


def test_serve_model_url_flag_is_read_and_vetted(capsys, monkeypatch):
    from klarsvar import cli

    monkeypatch.setenv("KLARSVAR_MODEL", "m")
    args = cli.build_parser().parse_args(["serve", "--model-url", "http://127.0.0.1:11434/v1"])
    assert args.model_url == "http://127.0.0.1:11434/v1"
    code = cli.main(["serve", "--model-url", "http://203.0.113.7:11434/v1"])
    assert code == 2 and "not this machine" in capsys.readouterr().err
