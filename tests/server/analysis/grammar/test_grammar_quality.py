"""Issue 20 acceptance: the offline grammar on test sets of one-error sentences and on real English replies.

The test sets are Klarsvar's own sentences (tests/data/grammar_*_sentences.jsonl, one error each between
[[ ]], with the corrected sentence); the Danish set covers the customer-service classes as well.
LanguageTool's own Danish rule examples are measured in test_languagetool_danish.py.
"""

from __future__ import annotations

import importlib.util
import json
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
DATA = ROOT / "tests" / "data"
CORPORA = ROOT.parent / "shared" / "corpora"


def _measure():
    spec = importlib.util.spec_from_file_location("measure_grammar", ROOT / "scripts" / "measure_grammar.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


measure = _measure()


@pytest.fixture(scope="module")
def english_set():
    items = measure.load_marked(DATA / "grammar_en_sentences.jsonl")
    assert len(items) >= 150
    return measure.evaluate_marked(items, "en")


def test_english_set_covers_every_error_class():
    items = measure.load_marked(DATA / "grammar_en_sentences.jsonl")
    classes = {i["class"] for i in items}
    assert classes == {"your_youre", "there_their", "its_its", "then_than", "a_an", "could_of", "agreement",
                       "repeated", "were_were", "lose_loose"}
    for item in items:
        assert item["bad"] != item["good"]


def test_english_set_at_least_80_percent_caught(english_set):
    assert english_set["caught"] >= 0.8 * english_set["n"], [i["bad"] for i in english_set["misses"]]


def test_english_set_corrected_sentences_at_most_2_percent_flagged(english_set):
    assert english_set["false_alarms"] <= 0.02 * english_set["n"], english_set["alarms"]


def test_english_held_out_set_written_after_the_rules():
    # Written after the rules and never tuned on: the honest figure for sentences the rules have not seen.
    result = measure.evaluate_marked(measure.load_marked(DATA / "grammar_en_holdout.jsonl"), "en")
    assert result["caught"] >= 0.8 * result["n"], [i["bad"] for i in result["misses"]]
    assert result["false_alarms"] <= 0.02 * result["n"], result["alarms"]


@pytest.fixture(scope="module")
def danish_set():
    items = measure.load_marked(DATA / "grammar_da_sentences.jsonl")
    assert len(items) >= 100
    return measure.evaluate_marked(items, "da")


def test_danish_set_at_least_70_percent_caught(danish_set):
    assert danish_set["caught"] >= 0.7 * danish_set["n"], [i["bad"] for i in danish_set["misses"]]


def test_danish_set_first_replacement_right_for_at_least_half(danish_set):
    assert danish_set["first_right"] >= 0.5 * danish_set["n"]


def test_danish_set_corrected_sentences_at_most_3_percent_flagged(danish_set):
    assert danish_set["false_alarms"] <= 0.03 * danish_set["n"], danish_set["alarms"]


@pytest.mark.skipif(not (CORPORA / "en_replies.jsonl").exists(), reason="the shared corpora are not here")
@pytest.mark.timeout(600)
def test_real_english_replies_few_grammar_findings_mostly_right():
    records = measure.corpus_records("en_replies.jsonl")
    words, found = measure.corpus_findings(records, "en")
    assert 1000 * len(found) / words <= 1.5
    labels = measure.load_labels()
    verdicts = [labels.get((rid, f.rule, f.start, f.end)) for rid, f in found]
    unlabelled = [(rid, f.rule, f.start, f.end) for (rid, f), v in zip(found, verdicts) if v is None]
    # New findings must be judged by hand (scripts/measure_grammar.py --unlabelled lists them).
    assert len(unlabelled) <= 0.1 * len(found), unlabelled
    labelled = [v for v in verdicts if v is not None]
    assert sum(labelled) >= 0.7 * len(labelled)


@pytest.mark.skipif(not (CORPORA / "da_prose.jsonl").exists(), reason="the shared corpora are not here")
def test_real_danish_prose_few_grammar_findings():
    records = measure.corpus_records("da_prose.jsonl")
    words, found = measure.corpus_findings(records, "da")
    assert 1000 * len(found) / words <= 1.5, [(f.rule, f.text) for _, f in found]


def test_a_300_word_offline_check_stays_inside_the_grammar_budget(grammar_service):
    from klarsvar.analysis.document import Document

    from klarsvar.analysis.grammar.offline import OfflineGrammar
    from tests.support.lt_server import wait_until

    offline = OfflineGrammar()
    offline.preload()  # linters are per process: this builds the service's too
    service = grammar_service(mode="local")
    assert wait_until(lambda: offline.harper.loaded("american") and service.status()["engine"] == "builtin", 30)
    text = ("Thanks for getting in touch about your order. I'm sorry the parcel has not arrived yet. I have "
            "checked with the courier and its on its way to you now, it should arrive on Thursday. ") * 8
    service.check(Document(text=text, language="en"))  # dictionaries load on the first check
    times = []
    for n in range(5):
        t0 = time.perf_counter()
        findings, status = service.check(Document(text=text + f" Ref {n}.", language="en"))
        times.append(time.perf_counter() - t0)
        assert status.complete
    assert sorted(times)[2] < 0.5  # the budget is 1.5 s; the offline engines take a fraction of it
    assert any(f.rule == "en.grammar.its_its_before_verb" for f in findings)


def test_labels_file_holds_no_corpus_text():
    for line in (DATA / "grammar_en_replies_labels.jsonl").read_text(encoding="utf-8").splitlines():
        assert set(json.loads(line)) == {"id", "rule", "start", "end", "correct"}
