"""The grammar service: picks an engine, starts it in the background, checks within a time budget.

Engines: `languagetool` (remote team server or local Java server, via language-tool-python) and `builtin`
(Hunspell spelling, `spelling.py`, plus offline grammar, `offline.py`: repeated words in both languages,
Klarsvar's English offline rules and Harper for English). With LanguageTool in use it does grammar and
spelling; the builtin engines are only the fallback for paragraphs LanguageTool did not answer in time
(then `GrammarStatus.complete` is False) and for a LanguageTool that is down or not configured. Klarsvar's
own Danish grammar rules (`rules/da/grammar.yml`) run in the rules stage of the pipeline whatever the engine is.
"""

from __future__ import annotations

import hashlib
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as wait_futures
from dataclasses import dataclass, fields, replace

from ..findings import Finding
from ..findings import GrammarStatus
from . import harper as harper_module
from .breaker import CircuitBreaker
from .cache import LRUCache
from .languagetool import (
    LANGUAGE_CODES,
    LanguageToolEndpoint,
    LanguageToolFailure,
    installed_languagetool,
    java_path,
)
from .offline import OfflineGrammar
from .spelling import (
    OfflineSpelling,
    SpellingContext,
    checking,
    dictionaries_available,
    shared_spellers,
    with_split_form_first,
)

MODES = ("auto", "off", "local", "remote")
_FALLBACK_SECONDS = 0.1  # offline spelling after LanguageTool missed the deadline (word checks + suggestions)
INSTALL_ADVICE = "Install Java and run `klarsvar languagetool install`, or set KLARSVAR_LANGUAGETOOL_URL"


@dataclass(frozen=True)
class GrammarSettings:
    """How grammar should run: `mode` is 'off', 'local', 'remote' or 'auto' (remote if a URL is set, else
    local if LanguageTool is installed, else the builtin offline speller)."""

    mode: str = "auto"
    url: str | None = None
    budget_seconds: float = 1.5
    request_timeout_seconds: float = 10.0  # a late answer still fills the cache for the next check
    breaker_threshold: int = 3
    breaker_cooldown_seconds: float = 30.0
    retry_seconds: float = 15.0  # how often to retry connecting to an unreachable server
    # Hunspell holds the GIL for ~0.5 s while it reads the dictionaries, which would stall /v1/health:
    # by default they load on the first check that needs offline spelling (None); a number preloads them
    # that many seconds after start().
    spelling_preload_seconds: float | None = None
    cache_paragraphs: int = 2000
    # Requests queued or running at once. It bounds the backlog a slow server builds up, not how many requests
    # are sent (a paragraph left out now is sent by the next check); at 8, a first check of a 300-word draft
    # (10 new paragraphs) always left two to the offline fallback, which loaded Hunspell and Harper (~280 MB)
    # beside a LanguageTool that answered in milliseconds, and ended incomplete.
    max_in_flight: int = 32
    languagetool_dir: str | None = None  # language-tool-python's download folder (LTP_PATH)
    # Harper's dialect for English: 'auto' follows the reply's spelling (colour/color), or 'american'/'british'.
    english_dialect: str = "auto"

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"grammar mode must be one of {', '.join(MODES)}, not {self.mode!r}")
        if not (0 < self.budget_seconds <= 60):
            raise ValueError("the grammar time budget must be between 0 and 60 seconds")
        if self.english_dialect not in harper_module.DIALECTS:
            raise ValueError(f"the English dialect must be one of {', '.join(harper_module.DIALECTS)}, "
                             f"not {self.english_dialect!r}")

    @classmethod
    def from_env(cls, environ=None, **overrides) -> GrammarSettings:
        """Settings from KLARSVAR_LANGUAGETOOL, KLARSVAR_LANGUAGETOOL_URL, KLARSVAR_GRAMMAR_BUDGET and
        KLARSVAR_ENGLISH_DIALECT, overlaid with `overrides` (CLI flags; None values are ignored)."""
        env = os.environ if environ is None else environ
        values: dict = {}
        if env.get("KLARSVAR_LANGUAGETOOL"):
            values["mode"] = env["KLARSVAR_LANGUAGETOOL"].strip().lower()
        if env.get("KLARSVAR_LANGUAGETOOL_URL"):
            values["url"] = env["KLARSVAR_LANGUAGETOOL_URL"].strip()
        if env.get("KLARSVAR_GRAMMAR_BUDGET"):
            try:
                values["budget_seconds"] = float(env["KLARSVAR_GRAMMAR_BUDGET"])
            except ValueError as exc:
                raise ValueError("KLARSVAR_GRAMMAR_BUDGET must be a number of seconds") from exc
        if env.get("KLARSVAR_ENGLISH_DIALECT"):
            values["english_dialect"] = env["KLARSVAR_ENGLISH_DIALECT"].strip().lower()
        known = {f.name for f in fields(cls)}
        for key, value in overrides.items():
            if key not in known:
                raise TypeError(f"unknown grammar setting {key!r}")
            if value is not None:
                values[key] = value
        return cls(**values)


_PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t]*\r?\n(?:[ \t]*\r?\n)*")


def split_paragraphs(text: str) -> list[tuple[int, str]]:
    """(start offset, paragraph text) for every non-blank paragraph (blocks between blank lines)."""
    out, pos = [], 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        out.append((pos, text[pos:m.start()]))
        pos = m.end()
    out.append((pos, text[pos:]))
    return [(base, part) for base, part in out if part.strip()]


def _paragraph_key(language: str, paragraph: str) -> tuple[str, bytes]:
    return language, hashlib.blake2b(paragraph.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class GrammarService:
    """Grammar and spelling behind one interface; every public method answers at once or within budget."""

    def __init__(self, settings: GrammarSettings) -> None:
        self.settings = settings
        if settings.mode == "off":
            self.plan = "off"
        elif settings.mode == "remote" or (settings.mode == "auto" and settings.url):
            self.plan = "remote"
        else:
            self.plan = "local"
        self._lock = threading.RLock()
        self._closed = threading.Event()
        self._started = False
        self._spelling: OfflineSpelling | None = None
        self._spelling_problems: list[str] = []
        self._spelling_loaded = threading.Event()
        self._spelling_load_lock = threading.Lock()
        self._dictionaries_on_disk = False
        self._spelling_load_started = False
        self._endpoint: LanguageToolEndpoint | None = None
        self._grammar = OfflineGrammar(settings.english_dialect)
        # LanguageTool state: starting | ready | unreachable | no_url | not_installed | no_java | failed | off
        self._lt_state = "off" if self.plan == "off" else "starting"
        self._lt_reason = ""
        self._local_version: str | None = None
        self._breaker = CircuitBreaker(settings.breaker_threshold, settings.breaker_cooldown_seconds)
        self._cache = LRUCache(settings.cache_paragraphs)
        self._rejected = LRUCache(256)  # paragraphs LanguageTool refused (4xx): checked offline instead
        self._inflight: dict = {}
        self._pool: ThreadPoolExecutor | None = None
        self.requests_sent = 0

    # --- life cycle ------------------------------------------------------------------------------

    def start(self) -> None:
        """Begin loading dictionaries and connecting to / starting LanguageTool, in background threads."""
        with self._lock:
            if self._started or self.plan == "off":
                return
            self._started = True
        self._dictionaries_on_disk = dictionaries_available()
        if self.settings.spelling_preload_seconds is not None:
            threading.Thread(target=self._preload_spelling, name="klarsvar-spelling-load", daemon=True).start()
        threading.Thread(target=self._bring_up_languagetool, name="klarsvar-lt-start", daemon=True).start()

    def close(self) -> None:
        """Stop background work, close connections and stop a local LanguageTool server."""
        self._closed.set()
        with self._lock:
            endpoint, self._endpoint = self._endpoint, None
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        if endpoint is not None:
            endpoint.close()

    def _preload_spelling(self) -> None:
        if not self._closed.wait(self.settings.spelling_preload_seconds):
            self._load_spelling()

    def _load_spelling_soon(self) -> None:
        """Start loading the dictionaries in the background now (once), without waiting for it."""
        with self._lock:
            if self._spelling_loaded.is_set() or self._spelling_load_started:
                return
            self._spelling_load_started = True
        threading.Thread(target=self._load_spelling, name="klarsvar-spelling-load-now", daemon=True).start()

    def _load_spelling(self) -> None:
        """Load the dictionaries once (whichever thread comes first; the others wait for it)."""
        with self._spelling_load_lock:
            if self._spelling_loaded.is_set():
                return
            self._read_dictionaries()

    def _read_dictionaries(self) -> None:
        try:
            spellers, problems = shared_spellers()
            self._spelling = OfflineSpelling(spellers) if spellers else None
            self._spelling_problems = problems
        except Exception as exc:  # noqa: BLE001 - the server must run without a speller
            self._spelling_problems = [f"the dictionaries could not be loaded ({type(exc).__name__})"]
        finally:
            self._spelling_loaded.set()

    def _set_lt_state(self, state: str, reason: str = "") -> None:
        with self._lock:
            self._lt_state, self._lt_reason = state, reason

    def _bring_up_languagetool(self) -> None:
        if self.plan == "remote":
            if not self.settings.url:
                self._set_lt_state("no_url", "KLARSVAR_LANGUAGETOOL=remote needs KLARSVAR_LANGUAGETOOL_URL")
                return
            while not self._closed.is_set():
                try:
                    endpoint = LanguageToolEndpoint.connect_remote(
                        self.settings.url, request_timeout=self.settings.request_timeout_seconds)
                except LanguageToolFailure as failure:
                    self._set_lt_state("unreachable", str(failure))
                    if self._closed.wait(self.settings.retry_seconds):
                        return
                    continue
                self._adopt(endpoint)
                return
            return
        # local (explicit or auto): never download here, only use what is installed.
        installed = installed_languagetool(self.settings.languagetool_dir)
        if installed is None:
            self._set_lt_state("not_installed", "LanguageTool not installed")
            return
        if java_path() is None:
            self._set_lt_state("no_java", "LanguageTool is installed but Java is not")
            return
        version, folder = installed
        self._local_version = version
        previous = os.environ.get("LTP_PATH")
        try:
            if self.settings.languagetool_dir:
                os.environ["LTP_PATH"] = self.settings.languagetool_dir
            from language_tool_python.download_lt import LTP_DOWNLOAD_VERSION

            endpoint = LanguageToolEndpoint.start_local(
                version if version != "custom" else LTP_DOWNLOAD_VERSION, folder,
                request_timeout=self.settings.request_timeout_seconds)
        except LanguageToolFailure as failure:
            self._set_lt_state("failed", f"LanguageTool {version} did not start ({failure})")
            return
        finally:
            if self.settings.languagetool_dir:
                if previous is None:
                    os.environ.pop("LTP_PATH", None)
                else:
                    os.environ["LTP_PATH"] = previous
        if self._closed.is_set():
            endpoint.close()
            return
        self._adopt(endpoint)

    def _adopt(self, endpoint: LanguageToolEndpoint) -> None:
        with self._lock:
            self._endpoint = endpoint
            self._lt_state, self._lt_reason = "ready", ""
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="klarsvar-lt")
        self._breaker.record_success()

    # --- health ----------------------------------------------------------------------------------

    def _spelling_summary(self) -> str:
        if not self._spelling_loaded.is_set():
            if self._dictionaries_on_disk:
                return "offline spelling (Hunspell; dictionaries load on first use)"
            return "offline spelling is loading"
        if self._spelling is None:
            return "no offline spelling (" + "; ".join(self._spelling_problems) + ")"
        langs = " and ".join({"da": "Danish", "en": "English"}[lang] for lang in self._spelling.languages())
        text = f"offline spelling for {langs} (Hunspell)"
        if self._spelling_problems:
            text += "; " + "; ".join(self._spelling_problems)
        return text

    def _offline_grammar_summary(self) -> str:
        harper = self._grammar.harper.state()
        if harper["problem"]:
            english = f"English grammar offline is Klarsvar's own rules only ({harper['problem']})"
        else:
            english = "English grammar offline comes from Harper and Klarsvar's own rules"
            if not harper["loaded"]:
                english += " (Harper loads on first use)"
        return english + "; Danish grammar from Klarsvar's own rules."

    @property
    def engines(self) -> list[dict]:
        """Every engine behind the checks: name, what it does, its languages and whether it is ready now."""
        if self.plan == "off":
            return []
        with self._lock:
            state, endpoint = self._lt_state, self._endpoint
        out = []
        if state not in ("no_url", "not_installed", "no_java"):
            ready = state == "ready" and self._breaker.state == "closed"
            languages = sorted(lang for lang in LANGUAGE_CODES if endpoint is not None and endpoint.supports(lang))
            out.append({"name": "languagetool", "role": "grammar and spelling", "languages": languages,
                        "ready": ready, "fallback": False})
        if self._spelling_loaded.is_set():
            spell_languages = list(self._spelling.languages()) if self._spelling is not None else []
        else:
            spell_languages = sorted(LANGUAGE_CODES) if self._dictionaries_on_disk else []
        out.append({"name": "hunspell", "role": "spelling", "languages": spell_languages,
                    "ready": bool(spell_languages), "fallback": bool(out)})
        harper = self._grammar.harper.state()
        out.append({"name": "harper", "role": "grammar", "languages": ["en"] if self._grammar.harper.installed else [],
                    "ready": harper["ready"], "loaded": harper["loaded"], "fallback": out[0]["name"] == "languagetool"})
        out.append({"name": "klarsvar", "role": "grammar", "languages": sorted(LANGUAGE_CODES), "ready": True,
                    "fallback": False})
        return out

    def status(self) -> dict:
        """Describe the engine for `/v1/health`: engine, mode, ready, detail (plus additive fields)."""
        if self.plan == "off":
            return {"engine": "none", "mode": "off", "ready": False, "engines": [],
                    "detail": "Grammar and spelling checks are switched off (KLARSVAR_LANGUAGETOOL=off)."}
        return {**self._status(), "engines": self.engines}

    def _status(self) -> dict:
        with self._lock:
            state, reason, endpoint = self._lt_state, self._lt_reason, self._endpoint
        spelling = self._spelling_summary()
        if self._spelling_loaded.is_set():
            spelling_ready = self._spelling is not None
        else:
            spelling_ready = self._dictionaries_on_disk
        where = self.settings.url if self.plan == "remote" else "this computer"
        extra = {"circuit": self._breaker.state, "cached_paragraphs": len(self._cache)}
        if state in ("no_url", "not_installed", "no_java"):
            advice = {"no_url": "Set KLARSVAR_LANGUAGETOOL_URL to your team's LanguageTool server",
                      "not_installed": INSTALL_ADVICE,
                      "no_java": "Install Java 17 or newer, or set KLARSVAR_LANGUAGETOOL_URL"}[state]
            detail = (f"{reason}; using {spelling}. {self._offline_grammar_summary()} {advice}.")
            return {"engine": "builtin", "mode": self.plan, "ready": spelling_ready, "detail": detail, **extra}
        if state == "starting":
            if self.plan == "remote":
                what = f"Connecting to LanguageTool at {where}"
            elif self._local_version:
                what = f"Starting LanguageTool {self._local_version} on this computer (Java)"
            else:
                what = "Looking for LanguageTool on this computer"
            return {"engine": "languagetool", "mode": self.plan, "ready": False,
                    "detail": f"{what}; meanwhile {spelling}. {self._offline_grammar_summary()}", **extra}
        if state == "unreachable":
            return {"engine": "languagetool", "mode": self.plan, "ready": False,
                    "detail": (f"LanguageTool at {where} is not reachable ({reason}); using {spelling} and "
                               f"retrying every {self.settings.retry_seconds:g} s. {self._offline_grammar_summary()}"),
                    **extra}
        if state == "failed":
            return {"engine": "languagetool", "mode": self.plan, "ready": False,
                    "detail": f"{reason}; using {spelling}. {INSTALL_ADVICE}.", **extra}
        # ready
        version = f"LanguageTool {endpoint.version}" if endpoint and endpoint.version else "LanguageTool"
        breaker_state = extra["circuit"]
        if breaker_state != "closed":
            wait_s = self._breaker.seconds_until_retry()
            return {"engine": "languagetool", "mode": self.plan, "ready": False,
                    "detail": (f"{version} at {where} failed {self._breaker.consecutive_failures} times in a row "
                               f"({self._breaker.last_failure}); paused for {wait_s:.0f} s, using {spelling} "
                               f"meanwhile."), **extra}
        detail = f"{version} at {where}"
        if endpoint and not endpoint.supports("da"):
            detail += "; it has no Danish, so Danish uses " + spelling
        if self._breaker.consecutive_failures:
            detail += f"; the last call failed ({self._breaker.last_failure})"
        return {"engine": "languagetool", "mode": self.plan, "ready": True, "detail": detail, **extra}

    # --- checking --------------------------------------------------------------------------------

    def check(self, doc) -> tuple[list[Finding], GrammarStatus]:
        """Grammar and spelling findings for `doc`, never slower than the budget (plus a little overhead)."""
        with checking():  # the speller's background judging of new words waits meanwhile
            findings, status = self._check(doc)
        return _without_spelling_under_grammar_rules(doc, findings), status

    def _check(self, doc) -> tuple[list[Finding], GrammarStatus]:
        if self.plan == "off":
            return [], GrammarStatus(engine="none", complete=True)
        if not self._started:
            self.start()
        deadline = time.monotonic() + self.settings.budget_seconds
        language = doc.language
        paragraphs = split_paragraphs(doc.text)
        with self._lock:
            endpoint = self._endpoint
            lt_configured = self._lt_state not in ("no_url", "not_installed", "no_java")
        if language not in LANGUAGE_CODES or not paragraphs:
            return [], GrammarStatus(engine="languagetool" if endpoint else "builtin", complete=True)
        context = SpellingContext.from_document(doc)
        # The offline fallback may be needed; reading the dictionaries (once per process) overlaps the
        # LanguageTool wait instead of running after the deadline, where it would push the answer late.
        self._load_spelling_soon()
        if endpoint is None or not endpoint.supports(language):
            findings, spelled = self._offline(doc, paragraphs, context, deadline)
            if endpoint is not None:  # the server has no such language: builtin is the engine for it
                return findings, GrammarStatus(engine="builtin", complete=spelled)
            engine = "languagetool" if lt_configured else "builtin"
            return findings, GrammarStatus(engine=engine, complete=spelled and not lt_configured)
        return self._check_with_languagetool(doc, paragraphs, context, endpoint, deadline)

    def _offline(self, doc, paragraphs, context, deadline) -> tuple[list[Finding], bool]:
        """Builtin grammar and spelling for `paragraphs`; (findings, whether both ran on all of them in time).

        Grammar goes first: it takes milliseconds (Harper ~0.15 ms a word), while spelling suggestions may
        use whatever budget is left."""
        spans = [(base, base + len(part)) for base, part in paragraphs]
        # Grammar may spend at most half the time left: waiting for Harper's first build must not starve
        # the speller (a LanguageTool fallback has only a tenth of a second).
        grammar_deadline = min(deadline, time.monotonic() + max(0.0, deadline - time.monotonic()) / 2)
        grammar, grammar_complete = self._grammar.check(doc, spans, context, grammar_deadline)
        spelling, spelled = self._offline_spelling(doc.text, spans, context, deadline)
        # A word flagged by the speller is not also a grammar finding (Harper's "an" before a typo …).
        grammar = [g for g in grammar if not any(s.start < g.end and g.start < s.end for s in spelling)]
        return grammar + spelling, grammar_complete and spelled

    def _offline_spelling(self, text, spans, context, deadline) -> tuple[list[Finding], bool]:
        """Builtin spelling for `spans`; (findings, whether the speller was available and finished in time)."""
        if not self._spelling_loaded.is_set():
            # Loading takes ~0.6 s; it runs in the background so a check never overruns its deadline.
            self._load_spelling_soon()
            if not self._spelling_loaded.wait(max(0.0, deadline - time.monotonic())):
                return [], False
        spelling = self._spelling
        if spelling is None or context.language not in spelling.spellers:
            return [], False
        # One deadline for all paragraphs: the speller stops where the budget ends and says so.
        return spelling.check_spans(text, spans, context, deadline=deadline)

    def _check_with_languagetool(self, doc, paragraphs, context, endpoint, deadline):
        text, language = doc.text, doc.language
        results: dict[int, tuple[Finding, ...]] = {}
        pending = {}
        for index, (base, part) in enumerate(paragraphs):
            key = _paragraph_key(language, part)
            cached = self._cache.get(key)
            if cached is not None:
                results[index] = cached
                continue
            if self._rejected.get(key):
                continue
            future = self._submit(endpoint, key, part, language)
            if future is not None:
                pending[index] = future
        if pending:
            remaining = max(0.0, deadline - time.monotonic())
            wait_futures(list(pending.values()), timeout=remaining)
        for index, future in pending.items():
            if future.done() and not future.cancelled() and future.exception() is None:
                results[index] = future.result()
        findings: list[Finding] = []
        for index, relative in results.items():
            base = paragraphs[index][0]
            for f in relative:
                start, end = f.start + base, f.end + base
                if context.overlaps_blocked(start, end):
                    continue  # quotes, signatures, URLs …: not the agent's words or not words at all
                if f.category == "spelling" and context.ignores(text, start, end):
                    continue
                findings.append(with_split_form_first(replace(f, start=start, end=end), language))
        missing = [p for i, p in enumerate(paragraphs) if i not in results]
        if missing:
            # The budget is spent waiting; the fallback gets a small, bounded allowance of its own.
            fallback, _ = self._offline(doc, missing, context, max(deadline, time.monotonic() + _FALLBACK_SECONDS))
            findings += fallback
        return findings, GrammarStatus(engine="languagetool", complete=not missing)

    def _submit(self, endpoint, key, paragraph: str, language: str):
        """Send one paragraph to LanguageTool (or join the identical request in flight); None when not allowed."""
        with self._lock:
            future = self._inflight.get(key)
            if future is not None:
                return future
            if self._pool is None or self._closed.is_set() or len(self._inflight) >= self.settings.max_in_flight:
                return None
            if not self._breaker.allow():
                return None
            future = self._pool.submit(self._call_languagetool, endpoint, key, paragraph, language)
            self._inflight[key] = future
            self.requests_sent += 1
        future.add_done_callback(lambda _f, key=key: self._forget_inflight(key))
        return future

    def _forget_inflight(self, key) -> None:
        with self._lock:
            self._inflight.pop(key, None)

    def _call_languagetool(self, endpoint, key, paragraph: str, language: str) -> tuple[Finding, ...]:
        try:
            findings = tuple(endpoint.check(paragraph, language, self.settings.request_timeout_seconds))
        except LanguageToolFailure as failure:
            if failure.kind == "rejected":
                # Not a sign of a sick server: remember the paragraph so it is not sent again.
                self._rejected.put(key, True)
            else:
                self._breaker.record_failure(str(failure))
            raise
        except Exception as exc:  # noqa: BLE001 - any other bug is a failed call, not a crashed check
            self._breaker.record_failure(type(exc).__name__)
            raise
        self._breaker.record_success()
        self._cache.put(key, findings)
        return findings


def _without_spelling_under_grammar_rules(doc, findings: list[Finding]) -> list[Finding]:
    """Drop spelling findings on words a Klarsvar grammar rule flags with the right fix ("evt" → "evt.",
    "bla." → "bl.a."): the speller calls them unknown words and suggests "eet", "bal"."""
    spelling = [f for f in findings if f.category == "spelling" and f.start is not None]
    if not spelling:
        return findings
    from .. import rules

    # `check` on this document reuses its segmentation (the pipeline's rules stage made it already).
    ruled = [(f.start, f.end) for f in rules.check(doc) if ".grammar." in f.rule]
    if not ruled:
        return findings
    return [f for f in findings
            if not (f.category == "spelling" and f.start is not None
                    and any(s < f.end and f.start < e for s, e in ruled))]


def create_service(settings: GrammarSettings | None = None) -> GrammarService:
    """Create the grammar service for `settings` (default: from the environment). Cheap; call `start()`."""
    return GrammarService(settings or GrammarSettings.from_env())


__all__ = ["GrammarService", "GrammarSettings", "create_service", "split_paragraphs"]
