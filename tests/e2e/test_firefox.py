"""End-to-end in Firefox ESR: the same acceptance list as in Chromium, with the unpacked extension.

Firefox is driven over WebDriver BiDi by `tests/e2e/firefox/driver.mjs` (npm `puppeteer-core`, Debian
`firefox-esr`; Playwright's Firefox cannot load extensions). One driver run covers:

- every editor in docs/editors.md (textarea, plain contenteditable, ProseMirror, the same in an iframe,
  Quill, CKEditor 5, Froala, TinyMCE): type a Danish draft → findings and marks are shown → clicking a
  mark opens the card at the word → its apply lands in the editor's own model → Ctrl+Z restores the
  draft → keyboard focus on a mark opens its card, Enter moves into it, Enter applies; for TinyMCE also
  insert-rewrite → Ctrl+Z restores;
- the toolbar popup (opened as a page of its own for the editor's tab): server ready, the tab's count,
  the site switched off (no findings while off) and on again;
- a rule turned off from its card leaves this page and the next, and comes back when turned on again in
  the options page;
- the manifest's commands: registered with their keys; next/previous move between findings, apply-first
  applies, insert-rewrite shows the diff to confirm. WebDriver BiDi delivers keys to the page, not to the
  browser's shortcut handling, so the driver calls the background's handler for `commands.onCommand`
  (`Klarsvar.worker.runCommand`) — everything after the key press is the shipped code path;
- a rule the team switched off on its server (`KLARSVAR_DISABLED_RULES`) never shows in the panel;
- dark mode: the card at the word screenshot in a dark-scheme browser differs from the light one.

The extension is the shipped code, unmodified: the driver pairs it with the test server through
`storage.local` from its own options page (moz-extension:// pages open with `--remote-allow-system-access`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.support import DRAFT, EDITORS, EXTENSION_DIR, EditorPage, normalize, require, team_server_without_a_rule

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]
FIREFOX = os.environ.get("KLARSVAR_FIREFOX", "/usr/bin/firefox-esr")
DRIVER_DIR = Path(__file__).resolve().parent / "firefox"
FROALA = EditorPage("froala", "froala.html", ".fr-element", "froala")
TINYMCE = EditorPage("tinymce", "tinymce.html", "body#tinymce", "tinymce", iframe="iframe.tox-edit-area__iframe, iframe#editor_ifr")
FIREFOX_EDITORS = [*EDITORS, FROALA, TINYMCE]
SCENARIOS = ["editors", "popup", "rule", "commands", "team", "dark"]


def test_firefox_covers_every_editor_the_docs_list():
    """docs/editors.md's support matrix and the Firefox run name the same editors."""
    matrix = (EXTENSION_DIR.parent / "docs" / "editors.md").read_text(encoding="utf-8").split("## Support matrix", 1)[1]
    rows = [line for line in matrix.split("\n\n", 3)[2].splitlines() if line.startswith("| ") and not line.startswith("| Editor")]
    assert len(rows) == 8, rows  # a new editor row needs a Firefox (and Chromium) page here
    kinds = {e.kind for e in FIREFOX_EDITORS}
    assert kinds == {"textarea", "contenteditable", "prosemirror", "quill", "ckeditor5", "froala", "tinymce"}
    assert any(e.iframe and e.kind == "prosemirror" for e in FIREFOX_EDITORS)  # the "same-origin iframe" row


@pytest.fixture(scope="module")
def firefox_results(klarsvar_server, pages_url, tmp_path_factory):
    """Run the driver once for every scenario (Firefox takes ≈2 s to start); results by name."""
    require(Path(FIREFOX).exists(), f"{FIREFOX} not found (bash scripts/setup-system.sh test)")
    require(shutil.which("node") is not None, "node is not installed")
    require((DRIVER_DIR / "node_modules" / "puppeteer-core").is_dir(),
            "puppeteer-core missing: run `bash scripts/setup-test.sh`")
    work = tmp_path_factory.mktemp("firefox")
    # The shipped files only (no npm tooling): what a user installs.
    extension = work / "extension"
    shutil.copytree(EXTENSION_DIR, extension, ignore=shutil.ignore_patterns("node_modules", "package*.json"))
    manifest = json.loads((extension / "manifest.json").read_text(encoding="utf-8"))
    team, team_rule = team_server_without_a_rule(klarsvar_server, tmp_path_factory.mktemp("team-server"))
    config = {
        "firefox": FIREFOX, "extensionDir": str(extension), "pagesUrl": pages_url, "draft": DRAFT,
        "server": {"url": klarsvar_server.url, "token": klarsvar_server.token}, "teamServer": {"url": team.url},
        "geckoId": manifest["browser_specific_settings"]["gecko"]["id"],
        "editors": [{"name": e.name, "path": e.path, "selector": e.selector, "iframe": e.iframe, "kind": e.kind,
                     "rewrite": e is TINYMCE} for e in FIREFOX_EDITORS],
        "scenarios": SCENARIOS, "shotsDir": str(work),
    }
    try:
        proc = subprocess.run(["node", str(DRIVER_DIR / "driver.mjs"), json.dumps(config)], cwd=DRIVER_DIR,
                              capture_output=True, text=True, timeout=540)
    finally:
        team.stop()
    results = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            result = json.loads(line)
            results[result["name"]] = result
    assert results, f"the Firefox driver reported nothing (exit {proc.returncode}): {proc.stderr[-3000:]}"
    results["_stderr"] = proc.stderr[-3000:]
    results["_teamRule"] = team_rule
    return results


