"""The pairing token: `KLARSVAR_TOKEN`, else the 0600 `token` file in the config dir (created once)."""

from __future__ import annotations

import secrets
import threading
from pathlib import Path

from .config import ConfigError
from .files import atomic_write, create_exclusive, dir_lock, ensure_dir, stamp

TOKEN_FILE = "token"
MIN_TOKEN_CHARS = 16


class TokenUnreadable(ConfigError):
    """The token file exists but holds no usable token (empty, short, unreadable)."""


def usable(token: str) -> bool:
    """Whether a token can be sent in an Authorization header: long enough, printable ASCII, no spaces."""
    return len(token) >= MIN_TOKEN_CHARS and token.isascii() and token.isprintable() and " " not in token


def new_token() -> str:
    """Return a fresh pairing token: 256 bits from `secrets`, URL-safe."""
    return secrets.token_urlsafe(32)


class TokenStore:
    """The bearer token: `KLARSVAR_TOKEN` if set, else the 0600 `token` file (created on first use).

    The file is re-read when it changes, so `klarsvar token --rotate` takes effect without a restart.
    """

    def __init__(self, directory: Path, override: str | None = None) -> None:
        self.path = Path(directory) / TOKEN_FILE
        self.override = override.strip() if override else None
        self._lock = threading.Lock()
        self._cached: tuple[tuple, str] | None = None

    def ensure(self) -> str:
        """Return the token, creating the file with a new one if there is none yet."""
        if self.override:
            return self.override
        if not self.path.exists():
            ensure_dir(self.path.parent)
            with self._lock, dir_lock(self.path.parent):
                # Written completely before it appears under its name: a process starting at the same
                # moment sees no file or the whole token, never an empty one.
                create_exclusive(self.path, new_token() + "\n", 0o600)
        return self.current()

    def current(self) -> str:
        """Return the token in force now (re-reading the file only when it changed)."""
        if self.override:
            return self.override
        try:
            version = stamp(self.path)
        except FileNotFoundError:
            return self.ensure()
        except OSError as exc:
            raise TokenUnreadable(self._advice(exc.strerror or "cannot be read")) from None
        cached = self._cached
        if cached and cached[0] == version:
            return cached[1]
        try:
            token = self.path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise TokenUnreadable(self._advice(getattr(exc, "strerror", None) or "cannot be read")) from None
        if not usable(token):
            raise TokenUnreadable(self._advice("holds no usable token"))
        self._cached = (version, token)
        return token

    def _advice(self, problem: str) -> str:
        """One line saying what is wrong with the token file and how to repair it."""
        return f"{self.path} {problem}; run `klarsvar token --rotate` to make a new token, then pair again"

    def rotate(self) -> str:
        """Replace the token file with a new token and return it."""
        token = new_token()
        with self._lock, dir_lock(self.path.parent):
            atomic_write(self.path, token + "\n", 0o600)
            self._cached = None
        return token
