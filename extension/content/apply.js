/**
 * Applying a replacement so the page's editor sees it as an edit: its model and its undo stack.
 *
 * Strategy per editor kind, as measured on real editors (docs/editors.md):
 *  - textarea, plain contenteditable, ProseMirror, Quill, Froala: select the span, `execCommand('insertText')`
 *    (Froala 5 records it as one undo step, multi-line text included: tests/e2e/test_editors.py);
 *  - TinyMCE: the same `execCommand`, framed by `input` events of type `insertReplacementText` (what the
 *    browser's spell checker fires): TinyMCE keeps its own undo stack and records an undo level on that
 *    event only, so one before and one after make the change one Ctrl+Z step (tests/e2e/test_tinymce.py);
 *  - CKEditor 5: select the span, dispatch a cancelable `beforeinput` (`insertReplacementText`, with a
 *    DataTransfer); CKEditor cancels it and applies it to its own model. Text spanning lines goes in
 *    as a synthetic `paste` of paragraphs instead (one undo step rather than one per line).
 * Never raw DOM/`.value` edits: the text would look right but the next Ctrl+Z would destroy it.
 * After any strategy the text is read back; a mismatch is reported, never hidden.
 */
(function (root) {
  'use strict';
  const K = root.Klarsvar;

  /** Which strategy an editor kind uses. */
  function strategyFor(kind) {
    return kind === 'ckeditor5' ? 'beforeinput' : 'execCommand';
  }

  /** Select `[start, end)` of the model in the editor; returns the DOM Range (null for textareas). */
  function selectSpan(editor, model, start, end) {
    const el = editor.root;
    if (editor.kind === 'textarea') {
      el.focus({ preventScroll: true });
      el.setSelectionRange(start, end);
      return null;
    }
    const range = K.textModel.rangeFor(model, start, end);
    if (!range) throw new Error('span-not-mappable');
    el.focus({ preventScroll: true });
    const selection = el.ownerDocument.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    return range;
  }

  /** Dispatch the `beforeinput` CKEditor 5 handles; true when the editor took it (cancelled it). */
  function dispatchReplacement(el, range, text) {
    const win = el.ownerDocument.defaultView;
    const data = new win.DataTransfer();
    data.setData('text/plain', text);
    const event = new win.InputEvent('beforeinput', {
      inputType: 'insertReplacementText',
      data: text,
      dataTransfer: data,
      targetRanges: range ? [new win.StaticRange(range)] : [],
      bubbles: true,
      cancelable: true,
      composed: true,
    });
    return !el.dispatchEvent(event);
  }

  /**
   * Tell an editor with its own undo stack (TinyMCE) to record the current text as an undo level: the
   * `input` event the browser fires when its spell checker replaces a word.
   */
  function markUndoLevel(el) {
    const win = el.ownerDocument.defaultView;
    el.dispatchEvent(new win.InputEvent('input', { inputType: 'insertReplacementText', bubbles: true, composed: true }));
  }

  /** Escape text for HTML. */
  function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  /**
   * Dispatch a synthetic `paste` holding `text` as paragraphs (text/html) and as text/plain; true when
   * the editor handled it. Used for multi-line replacements in CKEditor 5, whose `beforeinput` path
   * splits them into one undo step per line while a paste is a single undo step.
   */
  function dispatchPaste(el, text) {
    const win = el.ownerDocument.defaultView;
    const data = new win.DataTransfer();
    data.setData('text/plain', text);
    data.setData('text/html', text.split('\n').map((line) => `<p>${escapeHtml(line)}</p>`).join(''));
    const event = new win.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true, composed: true });
    return !el.dispatchEvent(event);
  }

  /** Resolve on the next `selectionchange` of `doc` (or after 100 ms), then one more task. */
  function selectionSettled(doc) {
    return new Promise((resolve) => {
      const done = () => {
        doc.removeEventListener('selectionchange', done);
        clearTimeout(timer);
        setTimeout(resolve, 0);
      };
      const timer = setTimeout(done, 100);
      doc.addEventListener('selectionchange', done);
    });
  }

  /** Resolve after `ms` milliseconds. */
  function delay(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Read the editor's text until it equals `expected` (editors re-render asynchronously) or time runs out. */
  async function readBack(editor, expected, timeoutMs = 400) {
    const want = K.textModel.normalizeForCompare(expected);
    const started = Date.now();
    let text = '';
    for (;;) {
      text = K.textModel.buildModel(editor.root).text;
      if (K.textModel.normalizeForCompare(text) === want) return { ok: true, text };
      if (Date.now() - started > timeoutMs) return { ok: false, text };
      await delay(25);
    }
  }

  /**
   * Replace `[start, end)` of the editor's current text with `replacement`.
   * `model` must be freshly built from the editor. Resolves to `{ok, reason?, text}`.
   */
  async function replaceSpan(editor, model, start, end, replacement) {
    const expected = model.text.slice(0, start) + replacement + model.text.slice(end);
    let range;
    try {
      range = selectSpan(editor, model, start, end);
    } catch (err) {
      return { ok: false, reason: 'select-failed', text: model.text };
    }
    const doc = editor.root.ownerDocument;
    if (editor.kind !== 'textarea') {
      // Let the editor see the new selection before the edit (DOM `selectionchange` is async). CKEditor 5
      // otherwise adds the replacement to the last typing batch, and one Ctrl+Z would undo both.
      await selectionSettled(doc);
      // The text changed meanwhile (a keystroke, the app re-rendering): the span was computed for the old
      // text, so the edit would land in the wrong place or put a rewrite of other text in. Fail closed.
      const now = K.textModel.normalizeForCompare(K.textModel.buildModel(editor.root).text);
      if (now !== K.textModel.normalizeForCompare(model.text)) return { ok: false, reason: 'text-changed', text: model.text };
    }
    if (strategyFor(editor.kind) === 'beforeinput' && replacement.includes('\n')) {
      if (!dispatchPaste(editor.root, replacement)) {
        return { ok: false, reason: 'editor-ignored-edit', text: model.text };
      }
    } else if (strategyFor(editor.kind) === 'beforeinput') {
      if (!dispatchReplacement(editor.root, range, replacement)) {
        return { ok: false, reason: 'editor-ignored-edit', text: model.text };
      }
    } else {
      const ownUndo = editor.kind === 'tinymce';
      if (ownUndo) markUndoLevel(editor.root); // the text before the change: where Ctrl+Z returns to
      if (!doc.execCommand('insertText', false, replacement)) {
        return { ok: false, reason: 'execcommand-refused', text: model.text };
      }
      if (ownUndo) markUndoLevel(editor.root);
    }
    const result = await readBack(editor, expected);
    return result.ok ? result : { ...result, reason: 'readback-mismatch' };
  }

  const api = { strategyFor, selectSpan, replaceSpan, readBack, dispatchReplacement, dispatchPaste, markUndoLevel, escapeHtml };
  root.Klarsvar = root.Klarsvar || {};
  root.Klarsvar.apply = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(globalThis);
