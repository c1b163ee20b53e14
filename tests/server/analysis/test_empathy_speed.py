"""Issue 17: the empathy stage's evidence searched per unit of sentences and cached, with identical results.

The acknowledgement evidence used to be searched in all body sentences joined by blank lines; now it is searched
per unit (a run of sentences up to one ending in a sealing character) and remembered by the unit's text. These
tests keep the old whole-body search as the reference and compare, show that a naive split at every sentence
would differ (so the comparison can fail), and that a draft with one word changed searches only its changed unit.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from klarsvar.analysis import customer, empathy, pipeline
from klarsvar.analysis.document import Document

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT.parent / "shared" / "corpora"

DRAFTS = {
    "en": ("Hi Ann\n\nThanks for your message. I am sorry\n\nthat your parcel is late. That must be\n\n"
           "so frustrating, and I'm sorry\n\nfor the wait. We see your message\n\nand we have sent a new parcel today! I'm glad it works now :(\n\n"
           "Sorry if\n\nit was late. Best, Bo"),
    "da": ("Hej Maria\n\nTak for din besked. Jeg kan godt forstå\n\nat det er frustrerende, og vi beklager\n\n"
           "ventetiden. Vi har sendt en ny pakke i dag! Det er dejligt, at den virker nu.\n\nMvh Ole"),
}
MESSAGES = {
    "en": "My parcel still hasn't arrived and I have been waiting for weeks! I'm really upset. John",
    "da": "Min pakke er stadig ikke kommet, og jeg har ventet i ugevis! Jeg er virkelig frustreret. Maria",
}


def _reference(body, data: dict, language: str, emotion: str | None) -> tuple:
    """The evidence as the whole-body search found it before issue 17 (kinds, emotion echo, wait apology)."""
    patterns = data["acknowledgement"]
    joined = empathy._STOCK_SEEN[language].sub(" ", empathy.TEXT_SAD_FACE.sub("☹️", "\n\n".join(s.text for s in body)))
    thanks_text = empathy._STOCK_THANKS[language].sub(" ", joined)
    feeling_text = empathy._EXPLAINED_DELAY[language].sub(" ", empathy._APOLOGY_OBJECT[language].sub(
        " ", empathy._CONDITIONAL_APOLOGY[language].sub(" ", thanks_text)))
    refusal = data.get("reply_refusal")
    if refusal is not None:
        # A refusal's sentence names no feeling of the customer's (fifty-seventh drafts).
        feeling_text = " ".join(p for p in re.split(r"(?<=[.!?])\s+", feeling_text) if not refusal.search(p))
    texts = {"feelings": feeling_text, "specific_thanks": thanks_text, "reflection": thanks_text,
             "ownership": empathy._CONDITION_CLAUSE[language].sub(" ", joined)}
    kinds = [kind for kind, rx in patterns.items() if rx is not None and rx.search(texts.get(kind, joined))]
    echo = empathy._EMOTION_ECHO[language].get(emotion)
    return (kinds, bool(echo is not None and echo.search(feeling_text)),
            bool(empathy._APOLOGY_FOR_THE_WAIT[language].search(joined)))


def _by_units(body, data: dict, language: str, emotion: str | None) -> tuple:
    """The same three answers from `empathy._unit_facts`."""
    empathy.find_sealing_characters(language, data["acknowledgement"])
    units = empathy._unit_facts(body, data, language)
    kinds = [kind for kind, rx in data["acknowledgement"].items() if rx is not None and any(u.has(kind) for u in units)]
    echo = empathy._EMOTION_ECHO[language].get(emotion)
    return (kinds, bool(echo is not None and any(u.echoes(emotion, echo) for u in units)),
            any(u.apologises_for_the_wait(language) for u in units))


def _body(text: str, language: str):
    """The body sentences the empathy stage reads."""
    return [s for s in Document(text=text, language=language).segmentation.sentences if s.kind == "body"]


def _texts(language: str) -> list[str]:
    """The drafts above, every example of the empathy data and the rules' sympathy examples, as replies."""
    data_file = ROOT / "server" / "klarsvar" / "data" / "empathy" / f"{language}.yml"
    strings = re.findall(r"^\s*-\s+[\"'](.{12,}?)[\"']\s*$", data_file.read_text(encoding="utf-8"), re.MULTILINE)
    return [DRAFTS[language]] + strings + ["\n\n".join(strings[i:i + 6]) for i in range(0, len(strings), 6)]


@pytest.mark.parametrize("language", ["en", "da"])
def test_shipped_data_seals_sentence_ends(language):
    """The shipped evidence regexes let ".", "!" and "?" end a unit (else nothing would be cached)."""
    data = customer.language_data(language)
    assert empathy.find_sealing_characters(language, data["acknowledgement"]) == frozenset(".!?")
    assert empathy._sealing_characters(data["acknowledgement"], language) == frozenset(".!?")


