"""The HTTP API, v1: one blueprint per area, registered by `klarsvar.app.create_app`."""

from __future__ import annotations

API_PREFIX = "/v1"


def register(app) -> None:
    """Register every v1 blueprint and the JSON error handlers on `app`."""
    from . import check, errors, health, pair, terms

    errors.init_app(app)
    app.register_blueprint(health.bp, url_prefix=API_PREFIX)
    app.register_blueprint(check.bp, url_prefix=API_PREFIX)
    app.register_blueprint(terms.bp, url_prefix=API_PREFIX)
    app.register_blueprint(pair.bp, url_prefix=API_PREFIX)
