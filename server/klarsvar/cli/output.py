"""Human output of a check: colours, excerpts with carets, the summary and the rewrite diff."""

from __future__ import annotations

import os

from .common import write as _write


class Style:
    """ANSI styling that turns itself off when colour is not wanted."""

    CODES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "blue": "34",
             "magenta": "35", "cyan": "36", "underline": "4", "strike": "9"}

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    @staticmethod
    def wanted(stream) -> bool:
        """Colour when the stream is a terminal or FORCE_COLOR is set; NO_COLOR always wins."""
        if os.environ.get("NO_COLOR"):
            return False
        if os.environ.get("FORCE_COLOR"):
            return True
        return hasattr(stream, "isatty") and stream.isatty()

    def __call__(self, text: str, *styles: str) -> str:
        """Wrap `text` in the given styles."""
        if not self.enabled or not styles or not text:
            return text
        codes = ";".join(self.CODES[s] for s in styles)
        return f"\x1b[{codes}m{text}\x1b[0m"


SEVERITY_STYLE = {"error": ("red", "bold"), "warning": ("yellow", "bold"), "suggestion": ("cyan",)}


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column (in characters) of a code-point offset."""
    line = text.count("\n", 0, index) + 1
    line_start = text.rfind("\n", 0, index) + 1
    return line, index - line_start + 1


def _display_width(text: str) -> int:
    """How many terminal columns `text` takes (wide East Asian characters and emoji take two)."""
    import unicodedata

    width = 0
    for ch in text:
        if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d\ufeff":
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _printable(text: str) -> str:
    """Make a line safe for a terminal: tabs to spaces, control characters visible."""
    out = []
    for ch in text:
        if ch == "\t":
            out.append(" ")
        elif ch == "\r":
            continue
        elif ord(ch) < 32 or ord(ch) == 127 or 0x202A <= ord(ch) <= 0x202E or 0x2066 <= ord(ch) <= 0x2069:
            out.append("\ufffd")  # control and bidi-override characters would corrupt the terminal line
        else:
            out.append(ch)
    return "".join(out)


EXCERPT_CONTEXT = 30  # characters of context either side of a finding
EXCERPT_SPAN = 60  # longer spans are shown as their start … end


def _excerpt(text: str, start: int, end: int, style: Style) -> list[str]:
    """The finding's line, trimmed around the span, with the span highlighted and a caret underline."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end == -1 else line_end
    span_end = min(end, line_end)
    before = _printable(text[line_start:start])
    inside = _printable(text[start:span_end])
    after = _printable(text[span_end:line_end])
    if len(before) > EXCERPT_CONTEXT:
        before = "…" + before[-EXCERPT_CONTEXT:]
    if len(inside) > EXCERPT_SPAN:
        inside = inside[:EXCERPT_SPAN - 20] + "…" + inside[-19:]
    if len(after) > EXCERPT_CONTEXT:
        after = after[:EXCERPT_CONTEXT] + "…"
    line_no = str(_line_col(text, start)[0])
    gutter = " " * len(line_no)
    carets = "^" * max(1, _display_width(inside))
    return [
        f"  {style(line_no, 'dim')} | {before}{style(inside, 'red', 'bold', 'underline')}{after}",
        f"  {gutter} | {' ' * _display_width(before)}{style(carets, 'red')}",
    ]


def _word_diff(old: str, new: str, style: Style) -> str:
    """A word-level diff of `old` → `new`: deletions red (or [-…-]), insertions green (or {+…+})."""
    import difflib
    import re

    tokenize = re.compile(r"\s+|\w+|[^\w\s]").findall
    a, b = tokenize(old), tokenize(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            out.append(removed)
            continue
        if removed:
            out.append(style(removed, "red", "strike") if style.enabled else f"[-{removed}-]")
        if added:
            out.append(style(added, "green", "bold") if style.enabled else f"{{+{added}+}}")
    return "".join(out)


def _plural(count: int, noun: str) -> str:
    """`1 word`, `2 words`."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _print_human(name: str, text: str, analysis, style: Style) -> None:
    """Print findings with line:column and excerpts, then the summaries."""
    for finding in analysis.findings:
        severity = style(finding.severity, *SEVERITY_STYLE.get(finding.severity, ()))
        if finding.start is None:
            where = name
        else:
            line, column = _line_col(text, finding.start)
            where = f"{name}:{line}:{column}"
        _write(f"{style(where, 'bold')}  {severity}  {style(finding.category, 'magenta')}  "
               f"{style(finding.rule, 'dim')}")
        _write(f"  {finding.message}")
        if finding.replacements:
            _write("  " + style("→ ", "green") + " | ".join(style(r, "green") for r in finding.replacements))
        if finding.start is not None:
            for row in _excerpt(text, finding.start, finding.end, style):
                _write(row)
        _write()

    r = analysis.readability or {}
    band = f" ({str(r['band']).replace('_', ' ')})" if r.get("band") else ""
    if analysis.language == "en" and r.get("flesch_reading_ease") is not None:
        score = f"Flesch reading ease {r['flesch_reading_ease']}{band}"
    elif r.get("lix") is not None:
        score = f"LIX {r['lix']}{band}"
    elif r.get("flesch_reading_ease") is not None:
        score = f"Flesch reading ease {r['flesch_reading_ease']}{band}"
    else:
        score = "no score"
    counts = ", ".join(_plural(r[k], label) for k, label in (
        ("words", "word"), ("sentences", "sentence"), ("long_words", "long word"),
        ("long_sentences", "long sentence")) if isinstance(r.get(k), int))
    _write(f"{style('Language:', 'bold')} {analysis.language} ({analysis.language_source})")
    _write(f"{style('Readability:', 'bold')} {score}" + (f" — {counts}" if counts else ""))

    e = analysis.empathy or {}

    def yes_no(value):
        """Show a tri-state flag."""
        return "—" if value is None else ("yes" if value else "no")

    mirrored = ", ".join(e.get("mirrored_words") or []) or "—"
    _write(f"{style('Empathy:', 'bold')} acknowledges the customer: {yes_no(e.get('acknowledges'))} · "
           f"uses their name: {yes_no(e.get('customer_name_used'))} · apologies: {e.get('apologies', 0)} · "
           f"customer's mood: {e.get('customer_emotion') or '—'} · their words mirrored: {mirrored}")
    grammar = analysis.grammar
    _write(f"{style('Grammar:', 'bold')} {grammar.engine}"
           + ("" if grammar.complete else " (incomplete: the engine timed out or is not running)"))
    count = len(analysis.findings)
    summary = "No findings." if count == 0 else f"{_plural(count, 'finding')}."
    _write(style(summary, "bold", "green" if count == 0 else "yellow"))


def _print_rewrite(text: str, analysis, style: Style) -> None:
    """Print the rewrite as a word diff against the original, then what changed and why."""
    rewrite = analysis.rewrite
    if rewrite is None:
        return
    _write()
    _write(style("Rewrite", "bold"))
    if rewrite.get("text") == text:
        _write("  (no changes)")
        return
    _write(_word_diff(text, rewrite.get("text", ""), style))
    for change in rewrite.get("changes", []):
        _write(f"  {style(change.get('rule', ''), 'dim')}: {change.get('text', '')!r} → "
               f"{change.get('replacement', '')!r}")


