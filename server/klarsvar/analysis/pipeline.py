"""The analysis pipeline: a fixed sequence of stages over one `Document`."""

from __future__ import annotations

import copy
import functools
import threading
import time
from dataclasses import dataclass, field

from . import document, empathy, readability, rewrite, rules
from .cache import TextCache
from .document import Document
from .findings import Finding, GrammarStatus, finalize
from .language import detect_language
from .offsets import OffsetMap
from .terms import TeamTerms

CHANNELS = ("email", "chat")
LANGUAGES = ("auto", "da", "en")


@dataclass
class CheckRequest:
    """What the caller asks for; mirrors the body of `POST /v1/check`."""

    text: str
    language: str = "auto"
    channel: str = "email"
    customer_message: str | None = None
    customer_name: str | None = None
    rewrite: bool = True
    grammar: bool = True


@dataclass
class Analysis:
    """The result of checking one reply."""

    text: str
    language: str
    language_source: str
    readability: dict
    findings: list[Finding]
    empathy: dict
    rewrite: dict | None
    grammar: GrammarStatus
    timings: dict[str, float] = field(default_factory=dict)
    rewrite_skipped: str | None = None  # why no rewrite was made although asked for ("time_limit", "minor_changes")

    def to_dict(self) -> dict:
        """The wire form (`POST /v1/check` response) with every offset in UTF-16 code units."""
        offsets = OffsetMap(self.text)

        def span(start, end):
            if start is None:
                return None, None
            return offsets.to_utf16(start), offsets.to_utf16(end)

        from .rules import replacement_edit

        findings = []
        for f in self.findings:
            start, end = span(f.start, f.end)
            wire = {
                "id": f.id, "category": f.category, "rule": f.rule, "severity": f.severity,
                "start": start, "end": end, "text": f.text, "message": f.message,
                "replacements": list(f.replacements), "source": f.source,
            }
            if f.start is not None and f.replacements:
                # The exact edit one click makes for each replacement: deleting a phrase also takes a space
                # and capitalises what then starts the sentence; "a" becomes "an" before a vowel.
                wire["edits"] = []
                for index in range(len(f.replacements)):
                    e_start, e_end, e_text = replacement_edit(self.text, f, index)
                    u_start, u_end = span(e_start, e_end)
                    wire["edits"].append({"start": u_start, "end": u_end, "text": self.text[e_start:e_end],
                                          "replacement": e_text})
            findings.append(wire)
        rewritten = None
        if self.rewrite is not None:
            changes = []
            for c in self.rewrite.get("changes", []):
                start, end = span(c["start"], c["end"])
                changes.append({**c, "start": start, "end": end})
            rewritten = {**self.rewrite, "changes": changes}
        wire = {
            "language": self.language,
            "language_source": self.language_source,
            "readability": self.readability,
            "findings": findings,
            "empathy": self.empathy,
            "rewrite": rewritten,
            "grammar": {"engine": self.grammar.engine, "complete": self.grammar.complete},
        }
        if self.rewrite_skipped:
            wire["rewrite_skipped"] = self.rewrite_skipped
        return wire


@dataclass
class StageResults:
    """What the stages found in one document: the summaries and every finding (finalized: sorted, with ids)."""

    readability: dict
    empathy: dict
    findings: list[Finding]
    grammar: GrammarStatus


# Stage results by everything they depend on (text, language, channel, team terms, customer context and
# the stages asked for), when no grammar engine takes part: the rewrite re-checks the same sentences in
# every pass and the next check of a draft asks about the same texts again. Bounded like the segmentations.
STAGE_RESULTS = TextCache(max_entries=512, max_chars=400_000)
# Whole rewrites by the same key plus the switched-off rules, when no grammar engine takes part: the rewrite is
# a pure function of the text, its context and the findings, which that key fixes. The extension asks about the
# same draft more than once (a fast and a full request per pause, a re-send after a click elsewhere).
REWRITES = TextCache(max_entries=256, max_chars=400_000)


