"""The Flask application factory."""

from __future__ import annotations

import logging
import sys
import threading
import time
from dataclasses import dataclass

from flask import Flask, g, request

from . import config as cfg
from .terms_store import TermsStore
from .token_store import AgentTokens, PairingCodes, TokenStore

access_log = logging.getLogger("klarsvar.access")


@dataclass
class ServerState:
    """What the views share: tokens, team terms, grammar service, the Host allow-list and pairing."""

    config_dir: object
    tokens: TokenStore
    terms: TermsStore
    grammar: object
    allowed_hosts: frozenset
    agents: AgentTokens | None = None
    pairing: PairingCodes | None = None
    # Set once rules, dictionaries and tables are loaded (`/v1/health` reports it as `ready`).
    ready: threading.Event | None = None


# The longest the grammar start-up waits for the pipeline's warm-up to finish before it begins anyway.
GRAMMAR_AFTER_WARM_UP_SECONDS = 5.0


class BackgroundGrammar:
    """The grammar service, imported, created and started in a background thread.

    `klarsvar serve` uses it so the server listens (and answers health) before the grammar stack and
    its dictionaries are loaded. Beside it a second thread warms the pipeline (rules, tables, the customer
    and empathy data); `ready` is set when both are done, so the first real check is fast too.
    """

    def __init__(self, config: dict, ready: threading.Event | None = None) -> None:
        self._config = config
        self._service = None
        self._failed = False
        self._done = threading.Event()
        self._warmed = threading.Event()
        self.ready = ready if ready is not None else threading.Event()
        self._thread = threading.Thread(target=self._bring_up, name="klarsvar-grammar-start", daemon=True)
        self._warm_thread = threading.Thread(target=self._warm, name="klarsvar-warm-up", daemon=True)

    @property
    def settings(self):
        """The service's settings (None until it exists)."""
        return getattr(self._service, "settings", None)

    def start(self) -> None:
        """Begin the background start-up."""
        if not self._thread.is_alive() and not self._done.is_set():
            # The grammar thread begins once the pipeline is warm (see `_bring_up`).
            self._warm_thread.start()
            self._thread.start()

    def _bring_up(self) -> None:
        """Import, create and start the grammar service and load its spelling dictionaries."""
        from .api.errors import log_exception_safely

        # After the pipeline's warm-up: both are CPU work under one interpreter lock, and importing the
        # service beside it (~0.1-0.15 s) only delayed the first check, which mostly runs without grammar.
        self._warmed.wait(GRAMMAR_AFTER_WARM_UP_SECONDS)
        try:
            from .analysis.grammar import create_service

            service = create_service(cfg.grammar_settings(self._config))
            service.start()
            wait_until_engine_known(service)
            self._service = service
        except Exception as exc:
            self._failed = True
            log_exception_safely(exc, "grammar start-up")
        finally:
            self._done.set()
        try:
            # The dictionaries load before the server says ready, not on the first check (~0.5 s).
            self._warmed.wait()
            load_spelling = getattr(self._service, "_load_spelling", None)
            if load_spelling is not None and getattr(self._service, "plan", "off") != "off":
                load_spelling()
        except Exception as exc:  # not fatal: the first check that needs them loads them
            log_exception_safely(exc, "spelling dictionaries")
        finally:
            self.ready.set()

    def _warm(self) -> None:
        """Warm the pipeline (see `warm_up`)."""
        from pathlib import Path

        from .analysis.cache import (disable_data_store, enable_data_store, enable_regex_store, save_data_store,
                                     save_regex_store)
        from .api.errors import log_exception_safely

        store = self._config.get("KLARSVAR_REGEX_STORE")
        try:
            if store:
                enable_regex_store(store)
                # The derived data (parsed rule files, phrase patterns, the syllable table) sits beside it.
                enable_data_store(Path(store).with_name("data-store.bin"))
            warm_up()
            if store:
                save_regex_store()  # the next start reads what this one compiled (a few ms)
                save_data_store()
                disable_data_store()  # everything it serves is loaded now: free its copy (a few MB)
        except Exception as exc:  # a warm-up failure is not fatal: the real check will report it
            log_exception_safely(exc, "warm-up")
        finally:
            self._warmed.set()

    def status(self) -> dict:
        """The service's status, or 'starting' until it exists."""
        if self._service is not None:
            return self._service.status()
        detail = ("The grammar engine failed to start; see the server log." if self._failed
                  else "Starting the grammar engine.")
        return {"engine": "none", "mode": self._config["KLARSVAR_LANGUAGETOOL"], "ready": False, "detail": detail}

    def check(self, doc):
        """Delegate to the service, waiting at most the grammar budget for it to exist."""
        if self._service is None:
            self._done.wait(self._config["KLARSVAR_GRAMMAR_BUDGET"])
        if self._service is None:
            from .analysis.findings import GrammarStatus

            return [], GrammarStatus(engine="none", complete=False)
        return self._service.check(doc)

    def close(self) -> None:
        """Close the service if it was created."""
        if self._service is not None:
            self._service.close()


