"""Shared fixtures: an isolated config dir for every test, the app, a loopback client and the token.

Use them as `client.post("/v1/check", json={...}, headers=auth_headers)`. `make_app(**config)` builds
another app with overrides (e.g. `make_app(KLARSVAR_EXTENSION_IDS=["abc"])`).
"""

from __future__ import annotations

import os

import pytest
from flask.testing import FlaskClient
from hypothesis import settings

# CI runs every property test on the same examples: a landing is never refused for an example no earlier run
# drew. Local runs keep drawing new ones (and `--hypothesis-seed=N` repeats a run), which is where they find things.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

PORT = 8765
BASE_URL = f"http://127.0.0.1:{PORT}"


@pytest.fixture(autouse=True)
def isolated_config_dir(tmp_path, monkeypatch):
    """Point every test at a fresh config dir so no test touches the real user config or token."""
    directory = tmp_path / "klarsvar-config"
    monkeypatch.setenv("KLARSVAR_CONFIG_DIR", str(directory))
    monkeypatch.delenv("KLARSVAR_TOKEN", raising=False)
    return directory


class LoopbackClient(FlaskClient):
    """A test client whose requests carry `Host: 127.0.0.1:8765`, as a real local client's would."""

    def open(self, *args, **kwargs):
        """Open a request, defaulting the base URL to the loopback server."""
        kwargs.setdefault("base_url", BASE_URL)
        return super().open(*args, **kwargs)


@pytest.fixture
def make_app(isolated_config_dir):
    """Build a testing app; keyword arguments override config keys (grammar is off unless given)."""
    from klarsvar import create_app

    apps = []

    def factory(**overrides):
        config = {"TESTING": True, "KLARSVAR_CONFIG_DIR": str(isolated_config_dir),
                  "KLARSVAR_PORT": PORT, "KLARSVAR_LANGUAGETOOL": "off"}
        config.update(overrides)
        app = create_app(config)
        app.test_client_class = LoopbackClient
        apps.append(app)
        return app

    yield factory
    for app in apps:
        app.extensions["klarsvar"].grammar.close()


@pytest.fixture
def app(make_app):
    """The default testing app (grammar engine off)."""
    return make_app()


@pytest.fixture
def client(app):
    """A test client for `app` addressed to 127.0.0.1:8765."""
    return app.test_client()


@pytest.fixture
def token(app):
    """The app's pairing token."""
    return app.extensions["klarsvar"].tokens.current()


@pytest.fixture
def auth_headers(token):
    """Headers that authenticate a request."""
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def offer_every_rewrite(monkeypatch):
    """Offer the whole-reply rewrite even where it only swaps wording (`rewrite.MINOR_CHANGES = 0`): for tests of
    the edits themselves, which a finding's card applies whether or not the one-click rewrite is offered."""
    from klarsvar.analysis import rewrite

    monkeypatch.setattr(rewrite, "MINOR_CHANGES", 0)
