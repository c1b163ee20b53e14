"""Issues 13/17: the rewrite leans on the pipeline's caches across passes and keystrokes; while an agent types,
every rewrite must be the one a cold run (caches cleared) makes of the same text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from klarsvar.analysis import pipeline
from klarsvar.analysis.pipeline import CheckRequest, analyze

DATA = Path(__file__).resolve().parents[2] / "data"
# A few labelled drafts of each language (acknowledgements, removals, several passes), not the whole set: fast.
DRAFTS = (yaml.safe_load((DATA / "rewrite_examples.yaml").read_text(encoding="utf-8"))[:6]
          + yaml.safe_load((DATA / "rewrite_da_drafts.yaml").read_text(encoding="utf-8"))[:6])


def _keystrokes(text: str) -> list[str]:
    """The draft, then the same with one word near the middle changed, as while typing (three times)."""
    words = text.split(" ")
    out = [text]
    for k in range(3):
        at = min(len(words) - 1, max(0, len(words) // 2 + k - 1))
        changed = list(words)
        changed[at] += "s"
        out.append(" ".join(changed))
    return out


def _rewrite(text: str, draft: dict) -> tuple:
    result = analyze(CheckRequest(text, language="auto", channel=draft.get("channel", "email"),
                                  customer_message=draft.get("message"), rewrite=True, grammar=False))
    return result.rewrite, result.rewrite_skipped


@pytest.fixture(autouse=True)
def fresh_caches():
    pipeline.clear_caches()
    yield
    pipeline.clear_caches()


def test_rewrites_while_typing_equal_cold_rewrites():
    typed = [(text, draft, _rewrite(text, draft)) for draft in DRAFTS for text in _keystrokes(draft["text"])]
    assert any(r[0] and r[0]["changes"] for _t, _d, r in typed)  # the drafts do get rewritten
    for text, draft, warm in typed:
        pipeline.clear_caches()
        assert _rewrite(text, draft) == warm, draft["id"]


def test_a_repeated_request_gets_the_same_rewrite_from_the_caches():
    draft = DRAFTS[0]
    first = _rewrite(draft["text"], draft)
    assert _rewrite(draft["text"], draft) == first