# Status details the grammar service gives while it has not yet looked whether LanguageTool is installed.
LOOKING_UP = ("Looking for LanguageTool",)
ENGINE_LOOKUP_SECONDS = 2.0


def wait_until_engine_known(service, timeout: float = ENGINE_LOOKUP_SECONDS) -> None:
    """Wait (briefly) until the service knows whether LanguageTool is there at all.

    Looking takes a moment (importing language-tool-python, a look at its download folder); until it is
    done a check would report `languagetool` as the engine even where none is installed. Starting an
    installed LanguageTool is not waited for.
    """
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not str(service.status().get("detail", "")).startswith(LOOKING_UP):
            return
        time.sleep(0.01)


def warm_up() -> None:
    """Load rules, word lists and tables of every language before the first request (`pipeline.warm`)."""
    from .analysis.pipeline import warm

    warm()


class KlarsvarFlask(Flask):
    """Flask with exception logging that never includes an exception's message (it may quote text)."""

    def log_exception(self, exc_info) -> None:
        """Log an unhandled exception by type and frames only."""
        from .api.errors import log_exception_safely

        log_exception_safely(exc_info[1], f"{request.method} {request.path[:100]}")


def _start_timer() -> None:
    """`before_request`: remember when the request started, for the access log."""
    g.klarsvar_started = time.perf_counter()


def _log_access(response):
    """`after_request`: one access-log line per request."""
    # Method, path, status, the token's owner and duration only: never the body, query string or headers.
    started = g.get("klarsvar_started")
    duration = (time.perf_counter() - started) * 1000 if started is not None else 0.0
    access_log.info("%s %s %s agent=%s %.1fms", request.method, request.path[:100], response.status_code,
                    g.get("klarsvar_token_owner") or "-", duration)
    return response


def _save_stores_later(response):
    """`after_request`: a check may have compiled rule regexes the store lacks; keep them for the next start."""
    # Through sys.modules: health must not import the analysis, and a check has imported it already.
    cache = sys.modules.get("klarsvar.analysis.cache")
    if cache is not None:
        cache.save_regex_store_later()
    return response


def load_config(app: Flask, test_config: dict | None) -> None:
    """Fill `app.config`: defaults → config dir's config.json → environment → `test_config`."""
    app.config.update(cfg.resolve(test_config))


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure an instance of the Klarsvar server.

    `test_config` overrides every other layer; the CLI passes its flags the same way. With
    `KLARSVAR_BACKGROUND_START` (what `klarsvar serve` sets) the grammar stack loads in the background.
    Raises `klarsvar.config.ConfigError` for unusable settings (`TokenUnreadable` for a broken token file).
    """
    from . import api, security

    # No static folder: the server serves JSON only.
    app = KlarsvarFlask(__name__, static_folder=None)
    app.json.sort_keys = False  # answer in the contract's field order
    # Keep Flask's ensure_ascii=True: a lone surrogate in the text (legal in a JavaScript string) then
    # goes out as a \udXXX escape instead of failing to encode as UTF-8.
    app.json.ensure_ascii = True
    load_config(app, test_config)
    # Never let Flask answer with its HTML debugger or re-raise into the WSGI server.
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.config["TRAP_HTTP_EXCEPTIONS"] = False

    directory = cfg.ensure_dir(cfg.config_dir(app.config["KLARSVAR_CONFIG_DIR"]))
    # Writers killed mid-write (kill -9, power loss) leave temp files; none is in use while we hold the lock.
    TermsStore.remove_stale_temp_files(directory)
    tokens = TokenStore(directory, app.config.get("KLARSVAR_TOKEN"))
    tokens.ensure()
    ready = threading.Event()
    if app.config.get("KLARSVAR_BACKGROUND_START"):
        grammar = BackgroundGrammar(app.config, ready)
    else:
        # Loaded lazily by the first check, as tests and `klarsvar check` want: ready at once.
        ready.set()
        from .analysis.grammar import create_service

        grammar = create_service(cfg.grammar_settings(app.config))
        grammar.start()
        wait_until_engine_known(grammar)
    app.extensions["klarsvar"] = ServerState(
        config_dir=directory,
        tokens=tokens,
        terms=TermsStore(directory),
        grammar=grammar,
        allowed_hosts=security.allowed_hosts(app.config["KLARSVAR_PORT"], app.config["KLARSVAR_ALLOW_HOSTS"]),
        agents=AgentTokens(directory),
        pairing=PairingCodes(directory),
        ready=ready,
    )

    # The timer runs first so the access log measures everything, including refusals.
    app.before_request(_start_timer)
    security.init_app(app)
    api.register(app)
    app.after_request(_log_access)
    app.after_request(_save_stores_later)

    # Slow start-up (a local LanguageTool) happens in the background; health reports its progress.
    grammar.start()
    return app
