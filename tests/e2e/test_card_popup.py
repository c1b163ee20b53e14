"""End-to-end (issue 16): the card at the word, keyboard commands, rule controls and the toolbar popup.

Real Chromium with the unpacked extension, the real server, real editors. The card contract kept for
outside tests: each underline is `[data-mark-id]` in the overlay's shadow root; activating it opens
`[data-card][data-finding-id]` with `data-action="apply"`, `"ignore"`, `"disable-rule"`.
"""

from __future__ import annotations

import time

import pytest

from tests.e2e.support import (DRAFT, EDITORS, OVERLAY, model_text, open_editor, open_panel, team_server_without_a_rule,
                               wait_last_apply, wait_settled)

pytestmark = pytest.mark.e2e
TEXTAREA = EDITORS[0]
CONTENTEDITABLE = EDITORS[1]
CARD = f"{OVERLAY} [data-card][data-finding-id]"


def type_draft(page, pages_url, editor, text=DRAFT):
    """Open the editor page, type `text`, wait for the complete check; returns the editor's frame."""
    frame = open_editor(page, pages_url, editor)
    frame.click(editor.selector)
    page.keyboard.type(text)
    wait_settled(frame)
    return frame


def internal_mark(frame):
    """The underline of an internal-language finding with a replacement (the seeded team term guarantees one)."""
    item = frame.locator(f"{OVERLAY} li[data-finding-id][data-category='internal_language']:has([data-action='apply'])").first
    finding_id = item.get_attribute("data-finding-id")
    return finding_id, frame.locator(f"{OVERLAY} [data-mark-id='{finding_id}']").first


@pytest.mark.parametrize("editor", [TEXTAREA, CONTENTEDITABLE], ids=["textarea", "contenteditable"])
def test_card_opens_on_click_at_the_word_and_applies_with_undo(page, pages_url, editor):
    """Click the underline: the card opens next to the words; its apply lands in the model; Ctrl+Z restores."""
    frame = type_draft(page, pages_url, editor)
    finding_id, mark = internal_mark(frame)
    assert mark.get_attribute("role") == "button"
    time.sleep(1.1)  # keep typing and the apply in separate undo steps
    mark.click()
    card = frame.locator(CARD)
    card.wait_for(state="visible", timeout=3000)
    assert card.get_attribute("data-finding-id") == finding_id
    for action in ("apply", "ignore", "ignore-here", "disable-rule", "why"):
        assert card.locator(f"[data-action='{action}']").count() >= 1, action
    # The card sits at the words: its top edge is near the underline, not at the panel.
    assert abs(card.bounding_box()["y"] - (mark.bounding_box()["y"] + mark.bounding_box()["height"])) < 40
    # Mark and panel entry are highlighted together.
    assert "active" in mark.get_attribute("class")
    open_panel(frame)
    assert "active" in frame.locator(f"{OVERLAY} li[data-finding-id='{finding_id}']").get_attribute("class")
    card.locator("[data-action='apply']").click()
    wait_last_apply(frame, "applied")
    assert model_text(page) != DRAFT
    assert frame.locator(CARD).count() == 0
    frame.click(editor.selector)
    page.keyboard.press("Control+z")
    page.wait_for_function("(want) => window.getEditorText().replace(/\\u00a0/g, ' ') === want", arg=DRAFT, timeout=3000)
    assert page.page_errors == []


def test_card_opens_on_a_click_into_the_words_and_the_caret_lands_there(page, pages_url):
    """Clicking the words themselves (not the underline strip) opens the card and still places the caret."""
    frame = type_draft(page, pages_url, CONTENTEDITABLE)
    finding_id, mark = internal_mark(frame)
    box = mark.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] - 6)  # on the letters, above the strip
    frame.locator(CARD).wait_for(state="visible", timeout=3000)
    assert frame.locator(CARD).get_attribute("data-finding-id") == finding_id
    assert page.evaluate("document.activeElement.id") == "editor"  # the editor kept focus and caret


