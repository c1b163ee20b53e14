"""Harper (Automattic's offline English grammar checker, through `harper-py`) as a grammar source beside Hunspell.

Harper's own spelling, style, formatting and capitalisation lints are left out: on real company replies they
are mostly noise (double spaces, "ok" → "okay", tweet signatures taken for typos), and Hunspell already does
spelling. What is kept are the lint kinds that are grammar — agreement, repetition, word choice (their/there,
its/it's, then/than, a/an, could of) — minus the few rules that raised false alarms on real replies
(`scripts/measure_grammar.py` measures it; docs/quality/grammar.md has the figures).

A `harper.Linter` is not thread-safe and costs ~0.6 s and ~130 MB (its curated dictionary) to build, and its native
memory grows by another ~135 MB over the first few hundred different English replies it lints, then stays flat
(harper-py 0.2.0, RSS: +128 MiB built, +262 after 500 corpus replies, +265 after 2,000); the second dialect's
linter, once used, adds ~110 MB. One per dialect and process, shared behind a lock, built in the background on
the first English check that needs offline grammar (a Danish team, or one whose LanguageTool answers, never pays
for it), like Hunspell's dictionaries. A check that cannot get it before its deadline skips Harper and says so
(`complete` False), as a late LanguageTool paragraph does.
"""

from __future__ import annotations

import re
import threading
import time

from ..findings import Finding

SOURCE = "harper"

# Lint kinds that are grammar. Not kept: Spelling (Hunspell spells), Formatting, Capitalization, Style,
# Enhancement, Readability, Redundancy, Regionalism, Punctuation (comma and dash nits on casual replies).
KINDS = frozenset({"Agreement", "Grammar", "Repetition", "WordChoice", "Usage", "Typo", "Miscellaneous"})
# Rules of those kinds that are left out, each for false alarms on real replies or for being style, not grammar.
SILENCED = frozenset({
    # Each was measured on real company replies (scripts/measure_grammar.py); the examples are Klarsvar's own.
    "SpellCheck",              # spelling: Hunspell's job (27 vs 3 per 1,000 words on real replies)
    "SplitWords",              # splits brand and product words ("iPads" → "i Pads")
    "MergeWords",              # merges a word with an abbreviation or symbol next to it
    "The",                     # takes agents' initials in sign-offs for a mistyped "the"
    "YourPredicateAdjective",  # "thanks for your lovely words" → "you're lovely words"
    "MissingPreposition",      # fires after "I am" in "I am sorry", after "may" in "you may lose"
    "OneOfTheSingular",        # British "one of the team will call you" is right
    "DoToDueTo",               # "see what we can do to help" is right
    "ToTwoToo",                # flagged correct "to" and "too"
    "NounVerbConfusion",       # "please advise the driver" (the verb is right)
    "QuantifierNumeralConflict",  # tweet part counters such as "1/2" after a quantifier
    "MultipleSequentialPronouns",  # product names such as "your My Account page"
    "AsSoonAsPossible",        # "asap" is informal, not wrong
    "FillerWords",             # "Uh oh!" is tone, not grammar
    "ExpandTimeShorthands",    # "5 mins" is informal, not wrong
    "ExpandMemoryShorthands",  # "2 GB" is right
    "CompoundNouns",           # "ask for a call back", "on a new line" are right
    "MissingDeterminer",       # suggestions insert "the"/"a" into idioms
    "MissingTo",               # "Try restarting the router" is right
    "RepeatedWords",           # Klarsvar's own repeated-word check (offline.py) knows legitimate doubles
    "MassNouns",               # "the one attached" → "one piece of attached"
    "PossessiveYour",          # "we will call you tomorrow" taken for "your"
    "ThereToTheir",            # "Is there a code on the box?" taken for "their"; Klarsvar's rule covers "there own"
    "OutOfDate",               # "the address is out of date" needs no hyphen
    "UpdatePlaceNames",        # "Turkey is not in the EU" → "Türkiye": a naming choice, not grammar
    "ForYourInformation",      # "FYI offers are valid 6 months" → spelled out: style, not grammar
})
# Kinds whose lints are errors; the rest (word choice, usage …) are warnings.
_ERROR_KINDS = frozenset({"Agreement", "Grammar", "Repetition", "Typo"})

DIALECTS = ("auto", "american", "british")

