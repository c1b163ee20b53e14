"""Extract the <example> sentences of LanguageTool's Danish grammar.xml into tests/data/languagetool_da_examples.jsonl.

Run: .venv/bin/python scripts/extract_languagetool_danish.py PATH/TO/grammar.xml [--out FILE]

The input is LanguageTool's `languagetool-language-modules/da/src/main/resources/org/languagetool/rules/da/grammar.xml`
(LGPL-2.1; see tests/data/languagetool_da_examples.md for the version read). One JSON line per example, in file order:

  rule         the rule's id (a rule inside a rulegroup has the group's id unless it has its own)
  subrule      1-based position of the rule inside its rulegroup (1 for a rule outside a group)
  category     the <category name> it sits in
  default_off  true when the rule or its rulegroup has default="off" (LanguageTool does not run it)
  kind         "incorrect" (the example has a correction attribute) or "correct"
  text         the sentence, markers removed
  marker       [start, end] of the <marker> span in `text` (Python str indices; UTF-16 equals them here,
               the file has no characters outside the BMP), or null when the example has no marker
  corrections  LanguageTool's corrections (the `|`-separated attribute), [] for correct examples

Commented-out examples are not examples (LanguageTool's own tests skip them) and are left out.
The output is deterministic: running the script on the same file gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "tests" / "data" / "languagetool_da_examples.jsonl"


def example_record(example: ET.Element, rule: str, subrule: int, category: str, default_off: bool) -> dict:
    """One <example> as a record: its text without the marker tags, the marker span and the corrections."""
    text = example.text or ""
    marker = None
    for child in example:
        if child.tag != "marker":
            raise ValueError(f"{rule}: unexpected <{child.tag}> inside an example")
        if marker is not None:
            raise ValueError(f"{rule}: two markers in one example")
        inner = "".join(child.itertext())
        marker = [len(text), len(text) + len(inner)]
        text += inner + (child.tail or "")
    correction = example.get("correction")
    kind = "incorrect" if correction is not None else "correct"
    if kind == "incorrect" and marker is None:
        raise ValueError(f"{rule}: an incorrect example without a marker: {text!r}")
    return {
        "rule": rule,
        "subrule": subrule,
        "category": category,
        "default_off": default_off,
        "kind": kind,
        "text": text,
        "marker": marker,
        "corrections": correction.split("|") if correction else [],
    }


def extract(xml_text: str) -> list[dict]:
    """All examples of the rules file, in file order."""
    root = ET.fromstring(xml_text.encode("utf-8"))
    records = []
    for category in root.iter("category"):
        name = category.get("name", "")
        for node in category:
            if node.tag == "rulegroup":
                group_off = node.get("default") == "off"
                for position, rule in enumerate(node.findall("rule"), start=1):
                    rule_id = rule.get("id") or node.get("id")
                    off = group_off or rule.get("default") == "off"
                    records += [example_record(e, rule_id, position, name, off) for e in rule.findall("example")]
            elif node.tag == "rule":
                off = node.get("default") == "off"
                records += [example_record(e, node.get("id"), 1, name, off) for e in node.findall("example")]
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("xml", type=Path, help="LanguageTool's Danish grammar.xml")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    records = extract(args.xml.read_text(encoding="utf-8"))
    lines = [json.dumps(r, ensure_ascii=False, sort_keys=False) for r in records]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    incorrect = [r for r in records if r["kind"] == "incorrect"]
    off = [r for r in records if r["default_off"]]
    print(f"{len(records)} examples ({len(incorrect)} incorrect, {len(records) - len(incorrect)} correct; "
          f"{len(off)} from default-off rules) -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
