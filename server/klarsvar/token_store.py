"""Who may call the server: the local token, named per-agent tokens, and one-time pairing codes.

The local token is `KLARSVAR_TOKEN`, else the 0600 `token` file in the config dir (created once). Agent
tokens live hashed in `agents.json`; a pending pairing code, hashed, in `pairing.json`.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import threading
import time
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


# --- named per-agent tokens (a team server) -----------------------------------------------------------

AGENTS_FILE = "agents.json"
# A name an admin types and the access log shows: letters, digits and . _ @ - (an e-mail address fits).
_AGENT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
LOCAL_OWNER = "local"


class AgentsUnreadable(ConfigError):
    """`agents.json` exists but cannot be read as Klarsvar's list of agent tokens."""


def token_digest(token: str) -> str:
    """SHA-256 of a token, hex: tokens are 256-bit random, so a fast hash cannot be brute-forced."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def check_agent_name(name: str) -> str:
    """Return `name` if it can name an agent token, else raise ConfigError saying what is allowed."""
    if not isinstance(name, str) or not _AGENT_NAME.match(name) or name == LOCAL_OWNER:
        raise ConfigError(f"{name!r} cannot name a token: use 1–64 letters, digits, '.', '_', '@' or '-' "
                          f"(not {LOCAL_OWNER!r}), starting with a letter or digit")
    return name


class AgentTokens:
    """Named tokens, one per agent, in `agents.json` (0600): only each token's SHA-256 is stored.

    Every lookup checks whether the file changed (one stat), so `klarsvar token add|revoke` takes effect
    on a running server at its next request, in every worker process.
    """

    def __init__(self, directory: Path) -> None:
        self.path = Path(directory) / AGENTS_FILE
        self._lock = threading.Lock()
        self._cached: tuple[tuple, list[dict]] | None = None

    def _read(self) -> list[dict]:
        """The stored entries (name, sha256, created), re-read only when the file changed."""
        try:
            version = stamp(self.path)
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise AgentsUnreadable(f"{self.path} cannot be read ({exc.strerror})") from None
        cached = self._cached
        if cached and cached[0] == version:
            return cached[1]
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            entries = data["tokens"]
            if not all(isinstance(e.get("name"), str) and isinstance(e.get("sha256"), str) for e in entries):
                raise TypeError("entry without name or sha256")
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError):
            raise AgentsUnreadable(f"{self.path} is not a list of agent tokens; fix or delete it and add "
                                   "the tokens again with `klarsvar token add NAME`") from None
        self._cached = (version, entries)
        return entries

    def _write(self, entries: list[dict]) -> None:
        """Replace the file with `entries` (caller holds the dir lock)."""
        atomic_write(self.path, json.dumps({"tokens": entries}, indent=2) + "\n", 0o600)
        self._cached = None

    def names(self) -> list[dict]:
        """Every agent token's name and creation time (never a token or its hash)."""
        return [{"name": e["name"], "created": e.get("created")} for e in self._read()]

    def add(self, name: str, *, replace: bool = False) -> str:
        """Create a token for `name` and return it (the only time it is ever shown)."""
        check_agent_name(name)
        token = new_token()
        with self._lock, dir_lock(self.path.parent):
            self._cached = None
            existing = self._read()
            entries = [e for e in existing if e["name"] != name]
            if len(entries) != len(existing) and not replace:
                raise ConfigError(f"there is already a token named {name!r}; revoke it first "
                                  f"(`klarsvar token revoke {name}`)")
            created = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            self._write(entries + [{"name": name, "sha256": token_digest(token), "created": created}])
        return token

    def revoke(self, name: str) -> bool:
        """Delete `name`'s token; whether there was one."""
        with self._lock, dir_lock(self.path.parent):
            self._cached = None
            entries = self._read()
            kept = [e for e in entries if e["name"] != name]
            if len(kept) == len(entries):
                return False
            self._write(kept)
        return True

    def owner(self, token: str) -> str | None:
        """The name whose token this is, or None."""
        digest = token_digest(token).encode("ascii")
        found = None
        for entry in self._read():
            # Compare with every entry (no early exit), each in constant time.
            if hmac.compare_digest(entry["sha256"].encode("ascii", "replace"), digest):
                found = entry["name"]
        return found


# --- pairing: a short one-time code the extension exchanges for a token ----------------------------------

PAIRING_FILE = "pairing.json"
PAIRING_SECONDS = 300
MAX_PAIRING_FAILURES = 5
# No 0/O, 1/I/L: the code is read off a terminal and typed by hand.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


class PairingRefused(Exception):
    """The code is wrong, used or expired; `attempts_left` before pairing locks (None: no code is pending)."""

    def __init__(self, attempts_left: int | None) -> None:
        super().__init__("pairing refused")
        self.attempts_left = attempts_left


class PairingLocked(Exception):
    """Too many wrong codes: pairing stays locked until `klarsvar pair` makes a new code."""


def normalize_code(code: str) -> str:
    """The code as stored: upper case, without the spaces and dashes a person may type."""
    return "".join(ch for ch in code.upper() if ch not in " -\t")


class PairingCodes:
    """The one pending pairing code, in `pairing.json` (0600, the code hashed), shared by CLI and server.

    A file rather than memory so `klarsvar pair` in another terminal reaches a running server and every
    worker process counts the same wrong attempts; all changes happen under the config dir's lock.
    """

    def __init__(self, directory: Path) -> None:
        self.path = Path(directory) / PAIRING_FILE

    def new_code(self, name: str | None = None, seconds: int = PAIRING_SECONDS) -> str:
        """Make a new code (replacing any pending one, which also lifts a lock) and return it as XXXX-XXXX."""
        if name is not None:
            check_agent_name(name)
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        record = {"sha256": token_digest(code), "expires_at": time.time() + seconds, "failures": 0, "name": name}
        with dir_lock(self.path.parent):
            atomic_write(self.path, json.dumps(record) + "\n", 0o600)
        return f"{code[:4]}-{code[4:]}"

    def redeem(self, code: str) -> str | None:
        """Use up the pending code if `code` is it: returns the agent name it was made for (None: the local
        token). Raises PairingRefused or PairingLocked."""
        with dir_lock(self.path.parent):
            try:
                record = json.loads(self.path.read_text(encoding="utf-8"))
                expires_at, failures = float(record["expires_at"]), int(record["failures"])
            except FileNotFoundError:
                raise PairingRefused(None) from None
            except (OSError, ValueError, KeyError, TypeError):
                self._remove()  # a damaged file is no usable code
                raise PairingRefused(None) from None
            if time.time() > expires_at:
                self._remove()
                raise PairingRefused(None)
            if failures >= MAX_PAIRING_FAILURES:
                raise PairingLocked()
            if not hmac.compare_digest(token_digest(normalize_code(code)).encode(), str(record["sha256"]).encode()):
                record["failures"] = failures + 1
                atomic_write(self.path, json.dumps(record) + "\n", 0o600)
                if record["failures"] >= MAX_PAIRING_FAILURES:
                    raise PairingLocked()
                raise PairingRefused(MAX_PAIRING_FAILURES - record["failures"])
            self._remove()  # single use
            return record.get("name")

    def _remove(self) -> None:
        """Delete the pending code (caller holds the dir lock)."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
