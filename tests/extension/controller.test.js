'use strict';
// The content script's controller (content/main.js) on the real content scripts in jsdom: which findings
// the agent sees (ignored here/always, turned-off rules, minimum severity) and what each action stores.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { loadJsdom, domWith, contentScripts, EXTENSION_DIR } = require('./helpers.js');

const skip = loadJsdom() ? false : 'jsdom missing: run npm install in extension/';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const TEXT = 'Vi har eskaleret din sag til 2nd level. Det blev gjort.';
const FINDINGS = [
  { id: 'f1', category: 'internal_language', rule: 'da.internal_language.eskaleret', severity: 'warning', start: 7, end: 16,
    text: 'eskaleret', message: 'Internt ord.', replacements: ['sendt videre'] },
  { id: 'f2', category: 'internal_language', rule: 'da.internal_language.eskaleret', severity: 'warning', start: 29, end: 38,
    text: '2nd level', message: 'Internt ord.', replacements: ['en specialist'] },
  { id: 'f3', category: 'passive', rule: 'da.passive.blev', severity: 'suggestion', start: 44, end: 54,
    text: 'blev gjort', message: 'Passiv.', replacements: [] },
];

/** The content scripts in a page with a textarea holding TEXT; `site` is what the worker answers. */
async function setup(site = {}) {
  let changed = null;
  const sent = [];
  const chrome = {
    runtime: { id: 'ext', sendMessage: async (message) => {
      sent.push(message);
      if (message.kind === 'site') return { ok: true, site: { enabled: true, channel: 'email', language: 'auto', ignored: [], ...site } };
      if (message.kind === 'check') return { ok: true, result: { language: 'da', findings: FINDINGS, readability: null, empathy: null, rewrite: null, grammar: { complete: true } } };
      return { ok: true };
    }, onMessage: { addListener() {} } },
    i18n: { getMessage: (key) => key, getUILanguage: () => 'en' },
    storage: { onChanged: { addListener: (fn) => { changed = fn; } } },
  };
  const window = domWith('<textarea id="t"></textarea>', [], { chrome });
  // jsdom has no layout: elements count as rendered (the editor is not skipped as hidden), ranges have one box.
  window.HTMLElement.prototype.getClientRects = function getClientRects() { return [{ width: 100, height: 20 }]; };
  window.Range.prototype.getClientRects = function getClientRects() { return [{ left: 0, top: 0, right: 10, bottom: 10, width: 10, height: 10 }]; };
  for (const script of contentScripts()) window.eval(fs.readFileSync(path.join(EXTENSION_DIR, script), 'utf8'));
  const ta = window.document.getElementById('t');
  ta.value = TEXT;
  ta.focus();
  ta.dispatchEvent(new window.FocusEvent('focusin', { bubbles: true }));
  await sleep(700); // the pause, then the check
  const K = window.Klarsvar;
  const shown = () => Array.from(K.controller.overlay.shadow.querySelectorAll('li[data-finding-id]'), (li) => li.getAttribute('data-finding-id'));
  const act = (action, id) => K.controller.overlay.onAction(action, { id, index: 0 });
  /** The worker's settings changed: answer `site` from now on and tell the page. */
  const settingsChange = async (next) => { Object.assign(site, next); changed(); await sleep(50); };
  return { window, K, sent, shown, act, settingsChange };
}

test('"ignore here" hides the finding without storing anything; "ignore always" asks the worker to remember it', { skip }, async () => {
  const env = await setup();
  assert.deepEqual(env.shown(), ['f1', 'f2', 'f3']);
  await env.act('ignore-here', 'f1');
  assert.deepEqual(env.shown(), ['f2', 'f3']);
  assert.equal(env.sent.filter((m) => m.kind === 'ignore').length, 0);
  await env.act('ignore', 'f3');
  assert.deepEqual(env.sent.filter((m) => m.kind === 'ignore').map((m) => m.id), ['f3']);
  // The panel offers to take it back at once.
  const undo = env.K.controller.overlay.shadow.querySelector('.status [data-action="undo-ignore"]');
  assert.equal(undo.getAttribute('data-undo-id'), 'f3');
  await env.act('undo-ignore', 'f3');
  assert.deepEqual(env.sent.filter((m) => m.kind === 'ignore').map((m) => [m.id, m.ignored]), [['f3', undefined], ['f3', false]]);
  env.window.close();
});

test('turning a rule off drops all its findings and stores it; turned on again, they come back without a new check', { skip }, async () => {
  const site = {};
  const env = await setup(site);
  await env.act('disable-rule', 'f1');
  assert.deepEqual(env.shown(), ['f3']); // f1 and f2 share the rule
  assert.deepEqual(env.sent.filter((m) => m.kind === 'rule').map((m) => [m.rule, m.disabled]), [['da.internal_language.eskaleret', true]]);
  assert.ok(env.K.controller.overlay.shadow.querySelector('.status [data-action="undo-disable-rule"]'));
  const checks = env.sent.filter((m) => m.kind === 'check').length;
  await env.settingsChange({ disabledRules: [] });
  assert.deepEqual(env.shown(), ['f1', 'f2', 'f3']);
  assert.equal(env.sent.filter((m) => m.kind === 'check').length, checks);
  env.window.close();
});

test('the minimum severity, the stored rules and turned-off categories filter the server\'s findings', { skip }, async () => {
  const env = await setup({ minSeverity: 'warning' });
  assert.deepEqual(env.shown(), ['f1', 'f2']);
  await env.settingsChange({ minSeverity: 'suggestion', disabledRules: ['da.passive.blev'] });
  assert.deepEqual(env.shown(), ['f1', 'f2']);
  await env.settingsChange({ disabledRules: [], ignored: ['f2'] });
  assert.deepEqual(env.shown(), ['f1', 'f3']);
  await env.settingsChange({ ignored: [], disabledCategories: ['internal_language'] });
  assert.deepEqual(env.shown(), ['f3']);
  env.window.close();
});

test('switched off for the site (or paused): the overlay lets go and the badge is told', { skip }, async () => {
  const env = await setup();
  await env.settingsChange({ enabled: false, off: 'paused' });
  assert.equal(env.K.controller.editor, null);
  assert.equal(env.K.controller.overlay.host.hasAttribute('data-editor-kind'), false);
  const last = env.sent.filter((m) => m.kind === 'state').pop();
  assert.deepEqual([last.state, last.count], ['idle', 0]);
  env.window.close();
});
