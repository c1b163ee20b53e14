"""Klarsvar's benchmark: one run on one machine, written to docs/performance.md.

    python -m benchmarks            # full run (a few minutes); writes docs/performance.md
    python -m benchmarks --smoke    # tiny counts, for CI: proves it runs and writes its table

Every figure of issue 10 comes from the same run: per-stage analysis, the baselines (textstat's
readability floor and proselint) on the same texts, HTTP through waitress with grammar off and with a
LanguageTool-protocol test server answering fast and slowly, throughput with 1/4/16 clients, cold start,
memory over many checks, and the typing case (one word changed).
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import platform
import math
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "server"))
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import Corpus, load_corpus  # noqa: E402
from benchmarks.peers import harper_medians, median_seconds, offline_textstat, proselint_linter  # noqa: E402
from benchmarks.texts import LONG_REPLY_CHARS, CUSTOMER_MESSAGES, draft, long_replies, word_count  # noqa: E402

SIZES = (50, 300, 1500)
LANGUAGES = ("da", "en")
TOKEN = "benchmark-token-0123456789abcdef"


# ---------------------------------------------------------------------------------------- statistics

def percentiles(samples: list[float]) -> tuple[float, float, float]:
    """p50, p95 and p99 of `samples` in milliseconds."""
    ordered = sorted(samples)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000

    return pick(0.50), pick(0.95), pick(0.99)


def fmt(ms: float) -> str:
    """Milliseconds with sensible precision."""
    return f"{ms:.2f}" if ms < 10 else f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


# -------------------------------------------------------------------------------------------- stages

def _cold():
    """Forget the pipeline's caches, so the next analysis is a first check of its text."""
    from klarsvar.analysis import pipeline

    pipeline.clear_caches()


def bench_analysis(repeat: int, corpus: Corpus) -> dict:
    """Per-stage timings of a first check (caches cleared before each run), no HTTP, rewrite on, grammar off."""
    from klarsvar.analysis import CheckRequest, analyze

    cases = [(f"{language} {size}", language, [draft(language, size)]) for language in LANGUAGES for size in SIZES]
    if corpus.available:
        for language in LANGUAGES:
            texts = corpus.assembled(language, 300, 20)
            if texts:
                cases.append((f"{language} 300, real", language, texts))
    results = {}
    for label, language, texts in cases:
        requests_ = [CheckRequest(text=t, language=language, customer_message=CUSTOMER_MESSAGES[language],
                                  grammar=False) for t in texts]
        for request in requests_[:3]:
            analyze(request)
        totals, stages = [], {}
        for i in range(repeat):
            request = requests_[i % len(requests_)]
            _cold()
            t0 = time.perf_counter()
            result = analyze(request)
            totals.append(time.perf_counter() - t0)
            for stage, seconds in result.timings.items():
                stages.setdefault(stage, []).append(seconds)
        results[label] = {
            "language": language, "words": statistics.median(word_count(t) for t in texts),
            "total": percentiles(totals), "stages": {k: statistics.median(v) * 1000 for k, v in stages.items()},
        }
    return results


# The lengths the growth exponent is fitted over (characters).
GROWTH_CHARS = (1_000, 10_000, 50_000)


def long_shapes(corpus: Corpus) -> dict[str, tuple[str, str]]:
    """The 50,000-character shapes of `benchmarks/texts.py`, plus real replies joined (with the corpus)."""
    shapes = dict(long_replies())
    if corpus.available:
        shapes[REAL_LONG_SHAPE] = ("en", corpus.long_text("en", LONG_REPLY_CHARS))
    return shapes


REAL_LONG_SHAPE = "real replies joined as paragraphs (en)"


def shape_at(corpus: Corpus, label: str, text: str, chars: int) -> str:
    """The shape cut to `chars`: the written shapes repeat one pattern, so their start is like the whole; real replies
    differ from one to the next, so a shorter text draws its replies evenly from the 50,000-character one (the first
    few replies of the corpus are lighter than its average, and the fitted growth measured that)."""
    if label == REAL_LONG_SHAPE and chars < LONG_REPLY_CHARS:
        return corpus.long_text("en", chars, window=LONG_REPLY_CHARS)
    return text[:chars]


def bench_long_replies(repeat: int, corpus: Corpus) -> dict[str, dict]:
    """First-check time (rewrite on, grammar off) of each long shape at 1k, 10k and 50k characters, and the
    growth exponent between 1k and 50k (1.0 = linear)."""
    from klarsvar.analysis import CheckRequest, analyze

    out = {}
    for label, (language, text) in long_shapes(corpus).items():
        seconds, rewrites = {}, {}
        for chars in GROWTH_CHARS:
            request = CheckRequest(text=shape_at(corpus, label, text, chars), language=language, grammar=False)
            analyze(request)  # untimed: regexes a shape needs first are compiled once per process
            totals, rewrite_times = [], []
            for _ in range(repeat):
                _cold()
                t0 = time.perf_counter()
                result = analyze(request)
                totals.append(time.perf_counter() - t0)
                rewrite_times.append(result.timings.get("rewrite", 0.0))
            seconds[chars], rewrites[chars] = statistics.median(totals), statistics.median(rewrite_times)
        first, last = GROWTH_CHARS[0], GROWTH_CHARS[-1]
        exponent = math.log(seconds[last] / seconds[first]) / math.log(last / first)
        out[label] = {"seconds": seconds, "total": seconds[last], "rewrite": rewrites[last], "exponent": exponent}
    return out


def bench_real_replies(corpus: Corpus, limit: int, harper_repeat: int) -> dict:
    """Each real reply checked as written (its own channel and customer message), beside proselint and harper.js
    on the same replies: median milliseconds per reply."""
    from klarsvar.analysis import CheckRequest, analyze

    out = {}
    lint = proselint_linter()
    for language, replies in (("en", corpus.en), ("da", corpus.da)):
        sample = replies[:limit]
        if not sample:
            continue
        row = {"n": len(sample), "words": statistics.median(word_count(r.text) for r in sample)}
        row["ours"] = median_seconds(lambda r: analyze(CheckRequest(
            text=r.text, language=language, channel=r.channel, customer_message=r.customer, grammar=False)), sample)
        row["proselint"] = median_seconds(lambda r: lint(r.text), sample) if lint and language == "en" else None
        row["harper"], row["harper_note"] = None, None
        if language == "en":
            per_text, why = harper_medians([r.text for r in sample[:200]], harper_repeat)
            row["harper"] = statistics.median(per_text) if per_text else None
            row["harper_note"] = why
            row["harper_n"] = min(200, len(sample))
        out[language] = row
    return out


