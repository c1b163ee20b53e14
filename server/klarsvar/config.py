"""Configuration: defaults, the user config dir, the pairing token and the stored team terms.

Precedence, lowest first: `DEFAULTS` → `config.json` in the config dir → environment variables
(`KLARSVAR_*`) → explicit overrides (CLI flags, or a test's `test_config`).

The config dir is `platformdirs.user_config_dir("klarsvar")` unless `KLARSVAR_CONFIG_DIR` names another.
It holds `token` (mode 0600), `terms.json` and the optional `config.json`. Nothing in it ever holds
message text.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import tempfile
import threading
from pathlib import Path

log = logging.getLogger(__name__)

APP_NAME = "klarsvar"
TOKEN_FILE = "token"
TERMS_FILE = "terms.json"
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
    "KLARSVAR_MAX_TEXT_CHARS": 50_000,
    "KLARSVAR_MAX_NAME_CHARS": 200,
    # True for `klarsvar serve`: load grammar and warm the pipeline after the server listens.
    "KLARSVAR_BACKGROUND_START": False,
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
}

# Environment variables read at start; list-valued ones are comma-separated.
ENV_KEYS = (
    "KLARSVAR_TOKEN",
    "KLARSVAR_LANGUAGETOOL",
    "KLARSVAR_LANGUAGETOOL_URL",
    "KLARSVAR_GRAMMAR_BUDGET",
    "KLARSVAR_ALLOW_HOSTS",
    "KLARSVAR_EXTENSION_IDS",
)
LIST_KEYS = ("KLARSVAR_ALLOW_HOSTS", "KLARSVAR_EXTENSION_IDS")


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


def ensure_dir(path: Path) -> Path:
    """Create the config dir (private to the user where the OS allows) and return it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


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
    )


def _stamp(path: Path):
    """Identify one version of a file (a replaced file has a new inode even within one mtime tick)."""
    st = path.stat()
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _atomic_write(path: Path, data: str, mode: int = 0o600) -> None:
    """Write `data` to `path` so readers see the old or the new file, never half of one."""
    ensure_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if hasattr(os, "fchmod"):  # POSIX; on Windows the user profile's ACLs protect the file
            os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def new_token() -> str:
    """Return a fresh pairing token: 256 bits from `secrets`, URL-safe."""
    return secrets.token_urlsafe(32)


class TokenStore:
    """The bearer token: `KLARSVAR_TOKEN` if set, else the 0600 `token` file (created on first use).

    The file is re-read when it changes, so `klarsvar token --rotate` takes effect without a restart.
    """

    def __init__(self, directory: Path, override: str | None = None) -> None:
        self.path = directory / TOKEN_FILE
        self.override = override.strip() if override else None
        self._lock = threading.Lock()
        self._cached: tuple[tuple, str] | None = None

    def ensure(self) -> str:
        """Return the token, creating the file with a new one if there is none yet."""
        if self.override:
            return self.override
        with self._lock:
            if not self.path.exists():
                ensure_dir(self.path.parent)
                try:
                    # O_EXCL: two processes starting at once must not both write different tokens.
                    fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                except FileExistsError:
                    pass
                else:
                    with os.fdopen(fd, "w", encoding="utf-8") as handle:
                        handle.write(new_token() + "\n")
        return self.current()

    def current(self) -> str:
        """Return the token in force now (re-reading the file only when it changed)."""
        if self.override:
            return self.override
        try:
            stamp = _stamp(self.path)
        except FileNotFoundError:
            return self.ensure()
        cached = self._cached
        if cached and cached[0] == stamp:
            return cached[1]
        token = self.path.read_text(encoding="utf-8").strip()
        if len(token) < 16:
            raise ConfigError(f"{self.path} holds no usable token; run `klarsvar token --rotate`")
        self._cached = (stamp, token)
        return token

    def rotate(self) -> str:
        """Replace the token file with a new token and return it."""
        token = new_token()
        with self._lock:
            _atomic_write(self.path, token + "\n", 0o600)
            self._cached = None
        return token


class TermsStore:
    """The team's terms, stored as JSON in the config dir and re-read when the file changes."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / TERMS_FILE
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._terms = None

    def current(self):
        """Return the `TeamTerms` in force now (an empty list when none are stored)."""
        from .analysis.terms import TeamTerms, TermsError, parse_terms

        try:
            stamp = _stamp(self.path)
        except FileNotFoundError:
            stamp = None
        if self._terms is not None and stamp == self._stamp:
            return self._terms
        with self._lock:
            if stamp is None:
                self._terms, self._stamp = TeamTerms(), None
                return self._terms
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                terms = parse_terms(data)
            except (OSError, ValueError, TermsError) as exc:
                # Keep serving with the last good list; the file is the team's, not message text.
                where = exc.field if isinstance(exc, TermsError) else type(exc).__name__
                log.warning("Ignoring unreadable team terms file %s (%s)", self.path, where)
                if self._terms is None:
                    self._terms = TeamTerms()
                self._stamp = stamp
                return self._terms
            self._terms, self._stamp = terms, stamp
            return terms

    def save(self, terms) -> None:
        """Store `terms` (a validated `TeamTerms`) atomically; the next check uses them."""
        data = json.dumps(terms.to_list(), ensure_ascii=False, indent=2) + "\n"
        with self._lock:
            _atomic_write(self.path, data, 0o600)
            self._terms = terms
            self._stamp = _stamp(self.path)
