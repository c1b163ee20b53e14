"""The prompt a language model gets for a rewrite, and the reply text taken out of what it answers.

The wording is data (`data/prompts/<language>.yml`); this module fills it in from the reply, the
customer's message, the findings to fix and the facts to keep, and cleans the model's answer (a preface,
code fences, quotes, reasoning blocks and trailing notes are removed; line endings follow the original).
"""

from __future__ import annotations

import re

from .document import Document
from .model_check import facts_of, prompt_data

# Findings the model is asked to fix (the others need the agent: a missing name, a personal touch).
FIX_CATEGORIES = frozenset({
    "internal_language", "plain_language", "nominal_style", "passive", "negative_phrasing", "sympathy",
    "apologies", "missing_acknowledgement", "standard_answer", "long_sentence", "readability", "spelling",
    "grammar"})
MAX_FINDINGS = 15
MAX_FACTS = 30

_THINK = re.compile(r"(?is)<think>.*?(?:</think>|$)")
_FENCE = re.compile(r"(?s)```[\w-]*[ \t]*\n(.*?)\n?```")
_PREFACE = re.compile(
    r"(?i)^(?:sure[,!.]?\s*|certainly[,!.]?\s*|of course[,!.]?\s*|selvfølgelig[,!.]?\s*)?"
    r"(?:here(?:'s| is)|below is|her er|nedenfor er)?[^\n]{0,80}?"
    r"(?:rewrit\w*|revised|improved|updated|version|reply|response|answer|omskrev\w*|omskriv\w*|forslag|svar\w*|"
    r"version)[^\n]{0,40}:\s*$")
_NOTE = re.compile(r"(?i)^\s*(?:\(?notes?\b|\(?bemærk\b|changes\b|ændringer\b|i (?:have|'ve) |jeg har |---)")
_QUOTE_PAIRS = {'"': '"', "“": "”", "'": "'", "„": "“", "«": "»"}


def build_messages(doc: Document, findings, *, previous: str | None = None, refusals=()) -> list[dict]:
    """The chat messages for a rewrite of `doc`; with `previous` and `refusals`, the retry that feeds the
    failed checks back."""
    data = prompt_data(doc.language)
    system = data["system"].replace("{channel_style}", data["channel_style"].get(doc.channel, ""))
    lines = []
    for f in findings:
        if f.category not in FIX_CATEGORIES:
            continue
        where = f' "{f.text}"' if f.text else ""
        hint = f" ({' / '.join(r for r in f.replacements if r)})" if any(f.replacements) else ""
        lines.append(f"-{where}: {f.message}{hint}" if where else f"- {f.message}")
        if len(lines) >= MAX_FINDINGS:
            break
    facts = [fact.text for fact in facts_of(doc, findings) if fact.kind not in ("signature", "signoff", "quote")]
    facts = [" ".join(fact.split()) for fact in facts][:MAX_FACTS]
    user = _fill(data["user"], {
        "customer_message": (doc.customer_message or "").strip() or data["no_customer_message"],
        "reply": doc.text.strip(),
        "findings": "\n".join(lines) or data["no_findings"],
        "facts": ", ".join(facts) or data["no_facts"],
    })
    messages = [{"role": "system", "content": system.strip()}, {"role": "user", "content": user.strip()}]
    if previous is not None and refusals:
        reasons = "\n".join("- " + _fill(data["reasons"].get(r.check, r.check), {"detail": r.detail})
                            for r in refusals)
        messages += [{"role": "assistant", "content": previous},
                     {"role": "user", "content": _fill(data["retry"], {"reasons": reasons}).strip()}]
    return messages


def _fill(template: str, values: dict) -> str:
    """Put values into {placeholders} once (the values' own braces are left alone)."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values.get(m.group(1), m.group(0))), template)


def clean_output(raw: str, original: str) -> str:
    """The reply text in a model's answer: no reasoning block, fence, preface, wrapping quotes or notes;
    the original's line endings and surrounding whitespace."""
    text = _THINK.sub("", raw or "").replace("\r\n", "\n").strip()
    fenced = [m.group(1) for m in _FENCE.finditer(text)]
    if fenced and "```" not in original:
        text = max(fenced, key=len).strip()  # a preface or notes around a fenced reply are not the reply
    text = text.replace("<<<", "").replace(">>>", "").strip()
    lines = text.split("\n")
    original_first = original.strip().split("\n", 1)[0].strip()
    if len(lines) > 1 and _PREFACE.match(lines[0].strip()) and lines[0].strip() != original_first:
        text = "\n".join(lines[1:]).strip()
    if len(text) > 1 and text[0] in _QUOTE_PAIRS and text[-1] == _QUOTE_PAIRS[text[0]] \
            and not original.strip().startswith(text[0]):
        text = text[1:-1].strip()
    paragraphs = text.split("\n\n")
    while len(paragraphs) > 1 and _NOTE.match(paragraphs[-1]) and not _NOTE.match(original.strip().split("\n\n")[-1]):
        paragraphs.pop()
    text = "\n\n".join(paragraphs).strip()
    if not text:
        return ""
    if "\r\n" in original:
        text = text.replace("\n", "\r\n")
    lead = original[:len(original) - len(original.lstrip())]
    trail = original[len(original.rstrip()):]
    return lead + text + trail
