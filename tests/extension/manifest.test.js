'use strict';
// The manifest and the folders agree: every adapter file is loaded and registered, every page exists.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { EXTENSION_DIR, loadJsdom, domWith, contentScripts } = require('./helpers.js');

const skip = loadJsdom() ? false : 'jsdom missing: run npm install in extension/';
const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8'));
// Shared adapter code that registers no site of its own.
const ADAPTER_INFRASTRUCTURE = ['registry.js', 'siteTools.js'];

/** The site adapter files in extension/adapters/. */
function adapterFiles() {
  return fs.readdirSync(path.join(EXTENSION_DIR, 'adapters')).filter((f) => f.endsWith('.js') && !ADAPTER_INFRASTRUCTURE.includes(f));
}

test('every adapters/*.js file is a content script in the manifest', () => {
  const listed = contentScripts();
  const missing = adapterFiles().filter((file) => !listed.includes(`adapters/${file}`));
  assert.deepEqual(missing, []);
  for (const file of ADAPTER_INFRASTRUCTURE) assert.ok(listed.includes(`adapters/${file}`), file);
});

test('every adapter file registers one adapter in the adapter table, named after its file', { skip }, () => {
  const window = domWith('', contentScripts().filter((s) => s.startsWith('shared/') || s.startsWith('adapters/') || s === 'content/textModel.js'),
    { chrome: { runtime: { id: 't', onMessage: { addListener() {} } }, i18n: { getMessage: () => '', getUILanguage: () => 'en' } } });
  const ids = Array.from(window.Klarsvar.adapters.list(), (a) => String(a.id)).sort();
  assert.deepEqual(ids, adapterFiles().map((f) => f.replace(/\.js$/, '')).sort());
});

test('every file the manifest names exists (scripts, pages, icons, popup)', () => {
  const files = [
    ...manifest.background.scripts, manifest.background.service_worker, ...contentScripts(),
    manifest.options_ui.page, manifest.action.default_popup, ...Object.values(manifest.icons), ...Object.values(manifest.action.default_icon),
  ];
  const missing = files.filter((file) => !fs.existsSync(path.join(EXTENSION_DIR, file)));
  assert.deepEqual(missing, []);
});

test('the pages load only their own scripts, each of which exists', () => {
  for (const page of [manifest.options_ui.page, manifest.action.default_popup]) {
    const html = fs.readFileSync(path.join(EXTENSION_DIR, page), 'utf8');
    const scripts = Array.from(html.matchAll(/<script src="([^"]+)"/g)).map((m) => path.join(path.dirname(page), m[1]));
    assert.ok(scripts.length >= 3, page);
    for (const script of scripts) assert.ok(fs.existsSync(path.join(EXTENSION_DIR, script)), script);
    assert.doesNotMatch(html, /<script>(?!<\/script>)/); // no inline script (MV3's CSP forbids it)
  }
});
