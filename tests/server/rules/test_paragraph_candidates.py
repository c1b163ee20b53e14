"""Issue 17: the rule engine's per-paragraph candidates (cached per paragraph and its context) are exactly
the candidates of one pass over the whole text: on the rules' own examples, the benchmark drafts, the long
shapes and the corpus of real replies joined into multi-paragraph replies, with cold and warm caches."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from klarsvar.analysis.document import Document
from klarsvar.analysis.rules import checking, engine as engine_module, example_cases
from klarsvar.analysis.rules.engine import PARAGRAPH_CANDIDATES, run

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
from benchmarks.texts import draft, long_replies  # noqa: E402

CORPORA = Path(os.environ.get("KLARSVAR_CORPORA") or ROOT.parent / "shared" / "corpora")
SEPARATORS = ("\n\n", "\n\n\n", "\n \n", "  \n\n", "\n")


def _as_set(candidates):
    return sorted((c.start, c.end, c.entry.rule_id) for c in candidates)


def _corpus_texts(language: str) -> list[str]:
    """Real replies joined in groups with varied paragraph breaks (multi-paragraph replies of real wording)."""
    names = ("en_replies.jsonl",) if language == "en" else ("da_replies.jsonl", "da_prose.jsonl")
    replies = []
    for name in names:
        path = CORPORA / name
        if path.is_file():
            replies += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    texts, size = [], 7
    for n, at in enumerate(range(0, len(replies), size)):
        separator = SEPARATORS[n % len(SEPARATORS)]
        texts.append(separator.join(replies[at:at + size]))
    return texts


def _texts(language: str) -> list[str]:
    own = [case.text for case in example_cases() if case.language == language]
    grouped = ["\n\n".join(own[i:i + 6]) for i in range(0, len(own), 6)]
    shapes = [text[:12_000] for lang, text in long_replies().values() if lang == language]
    return [draft(language, 300), draft(language, 1500), *shapes, *grouped, *_corpus_texts(language)]


@pytest.mark.parametrize("language", ["da", "en"])
def test_paragraph_candidates_equal_one_pass_over_the_text(language):
    engine = checking._language_engine(language)
    texts = _texts(language)
    assert len(texts) > 50
    PARAGRAPH_CANDIDATES.clear()
    for text in texts:
        whole = _as_set(engine.candidates(text))
        assert _as_set(engine.paragraph_candidates(text)) == whole, text[:200]  # cold cache
        assert _as_set(engine.paragraph_candidates(text)) == whole, text[:200]  # every paragraph from the cache


@pytest.mark.skipif(not (CORPORA / "en_replies.jsonl").is_file(), reason="the corpus of real replies is absent")
def test_the_corpus_is_part_of_the_differential_test():
    assert len(_corpus_texts("en")) > 300


def test_a_changed_word_rematches_only_its_paragraph_and_a_neighbour_that_sees_it(monkeypatch):
    engine = checking._language_engine("en")
    first = draft("en", 300)
    PARAGRAPH_CANDIDATES.clear()
    engine.paragraph_candidates(first)
    calls = []
    real = engine_module.Engine._candidates_between

    def counting(self, text, keys, lo, hi, families, out, anywhere):
        calls.append((lo, hi))
        return real(self, text, keys, lo, hi, families, out, anywhere)

    monkeypatch.setattr(engine_module.Engine, "_candidates_between", counting)
    at = first.index("warehouse")
    changed = first[:at] + "depot" + first[at + len("warehouse"):]
    got = engine.paragraph_candidates(changed)
    # Its own paragraph, and a neighbour only where the change lies in the neighbour's context window.
    assert any(lo <= at < hi for lo, hi in calls) and len(calls) <= 3
    assert all(lo - engine_module._CONTEXT_AFTER - 2 <= at < hi + engine_module._CONTEXT_BEFORE for lo, hi in calls)
    assert sum(hi - lo for lo, hi in calls) < len(changed) / 2
    assert _as_set(got) == _as_set(engine.candidates(changed))


def test_context_across_a_paragraph_break_is_part_of_the_key():
    """The same paragraph after a different one is matched again (a look-behind may see across the break)."""
    engine = checking._language_engine("en")
    PARAGRAPH_CANDIDATES.clear()
    paragraph = "We will revert to you shortly about the refund and the parcel and everything else."
    for before in ("Thanks for waiting.", "We will"):
        text = f"{before}\n\n{paragraph}\n\nBest regards, and thanks again for your patience with us today."
        assert _as_set(engine.paragraph_candidates(text)) == _as_set(engine.candidates(text))


def test_findings_are_the_same_through_the_checking_path():
    for language in ("da", "en"):
        engine = checking._language_engine(language)
        for text in (draft(language, 300), *_corpus_texts(language)[:40]):
            doc = Document(text=text, language=language)
            fresh = [(f.start, f.end, f.rule) for f in run(doc, [engine])]
            again = [(f.start, f.end, f.rule) for f in run(doc, [engine])]
            assert fresh == again
