"""The rewrite by the team's own language model, used only when Klarsvar's checks prove it safe.

After the analysis (findings and the rule-based rewrite) the model is asked for a rewrite within its time
budget; `analysis.model_check.verify` checks the candidate; a refused candidate gets one retry with the
reasons fed back; otherwise the rule-based rewrite stands. Either way the answer's `rewrite` says which
engine wrote it (`engine`) and why model candidates were refused (`refused`).

The attempts run as a job beside the request: the request waits for it at most the budget (or not at all,
`rewrite_model: "background"`), and the job's outcome is kept, so checking the same text again — the
extension does after a pause — answers with the model's rewrite at once and never asks the model twice.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
import weakref
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field

from .analysis.document import Document
from .analysis.model_check import Refusal, diff_changes, own_text_end, remaining_after, verify
from .analysis.model_prompt import build_messages, clean_output
from .analysis.terms import TeamTerms
from .model_client import ModelClient, ModelError, client_for, status

log = logging.getLogger(__name__)

# Attempts per check: the first candidate and one retry with the refusals fed back.
ATTEMPTS = 2
# Time kept back from the model's budget to check its candidate (the stages over one reply; offline
# grammar included); below this much time left no retry is started.
VERIFY_RESERVE_SECONDS = 0.3
MIN_ATTEMPT_SECONDS = 0.5
# `refused[].check` for a call that gave no candidate (ModelError.kind → id).
CALL_FAILURES = {"timeout": "timeout", "error": "unavailable", "output": "output"}

_rewriters_lock = threading.Lock()


# How a check waits for the model (`rewrite_model` in the request): "wait" up to the budget, "background"
# (answer at once; the model's rewrite is kept for the next check of the same text), "off".
MODES = ("wait", "background", "off")
# Outcomes kept per process, by everything the rewrite depends on; the same text checked again (the
# extension asks again after a pause, or opens the rewrite) gets the model's rewrite without asking again.
CACHE_ENTRIES = 256
# Rewrites the model works on at once; a job that waited longer than the budget for its turn is dropped
# (the agent has typed on: asking about old text would only delay the new).
JOB_WORKERS = 2


@dataclass
class Outcome:
    """What the model's attempts gave: the accepted rewrite (or None) and every refusal on the way."""

    rewrite: dict | None
    refused: list[dict] = field(default_factory=list)

    @property
    def lasting(self) -> bool:
        """Whether the outcome holds for the same text later: an accepted rewrite, or a candidate refused by a
        check (a retry that then ran out of time would only be asked again, and refused again, on every
        follow-up); not a bare time-out or an unreachable server."""
        return self.rewrite is not None or any(r["check"] not in ("timeout", "unavailable") for r in self.refused)


class ModelRewriter:
    """Runs the model's rewrite jobs for one client: one job per text at a time, outcomes kept (LRU)."""

    def __init__(self, client: ModelClient) -> None:
        self.client = client
        self._lock = threading.Lock()
        self._done: OrderedDict = OrderedDict()
        self._running: dict = {}
        self._pool = ThreadPoolExecutor(max_workers=JOB_WORKERS, thread_name_prefix="klarsvar-model-job")

    def outcome(self, key, job: dict, *, wait: float | None) -> Outcome | None:
        """The kept outcome for `key`, else the running (or a new) job's within `wait` seconds; None when it
        is not ready (the job goes on and keeps its outcome)."""
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                return self._done[key]
            future = self._running.get(key)
            if future is None:
                future = self._pool.submit(self._run, key, time.monotonic(), job)
                self._running[key] = future
        if not wait or wait <= 0:
            return None
        try:
            return future.result(timeout=wait)
        except FutureTimeout:
            return None

    def _run(self, key, submitted: float, job: dict) -> Outcome:
        """One job: ask, check, retry once; keep a lasting outcome."""
        outcome = Outcome(None, [{"check": "timeout", "detail": "the model was busy with earlier rewrites",
                                  "attempt": 1}])
        try:
            if time.monotonic() - submitted < self.client.settings.budget_seconds:
                outcome = attempts(self.client, **job)
        finally:
            with self._lock:
                self._running.pop(key, None)
                if outcome.lasting:
                    self._done[key] = outcome
                    while len(self._done) > CACHE_ENTRIES:
                        self._done.popitem(last=False)
        return outcome


_rewriters: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def rewriter_of(client: ModelClient) -> ModelRewriter:
    """The one rewriter (jobs and kept outcomes) of a client."""
    with _rewriters_lock:
        rewriter = _rewriters.get(client)
        if rewriter is None:
            rewriter = _rewriters[client] = ModelRewriter(client)
        return rewriter


