"""Configuration: defaults, the user config dir, `config.json`, the environment, and their validation.

Precedence, lowest first: `DEFAULTS` → `config.json` in the config dir → environment variables
(`KLARSVAR_*`) → explicit overrides (CLI flags, or a test's `test_config`).

The config dir is `platformdirs.user_config_dir("klarsvar")` unless `KLARSVAR_CONFIG_DIR` names another.
It holds `token` (mode 0600), the agent tokens' hashes in `agents.json` and a pending pairing code's hash in
`pairing.json` (`token_store.py`), `terms.json` and its backup (`terms_store.py`), a `.lock` file
(`files.py`) and the optional `config.json`. Nothing in it ever holds message text.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

APP_NAME = "klarsvar"
CONFIG_FILE = "config.json"
GRAMMAR_MODES = ("off", "local", "remote", "auto")

DEFAULTS: dict = {
    "KLARSVAR_HOST": "127.0.0.1",
    "KLARSVAR_PORT": 8765,
    # Extra Host-header names accepted besides 127.0.0.1, localhost and [::1] (DNS-rebinding defence).
    "KLARSVAR_ALLOW_HOSTS": [],
    # Browser-extension IDs allowed as Origin; empty means any chrome-extension:// or moz-extension://.
    "KLARSVAR_EXTENSION_IDS": [],
    "KLARSVAR_TOKEN": None,
    "KLARSVAR_LANGUAGETOOL": "auto",
    "KLARSVAR_LANGUAGETOOL_URL": None,
    "KLARSVAR_GRAMMAR_BUDGET": 1.5,
    # Rule ids and categories switched off for the whole team ("en.internal_language.ticket_number", "passive").
    "KLARSVAR_DISABLED_RULES": [],
    # Offline English grammar: "auto" follows the reply's own spelling (colour → british).
    "KLARSVAR_ENGLISH_DIALECT": "auto",
    # Seconds one check may take overall: past it the rewrite is skipped (findings are still returned).
    "KLARSVAR_CHECK_TIME_LIMIT": 4.0,
    "KLARSVAR_MAX_TEXT_CHARS": 50_000,
    "KLARSVAR_MAX_NAME_CHARS": 200,
    # True for `klarsvar serve`: load grammar and warm the pipeline after the server listens.
    "KLARSVAR_BACKGROUND_START": False,
    # The team's own language model for the rewrite (off by default; docs/rewrite-model.md). The reply text
    # goes to this URL, so it must be loopback or a host named in KLARSVAR_MODEL_ALLOW_HOSTS.
    "KLARSVAR_MODEL_URL": None,
    "KLARSVAR_MODEL": None,
    "KLARSVAR_MODEL_KEY": None,  # a secret: never logged, never in health
    "KLARSVAR_MODEL_TIME_BUDGET": 4.0,
    "KLARSVAR_MODEL_ALLOW_HOSTS": [],
    # Flask enforces this on every body, including chunked bodies without Content-Length.
    "MAX_CONTENT_LENGTH": 256 * 1024,
}

# `config.json` keys (what a person writes) → Flask config keys.
FILE_KEYS = {
    "port": "KLARSVAR_PORT",
    "allow_hosts": "KLARSVAR_ALLOW_HOSTS",
    "extension_ids": "KLARSVAR_EXTENSION_IDS",
    "languagetool": "KLARSVAR_LANGUAGETOOL",
    "languagetool_url": "KLARSVAR_LANGUAGETOOL_URL",
    "grammar_budget": "KLARSVAR_GRAMMAR_BUDGET",
    "english_dialect": "KLARSVAR_ENGLISH_DIALECT",
    "disabled_rules": "KLARSVAR_DISABLED_RULES",
    "check_time_limit": "KLARSVAR_CHECK_TIME_LIMIT",
    "model_url": "KLARSVAR_MODEL_URL",
    "model": "KLARSVAR_MODEL",
    "model_time_budget": "KLARSVAR_MODEL_TIME_BUDGET",
    "model_allow_hosts": "KLARSVAR_MODEL_ALLOW_HOSTS",
}

# Environment variables read at start; list-valued ones are comma-separated.
ENV_KEYS = (
    "KLARSVAR_TOKEN",
    "KLARSVAR_LANGUAGETOOL",
    "KLARSVAR_LANGUAGETOOL_URL",
    "KLARSVAR_GRAMMAR_BUDGET",
    "KLARSVAR_ENGLISH_DIALECT",
    "KLARSVAR_DISABLED_RULES",
    "KLARSVAR_CHECK_TIME_LIMIT",
    "KLARSVAR_ALLOW_HOSTS",
    "KLARSVAR_EXTENSION_IDS",
    "KLARSVAR_MODEL_URL",
    "KLARSVAR_MODEL",
    "KLARSVAR_MODEL_KEY",
    "KLARSVAR_MODEL_TIME_BUDGET",
    "KLARSVAR_MODEL_ALLOW_HOSTS",
)
# The offline English grammar's dialects (analysis/grammar/harper.py DIALECTS; not imported: harper is heavy).
ENGLISH_DIALECTS = ("auto", "american", "british")
LIST_KEYS = ("KLARSVAR_ALLOW_HOSTS", "KLARSVAR_EXTENSION_IDS", "KLARSVAR_DISABLED_RULES", "KLARSVAR_MODEL_ALLOW_HOSTS")


class ConfigError(ValueError):
    """A configuration value that cannot be used; the message says which and why."""


def config_dir(override: str | os.PathLike | None = None) -> Path:
    """Return the config dir: `override`, else `$KLARSVAR_CONFIG_DIR`, else the platform's user config dir."""
    if override:
        return Path(override)
    env = os.environ.get("KLARSVAR_CONFIG_DIR")
    if env:
        return Path(env)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def load_file_config(directory: Path) -> dict:
    """Read `config.json` from the config dir into Flask config keys; a missing file is an empty config."""
    path = directory / CONFIG_FILE
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ConfigError(f"{path}: not valid JSON (line {getattr(exc, 'lineno', '?')})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: must be a JSON object")
    unknown = sorted(set(data) - set(FILE_KEYS))
    if unknown:
        raise ConfigError(f"{path}: unknown key {unknown[0]!r} (known: {', '.join(sorted(FILE_KEYS))})")
    return {FILE_KEYS[k]: v for k, v in data.items()}


