"""Safe files in the config dir: atomic writes, a cross-process lock, version stamps, stale temp clean-up."""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

LOCK_FILE = ".lock"
TEMP_SUFFIX = ".tmp"


def ensure_dir(path: Path) -> Path:
    """Create the config dir (private to the user where the OS allows) and return it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def stamp(path: Path):
    """Identify one version of a file (a replaced file has a new inode even within one mtime tick)."""
    st = path.stat()
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def temp_path_for(path: Path) -> tuple[int, str]:
    """Open a new private temp file beside `path`; (fd, name). Its name marks it as ours for clean-up."""
    ensure_dir(path.parent)
    return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)


def _write_fd(fd: int, data: str, mode: int) -> None:
    """Write `data` to the open temp file and flush it to disk."""
    if hasattr(os, "fchmod"):  # POSIX; on Windows the user profile's ACLs protect the file
        os.fchmod(fd, mode)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def atomic_write(path: Path, data: str, mode: int = 0o600) -> None:
    """Write `data` to `path` so readers see the old or the new file, never half of one."""
    fd, tmp = temp_path_for(path)
    try:
        _write_fd(fd, data, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def create_exclusive(path: Path, data: str, mode: int = 0o600) -> bool:
    """Create `path` holding `data` only if it does not exist yet, never visible half-written.

    The content is written to a temp file first and then hard-linked into place: `link` fails when the
    name exists, so of two processes racing, exactly one wins and nobody ever reads an empty file.
    Returns whether this call created the file.
    """
    fd, tmp = temp_path_for(path)
    try:
        _write_fd(fd, data, mode)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except (AttributeError, NotImplementedError, PermissionError):
            # File systems without hard links: fall back to an exclusive rename (Windows refuses to
            # replace an existing file with os.rename).
            if path.exists():
                return False
            try:
                os.rename(tmp, path)
            except FileExistsError:
                return False
            return True
        return True
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


@contextlib.contextmanager
def dir_lock(directory: Path):
    """Hold the config dir's lock: one writer at a time across threads and processes (serve workers, CLI).

    The kernel releases the lock when its holder dies, so a killed writer never blocks the next one.
    """
    ensure_dir(directory)
    fd = os.open(directory / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if os.name == "nt":  # pragma: no cover - exercised on Windows only
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def remove_stale_temp_files(directory: Path, names) -> list[str]:
    """Delete temp files that killed writers left behind for the files `names`; return what was removed.

    Runs under the dir lock: every writer holds it while its temp file exists, so what is found here
    belongs to no live writer.
    """
    removed = []
    if not directory.is_dir():
        return removed
    prefixes = tuple(f".{name}." for name in names)
    with dir_lock(directory):
        for entry in directory.iterdir():
            if entry.name.startswith(prefixes) and entry.name.endswith(TEMP_SUFFIX):
                with contextlib.suppress(FileNotFoundError):
                    entry.unlink()
                    removed.append(entry.name)
    if removed:
        log.info("Removed %d stale temp file(s) from %s", len(removed), directory)
    return removed
