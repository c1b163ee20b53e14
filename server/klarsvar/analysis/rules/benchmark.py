"""The speed figure of the rules: `benchmark` times `check` on a 300-word reply."""

from __future__ import annotations

import statistics
import time

from .checking import _language_engine, check
from .examples import example_cases


def benchmark(text: str | None = None, language: str = "da", *, repeat: int = 300, words: int = 300) -> dict:
    """Time `check` on a reply of about `words` words; returns milliseconds (median, p95) and the rule count.

    Without `text`, the reply is built from the language's own bad and good examples: a worst case that is
    dense with flagged phrases.
    """
    from ..document import Document

    if text is None:
        pieces = [c.text for c in example_cases(language) if c.kind in ("bad", "good")]
        picked, count = [], 0
        i = 0
        while pieces and count < words:
            piece = pieces[(i * 7) % len(pieces)]
            picked.append(piece)
            count += len(piece.split())
            i += 1
        text = " ".join(picked) or "Tak for din besked."
    engine = _language_engine(language)
    wall, cpu = [], []
    findings = 0
    for n in range(repeat + 5):
        doc = Document(text=text, language=language)
        doc.segmentation  # noqa: B018 - segmentation is another stage's cost, not the rules'
        t0, c0 = time.perf_counter(), time.thread_time()
        findings = len(check(doc))
        if n >= 5:
            wall.append(time.perf_counter() - t0)
            cpu.append(time.thread_time() - c0)
    wall.sort()
    # CPU time of this thread: on a busy machine wall-clock medians mostly measure other processes.
    return {
        "language": language, "words": len(text.split()), "entries": len(engine.entries), "findings": findings,
        "median_ms": statistics.median(wall) * 1000, "p95_ms": wall[int(0.95 * (len(wall) - 1))] * 1000,
        "min_ms": wall[0] * 1000, "cpu_median_ms": statistics.median(cpu) * 1000,
    }
