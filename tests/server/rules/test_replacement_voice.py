"""A replacement that says "me" in a sentence that says "we" says "us" (issue 14: a swap in the reply's own voice)."""

import pytest

from klarsvar.analysis.document import Document
from klarsvar.analysis.rules import checking

pytestmark = pytest.mark.timeout(60)


def _replacements(reply: str, rule: str, language: str = "en") -> list[tuple[str, ...]]:
    doc = Document(text=reply, language=language, channel="chat")
    return [f.replacements for f in checking.check(doc) if f.rule == rule]


def test_let_me_know_becomes_let_us_know_beside_we():
    found = _replacements("Hi, we are checking on this. Please advise if we can call you now.^TK",
                          "en.plain_language.please_advise")
    assert found == [("Please let us know",)]


def test_a_sentence_without_we_keeps_me():
    assert _replacements("Please advise which size you would like.", "en.plain_language.please_advise") == [
        ("Please let me know",)]
    # "I" elsewhere in the sentence: the writer is one person.
    found = _replacements("Please advise if I can call you and we will sort it.", "en.plain_language.please_advise")
    assert found == [("Please let me know",)]


def test_the_country_is_not_we():
    assert _replacements("Please advise if the parcel can go to the US.", "en.plain_language.please_advise") == [
        ("Please let me know",)]


def test_danish_jeg_becomes_vi_beside_vores_but_not_where_the_flagged_words_say_jeg():
    found = _replacements("Vi beklager ulejligheden, og vi vender tilbage snarest.", "da.sympathy.beklager_ulejligheden",
                          "da")
    assert found and all(r.startswith("Vi ") for r in found[0])
    found = _replacements("Det er vores fejl, og det er jeg ked af.", "da.sympathy.ked_af_at_hoere", "da")
    assert found and all(not r.startswith("Vi ") for rs in found for r in rs)