# Spellings that give a reply's dialect away (root forms; inflections are matched by the regex tails).
_BRITISH = re.compile(
    r"\b(?:colour|favour|behaviour|honour|neighbour|labour|flavour|centre|theatre|metre|litre|cheque|catalogue|"
    r"apologis|organis|realis|recognis|prioritis|authoris|customis|finalis|minimis|emphasis(?:e|ed|ing)|"
    r"cancelled|cancelling|travelled|travelling|enrol|fulfil|programme|licence|defence|tyre|aluminium|"
    r"postcode|mobile phone|whilst)", re.IGNORECASE)
_AMERICAN = re.compile(
    r"\b(?:color|favor|behavior|honor|neighbor|labor|flavor|center|theater|meter|liter|check(?=\s+(?:for|of)\s+\$)|"
    r"catalog|apologiz|organiz|realiz|recogniz|prioritiz|authoriz|customiz|finaliz|minimiz|emphasiz|"
    r"canceled|canceling|traveled|traveling|enroll|fulfill|program(?!me)|license|defense|tire|aluminum|"
    r"zip code|cell phone)", re.IGNORECASE)


_URL = re.compile(r"\S*(?:://|www\.)\S*")


def detect_dialect(text: str) -> str:
    """'british' when the reply's spelling leans British (colour, apologise, cancelled), else 'american'."""
    british = len(_BRITISH.findall(text))
    american = len(_AMERICAN.findall(text))
    return "british" if british > american else "american"


def available() -> bool:
    """Whether the `harper` package can be imported."""
    try:
        import harper  # noqa: F401
    except ImportError:
        return False
    return True