def attempts(client: ModelClient, *, doc: Document, findings, empathy: dict, grammar_checker=None,
             disabled: frozenset[str] = frozenset()) -> Outcome:
    """Ask the model, check its candidate, retry once with the refusals fed back, all within the budget."""
    stop = time.monotonic() + client.settings.budget_seconds
    # The quoted earlier message at the end of an e-mail is not the agent's to rewrite: the model gets the
    # reply without it, and it is put back unchanged.
    cut = own_text_end(doc)
    own, tail = doc.text[:cut], doc.text[cut:]
    own_doc = doc.with_text(own)
    own_findings = [f for f in findings if f.start is None or f.end <= cut]
    refused: list[dict] = []
    previous, last_refusals = None, []
    for attempt in range(1, ATTEMPTS + 1):
        left = stop - time.monotonic() - VERIFY_RESERVE_SECONDS
        if left < (MIN_ATTEMPT_SECONDS if attempt > 1 else 0.05):
            if attempt == 1:
                refused.append({"check": "timeout", "detail": "no time was left for the model", "attempt": 1})
            break
        messages = build_messages(own_doc, own_findings, previous=previous, refusals=last_refusals)
        try:
            raw = client.complete(messages, timeout=left, max_tokens=_max_tokens(own))
        except ModelError as exc:
            refused.append({"check": CALL_FAILURES.get(exc.kind, "unavailable"), "detail": exc.detail,
                            "attempt": attempt})
            if exc.kind != "output":
                break
            continue
        candidate = clean_output(raw, own)
        if not candidate.strip():
            refused.append({"check": "output", "detail": "the model's answer held no reply", "attempt": attempt})
            continue
        previous = candidate
        candidate += tail
        verdict = verify(doc, findings, empathy, candidate, grammar_checker=grammar_checker, disabled=disabled)
        if verdict.accepted:
            log.info("model rewrite accepted (attempt %d)", attempt)
            return Outcome({"text": candidate, "changes": diff_changes(doc.text, candidate),
                            "remaining": remaining_after(findings, verdict.stages.findings),
                            "engine": "model", "model": client.settings.model}, refused)
        refused += [{**r.to_dict(), "attempt": attempt} for r in verdict.refusals]
        last_refusals = verdict.refusals
    # Check ids only: the details may quote the reply, which is never logged.
    log.info("model rewrite refused (%s); the rule-based rewrite stands",
             ", ".join(dict.fromkeys(r["check"] for r in refused)) or "no candidate")
    return Outcome(None, refused)


def improve(analysis, request, *, client: ModelClient | None, terms=None, grammar_checker=None,
            disabled: frozenset[str] = frozenset(), deadline: float | None = None, mode: str = "wait") -> None:
    """Replace `analysis.rewrite` with the model's when a candidate passes every check; label the engine.

    `mode` "wait" waits for the model at most its budget (and never past `deadline`, the check's own cap);
    "background" does not wait: the rewrite says `model_pending` and the next check of the same text gets
    the model's outcome; "off" leaves the rules' rewrite. The findings are never changed."""
    # A rules rewrite too minor to offer ("minor_changes") still leaves room for the model's; a check past
    # its time cap ("time_limit") or one that asked for no rewrite gets none.
    minor = analysis.rewrite is None and getattr(analysis, "rewrite_skipped", None) == "minor_changes"
    if analysis.rewrite is None and not minor:
        return
    if analysis.rewrite is not None:
        analysis.rewrite.setdefault("engine", "rules")
        analysis.rewrite.setdefault("refused", [])
    if client is None or mode == "off" or not request.text.strip() or not analysis.findings:
        return
    started = time.monotonic()
    terms = terms if terms is not None else TeamTerms()
    doc = Document(text=request.text, language=analysis.language, channel=request.channel,
                   customer_message=request.customer_message, customer_name=request.customer_name,
                   terms=terms, language_source=analysis.language_source)
    # Spelling and grammar are re-checked with the engine the reply was checked with, if it finished.
    recheck_grammar = grammar_checker if request.grammar and analysis.grammar.complete else None
    key = (request.text, analysis.language, request.channel, request.customer_message, request.customer_name,
           terms, disabled, recheck_grammar is not None)
    job = {"doc": doc, "findings": list(analysis.findings), "empathy": dict(analysis.empathy),
           "grammar_checker": recheck_grammar, "disabled": disabled}
    wait = None
    if mode == "wait":
        wait = client.settings.budget_seconds
        if deadline is not None:
            wait = min(wait, deadline - started)
    outcome = rewriter_of(client).outcome(key, job, wait=wait)
    analysis.timings["model"] = time.monotonic() - started
    if outcome is None:
        if analysis.rewrite is not None:
            if mode == "background":
                analysis.rewrite["model_pending"] = True
            else:
                analysis.rewrite["refused"] = [{"check": "timeout", "attempt": 1, "detail":
                                                f"the model did not answer within {max(wait or 0, 0):.1f} s"}]
        return
    if outcome.rewrite is not None:
        analysis.rewrite = {**copy.deepcopy(outcome.rewrite), "refused": copy.deepcopy(outcome.refused)}
        if minor:
            analysis.rewrite_skipped = None
    elif analysis.rewrite is not None:
        analysis.rewrite["refused"] = copy.deepcopy(outcome.refused)


def _max_tokens(text: str) -> int:
    """Room for a rewrite of `text`: about twice its tokens plus an acknowledgement."""
    return min(4096, 256 + len(text) // 2)


__all__ = ["ATTEMPTS", "CALL_FAILURES", "MODES", "ModelRewriter", "Outcome", "Refusal", "attempts", "client_for",
           "improve", "rewriter_of", "status"]
