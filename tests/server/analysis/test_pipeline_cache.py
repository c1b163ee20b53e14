"""Issue 17: the pipeline's caches (segmentation per text, stage results per text and context) are bounded,
give exactly what a fresh run gives, and are invalidated by everything the results depend on."""

from __future__ import annotations

import threading
import time

import pytest

from klarsvar.analysis import document, pipeline, rules, text
from klarsvar.analysis.cache import TextCache
from klarsvar.analysis.document import Document
from klarsvar.analysis.pipeline import CheckRequest, analyze, run_stages
from klarsvar.analysis.terms import TeamTerms, parse_terms

REPLY = ("Hi John,\n\nThanks for your message. Please be advised that your ticket has been escalated to "
         "our Tier 2 team.\n\nKindly note that the refund will be processed upon receipt of the unit.\n\nBest, Ann")


@pytest.fixture(autouse=True)
def fresh_caches():
    pipeline.clear_caches()
    yield
    pipeline.clear_caches()


def test_text_cache_is_bounded_by_entries_and_characters():
    cache = TextCache(max_entries=3, max_chars=10)
    for key in "abcd":
        cache.put(key, key.upper(), 1)
    assert len(cache) == 3 and cache.get("a") is None and cache.get("d") == "D"
    cache.get("b")  # recently used: survives the next eviction
    cache.put("e", "E", 8)
    assert cache.chars <= 10 and cache.get("b") == "B" and cache.get("c") is None
    cache.put("huge", "X", 11)  # bigger than the whole budget: not kept, nothing evicted for it
    assert cache.get("huge") is None and cache.get("e") == "E"


