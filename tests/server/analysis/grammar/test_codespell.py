"""The offline English speller on codespell's list of common misspellings (issue 20).

Two fixed samples (CC BY-SA 3.0; made by scripts/measure_codespell.py, which says what was left out and why):
tests/data/codespell_sample.tsv, 1,000 entries the ranking was tuned on, and codespell_heldout.tsv, 1,000
others drawn before that tuning (its misses were listed once, to sort them into classes, in issue 20's third
step; nothing was set on its entries). Each is checked word by word the way a
check judges a new word: the bare word through `OfflineSpelling.check_spans`, every word judged now. Three
figures: misspellings flagged, flagged with codespell's correction first, corrections flagged.

Issue 20's targets are ≥ 98 %, ≥ 90 % and ≤ 1 %, asserted on the tuning sample (docs/quality/spelling.md,
"codespell's misspelling list"). Floors a little under today's figures guard the held-out sample, where
detection is 97.1 %: the 98 % holds on the tuning sample only.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from klarsvar.analysis.grammar.spelling import OfflineSpelling, SpellingContext, load_spellers

ROOT = Path(__file__).resolve().parents[4]
SAMPLE = ROOT / "tests" / "data" / "codespell_sample.tsv"
HELDOUT = ROOT / "tests" / "data" / "codespell_heldout.tsv"

# Floors a little under the figures measured on the held-out sample (docs/quality/spelling.md):
# tuning sample 98.2 % / 92.7 % / 0 %, held-out 97.1 % / 91.3 % / 0 %.
HELDOUT_DETECTED_FLOOR = 0.965
HELDOUT_RIGHT_FIRST_FLOOR = 0.905


def sample(path: Path = SAMPLE) -> list[tuple[str, str]]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert all(len(row) == 2 for row in rows)
    return [(typo, correction) for typo, correction in rows]


@pytest.fixture(scope="module")
def spelling() -> OfflineSpelling:
    spellers, problems = load_spellers()
    assert "en" in spellers, problems
    return OfflineSpelling(spellers)


def measure(spelling: OfflineSpelling, rows: list[tuple[str, str]]) -> dict[str, float]:
    """The three rates over `rows` (~10–30 s for 1,000 entries)."""
    context = SpellingContext(language="en", ignored_words=frozenset(), blocked_spans=[], name_spans=[])

    def finding(word: str):
        found, _ = spelling.check_spans(word, [(0, len(word))], context, deadline=time.monotonic() + 30,
                                        suggest_seconds=5, word_seconds=5)
        return found[0] if found else None

    detected = right_first = corrections_flagged = 0
    for typo, correction in rows:
        hit = finding(typo)
        detected += hit is not None
        right_first += hit is not None and hit.replacements[:1] == (correction,)
        corrections_flagged += finding(correction) is not None
    n = len(rows)
    return {"n": n, "detected": detected / n, "right_first": right_first / n,
            "corrections_flagged": corrections_flagged / n}


@pytest.fixture(scope="module")
def figures(spelling) -> dict[str, float]:
    """The three rates over the tuning sample, measured once for the module."""
    return measure(spelling, sample())


@pytest.fixture(scope="module")
def heldout_figures(spelling) -> dict[str, float]:
    """The three rates over the held-out sample, measured once for the module."""
    return measure(spelling, sample(HELDOUT))


@pytest.mark.parametrize("path", [SAMPLE, HELDOUT])
def test_the_samples_are_fixed_samples_of_at_least_500_plain_entries(path):
    rows = sample(path)
    assert len(rows) >= 500
    assert len(set(rows)) == len(rows)
    assert all(typo.replace("'", "").isalpha() and typo.islower() for typo, _ in rows)
    assert "Creative Commons Attribution-Share-Alike License 3.0" in path.read_text(encoding="utf-8")[:2000]


def test_the_held_out_sample_shares_no_entry_with_the_tuning_sample():
    assert not set(sample(SAMPLE)) & set(sample(HELDOUT))


def test_corrections_are_not_flagged(figures):
    """Issue 20: ≤ 1 % of the corrections flagged."""
    assert figures["corrections_flagged"] <= 0.01, figures


def test_at_least_98_percent_of_the_misspellings_are_flagged(figures):
    """Issue 20: ≥ 98 % of the misspellings flagged."""
    assert figures["detected"] >= 0.98, figures


def test_at_least_90_percent_have_the_correction_as_first_suggestion(figures):
    """Issue 20: ≥ 90 % with codespell's correction as the first suggestion."""
    assert figures["right_first"] >= 0.90, figures


@pytest.mark.timeout(600)
def test_the_held_out_sample_holds_up(heldout_figures):
    """The figures on entries the ranking was never tuned on: no corrections flagged, floors at today's."""
    assert heldout_figures["corrections_flagged"] <= 0.01, heldout_figures
    assert heldout_figures["detected"] >= HELDOUT_DETECTED_FLOOR, heldout_figures
    assert heldout_figures["right_first"] >= HELDOUT_RIGHT_FIRST_FLOOR, heldout_figures
