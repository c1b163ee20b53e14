"""Issue 17: a draft re-checked after one word changed reads back what the rule engine, its filters and the rewrite
worked out for the unchanged words. The caches are keyed by everything the answers read, so a warm re-check of
labelled drafts with one word changed equals a cold check of the changed text; they are bounded and emptied by
`pipeline.clear_caches`."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import yaml

from benchmarks.texts import CUSTOMER_MESSAGES, draft
from klarsvar.analysis import CheckRequest, analyze, pipeline, rules
from klarsvar.analysis.cache import TextCache
from klarsvar.analysis.document import Document
from klarsvar.analysis.rules import checking, engine
from klarsvar.analysis import address
from klarsvar.analysis.address import READERS_ADDRESS
from klarsvar.analysis.rules.checking import CUSTOMER_WORDS, TYPO_READINGS
from klarsvar.analysis.rules.engine import CONTEXT_REFUSALS, ECHO_ANSWERS, SWAP_REFUSALS, URL_SPANS

DATA = Path(__file__).resolve().parents[2] / "data"


def _drafts(count: int | None = None) -> list[dict]:
    """Labelled drafts of both languages (some with the customer's message, some in chat), a fixed sample."""
    items = []
    for path in sorted(DATA.glob("rewrite_*.yaml")):
        items += [{"text": d["text"], "language": d["language"], "channel": d.get("channel", "email"),
                   "customer": d.get("message")} for d in yaml.safe_load(path.read_text(encoding="utf-8")) or []]
    items = [it for it in items if len(it["text"].split(" ")) > 20]
    random.Random(17).shuffle(items)
    return items[:count]


def _one_word_changed(text: str, rng: random.Random) -> str:
    """`text` with one word (picked by `rng`) given an ending, swapped, dropped or shortened, as while typing."""
    words = text.split(" ")
    i = rng.randrange(len(words))
    how = rng.randrange(4)
    if how == 0:
        words[i] += "s"
    elif how == 1:
        words[i] = "the"
    elif how == 2:
        del words[i]
    else:
        words[i] = words[i][:-1] if len(words[i]) > 1 else "we"
    return " ".join(words)


def _checked(item: dict, text: str) -> str:
    request = CheckRequest(text=text, language=item["language"], channel=item["channel"],
                           customer_message=item["customer"], grammar=False)
    return json.dumps(analyze(request).to_dict(), sort_keys=True, ensure_ascii=False)


@pytest.mark.timeout(600)
def test_a_warm_recheck_after_one_word_changed_equals_a_cold_check():
    rng = random.Random(5)
    plans = []
    for item in _drafts(60):
        once = _one_word_changed(item["text"], rng)
        plans.append((item, once, _one_word_changed(once, rng)))
    assert len(plans) >= 40
    cold = []
    for item, once, twice in plans:
        pipeline.clear_caches()
        first = _checked(item, once)
        pipeline.clear_caches()
        cold.append((first, _checked(item, twice)))
    # Warm: the caches hold every earlier draft's work too (they are shared by every check in the process).
    pipeline.clear_caches()
    for (item, once, twice), (cold_once, cold_twice) in zip(plans, cold):
        _checked(item, item["text"])
        assert _checked(item, once) == cold_once, item["text"][:80]
        assert _checked(item, twice) == cold_twice, item["text"][:80]


def _rule_findings(item: dict, text: str) -> list:
    doc = Document(text=text, language=item["language"], channel=item["channel"], customer_message=item["customer"])
    return rules.check(doc)


@pytest.mark.timeout(600)
def test_the_rule_stage_reads_back_what_it_would_work_out_anew(monkeypatch):
    """Every labelled draft and the same with one word changed, through caches shared by all of them, gives the
    findings (with their one-click swaps) that the rule stage gives without the caches."""
    rng = random.Random(11)
    plans = [(item, _one_word_changed(item["text"], rng)) for item in _drafts()]
    assert len(plans) > 500
    pipeline.clear_caches()
    warm = []
    for item, changed in plans:
        warm.append((_rule_findings(item, item["text"]), _rule_findings(item, changed)))
    for module, name in ((engine, "SWAP_REFUSALS"), (engine, "CONTEXT_REFUSALS"), (engine, "URL_SPANS"),
                         (engine, "ECHO_ANSWERS"), (checking, "CUSTOMER_WORDS"), (checking, "TYPO_READINGS"),
                         (address, "READERS_ADDRESS")):
        monkeypatch.setattr(module, name, TextCache(max_entries=0, max_chars=0))
    for (item, changed), (original, again) in zip(plans, warm):
        assert _rule_findings(item, item["text"]) == original, item["text"][:80]
        assert _rule_findings(item, changed) == again, changed[:80]


NEW_CACHES = [SWAP_REFUSALS, CONTEXT_REFUSALS, URL_SPANS, ECHO_ANSWERS, CUSTOMER_WORDS, TYPO_READINGS]
DANISH_CACHES = [READERS_ADDRESS]  # asked only of Danish replies


@pytest.mark.timeout(120)
@pytest.mark.parametrize("language", ["en", "da"])
def test_the_recheck_caches_are_used_bounded_and_forgotten_by_clear_caches(language):
    caches = NEW_CACHES + (DANISH_CACHES if language == "da" else [])
    pipeline.clear_caches()
    base = draft(language, 300)
    request = CheckRequest(text=base, language=language, customer_message=CUSTOMER_MESSAGES[language], grammar=False)
    analyze(request)
    for cache in caches:
        assert 0 < len(cache) <= cache.max_entries and cache.chars <= cache.max_chars
    hits = [cache.hits for cache in caches]
    words = base.split(" ")
    words[len(words) // 2] += "s"
    request.text = " ".join(words)
    analyze(request)
    assert all(cache.hits > before for cache, before in zip(caches, hits))  # the unchanged words' answers
    # Bounded however many drafts pass through.
    for n in range(40):
        request.text = f"{base}\n\nOrder {n}: " + base[:1500]
        analyze(request)
    for cache in caches:
        assert len(cache) <= cache.max_entries and cache.chars <= cache.max_chars
    pipeline.clear_caches()
    assert all(len(cache) == 0 and cache.chars == 0 for cache in caches)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("elsewhere", ["", " İstanbul"])
@pytest.mark.parametrize("typed", [" please be advised", " İstanbul kindly", " ΟΔΟΣ Σ vedr.", " Straße ß"])
def test_a_new_paragraph_keyed_alone_gives_the_candidates_of_a_whole_text_search(language, elsewhere, typed):
    """The index keys of one new paragraph are folded from that paragraph alone (`key_text_between`): the same
    candidates as a search of the whole text, also beside characters that lower-case to several or by context."""
    rules_engine = checking._language_engine(language)
    paragraphs = draft(language, 300).split("\n\n")
    paragraphs[1] += elsewhere
    for k in range(1, len(paragraphs) - 1):
        engine.PARAGRAPH_CANDIDATES.clear()
        rules_engine.paragraph_candidates("\n\n".join(paragraphs))
        changed = list(paragraphs)
        changed[k] += typed
        text = "\n\n".join(changed)
        found = {(c.start, c.end, c.entry.rule_id) for c in rules_engine.paragraph_candidates(text)}
        assert found == {(c.start, c.end, c.entry.rule_id) for c in rules_engine.candidates(text)}, k
    engine.PARAGRAPH_CANDIDATES.clear()


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_sentence_keeps_its_counts_and_they_equal_the_counted_ones(language):
    """Readability keeps a sentence's counts on the sentence (moved along when a splice moves it): the summary of a
    draft re-checked after one word changed equals the summary counted afresh."""
    from klarsvar.analysis import readability

    pipeline.clear_caches()
    base = draft(language, 300)
    readability.analyze(Document(text=base, language=language))
    words = base.split(" ")
    words[len(words) // 3] += "s"
    changed = " ".join(words)
    warm_doc = Document(text=changed, language=language)
    warm = readability.analyze(warm_doc)
    assert any(readability._KEPT_COUNTS in vars(s) for s in warm_doc.segmentation.sentences)
    pipeline.clear_caches()
    assert readability.analyze(Document(text=changed, language=language)) == warm
    pipeline.clear_caches()
