// Shared helpers for the extension's unit tests (Node's built-in test runner).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const { createRequire } = require('node:module');

const EXTENSION_DIR = path.resolve(__dirname, '../../extension');
// jsdom is a dev dependency of extension/ (npm install there); resolve it from that folder.
const extensionRequire = createRequire(path.join(EXTENSION_DIR, 'package.json'));

/** Load jsdom, or null when extension/node_modules is missing (the pytest wrapper reports that). */
function loadJsdom() {
  try {
    return extensionRequire('jsdom');
  } catch (err) {
    return null;
  }
}

/** The extension's content-script list, in manifest order. */
function contentScripts() {
  const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
  return manifest.content_scripts[0].js;
}

/**
 * A jsdom window with `html` and the named extension scripts evaluated in it (as the browser would
 * inject them). `chrome` is a fake extension API recording messages.
 */
function domWith(html, scripts, { chrome } = {}) {
  const { JSDOM } = loadJsdom();
  const dom = new JSDOM(`<!doctype html><html><body>${html}</body></html>`, {
    url: 'http://127.0.0.1:9999/page.html', runScripts: 'outside-only', pretendToBeVisual: true,
  });
  const { window } = dom;
  if (chrome) window.chrome = chrome;
  for (const script of scripts) {
    window.eval(fs.readFileSync(path.join(EXTENSION_DIR, script), 'utf8'));
  }
  return window;
}

/** A fake `chrome` API: messages are recorded and answered by `answer(message)`. */
function fakeChrome(answer = () => ({ ok: true })) {
  const sent = [];
  return {
    sent,
    runtime: {
      sendMessage: async (message) => { sent.push(message); return answer(message); },
    },
    i18n: { getMessage: (key) => key, getUILanguage: () => 'en' },
    storage: { onChanged: { addListener() {} } },
  };
}

/**
 * Every content script in a page with one focused textarea, talking to a fake worker: the site is on, and
 * each check waits in `pending` ({message, resolve}, in order of sending) until the test answers it.
 * `type(more)` types at the end; `shown()` lists the ids of the findings in the panel.
 */
function contentPage() {
  const pending = [];
  const chrome = fakeChrome((message) => {
    if (message.kind === 'site') return { ok: true, site: { enabled: true, channel: 'email', language: 'auto', ignored: [] } };
    if (message.kind === 'check') return new Promise((resolve) => pending.push({ message, resolve }));
    return { ok: true };
  });
  const window = domWith('<textarea id="t"></textarea>', [], { chrome });
  // jsdom has no layout: elements count as rendered (the editor is not skipped as hidden), ranges have one box.
  window.HTMLElement.prototype.getClientRects = function getClientRects() { return [{ width: 100, height: 20 }]; };
  window.Range.prototype.getClientRects = function getClientRects() { return [{ left: 0, top: 0, right: 10, bottom: 10, width: 10, height: 10 }]; };
  for (const script of contentScripts()) window.eval(fs.readFileSync(path.join(EXTENSION_DIR, script), 'utf8'));
  const ta = window.document.getElementById('t');
  const type = (more) => {
    ta.value += more;
    ta.dispatchEvent(new window.InputEvent('input', { bubbles: true, inputType: 'insertText', data: more }));
  };
  const shown = () => Array.from(window.Klarsvar.controller.overlay.shadow.querySelectorAll('li[data-finding-id]'), (li) => li.getAttribute('data-finding-id'));
  ta.focus();
  ta.dispatchEvent(new window.FocusEvent('focusin', { bubbles: true }));
  return { window, chrome, ta, pending, type, shown };
}

module.exports = { EXTENSION_DIR, loadJsdom, contentScripts, domWith, fakeChrome, extensionRequire, contentPage };
