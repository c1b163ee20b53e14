"""Issue 5's acceptance lines on the real Danish and English rule data (not fixtures)."""

from pathlib import Path

import pytest

from klarsvar.analysis import rules

DATA = Path(__file__).resolve().parents[2] / "data"
LEXICON = ("internal_language", "plain_language", "nominal_style", "passive")


def lexicon_findings(text, language):
    """Findings of the four lexicon families only."""
    return [f for f in rules.find(text, language) if f.rule.split(".")[1] in LEXICON]


def test_inflected_and_compound_danish_forms_are_caught():
    text = ("Sagsbehandleren eskalerer sagen i morgen. Eskaleringen tager tid, fordi ERP-systemet er nede, "
            "og din sag er eskaleret til 2nd level.")
    caught = {f.text.lower() for f in lexicon_findings(text, "da")}
    for form in ("sagsbehandleren", "eskaleringen", "erp-systemet"):
        assert any(form in c for c in caught), (form, caught)
    assert any("eskaleret" in c for c in caught) and any("eskalerer" in c for c in caught)


@pytest.mark.parametrize("text, language", [
    ("Tak for din besked, Maria. Jeg sender en ny pakke i dag.", "da"),
    ("Thanks for your message, Maria. I'm sending a new parcel today.", "en"),
])
def test_an_ordinary_friendly_reply_gets_no_lexicon_finding(text, language):
    assert lexicon_findings(text, language) == []


@pytest.mark.parametrize("language", ["da", "en"])
def test_friendly_replies_carry_no_internal_language(language):
    replies = [r for r in (DATA / f"friendly_replies_{language}.txt").read_text(encoding="utf-8").split("\n\n")
               if r.strip()]
    flagged = [(r, f.text) for r in replies for f in rules.find(r, language) if f.category == "internal_language"]
    assert flagged == []