class _Slot:
    """One linter of one dialect: built once in the background, used by one check at a time."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        self.linter = None
        self.error = ""
        self.ready = threading.Event()
        self.lock = threading.Lock()
        self._building = False
        self._build_lock = threading.Lock()

    def build_soon(self) -> None:
        """Start building the linter in a background thread (once)."""
        with self._build_lock:
            if self._building:
                return
            self._building = True
        threading.Thread(target=self._build, name=f"klarsvar-harper-{self.dialect}", daemon=True).start()

    def _build(self) -> None:
        try:
            import harper

            linter = harper.Linter(harper.Dialect.BRITISH if self.dialect == "british" else harper.Dialect.AMERICAN)
            config = linter.get_lint_config()
            # Switching off what is never kept saves most of the time (SpellCheck alone is two thirds of it).
            config.update({name: False for name in SILENCED if name in config})
            linter.set_lint_config(config)
            self.linter = linter
        except Exception as exc:  # noqa: BLE001 - a broken binding must not take the server down
            self.error = f"Harper could not start ({type(exc).__name__})"
        finally:
            self.ready.set()


# Process-wide: a linter holds Harper's curated dictionary (~0.6 s to build); every service shares it.
_SLOTS = {name: _Slot(name) for name in ("american", "british")}


class HarperGrammar:
    """English grammar findings from Harper, filtered to the lint kinds that hold up on real replies."""

    def __init__(self, dialect: str = "auto") -> None:
        if dialect not in DIALECTS:
            raise ValueError(f"the English dialect must be one of {', '.join(DIALECTS)}, not {dialect!r}")
        self.dialect = dialect
        self.installed = available()
        self._slots = _SLOTS

    def preload(self) -> None:
        """Build the linter(s) this setting needs now, in the background (otherwise the first check does)."""
        if not self.installed:
            return
        if self.dialect == "auto":
            self._slots["american"].build_soon()
            self._slots["british"].build_soon()
        else:
            self._slots[self.dialect].build_soon()

    def state(self) -> dict:
        """For the health report: `ready` (installed and not broken), `loaded` (a linter is built) and
        `problem` in plain words ('' when there is none)."""
        if not self.installed:
            return {"ready": False, "loaded": False, "problem": "harper-py is not installed"}
        errors = [s.error for s in self._slots.values() if s.error]
        loaded = any(s.linter is not None for s in self._slots.values())
        return {"ready": not errors, "loaded": loaded, "problem": errors[0] if errors else ""}

    def loaded(self, dialect: str = "american") -> bool:
        """Whether the linter of `dialect` is built."""
        return self._slots[dialect].linter is not None

    def check(self, text: str, spans: list[tuple[int, int]], context, deadline: float) -> tuple[list[Finding], bool]:
        """Findings for the spans of `text` (absolute code-point offsets), and whether Harper ran on all of them."""
        if not self.installed or not spans:
            return [], self.installed
        dialect = self.dialect if self.dialect != "auto" else detect_dialect(text)
        slot = self._slots[dialect]
        slot.build_soon()
        if not slot.ready.wait(max(0.0, deadline - time.monotonic())) or slot.linter is None:
            return [], False
        if not slot.lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
            return [], False
        findings: list[Finding] = []
        try:
            for start, end in _joined(text, spans):
                for chunk_start, chunk_end in _chunks(text, start, end):
                    # A lint call cannot be interrupted: the deadline is checked between chunks.
                    if time.monotonic() >= deadline:
                        return findings, False
                    findings += self._lint(slot.linter, text, chunk_start, chunk_end, context)
        finally:
            slot.lock.release()
        return findings, True

    @staticmethod
    def _lint(linter, text: str, start: int, end: int, context) -> list[Finding]:
        # Tokens no agent types (a pasted hash, "a.a.a.…") cost Harper seconds: blanked, same length.
        part = _LONG_TOKEN.sub(lambda m: " " * len(m.group()), text[start:end])
        out = []
        for rule, lints in linter.organized_lints(part, language="plaintext").items():
            if rule in SILENCED:
                continue
            for lint in lints:
                kind = lint.lint_kind
                if kind not in KINDS:
                    continue
                s, e = start + lint.span.start, start + lint.span.end
                if e <= s or context.overlaps_blocked(s, e) or _shouted(text, s, e) or _misread(rule, text, s, e):
                    continue
                problem = text[s:e]
                replacements = tuple(dict.fromkeys(_replacement(problem, sug) for sug in lint.suggestions))
                out.append(Finding(
                    category="grammar", rule=f"en.harper.{rule}",
                    severity="error" if kind in _ERROR_KINDS else "warning",
                    message=lint.message, start=s, end=e, text=problem, replacements=replacements, source=SOURCE,
                ))
        return out


# "The post you refer to relates to …": a "to" that ends a relative clause after a verb that takes it, so the verb
# after it belongs to the main clause (both blind judges, seventeenth drafts: a false alarm).
_STRANDED_TO = re.compile(
    r"(?i)\b(?:you|we|i|they|he|she|who|that|which)\s+(?:\w+\s+){0,2}(?:refer(?:red)?|talk(?:ed)?|spoke(?:n)?|speak|"
    r"listen(?:ed)?|belong(?:ed)?|repl(?:y|ied)|respond(?:ed)?|point(?:ed)?|sen[dt]|wr(?:ote|ite|itten)|went|gone|go|"
    r"c[ao]me|moved|switched|link(?:ed)?|compared?|appl(?:y|ied)|agreed?|subscribed?|attached?|added|add|gave|given|"
    r"shown?|showed|explained?|mentioned?|said|told|spoke)\s+$")


# "attributable to restricted water supply": "to" is a preposition before a participle used as an adjective.
_TO_AS_PREPOSITION = re.compile(
    r"(?i)\b(?:\w+(?:able|ible)|due|related|subject|similar|according|prior|owing|thanks|close|next|equal|compared|"
    r"exposure|access|damage|limited|restricted|attributed|applied|return(?:ed)?|changes?|up|down|addition)\s+$")
# "I'm happy to email you photos of …": a noun after "you" and a verb with two objects, not a verb (seventeenth and
# sixth drafts: both blind judges called "photos" → "photo" a false alarm).
_TWO_OBJECTS = re.compile(r"(?i)\b(?:e-?mail|send|sent|give|gave|given|show|showed|shown|text|offer|offered|bring|"
                          r"brought|owe|pay|paid|forward|mail|post|ship|hand|lend|lent|get|got|buy|bought|make|made|"
                          r"issue|issued|refund|refunded|quote|quoted)\s+you\s+$")


# "if you wish you can name someone": "wish" as "want" in a condition, where "can" is right (a blind judge, eighteenth
# drafts).
_IF_YOU_WISH = re.compile(r"(?i)\b(?:if|when|as|whenever)\s+(?:you|they|we)\s+(?:so\s+)?wish\s*,?\s*(?:\w+\s+)?$")


# "Grade A", "Zone B", "Plan A", "Studio A": a letter that names something (blind judges, nineteenth and twenty-second
# drafts).
_NAMING_WORD_BEFORE = re.compile(
    r"(?i)\b(?:grade|level|plan|zone|type|class|band|option|tier|category|section|part|appendix|terminal|gate|row|"
    r"block|size|vitamin|seat|room|unit|flat|floor|court|pitch|bay|platform|stand|wing|ward|studio|stage|hall|"
    r"suite|lane|field|screen|deck|zone|area|box|lab|track|route|hangar|shed|dock|pod|cabin|villa|house)\s+$")


def _letter_as_name(text: str, start: int, before: str) -> bool:
    """"A&E", "B and C", "Grade A": a capital letter that names something, not the article "a"; and "an MOT", "an
    SMS": an acronym said letter by letter whose first letter's name starts with a vowel sound takes "an" (both blind
    judges, forty-fourth drafts: "a MOT" was a false alarm)."""
    return re.match(r"[A-Z](?:&|\s+and\s+)[A-Z]\b", text[start:start + 12]) is not None or (
        re.match(r"[A-Z]\b", text[start:start + 2]) is not None and _NAMING_WORD_BEFORE.search(before) is not None) \
        or re.match(r"an\s+[FHLMNRSX][A-Z0-9]{1,4}\b", text[start:start + 12]) is not None


def _noun_as_subject(text: str, start: int, before: str) -> bool:
    """"Pickup will be same day": the subject of a verb is the noun (both blind judges, thirteenth drafts), as is a word
    after an article or an amount; "you can setup the account" is still the verb written as one word."""
    if re.search(r"(?i)(?:\b(?:a|an|the|our|your|this|that|each|every|one|any|no)|[£$€]\s?\d[\d.,]*)\s+$", before):
        # "a callout can be booked", "a £75 callout fee": after an article, a determiner or an amount it is the noun (both
        # blind judges, sixty-second drafts: a false alarm).
        return True
    if re.match(r"[A-Za-z]+\s+(?:fees?|charges?|prices?|rates?|slots?|windows?|dates?|forms?|numbers?|visits?|vans?|service)\b",
                text[start:start + 30]) is not None:
        # "Callout fee is £45", "the pickup slot": before a noun it is a noun too (both blind judges, eighty-first drafts).
        return True
    return re.match(r"[A-Za-z]+\s+(?:will|is|was|are|were|can|has|takes|costs|times?)\b", text[start:start + 30]) \
        is not None and not re.search(r"(?i)\b(?:to|can|will|please|you|we|i|must|should)\s+$", before)


def _to_not_before_a_verb(text: str, start: int, before: str) -> bool:
    """A stranded "to" ending a relative clause, or "to" as a preposition before a participle used as an adjective."""
    return bool(_STRANDED_TO.search(before)) or (
        bool(_TO_AS_PREPOSITION.search(before)) and re.match(r"to\s+\w+ed\b", text[start:start + 40]) is not None)


def _time_before(text: str, start: int, before: str) -> bool:
    """"at 9:30am is mostly …": the "am" of a time is no second "be" (both blind judges, twenty-fourth drafts)."""
    return re.search(r"\d\s*(?:am|a\.m\.)\s*$", before, re.IGNORECASE) is not None


# Harper rule -> predicate(text, start, the 80 characters before) saying Harper misreads the lint there.
_AMOUNT_AFTER = re.compile(r"(?i)\w+['’]re\s+(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                           r"half|several|a\s+few|only|just|nearly|almost|about|over)\s+(?:\w+\s+)?"
                           r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|steps?|sessions?|lessons?|"
                           r"payments?|miles?|km|pounds?|kg|way)\b")
# "Hello Mrs Talbot, it's Thursday 27 March – our fitter …" is "it is" before a day or a date, not "its" (both blind
# judges, forty-first drafts: a false alarm).
_IT_IS_A_DAY = re.compile(r"(?i)it['’]s\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|may|"
                          r"june|july|august|september|october|november|december|today|tomorrow|tonight|\d)")
# "-er" word after an article or possessive and at most one word: a noun ("our subcontracted fitter"), not a comparative.
_NOUN_IN_ER = re.compile(r"(?i)\b(?:the|a|an|our|your|their|his|her|my|its|this|that)\s+(?:[^\W\d_]+\s+)?[^\W\d_]+er\s+$")
_MISREADINGS = {
    "SingleBe": _time_before,
    "ItsPossessive": lambda text, start, before: bool(_IT_IS_A_DAY.match(text, start)),
    # "Once LET has received a response": a team's acronym, not the verb (both blind judges, forty-fifth drafts).
    "LetsConfusion": lambda text, start, before: text[start:start + 3].isupper(),
    "AnA": _letter_as_name,
    "WishCould": lambda text, start, before: bool(_IF_YOU_WISH.search(before)),
    "PhrasalVerbAsCompoundNoun": _noun_as_subject,
    "InflectedVerbAfterTo": _to_not_before_a_verb,
    "PronounVerbAgreement": lambda text, start, before: bool(_TWO_OBJECTS.search(before)),
    # "You're six nights into something really hard" is "you are", not "your" (both blind judges, thirty-first
    # drafts: a false alarm): an amount of time or a number after it.
    "PronounContraction": lambda text, start, before: bool(_AMOUNT_AFTER.match(text, start)),
    # "informed by our subcontracted fitter that he was unable to attend": a noun of someone who does a job, no comparative
    # (both blind judges, ninety-fourth drafts: "than" was a false alarm). Only a comparative after "more"/"less"/"-er
    # than" reading stays: an article or possessive right before the "-er" word makes it a noun.
    "ThatThan": lambda text, start, before: bool(_NOUN_IN_ER.search(before)),
}


def _misread(rule: str, text: str, start: int, end: int) -> bool:
    """Whether a lint is one Harper misreads in this place (see _MISREADINGS), or one that cuts a hyphenated word
    ("book the re-inspection" → "there"; both blind judges, twenty-fourth drafts)."""
    if text[end:end + 1] == "-" and text[end + 1:end + 2].isalpha():
        return True
    flagged = text[start:end]
    if 2 <= len(flagged) <= 6 and flagged.isalpha() and flagged.isupper():
        # An acronym is no word Harper knows: "INAD" → "DEAD", "ILP" → "IMP" (both blind judges, eighty-fourth drafts).
        return True
    misreads = _MISREADINGS.get(rule)
    return misreads is not None and misreads(text, start, text[max(0, start - 80):start])


# A chunk is linted in one uninterruptible call: ~4,000 characters is ~100 ms of Harper on real text.
CHUNK_CHARACTERS = 4000
_LONG_TOKEN = re.compile(r"\S{41,}")  # longer than any word Hunspell judges (spelling.MAX_WORD_LENGTH)
_CHUNK_BREAK = re.compile(r"(?<=[.!?…])\s+|\n")


def _joined(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`spans` with neighbours that only blank lines separate joined, up to CHUNK_CHARACTERS together (a longer
    span stays alone). Harper costs ~0.3 ms a call on top of its time per word, and it treats a paragraph break
    as a boundary, so one call over several paragraphs finds what one call each finds (the same on 2,836 real
    replies in groups of six and on the benchmark drafts), in about half the time."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and end - out[-1][0] <= CHUNK_CHARACTERS and out[-1][1] <= start \
                and not text[out[-1][1]:start].strip():
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut into pieces of at most ~CHUNK_CHARACTERS, at sentence ends where there are any,
    else at a space (else anywhere)."""
    out = []
    while end - start > CHUNK_CHARACTERS:
        limit = start + CHUNK_CHARACTERS
        cut = None
        for m in _CHUNK_BREAK.finditer(text, start + CHUNK_CHARACTERS // 2, limit):
            cut = m.end()
        if cut is None:
            space = text.rfind(" ", start + CHUNK_CHARACTERS // 2, limit)
            cut = space + 1 if space > 0 else limit
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def _shouted(text: str, start: int, end: int) -> bool:
    """Whether the words around the span are written in capitals ("WE WANT A REFUND NOW"): Harper reads
    them as acronyms and names."""
    before = re.split(r"[.!?\n]", text[max(0, start - 30):start])[-1]
    after = re.split(r"[.!?\n]", text[end:end + 30])[0]
    around = _URL.sub("", before + text[start:end] + after)
    return not any(ch.islower() for ch in around) and any(ch.isupper() for ch in around)


def _replacement(problem: str, suggestion) -> str:
    """The text that replaces the flagged span (Harper also removes it or inserts after it)."""
    kind = int(suggestion.kind)
    if kind == 1:  # REMOVE
        return ""
    if kind == 2:  # INSERT_AFTER
        return problem + suggestion.replacement_text
    return suggestion.replacement_text


__all__ = ["DIALECTS", "HarperGrammar", "KINDS", "SILENCED", "SOURCE", "available", "detect_dialect"]
