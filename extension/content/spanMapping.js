/**
 * Stale-suggestion safety: carry a finding's span from the text that was checked to the text the
 * editor holds now, and refuse ("fail closed") whenever the words under the span may have changed.
 */
(function (root) {
  'use strict';

  /** The single edit turning `before` into `after`: common prefix/suffix → `{start, oldEnd, newEnd}`. */
  function singleEdit(before, after) {
    if (before === after) return null;
    const max = Math.min(before.length, after.length);
    let start = 0;
    while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start += 1;
    let oldEnd = before.length;
    let newEnd = after.length;
    while (oldEnd > start && newEnd > start && before.charCodeAt(oldEnd - 1) === after.charCodeAt(newEnd - 1)) {
      oldEnd -= 1;
      newEnd -= 1;
    }
    // Never cut a surrogate pair (an emoji is two UTF-16 units): widen the edit to whole characters.
    const isHigh = (c) => c >= 0xd800 && c <= 0xdbff;
    const isLow = (c) => c >= 0xdc00 && c <= 0xdfff;
    if (start > 0 && isHigh(before.charCodeAt(start - 1))) start -= 1;
    if (oldEnd < before.length && isLow(before.charCodeAt(oldEnd))) { oldEnd += 1; newEnd += 1; }
    return { start, oldEnd, newEnd };
  }

  /**
   * Move `[start, end)` from `before` into `after`. Returns the new span, or null when the edit touches
   * the span or its edges (an insertion right at either edge changes the word, so it counts).
   */
  function remapSpan(before, after, start, end) {
    const edit = singleEdit(before, after);
    if (!edit) return { start, end };
    if (edit.oldEnd < start) {
      const delta = edit.newEnd - edit.oldEnd;
      return { start: start + delta, end: end + delta };
    }
    if (edit.start > end) return { start, end };
    return null;
  }

  /** Whether `text` still holds `expected` at `[start, end)` (UTF-16 offsets). */
  function spanHolds(text, start, end, expected) {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > text.length) return false;
    return text.slice(start, end) === expected;
  }

  /**
   * Where `finding` sits in `currentText`, given the `checkedText` the server saw; null when stale.
   * The slice must equal `finding.text` exactly, so a suggestion is never applied to other words.
   */
  function locateFinding(checkedText, currentText, finding) {
    if (finding.start === null || finding.start === undefined) return null;
    if (!spanHolds(checkedText, finding.start, finding.end, finding.text)) return null;
    const span = remapSpan(checkedText, currentText, finding.start, finding.end);
    if (!span || !spanHolds(currentText, span.start, span.end, finding.text)) return null;
    return span;
  }

  const WORD_CHAR = /[\p{L}\p{N}_]/u;

  /**
   * The single replacement turning `current` into `wanted`: `{start, end, text}` or null.
   * The edit is widened to whole words and never left empty (a pure insertion takes the neighbouring
   * word along): editors handle "replace these words" reliably, while a collapsed insertion at a
   * paragraph edge is ignored by some (CKEditor 5) and mangled by others.
   */
  function minimalReplacement(current, wanted) {
    const edit = singleEdit(current, wanted);
    if (!edit) return null;
    let { start, oldEnd, newEnd } = edit;
    while (start > 0 && WORD_CHAR.test(current[start - 1])) start -= 1;
    while (oldEnd < current.length && WORD_CHAR.test(current[oldEnd])) { oldEnd += 1; newEnd += 1; }
    if (start === oldEnd) {
      if (oldEnd < current.length) {
        // Take the next word (or character) along.
        do { oldEnd += 1; newEnd += 1; } while (oldEnd < current.length && WORD_CHAR.test(current[oldEnd]) && WORD_CHAR.test(current[oldEnd - 1]));
      } else if (start > 0) {
        do { start -= 1; } while (start > 0 && WORD_CHAR.test(current[start - 1]) && WORD_CHAR.test(current[start]));
      }
    }
    return { start, end: oldEnd, text: wanted.slice(start, newEnd) };
  }

  /**
   * The server's exact edit for replacement `index` of `finding` (`finding.edits`: deleting a phrase also
   * takes a space and capitalises the next word), moved to where the finding now sits (`span`); null when
   * there is none or the text around the finding has changed (then the plain replacement applies).
   */
  function widenedEdit(currentText, finding, span, index) {
    const edit = finding.edits && finding.edits[index];
    if (!edit || !Number.isInteger(edit.start) || !Number.isInteger(edit.end)) return null;
    const start = span.start + (edit.start - finding.start);
    const end = span.end + (edit.end - finding.end);
    if (!spanHolds(currentText, start, end, edit.text)) return null;
    return { start, end, replacement: edit.replacement };
  }

  const api = { singleEdit, remapSpan, spanHolds, locateFinding, minimalReplacement, widenedEdit };
  root.Klarsvar = root.Klarsvar || {};
  root.Klarsvar.spanMapping = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(globalThis);
