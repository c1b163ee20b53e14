/**
 * Site adapters: one small file per site behind one contract, so the content script knows which
 * editor is the reply and what the customer wrote. `generic` is the fallback that works everywhere.
 *
 * The contract (every adapter is a plain object registered with `register(adapter)`):
 *   id                     kebab-case, equals the file name (adapters/<id>.js)
 *   selectors              { name: 'css selector', … } every selector the adapter relies on, named;
 *                          each with a one-line comment giving its evidence and `Status: confirmed|unconfirmed.`
 *   selectorStatus         { name: 'confirmed' | 'unconfirmed' } the same statuses, for the site diagnosis
 *                          and docs/sites.md (a unit test keeps comments, map and docs equal)
 *   matches(location, doc) → boolean: does this adapter handle this page? (host/path, the test meta, and for
 *                          LiveAgent on a custom domain a cheap look at the agent panel's markup)
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

  /**
   * "Is this site working?": which site adapter claims `doc` and which of its selectors find nothing
   * here (by name). Counts and names only: no message text, no names, no URL path leave the page.
   * `{adapter, host, selectors: {name: {found, status}}, missing: [name…]}`; adapter 'generic' when no
   * site adapter claims the page. Searched in the app's top same-origin document and open shadow roots.
   */
  function diagnose(doc) {
    const site = adapters.find((a) => a.id !== 'generic' && safely(a, 'matches', () => a.matches(doc.location, doc), false));
    const host = (doc.location && doc.location.hostname) || '';
    if (!site) return { adapter: 'generic', host, selectors: {}, missing: [] };
    const tools = root.Klarsvar.siteTools;
    const searchIn = tools ? tools.siteDocument(doc) : doc;
    const selectors = {};
    const missing = [];
    for (const [name, selector] of Object.entries(site.selectors || {})) {
      const found = safely(site, `selectors.${name}`, () => (tools ? tools.deepQueryAll(searchIn, selector) : searchIn.querySelectorAll(selector)).length, 0);
      const status = (site.selectorStatus && site.selectorStatus[name]) || 'unconfirmed';
      selectors[name] = { found, status };
      if (!found) missing.push(name);
    }
    return { adapter: site.id, host, selectors, missing };
  }

  /** The diagnosis as one line an agent can paste into a bug report. */
  function diagnosisText(report) {
    if (report.adapter === 'generic') return `Klarsvar site check: ${report.host || '?'}: no site adapter (generic checking)`;
    const found = Object.keys(report.selectors).length - report.missing.length;
    const missing = report.missing.length ? `; nothing found for: ${report.missing.join(', ')}` : '';
    return `Klarsvar site check: ${report.host || '?'}: adapter ${report.adapter}, ${found}/${Object.keys(report.selectors).length} selectors found${missing}`;
  }

  const api = { register, adaptersFor, resolve, customerContext, channelOf, diagnose, diagnosisText, list: () => adapters.slice() };
  root.Klarsvar = root.Klarsvar || {};
  root.Klarsvar.adapters = api;

  // The options page or popup asks a tab's top frame `{kind: 'site-diagnosis'}` (tabs.sendMessage with
  // frameId 0) and gets `{ok, report, text}` back; no UI here (that lives in options/ and the popup).
  api.DIAGNOSIS_MESSAGE = 'site-diagnosis';
  const runtime = typeof chrome !== 'undefined' && chrome && chrome.runtime;
  if (runtime && runtime.onMessage && typeof runtime.onMessage.addListener === 'function' && root.document) {
    runtime.onMessage.addListener((message, sender, sendResponse) => {
      if (!message || message.kind !== api.DIAGNOSIS_MESSAGE) return undefined;
      const report = diagnose(root.document);
      sendResponse({ ok: true, report, text: diagnosisText(report) });
      return undefined;
    });
  }
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
})(globalThis);
