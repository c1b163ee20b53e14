/**
 * Screen boxes for text spans, for drawing marks over the editor without touching its DOM.
 * Contenteditable: DOM Range client rects. Textarea: an off-screen mirror element with the field's
 * text styles (textareas have no Range over their text).
 */
(function (root) {
  'use strict';
  const K = root.Klarsvar;

  // Computed-style properties that decide where text wraps inside a textarea.
  const MIRROR_PROPS = ['boxSizing', 'width', 'height', 'overflowX', 'overflowY', 'borderTopWidth', 'borderRightWidth',
    'borderBottomWidth', 'borderLeftWidth', 'borderStyle', 'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft',
    'fontStyle', 'fontVariant', 'fontWeight', 'fontStretch', 'fontSize', 'fontSizeAdjust', 'lineHeight', 'fontFamily',
    'textAlign', 'textTransform', 'textIndent', 'textDecoration', 'letterSpacing', 'wordSpacing', 'tabSize', 'direction'];

  const mirrors = new WeakMap();

  /** The mirror element for a textarea, created once per field and kept in sync on each call. */
  function mirrorFor(field) {
    const doc = field.ownerDocument;
    let mirror = mirrors.get(field);
    if (!mirror || !mirror.isConnected) {
      mirror = doc.createElement('div');
      mirror.setAttribute('aria-hidden', 'true');
      mirror.setAttribute('data-klarsvar-ignore', '');
      mirrors.set(field, mirror);
    }
    const style = doc.defaultView.getComputedStyle(field);
    const rect = field.getBoundingClientRect();
    const s = mirror.style;
    for (const prop of MIRROR_PROPS) s[prop] = style[prop];
    s.position = 'fixed';
    s.left = `${rect.left}px`;
    s.top = `${rect.top}px`;
    s.whiteSpace = 'pre-wrap';
    s.overflowWrap = 'break-word';
    s.visibility = 'hidden';
    s.pointerEvents = 'none';
    s.overflow = 'hidden';
    s.margin = '0';
    return mirror;
  }

  /** Boxes for `[start, end)` of a textarea's value, in viewport coordinates. */
  function fieldRects(field, spans, container) {
    const mirror = mirrorFor(field);
    mirror.textContent = field.value + '\u200b'; // trailing newline keeps its height
    if (!mirror.isConnected) container.append(mirror);
    mirror.scrollTop = field.scrollTop;
    mirror.scrollLeft = field.scrollLeft;
    const node = mirror.firstChild;
    const range = field.ownerDocument.createRange();
    const out = spans.map((span) => {
      range.setStart(node, span.start);
      range.setEnd(node, span.end);
      return Array.from(range.getClientRects());
    });
    // The mirror scrolls like the field, so clip marks to the field's box.
    mirror.remove();
    return out;
  }

  /** Boxes for each span `{start, end}` of the editor's model (viewport coordinates). */
  function spanRects(editor, model, spans, container) {
    if (editor.kind === 'textarea') return fieldRects(editor.root, spans, container);
    return spans.map((span) => {
      const range = K.textModel.rangeFor(model, span.start, span.end);
      return range ? Array.from(range.getClientRects()).filter((r) => r.width > 0) : [];
    });
  }

  const api = { spanRects, mirrorFor };
  root.Klarsvar = root.Klarsvar || {};
  root.Klarsvar.geometry = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(globalThis);
