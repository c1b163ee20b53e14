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

    def values(self) -> list:
        """The cached values, the most recently used first (a snapshot; not counted as hits)."""
        with self._lock:
            return [item[0] for item in reversed(self._data.values())]

    def __len__(self) -> int:
        return len(self._data)

    @property
    def chars(self) -> int:
        """Characters of text currently held."""
        return self._chars


# ------------------------------------------------------------------------ files kept across starts


class _StoreFile:
    """Values kept in one `marshal` file of the server's cache folder across starts: read when turned on,
    written (atomically) with the entries this process used when it made new ones. An optimisation only:
    a missing, unreadable or foreign file (another tag: another Python, another format) is ignored."""

    def __init__(self, tag) -> None:
        self._tag = tag  # a function: what the file's entries depend on besides their keys
        self.lock = threading.Lock()
        self.path = None  # the file while on
        self.loaded: dict = {}  # key -> value, read from the file
        self.used: dict = {}  # the entries this process used or made: what the file holds after a save
        self.new = False

    def enable(self, path) -> None:
        """Turn the store on with the file at `path`, reading what an earlier start kept (if usable)."""
        import marshal
        from pathlib import Path

        entries = {}
        try:
            with open(path, "rb") as handle:
                tag, stored = marshal.loads(handle.read())  # one read: marshal.load reads a file by the object
            if tag == self._tag() and isinstance(stored, dict):
                entries = stored
        except Exception:  # no file yet, or one this Python cannot use: start empty
            entries = {}
        with self.lock:
            self.path = Path(path)
            self.loaded = entries
            self.used = {}
            self.new = False

    def disable(self) -> None:
        """Turn the store off and forget its entries."""
        with self.lock:
            self.path = None
            self.loaded = {}
            self.used = {}
            self.new = False

    def keep(self, key, value) -> None:
        """Remember a value this process made, for the next save."""
        with self.lock:
            self.used[key] = value
            self.new = True

    def save(self, keep_loaded: bool = False) -> bool:
        """Write the entries this process used to the file (atomically) when it made new ones; with
        `keep_loaded`, also those the file held that this process has not used (yet)."""
        import marshal
        import os
        import tempfile

        with self.lock:
            if self.path is None or not self.new:
                return False
            path, entries = self.path, {**self.loaded, **self.used} if keep_loaded else dict(self.used)
            self.new = False
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".store-", dir=path.parent)
            with os.fdopen(fd, "wb") as handle:
                marshal.dump((self._tag(), entries), handle)
            os.replace(tmp, path)
            return True
        except (OSError, ValueError):  # a read-only or full disk: the next start derives again
            return False


# ------------------------------------------------------------------------ compiled regexes across starts

# What Python's `re` compiles for the shipped rule and empathy data takes ~0.5 s of CPU per language at
# start-up, and `re` keeps nothing across processes. `klarsvar serve` keeps the compiled form (the opcode
# list `re` hands to its C engine) of the data regexes made through `stored_regex` in a file of its cache
# folder, so a later start skips the parsing. The key is the exact regex source and flags, so changed data
# simply misses, and an entry the engine refuses is compiled anew. Off unless the server turns it on (tests
# and the command line never touch the disk).
_REGEX_STORE_VERSION = 2


def _regex_engine_tag() -> tuple:
    """What the stored compiled forms depend on: this exact Python build and its `re` engine."""
    import sys

    import _sre

    return (_REGEX_STORE_VERSION, sys.version, sys.implementation.cache_tag, _sre.MAGIC, _sre.CODESIZE)


REGEX_STORE = _StoreFile(_regex_engine_tag)


def enable_regex_store(path) -> None:
    """Turn the regex store on with the file at `path`, reading what an earlier start kept (if usable)."""
    REGEX_STORE.enable(path)


def disable_regex_store() -> None:
    """Turn the regex store off and forget its entries (tests)."""
    REGEX_STORE.disable()


