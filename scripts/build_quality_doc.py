"""Assemble docs/quality.md from the per-area reports in docs/quality/ (run: make quality-doc)."""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"
# Order: what an agent meets first, then the measurements behind it.
SECTIONS = ["findings", "readability", "lexicon-da", "lexicon-en", "empathy", "spelling", "grammar", "rewrite", "model-rewrite", "blind"]
HEADER = """# Quality

How often Klarsvar is right, measured — not assumed. Each section below is kept beside the code it
measures, in `docs/quality/<area>.md`, and assembled here by `make quality-doc` (a test fails when this
file is stale). The first section judges the findings by hand on the shared corpus of real replies; the
others measure false-alarm rates on replies the team wrote and held out from tuning, and on real public
Danish and English text installable from Debian and PyPI; each section says which.
"""


def _demote(lines: list[str]):
    """Headings one level down (outside code fences)."""
    fenced = False
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
        yield "#" + line if line.startswith("#") and not fenced else line


def build() -> str:
    """The text of docs/quality.md."""
    parts = [HEADER]
    for name in SECTIONS:
        path = DOCS / "quality" / f"{name}.md"
        if path.exists():
            body = path.read_text(encoding="utf-8").strip()
            # Demote every heading one level so the sections nest under this page's title.
            body = "\n".join(_demote(body.splitlines()))
            parts.append(f"<!-- from docs/quality/{name}.md -->\n{body}\n")
    return "\n".join(parts)


if __name__ == "__main__":
    target = DOCS / "quality.md"
    if "--check" in sys.argv:
        sys.exit(0 if target.exists() and target.read_text(encoding="utf-8") == build() else 1)
    target.write_text(build(), encoding="utf-8")
    print(f"wrote {target}")