def test_hover_opens_the_card_and_a_panel_entry_highlights_its_words(page, pages_url):
    """Resting the pointer on underlined words opens their card; hovering a panel entry highlights its marks."""
    frame = type_draft(page, pages_url, TEXTAREA)
    finding_id, mark = internal_mark(frame)
    box = mark.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] - 6)
    frame.locator(CARD).wait_for(state="visible", timeout=3000)
    assert frame.locator(CARD).get_attribute("data-finding-id") == finding_id
    page.mouse.move(5, 790)  # away from words and card: the hover card closes
    frame.locator(f"{OVERLAY} [data-card]").wait_for(state="hidden", timeout=3000)
    open_panel(frame)
    frame.locator(f"{OVERLAY} li[data-finding-id='{finding_id}'] .message").hover()
    page.wait_for_function("(id) => document.querySelector('klarsvar-overlay').shadowRoot"
                           ".querySelector(`[data-mark-id='${id}']`).classList.contains('active')", arg=finding_id, timeout=3000)


def test_keyboard_commands_move_between_findings_and_apply(page, pages_url, extension):
    """next-finding opens a card with focus on its first button; previous goes back; apply-first applies."""
    frame = type_draft(page, pages_url, CONTENTEDITABLE)
    page.bring_to_front()
    tab = extension.active_tab_id()
    marked = frame.locator(f"{OVERLAY} [data-mark-id]").evaluate_all(
        "(marks) => [...new Set(marks.map((m) => m.getAttribute('data-mark-id')))]")
    assert len(marked) >= 2, marked
    assert extension.run_command("next-finding", tab)["handled"] is True
    card = frame.locator(CARD)
    card.wait_for(state="visible", timeout=3000)
    first = card.get_attribute("data-finding-id")
    focused = page.evaluate("document.activeElement.shadowRoot.activeElement.getAttribute('data-action')")
    assert focused in ("apply", "ignore-here"), focused
    extension.run_command("next-finding", tab)
    page.wait_for_function("(id) => document.querySelector('klarsvar-overlay').shadowRoot"
                           ".querySelector('[data-card]').getAttribute('data-finding-id') !== id", arg=first, timeout=3000)
    extension.run_command("previous-finding", tab)
    page.wait_for_function("(id) => document.querySelector('klarsvar-overlay').shadowRoot"
                           ".querySelector('[data-card]').getAttribute('data-finding-id') === id", arg=first, timeout=3000)
    before = model_text(page)
    # Move to a finding with a replacement, then apply it by command.
    for _ in range(len(marked)):
        if card.locator("[data-action='apply']").count():
            break
        extension.run_command("next-finding", tab)
        time.sleep(0.2)
    assert extension.run_command("apply-first", tab)["handled"] is True
    wait_last_apply(frame, "applied")
    assert model_text(page) != before
    # Escape from the card goes back to the editor.
    wait_settled(frame)
    extension.run_command("next-finding", tab)
    card.wait_for(state="visible", timeout=3000)
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "editor"
    # insert-rewrite shows the rewrite's diff with its confirm button focused; nothing changes before Enter.
    assert extension.run_command("insert-rewrite", tab)["handled"] is True
    frame.wait_for_selector(f"{OVERLAY} [data-part='rewrite-diff']", timeout=3000)
    assert page.evaluate("document.activeElement.shadowRoot.activeElement.getAttribute('data-action')") == "confirm-rewrite"
    before_rewrite = model_text(page)
    time.sleep(0.3)
    assert model_text(page) == before_rewrite
    page.keyboard.press("Enter")
    wait_last_apply(frame, "rewrite")
    assert model_text(page) != before_rewrite


