'use strict';
// The overlay's test contract and rendering, in jsdom (the e2e tests cover it in Chromium too).
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadJsdom, domWith } = require('./helpers.js');

const skip = loadJsdom() ? false : 'jsdom missing: run npm install in extension/';
const SCRIPTS = ['shared/namespace.js', 'shared/protocol.js', 'content/diff.js', 'content/overlay.js'];

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

// --- the card at the word (issue 16) ---------------------------------------------------------------

const RULED = RESULT.findings.map((f, i) => ({ ...f, rule: `da.${f.category}.r${i}` }));

/** An overlay with the findings rendered and marks drawn (two rects for b2: words wrapping a line). */
function withMarks(options) {
  const made = make(options);
  made.overlay.currentText = 'Vi har eskaleret din sag.';
  made.overlay.render({ ...RESULT, findings: RULED }, RULED, { complete: true });
  made.overlay.drawMarks([
    { id: 'a1', severity: 'error', rects: [{ left: 10, top: 20, width: 20, height: 18, right: 30, bottom: 38 }] },
    { id: 'b2', severity: 'warning', rects: [{ left: 60, top: 20, width: 70, height: 18, right: 130, bottom: 38 },
      { left: 0, top: 40, width: 30, height: 18, right: 30, bottom: 58 }] },
  ]);
  return made;
}

test('each underline is a [data-mark-id] button named by severity and message; clicking it opens the card', { skip }, () => {
  const { overlay, q, qa, actions } = withMarks();
  const marks = qa('[data-mark-id="b2"]');
  assert.equal(marks.length, 2);
  assert.equal(marks[0].getAttribute('role'), 'button');
  assert.equal(marks[0].getAttribute('data-severity'), 'warning');
  assert.equal(marks[0].getAttribute('aria-label'), 'severity_warning: Internt ord.');
  assert.equal(q('[data-card][data-finding-id]'), null);
  marks[1].click();
  const card = q('[data-card][data-finding-id]');
  assert.equal(card.getAttribute('data-finding-id'), 'b2');
  assert.equal(card.getAttribute('aria-label'), 'severity_warning: Internt ord.');
  for (const action of ['apply', 'ignore-here', 'ignore', 'disable-rule', 'why']) assert.ok(card.querySelector(`[data-action="${action}"]`), action);
  // The card holds the same buttons as the panel entry.
  const panelActions = Array.from(q('li[data-finding-id="b2"]').querySelectorAll('[data-action]')).map((b) => b.getAttribute('data-action'));
  const cardActions = Array.from(card.querySelectorAll('[data-action]')).map((b) => b.getAttribute('data-action')).filter((a) => a !== 'why');
  assert.deepEqual(cardActions, panelActions);
  card.querySelector('[data-action="apply"]').click();
  card.querySelector('[data-action="disable-rule"]').click();
  assert.deepEqual(actions, [['apply', 'b2', 0], ['disable-rule', 'b2', 0]]);
  // Marks and panel entry are highlighted together while the card is open.
  assert.ok(marks.every((m) => m.classList.contains('active')));
  assert.ok(q('li[data-finding-id="b2"]').classList.contains('active'));
  assert.ok(!q('[data-mark-id="a1"]').classList.contains('active'));
  overlay.closeCard();
  assert.ok(!q('li[data-finding-id="b2"]').classList.contains('active'));
});

