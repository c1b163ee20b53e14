/**
 * Site adapters: one small file per site behind one contract, so the content script knows which
 * editor is the reply and what the customer wrote. `generic` is the fallback that works everywhere.
 *
 * The contract (every adapter is a plain object registered with `register(adapter)`):
 *   id                     kebab-case, equals the file name (adapters/<id>.js)
 *   selectors              { name: 'css selector', … } every selector the adapter relies on, named;
 *                          documented next to the adapter (tests check each one on the site's test page)
 *   matches(location)      → boolean: does this adapter handle this page? (host/path checks only)
 *   findReplyEditor(doc, focused) → Element | null: the editable root of the reply being written,
 *                          given the element that has focus (null → the generic adapter is asked)
 *   readCustomerMessage(doc, editorEl) → {message, name} | null: latest inbound message and the
 *                          customer's display name (plain text, trimmed; null when not found)
 *   channel(location, doc) → 'email' | 'chat' | null (null → the per-site setting decides)
 *
 * Adapters must never throw into the content script: `resolve()` catches any error and falls back to
 * the generic adapter, so a site redesign degrades to generic checking, never to an error.
 */
(function (root) {
  'use strict';
  const adapters = [];

  /** Add an adapter; the generic one must be registered last-resort (it is kept apart). */
  function register(adapter) {
    for (const key of ['id', 'matches', 'findReplyEditor', 'readCustomerMessage', 'channel']) {
      if (!(key in adapter)) throw new Error(`adapter ${adapter.id || '?'} lacks ${key}`);
    }
    const existing = adapters.findIndex((a) => a.id === adapter.id);
    if (existing >= 0) adapters.splice(existing, 1, adapter);
    else adapters.push(adapter);
    return adapter;
  }

  /** Call `fn` and return its value, or `fallback` (with a console note) when it throws. */
  function safely(adapter, what, fn, fallback) {
    try {
      return fn();
    } catch (err) {
      console.debug(`Klarsvar: adapter ${adapter.id}.${what} failed; using the generic behaviour`, err);
      return fallback;
    }
  }

  /**
   * The adapters that claim `location`, most specific first, always ending with `generic`. `doc` (optional)
   * lets site adapters look at the frame's app: a composer iframe matches by its parent's location, and
   * local test pages pick an adapter with a meta tag (adapters/siteTools.js, honoured on loopback only).
   */
  function adaptersFor(location, doc) {
    const generic = adapters.find((a) => a.id === 'generic');
    const specific = adapters.filter((a) => a.id !== 'generic' && safely(a, 'matches', () => a.matches(location, doc), false));
    return generic ? specific.concat([generic]) : specific;
  }

  /**
   * Resolve the reply editor for a focused element: the first adapter whose `findReplyEditor` finds one.
   * Returns `{adapter, element}` or null.
   */
  function resolve(doc, focused) {
    for (const adapter of adaptersFor(doc.location, doc)) {
      const element = safely(adapter, 'findReplyEditor', () => adapter.findReplyEditor(doc, focused), null);
      if (element) return { adapter, element };
    }
    return null;
  }

  /** The customer context `{message, name}` the adapter reads, or null; never throws. */
  function customerContext(adapter, doc, element) {
    const value = safely(adapter, 'readCustomerMessage', () => adapter.readCustomerMessage(doc, element), null);
    if (!value || (!value.message && !value.name)) return null;
    return { message: value.message ? String(value.message).slice(0, 20000) : null, name: value.name ? String(value.name) : null };
  }

  /** The channel the adapter reports (email | chat) or null. */
  function channelOf(adapter, doc) {
    const value = safely(adapter, 'channel', () => adapter.channel(doc.location, doc), null);
    return value === 'email' || value === 'chat' ? value : null;
  }

  const api = { register, adaptersFor, resolve, customerContext, channelOf, list: () => adapters.slice() };
  root.Klarsvar = root.Klarsvar || {};
  root.Klarsvar.adapters = api;
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(globalThis);