def test_a_text_is_segmented_once_per_process(monkeypatch):
    calls = []
    real = text.segment

    def counting(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(text, "segment", counting)
    first = Document(text=REPLY, language="en").segmentation
    again = Document(text=REPLY, language="en", channel="chat").segmentation
    assert again is first and len(calls) == 1
    Document(text=REPLY, language="da").segmentation
    assert len(calls) == 2  # another language is another key


def _fresh(doc):
    pipeline.clear_caches()
    return run_stages(doc, stages=("readability", "rules", "empathy"))


def test_cached_stage_results_equal_a_fresh_run_and_are_the_callers_own():
    doc = Document(text=REPLY, language="en", customer_message="Where is my parcel?!")
    cold = _fresh(doc)
    warm = run_stages(doc, stages=("readability", "rules", "empathy"))
    assert warm.findings == cold.findings and [f.id for f in warm.findings] == [f.id for f in cold.findings]
    assert warm.readability == cold.readability and warm.empathy == cold.empathy
    warm.readability["words"] = -1  # a caller changing its copy never changes the next caller's
    warm.findings.clear()
    third = run_stages(doc, stages=("readability", "rules", "empathy"))
    assert third.readability == cold.readability and third.findings == cold.findings


@pytest.mark.parametrize("change", ["channel", "customer", "terms", "language", "stages", "reload"])
def test_every_input_of_a_stage_is_part_of_the_key(change):
    base = Document(text=REPLY, language="en")
    stages = ("readability", "rules", "empathy")
    run_stages(base, stages=stages)
    other, other_stages = base, stages
    if change == "channel":
        other = Document(text=REPLY, language="en", channel="chat")
    elif change == "customer":
        other = Document(text=REPLY, language="en", customer_message="This is the THIRD time I write!!!")
    elif change == "terms":
        other = Document(text=REPLY, language="en",
                         terms=parse_terms([{"term": "unit", "kind": "internal", "replacement": "product"}]))
    elif change == "language":
        other = Document(text=REPLY, language="da")
    elif change == "stages":
        other_stages = ("rules",)
    before = pipeline.STAGE_RESULTS.misses
    if change == "reload":
        rules.reload()
    got = run_stages(other, stages=other_stages)
    assert pipeline.STAGE_RESULTS.misses == before + 1, "a changed input must not be served from the cache"
    pipeline.clear_caches()
    assert got.findings == run_stages(other, stages=other_stages).findings


def test_team_terms_change_the_findings_not_a_cached_answer():
    reply = "Your order now sits with Kraken, our warehouse system, and leaves tomorrow."
    plain = run_stages(Document(text=reply, language="en"), stages=("rules",))
    terms = parse_terms([{"term": "Kraken", "kind": "internal", "replacement": "our warehouse"}])
    with_terms = run_stages(Document(text=reply, language="en", terms=terms), stages=("rules",))
    assert not any(f.rule.startswith("en.team.") for f in plain.findings)
    assert any(f.rule.startswith("en.team.") for f in with_terms.findings)
    assert run_stages(Document(text=reply, language="en", terms=TeamTerms()), stages=("rules",)).findings \
        == plain.findings


def test_a_grammar_run_is_never_cached():
    class Checker:
        calls = 0

        def check(self, doc):
            Checker.calls += 1
            from klarsvar.analysis.findings import GrammarStatus
            return [], GrammarStatus(engine="test", complete=True)

    doc = Document(text=REPLY, language="en")
    run_stages(doc, grammar_checker=Checker())
    run_stages(doc, grammar_checker=Checker())
    assert Checker.calls == 2


def test_the_same_analysis_after_one_word_changed_equals_a_cold_one():
    """The typing case: a re-check with warm caches gives exactly what a check from nothing gives."""
    request = CheckRequest(text=REPLY, language="en", customer_message="Where is my parcel?!", grammar=False)
    analyze(request)
    changed = CheckRequest(text=REPLY.replace("unit", "item"), language="en",
                           customer_message="Where is my parcel?!", grammar=False)
    warm = analyze(changed).to_dict()
    pipeline.clear_caches()
    assert analyze(changed).to_dict() == warm


def test_a_check_during_the_warm_up_waits_for_its_language(monkeypatch):
    """A check that arrives while the server warms up waits for its own language, not compiling beside it,
    and the warm-up takes that language next."""
    taken = []
    release = threading.Event()

    def slow_warm(language):
        taken.append(language)
        release.wait(5)

    monkeypatch.setattr(pipeline, "_warm_language", slow_warm)
    warming = threading.Thread(target=pipeline.warm)
    warming.start()
    done = []
    worker = threading.Thread(target=lambda: done.append(analyze(CheckRequest(text="Hi. Thanks.", language="en",
                                                                              grammar=False))))
    try:
        time.sleep(0.1)  # the warm-up holds Danish
        worker.start()
        time.sleep(0.2)
        assert not done and not pipeline.is_warm() and taken == ["da"]
        assert pipeline._warm_queue == ["en"]
    finally:
        release.set()
    worker.join(5)
    warming.join(5)
    assert done and pipeline.is_warm() and taken == ["da", "en"]


def test_a_waiting_check_moves_its_language_to_the_front(monkeypatch):
    taken = []
    release = threading.Event()

    def slow_warm(language):
        taken.append(language)
        release.wait(5)

    monkeypatch.setattr(pipeline, "_WARM_LANGUAGES", ("da", "en", "xx"))
    monkeypatch.setitem(pipeline._WARMED, "xx", threading.Event())
    monkeypatch.setattr(pipeline, "_warm_language", slow_warm)
    warming = threading.Thread(target=pipeline.warm)
    warming.start()
    time.sleep(0.1)
    waiter = threading.Thread(target=pipeline._wait_until_warm, args=(CheckRequest(text="x", language="xx"),))
    waiter.start()
    time.sleep(0.1)
    assert pipeline._warm_queue == ["xx", "en"]
    release.set()
    warming.join(5)
    waiter.join(5)
    assert taken == ["da", "xx", "en"]


def test_segmentations_stay_within_their_bound():
    for n in range(document.SEGMENTATIONS.max_entries + 20):
        Document(text=f"Reply number {n}. Thanks.", language="en").segmentation
    assert len(document.SEGMENTATIONS) <= document.SEGMENTATIONS.max_entries
