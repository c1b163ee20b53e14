"""Screenshots of the panel on a real check of a Danish draft (real browser, real server).

They are written to docs/screenshots/ when missing or when KLARSVAR_UPDATE_SCREENSHOTS=1, so an
ordinary test run does not rewrite tracked images; every run still takes them and checks the panel.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from tests.e2e.support import EDITORS, OVERLAY, ROOT, open_editor, open_panel, wait_settled

pytestmark = pytest.mark.e2e
SCREENSHOTS = ROOT / "docs" / "screenshots"

DANISH_DRAFT = (
    "Hej Maria\n"
    "Vi har eskaleret din sag til 2nd level, og vi vender tilbage hurtigst muligt, når vi har modtaget "
    "svar fra vores leverandør, som har ansvaret for den videre behandling af reklamationen.\n"
    "Vi beklager ulejligheden.\n"
    "Med venlig hilsen\nJonas"
)


def save(page, name: str, tmp_path: Path, **options) -> Path:
    """Take a screenshot; publish it to docs/screenshots/ when missing or when asked to update."""
    shot = tmp_path / name
    page.screenshot(path=str(shot), **options)
    assert shot.stat().st_size > 10_000  # a real rendering, not a blank page
    target = SCREENSHOTS / name
    if not target.exists() or os.environ.get("KLARSVAR_UPDATE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, target)
    return shot


def test_panel_screenshots_on_a_danish_draft(page, pages_url, tmp_path):
    """The panel with findings, badges and marks, and the rewrite's diff, on CKEditor 5."""
    editor = next(e for e in EDITORS if e.name == "ckeditor5")
    frame = open_editor(page, pages_url, editor)
    frame.click(editor.selector)
    for i, line in enumerate(DANISH_DRAFT.split("\n")):
        if i:
            page.keyboard.press("Enter")
        page.keyboard.type(line)
    wait_settled(frame)
    open_panel(frame)
    host = frame.locator(OVERLAY)
    assert host.get_attribute("data-language") == "da"
    assert frame.locator(f"{OVERLAY} [data-finding-id]").count() >= 2
    assert frame.locator(f"{OVERLAY} [data-action='insert-rewrite']").inner_text() == "Indsæt omskrivning"
    time.sleep(0.2)  # let the marks settle after the panel opened
    save(page, "panel-da-ckeditor.png", tmp_path, full_page=True)

    frame.locator(f"{OVERLAY} [data-action='insert-rewrite']").click()
    frame.wait_for_selector(f"{OVERLAY} [data-part='rewrite-diff']")
    frame.locator(f"{OVERLAY} [data-part='rewrite-diff']").scroll_into_view_if_needed()
    save(page, "rewrite-diff-da.png", tmp_path, full_page=True)
    frame.locator(f"{OVERLAY} [data-action='cancel-rewrite']").click()
