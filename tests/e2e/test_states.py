"""End-to-end: server down, wrong token, fields never read, ignore, "never flag this word", options page."""

from __future__ import annotations

import json
import time

import pytest

from tests.e2e.support import (DRAFT, EDITORS, OVERLAY, SETTLED, free_port, http_json, model_text,
                               open_editor, open_panel)

pytestmark = pytest.mark.e2e
TEXTAREA = EDITORS[0]


def test_server_down_shows_offline_and_typing_is_unaffected(page, pages_url, extension):
    """Nothing listens on the configured port: the overlay says offline, every keystroke still lands."""
    extension.configure(serverUrl=f"http://127.0.0.1:{free_port()}")
    frame = open_editor(page, pages_url, TEXTAREA)
    frame.click(TEXTAREA.selector)
    page.keyboard.type(DRAFT)
    frame.wait_for_selector(f'{OVERLAY}[data-state="offline"]', state="attached", timeout=10000)
    page.keyboard.type(" Mvh Åse")
    assert model_text(page) == DRAFT + " Mvh Åse"
    open_panel(frame)
    status = frame.locator(f"{OVERLAY} .status").inner_text()
    assert "klarsvar serve" in status  # one sentence on how to fix it
    assert badge(extension, page) == ("off", "klarsvar serve")
    assert page.page_errors == []


def badge(extension, page) -> tuple[str, str]:
    """The toolbar badge text of the test tab and whether its tooltip names the fix (a word from it)."""
    # The test uses one tab; the extension has no "tabs" permission, so URLs are not visible to it.
    result = extension.worker.evaluate("""async () => {
        const [tab] = await chrome.tabs.query({active: true});
        return [await chrome.action.getBadgeText({tabId: tab.id}), await chrome.action.getTitle({tabId: tab.id})];
    }""")
    text, title = result
    return text, ("klarsvar serve" if "klarsvar serve" in title else "klarsvar token" if "klarsvar token" in title else title)


def test_wrong_token_shows_unauthorized(page, pages_url, extension, klarsvar_server):
    """The server answers 401: the overlay says unauthorized and how to pair."""
    extension.configure(serverUrl=klarsvar_server.url, token="wrong-token-" + "x" * 20)
    frame = open_editor(page, pages_url, TEXTAREA)
    frame.click(TEXTAREA.selector)
    page.keyboard.type(DRAFT)
    frame.wait_for_selector(f'{OVERLAY}[data-state="unauthorized"]', state="attached", timeout=10000)
    open_panel(frame)
    assert "klarsvar token" in frame.locator(f"{OVERLAY} .status").inner_text()
    assert badge(extension, page) == ("key", "klarsvar token")
    assert model_text(page) == DRAFT


def test_password_field_is_never_checked(page, pages_url):
    """Typing in a password field creates no overlay and sends nothing."""
    frame = open_editor(page, pages_url, TEXTAREA)
    frame.click("#password")
    page.keyboard.type("Vi har eskaleret din sag til 2nd level.")
    time.sleep(0.8)  # longer than the debounce
    assert frame.locator(OVERLAY).count() == 0


def test_ignore_is_remembered_for_the_site(page, pages_url):
    """An ignored finding disappears and stays ignored after a reload of the site."""
    frame = open_editor(page, pages_url, TEXTAREA)
    frame.click(TEXTAREA.selector)
    page.keyboard.type(DRAFT)
    frame.wait_for_selector(SETTLED, state="attached", timeout=10000)
    open_panel(frame)
    item = frame.locator(f"{OVERLAY} [data-finding-id][data-category='internal_language']").first
    finding_id = item.get_attribute("data-finding-id")
    item.locator("[data-action='ignore']").click()
    assert frame.locator(f"{OVERLAY} [data-finding-id='{finding_id}']").count() == 0

    frame = open_editor(page, pages_url, TEXTAREA)
    frame.click(TEXTAREA.selector)
    page.keyboard.type(DRAFT)
    frame.wait_for_selector(SETTLED, state="attached", timeout=10000)
    assert frame.locator(f"{OVERLAY} [data-finding-id='{finding_id}']").count() == 0


def test_never_flag_this_word_adds_an_allowed_team_term(page, pages_url, klarsvar_server):
    """"Never flag this word" stores an allowed team term through the worker; the next check omits it."""
    try:
        frame = open_editor(page, pages_url, TEXTAREA)
        frame.click(TEXTAREA.selector)
        # A product name one letter from "pakke": the speller flags it, the agent says it is theirs.
        page.keyboard.type("Din pakkee er sendt i dag.")
        frame.wait_for_selector(SETTLED, state="attached", timeout=10000)
        open_panel(frame)
        item = frame.locator(f"{OVERLAY} [data-finding-id]:has-text('pakkee')").first
        item.locator("[data-action='allow-term']").click()
        frame.wait_for_selector(f"{OVERLAY} [data-finding-id]:has-text('pakkee')", state="detached", timeout=5000)
        status, terms = http_json(klarsvar_server.url + "/v1/terms", token=klarsvar_server.token)
        assert status == 200
        assert {"term": "pakkee", "kind": "allowed", "language": "da"}.items() <= next(
            t for t in terms if t["term"] == "pakkee").items()
        # A fresh check of the same text no longer flags it.
        page.keyboard.type(" ")
        frame.wait_for_selector(SETTLED, state="attached", timeout=10000)
        assert frame.locator(f"{OVERLAY} [data-finding-id]:has-text('pakkee')").count() == 0
    finally:
        klarsvar_server.seed_terms()  # back to SEED_TERMS for the other tests