def result_for(results, name):
    """One scenario's result, failing with everything the driver saw when it did not finish."""
    result = results.get(name)
    assert result is not None, f"no result for {name}: {results.get('_stderr')}"
    assert result["ok"], json.dumps(result, ensure_ascii=False, indent=1)
    return result


@pytest.mark.parametrize("editor", FIREFOX_EDITORS, ids=[e.name for e in FIREFOX_EDITORS])
def test_firefox_findings_card_apply_undo(firefox_results, editor):
    """Findings and marks shown, the card opens at the word, apply lands in the model, Ctrl+Z restores."""
    result = result_for(firefox_results, editor.name)
    assert result["typed"] == DRAFT
    assert result["kind"] == editor.kind
    assert result["findings"] >= 1 and result["marks"] >= 1
    assert result["applied"] == result["expected"] != DRAFT
    assert result["undone"] == DRAFT
    # Keyboard: focus on a mark opened its card, Enter put focus on its apply button, Enter applied.
    assert result["keyboardFocus"] == "apply"
    assert result["keyboardApply"] == "applied" and result["keyboardText"] != DRAFT


def test_firefox_tinymce_rewrite_then_undo_restores(firefox_results, klarsvar_server):
    """TinyMCE: the rewrite inserted after the confirm step is one undo level; Ctrl+Z restores the draft."""
    result = result_for(firefox_results, "tinymce")
    rewrite = klarsvar_server.check(DRAFT, language="auto", channel="email", grammar=True, rewrite=True)["rewrite"]
    assert result["rewriteApply"] == "rewrite"
    assert result["rewritten"] == normalize(rewrite["text"]) != DRAFT
    assert result["rewriteUndone"] == DRAFT


def test_firefox_popup_switches_the_site_off_and_on(firefox_results):
    """The popup shows the server ready and the tab's count; off: no findings while typing; on: findings again."""
    result = result_for(firefox_results, "popup")
    assert result["serverState"] == "ready"
    assert result["popupCount"] == str(result["findings"]) and result["findings"] >= 1
    assert result["toggleBefore"] is True
    assert result["offFollowing"] == 0 and result["offMarks"] == 0 and result["offFindings"] == 0
    assert result["onFindings"] >= 1


def test_firefox_rule_turned_off_in_the_card_disappears_everywhere_and_comes_back(firefox_results):
    """Turn off a rule from its card: gone here and on the next page; on again in the options, it comes back."""
    result = result_for(firefox_results, "rule")
    assert result["rule"] and result["stored"] == [result["rule"]]
    assert result["leftHere"] == 0 and result["leftElsewhere"] == 0
    assert result["back"] >= 1


def test_firefox_commands_move_between_findings_and_apply(firefox_results):
    """Manifest commands are registered with their keys; next/previous move, apply-first applies, insert-rewrite asks first."""
    result = result_for(firefox_results, "commands")
    registered = dict(result["registered"])
    manifest = json.loads((EXTENSION_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert set(registered) == set(manifest["commands"])
    for name, command in manifest["commands"].items():
        if "suggested_key" in command:
            assert registered[name] == command["suggested_key"]["default"], (name, registered[name])
    assert result["marked"] >= 2
    assert result["next"] == {"ok": True, "handled": True}
    assert result["focused"] in ("apply", "ignore-here")
    assert result["second"] != result["first"] and result["back"] == result["first"]
    assert result["applyFirst"] == {"ok": True, "handled": True}
    assert result["applied"] == "applied" and result["changed"] is True
    assert result["insertRewrite"] == {"ok": True, "handled": True}
    assert result["rewriteFocus"] == "confirm-rewrite" and result["unchangedBeforeConfirm"] is True
    assert result["rewriteApply"] == "rewrite" and result["rewriteChanged"] is True


def test_firefox_team_disabled_rule_never_reaches_the_agent(firefox_results):
    """Paired with a team server that switched a rule off (KLARSVAR_DISABLED_RULES): the panel never lists it."""
    result = result_for(firefox_results, "team")
    assert result["shownRules"], "the team server reported nothing at all"
    assert firefox_results["_teamRule"] not in result["shownRules"], result["shownRules"]


def test_firefox_dark_mode_card_differs_from_light(firefox_results):
    """The card at the word follows prefers-color-scheme in Firefox: another background, another picture."""
    light = result_for(firefox_results, "card-light")
    dark = result_for(firefox_results, "card-dark")
    assert light["dark"] is False and dark["dark"] is True
    assert light["background"] != dark["background"], (light["background"], dark["background"])
    assert light["bytes"] > 8000 and dark["bytes"] > 8000  # real renderings, not blank pages
    assert Path(light["file"]).read_bytes() != Path(dark["file"]).read_bytes()
