'use strict';
// content/apply.js in jsdom: an edit computed for one text never lands in another.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadJsdom, domWith } = require('./helpers.js');

const skip = loadJsdom() ? false : 'jsdom missing: run npm install in extension/';
const SCRIPTS = ['shared/namespace.js', 'content/textModel.js', 'content/apply.js'];

test('the text changing while the selection settles fails closed: nothing is written', { skip }, async () => {
  const window = domWith('<div id="e" contenteditable="true"><p>Vi har eskaleret din sag.</p></div>', SCRIPTS);
  const K = window.Klarsvar;
  const el = window.document.getElementById('e');
  const model = K.textModel.buildModel(el);
  const commands = [];
  window.document.execCommand = (...args) => { commands.push(args); return true; };
  const pending = K.apply.replaceSpan({ kind: 'contenteditable', root: el }, model, 0, model.text.length, 'Ny tekst.');
  el.querySelector('p').append(' Mvh Ida'); // the agent (or the app) changes the reply before the edit
  const result = await pending;
  assert.equal(result.ok, false);
  assert.equal(result.reason, 'text-changed');
  assert.deepEqual(commands, []);
  assert.equal(K.textModel.buildModel(el).text, 'Vi har eskaleret din sag. Mvh Ida');
  window.close();
});

test('an unchanged text gets the edit', { skip }, async () => {
  const window = domWith('<div id="e" contenteditable="true"><p>Vi har eskaleret din sag.</p></div>', SCRIPTS);
  const K = window.Klarsvar;
  const el = window.document.getElementById('e');
  const model = K.textModel.buildModel(el);
  const commands = [];
  window.document.execCommand = (command, ui, value) => {
    commands.push([command, value]);
    el.querySelector('p').textContent = 'Vi har sendt din sag.'; // what the browser would do
    return true;
  };
  const result = await K.apply.replaceSpan({ kind: 'contenteditable', root: el }, model, 7, 16, 'sendt');
  assert.deepEqual(commands, [['insertText', 'sendt']]);
  assert.deepEqual([result.ok, result.text], [true, 'Vi har sendt din sag.']);
  window.close();
});
