"""`GET /v1/health`: is the server up, which version, which grammar engine. No token, always fast."""

from __future__ import annotations

from flask import Blueprint, current_app

from .. import __version__
from .errors import log_exception_safely

bp = Blueprint("health", __name__)

LANGUAGES = ["da", "en"]


def grammar_status() -> dict:
    """The grammar service's status, or an honest 'none' if asking it fails."""
    try:
        status = dict(current_app.extensions["klarsvar"].grammar.status())
    except Exception as exc:  # health must answer even when the grammar engine is broken
        log_exception_safely(exc, "grammar status")
        return {"engine": "none", "mode": "off", "ready": False, "detail": "The grammar engine reported an error."}
    return status


def is_ready() -> bool:
    """Whether rules, dictionaries and tables are loaded, so a check now is answered at full speed."""
    ready = getattr(current_app.extensions["klarsvar"], "ready", None)
    return ready is None or ready.is_set()


def rewrite_status() -> dict:
    """Which engine writes rewrites (the rules or the team's language model) and whether it answers."""
    from .. import model_client  # light: the analysis is not imported for health

    try:
        return model_client.status(current_app)
    except Exception as exc:  # health must answer even when the model client is broken
        log_exception_safely(exc, "rewrite status")
        return {"engine": "rules", "model": None, "ready": True,
                "detail": "The language model's status could not be read; rewrites use the rules."}


@bp.get("/health")
def health():
    """Report that the server is up, whether it is ready for checks, its version, languages and grammar engine."""
    return {"status": "ok", "ready": is_ready(), "version": __version__, "languages": LANGUAGES,
            "grammar": grammar_status(), "rewrite": rewrite_status()}
