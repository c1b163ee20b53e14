"""Meta-tests on the rule data: every file loads, families are known, every entry and pattern has examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from klarsvar.analysis import rules

ALL_FILES = [p for lang in rules.LANGUAGES for p in rules.rule_files(lang)]
FILE_IDS = [f"{p.parent.name}/{p.name}" for p in ALL_FILES]


def test_rules_live_only_in_language_folders() -> None:
    """Rule files sit in rules/<lang>/ for a known language, and nothing else is there."""
    for path in rules.RULES_DIR.rglob("*"):
        if path.is_file() and path.suffix in (".yml", ".yaml"):
            assert path.parent.parent == rules.RULES_DIR, f"{path} is not in rules/<lang>/"
            assert path.parent.name in rules.LANGUAGES, f"{path}: unknown language folder"
            assert path.suffix == ".yml", f"{path}: use the .yml extension"


@pytest.mark.parametrize("path", ALL_FILES, ids=FILE_IDS)
def test_family_is_known(path: Path) -> None:
    """A family is a deliberate decision: its file name is one of the known families."""
    assert path.stem in rules.KNOWN_FAMILIES, (
        f"{path.name}: unknown family; known: {', '.join(rules.KNOWN_FAMILIES)}")


@pytest.mark.parametrize("path", ALL_FILES, ids=FILE_IDS)
def test_file_loads_and_every_entry_has_examples(path: Path) -> None:
    """The file validates, and every entry has at least one bad and one good-or-ok example."""
    loaded = rules.load_file(path)
    for entry in loaded.entries:
        kinds = {e.kind for e in entry.examples}
        assert "bad" in kinds, f"{entry.rule_id}: no bad example"
        assert kinds & {"good", "ok"}, f"{entry.rule_id}: no good or ok example"


def _data_files() -> list[Path]:
    """Every YAML data file the analysis reads: rule files, the empathy and other data, the offline grammar rules."""
    server = Path(rules.RULES_DIR).parent
    return sorted([*server.glob("rules/*/*.yml"), *server.glob("data/**/*.yml"),
                   *server.glob("analysis/grammar/offline_rules/*/*.yml")])


@pytest.mark.parametrize("path", _data_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_key_is_given_twice(path: Path) -> None:
    """A key written twice in one mapping (a second `ok:` list) silently drops the first: the loaders keep the last."""
    import yaml

    seen: list[str] = []

    class Strict(yaml.SafeLoader):
        """Records a key that a mapping already holds."""

    def mapping(loader, node, deep=False):
        keys = set()
        for key_node, _value in node.value:
            key = loader.construct_object(key_node, deep=deep)
            if key in keys:
                seen.append(f"line {key_node.start_mark.line + 1}: {key!r}")
            keys.add(key)
        return yaml.SafeLoader.construct_mapping(loader, node, deep)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    yaml.load(path.read_text(encoding="utf-8"), Loader=Strict)
    assert not seen, f"{path.name}: keys given twice at " + ", ".join(seen)


@pytest.mark.parametrize("path", ALL_FILES, ids=FILE_IDS)
def test_every_pattern_is_exercised_by_a_bad_example(path: Path) -> None:
    """Each pattern and regex of an entry matches at least one of its bad examples (no untested pattern)."""
    import re

    loaded = rules.load_file(path)
    untested = []
    for entry in loaded.entries:
        bad = [e.text for e in entry.examples if e.kind == "bad"]
        for pattern in entry.patterns:
            regex = re.compile(pattern.full, 0 if entry.case_sensitive else re.IGNORECASE)
            if not any(regex.search(text) for text in bad):
                untested.append(f"{entry.rule_id}: pattern {pattern.source!r}")
        for source in entry.regexes:
            regex = re.compile(source, 0 if entry.case_sensitive else re.IGNORECASE)
            if not any(regex.search(text) for text in bad):
                untested.append(f"{entry.rule_id}: regex {source!r}")
    assert not untested, "no bad example uses:\n" + "\n".join(untested)


def test_rule_ids_are_unique_across_languages() -> None:
    """Rule ids are globally unique (they are `<lang>.<family>.<id>`)."""
    ids = [r.id for r in rules.all_rules()]
    assert len(ids) == len(set(ids))
