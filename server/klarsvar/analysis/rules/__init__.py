"""The phrase/substitution rule engine over `rules/<lang>/*.yml` (format: docs/authoring-rules.md).

Public API (the pipeline, the CLI, the rewrite and the tests use it; keep it stable):
`check(doc)`, `find(text, language, ...)`, `all_rules(language)`, `markdown()`,
`apply_first_replacement(text, finding)`, `replacement_edit(text, finding)`, `example_cases()`,
`verify_example(case)`, `shadowed_examples(language)`, `benchmark(...)`, `warm()`, `reload()`.

All entries of a language are compiled once into one engine (an index of fused prefilter regexes plus
per-entry verification where they hit); a check never loops over the entries. The package is split by
job: `patterns` (the phrase language), `loader` (rule files → entries), `engine`
(matching), `checking` (compiled caches, `check`, `find`), `describe` (CLI and docs), `examples` (the
examples as tests) and `benchmark`.
"""

from __future__ import annotations

from .benchmark import benchmark
from .checking import check, find, generation, reload, warm
from .describe import LANGUAGE_NAMES, RuleInfo, all_rules, markdown
from .engine import Engine, apply_first_replacement, match_case, replacement_edit
from .examples import ExampleCase, example_cases, file_example_cases, shadowed_examples, verify_example
from .loader import KNOWN_FAMILIES, LANGUAGES, RULES_DIR, RuleError, load_file, rule_files
from .patterns import PatternError, compile_pattern

__all__ = [
    "check", "find", "all_rules", "markdown", "apply_first_replacement", "replacement_edit", "example_cases",
    "file_example_cases", "verify_example", "benchmark", "reload", "warm", "generation", "shadowed_examples", "RuleInfo",
    "ExampleCase", "RuleError", "PatternError", "KNOWN_FAMILIES", "LANGUAGES", "LANGUAGE_NAMES", "RULES_DIR",
    "Engine", "load_file", "rule_files", "compile_pattern", "match_case",
]
