"""Fixtures for the extension's end-to-end tests: the real server, local editor pages, real Chromium.

One browser (a persistent context with the unpacked extension) and one page are shared by all tests:
launching takes ~1 s and the machine has 2 cores. Outside CI a missing prerequisite (Chromium, the
npm-built pages, Playwright) skips with a printed reason; with CI=true it fails instead.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from tests.e2e.support import CHROMIUM, PAGES_DIR, KlarsvarServer, chromium_with_extension, require

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
def playwright_driver():
    """One Playwright driver for the session (a second sync driver cannot start inside the first)."""
    require(Path(CHROMIUM).exists(), f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Python package playwright not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser_context(playwright_driver):
    """Headless Debian Chromium with the unpacked extension (persistent profile, Danish UI)."""
    with chromium_with_extension(playwright_driver, "da") as ctx:
        yield ctx


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
            self.configure(serverUrl=klarsvar_server.url, token=klarsvar_server.token, sites={},
                           disabledRules=[], disabledCategories=[], minSeverity="suggestion", pausedUntil=0,
                           allowList=False)

        def run_command(self, command: str, tab_id: int):
            """What pressing a manifest `commands` shortcut does (headless Chromium delivers no browser shortcuts)."""
            return sw.evaluate("([c, t]) => Klarsvar.worker.runCommand(c, t)", [command, tab_id])

        def active_tab_id(self) -> int:
            """The id of the active tab (bring the page to the front first)."""
            return sw.evaluate("async () => (await chrome.tabs.query({active: true, lastFocusedWindow: true}))[0].id")

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
