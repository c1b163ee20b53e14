"""End-to-end: TinyMCE 7 (classic mode, the editable body in an iframe) — apply and insert-rewrite, then Ctrl+Z.

TinyMCE keeps its own undo stack and takes Ctrl+Z itself: a change must be recorded there as an undo
level, or Ctrl+Z skips it. The test reads TinyMCE's own model (`editor.getContent({format: 'text'})`).
"""

from __future__ import annotations

import time

import pytest

from tests.e2e.support import DRAFT, OVERLAY, SETTLED, normalize, wait_last_apply

pytestmark = pytest.mark.e2e


def open_tinymce(page, pages_url):
    """Load the TinyMCE page and return the frame holding its editable body."""
    page.goto(f"{pages_url}/tinymce.html")
    page.wait_for_function("window.editorReady === true", timeout=10000)
    return page.wait_for_selector("iframe.tox-edit-area__iframe, iframe#editor_ifr", timeout=10000).content_frame()


def tinymce_text(page) -> str:
    """TinyMCE's own model text."""
    return normalize(page.evaluate("window.getEditorText()"))


def type_draft(page, frame, text=DRAFT):
    """Click into the editable body, type the draft, wait for the complete check."""
    frame.click("body#tinymce")
    page.keyboard.type(text)
    frame.wait_for_selector(SETTLED, state="attached", timeout=15000)


def test_tinymce_apply_then_undo_restores(page, pages_url):
    """A suggestion applied from the panel is one TinyMCE undo level: Ctrl+Z restores the draft."""
    frame = open_tinymce(page, pages_url)
    type_draft(page, frame)
    assert tinymce_text(page) == DRAFT
    host = frame.locator(OVERLAY)
    assert host.get_attribute("data-editor-kind") == "tinymce"
    frame.locator(f"{OVERLAY} [data-action='toggle-panel']").click()
    item = frame.locator(f"{OVERLAY} li[data-finding-id][data-category='internal_language']:has([data-action='apply'])").first
    start, end = int(item.get_attribute("data-start")), int(item.get_attribute("data-end"))
    replacement = item.locator("[data-action='apply']").inner_text()
    time.sleep(1.1)
    item.locator("[data-action='apply']").click()
    wait_last_apply(frame, "applied")
    assert tinymce_text(page) == DRAFT[:start] + replacement + DRAFT[end:]
    # The overlay lives outside the editable body: TinyMCE never saves it or records it in undo levels.
    assert "klarsvar" not in page.evaluate("tinymceEditor.getContent() + tinymceEditor.undoManager.data.map((l) => l.content).join('')")
    time.sleep(0.3)
    page.keyboard.press("Control+z")
    page.wait_for_function("(want) => window.getEditorText().replace(/\\u00a0/g, ' ').replace(/\\n\\n/g, '\\n') === want",
                           arg=DRAFT, timeout=3000)
    assert page.page_errors == []


def test_tinymce_rewrite_then_undo_restores(page, pages_url, klarsvar_server):
    """The rewrite inserted after the confirm step is one TinyMCE undo level: Ctrl+Z restores the draft."""
    frame = open_tinymce(page, pages_url)
    type_draft(page, frame)
    rewrite = klarsvar_server.check(DRAFT, language="auto", channel="email", grammar=True, rewrite=True)["rewrite"]
    frame.locator(f"{OVERLAY} [data-action='toggle-panel']").click()
    time.sleep(1.1)
    frame.locator(f"{OVERLAY} [data-action='insert-rewrite']").click()
    frame.locator(f"{OVERLAY} [data-action='confirm-rewrite']").click()
    wait_last_apply(frame, "rewrite")
    assert tinymce_text(page) == normalize(rewrite["text"])
    time.sleep(0.3)
    page.keyboard.press("Control+z")
    page.wait_for_function("(want) => window.getEditorText().replace(/\\u00a0/g, ' ') === want", arg=DRAFT, timeout=3000)
    assert page.page_errors == []
