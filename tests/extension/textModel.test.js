'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadJsdom, domWith } = require('./helpers.js');

const skip = loadJsdom() ? false : 'jsdom missing: run npm install in extension/';
const SCRIPTS = ['shared/namespace.js', 'content/textModel.js'];

/** Build the model of `#e` in a fresh document holding `html`. */
function modelOf(html) {
  const window = domWith(`<div id="e" contenteditable="true">${html}</div>`, SCRIPTS);
  const el = window.document.getElementById('e');
  return { model: window.Klarsvar.textModel.buildModel(el), window, el };
}

test('paragraphs become single newlines (ProseMirror/CKEditor markup)', { skip }, () => {
  assert.equal(modelOf('<p>Hej Maria</p><p>Vi har eskaleret din sag.</p>').model.text, 'Hej Maria\nVi har eskaleret din sag.');
});

test('empty lines are kept: Quill <p><br></p> and ProseMirror trailing breaks agree', { skip }, () => {
  assert.equal(modelOf('<p>a</p><p><br></p><p>b</p>').model.text, 'a\n\nb');
  assert.equal(modelOf('<p>a</p><p><br class="ProseMirror-trailingBreak"></p><p>b</p>').model.text, 'a\n\nb');
  assert.equal(modelOf('<p>a<br class="ProseMirror-trailingBreak"></p>').model.text, 'a');
  assert.equal(modelOf('<p>a<br data-cke-filler="true"></p><p>b</p>').model.text, 'a\nb');
});

test('Chrome contenteditable markup: text then <div> lines, <br> line breaks', { skip }, () => {
  assert.equal(modelOf('Hej<div>Vi har</div><div><br></div><div>Mvh</div>').model.text, 'Hej\nVi har\n\nMvh');
  assert.equal(modelOf('a<br>b').model.text, 'a\nb');
});

test('inline formatting does not break words; widgets and our overlay are skipped', { skip }, () => {
  assert.equal(modelOf('<p>Vi <strong>har</strong> <em>eska</em>leret</p>').model.text, 'Vi har eskaleret');
  assert.equal(modelOf('<p>a<span contenteditable="false">WIDGET</span>b</p>').model.text, 'ab');
  assert.equal(modelOf('<p>a</p><klarsvar-overlay>UI</klarsvar-overlay>').model.text, 'a');
});

test('nbsp becomes a space, zero-width fillers are dropped, offsets still map', { skip }, () => {
  const { model, window } = modelOf('<p>Vi\u00a0har\ufeff eska\u200bleret</p>');
  assert.equal(model.text, 'Vi har eskaleret');
  const start = model.text.indexOf('eskaleret');
  const range = window.Klarsvar.textModel.rangeFor(model, start, start + 9);
  // The DOM range spans the filler inside the word; the agent's text under it is the finding's text.
  assert.equal(range.toString(), 'eska\u200bleret');
  assert.equal(range.toString().replace(/[\u200b\ufeff]/g, ''), 'eskaleret');
});

test('ranges map UTF-16 offsets across emoji, æøå and text nodes', { skip }, () => {
  const { model, window } = modelOf('<p>Hej Åse 😀</p><p>Vi har <b>eskal</b>eret din sag</p>');
  const start = model.text.indexOf('eskaleret');
  assert.equal(start, 'Hej Åse 😀\nVi har '.length); // 😀 is two units
  const range = window.Klarsvar.textModel.rangeFor(model, start, start + 'eskaleret'.length);
  assert.equal(range.toString(), 'eskaleret');
  const emoji = model.text.indexOf('😀');
  assert.equal(window.Klarsvar.textModel.rangeFor(model, emoji, emoji + 2).toString(), '😀');
});

test('a range never starts at the end of the previous line', { skip }, () => {
  const { model, window } = modelOf('<p>første</p><p>anden</p>');
  const start = model.text.indexOf('anden');
  const range = window.Klarsvar.textModel.rangeFor(model, start, start + 5);
  assert.equal(range.toString(), 'anden');
  assert.equal(range.startContainer.data, 'anden');
  const whole = window.Klarsvar.textModel.rangeFor(model, 0, model.text.length);
  assert.equal(whole.toString(), 'førsteanden'); // DOM ranges have no newline between <p>s
});

test('a textarea model is its value, CRLF-free as browsers normalise it', { skip }, () => {
  const window = domWith('<textarea id="t"></textarea>', SCRIPTS);
  const ta = window.document.getElementById('t');
  ta.value = 'Hej 😀\nVi har eskaleret';
  const model = window.Klarsvar.textModel.buildModel(ta);
  assert.equal(model.text, 'Hej 😀\nVi har eskaleret');
  assert.equal(model.segments, null);
});

test('normalizeForCompare ignores fillers, nbsp and CRLF', { skip }, () => {
  const { normalizeForCompare } = require('../../extension/content/textModel.js');
  assert.equal(normalizeForCompare('a\u00a0b\u200b\r\nc'), 'a b\nc');
});

test('one DOM-to-text walker: the site adapters read messages through the text model\'s walkText', { skip }, () => {
  const scripts = ['shared/namespace.js', 'shared/protocol.js', 'content/textModel.js', 'adapters/registry.js', 'adapters/siteTools.js'];
  const markup = ['<p>Hej Maria</p><p>Vi har eskaleret din sag.</p>', 'Hej<div>Vi har</div><div>Mvh</div>', 'a<br>b',
    '<ul><li>en</li><li>to</li></ul><h2>Tak</h2>', '<div><section><p>dybt</p></section>inde</div>'];
  for (const html of markup) {
    const window = domWith(`<div id="e">${html}</div>`, scripts);
    const { textModel, siteTools } = window.Klarsvar;
    const el = window.document.getElementById('e');
    let walks = 0;
    const shared = textModel.walkText;
    textModel.walkText = (...args) => { walks += 1; return shared(...args); };
    const message = siteTools.textOf(el);
    assert.equal(walks, 1, 'textOf walks the DOM through textModel.walkText, not a walker of its own');
    // The reply's model and the customer's message split the same markup into the same lines
    // (textOf also collapses blank lines between blocks into one empty line; the model has none here).
    assert.equal(message.replace(/\n\n/g, '\n'), textModel.fromElement(el).text, html);
  }
});
