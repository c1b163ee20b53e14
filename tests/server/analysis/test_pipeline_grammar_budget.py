"""The rewrite's re-checks never spend the grammar budget again after the engine ran out of it once."""

from __future__ import annotations

from klarsvar.analysis.findings import GrammarStatus
from klarsvar.analysis.pipeline import CheckRequest, analyze

# A reply the rewrite changes (stock sympathy, jargon), so it re-checks sentences.
DRAFT = "Hi Anna,\n\nSorry for the inconvenience. We have escalated your ticket to 2nd level support.\n\nBest,\nTom"
CUSTOMER = "My order has not arrived and nobody answers. This is the third time I write! Ridiculous."


class CountingGrammar:
    """A grammar engine stand-in that reports whether it finished and counts its calls."""

    def __init__(self, complete: bool) -> None:
        self.complete = complete
        self.calls = 0

    def check(self, doc):
        self.calls += 1
        return [], GrammarStatus(engine="languagetool", complete=self.complete)


def _run(engine):
    return analyze(CheckRequest(text=DRAFT, language="en", customer_message=CUSTOMER), grammar_checker=engine)


def test_incomplete_grammar_is_not_asked_again_by_the_rewrite():
    engine = CountingGrammar(complete=False)
    analysis = _run(engine)
    assert analysis.rewrite is not None and analysis.rewrite["text"] != DRAFT
    assert engine.calls == 1


def test_complete_grammar_rechecks_the_changed_sentences():
    engine = CountingGrammar(complete=True)
    analysis = _run(engine)
    assert analysis.rewrite is not None and analysis.rewrite["text"] != DRAFT
    assert engine.calls > 1
