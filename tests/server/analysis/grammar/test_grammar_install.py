"""`klarsvar languagetool install|status` through language-tool-python's downloader, against a local mirror.

The real download host cannot be reached from the test machines; a local HTTP server plays the mirror and
serves a small stand-in zip laid out like LanguageTool's (the jar is not runnable, which the local-mode
test below relies on).
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import io
import threading
import zipfile

import pytest

from klarsvar.analysis.grammar import GrammarSettings, create_service, install_languagetool, languagetool_status
from klarsvar.analysis.grammar.languagetool import java_path
from tests.support.lt_server import wait_until

needs_java = pytest.mark.skipif(java_path() is None, reason="language-tool-python's installer requires Java")


def _fake_languagetool_zip(version: str = "6.8") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(f"LanguageTool-{version}/languagetool-server.jar", b"not a real jar")
        z.writestr(f"LanguageTool-{version}/README.md", b"stand-in for tests")
    return buffer.getvalue()


@pytest.fixture
def mirror(tmp_path):
    """A local HTTP server whose root holds LanguageTool-6.8.zip; yields (url, sha256)."""
    root = tmp_path / "mirror"
    root.mkdir()
    data = _fake_languagetool_zip()
    (root / "LanguageTool-6.8.zip").write_bytes(data)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", hashlib.sha256(data).hexdigest()
    server.shutdown()
    server.server_close()


def test_status_of_an_empty_folder_says_how_to_install(tmp_path):
    status = languagetool_status(str(tmp_path / "empty"))
    assert status["ok"] is True and status["installed"] is None
    assert "klarsvar languagetool install" in status["message"] or "Java" in status["message"]


@needs_java
def test_install_from_a_mirror_with_the_libraries_checksum_check(tmp_path, mirror, monkeypatch):
    url, sha = mirror
    monkeypatch.setenv("LTP_DOWNLOAD_SHA256", sha)  # language-tool-python's own checksum override
    target = tmp_path / "lt"
    result = install_languagetool(directory=str(target), url=url)
    assert result["ok"] is True, result
    assert result["installed"] == "6.8" and result["folder"].startswith(str(target))
    assert (target / "LanguageTool-6.8" / "languagetool-server.jar").is_file()
    assert languagetool_status(str(target))["installed"] == "6.8"


@needs_java
def test_install_refuses_a_download_whose_checksum_does_not_match(tmp_path, mirror, monkeypatch):
    url, _ = mirror
    monkeypatch.setenv("LTP_DOWNLOAD_SHA256", "0" * 64)
    result = install_languagetool(directory=str(tmp_path / "lt"), url=url)
    assert result["ok"] is False and "checksum" in result["error"].lower(), result
    assert result["installed"] is None


@needs_java
def test_install_from_a_mirror_without_the_file_fails_clearly(tmp_path, mirror):
    url, _ = mirror
    result = install_languagetool(directory=str(tmp_path / "lt"), url=url + "nothing-here/")
    assert result["ok"] is False and "Downloading LanguageTool 6.8 failed" in result["error"]


@needs_java
def test_local_mode_with_a_broken_install_reports_it_and_falls_back(tmp_path, mirror, monkeypatch, grammar_service):
    url, sha = mirror
    monkeypatch.setenv("LTP_DOWNLOAD_SHA256", sha)
    target = tmp_path / "lt"
    assert install_languagetool(directory=str(target), url=url)["ok"]
    service = grammar_service(mode="local", languagetool_dir=str(target))
    assert wait_until(lambda: "did not start" in service.status()["detail"], 30), service.status()
    status = service.status()
    assert status["engine"] == "languagetool" and status["ready"] is False and "6.8" in status["detail"]


def test_auto_mode_never_downloads(tmp_path, monkeypatch):
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "nothing"))
    import language_tool_python.download_lt as download_lt

    def refuse(*args, **kwargs):
        raise AssertionError("the service must never download LanguageTool by itself")

    monkeypatch.setattr(download_lt.LocalLanguageTool, "_get_remote_zip", refuse)
    service = create_service(GrammarSettings(mode="auto"))
    service.start()
    try:
        assert wait_until(lambda: service.status()["engine"] == "builtin", 10)
    finally:
        service.close()
