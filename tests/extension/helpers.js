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

module.exports = { EXTENSION_DIR, loadJsdom, contentScripts, domWith, fakeChrome, extensionRequire };
