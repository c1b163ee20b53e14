"""Grammar and spelling behind one interface. (Placeholder: the grammar work replaces this.)

Contract used by the API layer and the pipeline:
- `create_service(settings: GrammarSettings) -> GrammarService`, cheap and non-blocking;
- `service.start()` begins any slow start-up (a local LanguageTool) in the background;
- `service.status() -> dict` with `engine`, `mode`, `ready`, `detail` (what `/v1/health` shows);
- `service.check(doc) -> (list[Finding], GrammarStatus)`, never slower than the time budget;
- `service.close()`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..pipeline import GrammarStatus


@dataclass(frozen=True)
class GrammarSettings:
    """How grammar should run: `mode` is 'off', 'local', 'remote' or 'auto'."""

    mode: str = "auto"
    url: str | None = None
    budget_seconds: float = 1.5


class GrammarService:
    """No grammar engine yet: reports so honestly."""

    def __init__(self, settings: GrammarSettings) -> None:
        self.settings = settings

    def start(self) -> None:
        """Start background work (nothing yet)."""

    def status(self) -> dict:
        """Describe the engine for `/v1/health`."""
        return {"engine": "none", "mode": "off", "ready": False, "detail": "No grammar engine is configured yet."}

    def check(self, doc):
        """Return grammar findings for `doc` and the engine status."""
        return [], GrammarStatus(engine="none", complete=True)

    def close(self) -> None:
        """Release resources."""


def create_service(settings: GrammarSettings | None = None) -> GrammarService:
    """Create the grammar service for `settings`."""
    return GrammarService(settings or GrammarSettings())