def test_a_rule_turned_off_in_the_card_disappears_everywhere_and_comes_back(page, pages_url, browser_context, extension):
    """Turn off a rule from its card: its findings leave panel and marks, also on another page; on again in the options."""
    frame = type_draft(page, pages_url, TEXTAREA)
    finding_id, mark = internal_mark(frame)
    mark.click()
    frame.locator(CARD).wait_for(state="visible", timeout=3000)
    rule = frame.locator(f"{CARD} [data-action='disable-rule']").get_attribute("data-rule")
    frame.locator(f"{CARD} [data-action='disable-rule']").click()
    assert frame.locator(f"{OVERLAY} [data-finding-id='{finding_id}'], {OVERLAY} [data-mark-id='{finding_id}']").count() == 0
    stored = extension.worker.evaluate("async () => (await chrome.storage.local.get('disabledRules')).disabledRules")
    assert stored == [rule]

    # Another editor page: the rule's finding is not shown there either.
    frame = type_draft(page, pages_url, CONTENTEDITABLE)
    assert frame.locator(f"{OVERLAY} [data-finding-id='{finding_id}']").count() == 0

    # Turn it on again in the options page: the finding comes back without typing.
    options = browser_context.new_page()
    try:
        options.goto(f"chrome-extension://{extension.id}/options/options.html")
        options.locator(f"[data-rule='{rule}'] [data-action='enable-rule']").click(timeout=5000)
        options.wait_for_selector("[data-part='disabled-rules'] [data-rule]", state="detached", timeout=5000)
    finally:
        options.close()
    page.bring_to_front()
    frame.wait_for_selector(f"{OVERLAY} li[data-finding-id='{finding_id}']", state="attached", timeout=5000)


def open_popup(browser_context, extension, page):
    """The popup page for `page`'s tab, opened in a tab of its own (a browser's toolbar cannot be clicked headless)."""
    page.bring_to_front()
    tab = extension.active_tab_id()
    popup = browser_context.new_page()
    popup.goto(f"chrome-extension://{extension.id}/popup/popup.html?tab={tab}")
    popup.wait_for_selector("body[data-ready]", timeout=20000)  # a server round trip through the worker
    return popup


def test_popup_switches_the_site_off_and_on_shows_server_counts_and_diagnosis(page, pages_url, browser_context, extension):
    """Popup: server reachable with version, the tab's counts, the site switch (no findings while off), diagnosis."""
    frame = type_draft(page, pages_url, TEXTAREA)
    count = frame.locator(f"{OVERLAY} li[data-finding-id]").count()
    popup = open_popup(browser_context, extension, page)
    try:
        assert popup.locator("[data-part='server-status']").get_attribute("data-state") == "ready"
        assert popup.locator("[data-part='counts']").get_attribute("data-count") == str(count)
        assert popup.locator("#counts [data-category='internal_language']").count() == 1
        toggle = popup.locator("[data-part='site-toggle']")
        assert toggle.is_checked()
        popup.locator("#diagnose").click()
        popup.wait_for_selector("[data-part='diagnosis']:not([hidden])", timeout=5000)
        assert "generic" in popup.locator("[data-part='diagnosis']").inner_text()
        toggle.uncheck()
        popup.wait_for_function("() => !document.querySelector('[data-part=\"site-toggle\"]').checked", timeout=3000)
    finally:
        popup.close()
    page.bring_to_front()
    # Off: the overlay lets go of the editor, and typing more starts no check.
    frame.wait_for_selector(f"{OVERLAY}:not([data-editor-kind])", state="attached", timeout=5000)
    frame.click(TEXTAREA.selector)
    page.keyboard.type(" Vi har eskaleret den.")
    time.sleep(1.0)
    assert frame.locator(f"{OVERLAY}[data-editor-kind]").count() == 0
    assert frame.locator(f"{OVERLAY} [data-mark-id]").count() == 0

    popup = open_popup(browser_context, extension, page)
    try:
        popup.locator("[data-part='site-toggle']").check()
    finally:
        popup.close()
    page.bring_to_front()
    frame.click(TEXTAREA.selector)
    page.keyboard.type(" Tak.")
    wait_settled(frame)
    assert frame.locator(f"{OVERLAY} li[data-finding-id]").count() >= 1


