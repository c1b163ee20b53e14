"""`klarsvar languagetool install|status`: manage a local LanguageTool (delegated to the grammar package)."""

from __future__ import annotations

import sys

from .common import EXIT_FINDINGS, EXIT_OK, CliError, stdout_json as _stdout_json, write as _write


def cmd_languagetool(args) -> int:
    """Install a local LanguageTool or report its status (delegated to the grammar package)."""
    import inspect

    from ..analysis import grammar

    name = "install_languagetool" if args.action == "install" else "languagetool_status"
    function = getattr(grammar, name, None)
    if function is None:
        raise CliError(f"this version of Klarsvar has no grammar.{name}(); LanguageTool management is not "
                       "available yet", EXIT_FINDINGS)
    wanted = {"directory": args.dir, "url": getattr(args, "url", None), "version": getattr(args, "lt_version", None)}
    accepted = inspect.signature(function).parameters
    result = function(**{k: v for k, v in wanted.items() if v is not None and k in accepted})
    if args.json or not isinstance(result, dict):
        if isinstance(result, (dict, list)):
            _stdout_json(result)
        elif result is not None:
            print(result)
    else:
        if result.get("error"):
            print(f"Error: {result['error']}", file=sys.stderr)
        if result.get("message"):
            _write(result["message"])
        for key, value in result.items():
            if key not in ("ok", "message", "error") and value not in (None, ""):
                _write(f"  {key.replace('_', ' ')}: {value}")
    if isinstance(result, dict) and result.get("ok") is False:
        return EXIT_FINDINGS
    return EXIT_OK


