#!/usr/bin/env python3
"""Measure how often each phrase-rule family fires on texts a person would call fine.

Usage (from the repo root):

    .venv/bin/python scripts/measure_lexicon.py da
    .venv/bin/python scripts/measure_lexicon.py da --corpus /tmp/edu/manual.html --show 5
    .venv/bin/python scripts/measure_lexicon.py en --markdown

Inputs are language-generic:
- the language's own labelled set of good replies, `tests/data/friendly_replies_<lang>.txt`
  (one reply per paragraph, paragraphs separated by blank lines), unless `--replies` names another file;
- any number of `--corpus PATH` sources of real public text: a `.txt` file (paragraphs separated by blank
  lines), an `.html`/`.xhtml` file (its <p>/<li>/<td> texts), a `.mo` gettext catalogue (its translated
  messages), a `.jsonl` file (one JSON object per line with a `text` and, optionally, a `language`;
  records in another language are skipped), or a directory (every such file below it). Corpus paragraphs are kept only when they have
  at least `--min-words` words and the product's own language detector says they are in `<lang>`.

For each source it reports, per family, the share of texts with at least one finding of that family, the
number of findings and findings per 1,000 words. All families of the language are loaded together (as in
the product), so overlapping matches resolve exactly as they would for an agent.
"""

from __future__ import annotations

import argparse
import gettext
import html
import json
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))

from klarsvar.analysis import rules  # noqa: E402
from klarsvar.analysis.language import detect_language  # noqa: E402

# The four lexicon families of issue 5; other families are listed too, after these.
LEXICON_FAMILIES = ("internal_language", "plain_language", "nominal_style", "passive")
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


@dataclass
class SourceResult:
    """What the rules found in one source of texts."""

    name: str
    texts: int = 0
    words: int = 0
    texts_with: Counter = field(default_factory=Counter)  # family -> texts with ≥1 finding
    findings: Counter = field(default_factory=Counter)  # family -> findings
    by_rule: Counter = field(default_factory=Counter)  # rule id -> findings
    samples: dict = field(default_factory=lambda: defaultdict(list))  # family -> [(rule, span, text)]


def paragraphs_from_text(raw: str) -> list[str]:
    """Paragraphs of a plain-text file: blocks separated by blank lines, inner line breaks joined."""
    blocks = re.split(r"\n\s*\n", raw.replace("\r\n", "\n"))
    return [" ".join(b.split()) for b in blocks if b.strip()]


def paragraphs_from_html(raw: str) -> list[str]:
    """The texts of <p>, <li> and <td> elements of an HTML page, tags stripped and entities decoded."""
    raw = re.sub(r"(?is)<(script|style|pre|code)\b.*?</\1>", " ", raw)
    out = []
    for m in re.finditer(r"(?is)<(p|li|td|dd)\b[^>]*>(.*?)</\1>", raw):
        text = html.unescape(re.sub(r"(?s)<[^>]+>", " ", m.group(2)))
        text = " ".join(text.split())
        if text:
            out.append(text)
    return out


def paragraphs_from_mo(path: Path) -> list[str]:
    """The translated messages of a gettext .mo catalogue (format placeholders left as they are)."""
    with path.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # the parsed msgid → msgstr table
    out = []
    for key, value in catalog.items():
        if not key or not isinstance(value, str):
            continue  # the header entry, or plural forms (tuples as keys)
        text = " ".join(value.replace("\\n", " ").split())
        if text:
            out.append(text)
    return out


