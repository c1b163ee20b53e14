/**
 * A short word-level diff between the agent's text and the rewrite, for the confirm step.
 */
(function (root) {
  'use strict';

  // Beyond this many tokens on either side the quadratic LCS is not worth it; show a plain replacement.
  const MAX_TOKENS = 1500;

  /** Split into word and whitespace/punctuation tokens; joining them gives the text back. */
  function tokenize(text) {
    return String(text).match(/[\p{L}\p{N}_'’-]+|\s+|[^\p{L}\p{N}_\s]/gu) || [];
  }

  /** Merge neighbouring parts of the same type. */
  function merge(parts) {
    const out = [];
    for (const part of parts) {
      const last = out[out.length - 1];
      if (last && last.type === part.type) last.text += part.text;
      else if (part.text) out.push({ ...part });
    }
    return out;
  }

  /** Diff `before` → `after` as `[{type: 'same'|'del'|'ins', text}]`. */
  function wordDiff(before, after) {
    const a = tokenize(before);
    const b = tokenize(after);
    if (a.length > MAX_TOKENS || b.length > MAX_TOKENS) {
      return merge([{ type: 'del', text: before }, { type: 'ins', text: after }]);
    }
    // Classic LCS table over tokens, filled from the end so the walk below runs forwards.
    const n = a.length;
    const m = b.length;
    const table = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
    for (let i = n - 1; i >= 0; i -= 1) {
      for (let j = m - 1; j >= 0; j -= 1) {
        table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
      }
    }
    const parts = [];
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (a[i] === b[j]) { parts.push({ type: 'same', text: a[i] }); i += 1; j += 1; }
      else if (table[i + 1][j] >= table[i][j + 1]) { parts.push({ type: 'del', text: a[i] }); i += 1; }
      else { parts.push({ type: 'ins', text: b[j] }); j += 1; }
    }
    while (i < n) { parts.push({ type: 'del', text: a[i] }); i += 1; }
    while (j < m) { parts.push({ type: 'ins', text: b[j] }); j += 1; }
    return merge(parts);
  }

  /** Shorten long unchanged stretches to `context` characters at each side, so the diff stays short. */
  function shorten(parts, context = 40) {
    return parts.map((part, index) => {
      if (part.type !== 'same' || part.text.length <= context * 2 + 5) return part;
      const head = index === 0 ? '' : part.text.slice(0, context);
      const tail = index === parts.length - 1 ? '' : part.text.slice(-context);
      return { type: 'same', text: `${head} … ${tail}`.trim() ? `${head} … ${tail}` : ' … ', elided: true };
    });
  }

  const api = { tokenize, wordDiff, shorten };
  root.Klarsvar = root.Klarsvar || {};
  root.Klarsvar.diff = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(globalThis);
