"""No plainer word inside a label the customer must find: a path through menus keeps its words (issue 13's drafts)."""

import pytest

from klarsvar.analysis.document import Document
from klarsvar.analysis.rules import checking

pytestmark = pytest.mark.timeout(60)


def _flagged(text: str, language: str) -> list[str]:
    return [f.text for f in checking.check(Document(text=text, language=language)) if f.category == "plain_language"]


def test_a_step_of_a_menu_path_is_not_swapped():
    text = "Upload dem under Konto > Verifikation > Yderligere dokumenter. Yderligere oplysninger får du her."
    found = _flagged(text, "da")
    assert found == ["Yderligere"]
    start = text.index("Yderligere oplysninger")
    assert [f.start for f in checking.check(Document(text=text, language="da"))
            if f.rule == "da.plain_language.yderligere_flere"] == [start]


def test_the_same_words_outside_a_path_are_still_flagged():
    assert _flagged("Upload dem under Yderligere dokumenter i appen.", "da") == ["Yderligere"]
