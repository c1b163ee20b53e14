"""The benchmark runs end to end and writes its table (timings are not asserted: they live in docs)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_smoke_benchmark_writes_its_table(tmp_path):
    output = tmp_path / "performance.md"
    result = subprocess.run([sys.executable, "-m", "benchmarks", "--smoke", "--output", str(output)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    table = output.read_text(encoding="utf-8")
    for heading in ("## Analysis alone", "## Long replies", "## Baselines", "## HTTP", "## Throughput", "## Cold start",
                    "## Targets", "### Issue 17", "harper.js", "growth exponent", "unknown words"):
        assert heading in table
    assert "SMOKE RUN" in table
