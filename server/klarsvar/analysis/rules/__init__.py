"""The phrase/substitution rule engine over `rules/<lang>/*.yml` (format: docs/authoring-rules.md).

Public API (the pipeline, the CLI, the rewrite and the tests use it; keep it stable):
`check(doc)`, `find(text, language, ...)`, `all_rules(language)`, `markdown()`,
`apply_first_replacement(text, finding)`, `replacement_edit(text, finding)`, `example_cases()`,
`verify_example(case)`, `shadowed_examples(language)`, `benchmark(...)`, `warm()`, `reload()`.

All entries of a language are compiled once into one engine (an index of fused prefilter regexes plus
per-entry verification where they hit); a check never loops over the entries.
"""

from __future__ import annotations

import functools
import logging
import statistics
import threading
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding
from ..terms import TeamTerms
from .engine import (Engine, allowed_regex, apply_first_replacement, explain_miss, match_case, replacement_edit,
                     run, team_entries)
from .loader import (KNOWN_FAMILIES, LANGUAGES, RULES_DIR, Entry, RuleError, RuleFile, load_file,
                     load_language, rule_files)
from .patterns import PatternError, compile_pattern

__all__ = [
    "check", "find", "all_rules", "markdown", "apply_first_replacement", "replacement_edit", "example_cases",
    "verify_example", "benchmark", "reload", "warm", "shadowed_examples", "RuleInfo", "ExampleCase", "RuleError",
    "PatternError", "KNOWN_FAMILIES", "LANGUAGES", "RULES_DIR", "Engine", "load_file", "rule_files",
    "compile_pattern", "match_case",
]

LANGUAGE_NAMES = {"da": "Danish", "en": "English"}
_log = logging.getLogger("klarsvar.rules")


# ------------------------------------------------------------------------------------------ caches

@functools.lru_cache(maxsize=None)
def _language_files(language: str) -> tuple[RuleFile, ...]:
    """Every rule file of a language, loaded and validated once."""
    return tuple(load_language(language))


def _files(language: str, directory: Path | str | None) -> tuple[RuleFile, ...]:
    """The rule files of a language, from the package or from another folder."""
    return _language_files(language) if directory is None else _directory_files(language, str(directory))


@functools.lru_cache(maxsize=16)
def _directory_files(language: str, directory: str) -> tuple[RuleFile, ...]:
    """Rule files of a language under another folder (test fixtures)."""
    return tuple(load_language(language, Path(directory)))


@functools.lru_cache(maxsize=None)
def _language_engine(language: str) -> Engine:
    """The engine holding every entry of a language, built once.

    A broken rule file is logged and left out here, so a data mistake never turns every check into a
    server error; the tests, `all_rules()` and `markdown()` load strictly and fail loudly on it.
    """
    try:
        files = _language_files(language)
    except RuleError:
        files = load_language(language, on_error=lambda error: _log.error("rule file skipped: %s", error))
    return Engine([e for f in files for e in f.entries])


@functools.lru_cache(maxsize=None)
def _file_engine(path: str) -> tuple[RuleFile, Engine]:
    """One rule file on its own (the example tests use it so one broken file cannot hide another's results)."""
    loaded = load_file(Path(path))
    return loaded, Engine(loaded.entries)


_team_lock = threading.Lock()
_team_cache: dict[tuple[int, str], tuple[weakref.ref, Engine | None, object]] = {}
_TEAM_CACHE_SIZE = 32


def _team(terms: TeamTerms | None, language: str):
    """(engine for the team's internal terms or None, regex for its allowed terms or None), cached per object."""
    if terms is None or not terms.terms:
        return None, None
    key = (id(terms), language)
    hit = _team_cache.get(key)
    if hit is not None and hit[0]() is terms:
        return hit[1], hit[2]
    internal = terms.internal(language)
    engine = Engine(team_entries(internal, language)) if internal else None
    allowed = allowed_regex(terms.allowed(language))
    with _team_lock:
        if len(_team_cache) >= _TEAM_CACHE_SIZE:
            _team_cache.clear()
        _team_cache[key] = (weakref.ref(terms), engine, allowed)
    return engine, allowed


