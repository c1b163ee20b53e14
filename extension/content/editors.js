/**
 * Editor detection: from any element the agent types into, find the editable root and its kind.
 *
 * Content scripts run in an isolated world and cannot see the page's editor objects (a Quill instance,
 * a ProseMirror view), so kinds are recognised by the DOM markers each editor puts on its root.
 */
(function (root) {
  'use strict';

  /** Editor kinds, each with the DOM marker that identifies its editable root. */
  const KIND_MARKERS = [
    ['ckeditor5', (el) => el.classList.contains('ck-editor__editable') || el.classList.contains('ck-content')],
    ['prosemirror', (el) => el.classList.contains('ProseMirror')],
    ['quill', (el) => el.classList.contains('ql-editor')],
    // Froala (Freshdesk's reply editor): `.fr-element.fr-view` is the editing root it creates.
    ['froala', (el) => el.classList.contains('fr-element')],
    // TinyMCE: the editable body of its iframe (classic mode) or the inline host, both `.mce-content-body`.
    ['tinymce', (el) => el.classList.contains('mce-content-body')],
  ];

  /** Field types that must never be read (secrets, hidden values) — inputs are not checked at all. */
  const NEVER_TYPES = new Set(['password', 'hidden']);

  /** The outermost editable ancestor of a contenteditable element (the editing host). */
  function editingHost(el) {
    let host = el;
    while (host.parentElement && host.parentElement.isContentEditable) host = host.parentElement;
    return host;
  }

  /** Whether the element is rendered (has boxes) and not hidden from assistive technology. */
  function isVisible(el) {
    if (el.closest && el.closest('[aria-hidden="true"], [hidden]')) return false;
    return typeof el.getClientRects !== 'function' || el.getClientRects().length > 0;
  }

  /** Reasons an element must not be checked (empty list = checkable); easy to log while debugging. */
  function skipReasons(el) {
    const reasons = [];
    const tag = el.tagName.toUpperCase();
    if (tag === 'INPUT') {
      reasons.push(NEVER_TYPES.has((el.type || '').toLowerCase()) ? 'secret-or-hidden-input' : 'single-line-input');
      return reasons;
    }
    if (tag === 'TEXTAREA') {
      if (el.disabled) reasons.push('disabled');
      if (el.readOnly) reasons.push('read-only');
    } else if (!el.isContentEditable) {
      reasons.push('not-editable');
    }
    if (el.getAttribute('data-klarsvar') === 'off' || (el.closest && el.closest('[data-klarsvar="off"]'))) reasons.push('opted-out');
    if (el.getAttribute('role') === 'combobox' || el.getAttribute('role') === 'searchbox') reasons.push('search-or-combobox');
    if (!isVisible(el)) reasons.push('hidden');
    return reasons;
  }

  /**
   * Describe the editor `el` belongs to: `{kind, root}` with kind textarea | contenteditable |
   * prosemirror | quill | ckeditor5 | froala, or null when it is not a checkable editor.
   */
  function describeEditor(el) {
    if (!el || el.nodeType !== 1) return null;
    const tag = el.tagName.toUpperCase();
    let rootEl;
    let kind;
    if (tag === 'TEXTAREA' || tag === 'INPUT') {
      rootEl = el;
      kind = 'textarea';
    } else if (el.isContentEditable) {
      rootEl = editingHost(el);
      kind = 'contenteditable';
      for (const [name, test] of KIND_MARKERS) {
        if (test(rootEl)) { kind = name; break; }
      }
    } else {
      return null;
    }
    if (skipReasons(rootEl).length > 0) return null;
    return { kind, root: rootEl };
  }

  const api = { describeEditor, skipReasons, editingHost, isVisible, KIND_MARKERS };
  root.Klarsvar = root.Klarsvar || {};
  root.Klarsvar.editors = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(globalThis);
