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


def test_a_run_keeps_the_hand_written_notes(tmp_path):
    """`make benchmark` rewrites the report above the notes marker and keeps the dated notes below it."""
    from benchmarks.__main__ import NOTES_MARKER, kept_notes

    report = tmp_path / "performance.md"
    assert kept_notes(report) == ""
    report.write_text("# old tables\n\n" + NOTES_MARKER + "\n\n## A note\n\nmeasured once.\n", encoding="utf-8")
    kept = kept_notes(report)
    assert kept.startswith("\n" + NOTES_MARKER) and kept.endswith("measured once.\n")
    report.write_text("# no notes\n", encoding="utf-8")
    assert kept_notes(report) == ""
