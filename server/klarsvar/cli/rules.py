"""`klarsvar rules`: list every rule (as text, JSON or the Markdown of docs/rules.md)."""

from __future__ import annotations

import sys

from .common import EXIT_FINDINGS, EXIT_OK, CliError, stdout_json as _stdout_json, write as _write
from .output import Style


RULE_FIELDS = ("id", "category", "language", "family", "severity", "message", "examples")


def _rule_entry(entry) -> dict:
    """Normalize one entry of `rules.all_rules()` (a dict or an object) to the documented fields."""
    if hasattr(entry, "to_dict"):
        entry = entry.to_dict()
    if isinstance(entry, dict):
        get = entry.get
    else:
        def get(key, default=None):
            """Read an attribute like a dict key."""
            return getattr(entry, key, default)
    examples = get("examples")
    if examples is None:
        examples = get("example_count", 0)
    if isinstance(examples, dict):  # {"bad": n, "good": n, "ok": n}
        count = sum(v if isinstance(v, int) else len(v) for v in examples.values())
    else:
        count = examples if isinstance(examples, int) else len(examples or ())
    return {"id": get("id"), "category": get("category"), "language": get("language"),
            "family": get("family"), "severity": get("severity"), "message": get("message"),
            "examples": count}


def cmd_rules(args) -> int:
    """List every rule (id, category, language, family, severity, message, example count)."""
    try:
        from ..analysis import rules
    except ImportError as exc:
        raise CliError(f"the rule engine cannot be loaded ({exc})", EXIT_FINDINGS) from None
    if args.markdown:
        markdown = getattr(rules, "markdown", None)
        if markdown is None:
            raise CliError("this version's rule engine cannot write Markdown yet (no rules.markdown())",
                           EXIT_FINDINGS)
        import inspect

        accepts_language = "language" in inspect.signature(markdown).parameters
        out = markdown(language=args.language) if accepts_language else markdown()
        sys.stdout.write(out if out.endswith("\n") else out + "\n")
        return EXIT_OK
    all_rules = getattr(rules, "all_rules", None)
    if all_rules is None:
        raise CliError("this version's rule engine cannot list its rules yet (no rules.all_rules())",
                       EXIT_FINDINGS)
    entries = [_rule_entry(e) for e in all_rules()]
    if args.language:
        entries = [e for e in entries if e["language"] in (args.language, "any", None)]
    if args.json:
        _stdout_json(entries)
        return EXIT_OK
    style = Style(Style.wanted(sys.stdout))
    for e in entries:
        _write(f"{style(str(e['id']), 'bold')}  {e['language']}  {e['category']}  {e['severity']}  "
               f"({e['examples']} example{'s' if e['examples'] != 1 else ''})")
        _write(f"  {e['message']}")
    _write(f"{len(entries)} rule{'s' if len(entries) != 1 else ''}.")
    return EXIT_OK


