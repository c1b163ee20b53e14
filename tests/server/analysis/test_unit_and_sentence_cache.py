"""The per-unit sentence split and per-sentence readability counts are caches: same results, bounded, cleared."""

from __future__ import annotations

from klarsvar.analysis import pipeline, readability
from klarsvar.analysis.document import Document
from klarsvar.analysis.text import UNIT_SPLITS, segment

DRAFT = ("Hi Anna,\n\nThanks for writing. Your order 482913 ships today. See https://example.com/track. for news.\n\n"
         "- We refunded kr. 1.299 on 14. march. Nothing else is needed.\n\nBest regards,\nSam")


def _spans(text: str) -> list:
    return [(s.start, s.end, s.kind, s.words) for s in segment(text, "en").sentences]


def test_segment_from_cached_units_equals_a_cold_split():
    pipeline.clear_caches()
    cold = _spans(DRAFT)
    assert len(UNIT_SPLITS) > 0
    assert _spans(DRAFT) == cold
    changed = DRAFT.replace("Thanks", "Many thanks")  # every later unit moves: relative spans must shift
    warm = _spans(changed)
    pipeline.clear_caches()
    assert warm == _spans(changed)


def test_readability_from_cached_sentence_counts_equals_a_cold_count():
    pipeline.clear_caches()
    doc = Document(text=DRAFT, language="en", channel="email")
    cold = (readability.measure(doc), readability.analyze(doc)[0])
    assert len(readability.SENTENCE_COUNTS) > 0
    other = Document(text=DRAFT.replace("today", "tomorrow morning"), language="en", channel="email")
    warm = readability.measure(other)
    pipeline.clear_caches()
    assert warm == readability.measure(Document(text=other.text, language="en", channel="email"))
    assert (readability.measure(doc), readability.analyze(doc)[0]) == cold


def test_danish_counts_no_syllables_even_when_english_counts_are_cached():
    pipeline.clear_caches()
    readability.measure(Document(text=DRAFT, language="en", channel="email"))
    assert readability.measure(Document(text=DRAFT, language="da", channel="email"))["syllables"] is None


def test_clear_caches_forgets_units_and_sentence_counts():
    readability.measure(Document(text=DRAFT, language="en", channel="email"))
    pipeline.clear_caches()
    assert len(UNIT_SPLITS) == 0 and len(readability.SENTENCE_COUNTS) == 0


def test_stage_results_are_a_callers_own_copy():
    pipeline.clear_caches()
    doc = Document(text=DRAFT, language="en", channel="email")
    first = pipeline.run_stages(doc, stages=("readability", "empathy"))
    first.readability["words"] = -1
    first.empathy.clear()
    again = pipeline.run_stages(doc, stages=("readability", "empathy"))
    assert again.readability["words"] > 0 and again.empathy
