"""The `klarsvar` command line: serve, check, token, pair, service, rules, terms, languagetool (one module each).

Imports of Flask, waitress and the analysis are deferred into the commands so `klarsvar serve`
answers health quickly and `klarsvar token` is instant.
"""

from __future__ import annotations

import argparse
import os
import sys

from . import check, languagetool, pair, rules, serve, service, terms, token
from .common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, CliError

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "CliError", "build_parser", "main"]


EXIT_CODES_HELP = """exit codes:
  0  success; for `check`: no findings
  1  `check` found something; other commands: the operation failed (e.g. an install or a write)
  2  usage or input error, or an unusable configuration, token or terms file (the message says how to fix it)
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    from .. import __version__

    parser = argparse.ArgumentParser(
        prog="klarsvar", description="Klarsvar: plain, acknowledging customer-service replies (local server and CLI).",
        epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"klarsvar {__version__}")
    parser.add_argument("--config-dir", metavar="DIR",
                        help="config dir holding token and team terms (default: the user config dir; "
                             "or $KLARSVAR_CONFIG_DIR)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    grammar_flags = argparse.ArgumentParser(add_help=False)
    grammar_flags.add_argument("--languagetool", choices=("off", "local", "remote", "auto"),
                               help="grammar engine mode (default: $KLARSVAR_LANGUAGETOOL or auto)")
    grammar_flags.add_argument("--languagetool-url", metavar="URL",
                               help="URL of a LanguageTool server for --languagetool remote")

    serve_parser = sub.add_parser("serve", parents=[grammar_flags], help="run the local server (waitress)")
    serve_parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve_parser.add_argument("--port", type=_port, default=8765, help="port (default 8765)")
    serve_parser.add_argument("--allow-host", action="append", metavar="NAME",
                       help="also accept this Host name (repeatable; needed for a non-loopback --host)")
    serve_parser.add_argument("--threads", type=int, default=8, help=argparse.SUPPRESS)
    serve_parser.add_argument("--workers", type=int, default=1, metavar="N",
                       help="worker processes sharing the port, for a team server (default 1; Unix only)")
    serve_parser.add_argument("--model-url", metavar="URL",
                              help="the team's own language model for rewrites, an OpenAI-compatible server on this "
                                   "machine (e.g. http://127.0.0.1:11434/v1); also set KLARSVAR_MODEL "
                                   "(docs/rewrite-model.md)")
    serve_parser.set_defaults(handler=serve.cmd_serve)

    check_parser = sub.add_parser("check", parents=[grammar_flags], help="check a reply (FILE or - for stdin)",
                           epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    check_parser.add_argument("file", metavar="FILE", help="the reply, UTF-8; '-' reads stdin")
    check_parser.add_argument("--language", choices=("auto", "da", "en"), default="auto")
    check_parser.add_argument("--channel", choices=("email", "chat"), default="email")
    check_parser.add_argument("--customer", metavar="FILE",
                       help="the customer's message (text, or .json with 'message' and 'name')")
    check_parser.add_argument("--customer-name", metavar="NAME", help="the customer's name")
    check_parser.add_argument("--json", action="store_true", help="print exactly the API's JSON response")
    check_parser.add_argument("--rewrite", action="store_true", help="also print the suggested rewrite as a diff")
    check_parser.add_argument("--no-grammar", action="store_true", help="skip grammar and spelling (faster)")
    check_parser.add_argument("--grammar-wait", type=float, default=20.0, help=argparse.SUPPRESS)
    check_parser.set_defaults(handler=check.cmd_check)

    token_parser = sub.add_parser(
        "token", help="print the local token; add, list or revoke named agent tokens (a team server)",
        description="Without an action: print the local token (one-person use). `token add NAME` prints a new "
                    "token for one agent alone on stdout (shown once, stored hashed); `token list`; `token revoke "
                    "NAME`. A running server honours adds and revocations at its next request.")
    token_parser.add_argument("action", nargs="?", choices=("add", "list", "revoke"), metavar="{add,list,revoke}",
                              help="manage agent tokens (none: print the local token)")
    token_parser.add_argument("name", nargs="?", metavar="NAME", help="the agent's name (add, revoke)")
    token_parser.add_argument("--rotate", action="store_true", help="replace the local token with a new one")
    token_parser.add_argument("--json", action="store_true", help="list: as JSON")
    token_parser.set_defaults(handler=token.cmd_token)

    pair_parser = sub.add_parser("pair", help="show a one-time code to pair the extension without copying the token")
    pair_parser.add_argument("--json", action="store_true", help='print {"code": …, "expires_in": seconds}')
    pair_parser.add_argument("--name", metavar="NAME",
                             help="the code brings a new agent token named NAME instead of the local token")
    pair_parser.add_argument("--minutes", type=_minutes, default=5, help="how long the code is valid (default 5)")
    pair_parser.add_argument("--port", type=_port, help="the running server's port (default: the config's)")
    pair_parser.set_defaults(handler=pair.cmd_pair)

    service_parser = sub.add_parser("service", help="start `klarsvar serve` at login (systemd, launchd, Task Scheduler)")
    service_parser.add_argument("action", choices=("install", "uninstall", "status"))
    service_parser.add_argument("--port", type=_port, help="the port the service serves on (default: the config's)")
    service_parser.add_argument("--print", dest="print_only", action="store_true",
                                help="install: print the unit/plist/task file instead of registering it")
    service_parser.set_defaults(handler=service.cmd_service)

    rules_parser = sub.add_parser("rules", help="list every rule")
    rules_parser.add_argument("--language", choices=("da", "en"))
    output = rules_parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="as JSON")
    output.add_argument("--markdown", action="store_true", help="as the Markdown of docs/rules.md")
    rules_parser.set_defaults(handler=rules.cmd_rules)

    terms_parser = sub.add_parser("terms", help="import or export the team terms (CSV, YAML or JSON)")
    terms_parser.add_argument("action", choices=("import", "export"))
    terms_parser.add_argument("file", metavar="FILE", help="the file ('-' for stdin/stdout); format from extension")
    terms_parser.add_argument("--format", choices=("csv", "yaml", "json"), help="override the format")
    mode = terms_parser.add_mutually_exclusive_group()
    mode.add_argument("--merge", action="store_true",
                      help="import: add the file's terms to the stored ones (the default)")
    mode.add_argument("--replace", action="store_true",
                      help="import: replace the whole stored list (the previous one is kept as terms.json.bak)")
    terms_parser.set_defaults(handler=terms.cmd_terms)

    lt = sub.add_parser("languagetool", help="install or inspect a local LanguageTool")
    lt.add_argument("action", choices=("install", "status"))
    lt.add_argument("--dir", metavar="DIR", help="where LanguageTool lives (default: language-tool-python's)")
    lt.add_argument("--url", metavar="URL", help="install: a mirror folder holding LanguageTool-<version>.zip")
    lt.add_argument("--version", dest="lt_version", metavar="VERSION", help="install: LanguageTool version")
    lt.add_argument("--json", action="store_true", help="print the result as JSON")
    lt.set_defaults(handler=languagetool.cmd_languagetool)
    return parser


def _port(value: str) -> int:
    """argparse type for a TCP port."""
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError("a port is between 1 and 65535")
    return port


def _minutes(value: str) -> float:
    """argparse type for a pairing code's lifetime in minutes (1 to 60)."""
    try:
        minutes = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of minutes") from None
    if not 1 <= minutes <= 60:
        raise argparse.ArgumentTypeError("a pairing code is valid for 1 to 60 minutes")
    return minutes


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `klarsvar` console script."""
    for stream in (sys.stdout, sys.stderr):
        try:
            # Text may hold characters the terminal's encoding cannot show (or lone surrogates).
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass
    parser = build_parser()
    args = parser.parse_args(argv)
    from ..config import ConfigError
    from ..terms_store import TermsUnreadable

    try:
        return args.handler(args)
    except CliError as exc:
        print(f"klarsvar {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except ConfigError as exc:  # includes an unreadable token file
        print(f"klarsvar {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except TermsUnreadable as exc:
        print(f"klarsvar {args.command}: {exc.advice()}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # `klarsvar rules | head`: the reader left; that is not an error.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

