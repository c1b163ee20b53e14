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
