"""The finding model shared by every check kind."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

CATEGORIES = (
    "grammar",
    "spelling",
    "internal_language",
    "plain_language",
    "nominal_style",
    "passive",
    "negative_phrasing",
    "sympathy",
    "apologies",
    "missing_acknowledgement",
    "standard_answer",
    "personal_touch",
    "long_sentence",
    "readability",
)
SEVERITIES = ("error", "warning", "suggestion")

# Replacements beyond this many only clutter the panel.
MAX_REPLACEMENTS = 5


@dataclass(frozen=True)
class Finding:
    """One thing to improve. Offsets are Python code-point offsets; the wire layer converts to UTF-16."""

    category: str
    rule: str
    severity: str
    message: str
    start: int | None = None
    end: int | None = None
    text: str | None = None
    replacements: tuple[str, ...] = ()
    source: str = "klarsvar"
    id: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.category not in CATEGORIES:
            raise ValueError(f"unknown category {self.category!r}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")
        if (self.start is None) != (self.end is None):
            raise ValueError("start and end must both be set or both be None")
        if len(self.replacements) > MAX_REPLACEMENTS:
            object.__setattr__(self, "replacements", tuple(self.replacements[:MAX_REPLACEMENTS]))

    @property
    def is_document_level(self) -> bool:
        """Whether the finding is about the whole reply rather than a span."""
        return self.start is None

    def with_id(self, occurrence: int) -> Finding:
        """Return a copy whose id is stable for the same rule on the same words (n-th occurrence)."""
        key = f"{self.rule}\x00{(self.text or '').casefold()}\x00{occurrence}"
        found_id = hashlib.blake2s(key.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()
        if type(self) is not Finding:
            return replace(self, id=found_id)
        # The same fields as `dataclasses.replace(self, id=…)` gives (they passed `__post_init__` already, and
        # it changes nothing twice), without building the instance again: every check numbers every finding.
        copied = object.__new__(Finding)
        copied.__dict__.update(self.__dict__, id=found_id)
        return copied


def finalize(findings: list[Finding]) -> list[Finding]:
    """Sort findings by position (document-level first), drop exact duplicates and assign stable ids."""
    seen: set[tuple] = set()
    unique: list[Finding] = []
    for f in findings:
        key = (f.rule, f.start, f.end)
        if key in seen:
            continue
        seen.add(key)
        unique.append(f)
    unique.sort(key=lambda f: (-1 if f.start is None else f.start, -1 if f.end is None else f.end, f.rule))
    occurrences: dict[tuple[str, str], int] = {}
    out = []
    for f in unique:
        k = (f.rule, (f.text or "").casefold())
        n = occurrences.get(k, 0)
        occurrences[k] = n + 1
        out.append(f.with_id(n))
    return out


@dataclass
class GrammarStatus:
    """Which grammar engine answered and whether it finished within its budget."""

    engine: str = "none"
    complete: bool = True