def bench_baselines(repeat: int, corpus: Corpus, harper_repeat: int) -> dict:
    """The readability floor (textstat lix + Flesch), proselint and harper.js on the same texts, vs our
    first check in-process (caches cleared)."""
    from klarsvar.analysis import CheckRequest, analyze

    textstat = offline_textstat()
    lint = proselint_linter()
    cases = [(f"{language} {size}", language, draft(language, size)) for language in LANGUAGES for size in SIZES]
    if corpus.available:
        for language in LANGUAGES:
            texts = corpus.assembled(language, 300, 1)
            if texts:
                cases.append((f"{language} 300, real", language, texts[0]))
    english = [(label, text) for label, language, text in cases if language == "en"]
    harper, harper_why = harper_medians([text for _, text in english], harper_repeat)
    harper_by_label = dict(zip([label for label, _ in english], harper)) if harper else {}
    results = {}
    for label, language, text in cases:
        textstat.set_lang("en")
        # Each run gets a slightly different text: textstat caches per text, and so would a fair reader.
        variants = [f"{text} {i}" for i in range(repeat + 1)]

        def floor(t):
            textstat.lix(t)
            textstat.flesch_reading_ease(t)

        def ours(t):
            _cold()
            analyze(CheckRequest(text=t, language=language, grammar=False, customer_message=CUSTOMER_MESSAGES[language]))

        row = {"ours": median_seconds(ours, variants[1:]), "floor": median_seconds(floor, variants[1:]),
               "proselint": None, "harper": harper_by_label.get(label)}
        if language == "en" and lint is not None:
            row["proselint"] = median_seconds(lint, variants[1:max(4, repeat // 5)])
        results[label] = row
    return results, harper_why


# ------------------------------------------------------------------------------------------- servers

def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Servers keep compiled bytecode, as an installed package does (pip compiles it at install), in one folder for
# the whole run: a machine that sets PYTHONDONTWRITEBYTECODE would otherwise make every start compile Klarsvar's
# modules from source, a cost users do not pay. The first start of a run still compiles (reported apart).
_PYCACHE = tempfile.mkdtemp(prefix="klarsvar-bench-pycache-")
atexit.register(shutil.rmtree, _PYCACHE, True)


class Server:
    """A real `klarsvar serve` process on loopback."""

    def __init__(self, *args: str, **env: str) -> None:
        self.args = args
        self.port = free_port()
        self.config_dir = tempfile.mkdtemp(prefix="klarsvar-bench-")
        # Its own cache folder too (stored compiled regexes): the benchmark leaves the user's alone.
        inherited = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        self.env = {**inherited, "PYTHONPYCACHEPREFIX": _PYCACHE, "KLARSVAR_TOKEN": TOKEN,
                    "KLARSVAR_CONFIG_DIR": self.config_dir, "KLARSVAR_CACHE_DIR": self.config_dir,
                    "KLARSVAR_LANGUAGETOOL": "off", **env}
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.started = 0.0

    def start(self) -> float:
        """Start the process; return seconds until /v1/health answered 200."""
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "klarsvar", "serve", "--port", str(self.port), *self.args], env=self.env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.url}/v1/health", timeout=0.5).status_code == 200:
                    return time.perf_counter() - self.started
            time.sleep(0.005)
        raise RuntimeError("klarsvar serve did not answer /v1/health within 20 s")

    def cpu_seconds(self) -> float | None:
        """CPU time (user + system, all threads) the server process has used so far; None off Linux.

        Unlike the wall clock it does not grow when other work shares the cores."""
        try:
            with open(f"/proc/{self.process.pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError, AttributeError):
            return None

    def rss_mb(self) -> float:
        """Resident memory of the server process in MiB."""
        with open(f"/proc/{self.process.pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        """Stop the process."""
        if self.process:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(5)
            if self.process.poll() is None:
                self.process.kill()

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


def check(session: requests.Session, server: Server, text: str, language: str, grammar: bool = False,
          timeout: float = 30, customer: str | None = "", channel: str = "email") -> requests.Response:
    """POST /v1/check (the customer's message defaults to the benchmark's one for the language)."""
    message = CUSTOMER_MESSAGES[language] if customer == "" else customer
    body = {"text": text, "language": language, "grammar": grammar, "channel": channel}
    if message:
        body["customer"] = {"message": message}
    return session.post(f"{server.url}/v1/check", timeout=timeout, headers={"Authorization": f"Bearer {TOKEN}"},
                        json=body)


_counter = iter(range(10**9))


def unique(text: str) -> str:
    """The text with a number of its own in every body sentence (before its closing punctuation): no sentence and
    no paragraph of its body was seen by the server before, so its caches (per text, paragraph, unit or sentence)
    cannot answer any part of it but the greeting and sign-off lines: an honest first check. (Until 2026-12-02
    only each paragraph's end was numbered, and its other sentences came from the per-sentence caches.)"""
    from klarsvar.analysis.text import segment

    mark = f" ({next(_counter)})"
    parts = []
    for part in text.split("\n\n"):
        body = [s for s in segment(part, "en").sentences if s.kind == "body"]
        if not body:
            parts.append(part)  # a greeting or sign-off block: numbered, it would read as a sentence of the body
            continue
        out, position = [], 0
        for sentence in body:
            end = sentence.end - len(_CLOSING.search(sentence.text).group())
            out += (part[position:end], mark)
            position = end
        out.append(part[position:])
        parts.append("".join(out))
    return "\n\n".join(parts)


# What closes a sentence (punctuation, closing quotes, an emoji standing for a full stop): the number goes before
# it ("… escalated (17).", "… Saturday (17) 😕"), so the sentences stay as they were.
_CLOSING = re.compile(r"\W*$")


def bench_http(server: Server, repeat: int, grammar: bool, sizes=SIZES, corpus: Corpus | None = None) -> dict:
    """HTTP latency of /v1/check per language and size; every request is a text the server has not seen."""
    cases = [(f"{language} {size}", language, [draft(language, size)]) for language in LANGUAGES for size in sizes]
    if corpus is not None and corpus.available:
        for language in LANGUAGES:
            texts = corpus.assembled(language, 300, 20)
            if texts:
                cases.append((f"{language} 300, real", language, texts))
    # proselint in this process, timed right after each request on the same English text (the English draft
    # for Danish rows): the ratio compares the two under the same load, however it changes during the run.
    lint = proselint_linter() if not grammar else None
    english_draft = draft("en", 300)
    results = {}
    with requests.Session() as session:
        for label, language, texts in cases:
            check(session, server, unique(texts[0]), language, grammar).raise_for_status()
            paired = lint is not None and label.split(",")[0].endswith(" 300")
            samples, peer = [], []
            for i in range(repeat):
                body = unique(texts[i % len(texts)])
                t0 = time.perf_counter()
                r = check(session, server, body, language, grammar)
                samples.append(time.perf_counter() - t0)
                r.raise_for_status()
                if paired:
                    peer_text = body if language == "en" else unique(english_draft)
                    t0 = time.perf_counter()
                    lint(peer_text)
                    peer.append(time.perf_counter() - t0)
            complete = r.json().get("grammar", {}).get("complete")
            results[label] = {"language": language, "latency": percentiles(samples), "complete": complete,
                              "proselint": percentiles(peer)[0] if peer else None}
    return results


def bench_throughput(server: Server, clients: int, total: int) -> dict:
    """Checks per second with `clients` concurrent clients sending `total` new 300-word replies in all."""
    texts = [draft("da", 300), draft("en", 300)]
    errors = 0
    lock = threading.Lock()
    per_client = max(1, total // clients)
    # Made before the clock starts: numbering every sentence takes the benchmark's own CPU, which the server
    # shares on a small machine.
    bodies = [[unique(texts[(n + i) % 2]) for i in range(per_client)] for n in range(clients)]

    def worker(n: int):
        nonlocal errors
        with requests.Session() as session:
            for i in range(per_client):
                language = LANGUAGES[(n + i) % 2]
                try:
                    ok = check(session, server, bodies[n][i], language).status_code == 200
                except requests.RequestException:
                    ok = False
                if not ok:
                    with lock:
                        errors += 1

    t0 = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for f in [pool.submit(worker, n) for n in range(clients)]:
            f.result()
    elapsed = time.perf_counter() - t0
    return {"clients": clients, "checks": per_client * clients, "per_second": per_client * clients / elapsed,
            "errors": errors}


def bench_cold_start(runs: int) -> dict:
    """From process spawn: the first 200 from /v1/health (and whether it said ready), health `ready: true`, and
    the first answered check of a 300-word reply sent as soon as health answers (as the extension does).

    The first start has an empty cache folder (the compiled data regexes are not stored yet, as on a first
    install or after a Python or data upgrade); the `runs` after it start as a server usually does."""
    cache_dir = tempfile.mkdtemp(prefix="klarsvar-bench-cache-")
    health, ready, first_check, cpu, said_ready_early = [], [], [], [], 0
    first_ever = None
    for run in range(runs + 1):
        body = unique(draft("en", 300))  # before the spawn: numbering the sentences is the benchmark's own work
        server = Server(KLARSVAR_CACHE_DIR=cache_dir)
        try:
            health.append(server.start())
            with requests.Session() as session:
                early = bool(session.get(f"{server.url}/v1/health", timeout=5).json().get("ready"))
                said_ready_early += early and run > 0
                check(session, server, body, "en").raise_for_status()
                answered = time.perf_counter() - server.started
                cpu_at_answer = server.cpu_seconds()
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    if session.get(f"{server.url}/v1/health", timeout=5).json().get("ready"):
                        break
                    time.sleep(0.01)
                if run == 0:
                    first_ever = answered
                    health.pop()
                    continue
                first_check.append(answered)
                cpu.append(cpu_at_answer)
                ready.append(time.perf_counter() - server.started)
        finally:
            server.stop()
    shutil.rmtree(cache_dir, ignore_errors=True)
    return {"health": statistics.median(health), "first_check": statistics.median(first_check),
            "first_ever": first_ever,
            "first_check_worst": max(first_check), "ready": statistics.median(ready), "runs": runs,
            "cpu": statistics.median(cpu) if all(c is not None for c in cpu) else None,
            "ready_at_first_health": said_ready_early}


def bench_memory(server: Server, checks: int, corpus: Corpus) -> dict:
    """RSS after warm-up and after `checks` more mixed checks (drafts of every size and real replies), read also
    at a fifth and at half of them: bounded caches filling up grow ever slower, a leak keeps its pace."""
    texts = [(draft(lang, size), lang, CUSTOMER_MESSAGES[lang], "email") for lang in LANGUAGES for size in SIZES]
    texts += [(r.text, r.language, r.customer, r.channel) for r in (corpus.en[:500] + corpus.da)]
    texts += [(t, "en", None, "email") for t in corpus.assembled("en", 300, 10)]
    readings = {max(1, checks // 5), max(1, checks // 2), checks}
    rss_at: dict[int, float] = {}
    with requests.Session() as session:
        for text, lang, customer, channel in texts[:40] * 3:
            check(session, server, text, lang, customer=customer, channel=channel).raise_for_status()
        warm = server.rss_mb()
        for i in range(checks):
            text, lang, customer, channel = texts[i % len(texts)]
            # Vary the text a little so caches see new drafts, as they do while agents type.
            check(session, server, f"{text} {i}", lang, customer=customer, channel=channel).raise_for_status()
            if i + 1 in readings:
                rss_at[i + 1] = server.rss_mb()
        after = server.rss_mb()
    return {"warm": warm, "after": after, "checks": checks, "growth": (after - warm) / warm * 100,
            "mixed": len(texts), "rss_at": rss_at}


def memory_readings(memory: dict) -> str:
    """The RSS readings during the memory run and the growth per 1,000 checks between them, as prose."""
    points = [(0, memory["warm"])] + sorted(memory.get("rss_at", {}).items())
    readings = " / ".join(f"{rss:.0f}" for _, rss in points[1:])
    counts = " / ".join(f"{n:,}" for n, _ in points[1:])
    paces = ", ".join(f"{(b - a) / (m - n) * 1000:+.1f}" for (n, a), (m, b) in zip(points, points[1:]))
    return (f"RSS after {counts} checks: {readings} MiB, i.e. {paces} MiB per 1,000 checks in each stretch "
            "(a pace that falls is caches filling up to their caps; one that holds is a leak)")


def _one_word_changed(text: str, i: int) -> str:
    """`text` with one word near the middle changed (a different word each `i`), as while typing."""
    words = text.split(" ")
    at = len(words) // 2 + (i % 7) - 3
    words[at] = words[at] + "s"
    return " ".join(words)


def bench_typing_inprocess(repeat: int) -> dict:
    """The typing case in-process: a first check (caches cleared) and the same draft with one word changed."""
    from klarsvar.analysis import CheckRequest, analyze

    results = {}
    for language in LANGUAGES:
        base = draft(language, 300)
        first, changed, stages = [], [], {}
        for i in range(repeat):
            request = CheckRequest(text=base, language=language, customer_message=CUSTOMER_MESSAGES[language],
                                   grammar=False)
            _cold()
            t0 = time.perf_counter()
            analyze(request)
            first.append(time.perf_counter() - t0)
            request.text = _one_word_changed(base, i)
            t0 = time.perf_counter()
            result = analyze(request)
            changed.append(time.perf_counter() - t0)
            for stage, seconds in result.timings.items():
                stages.setdefault(stage, []).append(seconds)
        results[language] = {"first": percentiles(first)[0], "changed": percentiles(changed)[0],
                             "stages": {k: statistics.median(v) * 1000 for k, v in stages.items()}}
    return results


def bench_typing(server: Server, repeat: int, grammar: bool) -> dict:
    """The typing case over HTTP: a draft the server has not seen, then the same draft with one word changed."""
    results = {}
    with requests.Session() as session:
        for language in LANGUAGES:
            base = draft(language, 300)
            first, changed = [], []
            for i in range(repeat):
                fresh = unique(base)
                t0 = time.perf_counter()
                check(session, server, fresh, language, grammar).raise_for_status()
                first.append(time.perf_counter() - t0)
                edited = _one_word_changed(fresh, i)
                t0 = time.perf_counter()
                check(session, server, edited, language, grammar).raise_for_status()
                changed.append(time.perf_counter() - t0)
            results[language] = {"first": percentiles(first)[0], "changed": percentiles(changed)[0]}
    return results


_SYLLABLES = ("bro", "van", "tel", "quis", "mar", "dol", "fen", "zu", "rik", "ost", "pla", "neth", "gur", "vim")


def new_unknown_words(rng: random.Random, count: int) -> list[str]:
    """`count` made-up words no dictionary knows (half capitalised like names), new on every call."""
    words = []
    for n in range(count):
        word = "".join(rng.choice(_SYLLABLES) for _ in range(3)) + rng.choice("aeiou")
        words.append(word.capitalize() if n % 2 else word)
    return words


def bench_unknown_words(server: Server, repeat: int) -> dict:
    """300-word English drafts with grammar on (offline spelling): without new words, and with 20 new unknown
    words put in, each run with new ones (the speller's suggestions are cached per word)."""
    rng = random.Random(17)
    base = draft("en", 300)
    words = base.split(" ")
    without, with_new, complete = [], [], 0
    with requests.Session() as session:
        check(session, server, unique(base), "en", grammar=True).raise_for_status()
        for _ in range(repeat):
            body = unique(base)
            t0 = time.perf_counter()
            check(session, server, body, "en", grammar=True).raise_for_status()
            without.append(time.perf_counter() - t0)
            edited = list(words)
            for k, word in enumerate(new_unknown_words(rng, 20)):
                edited[20 + k * 12] = word
            body = unique(" ".join(edited))
            t0 = time.perf_counter()
            r = check(session, server, body, "en", grammar=True)
            with_new.append(time.perf_counter() - t0)
            r.raise_for_status()
            complete += bool(r.json().get("grammar", {}).get("complete"))
    return {"without": percentiles(without), "with": percentiles(with_new), "worst": max(with_new) * 1000,
            "runs": repeat, "complete": complete}


def wait_until_ready(server: Server, seconds: float = 60) -> None:
    """Wait until /v1/health says the grammar engine is ready: the server connects to LanguageTool only after its
    warm-up (~3 s), and checks sent before that are offline ones (they also load Hunspell and Harper)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not requests.get(f"{server.url}/v1/health", timeout=5).json().get("ready"):
        time.sleep(0.05)


@contextlib.contextmanager
def languagetool_test_server(delay: float):
    """The LanguageTool-protocol test server from the test suite, answering after `delay` seconds."""
    sys.path.insert(0, str(ROOT / "tests"))
    from support.lt_server import FakeLanguageTool

    with FakeLanguageTool(mode="slow" if delay else "instant", delay=delay) as server:
        yield server


# -------------------------------------------------------------------------------------------- report

def machine() -> str:
    """One line describing this machine."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError):
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    return (f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}")


def verdict(ok: bool | None) -> str:
    """Met / not met / not measured."""
    return "**not measured**" if ok is None else "**met**" if ok else "**not met**"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the report."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny counts for CI (timings meaningless)")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--corpora", default=None,
                        help="folder of the corpus of real replies (default: $KLARSVAR_CORPORA, else "
                             "shared/corpora beside the repository); without it those rows are skipped")
    args = parser.parse_args(argv)
    smoke = args.smoke
    n = 5 if smoke else 200
    corpus = load_corpus(args.corpora)
    lines: list[str] = []
    started = time.perf_counter()
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else None

    print("analysis per stage …", flush=True)
    analysis = bench_analysis(n, corpus)
    print("typing case in-process …", flush=True)
    typing_local = bench_typing_inprocess(5 if smoke else 100)
    print("long replies and growth …", flush=True)
    long = bench_long_replies(1 if smoke else 3, corpus)
    print("real replies as written …", flush=True)
    real = bench_real_replies(corpus, 20 if smoke else 3000, 1 if smoke else 3) if corpus.available else {}
    print("baselines (textstat, proselint, harper.js) …", flush=True)
    baselines, harper_why = bench_baselines(3 if smoke else 50, corpus, 2 if smoke else 20)
    print("HTTP, grammar off …", flush=True)
    with Server() as server:
        http_off = bench_http(server, n, grammar=False, corpus=corpus)
        print("throughput …", flush=True)
        throughput = [bench_throughput(server, c, 16 if smoke else 800) for c in (1, 4, 16)]
    print("throughput, two worker processes …", flush=True)
    with Server("--workers", "2") as server:
        bench_throughput(server, 4, 8)  # warm both workers
        throughput_workers = [bench_throughput(server, c, 16 if smoke else 800) for c in (1, 4, 16)]
    with Server() as server:
        print("typing case over HTTP …", flush=True)
        # A server that has answered health is not yet ready: its warm-up of the other language and the grammar
        # stack's start (imports, dictionaries) run for seconds beside the first requests and share the
        # interpreter lock with them (Danish, measured first, read ~30 ms slower a check than once ready). The
        # typing case is about a warm server; the start itself has its own rows (cold start).
        wait_until_ready(server)
        typing = bench_typing(server, 3 if smoke else 50, grammar=False)
    print("new unknown words (offline spelling) …", flush=True)
    with Server(KLARSVAR_LANGUAGETOOL="local") as server:
        wait_until_ready(server)
        unknown = bench_unknown_words(server, 3 if smoke else 40)
    print("memory …", flush=True)
    with Server() as server:
        memory = bench_memory(server, 50 if smoke else 10_000, corpus)
    print("cold start …", flush=True)
    cold = bench_cold_start(1 if smoke else 5)
    print("LanguageTool test server, fast and slow …", flush=True)
    with languagetool_test_server(delay=0.0) as lt:
        with Server(KLARSVAR_LANGUAGETOOL="remote", KLARSVAR_LANGUAGETOOL_URL=lt.url) as server:
            wait_until_ready(server)
            http_lt_fast = bench_http(server, 3 if smoke else 50, grammar=True, sizes=(300,))
            typing_lt = bench_typing(server, 3 if smoke else 20, grammar=True)
    with languagetool_test_server(delay=5.0) as lt:
        with Server(KLARSVAR_LANGUAGETOOL="remote", KLARSVAR_LANGUAGETOOL_URL=lt.url) as server:
            wait_until_ready(server)
            http_lt_slow = bench_http(server, 2 if smoke else 5, grammar=True, sizes=(300,))
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else None

    w = lines.append
    w("# Performance")
    w("")
    w("Generated by `make benchmark` (`python -m benchmarks`)" + (" — SMOKE RUN, timings meaningless" if smoke else "")
      + f" on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, in one run of {time.perf_counter() - started:.0f} s.")
    w("")
    busy = load_before is not None and max(load_before, load_after) >= (os.cpu_count() or 1)
    w(f"Machine: {machine()}." + (f" Load average (1 min) {load_before:.1f} at the start and {load_after:.1f} at the "
                                  "end of the run" if load_before is not None else "")
      + (": at or above the core count, other work shared the cores, so latencies are higher than on a quiet "
         "machine and vary between sections (the proselint ratios of issue 17 are paired to cancel that)."
         if busy else "." if load_before is not None else ""))
    w("")
    w("Texts: agent replies written for the benchmark (`benchmarks/texts.py`: dense with findings, with a customer "
      "message, names, order numbers, amounts, dates, URLs and emoji), Danish and English, cut to about 50, 300 "
      "and 1,500 words; and real replies from the corpus of real replies (read from `--corpora` / "
      "`KLARSVAR_CORPORA`, see `benchmarks/corpus.py`): each reply as written, and rows marked *real* made of "
      "consecutive real replies joined as paragraphs to about 300 words (English: company replies, mostly "
      "tweets; Danish: help-centre answers and prose sentences). "
      + (f"Corpus: {len(corpus.en):,} English and {len(corpus.da) + len(corpus.da_prose):,} Danish texts."
         if corpus.available else "**The corpus of real replies was not found: its rows are skipped.**"))
    w("")
    w("Every figure is a first check of its text unless it says otherwise: in-process runs clear the pipeline's "
      "caches before each check, and every HTTP request carries a text the server has not seen (a number of its "
      "own in every sentence of the body, so no cached paragraph or sentence answers any part of it).")
    w("")
    w("## Analysis alone (no HTTP; grammar off; rewrite on; first check)")
    w("")
    stage_names = ["language", "readability", "rules", "empathy", "rewrite"]
    w("| text | words | p50 ms | p95 ms | p99 ms | " + " | ".join(f"{s} ms (p50)" for s in stage_names) + " |")
    w("|---|---:|---:|---:|---:|" + "---:|" * len(stage_names))
    for label, r in analysis.items():
        stages = " | ".join(fmt(r["stages"].get(s, 0.0)) for s in stage_names)
        w(f"| {label} | {r['words']:.0f} | " + " | ".join(fmt(x) for x in r["total"]) + f" | {stages} |")
    w("")
    w("## Long replies: 50,000 characters and growth (no HTTP; grammar off; rewrite on; median)")
    w("")
    w("| reply | 1k chars s | 10k chars s | 50k chars s | rewrite stage at 50k s | growth exponent 1k→50k |")
    w("|---|---:|---:|---:|---:|---:|")
    for label, r in long.items():
        cells = " | ".join(f"{r['seconds'][c]:.3f}" for c in GROWTH_CHARS)
        w(f"| {label} | {cells} | {r['rewrite']:.2f} | {r['exponent']:.2f} |")
    w("")
    w("The growth exponent is log(t50k ÷ t1k) ÷ log(50): 1.0 is linear. Below 1 the fixed cost per check "
      "(the customer context, the empathy stage's whole-reply pass) still shows at 1,000 characters. The real-text "
      "shape at 1,000 and 10,000 characters draws its replies evenly from the 50,000-character text, so every size "
      "has the same mix of replies.")
    w("")
    w("## Baselines on the same texts (median ms; ratio = Klarsvar's first check in-process ÷ baseline)")
    w("")
    w("| text | Klarsvar | readability floor (textstat lix + Flesch) | ratio | proselint | ratio | harper.js | ratio |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, r in baselines.items():
        pl, hp = r["proselint"], r["harper"]
        pl_cells = f"{fmt(pl * 1000)} | {r['ours'] / pl:.2f}×" if pl else "— | —"
        hp_cells = f"{fmt(hp * 1000)} | {r['ours'] / hp:.2f}×" if hp else "— | —"
        w(f"| {label} | {fmt(r['ours'] * 1000)} | {fmt(r['floor'] * 1000)} | {r['ours'] / r['floor']:.2f}× | "
          f"{pl_cells} | {hp_cells} |")
    w("")
    w("proselint runs in-process (its checks only); harper.js " + (
        f"could not run: {harper_why}." if harper_why else
        "(`benchmarks/harper/`, npm) runs in Node in-process on plain text, one linter, times without start-up; "
        "it parses grammar and spelling, so it does more per word than proselint.") + " Neither reads Danish.")
    w("")
    if real:
        w("### Real replies as written (no HTTP; grammar off; rewrite on; median ms per reply)")
        w("")
        w("| replies | n | words (median) | Klarsvar | proselint | ratio | harper.js | ratio |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|")
        for language, r in real.items():
            pl, hp = r["proselint"], r["harper"]
            pl_cells = f"{fmt(pl * 1000)} | {r['ours'] / pl:.2f}×" if pl else "— | —"
            hp_cells = (f"{fmt(hp * 1000)} (n={r['harper_n']}) | {r['ours'] / hp:.2f}×" if hp else "— | —")
            w(f"| {language} | {r['n']:,} | {r['words']:.0f} | {fmt(r['ours'] * 1000)} | {pl_cells} | {hp_cells} |")
        w("")
    w("## HTTP `/v1/check` through waitress")
    w("")
    w("| text | grammar | p50 ms | p95 ms | p99 ms | grammar.complete | proselint p50 ms (paired) | ratio |")
    w("|---|---|---:|---:|---:|---|---:|---:|")
    for label, table in (("off", http_off), ("LanguageTool test server, instant", http_lt_fast),
                         ("LanguageTool test server, 5 s slow", http_lt_slow)):
        for text_label, r in table.items():
            peer = r.get("proselint")
            paired = f"{fmt(peer)} | {r['latency'][0] / peer:.2f}×" if peer else "— | —"
            w(f"| {text_label} | {label} | " + " | ".join(fmt(x) for x in r["latency"])
              + f" | {r['complete']} | {paired} |")
    w("")
    w("proselint (paired): proselint's lint in the benchmark's process, timed right after each request on the same "
      "English text (for Danish rows the English 300-word draft), so both sides of the ratio share the machine's "
      "load of that moment. `grammar.complete` is false where the offline speller's per-check budget ran out and "
      "it finishes its words after the answer.")
    w("")
    w("## Throughput (new 300-word Danish and English replies in turn, grammar off)")
    w("")
    w("| server | clients | checks | checks/s | errors |")
    w("|---|---:|---:|---:|---:|")
    for label, rows in (("`klarsvar serve` (one process)", throughput),
                        ("`klarsvar serve --workers 2`", throughput_workers)):
        for t in rows:
            w(f"| {label} | {t['clients']} | {t['checks']} | {t['per_second']:.0f} | {t['errors']} |")
    w("")
    w("## Cold start, memory, typing, new words")
    w("")
    w(f"- Cold start (median of {cold['runs']}): process spawn → first `200` from `/v1/health`: "
      f"{cold['health'] * 1000:.0f} ms (it said `ready: true` then in {cold['ready_at_first_health']} of "
      f"{cold['runs']} runs); → first answered check of a new 300-word reply sent at once: "
      f"{cold['first_check'] * 1000:.0f} ms (worst {cold['first_check_worst'] * 1000:.0f} ms); → `ready: true`: "
      f"{cold['ready'] * 1000:.0f} ms. The very first start (no compiled data regexes stored yet: a first "
      f"install, or after a Python or data upgrade) answered its first check at {cold['first_ever'] * 1000:.0f} ms."
      + (f" CPU time the server process had used when it answered that first check (all threads): "
         f"{cold['cpu'] * 1000:.0f} ms (median); it grows less with the machine's load than the wall clock, but "
         "includes whatever the warm-up got done before the check arrived (later on a loaded machine)."
         if cold.get("cpu") is not None else ""))
    w(f"- Memory: RSS {memory['warm']:.0f} MiB after warm-up, {memory['after']:.0f} MiB after "
      f"{memory['checks']:,} more checks mixing {memory['mixed']} texts (drafts of every size, real replies) "
      f"({memory['growth']:+.1f} %); " + memory_readings(memory) + ".")
    for language, r in typing_local.items():
        w(f"- Typing case in-process ({language}, 300 words, grammar off): first check p50 {fmt(r['first'])} ms, "
          f"same draft with one word changed p50 {fmt(r['changed'])} ms ({r['changed'] / r['first']:.2f}×); the "
          "re-check's stages (p50 ms): " + ", ".join(f"{k} {fmt(v)}" for k, v in r["stages"].items()
                                                     if k != "language") + ".")
    for language, r in typing.items():
        w(f"- Typing case over HTTP ({language}, 300 words, grammar off): first check p50 {fmt(r['first'])} ms, "
          f"one word changed p50 {fmt(r['changed'])} ms ({r['changed'] / r['first']:.2f}×).")
    for language, r in typing_lt.items():
        w(f"- Typing case ({language}, 300 words, LanguageTool test server): first check p50 {fmt(r['first'])} ms, "
          f"one word changed p50 {fmt(r['changed'])} ms (only the changed paragraph goes to LanguageTool).")
    w(f"- New unknown words (en, 300 words, grammar on with offline spelling, {unknown['runs']} runs, new words "
      f"every run): without p50 {fmt(unknown['without'][0])} ms / p95 {fmt(unknown['without'][1])} ms; with 20 new "
      f"unknown words p50 {fmt(unknown['with'][0])} ms / p95 {fmt(unknown['with'][1])} ms / worst "
      f"{fmt(unknown['worst'])} ms; grammar complete in {unknown['complete']} of {unknown['runs']} (the speller "
      "finishes slow words after the answer, within its budget).")
    w("")
    w("## Targets")
    w("")
    w("### Issue 17")
    w("")
    targets = issue17_targets(analysis, baselines, http_off, typing, typing_local, cold, unknown, long,
                              throughput, throughput_workers, memory)
    for ok, text, why in targets:
        w(f"- {verdict(ok)} — {text}" + ("" if ok else f" Why: {why}"))
    w("")
    w("### Earlier issues")
    w("")
    for ok, text, why in earlier_targets(analysis, http_off, baselines, throughput, throughput_workers, cold,
                                         memory, http_lt_slow, long):
        w(f"- {verdict(ok)} — {text}" + ("" if ok else f" Why: {why}"))
    w("")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(lines) + "\n" + kept_notes(args.output), encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


# Below this line docs/performance.md holds dated notes written by hand (measurements of single changes); a run
# rewrites everything above it and keeps the notes.
NOTES_MARKER = "<!-- Notes below are kept by make benchmark. -->"


def kept_notes(path: Path) -> str:
    """The hand-written notes of the existing report, from `NOTES_MARKER` on ("" when there are none)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    at = text.find(NOTES_MARKER)
    return "\n" + text[at:] if at >= 0 else ""


def issue17_targets(analysis, baselines, http_off, typing, typing_local, cold, unknown, long, throughput,
                    throughput_workers, memory) -> list[tuple[bool | None, str, str]]:
    """Issue 17's acceptance, each with its verdict and, when not met, why."""
    out = []
    load = ("the check does far more than proselint (segmentation with protected tokens, some 1,200 phrase "
            "patterns, readability, the customer context and empathy, and the rewrite with its re-checks); on this "
            "machine other sessions kept the cores busy (load average above), which stretches both sides.")
    for label, what in (("en 300", "300-word English draft"), ("en 300, real", "300 words of real English replies"),
                        ("da 300", "300-word Danish draft (vs proselint on the English draft)"),
                        ("da 300, real", "300 words of real Danish text (vs proselint on the English draft)")):
        row = http_off.get(label)
        if row is None or not row.get("proselint"):
            out.append((None, f"{what}: not measured (the corpus of real replies or proselint is missing).", ""))
            continue
        ours, peer = row["latency"][0], row["proselint"]
        on = "the same text" if label.startswith("en") else "the English draft"
        out.append((ours <= peer, f"{what} over HTTP, rewrite on, grammar off: p50 {fmt(ours)} ms = "
                    f"{ours / peer:.2f}× proselint in-process on {on} ({fmt(peer)} ms, timed right after "
                    "each request).", load))
    ratio_http = max(r["changed"] / r["first"] for r in typing.values())
    ratio_local = max(r["changed"] / r["first"] for r in typing_local.values())
    out.append((ratio_http <= 0.3, f"Re-check after one word changed in a 300-word draft ≤ 0.3× a first check: "
                f"{ratio_http:.2f}× over HTTP, {ratio_local:.2f}× in-process (worse language).",
                "what a re-check reuses is per paragraph where the work is per paragraph: the protected tokens "
                "and words of the segmentation, the phrase rules' candidates, and whole stage results for texts "
                "seen before (the rewrite's re-checks of unchanged sentences). The rest runs again over the whole "
                "new reply: the segmentation's lines, sentences and greeting/sign-off, readability, the empathy "
                "stage, and the rewrite, whose readability guard measures every rewritten reply whole (the "
                "re-check's stage times are listed above). Reaching 0.3× needs the rewrite and the empathy stage "
                "to work per paragraph and readability to sum per-sentence counts."))
    out.append((cold["first_check"] <= 1.0,
                f"First answered check after process start ≤ 1.0 s: {cold['first_check'] * 1000:.0f} ms (median), "
                f"worst {cold['first_check_worst'] * 1000:.0f} ms; `/v1/health` answered first at "
                f"{cold['health'] * 1000:.0f} ms with `ready: false` in {cold['runs'] - cold['ready_at_first_health']} "
                f"of {cold['runs']} runs, and said `ready: true` at {cold['ready'] * 1000:.0f} ms, after the warm-up; "
                f"the very first start (nothing stored) {cold['first_ever'] * 1000:.0f} ms.",
                "the check waits for its language's warm-up after ~0.35 s of imports (Flask, the analysis "
                "modules and their module-level regexes); the compiled regexes and the derived data (parsed rule "
                "files, phrase patterns, the syllable table) come from the server's cache folder after the first "
                "start, and the first check of each language still imports the grammar package (its spelling "
                "word lists, which import `requests` for LanguageTool) and compiles what is used on first use. "
                "Wall-clock figures grow with the machine's load."))
    ratio_unknown = unknown["with"][1] / unknown["without"][0]
    out.append((ratio_unknown <= 2.0,
                f"A 300-word check with 20 new unknown words ≤ 2× one without: p95 {fmt(unknown['with'][1])} ms = "
                f"{ratio_unknown:.2f}× the p50 without ({fmt(unknown['without'][0])} ms); p50 ratio "
                f"{unknown['with'][0] / unknown['without'][0]:.2f}×.",
                "spelling suggestions for new words are computed within the speller's per-check budget."))
    worst_long = max(r["total"] for r in long.values())
    worst_exp = max(r["exponent"] for r in long.values())
    out.append((worst_long <= 1.0 and worst_exp <= 1.1,
                f"Every 50,000-character shape ≤ 1 s with rewrite on and growth exponent ≤ 1.1 from 1k to 50k: "
                f"worst {worst_long:.2f} s, worst exponent {worst_exp:.2f}.",
                "see the long-reply table for the shape that exceeds it."))
    seconds = [analysis[f"{lang} 300"]["total"][0] / 1000 for lang in LANGUAGES if f"{lang} 300" in analysis]
    ceiling_text = (f"the in-process first check of these drafts takes p50 "
                    + " and ".join(f"{fmt(x * 1000)} ms" for x in seconds)
                    + f" (Danish, English), so at most ~{len(seconds) / sum(seconds):.0f} checks/s on one core"
                    if seconds else "not measured")
    four = next(t for t in throughput if t["clients"] == 4)
    four_w = next(t for t in throughput_workers if t["clients"] == 4)
    out.append((four["per_second"] >= 250 and four["errors"] == 0,
                f"One process ≥ 250 checks/s of 300-word replies with 4 clients: {four['per_second']:.0f}/s "
                f"({four['errors']} errors); `--workers 2`: {four_w['per_second']:.0f}/s.",
                "one process runs one analysis at a time (Python's global interpreter lock), so its ceiling is "
                f"1 ÷ the analysis time of a new reply: {ceiling_text}; HTTP, JSON and the response add little "
                "(profiled: ~10 % of a check). 250/s would need ~4 ms per check, below what the stages take for "
                "a reply dense with findings; `--workers N` multiplies by the cores."))
    out.append((memory["after"] <= 150, f"RSS ≤ 150 MB after {memory['checks']:,} mixed checks: "
                f"{memory['after']:.0f} MiB.", "the compiled rule sets, dictionaries and caches."))
    return out


def earlier_targets(analysis, http_off, baselines, throughput, throughput_workers, cold, memory, http_lt_slow,
                    long) -> list[tuple[bool, str, str]]:
    """The targets of issues 5, 7, 10 and 13, measured the same way."""
    a300 = max(analysis[f"{lang} 300"]["total"][0] for lang in LANGUAGES)
    h300 = max(http_off[f"{lang} 300"]["latency"][0] for lang in LANGUAGES)
    floor_ratio = max(r["ours"] / r["floor"] for r in baselines.values())
    four = next(t for t in throughput if t["clients"] == 4)
    four_workers = next(t for t in throughput_workers if t["clients"] == 4)
    slow = max(r["latency"][2] for r in http_lt_slow.values())
    rules300 = max(analysis[f"{lang} 300"]["stages"].get("rules", 0.0) for lang in LANGUAGES)
    rewrite300 = max(analysis[f"{lang} 300"]["stages"].get("rewrite", 0.0) for lang in LANGUAGES)
    pure_python = ("the analysis is pure Python and the benchmark drafts are dense with findings (several per "
                   "paragraph), so the rewrite applies many edits and re-checks the sentences it touched.")
    return [
        (a300 <= 10, f"Analysis of a 300-word reply p50 ≤ 10 ms incl. rewrite (issue 10): {fmt(a300)} ms "
         "(worse language).", pure_python),
        (h300 <= 15, f"HTTP p50 ≤ 15 ms (300 words, issue 10): {fmt(h300)} ms.",
         "the HTTP figure is the analysis plus JSON and waitress; it follows the analysis."),
        (floor_ratio <= 5, f"Whole analysis within 5× the readability floor (issue 10): worst ratio {floor_ratio:.2f}×.",
         "the floor is two counts over the text; Klarsvar segments with protected tokens, runs the phrase rules, "
         "the empathy stage and the rewrite."),
        (four["per_second"] >= 150 and four["errors"] == 0,
         f"≥ 150 checks/s with 4 clients, 0 errors (issue 10): {four['per_second']:.0f}/s, {four['errors']} errors "
         f"with one process; {four_workers['per_second']:.0f}/s, {four_workers['errors']} errors with `--workers 2`.",
         "one process runs one analysis at a time (the global interpreter lock); `--workers N` is the figure beside it."),
        (cold["health"] <= 1, f"Cold start to health ≤ 1 s (issue 10): {cold['health'] * 1000:.0f} ms.",
         "a loaded machine slows the imports."),
        (memory["growth"] <= 10, f"Growth ≤ 10 % over {memory['checks']:,} checks (issue 10): {memory['growth']:+.1f} %.",
         "the analysis caches fill towards their caps during the run (bounded, so the growth slows: see the "
         "readings under Memory); growth that keeps its pace would be a leak."),
        (slow <= 1800, f"Slow LanguageTool: check answers within budget (1.5 s) + 0.3 s (issue 10): p99 {fmt(slow)} ms.",
         "the worker pool did not return in time."),
        (rules300 <= 5, f"Own rules ≤ 5 ms for a 300-word reply (issue 5): p50 {fmt(rules300)} ms (worse language).",
         "a loaded machine shows here first."),
        (rewrite300 <= 10, f"Rewrite ≤ 10 ms beyond the check for a 300-word reply (issue 7): p50 {fmt(rewrite300)} ms.",
         "the rewrite re-checks the sentences its edits touched; dense drafts need several passes."),
        (rewrite300 <= 1, f"Rewrite stage ≤ 1 ms for a 300-word reply (issue 13): p50 {fmt(rewrite300)} ms.",
         "every changed sentence goes through the rule engine and readability again so that no edit adds a "
         "finding (docs/quality/rewrite.md)."),
        (max(r["total"] for r in long.values()) <= 1, "A 50,000-character reply of any shape with rewrite on in ≤ 1 s "
         f"(issue 13): worst {max(r['total'] for r in long.values()):.2f} s.", "see the long-reply table."),
    ]


if __name__ == "__main__":
    raise SystemExit(main())
