"""The benchmark reads the corpus of real replies from a folder it is given, and runs without it."""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import corpora_dir, load_corpus  # noqa: E402


def _write(folder: Path, name: str, rows: list[dict]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_the_folder_comes_from_the_argument_then_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("KLARSVAR_CORPORA", str(tmp_path / "env"))
    assert corpora_dir(tmp_path / "arg") == tmp_path / "arg"
    assert corpora_dir() == tmp_path / "env"
    monkeypatch.delenv("KLARSVAR_CORPORA")
    assert corpora_dir().name == "corpora"


def test_a_missing_corpus_is_reported_not_fatal(tmp_path):
    corpus = load_corpus(tmp_path / "nowhere")
    assert not corpus.available
    assert corpus.assembled("en", 300, 5) == [] and corpus.long_text("en", 1000) == ""


def test_replies_are_read_with_the_api_channel_and_joined_to_length(tmp_path):
    _write(tmp_path, "en_replies.jsonl", [
        {"text": "Sorry about that, please DM us your order number.", "language": "en", "channel": "tweet",
         "customer": "Where is my order?"},
        {"text": "Thanks for waiting, the refund is on its way.", "language": "en", "channel": "chat",
         "customer": None},
    ])
    _write(tmp_path, "da_replies.jsonl", [
        {"text": "Du kan returnere varen inden for 30 dage.", "language": "da", "channel": "faq", "customer": "Retur?"},
    ])
    corpus = load_corpus(tmp_path)
    assert corpus.available and [r.channel for r in corpus.en] == ["chat", "chat"]
    assert corpus.da[0].channel == "email" and corpus.en[1].customer is None
    texts = corpus.assembled("en", 40, 2)
    assert len(texts) == 2 and all(len(t.split()) >= 40 for t in texts) and "\n\n" in texts[0]
    assert len(corpus.long_text("da", 500)) == 500


def test_a_short_real_text_draws_its_replies_from_the_whole_window(tmp_path):
    """The growth exponent compares sizes of the same mix: a 1,000-character text cut from a 5,000-character window
    holds replies from its end as well as its start, not just the first few."""
    _write(tmp_path, "en_replies.jsonl", [
        {"text": f"Reply number {i:02d} says something of about fifty characters.", "language": "en", "channel": "chat",
         "customer": None} for i in range(100)])
    corpus = load_corpus(tmp_path)
    head = corpus.long_text("en", 1000)
    drawn = corpus.long_text("en", 1000, window=5000)
    assert len(drawn) == 1000 and "Reply number 00" in drawn
    assert "Reply number 60" not in head and any(f"Reply number {i}" in drawn for i in range(60, 100))
