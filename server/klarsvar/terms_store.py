"""The team terms file (`terms.json` in the config dir): versioned, locked, backed up, never clobbered.

Every write holds the config dir's lock (threads, `serve --workers` processes and the CLI alike), keeps
the previous file as `terms.json.bak` and replaces the file atomically. A file that exists but cannot be
read or parsed is never overwritten: reads and writes raise `TermsUnreadable` until a person repairs it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from pathlib import Path

from .files import atomic_write, dir_lock, remove_stale_temp_files, stamp

log = logging.getLogger(__name__)

TERMS_FILE = "terms.json"
BACKUP_FILE = "terms.json.bak"


class TermsUnreadable(Exception):
    """`terms.json` exists but cannot be read or is not a valid terms list; `problem` says why."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem

    def advice(self) -> str:
        """One line on how to repair the file."""
        backup = self.path.with_name(BACKUP_FILE)
        restore = f"restore the previous version from {backup}, " if backup.exists() else ""
        return (f"the team terms file {self.path} {self.problem}; nothing was changed. Fix the file, "
                f"{restore}or move it away to start with an empty list")


class TermsConflict(Exception):
    """The caller's `If-Match` version is not the stored one: someone else changed the terms meanwhile."""

    def __init__(self, current_etag: str) -> None:
        super().__init__("the team terms changed since they were read")
        self.current_etag = current_etag


def etag_of(data: bytes | None) -> str:
    """A strong ETag for one version of the file (a missing file is the empty list)."""
    digest = hashlib.sha256(b"[]\n" if data is None else data).hexdigest()[:32]
    return f'"{digest}"'


def serialize(terms) -> str:
    """The file form of a `TeamTerms`."""
    return json.dumps(terms.to_list(), ensure_ascii=False, indent=2) + "\n"


class TermsStore:
    """The team's terms, stored as JSON in the config dir and re-read when the file changes."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self.path = self.directory / TERMS_FILE
        self.backup_path = self.directory / BACKUP_FILE
        self._lock = threading.Lock()
        self._snapshot: tuple | None = None  # (stamp, TeamTerms, etag) of the last good read
        self._warned_stamp = None

    @classmethod
    def remove_stale_temp_files(cls, directory: Path) -> list[str]:
        """Delete temp files killed writers left in the config dir (run at start)."""
        from .token_store import TOKEN_FILE

        return remove_stale_temp_files(Path(directory), (TERMS_FILE, BACKUP_FILE, TOKEN_FILE))

    def _read(self):
        """(stamp, TeamTerms, etag) of the file now; raises `TermsUnreadable`."""
        from .analysis.terms import TeamTerms, TermsError, parse_terms

        try:
            version = stamp(self.path)
        except FileNotFoundError:
            return None, TeamTerms(), etag_of(None)
        except OSError as exc:
            raise TermsUnreadable(self.path, f"cannot be read ({exc.strerror})") from None
        cached = self._snapshot
        if cached is not None and cached[0] == version:
            return cached
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None, TeamTerms(), etag_of(None)
        except OSError as exc:
            raise TermsUnreadable(self.path, f"cannot be read ({exc.strerror})") from None
        if not raw.strip():
            raise TermsUnreadable(self.path, "is empty")
        try:
            data = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise TermsUnreadable(self.path, "is not UTF-8 text") from None
        except ValueError as exc:
            raise TermsUnreadable(self.path, f"is not valid JSON (line {getattr(exc, 'lineno', '?')})") from None
        try:
            terms = parse_terms(data)
        except TermsError as exc:
            raise TermsUnreadable(self.path, f"is not a valid terms list ({exc.field} {exc.message})") from None
        snapshot = (version, terms, etag_of(raw))
        self._snapshot = snapshot
        return snapshot

    def snapshot(self):
        """(TeamTerms, etag) as stored now; raises `TermsUnreadable` for a corrupt or unreadable file."""
        _, terms, etag = self._read()
        return terms, etag

    def current(self):
        """The `TeamTerms` for a check: the stored list, or the last good one while the file is broken."""
        from .analysis.terms import TeamTerms

        try:
            return self.snapshot()[0]
        except TermsUnreadable as exc:
            try:
                version = stamp(self.path)
            except OSError:
                version = None
            if version != self._warned_stamp:  # once per broken version, not once per check
                self._warned_stamp = version
                log.warning("Team terms unreadable, checks use the last good list: %s", exc.problem)
            cached = self._snapshot
            return cached[1] if cached is not None else TeamTerms()

    def update(self, change, *, if_match=None):
        """Apply `change(current) -> (new TeamTerms or None, result)` atomically; returns (terms, etag, result).

        Raises `TermsUnreadable` (nothing is written over a broken file) or `TermsConflict` when
        `if_match` (an ETag, or a list of them) is given and the stored version is not among them.
        `None` from `change` writes nothing.
        """
        if isinstance(if_match, str):
            if_match = [if_match]
        with self._lock, dir_lock(self.directory):
            self._snapshot = None  # another process may have written within one stamp tick
            _, current, etag = self._read()
            if if_match is not None and etag not in if_match:
                raise TermsConflict(etag)
            new, result = change(current)
            if new is None or new.to_list() == current.to_list():
                return current, etag, result
            data = serialize(new)
            if self.path.exists():
                atomic_write(self.backup_path, self.path.read_text(encoding="utf-8-sig"), 0o600)
            atomic_write(self.path, data, 0o600)
            self._snapshot = (stamp(self.path), new, etag_of(data.encode("utf-8")))
            return new, self._snapshot[2], result

    def save(self, terms, *, if_match=None) -> str:
        """Replace the stored list with `terms` (a validated `TeamTerms`); returns the new ETag."""
        return self.update(lambda current: (terms, None), if_match=if_match)[1]
