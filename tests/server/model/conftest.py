"""Fixtures for the language-model rewrite: the fake OpenAI-compatible server and apps that use it."""

from __future__ import annotations

import pytest

from tests.support.fake_model_server import FakeModel
from tests.support.threaded_server import started_servers


@pytest.fixture
def fake_model():
    """Start fake model servers (`fake_model(replies, delay=…)`); all are stopped after the test."""
    with started_servers(FakeModel) as factory:
        yield factory


@pytest.fixture
def model_app(make_app):
    """An app whose rewrites go to `server` (a FakeModel); generous check cap so a cold start never skips."""

    def factory(server, **overrides):
        config = {"KLARSVAR_MODEL_URL": server.url, "KLARSVAR_MODEL": "fake", "KLARSVAR_CHECK_TIME_LIMIT": 60}
        config.update(overrides)
        return make_app(**config)

    return factory


@pytest.fixture
def post_check():
    """POST a check to an app and return (response JSON, seconds it took)."""
    import time

    def post(app, **body):
        headers = {"Authorization": f"Bearer {app.extensions['klarsvar'].tokens.current()}"}
        started = time.monotonic()
        response = app.test_client().post("/v1/check", json=body, headers=headers)
        assert response.status_code == 200, response.get_json()
        return response.get_json(), time.monotonic() - started

    return post
