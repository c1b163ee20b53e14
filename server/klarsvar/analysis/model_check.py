"""Whether a language model's rewrite of a reply is safe to offer: Klarsvar's own checks, in pure Python.

A candidate is accepted only when every check passes (ids are stable; the API reports them):

- `facts`: every protected token of the original (numbers, amounts, dates, times, links, e-mail
  addresses, order/case references, @handles, placeholders, names, the team's allowed terms, quoted text,
  the sign-off and the signature) stands in the candidate exactly, and no new number, reference, link,
  address or name appears;
- `findings`: no internal-language, negative-phrasing, sympathy or standard-answer finding, and no
  spelling or grammar finding the original did not have;
- `acknowledgement`: the empathy stage finds an acknowledgement when the original needed one (or had one);
- `readability`: LIX (Danish) or Flesch (English) not worse, unless the candidate reads as easy; a reply too
  short for a score is held to no more long sentences;
- `language`: the candidate is in the reply's language;
- `promises`: no sentence promising what the original did not (a new amount, date or time the customer did
  not write either; "refund", "free", "guarantee", "compensation", "refusion", "gratis", "erstatning" …
  unless the original makes that promise in any of its forms);
- `length`: between half and one and a half times the original's words (plus room for an acknowledgement);
- `channel`: a chat reply gets no letter wording ("Kind regards", "reply to this email");
- `profanity`: no word from the profanity list that the original did not have.

The checks reuse the pipeline: the candidate runs through `pipeline.run_stages` like any reply.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import pipeline, readability
from .profanity import profane_words
from .document import Document
from .language import detect_language

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "data" / "prompts"

# Every check, in the order a refusal lists them, with what it guards (docs/api.md, docs/rewrite-model.md).
CHECKS = {
    "facts": "every number, amount, date, time, link, address, reference, name, team term and the signature "
             "kept exactly; none added",
    "findings": "no internal-language, negative-phrasing, sympathy or standard-answer finding; no new spelling "
                "or grammar finding",
    "acknowledgement": "acknowledges the customer when the original needed it",
    "readability": "LIX or Flesch not worse",
    "language": "same language",
    "promises": "promises nothing the original did not",
    "length": "length within sane bounds of the original",
    "channel": "no letter wording in a chat reply",
    "profanity": "no profanity",
}
# Protected-token kinds that are facts (text.TOKEN_KINDS minus emoji and thread markers).
FACT_KINDS = ("url", "email", "amount", "reference", "date", "time", "number", "handle", "hashtag", "placeholder")
# New tokens of these kinds are a promise the original did not make; other new ones are a changed fact.
PROMISE_KINDS = frozenset({"amount", "date", "time"})
# Categories a candidate may not have at all (the check 2), and those it may not add.
FORBIDDEN_CATEGORIES = ("internal_language", "negative_phrasing", "sympathy", "standard_answer")
NEW_FORBIDDEN_CATEGORIES = ("spelling", "grammar")
# Wording categories whose words are jargon, not names ("SLA", "Backend" mid-sentence).
_JARGON_CATEGORIES = frozenset({"internal_language", "plain_language", "nominal_style", "standard_answer"})
# Length bounds in words: at least this share of the original, at most this share plus room for an
# acknowledgement sentence.
MIN_LENGTH_SHARE = 0.5
MAX_LENGTH_SHARE = 1.5
ACKNOWLEDGEMENT_WORDS = 25
# Readability: a candidate this much worse is worse (measures of short texts move by a point easily) …
LIX_TOLERANCE = 0.5
FLESCH_TOLERANCE = 1.0
# … unless it reads as easy anyway (the rules rewrite's guard allows the same).
EASY_BANDS = frozenset({"very_easy", "easy"})

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")
# "I", "I'm", "I'll" … are capitalised but are no names.
_PRONOUN_I = re.compile(r"^I(?:['’](?:m|ll|ve|d|s))?$")
_LETTER_PHRASES = re.compile(
    r"(?i)(?<!\w)(?:(?:this|that|the|my|our|an?)\s+e-?mail|(?:denne|den|min|vores|en)\s+(?:e-?)?mail|"
    r"med\s+venlig\s+hilsen|venlig\s+hilsen|kind\s+regards|best\s+regards|yours\s+sincerely|dear\s+\w+)(?!\w)")
# "feel free to", "free to contact": an invitation, not a promise.
_FREE_INVITATION = re.compile(r"(?i)(?:feel\s+free|free\s+to\b)")


@dataclass(frozen=True)
class Fact:
    """One thing of the original that must stand in any rewrite exactly."""

    kind: str
    text: str


@dataclass(frozen=True)
class Refusal:
    """Why a candidate was refused: the check's id and a short detail (it may quote the candidate)."""

    check: str
    detail: str

    def to_dict(self) -> dict:
        """The wire form."""
        return {"check": self.check, "detail": self.detail}


