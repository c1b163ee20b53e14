"""Speed of the phrase/substitution rules alone: all own rules on a 300-word reply, per language.

    .venv/bin/python benchmarks/rules_speed.py

Two texts per language: the benchmark's realistic draft (benchmarks/texts.py) and a worst case made of the
rules' own bad and good examples (dense with flagged phrases). Segmentation is computed before timing (it is
another stage's cost). Budget (issue 5): ≤ 5 ms for all own rules on a 300-word reply.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "server"))
sys.path.insert(0, str(ROOT))

from benchmarks.texts import draft  # noqa: E402
from klarsvar.analysis import rules  # noqa: E402


def main() -> int:
    """Print median and p95 milliseconds per check for each language and text."""
    for language in rules.LANGUAGES:
        for label, text in (("draft", draft(language, 300)), ("examples", None)):
            r = rules.benchmark(text, language=language)
            print(f"{language} {label:8} {r['entries']:4} entries {r['words']:4} words {r['findings']:3} findings: "
                  f"wall median {r['median_ms']:.2f} ms (min {r['min_ms']:.2f}, p95 {r['p95_ms']:.2f}), "
                  f"CPU median {r['cpu_median_ms']:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
