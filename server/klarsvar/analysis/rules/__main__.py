"""`python -m klarsvar.analysis.rules [--markdown | --benchmark]`: the rules doc or the speed figure."""

from __future__ import annotations

import argparse
import sys

from . import LANGUAGES, benchmark, markdown


def main(argv: list[str] | None = None) -> int:
    """Print docs/rules.md (default) or the benchmark figures."""
    parser = argparse.ArgumentParser(prog="python -m klarsvar.analysis.rules")
    parser.add_argument("--markdown", action="store_true", help="print docs/rules.md (the default)")
    parser.add_argument("--benchmark", action="store_true", help="time all rules on a 300-word reply")
    args = parser.parse_args(argv)
    if args.benchmark:
        for language in LANGUAGES:
            r = benchmark(language=language)
            print(f"{language}: {r['entries']} entries, {r['words']} words: median {r['median_ms']:.2f} ms "
                  f"(p95 {r['p95_ms']:.2f}), CPU median {r['cpu_median_ms']:.2f} ms")
        return 0
    sys.stdout.write(markdown())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
