"""Grammar and spelling behind one interface (LanguageTool local/remote; offline: Hunspell spelling, Harper and
Klarsvar's own rules for grammar).

Contract used by the API layer and the pipeline:
- `create_service(settings: GrammarSettings) -> GrammarService`, cheap and non-blocking;
- `service.start()` begins any slow start-up (dictionaries, a local LanguageTool) in the background;
- `service.status() -> dict` with `engine`, `mode`, `ready`, `detail`, `engines` (what `/v1/health` shows);
- `service.engines -> list[dict]`: each engine's `name`, `role`, `languages`, `ready`, `fallback`;
- `service.check(doc) -> (list[Finding], GrammarStatus)`, never slower than the time budget;
- `service.close()`.
For the CLI: `install_languagetool(directory=None, url=None)` and `languagetool_status()`.
"""

from __future__ import annotations

from .install import install_languagetool, languagetool_status
from .service import GrammarService, GrammarSettings, create_service, split_paragraphs

__all__ = ["GrammarService", "GrammarSettings", "create_service", "install_languagetool",
           "languagetool_status", "split_paragraphs"]
