'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { singleEdit, remapSpan, spanHolds, locateFinding, minimalReplacement, widenedEdit } = require('../../extension/content/spanMapping.js');

const checked = 'Hej 😀 Vi har eskaleret din sag til 2nd level.';
// UTF-16 offsets, as the server sends them: the emoji counts as two units.
const finding = { start: 14, end: 23, text: 'eskaleret' };

test('offsets are UTF-16 code units: the emoji before the span counts twice', () => {
  assert.equal(checked.slice(finding.start, finding.end), 'eskaleret');
  assert.equal([...checked.slice(0, finding.start)].length, finding.start - 1);
});

test('an unchanged text keeps the span', () => {
  assert.deepEqual(locateFinding(checked, checked, finding), { start: 14, end: 23 });
});

test('an edit before the span shifts it, including emoji and æøå', () => {
  const edited = `Kære Åse 😀😀\n${checked}`;
  const span = locateFinding(checked, edited, finding);
  assert.ok(span);
  assert.equal(edited.slice(span.start, span.end), 'eskaleret');
  assert.equal(span.start - finding.start, 'Kære Åse 😀😀\n'.length); // 14 UTF-16 units
});

test('an edit after the span keeps it', () => {
  assert.deepEqual(locateFinding(checked, `${checked} Mvh Åse`, finding), { start: 14, end: 23 });
});

test('an edit inside the span makes the finding stale (fail closed)', () => {
  const edited = checked.replace('eskaleret', 'eskalerede');
  assert.equal(locateFinding(checked, edited, finding), null);
});

test('typing right at either edge of the span makes it stale too', () => {
  assert.equal(locateFinding(checked, checked.replace('eskaleret', 'xeskaleret'), finding), null);
  assert.equal(locateFinding(checked, checked.replace('eskaleret', 'eskaleretx'), finding), null);
});

test('a finding whose text does not match the checked text is never located', () => {
  assert.equal(locateFinding(checked, checked, { start: 14, end: 23, text: 'eskalere' }), null);
  assert.equal(locateFinding(checked, checked, { start: null, end: null, text: null }), null);
  assert.equal(locateFinding(checked, checked, { start: 40, end: 99, text: 'x' }), null);
});

test('CRLF in the text is just two code units', () => {
  const crlf = 'Hej\r\nVi har eskaleret sagen.';
  const f = { start: 12, end: 21, text: 'eskaleret' };
  assert.ok(spanHolds(crlf, f.start, f.end, f.text));
  assert.deepEqual(locateFinding(crlf, `Kære\r\n${crlf}`, f), { start: 18, end: 27 });
});

test('singleEdit never splits a surrogate pair', () => {
  const edit = singleEdit('a😀b', 'a😃b');
  assert.deepEqual(edit, { start: 1, oldEnd: 3, newEnd: 3 });
  assert.equal(singleEdit('same', 'same'), null);
});

test('remapSpan drops spans the edit touches', () => {
  assert.equal(remapSpan('abc def ghi', 'abc dXf ghi', 4, 7), null);
  assert.deepEqual(remapSpan('abc def ghi', 'abcc def ghi', 4, 7), { start: 5, end: 8 });
});

test('minimalReplacement widens to whole words and is never an empty insertion', () => {
  const text = 'Vi har eskaleret din sag.';
  for (const wanted of ['Jeg forstår dig. Vi har eskaleret din sag.', 'Vi har sendt din sag videre.', 'Vi har eskaleret din sag. Tak!', '😀 Vi har eskaleret din sag.']) {
    const r = minimalReplacement(text, wanted);
    assert.ok(r.end > r.start, JSON.stringify(r));
    assert.equal(text.slice(0, r.start) + r.text + text.slice(r.end), wanted);
  }
  assert.deepEqual(minimalReplacement(text, 'Vi har sendt din sag.'), { start: 7, end: 16, text: 'sendt' });
  assert.equal(minimalReplacement(text, text), null);
});

test("the server's widened edit applies where the finding now sits, and only if its text is still there", () => {
  const text = '😀 Please be advised that the ticket is open.';
  const advised = {
    start: 3, end: 25, text: 'Please be advised that', replacements: [''],
    edits: [{ start: 3, end: 27, text: 'Please be advised that t', replacement: 'T' }],
  };
  assert.deepEqual(widenedEdit(text, advised, { start: 3, end: 25 }, 0), { start: 3, end: 27, replacement: 'T' });
  const typedBefore = 'Hi! ' + text;  // the agent typed in front: the finding moved by 4
  assert.deepEqual(widenedEdit(typedBefore, advised, { start: 7, end: 29 }, 0), { start: 7, end: 31, replacement: 'T' });
  const changedAfter = '😀 Please be advised that a ticket is open.';  // the widened part changed
  assert.equal(widenedEdit(changedAfter, advised, { start: 3, end: 25 }, 0), null);
  assert.equal(widenedEdit(text, { ...advised, edits: undefined }, { start: 3, end: 25 }, 0), null);
});
