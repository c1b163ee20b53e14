"""Issue 14: a stock phrase with a one-letter typo in it still gets its finding, on the text as typed."""

from __future__ import annotations

import timeit

import pytest

from klarsvar.analysis.rules import checking
from klarsvar.analysis.rules.typos import TypoIndex, _one_edit, corrected_text, mapped_findings
from klarsvar.analysis.findings import Finding

STILL_FOUND = [
    # (language, text, rule, flagged text as typed)
    ("en", "Sorry for the inconvenince. Have a nice day.", "en.sympathy.sorry_for_inconvenience",
     "Sorry for the inconvenince"),
    ("en", "We apologise for any inconvenince caused.", "en.sympathy.sorry_for_inconvenience",
     "We apologise for any inconvenince caused"),
    ("en", "We apologise for any incovnenience caused.", "en.sympathy.sorry_for_inconvenience",
     "We apologise for any incovnenience caused"),  # two letters swapped
    ("en", "Hi Sam, thank you for contactng us. The parcel left today.", "en.standard_answer.thank_you_for_contacting",
     "thank you for contactng us"),
    ("en", "Sorry for the INCONVENINCE. Have a nice day.", "en.sympathy.sorry_for_inconvenience",
     "Sorry for the INCONVENINCE"),
    ("da", "Vi beklager ulejlighedn.", "da.sympathy.beklager_ulejligheden", "Vi beklager ulejlighedn"),
    ("da", "Vi beklagger ulejligheden.", "da.sympathy.beklager_ulejligheden", "Vi beklagger ulejligheden"),
]

STAYS_QUIET = [
    # The same conditions hold through a typo: an action in the next sentence keeps the apology quiet.
    ("en", "Sorry for the inconvenince, I've sent a new one today."),
    # Something specific after the opener.
    ("en", "Thanks for reachng out about the refund."),
    # A real word one letter from a phrase word is not corrected ("confusing" is no typo of "confusion").
    ("en", "Sorry for the confusing label. Have a nice day."),
    # Two typos in one word are not read as the phrase.
    ("en", "Sorry for the inconvnince. Have a nice day."),
]


@pytest.mark.parametrize("language,text,rule,flagged", STILL_FOUND)
def test_a_one_letter_typo_does_not_hide_the_stock_phrase(language, text, rule, flagged):
    found = [f for f in checking.find(text, language) if f.rule == rule]
    assert len(found) == 1, checking.find(text, language)
    assert found[0].text == flagged
    assert text[found[0].start:found[0].end] == flagged


@pytest.mark.parametrize("language,text", STAYS_QUIET)
def test_the_typo_reading_keeps_the_rules_conditions(language, text):
    assert not [f for f in checking.find(text, language) if f.category in {"sympathy", "standard_answer"}]


def test_the_correctly_spelt_phrase_is_found_once():
    text = "Sorry for the inconvenience. Sorry for the inconvenince. Have a nice day."
    found = [f for f in checking.find(text, "en") if f.category == "sympathy"]
    assert [(f.start, f.end) for f in found] == [(0, 27), (29, 55)]


def test_one_edit():
    assert _one_edit("inconvenince", "inconvenience")
    assert _one_edit("incovnenience", "inconvenience")
    assert _one_edit("inconveniance", "inconvenience")
    assert not _one_edit("inconvnince", "inconvenience")
    assert not _one_edit("inconvenience", "inconvenience")


def test_a_listed_word_is_never_read_as_a_typo():
    index = TypoIndex(frozenset({"confusion", "contacting"}), "en")
    assert index.correction("contactng") == "contacting"
    assert index.correction("confusing") is None  # a word of its own
    assert index.correction("Confusion") is None  # the phrase word itself


def test_spans_map_back_to_the_text_as_typed():
    text = "Oh no, sorry for the inconvenince here."
    fixes = [(21, 33, "inconvenience")]
    fixed = corrected_text(text, fixes)
    start = fixed.index("sorry")
    end = fixed.index(" here")
    mapped = mapped_findings([Finding(category="sympathy", rule="r", severity="warning", message="m",
                                      start=start, end=end, text=fixed[start:end])], fixes, text)
    assert [(f.start, f.end, f.text) for f in mapped] == [(7, 33, "sorry for the inconvenince")]


def test_the_typo_reading_costs_little_on_a_300_word_reply():
    """Checking a 300-word reply with a typo in it takes at most a little longer than without any (the
    second rules run happens only when a phrase word has a one-letter typo)."""
    clean = ("Thanks for your patience while we looked into the delivery of your order. " * 22).strip()
    typo = clean + " Sorry for the inconvenince."
    checking.find(clean, "en"), checking.find(typo, "en")  # warm the engine and the index
    plain = min(timeit.repeat(lambda: checking.find(clean + " Sorry for the inconvenience.", "en"),
                              number=5, repeat=3))
    with_typo = min(timeit.repeat(lambda: checking.find(typo, "en"), number=5, repeat=3))
    assert with_typo < plain * 3 + 0.05, (plain, with_typo)


def test_a_huge_token_is_not_searched_for_typos():
    """A pasted 50,000-letter token is no typo of a phrase word: it is skipped, not cut into 50,000 deletes."""
    index = TypoIndex(frozenset({"inconvenience"}), "en")
    assert index.correction("b" * 49_999) is None
    started = timeit.default_timer()
    checking.find("Sorry for the " + "b" * 49_999, "en")
    assert timeit.default_timer() - started < 0.5
