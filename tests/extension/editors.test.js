'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadJsdom, domWith } = require('./helpers.js');

const skip = loadJsdom() ? false : 'jsdom missing: run npm install in extension/';
// Values made in the jsdom realm have that realm's prototypes; compare them as plain data.
const plain = (value) => JSON.parse(JSON.stringify(value));
const SCRIPTS = ['shared/namespace.js', 'content/textModel.js', 'content/editors.js', 'adapters/registry.js', 'adapters/generic.js'];

/** A document with `html`, the editor scripts, and the layout/isContentEditable jsdom lacks. */
function page(html) {
  const window = domWith(html, SCRIPTS);
  window.HTMLElement.prototype.getClientRects = function getClientRects() { return this.hasAttribute('data-invisible') ? [] : [{}]; };
  Object.defineProperty(window.HTMLElement.prototype, 'isContentEditable', {
    get() {
      const host = this.closest('[contenteditable]');
      return Boolean(host) && host.getAttribute('contenteditable') !== 'false';
    },
  });
  return window;
}

test('each editor kind is recognised by its DOM marker, from any element inside it', { skip }, () => {
  const w = page(`
    <textarea id="ta"></textarea>
    <div id="ce" contenteditable="true"><p><b id="ce-b">x</b></p></div>
    <div id="pm" class="ProseMirror" contenteditable="true"><p id="pm-p">x</p></div>
    <div class="ql-container"><div id="ql" class="ql-editor" contenteditable="true"><p id="ql-p">x</p></div></div>
    <div id="ck" class="ck ck-content ck-editor__editable" contenteditable="true"><p id="ck-p">x</p></div>
    <div id="mce" class="mce-content-body" contenteditable="true"><p id="mce-p">x</p></div>`);
  const { describeEditor } = w.Klarsvar.editors;
  const d = (id) => describeEditor(w.document.getElementById(id));
  assert.deepEqual([d('ta').kind, d('ce-b').kind, d('pm-p').kind, d('ql-p').kind, d('ck-p').kind, d('mce-p').kind],
    ['textarea', 'contenteditable', 'prosemirror', 'quill', 'ckeditor5', 'tinymce']);
  assert.equal(d('pm-p').root.id, 'pm');
  assert.equal(d('ck-p').root.id, 'ck');
});

test('password, hidden and other inputs are never checked', { skip }, () => {
  const w = page('<input id="pw" type="password"><input id="h" type="hidden"><input id="t" type="text"><input id="e" type="email">');
  const { describeEditor, skipReasons } = w.Klarsvar.editors;
  for (const id of ['pw', 'h', 't', 'e']) assert.equal(describeEditor(w.document.getElementById(id)), null, id);
  assert.deepEqual(plain(skipReasons(w.document.getElementById('pw'))), ['secret-or-hidden-input']);
});

test('disabled, read-only, invisible, opted-out and search fields are skipped', { skip }, () => {
  const w = page(`<textarea id="d" disabled></textarea><textarea id="r" readonly></textarea>
    <textarea id="i" data-invisible></textarea><div data-klarsvar="off"><textarea id="o"></textarea></div>
    <div id="s" contenteditable="true" role="searchbox"></div><div aria-hidden="true"><textarea id="a"></textarea></div>
    <div id="n"></div>`);
  const { describeEditor, skipReasons } = w.Klarsvar.editors;
  for (const id of ['d', 'r', 'i', 'o', 's', 'a', 'n']) assert.equal(describeEditor(w.document.getElementById(id)), null, id);
  assert.deepEqual(plain(skipReasons(w.document.getElementById('r'))), ['read-only']);
});

test('the generic adapter finds the editing host of the focused element', { skip }, () => {
  const w = page('<div id="host" contenteditable="true"><p><span id="inner">Hej</span></p></div>');
  const found = w.Klarsvar.adapters.resolve(w.document, w.document.getElementById('inner'));
  assert.equal(found.adapter.id, 'generic');
  assert.equal(found.element.id, 'host');
  assert.equal(w.Klarsvar.adapters.customerContext(found.adapter, w.document, found.element), null);
  assert.equal(w.Klarsvar.adapters.channelOf(found.adapter, w.document), null);
});

test('a site adapter wins when it matches, and a broken one degrades to generic', { skip }, () => {
  const w = page('<div class="log"><p class="msg">Min pakke er ikke kommet.</p><span class="who">Maria</span></div><textarea id="reply"></textarea><textarea id="other"></textarea>');
  const registry = w.Klarsvar.adapters;
  registry.register({
    id: 'example-helpdesk',
    selectors: { reply: '#reply', lastMessage: '.log .msg', customerName: '.log .who' },
    matches: (location) => location.hostname === '127.0.0.1',
    findReplyEditor(doc, focused) { return focused && focused.matches(this.selectors.reply) ? focused : null; },
    readCustomerMessage(doc) {
      return { message: doc.querySelector(this.selectors.lastMessage).textContent, name: doc.querySelector(this.selectors.customerName).textContent };
    },
    channel: () => 'chat',
  });
  const reply = registry.resolve(w.document, w.document.getElementById('reply'));
  assert.equal(reply.adapter.id, 'example-helpdesk');
  assert.deepEqual(plain(registry.customerContext(reply.adapter, w.document, reply.element)), { message: 'Min pakke er ikke kommet.', name: 'Maria' });
  assert.equal(registry.channelOf(reply.adapter, w.document), 'chat');
  // Not its composer: the generic adapter takes it.
  assert.equal(registry.resolve(w.document, w.document.getElementById('other')).adapter.id, 'generic');

  // A site redesign: the adapter's selectors no longer match and it throws. Generic, never an error.
  registry.register({
    id: 'example-helpdesk',
    selectors: {},
    matches: () => true,
    findReplyEditor() { throw new Error('selector gone'); },
    readCustomerMessage() { throw new Error('selector gone'); },
    channel() { throw new Error('selector gone'); },
  });
  const original = w.console.debug;
  w.console.debug = () => {};
  const degraded = registry.resolve(w.document, w.document.getElementById('reply'));
  assert.equal(degraded.adapter.id, 'generic');
  const broken = registry.list().find((a) => a.id === 'example-helpdesk');
  assert.equal(registry.customerContext(broken, w.document, null), null);
  assert.equal(registry.channelOf(broken, w.document), null);
  w.console.debug = original;
});

test('an adapter missing part of the contract is refused at registration', { skip }, () => {
  const w = page('');
  assert.throws(() => w.Klarsvar.adapters.register({ id: 'half', matches: () => true }), /lacks findReplyEditor/);
});

test('Froala (Freshdesk\'s reply editor) is recognised by `.fr-element` and uses execCommand like ProseMirror', { skip }, () => {
  const w = page(`<div class="fr-box"><div class="fr-wrapper"><div id="fr" class="fr-element fr-view" contenteditable="true">
    <p id="fr-p">Hej <strong id="fr-b">Louise</strong></p></div></div></div>`);
  const { describeEditor } = w.Klarsvar.editors;
  assert.equal(describeEditor(w.document.getElementById('fr-b')).kind, 'froala');
  assert.equal(describeEditor(w.document.getElementById('fr-p')).root.id, 'fr');
  const src = require('node:fs').readFileSync(require('node:path').resolve(__dirname, '../../extension/content/apply.js'), 'utf8');
  const scope = {}; // apply.js's IIFE registers on the object passed as its `globalThis`
  new Function('globalThis', src)(scope); // eslint-disable-line no-new-func
  assert.equal(scope.Klarsvar.apply.strategyFor('froala'), 'execCommand');
});
