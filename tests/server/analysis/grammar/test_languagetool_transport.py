"""The LanguageTool connection does not wait for the delayed ACK: the protocol test server, like the JDK's HttpServer
that LanguageTool runs on (before Java 23), writes headers and body apart with Nagle's algorithm on, which costs
~40 ms per request on a kept-alive connection unless the client acknowledges the headers at once (Linux) or the
server sends without Nagle (a local LanguageTool is started so)."""

from __future__ import annotations

import os
import socket
import statistics
import time

import pytest

from klarsvar.analysis.grammar.languagetool import LanguageToolEndpoint

PARAGRAPH = "Your request has been passed to a specialist, and teh driver knows where to go."


@pytest.mark.timeout(60)
@pytest.mark.skipif(not hasattr(socket, "TCP_QUICKACK"), reason="quick ACK is a Linux socket option")
def test_kept_alive_requests_do_not_wait_for_the_delayed_ack(fake_lt):
    server = fake_lt()
    endpoint = LanguageToolEndpoint(f"{server.url}/v2/", mode="remote", languages=frozenset())
    try:
        assert [f.text for f in endpoint.check(PARAGRAPH, "en")] == ["teh"]  # opens the connection
        seconds = []
        for n in range(9):
            t0 = time.perf_counter()
            findings = endpoint.check(f"{PARAGRAPH} ({n})", "en")
            seconds.append(time.perf_counter() - t0)
            assert [f.text for f in findings] == ["teh"]
    finally:
        endpoint.close()
    # Waiting for the delayed ACK costs at least 40 ms a request; without it one takes ~1 ms on loopback.
    assert statistics.median(seconds) < 0.02, [round(s * 1000, 1) for s in seconds]


def test_a_local_server_starts_with_nagle_off_and_the_environment_is_restored(monkeypatch):
    from klarsvar.analysis.grammar import languagetool

    seen = []

    class StartingTool:
        """Stands in for language-tool-python: records the JVM options it would start Java with."""

        def __init__(self, *args, **kwargs):
            seen.append(os.environ.get("JAVA_TOOL_OPTIONS"))
            raise ConnectionRefusedError("Connection refused")

    monkeypatch.setattr(languagetool, "_bounded_tool_class", lambda: StartingTool)
    monkeypatch.setenv("JAVA_TOOL_OPTIONS", "-Xmx512m")
    with pytest.raises(languagetool.LanguageToolFailure):
        LanguageToolEndpoint.start_local("6.6")
    assert seen == ["-Xmx512m -Dsun.net.httpserver.nodelay=true"]
    assert os.environ["JAVA_TOOL_OPTIONS"] == "-Xmx512m"
    monkeypatch.delenv("JAVA_TOOL_OPTIONS")
    with pytest.raises(languagetool.LanguageToolFailure):
        LanguageToolEndpoint.start_local("6.6")
    assert seen[-1] == "-Dsun.net.httpserver.nodelay=true" and "JAVA_TOOL_OPTIONS" not in os.environ
