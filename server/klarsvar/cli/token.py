"""`klarsvar token`: the local token (print, rotate) and named per-agent tokens (add, list, revoke)."""

from __future__ import annotations

import sys

from .common import EXIT_FINDINGS, EXIT_OK, CliError, config_directory, resolve_config as _config
from .common import stdout_json, write


def cmd_token(args) -> int:
    """Print or rotate the local token, or manage agent tokens."""
    config = _config(args)
    directory = config_directory(config)
    if args.action:
        return _agent_tokens(args, directory)
    if args.name:
        raise CliError(f"unknown token action {args.name!r}: use add, list or revoke")

    from ..token_store import TokenStore

    # An unreadable token file raises TokenUnreadable, which `main` prints as one line (exit 2).
    store = TokenStore(directory, config.get("KLARSVAR_TOKEN"))
    if args.rotate:
        if store.override:
            raise CliError("KLARSVAR_TOKEN is set, and it overrides the token file: change it there instead")
        print(store.rotate())
        print("New token stored; a running server uses it from its next request. Pair the extension again.",
              file=sys.stderr)
    else:
        print(store.ensure())
    return EXIT_OK


def _agent_tokens(args, directory) -> int:
    """`token add NAME` (the token alone on stdout), `token list`, `token revoke NAME`."""
    from ..token_store import AgentTokens

    agents = AgentTokens(directory)
    if args.rotate:
        raise CliError("--rotate is for the local token; revoke and add an agent's token instead")
    if args.action == "list":
        if args.name:
            raise CliError("`token list` takes no name")
        entries = agents.names()
        if args.json:
            stdout_json(entries)
        elif not entries:
            print("No agent tokens; `klarsvar token add NAME` makes one.", file=sys.stderr)
        for entry in [] if args.json else entries:
            write(f"{entry['name']}\t{entry.get('created') or ''}")
        return EXIT_OK
    if not args.name:
        raise CliError(f"`token {args.action}` needs the agent's NAME")
    if args.action == "add":
        print(agents.add(args.name))
        print(f"Token for {args.name} created; it is shown only now (stored hashed). A running server accepts "
              "it from its next request.", file=sys.stderr)
        return EXIT_OK
    if agents.revoke(args.name):
        print(f"Token for {args.name} revoked; a running server refuses it from its next request.", file=sys.stderr)
        return EXIT_OK
    print(f"klarsvar token: there is no token named {args.name!r}", file=sys.stderr)
    return EXIT_FINDINGS
