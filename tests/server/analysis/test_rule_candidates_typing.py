"""Issue 17: a draft re-checked after one paragraph changed looks for the rules without a first-character index
(regexes that may match anywhere) in that paragraph only; the candidates equal a whole-text search, whichever
paragraph changed, whether one or several are new, and for the matches of those rules themselves."""

from __future__ import annotations

import pytest

from benchmarks.texts import draft
from klarsvar.analysis.rules import checking
from klarsvar.analysis.rules.engine import PARAGRAPH_CANDIDATES


def _as_set(candidates):
    return {(c.start, c.end, c.entry.rule_id) for c in candidates}


def _anywhere_examples(engine) -> list[str]:
    return [x.text for m in engine._anywhere for x in m.entry.examples if x.kind == "bad"]


@pytest.mark.parametrize("language", ["da", "en"])
def test_one_new_paragraph_gives_the_candidates_of_a_whole_text_search(language):
    engine = checking._language_engine(language)
    paragraphs = draft(language, 300).split("\n\n")
    examples = _anywhere_examples(engine) or ["Tak."]
    assert language == "en" or examples != ["Tak."]  # Danish has such rules: they are exercised here
    for k in range(len(paragraphs)):
        PARAGRAPH_CANDIDATES.clear()
        engine.paragraph_candidates("\n\n".join(paragraphs))  # every other paragraph is cached
        for example in examples[:6]:
            changed = list(paragraphs)
            changed[k] = f"{changed[k]} {example}"
            text = "\n\n".join(changed)
            assert _as_set(engine.paragraph_candidates(text)) == _as_set(engine.candidates(text)), (k, example)
    PARAGRAPH_CANDIDATES.clear()
    several = "\n\n".join(f"{p} {examples[i % len(examples)]}" for i, p in enumerate(paragraphs))
    assert _as_set(engine.paragraph_candidates(several)) == _as_set(engine.candidates(several))
    PARAGRAPH_CANDIDATES.clear()
