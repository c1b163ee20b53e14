"""End-to-end: the real extension in headless Chromium, the real server, real editors from npm.

For every editor page: type a Danish draft → findings appear → apply one → the editor's own model
holds the new text → Ctrl+Z restores it → change the words under a finding → that stale suggestion is
not applied → insert the rewrite → the model holds it.
"""

from __future__ import annotations

import time

import pytest

from tests.e2e.support import (DRAFT, EDITORS, OVERLAY, applicable_finding, model_text, normalize, open_editor,
                               open_panel, wait_last_apply, wait_settled)

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("editor", EDITORS, ids=[e.name for e in EDITORS])
def test_check_apply_undo_stale_rewrite(page, pages_url, klarsvar_server, editor):
    """The whole agent flow in one editor, asserting on the editor's own model at each step."""
    frame = open_editor(page, pages_url, editor)
    frame.click(editor.selector)
    page.keyboard.type(DRAFT)
    wait_settled(frame)
    assert model_text(page) == DRAFT
    host = frame.locator(OVERLAY)
    assert host.get_attribute("data-editor-kind") == editor.kind
    assert host.get_attribute("data-adapter") == "generic"
    open_panel(frame)

    # Apply one suggestion; the editor's model must hold it.
    finding = applicable_finding(frame)
    assert DRAFT[finding["start"]:finding["end"]], finding
    expected = DRAFT[:finding["start"]] + finding["replacement"] + DRAFT[finding["end"]:]
    time.sleep(1.1)  # editors group edits within ~1 s into one undo step; keep typing and apply apart
    finding["locator"].locator("[data-action='apply']").click()
    wait_last_apply(frame, "applied")
    assert model_text(page) == expected
    assert frame.locator(f"{OVERLAY} [data-finding-id='{finding['id']}']").count() == 0

    # Ctrl+Z restores the agent's words (the change went through the editor's undo stack).
    time.sleep(0.3)
    page.keyboard.press("Control+z")
    page.wait_for_function("(want) => window.getEditorText().replace(/\\u00a0/g, ' ') === want", arg=DRAFT, timeout=3000)

    # Change the words under a fresh finding, then apply it at once: it is stale and must not apply.
    wait_settled(frame)
    open_panel(frame)
    finding = applicable_finding(frame)
    page.keyboard.press("Control+Home")
    for _ in range(finding["start"] + 1):
        page.keyboard.press("ArrowRight")
    page.keyboard.type("x")
    edited = DRAFT[:finding["start"] + 1] + "x" + DRAFT[finding["start"] + 1:]
    finding["locator"].locator("[data-action='apply']").click()
    wait_last_apply(frame, "stale")
    assert model_text(page) == edited
    assert finding["replacement"] not in model_text(page) or finding["replacement"] in edited

    # Insert the rewrite: the model holds exactly the server's rewrite of the current text.
    wait_settled(frame)
    current = model_text(page)
    rewrite = klarsvar_server.check(current, language="auto", channel="email", grammar=True, rewrite=True)["rewrite"]
    assert rewrite and rewrite["text"] != current
    open_panel(frame)
    frame.locator(f"{OVERLAY} [data-action='insert-rewrite']").click()
    assert frame.locator(f"{OVERLAY} [data-part='rewrite-diff'] ins").count() > 0
    frame.locator(f"{OVERLAY} [data-action='confirm-rewrite']").click()
    wait_last_apply(frame, "rewrite")
    assert model_text(page) == normalize(rewrite["text"])
    assert page.page_errors == []
