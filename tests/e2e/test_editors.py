"""End-to-end: the real extension in headless Chromium, the real server, real editors from npm.

For every editor page: type a Danish draft → findings appear → apply one → the editor's own model
holds the new text → Ctrl+Z restores it → change the words under a finding → that stale suggestion is
not applied → insert the rewrite → the model holds it.
"""

from __future__ import annotations

import time

import pytest

from tests.e2e.support import (DRAFT, EDITORS, OVERLAY, EditorPage, applicable_finding, model_text, normalize,
                               open_editor, open_panel, wait_last_apply, wait_settled)

pytestmark = pytest.mark.e2e

# Froala 5 from the npm package `froala-editor` (Freshdesk's reply editor; issue 21): every shared scenario
# runs against it too. The model is read from `editor.html.get()`, not the DOM.
FROALA = EditorPage("froala", "froala.html", ".fr-element", "froala")
ALL_EDITORS = [*EDITORS, FROALA]


def assert_marks_over_editor(frame, editor):
    """Marks are drawn in the overlay (not the editor's DOM), inside the editor's box, one per span."""
    marks = frame.locator(f"{OVERLAY} .mark")
    assert marks.count() >= 1
    box = frame.locator(editor.selector).bounding_box()
    for i in range(marks.count()):
        mark = marks.nth(i).bounding_box()
        assert box["x"] - 2 <= mark["x"] and mark["x"] + mark["width"] <= box["x"] + box["width"] + 2, (mark, box)
        assert box["y"] - 2 <= mark["y"] and mark["y"] + mark["height"] <= box["y"] + box["height"] + 2, (mark, box)
    assert frame.locator(f"{editor.selector} klarsvar-overlay, {editor.selector} .mark").count() == 0


@pytest.mark.parametrize("editor", ALL_EDITORS, ids=[e.name for e in ALL_EDITORS])
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
    # A reply this short gets no readability score from the server (a number would mean little): no badge.
    readability = klarsvar_server.check(DRAFT, language="auto", channel="email", grammar=False)["readability"]
    badge = frame.locator(f"{OVERLAY} [data-part='readability']")
    if readability["lix"] is None:
        assert not badge.is_visible()
    else:
        assert f"LIX {round(readability['lix'])}" in badge.inner_text()
    assert frame.locator(f"{OVERLAY} [data-part='empathy']").is_visible()
    assert_marks_over_editor(frame, editor)

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


def test_keyboard_only(page, pages_url):
    """Alt+Shift+K moves focus into the panel; Tab reaches the buttons; Enter applies; Escape goes back."""
    editor = EDITORS[1]  # plain contenteditable
    frame = open_editor(page, pages_url, editor)
    frame.click(editor.selector)
    page.keyboard.type(DRAFT)
    wait_settled(frame)
    time.sleep(1.0)
    page.keyboard.press("Alt+Shift+K")
    focused = page.evaluate("document.activeElement.shadowRoot && document.activeElement.shadowRoot.activeElement"
                            " && document.activeElement.shadowRoot.activeElement.getAttribute('data-action')")
    assert focused in ("apply", "apply-alt", "ignore", "allow-term", "close-panel"), focused
    # Tab until an apply button has focus, then press Enter.
    for _ in range(12):
        if page.evaluate("document.activeElement.shadowRoot.activeElement.getAttribute('data-action')") == "apply":
            break
        page.keyboard.press("Tab")
    label = page.evaluate("document.activeElement.shadowRoot.activeElement.getAttribute('aria-label')")
    assert label and "“" in label  # an accessible label naming the words and the replacement
    page.keyboard.press("Enter")
    wait_last_apply(frame, "applied")
    assert model_text(page) != DRAFT
    frame.locator(f"{OVERLAY} [data-action='toggle-panel']").focus()
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "editor"  # back in the editor


MULTI = "Hej Maria\nVi har eskaleret din sag til 2nd level.\nVi beklager ulejligheden.\nMed venlig hilsen\nJonas"


@pytest.mark.parametrize("editor", ALL_EDITORS, ids=[e.name for e in ALL_EDITORS])
def test_rewrite_across_paragraphs(page, pages_url, klarsvar_server, editor):
    """A rewrite touching several lines (greeting, body, sign-off kept) lands in the model as one edit."""
    frame = open_editor(page, pages_url, editor)
    frame.click(editor.selector)
    for i, line in enumerate(MULTI.split("\n")):
        if i:
            page.keyboard.press("Enter")
        page.keyboard.type(line)
    wait_settled(frame)
    current = model_text(page)
    assert current == MULTI
    rewrite = klarsvar_server.check(current, language="auto", channel="email", grammar=True, rewrite=True)["rewrite"]
    assert "\n" in rewrite["text"]
    open_panel(frame)
    time.sleep(1.1)
    frame.locator(f"{OVERLAY} [data-action='insert-rewrite']").click()
    frame.locator(f"{OVERLAY} [data-action='confirm-rewrite']").click()
    wait_last_apply(frame, "rewrite")
    assert model_text(page) == normalize(rewrite["text"])
    time.sleep(0.3)
    page.keyboard.press("Control+z")
    page.wait_for_function("(want) => window.getEditorText().replace(/\\u00a0/g, ' ') === want", arg=MULTI, timeout=3000)


EMOJI_DRAFT = "Hej Åse 😀👍🏽 Vi har eskaleret din sag til 2nd level."


@pytest.mark.parametrize("editor", ALL_EDITORS, ids=[e.name for e in ALL_EDITORS])
def test_apply_after_emoji_uses_utf16_offsets(page, pages_url, editor):
    """Emoji (2 UTF-16 units, and a skin-tone pair) before the span: the right words are replaced."""
    frame = open_editor(page, pages_url, editor)
    frame.click(editor.selector)
    page.keyboard.type(EMOJI_DRAFT)
    wait_settled(frame)
    assert model_text(page) == EMOJI_DRAFT
    open_panel(frame)
    finding = applicable_finding(frame)
    assert finding["start"] > len("Hej Åse 😀👍🏽")  # code points < UTF-16 units here
    # Python indexes code points; the wire uses UTF-16 units: convert to compare.
    utf16 = EMOJI_DRAFT.encode("utf-16-le")
    words = utf16[finding["start"] * 2:finding["end"] * 2].decode("utf-16-le")
    expected = utf16[:finding["start"] * 2].decode("utf-16-le") + finding["replacement"] + utf16[finding["end"] * 2:].decode("utf-16-le")
    assert words in ("eskaleret", "eskaleret din sag", "2nd level"), words
    finding["locator"].locator("[data-action='apply']").click()
    wait_last_apply(frame, "applied")
    assert model_text(page) == expected
