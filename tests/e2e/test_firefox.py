"""End-to-end in Firefox ESR: the same editor scenario as in Chromium, with the unpacked extension.

Firefox is driven over WebDriver BiDi by `tests/e2e/firefox/driver.mjs` (npm `puppeteer-core`, Debian
`firefox-esr`; Playwright's Firefox cannot load extensions). For textarea, plain contenteditable,
ProseMirror, Quill, CKEditor 5 and Froala: type a Danish draft → findings and marks are shown → clicking a mark opens
the card at the word → its apply lands in the editor's own model → Ctrl+Z restores the draft → keyboard
focus on a mark opens its card, Enter moves into it, Enter applies.

Firefox's Remote Agent cannot drive extension pages (options, background), so the extension under test
is a copy whose default settings point at the test server with its token; everything else is the
shipped code.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.support import DRAFT, EDITORS, EXTENSION_DIR, EditorPage, require

pytestmark = pytest.mark.e2e
FIREFOX = os.environ.get("KLARSVAR_FIREFOX", "/usr/bin/firefox-esr")
DRIVER_DIR = Path(__file__).resolve().parent / "firefox"
FROALA = EditorPage("froala", "froala.html", ".fr-element", "froala")
FIREFOX_EDITORS = [*(e for e in EDITORS if not e.iframe), FROALA]


def extension_for(server, target: Path) -> Path:
    """A copy of the extension whose default settings are the test server and its token."""
    shutil.copytree(EXTENSION_DIR, target, ignore=shutil.ignore_patterns("node_modules", "package*.json"))
    protocol = target / "shared" / "protocol.js"
    source = protocol.read_text(encoding="utf-8")
    patched = (source.replace("serverUrl: 'http://127.0.0.1:8765',", f"serverUrl: {json.dumps(server.url)},")
                     .replace("token: '',", f"token: {json.dumps(server.token)},"))
    assert patched.count(server.token) == 1 and server.url in patched, "protocol.js defaults changed: update this test"
    protocol.write_text(patched, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def firefox_results(klarsvar_server, pages_url, tmp_path_factory):
    """Run the driver once for all editors (Firefox takes ≈2 s to start); results by editor name."""
    require(Path(FIREFOX).exists(), f"{FIREFOX} not found (bash scripts/setup-system.sh test)")
    require(shutil.which("node") is not None, "node is not installed")
    require((DRIVER_DIR / "node_modules" / "puppeteer-core").is_dir(),
            "puppeteer-core missing: run `bash scripts/setup-test.sh`")
    extension = extension_for(klarsvar_server, tmp_path_factory.mktemp("firefox") / "extension")
    manifest = json.loads((extension / "manifest.json").read_text(encoding="utf-8"))
    config = {
        "firefox": FIREFOX, "extensionDir": str(extension), "pagesUrl": pages_url, "draft": DRAFT,
        "geckoId": manifest["browser_specific_settings"]["gecko"]["id"],
        "editors": [{"name": e.name, "path": e.path, "selector": e.selector} for e in FIREFOX_EDITORS],
    }
    proc = subprocess.run(["node", str(DRIVER_DIR / "driver.mjs"), json.dumps(config)], cwd=DRIVER_DIR,
                          capture_output=True, text=True, timeout=300)
    results = {}
    for line in proc.stdout.splitlines():
        if line.startswith("{"):
            result = json.loads(line)
            results[result["name"]] = result
    assert results, f"the Firefox driver reported nothing (exit {proc.returncode}): {proc.stderr[-3000:]}"
    return results


@pytest.mark.parametrize("editor", FIREFOX_EDITORS, ids=[e.name for e in FIREFOX_EDITORS])
def test_firefox_findings_card_apply_undo(firefox_results, editor):
    """Findings and marks shown, the card opens at the word, apply lands in the model, Ctrl+Z restores."""
    result = firefox_results.get(editor.name)
    assert result is not None, f"no result for {editor.name}"
    assert result["ok"], json.dumps(result, ensure_ascii=False, indent=1)
    assert result["typed"] == DRAFT
    assert result["kind"] == editor.kind
    assert result["findings"] >= 1 and result["marks"] >= 1
    assert result["applied"] == result["expected"] != DRAFT
    assert result["undone"] == DRAFT
    # Keyboard: focus on a mark opened its card, Enter put focus on its apply button, Enter applied.
    assert result["keyboardFocus"] == "apply"
    assert result["keyboardApply"] == "applied" and result["keyboardText"] != DRAFT
