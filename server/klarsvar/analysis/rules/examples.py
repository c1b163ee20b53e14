"""The rule files' examples as tests: `example_cases`, `verify_example`, `shadowed_examples`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding
from .checking import _file_engine, find
from .engine import apply_first_replacement, explain_miss, run
from .loader import LANGUAGES, rule_files


@dataclass(frozen=True)
class ExampleCase:
    """One example of one entry, runnable as a test (`test_id` like `da.internal_language.eskalere-bad-0`)."""

    test_id: str
    rule: str
    language: str
    family: str
    kind: str
    text: str
    fixed: str | None
    channel: str
    path: str


def example_cases(language: str | None = None, *, directory: Path | str | None = None) -> list[ExampleCase]:
    """Every example of every entry of every rule file (raises RuleError if a file is broken)."""
    languages = LANGUAGES if language is None else (language,)
    out = []
    for lang in languages:
        for path in rule_files(lang, Path(directory) if directory is not None else None):
            out.extend(file_example_cases(path))
    return out


def file_example_cases(path: Path | str) -> list[ExampleCase]:
    """The example cases of one rule file."""
    loaded, _ = _file_engine(str(path))
    out = []
    for entry in loaded.entries:
        counters: dict[str, int] = {}
        for example in entry.examples:
            n = counters.get(example.kind, 0)
            counters[example.kind] = n + 1
            out.append(ExampleCase(f"{entry.rule_id}-{example.kind}-{n}", entry.rule_id, entry.language,
                                   entry.family, example.kind, example.text, example.fixed,
                                   example.channel or "email", str(path)))
    return out


def verify_example(case: ExampleCase) -> list[str]:
    """Problems with one example (empty when it behaves as its kind says)."""
    from ..document import Document

    _, engine = _file_engine(case.path)

    def findings_for(text: str) -> list[Finding]:
        return [f for f in run(Document(text=text, language=case.language, channel=case.channel), [engine])
                if f.rule == case.rule]

    own = findings_for(case.text)
    problems = []
    if case.kind == "bad":
        if not own:
            doc = Document(text=case.text, language=case.language, channel=case.channel)
            problems.append(f"False negative: {case.rule} does not flag {case.text!r} "
                            f"({explain_miss(doc, engine, case.rule)})")
        elif case.fixed is not None:
            got = apply_first_replacement(case.text, own[0])
            if got != case.fixed:
                problems.append(f"Replacement of {case.rule} on {own[0].text!r} gives {got!r}, "
                                f"expected {case.fixed!r}")
            elif findings_for(got):
                problems.append(f"The fixed text {got!r} is still flagged by {case.rule}")
    elif own:
        spans = ", ".join(repr(f.text) for f in own)
        problems.append(f"False positive: {case.rule} flags {spans} in {case.kind} example {case.text!r}")
    return problems


def shadowed_examples(language: str) -> list[tuple[str, str, str]]:
    """Bad examples that, with ALL families loaded, lose to a longer match of another entry.

    Returns (example test id, winning rule, its matched text). Not an error: the reply is still flagged, by
    the longer rule; but it shows where two families overlap.
    """
    out = []
    for case in example_cases(language):
        if case.kind != "bad":
            continue
        found = find(case.text, language, channel=case.channel)
        if not any(f.rule == case.rule for f in found):
            cover = next((f for f in found), None)
            out.append((case.test_id, cover.rule if cover else "(nothing)", cover.text if cover else ""))
    return out