def clear_caches() -> None:
    """Forget every cached segmentation and what splicing one needs, unit's sentence split, sentence's readability
    counts, stage result, rewrite and rewritten unit's faults, paragraph's rule candidates and URLs, match's context and
    swap refusals and kept echoes, entry's whole-reply condition, finding's customer words, replacement's address to the
    reply's readers, paragraph's tokens and stock-phrase typo readings, the empathy stage's evidence per paragraph and
    the situation clauses found (tests, a benchmark's cold figures)."""
    from . import acknowledgement
    from .readability import SENTENCE_COUNTS
    from .address import READERS_ADDRESS
    from .rules.checking import CUSTOMER_WORDS, TYPO_READINGS
    from .rules.engine import CONTEXT_REFUSALS, ECHO_ANSWERS, PARAGRAPH_CANDIDATES, SWAP_REFUSALS, URL_SPANS, reply_says
    from .text import LAYOUTS, PARAGRAPH_TOKENS, UNIT_SPLITS

    STAGE_RESULTS.clear()
    REWRITES.clear()
    rewrite.NEW_FAULTS.clear()
    UNIT_SPLITS.clear()
    LAYOUTS.clear()
    SENTENCE_COUNTS.clear()
    document.SEGMENTATIONS.clear()
    PARAGRAPH_CANDIDATES.clear()
    PARAGRAPH_TOKENS.clear()
    TYPO_READINGS.clear()
    SWAP_REFUSALS.clear()
    CONTEXT_REFUSALS.clear()
    ECHO_ANSWERS.clear()
    reply_says.cache_clear()
    URL_SPANS.clear()
    CUSTOMER_WORDS.clear()
    READERS_ADDRESS.clear()
    empathy.clear_caches()
    acknowledgement.clear_caches()


def _stage_key(doc: Document, stages: tuple[str, ...]) -> tuple:
    """What a stage run without grammar depends on: the document's words and context, and the stages."""
    return (doc.text, doc.language, doc.channel, doc.terms, doc.customer_message, doc.customer_name,
            tuple(stages), rules.generation())


def _copied(results: StageResults) -> StageResults:
    """A caller's own copy of cached results (the summaries are dicts a caller may change; findings are frozen)."""
    return StageResults(_fresh(results.readability), _fresh(results.empathy),
                        list(results.findings), copy.copy(results.grammar))


# Values `_fresh` returns as they are: immutable scalars (bool is an int); the exact types pass without a call,
# subclasses (a str enum) through the isinstance test.
_SCALARS = (str, int, float, type(None))
_SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})


