/**
 * The text model: an editable element ⇄ the plain text sent to the server, with offset mapping.
 *
 * Offsets are UTF-16 code units (what JavaScript strings index and what the server's wire format uses),
 * so a finding's `start`/`end` index `model.text` directly. For a contenteditable root the model keeps
 * one segment per text node or line break, so an offset maps back to a DOM position for a Range.
 * Building a model is O(length); it runs once per check or apply, never per keystroke.
 */
(function (root) {
  'use strict';

  // Elements that start a new line in the plain text. A tag list rather than computed style: it is
  // cheap, works off-screen and in tests, and covers what editors emit (p, div, li, headings, …).
  const BLOCK_TAGS = new Set(['ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT',
    'FIGCAPTION', 'FIGURE', 'FOOTER', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN',
    'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TBODY', 'TD', 'TH', 'THEAD', 'TFOOT', 'TR', 'UL']);
  const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'SVG', 'IMG', 'VIDEO', 'AUDIO', 'CANVAS']);
  // Zero-width characters editors put into the DOM (caret fillers, cursor blots) but not into the model.
  const INVISIBLE = /[\u200b\u200c\ufeff\u2060]/;
  const INVISIBLE_ALL = /[\u200b\u200c\ufeff\u2060]/g;

  /** Whether a <br> is an editor's filler that keeps an empty line open (ProseMirror, CKEditor). */
  function isFillerBreak(br) {
    if (!br.previousSibling) return false; // alone in its block: it IS the (empty) line
    return (br.classList && br.classList.contains('ProseMirror-trailingBreak')) || br.hasAttribute('data-cke-filler');
  }

  /** Whether an element's subtree is not part of the text the agent writes (widgets, our own UI). */
  function isSkipped(el) {
    if (SKIP_TAGS.has(el.tagName.toUpperCase())) return true;
    if (el.getAttribute('contenteditable') === 'false') return true;
    if (el.hasAttribute('data-klarsvar-ignore')) return true;
    return el.tagName.toLowerCase() === 'klarsvar-overlay';
  }

  /** Clean a text node's data: nbsp → space (same length), zero-width characters dropped (with a map). */
  function cleanText(data) {
    const spaced = data.replace(/\u00a0/g, ' ');
    if (!INVISIBLE.test(spaced)) return { text: spaced, map: null };
    const map = [];
    let out = '';
    for (let i = 0; i < spaced.length; i += 1) {
      const ch = spaced[i];
      if (INVISIBLE.test(ch)) continue;
      map.push(i);
      out += ch;
    }
    map.push(spaced.length); // the offset just past the last kept character
    return { text: out, map };
  }

  /** Build the model of a textarea (value is the text; no segments needed). */
  function fromTextarea(el) {
    return { kind: 'field', text: el.value, segments: null, root: el };
  }

  /**
   * Walk `rootEl`'s DOM in document order: the one DOM-to-text walker, behind the editor's text model
   * and the site adapters' message text (siteTools.textOf), so both split lines the same way.
   * `visitor`: `skip(el)` → leave the subtree out; `text(node)` for each text node; `lineBreak(br)` for
   * each `<br>`; `block(el)` before and after each block element's content.
   */
  function walkText(rootEl, visitor) {
    const visit = (parent) => {
      for (let child = parent.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) {
          visitor.text(child);
        } else if (child.nodeType === 1 && !visitor.skip(child)) {
          const tag = child.tagName.toUpperCase();
          if (tag === 'BR') {
            visitor.lineBreak(child);
          } else if (BLOCK_TAGS.has(tag)) {
            visitor.block(child);
            visit(child);
            visitor.block(child);
          } else {
            visit(child);
          }
        }
      }
    };
    visit(rootEl);
  }

  /** Build the model of a contenteditable root by walking its DOM in document order. */
  function fromElement(rootEl) {
    const segments = [];
    let text = '';
    let needBreak = false;

    function pushBreak(node) {
      segments.push({ type: 'break', node, start: text.length, end: text.length + 1 });
      text += '\n';
    }
    function flushBreak(node) {
      if (needBreak && text.length > 0 && !text.endsWith('\n')) pushBreak(node);
      needBreak = false;
    }
    walkText(rootEl, {
      skip: isSkipped,
      text(node) {
        const { text: clean, map } = cleanText(node.data);
        if (!clean) return;
        flushBreak(node);
        segments.push({ type: 'text', node, start: text.length, end: text.length + clean.length, map });
        text += clean;
      },
      lineBreak(br) {
        if (isFillerBreak(br)) return;
        flushBreak(br);
        pushBreak(br);
      },
      // A block ends the line before it and the line it holds (one break, however deep the nesting).
      block() { needBreak = true; },
    });
    return { kind: 'dom', text, segments, root: rootEl };
  }

  /** Build the model for any supported editable element. */
  function buildModel(el) {
    const tag = el.tagName.toUpperCase();
    return tag === 'TEXTAREA' || tag === 'INPUT' ? fromTextarea(el) : fromElement(el);
  }

  /** Index of the first segment whose end is ≥ offset (binary search). */
  function segmentIndexAt(segments, offset) {
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (segments[mid].end < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Map a text offset to a DOM position `{node, offset}` inside a text node.
   * `side` is 'start' (prefer the position at the start of the following text) or 'end' (prefer the
   * end of the preceding text), so a range never starts at the end of a node or spans a line break.
   */
  function domPosition(model, offset, side = 'start') {
    const segs = model.segments;
    if (!segs || segs.length === 0) return null;
    if (offset < 0 || offset > model.text.length) return null;
    let i = segmentIndexAt(segs, offset);
    let seg = segs[i];
    if (side === 'start') {
      // At a boundary, move on to the segment that starts here; skip over line breaks.
      while (seg && (seg.type !== 'text' || offset >= seg.end) && i + 1 < segs.length && segs[i + 1].start <= offset) {
        i += 1;
        seg = segs[i];
      }
      if (seg.type !== 'text') {
        const next = segs.slice(i + 1).find((s) => s.type === 'text');
        if (!next) return null;
        seg = next;
        offset = next.start;
      }
    } else {
      while (seg && seg.type !== 'text' && i > 0) {
        i -= 1;
        seg = segs[i];
        offset = seg.end;
      }
      if (seg.type !== 'text') return null;
    }
    const local = Math.max(0, Math.min(offset - seg.start, seg.end - seg.start));
    return { node: seg.node, offset: seg.map ? seg.map[local] : local };
  }

  /** A DOM Range over `[start, end)` of the model's text, or null when the span cannot be mapped. */
  function rangeFor(model, start, end) {
    const from = domPosition(model, start, 'start');
    const to = domPosition(model, end, end === start ? 'start' : 'end');
    if (!from || !to) return null;
    const range = from.node.ownerDocument.createRange();
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    return range;
  }

  /** Normalise text for comparing what an editor holds with what we expect (fillers, nbsp, CRLF). */
  function normalizeForCompare(text) {
    return String(text).replace(INVISIBLE_ALL, '').replace(/\u00a0/g, ' ').replace(/\r\n?/g, '\n');
  }

  const api = { buildModel, fromElement, fromTextarea, walkText, domPosition, rangeFor, cleanText, normalizeForCompare, BLOCK_TAGS };
  root.Klarsvar = root.Klarsvar || {};
  root.Klarsvar.textModel = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(globalThis);
