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

import importlib

# Imported on first use: a check that only needs `grammar.spelling`'s word tables (the typo reader) should not
# pay for the service, LanguageTool's client and `requests` at start-up.
_LAZY = {"GrammarService": "service", "GrammarSettings": "service", "create_service": "service",
         "split_paragraphs": "service"}

__all__ = ["GrammarService", "GrammarSettings", "create_service", "install_languagetool",
           "languagetool_status", "split_paragraphs"]


def install_languagetool(*args, **kwargs):
    """`install.install_languagetool` (imported when called)."""
    from .install import install_languagetool as install

    return install(*args, **kwargs)


def languagetool_status(*args, **kwargs):
    """`install.languagetool_status` (imported when called)."""
    from .install import languagetool_status as status

    return status(*args, **kwargs)


def __getattr__(name: str):
    """The public names, imported from their module the first time they are asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names, the lazy ones included."""
    return sorted(set(globals()) | set(__all__))