def _fresh(value):
    """A deep copy of a summary made of dicts, lists, tuples and immutable scalars (what the stages return),
    several times cheaper than `copy.deepcopy`, which it falls back to for anything else."""
    kind = type(value)
    if kind is dict:
        # Scalars are taken as they are without a call each: most of a summary's values are scalars.
        return {key: item if type(item) in _SCALAR_TYPES else _fresh(item) for key, item in value.items()}
    if kind is list:
        return [item if type(item) in _SCALAR_TYPES else _fresh(item) for item in value]
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, dict):
        return {key: _fresh(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_fresh(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_fresh(item) for item in value)
    return copy.deepcopy(value)


_ALL_STAGES = ("readability", "rules", "empathy", "grammar")


def run_stages(doc: Document, *, grammar_checker=None, timings: dict | None = None,
               stages: tuple[str, ...] = _ALL_STAGES) -> StageResults:
    """Run the named stages over `doc`; each stage is a function of the Document returning its findings.

    The analysis runs them all; the rewrite runs the sentence-level ones again on the sentences it changed
    (`recheck_sentences`), so both see the same findings for the same words. Without a grammar engine the
    results are remembered per text and context (`STAGE_RESULTS`), so the same text is analysed once."""
    timings = {} if timings is None else timings
    if grammar_checker is None or "grammar" not in stages:
        key = _stage_key(doc, stages)
        cached = STAGE_RESULTS.get(key)
        if cached is not None:
            return _copied(cached)
        results = _run_stages(doc, None, timings, stages)
        STAGE_RESULTS.put(key, _copied(results), len(doc.text) + len(doc.customer_message or ""))
        return results
    return _run_stages(doc, grammar_checker, timings, stages)


def _run_stages(doc: Document, grammar_checker, timings: dict, stages: tuple[str, ...]) -> StageResults:
    """Run the stages (no cache)."""
    clock = time.perf_counter
    findings: list[Finding] = []
    readability_summary: dict = {}
    empathy_summary: dict = {}
    status = GrammarStatus()
    if "readability" in stages:
        t0 = clock()
        readability_summary, found = readability.analyze(doc)
        findings += found
        timings["readability"] = clock() - t0
    if "rules" in stages:
        t0 = clock()
        findings += rules.check(doc)
        timings["rules"] = clock() - t0
    if "empathy" in stages:
        t0 = clock()
        empathy_summary, found = empathy.analyze(doc)
        findings += found
        timings["empathy"] = clock() - t0
    if "empathy" in stages or "rules" in stages:
        # To a bereaved customer, sympathy findings offer condolence instead of "frustrerende" (empathy.py).
        findings = empathy.fit_to_customer(doc, findings)
    if "grammar" in stages and grammar_checker is not None:
        t0 = clock()
        grammar_findings, status = grammar_checker.check(doc)
        findings += grammar_findings
        timings["grammar"] = clock() - t0
    return StageResults(readability_summary, empathy_summary, finalize(findings), status)


# The stages whose findings depend on one sentence and its neighbours only, not on the whole reply.
SENTENCE_STAGES = ("readability", "rules", "grammar")
# Below this much time left before the deadline the rewrite re-checks without the grammar engine.
GRAMMAR_RECHECK_SECONDS = 0.3


def recheck_sentences(doc: Document, *, grammar_checker=None, deadline: float | None = None,
                      stages: tuple[str, ...] = SENTENCE_STAGES) -> StageResults:
    """The rewrite's re-check: by default the sentence-level stages over a document of changed sentences;
    `stages=("empathy",)` asks whether a whole rewritten reply acknowledges the customer."""
    if deadline is not None and time.monotonic() > deadline - GRAMMAR_RECHECK_SECONDS:
        grammar_checker = None
    return run_stages(doc, grammar_checker=grammar_checker, stages=stages)


def is_disabled(finding: Finding, disabled: frozenset[str]) -> bool:
    """Whether a team setting switched the finding's rule or its whole category off."""
    return finding.rule in disabled or finding.category in disabled


# Per language: set while that language needs no warm-up. A check arriving during the server's warm-up waits
# for its own language only (which the warm-up then takes next), rather than compiling the same rules and
# tables beside it on a second thread (two threads doing it made the first check ~2 s).
_WARM_LANGUAGES = ("da", "en")
_WARMED = {language: threading.Event() for language in _WARM_LANGUAGES}
for _event in _WARMED.values():
    _event.set()
_WARM_LOCK = threading.Lock()
_warm_queue: list[str] = []  # languages the running warm-up has yet to take, in order
_warm_wanted: set[str] = set()  # languages a check waits for
_warm_left: dict[str, list] = {}  # per language: the warm-up steps not yet done
WARM_WAIT_SECONDS = 10.0
# Short replies that reach every stage and table: rules, readability (the English syllable table), the
# customer's message and empathy data, and the rewrite.
_WARM_TEXTS = {
    "da": ("Hej Maria\n\nTak for din besked. Din sag er eskaleret, og vi beklager ulejligheden.\n\nMvh Ole",
           "Min pakke er ikke kommet, og jeg er rigtig ked af det!"),
    "en": ("Hi John\n\nThanks for your message. Please be advised that your ticket has been escalated.\n\nBest, Ann",
           "My parcel still hasn't arrived and I'm really upset!"),
}


def warm() -> None:
    """Load and compile everything a check needs, language by language, now (the server's start-up calls it
    before it reports ready); a check that arrives meanwhile waits for its own language, taken next."""
    from .rules.patterns import trusted_data

    with _WARM_LOCK:
        for event in _WARMED.values():
            event.clear()
        _warm_queue[:] = list(_WARM_LANGUAGES)
    _warm_left.clear()
    _warm_wanted.clear()
    try:
        # The shipped data is proven by the test suite: start-up compiles it without the per-pattern self-test.
        with trusted_data():
            while True:
                with _WARM_LOCK:
                    if not _warm_queue:
                        break
                    language = _warm_queue.pop(0)
                if _warm_language(language) is False:
                    continue  # a check wants another language first; this one is back in the queue
                _warm_wanted.discard(language)
                _WARMED[language].set()
    finally:
        with _WARM_LOCK:
            _warm_queue.clear()
        for event in _WARMED.values():
            event.set()  # never leave a check waiting, whatever happened


def _warm_language(language: str) -> bool:
    """Warm one language step by step; between steps, give way (return False, this language queued right
    behind) when a check waits for another language, so it waits at most for the step under way."""
    steps = _warm_left.setdefault(language, _warm_steps(language))
    while steps:
        with _WARM_LOCK:
            wanted = _warm_queue[0] if _warm_queue and _warm_queue[0] in _warm_wanted else None
            if wanted is not None and wanted != language:
                _warm_queue.insert(1, language)
                return False
        steps.pop(0)()
    return True


def _warm_steps(language: str) -> list:
    """One language's warm-up in steps of a few hundred ms at most: its rules, its customer and empathy data,
    then its short replies through every stage."""
    from . import customer
    from .rules.checking import _language_files
    from .rules.checking import warm as warm_rules

    text, message = _WARM_TEXTS[language]
    return [
        lambda: _language_files(language),
        lambda: warm_rules((language,)),
        lambda: customer.language_data(language),
        lambda: _load_syllable_table(language),
        lambda: _analyze(CheckRequest(text=text, language=language, customer_message=message, grammar=False)),
        lambda: _analyze(CheckRequest(text=text, language=language, channel="chat", grammar=False)),
    ]


def _load_syllable_table(language: str) -> None:
    """English: the syllable table readability counts with, from the server's data store when it has it
    (`readability.stored_syllable_table`)."""
    if language != "en" or readability._CMU is not None:
        return
    table = readability.stored_syllable_table()
    with readability._CMU_LOCK:
        if readability._CMU is None:
            readability._CMU = table


def _wait_until_warm(request: CheckRequest) -> None:
    """If a warm-up runs, wait until the request's language is warm (asking the warm-up to take it next)."""
    language = request.language if request.language in _WARMED else detect_language(request.text)
    event = _WARMED.get(language)
    if event is None or event.is_set():
        return
    with _WARM_LOCK:
        if language in _warm_queue:
            _warm_queue.remove(language)
            _warm_queue.insert(0, language)
            _warm_wanted.add(language)
    event.wait(WARM_WAIT_SECONDS)


def is_warm() -> bool:
    """Whether no warm-up is running (a check now is answered at full speed)."""
    return all(event.is_set() for event in _WARMED.values())


def analyze(request: CheckRequest, *, terms: TeamTerms | None = None, grammar_checker=None,
            deadline: float | None = None, disabled: frozenset[str] = frozenset()) -> Analysis:
    """Run every stage over the request's text and return the `Analysis`.

    `grammar_checker` is an object with `check(document) -> (findings, GrammarStatus)`; None skips grammar.
    `deadline` (a `time.monotonic()` value) caps the check: past it the rewrite is skipped and says so.
    `disabled` holds rule ids and categories the team switched off: never reported, never acted on.
    """
    if not is_warm():
        _wait_until_warm(request)
    return _analyze(request, terms=terms, grammar_checker=grammar_checker, deadline=deadline, disabled=disabled)


def _analyze(request: CheckRequest, *, terms: TeamTerms | None = None, grammar_checker=None,
             deadline: float | None = None, disabled: frozenset[str] = frozenset()) -> Analysis:
    """`analyze` without waiting for a warm-up."""
    timings: dict[str, float] = {}
    clock = time.perf_counter

    t0 = clock()
    if request.language in ("da", "en"):
        language, source = request.language, "request"
    else:
        language, source = detect_language(request.text), "detected"
    doc = Document(
        text=request.text, language=language, channel=request.channel,
        customer_message=request.customer_message, customer_name=request.customer_name,
        terms=terms or TeamTerms(), language_source=source,
    )
    timings["language"] = clock() - t0

    stages = run_stages(doc, grammar_checker=grammar_checker if request.grammar else None, timings=timings)
    findings = [f for f in stages.findings if not is_disabled(f, disabled)] if disabled else stages.findings

    rewritten, skipped = None, None
    if request.rewrite and deadline is not None and time.monotonic() >= deadline:
        skipped = "time_limit"
    elif request.rewrite:
        t0 = clock()
        # A grammar engine that used up its budget once (LanguageTool slow or down) would spend it again on
        # every re-check of a changed sentence: the rewrite then re-checks without it.
        recheck_grammar = grammar_checker if request.grammar and stages.grammar.complete else None
        key = None
        if grammar_checker is None or not request.grammar:
            # The rewrite's own setting of what counts as minor is part of it (tests offer every rewrite).
            key = (_stage_key(doc, _ALL_STAGES), disabled, rewrite.MINOR_CHANGES)
            rewritten = REWRITES.get(key)
            if rewritten is not None:
                rewritten = _fresh(rewritten)
        if key is None or rewritten is None:
            rewritten = rewrite.rewrite(
                doc, findings, stages.empathy, readability_summary=stages.readability, deadline=deadline,
                recheck=functools.partial(recheck_sentences, grammar_checker=recheck_grammar, deadline=deadline))
            if key is not None:
                REWRITES.put(key, _fresh(rewritten), len(doc.text) + len(doc.customer_message or ""))
        timings["rewrite"] = clock() - t0
        if rewritten.get("skipped"):  # only minor swaps, which the findings' cards offer ("minor_changes")
            skipped, rewritten = rewritten["skipped"], None

    return Analysis(
        text=request.text, language=language, language_source=source,
        readability=stages.readability, findings=findings, empathy=stages.empathy,
        rewrite=rewritten, grammar=stages.grammar, timings=timings, rewrite_skipped=skipped,
    )
