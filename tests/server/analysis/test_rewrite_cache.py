"""Issues 13/17: a rewrite asked for again (same text, context and switched-off rules, no grammar engine) is
served from the pipeline's cache, equal to a fresh one; everything it depends on is part of the key. And the
cheaper line split and attribution test of the segmentation give what the regex-per-line versions gave."""

from __future__ import annotations

import re

import pytest

from klarsvar.analysis import pipeline, rewrite, text
from klarsvar.analysis.findings import GrammarStatus
from klarsvar.analysis.pipeline import CheckRequest, analyze
from klarsvar.analysis.terms import parse_terms

REPLY = ("Hi John,\n\nThanks for your message. Please be advised that your ticket has been escalated to "
         "our Tier 2 team.\n\nKindly note that the refund will be processed upon receipt of the unit.\n\nBest, Ann")
MESSAGE = "My parcel still hasn't arrived and I'm really upset!"


@pytest.fixture(autouse=True)
def fresh_caches():
    pipeline.clear_caches()
    yield
    pipeline.clear_caches()


@pytest.fixture
def rewrite_calls(monkeypatch):
    calls = []
    real = rewrite.rewrite

    def counting(*args, **kwargs):
        calls.append(args[0].text)
        return real(*args, **kwargs)

    monkeypatch.setattr(rewrite, "rewrite", counting)
    return calls


def _request(**changes) -> CheckRequest:
    fields = {"text": REPLY, "language": "en", "customer_message": MESSAGE, "grammar": False, **changes}
    return CheckRequest(**fields)


def _cold(request: CheckRequest, **kwargs) -> dict:
    pipeline.clear_caches()
    return analyze(request, **kwargs).to_dict()


def test_the_same_request_is_rewritten_once_and_equals_a_fresh_rewrite(rewrite_calls):
    first = analyze(_request())
    assert first.rewrite is not None and first.rewrite["text"] != REPLY
    first.rewrite["changes"].clear()  # a caller changing its answer must not change the next one
    first.rewrite["text"] = "changed"
    again = analyze(_request())
    assert len(rewrite_calls) == 1
    assert again.to_dict() == _cold(_request())


@pytest.mark.parametrize("changes, kwargs", [
    ({"channel": "chat"}, {}),
    ({"customer_message": "Thanks, all sorted now!"}, {}),
    ({"customer_message": None}, {}),
    ({"customer_name": "Johnny"}, {}),
    ({"text": REPLY.replace("refund", "money")}, {}),
    ({}, {"disabled": frozenset({"internal_language"})}),
    ({}, {"terms": parse_terms([{"term": "unit", "kind": "internal", "replacement": "product"}])}),
])
def test_everything_a_rewrite_depends_on_is_part_of_its_key(rewrite_calls, changes, kwargs):
    analyze(_request())
    other = analyze(_request(**changes), **kwargs)
    assert len(rewrite_calls) == 2
    assert other.to_dict() == _cold(_request(**changes), **kwargs)


def test_a_rewrite_with_a_grammar_engine_is_never_taken_from_the_cache(rewrite_calls):
    class NoFindings:
        def check(self, doc):
            return [], GrammarStatus()

    analyze(_request(grammar=True), grammar_checker=NoFindings())
    analyze(_request(grammar=True), grammar_checker=NoFindings())
    assert len(rewrite_calls) == 2
    analyze(_request(grammar=False), grammar_checker=NoFindings())
    analyze(_request(grammar=False), grammar_checker=NoFindings())
    assert len(rewrite_calls) == 3  # grammar not asked for: cached like a check without an engine


def test_clear_caches_forgets_rewrites(rewrite_calls):
    analyze(_request())
    assert len(pipeline.REWRITES) == 1
    pipeline.clear_caches()
    assert len(pipeline.REWRITES) == 0
    analyze(_request())
    assert len(rewrite_calls) == 2


# The line split as it was: one regex match per line, trimmed character by character.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def _reference_lines(value: str) -> list[tuple[int, int]]:
    lines = []
    for m in _LINE.finditer(value):
        s, e = m.start(), m.end()
        if s == e and s == len(value) and lines:
            break
        while e > s and value[e - 1] in "\r\n":
            e -= 1
        while s < e and value[s].isspace():
            s += 1
        while e > s and value[e - 1].isspace():
            e -= 1
        lines.append((s, e))
        if m.end() >= len(value):
            break
    return lines


@pytest.mark.parametrize("value", [
    "", " ", "a", "a\n", "a\n\n", "\n", "\r\n\r\n", "a\rb\r\nc\n", "  a  \n \t \n\u00a0b\u2028c\x85 ",
    "Hi\n\n  Thanks.  \r\n\r\nBest\nAnn\n", "\x0b\x0c\n\x1c",
])
def test_lines_are_split_and_trimmed_as_before(value):
    assert [(line.start, line.end) for line in text._split_lines(value)] == _reference_lines(value)


@pytest.mark.parametrize("attribution", [
    "On Mon, 3 May 2025, Maria <maria@example.com> wrote:",
    "ON MON, 3 MAY 2025, MARIA WROTE:",
    "Den 3. maj 2025 ſkrev Maria:",  # a long s matches "s" in the case-insensitive regex
    "Den 3. maj 2025 SKREV Maria:",
    "--- Original message ---",
])
def test_attributions_in_any_case_still_start_the_quoted_part(attribution):
    reply = f"Thanks, it ships today.\n\n{attribution}\nWhere is my parcel?"
    kinds = [s.kind for s in text.segment(reply, "en").sentences]
    assert kinds[0] == "body" and kinds[-1] == "quote"


def test_the_minor_changes_setting_is_part_of_the_key(rewrite_calls, monkeypatch):
    minor = _request(text="Hi Ann,\n\nPlease reach out to us if the parcel is late.\n\nBest, Bo", customer_message=None)
    assert analyze(minor).rewrite_skipped == "minor_changes"
    monkeypatch.setattr(rewrite, "MINOR_CHANGES", 0)
    offered = analyze(minor)
    assert len(rewrite_calls) == 2 and offered.rewrite_skipped is None and offered.rewrite is not None
