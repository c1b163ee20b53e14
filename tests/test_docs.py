"""Generated documents stay in step with their sources."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quality_doc_is_assembled_from_its_sections():
    result = subprocess.run([sys.executable, "scripts/build_quality_doc.py", "--check"], cwd=ROOT, timeout=120)
    assert result.returncode == 0, "docs/quality.md is stale: run `make quality-doc`"


def test_readme_first_screen_gives_exactly_two_setup_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_screen = readme.split("---", 1)[0]
    commands = [line.split("#")[0].strip() for line in first_screen.splitlines() if line.startswith("make ")]
    assert commands == ["make serve", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "\nserve:" in makefile and "\ntest:" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_api_doc_names_every_reason_the_rewrite_gives_for_what_remains():
    from klarsvar.analysis.rewrite import REASONS

    api = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert [reason for reason in REASONS.values() if f'"{reason}"' not in api] == []
