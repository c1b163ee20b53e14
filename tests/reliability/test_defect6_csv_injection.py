"""Defect 6: `klarsvar terms export` wrote cells starting with =, +, -, @ unchanged, which a spreadsheet
runs as formulas (CSV injection)."""

import csv
import io
import json

from tests.support.server_process import run_cli

DANGEROUS = ["=1+1", "+A1", "-2", "@x", "=HYPERLINK(\"http://example.invalid\")"]


def test_exported_formula_cells_open_as_text_and_import_back_unchanged(tmp_path):
    directory = tmp_path / "conf"
    source = tmp_path / "in.json"
    source.write_text(json.dumps([{"term": term, "kind": "allowed", "note": term} for term in DANGEROUS]),
                      encoding="utf-8")
    assert run_cli(directory, "terms", "import", str(source)).returncode == 0
    exported = run_cli(directory, "terms", "export", "-", "--format", "csv")
    assert exported.returncode == 0
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert [row["term"] for row in rows] == ["'" + term for term in DANGEROUS]
    # No cell of any column starts with a character a spreadsheet treats as a formula.
    assert not [cell for row in rows for cell in row.values() if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    # The leading apostrophe is the spreadsheet's "text" marker; importing the file restores the terms.
    path = tmp_path / "out.csv"
    path.write_text(exported.stdout, encoding="utf-8")
    assert run_cli(directory, "terms", "import", str(path), "--replace").returncode == 0
    stored = json.loads((directory / "terms.json").read_text(encoding="utf-8"))
    assert [t["term"] for t in stored] == DANGEROUS


def test_ordinary_cells_are_exported_unchanged(tmp_path):
    directory = tmp_path / "conf"
    source = tmp_path / "in.csv"
    source.write_text("term,replacement,language\nSLA,svartid,da\n2nd level,en specialist,da\n", encoding="utf-8")
    assert run_cli(directory, "terms", "import", str(source)).returncode == 0
    exported = run_cli(directory, "terms", "export", "-", "--format", "csv").stdout
    assert exported.splitlines()[1:] == ["SLA,svartid,da,,internal", "2nd level,en specialist,da,,internal"]
