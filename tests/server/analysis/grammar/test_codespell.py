"""The offline English speller on codespell's list of common misspellings (issue 20).

The sample (tests/data/codespell_sample.tsv, 1,000 entries, CC BY-SA 3.0; made by
scripts/measure_codespell.py, which says what was left out and why) is checked word by word the way a check
judges a new word: the bare word through `OfflineSpelling.check_spans`, every word judged now. Three
figures: misspellings flagged, flagged with codespell's correction first, corrections flagged.

Issue 20's targets are ≥ 98 %, ≥ 90 % and ≤ 1 %. The third holds; the first two do not yet (see
docs/quality/spelling.md, "codespell's misspelling list"): they are strict expected failures, so the day they
hold the test says so, and floors at today's figures guard against going back.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from klarsvar.analysis.grammar.spelling import OfflineSpelling, SpellingContext, load_spellers

ROOT = Path(__file__).resolve().parents[4]
SAMPLE = ROOT / "tests" / "data" / "codespell_sample.tsv"

# Measured on the committed sample (docs/quality/spelling.md): 90.8 %, 84.8 %, 0 %.
DETECTED_FLOOR = 0.90
RIGHT_FIRST_FLOOR = 0.84


def sample() -> list[tuple[str, str]]:
    rows = [line.split("\t") for line in SAMPLE.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    assert all(len(row) == 2 for row in rows)
    return [(typo, correction) for typo, correction in rows]


@pytest.fixture(scope="module")
def figures() -> dict[str, float]:
    """The three rates over the sample, measured once for the module (a few seconds)."""
    spellers, problems = load_spellers()
    assert "en" in spellers, problems
    spelling = OfflineSpelling(spellers)
    context = SpellingContext(language="en", ignored_words=frozenset(), blocked_spans=[], name_spans=[])

    def finding(word: str):
        found, _ = spelling.check_spans(word, [(0, len(word))], context, deadline=time.monotonic() + 30,
                                        suggest_seconds=5, word_seconds=5)
        return found[0] if found else None

    rows = sample()
    detected = right_first = corrections_flagged = 0
    for typo, correction in rows:
        hit = finding(typo)
        detected += hit is not None
        right_first += hit is not None and hit.replacements[:1] == (correction,)
        corrections_flagged += finding(correction) is not None
    n = len(rows)
    return {"n": n, "detected": detected / n, "right_first": right_first / n,
            "corrections_flagged": corrections_flagged / n}


def test_the_sample_is_a_fixed_sample_of_at_least_500_plain_entries():
    rows = sample()
    assert len(rows) >= 500
    assert len(set(rows)) == len(rows)
    assert all(typo.replace("'", "").isalpha() and typo.islower() for typo, _ in rows)
    assert "Creative Commons Attribution-Share-Alike License 3.0" in SAMPLE.read_text(encoding="utf-8")[:2000]


def test_corrections_are_not_flagged(figures):
    """Issue 20: ≤ 1 % of the corrections flagged."""
    assert figures["corrections_flagged"] <= 0.01, figures


def test_detection_and_first_suggestion_do_not_fall_below_todays_figures(figures):
    assert figures["detected"] >= DETECTED_FLOOR, figures
    assert figures["right_first"] >= RIGHT_FIRST_FLOOR, figures


@pytest.mark.xfail(strict=True, reason="issue 20's target; 90.8 % today (docs/quality/spelling.md)")
def test_at_least_98_percent_of_the_misspellings_are_flagged(figures):
    assert figures["detected"] >= 0.98, figures


@pytest.mark.xfail(strict=True, reason="issue 20's target; 84.8 % today (docs/quality/spelling.md)")
def test_at_least_90_percent_have_the_correction_as_first_suggestion(figures):
    assert figures["right_first"] >= 0.90, figures