def test_popup_pause_and_resume(page, pages_url, browser_context, extension):
    """Pause stops checking everywhere; Resume brings it back."""
    frame = type_draft(page, pages_url, TEXTAREA)
    popup = open_popup(browser_context, extension, page)
    try:
        popup.locator("[data-part='pause']").click()
        popup.wait_for_selector("body[data-paused]", timeout=3000)
    finally:
        popup.close()
    page.bring_to_front()
    frame.wait_for_selector(f"{OVERLAY}:not([data-editor-kind])", state="attached", timeout=5000)
    popup = open_popup(browser_context, extension, page)
    try:
        popup.locator("[data-part='resume']").click()
        popup.wait_for_selector("body:not([data-paused])", timeout=3000)
    finally:
        popup.close()
    page.bring_to_front()
    frame.click(TEXTAREA.selector)
    page.keyboard.type(" Tak.")
    wait_settled(frame)


def test_rewrite_view_lists_what_still_needs_the_agent(page, pages_url, klarsvar_server):
    """The rewrite's `remaining` findings are shown as "N ting skal du selv se på" with their reasons."""
    # Passive voice and a negative phrasing without a safe replacement: the rewrite leaves both to the agent.
    text = "Din sag er blevet behandlet af vores afdeling. Det er ikke muligt at refundere beløbet."
    frame = type_draft(page, pages_url, TEXTAREA, text)
    remaining = klarsvar_server.check(text, language="auto", channel="email", grammar=True, rewrite=True)["rewrite"]["remaining"]
    assert remaining, "the server's rewrite now fixes everything in this draft: pick a draft it leaves something in"
    open_panel(frame)
    box = frame.locator(f"{OVERLAY} [data-part='rewrite-remaining']")
    assert box.get_attribute("data-count") == str(len(remaining))
    assert f"{len(remaining)} ting skal du selv se på" in box.inner_text()
    assert box.locator("li").count() == len(remaining)
    assert "ingen sikker erstatning" in box.inner_text()  # the server's reason, in the agent's language


def test_popup_says_what_fixes_a_wrong_token(page, pages_url, browser_context, extension):
    """A server that refuses the token: the popup shows "token not accepted" and the command that fixes it."""
    open_editor(page, pages_url, TEXTAREA)
    extension.configure(token="wrong-token-" + "0" * 32)
    popup = open_popup(browser_context, extension, page)
    try:
        popup.wait_for_selector("[data-part='server-status'][data-state='unauthorized']", timeout=5000)
        assert "klarsvar token" in popup.locator("#server-fix").inner_text(), popup.evaluate(
            "[chrome.i18n.getMessage('state_unauthorized_hint'), document.body.innerText]")
    finally:
        popup.close()


def test_options_minimum_severity_and_allow_list_reach_the_page(page, pages_url, browser_context, extension):
    """Options: "errors only" and a category switched off filter the open reply at once; allow-list mode switches unlisted sites off."""
    frame = type_draft(page, pages_url, TEXTAREA)
    severities = set(frame.locator(f"{OVERLAY} li[data-finding-id]").evaluate_all(
        "(items) => items.map((i) => i.getAttribute('data-severity'))"))
    assert severities - {"error"}, severities  # the draft has warnings or suggestions to hide
    assert frame.locator(f"{OVERLAY} li[data-category='internal_language']").count() >= 1  # and internal language
    options = browser_context.new_page()
    try:
        options.goto(f"chrome-extension://{extension.id}/options/options.html")
        options.select_option("#min-severity", "error")
        page.bring_to_front()
        page.wait_for_function("() => [...document.querySelector('klarsvar-overlay').shadowRoot"
                               ".querySelectorAll('li[data-finding-id]')].every((i) => i.dataset.severity === 'error')",
                               timeout=5000)
        options.bring_to_front()
        options.select_option("#min-severity", "suggestion")
        frame.wait_for_selector(f"{OVERLAY} li[data-category='internal_language']", state="attached", timeout=5000)
        # A whole category off: its findings leave the open reply.
        options.uncheck("#categories input[data-category='internal_language']")
        page.bring_to_front()
        frame.wait_for_selector(f"{OVERLAY} li[data-category='internal_language']", state="detached", timeout=5000)
        options.bring_to_front()
        options.check("#allow-list")
        page.bring_to_front()
        frame.wait_for_selector(f"{OVERLAY}:not([data-editor-kind])", state="attached", timeout=5000)
    finally:
        options.close()
    stored = extension.worker.evaluate("async () => chrome.storage.local.get(['minSeverity', 'allowList', 'disabledCategories'])")
    assert stored == {"minSeverity": "suggestion", "allowList": True, "disabledCategories": ["internal_language"]}


