"""A small thread-safe LRU cache bounded by entry count and by the characters of text it holds.

The pipeline keeps what it computed for a text (its segmentation, a stage's results for a paragraph or a
document) so that a draft checked again after one word changed pays only for what changed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

_MISSING = object()


class TextCache:
    """Least-recently-used values keyed by anything hashable; each entry is charged its text's length.

    Bounded twice: at most `max_entries` entries and at most `max_chars` characters of text in total, so a
    stream of 50,000-character replies cannot grow the process (issue 17: RSS stays flat over 10,000 checks).
    """

    def __init__(self, max_entries: int, max_chars: int) -> None:
        self.max_entries = max_entries
        self.max_chars = max_chars
        self._data: OrderedDict = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key, default=None):
        """The cached value for `key` (and mark it recently used), or `default`."""
        with self._lock:
            item = self._data.get(key, _MISSING)
            if item is _MISSING:
                self.misses += 1
                return default
            self._data.move_to_end(key)
            self.hits += 1
            return item[0]

    def put(self, key, value, chars: int) -> None:
        """Remember `value` under `key`, charged `chars` characters; evict the oldest beyond the bounds."""
        if chars > self.max_chars:
            return  # one text bigger than the whole budget: not worth evicting everything for
        with self._lock:
            old = self._data.pop(key, _MISSING)
            if old is not _MISSING:
                self._chars -= old[1]
            self._data[key] = (value, chars)
            self._chars += chars
            while len(self._data) > self.max_entries or self._chars > self.max_chars:
                _, (_, evicted) = self._data.popitem(last=False)
                self._chars -= evicted

    def clear(self) -> None:
        """Forget everything (tests, rule reloads, a benchmark's cold figures)."""
        with self._lock:
            self._data.clear()
            self._chars = 0
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._data)

    @property
    def chars(self) -> int:
        """Characters of text currently held."""
        return self._chars


# ------------------------------------------------------------------------ compiled regexes across starts

# What Python's `re` compiles for the shipped rule and empathy data takes ~0.5 s of CPU per language at
# start-up, and `re` keeps nothing across processes. `klarsvar serve` keeps the compiled form (the opcode
# list `re` hands to its C engine) of the data regexes made through `stored_regex` in a file of its cache
# folder, so a later start skips the parsing. It is an optimisation only: a missing, unreadable or foreign file (another Python,
# another `re` engine) is ignored, an entry the engine refuses is compiled anew, and the key is the exact
# regex source and flags, so changed data simply misses. Off unless the server turns it on (tests and the
# command line never touch the disk).
_REGEX_STORE_VERSION = 2
_regex_lock = threading.Lock()
_regex_path = None  # the store file while on
_regex_loaded: dict = {}  # (source, flags) -> compiled form, read from the file
_regex_used: dict = {}  # the entries this process used or made: what the file holds after a save
_regex_new = False


def _regex_engine_tag() -> tuple:
    """What the stored compiled forms depend on: this exact Python build and its `re` engine."""
    import sys

    import _sre

    return (_REGEX_STORE_VERSION, sys.version, sys.implementation.cache_tag, _sre.MAGIC, _sre.CODESIZE)


def enable_regex_store(path) -> None:
    """Turn the store on with the file at `path`, reading what an earlier start kept (if anything usable)."""
    import marshal
    from pathlib import Path

    global _regex_path
    entries = {}
    try:
        with open(path, "rb") as handle:
            tag, stored = marshal.loads(handle.read())  # one read: marshal.load reads a file object by the object
        if tag == _regex_engine_tag() and isinstance(stored, dict):
            entries = stored
    except Exception:  # no file yet, or one this Python cannot use: start empty
        entries = {}
    with _regex_lock:
        _regex_path = Path(path)
        _regex_loaded.clear()
        _regex_loaded.update(entries)
        _regex_used.clear()


def disable_regex_store() -> None:
    """Turn the store off and forget its entries (tests)."""
    global _regex_path, _regex_new
    with _regex_lock:
        _regex_path = None
        _regex_loaded.clear()
        _regex_used.clear()
        _regex_new = False


def stored_regex(source: str, flags: int = 0):
    """`re.compile(source, flags)`, served from the store's compiled form when it is on and has one."""
    global _regex_new
    import re

    flags = int(flags)
    if _regex_path is None:
        return re.compile(source, flags)
    import _sre

    key = (source, flags)
    form = _regex_loaded.get(key)
    if form is not None:
        try:
            pattern = _sre.compile(source, *_unpacked(form))
            _regex_used[key] = form
            return pattern
        except Exception:  # an entry the engine refuses (it validates the code): compile it anew
            pass
    try:
        form = _compiled_form(source, flags)
        pattern = _sre.compile(source, *_unpacked(form))
    except re.error:
        raise
    except Exception:  # `re`'s internals differ from what this expects: the ordinary way, nothing stored
        return re.compile(source, flags)
    with _regex_lock:
        _regex_used[key] = form
        _regex_new = True
    return pattern


