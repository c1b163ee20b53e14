'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { wordDiff, shorten, tokenize } = require('../../extension/content/diff.js');

/** Rebuild both sides from a diff. */
function sides(parts) {
  return {
    before: parts.filter((p) => p.type !== 'ins').map((p) => p.text).join(''),
    after: parts.filter((p) => p.type !== 'del').map((p) => p.text).join(''),
  };
}

test('tokens join back to the text (Danish letters and emoji kept whole)', () => {
  const text = 'Kære Åse 😀, din pakke er på vej!';
  assert.equal(tokenize(text).join(''), text);
  assert.ok(tokenize(text).includes('Åse'));
});

test('the diff reproduces both texts and marks changed words only', () => {
  const before = 'Vi har eskaleret din sag til 2nd level.';
  const after = 'Jeg har sendt din sag videre til en kollega.';
  const parts = wordDiff(before, after);
  assert.deepEqual(sides(parts), { before, after });
  assert.deepEqual(parts.filter((p) => p.type === 'del').map((p) => p.text.trim()), ['Vi', 'eskaleret', '2nd', 'level']);
});

test('identical texts are one unchanged part', () => {
  assert.deepEqual(wordDiff('Tak for din mail.', 'Tak for din mail.'), [{ type: 'same', text: 'Tak for din mail.' }]);
});

test('shorten elides long unchanged stretches but keeps changes', () => {
  const same = 'ord '.repeat(100);
  const parts = shorten(wordDiff(`${same}eskaleret ${same}`, `${same}sendt videre ${same}`));
  assert.ok(parts.some((p) => p.elided));
  assert.ok(parts.some((p) => p.type === 'ins' && p.text.includes('sendt')));
  assert.ok(parts.map((p) => p.text).join('').length < 300);
});

test('very long texts fall back to a plain replacement instead of a quadratic diff', () => {
  const long = 'a '.repeat(2000);
  const parts = wordDiff(long, `${long}b`);
  assert.deepEqual(sides(parts), { before: long, after: `${long}b` });
});
