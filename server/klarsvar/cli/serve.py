"""`klarsvar serve`: waitress on loopback, optionally several worker processes sharing one port.

Everything a worker needs from the config dir (the token, a clean dir) is made before the fork, so
workers never race each other for it; every worker dies with its parent, so none can keep the port.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

from .common import EXIT_OK, EXIT_USAGE, CliError, config_directory, resolve_config

# Slow or idle connections cost waitress no thread, only a socket: allow many, so a few hundred slow
# clients never push normal requests out (waitress's default limit is 100).
CONNECTION_LIMIT = 1000
# Seconds a connection may stay silent (also while it sends its headers) before waitress closes it.
IDLE_TIMEOUT = 30
# Request headers are small; a low cap bounds what each of those connections may buffer.
MAX_HEADER_BYTES = 32 * 1024
# How often a worker checks that its parent is still there (where the OS cannot tell it directly).
PARENT_POLL_SECONDS = 0.5
# How long a stopping worker may take before it is killed.
STOP_GRACE_SECONDS = 5.0


def regex_store_path():
    """Where the server keeps compiled data regexes across starts (`analysis.cache.stored_regex`):
    $KLARSVAR_CACHE_DIR, else the user's cache folder ($XDG_CACHE_HOME or ~/.cache, %LOCALAPPDATA%)."""
    from pathlib import Path

    folder = os.environ.get("KLARSVAR_CACHE_DIR")
    if not folder:
        base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA") or Path.home() / ".cache"
        folder = Path(base) / "klarsvar"
    return Path(folder) / "regex-store.bin"


def cmd_serve(args) -> int:
    """Run the server with waitress until interrupted."""
    import logging

    from ..security import is_loopback

    if not is_loopback(args.host) and not args.allow_host:
        raise CliError(f"--host {args.host} is not a loopback address: also give --allow-host NAME with "
                       "the name clients use to reach this machine (the token is always required).")
    config = resolve_config(args, KLARSVAR_HOST=args.host, KLARSVAR_PORT=args.port,
                            KLARSVAR_ALLOW_HOSTS=args.allow_host or None, KLARSVAR_LANGUAGETOOL=args.languagetool,
                            KLARSVAR_LANGUAGETOOL_URL=args.languagetool_url, KLARSVAR_BACKGROUND_START=True,
                            KLARSVAR_MODEL_URL=getattr(args, "model_url", None))
    config["KLARSVAR_REGEX_STORE"] = str(regex_store_path())
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    workers = max(1, args.workers)
    if workers > 1 and not hasattr(os, "fork"):
        raise CliError("--workers needs a Unix system; on Windows run one process per port behind a proxy")

    prepare_config_dir(config)
    # A pairing code for the banner only where the extension sits on this machine (a team server pairs
    # each agent with `klarsvar pair --name`).
    pairing_code = new_banner_code(config) if is_loopback(args.host) else None
    connection_limit = raise_open_file_limit(CONNECTION_LIMIT)
    listening = _listen(args.host, args.port) if workers > 1 else None
    parent_pid = os.getpid()
    children = _fork_workers(workers - 1) if listening is not None else []
    if children is None:
        _die_with_parent(parent_pid)
    try:
        return _run(args, config, listening, connection_limit, pairing_code if children is not None else None)
    except BaseException as exc:
        if children is None:  # a worker: report and leave without the parent's exit handlers
            if isinstance(exc, CliError):
                print(f"klarsvar serve (worker {os.getpid()}): {exc}", file=sys.stderr)
            os._exit(EXIT_USAGE if isinstance(exc, CliError) else 1)
        raise
    finally:
        if children is None:
            os._exit(0)
        _stop_workers(children)


def prepare_config_dir(config: dict) -> None:
    """Before any worker exists: remove temp files killed writers left, and create the token once."""
    from ..files import remove_stale_temp_files
    from ..terms_store import TermsStore
    from ..token_store import AGENTS_FILE, PAIRING_FILE, TokenStore

    directory = config_directory(config)
    TermsStore.remove_stale_temp_files(directory)
    remove_stale_temp_files(directory, (AGENTS_FILE, PAIRING_FILE))
    TokenStore(directory, config.get("KLARSVAR_TOKEN")).ensure()  # TokenUnreadable: one line, exit 2


def new_banner_code(config: dict) -> str:
    """A fresh pairing code for the start-up banner (it replaces any pending one)."""
    from ..token_store import PairingCodes

    return PairingCodes(config_directory(config)).new_code()


def raise_open_file_limit(wanted_connections: int) -> int:
    """Raise the soft open-file limit as far as allowed; return how many connections it can carry."""
    try:
        import resource
    except ImportError:  # Windows: no such limit to raise
        return wanted_connections
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted_connections + 128  # files, the listening socket, LanguageTool's pipes
    if soft != resource.RLIM_INFINITY and soft < target:
        new_soft = target if hard == resource.RLIM_INFINITY else min(target, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (new_soft, hard))
            soft = new_soft
        except (ValueError, OSError):
            pass
    if soft == resource.RLIM_INFINITY:
        return wanted_connections
    return max(50, min(wanted_connections, soft - 128))


