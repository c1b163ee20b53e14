"""Issue 17: the positions where a rule without a first-character index may match, looked for in one stretch of
a text (a paragraph typed in), are exactly those a search of the whole text finds in that stretch, also where a
match starts in the stretch and reads on past its end."""

from __future__ import annotations

import pytest

from benchmarks.texts import draft
from klarsvar.analysis.rules import checking


def _searched(engine, text: str, lo: int, hi: int) -> list[int]:
    """The positions in [lo, hi) a search of the whole text for the engine's scan finds (the reference)."""
    found, pos = [], lo
    while True:
        m = engine._anywhere_scan.search(text, pos)
        if m is None or m.start() >= hi:
            return found
        found.append(m.start())
        pos = m.start() + 1


@pytest.mark.parametrize("language", ["da"])
def test_a_stretch_has_the_positions_of_a_whole_text_search(language):
    engine = checking._language_engine(language)
    assert engine._anywhere_scan is not None  # Danish has rules that may match anywhere
    examples = [x.text for m in engine._anywhere for x in m.entry.examples if x.kind == "bad"]
    text = " ".join([draft(language, 120), *examples[:8], draft(language, 60)])
    matches = _searched(engine, text, 0, len(text))
    assert matches  # the examples give the scan something to find
    stretches = [(0, len(text) // 2), (len(text) // 3, len(text) - 1)]
    # Stretches ending inside, right after and one character past the start of each found match.
    stretches += [(max(0, at - 40), at + k) for at in matches for k in (0, 1, 2)]
    for lo, hi in stretches:
        assert engine._anywhere_starts(text, lo, hi) == _searched(engine, text, lo, hi), (lo, hi)
    assert engine._anywhere_starts(text) == matches
