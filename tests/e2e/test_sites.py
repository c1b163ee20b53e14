"""End-to-end: the site adapters (issue 9) in real Chromium with the real extension and server.

Each site's test page (tests/e2e/sites/) reproduces the app's composer structure; a test-only meta
tag picks the adapter on 127.0.0.1. For each adapter: the right editor is found, the customer's
latest message and name are read (shown in the panel and sent as `customer`), a suggestion applies,
the rewrite inserts. Plus re-render, SPA navigation, two composers, a broken selector falling back to
the generic adapter, the context-menu selection, and the Zendesk acceptance case.
"""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path

import pytest

from tests.e2e.support import OVERLAY, model_text, normalize, open_panel, require, wait_last_apply, wait_settled

pytestmark = pytest.mark.e2e

E2E_DIR = Path(__file__).resolve().parent
CUSTOMER_PART = f"{OVERLAY} [data-part='customer']"


@pytest.fixture(scope="module")
def sites_url():
    """tests/e2e served over http://127.0.0.1: /sites/*.html use the editor bundles in /pages/dist."""
    require((E2E_DIR / "pages" / "dist" / "ckeditor.js").exists(),
            "test pages not built: run `bash scripts/setup-test.sh` (npm install + build in tests/e2e/pages)")

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep test output readable
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(E2E_DIR)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/sites"
    httpd.shutdown()


def open_site(page, url, iframe: str | None = None):
    """Load a site page, wait for its editor, and return the frame holding the composer."""
    page.goto(url)
    page.wait_for_function("window.editorReady === true")
    if iframe:
        return page.wait_for_selector(iframe).content_frame()
    return page.main_frame


def type_lines(page, lines):
    """Type lines with Enter between them (each editor makes paragraphs or line breaks of them)."""
    for i, line in enumerate(lines):
        if i:
            page.keyboard.press("Enter")
        page.keyboard.type(line)


def customer_shown(frame) -> dict:
    """What the panel says the check used as the customer's message: source, name and message preview."""
    part = frame.locator(CUSTOMER_PART)
    name = part.locator("[data-customer-name]")
    message = part.locator("[data-customer-message]")
    return {
        "source": part.get_attribute("data-source"),
        "name": name.inner_text() if name.count() else None,
        "message": message.get_attribute("title") if message.count() else None,
    }


def apply_first(frame, category: str | None = None):
    """Click the apply button of the first finding (of `category`); returns its replacement text."""
    selector = f"{OVERLAY} [data-finding-id]"
    if category:
        selector += f"[data-category='{category}']"
    item = frame.locator(f"{selector}:has([data-action='apply'])").first
    replacement = item.locator("[data-action='apply']").inner_text()
    item.locator("[data-action='apply']").click()
    wait_last_apply(frame, "applied")
    return replacement


def insert_rewrite(frame):
    """Open the rewrite diff and confirm it."""
    open_panel(frame)
    frame.locator(f"{OVERLAY} [data-action='insert-rewrite']").click()
    frame.locator(f"{OVERLAY} [data-action='confirm-rewrite']").click()
    wait_last_apply(frame, "rewrite")


# ------------------------------------------------------------------------------------------ Zendesk

ZENDESK_REPLY = ["Hej", "Vi har eskaleret din sag til 2nd level. Vi beklager ulejligheden.", "Med venlig hilsen", "Jonas"]


def test_zendesk_upset_customer_gets_name_and_acknowledging_rewrite(page, sites_url, klarsvar_server):
    """Acceptance: a reply to an upset, named customer gets the name suggestion and a rewrite in her words."""
    frame = open_site(page, f"{sites_url}/zendesk.html", iframe="iframe#composer")
    frame.click(".ck-editor__editable")
    type_lines(page, ZENDESK_REPLY)
    wait_settled(frame)
    host = frame.locator(OVERLAY)
    assert host.get_attribute("data-adapter") == "zendesk"
    assert host.get_attribute("data-editor-kind") == "ckeditor5"
    open_panel(frame)

    # The latest end-user message of THIS ticket (not the background tab's), without the quoted history.
    shown = customer_shown(frame)
    assert shown["source"] == "adapter"
    assert shown["name"] == "Maria Jensen"
    assert shown["message"].startswith("Hej igen\n\nJeg er virkelig træt af det her. Min pakke er stadig ikke kommet")
    assert "Peter" not in shown["message"] and "3-5 hverdage" not in shown["message"]

    # The name suggestion: the same finding the server gives for this reply with Maria's message.
    draft = model_text(page)
    expected = klarsvar_server.check(draft, language="auto", channel="email", grammar=False, rewrite=True,
                                     customer={"message": shown["message"], "name": "Maria Jensen"})
    use_name = next(f for f in expected["findings"] if f["rule"].endswith("use_name"))
    assert use_name["category"] == "personal_touch"
    item = frame.locator(f"{OVERLAY} [data-finding-id='{use_name['id']}']")
    assert item.get_attribute("data-category") == "personal_touch"
    assert item.locator("[data-action='apply']").inner_text() == "Hej Maria"
    time.sleep(1.1)  # keep typing and the apply in separate undo steps
    item.locator("[data-action='apply']").click()
    wait_last_apply(frame, "applied")
    assert model_text(page).startswith("Hej Maria\n")

    # The rewrite acknowledges in the customer's own words, possessive-mirrored ("Min pakke" → "din pakke").
    wait_settled(frame)
    insert_rewrite(frame)
    rewritten = model_text(page)
    assert "Jeg kan godt forstå, at" in rewritten
    assert "din pakke" in rewritten.lower()
    assert "Maria" in rewritten and "eskaleret" not in rewritten
    assert page.page_errors == []