def save_regex_store(keep_loaded: bool = False) -> bool:
    """Write the compiled forms this process used to the store file when it made new ones (with
    `keep_loaded`, also the file's entries this process has not used)."""
    return REGEX_STORE.save(keep_loaded)


# Rule entries compile their own regex the first time a check needs it, after the warm-up has saved the store:
# saved a little later too, the next start's first check finds them there (~0.1-0.2 s of CPU otherwise).
STORE_SAVE_DELAY_SECONDS = 5.0
_later_lock = threading.Lock()
_later_timer: threading.Timer | None = None


def save_regex_store_later(delay: float = STORE_SAVE_DELAY_SECONDS) -> None:
    """Save the regex store `delay` seconds from now (once) if this process compiled new data regexes."""
    global _later_timer
    if REGEX_STORE.path is None or not REGEX_STORE.new:
        return
    with _later_lock:
        if _later_timer is not None:
            return
        _later_timer = threading.Timer(delay, _save_regex_store_now)
        _later_timer.daemon = True
        _later_timer.start()


def _save_regex_store_now() -> None:
    """The delayed save: what earlier starts kept stays (another start may have used other entries)."""
    global _later_timer
    with _later_lock:
        _later_timer = None
    save_regex_store(keep_loaded=True)


def stored_regex(source: str, flags: int = 0):
    """`re.compile(source, flags)`, served from the store's compiled form when it is on and has one."""
    import re

    flags = int(flags)
    if REGEX_STORE.path is None:
        return re.compile(source, flags)
    import _sre

    key = (source, flags)
    form = REGEX_STORE.loaded.get(key)
    if form is not None:
        try:
            pattern = _sre.compile(source, *_unpacked(form))
            REGEX_STORE.used[key] = form
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
    REGEX_STORE.keep(key, form)
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


# ------------------------------------------------------------------------ derived data across starts

# Beside the compiled regexes, start-up spends ~0.5 s of CPU deriving the same plain data from the same files
# every time: parsing the rule YAML, turning phrase patterns into regex source, reading the English syllable
# table. `klarsvar serve` keeps such values (dicts, lists, tuples, strings, numbers: what `marshal` writes)
# in a second file of its cache folder, keyed by what they are derived from (the file's text or its size and
# time, and a fingerprint of the code that derives them), so changed data or code simply misses. Off unless
# the server turns it on.
_DATA_STORE_VERSION = 1


def _data_tag() -> tuple:
    """What stored derived data depends on besides its keys: the format and the Python build."""
    import sys

    return (_DATA_STORE_VERSION, sys.version)


DATA_STORE = _StoreFile(_data_tag)


def enable_data_store(path) -> None:
    """Turn the data store on with the file at `path`, reading what an earlier start kept (if usable)."""
    DATA_STORE.enable(path)


def disable_data_store() -> None:
    """Turn the data store off and forget its entries (tests; the server once its warm-up has saved it)."""
    DATA_STORE.disable()


def save_data_store() -> bool:
    """Write the derived data this process used to the store file when it made new ones."""
    return DATA_STORE.save()


def stored_data(kind: str, key, build):
    """`build()`, or the value an earlier start stored for (`kind`, `key`) while the store is on.

    `key` must name everything the value depends on (hash the source text with `fingerprint`); values
    `marshal` cannot write are returned and not stored. Callers must not change what they get back."""
    if DATA_STORE.path is None:
        return build()
    full = (kind, key)
    value = DATA_STORE.loaded.get(full, _MISSING)
    if value is not _MISSING:
        DATA_STORE.used[full] = value
        return value
    value = build()
    import marshal

    try:
        marshal.dumps(value)
    except ValueError:  # not plain data (a date parsed from YAML, an object): use it, do not store it
        return value
    DATA_STORE.keep(full, value)
    return value


def fingerprint(*parts: str | bytes) -> str:
    """A short digest of texts (a file's contents, the source of the code deriving from it) for a store key."""
    import hashlib

    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part)
        digest.update(b"\x00")
    return digest.hexdigest()
