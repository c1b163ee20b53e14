"""What the rules are, for people: `RuleInfo`, `all_rules` (the CLI) and `markdown` (docs/rules.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .checking import _files
from .loader import LANGUAGES, Entry

LANGUAGE_NAMES = {"da": "Danish", "en": "English"}


@dataclass(frozen=True)
class RuleInfo:
    """What the CLI and docs show about one rule."""

    id: str
    language: str
    family: str
    category: str
    severity: str
    message: str
    replacements: tuple[str, ...]
    examples: dict = field(default_factory=dict)  # {"bad": n, "good": n, "ok": n}
    patterns: tuple[str, ...] = ()
    scope: str = "body"
    channel: str | None = None
    path: str = ""

    def to_dict(self) -> dict:
        """JSON-ready form (`klarsvar rules --json`)."""
        return {
            "id": self.id, "language": self.language, "family": self.family, "category": self.category,
            "severity": self.severity, "message": self.message, "replacements": list(self.replacements),
            "examples": dict(self.examples), "patterns": list(self.patterns), "scope": self.scope,
            "channel": self.channel, "path": self.path,
        }


def _info(entry: Entry) -> RuleInfo:
    """RuleInfo for an entry."""
    counts = {k: sum(1 for e in entry.examples if e.kind == k) for k in ("bad", "good", "ok")}
    return RuleInfo(entry.rule_id, entry.language, entry.family, entry.category, entry.severity, entry.message,
                    entry.replacements, counts, entry.pattern_sources, entry.scope, entry.channel, entry.path)


def all_rules(language: str | None = None, *, directory: Path | str | None = None) -> list[RuleInfo]:
    """Every rule of `language` (or of all languages), in file order."""
    languages = LANGUAGES if language is None else (language,)
    return [_info(e) for lang in languages for f in _files(lang, directory) for e in f.entries]


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _code(text: str) -> str:
    """Inline code safe inside a Markdown table cell."""
    t = _cell(text)
    return f"`` {t} ``" if "`" in t else f"`{t}`"


def markdown(*, directory: Path | str | None = None) -> str:
    """docs/rules.md: per language and family, a table of every rule with one bad → better example."""
    lines = [
        "# Rules",
        "",
        "<!-- Generated from server/klarsvar/rules/<lang>/*.yml by `make rules-doc`. Do not edit by hand. -->",
        "",
        "Every rule below is data in `server/klarsvar/rules/<lang>/<family>.yml` (format: "
        "[authoring-rules.md](authoring-rules.md)). Its examples are its tests. Rule ids are "
        "`<lang>.<family>.<id>`; a team's own internal terms become `<lang>.team.<term>` rules at run time.",
        "",
    ]
    for language in LANGUAGES:
        files = _files(language, directory)
        total = sum(len(f.entries) for f in files)
        lines += [f"## {LANGUAGE_NAMES[language]} (`{language}`): {total} rules", ""]
        if not files:
            lines += ["No rules yet.", ""]
            continue
        lines += ["| Family | Category | Rules |", "|---|---|---:|"]
        lines += [f"| [{f.family}](#{language}-{f.family.replace('_', '-')}) | {f.category} | {len(f.entries)} |"
                  for f in files]
        lines.append("")
        for f in files:
            lines += [f'<a id="{language}-{f.family.replace("_", "-")}"></a>', "",
                      f"### {language} · {f.family} ({len(f.entries)})", ""]
            meta = f"Category `{f.category}`, default severity `{f.severity}`."
            if f.source:
                meta += f" Source: {_cell(f.source)}."
            lines += [meta, ""]
            if f.description:
                lines += [_cell(f.description), ""]
            lines += ["| Rule | Matches | Message | Replacements | Example |", "|---|---|---|---|---|"]
            for e in f.entries:
                patterns = ", ".join(_code(p) for p in e.pattern_sources)
                replacements = ", ".join(_cell(r) if r else "*(delete)*" for r in e.replacements) or "—"
                extras = []
                if e.severity != f.severity:
                    extras.append(e.severity)
                if e.scope != "body":
                    extras.append(f"scope {e.scope}")
                if e.channel:
                    extras.append(f"{e.channel} only")
                rule = f"`{e.id}`" + (f" ({', '.join(extras)})" if extras else "")
                lines.append(f"| {rule} | {patterns} | {_cell(e.message)} | {replacements} | {_example_cell(e)} |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _example_cell(entry: Entry) -> str:
    """'bad → better' for the docs: the first fixed example, else the first bad and first good."""
    fixed = next((x for x in entry.examples if x.kind == "bad" and x.fixed is not None), None)
    if fixed is not None:
        return f"✗ {_cell(fixed.text)} → ✓ {_cell(fixed.fixed)}"
    bad = next(x for x in entry.examples if x.kind == "bad")
    good = next((x for x in entry.examples if x.kind == "good"), None)
    return f"✗ {_cell(bad.text)}" + (f" → ✓ {_cell(good.text)}" if good else "")