def load_env_config(environ: dict | None = None) -> dict:
    """Read the `KLARSVAR_*` environment variables that configure the server."""
    environ = os.environ if environ is None else environ
    out = {}
    for key in ENV_KEYS:
        value = environ.get(key)
        if value is None or value == "":
            continue
        if key in LIST_KEYS:
            out[key] = [part.strip() for part in value.split(",") if part.strip()]
        else:
            out[key] = value
    return out


def normalize(config: dict) -> None:
    """Validate and coerce the Klarsvar keys of a Flask config in place, raising `ConfigError`."""
    try:
        port = int(config["KLARSVAR_PORT"])
    except (TypeError, ValueError):
        raise ConfigError("port must be a whole number") from None
    if not 0 < port < 65536:
        raise ConfigError("port must be between 1 and 65535")
    config["KLARSVAR_PORT"] = port

    mode = str(config["KLARSVAR_LANGUAGETOOL"]).strip().lower()
    if mode not in GRAMMAR_MODES:
        raise ConfigError(f"KLARSVAR_LANGUAGETOOL must be one of {', '.join(GRAMMAR_MODES)}, not {mode!r}")
    config["KLARSVAR_LANGUAGETOOL"] = mode

    try:
        budget = float(config["KLARSVAR_GRAMMAR_BUDGET"])
    except (TypeError, ValueError):
        raise ConfigError("KLARSVAR_GRAMMAR_BUDGET must be a number of seconds, e.g. 1.5") from None
    if not 0 < budget <= 60:
        raise ConfigError("KLARSVAR_GRAMMAR_BUDGET must be more than 0 and at most 60 seconds")
    config["KLARSVAR_GRAMMAR_BUDGET"] = budget

    dialect = str(config.get("KLARSVAR_ENGLISH_DIALECT") or "auto").strip().lower()
    if dialect not in ENGLISH_DIALECTS:
        raise ConfigError(f"KLARSVAR_ENGLISH_DIALECT must be one of {', '.join(ENGLISH_DIALECTS)}, not {dialect!r}")
    config["KLARSVAR_ENGLISH_DIALECT"] = dialect

    try:
        limit = float(config["KLARSVAR_CHECK_TIME_LIMIT"])
    except (TypeError, ValueError):
        raise ConfigError("KLARSVAR_CHECK_TIME_LIMIT must be a number of seconds, e.g. 4") from None
    if not 0 < limit <= 300:
        raise ConfigError("KLARSVAR_CHECK_TIME_LIMIT must be more than 0 and at most 300 seconds")
    config["KLARSVAR_CHECK_TIME_LIMIT"] = limit

    for key in LIST_KEYS:
        value = config.get(key) or []
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{key} must be a list of names")
        config[key] = [v.strip() for v in value if v.strip()]

    token = config.get("KLARSVAR_TOKEN")
    if token is not None and (not isinstance(token, str) or len(token.strip()) < 16):
        raise ConfigError("KLARSVAR_TOKEN must be at least 16 characters (use `klarsvar token` to make one)")

    normalize_model(config)


