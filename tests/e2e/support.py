"""Shared code for the extension's end-to-end tests: prerequisites, the real server, page drivers."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
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


def http_json(url: str, *, method: str = "GET", body=None, token: str | None = None, timeout: float = 5,
              headers: dict | None = None, with_headers: bool = False):
    """Send a JSON request; returns (status, parsed body), plus the response headers if `with_headers`."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            answer = resp.status, json.loads(resp.read() or b"null"), resp.headers
    except urllib.error.HTTPError as exc:
        answer = exc.code, json.loads(exc.read() or b"null"), exc.headers
    return answer if with_headers else answer[:2]


class KlarsvarServer:
    """The real `klarsvar serve` in a subprocess on a free port with a known token."""

    def __init__(self, config_dir: Path, extra_env: dict[str, str] | None = None) -> None:
        self.config_dir = config_dir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = TOKEN
        env = {**os.environ, "KLARSVAR_TOKEN": self.token, "KLARSVAR_CONFIG_DIR": str(config_dir), **(extra_env or {})}
        self.log = open(config_dir / "server.log", "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "klarsvar", "serve", "--port", str(self.port)],
            env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
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
        # Replacing the list takes the version it replaces (If-Match), as any client's PUT must.
        etag = http_json(self.url + "/v1/terms", token=self.token, timeout=5, with_headers=True)[2].get("ETag")
        status, body = http_json(self.url + "/v1/terms", method="PUT", token=self.token, body=SEED_TERMS,
                                 timeout=5, headers={"If-Match": etag})
        assert status == 200, body

    def check(self, text: str, **fields):
        """POST /v1/check directly (what the test expects the extension to have seen)."""
        status, body = http_json(self.url + "/v1/check", method="POST", token=self.token,
                                 body={"text": text, **fields}, timeout=10)
        assert status == 200, body
        return body

    def stop(self) -> None:
        """Stop the server process."""
        # The whole process group: a waitress worker must not outlive the test and keep the port.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.log.close()


def team_server_without_a_rule(server: KlarsvarServer, config_dir: Path) -> tuple[KlarsvarServer, str]:
    """A second server whose team switched off one rule that flags DRAFT (`KLARSVAR_DISABLED_RULES`); and that rule."""
    rules = sorted({f["rule"] for f in server.check(DRAFT, language="auto", channel="email", grammar=True, rewrite=True)["findings"]})
    # A rule from the shipped data, not the seeded team term: the team server is seeded too.
    rule = next((r for r in rules if r.startswith("da.internal_language.")), None)
    assert rule, f"DRAFT no longer has a Danish internal-language finding: {rules}"
    return KlarsvarServer(config_dir, extra_env={"KLARSVAR_DISABLED_RULES": rule}), rule


# Internal language: "eskaleret" (Danish rule data) and "2nd level" (a team term the server fixture seeds,
# so a finding with a replacement exists whatever the rule files flag).
DRAFT = "Vi har eskaleret din sag til 2nd level. Tak for din tålmodighed."
OVERLAY = "klarsvar-overlay"
SETTLED = f'{OVERLAY}[data-state="ready"][data-stage="full"]:not([data-pending])'


@dataclass(frozen=True)
class EditorPage:
    """One test page: its file, the editable element's selector, and whether it sits in an iframe."""

    name: str
    path: str
    selector: str
    kind: str
    iframe: str | None = None


EDITORS = [
    EditorPage("textarea", "textarea.html", "#editor", "textarea"),
    EditorPage("contenteditable", "contenteditable.html", "#editor", "contenteditable"),
    EditorPage("prosemirror", "prosemirror.html", ".ProseMirror", "prosemirror"),
    EditorPage("quill", "quill.html", ".ql-editor", "quill"),
    EditorPage("ckeditor5", "ckeditor.html", ".ck-editor__editable", "ckeditor5"),
    EditorPage("iframe-prosemirror", "iframe.html", ".ProseMirror", "prosemirror", iframe="iframe#composer"),
]


def normalize(text: str) -> str:
    """Compare texts as the agent sees them: nbsp as space, no zero-width fillers."""
    return re.sub(r"[\u200b\ufeff\u2060]", "", text).replace("\u00a0", " ")


def open_editor(page, pages_url, editor: EditorPage):
    """Load the page, wait for the editor, and return the frame that holds it."""
    page.goto(f"{pages_url}/{editor.path}")
    page.wait_for_function("window.editorReady === true")
    frame = page.main_frame
    if editor.iframe:
        frame = page.wait_for_selector(editor.iframe).content_frame()
        frame.wait_for_function("window.editorReady === true")
    return frame


def model_text(page) -> str:
    """The editor's own model text, read in the page's main world."""
    return normalize(page.evaluate("window.getEditorText()"))


def wait_settled(frame, timeout=10000):
    """Wait until the overlay shows a complete check of the current text."""
    frame.wait_for_selector(SETTLED, state="attached", timeout=timeout)


def open_panel(frame):
    """Open the findings panel if it is closed."""
    host = frame.locator(OVERLAY)
    if host.get_attribute("data-open") != "true":
        frame.locator(f"{OVERLAY} [data-action='toggle-panel']").click()


def applicable_finding(frame):
    """The finding to apply: internal language if the server flags it, else any with a replacement."""
    items = frame.locator(f"{OVERLAY} [data-finding-id]:has([data-action='apply'])")
    assert items.count() > 0, "no finding with a replacement was listed"
    internal = frame.locator(f"{OVERLAY} [data-finding-id][data-category='internal_language']:has([data-action='apply'])")
    item = internal.first if internal.count() else items.first
    return {
        "id": item.get_attribute("data-finding-id"),
        "start": int(item.get_attribute("data-start")),
        "end": int(item.get_attribute("data-end")),
        "replacement": item.locator("[data-action='apply']").inner_text(),
        "locator": item,
    }


def last_apply(frame) -> str | None:
    """What the last apply did: applied | stale | rewrite | failed:<reason>."""
    return frame.locator(OVERLAY).get_attribute("data-last-apply")


def wait_last_apply(frame, expected: str, timeout=5000):
    """Wait for the overlay to report the outcome of an apply."""
    try:
        frame.wait_for_selector(f'{OVERLAY}[data-last-apply="{expected}"]', state="attached", timeout=timeout)
    except Exception as exc:  # report what happened instead of a bare timeout
        status = frame.locator(f"{OVERLAY} .status").text_content()
        raise AssertionError(f"apply outcome {last_apply(frame)!r}, expected {expected!r}; status: {status!r}") from exc


@contextlib.contextmanager
def chromium_with_extension(p, lang: str, viewport=(1100, 800)):
    """Headless Debian Chromium with the unpacked extension in a fresh persistent profile, UI in `lang`."""
    profile = tempfile.mkdtemp(prefix="klarsvar-e2e-profile-")
    ctx = p.chromium.launch_persistent_context(
        profile, executable_path=CHROMIUM, headless=True, locale={"da": "da-DK", "en": "en-GB"}[lang],
        viewport={"width": viewport[0], "height": viewport[1]},
        args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", f"--lang={lang}",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              f"--disable-extensions-except={EXTENSION_DIR}", f"--load-extension={EXTENSION_DIR}"])
    try:
        yield ctx
    finally:
        ctx.close()
        shutil.rmtree(profile, ignore_errors=True)
