"""Hand-written good rewrites of the project's drafts pass the model checks (data/good_rewrites.yaml, the set
the checks were corrected on; data/good_rewrites_heldout.yaml, run once, its outcomes recorded), and lose
their acceptance when a fact is dropped."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from klarsvar.analysis import model_check
from klarsvar.analysis.document import Document
from klarsvar.analysis.pipeline import CheckRequest, analyze

ROOT = Path(__file__).resolve().parents[3]
DRAFTS = {d["id"]: d for name in ("rewrite_examples.yaml", "rewrite_da_drafts.yaml")
          for d in yaml.safe_load((ROOT / "tests" / "data" / name).read_text(encoding="utf-8"))}
GOOD = yaml.safe_load((Path(__file__).parent / "data" / "good_rewrites.yaml").read_text(encoding="utf-8"))
HELDOUT = yaml.safe_load((Path(__file__).parent / "data" / "good_rewrites_heldout.yaml").read_text(encoding="utf-8"))


def verdict(draft: dict, candidate: str):
    """The checks' verdict on `candidate` as a rewrite of `draft`."""
    channel = draft.get("channel", "email")
    analysis = analyze(CheckRequest(text=draft["text"], language=draft["language"], channel=channel,
                                    customer_message=draft.get("message"), grammar=False))
    doc = Document(text=draft["text"], language=draft["language"], channel=channel,
                   customer_message=draft.get("message"), language_source="request")
    return model_check.verify(doc, analysis.findings, analysis.empathy, candidate)


@pytest.mark.parametrize("entry", GOOD, ids=[g["draft"] for g in GOOD])
def test_a_good_rewrite_is_accepted(entry):
    result = verdict(DRAFTS[entry["draft"]], entry["rewrite"])
    assert result.accepted, [r.to_dict() for r in result.refusals]


@pytest.mark.parametrize("entry", HELDOUT, ids=[g["draft"] for g in HELDOUT])
def test_held_out_good_rewrites_keep_their_recorded_outcome(entry):
    result = verdict(DRAFTS[entry["draft"]], entry["rewrite"])
    assert [r.check for r in result.refusals] == ([entry["refused_by"]] if "refused_by" in entry else [])


def droppable_facts(entry) -> list:
    """The draft's facts (other than the sign-off and signature) that its good rewrite carries."""
    draft = DRAFTS[entry["draft"]]
    facts = model_check.facts_of(Document(text=draft["text"], language=draft["language"], language_source="request"))
    return [f for f in facts if f.kind not in ("signature", "signoff") and f.text in entry["rewrite"]]


WITH_FACTS = [g for g in GOOD + HELDOUT if droppable_facts(g)]


def test_most_rewrites_carry_a_fact_to_drop():
    assert len(WITH_FACTS) >= 20


@pytest.mark.parametrize("entry", WITH_FACTS, ids=[g["draft"] for g in WITH_FACTS])
def test_a_good_rewrite_that_drops_a_fact_is_refused(entry):
    for fact in droppable_facts(entry):
        broken = entry["rewrite"].replace(fact.text, "")
        assert "facts" in [r.check for r in verdict(DRAFTS[entry["draft"]], broken).refusals], fact
