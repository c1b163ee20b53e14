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