def paragraphs_from_jsonl(path: Path, language: str) -> list[str]:
    """The `text` of each JSON line whose `language` (when it has one) is `language`."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            if record.get("text") and record.get("language", language) == language:
                out.append(record["text"])
    return out


def read_source(path: Path, language: str) -> list[str]:
    """Paragraphs of one corpus path (file or directory), by file type."""
    if path.is_dir():
        out: list[str] = []
        for child in sorted(path.rglob("*")):
            if child.is_file() and child.suffix.lower() in (".txt", ".html", ".htm", ".xhtml", ".mo", ".jsonl"):
                out.extend(read_source(child, language))
        return out
    suffix = path.suffix.lower()
    if suffix == ".mo":
        return paragraphs_from_mo(path)
    if suffix == ".jsonl":
        return paragraphs_from_jsonl(path, language)
    raw = path.read_text(encoding="utf-8", errors="replace")
    if suffix in (".html", ".htm", ".xhtml"):
        return paragraphs_from_html(raw)
    return paragraphs_from_text(raw)


def family_of(rule_id: str) -> str:
    """`da.internal_language.eskalere` → `internal_language`."""
    parts = rule_id.split(".")
    return parts[1] if len(parts) > 2 else rule_id


def measure(name: str, texts: list[str], language: str, samples: int) -> SourceResult:
    """Run every rule of `language` on each text and count findings per family."""
    result = SourceResult(name)
    for text in texts:
        result.texts += 1
        result.words += len(WORD.findall(text))
        seen: set[str] = set()
        for finding in rules.find(text, language):
            family = family_of(finding.rule)
            result.findings[family] += 1
            result.by_rule[finding.rule] += 1
            if family not in seen:
                seen.add(family)
                result.texts_with[family] += 1
            if len(result.samples[family]) < samples:
                result.samples[family].append((finding.rule, finding.text, text))
    return result


def families_in(results: list[SourceResult]) -> list[str]:
    """The lexicon families first, then any other family that fired."""
    others = sorted({f for r in results for f in r.findings} - set(LEXICON_FAMILIES))
    return [*LEXICON_FAMILIES, *others]


def percent(part: int, whole: int) -> str:
    """A share as a percentage with one decimal."""
    return f"{100 * part / whole:.1f} %" if whole else "–"


def report_text(results: list[SourceResult], show: int) -> str:
    """A plain-text report: one block per source."""
    lines = []
    for r in results:
        lines.append(f"== {r.name}: {r.texts} texts, {r.words} words")
        for family in families_in(results):
            per_k = 1000 * r.findings[family] / r.words if r.words else 0.0
            lines.append(f"   {family:20s} texts with a finding {r.texts_with[family]:4d} ({percent(r.texts_with[family], r.texts):>7s})"
                         f"   findings {r.findings[family]:4d}   per 1,000 words {per_k:5.2f}")
        if show:
            lines.append("   most frequent rules: " + ", ".join(f"{k} ×{v}" for k, v in r.by_rule.most_common(12)))
            for family in families_in(results):
                for rule, span, text in r.samples.get(family, [])[:show]:
                    snippet = text if len(text) < 160 else text[:157] + "…"
                    lines.append(f"     [{rule}] {span!r} in: {snippet}")
    return "\n".join(lines)


def report_markdown(results: list[SourceResult]) -> str:
    """A Markdown table: rows are families, one column pair per source."""
    families = families_in(results)
    head = "| family | " + " | ".join(f"{r.name} ({r.texts} texts, {r.words} words)" for r in results) + " |"
    sep = "|---|" + "---|" * len(results)
    rows = [head, sep]
    for family in families:
        cells = []
        for r in results:
            per_k = 1000 * r.findings[family] / r.words if r.words else 0.0
            cells.append(f"{percent(r.texts_with[family], r.texts)} of texts · {r.findings[family]} findings · {per_k:.2f}/1,000 words")
        rows.append(f"| {family} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, measure each source, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("language", choices=sorted(rules.LANGUAGES))
    parser.add_argument("--replies", type=Path, help="labelled good replies (default tests/data/friendly_replies_<lang>.txt)")
    parser.add_argument("--corpus", type=Path, action="append", default=[], help="real public text: .txt, .html, .mo, .jsonl or a folder")
    parser.add_argument("--min-words", type=int, default=6, help="shortest corpus paragraph kept (default 6)")
    parser.add_argument("--show", type=int, default=0, help="print up to N sample findings per family")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table instead of text")
    args = parser.parse_args(argv)

    replies = args.replies or ROOT / "tests" / "data" / f"friendly_replies_{args.language}.txt"
    results = []
    if replies.exists():
        results.append(measure(replies.name, paragraphs_from_text(replies.read_text(encoding="utf-8")),
                               args.language, args.show))
    else:
        print(f"note: no labelled replies at {replies}", file=sys.stderr)
    for path in args.corpus:
        if not path.exists():
            parser.error(f"corpus path not found: {path}")
        # A JSON line says its own language; other sources are filtered by the product's detector.
        texts = [t for t in read_source(path, args.language)
                 if len(WORD.findall(t)) >= args.min_words
                 and (path.suffix.lower() == ".jsonl" or detect_language(t) == args.language)]
        results.append(measure(path.name, texts, args.language, args.show))
    if not results:
        parser.error("nothing to measure")
    print(report_markdown(results) if args.markdown else report_text(results, args.show))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
