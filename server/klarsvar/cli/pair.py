"""`klarsvar pair`: show a one-time code the extension's options page exchanges for a token."""

from __future__ import annotations

import sys

from .common import EXIT_OK, config_directory, resolve_config, stdout_json, write


def server_answers(port: int, timeout: float = 1.0) -> bool:
    """Whether a Klarsvar server answers health on 127.0.0.1:`port`."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", "/v1/health", headers={"Host": f"127.0.0.1:{port}"})
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


def cmd_pair(args) -> int:
    """Make a new pairing code (replacing any pending one) and print it."""
    from ..token_store import PairingCodes

    config = resolve_config(args)
    seconds = int(args.minutes * 60)
    code = PairingCodes(config_directory(config)).new_code(name=args.name, seconds=seconds)
    if args.json:
        stdout_json({"code": code, "expires_in": seconds})
    else:
        who = f" for {args.name}" if args.name else ""
        write(f"Pairing code{who}: {code}")
        write(f"In Klarsvar's options page, enter it under \"Pair\" within {args.minutes:g} minutes. "
              "It works once.")
    port = args.port or config["KLARSVAR_PORT"]
    if not server_answers(port):
        print(f"klarsvar pair: no Klarsvar server answers on 127.0.0.1:{port} yet; start it "
              "(`klarsvar serve`) with the same config dir before entering the code.", file=sys.stderr)
    return EXIT_OK
