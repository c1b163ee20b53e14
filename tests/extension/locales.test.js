'use strict';
// UI strings: Danish and English have the same keys, and every key the code asks for exists.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { EXTENSION_DIR } = require('./helpers.js');

const load = (lang) => JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, '_locales', lang, 'messages.json'), 'utf8'));

/** Every .js/.html/.json file of the extension (not node_modules). */
function sources(dir = EXTENSION_DIR) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.') || entry.name === '_locales') return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.(js|html|json)$/.test(entry.name) && !entry.name.startsWith('package') ? [full] : [];
  });
}

test('da and en define the same keys, none empty', () => {
  const da = load('da');
  const en = load('en');
  assert.deepEqual(Object.keys(da).sort(), Object.keys(en).sort());
  for (const [key, value] of Object.entries({ ...da, ...en })) assert.ok(value.message.trim(), key);
});

test('every literal message key used in code and pages exists', () => {
  const en = load('en');
  const used = new Set();
  for (const file of sources()) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\('([a-z0-9_]+)'/g)) used.add(m[1]);
    for (const m of text.matchAll(/data-i18n(?:-placeholder)?="([a-z0-9_]+)"/g)) used.add(m[1]);
    for (const m of text.matchAll(/__MSG_([a-z0-9_]+)__/g)) used.add(m[1]);
  }
  assert.ok(used.size > 20);
  const missing = [...used].filter((key) => !(key in en));
  assert.deepEqual(missing, []);
});

test('every state and category the UI names dynamically has a string', () => {
  const en = load('en');
  const { STATES } = require('../../extension/shared/protocol.js');
  for (const state of STATES) assert.ok(`state_${state}` in en, state);
  for (const state of ['offline', 'unauthorized', 'error']) assert.ok(`state_${state}_hint` in en, state);
  const { CATEGORIES } = require('../../extension/shared/protocol.js');
  for (const category of CATEGORIES) assert.ok(`category_${category}` in en, category);
});

test('the Danish strings are Danish (spot check)', () => {
  const da = load('da');
  assert.equal(da.rewrite_insert.message, 'Indsæt omskrivning');
  assert.equal(load('en').rewrite_insert.message, 'Insert rewrite');
});

test('extension pages fall back to the extension\'s own catalogue when the browser\'s i18n answers nothing', async () => {
  const { createTranslator } = require('../../extension/shared/i18n.js');
  const da = load('da');
  const fetched = [];
  const originalFetch = global.fetch;
  global.fetch = async (url) => { fetched.push(url); return { json: async () => da }; };
  try {
    const silent = { i18n: { getMessage: () => '', getUILanguage: () => 'da-DK' }, runtime: { getURL: (p) => `ext://id/${p}` } };
    const { ready, t } = createTranslator(silent);
    assert.equal(t('rewrite_insert'), 'rewrite_insert'); // before ready(): the key
    await ready();
    assert.deepEqual(fetched, ['ext://id/_locales/da/messages.json']);
    assert.equal(t('rewrite_insert'), 'Indsæt omskrivning');
    assert.equal(t('popup_server_ok', ['0.3.0', 'builtin']), 'Kan nås · version 0.3.0 · motor builtin');
    assert.equal(t('no_such_key'), 'no_such_key');
    // A browser that answers: no fetch, its strings.
    const working = { i18n: { getMessage: (k) => (k === 'ext_name' ? 'Klarsvar' : `[${k}]`), getUILanguage: () => 'en' }, runtime: { getURL: () => '' } };
    const other = createTranslator(working);
    await other.ready();
    assert.equal(other.t('rewrite_insert'), '[rewrite_insert]');
    assert.equal(fetched.length, 1);
  } finally {
    global.fetch = originalFetch;
  }
});