def _run(args, config, listening, connection_limit, pairing_code=None) -> int:
    """Build the app and serve until SIGTERM or Ctrl-C."""
    import logging

    from waitress import create_server

    from .. import __version__
    from ..app import create_app
    from ..config import ConfigError

    try:
        app = create_app(config)
    except ConfigError as exc:
        raise CliError(f"configuration: {exc}") from None
    try:
        where = {"sockets": [listening]} if listening is not None else {"host": args.host, "port": args.port}
        server = create_server(app, threads=args.threads, **where, **waitress_options(connection_limit))
    except OSError as exc:
        app.extensions["klarsvar"].grammar.close()
        raise CliError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    log = logging.getLogger("klarsvar")
    log.info("Klarsvar %s listening on http://%s:%s", __version__,
             args.host if ":" not in args.host else f"[{args.host}]", args.port)
    if pairing_code:
        log.info("Pair the extension: in its options page enter the code %s under \"Pair\" within 5 minutes "
                 "(a new code: `%s pair`; or paste the token `%s token` prints)", pairing_code, _own_command(),
                 _own_command())
    else:
        log.info("Pair each agent's extension with `%s pair --name NAME` or a token from `%s token add NAME`",
                 _own_command(), _own_command())
    if config["KLARSVAR_ALLOW_HOSTS"]:
        log.warning("Also accepting Host names: %s", ", ".join(config["KLARSVAR_ALLOW_HOSTS"]))
    if config.get("KLARSVAR_MODEL_URL"):
        from ..model_client import endpoint_of

        log.info("Rewrites: the language model %s at %s, each candidate checked by Klarsvar (budget %.1f s)",
                 config["KLARSVAR_MODEL"], endpoint_of(config["KLARSVAR_MODEL_URL"],
                                                       config["KLARSVAR_MODEL_ALLOW_HOSTS"]).where,
                 config["KLARSVAR_MODEL_TIME_BUDGET"])
    _exit_on_sigterm()
    try:
        server.run()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.close()
        app.extensions["klarsvar"].grammar.close()
        # What checks compiled since the last save, for the next start (a no-op when nothing is new).
        cache = sys.modules.get("klarsvar.analysis.cache")
        if cache is not None:
            cache.save_regex_store(keep_loaded=True)
    return EXIT_OK


def waitress_options(connection_limit: int = CONNECTION_LIMIT) -> dict:
    """The waitress settings `klarsvar serve` uses (also what the reliability tests run against)."""
    return {
        "ident": "klarsvar",
        # A hard cap far above the API's own 256 KiB limit, so oversized bodies still get JSON 413s
        # from Flask while nothing huge is buffered.
        "max_request_body_size": 4 * 1024 * 1024,
        "max_request_header_size": MAX_HEADER_BYTES,
        "connection_limit": connection_limit,
        "channel_timeout": IDLE_TIMEOUT,
        "cleanup_interval": 5,
        # poll(), not select(): select() cannot watch descriptors above 1024.
        "asyncore_use_poll": True,
        "backlog": 1024,
        "clear_untrusted_proxy_headers": True,
    }


def _listen(host: str, port: int):
    """Bind and listen on host:port once, before forking, so every worker accepts on the same socket."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise CliError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.listen(1024)
    sock.setblocking(False)
    return sock


def _fork_workers(count: int):
    """Fork `count` worker processes; the parent gets their pids, a worker gets None.

    Each process builds its own app (and grammar service) after the fork: Python's threads don't survive
    a fork, and one analysis runs at a time per process because of the interpreter lock — several processes
    are how a team server uses several cores.
    """
    pids = []
    for _ in range(count):
        pid = os.fork()
        if pid == 0:
            return None
        pids.append(pid)
    return pids


def _die_with_parent(parent_pid: int) -> None:
    """Make this worker stop when its parent dies, however it dies (even SIGKILL)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            PR_SET_PDEATHSIG = 1
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass  # the watchdog below still covers it
    if os.getppid() != parent_pid:  # the parent died before the line above took effect
        os._exit(0)

    def watchdog() -> None:
        """Poll for the parent (portable); stop gracefully, or hard if that does not finish in time."""
        while os.getppid() == parent_pid:
            time.sleep(PARENT_POLL_SECONDS)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(STOP_GRACE_SECONDS)
        os._exit(1)

    threading.Thread(target=watchdog, name="klarsvar-parent-watch", daemon=True).start()


def _stop_workers(children) -> None:
    """Stop the worker processes the parent forked: SIGTERM, then SIGKILL for any that linger."""
    for pid in children or []:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    pending = list(children or [])
    while pending:
        for pid in list(pending):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                pending.remove(pid)
        if pending and time.monotonic() > deadline:
            for pid in pending:
                try:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                except (ProcessLookupError, ChildProcessError):
                    pass
            return
        if pending:
            time.sleep(0.02)


def _own_command() -> str:
    """How the user started us, for hints (`make serve` runs .venv/bin/klarsvar, which is not on PATH)."""
    import shlex

    program = sys.argv[0] if sys.argv and sys.argv[0] else ""
    if os.path.basename(program) in ("klarsvar", "klarsvar.exe"):
        return shlex.quote(os.path.relpath(program) if os.path.isabs(program) else program)
    return "python -m klarsvar"


def _exit_on_sigterm() -> None:
    """Turn SIGTERM into a normal exit so the grammar service (a LanguageTool child) is closed."""

    def stop(signum, frame):
        """Exit through the normal shutdown path."""
        raise SystemExit(0)

    try:
        signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (e.g. a test running serve in a thread)
        pass
