"""`klarsvar token`: print the pairing token (creating it on first use), or rotate it."""

from __future__ import annotations

import sys

from .common import EXIT_OK, CliError, resolve_config as _config


def cmd_token(args) -> int:
    """Print the pairing token (creating it on first use), or rotate it."""
    from ..token_store import TokenStore
    from .common import config_directory

    config = _config(args)
    # An unreadable token file raises TokenUnreadable, which `main` prints as one line (exit 2).
    store = TokenStore(config_directory(config), config.get("KLARSVAR_TOKEN"))
    if args.rotate:
        if store.override:
            raise CliError("KLARSVAR_TOKEN is set, and it overrides the token file: change it there instead")
        print(store.rotate())
        print("New token stored; a running server uses it from its next request. Pair the extension again.",
              file=sys.stderr)
    else:
        print(store.ensure())
    return EXIT_OK


