"""The import graph of server/klarsvar: no cycle, and the rewrite reaches the stages only through the pipeline."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "server" / "klarsvar"
# The stage modules: the rewrite may not import these, only receive the pipeline's re-check.
STAGES = {"klarsvar.analysis.readability", "klarsvar.analysis.rules", "klarsvar.analysis.empathy",
          "klarsvar.analysis.customer", "klarsvar.analysis.grammar", "klarsvar.analysis.pipeline"}


def module_name(path: Path) -> str:
    """The dotted module name of a file under server/."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path) -> set[str]:
    """Every klarsvar module a file imports (at any level, lazily or not)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("klarsvar")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("klarsvar"):
                found.add(target)
                found |= {f"{target}.{a.name}" for a in node.names}
    return found


def graph() -> dict[str, set[str]]:
    """Module → the klarsvar modules it imports (only names that are modules)."""
    files = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    # A package's own names ("from . import __version__") are read from its __init__, which Python has
    # imported before any submodule: an edge to an enclosing package is no cycle.
    return {name: {t for t in imports_of(path) if t in files and t != name and not name.startswith(t + ".")}
            for name, path in files.items()}


def test_no_import_cycle():
    edges = graph()
    state: dict[str, int] = {}

    def visit(node, trail):
        state[node] = 1
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join(trail + [node, nxt]))
            if nxt not in state:
                visit(nxt, trail + [node])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [])


def test_the_rewrite_reaches_the_stages_only_through_the_pipeline():
    rewrite = PACKAGE / "analysis" / "rewrite.py"
    imported = imports_of(rewrite)
    # The rule engine's one-click edit is a helper of the findings, not a stage run.
    allowed = {"klarsvar.analysis.rules.engine", "klarsvar.analysis.rules.engine.replacement_edit",
               "klarsvar.analysis.rules.engine.is_sentence_start"}
    reached = {m for m in imported - allowed if any(m == s or m.startswith(s + ".") for s in STAGES)}
    assert not reached, f"rewrite.py imports stage modules directly: {sorted(reached)}"