def _compiled_form(source: str, flags: int) -> tuple:
    """What `re._compiler.compile` hands to `_sre.compile` after the source (CPython 3.11-3.13)."""
    from re import _compiler, _parser

    parsed = _parser.parse(source, flags)
    # Packed as bytes: a file of int lists took ~0.4 s to read, longer than the compiles it saved.
    code = _code_array(int(op) for op in _compiler._code(parsed, flags)).tobytes()
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup))


def _code_array(values=()):
    """An array of `re`'s code words (their C size)."""
    import array

    import _sre

    typecode = next(t for t in "ILQ" if array.array(t).itemsize == _sre.CODESIZE)
    return array.array(typecode, values)


def _unpacked(form: tuple) -> tuple:
    """A stored compiled form with its code as the list `_sre.compile` takes."""
    flags, code, groups, groupindex, indexgroup = form
    words = _code_array()
    words.frombytes(code)
    return flags, words.tolist(), groups, groupindex, indexgroup


def save_regex_store() -> bool:
    """Write the entries this process used to the store file (atomically) when it made new ones."""
    import marshal
    import os
    import tempfile

    global _regex_new
    with _regex_lock:
        if _regex_path is None or not _regex_new:
            return False
        path, entries = _regex_path, dict(_regex_used)
        _regex_new = False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".regex-", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            marshal.dump((_regex_engine_tag(), entries), handle)
        os.replace(tmp, path)
        return True
    except OSError:  # a read-only or full disk: the next start compiles again, nothing else changes
        return False


# ------------------------------------------------------------------------ derived data across starts

# Beside the compiled regexes, start-up spends ~0.5 s of CPU deriving the same plain data from the same files
# every time: parsing the rule YAML, turning phrase patterns into regex source, reading the English syllable
# table. `klarsvar serve` keeps such values (dicts, lists, tuples, strings, numbers: what `marshal` writes)
# in a second file of its cache folder, keyed by what they are derived from (the file's text or its size and
# time, and a fingerprint of the code that derives them), so changed data or code simply misses. Like the
# regex store it is an optimisation only: off unless the server turns it on, and an unreadable or foreign
# file is ignored.
_DATA_STORE_VERSION = 1
_data_lock = threading.Lock()
_data_path = None  # the store file while on
_data_loaded: dict = {}  # (kind, key) -> value, read from the file
_data_used: dict = {}  # the entries this process used or made: what the file holds after a save
_data_new = False


def enable_data_store(path) -> None:
    """Turn the data store on with the file at `path`, reading what an earlier start kept (if usable)."""
    import marshal
    import sys
    from pathlib import Path

    global _data_path
    entries = {}
    try:
        with open(path, "rb") as handle:
            tag, stored = marshal.loads(handle.read())  # one read: marshal.load reads a file object by the object
        if tag == (_DATA_STORE_VERSION, sys.version) and isinstance(stored, dict):
            entries = stored
    except Exception:  # no file yet, or one this Python cannot use: start empty
        entries = {}
    with _data_lock:
        _data_path = Path(path)
        _data_loaded.clear()
        _data_loaded.update(entries)
        _data_used.clear()


def disable_data_store() -> None:
    """Turn the data store off and forget its entries (tests)."""
    global _data_path, _data_new
    with _data_lock:
        _data_path = None
        _data_loaded.clear()
        _data_used.clear()
        _data_new = False


def stored_data(kind: str, key, build):
    """`build()`, or the value an earlier start stored for (`kind`, `key`) while the store is on.

    `key` must name everything the value depends on (hash the source text with `fingerprint`); values
    `marshal` cannot write are returned and not stored. Callers must not change what they get back."""
    global _data_new
    if _data_path is None:
        return build()
    full = (kind, key)
    value = _data_loaded.get(full, _MISSING)
    if value is not _MISSING:
        _data_used[full] = value
        return value
    value = build()
    import marshal

    try:
        marshal.dumps(value)
    except ValueError:  # not plain data (a date parsed from YAML, an object): use it, do not store it
        return value
    with _data_lock:
        _data_used[full] = value
        _data_new = True
    return value


def fingerprint(*parts: str | bytes) -> str:
    """A short digest of texts (a file's contents, the source of the code deriving from it) for a store key."""
    import hashlib

    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        digest.update(b"\x00")
    return digest.hexdigest()


def save_data_store() -> bool:
    """Write the entries this process used to the store file (atomically) when it made new ones."""
    import marshal
    import os
    import sys
    import tempfile

    global _data_new
    with _data_lock:
        if _data_path is None or not _data_new:
            return False
        path, entries = _data_path, dict(_data_used)
        _data_new = False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".data-", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            marshal.dump(((_DATA_STORE_VERSION, sys.version), entries), handle)
        os.replace(tmp, path)
        return True
    except (OSError, ValueError):  # a read-only or full disk: the next start derives again, nothing else changes
        return False
