"""The screenshots in docs/screenshots/, taken from the real extension on a real check (real browser, server).

At the store size (1280×800), in Danish and English, light and dark: the card at the word, the panel, the
rewrite's diff, and the toolbar popup. Every run takes them and checks what they show; they are written to
docs/screenshots/ when missing or when KLARSVAR_UPDATE_SCREENSHOTS=1, so an ordinary run does not rewrite
tracked images.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.e2e.support import EDITORS, OVERLAY, ROOT, chromium_with_extension, open_editor, open_panel, wait_settled

pytestmark = pytest.mark.e2e
SCREENSHOTS = ROOT / "docs" / "screenshots"
STORE_SIZE = {"width": 1280, "height": 800}
CKEDITOR = next(e for e in EDITORS if e.name == "ckeditor5")

DRAFTS = {
    "da": ("Hej Maria\n"
           "Vi har eskaleret din sag til 2nd level, og vi vender tilbage hurtigst muligt, når vi har modtaget "
           "svar fra vores leverandør, som har ansvaret for den videre behandling af reklamationen.\n"
           "Vi beklager ulejligheden.\n"
           "Med venlig hilsen\nJonas"),
    "en": ("Hi Maria\n"
           "Your ticket has been escalated to 2nd line support and we will revert back to you asap once the "
           "vendor has provided an update.\n"
           "Sorry for the inconvenience.\n"
           "Best regards\nJonas"),
}
REWRITE_LABEL = {"da": "Indsæt omskrivning", "en": "Insert rewrite"}


def save(target_page, name: str, tmp_path: Path, **options) -> bytes:
    """Take a screenshot; publish it to docs/screenshots/ when missing or when asked to update."""
    shot = tmp_path / name
    target_page.screenshot(path=str(shot), **options)
    data = shot.read_bytes()
    assert len(data) > 8_000, name  # a real rendering, not a blank page
    target = SCREENSHOTS / name
    if not target.exists() or os.environ.get("KLARSVAR_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, target)
    return data


def type_lines(page, text: str) -> None:
    """Type `text` line by line (Enter between lines), as an agent would."""
    for i, line in enumerate(text.split("\n")):
        if i:
            page.keyboard.press("Enter")
        page.keyboard.type(line)


def card_background(frame) -> str:
    """The card's computed background colour (what dark mode changes)."""
    return frame.evaluate("() => getComputedStyle(document.querySelector('klarsvar-overlay').shadowRoot"
                          ".querySelector('[data-card]')).backgroundColor")


def shoot_set(context, page, pages_url: str, extension_id: str, tab_id: int, lang: str, tmp_path: Path) -> None:
    """Card, panel, rewrite diff and popup, each in light and dark, for one UI language."""
    page.set_viewport_size(STORE_SIZE)
    page.emulate_media(color_scheme="light")
    frame = open_editor(page, pages_url, CKEDITOR)
    frame.click(CKEDITOR.selector)
    type_lines(page, DRAFTS[lang])
    wait_settled(frame)
    assert frame.locator(OVERLAY).get_attribute("data-language") == lang

    # The card at the word: click the first underline of internal language (or any).
    internal = frame.locator(f"{OVERLAY} li[data-category='internal_language']")
    mark_id = internal.first.get_attribute("data-finding-id") if internal.count() else None
    mark = frame.locator(f"{OVERLAY} [data-mark-id='{mark_id}']" if mark_id else f"{OVERLAY} [data-mark-id]").first
    mark.click()
    frame.locator(f"{OVERLAY} [data-card][data-finding-id]").wait_for(state="visible", timeout=3000)
    shots = {}
    backgrounds = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        backgrounds[scheme] = card_background(frame)
        shots[scheme] = save(page, f"card-{lang}-{scheme}.png", tmp_path)
    assert backgrounds["light"] != backgrounds["dark"], backgrounds
    assert shots["light"] != shots["dark"]
    page.keyboard.press("Escape")
    frame.locator(f"{OVERLAY} [data-card]").wait_for(state="hidden", timeout=3000)

    open_panel(frame)
    assert frame.locator(f"{OVERLAY} li[data-finding-id]").count() >= 2
    assert frame.locator(f"{OVERLAY} [data-action='insert-rewrite']").inner_text() == REWRITE_LABEL[lang]
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        save(page, f"panel-{lang}-{scheme}.png", tmp_path)

    frame.locator(f"{OVERLAY} [data-action='insert-rewrite']").click()
    frame.wait_for_selector(f"{OVERLAY} [data-part='rewrite-diff']", timeout=3000)
    frame.locator(f"{OVERLAY} [data-part='rewrite-diff']").scroll_into_view_if_needed()
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        save(page, f"rewrite-{lang}-{scheme}.png", tmp_path)
    frame.locator(f"{OVERLAY} [data-action='cancel-rewrite']").click()

    popup = context.new_page()
    try:
        for scheme in ("light", "dark"):
            popup.emulate_media(color_scheme=scheme)
            popup.goto(f"chrome-extension://{extension_id}/popup/popup.html?tab={tab_id}")
            popup.wait_for_selector("body[data-ready]", timeout=5000)
            assert popup.locator("[data-part='server-status']").get_attribute("data-state") == "ready"
            popup.locator("#diagnose").click()
            popup.wait_for_selector("[data-part='diagnosis']:not([hidden])", timeout=5000)
            save(popup, f"popup-{lang}-{scheme}.png", tmp_path, clip=popup.locator("main").bounding_box())
    finally:
        popup.close()
    page.emulate_media(color_scheme="light")


def test_danish_screenshots(page, pages_url, browser_context, extension, tmp_path):
    """Danish UI: the shared Danish browser, at the store size for the duration of the test."""
    page.bring_to_front()
    tab = extension.active_tab_id()
    try:
        shoot_set(browser_context, page, pages_url, extension.id, tab, "da", tmp_path)
    finally:
        page.set_viewport_size({"width": 1100, "height": 800})
        page.emulate_media(color_scheme="light")


def test_english_screenshots(playwright_driver, pages_url, klarsvar_server, tmp_path):
    """English UI: a browser of its own (the UI language is fixed at launch), paired with the same server."""
    with chromium_with_extension(playwright_driver, "en", viewport=(STORE_SIZE["width"], STORE_SIZE["height"])) as ctx:
        sw = ctx.service_workers[0] if ctx.service_workers else ctx.wait_for_event("serviceworker", timeout=10000)
        sw.evaluate("(s) => chrome.storage.local.set(s)", {"serverUrl": klarsvar_server.url, "token": klarsvar_server.token})
        page = ctx.new_page()
        for other in ctx.pages:
            if other is not page and other.url.startswith("chrome-extension://"):
                other.close()
        page.goto(f"{pages_url}/{CKEDITOR.path}")
        tab = sw.evaluate("async () => (await chrome.tabs.query({active: true, lastFocusedWindow: true}))[0].id")
        shoot_set(ctx, page, pages_url, sw.url.split("/")[2], tab, "en", tmp_path)
