"""`klarsvar check`: check a reply in-process and print the findings (or the API's JSON)."""

from __future__ import annotations

import json
import sys

from .common import EXIT_FINDINGS, EXIT_OK, CliError, read_text as _read_text, resolve_config as _config
from .common import stdout_json as _stdout_json
from .output import Style, _print_human, _print_rewrite

# The most the grammar service allows. A person running `klarsvar check` waits for a complete answer
# (dictionaries loaded, LanguageTool answered) instead of the server's per-keystroke budget, so
# identical runs give identical findings.
CLI_GRAMMAR_BUDGET = 60.0


def _grammar_service(args, config):
    """Start the grammar service for an in-process check: dictionaries at once, LanguageTool waited for."""
    import dataclasses
    import time

    from ..analysis.grammar import create_service
    from ..config import grammar_settings

    settings = dataclasses.replace(grammar_settings(config), budget_seconds=CLI_GRAMMAR_BUDGET,
                                   spelling_preload_seconds=0)
    service = create_service(settings)
    service.start()
    deadline = time.monotonic() + args.grammar_wait
    while time.monotonic() < deadline and _grammar_starting(service.status()):
        time.sleep(0.1)
    return service


def _grammar_starting(status: dict) -> bool:
    """Whether LanguageTool is still starting (worth waiting for), not down or absent (not worth it)."""
    if status.get("ready") or status.get("engine") != "languagetool":
        return False
    if "state" in status:
        return status["state"] == "starting"
    return str(status.get("detail", "")).startswith(("Starting", "Looking", "Connecting"))


def _customer(args) -> tuple[str | None, str | None]:
    """The customer's message and name from --customer FILE (text, or JSON {message, name})."""
    message = name = None
    if args.customer:
        raw = _read_text(args.customer, "customer file")
        if args.customer.endswith(".json"):
            try:
                data = json.loads(raw)
            except ValueError:
                raise CliError(f"customer file {args.customer!r} is not valid JSON") from None
            if not isinstance(data, dict):
                raise CliError(f"customer file {args.customer!r} must hold an object with 'message'/'name'")
            message, name = data.get("message"), data.get("name")
            if not isinstance(message, (str, type(None))) or not isinstance(name, (str, type(None))):
                raise CliError(f"customer file {args.customer!r}: 'message' and 'name' must be strings")
        else:
            message = raw
    if args.customer_name:
        name = args.customer_name
    return message, name


def cmd_check(args) -> int:
    """Check a reply in-process and print the findings (or the API JSON)."""
    text = _read_text(args.file, "file")
    if not text.strip():
        where = "standard input" if args.file == "-" else repr(args.file)
        raise CliError(f"{where} is empty: there is no reply to check")
    message, name = _customer(args)
    config = _config(args, KLARSVAR_LANGUAGETOOL="off" if args.no_grammar else args.languagetool,
                     KLARSVAR_LANGUAGETOOL_URL=args.languagetool_url)
    limit = config["KLARSVAR_MAX_TEXT_CHARS"]
    if len(text) > limit or (message and len(message) > limit):
        raise CliError(f"the text is longer than {limit:,} characters; check a shorter part")

    from ..analysis.pipeline import CheckRequest, analyze
    from ..config import config_dir
    from ..terms_store import TermsStore

    request = CheckRequest(text=text, language=args.language, channel=args.channel,
                           customer_message=message, customer_name=name,
                           rewrite=args.rewrite, grammar=not args.no_grammar)
    terms = TermsStore(config_dir(config["KLARSVAR_CONFIG_DIR"])).current()
    service = None if args.no_grammar else _grammar_service(args, config)
    try:
        analysis = analyze(request, terms=terms, grammar_checker=service,
                           disabled=frozenset(config["KLARSVAR_DISABLED_RULES"]))
    finally:
        if service is not None:
            service.close()
    from ..model_rewrite import improve

    improve(analysis, request, client=None)  # the CLI has no model: this labels the rewrite as the rules' own

    if args.json:
        _stdout_json(analysis.to_dict())
    else:
        style = Style(Style.wanted(sys.stdout))
        _print_human("<stdin>" if args.file == "-" else args.file, text, analysis, style)
        if args.rewrite:
            _print_rewrite(text, analysis, style)
    sys.stdout.flush()
    return EXIT_FINDINGS if analysis.findings else EXIT_OK


