"""The benchmark's "text the server has not seen" (`unique`) is new in every body sentence, so no per-sentence
or per-paragraph cache of the server can answer any part of its body; its sentences stay as they were."""

from __future__ import annotations

import pytest

from benchmarks.__main__ import unique
from benchmarks.texts import draft
from klarsvar.analysis.text import segment


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_body_sentence_is_new_and_the_sentences_stay(language):
    text = draft(language, 300)
    before = segment(text, language).sentences
    fresh = unique(text)
    after = segment(fresh, language).sentences
    assert [s.kind for s in after] == [s.kind for s in before]
    seen = {s.text for s in before}
    assert all(s.text not in seen for s in after if s.kind == "body")
    paragraphs = set(text.split("\n\n"))
    body_paragraphs = [p for p in fresh.split("\n\n") if any(s.kind == "body" for s in segment(p, language).sentences)]
    assert body_paragraphs and not paragraphs & set(body_paragraphs)
    assert unique(text) != fresh  # a new number every time
