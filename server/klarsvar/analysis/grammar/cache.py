"""A small thread-safe LRU cache for per-paragraph LanguageTool results."""

from __future__ import annotations

import threading
from collections import OrderedDict


class LRUCache:
    """Least-recently-used mapping with a size limit; safe to share between request and worker threads."""

    def __init__(self, max_entries: int = 2000) -> None:
        self.max_entries = max_entries
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key):
        """The cached value for `key` (and mark it recently used), or None."""
        with self._lock:
            value = self._items.get(key)
            if value is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key, value) -> None:
        """Store `value` under `key`, evicting the least recently used entries beyond the limit."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget everything (e.g. when the LanguageTool server changes)."""
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)
