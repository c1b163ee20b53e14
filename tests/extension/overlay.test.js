'use strict';
// The overlay's test contract and rendering, in jsdom (the e2e tests cover it in Chromium too).
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadJsdom, domWith } = require('./helpers.js');

const skip = loadJsdom() ? false : 'jsdom missing: run npm install in extension/';
const SCRIPTS = ['shared/namespace.js', 'content/diff.js', 'content/overlay.js'];

const RESULT = {
  language: 'da',
  readability: { lix: 47.2, band: 'hard', flesch_reading_ease: null },
  empathy: { acknowledges: false },
  rewrite: { text: 'Jeg forstår dig. Vi har sendt din sag videre.', changes: [] },
  findings: [
    { id: 'a1', category: 'spelling', severity: 'error', start: 0, end: 2, text: 'Vi', message: 'Stavefejl?', replacements: ['Vil', 'Vis'] },
    { id: 'b2', category: 'internal_language', severity: 'warning', start: 7, end: 16, text: 'eskaleret', message: 'Internt ord.', replacements: ['sendt videre'] },
    { id: 'c3', category: 'missing_acknowledgement', severity: 'suggestion', start: null, end: null, text: null, message: 'Anerkend kunden.', replacements: ['Jeg forstår dig.'] },
  ],
};

/** An overlay in a fresh document; actions are recorded. jsdom has no trusted events: the test-only option. */
function make({ acceptUntrustedEvents = true } = {}) {
  const window = domWith('', SCRIPTS);
  const actions = [];
  const t = (key, subs) => (subs ? `${key}:${subs.join('|')}` : key);
  const overlay = new window.Klarsvar.overlay.Overlay(window.document, { t, onAction: (a, d) => actions.push([a, d.id, d.index]), acceptUntrustedEvents });
  return { window, overlay, actions, q: (sel) => overlay.shadow.querySelector(sel), qa: (sel) => Array.from(overlay.shadow.querySelectorAll(sel)) };
}

test('the host is <klarsvar-overlay> with an open shadow root and a data-state', { skip }, () => {
  const { window, overlay } = make();
  const host = window.document.querySelector('klarsvar-overlay');
  assert.equal(host, overlay.host);
  assert.equal(host.shadowRoot, overlay.shadow); // open
  assert.equal(host.getAttribute('data-state'), 'idle');
  overlay.setState('offline', 'x');
  assert.equal(host.getAttribute('data-state'), 'offline');
  assert.match(overlay.status.textContent, /state_offline — state_offline_hint — x/);
});

test('findings are grouped by category (internal language before spelling) with the contract attributes', { skip }, () => {
  const { overlay, q, qa } = make();
  overlay.currentText = 'Vi har eskaleret din sag.';
  overlay.render(RESULT, RESULT.findings, { complete: true });
  assert.deepEqual(qa('[data-group]').map((g) => g.getAttribute('data-group')), ['internal_language', 'missing_acknowledgement', 'spelling']);
  const item = q('[data-finding-id="b2"]');
  assert.equal(item.getAttribute('data-category'), 'internal_language');
  assert.equal(item.querySelector('[data-action="apply"]').textContent, 'sendt videre');
  assert.ok(item.querySelector('[data-action="ignore"]'));
  assert.ok(item.querySelector('[data-action="allow-term"]'));
  assert.equal(q('[data-finding-id="a1"] [data-action="apply-alt"]').getAttribute('data-replacement-index'), '1');
  // A document-level finding has no span to replace: no apply button.
  assert.equal(q('[data-finding-id="c3"] [data-action="apply"]'), null);
  assert.equal(overlay.host.getAttribute('data-stage'), 'full');
  assert.equal(overlay.pillCount.textContent, '3');
});

test('badges: LIX with its band for Danish, Flesch for English; empathy indicator', { skip }, () => {
  const { overlay, q } = make();
  overlay.render(RESULT, [], { complete: false });
  assert.equal(q('[data-part="readability"]').textContent, 'LIX 47 · band_hard');
  assert.equal(q('[data-part="readability"]').getAttribute('data-level'), 'warn');
  assert.equal(q('[data-part="empathy"]').textContent, 'empathy_missing');
  overlay.render({ ...RESULT, readability: { lix: null, flesch_reading_ease: 72.4, band: null }, empathy: { acknowledges: true } }, [], { complete: true });
  assert.equal(q('[data-part="readability"]').textContent, 'Flesch 72');
  assert.equal(q('[data-part="empathy"]').textContent, 'empathy_ok');
  assert.equal(q('.empty').textContent, 'no_findings');
});