test('keyboard focus on a mark opens its card; Enter moves into the card; Escape closes it for the editor', { skip }, () => {
  const { window, overlay, q, actions } = withMarks();
  const mark = q('[data-mark-id="a1"]');
  mark.focus();
  assert.equal(q('[data-card]').getAttribute('data-finding-id'), 'a1');
  mark.dispatchEvent(new window.KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
  assert.equal(overlay.shadow.activeElement.getAttribute('data-action'), 'apply');
  overlay.shadow.activeElement.dispatchEvent(new window.KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
  assert.equal(q('[data-card]').hidden, true);
  assert.equal(q('[data-card][data-finding-id]'), null);
  assert.deepEqual(actions, [['escape', undefined, undefined]]);
});

test('a click on the underlined words themselves (the page, not the strip) opens the card; elsewhere closes it', { skip }, () => {
  const { window, overlay, q } = withMarks();
  const click = (x, y) => window.document.body.dispatchEvent(new window.MouseEvent('click', { bubbles: true, clientX: x, clientY: y }));
  click(100, 25); // inside b2's first line of words
  assert.equal(overlay.openCardId(), 'b2');
  click(15, 45); // inside b2's second line
  assert.equal(overlay.openCardId(), 'b2');
  click(500, 500);
  assert.equal(overlay.openCardId(), null);
  assert.equal(q('[data-card]').hidden, true);
});

test('hovering a panel entry highlights its marks; why shows the principle; removing the finding closes its card', { skip }, () => {
  const { window, overlay, q, qa } = withMarks();
  q('li[data-finding-id="a1"] .message').dispatchEvent(new window.MouseEvent('mouseover', { bubbles: true, composed: true }));
  assert.ok(q('[data-mark-id="a1"]').classList.contains('active'));
  overlay.openCard('a1', { via: 'click' });
  q('[data-card] [data-action="why"]').click();
  assert.equal(q('[data-card] .why').hidden, false);
  assert.equal(q('[data-card] .why').textContent, 'why_spelling');
  assert.equal(q('[data-card] [data-action="why"]').getAttribute('aria-expanded'), 'true');
  overlay.removeFinding('a1');
  assert.equal(q('[data-card][data-finding-id]'), null);
  assert.equal(qa('[data-mark-id="a1"]').length, 0);
  assert.equal(overlay.pillCount.textContent, '2'); // the card is not counted as a finding
  assert.equal(overlay.markIdAt(15, 25), null);
});

test('an untrusted click on a mark or on the words opens no card', { skip }, () => {
  const { window, overlay, q } = withMarks({ acceptUntrustedEvents: false });
  q('[data-mark-id="a1"]').click();
  window.document.body.dispatchEvent(new window.MouseEvent('click', { bubbles: true, clientX: 15, clientY: 25 }));
  assert.equal(overlay.openCardId(), null);
});

test('the rewrite view says how many things still need the agent, with the translated reason', { skip }, () => {
  const { overlay, q } = make();
  overlay.currentText = 'Vi har eskaleret din sag.';
  const rewrite = { ...RESULT.rewrite, remaining: [
    { id: 'c3', category: 'missing_acknowledgement', rule: 'x', reason: "needs the agent's judgement" },
    { id: 'zz', category: 'passive', rule: 'y', reason: 'something new' }] };
  overlay.render({ ...RESULT, rewrite }, RESULT.findings, { complete: true });
  const box = q('[data-part="rewrite-remaining"]');
  assert.equal(box.getAttribute('data-count'), '2');
  assert.equal(box.querySelector('p').textContent, 'rewrite_remaining:2');
  const items = Array.from(box.querySelectorAll('li')).map((li) => li.textContent);
  assert.deepEqual(items, ['category_missing_acknowledgement — remaining_judgement', 'category_passive — something new']);
  q('[data-action="insert-rewrite"]').click();
  assert.ok(q('[data-part="rewrite-diff"]'));
  assert.ok(q('[data-part="rewrite-remaining"]')); // still shown next to the diff
  overlay.render({ ...RESULT, rewrite: { ...RESULT.rewrite, remaining: [] } }, RESULT.findings, { complete: true });
  assert.equal(q('[data-part="rewrite-remaining"]'), null);
});

test('the rewrite view says which engine wrote it; no engine field means the rules', { skip }, () => {
  const { overlay, q } = make();
  overlay.currentText = 'Vi har eskaleret din sag.';
  const engineLine = () => q('[data-part="rewrite-engine"]');
  overlay.render(RESULT, RESULT.findings, { complete: true }); // a server without the model rewrite
  assert.equal(engineLine().getAttribute('data-engine'), 'rules');
  assert.equal(engineLine().textContent, 'rewrite_engine_rules');
  overlay.render({ ...RESULT, rewrite: { ...RESULT.rewrite, engine: 'model', refused: [] } }, RESULT.findings, { complete: true });
  assert.equal(engineLine().getAttribute('data-engine'), 'model');
  assert.equal(engineLine().textContent, 'rewrite_engine_model');
  assert.equal(engineLine().getAttribute('title'), null);
  // The model's candidate was refused: the rules wrote it, and the refusing checks are named in the tooltip.
  overlay.render({ ...RESULT, rewrite: { ...RESULT.rewrite, engine: 'rules', refused: ['facts', { check: 'language', detail: 'en' }] } },
    RESULT.findings, { complete: true });
  assert.equal(engineLine().getAttribute('data-engine'), 'rules');
  assert.equal(engineLine().textContent, 'rewrite_engine_refused');
  assert.equal(engineLine().getAttribute('title'), 'facts, language');
  // An unknown engine name is not trusted to mean the model.
  overlay.render({ ...RESULT, rewrite: { ...RESULT.rewrite, engine: 'something' } }, RESULT.findings, { complete: true });
  assert.equal(engineLine().getAttribute('data-engine'), 'rules');
  // Still shown next to the diff the agent confirms.
  q('[data-action="insert-rewrite"]').click();
  assert.ok(q('[data-part="rewrite-diff"]') && engineLine());
});

test('a new result with the same rewrite leaves an open diff alone; a different rewrite replaces it', { skip }, () => {
  const { overlay, q } = make();
  overlay.currentText = 'Vi har eskaleret din sag.';
  overlay.render(RESULT, RESULT.findings, { complete: true });
  q('[data-action="insert-rewrite"]').click();
  const diff = q('[data-part="rewrite-diff"]');
  overlay.render(RESULT, RESULT.findings, { complete: true }); // the quiet follow-up check
  assert.equal(q('[data-part="rewrite-diff"]'), diff);
  overlay.render({ ...RESULT, rewrite: { ...RESULT.rewrite, text: 'Noget andet.' } }, RESULT.findings, { complete: true });
  assert.equal(q('[data-part="rewrite-diff"]'), null);
  assert.ok(q('[data-action="insert-rewrite"]'));
});

test('a new result for other text closes an open diff even when the rewrite is the same', { skip }, () => {
  const { overlay, q } = make();
  overlay.render(RESULT, RESULT.findings, { complete: true, text: 'Vi har eskaleret din sag.' });
  q('[data-action="insert-rewrite"]').click();
  // The agent added words the rewrite happens to drop: the diff read for the old text would hide that.
  overlay.render(RESULT, RESULT.findings, { complete: true, text: 'Vi har eskaleret din sag. Hej' });
  assert.equal(q('[data-part="rewrite-diff"]'), null);
  assert.equal(overlay.rewriteToInsert().text, 'Vi har eskaleret din sag. Hej', 'the rewrite belongs to the new text');
});

test('updateRewrite: only the rewrite section changes, only for the same text; under an open diff the newer one waits', { skip }, () => {
  const { overlay, q, actions } = make();
  const text = 'Vi har eskaleret din sag.';
  const pending = { ...RESULT.rewrite, engine: 'rules', refused: [], model_pending: true };
  const model = { text: 'Tak for din besked. En specialist ser på din sag.', changes: [], remaining: [], engine: 'model', refused: [] };
  overlay.render({ ...RESULT, rewrite: pending }, RESULT.findings, { complete: true, text });
  const engineLine = () => q('[data-part="rewrite-engine"]');
  assert.ok(engineLine().hasAttribute('data-model-pending'));
  assert.equal(engineLine().textContent, 'rewrite_engine_pending');
  const list = q('[data-finding-id="b2"]');
  assert.equal(overlay.updateRewrite(model, 'other text'), false, 'a rewrite of other text is refused');
  assert.equal(engineLine().getAttribute('data-engine'), 'rules');
  // The agent opens the rules' diff; the model's rewrite arrives meanwhile.
  q('[data-action="insert-rewrite"]').click();
  const diff = q('[data-part="rewrite-diff"]');
  assert.equal(overlay.updateRewrite(model, text), true);
  assert.equal(q('[data-part="rewrite-diff"]'), diff);
  assert.equal(overlay.rewriteToInsert().rewrite, pending, 'confirm still inserts what the diff shows');
  assert.equal(q('[data-part="rewrite-newer"]').textContent, 'rewrite_newer_model rewrite_newer_show');
  q('[data-action="show-newer-rewrite"]').click();
  assert.equal(overlay.rewriteToInsert().rewrite, model);
  assert.equal(engineLine().getAttribute('data-engine'), 'model');
  assert.equal(q('[data-part="rewrite-newer"]'), null);
  assert.ok(q('[data-part="rewrite-diff"] ins'));
  q('[data-action="confirm-rewrite"]').click();
  assert.deepEqual(actions.pop(), ['confirm-rewrite', null, 0]);
  assert.equal(q('[data-finding-id="b2"]'), list, 'the findings were not redrawn');
});

test('cancelling the diff shows the newer rewrite that waited behind it', { skip }, () => {
  const { overlay, q } = make();
  const text = 'Vi har eskaleret din sag.';
  overlay.render({ ...RESULT, rewrite: { ...RESULT.rewrite, model_pending: true } }, RESULT.findings, { complete: true, text });
  q('[data-action="insert-rewrite"]').click();
  overlay.updateRewrite({ ...RESULT.rewrite, text: 'Ny tekst.', engine: 'model' }, text);
  q('[data-action="cancel-rewrite"]').click();
  assert.equal(q('[data-part="rewrite-engine"]').getAttribute('data-engine'), 'model');
  assert.equal(overlay.rewriteToInsert().rewrite.text, 'Ny tekst.');
});

test('every server reason the rewrite gives has a translated string', { skip }, () => {
  const fs = require('node:fs');
  const path = require('node:path');
  require('../../extension/shared/protocol.js'); // overlay.js reads the category order from it, as in the browser
  const { REMAINING_REASONS } = require('../../extension/content/overlay.js');
  const source = fs.readFileSync(path.join(__dirname, '../../server/klarsvar/analysis/rewrite.py'), 'utf8');
  const block = source.slice(source.indexOf('REASONS = {'), source.indexOf('}', source.indexOf('REASONS = {')));
  const reasons = Array.from(block.matchAll(/:\s*"([^"]+)"/g)).map((m) => m[1]);
  assert.ok(reasons.length >= 5);
  assert.deepEqual(reasons.filter((r) => !(r in REMAINING_REASONS)), []);
  const en = JSON.parse(fs.readFileSync(path.join(__dirname, '../../extension/_locales/en/messages.json'), 'utf8'));
  for (const key of Object.values(REMAINING_REASONS)) assert.ok(`remaining_${key}` in en, key);
});

test('severity is told by shape and label as well as colour; dark mode and forced colours are styled', { skip }, () => {
  const { overlay } = make();
  const css = overlay.shadow.querySelector('style').textContent;
  assert.match(css, /\.mark\[data-severity="warning"\] \{ border-bottom-style: dashed/);
  assert.match(css, /\.mark\[data-severity="suggestion"\] \{ border-bottom: 2px dotted/);
  assert.match(css, /@media \(prefers-color-scheme: dark\)/);
  assert.match(css, /@media \(forced-colors: active\)/);
});

test('where the body itself is the editor (TinyMCE\'s iframe), the overlay is placed after the body, not in it', { skip }, () => {
  const window = domWith('', SCRIPTS);
  window.document.body.setAttribute('contenteditable', 'true');
  window.document.body.className = 'mce-content-body';
  const overlay = new window.Klarsvar.overlay.Overlay(window.document, { t: (k) => k, onAction() {} });
  assert.equal(overlay.host.parentNode, window.document.documentElement);
  assert.equal(window.document.body.contains(overlay.host), false);
  const plain = domWith('', SCRIPTS);
  const other = new plain.Klarsvar.overlay.Overlay(plain.document, { t: (k) => k, onAction() {} });
  assert.equal(other.host.parentNode, plain.document.body);
});
