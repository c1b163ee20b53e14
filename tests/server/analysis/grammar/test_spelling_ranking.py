"""Suggestion ranking (issue 20): a word-frequency prior with a noisy-channel error model in both languages,
the common Danish slips first, abbreviations with their dotted form, and the new classes of evidence."""

from __future__ import annotations

import time

import pytest

from klarsvar.analysis.document import Document
from klarsvar.analysis.grammar import spelling as spelling_module
from klarsvar.analysis.grammar.spelling import OfflineSpelling, SpellingContext, load_spellers


@pytest.fixture(scope="module")
def spelling():
    spellers, problems = load_spellers()
    assert set(spellers) == {"da", "en"}, problems
    return OfflineSpelling(spellers)


def findings(spelling, text: str, language: str) -> list[tuple[str, tuple[str, ...]]]:
    """(word, replacements) of the spelling findings in `text`, every new word judged now."""
    doc = Document(text=text, language=language)
    found, _ = spelling.check_spans(text, [(0, len(text))], SpellingContext.from_document(doc),
                                    deadline=time.monotonic() + 30, suggest_seconds=30, word_seconds=5)
    return [(f.text, f.replacements) for f in found]


def first_suggestion(spelling, text: str, language: str, word: str) -> str | None:
    hits = [replacements for found, replacements in findings(spelling, text, language) if found == word]
    return hits[0][0] if hits and hits[0] else None


@pytest.mark.parametrize("text, word, intended", [
    ("We are concered about the delay.", "concered", "concerned"),   # conceded is one slip too, but rare
    ("Please check the imput field.", "imput", "input"),              # impute
    ("The parcel has srunk in the wash.", "srunk", "shrunk"),          # crunk, a rare word, is the only likeliest
    ("I was usin the old app.", "usin", "using"),                     # a dropped g without its apostrophe
    ("We agreeed to refund you.", "agreeed", "agreed"),               # a tripled vowel inside a known word
    ("This is unnessasarily slow.", "unnessasarily", "unnecessarily"),  # three cheap slips in a long word
    ("Apologies for the inconvience caused.", "inconvience", "inconvenience"),
])
def test_english_first_suggestion_is_the_likelier_common_word(spelling, text, word, intended):
    assert first_suggestion(spelling, text, "en", word) == intended


@pytest.mark.parametrize("text", [
    "We're holdin' on to your parcel.",      # a dropped g with its apostrophe is on purpose
    "Pleeease let us know!",                 # emphasis: "pleease" is no word
    "That mixtapes page is here.",           # two common words run together: a compound, not a slip
])
def test_english_wording_that_stays_quiet(spelling, text):
    assert findings(spelling, text, "en") == []


@pytest.mark.parametrize("text, word, intended", [
    ("Vi kan hjaelpe dig.", "hjaelpe", "hjælpe"),            # æ typed as ae
    ("Vi ses paa mandag.", "paa", "på"),                      # å typed as aa
    ("Vi har sendt kundene en mail.", "kundene", "kunderne"),  # -ene/-erne
    ("Varen er desværre udsolg.", "udsolg", "udsolgt"),       # an ending left off (not udsalg)
    ("Du får pengen tilbage.", "pengen", "pengene"),          # a common word before a rare compound
    ("Vi har bla sendt varen.", "bla", "bl.a."),              # abbreviations get their dotted form
    ("Det gælder fks din ordre.", "fks", "f.eks."),
    ("Det er inkl moms.", "inkl", "inkl."),
])
def test_danish_first_suggestion_is_the_common_slip(spelling, text, word, intended):
    assert first_suggestion(spelling, text, "da", word) == intended


def test_a_dotted_abbreviation_missing_a_stop_keeps_the_stop_in_the_text(spelling):
    """ "bla." → replace "bla" with "bl.a": the full stop after it stays, so the result is "bl.a." """
    assert findings(spelling, "Vi har bla. sendt varen.", "da") == [("bla", ("bl.a",))]


@pytest.mark.parametrize("text", [
    "Bla bla bla, det ved vi godt.",        # a short word said twice is an interjection
    "Prisen er inkl. moms, dvs. alt i alt.",
    "Vi har bl.a. sendt varen, f.eks. i går.",
    "Vi ses på mandag, evt. tirsdag.",
    # A compound with "nr." for "nummer" (fifth drafts: both judges called the flags false alarms).
    "Skriv dit ordrenr. FI-203387 i emnefeltet.",
    "Printpladen (varenr. 00754871) er i restordre.",
])
def test_danish_wording_that_stays_quiet(spelling, text):
    assert findings(spelling, text, "da") == []


def test_every_dotted_abbreviation_is_a_dictionary_word(spelling):
    speller = spelling.spellers["da"]
    table = spelling_module.dotted_abbreviations("da")
    assert len(table) >= 10
    for undotted, dotted in table.items():
        assert speller.is_known(dotted, compounds=False), dotted
        assert not speller.is_known(undotted, compounds=False), undotted


@pytest.mark.parametrize("language, common, rare", [("en", "which", "mamey"), ("da", "pengene", "pingen")])
def test_the_frequency_tables_are_shipped_and_rank_common_words_higher(language, common, rare):
    table = spelling_module.word_frequencies(language)
    assert len(table) > 20_000
    path = spelling_module._DATA / f"frequency_{language}.txt"
    assert "CC BY-SA 4.0" in path.read_text(encoding="utf-8")[:1000]
    assert spelling_module._zipf(language, common) > spelling_module._zipf(language, rare)