test('buttons reach the controller with the finding id and replacement index', { skip }, () => {
  const { window, overlay, actions, q } = make();
  overlay.render(RESULT, RESULT.findings, { complete: true });
  q('[data-finding-id="a1"] [data-action="apply-alt"]').dispatchEvent(new window.MouseEvent('click', { bubbles: true, composed: true }));
  q('[data-finding-id="b2"] [data-action="ignore"]').click();
  assert.deepEqual(actions, [['apply-alt', 'a1', 1], ['ignore', 'b2', 0]]);
});

test('insert-rewrite shows a diff first; confirm-rewrite goes to the controller', { skip }, () => {
  const { overlay, actions, q } = make();
  overlay.currentText = 'Vi har eskaleret din sag.';
  overlay.render(RESULT, RESULT.findings, { complete: true });
  q('[data-action="insert-rewrite"]').click();
  assert.deepEqual(actions, []); // nothing changes before the confirm step
  assert.ok(q('[data-part="rewrite-diff"] ins'));
  assert.ok(q('[data-part="rewrite-diff"] del').textContent.includes('eskaleret'));
  q('[data-action="confirm-rewrite"]').click();
  assert.deepEqual(actions, [['confirm-rewrite', null, 0]]);
  q('[data-action="cancel-rewrite"]').click();
  assert.ok(q('[data-action="insert-rewrite"]'));
});

test('removing a finding updates the list and the count; the pill toggles the panel', { skip }, () => {
  const { overlay, q } = make();
  overlay.render(RESULT, RESULT.findings, { complete: true });
  overlay.removeFinding('a1');
  assert.equal(q('[data-finding-id="a1"]'), null);
  assert.equal(q('[data-group="spelling"]'), null);
  assert.equal(overlay.pillCount.textContent, '2');
  assert.equal(overlay.panel.hidden, true);
  q('[data-action="toggle-panel"]').click();
  assert.equal(overlay.panel.hidden, false);
  assert.equal(q('[data-action="toggle-panel"]').getAttribute('aria-expanded'), 'true');
});

test('message text from the server is shown as text, never as markup', { skip }, () => {
  const { overlay, q } = make();
  const evil = { id: 'x', category: 'grammar', severity: 'error', start: 0, end: 1, text: '<b>', message: '<img src=x onerror=alert(1)>', replacements: ['<i>'] };
  overlay.render({ ...RESULT, findings: [evil] }, [evil], { complete: true });
  assert.equal(q('img'), null);
  assert.equal(q('[data-finding-id="x"] .message').textContent, '<img src=x onerror=alert(1)>');
});

test('an untrusted click or key press (a page script\'s) does nothing', { skip }, () => {
  const { window, overlay, actions, q } = make({ acceptUntrustedEvents: false });
  overlay.currentText = 'Vi har eskaleret din sag.';
  overlay.render(RESULT, RESULT.findings, { complete: true });
  for (const selector of ['[data-finding-id="b2"] [data-action="allow-term"]', '[data-finding-id="b2"] [data-action="apply"]',
    '[data-finding-id="a1"] [data-action="ignore"]', '[data-action="insert-rewrite"]', '[data-action="toggle-panel"]']) {
    q(selector).click();
    q(selector).dispatchEvent(new window.MouseEvent('click', { bubbles: true, composed: true }));
  }
  q('[data-action="toggle-panel"]').dispatchEvent(new window.KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
  assert.deepEqual(actions, []);
  assert.equal(overlay.panel.hidden, true);
  assert.equal(q('[data-part="rewrite-diff"]'), null);
  // The same overlay with trusted events (what the browser makes from a real click) does act.
  const trusted = { isTrusted: true, target: q('[data-finding-id="b2"] [data-action="allow-term"]') };
  overlay.handleClick(trusted);
  assert.deepEqual(actions, [['allow-term', 'b2', 0]]);
});