def warm() -> None:
    """Load and compile every language's rules now (call at server start so no check pays for it)."""
    for language in LANGUAGES:
        _language_engine(language)


def reload() -> None:
    """Forget every loaded rule file and compiled engine (tests and `--watch` style tools)."""
    _language_files.cache_clear()
    _language_engine.cache_clear()
    _file_engine.cache_clear()
    _directory_engine.cache_clear()
    _directory_files.cache_clear()
    with _team_lock:
        _team_cache.clear()


# --------------------------------------------------------------------------------------- checking

def _check(doc, engines: list[Engine], families: frozenset[str] | None) -> list[Finding]:
    """Run `engines` (plus the document's team terms) over `doc`."""
    team_engine, allowed = _team(getattr(doc, "terms", None), doc.language)
    if team_engine is not None and (families is None or "team" in families):
        engines = [*engines, team_engine]
    spans = tuple((m.start(), m.end()) for m in allowed.finditer(doc.text)) if allowed is not None else ()
    return run(doc, engines, families=families, allowed_spans=spans)


def check(doc, *, directory: Path | str | None = None) -> list[Finding]:
    """Return the findings of every phrase rule (and the team's internal terms) for the document's language.

    `directory` uses the rule files under another folder (`<directory>/<lang>/*.yml`), e.g. test fixtures.
    """
    if doc.language not in LANGUAGES or not doc.text:
        return []
    engine = _language_engine(doc.language) if directory is None else _directory_engine(doc.language, str(directory))
    return _check(doc, [engine], None)


def find(text: str, language: str, *, channel: str = "email", families=None, terms: TeamTerms | None = None,
         directory: Path | str | None = None) -> list[Finding]:
    """Findings for a bare text: builds a Document; `families` limits to those families (`team` = team terms).

    `directory` uses the rule files under another folder (`<directory>/<lang>/*.yml`), e.g. test fixtures.
    """
    from ..document import Document

    if language not in LANGUAGES:
        return []
    doc = Document(text=text, language=language, channel=channel, terms=terms or TeamTerms())
    wanted = frozenset([families] if isinstance(families, str) else families) if families is not None else None
    engine = _language_engine(language) if directory is None else _directory_engine(language, str(directory))
    return _check(doc, [engine], wanted)


@functools.lru_cache(maxsize=16)
def _directory_engine(language: str, directory: str) -> Engine:
    """The engine for the rule files of `language` under another folder."""
    return Engine([e for f in _directory_files(language, directory) for e in f.entries])


# ------------------------------------------------------------------------------------- description

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


# ---------------------------------------------------------------------------------------- examples

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


# --------------------------------------------------------------------------------------- benchmark

def benchmark(text: str | None = None, language: str = "da", *, repeat: int = 300, words: int = 300) -> dict:
    """Time `check` on a reply of about `words` words; returns milliseconds (median, p95) and the rule count.

    Without `text`, the reply is built from the language's own bad and good examples: a worst case that is
    dense with flagged phrases.
    """
    from ..document import Document

    if text is None:
        pieces = [c.text for c in example_cases(language) if c.kind in ("bad", "good")]
        picked, count = [], 0
        i = 0
        while pieces and count < words:
            piece = pieces[(i * 7) % len(pieces)]
            picked.append(piece)
            count += len(piece.split())
            i += 1
        text = " ".join(picked) or "Tak for din besked."
    engine = _language_engine(language)
    wall, cpu = [], []
    findings = 0
    for n in range(repeat + 5):
        doc = Document(text=text, language=language)
        doc.segmentation  # noqa: B018 - segmentation is another stage's cost, not the rules'
        t0, c0 = time.perf_counter(), time.thread_time()
        findings = len(check(doc))
        if n >= 5:
            wall.append(time.perf_counter() - t0)
            cpu.append(time.thread_time() - c0)
    wall.sort()
    # CPU time of this thread: on a busy machine wall-clock medians mostly measure other processes.
    return {
        "language": language, "words": len(text.split()), "entries": len(engine.entries), "findings": findings,
        "median_ms": statistics.median(wall) * 1000, "p95_ms": wall[int(0.95 * (len(wall) - 1))] * 1000,
        "min_ms": wall[0] * 1000, "cpu_median_ms": statistics.median(cpu) * 1000,
    }
