"""The rewrite by the team's own language model, used only when Klarsvar's checks prove it safe.

After the analysis (findings and the rule-based rewrite) the model is asked for a rewrite within its time
budget; `analysis.model_check.verify` checks the candidate; a refused candidate gets one retry with the
reasons fed back; otherwise the rule-based rewrite stands. Either way the answer's `rewrite` says which
engine wrote it (`engine`) and why model candidates were refused (`refused`).
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from .analysis.document import Document
from .analysis.model_check import Refusal, diff_changes, remaining_after, verify
from .analysis.model_prompt import build_messages, clean_output
from .analysis.terms import TeamTerms
from .model_client import ModelClient, ModelError, rules_status

log = logging.getLogger(__name__)

# Attempts per check: the first candidate and one retry with the refusals fed back.
ATTEMPTS = 2
# Time kept back from the model's budget to check its candidate (the stages over one reply; offline
# grammar included); below this much time left no retry is started.
VERIFY_RESERVE_SECONDS = 0.3
MIN_ATTEMPT_SECONDS = 0.5
# `refused[].check` for a call that gave no candidate (ModelError.kind → id).
CALL_FAILURES = {"timeout": "timeout", "error": "unavailable", "output": "output"}

# Checks of candidates run here, so a re-check that overruns (a spelling engine judging new words) is
# given up at the budget instead of holding the answer; the abandoned one ends within the grammar budget.
_VERIFY_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="klarsvar-model-check")

_CLIENT_KEY = "klarsvar_model"
_client_lock = threading.Lock()


def client_for(app) -> ModelClient | None:
    """The app's model client (created on first use, one per process), or None without a model."""
    from .config import model_settings

    holder = app.extensions.get(_CLIENT_KEY)
    if holder is None:
        with _client_lock:
            holder = app.extensions.get(_CLIENT_KEY)
            if holder is None:
                settings = model_settings(app.config)
                holder = {"client": ModelClient(settings) if settings is not None else None}
                app.extensions[_CLIENT_KEY] = holder
    return holder["client"]


def status(app) -> dict:
    """Health's `rewrite` object: which engine, which model, whether it answers, and a sentence."""
    client = client_for(app)
    return client.status() if client is not None else rules_status()


def improve(analysis, request, *, client: ModelClient | None, terms=None, grammar_checker=None,
            disabled: frozenset[str] = frozenset(), deadline: float | None = None) -> None:
    """Replace `analysis.rewrite` with the model's when a candidate passes every check; label the engine.

    `deadline` (time.monotonic) is the check's own cap: the model never runs past it or its budget."""
    # A rules rewrite too minor to offer ("minor_changes") still leaves room for the model's; a check past
    # its time cap ("time_limit") or one that asked for no rewrite gets none.
    minor = analysis.rewrite is None and getattr(analysis, "rewrite_skipped", None) == "minor_changes"
    if analysis.rewrite is None and not minor:
        return
    if analysis.rewrite is not None:
        analysis.rewrite.setdefault("engine", "rules")
        analysis.rewrite.setdefault("refused", [])
    if client is None or not request.text.strip() or not analysis.findings:
        return
    started = time.monotonic()
    stop = started + client.settings.budget_seconds
    if deadline is not None:
        stop = min(stop, deadline)
    doc = Document(text=request.text, language=analysis.language, channel=request.channel,
                   customer_message=request.customer_message, customer_name=request.customer_name,
                   terms=terms if terms is not None else TeamTerms(),
                   language_source=analysis.language_source)
    # Spelling and grammar are re-checked with the engine the reply was checked with, if it finished.
    recheck_grammar = grammar_checker if request.grammar and analysis.grammar.complete else None
    refused: list[dict] = []
    previous, last_refusals = None, []
    for attempt in range(1, ATTEMPTS + 1):
        left = stop - time.monotonic() - VERIFY_RESERVE_SECONDS
        if left < (MIN_ATTEMPT_SECONDS if attempt > 1 else 0.05):
            if attempt == 1:
                refused.append({"check": "timeout", "detail": "no time was left for the model", "attempt": 1})
            break
        messages = build_messages(doc, analysis.findings, previous=previous, refusals=last_refusals)
        try:
            raw = client.complete(messages, timeout=left, max_tokens=_max_tokens(request.text))
        except ModelError as exc:
            refused.append({"check": CALL_FAILURES.get(exc.kind, "unavailable"), "detail": exc.detail,
                            "attempt": attempt})
            if exc.kind != "output":
                break
            continue
        candidate = clean_output(raw, request.text)
        if not candidate.strip():
            refused.append({"check": "output", "detail": "the model's answer held no reply", "attempt": attempt})
            continue
        future = _VERIFY_POOL.submit(verify, doc, analysis.findings, analysis.empathy, candidate,
                                     grammar_checker=recheck_grammar, disabled=disabled)
        try:
            verdict = future.result(timeout=max(stop - time.monotonic(), VERIFY_RESERVE_SECONDS))
        except FutureTimeout:
            refused.append({"check": "timeout", "detail": "the candidate could not be checked within the budget",
                            "attempt": attempt})
            break
        if verdict.accepted:
            analysis.rewrite = {
                "text": candidate, "changes": diff_changes(request.text, candidate),
                "remaining": remaining_after(analysis.findings, verdict.stages.findings),
                "engine": "model", "model": client.settings.model, "refused": refused,
            }
            if minor:
                analysis.rewrite_skipped = None
            analysis.timings["model"] = time.monotonic() - started
            log.info("model rewrite accepted (attempt %d)", attempt)
            return
        refused += [{**r.to_dict(), "attempt": attempt} for r in verdict.refusals]
        previous, last_refusals = candidate, verdict.refusals
    if analysis.rewrite is not None:
        analysis.rewrite["refused"] = refused
    analysis.timings["model"] = time.monotonic() - started
    # Check ids only: the details may quote the reply, which is never logged.
    log.info("model rewrite refused (%s); the rule-based rewrite stands",
             ", ".join(dict.fromkeys(r["check"] for r in refused)) or "no candidate")


def _max_tokens(text: str) -> int:
    """Room for a rewrite of `text`: about twice its tokens plus an acknowledgement."""
    return min(4096, 256 + len(text) // 2)


__all__ = ["ATTEMPTS", "CALL_FAILURES", "Refusal", "client_for", "improve", "status"]
