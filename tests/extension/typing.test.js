'use strict';
// Typing stays responsive: per keystroke the content script only restarts a timer (O(1)); the text is
// read and sent once per pause. Measured here on the real content scripts in jsdom.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadJsdom, domWith, fakeChrome, contentScripts } = require('./helpers.js');

const skip = loadJsdom() ? false : 'jsdom missing: run npm install in extension/';

/** jsdom has no layout: make elements count as rendered so the editor is not skipped as hidden. */
function pretendLayout(window) {
  window.HTMLElement.prototype.getClientRects = function getClientRects() { return [{ width: 100, height: 20 }]; };
}

/** Load every content script into a page with a textarea holding `chars` characters. */
function setup(chars) {
  const chrome = fakeChrome((message) => {
    if (message.kind === 'site') return { ok: true, site: { enabled: true, channel: 'email', language: 'auto', ignored: [] } };
    if (message.kind === 'check') {
      return { ok: true, result: { language: 'da', findings: [], readability: null, empathy: null, rewrite: null, grammar: { complete: true } } };
    }
    return { ok: true };
  });
  const window = domWith('<textarea id="t"></textarea>', [], { chrome });
  pretendLayout(window);
  for (const script of contentScripts()) {
    window.eval(require('node:fs').readFileSync(require('node:path').join(__dirname, '../../extension', script), 'utf8'));
  }
  const ta = window.document.getElementById('t');
  ta.value = 'Vi har eskaleret din sag. '.repeat(Math.ceil(chars / 26)).slice(0, chars);
  let builds = 0;
  const original = window.Klarsvar.textModel.buildModel;
  window.Klarsvar.textModel.buildModel = (el) => { builds += 1; return original(el); };
  ta.focus();
  ta.dispatchEvent(new window.FocusEvent('focusin', { bubbles: true }));
  return { window, ta, chrome, builds: () => builds };
}

/** Milliseconds per simulated keystroke (an `input` event) over `n` events. */
function timeKeystrokes({ window, ta }, n) {
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i += 1) ta.dispatchEvent(new window.InputEvent('input', { bubbles: true, inputType: 'insertText', data: 'a' }));
  return Number(process.hrtime.bigint() - started) / 1e6 / n;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

test('keystrokes neither read the text nor send it; one check follows the pause', { skip }, async () => {
  const env = setup(5000);
  await sleep(500); // the check triggered by focusing a non-empty editor
  const checksBefore = env.chrome.sent.filter((m) => m.kind === 'check').length;
  const buildsBefore = env.builds();
  timeKeystrokes(env, 500);
  assert.equal(env.builds(), buildsBefore, 'no text was read while typing');
  assert.equal(env.chrome.sent.filter((m) => m.kind === 'check').length, checksBefore, 'nothing was sent while typing');
  await sleep(550);
  const checks = env.chrome.sent.filter((m) => m.kind === 'check').slice(checksBefore);
  assert.deepEqual(checks.map((m) => m.payload.grammar), [false, true], 'one fast then one full check');
  assert.equal(checks[0].payload.text.length, 5000);
  env.window.close();
});

test('the cost of a keystroke does not grow with the text (O(1))', { skip }, async () => {
  const small = setup(500);
  const large = setup(50000);
  await sleep(450);
  // Warm up the JIT, then measure.
  timeKeystrokes(small, 2000);
  timeKeystrokes(large, 2000);
  const perSmall = timeKeystrokes(small, 5000);
  const perLarge = timeKeystrokes(large, 5000);
  console.log(`# per keystroke: ${(perSmall * 1000).toFixed(1)} µs at 500 chars, ${(perLarge * 1000).toFixed(1)} µs at 50,000 chars`);
  assert.ok(perLarge < 0.5, `a keystroke took ${perLarge} ms`);
  // 100× the text must not cost 100× per keystroke; allow generous noise for a shared CI machine.
  assert.ok(perLarge < perSmall * 4 + 0.02, `per-keystroke time grew with text size: ${perSmall} → ${perLarge} ms`);
  small.window.close();
  large.window.close();
});
