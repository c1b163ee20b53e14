"""New words without spikes (issue 17): the background judging steps aside while a check runs, a check never
builds the English word index itself, and the letter-count filter of the two-slip search rules nothing out
that the alignment would keep."""

from __future__ import annotations

import random
import threading
import time

import pytest

from klarsvar.analysis.grammar import spelling


def _random_edits(rng: random.Random, word: str, edits: int) -> str:
    """`word` with `edits` random insertions, deletions, substitutions or swaps of neighbours."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    for _ in range(edits):
        i = rng.randrange(len(word) + 1)
        kind = rng.choice("idst")
        if kind == "i":
            word = word[:i] + rng.choice(letters) + word[i:]
        elif kind == "d" and i < len(word) and len(word) > 1:
            word = word[:i] + word[i + 1:]
        elif kind == "s" and i < len(word):
            word = word[:i] + rng.choice(letters) + word[i + 1:]
        elif kind == "t" and i + 1 < len(word):
            word = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word


@pytest.mark.parametrize("edits", [1, 2, 3, 4])
def test_the_count_filter_never_rules_out_a_word_within_the_edits(edits):
    rng = random.Random(edits)
    words = ["reception", "assistance", "unnecessarily", "parcel", "committee", "bookkeeper", "aaabbb"]
    for _ in range(3000):
        word = rng.choice(words)
        other = _random_edits(rng, word, edits)
        if not spelling._within_edits(word, other, edits):
            continue
        a, b = spelling._count_mask(word), spelling._count_mask(other)
        assert (a & ~b).bit_count() <= edits and (b & ~a).bit_count() <= edits, (word, other)


def test_the_count_filter_rules_out_words_of_other_letters():
    a, b = spelling._count_mask("committee"), spelling._count_mask("comete")
    assert (a & ~b).bit_count() == 3  # the second m, t and e: three letters fewer
    assert spelling._count_mask("aaaa") == spelling._count_mask("aaa")  # counted up to three


def test_background_judging_waits_while_a_check_is_in_progress():
    speller = spelling.Speller("en", [], [])
    returned = []

    def background():
        speller._local.background = True
        speller._step_aside()
        returned.append((time.monotonic(), speller._now()))

    with spelling.checking():
        worker = threading.Thread(target=background)
        worker.start()
        time.sleep(0.2)
        assert not returned  # still stepping aside
        ended = time.monotonic()
    worker.join(5)
    when, clock = returned[0]
    assert when >= ended + spelling._QUIET_SECONDS * 0.9
    # The time spent stepping aside is not charged to the word being judged.
    assert when - clock >= 0.2


def test_a_check_thread_never_steps_aside():
    speller = spelling.Speller("en", [], [])
    with spelling.checking():
        started = time.monotonic()
        speller._step_aside()
        assert time.monotonic() - started < 0.05
        assert abs(speller._now() - time.monotonic()) < 0.05


def test_a_check_never_builds_the_word_index_itself(monkeypatch):
    monkeypatch.setattr(spelling, "_INDEX_BUILT", {False: threading.Event(), True: threading.Event()})
    monkeypatch.setattr(spelling, "build_english_index_soon", lambda: None)
    started = time.monotonic()
    assert spelling._english_index_by(0.01, common_only=False) is None
    assert time.monotonic() - started < 0.5


@pytest.fixture(scope="module")
def both_spellers():
    spellers, problems = spelling.load_spellers()
    assert {"da", "en"} <= set(spellers), problems
    return spelling.OfflineSpelling(spellers)


def _english_flags(offline, text: str) -> list[str]:
    """The words flagged when `text` is checked as English, every new word judged now."""
    from klarsvar.analysis.document import Document

    context = spelling.SpellingContext.from_document(Document(text=text, language="en"))
    found, _ = offline.check_spans(text, [(0, len(text))], context, deadline=time.monotonic() + 30,
                                   suggest_seconds=30, word_seconds=5)
    return [f.text for f in found]


@pytest.mark.parametrize("text", [
    "To fynske skoler lukkes",                      # a Danish headline the language detector took for English
    "Vi sender pakken i morgen, og du får en sms.",
])
def test_a_danish_passage_checked_as_english_is_not_flagged_word_by_word(both_spellers, text):
    assert _english_flags(both_spellers, text) == []


@pytest.mark.parametrize("text, typo", [
    ("We will sende the parcel tomorrow.", "sende"),  # a Danish word, but the passage is English
    ("lukkes", "lukkes"),                            # one word says nothing about its language
])
def test_a_danish_word_in_english_text_is_still_a_typo(both_spellers, text, typo):
    assert typo in _english_flags(both_spellers, text)