def test_options_page_pairs_and_tests_the_connection(page, extension, klarsvar_server):
    """Options: "Test connection" shows version and engine; a wrong token and a dead server say how to fix."""
    page.goto(f"chrome-extension://{extension.id}/options/options.html")
    assert page.locator("#server-url").input_value() == klarsvar_server.url
    page.locator("#test-connection").click()
    page.wait_for_selector('#connection[data-state="ready"]', timeout=10000)
    text = page.locator("#connection").inner_text()
    _, health = http_json(klarsvar_server.url + "/v1/health")
    assert health["version"] in text and health["grammar"]["engine"] in text  # what the server reports

    page.locator("#token").fill("not-the-token-" + "y" * 20)
    page.locator("#server-form button[type=submit]").click()
    page.wait_for_selector('#connection[data-state="unauthorized"]', timeout=10000)
    assert "klarsvar token" in page.locator("#connection").inner_text()

    page.locator("#server-url").fill(f"http://127.0.0.1:{free_port()}")
    page.locator("#token").fill(klarsvar_server.token)
    page.locator("#server-form button[type=submit]").click()
    page.wait_for_selector('#connection[data-state="offline"]', timeout=10000)
    assert "klarsvar serve" in page.locator("#connection").inner_text()

    # Per-site settings: add a site, switch it to chat and off; the worker stores it.
    page.locator("#site-origin").fill("https://example.zendesk.com/agent/tickets/1")
    page.locator("#site-form button[type=submit]").click()
    row = page.locator('tr[data-origin="https://example.zendesk.com"]')
    row.locator("select").select_option("chat")
    row.locator("input[type=checkbox]").uncheck()
    time.sleep(0.2)
    sites = extension.worker.evaluate("chrome.storage.local.get('sites').then((s) => s.sites)")
    assert sites["https://example.zendesk.com"] == {"channel": "chat", "enabled": False}


def test_options_page_pairs_with_a_code_from_the_cli(page, extension, klarsvar_server):
    """Pairing without copy-paste: a wrong code says so, the code from `klarsvar pair` stores the token once."""
    from tests.support.server_process import run_cli

    page.goto(f"chrome-extension://{extension.id}/options/options.html")
    page.locator("#token").fill("not-the-token-" + "y" * 20)
    page.locator("#server-form button[type=submit]").click()
    page.wait_for_selector('#connection[data-state="unauthorized"]', timeout=10000)

    made = run_cli(klarsvar_server.config_dir, "pair", "--json", "--port", str(klarsvar_server.port), timeout=60)
    assert made.returncode == 0, made.stderr
    code = json.loads(made.stdout)["code"]
    assert "no Klarsvar server answers" not in made.stderr
    page.locator("#pair-code").fill("ZZZZ-ZZZZ" if code != "ZZZZ-ZZZZ" else "YYYY-YYYY")
    page.locator("#pair").click()
    page.wait_for_selector('#connection[data-state="error"]', timeout=10000)
    assert "4" in page.locator("#connection").inner_text()  # the server's count of tries left

    page.locator("#pair-code").fill(code)
    page.locator("#pair").click()
    page.wait_for_selector('#connection[data-state="ready"]', timeout=10000)
    stored = extension.worker.evaluate("chrome.storage.local.get('token').then((s) => s.token)")
    assert stored == klarsvar_server.token
    page.locator("#pair-code").fill(code)  # single use
    page.locator("#pair").click()
    page.wait_for_selector('#connection[data-state="error"]', timeout=10000)


def test_site_switched_off_is_not_checked(page, pages_url, extension):
    """With the site switched off in the options, no overlay appears and nothing is sent."""
    extension.configure(sites={pages_url: {"enabled": False}})
    frame = open_editor(page, pages_url, TEXTAREA)
    frame.click(TEXTAREA.selector)
    page.keyboard.type(DRAFT)
    time.sleep(0.8)
    assert frame.locator(OVERLAY).count() == 0


def test_composer_replaced_by_the_app(page, pages_url):
    """An app re-renders its composer: the overlay lets go of the removed editor and follows the new one."""
    frame = open_editor(page, pages_url, TEXTAREA)
    frame.click(TEXTAREA.selector)
    page.keyboard.type(DRAFT)
    frame.wait_for_selector(SETTLED, state="attached", timeout=10000)
    page.evaluate("""() => {
        const old = document.querySelector('#editor');
        const fresh = old.cloneNode();
        fresh.value = '';
        old.replaceWith(fresh);
        window.getEditorText = () => fresh.value;
    }""")
    frame.wait_for_selector(f"{OVERLAY}:not([data-editor-kind])", state="attached", timeout=3000)
    frame.click(TEXTAREA.selector)
    page.keyboard.type(DRAFT)
    frame.wait_for_selector(SETTLED, state="attached", timeout=10000)
    assert frame.locator(f"{OVERLAY} [data-finding-id]").count() >= 1
    assert page.page_errors == []
