"""The Flask application factory."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from flask import Flask, g, request

from . import config as cfg

access_log = logging.getLogger("klarsvar.access")


@dataclass
class ServerState:
    """What the views share: token, team terms, grammar service and the Host allow-list."""

    config_dir: object
    tokens: cfg.TokenStore
    terms: cfg.TermsStore
    grammar: object
    allowed_hosts: frozenset


class KlarsvarFlask(Flask):
    """Flask with exception logging that never includes an exception's message (it may quote text)."""

    def log_exception(self, exc_info) -> None:
        """Log an unhandled exception by type and frames only."""
        from .api.errors import log_exception_safely

        log_exception_safely(exc_info[1], f"{request.method} {request.path[:100]}")


def _start_timer() -> None:
    g.klarsvar_started = time.perf_counter()


def _log_access(response):
    # Method, path, status and duration only: never the body, query string or headers.
    started = g.get("klarsvar_started")
    duration = (time.perf_counter() - started) * 1000 if started is not None else 0.0
    access_log.info("%s %s %s %.1fms", request.method, request.path[:100], response.status_code, duration)
    return response


def load_config(app: Flask, test_config: dict | None) -> None:
    """Fill `app.config`: defaults → config dir's config.json → environment → `test_config`."""
    app.config.update(cfg.resolve(test_config))


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure an instance of the Klarsvar server.

    `test_config` overrides every other layer; the CLI passes its flags the same way.
    Raises `klarsvar.config.ConfigError` for unusable settings.
    """
    from . import api, security
    from .analysis.grammar import create_service

    app = KlarsvarFlask(__name__)
    load_config(app, test_config)
    # Never let Flask answer with its HTML debugger or re-raise into the WSGI server.
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.config["TRAP_HTTP_EXCEPTIONS"] = False

    directory = cfg.ensure_dir(cfg.config_dir(app.config["KLARSVAR_CONFIG_DIR"]))
    tokens = cfg.TokenStore(directory, app.config.get("KLARSVAR_TOKEN"))
    tokens.ensure()
    grammar = create_service(cfg.grammar_settings(app.config))
    app.extensions["klarsvar"] = ServerState(
        config_dir=directory,
        tokens=tokens,
        terms=cfg.TermsStore(directory),
        grammar=grammar,
        allowed_hosts=security.allowed_hosts(app.config["KLARSVAR_PORT"], app.config["KLARSVAR_ALLOW_HOSTS"]),
    )

    # The timer runs first so the access log measures everything, including refusals.
    app.before_request(_start_timer)
    security.init_app(app)
    api.register(app)
    app.after_request(_log_access)

    # Slow start-up (a local LanguageTool) happens in the background; health reports its progress.
    grammar.start()
    return app
