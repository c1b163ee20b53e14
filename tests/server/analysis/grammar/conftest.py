"""Fixtures for the grammar tests: the LanguageTool-protocol test server and services wired to it."""

from __future__ import annotations

import pytest

from klarsvar.analysis.grammar import GrammarSettings, create_service
from tests.support.lt_server import FakeLanguageTool
from tests.support.threaded_server import started_servers


@pytest.fixture(autouse=True)
def no_local_languagetool(tmp_path, monkeypatch):
    """Never find (or start) a real LanguageTool of the machine; never read the user's env settings."""
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "lt-download"))
    monkeypatch.delenv("LTP_JAR_DIR_PATH", raising=False)
    monkeypatch.delenv("KLARSVAR_LANGUAGETOOL", raising=False)
    monkeypatch.delenv("KLARSVAR_LANGUAGETOOL_URL", raising=False)


@pytest.fixture
def fake_lt():
    """Start a LanguageTool-protocol server: `fake_lt(mode='instant', delay=5.0)`; stopped after the test."""
    with started_servers(FakeLanguageTool) as factory:
        yield factory


@pytest.fixture
def grammar_service():
    """Create (and later close) a started grammar service: `grammar_service(mode=..., url=..., ...)`."""
    services = []

    def factory(**settings):
        service = create_service(GrammarSettings(**settings))
        service.start()
        services.append(service)
        return service

    yield factory
    for service in services:
        service.close()


@pytest.fixture
def auth_headers_for():
    """Authorization headers for a given app (the root conftest's `auth_headers` is bound to its default app)."""

    def headers(app) -> dict:
        return {"Authorization": f"Bearer {app.extensions['klarsvar'].tokens.current()}"}

    return headers


@pytest.fixture
def judge_new_words_now(monkeypatch):
    """Give the speller ample time for words it has never judged, so a test of WHAT is found does not depend
    on the machine's load (by design a new word that misses its few milliseconds is judged for the next check;
    test_spelling_limits tests that allowance itself)."""
    from klarsvar.analysis.grammar import spelling

    monkeypatch.setattr(spelling, "_NEW_WORDS_SECONDS", 5.0)
    monkeypatch.setattr(spelling, "_WORD_SECONDS", 5.0)