@dataclass
class Verdict:
    """The outcome of checking one candidate: accepted, or the refusals in `CHECKS` order."""

    refusals: list[Refusal] = field(default_factory=list)
    stages: pipeline.StageResults | None = None

    @property
    def accepted(self) -> bool:
        """Whether every check passed."""
        return not self.refusals


# ------------------------------------------------------------------------------------------------ data

@functools.lru_cache(maxsize=4)
def prompt_data(language: str) -> dict:
    """The language's prompt file (`data/prompts/<language>.yml`): prompts, retry reasons, promise words."""
    language = language if language in ("da", "en") else "en"
    with open(PROMPTS_DIR / f"{language}.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@functools.lru_cache(maxsize=4)
def _promise_patterns(language: str) -> tuple[re.Pattern, ...]:
    """One regex per promise of the language: the forms of one promise ("refusion", "refundere") are one
    group in the prompt file (a trailing * matches any ending)."""
    patterns = []
    for group in prompt_data(language)["promise_words"]:
        parts = []
        for word in [group] if isinstance(group, str) else group:
            body = r"\s+".join(re.escape(p) for p in word.rstrip("*").split())
            parts.append(body + (r"[^\W\d_]*" if word.endswith("*") else ""))
        patterns.append(re.compile(r"(?i)(?<![^\W\d_])(?:" + "|".join(sorted(parts, key=len, reverse=True))
                                   + r")(?![^\W\d_])"))
    return tuple(patterns)


# ------------------------------------------------------------------------------------------------ facts

def contains(text: str, token: str) -> bool:
    """Whether `token` stands in `text` as itself: "12345" is not in "123456", "10" not in "10,10", "Ann" not in "Anna"."""
    if not token:
        return True
    pattern = re.escape(token)
    if token[0].isalnum():
        # Nor glued to a number before it: "10" is not in "5,10" or "3.10".
        pattern = r"(?<![^\W_])(?<!\d[.,:/-])" + pattern
    if token[-1].isalnum():
        pattern += r"(?![^\W_])(?![.,:/-]\d)"
    return re.search(pattern, text) is not None


def own_text_end(doc: Document) -> int:
    """Where a quoted earlier message that ends the reply begins ("On … wrote:", "> …", "-----Original"),
    or the text's length: what comes before is the agent's own reply."""
    quotes = [(start, end) for start, end, kind in doc.segmentation.protected if kind == "quote"]
    if quotes and not doc.text[quotes[-1][1]:].strip():
        start = quotes[-1][0]
        while start > 0 and doc.text[start - 1].isspace():
            start -= 1
        return start if doc.text[:start].strip() else len(doc.text)
    return len(doc.text)


def _names(doc: Document, findings=()) -> list[str]:
    """Capitalised words that are not the first of their sentence: names of people, places, products.

    All-caps abbreviations and words inside a jargon finding ("SLA", "Backend") are left out: the rewrite
    may remove those."""
    seg = doc.segmentation
    jargon = [(f.start, f.end) for f in findings if f.start is not None and f.category in _JARGON_CATEGORIES]
    text = doc.text
    names = []
    for sentence in seg.sentences:
        if sentence.kind not in ("body", "greeting") or not sentence.words:
            continue
        for index, (start, end) in enumerate(sentence.words):
            word = text[start:end]
            if index == 0 or not word[:1].isupper() or _PRONOUN_I.match(word):
                continue
            if word.isupper() and len(word) > 1:
                continue
            if seg.is_protected(start, end) or any(s < end and start < e for s, e in jargon):
                continue
            if text[max(0, start - 2):start].rstrip().endswith((":", "•", "-")):
                continue  # a label or list item starts a sentence of its own
            names.append(word)
    return names


def facts_of(doc: Document, findings=()) -> list[Fact]:
    """Everything of the original a rewrite must keep exactly, in order, without repeats."""
    seg = doc.segmentation
    text = doc.text
    facts: list[Fact] = []
    for start, end, kind in seg.protected:
        if kind in FACT_KINDS or kind in ("quote", "signature"):
            facts.append(Fact(kind, text[start:end]))
    for sentence in seg.sentences:
        if sentence.kind == "signoff":
            facts.append(Fact("signoff", sentence.text))
    facts += [Fact("name", name) for name in _names(doc, findings)]
    if doc.customer_name:
        first = doc.customer_name.split()[0]
        if contains(text, first):
            facts.append(Fact("name", first))
    for term in doc.terms.terms:
        if term.kind == "allowed" and term.applies_to(doc.language):
            found = re.search(r"(?i)(?<![^\W_])" + re.escape(term.term) + r"(?![^\W_])", text)
            if found:
                facts.append(Fact("term", found.group(0)))
    return list(dict.fromkeys(facts))


def _token_texts(doc: Document) -> frozenset[str]:
    """The texts of the document's protected tokens as the segmentation finds them ("kl. 10" in "kl. 10-16")."""
    return frozenset(doc.text[start:end] for start, end, _ in doc.segmentation.protected)


def _new_tokens(original: Document, candidate: Document, findings) -> list[Fact]:
    """Facts the candidate has that the original (and, for names, the customer's message) does not."""
    text = candidate.text
    known_words = "\n".join(filter(None, (original.text, original.customer_message, original.customer_name)))
    known_words += "\n" + "\n".join(t.term for t in original.terms.terms)
    new: list[Fact] = []
    for start, end, kind in candidate.segmentation.protected:
        token = text[start:end]
        if kind in FACT_KINDS and token not in _token_texts(original) and not contains(original.text, token):
            new.append(Fact(kind, text[start:end]))
    lowered = known_words.casefold()
    for name in _names(candidate, findings):
        if not contains(lowered, name.casefold()):
            new.append(Fact("name", name))
    return list(dict.fromkeys(new))


def _quote(value: str, limit: int = 40) -> str:
    """A token for a detail line, shortened and on one line."""
    value = " ".join(value.split())
    return f'"{value[:limit - 1]}…"' if len(value) > limit else f'"{value}"'


def _listed(values, limit: int = 3) -> str:
    """Up to `limit` values for a detail, with how many more."""
    values = list(dict.fromkeys(values))
    shown = ", ".join(values[:limit])
    return shown + (f" and {len(values) - limit} more" if len(values) > limit else "")


# ------------------------------------------------------------------------------------------------ checks

def verify(original: Document, findings, empathy_summary: dict, candidate_text: str, *, grammar_checker=None,
           disabled: frozenset[str] = frozenset()) -> Verdict:
    """Check a candidate rewrite of `original` (whose analysis gave `findings` and `empathy_summary`).

    `grammar_checker` re-checks spelling and grammar (the one the original was checked with, or None when
    it was not); a re-check that did not finish in its budget cannot prove the candidate clean and refuses."""
    candidate = original.with_text(candidate_text)
    stages = pipeline.run_stages(candidate, grammar_checker=grammar_checker)
    found = [f for f in stages.findings if not pipeline.is_disabled(f, disabled)]
    refusals: list[Refusal] = []

    # 1. facts
    kept = _token_texts(candidate)
    missing = [fact for fact in facts_of(original, findings)
               if fact.text not in kept and not contains(candidate_text, fact.text)]
    added = _new_tokens(original, candidate, found)
    changed = [f"dropped {_quote(f.text)}" if f.kind not in ("signature", "signoff", "quote")
               else f"changed the {f.kind} {_quote(f.text)}" for f in missing]
    changed += [f"added {f.kind} {_quote(f.text)}" for f in added if f.kind not in PROMISE_KINDS]
    if changed:
        refusals.append(Refusal("facts", _listed(changed)))

    # 2. findings
    bad = [f for f in found if f.category in FORBIDDEN_CATEGORIES]
    before = {(f.rule, (f.text or "").casefold()) for f in findings if f.category in NEW_FORBIDDEN_CATEGORIES}
    bad += [f for f in found if f.category in NEW_FORBIDDEN_CATEGORIES and (f.rule, (f.text or "").casefold()) not in before]
    if bad:
        refusals.append(Refusal("findings", _listed(f"{f.category.replace('_', ' ')} {_quote(f.text or '')}"
                                                    for f in bad)))
    elif grammar_checker is not None and not stages.grammar.complete:
        refusals.append(Refusal("findings", "spelling and grammar could not be re-checked in time"))

    # 3. acknowledgement
    needed = bool(empathy_summary.get("acknowledges")) or any(f.category == "missing_acknowledgement" for f in findings)
    if needed and not stages.empathy.get("acknowledges"):
        refusals.append(Refusal("acknowledgement", "the customer's situation is not acknowledged"))

    # 4. readability
    harder = _harder(original, candidate)
    if harder:
        refusals.append(Refusal("readability", harder))

    # 5. language
    expected = original.language
    if detect_language(original.text) == expected and detect_language(candidate_text) != expected:
        refusals.append(Refusal("language", f"written in {detect_language(candidate_text)}, not {expected}"))

    # 6. promises
    # A date or amount the customer wrote, mirrored back ("…, når du rejser på søndag"), is no promise.
    mirrored = original.customer_message or ""
    promised = [f"{f.kind} {_quote(f.text)}" for f in added
                if f.kind in PROMISE_KINDS and not contains(mirrored, f.text)]
    promised += [_quote(word) for word in _new_promise_words(original, candidate)]
    if promised:
        refusals.append(Refusal("promises", _listed(promised)))

    # 7. length
    before_words, after_words = len(_WORD.findall(original.text)), len(_WORD.findall(candidate_text))
    low = MIN_LENGTH_SHARE * before_words
    high = MAX_LENGTH_SHARE * before_words + ACKNOWLEDGEMENT_WORDS
    if not low <= after_words <= high or (before_words and not after_words):
        refusals.append(Refusal("length", f"{after_words} words for an original of {before_words}"))

    # Extra: the channel's style and words no reply may have.
    if original.channel == "chat":
        letter = [m.group(0) for m in _LETTER_PHRASES.finditer(candidate_text)
                  if not re.search(re.escape(m.group(0)), original.text, re.IGNORECASE)]
        if letter:
            refusals.append(Refusal("channel", _listed(_quote(w) for w in letter)))
    before_profane = {w.casefold() for w in profane_words(original.text, expected)}
    profane = [w for w in profane_words(candidate_text, expected) if w.casefold() not in before_profane]
    if profane:
        refusals.append(Refusal("profanity", _listed(_quote(w) for w in profane)))
    return Verdict(refusals, stages)


def _harder(original: Document, candidate: Document) -> str | None:
    """Why the candidate reads harder than the original, or None.

    Below the length at which the product shows a score (3 sentences, 40 words; 60 in a chat) a score
    means little — one added short sentence moves LIX by points —, so a short reply is only held to no
    more long sentences than it had."""
    before, after = readability.measure(original), readability.measure(candidate)
    if not readability.has_verdict(before["words"], before["sentences"], original.channel):
        old, new = _long_sentences(original), _long_sentences(candidate)
        return f"{new} long sentences, the original {old}" if new > old else None
    if original.language == "en":
        old, new = before["flesch_reading_ease"], after["flesch_reading_ease"]
        if old is None or new is None or new >= old - FLESCH_TOLERANCE or readability.flesch_band(new) in EASY_BANDS:
            return None
        return f"Flesch {new:.1f}, the original {old:.1f}"
    old, new = before["lix"], after["lix"]
    if old is None or new is None or new <= old + LIX_TOLERANCE or readability.lix_band(new) in EASY_BANDS:
        return None
    return f"LIX {new:.1f}, the original {old:.1f}"


def _long_sentences(doc: Document) -> int:
    """How many long-sentence findings the readability stage gives the document."""
    return sum(1 for f in readability.analyze(doc)[1] if f.category == "long_sentence")


def _new_promise_words(original: Document, candidate: Document) -> list[str]:
    """Promise words in the candidate's own sentences for a promise the original does not make (in any of
    its forms: "refunderer" where the original said "refusion" is the same promise)."""
    text = candidate.text
    invitations = [(m.start(), m.end()) for m in _FREE_INVITATION.finditer(text)]
    sentences = [s for s in candidate.segmentation.sentences if s.kind in ("body", "greeting")]
    out = []
    for pattern in _promise_patterns(original.language):
        if pattern.search(original.text):
            continue
        for sentence in sentences:
            for m in pattern.finditer(text, sentence.start, sentence.end):
                if not any(s <= m.start() < e for s, e in invitations):
                    out.append(m.group(0))
    return out


# ------------------------------------------------------------------------------------------ the answer

def remaining_after(findings, candidate_findings) -> list[dict]:
    """The original's findings an accepted candidate still has (same rule on the same words), as
    `rewrite.remaining` entries."""
    from .rewrite import REASONS

    still = {(f.rule, (f.text or "").casefold()) for f in candidate_findings}
    return [{"id": f.id, "category": f.category, "rule": f.rule, "reason": REASONS["judgement"]}
            for f in findings if (f.rule, (f.text or "").casefold()) in still]


def diff_changes(original: str, candidate: str, rule: str = "model") -> list[dict]:
    """The candidate as `rewrite.changes` on the original: word-level spans and their replacements.

    Applying every change to the original gives the candidate exactly; changes separated only by a space
    are merged, so a rewritten clause is one change."""
    a, b = _TOKEN.findall(original), _TOKEN.findall(candidate)
    a_at = [0]
    for token in a:
        a_at.append(a_at[-1] + len(token))
    b_at = [0]
    for token in b:
        b_at.append(b_at[-1] + len(token))
    spans: list[list[int]] = []  # [a_start, a_end, b_start, b_end] in token indices
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if spans and i1 - spans[-1][1] <= 1 and j1 - spans[-1][3] == i1 - spans[-1][1] \
                and all(t.isspace() for t in a[spans[-1][1]:i1]):
            spans[-1][1], spans[-1][3] = i2, j2
        else:
            spans.append([i1, i2, j1, j2])
    changes = []
    for i1, i2, j1, j2 in spans:
        start, end = a_at[i1], a_at[i2]
        changes.append({"start": start, "end": end, "text": original[start:end],
                        "replacement": candidate[b_at[j1]:b_at[j2]], "rule": rule})
    return changes