def test_ignore_always_can_be_undone_at_once(page, pages_url):
    """"Ignore always" from the card; the panel's Undo brings the finding back (and the site forgets it)."""
    frame = type_draft(page, pages_url, TEXTAREA)
    finding_id, mark = internal_mark(frame)
    mark.click()
    frame.locator(f"{CARD} [data-action='ignore']").click()
    assert frame.locator(f"{OVERLAY} li[data-finding-id='{finding_id}']").count() == 0
    open_panel(frame)
    frame.locator(f"{OVERLAY} .status [data-action='undo-ignore']").click()
    frame.wait_for_selector(f"{OVERLAY} li[data-finding-id='{finding_id}']", state="attached", timeout=5000)


def test_keyboard_focus_on_a_mark_opens_its_card_and_enter_applies(page, pages_url):
    """Focus on an underline opens its card (announced by its label); Enter moves into it; Enter applies."""
    frame = type_draft(page, pages_url, CONTENTEDITABLE)
    finding_id, mark = internal_mark(frame)
    assert mark.get_attribute("aria-label").split(": ", 1)[0] == "Advarsel"  # severity in words, then the message
    time.sleep(1.1)
    mark.focus()
    card = frame.locator(CARD)
    card.wait_for(state="visible", timeout=3000)
    assert card.get_attribute("role") == "dialog" and card.get_attribute("aria-label") == mark.get_attribute("aria-label")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.shadowRoot.activeElement.getAttribute('data-action')") == "apply"
    page.keyboard.press("Enter")
    wait_last_apply(frame, "applied")
    assert model_text(page) != DRAFT


def test_severity_by_shape_and_forced_colours(page, pages_url):
    """Underlines differ by shape per severity; under forced colours they take the system's text colour."""
    frame = type_draft(page, pages_url, TEXTAREA)
    styles = frame.locator(f"{OVERLAY} [data-mark-id]").evaluate_all(
        "(marks) => marks.map((m) => [m.dataset.severity, getComputedStyle(m).borderBottomStyle])")
    shapes = {"error": "solid", "warning": "dashed", "suggestion": "dotted"}
    assert styles and all(shape == shapes[severity] for severity, shape in styles), styles
    try:
        page.emulate_media(forced_colors="active")
        colours = frame.locator(f"{OVERLAY} [data-mark-id]").evaluate_all(
            "(marks) => { const probe = document.createElement('span'); probe.style.color = 'CanvasText';"
            " document.body.append(probe); const text = getComputedStyle(probe).color; probe.remove();"
            " return marks.map((m) => getComputedStyle(m).borderBottomColor === text); }")
        assert colours and all(colours), colours
    finally:
        page.emulate_media(forced_colors="none")


def test_a_team_disabled_rule_never_reaches_the_agent(page, pages_url, extension, klarsvar_server, tmp_path):
    """A rule the team switched off on its server (KLARSVAR_DISABLED_RULES) is not in the API's answer nor in the panel."""
    team, rule = team_server_without_a_rule(klarsvar_server, tmp_path)
    try:
        assert rule not in {f["rule"] for f in team.check(DRAFT, language="auto", channel="email", grammar=True, rewrite=True)["findings"]}
        extension.configure(serverUrl=team.url)
        frame = type_draft(page, pages_url, TEXTAREA)
        shown = frame.locator(f"{OVERLAY} li[data-finding-id] [data-action='disable-rule']").evaluate_all(
            "(buttons) => buttons.map((b) => b.getAttribute('data-rule'))")
        assert shown, "the team server reported nothing at all"
        assert rule not in shown, shown
    finally:
        team.stop()
