"""Issue 17: numbering a finding (`with_id`) copies it without building it again; the copy is the one
`dataclasses.replace` makes, field for field, frozen, and equal and hashed alike."""

from __future__ import annotations

import dataclasses

import pytest

from klarsvar.analysis.findings import Finding, finalize


@pytest.mark.parametrize("finding", [
    Finding("plain_language", "en.plain_language.kindly", "suggestion", "Say please.", 4, 10, "Kindly",
            ("Please",)),
    Finding("readability", "da.readability.band", "suggestion", "Svær at læse."),
    Finding("spelling", "en.spelling", "error", "Typo.", 0, 3, "teh", tuple("abcdefg")),  # cut to five
])
def test_with_id_is_the_replaced_finding(finding):
    numbered = finding.with_id(3)
    expected = dataclasses.replace(finding, id=numbered.id)
    assert type(numbered) is Finding
    assert vars(numbered) == vars(expected)
    assert numbered == expected and hash(numbered) == hash(expected)
    assert numbered.id and numbered.id != finding.with_id(4).id
    assert finding.id == ""  # the original is left as it was
    with pytest.raises(dataclasses.FrozenInstanceError):
        numbered.id = "x"


def test_finalize_numbers_repeated_words():
    a = Finding("plain_language", "en.x", "suggestion", "m", 0, 2, "Ab")
    b = Finding("plain_language", "en.x", "suggestion", "m", 5, 7, "ab")
    first, second = finalize([b, a])
    assert (first.start, second.start) == (0, 5)
    assert first.id == a.with_id(0).id and second.id == b.with_id(1).id != first.id
