"""Fixtures for the extension's end-to-end tests: the real server, local editor pages, real Chromium.

One browser (a persistent context with the unpacked extension) and one page are shared by all tests:
launching takes ~1 s and the machine has 2 cores. Outside CI a missing prerequisite (Chromium, the
npm-built pages, Playwright) skips with a printed reason; with CI=true it fails instead.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXTENSION_DIR = ROOT / "extension"
PAGES_DIR = Path(__file__).resolve().parent / "pages"
CHROMIUM = os.environ.get("KLARSVAR_CHROMIUM", "/usr/bin/chromium")
TOKEN = "e2e-token-" + "0123456789abcdef" * 2
# The team's own jargon (what `PUT /v1/terms` stores); the Danish rule files flag more on top of it.
SEED_TERMS = [{"term": "2nd level", "replacement": "en specialist", "language": "da", "note": "e2e seed"}]


def in_ci() -> bool:
    """Whether we run in CI, where every e2e prerequisite must be present (skipping is failing)."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(condition: bool, reason: str) -> None:
    """Skip (locally, with the reason printed) or fail (in CI) when a prerequisite is missing."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"e2e prerequisite missing in CI: {reason}")
    print(f"\nSKIP e2e: {reason}", file=sys.stderr)
    pytest.skip(reason)


def free_port() -> int:
    """A TCP port that was free a moment ago on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_json(url: str, *, method: str = "GET", body=None, token: str | None = None, timeout: float = 5):
    """Send a JSON request; returns (status, parsed body)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


class KlarsvarServer:
    """The real `klarsvar serve` in a subprocess on a free port with a known token."""

    def __init__(self, config_dir: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = TOKEN
        env = {**os.environ, "KLARSVAR_TOKEN": self.token, "KLARSVAR_CONFIG_DIR": str(config_dir)}
        self.log = open(config_dir / "server.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "klarsvar", "serve", "--port", str(self.port)],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"klarsvar serve exited: {(config_dir / 'server.log').read_text()[-2000:]}")
            try:
                status, _ = http_json(self.url + "/v1/health", timeout=1)
                if status == 200:
                    self.seed_terms()
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("klarsvar serve did not answer /v1/health within 30 s")

    def seed_terms(self) -> None:
        """A team term with a replacement, so a Danish draft always has an internal-language finding to apply."""
        status, body = http_json(self.url + "/v1/terms", method="PUT", token=self.token,
                                 body=SEED_TERMS, timeout=5)
        assert status == 200, body

    def check(self, text: str, **fields):
        """POST /v1/check directly (what the test expects the extension to have seen)."""
        status, body = http_json(self.url + "/v1/check", method="POST", token=self.token,
                                 body={"text": text, **fields}, timeout=10)
        assert status == 200, body
        return body

    def stop(self) -> None:
        """Stop the server process."""
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


@pytest.fixture(scope="session")
def klarsvar_server(tmp_path_factory):
    """The real server, started once for the session."""
    server = KlarsvarServer(tmp_path_factory.mktemp("klarsvar-config"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pages_url():
    """The editor test pages served over http://127.0.0.1 (content scripts see a normal site)."""
    require((PAGES_DIR / "dist" / "ckeditor.js").exists(),
            "test pages not built: run `bash scripts/setup-test.sh` (npm install + build in tests/e2e/pages)")

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep test output readable
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(PAGES_DIR)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser_context():
    """Headless Debian Chromium with the unpacked extension (persistent profile, Danish UI)."""
    require(Path(CHROMIUM).exists(), f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Python package playwright not installed (pip install -e '.[test]')")
    profile = tempfile.mkdtemp(prefix="klarsvar-e2e-profile-")
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, locale="da-DK",
            viewport={"width": 1100, "height": 800},
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--lang=da",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  f"--disable-extensions-except={EXTENSION_DIR}", f"--load-extension={EXTENSION_DIR}"])
        try:
            yield ctx
        finally:
            ctx.close()
            shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def extension(browser_context, klarsvar_server):
    """The extension's service worker, paired with the test server; `configure(**settings)` changes it."""
    ctx = browser_context
    sw = ctx.service_workers[0] if ctx.service_workers else ctx.wait_for_event("serviceworker", timeout=10000)

    class Extension:
        worker = sw
        id = sw.url.split("/")[2]

        def configure(self, **settings):
            """Write settings into the extension's storage (what the options page saves)."""
            sw.evaluate("(s) => chrome.storage.local.set(s)", settings)

        def pair(self):
            """Point the extension at the test server with the right token."""
            self.configure(serverUrl=klarsvar_server.url, token=klarsvar_server.token, sites={})

    ext = Extension()
    ext.pair()
    return ext


@pytest.fixture(scope="session")
def shared_page(browser_context, extension):
    """One tab reused by every test (pages are navigated, not reopened)."""
    page = browser_context.new_page()
    # The options tab opened on install is not needed.
    for other in browser_context.pages:
        if other is not page and other.url.startswith("chrome-extension://"):
            other.close()
    return page


@pytest.fixture
def page(shared_page, extension):
    """The shared tab, with page errors collected and the extension paired again after each test."""
    errors: list[str] = []
    handler = lambda exc: errors.append(str(exc))  # noqa: E731
    shared_page.on("pageerror", handler)
    shared_page.page_errors = errors
    yield shared_page
    shared_page.remove_listener("pageerror", handler)
    extension.pair()
