"""docs/rules.md is generated from the rule data and must be up to date; the generator shows every entry."""

from __future__ import annotations

from pathlib import Path

from klarsvar.analysis import rules

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).parent / "fixtures" / "rules"


def test_rules_doc_is_up_to_date() -> None:
    """docs/rules.md equals rules.markdown(); regenerate it when the data changes."""
    doc = ROOT / "docs" / "rules.md"
    hint = "run `make rules-doc` (or `.venv/bin/python -m klarsvar.analysis.rules --markdown > docs/rules.md`)"
    assert doc.exists(), f"docs/rules.md is missing: {hint}"
    assert doc.read_text(encoding="utf-8") == rules.markdown(), f"docs/rules.md is out of date: {hint}"


def test_markdown_lists_every_entry_with_example() -> None:
    """Each fixture entry appears once in its family's table, with patterns, message and an example."""
    text = rules.markdown(directory=FIXTURES)
    infos = rules.all_rules(directory=FIXTURES)
    assert "## Danish (`da`): 13 rules" in text and "## English (`en`): 4 rules" in text
    for info in infos:
        short = info.id.rsplit(".", 1)[1]
        rows = [line for line in text.splitlines() if line.startswith(f"| `{short}`")]
        assert rows, f"{info.id} missing from the doc"
    row = next(line for line in text.splitlines() if line.startswith("| `eskalere`"))
    assert "`eskalere~`, `eskalering*`" in row
    assert "✗ Sagen er eskaleret. → ✓ Sagen er sendt videre til en kollega." in row
    delete = next(line for line in text.splitlines() if line.startswith("| `please_be_advised`"))
    assert "*(delete)*" in delete


def test_markdown_escapes_table_syntax() -> None:
    """Pipes in patterns do not break the table (`{a|b}`)."""
    text = rules.markdown(directory=FIXTURES)
    row = next(line for line in text.splitlines() if line.startswith("| `paagaeldende`"))
    assert "`{den \\|det \\|}pågældende`" in row
    assert row.count(" | ") == 4


def test_markdown_marks_scope_channel_and_severity() -> None:
    """Entries with a scope, a channel or their own severity say so in the Rule column."""
    text = rules.markdown(directory=FIXTURES)
    row = next(line for line in text.splitlines() if line.startswith("| `god_dag`"))
    assert "scope closing" in row and "chat only" in row
