"""A circuit breaker so a dead or failing LanguageTool is not called on every keystroke pause."""

from __future__ import annotations

import threading
import time


class CircuitBreaker:
    """Closed → (N consecutive failures) → open for `cooldown` s → half-open (one probe) → closed or open."""

    def __init__(self, threshold: int = 3, cooldown_seconds: float = 30.0, clock=time.monotonic) -> None:
        self.threshold = max(1, threshold)
        self.cooldown_seconds = cooldown_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._failures = 0
        self._opened_at: float | None = None
        self._probe_in_flight = False
        self.last_failure: str | None = None

    @property
    def state(self) -> str:
        """'closed', 'open' or 'half_open'."""
        with self._lock:
            return self._state_locked()

    def _state_locked(self) -> str:
        if self._opened_at is None:
            return "closed"
        if self._clock() - self._opened_at >= self.cooldown_seconds:
            return "half_open"
        return "open"

    def seconds_until_retry(self) -> float:
        """How long the breaker stays open (0 when closed or ready for a probe)."""
        with self._lock:
            if self._opened_at is None:
                return 0.0
            return max(0.0, self.cooldown_seconds - (self._clock() - self._opened_at))

    def allow(self) -> bool:
        """Whether a call may go out now; in half-open state only one probe at a time is let through."""
        with self._lock:
            state = self._state_locked()
            if state == "closed":
                return True
            if state == "half_open" and not self._probe_in_flight:
                self._probe_in_flight = True
                return True
            return False

    def record_success(self) -> None:
        """A call succeeded: close the breaker."""
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._probe_in_flight = False
            self.last_failure = None

    def record_failure(self, reason: str) -> None:
        """A call failed (down, timeout, 5xx, garbage): count it and open after `threshold` in a row."""
        with self._lock:
            self._failures += 1
            self.last_failure = reason
            if self._probe_in_flight or self._failures >= self.threshold:
                self._opened_at = self._clock()
            self._probe_in_flight = False

    @property
    def consecutive_failures(self) -> int:
        """Failures since the last success."""
        with self._lock:
            return self._failures