def normalize_model(config: dict) -> None:
    """Validate the language-model keys: a loopback or explicitly allowed http(s) URL, a model name, a budget."""
    try:
        budget = float(config.get("KLARSVAR_MODEL_TIME_BUDGET", 4.0))
    except (TypeError, ValueError):
        raise ConfigError("KLARSVAR_MODEL_TIME_BUDGET must be a number of seconds, e.g. 4") from None
    if not 0 < budget <= 120:
        raise ConfigError("KLARSVAR_MODEL_TIME_BUDGET must be more than 0 and at most 120 seconds")
    config["KLARSVAR_MODEL_TIME_BUDGET"] = budget
    url = str(config.get("KLARSVAR_MODEL_URL") or "").strip() or None
    config["KLARSVAR_MODEL_URL"] = url
    name = str(config.get("KLARSVAR_MODEL") or "").strip() or None
    config["KLARSVAR_MODEL"] = name
    key = config.get("KLARSVAR_MODEL_KEY")
    if key is not None and not isinstance(key, str):
        raise ConfigError("KLARSVAR_MODEL_KEY must be a string")
    config["KLARSVAR_MODEL_KEY"] = (key or "").strip() or None
    if url is None:
        return
    if name is None:
        raise ConfigError("KLARSVAR_MODEL must name the model to ask (e.g. llama3.1:8b for Ollama) "
                          "when KLARSVAR_MODEL_URL is set")
    from .model_client import ModelConfigError, endpoint_of

    try:
        endpoint_of(url, config["KLARSVAR_MODEL_ALLOW_HOSTS"])
    except ModelConfigError as exc:
        raise ConfigError(str(exc)) from None


def model_settings(config: dict):
    """The language-model client's settings from a normalized config, or None when no model is configured."""
    if not config.get("KLARSVAR_MODEL_URL"):
        return None
    from .model_client import settings_from

    return settings_from(config)


def resolve(overrides: dict | None = None) -> dict:
    """Return the full, validated configuration: defaults → config.json → environment → `overrides`.

    Overrides whose value is None are ignored, so CLI flags the user did not give hide nothing.
    """
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    config = dict(DEFAULTS)
    directory = config_dir(overrides.get("KLARSVAR_CONFIG_DIR"))
    config.update(load_file_config(directory))
    config.update(load_env_config())
    config.update(overrides)
    config["KLARSVAR_CONFIG_DIR"] = str(directory)
    normalize(config)
    return config


def grammar_settings(config: dict):
    """Build the grammar service's settings from a normalized config."""
    from .analysis.grammar import GrammarSettings

    return GrammarSettings(
        mode=config["KLARSVAR_LANGUAGETOOL"],
        url=config.get("KLARSVAR_LANGUAGETOOL_URL") or None,
        budget_seconds=config["KLARSVAR_GRAMMAR_BUDGET"],
        english_dialect=config.get("KLARSVAR_ENGLISH_DIALECT") or "auto",
    )


# `ensure_dir` lives with the other file helpers; this name keeps `config.ensure_dir` working.
from .files import ensure_dir  # noqa: E402
