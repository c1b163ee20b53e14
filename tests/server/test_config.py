"""Config layering, token store and terms store."""

import json
import os
import stat

import pytest

from klarsvar import config as cfg
from klarsvar.terms_store import TermsStore
from klarsvar.token_store import TokenStore, new_token


def test_config_dir_override_order(tmp_path, monkeypatch, isolated_config_dir):
    assert cfg.config_dir() == isolated_config_dir
    assert cfg.config_dir(tmp_path / "x") == tmp_path / "x"
    monkeypatch.delenv("KLARSVAR_CONFIG_DIR")
    default = cfg.config_dir()
    assert default.name.lower() == "klarsvar"
    assert default != isolated_config_dir


def test_tests_never_use_the_real_config_dir(isolated_config_dir):
    # The autouse fixture in tests/conftest.py points every test at tmp_path.
    assert os.environ["KLARSVAR_CONFIG_DIR"] == str(isolated_config_dir)
    assert "klarsvar-config" in str(cfg.config_dir())


def test_resolve_layers(isolated_config_dir, monkeypatch):
    isolated_config_dir.mkdir(parents=True)
    (isolated_config_dir / "config.json").write_text(json.dumps({"port": 9100, "extension_ids": ["abc"]}))
    monkeypatch.setenv("KLARSVAR_EXTENSION_IDS", "def, ghi")
    monkeypatch.setenv("KLARSVAR_LANGUAGETOOL", "REMOTE")
    config = cfg.resolve({"KLARSVAR_GRAMMAR_BUDGET": "2", "KLARSVAR_PORT": None})
    assert config["KLARSVAR_PORT"] == 9100
    assert config["KLARSVAR_EXTENSION_IDS"] == ["def", "ghi"]
    assert config["KLARSVAR_LANGUAGETOOL"] == "remote"
    assert config["KLARSVAR_GRAMMAR_BUDGET"] == 2.0


def test_invalid_config_file(isolated_config_dir):
    isolated_config_dir.mkdir(parents=True)
    (isolated_config_dir / "config.json").write_text("{port: 1}")
    with pytest.raises(cfg.ConfigError, match="not valid JSON"):
        cfg.resolve()


def test_token_store_creates_private_file(tmp_path):
    store = TokenStore(tmp_path / "conf")
    token = store.ensure()
    mode = stat.S_IMODE((tmp_path / "conf" / "token").stat().st_mode)
    assert mode == 0o600
    assert stat.S_IMODE((tmp_path / "conf").stat().st_mode) == 0o700
    assert len(token) >= 43  # 256 bits, URL-safe base64
    assert store.ensure() == token and store.current() == token


def test_token_store_override_and_rotation(tmp_path):
    assert TokenStore(tmp_path, "  overridden-token-value ").current() == "overridden-token-value"
    store = TokenStore(tmp_path)
    first = store.ensure()
    second = store.rotate()
    assert first != second and store.current() == second
    assert TokenStore(tmp_path).current() == second


def test_tokens_are_unique():
    assert len({new_token() for _ in range(100)}) == 100


def test_empty_token_file_is_an_error(tmp_path):
    (tmp_path / "token").write_text("\n")
    with pytest.raises(cfg.ConfigError, match="rotate"):
        TokenStore(tmp_path).current()


def test_terms_store_round_trip_and_reload(tmp_path):
    from klarsvar.analysis.terms import parse_terms

    store = TermsStore(tmp_path)
    assert store.current().terms == ()
    store.save(parse_terms([{"term": "SLA", "replacement": "svartid"}]))
    assert [t.term for t in TermsStore(tmp_path).current().terms] == ["SLA"]
    (tmp_path / "terms.json").write_text(json.dumps([{"term": "KPI", "replacement": "mål"}]))
    assert [t.term for t in store.current().terms] == ["KPI"]


def test_english_dialect_reaches_the_grammar_settings(monkeypatch):
    """KLARSVAR_ENGLISH_DIALECT is validated and handed to the offline English grammar."""
    from klarsvar.analysis.grammar.harper import DIALECTS
    from klarsvar.config import ENGLISH_DIALECTS, ConfigError, grammar_settings, resolve

    assert ENGLISH_DIALECTS == DIALECTS
    monkeypatch.setenv("KLARSVAR_ENGLISH_DIALECT", "British")
    assert grammar_settings(resolve()).english_dialect == "british"
    monkeypatch.setenv("KLARSVAR_ENGLISH_DIALECT", "klingon")
    with pytest.raises(ConfigError, match="KLARSVAR_ENGLISH_DIALECT"):
        resolve()