@pytest.mark.parametrize(("source", "seals"), [
    (r"(?<![^\W_])sorry\s+for\b", ".!?"),      # whitespace inside a match: still sealed by the end marks
    (r"(?<!\S)[:;]-?\((?!\S)", ".!?"),          # look-arounds that read no line break
    (r"\s+how", ""),                            # a match may begin on the break
    (r"sorry.*", ""),                           # "." consumes an end mark
    (r"(?:\W)+x", ""),                          # so does \W
    (r"a[^.!?\n]*", ".!?"),
    (r"a[^.\n]*", "."),
    (r"^hi", ""),                               # an anchor differs between a unit and the whole body
    (r"(?<=\s)you", ""),                        # a look-behind that reads the break
    (r"x?", ""),                                # an empty match
])
def test_sealed_by(source, seals):
    assert empathy._sealed_by(re.compile(source, re.IGNORECASE)) == seals


@pytest.mark.parametrize("language", ["en", "da"])
def test_units_find_what_the_whole_body_finds(language):
    """Every text: kinds, emotion echo (each emotion) and wait apology equal the whole-body reference."""
    data = customer.language_data(language)
    pipeline.clear_caches()
    for text in _texts(language):
        body = _body(text, language)
        for emotion in ("frustrated", "angry", "worried", "sad", "happy", "neutral"):
            assert _by_units(body, data, language, emotion) == _reference(body, data, language, emotion), text


def test_a_naive_split_would_differ():
    """The drafts hold evidence across a line break that ends no sentence: splitting there would lose it."""
    data = customer.language_data("en")
    body = _body(DRAFTS["en"], "en")
    whole = _reference(body, data, "en", "frustrated")
    naive = [set(_reference([s], data, "en", "frustrated")[0]) for s in body]
    assert "specific_apology" in whole[0] and not any("specific_apology" in k for k in naive)
    assert _by_units(body, data, "en", "frustrated") == whole


def test_one_word_changed_searches_one_unit():
    """A unit is a paragraph; a re-check with one word changed searches only the paragraph that changed;
    clear_caches forgets."""
    text = ("Thanks for your message. I can see why the late parcel was frustrating.\n\nI have checked your order."
            "\n\nIt left our warehouse on Monday. It is on its way.\n\nYou will have it tomorrow.\n\nSorry again!")
    doc = Document(text=text, language="en", customer_message=MESSAGES["en"])
    empathy.find_sealing_characters("en")
    pipeline.clear_caches()
    empathy.analyze(doc)
    seen = len(empathy.ACKNOWLEDGEMENT_UNITS)
    assert seen == 5
    changed = Document(text=text.replace("Monday", "Tuesday"), language="en", customer_message=MESSAGES["en"])
    misses = empathy.ACKNOWLEDGEMENT_UNITS.misses
    assert empathy.analyze(changed) == empathy.analyze(Document(text=changed.text, language="en",
                                                               customer_message=MESSAGES["en"]))
    assert empathy.ACKNOWLEDGEMENT_UNITS.misses == misses + 1
    pipeline.clear_caches()
    assert len(empathy.ACKNOWLEDGEMENT_UNITS) == 0 and len(empathy.MIRRORED_SENTENCES) == 0


@pytest.mark.parametrize("language", ["en", "da"])
def test_mirrored_words_cached_per_customer(language):
    """The words mirrored per sentence are the same from the cache, and another customer's key phrases are
    not served from it."""
    text = DRAFTS[language] + " " + MESSAGES[language]
    body = _body(text, language)
    ctx = customer.build_context(MESSAGES[language], None, language)
    other = customer.build_context("Hvor er min faktura?" if language == "da" else "Where is my invoice?", None,
                                   language)
    pipeline.clear_caches()
    first = empathy.mirrored_words(body, ctx, language)
    assert first[0], "the draft repeats the customer's words"
    assert empathy.mirrored_words(body, ctx, language) == first
    assert empathy.mirrored_words(body, other, language) != first


@pytest.mark.skipif(not (CORPUS / "en_replies.jsonl").exists(), reason="the corpus of real replies is absent")
@pytest.mark.timeout(120)
def test_real_replies_match_the_reference():
    """Every real reply of the corpus (English and Danish), with its customer's emotion: identical evidence."""
    for name in ("en_replies.jsonl", "da_replies.jsonl"):
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            language = record.get("language", "en")
            ctx = customer.build_context(record.get("customer"), None, language)
            emotion = ctx.emotion if ctx is not None else None
            body = _body(record["text"], language)
            data = customer.language_data(language)
            assert _by_units(body, data, language, emotion) == _reference(body, data, language, emotion), record["id"]


def test_units_wait_for_a_few_checks_without_the_data_store(monkeypatch):
    """Without the server's data store, the first checks of a language read the body as one unit (working out
    the units costs ~0.1 s a one-shot check would not earn back); later ones split it."""
    monkeypatch.setattr(empathy, "_SEALS", {})
    monkeypatch.setattr(empathy, "_CALLS_BEFORE_SEALS", {})
    patterns = customer.language_data("da")["acknowledgement"]
    assert [empathy._sealing_characters(patterns, "da") for _ in range(empathy.CHECKS_BEFORE_UNITS)] == \
        [frozenset()] * empathy.CHECKS_BEFORE_UNITS
    assert empathy._sealing_characters(patterns, "da") == frozenset(".!?")
